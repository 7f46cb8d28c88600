// SPDX-License-Identifier: MIT
/*
 * heap_bo.c - DEV BOs in the device heap: placement and its errno rules in
 * each design (docs/driver/heap.md §5.4, §8.1, §8.2, §10.2), free, sticky pin, kernel
 * vmap and the SYNC_BO bound rules (§5.7, §5.8, §8.1, §10.3), and hwctx
 * attachments (§2.3, §7.2).
 */
#include <errno.h>
#include <string.h>

#include "alloc/heap_priv.h"
#include "common/bug.h"

/* PAGE_ALIGN() with the kernel's wrap: sizes within a page of 2^64 give 0. */
static u64 page_align(const struct heap *heap, u64 size)
{
	u64 mask = heap->page_size - 1;

	if (size > U64_MAX - mask)
		return 0;
	return (size + mask) & ~mask;
}

/* Free bytes inside committed chunks (F of docs/driver/peers.md §4) is C − A. */
static u64 free_committed(const struct heap *heap)
{
	return heap->committed - heap->usage;
}

static void chunk_refs(struct heap *heap, u32 first, u32 last, int delta)
{
	for (u32 k = first; k <= last; k++)
		heap->chunks[k].refs += delta;
}

static void chunk_pins(struct heap *heap, u32 first, u32 last, int delta)
{
	for (u32 k = first; k <= last; k++)
		heap->chunks[k].pins += delta;
}

/* The chunks a design makes a DEV BO reference: all spanned (HEAD) or chunk 0. */
static void bo_chunk_span(const struct heap *heap, const struct heap_bo *bo, u32 *first,
			  u32 *last)
{
	if (heap->design == HEAP_DESIGN_HEAD) {
		*first = bo->start_id;
		*last = bo->end_id;
	} else {
		*first = 0;
		*last = 0;
	}
}

/*
 * amdxdna_init_dev_bo() (HEAD): find the start chunk, then walk the chunks the
 * node spans, checking each one's usability in the client's mode.  Returns 0
 * with start_id/end_id/uva set, or the errno with heap->last_reason.
 */
static int head_cover(struct heap *heap, struct heap_bo *bo)
{
	u64 end = bo->start + bo->size;
	u64 expect;
	u32 s, k;

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
	if (heap->mode == HEAP_MODE_PASID)
		bo->uva = bo->start - heap->chunks[s].dev_addr + heap->chunks[s].uva;

	if (heap->quirks & HEAP_QUIRK_C0_ONLY_COVER) {
		/* K4 bug: only chunk 0's mapping is checked, the rest predicted. */
		if (heap->mode == HEAP_MODE_PASID && heap->chunks[0].uva == HEAP_INVALID_ADDR) {
			heap->last_reason = HEAP_R_UVA_INVALID;
			return -EAGAIN;
		}
		if (heap->mode == HEAP_MODE_PASID)
			bo->uva = heap->chunks[0].uva + (bo->start - heap->prof.base);
	}
	for (k = s; k < heap->nr_chunks; k++) {
		const struct heap_chunk *c = &heap->chunks[k];

		if ((heap->quirks & HEAP_QUIRK_C0_ONLY_COVER) && heap->mode == HEAP_MODE_PASID) {
			/* K4 bug: no per-chunk check. */
		} else if (heap->mode == HEAP_MODE_PASID ||
			   (heap->quirks & HEAP_QUIRK_UVA_ALL_MODES)) {
			/* K5 bug (HEAP_QUIRK_UVA_ALL_MODES): the uva test in every mode. */
			if (c->uva == HEAP_INVALID_ADDR) {
				heap->last_reason = HEAP_R_UVA_INVALID;
				return -EAGAIN;
			}
			if (c->uva != expect) {
				heap->last_reason = HEAP_R_UVA_NONCONTIG;
				return -EINVAL;
			}
			expect += c->size;
		} else if (heap->mode == HEAP_MODE_IOVA && c->dma_addr == HEAP_INVALID_ADDR) {
			heap->last_reason = HEAP_R_DMA_INVALID;
			return -EAGAIN;
		}
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

/*
 * amdxdna_dev_bo_check_chunks() (INTERIM): chunk 0 and every chunk the node
 * overlaps must have a recorded uva at uva(chunk 0) + its device offset.
 */
static int interim_check(struct heap *heap, const struct heap_bo *bo)
{
	u64 c0 = heap->chunks[0].uva;

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

/* The size/heap checks before the allocator is touched; 0 or -EINVAL. */
static int alloc_precheck(struct heap *heap, u64 aligned)
{
	bool pr = heap->design != HEAP_DESIGN_HEAD;

	if (aligned == 0) {
		heap->last_reason = HEAP_R_SIZE_ZERO;
		return -EINVAL;
	}
	if (pr && heap->nr_chunks == 0) {
		heap->last_reason = HEAP_R_NO_HEAP;
		return -EINVAL;
	}
	if (heap->design == HEAP_DESIGN_PR1233 && heap->chunks[0].uva == HEAP_INVALID_ADDR) {
		heap->last_reason = HEAP_R_C0_UNMAPPED;
		return -EINVAL;
	}
	if (aligned > heap->prof.max_size) {
		heap->last_reason = HEAP_R_TOO_BIG;
		return -EINVAL;
	}
	return 0;
}

/* Insert the node with the design's range; 0 or the design's errno. */
static int alloc_insert(struct heap *heap, struct heap_bo *bo, u64 aligned)
{
	u64 rs = heap->prof.base, re;
	int err;

	if (heap->design == HEAP_DESIGN_HEAD) {
		err = mm_insert_node_generic(&heap->mm, &bo->node, aligned, heap->bo_align, 0,
					     MM_INSERT_BEST);
	} else {
		re = heap->prof.base + heap->committed;
		err = mm_insert_node_in_range(&heap->mm, &bo->node, aligned, heap->bo_align, 0,
					      rs, re, MM_INSERT_BEST);
	}
	/*
	 * mm counts every hole it fit-tested, the accepted one included; the
	 * heap reports the holes examined and rejected before the chosen one
	 * (all of them on failure).
	 */
	heap->last_search_cost = mm_last_search_cost(&heap->mm);
	if (!err && heap->last_search_cost)
		heap->last_search_cost--;
	heap->ctr.inserts++;
	heap->ctr.search_cost_total += heap->last_search_cost;
	heap->ctr.search_cost_last = heap->last_search_cost;
	if (heap->last_search_cost > heap->ctr.search_cost_max)
		heap->ctr.search_cost_max = heap->last_search_cost;
	if (!err)
		return 0;
	if (heap->design == HEAP_DESIGN_HEAD) {
		heap->last_reason = HEAP_R_NO_HOLE;
		return -ENOSPC;
	}
	if (heap->committed < heap->prof.max_size) {
		heap->last_reason = HEAP_R_NOT_COMMITTED;
		return -EAGAIN;
	}
	heap->last_reason = HEAP_R_FULL;
	return -ENOSPC;
}

/*
 * Failure counters.  @outside: the placement did not fit inside the committed
 * bytes (HEAD: the node ran past them; PR/INTERIM: the ranged insert failed).
 */
static void count_alloc_failure(struct heap *heap, int err, u64 aligned, bool outside)
{
	switch (err) {
	case -EINVAL:
		heap->ctr.allocs_einval++;
		break;
	case -EFAULT:
		heap->ctr.allocs_efault++;
		break;
	case -ENOSPC:
		heap->ctr.allocs_enospc++;
		if (heap->prof.max_size - heap->usage >= aligned)
			heap->ctr.premature_oom++;
		break;
	case -EAGAIN:
		heap->ctr.allocs_eagain++;
		if (!outside)
			heap->ctr.unusable_eagain++;
		else if (free_committed(heap) >= aligned)
			heap->ctr.frag_eagain++;
		break;
	}
}

int heap_bo_alloc(struct heap *heap, struct heap_bo *bo, u64 size)
{
	u64 aligned = page_align(heap, size);
	u64 end = 0;
	bool inserted = false;
	u32 first, last;
	int err;

	if (bo->live)
		return -EBUSY;
	heap->seq++;
	heap->last_search_cost = 0;
	heap->last_reason = HEAP_R_OK;
	memset(bo, 0, sizeof(*bo));

	err = alloc_precheck(heap, aligned);
	if (err)
		goto fail;
	err = alloc_insert(heap, bo, aligned);
	if (err)
		goto fail;
	inserted = true;
	bo->start = bo->node.start;
	bo->size = aligned;
	end = bo->start + aligned;

	if (heap->design == HEAP_DESIGN_HEAD) {
		err = head_cover(heap, bo);
		if (err)
			goto fail;
	} else {
		/* The ranged insert keeps the node inside committed chunks. */
		bo->start_id = heap__chunk_of(heap, bo->start);
		bo->end_id = heap__chunk_of(heap, end - 1);
		bo->uva = HEAP_INVALID_ADDR;
		if (heap->design == HEAP_DESIGN_INTERIM) {
			err = interim_check(heap, bo);
			if (err)
				goto fail;
		}
	}

	bo->req_size = size;
	bo->live = true;
	bo->owner = heap;
	bo->created_seq = heap->seq;
	bo_chunk_span(heap, bo, &first, &last);
	chunk_refs(heap, first, last, +1);
	heap__bo_account(heap, bo, +1);
	heap->usage += aligned;
	heap->requested += size;
	heap->nr_bos++;
	heap->ctr.allocs_ok++;
	if (end - heap->prof.base > heap->ctr.high_water)
		heap->ctr.high_water = end - heap->prof.base;
	heap__note_peaks(heap);
	heap__record(heap, HEAP_OP_BO_ALLOC, 0, size, bo->start, heap->last_search_cost);
	return 0;

fail:
	if (inserted)
		mm_remove_node(&bo->node);
	count_alloc_failure(heap, err, aligned,
			    heap->last_reason == HEAP_R_NOT_COMMITTED ||
				    heap->last_reason == HEAP_R_NO_CHUNK ||
				    (inserted && end > heap->prof.base + heap->committed));
	memset(bo, 0, sizeof(*bo));
	heap__record(heap, HEAP_OP_BO_ALLOC, err, size, HEAP_INVALID_ADDR,
		     heap->last_search_cost);
	return err;
}

int heap_bo_free(struct heap *heap, struct heap_bo *bo)
{
	u32 first, last;
	u64 start = bo->start, size = bo->size;

	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	heap->seq++;
	/* amdxdna_gem_dev_obj_free(): unpin if pinned, remove the node, drop refs. */
	if (bo->pinned && heap->design == HEAP_DESIGN_HEAD)
		chunk_pins(heap, bo->start_id, bo->end_id, -1);
	mm_remove_node(&bo->node);
	bo_chunk_span(heap, bo, &first, &last);
	chunk_refs(heap, first, last, -1);
	heap__bo_account(heap, bo, -1);
	heap->usage -= bo->size;
	heap->requested -= bo->req_size;
	heap->nr_bos--;
	heap->ctr.frees++;
	bo->live = false;
	bo->pinned = false;
	bo->owner = NULL;
	heap->last_reason = HEAP_R_OK;
	heap__record(heap, HEAP_OP_BO_FREE, 0, size, start, 0);
	return 0;
}

int heap_bo_pin(struct heap *heap, struct heap_bo *bo)
{
	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	if (bo->pinned)
		return 0;
	/* HEAD pins every spanned chunk; PR/INTERIM DEV BO pin is a no-op. */
	if (heap->design == HEAP_DESIGN_HEAD)
		chunk_pins(heap, bo->start_id, bo->end_id, +1);
	bo->pinned = true;
	return 0;
}

bool heap_bo_live(const struct heap_bo *bo)
{
	return bo->live;
}

bool heap_bo_cross_chunk(const struct heap_bo *bo)
{
	return bo->live && bo->start_id != bo->end_id;
}

u64 heap_bo_info_uva(const struct heap *heap, const struct heap_bo *bo)
{
	u64 c0;

	if (!bo->live)
		return HEAP_INVALID_ADDR;
	if (heap->design == HEAP_DESIGN_HEAD)
		return bo->uva;
	c0 = heap->chunks[0].uva;
	if (c0 == HEAP_INVALID_ADDR)
		return HEAP_INVALID_ADDR;
	return c0 + (bo->start - heap->prof.base);
}

int heap_bo_vmap(struct heap *heap, const struct heap_bo *bo, u32 *chunk, u64 *offset)
{
	struct heap_chunk *c;

	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	if (bo->start_id != bo->end_id)
		/* HEAD amdxdna_gem_dev_obj_vmap: -ENOMEM; PR: WARN + -EINVAL. */
		return heap->design == HEAP_DESIGN_HEAD ? -ENOMEM : -EINVAL;
	c = &heap->chunks[bo->start_id];
	c->vmapped = true;
	*chunk = c->index;
	*offset = bo->start - c->dev_addr;
	return 0;
}

struct heap_bo *heap_bo_lookup(const struct heap *heap, u64 addr)
{
	const struct mm_node *pos;

	if (!heap->mm_ready)
		return NULL;
	mm_for_each_node(pos, &heap->mm) {
		if (addr >= pos->start && addr - pos->start < pos->size)
			return container_of(pos, struct heap_bo, node);
	}
	return NULL;
}

/* Append the overlap of [fs, fe) with chunk @k to @out; -ENOSPC when full. */
static int add_overlap(const struct heap *heap, u32 k, u64 fs, u64 fe, struct heap_flush *out,
		       u32 max, u32 *nr)
{
	const struct heap_chunk *c = &heap->chunks[k];
	u64 lo = fs > c->dev_addr ? fs : c->dev_addr;
	u64 ce = c->dev_addr + c->size;
	u64 hi = fe < ce ? fe : ce;

	if (lo >= hi)
		return 0;
	if (*nr >= max)
		return -ENOSPC;
	out[*nr].chunk = k;
	out[*nr].offset = lo - c->dev_addr;
	out[*nr].len = hi - lo;
	(*nr)++;
	return 0;
}

int heap_bo_sync_ranges(const struct heap *heap, const struct heap_bo *bo, u64 offset,
			u64 size, struct heap_flush *out, u32 max, u32 *nr)
{
	u64 fs, fe;
	u32 first = bo->start_id, last = bo->end_id;
	int err;

	*nr = 0;
	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	if (heap->design != HEAP_DESIGN_HEAD) {
		/* amdxdna_gem_dev_bo_clflush() since 22952daa (K2 bug: no check). */
		if (size == 0 && !(heap->quirks & HEAP_QUIRK_UNCHECKED_FLUSH))
			return 0;
		if ((offset > bo->size || size > bo->size - offset) &&
		    !(heap->quirks & HEAP_QUIRK_UNCHECKED_FLUSH))
			return -EINVAL;
		first = 0;
		last = heap->nr_chunks - 1;
	}
	/* HEAD: plain 64-bit arithmetic, no bounds check (docs/driver/heap.md §5.8). */
	fs = bo->start + offset;
	fe = fs + size;
	for (u32 k = first; k <= last; k++) {
		err = add_overlap(heap, k, fs, fe, out, max, nr);
		if (err)
			return err;
	}
	return 0;
}

int heap_chunk_sync_ranges(const struct heap *heap, u32 idx, u64 offset, u64 size,
			   struct heap_flush *out, u32 *nr)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);
	u64 len = size;

	*nr = 0;
	if (!c)
		return -ENOENT;
	if (heap->design == HEAP_DESIGN_HEAD) {
		/* amdxdna_flush_bo(). */
		if (offset >= c->size || offset > U64_MAX - size)
			return -EINVAL;
		if (len > c->size - offset)
			len = c->size - offset;
	}
	if (len == 0)
		return 0;
	out[0].chunk = idx;
	out[0].offset = offset;
	out[0].len = len;
	*nr = 1;
	return 0;
}

/*
 * Attachments.
 */

int heap_attach_register(struct heap *heap, struct heap_attach *att, u32 id)
{
	if (att->registered)
		return -EBUSY;
	att->id = id;
	att->nr = 0;
	BUG_ON(heap->attach_head && heap->attach_head->pprev != &heap->attach_head);
	att->registered = true;
	att->next = heap->attach_head;
	att->pprev = &heap->attach_head;
	if (heap->attach_head)
		heap->attach_head->pprev = &att->next;
	heap->attach_head = att;
	return 0;
}

int heap_attach_unregister(struct heap *heap, struct heap_attach *att)
{
	(void)heap;
	if (!att->registered)
		return -EINVAL;
	if (att->nr)
		return -EBUSY;
	BUG_ON(*att->pprev != att);
	BUG_ON(att->next && att->next->pprev != &att->next);
	*att->pprev = att->next;
	if (att->next)
		att->next->pprev = att->pprev;
	att->next = NULL;
	att->pprev = NULL;
	att->registered = false;
	return 0;
}

int heap_attach_next(struct heap *heap, struct heap_attach *att, u64 *fw_addr)
{
	struct heap_chunk *c;

	if (!att->registered)
		return -EINVAL;
	c = heap__chunk(heap, att->nr);
	if (!c)
		return -ENOENT;
	BUG_ON(c->refs == 0);	/* the registry's reference keeps a chunk live */
	c->refs++;
	c->pins++;
	att->nr++;
	if (fw_addr)
		*fw_addr = heap_chunk_fw_addr(heap, c->index);
	return 0;
}

int heap_attach_drop_last(struct heap *heap, struct heap_attach *att)
{
	struct heap_chunk *c;

	if (!att->registered)
		return -EINVAL;
	if (!att->nr)
		return -ENOENT;
	att->nr--;
	c = &heap->chunks[att->nr];
	BUG_ON(c->refs < 2 || c->pins == 0);	/* the registry's and this attachment's */
	c->refs--;
	c->pins--;
	return 0;
}

void heap_attach_release_all(struct heap *heap, struct heap_attach *att)
{
	while (att->registered && att->nr)
		heap_attach_drop_last(heap, att);
}

u32 heap_attach_count(const struct heap_attach *att)
{
	return att->nr;
}
