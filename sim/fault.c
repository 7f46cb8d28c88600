// SPDX-License-Identifier: MIT
/*
 * fault.c - the fault-site table and the nth/every/probability policies.
 */
#include "sim/fault.h"

#include <errno.h>
#include <string.h>

#define ST_INVALID_PARAM 0x2000004	/* MGMT_ERT_INVALID_PARAM */
#define ST_NOAVAIL 0x2000003		/* MGMT_ERT_NOAVAIL */
#define ST_INVALID_COMMAND 0x4000002

const struct sim_fault_site_desc sim_fault_sites[SIM_FAULT_NR] = {
	[SIM_FAULT_HOST_ALLOC] = { "host_alloc", -ENOMEM, false,
		"kernel object allocation: client at open, DEV BO object" },
	[SIM_FAULT_SHMEM_ALLOC] = { "shmem_alloc", -ENOMEM, false,
		"DEV_HEAP / SHARE backing store" },
	[SIM_FAULT_XA_INSERT] = { "xa_insert", -ENOMEM, false,
		"HEAD chunk xarray insert" },
	[SIM_FAULT_PIN_PAGES] = { "pin_pages", -ENOMEM, false,
		"chunk pin: hwctx attach, job argument, SYNC_BO of a chunk" },
	[SIM_FAULT_IOVA_ALLOC] = { "iova_alloc", -ENOMEM, false,
		"IOVA range at a BO's first open (IOVA mode)" },
	[SIM_FAULT_DMA_MAP] = { "dma_map", -ENOMEM, false,
		"iommu_map at a BO's first open (IOVA mode)" },
	[SIM_FAULT_CARVEOUT_ALLOC] = { "carveout_alloc", -ENOMEM, false,
		"carveout range of a chunk (carveout mode)" },
	[SIM_FAULT_HANDLE_CREATE] = { "handle_create", -ENOMEM, false,
		"GEM handle idr allocation" },
	[SIM_FAULT_MMAP] = { "mmap", -EAGAIN, false,
		"user mmap of a chunk or SHARE BO (MAP_LOCKED over the limit)" },
	[SIM_FAULT_SVA_BIND] = { "sva_bind", -ENODEV, false,
		"iommu_sva_bind_device at open (PASID mode); open returns -EINVAL" },
	[SIM_FAULT_PM_RESUME] = { "pm_resume", -EIO, false,
		"runtime / system resume" },
	[SIM_FAULT_VMAP] = { "vmap", -ENOMEM, false,
		"kernel vmap of a chunk (PR DEV BO flush)" },
	[SIM_FAULT_CHUNK_CREATE] = { "chunk_create", -ENOMEM, false,
		"shim expand(), before its CREATE_BO(DEV_HEAP)" },
	[SIM_FAULT_HWCTX_CREATE] = { "hwctx_create", -ENOMEM, false,
		"hwctx object allocation" },
	[SIM_FAULT_MBOX_TIMEOUT] = { "mbox.timeout", -ETIME, false,
		"MERT leaves one synchronous message unanswered (5 s, channel destroyed)" },
	[SIM_FAULT_MBOX_FULL] = { "mbox.full", -ETIMEDOUT, false,
		"management send finds the x2i ring full" },
	[SIM_FAULT_FW_CREATE_CONTEXT] = { "fw.CREATE_CONTEXT", ST_NOAVAIL, true,
		"CREATE_CONTEXT answered with a status" },
	[SIM_FAULT_FW_DESTROY_CONTEXT] = { "fw.DESTROY_CONTEXT", ST_INVALID_PARAM, true,
		"DESTROY_CONTEXT answered with a status (context leaked)" },
	[SIM_FAULT_FW_MAP_HOST_BUFFER] = { "fw.MAP_HOST_BUFFER", ST_INVALID_PARAM, true,
		"MAP_HOST_BUFFER answered with a status" },
	[SIM_FAULT_FW_ADD_HOST_BUFFER] = { "fw.ADD_HOST_BUFFER", ST_INVALID_PARAM, true,
		"ADD_HOST_BUFFER answered with a status" },
	[SIM_FAULT_FW_CONFIG_CU] = { "fw.CONFIG_CU", ST_INVALID_PARAM, true,
		"CONFIG_CU answered with a status (not checked by the driver)" },
	[SIM_FAULT_FW_EXEC] = { "fw.EXEC", ST_INVALID_COMMAND, true,
		"CHAIN_EXEC_NPU answered with a status (command ERROR)" },
	[SIM_FAULT_FW_GET_APP_HEALTH] = { "fw.GET_APP_HEALTH", ST_INVALID_PARAM, true,
		"health query in the TDR handler" },
	[SIM_FAULT_FW_SUSPEND] = { "fw.SUSPEND", ST_INVALID_PARAM, true,
		"SUSPEND at device stop" },
	[SIM_FAULT_FW_RESUME] = { "fw.RESUME", ST_INVALID_PARAM, true,
		"RESUME at device start" },
	[SIM_FAULT_FW_SET_RUNTIME_CONFIG] = { "fw.SET_RUNTIME_CONFIG", ST_INVALID_PARAM, true,
		"SET_RUNTIME_CONFIG at device start" },
	[SIM_FAULT_SHIM_GET_BO_INFO] = { "shim.get_bo_info", -EFAULT, false,
		"the shim's GET_BO_INFO right after creating a chunk" },
	[SIM_FAULT_SMU_DPM] = { "smu.dpm", -EINVAL, false,
		"the solver's SMU DPM level request after CREATE_CONTEXT at hwctx creation" },
};

/* The scenario vocabulary's site names (scenarios/README.md). */
static const struct {
	const char *alias;
	unsigned int site;
} aliases[] = {
	{ "heap_bo_alloc", SIM_FAULT_SHMEM_ALLOC },
	{ "dev_bo_alloc", SIM_FAULT_HOST_ALLOC },
	{ "iova_map", SIM_FAULT_IOVA_ALLOC },
	{ "pin", SIM_FAULT_PIN_PAGES },
	{ "shim_mmap", SIM_FAULT_MMAP },
	{ "shim_get_bo_info", SIM_FAULT_SHIM_GET_BO_INFO },
	{ "create_context", SIM_FAULT_FW_CREATE_CONTEXT },
	{ "destroy_context", SIM_FAULT_FW_DESTROY_CONTEXT },
	{ "map_host_buffer", SIM_FAULT_FW_MAP_HOST_BUFFER },
	{ "add_host_buffer", SIM_FAULT_FW_ADD_HOST_BUFFER },
	{ "config_cu", SIM_FAULT_FW_CONFIG_CU },
	{ "get_app_health", SIM_FAULT_FW_GET_APP_HEALTH },
	{ "chain_exec_npu", SIM_FAULT_FW_EXEC },
	{ "suspend", SIM_FAULT_FW_SUSPEND },
	{ "resume", SIM_FAULT_FW_RESUME },
	{ "set_runtime_config", SIM_FAULT_FW_SET_RUNTIME_CONFIG },
	{ "set_dpm_level", SIM_FAULT_SMU_DPM },
};

void sim_fault_init(struct sim_fault_state *fs, u64 seed)
{
	memset(fs, 0, sizeof(*fs));
	xrand_seed(&fs->rng, seed ^ 0xfa417fa417ULL);
}

int sim_fault_site_by_name(const char *name)
{
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		if (!strcmp(sim_fault_sites[i].name, name))
			return (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(aliases[i].alias, name))
			return (int)aliases[i].site;
	return -EINVAL;
}

const char *sim_fault_site_alias(unsigned int site)
{
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (aliases[i].site == site)
			return aliases[i].alias;
	return NULL;
}

const char *sim_fault_site_name(unsigned int site)
{
	return site < SIM_FAULT_NR ? sim_fault_sites[site].name : "?";
}

int sim_fault_set(struct sim_fault_state *fs, unsigned int site,
		  const struct sim_fault_policy *pol)
{
	if (site >= SIM_FAULT_NR)
		return -EINVAL;
	if (pol->mode == SIM_FAULT_PROB && pol->den == 0)
		return -EINVAL;
	if ((pol->mode == SIM_FAULT_NTH || pol->mode == SIM_FAULT_EVERY) && pol->n == 0)
		return -EINVAL;
	fs->pol[site] = *pol;
	fs->fired[site] = 0;
	fs->calls[site] = 0;
	return 0;
}

bool sim_fault_hit(struct sim_fault_state *fs, unsigned int site, s64 *value)
{
	const struct sim_fault_policy *p = &fs->pol[site];
	u64 call = ++fs->calls[site];
	bool fire;

	switch (p->mode) {
	case SIM_FAULT_NTH:
		fire = call >= p->n && call - p->n < (p->times ? p->times : 1);
		break;
	case SIM_FAULT_EVERY:
		fire = call % p->n == 0 && (p->times == 0 || fs->fired[site] < p->times);
		break;
	case SIM_FAULT_PROB:
		fire = xrand_chance(&fs->rng, p->num, p->den) &&
		       (p->times == 0 || fs->fired[site] < p->times);
		break;
	case SIM_FAULT_ALWAYS:
		fire = p->times == 0 || fs->fired[site] < p->times;
		break;
	default:
		fire = false;
		break;
	}
	if (!fire)
		return false;
	fs->fired[site]++;
	*value = p->value ? p->value : sim_fault_sites[site].dflt;
	return true;
}

int sim_fault_expected_errno(unsigned int site, s64 value)
{
	if (site >= SIM_FAULT_NR)
		return -EINVAL;
	if (sim_fault_sites[site].fw_status)
		return value < 0 ? -ETIME : -EINVAL;
	if (site == SIM_FAULT_SVA_BIND)
		return -EINVAL;
	return (int)value;
}

int sim_fault_set_counts(struct sim_fault_state *fs, unsigned int site, u64 calls, u64 fired)
{
	if (site >= SIM_FAULT_NR)
		return -EINVAL;
	fs->calls[site] = calls;
	fs->fired[site] = fired;
	return 0;
}
