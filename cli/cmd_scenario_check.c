// SPDX-License-Identifier: MIT
/*
 * cmd_scenario_check.c - "xdnasim scenario-check FILE...": load and validate
 * scenario files (no run), optionally printing each one's normalized form.
 */
#include "cli/cmd.h"

#include <errno.h>
#include <string.h>

#include "scenarios/run.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim scenario-check [--dump] [--quiet] FILE...\n"
		"\n"
		"Load and validate each scenario file (schema: scenarios/README.md)\n"
		"without running it.  Errors are printed as FILE:LINE:COLUMN: message.\n"
		"\n"
		"  --dump    print each valid scenario in normalized form (every default\n"
		"            written out, sizes in bytes) to stdout\n"
		"  --quiet   print nothing for valid files\n"
		"\n"
		"Exit status: 0 every file is valid, 2 a file is invalid or unreadable\n"
		"(all files are checked either way).\n");
}

static int check_one(const char *path, bool dump, bool quiet)
{
	struct scn_error err;
	struct scn *s;
	char why[512];
	int ret;

	ret = scn_load_file(path, run_vocab(), &s, &err);
	if (ret) {
		fprintf(stderr, "xdnasim scenario-check: %s\n", err.text);
		return XS_EXIT_USAGE;
	}
	ret = scn_check(s, why, sizeof(why));
	if (ret) {
		/* A loader bug, not a user error: say so plainly. */
		fprintf(stderr,
			"xdnasim scenario-check: %s: internal error: loaded scenario violates %s\n",
			path, why);
		scn_free(s);
		return XS_EXIT_FAIL;
	}
	if (dump && scn_dump(s, stdout, 0)) {
		/* A failed write to stdout is reported by main() with its errno. */
		if (!ferror(stdout))
			fprintf(stderr, "xdnasim scenario-check: %s: writing the dump failed\n",
				path);
		scn_free(s);
		return XS_EXIT_USAGE;
	}
	if (!quiet && !dump)
		printf("%s: ok (%u client%s, %llu operations)\n", path, s->nr_clients,
		       s->nr_clients == 1 ? "" : "s", (unsigned long long)s->leaf_steps);
	scn_free(s);
	return XS_EXIT_OK;
}

int cmd_scenario_check(int argc, char **argv)
{
	bool dump = false, quiet = false, opts = true;
	int files = 0, rc = XS_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		int r;

		if (opts && !strcmp(argv[i], "--")) {
			opts = false;
			continue;
		}
		if (opts && !strcmp(argv[i], "--dump")) {
			dump = true;
			continue;
		}
		if (opts && !strcmp(argv[i], "--quiet")) {
			quiet = true;
			continue;
		}
		if (opts && argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "xdnasim scenario-check: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return XS_EXIT_USAGE;
		}
		files++;
		r = check_one(argv[i], dump, quiet);
		if (r > rc)
			rc = r;
	}
	if (!files) {
		usage(stderr);
		return XS_EXIT_USAGE;
	}
	return rc;
}
