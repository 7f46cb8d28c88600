/* SPDX-License-Identifier: MIT */
/*
 * run_report_series.h - the "timeline" member of a run in the JSON run
 * report (docs/run.md "The timeline") and the report's layout of scalar
 * arrays, for run_report.c.  Internal to reports/.
 */
#ifndef XDNASIM_REPORTS_RUN_REPORT_SERIES_H
#define XDNASIM_REPORTS_RUN_REPORT_SERIES_H

#include <jansson.h>
#include <stdio.h>

#include "scenarios/run.h"

/*
 * rpt_run_timeline_json - {budget, instances: [{instance, ops, ops_per_point,
 * points, columns: {NAME: [...], ...}}]}; NULL when out of memory.
 */
json_t *rpt_run_timeline_json(const struct run_result *res);

/*
 * rpt_json_write - dump @doc on @f with sorted keys and two-space
 * indentation, each array whose items are all scalars on one line.
 * Returns 0, -ENOMEM or -EIO.
 */
int rpt_json_write(FILE *f, const json_t *doc, size_t flags);

/*
 * struct rpt_deferred - a member built only when the writer reaches it:
 * the document holds rpt_deferred_mark(i) in its place, and
 * rpt_json_write_deferred() builds @build(@res), writes it where the mark
 * is (indented to its depth) and frees it before going on, so the largest
 * members of a long run's report never all exist at once as JSON trees.
 */
struct rpt_deferred {
	json_t *(*build)(const struct run_result *res);
	const struct run_result *res;
};

/* rpt_deferred_mark - the placeholder of deferred member @i; NULL without memory. */
json_t *rpt_deferred_mark(size_t i);

/*
 * rpt_json_write_deferred - rpt_json_write() with the @nd members of @d
 * written at their marks; the output is the same bytes as if they had
 * been in @doc.  Returns 0, -ENOMEM or -EIO.
 */
int rpt_json_write_deferred(FILE *f, const json_t *doc, size_t flags,
			    const struct rpt_deferred *d, size_t nd);

#endif /* XDNASIM_REPORTS_RUN_REPORT_SERIES_H */
