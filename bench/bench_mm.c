// SPDX-License-Identifier: MIT
/*
 * bench_mm.c - throughput and scaling of alloc/mm (`make bench`).
 *
 * 1. steady state: L live nodes (BEST, 32 KiB alignment, mixed sizes),
 *    then remove a random node + insert a new one, repeatedly; reported as
 *    insert+remove pairs per second for L = 1k, 10k, 100k, 1M.  The same
 *    workload with the BEST index switched off (a no-op colour callback
 *    makes alloc/mm walk the holes one by one, exactly like the kernel's
 *    drm_mm) shows what the index saves.
 * 2. amdxdna slivers: 4 KiB nodes at 32 KiB alignment (docs/driver/heap.md §4), 30k
 *    operations at 10k and 20k live nodes, indexed and walking: the walk
 *    is quadratic, the index is not.
 * 3. frag (the kernel selftest): insert N 4 KiB nodes, free every other,
 *    then time N and 2N inserts of 8 KiB; ratio t(2N)/t(N) per mode (best
 *    of 5 runs each).
 * 4. the independent model of the tests (fuzz/mm_model.c, the oracle, is
 *    not timed: here a minimal linear-walk BEST model) at small L.
 *
 * Usage: bench_mm [--out FILE.json] [--quick]
 */
#include "alloc/mm.h"
#include "bench/util.h"
#include "common/rand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED 0xbe4c4ULL

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void no_color(const struct mm_node *owner, unsigned long color, u64 *start, u64 *end)
{
	(void)owner;
	(void)color;
	(void)start;
	(void)end;
}

/* Mixed sizes: mostly small buffers, some medium, a few large. */
static u64 mixed_size(struct xrand *r)
{
	u64 k = xrand_below(r, 100);

	if (k < 70)
		return SZ_4K * xrand_range(r, 1, 4);
	if (k < 95)
		return SZ_32K * xrand_range(r, 1, 32);
	return SZ_1M * xrand_range(r, 1, 8);
}

struct steady {
	u64 live;
	u64 pairs;
	double fill_s;
	double pairs_per_s;
	double avg_kernel_cost;	/* holes the kernel's walk tests per insert */
	double avg_probes;	/* holes examined here per insert */
};

static int run_steady(u64 live, u64 pairs, bool walk, bool slivers, struct steady *out)
{
	struct mm mm;
	struct mm_node *nodes = calloc(live, sizeof(*nodes));
	struct xrand r;
	double t0, t1;
	u64 cost = 0, probes = 0;

	if (!nodes)
		return -1;
	xrand_seed(&r, SEED + live);
	mm_init(&mm, SZ_64M, 1ULL << 56);
	if (walk)
		mm.color_adjust = no_color;
	t0 = now();
	for (u64 i = 0; i < live; i++) {
		u64 size = slivers ? SZ_4K : mixed_size(&r);

		if (mm_insert_node_generic(&mm, &nodes[i], size, SZ_32K, 0, MM_INSERT_BEST))
			goto fail;
	}
	t1 = now();
	out->fill_s = t1 - t0;
	for (u64 i = 0; i < pairs; i++) {
		struct mm_node *n = &nodes[xrand_below(&r, live)];
		u64 size = slivers ? SZ_4K : mixed_size(&r);

		mm_remove_node(n);
		if (mm_insert_node_generic(&mm, n, size, SZ_32K, 0, MM_INSERT_BEST))
			goto fail;
		cost += mm_last_search_cost(&mm);
		probes += mm.last_probes;
	}
	out->pairs_per_s = (double)pairs / (now() - t1);
	out->live = live;
	out->pairs = pairs;
	out->avg_kernel_cost = (double)cost / (double)pairs;
	out->avg_probes = (double)probes / (double)pairs;
	mm_discard(&mm);
	free(nodes);
	return 0;
fail:
	fprintf(stderr, "bench_mm: unexpected -ENOSPC\n");
	mm_discard(&mm);
	free(nodes);
	return -1;
}

/* The kernel frag selftest: seconds for N, then for 2N, 8 KiB inserts. */
static int run_frag(unsigned int mode, u64 n, double *t_n, double *t_2n)
{
	struct mm mm;
	struct mm_node *nodes = calloc(4 * n, sizeof(*nodes));
	double t0;

	if (!nodes)
		return -1;
	mm_init(&mm, 1, U64_MAX - 2);
	for (u64 i = 0; i < n; i++)
		if (mm_insert_node_generic(&mm, &nodes[i], SZ_4K, 0, 0, mode))
			goto fail;
	for (u64 i = 0; i < n; i += 2)
		mm_remove_node(&nodes[i]);
	t0 = now();
	for (u64 i = 0; i < n; i++)
		if (mm_insert_node_generic(&mm, &nodes[n + i], 2 * SZ_4K, 0, 0, mode))
			goto fail;
	*t_n = now() - t0;
	t0 = now();
	for (u64 i = 0; i < 2 * n; i++)
		if (mm_insert_node_generic(&mm, &nodes[2 * n + i], 2 * SZ_4K, 0, 0, mode))
			goto fail;
	*t_2n = now() - t0;
	mm_discard(&mm);
	free(nodes);
	return 0;
fail:
	mm_discard(&mm);
	free(nodes);
	return -1;
}

/*
 * A deliberately naive BEST model: nodes in a sorted array, holes
 * recomputed and sorted (size asc, newest first) for every insert.
 */
struct naive {
	u64 start, end, stamp;
	struct nnode {
		u64 start, size, stamp;
	} *n;
	u64 head_stamp;
	size_t cnt;
};

struct nhole {
	u64 start, end, stamp;
	long owner;
};

static int cmp_nhole(const void *a, const void *b)
{
	const struct nhole *x = a, *y = b;
	u64 sx = x->end - x->start, sy = y->end - y->start;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x->stamp == y->stamp ? 0 : x->stamp > y->stamp ? -1 : 1;
}

static int naive_insert(struct naive *m, struct nhole *h, u64 size, u64 align)
{
	size_t k = 0;

	for (long i = -1; i < (long)m->cnt; i++) {
		u64 s = i < 0 ? m->start : m->n[i].start + m->n[i].size;
		u64 e = (size_t)(i + 1) < m->cnt ? m->n[i + 1].start : m->end;

		if (e - s >= size && e > s)
			h[k++] = (struct nhole){ s, e, i < 0 ? m->head_stamp : m->n[i].stamp, i };
	}
	qsort(h, k, sizeof(*h), cmp_nhole);
	for (size_t i = 0; i < k; i++) {
		u64 a = (h[i].start + align - 1) / align * align;
		long o = h[i].owner;

		if (a + size > h[i].end)
			continue;
		memmove(&m->n[o + 2], &m->n[o + 1], (m->cnt - (size_t)(o + 1)) * sizeof(*m->n));
		m->n[o + 1] = (struct nnode){ a, size, 0 };
		m->cnt++;
		if (a > h[i].start) {
			if (o < 0)
				m->head_stamp = m->stamp++;
			else
				m->n[o].stamp = m->stamp++;
		}
		if (a + size < h[i].end)
			m->n[o + 1].stamp = m->stamp++;
		return 0;
	}
	return -1;
}

static void naive_remove(struct naive *m, size_t i)
{
	memmove(&m->n[i], &m->n[i + 1], (m->cnt - i - 1) * sizeof(*m->n));
	m->cnt--;
	if (i == 0)
		m->head_stamp = m->stamp++;
	else
		m->n[i - 1].stamp = m->stamp++;
}

static double run_naive(u64 live, u64 pairs)
{
	struct naive m = { .start = SZ_64M, .end = SZ_64M + (1ULL << 56) };
	struct nhole *h = malloc((live + 2) * sizeof(*h));
	struct xrand r;
	double t0, rate = 0;

	m.n = malloc((live + 1) * sizeof(*m.n));
	if (!h || !m.n)
		goto out;
	xrand_seed(&r, SEED + live);
	m.head_stamp = m.stamp++;
	for (u64 i = 0; i < live; i++)
		if (naive_insert(&m, h, mixed_size(&r), SZ_32K))
			goto out;
	t0 = now();
	for (u64 i = 0; i < pairs; i++) {
		naive_remove(&m, xrand_below(&r, m.cnt));
		if (naive_insert(&m, h, mixed_size(&r), SZ_32K))
			goto out;
	}
	rate = (double)pairs / (now() - t0);
out:
	free(h);
	free(m.n);
	return rate;
}

int main(int argc, char **argv)
{
	static const u64 lives[] = { 1000, 10000, 100000, 1000000 };
	static const unsigned int frag_modes[] = { MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH };
	static const char *const frag_names[] = { "best", "low", "high" };
	const char *out_path = NULL;
	bool quick = false;
	struct steady st[4], wk[2], sl[2][2];
	double frag[3][2], naive_rate, naive_walk_rate;
	u64 frag_n = 10000, naive_live = 1000, naive_pairs = 5000;
	FILE *js;

	for (int i = 1; i < argc; i++) {
		if (bench_opt(argc, argv, &i, "--out", &out_path))
			continue;
		if (strcmp(argv[i], "--quick") == 0) {
			quick = true;
		} else {
			fprintf(stderr, "usage: bench_mm [--out FILE.json] [--quick]\n");
			return 2;
		}
	}

	printf("alloc/mm benchmark (seed %#llx)\n\n", (unsigned long long)SEED);
	printf("1. steady state, BEST, 32 KiB alignment, mixed sizes\n");
	printf("   %9s %10s %14s %14s %12s\n", "live", "fill s", "pairs/s", "kernel cost",
	       "probes");
	for (int i = 0; i < 4; i++) {
		u64 pairs = quick ? 20000 : 200000;

		if (run_steady(lives[i], pairs, false, false, &st[i]))
			return 1;
		printf("   %9llu %10.3f %14.0f %14.1f %12.1f\n", (unsigned long long)lives[i],
		       st[i].fill_s, st[i].pairs_per_s, st[i].avg_kernel_cost, st[i].avg_probes);
	}
	printf("   same workload walking the holes like the kernel (index off):\n");
	for (int i = 0; i < 2; i++) {
		if (run_steady(lives[i], quick ? 2000 : 20000, true, false, &wk[i]))
			return 1;
		printf("   %9llu %10.3f %14.0f %14.1f %12.1f\n", (unsigned long long)lives[i],
		       wk[i].fill_s, wk[i].pairs_per_s, wk[i].avg_kernel_cost, wk[i].avg_probes);
	}

	printf("\n2. amdxdna slivers: 4 KiB at 32 KiB alignment, 30k remove+insert pairs\n");
	printf("   %9s %8s %10s %14s %10s\n", "live", "mode", "seconds", "kernel cost", "probes");
	for (int w = 0; w < 2; w++) {
		for (int i = 0; i < 2; i++) {
			u64 live = (u64)(i + 1) * 10000;
			u64 pairs = quick ? 3000 : 30000;

			if (run_steady(live, pairs, w == 1, true, &sl[w][i]))
				return 1;
			printf("   %9llu %8s %10.3f %14.1f %10.1f\n", (unsigned long long)live,
			       w ? "walk" : "index", (double)pairs / sl[w][i].pairs_per_s,
			       sl[w][i].avg_kernel_cost, sl[w][i].avg_probes);
		}
	}

	printf("\n3. frag (kernel selftest): N = %llu 8 KiB inserts into a fragmented mm\n",
	       (unsigned long long)frag_n);
	printf("   %6s %10s %10s %8s\n", "mode", "t(N) s", "t(2N) s", "ratio");
	for (int k = 0; k < 3; k++) {
		/* The best of 5 runs: millisecond timings on a shared machine. */
		frag[k][0] = frag[k][1] = 1e9;
		for (int rep = 0; rep < 5; rep++) {
			double a, b;

			if (run_frag(frag_modes[k], frag_n, &a, &b))
				return 1;
			frag[k][0] = a < frag[k][0] ? a : frag[k][0];
			frag[k][1] = b < frag[k][1] ? b : frag[k][1];
		}
		printf("   %6s %10.4f %10.4f %8.2f\n", frag_names[k], frag[k][0], frag[k][1],
		       frag[k][1] / frag[k][0]);
	}

	naive_rate = run_naive(naive_live, quick ? 500 : naive_pairs);
	naive_walk_rate = wk[0].pairs_per_s;
	printf("\n4. naive model (sorted array, holes re-sorted per insert), %llu live:\n"
	       "   %.0f pairs/s; alloc/mm is %.0fx faster (index), %.0fx (walk)\n",
	       (unsigned long long)naive_live, naive_rate, st[0].pairs_per_s / naive_rate,
	       naive_walk_rate / naive_rate);

	if (!out_path)
		return 0;
	js = fopen(out_path, "w");
	if (!js) {
		perror(out_path);
		return 1;
	}
	fprintf(js, "{\n  \"benchmark\": \"mm\",\n  \"seed\": %llu,\n  \"quick\": %s,\n",
		(unsigned long long)SEED, quick ? "true" : "false");
	fprintf(js, "  \"steady_best_32k_mixed\": [\n");
	for (int i = 0; i < 4; i++)
		fprintf(js,
			"    {\"live\": %llu, \"pairs\": %llu, \"fill_s\": %.6f, \"pairs_per_s\": %.0f, "
			"\"kernel_cost\": %.2f, \"probes\": %.2f}%s\n",
			(unsigned long long)st[i].live, (unsigned long long)st[i].pairs, st[i].fill_s,
			st[i].pairs_per_s, st[i].avg_kernel_cost, st[i].avg_probes, i < 3 ? "," : "");
	fprintf(js, "  ],\n  \"steady_walk\": [\n");
	for (int i = 0; i < 2; i++)
		fprintf(js, "    {\"live\": %llu, \"pairs_per_s\": %.0f, \"kernel_cost\": %.2f}%s\n",
			(unsigned long long)wk[i].live, wk[i].pairs_per_s, wk[i].avg_kernel_cost,
			i < 1 ? "," : "");
	fprintf(js, "  ],\n  \"slivers_30k_pairs\": [\n");
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < 2; i++)
			fprintf(js,
				"    {\"mode\": \"%s\", \"live\": %llu, \"seconds\": %.6f, "
				"\"kernel_cost\": %.2f, \"probes\": %.2f}%s\n",
				w ? "walk" : "index", (unsigned long long)sl[w][i].live,
				(double)sl[w][i].pairs / sl[w][i].pairs_per_s, sl[w][i].avg_kernel_cost,
				sl[w][i].avg_probes, w == 1 && i == 1 ? "" : ",");
	fprintf(js, "  ],\n  \"frag\": {\"n\": %llu", (unsigned long long)frag_n);
	for (int k = 0; k < 3; k++)
		fprintf(js, ", \"%s\": {\"t_n\": %.6f, \"t_2n\": %.6f, \"ratio\": %.3f}",
			frag_names[k], frag[k][0], frag[k][1], frag[k][1] / frag[k][0]);
	fprintf(js, "},\n  \"naive_model\": {\"live\": %llu, \"pairs_per_s\": %.0f}\n}\n",
		(unsigned long long)naive_live, naive_rate);
	fclose(js);
	printf("\nwrote %s\n", out_path);
	return 0;
}
