// SPDX-License-Identifier: MIT
/*
 * input.c - reading inputs whole, with their length, and locating the first
 * byte a text input must not hold (common/input.h).
 */
#include "common/input.h"
#include "common/errname.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((format(printf, 3, 4))) static int fail(struct xin_error *e, int err,
						      const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->err = err;
		e->line = 0;
		e->column = 0;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

const char *xin_name(const char *path)
{
	return path && strcmp(path, "-") ? path : "<stdin>";
}

void xin_pos(const char *buf, size_t len, size_t off, u32 *line, u32 *column)
{
	const char *p = buf, *end = buf + (off < len ? off : len);
	u64 l = 1, c = 1;

	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		l++;
		p = nl + 1;
	}
	for (; p < end; p++)
		c += ((unsigned char)*p & 0xc0) != 0x80;
	*line = l > U32_MAX ? U32_MAX : (u32)l;
	*column = c > U32_MAX ? U32_MAX : (u32)c;
}

size_t xin_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t need;
	u32 cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

size_t xin_check_text(const char *buf, size_t len, unsigned int flags, struct xin_error *e)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		size_t n = 1;

		/* Eight ASCII bytes, none of them NUL, at a time (most text). */
		while (len - i >= 8) {
			u64 w;

			memcpy(&w, s + i, 8);
			if ((w | ~((w | 0x8080808080808080ULL) - 0x0101010101010101ULL)) &
			    0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (s[i] == 0 && !(flags & XIN_BINARY)) {
			fail(e, -EILSEQ, "NUL byte (a text input holds none)");
			break;
		}
		if (s[i] >= 0x80 && (flags & XIN_UTF8)) {
			n = xin_utf8_len(buf + i, len - i);
			if (!n) {
				fail(e, -EILSEQ, "invalid UTF-8 (byte 0x%02x)", s[i]);
				break;
			}
		}
		i += n;
	}
	if (i < len && e)
		xin_pos(buf, len, i, &e->line, &e->column);
	return i < len ? i : len;
}

/* Read @fd to its end; 0 or a negative errno (message in @e). */
static int read_all(int fd, const struct stat *st, size_t max, struct xin *in, struct xin_error *e)
{
	size_t cap = S_ISREG(st->st_mode) && st->st_size > 0 ? (size_t)st->st_size + 1 : 65536;

	if (max && cap > max + 1)
		cap = max + 1;
	in->buf = malloc(cap + 1);
	if (!in->buf)
		return fail(e, -ENOMEM, "out of memory");
	for (;;) {
		ssize_t got;

		if (in->len == cap) {
			char *nb;

			if (max && in->len > max)
				break;
			if (cap > ((size_t)-1) / 2 - 1)
				return fail(e, -ENOMEM, "out of memory");
			cap *= 2;
			nb = realloc(in->buf, cap + 1);
			if (!nb)
				return fail(e, -ENOMEM, "out of memory");
			in->buf = nb;
		}
		got = read(fd, in->buf + in->len, cap - in->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return fail(e, -errno, "cannot read: %s", xerrstr(errno));
		if (got == 0)
			break;
		in->len += (size_t)got;
	}
	if (max && in->len > max)
		return fail(e, -EFBIG, "larger than %zu bytes", max);
	in->buf[in->len] = '\0';
	return 0;
}

int xin_read(struct xin *in, const char *path, size_t max, unsigned int flags,
	     struct xin_error *e)
{
	bool is_stdin = !path || !strcmp(path, "-");
	struct stat st;
	int fd, ret;

	memset(in, 0, sizeof(*in));
	in->name = xin_name(path);
	if (e)
		memset(e, 0, sizeof(*e));
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(e, -errno, "cannot open: %s", xerrstr(errno));
	if (fstat(fd, &st)) {
		ret = fail(e, -errno, "cannot read: %s", xerrstr(errno));
	} else if (S_ISDIR(st.st_mode)) {
		ret = fail(e, -EISDIR, "is a directory, not a file");
	} else {
		ret = read_all(fd, &st, max, in, e);
		if (!ret && xin_check_text(in->buf, in->len, flags, e) < in->len)
			ret = -EILSEQ;
	}
	if (!is_stdin)
		close(fd);
	if (ret) {
		free(in->buf);
		in->buf = NULL;
		in->len = 0;
	}
	return ret;
}

void xin_free(struct xin *in)
{
	free(in->buf);
	in->buf = NULL;
	in->len = 0;
}

char *xin_error_format(const struct xin_error *e, const char *name, char *buf, size_t len)
{
	if (e->line)
		snprintf(buf, len, "%s:%u:%u: %s", name, e->line, e->column, e->msg);
	else
		snprintf(buf, len, "%s: %s", name, e->msg);
	return buf;
}
