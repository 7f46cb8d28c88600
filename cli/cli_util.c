// SPDX-License-Identifier: MIT
#include "cli/cli_util.h"
#include "cli/cmd.h"

#include <errno.h>
#include <string.h>

int cli_parse_replay_args(const char *cmd, int argc, char **argv, struct cli_replay_args *a,
			  void (*usage)(FILE *f))
{
	a->path = NULL;
	a->check_every_op = false;
	a->revision = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check-every-op") == 0) {
			a->check_every_op = true;
		} else if (strcmp(argv[i], "--revision") == 0 && i + 1 < argc &&
			   !strcmp(cmd, "heap-replay")) {
			a->revision = argv[++i];
		} else if (strcmp(argv[i], "--") == 0 && i + 1 == argc - 1 && !a->path) {
			a->path = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "%s: unknown option '%s'\n", cmd, argv[i]);
			usage(stderr);
			return XS_EXIT_USAGE;
		} else if (!a->path) {
			a->path = argv[i];
		} else {
			fprintf(stderr, "%s: more than one trace file given\n", cmd);
			return XS_EXIT_USAGE;
		}
	}
	return -1;
}

const char *cli_input_name(const char *path)
{
	return path && strcmp(path, "-") ? path : "<stdin>";
}

FILE *cli_open_input(const char *cmd, const char *path, const char *mode)
{
	FILE *in;

	if (!path || strcmp(path, "-") == 0)
		return stdin;
	in = fopen(path, mode);
	if (!in)
		fprintf(stderr, "%s: cannot open '%s': %s\n", cmd, path, strerror(errno));
	return in;
}

int cli_replay_exit(const char *cmd, int err)
{
	switch (err) {
	case 0:
		return XS_EXIT_OK;
	case -EUCLEAN:
		return XS_EXIT_FAIL;
	case -EBADMSG:
		return XS_EXIT_USAGE;
	default:
		fprintf(stderr, "%s: %s\n", cmd, strerror(-err));
		return XS_EXIT_USAGE;
	}
}
