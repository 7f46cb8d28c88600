/* SPDX-License-Identifier: MIT */
/* test_run.h - helpers shared by the scenario runner tests. */
#ifndef XDNASIM_TESTS_RUN_TEST_RUN_H
#define XDNASIM_TESTS_RUN_TEST_RUN_H

#include <check.h>

#include "scenarios/run.h"
#include "tests/check_util.h"

/* A loaded scenario and its run, released together by tr_done(). */
struct tr {
	struct scn *s;
	struct run_result r;
	int ret;
};

/* tr_run - load @yaml (must be valid) and run it with @opts (may be NULL). */
void tr_run(struct tr *t, const char *yaml, const struct run_opts *opts);
void tr_done(struct tr *t);

/* tr_expect - the expectation whose text starts with @prefix (fails the test if none). */
const struct run_expect_result *tr_expect(const struct tr *t, const char *prefix);

/* tr_report - the JSON report of @t as a malloc'd NUL-terminated string. */
char *tr_report(const struct tr *t);

Suite *run_core_suite(void);
Suite *run_report_suite(void);
Suite *run_verdict_suite(void);
Suite *run_scale_suite(void);
Suite *run_pics_suite(void);

#endif /* XDNASIM_TESTS_RUN_TEST_RUN_H */
