// SPDX-License-Identifier: MIT
/*
 * test_run_report.c - the JSON run report: byte-identical for the same
 * seed, different for another, valid against reports/run-report.schema.json,
 * and a validator that rejects a report missing a required field.  Plus
 * the whole scenario library through run_scenario() and run_result_check().
 */
#include "tests/run/test_run.h"
#include "reports/compare_report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/run_report.h"

#define SCHEMA XDNASIM_SRCDIR "/reports/run-report.schema.json"
#define CMP_SCHEMA XDNASIM_SRCDIR "/reports/compare-report.schema.json"

static const char storm[] =
	"xdnasim: 1\nseed: 5\nclients:\n  - name: a\n    instances: 2\n    steps:\n      - open\n"
	"      - hwctx_create: c\n"
	"      - phase:\n          name: p\n          steps:\n"
	"            - alloc: {label: i, size: {log_uniform: {min: 128B, max: 64KiB}}, count: 300}\n"
	"            - free: {fraction: 0.5}\n"
	"      - exec: {hwctx: c, bos: [i]}\n      - close\n"
	"expect:\n  invariants: [no_pins_left]\n  metrics: [\"expansions == 0\"]\n";

START_TEST(test_report_byte_identical)
{
	struct run_opts o = { .has_seed = true, .seed = 5 };
	struct tr a, b, c;
	char *ja, *jb, *jc;

	tr_run(&a, storm, NULL);
	tr_run(&b, storm, NULL);
	tr_run(&c, storm, &(struct run_opts){ .has_seed = true, .seed = 6 });
	ja = tr_report(&a);
	jb = tr_report(&b);
	jc = tr_report(&c);
	ck_assert_int_eq(a.r.status, RUN_PASS);
	ck_assert_str_eq(ja, jb);
	ck_assert_str_ne(ja, jc);
	ck_assert_ptr_nonnull(strstr(jc, "\"seed\": \"6\""));
	free(ja);
	free(jc);
	/* the override of the same seed changes nothing */
	tr_done(&c);
	tr_run(&c, storm, &o);
	jc = tr_report(&c);
	ck_assert_str_eq(jb, jc);
	free(jb);
	free(jc);
	tr_done(&a);
	tr_done(&b);
	tr_done(&c);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static char *tmp_path(const char *tag)
{
	char *p = malloc(64);

	snprintf(p, 64, "/tmp/xdnasim-run-%ld-%s.json", (long)getpid(), tag);
	return p;
}

/* Replace the first occurrence of @from in @s by @to (same length). */
static void mutate(char *s, const char *from, const char *to)
{
	char *p = strstr(s, from);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(strlen(from), strlen(to));
	memcpy(p, to, strlen(to));
}

START_TEST(test_report_schema)
{
	char why[512], *json, *path = tmp_path("schema");
	struct tr t;

	tr_run(&t, storm, NULL);
	json = tr_report(&t);
	write_file(path, json);
	ck_assert_msg(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)) == 0, "%s", why);

	/* a required field renamed away: the validator must say so */
	mutate(json, "\"first_violation\":", "\"first_violatiox\":");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	ck_assert_ptr_nonnull(strstr(why, "/runs/0"));
	mutate(json, "\"first_violatiox\":", "\"first_violation\":");
	mutate(json, "\"live_bos\":", "\"live_bo_\":");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strstr(why, "required field 'live_bos' is missing") != NULL, "%s", why);
	mutate(json, "\"live_bo_\":", "\"live_bos\":");
	/* the coverage ledger (schema 2) is required too */
	mutate(json, "\"ledger\":", "\"ledgex\":");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strstr(why, "/runs/0") != NULL, "%s", why);
	mutate(json, "\"ledgex\":", "\"ledger\":");
	/* a revision the simulator does not know */
	mutate(json, "\"revision\": \"pr1705\"", "\"revision\": \"pr1706\"");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	mutate(json, "\"revision\": \"pr1706\"", "\"revision\": \"pr1705\"");
	mutate(json, "\"schema\": \"xdnasim-run-report/3\"", "\"schema\": \"xdnasim-run-report/2\"");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "/schema: value differs from the required constant");
	write_file(path, "{\"runs\": [");
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EINVAL);
	free(json);
	tr_done(&t);

	/* a run that could not start has its own, shorter shape */
	tr_run(&t, "xdnasim: 1\ndevice: npu1\nfirmware: \"5.0\"\nclients:\n  - {name: a, steps: [open]}\n",
	       NULL);
	ck_assert_int_eq(t.r.status, RUN_ERROR);
	json = tr_report(&t);
	write_file(path, json);
	ck_assert_msg(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)) == 0, "%s", why);
	ck_assert_ptr_nonnull(strstr(json, "\"status\": \"error\""));
	free(json);
	tr_done(&t);

	/* the verdict members: failures, allow, known_bug (XFAIL) */
	tr_run(&t, "xdnasim: 1\nclients:\n  - name: a\n    steps: [open, {alloc: 600MiB}, "
	       "{alloc: {size: 600MiB, count: 2}}]\nallow:\n  - {errno: EINVAL, step: alloc, count: 1}\n"
	       "known_bug: {ref: \"PR #0\", text: \"t\", revisions: [head]}\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_XFAIL);
	json = tr_report(&t);
	write_file(path, json);
	ck_assert_msg(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)) == 0, "%s", why);
	ck_assert_ptr_nonnull(strstr(json, "\"status\": \"xfail\""));
	ck_assert_ptr_nonnull(strstr(json, "\"used\": 1"));
	ck_assert_ptr_nonnull(strstr(json, "\"tolerated\": 1"));
	ck_assert_ptr_nonnull(strstr(json, "\"applies\": true"));
	mutate(json, "\"kind\": \"result\"", "\"kind\": \"resulx\"");
	write_file(path, json);
	ck_assert_int_eq(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	free(json);
	tr_done(&t);
	unlink(path);
	free(path);
}
END_TEST

/* compare's JSON (schema xdnasim-compare/1): one pair, its divergence, deltas. */
START_TEST(test_compare_report_schema)
{
	static const char yaml[] = "xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n"
		"      - alloc: {size: 200MiB}\n      - alloc: {size: 4KiB}\n"
		"      - free: {fraction: 0.0}\n";
	struct run_opts pr = { .has_rev = true, .rev = REV_PR1233 };
	char why[512], *buf = NULL, *path = tmp_path("cmp");
	struct rpt_compare_pair p = { .a_name = "head", .b_name = "pr1233" };
	struct run_result b;
	struct tr a;
	size_t len = 0;
	FILE *f;

	tr_run(&a, yaml, NULL);
	ck_assert_int_eq(run_scenario(a.s, &pr, &b), 0);	/* the pair runs one scenario */
	p.a = &a.r;
	p.b = &b;
	ck_assert_int_eq(run_compare(p.a, p.b, &p.d), 0);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(rpt_compare_report_write(f, &p, 1), 0);
	fclose(f);
	write_file(path, buf);
	ck_assert_msg(rpt_schema_validate_file(CMP_SCHEMA, path, why, sizeof(why)) == 0, "%s", why);
	ck_assert_ptr_nonnull(strstr(buf, "\"schema\": \"xdnasim-compare/1\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"revision\": \"pr1233\""));
	mutate(buf, "\"metric_deltas\":", "\"metric_deltax\":");
	write_file(path, buf);
	ck_assert_int_eq(rpt_schema_validate_file(CMP_SCHEMA, path, why, sizeof(why)), -EUCLEAN);
	free(buf);
	run_result_free(&b);
	tr_done(&a);
	unlink(path);
	free(path);
}
END_TEST

/* Every library scenario runs, passes and gives a result that checks. */
START_TEST(test_library_passes)
{
	char **files = t_yaml_files(XDNASIM_SRCDIR "/scenarios/library"), why[256];
	size_t n = 0;

	while (files[n])
		n++;
	ck_assert_uint_ge(n, 20);
	for (size_t i = 0; i < n; i++) {
		struct scn_error err;
		struct run_result r;
		struct scn *s;

		ck_assert_msg(scn_load_file(files[i], run_vocab(), &s, &err) == 0, "%s", err.text);
		ck_assert_int_eq(run_scenario(s, NULL, &r), 0);
		ck_assert_msg(r.status == RUN_PASS, "%s: %u expectations failed", files[i],
			      r.expects_failed);
		ck_assert_msg(run_result_check(&r, why, sizeof(why)) == 0, "%s: %s", files[i], why);
		ck_assert_msg(!r.violation.found, "%s: violation %s", files[i], r.violation.why);
		run_result_free(&r);
		scn_free(s);
	}
	t_free_files(files);
}
END_TEST

Suite *run_report_suite(void)
{
	Suite *s = suite_create("run_report");
	TCase *tc = tcase_create("report");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_report_byte_identical);
	tcase_add_test(tc, test_report_schema);
	tcase_add_test(tc, test_compare_report_schema);
	tcase_add_test(tc, test_library_passes);
	suite_add_tcase(s, tc);
	return s;
}
