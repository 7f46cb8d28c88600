/* SPDX-License-Identifier: MIT */
/*
 * errname.h - symbolic errno names ("ENOSPC") for reports and traces.
 */
#ifndef XDNASIM_COMMON_ERRNAME_H
#define XDNASIM_COMMON_ERRNAME_H

/*
 * xerrname - the symbolic name of @err, which may be positive or negative;
 * "0" for 0 and "E?<n>" (static buffer, not thread-safe) for unknown values.
 */
const char *xerrname(int err);

/* xerrno_from_name - inverse of xerrname: the positive errno, or 0 if unknown. */
int xerrno_from_name(const char *name);

#endif /* XDNASIM_COMMON_ERRNAME_H */
