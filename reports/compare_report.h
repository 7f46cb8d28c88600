/* SPDX-License-Identifier: MIT */
/*
 * compare_report.h - the JSON report of `xdnasim compare --json FILE`
 * (schema COMPARE_REPORT_SCHEMA, reports/compare-report.schema.json,
 * prose in docs/run.md "xdnasim compare").  A report holds comparisons,
 * each one pair of runs of one scenario (today design head against design
 * pr1233) with where they diverge and the metrics that differ.  Keys
 * sorted, two-space indent, no timestamps: identical inputs, identical
 * bytes.  This header does not expose jansson.
 */
#ifndef XDNASIM_REPORTS_COMPARE_REPORT_H
#define XDNASIM_REPORTS_COMPARE_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"

#define COMPARE_REPORT_SCHEMA "xdnasim-compare/1"

/*
 * struct rpt_compare_pair - one comparison: runs @a and @b of one scenario
 * (neither RUN_ERROR) under the names @a_name / @b_name (the revisions),
 * and run_compare()'s divergence of the two.
 */
struct rpt_compare_pair {
	const struct run_result *a;
	const struct run_result *b;
	const char *a_name;
	const char *b_name;
	struct run_divergence d;
};

/**
 * rpt_compare_report_write - write one document holding @n comparisons.
 * Return: 0; -ENOMEM; -EIO when writing failed.
 */
int rpt_compare_report_write(FILE *f, const struct rpt_compare_pair *pairs, size_t n);

/**
 * rpt_compare_report_file - rpt_compare_report_write() into @path through
 * common/output.h (a failure leaves @path as it was).
 * Return: 0; -ENOMEM; the negative errno of the failed create/write/rename.
 */
int rpt_compare_report_file(const char *path, const struct rpt_compare_pair *pairs, size_t n);

#endif /* XDNASIM_REPORTS_COMPARE_REPORT_H */
