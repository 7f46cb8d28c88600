// SPDX-License-Identifier: MIT
/*
 * sweep.c - the matrix of a sweep, its shards, and running its cells, in
 * this process or in forked workers (sweep.h).
 */
#include "scenarios/sweep.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/parse.h"

int sweep_parse_list(const char *s, char ***items, u32 *nr)
{
	char **v = NULL;
	u32 n = 0;

	for (;;) {
		size_t len = strcspn(s, ",");
		char **nv;

		if (!len || n >= SWEEP_MAX_VALUES)
			goto bad;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv)
			goto nomem;
		v = nv;
		v[n] = strndup(s, len);
		if (!v[n])
			goto nomem;
		n++;
		if (!s[len])
			break;
		s += len + 1;
	}
	*items = v;
	*nr = n;
	return 0;
bad:
	while (n)
		free(v[--n]);
	free(v);
	return -EINVAL;
nomem:
	while (n)
		free(v[--n]);
	free(v);
	return -ENOMEM;
}

static void free_list(char **v, u32 n)
{
	for (u32 i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int sweep_parse_seeds(const char *s, u64 **seeds, u32 *nr)
{
	char **items;
	u32 n, count = 0;
	u64 *v = NULL;
	int ret = sweep_parse_list(s, &items, &n);

	if (ret)
		return ret;
	for (u32 i = 0; i < n && !ret; i++) {
		char *dots = strstr(items[i], "..");
		u64 lo, hi;

		if (dots) {
			*dots = 0;
			ret = parse_u64(items[i], &lo) || parse_u64(dots + 2, &hi) || hi < lo ?
			      -EINVAL : 0;
		} else {
			ret = parse_u64(items[i], &lo) ? -EINVAL : 0;
			hi = lo;
		}
		if (!ret && hi - lo >= SWEEP_MAX_CELLS - count)
			ret = -EINVAL;
		if (!ret) {
			u64 *nv = realloc(v, (count + (hi - lo) + 1) * sizeof(*v));

			if (!nv) {
				ret = -ENOMEM;
				break;
			}
			v = nv;
			for (u64 x = lo;; x++) {
				v[count++] = x;
				if (x == hi)
					break;
			}
		}
	}
	free_list(items, n);
	if (ret) {
		free(v);
		return ret;
	}
	*seeds = v;
	*nr = count;
	return 0;
}

int sweep_parse_set(const char *s, struct sweep_axis *axis)
{
	const char *eq = strchr(s, '=');
	int ret;

	memset(axis, 0, sizeof(*axis));
	if (!eq || eq == s || !eq[1] || strcspn(s, ",") < (size_t)(eq - s))
		return -EINVAL;
	axis->key = strndup(s, (size_t)(eq - s));
	if (!axis->key)
		return -ENOMEM;
	ret = sweep_parse_list(eq + 1, &axis->values, &axis->nr);
	if (ret) {
		free(axis->key);
		axis->key = NULL;
	}
	return ret;
}

void sweep_spec_free(struct sweep_spec *spec)
{
	free_list(spec->revisions, spec->nr_revisions);
	free(spec->seeds);
	for (u32 i = 0; i < spec->nr_sets; i++) {
		free(spec->sets[i].key);
		free_list(spec->sets[i].values, spec->sets[i].nr);
	}
	memset(spec, 0, sizeof(*spec));
}

u64 sweep_cells(const struct sweep_spec *spec)
{
	u64 n = (u64)spec->nr_revisions * spec->nr_seeds;

	for (u32 i = 0; i < spec->nr_sets; i++) {
		if (!spec->sets[i].nr || n > SWEEP_MAX_CELLS / spec->sets[i].nr)
			return 0;
		n *= spec->sets[i].nr;
	}
	return n <= SWEEP_MAX_CELLS ? n : 0;
}

bool sweep_shard_has(const struct sweep_spec *spec, u64 cell)
{
	return spec->shard_count <= 1 || cell % spec->shard_count == spec->shard_index - 1;
}

/* The value indices of @cell: seeds fastest, then the last --set ... revisions slowest. */
static void decompose(const struct sweep_spec *spec, u64 cell, struct sweep_row *row)
{
	u64 k = cell;

	row->cell = cell;
	row->seed = spec->seeds[k % spec->nr_seeds];
	k /= spec->nr_seeds;
	for (u32 i = spec->nr_sets; i-- > 0;) {
		row->set[i] = (u32)(k % spec->sets[i].nr);
		k /= spec->sets[i].nr;
	}
	row->revision = (u32)k;
}

/* "KEY=VALUE" for each axis at the row's values. */
static int set_strings(const struct sweep_spec *spec, const struct sweep_row *row,
		       char *buf[SWEEP_MAX_SETS])
{
	for (u32 i = 0; i < spec->nr_sets; i++) {
		const struct sweep_axis *a = &spec->sets[i];
		size_t len = strlen(a->key) + strlen(a->values[row->set[i]]) + 2;

		buf[i] = malloc(len);
		if (!buf[i]) {
			while (i)
				free(buf[--i]);
			return -ENOMEM;
		}
		snprintf(buf[i], len, "%s=%s", a->key, a->values[row->set[i]]);
	}
	return 0;
}

static int load(const struct sweep_spec *spec, const char *const *sets, u32 nr,
		struct scn **s, char *err, size_t len)
{
	struct scn_error e;
	int ret = scn_load_file_set(spec->scenario, run_vocab(), sets, nr, s, &e);

	if (ret)
		snprintf(err, len, "%.*s", (int)len - 1, e.text);
	return ret;
}

int sweep_prepare(struct sweep_spec *spec, char *err, size_t len)
{
	struct scn *s;
	int ret = load(spec, NULL, 0, &s, err, len);

	if (ret)
		return ret;
	if (!spec->nr_revisions) {
		ret = sweep_parse_list(drv_rev_name(s->rev), &spec->revisions,
				       &spec->nr_revisions);
	}
	if (!ret && !spec->nr_seeds) {
		spec->seeds = malloc(sizeof(*spec->seeds));
		ret = spec->seeds ? 0 : -ENOMEM;
		if (!ret) {
			spec->seeds[0] = s->seed;
			spec->nr_seeds = 1;
		}
	}
	scn_free(s);
	if (ret)
		return ret;
	for (u32 i = 0; i < spec->nr_revisions; i++) {
		enum drv_rev d;

		if (drv_rev_parse(spec->revisions[i], &d)) {
			snprintf(err, len, "unknown revision '%s' (see 'xdnasim revisions')",
				 spec->revisions[i]);
			return -EINVAL;
		}
	}
	for (u32 i = 0; i < spec->nr_sets; i++) {
		for (u32 j = 0; j < spec->sets[i].nr; j++) {
			char buf[512];
			const char *one = buf;

			snprintf(buf, sizeof(buf), "%s=%s", spec->sets[i].key,
				 spec->sets[i].values[j]);
			ret = load(spec, &one, 1, &s, err, len);
			if (ret)
				return ret;
			scn_free(s);
		}
	}
	if (!sweep_cells(spec)) {
		snprintf(err, len, "the matrix has more than %llu cells",
			 (unsigned long long)SWEEP_MAX_CELLS);
		return -EINVAL;
	}
	return 0;
}

/* Run one cell into @row (everything but @row->cell comes from the run). */
static int run_cell(const struct sweep_spec *spec, u64 cell, struct sweep_row *row)
{
	char *sets[SWEEP_MAX_SETS];
	struct run_opts opts = { 0 };
	struct run_result res = { 0 };
	struct scn *s = NULL;
	int ret;

	memset(row, 0, sizeof(*row));
	decompose(spec, cell, row);
	ret = set_strings(spec, row, sets);
	if (ret)
		return ret;
	ret = load(spec, (const char *const *)sets, spec->nr_sets, &s, row->error,
		   sizeof(row->error));
	for (u32 i = 0; i < spec->nr_sets; i++)
		free(sets[i]);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		row->status = RUN_ERROR;
		return 0;
	}
	opts.has_seed = true;
	opts.seed = row->seed;
	opts.has_rev = true;
	drv_rev_parse(spec->revisions[row->revision], &opts.rev);
	opts.no_series = true;
	ret = run_scenario(s, &opts, &res);
	row->status = res.status;
	row->expects_failed = res.expects_failed;
	row->ops = res.nr_ops;
	row->peak_all_committed = res.peak_all_committed;
	row->peak_all_live = res.peak_all_live;
	row->m = res.total;
	if (res.status == RUN_ERROR)
		snprintf(row->error, sizeof(row->error), "%.255s", res.error);
	run_result_free(&res);
	scn_free(s);
	return ret == -ENOMEM ? ret : 0;
}

/* The cells of the shard, in order. */
static u64 *shard_cells(const struct sweep_spec *spec, u64 *nr)
{
	u64 total = sweep_cells(spec), n = 0;
	u64 *v = malloc((total ? total : 1) * sizeof(*v));

	for (u64 k = 0; v && k < total; k++)
		if (sweep_shard_has(spec, k))
			v[n++] = k;
	*nr = n;
	return v;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* A worker: the shard's cells j with j % jobs == w, rows to @fd; never returns. */
static void worker(const struct sweep_spec *spec, const u64 *cells, u64 n, unsigned int w,
		   unsigned int jobs, int fd)
{
	struct sweep_row row;

	for (u64 j = w; j < n; j += jobs)
		if (run_cell(spec, cells[j], &row) || write_all(fd, &row, sizeof(row)))
			_exit(1);
	_exit(close(fd) ? 1 : 0);
}

struct sweep_pipe {
	int fd;
	pid_t pid;
	size_t have;
	struct sweep_row buf;
};

static int run_forked(const struct sweep_spec *spec, const u64 *cells, u64 n, unsigned int jobs,
		      sweep_progress_fn progress, void *ctx, struct sweep_row *rows)
{
	struct sweep_pipe *w = calloc(jobs, sizeof(*w));
	struct pollfd *pfd = calloc(jobs, sizeof(*pfd));
	u64 done = 0, failed = 0;
	unsigned int open = 0;
	int ret = w && pfd ? 0 : -ENOMEM;

	for (unsigned int i = 0; w && i < jobs; i++)
		w[i].fd = -1;
	fflush(stdout);
	fflush(stderr);
	for (unsigned int i = 0; i < jobs && !ret; i++) {
		int p[2];

		if (pipe(p)) {
			ret = -errno;
			break;
		}
		w[i].pid = fork();
		if (w[i].pid < 0) {
			ret = -errno;
			close(p[0]);
			close(p[1]);
			break;
		}
		if (!w[i].pid) {
			close(p[0]);
			for (unsigned int k = 0; k < i; k++)
				close(w[k].fd);
			worker(spec, cells, n, i, jobs, p[1]);
		}
		close(p[1]);
		w[i].fd = p[0];
		open++;
	}
	while (!ret && open) {
		unsigned int np = 0;

		for (unsigned int i = 0; i < jobs; i++) {
			if (w[i].fd < 0)
				continue;
			pfd[np].fd = w[i].fd;
			pfd[np].events = POLLIN;
			np++;
		}
		if (poll(pfd, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (unsigned int i = 0; i < jobs; i++) {
			ssize_t r;

			if (w[i].fd < 0)
				continue;
			r = read(w[i].fd, (char *)&w[i].buf + w[i].have, sizeof(w[i].buf) - w[i].have);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				close(w[i].fd);
				w[i].fd = -1;
				open--;
				continue;
			}
			w[i].have += (size_t)r;
			if (w[i].have < sizeof(w[i].buf))
				continue;
			w[i].have = 0;
			/* the row's place: the shard's cells are spaced shard_count apart */
			{
				u64 j = spec->shard_count > 1 ? w[i].buf.cell / spec->shard_count :
								w[i].buf.cell;

				if (j >= n || cells[j] != w[i].buf.cell) {
					ret = -EPROTO;
					break;
				}
				rows[j] = w[i].buf;
			}
			done++;
			failed += w[i].buf.status != RUN_PASS && w[i].buf.status != RUN_XFAIL;
			if (progress)
				progress(ctx, done, n, failed);
		}
	}
	for (unsigned int i = 0; w && i < jobs; i++) {
		int st;

		if (w[i].fd >= 0)
			close(w[i].fd);
		if (w[i].pid <= 0)
			continue;
		if (ret)
			kill(w[i].pid, SIGTERM);
		if (waitpid(w[i].pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			ret = ret ?: -ECHILD;
	}
	if (!ret && done != n)
		ret = -ECHILD;
	free(w);
	free(pfd);
	return ret;
}

int sweep_run(const struct sweep_spec *spec, unsigned int jobs, sweep_progress_fn progress,
	      void *ctx, struct sweep_row **rowsp, u64 *nrp)
{
	u64 n, failed = 0;
	u64 *cells = shard_cells(spec, &n);
	struct sweep_row *rows;
	int ret = 0;

	*rowsp = NULL;
	*nrp = 0;
	if (!cells)
		return -ENOMEM;
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		free(cells);
		return -ENOMEM;
	}
	if (jobs > n)
		jobs = (unsigned int)(n ? n : 1);
	if (jobs > 1) {
		ret = run_forked(spec, cells, n, jobs, progress, ctx, rows);
	} else {
		for (u64 j = 0; j < n && !ret; j++) {
			ret = run_cell(spec, cells[j], &rows[j]);
			failed += rows[j].status != RUN_PASS && rows[j].status != RUN_XFAIL;
			if (progress)
				progress(ctx, j + 1, n, failed);
		}
	}
	free(cells);
	if (ret) {
		free(rows);
		return ret;
	}
	*rowsp = rows;
	*nrp = n;
	return 0;
}
