// SPDX-License-Identifier: MIT
/* test_proto_mbox: mailbox rings, ids, corruption, timeouts, checkers. */
#include "tests/proto/proto_test.h"

int main(void)
{
	Suite *suites[] = {
		proto_ring_suite(), proto_full_suite(),	 proto_ids_suite(),
		proto_corrupt_suite(), proto_mgmt_suite(), proto_check_suite(),
	};

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
