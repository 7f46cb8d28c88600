// SPDX-License-Identifier: MIT
/*
 * xdnasim.c - entry point: dispatches to the subcommands of commands.def.
 */
#include "cli/cmd.h"

#include <string.h>

#include "api/xdnasim.h"

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
		"'xdnasim help <command>' or 'xdnasim <command> --help' shows a command's usage.\n"
		"Exit status: 0 ok, 1 a check or expectation failed, 2 usage or input error.\n");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return XS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("xdnasim %s\n", xdnasim_version());
		return XS_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		char *help_argv[3];

		if (argc < 3) {
			usage(stdout);
			return XS_EXIT_OK;
		}
		c = find_cmd(argv[2]);
		if (!c) {
			fprintf(stderr, "xdnasim: unknown command '%s'\n", argv[2]);
			return XS_EXIT_USAGE;
		}
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		return c->fn(2, help_argv);
	}
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr, "xdnasim: unknown command '%s' (see 'xdnasim --help')\n", argv[1]);
		return XS_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
