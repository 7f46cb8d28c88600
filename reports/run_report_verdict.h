/* SPDX-License-Identifier: MIT */
/*
 * run_report_verdict.h - the verdict parts of a JSON run report
 * ("revision", "failures", "known_bug", "allow"; docs/run.md "Verdicts"),
 * for run_report.c.  Internal to reports/ (exposes jansson).
 */
#ifndef XDNASIM_REPORTS_RUN_REPORT_VERDICT_H
#define XDNASIM_REPORTS_RUN_REPORT_VERDICT_H

#include <jansson.h>

#include "scenarios/run.h"

/*
 * rpt_run_verdict_add - add the verdict members of @res to the run object
 * @o.  Returns 0 or -ENOMEM.
 */
int rpt_run_verdict_add(json_t *o, const struct run_result *res);

#endif /* XDNASIM_REPORTS_RUN_REPORT_VERDICT_H */
