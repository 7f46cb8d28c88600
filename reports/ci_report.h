/* SPDX-License-Identifier: MIT */
/*
 * ci_report.h - run results for CI systems: JUnit XML (as GitLab and GitHub
 * read it) and TAP version 13.  Both are made from one mapping of a run
 * result to test cases, rpt_ci_cases(); docs/ci.md describes the formats.
 */
#ifndef XDNASIM_REPORTS_CI_REPORT_H
#define XDNASIM_REPORTS_CI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"

enum rpt_ci_verdict {
	RPT_CI_PASS,
	RPT_CI_FAIL,	/* an expectation failed, or something failed unexpectedly */
	RPT_CI_ERROR,	/* the scenario could not run */
	RPT_CI_SKIP,	/* a failure the scenario declares as a known bug (XFAIL) */
};

/*
 * struct rpt_ci_case - one test case of a run.
 * @name: unique within the run: "line 14: alloc A: result ok".
 * @line: its scenario line (0: none).
 * @message: for a failure or error "FILE:LINE: what happened"; for a
 *	     skipped case the reason; "" for a pass.
 * @detail: more context (op, client instance, seed), or "".
 */
struct rpt_ci_case {
	enum rpt_ci_verdict verdict;
	char name[256];
	unsigned int line;
	char message[768];
	char detail[256];
};

/**
 * rpt_ci_cases - the test cases of @res: one per expectation, one per
 * failure nothing expected, one "error" case for a scenario that could not
 * run.  A failed run always has at least one failing case.
 * @cases: receives a malloc'ed array (free() it); @n its length.
 *
 * Return: 0 or -ENOMEM.
 */
int rpt_ci_cases(const struct run_result *res, struct rpt_ci_case **cases, size_t *n);

/**
 * rpt_junit_write - JUnit XML of @n runs: one <testsuite> per scenario,
 * one <testcase> per rpt_ci_cases() case (classname = scenario name, file,
 * line), <failure>/<error>/<skipped> with the message.  Validates against
 * reports/junit.xsd.  No times or host names: the same runs give the same
 * bytes.
 *
 * Return: 0, -ENOMEM, or -EIO when writing to @f failed.
 */
int rpt_junit_write(FILE *f, const struct run_result *const *runs, size_t n);

/**
 * rpt_tap_write - TAP version 13 of @n runs: the plan, one test point per
 * scenario ("ok 1 - NAME"), a YAML diagnostic block after each, a known
 * bug's failure as "not ok ... # TODO".
 *
 * Return: 0, -ENOMEM, or -EIO when writing to @f failed.
 */
int rpt_tap_write(FILE *f, const struct run_result *const *runs, size_t n);

/*
 * rpt_junit_file - rpt_junit_write() into @path, written to a temporary
 * file in the same directory and renamed over @path only when complete.
 * Return: 0 or a negative errno.
 */
int rpt_junit_file(const char *path, const struct run_result *const *runs, size_t n);

#endif /* XDNASIM_REPORTS_CI_REPORT_H */
