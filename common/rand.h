/* SPDX-License-Identifier: MIT */
/*
 * rand.h - the one seeded pseudo-random generator every xdnasim module uses.
 *
 * xoshiro256** state seeded through splitmix64, so any u64 seed (0 included)
 * gives a well-mixed state.  The same seed gives the same sequence on every
 * host: nothing here reads the clock or the environment.
 */
#ifndef XDNASIM_COMMON_RAND_H
#define XDNASIM_COMMON_RAND_H

#include "common/compat.h"

struct xrand {
	u64 s[4];
};

/* xrand_seed - initialise @r from @seed.  This function can't fail. */
void xrand_seed(struct xrand *r, u64 seed);

/* xrand_next - next 64 random bits. */
u64 xrand_next(struct xrand *r);

/* xrand_below - uniform value in [0, @n); returns 0 when @n is 0. */
u64 xrand_below(struct xrand *r, u64 n);

/* xrand_range - uniform value in [@lo, @hi] (inclusive); @lo <= @hi. */
u64 xrand_range(struct xrand *r, u64 lo, u64 hi);

/* xrand_chance - true with probability @num / @den (@den > 0). */
bool xrand_chance(struct xrand *r, u64 num, u64 den);

/* xrand_double - uniform double in [0, 1). */
double xrand_double(struct xrand *r);

/*
 * xdnasim_seed_from_env - the seed for tests and tools: $XDNASIM_SEED parsed
 * as a u64 (decimal or 0x hex) when set and valid, else @fallback.
 */
u64 xdnasim_seed_from_env(u64 fallback);

#endif /* XDNASIM_COMMON_RAND_H */
