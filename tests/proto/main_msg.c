// SPDX-License-Identifier: MIT
/* test_proto_msg: the message layer (tables, codec, bytes, features). */
#include "tests/proto/proto_test.h"

int main(void)
{
	Suite *suites[] = { proto_msg_suite(), proto_bytes_suite(), proto_fw_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
