/* SPDX-License-Identifier: MIT */
/*
 * run_priv.h - the scenario runner's internal state, shared by run.c (the
 * schedule and expectations), run_ops.c (one function per operation),
 * run_metrics.c (metric values and names) and run_print.c.
 */
#ifndef XDNASIM_SCENARIOS_RUN_PRIV_H
#define XDNASIM_SCENARIOS_RUN_PRIV_H

#include "scenarios/run.h"
#include "common/rand.h"
#include "alloc/heap.h"
#include "alloc/heap_metrics.h"
#include "sim/sim.h"

static inline u64 run_max(u64 a, u64 b)
{
	return a > b ? a : b;
}

static inline u64 run_min(u64 a, u64 b)
{
	return a < b ? a : b;
}

#define RUN_NONE U32_MAX		/* no handle / no label / no phase */
#define RUN_NO_CLIENT U32_MAX		/* sim client id of an instance that is not open */

/* A DEV BO the runner allocated (kept in allocation order, live or not). */
struct run_bo {
	u32 handle;
	u32 label;		/* label id, RUN_NONE when unlabelled */
	u32 idx;		/* LABEL[idx] for count > 1, RUN_NONE for count 1 */
	u64 addr;
	u64 size;		/* requested size */
	bool live;
	u32 aslot;		/* slot in the all-labelled set (run_bos.c) */
	u32 lslot;		/* slot in its label's set */
	const void *obj;	/* the simulator's object: a cache hint only (sim_prefetch_bo) */
};

/* One BO of a &struct run_oset. */
struct run_oslot {
	u32 bi;			/* index into run_inst.bos */
	u32 handle;		/* its handle and simulator object: a pick fetches */
	const void *obj;	/* both at once */
};

/*
 * struct run_oset - BOs (indices into run_inst.bos) in allocation order,
 * their live flags as a bitmap and a Fenwick tree of the live counts of its
 * 512-slot blocks (run_bos.c).
 */
struct run_oset {
	struct run_oslot *pos;
	u64 *bits;		/* live flag of each slot */
	u32 *fen;		/* 1-based, over blocks */
	u32 n;
	u32 cap;		/* a multiple of the block */
	u32 live;
	u32 gen;		/* changes with every change of the set */
};

/* One level of an instance's cursor over its steps. */
struct run_frame {
	const struct scn_step *steps;
	u32 nr;
	u32 pos;
	u64 left;		/* iterations still to run, this one included */
	u32 phase;		/* phase id when this frame is a phase body */
};

/* Counter metrics an instance accumulates (indices are enum run_metric). */
struct run_counters {
	u64 v[RUN_M_COUNT];
};

struct run_phase_state {
	bool active;
	struct run_counters at_entry;
	u64 peak_committed;
	u64 peak_live;
	u64 search_cost_max;
};

/* One client instance while it runs. */
struct run_inst {
	const struct scn_client *client;
	u32 gid;
	u32 index;
	bool open;
	bool shim;
	u64 pending_size;	/* size of the DEV BO an `alloc: {stage: place}` placed */
	/*
	 * a staged close (close: {stage: chunks|release}) has begun: the
	 * stale firmware addresses of its window are the close's own, not
	 * notes (docs/explore.md)
	 */
	bool closing;
	u32 cid;		/* sim client id, RUN_NO_CLIENT when closed */
	struct heap *heap;	/* the open heap (hooked), NULL when closed */
	struct run_bo *bos;
	u32 nbos;
	u32 cap_bos;
	u32 nlive;
	struct run_oset lall;	/* every labelled BO */
	struct run_oset *lsets;	/* per label (client->nr_labels) */
	struct {		/* run_bos_peek(): the last slot it found */
		const struct run_oset *set;
		u32 gen, k, slot;
		const struct scn_step *step;	/* run_prefetch_next(): for this step */
		struct xrand rng;		/* and this generator state */
	} peek;
	u32 *hwctx;		/* per hwctx name: sim id, 0 = none */
	struct run_frame stack[SCN_MAX_DEPTH + 2];
	u32 depth;
	bool done;
	u32 phase;		/* current phase id or RUN_NONE */
	/* heap counters of heaps already closed (peaks as maxima) */
	struct heap_counters folded;
	u64 expansions;
	u64 failures;
	u64 map_msgs;
	u64 add_msgs;
	u64 jobs[5];		/* submitted, completed, aborted, timed out, fw faults */
	u32 *cus;		/* per hwctx name: CUs configured (exec picks one) */
	u32 (*pdis)[SCN_MAX_CU_BOS];	/* per hwctx name: the shim's PDI BO handles */
	u32 *npdis;
	u64 *execs;		/* per hwctx name: jobs submitted (the CU round robin) */
	struct run_phase_state *ph;
	struct run_instance_result *res;
	struct run_ctx *x;
	/* its heap's committed and live bytes now (run_total_set) */
	u64 now_committed;
	u64 now_live;
};

/* An expectation slot for each step that has an 'expect'. */
struct run_step_slot {
	const struct scn_step *step;
	u32 expect;		/* index into result->expects */
};

/* A client-scoped fault rule: the sim's policy is swapped in per instance. */
struct run_scoped_fault {
	const struct scn_fault *f;
	int site;
	u64 calls;
	u64 fired;
};

struct run_evcount;
struct run_pics_state;

/* A job the runner saw submitted and not yet ended (run_verdict.c). */
struct run_job {
	u32 client;		/* sim client id */
	u32 hwctx;		/* sim hwctx id */
	u32 seq;
	u32 gid;		/* the submitting instance */
	u64 op;
	const struct scn_step *step;
	bool faulted;		/* a firmware fault hit it */
};

/* A firmware reply with an error status during the current op. */
struct run_status_ev {
	u32 opcode;
	u32 status;
	u32 client;
};

struct run_ctx {
	const struct scn *scn;
	const struct run_opts *opts;
	struct run_result *res;
	struct sim *sim;
	struct xrand rng;
	struct run_inst *inst;
	u32 ninst;
	struct run_step_slot *slots;
	u32 nslots;
	u32 *cid_map;		/* sim client id -> instance gid */
	u32 ncid;
	struct run_scoped_fault *scoped;
	u32 nscoped;
	u32 scoped_owner;	/* instance whose scoped faults are programmed */
	struct run_inst *cur;	/* instance running the current op */
	u64 op;			/* index of the current op */
	const struct scn_step *cur_step;
	size_t ev_seen;		/* events already accounted */
	u64 ev_seq_next;
	u32 viol_seen;
	bool viol_allowed;	/* res->violation is one 'allow' covered (a failing one replaces it) */
	/* committed and live bytes of all instances' heaps now (run_total_set) */
	u64 all_committed;
	u64 all_live;
	/* per-op outputs */
	int op_err;
	u64 op_addr;
	u32 op_exp;
	u32 op_failures;
	u32 op_job;		/* 1 + enum scn_job of a job that ended inside the op */
	u64 *op_addrs;		/* alloc: address of each allocation */
	int *op_errs;		/* alloc: result of each allocation */
	u64 op_nallocs;
	u64 op_cap;
	u64 advance_rem_ns;
	struct run_evcount *evc;
	struct run_pics_state *pics;	/* run_pics.c */
	s64 pins_net;		/* chunk PIN events minus UNPIN events */
	u64 done_work;		/* leaf operations done (alloc count N = N) */
	u64 next_progress;
	/* verdicts (run_verdict.c) */
	struct run_job *jobs;
	u32 njobs, cap_jobs;
	struct run_status_ev *st_ev;	/* error statuses of the current op */
	u32 nst_ev, cap_st_ev;
	s64 *injected;		/* firmware fault values injected in the current op */
	u32 ninjected, cap_injected;
	struct sim_note *notes;	/* notes already judged */
	u32 nnotes, cap_notes;
	u32 failed_submit;	/* a job ended inside its own exec op */
	bool has_pending;	/* that job, judged once the op's result is known */
	struct run_job pending_job;
	enum scn_job pending_outcome;
};

/*
 * run_pics.c - marks and heap maps for the report's pictures
 * (&struct run_pictures).  run_pics_heap_op: every heap op record;
 * run_pics_op: after every op; run_pics_event: every event-log record
 * (@owner: the instance it is accounted to, U32_MAX: none);
 * run_pics_finish: at the end of a completed run; run_pics_ctx_free:
 * the working state, on every path.  Return 0 or -ENOMEM.
 */
int run_pics_heap_op(struct run_inst *in, const struct heap_op_record *rec);
/* run_pics_prefetch_free - the BO at @addr is about to be freed: fetch its mirror entry. */
void run_pics_prefetch_free(struct run_ctx *x, struct run_inst *in, u64 addr);
int run_pics_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st);
int run_pics_event(struct run_ctx *x, const struct sim_event *e, u32 owner);
int run_pics_finish(struct run_ctx *x);
void run_pics_ctx_free(struct run_ctx *x);
void run_pics_free(struct run_result *res);

/* run_ops.c */
int run_exec_step(struct run_ctx *x, struct run_inst *in, const struct scn_step *st);
/*
 * run_prefetch_next - @in's op comes next, or after one that draws nothing
 * from the generator: a hint that changes nothing.  When @in's op is a
 * `fraction` free drawn from a label index, its first victim is foreseen
 * (the draw repeated on a copy of the generator) and its set entry, record
 * and driver object are fetched meanwhile; a second call with the same
 * generator state and set does nothing.  A wrong guess costs a useless
 * fetch, never a result.
 */
void run_prefetch_next(struct run_ctx *x, struct run_inst *in);
void run_inst_forget(struct run_inst *in);
int run_scoped_faults_switch(struct run_ctx *x, struct run_inst *in);

/* run_bos.c: the instance's BOs, indexed by label (0 or -ENOMEM where int). */
int run_bos_push(struct run_inst *in, const struct run_bo *bo);
void run_bos_killed(struct run_inst *in, struct run_bo *bo);
void run_bos_compact(struct run_inst *in);
void run_bos_forget(struct run_inst *in);
void run_bos_free(struct run_inst *in);
u32 run_bos_label_live(const struct run_inst *in, u32 label);
/* the next live BO of @label from *@slot on (start at 0), RUN_NONE at the end */
u32 run_bos_label_next(const struct run_inst *in, u32 label, u32 *slot);
/* the one set holding exactly a free step's candidates, or NULL (scan) */
const struct run_oset *run_bos_candidates(const struct run_inst *in, const char *pattern,
					  u32 *label);
/* @k of the set's live BOs by partial Fisher-Yates, as bos indices in order */
/*
 * run_bos_peek - the slot of the @k-th live BO of @s (@k < s->live), its
 * entry fetched into the cache and the answer kept in @in for the pick that
 * follows (while @s does not change); run_bos_prefetch_slot - fetch what
 * freeing the BO in @slot of @s reads first (its record, the driver's
 * object), if the slot still exists.  For run_prefetch_next(): no result
 * of the run changes.
 */
u32 run_bos_peek(struct run_inst *in, const struct run_oset *s, u32 k);
void run_bos_prefetch_slot(struct run_inst *in, const struct run_oset *s, u32 slot);
int run_bos_pick(struct run_inst *in, const struct run_oset *s, u32 k, struct xrand *rng,
		 u32 **out);

/* run_series.c: the timeline and the NDJSON trace (0 or -ENOMEM / -EIO). */
int run_series_init(struct run_ctx *x);
int run_series_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		  const struct run_metrics *m);
void run_series_free(struct run_result *res);
int run_trace_begin(struct run_ctx *x);
int run_trace_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		 const struct run_metrics *m);
int run_trace_end(struct run_ctx *x);

/* run_metrics.c */
void run_inst_counters(const struct run_inst *in, struct run_counters *c);
void run_inst_state(struct run_ctx *x, const struct run_inst *in, struct run_metrics *m);
void run_heap_hook(void *ctx, const struct heap_op_record *rec);
void run_heap_hook_install(struct run_inst *in);
/*
 * run_total_set - @in's heap now holds @committed / @live bytes: update the
 * sums over all instances and the run's simultaneous peaks
 * (run_result.peak_all_committed / peak_all_live).
 */
void run_total_set(struct run_inst *in, u64 committed, u64 live);
/* run_cov.c: heap ops for the pictures, the coverage ledger at the end. */
void run_cov_heap_op(struct run_inst *in, const struct heap_op_record *rec);
int run_cov_finish(struct run_ctx *x, const struct sim_config *cfg);
void run_cov_free(struct run_result *res);
void run_account_events(struct run_ctx *x);
int run_events_alloc(struct run_ctx *x);
int run_events_finish(struct run_ctx *x);

/* run_expect.c: step, invariant and metric expectations */
void run_fail_expect(struct run_ctx *x, u32 e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int run_expects_build(struct run_ctx *x);
u32 run_slot_of(struct run_ctx *x, const struct scn_step *st);
void run_check_step_expect(struct run_ctx *x, const struct scn_step *st);
void run_check_metrics(struct run_ctx *x);
void run_tally(struct run_result *res);
int run_error(struct run_ctx *x, struct scn_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *run_err_text(int err);

/* run_faults.c: fault rules */
int run_faults_program(struct run_ctx *x);

/* run_sched.c: instances, phases, the cursor and the schedule */
int run_instances_build(struct run_ctx *x);
int run_schedule(struct run_ctx *x);
void run_finish_instances(struct run_ctx *x);

/* run_viol.c: violations and sim_check */
u32 run_scan_recorded(struct run_ctx *x);
int run_full_check(struct run_ctx *x, bool at_end);
void run_check_end_invariants(struct run_ctx *x);

/* run_verdict.c: unexpected failures, jobs, allow, known_bug */
int run_verdict_init(struct run_ctx *x);
void run_verdict_event(struct run_ctx *x, const struct sim_event *e);
int run_verdict_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st);
int run_verdict_violation(struct run_ctx *x, const struct sim_violation *v);
int run_verdict_finish(struct run_ctx *x);
void run_verdict_notes(struct run_ctx *x);
void run_verdict_free(struct run_ctx *x);

#endif /* XDNASIM_SCENARIOS_RUN_PRIV_H */
