// SPDX-License-Identifier: MIT
/*
 * runin_page.c - reading what a run's report page needs from a run report
 * (docs/run.md): instance names, the downsampled timeline (or, in reports
 * without one, the per-op series; by column name, so added columns do not
 * matter), the unexpected failures, the expectations that failed, the
 * first violation and the pictures (marks, heap maps, phase spans).  A malformed member is
 * an input error naming FILE:LINE; a member an older report lacks leaves
 * that part of the page empty.
 */
#include "reports/report.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "common/hash.h"
#include "common/parse.h"
#include "reports/rpt_priv.h"
#include "scenarios/run.h"

/* An error at member @key of the run, or at element @i of its member @key. */
#define perr(rd, k, ...) rpt__rerr_at(rd, (struct rpt_jseg[]){ { .key = (k) } }, 1, __VA_ARGS__)
#define perr_at(rd, k, sub, ...) \
	rpt__rerr_at(rd, (struct rpt_jseg[]){ { .key = (k) }, { .key = (sub) } }, 2, __VA_ARGS__)

static u64 uval(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) > 0 ? (u64)json_integer_value(v) : 0;
}

static void copy_str(char *dst, size_t len, json_t *v)
{
	snprintf(dst, len, "%s", json_is_string(v) ? json_string_value(v) : "");
}

static u32 inst_of(struct rpt_run *r, json_t *v)
{
	long i = json_is_string(v) ? rpt__inst_index(r, json_string_value(v)) : -1;

	return i < 0 ? U32_MAX : (u32)i;
}

static bool phase_eq(const void *ctx, size_t i)
{
	const void *const *c = ctx;
	const struct rpt_page *p = c[0];

	return !strcmp(p->phases[i], c[1]);
}

/* The number of phase @v in @p, added on first sight (keyed index, O(1)); U32_MAX: unusable. */
static u32 phase_of(struct rpt_page *p, json_t *v)
{
	const char *name = json_string_value(v);
	const void *ctx[2] = { p, name };
	size_t i;
	u64 h;

	if (!name || strlen(name) >= sizeof(p->phases[0]))
		return U32_MAX;
	h = xhash_str(name);
	i = rpt_index_find(&p->phase_ix, h, phase_eq, ctx);
	if (i != SIZE_MAX)
		return (u32)i;
	if (p->nphases >= U32_MAX)
		return U32_MAX;
	if (!(p->nphases & (p->nphases + 1))) {	/* grow at 1, 3, 7, ... */
		char (*n)[64] = realloc(p->phases, 2 * (p->nphases + 1) * sizeof(*n));

		if (!n)
			return U32_MAX;
		p->phases = n;
	}
	if (rpt_index_add(&p->phase_ix, h, p->nphases))
		return U32_MAX;
	memcpy(p->phases[p->nphases], name, strlen(name) + 1);
	return (u32)p->nphases++;
}

/* Point order: by op, then instance (a point's op is its first). */
static int op_cmp(const void *a, const void *b)
{
	const struct rpt_op *x = a, *y = b;

	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return (x->instance > y->instance) - (x->instance < y->instance);
}

enum {
	C_OP, C_INST, C_FAIL, C_EXP, C_TIME, C_SEARCH, C_EXT, C_COMMITTED, C_LIVE, C_LARGEST,
	C_HOLES, C_WASTE, C_COUNT
};

/* The per-op "series" (reports without a timeline): one point per row. */
static const char *const series_cols[C_COUNT] = {
	"op", "instance", "failures", "expansions", "time_ns", "search_cost_total",
	"external_fragmentation", "committed", "live", "largest_hole", "hole_count",
	"alignment_waste",
};

static void point_set(struct rpt_op *o, int v, u64 last, u64 min, u64 max)
{
	o->last[v] = last;
	o->min[v] = min;
	o->max[v] = max;
}

static int read_series(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	json_t *s = json_object_get(run, "series"), *cols, *rows, *row, *e;
	struct rpt_page *p = &r->page;
	int col[C_COUNT];
	size_t i, j;

	if (!s)
		return 0;
	cols = json_object_get(s, "columns");
	rows = json_object_get(s, "rows");
	if (!json_is_object(s) || !json_is_array(cols) || !json_is_array(rows))
		return perr(rd, "series", "\"series\" needs \"columns\" and \"rows\" arrays");
	for (int c = 0; c < C_COUNT; c++) {
		col[c] = -1;
		json_array_foreach(cols, j, e)
			if (json_is_string(e) && !strcmp(json_string_value(e), series_cols[c]))
				col[c] = (int)j;
	}
	if (col[C_OP] < 0 || col[C_INST] < 0)
		return perr(rd, "series", "\"series\" has no \"op\" or \"instance\" column");
	p->truncated = json_is_true(json_object_get(s, "truncated"));
	p->ops = calloc(json_array_size(rows) + 1, sizeof(*p->ops));
	if (!p->ops)
		return -ENOMEM;
	json_array_foreach(rows, i, row) {
		struct rpt_op *o = &p->ops[p->nops];
		json_t *v[C_COUNT];

		if (!json_is_array(row))
			return perr(rd, "series", "series row %zu is not an array", i);
		for (int c = 0; c < C_COUNT; c++)
			v[c] = col[c] < 0 ? NULL : json_array_get(row, (size_t)col[c]);
		if (!json_is_integer(v[C_OP]) || !json_is_string(v[C_INST]))
			return perr(rd, "series", "series row %zu: malformed op or instance", i);
		o->op = uval(v[C_OP]);
		o->ops = 1;
		o->instance = inst_of(r, v[C_INST]);
		if (o->instance == U32_MAX)
			return perr(rd, "series", "series row %zu: unusable instance name", i);
		o->failures = uval(v[C_FAIL]);
		o->expansions = uval(v[C_EXP]);
		o->time_ns = uval(v[C_TIME]);
		o->search_cost = uval(v[C_SEARCH]);
		o->ext = o->ext_min = o->ext_max =
			json_is_number(v[C_EXT]) ? json_number_value(v[C_EXT]) : 0.0;
		for (int k = 0; k < RPT_V_COUNT; k++)
			point_set(o, k, uval(v[C_COMMITTED + k]), uval(v[C_COMMITTED + k]),
				  uval(v[C_COMMITTED + k]));
		p->nops++;
	}
	qsort(p->ops, p->nops, sizeof(*p->ops), op_cmp);
	return 0;
}

/* The timeline's column @name of instance entry @i: an array of at least @n values. */
static json_t *tl_col(struct rpt_reader *rd, json_t *cols, const char *name, size_t n, size_t i,
		      int *ret)
{
	json_t *a = json_object_get(cols, name);

	if (*ret)
		return NULL;
	if (!json_is_array(a) || json_array_size(a) < n)
		*ret = perr(rd, "timeline", "timeline instance %zu: column \"%s\" missing or shorter "
			    "than \"points\"", i, name);
	return a;
}

static double tl_real(json_t *a, size_t k)
{
	json_t *v = json_array_get(a, k);

	return json_is_number(v) ? json_number_value(v) : 0.0;
}

/* "timeline": {budget, instances: [{instance, points, columns: {NAME: [...]}}]}. */
static int read_timeline(struct rpt_reader *rd, json_t *tl, struct rpt_run *r)
{
	static const char *const vname[RPT_V_COUNT] = {
		"committed", "live", "largest_hole", "hole_count", "alignment_waste",
	};
	json_t *insts = json_object_get(tl, "instances"), *e;
	struct rpt_page *p = &r->page;
	size_t i, total = 0;

	if (!json_is_array(insts))
		return perr(rd, "timeline", "\"timeline\" needs an \"instances\" array");
	json_array_foreach(insts, i, e) {
		u64 n = uval(json_object_get(e, "points"));

		if (n > RPT_TIMELINE_POINTS_MAX || total + n > RPT_TIMELINE_POINTS_MAX)
			return perr(rd, "timeline", "timeline instance %zu: more than %u points in all",
				    i, RPT_TIMELINE_POINTS_MAX);
		total += n;
	}
	p->ops = calloc(total + 1, sizeof(*p->ops));
	if (!p->ops)
		return -ENOMEM;
	p->downsampled = true;
	json_array_foreach(insts, i, e) {
		json_t *cols = json_object_get(e, "columns"), *c[C_COUNT], *mn[RPT_V_COUNT],
		       *mx[RPT_V_COUNT], *emn, *emx;
		size_t n = uval(json_object_get(e, "points"));
		u32 inst = inst_of(r, json_object_get(e, "instance"));
		char key[48];
		int ret = 0;

		if (!json_is_object(cols) || inst == U32_MAX)
			return perr(rd, "timeline", "timeline instance %zu: needs \"instance\" and "
				    "\"columns\"", i);
		for (int k = 0; k < C_COUNT; k++)
			c[k] = k == C_INST ? NULL : tl_col(rd, cols, k == C_SEARCH ?
				"search_cost_total" : series_cols[k], n, i, &ret);
		for (int k = 0; k < RPT_V_COUNT; k++) {
			snprintf(key, sizeof(key), "%s_min", vname[k]);
			mn[k] = tl_col(rd, cols, key, n, i, &ret);
			snprintf(key, sizeof(key), "%s_max", vname[k]);
			mx[k] = tl_col(rd, cols, key, n, i, &ret);
		}
		emn = tl_col(rd, cols, "external_fragmentation_min", n, i, &ret);
		emx = tl_col(rd, cols, "external_fragmentation_max", n, i, &ret);
		c[C_INST] = tl_col(rd, cols, "ops", n, i, &ret);
		if (ret)
			return ret;
		for (size_t k = 0; k < n; k++) {
			struct rpt_op *o = &p->ops[p->nops++];

			o->instance = inst;
			o->op = uval(json_array_get(c[C_OP], k));
			o->ops = uval(json_array_get(c[C_INST], k));
			o->failures = uval(json_array_get(c[C_FAIL], k));
			o->expansions = uval(json_array_get(c[C_EXP], k));
			o->time_ns = uval(json_array_get(c[C_TIME], k));
			o->search_cost = uval(json_array_get(c[C_SEARCH], k));
			o->ext = tl_real(c[C_EXT], k);
			o->ext_min = tl_real(emn, k);
			o->ext_max = tl_real(emx, k);
			for (int v = 0; v < RPT_V_COUNT; v++)
				point_set(o, v, uval(json_array_get(c[C_COMMITTED + v], k)),
					  uval(json_array_get(mn[v], k)),
					  uval(json_array_get(mx[v], k)));
		}
	}
	qsort(p->ops, p->nops, sizeof(*p->ops), op_cmp);
	return 0;
}

/* "pictures.phases": {columns, rows: [[instance, phase, op, last_op, time_ns, end_ns]], dropped}. */
static int read_spans(struct rpt_reader *rd, json_t *ph, struct rpt_run *r)
{
	json_t *rows = json_object_get(ph, "rows"), *row;
	struct rpt_page *p = &r->page;
	size_t i;

	if (!ph)
		return 0;
	if (!json_is_array(rows))
		return perr_at(rd, "pictures", "phases", "\"phases\" needs a \"rows\" array");
	p->spans = calloc(json_array_size(rows) + 1, sizeof(*p->spans));
	if (!p->spans)
		return -ENOMEM;
	p->spans_truncated = uval(json_object_get(ph, "dropped")) > 0;
	json_array_foreach(rows, i, row) {
		struct rpt_span *sp = &p->spans[p->nspans];

		if (json_array_size(row) != 6 || !json_is_string(json_array_get(row, 0)) ||
		    !json_is_string(json_array_get(row, 1)))
			return perr_at(rd, "pictures", "phases", "phases row %zu: malformed", i);
		sp->instance = inst_of(r, json_array_get(row, 0));
		sp->phase = phase_of(p, json_array_get(row, 1));
		if (sp->instance == U32_MAX || sp->phase == U32_MAX)
			return perr_at(rd, "pictures", "phases",
				       "phases row %zu: unusable instance or phase name", i);
		sp->op = uval(json_array_get(row, 2));
		sp->last_op = uval(json_array_get(row, 3));
		sp->time_ns = uval(json_array_get(row, 4));
		sp->end_ns = uval(json_array_get(row, 5));
		if (sp->last_op < sp->op || (p->nspans && sp->op < p->spans[p->nspans - 1].op))
			return perr_at(rd, "pictures", "phases",
				       "phases row %zu: ops out of order", i);
		p->nspans++;
	}
	return 0;
}

static void fail_from(struct rpt_run *r, json_t *it, struct rpt_fail *f)
{
	json_t *op = json_object_get(it, "op");

	copy_str(f->kind, sizeof(f->kind), json_object_get(it, "kind"));
	copy_str(f->text, sizeof(f->text), json_object_get(it, "text"));
	copy_str(f->detail, sizeof(f->detail), json_object_get(it, "detail"));
	f->line = (u32)uval(json_object_get(it, "line"));
	f->column = (u32)uval(json_object_get(it, "column"));
	f->op = json_is_integer(op) ? uval(op) : U64_MAX;
	f->instance = inst_of(r, json_object_get(it, "instance"));
}

static int read_fails(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	json_t *items = json_object_get(json_object_get(run, "expectations"), "items"), *it, *v;
	struct rpt_page *p = &r->page;
	size_t i;

	if (items && !json_is_array(items))
		return perr_at(rd, "expectations", "items", "\"items\" must be an array");
	p->fails = calloc(json_array_size(items) + 1, sizeof(*p->fails));
	if (!p->fails)
		return -ENOMEM;
	json_array_foreach(items, i, it)
		if (json_is_object(it) && json_is_false(json_object_get(it, "pass")))
			fail_from(r, it, &p->fails[p->nfails++]);
	/* the verdict's unexpected failures (docs/run.md "Verdicts"): the first ones, and how many */
	v = json_object_get(run, "failures");
	items = json_object_get(v, "items");
	if (v && (!json_is_object(v) || !json_is_array(items)))
		return perr(rd, "failures", "\"failures\" needs an \"items\" array");
	p->unexp_total = uval(json_object_get(v, "total"));
	p->unexp = calloc(RPT_PAGE_UNEXPECTED_MAX, sizeof(*p->unexp));
	if (!p->unexp)
		return -ENOMEM;
	json_array_foreach(items, i, it) {
		struct rpt_fail *f = &p->unexp[p->nunexp];

		if (p->nunexp == RPT_PAGE_UNEXPECTED_MAX)
			break;
		if (!json_is_object(it))
			continue;
		fail_from(r, it, f);
		copy_str(f->text, sizeof(f->text), json_object_get(it, "step"));
		copy_str(f->detail, sizeof(f->detail), json_object_get(it, "reason"));
		p->nunexp++;
	}
	if (p->unexp_total < p->nunexp)
		p->unexp_total = p->nunexp;
	v = json_object_get(run, "first_violation");
	if (json_is_object(v)) {
		p->has_violation = true;
		fail_from(r, v, &p->violation);
		snprintf(p->violation.kind, sizeof(p->violation.kind), "invariant %llu",
			 (unsigned long long)uval(json_object_get(v, "number")));
		copy_str(p->violation.text, sizeof(p->violation.text), json_object_get(v, "name"));
		copy_str(p->violation.detail, sizeof(p->violation.detail), json_object_get(v, "why"));
	}
	v = json_object_get(run, "summary");
	p->ops_total = uval(json_object_get(v, "ops"));
	p->sim_time_ns = uval(json_object_get(v, "sim_time_ns"));
	p->failures = uval(json_object_get(v, "failures"));
	p->stopped = json_is_true(json_object_get(v, "stopped"));
	return 0;
}

static int read_marks(struct rpt_reader *rd, json_t *marks, struct rpt_run *r)
{
	json_t *rows = json_object_get(marks, "rows"), *row;
	struct rpt_page *p = &r->page;
	size_t i;

	if (!json_is_array(rows))
		return perr_at(rd, "pictures", "marks", "\"marks\" needs a \"rows\" array");
	p->mark_width = uval(json_object_get(marks, "width"));
	p->marks = calloc(json_array_size(rows) + 1, sizeof(*p->marks));
	if (!p->marks)
		return -ENOMEM;
	json_array_foreach(rows, i, row) {
		struct rpt_mark *m = &p->marks[p->nmarks];
		const char *kind = json_string_value(json_array_get(row, 0));
		int k;

		for (k = 0; kind && k < RUN_MARK_COUNT; k++)
			if (!strcmp(kind, run_mark_kind_name((enum run_mark_kind)k)))
				break;
		if (!kind || k == RUN_MARK_COUNT || json_array_size(row) != 8 ||
		    !json_is_integer(json_array_get(row, 2)))
			return perr_at(rd, "pictures", "marks", "marks row %zu: malformed", i);
		m->kind = (u8)k;
		m->instance = json_is_string(json_array_get(row, 1)) ?
			      inst_of(r, json_array_get(row, 1)) : U32_MAX;
		m->op = uval(json_array_get(row, 2));
		m->last_op = uval(json_array_get(row, 3));
		m->count = uval(json_array_get(row, 4));
		m->time_ns = uval(json_array_get(row, 5));
		m->line = (u32)uval(json_array_get(row, 6));
		copy_str(m->detail, sizeof(m->detail), json_array_get(row, 7));
		p->nmarks++;
	}
	return 0;
}

static int read_pairs(json_t *a, u64 **out, u32 *n)
{
	json_t *e;
	size_t i;

	if (!json_is_array(a))
		return -EINVAL;
	*out = calloc(2 * json_array_size(a) + 1, sizeof(u64));
	if (!*out)
		return -ENOMEM;
	json_array_foreach(a, i, e) {
		if (json_array_size(e) != 2 || !json_is_integer(json_array_get(e, 0)) ||
		    !json_is_integer(json_array_get(e, 1)))
			return -EINVAL;
		(*out)[2 * i] = uval(json_array_get(e, 0));
		(*out)[2 * i + 1] = uval(json_array_get(e, 1));
	}
	*n = (u32)json_array_size(a);
	return 0;
}

static int read_maps(struct rpt_reader *rd, json_t *maps, struct rpt_run *r)
{
	struct rpt_page *p = &r->page;
	json_t *m;
	size_t i;

	if (!json_is_array(maps))
		return perr_at(rd, "pictures", "heap_maps", "\"heap_maps\" must be an array");
	p->maps = calloc(json_array_size(maps) + 1, sizeof(*p->maps));
	if (!p->maps)
		return -ENOMEM;
	json_array_foreach(maps, i, m) {
		struct rpt_map *x = &p->maps[p->nmaps++];
		const char *mo = json_string_value(json_object_get(m, "moment"));
		const char *base = json_string_value(json_object_get(m, "base"));
		int k, ret;

		for (k = 0; mo && k < RUN_MAP_MOMENT_COUNT; k++)
			if (!strcmp(mo, run_map_moment_name((enum run_map_moment)k)))
				break;
		x->moment = (u8)k;
		x->instance = inst_of(r, json_object_get(m, "instance"));
		x->op = uval(json_object_get(m, "op"));
		x->time_ns = uval(json_object_get(m, "time_ns"));
		x->committed = uval(json_object_get(m, "committed"));
		x->live = uval(json_object_get(m, "live"));
		x->request = uval(json_object_get(m, "request"));
		x->live_bos = uval(json_object_get(m, "live_bos"));
		if (base && parse_u64(base, &x->base))
			base = NULL;
		ret = read_pairs(json_object_get(m, "chunks"), &x->chunks, &x->nchunks);
		ret = ret ?: read_pairs(json_object_get(m, "holes"), &x->holes, &x->nholes);
		if (ret == -ENOMEM)
			return ret;
		if (ret || !mo || k == RUN_MAP_MOMENT_COUNT || x->instance == U32_MAX ||
		    (!base && x->nchunks))
			return perr_at(rd, "pictures", "heap_maps", "heap map %zu: malformed", i);
	}
	return 0;
}

int rpt__read_page(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	json_t *insts = json_object_get(run, "instances"), *heap = json_object_get(run, "heap_ops");
	json_t *pics = json_object_get(run, "pictures"), *tl, *e;
	size_t i;
	int ret;

	/* every name the page reads may be new: instances, heap ops, then the page's members */
	r->capinst = json_array_size(insts) + json_array_size(json_object_get(heap, "rows")) + 1 +
		     RPT_PAGE_NAMES_MAX;
	r->inst = calloc(r->capinst, sizeof(*r->inst));
	if (!r->inst)
		return -ENOMEM;
	json_array_foreach(insts, i, e)
		if (inst_of(r, json_object_get(e, "name")) == U32_MAX)
			return perr(rd, "instances",
					 "instance %zu has no usable \"name\"", i);
	tl = json_object_get(run, "timeline");
	ret = tl ? read_timeline(rd, tl, r) : read_series(rd, run, r);
	ret = ret ?: read_fails(rd, run, r);
	if (ret || !pics)
		return ret;
	if (!json_is_object(pics))
		return perr(rd, "pictures", "\"pictures\" must be an object");
	ret = read_marks(rd, json_object_get(pics, "marks"), r);
	ret = ret ?: read_maps(rd, json_object_get(pics, "heap_maps"), r);
	ret = ret ?: read_spans(rd, json_object_get(pics, "phases"), r);
	r->page.maps_dropped = uval(json_object_get(pics, "heap_maps_dropped"));
	return ret;
}

void rpt__page_free(struct rpt_run *r)
{
	struct rpt_page *p = &r->page;

	for (size_t i = 0; p->maps && i < p->nmaps; i++) {
		free(p->maps[i].chunks);
		free(p->maps[i].holes);
	}
	free(p->maps);
	free(p->marks);
	free(p->fails);
	free(p->unexp);
	free(p->ops);
	free(p->spans);
	free(p->phases);
	rpt_index_free(&p->phase_ix);
	memset(p, 0, sizeof(*p));
}
