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
	size_t ninst;
	struct rpt_index inst_ix;	/* private: @inst by name */
	bool has_ledger;
	u64 *hits;
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

/* rpt_html_write - @dir/index.html (created with @dir if needed).  0 or -errno. */
int rpt_html_write(const struct rpt_input *in, const char *dir);

/* rpt_html_dump - the page itself. */
int rpt_html_dump(const struct rpt_input *in, FILE *f);

/*
 * rpt_html_mkdir - create @dir unless it exists; @made says whether it was
 * created (so a failed command can remove it again).  0 or -errno.
 */
int rpt_html_mkdir(const char *dir, bool *made);

#endif /* XDNASIM_REPORTS_REPORT_H */
