/* SPDX-License-Identifier: MIT */
/*
 * heap_trace.h - replay a text trace of device-heap operations (the engine
 * behind `xdnasim heap-replay`; the format is in docs/heap.md, "Traces").
 */
#ifndef XDNASIM_ALLOC_HEAP_TRACE_H
#define XDNASIM_ALLOC_HEAP_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "alloc/heap.h"

/* Run heap_check() after every operation; stop at the first violation. */
#define HEAP_TRACE_CHECK_EVERY_OP 0x1u

/**
 * heap_trace_run - replay the trace in @buf.
 * @buf: the trace, one operation per line (need not be NUL-terminated).
 * @len: its length in bytes.
 * @name: file name used in diagnostics.
 * @out: results, one line per operation (deterministic).
 * @err: diagnostics: "NAME:LINE:COLUMN: message".
 * @flags: HEAP_TRACE_* bits.
 *
 * Returns 0 if every operation ran and every expectation held; -EUCLEAN if an
 * expectation or an invariant check failed (the replay goes on after an
 * expectation, stops after an invariant); -EBADMSG for a malformed line (the
 * replay stops there; a NUL byte is a malformed line, reported at its line
 * and column); -ENOMEM if the host ran out of memory.  A failed write to
 * @out shows in ferror(@out).
 */
int heap_trace_run(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		   unsigned int flags);

/*
 * heap_trace_run_rev - heap_trace_run() with the heap line's revision
 * replaced by @rev (an enum drv_rev value); -1 keeps the trace's.  The heap
 * line must still name a valid revision.  Returns as heap_trace_run().
 */
int heap_trace_run_rev(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		       unsigned int flags, int rev);

#endif /* XDNASIM_ALLOC_HEAP_TRACE_H */
