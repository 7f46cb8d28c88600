/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - the xdnasim command-line program: one binary, git-style
 * subcommands.  Each subcommand lives in cli/cmd_<name>.c and is listed once
 * in cli/commands.def.
 *
 * Exit codes, shared by every subcommand:
 *   0  ok
 *   1  a check, invariant or expectation failed
 *   2  usage or input error (bad option, malformed file)
 * Diagnostics go to stderr; results and machine output to stdout or files.
 */
#ifndef XDNASIM_CLI_CMD_H
#define XDNASIM_CLI_CMD_H

#include <stdio.h>

enum {
	XS_EXIT_OK = 0,
	XS_EXIT_FAIL = 1,
	XS_EXIT_USAGE = 2,
};

/*
 * Every subcommand: @argv[0] is the subcommand name; returns an exit code.
 * "--help" anywhere in its options prints its usage to stdout and returns 0.
 */
#define CMD(fn, name, summary) int fn(int argc, char **argv);
#include "cli/commands.def"
#undef CMD

/*
 * struct cli_cmd - one row of commands.def; cli_cmds[] ends with a NULL name.
 * The man page, the shell completion and `xdnasim list commands` are all
 * generated from this table and each command's --help (dist/).
 */
struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

extern const struct cli_cmd cli_cmds[];

/* cli_wants_help - true if argv[1..] contains -h or --help. */
int cli_wants_help(int argc, char **argv);

#endif /* XDNASIM_CLI_CMD_H */
