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

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
