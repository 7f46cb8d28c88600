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
 * Usage: bench_scale [--out FILE.json] [--ops N] [--dir DIR]
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

struct result {
	u64 live;
	u64 ops;
	struct bench_child run;
	long json_bytes;
	struct bench_child html;
	long html_bytes;
	struct bench_child mm;
	u64 mm_ops;
};

static int measure(const char *dir, u64 live, u64 ops, struct result *res)
{
	char yaml[4096], json[4096], html[4096], rep[4096], trace[4096];
	u32 inst = 2;
	u64 per = live / inst, iters = (ops - inst * (4 + 0)) / (3 * inst);
	int ret;

	res->live = live;
	snprintf(yaml, sizeof(yaml), "%s/churn_%llu.yaml", dir, (unsigned long long)live);
	snprintf(json, sizeof(json), "%s/churn_%llu.json", dir, (unsigned long long)live);
	snprintf(html, sizeof(html), "%s/churn_%llu_html", dir, (unsigned long long)live);
	snprintf(rep, sizeof(rep), "%s/churn_%llu_report.json", dir, (unsigned long long)live);
	snprintf(trace, sizeof(trace), "%s/churn_%llu.trace", dir, (unsigned long long)live);
	res->ops = inst * (4 + 3 * iters);
	ret = write_scenario(yaml, inst, per, iters);
	ret = ret ?: write_trace(trace, per, res->ops / inst);
	if (ret)
		return ret;
	res->mm_ops = per + 2 * ((res->ops / inst - per) / 2);
	{
		char *argv[] = { XDNASIM_BIN, "run", "--quiet", "--json", json, yaml, NULL };

		ret = bench_spawn(argv, NULL, false, &res->run);
	}
	if (!ret) {
		char *argv[] = { XDNASIM_BIN, "report", json, "-o", rep, "--html", html, NULL };

		ret = bench_spawn(argv, NULL, false, &res->html);
	}
	if (!ret) {
		char *argv[] = { XDNASIM_BIN, "mm-replay", trace, NULL };

		ret = bench_spawn(argv, NULL, false, &res->mm);
	}
	res->json_bytes = bench_file_size(json);
	res->html_bytes = dir_size(html);
	return ret;
}

static const char *met(bool ok)
{
	return ok ? "met" : "NOT MET";
}

int main(int argc, char **argv)
{
	const char *out = NULL, *dir = "bench/scale";
	u64 ops = 1000000;
	struct result r[2];
	double thr[2], mm_thr[2], ratio[2], scale, mm_scale;
	FILE *js;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_out_dir(argc, argv, &i, &out, &dir))
			continue;
		if (bench_opt(argc, argv, &i, "--ops", &arg) && !parse_u64(arg, &ops))
			continue;
		fprintf(stderr, "usage: bench_scale [--out FILE.json] [--ops N] [--dir DIR]\n");
		return 2;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "bench_scale: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		if (measure(dir, i ? 20000 : 2000, ops, &r[i])) {
			fprintf(stderr, "bench_scale: the %s-live run failed\n", i ? "20k" : "2k");
			return 1;
		}
		thr[i] = (double)r[i].ops / r[i].run.cpu_s;
		mm_thr[i] = (double)r[i].mm_ops / r[i].mm.cpu_s;
		ratio[i] = thr[i] / mm_thr[i];
	}
	scale = r[1].run.cpu_s / r[0].run.cpu_s;
	/* the bare allocator on the same shapes: how much of the growth is its own */
	mm_scale = r[1].mm.cpu_s / r[0].mm.cpu_s;
	printf("scenario runner at trace scale (CPU seconds of each child process)\n");
	printf("  %6s %9s %8s %11s %9s %10s %8s %9s %11s %7s\n", "live", "ops", "cpu s",
	       "ops/cpu-s", "rss MiB", "json MiB", "html s", "html MiB", "mm ops/s", "ratio");
	for (int i = 0; i < 2; i++)
		printf("  %6llu %9llu %8.2f %11.0f %9.1f %10.2f %8.2f %9.2f %11.0f %7.3f\n",
		       (unsigned long long)r[i].live, (unsigned long long)r[i].ops, r[i].run.cpu_s,
		       thr[i], r[i].run.rss_kib / 1024.0, r[i].json_bytes / 1048576.0,
		       r[i].html.cpu_s, r[i].html_bytes / 1048576.0, mm_thr[i], ratio[i]);
	printf("  targets: scenario/mm-replay throughput >= 0.2: %.3f, %.3f %s\n", ratio[0], ratio[1],
	       met(ratio[0] >= 0.2 && ratio[1] >= 0.2));
	printf("           20k-live time / 2k-live time <= 1.3: %.2f %s "
	       "(mm-replay on the same shapes: %.2f)\n", scale, met(scale <= 1.3), mm_scale);
	for (int i = 0; i < 2; i++)
		printf("           %llu live: peak RSS <= 64 MiB: %.1f %s; JSON <= 8 MiB: %.2f %s; "
		       "report --html <= 2 s: %.2f %s; HTML < 5 MB: %.2f %s\n",
		       (unsigned long long)r[i].live, r[i].run.rss_kib / 1024.0,
		       met(r[i].run.rss_kib <= 64 * 1024), r[i].json_bytes / 1048576.0,
		       met(r[i].json_bytes <= 8L << 20), r[i].html.cpu_s, met(r[i].html.cpu_s <= 2.0),
		       r[i].html_bytes / 1e6, met(r[i].html_bytes < 5000000));
	if (!out)
		return 0;
	js = fopen(out, "w");
	if (!js) {
		fprintf(stderr, "bench_scale: cannot write %s: %s\n", out, strerror(errno));
		return 1;
	}
	fprintf(js, "{\n  \"benchmark\": \"scale\",\n  \"runs\": [\n");
	for (int i = 0; i < 2; i++)
		fprintf(js,
			"    {\"live\": %llu, \"instances\": 2, \"ops\": %llu, \"cpu_s\": %.3f, "
			"\"ops_per_cpu_s\": %.0f, \"peak_rss_kib\": %ld, \"json_bytes\": %ld, "
			"\"html_cpu_s\": %.3f, \"html_bytes\": %ld, \"html_peak_rss_kib\": %ld, "
			"\"mm_replay_ops\": %llu, \"mm_replay_cpu_s\": %.3f, "
			"\"mm_replay_ops_per_cpu_s\": %.0f, \"throughput_ratio\": %.4f}%s\n",
			(unsigned long long)r[i].live, (unsigned long long)r[i].ops, r[i].run.cpu_s,
			thr[i], r[i].run.rss_kib, r[i].json_bytes, r[i].html.cpu_s, r[i].html_bytes,
			r[i].html.rss_kib, (unsigned long long)r[i].mm_ops, r[i].mm.cpu_s, mm_thr[i],
			ratio[i], i ? "" : ",");
	fprintf(js, "  ],\n  \"time_ratio_20k_over_2k\": %.3f,\n"
		    "  \"mm_replay_time_ratio_20k_over_2k\": %.3f,\n  \"targets\": {\n"
		    "    \"throughput_ratio_min\": 0.2, \"time_ratio_max\": 1.3, "
		    "\"peak_rss_kib_max\": 65536,\n    \"json_bytes_max\": 8388608, "
		    "\"html_cpu_s_max\": 2.0, \"html_bytes_max\": 5000000\n  }\n}\n", scale, mm_scale);
	return fclose(js) ? 1 : 0;
}
