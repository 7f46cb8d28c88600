/* SPDX-License-Identifier: MIT */
/*
 * explore.h - the deterministic interleaving explorer (docs/explore.md).
 *
 * A scenario's client instances, and the job-timeout handlers (`tdr` steps
 * of single-instance clients) detached from them, are threads; each thread
 * is a sequence of atomic segments (one scenario step; a `close` is split
 * into its three stages: the shim's chunks, the fd release, the
 * postclose).  A schedule is an order of all segments that respects each
 * thread's program order and the enabling rules (a TDR thread becomes
 * runnable once its client has run every step before it, and is cancelled
 * when its client destroys the hwctx first).  Each schedule is run as an
 * in-memory scenario with `schedule: interleave` through run_scenario(),
 * with the simulator checked after every op, so a failing schedule is at
 * once a scenario `xdnasim run` replays.
 *
 * Modes: exhaustive up to a bound on preemptions (CHESS; iterative
 * deepening, so the first failure found has the fewest preemptions), with
 * sleep-set partial-order reduction over segments whose footprints commute
 * (sim_paths_commute()); or PCT (randomised priorities with a seed).
 * Everything is deterministic: the same scenario, options and seed give
 * the same result, field for field.
 */
#ifndef XDNASIM_SCENARIOS_EXPLORE_H
#define XDNASIM_SCENARIOS_EXPLORE_H

#include <stdio.h>

#include "common/compat.h"
#include "scenarios/run.h"
#include "scenarios/scn.h"

/* JSON document schema (reports/explore-report.schema.json). */
#define EXPLORE_SCHEMA "xdnasim-explore/2"

/* At most this many threads (a sleep set is one 64-bit mask). */
#define EXPLORE_MAX_THREADS 64u

/* PCT: schedules the bounded search that minimises a failure may run. */
#define EXPLORE_MINIMISE_MAX 10000u

enum explore_mode {
	EXPLORE_BOUNDED = 0,	/* every schedule with <= bound preemptions */
	EXPLORE_PCT,		/* @runs schedules with random priorities */
};

struct explore_stats {
	u64 schedules;		/* schedules run */
	u64 states;		/* distinct schedule prefixes visited */
	u64 sleep_pruned;	/* branches a sleep set skipped */
	u64 bound_pruned;	/* branches over the preemption bound */
	u32 bound;		/* the bound being explored (BOUNDED) */
	u64 ops;		/* ops run over all schedules */
};

typedef void (*explore_progress_fn)(void *ctx, const struct explore_stats *st);

/*
 * struct explore_opts - what to explore.
 * @bound: preemption bound (BOUNDED).
 * @no_por: explore every order, without the sleep sets.
 * @seed, @runs, @depth: PCT: seed, schedules, bug depth d (d - 1 priority
 *	change points; 0 = 2).
 * @max_schedules: stop after this many schedules (0 = no limit); the
 *	result then says it is not complete.
 * @keep_going: count every failing schedule instead of stopping at the first.
 * @metrics: also judge the scenario's `expect: metrics:` (totals such as
 *	"failures == 2" usually hold for the scenario's own schedule only, so
 *	by default they are left out of every explored schedule).
 * @rev, @mode, @bugs: overrides written into every schedule's scenario
 *	(so the reproducer carries them); @has_rev / @has_mode say they
 *	are set; @bugs adds SIM_BUG() bits to the scenario's.
 * @progress: called every so often (and at the end) when set.
 */
struct explore_opts {
	enum explore_mode mode;
	u32 bound;
	bool no_por;
	u64 seed;
	u64 runs;
	u32 depth;
	u64 max_schedules;
	bool keep_going;
	bool metrics;
	bool has_rev;
	enum drv_rev rev;
	bool has_mode;
	enum addr_mode mode_override;
	u64 bugs;
	explore_progress_fn progress;
	void *progress_ctx;
};

/* What made the schedule fail. */
enum explore_failure {
	EXPLORE_F_RUN = 0,	/* its run failed (invariant, errno, leak: @run) */
	EXPLORE_F_DEADLOCK,	/* every unfinished thread waits for a lock another holds */
	EXPLORE_F_LOCK_ORDER,	/* a lock taken against the order, or taken twice */
};

enum explore_thread_kind {
	EXPLORE_T_CLIENT = 0,	/* a client instance's own steps */
	EXPLORE_T_TDR,		/* a detached job-timeout handler */
	EXPLORE_T_PM,		/* async suspend / resume / power cycle steps in a row */
	EXPLORE_T_RX,		/* an async mbox_rx: one run of a channel's receive worker */
	EXPLORE_T_EXEC,		/* an async exec: another thread of the process submits */
	EXPLORE_T_THREAD,	/* another thread of a client: its `thread: N` steps */
};

struct explore_thread {
	enum explore_thread_kind kind;
	char name[80];		/* "app", "engine[2]", "app.tdr@12", "app.rx@11", "app.exec@14" */
	u32 instance;		/* the client instance it belongs to */
	u32 nseg;
};

/*
 * struct explore_result - what the exploration found.
 * @complete: every schedule within the bound was run (BOUNDED, no
 *	@max_schedules cut).
 * @found: a schedule failed (its scenario in @repro, its run in @run).
 * @failing: failing schedules seen (>= 1 when @found; more with keep_going).
 * @failure: what failed; for a deadlock or a lock-order failure the
 *	schedule is the prefix up to it, @repro runs that prefix and @run is
 *	empty (the single-threaded simulator cannot show it).
 * @preemptions: preemptions of the failing schedule.
 * @minimised: PCT: a bounded search below the PCT schedule's preemptions
 *	(at most EXPLORE_MINIMISE_MAX schedules) found a failing schedule with
 *	fewer, which replaced it.
 * @sched / @nsched: the failing schedule, one thread index per segment.
 * @why: the first unexpected failure of that run, "FILE:LINE: step [thread]: reason".
 * @revision / @addr_mode: the driver revision (drv_rev_name()) and address
 *	mode explored: the scenario's, or the override of explore_opts.
 */
struct explore_result {
	enum explore_mode mode;
	const char *revision;
	enum addr_mode addr_mode;
	u32 nthreads;
	struct explore_thread *threads;
	u64 nsegments;
	struct explore_stats st;
	bool complete;
	bool found;
	u64 failing;
	enum explore_failure failure;
	u32 preemptions;
	bool minimised;
	u32 *sched;
	u32 nsched;
	struct scn *repro;
	struct run_result run;
	char why[768];
	/* private */
	void *priv;
};

/**
 * explore_scenario - explore the interleavings of @s (loaded, not modified;
 * it must outlive @r).
 * Return: 0 (check @r->found); -EINVAL when the scenario cannot be explored
 * (more than EXPLORE_MAX_THREADS threads, or it cannot run: @r->why says
 * why); -ENOMEM.
 */
int explore_scenario(const struct scn *s, const struct explore_opts *o, struct explore_result *r);

/*
 * explore_write_repro - write the failing schedule as a scenario file
 * (scn_dump() form, `schedule: interleave`, with a comment header).
 * Returns 0, -ENOENT when nothing was found, or -EIO on a write error.
 */
int explore_write_repro(const struct explore_result *r, FILE *f);

/* explore_result_free - release @r; safe on a zeroed result. */
void explore_result_free(struct explore_result *r);

#endif
