// SPDX-License-Identifier: MIT
#include <check.h>

#include "tests/check_util.h"
#include "tests/faults/test_faults.h"


int main(void)
{
	Suite *s[] = { bugs_suite(), fnth_suite(), scenarios_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
