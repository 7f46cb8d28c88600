// SPDX-License-Identifier: MIT
/*
 * sweep_report.c - a sweep's CSV, JSON, summary and HTML, and reading and
 * merging sweep JSON (sweep_report.h).  The only sweep code that includes
 * <jansson.h>.
 */
#include "reports/sweep_report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/parse.h"
#include "reports/rpt_priv.h"

static bool is_ratio(int m)
{
	return run_metric_kind((enum run_metric)m) == SCN_METRIC_RATIO;
}

static double value(const struct sweep_row *r, int m)
{
	return is_ratio(m) ? r->m.r[m] : (double)r->m.v[m];
}

static const char *verdict(const struct sweep_row *r)
{
	return run_status_name(r->status);
}

void rpt_sweep_free(struct rpt_sweep *s)
{
	sweep_spec_free(&s->spec);
	free(s->file);
	free(s->name);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

/* --- summary statistics -------------------------------------------------- */

struct stat_acc {
	u64 n;
	double sum, min, max;
};

struct rev_stats {
	u64 runs, passed, failed, errors;
	struct stat_acc m[RUN_M_COUNT];
};

/* Per revision, in cell order (the sums add up in the same order every time). */
static struct rev_stats *stats(const struct rpt_sweep *s)
{
	struct rev_stats *st = calloc(s->spec.nr_revisions ? s->spec.nr_revisions : 1,
				      sizeof(*st));

	for (u64 i = 0; st && i < s->nr; i++) {
		const struct sweep_row *r = &s->rows[i];
		struct rev_stats *t = &st[r->revision];

		t->runs++;
		t->passed += r->status == RUN_PASS;
		t->failed += r->status == RUN_FAIL;
		t->errors += r->status == RUN_ERROR;
		if (r->status == RUN_ERROR)
			continue;
		for (u32 k = 0; k < s->nr_metrics; k++) {
			struct stat_acc *a = &t->m[s->metrics[k]];
			double v = value(r, s->metrics[k]);

			a->min = a->n ? fmin(a->min, v) : v;
			a->max = a->n ? fmax(a->max, v) : v;
			a->sum += v;
			a->n++;
		}
	}
	return st;
}

static double mean(const struct stat_acc *a)
{
	return a->n ? a->sum / (double)a->n : 0;
}

/* A metric value for people: MiB for bytes, 4 decimals for ratios. */
static void human(int m, double v, char *buf, size_t len)
{
	switch (run_metric_kind((enum run_metric)m)) {
	case SCN_METRIC_BYTES:
		snprintf(buf, len, "%.2f MiB", v / (double)SZ_1M);
		break;
	case SCN_METRIC_RATIO:
		snprintf(buf, len, "%.4f", v);
		break;
	default:
		snprintf(buf, len, v == floor(v) ? "%.0f" : "%.2f", v);
	}
}

int rpt_sweep_summary(FILE *f, const struct rpt_sweep *s)
{
	struct rev_stats *st = stats(s);
	char a[40], b[40], c[40];

	if (!st)
		return -ENOMEM;
	fprintf(f, "%-12s %8s %8s %8s %8s\n", "revision", "runs", "passed", "failed", "errors");
	for (u32 i = 0; i < s->spec.nr_revisions; i++)
		fprintf(f, "%-12s %8llu %8llu %8llu %8llu\n", s->spec.revisions[i],
			(unsigned long long)st[i].runs, (unsigned long long)st[i].passed,
			(unsigned long long)st[i].failed, (unsigned long long)st[i].errors);
	fprintf(f, "\n%-34s %-12s %14s %14s %14s\n", "metric", "revision", "mean", "min", "max");
	for (u32 k = 0; k < s->nr_metrics; k++) {
		int m = s->metrics[k];

		for (u32 i = 0; i < s->spec.nr_revisions; i++) {
			const struct stat_acc *x = &st[i].m[m];

			human(m, mean(x), a, sizeof(a));
			human(m, x->min, b, sizeof(b));
			human(m, x->max, c, sizeof(c));
			fprintf(f, "%-34s %-12s %14s %14s %14s\n", run_metric_name((enum run_metric)m),
				s->spec.revisions[i], x->n ? a : "-", x->n ? b : "-", x->n ? c : "-");
		}
	}
	free(st);
	return ferror(f) ? -EIO : 0;
}

/* --- CSV ----------------------------------------------------------------- */

static void csv_field(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int rpt_sweep_csv(FILE *f, const struct rpt_sweep *s)
{
	fprintf(f, "cell,revision,seed");
	for (u32 i = 0; i < s->spec.nr_sets; i++) {
		fputc(',', f);
		csv_field(f, s->spec.sets[i].key);
	}
	fprintf(f, ",verdict,expects_failed,ops");
	for (int m = 0; m < RUN_M_COUNT; m++)
		fprintf(f, ",%s", run_metric_name((enum run_metric)m));
	fputc('\n', f);
	for (u64 i = 0; i < s->nr; i++) {
		const struct sweep_row *r = &s->rows[i];

		fprintf(f, "%llu,", (unsigned long long)r->cell);
		csv_field(f, s->spec.revisions[r->revision]);
		fprintf(f, ",%llu", (unsigned long long)r->seed);
		for (u32 k = 0; k < s->spec.nr_sets; k++) {
			fputc(',', f);
			csv_field(f, s->spec.sets[k].values[r->set[k]]);
		}
		fprintf(f, ",%s,%u,%llu", verdict(r), r->expects_failed, (unsigned long long)r->ops);
		for (int m = 0; m < RUN_M_COUNT; m++) {
			if (r->status == RUN_ERROR)
				fputc(',', f);
			else if (is_ratio(m))
				fprintf(f, ",%.6f", r->m.r[m]);
			else
				fprintf(f, ",%llu", (unsigned long long)r->m.v[m]);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

/* --- JSON ---------------------------------------------------------------- */

/* u64 in JSON: a number when jansson's signed integers hold it, else a string. */
static json_t *u64_json(u64 v)
{
	char buf[24];

	if (v <= (u64)INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return json_string(buf);
}

static json_t *str_list(char **v, u32 n)
{
	json_t *a = json_array();

	for (u32 i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(v[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *matrix_json(const struct rpt_sweep *s)
{
	json_t *seeds = json_array(), *sets = json_array();

	for (u32 i = 0; seeds && i < s->spec.nr_seeds; i++)
		json_array_append_new(seeds, u64_json(s->spec.seeds[i]));
	for (u32 i = 0; sets && i < s->spec.nr_sets; i++)
		json_array_append_new(sets, json_pack("{s:s, s:o*}", "key", s->spec.sets[i].key,
						      "values", str_list(s->spec.sets[i].values,
									 s->spec.sets[i].nr)));
	return json_pack("{s:o*, s:o*, s:o*, s:I}", "revisions",
			 str_list(s->spec.revisions, s->spec.nr_revisions), "seeds", seeds,
			 "sets", sets, "cells", (json_int_t)sweep_cells(&s->spec));
}

static json_t *metrics_json(const struct sweep_row *r)
{
	json_t *o = json_object();

	for (int m = 0; o && m < RUN_M_COUNT; m++)
		json_object_set_new(o, run_metric_name((enum run_metric)m),
				    is_ratio(m) ? json_real(r->m.r[m]) : u64_json(r->m.v[m]));
	return o;
}

static json_t *row_json(const struct rpt_sweep *s, const struct sweep_row *r)
{
	json_t *set = json_object();
	json_t *o;

	for (u32 k = 0; set && k < s->spec.nr_sets; k++)
		json_object_set_new(set, s->spec.sets[k].key,
				    json_string(s->spec.sets[k].values[r->set[k]]));
	o = json_pack("{s:I, s:s, s:o*, s:o*, s:s, s:I, s:I}", "cell", (json_int_t)r->cell,
		      "revision", s->spec.revisions[r->revision], "seed", u64_json(r->seed),
		      "set", set, "verdict", verdict(r), "expects_failed",
		      (json_int_t)r->expects_failed, "ops", (json_int_t)r->ops);
	if (!o)
		return NULL;
	if (r->status == RUN_ERROR)
		json_object_set_new(o, "error", json_string(r->error));
	else
		json_object_set_new(o, "metrics", metrics_json(r));
	return o;
}

static json_t *summary_json(const struct rpt_sweep *s, const struct rev_stats *st)
{
	json_t *a = json_array();

	for (u32 i = 0; a && i < s->spec.nr_revisions; i++) {
		json_t *ms = json_object();

		for (u32 k = 0; ms && k < s->nr_metrics; k++) {
			const struct stat_acc *x = &st[i].m[s->metrics[k]];

			json_object_set_new(ms, run_metric_name((enum run_metric)s->metrics[k]),
					    x->n ? json_pack("{s:f, s:f, s:f}", "mean", mean(x),
							     "min", x->min, "max", x->max)
						 : json_null());
		}
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I, s:I, s:o*}", "revision",
						   s->spec.revisions[i], "runs",
						   (json_int_t)st[i].runs, "passed",
						   (json_int_t)st[i].passed, "failed",
						   (json_int_t)st[i].failed, "errors",
						   (json_int_t)st[i].errors, "metrics", ms));
	}
	return a;
}

int rpt_sweep_json(FILE *f, const struct rpt_sweep *s)
{
	struct rev_stats *st = stats(s);
	json_t *rows = json_array(), *names = json_array(), *doc = NULL;
	int ret = 0;

	for (u64 i = 0; st && rows && i < s->nr; i++)
		if (json_array_append_new(rows, row_json(s, &s->rows[i])))
			ret = -ENOMEM;
	for (u32 k = 0; names && k < s->nr_metrics; k++)
		json_array_append_new(names,
				      json_string(run_metric_name((enum run_metric)s->metrics[k])));
	if (st && rows && names && !ret)
		doc = json_pack("{s:s, s:{s:s, s:s}, s:o, s:{s:i, s:i}, s:O, s:O, s:o*}",
				"schema", SWEEP_SCHEMA, "scenario", "name", s->name, "file",
				s->spec.scenario, "matrix", matrix_json(s), "shard", "index",
				(int)s->spec.shard_index, "count", (int)s->spec.shard_count,
				"summary_metrics", names, "rows", rows, "summary",
				summary_json(s, st));
	if (!doc)
		ret = -ENOMEM;
	if (!ret && (json_dumpf(doc, f, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) ||
		     fputc('\n', f) == EOF))
		ret = -EIO;
	json_decref(doc);
	json_decref(rows);
	json_decref(names);
	free(st);
	return ret ?: (ferror(f) ? -EIO : 0);
}

/* --- HTML ---------------------------------------------------------------- */

#define SVG_W 760
#define SVG_X0 150.0
#define SVG_X1 740.0
#define SVG_BAND 36

static void plot(FILE *f, const struct rpt_sweep *s, const struct rev_stats *st, int m)
{
	double lo = 0, hi = 0, span;
	bool any = false, flat;
	int h = (int)s->spec.nr_revisions * SVG_BAND + 40;
	char a[40], b[40];

	for (u32 i = 0; i < s->spec.nr_revisions; i++) {
		const struct stat_acc *x = &st[i].m[m];

		if (!x->n)
			continue;
		lo = any ? fmin(lo, x->min) : x->min;
		hi = any ? fmax(hi, x->max) : x->max;
		any = true;
	}
	/* every run the same value: one point in the middle, one label */
	flat = hi <= lo;
	span = flat ? 1 : hi - lo;
	if (flat)
		lo -= 0.5;
#define X(v) (SVG_X0 + ((v) - lo) / span * (SVG_X1 - SVG_X0))
	fprintf(f, "<h2>%s</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\">\n", run_metric_name((enum run_metric)m),
		SVG_W, h, SVG_W, h);
	for (u32 i = 0; i < s->spec.nr_revisions; i++) {
		const struct stat_acc *x = &st[i].m[m];
		int y = 20 + (int)i * SVG_BAND + SVG_BAND / 2;

		fprintf(f, "<text x=\"4\" y=\"%d\">", y + 4);
		rpt__xml_put(f, s->spec.revisions[i]);
		fprintf(f, "</text>\n");
		if (!x->n)
			continue;
		fprintf(f, "<line class=\"range\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
			X(x->min), y, X(x->max), y);
		fprintf(f, "<line class=\"mean\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
			X(mean(x)), y - SVG_BAND / 2 + 3, X(mean(x)), y + SVG_BAND / 2 - 3);
	}
	for (u64 k = 0; k < s->nr; k++) {
		const struct sweep_row *r = &s->rows[k];
		int y = 20 + (int)r->revision * SVG_BAND + SVG_BAND / 2;
		/* a fixed jitter from the cell number spreads equal values apart */
		int dy = (int)((r->cell * 2654435761u) % 21) - 10;

		if (r->status == RUN_ERROR)
			continue;
		fprintf(f, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"3\"><title>cell %llu, "
			"seed %llu: %.17g</title></circle>\n", verdict(r), X(value(r, m)), y + dy,
			(unsigned long long)r->cell, (unsigned long long)r->seed, value(r, m));
	}
	human(m, lo, a, sizeof(a));
	human(m, hi, b, sizeof(b));
	if (!any)
		fprintf(f, "<text x=\"%.0f\" y=\"%d\">no runs</text>\n", SVG_X0, h - 4);
	else if (flat)
		fprintf(f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">every run: %s</text>\n",
			(SVG_X0 + SVG_X1) / 2, h - 4, b);
	else
		fprintf(f, "<text x=\"%.0f\" y=\"%d\">%s</text>\n<text x=\"%.0f\" y=\"%d\" "
			"text-anchor=\"end\">%s</text>\n", SVG_X0, h - 4, a, SVG_X1, h - 4, b);
	fprintf(f, "</svg>\n");
#undef X
}

int rpt_sweep_html(FILE *f, const struct rpt_sweep *s)
{
	struct rev_stats *st = stats(s);

	if (!st)
		return -ENOMEM;
	fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>xdnasim sweep: ");
	rpt__xml_put(f, s->name);
	fprintf(f, "</title>\n<style>\nbody { font: 14px sans-serif; margin: 2em; }\n"
		"table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: right; }\n"
		"th:first-child, td:first-child { text-align: left; }\n"
		"svg text { font: 12px sans-serif; }\n"
		".pass { fill: #2b6cb0; fill-opacity: 0.45; } .fail { fill: #c53030; }\n"
		".range { stroke: #999; stroke-width: 2; } .mean { stroke: #000; stroke-width: 2; }\n"
		"</style></head><body>\n<h1>sweep: ");
	rpt__xml_put(f, s->name);
	fprintf(f, "</h1>\n<p><code>");
	rpt__xml_put(f, s->spec.scenario);
	fprintf(f, "</code>: %llu runs", (unsigned long long)s->nr);
	if (s->spec.shard_count > 1)
		fprintf(f, " (shard %u/%u)", s->spec.shard_index, s->spec.shard_count);
	fprintf(f, ". Each dot is one run (blue: pass, red: fail), the black bar the mean, "
		"the grey line min to max.</p>\n<table><tr><th>revision</th><th>runs</th>"
		"<th>passed</th><th>failed</th><th>errors</th></tr>\n");
	for (u32 i = 0; i < s->spec.nr_revisions; i++) {
		fprintf(f, "<tr><td>");
		rpt__xml_put(f, s->spec.revisions[i]);
		fprintf(f, "</td><td>%llu</td><td>%llu</td><td>%llu</td><td>%llu</td></tr>\n",
			(unsigned long long)st[i].runs, (unsigned long long)st[i].passed,
			(unsigned long long)st[i].failed, (unsigned long long)st[i].errors);
	}
	fprintf(f, "</table>\n");
	for (u32 k = 0; k < s->nr_metrics; k++)
		plot(f, s, st, s->metrics[k]);
	fprintf(f, "</body></html>\n");
	free(st);
	return ferror(f) ? -EIO : 0;
}

struct file_ctx {
	int (*writer)(FILE *f, const struct rpt_sweep *s);
	const struct rpt_sweep *s;
};

static int file_cb(FILE *f, void *ctx)
{
	const struct file_ctx *c = ctx;

	return c->writer(f, c->s);
}

int rpt_sweep_file(const char *path, int (*writer)(FILE *f, const struct rpt_sweep *s),
		   const struct rpt_sweep *s)
{
	struct file_ctx c = { writer, s };

	return rpt__write_with(path, file_cb, &c);
}

/* --- reading and merging --------------------------------------------------- */

static int bad(char *err, size_t len, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, len, "%s: ", path);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(err + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int get_u64(const json_t *j, u64 *v)
{
	if (json_is_integer(j) && json_integer_value(j) >= 0) {
		*v = (u64)json_integer_value(j);
		return 0;
	}
	if (json_is_string(j) && !parse_u64(json_string_value(j), v))
		return 0;
	return -EINVAL;
}

static int get_strs(const json_t *a, char ***out, u32 *nr)
{
	size_t n = json_array_size(a);
	char **v;

	if (!json_is_array(a) || !n || n > SWEEP_MAX_VALUES)
		return -EINVAL;
	v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	*out = v;
	*nr = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (!s)
			return -EINVAL;
		v[i] = strdup(s);
		if (!v[i])
			return -ENOMEM;
		(*nr)++;
	}
	return 0;
}

static int find_str(char **v, u32 n, const char *s, u32 *idx)
{
	for (u32 i = 0; s && i < n; i++) {
		if (!strcmp(v[i], s)) {
			*idx = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int read_matrix(const json_t *mx, struct sweep_spec *sp)
{
	const json_t *seeds = json_object_get(mx, "seeds"), *sets = json_object_get(mx, "sets");
	int ret = get_strs(json_object_get(mx, "revisions"), &sp->revisions, &sp->nr_revisions);

	if (ret)
		return ret;
	if (!json_array_size(seeds) || json_array_size(sets) > SWEEP_MAX_SETS)
		return -EINVAL;
	sp->seeds = calloc(json_array_size(seeds), sizeof(*sp->seeds));
	if (!sp->seeds)
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(seeds); i++, sp->nr_seeds++)
		if (get_u64(json_array_get(seeds, i), &sp->seeds[i]))
			return -EINVAL;
	for (size_t i = 0; i < json_array_size(sets); i++) {
		const json_t *a = json_array_get(sets, i);
		const char *key = json_string_value(json_object_get(a, "key"));

		if (!key)
			return -EINVAL;
		sp->sets[i].key = strdup(key);
		sp->nr_sets++;
		if (!sp->sets[i].key)
			return -ENOMEM;
		ret = get_strs(json_object_get(a, "values"), &sp->sets[i].values, &sp->sets[i].nr);
		if (ret)
			return ret;
	}
	return sweep_cells(sp) ? 0 : -EINVAL;
}

/* The verdict run_status_name() calls @v. */
static int parse_verdict(const char *v, enum run_status *st)
{
	for (int k = 0; k < 16; k++) {
		if (!strcmp(run_status_name((enum run_status)k), v)) {
			*st = (enum run_status)k;
			return 0;
		}
	}
	return -EINVAL;
}

static int read_row(const json_t *j, const struct sweep_spec *sp, struct sweep_row *r)
{
	const json_t *set = json_object_get(j, "set"), *ms = json_object_get(j, "metrics");
	const char *v = json_string_value(json_object_get(j, "verdict"));
	u64 x;

	memset(r, 0, sizeof(*r));
	if (get_u64(json_object_get(j, "cell"), &r->cell) || r->cell >= sweep_cells(sp) ||
	    find_str(sp->revisions, sp->nr_revisions,
		     json_string_value(json_object_get(j, "revision")), &r->revision) ||
	    get_u64(json_object_get(j, "seed"), &r->seed) || !v ||
	    get_u64(json_object_get(j, "expects_failed"), &x) || x > U32_MAX ||
	    get_u64(json_object_get(j, "ops"), &r->ops))
		return -EINVAL;
	r->expects_failed = (u32)x;
	if (parse_verdict(v, &r->status))
		return -EINVAL;
	for (u32 k = 0; k < sp->nr_sets; k++)
		if (find_str(sp->sets[k].values, sp->sets[k].nr,
			     json_string_value(json_object_get(set, sp->sets[k].key)), &r->set[k]))
			return -EINVAL;
	if (r->status == RUN_ERROR) {
		const char *e = json_string_value(json_object_get(j, "error"));

		snprintf(r->error, sizeof(r->error), "%s", e ? e : "");
		return 0;
	}
	for (int m = 0; m < RUN_M_COUNT; m++) {
		const json_t *mv = json_object_get(ms, run_metric_name((enum run_metric)m));

		if (is_ratio(m)) {
			if (!json_is_number(mv))
				return -EINVAL;
			r->m.r[m] = json_number_value(mv);
		} else if (get_u64(mv, &r->m.v[m])) {
			return -EINVAL;
		}
	}
	return 0;
}

int rpt_sweep_read(const char *path, struct rpt_sweep *s, char *err, size_t len)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je), *rows, *names;
	const char *schema, *name, *file;
	json_int_t si, sc;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!doc)
		return bad(err, len, path, "%d:%d: %s", je.line, je.column, je.text);
	schema = json_string_value(json_object_get(doc, "schema"));
	if (!schema || strcmp(schema, SWEEP_SCHEMA)) {
		ret = bad(err, len, path, "not a sweep result (schema %s)", SWEEP_SCHEMA);
		goto out;
	}
	name = json_string_value(json_object_get(json_object_get(doc, "scenario"), "name"));
	file = json_string_value(json_object_get(json_object_get(doc, "scenario"), "file"));
	si = json_integer_value(json_object_get(json_object_get(doc, "shard"), "index"));
	sc = json_integer_value(json_object_get(json_object_get(doc, "shard"), "count"));
	rows = json_object_get(doc, "rows");
	names = json_object_get(doc, "summary_metrics");
	if (!name || !file || sc < 1 || si < 1 || si > sc || sc > 1000000 ||
	    !json_is_array(rows) || !json_is_array(names) ||
	    json_array_size(names) > RUN_M_COUNT) {
		ret = bad(err, len, path, "malformed sweep result");
		goto out;
	}
	s->name = strdup(name);
	s->file = strdup(file);
	s->spec.scenario = s->file;
	s->spec.shard_index = (u32)si;
	s->spec.shard_count = (u32)sc;
	if (!s->name || !s->file) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_matrix(json_object_get(doc, "matrix"), &s->spec);
	if (ret) {
		if (ret == -EINVAL)
			bad(err, len, path, "malformed matrix");
		goto out;
	}
	for (size_t k = 0; k < json_array_size(names); k++) {
		int m = run_metric_by_name(json_string_value(json_array_get(names, k)) ?: "");

		if (m < 0) {
			ret = bad(err, len, path, "unknown summary metric");
			goto out;
		}
		s->metrics[s->nr_metrics++] = m;
	}
	s->rows = calloc(json_array_size(rows) + 1, sizeof(*s->rows));
	if (!s->rows) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t k = 0; k < json_array_size(rows); k++) {
		if (read_row(json_array_get(rows, k), &s->spec, &s->rows[k]) ||
		    !sweep_shard_has(&s->spec, s->rows[k].cell) ||
		    (k && s->rows[k].cell <= s->rows[k - 1].cell)) {
			ret = bad(err, len, path, "row %zu is malformed or out of its shard", k);
			goto out;
		}
		s->nr++;
	}
out:
	json_decref(doc);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, len, "%s: out of memory", path);
		rpt_sweep_free(s);
	}
	return ret;
}

static bool same_lists(char **a, u32 na, char **b, u32 nb)
{
	if (na != nb)
		return false;
	for (u32 i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

static bool same_matrix(const struct rpt_sweep *a, const struct rpt_sweep *b)
{
	const struct sweep_spec *x = &a->spec, *y = &b->spec;

	if (strcmp(a->name, b->name) || x->nr_seeds != y->nr_seeds || x->nr_sets != y->nr_sets ||
	    a->nr_metrics != b->nr_metrics || x->shard_count != y->shard_count ||
	    !same_lists(x->revisions, x->nr_revisions, y->revisions, y->nr_revisions) ||
	    memcmp(x->seeds, y->seeds, x->nr_seeds * sizeof(*x->seeds)) ||
	    memcmp(a->metrics, b->metrics, a->nr_metrics * sizeof(*a->metrics)))
		return false;
	for (u32 i = 0; i < x->nr_sets; i++)
		if (strcmp(x->sets[i].key, y->sets[i].key) ||
		    !same_lists(x->sets[i].values, x->sets[i].nr, y->sets[i].values, y->sets[i].nr))
			return false;
	return true;
}

int rpt_sweep_merge(struct rpt_sweep *in, size_t n, struct rpt_sweep *out, char *err,
		    size_t len)
{
	u64 cells, got = 0;
	struct sweep_row *rows;
	bool *have;

	memset(out, 0, sizeof(*out));
	if (!n) {
		snprintf(err, len, "nothing to merge");
		return -EINVAL;
	}
	for (size_t i = 1; i < n; i++) {
		if (!same_matrix(&in[0], &in[i])) {
			snprintf(err, len, "%s and %s are shards of different sweeps", in[0].file,
				 in[i].file);
			return -EINVAL;
		}
	}
	cells = sweep_cells(&in[0].spec);
	rows = calloc(cells, sizeof(*rows));
	have = calloc(cells, sizeof(*have));
	if (!rows || !have) {
		free(rows);
		free(have);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		for (u64 k = 0; k < in[i].nr; k++) {
			u64 c = in[i].rows[k].cell;

			if (have[c]) {
				snprintf(err, len, "cell %llu is in more than one input (shard %u/%u "
					 "given twice?)", (unsigned long long)c, in[i].spec.shard_index,
					 in[i].spec.shard_count);
				goto bad;
			}
			have[c] = true;
			rows[c] = in[i].rows[k];
			got++;
		}
	}
	if (got != cells) {
		u64 c = 0;

		while (have[c])
			c++;
		snprintf(err, len, "%llu of %llu cells missing (the first: cell %llu, shard %llu/%u)",
			 (unsigned long long)(cells - got), (unsigned long long)cells,
			 (unsigned long long)c,
			 (unsigned long long)(c % in[0].spec.shard_count + 1),
			 in[0].spec.shard_count);
		goto bad;
	}
	free(have);
	/* the first input's matrix becomes the result's */
	*out = in[0];
	memset(&in[0], 0, sizeof(in[0]));
	free(out->rows);
	out->rows = rows;
	out->nr = cells;
	out->spec.shard_index = 1;
	out->spec.shard_count = 1;
	return 0;
bad:
	free(rows);
	free(have);
	return -EINVAL;
}
