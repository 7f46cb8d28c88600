/* SPDX-License-Identifier: MIT */
/*
 * hash.h - keyed hashing for the lookup tables that read untrusted input
 * (mm-replay IDs, heap-replay names, report readers).
 *
 * The key is a per-process secret read from the kernel's random source once
 * (getrandom(2); a mix of the clock, the process id and an address if that
 * fails), so nobody can prepare input whose keys all land in one bucket: a
 * flood of colliding IDs stays O(1) per lookup on average.  The key changes
 * only where things are stored, never what a program prints: no table
 * hashed with it is ever walked in slot order for output.  The hash is
 * SipHash-1-3 (Aumasson and Bernstein), a keyed pseudo-random function.
 */
#ifndef XDNASIM_COMMON_HASH_H
#define XDNASIM_COMMON_HASH_H

#include <stddef.h>

#include "common/compat.h"

/*
 * xhash_key - the process key as one odd 64-bit multiplier, for
 * multiply-shift hashing of integers: slot = (key * x) >> (64 - bits) is a
 * universal family (Dietzfelbinger et al.): two distinct x share a slot with
 * probability at most 2 / 2^bits over the key, whatever x the input picks.
 */
u64 xhash_key(void);

/* xhash_bytes - SipHash-1-3 of @len bytes at @p under the process key. */
u64 xhash_bytes(const void *p, size_t len);

/* xhash_u64 - xhash_bytes() of the 8 bytes of @v. */
u64 xhash_u64(u64 v);

/* xhash_str - xhash_bytes() of the NUL-terminated @s (without the NUL). */
u64 xhash_str(const char *s);

#endif /* XDNASIM_COMMON_HASH_H */
