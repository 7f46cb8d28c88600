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
	free(r->path);
	free(r->name);
	free(r->file);
	free(r->errnos);
	free(r->series);
	free(r->hits);
	free(r->inst);
	rpt__page_free(r);
}

void rpt_input_fini(struct rpt_input *in)
{
	for (size_t i = 0; i < in->nruns; i++)
		run_free(&in->runs[i]);
	free(in->runs);
	lcov_free(&in->lcov);
	free(in->lcov_path);
	free(in->root);
	sim_ledger_fini(&in->ledger);
	memset(in, 0, sizeof(*in));
}

int rpt__rerr(struct rpt_reader *rd, unsigned long line, const char *fmt, ...)
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

static unsigned long line_at(const struct rpt_reader *rd, size_t off)
{
	unsigned long line = 1;

	for (size_t i = 0; i < off && rd->text[i]; i++)
		line += rd->text[i] == '\n';
	return line;
}

/*
 * Line of the first "@key" (quoted) inside the current run's byte range;
 * the range's first line when the key does not occur there (a missing key).
 */
unsigned long rpt__key_line(const struct rpt_reader *rd, const char *key)
{
	char pat[160];
	size_t n = (size_t)snprintf(pat, sizeof(pat), "\"%s\"", key);

	for (size_t i = rd->from; n < sizeof(pat) && i + n <= rd->to; i++)
		if (!memcmp(rd->text + i, pat, n))
			return line_at(rd, i);
	return line_at(rd, rd->from);
}

/*
 * Byte ranges of the elements of the top-level "runs" array, found by a
 * scan that tracks strings and nesting (the text already parsed as JSON).
 */
static size_t run_ranges(const char *t, size_t (*rg)[2], size_t max)
{
	const char *p = strstr(t, "\"runs\"");
	int depth = 0;
	bool str = false;
	size_t n = 0;

	if (!p)
		return 0;
	p = strchr(p, '[');
	for (const char *c = p ? p + 1 : NULL; c && *c; c++) {
		if (str) {
			if (*c == '\\' && c[1])
				c++;
			else if (*c == '"')
				str = false;
			continue;
		}
		if (*c == '"') {
			str = true;
		} else if (*c == '{' || *c == '[') {
			if (!depth++ && *c == '{' && n < max)
				rg[n][0] = (size_t)(c - t);
		} else if (*c == '}' || *c == ']') {
			if (!depth)
				break;
			if (!--depth && n < max)
				rg[n++][1] = (size_t)(c - t) + 1;
		}
	}
	return n;
}

static int get_u64(struct rpt_reader *rd, json_t *obj, const char *key, bool required, u64 *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			return rpt__rerr(rd, rpt__key_line(rd, key), "missing required field \"%s\"", key);
		return 0;
	}
	/* 64-bit values (seeds) may come as decimal strings. */
	if (json_is_string(v) && !parse_u64_dec(json_string_value(v), out))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return rpt__rerr(rd, rpt__key_line(rd, key), "\"%s\" must be a non-negative integer", key);
	*out = (u64)json_integer_value(v);
	return 0;
}

static int get_str(struct rpt_reader *rd, json_t *obj, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return rpt__rerr(rd, rpt__key_line(rd, key), "missing required field \"%s\"", key);
	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) >= len)
		return rpt__rerr(rd, rpt__key_line(rd, key), "\"%s\" must be a non-empty string (< %zu bytes)",
			    key, len);
	memcpy(buf, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

static json_t *get_obj(struct rpt_reader *rd, json_t *obj, const char *key, int *ret)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_object(v)) {
		*ret = rpt__rerr(rd, rpt__key_line(rd, key), v ? "\"%s\" must be an object" :
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
		return rpt__rerr(rd, rpt__key_line(rd, "scenario"), s ? "\"scenario\" must be an object" :
			    "missing required field \"scenario\"");
	if (!name || !*name)
		return rpt__rerr(rd, rpt__key_line(rd, "scenario"), "\"scenario\" has no \"name\"");
	r->name = strdup(name);
	r->file = strdup(file ? file : "");
	return r->name && r->file ? 0 : -ENOMEM;
}

static int read_status(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	const char *st = json_string_value(json_object_get(run, "status"));

	if (!json_object_get(run, "status"))
		return rpt__rerr(rd, rpt__key_line(rd, "status"), "missing required field \"status\"");
	if (!st || (strcmp(st, "pass") && strcmp(st, "fail") && strcmp(st, "error")))
		return rpt__rerr(rd, rpt__key_line(rd, "status"),
			    "\"status\" must be \"pass\", \"fail\" or \"error\"");
	r->passed = !strcmp(st, "pass");
	r->error = !strcmp(st, "error");
	return 0;
}

static int read_expectations(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	int ret;
	json_t *e = get_obj(rd, run, "expectations", &ret);
	u64 p = 0, f = 0;

	ret = ret ? ret : get_u64(rd, e, "passed", true, &p);
	ret = ret ? ret : get_u64(rd, e, "failed", true, &f);
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
		return rpt__rerr(rd, rpt__key_line(rd, "failures_by_errno"), fe ?
			    "\"failures_by_errno\" must be an object" :
			    "missing required field \"failures_by_errno\"");
	r->errnos = calloc(json_object_size(fe) + 1, sizeof(*r->errnos));
	if (!r->errnos)
		return -ENOMEM;
	json_object_foreach(fe, k, v) {
		struct rpt_errno_count *c = &r->errnos[r->nerrnos];

		if (!json_is_integer(v) || json_integer_value(v) < 0 || strlen(k) >= sizeof(c->name))
			return rpt__rerr(rd, rpt__key_line(rd, k),
				    "failures_by_errno \"%s\" must be a non-negative integer", k);
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

	ret = ret ? ret : get_u64(rd, s, "expansions", true, &r->expansions);
	ret = ret ? ret : get_u64(rd, s, "fragmentation_induced_expansions", true,
				  &r->frag_expansions);
	ret = ret ? ret : get_u64(rd, s, "premature_oom", true, &r->premature_oom);
	ret = ret ? ret : get_u64(rd, s, "peak_committed", true, &r->peak_committed);
	ret = ret ? ret : get_u64(rd, s, "peak_live", true, &r->peak_live);
	ret = ret ? ret : read_errnos(rd, json_object_get(s, "failures_by_errno"), r);
	if (ret)
		return ret;
	t = get_obj(rd, run, "totals", &ret);
	return ret ? ret : get_u64(rd, t, "alignment_waste", true, &r->align_waste);
}

static const char *const heap_cols[] = { "instance", "op", "result", "addr", "size",
					 "committed", "live" };
static const char *const op_names[] = {
	[RPT_OP_CHUNK_ADD] = "chunk-add",
	[RPT_OP_BO_ALLOC] = "bo-alloc",
	[RPT_OP_BO_FREE] = "bo-free",
};

long rpt__inst_index(struct rpt_run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ninst; i++)
		if (!strcmp(r->inst[i], name))
			return (long)i;
	if (strlen(name) >= sizeof(r->inst[0]))
		return -EINVAL;
	memcpy(r->inst[r->ninst++], name, strlen(name) + 1);
	return (long)i;
}

static int read_heap_row(struct rpt_reader *rd, json_t *row, const int *col, size_t i,
			 struct rpt_run *r, struct rpt_sample *s)
{
	json_t *v[ARRAY_SIZE(heap_cols)];
	const char *res;
	long inst;
	u64 addr = 0;

	if (!json_is_array(row))
		return rpt__rerr(rd, rpt__key_line(rd, "rows"), "heap_ops row %zu is not an array", i);
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
	if (inst < 0 || !json_is_string(v[1]) || s->op == ARRAY_SIZE(op_names) || !res ||
	    (strcmp(res, "ok") && !s->err) || (!json_is_string(v[3]) && !json_is_null(v[3])) ||
	    addr == ~0ULL || !json_is_integer(v[4]) || !json_is_integer(v[5]) ||
	    !json_is_integer(v[6]))
		return rpt__rerr(rd, rpt__key_line(rd, "rows"), "heap_ops row %zu: malformed", i);
	s->client = (u32)inst;
	s->addr = json_is_null(v[3]) ? ~0ULL : addr;
	s->size = (u64)json_integer_value(v[4]);
	s->committed = (u64)json_integer_value(v[5]);
	s->live = (u64)json_integer_value(v[6]);
	return 0;
}

static int read_heap_ops(struct rpt_reader *rd, json_t *run, struct rpt_run *r)
{
	int ret, col[ARRAY_SIZE(heap_cols)];
	json_t *h = get_obj(rd, run, "heap_ops", &ret);
	json_t *cols = json_object_get(h, "columns"), *rows = json_object_get(h, "rows"), *e;
	size_t i;

	if (ret)
		return ret;
	if (!json_is_array(cols) || !json_is_array(rows))
		return rpt__rerr(rd, rpt__key_line(rd, "heap_ops"), "heap_ops needs \"columns\" and \"rows\" arrays");
	for (size_t c = 0; c < ARRAY_SIZE(heap_cols); c++) {
		col[c] = -1;
		json_array_foreach(cols, i, e)
			if (json_is_string(e) && !strcmp(json_string_value(e), heap_cols[c]))
				col[c] = (int)i;
		if (col[c] < 0)
			return rpt__rerr(rd, rpt__key_line(rd, "columns"), "heap_ops has no column \"%s\"",
				    heap_cols[c]);
	}
	r->series = calloc(json_array_size(rows) + 1, sizeof(*r->series));
	if (!r->inst)
		r->inst = calloc(json_array_size(rows) + 1, sizeof(*r->inst));
	if (!r->series || !r->inst)
		return -ENOMEM;
	json_array_foreach(rows, i, e) {
		ret = read_heap_row(rd, e, col, i, r, &r->series[i]);
		if (ret)
			return ret;
		r->nseries++;
	}
	return 0;
}

/* "ledger": {"keys": N, "hits": {KEY: n}}. */
static int read_ledger(struct rpt_reader *rd, const struct sim_ledger *l, json_t *run,
		       struct rpt_run *r)
{
	int ret;
	json_t *o = get_obj(rd, run, "ledger", &ret), *hits, *v;
	const char *k;

	if (ret)
		return ret;
	hits = json_object_get(o, "hits");
	if (!json_is_object(hits))
		return rpt__rerr(rd, rpt__key_line(rd, "ledger"), "\"ledger\" needs a \"hits\" object");
	json_object_foreach(hits, k, v) {
		long idx = sim_ledger_find(l, k);

		if (idx < 0)
			return rpt__rerr(rd, rpt__key_line(rd, k),
				    "ledger key \"%s\" is not in this build's universe", k);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return rpt__rerr(rd, rpt__key_line(rd, k),
				    "ledger \"%s\" must be a non-negative integer", k);
		r->hits[idx] = (u64)json_integer_value(v);
	}
	r->has_ledger = true;
	return 0;
}

static int read_run(struct rpt_reader *rd, const struct sim_ledger *l, int version, json_t *run,
		    struct rpt_run *r)
{
	int ret;

	if (!json_is_object(run))
		return rpt__rerr(rd, line_at(rd, rd->from), "a run must be an object");
	r->hits = calloc(l->n + 1, sizeof(*r->hits));
	if (!r->hits)
		return -ENOMEM;
	ret = read_scenario(rd, run, r);
	ret = ret ? ret : read_status(rd, run, r);
	if (ret || r->error)
		return ret;
	ret = get_u64(rd, run, "seed", true, &r->seed);
	ret = ret ? ret : get_str(rd, run, "design", r->design, sizeof(r->design));
	ret = ret ? ret : get_str(rd, run, "mode", r->mode, sizeof(r->mode));
	ret = ret ? ret : get_str(rd, run, "device", r->device, sizeof(r->device));
	ret = ret ? ret : read_expectations(rd, run, r);
	ret = ret ? ret : read_metrics(rd, run, r);
	if (version >= 2) {
		ret = ret ? ret : rpt__read_page(rd, run, r);
		ret = ret ? ret : read_heap_ops(rd, run, r);
		ret = ret ? ret : read_ledger(rd, l, run, r);
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

static int check_dup(struct rpt_reader *rd, const struct rpt_input *in, const struct rpt_run *r)
{
	for (size_t i = 0; i < in->nruns; i++) {
		const struct rpt_run *o = &in->runs[i];

		if (!strcmp(o->name, r->name) && !strcmp(o->design, r->design) &&
		    !strcmp(o->mode, r->mode) && !strcmp(o->device, r->device) &&
		    o->seed == r->seed && o->error == r->error)
			return rpt__rerr(rd, rpt__key_line(rd, "scenario"),
				    "run of \"%s\" (%s/%s/%s, seed %llu) already read from %s",
				    r->name, r->design, r->mode, r->device,
				    (unsigned long long)r->seed, o->path);
	}
	return 0;
}

#define RUN_SCHEMA_PREFIX "xdnasim-run-report/"

static int read_doc(struct rpt_reader *rd, struct rpt_input *in, json_t *root)
{
	json_t *schema = json_object_get(root, "schema"), *runs = json_object_get(root, "runs");
	size_t (*rg)[2], nrg, i;
	u64 version = 0;
	json_t *e;
	int ret = 0;

	rd->from = 0;
	rd->to = strlen(rd->text);
	if (!json_is_object(root))
		return rpt__rerr(rd, 1, "a run report is a JSON object");
	if (!json_is_string(schema) ||
	    strncmp(json_string_value(schema), RUN_SCHEMA_PREFIX, strlen(RUN_SCHEMA_PREFIX)) ||
	    parse_u64_dec(json_string_value(schema) + strlen(RUN_SCHEMA_PREFIX), &version) ||
	    version < 1 || version > 2)
		return rpt__rerr(rd, rpt__key_line(rd, "schema"), schema ?
			    "\"schema\" must be \"" RUN_SCHEMA_PREFIX "1\" or \"" RUN_SCHEMA_PREFIX "2\"" :
			    "missing required field \"schema\"");
	if (!json_is_array(runs))
		return rpt__rerr(rd, rpt__key_line(rd, "runs"), runs ? "\"runs\" must be an array" :
			    "missing required field \"runs\"");
	rg = calloc(json_array_size(runs) + 1, sizeof(*rg));
	if (!rg)
		return -ENOMEM;
	nrg = run_ranges(rd->text, rg, json_array_size(runs));
	json_array_foreach(runs, i, e) {
		struct rpt_run *r;

		rd->from = i < nrg ? rg[i][0] : 0;
		rd->to = i < nrg ? rg[i][1] : strlen(rd->text);
		ret = add_slot(in, &r);
		if (ret)
			break;
		r->path = strdup(rd->path);
		ret = r->path ? read_run(rd, &in->ledger, (int)version, e, r) : -ENOMEM;
		ret = ret ? ret : check_dup(rd, in, r);
		if (ret) {
			run_free(r);
			break;
		}
		in->nruns++;
	}
	free(rg);
	return ret;
}

int rpt_run_read_text(struct rpt_input *in, const char *name, const char *text,
		      struct rpt_error *err)
{
	struct rpt_reader rd = { .path = name, .err = err, .text = text };
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	int ret;

	if (!root)
		ret = rpt__rerr(&rd, (unsigned long)(jerr.line > 0 ? jerr.line : 1), "%s", jerr.text);
	else
		ret = read_doc(&rd, in, root);
	json_decref(root);
	return ret;
}

int rpt_run_read(struct rpt_input *in, const char *path, struct rpt_error *err)
{
	struct rpt_reader rd = { .path = path, .err = err };
	char *text;
	int ret;

	text = rpt__slurp(path, NULL, &ret);
	if (!text) {
		rpt__rerr(&rd, 0, "%s", strerror(-ret));
		return ret;
	}
	ret = rpt_run_read_text(in, path, text, err);
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
