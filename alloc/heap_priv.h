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

/**
 * struct heap_ops - what one driver revision does in the heap
 * (alloc/heap_rev.c holds one table per revision).
 * @precheck: placement checks before the allocator (after the common size
 *	checks); 0 or the errno with heap->last_reason set.
 * @insert_end: end of the BEST insert range (start is always the base).
 * @no_hole: the errno (and last_reason) when the insert finds no hole.
 * @place: after the insert: start_id/end_id/uva, or the errno and reason.
 * @bo_refs_spanned: a DEV BO references every chunk it spans (else chunk 0).
 * @bo_pin_pins_chunks: pinning a DEV BO pins every chunk it spans.
 * @bo_uva_cached: the DEV BO caches its uva at creation (PASID, I9).
 * @vmap_cross_errno: kernel vmap of a DEV BO spanning several chunks.
 * @needs_expand_op: a second chunk needs the hwctx_heap_expand device op.
 * @uva_rule: how an mmap records the chunk's CPU address.
 * @bo_info_uva: GET_BO_INFO.vaddr of a DEV BO.
 * @bo_sync: SYNC_BO ranges of a DEV BO (see heap_bo_sync_ranges()).
 * @chunk_sync: bounds of SYNC_BO through a chunk handle; may clamp *len.
 * @chunk_uva: amdxdna_gem_uva() of a chunk.
 * @fw_addr: the chunk address sent to firmware.
 * @xdna_addr: GET_BO_INFO.xdna_addr of a chunk.
 * @mmap_check: mmap-time check of a chunk's new CPU address; 0 or -EINVAL.
 */
struct heap_ops {
	int (*precheck)(struct heap *heap, u64 aligned);
	u64 (*insert_end)(const struct heap *heap);
	int (*no_hole)(struct heap *heap);
	int (*place)(struct heap *heap, struct heap_bo *bo);
	bool bo_refs_spanned;
	bool bo_pin_pins_chunks;
	bool bo_uva_cached;
	int vmap_cross_errno;
	bool needs_expand_op;
	enum heap_uva_rule uva_rule;
	u64 (*bo_info_uva)(const struct heap *heap, const struct heap_bo *bo);
	int (*bo_sync)(const struct heap *heap, const struct heap_bo *bo, u64 offset, u64 size,
		       struct heap_flush *out, u32 max, u32 *nr);
	int (*chunk_sync)(const struct heap *heap, const struct heap_chunk *c, u64 offset,
			  u64 *len);
	u64 (*chunk_uva)(const struct heap *heap, const struct heap_chunk *c);
	u64 (*fw_addr)(const struct heap *heap, const struct heap_chunk *c);
	u64 (*xdna_addr)(const struct heap *heap, const struct heap_chunk *c);
	int (*mmap_check)(const struct heap *heap, const struct heap_chunk *c, u64 uva);
};

struct heap {
	struct heap_profile prof;
	enum drv_rev rev;
	const struct heap_ops *ops;
	enum addr_mode mode;
	u32 quirks;		/* HEAP_QUIRK_* */
	u64 bo_align;
	u64 page_size;

	bool mm_ready;
	struct mm mm;

	struct heap_chunk chunks[HEAP_MAX_CHUNKS];
	u32 nr_chunks;		/* dev_heap_nid */
	u32 chunks_added;	/* append counter, I2 */
	u64 committed;		/* total_heap_size */
	u8 gran_chunk[HEAP_MAX_CHUNKS];	/* chunk of each committed chunk_size granule */
	u32 gran_shift;		/* log2(prof.chunk_size) */
	u64 usage;		/* heap_usage */
	u64 requested;
	u32 nr_bos;
	u32 nr_cross;		/* live DEV BOs spanning more than one chunk */
	struct heap_hole_acc raw_holes;	/* over every hole of the allocator */

	struct heap_attach *attach_head;

	u64 seq;		/* event counter (uva changes, BO creation), I9 */
	u64 nr_ops;		/* recorded operations (series seq) */
	enum heap_reason last_reason;
	u32 last_walked;	/* chunks the last placement walk accepted */
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
/* heap__ops - @rev's table (alloc/heap_rev.c), NULL for an unknown value. */
const struct heap_ops *heap__ops(enum drv_rev rev);
/*
 * heap__flush_overlaps - append the overlap of [@fs, @fs + @size) (plain
 * 64-bit arithmetic) with each chunk @first..@last to @out; 0 or -ENOSPC.
 */
int heap__flush_overlaps(const struct heap *heap, u32 first, u32 last, u64 fs, u64 size,
			 struct heap_flush *out, u32 max, u32 *nr);

#define heap_for_each_bo(bo, pos, heap)                                              \
	mm_for_each_node(pos, &(heap)->mm)                                           \
		if (((bo) = container_of(pos, struct heap_bo, node)), 1)

#endif /* XDNASIM_ALLOC_HEAP_PRIV_H */
