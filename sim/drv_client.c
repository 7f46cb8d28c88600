// SPDX-License-Identifier: MIT
/*
 * drv_client.c - client (drm_file) lifetime and the per-client ioctls that
 * do not create objects: open / close / postclose in the DRM order
 * (docs/driver/heap.md §5.1, §5.12, §6), mmap and munmap with user-address recording
 * (§5.3, §8.1), SYNC_BO (§5.8, §8.1), GET_BO_INFO (§3) and PRIME (§5.10).
 */
#include "sim/sim_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* drv_open - amdxdna_drm_open (docs/driver/heap.md §5.1). */
int drv_open(struct sim *sim, struct sim_client **out)
{
	struct heap_config hc = {
		.profile = sim->dev.hp,
		.rev = sim->cfg.rev,
		.mode = sim->cfg.mode,
		.quirks = (sim_bug(sim, SIM_BUG_K2_UNCHECKED_CLFLUSH_RANGE) ?
			   HEAP_QUIRK_UNCHECKED_FLUSH : 0) |
			  (sim_bug(sim, SIM_BUG_K4_UNMAPPED_CHUNK_ACCEPTED) ?
			   HEAP_QUIRK_C0_ONLY_COVER : 0) |
			  (sim_bug(sim, SIM_BUG_K5_EAGAIN_IN_IOVA_MODE) ?
			   HEAP_QUIRK_UVA_ALL_MODES : 0),
	};
	struct sim_client *c, **pp;
	s64 v;
	int ret;

	if (sim_fault(sim, SIM_FAULT_HOST_ALLOC, &v))
		return (int)v;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	if (sim->cfg.mode == ADDR_PASID) {
		/* SVA bind; without a carveout a failure fails the open (36618c58). */
		ret = sim_fault(sim, SIM_FAULT_SVA_BIND, &v) ? -EINVAL :
		      iommu_pasid_alloc(&sim->iommu, &c->pasid);
		/* K10 bug (before 36618c58): the open went on with no address mode. */
		if (ret && c->pasid == 0 && sim_bug(sim, SIM_BUG_K10_OPEN_WITHOUT_DMA_MODE))
			ret = 0;
		if (ret)
			goto err_free;
	}
	ret = heap_create(&hc, &c->heap);
	if (ret)
		goto err_pasid;
	c->id = sim->next_client_id++;
	c->shim_base = SIM_USER_VA_BASE + (u64)c->id * SIM_USER_VA_STRIDE;
	for (pp = &sim->clients; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	if (c->pasid)
		sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_PASID_BIND, c->id, 0, 0, c->pasid, 0, 0);
	*out = c;
	return 0;
err_pasid:
	iommu_pasid_free(&sim->iommu, c->pasid);
err_free:
	free(c);
	return ret;
}

/* drv_close - fd release step 1: every handle deleted, ascending. */
void drv_close(struct sim *sim, struct sim_client *c)
{
	for (u32 h = 1; h < c->nhandles; h++)
		if (c->handles[h])
			drv_handle_delete(sim, c, h);
	c->closed = true;
}

static void vma_remove(struct sim *sim, struct sim_client *c, u32 i);

/*
 * drv_postclose_fini - amdxdna_client_cleanup() up to the first dev_lock
 * drop: list_del() from client_list, then the first hwctx (ascending id,
 * amdxdna_hwctx_remove_all()) erased and finalized up to the drop in
 * aie2_hwctx_fini().  The client stays in sim->clients (the model's list of
 * every file), flagged off client_list.
 */
void drv_postclose_fini(struct sim *sim, struct sim_client *c)
{
	c->unlisted = true;
	if (c->hwctxs && !c->hwctxs->finalizing)
		drv_hwctx_fini_begin(sim, c->hwctxs);
}

/*
 * drv_postclose - amdxdna_client_cleanup: destroy every hwctx, drop the
 * remaining mappings, free every chunk, take the heap down, unbind SVA,
 * free the client (after drv_postclose_fini(): what follows it).
 */

void drv_postclose(struct sim *sim, struct sim_client *c)
{
	struct sim_client **pp;

	for (pp = &sim->clients; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	while (c->hwctxs)
		drv_hwctx_fini(sim, c->hwctxs);
	while (c->nvmas)
		vma_remove(sim, c, c->nvmas - 1);
	drv_client_free_objects(sim, c);
	heap_destroy(c->heap);
	drv_sva_unbind(sim, c);
	free(c->handles);
	free(c->hfree);
	free(c->vmas);
	free(c);
}

/*
 * drv_sva_unbind - iommu_sva_unbind_device: the device loses the client's
 * page tables (every SVA translation of its PASID) and the PASID is freed.
 */
void drv_sva_unbind(struct sim *sim, struct sim_client *c)
{
	if (!c->pasid)
		return;
	for (u32 i = 0; i < c->nvmas; i++)
		iommu_unmap(&sim->iommu, c->pasid, c->vmas[i].uva);
	sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_PASID_UNBIND, c->id, 0, 0, c->pasid, 0, 0);
	iommu_pasid_free(&sim->iommu, c->pasid);
	c->pasid = 0;
}

/*
 * Does this mapping register a uva (umap, cleared when the last goes)?  The
 * revision's rule says (alloc/heap_rev.c).
 */
static bool records_uva(struct sim *sim, struct sim_client *c, struct sim_bo *bo)
{
	if (heap_uva_rule(c->heap) == HEAP_UVA_ALL_MODES)
		return true;
	return !bo->dma_mapped && sim->cfg.mode == ADDR_PASID;
}

static void bo_set_uva(struct sim *sim, struct sim_bo *bo, u64 uva)
{
	bo->uva = uva;
	if (bo->type == SIM_BO_DEV_HEAP)
		drv_chunk_set_addr(sim, bo->owner, bo->chunk, false, uva);
}

static void vma_remove(struct sim *sim, struct sim_client *c, u32 i)
{
	struct sim_vma v = c->vmas[i];
	bool more = false;

	memmove(&c->vmas[i], &c->vmas[i + 1], (c->nvmas - i - 1) * sizeof(v));
	c->nvmas--;
	if (c->pasid) {
		iommu_unmap(&sim->iommu, c->pasid, v.uva);
		sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_UNMAP, c->id, v.bo->chunk, 0, c->pasid, v.uva,
		       v.size);
	}
	if (v.recorded) {
		for (u32 k = 0; k < c->nvmas; k++)
			more |= c->vmas[k].bo == v.bo && c->vmas[k].recorded;
		/*
		 * uva goes back to INVALID only when every registration is gone
		 * (K12); the K12 bug reset it on any unmap.
		 */
		if (!more || sim_bug(sim, SIM_BUG_K12_UVA_CLEARED_ON_ANY_MUNMAP))
			bo_set_uva(sim, v.bo, SIM_INVALID_ADDR);
	}
	if (v.bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_put(c->heap, v.bo->chunk);
		drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, v.bo->chunk);
	} else {
		drv_bo_put(sim, v.bo);
	}
}

/* drv_munmap - munmap of the mapping that starts at @uva. */
int drv_munmap(struct sim *sim, struct sim_client *c, u64 uva)
{
	for (u32 i = 0; i < c->nvmas; i++) {
		if (c->vmas[i].uva == uva) {
			vma_remove(sim, c, i);
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * drv_mmap - mmap of a chunk or SHARE BO at @uva (MAP_FIXED; 0 = the shim's
 * next reservation slot for chunks).  A mapping exactly at an existing
 * one replaces it; partial overlaps are refused (-EINVAL).
 */
int drv_mmap(struct sim *sim, struct sim_client *c, u32 handle, u64 uva, struct sim_result *res)
{
	struct sim_bo *bo = drv_bo_lookup(c, handle);
	struct sim_vma *v;
	s64 fv;
	int ret;

	if (!bo || bo->type == SIM_BO_DEV)
		return -EINVAL;
	if (!uva)
		uva = c->shim_base + SIM_SHIM_MAX_HEAP + SZ_64M * (u64)c->nvmas;
	if (uva % SZ_4K || uva + bo->size < uva)
		return -EINVAL;
	for (u32 i = 0; i < c->nvmas; i++) {
		struct sim_vma *o = &c->vmas[i];

		if (o->uva == uva && o->size == bo->size) {
			vma_remove(sim, c, i);
			break;
		}
		if (o->uva < uva + bo->size && uva < o->uva + o->size)
			return -EINVAL;
	}
	if (sim_fault(sim, SIM_FAULT_MMAP, &fv))
		return (int)fv;
	if (bo->type == SIM_BO_DEV_HEAP && bo->client_valid) {
		ret = heap_chunk_mmap_check(c->heap, bo->chunk, uva);
		if (ret)
			return ret;
	}
	if (c->nvmas == c->cap_vmas) {
		u32 n = c->cap_vmas ? c->cap_vmas * 2 : 8;
		struct sim_vma *t = realloc(c->vmas, n * sizeof(*t));

		if (!t)
			return -ENOMEM;
		c->vmas = t;
		c->cap_vmas = n;
	}
	if (c->pasid) {
		struct iommu_map m = { .pasid = c->pasid, .kind = IOMMU_MAP_SVA, .addr = uva,
				       .size = bo->size, .client = c->id,
				       .obj = bo->type == SIM_BO_DEV_HEAP ? bo->chunk : ~0u };

		ret = iommu_map(&sim->iommu, &m);
		if (ret)
			return ret;
		sim_ev(sim, SIM_EV_IOMMU, SIM_IOMMU_MAP, c->id, m.obj, 0, c->pasid, uva, bo->size);
	}
	v = &c->vmas[c->nvmas++];
	v->uva = uva;
	v->size = bo->size;
	v->bo = bo;
	v->recorded = records_uva(sim, c, bo);
	if (v->recorded && bo->uva == SIM_INVALID_ADDR)
		bo_set_uva(sim, bo, uva);
	/* upstream amdxdna_hmm_register: a DMA-mapped BO takes every mmap's address */
	if (bo->dma_mapped && heap_uva_rule(c->heap) == HEAP_UVA_STICKY)
		bo_set_uva(sim, bo, uva);
	if (bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_get(c->heap, bo->chunk);
		drv_chunk_ev(sim, c, SIM_CHUNK_REF, bo->chunk);
	} else {
		drv_bo_get(bo);
	}
	res->addr = uva;
	res->uva = uva;
	return 0;
}

/* drv_get_bo_info - DRM_IOCTL_AMDXDNA_GET_BO_INFO (docs/driver/heap.md §3 table). */
int drv_get_bo_info(struct sim *sim, struct sim_client *c, u32 handle, struct sim_bo_info *info)
{
	struct sim_bo *bo = drv_bo_lookup(c, handle);

	if (!bo)
		return -ENOENT;
	memset(info, 0, sizeof(*info));
	info->type = bo->type;
	info->size = bo->size;
	switch (bo->type) {
	case SIM_BO_DEV:
		info->vaddr = heap_bo_info_uva(c->heap, &bo->hb);
		info->xdna_addr = bo->hb.start;
		info->map_offset = SIM_INVALID_ADDR;
		info->size = bo->hb.req_size;
		break;
	case SIM_BO_DEV_HEAP:
		info->vaddr = heap_chunk_uva(c->heap, bo->chunk);
		info->xdna_addr = heap_chunk_xdna_addr(c->heap, bo->chunk);
		info->map_offset = 0x100000000ULL + heap_chunk_addr(c->heap, bo->chunk);
		break;
	default:
		info->vaddr = bo->uva;
		info->xdna_addr = bo->dma_mapped ? bo->dma_addr : bo->uva;
		info->map_offset = 0x200000000ULL + (u64)handle * SZ_1M;
		break;
	}
	return 0;
}

/*
 * drv_flush_chunk_856409ca - amdxdna_flush_bo() of 856409ca (and pr1670,
 * pr1705; drivers/accel/amdxdna/amdxdna_gem.c): the range is already clamped
 * to the chunk; amdxdna_gem_vmap_try() vmaps the chunk once and keeps the
 * kva (fault site VMAP, called even for a 0-byte range).  When the vmap
 * fails an imported chunk (carveout) flushes its whole scatterlist, any
 * other the pages from offset >> 12 up to PAGE_ALIGN(offset + len): @f grows
 * to those bytes.  [model: the "no pages at all" -EINVAL branch is not
 * reached, a flushed chunk has its pages.]
 */
int drv_flush_chunk_856409ca(struct sim *sim, struct sim_client *c, struct heap_flush *f)
{
	u64 first, end;
	s64 v;

	if (c->chunk_kva[f->chunk])
		return 0;
	if (!sim_fault(sim, SIM_FAULT_VMAP, &v)) {
		c->chunk_kva[f->chunk] = true;
		return 0;
	}
	if (sim->cfg.mode == ADDR_CARVEOUT) {
		f->offset = 0;
		f->len = heap_chunk_size(c->heap, f->chunk);
		return 0;
	}
	first = f->offset & ~(u64)(SZ_4K - 1);
	end = ALIGN_UP_P2(f->offset + f->len, SZ_4K);
	f->offset = first;
	f->len = end - first;
	return 0;
}

/*
 * drv_flush_chunk_upstream - upstream amdxdna_flush_bo() (drm-misc 1bc13a9d
 * amdxdna_gem.c): an imported object -- every chunk in carveout mode,
 * amdxdna_gem_create_cbuf_object() -- is -EOPNOTSUPP before anything else
 * (drv_sync_bo() applies that before the bounds); a range that clamps to 0
 * bytes returns 0; otherwise amdxdna_gem_vmap() (fault site VMAP, kept once
 * made), and when it fails every page of the chunk (drm_clflush_pages over
 * mem.size >> PAGE_SHIFT).
 */
int drv_flush_chunk_upstream(struct sim *sim, struct sim_client *c, struct heap_flush *f)
{
	s64 v;

	if (sim->cfg.mode == ADDR_CARVEOUT)
		return -EOPNOTSUPP;
	if (!f->len)
		return 0;
	if (!c->chunk_kva[f->chunk] && sim_fault(sim, SIM_FAULT_VMAP, &v)) {
		f->offset = 0;
		f->len = heap_chunk_size(c->heap, f->chunk);
		return 0;
	}
	c->chunk_kva[f->chunk] = true;
	return 0;
}

/*
 * drv_sync_bo - DRM_IOCTL_AMDXDNA_SYNC_BO: the flushed ranges are kept in
 * sim->last_flush for tests; FROM_DEVICE on a BO that is not an attached
 * debug BO ends -EINVAL after flushing (docs/driver/heap.md §5.8, §14 item 5).
 */
int drv_sync_bo(struct sim *sim, struct sim_client *c, u32 handle, u32 dir, u64 offset,
		u64 size)
{
	struct sim_bo *bo = drv_bo_lookup(c, handle);
	s64 v;
	int ret;

	sim->nlast_flush = 0;
	if (!bo)
		return sim_esite(sim, SIM_ES_SYNC_NOENT, -ENOENT);
	if (bo->type == SIM_BO_DEV) {
		ret = heap_bo_sync_ranges(c->heap, &bo->hb, offset, size, sim->last_flush,
					  HEAP_MAX_CHUNKS, &sim->nlast_flush);
		if (ret)
			return sim_esite(sim, SIM_ES_SYNC_BOUNDS, ret);
		if (sim->ops->dev_sync_vmap_probe && sim->nlast_flush &&
		    sim_fault(sim, SIM_FAULT_VMAP, &v))
			return sim_esite(sim, SIM_ES_SYNC_VMAP, (int)v);
		for (u32 i = 0; sim->ops->flush_chunk && i < sim->nlast_flush; i++) {
			ret = sim->ops->flush_chunk(sim, c, &sim->last_flush[i]);
			if (ret)
				return ret;
		}
	} else if (bo->type == SIM_BO_DEV_HEAP) {
		if (sim_fault(sim, SIM_FAULT_PIN_PAGES, &v))
			return (int)v;
		/* upstream 1bc13a9d: an imported chunk is refused before its bounds */
		if (sim->ops->flush_import_refused && sim->cfg.mode == ADDR_CARVEOUT)
			return -EOPNOTSUPP;
		heap_chunk_pin(c->heap, bo->chunk);
		ret = heap_chunk_sync_ranges(c->heap, bo->chunk, offset, size, sim->last_flush,
					     &sim->nlast_flush);
		if (!ret && sim->ops->flush_chunk) {
			/* a range that clamps to 0 bytes still reaches amdxdna_flush_bo() */
			struct heap_flush f = { .chunk = bo->chunk, .offset = offset, .len = 0 };
			struct heap_flush *fp = sim->nlast_flush ? &sim->last_flush[0] : &f;

			ret = sim->ops->flush_chunk(sim, c, fp);
			if (!ret && fp == &f && f.len) {
				sim->last_flush[0] = f;
				sim->nlast_flush = 1;
			}
		}
		heap_chunk_unpin(c->heap, bo->chunk);
	} else {
		ret = offset >= bo->size || offset + size < offset ? -EINVAL : 0;
		if (!sim->ops->share_sync_checked)
			ret = 0;	/* no bounds check in the PR era */
		if (ret)
			return sim_esite(sim, SIM_ES_SYNC_BOUNDS, ret);
	}
	if (ret)
		return ret;
	if (dir == SIM_SYNC_FROM_DEVICE && !bo->assigned_hwctx)
		return sim_esite(sim, SIM_ES_SYNC_FROM_DEVICE, -EINVAL);
	return 0;
}

/* drv_prime_export - PRIME_HANDLE_TO_FD: DEV BOs -EOPNOTSUPP (23ce43b2). */
int drv_prime_export(struct sim *sim, struct sim_client *c, u32 handle, u32 *fd)
{
	struct sim_bo *bo = drv_bo_lookup(c, handle);

	if (!bo)
		return -ENOENT;
	/* K9 bug (before 23ce43b2): DEV BOs were exportable. */
	if (bo->type == SIM_BO_DEV && !sim_bug(sim, SIM_BUG_K9_DEV_BO_EXPORT))
		return sim_esite(sim, SIM_ES_PRIME_EXPORT_DEV, -EOPNOTSUPP);
	if (!bo->export_fd)
		bo->export_fd = sim->next_fd++;
	*fd = bo->export_fd;
	return 0;
}

/*
 * drv_prime_import - PRIME_FD_TO_HANDLE: the exporter's own file gets its
 * handle back (prime cache); any other client gets a SHARE BO that never
 * joins its heap.
 */
int drv_prime_import(struct sim *sim, struct sim_client *c, u32 fd, struct sim_result *res)
{
	struct sim_bo *src = NULL, *bo;
	struct sim_result r = { 0 };
	int ret;

	for (struct sim_client *o = sim->clients; o && !src; o = o->next)
		for (struct sim_bo *b = o->objs; b; b = b->next)
			if (fd && b->export_fd == fd) {
				src = b;
				break;
			}
	if (!src)
		return -EBADF;
	if (src->owner == c) {
		if (!src->handle)
			return -ENOENT;
		res->handle = src->handle;
		return 0;
	}
	ret = drv_create_bo(sim, c, SIM_BO_SHARE, src->size, 0, &r);
	if (ret)
		return ret;
	bo = drv_bo_lookup(c, r.handle);
	bo->import_of = src;
	res->handle = r.handle;
	res->addr = r.addr;
	return 0;
}
