// SPDX-License-Identifier: MIT
/*
 * run_faults.c - a scenario's fault rules on the simulator's fault sites:
 * the policy of each rule, one rule per site, client-scoped rules swapped
 * in while their client's instances run.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

static int fault_policy(struct run_ctx *x, const struct scn_fault *f,
			struct sim_fault_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	switch (f->trigger) {
	case SCN_TRIGGER_NTH:
		pol->mode = SIM_FAULT_NTH;
		pol->n = f->n;
		pol->times = 1;
		break;
	case SCN_TRIGGER_EVERY:
		pol->mode = SIM_FAULT_EVERY;
		pol->n = f->n;
		pol->times = f->times;
		break;
	case SCN_TRIGGER_PROBABILITY:
		pol->mode = SIM_FAULT_PROB;
		pol->den = 1ULL << 32;
		pol->num = (u64)(f->probability * (double)pol->den);
		pol->times = f->times;
		break;
	}
	if (f->firmware) {
		if (f->timeout)
			pol->value = -ETIME;
		else if (f->status)
			pol->value = f->status;
		else
			return run_error(x, f->status_loc.line ? f->status_loc : f->loc,
					 "firmware status SUCCESS is not a fault");
	} else {
		pol->value = -(s64)f->err;
	}
	return 0;
}

static bool scoped_applies(const struct run_scoped_fault *sf, const struct run_inst *in)
{
	return in && in->client == &in->x->scn->clients[sf->f->client_id];
}

/*
 * run_scoped_faults_switch - make @in the instance whose client-scoped
 * faults are programmed: rules of the previous owner are suspended (their
 * counts saved), rules of @in resumed where they stopped.
 */
int run_scoped_faults_switch(struct run_ctx *x, struct run_inst *in)
{
	struct run_inst *old = x->scoped_owner == RUN_NONE ? NULL : &x->inst[x->scoped_owner];
	static const struct sim_fault_policy off = { .mode = SIM_FAULT_OFF };
	int ret;

	if (old == in)
		return 0;
	for (u32 i = 0; i < x->nscoped; i++) {
		struct run_scoped_fault *sf = &x->scoped[i];
		struct sim_fault_policy pol;
		bool was = scoped_applies(sf, old), now = scoped_applies(sf, in);

		if (was == now)
			continue;
		if (was) {
			sf->calls = sim_fault_calls(x->sim, sf->f->site);
			sf->fired = sim_fault_fired(x->sim, sf->f->site);
			ret = sim_fault_program(x->sim, sf->f->site, &off);
		} else {
			ret = fault_policy(x, sf->f, &pol);
			if (!ret)
				ret = sim_fault_program_at(x->sim, sf->f->site, &pol, sf->calls,
							   sf->fired);
		}
		if (ret)
			return ret;
	}
	x->scoped_owner = in->gid;
	return 0;
}

int run_faults_program(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	int sites[SIM_FAULT_NR];
	int ret;

	for (u32 i = 0; i < ARRAY_SIZE(sites); i++)
		sites[i] = -1;
	x->scoped = calloc(s->nr_faults ? s->nr_faults : 1, sizeof(*x->scoped));
	if (!x->scoped)
		return -ENOMEM;
	for (u32 i = 0; i < s->nr_faults; i++) {
		const struct scn_fault *f = &s->faults[i];
		struct sim_fault_policy pol;
		int site = sim_fault_site_by_name(f->site);

		if (site < 0)
			return run_error(x, f->loc, "fault site '%s' is not a simulator site",
					 f->site);
		if (sim_fault_sites[site].fw_status != f->firmware)
			return run_error(x, f->loc, "fault site '%s' is a %s site in the simulator",
					 f->site, f->firmware ? "host" : "firmware");
		if (sites[site] >= 0)
			return run_error(x, f->loc,
					 "fault site '%s' already has a rule (line %u); one rule per site",
					 f->site, s->faults[sites[site]].loc.line);
		sites[site] = (int)i;
		ret = fault_policy(x, f, &pol);
		if (ret)
			return ret;
		if (f->client) {
			x->scoped[x->nscoped++].f = f;
			continue;
		}
		ret = sim_fault_program(x->sim, f->site, &pol);
		if (ret)
			return run_error(x, f->loc, "cannot program fault site '%s': %s", f->site,
					 xerrname(ret));
	}
	return 0;
}

