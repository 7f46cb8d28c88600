// SPDX-License-Identifier: MIT
/*
 * heap-replay's names at scale: 200,000 distinct DEV BO names, each
 * allocated, freed, and allocated again under its name later.  A name
 * lookup that compares every name seen so far costs about 4 x 10^10 string
 * comparisons here (minutes); the keyed name table finds each in O(1).
 * Every reply is checked: with one BO live at a time, each lands at the
 * heap base.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_trace.h"

START_TEST(test_many_names)
{
	const u64 n = test_scale(200000, 100);
	char *in = NULL, *out = NULL, *err = NULL, *p, *save, want[64];
	size_t ilen = 0, olen = 0, elen = 0;
	FILE *fi = open_memstream(&in, &ilen), *fo, *fe;
	u64 lines = 0, bad = 0;

	ck_assert_ptr_nonnull(fi);
	fprintf(fi, "heap npu4 head pasid\nchunk 64M\nmap 0\n");
	for (int round = 0; round < 2; round++)
		for (u64 k = 0; k < n; k++)
			fprintf(fi, "alloc bo%llu 4K\nfree bo%llu\n", (unsigned long long)k,
				(unsigned long long)k);
	ck_assert_int_eq(fclose(fi), 0);
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	ck_assert_int_eq(heap_trace_run(in, ilen, "names.trace", fo, fe, 0), 0);
	fclose(fo);
	fclose(fe);
	ck_assert_str_eq(err, "");
	for (p = strtok_r(out, "\n", &save); p; p = strtok_r(NULL, "\n", &save), lines++) {
		u64 k = lines < 3 ? 0 : (lines - 3) / 2 % n;

		if (lines < 3)
			continue;
		if ((lines - 3) % 2 == 0)
			snprintf(want, sizeof(want), "bo%llu 0x04000000 +0x1000 chunks 0..0 cost 0",
				 (unsigned long long)k);
		else
			snprintf(want, sizeof(want), "bo%llu freed", (unsigned long long)k);
		bad += strcmp(p, want) != 0;
	}
	ck_assert_uint_eq(lines, 3 + 4 * n);
	ck_assert_uint_eq(bad, 0);
	free(in);
	free(out);
	free(err);
}
END_TEST

Suite *heap_trace_names_suite(void)
{
	Suite *s = suite_create("heap_trace_names");
	TCase *tc = tcase_create("names");

	/* generous: the quadratic lookup took minutes */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_many_names);
	suite_add_tcase(s, tc);
	return s;
}
