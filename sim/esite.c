// SPDX-License-Identifier: MIT
/*
 * esite.c - the error-site / rollback-path table (docs/driver/heap.md §10) and the
 * heap-reason → site mapping the driver model returns through.
 */
#include "sim/esite.h"

#include <errno.h>

#define ERR(k, e, s) { k, e, SIM_ESK_ERR, s }
#define RB(k, s) { k, 0, SIM_ESK_ROLLBACK, s }

const struct sim_esite_desc sim_esites[SIM_ES_NR] = {
	[SIM_ES_HEAP_BO_ARGS] = ERR("create_dev_heap_bo:-EINVAL flags/size", -EINVAL, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_BACKING] = ERR("create_dev_heap_bo:backing", 0, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_NO_EXPAND] = ERR("create_dev_heap_bo:-EOPNOTSUPP no heap_expand",
					 -EOPNOTSUPP, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_OVER_MAX] = ERR("create_dev_heap_bo:-ENOSPC max", -ENOSPC, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_XA] = ERR("create_dev_heap_bo:xa_insert", 0, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_HANDLE_HEAD] = ERR("create_dev_heap_bo:handle chunk stays committed", 0,
					   "docs/driver/heap.md §10.1, §14 item 2"),
	[SIM_ES_HEAP_BO_HANDLE_PR] = ERR("create_dev_heap_bo:pr early handle", 0, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_PM_PR] = ERR("create_dev_heap_bo:pr pm resume", 0, "docs/driver/heap.md §10.1"),
	[SIM_ES_HEAP_BO_BCAST_PR] = ERR("create_dev_heap_bo:pr broadcast failed, success returned",
					0, "docs/driver/heap.md §10.1"),
	[SIM_ES_DEV_BO_FLAGS] = ERR("create_dev_bo:-EINVAL flags", -EINVAL, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_OBJ] = ERR("create_dev_bo:-ENOMEM object", -ENOMEM, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_SIZE_ZERO] = ERR("create_dev_bo:-EINVAL size 0", -EINVAL, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_TOO_BIG] = ERR("create_dev_bo:-EINVAL size > max", -EINVAL, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_NO_HOLE] = ERR("create_dev_bo:-ENOSPC no hole", -ENOSPC, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_NO_CHUNK] = ERR("create_dev_bo:-EAGAIN no chunks", -EAGAIN, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_NOT_COMMITTED] = ERR("create_dev_bo:-EAGAIN beyond last chunk", -EAGAIN,
					    "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_UVA_INVALID] = ERR("create_dev_bo:-EAGAIN chunk unmapped", -EAGAIN,
					  "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_DMA_INVALID] = ERR("create_dev_bo:-EAGAIN chunk not dma-mapped", -EAGAIN,
					  "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_UVA_NONCONTIG] = ERR("create_dev_bo:-EINVAL uva not contiguous", -EINVAL,
					    "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_NO_HEAP_PR] = ERR("create_dev_bo:-EINVAL pr no heap", -EINVAL,
					 "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_C0_UNMAPPED_PR] = ERR("create_dev_bo:-EINVAL pr chunk 0 unmapped", -EINVAL,
					     "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_FULL_PR] = ERR("create_dev_bo:-ENOSPC pr full", -ENOSPC, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_UPDATE_HEAP] = ERR("create_dev_bo:update_heap", 0, "docs/driver/heap.md §10.2"),
	[SIM_ES_DEV_BO_CHUNK_LIST] = ERR("create_dev_bo:-ENOMEM bo chunk list", -ENOMEM,
					 "docs/driver/revisions.md pr1705, upstream"),
	[SIM_ES_DEV_BO_HANDLE] = ERR("create_dev_bo:handle", 0, "docs/driver/heap.md §10.2"),
	[SIM_ES_SYNC_NOENT] = ERR("sync_bo:-ENOENT handle", -ENOENT, "docs/driver/heap.md §10.3"),
	[SIM_ES_SYNC_BOUNDS] = ERR("sync_bo:-EINVAL bounds", -EINVAL, "docs/driver/heap.md §10.3"),
	[SIM_ES_SYNC_VMAP] = ERR("sync_bo:vmap", 0, "docs/driver/heap.md §10.3"),
	[SIM_ES_SYNC_FROM_DEVICE] = ERR("sync_bo:-EINVAL from_device not debug bo", -EINVAL,
					"docs/driver/heap.md §10.3"),
	[SIM_ES_PRIME_EXPORT_DEV] = ERR("prime_export:-EOPNOTSUPP dev bo", -EOPNOTSUPP,
					"docs/driver/heap.md §10.3"),
	[SIM_ES_HWCTX_NO_CHUNK0] = ERR("create_hwctx:-ENOENT no chunk 0", -ENOENT, "docs/driver/heap.md §10.3"),
	[SIM_ES_HWCTX_CMDBUF] = ERR("create_hwctx:cmd buf alloc", 0, "docs/driver/heap.md §10.3"),
	[SIM_ES_HWCTX_FW] = ERR("create_hwctx:map/add/pin", 0, "docs/driver/heap.md §10.3"),
	[SIM_ES_RESTART_HEAP] = ERR("hwctx_restart:map/add", 0, "docs/driver/heap.md §10.3, §7.5"),
	[SIM_ES_SHIM_EXPAND_CAP] = ERR("shim_expand:-ENOSPC 512 MiB", -ENOSPC, "docs/driver/heap.md §10.3"),
	[SIM_RB_HEAP_BO_PR_HANDLE] = RB("create_dev_heap_bo:pr handle deleted", "docs/driver/heap.md §10.1"),
	[SIM_RB_DEV_BO_FREE] = RB("create_dev_bo:dev bo freed", "docs/driver/heap.md §10.2"),
	[SIM_RB_HWCTX_FW] = RB("create_hwctx:err_fw context stopped", "docs/driver/heap.md §10.3, docs/driver/proto.md §5.2"),
	[SIM_RB_HWCTX_SOLVER] = RB("create_hwctx:err_solver columns released", "docs/driver/proto.md §6.2"),
	[SIM_RB_HWCTX_CMDBUF] = RB("create_hwctx:err_cmd cmd bufs freed", "docs/driver/heap.md §10.3"),
	[SIM_RB_HWCTX_ATTACH] = RB("create_hwctx:err_free chunks detached", "docs/driver/heap.md §10.3"),
	[SIM_RB_ATTACH_CHUNK] = RB("hwctx_heap_expand:chunk unpinned", "docs/driver/heap.md §7.2"),
};

/* Which site a heap failure reason is returned through (CREATE_BO DEV / DEV_HEAP). */
static const u8 dev_reason_site[HEAP_R_NR] = {
	[HEAP_R_OK] = SIM_ES_NR,
	[HEAP_R_SIZE_ZERO] = SIM_ES_DEV_BO_SIZE_ZERO,
	[HEAP_R_TOO_BIG] = SIM_ES_DEV_BO_TOO_BIG,
	[HEAP_R_NO_HEAP] = SIM_ES_DEV_BO_NO_HEAP_PR,
	[HEAP_R_C0_UNMAPPED] = SIM_ES_DEV_BO_C0_UNMAPPED_PR,
	[HEAP_R_NO_HOLE] = SIM_ES_DEV_BO_NO_HOLE,
	[HEAP_R_FULL] = SIM_ES_DEV_BO_FULL_PR,
	[HEAP_R_NOT_COMMITTED] = SIM_ES_DEV_BO_NOT_COMMITTED,
	[HEAP_R_NO_CHUNK] = SIM_ES_DEV_BO_NO_CHUNK,
	[HEAP_R_UVA_INVALID] = SIM_ES_DEV_BO_UVA_INVALID,
	[HEAP_R_UVA_NONCONTIG] = SIM_ES_DEV_BO_UVA_NONCONTIG,
	[HEAP_R_DMA_INVALID] = SIM_ES_DEV_BO_DMA_INVALID,
	[HEAP_R_CHUNK_SIZE] = SIM_ES_NR,
	[HEAP_R_NO_EXPAND] = SIM_ES_NR,
	[HEAP_R_OVER_MAX] = SIM_ES_NR,
};

static const u8 chunk_reason_site[HEAP_R_NR] = {
	[HEAP_R_OK] = SIM_ES_NR,
	[HEAP_R_SIZE_ZERO] = SIM_ES_NR,
	[HEAP_R_TOO_BIG] = SIM_ES_NR,
	[HEAP_R_NO_HEAP] = SIM_ES_NR,
	[HEAP_R_C0_UNMAPPED] = SIM_ES_NR,
	[HEAP_R_NO_HOLE] = SIM_ES_NR,
	[HEAP_R_FULL] = SIM_ES_NR,
	[HEAP_R_NOT_COMMITTED] = SIM_ES_NR,
	[HEAP_R_NO_CHUNK] = SIM_ES_NR,
	[HEAP_R_UVA_INVALID] = SIM_ES_NR,
	[HEAP_R_UVA_NONCONTIG] = SIM_ES_NR,
	[HEAP_R_DMA_INVALID] = SIM_ES_NR,
	[HEAP_R_CHUNK_SIZE] = SIM_ES_HEAP_BO_ARGS,
	[HEAP_R_NO_EXPAND] = SIM_ES_HEAP_BO_NO_EXPAND,
	[HEAP_R_OVER_MAX] = SIM_ES_HEAP_BO_OVER_MAX,
};

const char *sim_esite_name(unsigned int site)
{
	return site < SIM_ES_NR ? sim_esites[site].key : "?";
}

unsigned int sim_esite_for_reason(enum heap_reason r, bool dev)
{
	if ((unsigned int)r >= HEAP_R_NR)
		return SIM_ES_NR;
	return dev ? dev_reason_site[r] : chunk_reason_site[r];
}
