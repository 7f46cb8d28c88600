/* SPDX-License-Identifier: MIT */
/*
 * import.h - a capture (capfile.h) becomes a scenario (scenarios/README.md).
 *
 * Each device open becomes one client; DEV BOs get one label each, named by
 * type, size class and order (dev_64k_3); hardware contexts ctx0, ctx1, ...
 * The XRT shim's heap pattern is recognised and written as shim-level steps:
 * the first chunk created and mapped right after open is `open` (its size
 * gives shim.num_heap_pages); CREATE_BO(DEV) answered EAGAIN, followed by a
 * 64 MiB chunk mapped at the next reservation slot and the retry, is one
 * `alloc` with its expansions; the chunk unmaps and closes before the close
 * of the file are part of `close`.  Every step carries the result the
 * capture saw (a failure as `expect: ERRNO`, an allocation's device address
 * and expansions), so that a replay on the capture's own revision checks
 * itself.  Calls the scenario language cannot express (SHARE/CMD BOs, PRIME,
 * queries) are counted and listed in a comment at the top.  Cost is linear
 * in the number of records (plus sorting of labels).
 */
#ifndef XDNASIM_CAPTURE_IMPORT_H
#define XDNASIM_CAPTURE_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "capture/capfile.h"
#include "common/compat.h"

enum imp_time {
	IMP_TIME_AUTO = 0,	/* wall for a real capture, none for an emulated one */
	IMP_TIME_NONE,		/* no advance steps */
	IMP_TIME_WALL,		/* gaps of >= 1 ms between calls become advance steps */
};

struct imp_options {
	const char *name;	/* scenario name (NULL: from the output file) */
	const char *source;	/* the capture's file name, for the description */
	const char *device;	/* NULL: npu4 */
	const char *revision;	/* driver revision; NULL: not written (the default) */
	const char *mode;	/* NULL: not written (pasid) */
	enum imp_time time;
	u64 until_ms;		/* 0: everything; else drop calls after this (from the first) */
	const bool *keep;	/* NULL: every client; else keep[i] for the i-th open */
	u32 nkeep;
	u32 scale_num, scale_den; /* DEV BO sizes × num/den (1/1: unchanged) */
	bool anonymise;		/* no pids, file names or absolute times in the output */
};

struct imp_stats {
	u32 clients;
	u64 steps;
	u64 allocs, expansions, execs;
	u64 skipped;		/* calls not expressible (listed in the comment) */
};

/*
 * imp_write - write the scenario for @cap to @out.  Returns 0; -EINVAL with
 * "FILE:LINE: message" in @why for a capture whose calls do not fit
 * together (a handle used before it was created, an mmap of an unknown
 * offset, ...); -ENOMEM; -EIO when writing fails.
 */
int imp_write(const struct cap_file *cap, const struct imp_options *opt, FILE *out,
	      struct imp_stats *stats, char *why, size_t len);

#endif /* XDNASIM_CAPTURE_IMPORT_H */
