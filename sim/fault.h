/* SPDX-License-Identifier: MIT */
/*
 * fault.h - named fault sites and a programmable failure policy.
 *
 * Every place where the real stack can fail calls sim_fault_check() with
 * its site.  The call counts (per site, from 1) and, when the site's policy
 * says so, returns true and the errno (negative) or firmware status
 * (positive) the real site would produce.  Policies: the nth call (for
 * @times calls), every nth call, a seeded probability, always.  sim/fail_nth.h
 * enumerates them systematically (Linux fail-nth style).
 */
#ifndef XDNASIM_SIM_FAULT_H
#define XDNASIM_SIM_FAULT_H

#include "common/compat.h"
#include "common/rand.h"

enum sim_fault_site {
	SIM_FAULT_HOST_ALLOC = 0,	/* kernel object allocation: -ENOMEM */
	SIM_FAULT_SHMEM_ALLOC,		/* DEV_HEAP backing store: -ENOMEM */
	SIM_FAULT_XA_INSERT,		/* chunk xarray insert: -ENOMEM */
	SIM_FAULT_PIN_PAGES,		/* shmem pin: -ENOMEM */
	SIM_FAULT_IOVA_ALLOC,		/* IOVA range allocation: -ENOMEM */
	SIM_FAULT_DMA_MAP,		/* iommu_map of a BO: -ENOMEM */
	SIM_FAULT_CARVEOUT_ALLOC,	/* carveout range: -ENOMEM */
	SIM_FAULT_HANDLE_CREATE,	/* GEM handle idr: -ENOMEM */
	SIM_FAULT_MMAP,			/* user mmap (MAP_LOCKED over memlock): -EAGAIN */
	SIM_FAULT_SVA_BIND,		/* iommu_sva_bind_device at open: -ENODEV */
	SIM_FAULT_PM_RESUME,		/* runtime PM resume: -EIO */
	SIM_FAULT_VMAP,			/* kernel vmap of a chunk: -ENOMEM */
	SIM_FAULT_CHUNK_CREATE,		/* shim expand() before its CREATE_BO(DEV_HEAP): -ENOMEM */
	SIM_FAULT_HWCTX_CREATE,		/* hwctx allocation: -ENOMEM */
	SIM_FAULT_MBOX_TIMEOUT,		/* MERT does not answer a sync message: -ETIME */
	SIM_FAULT_MBOX_FULL,		/* x2i ring full: -ETIMEDOUT (UP) */
	SIM_FAULT_FW_CREATE_CONTEXT,	/* firmware status answered ... */
	SIM_FAULT_FW_DESTROY_CONTEXT,
	SIM_FAULT_FW_MAP_HOST_BUFFER,
	SIM_FAULT_FW_ADD_HOST_BUFFER,
	SIM_FAULT_FW_CONFIG_CU,
	SIM_FAULT_FW_EXEC,
	SIM_FAULT_FW_GET_APP_HEALTH,
	SIM_FAULT_FW_SUSPEND,
	SIM_FAULT_FW_RESUME,
	SIM_FAULT_FW_SET_RUNTIME_CONFIG,
	SIM_FAULT_SHIM_GET_BO_INFO,	/* the shim's GET_BO_INFO after a chunk: -EFAULT */
	SIM_FAULT_SMU_DPM,		/* the solver's SMU DPM request at hwctx load: -EINVAL */
	SIM_FAULT_NR
};

enum sim_fault_mode {
	SIM_FAULT_OFF = 0,
	SIM_FAULT_NTH,		/* fail calls @n .. @n + max(@times, 1) - 1 */
	SIM_FAULT_EVERY,	/* fail every @n-th call */
	SIM_FAULT_PROB,		/* fail with probability @num / @den (sim seed) */
	SIM_FAULT_ALWAYS,
};

struct sim_fault_policy {
	enum sim_fault_mode mode;
	u64 n;
	u64 num, den;
	u64 times;		/* EVERY/PROB/ALWAYS: 0 = unlimited */
	s64 value;		/* 0 = the site's default */
};

struct sim_fault_state {
	struct sim_fault_policy pol[SIM_FAULT_NR];
	u64 calls[SIM_FAULT_NR];
	u64 fired[SIM_FAULT_NR];
	struct xrand rng;
};

struct sim_fault_site_desc {
	const char *name;	/* stable: "pin_pages", "fw.MAP_HOST_BUFFER", ... */
	s64 dflt;		/* negative errno, or positive firmware status */
	bool fw_status;		/* @dflt is a firmware status */
	const char *where;	/* the driver / shim step it fails */
};

extern const struct sim_fault_site_desc sim_fault_sites[SIM_FAULT_NR];

/* sim_fault_init - no policy, zero counters, @seed for PROB. */
void sim_fault_init(struct sim_fault_state *fs, u64 seed);

/*
 * sim_fault_site_by_name - site number, or -EINVAL.  Also accepts the
 * scenario vocabulary's names (scenarios/README.md: "pin", "iova_map",
 * "add_host_buffer", ...) as aliases.
 */
int sim_fault_site_by_name(const char *name);

/*
 * sim_fault_set - program @site; its call counter restarts at 0, so NTH
 * and EVERY count the calls made after programming.
 * Returns: 0; -EINVAL for an unknown site or PROB with @den 0.
 */
int sim_fault_set(struct sim_fault_state *fs, unsigned int site,
		  const struct sim_fault_policy *pol);

/*
 * Firmware sites: a positive value is the status answered; a negative
 * one (e.g. -ETIME) means the firmware leaves that message unanswered.
 *
 * sim_fault_hit - count one call of @site; true when the policy fails it,
 * with the value to inject in @value.
 */
bool sim_fault_hit(struct sim_fault_state *fs, unsigned int site, s64 *value);

/*
 * sim_fault_expected_errno - the errno the driver turns an injected @value
 * at @site into (firmware status → -EINVAL, no answer → -ETIME, SVA bind
 * → -EINVAL, host errno unchanged).
 */
int sim_fault_expected_errno(unsigned int site, s64 value);

/*
 * sim_fault_set_counts - resume @site's counting as if @calls calls had been
 * made and @fired injected under its current policy (a scenario runner
 * swapping client-scoped policies in and out).  Returns 0 or -EINVAL.
 */
int sim_fault_set_counts(struct sim_fault_state *fs, unsigned int site, u64 calls, u64 fired);

const char *sim_fault_site_name(unsigned int site);

/* sim_fault_site_alias - the scenario vocabulary's name of @site, or NULL. */
const char *sim_fault_site_alias(unsigned int site);

#endif /* XDNASIM_SIM_FAULT_H */
