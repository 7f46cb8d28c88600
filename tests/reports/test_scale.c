// SPDX-License-Identifier: MIT
/*
 * test_scale.c - the report readers on large inputs: lookups that compare
 * each record with every earlier one would cost about 10^10 steps here
 * (minutes, far past this test case's timeout); the keyed indexes of
 * reports/rpt_index.h keep each lookup O(1).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/lcov.h"
#include "reports/report.h"
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

/*
 * A run report whose heap operations name 100,000 distinct instances:
 * every name is looked up once per row.
 */
START_TEST(test_run_many_instances)
{
	const u64 n = test_scale(100000, 100);
	json_t *doc = json_load_file(REPORTS_DATA "/run_worked.json", 0, NULL), *rows;
	char path[] = "/tmp/xdnasim-scale-XXXXXX";
	struct rpt_input in;
	struct rpt_error err = { 0 };
	int fd;

	ck_assert_ptr_nonnull(doc);
	rows = json_object_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
					       "heap_ops"), "rows");
	ck_assert_ptr_nonnull(rows);
	json_array_clear(rows);
	for (u64 i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "app[%llu]", (unsigned long long)i);
		json_array_append_new(rows, json_pack("[s, s, s, s, i, i, i]", name, "chunk-add", "ok",
						      "0x4000000", 67108864, 67108864, 0));
	}
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(json_dump_file(doc, path, JSON_COMPACT), 0);
	json_decref(doc);
	ck_assert_int_eq(rpt_input_init(&in, NULL), 0);
	ck_assert_msg(rpt_run_read(&in, path, &err) == 0, "%s:%lu: %s", err.file, err.line, err.text);
	ck_assert_uint_eq(in.nruns, 1);
	ck_assert_uint_eq(in.runs[0].ninst, n);
	{
		char last[32];

		snprintf(last, sizeof(last), "app[%llu]", (unsigned long long)(n - 1));
		ck_assert_str_eq(in.runs[0].inst[n - 1], last);
	}
	rpt_input_fini(&in);
	unlink(path);
}
END_TEST

Suite *reports_scale_suite(void)
{
	/* generous: the quadratic lookups took minutes */
	return t_suite("reports_scale", 120, (const TTest *[]){ test_lcov_many_records,
							     test_run_many_instances, NULL });
}
