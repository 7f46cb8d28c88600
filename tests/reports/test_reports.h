/* SPDX-License-Identifier: MIT */
/* test_reports.h - the suites of test_reports (tests/reports/). */
#ifndef XDNASIM_TESTS_REPORTS_H
#define XDNASIM_TESTS_REPORTS_H

#include <check.h>

/* rpt_test_file_bytes - the file @path in a malloc'd buffer of *@len + 1 bytes (fails the test if unreadable). */
char *rpt_test_file_bytes(const char *path, size_t *len);

Suite *reports_lcov_suite(void);
Suite *reports_ledger_suite(void);
Suite *reports_report_suite(void);
Suite *reports_scale_suite(void);
Suite *reports_html_suite(void);

#endif /* XDNASIM_TESTS_REPORTS_H */
