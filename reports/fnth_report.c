// SPDX-License-Identifier: MIT
/*
 * fnth_report.c - the "fail_nth" object of a run in the JSON run report
 * (reports/run-report.schema.json, $defs/fail_nth): the fail-nth
 * enumeration of `xdnasim run --fail-nth` (sim/fail_nth.h), one entry per
 * (site, n) run with its outcome, the ledger delta the failed op left and
 * what survived the teardown; and the run's historical-bug switches.
 */
#include "reports/fnth_report.h"
#include "reports/run_report.h"

#include <errno.h>

#include "common/errname.h"

static int put(json_t *obj, const char *key, json_t *val)
{
	return json_object_set_new(obj, key, val) ? -ENOMEM : 0;
}

/* put() steals @*val even when it fails: the caller's pointer is cleared. */
static int hand_over(json_t *obj, const char *key, json_t **val)
{
	json_t *v = *val;

	*val = NULL;
	return put(obj, key, v);
}

static int append(json_t *arr, json_t *val)
{
	return json_array_append_new(arr, val) ? -ENOMEM : 0;
}

static json_t *errno_or_ok(int e)
{
	return json_string(e ? xerrname(e) : "ok");
}

/* The names of the set bits of @bits (bit k < @n named @name(k)), as an array. */
static json_t *name_list(u64 bits, unsigned int n, const char *(*name)(unsigned int))
{
	json_t *a = json_array();
	int ret = a ? 0 : -ENOMEM;

	for (unsigned int k = 0; k < n && !ret; k++)
		if (bits & (1ULL << k))
			ret = append(a, json_string(name(k)));
	if (ret) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *site_list(u64 sites)
{
	return name_list(sites, SIM_FAULT_NR, sim_fault_site_name);
}

static json_t *finding_list(u32 bits)
{
	return name_list(bits, SIM_FIND_NR, sim_fnth_finding_name);
}

static json_t *ledger(const struct sim_fnth_ledger *l)
{
	json_t *o = json_object();
	int ret = o ? 0 : -ENOMEM;

	for (unsigned int i = 0; i < SIM_FNTH_LEDGER_NFIELDS && !ret; i++)
		ret = put(o, sim_fnth_ledger_fields[i].key, json_integer(sim_fnth_ledger_get(l, i)));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *run_row(const struct sim_fnth_row *w)
{
	bool ran = w->outcome != SIM_FNTH_UNTOUCHED;
	json_t *o = json_object();
	int ret = o ? 0 : -ENOMEM;

	ret = ret ?: put(o, "site", json_string(sim_fault_site_name(w->site)));
	ret = ret ?: put(o, "n", json_integer((json_int_t)w->n));
	ret = ret ?: put(o, "outcome", json_string(sim_fnth_outcome_name(w->outcome)));
	ret = ret ?: put(o, "op", ran ? json_string(sim_op_name(w->op)) : json_null());
	ret = ret ?: put(o, "where", ran && w->where[0] ? json_string(w->where) : json_null());
	ret = ret ?: put(o, "result", ran ? errno_or_ok(w->ret) : json_null());
	ret = ret ?: put(o, "expected", ran ? errno_or_ok(w->expected) : json_null());
	ret = ret ?: put(o, "invariant", ran && w->inv >= 0 ? json_integer(w->inv) : json_null());
	ret = ret ?: put(o, "detail", json_string(w->what));
	ret = ret ?: put(o, "findings", finding_list(w->findings));
	ret = ret ?: put(o, "delta", ran ? ledger(&w->delta) : json_null());
	ret = ret ?: put(o, "left", ran ? ledger(&w->left) : json_null());
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *rpt_bug_list(u64 bugs)
{
	return name_list(bugs, SIM_BUG_NR, sim_bug_name);
}

json_t *rpt_fail_nth_json(const struct sim_fnth_report *r)
{
	json_t *o = json_object(), *base = json_object(), *calls = json_object();
	json_t *runs = json_array(), *counts = json_object();
	int ret = o && base && calls && runs && counts ? 0 : -ENOMEM;

	ret = ret ?: put(base, "result", errno_or_ok(r->baseline_ret));
	ret = ret ?: put(base, "invariant", r->baseline_inv >= 0 ?
			 json_integer(r->baseline_inv) : json_null());
	for (u32 s = 0; s < SIM_FAULT_NR && !ret; s++)
		if (r->sites & (1ULL << s))
			ret = put(calls, sim_fault_site_name(s), json_integer((json_int_t)r->calls[s]));
	for (size_t i = 0; i < r->nrows && !ret; i++)
		ret = append(runs, run_row(&r->rows[i]));
	for (unsigned int k = 0; k < SIM_FNTH_NR && !ret; k++)
		ret = put(counts, sim_fnth_outcome_name((enum sim_fnth_outcome)k),
			  json_integer(r->counts[k]));
	ret = ret ?: hand_over(o, "baseline", &base);
	ret = ret ?: hand_over(o, "calls", &calls);
	ret = ret ?: hand_over(o, "runs", &runs);
	ret = ret ?: hand_over(o, "counts", &counts);
	ret = ret ?: put(o, "sites", site_list(r->sites));
	ret = ret ?: put(o, "skipped", site_list(r->skipped));
	ret = ret ?: put(o, "max_n", r->max_n ? json_integer((json_int_t)r->max_n) : json_null());
	ret = ret ?: put(o, "truncated", json_boolean(r->truncated));
	ret = ret ?: put(o, "findings", finding_list(r->findings));
	json_decref(base);
	json_decref(calls);
	json_decref(runs);
	json_decref(counts);
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int rpt_fail_nth_write(FILE *f, const struct sim_fnth_report *r, const char *generator)
{
	json_t *doc = json_object();
	int ret = doc ? 0 : -ENOMEM;

	ret = ret ?: put(doc, "fail_nth", rpt_fail_nth_json(r));
	ret = ret ?: put(doc, "schema", json_string(FAIL_NTH_SCHEMA));
	ret = ret ?: put(doc, "generator", json_string(generator));
	if (!ret && json_dumpf(doc, f, JSON_INDENT(2) | JSON_SORT_KEYS))
		ret = -EIO;
	if (!ret && (fputc('\n', f) == EOF || fflush(f)))
		ret = -EIO;
	json_decref(doc);
	return ret;
}
