// SPDX-License-Identifier: MIT
/*
 * bench_replay.c - `xdnasim mm-replay` against the kernel's own drm_mm on
 * the same traces (`make bench`).
 *
 * Traces (seeded, written to DIR):
 *   plain      4 KiB alignment, sizes log-uniform in [4 KiB, 1 MiB], 100,000
 *              live nodes, then 400,000 remove + insert pairs (BEST)
 *   sliver10k  4 KiB nodes at 32 KiB alignment (the amdxdna pattern of
 *   sliver20k  docs/driver/heap.md §4): 10,000 / 20,000 live, then 10,000
 *              remove + insert pairs; the kernel's BEST walk tests every
 *              28 KiB sliver on every insert
 * Each trace runs through `xdnasim mm-replay` and through
 * bench/drm_mm/kreplay (the kernel's drivers/gpu/drm/drm_mm.c and
 * lib/rbtree.c built by bench/drm_mm/build.sh from an installed Debian
 * linux-source package); the two outputs must be byte-identical (every
 * offset and ENOSPC).  The figures are CPU seconds, the best of N runs, and
 * the speedup kernel / mm-replay is the median of N run-by-run ratios, the
 * two programs run in turn so that a slower spell of a shared machine hits
 * both (the quadratic kernel sliver runs: one run, its ratio to the best).
 * Without a linux-source package the kernel side is "skipped" in the JSON
 * and only mm-replay is timed.
 *
 * Usage: bench_replay [--out FILE.json] [--dir DIR] [--runs N] [--quick]
 */
#include "bench/util.h"
#include "common/parse.h"
#include "common/rand.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#ifndef XDNASIM_BIN
#error "XDNASIM_BIN: the xdnasim program (set by bench/CMakeLists.txt)"
#endif
#ifndef KREPLAY_BUILD
#error "KREPLAY_BUILD: bench/drm_mm/build.sh (set by bench/CMakeLists.txt)"
#endif

#define SEED 0x5eedULL

#define MAX_RUNS 31

struct trace {
	const char *name;
	u64 live;
	u64 pairs;
	u64 align;
	bool slivers;
	/* results */
	double mm_s;
	double kern_s;
	double speedup;			/* kernel / mm-replay */
	double each[MAX_RUNS];		/* the run-by-run ratios (plain traces) */
	bool identical;
};

static u64 draw_size(struct xrand *r, bool slivers)
{
	if (slivers)
		return 4096;
	return ((u64)exp2(12.0 + 8.0 * xrand_double(r)) + 4095) & ~4095ULL;
}

/*
 * A mixed trace (seed @seed, at most @live_max nodes, @ops lines): removes
 * of random live nodes and inserts of BEST, LOW and HIGH at alignments
 * 0, 3, 4 KiB, 8 KiB and 32 KiB, sizes from 1 byte to 128 KiB, in a range
 * too large to fill, so every insert succeeds and every remove names a node.
 */
static int write_mixed(const char *path, u64 seed, u64 live_max, u64 ops)
{
	static const u64 aligns[] = { 0, 0, 0, 3, SZ_4K, 2 * SZ_4K, SZ_32K, SZ_32K, SZ_32K };
	static const char *const modes[] = { "best", "best", "best", "best", "best", "best",
					     "best", "best", "low", "high" };
	FILE *f = fopen(path, "w");
	u64 *ids = malloc(live_max * sizeof(*ids)), n = 0, next = 1;
	struct xrand r;

	if (!f || !ids) {
		if (f)
			fclose(f);
		free(ids);
		return -ENOMEM;
	}
	xrand_seed(&r, seed);
	fprintf(f, "init 4096 17179869184\n");
	for (u64 i = 0; i < ops; i++) {
		if (n && (n == live_max || xrand_chance(&r, 45, 100))) {
			u64 k = xrand_below(&r, n);

			fprintf(f, "remove %llu\n", (unsigned long long)ids[k]);
			ids[k] = ids[--n];
			continue;
		}
		switch (xrand_below(&r, 4)) {
		case 0:
			fprintf(f, "insert %llu %llu", (unsigned long long)next,
				(unsigned long long)(xrand_range(&r, 1, 8) * SZ_4K));
			break;
		case 1:
			fprintf(f, "insert %llu %llu", (unsigned long long)next,
				(unsigned long long)(xrand_range(&r, 1, 40) * SZ_1K));
			break;
		case 2:
			fprintf(f, "insert %llu %llu", (unsigned long long)next,
				(unsigned long long)xrand_range(&r, 1, 300));
			break;
		default:
			fprintf(f, "insert %llu %llu", (unsigned long long)next,
				(unsigned long long)(xrand_range(&r, 1, 4) * SZ_32K));
			break;
		}
		fprintf(f, " %llu %s\n", (unsigned long long)aligns[xrand_below(&r, ARRAY_SIZE(aligns))],
			modes[xrand_below(&r, ARRAY_SIZE(modes))]);
		ids[n++] = next++;
	}
	free(ids);
	return fclose(f) ? -errno : 0;
}

static int write_trace(const char *path, const struct trace *t)
{
	FILE *f = fopen(path, "w");
	u64 *ids, next = 1;
	struct xrand r;

	if (!f)
		return -errno;
	ids = malloc(t->live * sizeof(*ids));
	if (!ids) {
		fclose(f);
		return -ENOMEM;
	}
	xrand_seed(&r, SEED + t->live);
	fprintf(f, "init 0 1099511627776\n");
	for (u64 i = 0; i < t->live; i++, next++) {
		ids[i] = next;
		fprintf(f, "insert %llu %llu %llu best\n", (unsigned long long)next,
			(unsigned long long)draw_size(&r, t->slivers), (unsigned long long)t->align);
	}
	for (u64 i = 0; i < t->pairs; i++, next++) {
		u64 k = xrand_below(&r, t->live);

		fprintf(f, "remove %llu\ninsert %llu %llu %llu best\n", (unsigned long long)ids[k],
			(unsigned long long)next, (unsigned long long)draw_size(&r, t->slivers),
			(unsigned long long)t->align);
		ids[k] = next;
	}
	free(ids);
	return fclose(f) ? -errno : 0;
}

/*
 * @runs runs of @a and @b in turn (stdout to @aout, @bout): each one's best
 * CPU seconds, and the median of the run-by-run ratios b / a in *@ratio
 * (each in @each[]).
 */
static int pairs_of(char *const a[], const char *aout, char *const b[], const char *bout,
		    int runs, double *abest, double *bbest, double *ratio, double *each)
{
	double v[MAX_RUNS];

	*abest = *bbest = INFINITY;
	for (int i = 0; i < runs; i++) {
		struct bench_child ca, cb;
		int ret = bench_spawn(a, aout, false, &ca);

		ret = ret ?: bench_spawn(b, bout, false, &cb);
		if (ret)
			return ret;
		*abest = ca.cpu_s < *abest ? ca.cpu_s : *abest;
		*bbest = cb.cpu_s < *bbest ? cb.cpu_s : *bbest;
		v[i] = each[i] = cb.cpu_s / ca.cpu_s;
	}
	*ratio = bench_median(v, runs);
	return 0;
}

/* Best CPU seconds of @runs runs of @argv, stdout to @out. */
static int best_of(char *const argv[], const char *out, int runs, double *best)
{
	*best = INFINITY;
	for (int i = 0; i < runs; i++) {
		struct bench_child c;
		int ret = bench_spawn(argv, out, false, &c);

		if (ret)
			return ret;
		if (c.cpu_s < *best)
			*best = c.cpu_s;
	}
	return 0;
}

/* Build the kernel harness; its path in @prog, or why not in @why. */
static bool build_kernel(const char *dir, char *prog, size_t len, char *why, size_t wlen)
{
	char kdir[4096], log[4096], *argv[] = { KREPLAY_BUILD, kdir, NULL };
	struct bench_child c;
	FILE *f;

	snprintf(kdir, sizeof(kdir), "%s/kernel", dir);
	snprintf(log, sizeof(log), "%s/kernel-build.out", dir);
	if (bench_spawn(argv, log, true, &c)) {
		snprintf(why, wlen, "bench/drm_mm/build.sh failed (see its messages above)");
		return false;
	}
	if (WEXITSTATUS(c.status) == 77) {
		snprintf(why, wlen, "no Debian linux-source package in /usr/src");
		return false;
	}
	f = fopen(log, "r");
	if (!f || !fgets(prog, (int)len, f)) {
		if (f)
			fclose(f);
		snprintf(why, wlen, "bench/drm_mm/build.sh printed no program");
		return false;
	}
	fclose(f);
	prog[strcspn(prog, "\n")] = 0;
	return true;
}

static void kernel_source(const char *dir, char *src, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel/source", dir);
	snprintf(src, len, "?");
	f = fopen(path, "r");
	if (f) {
		if (fgets(src, (int)len, f))
			src[strcspn(src, "\n")] = 0;
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	struct trace traces[] = {
		{ .name = "plain", .live = 100000, .pairs = 400000, .align = 4096 },
		{ .name = "sliver10k", .live = 10000, .pairs = 10000, .align = 32768, .slivers = true },
		{ .name = "sliver20k", .live = 20000, .pairs = 10000, .align = 32768, .slivers = true },
	};
	const char *out = NULL, *dir = "bench/replay";
	char kprog[4096], why[256] = "", src[128] = "";
	u64 runs = 5, nmixed = 8, mixed_ops = 0, mixed_bad = 0;
	bool quick = false, kernel;
	FILE *js;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_out_dir(argc, argv, &i, &out, &dir))
			continue;
		if (bench_opt(argc, argv, &i, "--runs", &arg) && !parse_u64(arg, &runs) &&
		    runs >= 1 && runs <= MAX_RUNS)
			continue;
		if (bench_opt(argc, argv, &i, "--mixed", &arg) && !parse_u64(arg, &nmixed) &&
		    nmixed <= 1000)
			continue;
		if (!strcmp(argv[i], "--quick")) {
			quick = true;
			continue;
		}
		fprintf(stderr, "usage: bench_replay [--out FILE.json] [--dir DIR] [--runs N] "
				"[--mixed N] [--quick]\n");
		return 2;
	}
	if (quick)
		for (size_t i = 0; i < ARRAY_SIZE(traces); i++)
			traces[i].live /= 10, traces[i].pairs /= 10;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "bench_replay: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	kernel = build_kernel(dir, kprog, sizeof(kprog), why, sizeof(why));
	if (kernel)
		kernel_source(dir, src, sizeof(src));
	else
		printf("bench_replay: kernel comparison skipped: %s\n", why);
	printf("mm-replay vs the kernel's drm_mm (%s), CPU seconds, best of %llu; speedup: median "
	       "of the runs in turn\n",
	       kernel ? src : "skipped", (unsigned long long)runs);
	printf("  %-10s %8s %8s %6s %10s %10s %8s %s\n", "trace", "live", "pairs", "align",
	       "mm-replay", "kernel", "ratio", "outputs");
	for (size_t i = 0; i < ARRAY_SIZE(traces); i++) {
		struct trace *t = &traces[i];
		char tpath[4096], mout[4096], kout[4096];
		char *margv[] = { XDNASIM_BIN, "mm-replay", tpath, NULL };
		char *kargv[] = { kprog, tpath, NULL };
		int ret;

		snprintf(tpath, sizeof(tpath), "%s/%s.trace", dir, t->name);
		snprintf(mout, sizeof(mout), "%s/%s.mm.out", dir, t->name);
		snprintf(kout, sizeof(kout), "%s/%s.kernel.out", dir, t->name);
		ret = write_trace(tpath, t);
		if (!ret && kernel && !t->slivers) {
			ret = pairs_of(margv, mout, kargv, kout, (int)runs, &t->mm_s, &t->kern_s,
				       &t->speedup, t->each);
		} else {
			ret = ret ?: best_of(margv, mout, (int)runs, &t->mm_s);
			/* the kernel's sliver walk is quadratic and steady: one run */
			if (!ret && kernel)
				ret = best_of(kargv, kout, 1, &t->kern_s);
			t->speedup = t->kern_s / t->mm_s;
		}
		if (ret) {
			fprintf(stderr, "bench_replay: %s failed\n", t->name);
			return 1;
		}
		t->identical = kernel && bench_files_equal(mout, kout);
		if (kernel)
			printf("  %-10s %8llu %8llu %6llu %10.3f %10.3f %7.2fx %s\n", t->name,
			       (unsigned long long)t->live, (unsigned long long)t->pairs,
			       (unsigned long long)t->align, t->mm_s, t->kern_s, t->speedup,
			       t->identical ? "identical" : "DIFFER");
		else
			printf("  %-10s %8llu %8llu %6llu %10.3f %10s %8s %s\n", t->name,
			       (unsigned long long)t->live, (unsigned long long)t->pairs,
			       (unsigned long long)t->align, t->mm_s, "-", "-", "-");
	}
	if (kernel)
		printf("  target: plain >= 1.5x the kernel: %.2fx %s (median of %llu run-by-run "
		       "ratios)\n", traces[0].speedup, traces[0].speedup >= 1.5 ? "met" : "NOT MET",
		       (unsigned long long)runs);
	/* untimed: mixed traces, every mode this kernel program reads, byte for byte */
	for (u64 m = 0; kernel && m < nmixed; m++) {
		char tpath[4096], mout[4096], kout[4096];
		char *margv[] = { XDNASIM_BIN, "mm-replay", tpath, NULL };
		char *kargv[] = { kprog, tpath, NULL };
		struct bench_child c;
		u64 ops = quick ? 10000 : 100000;
		int ret;

		snprintf(tpath, sizeof(tpath), "%s/mixed%llu.trace", dir, (unsigned long long)m);
		snprintf(mout, sizeof(mout), "%s/mixed%llu.mm.out", dir, (unsigned long long)m);
		snprintf(kout, sizeof(kout), "%s/mixed%llu.kernel.out", dir, (unsigned long long)m);
		ret = write_mixed(tpath, SEED + 1000 + m, 500 << (m % 7), ops);
		ret = ret ?: bench_spawn(margv, mout, false, &c);
		ret = ret ?: bench_spawn(kargv, kout, false, &c);
		if (ret) {
			fprintf(stderr, "bench_replay: mixed%llu failed\n", (unsigned long long)m);
			return 1;
		}
		mixed_ops += ops;
		if (!bench_files_equal(mout, kout)) {
			fprintf(stderr, "bench_replay: mixed%llu: mm-replay and the kernel differ (%s, %s)\n",
				(unsigned long long)m, mout, kout);
			mixed_bad++;
		}
	}
	if (kernel && nmixed)
		printf("  mixed: %llu traces of BEST/LOW/HIGH inserts and removes, %llu operations: %s\n",
		       (unsigned long long)nmixed, (unsigned long long)mixed_ops,
		       mixed_bad ? "DIFFER" : "identical");
	if (out) {
		js = fopen(out, "w");
		if (!js) {
			fprintf(stderr, "bench_replay: cannot write %s: %s\n", out, strerror(errno));
			return 1;
		}
		fprintf(js, "{\n  \"benchmark\": \"replay\",\n  \"runs_per_figure\": %llu,\n",
			(unsigned long long)runs);
		if (kernel)
			fprintf(js, "  \"kernel\": {\"status\": \"ok\", \"source\": \"%s\"},\n", src);
		else
			fprintf(js, "  \"kernel\": {\"status\": \"skipped\", \"why\": \"%s\"},\n", why);
		fprintf(js, "  \"traces\": [\n");
		for (size_t i = 0; i < ARRAY_SIZE(traces); i++) {
			const struct trace *t = &traces[i];

			fprintf(js, "    {\"name\": \"%s\", \"live\": %llu, \"pairs\": %llu, "
				    "\"align\": %llu, \"mm_replay_cpu_s\": %.3f", t->name,
				(unsigned long long)t->live, (unsigned long long)t->pairs,
				(unsigned long long)t->align, t->mm_s);
			if (kernel)
				fprintf(js, ", \"kernel_cpu_s\": %.3f, \"speedup\": %.3f, "
					    "\"outputs_identical\": %s", t->kern_s, t->speedup,
					t->identical ? "true" : "false");
			if (kernel && !t->slivers) {
				fprintf(js, ", \"speedup_each\": [");
				for (u64 k = 0; k < runs; k++)
					fprintf(js, "%s%.3f", k ? ", " : "", t->each[k]);
				fprintf(js, "]");
			}
			fprintf(js, "}%s\n", i + 1 < ARRAY_SIZE(traces) ? "," : "");
		}
		fprintf(js, "  ],\n");
		if (kernel)
			fprintf(js, "  \"mixed\": {\"traces\": %llu, \"operations\": %llu, "
				    "\"identical\": %s},\n", (unsigned long long)nmixed,
				(unsigned long long)mixed_ops, mixed_bad ? "false" : "true");
		fprintf(js, "  \"targets\": {\"plain_speedup_min\": 1.5}\n}\n");
		if (fclose(js))
			return 1;
	}
	if (mixed_bad)
		return 1;
	for (size_t i = 0; kernel && i < ARRAY_SIZE(traces); i++)
		if (!traces[i].identical) {
			fprintf(stderr, "bench_replay: %s: mm-replay and the kernel differ\n",
				traces[i].name);
			return 1;
		}
	return 0;
}
