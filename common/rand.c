// SPDX-License-Identifier: MIT
/*
 * rand.c - xoshiro256** seeded by splitmix64 (both public-domain algorithms
 * by Blackman and Vigna, written here from their published descriptions).
 */
#include "common/rand.h"
#include "common/parse.h"

#include <stdlib.h>

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline u64 rotl(u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void xrand_seed(struct xrand *r, u64 seed)
{
	u64 x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

u64 xrand_next(struct xrand *r)
{
	u64 *s = r->s;
	u64 result = rotl(s[1] * 5, 7) * 9;
	u64 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

u64 xrand_below(struct xrand *r, u64 n)
{
	u64 x, limit;

	if (n == 0)
		return 0;
	/* Reject the top partial bucket so every value is equally likely. */
	limit = U64_MAX - (U64_MAX % n + 1) % n;
	do
		x = xrand_next(r);
	while (x > limit);
	return x % n;
}

u64 xrand_range(struct xrand *r, u64 lo, u64 hi)
{
	if (lo == 0 && hi == U64_MAX)
		return xrand_next(r);
	return lo + xrand_below(r, hi - lo + 1);
}

bool xrand_chance(struct xrand *r, u64 num, u64 den)
{
	return xrand_below(r, den) < num;
}

double xrand_double(struct xrand *r)
{
	return (double)(xrand_next(r) >> 11) * 0x1.0p-53;
}

u64 xdnasim_seed_from_env(u64 fallback)
{
	const char *s = getenv("XDNASIM_SEED");
	u64 v;

	if (s && *s && parse_u64(s, &v) == 0)
		return v;
	return fallback;
}
