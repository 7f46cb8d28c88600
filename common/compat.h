/* SPDX-License-Identifier: MIT */
/*
 * compat.h - the few kernel-isms xdnasim uses, in one place.
 *
 * Fixed-width integer names, container_of, ARRAY_SIZE and the size helpers
 * that the driver model quotes (SZ_4K ... SZ_512M).  libc only.
 */
#ifndef XDNASIM_COMMON_COMPAT_H
#define XDNASIM_COMMON_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define U32_MAX UINT32_MAX
#define U64_MAX UINT64_MAX

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define SZ_1K 0x400ULL
#define SZ_4K 0x1000ULL
#define SZ_32K 0x8000ULL
#define SZ_1M 0x100000ULL
#define SZ_64M 0x4000000ULL
#define SZ_128M 0x8000000ULL
#define SZ_512M 0x20000000ULL

/* u64_add_sat - @a + @b, or U64_MAX when the sum does not fit (counts saturate). */
static inline u64 u64_add_sat(u64 a, u64 b)
{
	return a > U64_MAX - b ? U64_MAX : a + b;
}

/* Round @x up to a multiple of the power of two @a (no overflow check). */
#define ALIGN_UP_P2(x, a) (((x) + ((a)-1)) & ~((u64)(a)-1))

#endif /* XDNASIM_COMMON_COMPAT_H */
