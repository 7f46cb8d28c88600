// SPDX-License-Identifier: MIT
/*
 * bench_explore.c - the interleaving explorer (`make bench`,
 * docs/explore.md "Benchmarks").
 *
 * N client threads (2 and 3), each: open, hwctx_create, alloc 4 KiB, exec,
 * close (8 segments: the close is four, its postclose split at its
 * dev_lock drop), explored at preemption bounds 1,
 * 2 and 3, with and without partial-order reduction.  For each: schedules
 * run, states visited, CPU seconds, schedules per CPU second.  The clients'
 * hwctx creations and postcloses share the context table, so they do not
 * commute; their heap work does.  Capped at --max schedules per case (the
 * JSON says when a case was cut).
 *
 * Usage: bench_explore [--out FILE.json] [--max N]
 */
#include "scenarios/explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/util.h"
#include "common/parse.h"

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct row {
	u32 threads, bound;
	bool por;
	u64 schedules, states;
	double cpu_s;
	bool cut;
};

int main(int argc, char **argv)
{
	static const char *const fmt =
		"xdnasim: 1\n"
		"mode: iova\n"
		"clients:\n"
		"  - name: c\n"
		"    instances: %u\n"
		"    steps:\n"
		"      - open\n"
		"      - hwctx_create: {name: x, cu: none}\n"
		"      - alloc: {label: A, size: 4KiB}\n"
		"      - exec: {hwctx: x, expect: any}\n"
		"      - close\n";
	const char *out = NULL;
	u64 max = 200000;
	struct row rows[12];
	u32 nr = 0;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_opt(argc, argv, &i, "--out", &out))
			continue;
		if (bench_opt(argc, argv, &i, "--max", &arg)) {
			if (parse_u64(arg, &max) || !max) {
				fprintf(stderr, "bench_explore: bad --max\n");
				return 2;
			}
		} else {
			fprintf(stderr, "usage: bench_explore [--out FILE.json] [--max N]\n");
			return 2;
		}
	}
	for (u32 n = 2; n <= 3; n++) {
		char yaml[512];
		struct scn_error err;
		struct scn *s;

		snprintf(yaml, sizeof(yaml), fmt, n);
		if (scn_load_buffer(yaml, strlen(yaml), "bench.yaml", run_vocab(), &s, &err)) {
			fprintf(stderr, "bench_explore: %s\n", err.text);
			return 1;
		}
		for (u32 b = 1; b <= 3; b++) {
			for (int por = 1; por >= 0; por--) {
				struct explore_opts o = { .bound = b, .no_por = !por, .max_schedules = max };
				struct explore_result r;
				struct row *w = &rows[nr++];
				double t0 = cpu_now();
				int ret = explore_scenario(s, &o, &r);

				w->cpu_s = cpu_now() - t0;
				if (ret || r.found) {
					fprintf(stderr, "bench_explore: %u threads bound %u: %s\n", n, b,
						ret ? "error" : r.why);
					return 1;
				}
				w->threads = n;
				w->bound = b;
				w->por = por;
				w->schedules = r.st.schedules;
				w->states = r.st.states;
				w->cut = !r.complete;
				printf("explore: %u threads, bound %u, POR %-3s: %8llu schedules, %9llu states, "
				       "%7.3f s CPU, %9.0f schedules/s%s\n", n, b, por ? "on" : "off",
				       (unsigned long long)w->schedules, (unsigned long long)w->states,
				       w->cpu_s, w->cpu_s > 0 ? (double)w->schedules / w->cpu_s : 0.0,
				       w->cut ? " (cut at --max)" : "");
				explore_result_free(&r);
			}
		}
		scn_free(s);
	}
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"schema\": 1,\n  \"bench\": \"explore\",\n  \"segments_per_thread\": 7,\n"
		"  \"runs\": [\n");
	for (u32 i = 0; i < nr; i++)
		fprintf(f,
			"    {\"threads\": %u, \"bound\": %u, \"por\": %s, \"schedules\": %llu, "
			"\"states\": %llu, \"cpu_s\": %.6f, \"schedules_per_s\": %.1f, \"cut\": %s}%s\n",
			rows[i].threads, rows[i].bound, rows[i].por ? "true" : "false",
			(unsigned long long)rows[i].schedules, (unsigned long long)rows[i].states,
			rows[i].cpu_s, rows[i].cpu_s > 0 ? (double)rows[i].schedules / rows[i].cpu_s : 0.0,
			rows[i].cut ? "true" : "false", i + 1 < nr ? "," : "");
	fprintf(f, "  ]\n}\n");
	return fclose(f) ? 1 : 0;
}
