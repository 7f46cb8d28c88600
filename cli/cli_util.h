/* SPDX-License-Identifier: MIT */
/*
 * cli_util.h - pieces shared by the subcommands: reading an input and
 * writing an output through common/input.h and common/output.h with the
 * messages every command prints ("xdnasim CMD: ..."), a stderr stream that
 * prefixes each line, and for the trace-replay subcommands (mm-replay,
 * heap-replay) their argument form "[--check-every-op] [--] [FILE|-]" and the
 * mapping of a replay engine's result to the exit codes of cmd.h.
 */
#ifndef XDNASIM_CLI_UTIL_H
#define XDNASIM_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "alloc/rev.h"
#include "common/compat.h"
#include "common/input.h"
#include "common/output.h"

/*
 * The options that retarget a scenario run, shared by `run` and `explore`:
 * CLI_TARGET_LONGOPTS goes into a getopt_long table; its short codes 'd'
 * (--revision R, --design R its deprecated alias), 'm' (--mode M) and 'b'
 * (--bug NAME, repeatable) are handed to cli_target_option().
 */
#define CLI_TARGET_LONGOPTS                                  \
	{ "revision", required_argument, NULL, 'd' },        \
	{ "design", required_argument, NULL, 'd' },          \
	{ "mode", required_argument, NULL, 'm' },            \
	{ "bug", required_argument, NULL, 'b' }

struct cli_target {
	enum drv_rev *rev;
	bool *has_rev;
	enum addr_mode *mode;
	bool *has_mode;
	u64 *bugs;		/* SIM_BUG() bits, or-ed in */
};

/*
 * cli_target_option - apply option @opt ('d', 'm' or 'b') with @arg to @t.
 * Returns 0; -EINVAL for a bad value, after printing "xdnasim CMD: ..."
 * with the valid names; -ENOENT when @opt is none of the three.
 */
int cli_target_option(const char *cmd, int opt, const char *arg, const struct cli_target *t);

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

/*
 * cli_read_input - xin_read() @path (NULL / "-": stdin) into @in; on failure
 * print "xdnasim CMD: NAME[:LINE:COLUMN]: why" and return XS_EXIT_USAGE,
 * else 0.  @max and @flags as for xin_read().
 */
int cli_read_input(const char *cmd, const char *path, size_t max, unsigned int flags,
		   struct xin *in);

/*
 * cli_open_output - xout_open() @path after refusing it when it is one of the
 * @n @inputs (xout_refuse_input()); on failure print "xdnasim CMD: ..." and
 * return XS_EXIT_USAGE, else 0.
 */
int cli_open_output(const char *cmd, const char *path, const char *const *inputs, size_t n,
		    struct xout *o);

/*
 * cli_refuse_input - the refusal half of cli_open_output(), for outputs
 * written later: XS_EXIT_USAGE (message printed) when @out is one of
 * @inputs, else 0.
 */
int cli_refuse_input(const char *cmd, const char *out, const char *const *inputs, size_t n);

/*
 * cli_output_error - print "xdnasim CMD: cannot write PATH: ENAME (text)"
 * for the negative errno @err and return XS_EXIT_USAGE.
 */
int cli_output_error(const char *cmd, const char *path, int err);

/*
 * cli_prefixed_stderr - a stream that writes to stderr (unbuffered, so it
 * keeps its order with stdout) and starts every line with "xdnasim CMD: ",
 * for engines that print "FILE:LINE:COLUMN: message" lines themselves.
 * Falls back to stderr itself when the stream cannot be created; close it
 * with cli_prefixed_close().
 */
FILE *cli_prefixed_stderr(const char *cmd);
void cli_prefixed_close(FILE *f);

/*
 * cli_replay_exit - exit code for a replay engine's result: 0 ok, -EUCLEAN
 * (a check failed) 1, -EBADMSG (malformed input, already reported) 2, any
 * other errno is printed ("xdnasim CMD: ENAME (text)") and gives 2.
 */
int cli_replay_exit(const char *cmd, int err);

#endif /* XDNASIM_CLI_UTIL_H */
