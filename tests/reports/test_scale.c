// SPDX-License-Identifier: MIT
/*
 * test_scale.c - the report readers on large inputs: lookups that compare
 * each record with every earlier one would cost about 10^10 steps here
 * (minutes, far past this test case's timeout); the keyed indexes of
 * reports/rpt_index.h keep each lookup O(1).  The run report cases count
 * the index's probes (struct rpt_index.probes) instead of timing anything:
 * the bound, 8 per lookup on average, is generous for an index at most half
 * full (about 2 expected) and missed by orders of magnitude by anything
 * that walks the earlier records or lets keys pile up in one bucket.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "reports/lcov.h"
#include "reports/report.h"
#include "reports/rpt_index.h"
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

/*
 * One source file with 150,000 functions, 150,000 branch records and
 * 150,000 line records in descending order, then each function and branch
 * record again (merged into the first).
 */
START_TEST(test_lcov_many_records)
{
	const u64 n = test_scale(150000, 100);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lcov_trace t = { 0 };
	struct lcov_error err = { 0 };
	struct lcov_summary s;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "TN:\nSF:/src/big.c\n");
	for (u64 i = 1; i <= n; i++)
		fprintf(f, "FN:%llu,f%llu\nFNDA:1,f%llu\n", (unsigned long long)i,
			(unsigned long long)i, (unsigned long long)i);
	for (u64 i = 1; i <= n; i++)
		fprintf(f, "FNDA:2,f%llu\n", (unsigned long long)i);
	for (u64 i = 1; i <= n; i++)
		fprintf(f, "BRDA:%llu,0,0,1\nBRDA:%llu,0,0,%s\n", (unsigned long long)i,
			(unsigned long long)i, i % 2 ? "-" : "2");
	for (u64 i = n; i >= 1; i--)
		fprintf(f, "DA:%llu,%llu\n", (unsigned long long)i, (unsigned long long)(i % 3));
	fprintf(f, "FNF:%llu\nFNH:%llu\nBRF:%llu\nBRH:%llu\nLF:%llu\nLH:%llu\nend_of_record\n",
		(unsigned long long)n, (unsigned long long)n, (unsigned long long)n,
		(unsigned long long)n, (unsigned long long)n,
		(unsigned long long)(n - n / 3));
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_msg(lcov_parse(buf, len, &t, &err) == 0, "%lu: %s", err.line, err.text);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_uint_eq(t.files[0].nfns, n);
	ck_assert_uint_eq(t.files[0].fns[n - 1].count, 3);
	ck_assert_uint_eq(t.files[0].brs[1].taken, 3);
	ck_assert_uint_eq(t.files[0].brs[0].taken, 1);
	ck_assert_uint_eq(t.files[0].das[0].line, 1);
	lcov_file_summary(&t.files[0], &s);
	ck_assert_uint_eq(s.lines_found, n);
	ck_assert_int_eq(lcov_merge_by_path(&t), 0);
	ck_assert_uint_eq(t.files[0].nfns, n);
	lcov_free(&t);
	free(buf);
}
END_TEST

/* Probes allowed per lookup, on average (see the top of this file). */
#define PROBES_PER_LOOKUP 8

struct dup_ctx {
	char (*names)[24];
	const char *key;
	u64 eqs;
};

static bool dup_eq(const void *ctx, size_t i)
{
	struct dup_ctx *c = (struct dup_ctx *)ctx;

	c->eqs++;
	return !strcmp(c->names[i], c->key);
}

/*
 * The index on its own: 200,000 find-or-add lookups of 2,000 keys, each
 * seen 100 times, interleaved.  Every lookup finds the element its key was
 * added as; the key comparisons are the lookups that match (hashes are
 * compared first) and the probes stay O(1) per lookup.
 */
START_TEST(test_index_many_duplicates)
{
	const u64 n = test_scale(200000, 100), d = n / 100 ? n / 100 : 1;
	struct dup_ctx c = { .names = calloc(d, sizeof(*c.names)) };
	struct rpt_index x = { 0 };
	u64 hits = 0, nkeys = 0;

	ck_assert_ptr_nonnull(c.names);
	for (u64 i = 0; i < n; i++) {
		char key[24];
		u64 k = (i * 7919) % d, h;
		size_t e;

		snprintf(key, sizeof(key), "k%llu", (unsigned long long)k);
		c.key = key;
		h = xhash_str(key);
		e = rpt_index_find(&x, h, dup_eq, &c);
		if (e == SIZE_MAX) {
			T_EQ(rpt_index_add(&x, h, nkeys), 0);
			memcpy(c.names[nkeys++], key, sizeof(key));
		} else {
			T_MSG(!strcmp(c.names[e], key), "lookup %llu of %s found %s",
			      (unsigned long long)i, key, c.names[e]);
			hits++;
		}
	}
	ck_assert_uint_eq(nkeys, d);
	ck_assert_uint_eq(hits, n - d);
	ck_assert_uint_eq(x.n, d);
	ck_assert_msg(c.eqs <= hits + n / 1000 + 1, "%llu key comparisons for %llu matches",
		      (unsigned long long)c.eqs, (unsigned long long)hits);
	ck_assert_msg(x.probes <= PROBES_PER_LOOKUP * (n + d), "%llu probes for %llu lookups",
		      (unsigned long long)x.probes, (unsigned long long)(n + d));
	rpt_index_free(&x);
	free(c.names);
}
END_TEST

/* Read the run report @doc (released) into the new input @in. */
static void read_doc(json_t *doc, struct rpt_input *in)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	struct rpt_error err = { 0 };

	json_decref(doc);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(rpt_input_init(in, NULL), 0);
	ck_assert_msg(rpt_run_read_text(in, "doc.json", text, &err) == 0, "%s:%lu: %s", err.file,
		      err.line, err.text);
	free(text);
}

/*
 * A run report whose 200,000 heap operations name 50,000 instances, each
 * four times: every name is looked up once per row, and the instances are
 * numbered in order of first appearance.
 */
START_TEST(test_run_many_instances)
{
	const u64 n = test_scale(200000, 100), d = n / 4 ? n / 4 : 1;
	json_t *doc = json_load_file(REPORTS_DATA "/run_worked.json", 0, NULL), *rows;
	struct rpt_input in;

	ck_assert_ptr_nonnull(doc);
	rows = json_object_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
					       "heap_ops"), "rows");
	ck_assert_ptr_nonnull(rows);
	json_array_clear(rows);
	for (u64 i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "app[%llu]", (unsigned long long)(i % d));
		json_array_append_new(rows, json_pack("[s, s, s, s, i, i, i]", name, "chunk-add", "ok",
						      "0x4000000", 67108864, 67108864, 0));
	}
	read_doc(doc, &in);
	ck_assert_uint_eq(in.nruns, 1);
	ck_assert_uint_eq(in.runs[0].nseries, n);
	ck_assert_uint_eq(in.runs[0].ninst, d);
	for (u64 i = 0; i < n; i++) {
		T_EQ(in.runs[0].series[i].client, i % d);
	}
	{
		char last[32];

		snprintf(last, sizeof(last), "app[%llu]", (unsigned long long)(d - 1));
		ck_assert_str_eq(in.runs[0].inst[d - 1], last);
	}
	ck_assert_msg(in.runs[0].inst_ix.probes <= PROBES_PER_LOOKUP * (n + d),
		      "%llu probes for %llu rows", (unsigned long long)in.runs[0].inst_ix.probes,
		      (unsigned long long)n);
	rpt_input_fini(&in);
}
END_TEST

/* A run report of @n runs that could not run, named @prefix-0 .. @prefix-(n-1). */
static char *error_runs(u64 n, const char *prefix)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, "{\"schema\": \"xdnasim-run-report/3\", \"runs\": [");
	for (u64 i = 0; i < n; i++)
		fprintf(f, "%s\n{\"scenario\": {\"name\": \"%s-%llu\"}, \"status\": \"error\"}",
			i ? "," : "", prefix, (unsigned long long)i);
	fprintf(f, "]}\n");
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/*
 * 20,000 runs whose scenario names share their first 600 bytes (a key
 * that hashed only a prefix would put them all in one bucket), then a
 * second report repeating one of them: the duplicate is found, named with
 * the report it was first read from, and the duplicate check probed O(1)
 * slots per run.
 */
START_TEST(test_run_many_runs)
{
	const u64 n = test_scale(20000, 100);
	char prefix[601], *text, *dup;
	struct rpt_input in;
	struct rpt_error err = { 0 };

	memset(prefix, 'r', sizeof(prefix) - 1);
	prefix[sizeof(prefix) - 1] = 0;
	text = error_runs(n, prefix);
	ck_assert_int_eq(rpt_input_init(&in, NULL), 0);
	ck_assert_msg(rpt_run_read_text(&in, "first.json", text, &err) == 0,
		      "%s:%lu: %s", err.file, err.line, err.text);
	ck_assert_uint_eq(in.nruns, n);
	ck_assert_msg(in.run_ix.probes <= PROBES_PER_LOOKUP * 2 * n, "%llu probes for %llu runs",
		      (unsigned long long)in.run_ix.probes, (unsigned long long)n);
	dup = error_runs(1, prefix);
	ck_assert_int_eq(rpt_run_read_text(&in, "second.json", dup, &err), -EINVAL);
	ck_assert_str_eq(err.file, "second.json");
	ck_assert_uint_eq(err.line, 2);
	ck_assert_msg(strstr(err.text, ") already read from first.json"), "%s", err.text);
	ck_assert_uint_eq(in.nruns, n);
	free(dup);
	free(text);
	rpt_input_fini(&in);
}
END_TEST

/* 100,000 phase spans of 50,000 phases: phase names are looked up through an index too. */
START_TEST(test_run_many_phases)
{
	const u64 n = test_scale(100000, 100), d = n / 2 ? n / 2 : 1;
	json_t *doc = json_load_file(REPORTS_DATA "/run_worked.json", 0, NULL), *run, *rows;
	struct rpt_input in;

	ck_assert_ptr_nonnull(doc);
	run = json_array_get(json_object_get(doc, "runs"), 0);
	rows = json_array();
	ck_assert_int_eq(json_object_set_new(run, "pictures",
					     json_pack("{s: {s: []}, s: [], s: {s: o}}", "marks", "rows",
							       "heap_maps", "phases", "rows", rows)), 0);
	for (u64 i = 0; i < n; i++) {
		char phase[32];

		snprintf(phase, sizeof(phase), "phase %llu", (unsigned long long)(i % d));
		json_array_append_new(rows, json_pack("[s, s, I, I, I, I]", "app", phase,
						      (json_int_t)i, (json_int_t)i, (json_int_t)i,
						      (json_int_t)i));
	}
	read_doc(doc, &in);
	ck_assert_uint_eq(in.runs[0].page.nspans, n);
	ck_assert_uint_eq(in.runs[0].page.nphases, d);
	for (u64 i = 0; i < n; i++) {
		T_EQ(in.runs[0].page.spans[i].phase, i % d);
	}
	ck_assert_msg(in.runs[0].page.phase_ix.probes <= PROBES_PER_LOOKUP * (n + d),
		      "%llu probes for %llu spans",
		      (unsigned long long)in.runs[0].page.phase_ix.probes, (unsigned long long)n);
	rpt_input_fini(&in);
}
END_TEST

Suite *reports_scale_suite(void)
{
	/* generous: the quadratic lookups took minutes */
	return t_suite("reports_scale", 120,
		       (const TTest *[]){ test_lcov_many_records, test_index_many_duplicates,
					  test_run_many_instances, test_run_many_runs,
					  test_run_many_phases, NULL });
}
