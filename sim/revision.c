// SPDX-License-Identifier: MIT
/*
 * revision.c - what each driver revision does, one table per revision over
 * the shared driver model (struct drv_ops, sim/revision.h).  Read a row to
 * answer "what does revision X do when ...": every entry names the function
 * that implements it.  The heap-level differences (placement, errnos, chunk
 * addresses, flush bounds) are alloc/heap_rev.c; the facts and their driver
 * sources are docs/driver/revisions.md.  Later out-of-tree revisions are
 * cumulative: each row starts from the previous one's.
 */
#include "sim/sim_priv.h"

/*
 * PR #1233 as merged (b9d18f04, 22952daa, f2c31c79).  CREATE_BO(DEV_HEAP)
 * opens the handle first, resumes the device and broadcasts the new chunk to
 * every hwctx; hwctx creation and restart map every chunk, all or nothing;
 * a DEV BO creation tells firmware nothing.
 */
#define PR1233_OPS                                                                   \
	.create_heap_bo = drv_heap_bo_create_list, .dev_bo_attach = NULL,            \
	.dev_bo_notify = NULL, .dev_bo_attach_complete = false,                      \
	.dev_bo_free_at_close = false,                                               \
	.hwctx_takes_chunk0 = false, .map_heap = drv_map_heap_pr1233,                \
	.remap_heap = drv_map_heap_pr1233, .heap_expand = drv_heap_expand_pr1233,    \
	.dev_bo_pin_takes_pages = false, .close_clears_heap_client = false,          \
	.share_sync_checked = false, .dev_sync_vmap_probe = true,                    \
	.dpm_failed = drv_dpm_fail_leak,                                             \
	.addr_helper_bug = SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE,                       \
	.heap_bo_all_or_nothing = true, .dev_bo_chunk_list = false,                  \
	.dev_bo_open_own_client = false, .flush_chunk = NULL,                        \
	.tdr_mark = drv_tdr_mark, .tdr_stop = drv_tdr_stop, .tdr_restart = drv_tdr_restart

/*
 * 856409ca (the upstream design, 87217ccf onwards).  CREATE_BO(DEV_HEAP)
 * publishes the chunk, then opens the handle; chunks are attached by
 * update_heap at DEV BO creation (failure fails the creation) and at hwctx
 * creation; a restart re-sends MAP + ADDs up to the watermark.
 */
#define R856409CA_OPS                                                                \
	.create_heap_bo = drv_heap_bo_create_xarray,                                 \
	.dev_bo_attach = drv_update_heap_all, .dev_bo_notify = NULL,                 \
	.dev_bo_free_at_close = false,                                               \
	.dev_bo_attach_complete = true, .hwctx_takes_chunk0 = true,                  \
	.map_heap = drv_map_heap_xarray, .remap_heap = drv_remap_heap_xarray,        \
	.heap_expand = drv_heap_expand_xarray, .dev_bo_pin_takes_pages = true,       \
	.close_clears_heap_client = true, .share_sync_checked = true,                \
	.dev_sync_vmap_probe = false, .dpm_failed = drv_dpm_fail_leak,               \
	.addr_helper_bug = SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS,                 \
	.heap_bo_all_or_nothing = false, .dev_bo_chunk_list = false,                 \
	.dev_bo_open_own_client = false, .flush_chunk = drv_flush_chunk_856409ca,    \
	.tdr_mark = drv_tdr_mark, .tdr_stop = drv_tdr_stop, .tdr_restart = drv_tdr_restart

#define PR1670_OPS R856409CA_OPS, .dpm_failed = drv_dpm_fail_unload
#define PR1705_OPS                                                                   \
	PR1670_OPS, .dev_bo_free_at_close = true, .dev_bo_chunk_list = true,         \
	.dev_bo_open_own_client = true

/* Each later row starts from an earlier one's macro and overrides what changed. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct drv_ops drv_ops_table[REV_NR] = {
	[REV_PR1233] = { .rev = REV_PR1233, PR1233_OPS },
	/*
	 * PR #1279 (aba33e95): CREATE_BO(DEV_HEAP) does no PM and no firmware
	 * work; a successful CREATE_BO(DEV) notifies every hwctx (errors only
	 * logged); heap_expand walks from the watermark, deferring at the first
	 * unmapped chunk in PASID mode; map_heap re-sends, then expands.
	 */
	[REV_PR1279] = { .rev = REV_PR1279, PR1233_OPS,
			 .create_heap_bo = drv_heap_bo_create_list_quiet,
			 .dev_bo_notify = drv_notify_heap, .map_heap = drv_map_heap_pr1279,
			 .remap_heap = drv_map_heap_pr1279,
			 .heap_expand = drv_heap_expand_pr1279, .pasid_defers_unmapped = true },
	[REV_856409CA] = { .rev = REV_856409CA, R856409CA_OPS },
	/*
	 * PR #1670 (merged 2026-09-02): a failed DPM request unloads the
	 * context (DESTROY_CONTEXT) instead of leaking it.
	 */
	[REV_PR1670] = { .rev = REV_PR1670, PR1670_OPS },
	/*
	 * PR #1705 (upstream patch of 2026-09-01): a DEV BO's heap range is
	 * freed at its last handle close (.close), the chunks it spans stay
	 * referenced by the object through its own chunk list (xa_insert per
	 * spanned chunk: -ENOMEM on failure) until the final free; hwctx
	 * command buffers (no handle) are freed explicitly at hwctx teardown,
	 * which the final free models.  A DEV BO handle opened by another
	 * client (.open, GEM_OPEN of a flink name) is -EPERM.
	 */
	[REV_PR1705] = { .rev = REV_PR1705, PR1705_OPS },
	/*
	 * Upstream Linux (drm-misc 1bc13a9d amdxdna_gem.c): PR #1705's
	 * lifetime; the placement and uva rules are in alloc/heap_rev.c; its
	 * amdxdna_flush_bo() (an imported chunk -EOPNOTSUPP, nothing for an
	 * empty range, whole pages when the vmap fails); amdxdna_gem_obj_open()
	 * refuses another client's open of a SHARE BO or chunk it has open.  The
	 * flows outside amdxdna_gem.c (restart, solver, mailbox) are taken
	 * from pr1705 [inferred: those upstream files were not read].
	 */
	[REV_UPSTREAM] = { .rev = REV_UPSTREAM, PR1705_OPS,
			   .flush_chunk = drv_flush_chunk_upstream,
			   .flush_import_refused = true, .shmem_open_own_client = true },
	/*
	 * PR #1710 (open, a proposal on pr1705; docs/driver/revisions.md): AIE2
	 * without the DRM scheduler.  No heap or BO code changes: pr1705's
	 * flows, but a job timeout is the device-wide worker of aie2_tdr.c:
	 * its `mark` and `stop` stages mark no job (no job_timeout flag, so a
	 * reply processed before its walk completes the job), its `restart`
	 * stops and restarts every client's contexts (a power-cycle only when
	 * DESTROY_CONTEXT times out).  Its submission locking is in
	 * sim/yield_points.def.
	 */
	[REV_PR1710] = { .rev = REV_PR1710, PR1705_OPS, .tdr_mark = drv_tdr_mark_pr1710,
			 .tdr_stop = drv_tdr_detect_pr1710, .tdr_restart = drv_tdr_recover_all,
			 .tdr_orphans_fw_ctx = true },
};
#pragma GCC diagnostic pop

const struct drv_ops *drv_ops_of(enum drv_rev rev)
{
	return (unsigned int)rev < REV_NR ? &drv_ops_table[rev] : NULL;
}

bool sim_rev_dev_bo_free_at_close(enum drv_rev rev)
{
	const struct drv_ops *ops = drv_ops_of(rev);

	return ops && ops->dev_bo_free_at_close;
}

bool sim_rev_tdr_orphans_fw_ctx(enum drv_rev rev)
{
	const struct drv_ops *ops = drv_ops_of(rev);

	return ops && ops->tdr_orphans_fw_ctx;
}

bool sim_rev_dev_bo_attach_complete(enum drv_rev rev)
{
	const struct drv_ops *ops = drv_ops_of(rev);

	return ops && ops->dev_bo_attach_complete;
}
