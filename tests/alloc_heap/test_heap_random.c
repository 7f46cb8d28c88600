// SPDX-License-Identifier: MIT
/*
 * Seeded random operations against an independent shadow model: committed
 * and live accounting, the chunk list, and a bitmap of the whole aperture
 * at 4 KiB granularity.  After every operation: heap_check(), the model's
 * accounting, and the metrics recomputed from the bitmap (holes, largest
 * free, alignment waste).  Results are judged against the rules of
 * docs/driver/heap.md §5.4 / §8.1 with the bitmap as the oracle: a success must land on
 * free, aligned, committed (and usable) pages; ENOSPC must mean no aligned
 * fit in the design's range; EAGAIN must be consistent with one.
 */
#include "tests/alloc_heap/heap_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "common/rand.h"

#define PAGES (SZ_512M / SZ_4K)
#define WORDS (PAGES / 64)
#define ALIGN_PAGES (SZ_32K / SZ_4K)
#define MAX_BOS 512

struct model {
	u64 bits[WORDS];	/* page i of [BASE, BASE + 512 MiB) is in use */
	u64 committed;
	u32 nr_chunks;
	u64 chunk_addr[HEAP_MAX_CHUNKS];
	u64 chunk_size[HEAP_MAX_CHUNKS];
	u64 live, requested;
};

struct rnd {
	struct heap *h;
	struct model m;
	struct xrand r;
	struct heap_bo *bo;	/* MAX_BOS slots */
	u32 nr_bo;
	u64 ext_refs[HEAP_MAX_CHUNKS];
	u64 ext_pins[HEAP_MAX_CHUNKS];
	u64 step;
};

static bool bit(const struct model *m, u64 p)
{
	return m->bits[p / 64] >> (p % 64) & 1;
}

static void set_bits(struct model *m, u64 first, u64 n, bool v)
{
	for (u64 p = first; p < first + n; p++) {
		T_ASSERT(bit(m, p) != v);
		if (v)
			m->bits[p / 64] |= 1ULL << (p % 64);
		else
			m->bits[p / 64] &= ~(1ULL << (p % 64));
	}
}

/* Free runs of the bitmap inside [0, limit) pages; calls @fn(ctx, start, len). */
static void for_each_run(const struct model *m, u64 limit, void (*fn)(void *, u64, u64),
			 void *ctx)
{
	u64 p = 0;

	while (p < limit) {
		u64 s;

		while (p < limit && bit(m, p)) {
			if (p % 64 == 0 && m->bits[p / 64] == ~0ULL)
				p += 64;
			else
				p++;
		}
		s = p;
		while (p < limit && !bit(m, p)) {
			if (p % 64 == 0 && m->bits[p / 64] == 0 && p + 64 <= limit)
				p += 64;
			else
				p++;
		}
		if (p > s)
			fn(ctx, s, p - s);
	}
}

struct fit {
	u64 pages;
	bool found;
};

static void fit_run(void *ctx, u64 s, u64 len)
{
	struct fit *f = ctx;
	u64 a = (s + ALIGN_PAGES - 1) / ALIGN_PAGES * ALIGN_PAGES;

	if (a < s + len && s + len - a >= f->pages)
		f->found = true;
}

/* Is there a 32 KiB-aligned free run of @size bytes below @limit bytes? */
static bool model_fits(const struct model *m, u64 size, u64 limit)
{
	struct fit f = { .pages = size / SZ_4K };

	for_each_run(m, limit / SZ_4K, fit_run, &f);
	return f.found;
}

struct holes {
	u32 n;
	u64 largest, waste, total;
};

static void hole_run(void *ctx, u64 s, u64 len)
{
	struct holes *hs = ctx;
	u64 a = (s + ALIGN_PAGES - 1) / ALIGN_PAGES * ALIGN_PAGES;

	hs->n++;
	hs->total += len * SZ_4K;
	if (len * SZ_4K > hs->largest)
		hs->largest = len * SZ_4K;
	if (a >= s + len)
		hs->waste += len * SZ_4K;
}

static u32 model_chunk_of(const struct model *m, u64 addr)
{
	for (u32 k = 0; k < m->nr_chunks; k++)
		if (addr >= m->chunk_addr[k] && addr < m->chunk_addr[k] + m->chunk_size[k])
			return k;
	return m->nr_chunks;
}

/* The chunk is usable and (PASID) contiguous with @prev in the heap's mode. */
static void expect_usable(struct rnd *t, u32 s, u32 k)
{
	u64 off = t->m.chunk_addr[k] - t->m.chunk_addr[s];

	switch (heap_mode(t->h)) {
	case ADDR_PASID:
		T_ASSERT(heap_chunk_uva(t->h, k) != HEAP_INVALID_ADDR);
		T_EQ(heap_chunk_uva(t->h, k), heap_chunk_uva(t->h, s) + off);
		break;
	case ADDR_IOVA:
		T_ASSERT(heap_chunk_dma_addr(t->h, k) != HEAP_INVALID_ADDR);
		break;
	case ADDR_CARVEOUT:
		break;
	}
}

static u64 tag_of(const struct heap_bo *bo)
{
	return bo->start * 0x9e3779b97f4a7c15ULL ^ bo->req_size;
}

static void op_chunk_add(struct rnd *t)
{
	static const u64 sizes[] = { SZ_64M, SZ_64M, SZ_64M, SZ_128M, 3 * SZ_64M, 0, MiB(32) };
	u64 size = sizes[xrand_below(&t->r, ARRAY_SIZE(sizes))];
	int want = 0, err;
	u32 idx;

	if (size == 0 || size % SZ_64M)
		want = -EINVAL;
	else if (t->m.committed + size > SZ_512M)
		want = -ENOSPC;
	err = heap_chunk_add(t->h, size, &idx);
	if (err != want)
		ck_abort_msg("step %llu: chunk add %#llx: %s, expected %s",
		      (unsigned long long)t->step, (unsigned long long)size, xerrname(err),
		      xerrname(want));
	if (err)
		return;
	T_EQ(idx, t->m.nr_chunks);
	T_EQ(heap_chunk_addr(t->h, idx), BASE + t->m.committed);
	t->m.chunk_addr[idx] = BASE + t->m.committed;
	t->m.chunk_size[idx] = size;
	t->m.committed += size;
	t->m.nr_chunks++;
	/* Usually mapped right away, as the shim does; sometimes not (yet). */
	if (!xrand_chance(&t->r, 1, 8))
		th_map(t->h, idx);
}

static void op_remap(struct rnd *t)
{
	u32 k;

	if (!t->m.nr_chunks)
		return;
	k = (u32)xrand_below(&t->r, t->m.nr_chunks);
	switch (xrand_below(&t->r, 4)) {
	case 0: /* munmap */
		heap_chunk_set_uva(t->h, k, HEAP_INVALID_ADDR);
		if (heap_mode(t->h) == ADDR_IOVA)
			heap_chunk_set_dma_addr(t->h, k, HEAP_INVALID_ADDR);
		break;
	case 1: /* mapped in a wrong slot */
		heap_chunk_set_uva(t->h, k, UVA_BASE + SZ_512M + (u64)k * SZ_64M);
		break;
	default:
		th_map(t->h, k);
		break;
	}
}

static u64 random_size(struct rnd *t)
{
	u64 pick = xrand_below(&t->r, 100);

	if (pick < 60)
		return xrand_range(&t->r, 1, KiB(160));
	if (pick < 85)
		return xrand_range(&t->r, KiB(160), MiB(16));
	if (pick < 98)
		return xrand_range(&t->r, MiB(16), MiB(200));
	switch (xrand_below(&t->r, 4)) {
	case 0:
		return 0;
	case 1:
		return SZ_512M + 1;
	case 2:
		return U64_MAX;
	default:
		return SZ_512M;
	}
}

static void check_alloc_ok(struct rnd *t, struct heap_bo *bo, u64 size, u64 aligned)
{
	u64 first = (bo->start - BASE) / SZ_4K;
	u32 s, e;

	T_EQ(bo->size, aligned);
	T_EQ(bo->req_size, size);
	T_EQ(bo->start % SZ_32K, 0);
	T_ASSERT(bo->start >= BASE);
	T_ASSERT(bo->start + aligned <= BASE + t->m.committed);
	s = model_chunk_of(&t->m, bo->start);
	e = model_chunk_of(&t->m, bo->start + aligned - 1);
	T_EQ(bo->start_id, s);
	T_EQ(bo->end_id, e);
	if (heap_rev(t->h) == REV_856409CA)
		for (u32 k = s; k <= e; k++)
			expect_usable(t, s, k);
	set_bits(&t->m, first, aligned / SZ_4K, true);
	t->m.live += aligned;
	t->m.requested += size;
}

static void op_alloc(struct rnd *t)
{
	struct heap_bo *bo = t->bo;
	u64 size = random_size(t);
	u64 aligned = size > U64_MAX - (SZ_4K - 1) ? 0 : ALIGN_UP_P2(size, SZ_4K);
	bool head = heap_rev(t->h) == REV_856409CA;
	u64 limit = head ? SZ_512M : t->m.committed;
	int err;

	if (t->nr_bo == MAX_BOS)
		return;
	while (heap_bo_live(bo))
		bo++;
	err = heap_bo_alloc(t->h, bo, size);
	if (aligned == 0 || aligned > SZ_512M) {
		T_EQ(err, -EINVAL);
		return;
	}
	switch (err) {
	case 0:
		check_alloc_ok(t, bo, size, aligned);
		T_EQ(heap_bo_write(t->h, bo, 0, &(u64){ tag_of(bo) }, 8), 0);
		T_EQ(heap_bo_write(t->h, bo, bo->size - 8, &(u64){ ~tag_of(bo) }, 8),
				 0);
		t->nr_bo++;
		break;
	case -ENOSPC:
		/* No aligned fit in the design's range (PR: and the heap is full). */
		T_ASSERT(!model_fits(&t->m, aligned, limit));
		if (!head)
			T_EQ(t->m.committed, SZ_512M);
		break;
	case -EAGAIN:
		if (head) {
			T_ASSERT(model_fits(&t->m, aligned, SZ_512M));
		} else if (heap_last_reason(t->h) == HEAP_R_NOT_COMMITTED) {
			T_ASSERT(!model_fits(&t->m, aligned, t->m.committed));
			T_ASSERT(t->m.committed < SZ_512M);
		}
		break;
	case -EINVAL:
		/* PR: no heap / chunk 0 unmapped; HEAD: PASID non-contiguous. */
		T_ASSERT(!head || heap_last_reason(t->h) == HEAP_R_UVA_NONCONTIG);
		break;
	case -EFAULT:
		T_EQ(heap_rev(t->h), REV_PR1279);
		break;
	default:
		ck_abort_msg("step %llu: alloc %#llx: unexpected %s", (unsigned long long)t->step,
			     (unsigned long long)size, xerrname(err));
	}
}

/* A random live slot, or NULL. */
static struct heap_bo *pick_live(struct rnd *t)
{
	u32 i;

	if (!t->nr_bo)
		return NULL;
	i = (u32)xrand_below(&t->r, MAX_BOS);
	while (!heap_bo_live(&t->bo[i]))
		i = (i + 1) % MAX_BOS;
	return &t->bo[i];
}

static void op_free(struct rnd *t)
{
	struct heap_bo *bo = pick_live(t);
	u64 tag;

	if (!bo)
		return;
	T_EQ(heap_bo_read(t->h, bo, 0, &tag, 8), 0);
	T_EQ(tag, tag_of(bo));
	T_EQ(heap_bo_read(t->h, bo, bo->size - 8, &tag, 8), 0);
	T_EQ(tag, ~tag_of(bo));
	set_bits(&t->m, (bo->start - BASE) / SZ_4K, bo->size / SZ_4K, false);
	t->m.live -= bo->size;
	t->m.requested -= bo->req_size;
	T_EQ(heap_bo_free(t->h, bo), 0);
	t->nr_bo--;
}

static void op_refs(struct rnd *t)
{
	u32 k;

	if (t->nr_bo && xrand_chance(&t->r, 1, 2)) {
		T_EQ(heap_bo_pin(t->h, pick_live(t)), 0);
		return;
	}
	if (!t->m.nr_chunks)
		return;
	k = (u32)xrand_below(&t->r, t->m.nr_chunks);
	switch (xrand_below(&t->r, 4)) {
	case 0:
		T_EQ(heap_chunk_get(t->h, k), 0);
		t->ext_refs[k]++;
		break;
	case 1:
		T_EQ(heap_chunk_put(t->h, k), t->ext_refs[k] ? 0 : -EINVAL);
		if (t->ext_refs[k])
			t->ext_refs[k]--;
		break;
	case 2:
		T_EQ(heap_chunk_pin(t->h, k), 0);
		t->ext_pins[k]++;
		break;
	default:
		T_EQ(heap_chunk_unpin(t->h, k), t->ext_pins[k] ? 0 : -EINVAL);
		if (t->ext_pins[k])
			t->ext_pins[k]--;
		break;
	}
}

static void compare(struct rnd *t)
{
	struct heap_metrics m;
	struct holes hs = { 0 };

	heap_assert_ok(t->h);
	T_EQ(heap_committed(t->h), t->m.committed);
	T_EQ(heap_nr_chunks(t->h), t->m.nr_chunks);
	T_EQ(heap_usage(t->h), t->m.live);
	T_EQ(heap_requested(t->h), t->m.requested);
	T_EQ(heap_nr_bos(t->h), t->nr_bo);
	heap_metrics_get(t->h, &m);
	for_each_run(&t->m, t->m.committed / SZ_4K, hole_run, &hs);
	T_EQ(m.holes, hs.n);
	T_EQ(m.free, hs.total);
	T_EQ(m.largest_free, hs.largest);
	T_EQ(m.align_waste, hs.waste);
}

static void run(enum drv_rev d, enum addr_mode mode, u64 seed, u64 steps)
{
	struct rnd *t = calloc(1, sizeof(*t));

	T_ASSERT(t);
	t->bo = calloc(MAX_BOS, sizeof(*t->bo));
	T_ASSERT(t->bo);
	t->h = th_new("npu4", d, mode);
	xrand_seed(&t->r, seed);
	for (t->step = 0; t->step < steps; t->step++) {
		t_step = t->step;
		u64 pick = xrand_below(&t->r, 100);

		if (pick < 8)
			op_chunk_add(t);
		else if (pick < 55)
			op_alloc(t);
		else if (pick < 88)
			op_free(t);
		else if (pick < 95)
			op_refs(t);
		else
			op_remap(t);
		compare(t);
	}
	while (t->nr_bo)
		op_free(t);
	for (u32 k = 0; k < t->m.nr_chunks; k++) {
		while (t->ext_refs[k]--)
			T_EQ(heap_chunk_put(t->h, k), 0);
		while (t->ext_pins[k]--)
			T_EQ(heap_chunk_unpin(t->h, k), 0);
	}
	compare(t);
	t_step = T_NO_STEP;
	T_ASSERT(heap_clean(t->h));
	heap_destroy(t->h);
	free(t->bo);
	free(t);
}

static const struct {
	enum drv_rev d;
	enum addr_mode m;
} combos[] = {
	{ REV_856409CA, ADDR_PASID },	   { REV_856409CA, ADDR_IOVA },
	{ REV_856409CA, ADDR_CARVEOUT },  { REV_PR1233, ADDR_PASID },
	{ REV_PR1233, ADDR_CARVEOUT }, { REV_PR1279, ADDR_PASID },
};

START_TEST(test_random_against_model)
{
	u64 seed = test_seed() + (u64)_i;

	run(combos[_i].d, combos[_i].m, seed, test_scale(20000, 20));
}
END_TEST

/* Same seed → the same sequence of results (determinism of the whole heap). */
START_TEST(test_random_deterministic)
{
	struct heap_config cfg = { .profile = heap_profile_find("npu4"),
				   .rev = REV_856409CA,
				   .mode = ADDR_CARVEOUT,
				   .record_series = true };
	struct heap *h[2];
	struct heap_bo *bo[2];
	const struct heap_op_record *s[2];
	size_t n[2];

	for (int k = 0; k < 2; k++) {
		struct xrand r;

		xrand_seed(&r, test_seed());
		ck_assert_int_eq(heap_create(&cfg, &h[k]), 0);
		bo[k] = calloc(256, sizeof(*bo[k]));
		for (int i = 0; i < 600; i++) {
			u32 j = (u32)xrand_below(&r, 256);

			if (xrand_chance(&r, 1, 10))
				heap_chunk_add(h[k], SZ_64M, NULL);
			else if (heap_bo_live(&bo[k][j]))
				heap_bo_free(h[k], &bo[k][j]);
			else
				heap_bo_alloc(h[k], &bo[k][j], xrand_range(&r, 1, MiB(40)));
		}
		s[k] = heap_series(h[k], &n[k]);
	}
	ck_assert_uint_eq(n[0], n[1]);
	ck_assert_mem_eq(s[0], s[1], n[0] * sizeof(*s[0]));
	for (int k = 0; k < 2; k++) {
		for (u32 i = 0; i < 256; i++)
			if (heap_bo_live(&bo[k][i]))
				heap_bo_free(h[k], &bo[k][i]);
		heap_destroy(h[k]);
		free(bo[k]);
	}
}
END_TEST

Suite *heap_random_suite(void)
{
	Suite *s = suite_create("heap_random");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_random_against_model, 0, ARRAY_SIZE(combos));
	tcase_add_test(tc, test_random_deterministic);
	suite_add_tcase(s, tc);
	return s;
}
