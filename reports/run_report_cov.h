/* SPDX-License-Identifier: MIT */
/*
 * run_report_cov.h - the coverage parts of a JSON run report ("ledger" and
 * "heap_ops", schema xdnasim-run-report/3), for run_report.c.  Internal to
 * reports/ (exposes jansson).
 */
#ifndef XDNASIM_REPORTS_RUN_REPORT_COV_H
#define XDNASIM_REPORTS_RUN_REPORT_COV_H

#include <jansson.h>

#include "scenarios/run.h"

/* The heap-op columns, in row order. */
#define RPT_HEAP_OP_COLUMNS "instance", "op", "result", "addr", "size", "committed", "live"

/*
 * rpt_run_ledger_json - {"keys": N, "hits": {KEY: n, ...}} with the keys a
 * run hit (sim/ledger.h); NULL when out of memory.
 */
json_t *rpt_run_ledger_json(const struct run_result *res);

/*
 * rpt_run_heap_ops_json - {"columns": [...], "rows": [[...]], "truncated"}:
 * every chunk add, DEV BO alloc and free; NULL when out of memory.
 */
json_t *rpt_run_heap_ops_json(const struct run_result *res);

/* The mark columns, in row order. */
#define RPT_MARK_COLUMNS "kind", "instance", "op", "last_op", "count", "time_ns", "line", "detail"

/* The phase span columns, in row order. */
#define RPT_SPAN_COLUMNS "instance", "phase", "op", "last_op", "time_ns", "end_ns"

/*
 * rpt_run_pictures_json - {"marks": {"width", "columns", "rows"},
 * "heap_maps": [...], "heap_maps_dropped", "phases": {"columns", "rows",
 * "dropped"}} (&struct run_pictures, docs/run.md); NULL when out of memory.
 */
json_t *rpt_run_pictures_json(const struct run_result *res);

#endif /* XDNASIM_REPORTS_RUN_REPORT_COV_H */
