// SPDX-License-Identifier: MIT
/*
 * ci_report.c - JUnit XML and TAP 13 of run results.  rpt_ci_cases() is the
 * one place that decides what a run's test cases are; the two writers only
 * format them.
 */
#include "reports/ci_report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reports/rpt_priv.h"

static const char *scn_name(const struct run_result *res)
{
	return res->scn ? res->scn->name : "?";
}

static const char *scn_file(const struct run_result *res)
{
	return res->scn ? res->scn->file : "?";
}

static struct rpt_ci_case *add_case(struct rpt_ci_case **v, size_t *n, size_t *cap)
{
	struct rpt_ci_case *c;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct rpt_ci_case *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return NULL;
		*v = nv;
		*cap = nc;
	}
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	return c;
}

static const char *inst_name(const struct run_result *res, u32 g)
{
	return g < res->nr_instances ? res->instances[g].name : "-";
}

static void expect_case(const struct run_result *res, const struct run_expect_result *e,
			struct rpt_ci_case *c)
{
	static const char *const kinds[] = {
		[RUN_EXPECT_STEP] = "step",
		[RUN_EXPECT_INVARIANT] = "invariant",
		[RUN_EXPECT_METRIC] = "metric",
	};

	c->line = e->loc.line;
	/* "invariant no_pins_left" says its kind already */
	snprintf(c->name, sizeof(c->name), "line %u: %s%s%s", e->loc.line,
		 strncmp(e->text, kinds[e->kind], strlen(kinds[e->kind])) ? kinds[e->kind] : "",
		 strncmp(e->text, kinds[e->kind], strlen(kinds[e->kind])) ? " " : "", e->text);
	if (e->pass)
		return;
	c->verdict = RPT_CI_FAIL;
	snprintf(c->message, sizeof(c->message), "%s:%u: %s: %s", scn_file(res), e->loc.line,
		 e->text, e->detail);
	if (e->op != U64_MAX)
		snprintf(c->detail, sizeof(c->detail), "op %llu, %s, seed %llu",
			 (unsigned long long)e->op, inst_name(res, e->instance),
			 (unsigned long long)res->seed);
	else
		snprintf(c->detail, sizeof(c->detail), "seed %llu", (unsigned long long)res->seed);
}

/* An unexpected failure (docs/run.md "Verdicts"): always a failing case. */
static void failure_case(const struct run_result *res, const struct run_failure *fl,
			 struct rpt_ci_case *c)
{
	c->verdict = RPT_CI_FAIL;
	if (fl->op == U64_MAX) {
		snprintf(c->name, sizeof(c->name), "end of run: unexpected %s",
			 run_failure_kind_name(fl->kind));
		snprintf(c->message, sizeof(c->message), "%s: %s", scn_file(res), fl->reason);
		snprintf(c->detail, sizeof(c->detail), "seed %llu", (unsigned long long)res->seed);
		return;
	}
	c->line = fl->loc.line;
	snprintf(c->name, sizeof(c->name), "line %u: %s: unexpected %s", fl->loc.line, fl->step,
		 run_failure_kind_name(fl->kind));
	snprintf(c->message, sizeof(c->message), "%s:%u:%u: %s", scn_file(res), fl->loc.line,
		 fl->loc.column, fl->reason);
	snprintf(c->detail, sizeof(c->detail), "op %llu, %s, seed %llu",
		 (unsigned long long)fl->op, inst_name(res, fl->instance),
		 (unsigned long long)res->seed);
}

/* qsort order of case indices: by name, then by position. */
static const struct rpt_ci_case *sort_base;

static int by_name(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_base[x].name, sort_base[y].name);

	return c ? c : (x > y) - (x < y);
}

/*
 * Two cases may read the same (equal expectations on one line, the same
 * failure in a loop): number the repeats "(#2)", "(#3)" in file order, as
 * GitLab keeps only the first of equal names.  O(n log n).
 */
static int unique_names(struct rpt_ci_case *v, size_t n)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_base = v;
	qsort(idx, n, sizeof(*idx), by_name);
	for (size_t i = 1, k = 1, first = 0; i < n; i++) {
		struct rpt_ci_case *c = &v[idx[i]];
		size_t len;

		/* the first of a run of equal names keeps its name */
		if (strcmp(c->name, v[idx[first]].name)) {
			first = i;
			k = 1;
			continue;
		}
		len = strlen(c->name);
		if (len > sizeof(c->name) - 24)
			len = sizeof(c->name) - 24;
		snprintf(c->name + len, sizeof(c->name) - len, " (#%zu)", ++k);
	}
	free(idx);
	return 0;
}

int rpt_ci_cases(const struct run_result *res, struct rpt_ci_case **cases, size_t *n)
{
	struct rpt_ci_case *v = NULL, *c;
	size_t nr = 0, cap = 0;
	bool failing = false;

	*cases = NULL;
	*n = 0;
	if (res->status == RUN_ERROR) {
		c = add_case(&v, &nr, &cap);
		if (!c)
			return -ENOMEM;
		c->verdict = RPT_CI_ERROR;
		snprintf(c->name, sizeof(c->name), "load and set up");
		snprintf(c->message, sizeof(c->message), "%s", res->error);
		*cases = v;
		*n = nr;
		return 0;
	}
	for (u32 i = 0; i < res->nr_expects; i++) {
		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		expect_case(res, &res->expects[i], c);
		failing |= c->verdict == RPT_CI_FAIL;
	}
	if (res->stopped && res->violation.found) {
		const struct run_violation_info *vi = &res->violation;

		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		c->verdict = RPT_CI_FAIL;
		c->line = vi->loc.line;
		snprintf(c->name, sizeof(c->name), "line %u: invariant sim.%d %s", vi->loc.line,
			 vi->number, vi->name);
		snprintf(c->message, sizeof(c->message), "%s:%u: invariant sim.%d %s broken: %s",
			 scn_file(res), vi->loc.line, vi->number, vi->name, vi->why);
		snprintf(c->detail, sizeof(c->detail), "op %llu, %s, seed %llu",
			 (unsigned long long)vi->op, inst_name(res, vi->instance),
			 (unsigned long long)res->seed);
		failing = true;
	}
	for (u32 i = 0; i < res->nr_failures; i++) {
		const struct run_failure *fl = &res->failures[i];

		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		failure_case(res, fl, c);
		failing = true;
	}
	if (res->failures_total > res->nr_failures) {
		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		c->verdict = RPT_CI_FAIL;
		snprintf(c->name, sizeof(c->name), "%llu more unexpected failures",
			 (unsigned long long)(res->failures_total - res->nr_failures));
		snprintf(c->message, sizeof(c->message), "%s: %llu unexpected failures in all",
			 scn_file(res), (unsigned long long)res->failures_total);
		failing = true;
	}
	if (res->status == RUN_XFAIL) {
		/* the scenario fails as its known bug declares: skipped, not failed */
		for (size_t i = 0; i < nr; i++) {
			if (v[i].verdict != RPT_CI_FAIL)
				continue;
			v[i].verdict = RPT_CI_SKIP;
			snprintf(v[i].detail, sizeof(v[i].detail), "XFAIL: known bug %s",
				 res->scn->known_bug->ref);
		}
		failing = false;
	}
	if (res->status == RUN_XPASS) {
		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		c->verdict = RPT_CI_FAIL;
		snprintf(c->name, sizeof(c->name), "known bug %s", res->scn->known_bug->ref);
		snprintf(c->message, sizeof(c->message),
			 "%s: XPASS: the known bug did not show (%s); update the scenario",
			 scn_file(res), res->scn->known_bug->text);
		failing = true;
	}
	if (res->status == RUN_FAIL && !failing) {
		/* never a green report over a failed run */
		c = add_case(&v, &nr, &cap);
		if (!c)
			goto nomem;
		c->verdict = RPT_CI_FAIL;
		snprintf(c->name, sizeof(c->name), "run");
		snprintf(c->message, sizeof(c->message), "%s: the run failed", scn_file(res));
	}
	if (unique_names(v, nr))
		goto nomem;
	*cases = v;
	*n = nr;
	return 0;
nomem:
	free(v);
	return -ENOMEM;
}

/* --- escaping ------------------------------------------------------------ */

/* @s as a YAML double-quoted scalar. */
static void yaml_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		size_t n = rpt__utf8_len(p);

		if (!n) {
			fprintf(f, "\\x%02x", *p++);
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

/* @s on a TAP test line: no newline, and '#' would start a directive. */
static void tap_desc(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '#' ? '_' : (unsigned char)*s < 0x20 ? ' ' : *s, f);
}

/* --- JUnit ----------------------------------------------------------------- */

struct tally {
	size_t tests, failures, errors, skipped;
};

static void count(struct tally *t, const struct rpt_ci_case *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t->tests++;
		t->failures += v[i].verdict == RPT_CI_FAIL;
		t->errors += v[i].verdict == RPT_CI_ERROR;
		t->skipped += v[i].verdict == RPT_CI_SKIP;
	}
}

static void xml_attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	rpt__xml_put(f, value);
	fputc('"', f);
}

static void xml_prop(FILE *f, const char *name, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(f, "      <property");
	xml_attr(f, "name", name);
	xml_attr(f, "value", buf);
	fprintf(f, "/>\n");
}

static void junit_case(FILE *f, const struct run_result *res, const struct rpt_ci_case *c)
{
	static const char *const tag[] = {
		[RPT_CI_FAIL] = "failure", [RPT_CI_ERROR] = "error", [RPT_CI_SKIP] = "skipped",
	};

	fprintf(f, "    <testcase");
	xml_attr(f, "classname", scn_name(res));
	xml_attr(f, "name", c->name);
	xml_attr(f, "file", scn_file(res));
	if (c->line)
		fprintf(f, " line=\"%u\"", c->line);
	if (c->verdict == RPT_CI_PASS) {
		fprintf(f, "/>\n");
		return;
	}
	fprintf(f, ">\n      <%s", tag[c->verdict]);
	xml_attr(f, "message", c->message);
	if (c->verdict != RPT_CI_SKIP)
		xml_attr(f, "type", c->verdict == RPT_CI_ERROR ? "error" : "failure");
	fprintf(f, ">");
	rpt__xml_put(f, c->message);
	if (c->detail[0]) {
		fputs(" [", f);
		rpt__xml_put(f, c->detail);
		fputc(']', f);
	}
	fprintf(f, "</%s>\n    </testcase>\n", tag[c->verdict]);
}

static void junit_suite(FILE *f, const struct run_result *res, const struct rpt_ci_case *v,
			size_t n)
{
	struct tally t = { 0 };

	count(&t, v, n);
	fprintf(f, "  <testsuite");
	xml_attr(f, "name", scn_name(res));
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"", t.tests,
		t.failures, t.errors, t.skipped);
	xml_attr(f, "file", scn_file(res));
	fprintf(f, ">\n    <properties>\n");
	xml_prop(f, "status", "%s", run_status_name(res->status));
	if (res->status != RUN_ERROR) {
		xml_prop(f, "seed", "%llu", (unsigned long long)res->seed);
		xml_prop(f, "device", "%s", res->device);
		xml_prop(f, "firmware", "%u.%u", res->fw_major, res->fw_minor);
		xml_prop(f, "revision", "%s", drv_rev_name(res->rev));
		xml_prop(f, "mode", "%s", addr_mode_name(res->mode));
		xml_prop(f, "ops", "%llu", (unsigned long long)res->nr_ops);
	}
	fprintf(f, "    </properties>\n");
	for (size_t i = 0; i < n; i++)
		junit_case(f, res, &v[i]);
	fprintf(f, "  </testsuite>\n");
}

int rpt_junit_write(FILE *f, const struct run_result *const *runs, size_t n)
{
	struct rpt_ci_case **cases = calloc(n ? n : 1, sizeof(*cases));
	size_t *nr = calloc(n ? n : 1, sizeof(*nr));
	struct tally t = { 0 };
	int ret = cases && nr ? 0 : -ENOMEM;

	for (size_t i = 0; i < n && !ret; i++) {
		ret = rpt_ci_cases(runs[i], &cases[i], &nr[i]);
		if (!ret)
			count(&t, cases[i], nr[i]);
	}
	if (!ret) {
		fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		fprintf(f, "<testsuites name=\"xdnasim run\" tests=\"%zu\" failures=\"%zu\" "
			"errors=\"%zu\" skipped=\"%zu\">\n", t.tests, t.failures, t.errors,
			t.skipped);
		for (size_t i = 0; i < n; i++)
			junit_suite(f, runs[i], cases[i], nr[i]);
		fprintf(f, "</testsuites>\n");
		if (fflush(f) || ferror(f))
			ret = -EIO;
	}
	for (size_t i = 0; cases && i < n; i++)
		free(cases[i]);
	free(cases);
	free(nr);
	return ret;
}

static int junit_cb(FILE *f, void *ctx)
{
	const struct { const struct run_result *const *runs; size_t n; } *a = ctx;

	return rpt_junit_write(f, a->runs, a->n);
}

int rpt_junit_file(const char *path, const struct run_result *const *runs, size_t n)
{
	struct { const struct run_result *const *runs; size_t n; } a = { runs, n };

	return rpt__write_with(path, junit_cb, &a);
}

/* --- TAP ------------------------------------------------------------------- */

static void tap_point(FILE *f, size_t num, const struct run_result *res,
		      const struct rpt_ci_case *v, size_t n)
{
	struct tally t = { 0 };
	const struct rpt_ci_case *reason = NULL;
	bool ok;

	count(&t, v, n);
	ok = !t.failures && !t.errors;
	for (size_t i = 0; i < n && !reason; i++)
		if (v[i].verdict == RPT_CI_SKIP)
			reason = &v[i];
	fprintf(f, "%s %zu - ", ok && !reason ? "ok" : "not ok", num);
	tap_desc(f, scn_name(res));
	if (ok && reason) {
		fputs(" # TODO ", f);
		tap_desc(f, reason->message);
	}
	fputc('\n', f);
	fprintf(f, "  ---\n  file: ");
	yaml_str(f, scn_file(res));
	fprintf(f, "\n  status: %s\n", run_status_name(res->status));
	if (res->status != RUN_ERROR)
		fprintf(f, "  seed: %llu\n  revision: %s\n  mode: %s\n  ops: %llu\n",
			(unsigned long long)res->seed, drv_rev_name(res->rev),
			addr_mode_name(res->mode), (unsigned long long)res->nr_ops);
	fprintf(f, "  cases: {total: %zu, failed: %zu, errors: %zu, skipped: %zu}\n", t.tests,
		t.failures, t.errors, t.skipped);
	if (t.failures || t.errors || t.skipped) {
		fprintf(f, "  failures:\n");
		for (size_t i = 0; i < n; i++) {
			if (v[i].verdict == RPT_CI_PASS)
				continue;
			fprintf(f, "    - message: ");
			yaml_str(f, v[i].message);
			fprintf(f, "\n      severity: %s\n",
				v[i].verdict == RPT_CI_SKIP ? "todo" :
				v[i].verdict == RPT_CI_ERROR ? "error" : "fail");
			if (v[i].detail[0]) {
				fprintf(f, "      at: ");
				yaml_str(f, v[i].detail);
				fputc('\n', f);
			}
		}
	}
	fprintf(f, "  ...\n");
}

int rpt_tap_write(FILE *f, const struct run_result *const *runs, size_t n)
{
	int ret = 0;

	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n && !ret; i++) {
		struct rpt_ci_case *v;
		size_t nr;

		ret = rpt_ci_cases(runs[i], &v, &nr);
		if (ret)
			break;
		tap_point(f, i + 1, runs[i], v, nr);
		free(v);
	}
	if (!ret && (fflush(f) || ferror(f)))
		ret = -EIO;
	return ret;
}
