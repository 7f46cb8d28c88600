// SPDX-License-Identifier: MIT
/* rpt_util.c - helpers shared by the reports/ files. */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int rpt__why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}
