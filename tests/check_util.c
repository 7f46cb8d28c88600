// SPDX-License-Identifier: MIT
#include "tests/check_util.h"
#include "common/rand.h"

#include <stdio.h>
#include <stdlib.h>

u64 test_seed(void)
{
	return xdnasim_seed_from_env(XDNASIM_TEST_DEFAULT_SEED);
}

u64 test_scale(u64 n, u64 div)
{
	const char *v = getenv("XDNASIM_UNDER_VALGRIND");

	if (v && *v && div > 1) {
		n /= div;
		if (n == 0)
			n = 1;
	}
	return n;
}

int xdnasim_run_suites(Suite **suites, size_t n)
{
	SRunner *sr;
	int failed;

	if (n == 0)
		return EXIT_FAILURE;
	sr = srunner_create(suites[0]);
	for (size_t i = 1; i < n; i++)
		srunner_add_suite(sr, suites[i]);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (failed)
		fprintf(stderr, "seed: XDNASIM_SEED=%llu reproduces the random tests\n",
			(unsigned long long)test_seed());
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
