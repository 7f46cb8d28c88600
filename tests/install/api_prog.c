// SPDX-License-Identifier: MIT
/*
 * api_prog.c - a user of the installed C API (tests/install/test_install.sh
 * builds it with `pkg-config --cflags --libs xdnasim`): prints the library
 * version, then loads and runs the scenario given as argv[1] and prints its
 * status.  Exit 0 when the scenario passed.
 */
#include <stdio.h>

#include <xdnasim/xdnasim.h>

int main(int argc, char **argv)
{
	struct run_result res = { 0 };
	struct scn_error err;
	struct scn *s;
	int ret;

	printf("xdnasim %s\n", xdnasim_version());
	if (argc < 2)
		return 0;
	if (scn_load_file(argv[1], run_vocab(), &s, &err)) {
		fprintf(stderr, "%s\n", err.text);
		return 2;
	}
	ret = run_scenario(s, NULL, &res);
	printf("%s: %s, %llu ops\n", s->name, run_status_name(res.status),
	       (unsigned long long)res.nr_ops);
	ret = ret || res.status != RUN_PASS;
	run_result_free(&res);
	scn_free(s);
	return ret;
}
