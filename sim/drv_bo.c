// SPDX-License-Identifier: MIT
/*
 * drv_bo.c - the driver's GEM objects: CREATE_BO (DEV_HEAP, DEV, SHARE),
 * handles, first-open DMA mapping, GEM_CLOSE and object free, and
 * amdxdna_update_heap (HEAD, docs/driver/heap.md §5.2, §5.4, §5.5, §7.2) / the PR
 * design's chunk broadcast (docs/driver/heap.md §8.1).
 *
 * Chunk references and pins are the heap's counters: the heap takes the
 * registry, DEV BO and attachment shares; this file takes the handle and
 * mmap shares (heap_chunk_get/put) and the sticky job pin.
 */
#include "sim/sim_priv.h"
#include "common/bug.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct sim_bo *drv_bo_lookup(struct sim_client *c, u32 handle)
{
	if (!handle || handle >= c->nhandles)
		return NULL;
	return c->handles[handle];
}

void drv_chunk_ev(struct sim *sim, struct sim_client *c, u16 act, u32 idx)
{
	struct heap_chunk_info ci;
	u32 count = 0;

	if (sim->log.off)
		return;
	if (act == SIM_CHUNK_PIN || act == SIM_CHUNK_UNPIN || act == SIM_CHUNK_REF ||
	    act == SIM_CHUNK_UNREF) {
		if (!heap_chunk_info(c->heap, idx, &ci))
			count = act == SIM_CHUNK_PIN || act == SIM_CHUNK_UNPIN ? ci.pins : ci.refs;
	}
	sim_ev(sim, SIM_EV_CHUNK, act, c->id, idx, 0, count, heap_chunk_addr(c->heap, idx),
	       heap_chunk_size(c->heap, idx));
}

/*
 * Free handles: the ones given back sit in a min-heap, and every handle
 * from c->hnext up was never used, so the lowest free handle >= 1 (what
 * idr_alloc(1, 0) returns) is the heap's top, else hnext.  O(log handles).
 */
static void hfree_sift_down(struct sim_client *c, u32 i)
{
	u32 *a = c->hfree, n = c->nhfree;

	for (;;) {
		u32 l = 2 * i + 1, m = i, t;

		if (l < n && a[l] < a[m])
			m = l;
		if (l + 1 < n && a[l + 1] < a[m])
			m = l + 1;
		if (m == i)
			return;
		t = a[i];
		a[i] = a[m];
		a[m] = t;
		i = m;
	}
}

/* drv_handle_release - handle @h of @c no longer names an object. */
static void drv_handle_release(struct sim_client *c, u32 h)
{
	u32 i;

	c->handles[h] = NULL;
	/* the heap has room for every handle of the table (handle_alloc) */
	i = c->nhfree++;
	c->hfree[i] = h;
	while (i && c->hfree[(i - 1) / 2] > c->hfree[i]) {
		u32 p = (i - 1) / 2, t = c->hfree[p];

		c->hfree[p] = c->hfree[i];
		c->hfree[i] = t;
		i = p;
	}
}

/* The lowest free handle >= 1, taken off the free set. */
static u32 handle_take(struct sim_client *c)
{
	u32 h;

	if (c->nhfree) {
		h = c->hfree[0];
		c->hfree[0] = c->hfree[--c->nhfree];
		hfree_sift_down(c, 0);
		return h;
	}
	if (!c->hnext)
		c->hnext = 1;
	return c->hnext++;
}

/* Lowest free handle >= 1 (idr_alloc(1, 0)). */
static int handle_alloc(struct sim *sim, struct sim_client *c, struct sim_bo *bo)
{
	s64 v;
	u32 h, *f;

	if (sim_fault(sim, SIM_FAULT_HANDLE_CREATE, &v))
		return (int)v;
	if (c->hnext >= c->nhandles && !c->nhfree) {
		u32 n = c->nhandles ? c->nhandles * 2 : 16;
		struct sim_bo **t = realloc(c->handles, n * sizeof(*t));

		if (!t)
			return -ENOMEM;
		memset(t + c->nhandles, 0, (n - c->nhandles) * sizeof(*t));
		c->handles = t;
		f = realloc(c->hfree, n * sizeof(*f));
		if (!f)
			return -ENOMEM;	/* the larger table stays, unused */
		c->hfree = f;
		c->nhandles = n;
	}
	h = handle_take(c);
	c->handles[h] = bo;
	bo->handle = h;
	return 0;
}

static void obj_link(struct sim_client *c, struct sim_bo *bo)
{
	bo->next = c->objs;
	if (c->objs)
		c->objs->pprev = &bo->next;
	c->objs = bo;
	bo->pprev = &c->objs;
}

static void obj_unlink(struct sim_client *c, struct sim_bo *bo)
{
	(void)c;
	if (!bo->pprev)
		return;
	*bo->pprev = bo->next;
	if (bo->next)
		bo->next->pprev = bo->pprev;
	bo->next = NULL;
	bo->pprev = NULL;
}

/*
 * First handle open of a chunk or SHARE BO (amdxdna_gem_obj_open): set the
 * client, DMA-map in IOVA mode (size-aligned for DEV_HEAP), take the
 * carveout address in PA mode, add usage.
 */
static int obj_first_open(struct sim *sim, struct sim_client *c, struct sim_bo *bo)
{
	struct iommu_map m = { 0 };
	s64 v;
	int ret;

	if (sim->cfg.mode == ADDR_IOVA && !bo->dma_mapped && !bo->import_of) {
		if (sim_fault(sim, SIM_FAULT_IOVA_ALLOC, &v))
			return (int)v;
		ret = iommu_range_alloc(&sim->iommu, &bo->range, bo->size, 0,
					bo->type == SIM_BO_DEV_HEAP);
		if (ret)
			return ret;
		m.addr = bo->range.node.start;
		m.kind = IOMMU_MAP_IOVA;
		if (sim_fault(sim, SIM_FAULT_DMA_MAP, &v)) {
			ret = (int)v;
			goto err_range;
		}
		goto map;
	}
	if (sim->cfg.mode == ADDR_CARVEOUT && !bo->dma_mapped && !bo->import_of) {
		m.addr = bo->range.node.start;
		m.kind = IOMMU_MAP_PA;
		goto map;
	}
	goto done;
map:
	m.size = bo->size;
	m.client = c->id;
	m.obj = bo->type == SIM_BO_DEV_HEAP ? bo->chunk : bo->handle;
	ret = iommu_map(&sim->iommu, &m);
	if (ret)
		goto err_range;
	bo->dma_mapped = true;
	bo->dma_addr = m.addr;
	sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_MAP, c->id, m.obj, 0, 0, m.addr, m.size);
done:
	bo->client_valid = true;
	c->total_bo_usage += bo->size;
	if (bo->type == SIM_BO_DEV_HEAP)
		c->total_int_bo_usage += bo->size;
	return 0;
err_range:
	if (sim->cfg.mode == ADDR_IOVA)
		iommu_range_free(&sim->iommu, &bo->range);
	return ret;
}

static void obj_dma_unmap(struct sim *sim, struct sim_client *c, struct sim_bo *bo)
{
	if (!bo->dma_mapped)
		return;
	iommu_unmap(&sim->iommu, 0, bo->dma_addr);
	sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_UNMAP, c->id,
	       bo->type == SIM_BO_DEV_HEAP ? bo->chunk : bo->handle, 0, 0, bo->dma_addr,
	       bo->size);
	bo->dma_mapped = false;
}

static void obj_release_backing(struct sim *sim, struct sim_bo *bo)
{
	if (mm_node_allocated(&bo->range.node))
		iommu_range_free(&sim->iommu, &bo->range);
}

/* The handle's share of a chunk's references (drm_gem_handle_create). */
static int chunk_handle_open(struct sim *sim, struct sim_client *c, struct sim_bo *bo)
{
	int ret = handle_alloc(sim, c, bo);

	if (ret)
		return ret;
	if (bo->handles == 0) {
		ret = obj_first_open(sim, c, bo);
		if (ret) {
			drv_handle_release(c, bo->handle);
			bo->handle = 0;
			if (sim_bug(sim, SIM_BUG_K11_OPEN_REF_LEAK_ON_MAP_FAILURE)) {
				/* K11 bug (before 52a6cc11): open_ref and client stay set. */
				bo->handles = 1;
				bo->client_valid = true;
			}
			return ret;
		}
	}
	bo->handles++;
	return 0;
}

/* drv_heap_bo_create_xarray - 856409ca and later (sim/revision.h). */
int drv_heap_bo_create_xarray(struct sim *sim, struct sim_client *c, u64 size,
			      struct sim_bo *bo)
{
	const struct heap_profile *hp = heap_profile(c->heap);
	s64 v;
	u32 idx;
	int ret;

	/* a/b checks first: they fail before the xarray is touched. */
	if ((!hp->has_heap_expand && heap_nr_chunks(c->heap) > 0) ||
	    heap_committed(c->heap) + size > hp->max_size)
		return sim_esite_heap(sim, c, false, heap_chunk_add(c->heap, size, NULL));
	if (sim_fault(sim, SIM_FAULT_XA_INSERT, &v))
		return sim_esite(sim, SIM_ES_HEAP_BO_XA, (int)v);
	ret = heap_chunk_add(c->heap, size, &idx);
	if (ret)
		return ret;
	bo->chunk = idx;
	obj_link(c, bo);
	drv_chunk_ev(sim, c, SIM_CHUNK_CREATE, idx);
	/* Published: from here on a failure leaves the chunk committed (§14 item 2). */
	ret = chunk_handle_open(sim, c, bo);
	if (ret)
		return sim_esite(sim, SIM_ES_HEAP_BO_HANDLE_HEAD, ret);
	if (bo->dma_mapped)
		drv_chunk_set_addr(sim, c, idx, true, bo->dma_addr);
	heap_chunk_get(c->heap, idx);
	drv_chunk_ev(sim, c, SIM_CHUNK_REF, idx);
	return 0;
}

/* PR #1233 broadcast of a new chunk to every hwctx (aie2_hwctx_heap_expand). */
static void pr_broadcast(struct sim *sim, struct sim_client *c, u32 idx)
{
	for (struct sim_hwctx *h = c->hwctxs; h; h = h->next) {
		int ret = drv_hwctx_heap_expand(sim, h, idx);

		if (ret) {
			sim_esite(sim, SIM_ES_HEAP_BO_BCAST_PR, ret);
			sim_ev(sim, SIM_EV_FW, SIM_FW_HOST_BUF, c->id, h->id, ret, idx,
			       SIM_INVALID_ADDR, 0);
		}
	}
}

/*
 * The list designs: the handle is created first (so .open DMA-maps); PR #1233
 * (@broadcast) then takes dev_lock + PM and broadcasts the new chunk, aba33e95
 * does neither.
 */
static int heap_bo_create_list(struct sim *sim, struct sim_client *c, u64 size,
			       struct sim_bo *bo, bool broadcast)
{
	const struct heap_profile *hp = heap_profile(c->heap);
	u32 idx;
	int ret;

	ret = chunk_handle_open(sim, c, bo);
	if (ret)
		return sim_esite(sim, SIM_ES_HEAP_BO_HANDLE_PR, ret);
	ret = broadcast ? drv_pm_resume_get(sim) : 0;
	if (ret) {
		sim_esite(sim, SIM_ES_HEAP_BO_PM_PR, ret);
		goto err_handle;
	}
	if (heap_committed(c->heap) + size > hp->max_size) {
		ret = sim_esite(sim, SIM_ES_HEAP_BO_OVER_MAX, -ENOSPC);
		goto err_handle;
	}
	ret = heap_chunk_add(c->heap, size, &idx);
	if (ret) {
		sim_esite_heap(sim, c, false, ret);
		goto err_handle;
	}
	bo->chunk = idx;
	obj_link(c, bo);
	drv_chunk_ev(sim, c, SIM_CHUNK_CREATE, idx);
	if (bo->dma_mapped) {
		/* mapped at handle creation, before the chunk had its index */
		iommu_set_obj(&sim->iommu, 0, bo->dma_addr, idx);
		drv_chunk_set_addr(sim, c, idx, true, bo->dma_addr);
	}
	heap_chunk_get(c->heap, idx);
	drv_chunk_ev(sim, c, SIM_CHUNK_REF, idx);
	if (broadcast)
		pr_broadcast(sim, c, idx);
	return 0;
err_handle:
	sim_esite(sim, SIM_RB_HEAP_BO_PR_HANDLE, ret);
	drv_handle_release(c, bo->handle);
	bo->handle = 0;
	if (bo->handles) {
		bo->handles = 0;
		c->total_bo_usage -= bo->size;
		c->total_int_bo_usage -= bo->size;
		obj_dma_unmap(sim, c, bo);
	}
	return ret;
}

/* drv_heap_bo_create_list / _quiet - pr1233 / pr1279 (sim/revision.h). */
int drv_heap_bo_create_list(struct sim *sim, struct sim_client *c, u64 size, struct sim_bo *bo)
{
	return heap_bo_create_list(sim, c, size, bo, true);
}

int drv_heap_bo_create_list_quiet(struct sim *sim, struct sim_client *c, u64 size,
				  struct sim_bo *bo)
{
	return heap_bo_create_list(sim, c, size, bo, false);
}

/* ---- the object pool (struct sim_bo_pool) ---- */

#define BO_BYTES ((sizeof(struct sim_bo) + 63) & ~(size_t)63)
#define BO_BLOCK_HEAD 64		/* struct sim_bo_block, padded to a line */
#define BO_BLOCK_MAX (2u << 20)		/* one huge page where the kernel gives them */
#define BO_BLOCK_FIRST 16		/* objects in a sim's first block */

struct sim_bo_block {
	struct sim_bo_block *next;
};

_Static_assert(sizeof(struct sim_bo_block) <= BO_BLOCK_HEAD, "block header fits its line");

#if defined(__SANITIZE_ADDRESS__)
#define BO_POOL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BO_POOL_SANITIZED 1
#endif
#endif
#if !defined(BO_POOL_SANITIZED) && defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define BO_POOL_VALGRIND 1
#endif
#endif

/* One heap block per object: the sanitizer or Valgrind checks each. */
static bool bo_pool_bypassed(void)
{
#if defined(BO_POOL_SANITIZED)
	return true;
#elif defined(BO_POOL_VALGRIND)
	return RUNNING_ON_VALGRIND;
#else
	return false;
#endif
}

/* Add a block to @pool (all its objects to the free list); 0 or -ENOMEM. */
static int bo_pool_grow(struct sim_bo_pool *pool)
{
	u32 objs = pool->next_objs ? pool->next_objs : BO_BLOCK_FIRST;
	size_t bytes = BO_BLOCK_HEAD + objs * BO_BYTES, align = 64;
	struct sim_bo_block *b;
	char *p;

	if (bytes >= BO_BLOCK_MAX) {
		bytes = BO_BLOCK_MAX;
		align = BO_BLOCK_MAX;
		objs = (u32)((bytes - BO_BLOCK_HEAD) / BO_BYTES);
	}
	b = aligned_alloc(align, bytes);
	if (!b)
		return -ENOMEM;
#ifdef MADV_HUGEPAGE
	if (align == BO_BLOCK_MAX)
		(void)madvise(b, bytes, MADV_HUGEPAGE);
#endif
	b->next = pool->blocks;
	pool->blocks = b;
	pool->next_objs = 2 * objs;
	/* the first object on top of the free list, so blocks fill in address order */
	p = (char *)b + BO_BLOCK_HEAD + (size_t)objs * BO_BYTES;
	for (u32 i = 0; i < objs; i++) {
		struct sim_bo *bo = (struct sim_bo *)(void *)(p -= BO_BYTES);

		bo->next = pool->free;
		pool->free = bo;
	}
	return 0;
}

static struct sim_bo *bo_alloc(struct sim *sim)
{
	struct sim_bo_pool *pool = &sim->bo_pool;
	struct sim_bo *bo;

	if (bo_pool_bypassed())
		return aligned_alloc(64, BO_BYTES);
	if (!pool->free && bo_pool_grow(pool))
		return NULL;
	bo = pool->free;
	pool->free = bo->next;
	return bo;
}

/* Give @bo (unlinked, no handle, no reference) back. */
static void bo_release(struct sim *sim, struct sim_bo *bo)
{
	if (bo_pool_bypassed()) {
		free(bo);
		return;
	}
	bo->next = sim->bo_pool.free;
	sim->bo_pool.free = bo;
}

/* drv_bo_pool_fini - free the pool's blocks; every object must be released. */
void drv_bo_pool_fini(struct sim *sim)
{
	while (sim->bo_pool.blocks) {
		struct sim_bo_block *b = sim->bo_pool.blocks;

		sim->bo_pool.blocks = b->next;
		free(b);
	}
	memset(&sim->bo_pool, 0, sizeof(sim->bo_pool));
}

/* A new, unpublished object of @type owned by @c (one creation reference). */
static struct sim_bo *bo_new(struct sim *sim, struct sim_client *c, u32 type, u64 size)
{
	struct sim_bo *bo = bo_alloc(sim);

	if (!bo)
		return NULL;
	memset(bo, 0, BO_BYTES);
	bo->type = type;
	bo->owner = c;
	bo->size = size;
	bo->refs = 1;
	bo->dma_addr = SIM_INVALID_ADDR;
	bo->uva = SIM_INVALID_ADDR;
	return bo;
}

static int create_heap_bo(struct sim *sim, struct sim_client *c, u64 size, u64 flags,
			  struct sim_result *res)
{
	struct sim_bo *bo;
	s64 v;
	int ret;

	if (flags || !size || size % SIM_CHUNK)
		return sim_esite(sim, SIM_ES_HEAP_BO_ARGS, -EINVAL);
	if (sim_fault(sim, SIM_FAULT_SHMEM_ALLOC, &v))
		return sim_esite(sim, SIM_ES_HEAP_BO_BACKING, (int)v);
	bo = bo_new(sim, c, SIM_BO_DEV_HEAP, size);
	if (!bo)
		return sim_esite(sim, SIM_ES_HEAP_BO_BACKING, -ENOMEM);
	if (sim->cfg.mode == ADDR_CARVEOUT) {
		if (sim_fault(sim, SIM_FAULT_CARVEOUT_ALLOC, &v)) {
			ret = sim_esite(sim, SIM_ES_HEAP_BO_BACKING, (int)v);
			goto err_free;
		}
		ret = iommu_range_alloc(&sim->iommu, &bo->range, size, SIM_CHUNK, false);
		if (ret) {
			sim_esite(sim, SIM_ES_HEAP_BO_BACKING, ret);
			goto err_free;
		}
	}
	ret = sim->ops->create_heap_bo(sim, c, size, bo);
	if (ret) {
		/* xarray revisions: a published chunk stays (linked); else nothing is left. */
		if (bo->pprev)
			return ret;
		goto err_backing;
	}
	res->handle = bo->handle;
	res->addr = heap_chunk_xdna_addr(c->heap, bo->chunk);
	return 0;
err_backing:
	obj_release_backing(sim, bo);
err_free:
	bo_release(sim, bo);
	return ret;
}

/*
 * drv_dev_bo_free_range - PR #1705 amdxdna_gem_dev_obj_close() at the last
 * handle close: the heap range goes back to the allocator now (it can be
 * handed out again while a job or CONFIG_CU still holds the object); the
 * object keeps its references, and pins if job-pinned, on the chunks it
 * spans (its per-BO chunk list) until its final free.  Kept in the heap as
 * caller references.  This function can't fail.
 */
void drv_dev_bo_free_range(struct sim *sim, struct sim_bo *bo)
{
	struct heap *heap = bo->owner->heap;
	u32 first, last;

	heap_bo_ref_span(heap, &bo->hb, &first, &last);
	bo->freed_pinned = bo->hb.pinned && sim->ops->dev_bo_pin_takes_pages;
	for (u32 k = first; k <= last; k++) {
		heap_chunk_get(heap, k);
		if (bo->freed_pinned)
			heap_chunk_pin(heap, k);
	}
	heap_bo_free(heap, &bo->hb);
	bo->range_freed = true;
}

/* What a range-freed DEV BO still holds goes with its last reference. */
static void dev_bo_drop_chunks(struct sim_bo *bo, u32 first, u32 last)
{
	for (u32 k = first; k <= last; k++) {
		if (bo->freed_pinned)
			heap_chunk_unpin(bo->owner->heap, k);
		heap_chunk_put(bo->owner->heap, k);
	}
}

/* Free a DEV BO whose last reference went (amdxdna_gem_dev_obj_free). */
static void dev_bo_free(struct sim *sim, struct sim_bo *bo)
{
	struct sim_client *c = bo->owner;
	struct heap_bo hb = bo->hb;
	bool pinned = bo->range_freed ? bo->freed_pinned : hb.pinned;
	u32 first, last;

	heap_bo_ref_span(c->heap, &hb, &first, &last);
	if (bo->range_freed)
		dev_bo_drop_chunks(bo, first, last);
	else
		heap_bo_free(c->heap, &bo->hb);
	if (!sim->log.off) {
		if (pinned && sim->ops->dev_bo_pin_takes_pages)
			for (u32 k = hb.start_id; k <= hb.end_id; k++)
				drv_chunk_ev(sim, c, SIM_CHUNK_UNPIN, k);
		for (u32 k = first; k <= last; k++)
			drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, k);
	}
	obj_unlink(c, bo);
	bo_release(sim, bo);
}

void drv_bo_get(struct sim_bo *bo)
{
	bo->refs++;
}

void drv_bo_put(struct sim *sim, struct sim_bo *bo)
{
	BUG_ON(bo->refs == 0);
	if (--bo->refs)
		return;
	if (bo->type == SIM_BO_DEV) {
		dev_bo_free(sim, bo);
		return;
	}
	/* SHARE objects: chunks live until postclose (registry reference). */
	if (bo->type == SIM_BO_SHARE) {
		struct sim_client *c = bo->owner;

		obj_dma_unmap(sim, c, bo);
		obj_release_backing(sim, bo);
		obj_unlink(c, bo);
		bo_release(sim, bo);
	}
}

/*
 * drv_dev_bo_alloc - the allocation part of CREATE_BO(DEV) (no handle, no
 * update_heap): object + heap placement.  A user's DEV BO and a hwctx's
 * command buffer are the same object here, as amdxdna_drm_create_dev_bo()
 * makes both (aie2_ctx.c allocates cmd_buf[] through it); what differs is
 * what the caller does next (handle, update_heap).
 */
int drv_dev_bo_alloc(struct sim *sim, struct sim_client *c, u64 size, struct sim_bo **out)
{
	struct sim_bo *bo;
	s64 v;
	int ret;

	if (!ALIGN_UP_P2(size, SZ_4K))
		return -EINVAL;
	if (sim_fault(sim, SIM_FAULT_HOST_ALLOC, &v))
		return sim_esite(sim, SIM_ES_DEV_BO_OBJ, (int)v);
	bo = bo_new(sim, c, SIM_BO_DEV, 0);
	if (!bo)
		return sim_esite(sim, SIM_ES_DEV_BO_OBJ, -ENOMEM);
	ret = heap_bo_alloc(c->heap, &bo->hb, size);
	if (sim->ops->dev_bo_chunk_list) {
		/*
		 * pr1705 / upstream amdxdna_init_dev_bo(): every chunk the walk
		 * accepted was xa_insert()ed into the BO's chunk list as it went;
		 * a failed insert removes the node and is -ENOMEM.
		 */
		for (u32 k = 0; k < heap_last_walked(c->heap); k++) {
			if (sim_fault(sim, SIM_FAULT_BO_CHUNK_INSERT, &v)) {
				if (!ret)
					heap_bo_free(c->heap, &bo->hb);
				bo_release(sim, bo);
				return sim_esite(sim, SIM_ES_DEV_BO_CHUNK_LIST, -ENOMEM);
			}
		}
	}
	if (ret) {
		bo_release(sim, bo);
		return sim_esite_heap(sim, c, true, ret);
	}
	bo->client_valid = true;
	bo->size = bo->hb.size;
	bo->user_size = size;
	obj_link(c, bo);
	if (!sim->log.off) {
		u32 first, last;

		heap_bo_ref_span(c->heap, &bo->hb, &first, &last);
		for (u32 k = first; k <= last; k++)
			drv_chunk_ev(sim, c, SIM_CHUNK_REF, k);
	}
	*out = bo;
	return 0;
}

/*
 * amdxdna_update_heap (HEAD, docs/driver/heap.md §7.2): attach chunks past each hwctx's
 * watermark, walking hwctxs in ascending id and stopping at the first
 * failure; @only restricts the walk to one hwctx.
 */
int drv_update_heap(struct sim *sim, struct sim_client *c, struct sim_hwctx *only)
{
	struct sim_hwctx *h = only ? only : c->hwctxs;

	for (; h; h = only ? NULL : h->next) {
		while (heap_attach_count(&h->att) < heap_nr_chunks(c->heap)) {
			int ret = drv_hwctx_heap_expand(sim, h, heap_attach_count(&h->att));

			if (ret)
				return ret;
		}
	}
	return 0;
}

/* drv_update_heap_all - update_heap over every hwctx (sim/revision.h). */
int drv_update_heap_all(struct sim *sim, struct sim_client *c)
{
	return drv_update_heap(sim, c, NULL);
}

/*
 * drv_notify_heap - aba33e95 amdxdna_dev_heap_notify_fw after a successful
 * CREATE_BO(DEV): PM resume (failure: nothing sent), then hwctx_heap_expand
 * for every hwctx; errors are only logged.
 */
void drv_notify_heap(struct sim *sim, struct sim_client *c)
{
	if (drv_pm_resume_get(sim))
		return;
	for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
		sim->ops->heap_expand(sim, h, heap_attach_count(&h->att));
}

/*
 * CREATE_BO(DEV) after the placement: update_heap (or the revision's
 * notification) under dev_lock, then the handle.
 */
static int dev_bo_publish(struct sim *sim, struct sim_client *c, struct sim_bo *bo,
			  struct sim_result *res)
{
	int ret;

	if (sim->ops->dev_bo_attach) {
		ret = sim->ops->dev_bo_attach(sim, c);
		if (ret) {
			sim_esite(sim, SIM_ES_DEV_BO_UPDATE_HEAP, ret);
			goto err_put;
		}
	}
	ret = handle_alloc(sim, c, bo);
	if (ret) {
		sim_esite(sim, SIM_ES_DEV_BO_HANDLE, ret);
		goto err_put;
	}
	bo->handles = 1;
	if (sim->ops->dev_bo_notify)
		sim->ops->dev_bo_notify(sim, c);
	if (sim->ops->dev_bo_attach_complete && c->hwctxs &&
	    heap_check_attach_complete(c->heap, NULL, NULL))
		sim_violation(sim, SIM_INV_WATERMARKS_CURRENT, c->id, bo->handle, bo->hb.start,
			      "after CREATE_BO(DEV) a hwctx is behind chunk %u",
			      heap_nr_chunks(c->heap) - 1);
	res->handle = bo->handle;
	res->addr = bo->hb.start;
	res->uva = heap_bo_info_uva(c->heap, &bo->hb);
	res->obj = bo;
	return 0;
err_put:
	sim_esite(sim, SIM_RB_DEV_BO_FREE, ret);
	drv_bo_put(sim, bo);
	return ret;
}

int drv_create_dev_bo_stage(struct sim *sim, struct sim_client *c, u64 size, u64 flags,
			    enum sim_bo_stage stage, struct sim_result *res)
{
	struct sim_bo *bo = c->pending_dev_bo;
	int ret;

	if (stage > SIM_BO_PUBLISH || (stage == SIM_BO_PUBLISH) != !!bo)
		return stage == SIM_BO_PUBLISH || stage > SIM_BO_PUBLISH ? -EINVAL : -EBUSY;
	if (stage == SIM_BO_PUBLISH) {
		c->pending_dev_bo = NULL;
		return dev_bo_publish(sim, c, bo, res);
	}
	if (flags)
		return sim_esite(sim, SIM_ES_DEV_BO_FLAGS, -EINVAL);
	ret = drv_dev_bo_alloc(sim, c, size, &bo);
	if (ret)
		return ret;
	if (stage == SIM_BO_PLACE) {
		c->pending_dev_bo = bo;
		res->addr = bo->hb.start;
		return 0;
	}
	return dev_bo_publish(sim, c, bo, res);
}

static int create_share_bo(struct sim *sim, struct sim_client *c, u64 size, u64 flags,
			   struct sim_result *res)
{
	struct sim_bo *bo;
	s64 v;
	int ret;

	size = ALIGN_UP_P2(size, SZ_4K);
	if (!size || flags)
		return -EINVAL;
	if (sim_fault(sim, SIM_FAULT_SHMEM_ALLOC, &v))
		return (int)v;
	bo = bo_new(sim, c, SIM_BO_SHARE, size);
	if (!bo)
		return -ENOMEM;
	if (sim->cfg.mode == ADDR_CARVEOUT) {
		ret = iommu_range_alloc(&sim->iommu, &bo->range, size, SZ_4K, false);
		if (ret)
			goto err_free;
	}
	ret = handle_alloc(sim, c, bo);
	if (ret)
		goto err_backing;
	ret = obj_first_open(sim, c, bo);
	if (ret) {
		drv_handle_release(c, bo->handle);
		goto err_backing;
	}
	bo->handles = 1;
	obj_link(c, bo);
	res->handle = bo->handle;
	res->addr = bo->dma_addr;
	return 0;
err_backing:
	obj_release_backing(sim, bo);
err_free:
	bo_release(sim, bo);
	return ret;
}

/* drv_create_bo - DRM_IOCTL_AMDXDNA_CREATE_BO. */
int drv_create_bo(struct sim *sim, struct sim_client *c, u32 type, u64 size, u64 flags,
		  struct sim_result *res)
{
	switch (type) {
	case SIM_BO_DEV_HEAP:
		return create_heap_bo(sim, c, size, flags, res);
	case SIM_BO_DEV:
		return drv_create_dev_bo_stage(sim, c, size, flags, SIM_BO_ALL, res);
	case SIM_BO_SHARE:
		return create_share_bo(sim, c, size, flags, res);
	default:
		return -EINVAL;
	}
}

/*
 * A DEV BO's free reads the object's every line up to its allocator node:
 * ask for all of them at once rather than one miss after the other.  Only
 * addresses are computed: @bo may be an object freed since (a caller's
 * stale hint), never read.
 */
void drv_bo_prefetch(const struct sim_bo *bo)
{
	if (!bo)
		return;
	for (const char *p = (const char *)bo; p < (const char *)(&bo->hb.node + 1); p += 64)
		__builtin_prefetch(p, 1);
}

/*
 * drv_handle_delete - GEM_CLOSE / fd release of one handle: chunk .close
 * (usage, client pointer at HEAD), then drop the handle's reference.
 */
int drv_handle_delete(struct sim *sim, struct sim_client *c, u32 handle)
{
	struct sim_bo *bo = drv_bo_lookup(c, handle);

	if (!bo)
		return -EINVAL;
	drv_bo_prefetch(bo);
	drv_handle_release(c, handle);
	bo->handle = 0;
	bo->handles--;
	if (bo->type == SIM_BO_DEV) {
		/* its free unlinks it: both list neighbours are written */
		__builtin_prefetch(bo->next, 1);
		__builtin_prefetch(bo->pprev, 1);
		if (!bo->handles)	/* its range is about to be freed */
			heap_bo_prefetch_free(&bo->hb);
		if (!bo->handles && sim->ops->dev_bo_free_at_close)
			drv_dev_bo_free_range(sim, bo);
		drv_bo_put(sim, bo);
		return 0;
	}
	if (bo->handles == 0) {
		c->total_bo_usage -= bo->size;
		if (bo->type == SIM_BO_DEV_HEAP) {
			c->total_int_bo_usage -= bo->size;
			/*
			 * f2c31c79 kept it in the PR design; HEAD clears it again.
			 * K3 bug (before f2c31c79): the PR design cleared it too.
			 */
			if (sim->ops->close_clears_heap_client ||
			    sim_bug(sim, SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE))
				bo->client_valid = false;
		} else {
			bo->client_valid = false;
		}
	}
	if (bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_put(c->heap, bo->chunk);
		drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, bo->chunk);
		return 0;
	}
	drv_bo_put(sim, bo);
	return 0;
}

/*
 * drv_client_free_objects - postclose: free every remaining chunk (unpin
 * if job-pinned, IOVA unmap) and any object still linked.
 */
void drv_client_free_objects(struct sim *sim, struct sim_client *c)
{
	while (c->objs) {
		struct sim_bo *bo = c->objs;

		obj_unlink(c, bo);
		if (bo->type == SIM_BO_DEV_HEAP) {
			if (bo->job_pinned) {
				heap_chunk_unpin(c->heap, bo->chunk);
				drv_chunk_ev(sim, c, SIM_CHUNK_UNPIN, bo->chunk);
			}
			drv_chunk_ev(sim, c, SIM_CHUNK_FREE, bo->chunk);
		} else if (bo->type == SIM_BO_DEV && bo->range_freed) {
			u32 first, last;

			heap_bo_ref_span(c->heap, &bo->hb, &first, &last);
			dev_bo_drop_chunks(bo, first, last);
		} else if (bo->type == SIM_BO_DEV) {
			sim_violation(sim, SIM_INV_DEV_BO_AT_POSTCLOSE, c->id, bo->handle, bo->hb.start,
				      "DEV BO %#llx still live at postclose",
				      (unsigned long long)bo->hb.start);
			heap_bo_free(c->heap, &bo->hb);
		}
		obj_dma_unmap(sim, c, bo);
		obj_release_backing(sim, bo);
		bo_release(sim, bo);
	}
}
