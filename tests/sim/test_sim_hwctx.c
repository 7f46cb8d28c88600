// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

Suite *sim_hwctx_suite(void)
{
	Suite *s = suite_create("sim_hwctx");
	TCase *tc = tcase_create("hwctx");

	suite_add_tcase(s, tc);
	return s;
}
