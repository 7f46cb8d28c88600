/* SPDX-License-Identifier: MIT */
/*
 * capfile.h - reading a capture file (docs/capture.md): one JSON object per
 * line, each a flat mapping from keys to unsigned or signed integers,
 * strings, or arrays of unsigned 32-bit integers.
 *
 * The reader is strict: a line that is not such an object, a NUL byte, a
 * duplicate key, a number out of range, a record without "call", or a
 * first record that is not the "start" header of a supported version is
 * rejected with FILE:LINE:COLUMN, and nothing is returned.  Cost is linear
 * in the file's size.
 */
#ifndef XDNASIM_CAPTURE_CAPFILE_H
#define XDNASIM_CAPTURE_CAPFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"

enum cap_kind { CAP_UINT, CAP_INT, CAP_STR, CAP_ARRAY };

struct cap_field {
	const char *key;
	enum cap_kind kind;
	u64 u;			/* CAP_UINT */
	s64 i;			/* CAP_INT (negative numbers) */
	const char *str;	/* CAP_STR (NUL-terminated, escapes decoded) */
	const u32 *arr;		/* CAP_ARRAY */
	u32 narr;
};

struct cap_record {
	u32 line;
	const char *call;
	u32 nfields;
	const struct cap_field *fields;
};

struct cap_file {
	u32 nrecs;
	struct cap_record *recs;
	/* private: one arena for every string, field and array */
	void *arena;
};

/*
 * cap_load - read @path.  On error fills @why with "FILE:LINE:COLUMN: msg"
 * (or "FILE: msg") and returns -EINVAL (malformed), -ENOMEM, or the
 * errno of opening/reading the file (-ENOENT, -EISDIR, ...).
 */
int cap_load(const char *path, struct cap_file *out, char *why, size_t len);

/* cap_parse - the same from a buffer of @n bytes; @name is used in messages. */
int cap_parse(const char *name, const char *buf, size_t n, struct cap_file *out, char *why,
	      size_t len);

void cap_free(struct cap_file *f);

/* Field lookup: the field or NULL. */
const struct cap_field *cap_get(const struct cap_record *r, const char *key);

/*
 * cap_num - the numeric field @key as a signed value in *@v.  Returns true
 * when present and numeric (an unsigned value above INT64_MAX is refused).
 */
bool cap_num(const struct cap_record *r, const char *key, s64 *v);
/* cap_u64 - the unsigned field @key.  Returns true when present and unsigned. */
bool cap_u64(const struct cap_record *r, const char *key, u64 *v);

#endif /* XDNASIM_CAPTURE_CAPFILE_H */
