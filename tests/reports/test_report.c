// SPDX-License-Identifier: MIT
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

Suite *reports_report_suite(void)
{
	return suite_create("report");
}
