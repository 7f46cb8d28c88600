/* SPDX-License-Identifier: MIT */
/*
 * errname.h - symbolic errno names ("ENOSPC") for reports and traces.
 */
#ifndef XDNASIM_COMMON_ERRNAME_H
#define XDNASIM_COMMON_ERRNAME_H

#include <stddef.h>

/*
 * xerrname - the symbolic name of @err, which may be positive or negative:
 * every Linux errno has its name ("ENOTDIR"); "0" for 0 and "E?<n>" (static
 * buffer, not thread-safe) only for numbers that are no errno at all.
 */
const char *xerrname(int err);

/*
 * xerrstr - "ENAME (strerror text)" for @err (either sign), the form every
 * xdnasim message about a failed system call uses.  Static buffer: not
 * thread-safe, valid until the next call.
 */
const char *xerrstr(int err);

/* xerrno_from_name - inverse of xerrname: the positive errno, or 0 if unknown. */
int xerrno_from_name(const char *name);

/*
 * xwhy - format an invariant violation into @why (@len bytes; @why may be
 * NULL) and return -EUCLEAN, for checkers' "return xwhy(why, len, ...)".
 */
int xwhy(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* XDNASIM_COMMON_ERRNAME_H */
