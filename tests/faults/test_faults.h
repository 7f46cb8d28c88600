/* SPDX-License-Identifier: MIT */
/* test_faults.h - the suites of test_faults and the helpers they share. */
#ifndef XDNASIM_TESTS_FAULTS_TEST_FAULTS_H
#define XDNASIM_TESTS_FAULTS_TEST_FAULTS_H

#include <check.h>

#include "scenarios/fail_nth.h"

Suite *bugs_suite(void);
Suite *fnth_suite(void);
Suite *scenarios_suite(void);

/* fnth_cell - the row of (@site, @n) in @rep; fails the test when there is none. */
const struct sim_fnth_row *fnth_cell(const struct sim_fnth_report *rep, const char *site, u64 n);

#endif /* XDNASIM_TESTS_FAULTS_TEST_FAULTS_H */
