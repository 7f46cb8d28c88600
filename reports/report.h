/* SPDX-License-Identifier: MIT */
/*
 * report.h - the reviewer's coverage report (reports/coverage-report.md):
 * run reports in, one JSON document, an lcov projection of the scenario
 * ledger, and a self-contained HTML page of pictures out.
 *
 * Flow: rpt_input_init() builds the ledger universe; rpt_run_read() adds
 * one run report per file; rpt_input_set_lcov() adds code coverage;
 * rpt_report_write() / rpt_scenario_lcov_write() / rpt_html_write()
 * produce the outputs.  Every output is a pure function of the inputs
 * (sorted keys, no time stamps, no host paths other than those given), so
 * the same inputs give byte-identical files.
 */
#ifndef XDNASIM_REPORTS_REPORT_H
#define XDNASIM_REPORTS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/compat.h"
#include "reports/lcov.h"
#include "sim/ledger.h"

#define RPT_REPORT_TYPE "xdnasim.coverage-report"
#define RPT_REPORT_VERSION "2.0.0"

/*
 * An input error: "FILE:LINE:COLUMN: text" (@column 0 when only the line is
 * known, @line 0 when no position applies).
 */
struct rpt_error {
	char file[256];
	unsigned long line;
	unsigned long column;
	char text[200];
};

enum rpt_sample_op {
	RPT_OP_CHUNK_ADD = 0,
	RPT_OP_BO_ALLOC,
	RPT_OP_BO_FREE,
};

/* One heap operation of a run's "heap_ops" (docs/run.md). */
struct rpt_sample {
	u32 client;		/* index into the run's @inst names */
	u8 op;			/* enum rpt_sample_op */
	int err;		/* 0 or a negative errno */
	u64 addr;		/* device address (BO start / chunk address) */
	u64 size;		/* bytes (chunk size, BO size) */
	u64 committed;		/* the client's C and A after the op */
	u64 live;
};

/* Timeline points a run's page reads at most (the run writes at most 65,536). */
#define RPT_TIMELINE_POINTS_MAX 1048576u
/* Unexpected failures a run's page reads (the total is still shown). */
#define RPT_PAGE_UNEXPECTED_MAX 64u
/* Instance names the page's members may add beyond "instances" and "heap_ops". */
#define RPT_PAGE_NAMES_MAX 64u

/* The state values a point of the page's series keeps (last, min, max). */
enum rpt_val { RPT_V_COMMITTED, RPT_V_LIVE, RPT_V_LARGEST_HOLE, RPT_V_HOLES, RPT_V_ALIGN_WASTE,
	       RPT_V_COUNT };

/*
 * One point of a run's series as the pages draw it: a point of the
 * downsampled "timeline" (docs/run.md) covering @ops consecutive ops of
 * one instance from run-wide op @op, or (reports without a timeline) one
 * row of the per-op "series" (@ops 1).  @time_ns: simulated time after its
 * last op.  @last, @min, @max: each rpt_val after its last op, lowest and
 * highest over its ops; @ext*: the same for external fragmentation.
 * @search_cost: the instance heap's cumulative search cost after it.
 */
struct rpt_op {
	u64 op;
	u64 ops;
	u32 instance;		/* index into the run's @inst */
	u64 failures, expansions;
	u64 time_ns, search_cost;
	u64 last[RPT_V_COUNT], min[RPT_V_COUNT], max[RPT_V_COUNT];
	double ext, ext_min, ext_max;
};

/* A phase span (&struct run_phase_span): instance @instance in phase @phase over ops [@op, @last_op]. */
struct rpt_span {
	u32 instance;
	u32 phase;		/* index into the page's @phases */
	u64 op, last_op, time_ns, end_ns;
};

/* One mark of "pictures.marks" (&struct run_mark). */
struct rpt_mark {
	u8 kind;		/* enum run_mark_kind */
	u32 instance;		/* index into @inst, U32_MAX: none */
	u32 line;
	u64 op, last_op, count, time_ns;
	char detail[40];
};

/* One heap map of "pictures.heap_maps" (&struct run_heap_map); offsets from @base. */
struct rpt_map {
	u8 moment;		/* enum run_map_moment */
	u32 instance;
	u64 op, time_ns, base, committed, live, request, live_bos;
	u32 nchunks, nholes;
	u64 *chunks;		/* pairs: offset, size */
	u64 *holes;		/* pairs: offset, size */
};

/* A failed expectation, or an unexpected failure of the verdict, with its place. */
struct rpt_fail {
	char kind[24];
	char text[200];
	char detail[256];
	u32 line, column;
	u64 op;			/* U64_MAX: not tied to an op */
	u32 instance;		/* U32_MAX: none */
};

/*
 * struct rpt_page - what a run's page shows beyond the coverage report:
 * the series, marks, heap maps, failures, first violation.  Empty for
 * reports that lack a member (older schema versions).
 */
struct rpt_page {
	struct rpt_op *ops;	/* ordered by op, then instance */
	size_t nops;
	bool truncated;		/* the series was cut (reports without a timeline) */
	bool downsampled;	/* @ops come from the timeline */
	char (*phases)[64];	/* phase names, in order of first appearance */
	size_t nphases;
	struct rpt_index phase_ix;	/* private: @phases by name */
	struct rpt_span *spans;	/* ordered by op */
	size_t nspans;
	bool spans_truncated;	/* more phase spans ran than the report keeps */
	struct rpt_mark *marks;
	size_t nmarks;
	u64 mark_width;
	struct rpt_map *maps;
	size_t nmaps;
	u64 maps_dropped;
	struct rpt_fail *fails;		/* expectations that failed */
	size_t nfails;
	struct rpt_fail *unexp;		/* the verdict's unexpected failures: the first ones */
	size_t nunexp;
	u64 unexp_total;		/* all of them ("failures.total") */
	bool has_violation;
	struct rpt_fail violation;	/* @kind "invariant N", @text its name, @detail why */
	u64 ops_total, sim_time_ns, failures;
	bool stopped;
};

struct rpt_errno_count {
	char name[24];		/* "ENOSPC" */
	u64 n;
};

/**
 * struct rpt_run - what the report uses of one run report.
 * @path: the file it came from, as given.
 * @hits: ledger hit counts, one per ledger key (zeros when @has_ledger is false).
 */
struct rpt_run {
	char *path;
	char *name;
	char *file;
	u64 seed;
	char rev[16], mode[16], device[16];
	bool passed;		/* the verdict holds: "pass" or "xfail" */
	bool error;		/* the scenario could not run (status "error") */
	char status[8];		/* the run's verdict: pass, fail, xfail, xpass, error */
	u32 exp_passed, exp_failed;
	u64 expansions, frag_expansions, premature_oom;
	u64 peak_committed, peak_live, align_waste;
	struct rpt_errno_count *errnos;
	size_t nerrnos;
	struct rpt_sample *series;
	size_t nseries;
	char (*inst)[64];	/* instance names, in order of first appearance */
	size_t ninst, capinst;
	struct rpt_index inst_ix;	/* private: @inst by name */
	bool has_ledger;
	u64 *hits;
	struct rpt_page page;
};

struct rpt_input {
	struct sim_ledger ledger;
	struct rpt_run *runs;
	size_t nruns, capruns;
	struct rpt_index run_ix;	/* private: @runs by identity, for duplicates */
	bool has_lcov;
	char *lcov_path;
	struct lcov_trace lcov;		/* merged by path */
	char *root;			/* prefix stripped from lcov paths ("" = none) */
};

/* rpt_input_init - empty input with the ledger universe.  0, -ENOMEM or -EUCLEAN. */
int rpt_input_init(struct rpt_input *in, const char *root);

/* rpt_input_fini - free everything.  This function can't fail. */
void rpt_input_fini(struct rpt_input *in);

/**
 * rpt_run_read - read the run report file @path (`xdnasim run --json`,
 * schema xdnasim-run-report/1 or /2, docs/run.md) and append each of its
 * runs to @in.  Version 1 reports carry no ledger and no heap ops.
 * Returns 0; -EINVAL with @err for malformed JSON, a missing or
 * wrong-typed required field, a ledger key outside the universe, or a run
 * (scenario, configuration, seed) already read; -errno when the file
 * cannot be read; -ENOMEM.
 */
int rpt_run_read(struct rpt_input *in, const char *path, struct rpt_error *err);

/* rpt_run_read_text - rpt_run_read() of the report text @text, named @name in errors. */
int rpt_run_read_text(struct rpt_input *in, const char *name, const char *text,
		      struct rpt_error *err);

/* Runs one comparison of the compare page shows side by side at most. */
#define RPT_CMP_RUNS_MAX 8

/**
 * struct rpt_cmp - one comparison for rpt_compare_html_dump(): runs
 * @run[0..@nruns) (indices into the input's runs) of one workload, each
 * under another revision, and where they first part ways (run_compare()
 * of each run against the first; the earliest op).
 * @found: false when every op agreed.  @op: the first op that differs.
 * @what: "result", "addr", "expansions", "job" or "length".  @line,
 * @instance, @step: that op's scenario line, client instance and step.
 * @desc: what each run did there ("ENOSPC, expansions 0").
 */
struct rpt_cmp {
	size_t run[RPT_CMP_RUNS_MAX];
	size_t nruns;
	bool found;
	u64 op;
	char what[16];
	u32 line;
	char instance[96];
	char step[24];
	char desc[RPT_CMP_RUNS_MAX][128];
};

/*
 * rpt_compare_html_dump - the compare page (`compare --html DIR` writes it
 * to DIR/compare.html): each comparison's runs on the same axes, the first
 * divergence marked, the end metrics side by side, their heap maps.
 * 0 or -ENOMEM.
 */
int rpt_compare_html_dump(const struct rpt_input *in, const struct rpt_cmp *cmps, size_t n,
			  FILE *f);

/**
 * rpt_input_set_lcov - read the lcov tracefile @path as the code coverage.
 * Returns 0; -EINVAL with @err (FILE:LINE) for a malformed tracefile;
 * -errno when unreadable; -ENOMEM.
 */
int rpt_input_set_lcov(struct rpt_input *in, const char *path, struct rpt_error *err);

/*
 * Writers.  Each *_dump() writes to a stream the caller owns (a failed write
 * shows in ferror(), for common/output.h's xout_commit() to report) and
 * returns 0 or -ENOMEM; each *_write() is its dump into a file through
 * common/output.h: written whole or not at all, 0 or a negative errno.
 * `xdnasim report` opens every output first and commits them together, so
 * a failure of one leaves none behind.
 */

/* rpt_report_dump / rpt_report_write - the JSON report. */
int rpt_report_dump(const struct rpt_input *in, FILE *f);
int rpt_report_write(const struct rpt_input *in, const char *path);

/**
 * rpt_scenario_lcov_write - the ledger as an lcov tracefile: one TN per
 * scenario, SF = a listing of the ledger keys written next to @path
 * ("<path>.keys"), DA per reachable key (its line in the listing), FN per
 * key class, BRDA per error site / rollback path.  0 or -errno.
 */
int rpt_scenario_lcov_write(const struct rpt_input *in, const char *path);

/* rpt_scenario_lcov_keys_path - "<path>.keys" into @buf; 0 or -ENAMETOOLONG. */
int rpt_scenario_lcov_keys_path(const char *path, char *buf, size_t len);

/*
 * rpt_scenario_lcov_dump - the tracefile to @lcov, the key listing to @keys;
 * @keys_path is where the listing will be (its directory must exist): SF
 * names its absolute form.  0, -ENOMEM or the errno of resolving @keys_path.
 */
int rpt_scenario_lcov_dump(const struct rpt_input *in, FILE *lcov, FILE *keys,
			   const char *keys_path);

/*
 * rpt_html_write - the pages of rpt_html_pages() into @dir (created if
 * needed), all or none (common/output.h).  0 or -errno.
 */
int rpt_html_write(const struct rpt_input *in, const char *dir);

/*
 * rpt_html_pages - how many pages `--html` writes: index.html (page 0, the
 * coverage page) and one run-N.html per run that ran (docs/reports.md).
 * rpt_html_page_name - page @k's file name into @buf.
 * rpt_html_page_dump - page @k to @f.  0 or -ENOMEM.
 * rpt_html_dump - page 0.
 */
size_t rpt_html_pages(const struct rpt_input *in);
void rpt_html_page_name(const struct rpt_input *in, size_t k, char *buf, size_t len);
int rpt_html_page_dump(const struct rpt_input *in, size_t k, FILE *f);
int rpt_html_dump(const struct rpt_input *in, FILE *f);

/*
 * rpt_html_mkdir - create @dir unless it exists; @made says whether it was
 * created (so a failed command can remove it again).  0 or -errno.
 */
int rpt_html_mkdir(const char *dir, bool *made);

#endif /* XDNASIM_REPORTS_REPORT_H */
