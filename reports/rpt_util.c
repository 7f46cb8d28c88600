// SPDX-License-Identifier: MIT
/* rpt_util.c - helpers shared by the reports/ files. */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/output.h"

int rpt__doc_write(FILE *f, const char *key, json_t *items, const char *schema,
		   const char *generator)
{
	json_t *doc = json_object();
	int ret = doc && items && !json_object_set_new(doc, key, items) ? 0 : -ENOMEM;

	if (ret && !doc)
		json_decref(items);
	if (!ret && (json_object_set_new(doc, "schema", json_string(schema)) ||
		     json_object_set_new(doc, "generator", json_string(generator))))
		ret = -ENOMEM;
	if (!ret && json_dumpf(doc, f, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)))
		ret = -EIO;
	if (!ret && (fputc('\n', f) == EOF || fflush(f)))
		ret = -EIO;
	json_decref(doc);
	return ret;
}

int rpt__xfile(const char *path, int (*write)(FILE *f, const void *arg), const void *arg)
{
	struct xout o;
	int ret = xout_open(&o, path);

	if (ret)
		return ret;
	ret = write(o.f, arg);
	/* A write error is xout_commit()'s to report, with its errno. */
	if (ret && !ferror(o.f)) {
		xout_abort(&o);
		return ret;
	}
	return xout_commit(&o);
}

int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in)
{
	struct xout o;
	int ret = xout_open(&o, path);

	if (ret)
		return ret;
	ret = dump(in, o.f);
	if (ret) {
		xout_abort(&o);
		return ret;
	}
	return xout_commit(&o);
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
