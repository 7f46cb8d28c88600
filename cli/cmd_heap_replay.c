// SPDX-License-Identifier: MIT
/*
 * cmd_heap_replay.c - `xdnasim heap-replay [--check-every-op] [FILE|-]`: run
 * a trace of device-heap operations (format: docs/heap.md, "Traces").
 */
#include "cli/cmd.h"
#include "alloc/heap_trace.h"

#include <errno.h>
#include <string.h>

static void heap_replay_usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim heap-replay [--check-every-op] [FILE|-]\n"
		"\n"
		"Replay a trace of device-heap operations (one per line, '#' comments) and\n"
		"print what the chosen driver design answers.  Sizes: decimal, 0x hex, or\n"
		"with a K/M/G (binary) suffix.  FILE '-' or no FILE reads standard input.\n"
		"\n"
		"  heap PROFILE DESIGN MODE     first line: npu1|npu4|npu5|npu6|aie4,\n"
		"                               head|pr1233|interim, pasid|iova|carveout\n"
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
		"\n"
		"Exit status: 0 ok, 1 an expectation or check failed, 2 usage error or\n"
		"malformed line (reported as FILE:LINE:COLUMN).\n");
}

int cmd_heap_replay(int argc, char **argv)
{
	const char *path = NULL;
	unsigned int flags = 0;
	FILE *in = stdin;
	int err;

	if (cli_wants_help(argc, argv)) {
		heap_replay_usage(stdout);
		return XS_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check-every-op") == 0) {
			flags |= HEAP_TRACE_CHECK_EVERY_OP;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "heap-replay: unknown option '%s'\n", argv[i]);
			heap_replay_usage(stderr);
			return XS_EXIT_USAGE;
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "heap-replay: more than one trace file given\n");
			return XS_EXIT_USAGE;
		}
	}
	if (path && strcmp(path, "-") != 0) {
		in = fopen(path, "r");
		if (!in) {
			fprintf(stderr, "heap-replay: cannot open '%s': %s\n", path, strerror(errno));
			return XS_EXIT_USAGE;
		}
	}
	err = heap_trace_run(in, path && strcmp(path, "-") ? path : "<stdin>", stdout, stderr,
			     flags);
	if (in != stdin)
		fclose(in);
	switch (err) {
	case 0:
		return XS_EXIT_OK;
	case -EUCLEAN:
		return XS_EXIT_FAIL;
	case -EBADMSG:
		return XS_EXIT_USAGE;
	default:
		fprintf(stderr, "heap-replay: %s\n", strerror(-err));
		return XS_EXIT_USAGE;
	}
}
