// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

Suite *sim_units_suite(void)
{
	Suite *s = suite_create("sim_units");
	TCase *tc = tcase_create("units");

	suite_add_tcase(s, tc);
	return s;
}
