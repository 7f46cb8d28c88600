/* SPDX-License-Identifier: MIT */
/*
 * explore_report.h - the JSON document of `xdnasim explore --json FILE`
 * (schema EXPLORE_SCHEMA, reports/explore-report.schema.json, prose in
 * docs/explore.md): the threads, what was explored and the failing
 * schedule.  Keys sorted, two-space indent, no timestamps or rates: the
 * same exploration, the same bytes.  This header does not expose jansson.
 */
#ifndef XDNASIM_REPORTS_EXPLORE_REPORT_H
#define XDNASIM_REPORTS_EXPLORE_REPORT_H

#include <stdio.h>

#include "scenarios/explore.h"

/*
 * rpt_explore_write - the document for exploration @r of scenario file
 * @input with options @o.  Return: 0; -ENOMEM; -EIO when writing failed.
 */
int rpt_explore_write(FILE *f, const char *input, const struct explore_opts *o,
		      const struct explore_result *r);

/*
 * rpt_explore_file - rpt_explore_write() into @path through common/output.h
 * (a failure leaves @path as it was).  Return: 0, -ENOMEM or the negative
 * errno of the failed create/write/rename.
 */
int rpt_explore_file(const char *path, const char *input, const struct explore_opts *o,
		     const struct explore_result *r);

#endif
