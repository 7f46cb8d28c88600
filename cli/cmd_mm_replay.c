// SPDX-License-Identifier: MIT
/*
 * cmd_mm_replay.c - `xdnasim mm-replay [--check-every-op] [FILE|-]`: run a
 * trace of allocator operations on alloc/mm (format: docs/mm.md).
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"
#include "alloc/mm_trace.h"


static void mm_replay_usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim mm-replay [--check-every-op] [FILE|-]\n"
		"\n"
		"Replay a trace of drm_mm allocator operations (one per line, decimal u64\n"
		"numbers, '#' comments) and print each result exactly as the Linux drm_mm\n"
		"allocator would produce it.  FILE '-' or no FILE reads standard input.\n"
		"\n"
		"  init START SIZE                          -> ok\n"
		"  insert ID SIZE ALIGN MODE [RSTART REND]  -> ID OFFSET | ID ENOSPC\n"
		"      MODE: best, low, high, evict, optionally +once; lowest, highest\n"
		"  reserve ID START SIZE                    -> ID ok | ID ENOSPC\n"
		"  remove ID                                -> ID removed\n"
		"  holes | stack | nodes                    -> listing, then 'end'\n"
		"  check                                    -> check ok | check FAIL <why>\n"
		"\n"
		"Programming errors in the trace print 'EINVAL' lines and the replay goes on.\n"
		"\n"
		"  --check-every-op  run the invariant checker after every operation; on a\n"
		"                    failure print the line number and exit 1\n"
		"\n"
		"Exit status: 0 ok, 1 a check failed, 2 usage error or malformed line.\n");
}

int cmd_mm_replay(int argc, char **argv)
{
	struct cli_replay_args a;
	struct xin in;
	FILE *diag;
	int err;

	if (cli_wants_help(argc, argv)) {
		mm_replay_usage(stdout);
		return XS_EXIT_OK;
	}
	err = cli_parse_replay_args("mm-replay", argc, argv, &a, mm_replay_usage);
	if (err >= 0)
		return err;
	if (cli_read_input("mm-replay", a.path, 0, XIN_UTF8, &in))
		return XS_EXIT_USAGE;
	diag = cli_prefixed_stderr("mm-replay");
	err = mm_trace_run(in.buf, in.len, in.name, stdout, diag,
			   a.check_every_op ? MM_TRACE_CHECK_EVERY_OP : 0);
	cli_prefixed_close(diag);
	xin_free(&in);
	return cli_replay_exit("mm-replay", err);
}
