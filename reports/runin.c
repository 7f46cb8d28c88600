// SPDX-License-Identifier: MIT
/*
 * runin.c - reading run reports (the --json output of `xdnasim run`) and
 * the lcov tracefile into struct rpt_input.  Errors name FILE:LINE: for
 * JSON syntax the parser's line, for a bad field the line where its key
 * first appears, for a missing field the line of the object's brace.
 */
#include "reports/report.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "reports/rpt_priv.h"

int rpt_input_init(struct rpt_input *in, const char *root)
{
	int ret;

	memset(in, 0, sizeof(*in));
	in->root = strdup(root ? root : "");
	if (!in->root)
		return -ENOMEM;
	ret = rpt_ledger_init(&in->ledger);
	if (ret) {
		free(in->root);
		in->root = NULL;
	}
	return ret;
}

static void run_free(struct rpt_run *r)
{
	free(r->path);
	free(r->name);
	free(r->file);
	free(r->errnos);
	free(r->series);
	free(r->hits);
}

void rpt_input_fini(struct rpt_input *in)
{
	for (size_t i = 0; i < in->nruns; i++)
		run_free(&in->runs[i]);
	free(in->runs);
	lcov_free(&in->lcov);
	free(in->lcov_path);
	free(in->root);
	rpt_ledger_fini(&in->ledger);
	memset(in, 0, sizeof(*in));
}

struct reader {
	const char *path;
	const char *text;
	struct rpt_error *err;
};

static int rerr(struct reader *rd, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rerr(struct reader *rd, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (rd->err) {
		snprintf(rd->err->file, sizeof(rd->err->file), "%s", rd->path);
		rd->err->line = line;
		va_start(ap, fmt);
		vsnprintf(rd->err->text, sizeof(rd->err->text), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Line of the first occurrence of "@key" (with its quotes) in the text; 1 if none. */
static unsigned long key_line(const struct reader *rd, const char *key)
{
	char pat[128];
	const char *p;
	unsigned long line = 1;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	p = rd->text ? strstr(rd->text, pat) : NULL;
	if (!p)
		return 1;
	for (const char *c = rd->text; c < p; c++)
		line += *c == '\n';
	return line;
}

static int get_u64(struct reader *rd, json_t *obj, const char *key, bool required, u64 *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			return rerr(rd, 1, "missing required field \"%s\"", key);
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return rerr(rd, key_line(rd, key), "\"%s\" must be a non-negative integer", key);
	*out = (u64)json_integer_value(v);
	return 0;
}

static int get_str(struct reader *rd, json_t *obj, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return rerr(rd, 1, "missing required field \"%s\"", key);
	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) >= len)
		return rerr(rd, key_line(rd, key), "\"%s\" must be a non-empty string (< %zu bytes)",
			    key, len);
	memcpy(buf, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

/* "passed": true/false, or "result": "pass"/"fail". */
static int get_passed(struct reader *rd, json_t *obj, const char *what, bool *out)
{
	json_t *p = json_object_get(obj, "passed"), *r = json_object_get(obj, "result");

	if (p) {
		if (!json_is_boolean(p))
			return rerr(rd, key_line(rd, "passed"), "%s\"passed\" must be true or false",
				    what);
		*out = json_is_true(p);
		return 0;
	}
	if (r && json_is_string(r) &&
	    (!strcmp(json_string_value(r), "pass") || !strcmp(json_string_value(r), "fail"))) {
		*out = !strcmp(json_string_value(r), "pass");
		return 0;
	}
	if (r)
		return rerr(rd, key_line(rd, "result"), "%s\"result\" must be \"pass\" or \"fail\"",
			    what);
	return rerr(rd, 1, "%smissing required field \"passed\"", what);
}

static int read_scenario(struct reader *rd, json_t *root, struct rpt_run *r)
{
	json_t *s = json_object_get(root, "scenario"), *f = json_object_get(root, "file");
	const char *name = NULL, *file = NULL;

	if (json_is_object(s)) {
		name = json_string_value(json_object_get(s, "name"));
		file = json_string_value(json_object_get(s, "file"));
	} else if (json_is_string(s)) {
		name = json_string_value(s);
	} else if (s) {
		return rerr(rd, key_line(rd, "scenario"),
			    "\"scenario\" must be a string or an object with \"name\"");
	}
	if (!s)
		return rerr(rd, 1, "missing required field \"scenario\"");
	if (!name || !*name)
		return rerr(rd, key_line(rd, "scenario"), "\"scenario\" has no name");
	if (!file && json_is_string(f))
		file = json_string_value(f);
	r->name = strdup(name);
	r->file = strdup(file ? file : "");
	return r->name && r->file ? 0 : -ENOMEM;
}

static int read_expectations(struct reader *rd, json_t *root, struct rpt_run *r)
{
	json_t *a = json_object_get(root, "expectations"), *e;
	size_t i;

	if (!a)
		return 0;
	if (!json_is_array(a))
		return rerr(rd, key_line(rd, "expectations"), "\"expectations\" must be an array");
	json_array_foreach(a, i, e) {
		bool ok;
		char what[48];
		int ret;

		snprintf(what, sizeof(what), "expectations[%zu]: ", i);
		if (!json_is_object(e))
			return rerr(rd, key_line(rd, "expectations"), "%smust be an object", what);
		ret = get_passed(rd, e, what, &ok);
		if (ret)
			return ret;
		if (ok)
			r->exp_passed++;
		else
			r->exp_failed++;
	}
	return 0;
}

static const struct {
	const char *key;
	size_t off;
} metric_fields[] = {
	{ "expansions", offsetof(struct rpt_run, expansions) },
	{ "fragmentation_induced_expansions", offsetof(struct rpt_run, frag_expansions) },
	{ "premature_oom", offsetof(struct rpt_run, premature_oom) },
	{ "peak_committed", offsetof(struct rpt_run, peak_committed) },
	{ "peak_live", offsetof(struct rpt_run, peak_live) },
	{ "alignment_waste", offsetof(struct rpt_run, align_waste) },
};

static int errno_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rpt_errno_count *)a)->name,
		      ((const struct rpt_errno_count *)b)->name);
}

static int read_metrics(struct reader *rd, json_t *root, struct rpt_run *r)
{
	json_t *m = json_object_get(root, "metrics"), *fe, *v;
	const char *k;
	int ret;

	if (!m)
		return 0;
	if (!json_is_object(m))
		return rerr(rd, key_line(rd, "metrics"), "\"metrics\" must be an object");
	for (size_t i = 0; i < ARRAY_SIZE(metric_fields); i++) {
		ret = get_u64(rd, m, metric_fields[i].key, false,
			      (u64 *)((char *)r + metric_fields[i].off));
		if (ret)
			return ret;
	}
	fe = json_object_get(m, "failures_by_errno");
	if (!fe)
		return 0;
	if (!json_is_object(fe))
		return rerr(rd, key_line(rd, "failures_by_errno"),
			    "\"failures_by_errno\" must be an object");
	r->errnos = calloc(json_object_size(fe) + 1, sizeof(*r->errnos));
	if (!r->errnos)
		return -ENOMEM;
	json_object_foreach(fe, k, v) {
		struct rpt_errno_count *c = &r->errnos[r->nerrnos];

		if (!json_is_integer(v) || json_integer_value(v) < 0 || strlen(k) >= sizeof(c->name))
			return rerr(rd, key_line(rd, k),
				    "failures_by_errno \"%s\" must be a non-negative integer", k);
		memcpy(c->name, k, strlen(k) + 1);
		c->n = (u64)json_integer_value(v);
		r->nerrnos++;
	}
	qsort(r->errnos, r->nerrnos, sizeof(*r->errnos), errno_cmp);
	return 0;
}

static const char *const op_names[] = {
	[RPT_OP_CHUNK_ADD] = "chunk-add",
	[RPT_OP_BO_ALLOC] = "bo-alloc",
	[RPT_OP_BO_FREE] = "bo-free",
};

static int read_sample(struct reader *rd, json_t *e, size_t i, struct rpt_sample *s)
{
	json_t *op = json_object_get(e, "op"), *err = json_object_get(e, "err");
	u64 client = 0;
	int ret;

	if (!json_is_object(e))
		return rerr(rd, key_line(rd, "series"), "series[%zu] must be an object", i);
	if (!json_is_string(op))
		return rerr(rd, key_line(rd, "series"), "series[%zu]: \"op\" must be a string", i);
	for (s->op = 0; s->op < ARRAY_SIZE(op_names); s->op++)
		if (!strcmp(op_names[s->op], json_string_value(op)))
			break;
	if (s->op == ARRAY_SIZE(op_names))
		return rerr(rd, key_line(rd, json_string_value(op)),
			    "series[%zu]: unknown op \"%s\" (chunk-add, bo-alloc, bo-free)", i,
			    json_string_value(op));
	if (json_is_integer(err) && json_integer_value(err) <= 0 &&
	    json_integer_value(err) > -4096)
		s->err = (int)json_integer_value(err);
	else if (json_is_string(err))
		s->err = -xerrno_from_name(json_string_value(err));
	else if (err)
		return rerr(rd, key_line(rd, "err"), "series[%zu]: bad \"err\"", i);
	if (json_is_string(err) && !s->err && strcmp(json_string_value(err), "0"))
		return rerr(rd, key_line(rd, "err"), "series[%zu]: unknown errno \"%s\"", i,
			    json_string_value(err));
	ret = get_u64(rd, e, "client", false, &client);
	ret = ret ? ret : get_u64(rd, e, "addr", s->err == 0, &s->addr);
	ret = ret ? ret : get_u64(rd, e, "size", true, &s->size);
	ret = ret ? ret : get_u64(rd, e, "committed", true, &s->committed);
	ret = ret ? ret : get_u64(rd, e, "live", true, &s->live);
	if (ret && rd->err && rd->err->line == 1)
		rd->err->line = key_line(rd, "series");
	s->client = (u32)client;
	return ret;
}

static int read_series(struct reader *rd, json_t *root, struct rpt_run *r)
{
	json_t *a = json_object_get(root, "series"), *e;
	size_t i;
	int ret;

	if (!a)
		return 0;
	if (!json_is_array(a))
		return rerr(rd, key_line(rd, "series"), "\"series\" must be an array");
	r->series = calloc(json_array_size(a) + 1, sizeof(*r->series));
	if (!r->series)
		return -ENOMEM;
	json_array_foreach(a, i, e) {
		ret = read_sample(rd, e, i, &r->series[i]);
		if (ret)
			return ret;
		r->nseries++;
	}
	return 0;
}

/* "ledger": {key: count} or {"hits": {key: count}}. */
static int read_ledger(struct reader *rd, const struct rpt_ledger *l, json_t *root,
		       struct rpt_run *r)
{
	json_t *o = json_object_get(root, "ledger"), *v;
	const char *k;

	r->hits = calloc(l->n + 1, sizeof(*r->hits));
	if (!r->hits)
		return -ENOMEM;
	if (!o)
		return 0;
	if (json_is_object(o) && json_is_object(json_object_get(o, "hits")))
		o = json_object_get(o, "hits");
	if (!json_is_object(o))
		return rerr(rd, key_line(rd, "ledger"), "\"ledger\" must be an object of hit counts");
	json_object_foreach(o, k, v) {
		long idx = rpt_ledger_find(l, k);

		if (idx < 0)
			return rerr(rd, key_line(rd, k),
				    "ledger key \"%s\" is not in this build's universe", k);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return rerr(rd, key_line(rd, k),
				    "ledger \"%s\" must be a non-negative integer", k);
		r->hits[idx] = (u64)json_integer_value(v);
	}
	r->has_ledger = true;
	return 0;
}

static int read_root(struct reader *rd, const struct rpt_ledger *l, json_t *root,
		     struct rpt_run *r)
{
	json_t *schema = json_object_get(root, "schema");
	int ret;

	if (!json_is_object(root))
		return rerr(rd, 1, "a run report is a JSON object");
	if (!schema)
		return rerr(rd, 1, "missing required field \"schema\"");
	if (!json_is_integer(schema) && !json_is_string(schema))
		return rerr(rd, key_line(rd, "schema"), "\"schema\" must be an integer or a string");
	ret = read_scenario(rd, root, r);
	ret = ret ? ret : get_u64(rd, root, "seed", true, &r->seed);
	ret = ret ? ret : get_str(rd, root, "design", r->design, sizeof(r->design));
	ret = ret ? ret : get_str(rd, root, "mode", r->mode, sizeof(r->mode));
	ret = ret ? ret : get_str(rd, root, "device", r->device, sizeof(r->device));
	ret = ret ? ret : get_passed(rd, root, "", &r->passed);
	ret = ret ? ret : read_expectations(rd, root, r);
	ret = ret ? ret : read_metrics(rd, root, r);
	ret = ret ? ret : read_series(rd, root, r);
	ret = ret ? ret : read_ledger(rd, l, root, r);
	return ret;
}

int rpt_run_read(struct rpt_input *in, const char *path, struct rpt_error *err)
{
	struct reader rd = { .path = path, .err = err };
	struct rpt_run *r;
	json_error_t jerr;
	json_t *root;
	char *text;
	int ret;

	text = rpt__slurp(path, NULL, &ret);
	if (!text) {
		rerr(&rd, 0, "%s", strerror(-ret));
		return ret;
	}
	rd.text = text;
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		ret = rerr(&rd, (unsigned long)(jerr.line > 0 ? jerr.line : 1), "%s", jerr.text);
		goto out_text;
	}
	if (in->nruns == in->capruns) {
		size_t cap = in->capruns ? 2 * in->capruns : 8;
		struct rpt_run *nr = realloc(in->runs, cap * sizeof(*nr));

		if (!nr) {
			ret = -ENOMEM;
			goto out_json;
		}
		in->runs = nr;
		in->capruns = cap;
	}
	r = &in->runs[in->nruns];
	memset(r, 0, sizeof(*r));
	r->path = strdup(path);
	ret = r->path ? read_root(&rd, &in->ledger, root, r) : -ENOMEM;
	for (size_t i = 0; !ret && i < in->nruns; i++) {
		const struct rpt_run *o = &in->runs[i];

		if (!strcmp(o->name, r->name) && !strcmp(o->design, r->design) &&
		    !strcmp(o->mode, r->mode) && !strcmp(o->device, r->device) &&
		    o->seed == r->seed)
			ret = rerr(&rd, key_line(&rd, "scenario"),
				   "scenario \"%s\" (%s/%s/%s, seed %llu) already read from %s",
				   r->name, r->design, r->mode, r->device,
				   (unsigned long long)r->seed, o->path);
	}
	if (ret)
		run_free(r);
	else
		in->nruns++;
out_json:
	json_decref(root);
out_text:
	free(text);
	return ret;
}

int rpt_input_set_lcov(struct rpt_input *in, const char *path, struct rpt_error *err)
{
	struct lcov_error le = { 0 };
	int ret;

	lcov_free(&in->lcov);
	free(in->lcov_path);
	in->has_lcov = false;
	in->lcov_path = strdup(path);
	if (!in->lcov_path)
		return -ENOMEM;
	ret = lcov_read(path, &in->lcov, &le);
	if (!ret)
		ret = lcov_merge_by_path(&in->lcov);
	if (ret && err) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		err->line = le.line;
		snprintf(err->text, sizeof(err->text), "%s", le.text[0] ? le.text : strerror(-ret));
	}
	in->has_lcov = !ret;
	return ret;
}
