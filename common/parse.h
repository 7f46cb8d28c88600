/* SPDX-License-Identifier: MIT */
/*
 * parse.h - strict number parsing for traces, scenarios and command lines.
 */
#ifndef XDNASIM_COMMON_PARSE_H
#define XDNASIM_COMMON_PARSE_H

#include "common/compat.h"

/*
 * parse_u64 - parse the whole of @s as an unsigned 64-bit number: decimal,
 * or hexadecimal with a 0x/0X prefix.  No sign, no spaces, no suffix.
 *
 * Returns 0 and stores the value in @out; -EINVAL if @s is empty or has a
 * character that is not a digit; -ERANGE if the value exceeds 2^64-1.
 * On error *@out is unchanged.
 */
int parse_u64(const char *s, u64 *out);

/* parse_u64_dec - as parse_u64 but decimal digits only (no 0x form). */
int parse_u64_dec(const char *s, u64 *out);

#endif /* XDNASIM_COMMON_PARSE_H */
