// SPDX-License-Identifier: MIT
/* record.c - the capture line builder (record.h). */
#include "capture/record.h"

#include <stdarg.h>
#include <stdio.h>

/* Room kept back so that the closing ",\"truncated\":1}\n" always fits. */
#define REC_TAIL 24

static void put(struct rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct rec *r, const char *fmt, ...)
{
	size_t room = r->cap - REC_TAIL - r->len;
	va_list ap;
	int n;

	if (r->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		r->overflow = true;
		r->buf[r->len] = 0;
		return;
	}
	r->len += (size_t)n;
}

void rec_begin(struct rec *r, char *buf, size_t cap, const char *call, u64 t_ns, long pid,
	       long tid)
{
	r->buf = buf;
	r->cap = cap;
	r->len = 0;
	r->overflow = false;
	put(r, "{\"call\":\"%s\",\"t\":%llu,\"pid\":%ld,\"tid\":%ld", call,
	    (unsigned long long)t_ns, pid, tid);
}

/* A field that overflows is removed whole: back to where it began. */
static void field_done(struct rec *r, size_t start)
{
	if (r->overflow) {
		r->len = start;
		r->buf[r->len] = 0;
	}
}

void rec_u64(struct rec *r, const char *key, u64 v)
{
	size_t start = r->len;

	put(r, ",\"%s\":%llu", key, (unsigned long long)v);
	field_done(r, start);
}

void rec_s64(struct rec *r, const char *key, s64 v)
{
	size_t start = r->len;

	put(r, ",\"%s\":%lld", key, (long long)v);
	field_done(r, start);
}

void rec_str(struct rec *r, const char *key, const char *v)
{
	size_t start = r->len;

	put(r, ",\"%s\":\"", key);
	for (const unsigned char *p = (const unsigned char *)v; *p && !r->overflow; p++) {
		if (*p == '"' || *p == '\\')
			put(r, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			put(r, "\\u%04x", *p);
		else
			put(r, "%c", *p);
	}
	put(r, "\"");
	field_done(r, start);
}

void rec_u32_array(struct rec *r, const char *key, const u32 *v, size_t n)
{
	size_t start = r->len;

	put(r, ",\"%s\":[", key);
	for (size_t i = 0; i < n && !r->overflow; i++)
		put(r, i ? ",%u" : "%u", v[i]);
	put(r, "]");
	field_done(r, start);
}

size_t rec_end(struct rec *r)
{
	if (r->overflow) {
		r->len += (size_t)snprintf(r->buf + r->len, r->cap - r->len,
					   ",\"truncated\":1}\n");
		return r->len;
	}
	r->len += (size_t)snprintf(r->buf + r->len, r->cap - r->len, "}\n");
	return r->len;
}
