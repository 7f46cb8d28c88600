// SPDX-License-Identifier: MIT
/*
 * cmd_heap_replay.c - `xdnasim heap-replay [--check-every-op] [FILE|-]`: run
 * a trace of device-heap operations (format: docs/heap.md, "Traces").
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"
#include "alloc/heap_trace.h"


static void heap_replay_usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim heap-replay [--check-every-op] [--revision R] [FILE|-]\n"
		"\n"
		"Replay a trace of device-heap operations (one per line, '#' comments) and\n"
		"print what the chosen driver revision answers.  Sizes: decimal, 0x hex, or\n"
		"with a K/M/G (binary) suffix.  FILE '-' or no FILE reads standard input.\n"
		"\n"
		"  heap PROFILE REVISION MODE   first line: npu1|npu4|npu5|npu6|aie4,\n"
		"                               a revision of `xdnasim revisions` (or head,\n"
		"                               interim = pr1279), pasid|iova|carveout\n"
		"  chunk SIZE                   CREATE_BO(DEV_HEAP) -> chunk IDX ADDR +SIZE\n"
		"  map IDX [ADDR] | unmap IDX   the shim mmaps/unmaps chunk IDX\n"
		"  alloc NAME SIZE              CREATE_BO(DEV) -> NAME ADDR +SIZE chunks S..E\n"
		"  shim NAME SIZE               the same through the shim's expand-and-retry loop\n"
		"  free NAME | pin NAME         free the DEV BO / pin it as a job argument\n"
		"  sync NAME OFFSET SIZE        SYNC_BO: errno and flushed chunk ranges\n"
		"  metrics | check              print the metrics / run the invariant checker\n"
		"\n"
		"chunk, alloc, shim and sync take an optional '-> EXPECT' (ok, an errno\n"
		"name such as EAGAIN, or an address); a mismatch is reported on stderr.\n"
		"\n"
		"  --check-every-op  run the invariant checker after every operation\n"
		"  --revision R      replay under revision R whatever the heap line says\n"
		"\n"
		"Exit status: 0 ok, 1 an expectation or check failed, 2 usage error or\n"
		"malformed line (reported as FILE:LINE:COLUMN).\n");
}

int cmd_heap_replay(int argc, char **argv)
{
	struct cli_replay_args a;
	enum drv_rev rev = REV_HEAD;
	struct xin in;
	FILE *diag;
	int err;

	if (cli_wants_help(argc, argv)) {
		heap_replay_usage(stdout);
		return XS_EXIT_OK;
	}
	err = cli_parse_replay_args("heap-replay", argc, argv, &a, heap_replay_usage);
	if (err >= 0)
		return err;
	if (a.revision && drv_rev_parse(a.revision, &rev)) {
		fprintf(stderr, "xdnasim heap-replay: unknown revision '%s' (%s)\n", a.revision,
			drv_rev_names());
		return XS_EXIT_USAGE;
	}
	if (cli_read_input("heap-replay", a.path, 0, XIN_UTF8, &in))
		return XS_EXIT_USAGE;
	diag = cli_prefixed_stderr("heap-replay");
	err = heap_trace_run_rev(in.buf, in.len, in.name, stdout, diag,
				 a.check_every_op ? HEAP_TRACE_CHECK_EVERY_OP : 0,
				 a.revision ? (int)rev : -1);
	cli_prefixed_close(diag);
	xin_free(&in);
	return cli_replay_exit("heap-replay", err);
}
