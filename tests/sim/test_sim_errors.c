// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

Suite *sim_errors_suite(void)
{
	Suite *s = suite_create("sim_errors");
	TCase *tc = tcase_create("errors");

	suite_add_tcase(s, tc);
	return s;
}
