// SPDX-License-Identifier: MIT
/*
 * run_viol.c - invariant violations: those the simulator records during
 * ops, sim_check() before closes, after ops (--check-every-op) and at the
 * end, and the runner's own end-of-run checks (no_pins_left,
 * no_live_bos).
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

/*
 * Keep @v as the run's first violation, unless one is kept already; a
 * failing one replaces an allowed one, so that the violation a
 * --check-every-op run stopped at is the one it names.
 */
static void note_violation(struct run_ctx *x, const struct sim_violation *v, bool at_end,
			   bool allowed)
{
	struct run_violation_info *vi = &x->res->violation;

	if (vi->found && (allowed || !x->viol_allowed))
		return;
	x->viol_allowed = allowed;
	vi->found = true;
	vi->number = v->number;
	snprintf(vi->name, sizeof(vi->name), "%s", sim_inv_name(v->number));
	snprintf(vi->why, sizeof(vi->why), "%s", v->why);
	vi->op = at_end || !x->cur_step ? U64_MAX : x->op;
	vi->instance = at_end || !x->cur ? U32_MAX : x->cur->gid;
	vi->loc = at_end || !x->cur_step ? (struct scn_loc){ 0, 0 } : x->cur_step->loc;
}

/*
 * A sim_check() that failed: the named invariant fails; the other named
 * invariants cannot be confirmed from this state (sim_check stops at the
 * first violation), so they fail as "not verified".
 */
static void check_failed(struct run_ctx *x, const struct sim_violation *v, bool at_end)
{
	const struct scn *s = x->scn;
	u32 e = x->nslots;

	note_violation(x, v, at_end, false);
	for (u32 i = 0; i < s->nr_invariants; i++, e++) {
		int k = run_invariant_number(s->invariants[i].name);

		if (k == v->number)
			run_fail_expect(x, e, "violated: %s", v->why);
		else if (k < RUN_INV_NO_PINS)
			run_fail_expect(x, e, "not verified: sim_check stopped at invariant sim.%d (%s) first",
					v->number, sim_inv_name(v->number));
	}
}

/*
 * New violations the simulator recorded during the op, each a failure
 * unless allowed; returns how many failed the run.
 */
u32 run_scan_recorded(struct run_ctx *x)
{
	u32 n = sim_violation_count(x->sim), failed = 0;

	for (; x->viol_seen < n; x->viol_seen++) {
		const struct sim_violation *v = sim_violation_at(x->sim, x->viol_seen);
		const struct scn *s = x->scn;
		u32 e = x->nslots;
		int bad = run_verdict_violation(x, v);

		note_violation(x, v, !x->cur_step, !bad);
		failed += (u32)bad;
		for (u32 i = 0; i < s->nr_invariants; i++, e++) {
			int k = run_invariant_number(s->invariants[i].name);

			if (k == v->number ||
			    (k == RUN_INV_NO_LIVE_BOS && v->number == SIM_INV_DEV_BO_AT_POSTCLOSE))
				run_fail_expect(x, e, "violated: %s", v->why);
		}
	}
	x->res->nr_violations = n;
	return failed;
}

int run_full_check(struct run_ctx *x, bool at_end)
{
	struct sim_violation v;
	int ret = sim_check(x->sim, &v);

	x->res->nr_notes = sim_note_count(x->sim);
	run_verdict_notes(x);
	if (x->res->nr_notes) {
		const struct sim_note *n = sim_note_at(x->sim, 0);

		x->res->note.client = n->client;
		x->res->note.hwctx = n->hwctx;
		x->res->note.chunk = n->chunk;
		x->res->note.sent = n->sent;
		x->res->note.now = n->now;
	}
	if (ret == -EUCLEAN) {
		/* sim_check records what it finds: account it as found here */
		for (u32 i = x->viol_seen; i < sim_violation_count(x->sim); i++)
			run_verdict_violation(x, sim_violation_at(x->sim, i));
		x->viol_seen = sim_violation_count(x->sim);
		x->res->nr_violations = x->viol_seen;
		check_failed(x, &v, at_end);
	}
	return ret;
}

void run_check_end_invariants(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	u64 pins = 0, bos = 0;
	u32 e = x->nslots;

	for (u32 i = 0; i < x->ninst; i++) {
		struct run_metrics m;

		if (!x->inst[i].open)
			continue;
		run_inst_state(x, &x->inst[i], &m);
		pins += m.v[RUN_M_PINS];
		bos += m.v[RUN_M_LIVE_BOS];
	}
	for (u32 i = 0; i < s->nr_invariants; i++, e++) {
		struct run_expect_result *r = &x->res->expects[e];
		int k = run_invariant_number(s->invariants[i].name);

		r->checked++;
		if (k == RUN_INV_NO_PINS && (pins || x->pins_net))
			run_fail_expect(x, e, "%llu chunk pins held at the end; pin events - unpin events = %lld",
					(unsigned long long)pins, (long long)x->pins_net);
		if (k == RUN_INV_NO_LIVE_BOS && bos)
			run_fail_expect(x, e, "%llu DEV BOs live at the end", (unsigned long long)bos);
	}
}

/* cmp_holds - whether "a OP b" holds, given the three-way order of a and b. */
