/* SPDX-License-Identifier: MIT */
/*
 * sweep_report.h - the outputs of a sweep (scenarios/sweep.h): the rows as
 * CSV and JSON (schema xdnasim-sweep/1, reports/sweep.schema.json), a
 * per-revision summary (text and JSON), an HTML page plotting metric
 * distributions per revision, and reading a sweep JSON back to merge shards.
 * Every writer is deterministic: the same rows give the same bytes.
 */
#ifndef XDNASIM_REPORTS_SWEEP_REPORT_H
#define XDNASIM_REPORTS_SWEEP_REPORT_H

#include <stdio.h>

#include "scenarios/sweep.h"

#define SWEEP_SCHEMA "xdnasim-sweep/1"

/*
 * struct rpt_sweep - a sweep's result.
 * @spec: the matrix (its shard says which cells @rows holds).
 * @name: the scenario's name.
 * @rows: @nr rows in cell order.
 * @metrics: the summary's metrics (enum run_metric), @nr_metrics of them.
 */
struct rpt_sweep {
	struct sweep_spec spec;
	char *file;		/* owned copy of spec.scenario when read back */
	char *name;
	struct sweep_row *rows;
	u64 nr;
	int metrics[RUN_M_COUNT];
	u32 nr_metrics;
};

/* rpt_sweep_free - release @s's rows, name and spec (not @s itself). */
void rpt_sweep_free(struct rpt_sweep *s);

/*
 * rpt_sweep_csv / _json / _html / _summary - write @s to @f.
 * csv: a header, then one line per row: cell, revision, seed, each --set
 *      key, verdict, expects_failed, ops, every metric.
 * json: the schema, scenario, matrix, shard, rows and summary.
 * html: one SVG strip plot per summary metric, one band per revision.
 * summary: the per-revision table (runs, failed) and mean/min/max of each
 *      summary metric, as text.
 * Return: 0, -ENOMEM, or -EIO when writing failed.
 */
int rpt_sweep_csv(FILE *f, const struct rpt_sweep *s);
int rpt_sweep_json(FILE *f, const struct rpt_sweep *s);
int rpt_sweep_html(FILE *f, const struct rpt_sweep *s);
int rpt_sweep_summary(FILE *f, const struct rpt_sweep *s);

/*
 * rpt_sweep_file - one of the writers above into @path, through a temporary
 * file renamed over @path when complete.  Return: 0 or a negative errno.
 */
int rpt_sweep_file(const char *path, int (*writer)(FILE *f, const struct rpt_sweep *s),
		   const struct rpt_sweep *s);

/**
 * rpt_sweep_read - read a sweep JSON written by rpt_sweep_json() into @s.
 * @err: "FILE: message" on failure.
 * Return: 0, -EINVAL (not a sweep JSON of this schema), -ENOMEM, or the
 * negative errno of a failed read.
 */
int rpt_sweep_read(const char *path, struct rpt_sweep *s, char *err, size_t len);

/**
 * rpt_sweep_merge - join shard results @in[0..@n) (the same matrix and
 * metrics, distinct shards that together hold every cell once) into @out,
 * the result of one unsharded run.
 * Return: 0, -EINVAL (@err says why), -ENOMEM.
 */
int rpt_sweep_merge(struct rpt_sweep *in, size_t n, struct rpt_sweep *out, char *err,
		    size_t len);

#endif /* XDNASIM_REPORTS_SWEEP_REPORT_H */
