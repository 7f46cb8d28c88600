/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stddef.h>

/*
 * rpt__why - format an invariant violation into @why (may be NULL) and
 * return -EUCLEAN, for the checkers' "return rpt__why(...)" form.
 */
int rpt__why(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * rpt__slurp - the whole file @path, NUL-terminated (its length in @lenp
 * when not NULL), or NULL with -errno / -ENOMEM / -EIO in @ret.
 */
char *rpt__slurp(const char *path, size_t *lenp, int *ret);

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
