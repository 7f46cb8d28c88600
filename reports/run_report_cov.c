// SPDX-License-Identifier: MIT
/*
 * run_report_cov.c - the "ledger" and "heap_ops" members of a run in the
 * JSON run report (docs/run.md), read back by `xdnasim report`.
 */
#include "reports/run_report_cov.h"

#include <stdio.h>

#include "alloc/heap_metrics.h"
#include "common/errname.h"
#include "sim/ledger.h"

json_t *rpt_run_ledger_json(const struct run_result *res)
{
	json_t *hits = json_object();
	struct sim_ledger l;

	if (!hits || sim_ledger_init(&l)) {
		json_decref(hits);
		return NULL;
	}
	for (size_t k = 0; res->ledger_hits && k < res->nr_ledger_keys && k < l.n; k++)
		if (res->ledger_hits[k] &&
		    json_object_set_new(hits, l.keys[k].name,
					json_integer((json_int_t)res->ledger_hits[k]))) {
			json_decref(hits);
			hits = NULL;
			break;
		}
	sim_ledger_fini(&l);
	return hits ? json_pack("{s:I, s:o}", "keys", (json_int_t)res->nr_ledger_keys, "hits",
				hits) : NULL;
}

/* Append @item to @arr; on failure drop both and return NULL, else @arr. */
static json_t *append(json_t *arr, json_t *item)
{
	if (!arr || !item) {
		json_decref(arr);
		json_decref(item);
		return NULL;
	}
	if (json_array_append_new(arr, item)) {	/* which has released @item */
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* A JSON array of the @n strings @names. */
static json_t *columns(const char *const *names, size_t n)
{
	json_t *c = json_array();

	for (size_t i = 0; c && i < n; i++)
		c = append(c, json_string(names[i]));
	return c;
}

/* {"columns": @c, "rows": @rows, @key: @val}, or NULL (dropping all) if any is NULL. */
static json_t *table(json_t *c, json_t *rows, const char *key, json_t *val)
{
	if (!rows || !c || !val) {
		json_decref(rows);
		json_decref(c);
		json_decref(val);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o}", "columns", c, "rows", rows, key, val);
}

static json_t *hex_or_null(u64 v)
{
	char buf[24];

	if (v == HEAP_INVALID_ADDR)
		return json_null();
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

json_t *rpt_run_heap_ops_json(const struct run_result *res)
{
	static const char *const cols[] = { RPT_HEAP_OP_COLUMNS };
	json_t *rows = json_array();

	for (u64 i = 0; rows && i < res->nr_heap_ops; i++) {
		const struct run_heap_op *o = &res->heap_ops[i];
		json_t *row = json_pack("[s, s, s, o, I, I, I]",
					res->instances[o->instance].name,
					heap_op_name((enum heap_op)o->op),
					o->err ? xerrname(o->err) : "ok", hex_or_null(o->addr),
					(json_int_t)o->size, (json_int_t)o->committed,
					(json_int_t)o->live);

		rows = append(rows, row);
	}
	rows = table(columns(cols, ARRAY_SIZE(cols)), rows, "truncated",
		     json_boolean(res->heap_ops_truncated));
	if (rows && json_object_set_new(rows, "cap", json_integer((json_int_t)RUN_HEAP_OPS_MAX))) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

static json_t *instance_name(const struct run_result *res, u32 g)
{
	return g < res->nr_instances ? json_string(res->instances[g].name) : json_null();
}

static json_t *marks_json(const struct run_result *res)
{
	static const char *const cols[] = { RPT_MARK_COLUMNS };
	const struct run_pictures *p = &res->pics;
	json_t *rows = json_array();

	for (u32 i = 0; rows && i < p->nr_marks; i++) {
		const struct run_mark *m = &p->marks[i];
		json_t *row = json_pack("[s, o, I, I, I, I, I, s]",
					run_mark_kind_name((enum run_mark_kind)m->kind),
					instance_name(res, m->instance), (json_int_t)m->op,
					(json_int_t)m->last_op, (json_int_t)m->count,
					(json_int_t)m->time_ns, (json_int_t)m->line, m->detail);

		rows = append(rows, row);
	}
	return table(columns(cols, ARRAY_SIZE(cols)), rows, "width",
		     json_integer((json_int_t)(p->mark_width ? p->mark_width : 1)));
}

/* [[a, b], ...] from @n pairs; @base is subtracted from the first of each. */
static json_t *pairs_json(const u64 *v, u32 n, u64 base)
{
	json_t *a = json_array();

	for (u32 i = 0; a && i < n; i++)
		a = append(a, json_pack("[I, I]", (json_int_t)(v[2 * i] - base),
					(json_int_t)v[2 * i + 1]));
	return a;
}

static json_t *map_json(const struct run_result *res, const struct run_heap_map *m)
{
	u64 base = m->nr_chunks ? m->chunks[0] : 0;
	json_t *chunks = pairs_json(m->chunks, m->nr_chunks, base);
	json_t *holes = pairs_json(m->holes, m->nr_holes, base);

	if (!chunks || !holes) {
		json_decref(chunks);
		json_decref(holes);
		return NULL;
	}
	return json_pack("{s:s, s:o, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:o, s:o}",
			 "moment", run_map_moment_name((enum run_map_moment)m->moment),
			 "instance", instance_name(res, m->instance), "op", (json_int_t)m->op,
			 "time_ns", (json_int_t)m->time_ns, "base", hex_or_null(base),
			 "committed", (json_int_t)m->committed, "live", (json_int_t)m->live,
			 "request", (json_int_t)m->request, "live_bos", (json_int_t)m->nr_bos,
			 "chunks", chunks, "holes", holes);
}

static json_t *spans_json(const struct run_result *res)
{
	static const char *const cols[] = { RPT_SPAN_COLUMNS };
	const struct run_pictures *p = &res->pics;
	json_t *rows = json_array();

	for (u32 i = 0; rows && i < p->nr_spans; i++) {
		const struct run_phase_span *sp = &p->spans[i];
		const struct run_instance_result *ir = &res->instances[sp->instance];

		rows = append(rows, json_pack("[s, s, I, I, I, I]", ir->name,
					      ir->phases[sp->phase].name, (json_int_t)sp->op,
					      (json_int_t)sp->last_op, (json_int_t)sp->time_ns,
					      (json_int_t)sp->end_ns));
	}
	return table(columns(cols, ARRAY_SIZE(cols)), rows, "dropped",
		     json_integer((json_int_t)p->spans_dropped));
}

json_t *rpt_run_pictures_json(const struct run_result *res)
{
	json_t *maps = json_array(), *marks = marks_json(res), *spans = spans_json(res);

	for (u32 i = 0; maps && i < res->pics.nr_maps; i++)
		maps = append(maps, map_json(res, &res->pics.maps[i]));
	if (!maps || !marks || !spans) {
		json_decref(maps);
		json_decref(marks);
		json_decref(spans);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:I, s:o}", "marks", marks, "heap_maps", maps,
			 "heap_maps_dropped", (json_int_t)res->pics.maps_dropped, "phases", spans);
}
