// SPDX-License-Identifier: MIT
/*
 * entry_libfuzzer.c - LLVMFuzzerTestOneInput for one target, chosen at
 * compile time with -DXDNASIM_FUZZ_TARGET=fuzz_target_<name>.  A failed check
 * prints its reason and aborts, which libFuzzer records as a crash
 * (crash-<sha1>); minimise with -minimize_crash=1, replay with fuzz_replay.
 */
#include "fuzz/fuzz.h"

#include <stdint.h>
#include <stdlib.h>

#ifndef XDNASIM_FUZZ_TARGET
#error "define XDNASIM_FUZZ_TARGET"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_result res;

	if (fuzz_target_run(&XDNASIM_FUZZ_TARGET, data, size, NULL, &res)) {
		fprintf(stderr, "xdnasim fuzz target %s: %s (after op %llu)\n",
			XDNASIM_FUZZ_TARGET.name, res.why, (unsigned long long)res.op);
		abort();
	}
	return 0;
}
