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

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
