// SPDX-License-Identifier: MIT
/*
 * hash.c - SipHash-1-3 under a per-process secret key (common/hash.h).
 */
#include "common/hash.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static u64 key[2];
static bool keyed;

static void key_init(void)
{
	struct timespec ts;

	if (getrandom(key, sizeof(key), GRND_NONBLOCK) != (ssize_t)sizeof(key)) {
		/* no entropy source: still unknown to whoever wrote the input */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		key[0] ^= (u64)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (u64)getpid();
		key[1] ^= (u64)(uintptr_t)&ts ^ ((u64)ts.tv_sec << 32);
	}
	keyed = true;
}

u64 xhash_key(void)
{
	if (!keyed)
		key_init();
	return key[0] | 1;
}

static inline u64 rotl(u64 x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND(v0, v1, v2, v3)                                              \
	do {                                                                  \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);     \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                        \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                        \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);     \
	} while (0)

u64 xhash_bytes(const void *p, size_t len)
{
	const unsigned char *in = p;
	u64 v0, v1, v2, v3, m, b = (u64)len << 56;
	size_t i;

	if (!keyed)
		key_init();
	v0 = key[0] ^ 0x736f6d6570736575ULL;
	v1 = key[1] ^ 0x646f72616e646f6dULL;
	v2 = key[0] ^ 0x6c7967656e657261ULL;
	v3 = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, in + i, 8);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (size_t k = 0; i + k < len; k++)
		b |= (u64)in[i + k] << (8 * k);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

u64 xhash_u64(u64 v)
{
	return xhash_bytes(&v, sizeof(v));
}

u64 xhash_str(const char *s)
{
	return xhash_bytes(s, strlen(s));
}
