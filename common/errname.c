// SPDX-License-Identifier: MIT
#include "common/errname.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define E(x) { x, #x }
static const struct {
	int err;
	const char *name;
} names[] = {
	E(EPERM),   E(ENOENT),    E(EINTR),     E(EIO),       E(ENXIO),
	E(E2BIG),   E(EBADF),     E(EAGAIN),    E(ENOMEM),    E(EACCES),
	E(EFAULT),  E(EBUSY),     E(EEXIST),    E(ENODEV),    E(EINVAL),
	E(ENFILE),  E(EMFILE),    E(EFBIG),     E(ENOSPC),    E(ESPIPE),
	E(ERANGE),  E(EPIPE),     E(EDOM),      E(ENOSYS),    E(ENODATA),
	E(ETIME),   E(EPROTO),    E(EBADMSG),   E(EOVERFLOW), E(EILSEQ),
	E(EOPNOTSUPP), E(ETIMEDOUT), E(ECANCELED), E(EUCLEAN), E(ENOTSUP),
	E(ENOTTY),  E(ECONNRESET), E(ENOBUFS),  E(EMSGSIZE),  E(EALREADY),
};
#undef E

const char *xerrname(int err)
{
	static char buf[24];

	if (err < 0)
		err = -err;
	if (err == 0)
		return "0";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "E?%d", err);
	return buf;
}

int xerrno_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].err;
	return 0;
}

int xwhy(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}
