// SPDX-License-Identifier: MIT
/*
 * heap_check(): each invariant is proved to fire, with its number and the
 * offending object, by planting one bookkeeping error at a time in a valid
 * heap (and putting it back).
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <string.h>

#include "alloc/heap_priv.h"

struct fixture {
	struct heap *h;
	struct heap_bo a, b, c;
	struct heap_attach att;
};

/* Three chunks (PASID), A in chunk 0, B across 0..1, C in chunk 1, one attachment. */
static void setup(struct fixture *f, enum drv_rev d)
{
	memset(f, 0, sizeof(*f));
	f->h = th_new("npu4", d, ADDR_PASID);
	th_add(f->h, SZ_64M);
	th_add(f->h, SZ_64M);
	th_add(f->h, SZ_64M);
	th_alloc_ok(f->h, &f->a, SZ_4K, BASE);
	th_alloc_ok(f->h, &f->b, SZ_64M, BASE + SZ_32K);
	th_alloc_ok(f->h, &f->c, 100, BASE + SZ_64M + SZ_32K);
	ck_assert_int_eq(heap_bo_pin(f->h, &f->b), 0);
	ck_assert_int_eq(heap_attach_register(f->h, &f->att, 42), 0);
	ck_assert_int_eq(heap_attach_next(f->h, &f->att, NULL), 0);
	ck_assert_int_eq(heap_attach_next(f->h, &f->att, NULL), 0);
	ck_assert_int_eq(heap_chunk_get(f->h, 2), 0);
	heap_assert_ok(f->h);
}

static void teardown(struct fixture *f)
{
	heap_assert_ok(f->h);
	ck_assert_int_eq(heap_bo_free(f->h, &f->a), 0);
	ck_assert_int_eq(heap_bo_free(f->h, &f->b), 0);
	ck_assert_int_eq(heap_bo_free(f->h, &f->c), 0);
	heap_attach_release_all(f->h, &f->att);
	ck_assert_int_eq(heap_attach_unregister(f->h, &f->att), 0);
	ck_assert_int_eq(heap_chunk_put(f->h, 2), 0);
	heap_assert_ok(f->h);
	heap_destroy(f->h);
}

static void expect_violation(struct fixture *f, int inv, s64 chunk, u64 bo_start)
{
	struct heap_check_result res;
	char why[64];

	ck_assert_int_eq(heap_check_detail(f->h, &res), -EUCLEAN);
	ck_assert_msg(res.inv == inv, "expected I%d, got: %s", inv, res.why);
	ck_assert_msg(res.chunk == chunk, "expected chunk %lld: %s", (long long)chunk, res.why);
	ck_assert_msg(res.bo_start == bo_start, "expected BO %#llx: %s",
		      (unsigned long long)bo_start, res.why);
	ck_assert_int_eq(strncmp(res.why, "heap.I", 6), 0);
	/* heap_check() reports the same text, truncated to its buffer. */
	ck_assert_int_eq(heap_check(f->h, why, sizeof(why)), -EUCLEAN);
	ck_assert_int_eq(strncmp(why, res.why, sizeof(why) - 1), 0);
	ck_assert_int_eq(heap_check(f->h, NULL, 0), -EUCLEAN);
}

#define PLANT(f, field, delta, inv, chunk, bo)                                       \
	do {                                                                         \
		(field) += (delta);                                                  \
		expect_violation((f), (inv), (chunk), (bo));                         \
		(field) -= (delta);                                                  \
		heap_assert_ok((f)->h);                                                    \
	} while (0)

START_TEST(test_check_clean_heaps)
{
	struct fixture f;
	struct heap_check_result res;

	setup(&f, th_designs[_i]);
	ck_assert_int_eq(heap_check_detail(f.h, &res), 0);
	ck_assert_int_eq(res.inv, -1);
	ck_assert_int_eq(res.chunk, -1);
	ck_assert_uint_eq(res.bo_start, HEAP_INVALID_ADDR);
	ck_assert_str_eq(res.why, "");
	teardown(&f);
}
END_TEST

START_TEST(test_check_i0_allocator)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.h->mm.used_bytes, 1, 0, -1, HEAP_INVALID_ADDR);
	teardown(&f);
}
END_TEST

START_TEST(test_check_i1_chunk_geometry)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.h->chunks[2].dev_addr, SZ_4K, 1, 2, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[1].size, SZ_4K, 1, 1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->committed, SZ_64M, 1, -1, HEAP_INVALID_ADDR);
	/* the granule table heap__chunk_of() reads: chunk 1's granule names chunk 2 */
	PLANT(&f, f.h->gran_chunk[1], 1, 1, 1, HEAP_INVALID_ADDR);
	teardown(&f);
}
END_TEST

START_TEST(test_check_i2_registry)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.h->chunks_added, 1, 2, -1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[1].index, 4, 2, 1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[5].refs, 1, 2, 5, HEAP_INVALID_ADDR);
	teardown(&f);
}
END_TEST

START_TEST(test_check_i3_bo_placement)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.b.end_id, 1, 3, 0, f.b.start);
	PLANT(&f, f.c.start_id, -1, 3, 0, f.c.start);
	PLANT(&f, f.c.req_size, SZ_4K, 3, -1, f.c.start);
	PLANT(&f, f.a.start, SZ_4K, 3, -1, BASE + SZ_4K);
	/* A BO past committed: forget chunks 1 and 2 under B. */
	{
		struct heap_chunk saved[2];

		memcpy(saved, &f.h->chunks[1], sizeof(saved));
		memset(&f.h->chunks[1], 0, sizeof(saved));
		f.h->nr_chunks = 1;
		f.h->chunks_added = 1;
		f.h->committed = SZ_64M;
		expect_violation(&f, 3, -1, f.b.start);
		memcpy(&f.h->chunks[1], saved, sizeof(saved));
		f.h->nr_chunks = 3;
		f.h->chunks_added = 3;
		f.h->committed = 3 * SZ_64M;
	}
	teardown(&f);
}
END_TEST

START_TEST(test_check_i4_usage)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.h->usage, SZ_4K, 4, -1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->requested, 1, 4, -1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->nr_bos, 1, 4, -1, HEAP_INVALID_ADDR);
	teardown(&f);
}
END_TEST

START_TEST(test_check_i5_refs_and_pins)
{
	struct fixture f;

	setup(&f, th_designs[_i]);
	PLANT(&f, f.h->chunks[0].refs, 1, 5, 0, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[1].refs, -1, 5, 1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[2].ext_refs, 1, 5, 2, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[1].pins, 1, 5, 1, HEAP_INVALID_ADDR);
	PLANT(&f, f.h->chunks[0].ext_pins, 1, 5, 0, HEAP_INVALID_ADDR);
	/* A BO that lost its sticky pin flag leaves its chunks' pins unexplained (HEAD). */
	if (th_designs[_i] == REV_856409CA)
		PLANT(&f, f.b.pinned, -1, 5, 0, HEAP_INVALID_ADDR);
	/* An attachment claiming more chunks than exist. */
	{
		struct heap_check_result res;

		f.att.nr = 4;
		ck_assert_int_eq(heap_check_detail(f.h, &res), -EUCLEAN);
		ck_assert_int_eq(res.inv, 5);
		ck_assert_int_eq(res.attach_id, 42);
		f.att.nr = 2;
	}
	teardown(&f);
}
END_TEST

START_TEST(test_check_i9_pasid_uva)
{
	struct fixture f;

	setup(&f, REV_856409CA);
	PLANT(&f, f.b.uva, SZ_4K, 9, 0, f.b.start);
	/* A chunk uva changed behind the heap's back (no heap_chunk_set_uva()). */
	PLANT(&f, f.h->chunks[1].uva, SZ_64M, 9, 1, f.b.start);
	/* Through heap_chunk_set_uva() a remap is legal: the check no longer applies. */
	ck_assert_int_eq(heap_chunk_set_uva(f.h, 1, UVA_BASE + SZ_512M), 0);
	heap_assert_ok(f.h);
	teardown(&f);
}
END_TEST

Suite *heap_check_suite(void)
{
	Suite *s = suite_create("heap_check");
	TCase *tc = tcase_create("check");

	tcase_add_loop_test(tc, test_check_clean_heaps, 0, 2);
	tcase_add_loop_test(tc, test_check_i0_allocator, 0, 2);
	tcase_add_loop_test(tc, test_check_i1_chunk_geometry, 0, 2);
	tcase_add_loop_test(tc, test_check_i2_registry, 0, 2);
	tcase_add_loop_test(tc, test_check_i3_bo_placement, 0, 2);
	tcase_add_loop_test(tc, test_check_i4_usage, 0, 2);
	tcase_add_loop_test(tc, test_check_i5_refs_and_pins, 0, 2);
	tcase_add_test(tc, test_check_i9_pasid_uva);
	suite_add_tcase(s, tc);
	return s;
}
