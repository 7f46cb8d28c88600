// SPDX-License-Identifier: MIT
#include <check.h>

#include "tests/check_util.h"

Suite *bugs_suite(void);
Suite *fnth_suite(void);

int main(void)
{
	Suite *s[] = { bugs_suite(), fnth_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
