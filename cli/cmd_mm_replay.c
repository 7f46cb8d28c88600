// SPDX-License-Identifier: MIT
/*
 * cmd_mm_replay.c - `xdnasim mm-replay [--check-every-op] [FILE|-]`: run a
 * trace of allocator operations on alloc/mm (format: docs/mm.md).
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"
#include "alloc/mm_trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* Read all of @f into a malloc'ed buffer. */
static int slurp(FILE *f, char **buf, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap);

	if (!b)
		return -ENOMEM;
	for (;;) {
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				free(b);
				return -EIO;
			}
			break;
		}
		cap *= 2;
		{
			char *nb = realloc(b, cap);

			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
		}
	}
	*buf = b;
	*len = n;
	return 0;
}

int cmd_mm_replay(int argc, char **argv)
{
	struct cli_replay_args a;
	FILE *in;
	char *buf;
	size_t len;
	int err;

	if (cli_wants_help(argc, argv)) {
		mm_replay_usage(stdout);
		return XS_EXIT_OK;
	}
	err = cli_parse_replay_args("mm-replay", argc, argv, &a, mm_replay_usage);
	if (err >= 0)
		return err;
	in = cli_open_input("mm-replay", a.path, "rb");
	if (!in)
		return XS_EXIT_USAGE;
	err = slurp(in, &buf, &len);
	if (in != stdin)
		fclose(in);
	if (err) {
		fprintf(stderr, "mm-replay: cannot read '%s': %s\n", a.path ? a.path : "-",
			strerror(-err));
		return XS_EXIT_USAGE;
	}
	err = mm_trace_run(buf, len, cli_input_name(a.path), stdout, stderr,
			   a.check_every_op ? MM_TRACE_CHECK_EVERY_OP : 0);
	free(buf);
	return cli_replay_exit("mm-replay", err);
}
