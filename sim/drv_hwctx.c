// SPDX-License-Identifier: MIT
/*
 * drv_hwctx.c - hardware contexts: create (aie2_hwctx_init, docs/driver/heap.md §7.1,
 * docs/driver/proto.md §5.2) with the column solver, chunk attachment in both designs
 * (HEAD aie2_hwctx_heap_expand §7.2, PR aie2_hwctx_heap_expand / map_heap
 * §8.1), CONFIG_CU, job submission, stop/restart (§7.5) and destroy (§7.4).
 */
#include "sim/sim_priv.h"
#include "common/bug.h"
#include "sim/wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CORE_ROWS 4

/* A finalizing hwctx was erased from hwctx_xa: lookups miss it. */
struct sim_hwctx *drv_hwctx_find(struct sim_client *c, u32 id)
{
	for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
		if (h->id == id && !h->finalizing)
			return h;
	return NULL;
}

/*
 * Column solver (docs/driver/proto.md §6): temporal-only firmware shares one
 * full-width partition; NPU1 places spatially first, then shares the
 * identical partition with the lowest share count.
 */
static int solver_alloc(struct sim *sim, struct sim_hwctx *h)
{
	u32 total = sim->dev.total_col, want = h->num_tiles / CORE_ROWS;
	u32 used = 0, best = ~0u;

	if (!want || want > total || h->num_tiles % CORE_ROWS)
		return -EINVAL;
	if (sim_fw_has(sim, FW_FEAT_TEMPORAL_ONLY)) {
		h->start_col = 0;
		h->num_col = total;
		h->num_unused_col = total - want;
	} else {
		u32 first = sim->dev.first_col;

		if (first > 0 && want == total)
			first = 0;
		for (u32 i = 0; i < sim->npart; i++)
			used |= ((1u << sim->part[i].width) - 1) << sim->part[i].start;
		for (u32 s = first; s + want <= total; s++) {
			if (!(used & (((1u << want) - 1) << s))) {
				h->start_col = s;
				h->num_col = want;
				h->num_unused_col = 0;
				goto place;
			}
		}
		for (u32 i = 0; i < sim->npart; i++)
			if (sim->part[i].width == want &&
			    (best == ~0u || sim->part[i].share < sim->part[best].share))
				best = i;
		if (best == ~0u)
			return -ENODEV;
		h->start_col = sim->part[best].start;
		h->num_col = want;
		h->num_unused_col = 0;
	}
place:
	for (u32 i = 0; i < sim->npart; i++) {
		if (sim->part[i].start == h->start_col && sim->part[i].width == h->num_col) {
			sim->part[i].share++;
			return 0;
		}
	}
	if (sim->npart == SIM_MAX_FW_CTX)
		return -ENODEV;
	sim->part[sim->npart].start = h->start_col;
	sim->part[sim->npart].width = h->num_col;
	sim->part[sim->npart].share = 1;
	sim->npart++;
	return 0;
}

static void solver_release(struct sim *sim, struct sim_hwctx *h)
{
	for (u32 i = 0; i < sim->npart; i++) {
		if (sim->part[i].start == h->start_col && sim->part[i].width == h->num_col) {
			if (--sim->part[i].share == 0)
				sim->part[i] = sim->part[--sim->npart];
			return;
		}
	}
}

/*
 * The firmware address of chunk @idx as the driver computes it.  K3 (PR
 * design) and K15 (HEAD) bugs: the old address helpers read chunk->client,
 * NULL once the chunk's last handle was closed; the model records the NULL
 * dereference (invariant 16) and fails the message instead of oopsing.
 */
static int chunk_fw_addr(struct sim *sim, struct sim_hwctx *h, u32 idx, u64 *addr)
{
	struct sim_client *c = h->client;
	bool deref = sim_bug(sim, sim->ops->addr_helper_bug);

	*addr = heap_chunk_fw_addr(c->heap, idx);
	if (!deref)
		return 0;
	for (struct sim_bo *bo = c->objs; bo; bo = bo->next) {
		if (bo->type == SIM_BO_DEV_HEAP && bo->chunk == idx && !bo->client_valid) {
			sim_violation(sim, SIM_INV_NULL_CLIENT_DEREF, c->id, idx, heap_chunk_addr(c->heap, idx),
				      "hwctx %u: chunk %u address read through a NULL client",
				      h->id, idx);
			return -EFAULT;
		}
	}
	return 0;
}

/*
 * Attach chunk @idx (= the next one) to @h: pin + ref, then (HEAD device
 * op) PM resume and the ADD_HOST_BUFFER feature gate, then MAP/ADD; any
 * failure unpins and unreferences that one chunk.
 */
static int attach_chunk(struct sim *sim, struct sim_hwctx *h, u32 idx, bool map, bool gate)
{
	struct sim_client *c = h->client;
	u64 addr;
	s64 v;
	int ret;

	BUG_ON(idx != heap_attach_count(&h->att));	/* attachments are prefixes */
	if (sim_fault(sim, SIM_FAULT_PIN_PAGES, &v))
		return (int)v;
	/*
	 * PM resume may restart this hwctx, which re-sends chunks up to the
	 * watermark; the watermark only moves once this chunk is registered,
	 * so resume first, then account the new attachment.
	 */
	if (gate) {
		ret = drv_pm_resume_get(sim);
		if (ret)
			return ret;
	}
	ret = heap_attach_next(c->heap, &h->att, &addr);
	if (ret)
		return ret;
	drv_chunk_ev(sim, c, SIM_CHUNK_REF, idx);
	drv_chunk_ev(sim, c, SIM_CHUNK_PIN, idx);
	/* K6 bug (before 87217ccf): ADD sent without the feature check. */
	if (gate && !sim_fw_has(sim, FW_FEAT_ADD_HOST_BUFFER) &&
	    !sim_bug(sim, SIM_BUG_K6_ADD_HOST_BUFFER_UNGATED))
		ret = -EOPNOTSUPP;
	if (!ret)
		ret = chunk_fw_addr(sim, h, idx, &addr);
	if (!ret)
		ret = drv_msg_host_buf(sim, h, map, idx, addr, heap_chunk_size(c->heap, idx));
	if (ret) {
		sim_esite(sim, SIM_RB_ATTACH_CHUNK, ret);
		heap_attach_drop_last(c->heap, &h->att);
		drv_chunk_ev(sim, c, SIM_CHUNK_UNPIN, idx);
		drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, idx);
	}
	return ret;
}

/* drv_hwctx_heap_expand - the revision's hwctx_heap_expand device op for chunk @idx. */
int drv_hwctx_heap_expand(struct sim *sim, struct sim_hwctx *h, u32 idx)
{
	return sim->ops->heap_expand(sim, h, idx);
}

/*
 * Did @h's heap registration stop at a chunk without a uva that the
 * revision defers (aba33e95 aie2_hwctx_heap_expand(): "chunk not yet
 * mmapped, deferring FW notify")?  Then invariant 8 holds up to that chunk.
 */
static bool attach_deferred(const struct sim *sim, const struct sim_hwctx *h)
{
	const struct heap *heap = h->client->heap;
	u32 n = heap_attach_count(&h->att);

	return sim->ops->pasid_defers_unmapped && heap_mode(heap) == ADDR_PASID &&
	       n < heap_nr_chunks(heap) && heap_chunk_uva(heap, n) == HEAP_INVALID_ADDR;
}

/* drv_heap_expand_xarray - 856409ca (docs/driver/heap.md §7.2): PM resume, ADD gated on the feature. */
int drv_heap_expand_xarray(struct sim *sim, struct sim_hwctx *h, u32 idx)
{
	return attach_chunk(sim, h, idx, false, true);
}

/*
 * drv_heap_expand_pr1233 - PR #1233 (§8.1): -EIO unless @idx directly
 * follows the last pinned chunk; no feature check.
 */
int drv_heap_expand_pr1233(struct sim *sim, struct sim_hwctx *h, u32 idx)
{
	if (heap_attach_count(&h->att) != idx || idx == 0)
		return -EIO;
	return attach_chunk(sim, h, idx, false, false);
}

/*
 * drv_heap_expand_pr1279 - aba33e95 aie2_hwctx_heap_expand: from the chunk
 * after the last pinned one to the last chunk; in PASID mode stop (defer) at
 * the first chunk without a recorded uva; MAP for the hwctx's first chunk,
 * ADD for the others; a failure drops that one chunk and returns (chunks
 * attached earlier in the walk stay).  @idx is ignored: the walk starts at
 * the watermark.
 */
int drv_heap_expand_pr1279(struct sim *sim, struct sim_hwctx *h, u32 idx)
{
	struct heap *heap = h->client->heap;

	(void)idx;
	for (u32 k = heap_attach_count(&h->att); k < heap_nr_chunks(heap); k++) {
		int ret;

		if (attach_deferred(sim, h))
			return 0;
		ret = attach_chunk(sim, h, k, k == 0, false);
		if (ret)
			return ret;
	}
	return 0;
}

/* stale_addr events for chunk @k's pieces @h's firmware holds at an address other than @now. */
static void note_stale(struct sim *sim, struct sim_hwctx *h, u32 k, u64 now)
{
	u32 p = drv_host_buf_piece(h->client->heap, k);

	for (u64 off = 0; off < heap_chunk_size(h->client->heap, k) && p < SIM_MAX_FW_BUFS;
	     off += SIM_CHUNK, p++) {
		const struct sim_fw_piece *s = &h->sent[p];

		if (s->fw_ctx == h->fw_ctx_id && s->addr != now + off)
			sim_ev(sim, SIM_EV_FW, SIM_FW_STALE_ADDR, h->client->id, h->id, 0, k,
			       s->addr, now + off);
	}
}

/*
 * drv_chunk_set_addr - record chunk @idx's uva (@dma false) or DMA address
 * in the heap, bump the address generation of every chunk whose firmware
 * address (heap_chunk_fw_addr) changed with it (PR/PASID derives chunks
 * without their own uva from chunk 0's), and record a stale_addr event for
 * each piece a live firmware context now holds at an outdated address:
 * the driver does not re-send it (docs/driver/heap.md §14 item 9).  This function
 * can't fail (a bad index changes nothing).
 */
void drv_chunk_set_addr(struct sim *sim, struct sim_client *c, u32 idx, bool dma, u64 addr)
{
	u32 n = heap_nr_chunks(c->heap);
	u64 before[HEAP_MAX_CHUNKS];

	for (u32 k = 0; k < n; k++)
		before[k] = heap_chunk_fw_addr(c->heap, k);
	if (dma)
		heap_chunk_set_dma_addr(c->heap, idx, addr);
	else
		heap_chunk_set_uva(c->heap, idx, addr);
	for (u32 k = 0; k < n; k++) {
		u64 now = heap_chunk_fw_addr(c->heap, k);

		if (now == before[k])
			continue;
		c->addr_gen[k]++;
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->has_fw_ctx && k < heap_attach_count(&h->att))
				note_stale(sim, h, k, now);
	}
}

/* Re-send MAP(chunk 0) + ADD(chunks 1..n-1 attached) with the current ctx id. */
static int resend_heap(struct sim *sim, struct sim_hwctx *h)
{
	struct sim_client *c = h->client;
	u32 n = heap_attach_count(&h->att);
	int ret;

	u64 addr;

	for (u32 k = 0; k < n; k++) {
		ret = chunk_fw_addr(sim, h, k, &addr);
		if (!ret)
			ret = drv_msg_host_buf(sim, h, k == 0, k, addr,
					       heap_chunk_size(c->heap, k));
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * drv_map_heap_pr1233 - PR aie2_hwctx_map_heap (creation and restart): walk
 * every chunk, pin + ref those past the last pinned one, MAP the first and
 * ADD the others; any failure releases every pinned chunk (all-or-nothing).
 */
int drv_map_heap_pr1233(struct sim *sim, struct sim_hwctx *h)
{
	struct sim_client *c = h->client;
	u32 n = heap_nr_chunks(c->heap);
	u64 addr;
	int ret = 0;

	for (u32 k = 0; k < n; k++) {
		if (k < heap_attach_count(&h->att)) {
			ret = chunk_fw_addr(sim, h, k, &addr);
			if (!ret)
				ret = drv_msg_host_buf(sim, h, k == 0, k, addr,
						       heap_chunk_size(c->heap, k));
		} else
			ret = attach_chunk(sim, h, k, k == 0, false);
		if (ret)
			break;
	}
	if (ret) {
		for (u32 k = heap_attach_count(&h->att); k-- > 0;) {
			drv_chunk_ev(sim, c, SIM_CHUNK_UNPIN, k);
			drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, k);
		}
		heap_attach_release_all(c->heap, &h->att);
	}
	return ret;
}

static void release_attached(struct sim *sim, struct sim_hwctx *h)
{
	struct sim_client *c = h->client;

	for (u32 k = 0; k < heap_attach_count(&h->att); k++) {
		drv_chunk_ev(sim, c, SIM_CHUNK_UNPIN, k);
		drv_chunk_ev(sim, c, SIM_CHUNK_UNREF, k);
	}
	heap_attach_release_all(c->heap, &h->att);
}

static void drop_cmd_bufs(struct sim *sim, struct sim_hwctx *h)
{
	for (u32 i = 0; i < SIM_MAX_CMDS; i++) {
		if (h->cmd_buf[i])
			drv_bo_put(sim, h->cmd_buf[i]);
		h->cmd_buf[i] = NULL;
	}
}

static void drop_cu_bos(struct sim *sim, struct sim_hwctx *h)
{
	for (u32 i = 0; i < h->num_cus; i++)
		if (h->cu_bo[i])
			drv_bo_put(sim, h->cu_bo[i]);
	memset(h->cu_bo, 0, sizeof(h->cu_bo));
	h->num_cus = 0;
}

/*
 * CONFIG_CU with the hwctx's CU BOs.  K21 bug (before 5d268cc8): only the
 * user handles were kept and re-resolved here; a closed handle fails.
 */
static int config_cu_send(struct sim *sim, struct sim_hwctx *h)
{
	int ret = 0;

	if (!sim_bug(sim, SIM_BUG_K21_CU_HANDLES_RERESOLVED))
		return drv_msg_config_cu(sim, h);
	for (u32 i = 0; i < h->num_cus && !ret; i++) {
		h->cu_bo[i] = drv_bo_lookup(h->client, h->cu_handle[i]);
		if (!h->cu_bo[i] || h->cu_bo[i]->type != SIM_BO_DEV)
			ret = -EINVAL;
	}
	if (!ret)
		ret = drv_msg_config_cu(sim, h);
	memset(h->cu_bo, 0, sizeof(h->cu_bo));
	return ret;
}

/*
 * drv_dpm_fail_leak - 856409ca xrs_allocate_resource(): a failed DPM request
 * after a successful load drops the solver node without the unload callback
 * (docs/driver/proto.md §12 Q6, docs/driver/peers.md §1.4): the driver forgets a firmware context
 * that stays loaded.  Recorded as a ctx_leak.
 */
void drv_dpm_fail_leak(struct sim *sim, struct sim_hwctx *h, int err)
{
	wire_host_stop(sim, &h->uch);
	if (h->fw_ctx_id < SIM_MAX_FW_CTX) {
		sim->fw.leaked |= 1u << h->fw_ctx_id;
		sim_ev(sim, SIM_EV_FW, SIM_FW_CTX_LEAK, h->client->id, h->fw_ctx_id, err, 0, 0,
		       0);
	}
	h->has_fw_ctx = false;
	h->fw_ctx_id = SIM_FW_CTX_NONE;
}

/*
 * drv_dpm_fail_unload - PR #1670: the failed DPM request calls the solver's
 * unload action (aie2_xrs_unload → aie2_destroy_context): DESTROY_CONTEXT is
 * sent and the channel released, nothing leaks.
 */
void drv_dpm_fail_unload(struct sim *sim, struct sim_hwctx *h, int err)
{
	(void)err;
	wire_host_stop(sim, &h->uch);
	drv_msg_destroy_context(sim, h);
	h->has_fw_ctx = false;
	h->fw_ctx_id = SIM_FW_CTX_NONE;
}

/* The resource solver's DPM request after a successful load (docs/driver/proto.md §5.2 step 5). */
static int solver_set_dpm(struct sim *sim, struct sim_hwctx *h)
{
	s64 v;

	if (!sim_fault(sim, SIM_FAULT_SMU_DPM, &v))
		return 0;
	sim->ops->dpm_failed(sim, h, (int)v);
	return (int)v;
}

/*
 * drv_map_heap_xarray - 856409ca hwctx creation (aie2_map_host_buf + update_heap):
 * MAP for chunk 0, then attach every further chunk.
 */
int drv_map_heap_xarray(struct sim *sim, struct sim_hwctx *h)
{
	u64 addr;
	int ret = chunk_fw_addr(sim, h, 0, &addr);

	if (!ret)
		ret = drv_msg_host_buf(sim, h, true, 0, addr, heap_chunk_size(h->client->heap, 0));
	if (!ret)
		ret = drv_update_heap(sim, h->client, h);
	return ret;
}

/* drv_remap_heap_xarray - 856409ca restart: MAP + ADDs up to the watermark, nothing pinned. */
int drv_remap_heap_xarray(struct sim *sim, struct sim_hwctx *h)
{
	return resend_heap(sim, h);
}

/*
 * drv_map_heap_pr1279 - aba33e95 aie2_hwctx_map_heap (creation and restart):
 * re-send MAP + ADDs through the last pinned chunk (no pinning; an error
 * returns), then heap_expand from there.
 */
int drv_map_heap_pr1279(struct sim *sim, struct sim_hwctx *h)
{
	int ret = resend_heap(sim, h);

	return ret ? ret : drv_heap_expand_pr1279(sim, h, heap_attach_count(&h->att));
}

/* Firmware context + its heap registration + CONFIG_CU (create and restart). */
static int hwctx_load(struct sim *sim, struct sim_hwctx *h, bool restart)
{
	int ret = drv_msg_create_context(sim, h);

	if (!ret && !restart)
		ret = solver_set_dpm(sim, h);
	if (ret)
		return ret;
	ret = restart ? sim->ops->remap_heap(sim, h) : sim->ops->map_heap(sim, h);
	if (ret && restart)
		sim_esite(sim, SIM_ES_RESTART_HEAP, ret);
	if (!ret && restart && h->num_cus)
		ret = config_cu_send(sim, h);
	return ret;
}

static void hwctx_link(struct sim_client *c, struct sim_hwctx *h)
{
	struct sim_hwctx **pp = &c->hwctxs;

	while (*pp && (*pp)->id < h->id)
		pp = &(*pp)->next;
	h->next = *pp;
	*pp = h;
}

static void hwctx_unlink(struct sim_client *c, struct sim_hwctx *h)
{
	for (struct sim_hwctx **pp = &c->hwctxs; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			return;
		}
	}
}

/* A finalizing hwctx keeps its id until its ida_free() after the fini. */
static bool hwctx_id_used(struct sim *sim, u32 id)
{
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->id == id)
				return true;
	return false;
}

/* Device-wide cyclic id in 1..1024 (xa_alloc_cyclic, b3f59174). */
static int hwctx_id_alloc(struct sim *sim, u32 *id)
{
	for (u32 i = 0; i < SIM_HWCTX_ID_MAX; i++) {
		u32 cand = (sim->next_hwctx_id + i - 1) % SIM_HWCTX_ID_MAX + 1;

		if (!hwctx_id_used(sim, cand)) {
			*id = cand;
			sim->next_hwctx_id = cand % SIM_HWCTX_ID_MAX + 1;
			return 0;
		}
	}
	return -EBUSY;
}

/* drv_hwctx_create - DRM_IOCTL_AMDXDNA_CREATE_HWCTX (docs/driver/heap.md §7.1 / §8.1). */
int drv_hwctx_create(struct sim *sim, struct sim_client *c, u32 num_tiles,
		     struct sim_result *res)
{
	struct sim_hwctx *h;
	s64 v;
	int ret;

	if (sim_fault(sim, SIM_FAULT_HWCTX_CREATE, &v))
		return (int)v;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->client = c;
	h->sim = sim;
	h->num_tiles = num_tiles ? num_tiles : CORE_ROWS;
	h->priority = 2;
	h->fw_ctx_id = SIM_FW_CTX_NONE;
	h->next_seq = 1;
	heap_attach_register(c->heap, &h->att, 0);
	if (sim->ops->hwctx_takes_chunk0) {
		if (heap_nr_chunks(c->heap) == 0) {
			ret = sim_esite(sim, SIM_ES_HWCTX_NO_CHUNK0, -ENOENT);
			goto err_free;
		}
		if (sim_fault(sim, SIM_FAULT_PIN_PAGES, &v)) {
			ret = (int)v;
			goto err_free;
		}
		heap_attach_next(c->heap, &h->att, NULL);
		drv_chunk_ev(sim, c, SIM_CHUNK_REF, 0);
		drv_chunk_ev(sim, c, SIM_CHUNK_PIN, 0);
	}
	for (u32 i = 0; i < SIM_MAX_CMDS; i++) {
		ret = drv_dev_bo_alloc(sim, c, SIM_CMDBUF_SIZE, &h->cmd_buf[i]);
		if (ret) {
			sim_esite(sim, SIM_ES_HWCTX_CMDBUF, ret);
			goto err_cmd;
		}
	}
	ret = solver_alloc(sim, h);
	if (ret)
		goto err_cmd;
	ret = drv_pm_resume_get(sim);
	if (ret)
		goto err_solver;
	ret = hwctx_load(sim, h, false);
	if (ret) {
		sim_esite(sim, SIM_ES_HWCTX_FW, ret);
		goto err_fw;
	}
	ret = hwctx_id_alloc(sim, &h->id);
	if (ret)
		goto err_fw;
	h->att.id = h->id;
	hwctx_link(c, h);
	if (!attach_deferred(sim, h) && heap_check_attach_complete(c->heap, &h->att, NULL))
		sim_violation(sim, SIM_INV_NEW_HWCTX_WATERMARK, c->id, h->id, 0, "hwctx %u created with %u of %u chunks",
			      h->id, heap_attach_count(&h->att), heap_nr_chunks(c->heap));
	res->handle = h->id;
	return 0;
err_fw:
	sim_esite(sim, SIM_RB_HWCTX_FW, ret);
	drv_hwctx_stop(sim, h, false);
err_solver:
	sim_esite(sim, SIM_RB_HWCTX_SOLVER, ret);
	solver_release(sim, h);
err_cmd:
	sim_esite(sim, SIM_RB_HWCTX_CMDBUF, ret);
	drop_cmd_bufs(sim, h);
err_free:
	if (heap_attach_count(&h->att))
		sim_esite(sim, SIM_RB_HWCTX_ATTACH, ret);
	release_attached(sim, h);
	heap_attach_unregister(c->heap, &h->att);
	free(h);
	return ret;
}

/* Cancel outstanding jobs (channel stop) and free them. */
static void cancel_jobs(struct sim *sim, struct sim_hwctx *h, bool timed_out)
{
	while (h->njobs) {
		struct sim_job *j = &h->jobs[0];

		drv_job_complete(sim, h, j,
				 timed_out && j->timed_out ? SIM_CMD_TIMEOUT : SIM_CMD_ABORT);
	}
}

/*
 * drv_hwctx_stop - stop the scheduler and the user channel (cancelling
 * jobs), DESTROY_CONTEXT.  -ENODEV from a dead management channel is
 * tolerated as the driver does.
 */
int drv_hwctx_stop(struct sim *sim, struct sim_hwctx *h, bool timed_out)
{
	int ret = 0;

	cancel_jobs(sim, h, timed_out);
	if (!h->has_fw_ctx)
		return 0;
	wire_host_stop(sim, &h->uch);
	ret = drv_msg_destroy_context(sim, h);
	h->has_fw_ctx = false;
	h->partial_ctx = false;
	h->fw_ctx_id = SIM_FW_CTX_NONE;
	return ret == -ENODEV ? 0 : ret;
}

/*
 * drv_hwctx_restart - aie2_hwctx_restart: new firmware context, MAP + ADDs,
 * CONFIG_CU.  Every revision returns on the first failure (`goto out`)
 * without destroying anything: once CREATE_CONTEXT succeeded, the new
 * context and its channel stay, holding the part of the heap registered so
 * far; the xarray design keeps its pins and watermark, PR #1233's map_heap
 * released every chunk.
 */
int drv_hwctx_restart(struct sim *sim, struct sim_hwctx *h)
{
	int ret = hwctx_load(sim, h, true);

	h->partial_ctx = ret && h->has_fw_ctx;
	sim->partial_restarts += h->partial_ctx;
	return ret;
}

void drv_hwctx_fini_begin(struct sim *sim, struct sim_hwctx *h)
{
	drv_hwctx_stop(sim, h, false);
	solver_release(sim, h);
	h->finalizing = true;
}

/*
 * drv_hwctx_fini - destroy @h (aie2_hwctx_fini + release_expanded_heap);
 * after drv_hwctx_fini_begin() only what follows the dev_lock retake.
 */
void drv_hwctx_fini(struct sim *sim, struct sim_hwctx *h)
{
	struct sim_client *c = h->client;

	if (!h->finalizing)
		drv_hwctx_fini_begin(sim, h);
	drop_cmd_bufs(sim, h);
	drop_cu_bos(sim, h);
	release_attached(sim, h);
	heap_attach_unregister(c->heap, &h->att);
	hwctx_unlink(c, h);
	free(h);
}

/* drv_config_cu - CONFIG_CU ioctl (docs/driver/proto.md §5.3): hold the CU BOs, send. */
int drv_config_cu(struct sim *sim, struct sim_hwctx *h, const u32 *handles, u32 n)
{
	struct sim_bo *bos[SIM_MAX_CUS];
	int ret;

	if (!n || n > SIM_MAX_CUS || h->num_cus)
		return -EINVAL;
	for (u32 i = 0; i < n; i++) {
		bos[i] = drv_bo_lookup(h->client, handles[i]);
		if (!bos[i] || bos[i]->type != SIM_BO_DEV)
			return -EINVAL;
	}
	for (u32 i = 0; i < n; i++) {
		h->cu_handle[i] = handles[i];
		h->cu_func[i] = 0;
		if (sim_bug(sim, SIM_BUG_K21_CU_HANDLES_RERESOLVED))
			continue;	/* K21 bug: no reference held */
		drv_bo_get(bos[i]);
		h->cu_bo[i] = bos[i];
	}
	h->num_cus = n;
	ret = drv_pm_resume_get(sim);
	if (ret)
		return ret;
	return config_cu_send(sim, h);
}

/* A job's reference on an argument BO; a chunk's is a heap caller reference. */
static void job_ref(struct sim *sim, struct sim_bo *bo)
{
	if (bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_get(bo->owner->heap, bo->chunk);
		drv_chunk_ev(sim, bo->owner, SIM_CHUNK_REF, bo->chunk);
	} else {
		drv_bo_get(bo);
	}
}

static void job_unref(struct sim *sim, struct sim_bo *bo)
{
	if (bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_put(bo->owner->heap, bo->chunk);
		drv_chunk_ev(sim, bo->owner, SIM_CHUNK_UNREF, bo->chunk);
	} else {
		drv_bo_put(sim, bo);
	}
}

/* drv_job_complete - a job's response (or cancellation): state, free, unref args. */
void drv_job_complete(struct sim *sim, struct sim_hwctx *h, struct sim_job *j, u32 state)
{
	u32 idx = (u32)(j - h->jobs);

	j->state = state;
	sim_ev(sim, SIM_EV_JOB, (u16)state, h->client->id, h->id, 0, j->seq, 0, 0);
	h->done_seq = j->seq;
	h->done_state = state;
	for (u32 i = 0; i < j->nargs; i++)
		job_unref(sim, j->args[i]);
	free(j->args);
	memmove(&h->jobs[idx], &h->jobs[idx + 1], (h->njobs - idx - 1) * sizeof(*j));
	h->njobs--;
	sim->last_progress_ns = sim->clock.now_ns;
	sim->last_busy_ns = sim->clock.now_ns;
}

/* Sticky job pin of an argument BO (amdxdna_arg_bos_lookup, docs/driver/heap.md §5.9). */
static int pin_arg(struct sim *sim, struct sim_bo *bo)
{
	struct sim_client *c = bo->owner;
	s64 v;

	if (bo->type == SIM_BO_DEV) {
		if (bo->hb.pinned)
			return 0;
		if (sim->ops->dev_bo_pin_takes_pages && sim_fault(sim, SIM_FAULT_PIN_PAGES, &v))
			return (int)v;
		heap_bo_pin(c->heap, &bo->hb);
		if (sim->ops->dev_bo_pin_takes_pages)
			for (u32 k = bo->hb.start_id; k <= bo->hb.end_id; k++)
				drv_chunk_ev(sim, c, SIM_CHUNK_PIN, k);
		return 0;
	}
	if (bo->job_pinned)
		return 0;
	if (sim_fault(sim, SIM_FAULT_PIN_PAGES, &v))
		return (int)v;
	if (bo->type == SIM_BO_DEV_HEAP) {
		heap_chunk_pin(c->heap, bo->chunk);
		drv_chunk_ev(sim, c, SIM_CHUNK_PIN, bo->chunk);
	}
	bo->job_pinned = true;
	return 0;
}

/*
 * Invariant 18 (docs/driver/heap.md §14 items 10-12): every DEV BO a job hands the
 * firmware lies in chunks the hwctx has attached (registered with its
 * firmware context).  HEAD keeps this by failing the DEV BO creation; the
 * PR design returns success after a failed broadcast and leaves the hwctx
 * behind.
 */
static void job_check_attached(struct sim *sim, struct sim_hwctx *h, const struct sim_job *j)
{
	u32 nr = heap_attach_count(&h->att);

	for (u32 i = 0; i < j->nargs; i++) {
		const struct sim_bo *bo = j->args[i];

		if (bo->type == SIM_BO_DEV && bo->hb.end_id >= nr)
			sim_violation(sim, SIM_INV_JOBS_IN_ATTACHED_CHUNKS, h->client->id, bo->handle, bo->hb.start,
				      "hwctx %u: job argument DEV BO %#llx reaches chunk %u, attached chunks: %u",
				      h->id, (unsigned long long)bo->hb.start, bo->hb.end_id, nr);
	}
}

/*
 * drv_exec - submit one command (docs/driver/proto.md §4, §5.5).  Every error returned
 * here fails the submission before the job is queued: no sequence number is
 * consumed, the job holds no reference and no job event is logged (the
 * driver fails the ioctl before the scheduler runs the job).  Sticky pins
 * already taken on earlier arguments stay (docs/driver/heap.md §5.9).
 */
int drv_exec(struct sim *sim, struct sim_hwctx *h, const struct sim_exec_desc *cmd,
	     struct sim_result *res)
{
	struct sim_job *j;
	u32 seq;
	int ret;

	if (h->njobs == SIM_MAX_CMDS)
		return -EBUSY;
	ret = drv_msg_exec_check(sim, cmd);
	if (ret)
		return ret;
	j = &h->jobs[h->njobs];
	memset(j, 0, sizeof(*j));
	if (cmd->nbo) {
		j->args = calloc(cmd->nbo, sizeof(*j->args));
		if (!j->args)
			return -ENOMEM;
	}
	for (u32 i = 0; i < cmd->nbo; i++) {
		struct sim_bo *bo = drv_bo_lookup(h->client, cmd->bos[i]);

		ret = bo ? pin_arg(sim, bo) : -ENOENT;
		if (ret)
			goto err_args;
		job_ref(sim, bo);
		j->args[j->nargs++] = bo;
	}
	/* the job holds a PM reference: a suspended device resumes first */
	ret = drv_pm_resume_get(sim);
	if (ret)
		goto err_args;
	j->seq = h->next_seq++;
	res->seq = j->seq;
	/* the job is queued: its record ends with the job's end state */
	sim_ev(sim, SIM_EV_JOB, SIM_CMD_NEW, h->client->id, h->id, 0, j->seq, 0, 0);
	j->start_ns = sim->clock.now_ns;
	h->njobs++;
	sim->last_progress_ns = sim->clock.now_ns;
	sim->last_busy_ns = sim->clock.now_ns;
	if (!h->has_fw_ctx) {
		/* Restart failed: no channel, the job completes without being sent. */
		drv_job_complete(sim, h, j, SIM_CMD_ABORT);
		res->state = SIM_CMD_ABORT;
		return 0;
	}
	seq = j->seq;
	job_check_attached(sim, h, j);
	ret = drv_msg_exec(sim, h, cmd, j);
	if (ret) {
		drv_job_complete(sim, h, j, SIM_CMD_ABORT);
		return ret;
	}
	drv_msg_poll_user(sim, h);
	res->state = h->done_seq == seq ? h->done_state : SIM_CMD_PENDING;
	return 0;
err_args:
	for (u32 i = 0; i < j->nargs; i++)
		job_unref(sim, j->args[i]);
	free(j->args);
	j->args = NULL;
	return ret;
}
