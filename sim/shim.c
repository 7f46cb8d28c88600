// SPDX-License-Identifier: MIT
/*
 * shim.c - the XRT shim's device heap (docs/driver/heap.md §5.6): a 512 MiB user
 * address reservation per device open, an initial heap of
 * min(64 MiB × num_heap_pages, 512 MiB), chunk k mapped at
 * reservation + Σ sizes(< k), and the DEV BO "create, on -EAGAIN expand by
 * 64 MiB and retry" loop bounded only by the 512 MiB cap.  Each inner
 * ioctl goes through the public sim_* API, so it is logged as its own op.
 */
#include "sim/sim_priv.h"

#include <errno.h>

/*
 * shim_expand - buffer::expand(@size): ENOSPC without an ioctl at the cap;
 * CREATE_BO(DEV_HEAP) + GET_BO_INFO + mmap at the front of the unused
 * reservation.  A failure after CREATE_BO closes the new handle and leaves
 * the reservation cursor where it was (docs/driver/heap.md §14 item 2).
 */
int shim_expand(struct sim *sim, struct sim_client *c, u64 size, struct sim_result *res)
{
	struct sim_result r;
	struct sim_bo_info info;
	s64 v;
	int ret;

	size = ALIGN_UP_P2(size, SIM_CHUNK);
	if (c->shim_cur >= SIM_SHIM_MAX_HEAP)
		return sim_esite(sim, SIM_ES_SHIM_EXPAND_CAP, -ENOSPC);
	if (sim_fault(sim, SIM_FAULT_CHUNK_CREATE, &v))
		return (int)v;
	if (size > SIM_SHIM_MAX_HEAP - c->shim_cur)
		size = SIM_SHIM_MAX_HEAP - c->shim_cur;
	ret = sim_create_bo(sim, c->id, SIM_BO_DEV_HEAP, size, 0, &r);
	if (ret)
		return ret;
	ret = sim_fault(sim, SIM_FAULT_SHIM_GET_BO_INFO, &v) ? (int)v :
	      sim_get_bo_info(sim, c->id, r.handle, &info);
	if (!ret)
		ret = sim_mmap(sim, c->id, r.handle, c->shim_base + c->shim_cur, NULL);
	if (ret) {
		sim_gem_close(sim, c->id, r.handle);
		return ret;
	}
	c->shim_uvas[c->shim_nchunks] = c->shim_base + c->shim_cur;
	c->shim_chunks[c->shim_nchunks++] = r.handle;
	c->shim_cur += size;
	res->handle = r.handle;
	res->addr = info.xdna_addr;
	res->uva = c->shim_base + c->shim_cur - size;
	sim->expansions++;
	return 0;
}

/* shim_open - first open of the device by the process: open + initial heap. */
int shim_open(struct sim *sim, struct sim_result *res)
{
	struct sim_result r;
	struct sim_client *c;
	u64 initial = SIM_CHUNK * (u64)sim->cfg.num_heap_pages;
	int ret;

	ret = sim_open(sim, &r);
	if (ret)
		return ret;
	c = sim_client_find(sim, r.handle);
	c->shim = true;
	if (initial > SIM_SHIM_MAX_HEAP)
		initial = SIM_SHIM_MAX_HEAP;
	ret = shim_expand(sim, c, initial, &r);
	if (ret) {
		sim_release(sim, c->id);
		return ret;
	}
	res->handle = c->id;
	res->uva = c->shim_base;
	return 0;
}

/*
 * shim_alloc_dev_bo - pdev_kmq::create_drm_bo for a DEV BO: retry after
 * each 64 MiB expansion while the kernel answers -EAGAIN.  @res gets the
 * handle, the device address, the CPU address heap_vaddr + (xdna_addr −
 * heap_paddr) and the number of expansions.
 */
int shim_alloc_dev_bo(struct sim *sim, struct sim_client *c, u64 size, struct sim_result *res)
{
	struct sim_result r, x;
	struct sim_bo_info info;
	bool retried = false;
	int ret;

	if (sim_bug(sim, SIM_BUG_U1_SINGLE_RETRY)) {
		/*
		 * U1 bug (before 4011c07c, 552aa160's loop): one retry after an
		 * ENOMEM, expanding by the BO size; EAGAIN is returned as is.
		 */
		for (;;) {
			ret = sim_create_bo(sim, c->id, SIM_BO_DEV, size, 0, &r);
			if (!ret)
				ret = sim_get_bo_info(sim, c->id, r.handle, &info);
			if (!ret)
				goto done;
			if (ret != -ENOMEM || retried)
				return ret;
			retried = true;
			ret = shim_expand(sim, c, size, &x);
			if (ret)
				return ret;
			res->expansions++;
		}
	}
	return shim_alloc_dev_bo_stage(sim, c, size, SIM_BO_ALL, res);
done:
	res->handle = r.handle;
	res->addr = info.xdna_addr;
	res->uva = c->shim_base + (info.xdna_addr - SIM_DEV_BASE);
	res->obj = r.obj;
	return 0;
}

/*
 * The shim's loop (552aa160 / 4011c07c): CREATE_BO(DEV); on EAGAIN a chunk
 * more and again.  PLACE stops after the placement that succeeds, PUBLISH
 * finishes it (sim_shim_alloc_dev_bo_stage()).
 */
int shim_alloc_dev_bo_stage(struct sim *sim, struct sim_client *c, u64 size,
			    enum sim_bo_stage stage, struct sim_result *res)
{
	enum sim_bo_stage first = stage == SIM_BO_PUBLISH ? SIM_BO_PUBLISH : SIM_BO_PLACE;
	struct sim_result r = { 0 }, x;
	struct sim_bo_info info;
	int ret;

	for (;;) {
		/* whole, the ioctl is one CREATE_BO op; staged, its two parts */
		ret = stage == SIM_BO_ALL ? sim_create_bo(sim, c->id, SIM_BO_DEV, size, 0, &r) :
		      sim_create_bo_stage(sim, c->id, size, first, &r);
		if (!ret && stage == SIM_BO_PLACE) {
			res->addr = r.addr;
			return 0;
		}
		if (!ret)
			ret = sim_get_bo_info(sim, c->id, r.handle, &info);
		if (!ret)
			break;
		if (ret != -EAGAIN || stage == SIM_BO_PUBLISH)
			return ret;
		ret = shim_expand(sim, c, SIM_CHUNK, &x);
		if (ret)
			return ret;
		res->expansions++;
	}
	res->handle = r.handle;
	res->addr = info.xdna_addr;
	res->uva = c->shim_base + (info.xdna_addr - SIM_DEV_BASE);
	res->obj = r.obj;
	return 0;
}

/* shim_close_chunks - on_last_close, first half: munmap + GEM_CLOSE every chunk. */
void shim_close_chunks(struct sim *sim, struct sim_client *c)
{
	for (u32 i = 0; i < c->shim_nchunks; i++) {
		sim_munmap(sim, c->id, c->shim_uvas[i]);
		sim_gem_close(sim, c->id, c->shim_chunks[i]);
	}
	c->shim_nchunks = 0;
}

/* shim_close - on_last_close: munmap + GEM_CLOSE every chunk, then release the fd. */
void shim_close(struct sim *sim, struct sim_client *c)
{
	shim_close_chunks(sim, c);
	sim_release(sim, c->id);
}

/*
 * shim_sync - buffer::sync in userspace (docs/driver/heap.md §12 U2): the bounds check
 * size > bo size or offset > bo size - size (overflow-safe) gives -EINVAL;
 * then the CPU cache flush of [offset, offset + size) of the BO's mapping,
 * kept in sim->last_flush as (chunk, offset in chunk, len) for DEV BOs.
 * The U2 bug (before 5056bd72 / 416a5a0a) tested offset + size > bo size
 * in 64-bit arithmetic, which wraps; a flush then leaves the BO
 * (invariant 17).  @dir does not change the flush.
 */
int shim_sync(struct sim *sim, struct sim_client *c, u32 handle, u32 dir, u64 offset, u64 size)
{
	struct sim_bo_info info;
	struct sim_bo *bo;
	u64 end, bsz;
	int ret = sim_get_bo_info(sim, c->id, handle, &info);

	sim->nlast_flush = 0;
	if (ret)
		return ret;
	if (dir > SIM_SYNC_FROM_DEVICE)
		return -EINVAL;
	/* buffer::size() of a DEV BO is the size asked for (docs/driver/heap.md §5.6) */
	bo = drv_bo_lookup(c, handle);
	bsz = bo && bo->user_size ? bo->user_size : info.size;
	if (sim_bug(sim, SIM_BUG_U2_UNBOUNDED_SHIM_SYNC)) {
		if (offset + size > bsz)
			return -EINVAL;
	} else if (size > bsz || offset > bsz - size) {
		return -EINVAL;
	}
	if (!size)
		return 0;
	end = offset + size;
	if (end < offset || end > info.size) {
		sim_violation(sim, SIM_INV_FLUSH_OUTSIDE_BO, c->id, handle, offset,
			      "shim sync of BO %u flushes [%#llx, +%#llx) beyond its %#llx bytes",
			      handle, (unsigned long long)offset, (unsigned long long)size,
			      (unsigned long long)info.size);
		return 0;
	}
	if (bo && bo->type == SIM_BO_DEV)
		(void)heap_bo_sync_ranges(c->heap, &bo->hb, offset, size, sim->last_flush,
					  HEAP_MAX_CHUNKS, &sim->nlast_flush);
	return 0;
}

/*
 * shim_hwctx_create - the XRT shim's hwctx_kmq(device, xclbin, qos)
 * (src/shim/kmq/hwctx.cpp at 856409ca): the base hwctx constructor creates
 * the context (CREATE_HWCTX), then for each of the xclbin's @ncu CUs a PDI
 * buffer is allocated with XRT_BO_FLAGS_CACHEABLE (a DEV BO when the device
 * has a heap, bo_flags_to_type() in src/shim/buffer.cpp), the PDI is
 * copied in and synced to the device, and one CONFIG_HWCTX(CONFIG_CU)
 * names every PDI BO.  The PDI handles are returned in @pdis (room for
 * SIM_MAX_CUS).  When a step fails the constructor throws: the PDI BOs
 * (members of hwctx_kmq) are closed first, then the base destructor
 * destroys the context; nothing is left.
 */
int shim_hwctx_create(struct sim *sim, struct sim_client *c, u32 ncu, u32 *pdis,
		      struct sim_result *res)
{
	struct sim_result r;
	int ret;

	if (ncu > SIM_MAX_CUS)
		return -EINVAL;
	ret = sim_hwctx_create(sim, c->id, 0, &r);
	if (!ret)
		ret = shim_hwctx_config(sim, c, r.handle, ncu, pdis, res);
	res->handle = ret ? 0 : r.handle;
	return ret;
}

/*
 * shim_hwctx_config - the constructor after CREATE_HWCTX: the PDI buffers
 * and CONFIG_CU on @hwctx; on failure the PDIs are closed and @hwctx is
 * destroyed (the throw).  @res->expansions counts the chunks added.
 */
int shim_hwctx_config(struct sim *sim, struct sim_client *c, u32 hwctx, u32 ncu, u32 *pdis,
		      struct sim_result *res)
{
	struct sim_result b;
	u32 n = 0;
	int ret = 0;

	if (ncu > SIM_MAX_CUS)
		return -EINVAL;
	for (; n < ncu; n++) {
		ret = sim_shim_alloc_dev_bo(sim, c->id, SIM_SHIM_PDI_SIZE, &b);
		if (ret)
			break;
		pdis[n] = b.handle;
		res->expansions += b.expansions;
		ret = sim_shim_sync(sim, c->id, b.handle, SIM_SYNC_TO_DEVICE, 0, SIM_SHIM_PDI_SIZE);
		if (ret) {
			n++;
			break;
		}
	}
	if (!ret && ncu)
		ret = sim_config_cu(sim, c->id, hwctx, pdis, ncu, NULL);
	if (ret)
		shim_hwctx_destroy(sim, c, hwctx, pdis, n);
	return ret;
}

/*
 * shim_hwctx_destroy - ~hwctx_kmq: the PDI BOs are closed (the member
 * vector goes before the base), then ~hwctx destroys the context.
 */
int shim_hwctx_destroy(struct sim *sim, struct sim_client *c, u32 hwctx, const u32 *pdis, u32 n)
{
	for (u32 i = 0; i < n; i++)
		sim_gem_close(sim, c->id, pdis[i]);
	return sim_hwctx_destroy(sim, c->id, hwctx);
}
