/* SPDX-License-Identifier: MIT */
/*
 * esite.h - the driver's error-return sites and rollback paths
 * (docs/driver/heap.md §10, docs/driver/proto.md §5), registered in one table the driver model
 * itself uses: each site returns through sim_esite(), which counts the hit.
 * The coverage ledger (reports/) builds its "err:" and "rollback:" keys
 * from this table, so the key universe cannot drift from the code.
 *
 * Also here: the state-cell counters (chunks committed × hwctx attach
 * level) observed after every op.
 */
#ifndef XDNASIM_SIM_ESITE_H
#define XDNASIM_SIM_ESITE_H

#include "common/compat.h"
#include "alloc/heap.h"
#include "sim/fault.h"

enum sim_esite {
	/* CREATE_BO(DEV_HEAP), docs/driver/heap.md §10.1 */
	SIM_ES_HEAP_BO_ARGS = 0,
	SIM_ES_HEAP_BO_BACKING,
	SIM_ES_HEAP_BO_NO_EXPAND,
	SIM_ES_HEAP_BO_OVER_MAX,
	SIM_ES_HEAP_BO_XA,
	SIM_ES_HEAP_BO_HANDLE_HEAD,
	SIM_ES_HEAP_BO_HANDLE_PR,
	SIM_ES_HEAP_BO_PM_PR,
	SIM_ES_HEAP_BO_BCAST_PR,
	/* CREATE_BO(DEV), docs/driver/heap.md §10.2 */
	SIM_ES_DEV_BO_FLAGS,
	SIM_ES_DEV_BO_OBJ,
	SIM_ES_DEV_BO_SIZE_ZERO,
	SIM_ES_DEV_BO_TOO_BIG,
	SIM_ES_DEV_BO_NO_HOLE,
	SIM_ES_DEV_BO_NO_CHUNK,
	SIM_ES_DEV_BO_NOT_COMMITTED,
	SIM_ES_DEV_BO_UVA_INVALID,
	SIM_ES_DEV_BO_DMA_INVALID,
	SIM_ES_DEV_BO_UVA_NONCONTIG,
	SIM_ES_DEV_BO_NO_HEAP_PR,
	SIM_ES_DEV_BO_C0_UNMAPPED_PR,
	SIM_ES_DEV_BO_FULL_PR,
	SIM_ES_DEV_BO_UPDATE_HEAP,
	SIM_ES_DEV_BO_CHUNK_LIST,
	SIM_ES_DEV_BO_HANDLE,
	/* Others, docs/driver/heap.md §10.3 */
	SIM_ES_SYNC_NOENT,
	SIM_ES_SYNC_BOUNDS,
	SIM_ES_SYNC_VMAP,
	SIM_ES_SYNC_FROM_DEVICE,
	SIM_ES_PRIME_EXPORT_DEV,
	SIM_ES_HWCTX_NO_CHUNK0,
	SIM_ES_HWCTX_CMDBUF,
	SIM_ES_HWCTX_FW,
	SIM_ES_RESTART_HEAP,
	SIM_ES_SHIM_EXPAND_CAP,
	/* Rollback paths */
	SIM_RB_HEAP_BO_PR_HANDLE,
	SIM_RB_DEV_BO_FREE,
	SIM_RB_HWCTX_FW,
	SIM_RB_HWCTX_SOLVER,
	SIM_RB_HWCTX_CMDBUF,
	SIM_RB_HWCTX_ATTACH,
	SIM_RB_ATTACH_CHUNK,
	SIM_ES_NR
};

enum sim_esite_kind {
	SIM_ESK_ERR = 0,	/* an error return */
	SIM_ESK_ROLLBACK,	/* an unwind path */
};

/**
 * struct sim_esite_desc - one registered site.
 * @key: stable ledger key, "function:-ERRNO cause" (docs/driver/peers.md §6 form).
 * @err: the errno the spec gives (negative), 0 when the site passes on
 *	the error of a step ("that error").
 * @kind: enum sim_esite_kind.
 * @spec: where the spec states it.
 */
struct sim_esite_desc {
	const char *key;
	int err;
	u8 kind;
	const char *spec;
};

extern const struct sim_esite_desc sim_esites[SIM_ES_NR];

/* Cells: committed chunks 0..8 × (no hwctx, attach level 0..8). */
#define SIM_CELL_CHUNKS 9
#define SIM_CELL_ATTACH 10	/* index 0 = client without hwctx, a + 1 otherwise */

/* Room for proto's message and status tables (sim_create checks it). */
#define SIM_COV_MSGS 64
#define SIM_COV_STATUSES 64

/**
 * struct sim_cov - coverage counters kept by the driver model, counted as
 * things happen (never from the bounded event log, which forgets).
 * @esite: hits per enum sim_esite.
 * @cell: observations of (committed chunks, attach level) after each op,
 *	one per client without hwctx and one per hwctx.
 * @cell_over: observations beyond the cell table (more than 8 chunks).
 * @tx: messages sent, per index in proto's msg_descs[].
 * @rx: responses received, per index in msg_descs[].
 * @status: response statuses, per index in proto's fw_statuses[].
 * @fault: injected faults, per enum sim_fault_site.
 */
struct sim_cov {
	u64 esite[SIM_ES_NR];
	u64 cell[SIM_CELL_CHUNKS][SIM_CELL_ATTACH];
	u64 cell_over;
	u64 tx[SIM_COV_MSGS];
	u64 rx[SIM_COV_MSGS];
	u64 status[SIM_COV_STATUSES];
	u64 fault[SIM_FAULT_NR];
};

/* sim_esite_name - the key of @site, "?" when out of range. */
const char *sim_esite_name(unsigned int site);

/*
 * sim_esite_for_reason - the CREATE_BO site a heap_bo_alloc() (@dev) or
 * heap_chunk_add() (!@dev) failure with reason @r belongs to; SIM_ES_NR
 * when the reason has no site (HEAP_R_OK).
 */
unsigned int sim_esite_for_reason(enum heap_reason r, bool dev);

#endif /* XDNASIM_SIM_ESITE_H */
