/* SPDX-License-Identifier: MIT */
/*
 * heap_priv.h - the heap's internal structures, shared by alloc/heap*.c and by
 * the tests that corrupt them on purpose to prove heap_check() notices.
 * Not part of the public API.
 */
#ifndef XDNASIM_ALLOC_HEAP_PRIV_H
#define XDNASIM_ALLOC_HEAP_PRIV_H

#include "alloc/heap.h"
#include "alloc/heap_metrics.h"

/* Sparse contents: a chunk's pages, grouped 512 to a leaf (2 MiB). */
#define HEAP_PAGE_SHIFT 12
#define HEAP_PAGE_SIZE (1ULL << HEAP_PAGE_SHIFT)
#define HEAP_LEAF_PAGES 512ULL
#define HEAP_LEAF_SPAN (HEAP_LEAF_PAGES * HEAP_PAGE_SIZE)

struct heap_leaf {
	u8 *page[HEAP_LEAF_PAGES];
};

/**
 * struct heap_chunk - one DEV_HEAP chunk.
 * @index: its position (== array index).
 * @dev_addr: base + Σ sizes of earlier chunks.
 * @size: bytes (a multiple of the chunk granularity).
 * @uva, @dma_addr: recorded addresses, HEAP_INVALID_ADDR when unknown.
 * @uva_seq: heap operation sequence number of the last uva change.
 * @refs: total references (1 registry + @ext_refs + DEV BOs + attachments).
 * @pins: total pins (@ext_pins + pinned DEV BOs + attachments).
 * @ext_refs, @ext_pins: held by the caller through heap_chunk_get/pin.
 * @vmapped: the kernel mapping exists (created lazily, kept until destroy).
 * @leaves: sparse contents, size / HEAP_LEAF_SPAN leaf pointers (NULL until
 *	the first write).
 * @resident: bytes of allocated pages.
 * @live: bytes of live DEV BOs inside this chunk (kept on alloc and free).
 */
struct heap_chunk {
	u32 index;
	u64 dev_addr;
	u64 size;
	u64 uva;
	u64 dma_addr;
	u64 uva_seq;
	u32 refs;
	u32 pins;
	u32 ext_refs;
	u32 ext_pins;
	bool vmapped;
	struct heap_leaf **leaves;
	u64 resident;
	u64 live;
};

/*
 * struct heap_hole_acc - the additive hole metrics summed over a set of
 * holes: count, power-of-two histogram (count and bytes), alignment waste.
 */
struct heap_hole_acc {
	u64 holes;
	u64 hist[HEAP_HIST_ORDERS];
	u64 hist_bytes[HEAP_HIST_ORDERS];
	u64 align_waste;
};

struct heap {
	struct heap_profile prof;
	enum heap_design design;
	enum heap_mode mode;
	u32 quirks;		/* HEAP_QUIRK_* */
	u64 bo_align;
	u64 page_size;

	bool mm_ready;
	struct mm mm;

	struct heap_chunk chunks[HEAP_MAX_CHUNKS];
	u32 nr_chunks;		/* dev_heap_nid */
	u32 chunks_added;	/* append counter, I2 */
	u64 committed;		/* total_heap_size */
	u64 usage;		/* heap_usage */
	u64 requested;
	u32 nr_bos;
	u32 nr_cross;		/* live DEV BOs spanning more than one chunk */
	struct heap_hole_acc raw_holes;	/* over every hole of the allocator */

	struct heap_attach *attach_head;

	u64 seq;		/* event counter (uva changes, BO creation), I9 */
	u64 nr_ops;		/* recorded operations (series seq) */
	enum heap_reason last_reason;
	u64 last_search_cost;

	struct heap_counters ctr;
	bool record_series;
	struct heap_op_record *series;
	size_t series_len;
	size_t series_cap;
	u64 series_dropped;
	heap_op_hook hook;
	void *hook_ctx;
};

/* Internal helpers shared between the heap's files. */
struct heap_chunk *heap__chunk(const struct heap *heap, u32 idx);
u32 heap__chunk_of(const struct heap *heap, u64 addr);
void heap__record(struct heap *heap, enum heap_op op, int err, u64 size, u64 addr,
		  u64 search_cost);
void heap__chunk_free_pages(struct heap_chunk *c);
void heap__note_peaks(struct heap *heap);
/* heap_metrics.c: the allocator's hole hook; a DEV BO's share of the chunk metrics (±1). */
void heap__hole_event(void *ctx, u64 start, u64 size, bool added);
void heap__bo_account(struct heap *heap, const struct heap_bo *bo, int sign);

#define heap_for_each_bo(bo, pos, heap)                                              \
	mm_for_each_node(pos, &(heap)->mm)                                           \
		if (((bo) = container_of(pos, struct heap_bo, node)), 1)

#endif /* XDNASIM_ALLOC_HEAP_PRIV_H */
