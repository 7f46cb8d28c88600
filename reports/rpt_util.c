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

