// SPDX-License-Identifier: MIT
/*
 * bench_sim - full-stack DEV BO churn: shim allocation (CREATE_BO + GET_BO_INFO
 * with the expand-and-retry loop) and GEM_CLOSE, through the driver model,
 * with four hwctxs attached whose firmware contexts hold both chunks
 * (update_heap walks them on every creation).  Reported: alloc+free pairs
 * per second on one core, with the event log off and with a 64 Ki-record
 * ring; once attached, HEAD sends no firmware message per DEV BO, so a
 * fourth run adds one command per pair (CHAIN_EXEC_NPU through the user
 * channel, the ERT reading the command list and the BO through the IOMMU).  Wall-clock time is measured here only; the simulator itself runs
 * on simulated time.
 *
 * Usage: bench_sim [--out FILE.json] [--pairs N]
 */
#include "sim/sim.h"
#include "bench/util.h"
#include "common/parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct run {
	const char *name;
	const char *rev;
	bool events;
	bool exec;			/* also run one command on the BO per pair */
	u64 pairs;
	double secs;
	u64 msgs;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run_one(struct run *r, int design)
{
	struct sim_config cfg;
	struct sim_result res;
	struct sim *sim;
	u32 c, hs[4], held[8];
	double t0;
	int ret;

	sim_config_default(&cfg);
	cfg.rev = design;
	cfg.events_off = !r->events;
	cfg.event_limit = 65536;
	ret = sim_create(&cfg, &sim);
	if (ret)
		return ret;
	ret = sim_shim_open(sim, &res);
	if (ret)
		goto out;
	c = res.handle;
	for (int i = 0; i < 4 && !ret; i++) {
		ret = sim_hwctx_create(sim, c, 4, &res);
		hs[i] = res.handle;
	}
	/* grow to two chunks and keep a few BOs live so holes exist */
	if (!ret)
		ret = sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &res);
	for (int i = 0; i < 8 && !ret; i++) {
		ret = sim_shim_alloc_dev_bo(sim, c, 0x3000, &res);
		held[i] = res.handle;
	}
	for (int i = 0; i < 4 && !ret; i++)
		ret = sim_config_cu(sim, c, hs[i], &held[i], 1, &res);
	if (ret)
		goto out;
	t0 = now_s();
	for (u64 i = 0; i < r->pairs; i++) {
		ret = sim_shim_alloc_dev_bo(sim, c, 0x1000 + (i & 7) * 0x1000, &res);
		if (!ret && r->exec) {
			struct sim_exec_desc cmd = { .naddr = 1, .addrs = &res.addr };
			struct sim_result er;

			ret = sim_exec(sim, c, hs[i & 3], &cmd, &er);
			if (!ret && er.state != 4)
				ret = -EIO;
			r->msgs += er.msgs;
		}
		if (!ret)
			ret = sim_gem_close(sim, c, res.handle);
		if (ret)
			goto out;
		r->msgs += res.msgs;
	}
	r->secs = now_s() - t0;
	for (int i = 0; i < 8; i++)
		sim_gem_close(sim, c, held[i]);
	ret = sim_check(sim, NULL);
out:
	sim_destroy(sim);
	return ret;
}

int main(int argc, char **argv)
{
	struct run runs[] = {
		{ "head_events_off", "head", false, false, 0, 0, 0 },
		{ "head_events_on", "head", true, false, 0, 0, 0 },
		{ "pr1233_events_off", "pr1233", false, false, 0, 0, 0 },
		{ "head_with_exec", "head", false, true, 0, 0, 0 },
	};
	const char *out = NULL;
	u64 pairs = 2000000;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_opt(argc, argv, &i, "--out", &out))
			continue;
		if (bench_opt(argc, argv, &i, "--pairs", &arg)) {
			if (parse_u64(arg, &pairs) || !pairs) {
				fprintf(stderr, "bench_sim: bad --pairs\n");
				return 2;
			}
		} else {
			fprintf(stderr, "usage: bench_sim [--out FILE.json] [--pairs N]\n");
			return 2;
		}
	}
	printf("%-20s %12s %10s %16s %8s\n", "run", "pairs", "seconds", "pairs/second",
	       "fw msgs");
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		int ret;

		runs[i].pairs = pairs;
		ret = run_one(&runs[i], strcmp(runs[i].rev, "head") ? REV_PR1233 :
									  REV_856409CA);
		if (ret) {
			fprintf(stderr, "bench_sim: %s failed: %d\n", runs[i].name, ret);
			return 1;
		}
		printf("%-20s %12llu %10.3f %16.0f %8llu\n", runs[i].name,
		       (unsigned long long)runs[i].pairs, runs[i].secs,
		       runs[i].pairs / runs[i].secs, (unsigned long long)runs[i].msgs);
	}
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"schema\": 1,\n  \"bench\": \"sim\",\n  \"hwctxs\": 4,\n  \"runs\": [\n");
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++)
		fprintf(f,
			"    {\"name\": \"%s\", \"design\": \"%s\", \"events\": %s, "
			"\"pairs\": %llu, \"seconds\": %.6f, \"pairs_per_second\": %.0f}%s\n",
			runs[i].name, runs[i].rev, runs[i].events ? "true" : "false",
			(unsigned long long)runs[i].pairs, runs[i].secs,
			runs[i].pairs / runs[i].secs, i + 1 < ARRAY_SIZE(runs) ? "," : "");
	fprintf(f, "  ]\n}\n");
	fclose(f);
	return 0;
}
