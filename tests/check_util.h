/* SPDX-License-Identifier: MIT */
/*
 * check_util.h - shared helpers for the Check test programs.
 *
 * Every program's main() calls xdnasim_run_suites().  Random tests take their
 * seed from test_seed() ($XDNASIM_SEED, else a fixed default) and print it on
 * failure; test_scale() shrinks iteration counts under Valgrind.
 */
#ifndef XDNASIM_TESTS_CHECK_UTIL_H
#define XDNASIM_TESTS_CHECK_UTIL_H

#include <check.h>
#include <stddef.h>

#include "common/compat.h"

/* Default seed of every random test when $XDNASIM_SEED is unset. */
#define XDNASIM_TEST_DEFAULT_SEED 0x5eed0001ULL

u64 test_seed(void);

/*
 * test_scale - @n, or @n / @div (at least 1) when running under Valgrind
 * ($XDNASIM_UNDER_VALGRIND set by the memcheck twins).
 */
u64 test_scale(u64 n, u64 div);

/*
 * xdnasim_run_suites - run @n suites in one SRunner; returns the process
 * exit status (0 when every test passed).
 */
int xdnasim_run_suites(Suite **suites, size_t n);

#endif /* XDNASIM_TESTS_CHECK_UTIL_H */
