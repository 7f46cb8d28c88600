// SPDX-License-Identifier: MIT
/*
 * Chunks: CREATE_BO(DEV_HEAP) errnos and geometry (docs/driver/heap.md §5.2, §10.1),
 * profiles (§1), lookups with exact boundaries (K16), usability per mode,
 * references and pins held by the caller.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <string.h>

/* Any design: size rules and the cumulative maximum on npu4. */
START_TEST(test_chunk_add_sizes_and_max)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	u32 idx = 99;

	ck_assert_int_eq(heap_chunk_add(h, 0, &idx), -EINVAL);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_CHUNK_SIZE);
	ck_assert_int_eq(heap_chunk_add(h, MiB(32), &idx), -EINVAL);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M + SZ_4K, &idx), -EINVAL);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M - 1, &idx), -EINVAL);
	ck_assert_uint_eq(idx, 99);
	ck_assert_uint_eq(heap_nr_chunks(h), 0);

	/* A first chunk larger than 64 MiB is allowed (Debug.num_heap_pages). */
	ck_assert_int_eq(heap_chunk_add(h, SZ_128M, &idx), 0);
	ck_assert_uint_eq(idx, 0);
	ck_assert_uint_eq(heap_chunk_addr(h, 0), 0x04000000);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, &idx), 0);
	ck_assert_uint_eq(idx, 1);
	ck_assert_uint_eq(heap_chunk_addr(h, 1), 0x0C000000);
	ck_assert_int_eq(heap_chunk_add(h, MiB(256), &idx), 0);
	ck_assert_uint_eq(heap_chunk_addr(h, 2), 0x10000000);
	ck_assert_uint_eq(heap_committed(h), MiB(448));
	/* 448 + 128 > 512: ENOSPC, nothing committed. */
	ck_assert_int_eq(heap_chunk_add(h, SZ_128M, &idx), -ENOSPC);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_OVER_MAX);
	/* A size that would wrap total + size in u64 is still ENOSPC. */
	ck_assert_int_eq(heap_chunk_add(h, 0x8000000000000000ULL, &idx), -ENOSPC);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, &idx), 0);
	ck_assert_uint_eq(idx, 3);
	ck_assert_uint_eq(heap_chunk_addr(h, 3), 0x20000000);
	ck_assert_uint_eq(heap_committed(h), SZ_512M);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, &idx), -ENOSPC);
	ck_assert_uint_eq(heap_nr_chunks(h), 4);
	ck_assert_uint_eq(heap_chunk_size(h, 2), MiB(256));
	ck_assert_uint_eq(heap_chunk_size(h, 4), 0);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* NPU1: max 64 MiB, one chunk only; its second chunk is ENOSPC in every design. */
START_TEST(test_npu1_refuses_second_chunk)
{
	struct heap *h = th_new("npu1", th_designs[_i], ADDR_PASID);

	ck_assert_int_eq(heap_chunk_add(h, SZ_128M, NULL), -ENOSPC);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), -ENOSPC);
	ck_assert_uint_eq(heap_nr_chunks(h), 1);
	ck_assert_uint_eq(heap_committed(h), SZ_64M);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* AIE4-like (K17): max 0, no allocator; DEV_HEAP → ENOSPC, DEV → EINVAL. */
START_TEST(test_aie4_has_no_heap)
{
	struct heap *h = th_new("aie4", th_designs[_i], ADDR_PASID);
	struct heap_bo bo = { 0 };
	struct heap_metrics m;

	ck_assert_ptr_null(heap_mm(h));
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), -ENOSPC);
	ck_assert_int_eq(heap_bo_alloc(h, &bo, SZ_4K), -EINVAL);
	ck_assert_int_eq(heap_bo_alloc(h, &bo, 1), -EINVAL);
	ck_assert_int_eq(heap_bo_alloc(h, &bo, SZ_512M), -EINVAL);
	ck_assert_uint_eq(heap_nr_chunks(h), 0);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.holes, 0);
	ck_assert_uint_eq(m.c.allocs_einval, 3);
	ck_assert_uint_eq(m.c.inserts, 0);
	ck_assert_ptr_null(heap_bo_lookup(h, BASE));
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* HEAD: a device without hwctx_heap_expand may have one chunk, then EOPNOTSUPP. */
START_TEST(test_no_heap_expand_op)
{
	struct heap_profile p = *heap_profile_find("npu4");
	struct heap_config cfg = { .profile = &p, .mode = ADDR_CARVEOUT };
	struct heap *h;

	p.has_heap_expand = false;
	cfg.rev = REV_856409CA;
	ck_assert_int_eq(heap_create(&cfg, &h), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), -EOPNOTSUPP);
	ck_assert_int_eq(heap_last_reason(h), HEAP_R_NO_EXPAND);
	/* The size check comes first. */
	ck_assert_int_eq(heap_chunk_add(h, 0, NULL), -EINVAL);
	heap_destroy(h);

	/* The PR design has no such check. */
	cfg.rev = REV_PR1233;
	ck_assert_int_eq(heap_create(&cfg, &h), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	heap_destroy(h);
}
END_TEST

START_TEST(test_profiles_table)
{
	const struct heap_profile *p;
	static const struct {
		const char *name;
		u64 max;
		unsigned int hwctx;
		bool expand;
	} want[] = {
		{ "npu1", SZ_64M, 6, true },   { "npu4", SZ_512M, 16, true },
		{ "npu5", SZ_512M, 16, true }, { "npu6", SZ_512M, 16, true },
		{ "aie4", 0, 128, false },
	};

	ck_assert_uint_eq(heap_nr_profiles, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		p = heap_profile_find(want[i].name);
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->name, want[i].name);
		ck_assert_uint_eq(p->max_size, want[i].max);
		ck_assert_uint_eq(p->chunk_size, SZ_64M);
		ck_assert_uint_eq(p->base, 0x04000000);
		ck_assert_uint_eq(heap_profile_bo_align(p), SZ_32K);
		ck_assert_uint_eq(p->hwctx_limit, want[i].hwctx);
		ck_assert(p->has_heap_expand == want[i].expand);
	}
	ck_assert_ptr_null(heap_profile_find("npu2"));
	ck_assert_ptr_null(heap_profile_find(NULL));

	p = heap_profile_find("npu4");
	ck_assert(!heap_profile_fw_has_add_host_buf(p, 6, 17));
	ck_assert(heap_profile_fw_has_add_host_buf(p, 6, 18));
	ck_assert(heap_profile_fw_has_add_host_buf(p, 6, 24));
	ck_assert(heap_profile_fw_has_add_host_buf(p, 7, 0));
	ck_assert(!heap_profile_fw_has_add_host_buf(p, 5, 30));
	p = heap_profile_find("npu1");
	ck_assert(!heap_profile_fw_has_add_host_buf(p, 5, 8));
	ck_assert(!heap_profile_fw_has_add_host_buf(p, 7, 0));

	/* A 64 KiB-page kernel aligns DEV BOs to 64 KiB. */
	{
		struct heap_profile big = *heap_profile_find("npu4");

		big.page_shift = 16;
		ck_assert_uint_eq(heap_profile_bo_align(&big), 0x10000);
	}
}
END_TEST

START_TEST(test_names_parse)
{
	enum drv_rev d;
	enum addr_mode m;

	ck_assert_str_eq(drv_rev_name(REV_856409CA), "856409ca");
	ck_assert_str_eq(drv_rev_name(REV_PR1233), "pr1233");
	ck_assert_str_eq(drv_rev_name(REV_PR1279), "pr1279");
	ck_assert_str_eq(drv_rev_name(REV_UPSTREAM), "upstream");
	ck_assert_str_eq(drv_rev_name((enum drv_rev)REV_NR), "?");
	ck_assert_ptr_null(drv_rev_info((enum drv_rev)REV_NR));
	ck_assert_int_eq(drv_rev_parse("head", &d), 0);
	ck_assert_int_eq(d, REV_HEAD);
	ck_assert_int_eq(REV_HEAD, REV_PR1705);
	ck_assert_int_eq(drv_rev_parse("interim", &d), 0);
	ck_assert_int_eq(d, REV_PR1279);
	ck_assert_int_eq(drv_rev_parse(NULL, &d), -EINVAL);
	/* every revision listed once, oldest first, and its name parses back */
	for (size_t i = 0; i < REV_NR; i++) {
		const struct drv_rev_info *ri = drv_rev_info(drv_rev_by_age(i));

		ck_assert_ptr_nonnull(ri);
		ck_assert_int_eq(drv_rev_parse(ri->name, &d), 0);
		ck_assert_int_eq(d, drv_rev_by_age(i));
		for (size_t j = 0; j < i; j++)
			ck_assert_int_ne(drv_rev_by_age(j), d);
		/* the out-of-tree line is cumulative, hence in date order */
		if (i && drv_rev_by_age(i) != REV_UPSTREAM)
			ck_assert_str_ge(ri->date, drv_rev_info(drv_rev_by_age(i - 1))->date);
	}
	ck_assert_int_eq(drv_rev_by_age(0), REV_PR1233);
	/* the merged revisions first, then the proposals on top of them */
	ck_assert_int_eq(drv_rev_by_age(REV_MERGED_NR - 1), REV_UPSTREAM);
	ck_assert_int_eq(drv_rev_by_age(REV_NR - 1), REV_PR1710);
	for (size_t i = 0; i < REV_NR; i++) {
		const struct drv_rev_info *ri = drv_rev_info(drv_rev_by_age(i));

		ck_assert(ri->proposal == (i >= REV_MERGED_NR));
		ck_assert_int_eq(drv_rev_base(drv_rev_by_age(i)),
				 ri->proposal ? REV_PR1705 : drv_rev_by_age(i));
		ck_assert(!ri->proposal || !drv_rev_info(ri->base)->proposal);
	}
	ck_assert_str_eq(addr_mode_name(ADDR_IOVA), "iova");
	ck_assert_int_eq(drv_rev_parse("pr1233", &d), 0);
	ck_assert_int_eq(d, REV_PR1233);
	ck_assert_int_eq(drv_rev_parse("PR1233", &d), -EINVAL);
	ck_assert_int_eq(addr_mode_parse("carveout", &m), 0);
	ck_assert_int_eq(m, ADDR_CARVEOUT);
	ck_assert_int_eq(addr_mode_parse("", &m), -EINVAL);
	ck_assert_str_eq(heap_reason_name(HEAP_R_NOT_COMMITTED), "not-committed");
	ck_assert_str_eq(heap_reason_name(HEAP_R_NR), "?");
	for (int r = 0; r < HEAP_R_NR; r++)
		ck_assert_str_ne(heap_reason_name((enum heap_reason)r), "?");
}
END_TEST

START_TEST(test_create_rejects_bad_config)
{
	struct heap_profile p = *heap_profile_find("npu4");
	struct heap_config cfg = { .profile = &p };
	struct heap *h = NULL;

	ck_assert_int_eq(heap_create(NULL, &h), -EINVAL);
	cfg.rev = (enum drv_rev)REV_NR;
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	cfg.rev = REV_856409CA;
	cfg.mode = (enum addr_mode)3;
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	cfg.mode = ADDR_PASID;
	p.chunk_size = SZ_64M + SZ_4K; /* not a power of two */
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	p.chunk_size = SZ_64M;
	p.max_size = SZ_512M + SZ_4K; /* not a multiple of the chunk size */
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	p.max_size = 65 * SZ_64M; /* more than HEAP_MAX_CHUNKS chunks */
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	p.max_size = SZ_512M;
	p.base = U64_MAX - SZ_64M * 4 + 1;
	ck_assert_int_eq(heap_create(&cfg, &h), -EINVAL);
	ck_assert_ptr_null(h);
	heap_destroy(NULL);
}
END_TEST

/* K16: exact chunk boundaries of lookups and of DEV BO start/end chunks. */
START_TEST(test_chunk_lookup_boundaries)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };
	u32 idx, f, l;

	ck_assert_int_eq(heap_chunk_lookup(h, BASE, &idx), -ENOENT);
	th_add(h, SZ_64M);
	th_add(h, SZ_128M);
	ck_assert_int_eq(heap_chunk_lookup(h, BASE - 1, &idx), -ENOENT);
	ck_assert_int_eq(heap_chunk_lookup(h, BASE, &idx), 0);
	ck_assert_uint_eq(idx, 0);
	ck_assert_int_eq(heap_chunk_lookup(h, 0x07FFFFFF, &idx), 0);
	ck_assert_uint_eq(idx, 0);
	ck_assert_int_eq(heap_chunk_lookup(h, 0x08000000, &idx), 0);
	ck_assert_uint_eq(idx, 1);
	ck_assert_int_eq(heap_chunk_lookup(h, 0x0FFFFFFF, &idx), 0);
	ck_assert_uint_eq(idx, 1);
	ck_assert_int_eq(heap_chunk_lookup(h, 0x10000000, &idx), -ENOENT);

	ck_assert_int_eq(heap_range_chunks(h, BASE, SZ_64M, &f, &l), 0);
	ck_assert_uint_eq(f, 0);
	ck_assert_uint_eq(l, 0);
	ck_assert_int_eq(heap_range_chunks(h, BASE, SZ_64M + 1, &f, &l), 0);
	ck_assert_uint_eq(l, 1);
	ck_assert_int_eq(heap_range_chunks(h, 0x08000000, 1, &f, &l), 0);
	ck_assert_uint_eq(f, 1);
	ck_assert_uint_eq(l, 1);
	ck_assert_int_eq(heap_range_chunks(h, 0x08000000, SZ_128M + 1, &f, &l), -ENOENT);
	ck_assert_int_eq(heap_range_chunks(h, BASE, 0, &f, &l), -EINVAL);
	ck_assert_int_eq(heap_range_chunks(h, U64_MAX, 2, &f, &l), -EINVAL);

	/* A DEV BO ending exactly at 0x0800_0000 ends in chunk 0 ... */
	th_alloc_ok(h, &a, SZ_64M, BASE);
	ck_assert_uint_eq(a.start_id, 0);
	ck_assert_uint_eq(a.end_id, 0);
	ck_assert(!heap_bo_cross_chunk(&a));
	/* ... and one starting exactly there starts and ends in chunk 1. */
	th_alloc_ok(h, &b, SZ_4K, 0x08000000);
	ck_assert_uint_eq(b.start_id, 1);
	ck_assert_uint_eq(b.end_id, 1);
	ck_assert_ptr_eq(heap_bo_lookup(h, 0x08000FFF), &b);
	ck_assert_ptr_null(heap_bo_lookup(h, 0x08001000));
	ck_assert_ptr_eq(heap_bo_lookup(h, BASE), &a);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

/* "Usable" per mode (docs/driver/heap.md §3, §5.4), uva prediction of the PR design. */
START_TEST(test_chunk_usable_and_addresses)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap *p = th_new("npu4", REV_PR1233, ADDR_PASID);
	struct heap *io = th_new("npu4", REV_856409CA, ADDR_IOVA);
	struct heap *pa = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);

	ck_assert(!heap_chunk_usable(h, 0));
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, 1), -ENOENT);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert(!heap_chunk_usable(h, 0));
	ck_assert_uint_eq(heap_chunk_uva(h, 1), HEAP_INVALID_ADDR);
	ck_assert_uint_eq(heap_chunk_fw_addr(h, 1), HEAP_INVALID_ADDR);
	ck_assert_int_eq(heap_chunk_set_uva(h, 0, UVA_BASE), 0);
	ck_assert(heap_chunk_usable(h, 0));
	ck_assert(!heap_chunk_usable(h, 1));
	/* HEAD does not predict: chunk 1 stays INVALID until mapped. */
	ck_assert_uint_eq(heap_chunk_uva(h, 1), HEAP_INVALID_ADDR);
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, UVA_BASE + SZ_128M), 0);
	ck_assert(!heap_chunk_usable(h, 1)); /* not contiguous with chunk 0 */
	ck_assert_int_eq(heap_chunk_set_uva(h, 1, UVA_BASE + SZ_64M), 0);
	ck_assert(heap_chunk_usable(h, 1));
	ck_assert_uint_eq(heap_chunk_fw_addr(h, 1), UVA_BASE + SZ_64M);
	ck_assert_uint_eq(heap_chunk_xdna_addr(h, 1), 0x08000000);
	/* HEAD: dma_addr wins when valid. */
	ck_assert_int_eq(heap_chunk_set_dma_addr(h, 1, 0x5000000), 0);
	ck_assert_uint_eq(heap_chunk_fw_addr(h, 1), 0x5000000);
	ck_assert_int_eq(heap_chunk_mmap_check(h, 0, 0x1234000), 0);

	/* PR: chunk i's uva is predicted from chunk 0 (amdxdna_dev_heap_uva). */
	ck_assert_int_eq(heap_chunk_add(p, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(p, SZ_128M, NULL), 0);
	ck_assert_int_eq(heap_chunk_add(p, SZ_64M, NULL), 0);
	ck_assert_uint_eq(heap_chunk_uva(p, 2), HEAP_INVALID_ADDR);
	ck_assert_int_eq(heap_chunk_mmap_check(p, 2, 0x1234000), 0);
	ck_assert_int_eq(heap_chunk_set_uva(p, 0, UVA_BASE), 0);
	ck_assert_uint_eq(heap_chunk_uva(p, 2), UVA_BASE + MiB(192));
	ck_assert_uint_eq(heap_chunk_fw_addr(p, 2), UVA_BASE + MiB(192));
	ck_assert_uint_eq(heap_chunk_xdna_addr(p, 2), BASE);
	ck_assert_int_eq(heap_chunk_mmap_check(p, 2, UVA_BASE + MiB(192)), 0);
	ck_assert_int_eq(heap_chunk_mmap_check(p, 2, UVA_BASE + MiB(256)), -EINVAL);
	/* Mapping chunk 0 a second time elsewhere is refused too. */
	ck_assert_int_eq(heap_chunk_mmap_check(p, 0, UVA_BASE + SZ_512M), -EINVAL);
	ck_assert_int_eq(heap_chunk_mmap_check(p, 0, UVA_BASE), 0);
	ck_assert_int_eq(heap_chunk_mmap_check(p, 3, UVA_BASE), -ENOENT);

	ck_assert_int_eq(heap_chunk_add(io, SZ_64M, NULL), 0);
	ck_assert(!heap_chunk_usable(io, 0));
	ck_assert_int_eq(heap_chunk_set_uva(io, 0, UVA_BASE), 0);
	ck_assert(!heap_chunk_usable(io, 0)); /* IOVA looks at dma_addr only */
	ck_assert_int_eq(heap_chunk_set_dma_addr(io, 0, IOVA_BASE), 0);
	ck_assert(heap_chunk_usable(io, 0));
	ck_assert_uint_eq(heap_chunk_dma_addr(io, 0), IOVA_BASE);
	ck_assert_uint_eq(heap_chunk_dma_addr(io, 1), HEAP_INVALID_ADDR);

	ck_assert_int_eq(heap_chunk_add(pa, SZ_64M, NULL), 0);
	ck_assert(heap_chunk_usable(pa, 0)); /* carveout: no per-chunk check */
	ck_assert(!heap_chunk_usable(pa, 1));

	heap_destroy(h);
	heap_destroy(p);
	heap_destroy(io);
	heap_destroy(pa);
}
END_TEST

START_TEST(test_chunk_refs_and_pins_balance)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_chunk_info ci;

	ck_assert_int_eq(heap_chunk_get(h, 0), -ENOENT);
	ck_assert_int_eq(heap_chunk_pin(h, 0), -ENOENT);
	th_add(h, SZ_64M);
	ck_assert_int_eq(heap_chunk_info(h, 0, &ci), 0);
	ck_assert_uint_eq(ci.refs, 1);
	ck_assert_uint_eq(ci.pins, 0);
	ck_assert_int_eq(heap_chunk_put(h, 0), -EINVAL);
	ck_assert_int_eq(heap_chunk_unpin(h, 0), -EINVAL);
	ck_assert_int_eq(heap_chunk_get(h, 0), 0);
	ck_assert_int_eq(heap_chunk_get(h, 0), 0);
	ck_assert_int_eq(heap_chunk_pin(h, 0), 0);
	ck_assert_int_eq(heap_chunk_info(h, 0, &ci), 0);
	ck_assert_uint_eq(ci.refs, 3);
	ck_assert_uint_eq(ci.ext_refs, 2);
	ck_assert_uint_eq(ci.pins, 1);
	/* heap_pins: the sum over chunks, a second chunk's pins included */
	th_add(h, SZ_64M);
	ck_assert_int_eq(heap_chunk_pin(h, 1), 0);
	ck_assert_int_eq(heap_chunk_pin(h, 1), 0);
	ck_assert_uint_eq(heap_pins(h), 3);
	ck_assert_int_eq(heap_chunk_unpin(h, 1), 0);
	ck_assert_int_eq(heap_chunk_unpin(h, 1), 0);
	ck_assert_uint_eq(heap_pins(h), 1);
	heap_assert_ok(h);
	ck_assert_int_eq(heap_chunk_put(h, 0), 0);
	ck_assert_int_eq(heap_chunk_put(h, 0), 0);
	ck_assert_int_eq(heap_chunk_put(h, 0), -EINVAL);
	ck_assert_int_eq(heap_chunk_unpin(h, 0), 0);
	ck_assert_int_eq(heap_chunk_unpin(h, 0), -EINVAL);
	ck_assert_int_eq(heap_chunk_info(h, 0, &ci), 0);
	ck_assert_uint_eq(ci.refs, 1);
	ck_assert_uint_eq(ci.pins, 0);
	ck_assert_uint_eq(heap_pins(h), 0);
	ck_assert_int_eq(heap_chunk_info(h, 2, &ci), -ENOENT);
	ck_assert_int_eq(heap_chunk_vmap(h, 0), 0);
	ck_assert_int_eq(heap_chunk_vmap(h, 2), -ENOENT);
	ck_assert_int_eq(heap_chunk_info(h, 0, &ci), 0);
	ck_assert(ci.vmapped);
	heap_assert_ok(h);
	heap_destroy(h);
}
END_TEST

Suite *heap_chunks_suite(void)
{
	Suite *s = suite_create("heap_chunks");
	TCase *tc = tcase_create("chunks");

	tcase_add_loop_test(tc, test_chunk_add_sizes_and_max, 0, 2);
	tcase_add_loop_test(tc, test_npu1_refuses_second_chunk, 0, 2);
	tcase_add_loop_test(tc, test_aie4_has_no_heap, 0, 2);
	tcase_add_test(tc, test_no_heap_expand_op);
	tcase_add_test(tc, test_profiles_table);
	tcase_add_test(tc, test_names_parse);
	tcase_add_test(tc, test_create_rejects_bad_config);
	tcase_add_loop_test(tc, test_chunk_lookup_boundaries, 0, 2);
	tcase_add_test(tc, test_chunk_usable_and_addresses);
	tcase_add_test(tc, test_chunk_refs_and_pins_balance);
	suite_add_tcase(s, tc);
	return s;
}
