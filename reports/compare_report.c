// SPDX-License-Identifier: MIT
/*
 * compare_report.c - the JSON report of `xdnasim compare` (schema
 * xdnasim-compare/1): per comparison, the scenario and configuration, both
 * sides' verdict, op count, unexpected failures, expectations and job
 * counts, the first divergence (op, what differs, both sides' op) and
 * every end-of-run metric that differs.
 */
#include "reports/compare_report.h"

#include <errno.h>
#include <jansson.h>

#include "common/errname.h"
#include "reports/rpt_priv.h"

static int put(json_t *obj, const char *key, json_t *val)
{
	return val && !json_object_set_new(obj, key, val) ? 0 : -ENOMEM;
}

static json_t *num(u64 v)
{
	return json_integer((json_int_t)v);
}

static json_t *hex(u64 v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *side(const struct run_result *r, const char *name)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:{s:I, s:I}, s:{s:I, s:I, s:I, s:I, s:I}}",
			 "revision", name, "status", run_status_name(r->status),
			 "ops", (json_int_t)r->nr_ops, "failures", (json_int_t)r->failures_total,
			 "expectations", "passed", (json_int_t)r->expects_passed, "total",
			 (json_int_t)r->nr_expects, "jobs", "submitted",
			 (json_int_t)r->total.v[RUN_M_JOBS_SUBMITTED], "completed",
			 (json_int_t)r->total.v[RUN_M_JOBS_COMPLETED], "aborted",
			 (json_int_t)r->total.v[RUN_M_JOBS_ABORTED], "timed_out",
			 (json_int_t)r->total.v[RUN_M_JOBS_TIMED_OUT], "fw_faults",
			 (json_int_t)r->total.v[RUN_M_FW_FAULTS]);
}

static json_t *op_obj(const struct run_op *o)
{
	json_t *j;
	int ret;

	if (!o)
		return json_null();
	j = json_object();
	ret = j ? 0 : -ENOMEM;
	ret = ret ?: put(j, "result", json_string(o->err ? xerrname(o->err) : "ok"));
	ret = ret ?: put(j, "addr", o->addr == U64_MAX ? json_null() : hex(o->addr));
	ret = ret ?: put(j, "expansions", num(o->expansions));
	ret = ret ?: put(j, "job", o->job ? json_string(scn_job_name(o->job - 1)) : json_null());
	if (ret) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *divergence(const struct rpt_compare_pair *p)
{
	const struct run_op *any = p->d.a ? p->d.a : p->d.b;
	json_t *j;
	int ret;

	if (!p->d.found)
		return json_null();
	j = json_object();
	ret = j ? 0 : -ENOMEM;
	ret = ret ?: put(j, "op", num(p->d.op));
	ret = ret ?: put(j, "what", json_string(p->d.what));
	ret = ret ?: put(j, "instance", json_string(p->a->instances[any->instance].name));
	ret = ret ?: put(j, "step", json_string(scn_op_name(any->step->op)));
	ret = ret ?: put(j, "line", num(any->step->loc.line));
	ret = ret ?: put(j, "a", op_obj(p->d.a));
	ret = ret ?: put(j, "b", op_obj(p->d.b));
	if (ret) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Every metric whose end-of-run total differs, in metric order. */
static json_t *deltas(const struct run_result *a, const struct run_result *b)
{
	json_t *arr = json_array();
	int ret = arr ? 0 : -ENOMEM;

	for (int i = 0; i < RUN_M_COUNT && !ret; i++) {
		enum run_metric m = (enum run_metric)i;
		bool ratio = run_metric_kind(m) == SCN_METRIC_RATIO;
		json_t *it;

		if (ratio ? a->total.r[i] == b->total.r[i] : a->total.v[i] == b->total.v[i])
			continue;
		it = ratio ? json_pack("{s:s, s:f, s:f}", "metric", run_metric_name(m), "a",
				       a->total.r[i], "b", b->total.r[i]) :
			     json_pack("{s:s, s:I, s:I}", "metric", run_metric_name(m), "a",
				       (json_int_t)a->total.v[i], "b", (json_int_t)b->total.v[i]);
		ret = it ? json_array_append_new(arr, it) : -ENOMEM;
	}
	if (ret) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static json_t *pair_obj(const struct rpt_compare_pair *p)
{
	const struct run_result *a = p->a;
	json_t *o = json_object();
	char fw[24];
	int ret = o ? 0 : -ENOMEM;

	snprintf(fw, sizeof(fw), "%u.%u", a->fw_major, a->fw_minor);
	ret = ret ?: put(o, "scenario", json_pack("{s:s, s:s}", "name", a->scn->name, "file",
						  a->scn->file));
	ret = ret ?: put(o, "device", json_string(a->device));
	ret = ret ?: put(o, "firmware", json_string(fw));
	ret = ret ?: put(o, "mode", json_string(addr_mode_name(a->mode)));
	snprintf(fw, sizeof(fw), "%llu", (unsigned long long)a->seed);
	ret = ret ?: put(o, "seed", json_string(fw));
	ret = ret ?: put(o, "a", side(a, p->a_name));
	ret = ret ?: put(o, "b", side(p->b, p->b_name));
	ret = ret ?: put(o, "divergence", divergence(p));
	ret = ret ?: put(o, "metric_deltas", deltas(a, p->b));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int rpt_compare_report_write(FILE *f, const struct rpt_compare_pair *pairs, size_t n)
{
	json_t *arr = json_array();
	int ret = arr ? 0 : -ENOMEM;

	for (size_t i = 0; i < n && !ret; i++) {
		json_t *c = pair_obj(&pairs[i]);

		ret = c ? json_array_append_new(arr, c) : -ENOMEM;
	}
	if (ret) {
		json_decref(arr);
		return ret;
	}
	return rpt__doc_write(f, "comparisons", arr, COMPARE_REPORT_SCHEMA, "xdnasim compare");
}

struct pairs_arg {
	const struct rpt_compare_pair *pairs;
	size_t n;
};

static int write_pairs(FILE *f, void *arg)
{
	const struct pairs_arg *a = arg;

	return rpt_compare_report_write(f, a->pairs, a->n);
}

int rpt_compare_report_file(const char *path, const struct rpt_compare_pair *pairs, size_t n)
{
	struct pairs_arg a = { pairs, n };

	return rpt__write_with(path, write_pairs, &a);
}
