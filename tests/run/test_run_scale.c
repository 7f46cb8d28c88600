// SPDX-License-Identifier: MIT
/*
 * The runner at scale: the label index (scenarios/run_bos.c) frees, syncs
 * and executes exactly what a scan over every BO would, and long churns
 * with thousands of live BOs cost O(log n) per operation, not O(n).
 */
#include "tests/run/test_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR "xdnasim: 1\nseed: 7\n"

/* Two runs agree op for op: result, address, live BOs, holes. */
static void same_series(const struct tr *a, const struct tr *b)
{
	ck_assert_uint_eq(a->r.nr_series, b->r.nr_series);
	for (u64 i = 0; i < a->r.nr_series; i++) {
		const struct run_op *x = &a->r.series[i], *y = &b->r.series[i];

		ck_assert_msg(x->err == y->err && x->addr == y->addr && x->live_bos == y->live_bos &&
			      x->holes == y->holes && x->live == y->live,
			      "op %llu differs: err %d/%d addr %#llx/%#llx live BOs %u/%u",
			      (unsigned long long)i, x->err, y->err, (unsigned long long)x->addr,
			      (unsigned long long)y->addr, x->live_bos, y->live_bos);
	}
}

static char *churn(const char *free_args, u32 iters)
{
	char *y = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&y, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, HDR "clients:\n  - name: a\n    steps:\n      - open\n"
		   "      - hwctx_create: c\n"
		   "      - alloc: {label: keep, size: 8KiB, count: 2}\n"
		   "      - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 96KiB}}, count: 200}\n"
		   "      - repeat:\n          count: %u\n          steps:\n"
		   "            - free: %s\n"
		   "            - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 96KiB}}, count: 3}\n"
		   "            - exec: {hwctx: c, bos: [keep, keep]}\n"
		   "            - sync: keep\n", iters, free_args);
	fclose(f);
	return y;
}

/*
 * The same candidates reached through the index (a pattern covering one
 * label; no pattern) and through the scan (a pattern the index cannot
 * classify; "*" matching two labels) give the same run.
 */
START_TEST(test_index_matches_scan)
{
	static const char *const pairs[][2] = {
		{ "{fraction: 0.02, pattern: \"pool*\"}", "{fraction: 0.02, pattern: \"pool*]\"}" },
		{ "{fraction: 0.02}", "{fraction: 0.02, pattern: \"*\"}" },
		{ "{fraction: 0.5, pattern: \"pool*\"}", "{fraction: 0.5, pattern: \"p?ol*]\"}" },
		{ "{pattern: \"pool*\"}", "{pattern: \"pool*]\"}" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		char *ya = churn(pairs[i][0], 150), *yb = churn(pairs[i][1], 150);
		struct tr a, b;

		tr_run(&a, ya, NULL);
		tr_run(&b, yb, NULL);
		ck_assert_int_eq(a.r.status, RUN_PASS);
		ck_assert_int_eq(b.r.status, RUN_PASS);
		ck_assert_uint_gt(a.r.instances[0].m.v[RUN_M_HOLE_COUNT] +
				  a.r.total.v[RUN_M_FAILURES], 0);
		same_series(&a, &b);
		tr_done(&a);
		tr_done(&b);
		free(ya);
		free(yb);
	}
}
END_TEST

/*
 * 10,000 live BOs in each of two clients and 60,000 churn operations each,
 * with a metrics check at the end: O(live) work per operation (a scan of
 * the BOs, a walk of the holes) would be about 10^9 steps and take minutes,
 * far past this test case's timeout; the indexed runner takes about a second.
 */
START_TEST(test_churn_many_live_bos)
{
	u64 iters = test_scale(20000, 200), live = test_scale(10000, 20);
	char *y = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&y, &len);
	struct run_opts o = { 0 };
	struct tr t;

	ck_assert_ptr_nonnull(f);
	fprintf(f, HDR "clients:\n  - name: a\n    instances: 2\n    steps:\n      - open\n"
		   "      - hwctx_create: c\n"
		   "      - alloc: {label: instr, size: 8KiB}\n"
		   "      - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 40KiB}}, count: %llu}\n"
		   "      - repeat:\n          count: %llu\n          steps:\n"
		   "            - free: {fraction: %.9f, pattern: \"pool*\"}\n"
		   "            - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 40KiB}}}\n"
		   "            - exec: {hwctx: c, bos: [instr]}\n"
		   "expect:\n  invariants: [mm_check]\n",
		(unsigned long long)live, (unsigned long long)iters, 1.0001 / (double)live);
	fclose(f);
	o.no_series = true;
	tr_run(&t, y, &o);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.nr_ops, 2 * (4 + 3 * iters));
	for (u32 i = 0; i < 2; i++) {
		/* the pool, instr, and the hwctx's 4 command buffers */
		ck_assert_uint_eq(t.r.instances[i].m.v[RUN_M_LIVE_BOS], live + 1 + 4);
		ck_assert_uint_eq(t.r.instances[i].m.v[RUN_M_FAILURES], 0);
	}
	tr_done(&t);
	free(y);
}
END_TEST

Suite *run_scale_suite(void)
{
	Suite *s = suite_create("run_scale");
	TCase *tc = tcase_create("scale");

	/* generous: the quadratic versions took minutes */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_index_matches_scan);
	tcase_add_test(tc, test_churn_many_live_bos);
	suite_add_tcase(s, tc);
	return s;
}
