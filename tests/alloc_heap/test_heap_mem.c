// SPDX-License-Identifier: MIT
/*
 * Heap contents: lazily allocated 4 KiB pages, zero until written, reads
 * and writes across chunk boundaries, bounds, and the memory cost of many
 * full heaps.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <string.h>

START_TEST(test_mem_zero_and_roundtrip)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	u8 buf[64], out[64];
	struct heap_chunk_info ci;

	th_add(h, SZ_64M);
	th_add(h, SZ_64M);
	ck_assert_uint_eq(heap_mem_resident(h), 0);
	memset(out, 0xAA, sizeof(out));
	ck_assert_int_eq(heap_mem_read(h, 0x07FFFFE0, out, sizeof(out)), 0);
	for (size_t i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0);
	ck_assert_uint_eq(heap_mem_resident(h), 0); /* reads allocate nothing */

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7 + 1);
	/* 32 bytes at the end of chunk 0, 32 at the start of chunk 1. */
	ck_assert_int_eq(heap_mem_write(h, 0x07FFFFE0, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(heap_mem_resident(h), 2 * SZ_4K);
	heap_chunk_info(h, 0, &ci);
	ck_assert_uint_eq(ci.resident, SZ_4K);
	ck_assert_int_eq(heap_mem_read(h, 0x07FFFFE0, out, sizeof(out)), 0);
	ck_assert_mem_eq(out, buf, sizeof(buf));
	ck_assert_int_eq(heap_mem_read(h, 0x08000000, out, 32), 0);
	ck_assert_mem_eq(out, buf + 32, 32);
	/* Neighbouring bytes of a written page still read zero. */
	ck_assert_int_eq(heap_mem_read(h, 0x07FFFFDF, out, 1), 0);
	ck_assert_uint_eq(out[0], 0);

	/* Bounds: committed chunks only. */
	ck_assert_int_eq(heap_mem_read(h, BASE - 1, out, 1), -EFAULT);
	ck_assert_int_eq(heap_mem_read(h, 0x0BFFFFFF, out, 2), -EFAULT);
	ck_assert_int_eq(heap_mem_write(h, 0x0C000000, buf, 1), -EFAULT);
	ck_assert_int_eq(heap_mem_write(h, U64_MAX, buf, 2), -EFAULT);
	ck_assert_int_eq(heap_mem_read(h, 0x0BFFFFFF, out, 1), 0);
	ck_assert_int_eq(heap_mem_write(h, 0x0C000000, buf, 0), 0);
	heap_destroy(h);
}
END_TEST

START_TEST(test_mem_through_bos)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };
	u8 buf[16] = "0123456789abcdef", out[16];

	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, 100, BASE);
	/* Up to the page-aligned size. */
	ck_assert_int_eq(heap_bo_write(h, &a, SZ_4K - 16, buf, 16), 0);
	ck_assert_int_eq(heap_bo_write(h, &a, SZ_4K - 15, buf, 16), -EINVAL);
	ck_assert_int_eq(heap_bo_write(h, &a, U64_MAX, buf, 2), -EINVAL);
	ck_assert_int_eq(heap_bo_read(h, &a, SZ_4K - 16, out, 16), 0);
	ck_assert_mem_eq(out, buf, 16);
	ck_assert_int_eq(heap_mem_read(h, BASE + SZ_4K - 16, out, 16), 0);
	ck_assert_mem_eq(out, buf, 16);
	/* Device memory keeps its bytes after the BO is freed (shmem is not cleared). */
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_read(h, &a, 0, out, 1), -EINVAL);
	th_alloc_ok(h, &b, SZ_4K, BASE);
	ck_assert_int_eq(heap_bo_read(h, &b, SZ_4K - 16, out, 16), 0);
	ck_assert_mem_eq(out, buf, 16);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

START_TEST(test_mem_pattern_rules)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	u64 bad = 0, q;

	th_add(h, SZ_64M);
	ck_assert_int_eq(heap_mem_fill_pattern(h, BASE + 4, 8, 1), -EINVAL);
	ck_assert_int_eq(heap_mem_fill_pattern(h, BASE, 12, 1), -EINVAL);
	ck_assert_int_eq(heap_mem_fill_pattern(h, BASE + SZ_64M - 8, 16, 1), -EFAULT);
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE + 4, 8, 1, &bad), -EINVAL);
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE + SZ_64M, 8, 1, &bad), -EFAULT);
	ck_assert_int_eq(heap_mem_fill_pattern(h, BASE, 3 * SZ_4K + 8, 5), 0);
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE, 3 * SZ_4K + 8, 5, &bad), 0);
	/* Different seeds and addresses give different qwords. */
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE, 8, 6, &bad), -EIO);
	ck_assert_uint_eq(bad, BASE);
	/* Flip one qword in the middle: found exactly. */
	q = 0;
	ck_assert_int_eq(heap_mem_write(h, BASE + 2 * SZ_4K + 64, &q, 8), 0);
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE, 3 * SZ_4K + 8, 5, &bad), -EIO);
	ck_assert_uint_eq(bad, BASE + 2 * SZ_4K + 64);
	ck_assert_int_eq(heap_mem_check_pattern(h, BASE, 0, 5, NULL), 0);
	heap_destroy(h);
}
END_TEST

/*
 * Sixteen clients with full 512 MiB heaps: 8 chunks each, filled with live
 * DEV BOs, a few qwords written per chunk.  The contents cost 2 pages per
 * chunk, not 8 GiB.
 */
START_TEST(test_mem_sixteen_full_heaps)
{
	struct heap *h[16];
	struct heap_bo bo[16][4];
	u64 resident = 0;

	memset(bo, 0, sizeof(bo));
	for (int c = 0; c < 16; c++) {
		unsigned int exp = 0;

		h[c] = th_new("npu4", th_designs[c & 1], ADDR_PASID);
		th_add(h[c], SZ_64M);
		for (int i = 0; i < 4; i++)
			ck_assert_int_eq(th_shim_alloc(h[c], &bo[c][i], SZ_128M, &exp), 0);
		ck_assert_uint_eq(heap_committed(h[c]), SZ_512M);
		ck_assert_uint_eq(heap_usage(h[c]), SZ_512M);
		for (u32 k = 0; k < 8; k++) {
			u64 at = heap_chunk_addr(h[c], k);

			ck_assert_int_eq(heap_mem_fill_pattern(h[c], at, 8, c), 0);
			ck_assert_int_eq(heap_mem_fill_pattern(h[c], at + SZ_64M - 8, 8, c), 0);
		}
		resident += heap_mem_resident(h[c]);
	}
	ck_assert_uint_eq(resident, 16ULL * 8 * 2 * SZ_4K);
	for (int c = 0; c < 16; c++) {
		for (u32 k = 0; k < 8; k++)
			ck_assert_int_eq(heap_mem_check_pattern(h[c], heap_chunk_addr(h[c], k), 8, c,
								NULL), 0);
		heap_assert_ok(h[c]);
		for (int i = 0; i < 4; i++)
			ck_assert_int_eq(heap_bo_free(h[c], &bo[c][i]), 0);
		heap_destroy(h[c]);
	}
}
END_TEST

Suite *heap_mem_suite(void)
{
	Suite *s = suite_create("heap_mem");
	TCase *tc = tcase_create("mem");

	tcase_add_test(tc, test_mem_zero_and_roundtrip);
	tcase_add_loop_test(tc, test_mem_through_bos, 0, 2);
	tcase_add_test(tc, test_mem_pattern_rules);
	tcase_add_test(tc, test_mem_sixteen_full_heaps);
	suite_add_tcase(s, tc);
	return s;
}
