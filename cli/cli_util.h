/* SPDX-License-Identifier: MIT */
/*
 * cli_util.h - pieces shared by the trace-replay subcommands (mm-replay,
 * heap-replay): their argument form "[--check-every-op] [--] [FILE|-]" and the
 * mapping of a replay engine's result to the exit codes of cmd.h.
 */
#ifndef XDNASIM_CLI_UTIL_H
#define XDNASIM_CLI_UTIL_H

#include <stdbool.h>
#include <stdio.h>

struct cli_replay_args {
	const char *path;	/* NULL or "-" = standard input */
	bool check_every_op;
	const char *revision;	/* --revision R (heap-replay), NULL if not given */
};

/*
 * cli_parse_replay_args - parse argv[1..] of @cmd into @a.  On a usage error
 * prints the reason (and @usage to stderr for an unknown option) and returns
 * XS_EXIT_USAGE; returns -1 when the arguments are good.
 */
int cli_parse_replay_args(const char *cmd, int argc, char **argv, struct cli_replay_args *a,
			  void (*usage)(FILE *f));

/* cli_input_name - the name diagnostics use for @path: the path, or "<stdin>". */
const char *cli_input_name(const char *path);

/*
 * cli_open_input - @path opened with @mode, or stdin for NULL / "-"; NULL
 * (after printing "CMD: cannot open ...") when it cannot be opened.
 */
FILE *cli_open_input(const char *cmd, const char *path, const char *mode);

/*
 * cli_replay_exit - exit code for a replay engine's result: 0 ok, -EUCLEAN
 * (a check failed) 1, -EBADMSG (malformed input, already reported) 2, any
 * other errno is printed and gives 2.
 */
int cli_replay_exit(const char *cmd, int err);

#endif /* XDNASIM_CLI_UTIL_H */
