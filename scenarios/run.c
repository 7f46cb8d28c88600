// SPDX-License-Identifier: MIT
/*
 * run.c - run_scenario(): device set-up, faults, the schedule of client
 * instances (scenarios/README.md "Ordering"), per-op bookkeeping and every
 * expectation.  The operations themselves are in run_ops.c, the metric
 * values in run_metrics.c.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "sim/fail_nth.h"

const char *run_status_name(enum run_status s)
{
	switch (s) {
	case RUN_PASS:
		return "pass";
	case RUN_FAIL:
		return "fail";
	default:
		return "error";
	}
}

int run_parse_design(const char *s, enum scn_design *d)
{
	for (int i = 0; i < SCN_DESIGN_COUNT; i++) {
		if (!strcmp(s, scn_design_name((enum scn_design)i))) {
			*d = (enum scn_design)i;
			return 0;
		}
	}
	return -EINVAL;
}

int run_parse_mode(const char *s, enum scn_mode *m)
{
	for (int i = 0; i < SCN_MODE_COUNT; i++) {
		if (!strcmp(s, scn_mode_name((enum scn_mode)i))) {
			*m = (enum scn_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int run_error(struct run_ctx *x, struct scn_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int run_error(struct run_ctx *x, struct scn_loc loc, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(x->res->error, sizeof(x->res->error), "%s:%u:%u: %s", x->scn->file,
		 loc.line ? loc.line : 1, loc.column ? loc.column : 1, msg);
	x->res->status = RUN_ERROR;
	return -EINVAL;
}

/* --- expectations ----------------------------------------------------- */

static int expect_add(struct run_ctx *x, enum run_expect_kind kind, struct scn_loc loc, u32 *idx)
{
	struct run_result *res = x->res;
	struct run_expect_result *e;

	if ((res->nr_expects & (res->nr_expects + 1)) == 0) {
		u32 cap = (res->nr_expects + 1) * 2;
		struct run_expect_result *n = realloc(res->expects, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		res->expects = n;
	}
	e = &res->expects[res->nr_expects];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->loc = loc;
	e->pass = true;
	e->op = U64_MAX;
	e->instance = U32_MAX;
	*idx = res->nr_expects++;
	return 0;
}

void run_fail_expect(struct run_ctx *x, u32 idx, const char *fmt, ...)
{
	struct run_expect_result *e = &x->res->expects[idx];
	va_list ap;

	e->failed++;
	if (!e->pass)
		return;
	e->pass = false;
	e->op = x->cur ? x->op : U64_MAX;
	e->instance = x->cur ? x->cur->gid : U32_MAX;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
}

static const char *err_text(int err)
{
	return err ? xerrname(err) : "ok";
}

/* "alloc A: result ok, addr 0x4020000, expansions 1" */
static void step_expect_text(const struct scn_client *c, const struct scn_step *st, char *buf,
			     size_t len)
{
	const struct scn_expect *ex = &st->expect;
	size_t n;

	n = (size_t)snprintf(buf, len, "%s", scn_op_name(st->op));
	if (st->op == SCN_OP_ALLOC && st->alloc.labelled && n < len)
		n += (size_t)snprintf(buf + n, len - n, " %s", st->alloc.label.name);
	if ((st->op == SCN_OP_HWCTX_CREATE || st->op == SCN_OP_HWCTX_DESTROY) && n < len)
		n += (size_t)snprintf(buf + n, len - n, " %s", st->hwctx.hwctx.name);
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, " (%s):", c->name);
	if (ex->has_result && n < len)
		n += (size_t)snprintf(buf + n, len - n, " result %s", err_text(-ex->result_err));
	if (ex->has_addr && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s addr %#llx", ex->has_result ? "," : "",
				      (unsigned long long)ex->addr);
	if (ex->nr_addrs && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s %u addrs",
				      ex->has_result || ex->has_addr ? "," : "", ex->nr_addrs);
	if (ex->has_expansions && n < len)
		snprintf(buf + n, len - n, "%s expansions %llu",
			 ex->has_result || ex->has_addr || ex->nr_addrs ? "," : "",
			 (unsigned long long)ex->expansions);
}

static int slot_cmp(const void *a, const void *b)
{
	const struct run_step_slot *x = a, *y = b;

	return x->step < y->step ? -1 : x->step > y->step;
}

static int slots_walk(struct run_ctx *x, const struct scn_client *c, const struct scn_step *steps,
		      u32 nr)
{
	int ret;

	for (u32 i = 0; i < nr; i++) {
		const struct scn_step *st = &steps[i];

		if (st->op == SCN_OP_REPEAT || st->op == SCN_OP_PHASE) {
			ret = slots_walk(x, c, st->block.steps, st->block.nr_steps);
			if (ret)
				return ret;
			continue;
		}
		if (!st->expect.present)
			continue;
		if ((x->nslots & (x->nslots + 1)) == 0) {
			u32 cap = (x->nslots + 1) * 2;
			struct run_step_slot *n = realloc(x->slots, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			x->slots = n;
		}
		x->slots[x->nslots].step = st;
		ret = expect_add(x, RUN_EXPECT_STEP, st->expect.loc.line ? st->expect.loc : st->loc,
				 &x->slots[x->nslots].expect);
		if (ret)
			return ret;
		step_expect_text(c, st, x->res->expects[x->slots[x->nslots].expect].text,
				 sizeof(x->res->expects[0].text));
		x->nslots++;
	}
	return 0;
}

static int expects_build(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	u32 idx;
	int ret;

	for (u32 c = 0; c < s->nr_clients; c++) {
		ret = slots_walk(x, &s->clients[c], s->clients[c].steps, s->clients[c].nr_steps);
		if (ret)
			return ret;
	}
	if (x->nslots)
		qsort(x->slots, x->nslots, sizeof(*x->slots), slot_cmp);
	for (u32 i = 0; i < s->nr_invariants; i++) {
		if (run_invariant_number(s->invariants[i].name) < 0)
			return run_error(x, s->invariants[i].loc,
					 "invariant '%s' is not known to the runner",
					 s->invariants[i].name);
		ret = expect_add(x, RUN_EXPECT_INVARIANT, s->invariants[i].loc, &idx);
		if (ret)
			return ret;
		snprintf(x->res->expects[idx].text, sizeof(x->res->expects[0].text),
			 "invariant %s", s->invariants[i].name);
	}
	for (u32 i = 0; i < s->nr_metrics; i++) {
		const struct scn_metric_expect *me = &s->metrics[i];

		if (run_metric_by_name(me->metric) < 0)
			return run_error(x, me->loc, "metric '%s' is not known to the runner",
					 me->metric);
		ret = expect_add(x, RUN_EXPECT_METRIC, me->loc, &idx);
		if (ret)
			return ret;
		snprintf(x->res->expects[idx].text, sizeof(x->res->expects[0].text), "%s%s%s%s%s",
			 me->text, me->client ? " [client " : "", me->client ? me->client : "",
			 me->phase ? ", phase " : "", me->phase ? me->phase : "");
		if (me->client) {
			size_t n = strlen(x->res->expects[idx].text);

			if (n + 1 < sizeof(x->res->expects[0].text))
				strcat(x->res->expects[idx].text, "]");
		}
	}
	return 0;
}

static u32 slot_of(struct run_ctx *x, const struct scn_step *st)
{
	struct run_step_slot key = { .step = st };
	struct run_step_slot *s;

	if (!x->nslots)
		return RUN_NONE;
	s = bsearch(&key, x->slots, x->nslots, sizeof(*x->slots), slot_cmp);
	return s ? s->expect : RUN_NONE;
}

static void check_step_expect(struct run_ctx *x, const struct scn_step *st)
{
	const struct scn_expect *ex = &st->expect;
	u32 e = slot_of(x, st);

	if (e == RUN_NONE)
		return;
	x->res->expects[e].checked++;
	if (ex->has_result) {
		int want = -ex->result_err;

		if (st->op == SCN_OP_ALLOC) {
			for (u64 i = 0; i < x->op_nallocs; i++) {
				if (x->op_errs[i] != want) {
					run_fail_expect(x, e, "allocation %llu: result %s, expected %s",
							(unsigned long long)i,
							err_text(x->op_errs[i]), err_text(want));
					return;
				}
			}
		} else if (x->op_err != want) {
			run_fail_expect(x, e, "result %s, expected %s", err_text(x->op_err),
					err_text(want));
			return;
		}
	}
	if (ex->has_addr && x->op_addr != ex->addr) {
		if (x->op_addr == U64_MAX)
			run_fail_expect(x, e, "no BO (%s), expected addr %#llx",
					err_text(x->op_err), (unsigned long long)ex->addr);
		else
			run_fail_expect(x, e, "addr %#llx, expected %#llx",
					(unsigned long long)x->op_addr,
					(unsigned long long)ex->addr);
		return;
	}
	for (u32 i = 0; i < ex->nr_addrs && i < x->op_nallocs; i++) {
		if (x->op_addrs[i] != ex->addrs[i]) {
			run_fail_expect(x, e, "allocation %u: addr %#llx, expected %#llx", i,
					(unsigned long long)x->op_addrs[i],
					(unsigned long long)ex->addrs[i]);
			return;
		}
	}
	if (ex->has_expansions && x->op_exp != ex->expansions)
		run_fail_expect(x, e, "expansions %u, expected %llu", x->op_exp,
				(unsigned long long)ex->expansions);
}

/* --- faults ----------------------------------------------------------- */

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

static int faults_program(struct run_ctx *x)
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

/* --- instances, phases and the cursor --------------------------------- */

static void phase_enter(struct run_ctx *x, struct run_inst *in, u32 id)
{
	struct run_phase_state *p = &in->ph[id];
	u64 c = in->heap ? heap_committed(in->heap) : 0;
	u64 l = in->heap ? heap_usage(in->heap) : 0;

	in->phase = id;
	in->res->phases[id].runs++;
	run_inst_counters(in, &p->at_entry);
	p->peak_committed = run_max(p->peak_committed, c);
	p->peak_live = run_max(p->peak_live, l);
	(void)x;
}

static void phase_exit(struct run_ctx *x, struct run_inst *in)
{
	static const enum run_metric sums[] = {
		RUN_M_EXPANSIONS, RUN_M_FRAG_EXPANSIONS, RUN_M_PREMATURE_OOM,
		RUN_M_SEARCH_COST_TOTAL, RUN_M_FAILURES, RUN_M_MAP_MSGS, RUN_M_ADD_MSGS,
	};
	struct run_phase_state *p = &in->ph[in->phase];
	struct run_phase_result *pr = &in->res->phases[in->phase];
	struct run_counters now;
	struct run_metrics st;

	run_inst_counters(in, &now);
	run_inst_state(x, in, &st);
	for (int i = 0; i < RUN_M_COUNT; i++) {
		if (run_metric_is_state((enum run_metric)i)) {
			pr->m.v[i] = st.v[i];
			pr->m.r[i] = st.r[i];
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(sums); i++)
		pr->m.v[sums[i]] += now.v[sums[i]] - p->at_entry.v[sums[i]];
	pr->m.v[RUN_M_SEARCH_COST_MAX] = p->search_cost_max;
	pr->m.v[RUN_M_PEAK_COMMITTED] = p->peak_committed;
	pr->m.v[RUN_M_PEAK_LIVE] = p->peak_live;
	pr->m.r[RUN_M_PEAK_RATIO] = p->peak_live ?
				    (double)p->peak_committed / (double)p->peak_live : 0;
	in->phase = RUN_NONE;
}

static void cursor_push(struct run_inst *in, const struct scn_step *steps, u32 nr, u64 count,
			u32 phase)
{
	struct run_frame *f = &in->stack[in->depth++];

	f->steps = steps;
	f->nr = nr;
	f->pos = 0;
	f->left = count;
	f->phase = phase;
}

/* Pop finished blocks (looping repeats) so that phase exits follow their last leaf. */
static void cursor_settle(struct run_ctx *x, struct run_inst *in)
{
	while (in->depth) {
		struct run_frame *f = &in->stack[in->depth - 1];

		if (f->pos < f->nr)
			return;
		if (f->left > 1) {
			f->left--;
			f->pos = 0;
			return;
		}
		if (f->phase != RUN_NONE)
			phase_exit(x, in);
		in->depth--;
		if (in->depth)
			in->stack[in->depth - 1].pos++;
	}
	in->done = true;
}

/* The next leaf step of @in, entering repeats and phases; NULL when done. */
static const struct scn_step *cursor_next(struct run_ctx *x, struct run_inst *in)
{
	while (!in->done) {
		struct run_frame *f = &in->stack[in->depth - 1];
		const struct scn_step *st;

		if (f->pos >= f->nr) {
			cursor_settle(x, in);
			continue;
		}
		st = &f->steps[f->pos];
		if (st->op == SCN_OP_REPEAT) {
			cursor_push(in, st->block.steps, st->block.nr_steps, st->block.count,
				    RUN_NONE);
		} else if (st->op == SCN_OP_PHASE) {
			cursor_push(in, st->block.steps, st->block.nr_steps, 1,
				    st->block.phase_id);
			phase_enter(x, in, st->block.phase_id);
		} else {
			return st;
		}
	}
	return NULL;
}

static int instances_build(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	struct run_result *res = x->res;
	u32 n = 0, g = 0;

	for (u32 c = 0; c < s->nr_clients; c++)
		n += s->clients[c].instances;
	x->inst = calloc(n, sizeof(*x->inst));
	res->instances = calloc(n, sizeof(*res->instances));
	if (!x->inst || !res->instances)
		return -ENOMEM;
	x->ninst = n;
	res->nr_instances = n;
	for (u32 c = 0; c < s->nr_clients; c++) {
		const struct scn_client *cl = &s->clients[c];

		for (u32 i = 0; i < cl->instances; i++, g++) {
			struct run_inst *in = &x->inst[g];
			struct run_instance_result *ir = &res->instances[g];

			in->x = x;
			in->client = cl;
			in->gid = g;
			in->index = i;
			in->cid = RUN_NO_CLIENT;
			in->phase = RUN_NONE;
			in->res = ir;
			in->hwctx = calloc(cl->nr_hwctxs ? cl->nr_hwctxs : 1, sizeof(*in->hwctx));
			in->ph = calloc(cl->nr_phases ? cl->nr_phases : 1, sizeof(*in->ph));
			ir->phases = calloc(cl->nr_phases ? cl->nr_phases : 1, sizeof(*ir->phases));
			if (!in->hwctx || !in->ph || !ir->phases)
				return -ENOMEM;
			for (u32 p = 0; p < cl->nr_phases; p++)
				ir->phases[p].name = cl->phases[p].name;
			scn_client_instance_name(cl, i, ir->name, sizeof(ir->name));
			ir->client = c;
			ir->index = i;
			ir->peak_op = U64_MAX;
			cursor_push(in, cl->steps, cl->nr_steps, 1, RUN_NONE);
		}
	}
	return 0;
}

/* --- violations ------------------------------------------------------- */

static const char *inv_label(int number)
{
	static const char *const names[] = {
		[0] = "mm_check", [1] = "chunk_addresses", [2] = "chunks_append_only",
		[3] = "dev_bo_in_committed", [4] = "heap_usage_matches",
		[5] = "chunk_refcounts", [6] = "fw_host_buffers_match",
		[7] = "watermarks_current", [8] = "new_hwctx_watermark",
		[9] = "pasid_contiguous", [10] = "no_invalid_fw_addr",
		[11] = "iommu_mapping_owner", [12] = "client_leftovers", [13] = "hwctx_fw_ctx",
		[14] = "dev_bo_at_postclose", [15] = "mailbox", [16] = "null_client_deref",
		[17] = "flush_outside_bo", [18] = "jobs_in_attached_chunks", [20] = "mailbox_framing",
		[21] = "opcode_channel", [22] = "create_ctx_fields", [23] = "host_buf_size_align",
		[24] = "config_cu_count", [25] = "chain_buffer", [26] = "x2i_overwrite",
		[27] = "map_add_order",
	};

	if (number < 0 || (size_t)number >= ARRAY_SIZE(names) || !names[number])
		return "?";
	return names[number];
}

static void note_violation(struct run_ctx *x, const struct sim_violation *v, bool at_end)
{
	struct run_violation_info *vi = &x->res->violation;

	if (vi->found)
		return;
	vi->found = true;
	vi->number = v->number;
	snprintf(vi->name, sizeof(vi->name), "%s", inv_label(v->number));
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

	note_violation(x, v, at_end);
	for (u32 i = 0; i < s->nr_invariants; i++, e++) {
		int k = run_invariant_number(s->invariants[i].name);

		if (k == v->number)
			run_fail_expect(x, e, "violated: %s", v->why);
		else if (k < RUN_INV_NO_PINS)
			run_fail_expect(x, e, "not verified: sim_check stopped at invariant %d (%s) first",
					v->number, inv_label(v->number));
	}
}

/* New violations the simulator recorded during the op. */
static void scan_recorded(struct run_ctx *x)
{
	u32 n = sim_violation_count(x->sim);

	for (; x->viol_seen < n; x->viol_seen++) {
		const struct sim_violation *v = sim_violation_at(x->sim, x->viol_seen);
		const struct scn *s = x->scn;
		u32 e = x->nslots;

		note_violation(x, v, !x->cur_step);
		for (u32 i = 0; i < s->nr_invariants; i++, e++) {
			int k = run_invariant_number(s->invariants[i].name);

			if (k == v->number ||
			    (k == RUN_INV_NO_LIVE_BOS && v->number == 14))
				run_fail_expect(x, e, "violated: %s", v->why);
		}
	}
	x->res->nr_violations = n;
}

static int full_check(struct run_ctx *x, bool at_end)
{
	struct sim_violation v;
	int ret = sim_check(x->sim, &v);

	x->res->nr_notes = sim_note_count(x->sim);
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
		x->viol_seen = sim_violation_count(x->sim);
		x->res->nr_violations = x->viol_seen;
		check_failed(x, &v, at_end);
	}
	return ret;
}

/* --- the op loop ------------------------------------------------------ */

static int series_add(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		      const struct run_metrics *m)
{
	struct run_result *res = x->res;
	struct run_op *o;

	if (x->opts->no_series)
		return 0;
	if (res->nr_series == RUN_SERIES_MAX) {
		res->series_truncated = true;
		return 0;
	}
	if ((res->nr_series & (res->nr_series + 1)) == 0) {
		u64 cap = run_min((res->nr_series + 1) * 2, (u64)RUN_SERIES_MAX);
		struct run_op *n = realloc(res->series, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		res->series = n;
	}
	o = &res->series[res->nr_series++];
	memset(o, 0, sizeof(*o));
	o->index = x->op;
	o->instance = in->gid;
	o->step = st;
	o->err = x->op_err;
	o->addr = x->op_addr;
	o->expansions = x->op_exp;
	o->failures = x->op_failures;
	o->phase = in->phase;
	o->time_ns = sim_now_ns(x->sim);
	o->committed = m->v[RUN_M_COMMITTED];
	o->live = m->v[RUN_M_LIVE];
	o->largest_hole = m->v[RUN_M_LARGEST_HOLE];
	o->ext_frag = m->r[RUN_M_EXT_FRAG];
	o->holes = (u32)m->v[RUN_M_HOLE_COUNT];
	o->chunks = (u32)m->v[RUN_M_CHUNKS];
	o->live_bos = (u32)m->v[RUN_M_LIVE_BOS];
	o->cum_expansions = m->v[RUN_M_EXPANSIONS];
	o->cum_frag_expansions = m->v[RUN_M_FRAG_EXPANSIONS];
	o->align_waste = m->v[RUN_M_ALIGN_WASTE];
	o->search_cost_total = m->v[RUN_M_SEARCH_COST_TOTAL];
	return 0;
}

static void count_failures(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	u64 *hist = x->res->failures_by_errno;

	in->failures += x->op_failures;
	in->expansions += x->op_exp;
	if (st->op == SCN_OP_ALLOC) {
		for (u64 i = 0; i < x->op_nallocs; i++)
			if (x->op_errs[i])
				hist[run_min((u32)-x->op_errs[i], RUN_MAX_ERRNO - 1)]++;
	} else if (x->op_failures) {
		hist[run_min((u32)-x->op_err, RUN_MAX_ERRNO - 1)] += x->op_failures;
	}
}

static int run_one(struct run_ctx *x, struct run_inst *in)
{
	const struct scn_step *st = cursor_next(x, in);
	struct run_metrics m;
	u32 seen;
	int ret;

	if (!st)
		return 0;
	if (x->nscoped) {
		ret = run_scoped_faults_switch(x, in);
		if (ret)
			return ret;
	}
	x->cur = in;
	x->cur_step = st;
	if (x->opts->step)
		x->opts->step(x->opts->step_ctx, st, in->gid);
	if (st->op == SCN_OP_CLOSE && in->open) {
		/* the state a client's metrics are taken from, and a check of it */
		full_check(x, false);
		run_inst_state(x, in, &in->res->m);
	}
	run_exec_step(x, in, st);
	count_failures(x, in, st);
	check_step_expect(x, st);
	in->res->ops++;
	if (in->phase != RUN_NONE)
		in->res->phases[in->phase].ops++;
	run_inst_state(x, in, &m);
	if (in->res->peak_op == U64_MAX || m.v[RUN_M_LIVE] > in->res->peak_op_live) {
		in->res->peak_op = x->op;
		in->res->peak_op_live = m.v[RUN_M_LIVE];
		in->res->peak_ext_frag = m.r[RUN_M_EXT_FRAG];
		in->res->peak_largest_hole = m.v[RUN_M_LARGEST_HOLE];
	}
	ret = series_add(x, in, st, &m);
	ret = ret ?: run_pics_op(x, in, st);
	if (ret)
		return ret;
	seen = x->viol_seen;
	scan_recorded(x);
	x->res->nr_ops = x->op + 1;
	/* a violation the simulator recorded during the op stops the run too */
	if (x->opts->check_every_op && (x->viol_seen > seen || full_check(x, false))) {
		x->res->stopped = true;
		return 0;
	}
	in->stack[in->depth - 1].pos++;
	cursor_settle(x, in);
	x->op++;
	x->done_work += st->op == SCN_OP_ALLOC ? st->alloc.count : 1;
	if (x->opts->progress && x->done_work >= x->next_progress) {
		x->opts->progress(x->opts->progress_ctx, x->done_work, x->scn->leaf_steps);
		x->next_progress = x->done_work + x->scn->leaf_steps / 100 + 1;
	}
	x->cur_step = NULL;
	return 0;
}

static int schedule(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	bool any;
	int ret;

	if (s->schedule == SCN_SCHED_SEQUENTIAL) {
		for (u32 i = 0; i < x->ninst; i++) {
			while (!x->inst[i].done && !x->res->stopped) {
				ret = run_one(x, &x->inst[i]);
				if (ret)
					return ret;
			}
		}
		return 0;
	}
	for (u32 i = 0; i < s->nr_interleave && !x->res->stopped; i++) {
		ret = run_one(x, &x->inst[s->interleave[i]]);
		if (ret)
			return ret;
	}
	do {
		any = false;
		for (u32 i = 0; i < x->ninst && !x->res->stopped; i++) {
			if (x->inst[i].done)
				continue;
			ret = run_one(x, &x->inst[i]);
			if (ret)
				return ret;
			any = true;
		}
	} while (any && !x->res->stopped);
	return 0;
}

/* --- end of run ------------------------------------------------------- */

static void check_end_invariants(struct run_ctx *x)
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
static bool cmp_holds(enum scn_cmp c, int order)
{
	switch (c) {
	case SCN_CMP_EQ: return order == 0;
	case SCN_CMP_NE: return order != 0;
	case SCN_CMP_LT: return order < 0;
	case SCN_CMP_LE: return order <= 0;
	case SCN_CMP_GT: return order > 0;
	default: return order >= 0;
	}
}

static void check_metrics(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	u32 e = x->nslots + s->nr_invariants;

	x->cur = NULL;
	for (u32 i = 0; i < s->nr_metrics; i++, e++) {
		const struct scn_metric_expect *me = &s->metrics[i];
		enum run_metric m = (enum run_metric)run_metric_by_name(me->metric);
		u64 sum = 0;
		u32 n = 0;

		x->res->expects[e].checked++;
		for (u32 g = 0; g < x->ninst; g++) {
			const struct run_instance_result *ir = &x->res->instances[g];
			const struct run_metrics *v;

			if (me->client && ir->client != me->client_id)
				continue;
			v = me->phase ? &ir->phases[me->phase_id].m : &ir->m;
			n++;
			if (me->kind == SCN_METRIC_RATIO) {
				if (!cmp_holds(me->cmp, (v->r[m] > me->ratio) - (v->r[m] < me->ratio))) {
					run_fail_expect(x, e, "%s: %s = %.6g", ir->name, me->metric,
							v->r[m]);
					break;
				}
			} else {
				sum += v->v[m];
			}
		}
		if (me->kind != SCN_METRIC_RATIO &&
		    !cmp_holds(me->cmp, (sum > me->value) - (sum < me->value)))
			run_fail_expect(x, e, "%s = %llu (%#llx) over %u instance%s", me->metric,
					(unsigned long long)sum, (unsigned long long)sum, n,
					n == 1 ? "" : "s");
	}
}

static void finish_instances(struct run_ctx *x)
{
	struct run_result *res = x->res;

	memset(&res->total, 0, sizeof(res->total));
	for (u32 g = 0; g < x->ninst; g++) {
		struct run_inst *in = &x->inst[g];
		struct run_metrics now;

		run_inst_state(x, in, &now);
		for (int i = 0; i < RUN_M_COUNT; i++) {
			/* state metrics: before the last close, or now if still open */
			if (!run_metric_is_state((enum run_metric)i) || in->open) {
				in->res->m.v[i] = now.v[i];
				in->res->m.r[i] = now.r[i];
			}
			res->total.v[i] += in->res->m.v[i];
			if (in->res->m.r[i] > res->total.r[i])
				res->total.r[i] = in->res->m.r[i];
		}
	}
}

static void tally(struct run_result *res)
{
	res->expects_passed = 0;
	res->expects_failed = 0;
	for (u32 i = 0; i < res->nr_expects; i++) {
		struct run_expect_result *e = &res->expects[i];

		if (!e->checked && e->pass) {
			e->pass = false;
			snprintf(e->detail, sizeof(e->detail), "never evaluated: the step did not run");
		}
		if (e->pass)
			res->expects_passed++;
		else
			res->expects_failed++;
	}
	res->status = res->expects_failed || res->stopped ? RUN_FAIL : RUN_PASS;
}

static int device_config(struct run_ctx *x, struct sim_config *cfg)
{
	const struct scn *s = x->scn;
	const struct run_opts *o = x->opts;
	struct run_result *res = x->res;

	sim_config_default(cfg);
	res->seed = o->has_seed ? o->seed : s->seed;
	res->design = o->has_design ? o->design : s->design;
	res->mode = o->has_mode ? o->mode : s->mode;
	res->device = o->device ? o->device : s->device;
	res->fw_major = s->fw_major;
	res->fw_minor = s->fw_minor;
	if (o->device && strcmp(o->device, s->device))
		res->fw_major = res->fw_minor = 0;	/* the overriding device's default */
	res->check_every_op = o->check_every_op;
	for (u32 i = 0; i < s->nr_bugs; i++) {
		int b = sim_bug_by_name(s->bugs[i]);

		if (b < 0)
			return run_error(x, s->loc, "bug switch '%s' is not a simulator switch",
					 s->bugs[i]);
		cfg->bugs |= SIM_BUG(b);
	}
	if (o->bugs & ~SIM_BUG_ALL)
		return run_error(x, s->loc, "unknown bug switch bits %#llx",
				 (unsigned long long)(o->bugs & ~SIM_BUG_ALL));
	cfg->bugs |= o->bugs;
	res->bugs = cfg->bugs;
	cfg->device = res->device;
	cfg->fw_major = res->fw_major;
	cfg->fw_minor = res->fw_minor;
	cfg->design = res->design == SCN_DESIGN_PR1233 ? SIM_DESIGN_PR1233 : SIM_DESIGN_HEAD;
	cfg->mode = res->mode == SCN_MODE_IOVA ? SIM_MODE_IOVA :
		    res->mode == SCN_MODE_CARVEOUT ? SIM_MODE_CARVEOUT : SIM_MODE_PASID;
	cfg->num_heap_pages = s->num_heap_pages;
	cfg->seed = res->seed;
	cfg->event_limit = 1u << 16;
	return 0;
}

static void ctx_free(struct run_ctx *x)
{
	/* the device goes first: tearing it down still calls the heap hooks */
	for (u32 i = 0; x->inst && i < x->ninst; i++)
		if (x->inst[i].heap)
			heap_set_op_hook(x->inst[i].heap, NULL, NULL);
	if (x->sim)
		sim_destroy(x->sim);
	for (u32 i = 0; x->inst && i < x->ninst; i++) {
		free(x->inst[i].bos);
		free(x->inst[i].hwctx);
		free(x->inst[i].ph);
	}
	free(x->inst);
	free(x->slots);
	free(x->cid_map);
	free(x->scoped);
	free(x->op_addrs);
	free(x->op_errs);
	free(x->evc);
	run_pics_ctx_free(x);
}

int run_scenario(const struct scn *scn, const struct run_opts *opts, struct run_result *out)
{
	static const struct run_opts none;
	struct run_ctx x = { 0 };
	struct sim_config cfg;
	int ret;

	memset(out, 0, sizeof(*out));
	out->scn = scn;
	out->violation.op = U64_MAX;
	out->violation.instance = U32_MAX;
	x.scn = scn;
	x.opts = opts ? opts : &none;
	x.res = out;
	x.scoped_owner = RUN_NONE;
	ret = device_config(&x, &cfg);
	if (ret)
		goto out;
	xrand_seed(&x.rng, out->seed);
	ret = sim_create(&cfg, &x.sim);
	if (ret) {
		if (ret == -EINVAL)
			run_error(&x, scn->fw_loc.line ? scn->fw_loc : scn->loc,
				  "the simulator cannot build device '%s' with firmware %u.%u (%s)",
				  out->device, out->fw_major, out->fw_minor, xerrname(ret));
		goto out;
	}
	ret = run_events_alloc(&x);
	if (!ret)
		ret = expects_build(&x);
	if (!ret)
		ret = faults_program(&x);
	if (!ret)
		ret = instances_build(&x);
	if (!ret && x.opts->setup) {
		ret = x.opts->setup(x.opts->setup_ctx, x.sim);
		if (ret)
			run_error(&x, scn->loc, "set-up hook failed: %s", xerrname(ret));
	}
	if (!ret)
		ret = schedule(&x);
	if (ret)
		goto out;
	if (x.opts->step)
		x.opts->step(x.opts->step_ctx, NULL, U32_MAX);
	x.cur = NULL;
	x.cur_step = NULL;
	if (!out->stopped)
		full_check(&x, true);
	scan_recorded(&x);
	check_end_invariants(&x);
	finish_instances(&x);
	check_metrics(&x);
	out->sim_time_ns = sim_now_ns(x.sim);
	ret = run_events_finish(&x);
	if (!ret)
		ret = run_cov_finish(&x, &cfg);
	if (!ret)
		tally(out);
out:
	if (ret && out->status != RUN_ERROR) {
		out->status = RUN_ERROR;
		if (!out->error[0])
			snprintf(out->error, sizeof(out->error), "%s: run failed: %s", scn->file,
				 xerrname(ret));
	}
	ctx_free(&x);
	return ret;
}

void run_result_free(struct run_result *res)
{
	if (!res)
		return;
	for (u32 i = 0; res->instances && i < res->nr_instances; i++)
		free(res->instances[i].phases);
	free(res->instances);
	free(res->expects);
	free(res->series);
	free(res->events);
	free(res->msgs);
	if (res->fail_nth)
		sim_fnth_report_free(res->fail_nth);
	free(res->fail_nth);
	run_cov_free(res);
	memset(res, 0, sizeof(*res));
}
