// SPDX-License-Identifier: MIT
/*
 * run_report.c - the JSON run report (reports/run-report.schema.json).
 * Builds a jansson tree from &struct run_result and dumps it with sorted
 * keys, so the same result always gives the same bytes.
 */
#include "reports/run_report.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "reports/fnth_report.h"
#include "reports/rpt_priv.h"
#include "reports/run_report_cov.h"
#include "reports/run_report_series.h"
#include "reports/run_report_verdict.h"

/* Every json_object_set_new() below steals its value; a NULL value fails it. */
static int put(json_t *obj, const char *key, json_t *val)
{
	return json_object_set_new(obj, key, val) ? -ENOMEM : 0;
}

static json_t *u64_hex(u64 v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return rpt__jstr(buf);
}

static json_t *u64_dec(u64 v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return rpt__jstr(buf);
}

/* Counts and byte sizes stay far below 2^63; clamp rather than wrap. */
static json_t *num(u64 v)
{
	return json_integer(v > (u64)INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *metrics_obj(const struct run_metrics *m)
{
	json_t *o = json_object();
	int ret = o ? 0 : -ENOMEM;

	for (int i = 0; i < RUN_M_COUNT && !ret; i++) {
		enum run_metric k = (enum run_metric)i;

		ret = put(o, run_metric_name(k), run_metric_kind(k) == SCN_METRIC_RATIO ?
			  json_real(m->r[i]) : num(m->v[i]));
	}
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const char *kind_name(enum run_expect_kind k)
{
	return k == RUN_EXPECT_STEP ? "step" : k == RUN_EXPECT_INVARIANT ? "invariant" : "metric";
}

static json_t *expectations(const struct run_result *res)
{
	json_t *o = json_object(), *items = json_array();
	int ret = o && items ? 0 : -ENOMEM;

	for (u32 i = 0; i < res->nr_expects && !ret; i++) {
		const struct run_expect_result *e = &res->expects[i];
		json_t *it = json_object();

		ret = it ? json_array_append_new(items, it) : -ENOMEM;
		ret = ret ?: put(it, "kind", rpt__jstr(kind_name(e->kind)));
		ret = ret ?: put(it, "text", rpt__jstr(e->text));
		ret = ret ?: put(it, "line", num(e->loc.line));
		ret = ret ?: put(it, "column", num(e->loc.column));
		ret = ret ?: put(it, "pass", json_boolean(e->pass));
		ret = ret ?: put(it, "checked", num(e->checked));
		ret = ret ?: put(it, "failed", num(e->failed));
		ret = ret ?: put(it, "detail", rpt__jstr(e->detail));
		ret = ret ?: put(it, "op", e->op == U64_MAX ? json_null() : num(e->op));
		ret = ret ?: put(it, "instance", e->instance >= res->nr_instances ? json_null() :
				 rpt__jstr(res->instances[e->instance].name));
	}
	if (!ret)
		ret = put(o, "items", items);
	else
		json_decref(items);
	ret = ret ?: put(o, "total", num(res->nr_expects));
	ret = ret ?: put(o, "passed", num(res->expects_passed));
	ret = ret ?: put(o, "failed", num(res->expects_failed));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const char *const series_columns[] = {
	"op", "instance", "line", "step", "result", "addr", "expansions", "failures", "phase",
	"time_ns", "committed", "live", "largest_hole", "external_fragmentation", "hole_count",
	"chunks", "live_bos", "expansions_total", "fragmentation_induced_expansions_total",
	"alignment_waste", "search_cost_total",
};

static json_t *series_row(const struct run_result *res, const struct run_op *o)
{
	const struct run_instance_result *ir = &res->instances[o->instance];
	json_t *row = json_array();
	json_t *v[ARRAY_SIZE(series_columns)] = {
		num(o->index),
		rpt__jstr(ir->name),
		num(o->step->loc.line),
		rpt__jstr(scn_op_name(o->step->op)),
		rpt__jstr(o->err ? xerrname(o->err) : "ok"),
		o->addr == U64_MAX ? json_null() : u64_hex(o->addr),
		num(o->expansions),
		num(o->failures),
		o->phase == U32_MAX ? json_null() : rpt__jstr(ir->phases[o->phase].name),
		num(o->time_ns),
		num(o->committed),
		num(o->live),
		num(o->largest_hole),
		json_real(o->ext_frag),
		num(o->holes),
		num(o->chunks),
		num(o->live_bos),
		num(o->cum_expansions),
		num(o->cum_frag_expansions),
		num(o->align_waste),
		num(o->search_cost_total),
	};
	int ret = row ? 0 : -ENOMEM;

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		if (!ret && v[i])
			ret = json_array_append_new(row, v[i]);
		else
			json_decref(v[i]);
		if (!v[i])
			ret = -ENOMEM;
	}
	if (ret) {
		json_decref(row);
		return NULL;
	}
	return row;
}

static json_t *series(const struct run_result *res)
{
	json_t *o = json_object(), *cols = json_array(), *rows = json_array();
	int ret = o && cols && rows ? 0 : -ENOMEM;

	for (size_t i = 0; i < ARRAY_SIZE(series_columns) && !ret; i++)
		ret = json_array_append_new(cols, rpt__jstr(series_columns[i]));
	for (u64 i = 0; i < res->nr_series && !ret; i++) {
		json_t *row = series_row(res, &res->series[i]);

		ret = row ? json_array_append_new(rows, row) : -ENOMEM;
	}
	if (!ret) {
		ret = put(o, "columns", cols);
		cols = NULL;
	}
	if (!ret) {
		ret = put(o, "rows", rows);
		rows = NULL;
	}
	ret = ret ?: put(o, "granularity", rpt__jstr("op"));
	ret = ret ?: put(o, "truncated", json_boolean(res->series_truncated));
	ret = ret ?: put(o, "cap", num(res->series_cap));
	json_decref(cols);
	json_decref(rows);
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *instances(const struct run_result *res)
{
	json_t *arr = json_array();
	int ret = arr ? 0 : -ENOMEM;

	for (u32 g = 0; g < res->nr_instances && !ret; g++) {
		const struct run_instance_result *ir = &res->instances[g];
		const struct scn_client *c = &res->scn->clients[ir->client];
		json_t *o = json_object(), *peak = json_object(), *phases = json_array();

		ret = o && peak && phases ? json_array_append_new(arr, o) : -ENOMEM;
		if (ret) {
			json_decref(o);
			json_decref(peak);
			json_decref(phases);
			break;
		}
		ret = put(o, "name", rpt__jstr(ir->name));
		ret = ret ?: put(o, "client", rpt__jstr(c->name));
		ret = ret ?: put(o, "index", num(ir->index));
		ret = ret ?: put(o, "ops", num(ir->ops));
		ret = ret ?: put(o, "metrics", metrics_obj(&ir->m));
		ret = ret ?: put(peak, "op", ir->peak_op == U64_MAX ? json_null() : num(ir->peak_op));
		ret = ret ?: put(peak, "external_fragmentation", json_real(ir->peak_ext_frag));
		ret = ret ?: put(peak, "largest_hole", num(ir->peak_largest_hole));
		ret = ret ?: put(peak, "live", num(ir->peak_op_live));
		for (u32 p = 0; p < c->nr_phases && !ret; p++) {
			const struct run_phase_result *pr = &ir->phases[p];
			json_t *po = json_object();

			ret = po ? json_array_append_new(phases, po) : -ENOMEM;
			ret = ret ?: put(po, "name", rpt__jstr(pr->name));
			ret = ret ?: put(po, "runs", num(pr->runs));
			ret = ret ?: put(po, "ops", num(pr->ops));
			ret = ret ?: put(po, "metrics", metrics_obj(&pr->m));
		}
		if (!ret)
			ret = put(o, "at_peak_live", peak);
		else
			json_decref(peak);
		if (!ret)
			ret = put(o, "phases", phases);
		else
			json_decref(phases);
	}
	if (ret) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static json_t *summary(const struct run_result *res)
{
	json_t *o = json_object(), *by = json_object();
	int ret = o && by ? 0 : -ENOMEM;

	for (u32 e = 1; e < RUN_MAX_ERRNO && !ret; e++)
		if (res->failures_by_errno[e])
			ret = put(by, xerrname((int)e), num(res->failures_by_errno[e]));
	if (!ret) {
		ret = put(o, "failures_by_errno", by);
		by = NULL;
	}
	json_decref(by);
	ret = ret ?: put(o, "expansions", num(res->total.v[RUN_M_EXPANSIONS]));
	ret = ret ?: put(o, "fragmentation_induced_expansions",
			 num(res->total.v[RUN_M_FRAG_EXPANSIONS]));
	ret = ret ?: put(o, "premature_oom", num(res->total.v[RUN_M_PREMATURE_OOM]));
	ret = ret ?: put(o, "failures", num(res->total.v[RUN_M_FAILURES]));
	ret = ret ?: put(o, "peak_committed", num(res->total.v[RUN_M_PEAK_COMMITTED]));
	ret = ret ?: put(o, "peak_live", num(res->total.v[RUN_M_PEAK_LIVE]));
	ret = ret ?: put(o, "ops", num(res->nr_ops));
	ret = ret ?: put(o, "stopped", json_boolean(res->stopped));
	ret = ret ?: put(o, "sim_time_ns", num(res->sim_time_ns));
	ret = ret ?: put(o, "violations_recorded", num(res->nr_violations));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *violation(const struct run_result *res)
{
	const struct run_violation_info *v = &res->violation;
	json_t *o;
	int ret;

	if (!v->found)
		return json_null();
	o = json_object();
	ret = o ? 0 : -ENOMEM;
	ret = ret ?: put(o, "number", num((u64)v->number));
	ret = ret ?: put(o, "name", rpt__jstr(v->name));
	ret = ret ?: put(o, "why", rpt__jstr(v->why));
	ret = ret ?: put(o, "op", v->op == U64_MAX ? json_null() : num(v->op));
	ret = ret ?: put(o, "instance", v->instance >= res->nr_instances ? json_null() :
			 rpt__jstr(res->instances[v->instance].name));
	ret = ret ?: put(o, "line", v->loc.line ? num(v->loc.line) : json_null());
	ret = ret ?: put(o, "seed", u64_dec(res->seed));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *trace(const struct run_result *res)
{
	json_t *o = json_object(), *ev = json_object(), *msgs = json_object();
	int ret = o && ev && msgs ? 0 : -ENOMEM;

	for (u32 i = 0; i < res->nr_events && !ret; i++)
		ret = put(ev, res->events[i].name, num(res->events[i].count));
	for (u32 i = 0; i < res->nr_msgs && !ret; i++) {
		json_t *m = json_object();

		ret = m ? put(msgs, res->msgs[i].opcode, m) : -ENOMEM;
		ret = ret ?: put(m, "tx", num(res->msgs[i].tx));
		ret = ret ?: put(m, "rx", num(res->msgs[i].rx));
		ret = ret ?: put(m, "rx_failed", num(res->msgs[i].rx_failed));
	}
	if (!ret) {
		ret = put(o, "event_counts", ev);
		ev = NULL;
	}
	if (!ret) {
		ret = put(o, "messages", msgs);
		msgs = NULL;
	}
	ret = ret ?: put(o, "events_total", num(res->events_total));
	json_decref(ev);
	json_decref(msgs);
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The members that grow with a run, written one at a time (struct rpt_deferred). */
#define RUN_DEFERRED 4

/* Put deferred member @build(@res) as @key: its mark in @o, itself in @d[*@nd]. */
static int put_deferred(json_t *o, const char *key, json_t *(*build)(const struct run_result *),
			const struct run_result *res, struct rpt_deferred *d, size_t *nd)
{
	d[*nd].build = build;
	d[*nd].res = res;
	return put(o, key, rpt_deferred_mark((*nd)++));
}

static json_t *run_obj(const struct run_result *res, struct rpt_deferred *d, size_t *nd)
{
	const struct scn *s = res->scn;
	json_t *o = json_object(), *sc = json_object();
	char fw[24];
	int ret = o && sc ? 0 : -ENOMEM;

	if (!s) {
		/* a file that did not load: its name is the file's, no description */
		const char *file = res->input ? res->input : "", *base = strrchr(file, '/');
		size_t len;

		base = base ? base + 1 : file;
		len = strlen(base);
		if (len > 5 && !strcmp(base + len - 5, ".yaml"))
			len -= 5;
		else if (len > 4 && !strcmp(base + len - 4, ".yml"))
			len -= 4;
		ret = ret ?: put(sc, "name", json_stringn(base, len));
		ret = ret ?: put(sc, "file", rpt__jstr(file));
		ret = ret ?: put(sc, "description", json_string(""));
	} else {
		ret = ret ?: put(sc, "name", rpt__jstr(s->name));
		ret = ret ?: put(sc, "file", rpt__jstr(s->file));
		ret = ret ?: put(sc, "description",
				 rpt__jstr(s->description ? s->description : ""));
	}
	if (!ret) {
		ret = put(o, "scenario", sc);
		sc = NULL;
	}
	json_decref(sc);
	ret = ret ?: put(o, "status", rpt__jstr(run_status_name(res->status)));
	if (res->status == RUN_ERROR) {
		ret = ret ?: put(o, "error", rpt__jstr(res->error));
		goto out;
	}
	snprintf(fw, sizeof(fw), "%u.%u", res->fw_major, res->fw_minor);
	ret = ret ?: put(o, "seed", u64_dec(res->seed));
	ret = ret ?: put(o, "device", rpt__jstr(res->device));
	ret = ret ?: put(o, "firmware", rpt__jstr(fw));
	ret = ret ?: put(o, "revision", rpt__jstr(drv_rev_name(res->rev)));
	ret = ret ?: put(o, "mode", rpt__jstr(addr_mode_name(res->mode)));
	ret = ret ?: put(o, "num_heap_pages", num(s->num_heap_pages));
	ret = ret ?: put(o, "schedule", rpt__jstr(scn_schedule_name(s->schedule)));
	ret = ret ?: put(o, "check_every_op", json_boolean(res->check_every_op));
	ret = ret ?: put(o, "bugs", rpt_bug_list(res->bugs));
	ret = ret ?: put(o, "expectations", expectations(res));
	ret = ret ?: put(o, "summary", summary(res));
	ret = ret ?: put(o, "totals", metrics_obj(&res->total));
	ret = ret ?: put(o, "instances", instances(res));
	ret = ret ?: put_deferred(o, "series", series, res, d, nd);
	ret = ret ?: put(o, "first_violation", violation(res));
	ret = ret ?: put(o, "trace", trace(res));
	if (res->fail_nth)
		ret = ret ?: put(o, "fail_nth", rpt_fail_nth_json(res->fail_nth));
	ret = ret ?: put(o, "ledger", rpt_run_ledger_json(res));
	ret = ret ?: put_deferred(o, "heap_ops", rpt_run_heap_ops_json, res, d, nd);
	ret = ret ?: rpt_run_verdict_add(o, res);
	ret = ret ?: put_deferred(o, "timeline", rpt_run_timeline_json, res, d, nd);
	ret = ret ?: put_deferred(o, "pictures", rpt_run_pictures_json, res, d, nd);
out:
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int rpt_run_report_write(FILE *f, const struct run_result *const *runs, size_t n)
{
	json_t *arr = json_array();
	struct rpt_deferred *d = calloc(n ? n * RUN_DEFERRED : 1, sizeof(*d));
	size_t nd = 0;
	int ret = arr && d ? 0 : -ENOMEM;

	for (size_t i = 0; i < n && !ret; i++) {
		json_t *r = run_obj(runs[i], d, &nd);

		ret = r ? json_array_append_new(arr, r) : -ENOMEM;
	}
	if (ret) {
		json_decref(arr);
		free(d);
		return ret;
	}
	ret = rpt__doc_write_deferred(f, "runs", arr, RUN_REPORT_SCHEMA, "xdnasim run", d, nd);
	free(d);
	return ret;
}

struct runs_arg {
	const struct run_result *const *runs;
	size_t n;
};

static int write_runs(FILE *f, void *arg)
{
	const struct runs_arg *a = arg;

	return rpt_run_report_write(f, a->runs, a->n);
}

int rpt_run_report_file(const char *path, const struct run_result *const *runs, size_t n)
{
	struct runs_arg a = { runs, n };

	return rpt__write_with(path, write_runs, &a);
}
