// SPDX-License-Identifier: MIT
/*
 * DEV BOs: every errno of CREATE_BO(DEV) in each design (docs/driver/heap.md §5.4, §8.1,
 * §8.2, §10.2), mode dependence (K4, K5, K8, K12), references and pins,
 * kernel vmap (§5.7), SYNC_BO bounds (§5.8, §8.1, K2) and attachments.
 */
#include "tests/alloc_heap/heap_test_util.h"

/* HEAD size rules: PAGE_ALIGN(size) == 0 and size > max are EINVAL. */
START_TEST(test_head_size_errnos)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);

	th_alloc_err(h, 0, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_SIZE_ZERO);
	th_alloc_err(h, U64_MAX, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_SIZE_ZERO);
	th_alloc_err(h, U64_MAX - 4094, -EINVAL); /* PAGE_ALIGN wraps to 0 */
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_SIZE_ZERO);
	th_alloc_err(h, U64_MAX - 4095, -EINVAL); /* = 2^64 - 4096 > max */
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_TOO_BIG);
	th_alloc_err(h, SZ_512M + 1, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_TOO_BIG);
	/* 512 MiB fits the range: with no chunk it is EAGAIN. */
	th_alloc_err(h, SZ_512M, -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_CHUNK);
	th_alloc_err(h, 1, -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_CHUNK);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* PR1233 (§8.1): no heap, chunk 0 unmapped (any mode), size → EINVAL. */
START_TEST(test_pr_einval_rules)
{
	static const enum addr_mode modes[] = { ADDR_PASID, ADDR_IOVA,
						ADDR_CARVEOUT };
	struct heap *h = th_new("npu4", REV_PR1233, modes[_i]);
	struct heap_bo bo = { 0 };

	th_alloc_err(h, SZ_4K, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_HEAP);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_set_dma_addr(h, 0, IOVA_BASE), 0);
	th_alloc_err(h, SZ_4K, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_C0_UNMAPPED);
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, UVA_BASE), 0);
	th_alloc_err(h, 0, -EINVAL);
	th_alloc_err(h, SZ_512M + SZ_4K, -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_TOO_BIG);
	th_alloc_ok(h, &bo, 128, BASE);
	ck_assert_uint_eq(bo.size, SZ_4K);
	ck_assert_uint_eq(bo.req_size, 128);
	/* PR: the DEV BO uva is computed live from chunk 0's mapping. */
	ck_assert_uint_eq(heap_bo_info_uva(h, &bo), UVA_BASE);
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, HEAP_INVALID_ADDR), 0);
	ck_assert_uint_eq(heap_bo_info_uva(h, &bo), HEAP_INVALID_ADDR);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &bo), 0);
	heap_destroy(h);
}
END_TEST

/* PR1233: EAGAIN while committed < max, ENOSPC once it is max. */
START_TEST(test_pr_eagain_then_enospc)
{
	struct heap *h = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };

	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(48), BASE);
	th_alloc_err(h, MiB(32), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NOT_COMMITTED);
	for (int i = 0; i < 7; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &b, MiB(400), BASE + MiB(48));
	th_alloc_err(h, MiB(100), -ENOSPC);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_FULL);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

/* HEAD: ENOSPC only when no hole fits anywhere in [base, base + max). */
START_TEST(test_head_enospc_full_range)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };

	th_add(h, SZ_64M);
	/* 300 MiB is placed at base but not covered: EAGAIN; then ENOSPC needs no hole. */
	th_alloc_err(h, MiB(300), -EAGAIN);
	for (int i = 0; i < 4; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(300), BASE);
	th_alloc_err(h, MiB(300), -ENOSPC);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_HOLE);
	/* 212 MiB still fits the full range: placed past committed → EAGAIN. */
	th_alloc_err(h, MiB(212), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NOT_COMMITTED);
	th_alloc_err(h, MiB(212) + 1, -ENOSPC);
	for (int i = 0; i < 3; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &b, MiB(212), BASE + MiB(300));
	th_alloc_err(h, 1, -ENOSPC);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

/* HEAD PASID: unmapped chunk → EAGAIN, non-contiguous chunk → EINVAL (K4, K12). */
START_TEST(test_head_pasid_coverage)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap_bo a = { 0 };
	u64 c;

	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	th_alloc_err(h, SZ_4K, -EAGAIN); /* chunk 0 not mmapped */
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_INVALID);
	th_map(h, 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	/* 100 MiB spans chunk 1, which is not mapped. */
	th_alloc_err(h, MiB(100), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_INVALID);
	/* Chunk 1 mapped in the wrong slot (uva(c0) + 128 MiB). */
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, UVA_BASE + SZ_128M), 0);
	th_alloc_err(h, MiB(100), -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_NONCONTIG);
	/* A BO entirely inside chunk 1 only needs chunk 1 (uva relative to its start chunk). */
	{
		struct heap_bo one = { 0 };

		th_alloc_ok(h, &one, SZ_64M, BASE);
		th_alloc_ok(h, &a, SZ_4K, 0x08000000);
		ck_assert_uint_eq(a.uva, UVA_BASE + SZ_128M);
		ck_assert_int_eq(heap_bo_free(h, &a), 0);
		ck_assert_int_eq(heap_bo_free(h, &one), 0);
	}
	th_map(h, 1);
	th_alloc_ok(h, &a, MiB(100), BASE);
	ck_assert_uint_eq(a.uva, UVA_BASE);
	ck_assert_uint_eq(heap_bo_info_uva(h, &a), UVA_BASE);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);

	/* K12: chunk 0 remapped at C: a BO across 0..1 now needs uva(c1) = C + 64 MiB. */
	c = UVA_BASE + 0x100000000ULL;
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, HEAP_INVALID_ADDR), 0);
	th_alloc_err(h, SZ_4K, -EAGAIN);
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, c), 0);
	th_alloc_err(h, MiB(100), -EINVAL);
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, c + SZ_64M), 0);
	th_alloc_ok(h, &a, MiB(100), BASE);
	ck_assert_uint_eq(a.uva, c);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);
}
END_TEST

/*
 * The walk checks chunks in order: a non-contiguous chunk 1 is reported
 * (EINVAL) before the node is found to run past the committed chunks.
 */
START_TEST(test_head_walk_order)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);

	th_add(h, SZ_64M);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, 0x1000000000ULL), 0);
	th_alloc_err(h, MiB(200), -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_NONCONTIG);
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, HEAP_INVALID_ADDR), 0);
	th_alloc_err(h, MiB(200), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_UVA_INVALID);
	th_map(h, 1);
	th_alloc_err(h, MiB(200), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NOT_COMMITTED);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* K5/K8: IOVA and carveout need no uva; IOVA needs the DMA mapping. */
START_TEST(test_head_iova_and_carveout)
{
	struct heap *io = th_new("npu4", REV_856409CA, ADDR_IOVA);
	struct heap *pa = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };
	unsigned int exp = 0;

	ck_assert_int_eq(heap_chunk_add(io, SZ_64M, NULL), 0);
	th_alloc_err(io, SZ_4K, -EAGAIN);
	ck_assert_int_eq(heap_last_reason(io), HEAP_R_DMA_INVALID);
	th_map(io, 0); /* DMA-mapped at handle open; uva stays INVALID */
	ck_assert_int_eq(th_shim_alloc(io, &a, SZ_4K, &exp), 0);
	ck_assert_uint_eq(a.start, BASE);
	ck_assert_uint_eq(exp, 0);
	ck_assert_uint_eq(heap_bo_info_uva(io, &a), HEAP_INVALID_ADDR);
	/* A chunk whose handle creation (DMA map) failed stays committed, unusable. */
	ck_assert_int_eq(heap_chunk_add(io, SZ_64M, NULL), 0);
	th_alloc_err(io, MiB(100), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(io), HEAP_R_DMA_INVALID);
	heap_assert_ok(io);

	/* Carveout: no per-chunk check at all. */
	ck_assert_int_eq(heap_chunk_add(pa, SZ_64M, NULL), 0);
	th_alloc_ok(pa, &b, SZ_4K, BASE);
	ck_assert_uint_eq(heap_bo_info_uva(pa, &b), HEAP_INVALID_ADDR);
	ck_assert_uint_eq(b.uva, HEAP_INVALID_ADDR);
	heap_assert_ok(pa);
	ck_assert_int_eq(heap_bo_free(io, &a), 0);
	ck_assert_int_eq(heap_bo_free(pa, &b), 0);
	heap_destroy(io);
	heap_destroy(pa);
}
END_TEST

/* K4: an unmapped / mis-mapped chunk 1 in each design (PASID). */
START_TEST(test_k4_chunk1_mapping_by_design)
{
	struct heap *hd = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap *pr = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct heap *im = th_new("npu4", REV_PR1279, ADDR_PASID);
	struct heap *all[3] = { hd, pr, im };
	struct heap_bo a = { 0 };

	for (int i = 0; i < 3; i++) {
		th_add(all[i], SZ_64M);
		ck_assert_int_eq(heap_chunk_add(all[i], SZ_64M, NULL), 0); /* not mmapped */
	}
	th_alloc_err(hd, MiB(100), -EAGAIN);
	th_alloc_err(im, MiB(100), -EAGAIN);
	ck_assert_int_eq(heap_last_reason(im), HEAP_R_UVA_INVALID);
	/* PR: firmware already holds the predicted address; the BO is accepted. */
	th_alloc_ok(pr, &a, MiB(100), BASE);
	ck_assert_int_eq(heap_bo_free(pr, &a), 0);

	/* mmap chunk 1 at uva(c0) + 128 MiB: PR refuses the mmap itself. */
	ck_assert_int_eq(heap_chunk_mmap_check(pr, 1, UVA_BASE + SZ_128M), -EINVAL);
	ck_assert_int_eq(heap_chunk_mmap_check(im, 1, UVA_BASE + SZ_128M), 0);
	ck_assert_int_eq(heap_chunk_mmap_check(hd, 1, UVA_BASE + SZ_128M), 0);
	ck_assert_int_eq(heap_chunk_set_uva(im, 1, UVA_BASE + SZ_128M), 0);
	ck_assert_int_eq(heap_chunk_set_uva(hd, 1, UVA_BASE + SZ_128M), 0);
	th_alloc_err(im, MiB(100), -EFAULT);
	ck_assert_int_eq(heap_last_reason(im), HEAP_R_UVA_NONCONTIG);
	th_alloc_err(hd, MiB(100), -EINVAL);
	/* INTERIM without a chunk is EINVAL, with chunk 0 unmapped EAGAIN. */
	{
		struct heap *im2 = th_new("npu4", REV_PR1279, ADDR_IOVA);

		th_alloc_err(im2, SZ_4K, -EINVAL);
		ck_assert_int_eq(heap_chunk_add(im2, SZ_64M, NULL), 0);
		ck_assert_int_eq(heap_chunk_set_dma_addr(im2, 0, IOVA_BASE), 0);
		th_alloc_err(im2, SZ_4K, -EAGAIN); /* INTERIM needs uvas in every mode */
		ck_assert_int_eq(heap_chunk_set_uva(im2, 0, UVA_BASE), 0);
		th_alloc_ok(im2, &a, SZ_4K, BASE);
		ck_assert_int_eq(heap_bo_free(im2, &a), 0);
		heap_destroy(im2);
	}
	for (int i = 0; i < 3; i++) {
		heap_assert_ok(all[i]);
		heap_destroy(all[i]);
	}
}
END_TEST

/* References: HEAD takes one on every spanned chunk, PR on chunk 0 only; pins. */
START_TEST(test_bo_refs_and_pins)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };
	struct heap_chunk_info c0, c1, c2;
	bool head = d == REV_856409CA;

	th_add(h, SZ_64M);
	th_add(h, SZ_64M);
	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(100), BASE);
	ck_assert_uint_eq(a.start_id, 0);
	ck_assert_uint_eq(a.end_id, 1);
	th_alloc_ok(h, &b, MiB(64), BASE + MiB(100));
	ck_assert_uint_eq(b.start_id, 1);
	ck_assert_uint_eq(b.end_id, 2);
	heap_chunk_info(h, 0, &c0);
	heap_chunk_info(h, 1, &c1);
	heap_chunk_info(h, 2, &c2);
	ck_assert_uint_eq(c0.refs, head ? 2 : 3);
	ck_assert_uint_eq(c1.refs, head ? 3 : 1);
	ck_assert_uint_eq(c2.refs, head ? 2 : 1);
	ck_assert_uint_eq(c0.live_bytes, SZ_64M);
	ck_assert_uint_eq(c1.live_bytes, SZ_64M);
	ck_assert_uint_eq(c2.live_bytes, MiB(100) - SZ_64M);

	ck_assert_int_eq(heap_bo_pin(h, &b), 0);
	ck_assert_int_eq(heap_bo_pin(h, &b), 0); /* sticky: once */
	ck_assert(b.pinned);
	heap_chunk_info(h, 1, &c1);
	heap_chunk_info(h, 2, &c2);
	ck_assert_uint_eq(c1.pins, head ? 1 : 0);
	ck_assert_uint_eq(c2.pins, head ? 1 : 0);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), -EINVAL);
	ck_assert_int_eq(heap_bo_pin(h, &b), -EINVAL);
	heap_chunk_info(h, 1, &c1);
	ck_assert_uint_eq(c1.pins, 0);
	ck_assert_uint_eq(c1.refs, head ? 2 : 1);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_alloc(h, &a, SZ_4K), -EBUSY);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_chunk_info(h, 0, &c0);
	ck_assert_uint_eq(c0.refs, 1);
	ck_assert(heap_clean(h));
	heap_destroy(h);
}
END_TEST

/* A BO of one heap cannot be freed through another. */
START_TEST(test_bo_foreign_heap)
{
	struct heap *h1 = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap *h2 = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };

	th_add(h1, SZ_64M);
	th_add(h2, SZ_64M);
	/* K14: two opens, two independent heaps starting at the base. */
	th_alloc_ok(h1, &a, SZ_4K, BASE);
	th_alloc_ok(h2, &b, SZ_4K, BASE);
	ck_assert_int_eq(heap_bo_free(h2, &a), -EINVAL);
	ck_assert_int_eq(heap_bo_pin(h2, &a), -EINVAL);
	ck_assert_int_eq(heap_bo_free(h1, &a), 0);
	ck_assert_int_eq(heap_bo_free(h2, &b), 0);
	heap_destroy(h1);
	heap_destroy(h2);
}
END_TEST

/* Kernel vmap (§5.7): cross-chunk BOs are refused, HEAD ENOMEM, PR EINVAL. */
START_TEST(test_bo_vmap)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };
	struct heap_chunk_info ci;
	u32 chunk = 9;
	u64 off = 9;

	th_add(h, SZ_64M);
	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(100), BASE);
	th_alloc_ok(h, &b, SZ_4K, BASE + MiB(100));
	ck_assert(heap_bo_cross_chunk(&a));
	ck_assert_int_eq(heap_bo_vmap(h, &a, &chunk, &off),
			 d == REV_856409CA ? -ENOMEM : -EINVAL);
	ck_assert_int_eq(heap_chunk_info(h, 1, &ci), 0);
	ck_assert(!ci.vmapped);
	ck_assert_int_eq(heap_bo_vmap(h, &b, &chunk, &off), 0);
	ck_assert_uint_eq(chunk, 1);
	ck_assert_uint_eq(off, MiB(36));
	ck_assert_int_eq(heap_chunk_info(h, 1, &ci), 0);
	ck_assert(ci.vmapped);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_vmap(h, &a, &chunk, &off), -EINVAL);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

/* K2: SYNC_BO on a 4 KiB DEV BO with bad bounds. */
START_TEST(test_sync_k2)
{
	struct heap *hd = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap *pr = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 };
	struct heap_flush fl[HEAP_MAX_CHUNKS];
	u32 n = 99;

	th_add(hd, SZ_64M);
	th_add(pr, SZ_64M);
	th_alloc_ok(hd, &a, SZ_4K, BASE);
	th_alloc_ok(pr, &b, SZ_4K, BASE);

	/* PR rule: EINVAL, EINVAL, 0. */
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 1ULL << 44, 4096, fl, 8, &n), -EINVAL);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 4096, 1, fl, 8, &n), -EINVAL);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 0, 0, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 4096, 0, fl, 8, &n), 0);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 4097, 0, fl, 8, &n), 0);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 0, 4096, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].chunk, 0);
	ck_assert_uint_eq(fl[0].offset, 0);
	ck_assert_uint_eq(fl[0].len, 4096);
	ck_assert_int_eq(heap_bo_sync_ranges(pr, &b, 0x800, U64_MAX - 0x7FE, fl, 8, &n),
			 -EINVAL);

	/* HEAD rule: all return 0; nothing outside chunk 0 is flushed. */
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 1ULL << 44, 4096, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 4096, 1, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].chunk, 0);
	ck_assert_uint_eq(fl[0].offset, 4096);
	ck_assert_uint_eq(fl[0].len, 1);
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 0, 0, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* Clipped to the chunk end. */
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 0, U64_MAX / 2, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].offset, 0);
	ck_assert_uint_eq(fl[0].len, SZ_64M);
	/* The end wraps: [start + 0x800, wrapped) is empty. */
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 0x800, U64_MAX - 0x7FE, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* The start wraps below the BO: the part that lands in chunk 0 is flushed. */
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, U64_MAX, 0x1001, fl, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].offset, 0);
	ck_assert_uint_eq(fl[0].len, 0x1000);
	heap_assert_ok(hd);
	heap_assert_ok(pr);
	ck_assert_int_eq(heap_bo_free(hd, &a), 0);
	ck_assert_int_eq(heap_bo_sync_ranges(hd, &a, 0, 1, fl, 8, &n), -EINVAL);
	ck_assert_int_eq(heap_bo_free(pr, &b), 0);
	heap_destroy(hd);
	heap_destroy(pr);
}
END_TEST

/* SYNC_BO over a cross-chunk BO: one range per chunk. */
START_TEST(test_sync_cross_chunk)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo a = { 0 };
	struct heap_flush fl[HEAP_MAX_CHUNKS];
	u32 n;

	for (int i = 0; i < 4; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(150), BASE);
	ck_assert_uint_eq(a.end_id, 2);
	ck_assert_int_eq(heap_bo_sync_ranges(h, &a, MiB(10), MiB(130), fl, 8, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(fl[0].chunk, 0);
	ck_assert_uint_eq(fl[0].offset, MiB(10));
	ck_assert_uint_eq(fl[0].len, MiB(54));
	ck_assert_uint_eq(fl[1].chunk, 1);
	ck_assert_uint_eq(fl[1].offset, 0);
	ck_assert_uint_eq(fl[1].len, MiB(64));
	ck_assert_uint_eq(fl[2].chunk, 2);
	ck_assert_uint_eq(fl[2].offset, 0);
	ck_assert_uint_eq(fl[2].len, MiB(12));
	ck_assert_int_eq(heap_bo_sync_ranges(h, &a, MiB(10), MiB(130), fl, 2, &n), -ENOSPC);
	/* HEAD clips to chunks 0..2 (chunk 3 untouched); PR: EINVAL past the BO. */
	ck_assert_int_eq(heap_bo_sync_ranges(h, &a, 0, MiB(250), fl, 8, &n),
			 d == REV_856409CA ? 0 : -EINVAL);
	if (d == REV_856409CA) {
		ck_assert_uint_eq(n, 3);
		ck_assert_uint_eq(fl[2].len, SZ_64M);
	}
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);
}
END_TEST

/* SYNC_BO through a chunk's own handle (amdxdna_flush_bo at HEAD; PR unchecked). */
START_TEST(test_sync_chunk_handle)
{
	struct heap *hd = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap *pr = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct heap_flush fl[1];
	u32 n;

	th_add(hd, SZ_64M);
	th_add(pr, SZ_64M);
	ck_assert_int_eq(heap_chunk_sync_ranges(hd, 1, 0, 1, fl, &n), -ENOENT);
	/* K6 (v): offset = chunk size → EINVAL at HEAD; PR flushes past the end. */
	ck_assert_int_eq(heap_chunk_sync_ranges(hd, 0, SZ_64M, 1, fl, &n), -EINVAL);
	ck_assert_int_eq(heap_chunk_sync_ranges(pr, 0, SZ_64M, 1, fl, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].offset, SZ_64M);
	ck_assert_uint_eq(fl[0].len, 1);
	ck_assert_int_eq(heap_chunk_sync_ranges(hd, 0, 4096, U64_MAX - 4095, fl, &n), -EINVAL);
	ck_assert_int_eq(heap_chunk_sync_ranges(hd, 0, 4096, U64_MAX - 4096, fl, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(fl[0].len, SZ_64M - 4096);
	ck_assert_int_eq(heap_chunk_sync_ranges(hd, 0, 0, 0, fl, &n), 0);
	ck_assert_uint_eq(n, 0);
	heap_destroy(hd);
	heap_destroy(pr);
}
END_TEST

/* Attachments: chunk prefixes with one ref + one pin each; I7/I8. */
START_TEST(test_attachments)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap_attach x = { 0 }, y = { 0 };
	struct heap_check_result res;
	struct heap_chunk_info ci;
	u64 addr;

	ck_assert_int_eq(heap_attach_next(h, &x, &addr), -EINVAL);
	ck_assert_int_eq(heap_attach_register(h, &x, 1), 0);
	ck_assert_int_eq(heap_attach_register(h, &x, 1), -EBUSY);
	/* HEAD hwctx creation without chunk 0: ENOENT. */
	ck_assert_int_eq(heap_attach_next(h, &x, &addr), -ENOENT);
	th_add(h, SZ_64M);
	ck_assert_int_eq(heap_attach_next(h, &x, &addr), 0);
	ck_assert_uint_eq(addr, UVA_BASE);
	ck_assert_int_eq(heap_check_attach_complete(h, &x, &res), 0);
	/* A chunk committed but not mmapped: the driver would send INVALID. */
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_check_attach_complete(h, &x, &res), -EUCLEAN);
	ck_assert_int_eq(res.inv, 8);
	ck_assert_int_eq(res.attach_id, 1);
	ck_assert_int_eq(heap_check_attach_complete(h, NULL, &res), -EUCLEAN);
	ck_assert_int_eq(res.inv, 7);
	ck_assert_int_eq(heap_attach_next(h, &x, &addr), 0);
	ck_assert_uint_eq(addr, HEAP_INVALID_ADDR);
	ck_assert_uint_eq(heap_attach_count(&x), 2);
	ck_assert_int_eq(heap_check_attach_complete(h, NULL, NULL), 0);
	ck_assert_int_eq(heap_attach_next(h, &x, NULL), -ENOENT);

	ck_assert_int_eq(heap_attach_register(h, &y, 2), 0);
	ck_assert_int_eq(heap_attach_next(h, &y, NULL), 0);
	ck_assert_int_eq(heap_check_attach_complete(h, NULL, &res), -EUCLEAN);
	ck_assert_int_eq(res.attach_id, 2);
	heap_chunk_info(h, 0, &ci);
	ck_assert_uint_eq(ci.refs, 3);
	ck_assert_uint_eq(ci.pins, 2);
	heap_assert_ok(h);
	/* Rollback of one failed attach. */
	ck_assert_int_eq(heap_attach_drop_last(h, &x), 0);
	ck_assert_uint_eq(heap_attach_count(&x), 1);
	ck_assert_int_eq(heap_attach_unregister(h, &x), -EBUSY);
	heap_attach_release_all(h, &x);
	ck_assert_int_eq(heap_attach_drop_last(h, &x), -ENOENT);
	ck_assert_int_eq(heap_attach_unregister(h, &x), 0);
	ck_assert_int_eq(heap_attach_unregister(h, &x), -EINVAL);
	ck_assert_int_eq(heap_attach_drop_last(h, &x), -EINVAL);
	heap_chunk_info(h, 0, &ci);
	ck_assert_uint_eq(ci.refs, 2);
	ck_assert_uint_eq(ci.pins, 1);
	heap_assert_ok(h);
	heap_attach_release_all(h, &y);
	ck_assert_int_eq(heap_attach_unregister(h, &y), 0);
	heap_chunk_info(h, 0, &ci);
	ck_assert_uint_eq(ci.refs, 1);
	ck_assert_uint_eq(ci.pins, 0);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

Suite *heap_bo_suite(void)
{
	Suite *s = suite_create("heap_bo");
	TCase *tc = tcase_create("bo");

	tcase_add_test(tc, test_head_size_errnos);
	tcase_add_loop_test(tc, test_pr_einval_rules, 0, 3);
	tcase_add_test(tc, test_pr_eagain_then_enospc);
	tcase_add_test(tc, test_head_enospc_full_range);
	tcase_add_test(tc, test_head_pasid_coverage);
	tcase_add_test(tc, test_head_walk_order);
	tcase_add_test(tc, test_head_iova_and_carveout);
	tcase_add_test(tc, test_k4_chunk1_mapping_by_design);
	tcase_add_loop_test(tc, test_bo_refs_and_pins, 0, 2);
	tcase_add_test(tc, test_bo_foreign_heap);
	tcase_add_loop_test(tc, test_bo_vmap, 0, 2);
	tcase_add_test(tc, test_sync_k2);
	tcase_add_loop_test(tc, test_sync_cross_chunk, 0, 2);
	tcase_add_test(tc, test_sync_chunk_handle);
	tcase_add_test(tc, test_attachments);
	suite_add_tcase(s, tc);
	return s;
}
