// SPDX-License-Identifier: MIT
/*
 * test_mm_random.c - seeded differential test: alloc/mm against the simple
 * model of docs/driver/drm_mm.md §11 (mm_model.c), with mm_check() after every
 * operation.  Compares every result, offset and search cost, the node list,
 * the holes in address order and the hole stack (recency order).
 */
#include "tests/alloc/mm_test_util.h"
#include "tests/alloc/mm_model.h"
#include "common/rand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POOL 384

struct rnd_ctx {
	struct xrand r;
	struct mm mm;
	struct mm_model model;
	struct mm_node nodes[POOL];
	bool live[POOL];
	u64 ops;
	u64 shape_enospc;	/* LOW|ONCE / HIGH|ONCE that hit the tree-shape case */
};

static void compare_state(struct rnd_ctx *c)
{
	struct model_hole *h;
	size_t cnt, i = 0;
	const struct mm_node *n;
	u64 hs, he;

	mm_assert_ok(&c->mm);
	T_EQ(mm_nr_nodes(&c->mm), c->model.n);
	mm_for_each_node(n, &c->mm) {
		const struct model_node *mn = &c->model.nodes[i++];

		T_MSG(n == &c->nodes[mn->id] && n->start == mn->start && n->size == mn->size,
			      "op %llu: node %zu differs", (unsigned long long)c->ops, i - 1);
	}
	cnt = model_holes(&c->model, &h);
	T_EQ(mm_nr_holes(&c->mm), cnt);
	i = 0;
	mm_for_each_hole_addr(n, &c->mm, hs, he) {
		T_MSG(hs == h[i].start && he == h[i].end,
			      "op %llu: hole %zu [%#llx,%#llx) vs model [%#llx,%#llx)",
			      (unsigned long long)c->ops, i, (unsigned long long)hs,
			      (unsigned long long)he, (unsigned long long)h[i].start,
			      (unsigned long long)h[i].end);
		i++;
	}
	/* Recency: the stack order must list holes by model stamp, newest first. */
	{
		u64 last = U64_MAX;

		mm_for_each_hole(n, &c->mm, hs, he) {
			size_t k;

			for (k = 0; k < cnt && h[k].start != hs; k++)
				;
			T_MSG(k < cnt && h[k].stamp < last,
				      "op %llu: hole stack order differs at %#llx",
				      (unsigned long long)c->ops, (unsigned long long)hs);
			last = h[k].stamp;
		}
	}
	free(h);
}

static u64 pick_size(struct rnd_ctx *c, u64 span)
{
	switch (xrand_below(&c->r, 8)) {
	case 0:
		return 0;
	case 1:
		return span ? xrand_range(&c->r, 1, span) : 1;
	case 2:
		return xrand_next(&c->r);
	default:
		return xrand_range(&c->r, 1, span / 16 + 1);
	}
}

static u64 pick_align(struct rnd_ctx *c, u64 span)
{
	switch (xrand_below(&c->r, 10)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return U64_MAX;
	case 3:
		return 1ULL << 63;
	case 4:
		return xrand_range(&c->r, 2, 97);		/* mostly non-powers of two */
	case 5:
		return xrand_range(&c->r, 2, span / 4 + 2);
	default:
		return 1ULL << xrand_below(&c->r, 12);
	}
}

static void pick_range(struct rnd_ctx *c, u64 *rs, u64 *re)
{
	u64 a, b, lo = c->model.start, hi = c->model.end;

	switch (xrand_below(&c->r, 6)) {
	case 0:
	case 1:
		*rs = 0;
		*re = U64_MAX;
		return;
	case 2:
		*rs = *re = xrand_range(&c->r, lo, hi);	/* empty range */
		return;
	default:
		a = xrand_range(&c->r, lo, hi);
		b = xrand_range(&c->r, lo, hi);
		*rs = a < b ? a : b;
		*re = a < b ? b : a;
	}
}

static u64 pick_free_slot(struct rnd_ctx *c)
{
	u64 i = xrand_below(&c->r, POOL);

	for (u64 k = 0; k < POOL; k++, i = (i + 1) % POOL)
		if (!c->live[i])
			return i;
	return POOL;
}

static void do_insert(struct rnd_ctx *c)
{
	static const unsigned int modes[] = { MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH,
					      MM_INSERT_EVICT, 7 /* unknown = BEST */ };
	u64 span = c->model.end - c->model.start;
	u64 id = pick_free_slot(c), size, align, rs, re;
	unsigned long color = xrand_below(&c->r, 3);
	unsigned int mode = modes[xrand_below(&c->r, ARRAY_SIZE(modes))];
	struct model_result want;
	int err;

	if (id == POOL)
		return;
	size = pick_size(c, span);
	align = pick_align(c, span);
	pick_range(c, &rs, &re);
	if (xrand_chance(&c->r, 1, 5))
		mode |= MM_INSERT_ONCE;
	model_insert(&c->model, size, align, color, rs, re, mode, &want);
	err = mm_insert_node_in_range(&c->mm, &c->nodes[id], size, align, color, rs, re, mode);
	if (want.shape_dependent && err && !want.err) {
		c->shape_enospc++;
		T_INT_EQ(err, -ENOSPC);
		T_ASSERT(mm_last_search_cost(&c->mm) <= 1);
		return;
	}
	T_MSG(err == want.err,
		      "op %llu: insert size %#llx align %#llx range [%#llx,%#llx) mode %#x: %d, model %d",
		      (unsigned long long)c->ops, (unsigned long long)size,
		      (unsigned long long)align, (unsigned long long)rs, (unsigned long long)re,
		      mode, err, want.err);
	if (want.cost_exact)
		T_MSG(mm_last_search_cost(&c->mm) == want.cost,
			      "op %llu: mode %#x cost %llu, model %llu", (unsigned long long)c->ops,
			      mode, (unsigned long long)mm_last_search_cost(&c->mm),
			      (unsigned long long)want.cost);
	else if (!want.shape_dependent)
		T_ASSERT(mm_last_search_cost(&c->mm) >= want.cost);
	if (err)
		return;
	T_MSG(c->nodes[id].start == want.start,
		      "op %llu: mode %#x placed at %#llx, model %#llx", (unsigned long long)c->ops,
		      mode, (unsigned long long)c->nodes[id].start, (unsigned long long)want.start);
	T_EQ(c->nodes[id].size, size);
	T_EQ(c->nodes[id].color, color);
	model_commit(&c->model, id, size, color, &want);
	c->live[id] = true;
}

static void do_reserve(struct rnd_ctx *c)
{
	u64 id = pick_free_slot(c), start, size;
	int err, want;

	if (id == POOL)
		return;
	start = xrand_range(&c->r, c->model.start, c->model.end);
	if (xrand_chance(&c->r, 1, 8))
		start = xrand_next(&c->r);
	size = pick_size(c, c->model.end - c->model.start);
	if (xrand_chance(&c->r, 1, 2))
		size = xrand_range(&c->r, 1, 8);
	want = model_reserve(&c->model, id, start, size, 0);
	err = reserve_at(&c->mm, &c->nodes[id], start, size, 0);
	T_MSG(err == want, "op %llu: reserve [%#llx +%#llx): %d, model %d",
		      (unsigned long long)c->ops, (unsigned long long)start,
		      (unsigned long long)size, err, want);
	if (!err)
		c->live[id] = true;
}

static void do_remove(struct rnd_ctx *c)
{
	u64 i = xrand_below(&c->r, POOL);

	for (u64 k = 0; k < POOL; k++, i = (i + 1) % POOL) {
		if (c->live[i]) {
			mm_remove_node(&c->nodes[i]);
			T_ASSERT(!mm_node_allocated(&c->nodes[i]));
			model_remove(&c->model, i);
			c->live[i] = false;
			return;
		}
	}
}

static void run_config(u64 seed, u64 start, u64 size, bool colors, u64 nops)
{
	struct rnd_ctx *c = calloc(1, sizeof(*c));

	xrand_seed(&c->r, seed);
	mm_init(&c->mm, start, size);
	model_init(&c->model, start, size);
	if (colors) {
		c->mm.color_adjust = separate_adjacent_colors;
		c->model.color_sep = true;
	}
	compare_state(c);
	for (c->ops = 0; c->ops < nops; c->ops++) {
		u64 k = xrand_below(&c->r, 100);

		if (k < 45)
			do_insert(c);
		else if (k < 60)
			do_reserve(c);
		else
			do_remove(c);
		compare_state(c);
	}
	for (u64 i = 0; i < POOL; i++)
		if (c->live[i])
			mm_remove_node(&c->nodes[i]);
	T_ASSERT(mm_clean(&c->mm));
	T_ASSERT(mm_has_one_hole(&c->mm, start, start + size));
	mm_assert_ok(&c->mm);
	mm_takedown(&c->mm);
	model_fini(&c->model);
	free(c);
}

static const struct {
	u64 start, size;
	bool colors;
} configs[] = {
	{ 0, 4096, false },
	{ 3, 1000, false },
	{ 0, 64, false },
	{ 0, U64_MAX, false },			/* the largest possible mm */
	{ U64_MAX - 100000, 100000, false },	/* ends at 2^64 - 1 */
	{ 1, U64_MAX - 2, false },
	{ 0, 4096, true },
	{ 1000, 300, true },
};

START_TEST(test_random_vs_model)
{
	u64 seed = test_seed() + (u64)_i * 7919;

	run_config(seed, configs[_i].start, configs[_i].size, configs[_i].colors,
		   test_scale(20000, 50));
}
END_TEST

/* Many small equal holes: BEST ties and the capacity index at work. */
START_TEST(test_random_aligned_slivers)
{
	struct xrand r;
	struct mm mm;
	struct mm_model model;
	static struct mm_node nodes[2048];
	bool live[2048] = { false };
	u64 nops = test_scale(20000, 20);
	struct model_result want;

	xrand_seed(&r, test_seed() ^ 0xa11ce);
	mm_init(&mm, SZ_64M, 512 * SZ_1M);
	memset(&model, 0, sizeof(model));
	model_init(&model, SZ_64M, 512 * SZ_1M);
	memset(nodes, 0, sizeof(nodes));
	for (u64 op = 0; op < nops; op++) {
		u64 id = xrand_below(&r, ARRAY_SIZE(nodes));
		u64 align = xrand_chance(&r, 9, 10) ? SZ_32K : (xrand_chance(&r, 1, 2) ? 0 : SZ_4K);
		u64 size = xrand_chance(&r, 3, 4) ? SZ_4K * xrand_range(&r, 1, 4) :
						    SZ_32K * xrand_range(&r, 1, 64);
		unsigned int mode = xrand_chance(&r, 9, 10) ? MM_INSERT_BEST : MM_INSERT_EVICT;
		u64 rs = 0, re = U64_MAX;

		if (xrand_chance(&r, 1, 5)) {
			rs = SZ_64M;
			re = SZ_64M + xrand_range(&r, 1, 512) * SZ_1M;
		}
		if (live[id]) {
			mm_remove_node(&nodes[id]);
			model_remove(&model, id);
			live[id] = false;
		} else {
			int err;

			model_insert(&model, size, align, 0, rs, re, mode, &want);
			err = mm_insert_node_in_range(&mm, &nodes[id], size, align, 0, rs, re, mode);
			T_INT_EQ(err, want.err);
			T_EQ(mm_last_search_cost(&mm), want.cost);
			if (!err) {
				T_EQ(nodes[id].start, want.start);
				model_commit(&model, id, size, 0, &want);
				live[id] = true;
			}
		}
		if (op % 64 == 0 || op + 1 == nops)
			mm_assert_ok(&mm);
	}
	T_EQ(mm_nr_nodes(&mm), model.n);
	model_fini(&model);
}
END_TEST

static Suite *mm_random_suite(void)
{
	Suite *s = suite_create("mm_random");
	TCase *tc = tcase_create("differential");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_random_vs_model, 0, (int)ARRAY_SIZE(configs));
	tcase_add_test(tc, test_random_aligned_slivers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *suites[] = { mm_random_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
