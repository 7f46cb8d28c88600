// SPDX-License-Identifier: MIT
/*
 * cmd_revisions.c - `xdnasim revisions`: the driver revisions the simulator
 * models, oldest first, from the one table in alloc/rev.c.
 */
#include "cli/cmd.h"
#include "alloc/rev.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: xdnasim revisions\n"
		   "\n"
		   "List the driver revisions the simulator models, oldest first: name,\n"
		   "driver commit, date, what changed.  The name is what `revision:` in a\n"
		   "scenario and --revision / --revisions on run, compare, fail-nth,\n"
		   "fuzz --target sim and heap-replay take; `head` is an alias of the newest\n"
		   "out-of-tree revision.  What each revision does: docs/driver/revisions.md.\n"
		   "\n"
		   "Exit status: 0, 2 usage error.\n");
}

int cmd_revisions(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (argc > 1) {
		usage(stderr);
		return XS_EXIT_USAGE;
	}
	printf("%-9s %-26s %-10s %s\n", "revision", "commit", "date", "what changed");
	for (size_t i = 0; i < REV_NR; i++) {
		enum drv_rev r = drv_rev_by_age(i);
		const struct drv_rev_info *ri = drv_rev_info(r);

		printf("%-9s %-26s %-10s %s%s", ri->name, ri->commit, ri->date, ri->summary,
		       r == REV_HEAD ? " [head]" : "");
		if (ri->proposal)
			printf(" [proposal, unmerged, on %s]", drv_rev_name(ri->base));
		putchar('\n');
	}
	return XS_EXIT_OK;
}
