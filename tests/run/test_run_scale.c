// SPDX-License-Identifier: MIT
/*
 * The runner at scale: the label index (scenarios/run_bos.c) frees, syncs
 * and executes exactly what a scan over every BO would, and long churns
 * with thousands of live BOs cost O(log n) per operation, not O(n).
 */
#include "tests/run/test_run.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/run_report.h"

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

/* A churn over @pool pool BOs (a keep label of 2 besides). */
static char *churn_pool(const char *free_args, u32 pool, u32 iters)
{
	char *y = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&y, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, HDR "clients:\n  - name: a\n    steps:\n      - open\n"
		   "      - hwctx_create: c\n"
		   "      - alloc: {label: keep, size: 8KiB, count: 2}\n"
		   "      - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 96KiB}}, count: %u}\n"
		   "      - repeat:\n          count: %u\n          steps:\n"
		   "            - free: %s\n"
		   "            - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 96KiB}}, count: 3}\n"
		   "            - exec: {hwctx: c, bos: [keep, keep]}\n"
		   "            - sync: keep\n", pool, iters, free_args);
	fclose(f);
	return y;
}

static char *churn(const char *free_args, u32 iters)
{
	return churn_pool(free_args, 200, iters);
}

/*
 * Run @ya (candidates through the index) and @yb (through the scan): both
 * pass and agree op for op.  @churned: the run must have made holes or
 * failures.  Frees both texts.
 */
static void index_vs_scan(char *ya, char *yb, bool churned)
{
	struct tr a, b;

	tr_run(&a, ya, NULL);
	tr_run(&b, yb, NULL);
	ck_assert_int_eq(a.r.status, RUN_PASS);
	ck_assert_int_eq(b.r.status, RUN_PASS);
	if (churned)
		ck_assert_uint_gt(a.r.instances[0].m.v[RUN_M_HOLE_COUNT] +
				  a.r.total.v[RUN_M_FAILURES], 0);
	same_series(&a, &b);
	tr_done(&a);
	tr_done(&b);
	free(ya);
	free(yb);
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

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		index_vs_scan(churn(pairs[i][0], 150), churn(pairs[i][1], 150), true);
}
END_TEST

/*
 * The same with thousands of BOs: the set's live bitmap spans several
 * blocks and its tree several levels, and compaction rebuilds it mid-run.
 */
START_TEST(test_index_matches_scan_many_blocks)
{
	u32 pool = (u32)test_scale(3000, 2);

	index_vs_scan(churn_pool("{fraction: 0.3, pattern: \"pool*\"}", pool, 12),
		      churn_pool("{fraction: 0.3, pattern: \"pool*]\"}", pool, 12), false);
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
		/* the pool, instr, the hwctx's 4 command buffers and its CU's PDI buffer */
		ck_assert_uint_eq(t.r.instances[i].m.v[RUN_M_LIVE_BOS], live + 1 + 4 + 1);
		ck_assert_uint_eq(t.r.instances[i].m.v[RUN_M_FAILURES], 0);
	}
	tr_done(&t);
	free(y);
}
END_TEST

/* The per-op value of timeline value @v in series record @o. */
static u64 op_value(const struct run_op *o, int v)
{
	switch (v) {
	case RUN_TL_COMMITTED: return o->committed;
	case RUN_TL_LIVE: return o->live;
	case RUN_TL_LARGEST_HOLE: return o->largest_hole;
	case RUN_TL_HOLE_COUNT: return o->holes;
	case RUN_TL_LIVE_BOS: return o->live_bos;
	case RUN_TL_CHUNKS: return o->chunks;
	default: return U64_MAX;	/* not in the per-op series */
	}
}

/*
 * The timeline against the complete per-op series: with a budget of 64
 * points and about 1,500 ops per instance, every point covers exactly
 * ops_per_point consecutive ops of its instance (the last one fewer), and
 * its last, minimum and maximum values and its sums are those of its ops.
 */
START_TEST(test_timeline_envelopes)
{
	char *y = churn("{fraction: 0.3, pattern: \"pool*\"}", 500);
	struct run_opts o = { .timeline_points = 64 };
	struct tr t;

	tr_run(&t, y, &o);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.timeline_budget, 64);
	ck_assert_uint_eq(t.r.nr_timelines, 1);
	ck_assert(!t.r.series_truncated);
	for (u32 in = 0; in < t.r.nr_timelines; in++) {
		const struct run_timeline *tl = &t.r.timelines[in];
		u64 k = 0, covered = 0;

		ck_assert_uint_le(tl->n, 64);
		ck_assert_uint_gt(tl->n, 16);
		ck_assert_uint_eq(tl->width & (tl->width - 1), 0);
		ck_assert_uint_gt(tl->width, 1);
		for (u32 i = 0; i < tl->n; i++) {
			const struct run_point *p = &tl->pts[i];
			u64 mn[RUN_TL_VALUES], mx[RUN_TL_VALUES], fails = 0, exps = 0;
			double emn = 2, emx = -1;
			const struct run_op *op = NULL;

			if (i + 1 < tl->n)
				ck_assert_uint_eq(p->ops, tl->width);
			for (int v = 0; v < RUN_TL_VALUES; v++) {
				mn[v] = U64_MAX;
				mx[v] = 0;
			}
			for (u64 j = 0; j < p->ops; j++, k++) {
				while (t.r.series[k].instance != in)
					k++;
				op = &t.r.series[k];
				if (!j)
					ck_assert_uint_eq(p->op, op->index);
				for (int v = 0; v < RUN_TL_VALUES; v++) {
					mn[v] = op_value(op, v) < mn[v] ? op_value(op, v) : mn[v];
					mx[v] = op_value(op, v) > mx[v] || mx[v] == 0 ? op_value(op, v) : mx[v];
				}
				emn = op->ext_frag < emn ? op->ext_frag : emn;
				emx = op->ext_frag > emx ? op->ext_frag : emx;
				fails += op->failures;
				exps += op->expansions;
			}
			for (int v = 0; v < RUN_TL_VALUES; v++) {
				if (op_value(op, v) == U64_MAX)
					continue;
				ck_assert_uint_eq(p->last[v], op_value(op, v));
				ck_assert_uint_eq(p->min[v], mn[v]);
				ck_assert_uint_eq(p->max[v], mx[v]);
			}
			ck_assert(p->ext == op->ext_frag && p->ext_min == emn && p->ext_max == emx);
			ck_assert_uint_eq(p->failures, fails);
			ck_assert_uint_eq(p->expansions, exps);
			ck_assert_uint_eq(p->expansions_total, op->cum_expansions);
			ck_assert_uint_eq(p->time_ns, op->time_ns);
			covered += p->ops;
		}
		ck_assert_uint_eq(covered, tl->ops);
		ck_assert_uint_eq(covered, t.r.instances[in].ops);
	}
	tr_done(&t);
	free(y);
}
END_TEST

/* A long run keeps a bounded report: budget, per-op rows and heap ops capped and said so. */
START_TEST(test_report_bounded)
{
	char *y = churn("{fraction: 0.3, pattern: \"pool*\"}", 6000);
	struct run_opts o = { .series_max = 1000 };
	struct tr t;
	char *rep;

	tr_run(&t, y, &o);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.nr_series, 1000);
	ck_assert(t.r.series_truncated);
	ck_assert(t.r.heap_ops_truncated);
	ck_assert_uint_eq(t.r.nr_heap_ops, RUN_HEAP_OPS_MAX);
	ck_assert_uint_le(t.r.timelines[0].n, RUN_TIMELINE_POINTS);
	ck_assert_uint_eq(t.r.timelines[0].ops, t.r.nr_ops);
	rep = tr_report(&t);
	ck_assert_ptr_nonnull(strstr(rep, "\"cap\": 1000,"));
	ck_assert_ptr_nonnull(strstr(rep, "\"budget\": 4096,"));
	/* scalar arrays on one line */
	ck_assert_ptr_nonnull(strstr(rep, "\"columns\": [\"op\", \"instance\", \"line\", "));
	free(rep);
	tr_done(&t);
	free(y);
}
END_TEST

/* Strings with brackets, commas and quotes come through the report's layout intact. */
START_TEST(test_report_layout_strings)
{
	struct tr t;
	char *rep;

	tr_run(&t, "xdnasim: 1\ndescription: 'a [1, \"2\"] ] [ \\\\ {x}'\n"
		   "clients:\n  - name: a\n    steps:\n      - open\n", NULL);
	rep = tr_report(&t);
	ck_assert_ptr_nonnull(strstr(rep, "\"description\": \"a [1, \\\"2\\\"] ] [ \\\\\\\\ {x}\""));
	free(rep);
	tr_done(&t);
}
END_TEST

/*
 * --trace-out: a run line, one line per op with the series' values, an end
 * line; every line valid against reports/run-trace.schema.json.
 */
START_TEST(test_trace_lines)
{
	char *y = churn("{fraction: 0.3, pattern: \"pool*\"}", 5), *text = NULL, *line, *save;
	size_t len = 0;
	struct run_opts o = { 0 };
	char path[] = "/tmp/xdnasim-trace-XXXXXX", why[256];
	u64 n = 0;
	struct tr t;
	int fd;

	o.trace = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(o.trace);
	tr_run(&t, y, &o);
	fclose(o.trace);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		FILE *f = fopen(path, "w");
		json_t *j = json_loads(line, 0, NULL);

		ck_assert_ptr_nonnull(j);
		fputs(line, f);
		fclose(f);
		ck_assert_msg(rpt_schema_validate_file(XDNASIM_SRCDIR "/reports/run-trace.schema.json",
						       path, why, sizeof(why)) == 0,
			      "line %llu: %s", (unsigned long long)n, why);
		if (n == 0) {
			ck_assert_str_eq(json_string_value(json_object_get(j, "kind")), "run");
		} else if (n <= t.r.nr_ops) {
			const struct run_op *op = &t.r.series[n - 1];

			ck_assert_uint_eq(json_integer_value(json_object_get(j, "op")), op->index);
			ck_assert_uint_eq(json_integer_value(json_object_get(j, "live")), op->live);
			ck_assert_uint_eq(json_integer_value(json_object_get(j, "hole_count")), op->holes);
			ck_assert(json_real_value(json_object_get(j, "external_fragmentation")) ==
					  op->ext_frag ||
				  (op->ext_frag == 0 && json_is_integer(json_object_get(j,
						"external_fragmentation"))));
		} else {
			ck_assert_str_eq(json_string_value(json_object_get(j, "kind")), "end");
			ck_assert_uint_eq(json_integer_value(json_object_get(j, "ops")), t.r.nr_ops);
		}
		json_decref(j);
	}
	ck_assert_uint_eq(n, t.r.nr_ops + 2);
	unlink(path);
	free(text);
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
	tcase_add_test(tc, test_index_matches_scan_many_blocks);
	tcase_add_test(tc, test_churn_many_live_bos);
	tcase_add_test(tc, test_timeline_envelopes);
	tcase_add_test(tc, test_report_bounded);
	tcase_add_test(tc, test_report_layout_strings);
	tcase_add_test(tc, test_trace_lines);
	suite_add_tcase(s, tc);
	return s;
}
