// SPDX-License-Identifier: MIT
/*
 * xdnasim.c - entry point: dispatches to the subcommands of commands.def.
 */
#include "cli/cmd.h"
#include "common/errname.h"
#include "common/output.h"
#include "api/xdnasim.h"

#include <string.h>

const struct cli_cmd cli_cmds[] = {
#define CMD(fn, name, summary) { name, fn, summary },
#include "cli/commands.def"
#undef CMD
	{ NULL, NULL, NULL },
};

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim [--help] [--version] <command> [<args>]\n"
		"\n"
		"Host-only simulator and test harness for the amdxdna NPU driver's\n"
		"expandable device heap and firmware protocol.\n"
		"\n"
		"Commands:\n");
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		fprintf(f, "  %-14s %s\n", c->name, c->summary);
	fprintf(f,
		"\n"
		"'xdnasim help <command>', 'xdnasim --help <command>' or\n"
		"'xdnasim <command> --help' shows a command's usage.\n"
		"Messages start with 'xdnasim <command>:'; input errors name FILE:LINE:COLUMN.\n"
		"Exit status: 0 ok, 1 a check or expectation failed, 2 usage or input error\n"
		"(also when an output, standard output included, could not be written).\n");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* "xdnasim help CMD" and "xdnasim --help CMD": CMD's own --help. */
static int command_help(const char *name)
{
	char *help_argv[3];
	const struct cli_cmd *c = find_cmd(name);

	if (!c) {
		fprintf(stderr, "xdnasim: unknown command '%s' (see 'xdnasim --help')\n", name);
		return XS_EXIT_USAGE;
	}
	help_argv[0] = (char *)c->name;
	help_argv[1] = "--help";
	help_argv[2] = NULL;
	return c->fn(2, help_argv);
}

static int dispatch(int argc, char **argv, const char **name)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return XS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return XS_EXIT_OK;
		}
		*name = argv[2];
		return command_help(argv[2]);
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("xdnasim %s\n", xdnasim_version());
		return XS_EXIT_OK;
	}
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr, "xdnasim: unknown command '%s' (see 'xdnasim --help')\n", argv[1]);
		return XS_EXIT_USAGE;
	}
	*name = c->name;
	return c->fn(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	const char *name = NULL;
	int rc, err;

	xout_stdout_capture();
	rc = dispatch(argc, argv, &name);
	err = xout_stdout_close();

	/* Output that did not arrive is a failed command, whatever it found. */
	if (err) {
		if (name)
			fprintf(stderr, "xdnasim %s: cannot write standard output: %s\n", name,
				xerrstr(err));
		else
			fprintf(stderr, "xdnasim: cannot write standard output: %s\n", xerrstr(err));
		rc = XS_EXIT_USAGE;
	}
	return rc;
}
