// SPDX-License-Identifier: MIT
/*
 * ledger_lcov.c - the scenario ledger projected into lcov (docs/driver/peers.md §6):
 * one TN per scenario; SF = a listing of the ledger keys (one per line,
 * written to "<tracefile>.keys"), DA per reachable key, FN per key class
 * (FNDA = the class's hits), BRDA per error site and rollback path.
 * genhtml then shows, line by line, which scenario hit which key, and
 * `lcov -a` merges scenarios like any other tests.
 */
#include "reports/report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/output.h"

/* lcov test names: [A-Za-z0-9_] only. */
static void tn_name(const struct rpt_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s_%s_%s_%s_%llu", r->name, r->rev, r->mode, r->device,
		 (unsigned long long)r->seed);
	for (char *c = buf; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9')))
			*c = '_';
}

static int add_run(struct lcov_trace *t, const struct sim_ledger *l, const char *sf,
		   const struct rpt_run *r)
{
	struct lcov_file *f;
	char tn[320];
	int ret;

	tn_name(r, tn, sizeof(tn));
	ret = lcov_add_file(t, tn, sf, &f);
	for (size_t k = 0; !ret && k < l->n; k++) {
		const struct sim_lkey *key = &l->keys[k];
		u32 line = (u32)k + 1;

		if (!k || key->cls != l->keys[k - 1].cls) {
			u64 n = 0;

			for (size_t j = k; j < l->n && l->keys[j].cls == key->cls; j++)
				n += r->hits[j];
			ret = lcov_add_fn(f, sim_lkey_class_name(key->cls), line, n);
		}
		if (!ret && !key->unreachable)
			ret = lcov_add_da(f, line, r->hits[k]);
		if (!ret && !key->unreachable &&
		    (key->cls == SIM_LK_ERR || key->cls == SIM_LK_ROLLBACK))
			ret = lcov_add_br(f, line, 0, 0, (s64)r->hits[k]);
	}
	return ret;
}

int rpt_scenario_lcov_keys_path(const char *path, char *buf, size_t len)
{
	return snprintf(buf, len, "%s.keys", path) >= (int)len ? -ENAMETOOLONG : 0;
}

/*
 * The absolute form of @path, which may not exist yet (its directory must):
 * genhtml finds the key listing through SF, so SF is absolute.
 */
static int abs_path(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	char d[PATH_MAX], dir[PATH_MAX];

	if (!slash)
		snprintf(d, sizeof(d), ".");
	else if (slash == path)
		snprintf(d, sizeof(d), "/");
	else if (snprintf(d, sizeof(d), "%.*s", (int)(slash - path), path) >= (int)sizeof(d))
		return -ENAMETOOLONG;
	if (!realpath(d, dir))
		return -errno;
	if (snprintf(buf, len, "%s/%s", strcmp(dir, "/") ? dir : "", slash ? slash + 1 : path) >=
	    (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int rpt_scenario_lcov_dump(const struct rpt_input *in, FILE *lcov, FILE *keys,
			   const char *keys_path)
{
	const struct sim_ledger *l = &in->ledger;
	struct lcov_trace t = { 0 };
	char abs[PATH_MAX];
	int ret;

	for (size_t k = 0; k < l->n; k++)
		fprintf(keys, "%s\n", l->keys[k].name);
	ret = abs_path(keys_path, abs, sizeof(abs));
	for (size_t i = 0; !ret && i < in->nruns; i++)
		ret = add_run(&t, l, abs, &in->runs[i]);
	if (!ret)
		lcov_write(lcov, &t);
	lcov_free(&t);
	return ret;
}

int rpt_scenario_lcov_write(const struct rpt_input *in, const char *path)
{
	struct xout o[2];
	char keys[PATH_MAX];
	int ret = rpt_scenario_lcov_keys_path(path, keys, sizeof(keys));

	ret = ret ? ret : xout_open(&o[0], path);
	if (ret)
		return ret;
	ret = xout_open(&o[1], keys);
	if (ret) {
		xout_abort(&o[0]);
		return ret;
	}
	ret = rpt_scenario_lcov_dump(in, o[0].f, o[1].f, keys);
	if (ret) {
		xout_abort(&o[0]);
		xout_abort(&o[1]);
		return ret;
	}
	return xout_commit_all(o, 2, NULL);
}
