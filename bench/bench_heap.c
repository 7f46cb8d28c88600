// SPDX-License-Identifier: MIT
/*
 * bench_heap.c - cost of the device heap in both designs.
 *
 *   storm: 4 KiB DEV BOs through the shim's expand-and-retry loop until the
 *          512 MiB heap is full (16384 BOs in 32 KiB slots): wall time per
 *          allocation and the kernel's BEST-walk search cost, which grows
 *          with the number of 28 KiB holes.
 *   churn: seeded random alloc/free of 4 KiB..512 KiB BOs (2048 slots).
 *
 * Usage: bench_heap [--out FILE.json] [--seed N].  Prints a table; writes JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc/heap.h"
#include "alloc/heap_metrics.h"
#include "bench/util.h"
#include "common/parse.h"
#include "common/rand.h"

#define STORM_BOS 16384
#define CHURN_SLOTS 2048
#define CHURN_OPS 400000

struct result {
	const char *workload;
	const char *rev;
	u64 ops;
	double seconds;
	u64 expansions;
	u64 search_total;
	u64 search_max;
	u64 align_waste;
	u64 failures;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct heap *make_heap(enum drv_rev d)
{
	struct heap_config cfg = { .profile = heap_profile_find("npu4"),
				   .rev = d,
				   .mode = ADDR_CARVEOUT };
	struct heap *h = NULL;

	if (heap_create(&cfg, &h) || heap_chunk_add(h, SZ_64M, NULL))
		exit(1);
	/* The PR design needs chunk 0 mapped in every mode. */
	heap_chunk_set_uva(h, 0, 0x7f0000000000ULL);
	return h;
}

static int shim_alloc(struct heap *h, struct heap_bo *bo, u64 size)
{
	for (;;) {
		u32 idx;
		int err = heap_bo_alloc(h, bo, size);

		if (err != -EAGAIN || heap_committed(h) >= SZ_512M)
			return err == -EAGAIN ? -ENOSPC : err;
		err = heap_chunk_add(h, SZ_64M, &idx);
		if (err)
			return err;
		heap_chunk_set_uva(h, idx, 0x7f0000000000ULL + heap_chunk_addr(h, idx) - 0x04000000);
	}
}

static void finish(struct heap *h, struct result *r, double t0)
{
	struct heap_metrics m;

	r->seconds = now() - t0;
	heap_metrics_get(h, &m);
	r->expansions = m.c.expansions;
	r->search_total = m.c.search_cost_total;
	r->search_max = m.c.search_cost_max;
	r->align_waste = m.align_waste;
}

static void storm(enum drv_rev d, struct result *r)
{
	struct heap *h = make_heap(d);
	struct heap_bo *bo = calloc(STORM_BOS, sizeof(*bo));
	double t0 = now();

	for (u32 i = 0; i < STORM_BOS; i++)
		if (shim_alloc(h, &bo[i], SZ_4K))
			r->failures++;
	r->ops = STORM_BOS;
	finish(h, r, t0);
	for (u32 i = 0; i < STORM_BOS; i++)
		if (heap_bo_live(&bo[i]))
			heap_bo_free(h, &bo[i]);
	free(bo);
	heap_destroy(h);
}

static void churn(enum drv_rev d, u64 seed, struct result *r)
{
	struct heap *h = make_heap(d);
	struct heap_bo *bo = calloc(CHURN_SLOTS, sizeof(*bo));
	struct xrand x;
	double t0;

	xrand_seed(&x, seed);
	t0 = now();
	for (u32 i = 0; i < CHURN_OPS; i++) {
		struct heap_bo *b = &bo[xrand_below(&x, CHURN_SLOTS)];

		if (heap_bo_live(b))
			heap_bo_free(h, b);
		else if (shim_alloc(h, b, xrand_range(&x, SZ_4K, SZ_1M / 2)))
			r->failures++;
	}
	r->ops = CHURN_OPS;
	finish(h, r, t0);
	for (u32 i = 0; i < CHURN_SLOTS; i++)
		if (heap_bo_live(&bo[i]))
			heap_bo_free(h, &bo[i]);
	free(bo);
	heap_destroy(h);
}

int main(int argc, char **argv)
{
	struct result res[4];
	const char *out = NULL;
	u64 seed = 1;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_opt(argc, argv, &i, "--out", &out))
			continue;
		if (bench_opt(argc, argv, &i, "--seed", &arg)) {
			if (parse_u64(arg, &seed)) {
				fprintf(stderr, "bench_heap: bad seed '%s'\n", arg);
				return 2;
			}
		} else {
			fprintf(stderr, "usage: bench_heap [--out FILE.json] [--seed N]\n");
			return 2;
		}
	}
	memset(res, 0, sizeof(res));
	for (int k = 0; k < 2; k++) {
		enum drv_rev d = k ? REV_PR1233 : REV_856409CA;

		res[k] = (struct result){ .workload = "storm", .rev = drv_rev_name(d) };
		storm(d, &res[k]);
		res[2 + k] = (struct result){ .workload = "churn", .rev = drv_rev_name(d) };
		churn(d, seed, &res[2 + k]);
	}

	printf("%-6s %-7s %8s %10s %6s %12s %8s %10s %8s\n", "work", "design", "ops", "ns/op",
	       "exp", "search/op", "max", "waste KiB", "fails");
	for (int i = 0; i < 4; i++)
		printf("%-6s %-7s %8llu %10.1f %6llu %12.2f %8llu %10llu %8llu\n", res[i].workload,
		       res[i].rev, (unsigned long long)res[i].ops,
		       res[i].seconds * 1e9 / (double)res[i].ops,
		       (unsigned long long)res[i].expansions,
		       (double)res[i].search_total / (double)res[i].ops,
		       (unsigned long long)res[i].search_max,
		       (unsigned long long)(res[i].align_waste / 1024),
		       (unsigned long long)res[i].failures);
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f) {
		fprintf(stderr, "bench_heap: cannot write '%s': %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(f, "{\n  \"schema\": 1,\n  \"bench\": \"heap\",\n  \"seed\": %llu,\n  \"results\": [\n",
		(unsigned long long)seed);
	for (int i = 0; i < 4; i++)
		fprintf(f,
			"    {\"workload\": \"%s\", \"design\": \"%s\", \"ops\": %llu, "
			"\"ns_per_op\": %.1f, \"expansions\": %llu, \"search_cost_total\": %llu, "
			"\"search_cost_max\": %llu, \"align_waste\": %llu, \"failures\": %llu}%s\n",
			res[i].workload, res[i].rev, (unsigned long long)res[i].ops,
			res[i].seconds * 1e9 / (double)res[i].ops,
			(unsigned long long)res[i].expansions,
			(unsigned long long)res[i].search_total,
			(unsigned long long)res[i].search_max,
			(unsigned long long)res[i].align_waste, (unsigned long long)res[i].failures,
			i == 3 ? "" : ",");
	fprintf(f, "  ]\n}\n");
	return fclose(f) ? 2 : 0;
}
