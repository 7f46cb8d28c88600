/* SPDX-License-Identifier: MIT */
/*
 * msg_priv.h - internals shared by the proto/ message files.
 */
#ifndef XDNASIM_PROTO_MSG_PRIV_H
#define XDNASIM_PROTO_MSG_PRIV_H

#include "proto/msg.h"
#include "common/errname.h"	/* xwhy(): the checkers' message + -EUCLEAN */

/* Largest layout (the 560-byte app-health report). */
#define MSG_LAYOUT_MAX_SIZE 560u

/*
 * msg__err - fill @err (if not NULL) and return @ret.  Used by the range
 * checks of the layouts.
 */
int msg__err(struct msg_err *err, int ret, size_t off, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));


/* Range check inside a layout check function: fails with -EINVAL. */
#define MSG_RANGE(cond, type, member, ...)                                                    \
	do {                                                                                  \
		if (!(cond))                                                                  \
			return msg__err(err, -EINVAL, offsetof(type, member), #member,        \
					__VA_ARGS__);                                         \
	} while (0)

static inline bool msg__is_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

#endif /* XDNASIM_PROTO_MSG_PRIV_H */
