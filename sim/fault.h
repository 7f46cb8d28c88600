/* SPDX-License-Identifier: MIT */
/*
 * fault.h - named fault sites and a programmable failure policy.
 *
 * Every place where the real stack can fail calls sim_fault_check() with
 * its site.  The call counts (per site, from 1) and, when the site's policy
 * says so, returns true and the errno (negative) or firmware status
 * (positive) the real site would produce.  Policies: the nth call (for
 * @times calls), every nth call, a seeded probability, always.  scenarios/fail_nth.h
 * enumerates them systematically (Linux fail-nth style).
 */
#ifndef XDNASIM_SIM_FAULT_H
#define XDNASIM_SIM_FAULT_H

#include "common/compat.h"
#include "common/rand.h"

/* The fault sites: sim/fault_sites.def. */
enum sim_fault_site {
#define SIM_FAULT_SITE(cname, name, alias, dflt, opcode, ret, where) SIM_FAULT_##cname,
#include "sim/fault_sites.def"
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

/* One row of sim/fault_sites.def (its comment says what each field means). */
struct sim_fault_site_desc {
	const char *name;	/* stable: "pin_pages", "fw.MAP_HOST_BUFFER", ... */
	const char *alias;	/* the scenario vocabulary's other name, or NULL */
	s64 dflt;		/* negative errno, or positive firmware status */
	bool fw_status;		/* @dflt is a firmware status (@opcode != 0) */
	u32 opcode;		/* firmware sites: the message answered */
	int ret;		/* the driver's errno; 0 = the injected one */
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
 * at @site into: the site's RET column of sim/fault_sites.def (firmware
 * status → -EINVAL, SVA bind → -EINVAL), no firmware answer → -ETIME, else
 * the injected errno.  -EINVAL for an unknown site.
 */
int sim_fault_expected_errno(unsigned int site, s64 value);

/*
 * sim_fault_set_counts - resume @site's counting as if @calls calls had been
 * made and @fired injected under its current policy (a scenario runner
 * swapping client-scoped policies in and out).  Returns 0 or -EINVAL.
 */
int sim_fault_set_counts(struct sim_fault_state *fs, unsigned int site, u64 calls, u64 fired);

const char *sim_fault_site_name(unsigned int site);

/* sim_fault_site_of_opcode - the firmware site failing @opcode, or -ENOENT. */
int sim_fault_site_of_opcode(u32 opcode);

/* sim_fault_site_alias - the scenario vocabulary's name of @site, or NULL. */
const char *sim_fault_site_alias(unsigned int site);

#endif /* XDNASIM_SIM_FAULT_H */
