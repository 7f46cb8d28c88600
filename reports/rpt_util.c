// SPDX-License-Identifier: MIT
/* rpt_util.c - helpers shared by the reports/ files. */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/output.h"

int rpt__write_with(const char *path, int (*write)(FILE *f, void *ctx), void *ctx)
{
	struct xout o;
	int ret = xout_open(&o, path);

	if (ret)
		return ret;
	ret = write(o.f, ctx);
	if (ret) {
		xout_abort(&o);
		return ret;
	}
	return xout_commit(&o);
}

struct dump_ctx {
	int (*dump)(const struct rpt_input *in, FILE *f);
	const struct rpt_input *in;
};

static int dump_cb(FILE *f, void *ctx)
{
	const struct dump_ctx *d = ctx;

	return d->dump(d->in, f);
}

int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in)
{
	struct dump_ctx d = { dump, in };

	return rpt__write_with(path, dump_cb, &d);
}

char *rpt__slurp(const char *path, size_t *lenp, int *ret)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		*ret = -errno;
		return NULL;
	}
	for (;;) {
		if (len + 4097 > cap) {
			char *nb = realloc(buf, cap = 2 * cap + 8192);

			if (!nb) {
				*ret = -ENOMEM;
				goto err;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		if (!n)
			break;
		len += n;
	}
	if (ferror(f)) {
		*ret = -EIO;
		goto err;
	}
	fclose(f);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	*ret = 0;
	return buf;
err:
	fclose(f);
	free(buf);
	return NULL;
}

/*
 * Length of the valid UTF-8 sequence at @s (1..4), or 0 when the bytes there
 * are not one (invalid, overlong, surrogate, above U+10FFFF, truncated).
 */
size_t rpt__utf8_len(const unsigned char *s)
{
	unsigned int c = s[0], n, cp, min;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		n = 2, cp = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, cp = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	for (unsigned int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* @s as XML character data / attribute value: valid UTF-8, no control characters. */
void rpt__xml_put(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = rpt__utf8_len(p);

		if (!n) {
			fputs("\xef\xbf\xbd", f);	/* U+FFFD for a byte that is not UTF-8 */
			p++;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\t': case '\n': fputc(*p, f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				fwrite(p, 1, n, f);
		}
		p += n;
	}
}

