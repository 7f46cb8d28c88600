// SPDX-License-Identifier: MIT
/*
 * capfile.c - the capture reader (capfile.h): a small strict parser for
 * the one-object-per-line format, with exact FILE:LINE:COLUMN errors.
 */
#include "capture/capfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/record.h"
#include "common/input.h"

#define CAP_MAX_FIELDS 64
#define CAP_MAX_FILE ((size_t)1 << 32)	/* 4 GiB */

/* Arena: blocks of memory freed together. */
struct blk {
	struct blk *next;
	size_t used, cap;
	max_align_t data[];
};

static void *arena_alloc(void **arena, size_t n)
{
	struct blk *b = *arena;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = *arena;
		b->used = 0;
		b->cap = cap;
		*arena = b;
	}
	b->used += n;
	return (char *)b->data + b->used - n;
}

static void arena_free(void *arena)
{
	for (struct blk *b = arena, *nx; b; b = nx) {
		nx = b->next;
		free(b);
	}
}

struct parser {
	const char *name;
	const char *p, *end;	/* the current line */
	const char *line_start;
	u32 line;
	void **arena;
	char *why;
	size_t len;
};

static int perr(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ps->why, ps->len, "%s:%u:%u: %s", ps->name, ps->line,
		 (unsigned int)(at - ps->line_start) + 1, msg);
	return -EINVAL;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
}

static int expect(struct parser *ps, char c)
{
	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != c)
		return perr(ps, ps->p, "expected '%c'", c);
	ps->p++;
	return 0;
}

/* A JSON string of printable ASCII with \" \\ \/ \n \t \uXXXX (XXXX <= 0xff) escapes. */
static int parse_string(struct parser *ps, const char **out)
{
	const char *start = ps->p;
	size_t cap = 0;
	char *s, *d;

	if (expect(ps, '"'))
		return -EINVAL;
	for (const char *q = ps->p; q < ps->end && *q != '"'; q++, cap++)
		if (*q == '\\')
			q++;
	s = d = arena_alloc(ps->arena, cap + 1);
	if (!s)
		return -ENOMEM;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20 || c >= 0x7f)
			return perr(ps, ps->p, "byte 0x%02x in a string (escape it)", c);
		if (c == '\\') {
			char e = ps->p + 1 < ps->end ? ps->p[1] : 0;
			unsigned int v;

			if (e == '"' || e == '\\' || e == '/') {
				*d++ = e;
				ps->p += 2;
			} else if (e == 'n' || e == 't') {
				*d++ = e == 'n' ? '\n' : '\t';
				ps->p += 2;
			} else if (e == 'u' && ps->end - ps->p >= 6 &&
				   sscanf(ps->p + 2, "%4x", &v) == 1 && v && v <= 0xff) {
				*d++ = (char)v;
				ps->p += 6;
			} else {
				return perr(ps, ps->p, "bad escape in a string");
			}
			continue;
		}
		*d++ = (char)c;
		ps->p++;
	}
	if (ps->p >= ps->end)
		return perr(ps, start, "unterminated string");
	ps->p++;
	*d = 0;
	*out = s;
	return 0;
}

static int parse_number(struct parser *ps, struct cap_field *f)
{
	const char *start = ps->p;
	bool neg = false;
	u64 v = 0;

	if (ps->p < ps->end && *ps->p == '-') {
		neg = true;
		ps->p++;
	}
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return perr(ps, start, "expected a number");
	if (*ps->p == '0' && ps->p + 1 < ps->end && ps->p[1] >= '0' && ps->p[1] <= '9')
		return perr(ps, start, "leading zero in a number");
	for (; ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9'; ps->p++) {
		unsigned int dg = (unsigned int)(*ps->p - '0');

		if (v > (UINT64_MAX - dg) / 10)
			return perr(ps, start, "number out of range");
		v = v * 10 + dg;
	}
	if (ps->p < ps->end && (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E'))
		return perr(ps, start, "expected an integer");
	if (neg) {
		if (v > (u64)INT64_MAX + 1)
			return perr(ps, start, "number out of range");
		f->kind = CAP_INT;
		f->i = v ? (s64)(0 - v) : 0;
	} else {
		f->kind = CAP_UINT;
		f->u = v;
	}
	return 0;
}

static int parse_array(struct parser *ps, struct cap_field *f)
{
	const char *save;
	u32 n = 0, cap = 0;
	u32 *a;

	ps->p++;	/* '[' */
	/* count the elements first so that the array lands in the arena at once */
	for (save = ps->p; save < ps->end && *save != ']'; save++)
		if (*save == ',')
			cap++;
	a = arena_alloc(ps->arena, ((size_t)cap + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		f->kind = CAP_ARRAY;
		f->arr = a;
		f->narr = 0;
		return 0;
	}
	for (;;) {
		struct cap_field e;
		const char *at;

		skip_ws(ps);
		at = ps->p;
		if (parse_number(ps, &e))
			return -EINVAL;
		if (e.kind != CAP_UINT || e.u > UINT32_MAX)
			return perr(ps, at, "array elements are unsigned 32-bit integers");
		if (n > cap)
			return perr(ps, at, "malformed array");
		a[n++] = (u32)e.u;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (expect(ps, ']'))
			return -EINVAL;
		break;
	}
	f->kind = CAP_ARRAY;
	f->arr = a;
	f->narr = n;
	return 0;
}

static int parse_line(struct parser *ps, struct cap_record *rec)
{
	struct cap_field tmp[CAP_MAX_FIELDS];
	u32 n = 0;
	int ret;

	if (expect(ps, '{'))
		return -EINVAL;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}')
		return perr(ps, ps->p, "empty record: every record has \"call\"");
	for (;;) {
		const char *kat;
		struct cap_field *f;

		skip_ws(ps);
		kat = ps->p;
		if (n == CAP_MAX_FIELDS)
			return perr(ps, kat, "more than %d fields", CAP_MAX_FIELDS);
		f = &tmp[n];
		memset(f, 0, sizeof(*f));
		ret = parse_string(ps, &f->key);
		if (ret)
			return ret;
		for (u32 i = 0; i < n; i++)
			if (!strcmp(tmp[i].key, f->key))
				return perr(ps, kat, "duplicate key '%s'", f->key);
		if (expect(ps, ':'))
			return -EINVAL;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == '"') {
			f->kind = CAP_STR;
			ret = parse_string(ps, &f->str);
		} else if (ps->p < ps->end && *ps->p == '[') {
			ret = parse_array(ps, f);
		} else {
			ret = parse_number(ps, f);
		}
		if (ret)
			return ret;
		if (!strcmp(f->key, "call")) {
			if (f->kind != CAP_STR || !*f->str)
				return perr(ps, kat, "\"call\" must be a non-empty string");
			rec->call = f->str;
		}
		n++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (expect(ps, '}'))
			return -EINVAL;
		break;
	}
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p != '\r')
		return perr(ps, ps->p, "text after the record");
	if (!rec->call)
		return perr(ps, ps->line_start, "record without \"call\"");
	rec->fields = arena_alloc(ps->arena, n * sizeof(*tmp));
	if (!rec->fields)
		return -ENOMEM;
	memcpy((void *)rec->fields, tmp, n * sizeof(*tmp));
	rec->nfields = n;
	rec->line = ps->line;
	return 0;
}

static int check_header(struct parser *ps, const struct cap_record *r)
{
	u64 v;

	ps->line = r->line;
	ps->line_start = ps->p;
	if (strcmp(r->call, "start") || !cap_u64(r, "xdnasim_capture", &v))
		return perr(ps, ps->p, "not a capture file: the first record must be the \"start\" header");
	if (v != REC_FORMAT_VERSION)
		return perr(ps, ps->p, "unsupported capture format version %llu (this xdnasim reads %d)",
			    (unsigned long long)v, REC_FORMAT_VERSION);
	return 0;
}

int cap_parse(const char *name, const char *buf, size_t n, struct cap_file *out, char *why,
	      size_t len)
{
	struct parser ps = { .name = name, .why = why, .len = len };
	const char *p = buf, *end = buf + n;
	u32 cap = 0;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	ps.arena = &out->arena;
	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *nul = memchr(p, 0, (size_t)(le - p));
		struct cap_record *rec;

		ps.line++;
		ps.line_start = ps.p = p;
		ps.end = le;
		p = nl ? nl + 1 : end;
		if (nul) {
			ret = perr(&ps, nul, "NUL byte");
			break;
		}
		skip_ws(&ps);
		if (ps.p == le || (ps.p + 1 == le && *ps.p == '\r'))
			continue;	/* blank line */
		if (out->nrecs == cap) {
			u32 ncap = cap ? cap * 2 : 256;
			void *q = realloc(out->recs, ncap * sizeof(*out->recs));

			if (!q) {
				ret = -ENOMEM;
				break;
			}
			out->recs = q;
			cap = ncap;
		}
		rec = &out->recs[out->nrecs];
		memset(rec, 0, sizeof(*rec));
		ret = parse_line(&ps, rec);
		if (!ret && out->nrecs == 0) {
			ps.p = ps.line_start;
			ret = check_header(&ps, rec);
		}
		if (!ret)
			out->nrecs++;
	}
	if (!ret && !out->nrecs) {
		snprintf(why, len, "%s: empty capture (no \"start\" header)", name);
		ret = -EINVAL;
	}
	if (ret == -ENOMEM)
		snprintf(why, len, "%s: out of memory", name);
	if (ret)
		cap_free(out);
	return ret;
}

int cap_load(const char *path, struct cap_file *out, char *why, size_t len)
{
	struct xin in;
	struct xin_error e;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = xin_read(&in, path, CAP_MAX_FILE, 0, &e);
	if (ret) {
		xin_error_format(&e, xin_name(path), why, len);
		return ret == -EILSEQ ? -EINVAL : ret;
	}
	ret = cap_parse(in.name, in.buf, in.len, out, why, len);
	xin_free(&in);
	return ret;
}

void cap_free(struct cap_file *f)
{
	free(f->recs);
	arena_free(f->arena);
	memset(f, 0, sizeof(*f));
}

const struct cap_field *cap_get(const struct cap_record *r, const char *key)
{
	for (u32 i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].key, key))
			return &r->fields[i];
	return NULL;
}

bool cap_num(const struct cap_record *r, const char *key, s64 *v)
{
	const struct cap_field *f = cap_get(r, key);

	if (!f)
		return false;
	if (f->kind == CAP_INT) {
		*v = f->i;
		return true;
	}
	if (f->kind == CAP_UINT && f->u <= INT64_MAX) {
		*v = (s64)f->u;
		return true;
	}
	return false;
}

bool cap_u64(const struct cap_record *r, const char *key, u64 *v)
{
	const struct cap_field *f = cap_get(r, key);

	if (!f || f->kind != CAP_UINT)
		return false;
	*v = f->u;
	return true;
}
