/* SPDX-License-Identifier: MIT */
/*
 * bug.h - BUG_ON(cond): a debug-only assertion of an internal precondition
 * (the model's own misuse, never bad input: bad input gets an errno).
 *
 * Compiled in when XDNASIM_BUG_ON is defined: the Debug build type, the
 * sanitizer build (build-asan/) and the libFuzzer build (CMakeLists.txt).
 * When it fires it prints FILE:LINE, the function and the condition to
 * stderr and aborts.  In other builds (build/ is RelWithDebInfo) it is
 * compiled out, but @cond is still type-checked (inside sizeof, not
 * evaluated), so a stale BUG_ON cannot rot silently.  libc only.
 */
#ifndef XDNASIM_COMMON_BUG_H
#define XDNASIM_COMMON_BUG_H

#include "common/compat.h"

#if defined(__GNUC__)
__attribute__((noreturn, cold))
#endif
void xdnasim_bug(const char *file, int line, const char *func, const char *cond);

#ifdef XDNASIM_BUG_ON
#define BUG_ON_ENABLED 1
#define BUG_ON(cond)                                                               \
	do {                                                                       \
		if (unlikely(cond))                                                \
			xdnasim_bug(__FILE__, __LINE__, __func__, #cond);          \
	} while (0)
#else
#define BUG_ON_ENABLED 0
#define BUG_ON(cond) ((void)sizeof(!(cond)))
#endif

#endif /* XDNASIM_COMMON_BUG_H */
