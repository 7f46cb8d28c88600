// SPDX-License-Identifier: MIT
/*
 * Seeded random tests of alloc/heap: the heap fuzz target's engine
 * (fuzz/target_heap.c, the one oracle of the heap: accounting and a 4 KiB
 * bitmap of the aperture) with seeds, and determinism.
 */
#include "tests/alloc_heap/heap_test_util.h"
#include "tests/fuzz_check.h"

#include <stdlib.h>

#include "common/rand.h"

/*
 * Every design, mode and device: chunks, maps, DEV BOs, refs, pins,
 * attachments and SYNC_BO ranges judged against the bitmap (docs/driver/heap.md
 * §5.4 / §8.1): a success lands on free, aligned, committed and usable pages;
 * -ENOSPC means no aligned fit in the design's range; -EAGAIN is consistent
 * with one; the metrics equal the bitmap's free runs; heap_check() after
 * every operation.
 */
START_TEST(test_random_against_model)
{
	T_ASSERT(t_fuzz_campaign(&fuzz_target_heap, test_seed(), test_scale(2000, 20)) > 0);
}
END_TEST

/* Same seed → the same sequence of results (determinism of the whole heap). */
START_TEST(test_random_deterministic)
{
	struct heap_config cfg = { .profile = heap_profile_find("npu4"),
				   .rev = REV_856409CA,
				   .mode = ADDR_CARVEOUT,
				   .record_series = true };
	struct heap *h[2];
	struct heap_bo *bo[2];
	const struct heap_op_record *s[2];
	size_t n[2];

	for (int k = 0; k < 2; k++) {
		struct xrand r;

		xrand_seed(&r, test_seed());
		ck_assert_int_eq(heap_create(&cfg, &h[k]), 0);
		bo[k] = calloc(256, sizeof(*bo[k]));
		for (int i = 0; i < 600; i++) {
			u32 j = (u32)xrand_below(&r, 256);

			if (xrand_chance(&r, 1, 10))
				heap_chunk_add(h[k], SZ_64M, NULL);
			else if (heap_bo_live(&bo[k][j]))
				heap_bo_free(h[k], &bo[k][j]);
			else
				heap_bo_alloc(h[k], &bo[k][j], xrand_range(&r, 1, MiB(40)));
		}
		s[k] = heap_series(h[k], &n[k]);
	}
	ck_assert_uint_eq(n[0], n[1]);
	ck_assert_mem_eq(s[0], s[1], n[0] * sizeof(*s[0]));
	for (int k = 0; k < 2; k++) {
		for (u32 i = 0; i < 256; i++)
			if (heap_bo_live(&bo[k][i]))
				heap_bo_free(h[k], &bo[k][i]);
		heap_destroy(h[k]);
		free(bo[k]);
	}
}
END_TEST

Suite *heap_random_suite(void)
{
	return t_suite("heap_random", 300, (const TTest *[]){ test_random_against_model,
							   test_random_deterministic, NULL });
}
