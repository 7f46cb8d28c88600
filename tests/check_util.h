/* SPDX-License-Identifier: MIT */
/*
 * check_util.h - the test kit every Check test program uses.
 *
 * Every program's main() calls xdnasim_run_suites().  Random tests take their
 * seed from test_seed() ($XDNASIM_SEED, else a fixed default) and print it on
 * failure; test_scale() shrinks iteration counts under Valgrind.
 *
 * Assertions.  Check's ck_assert*() reports every assertion that *passes* to
 * the parent process (a pipe write each); the T_* family below calls into
 * Check only when it fails, so it is the one to use in loops.  Use ck_assert*
 * or T_* freely elsewhere; do not write another family.
 *
 *   T_ASSERT(c)          c must hold
 *   T_MSG(c, fmt, ...)   c must hold; the message says why it did not
 *   T_EQ(a, b)           equal as u64 (printed in hex and decimal)
 *   T_INT_EQ(a, b)       equal as long long (errnos, signed values)
 *   T_MEM_EQ(a, b, n)    n bytes equal
 *
 * A failing T_* assertion names its file and line, and the step set in
 * t_step by a long random test (T_NO_STEP: none).
 *
 * Checkers.  One *_assert_ok per module checker; each fails with the
 * checker's own explanation:
 *   mm_assert_ok(mm)  heap_assert_ok(heap)  mbox_assert_ok(chan)
 *   mbox_hw_assert_ok(hw)  iommu_assert_ok(io)  ledger_assert_ok(ledger)
 *   sim_assert_ok(sim)  scn_assert_ok(scn)  lcov_assert_ok(trace)
 *   run_result_assert_ok(res)
 * Each is a macro: the test includes the module's header.
 */
#ifndef XDNASIM_TESTS_CHECK_UTIL_H
#define XDNASIM_TESTS_CHECK_UTIL_H

#include <check.h>
#include <stddef.h>
#include <string.h>

#include "common/compat.h"

/* Default seed of every random test when $XDNASIM_SEED is unset. */
#define XDNASIM_TEST_DEFAULT_SEED 0x5eed0001ULL

u64 test_seed(void);

/*
 * t_yaml_files - the paths of the .yaml files directly in @dir, sorted,
 * NULL-terminated (at most 255); release with t_free_files().  Fails the
 * test when @dir cannot be read.
 */
char **t_yaml_files(const char *dir);
void t_free_files(char **files);

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

/*
 * t_suite - a suite @name with one test case of the same name holding
 * @tests (NULL-terminated), each allowed @timeout seconds.
 */
Suite *t_suite(const char *name, double timeout, const TTest *const *tests);

/* --- failure-only assertions ------------------------------------------ */

#define T_NO_STEP U64_MAX
/* The step a long random test is at (T_NO_STEP: none); failures print it. */
extern u64 t_step;

/*
 * t_fail - fail the running test at @file:@line with the formatted message,
 * or, inside t_catch(), return to it.  Does not return.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4), noreturn))
#endif
void t_fail(const char *file, int line, const char *fmt, ...);

/*
 * t_catch - run @fn(@arg) and return what it returns, or the line of the
 * first T_* assertion that failed inside it (the test goes on).  For checks
 * that must be seen to fail, e.g. a bug switch re-creating its bug.  @fn
 * must not hold resources across its assertions.  Not nestable.
 */
int t_catch(int (*fn)(void *), void *arg);

#define T_ASSERT(c)                                                                \
	do {                                                                       \
		if (unlikely(!(c)))                                                \
			t_fail(__FILE__, __LINE__, "'%s' failed", #c);             \
	} while (0)
#define T_MSG(c, ...)                                                              \
	do {                                                                       \
		if (unlikely(!(c)))                                                \
			t_fail(__FILE__, __LINE__, __VA_ARGS__);                   \
	} while (0)
#define T_EQ(a, b)                                                                 \
	do {                                                                       \
		unsigned long long a_ = (u64)(a), b_ = (u64)(b);                   \
		if (unlikely(a_ != b_))                                            \
			t_fail(__FILE__, __LINE__,                                 \
			       "'%s == %s' failed: %#llx (%llu) != %#llx (%llu)", #a, #b, \
			       a_, a_, b_, b_);                                    \
	} while (0)
#define T_INT_EQ(a, b)                                                             \
	do {                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                \
		if (unlikely(a_ != b_))                                            \
			t_fail(__FILE__, __LINE__, "'%s == %s' failed: %lld != %lld", \
			       #a, #b, a_, b_);                                    \
	} while (0)
#define T_MEM_EQ(a, b, n)                                                          \
	do {                                                                       \
		if (unlikely(memcmp((a), (b), (n)) != 0))                          \
			t_fail(__FILE__, __LINE__, "'%s' and '%s' differ in %zu bytes", \
			       #a, #b, (size_t)(n));                               \
	} while (0)

/* --- one assertion per checker ---------------------------------------- */

/* @check(@obj, why, len) must return 0; fails with its explanation. */
#define T_CHECKER_OK(check, obj)                                                   \
	do {                                                                       \
		char why_[512] = "";                                               \
		int rc_ = check((obj), why_, sizeof(why_));                        \
		if (unlikely(rc_ != 0))                                            \
			t_fail(__FILE__, __LINE__, "%s(%s) = %d: %s", #check, #obj, rc_, \
			       why_);                                              \
	} while (0)

#define mm_assert_ok(mm) T_CHECKER_OK(mm_check, mm)
#define heap_assert_ok(heap) T_CHECKER_OK(heap_check, heap)
#define mbox_assert_ok(chan) T_CHECKER_OK(mbox_check, chan)
#define mbox_hw_assert_ok(hw) T_CHECKER_OK(mbox_hw_check, hw)
#define iommu_assert_ok(io) T_CHECKER_OK(iommu_check, io)
#define ledger_assert_ok(ledger) T_CHECKER_OK(sim_ledger_check, ledger)
#define scn_assert_ok(scn) T_CHECKER_OK(scn_check, scn)
#define lcov_assert_ok(trace) T_CHECKER_OK(lcov_check, trace)
#define run_result_assert_ok(res) T_CHECKER_OK(run_result_check, res)
#define sim_assert_ok(sim)                                                         \
	do {                                                                       \
		struct sim_violation v_;                                           \
		if (unlikely(sim_check((sim), &v_) != 0))                          \
			t_fail(__FILE__, __LINE__, "sim_check(%s): invariant sim.%d: %s", \
			       #sim, v_.number, v_.why);                           \
	} while (0)

#endif /* XDNASIM_TESTS_CHECK_UTIL_H */
