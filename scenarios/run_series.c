// SPDX-License-Identifier: MIT
/*
 * run_series.c - the run's time series at any length:
 *
 *   - the timeline: each instance's state after every op, downsampled
 *     online into at most a fixed number of points (docs/run.md "The
 *     timeline").  A point covers a run of consecutive ops of the
 *     instance; when the budget is full, neighbouring points are merged
 *     in pairs and every later point covers twice as many ops.  A point
 *     keeps the values after its last op, the minimum and maximum over its
 *     ops (so a one-op peak survives), and sums of the per-op counts.
 *     Memory and output are O(budget) whatever the number of ops.
 *   - the trace (`--trace-out FILE`): every op as one JSON object per line
 *     (NDJSON, schema xdnasim-trace/2), written while the run goes.
 *
 * Strings written to the trace are JSON-escaped here (the scenarios layer
 * has no JSON library).
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

/* The state series a point keeps an envelope of, in enum run_tl_value order. */
static const enum run_metric tl_metric[RUN_TL_VALUES] = {
	[RUN_TL_COMMITTED] = RUN_M_COMMITTED,
	[RUN_TL_LIVE] = RUN_M_LIVE,
	[RUN_TL_LARGEST_HOLE] = RUN_M_LARGEST_HOLE,
	[RUN_TL_HOLE_COUNT] = RUN_M_HOLE_COUNT,
	[RUN_TL_ALIGN_WASTE] = RUN_M_ALIGN_WASTE,
	[RUN_TL_LIVE_BOS] = RUN_M_LIVE_BOS,
	[RUN_TL_CHUNKS] = RUN_M_CHUNKS,
};

const char *run_tl_value_name(enum run_tl_value v)
{
	return (unsigned int)v < RUN_TL_VALUES ? run_metric_name(tl_metric[v]) : "?";
}

int run_series_init(struct run_ctx *x)
{
	struct run_result *res = x->res;
	u32 n = res->nr_instances, budget;

	res->series_cap = x->opts->series_max ? x->opts->series_max : RUN_SERIES_MAX;
	budget = x->opts->timeline_points ? x->opts->timeline_points : RUN_TIMELINE_POINTS;
	/* the whole run keeps at most RUN_TIMELINE_TOTAL points */
	if (n && budget > RUN_TIMELINE_TOTAL / n)
		budget = RUN_TIMELINE_TOTAL / n;
	budget &= ~1u;
	res->timeline_budget = budget < RUN_TIMELINE_MIN ? RUN_TIMELINE_MIN : budget;
	res->timelines = calloc(n ? n : 1, sizeof(*res->timelines));
	if (!res->timelines)
		return -ENOMEM;
	for (u32 i = 0; i < n; i++)
		res->timelines[i].width = 1;
	res->nr_timelines = n;
	if (x->opts->trace)
		return run_trace_begin(x);
	return 0;
}

static void point_start(struct run_point *p, const struct run_ctx *x, const struct run_inst *in,
			const struct run_metrics *m)
{
	memset(p, 0, sizeof(*p));
	p->op = x->op;
	(void)in;
	for (int v = 0; v < RUN_TL_VALUES; v++)
		p->min[v] = p->max[v] = m->v[tl_metric[v]];
	p->ext_min = p->ext_max = m->r[RUN_M_EXT_FRAG];
}

/* Fold one op (its state after it, in @m) into @p. */
static void point_add(struct run_point *p, const struct run_ctx *x, const struct run_metrics *m)
{
	double e = m->r[RUN_M_EXT_FRAG];

	p->ops++;
	p->time_ns = sim_now_ns(x->sim);
	p->failures += x->op_failures;
	p->expansions += x->op_exp;
	for (int v = 0; v < RUN_TL_VALUES; v++) {
		u64 val = m->v[tl_metric[v]];

		p->last[v] = val;
		p->min[v] = run_min(p->min[v], val);
		p->max[v] = run_max(p->max[v], val);
	}
	p->ext = e;
	p->ext_min = e < p->ext_min ? e : p->ext_min;
	p->ext_max = e > p->ext_max ? e : p->ext_max;
	p->expansions_total = m->v[RUN_M_EXPANSIONS];
	p->frag_expansions_total = m->v[RUN_M_FRAG_EXPANSIONS];
	p->search_cost_total = m->v[RUN_M_SEARCH_COST_TOTAL];
}

/* @a followed by @b as one point (into @a). */
static void point_merge(struct run_point *a, const struct run_point *b)
{
	a->ops += b->ops;
	a->time_ns = b->time_ns;
	a->failures += b->failures;
	a->expansions += b->expansions;
	for (int v = 0; v < RUN_TL_VALUES; v++) {
		a->last[v] = b->last[v];
		a->min[v] = run_min(a->min[v], b->min[v]);
		a->max[v] = run_max(a->max[v], b->max[v]);
	}
	a->ext = b->ext;
	a->ext_min = b->ext_min < a->ext_min ? b->ext_min : a->ext_min;
	a->ext_max = b->ext_max > a->ext_max ? b->ext_max : a->ext_max;
	a->expansions_total = b->expansions_total;
	a->frag_expansions_total = b->frag_expansions_total;
	a->search_cost_total = b->search_cost_total;
}

static int timeline_add(struct run_ctx *x, struct run_timeline *t, const struct run_inst *in,
			const struct run_metrics *m)
{
	u32 budget = x->res->timeline_budget;
	struct run_point *p;

	t->ops++;
	if (t->n && t->pts[t->n - 1].ops < t->width) {
		point_add(&t->pts[t->n - 1], x, m);
		return 0;
	}
	if (t->n == budget) {
		/* full: pairs become one point, every point now covers 2 x width ops */
		for (u32 i = 0; i < budget / 2; i++) {
			t->pts[i] = t->pts[2 * i];
			point_merge(&t->pts[i], &t->pts[2 * i + 1]);
		}
		t->n = budget / 2;
		t->width *= 2;
	}
	if (t->n == t->cap) {
		u32 cap = t->cap ? run_min(2 * (u64)t->cap, budget) : run_min(64, budget);
		struct run_point *np = realloc(t->pts, cap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		t->pts = np;
		t->cap = cap;
	}
	p = &t->pts[t->n++];
	point_start(p, x, in, m);
	point_add(p, x, m);
	return 0;
}

int run_series_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		  const struct run_metrics *m)
{
	int ret = timeline_add(x, &x->res->timelines[in->gid], in, m);

	if (!ret && x->opts->trace)
		ret = run_trace_op(x, in, st, m);
	return ret;
}

void run_series_free(struct run_result *res)
{
	for (u32 i = 0; res->timelines && i < res->nr_timelines; i++)
		free(res->timelines[i].pts);
	free(res->timelines);
	res->timelines = NULL;
	res->nr_timelines = 0;
}

/* --- the NDJSON trace ------------------------------------------------- */

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int run_trace_begin(struct run_ctx *x)
{
	const struct run_result *res = x->res;
	FILE *f = x->opts->trace;

	fprintf(f, "{\"kind\": \"run\", \"schema\": \"%s\", \"scenario\": ", RUN_TRACE_SCHEMA);
	put_str(f, x->scn->name);
	fputs(", \"file\": ", f);
	put_str(f, x->scn->file);
	fprintf(f, ", \"seed\": \"%llu\", \"device\": ", (unsigned long long)res->seed);
	put_str(f, res->device);
	fprintf(f, ", \"revision\": \"%s\", \"mode\": \"%s\", \"instances\": [",
		drv_rev_name(res->rev), addr_mode_name(res->mode));
	for (u32 i = 0; i < res->nr_instances; i++) {
		fputs(i ? ", " : "", f);
		put_str(f, res->instances[i].name);
	}
	fputs("]}\n", f);
	return ferror(f) ? -EIO : 0;
}

int run_trace_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
		 const struct run_metrics *m)
{
	FILE *f = x->opts->trace;

	fprintf(f, "{\"kind\": \"op\", \"op\": %llu, \"instance\": ", (unsigned long long)x->op);
	put_str(f, in->res->name);
	fprintf(f, ", \"line\": %u, \"step\": \"%s\", \"result\": \"%s\", \"addr\": ",
		st->loc.line, scn_op_name(st->op), x->op_err ? xerrname(x->op_err) : "ok");
	if (x->op_addr == U64_MAX)
		fputs("null", f);
	else
		fprintf(f, "\"0x%llx\"", (unsigned long long)x->op_addr);
	fprintf(f, ", \"expansions\": %u, \"failures\": %u, \"phase\": ", x->op_exp,
		x->op_failures);
	if (in->phase == RUN_NONE)
		fputs("null", f);
	else
		put_str(f, in->client->phases[in->phase].name);
	fprintf(f, ", \"time_ns\": %llu", (unsigned long long)sim_now_ns(x->sim));
	for (int v = 0; v < RUN_TL_VALUES; v++)
		fprintf(f, ", \"%s\": %llu", run_tl_value_name(v),
			(unsigned long long)m->v[tl_metric[v]]);
	fprintf(f, ", \"external_fragmentation\": %.17g, \"expansions_total\": %llu, "
		   "\"fragmentation_induced_expansions_total\": %llu, \"search_cost_total\": %llu}\n",
		m->r[RUN_M_EXT_FRAG], (unsigned long long)m->v[RUN_M_EXPANSIONS],
		(unsigned long long)m->v[RUN_M_FRAG_EXPANSIONS],
		(unsigned long long)m->v[RUN_M_SEARCH_COST_TOTAL]);
	return ferror(f) ? -EIO : 0;
}

int run_trace_end(struct run_ctx *x)
{
	FILE *f = x->opts->trace;

	if (!f)
		return 0;
	fprintf(f, "{\"kind\": \"end\", \"ops\": %llu, \"stopped\": %s, \"status\": \"%s\"}\n",
		(unsigned long long)x->res->nr_ops, x->res->stopped ? "true" : "false",
		run_status_name(x->res->status));
	return fflush(f) || ferror(f) ? -EIO : 0;
}
