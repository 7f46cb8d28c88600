/* SPDX-License-Identifier: MIT */
/*
 * heap_metrics.h - fragmentation and capacity metrics of a device heap,
 * available at any moment (heap_metrics_get()) and as a per-operation series
 * (heap_series() / heap_set_op_hook()).  Definitions: docs/metrics.md, after
 * docs/driver/peers.md §4.  Everything is computed here, in alloc, from the heap's own
 * state; the command-line program only prints it.
 *
 * Notation: C committed bytes, A live bytes (heap_usage, page-aligned
 * sizes), R requested bytes, holes = the free ranges of the allocator
 * clipped to the committed region [base, base + C), F = Σ holes = C − A,
 * Lf = the largest of them.
 */
#ifndef XDNASIM_ALLOC_HEAP_METRICS_H
#define XDNASIM_ALLOC_HEAP_METRICS_H

#include <stdio.h>

#include "alloc/heap.h"

/* Power-of-two histogram orders: order k counts holes with 2^k ≤ size < 2^(k+1). */
#define HEAP_HIST_ORDERS 64

/**
 * struct heap_counters - cumulative event counters since heap_create().
 * @allocs_ok: successful heap_bo_alloc() calls.
 * @allocs_einval, @allocs_eagain, @allocs_enospc, @allocs_efault: failures by errno.
 * @frees: successful heap_bo_free() calls.
 * @chunk_adds: successful heap_chunk_add() calls; @chunk_add_fails: failed ones.
 * @expansions: chunks added while the heap already had one (growth steps).
 * @expansion_bytes: bytes those expansions committed.
 * @frag_eagain: fragmentation-induced expansions: -EAGAIN because the node
 *	did not fit in committed chunks (HEAP_R_NOT_COMMITTED) although the free
 *	committed bytes F were ≥ the page-aligned request.
 * @unusable_eagain: -EAGAIN because a spanned chunk was not usable (unmapped
 *	/ not DMA-mapped) or no chunk existed; not a fragmentation effect.
 * @premature_oom: -ENOSPC although max − A ≥ the page-aligned request.
 * @peak_committed, @peak_live, @peak_requested: high-water marks of C, A, R.
 * @high_water: highest end offset (from base) any DEV BO ever reached.
 * @inserts: range-allocator insert attempts (each heap_bo_alloc that got to
 *	the allocator, success or not).
 * @search_cost_total, @search_cost_max, @search_cost_last: the kernel BEST
 *	walk's cost (holes examined and rejected before the chosen one, or all
 *	candidates on failure) summed, maximum, and of the last insert.
 */
struct heap_counters {
	u64 allocs_ok;
	u64 allocs_einval;
	u64 allocs_eagain;
	u64 allocs_enospc;
	u64 allocs_efault;
	u64 frees;
	u64 chunk_adds;
	u64 chunk_add_fails;
	u64 expansions;
	u64 expansion_bytes;
	u64 frag_eagain;
	u64 unusable_eagain;
	u64 premature_oom;
	u64 peak_committed;
	u64 peak_live;
	u64 peak_requested;
	u64 high_water;
	u64 inserts;
	u64 search_cost_total;
	u64 search_cost_max;
	u64 search_cost_last;
};

/**
 * struct heap_metrics - the state metrics at one moment plus the counters.
 * @committed: C.  @live: A.  @requested: R.
 * @free: F = C − A, free bytes inside committed chunks.
 * @largest_free: Lf.
 * @ext_frag: E = 1 − Lf / F, 0 when F = 0.
 * @holes: number of holes inside committed chunks.
 * @hole_hist: holes per power-of-two order; @hole_hist_bytes: their bytes.
 * @align_waste: W_align, bytes in holes that contain no 32 KiB-aligned
 *	address (no DEV BO can ever start there).
 * @page_waste: W_page = A − R.
 * @nr_bos: live DEV BOs; @cross_chunk_bos: those spanning > 1 chunk.
 * @nr_chunks: chunks; @chunk_live: live DEV BO bytes inside each chunk.
 * @peak_ratio: peak C / peak A (J&W #4 ratio form), 0 while peak A is 0.
 * @c: cumulative counters.
 */
struct heap_metrics {
	u64 committed;
	u64 live;
	u64 requested;
	u64 free;
	u64 largest_free;
	double ext_frag;
	u32 holes;
	u32 hole_hist[HEAP_HIST_ORDERS];
	u64 hole_hist_bytes[HEAP_HIST_ORDERS];
	u64 align_waste;
	u64 page_waste;
	u32 nr_bos;
	u32 cross_chunk_bos;
	u32 nr_chunks;
	u64 chunk_size[HEAP_MAX_CHUNKS];
	u64 chunk_live[HEAP_MAX_CHUNKS];
	double peak_ratio;
	struct heap_counters c;
};

/*
 * heap_metrics_get - the metrics of @heap now.  They are maintained as the
 * heap changes, so this costs O(log holes + chunks + histogram orders).
 * This function can't fail.
 */
void heap_metrics_get(const struct heap *heap, struct heap_metrics *m);

/*
 * heap_metrics_scratch - the same metrics recomputed from scratch by walking
 * every hole and DEV BO, O(holes + BOs): the definition heap_metrics_get()
 * is checked against.  This function can't fail.
 */
void heap_metrics_scratch(const struct heap *heap, struct heap_metrics *m);

/*
 * heap_metrics_verify - compare heap_metrics_get() with heap_metrics_scratch(),
 * then heap_metrics_state() with heap_metrics_get().  Returns 0 when every
 * field agrees, -EUCLEAN otherwise with "incremental FIELD X, recomputed Y"
 * or "state FIELD X, full metrics Y" in @why (may be NULL).  heap_check()
 * runs it as part of invariant I0.
 */
int heap_metrics_verify(const struct heap *heap, char *why, size_t len);

/*
 * heap_metrics_state - the state metrics of @heap now, for a caller that
 * wants them after every operation: sets @m's committed, live, requested,
 * free, largest_free, ext_frag, holes, align_waste, nr_bos, cross_chunk_bos
 * and nr_chunks to what heap_metrics_get() would, and leaves every other
 * field (histogram, per-chunk arrays, page_waste, peak_ratio, counters) as
 * it was.  O(1) when no node lies past the committed bytes: it neither
 * fills nor copies the arrays.  This function can't fail.
 */
void heap_metrics_state(const struct heap *heap, struct heap_metrics *m);

/* heap_counters_get - the cumulative counters only, O(1).  This function can't fail. */
void heap_counters_get(const struct heap *heap, struct heap_counters *c);

/*
 * heap_metrics_chunk_util - chunk_live / chunk_size of chunk @idx; 0 for an
 * index at or past nr_chunks (or HEAP_MAX_CHUNKS) and for a size of 0.
 */
double heap_metrics_chunk_util(const struct heap_metrics *m, u32 idx);

/**
 * heap_metrics_print - a stable, readable dump of @m on @f: one "key: value"
 * line per metric, per-chunk utilisation, and the hole histogram as
 * "order-N free: X KiB, blocks: K" lines (non-empty orders only).
 * Returns 0 or -EIO if writing failed.
 */
int heap_metrics_print(FILE *f, const struct heap_metrics *m);

/* enum heap_op - the operations the series records. */
enum heap_op {
	HEAP_OP_CHUNK_ADD = 0,
	HEAP_OP_BO_ALLOC = 1,
	HEAP_OP_BO_FREE = 2,
};

/* heap_op_name - "chunk-add", "bo-alloc", "bo-free"; "?" otherwise. */
const char *heap_op_name(enum heap_op op);

/**
 * struct heap_op_record - one operation and the metrics right after it.
 * @seq: 1-based operation number within the heap.
 * @op: what ran.  @err: its result (0 or a negative errno).
 * @reason: heap_last_reason() after it.
 * @size: requested size (alloc), chunk size (add), BO size (free).
 * @addr: BO start (alloc/free) or chunk address (add); HEAP_INVALID_ADDR on failure.
 * @search_cost: BEST-walk cost of this insert (alloc that reached the
 *	allocator), else 0.
 * The remaining fields are heap_metrics fields / counters after the op.
 */
struct heap_op_record {
	u64 seq;
	enum heap_op op;
	int err;
	enum heap_reason reason;
	u64 size;
	u64 addr;
	u64 search_cost;
	u64 committed;
	u64 live;
	u64 requested;
	u64 free;
	u64 largest_free;
	double ext_frag;
	u32 holes;
	u32 nr_bos;
	u32 cross_chunk_bos;
	u64 align_waste;
	u64 expansions;
	u64 frag_eagain;
	u64 premature_oom;
};

/*
 * heap_series - the records kept since heap_create() when
 * heap_config.record_series was set (else none); *@n receives the count.
 * The pointer stays valid until the next operation on @heap.
 */
const struct heap_op_record *heap_series(const struct heap *heap, size_t *n);

/* heap_series_dropped - records lost because the host allocation failed. */
u64 heap_series_dropped(const struct heap *heap);

/* heap_op_hook - called after every recorded operation. */
typedef void (*heap_op_hook)(void *ctx, const struct heap_op_record *rec);

/*
 * heap_set_op_hook - call @fn(@ctx, record) after every chunk add, DEV BO
 * alloc and free (NULL @fn removes the hook).  Independent of record_series.
 * This function can't fail.
 */
void heap_set_op_hook(struct heap *heap, heap_op_hook fn, void *ctx);

#endif /* XDNASIM_ALLOC_HEAP_METRICS_H */
