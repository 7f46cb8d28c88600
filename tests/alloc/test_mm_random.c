// SPDX-License-Identifier: MIT
/*
 * test_mm_random.c - seeded differential tests: alloc/mm against the one
 * model of docs/driver/drm_mm.md §11 (fuzz/mm_model.c), through the mm fuzz
 * target's engine and in a sliver workload of 2048 nodes.
 */
#include "tests/alloc/mm_test_util.h"
#include "tests/fuzz_check.h"
#include "fuzz/mm_model.h"
#include "common/rand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The mm fuzz target's engine (fuzz/target_mm.c) with seeds: every mode,
 * ONCE, alignment, colour, ranges, reserves, removes and eviction scans on
 * small, offset, full-u64 and top-of-u64 ranges, compared with the model
 * (result, offset, search cost, nodes, hole stack, counters) and mm_check'ed
 * after every operation.
 */
START_TEST(test_random_vs_model)
{
	u64 ops = t_fuzz_campaign(&fuzz_target_mm, test_seed(), test_scale(3000, 30));

	T_ASSERT(ops > 0);
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
				T_INT_EQ(model_commit(&model, id, size, 0, &want), 0);
				live[id] = true;
			}
		}
		if (op % 64 == 0 || op + 1 == nops)
			mm_assert_ok(&mm);
	}
	T_EQ(mm_nr_nodes(&mm), model.n);
	model_fini(&model);
	mm_discard(&mm);	/* the nodes still live go with it */
}
END_TEST

/* Two mms' holes in address order, and the two address queries at @bound, agree. */
static void same_holes(const struct mm *a, const struct mm *b, u64 bound)
{
	const struct mm_node *x, *y = mm__hole_addr_first(b);
	const struct mm_node *fa = mm_first_hole_ending_after(a, bound);
	const struct mm_node *fb = mm_first_hole_ending_after(b, bound);
	u64 hs, he;

	mm_for_each_hole_addr(x, a, hs, he) {
		T_ASSERT(y != NULL);
		T_EQ(mm_hole_node_start(y), hs);
		T_EQ(y->hole_size, he - hs);
		y = mm__hole_addr_next(y);
	}
	T_ASSERT(y == NULL);
	T_EQ(mm_largest_hole_below(a, bound), mm_largest_hole_below(b, bound));
	T_ASSERT((fa == NULL) == (fb == NULL));
	if (fa)
		T_EQ(mm_hole_node_start(fa), mm_hole_node_start(fb));
}

/*
 * mm_init_best_only() (the heap's mm) against mm_init(): BEST inserts at
 * mixed alignments, in ranges, and removes place every node at the same
 * offset with the same search cost, and the address-order hole walk and
 * the two address queries (their O(1) and their walking cases) agree.
 */
START_TEST(test_best_only_matches_full)
{
	static struct mm_node full_n[1024], lean_n[1024];
	struct mm full, lean;
	struct xrand r;
	u64 nops = test_scale(40000, 40);
	const u64 base = SZ_64M, span = 64 * SZ_1M;
	char why[256];

	xrand_seed(&r, test_seed() ^ 0xbe57);
	memset(full_n, 0, sizeof(full_n));
	memset(lean_n, 0, sizeof(lean_n));
	mm_init(&full, base, span);
	mm_init_best_only(&lean, base, span);
	T_INT_EQ(mm_check(&lean, why, sizeof(why)), 0);
	for (u64 op = 0; op < nops; op++) {
		u64 id = xrand_below(&r, ARRAY_SIZE(full_n));

		if (mm_node_allocated(&full_n[id])) {
			mm_remove_node(&full_n[id]);
			mm_remove_node(&lean_n[id]);
		} else {
			u64 align = xrand_chance(&r, 3, 4) ? SZ_32K : xrand_below(&r, 3) * SZ_4K;
			u64 size = xrand_range(&r, 1, 48) * SZ_1K;
			u64 rs = base, re = base + span;
			int a, b;

			if (xrand_chance(&r, 1, 4))
				re = base + xrand_range(&r, 1, 64) * SZ_1M;
			a = mm_insert_node_in_range(&full, &full_n[id], size, align, 0, rs, re,
						    MM_INSERT_BEST);
			b = mm_insert_node_in_range(&lean, &lean_n[id], size, align, 0, rs, re,
						    MM_INSERT_BEST);
			T_INT_EQ(b, a);
			T_EQ(mm_last_search_cost(&lean), mm_last_search_cost(&full));
			if (!a)
				T_EQ(lean_n[id].start, full_n[id].start);
		}
		if (op % 97 == 0) {
			mm_assert_ok(&full);
			T_INT_EQ(mm_check(&lean, why, sizeof(why)), 0);
			same_holes(&full, &lean, base + xrand_range(&r, 0, 64) * SZ_1M);
		}
	}
	same_holes(&full, &lean, base + span / 2);
	/* a best-only mm indexes its holes nowhere else */
	lean.holes_addr.node = full.holes_addr.node;
	T_INT_EQ(mm_check(&lean, why, sizeof(why)), -EUCLEAN);
	T_ASSERT(strcmp(why, "mm.I5 addr-tree: a best-only mm has an address tree") == 0);
	lean.holes_addr.node = NULL;
	lean.hole_stack.next = full.hole_stack.next;
	T_INT_EQ(mm_check(&lean, why, sizeof(why)), -EUCLEAN);
	T_ASSERT(strcmp(why, "mm.I4 hole-stack: a best-only mm has a hole stack") == 0);
	lean.hole_stack.next = &lean.hole_stack;
	mm_discard(&full);
	mm_discard(&lean);
}
END_TEST

int main(void)
{
	Suite *s = t_suite("mm_random", 600, (const TTest *[]){ test_random_vs_model,
							test_random_aligned_slivers,
							test_best_only_matches_full, NULL });

	return xdnasim_run_suites(&s, 1);
}
