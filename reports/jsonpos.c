// SPDX-License-Identifier: MIT
/*
 * jsonpos.c - where a value sits in JSON text, found by parsing the text
 * (strings with their escapes, nesting), never by searching it: jansson
 * parses run reports but keeps no positions, and messages about a field
 * must name the line and column of that field's value.
 */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <string.h>

#include "common/input.h"

struct scan {
	const char *p, *e;
};

static void ws(struct scan *s)
{
	while (s->p < s->e && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hex4(const char *p, const char *e, unsigned int *v)
{
	*v = 0;
	if (e - p < 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
				 c >= 'A' && c <= 'F' ? (unsigned int)(c - 'A' + 10) : 16;

		if (d > 15)
			return -EINVAL;
		*v = *v << 4 | d;
	}
	return 0;
}

/* Append the UTF-8 form of @cp to @out (room for 4 bytes is checked by the caller). */
static size_t put_utf8(char *out, unsigned int cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The string at s->p (on its opening quote): skipped, and when @out is not
 * NULL decoded into @out (@cap bytes; *@n = decoded length, or @cap + 1 when
 * it did not fit).  0 or -EINVAL.
 */
static int string(struct scan *s, char *out, size_t cap, size_t *n)
{
	size_t k = 0;

	if (s->p == s->e || *s->p != '"')
		return -EINVAL;
	for (s->p++; s->p < s->e && *s->p != '"';) {
		char buf[8];
		size_t m = 1;

		buf[0] = *s->p;
		if (*s->p == '\\') {
			if (s->e - s->p < 2)
				return -EINVAL;
			switch (s->p[1]) {
			case 'b': buf[0] = '\b'; break;
			case 'f': buf[0] = '\f'; break;
			case 'n': buf[0] = '\n'; break;
			case 'r': buf[0] = '\r'; break;
			case 't': buf[0] = '\t'; break;
			case 'u': {
				unsigned int cp, lo;

				if (hex4(s->p + 2, s->e, &cp))
					return -EINVAL;
				s->p += 4;
				if (cp >= 0xd800 && cp < 0xdc00 && s->e - s->p >= 8 &&
				    s->p[2] == '\\' && s->p[3] == 'u' && !hex4(s->p + 4, s->e, &lo) &&
				    lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					s->p += 6;
				}
				m = put_utf8(buf, cp);
				break;
			}
			default: buf[0] = s->p[1]; break;	/* \" \\ \/ */
			}
			s->p += 2;
		} else {
			s->p++;
		}
		if (out && k + m <= cap)
			memcpy(out + k, buf, m);
		k += m;
	}
	if (s->p == s->e)
		return -EINVAL;
	s->p++;
	if (n)
		*n = k <= cap ? k : cap + 1;
	return 0;
}

/* Skip one value; nesting is bounded by the text jansson already accepted. */
static int skip(struct scan *s, int depth)
{
	ws(s);
	if (s->p == s->e || depth > 4096)
		return -EINVAL;
	if (*s->p == '"')
		return string(s, NULL, 0, NULL);
	if (*s->p == '{' || *s->p == '[') {
		char close = *s->p == '{' ? '}' : ']';

		s->p++;
		ws(s);
		if (s->p < s->e && *s->p == close) {
			s->p++;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				ws(s);
				if (string(s, NULL, 0, NULL))
					return -EINVAL;
				ws(s);
				if (s->p == s->e || *s->p++ != ':')
					return -EINVAL;
			}
			if (skip(s, depth + 1))
				return -EINVAL;
			ws(s);
			if (s->p == s->e)
				return -EINVAL;
			if (*s->p == close) {
				s->p++;
				return 0;
			}
			if (*s->p++ != ',')
				return -EINVAL;
		}
	}
	/* number, true, false, null */
	while (s->p < s->e && !strchr(",]} \t\r\n", *s->p))
		s->p++;
	return 0;
}

/* Past the value at s->p and the comma after it, if any. */
static int next(struct scan *s)
{
	if (skip(s, 0))
		return -EINVAL;
	ws(s);
	if (s->p < s->e && *s->p == ',')
		s->p++;
	return 0;
}

/*
 * Move to the value of member @key of the object at s->p (its key's opening
 * quote in *@kpos); -ENOENT if absent.
 */
static int member(struct scan *s, const char *key, const char **kpos)
{
	size_t klen = strlen(key);

	ws(s);
	if (s->p == s->e || *s->p != '{')
		return -ENOENT;
	s->p++;
	for (;;) {
		char name[256];
		size_t n;

		ws(s);
		if (s->p == s->e || *s->p == '}')
			return -ENOENT;
		*kpos = s->p;
		if (string(s, name, sizeof(name), &n))
			return -EINVAL;
		ws(s);
		if (s->p == s->e || *s->p++ != ':')
			return -EINVAL;
		ws(s);
		if (n == klen && !memcmp(name, key, n))
			return 0;
		if (next(s))
			return -EINVAL;
	}
}

/* Move to element @idx of the array at s->p; -ENOENT if it has fewer. */
static int element(struct scan *s, size_t idx)
{
	ws(s);
	if (s->p == s->e || *s->p != '[')
		return -ENOENT;
	s->p++;
	for (size_t i = 0;; i++) {
		ws(s);
		if (s->p == s->e || *s->p == ']')
			return -ENOENT;
		if (i == idx)
			return 0;
		if (next(s))
			return -EINVAL;
	}
}

int rpt__json_locate(const char *buf, size_t len, const struct rpt_jseg *path, size_t n,
		     u32 *line, u32 *column)
{
	struct scan s = { buf, buf + len };
	const char *found;
	int ret = 0;

	ws(&s);
	found = s.p;
	for (size_t i = 0; i < n && !ret; i++) {
		const char *kpos = NULL;

		ret = path[i].key ? member(&s, path[i].key, &kpos) : element(&s, path[i].idx);
		if (!ret)
			found = path[i].at_key && kpos ? kpos : s.p;
	}
	xin_pos(buf, len, (size_t)(found - buf), line, column);
	return ret ? -ENOENT : 0;
}
