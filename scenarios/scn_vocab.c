// SPDX-License-Identifier: MIT
/*
 * scn_vocab.c - the built-in vocabulary: names that other modules own and
 * that scenario files refer to.  Each list is what the specifications name
 * today; the simulator modules may later hand the loader their own tables
 * through &struct scn_vocab.
 */
#include "scenarios/scn_priv.h"

/* Device profiles: heap.md §1, proto.md §8. */
static const char *const devices[] = {
	"npu1", "npu4", "npu5", "npu6", "aie4", NULL,
};

/*
 * Host-side fault sites: the driver and shim steps heap.md §5, §7 and §10
 * name as able to fail.
 */
static const char *const host_fault_sites[] = {
	"heap_bo_alloc",	/* backing object of CREATE_BO(DEV_HEAP) (§5.2 step 2) */
	"dev_bo_alloc",		/* DEV BO object allocation, ENOMEM (§5.4 step 2) */
	"xa_insert",		/* chunk xarray insert (§5.2 step 3c) */
	"handle_create",	/* GEM handle creation (§5.2 step 5, §5.4 step 6) */
	"iova_map",		/* DMA map at first open, IOVA mode (§3, K11) */
	"pin",			/* shmem pin of a chunk (§5.9, §7.1, §7.2) */
	"pm_resume",		/* runtime PM resume-get (§7.2) */
	"vmap",			/* kernel vmap of a chunk (§5.7) */
	"sva_bind",		/* PASID bind at open (§5.1, K10) */
	"shim_mmap",		/* the shim's mmap of a new chunk (§5.6, §14 item 2) */
	"shim_get_bo_info",	/* the shim's GET_BO_INFO after CREATE_BO (§5.6) */
	NULL,
};

/* Firmware messages a fault can answer with a status (proto.md §3.1). */
static const char *const fw_fault_sites[] = {
	"create_context",
	"destroy_context",
	"map_host_buffer",
	"add_host_buffer",
	"config_cu",
	"get_app_health",
	"chain_exec_npu",
	"sync_bo",
	"suspend",
	"resume",
	"set_runtime_config",
	NULL,
};

/* Firmware status codes (proto.md §3.2). */
static const struct scn_status_def fw_statuses[] = {
	{ "SUCCESS", 0x0000000 },
	{ "AIE_SATURATION", 0x1000001 },
	{ "AIE_FP", 0x1000002 },
	{ "AIE_STREAM", 0x1000003 },
	{ "AIE_ACCESS", 0x1000004 },
	{ "AIE_BUS", 0x1000005 },
	{ "AIE_INSTRUCTION", 0x1000006 },
	{ "AIE_ECC", 0x1000007 },
	{ "AIE_LOCK", 0x1000008 },
	{ "AIE_DMA", 0x1000009 },
	{ "AIE_MEM_PARITY", 0x100000A },
	{ "AIE_PWR_CFG", 0x100000B },
	{ "AIE_BACKTRACK", 0x100000C },
	{ "MGMT_ERT_SELF_TEST_FAILURE", 0x2000001 },
	{ "MGMT_ERT_HASH_MISMATCH", 0x2000002 },
	{ "MGMT_ERT_NOAVAIL", 0x2000003 },
	{ "MGMT_ERT_INVALID_PARAM", 0x2000004 },
	{ "MGMT_ERT_ENTER_SUSPEND_FAILURE", 0x2000005 },
	{ "MGMT_ERT_BUSY", 0x2000006 },
	{ "MGMT_ERT_APPLICATION_ACTIVE", 0x2000007 },
	{ "MGMT_ERT_DRAM_BUFFER_SIZE_INVALID", 0x2000008 },
	{ "APP_ERT_FIRST_ERROR", 0x3000001 },
	{ "APP_INVALID_INSTR", 0x3000002 },
	{ "APP_LOAD_PDI_FAIL", 0x3000003 },
	{ "INVALID_INPUT_BUFFER", 0x4000001 },
	{ "INVALID_COMMAND", 0x4000002 },
	{ "INVALID_PARAM", 0x4000003 },
	{ "PDI_REG_FAILED", 0x4000004 },
	{ "PDI_UNREG_FAILED", 0x4000005 },
	{ "INVALID_OPERATION", 0x4000006 },
	{ "ASYNC_EVENT_MSGS_FULL", 0x4000007 },
	{ "DEBUG_BO_CONFIG_FAILED", 0x4000008 },
	{ "PROPERTY_UPDATE_FAILED", 0x400000A },
	{ "ACTIVE_APP_ERROR", 0x400000B },
	{ NULL, 0 },
};

/*
 * Historical-bug switches: the fixed defects of heap.md §12 a scenario can
 * turn back on.  Provisional names; the bug-injection issue owns the list.
 */
static const char *const bugs[] = {
	"unchecked_dev_bo_flush",	/* K2 22952daa */
	"chunk_client_cleared_on_close",/* K3 f2c31c79 */
	"predicted_chunk_uva",		/* K4 aba33e95 */
	"uva_recorded_pasid_only",	/* K5 6996e230 */
	"uva_checked_in_all_modes",	/* K8 da5a3963 */
	"dev_bo_export",		/* K9 23ce43b2 */
	"open_ref_leak_on_map_failure",	/* K11 52a6cc11 */
	"cu_bo_handles_reresolved",	/* K21 5d268cc8 */
	"unbounded_shim_sync",		/* U2 5056bd72 */
	NULL,
};

/* End-state invariants: heap.md §11 (1-10) plus the end-of-run checks. */
static const char *const invariants[] = {
	"chunk_addresses",		/* §11.1 */
	"chunks_append_only",		/* §11.2 */
	"dev_bo_in_committed",		/* §11.3 */
	"heap_usage_matches",		/* §11.4 */
	"chunk_refcounts",		/* §11.5 */
	"fw_host_buffers_match",	/* §11.6 */
	"watermarks_current",		/* §11.7 */
	"new_hwctx_watermark",		/* §11.8 */
	"pasid_contiguous",		/* §11.9 */
	"no_invalid_fw_addr",		/* §11.10 */
	"no_pins_left",			/* peers.md §4: pins outstanding = 0 */
	"no_live_bos",			/* every DEV BO freed at the end */
	"mm_check",			/* the range allocator's own checker */
	NULL,
};

/* Metrics: issue 3's list and peers.md §4. */
static const struct scn_metric_def metrics[] = {
	{ "committed", SCN_METRIC_BYTES },
	{ "live", SCN_METRIC_BYTES },
	{ "requested", SCN_METRIC_BYTES },
	{ "free_committed", SCN_METRIC_BYTES },
	{ "largest_hole", SCN_METRIC_BYTES },
	{ "external_fragmentation", SCN_METRIC_RATIO },
	{ "hole_count", SCN_METRIC_COUNT },
	{ "alignment_waste", SCN_METRIC_BYTES },
	{ "expansions", SCN_METRIC_COUNT },
	{ "fragmentation_induced_expansions", SCN_METRIC_COUNT },
	{ "premature_oom", SCN_METRIC_COUNT },
	{ "peak_committed", SCN_METRIC_BYTES },
	{ "peak_live", SCN_METRIC_BYTES },
	{ "peak_ratio", SCN_METRIC_RATIO },
	{ "cross_chunk_bos", SCN_METRIC_COUNT },
	{ "search_cost_max", SCN_METRIC_COUNT },
	{ "search_cost_total", SCN_METRIC_COUNT },
	{ "chunks", SCN_METRIC_COUNT },
	{ "live_bos", SCN_METRIC_COUNT },
	{ "failures", SCN_METRIC_COUNT },
	{ "map_host_buffer_msgs", SCN_METRIC_COUNT },
	{ "add_host_buffer_msgs", SCN_METRIC_COUNT },
	{ "pins", SCN_METRIC_COUNT },
	{ "hwctxs", SCN_METRIC_COUNT },
	{ NULL, SCN_METRIC_COUNT },
};

static const struct scn_vocab default_vocab = {
	.devices = devices,
	.host_fault_sites = host_fault_sites,
	.fw_fault_sites = fw_fault_sites,
	.fw_statuses = fw_statuses,
	.bugs = bugs,
	.invariants = invariants,
	.metrics = metrics,
};

const struct scn_vocab *scn_default_vocab(void)
{
	return &default_vocab;
}
