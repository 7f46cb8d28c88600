// SPDX-License-Identifier: MIT
/*
 * test_scn_fuzz.c - the loader fed hostile input: the scenario fuzz
 * target's engine with seeds, and every host allocation failing in turn.
 * Each load must either succeed with a scenario that passes scn_check() or
 * fail with one "FILE:LINE:COLUMN: message"; memcheck and ASan see no
 * error and no leak.
 */
#include "tests/scenarios/test_scn.h"
#include "tests/fuzz_check.h"
#include "scenarios/scn_priv.h"
#include "common/rand.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The scenario fuzz target's engine (fuzz/target_scenario.c) with seeds:
 * seed scenarios mutated (token insertions, byte flips, deletions, line
 * duplication, truncation, digits, whitespace) and random bytes.  A load
 * succeeds with a scenario that passes scn_check() and whose normalized dump
 * loads and dumps identically, or fails with exactly one
 * "FILE:LINE:COLUMN: message" inside the input.
 */
START_TEST(test_fuzz_engine)
{
	T_ASSERT(t_fuzz_campaign(&fuzz_target_scenario, test_seed(), test_scale(6000, 30)) > 0);
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
	return t_suite("scn_fuzz", 300, (const TTest *[]){ test_fuzz_engine, test_fuzz_alloc_failures,
							NULL });
}
