// SPDX-License-Identifier: MIT
#include "tests/alloc_heap/heap_test_util.h"

#include <stdio.h>

#include "common/errname.h"

const enum drv_rev th_designs[2] = { REV_856409CA, REV_PR1233 };

struct heap *th_new(const char *prof, enum drv_rev d, enum addr_mode m)
{
	struct heap_config cfg = { .profile = heap_profile_find(prof), .rev = d, .mode = m };
	struct heap *h = NULL;

	ck_assert_ptr_nonnull(cfg.profile);
	ck_assert_int_eq(heap_create(&cfg, &h), 0);
	return h;
}

void th_map(struct heap *h, u32 idx)
{
	u64 off = heap_chunk_addr(h, idx) - heap_profile(h)->base;

	switch (heap_mode(h)) {
	case ADDR_PASID:
		ck_assert_int_eq(heap_chunk_set_uva(h, idx, UVA_BASE + off), 0);
		break;
	case ADDR_IOVA:
		ck_assert_int_eq(heap_chunk_set_dma_addr(h, idx, IOVA_BASE + off), 0);
		break;
	case ADDR_CARVEOUT:
		ck_assert_int_eq(heap_chunk_set_dma_addr(h, idx, 0x80000000ULL + off), 0);
		break;
	}
	/* The PR era and upstream record the uva in every mode (docs/driver/heap.md §8.1). */
	if (heap_uva_rule(h) != HEAP_UVA_PASID && heap_mode(h) != ADDR_PASID)
		ck_assert_int_eq(heap_chunk_set_uva(h, idx, UVA_BASE + off), 0);
}

int th_expand(struct heap *h, u64 size)
{
	u32 idx;
	int err = heap_chunk_add(h, size, &idx);

	if (!err)
		th_map(h, idx);
	return err;
}

void th_add(struct heap *h, u64 size)
{
	ck_assert_int_eq(th_expand(h, size), 0);
}

int th_shim_alloc(struct heap *h, struct heap_bo *bo, u64 size, unsigned int *expansions)
{
	for (;;) {
		int err = heap_bo_alloc(h, bo, size);

		if (err != -EAGAIN)
			return err;
		/* buffer::expand(64 MiB): the shim's own 512 MiB cap, no ioctl. */
		if (heap_committed(h) >= SZ_512M)
			return -ENOSPC;
		err = th_expand(h, SZ_64M);
		if (err)
			return err;
		if (expansions)
			(*expansions)++;
	}
}

void th_alloc_ok_at(struct heap *h, struct heap_bo *bo, u64 size, u64 addr, const char *file,
		    int line)
{
	int err = heap_bo_alloc(h, bo, size);

	ck_assert_msg(err == 0, "%s:%d: alloc %#llx: %s (%s)", file, line,
		      (unsigned long long)size, xerrname(err), heap_reason_name(heap_last_reason(h)));
	ck_assert_msg(bo->start == addr, "%s:%d: alloc %#llx at %#llx, expected %#llx", file,
		      line, (unsigned long long)size, (unsigned long long)bo->start,
		      (unsigned long long)addr);
}

void th_alloc_err_at(struct heap *h, u64 size, int err, const char *file, int line)
{
	struct heap_bo bo = { 0 };
	int got = heap_bo_alloc(h, &bo, size);

	ck_assert_msg(got == err, "%s:%d: alloc %#llx: got %s, expected %s", file, line,
		      (unsigned long long)size, xerrname(got), xerrname(err));
	ck_assert(!heap_bo_live(&bo));
}
