/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stddef.h>

/*
 * rpt__slurp - the whole file @path, NUL-terminated (its length in @lenp
 * when not NULL), or NULL with -errno / -ENOMEM / -EIO in @ret.
 */
char *rpt__slurp(const char *path, size_t *lenp, int *ret);

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
