// SPDX-License-Identifier: MIT
/*
 * mm_trace_run() with thousands of live IDs: the replay's ID table grows
 * past its first 1024 slots and deletes with collisions, and every reply
 * must still name the right node.  The expected text is built here from
 * the trace semantics (docs/driver/drm_mm.md §3: reserve exact places, LOW takes the
 * lowest hole), not recorded from the program.
 */
#include "tests/alloc/mm_test_util.h"
#include "alloc/mm_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIDS 3000

struct text {
	char *buf;
	size_t len;
	FILE *f;
};

static void text_open(struct text *t)
{
	t->buf = NULL;
	t->len = 0;
	t->f = open_memstream(&t->buf, &t->len);
	ck_assert_ptr_nonnull(t->f);
}

static void text_close(struct text *t)
{
	ck_assert_int_eq(fclose(t->f), 0);
}

START_TEST(test_many_ids)
{
	struct text in, want, out, err;
	int ret;

	text_open(&in);
	text_open(&want);
	/* IDs 1..NIDS, spaced by 2: node i at [2(i-1), 2(i-1)+1) */
	fprintf(in.f, "init 0 %u\n", 2 * NIDS);
	fprintf(want.f, "ok\n");
	for (u32 i = 1; i <= NIDS; i++) {
		fprintf(in.f, "reserve %u %u 1\n", i * 7919 % 100003, 2 * (i - 1));
		fprintf(want.f, "%u ok\n", i * 7919 % 100003);
	}
	/* the lowest hole is the one after the first node */
	fprintf(in.f, "insert 100004 1 0 low\n");
	fprintf(want.f, "100004 1\n");
	/* a live ID again, an unknown one */
	fprintf(in.f, "reserve %u 4 1\nremove 5\n", 7919u);
	fprintf(want.f, "%u EINVAL\n5 EINVAL\n", 7919u);
	/* remove every third, then the rest in reverse order */
	for (u32 i = 1; i <= NIDS; i += 3) {
		fprintf(in.f, "remove %u\n", i * 7919 % 100003);
		fprintf(want.f, "%u removed\n", i * 7919 % 100003);
	}
	fprintf(in.f, "check\n");
	fprintf(want.f, "check ok\n");
	for (u32 i = NIDS; i >= 1; i--) {
		if ((i - 1) % 3 == 0)
			continue;
		fprintf(in.f, "remove %u\n", i * 7919 % 100003);
		fprintf(want.f, "%u removed\n", i * 7919 % 100003);
	}
	fprintf(in.f, "remove 100004\nholes\n");
	fprintf(want.f, "100004 removed\nhole 0 %u\nend\n", 2 * NIDS);
	text_close(&in);
	text_close(&want);

	text_open(&out);
	text_open(&err);
	ret = mm_trace_run(in.buf, in.len, "ids.trace", out.f, err.f, 0);
	text_close(&out);
	text_close(&err);
	ck_assert_int_eq(ret, 0);
	if (strcmp(out.buf, want.buf)) {
		size_t i = 0;

		while (out.buf[i] && out.buf[i] == want.buf[i])
			i++;
		ck_abort_msg("output differs at byte %zu: got '%.40s', want '%.40s'", i, out.buf + i,
			     want.buf + i);
	}
	ck_assert_str_eq(err.buf, "ids.trace:3003: reserve: ID 7919 is already allocated (EINVAL)\n"
				  "ids.trace:3004: remove: ID 5 is not allocated (EINVAL)\n");
	free(in.buf);
	free(want.buf);
	free(out.buf);
	free(err.buf);
}
END_TEST

/*
 * A flood of IDs chosen to share one slot of a fixed multiplicative hash
 * (ID = k * 2^40 / 0x9e3779b97f4a7c15 mod 2^64, so ID x that constant keeps
 * its low 40 bits zero), 200,000 of them live at once.  With a fixed hash
 * the table degrades to one run of 200,000 slots (about 2 x 10^10 probes,
 * minutes); the keyed table of common/hash.h spreads them.  The replies are
 * checked too: node k lands at offset k - 1.
 */
START_TEST(test_colliding_ids)
{
	const u64 n = test_scale(200000, 100);
	/* the inverse of 0x9e3779b97f4a7c15 modulo 2^64 */
	u64 inv = 0x9e3779b97f4a7c15ULL;
	struct text in, out, err;
	char line[64];
	u64 errs = 0, lines = 0;
	char *p, *save;

	for (int i = 0; i < 6; i++)
		inv *= 2 - 0x9e3779b97f4a7c15ULL * inv;
	ck_assert_uint_eq(inv * 0x9e3779b97f4a7c15ULL, 1);
	text_open(&in);
	fprintf(in.f, "init 0 %llu\n", (unsigned long long)n);
	for (u64 k = 1; k <= n; k++)
		fprintf(in.f, "insert %llu 1 0 low\n", (unsigned long long)(inv * (k << 40)));
	for (u64 k = 1; k <= n; k++)
		fprintf(in.f, "remove %llu\n", (unsigned long long)(inv * (k << 40)));
	text_close(&in);
	text_open(&out);
	text_open(&err);
	ck_assert_int_eq(mm_trace_run(in.buf, in.len, "flood.trace", out.f, err.f, 0), 0);
	text_close(&out);
	text_close(&err);
	ck_assert_str_eq(err.buf, "");
	for (p = strtok_r(out.buf, "\n", &save); p; p = strtok_r(NULL, "\n", &save), lines++) {
		u64 k = lines;

		if (lines == 0)
			snprintf(line, sizeof(line), "ok");
		else if (k <= n)
			snprintf(line, sizeof(line), "%llu %llu", (unsigned long long)(inv * (k << 40)),
				 (unsigned long long)(k - 1));
		else
			snprintf(line, sizeof(line), "%llu removed",
				 (unsigned long long)(inv * ((k - n) << 40)));
		errs += strcmp(p, line) != 0;
	}
	ck_assert_uint_eq(lines, 2 * n + 1);
	ck_assert_uint_eq(errs, 0);
	free(in.buf);
	free(out.buf);
	free(err.buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mm_trace_ids");
	TCase *tc = tcase_create("ids");

	/* generous: the quadratic table took minutes on the flood */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_many_ids);
	tcase_add_test(tc, test_colliding_ids);
	suite_add_tcase(s, tc);
	return xdnasim_run_suites(&s, 1);
}
