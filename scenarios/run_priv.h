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
	u32 cid;		/* sim client id, RUN_NO_CLIENT when closed */
	struct heap *heap;	/* the open heap (hooked), NULL when closed */
	struct run_bo *bos;
	u32 nbos;
	u32 cap_bos;
	u32 nlive;
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
	/* committed and live bytes of all instances' heaps now (run_total_set) */
	u64 all_committed;
	u64 all_live;
	/* per-op outputs */
	int op_err;
	u64 op_addr;
	u32 op_exp;
	u32 op_failures;
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
int run_pics_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st);
int run_pics_event(struct run_ctx *x, const struct sim_event *e, u32 owner);
int run_pics_finish(struct run_ctx *x);
void run_pics_ctx_free(struct run_ctx *x);
void run_pics_free(struct run_result *res);

/* run_ops.c */
int run_exec_step(struct run_ctx *x, struct run_inst *in, const struct scn_step *st);
void run_inst_forget(struct run_inst *in);
int run_scoped_faults_switch(struct run_ctx *x, struct run_inst *in);

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

/* run.c */
void run_fail_expect(struct run_ctx *x, u32 e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* XDNASIM_SCENARIOS_RUN_PRIV_H */
