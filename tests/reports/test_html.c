// SPDX-License-Identifier: MIT
/*
 * test_html.c - the report pages without a browser: the summed series
 * drops a closed client (exact values per column), the downsampling keeps
 * the extremes of a pixel and of a timeline point, and a synthetic worst
 * case (the most timeline points and phase spans a run writes, a full mark
 * budget, every heap map with thousands of holes) stays under
 * the 5 MB page limit, written twice byte for byte the same.
 */
#include "tests/reports/test_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/html_priv.h"
#include "scenarios/run.h"

/* A one-op point: every value's envelope is the value itself. */
static struct rpt_op op(u64 i, u32 inst, u64 committed, u64 live)
{
	struct rpt_op o = { .op = i, .ops = 1, .instance = inst };

	o.last[RPT_V_COMMITTED] = o.min[RPT_V_COMMITTED] = o.max[RPT_V_COMMITTED] = committed;
	o.last[RPT_V_LIVE] = o.min[RPT_V_LIVE] = o.max[RPT_V_LIVE] = live;
	return o;
}

/* Two clients; the second closes at op 3: the sum drops by what it had. */
START_TEST(test_sum_drops_closed_client)
{
	struct rpt_op ops[] = {
		op(0, 0, 64, 0), op(1, 1, 64, 0), op(2, 1, 128, 100), op(3, 1, 0, 0),
		op(4, 0, 64, 10),
	};
	struct rpt_page p = { .ops = ops, .nops = ARRAY_SIZE(ops) };
	struct h_col *c = calloc(HCOLS, sizeof(*c));
	/* x domain [0, 5): op k covers columns k*HCOLS/5 .. */
	int col[5];

	for (int k = 0; k < 5; k++)
		col[k] = k * HCOLS / 5;
	h_downsample(&p, U32_MAX, HQ_COMMITTED, false, 0, 5, c);
	ck_assert(c[col[0]].any);
	ck_assert_double_eq(c[col[0]].last, 64);
	ck_assert_double_eq(c[col[1]].last, 128);
	ck_assert_double_eq(c[col[2]].last, 192);
	ck_assert_double_eq(c[col[3]].last, 64);	/* the closed client left the sum */
	ck_assert_double_eq(c[col[4]].last, 64);
	/* carried forward between rows, nothing after the last one */
	ck_assert_double_eq(c[col[1] + 1].last, 128);
	ck_assert(!c[HCOLS - 1].any || col[4] == HCOLS - 1 || c[HCOLS - 1].last == 64);
	h_downsample(&p, 1, HQ_LIVE, false, 0, 5, c);
	ck_assert(!c[col[0]].any);			/* before its first op: no line */
	ck_assert_double_eq(c[col[2]].last, 100);
	ck_assert_double_eq(c[col[3]].last, 0);
	free(c);
}
END_TEST

/* Many rows in one pixel: the envelope keeps the extremes, the line the last value. */
START_TEST(test_downsample_envelope)
{
	size_t n = 100000;
	struct rpt_op *ops = calloc(n, sizeof(*ops));
	struct rpt_page p = { .ops = ops, .nops = n };
	struct h_col *c = calloc(HCOLS, sizeof(*c));

	for (size_t i = 0; i < n; i++)
		ops[i] = op(i, 0, 1000, i == 777 ? 999 : i % 7);
	h_downsample(&p, 0, HQ_LIVE, false, 0, (double)n, c);
	ck_assert_double_eq(c[777 * HCOLS / n].max, 999);	/* a one-op spike survives */
	ck_assert_double_eq(c[777 * HCOLS / n].min, 0);
	ck_assert_double_eq(c[0].max, 6);
	ck_assert_double_eq(c[HCOLS - 1].last, (double)((n - 1) % 7));
	free(ops);
	free(c);
}
END_TEST

/*
 * Timeline points: a point's own envelope reaches the chart (its peak
 * inside, not only its last value), in the sum on top of the other
 * clients' latest values.
 */
START_TEST(test_point_envelope)
{
	struct rpt_op ops[] = { op(0, 0, 64, 10), op(100, 1, 64, 5) };
	struct rpt_page p = { .ops = ops, .nops = ARRAY_SIZE(ops) };
	struct h_col *c = calloc(HCOLS, sizeof(*c));
	int c1 = 100 * HCOLS / 200;

	ops[1].ops = 100;
	ops[1].min[RPT_V_LIVE] = 1;
	ops[1].max[RPT_V_LIVE] = 900;
	h_downsample(&p, 1, HQ_LIVE, false, 0, 200, c);
	ck_assert_double_eq(c[c1].max, 900);
	ck_assert_double_eq(c[c1].min, 1);
	ck_assert_double_eq(c[c1].last, 5);
	h_downsample(&p, U32_MAX, HQ_LIVE, false, 0, 200, c);
	ck_assert_double_eq(c[c1].max, 910);
	ck_assert_double_eq(c[c1].min, 11);
	ck_assert_double_eq(c[c1].last, 15);
	free(c);
}
END_TEST

/* The largest page the inputs allow: every cap at once. */
static void worst_case(struct rpt_input *in)
{
	struct rpt_run *r = calloc(1, sizeof(*r));
	struct rpt_page *p = &r->page;
	u64 seed = 12345;

	ck_assert_int_eq(rpt_input_init(in, NULL), 0);
	r->path = strdup("synthetic");
	r->name = strdup("worst_case");
	r->file = strdup("synthetic.yaml");
	snprintf(r->rev, sizeof(r->rev), "pr1705");
	snprintf(r->mode, sizeof(r->mode), "pasid");
	snprintf(r->device, sizeof(r->device), "npu4");
	r->hits = calloc(in->ledger.n + 1, sizeof(u64));
	r->ninst = 32;
	r->inst = calloc(r->ninst, sizeof(*r->inst));
	for (size_t i = 0; i < r->ninst; i++)
		snprintf(r->inst[i], sizeof(r->inst[i]), "client[%zu]", i);
	/* the most timeline points a run writes, the most phase spans */
	p->nops = RUN_TIMELINE_TOTAL;
	p->downsampled = true;
	p->ops_total = 10000000;
	p->sim_time_ns = 3600ULL * 1000000000ULL;
	p->ops = calloc(p->nops, sizeof(*p->ops));
	p->nphases = 40;
	p->phases = calloc(p->nphases, sizeof(*p->phases));
	for (size_t i = 0; i < p->nphases; i++)
		snprintf(p->phases[i], sizeof(p->phases[i]), "phase_%zu", i);
	for (size_t i = 0; i < p->nops; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		p->ops[i] = op(i * 150, (u32)(i % r->ninst), (seed >> 40) << 12, (seed >> 42) << 12);
		p->ops[i].ops = 150;
		p->ops[i].max[RPT_V_LIVE] = p->ops[i].max[RPT_V_COMMITTED];
		p->ops[i].time_ns = i * 55000000ULL;
		p->ops[i].ext = (double)(seed % 1000) / 1000.0;
		p->ops[i].ext_max = p->ops[i].ext;
		p->ops[i].search_cost = i;
	}
	p->nspans = RUN_PHASE_SPANS_MAX;
	p->spans_truncated = true;
	p->spans = calloc(p->nspans, sizeof(*p->spans));
	for (size_t i = 0; i < p->nspans; i++)
		p->spans[i] = (struct rpt_span){ .instance = (u32)(i % r->ninst),
			.phase = (u32)(i % p->nphases), .op = i * 2400, .last_op = i * 2400 + 2399,
			.time_ns = i * 870000000ULL, .end_ns = i * 870000000ULL + 860000000ULL };
	p->nmarks = RUN_MARKS_MAX;
	p->marks = calloc(p->nmarks, sizeof(*p->marks));
	for (size_t i = 0; i < p->nmarks; i++)
		p->marks[i] = (struct rpt_mark){ .kind = (u8)(i % RUN_MARK_COUNT),
			.instance = (u32)(i % r->ninst), .op = i * 4000, .last_op = i * 4000 + 3,
			.count = 4, .time_ns = i * 1400000000ULL, .line = 7 };
	p->nfails = 500;
	p->fails = calloc(p->nfails, sizeof(*p->fails));
	for (size_t i = 0; i < p->nfails; i++)
		p->fails[i] = (struct rpt_fail){ .kind = "step", .text = "alloc A: result ok",
			.detail = "got ENOSPC", .line = 9, .op = i * 100, .instance = 0 };
	p->nmaps = 2 * RUN_MAPS_INSTANCES + RUN_MAPS_EXPANSIONS;
	p->maps = calloc(p->nmaps, sizeof(*p->maps));
	for (size_t k = 0; k < p->nmaps; k++) {
		struct rpt_map *m = &p->maps[k];

		m->moment = (u8)(k % RUN_MAP_MOMENT_COUNT);
		m->instance = (u32)(k % r->ninst);
		m->nchunks = 8;
		m->chunks = calloc(16, sizeof(u64));
		for (u32 c = 0; c < 8; c++) {
			m->chunks[2 * c] = (u64)c << 26;
			m->chunks[2 * c + 1] = 1ULL << 26;
		}
		m->committed = 8ULL << 26;
		/* a 4 KiB hole every 12 KiB: 43,690 holes, all sub-pixel */
		m->nholes = (u32)((8ULL << 26) / 12288);
		m->holes = calloc(2 * (size_t)m->nholes, sizeof(u64));
		for (u32 h = 0; h < m->nholes; h++) {
			m->holes[2 * h] = (u64)h * 12288;
			m->holes[2 * h + 1] = 4096;
		}
	}
	in->runs = r;
	in->nruns = in->capruns = 1;
}

START_TEST(test_worst_case_bounded)
{
	char dir[64], dir2[64], path[96];
	struct rpt_input in;
	size_t len, len2;
	char *a, *b;

	snprintf(dir, sizeof(dir), "/tmp/xdnasim-html-%ld", (long)getpid());
	snprintf(dir2, sizeof(dir2), "/tmp/xdnasim-html2-%ld", (long)getpid());
	worst_case(&in);
	ck_assert_int_eq(rpt_html_write(&in, dir), 0);
	ck_assert_int_eq(rpt_html_write(&in, dir2), 0);
	snprintf(path, sizeof(path), "%s/run-1.html", dir);
	a = rpt_test_file_bytes(path, &len);
	snprintf(path, sizeof(path), "%s/run-1.html", dir2);
	b = rpt_test_file_bytes(path, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert_int_eq(memcmp(a, b, len), 0);
	ck_assert_uint_lt(len, 5000000);
	a[len] = '\0';
	ck_assert_ptr_nonnull(strstr(a, "more not listed"));	/* failures past the cap counted */
	ck_assert_ptr_nonnull(strstr(a, "more maps in the run report"));
	free(a);
	free(b);
	for (int i = 0; i < 2; i++) {
		const char *d = i ? dir2 : dir;

		snprintf(path, sizeof(path), "%s/run-1.html", d);
		unlink(path);
		snprintf(path, sizeof(path), "%s/index.html", d);
		unlink(path);
		rmdir(d);
	}
	rpt_input_fini(&in);
}
END_TEST

/* @n synthetic runs, each hitting a pseudo-random tenth of the ledger. */
static void many_runs(struct rpt_input *in, size_t n)
{
	u64 seed = 99;

	ck_assert_int_eq(rpt_input_init(in, NULL), 0);
	in->runs = calloc(n, sizeof(*in->runs));
	in->nruns = in->capruns = n;
	for (size_t i = 0; i < n; i++) {
		struct rpt_run *r = &in->runs[i];
		char name[32];

		snprintf(name, sizeof(name), "run_%zu", i);
		r->path = strdup("synthetic");
		r->name = strdup(name);
		r->file = strdup("synthetic.yaml");
		snprintf(r->rev, sizeof(r->rev), "pr1705");
		snprintf(r->mode, sizeof(r->mode), "pasid");
		snprintf(r->device, sizeof(r->device), "npu4");
		snprintf(r->status, sizeof(r->status), "pass");
		r->passed = true;
		r->seed = i;
		r->has_ledger = true;
		r->hits = calloc(in->ledger.n + 1, sizeof(u64));
		for (size_t k = 0; k < in->ledger.n; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			r->hits[k] = (seed >> 33) % 10 ? 0 : (seed >> 40) % 1000;
		}
	}
}

/* The ledger section of the coverage page (from its heading to the code coverage). */
static size_t ledger_bytes(const struct rpt_input *in)
{
	char *text = NULL, *a, *b;
	size_t len = 0, n;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(rpt_html_page_dump(in, 0, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	a = strstr(text, "<section id=\"ledger\"");
	ck_assert_ptr_nonnull(a);
	b = strstr(a, "</section>");
	ck_assert_ptr_nonnull(b);
	n = (size_t)(b - a);
	free(text);
	return n;
}

/*
 * The ledger heatmap is bounded whatever the number of runs: past 60 runs
 * only the all-runs column is drawn, so 100 and 5,000 runs give heatmaps
 * of the same size (the runs table still lists every run).
 */
START_TEST(test_heatmap_bounded)
{
	struct rpt_input a, b;
	size_t na, nb;

	many_runs(&a, 100);
	many_runs(&b, 5000);
	na = ledger_bytes(&a);
	nb = ledger_bytes(&b);
	/* the same section but for the "all" counts' digits */
	ck_assert_uint_lt(nb, na + na / 10);
	ck_assert_uint_lt(nb, 400000);
	rpt_input_fini(&a);
	rpt_input_fini(&b);
}
END_TEST

Suite *reports_html_suite(void)
{
	Suite *s = suite_create("reports_html");
	TCase *tc = tcase_create("html");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sum_drops_closed_client);
	tcase_add_test(tc, test_downsample_envelope);
	tcase_add_test(tc, test_point_envelope);
	tcase_add_test(tc, test_worst_case_bounded);
	tcase_add_test(tc, test_heatmap_bounded);
	suite_add_tcase(s, tc);
	return s;
}
