/* SPDX-License-Identifier: MIT */
/*
 * revision.h - struct drv_ops: what one driver revision does in the flows
 * the simulator models above the heap.  One table per revision lives in
 * sim/revision.c; the heap's own table (placement, chunk addresses, flush
 * bounds) is alloc/heap_rev.c.  Internal to sim/.
 */
#ifndef XDNASIM_SIM_REVISION_H
#define XDNASIM_SIM_REVISION_H

#include "common/compat.h"
#include "alloc/rev.h"

struct sim;
struct sim_client;
struct sim_hwctx;
struct sim_bo;
struct sim_job;

/**
 * struct drv_ops - a driver revision's operations (see sim/revision.c for
 * what each revision plugs in, and docs/driver/revisions.md).
 * @rev: the revision.
 * @create_heap_bo: CREATE_BO(DEV_HEAP) once the backing exists: register
 *	the chunk, open the handle, notify firmware if the revision does;
 *	0 or a negative errno (a published chunk may stay on error).
 * @dev_bo_attach: CREATE_BO(DEV) after placement, before the handle: attach
 *	new chunks to the client's hwctxs; an error fails the creation.  NULL:
 *	nothing.
 * @dev_bo_notify: after a successful CREATE_BO(DEV): notify hwctxs of new
 *	chunks, errors only logged.  NULL: nothing.
 * @dev_bo_free_at_close: the last handle close of a DEV BO frees its heap
 *	range (drv_dev_bo_free_range()); else the final object free does.
 * @dev_bo_attach_complete: after CREATE_BO(DEV) every hwctx must cover every
 *	chunk (invariant 7).
 * @pasid_defers_unmapped: in PASID mode heap registration stops at the
 *	first chunk without a uva and defers the rest to a later expand, so a
 *	new hwctx covers every chunk only up to that one (invariant 8).
 * @hwctx_takes_chunk0: hwctx creation references + pins chunk 0 before its
 *	command buffers (no chunk → -ENOENT).
 * @map_heap: register the heap with a new firmware context at hwctx
 *	creation; 0 or a negative errno.
 * @remap_heap: the same at a restart (TDR, resume, power cycle).
 * @heap_expand: the hwctx_heap_expand device op for chunk @idx.
 * @dev_bo_pin_takes_pages: pinning a DEV BO as a job argument pins its
 *	chunks' pages (fault site PIN_PAGES, chunk pin events).
 * @close_clears_heap_client: the last handle close of a chunk clears its
 *	client pointer.
 * @share_sync_checked: SYNC_BO on a SHARE BO checks offset/size.
 * @dev_sync_vmap_probe: SYNC_BO on a DEV BO vmaps it first (fault site VMAP).
 * @dpm_failed: the resource solver's DPM request failed after the context
 *	was loaded (@err: the errno): what happens to the firmware context.
 * @addr_helper_bug: the historical-bug switch (sim/bugs.h) whose old address
 *	helpers read a chunk's client pointer.
 * @heap_bo_all_or_nothing: a failed CREATE_BO(DEV_HEAP) commits nothing and
 *	chunks are attached only by its broadcast (fail-nth leak rules).
 * @dev_bo_chunk_list: a DEV BO keeps its own list of the chunks it spans,
 *	filled by xa_insert during the placement walk (fault site
 *	BO_CHUNK_INSERT: the creation fails -ENOMEM).
 * @dev_bo_open_own_client: a DEV BO handle opened by another client
 *	(GEM_OPEN of a flink name) is -EPERM.
 * @flush_import_refused: amdxdna_flush_bo() refuses an imported object
 *	(every chunk in carveout mode) with -EOPNOTSUPP before its bounds.
 * @shmem_open_own_client: a SHARE BO or chunk that its client has open is
 *	-EPERM for another client's GEM_OPEN (amdxdna_gem_obj_open).
 * @flush_chunk: amdxdna_flush_bo() on one chunk range @f of a SYNC_BO (a DEV
 *	BO's overlap with the chunk, or the chunk's own handle; @f->len may be
 *	0 there): the kernel vmap (fault site VMAP, kept once made) and the
 *	fallback, which may widen @f; 0 or a negative errno.  NULL: the range
 *	is flushed as is (the list revisions' own helper).
 * @tdr_orphans_fw_ctx: the job-timeout worker restarts every context
 *	without checking that it already runs, so a context the power-cycle
 *	inside its walk (DESTROY_CONTEXT -ETIME) restarted gets a second
 *	CREATE_CONTEXT and its first firmware context no owner (PR #1710).
 * @tdr_mark: the job-timeout recovery of @h up to where its job @j (may be
 *	NULL) is marked timed out, the channel still running: the `mark`
 *	stage (dev_lock taken and kept); sets @h->tdr_marked.
 * @tdr_stop: the first half of the job-timeout recovery of @h, whose job @j
 *	(may be NULL) timed out: the explorer's `stop` segment (dev_lock taken
 *	and kept; @tdr_mark first unless a `mark` stage ran it); clears
 *	@h->tdr_marked, sets @h->tdr_stopped.
 * @tdr_restart: the second half, after @tdr_stop of @h: what was stopped is
 *	restarted, escalating to a power-cycle as the revision does; clears
 *	@h->tdr_stopped; 0 or a negative errno (the `tdr` step's result).
 */
struct drv_ops {
	enum drv_rev rev;
	int (*create_heap_bo)(struct sim *sim, struct sim_client *c, u64 size, struct sim_bo *bo);
	int (*dev_bo_attach)(struct sim *sim, struct sim_client *c);
	void (*dev_bo_notify)(struct sim *sim, struct sim_client *c);
	bool dev_bo_free_at_close;
	bool dev_bo_attach_complete;
	bool pasid_defers_unmapped;
	bool hwctx_takes_chunk0;
	int (*map_heap)(struct sim *sim, struct sim_hwctx *h);
	int (*remap_heap)(struct sim *sim, struct sim_hwctx *h);
	int (*heap_expand)(struct sim *sim, struct sim_hwctx *h, u32 idx);
	bool dev_bo_pin_takes_pages;
	bool close_clears_heap_client;
	bool share_sync_checked;
	bool dev_sync_vmap_probe;
	void (*dpm_failed)(struct sim *sim, struct sim_hwctx *h, int err);
	unsigned int addr_helper_bug;
	bool heap_bo_all_or_nothing;
	bool dev_bo_chunk_list;
	bool dev_bo_open_own_client;
	bool flush_import_refused;
	bool shmem_open_own_client;
	bool tdr_orphans_fw_ctx;
	int (*flush_chunk)(struct sim *sim, struct sim_client *c, struct heap_flush *f);
	void (*tdr_mark)(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
	void (*tdr_stop)(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
	int (*tdr_restart)(struct sim *sim, struct sim_hwctx *h);
};

/* drv_ops_of - @rev's table, NULL for an unknown value.  Can't fail. */
const struct drv_ops *drv_ops_of(enum drv_rev rev);

/*
 * The revision-specific pieces the tables plug in (implemented next to the
 * flows they belong to).  Each returns 0 or a negative errno.
 */
int drv_heap_bo_create_xarray(struct sim *sim, struct sim_client *c, u64 size,
			      struct sim_bo *bo);
int drv_heap_bo_create_list(struct sim *sim, struct sim_client *c, u64 size, struct sim_bo *bo);
int drv_heap_bo_create_list_quiet(struct sim *sim, struct sim_client *c, u64 size,
				  struct sim_bo *bo);
int drv_update_heap_all(struct sim *sim, struct sim_client *c);
void drv_notify_heap(struct sim *sim, struct sim_client *c);
int drv_map_heap_xarray(struct sim *sim, struct sim_hwctx *h);
int drv_remap_heap_xarray(struct sim *sim, struct sim_hwctx *h);
int drv_map_heap_pr1233(struct sim *sim, struct sim_hwctx *h);
int drv_map_heap_pr1279(struct sim *sim, struct sim_hwctx *h);
int drv_heap_expand_xarray(struct sim *sim, struct sim_hwctx *h, u32 idx);
int drv_heap_expand_pr1233(struct sim *sim, struct sim_hwctx *h, u32 idx);
int drv_heap_expand_pr1279(struct sim *sim, struct sim_hwctx *h, u32 idx);
void drv_dev_bo_free_range(struct sim *sim, struct sim_bo *bo);
void drv_dpm_fail_leak(struct sim *sim, struct sim_hwctx *h, int err);
void drv_dpm_fail_unload(struct sim *sim, struct sim_hwctx *h, int err);
int drv_flush_chunk_856409ca(struct sim *sim, struct sim_client *c, struct heap_flush *f);
int drv_flush_chunk_upstream(struct sim *sim, struct sim_client *c, struct heap_flush *f);
void drv_tdr_mark(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
void drv_tdr_stop(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
int drv_tdr_restart(struct sim *sim, struct sim_hwctx *h);
void drv_tdr_mark_pr1710(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
void drv_tdr_detect_pr1710(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
int drv_tdr_recover_all(struct sim *sim, struct sim_hwctx *h);

#endif /* XDNASIM_SIM_REVISION_H */
