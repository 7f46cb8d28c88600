// SPDX-License-Identifier: MIT
/*
 * test_lcov.c - the lcov tracefile parser against real `lcov --capture`
 * output of this project's gcov build (data/real.info; expected totals
 * are lcov 1.16's own `lcov --summary` / `--list` of that file), malformed
 * input with exact line numbers, per-path merge, writer round trip and the
 * C1..C4 checker.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/lcov.h"
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

static const struct lcov_file *file_named(const struct lcov_trace *t, const char *suffix)
{
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < t->n; i++) {
		size_t pl = strlen(t->files[i].path);

		if (pl >= sl && !strcmp(t->files[i].path + pl - sl, suffix))
			return &t->files[i];
	}
	return NULL;
}

/* lcov --list data/real.info (lcov 1.16, branch coverage on). */
static const struct {
	const char *file;
	u64 lf, lh, fnf, fnh, brf, brh;
} real_list[] = {
	{ "common/errname.c", 15, 15, 2, 2, 12, 12 },
	{ "common/parse.c", 28, 28, 4, 4, 28, 27 },
	{ "common/rand.c", 43, 40, 9, 8, 16, 10 },
	{ "proto/trace.c", 50, 47, 9, 9, 26, 19 },
	{ "sim/fault.c", 50, 46, 5, 5, 53, 40 },
};

START_TEST(test_real_lcov_totals)
{
	struct lcov_trace t = { 0 };
	struct lcov_error err = { 0 };
	struct lcov_summary sum = { 0 }, s;
	char why[160];

	ck_assert_int_eq(lcov_read(REPORTS_DATA "/real.info", &t, &err), 0);
	ck_assert_uint_eq(t.n, 5);
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(real_list); i++) {
		const struct lcov_file *f = file_named(&t, real_list[i].file);

		ck_assert_msg(f, "%s missing", real_list[i].file);
		ck_assert_str_eq(f->test, "");
		lcov_file_summary(f, &s);
		ck_assert_uint_eq(s.lines_found, real_list[i].lf);
		ck_assert_uint_eq(s.lines_hit, real_list[i].lh);
		ck_assert_uint_eq(s.fns_found, real_list[i].fnf);
		ck_assert_uint_eq(s.fns_hit, real_list[i].fnh);
		ck_assert_uint_eq(s.brs_found, real_list[i].brf);
		ck_assert_uint_eq(s.brs_hit, real_list[i].brh);
		lcov_summary_add(&sum, &s);
	}
	/* lcov --summary: 176 of 186 lines, 28 of 29 functions, 108 of 135 branches. */
	ck_assert_uint_eq(sum.lines_found, 186);
	ck_assert_uint_eq(sum.lines_hit, 176);
	ck_assert_uint_eq(sum.fns_found, 29);
	ck_assert_uint_eq(sum.fns_hit, 28);
	ck_assert_uint_eq(sum.brs_found, 135);
	ck_assert_uint_eq(sum.brs_hit, 108);
	lcov_free(&t);
}
END_TEST

START_TEST(test_real_lcov_records)
{
	struct lcov_trace t = { 0 };
	const struct lcov_file *f;

	ck_assert_int_eq(lcov_read(REPORTS_DATA "/real.info", &t, NULL), 0);
	f = file_named(&t, "common/errname.c");
	ck_assert_uint_eq(f->nfns, 2);
	ck_assert_str_eq(f->fns[0].name, "xerrname");
	ck_assert_uint_eq(f->fns[0].line, 24);
	ck_assert_uint_eq(f->fns[0].count, 9440);
	ck_assert_uint_eq(f->brs[0].line, 28);
	ck_assert_uint_eq(f->brs[0].block, 0);
	ck_assert_uint_eq(f->brs[0].branch, 0);
	ck_assert_int_eq(f->brs[0].taken, 32);
	ck_assert_int_eq(f->brs[1].taken, 9408);
	lcov_free(&t);
}
END_TEST

/* Writing and re-reading gives the same records, and writing twice the same bytes. */
START_TEST(test_write_round_trip)
{
	struct lcov_trace t = { 0 }, u = { 0 };
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	FILE *fa, *fb;

	ck_assert_int_eq(lcov_read(REPORTS_DATA "/real.info", &t, NULL), 0);
	fa = open_memstream(&a, &alen);
	ck_assert_int_eq(lcov_write(fa, &t), 0);
	fclose(fa);
	ck_assert_int_eq(lcov_parse(a, alen, &u, NULL), 0);
	fb = open_memstream(&b, &blen);
	ck_assert_int_eq(lcov_write(fb, &u), 0);
	fclose(fb);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	ck_assert_uint_eq(u.n, t.n);
	free(a);
	free(b);
	lcov_free(&t);
	lcov_free(&u);
}
END_TEST

START_TEST(test_merge_by_path)
{
	static const char in[] =
		"TN:scenario_a\nSF:/x/b.c\nFN:3,f\nFNDA:2,f\nBRDA:4,0,0,-\nBRDA:4,0,1,-\n"
		"DA:3,2\nDA:5,0\nend_of_record\n"
		"TN:scenario_b\nSF:/x/a.c\nDA:1,1\nend_of_record\n"
		"SF:/x/b.c\nFN:3,f\nFN:9,g\nFNDA:0,f\nFNDA:1,g\nBRDA:4,0,0,3\nBRDA:4,0,1,-\n"
		"DA:5,7\nDA:9,1\nend_of_record\n";
	struct lcov_trace t = { 0 };
	struct lcov_summary s;
	const struct lcov_file *f;

	ck_assert_int_eq(lcov_parse(in, sizeof(in) - 1, &t, NULL), 0);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_str_eq(t.files[0].test, "scenario_a");
	ck_assert_str_eq(t.files[2].test, "scenario_b");	/* TN carries over */
	ck_assert_int_eq(lcov_merge_by_path(&t), 0);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(t.files[0].path, "/x/a.c");
	f = &t.files[1];
	lcov_file_summary(f, &s);
	ck_assert_uint_eq(s.lines_found, 3);	/* 3, 5, 9 */
	ck_assert_uint_eq(s.lines_hit, 3);	/* 5: 0 + 7 */
	ck_assert_uint_eq(s.fns_found, 2);
	ck_assert_uint_eq(s.fns_hit, 2);
	ck_assert_uint_eq(s.brs_found, 2);
	ck_assert_uint_eq(s.brs_hit, 1);
	ck_assert_int_eq(f->brs[0].taken, 3);	/* "-" + 3 */
	ck_assert_int_eq(f->brs[1].taken, -1);	/* "-" + "-" */
	ck_assert_uint_eq(f->das[1].count, 7);
	lcov_free(&t);
}
END_TEST

/* Malformed tracefiles: the exact line and a message naming the problem. */
static const struct {
	const char *in;
	unsigned long line;
	const char *msg;
} bad[] = {
	{ "DA:1,1\n", 1, "outside a file record" },
	{ "SF:a.c\nDA:1,1\nSF:b.c\n", 3, "missing end_of_record" },
	{ "SF:a.c\nDA:1,1\n", 2, "end of file inside the record of a.c" },
	{ "SF:a.c\nDA:x,1\nend_of_record\n", 2, "DA line: bad number 'x'" },
	{ "SF:a.c\nDA:1\nend_of_record\n", 2, "DA count: missing" },
	{ "SF:a.c\nDA:0,1\nend_of_record\n", 2, "DA: line 0" },
	{ "SF:a.c\nDA:1,-3\nend_of_record\n", 2, "DA count: bad number '-3'" },
	{ "SF:a.c\nDA:1,1\nLF:2\nLH:1\nend_of_record\n", 3, "LF:2 but the record has 1" },
	{ "SF:a.c\nDA:1,1\nDA:2,0\nLF:2\nLH:2\nend_of_record\n", 5, "LH:2 but the record has 1" },
	{ "SF:a.c\nFNDA:1,f\nend_of_record\n", 2, "FNDA for 'f', which no FN declared" },
	{ "SF:a.c\nFN:1\nend_of_record\n", 2, "FN: missing function name" },
	{ "SF:a.c\nFN:3,f\nFNDA:1,f\nFNF:1\nFNH:0\nend_of_record\n", 5, "FNH:0 but the record has 1" },
	{ "SF:a.c\nBRDA:1,0,0\nend_of_record\n", 2, "BRDA taken: missing" },
	{ "SF:a.c\nBRDA:1,0,0,2\nBRF:2\nend_of_record\n", 3, "BRF:2 but the record has 1" },
	{ "SF:a.c\nBRDA:1,0,0,1,5\nend_of_record\n", 2, "BRDA: too many fields" },
	{ "SF:a.c\nXYZ:1\nend_of_record\n", 2, "unknown record 'XYZ'" },
	{ "SF:a.c\ngarbage\nend_of_record\n", 2, "not a record: 'garbage'" },
	{ "SF:\n", 1, "SF: empty path" },
	{ "end_of_record\n", 1, "end_of_record outside a file record" },
	{ "TN:x\n", 1, "no file record (SF)" },
	{ "SF:a.c\nDA:1,99999999999999999999\nend_of_record\n", 2, "DA count: bad number" },
	{ "SF:a.c\nFNA:0,1,f\nend_of_record\n", 2, "FNA index 0 without an FNL" },
};

/* The column of each bad[] error: the offending field, or the record's start. */
static const unsigned long bad_cols[] = { 1, 1, 1, 4, 5, 4, 6, 4, 4, 8, 5, 5, 11, 5, 14, 1, 1, 4,
					  1, 1, 6, 5 };
_Static_assert(ARRAY_SIZE(bad_cols) == ARRAY_SIZE(bad), "one column per bad tracefile");

START_TEST(test_malformed)
{
	struct lcov_trace t = { 0 };
	struct lcov_error err = { 0 };
	int ret = lcov_parse(bad[_i].in, strlen(bad[_i].in), &t, &err);

	ck_assert_msg(ret == -EINVAL, "row %d: ret %d", _i, ret);
	ck_assert_msg(err.line == bad[_i].line, "row %d: line %lu, want %lu (%s)", _i, err.line,
		      bad[_i].line, err.text);
	ck_assert_msg(err.column == bad_cols[_i], "row %d: column %lu, want %lu (%s)", _i,
		      err.column, bad_cols[_i], err.text);
	ck_assert_msg(strstr(err.text, bad[_i].msg), "row %d: '%s' lacks '%s'", _i, err.text,
		      bad[_i].msg);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(t.files);
}
END_TEST

START_TEST(test_nul_byte_and_missing_file)
{
	static const char in[] = "SF:a.c\nDA:1,1\0\nend_of_record\n";
	struct lcov_trace t = { 0 };
	struct lcov_error err = { 0 };

	ck_assert_int_eq(lcov_parse(in, sizeof(in) - 1, &t, &err), -EINVAL);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_int_eq(lcov_read(REPORTS_DATA "/does-not-exist.info", &t, &err), -ENOENT);
}
END_TEST

/* lcov 2 forms: VER, FN with an end line, FNL/FNA, exception branches, DA checksums. */
START_TEST(test_lcov2_records)
{
	static const char in[] =
		"VER:2\nTN:\nSF:/s/m.c\nFN:10,20,main\nFNDA:4,main\nFNL:0,30,40\nFNA:0,0,helper\n"
		"BRDA:11,e0,0,1\nBRDA:11,e0,1,0\nDA:10,4,abcdef\nDA:30,0\nLF:2\nLH:1\n"
		"FNF:2\nFNH:1\nBRF:2\nBRH:1\nend_of_record\n";
	struct lcov_trace t = { 0 };
	struct lcov_summary s;

	ck_assert_int_eq(lcov_parse(in, sizeof(in) - 1, &t, NULL), 0);
	lcov_file_summary(&t.files[0], &s);
	ck_assert_uint_eq(s.fns_found, 2);
	ck_assert_uint_eq(s.fns_hit, 1);
	ck_assert_uint_eq(t.files[0].fns[0].line, 10);
	ck_assert_uint_eq(t.files[0].fns[1].line, 30);
	ck_assert_str_eq(t.files[0].fns[1].name, "helper");
	ck_assert_uint_eq(s.brs_found, 2);
	ck_assert_uint_eq(s.brs_hit, 1);
	lcov_free(&t);
}
END_TEST

/* The checker names each planted corruption. */
START_TEST(test_check_catches_corruption)
{
	static const char in[] = "SF:/s/a.c\nFN:1,f\nFN:2,g\nBRDA:1,0,0,1\nBRDA:1,0,1,1\n"
				 "DA:1,1\nDA:2,1\nend_of_record\n";
	struct lcov_trace t = { 0 };
	char why[160];
	struct lcov_file *f;

	ck_assert_int_eq(lcov_parse(in, sizeof(in) - 1, &t, NULL), 0);
	f = &t.files[0];
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), 0);
	f->das[1].line = 1;
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "C2 ", 3), "%s", why);
	f->das[1].line = 2;
	strcpy(f->fns[1].name, "f");
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "C3 ", 3), "%s", why);
	strcpy(f->fns[1].name, "g");
	f->brs[1].branch = 0;
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "C4 ", 3), "%s", why);
	f->brs[1].branch = 1;
	f->path[0] = '\0';
	ck_assert_int_eq(lcov_check(&t, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "C1 ", 3), "%s", why);
	lcov_free(&t);
}
END_TEST

Suite *reports_lcov_suite(void)
{
	Suite *s = suite_create("lcov");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_real_lcov_totals);
	tcase_add_test(tc, test_real_lcov_records);
	tcase_add_test(tc, test_write_round_trip);
	tcase_add_test(tc, test_merge_by_path);
	tcase_add_loop_test(tc, test_malformed, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, test_nul_byte_and_missing_file);
	tcase_add_test(tc, test_lcov2_records);
	tcase_add_test(tc, test_check_catches_corruption);
	suite_add_tcase(s, tc);
	return s;
}
