/* SPDX-License-Identifier: MIT */
/*
 * run.h - the scenario runner: executes a loaded &struct scn op by op on
 * the simulator (sim/sim.h) and evaluates every expectation.
 *
 * DOC: Overview
 *
 * run_scenario() builds one simulated device from the scenario (device,
 * firmware, design, mode, shim settings, seed; each may be overridden by
 * &struct run_opts), programs its faults, and runs the client instances'
 * leaf steps in the order scenarios/README.md ("Ordering") defines.  Every
 * executed leaf step is one *op*, numbered from 0 in execution order.  For
 * each op the runner records its result (errno, address, expansions), the
 * metrics of the executing instance's heap right after it, and checks the
 * step's expectation.  At the end it evaluates the end-of-run invariant and
 * metric expectations (metric meanings: scenarios/README.md; invariant
 * names: run_invariant_number()).
 *
 * Everything is deterministic: the scenario seed (or @opts->seed) drives
 * size distributions, fraction frees and probability faults, nothing reads
 * a clock, so the same inputs give the same &struct run_result, field for
 * field.  The runner never includes <yaml.h> or <jansson.h>: the loader
 * reads files, reports/ writes JSON.
 *
 * Invariants of a finished &struct run_result (run_result_check()):
 *   R1  every op record names a valid instance and a step with a location;
 *       op indices are dense from 0 in execution order.
 *   R2  the expectation tallies add up: passed + failed = total, and each
 *       expectation's failed count <= its checked count.
 *   R3  status is consistent: without an applying known bug, RUN_PASS iff
 *       no expectation failed, no unexpected failure happened and the run
 *       was not stopped, RUN_FAIL otherwise; with one, RUN_XPASS and
 *       RUN_XFAIL in their place.
 *   R4  per instance, peak_committed >= every committed value in its
 *       series and peak_live >= every live value.
 *   R5  failures by errno sum to the failures counter.
 *   R6  the simultaneous peaks lie between the largest instance peak and
 *       the sum of the instance peaks (total's peak_committed / peak_live).
 */
#ifndef XDNASIM_SCENARIOS_RUN_H
#define XDNASIM_SCENARIOS_RUN_H

#include <stdio.h>

#include "common/compat.h"
#include "scenarios/scn.h"

struct sim;
struct sim_fnth_report;

/* Report schema identifier written into every JSON run report. */
#define RUN_REPORT_SCHEMA "xdnasim-run-report/3"

/*
 * Op records kept per run (the per-op series, run_opts.series_max unless
 * set); later ops are counted only.  `xdnasim run` keeps RUN_SERIES_REPORT.
 */
#define RUN_SERIES_MAX 200000u
#define RUN_SERIES_REPORT 4096u

/* Heap operations kept per run for the report pictures (heap_ops); later ones are counted. */
#define RUN_HEAP_OPS_MAX 32768u

/*
 * The timeline (run_series.c, docs/run.md): points per instance
 * (run_opts.timeline_points unless set), at most RUN_TIMELINE_TOTAL over
 * all instances of a run, at least RUN_TIMELINE_MIN per instance.
 */
#define RUN_TIMELINE_POINTS 4096u
#define RUN_TIMELINE_TOTAL 65536u
#define RUN_TIMELINE_MIN 64u

/* Schema of the NDJSON trace written with run_opts.trace (--trace-out). */
#define RUN_TRACE_SCHEMA "xdnasim-trace/2"

/* errno slots for failures by errno (index = positive errno). */
#define RUN_MAX_ERRNO 160

/*
 * enum run_metric - every metric a scenario can name, in vocabulary order.
 * run_metric_name() gives the schema name, run_metric_kind() its type.
 */
enum run_metric {
	RUN_M_COMMITTED,
	RUN_M_LIVE,
	RUN_M_REQUESTED,
	RUN_M_FREE_COMMITTED,
	RUN_M_LARGEST_HOLE,
	RUN_M_EXT_FRAG,
	RUN_M_HOLE_COUNT,
	RUN_M_ALIGN_WASTE,
	RUN_M_EXPANSIONS,
	RUN_M_FRAG_EXPANSIONS,
	RUN_M_PREMATURE_OOM,
	RUN_M_PEAK_COMMITTED,
	RUN_M_PEAK_LIVE,
	RUN_M_PEAK_RATIO,
	RUN_M_CROSS_CHUNK_BOS,
	RUN_M_SEARCH_COST_MAX,
	RUN_M_SEARCH_COST_TOTAL,
	RUN_M_CHUNKS,
	RUN_M_LIVE_BOS,
	RUN_M_FAILURES,
	RUN_M_MAP_MSGS,
	RUN_M_ADD_MSGS,
	RUN_M_PINS,
	RUN_M_HWCTXS,
	RUN_M_JOBS_SUBMITTED,
	RUN_M_JOBS_COMPLETED,
	RUN_M_JOBS_ABORTED,
	RUN_M_JOBS_TIMED_OUT,
	RUN_M_FW_FAULTS,
	RUN_M_COUNT,
};

/*
 * struct run_metrics - one value per metric.  Integer metrics live in @v,
 * ratio metrics (RUN_M_EXT_FRAG, RUN_M_PEAK_RATIO) in @r; the other array's
 * slot is 0.
 */
struct run_metrics {
	u64 v[RUN_M_COUNT];
	double r[RUN_M_COUNT];
};

/*
 * enum run_status - the verdict of one run (docs/run.md "Verdicts").
 * PASS and FAIL without a known bug; with a 'known_bug' that applies to
 * the revision run, a failing run is XFAIL (the bug shows, exit 0) and a
 * passing one XPASS (the bug is gone, exit 1).
 */
enum run_status {
	RUN_PASS = 0,	/* every expectation held and nothing unexpected happened */
	RUN_FAIL = 1,	/* an expectation failed, an unexpected failure, or a stop */
	RUN_ERROR = 2,	/* the scenario cannot run here (input error) */
	RUN_XFAIL = 3,	/* failed as its known_bug declares */
	RUN_XPASS = 4,	/* passed although its known_bug declares a failure */
};

/*
 * enum run_failure_kind - what went wrong without being expected: a step
 * result other than success; a job that did not complete; a firmware
 * error status answered to a driver request; a firmware context the
 * driver leaked; an invariant violation; a note (stale firmware address).
 */
enum run_failure_kind {
	RUN_FK_RESULT,
	RUN_FK_JOB,
	RUN_FK_STATUS,
	RUN_FK_LEAK,
	RUN_FK_VIOLATION,
	RUN_FK_NOTE,
	RUN_FK_COUNT,
};

/* Unexpected failures kept per run; later ones are counted only. */
#define RUN_FAILURES_MAX 100000u

/*
 * struct run_failure - one unexpected failure.
 * @loc: the scenario step's FILE:LINE (0:0 when found at the end of run).
 * @op: the op during which it happened (U64_MAX: end of run).
 * @instance: the client instance (U32_MAX: none).
 * @step: the step's operation name ("" at the end of run).
 * @reason: what happened ("result ENOSPC", "job aborted", ...).
 */
struct run_failure {
	enum run_failure_kind kind;
	struct scn_loc loc;
	u64 op;
	u32 instance;
	char step[24];
	char reason[224];
};

enum run_expect_kind {
	RUN_EXPECT_STEP,	/* a step's 'expect' (result / addr / addrs / expansions) */
	RUN_EXPECT_INVARIANT,	/* expect.invariants entry */
	RUN_EXPECT_METRIC,	/* expect.metrics entry */
};

/*
 * struct run_expect_result - one expectation and its outcome.
 * @text: what was expected ("alloc A: result ok, addr 0x4020000").
 * @checked: how many times it was evaluated (a step in a repeat or in
 *           several instances is checked each time it runs; 0 = the step
 *           never ran, which counts as a failure).
 * @failed: how many of those evaluations failed.
 * @detail: the first failure ("got ENOSPC"), or "" when it passed.
 * @op: op index of the first failure (U64_MAX: none / not an op).
 * @instance: instance of the first failure (U32_MAX: none).
 */
struct run_expect_result {
	enum run_expect_kind kind;
	char text[200];
	struct scn_loc loc;
	bool pass;
	u64 checked;
	u64 failed;
	char detail[256];
	u64 op;
	u32 instance;
};

/*
 * struct run_op - one executed leaf step and the state right after it.
 * @instance: global instance number (clients in file order, instances in
 *            order).
 * @err: the step's result: 0 or a negative errno (for 'alloc' with count N,
 *       the first failing allocation's errno, else 0).
 * @addr: device address of an alloc's first BO (U64_MAX when none).
 * @expansions: chunks the shim added during the step.
 * @failures: failed operations of the step (allocations for count N).
 * @phase: the instance's phase id, or U32_MAX outside phases.
 * @job: exec only: 1 + enum scn_job of the job it submitted, set when the
 *       job ends (SCN_JOB_PENDING still running at the end); 0 for none.
 * @m: the executing instance's heap metrics after the op (state metrics;
 *     counters are cumulative for the instance).
 * @align_waste, @search_cost_total: alignment waste now, search cost
 *     so far (cumulative for the instance).
 */
struct run_op {
	u64 index;
	u32 instance;
	const struct scn_step *step;
	int err;
	u64 addr;
	u32 expansions;
	u32 failures;
	u32 phase;
	u32 job;
	u64 time_ns;
	u64 committed;
	u64 live;
	u64 largest_hole;
	double ext_frag;
	u32 holes;
	u32 chunks;
	u32 live_bos;
	u64 cum_expansions;
	u64 cum_frag_expansions;
	u64 align_waste;
	u64 search_cost_total;
};

/* enum run_tl_value - the state values a timeline point keeps an envelope of. */
enum run_tl_value {
	RUN_TL_COMMITTED,
	RUN_TL_LIVE,
	RUN_TL_LARGEST_HOLE,
	RUN_TL_HOLE_COUNT,
	RUN_TL_ALIGN_WASTE,
	RUN_TL_LIVE_BOS,
	RUN_TL_CHUNKS,
	RUN_TL_VALUES
};

/* run_tl_value_name - the metric name of a timeline value ("committed", ...). */
const char *run_tl_value_name(enum run_tl_value v);

/*
 * struct run_point - consecutive ops of one instance in its timeline.
 * @op: the first op (run-wide index).  @ops: how many of the instance's ops.
 * @time_ns: simulated time after the last.  @failures, @expansions: summed.
 * @last, @min, @max: each run_tl_value after the last op, lowest and
 * highest after any of them; @ext, @ext_min, @ext_max: the same for the
 * external fragmentation.  The *_total fields: cumulative after the last op.
 */
struct run_point {
	u64 op;
	u64 ops;
	u64 time_ns;
	u64 failures;
	u64 expansions;
	u64 last[RUN_TL_VALUES];
	u64 min[RUN_TL_VALUES];
	u64 max[RUN_TL_VALUES];
	double ext, ext_min, ext_max;
	u64 expansions_total;
	u64 frag_expansions_total;
	u64 search_cost_total;
};

/*
 * struct run_timeline - one instance's downsampled series: @n points of
 * @width ops each (the last one may be partial); @ops: the instance's ops.
 */
struct run_timeline {
	struct run_point *pts;
	u32 n;
	u32 cap;
	u64 width;
	u64 ops;
};

/* struct run_phase_result - one phase of one instance. */
struct run_phase_result {
	const char *name;
	u64 runs;		/* times the phase was entered */
	u64 ops;		/* leaf ops executed inside it */
	struct run_metrics m;	/* state at its last exit, counters inside it */
};

/*
 * struct run_instance_result - one client instance.
 * @m: state metrics just before its last close (or at the end if it is
 *     still open), counters over the whole run.
 * @peak_op: "at peak": the first of its ops after which its live bytes
 *           were highest (U64_MAX only if it ran no op); @peak_op_live,
 *           @peak_ext_frag and @peak_largest_hole are the heap's live bytes,
 *           external fragmentation and largest hole right after that op.
 *           @m's peak_live can be higher: an op may free what it allocated
 *           (a failed CREATE_HWCTX frees its command buffers).
 */
struct run_instance_result {
	char name[SCN_MAX_NAME + 16];
	u32 client;		/* index into scn->clients */
	u32 index;		/* instance index within the client */
	u64 ops;
	struct run_metrics m;
	u64 peak_op;
	u64 peak_op_live;
	double peak_ext_frag;
	u64 peak_largest_hole;
	struct run_phase_result *phases;	/* client->nr_phases entries */
};

/*
 * struct run_violation_info - the first invariant violation seen, with the
 * op that preceded it.  @found: false when none was seen.
 */
struct run_violation_info {
	bool found;
	int number;
	char name[48];
	char why[256];
	u64 op;			/* U64_MAX: found by the end-of-run check */
	u32 instance;		/* U32_MAX: not tied to an instance */
	struct scn_loc loc;	/* the op's step */
};

/* struct run_event_count - how many event records of one type/kind. */
struct run_event_count {
	char name[48];		/* "type.kind", e.g. "msg_tx.MAP_HOST_BUFFER" */
	u64 count;
};

/*
 * struct run_msg_count - the mailbox trace per opcode: requests sent,
 * responses received, and responses with a non-zero status.
 */
struct run_msg_count {
	char opcode[40];
	u64 tx;
	u64 rx;
	u64 rx_failed;
};

/*
 * struct run_result - everything one run produced.  Owned by the caller;
 * release with run_result_free().  Pointers into @scn (steps, names) stay
 * valid as long as the scenario is loaded.
 */
/*
 * struct run_heap_op - one chunk add, DEV BO alloc or free of an instance's
 * heap (alloc/heap's heap_op_record), for the reports' heap pictures.
 * @op: enum heap_op.  @err: 0 or a negative errno.  @addr: BO start or
 * chunk address (HEAP_INVALID_ADDR on failure).  @size: page-aligned BO
 * size or chunk size.  @committed, @live: the heap's C and A after it.
 */
struct run_heap_op {
	u32 instance;
	u8 op;
	int err;
	u64 addr;
	u64 size;
	u64 committed;
	u64 live;
};

/*
 * enum run_mark_kind - what a mark on the report's time axis stands for.
 * Op marks come from the op's step and result (open, close, power cycle,
 * expansions, failed calls); event marks from the simulator's event log
 * (TDR, suspend, resume, injected faults, recorded invariant violations).
 */
enum run_mark_kind {
	RUN_MARK_OPEN,
	RUN_MARK_CLOSE,
	RUN_MARK_EXPANSION,
	RUN_MARK_FAILURE,
	RUN_MARK_FAULT,
	RUN_MARK_TDR,
	RUN_MARK_SUSPEND,
	RUN_MARK_RESUME,
	RUN_MARK_POWER_CYCLE,
	RUN_MARK_VIOLATION,
	RUN_MARK_COUNT,
};

/*
 * struct run_mark - one mark, or several of one kind and instance merged
 * into one bucket of @width ops (&struct run_pictures).
 * @op, @time_ns, @line, @detail: the first of them ("ENOSPC", a fault
 * site's name, "+2 chunks").  @last_op: the last.  @count: how many
 * (failed calls, chunks added, events).
 */
struct run_mark {
	u8 kind;
	u32 instance;
	u32 line;
	u64 op;
	u64 last_op;
	u64 count;
	u64 time_ns;
	char detail[40];
};

/* enum run_map_moment - when a heap map was taken. */
enum run_map_moment {
	RUN_MAP_PEAK_LIVE,	/* the instance's live bytes at their highest */
	RUN_MAP_EXPANSION,	/* right after a chunk was added to a heap that had one */
	RUN_MAP_END,		/* the heap just before its last close, or at the end */
	RUN_MAP_MOMENT_COUNT,
};

/*
 * struct run_heap_map - one heap's layout at one moment: its chunks and
 * its holes (the committed range minus the live DEV BOs, each BO's size
 * rounded up to 4 KiB), as device addresses.  @op: the op during (or
 * after) which it was taken; @request: for an expansion, the size of the
 * allocation that caused it (0 if none followed in the same op).
 */
struct run_heap_map {
	u8 moment;
	u32 instance;
	u64 op;
	u64 time_ns;
	u64 committed;
	u64 live;
	u64 request;
	u32 nr_bos;
	u32 nr_chunks;
	u64 *chunks;		/* nr_chunks pairs: address, size */
	u32 nr_holes;
	u64 *holes;		/* nr_holes pairs: address, size (ascending) */
};

/*
 * struct run_phase_span - instance @instance in its phase @phase (index
 * into its run_instance_result.phases) for ops [@op, @last_op] (run-wide),
 * from simulated time @time_ns (before @op) to @end_ns (after @last_op).
 * Consecutive entries of the same phase with no op outside it are one span.
 */
struct run_phase_span {
	u32 instance;
	u32 phase;
	u64 op, last_op;
	u64 time_ns, end_ns;
};

/* Marks kept (merged into wider buckets beyond) and heap maps kept per run. */
#define RUN_MARKS_MAX 2048u
#define RUN_MAPS_EXPANSIONS 16u
#define RUN_MAPS_INSTANCES 8u
/* Phase spans kept per run (later ones are counted in spans_dropped). */
#define RUN_PHASE_SPANS_MAX 4096u

/*
 * struct run_pictures - what the report's pictures need beyond the series
 * (run_pics.c): marks on the time axis, merged per kind and instance into
 * buckets of @mark_width ops so that at most RUN_MARKS_MAX are kept
 * (counts stay exact), and heap maps at chosen moments (at peak live and
 * at the end for the first RUN_MAPS_INSTANCES instances, at the first
 * RUN_MAPS_EXPANSIONS expansions; @maps_dropped counts the expansions not
 * mapped), and the phase spans of every instance in op order (the first
 * RUN_PHASE_SPANS_MAX; @spans_dropped counts the others).
 */
struct run_pictures {
	struct run_mark *marks;
	u32 nr_marks;
	u64 mark_width;
	struct run_heap_map *maps;
	u32 nr_maps;
	u32 maps_dropped;
	struct run_phase_span *spans;
	u32 nr_spans;
	u64 spans_dropped;
};

struct run_result {
	const struct scn *scn;		/* NULL: the file did not load (RUN_ERROR) */
	const char *input;		/* the file as named on the command line, or NULL */
	enum run_status status;
	char error[640];	/* RUN_ERROR: "FILE:LINE:COLUMN: message" */
	/* the configuration actually run (after overrides) */
	u64 seed;
	enum drv_rev rev;
	enum addr_mode mode;
	const char *device;
	u32 fw_major, fw_minor;
	bool check_every_op;
	bool stopped;		/* --check-every-op stopped at a violation */
	u64 bugs;		/* SIM_BUG() bits on: the scenario's and run_opts' */
	/* verdict: unexpected failures (docs/run.md "Verdicts") */
	struct run_failure *failures;	/* min(failures_total, RUN_FAILURES_MAX) */
	u32 nr_failures;
	u64 failures_total;
	u64 failures_by_kind[RUN_FK_COUNT];
	u64 tolerated;		/* failures an 'allow' entry or an injected fault covered */
	u64 *allow_used;	/* per scn->allows entry: events it covered */
	bool known_bug;		/* the scenario's known_bug applies to the revision run */
	const char *revision;	/* the revision run: drv_rev_name() of @rev */
	/* expectations */
	struct run_expect_result *expects;
	u32 nr_expects;
	u32 expects_passed;
	u32 expects_failed;
	/* ops */
	u64 nr_ops;
	struct run_op *series;	/* min(nr_ops, series_cap) records */
	u64 nr_series;
	bool series_truncated;
	u64 series_cap;
	/* the timeline: one per instance, at most timeline_budget points each */
	struct run_timeline *timelines;
	u32 nr_timelines;
	u32 timeline_budget;
	/* instances */
	struct run_instance_result *instances;
	u32 nr_instances;
	struct run_metrics total;	/* summed over instances (ratios: max) */
	/*
	 * The highest committed / live bytes of all instances' heaps together
	 * at one moment (after any chunk add, BO alloc or free, or close).
	 * total's peak_committed / peak_live instead add each instance's own
	 * peak, which may never have coexisted (R6).
	 */
	u64 peak_all_committed;
	u64 peak_all_live;
	u64 failures_by_errno[RUN_MAX_ERRNO];
	struct run_violation_info violation;
	u32 nr_violations;	/* violations the simulator recorded */
	u32 nr_notes;		/* notes of the last sim_check() (stale fw addresses) */
	struct {
		u32 client, hwctx, chunk;
		u64 sent, now;
	} note;			/* the first of them */
	/* trace */
	struct run_event_count *events;
	u32 nr_events;
	u64 events_total;
	struct run_msg_count *msgs;
	u32 nr_msgs;
	u64 sim_time_ns;
	/* run_fail_nth(): the enumeration over this scenario (NULL: none) */
	struct sim_fnth_report *fail_nth;
	/* coverage (run_cov.c): heap ops and the sim ledger's hit counts */
	struct run_heap_op *heap_ops;	/* min(ops, RUN_HEAP_OPS_MAX), in order */
	u64 nr_heap_ops;
	bool heap_ops_truncated;
	u64 *ledger_hits;		/* one per sim_ledger key; NULL on error */
	size_t nr_ledger_keys;
	struct run_pictures pics;	/* run_pics.c */
};

/* run_progress_fn - called every so often with ops done / ops planned. */
typedef void (*run_progress_fn)(void *ctx, u64 done, u64 total);

/* run_setup_fn - called once after the device is built, before the first op. */
typedef int (*run_setup_fn)(void *ctx, struct sim *sim);

/*
 * run_step_fn - called before each op with the step it runs and the global
 * instance number, and once with @st NULL after the last op.
 */
typedef void (*run_step_fn)(void *ctx, const struct scn_step *st, u32 instance);

/*
 * struct run_opts - overrides and hooks; zero-initialise for the defaults.
 * @seed/@has_seed, @design/@has_rev, @mode/@has_mode: override the file.
 * @device: override the device profile (NULL: the file's).
 * @check_every_op: sim_check() after every op; stop at the first violation.
 * @no_series: keep no per-op records (saves memory on long runs).
 * @progress: called about every 1% of the planned ops (may be NULL).
 * @setup: called once with the fresh device, e.g. to program extra faults
 *         (may be NULL); a negative return aborts the run with RUN_ERROR.
 * @bugs: historical-bug switches (SIM_BUG() bits, sim/bugs.h) to turn on
 *        in addition to the scenario's `bugs:`.
 * @step: called around the ops (may be NULL), see run_step_fn.
 * @series_max: per-op records to keep (0: RUN_SERIES_MAX).
 * @timeline_points: timeline points per instance (0: RUN_TIMELINE_POINTS;
 *        even, capped as documented at RUN_TIMELINE_POINTS).
 * @trace: when set, every op is written there as one JSON line (NDJSON,
 *        schema RUN_TRACE_SCHEMA, docs/run.md) while the run goes.
 */
struct run_opts {
	bool has_seed;
	u64 seed;
	bool has_rev;
	enum drv_rev rev;
	bool has_mode;
	enum addr_mode mode;
	const char *device;
	bool check_every_op;
	bool no_series;
	run_progress_fn progress;
	void *progress_ctx;
	run_setup_fn setup;
	void *setup_ctx;
	u64 bugs;
	run_step_fn step;
	void *step_ctx;
	u64 series_max;
	u32 timeline_points;
	FILE *trace;
};

/**
 * run_scenario - run @scn once and evaluate its expectations.
 * @scn: a loaded scenario (scn_load_file()); not modified.
 * @opts: overrides and hooks, or NULL for none.
 * @out: filled with the result; release with run_result_free() whatever the
 *       return value.
 *
 * Return: 0 when the run completed (check @out->status for pass/fail);
 * -EINVAL when the scenario cannot run on the simulator (an unsupported
 * device, firmware, bug switch or fault combination; @out->status is
 * RUN_ERROR and @out->error says where, as "FILE:LINE:COLUMN: message");
 * -ENOMEM when the host ran out of memory.
 */
int run_scenario(const struct scn *scn, const struct run_opts *opts, struct run_result *out);

/* run_result_free - release what run_scenario() allocated; safe on a zeroed result. */
void run_result_free(struct run_result *res);

/**
 * run_result_check - verify invariants R1..R6 (see the overview).
 * @why: receives "R<n>: ..." for the first violation.
 *
 * Return: 0 when all hold, -EUCLEAN otherwise.
 */
int run_result_check(const struct run_result *res, char *why, size_t len);

/**
 * run_fail_nth - Linux fail-nth style enumeration (scenarios/fail_nth.h) over a
 * scenario: re-run @scn with @opts, failing the 1st, 2nd, 3rd ... call of
 * each fault site in @sites (0 = every site) until a run passes the site's
 * last call untouched, and judge what each failure left behind.  Sites the
 * scenario programs itself (its `faults:`) are skipped: the enumeration
 * would replace the scenario's own rule.  Each run's place is the scenario
 * step the fault fired in ("line 14 alloc [app]"; "end of run" for the
 * teardown that closes what the scenario left open).
 * @max_n: at most this many runs per site (0: no bound).
 * @res: a result of run_scenario(@scn, @opts) (not RUN_ERROR); the report
 *	is attached as @res->fail_nth and released by run_result_free().
 *
 * Return: 0; -EINVAL (bad @sites, a RUN_ERROR @res, or the scenario cannot
 * run under the enumeration); -ENOMEM.
 */
int run_fail_nth(const struct scn *scn, const struct run_opts *opts, u64 sites, u64 max_n,
		 struct run_result *res);

/*
 * struct run_divergence - where two runs of one scenario part ways.
 * @found: false when every op agreed (result, address, expansions, the
 *         outcome of the job an exec submitted) and both ran the same
 *         number of ops.
 * @op: the first op that differs (or the first op only one run has).
 * @what: "result", "addr", "expansions", "job" or "length".
 * @a, @b: that op in each run (NULL when the run has no such op).
 */
struct run_divergence {
	bool found;
	u64 op;
	const char *what;
	const struct run_op *a;
	const struct run_op *b;
};

/**
 * run_compare - find the first op at which runs @a and @b of the same
 * scenario differ in result, address, expansion count or job outcome.
 *
 * Return: 0; -EINVAL when either run kept no series or ran another
 * scenario.
 */
int run_compare(const struct run_result *a, const struct run_result *b,
		struct run_divergence *d);

/* run_vocab - the scenario vocabulary built from the simulator's own tables. */
const struct scn_vocab *run_vocab(void);

/* run_metric_name / run_metric_kind - schema name and type of a metric. */
const char *run_metric_name(enum run_metric m);
enum scn_metric_kind run_metric_kind(enum run_metric m);

/* run_metric_by_name - the metric called @name, or -ENOENT. */
int run_metric_by_name(const char *name);

/* run_metric_is_state - true for state metrics (taken at a moment), false for counters. */
bool run_metric_is_state(enum run_metric m);

/*
 * run_invariant_number - the sim_check() number an invariant name stands
 * for (the selectable rows of sim/sim_inv.def), RUN_INV_NO_PINS / RUN_INV_NO_LIVE_BOS for the runner's own
 * end-of-run checks, or -ENOENT for an unknown name.
 */
#define RUN_INV_NO_PINS 100
#define RUN_INV_NO_LIVE_BOS 101
int run_invariant_number(const char *name);

/* run_invariant_names - every name run_invariant_number() knows, NULL-terminated. */
const char *const *run_invariant_names(void);


/* run_mark_kind_name - "open", "close", "expansion", ... ("?" out of range). */
const char *run_mark_kind_name(enum run_mark_kind k);

/* run_map_moment_name - "peak_live", "expansion", "end" ("?" out of range). */
const char *run_map_moment_name(enum run_map_moment m);

/*
 * run_status_name - "pass", "fail", "error", "xfail", "xpass";
 * run_status_label - the same in capitals, as the text output shows it.
 */
const char *run_status_label(enum run_status s);
/* Unexpected failures the text summary lists before "... and N more". */
#define RUN_PRINT_FAILURES 10
const char *run_status_name(enum run_status s);

/* run_failure_kind_name - "result", "job", "status", "leak", "violation", "note". */
const char *run_failure_kind_name(enum run_failure_kind k);

/*
 * run_revision_known - whether @name is a revision the runner can run: a
 * name `xdnasim revisions` lists, or the alias "head" (drv_rev_parse()).
 * run_known_bug_applies - whether @s's known_bug names revision @rev (by
 * name or alias; a known_bug without 'revisions' applies to every revision;
 * false when @s has none).
 */
bool run_revision_known(const char *name);
bool run_known_bug_applies(const struct scn *s, enum drv_rev rev);

/**
 * run_validate - every check run_scenario() makes before the first op
 * (device and firmware the simulator can build, fault sites and their
 * kinds, one rule per site, firmware statuses, invariant, metric,
 * violation and revision names, bug switches), without running anything.
 * @err: receives "FILE:LINE:COLUMN: message" for the first problem.
 * Return: 0, -EINVAL (@err says why) or -ENOMEM.
 */
int run_validate(const struct scn *s, const struct run_opts *opts, char *err, size_t len);

/* run_exit_failed - true when @s is a verdict that fails the run (FAIL, XPASS). */
bool run_status_failed(enum run_status s);

/**
 * run_print_summary - the readable per-scenario summary: each expectation
 * pass/fail, expansions, failures by errno, peak committed and live,
 * external fragmentation and largest hole at peak, the first violation.
 *
 * Return: 0 or -EIO when writing to @f failed.
 */
int run_print_summary(FILE *f, const struct run_result *res);

/*
 * run_print_table_header / run_print_table_row - the final one-line-per-
 * scenario table (sizes in MiB); run_print_table_legend - what its columns
 * mean, printed after it.  Return: 0 or -EIO when writing to @f failed.
 */
int run_print_table_header(FILE *f);
int run_print_table_row(FILE *f, const struct run_result *res);
int run_print_table_legend(FILE *f);

/*
 * run_print_fail_nth - the site x n -> outcome table of @res->fail_nth
 * (nothing when there is none).  run_print_fail_nth_header/row - the final
 * one-line-per-scenario fail-nth table: runs and outcome counts, findings.
 * Return: 0 or -EIO.
 * run_fail_nth_found - true when the enumeration of @res saw a leak, a
 * broken invariant or a wrong errno.
 */
int run_print_fail_nth(FILE *f, const struct run_result *res);
int run_print_fail_nth_header(FILE *f);
int run_print_fail_nth_row(FILE *f, const struct run_result *res);
bool run_fail_nth_found(const struct run_result *res);

/*
 * run_parse_fault_sites - "all" or a comma-separated list of fault-site
 * names (sim/fault.h, scenario aliases too) into bits (1 << site) of
 * @sites.  run_parse_bug - bug-switch name (sim/bugs.h) into SIM_BUG() of
 * @bugs.  Return: 0 or -EINVAL for an unknown name.
 */
int run_parse_fault_sites(const char *list, u64 *sites);
int run_parse_bug(const char *name, u64 *bugs);

/*
 * run_format_size - "0" / "4 KiB" / "1.5 MiB" / "12345 B" into @buf.
 * This function can't fail.
 */
void run_format_size(u64 bytes, char *buf, size_t len);

#endif /* XDNASIM_SCENARIOS_RUN_H */
