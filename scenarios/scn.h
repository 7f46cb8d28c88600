/* SPDX-License-Identifier: MIT */
/*
 * scn.h - xdnasim scenarios: the versioned YAML schema, loaded into a fully
 * resolved, validated in-memory scenario (an AST of plain C structs).
 *
 * DOC: Overview
 *
 * scn_load_file() / scn_load_buffer() read one YAML document (schema
 * version 1, documented for users in scenarios/README.md), check every key,
 * type, size, unit, name and reference, fill in every default, and either
 * return a complete &struct scn or fail with one &struct scn_error naming
 * FILE:LINE:COLUMN (1-based, pointing at the offending key or value).  On
 * failure nothing is left allocated.  The loader is the only code in xdnasim
 * that includes <yaml.h>.
 *
 * Names that belong to other modules (device profiles, fault sites, firmware
 * statuses, historical-bug switches, invariant and metric names) are checked
 * against a &struct scn_vocab; scn_default_vocab() lists what the
 * specifications name today, and later modules may pass their own tables.
 *
 * Every node of the AST carries the &struct scn_loc of its source text.  All
 * memory of a loaded scenario lives in one arena owned by &struct scn and is
 * released by scn_free().  Not thread-safe; a loaded scenario is read-only.
 *
 * Invariants checked by scn_check() (numbered, reported as "S<n>: ..."):
 *   S1  schema version is SCN_SCHEMA_VERSION; design, mode, schedule and
 *       every enum field hold a defined value.
 *   S2  every node (scenario, client, step, fault, expectation) has a
 *       location with line >= 1 and column >= 1.
 *   S3  client names are unique; each client has >= 1 instance and >= 1
 *       step, and its first leaf step is 'open'.
 *   S4  every label reference (free, sync, exec, config_cu) resolves to a
 *       label of the same client declared by an 'alloc' earlier in program
 *       order; every hwctx reference resolves likewise to an earlier
 *       'hwctx_create'.
 *   S5  size specifications are well formed: bucket weights > 0 and
 *       total_weight = their sum; min <= max; log-uniform min >= 1.
 *   S6  counts and ranges hold: alloc count 1..SCN_MAX_COUNT, repeat
 *       count 1..SCN_MAX_COUNT, fractions and probabilities in [0, 1],
 *       chunk indices < SCN_MAX_CHUNKS, and the unrolled leaf-step total
 *       equals the recomputed value and is <= SCN_MAX_LEAF_STEPS.
 *   S7  per-op expectations are consistent: 'addr' only on an alloc of
 *       count 1, 'addrs' holds exactly count entries, 'expansions' only on
 *       a shim alloc.
 *   S8  faults: exactly one trigger; nth faults inject once; 'status' only
 *       at firmware sites and 'err' only at host sites.
 *   S9  metric expectations name a vocabulary metric, use a defined
 *       operator, and name an existing client (and phase of that client).
 *   S10 the interleave list (schedule interleave) names existing client
 *       instances and is non-empty; it is empty for other schedules.
 */
#ifndef XDNASIM_SCENARIOS_SCN_H
#define XDNASIM_SCENARIOS_SCN_H

#include <stddef.h>
#include <stdio.h>

#include "common/compat.h"
#include "alloc/rev.h"

/* The schema version this loader reads ("xdnasim: 1"). */
#define SCN_SCHEMA_VERSION 1

/* Hard limits; exceeding one is an input error with a location. */
#define SCN_MAX_INPUT_BYTES (4u << 20)	/* whole file */
#define SCN_MAX_DEPTH 64		/* YAML nesting */
#define SCN_MAX_NODES 1000000		/* YAML scalars + collections */
#define SCN_MAX_SCALAR 65536		/* one scalar, bytes */
#define SCN_MAX_NAME 63			/* labels, clients, hwctxs, phases */
#define SCN_MAX_COUNT 1000000ULL	/* alloc count, repeat count */
#define SCN_MAX_INSTANCES 64		/* client instances */
#define SCN_MAX_THREADS 8		/* `thread:` values 0..7 of one client's steps */
#define SCN_MAX_LEAF_STEPS 10000000ULL	/* unrolled steps per scenario */
#define SCN_MAX_CHUNKS 8		/* 512 MiB / 64 MiB */
#define SCN_MAX_CU_BOS 32		/* MAX_NUM_CUS */

/* struct scn_loc - 1-based source position (0 = not from the file). */
struct scn_loc {
	u32 line;
	u32 column;
};

/*
 * struct scn_error - the one error a failed load reports.
 * @line, @column: 1-based position of the offending key or value.
 * @msg: the message without the position prefix.
 * @text: "FILE:LINE:COLUMN: message", ready to print.
 */
struct scn_error {
	int err;
	u32 line;
	u32 column;
	char msg[384];
	char text[640];
};

/*
 * enum scn_schedule - how the steps of several clients are interleaved.
 * The exact rule is documented in scenarios/README.md ("Ordering").
 */
enum scn_schedule {
	SCN_SCHED_ROUND_ROBIN,	/* one leaf step per client instance in turn */
	SCN_SCHED_SEQUENTIAL,	/* every step of instance 0, then instance 1 ... */
	SCN_SCHED_INTERLEAVE,	/* the explicit 'interleave' list, then round robin */
	SCN_SCHED_COUNT,
};

/* The step kinds: scenarios/scn_ops.def. */
enum scn_op {
#define SCN_OP_DEF(cname, ...) SCN_OP_##cname,
#include "scenarios/scn_ops.def"
	SCN_OP_COUNT,
};

enum scn_size_kind {
	SCN_SIZE_FIXED,
	SCN_SIZE_BUCKETS,	/* weighted buckets, like fio's bssplit */
	SCN_SIZE_UNIFORM,	/* uniform in [min, max] */
	SCN_SIZE_LOG_UNIFORM,	/* log2 uniform in [min, max] */
};

struct scn_bucket {
	u64 size;
	u64 weight;
	struct scn_loc loc;
};

/*
 * struct scn_size - a fixed size or a distribution, in bytes.
 * @fixed: SCN_SIZE_FIXED only.
 * @min, @max: SCN_SIZE_UNIFORM and SCN_SIZE_LOG_UNIFORM (inclusive).
 * @buckets, @nr_buckets, @total_weight: SCN_SIZE_BUCKETS.
 */
struct scn_size {
	enum scn_size_kind kind;
	u64 fixed;
	u64 min;
	u64 max;
	struct scn_bucket *buckets;
	u32 nr_buckets;
	u64 total_weight;
};

/* enum scn_path - alloc through the shim's retry loop, or one raw ioctl. */
enum scn_path {
	SCN_PATH_SHIM,
	SCN_PATH_IOCTL,
};

/* enum scn_sync_path - the shim's userspace flush, or SYNC_BO in the driver. */
enum scn_sync_path {
	SCN_SYNC_SHIM,
	SCN_SYNC_DRIVER,
};

enum scn_direction {
	SCN_DIR_TO_DEVICE,
	SCN_DIR_FROM_DEVICE,
};

enum scn_health {
	SCN_HEALTH_OK,		/* TDR restarts the hwctx only */
	SCN_HEALTH_FATAL,	/* GET_APP_HEALTH reports a fatal error */
	SCN_HEALTH_DEAD,	/* health query fails: escalate to a power cycle */
};

/*
 * enum scn_close_stage - which part of a client's close a `close` step runs
 * (scenarios/README.md; the interleaving explorer splits a close into its
 * stages, the postclose into `fini` and `finish` around its dev_lock drop,
 * docs/explore.md).
 */
enum scn_close_stage {
	SCN_CLOSE_ALL,		/* all three, in order */
	SCN_CLOSE_CHUNKS,	/* the shim's on_last_close: munmap + GEM_CLOSE each chunk */
	SCN_CLOSE_RELEASE,	/* the fd release: every remaining handle closed */
	SCN_CLOSE_POSTCLOSE,	/* the DRM .postclose: hwctxs destroyed, heap freed */
	SCN_CLOSE_FINI,		/* the postclose up to its first dev_lock drop (aie2_hwctx_fini) */
	SCN_CLOSE_FINISH,	/* the rest of the postclose, after a `fini` */
};

/*
 * enum scn_hwctx_stage - which half of the shim's hwctx constructor a
 * `hwctx_create` step runs (docs/explore.md): CREATE_HWCTX, or the PDI
 * buffers and CONFIG_CU of the context an earlier `create` stage made.
 */
enum scn_hwctx_stage {
	SCN_HWCTX_ALL,		/* both */
	SCN_HWCTX_CREATE,	/* CREATE_HWCTX only */
	SCN_HWCTX_CONFIG,	/* PDI buffers + CONFIG_CU (nothing for 'cu: none' or a raw client) */
};

/*
 * enum scn_alloc_stage - which part of one DEV BO's CREATE_BO an `alloc`
 * step runs (docs/explore.md): the placement (the shim's loop up to it),
 * or the rest (update_heap under dev_lock, the handle).
 */
enum scn_alloc_stage {
	SCN_ALLOC_ALL,
	SCN_ALLOC_PLACE,
	SCN_ALLOC_PUBLISH,
};

/* enum scn_tdr_stage - which half of the job-timeout handler a `tdr` step runs. */
enum scn_tdr_stage {
	SCN_TDR_ALL,		/* the whole handler */
	SCN_TDR_STOP,		/* health query, job timed out, context stopped */
	SCN_TDR_RESTART,	/* restart (and escalation) */
	SCN_TDR_MARK,		/* health query, job timed out; the next `stop` only stops */
};

enum scn_free_kind {
	SCN_FREE_LABEL,
	SCN_FREE_PATTERN,
	SCN_FREE_FRACTION,
};

/* enum scn_at_kind - where an mmap/munmap is placed. */
enum scn_at_kind {
	SCN_AT_SLOT,		/* the shim's slot for the chunk */
	SCN_AT_SLOT_OF,		/* the slot of another chunk index (@slot_of) */
	SCN_AT_ADDR,		/* an explicit CPU address */
	SCN_AT_ALL,		/* munmap only: every mapping of the chunk */
};

struct scn_at {
	enum scn_at_kind kind;
	u32 slot_of;
	u64 addr;
};

/*
 * enum scn_job - how a submitted job (an 'exec') ends: completed by the
 * firmware; aborted (an error status, or the driver aborted it: hwctx
 * destroyed, client closed, failed restart); timed out (TDR); faulted (the
 * firmware's access left the context's host buffers or the IOMMU mapping,
 * or named a CU that is not configured); still pending at the end of the
 * run.
 */
enum scn_job {
	SCN_JOB_COMPLETED,
	SCN_JOB_ABORTED,
	SCN_JOB_TIMEOUT,
	SCN_JOB_FAULT,
	SCN_JOB_PENDING,
	SCN_JOB_COUNT,
};

/*
 * struct scn_expect - what one op must produce.
 * @present: the step has an 'expect'.
 * @any: 'expect: any': every outcome of the step (its result, its job,
 *       the firmware statuses answered during it) is fine.
 * @has_job/@job: 'exec' only: how the submitted job must end.
 * @result_err: 0 for "ok", else the positive errno expected.
 * @has_addr/@addr: device address of the single allocation.
 * @addrs/@nr_addrs: device address of each of @count allocations.
 * @has_expansions/@expansions: heap expansions the whole step causes.
 */
struct scn_expect {
	bool present;
	bool any;
	bool has_job;
	enum scn_job job;
	bool has_result;
	int result_err;
	bool has_addr;
	u64 addr;
	u64 *addrs;
	u32 nr_addrs;
	bool has_expansions;
	u64 expansions;
	struct scn_loc loc;
};

/* struct scn_ref - a resolved reference to a client label or hwctx name. */
struct scn_ref {
	const char *name;
	u32 id;			/* index into the client's labels[] / hwctxs[] */
	struct scn_loc loc;
};

struct scn_step;

/*
 * struct scn_step - one step of a client (a tagged union on @op).
 * @leaf_count: operations this step performs once unrolled: 1 for a leaf
 *              op, @alloc.count for an alloc, count x body for a repeat,
 *              the body's total for a phase.
 */
struct scn_step {
	enum scn_op op;
	struct scn_loc loc;
	struct scn_expect expect;
	u64 leaf_count;
	u32 thread;		/* `thread:` 0 = the client's own; 1.. = another thread of it (explore) */
	union {
		struct {
			bool heap;	/* shim first open: create + map chunk 0 */
		} open;
		struct {
			struct scn_ref hwctx;	/* create: the declared name */
			u32 cus;	/* create: CUs the shim configures, 0 = 'cu: none' */
			enum scn_hwctx_stage stage;	/* create */
		} hwctx;
		struct {
			struct scn_ref label;	/* id = U32_MAX when unlabelled */
			bool labelled;
			struct scn_size size;
			u64 count;
			enum scn_path path;
			enum scn_alloc_stage stage;	/* count 1 only */
		} alloc;
		struct {
			enum scn_free_kind kind;
			struct scn_ref label;		/* SCN_FREE_LABEL */
			const char *pattern;		/* PATTERN, or FRACTION filter */
			double fraction;		/* SCN_FREE_FRACTION */
		} free;
		struct {
			u64 size;
		} chunk_create;
		struct {
			u32 chunk;
			struct scn_at at;
		} chunk;	/* chunk_close, mmap, munmap */
		struct {
			bool on_chunk;
			struct scn_ref label;	/* !on_chunk */
			u32 chunk;		/* on_chunk */
			u64 offset;
			bool whole;		/* size omitted: the whole object */
			u64 size;
			enum scn_direction direction;
			enum scn_sync_path path;
		} sync;
		struct {
			struct scn_ref hwctx;
			struct scn_ref *bos;
			u32 nr_bos;
			bool hang;	/* exec: the job never completes */
			bool late;	/* exec: answered at the next mbox_rx of its hwctx */
		} exec;		/* exec, config_cu */
		struct {
			struct scn_ref hwctx;
			enum scn_health health;
			bool async;	/* explore: a thread of its own (docs/explore.md) */
			enum scn_tdr_stage stage;	/* tdr only */
		} tdr;		/* tdr, mbox_rx */
		struct {
			enum scn_close_stage stage;
		} close;
		struct {
			bool async;	/* explore: a background thread (docs/explore.md) */
		} pm;		/* suspend, resume, power_cycle */
		struct {
			u64 ns;
		} advance;
		struct {
			u64 count;		/* repeat only */
			const char *name;	/* phase only */
			u32 phase_id;		/* phase only */
			struct scn_step *steps;
			u32 nr_steps;
		} block;	/* repeat, phase */
	};
};

struct scn_label {
	const char *name;
	struct scn_loc decl;	/* the first alloc that declares it */
	u64 max_count;		/* largest 'count' among its allocs */
};

struct scn_name {
	const char *name;
	struct scn_loc decl;
};

/*
 * struct scn_client - one client definition (a process opening the device).
 * @instances: identical copies run as "NAME[0]".."NAME[n-1]" when > 1.
 */
struct scn_client {
	const char *name;
	struct scn_loc loc;
	u32 instances;
	struct scn_step *steps;
	u32 nr_steps;
	struct scn_label *labels;
	u32 nr_labels;
	struct scn_name *hwctxs;
	u32 nr_hwctxs;
	struct scn_name *phases;
	u32 nr_phases;
	u64 leaf_steps;		/* unrolled leaf steps of one instance */
};

enum scn_trigger {
	SCN_TRIGGER_NTH,	/* fail the nth call only */
	SCN_TRIGGER_EVERY,	/* fail calls n, 2n, 3n, ... */
	SCN_TRIGGER_PROBABILITY,/* fail each call with probability p (seeded) */
};

/*
 * struct scn_fault - one fault injection rule.
 * @firmware: @site is a firmware message (answered with @status, or with
 *            no reply when @timeout); else a host site failing with -@err.
 * @times: maximum injections, 0 = unlimited.
 * @client: NULL = every client, else the client name (all its instances).
 * @status_loc: where 'status' was given (0 when defaulted), for messages
 *              about the status value itself.
 */
struct scn_fault {
	const char *site;
	bool firmware;
	enum scn_trigger trigger;
	u64 n;
	double probability;
	u64 times;
	u32 status;
	const char *status_name;
	bool timeout;
	int err;
	const char *client;
	u32 client_id;
	struct scn_loc loc;
	struct scn_loc status_loc;
};

enum scn_cmp {
	SCN_CMP_EQ,
	SCN_CMP_NE,
	SCN_CMP_LT,
	SCN_CMP_LE,
	SCN_CMP_GT,
	SCN_CMP_GE,
	SCN_CMP_COUNT,
};

enum scn_metric_kind {
	SCN_METRIC_COUNT,	/* integer, no unit */
	SCN_METRIC_BYTES,	/* size, units allowed */
	SCN_METRIC_RATIO,	/* real number */
};

/*
 * struct scn_metric_expect - "METRIC OP VALUE", optionally scoped.
 * @client: NULL = every client instance; else that client's instances
 *          (bytes and counts are summed, ratios must hold per instance).
 * @phase: NULL = the whole run; else only steps inside that phase.
 * @value (COUNT and BYTES kinds) or @ratio (RATIO kind).
 */
struct scn_metric_expect {
	const char *metric;
	enum scn_metric_kind kind;
	enum scn_cmp cmp;
	u64 value;
	double ratio;
	const char *client;
	u32 client_id;
	const char *phase;
	u32 phase_id;
	const char *text;	/* the expression as written */
	struct scn_loc loc;
};

/*
 * enum scn_allow_kind - what an 'allow' entry tolerates (scenarios/README.md
 * "Verdicts"): a step result, a job outcome, a firmware error status, a
 * leaked firmware context, an invariant violation, a note.
 */
enum scn_allow_kind {
	SCN_ALLOW_ERRNO,
	SCN_ALLOW_JOB,
	SCN_ALLOW_STATUS,
	SCN_ALLOW_LEAK,
	SCN_ALLOW_VIOLATION,
	SCN_ALLOW_NOTE,
	SCN_ALLOW_COUNT,
};

/*
 * struct scn_allow - one 'allow' entry.
 * @err (ERRNO, positive), @job (JOB), @status/@status_name (STATUS),
 * @name (VIOLATION: invariant name; NOTE: note name; LEAK: "fw_ctx").
 * @has_op/@op: only events of steps of that operation.
 * @client/@client_id: only events of that client's instances (NULL: any).
 * @count: at most this many events (0: any number).
 */
struct scn_allow {
	enum scn_allow_kind kind;
	int err;
	enum scn_job job;
	u32 status;
	const char *status_name;
	const char *name;
	bool has_op;
	enum scn_op op;
	const char *client;
	u32 client_id;
	u64 count;
	struct scn_loc loc;
};

/*
 * struct scn_known_bug - 'known_bug': the run is expected to fail because
 * of a driver bug (XFAIL); a clean run is XPASS.
 * @revisions: the revisions that have the bug (NULL/0: every revision).
 */
struct scn_known_bug {
	const char *ref;
	const char *text;
	const char **revisions;
	struct scn_loc *revision_locs;
	u32 nr_revisions;
	struct scn_loc loc;
};

struct scn_invariant_expect {
	const char *name;
	struct scn_loc loc;
};

/*
 * struct scn - a loaded scenario; every field is resolved (defaults filled).
 * @file: the name used in error messages (as passed to the loader).
 * @fw_major, @fw_minor: firmware version ("6.18" -> 6, 18).
 * @fw_loc: where 'firmware' was given (0 when defaulted from 'device').
 * @interleave: client instance indices in global numbering (clients in
 *              file order, instances in order) for SCN_SCHED_INTERLEAVE.
 */
struct scn {
	const char *file;
	u32 version;
	const char *name;
	const char *description;
	const char *device;
	u32 fw_major;
	u32 fw_minor;
	struct scn_loc fw_loc;
	enum drv_rev rev;
	enum addr_mode mode;
	u32 num_heap_pages;
	bool force_driver_sync;
	u64 seed;
	enum scn_schedule schedule;
	u32 *interleave;
	u32 nr_interleave;
	const char **bugs;
	u32 nr_bugs;
	struct scn_fault *faults;
	u32 nr_faults;
	struct scn_client *clients;
	u32 nr_clients;
	struct scn_invariant_expect *invariants;
	u32 nr_invariants;
	struct scn_metric_expect *metrics;
	u32 nr_metrics;
	struct scn_allow *allows;
	u32 nr_allows;
	struct scn_known_bug *known_bug;	/* NULL: none */
	struct scn_loc device_loc;	/* the 'device' value (0:0 when absent) */
	u64 leaf_steps;		/* all clients, all instances */
	struct scn_loc loc;
	/* private: */
	const struct scn_vocab *vocab;
	void *arena;
};

struct scn_metric_def {
	const char *name;
	enum scn_metric_kind kind;
};

struct scn_status_def {
	const char *name;
	u32 value;
};

/*
 * struct scn_vocab - names owned by other modules.  Each array ends with a
 * NULL name.  The loader keeps a pointer: the vocabulary must outlive every
 * scenario loaded with it.
 */
struct scn_vocab {
	const char *const *devices;
	const char *const *host_fault_sites;
	const char *const *fw_fault_sites;
	const struct scn_status_def *fw_statuses;
	const char *const *bugs;
	const char *const *invariants;
	const struct scn_metric_def *metrics;
};

/* scn_device_names - common/devices.def's names (all, or the simulator's), NULL-terminated. */
const char *const *scn_device_names(bool aie2_only);

/* scn_default_vocab - the names the specifications give today. */
const struct scn_vocab *scn_default_vocab(void);

/**
 * scn_load_buffer - load a scenario from memory.
 * @buf: the YAML text (need not be NUL-terminated); @len: its length.
 * @file: the name to print in errors and to store in the scenario.
 * @vocab: names to validate against, or NULL for scn_default_vocab().
 * @out: set to the new scenario on success, NULL on failure.
 * @error: filled on failure (may be NULL).
 *
 * Return: 0; -EINVAL for any error in the input (syntax, schema, value,
 * reference; @error says what and where); -EFBIG when @len exceeds
 * SCN_MAX_INPUT_BYTES; -ENOMEM when the host is out of memory.  On error
 * nothing stays allocated.
 */
int scn_load_buffer(const char *buf, size_t len, const char *file,
		    const struct scn_vocab *vocab, struct scn **out,
		    struct scn_error *error);

/**
 * scn_load_file - read @path and load it with scn_load_buffer().
 *
 * Return: as scn_load_buffer(), plus the negative errno of a failed
 * open/read (with @error->text "PATH: strerror").
 */
int scn_load_file(const char *path, const struct scn_vocab *vocab,
		  struct scn **out, struct scn_error *error);

/**
 * scn_load_file_set - scn_load_file() with overrides: each of @sets is
 * "PATH=VALUE", PATH a dotted path of mapping keys and sequence indices
 * ("shim.num_heap_pages", "clients.0.instances"); VALUE replaces the scalar
 * there (a missing key is added) before the schema is checked, so it is
 * validated like text in the file.  Used by `xdnasim sweep --set`.
 *
 * Return: as scn_load_file(); -EINVAL also for a PATH that leads into a
 * scalar, past a sequence's end, or to a sequence or mapping.
 */
int scn_load_file_set(const char *path, const struct scn_vocab *vocab,
		      const char *const *sets, u32 nr_sets, struct scn **out,
		      struct scn_error *error);

/* scn_free - release @s and everything it owns; NULL is fine. */
void scn_free(struct scn *s);

/**
 * scn_check - verify invariants S1..S10 (see the overview) on @s.
 * @why: receives "S<n>: <what> at LINE:COLUMN" for the first violation.
 *
 * Return: 0 when all hold, -EUCLEAN otherwise.
 */
int scn_check(const struct scn *s, char *why, size_t len);

/* scn_dump() flags */
#define SCN_DUMP_NO_LOCATIONS 0x1	/* omit the "# LINE:COLUMN" comments and header */

/**
 * scn_dump - write @s as normalized YAML (every default explicit, sizes in
 * bytes) that scn_load_buffer() reads back into an identical scenario.
 * @flags: SCN_DUMP_* bits.  Not thread-safe.
 *
 * Return: 0, -EIO when writing to @f fails, -ENOMEM when out of memory.
 */
int scn_dump(const struct scn *s, FILE *f, unsigned int flags);

/*
 * Names of enum values as used in the schema ("round_robin", ...); revisions
 * and address modes: drv_rev_name() / addr_mode_name() of alloc/rev.h.
 */
const char *scn_op_name(enum scn_op op);
const char *scn_schedule_name(enum scn_schedule s);
const char *scn_cmp_name(enum scn_cmp c);
const char *scn_job_name(enum scn_job j);
const char *scn_allow_kind_name(enum scn_allow_kind k);

/*
 * scn_client_instance_name - "NAME" or "NAME[i]" into @buf (at most @len
 * bytes, always NUL-terminated).  This function can't fail.
 */
void scn_client_instance_name(const struct scn_client *c, u32 i, char *buf, size_t len);

/*
 * scn_glob_match - match @name against @pattern where '*' matches any run of
 * characters and '?' one character; every other character is literal
 * (brackets too, so "instr[1*]" selects instr[1], instr[10], ...).
 */
bool scn_glob_match(const char *pattern, const char *name);

/*
 * scn_parse_size - parse "4096", "0x1000", "4KiB", "1.5MiB", "4k" ... into
 * bytes.  Units: B, KiB/K/k, MiB/M/m, GiB/G/g (binary).  A fraction is
 * allowed with a unit when the result is a whole number of bytes.
 * On error returns -EINVAL (bad syntax or unit) or -ERANGE (above 2^64-1)
 * and writes a message into @why.
 */
int scn_parse_size(const char *s, u64 *out, char *why, size_t len);

#endif /* XDNASIM_SCENARIOS_SCN_H */
