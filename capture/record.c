// SPDX-License-Identifier: MIT
/*
 * record.c - the capture line builder (record.h).  Formatting is done by
 * hand, byte by byte: a record costs a few hundred instructions, where
 * snprintf() would cost thousands on every device call of the application.
 */
#include "capture/record.h"

#include <string.h>

/* Room kept back so that the closing ",\"truncated\":1}\n" always fits. */
#define REC_TAIL 24

static void put_bytes(struct rec *r, const char *s, size_t n)
{
	if (r->overflow)
		return;
	if (n > r->cap - REC_TAIL - r->len) {
		r->overflow = true;
		return;
	}
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

static void put_str(struct rec *r, const char *s)
{
	put_bytes(r, s, strlen(s));
}

static void put_u64(struct rec *r, u64 v)
{
	char d[20];
	size_t n = 0;

	do {
		d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_bytes(r, d + sizeof(d) - n, n);
}

/* ,"key": */
static void put_key(struct rec *r, const char *key)
{
	put_bytes(r, ",\"", 2);
	put_str(r, key);
	put_bytes(r, "\":", 2);
}

/* A field that overflows is removed whole: back to where it began. */
static void field_done(struct rec *r, size_t start)
{
	if (r->overflow)
		r->len = start;
}

void rec_begin(struct rec *r, char *buf, size_t cap, const char *call, u64 t_ns, long pid,
	       long tid)
{
	r->buf = buf;
	r->cap = cap;
	r->len = 0;
	r->overflow = false;
	put_str(r, "{\"call\":\"");
	put_str(r, call);
	put_str(r, "\",\"t\":");
	put_u64(r, t_ns);
	rec_s64(r, "pid", pid);
	rec_s64(r, "tid", tid);
}

void rec_u64(struct rec *r, const char *key, u64 v)
{
	size_t start = r->len;

	put_key(r, key);
	put_u64(r, v);
	field_done(r, start);
}

void rec_s64(struct rec *r, const char *key, s64 v)
{
	size_t start = r->len;

	put_key(r, key);
	if (v < 0) {
		put_bytes(r, "-", 1);
		put_u64(r, 0 - (u64)v);
	} else {
		put_u64(r, (u64)v);
	}
	field_done(r, start);
}

void rec_str(struct rec *r, const char *key, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = r->len;

	put_key(r, key);
	put_bytes(r, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)v; *p && !r->overflow; p++) {
		if (*p == '"' || *p == '\\') {
			char e[2] = { '\\', (char)*p };

			put_bytes(r, e, 2);
		} else if (*p < 0x20 || *p >= 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			put_bytes(r, e, 6);
		} else {
			put_bytes(r, (const char *)p, 1);
		}
	}
	put_bytes(r, "\"", 1);
	field_done(r, start);
}

void rec_u32_array(struct rec *r, const char *key, const u32 *v, size_t n)
{
	size_t start = r->len;

	put_key(r, key);
	put_bytes(r, "[", 1);
	for (size_t i = 0; i < n && !r->overflow; i++) {
		if (i)
			put_bytes(r, ",", 1);
		put_u64(r, v[i]);
	}
	put_bytes(r, "]", 1);
	field_done(r, start);
}

size_t rec_end(struct rec *r)
{
	static const char trunc[] = ",\"truncated\":1}\n";

	if (r->overflow) {
		memcpy(r->buf + r->len, trunc, sizeof(trunc) - 1);
		r->len += sizeof(trunc) - 1;
	} else {
		memcpy(r->buf + r->len, "}\n", 2);
		r->len += 2;
	}
	r->buf[r->len] = 0;
	return r->len;
}
