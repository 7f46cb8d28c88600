// SPDX-License-Identifier: MIT
/*
 * test_report.c - `xdnasim report` as a library: exact report contents for
 * hand-made run reports (numbers checked by hand) plus real lcov output,
 * byte-identical outputs, the report schema (and its failure when a
 * required field goes missing), malformed run reports with FILE:LINE, the
 * scenario ledger as lcov, the HTML charts, and a real scenario run whose
 * messages, error sites and BO placements docs/driver/heap.md §4 fixes.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/report.h"
#include "reports/run_report.h"
#include "scenarios/run.h"
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

#define SCHEMA XDNASIM_SRCDIR "/reports/coverage-report.schema.json"
#define ROOT "/work/wt/reports"	/* the source paths inside data/real.info */

static char tmpdir[64];

static void tmp_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/xdnasim-rpt-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *tmp(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, name);
	return buf[k];
}

static void load_input(struct rpt_input *in, bool lcov)
{
	struct rpt_error err = { 0 };

	ck_assert_int_eq(rpt_input_init(in, ROOT), 0);
	ck_assert_msg(!rpt_run_read(in, REPORTS_DATA "/run_worked.json", &err), "%s:%lu: %s",
		      err.file, err.line, err.text);
	ck_assert_msg(!rpt_run_read(in, REPORTS_DATA "/run_fail.json", &err), "%s:%lu: %s",
		      err.file, err.line, err.text);
	if (lcov)
		ck_assert_int_eq(rpt_input_set_lcov(in, REPORTS_DATA "/real.info", &err), 0);
}

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	ck_assert_msg(j, "%s:%d: %s", path, e.line, e.text);
	return j;
}

static json_t *entry(json_t *doc, const char *key)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(doc, "ledger"), "entries"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "key")), key))
			return e;
	ck_abort_msg("no ledger entry %s", key);
	return NULL;
}

static json_int_t ival(json_t *o, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *t = strtok_r(buf, ".", &save); t; t = strtok_r(NULL, ".", &save))
		o = json_object_get(o, t);
	ck_assert_msg(json_is_integer(o), "%s is not an integer", path);
	return json_integer_value(o);
}

START_TEST(test_report_exact)
{
	struct rpt_input in;
	json_t *doc, *e, *sc;

	load_input(&in, true);
	ck_assert_int_eq(rpt_report_write(&in, tmp("r.json")), 0);
	doc = load_json(tmp("r.json"));
	ck_assert_str_eq(json_string_value(json_object_get(doc, "type")), "xdnasim.coverage-report");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "version")), "2.0.0");
	ck_assert_int_eq(ival(doc, "summary.scenarios"), 2);
	ck_assert_int_eq(ival(doc, "summary.passed"), 1);
	ck_assert_int_eq(ival(doc, "summary.failed"), 1);
	sc = json_array_get(json_object_get(doc, "scenarios"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(sc, "name")), "worked_example");
	ck_assert_str_eq(json_string_value(json_object_get(sc, "seed")), "1");
	ck_assert_int_eq(ival(sc, "expectations.passed"), 2);
	ck_assert_int_eq(ival(sc, "ledger_keys_hit"), 11);
	/* metrics: sums, errno sums, maxima */
	ck_assert_int_eq(ival(doc, "metrics.totals.expansions"), 1);
	ck_assert_int_eq(ival(doc, "metrics.totals.failures_by_errno.EAGAIN"), 2);
	ck_assert_int_eq(ival(doc, "metrics.totals.failures_by_errno.ENOSPC"), 2);
	ck_assert_int_eq(ival(doc, "metrics.totals.premature_oom"), 1);
	ck_assert_int_eq(ival(doc, "metrics.totals.peak_committed"), 128 << 20);
	ck_assert_int_eq(ival(doc, "metrics.totals.alignment_waste"), 28672);
	/* ledger: hits summed over scenarios, who hit what, status, reasons */
	e = entry(doc, "tx:CREATE_CONTEXT");
	ck_assert_int_eq(ival(e, "hits"), 3);
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "hit");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(e, "scenarios"),
							    "multi_fail@pr1233/iova/npu1#42")), 2);
	ck_assert_int_eq(json_object_size(json_object_get(e, "scenarios")), 2);
	e = entry(doc, "tx:REGISTER_PDI");
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "unreachable");
	ck_assert_ptr_nonnull(json_string_value(json_object_get(e, "reason")));
	e = entry(doc, "tx:SUSPEND");
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "never_hit");
	ck_assert_int_eq(json_object_size(json_object_get(e, "scenarios")), 0);
	/* 11 keys in one run, 6 in the other, CREATE_CONTEXT tx/rx and SUCCESS in both */
	ck_assert_int_eq(ival(doc, "ledger.hit"), 14);
	ck_assert_int_eq(ival(doc, "ledger.unreachable_hit"), 0);
	ck_assert_int_eq(ival(doc, "ledger.by_class.config.hit"), 2);
	/* code coverage: lcov --summary of data/real.info */
	ck_assert_int_eq(ival(doc, "code_coverage.totals.lines.found"), 186);
	ck_assert_int_eq(ival(doc, "code_coverage.totals.lines.hit"), 176);
	ck_assert_int_eq(ival(doc, "code_coverage.totals.functions.hit"), 28);
	ck_assert_int_eq(ival(doc, "code_coverage.totals.branches.found"), 135);
	ck_assert_int_eq(ival(doc, "code_coverage.totals.branches.hit"), 108);
	ck_assert_int_eq(ival(doc, "code_coverage.modules.common.lines.found"), 15 + 28 + 43);
	ck_assert_int_eq(ival(doc, "code_coverage.modules.common.lines.hit"), 15 + 28 + 40);
	e = json_array_get(json_object_get(json_object_get(doc, "code_coverage"), "files"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(e, "path")), "common/rand.c");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(e, "uncovered_functions"),
							  0)), "xrand_double");
	json_decref(doc);
	rpt_input_fini(&in);
}
END_TEST

char *rpt_test_file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	b = malloc(*len + 1);
	ck_assert_uint_eq(fread(b, 1, *len, f), *len);
	fclose(f);
	return b;
}

static void assert_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = rpt_test_file_bytes(a, &la), *y = rpt_test_file_bytes(b, &lb);

	ck_assert_uint_eq(la, lb);
	ck_assert_msg(!memcmp(x, y, la), "%s and %s differ", a, b);
	free(x);
	free(y);
}

START_TEST(test_byte_identical)
{
	struct rpt_input a, b;
	char d1[300], d2[300];

	load_input(&a, true);
	load_input(&b, true);
	ck_assert_int_eq(rpt_report_write(&a, tmp("a.json")), 0);
	ck_assert_int_eq(rpt_report_write(&b, tmp("b.json")), 0);
	assert_same_file(tmp("a.json"), tmp("b.json"));
	snprintf(d1, sizeof(d1), "%s", tmp("h1"));
	snprintf(d2, sizeof(d2), "%s", tmp("h2"));
	ck_assert_int_eq(rpt_html_write(&a, d1), 0);
	ck_assert_int_eq(rpt_html_write(&b, d2), 0);
	strcat(d1, "/index.html");
	strcat(d2, "/index.html");
	assert_same_file(d1, d2);
	rpt_input_fini(&a);
	rpt_input_fini(&b);
}
END_TEST

static const char *const required[] = {
	"type", "version", "inputs", "scenarios", "summary", "metrics", "ledger", "code_coverage",
};

/* The written report matches its schema, and fails it when a required field is gone. */
START_TEST(test_schema_required)
{
	struct rpt_input in;
	char why[256];
	json_t *doc;

	load_input(&in, _i % 2);
	ck_assert_int_eq(rpt_report_write(&in, tmp("r.json")), 0);
	ck_assert_msg(!rpt_schema_validate_file(SCHEMA, tmp("r.json"), why, sizeof(why)), "%s", why);
	doc = load_json(tmp("r.json"));
	ck_assert_int_eq(json_object_del(doc, required[_i / 2]), 0);
	ck_assert_int_eq(json_dump_file(doc, tmp("bad.json"), 0), 0);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, tmp("bad.json"), why, sizeof(why)),
			 -EUCLEAN);
	ck_assert_msg(strstr(why, required[_i / 2]), "%s", why);
	json_decref(doc);
	rpt_input_fini(&in);
}
END_TEST

/* Nested required fields and wrong types are caught too. */
START_TEST(test_schema_nested)
{
	struct rpt_input in;
	char why[256];
	json_t *doc, *e;

	load_input(&in, true);
	ck_assert_int_eq(rpt_report_write(&in, tmp("r.json")), 0);
	doc = load_json(tmp("r.json"));
	e = json_array_get(json_object_get(json_object_get(doc, "ledger"), "entries"), 3);
	json_object_del(e, "status");
	json_dump_file(doc, tmp("bad.json"), 0);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, tmp("bad.json"), why, sizeof(why)),
			 -EUCLEAN);
	ck_assert_msg(strstr(why, "status"), "%s", why);
	json_object_set_new(e, "status", json_string("maybe"));
	json_dump_file(doc, tmp("bad.json"), 0);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, tmp("bad.json"), why, sizeof(why)),
			 -EUCLEAN);
	json_object_set_new(e, "status", json_string("hit"));
	json_object_set_new(json_object_get(doc, "summary"), "failed", json_string("1"));
	json_dump_file(doc, tmp("bad.json"), 0);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, tmp("bad.json"), why, sizeof(why)),
			 -EUCLEAN);
	json_decref(doc);
	rpt_input_fini(&in);
}
END_TEST

/* Shared parts of the malformed run reports below: line 3, and lines 4-5. */
#define CONFIG "\"status\": \"pass\", \"seed\": \"7\", \"design\": \"head\", " \
	"\"mode\": \"pasid\", \"device\": \"npu4\", " \
	"\"expectations\": {\"passed\": 1, \"failed\": 0},\n"
#define SUMMARY2 "\"summary\": {\"expansions\": 0, \"fragmentation_induced_expansions\": 0, " \
	"\"premature_oom\": 0, \"peak_committed\": 0, \"peak_live\": 0, " \
	"\"failures_by_errno\": {}}, \"totals\": {\"alignment_waste\": 0},\n" \
	"\"heap_ops\": {\"columns\": [\"instance\", \"op\", \"result\", \"addr\", \"size\", " \
	"\"committed\", \"live\"],"

/* Malformed run reports: the exact line and what is wrong. */
static const struct {
	const char *text;
	unsigned long line;
	const char *msg;
} bad_runs[] = {
	{ "{\"schema\": \"xdnasim-run-report/2\",\n \"runs\": [\n", 3, "" },
	{ "[1]\n", 1, "a run report is a JSON object" },
	{ "{\"runs\": []}\n", 1, "missing required field \"schema\"" },
	{ "{\n\"schema\": \"xdnasim-run-report/9\", \"runs\": []}\n", 2, "\"schema\" must be" },
	{ "{\"schema\": \"xdnasim-run-report/2\",\n\"runs\": 3}\n", 2, "\"runs\" must be an array" },
	{ "{\"schema\": \"xdnasim-run-report/2\", \"runs\": [\n{\"status\": \"pass\"}]}\n", 2,
	  "missing required field \"scenario\"" },
	{ "{\"schema\": \"xdnasim-run-report/2\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  "\"status\": \"maybe\"}]}\n", 3, "\"status\" must be" },
	{ "{\"schema\": \"xdnasim-run-report/1\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  "\"status\": \"pass\",\n\"seed\": -1}]}\n", 4, "\"seed\" must be a non-negative integer" },
	{ "{\"schema\": \"xdnasim-run-report/1\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  "\"status\": \"pass\", \"seed\": \"7\", \"design\": \"head\", \"mode\": \"pasid\","
	  " \"device\": \"npu4\"}]}\n", 2, "missing required field \"expectations\"" },
	{ "{\"schema\": \"xdnasim-run-report/1\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  CONFIG
	  "\"summary\": {\"expansions\": 0, \"fragmentation_induced_expansions\": 0,"
	  " \"premature_oom\": 0, \"peak_committed\": 0, \"peak_live\": 0,\n"
	  "\"failures_by_errno\": {\"ENOSPC\": \"x\"}}}]}\n", 5, "failures_by_errno \"ENOSPC\"" },
	{ "{\"schema\": \"xdnasim-run-report/2\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  CONFIG
	  SUMMARY2 "\n\"rows\": [[\"a\", \"bo-grab\", \"ok\", null, 1, 1, 1]]},\n"
	  "\"ledger\": {\"keys\": 1, \"hits\": {}}}]}\n", 6,
	  "heap_ops row 0: \"op\" must be \"chunk-add\", \"bo-alloc\" or \"bo-free\"" },
	{ "{\"schema\": \"xdnasim-run-report/2\", \"runs\": [\n{\"scenario\": {\"name\": \"x\"},\n"
	  CONFIG
	  SUMMARY2 " \"rows\": []},\n"
	  "\"ledger\": {\"keys\": 1, \"hits\": {\n\"tx:NO_SUCH\": 1}}}]}\n", 7,
	  "ledger key \"tx:NO_SUCH\" is not in this build's universe" },
};

/*
 * The column of each bad_runs[] error: jansson's for syntax, else the
 * offending value (a missing field: its object's brace; a bad row: the row;
 * an unknown ledger key: the key), found by parsing along the field's path.
 */
static const unsigned long bad_run_cols[] = { 1, 1, 1, 11, 9, 1, 11, 9, 1, 33, 10, 1 };
_Static_assert(ARRAY_SIZE(bad_run_cols) == ARRAY_SIZE(bad_runs), "one column per bad run");

START_TEST(test_malformed_run)
{
	struct rpt_input in;
	struct rpt_error err = { 0 };
	FILE *f = fopen(tmp("bad.json"), "w");

	fputs(bad_runs[_i].text, f);
	fclose(f);
	ck_assert_int_eq(rpt_input_init(&in, NULL), 0);
	ck_assert_int_eq(rpt_run_read(&in, tmp("bad.json"), &err), -EINVAL);
	ck_assert_msg(err.line == bad_runs[_i].line, "row %d: line %lu want %lu: %s", _i, err.line,
		      bad_runs[_i].line, err.text);
	ck_assert_msg(err.column == bad_run_cols[_i], "row %d: column %lu want %lu: %s", _i,
		      err.column, bad_run_cols[_i], err.text);
	ck_assert_msg(strstr(err.text, bad_runs[_i].msg), "row %d: %s", _i, err.text);
	ck_assert_str_eq(err.file, tmp("bad.json"));
	ck_assert_uint_eq(in.nruns, 0);
	rpt_input_fini(&in);
}
END_TEST

START_TEST(test_duplicate_run_and_missing_file)
{
	struct rpt_input in;
	struct rpt_error err = { 0 };

	load_input(&in, false);
	ck_assert_int_eq(rpt_run_read(&in, REPORTS_DATA "/run_fail.json", &err), -EINVAL);
	ck_assert_msg(strstr(err.text, "already read"), "%s", err.text);
	ck_assert_int_eq(rpt_run_read(&in, REPORTS_DATA "/nope.json", &err), -ENOENT);
	ck_assert_int_eq(rpt_input_set_lcov(&in, REPORTS_DATA "/run_fail.json", &err), -EINVAL);
	ck_assert_uint_eq(err.line, 1);
	rpt_input_fini(&in);
}
END_TEST

/* The ledger as lcov: one TN per scenario, DA per reachable key, BRDA per error site. */
START_TEST(test_scenario_lcov)
{
	struct rpt_input in;
	struct lcov_trace t = { 0 };
	size_t reachable = 0, errs = 0;
	long k;

	load_input(&in, false);
	ck_assert_int_eq(rpt_scenario_lcov_write(&in, tmp("scn.info")), 0);
	ck_assert_int_eq(lcov_read(tmp("scn.info"), &t, NULL), 0);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.files[0].test, "worked_example_856409ca_pasid_npu4_1");
	ck_assert_str_eq(t.files[1].test, "multi_fail_pr1233_iova_npu1_42");
	for (size_t i = 0; i < in.ledger.n; i++) {
		reachable += !in.ledger.keys[i].unreachable;
		errs += !in.ledger.keys[i].unreachable &&
			(in.ledger.keys[i].cls == SIM_LK_ERR || in.ledger.keys[i].cls == SIM_LK_ROLLBACK);
	}
	ck_assert_uint_eq(t.files[0].ndas, reachable);
	ck_assert_uint_eq(t.files[0].nbrs, errs);
	k = sim_ledger_find(&in.ledger, "tx:CREATE_CONTEXT");
	for (size_t i = 0; i < t.files[1].ndas; i++)
		if (t.files[1].das[i].line == (u32)k + 1)
			ck_assert_uint_eq(t.files[1].das[i].count, 2);
	lcov_free(&t);
	rpt_input_fini(&in);
}
END_TEST

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(test_html_charts)
{
	struct rpt_input in;
	char path[300];
	size_t len, hits = 0;
	char *html;

	load_input(&in, false);
	ck_assert_int_eq(rpt_html_write(&in, tmp("html")), 0);
	snprintf(path, sizeof(path), "%s/index.html", tmp("html"));
	html = rpt_test_file_bytes(path, &len);
	html[len] = '\0';
	/* a heatmap per ledger class: per key a row, the runs that hit it, the all-runs total */
	ck_assert_uint_eq(count_of(html, "<svg class=\"chart ledger-heatmap\""), SIM_LK_NR);
	ck_assert_uint_eq(count_of(html, " row\" x="), in.ledger.n);
	ck_assert_uint_eq(count_of(html, " total\" x="), in.ledger.n);
	for (size_t k = 0; k < in.ledger.n; k++)
		hits += (in.runs[0].hits[k] != 0) + (in.runs[1].hits[k] != 0);
	ck_assert_uint_eq(count_of(html, "<rect class=\"cell "), 2 * in.ledger.n + hits + 7);
	ck_assert_uint_eq(count_of(html, "href=\"run-1.html\""), 1);
	ck_assert_uint_eq(count_of(html, "href=\"run-2.html\""), 1);
	ck_assert_uint_eq(count_of(html, "class=\"verdict fail\""), 1);
	ck_assert_ptr_null(strstr(html, "http"));
	ck_assert_ptr_null(strstr(html, "<script"));
	free(html);
	/* hand-made reports without series or pictures: the run page says so */
	snprintf(path, sizeof(path), "%s/run-2.html", tmp("html"));
	html = rpt_test_file_bytes(path, &len);
	html[len] = '\0';
	ck_assert_ptr_nonnull(strstr(html, "No heap maps in this run report"));
	ck_assert_ptr_nonnull(strstr(html, "class=\"verdict fail\""));
	free(html);
	rpt_input_fini(&in);
}
END_TEST

static u64 hit_of(const struct rpt_input *in, const char *key)
{
	long k = sim_ledger_find(&in->ledger, key);

	ck_assert_int_ge(k, 0);
	return in->runs[0].hits[k];
}

/* A real run of the worked example through the runner, the run report and back. */
START_TEST(test_real_run_round_trip)
{
	struct run_result res;
	const struct run_result *rp = &res;
	struct rpt_input in;
	struct rpt_error err = { 0 };
	struct scn_error serr;
	struct scn *s;
	const struct rpt_run *r;

	ck_assert_int_eq(scn_load_file(XDNASIM_SRCDIR "/scenarios/library/worked_example.yaml",
				       run_vocab(), &s, &serr), 0);
	ck_assert_int_eq(run_scenario(s, NULL, &res), 0);
	ck_assert_int_eq(rpt_run_report_file(tmp("run.json"), &rp, 1), 0);
	run_result_free(&res);
	scn_free(s);
	ck_assert_int_eq(rpt_input_init(&in, NULL), 0);
	ck_assert_msg(!rpt_run_read(&in, tmp("run.json"), &err), "%s:%lu: %s", err.file, err.line,
		      err.text);
	r = &in.runs[0];
	ck_assert(r->passed && r->has_ledger);
	ck_assert_uint_eq(hit_of(&in, "config:pr1705/pasid/npu4"), 1);
	ck_assert_uint_eq(hit_of(&in, "tx:MAP_HOST_BUFFER"), 1);
	ck_assert_uint_eq(hit_of(&in, "tx:ADD_HOST_BUFFER"), 1);
	ck_assert_uint_eq(hit_of(&in, "err:create_dev_bo:-EAGAIN beyond last chunk"), 1);
	/*
	 * docs/driver/heap.md §5.6, §4: chunk 0 created at open, four 4 KiB cmd bufs in
	 * 32 KiB slots, EAGAIN, chunk 1, A at 0x0402_0000.
	 */
	ck_assert_uint_ge(r->nseries, 8);
	ck_assert_uint_eq(r->series[0].op, RPT_OP_CHUNK_ADD);
	ck_assert_int_eq(r->series[0].err, 0);
	ck_assert_uint_eq(r->series[0].addr, 0x04000000ULL);
	ck_assert_uint_eq(r->series[0].size, 64 << 20);
	ck_assert_uint_eq(r->series[0].committed, 64 << 20);
	ck_assert_uint_eq(r->series[0].live, 0);
	for (u32 i = 0; i < 4; i++) {
		ck_assert_uint_eq(r->series[1 + i].op, RPT_OP_BO_ALLOC);
		ck_assert_uint_eq(r->series[1 + i].addr, 0x04000000ULL + i * 0x8000);
		ck_assert_uint_eq(r->series[1 + i].size, 4096);
	}
	ck_assert_int_eq(r->series[5].err, -EAGAIN);
	ck_assert_uint_eq(r->series[6].op, RPT_OP_CHUNK_ADD);
	ck_assert_uint_eq(r->series[6].addr, 0x08000000ULL);
	ck_assert_uint_eq(r->series[7].addr, 0x04020000ULL);
	ck_assert_uint_eq(r->series[7].size, 100 << 20);
	ck_assert_uint_eq(r->series[7].committed, 128 << 20);
	rpt_input_fini(&in);
}
END_TEST

Suite *reports_report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_report_exact);
	tcase_add_test(tc, test_byte_identical);
	tcase_add_loop_test(tc, test_schema_required, 0, 2 * ARRAY_SIZE(required));
	tcase_add_test(tc, test_schema_nested);
	tcase_add_loop_test(tc, test_malformed_run, 0, ARRAY_SIZE(bad_runs));
	tcase_add_test(tc, test_duplicate_run_and_missing_file);
	tcase_add_test(tc, test_scenario_lcov);
	tcase_add_test(tc, test_html_charts);
	tcase_add_test(tc, test_real_run_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
