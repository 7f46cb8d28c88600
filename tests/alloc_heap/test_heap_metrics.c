// SPDX-License-Identifier: MIT
/*
 * Metrics on small hand-computed layouts (docs/driver/peers.md §4, docs/metrics.md):
 * exact byte counts, hole histograms, E, alignment waste, per-chunk
 * utilisation, counters, the BEST-walk search cost and the series.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include "alloc/heap_priv.h"
#include "common/rand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One chunk, four 4 KiB cmd bufs (requests of 100 bytes) at 0, 32, 64, 96 KiB. */
START_TEST(test_metrics_cmdbuf_layout)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo cb[4];
	struct heap_metrics m;
	u64 big = SZ_64M - KiB(100);

	memset(cb, 0, sizeof(cb));
	th_add(h, SZ_64M);
	for (int i = 0; i < 4; i++)
		th_alloc_ok(h, &cb[i], 100, BASE + (u64)i * SZ_32K);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.committed, SZ_64M);
	ck_assert_uint_eq(m.live, KiB(16));
	ck_assert_uint_eq(m.requested, 400);
	ck_assert_uint_eq(m.page_waste, KiB(16) - 400);
	ck_assert_uint_eq(m.free, SZ_64M - KiB(16));
	/* Holes: three of 28 KiB, then [100 KiB, 64 MiB). */
	ck_assert_uint_eq(m.holes, 4);
	ck_assert_uint_eq(m.largest_free, big);
	ck_assert_uint_eq(m.hole_hist[14], 3); /* 16 KiB <= 28 KiB < 32 KiB */
	ck_assert_uint_eq(m.hole_hist_bytes[14], KiB(84));
	ck_assert_uint_eq(m.hole_hist[25], 1); /* 32 MiB <= 64 MiB - 100 KiB < 64 MiB */
	ck_assert_uint_eq(m.hole_hist_bytes[25], big);
	for (int o = 0; o < HEAP_HIST_ORDERS; o++)
		if (o != 14 && o != 25)
			ck_assert_uint_eq(m.hole_hist[o], 0);
	/* E = 1 - Lf / F = 84 KiB / (64 MiB - 16 KiB). */
	ck_assert_double_eq_tol(m.ext_frag, (double)KiB(84) / (double)(SZ_64M - KiB(16)), 1e-15);
	/* The 28 KiB holes contain no 32 KiB-aligned address: all of them are waste. */
	ck_assert_uint_eq(m.align_waste, KiB(84));
	ck_assert_uint_eq(m.nr_bos, 4);
	ck_assert_uint_eq(m.cross_chunk_bos, 0);
	ck_assert_uint_eq(m.nr_chunks, 1);
	ck_assert_uint_eq(m.chunk_live[0], KiB(16));
	ck_assert_double_eq_tol(heap_metrics_chunk_util(&m, 0), (double)KiB(16) / SZ_64M, 1e-15);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 1), 0.0);
	ck_assert_uint_eq(m.c.peak_committed, SZ_64M);
	ck_assert_uint_eq(m.c.peak_live, KiB(16));
	ck_assert_double_eq(m.peak_ratio, 4096.0);
	ck_assert_uint_eq(m.c.high_water, KiB(100));
	ck_assert_uint_eq(m.c.allocs_ok, 4);
	ck_assert_uint_eq(m.c.expansions, 0);

	/* Free cb1: [4 KiB, 64 KiB) becomes one 60 KiB hole with an aligned start. */
	ck_assert_int_eq(heap_bo_free(h, &cb[1]), 0);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.holes, 3);
	ck_assert_uint_eq(m.align_waste, KiB(28));
	ck_assert_uint_eq(m.hole_hist[15], 1); /* 60 KiB */
	ck_assert_uint_eq(m.hole_hist[14], 1);
	ck_assert_uint_eq(m.c.peak_live, KiB(16));
	ck_assert_uint_eq(m.live, KiB(12));
	ck_assert_uint_eq(m.c.frees, 1);
	for (int i = 0; i < 4; i++)
		if (i != 1)
			ck_assert_int_eq(heap_bo_free(h, &cb[i]), 0);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.holes, 1);
	ck_assert_uint_eq(m.largest_free, SZ_64M);
	ck_assert_double_eq(m.ext_frag, 0.0);
	ck_assert_uint_eq(m.align_waste, 0);
	heap_destroy(h);
}
END_TEST

/* E is 0 with no free bytes; holes past committed are not counted. */
START_TEST(test_metrics_full_and_empty)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 };
	struct heap_metrics m;

	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.committed, 0);
	ck_assert_uint_eq(m.holes, 0); /* the 512 MiB hole lies beyond committed */
	ck_assert_double_eq(m.ext_frag, 0.0);
	ck_assert_double_eq(m.peak_ratio, 0.0);
	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, SZ_64M, BASE);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.free, 0);
	ck_assert_uint_eq(m.holes, 0);
	ck_assert_uint_eq(m.largest_free, 0);
	ck_assert_double_eq(m.ext_frag, 0.0);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 0), 1.0);
	ck_assert_double_eq(m.peak_ratio, 1.0);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	heap_destroy(h);
}
END_TEST

/* Cross-chunk BOs and per-chunk utilisation (worked example layout). */
START_TEST(test_metrics_cross_chunk)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo cb = { 0 }, a = { 0 };
	struct heap_metrics m;
	unsigned int exp = 0;

	th_add(h, SZ_64M);
	th_alloc_ok(h, &cb, SZ_4K, BASE);
	ck_assert_int_eq(th_shim_alloc(h, &a, MiB(100), &exp), 0);
	ck_assert_uint_eq(a.start, 0x04008000);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.cross_chunk_bos, 1);
	ck_assert_uint_eq(m.chunk_live[0], SZ_4K + SZ_64M - SZ_32K);
	ck_assert_uint_eq(m.chunk_live[1], MiB(100) - (SZ_64M - SZ_32K));
	ck_assert_uint_eq(m.c.expansions, 1);
	ck_assert_uint_eq(m.c.expansion_bytes, SZ_64M);
	ck_assert_uint_eq(m.c.chunk_adds, 2);
	ck_assert_uint_eq(m.c.allocs_eagain, 1);
	/* F was 64 MiB - 4 KiB < 100 MiB: a capacity expansion, not fragmentation. */
	ck_assert_uint_eq(m.c.frag_eagain, 0);
	ck_assert_uint_eq(m.c.unusable_eagain, 0);
	/* Holes: [4 KiB, 32 KiB) and [32 KiB + 100 MiB, 128 MiB). */
	ck_assert_uint_eq(m.holes, 2);
	ck_assert_uint_eq(m.free, SZ_128M - SZ_4K - MiB(100));
	ck_assert_uint_eq(m.largest_free, SZ_128M - SZ_32K - MiB(100));
	ck_assert_uint_eq(m.align_waste, KiB(28));
	ck_assert_uint_eq(m.c.peak_committed, SZ_128M);
	ck_assert_uint_eq(m.c.peak_live, SZ_4K + MiB(100));
	ck_assert_double_eq_tol(m.peak_ratio, (double)SZ_128M / (double)(SZ_4K + MiB(100)), 1e-12);
	ck_assert_uint_eq(m.c.high_water, SZ_32K + MiB(100));
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &cb), 0);
	heap_destroy(h);
}
END_TEST

/* Premature OOM: HEAD ENOSPC although max − live ≥ the request. */
START_TEST(test_metrics_premature_oom)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };
	struct heap_metrics m;

	for (int i = 0; i < 8; i++)
		th_add(h, SZ_64M);
	th_alloc_ok(h, &a, SZ_128M, BASE);
	th_alloc_ok(h, &b, SZ_4K, BASE + SZ_128M);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	/* Free: 128 MiB + (384 MiB - 4 KiB); no hole of 500 MiB. */
	th_alloc_err(h, MiB(500), -ENOSPC);
	/* 512 MiB - 4 KiB + 1 cannot fit by capacity either: not premature. */
	th_alloc_err(h, SZ_512M - SZ_4K + 1, -ENOSPC);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.c.allocs_enospc, 2);
	ck_assert_uint_eq(m.c.premature_oom, 1);
	ck_assert_uint_eq(m.c.inserts, 4);
	ck_assert_uint_eq(m.largest_free, SZ_512M - SZ_128M - SZ_4K);
	ck_assert_double_eq_tol(m.ext_frag, 1.0 - (double)(SZ_512M - SZ_128M - SZ_4K) /
							 (double)(SZ_512M - SZ_4K), 1e-15);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	/* Boundary: max − live equal to the request still counts (≥). */
	th_alloc_ok(h, &a, SZ_4K, BASE);
	th_alloc_ok(h, &b, SZ_4K, BASE + SZ_32K);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	th_alloc_err(h, SZ_512M - SZ_4K, -ENOSPC);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.c.premature_oom, 2);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

/* Fragmentation-induced EAGAIN: free committed bytes F equal to the request. */
START_TEST(test_metrics_frag_eagain_boundary)
{
	struct heap *h = th_new("npu4", th_designs[_i], ADDR_PASID);
	struct heap_bo a = { 0 }, b = { 0 }, c = { 0 };
	struct heap_metrics m;

	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, MiB(16), BASE);
	th_alloc_ok(h, &b, MiB(16), BASE + MiB(16));
	th_alloc_ok(h, &c, MiB(16), BASE + MiB(32));
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	/* F = 32 MiB in two 16 MiB holes: a 32 MiB request cannot be placed inside. */
	th_alloc_err(h, MiB(32), -EAGAIN);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.free, MiB(32));
	ck_assert_uint_eq(m.largest_free, MiB(16));
	ck_assert_double_eq(m.ext_frag, 0.5);
	ck_assert_uint_eq(m.c.frag_eagain, 1);
	/* One byte more than F is a capacity EAGAIN. */
	th_alloc_err(h, MiB(32) + 1, -EAGAIN);
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.c.frag_eagain, 1);
	ck_assert_uint_eq(m.c.allocs_eagain, 2);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	ck_assert_int_eq(heap_bo_free(h, &c), 0);
	heap_destroy(h);
}
END_TEST

/* EAGAIN counted as "unusable" when a chunk is unmapped, not as fragmentation. */
START_TEST(test_metrics_unusable_eagain)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap_metrics m;

	th_alloc_err(h, SZ_4K, -EAGAIN); /* no chunk: capacity */
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	th_alloc_err(h, SZ_4K, -EAGAIN); /* chunk 0 unmapped: unusable */
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.c.allocs_eagain, 2);
	ck_assert_uint_eq(m.c.unusable_eagain, 1);
	ck_assert_uint_eq(m.c.frag_eagain, 0);
	heap_destroy(h);
}
END_TEST

/*
 * Search cost: after k 4 KiB BOs, k−1 holes of 28 KiB rank before the
 * trailing hole and all fail the 32 KiB-aligned fit: the kernel's BEST walk
 * is linear in the number of small BOs.
 */
START_TEST(test_metrics_search_cost_linear)
{
	enum drv_rev d = th_designs[_i];
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	struct heap_bo *b = calloc(64, sizeof(*b));
	struct heap_metrics m;
	u64 total = 0;

	ck_assert_ptr_nonnull(b);
	th_add(h, SZ_64M);
	for (u64 i = 0; i < 64; i++) {
		th_alloc_ok(h, &b[i], SZ_4K, BASE + i * SZ_32K);
		ck_assert_uint_eq(heap_last_search_cost(h), i ? i - 1 : 0);
		total += i ? i - 1 : 0;
	}
	heap_metrics_get(h, &m);
	ck_assert_uint_eq(m.c.search_cost_total, total);
	ck_assert_uint_eq(m.c.search_cost_max, 62);
	ck_assert_uint_eq(m.c.search_cost_last, 62);
	ck_assert_uint_eq(m.align_waste, 63 * KiB(28));
	/* A failing insert reports every candidate it tested (HEAD: ENOSPC needs none). */
	th_alloc_err(h, SZ_512M, d == REV_856409CA ? -ENOSPC : -EAGAIN);
	ck_assert_uint_eq(heap_last_search_cost(h), d == REV_856409CA ? 0 : 0);
	th_alloc_err(h, SZ_64M, -EAGAIN);
	ck_assert_uint_eq(heap_last_search_cost(h), d == REV_856409CA ? 0 : 1);
	for (int i = 0; i < 64; i++)
		ck_assert_int_eq(heap_bo_free(h, &b[i]), 0);
	free(b);
	heap_destroy(h);
}
END_TEST

struct hook_log {
	int calls;
	struct heap_op_record last;
};

static void hook(void *ctx, const struct heap_op_record *rec)
{
	struct hook_log *log = ctx;

	log->calls++;
	log->last = *rec;
}

/* The per-operation series and the hook. */
START_TEST(test_metrics_series)
{
	struct heap_config cfg = { .profile = heap_profile_find("npu4"),
				   .rev = REV_856409CA,
				   .mode = ADDR_CARVEOUT,
				   .record_series = true };
	struct heap *h;
	struct heap_bo a = { 0 }, b = { 0 };
	const struct heap_op_record *s;
	struct hook_log log = { 0 };
	size_t n;

	ck_assert_int_eq(heap_create(&cfg, &h), 0);
	heap_set_op_hook(h, hook, &log);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_bo_alloc(h, &a, MiB(100)), -EAGAIN);
	ck_assert_int_eq(heap_chunk_add(h, SZ_64M, NULL), 0);
	ck_assert_int_eq(heap_bo_alloc(h, &a, MiB(100)), 0);
	ck_assert_int_eq(heap_bo_alloc(h, &b, SZ_4K), 0);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_chunk_add(h, 1, NULL), -EINVAL);
	s = heap_series(h, &n);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(log.calls, 7);
	ck_assert_uint_eq(heap_series_dropped(h), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_eq(s[i].seq, i + 1);
	ck_assert_int_eq(s[0].op, HEAP_OP_CHUNK_ADD);
	ck_assert_uint_eq(s[0].addr, BASE);
	ck_assert_uint_eq(s[0].committed, SZ_64M);
	ck_assert_uint_eq(s[0].holes, 1);
	ck_assert_int_eq(s[1].op, HEAP_OP_BO_ALLOC);
	ck_assert_int_eq(s[1].err, -EAGAIN);
	ck_assert_int_eq(s[1].reason, HEAP_R_NOT_COMMITTED);
	ck_assert_uint_eq(s[1].addr, HEAP_INVALID_ADDR);
	ck_assert_uint_eq(s[1].live, 0);
	ck_assert_uint_eq(s[2].expansions, 1);
	ck_assert_uint_eq(s[3].addr, BASE);
	ck_assert_uint_eq(s[3].live, MiB(100));
	ck_assert_uint_eq(s[3].cross_chunk_bos, 1);
	ck_assert_uint_eq(s[4].addr, BASE + MiB(100));
	ck_assert_uint_eq(s[4].nr_bos, 2);
	ck_assert_int_eq(s[5].op, HEAP_OP_BO_FREE);
	ck_assert_uint_eq(s[5].size, MiB(100));
	ck_assert_uint_eq(s[5].addr, BASE);
	ck_assert_uint_eq(s[5].live, SZ_4K);
	ck_assert_uint_eq(s[5].holes, 2);
	ck_assert_uint_eq(s[5].largest_free, MiB(100));
	ck_assert_double_eq_tol(s[5].ext_frag, 1.0 - (double)MiB(100) / (SZ_128M - SZ_4K),
				1e-15);
	ck_assert_int_eq(s[6].err, -EINVAL);
	ck_assert_int_eq(s[6].reason, HEAP_R_CHUNK_SIZE);
	ck_assert_mem_eq(&log.last, &s[6], sizeof(log.last));
	heap_set_op_hook(h, NULL, NULL);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	ck_assert_int_eq(log.calls, 7);
	s = heap_series(h, &n);
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(heap_op_name(HEAP_OP_BO_FREE), "bo-free");
	ck_assert_str_eq(heap_op_name((enum heap_op)9), "?");
	heap_destroy(h);
}
END_TEST

/* The printed form is stable (diffable). */
START_TEST(test_metrics_print)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_CARVEOUT);
	struct heap_bo a = { 0 }, b = { 0 };
	struct heap_metrics m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, SZ_4K, BASE);
	th_alloc_ok(h, &b, SZ_4K, BASE + SZ_32K);
	heap_metrics_get(h, &m);
	ck_assert_int_eq(heap_metrics_print(f, &m), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "committed: 67108864\n"));
	ck_assert_ptr_nonnull(strstr(buf, "holes: 2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "align_waste: 28672\n"));
	ck_assert_ptr_nonnull(strstr(buf, "order-14 free: 28 KiB, blocks: 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "order-25 free: 65500 KiB, blocks: 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "chunk 0: live 8192 of 67108864 (0.01%)\n"));
	free(buf);
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

/*
 * heap_metrics_chunk_util: exact ratios of the chunks that exist; 0 for an
 * index at or past nr_chunks even where the arrays hold stale values, and
 * for indices past the arrays.
 */
START_TEST(test_metrics_chunk_util_bounds)
{
	struct heap_metrics m;

	memset(&m, 0, sizeof(m));
	m.nr_chunks = 2;
	for (u32 k = 0; k < HEAP_MAX_CHUNKS; k++) {
		m.chunk_size[k] = SZ_64M;
		m.chunk_live[k] = SZ_32K * (k + 1);
	}
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 0), (double)SZ_32K / (double)SZ_64M);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 1), 2.0 * SZ_32K / (double)SZ_64M);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 2), 0.0);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, HEAP_MAX_CHUNKS - 1), 0.0);
	m.nr_chunks = HEAP_MAX_CHUNKS;
	ck_assert_double_eq(heap_metrics_chunk_util(&m, HEAP_MAX_CHUNKS - 1),
			    (double)HEAP_MAX_CHUNKS * SZ_32K / (double)SZ_64M);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, HEAP_MAX_CHUNKS), 0.0);
	ck_assert_double_eq(heap_metrics_chunk_util(&m, U32_MAX), 0.0);
	/* a count beyond the arrays does not let an index past them through */
	m.nr_chunks = U32_MAX;
	ck_assert_double_eq(heap_metrics_chunk_util(&m, HEAP_MAX_CHUNKS), 0.0);
	/* a chunk of size 0 (none in a real heap) divides by nothing */
	m.chunk_size[0] = 0;
	ck_assert_double_eq(heap_metrics_chunk_util(&m, 0), 0.0);
}
END_TEST

/*
 * Incremental metrics: a seeded churn of mixed sizes (1 B ... 4 MiB,
 * cross-chunk ones included) in each design, with chunks added as the shim
 * does, and after every operation heap_metrics_get() must equal
 * heap_metrics_scratch() (the from-scratch walk) byte for byte.
 */
START_TEST(test_metrics_incremental_random)
{
	enum drv_rev d = _i == 0 ? REV_856409CA : _i == 1 ? REV_PR1233 :
							      REV_PR1279;
	struct heap *h = th_new("npu4", d, ADDR_PASID);
	u64 seed = test_seed();
	struct xrand r;
	enum { N = 600 };
	struct heap_bo *bo = calloc(N, sizeof(*bo));
	struct heap_metrics a, b;
	u32 diffs = 0;

	ck_assert_ptr_nonnull(bo);
	xrand_seed(&r, seed + (u64)_i);
	th_add(h, SZ_64M);
	for (u32 step = 0; step < 6000; step++) {
		u32 k = (u32)xrand_below(&r, N);

		if (heap_bo_live(&bo[k])) {
			ck_assert_int_eq(heap_bo_free(h, &bo[k]), 0);
		} else {
			u64 size = xrand_below(&r, 4) ? xrand_range(&r, 1, KiB(64)) :
							xrand_range(&r, KiB(64), MiB(4));

			(void)th_shim_alloc(h, &bo[k], size, NULL);
		}
		heap_metrics_get(h, &a);
		heap_metrics_scratch(h, &b);
		if (memcmp(&a, &b, sizeof(a)) && !diffs++)
			ck_abort_msg("seed %llu design %d step %u: incremental metrics differ "
				     "(holes %u/%u, largest %llu/%llu, waste %llu/%llu)",
				     (unsigned long long)seed, _i, step, a.holes, b.holes,
				     (unsigned long long)a.largest_free,
				     (unsigned long long)b.largest_free,
				     (unsigned long long)a.align_waste,
				     (unsigned long long)b.align_waste);
	}
	/* the churn reached the interesting states */
	ck_assert_uint_gt(a.holes, 50);
	ck_assert_uint_gt(a.nr_chunks, 1);
	ck_assert_int_eq(heap_metrics_verify(h, NULL, 0), 0);
	for (u32 k = 0; k < N; k++)
		if (heap_bo_live(&bo[k]))
			ck_assert_int_eq(heap_bo_free(h, &bo[k]), 0);
	heap_metrics_get(h, &a);
	ck_assert_uint_eq(a.holes, 1);
	ck_assert_uint_eq(a.largest_free, a.committed);
	ck_assert_uint_eq(a.cross_chunk_bos, 0);
	free(bo);
	heap_destroy(h);
}
END_TEST

/* The check notices an incremental sum that drifted from the heap's holes. */
START_TEST(test_metrics_verify_catches_drift)
{
	struct heap *h = th_new("npu4", REV_856409CA, ADDR_PASID);
	struct heap_bo a, b;
	char why[160];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	th_add(h, SZ_64M);
	th_alloc_ok(h, &a, SZ_4K, BASE);
	th_alloc_ok(h, &b, SZ_4K, BASE + SZ_32K);
	ck_assert_int_eq(heap_metrics_verify(h, why, sizeof(why)), 0);
	h->raw_holes.align_waste += SZ_4K;
	ck_assert_int_eq(heap_metrics_verify(h, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "incremental align_waste 32768, recomputed 28672");
	ck_assert_int_eq(heap_check(h, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "heap.I0 metrics: incremental align_waste 32768, recomputed 28672");
	h->raw_holes.align_waste -= SZ_4K;
	h->chunks[0].live += SZ_4K;
	ck_assert_int_eq(heap_metrics_verify(h, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "incremental chunk_live 12288, recomputed 8192");
	h->chunks[0].live -= SZ_4K;
	ck_assert_int_eq(heap_bo_free(h, &a), 0);
	ck_assert_int_eq(heap_bo_free(h, &b), 0);
	heap_destroy(h);
}
END_TEST

Suite *heap_metrics_suite(void)
{
	Suite *s = suite_create("heap_metrics");
	TCase *tc = tcase_create("metrics");

	tcase_add_loop_test(tc, test_metrics_cmdbuf_layout, 0, 2);
	tcase_add_test(tc, test_metrics_full_and_empty);
	tcase_add_loop_test(tc, test_metrics_cross_chunk, 0, 2);
	tcase_add_test(tc, test_metrics_premature_oom);
	tcase_add_test(tc, test_metrics_unusable_eagain);
	tcase_add_loop_test(tc, test_metrics_frag_eagain_boundary, 0, 2);
	tcase_add_loop_test(tc, test_metrics_search_cost_linear, 0, 2);
	tcase_add_test(tc, test_metrics_series);
	tcase_add_test(tc, test_metrics_print);
	tcase_add_test(tc, test_metrics_chunk_util_bounds);
	tcase_add_loop_test(tc, test_metrics_incremental_random, 0, 3);
	tcase_add_test(tc, test_metrics_verify_catches_drift);
	suite_add_tcase(s, tc);
	return s;
}
