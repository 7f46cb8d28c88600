// SPDX-License-Identifier: MIT
/*
 * run_report_series.c - the run report's "timeline" (each instance's
 * downsampled series, scenarios/run_series.c) and the report's text
 * layout: jansson's two-space indentation, except that an array holding
 * only scalars is written on one line, so that long series cost about ten
 * bytes per value instead of a line each.
 */
#include "reports/run_report_series.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One column of @t: the values of @get for every point. */
static json_t *column(const struct run_timeline *t, json_t *(*get)(const struct run_point *, int),
		      int arg)
{
	json_t *a = json_array();

	for (u32 i = 0; a && i < t->n; i++) {
		json_t *v = get(&t->pts[i], arg);

		if (!v || json_array_append_new(a, v)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *num(u64 v)
{
	return json_integer(v > (u64)INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *g_op(const struct run_point *p, int k)
{
	return num(k ? p->ops : p->op);
}

static json_t *g_time(const struct run_point *p, int k)
{
	(void)k;
	return num(p->time_ns);
}

static json_t *g_sum(const struct run_point *p, int k)
{
	return num(k ? p->expansions : p->failures);
}

static json_t *g_total(const struct run_point *p, int k)
{
	return num(k == 0 ? p->expansions_total :
		   k == 1 ? p->frag_expansions_total : p->search_cost_total);
}

static json_t *g_last(const struct run_point *p, int v)
{
	return num(p->last[v]);
}

static json_t *g_min(const struct run_point *p, int v)
{
	return num(p->min[v]);
}

static json_t *g_max(const struct run_point *p, int v)
{
	return num(p->max[v]);
}

static json_t *g_ext(const struct run_point *p, int k)
{
	return json_real(k == 0 ? p->ext : k == 1 ? p->ext_min : p->ext_max);
}

static int add_col(json_t *cols, const char *name, const char *suffix, json_t *a)
{
	char key[64];

	if (!a)
		return -ENOMEM;
	snprintf(key, sizeof(key), "%s%s", name, suffix);
	return json_object_set_new(cols, key, a) ? -ENOMEM : 0;
}

static json_t *instance_json(const struct run_result *res, u32 i)
{
	const struct run_timeline *t = &res->timelines[i];
	json_t *cols = json_object();
	int ret = cols ? 0 : -ENOMEM;

	ret = ret ?: add_col(cols, "op", "", column(t, g_op, 0));
	ret = ret ?: add_col(cols, "ops", "", column(t, g_op, 1));
	ret = ret ?: add_col(cols, "time_ns", "", column(t, g_time, 0));
	ret = ret ?: add_col(cols, "failures", "", column(t, g_sum, 0));
	ret = ret ?: add_col(cols, "expansions", "", column(t, g_sum, 1));
	ret = ret ?: add_col(cols, "expansions_total", "", column(t, g_total, 0));
	ret = ret ?: add_col(cols, "fragmentation_induced_expansions_total", "",
			     column(t, g_total, 1));
	ret = ret ?: add_col(cols, "search_cost_total", "", column(t, g_total, 2));
	for (int v = 0; v < RUN_TL_VALUES && !ret; v++) {
		const char *name = run_tl_value_name((enum run_tl_value)v);

		ret = add_col(cols, name, "", column(t, g_last, v));
		ret = ret ?: add_col(cols, name, "_min", column(t, g_min, v));
		ret = ret ?: add_col(cols, name, "_max", column(t, g_max, v));
	}
	ret = ret ?: add_col(cols, "external_fragmentation", "", column(t, g_ext, 0));
	ret = ret ?: add_col(cols, "external_fragmentation", "_min", column(t, g_ext, 1));
	ret = ret ?: add_col(cols, "external_fragmentation", "_max", column(t, g_ext, 2));
	if (ret) {
		json_decref(cols);
		return NULL;
	}
	return json_pack("{s:s, s:I, s:I, s:I, s:o}", "instance", res->instances[i].name,
			 "ops", (json_int_t)t->ops, "ops_per_point", (json_int_t)t->width,
			 "points", (json_int_t)t->n, "columns", cols);
}

json_t *rpt_run_timeline_json(const struct run_result *res)
{
	json_t *arr = json_array();

	for (u32 i = 0; arr && i < res->nr_timelines; i++) {
		json_t *o = instance_json(res, i);

		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (!arr)
		return NULL;
	return json_pack("{s:I, s:o}", "budget", (json_int_t)res->timeline_budget, "instances",
			 arr);
}

/* --- layout ---------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_cb(const char *s, size_t n, void *data)
{
	struct buf *b = data;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* The end of the string literal starting at @s (on its opening quote). */
static const char *skip_string(const char *s)
{
	for (s++; *s && *s != '"'; s++)
		if (*s == '\\' && s[1])
			s++;
	return *s ? s + 1 : s;
}

/*
 * If the array opening at @s holds only scalars, its closing bracket;
 * else NULL.  Looks no further than the first nested '[' or '{'.
 */
static const char *scalar_array_end(const char *s)
{
	for (s++; *s; s++) {
		if (*s == '"')
			s = skip_string(s) - 1;
		else if (*s == '[' || *s == '{')
			return NULL;
		else if (*s == ']')
			return s;
	}
	return NULL;
}

static int emit(FILE *f, const char *s, size_t n)
{
	return n && fwrite(s, 1, n, f) != n ? -EIO : 0;
}

/* @text with every scalar-only array joined onto one line ("[1, 2, 3]"). */
static int write_layout(FILE *f, const char *text)
{
	const char *s = text, *run = text;
	int ret = 0;

	while (*s && !ret) {
		const char *end;

		if (*s == '"') {
			s = skip_string(s);
			continue;
		}
		if (*s != '[' || !(end = scalar_array_end(s))) {
			s++;
			continue;
		}
		ret = emit(f, run, (size_t)(s - run + 1));
		/* the items, each without the newline and indentation around it */
		for (const char *p = s + 1; p < end && !ret;) {
			const char *q;

			while (p < end && (*p == ' ' || *p == '\n'))
				p++;
			for (q = p; q < end && *q != ','; q = *q == '"' ? skip_string(q) : q + 1)
				;
			while (q > p && (q[-1] == ' ' || q[-1] == '\n'))
				q--;
			ret = emit(f, p, (size_t)(q - p));
			while (q < end && *q != ',')
				q++;
			if (q < end) {
				ret = ret ?: emit(f, ", ", 2);
				q++;
			}
			p = q;
		}
		ret = ret ?: emit(f, "]", 1);
		s = run = end + 1;
	}
	return ret ?: emit(f, run, strlen(run));
}

int rpt_json_write(FILE *f, const json_t *doc, size_t flags)
{
	struct buf b = { 0 };
	int ret;

	if (json_dump_callback(doc, buf_cb, &b, flags)) {
		free(b.p);
		return -ENOMEM;
	}
	ret = write_layout(f, b.p ? b.p : "");
	free(b.p);
	return ret;
}
