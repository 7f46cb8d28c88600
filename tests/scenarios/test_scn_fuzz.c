// SPDX-License-Identifier: MIT
/*
 * test_scn_fuzz.c - the loader fed hostile input: seeded mutations of the
 * library files (byte flips, insertions, deletions, line duplication,
 * truncation, random bytes), and every host allocation failing in turn.
 * Each load must either succeed with a scenario that passes scn_check() or
 * fail with one "FILE:LINE:COLUMN: message"; memcheck and ASan see no
 * error and no leak.
 */
#include "tests/scenarios/test_scn.h"
#include "scenarios/scn_priv.h"
#include "common/rand.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char tokens[][12] = {
	":", "- ", "{", "}", "[", "]", "\n", "  ", "\"", "'", "&a ", "*a", "!!str ", "#",
	"0x", "MiB", "-1", "99999999999", "expect", "label", "repeat", "open", "\t", ",",
	"|", ">", "? ", "---\n", "\\", "~", "null", "1.5", "%YAML 1.1\n",
};

static size_t mutate(struct xrand *r, char *buf, size_t len, size_t cap)
{
	size_t pos = len ? (size_t)xrand_below(r, len) : 0, n;

	switch (xrand_below(r, 7)) {
	case 0:	/* flip a byte */
		if (len)
			buf[pos] = (char)xrand_next(r);
		return len;
	case 1:	/* insert a YAML-ish token */ {
		const char *tok = tokens[xrand_below(r, ARRAY_SIZE(tokens))];

		n = strlen(tok);
		if (len + n >= cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		memcpy(buf + pos, tok, n);
		return len + n;
	}
	case 2:	/* delete a range */
		n = (size_t)xrand_below(r, 32);
		if (pos + n > len)
			n = len - pos;
		memmove(buf + pos, buf + pos + n, len - pos - n);
		return len - n;
	case 3:	/* duplicate the line at pos */ {
		size_t s = pos, e = pos;

		while (s > 0 && buf[s - 1] != '\n')
			s--;
		while (e < len && buf[e] != '\n')
			e++;
		if (e < len)
			e++;
		n = e - s;
		if (len + n >= cap)
			return len;
		memmove(buf + e + n, buf + e, len - e);
		memcpy(buf + e, buf + s, n);
		return len + n;
	}
	case 4:	/* truncate */
		return pos;
	case 5:	/* swap two bytes */
		if (len) {
			size_t q = (size_t)xrand_below(r, len);
			char t = buf[pos];

			buf[pos] = buf[q];
			buf[q] = t;
		}
		return len;
	default:	/* change a digit */
		for (size_t i = pos; i < len; i++)
			if (buf[i] >= '0' && buf[i] <= '9') {
				buf[i] = (char)('0' + xrand_below(r, 10));
				break;
			}
		return len;
	}
}

static void check_outcome(const char *name, const char *buf, size_t len, u64 seed, int iter)
{
	struct scn_error err;
	struct scn *s;
	char why[256], prefix[64];
	int ret = scn_load_buffer(buf, len, name, NULL, &s, &err);

	if (ret == 0) {
		ck_assert_msg(scn_check(s, why, sizeof(why)) == 0,
			      "seed %llu iter %d: loaded scenario fails %s",
			      (unsigned long long)seed, iter, why);
		scn_free(s);
		return;
	}
	ck_assert_ptr_null(s);
	ck_assert_msg(ret == -EINVAL, "seed %llu iter %d: ret %d", (unsigned long long)seed,
		      iter, ret);
	snprintf(prefix, sizeof(prefix), "%s:%u:%u: ", name, err.line, err.column);
	ck_assert_msg(err.line >= 1 && err.column >= 1 && !strncmp(err.text, prefix, strlen(prefix)),
		      "seed %llu iter %d: bad error '%s'", (unsigned long long)seed, iter,
		      err.text);
	ck_assert_msg(strlen(err.msg) > 0, "empty message");
}

START_TEST(test_fuzz_mutations)
{
	char **files = library_files();
	u64 seed = test_seed();
	u64 iters = test_scale(20000, 20);
	struct xrand r;
	int nf = 0;

	while (files[nf])
		nf++;
	xrand_seed(&r, seed);
	for (u64 it = 0; it < iters; it++) {
		size_t len, cap;
		char *orig = read_file(files[xrand_below(&r, (u64)nf)], &len), *buf;
		u64 muts = 1 + xrand_below(&r, 8);

		ck_assert_ptr_nonnull(orig);
		cap = len * 2 + 4096;
		buf = malloc(cap);
		memcpy(buf, orig, len);
		for (u64 m = 0; m < muts; m++)
			len = mutate(&r, buf, len, cap);
		check_outcome("fuzz.yaml", buf, len, seed, (int)it);
		free(buf);
		free(orig);
	}
	free_library_files(files);
}
END_TEST

START_TEST(test_fuzz_random_bytes)
{
	u64 seed = test_seed() ^ 0x5ca1ab1eULL;
	u64 iters = test_scale(10000, 20);
	struct xrand r;
	char buf[512];

	xrand_seed(&r, seed);
	for (u64 it = 0; it < iters; it++) {
		size_t len = (size_t)xrand_below(&r, sizeof(buf));

		for (size_t i = 0; i < len; i++) {
			/* half the time stay in printable ASCII so YAML gets further */
			buf[i] = xrand_chance(&r, 1, 2) ? (char)(0x20 + xrand_below(&r, 95))
							: (char)xrand_next(&r);
		}
		check_outcome("bytes.yaml", buf, len, seed, (int)it);
	}
}
END_TEST

/* Fail the loader's n-th host allocation for n = 0, 1, ... until it loads. */
START_TEST(test_fuzz_alloc_failures)
{
	char **files = library_files();
	size_t len;
	char *buf = read_file(files[0], &len);
	struct scn_error err;
	struct scn *s;
	long n;
	int ret;

	ck_assert_ptr_nonnull(buf);
	for (n = 0;; n++) {
		scn__fail_alloc_after(n);
		ret = scn_load_buffer(buf, len, "oom.yaml", NULL, &s, &err);
		scn__fail_alloc_after(-1);
		if (ret == 0)
			break;
		ck_assert_msg(ret == -ENOMEM, "n=%ld: %d %s", n, ret, err.text);
		ck_assert_ptr_null(s);
		ck_assert_str_eq(err.text, "oom.yaml: out of memory");
	}
	ck_assert_int_gt(n, 3);
	scn_free(s);
	free(buf);
	free_library_files(files);
}
END_TEST

Suite *scn_fuzz_suite(void)
{
	Suite *s = suite_create("scn_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_fuzz_mutations);
	tcase_add_test(tc, test_fuzz_random_bytes);
	tcase_add_test(tc, test_fuzz_alloc_failures);
	suite_add_tcase(s, tc);
	return s;
}
