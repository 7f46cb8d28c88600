// SPDX-License-Identifier: MIT
/* Tests for common/: number parsing, errno names, the seeded generator. */
#include "tests/check_util.h"
#include "common/parse.h"
#include "common/errname.h"
#include "common/rand.h"
#include "common/bug.h"

#include <errno.h>
#include <signal.h>

START_TEST(test_parse_u64_bounds)
{
	u64 v = 7;

	ck_assert_int_eq(parse_u64("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_u64("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, U64_MAX);
	v = 7;
	ck_assert_int_eq(parse_u64("18446744073709551616", &v), -ERANGE);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(parse_u64("99999999999999999999", &v), -ERANGE);
	ck_assert_int_eq(parse_u64("0xffffffffffffffff", &v), 0);
	ck_assert_uint_eq(v, U64_MAX);
	ck_assert_int_eq(parse_u64("0x10000000000000000", &v), -ERANGE);
	ck_assert_int_eq(parse_u64("0x4000000", &v), 0);
	ck_assert_uint_eq(v, 0x4000000);
}
END_TEST

START_TEST(test_parse_u64_rejects_garbage)
{
	u64 v = 3;

	ck_assert_int_eq(parse_u64("", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("-1", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("+1", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("1 ", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("12a", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("0x", &v), -EINVAL);
	ck_assert_int_eq(parse_u64_dec("0x10", &v), -EINVAL);
	ck_assert_uint_eq(v, 3);
}
END_TEST

START_TEST(test_errname_roundtrip)
{
	ck_assert_str_eq(xerrname(-ENOSPC), "ENOSPC");
	ck_assert_str_eq(xerrname(EAGAIN), "EAGAIN");
	ck_assert_str_eq(xerrname(0), "0");
	ck_assert_str_eq(xerrname(-9999), "E?9999");
	ck_assert_int_eq(xerrno_from_name("ETIME"), ETIME);
	ck_assert_int_eq(xerrno_from_name("ENOPE"), 0);
}
END_TEST

START_TEST(test_rand_is_seeded_and_uniform_enough)
{
	struct xrand a, b;
	u64 hist[8] = { 0 };

	xrand_seed(&a, 42);
	xrand_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_eq(xrand_next(&a), xrand_next(&b));
	xrand_seed(&b, 43);
	ck_assert_uint_ne(xrand_next(&a), xrand_next(&b));
	/* splitmix64(0) first output, a published reference value. */
	xrand_seed(&a, 0);
	ck_assert_uint_eq(a.s[0], 0xe220a8397b1dcdafULL);
	for (int i = 0; i < 80000; i++)
		hist[xrand_below(&a, 8)]++;
	for (int i = 0; i < 8; i++)
		ck_assert(hist[i] > 9000 && hist[i] < 11000);
	for (int i = 0; i < 1000; i++) {
		u64 r = xrand_range(&a, 5, 9);

		ck_assert(r >= 5 && r <= 9);
	}
	ck_assert_uint_eq(xrand_below(&a, 0), 0);
	ck_assert_uint_eq(xrand_below(&a, 1), 0);
}
END_TEST

/* BUG_ON: fires in Debug/sanitizer builds; elsewhere not evaluated. */
START_TEST(test_bug_on_quiet)
{
	int evaluated = 0;

	BUG_ON(evaluated++ != 0);
	BUG_ON(false);
	ck_assert_int_eq(evaluated, BUG_ON_ENABLED);
}
END_TEST

START_TEST(test_bug_on_fires)
{
	BUG_ON(1 + 1 == 2);
}
END_TEST

static Suite *common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_u64_bounds);
	tcase_add_test(tc, test_parse_u64_rejects_garbage);
	tcase_add_test(tc, test_errname_roundtrip);
	tcase_add_test(tc, test_rand_is_seeded_and_uniform_enough);
	tcase_add_test(tc, test_bug_on_quiet);
	if (BUG_ON_ENABLED)
		tcase_add_test_raise_signal(tc, test_bug_on_fires, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s[] = { common_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
