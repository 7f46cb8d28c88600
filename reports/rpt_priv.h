/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/compat.h"

struct rpt_input;

/*
 * rpt__write_file - @dump(@in, f) into @path through common/output.h: a
 * temporary file renamed into place only when every write succeeded.
 * Returns 0, @dump's error or the negative errno of the output.
 */
int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in);

/*
 * One step of a path into a JSON document: member @key of an object, or
 * (@key NULL) element @idx of an array.  @at_key: locate the member's key
 * rather than its value (for a message about the key itself).
 */
struct rpt_jseg {
	const char *key;
	size_t idx;
	bool at_key;
};

/*
 * rpt__json_locate - the 1-based line and column (common/input.h) of the
 * value at @path (@n steps) in the JSON text @buf[0, @len), found by parsing
 * the text.  Returns 0; -ENOENT when the path does not exist, with the
 * position of the deepest object or array on it that does (a missing field
 * is reported at its object's brace).
 */
int rpt__json_locate(const char *buf, size_t len, const struct rpt_jseg *path, size_t n,
		     u32 *line, u32 *column);

/*
 * rpt__jstr - a JSON string of the bytes @s: @s itself when it is valid
 * UTF-8, else a copy where each byte that is not part of a valid sequence
 * is written as the four characters \xHH (so a non-UTF-8 file name still
 * appears, recognisably).  NULL when @s is NULL or out of memory.
 */
struct json_t *rpt__jstr(const char *s);

/*
 * rpt__write_with - @write(f, @ctx) into @path through common/output.h: a
 * temporary file renamed into place only when @write returned 0 and every
 * write succeeded.  Returns 0, @write's error or the negative errno of the
 * output.
 */
int rpt__write_with(const char *path, int (*write)(FILE *f, void *ctx), void *ctx);

/*
 * rpt__xml_put - @s as XML/HTML character data or attribute value: the five
 * special characters escaped, control characters as \xNN, bytes that are
 * not UTF-8 as U+FFFD.
 */
void rpt__xml_put(FILE *f, const char *s);

/*
 * rpt__utf8_len - length (1..4) of the valid UTF-8 sequence at @s, or 0 when
 * the bytes there are not one (invalid, overlong, surrogate, truncated).
 */
size_t rpt__utf8_len(const unsigned char *s);

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
