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

void heap_bo_ref_span(const struct heap *heap, const struct heap_bo *bo, u32 *first, u32 *last)
{
	*first = heap->ops->bo_refs_spanned ? bo->start_id : 0;
	*last = heap->ops->bo_refs_spanned ? bo->end_id : 0;
}

/* The size checks and the revision's pre-checks before the allocator; 0 or the errno. */
static int alloc_precheck(struct heap *heap, u64 aligned)
{
	int err;

	if (aligned == 0) {
		heap->last_reason = HEAP_R_SIZE_ZERO;
		return -EINVAL;
	}
	err = heap->ops->precheck(heap, aligned);
	if (err)
		return err;
	if (aligned > heap->prof.max_size) {
		heap->last_reason = HEAP_R_TOO_BIG;
		return -EINVAL;
	}
	return 0;
}

/* Insert the node over the revision's range; 0 or the revision's errno. */
static int alloc_insert(struct heap *heap, struct heap_bo *bo, u64 aligned)
{
	int err = mm_insert_node_in_range(&heap->mm, &bo->node, aligned, heap->bo_align, 0,
					  heap->prof.base, heap->ops->insert_end(heap),
					  MM_INSERT_BEST);

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
	return err ? heap->ops->no_hole(heap) : 0;
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
	heap->last_walked = 0;
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

	err = heap->ops->place(heap, bo);
	if (err)
		goto fail;

	bo->req_size = size;
	bo->live = true;
	bo->owner = heap;
	bo->created_seq = heap->seq;
	heap_bo_ref_span(heap, bo, &first, &last);
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
	if (bo->pinned && heap->ops->bo_pin_pins_chunks)
		chunk_pins(heap, bo->start_id, bo->end_id, -1);
	mm_remove_node(&bo->node);
	heap_bo_ref_span(heap, bo, &first, &last);
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
	/* xarray design: pins every spanned chunk; list designs: a no-op. */
	if (heap->ops->bo_pin_pins_chunks)
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
	if (!bo->live)
		return HEAP_INVALID_ADDR;
	return heap->ops->bo_info_uva(heap, bo);
}

int heap_bo_vmap(struct heap *heap, const struct heap_bo *bo, u32 *chunk, u64 *offset)
{
	struct heap_chunk *c;

	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	if (bo->start_id != bo->end_id)
		/* amdxdna_gem_dev_obj_vmap: -ENOMEM; PR: WARN + -EINVAL. */
		return heap->ops->vmap_cross_errno;
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

int heap__flush_overlaps(const struct heap *heap, u32 first, u32 last, u64 fs, u64 size,
			 struct heap_flush *out, u32 max, u32 *nr)
{
	for (u32 k = first; k <= last; k++) {
		int err = add_overlap(heap, k, fs, fs + size, out, max, nr);

		if (err)
			return err;
	}
	return 0;
}

int heap_bo_sync_ranges(const struct heap *heap, const struct heap_bo *bo, u64 offset,
			u64 size, struct heap_flush *out, u32 max, u32 *nr)
{
	*nr = 0;
	if (!bo->live || bo->owner != heap)
		return -EINVAL;
	return heap->ops->bo_sync(heap, bo, offset, size, out, max, nr);
}

int heap_chunk_sync_ranges(const struct heap *heap, u32 idx, u64 offset, u64 size,
			   struct heap_flush *out, u32 *nr)
{
	const struct heap_chunk *c = heap__chunk(heap, idx);
	u64 len = size;
	int err;

	*nr = 0;
	if (!c)
		return -ENOENT;
	err = heap->ops->chunk_sync(heap, c, offset, &len);
	if (err || len == 0)
		return err;
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
