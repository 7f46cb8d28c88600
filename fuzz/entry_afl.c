// SPDX-License-Identifier: MIT
/*
 * entry_afl.c - AFL++ persistent-mode driver for one target
 * (-DXDNASIM_FUZZ_TARGET=fuzz_target_<name>, compiled with afl-clang-fast).
 * Without AFL++'s macros it reads one input from stdin, so the file still
 * builds and runs with any compiler.
 */
#include "fuzz/fuzz.h"

#include <stdlib.h>
#include <unistd.h>

#ifndef XDNASIM_FUZZ_TARGET
#error "define XDNASIM_FUZZ_TARGET"
#endif

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

static void one(const u8 *data, size_t len)
{
	struct fuzz_result res;

	if (fuzz_target_run(&XDNASIM_FUZZ_TARGET, data, len, NULL, &res)) {
		fprintf(stderr, "xdnasim fuzz target %s: %s\n", XDNASIM_FUZZ_TARGET.name, res.why);
		abort();
	}
}

int main(void)
{
#ifdef __AFL_FUZZ_TESTCASE_LEN
	const u8 *buf;

	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(10000))
		one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
#else
	static u8 buf[1 << 16];
	size_t n = 0;
	ssize_t got;

	while (n < sizeof(buf) && (got = read(0, buf + n, sizeof(buf) - n)) > 0)
		n += (size_t)got;
	one(buf, n);
#endif
	return 0;
}
