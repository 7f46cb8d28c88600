// SPDX-License-Identifier: MIT
/*
 * heap_metrics.c - fragmentation and capacity metrics of a device heap
 * (docs/driver/peers.md §4; definitions in docs/metrics.md) and the per-operation series.
 *
 * State metrics are recomputed from the allocator on demand, O(holes + BOs):
 * holes come from the address-ordered hole walk of alloc/mm, clipped to the
 * committed region; event counters are kept by heap.c / heap_bo.c as the
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

static void hole_metrics(const struct heap *heap, struct heap_metrics *m)
{
	const struct mm_node *pos;
	u64 hs, he;
	u64 cend = heap->prof.base + heap->committed;

	if (!heap->mm_ready)
		return;
	mm_for_each_hole_addr(pos, &heap->mm, hs, he) {
		u64 lo = hs, hi = he < cend ? he : cend;
		u64 len, first_aligned;
		unsigned int order;

		if (lo >= hi)
			continue;
		len = hi - lo;
		m->holes++;
		if (len > m->largest_free)
			m->largest_free = len;
		order = order_of(len);
		m->hole_hist[order]++;
		m->hole_hist_bytes[order] += len;
		/* No DEV BO can start in a hole without a 32 KiB-aligned address. */
		first_aligned = ALIGN_UP_P2(lo, heap->bo_align);
		if (first_aligned < lo || first_aligned >= hi)
			m->align_waste += len;
	}
}

static void bo_metrics(const struct heap *heap, struct heap_metrics *m)
{
	const struct mm_node *pos;

	if (!heap->mm_ready)
		return;
	mm_for_each_node(pos, &heap->mm) {
		const struct heap_bo *bo = container_of(pos, struct heap_bo, node);

		m->nr_bos++;
		if (bo->start_id != bo->end_id)
			m->cross_chunk_bos++;
		for (u32 k = bo->start_id; k <= bo->end_id && k < heap->nr_chunks; k++) {
			const struct heap_chunk *c = &heap->chunks[k];
			u64 lo = bo->start > c->dev_addr ? bo->start : c->dev_addr;
			u64 bend = bo->start + bo->size, cend = c->dev_addr + c->size;
			u64 hi = bend < cend ? bend : cend;

			if (lo < hi)
				m->chunk_live[k] += hi - lo;
		}
	}
}

void heap_metrics_get(const struct heap *heap, struct heap_metrics *m)
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
	hole_metrics(heap, m);
	bo_metrics(heap, m);
	m->ext_frag = m->free ? 1.0 - (double)m->largest_free / (double)m->free : 0.0;
	m->c = heap->ctr;
	m->peak_ratio = heap->ctr.peak_live ?
		(double)heap->ctr.peak_committed / (double)heap->ctr.peak_live : 0.0;
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
