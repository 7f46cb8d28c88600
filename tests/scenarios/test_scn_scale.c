// SPDX-License-Identifier: MIT
/*
 * test_scn_scale.c - the loader at the size limits: 90,000 clients (a
 * 4 MiB file) and an interleave list naming the last one 90,000 times.
 * Resolving each entry by summing the instances of the clients before it
 * costs about 4 x 10^9 steps; the prefix sums make it O(1) per entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/scenarios/test_scn.h"

START_TEST(test_interleave_many_clients)
{
	const u32 n = (u32)test_scale(90000, 100);
	char *y = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&y, &len);
	struct scn *s = NULL;
	struct scn_error err;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "xdnasim: 1\nschedule: interleave\ninterleave: [");
	for (u32 i = 0; i < n; i++)
		fprintf(f, "%sc%u", i ? "," : "", n - 1);
	fprintf(f, "]\nclients:\n");
	for (u32 i = 0; i < n; i++)
		fprintf(f, "- {name: c%u, steps: [open]}\n", i);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_le(len, 4u << 20);
	ck_assert_msg(load_str(y, &s, &err) == 0, "%s", err.text);
	ck_assert_uint_eq(s->nr_clients, n);
	ck_assert_uint_eq(s->nr_interleave, n);
	ck_assert_uint_eq(s->interleave[0], n - 1);
	ck_assert_uint_eq(s->interleave[n - 1], n - 1);
	scn_free(s);
	free(y);
}
END_TEST

Suite *scn_scale_suite(void)
{
	Suite *s = suite_create("scn_scale");
	TCase *tc = tcase_create("scale");

	/* generous: the quadratic resolution took seconds to minutes */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_interleave_many_clients);
	suite_add_tcase(s, tc);
	return s;
}
