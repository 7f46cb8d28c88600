// SPDX-License-Identifier: MIT
/*
 * heap_rev.c - what each driver revision does in the heap: one operation
 * table per revision (struct heap_ops, alloc/heap_priv.h) over the shared
 * code of heap.c / heap_bo.c.  The driver flows above the heap (hwctx
 * attach, restart, job and BO lifetime) are in sim/revision.c; the facts and
 * their driver sources in docs/driver/revisions.md.
 *
 * Three heap families exist in the driver history:
 *  - the PR #1233 list design (pr1233): insert limited to the committed
 *    bytes, chunk 0 must be mmapped, chunk uvas predicted from chunk 0;
 *  - the interim design (pr1279, aba33e95): same insert, a uva post-check in
 *    every mode, no prediction;
 *  - the xarray design (856409ca and later): whole-range insert, then
 *    amdxdna_init_dev_bo() checks every spanned chunk in the client's mode.
 */
#include <errno.h>

#include "alloc/heap_priv.h"

/*
 * Placement checks before the allocator is touched (amdxdna_gem_heap_alloc);
 * the common size checks are in heap_bo.c.
 */
static int precheck_none(struct heap *heap, u64 aligned)
{
	(void)heap;
	(void)aligned;
	return 0;
}

/* PR #1233: no heap yet, or chunk 0 not mmapped (any mode) → -EINVAL. */
static int precheck_pr1233(struct heap *heap, u64 aligned)
{
	(void)aligned;
	if (heap->nr_chunks == 0) {
		heap->last_reason = HEAP_R_NO_HEAP;
		return -EINVAL;
	}
	if (heap->chunks[0].uva == HEAP_INVALID_ADDR) {
		heap->last_reason = HEAP_R_C0_UNMAPPED;
		return -EINVAL;
	}
	return 0;
}

/* aba33e95 dropped the chunk 0 pre-check; no heap is still -EINVAL. */
static int precheck_pr1279(struct heap *heap, u64 aligned)
{
	(void)aligned;
	if (heap->nr_chunks == 0) {
		heap->last_reason = HEAP_R_NO_HEAP;
		return -EINVAL;
	}
	return 0;
}

/* The end of the insert range: the whole aperture, or the committed bytes. */
static u64 insert_end_all(const struct heap *heap)
{
	return heap->prof.base + heap->prof.max_size;
}

static u64 insert_end_committed(const struct heap *heap)
{
	return heap->prof.base + heap->committed;
}

/* No hole: xarray design -ENOSPC; list designs -EAGAIN while the heap can grow. */
static int no_hole_all(struct heap *heap)
{
	heap->last_reason = HEAP_R_NO_HOLE;
	return -ENOSPC;
}

static int no_hole_committed(struct heap *heap)
{
	if (heap->committed < heap->prof.max_size) {
		heap->last_reason = HEAP_R_NOT_COMMITTED;
		return -EAGAIN;
	}
	heap->last_reason = HEAP_R_FULL;
	return -ENOSPC;
}

/*
 * amdxdna_init_dev_bo() (xarray design): find the start chunk, then walk the
 * chunks the node spans checking each one in the client's mode
 * (@every_mode: the CPU address in every mode, as upstream and the K5 bug).
 */
static int cover(struct heap *heap, struct heap_bo *bo, bool every_mode)
{
	u64 end = bo->start + bo->size;
	u64 expect;
	u32 s, k;
	bool c0_only = heap->quirks & HEAP_QUIRK_C0_ONLY_COVER;

	if (heap->nr_chunks == 0) {
		heap->last_reason = HEAP_R_NO_CHUNK;
		return -EAGAIN;
	}
	/* The last chunk whose dev_addr <= start (the last one if start is beyond all). */
	s = 0;
	for (k = 1; k < heap->nr_chunks; k++)
		if (heap->chunks[k].dev_addr <= bo->start)
			s = k;
	expect = heap->chunks[s].uva;
	bo->uva = HEAP_INVALID_ADDR;
	if (heap->mode == ADDR_PASID)
		bo->uva = bo->start - heap->chunks[s].dev_addr + heap->chunks[s].uva;

	if (c0_only) {
		/* K4 bug: only chunk 0's mapping is checked, the rest predicted. */
		if (heap->mode == ADDR_PASID && heap->chunks[0].uva == HEAP_INVALID_ADDR) {
			heap->last_reason = HEAP_R_UVA_INVALID;
			return -EAGAIN;
		}
		if (heap->mode == ADDR_PASID)
			bo->uva = heap->chunks[0].uva + (bo->start - heap->prof.base);
	}
	for (k = s; k < heap->nr_chunks; k++) {
		const struct heap_chunk *c = &heap->chunks[k];

		if (c0_only && heap->mode == ADDR_PASID) {
			/* K4 bug: no per-chunk check. */
		} else if (heap->mode == ADDR_PASID || every_mode) {
			if (c->uva == HEAP_INVALID_ADDR) {
				heap->last_reason = HEAP_R_UVA_INVALID;
				return -EAGAIN;
			}
			if (c->uva != expect) {
				heap->last_reason = HEAP_R_UVA_NONCONTIG;
				return -EINVAL;
			}
			expect += c->size;
		} else if (heap->mode == ADDR_IOVA && c->dma_addr == HEAP_INVALID_ADDR) {
			heap->last_reason = HEAP_R_DMA_INVALID;
			return -EAGAIN;
		}
		/* accepted: pr1705 / upstream xa_insert it into the BO's chunk list here */
		heap->last_walked++;
		if (c->dev_addr + c->size >= end)
			break;
	}
	if (k == heap->nr_chunks) {
		heap->last_reason = HEAP_R_NOT_COMMITTED;
		return -EAGAIN;
	}
	bo->start_id = s;
	bo->end_id = k;
	return 0;
}

/* 856409ca: the CPU address is checked in PASID mode only (K5 quirk: every mode). */
static int place_856409ca(struct heap *heap, struct heap_bo *bo)
{
	return cover(heap, bo, heap->quirks & HEAP_QUIRK_UVA_ALL_MODES);
}

/*
 * Upstream Linux amdxdna_init_dev_bo() (drm-misc 1bc13a9d): every spanned
 * chunk needs a valid, contiguous CPU address in every mode (the uva is
 * recorded at every mmap of a DMA-mapped chunk, HEAP_UVA_STICKY).
 */
static int place_upstream(struct heap *heap, struct heap_bo *bo)
{
	return cover(heap, bo, true);
}

/* List designs: the ranged insert keeps the node inside committed chunks. */
static int place_pr1233(struct heap *heap, struct heap_bo *bo)
{
	bo->start_id = heap__chunk_of(heap, bo->start);
	bo->end_id = heap__chunk_of(heap, bo->start + bo->size - 1);
	bo->uva = HEAP_INVALID_ADDR;
	return 0;
}

/*
 * amdxdna_dev_bo_check_chunks() (aba33e95): chunk 0 and every chunk the node
 * overlaps must have a recorded uva at uva(chunk 0) + its device offset.
 */
static int place_pr1279(struct heap *heap, struct heap_bo *bo)
{
	u64 c0 = heap->chunks[0].uva;

	place_pr1233(heap, bo);
	if (c0 == HEAP_INVALID_ADDR) {
		heap->last_reason = HEAP_R_UVA_INVALID;
		return -EAGAIN;
	}
	for (u32 k = bo->start_id; k <= bo->end_id; k++) {
		const struct heap_chunk *c = &heap->chunks[k];

		if (c->uva == HEAP_INVALID_ADDR) {
			heap->last_reason = HEAP_R_UVA_INVALID;
			return -EAGAIN;
		}
		if (c->uva != c0 + (c->dev_addr - heap->prof.base)) {
			heap->last_reason = HEAP_R_UVA_NONCONTIG;
			return -EFAULT;
		}
	}
	return 0;
}

/* GET_BO_INFO.vaddr of a DEV BO: the cached uva, or uva(chunk 0) + offset. */
static u64 bo_uva_cached(const struct heap *heap, const struct heap_bo *bo)
{
	(void)heap;
	return bo->uva;
}

static u64 bo_uva_from_c0(const struct heap *heap, const struct heap_bo *bo)
{
	u64 c0 = heap->chunks[0].uva;

	if (c0 == HEAP_INVALID_ADDR)
		return HEAP_INVALID_ADDR;
	return c0 + (bo->start - heap->prof.base);
}

/*
 * DEV BO SYNC_BO ranges.  xarray design: [start + offset, + size) in plain
 * 64-bit arithmetic intersected with the spanned chunks, nothing rejected.
 */
static int bo_sync_unchecked(const struct heap *heap, const struct heap_bo *bo, u64 offset,
			     u64 size, struct heap_flush *out, u32 max, u32 *nr)
{
	return heap__flush_overlaps(heap, bo->start_id, bo->end_id, bo->start + offset, size,
				    out, max, nr);
}

/* amdxdna_gem_dev_bo_clflush() since 22952daa (K2 bug: no check at all). */
static int bo_sync_bounded(const struct heap *heap, const struct heap_bo *bo, u64 offset,
			   u64 size, struct heap_flush *out, u32 max, u32 *nr)
{
	bool k2 = heap->quirks & HEAP_QUIRK_UNCHECKED_FLUSH;

	if (size == 0 && !k2)
		return 0;
	if ((offset > bo->size || size > bo->size - offset) && !k2)
		return -EINVAL;
	return heap__flush_overlaps(heap, 0, heap->nr_chunks - 1, bo->start + offset, size,
				    out, max, nr);
}

/* SYNC_BO through a chunk's own handle: amdxdna_flush_bo() bounds, or none (PR era). */
static int chunk_sync_bounded(const struct heap *heap, const struct heap_chunk *c, u64 offset,
			      u64 *len)
{
	(void)heap;
	if (offset >= c->size || offset > U64_MAX - *len)
		return -EINVAL;
	if (*len > c->size - offset)
		*len = c->size - offset;
	return 0;
}

static int chunk_sync_unchecked(const struct heap *heap, const struct heap_chunk *c,
				u64 offset, u64 *len)
{
	(void)heap;
	(void)c;
	(void)offset;
	(void)len;
	return 0;
}

/* amdxdna_gem_uva() of a chunk: recorded, or (PR #1233) predicted from chunk 0. */
static u64 chunk_uva_recorded(const struct heap *heap, const struct heap_chunk *c)
{
	(void)heap;
	return c->uva;
}

static u64 chunk_uva_predicted(const struct heap *heap, const struct heap_chunk *c)
{
	u64 c0 = heap->chunks[0].uva;

	if (c->uva != HEAP_INVALID_ADDR || c0 == HEAP_INVALID_ADDR)
		return c->uva;
	return c0 + (c->dev_addr - heap->prof.base);
}

/* amdxdna_obj_dma_addr(): 99a6c94f dma_addr when valid, else the uva. */
static u64 fw_addr_dma_first(const struct heap *heap, const struct heap_chunk *c)
{
	(void)heap;
	return c->dma_addr != HEAP_INVALID_ADDR ? c->dma_addr : c->uva;
}

/* List designs: the client's PASID decided. */
static u64 fw_addr_by_mode(const struct heap *heap, const struct heap_chunk *c)
{
	return heap->mode == ADDR_PASID ? heap->ops->chunk_uva(heap, c) : c->dma_addr;
}

/* GET_BO_INFO.xdna_addr of a chunk: its own device address, or the heap base. */
static u64 xdna_addr_own(const struct heap *heap, const struct heap_chunk *c)
{
	(void)heap;
	return c->dev_addr;
}

static u64 xdna_addr_base(const struct heap *heap, const struct heap_chunk *c)
{
	(void)c;
	return heap->prof.base;
}

/* PR #1233 amdxdna_hmm_register(): a predicted uva must be where the chunk is mapped. */
static int mmap_check_predicted(const struct heap *heap, const struct heap_chunk *c, u64 uva)
{
	u64 predicted = chunk_uva_predicted(heap, c);

	return predicted != HEAP_INVALID_ADDR && predicted != uva ? -EINVAL : 0;
}

static int mmap_check_none(const struct heap *heap, const struct heap_chunk *c, u64 uva)
{
	(void)heap;
	(void)c;
	(void)uva;
	return 0;
}

/* The list designs (pr1233, pr1279) share everything but the checks. */
#define LIST_DESIGN                                                                  \
	.insert_end = insert_end_committed, .no_hole = no_hole_committed,            \
	.bo_refs_spanned = false, .bo_pin_pins_chunks = false, .bo_uva_cached = false, \
	.vmap_cross_errno = -EINVAL, .needs_expand_op = false, .uva_rule = HEAP_UVA_ALL_MODES, \
	.bo_info_uva = bo_uva_from_c0, .bo_sync = bo_sync_bounded,                   \
	.chunk_sync = chunk_sync_unchecked, .fw_addr = fw_addr_by_mode,              \
	.xdna_addr = xdna_addr_base

/* The xarray design (856409ca and every later revision). */
#define XARRAY_DESIGN                                                                \
	.precheck = precheck_none, .insert_end = insert_end_all, .no_hole = no_hole_all, \
	.bo_refs_spanned = true, .bo_pin_pins_chunks = true, .bo_uva_cached = true,  \
	.vmap_cross_errno = -ENOMEM, .needs_expand_op = true, .uva_rule = HEAP_UVA_PASID, \
	.bo_info_uva = bo_uva_cached, .bo_sync = bo_sync_unchecked,                  \
	.chunk_sync = chunk_sync_bounded, .chunk_uva = chunk_uva_recorded,           \
	.fw_addr = fw_addr_dma_first, .xdna_addr = xdna_addr_own,                    \
	.mmap_check = mmap_check_none

/* A row may override what its family macro set. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct heap_ops heap_ops_table[REV_NR] = {
	[REV_PR1233] = { LIST_DESIGN, .precheck = precheck_pr1233, .place = place_pr1233,
			 .chunk_uva = chunk_uva_predicted, .mmap_check = mmap_check_predicted },
	[REV_PR1279] = { LIST_DESIGN, .precheck = precheck_pr1279, .place = place_pr1279,
			 .chunk_uva = chunk_uva_recorded, .mmap_check = mmap_check_none },
	[REV_856409CA] = { XARRAY_DESIGN, .place = place_856409ca },
	[REV_PR1670] = { XARRAY_DESIGN, .place = place_856409ca },
	[REV_PR1705] = { XARRAY_DESIGN, .place = place_856409ca },
	[REV_UPSTREAM] = { XARRAY_DESIGN, .place = place_upstream, .uva_rule = HEAP_UVA_STICKY },
	/* a proposal without a row of its own (PR #1710) changes no heap code */
};
#pragma GCC diagnostic pop

const struct heap_ops *heap__ops(enum drv_rev rev)
{
	if ((unsigned int)rev >= REV_NR)
		return NULL;
	/* every row has a placement: none means no row, so its base's (drv_rev_base()) */
	return heap_ops_table[rev].place ? &heap_ops_table[rev] : &heap_ops_table[drv_rev_base(rev)];
}
