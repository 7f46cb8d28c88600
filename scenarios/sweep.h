/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - a scenario run over a matrix of revisions, seeds and --set
 * values (xdnasim sweep, docs/ci.md "Sweeps").
 *
 * DOC: Overview
 *
 * The matrix is revisions x set values (each --set key in the order given)
 * x seeds, seeds varying fastest; cell k of the matrix is numbered in that
 * order from 0.  A shard I/N (1 <= I <= N) is the cells k with k % N == I-1,
 * so N shards run on N machines cover the matrix exactly once, each with a
 * near-equal share of every revision.  Every cell runs the scenario from a
 * fresh load with its overrides; nothing is shared between cells, so a cell's
 * row depends only on the cell, not on which shard, worker or order ran it.
 * sweep_run() may fork worker processes; the rows come back in cell order.
 */
#ifndef XDNASIM_SCENARIOS_SWEEP_H
#define XDNASIM_SCENARIOS_SWEEP_H

#include "common/compat.h"
#include "scenarios/run.h"

#define SWEEP_MAX_SETS 8		/* --set keys */
#define SWEEP_MAX_VALUES 1024		/* values of one axis */
#define SWEEP_MAX_CELLS 1000000ULL	/* the whole matrix (rows are kept in memory) */

/* struct sweep_axis - one --set key and its values ("1", "2", "4"). */
struct sweep_axis {
	char *key;
	char **values;
	u32 nr;
};

/*
 * struct sweep_spec - what to sweep.
 * @scenario: the scenario file.
 * @revisions: driver designs by name; none = the scenario's own.
 * @seeds: none = the scenario's own seed.
 * @shard_index, @shard_count: this shard, 1-based; 1/1 = the whole matrix.
 */
struct sweep_spec {
	const char *scenario;
	char **revisions;
	u32 nr_revisions;
	u64 *seeds;
	u32 nr_seeds;
	struct sweep_axis sets[SWEEP_MAX_SETS];
	u32 nr_sets;
	u32 shard_index;
	u32 shard_count;
};

/*
 * struct sweep_row - one run of the matrix.  Plain data (it crosses a pipe
 * from a worker process).
 * @cell: the cell number in the whole matrix.
 * @revision, @set: value indices into the spec's revisions and axes.
 * @status: the run's verdict; @expects_failed its failed expectations.
 * @m: the run's totals (run_result.total; the simultaneous peaks are
 *     @peak_all_committed / @peak_all_live).
 * @error: RUN_ERROR: the message.
 */
struct sweep_row {
	u64 cell;
	u32 revision;
	u32 set[SWEEP_MAX_SETS];
	u64 seed;
	enum run_status status;
	u32 expects_failed;
	u64 ops;
	u64 peak_all_committed;
	u64 peak_all_live;
	struct run_metrics m;
	char error[256];	/* cut to 255 bytes */
};

/* sweep_progress_fn - called after each finished run: rows done / rows planned. */
typedef void (*sweep_progress_fn)(void *ctx, u64 done, u64 total, u64 failed);

/**
 * sweep_parse_seeds - "1..100", "1,5,9", "3", "1..4,10" into a malloc'ed
 * array (ascending ranges, duplicates kept as given).
 * Return: 0, -EINVAL (bad syntax, a range that runs backwards, more than
 * SWEEP_MAX_CELLS seeds) or -ENOMEM.
 */
int sweep_parse_seeds(const char *s, u64 **seeds, u32 *nr);

/**
 * sweep_parse_set - "KEY=V1,V2,..." into @axis (malloc'ed; sweep_spec_free()).
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sweep_parse_set(const char *s, struct sweep_axis *axis);

/**
 * sweep_parse_list - "a,b,c" into a malloc'ed array of malloc'ed strings.
 * Return: 0, -EINVAL (an empty item) or -ENOMEM.
 */
int sweep_parse_list(const char *s, char ***items, u32 *nr);

/* sweep_spec_free - release what the sweep_parse_*() calls put into @spec. */
void sweep_spec_free(struct sweep_spec *spec);

/* sweep_cells - the number of cells of the whole matrix (0 if above SWEEP_MAX_CELLS). */
u64 sweep_cells(const struct sweep_spec *spec);

/**
 * sweep_prepare - load the scenario under every --set value and check every
 * revision name, so that an input error stops the sweep before any run.
 * Fills in the scenario's own revision / seed where the spec has none.
 * @err: receives "FILE:LINE:COLUMN: message" or a message naming the option.
 *
 * Return: 0, -EINVAL (input error, @err says what), -ENOMEM.
 */
int sweep_prepare(struct sweep_spec *spec, char *err, size_t len);

/**
 * sweep_run - run this shard's cells with @jobs worker processes (1: in
 * this process).
 * @rows: receives a malloc'ed array of the shard's rows in cell order.
 *
 * Return: 0 (whatever the runs' verdicts), -ENOMEM, or the negative errno
 * of a failed fork/pipe or a worker that died (-ECHILD).
 */
int sweep_run(const struct sweep_spec *spec, unsigned int jobs, sweep_progress_fn progress,
	      void *ctx, struct sweep_row **rows, u64 *nr);

/* sweep_shard_has - true when @cell belongs to the spec's shard. */
bool sweep_shard_has(const struct sweep_spec *spec, u64 cell);

#endif /* XDNASIM_SCENARIOS_SWEEP_H */
