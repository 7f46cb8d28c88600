/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stddef.h>
#include <stdio.h>

struct rpt_input;

/*
 * rpt__slurp - the whole file @path, NUL-terminated (its length in @lenp
 * when not NULL), or NULL with -errno / -ENOMEM / -EIO in @ret.
 */
char *rpt__slurp(const char *path, size_t *lenp, int *ret);

/*
 * rpt__write_file - @dump(@in, f) into @path through common/output.h: a
 * temporary file renamed into place only when every write succeeded.
 * Returns 0, @dump's error or the negative errno of the output.
 */
int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in);

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
