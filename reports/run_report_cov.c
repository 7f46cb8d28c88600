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
	json_t *rows = json_array(), *c = json_array();

	for (size_t i = 0; c && i < ARRAY_SIZE(cols); i++)
		json_array_append_new(c, json_string(cols[i]));
	for (u64 i = 0; rows && i < res->nr_heap_ops; i++) {
		const struct run_heap_op *o = &res->heap_ops[i];
		json_t *row = json_pack("[s, s, s, o, I, I, I]",
					res->instances[o->instance].name,
					heap_op_name((enum heap_op)o->op),
					o->err ? xerrname(o->err) : "ok", hex_or_null(o->addr),
					(json_int_t)o->size, (json_int_t)o->committed,
					(json_int_t)o->live);

		if (!row || json_array_append_new(rows, row)) {
			json_decref(rows);
			rows = NULL;
		}
	}
	if (!rows || !c) {
		json_decref(rows);
		json_decref(c);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:b, s:I}", "columns", c, "rows", rows, "truncated",
			 res->heap_ops_truncated, "cap", (json_int_t)RUN_HEAP_OPS_MAX);
}
