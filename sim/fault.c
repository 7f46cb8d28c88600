// SPDX-License-Identifier: MIT
/*
 * fault.c - the fault-site table and the nth/every/probability policies.
 */
#include "sim/fault.h"
#include "proto/msg_wire.h"

#include <errno.h>
#include <string.h>

const struct sim_fault_site_desc sim_fault_sites[SIM_FAULT_NR] = {
#define SIM_FAULT_SITE(cname, nm, al, df, op, rt, wh)                                 \
	[SIM_FAULT_##cname] = { .name = nm, .alias = al, .dflt = df, .fw_status = (op) != 0, \
				.opcode = op, .ret = rt, .where = wh },
#include "sim/fault_sites.def"
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
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		if (sim_fault_sites[i].alias && !strcmp(sim_fault_sites[i].alias, name))
			return (int)i;
	return -EINVAL;
}

const char *sim_fault_site_alias(unsigned int site)
{
	return site < SIM_FAULT_NR ? sim_fault_sites[site].alias : NULL;
}

int sim_fault_site_of_opcode(u32 opcode)
{
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		if (sim_fault_sites[i].opcode && sim_fault_sites[i].opcode == opcode)
			return (int)i;
	return -ENOENT;
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
	if (sim_fault_sites[site].fw_status && value < 0)
		return -ETIME;	/* no answer: the mailbox wait times out */
	return sim_fault_sites[site].ret ? sim_fault_sites[site].ret : (int)value;
}

int sim_fault_set_counts(struct sim_fault_state *fs, unsigned int site, u64 calls, u64 fired)
{
	if (site >= SIM_FAULT_NR)
		return -EINVAL;
	fs->calls[site] = calls;
	fs->fired[site] = fired;
	return 0;
}
