// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

Suite *sim_fw_suite(void)
{
	Suite *s = suite_create("sim_fw");
	TCase *tc = tcase_create("fw");

	suite_add_tcase(s, tc);
	return s;
}
