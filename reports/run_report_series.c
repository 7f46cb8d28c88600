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

/* The mark of deferred member i: a string no report holds otherwise (a control character). */
#define DEFER_MARK "\001rpt-deferred "
#define DEFER_MARK_DUMPED "\"\\u0001rpt-deferred "

json_t *rpt_deferred_mark(size_t i)
{
	char s[64];

	snprintf(s, sizeof(s), DEFER_MARK "%zu", i);
	return json_string(s);
}

static int write_layout(FILE *f, const char *text, size_t flags, const struct rpt_deferred *d,
			size_t nd);

/*
 * Write deferred member @m where its mark starts (@s, in @text): dumped
 * alone with @flags, each of its lines indented like the mark's line, so
 * the bytes are those of the member dumped in place.
 */
static int write_deferred(FILE *f, const char *text, const char *s, size_t flags,
			  const struct rpt_deferred *m)
{
	const char *line = s;
	size_t ind = 0, need, nl = 0, k = 0;
	json_t *v = m->build(m->res);
	char *t, *r;
	int ret;

	while (line > text && line[-1] != '\n')
		line--;
	while (line[ind] == ' ')
		ind++;
	if (!v)
		return -ENOMEM;
	need = json_dumpb(v, NULL, 0, flags | JSON_ENCODE_ANY);
	t = need ? malloc(need + 1) : NULL;
	if (t && json_dumpb(v, t, need, flags | JSON_ENCODE_ANY) != need) {
		free(t);
		t = NULL;
	}
	json_decref(v);
	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < need; i++)
		nl += t[i] == '\n';
	r = malloc(need + nl * ind + 1);
	if (!r) {
		free(t);
		return -ENOMEM;
	}
	for (size_t i = 0; i < need; i++) {
		r[k++] = t[i];
		if (t[i] == '\n') {
			memset(r + k, ' ', ind);
			k += ind;
		}
	}
	r[k] = '\0';
	free(t);
	ret = write_layout(f, r, flags, NULL, 0);
	free(r);
	return ret;
}

/*
 * @text with every scalar-only array joined onto one line ("[1, 2, 3]"),
 * and the marks of the @nd deferred members @d replaced by the members.
 */
static int write_layout(FILE *f, const char *text, size_t flags, const struct rpt_deferred *d,
			size_t nd)
{
	const char *s = text, *run = text;
	int ret = 0;

	while (*s && !ret) {
		const char *end;

		if (*s == '"') {
			const char *q = skip_string(s);
			size_t i = 0, ml = strlen(DEFER_MARK_DUMPED);

			if (nd && !strncmp(s, DEFER_MARK_DUMPED, ml)) {
				for (const char *p = s + ml; *p >= '0' && *p <= '9'; p++)
					i = i * 10 + (size_t)(*p - '0');
				if (i < nd) {
					ret = emit(f, run, (size_t)(s - run));
					ret = ret ?: write_deferred(f, text, s, flags, &d[i]);
					run = q;
				}
			}
			s = q;
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

int rpt_json_write_deferred(FILE *f, const json_t *doc, size_t flags,
			    const struct rpt_deferred *d, size_t nd)
{
	struct buf b = { 0 };
	int ret;

	if (json_dump_callback(doc, buf_cb, &b, flags)) {
		free(b.p);
		return -ENOMEM;
	}
	ret = write_layout(f, b.p ? b.p : "", flags, d, nd);
	free(b.p);
	return ret;
}

int rpt_json_write(FILE *f, const json_t *doc, size_t flags)
{
	return rpt_json_write_deferred(f, doc, flags, NULL, 0);
}
