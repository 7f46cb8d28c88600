/* SPDX-License-Identifier: MIT */
/*
 * mm_trace.h - replay a text trace of allocator operations on alloc/mm.
 *
 * The trace format (one operation per line, decimal u64 numbers, '#' starts
 * a comment, blank lines print nothing) and its exact output are described
 * in docs/mm.md; `xdnasim mm-replay` is the command-line front end.
 */
#ifndef XDNASIM_ALLOC_MM_TRACE_H
#define XDNASIM_ALLOC_MM_TRACE_H

#include <stddef.h>
#include <stdio.h>

/* Run mm_check() after every operation; stop with -EUCLEAN at the first failure. */
#define MM_TRACE_CHECK_EVERY_OP 0x1u

/**
 * mm_trace_run - replay the trace in @buf.
 * @buf: the whole trace text (need not be NUL-terminated).
 * @len: its length in bytes.
 * @name: file name used in diagnostics ("FILE:LINE: ...").
 * @out: where results go.
 * @err: where diagnostics go.
 * @flags: MM_TRACE_* flags.
 *
 * Programming errors in the trace (an ID already live or unknown, RSTART >
 * REND, a bad init, an operation before a good init) print "EINVAL" lines
 * and the replay goes on.
 *
 * Returns: 0 when the whole trace ran and every "check" passed; -EUCLEAN if
 * a "check" line reported a failure (the replay went on) or, with
 * MM_TRACE_CHECK_EVERY_OP, an operation broke an invariant (the replay
 * stopped); -EBADMSG at the first malformed line (the replay stopped);
 * -ENOMEM if memory for the node table ran out; -EIO if writing @out failed.
 */
int mm_trace_run(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		 unsigned int flags);

#endif /* XDNASIM_ALLOC_MM_TRACE_H */
