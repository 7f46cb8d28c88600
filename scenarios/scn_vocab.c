// SPDX-License-Identifier: MIT
/*
 * scn_vocab.c - the built-in vocabulary: names that other modules own and
 * that scenario files refer to.  Each list is what the specifications name
 * today; the simulator modules may later hand the loader their own tables
 * through &struct scn_vocab.
 */
#include "scenarios/scn_priv.h"
#include "sim/bugs.h"
#include "sim/fault.h"

/* Device profiles: heap.md §1, proto.md §8. */
static const char *const devices[] = {
	"npu1", "npu4", "npu5", "npu6", "aie4", NULL,
};

/*
 * Fault sites and bug switches come from the simulator's own tables
 * (sim/fault.c, sim/bugs.c): every stable site name and its scenario
 * alias ("pin" = "pin_pages", "add_host_buffer" = "fw.ADD_HOST_BUFFER"),
 * split into host and firmware sites; every bug switch name.  Built on
 * first use.
 */
static const char *host_fault_sites[2 * SIM_FAULT_NR + 1];
static const char *fw_fault_sites[2 * SIM_FAULT_NR + 1];
static const char *bugs[SIM_BUG_NR + 1];

static void sim_names(void)
{
	size_t nh = 0, nf = 0;

	for (unsigned int i = 0; i < SIM_FAULT_NR; i++) {
		const char *alias = sim_fault_site_alias(i);
		const char **list = sim_fault_sites[i].fw_status ? fw_fault_sites : host_fault_sites;
		size_t *n = sim_fault_sites[i].fw_status ? &nf : &nh;

		list[(*n)++] = sim_fault_sites[i].name;
		if (alias)
			list[(*n)++] = alias;
	}
	host_fault_sites[nh] = NULL;
	fw_fault_sites[nf] = NULL;
	for (unsigned int i = 0; i < SIM_BUG_NR; i++)
		bugs[i] = sim_bugs[i].name;
	bugs[SIM_BUG_NR] = NULL;
}

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
	"null_client_deref",		/* K3 / K15: an address helper read a NULL client */
	"flush_outside_bo",		/* U2: a shim flush left its BO */
	"jobs_in_attached_chunks",	/* §14 items 10-12: job BOs in attached chunks */
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
	{ "jobs_submitted", SCN_METRIC_COUNT },
	{ "jobs_completed", SCN_METRIC_COUNT },
	{ "jobs_aborted", SCN_METRIC_COUNT },
	{ "jobs_timed_out", SCN_METRIC_COUNT },
	{ "fw_faults", SCN_METRIC_COUNT },
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
	if (!bugs[0])
		sim_names();
	return &default_vocab;
}
