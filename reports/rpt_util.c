// SPDX-License-Identifier: MIT
/* rpt_util.c - helpers shared by the reports/ files. */
#include "reports/rpt_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/output.h"

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
