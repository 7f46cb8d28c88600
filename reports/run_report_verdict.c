// SPDX-License-Identifier: MIT
/*
 * run_report_verdict.c - the verdict of a run in the JSON run report:
 * every unexpected failure with its place and reason ("failures"), the
 * scenario's declarations ("allow" with how often each entry was used,
 * "known_bug" with whether it applies to the revision run).
 */
#include "reports/run_report_verdict.h"

#include <errno.h>

#include "common/errname.h"

static int put(json_t *obj, const char *key, json_t *val)
{
	return val && !json_object_set_new(obj, key, val) ? 0 : -ENOMEM;
}

static json_t *num(u64 v)
{
	return json_integer((json_int_t)v);
}

static json_t *failures(const struct run_result *res)
{
	json_t *o = json_object(), *items = json_array(), *kinds = json_object();
	int ret = o && items && kinds ? 0 : -ENOMEM;

	for (u32 i = 0; i < res->nr_failures && !ret; i++) {
		const struct run_failure *f = &res->failures[i];
		bool end = f->op == U64_MAX;
		json_t *it = json_object();

		ret = it ? json_array_append_new(items, it) : -ENOMEM;
		ret = ret ?: put(it, "kind", json_string(run_failure_kind_name(f->kind)));
		ret = ret ?: put(it, "file", json_string(res->scn->file));
		ret = ret ?: put(it, "line", end ? json_null() : num(f->loc.line));
		ret = ret ?: put(it, "column", end ? json_null() : num(f->loc.column));
		ret = ret ?: put(it, "step", end ? json_null() : json_string(f->step));
		ret = ret ?: put(it, "op", end ? json_null() : num(f->op));
		ret = ret ?: put(it, "instance", f->instance >= res->nr_instances ? json_null() :
				 json_string(res->instances[f->instance].name));
		ret = ret ?: put(it, "reason", json_string(f->reason));
	}
	for (int k = 0; k < RUN_FK_COUNT && !ret; k++)
		ret = put(kinds, run_failure_kind_name((enum run_failure_kind)k),
			  num(res->failures_by_kind[k]));
	if (!ret) {
		ret = put(o, "items", items);
		items = NULL;
	}
	if (!ret) {
		ret = put(o, "by_kind", kinds);
		kinds = NULL;
	}
	ret = ret ?: put(o, "total", num(res->failures_total));
	ret = ret ?: put(o, "truncated", json_boolean(res->failures_total > res->nr_failures));
	ret = ret ?: put(o, "tolerated", num(res->tolerated));
	json_decref(items);
	json_decref(kinds);
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *allow_item(const struct run_result *res, u32 i)
{
	const struct scn_allow *a = &res->scn->allows[i];
	json_t *it = json_object();
	char st[16];
	int ret = it ? 0 : -ENOMEM;

	ret = ret ?: put(it, "kind", json_string(scn_allow_kind_name(a->kind)));
	switch (a->kind) {
	case SCN_ALLOW_ERRNO:
		ret = ret ?: put(it, "value", json_string(xerrname(a->err)));
		break;
	case SCN_ALLOW_JOB:
		ret = ret ?: put(it, "value", json_string(scn_job_name(a->job)));
		break;
	case SCN_ALLOW_STATUS:
		snprintf(st, sizeof(st), "%#x", a->status);
		ret = ret ?: put(it, "value", json_string(a->status_name ? a->status_name : st));
		break;
	default:
		ret = ret ?: put(it, "value", json_string(a->name));
	}
	ret = ret ?: put(it, "step", a->has_op ? json_string(scn_op_name(a->op)) : json_null());
	ret = ret ?: put(it, "client", a->client ? json_string(a->client) : json_null());
	ret = ret ?: put(it, "count", a->count ? num(a->count) : json_null());
	ret = ret ?: put(it, "line", num(a->loc.line));
	ret = ret ?: put(it, "used", num(res->allow_used ? res->allow_used[i] : 0));
	if (ret) {
		json_decref(it);
		return NULL;
	}
	return it;
}

static json_t *known_bug(const struct run_result *res)
{
	const struct scn_known_bug *kb = res->scn->known_bug;
	json_t *o, *revs;
	int ret;

	if (!kb)
		return json_null();
	o = json_object();
	revs = kb->nr_revisions ? json_array() : json_null();
	ret = o && revs ? 0 : -ENOMEM;
	for (u32 i = 0; i < kb->nr_revisions && !ret; i++)
		ret = json_array_append_new(revs, json_string(kb->revisions[i])) ? -ENOMEM : 0;
	if (!ret) {
		ret = put(o, "revisions", revs);
		revs = NULL;
	}
	ret = ret ?: put(o, "ref", json_string(kb->ref));
	ret = ret ?: put(o, "text", json_string(kb->text));
	ret = ret ?: put(o, "applies", json_boolean(res->known_bug));
	json_decref(revs);
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int rpt_run_verdict_add(json_t *o, const struct run_result *res)
{
	json_t *allow = json_array();
	int ret = allow ? 0 : -ENOMEM;

	for (u32 i = 0; i < res->scn->nr_allows && !ret; i++) {
		json_t *it = allow_item(res, i);

		ret = it ? json_array_append_new(allow, it) : -ENOMEM;
	}
	if (!ret) {
		ret = put(o, "allow", allow);
		allow = NULL;
	}
	json_decref(allow);
	ret = ret ?: put(o, "revision", json_string(res->revision ? res->revision : ""));
	ret = ret ?: put(o, "failures", failures(res));
	ret = ret ?: put(o, "known_bug", known_bug(res));
	return ret;
}
