// SPDX-License-Identifier: MIT
/*
 * runin.c - reading run reports (the --json output of `xdnasim run`) and
 * the lcov tracefile into struct rpt_input.  Errors name FILE:LINE:COLUMN:
 * for JSON syntax the parser's position, for a bad field its value, for a
 * bad heap_ops row the row, for a missing field the object's brace.  The
 * positions come from parsing the text along the field's path
 * (rpt__json_locate()), never from searching it.
 */
#include "reports/report.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "common/hash.h"
#include "common/input.h"
#include "common/parse.h"
#include "reports/rpt_priv.h"

int rpt_input_init(struct rpt_input *in, const char *root)
{
	int ret;

	memset(in, 0, sizeof(*in));
	in->root = strdup(root ? root : "");
	if (!in->root)
		return -ENOMEM;
	ret = sim_ledger_init(&in->ledger);
	if (ret) {
		free(in->root);
		in->root = NULL;
	}
	return ret;
}

static void run_free(struct rpt_run *r)
{
	rpt__page_free(r);
	free(r->path);
	free(r->name);
	free(r->file);
	free(r->errnos);
	free(r->series);
	free(r->hits);
	free(r->inst);
	rpt_index_free(&r->inst_ix);
}

void rpt_input_fini(struct rpt_input *in)
{
	for (size_t i = 0; i < in->nruns; i++)
		run_free(&in->runs[i]);
	free(in->runs);
	rpt_index_free(&in->run_ix);
	lcov_free(&in->lcov);
	free(in->lcov_path);
	free(in->root);
	sim_ledger_fini(&in->ledger);
	memset(in, 0, sizeof(*in));
}

#define JK(k) ((struct rpt_jseg){ .key = (k) })
#define JI(i) ((struct rpt_jseg){ .idx = (i) })

/*
 * An error at the current object's path followed by @tail (@n steps): the
 * value there, or the deepest object on the way that exists.  Returns
 * -EINVAL for "return rpt__rerr_at(...)".
 */
int rpt__rerr_at(struct rpt_reader *rd, const struct rpt_jseg *tail, size_t ntail,
		 const char *fmt, ...)
{
	struct rpt_jseg p[ARRAY_SIZE(rd->path) + 2];
	u32 line = 0, column = 0;
	size_t n = rd->depth;
	va_list ap;

	if (!rd->err)
		return -EINVAL;
	memcpy(p, rd->path, n * sizeof(*p));
	for (size_t i = 0; i < ntail && n < ARRAY_SIZE(p); i++)
		p[n++] = tail[i];
	if (rd->text)
		rpt__json_locate(rd->text, rd->len, p, n, &line, &column);
	snprintf(rd->err->file, sizeof(rd->err->file), "%s", rd->path_name);
	rd->err->line = line;
	rd->err->column = column;
	va_start(ap, fmt);
	vsnprintf(rd->err->text, sizeof(rd->err->text), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* At the value of member @key (its object's brace when absent). */
#define rerr_key(rd, key, ...) rpt__rerr_at(rd, (struct rpt_jseg[]){ JK(key) }, 1, __VA_ARGS__)
/* At the key, not the value, of member @key: a message about the key itself. */
#define rerr_at_key(rd, name, ...) \
	rpt__rerr_at(rd, (struct rpt_jseg[]){ { .key = (name), .at_key = true } }, 1, __VA_ARGS__)
/* At element @idx of array member @key. */
#define rerr_elem(rd, key, idx, ...) \
	rpt__rerr_at(rd, (struct rpt_jseg[]){ JK(key), JI(idx) }, 2, __VA_ARGS__)
/* At the current object itself. */
#define rerr_here(rd, ...) rpt__rerr_at(rd, NULL, 0, __VA_ARGS__)

/* Enter member @key of the current object; leave() goes back. */
static void enter(struct rpt_reader *rd, const char *key)
{
	if (rd->depth < ARRAY_SIZE(rd->path))
		rd->path[rd->depth] = JK(key);
	rd->depth++;
}

static void leave(struct rpt_reader *rd, size_t depth)
{
	rd->depth = depth;
}

static int get_u64(struct rpt_reader *rd, json_t *obj, const char *key, bool required, u64 *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			return rerr_key(rd, key, "missing required field \"%s\"", key);
		return 0;
	}
	/* 64-bit values (seeds) come as decimal strings (run-report.schema.json). */
	if (json_is_string(v) && !parse_u64_dec(json_string_value(v), out))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return rerr_key(rd, key, "\"%s\" must be a non-negative integer or a decimal "
				"string", key);
	*out = (u64)json_integer_value(v);
	return 0;
}

static int get_str(struct rpt_reader *rd, json_t *obj, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return rerr_key(rd, key, "missing required field \"%s\"", key);
	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) >= len)
		return rerr_key(rd, key, "\"%s\" must be a non-empty string (< %zu bytes)", key,
				len);
	memcpy(buf, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

static json_t *get_obj(struct rpt_reader *rd, json_t *obj, const char *key, int *ret)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_object(v)) {
		*ret = rerr_key(rd, key, v ? "\"%s\" must be an object" :
				"missing required field \"%s\"", key);
		return NULL;
	}
	*ret = 0;
	return v;
}

static int read_scenario(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	json_t *s = json_object_get(run, "scenario");
	const char *name = json_string_value(json_object_get(s, "name"));
	const char *file = json_string_value(json_object_get(s, "file"));

	if (!json_is_object(s))
		return rerr_key(rd, "scenario", s ? "\"scenario\" must be an object" :
				"missing required field \"scenario\"");
	if (!name || !*name) {
		size_t d = rd->depth;
		int ret;

		enter(rd, "scenario");
		ret = rerr_key(rd, "name", "\"scenario\" has no \"name\" (a non-empty string)");
		leave(rd, d);
		return ret;
	}
	r->name = strdup(name);
	r->file = strdup(file ? file : "");
	return r->name && r->file ? 0 : -ENOMEM;
}

static int read_status(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	const char *st = json_string_value(json_object_get(run, "status"));

	if (!json_object_get(run, "status"))
		return rerr_key(rd, "status", "missing required field \"status\"");
	if (!st || (strcmp(st, "pass") && strcmp(st, "fail") && strcmp(st, "error") &&
		    strcmp(st, "xfail") && strcmp(st, "xpass")))
		return rerr_key(rd, "status",
				"\"status\" must be \"pass\", \"fail\", \"xfail\", \"xpass\" or \"error\"");
	/* XFAIL: the scenario failed as its known bug declares (docs/run.md) */
	r->passed = !strcmp(st, "pass") || !strcmp(st, "xfail");
	r->error = !strcmp(st, "error");
	snprintf(r->status, sizeof(r->status), "%s", st);
	return 0;
}

static int read_expectations(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	int ret;
	json_t *e = get_obj(rd, run, "expectations", &ret);
	size_t d = rd->depth;
	u64 p = 0, f = 0;

	enter(rd, "expectations");
	ret = ret ? ret : get_u64(rd, e, "passed", true, &p);
	ret = ret ? ret : get_u64(rd, e, "failed", true, &f);
	if (!ret && (p > U32_MAX || f > U32_MAX))
		ret = rerr_key(rd, p > U32_MAX ? "passed" : "failed",
			       "expectation counts must be at most %u", U32_MAX);
	leave(rd, d);
	r->exp_passed = (u32)p;
	r->exp_failed = (u32)f;
	return ret;
}

static int errno_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rpt_errno_count *)a)->name,
		      ((const struct rpt_errno_count *)b)->name);
}

static int read_errnos(struct rpt_reader *rd, json_t *fe, struct rpt_run *r)
{
	const char *k;
	json_t *v;

	if (!json_is_object(fe))
		return rerr_key(rd, "failures_by_errno", fe ?
				"\"failures_by_errno\" must be an object" :
				"missing required field \"failures_by_errno\"");
	r->errnos = calloc(json_object_size(fe) + 1, sizeof(*r->errnos));
	if (!r->errnos)
		return -ENOMEM;
	json_object_foreach(fe, k, v) {
		struct rpt_errno_count *c = &r->errnos[r->nerrnos];
		size_t d = rd->depth;
		int ret = 0;

		enter(rd, "failures_by_errno");
		if (strlen(k) >= sizeof(c->name))
			ret = rerr_at_key(rd, k, "failures_by_errno key \"%.40s...\" is longer than %zu "
				       "bytes (an errno name)", k, sizeof(c->name) - 1);
		else if (!json_is_integer(v) || json_integer_value(v) < 0)
			ret = rerr_key(rd, k, "failures_by_errno \"%s\" must be a non-negative "
				       "integer", k);
		leave(rd, d);
		if (ret)
			return ret;
		memcpy(c->name, k, strlen(k) + 1);
		c->n = (u64)json_integer_value(v);
		r->nerrnos++;
	}
	qsort(r->errnos, r->nerrnos, sizeof(*r->errnos), errno_cmp);
	return 0;
}

static int read_metrics(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	int ret;
	json_t *s = get_obj(rd, run, "summary", &ret), *t;
	size_t d = rd->depth;

	enter(rd, "summary");
	ret = ret ? ret : get_u64(rd, s, "expansions", true, &r->expansions);
	ret = ret ? ret : get_u64(rd, s, "fragmentation_induced_expansions", true,
				  &r->frag_expansions);
	ret = ret ? ret : get_u64(rd, s, "premature_oom", true, &r->premature_oom);
	ret = ret ? ret : get_u64(rd, s, "peak_committed", true, &r->peak_committed);
	ret = ret ? ret : get_u64(rd, s, "peak_live", true, &r->peak_live);
	ret = ret ? ret : read_errnos(rd, json_object_get(s, "failures_by_errno"), r);
	leave(rd, d);
	if (ret)
		return ret;
	t = get_obj(rd, run, "totals", &ret);
	enter(rd, "totals");
	ret = ret ? ret : get_u64(rd, t, "alignment_waste", true, &r->align_waste);
	leave(rd, d);
	return ret;
}

static const char *const heap_cols[] = { "instance", "op", "result", "addr", "size",
					 "committed", "live" };
static const char *const op_names[] = {
	[RPT_OP_CHUNK_ADD] = "chunk-add",
	[RPT_OP_BO_ALLOC] = "bo-alloc",
	[RPT_OP_BO_FREE] = "bo-free",
};

static bool inst_eq(const void *ctx, size_t i)
{
	const void *const *c = ctx;
	const struct rpt_run *r = c[0];

	return !strcmp(r->inst[i], c[1]);
}

/* The number of instance @name in @r, added on first sight (keyed index, O(1)). */
long rpt__inst_index(struct rpt_run *r, const char *name)
{
	const void *ctx[2] = { r, name };
	u64 h = xhash_str(name);
	size_t i = rpt_index_find(&r->inst_ix, h, inst_eq, ctx);

	if (i != SIZE_MAX)
		return (long)i;
	if (strlen(name) >= sizeof(r->inst[0]) || r->ninst >= r->capinst)
		return -EINVAL;
	if (rpt_index_add(&r->inst_ix, h, r->ninst))
		return -ENOMEM;
	memcpy(r->inst[r->ninst++], name, strlen(name) + 1);
	return (long)(r->ninst - 1);
}

/* The non-negative integer in row cell @v, or why not (NULL when it is one). */
static const char *cell_u64(json_t *v, u64 *out)
{
	if (!json_is_integer(v))
		return "must be an integer";
	if (json_integer_value(v) < 0)
		return "must not be negative";
	*out = (u64)json_integer_value(v);
	return NULL;
}

static int read_heap_row(struct rpt_reader *rd, json_t *row, const int *col, size_t i,
			 struct rpt_run *r, struct rpt_sample *s)
{
	json_t *v[ARRAY_SIZE(heap_cols)];
	const char *res, *why = NULL;
	size_t bad = 0;
	long inst;
	u64 addr = 0;

	if (!json_is_array(row))
		return rerr_elem(rd, "rows", i, "heap_ops row %zu is not an array", i);
	for (size_t c = 0; c < ARRAY_SIZE(heap_cols); c++)
		v[c] = json_array_get(row, (size_t)col[c]);
	inst = json_is_string(v[0]) ? rpt__inst_index(r, json_string_value(v[0])) : -EINVAL;
	for (s->op = 0; json_is_string(v[1]) && s->op < ARRAY_SIZE(op_names); s->op++)
		if (!strcmp(op_names[s->op], json_string_value(v[1])))
			break;
	res = json_string_value(v[2]);
	s->err = res && strcmp(res, "ok") ? -xerrno_from_name(res) : 0;
	if (json_is_string(v[3]) && parse_u64(json_string_value(v[3]), &addr))
		addr = ~0ULL;
	if (inst < 0)
		why = "must be an instance name (a string under 64 bytes)", bad = 0;
	else if (!json_is_string(v[1]) || s->op == ARRAY_SIZE(op_names))
		why = "must be \"chunk-add\", \"bo-alloc\" or \"bo-free\"", bad = 1;
	else if (!res || (strcmp(res, "ok") && !s->err))
		why = "must be \"ok\" or an errno name", bad = 2;
	else if ((!json_is_string(v[3]) && !json_is_null(v[3])) || addr == ~0ULL)
		why = "must be an address string (\"0x...\") or null", bad = 3;
	else if ((why = cell_u64(v[4], &s->size)))
		bad = 4;
	else if ((why = cell_u64(v[5], &s->committed)))
		bad = 5;
	else if ((why = cell_u64(v[6], &s->live)))
		bad = 6;
	if (why) {
		return rerr_elem(rd, "rows", i, "heap_ops row %zu: \"%s\" %s", i, heap_cols[bad],
				 why);
	}
	s->client = (u32)inst;
	s->addr = json_is_null(v[3]) ? ~0ULL : addr;
	return 0;
}

static int read_heap_ops(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	int ret, col[ARRAY_SIZE(heap_cols)];
	json_t *h = get_obj(rd, run, "heap_ops", &ret);
	json_t *cols = json_object_get(h, "columns"), *rows = json_object_get(h, "rows"), *e;
	size_t i, d = rd->depth;

	if (ret)
		return ret;
	enter(rd, "heap_ops");
	if (!json_is_array(cols) || !json_is_array(rows)) {
		ret = rerr_key(rd, json_is_array(cols) ? "rows" : "columns",
			       "heap_ops needs \"columns\" and \"rows\" arrays");
		leave(rd, d);
		return ret;
	}
	for (size_t c = 0; c < ARRAY_SIZE(heap_cols); c++) {
		col[c] = -1;
		json_array_foreach(cols, i, e)
			if (json_is_string(e) && !strcmp(json_string_value(e), heap_cols[c]))
				col[c] = (int)i;
		if (col[c] < 0) {
			ret = rerr_key(rd, "columns", "heap_ops has no column \"%s\"", heap_cols[c]);
			leave(rd, d);
			return ret;
		}
	}
	r->series = calloc(json_array_size(rows) + 1, sizeof(*r->series));
	if (!r->inst) {
		r->capinst = json_array_size(rows) + 1;
		r->inst = calloc(r->capinst, sizeof(*r->inst));
	}
	if (!r->series || !r->inst) {
		leave(rd, d);
		return -ENOMEM;
	}
	json_array_foreach(rows, i, e) {
		ret = read_heap_row(rd, e, col, i, r, &r->series[i]);
		if (ret)
			break;
		r->nseries++;
	}
	leave(rd, d);
	return ret;
}

/* "ledger": {"keys": N, "hits": {KEY: n}}. */
/*
 * Schema 2 named the revision "design", and "head" meant what is now
 * revision 856409ca: its ledger config keys are read under that name.
 */
static const char *legacy_key(const char *k, int version, char *buf, size_t len)
{
	if (version < 3 && !strncmp(k, "config:head/", 12)) {
		snprintf(buf, len, "config:856409ca/%s", k + 12);
		return buf;
	}
	return k;
}

static int read_ledger(struct rpt_reader *rd, const struct sim_ledger *l, int version, json_t *run,
		       struct rpt_run *r)
{
	char buf[SIM_LKEY_MAX];

	int ret;
	json_t *o = get_obj(rd, run, "ledger", &ret), *hits, *v;
	const char *k;

	if (ret)
		return ret;
	hits = json_object_get(o, "hits");
	enter(rd, "ledger");
	if (!json_is_object(hits))
		ret = rerr_key(rd, "hits", "\"ledger\" needs a \"hits\" object");
	enter(rd, "hits");
	json_object_foreach(hits, k, v) {
		long idx = sim_ledger_find(l, legacy_key(k, version, buf, sizeof(buf)));

		if (ret)
			break;
		if (idx < 0)
			ret = rerr_at_key(rd, k, "ledger key \"%.80s\" is not in this build's universe",
					  k);
		else if (!json_is_integer(v) || json_integer_value(v) < 0)
			ret = rerr_key(rd, k, "ledger \"%s\" must be a non-negative integer", k);
		else
			r->hits[idx] = (u64)json_integer_value(v);
	}
	leave(rd, rd->depth - 2);
	r->has_ledger = !ret;
	return ret;
}

static int read_run(struct rpt_reader *rd, const struct sim_ledger *l, int version, json_t *run,
		    struct rpt_run *r)
{
	int ret;

	if (!json_is_object(run))
		return rerr_here(rd, "a run must be an object");
	r->hits = calloc(l->n + 1, sizeof(*r->hits));
	if (!r->hits)
		return -ENOMEM;
	ret = read_scenario(rd, run, r);
	ret = ret ? ret : read_status(rd, run, r);
	if (ret || r->error)
		return ret;
	ret = get_u64(rd, run, "seed", true, &r->seed);
	ret = ret ? ret : get_str(rd, run, version >= 3 ? "revision" : "design", r->rev,
				  sizeof(r->rev));
	if (!ret && version < 3 && !strcmp(r->rev, "head"))
		snprintf(r->rev, sizeof(r->rev), "856409ca");
	ret = ret ? ret : get_str(rd, run, "mode", r->mode, sizeof(r->mode));
	ret = ret ? ret : get_str(rd, run, "device", r->device, sizeof(r->device));
	ret = ret ? ret : read_expectations(rd, run, r);
	ret = ret ? ret : read_metrics(rd, run, r);
	if (version >= 2) {
		ret = ret ? ret : rpt__read_page(rd, run, r);
		ret = ret ? ret : read_heap_ops(rd, run, r);
		ret = ret ? ret : read_ledger(rd, l, version, run, r);
	}
	return ret;
}

static int add_slot(struct rpt_input *in, struct rpt_run **out)
{
	if (in->nruns == in->capruns) {
		size_t cap = in->capruns ? 2 * in->capruns : 8;
		struct rpt_run *nr = realloc(in->runs, cap * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		in->runs = nr;
		in->capruns = cap;
	}
	*out = &in->runs[in->nruns];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/*
 * A run's identity: scenario, revision, mode, device, seed, error.  Each
 * field is hashed whole (a long name does not make runs collide) and the
 * field hashes are hashed together.
 */
static u64 run_hash(const struct rpt_run *r)
{
	const u64 f[6] = { xhash_str(r->name), xhash_str(r->rev), xhash_str(r->mode),
			   xhash_str(r->device), r->seed, r->error };

	return xhash_bytes(f, sizeof(f));
}

static bool run_eq(const void *ctx, size_t i)
{
	const void *const *c = ctx;
	const struct rpt_input *in = c[0];
	const struct rpt_run *o = &in->runs[i], *r = c[1];

	return !strcmp(o->name, r->name) && !strcmp(o->rev, r->rev) &&
	       !strcmp(o->mode, r->mode) && !strcmp(o->device, r->device) &&
	       o->seed == r->seed && o->error == r->error;
}

/* A second run with the same identity is an error; else index @r (keyed, O(1)). */
static int check_dup(struct rpt_reader *rd, struct rpt_input *in, const struct rpt_run *r)
{
	const void *ctx[2] = { in, r };
	u64 h = run_hash(r);
	size_t i = rpt_index_find(&in->run_ix, h, run_eq, ctx);

	if (i != SIZE_MAX)
		return rerr_key(rd, "scenario",
			    "run of \"%.64s%s\" (%s/%s/%s, seed %llu) already read from %s",
			    r->name, strlen(r->name) > 64 ? "..." : "", r->rev, r->mode,
			    r->device, (unsigned long long)r->seed, in->runs[i].path);
	/* @r becomes runs[nruns] */
	return rpt_index_add(&in->run_ix, h, in->nruns);
}

#define RUN_SCHEMA_PREFIX "xdnasim-run-report/"

static int read_doc(struct rpt_reader *rd, struct rpt_input *in, json_t *root)
{
	json_t *schema = json_object_get(root, "schema"), *runs = json_object_get(root, "runs");
	size_t i;
	u64 version = 0;
	json_t *e;
	int ret = 0;

	rd->depth = 0;
	if (!json_is_object(root))
		return rerr_here(rd, "a run report is a JSON object");
	if (!json_is_string(schema) ||
	    strncmp(json_string_value(schema), RUN_SCHEMA_PREFIX, strlen(RUN_SCHEMA_PREFIX)) ||
	    parse_u64_dec(json_string_value(schema) + strlen(RUN_SCHEMA_PREFIX), &version) ||
	    version < 1 || version > 3)
		return rerr_key(rd, "schema", schema ?
			    "\"schema\" must be \"" RUN_SCHEMA_PREFIX "1\", \"" RUN_SCHEMA_PREFIX
			    "2\" or \"" RUN_SCHEMA_PREFIX "3\"" :
			    "missing required field \"schema\"");
	if (!json_is_array(runs))
		return rerr_key(rd, "runs", runs ? "\"runs\" must be an array" :
			    "missing required field \"runs\"");
	json_array_foreach(runs, i, e) {
		struct rpt_run *r;

		rd->path[0] = JK("runs");
		rd->path[1] = JI(i);
		rd->depth = 2;
		ret = add_slot(in, &r);
		if (ret)
			break;
		r->path = strdup(rd->path_name);
		ret = r->path ? read_run(rd, &in->ledger, (int)version, e, r) : -ENOMEM;
		ret = ret ? ret : check_dup(rd, in, r);
		if (ret) {
			run_free(r);
			break;
		}
		in->nruns++;
	}
	return ret;
}

/* Parse @len bytes of @text (named @name in errors) and read its runs. */
static int read_text(struct rpt_input *in, const char *name, const char *text, size_t len,
		     struct rpt_error *err)
{
	struct rpt_reader rd = { .path_name = name, .err = err, .text = text, .len = len };
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	int ret;

	if (!root) {
		if (err) {
			snprintf(err->file, sizeof(err->file), "%s", name);
			err->line = (unsigned long)(jerr.line > 0 ? jerr.line : 1);
			err->column = (unsigned long)(jerr.column > 0 ? jerr.column : 1);
			snprintf(err->text, sizeof(err->text), "%s", jerr.text);
		}
		return -EINVAL;
	}
	ret = read_doc(&rd, in, root);
	json_decref(root);
	return ret;
}

int rpt_run_read_text(struct rpt_input *in, const char *name, const char *text,
		      struct rpt_error *err)
{
	return read_text(in, name, text, strlen(text), err);
}

int rpt_run_read(struct rpt_input *in, const char *path, struct rpt_error *err)
{
	struct xin_error xe;
	struct xin text;
	int ret;

	ret = xin_read(&text, path, 0, XIN_UTF8, &xe);
	if (ret) {
		if (err) {
			snprintf(err->file, sizeof(err->file), "%s", path);
			err->line = xe.line;
			err->column = xe.column;
			snprintf(err->text, sizeof(err->text), "%s", xe.msg);
		}
		return ret == -EILSEQ ? -EINVAL : ret;
	}
	ret = read_text(in, path, text.buf, text.len, err);
	xin_free(&text);
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
		err->column = le.column;
		snprintf(err->text, sizeof(err->text), "%s", le.text[0] ? le.text : strerror(-ret));
	}
	in->has_lcov = !ret;
	return ret;
}
