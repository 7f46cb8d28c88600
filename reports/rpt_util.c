// SPDX-License-Identifier: MIT
/* rpt_util.c - helpers shared by the reports/ files. */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/input.h"
#include "common/output.h"
#include "reports/run_report_series.h"

static int dump_plain(FILE *f, const json_t *doc, size_t flags, const struct rpt_deferred *d,
		      size_t nd)
{
	(void)d;
	(void)nd;
	return json_dumpf(doc, f, flags) ? -EIO : 0;
}

static int doc_write(FILE *f, const char *key, json_t *items, const char *schema,
		     const char *generator,
		     int (*dump)(FILE *, const json_t *, size_t, const struct rpt_deferred *, size_t),
		     const struct rpt_deferred *d, size_t nd)
{
	json_t *doc = json_object();
	int ret = doc && items && !json_object_set_new(doc, key, items) ? 0 : -ENOMEM;

	if (ret && !doc)
		json_decref(items);
	if (!ret && (json_object_set_new(doc, "schema", json_string(schema)) ||
		     json_object_set_new(doc, "generator", json_string(generator))))
		ret = -ENOMEM;
	if (!ret)
		ret = dump(f, doc, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17), d, nd);
	if (!ret && (fputc('\n', f) == EOF || fflush(f)))
		ret = -EIO;
	json_decref(doc);
	return ret;
}

int rpt__doc_write(FILE *f, const char *key, json_t *items, const char *schema,
		   const char *generator)
{
	return doc_write(f, key, items, schema, generator, dump_plain, NULL, 0);
}

int rpt__doc_write_compact(FILE *f, const char *key, json_t *items, const char *schema,
			   const char *generator)
{
	return doc_write(f, key, items, schema, generator, rpt_json_write_deferred, NULL, 0);
}

int rpt__doc_write_deferred(FILE *f, const char *key, json_t *items, const char *schema,
			    const char *generator, const struct rpt_deferred *d, size_t nd)
{
	return doc_write(f, key, items, schema, generator, rpt_json_write_deferred, d, nd);
}

json_t *rpt__jstr(const char *s)
{
	size_t n, i = 0, k = 0;
	json_t *j;
	char *buf;

	if (!s)
		return NULL;
	n = strlen(s);
	if (xin_check_text(s, n, XIN_UTF8, NULL) == n)
		return json_string(s);
	buf = malloc(4 * n + 1);
	if (!buf)
		return NULL;
	while (i < n) {
		size_t good = xin_check_text(s + i, n - i, XIN_UTF8, NULL);

		memcpy(buf + k, s + i, good);
		k += good;
		i += good;
		if (i < n)
			k += (size_t)sprintf(buf + k, "\\x%02x", (unsigned char)s[i++]);
	}
	buf[k] = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

int rpt__write_with(const char *path, int (*write)(FILE *f, void *ctx), void *ctx)
{
	struct xout o;
	int ret = xout_open(&o, path);

	if (ret)
		return ret;
	ret = write(o.f, ctx);
	/* A write error is xout_commit()'s to report, with its errno. */
	if (ret && !ferror(o.f)) {
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

size_t rpt__utf8_len(const unsigned char *s)
{
	/* A NUL ends a string and is no continuation byte: 4 never reads past it. */
	return xin_utf8_len((const char *)s, 4);
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

