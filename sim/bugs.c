// SPDX-License-Identifier: MIT
/*
 * bugs.c - the historical-bug switch table (docs/driver/heap.md §12).  The branches
 * that re-create each bug are marked "sim_bug(sim, SIM_BUG_...)" in the
 * model files; docs/faults.md lists them with their scenarios.
 */
#include "sim/bugs.h"

#include <errno.h>
#include <string.h>

#define REG "scenarios/regressions/"

const struct sim_bug_desc sim_bugs[SIM_BUG_NR] = {
	[SIM_BUG_K2_UNCHECKED_CLFLUSH_RANGE] = {
		"k2-unchecked-clflush-range", "K2", "22952daa", REVS_LIST,
		"DEV BO flush range taken from the user offset/size without a bounds check",
		REG "k2_unchecked_clflush_range.yaml" },
	[SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE] = {
		"k3-client-null-after-close", "K3", "f2c31c79", REVS_LIST,
		"last handle close cleared chunk->client; a restart before postclose dereferenced it",
		REG "k3_client_null_after_close.yaml" },
	[SIM_BUG_K4_UNMAPPED_CHUNK_ACCEPTED] = {
		"k4-unmapped-chunk-accepted", "K4", "aba33e95", REVS_XARRAY,
		"DEV BO placement validated only chunk 0's mapping; a BO in an unmapped chunk was accepted",
		REG "k4_unmapped_chunk_accepted.yaml" },
	[SIM_BUG_K5_EAGAIN_IN_IOVA_MODE] = {
		"k5-eagain-in-iova-mode", "K5/K8", "da5a3963",
		REVS_XARRAY & ~REV_BIT(REV_UPSTREAM) /* upstream records the uva in every mode */,
		"chunk uva recorded for PASID only but required in every mode: IOVA/PA DEV BOs always EAGAIN",
		REG "k5_eagain_in_iova_mode.yaml" },
	[SIM_BUG_K6_ADD_HOST_BUFFER_UNGATED] = {
		"k6-add-host-buffer-ungated", "K6(iv)", "87217ccf", REVS_XARRAY,
		"ADD_HOST_BUFFER sent to firmware without the ADD_HOST_BUFFER feature (EINVAL, not EOPNOTSUPP)",
		REG "k6_add_host_buffer_ungated.yaml" },
	[SIM_BUG_K9_DEV_BO_EXPORT] = {
		"k9-dev-bo-export", "K9", "23ce43b2", REVS_ALL,
		"DEV BOs (no pages of their own) could be exported as dma-bufs",
		NULL /* the scenario language has no PRIME step: tests/faults only */ },
	[SIM_BUG_K10_OPEN_WITHOUT_DMA_MODE] = {
		"k10-open-without-dma-mode", "K10", "36618c58", REVS_ALL,
		"open succeeded with neither PASID, IOVA nor a carveout after the SVA bind failed",
		REG "k10_open_without_dma_mode.yaml" },
	[SIM_BUG_K11_OPEN_REF_LEAK_ON_MAP_FAILURE] = {
		"k11-open-ref-leak-on-map-failure", "K11", "52a6cc11", REVS_XARRAY,
		"a failed DMA map on a chunk's first open left open_ref = 1 and the client pointer set",
		REG "k11_open_ref_leak_on_map_failure.yaml" },
	[SIM_BUG_K12_UVA_CLEARED_ON_ANY_MUNMAP] = {
		"k12-uva-cleared-on-any-munmap", "K12", "e2d8f832", REVS_XARRAY,
		"unmapping one of two mappings of a chunk reset its uva while the other was still registered",
		REG "k12_uva_cleared_on_any_munmap.yaml" },
	[SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS] = {
		"k15-client-deref-in-addr-helpers", "K15", "99a6c94f", REVS_XARRAY,
		"address helpers read chunk->client, NULL after the last handle close; restart oopsed",
		REG "k15_client_deref_in_addr_helpers.yaml" },
	[SIM_BUG_K21_CU_HANDLES_RERESOLVED] = {
		"k21-cu-handles-reresolved", "K21", "5d268cc8",
		/* PR #1705 frees the range at GEM_CLOSE anyway: the fixed layout is gone */
		REVS_ALL & ~(REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM) | REV_BIT(REV_PR1710)),
		"CONFIG_CU kept user handles, no BO references; GEM_CLOSE freed the PDI range, restart failed",
		REG "k21_cu_handles_reresolved.yaml" },
	[SIM_BUG_K22_NO_RESET_ESCALATION] = {
		"k22-no-reset-escalation", "K22", "5cbecf88",
		/*
		 * the list designs predate 5cbecf88; its scenario's marks are the xarray
		 * flows; PR #1710 replaces the handler the switch patches (aie2_tdr.c)
		 */
		REVS_XARRAY & ~REV_BIT(REV_PR1710),
		"a job timeout with dead firmware did not escalate to an NPU power-cycle",
		REG "k22_no_reset_escalation.yaml" },
	[SIM_BUG_U1_SINGLE_RETRY] = {
		"u1-single-retry", "U1", "4011c07c", REVS_ALL,
		"shim retried once on ENOMEM (expanding by the BO size), never on EAGAIN",
		REG "u1_single_retry.yaml" },
	[SIM_BUG_U2_UNBOUNDED_SHIM_SYNC] = {
		"u2-unbounded-shim-sync", "U2", "5056bd72", REVS_ALL,
		"shim sync bounds check offset + size > bo size wrapped around 2^64",
		REG "u2_unbounded_shim_sync.yaml" },
};

int sim_bug_by_name(const char *name)
{
	for (unsigned int i = 0; name && i < SIM_BUG_NR; i++)
		if (!strcmp(sim_bugs[i].name, name))
			return (int)i;
	return -EINVAL;
}

const char *sim_bug_name(unsigned int b)
{
	return b < SIM_BUG_NR ? sim_bugs[b].name : "?";
}
