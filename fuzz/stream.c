// SPDX-License-Identifier: MIT
/*
 * stream.c - the shared byte-stream decoder of the fuzz targets.
 */
#include "fuzz/stream.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

u8 fz_u8(struct fz_stream *s)
{
	if (s->pos >= s->len) {
		s->eof = true;
		return 0;
	}
	return s->data[s->pos++];
}

u16 fz_u16(struct fz_stream *s)
{
	u16 lo = fz_u8(s);

	return (u16)(lo | (u16)fz_u8(s) << 8);
}

u32 fz_u32(struct fz_stream *s)
{
	u32 lo = fz_u16(s);

	return lo | (u32)fz_u16(s) << 16;
}

u64 fz_u64(struct fz_stream *s)
{
	u64 lo = fz_u32(s);

	return lo | (u64)fz_u32(s) << 32;
}

u32 fz_below(struct fz_stream *s, u32 n)
{
	if (n <= 256)
		return fz_u8(s) % n;
	return fz_u32(s) % n;
}

bool fz_bool(struct fz_stream *s)
{
	return fz_u8(s) & 1;
}

u64 fz_scaled(struct fz_stream *s, u64 span)
{
	u8 cls = fz_u8(s);
	u64 raw = fz_u64(s);
	u64 p2 = 1ULL << (raw % 64);

	switch (cls % 10) {
	case 0:
		return raw % 16;
	case 1:
		return raw % 256;
	case 2:
		return span / 8 ? raw % (span / 8 + 1) : raw % 2;
	case 3:
	case 4:
		return span == ~0ULL ? raw : raw % (span + 1);
	case 5:
		return span - raw % 16;
	case 6:
		return span + raw % 4;
	case 7:
		return p2;
	case 8:
		return (raw >> 6) & 1 ? p2 + 1 : p2 - 1;
	default:
		return raw;
	}
}

void fz_bytes(struct fz_stream *s, void *out, size_t n)
{
	size_t have = fz_left(s) < n ? fz_left(s) : n;

	memcpy(out, s->data + s->pos, have);
	memset((u8 *)out + have, 0, n - have);
	s->pos += have;
	if (have < n)
		s->eof = true;
}

size_t fz_split_ops(const u8 *data, size_t len, size_t header,
		    bool (*skip_op)(struct fz_stream *s), size_t *bounds, size_t max)
{
	struct fz_stream s;
	size_t n = 0;

	if (!max)
		return 0;
	bounds[n++] = header < len ? header : len;
	fz_init(&s, data, len);
	s.pos = bounds[0];
	while (n < max && fz_left(&s)) {
		if (!skip_op(&s) || s.eof)
			break;
		bounds[n++] = s.pos;
	}
	return n;
}

void fz_random_fill(struct xrand *r, u8 *buf, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		u64 v = xrand_next(r);

		memcpy(buf + i, &v, n - i < 8 ? n - i : 8);
	}
}

int fz_fail(struct fuzz_result *res, int inv, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (res->failed)
		return -EUCLEAN;
	res->failed = true;
	res->inv = inv;
	res->op = res->ops ? res->ops - 1 : 0;
	n = snprintf(res->why, sizeof(res->why), "F%d ", inv);
	va_start(ap, fmt);
	vsnprintf(res->why + n, sizeof(res->why) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EUCLEAN;
}

void fz_trace(const struct fuzz_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (!o || !o->trace)
		return;
	va_start(ap, fmt);
	vfprintf(o->trace, fmt, ap);
	va_end(ap);
}
