// SPDX-License-Identifier: MIT
/*
 * run_expect.c - the expectations a scenario states: per step (result,
 * address, expansions, the job's outcome), end-of-run invariants and
 * metrics; their tally.  Unexpected failures outside any expectation are
 * run_verdict.c's.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

int run_error(struct run_ctx *x, struct scn_loc loc, const char *fmt, ...)
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

const char *run_err_text(int err)
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
		n += (size_t)snprintf(buf + n, len - n, " result %s", run_err_text(-ex->result_err));
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

int run_expects_build(struct run_ctx *x)
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

u32 run_slot_of(struct run_ctx *x, const struct scn_step *st)
{
	struct run_step_slot key = { .step = st };
	struct run_step_slot *s;

	if (!x->nslots)
		return RUN_NONE;
	s = bsearch(&key, x->slots, x->nslots, sizeof(*x->slots), slot_cmp);
	return s ? s->expect : RUN_NONE;
}

void run_check_step_expect(struct run_ctx *x, const struct scn_step *st)
{
	const struct scn_expect *ex = &st->expect;
	u32 e = run_slot_of(x, st);

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
							run_err_text(x->op_errs[i]), run_err_text(want));
					return;
				}
			}
		} else if (x->op_err != want) {
			run_fail_expect(x, e, "result %s, expected %s", run_err_text(x->op_err),
					run_err_text(want));
			return;
		}
	}
	if (ex->has_addr && x->op_addr != ex->addr) {
		if (x->op_addr == U64_MAX)
			run_fail_expect(x, e, "no BO (%s), expected addr %#llx",
					run_err_text(x->op_err), (unsigned long long)ex->addr);
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

void run_check_metrics(struct run_ctx *x)
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

void run_tally(struct run_result *res)
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
	if (res->expects_failed || res->stopped || res->failures_total)
		res->status = res->known_bug ? RUN_XFAIL : RUN_FAIL;
	else
		res->status = res->known_bug ? RUN_XPASS : RUN_PASS;
}

