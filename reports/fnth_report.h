/* SPDX-License-Identifier: MIT */
/*
 * fnth_report.h - the fail-nth part of the JSON run report; internal to
 * reports/ (it exposes jansson, which no other module sees).
 */
#ifndef XDNASIM_REPORTS_FNTH_REPORT_H
#define XDNASIM_REPORTS_FNTH_REPORT_H

#include <jansson.h>

#include "scenarios/fail_nth.h"

/**
 * rpt_fail_nth_json - the "fail_nth" object of a run (schema $defs/fail_nth).
 *
 * Return: a new reference, or NULL when out of memory.
 */
json_t *rpt_fail_nth_json(const struct sim_fnth_report *r);

/* rpt_bug_list - names of the SIM_BUG() bits in @bugs, as an array; NULL: no memory. */
json_t *rpt_bug_list(u64 bugs);

#endif /* XDNASIM_REPORTS_FNTH_REPORT_H */
