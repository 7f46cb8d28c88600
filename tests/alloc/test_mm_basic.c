// SPDX-License-Identifier: MIT
/*
 * test_mm_basic.c - alloc/mm against the exact values of docs/driver/drm_mm.md: the six
 * KUnit cases of Linux 6.18 (§13.1), the worked examples (§3.7), the
 * tree-shape reproducers (§3.5), error codes and boundaries (§3.2, §4),
 * u64 extremes, recency rules (§1.3, §12), search cost, and mm_check()
 * catching corruption with the right invariant.
 */
#include "tests/alloc/mm_test_util.h"
#include "fuzz/mm_model.h"

#include <stdio.h>
#include <string.h>

static struct mm mm;
static struct mm_node nd[64];

/* A new mm over [@start, @start + @size); the previous one, nodes and all, is discarded. */
static void reset(u64 start, u64 size)
{
	if (mm_initialized(&mm))
		mm_discard(&mm);
	memset(nd, 0, sizeof(nd));
	mm_init(&mm, start, size);
}

static void discard(void)
{
	if (mm_initialized(&mm))
		mm_discard(&mm);
	memset(&mm, 0, sizeof(mm));
}

static u64 ins(int i, u64 size, u64 align, u64 rs, u64 re, unsigned int mode)
{
	int err = mm_insert_node_in_range(&mm, &nd[i], size, align, 0, rs, re, mode);

	mm_assert_ok(&mm);
	return err ? (u64)(s64)err : nd[i].start;
}

static u64 ins_all(int i, u64 size, u64 align, unsigned int mode)
{
	return ins(i, size, align, 0, U64_MAX, mode);
}

#define ENOSPC_U ((u64)(s64)-ENOSPC)

static int res(int i, u64 start, u64 size)
{
	int err = reserve_at(&mm, &nd[i], start, size, 0);

	mm_assert_ok(&mm);
	return err;
}

/* Holes in address order (addr) or stack order, as "a-b a-b ". */
static const char *holes_str(bool stack)
{
	static char buf[1024];
	const struct mm_node *n;
	u64 hs, he;
	size_t len = 0;

	buf[0] = '\0';
	if (stack) {
		mm_for_each_hole(n, &mm, hs, he)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%llu-%llu ",
						(unsigned long long)hs, (unsigned long long)he);
	} else {
		mm_for_each_hole_addr(n, &mm, hs, he)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%llu-%llu ",
						(unsigned long long)hs, (unsigned long long)he);
	}
	return buf;
}

/* ---- KUnit (docs/driver/drm_mm.md §13.1) ---- */

START_TEST(test_init)
{
	struct mm zeroed;
	struct mm_node n = { 0 };

	memset(&zeroed, 0, sizeof(zeroed));
	ck_assert(!mm_initialized(&zeroed));
	memset(&mm, 0xff, sizeof(mm));
	mm_init(&mm, 0, 4096);
	ck_assert(mm_initialized(&mm));
	ck_assert(mm_clean(&mm));
	ck_assert(mm.color_adjust == NULL);
	ck_assert(mm_has_one_hole(&mm, 0, 4096));
	ck_assert_uint_eq(mm_largest_hole(&mm), 4096);
	ck_assert_int_eq(reserve_at(&mm, &n, 0, 4096, 0), 0);
	ck_assert(mm_has_no_holes(&mm));
	ck_assert(!mm_clean(&mm));
	ck_assert_uint_eq(mm_largest_hole(&mm), 0);
	mm_assert_ok(&mm);
	mm_remove_node(&n);
	ck_assert(!mm_node_allocated(&n));
	ck_assert(mm_has_one_hole(&mm, 0, 4096));
	ck_assert(mm_clean(&mm));
	mm_assert_ok(&mm);
	mm_takedown(&mm);
}
END_TEST

START_TEST(test_debug)
{
	reset(0, 4096);
	ck_assert_int_eq(res(0, 512, 1024), 0);
	ck_assert_int_eq(res(1, 2560, 1024), 0);
	ck_assert_str_eq(holes_str(false), "0-512 1536-2560 3584-4096 ");
	/* Reserving [2560,3584) split [1536,4096): the upper part is newest. */
	ck_assert_str_eq(holes_str(true), "3584-4096 1536-2560 0-512 ");
	ck_assert_uint_eq(mm_nr_nodes(&mm), 2);
	ck_assert_uint_eq(mm_nr_holes(&mm), 3);
	ck_assert_uint_eq(mm_used_bytes(&mm), 2048);
	ck_assert_uint_eq(mm_free_bytes(&mm), 2048);
	ck_assert_uint_eq(mm_start(&mm), 0);
	ck_assert_uint_eq(mm_end(&mm), 4096);
}
END_TEST

/*
 * align32/align64 (KUnit): every insert succeeds and is aligned.  The
 * offsets are compared with the independent model; for align32 they are
 * exactly 2^bit (the big upper hole is always tried after [1, 2^(bit+1))).
 */
static void check_align_bits(int top, bool at_power)
{
	struct mm_model model = { 0 };
	struct model_result want;

	reset(1, U64_MAX - 2);
	model_init(&model, 1, U64_MAX - 2);
	for (int bit = top; bit >= 1; bit--) {
		u64 size = (1ULL << (bit - 1)) + 1, align = 1ULL << bit;
		int err = mm_insert_node_generic(&mm, &nd[bit], size, align, (unsigned long)bit,
						 MM_INSERT_BEST);

		model_insert(&model, size, align, 0, 0, U64_MAX, MM_INSERT_BEST, &want);
		ck_assert_msg(err == 0, "bit %d: %d", bit, err);
		ck_assert_int_eq(want.err, 0);
		ck_assert_uint_eq(nd[bit].start % align, 0);
		ck_assert_uint_eq(nd[bit].start, want.start);
		ck_assert_uint_eq(mm_last_search_cost(&mm), want.cost);
		if (at_power)
			ck_assert_uint_eq(nd[bit].start, align);
		ck_assert_uint_eq(nd[bit].size, size);
		ck_assert_uint_eq(nd[bit].color, (unsigned long)bit);
		ck_assert_int_eq(model_commit(&model, (u64)bit, size, 0, &want), 0);
	}
	mm_assert_ok(&mm);
	model_fini(&model);
}

START_TEST(test_align32)
{
	check_align_bits(31, true);
}
END_TEST

START_TEST(test_align64)
{
	check_align_bits(63, false);
	/* Worked by hand: 2^61 fits above the first node, at 0xe000000000000000. */
	ck_assert_uint_eq(nd[63].start, 1ULL << 63);
	ck_assert_uint_eq(nd[62].start, 1ULL << 62);
	ck_assert_uint_eq(nd[61].start, 0xe000000000000000ULL);
}
END_TEST

START_TEST(test_lowest_highest)
{
	reset(0, 7);
	ck_assert_int_eq(res(0, 1, 1), 0);
	ck_assert_int_eq(res(1, 5, 1), 0);
	ck_assert(mm_hole_follows(&nd[0]) && mm_hole_follows(&nd[1]));
	ck_assert_uint_eq(ins_all(2, 2, 0, MM_INSERT_LOW), 2);
	mm_remove_node(&nd[2]);
	ck_assert_uint_eq(ins_all(2, 2, 0, MM_INSERT_HIGH), 3);
	mm_remove_node(&nd[2]);
	ck_assert_uint_eq(ins_all(2, 2, 0, MM_INSERT_BEST), 2);
}
END_TEST

/* ---- worked examples (§3.7) ---- */

START_TEST(test_worked_equal_holes)
{
	reset(0, 100);
	ck_assert_int_eq(res(0, 10, 10), 0);
	ck_assert_int_eq(res(1, 30, 60), 0);
	ck_assert_str_eq(holes_str(true), "90-100 20-30 0-10 ");
	ck_assert_uint_eq(ins_all(2, 5, 0, MM_INSERT_BEST), 90);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	ck_assert_str_eq(holes_str(true), "95-100 20-30 0-10 ");
	ck_assert_uint_eq(ins_all(3, 5, 0, MM_INSERT_EVICT), 95);
	ck_assert_uint_eq(ins_all(4, 5, 0, MM_INSERT_LOW), 0);
	ck_assert_uint_eq(ins_all(5, 5, 0, MM_INSERT_HIGH), 25);
	ck_assert_str_eq(holes_str(false), "5-10 20-25 ");
	ck_assert_str_eq(holes_str(true), "20-25 5-10 ");
}
END_TEST

START_TEST(test_worked_alignment)
{
	reset(3, 100);
	ck_assert_uint_eq(ins_all(0, 10, 16, MM_INSERT_LOW), 16);
	ck_assert_str_eq(holes_str(false), "3-16 26-103 ");
	/* The gap below the node stays a hole of the predecessor: it is older. */
	ck_assert_str_eq(holes_str(true), "26-103 3-16 ");
	mm_remove_node(&nd[0]);
	ck_assert_uint_eq(ins_all(0, 10, 16, MM_INSERT_HIGH), 80);
	ck_assert_str_eq(holes_str(false), "3-80 90-103 ");
	mm_remove_node(&nd[0]);
	ck_assert_uint_eq(ins(0, 10, 7, 90, 103, MM_INSERT_HIGH), 91);
	mm_remove_node(&nd[0]);
	/* Any alignment: 7 rounds 3 up to 7 bottom-up; 2^63 and 3 too. */
	ck_assert_uint_eq(ins_all(0, 10, 7, MM_INSERT_BEST), 7);
	ck_assert_uint_eq(ins_all(1, 1, 1ULL << 63, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(ins_all(1, 1, 3, MM_INSERT_EVICT), 18);
	ck_assert_uint_eq(ins_all(2, 1, 3, MM_INSERT_LOW), 3);
	ck_assert_uint_eq(ins_all(3, 1, 3, MM_INSERT_HIGH), 102);
	ck_assert_uint_eq(ins_all(4, 2, 3, MM_INSERT_HIGH), 99);
}
END_TEST

START_TEST(test_worked_best_raw_size)
{
	reset(0, 1000);
	ck_assert_int_eq(res(0, 100, 100), 0);
	ck_assert_uint_eq(ins(1, 10, 0, 150, 250, MM_INSERT_BEST), 200);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 2);
	/* Alignment does not change the order either: [0,100) is tried first. */
	mm_remove_node(&nd[1]);
	ck_assert_uint_eq(ins(1, 90, 16, 5, U64_MAX, MM_INSERT_BEST), 208);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 2);
}
END_TEST

START_TEST(test_worked_align_wrap)
{
	reset(10, 2);
	ck_assert_uint_eq(ins_all(0, 1, U64_MAX, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	ck_assert_uint_eq(ins_all(0, 1, U64_MAX, MM_INSERT_HIGH), ENOSPC_U);
	ck_assert_uint_eq(ins_all(0, 1, 11, MM_INSERT_LOW), 11);
}
END_TEST

/* ---- LOWEST / HIGHEST tree-shape reproducers (§3.5) ---- */

START_TEST(test_lowest_shape)
{
	reset(0, 100);
	ck_assert_int_eq(res(0, 1, 49), 0);
	ck_assert_uint_eq(ins_all(1, 3, 0, MM_INSERT_LOWEST), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	ck_assert_uint_eq(ins_all(1, 3, 0, MM_INSERT_LOW), 50);

	reset(0, 100);
	ck_assert_int_eq(res(0, 0, 1), 0);
	ck_assert_int_eq(res(1, 1, 49), 0);
	mm_remove_node(&nd[0]);
	ck_assert_str_eq(holes_str(false), "0-1 50-100 ");
	ck_assert_uint_eq(ins_all(2, 3, 0, MM_INSERT_LOWEST), 50);
}
END_TEST

START_TEST(test_highest_shape)
{
	reset(0, 100);
	ck_assert_int_eq(res(0, 50, 49), 0);
	ck_assert_uint_eq(ins_all(1, 3, 0, MM_INSERT_HIGHEST), 47);

	reset(0, 100);
	ck_assert_int_eq(res(0, 0, 50), 0);
	ck_assert_int_eq(res(1, 50, 49), 0);
	mm_remove_node(&nd[0]);
	ck_assert_str_eq(holes_str(false), "0-50 99-100 ");
	ck_assert_uint_eq(ins_all(2, 3, 0, MM_INSERT_HIGHEST), ENOSPC_U);
	ck_assert_uint_eq(ins_all(2, 3, 0, MM_INSERT_HIGH), 47);
}
END_TEST

/* ---- ONCE, EVICT and recency (§1.3, §3.5, §12) ---- */

START_TEST(test_once_first_candidate_only)
{
	reset(0, 100);
	ck_assert_int_eq(res(0, 10, 10), 0);	/* holes [0,10) [20,100) */
	ck_assert_int_eq(res(1, 90, 5), 0);	/* holes [0,10) [20,90) [95,100) */
	ck_assert_str_eq(holes_str(true), "95-100 20-90 0-10 ");
	/* EVICT|ONCE only tries the newest hole [95,100), too small here... */
	ck_assert_uint_eq(ins_all(2, 8, 4, MM_INSERT_EVICT | MM_INSERT_ONCE), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	/* ...and plain EVICT ignores sizes: it tries [95,100), then [20,90). */
	ck_assert_uint_eq(ins_all(2, 8, 4, MM_INSERT_EVICT), 20);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 2);
	mm_remove_node(&nd[2]);
	ck_assert_str_eq(holes_str(true), "20-90 95-100 0-10 ");
	/* BEST|ONCE: only the smallest hole >= size, here cut off by the range. */
	ck_assert_uint_eq(ins(2, 10, 0, 5, U64_MAX, MM_INSERT_BEST | MM_INSERT_ONCE), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	ck_assert_uint_eq(ins(2, 10, 0, 5, U64_MAX, MM_INSERT_BEST), 20);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 2);
	/* An unknown mode value behaves as BEST. */
	mm_remove_node(&nd[2]);
	ck_assert_uint_eq(ins(2, 10, 0, 5, U64_MAX, 5), 20);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 2);
}
END_TEST

START_TEST(test_remove_coalesces_and_restamps)
{
	reset(0, 100);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(res(i, (u64)i * 20, 10), 0);
	/* holes [10,20) [30,40) [50,60) [70,80) [90,100), newest [90,100) */
	ck_assert_str_eq(holes_str(true), "90-100 70-80 50-60 30-40 10-20 ");
	mm_remove_node(&nd[2]);	/* [40,50) merges [30,40) and [50,60) */
	ck_assert_str_eq(holes_str(false), "10-20 30-60 70-80 90-100 ");
	ck_assert_str_eq(holes_str(true), "30-60 90-100 70-80 10-20 ");
	mm_remove_node(&nd[4]);	/* [80,90) merges [70,80) and [90,100) */
	ck_assert_str_eq(holes_str(false), "10-20 30-60 70-100 ");
	ck_assert_str_eq(holes_str(true), "70-100 30-60 10-20 ");
	/* A remove re-stamps the merged hole even when its size stays: */
	mm_remove_node(&nd[0]);	/* head's hole [0,20) */
	ck_assert_str_eq(holes_str(true), "0-20 70-100 30-60 ");
	ck_assert_uint_eq(mm_largest_hole(&mm), 30);
	/* Equal-size holes: BEST takes the newest first. */
	ck_assert_int_eq(res(5, 0, 10), 0);	/* holes [10,20) (newest) */
	ck_assert_int_eq(res(6, 80, 10), 0);	/* holes [70,80) [90,100) newest */
	ck_assert_str_eq(holes_str(true), "90-100 70-80 10-20 30-60 ");
	ck_assert_uint_eq(ins_all(7, 10, 0, MM_INSERT_BEST), 90);
	ck_assert_uint_eq(ins_all(8, 10, 0, MM_INSERT_BEST), 70);
	ck_assert_uint_eq(ins_all(9, 10, 0, MM_INSERT_BEST), 10);
	ck_assert_uint_eq(ins_all(10, 10, 0, MM_INSERT_BEST), 30);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
}
END_TEST

START_TEST(test_iteration_safe_remove)
{
	struct mm_node *pos, *next;
	u64 expect = 0, count = 0;

	reset(0, 64);
	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(ins_all(i, 8, 0, MM_INSERT_LOW), (u64)i * 8);
	mm_for_each_node_safe(pos, next, &mm) {
		ck_assert_uint_eq(pos->start, expect);
		expect += 8;
		mm_remove_node(pos);
		count++;
	}
	ck_assert_uint_eq(count, 8);
	ck_assert(mm_clean(&mm));
	mm_assert_ok(&mm);
}
END_TEST

/* ---- error codes and boundaries (§3.2, §4) ---- */

START_TEST(test_insert_errors_are_enospc)
{
	reset(0, 4096);
	ck_assert_uint_eq(ins_all(0, 0, 0, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 0);
	ck_assert_uint_eq(ins_all(0, 4097, 0, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 10, 0, 100, 109, MM_INSERT_LOW), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 1, 0, 100, 100, MM_INSERT_HIGH), ENOSPC_U);	/* empty range */
	ck_assert_uint_eq(ins(0, 1, 0, 200, 100, MM_INSERT_BEST), ENOSPC_U);	/* reversed */
	ck_assert_uint_eq(ins(0, 1, 0, 200, 100, MM_INSERT_LOW), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 1, 0, 200, 100, MM_INSERT_HIGH), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 1, 0, 200, 100, MM_INSERT_EVICT), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 1, 0, 4096, U64_MAX, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(ins(0, 4096, 2, 0, U64_MAX, MM_INSERT_BEST), 0);
	ck_assert_uint_eq(ins_all(1, 1, 0, MM_INSERT_BEST), ENOSPC_U);	/* full */
	ck_assert_uint_eq(mm_last_search_cost(&mm), 0);
	ck_assert(!mm_node_allocated(&nd[1]));
	ck_assert_uint_eq(mm_nr_nodes(&mm), 1);
}
END_TEST

/* The selftests' 17 boundary reservations, all -ENOSPC on [0, count*size). */
START_TEST(test_reserve_boundaries)
{
	static const u64 sizes[] = { 1, 2, 3, 4095, 4096, 4097, 1ULL << 40 };
	const u64 c = 64;

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		const u64 s = sizes[k];
		const struct {
			u64 start, size;
			const char *name;
		} b[] = {
#define B(st, sz) { (u64)(st), (u64)(sz), #st ", " #sz }
			B(0, 0), B(-s, 0), B(s, 0), B(s * c, 0), B(-s, s), B(-s, -s),
			B(-s, 2 * s), B(0, -s), B(s, -s), B(c * s, s), B(c * s, -s),
			B(c * s, c * s), B(c * s, -c * s), B(c * s, -(c + 1) * s),
			B((c + 1) * s, s), B((c + 1) * s, -s), B((c + 1) * s, -2 * s),
#undef B
		};

		reset(0, c * s);
		for (size_t i = 0; i < ARRAY_SIZE(b); i++) {
			struct mm_node n;

			ck_assert_msg(reserve_at(&mm, &n, b[i].start, b[i].size, 0) == -ENOSPC,
				      "size %llu: reserve(%s) did not fail with -ENOSPC",
				      (unsigned long long)s, b[i].name);
		}
		ck_assert(mm_has_one_hole(&mm, 0, c * s));
		mm_assert_ok(&mm);
	}
}
END_TEST

START_TEST(test_reserve_overlaps)
{
	reset(100, 100);
	ck_assert_int_eq(res(0, 120, 10), 0);
	ck_assert_int_eq(res(1, 99, 2), -ENOSPC);	/* starts below the mm */
	ck_assert_int_eq(res(1, 199, 2), -ENOSPC);	/* ends past the mm */
	ck_assert_int_eq(res(1, 119, 2), -ENOSPC);	/* overlaps the front */
	ck_assert_int_eq(res(1, 129, 2), -ENOSPC);	/* overlaps the back */
	ck_assert_int_eq(res(1, 110, 30), -ENOSPC);	/* covers it */
	ck_assert_int_eq(res(1, 125, 1), -ENOSPC);	/* inside it */
	ck_assert_int_eq(res(1, 110, 10), 0);		/* abuts below */
	ck_assert_int_eq(res(2, 130, 70), 0);		/* abuts above, to the end */
	ck_assert_int_eq(res(3, 100, 10), 0);
	ck_assert(mm_has_no_holes(&mm));
	ck_assert_int_eq(res(4, 150, 1), -ENOSPC);	/* full mm */
	ck_assert_uint_eq(mm_largest_hole(&mm), 0);
}
END_TEST

START_TEST(test_u64_extremes)
{
	reset(0, U64_MAX);
	ck_assert_uint_eq(ins_all(0, U64_MAX, 0, MM_INSERT_BEST), 0);
	ck_assert(mm_has_no_holes(&mm));
	mm_remove_node(&nd[0]);
	ck_assert_uint_eq(ins_all(0, 1, 1ULL << 63, MM_INSERT_HIGH), 1ULL << 63);
	ck_assert_uint_eq(ins_all(1, 1, 0, MM_INSERT_HIGH), U64_MAX - 1);
	ck_assert_uint_eq(ins_all(2, 1, 1ULL << 63, MM_INSERT_LOW), 0);
	ck_assert_uint_eq(ins_all(3, 1, 1ULL << 63, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_int_eq(res(4, U64_MAX, 1), -ENOSPC);	/* wraps to 0 */
	ck_assert_int_eq(res(4, U64_MAX - 1, 1), -ENOSPC);
	ck_assert_int_eq(res(4, U64_MAX - 2, 1), 0);
	ck_assert_uint_eq(ins(5, 2, 0, U64_MAX - 10, U64_MAX, MM_INSERT_HIGH), U64_MAX - 4);

	reset(U64_MAX - 1, 1);	/* the single last usable byte */
	ck_assert_uint_eq(ins_all(0, 1, 2, MM_INSERT_BEST), U64_MAX - 1);
	mm_remove_node(&nd[0]);
	ck_assert_uint_eq(ins_all(0, 1, U64_MAX - 1, MM_INSERT_HIGH), U64_MAX - 1);
	mm_remove_node(&nd[0]);
	ck_assert_uint_eq(ins_all(0, 1, 3, MM_INSERT_LOW), ENOSPC_U);
	ck_assert_uint_eq(ins_all(0, 2, 0, MM_INSERT_LOW), ENOSPC_U);
}
END_TEST

/* ---- search cost (mm.h: the kernel's number of fit-tested holes) ---- */

START_TEST(test_search_cost_slivers)
{
	const int k = 40;

	reset(0, 64 * SZ_32K);
	/* 4 KiB nodes at 32 KiB alignment leave 28 KiB slivers (docs/driver/heap.md §4). */
	for (int i = 0; i < k; i++)
		ck_assert_uint_eq(ins_all(i, SZ_4K, SZ_32K, MM_INSERT_BEST), (u64)i * SZ_32K);
	/*
	 * Before the last insert, nodes 0..k-2 exist and each but the last
	 * is followed by a sliver: the kernel tests those k-2 slivers, then
	 * the tail.
	 */
	ck_assert_uint_eq(mm_last_search_cost(&mm), (u64)k - 1);
	ck_assert_uint_eq(ins_all(k, SZ_4K, SZ_32K, MM_INSERT_LOW), (u64)k * SZ_32K);
	ck_assert_uint_ge(mm_last_search_cost(&mm), 1);
	ck_assert_uint_eq(ins_all(k + 1, SZ_4K, SZ_32K, MM_INSERT_EVICT), (u64)(k + 1) * SZ_32K);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	/* Unaligned requests fit the newest sliver (split off by the EVICT insert). */
	ck_assert_uint_eq(ins_all(k + 2, SZ_4K, 0, MM_INSERT_BEST), (u64)k * SZ_32K + SZ_4K);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
	/* -ENOSPC after testing every hole that is large enough. */
	ck_assert_uint_eq(ins_all(k + 3, 40 * SZ_32K, SZ_32K, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 0);	/* largest hole too small */
	ck_assert_uint_eq(ins_all(k + 3, 20 * SZ_32K, SZ_1M, MM_INSERT_BEST), ENOSPC_U);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
}
END_TEST

/* ---- colour callback ---- */

START_TEST(test_color_adjust)
{
	reset(0, 100);
	mm.color_adjust = separate_adjacent_colors;
	ck_assert_int_eq(reserve_at(&mm, &nd[0], 10, 10, 1), 0);
	ck_assert_int_eq(reserve_at(&mm, &nd[1], 20, 5, 2), -ENOSPC);	/* abuts colour 1 */
	ck_assert_int_eq(reserve_at(&mm, &nd[1], 20, 5, 1), 0);		/* same colour */
	ck_assert_int_eq(reserve_at(&mm, &nd[2], 9, 1, 2), -ENOSPC);
	ck_assert_int_eq(reserve_at(&mm, &nd[2], 0, 9, 2), 0);		/* head is not a node */
	ck_assert_uint_eq(mm_insert_node_generic(&mm, &nd[3], 5, 0, 3, MM_INSERT_LOW), 0);
	ck_assert_uint_eq(nd[3].start, 26);
	ck_assert_uint_eq(mm_insert_node_generic(&mm, &nd[4], 5, 0, 4, MM_INSERT_HIGH), 0);
	ck_assert_uint_eq(nd[4].start, 95);	/* the mm end is not a node either */
	mm_assert_ok(&mm);
	/* mm_init() resets the callback. */
	reset(0, 10);
	ck_assert(mm.color_adjust == NULL);
}
END_TEST

/* ---- eviction scan: exact hit windows (docs/driver/drm_mm.md §8) ---- */

static bool scan_hit(unsigned int mode, u64 size, u64 align, u64 *hit_start)
{
	struct mm_scan scan;
	bool hit, evict;

	mm_scan_init_with_range(&scan, &mm, size, align, 0, 0, 12, mode);
	hit = mm_scan_add_block(&scan, &nd[4]);	/* [8,10), after the hole [6,8) */
	*hit_start = scan.hit_start;
	evict = mm_scan_remove_block(&scan, &nd[4]);
	ck_assert_int_eq(evict, hit);
	mm_assert_ok(&mm);
	return hit;
}

START_TEST(test_scan_exact)
{
	u64 hs;

	reset(0, 12);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(res(i, (u64)i * 2, 2), 0);
	mm_remove_node(&nd[3]);	/* hole [6,8) */
	ck_assert(scan_hit(MM_INSERT_BEST, 3, 0, &hs));
	ck_assert_uint_eq(hs, 6);
	ck_assert(scan_hit(MM_INSERT_HIGH, 3, 0, &hs));
	ck_assert_uint_eq(hs, 7);
	ck_assert(scan_hit(MM_INSERT_HIGHEST, 3, 0, &hs));	/* treated as bottom-up */
	ck_assert_uint_eq(hs, 6);
	ck_assert(scan_hit(MM_INSERT_HIGH, 3, 3, &hs));	/* 7 rounds down to 6 */
	ck_assert_uint_eq(hs, 6);
	ck_assert(scan_hit(MM_INSERT_LOW, 2, 4, &hs));	/* 6 rounds up to 8 */
	ck_assert_uint_eq(hs, 8);
	ck_assert(!scan_hit(MM_INSERT_LOW, 3, 4, &hs));
	ck_assert_uint_eq(hs, U64_MAX);	/* no hit recorded */
	ck_assert(!scan_hit(MM_INSERT_BEST, 5, 0, &hs));
	ck_assert_str_eq(holes_str(true), "6-8 ");
	/* Two blocks: the gap spans the hole and both removed nodes. */
	{
		struct mm_scan scan;

		mm_scan_init_with_range(&scan, &mm, 5, 0, 0, 0, 12, MM_INSERT_HIGH);
		ck_assert(!mm_scan_add_block(&scan, &nd[1]));	/* [2,4): gap [2,4) */
		ck_assert(mm_scan_add_block(&scan, &nd[2]));	/* gap [2,8) */
		ck_assert_uint_eq(scan.hit_start, 3);
		ck_assert(mm_scan_remove_block(&scan, &nd[2]));
		ck_assert(mm_scan_remove_block(&scan, &nd[1]));
		ck_assert(mm_scan_color_evict(&scan) == NULL);
	}
	ck_assert_str_eq(holes_str(false), "6-8 ");
	mm_assert_ok(&mm);
}
END_TEST

/* ---- mm_check() reports the broken invariant ---- */

static void expect_check(const char *prefix)
{
	char why[256];

	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0, "want '%s...', got '%s'",
		      prefix, why);
}

static void build_sample(void)
{
	reset(0, 1000);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(res(i, (u64)i * 100 + 10, 50), 0);
	mm_assert_ok(&mm);
}

START_TEST(test_check_catches_corruption)
{
	u64 saved;

	build_sample();
	nd[3].start -= 120;	/* overlaps the previous node */
	expect_check("mm.I1 nodes:");
	build_sample();
	nd[3].hole_size -= 1;
	expect_check("mm.I2 holes:");
	build_sample();
	mm.used_bytes++;
	expect_check("mm.I3 accounting:");
	build_sample();
	saved = nd[2].hole_stamp;
	nd[2].hole_stamp = nd[5].hole_stamp;
	nd[5].hole_stamp = saved;
	expect_check("mm.I4 hole-stack:");
	build_sample();
	nd[4].subtree_max_hole = 7;
	expect_check("mm.I5 addr-tree:");
	build_sample();
	mm.holes_addr.node->red = true;
	expect_check("mm.I5 addr-tree: red root");
	build_sample();
	mm.best.root.e[6].cap = 3;
	expect_check("mm.I6 best-index:");
	build_sample();
	mm.best.root.e[1].size += 1;
	expect_check("mm.I6 best-index:");
	build_sample();
	mm.largest = &nd[0];
	expect_check("mm.I7 largest-hole:");
	build_sample();
	nd[5].flags = 0;
	expect_check("mm.I1 nodes:");
}
END_TEST

/* BEST at a changing alignment stays exact and re-keys its index. */
START_TEST(test_index_follows_alignment)
{
	reset(0, 4096 * SZ_32K);
	for (int i = 0; i < 60; i++)
		ck_assert_uint_eq(ins_all(i % 64, SZ_4K, SZ_32K, MM_INSERT_BEST), (u64)i * SZ_32K);
	ck_assert_uint_eq(mm_best_index_alignment(&mm), SZ_32K);
	/* Other alignments give the kernel's answer too. */
	ck_assert_uint_eq(ins_all(60, SZ_4K, 2 * SZ_32K, MM_INSERT_BEST), 60 * SZ_32K);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 60);
	/* The newest sliver is [59*32K+4K, 60*32K): first multiple of 12K in it. */
	ck_assert_uint_eq(ins_all(61, SZ_4K, 3 * SZ_4K, MM_INSERT_BEST), 158 * 3 * SZ_4K);
	ck_assert_uint_eq(mm_last_search_cost(&mm), 1);
}
END_TEST

static Suite *mm_basic_suite(void)
{
	Suite *s = suite_create("mm_basic");
	TCase *tc = tcase_create("kunit");

	tcase_add_checked_fixture(tc, NULL, discard);

	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_debug);
	tcase_add_test(tc, test_align32);
	tcase_add_test(tc, test_align64);
	tcase_add_test(tc, test_lowest_highest);
	suite_add_tcase(s, tc);

	tc = tcase_create("spec");
	tcase_add_checked_fixture(tc, NULL, discard);
	tcase_add_test(tc, test_worked_equal_holes);
	tcase_add_test(tc, test_worked_alignment);
	tcase_add_test(tc, test_worked_best_raw_size);
	tcase_add_test(tc, test_worked_align_wrap);
	tcase_add_test(tc, test_lowest_shape);
	tcase_add_test(tc, test_highest_shape);
	tcase_add_test(tc, test_once_first_candidate_only);
	tcase_add_test(tc, test_remove_coalesces_and_restamps);
	tcase_add_test(tc, test_iteration_safe_remove);
	tcase_add_test(tc, test_insert_errors_are_enospc);
	tcase_add_test(tc, test_reserve_boundaries);
	tcase_add_test(tc, test_reserve_overlaps);
	tcase_add_test(tc, test_u64_extremes);
	tcase_add_test(tc, test_search_cost_slivers);
	tcase_add_test(tc, test_color_adjust);
	tcase_add_test(tc, test_scan_exact);
	tcase_add_test(tc, test_check_catches_corruption);
	tcase_add_test(tc, test_index_follows_alignment);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *suites[] = { mm_basic_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
