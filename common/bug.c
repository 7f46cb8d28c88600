// SPDX-License-Identifier: MIT
#include "common/bug.h"

#include <stdio.h>
#include <stdlib.h>

void xdnasim_bug(const char *file, int line, const char *func, const char *cond)
{
	fprintf(stderr, "%s:%d: BUG in %s(): %s\n", file, line, func, cond);
	fflush(stderr);
	abort();
}
