// SPDX-License-Identifier: MIT
/*
 * bench_scale.c - the scenario runner at trace scale (`make bench`).
 *
 * A churn scenario of 1,000,000 operations (free one random pool BO,
 * allocate one, submit a job on the instance's hwctx), with 2,000 and with
 * 20,000 live DEV BOs, each run as `xdnasim run --quiet --json` in a child
 * process.  20,000 BOs of at least one 32 KiB slot do not fit one npu4
 * heap (512 MiB = 16,384 slots), so both runs spread their BOs over two
 * client instances with one hwctx each.  For each: CPU seconds (user +
 * system of the child), operations per CPU second, peak RSS, the size of
 * the JSON report, and the CPU seconds and size of `xdnasim report --html`
 * on it.  Then `xdnasim mm-replay` on a trace of the same shape (the same
 * live count, size distribution, 32 KiB alignment and operation count:
 * BEST inserts and removes of random nodes): the ratio of the scenario's
 * throughput to the bare allocator's.  The targets of issue 14 are printed
 * with each figure.
 *
 * On a shared machine one run of each size says little about their ratio:
 * the runs (scenario and mm-replay) are repeated --runs times (default 3),
 * 2k and 20k in turn, and the figures are medians: of each size's CPU
 * seconds and of the pairwise ratios 20k/2k.  Every run is in the JSON.
 *
 * Usage: bench_scale [--out FILE.json] [--ops N] [--dir DIR] [--runs N]
 * The programs run are the xdnasim built next to this benchmark.
 */
#include "bench/util.h"
#include "common/parse.h"
#include "common/rand.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef XDNASIM_BIN
#error "XDNASIM_BIN: the xdnasim program (set by bench/CMakeLists.txt)"
#endif

#define SEED 14
#define MIN_SIZE 1024.0
#define MAX_SIZE 40960.0

static long dir_size(const char *path)
{
	char p[8192];
	struct dirent *e;
	long sum = 0;
	DIR *d = opendir(path);

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%.4000s/%.255s", path, e->d_name) >= sizeof(p))
			continue;
		sum += bench_file_size(p);
	}
	closedir(d);
	return sum;
}

/* The churn scenario: @inst instances of @live pool BOs each, @iters rounds. */
static int write_scenario(const char *path, u32 inst, u64 live, u64 iters)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "xdnasim: 1\nname: churn_%llux%llu\ndevice: npu4\nseed: %d\n"
		   "clients:\n  - name: app\n    instances: %u\n    steps:\n"
		   "      - open\n      - hwctx_create: ctx0\n"
		   "      - alloc: {label: instr, size: 8KiB}\n"
		   "      - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 40KiB}}, "
		   "count: %llu}\n"
		   "      - repeat:\n          count: %llu\n          steps:\n"
		   "            - free: {fraction: %.9f, pattern: \"pool*\"}\n"
		   "            - alloc: {label: pool, size: {log_uniform: {min: 1KiB, max: 40KiB}}}\n"
		   "            - exec: {hwctx: ctx0, bos: [instr]}\n",
		(unsigned long long)inst, (unsigned long long)live, SEED, inst,
		(unsigned long long)live, (unsigned long long)iters, 1.0001 / (double)live);
	return fclose(f) ? -errno : 0;
}

static u64 draw_size(struct xrand *r)
{
	double v = exp2(log2(MIN_SIZE) + (log2(MAX_SIZE) - log2(MIN_SIZE)) * xrand_double(r));

	return ((u64)v + 4095) & ~4095ULL;
}

/* The same shape for mm-replay: @live BEST inserts at 32 KiB, then remove + insert pairs. */
static int write_trace(const char *path, u64 live, u64 ops)
{
	FILE *f = fopen(path, "w");
	struct xrand r;
	u64 *ids, next = 1;

	if (!f)
		return -errno;
	ids = malloc(live * sizeof(*ids));
	if (!ids) {
		fclose(f);
		return -ENOMEM;
	}
	xrand_seed(&r, SEED);
	fprintf(f, "init 67108864 536870912\n");
	for (u64 i = 0; i < live; i++, next++) {
		ids[i] = next;
		fprintf(f, "insert %llu %llu 32768 best\n", (unsigned long long)next,
			(unsigned long long)draw_size(&r));
	}
	for (u64 n = live; n + 2 <= ops; n += 2, next++) {
		u64 k = xrand_below(&r, live);

		fprintf(f, "remove %llu\ninsert %llu %llu 32768 best\n",
			(unsigned long long)ids[k], (unsigned long long)next,
			(unsigned long long)draw_size(&r));
		ids[k] = next;
	}
	free(ids);
	return fclose(f) ? -errno : 0;
}

#define MAX_RUNS 15

struct result {
	u64 live;
	u64 ops;
	char yaml[4096], json[4096], html_dir[4096], rep[4096], trace[4096];
	struct bench_child run[MAX_RUNS];	/* the scenario, run after run */
	struct bench_child mm[MAX_RUNS];	/* mm-replay, run after run */
	double run_cpu_s, mm_cpu_s;		/* medians */
	long rss_kib;				/* largest of the runs */
	long json_bytes;
	struct bench_child html;
	long html_bytes;
	u64 mm_ops;
};

/* Write the scenario and the trace of @live BOs. */
static int prepare(const char *dir, u64 live, u64 ops, struct result *res)
{
	u32 inst = 2;
	u64 per = live / inst, iters = (ops - inst * (4 + 0)) / (3 * inst);
	int ret;

	res->live = live;
	snprintf(res->yaml, sizeof(res->yaml), "%s/churn_%llu.yaml", dir, (unsigned long long)live);
	snprintf(res->json, sizeof(res->json), "%s/churn_%llu.json", dir, (unsigned long long)live);
	snprintf(res->html_dir, sizeof(res->html_dir), "%s/churn_%llu_html", dir, (unsigned long long)live);
	snprintf(res->rep, sizeof(res->rep), "%s/churn_%llu_report.json", dir,
		 (unsigned long long)live);
	snprintf(res->trace, sizeof(res->trace), "%s/churn_%llu.trace", dir,
		 (unsigned long long)live);
	res->ops = inst * (4 + 3 * iters);
	ret = write_scenario(res->yaml, inst, per, iters);
	ret = ret ?: write_trace(res->trace, per, res->ops / inst);
	res->mm_ops = per + 2 * ((res->ops / inst - per) / 2);
	return ret;
}

/* Run @k of the scenario and of mm-replay. */
static int run_once(struct result *res, int k)
{
	char *run[] = { XDNASIM_BIN, "run", "--quiet", "--json", res->json, res->yaml, NULL };
	char *mm[] = { XDNASIM_BIN, "mm-replay", res->trace, NULL };
	int ret = bench_spawn(run, NULL, false, &res->run[k]);

	if (res->run[k].rss_kib > res->rss_kib)
		res->rss_kib = res->run[k].rss_kib;
	return ret ?: bench_spawn(mm, NULL, false, &res->mm[k]);
}

/* The report of the last run, as HTML. */
static int report(struct result *res)
{
	char *argv[] = { XDNASIM_BIN, "report", res->json, "-o", res->rep, "--html", res->html_dir, NULL };
	int ret = bench_spawn(argv, NULL, false, &res->html);

	res->json_bytes = bench_file_size(res->json);
	res->html_bytes = dir_size(res->html_dir);
	return ret;
}

static const char *met(bool ok)
{
	return ok ? "met" : "NOT MET";
}

int main(int argc, char **argv)
{
	const char *out = NULL, *dir = "bench/scale";
	u64 ops = 1000000, nruns = 3;
	static struct result r[2];
	double thr[2], mm_thr[2], ratio[2], scale, mm_scale, v[MAX_RUNS], pair[MAX_RUNS],
		mm_pair[MAX_RUNS];
	FILE *js;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_out_dir(argc, argv, &i, &out, &dir))
			continue;
		if (bench_opt(argc, argv, &i, "--ops", &arg) && !parse_u64(arg, &ops))
			continue;
		if (bench_opt(argc, argv, &i, "--runs", &arg) && !parse_u64(arg, &nruns) &&
		    nruns >= 1 && nruns <= MAX_RUNS)
			continue;
		fprintf(stderr, "usage: bench_scale [--out FILE.json] [--ops N] [--dir DIR] "
				"[--runs 1..%d]\n", MAX_RUNS);
		return 2;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "bench_scale: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		if (prepare(dir, i ? 20000 : 2000, ops, &r[i])) {
			fprintf(stderr, "bench_scale: cannot write the %s-live inputs\n", i ? "20k" : "2k");
			return 1;
		}
	}
	/* 2k and 20k in turn, so that a slower spell of the machine hits both */
	for (int k = 0; k < (int)nruns; k++) {
		for (int i = 0; i < 2; i++) {
			if (run_once(&r[i], k)) {
				fprintf(stderr, "bench_scale: the %s-live run failed\n", i ? "20k" : "2k");
				return 1;
			}
		}
		pair[k] = r[1].run[k].cpu_s / r[0].run[k].cpu_s;
		mm_pair[k] = r[1].mm[k].cpu_s / r[0].mm[k].cpu_s;
	}
	for (int i = 0; i < 2; i++) {
		if (report(&r[i])) {
			fprintf(stderr, "bench_scale: report --html on the %s-live run failed\n",
				i ? "20k" : "2k");
			return 1;
		}
		for (int k = 0; k < (int)nruns; k++)
			v[k] = r[i].run[k].cpu_s;
		r[i].run_cpu_s = bench_median(v, (int)nruns);
		for (int k = 0; k < (int)nruns; k++)
			v[k] = r[i].mm[k].cpu_s;
		r[i].mm_cpu_s = bench_median(v, (int)nruns);
		thr[i] = (double)r[i].ops / r[i].run_cpu_s;
		mm_thr[i] = (double)r[i].mm_ops / r[i].mm_cpu_s;
		ratio[i] = thr[i] / mm_thr[i];
	}
	scale = bench_median(pair, (int)nruns);
	/* the bare allocator on the same shapes: how much of the growth is its own */
	mm_scale = bench_median(mm_pair, (int)nruns);
	printf("scenario runner at trace scale (CPU seconds of each child process; medians of %d "
	       "runs each, 2k and 20k in turn)\n", (int)nruns);
	printf("  %6s %9s %8s %11s %9s %10s %8s %9s %11s %7s\n", "live", "ops", "cpu s",
	       "ops/cpu-s", "rss MiB", "json MiB", "html s", "html MiB", "mm ops/s", "ratio");
	for (int i = 0; i < 2; i++)
		printf("  %6llu %9llu %8.2f %11.0f %9.1f %10.2f %8.2f %9.2f %11.0f %7.3f\n",
		       (unsigned long long)r[i].live, (unsigned long long)r[i].ops, r[i].run_cpu_s,
		       thr[i], r[i].rss_kib / 1024.0, r[i].json_bytes / 1048576.0,
		       r[i].html.cpu_s, r[i].html_bytes / 1048576.0, mm_thr[i], ratio[i]);
	printf("  targets: scenario/mm-replay throughput >= 0.2: %.3f, %.3f %s\n", ratio[0], ratio[1],
	       met(ratio[0] >= 0.2 && ratio[1] >= 0.2));
	printf("           20k-live time / 2k-live time <= 1.3: %.2f %s "
	       "(median of the pairs; mm-replay on the same shapes: %.2f)\n", scale,
	       met(scale <= 1.3), mm_scale);
	for (int i = 0; i < 2; i++)
		printf("           %llu live: peak RSS <= 64 MiB: %.1f %s; JSON <= 8 MiB: %.2f %s; "
		       "report --html <= 2 s: %.2f %s; HTML < 5 MB: %.2f %s\n",
		       (unsigned long long)r[i].live, r[i].rss_kib / 1024.0,
		       met(r[i].rss_kib <= 64 * 1024), r[i].json_bytes / 1048576.0,
		       met(r[i].json_bytes <= 8L << 20), r[i].html.cpu_s, met(r[i].html.cpu_s <= 2.0),
		       r[i].html_bytes / 1e6, met(r[i].html_bytes < 5000000));
	if (!out)
		return 0;
	js = fopen(out, "w");
	if (!js) {
		fprintf(stderr, "bench_scale: cannot write %s: %s\n", out, strerror(errno));
		return 1;
	}
	fprintf(js, "{\n  \"benchmark\": \"scale\",\n  \"runs_per_size\": %d,\n  \"runs\": [\n",
		(int)nruns);
	for (int i = 0; i < 2; i++) {
		fprintf(js,
			"    {\"live\": %llu, \"instances\": 2, \"ops\": %llu, \"cpu_s\": %.3f, "
			"\"ops_per_cpu_s\": %.0f, \"peak_rss_kib\": %ld, \"json_bytes\": %ld, "
			"\"html_cpu_s\": %.3f, \"html_bytes\": %ld, \"html_peak_rss_kib\": %ld, "
			"\"mm_replay_ops\": %llu, \"mm_replay_cpu_s\": %.3f, "
			"\"mm_replay_ops_per_cpu_s\": %.0f, \"throughput_ratio\": %.4f,\n"
			"     \"cpu_s_each\": [",
			(unsigned long long)r[i].live, (unsigned long long)r[i].ops, r[i].run_cpu_s,
			thr[i], r[i].rss_kib, r[i].json_bytes, r[i].html.cpu_s, r[i].html_bytes,
			r[i].html.rss_kib, (unsigned long long)r[i].mm_ops, r[i].mm_cpu_s, mm_thr[i],
			ratio[i]);
		for (int k = 0; k < (int)nruns; k++)
			fprintf(js, "%s%.3f", k ? ", " : "", r[i].run[k].cpu_s);
		fprintf(js, "], \"mm_replay_cpu_s_each\": [");
		for (int k = 0; k < (int)nruns; k++)
			fprintf(js, "%s%.3f", k ? ", " : "", r[i].mm[k].cpu_s);
		fprintf(js, "]}%s\n", i ? "" : ",");
	}
	fprintf(js, "  ],\n  \"time_ratio_20k_over_2k\": %.3f,\n  \"time_ratio_each\": [", scale);
	for (int k = 0; k < (int)nruns; k++)
		fprintf(js, "%s%.3f", k ? ", " : "", r[1].run[k].cpu_s / r[0].run[k].cpu_s);
	fprintf(js, "],\n  \"mm_replay_time_ratio_20k_over_2k\": %.3f,\n  \"targets\": {\n"
		    "    \"throughput_ratio_min\": 0.2, \"time_ratio_max\": 1.3, "
		    "\"peak_rss_kib_max\": 65536,\n    \"json_bytes_max\": 8388608, "
		    "\"html_cpu_s_max\": 2.0, \"html_bytes_max\": 5000000\n  }\n}\n", mm_scale);
	return fclose(js) ? 1 : 0;
}
