// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

int main(void)
{
	Suite *s[] = {
		sim_units_suite(), sim_example_suite(), sim_hwctx_suite(), sim_errors_suite(),
		sim_fw_suite(), sim_random_suite(), sim_check_suite(), sim_stale_suite(),
		sim_revisions_suite(),
	};

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
