// SPDX-License-Identifier: MIT
/* test_proto_fuzz: seeded random inputs to every decoder and ring reader. */
#include "tests/proto/proto_test.h"

int main(void)
{
	Suite *suites[] = { proto_fuzz_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
