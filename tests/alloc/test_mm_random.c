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

int main(void)
{
	Suite *s = t_suite("mm_random", 600, (const TTest *[]){ test_random_vs_model,
							test_random_aligned_slivers, NULL });

	return xdnasim_run_suites(&s, 1);
}
