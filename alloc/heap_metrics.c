// SPDX-License-Identifier: MIT
/*
 * heap_metrics.c - fragmentation and capacity metrics of a device heap
 * (docs/driver/peers.md §4; definitions in docs/metrics.md) and the per-operation series.
 *
 * State metrics are kept up to date as the heap changes: the allocator
 * reports every hole it adds or removes (mm_set_hole_hook()), and the heap
 * sums the additive hole metrics (count, histogram, alignment waste) over
 * those raw holes; DEV BO alloc and free adjust the per-chunk live bytes
 * and the cross-chunk count.  heap_metrics_get() clips the raw sums to the
 * committed region in O(log H).  heap_metrics_scratch() recomputes
 * everything from the allocator's walks, O(holes + BOs); heap_metrics_verify()
 * compares the two.  Event counters are kept by heap.c / heap_bo.c as the
 * operations happen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_priv.h"

static unsigned int order_of(u64 size)
{
	return 63u - (unsigned int)__builtin_clzll(size);
}

/*
 * The additive hole metrics of one hole [lo, hi) (count, histogram order,
 * alignment waste), added (@sign +1) to or taken (-1) from @acc.
 */
/* The alignment waste of hole [lo, hi): all of it when no DEV BO can start in it. */
static u64 hole_waste(u64 bo_align, u64 lo, u64 hi)
{
	u64 first_aligned = ALIGN_UP_P2(lo, bo_align);

	return first_aligned < lo || first_aligned >= hi ? hi - lo : 0;
}

static void hole_account(struct heap_hole_acc *acc, u64 bo_align, u64 lo, u64 hi, int sign,
			 bool hist)
{
	u64 len = hi - lo;
	unsigned int order = order_of(len);

	acc->holes += (u64)(s64)sign;
	acc->align_waste += (u64)(s64)sign * hole_waste(bo_align, lo, hi);
	if (hist) {
		acc->hist[order] += (u64)(s64)sign;
		acc->hist_bytes[order] += (u64)(s64)sign * len;
	}
}

void heap__hole_event(void *ctx, u64 start, u64 size, bool added)
{
	struct heap *heap = ctx;

	hole_account(&heap->raw_holes, heap->bo_align, start, start + size, added ? 1 : -1, true);
}

void heap__bo_account(struct heap *heap, const struct heap_bo *bo, int sign)
{
	u64 bend = bo->start + bo->size;

	if (bo->start_id != bo->end_id)
		heap->nr_cross += (u32)sign;
	for (u32 k = bo->start_id; k <= bo->end_id && k < heap->nr_chunks; k++) {
		struct heap_chunk *c = &heap->chunks[k];
		u64 lo = bo->start > c->dev_addr ? bo->start : c->dev_addr;
		u64 cend = c->dev_addr + c->size;
		u64 hi = bend < cend ? bend : cend;

		if (lo < hi)
			c->live += (u64)(s64)sign * (hi - lo);
	}
}

static void acc_to_metrics(const struct heap_hole_acc *acc, struct heap_metrics *m)
{
	m->holes = (u32)acc->holes;
	m->align_waste = acc->align_waste;
	for (unsigned int o = 0; o < HEAP_HIST_ORDERS; o++) {
		m->hole_hist[o] = (u32)acc->hist[o];
		m->hole_hist_bytes[o] = acc->hist_bytes[o];
	}
}

/* What every computation shares: the heap's own totals, chunks, counters. */
static void metrics_common(const struct heap *heap, struct heap_metrics *m)
{
	memset(m, 0, sizeof(*m));
	m->committed = heap->committed;
	m->live = heap->usage;
	m->requested = heap->requested;
	m->free = heap->committed - heap->usage;
	m->page_waste = heap->usage - heap->requested;
	m->nr_chunks = heap->nr_chunks;
	for (u32 k = 0; k < heap->nr_chunks; k++)
		m->chunk_size[k] = heap->chunks[k].size;
	m->c = heap->ctr;
	m->peak_ratio = heap->ctr.peak_live ?
		(double)heap->ctr.peak_committed / (double)heap->ctr.peak_live : 0.0;
}

static void metrics_finish(struct heap_metrics *m)
{
	m->ext_frag = m->free ? 1.0 - (double)m->largest_free / (double)m->free : 0.0;
}

void heap_metrics_scratch(const struct heap *heap, struct heap_metrics *m)
{
	const struct mm_node *pos;
	struct heap_hole_acc acc;
	u64 hs, he;
	u64 cend = heap->prof.base + heap->committed;

	metrics_common(heap, m);
	memset(&acc, 0, sizeof(acc));
	if (!heap->mm_ready)
		goto out;
	mm_for_each_hole_addr(pos, &heap->mm, hs, he) {
		u64 hi = he < cend ? he : cend;

		if (hs >= hi)
			continue;
		hole_account(&acc, heap->bo_align, hs, hi, 1, true);
		if (hi - hs > m->largest_free)
			m->largest_free = hi - hs;
	}
	mm_for_each_node(pos, &heap->mm) {
		const struct heap_bo *bo = container_of(pos, struct heap_bo, node);

		m->nr_bos++;
		if (bo->start_id != bo->end_id)
			m->cross_chunk_bos++;
		for (u32 k = bo->start_id; k <= bo->end_id && k < heap->nr_chunks; k++) {
			const struct heap_chunk *c = &heap->chunks[k];
			u64 lo = bo->start > c->dev_addr ? bo->start : c->dev_addr;
			u64 bend = bo->start + bo->size, ce = c->dev_addr + c->size;
			u64 hi = bend < ce ? bend : ce;

			if (lo < hi)
				m->chunk_live[k] += hi - lo;
		}
	}
out:
	acc_to_metrics(&acc, m);
	metrics_finish(m);
}

/*
 * The hole accumulator covers the allocator's raw holes; the metrics clip
 * them to the committed region [base, base + C).  Only holes that end past
 * base + C differ (with every DEV BO inside the committed chunks, that is
 * the one trailing hole): take them out of @acc (its histogram too when
 * @hist) and put their clipped part back.  Returns the largest clipped
 * hole (mm_largest_hole_below()).
 */
static u64 clip_committed(const struct heap *heap, struct heap_hole_acc *acc, bool hist)
{
	u64 cend = heap->prof.base + heap->committed;

	for (const struct mm_node *h = mm_first_hole_ending_after(&heap->mm, cend); h;
	     h = mm__hole_addr_next(h)) {
		u64 hs = mm_hole_node_start(h), he = hs + h->hole_size;

		hole_account(acc, heap->bo_align, hs, he, -1, hist);
		if (hs < cend)
			hole_account(acc, heap->bo_align, hs, cend, 1, hist);
	}
	return mm_largest_hole_below(&heap->mm, cend);
}

void heap_metrics_get(const struct heap *heap, struct heap_metrics *m)
{
	struct heap_hole_acc acc = heap->raw_holes;

	metrics_common(heap, m);
	if (heap->mm_ready)
		m->largest_free = clip_committed(heap, &acc, true);
	else
		memset(&acc, 0, sizeof(acc));
	acc_to_metrics(&acc, m);
	m->nr_bos = heap->nr_bos;
	m->cross_chunk_bos = heap->nr_cross;
	for (u32 k = 0; k < heap->nr_chunks; k++)
		m->chunk_live[k] = heap->chunks[k].live;
	metrics_finish(m);
}

void heap_metrics_state(const struct heap *heap, struct heap_metrics *st)
{
	struct heap_hole_acc acc;	/* its histogram is neither read nor written */

	acc.holes = heap->mm_ready ? heap->raw_holes.holes : 0;
	acc.align_waste = heap->mm_ready ? heap->raw_holes.align_waste : 0;
	st->largest_free = heap->mm_ready ? clip_committed(heap, &acc, false) : 0;
	st->holes = (u32)acc.holes;
	st->align_waste = acc.align_waste;
	st->committed = heap->committed;
	st->live = heap->usage;
	st->requested = heap->requested;
	st->free = heap->committed - heap->usage;
	st->nr_chunks = heap->nr_chunks;
	st->nr_bos = heap->nr_bos;
	st->cross_chunk_bos = heap->nr_cross;
	metrics_finish(st);
}

/* heap_metrics_state() against the full metrics @a of the same moment. */
static int state_verify(const struct heap *heap, const struct heap_metrics *a, char *why,
			size_t len)
{
	struct heap_metrics st;
	const char *what = NULL;
	u64 x = 0, y = 0;

	memset(&st, 0xa5, sizeof(st));	/* what the call must not rely on */
	heap_metrics_state(heap, &st);
#define CMP(f)                                                   \
	else if (st.f != a->f) {                                 \
		what = #f;                                       \
		x = (u64)st.f;                                   \
		y = (u64)a->f;                                   \
	}
	if (0) {
	}
	CMP(committed) CMP(live) CMP(requested) CMP(free) CMP(largest_free) CMP(holes)
	CMP(align_waste) CMP(nr_bos) CMP(cross_chunk_bos) CMP(nr_chunks)
#undef CMP
	else if (st.ext_frag != a->ext_frag)
		what = "ext_frag";
	if (!what)
		return 0;
	if (why && len)
		snprintf(why, len, "state %s %llu, full metrics %llu", what, (unsigned long long)x,
			 (unsigned long long)y);
	return -EUCLEAN;
}

int heap_metrics_verify(const struct heap *heap, char *why, size_t len)
{
	struct heap_metrics a, b;
	const char *what = NULL;
	u64 x = 0, y = 0;

	heap_metrics_get(heap, &a);
	heap_metrics_scratch(heap, &b);
#define CMP(f)                                                   \
	else if (a.f != b.f) {                                   \
		what = #f;                                       \
		x = (u64)a.f;                                    \
		y = (u64)b.f;                                    \
	}
	if (0) {
	}
	CMP(holes) CMP(largest_free) CMP(align_waste) CMP(nr_bos) CMP(cross_chunk_bos)
#undef CMP
	for (unsigned int o = 0; !what && o < HEAP_HIST_ORDERS; o++) {
		if (a.hole_hist[o] != b.hole_hist[o] || a.hole_hist_bytes[o] != b.hole_hist_bytes[o]) {
			what = "hole_hist";
			x = a.hole_hist_bytes[o];
			y = b.hole_hist_bytes[o];
		}
	}
	for (u32 k = 0; !what && k < a.nr_chunks; k++) {
		if (a.chunk_live[k] != b.chunk_live[k]) {
			what = "chunk_live";
			x = a.chunk_live[k];
			y = b.chunk_live[k];
		}
	}
	if (!what && memcmp(&a, &b, sizeof(a))) {
		what = "metrics";
	}
	if (!what)
		return state_verify(heap, &a, why, len);
	if (why && len)
		snprintf(why, len, "incremental %s %llu, recomputed %llu", what,
			 (unsigned long long)x, (unsigned long long)y);
	return -EUCLEAN;
}

void heap_counters_get(const struct heap *heap, struct heap_counters *c)
{
	*c = heap->ctr;
}

double heap_metrics_chunk_util(const struct heap_metrics *m, u32 idx)
{
	if (idx >= m->nr_chunks || idx >= HEAP_MAX_CHUNKS || !m->chunk_size[idx])
		return 0.0;
	return (double)m->chunk_live[idx] / (double)m->chunk_size[idx];
}

int heap_metrics_print(FILE *f, const struct heap_metrics *m)
{
	const struct heap_counters *c = &m->c;
	int n = 0;

#define P(fmt, ...) (n |= fprintf(f, fmt "\n", __VA_ARGS__) < 0)
	P("committed: %llu", (unsigned long long)m->committed);
	P("live: %llu", (unsigned long long)m->live);
	P("requested: %llu", (unsigned long long)m->requested);
	P("free: %llu", (unsigned long long)m->free);
	P("largest_free: %llu", (unsigned long long)m->largest_free);
	P("ext_frag: %.6f", m->ext_frag);
	P("holes: %u", m->holes);
	P("align_waste: %llu", (unsigned long long)m->align_waste);
	P("page_waste: %llu", (unsigned long long)m->page_waste);
	P("bos: %u", m->nr_bos);
	P("cross_chunk_bos: %u", m->cross_chunk_bos);
	P("chunks: %u", m->nr_chunks);
	P("expansions: %llu", (unsigned long long)c->expansions);
	P("frag_eagain: %llu", (unsigned long long)c->frag_eagain);
	P("unusable_eagain: %llu", (unsigned long long)c->unusable_eagain);
	P("premature_oom: %llu", (unsigned long long)c->premature_oom);
	P("peak_committed: %llu", (unsigned long long)c->peak_committed);
	P("peak_live: %llu", (unsigned long long)c->peak_live);
	P("peak_ratio: %.6f", m->peak_ratio);
	P("high_water: %llu", (unsigned long long)c->high_water);
	P("allocs: ok %llu einval %llu eagain %llu enospc %llu efault %llu",
	  (unsigned long long)c->allocs_ok, (unsigned long long)c->allocs_einval,
	  (unsigned long long)c->allocs_eagain, (unsigned long long)c->allocs_enospc,
	  (unsigned long long)c->allocs_efault);
	P("frees: %llu", (unsigned long long)c->frees);
	P("search_cost: last %llu max %llu total %llu over %llu inserts",
	  (unsigned long long)c->search_cost_last, (unsigned long long)c->search_cost_max,
	  (unsigned long long)c->search_cost_total, (unsigned long long)c->inserts);
	for (u32 k = 0; k < m->nr_chunks; k++)
		P("chunk %u: live %llu of %llu (%.2f%%)", k, (unsigned long long)m->chunk_live[k],
		  (unsigned long long)m->chunk_size[k], 100.0 * heap_metrics_chunk_util(m, k));
	for (unsigned int o = 0; o < HEAP_HIST_ORDERS; o++)
		if (m->hole_hist[o])
			P("order-%u free: %llu KiB, blocks: %u", o,
			  (unsigned long long)(m->hole_hist_bytes[o] / 1024), m->hole_hist[o]);
#undef P
	return n ? -EIO : 0;
}

const char *heap_op_name(enum heap_op op)
{
	switch (op) {
	case HEAP_OP_CHUNK_ADD:
		return "chunk-add";
	case HEAP_OP_BO_ALLOC:
		return "bo-alloc";
	case HEAP_OP_BO_FREE:
		return "bo-free";
	}
	return "?";
}

static void series_append(struct heap *heap, const struct heap_op_record *rec)
{
	if (heap->series_len == heap->series_cap) {
		size_t cap = heap->series_cap ? 2 * heap->series_cap : 256;
		struct heap_op_record *p = realloc(heap->series, cap * sizeof(*p));

		if (!p) {
			heap->series_dropped++;
			return;
		}
		heap->series = p;
		heap->series_cap = cap;
	}
	heap->series[heap->series_len++] = *rec;
}

void heap__record(struct heap *heap, enum heap_op op, int err, u64 size, u64 addr,
		  u64 search_cost)
{
	struct heap_op_record rec;
	struct heap_metrics m;

	heap->nr_ops++;
	if (!heap->record_series && !heap->hook)
		return;
	heap_metrics_get(heap, &m);
	memset(&rec, 0, sizeof(rec));
	rec.seq = heap->nr_ops;
	rec.op = op;
	rec.err = err;
	rec.reason = heap->last_reason;
	rec.size = size;
	rec.addr = addr;
	rec.search_cost = search_cost;
	rec.committed = m.committed;
	rec.live = m.live;
	rec.requested = m.requested;
	rec.free = m.free;
	rec.largest_free = m.largest_free;
	rec.ext_frag = m.ext_frag;
	rec.holes = m.holes;
	rec.nr_bos = m.nr_bos;
	rec.cross_chunk_bos = m.cross_chunk_bos;
	rec.align_waste = m.align_waste;
	rec.expansions = m.c.expansions;
	rec.frag_eagain = m.c.frag_eagain;
	rec.premature_oom = m.c.premature_oom;
	if (heap->record_series)
		series_append(heap, &rec);
	if (heap->hook)
		heap->hook(heap->hook_ctx, &rec);
}

const struct heap_op_record *heap_series(const struct heap *heap, size_t *n)
{
	*n = heap->series_len;
	return heap->series;
}

u64 heap_series_dropped(const struct heap *heap)
{
	return heap->series_dropped;
}

void heap_set_op_hook(struct heap *heap, heap_op_hook fn, void *ctx)
{
	heap->hook = fn;
	heap->hook_ctx = ctx;
}
