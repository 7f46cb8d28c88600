// SPDX-License-Identifier: MIT
/*
 * explore_report.c - the JSON document of `xdnasim explore` (reports/explore_report.h).
 */
#include "reports/explore_report.h"
#include "reports/rpt_priv.h"

#include <errno.h>

static const char *mode_name(enum explore_mode m)
{
	return m == EXPLORE_PCT ? "pct" : "bounded";
}

static int set(json_t *o, const char *k, json_t *v)
{
	return v && !json_object_set_new(o, k, v) ? 0 : -ENOMEM;
}

static json_t *threads(const struct explore_result *r)
{
	json_t *a = json_array();

	for (u32 i = 0; a && i < r->nthreads; i++) {
		const struct explore_thread *t = &r->threads[i];
		json_t *o = json_object();

		if (!o || set(o, "name", rpt__jstr(t->name)) ||
		    set(o, "kind", json_string(t->kind == EXPLORE_T_TDR ? "tdr" :
					       t->kind == EXPLORE_T_PM ? "pm" :
					       t->kind == EXPLORE_T_RX ? "rx" :
					       t->kind == EXPLORE_T_EXEC ? "exec" : "client")) ||
		    set(o, "segments", json_integer(t->nseg)) ||
		    set(o, "instance", json_integer(t->instance)) || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *schedule(const struct explore_result *r)
{
	json_t *a = json_array();

	for (u32 k = 0; a && k < r->nsched; k++) {
		if (json_array_append_new(a, json_integer(r->sched[k]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *doc(const char *input, const struct explore_opts *o, const struct explore_result *r)
{
	json_t *d = json_object(), *opt = json_object(), *st = json_object(), *f = NULL;
	char seed[24];
	int ret = d && opt && st ? 0 : -ENOMEM;

	ret = ret ?: set(opt, "mode", json_string(mode_name(o->mode)));
	ret = ret ?: set(opt, "bound", json_integer(o->bound));
	ret = ret ?: set(opt, "por", json_boolean(!o->no_por));
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)o->seed);
	ret = ret ?: set(opt, "seed", json_string(seed));
	ret = ret ?: set(opt, "runs", json_integer((json_int_t)o->runs));
	ret = ret ?: set(opt, "depth", json_integer(o->depth ? o->depth : 2));
	ret = ret ?: set(opt, "max_schedules", json_integer((json_int_t)o->max_schedules));
	ret = ret ?: set(opt, "metrics", json_boolean(o->metrics));
	ret = ret ?: set(st, "schedules", json_integer((json_int_t)r->st.schedules));
	ret = ret ?: set(st, "states", json_integer((json_int_t)r->st.states));
	ret = ret ?: set(st, "sleep_pruned", json_integer((json_int_t)r->st.sleep_pruned));
	ret = ret ?: set(st, "bound_pruned", json_integer((json_int_t)r->st.bound_pruned));
	ret = ret ?: set(st, "ops", json_integer((json_int_t)r->st.ops));
	ret = ret ?: set(d, "scenario", rpt__jstr(input ? input : ""));
	ret = ret ?: set(d, "revision", json_string(r->revision ? r->revision : "?"));
	ret = ret ?: set(d, "address_mode", json_string(addr_mode_name(r->addr_mode)));
	ret = ret ?: set(d, "options", opt);
	opt = NULL;
	ret = ret ?: set(d, "explored", st);
	st = NULL;
	ret = ret ?: set(d, "threads", threads(r));
	ret = ret ?: set(d, "segments", json_integer((json_int_t)r->nsegments));
	ret = ret ?: set(d, "complete", json_boolean(r->complete));
	ret = ret ?: set(d, "found", json_boolean(r->found));
	ret = ret ?: set(d, "failing_schedules", json_integer((json_int_t)r->failing));
	if (!ret && r->found) {
		f = json_object();
		ret = f ? 0 : -ENOMEM;
		ret = ret ?: set(f, "preemptions", json_integer(r->preemptions));
		ret = ret ?: set(f, "minimised", json_boolean(r->minimised));
		ret = ret ?: set(f, "schedule", schedule(r));
		ret = ret ?: set(f, "first_failure", rpt__jstr(r->why));
		ret = ret ?: set(f, "status", json_string(r->failure == EXPLORE_F_DEADLOCK ? "deadlock" :
							  r->failure == EXPLORE_F_LOCK_ORDER ? "lock_order" :
							  run_status_name(r->run.status)));
		ret = ret ?: set(d, "failure", f);
		f = NULL;
	}
	json_decref(opt);
	json_decref(st);
	json_decref(f);
	if (ret) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int rpt_explore_write(FILE *f, const char *input, const struct explore_opts *o,
		      const struct explore_result *r)
{
	return rpt__doc_write(f, "explore", doc(input, o, r), EXPLORE_SCHEMA, "xdnasim explore");
}

struct wargs {
	const char *input;
	const struct explore_opts *o;
	const struct explore_result *r;
};

static int write_cb(FILE *f, void *ctx)
{
	const struct wargs *a = ctx;

	return rpt_explore_write(f, a->input, a->o, a->r);
}

int rpt_explore_file(const char *path, const char *input, const struct explore_opts *o,
		     const struct explore_result *r)
{
	struct wargs a = { input, o, r };

	return rpt__write_with(path, write_cb, &a);
}
