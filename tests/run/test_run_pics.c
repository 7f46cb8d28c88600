// SPDX-License-Identifier: MIT
/*
 * test_run_pics.c - the runner's marks and heap maps (run_pics.c): exact
 * marks of a TDR / suspend / fault scenario, every heap map against an
 * independent replay of the run's heap_ops, and the mark budget on a
 * long run (bounded, counts exact), and the phase spans (exact).
 */
#include "tests/run/test_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_metrics.h"

#define HDR "xdnasim: 1\ndevice: npu4\n"

static const struct run_mark *find_mark(const struct tr *t, enum run_mark_kind k, u64 op)
{
	for (u32 i = 0; i < t->r.pics.nr_marks; i++)
		if (t->r.pics.marks[i].kind == k && t->r.pics.marks[i].op == op)
			return &t->r.pics.marks[i];
	return NULL;
}

START_TEST(test_marks_exact)
{
	struct tr t;
	const struct run_mark *m;

	tr_run(&t, HDR "faults:\n  - {site: add_host_buffer, nth: 1, status: INVALID_PARAM}\n"
		   "clients:\n  - name: app\n    steps:\n"
		   "      - open\n"					/* op 0, line 6 */
		   "      - hwctx_create: ctx\n"			/* 1 */
		   "      - alloc: {label: A, size: 100MiB}\n"	/* 2: EINVAL, +1 chunk */
		   "      - alloc: {label: A, size: 100MiB}\n"	/* 3 */
		   "      - tdr: {hwctx: ctx, health: ok}\n"	/* 4 */
		   "      - suspend\n"				/* 5 */
		   "      - resume\n"				/* 6 */
		   "      - power_cycle\n"				/* 7 */
		   "      - close\n", NULL);			/* 8 */
	ck_assert_int_eq(t.ret, 0);
	ck_assert_uint_eq(t.r.pics.mark_width, 1);
	m = find_mark(&t, RUN_MARK_OPEN, 0);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->line, 8);
	m = find_mark(&t, RUN_MARK_EXPANSION, 2);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->count, 1);
	ck_assert_str_eq(m->detail, "+1 chunk");
	m = find_mark(&t, RUN_MARK_FAILURE, 2);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->detail, "EINVAL");
	ck_assert_uint_eq(m->line, 10);
	m = find_mark(&t, RUN_MARK_FAULT, 2);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->detail, "fw.ADD_HOST_BUFFER");
	ck_assert_ptr_nonnull(find_mark(&t, RUN_MARK_TDR, 4));
	ck_assert_ptr_nonnull(find_mark(&t, RUN_MARK_SUSPEND, 5));
	ck_assert_ptr_nonnull(find_mark(&t, RUN_MARK_RESUME, 6));
	ck_assert_ptr_nonnull(find_mark(&t, RUN_MARK_POWER_CYCLE, 7));
	ck_assert_ptr_nonnull(find_mark(&t, RUN_MARK_CLOSE, 8));
	ck_assert_ptr_null(find_mark(&t, RUN_MARK_FAILURE, 3));
	/* marks are in op order */
	for (u32 i = 1; i < t.r.pics.nr_marks; i++)
		ck_assert_uint_le(t.r.pics.marks[i - 1].op, t.r.pics.marks[i].op);
	tr_done(&t);
}
END_TEST

/* --- an independent replay of heap_ops -------------------------------- */

struct rbo {
	u64 addr, size;
};

struct replay {
	struct rbo bo[4096];
	u32 n;
	u64 chunks[64][2];
	u32 nchunks;
	u64 committed, live;
};

static void replay_step(struct replay *r, const struct run_heap_op *o)
{
	if (o->err)
		return;
	if (o->op == HEAP_OP_CHUNK_ADD) {
		if (o->committed == o->size)
			memset(r, 0, sizeof(*r));
		r->chunks[r->nchunks][0] = o->addr;
		r->chunks[r->nchunks++][1] = o->size;
	} else if (o->op == HEAP_OP_BO_ALLOC) {
		ck_assert_uint_lt(r->n, 4096);
		r->bo[r->n++] = (struct rbo){ o->addr, o->size };
	} else {
		for (u32 i = 0; i < r->n; i++)
			if (r->bo[i].addr == o->addr) {
				r->bo[i] = r->bo[--r->n];
				break;
			}
	}
	r->committed = o->committed;
	r->live = o->live;
}

/* The map must hold exactly the replayed state's chunks and holes. */
static void check_map(const struct run_heap_map *m, const struct replay *r)
{
	u64 base = r->chunks[0][0], pos = base, end = base + r->committed;
	u32 h = 0;
	u64 *used = calloc(r->n + 1, sizeof(u64));

	ck_assert_uint_eq(m->committed, r->committed);
	ck_assert_uint_eq(m->live, r->live);
	ck_assert_uint_eq(m->nr_bos, r->n);
	ck_assert_uint_eq(m->nr_chunks, r->nchunks);
	for (u32 c = 0; c < r->nchunks; c++) {
		ck_assert_uint_eq(m->chunks[2 * c], r->chunks[c][0]);
		ck_assert_uint_eq(m->chunks[2 * c + 1], r->chunks[c][1]);
	}
	/* holes by walking addresses: the lowest BO at or after pos each time */
	for (;;) {
		u64 next = end, nsize = 0;
		u32 at = U32_MAX;

		for (u32 i = 0; i < r->n; i++)
			if (!used[i] && r->bo[i].addr < next) {
				next = r->bo[i].addr;
				nsize = r->bo[i].size;
				at = i;
			}
		if (next > pos && pos < end) {
			ck_assert_uint_lt(h, m->nr_holes);
			ck_assert_uint_eq(m->holes[2 * h], pos);
			ck_assert_uint_eq(m->holes[2 * h + 1], (next < end ? next : end) - pos);
			h++;
		}
		if (at == U32_MAX)
			break;
		used[at] = 1;
		if (next + nsize > pos)
			pos = next + nsize;
	}
	ck_assert_uint_eq(h, m->nr_holes);
	free(used);
}

static const char churn[] =
	"xdnasim: 1\ndevice: npu4\nseed: 11\nclients:\n  - name: a\n    instances: 2\n"
	"    steps:\n      - open\n"
	"      - repeat:\n          count: 6\n          steps:\n"
	"            - alloc: {label: x, size: {log_uniform: {min: 4KiB, max: 8MiB}}, count: 40}\n"
	"            - free: {fraction: 0.6, pattern: \"x*\"}\n"
	"            - alloc: {label: y, size: 3MiB, count: 3}\n"
	"            - free: {fraction: 0.5, pattern: \"y*\"}\n"
	"      - close\n"
	"      - open\n"
	"      - alloc: {label: z, size: 1MiB, count: 5}\n";

START_TEST(test_maps_match_replay)
{
	struct tr t;
	u32 checked = 0;

	tr_run(&t, churn, NULL);
	ck_assert_int_eq(t.ret, 0);
	ck_assert(!t.r.heap_ops_truncated);
	ck_assert_uint_gt(t.r.pics.nr_maps, 2);
	for (u32 k = 0; k < t.r.pics.nr_maps; k++) {
		const struct run_heap_map *m = &t.r.pics.maps[k];
		struct replay *r;
		u64 best = 0, at = U64_MAX, last = U64_MAX;

		if (m->moment == RUN_MAP_EXPANSION)
			continue;	/* pinned by test_expansion_map */
		r = calloc(1, sizeof(*r));
		/* the heap op the map stands for, found from heap_ops alone */
		for (u64 i = 0; i < t.r.nr_heap_ops; i++) {
			const struct run_heap_op *o = &t.r.heap_ops[i];

			if (o->instance != m->instance)
				continue;
			if (m->moment == RUN_MAP_PEAK_LIVE && o->op == HEAP_OP_BO_ALLOC && !o->err &&
			    o->live > best) {
				best = o->live;
				at = i;
			}
			last = i;
		}
		/* the end map is the last heap's (the re-opened one), at the end of the run */
		if (m->moment == RUN_MAP_END)
			at = last;
		ck_assert_uint_ne(at, U64_MAX);
		for (u64 i = 0; i <= at; i++)
			if (t.r.heap_ops[i].instance == m->instance)
				replay_step(r, &t.r.heap_ops[i]);
		check_map(m, r);
		checked++;
		free(r);
	}
	/* per instance: a peak and an end map */
	ck_assert_uint_eq(checked, 4);
	tr_done(&t);
}
END_TEST

/* An expansion map: right after the chunk was added, with the request that caused it. */
START_TEST(test_expansion_map)
{
	struct tr t;
	const struct run_heap_map *m = NULL;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: ctx0\n      - alloc: {label: A, size: 100MiB}\n"
		   "      - close\n", NULL);
	ck_assert_int_eq(t.ret, 0);
	for (u32 k = 0; k < t.r.pics.nr_maps; k++)
		if (t.r.pics.maps[k].moment == RUN_MAP_EXPANSION)
			m = &t.r.pics.maps[k];
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->op, 2);
	ck_assert_uint_eq(m->request, 100ULL << 20);
	ck_assert_uint_eq(m->nr_chunks, 2);
	ck_assert_uint_eq(m->committed, 128ULL << 20);
	/* the hwctx's command buffers and PDI buffer are live (5 x 4 KiB), the 100 MiB BO not yet placed */
	ck_assert_uint_eq(m->live, 20480);
	ck_assert_uint_eq(m->holes[2 * (m->nr_holes - 1)] + m->holes[2 * (m->nr_holes - 1) + 1],
			  m->chunks[0] + (128ULL << 20));
	ck_assert_uint_eq(t.r.pics.maps_dropped, 0);
	tr_done(&t);
}
END_TEST

/* 5,000 failing ops: marks merge into wider buckets, the count stays exact. */
START_TEST(test_marks_bounded)
{
	struct tr t;
	u64 sum = 0;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - repeat:\n          count: 5000\n          steps:\n"
		   "            - alloc: {label: A, size: 1GiB}\n", NULL);
	ck_assert_int_eq(t.ret, 0);
	ck_assert_uint_le(t.r.pics.nr_marks, RUN_MARKS_MAX);
	ck_assert_uint_ge(t.r.pics.mark_width, 4);
	for (u32 i = 0; i < t.r.pics.nr_marks; i++) {
		const struct run_mark *m = &t.r.pics.marks[i];

		if (m->kind == RUN_MARK_FAILURE) {
			sum += m->count;
			ck_assert_uint_eq(m->op / t.r.pics.mark_width, m->last_op / t.r.pics.mark_width);
		}
		if (i)
			ck_assert_uint_le(t.r.pics.marks[i - 1].op, m->op);
	}
	ck_assert_uint_eq(sum, 5000);
	tr_done(&t);
}
END_TEST

/*
 * Phase spans: one per run of consecutive ops in one phase; a phase entered
 * again in every round of a repeat, with nothing in between, is one span.
 */
START_TEST(test_phase_spans)
{
	const struct run_phase_span *sp;
	struct tr t;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n"
		   "      - open\n"						/* op 0 */
		   "      - phase:\n          name: load\n          steps:\n"
		   "            - alloc: {label: X, size: 1MiB}\n"		/* 1 */
		   "            - alloc: {label: Y, size: 1MiB}\n"		/* 2 */
		   "      - alloc: {label: Z, size: 1MiB}\n"			/* 3: no phase */
		   "      - repeat:\n          count: 3\n          steps:\n"
		   "            - phase:\n                name: step\n                steps:\n"
		   "                  - advance: 1ms\n"				/* 4, 5, 6 */
		   "      - close\n", NULL);					/* 7 */
	ck_assert_int_eq(t.ret, 0);
	ck_assert_uint_eq(t.r.pics.nr_spans, 2);
	ck_assert_uint_eq(t.r.pics.spans_dropped, 0);
	sp = &t.r.pics.spans[0];
	ck_assert_uint_eq(sp->instance, 0);
	ck_assert_str_eq(t.r.instances[0].phases[sp->phase].name, "load");
	ck_assert_uint_eq(sp->op, 1);
	ck_assert_uint_eq(sp->last_op, 2);
	ck_assert_uint_eq(sp->time_ns, 0);
	ck_assert_uint_eq(sp->end_ns, 0);
	sp = &t.r.pics.spans[1];
	ck_assert_str_eq(t.r.instances[0].phases[sp->phase].name, "step");
	ck_assert_uint_eq(sp->op, 4);
	ck_assert_uint_eq(sp->last_op, 6);
	ck_assert_uint_eq(sp->time_ns, 0);
	ck_assert_uint_eq(sp->end_ns, 3000000);
	tr_done(&t);
}
END_TEST

Suite *run_pics_suite(void)
{
	Suite *s = suite_create("run_pics");
	TCase *tc = tcase_create("pics");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_marks_exact);
	tcase_add_test(tc, test_maps_match_replay);
	tcase_add_test(tc, test_expansion_map);
	tcase_add_test(tc, test_marks_bounded);
	tcase_add_test(tc, test_phase_spans);
	suite_add_tcase(s, tc);
	return s;
}
