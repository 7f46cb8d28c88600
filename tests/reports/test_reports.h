/* SPDX-License-Identifier: MIT */
/* test_reports.h - the suites of test_reports (tests/reports/). */
#ifndef XDNASIM_TESTS_REPORTS_H
#define XDNASIM_TESTS_REPORTS_H

#include <check.h>

Suite *reports_lcov_suite(void);
Suite *reports_ledger_suite(void);
Suite *reports_report_suite(void);
Suite *reports_scale_suite(void);

#endif /* XDNASIM_TESTS_REPORTS_H */
