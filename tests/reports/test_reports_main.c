// SPDX-License-Identifier: MIT
/* test_reports_main.c - runs every reports/ suite. */
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

int main(void)
{
	Suite *suites[] = { reports_lcov_suite(), reports_ledger_suite(), reports_report_suite(),
			    reports_scale_suite(),
			    reports_html_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
