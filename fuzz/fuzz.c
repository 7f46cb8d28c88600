// SPDX-License-Identifier: MIT
/*
 * fuzz.c - the target table, running an input, delta debugging, reproducer
 * files and replaying them.
 */
#include "fuzz/fuzz.h"
#include "common/input.h"
#include "common/output.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct fuzz_target *const fuzz_targets[] = {
	&fuzz_target_mm, &fuzz_target_heap, &fuzz_target_sim, &fuzz_target_proto,
	&fuzz_target_scenario, NULL,
};

const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (size_t i = 0; name && fuzz_targets[i]; i++)
		if (strcmp(fuzz_targets[i]->name, name) == 0)
			return fuzz_targets[i];
	return NULL;
}

int fuzz_target_run(const struct fuzz_target *t, const u8 *data, size_t len,
		    const struct fuzz_opts *o, struct fuzz_result *res)
{
	static const struct fuzz_opts none;
	int ret;

	memset(res, 0, sizeof(*res));
	if (len > t->max_len)
		len = t->max_len;
	ret = t->run(data, len, o ? o : &none, res);
	/* Any other error is the harness running out of host memory: no finding. */
	return ret == -EUCLEAN || res->failed ? -EUCLEAN : 0;
}

u64 fuzz_input_seed(u64 seed, u64 iter)
{
	u64 z = seed + 0x9e3779b97f4a7c15ULL * (iter + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int fuzz_campaign(const struct fuzz_target *t, u64 seed, u64 iterations,
		  const struct fuzz_opts *o, struct fuzz_result *res, u64 *iter)
{
	u8 *buf = malloc(t->max_len);
	struct xrand r;
	u64 ops = 0, known = 0;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (*iter = 0; *iter < iterations; ++*iter) {
		xrand_seed(&r, fuzz_input_seed(seed, *iter));
		ret = fuzz_target_run(t, buf, t->generate(&r, buf, t->max_len), o, res);
		if (ret)
			break;
		ops += res->ops;
		known += res->known;
	}
	if (!ret) {
		res->ops = ops;
		res->known = known;
	}
	free(buf);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Delta debugging. */

/* Upper bound on the runs one minimisation may take. */
#define DD_MAX_TRIES 20000

struct ddmin {
	const struct fuzz_target *t;
	const struct fuzz_opts *o;
	int inv, detail;
	u64 tries;
	u8 *buf;		/* scratch for candidates */
};

/* Does the candidate fail with the same F-number? */
static bool dd_fails(struct ddmin *d, const u8 *data, size_t len)
{
	struct fuzz_opts o = *d->o;
	struct fuzz_result res;

	o.trace = NULL;
	d->tries++;
	return fuzz_target_run(d->t, data, len, &o, &res) == -EUCLEAN && res.inv == d->inv &&
	       res.detail == d->detail;
}

/*
 * One ddmin pass over units [bounds[i], bounds[i + 1]) after the prefix
 * [0, bounds[0]); the input is rewritten in place (*len shrinks).
 */
static void dd_pass(struct ddmin *d, u8 *data, size_t *len, size_t *bounds, size_t nb)
{
	size_t nunits = nb - 1, chunks = 2;
	bool *keep;

	if (nunits == 0)
		return;
	keep = malloc(nunits);
	if (!keep)
		return;
	memset(keep, 1, nunits);
	for (;;) {
		size_t alive = 0, per;
		bool reduced = false;

		for (size_t u = 0; u < nunits; u++)
			alive += keep[u];
		if (!alive || d->tries >= DD_MAX_TRIES)
			break;
		if (chunks > alive)
			chunks = alive;
		per = (alive + chunks - 1) / chunks;
		for (size_t c = 0; c < chunks && !reduced; c++) {
			size_t lo = c * per, hi = lo + per, n = bounds[0], k = 0;

			memcpy(d->buf, data, bounds[0]);
			for (size_t u = 0; u < nunits; u++) {
				if (!keep[u])
					continue;
				if (k < lo || k >= hi) {
					size_t ul = bounds[u + 1] - bounds[u];

					memcpy(d->buf + n, data + bounds[u], ul);
					n += ul;
				}
				k++;
			}
			if (!dd_fails(d, d->buf, n))
				continue;
			k = 0;
			for (size_t u = 0; u < nunits; u++) {
				if (!keep[u])
					continue;
				if (k >= lo && k < hi)
					keep[u] = false;
				k++;
			}
			reduced = true;
		}
		if (reduced)
			chunks = chunks > 2 ? chunks - 1 : 2;
		else if (chunks >= alive)
			break;
		else
			chunks = chunks * 2 < alive ? chunks * 2 : alive;
	}
	/* Rewrite: prefix + kept units (the incomplete tail is dropped). */
	{
		size_t n = bounds[0];

		memcpy(d->buf, data, bounds[0]);
		for (size_t u = 0; u < nunits; u++)
			if (keep[u]) {
				memcpy(d->buf + n, data + bounds[u], bounds[u + 1] - bounds[u]);
				n += bounds[u + 1] - bounds[u];
			}
		if (dd_fails(d, d->buf, n)) {
			memcpy(data, d->buf, n);
			*len = n;
		}
	}
	free(keep);
}

int fuzz_minimize(const struct fuzz_target *t, const u8 *data, size_t len,
		  const struct fuzz_opts *o, u8 **out, size_t *out_len, u64 *tries)
{
	static const struct fuzz_opts none;
	struct fuzz_result res;
	struct ddmin d = { .t = t, .o = o ? o : &none };
	size_t *bounds = NULL, cur, nb;
	u8 *work;
	int ret = 0;

	if (len > t->max_len)
		len = t->max_len;
	if (fuzz_target_run(t, data, len, d.o, &res) != -EUCLEAN)
		return -EINVAL;
	d.inv = res.inv;
	d.detail = res.detail;
	work = malloc(len ? len : 1);
	d.buf = malloc(len ? len : 1);
	bounds = malloc((len + 2) * sizeof(*bounds));
	if (!work || !d.buf || !bounds) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(work, data, len);
	cur = len;
	for (int round = 0; round < 4; round++) {
		size_t before = cur;

		nb = t->split(work, cur, bounds, len + 2);
		dd_pass(&d, work, &cur, bounds, nb);
		if (t->min_bytes) {
			nb = 0;
			for (size_t i = 0; i <= cur; i++)
				bounds[nb++] = i;
			dd_pass(&d, work, &cur, bounds, nb);
		}
		if (cur == before)
			break;
	}
	*out = work;
	*out_len = cur;
	work = NULL;
out:
	if (tries)
		*tries = d.tries;
	free(work);
	free(d.buf);
	free(bounds);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Reproducers. */

static int write_all(const char *path, const u8 *data, size_t len)
{
	struct xout o;
	int ret = xout_open(&o, path);

	if (ret)
		return ret;
	if (len)
		fwrite(data, 1, len, o.f);
	return xout_commit(&o);
}

int fuzz_write_reproducer(const struct fuzz_target *t, const char *dir, const char *stem,
			  u64 seed, u64 iter, const u8 *data, size_t len,
			  const struct fuzz_opts *o, char *path, size_t path_len)
{
	struct fuzz_opts to = { .plant = o ? o->plant : 0, .has_rev = o && o->has_rev,
				.rev = o ? o->rev : REV_HEAD, .has_mode = o && o->has_mode,
				.mode = o ? o->mode : ADDR_PASID };
	struct fuzz_result res;
	struct xout out;
	char p[4096];
	FILE *f;
	int ret;

	if (mkdir(dir, 0777) && errno != EEXIST)
		return -errno;
	snprintf(p, sizeof(p), "%s/%s.bin", dir, stem);
	ret = write_all(p, data, len);
	if (ret)
		return ret;
	if (path)
		snprintf(path, path_len, "%s", p);
	snprintf(p, sizeof(p), "%s/%s.txt", dir, stem);
	ret = xout_open(&out, p);
	if (ret)
		return ret;
	f = out.f;
	fprintf(f, "# xdnasim fuzz reproducer\n");
	fprintf(f, "target: %s\nseed: %llu\niteration: %llu\nbytes: %zu\n", t->name,
		(unsigned long long)seed, (unsigned long long)iter, len);
	if (to.plant)
		fprintf(f, "planted-bug: %u\n", to.plant);
	fprintf(f, "replay: xdnasim fuzz --target %s%s%s%s%s%s --replay %s.bin\n", t->name,
		to.plant ? " --plant-bug" : "", to.has_rev ? " --revision " : "",
		to.has_rev ? drv_rev_name(to.rev) : "", to.has_mode ? " --mode " : "",
		to.has_mode ? addr_mode_name(to.mode) : "", stem);
	fprintf(f, "operations:\n");
	fflush(f);
	to.trace = f;
	ret = fuzz_target_run(t, data, len, &to, &res);
	fprintf(f, "result: %s\n", ret ? res.why : "no failure");
	if (ret)
		fprintf(f, "failed-after-op: %llu\n", (unsigned long long)res.op);
	ret = xout_commit(&out);
	if (ret)
		return ret;
	if (t->write_yaml) {
		snprintf(p, sizeof(p), "%s/%s.yaml", dir, stem);
		ret = xout_open(&out, p);
		if (ret)
			return ret;
		to.trace = NULL;
		ret = t->write_yaml(data, len, &to, out.f);
		if (ret && !ferror(out.f)) {
			xout_abort(&out);
			return ret;
		}
		return xout_commit(&out);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Replaying. */

int fuzz_read_file(const char *path, u8 **data, size_t *len)
{
	struct xin in;
	int ret = xin_read(&in, path, 0, XIN_BINARY, NULL);

	if (ret)
		return ret;
	*data = (u8 *)in.buf;
	*len = in.len;
	return 0;
}

static int replay_file(const struct fuzz_target *t, const char *path, const struct fuzz_opts *o,
		       FILE *log)
{
	struct fuzz_result res;
	size_t len;
	u8 *data;
	int ret;

	ret = fuzz_read_file(path, &data, &len);
	if (ret)
		return ret;
	ret = fuzz_target_run(t, data, len, o, &res);
	free(data);
	if (ret) {
		fprintf(log, "%s: FAIL after op %llu: %s\n", path, (unsigned long long)res.op,
			res.why);
		return 1;
	}
	fprintf(log, "%s: ok (%llu ops)\n", path, (unsigned long long)res.ops);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fuzz_replay_path(const struct fuzz_target *t, const char *path, const struct fuzz_opts *o,
		     FILE *log)
{
	struct dirent *e;
	struct stat st;
	char **names = NULL, **nn, p[4096];
	size_t n = 0, cap = 0;
	int fails = 0, ret = 0;
	DIR *dir;

	if (stat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return replay_file(t, path, o, log);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		if (stat(p, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				ret = -ENOMEM;
				goto out;
			}
			names = nn;
		}
		names[n] = strdup(p);
		if (!names[n]) {
			ret = -ENOMEM;
			goto out;
		}
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		int r = replay_file(t, names[i], o, log);

		if (r < 0) {
			ret = r;
			goto out;
		}
		fails += r;
	}
	ret = fails;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(dir);
	return ret;
}
