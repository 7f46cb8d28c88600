/* SPDX-License-Identifier: MIT */
/*
 * record.h - one capture record: a JSON object on one line
 * (docs/capture.md, format "xdnasim-capture" version 1).
 *
 * A record is built in a caller-provided buffer with rec_begin(), then
 * rec_u64()/rec_s64()/rec_str()/rec_u32_array() fields, then rec_end(),
 * which adds the newline.  Nothing allocates, so the builder is safe in an
 * LD_PRELOAD library between fork() and exec().  A field that does not fit
 * marks the record "truncated": 1 instead of being cut silently.
 */
#ifndef XDNASIM_CAPTURE_RECORD_H
#define XDNASIM_CAPTURE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"

#define REC_FORMAT_VERSION 1

struct rec {
	char *buf;
	size_t cap, len;
	bool overflow;
};

/* rec_begin - start a record of @call at time @t_ns in @buf. */
void rec_begin(struct rec *r, char *buf, size_t cap, const char *call, u64 t_ns, long pid,
	       long tid);
void rec_u64(struct rec *r, const char *key, u64 v);
void rec_s64(struct rec *r, const char *key, s64 v);
/* rec_str - @v as a JSON string; bytes outside printable ASCII become \u00XX. */
void rec_str(struct rec *r, const char *key, const char *v);
void rec_u32_array(struct rec *r, const char *key, const u32 *v, size_t n);
/* rec_end - close the object and add '\n'; returns the line's length. */
size_t rec_end(struct rec *r);

#endif /* XDNASIM_CAPTURE_RECORD_H */
