// SPDX-License-Identifier: MIT
/*
 * heap.c - the chunked, expandable device heap (docs/driver/heap.md §2-§5, §8, §10):
 * lifecycle, chunks, DEV BO placement in the three designs, lookups,
 * attachments, vmap and SYNC_BO bound rules.
 *
 * Placement is delegated to alloc/mm (a drm_mm clone) with the driver's
 * parameters: BEST mode, 32 KiB alignment, colour 0, over the whole aperture
 * (HEAD) or over the committed bytes (PR1233/INTERIM).  Everything around it
 * (size checks, the coverage walk, errno choice, references) follows the
 * driver's functions named in each comment.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_priv.h"

struct heap_chunk *heap__chunk(const struct heap *heap, u32 idx)
{
	if (idx >= heap->nr_chunks)
		return NULL;
	return (struct heap_chunk *)&heap->chunks[idx];
}

/*
 * heap__chunk_of - index of the chunk holding @addr, or nr_chunks if none.
 * Chunks are whole granules of chunk_size laid end to end from the base, so
 * a table per granule answers in O(1), without the unpredictable branches
 * of a search over random addresses.
 */
u32 heap__chunk_of(const struct heap *heap, u64 addr)
{
	u64 off = addr - heap->prof.base;

	if (addr < heap->prof.base || off >= heap->committed)
		return heap->nr_chunks;
	return heap->gran_chunk[off >> heap->gran_shift];
}

static bool profile_valid(const struct heap_profile *p)
{
	u64 gran = p->chunk_size;

	if (p->page_shift == 0 || p->page_shift > 30 || p->buf_shift > 40)
		return false;
	if (gran == 0 || (gran & (gran - 1)) || gran < (1ULL << p->page_shift))
		return false;
	if (gran < heap_profile_bo_align(p))
		return false;
	if (p->base % gran || p->max_size % gran)
		return false;
	if (p->max_size / gran > HEAP_MAX_CHUNKS)
		return false;
	/* The mm end must be representable and below 2^64 - 1 (docs/driver/drm_mm.md §1.2). */
	if (p->base > U64_MAX - 1 - p->max_size)
		return false;
	return true;
}

int heap_create(const struct heap_config *cfg, struct heap **out)
{
	struct heap *heap;

	if (!cfg || !cfg->profile || !out || !profile_valid(cfg->profile))
		return -EINVAL;
	if (!heap__ops(cfg->rev) || (unsigned int)cfg->mode >= ADDR_NR_MODES)
		return -EINVAL;

	heap = calloc(1, sizeof(*heap));
	if (!heap)
		return -ENOMEM;
	heap->prof = *cfg->profile;
	heap->rev = cfg->rev;
	heap->ops = heap__ops(cfg->rev);
	heap->mode = cfg->mode;
	heap->page_size = 1ULL << heap->prof.page_shift;
	heap->bo_align = heap_profile_bo_align(&heap->prof);
	heap->gran_shift = (u32)__builtin_ctzll(heap->prof.chunk_size);
	heap->record_series = cfg->record_series;
	heap->quirks = cfg->quirks;
	/* amdxdna_drm_open(): no allocator at all when the device has no aperture. */
	if (heap->prof.max_size) {
		/* the driver inserts DEV BOs with DRM_MM_INSERT_BEST only */
		mm_init_best_only(&heap->mm, heap->prof.base, heap->prof.max_size);
		heap->mm_ready = true;
		/* the metrics follow every hole from here on; mm_init made the first */
		mm_set_hole_hook(&heap->mm, heap__hole_event, heap);
		heap__hole_event(heap, heap->prof.base, heap->prof.max_size, true);
	}
	*out = heap;
	return 0;
}

void heap_destroy(struct heap *heap)
{
	if (!heap)
		return;
	for (u32 i = 0; i < heap->nr_chunks; i++)
		heap__chunk_free_pages(&heap->chunks[i]);
	if (heap->mm_ready)
		mm_takedown(&heap->mm);
	free(heap->series);
	free(heap);
}

bool heap_clean(const struct heap *heap)
{
	return heap->nr_bos == 0;
}

const struct heap_profile *heap_profile(const struct heap *heap)
{
	return &heap->prof;
}

enum drv_rev heap_rev(const struct heap *heap)
{
	return heap->rev;
}

enum addr_mode heap_mode(const struct heap *heap)
{
	return heap->mode;
}

u32 heap_nr_chunks(const struct heap *heap)
{
	return heap->nr_chunks;
}

u64 heap_committed(const struct heap *heap)
{
	return heap->committed;
}

u64 heap_usage(const struct heap *heap)
{
	return heap->usage;
}

u64 heap_requested(const struct heap *heap)
{
	return heap->requested;
}

u32 heap_nr_bos(const struct heap *heap)
{
	return heap->nr_bos;
}

u64 heap_pins(const struct heap *heap)
{
	u64 pins = 0;

	for (u32 k = 0; k < heap->nr_chunks; k++)
		pins += heap->chunks[k].pins;
	return pins;
}

enum heap_reason heap_last_reason(const struct heap *heap)
{
	return heap->last_reason;
}

u32 heap_last_walked(const struct heap *heap)
{
	return heap->last_walked;
}

u64 heap_last_search_cost(const struct heap *heap)
{
	return heap->last_search_cost;
}

const struct mm *heap_mm(const struct heap *heap)
{
	return heap->mm_ready ? &heap->mm : NULL;
}

/*
 * Chunks.
 */

void heap__note_peaks(struct heap *heap)
{
	if (heap->committed > heap->ctr.peak_committed)
		heap->ctr.peak_committed = heap->committed;
	if (heap->usage > heap->ctr.peak_live)
		heap->ctr.peak_live = heap->usage;
	if (heap->requested > heap->ctr.peak_requested)
		heap->ctr.peak_requested = heap->requested;
}

/* amdxdna_drm_create_dev_heap_bo(): the checks and the xarray/list append. */
int heap_chunk_add(struct heap *heap, u64 size, u32 *idx)
{
	struct heap_chunk *c;
	enum heap_reason why = HEAP_R_OK;
	int err = 0;

	heap->seq++;
	if (size == 0 || size % heap->prof.chunk_size) {
		why = HEAP_R_CHUNK_SIZE;
		err = -EINVAL;
	} else if (heap->ops->needs_expand_op && !heap->prof.has_heap_expand &&
		   heap->nr_chunks > 0) {
		why = HEAP_R_NO_EXPAND;
		err = -EOPNOTSUPP;
	} else if (size > heap->prof.max_size - heap->committed) {
		/* total + size > max, without the u64 wrap of a huge size. */
		why = HEAP_R_OVER_MAX;
		err = -ENOSPC;
	}
	heap->last_reason = why;
	if (err) {
		heap->ctr.chunk_add_fails++;
		heap__record(heap, HEAP_OP_CHUNK_ADD, err, size, HEAP_INVALID_ADDR, 0);
		return err;
	}

	c = &heap->chunks[heap->nr_chunks];
	memset(c, 0, sizeof(*c));
	c->index = heap->nr_chunks;
	c->dev_addr = heap->prof.base + heap->committed;
	c->size = size;
	c->uva = HEAP_INVALID_ADDR;
	c->dma_addr = HEAP_INVALID_ADDR;
	c->uva_seq = heap->seq;
	c->refs = 1; /* the registry's (xarray / list) reference */
	for (u64 g = heap->committed >> heap->gran_shift; g < (heap->committed + size) >> heap->gran_shift;
	     g++)
		heap->gran_chunk[g] = (u8)heap->nr_chunks;

	if (heap->nr_chunks > 0) {
		heap->ctr.expansions++;
		heap->ctr.expansion_bytes += size;
	}
	heap->ctr.chunk_adds++;
	heap->committed += size;
	heap->nr_chunks++;
	heap->chunks_added++;
	heap__note_peaks(heap);
	if (idx)
		*idx = c->index;
	heap__record(heap, HEAP_OP_CHUNK_ADD, 0, size, c->dev_addr, 0);
	return 0;
}

u64 heap_chunk_addr(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? c->dev_addr : 0;
}

u64 heap_chunk_size(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? c->size : 0;
}

int heap_chunk_lookup(const struct heap *heap, u64 addr, u32 *idx)
{
	u32 i = heap__chunk_of(heap, addr);

	if (i >= heap->nr_chunks)
		return -ENOENT;
	*idx = i;
	return 0;
}

int heap_range_chunks(const struct heap *heap, u64 start, u64 size, u32 *first, u32 *last)
{
	u32 f, l;

	if (size == 0 || start > U64_MAX - (size - 1))
		return -EINVAL;
	f = heap__chunk_of(heap, start);
	l = heap__chunk_of(heap, start + (size - 1));
	if (f >= heap->nr_chunks || l >= heap->nr_chunks)
		return -ENOENT;
	*first = f;
	*last = l;
	return 0;
}

int heap_chunk_set_uva(struct heap *heap, u32 idx, u64 uva)
{
	struct heap_chunk *c = heap__chunk(heap, idx);

	if (!c)
		return -ENOENT;
	heap->seq++;
	if (c->uva != uva) {
		c->uva = uva;
		c->uva_seq = heap->seq;
	}
	return 0;
}

int heap_chunk_set_dma_addr(struct heap *heap, u32 idx, u64 dma_addr)
{
	struct heap_chunk *c = heap__chunk(heap, idx);

	if (!c)
		return -ENOENT;
	c->dma_addr = dma_addr;
	return 0;
}

/* amdxdna_gem_uva() of a chunk (PR #1233: predicted from chunk 0). */
u64 heap_chunk_uva(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? heap->ops->chunk_uva(heap, c) : HEAP_INVALID_ADDR;
}

u64 heap_chunk_dma_addr(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? c->dma_addr : HEAP_INVALID_ADDR;
}

u64 heap_chunk_fw_addr(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? heap->ops->fw_addr(heap, c) : HEAP_INVALID_ADDR;
}

u64 heap_chunk_xdna_addr(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? heap->ops->xdna_addr(heap, c) : 0;
}

enum heap_uva_rule heap_uva_rule(const struct heap *heap)
{
	return heap->ops->uva_rule;
}

bool heap_chunk_usable(const struct heap *heap, u32 idx)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);
	const struct heap_chunk *prev;

	if (!c)
		return false;
	switch (heap->mode) {
	case ADDR_PASID:
		if (c->uva == HEAP_INVALID_ADDR)
			return false;
		if (idx == 0)
			return true;
		prev = &heap->chunks[idx - 1];
		return prev->uva == HEAP_INVALID_ADDR || prev->uva + prev->size == c->uva;
	case ADDR_IOVA:
		return c->dma_addr != HEAP_INVALID_ADDR;
	case ADDR_CARVEOUT:
		return true;
	}
	return false;
}

int heap_chunk_mmap_check(const struct heap *heap, u32 idx, u64 uva)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	return c ? heap->ops->mmap_check(heap, c, uva) : -ENOENT;
}

/* Caller-held references (@pin false) or pins (@pin true): +1, or -1 if one is held. */
static int ext_adjust(struct heap *heap, u32 idx, bool pin, bool get)
{
	struct heap_chunk *c = heap__chunk(heap, idx);
	u32 *total, *ext;

	if (!c)
		return -ENOENT;
	total = pin ? &c->pins : &c->refs;
	ext = pin ? &c->ext_pins : &c->ext_refs;
	if (!get && !*ext)
		return -EINVAL;
	*total += get ? 1 : -1;
	*ext += get ? 1 : -1;
	return 0;
}

int heap_chunk_get(struct heap *heap, u32 idx)
{
	return ext_adjust(heap, idx, false, true);
}

int heap_chunk_put(struct heap *heap, u32 idx)
{
	return ext_adjust(heap, idx, false, false);
}

int heap_chunk_pin(struct heap *heap, u32 idx)
{
	return ext_adjust(heap, idx, true, true);
}

int heap_chunk_unpin(struct heap *heap, u32 idx)
{
	return ext_adjust(heap, idx, true, false);
}

int heap_chunk_vmap(struct heap *heap, u32 idx)
{
	struct heap_chunk *c = heap__chunk(heap, idx);

	if (!c)
		return -ENOENT;
	c->vmapped = true;
	return 0;
}

int heap_chunk_info(const struct heap *heap, u32 idx, struct heap_chunk_info *info)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);

	if (!c)
		return -ENOENT;
	memset(info, 0, sizeof(*info));
	info->index = c->index;
	info->dev_addr = c->dev_addr;
	info->size = c->size;
	info->uva = c->uva;
	info->dma_addr = c->dma_addr;
	info->refs = c->refs;
	info->pins = c->pins;
	info->ext_refs = c->ext_refs;
	info->ext_pins = c->ext_pins;
	info->resident = c->resident;
	info->vmapped = c->vmapped;
	info->live_bytes = c->live;
	return 0;
}
