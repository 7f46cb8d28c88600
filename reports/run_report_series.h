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

#endif /* XDNASIM_REPORTS_RUN_REPORT_SERIES_H */
