// SPDX-License-Identifier: MIT
/*
 * run_sched.c - client instances, their phases and cursors over the leaf
 * steps, the op loop (one leaf step per call: the op, its bookkeeping, its
 * checks) and the schedule (scenarios/README.md "Ordering").
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

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
		RUN_M_JOBS_SUBMITTED, RUN_M_JOBS_COMPLETED, RUN_M_JOBS_ABORTED,
		RUN_M_JOBS_TIMED_OUT, RUN_M_FW_FAULTS,
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

int run_instances_build(struct run_ctx *x)
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
			in->cus = calloc(cl->nr_hwctxs ? cl->nr_hwctxs : 1, sizeof(*in->cus));
			in->npdis = calloc(cl->nr_hwctxs ? cl->nr_hwctxs : 1, sizeof(*in->npdis));
			in->execs = calloc(cl->nr_hwctxs ? cl->nr_hwctxs : 1, sizeof(*in->execs));
			in->pdis = calloc(cl->nr_hwctxs ? cl->nr_hwctxs : 1, sizeof(*in->pdis));
			in->ph = calloc(cl->nr_phases ? cl->nr_phases : 1, sizeof(*in->ph));
			ir->phases = calloc(cl->nr_phases ? cl->nr_phases : 1, sizeof(*ir->phases));
			if (!in->hwctx || !in->ph || !ir->phases || !in->cus || !in->npdis ||
			    !in->execs || !in->pdis)
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

static int series_add(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		      const struct run_metrics *m)
{
	struct run_result *res = x->res;
	struct run_op *o;

	if (x->opts->no_series)
		return 0;
	if (res->nr_series == res->series_cap) {
		res->series_truncated = true;
		return 0;
	}
	if ((res->nr_series & (res->nr_series + 1)) == 0) {
		u64 cap = run_min((res->nr_series + 1) * 2, res->series_cap);
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
	o->job = x->op_job;
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

/*
 * The instance run_schedule() runs after @in's op, as far as cheaply known:
 * @in itself in sequence, else the next one not done in round-robin order
 * (the interleave prefix is not foreseen).  For hints only.
 */
static struct run_inst *next_to_run(struct run_ctx *x, struct run_inst *in)
{
	u32 g = (u32)(in - x->inst);

	if (x->scn->schedule == SCN_SCHED_SEQUENTIAL)
		return in->done ? NULL : in;
	for (u32 k = 1; k <= x->ninst; k++) {
		struct run_inst *n = &x->inst[(g + k) % x->ninst];

		if (!n->done)
			return n;
	}
	return NULL;
}

static int run_one(struct run_ctx *x, struct run_inst *in)
{
	const struct scn_step *st = cursor_next(x, in);
	struct run_inst *next;
	struct run_metrics m;
	u32 failed;
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
	/*
	 * Only alloc and free draw from the generator: before any other op, the
	 * next instance's draw is already what it will be, and its victim can be
	 * fetched while this op runs.
	 */
	if (st->op != SCN_OP_ALLOC && st->op != SCN_OP_FREE) {
		next = next_to_run(x, in);
		if (next && next != in)
			run_prefetch_next(x, next);
	}
	if (x->opts->step)
		x->opts->step(x->opts->step_ctx, st, in->gid);
	if (st->op == SCN_OP_CLOSE && in->open && st->close.stage <= SCN_CLOSE_CHUNKS) {
		/* the state a client's metrics are taken from, and a check of it */
		run_full_check(x, false);
		run_inst_state(x, in, &in->res->m);
	}
	run_exec_step(x, in, st);
	count_failures(x, in, st);
	run_check_step_expect(x, st);
	run_verdict_op(x, in, st);
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
	ret = ret ?: run_series_op(x, in, st, &m);
	ret = ret ?: run_pics_op(x, in, st);
	if (ret)
		return ret;
	failed = run_scan_recorded(x);
	x->res->nr_ops = x->op + 1;
	/*
	 * A violation the simulator recorded during the op stops the run too,
	 * unless 'allow' covered it: the ops after it still run and are checked.
	 */
	if (x->opts->check_every_op && (failed || run_full_check(x, false))) {
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
	next = next_to_run(x, in);
	if (next)
		run_prefetch_next(x, next);
	return 0;
}

int run_schedule(struct run_ctx *x)
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

void run_finish_instances(struct run_ctx *x)
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

