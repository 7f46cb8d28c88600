// SPDX-License-Identifier: MIT
/*
 * Worked examples of docs/driver/heap.md with exact addresses: §4 (both designs),
 * §5.4 examples 3 and 4, the shim_test heap cases of §13 and the shim
 * scenarios of U1, driven through the shim's expand-and-retry loop.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_trace.h"

/* A hwctx as the driver builds it: chunk 0 attached, 4 cmd bufs of 4 KiB, the rest attached. */
struct hwctx {
	struct heap_attach att;
	struct heap_bo cb[4];
};

static int hwctx_create(struct heap *h, struct hwctx *x, u32 id)
{
	int err;

	ck_assert_int_eq(heap_attach_register(h, &x->att, id), 0);
	if (heap_rev(h) == REV_856409CA) {
		err = heap_attach_next(h, &x->att, NULL); /* priv->heap: ref + pin */
		if (err)
			goto out_unregister;
	}
	for (int i = 0; i < 4; i++) {
		err = heap_bo_alloc(h, &x->cb[i], SZ_4K);
		if (err) {
			while (i--)
				heap_bo_free(h, &x->cb[i]);
			goto out_release;
		}
	}
	while (heap_attach_count(&x->att) < heap_nr_chunks(h))
		ck_assert_int_eq(heap_attach_next(h, &x->att, NULL), 0);
	return 0;

out_release:
	heap_attach_release_all(h, &x->att);
out_unregister:
	heap_attach_unregister(h, &x->att);
	return err;
}

static void hwctx_destroy(struct heap *h, struct hwctx *x)
{
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(heap_bo_free(h, &x->cb[i]), 0);
	heap_attach_release_all(h, &x->att);
	ck_assert_int_eq(heap_attach_unregister(h, &x->att), 0);
}

/* §4 worked example, steps 1-5, in both designs. */
START_TEST(test_worked_example)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct hwctx x = { 0 };
	struct heap_bo a = { 0 };
	struct heap_chunk_info c0, c1;
	static const u64 cb_addr[4] = { 0x04000000, 0x04008000, 0x04010000, 0x04018000 };

	/* 1. chunk 0. */
	th_add(h, SZ_64M);
	ck_assert_uint_eq(heap_chunk_addr(h, 0), 0x04000000);
	ck_assert_uint_eq(heap_committed(h), 0x04000000);
	ck_assert_uint_eq(heap_nr_chunks(h), 1);
	/* 2. hwctx: 4 cmd bufs, the 28 KiB gaps skipped for alignment. */
	ck_assert_int_eq(hwctx_create(h, &x, 1), 0);
	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(x.cb[i].start, cb_addr[i]);
		ck_assert_uint_eq(x.cb[i].size, SZ_4K);
	}
	ck_assert_uint_eq(heap_usage(h), KiB(16));
	ck_assert_uint_eq(heap_attach_count(&x.att), 1);
	/* 3. 100 MiB: EAGAIN (HEAD: node [0x0402_0000, 0x0A42_0000) not covered). */
	th_alloc_err(h, 0x06400000, -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NOT_COMMITTED);
	ck_assert_uint_eq(heap_usage(h), KiB(16));
	/* 4. chunk 1, mapped at heap_uva + 64 MiB; the retry lands at the same address. */
	th_add(h, SZ_64M);
	ck_assert_uint_eq(heap_chunk_addr(h, 1), 0x08000000);
	th_alloc_ok(h, &a, 0x06400000, 0x04020000);
	ck_assert_uint_eq(a.start + a.size, 0x0A420000);
	ck_assert_uint_eq(a.start_id, 0);
	ck_assert_uint_eq(a.end_id, 1);
	ck_assert_uint_eq(heap_usage(h), KiB(16) + MiB(100));
	heap_chunk_info(h, 0, &c0);
	heap_chunk_info(h, 1, &c1);
	if (d == REV_856409CA) {
		/* registry + hwctx + 4 cmd bufs + A; chunk 1: registry + A. */
		ck_assert_uint_eq(c0.refs, 7);
		ck_assert_uint_eq(c1.refs, 2);
	} else {
		/* PR: the hwctx pins nothing before map_heap; every BO refs chunk 0. */
		ck_assert_uint_eq(c0.refs, 7);
		ck_assert_uint_eq(c1.refs, 1);
	}
	/* update_heap (HEAD) / the broadcast (PR) attaches chunk 1: watermark 1. */
	ck_assert_int_eq(heap_check_attach_complete(h, &x.att, NULL), -EUCLEAN);
	ck_assert_int_eq(heap_attach_next(h, &x.att, NULL), 0);
	ck_assert_int_eq(heap_check_attach_complete(h, NULL, NULL), 0);
	heap_chunk_info(h, 1, &c1);
	ck_assert_uint_eq(c1.pins, 1);
	/* 5. GET_BO_INFO(A). */
	ck_assert_uint_eq(heap_bo_info_uva(h, &a), UVA_BASE + 0x20000);
	ck_assert_uint_eq(heap_chunk_xdna_addr(h, 1), d == REV_856409CA ? 0x08000000 : BASE);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	hwctx_destroy(h, &x);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* hwctx creation needs chunk 0 (HEAD ENOENT, PR EINVAL from the cmd bufs) and committed room. */
START_TEST(test_hwctx_needs_heap)
{
	struct heap *hd = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap *pr = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct hwctx x = { 0 }, y = { 0 };
	struct heap_bo big = { 0 };
	struct heap_chunk_info ci;

	ck_assert_int_eq(hwctx_create(hd, &x, 1), -ENOENT);
	ck_assert_int_eq(hwctx_create(pr, &y, 1), -EINVAL);
	/* Committed chunks full: the cmd-buf allocation fails with EAGAIN (not retried). */
	th_add(hd, SZ_64M);
	th_alloc_ok(hd, &big, SZ_64M, BASE);
	ck_assert_int_eq(hwctx_create(hd, &x, 1), -EAGAIN);
	heap_chunk_info(hd, 0, &ci);
	ck_assert_uint_eq(ci.refs, 2); /* registry + big: nothing left behind */
	ck_assert_uint_eq(ci.pins, 0);
	heap_assert_ok(hd);
	ck_assert_int_eq(heap_bo_free(hd, &big), 0);
	heap_destroy(hd);
	heap_destroy(pr);
}
END_TEST

/* §5.4 example 3: HEAD picks the 72 MiB trailing hole and expands; PR uses the interior hole. */
START_TEST(test_example3_premature_expansion)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo x = { 0 }, y = { 0 }, r = { 0 };
	struct heap_counters c;
	unsigned int exp = 0;

	for (int i = 0; i < 7; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &x, MiB(200), BASE);
	th_alloc_ok(h, &y, MiB(240), BASE + MiB(200));
	ck_assert_int_eq(heap_bo_free(h, &x), 0);
	/* Interior hole [0, 200 MiB), last node ends at 440 MiB, 7 chunks = 448 MiB. */
	ck_assert_uint_eq(heap_committed(h), MiB(448));
	ck_assert_int_eq(th_shim_alloc(h, &r, MiB(50), &exp), 0);
	heap_counters_get(h, &c);
	if (d == REV_856409CA) {
		ck_assert_uint_eq(r.start, BASE + MiB(440));
		ck_assert_uint_eq(exp, 1);
		ck_assert_uint_eq(heap_committed(h), SZ_512M);
		ck_assert_uint_eq(r.start_id, 6);
		ck_assert_uint_eq(r.end_id, 7);
		/* The EAGAIN came while 200 MiB were free in committed chunks. */
		ck_assert_uint_eq(c.frag_eagain, 1);
		ck_assert_uint_eq(c.allocs_eagain, 1);
	} else {
		ck_assert_uint_eq(r.start, BASE);
		ck_assert_uint_eq(exp, 0);
		ck_assert_uint_eq(heap_committed(h), MiB(448));
		ck_assert_uint_eq(c.frag_eagain, 0);
		/* The 72 MiB trailing hole ranks first (raw size) and is rejected once clipped. */
		ck_assert_uint_eq(heap_last_search_cost(h), 1);
	}
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &y), 0);
	ck_assert_int_eq(heap_bo_free(h, &r), 0);
	heap_destroy(h);
}
END_TEST

/* §5.4 example 4: larger than any hole in the full range. */
START_TEST(test_example4_impossible_request)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 }, r = { 0 };
	struct heap_counters c;
	unsigned int exp = 0;

	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, SZ_4K, BASE);
	ck_assert_int_eq(th_shim_alloc(h, &r, SZ_512M, &exp), -ENOSPC);
	heap_counters_get(h, &c);
	if (d == REV_856409CA) {
		ck_assert_uint_eq(exp, 0);
		ck_assert_uint_eq(heap_nr_chunks(h), 1);
		ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_HOLE);
		ck_assert_uint_eq(c.allocs_eagain, 0);
	} else {
		/* PR grows the heap to the maximum before the final ENOSPC. */
		ck_assert_uint_eq(exp, 7);
		ck_assert_uint_eq(heap_nr_chunks(h), 8);
		ck_assert_int_eq(heap_last_reason(h), HEAP_R_FULL);
		ck_assert_uint_eq(c.allocs_eagain, 7);
	}
	ck_assert_uint_eq(c.allocs_enospc, 1);
	ck_assert_uint_eq(c.premature_oom, 0); /* max − live < 512 MiB */
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);
}
END_TEST

/* shim_test "dev BO crossing two heap chunks (128MB)": fill/verify across the boundary. */
START_TEST(test_shim_128m_crosses_chunks)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 };
	unsigned int exp = 0;
	u64 bad = 0, step;

	th_add(h, SZ_64M);
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_128M, &exp), 0);
	ck_assert_uint_eq(exp, 1);
	ck_assert_uint_eq(a.start, 0x04000000);
	ck_assert_uint_eq(a.start_id, 0);
	ck_assert_uint_eq(a.end_id, 1);
	ck_assert(heap_bo_cross_chunk(&a));
	/* Every qword (in 1 MiB windows every 4 MiB under Valgrind), the boundary always. */
	step = test_scale(2, 2) == 2 ? SZ_128M : SZ_4K * 1024;
	for (u64 off = 0; off < SZ_128M; off += step) {
		u64 len = step == SZ_128M ? SZ_128M : SZ_1M;

		ck_assert_int_eq(heap_mem_fill_pattern(h, a.start + off, len, 7), 0);
		ck_assert_int_eq(heap_mem_check_pattern(h, a.start + off, len, 7, &bad), 0);
	}
	ck_assert_int_eq(heap_mem_fill_pattern(h, 0x08000000 - SZ_1M, 2 * SZ_1M, 9), 0);
	ck_assert_int_eq(heap_mem_check_pattern(h, 0x08000000 - SZ_1M, 2 * SZ_1M, 9, &bad), 0);
	ck_assert_int_eq(heap_mem_check_pattern(h, 0x08000000 - SZ_1M, 2 * SZ_1M, 8, &bad), -EIO);
	ck_assert_uint_eq(bad, 0x08000000 - SZ_1M);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);

	/* NPU1 must reject it: larger than the 64 MiB maximum, no expansion. */
	h = th_new("npu1", d, ADDR_PASID);
	th_add(h, SZ_64M);
	exp = 0;
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_128M, &exp), -EINVAL);
	ck_assert_uint_eq(exp, 0);
	heap_destroy(h);
}
END_TEST

/* shim_test "dev BO spanning the whole heap (512MB)": 7 expansions, at exactly 0x0400_0000. */
START_TEST(test_shim_512m_whole_heap)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 };
	struct hwctx x = { 0 };
	unsigned int exp = 0;

	th_add(h, SZ_64M);
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_512M, &exp), 0);
	ck_assert_uint_eq(exp, 7);
	ck_assert_uint_eq(a.start, 0x04000000);
	ck_assert_uint_eq(a.start_id, 0);
	ck_assert_uint_eq(a.end_id, 7);
	ck_assert_uint_eq(heap_nr_chunks(h), 8);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);

	/* With a hwctx's cmd bufs live it cannot fit: ENOSPC after growing to 8 chunks. */
	h = th_new("npu4", d, ADDR_PASID);
	th_add(h, SZ_64M);
	ck_assert_int_eq(hwctx_create(h, &x, 1), 0);
	exp = 0;
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_512M, &exp), -ENOSPC);
	ck_assert_uint_eq(exp, d == REV_856409CA ? 0 : 7);
	hwctx_destroy(h, &x);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* shim_test "dev BO larger than max heap rejected (npu4)": 576 MiB, EINVAL, no expansion. */
START_TEST(test_shim_576m_rejected)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo a = { 0 };
	unsigned int exp = 0;

	th_add(h, SZ_64M);
	ck_assert_int_eq(th_shim_alloc(h, &a, MiB(576), &exp), -EINVAL);
	ck_assert_uint_eq(exp, 0);
	ck_assert_uint_eq(heap_nr_chunks(h), 1);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_TOO_BIG);
	heap_destroy(h);
}
END_TEST

/* shim_test "dev BO cross-heap alloc/free stress": 128 MiB ×100, then 4 live. */
START_TEST(test_shim_128m_stress)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 }, live[4];
	unsigned int exp = 0;

	memset(live, 0, sizeof(live));
	th_add(h, SZ_64M);
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(th_shim_alloc(h, &a, SZ_128M, &exp), 0);
		ck_assert_uint_eq(a.start, 0x04000000);
		ck_assert_uint_eq(exp, 1); /* iteration 1 only */
		ck_assert_uint_eq(heap_mem_fill_pattern(h, a.start + SZ_64M - 8, 16, i), 0);
		ck_assert_uint_eq(heap_mem_check_pattern(h, a.start + SZ_64M - 8, 16, i, NULL), 0);
		ck_assert_int_eq(heap_bo_free(h, &a), 0);
	}
	ck_assert_uint_eq(heap_nr_chunks(h), 2);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(th_shim_alloc(h, &live[i], SZ_128M, &exp), 0);
		ck_assert_uint_eq(live[i].start, 0x04000000 + (u64)i * SZ_128M);
		heap_assert_ok(h);
	}
	ck_assert_uint_eq(exp, 7);
	ck_assert_uint_eq(heap_nr_chunks(h), 8);
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_4K, &exp), -ENOSPC);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(heap_bo_free(h, &live[i]), 0);
	/* Chunks are never returned. */
	ck_assert_uint_eq(heap_nr_chunks(h), 8);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* U1 (a)-(e): the shim loop from a 64 MiB heap with a hwctx. */
START_TEST(test_u1_shim_scenarios)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct hwctx x = { 0 };
	struct heap_bo a = { 0 };
	unsigned int exp = 0;

	th_add(h, SZ_64M);
	ck_assert_int_eq(hwctx_create(h, &x, 1), 0);
	/* (a) 200 MiB → node [0x0402_0000, 0x1082_0000), 3 expansions. */
	ck_assert_int_eq(th_shim_alloc(h, &a, MiB(200), &exp), 0);
	ck_assert_uint_eq(a.start, 0x04020000);
	ck_assert_uint_eq(a.start + a.size, 0x10820000);
	ck_assert_uint_eq(exp, 3);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	/* (b) 500 MiB → 4 more expansions (7 in all), ends at 0x2342_0000. */
	ck_assert_int_eq(th_shim_alloc(h, &a, MiB(500), &exp), 0);
	ck_assert_uint_eq(a.start + a.size, 0x23420000);
	ck_assert_uint_eq(exp, 7);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	/* (c) 600 MiB → kernel EINVAL, no expansion. */
	ck_assert_int_eq(th_shim_alloc(h, &a, MiB(600), &exp), -EINVAL);
	ck_assert_uint_eq(exp, 7);
	hwctx_destroy(h, &x);
	heap_assert_ok(h);
	heap_destroy(h);

	/* (d) heap already 512 MiB and EAGAIN (last chunk unmapped, HEAD) → shim ENOSPC. */
	if (d == REV_856409CA) {
		h = th_new("npu4", d, ADDR_PASID);
		for (int i = 0; i < 7; i++)
			th_add(h, SZ_64M);
		ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
		exp = 0;
		ck_assert_int_eq(th_shim_alloc(h, &a, SZ_512M, &exp), -ENOSPC);
		ck_assert_uint_eq(exp, 0);
		ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_INVALID);
		heap_destroy(h);
	}

	/* (e) NPU1: chunk 0 unmapped → EAGAIN → the first expansion hits kernel ENOSPC. */
	h = th_new("npu1", d, ADDR_IOVA);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	if (d != REV_856409CA)
		ck_assert_int_eq(heap_chunk_set_uva(h, 0, UVA_BASE), 0);
	exp = 0;
	ck_assert_int_eq(th_shim_alloc(h, &a, SZ_4K, &exp),
			 d == REV_856409CA ? -ENOSPC : 0);
	ck_assert_uint_eq(exp, 0);
	if (d != REV_856409CA)
		ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);
}
END_TEST

/* "create and free internal bo": heap usage = the page-aligned DEV BO size. */
START_TEST(test_usage_counters)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };

	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, KiB(16), BASE);
	ck_assert_uint_eq(heap_usage(h), KiB(16));
	th_alloc_ok(h, &b, 128, BASE + KiB(32));
	ck_assert_uint_eq(heap_usage(h), KiB(20));
	ck_assert_uint_eq(heap_requested(h), KiB(16) + 128);
	ck_assert_uint_eq(heap_nr_bos(h), 2);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_uint_eq(heap_usage(h), SZ_4K);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	ck_assert_uint_eq(heap_usage(h), 0);
	ck_assert_uint_eq(heap_requested(h), 0);
	heap_destroy(h);
}
END_TEST

/* shim_test "multiple bos": DEV BOs 0x2000, 0x400, 0x3000, 0x100 in 32 KiB slots. */
START_TEST(test_multiple_small_bos)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo b[4];
	static const u64 sz[4] = { 0x2000, 0x400, 0x3000, 0x100 };

	memset(b, 0, sizeof(b));
	th_add(h, SZ_64M);
	for (int i = 0; i < 4; i++) {
		th_alloc_ok(h, &b[i], sz[i], BASE + (u64)i * SZ_32K);
		ck_assert_uint_eq(b[i].size, ALIGN_UP_P2(sz[i], SZ_4K));
	}
	/* Free the second: the merged 56 KiB hole is the smallest one that holds 20 KiB aligned. */
	ck_assert_int_eq(heap_bo_free(h, &b[1]), 0);
	th_alloc_ok(h, &b[1], 0x5000, BASE + SZ_32K);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(heap_bo_free(h, &b[i]), 0);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/*
 * The trace engine reads a buffer with its length: a NUL byte is a malformed
 * line at its line and column (the lines before it run), never the silent
 * end of the trace.
 */
START_TEST(test_trace_nul_byte)
{
	static const char t[] = "heap npu4 856409ca pasid\nchunk 64M\nma\0p 0\nchunk 64M\n";
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	FILE *o = open_memstream(&out, &olen), *e = open_memstream(&err, &elen);

	ck_assert_int_eq(heap_trace_run(t, sizeof(t) - 1, "t.trace", o, e, 0), -EBADMSG);
	fclose(o);
	fclose(e);
	ck_assert_str_eq(out, "heap npu4 856409ca pasid\nchunk 0 0x04000000 +0x4000000\n");
	ck_assert_str_eq(err, "t.trace:3:3: NUL byte (a text input holds none)\n");
	free(out);
	free(err);
}
END_TEST

Suite *heap_examples_suite(void)
{
	Suite *s = suite_create("heap_examples");
	TCase *tc = tcase_create("examples");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_worked_example, 0, 2);
	tcase_add_test(tc, test_hwctx_needs_heap);
	tcase_add_loop_test(tc, test_example3_premature_expansion, 0, 2);
	tcase_add_loop_test(tc, test_example4_impossible_request, 0, 2);
	tcase_add_loop_test(tc, test_shim_128m_crosses_chunks, 0, 2);
	tcase_add_loop_test(tc, test_shim_512m_whole_heap, 0, 2);
	tcase_add_loop_test(tc, test_shim_576m_rejected, 0, 2);
	tcase_add_loop_test(tc, test_shim_128m_stress, 0, 2);
	tcase_add_loop_test(tc, test_u1_shim_scenarios, 0, 2);
	tcase_add_loop_test(tc, test_usage_counters, 0, 2);
	tcase_add_loop_test(tc, test_multiple_small_bos, 0, 2);
	tcase_add_test(tc, test_trace_nul_byte);
	suite_add_tcase(s, tc);
	return s;
}
