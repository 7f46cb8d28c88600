/* SPDX-License-Identifier: MIT */
/*
 * stream.h - the byte-stream decoder every fuzz target reads its
 * operations with.
 *
 * Reads past the end return 0 and set @eof; a target drops an operation
 * whose bytes ran out.  Every read consumes a fixed number of bytes, so an
 * operation's length depends only on its own bytes (never on the state of
 * the module under test): removing whole operations keeps the rest intact.
 * Multi-byte values are little-endian.
 */
#ifndef XDNASIM_FUZZ_STREAM_H
#define XDNASIM_FUZZ_STREAM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"
#include "fuzz/fuzz.h"

struct fz_stream {
	const u8 *data;
	size_t len;
	size_t pos;
	bool eof;
};

static inline void fz_init(struct fz_stream *s, const u8 *data, size_t len)
{
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->eof = false;
}

/* fz_left - bytes not yet consumed. */
static inline size_t fz_left(const struct fz_stream *s)
{
	return s->len - s->pos;
}

u8 fz_u8(struct fz_stream *s);
u16 fz_u16(struct fz_stream *s);
u32 fz_u32(struct fz_stream *s);
u64 fz_u64(struct fz_stream *s);

/* fz_below - one byte (n <= 256) or four bytes (larger n), reduced mod @n (n > 0). */
u32 fz_below(struct fz_stream *s, u32 n);

/* fz_bool - one byte: true when its low bit is set. */
bool fz_bool(struct fz_stream *s);

/*
 * fz_scaled - nine bytes: a class byte and a u64, giving a value "around"
 * @span: tiny values, values below @span, just below/above @span, powers of
 * two and their neighbours, or any u64.  Random bytes hit every boundary.
 */
u64 fz_scaled(struct fz_stream *s, u64 span);

/*
 * fz_bytes - @n bytes (copied to @out, zero-filled past the end).
 */
void fz_bytes(struct fz_stream *s, void *out, size_t n);

/*
 * fz_split_ops - the generic split of struct fuzz_target: @header bytes of
 * prefix, then operations read by @op_len (which returns false when the
 * operation's bytes ran out).
 */
size_t fz_split_ops(const u8 *data, size_t len, size_t header,
		    bool (*skip_op)(struct fz_stream *s), size_t *bounds, size_t max);

/* fz_random_fill - @n random bytes from @r (the generators' building block). */
void fz_random_fill(struct xrand *r, u8 *buf, size_t n);

/*
 * fz_fail - record failure F@inv after operation @op in @res with a
 * printf-style reason; returns -EUCLEAN.
 */
int fz_fail(struct fuzz_result *res, int inv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* fz_trace - printf to @o->trace when it is set. */
void fz_trace(const struct fuzz_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* XDNASIM_FUZZ_STREAM_H */
