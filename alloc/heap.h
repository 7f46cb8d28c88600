/* SPDX-License-Identifier: MIT */
/*
 * heap.h - the per-client, chunked, expandable device heap of the amdxdna
 * driver, in every modelled revision (docs/driver/heap.md §0,
 * docs/driver/revisions.md): REV_856409CA (the upstream design), REV_PR1233
 * (PR #1233 as merged) and REV_PR1279 (aba33e95, between the two).
 *
 * DOC: Overview
 *
 * A heap is one client's view of the device heap aperture
 * [base, base + max) of a device profile.  It owns
 *  - one alloc/mm range allocator over the whole aperture (not initialised
 *    when max is 0, as on AIE4-like devices);
 *  - an append-only array of chunks (DEV_HEAP BOs): chunk i starts at
 *    base + Σ sizes(< i), sizes are non-zero multiples of the chunk
 *    granularity, nothing is removed before heap_destroy();
 *  - per-chunk attributes the driver model sets (CPU uva, DMA address),
 *    reference and pin counters, and the chunk contents, kept sparse: 4 KiB
 *    pages are allocated on first write and unwritten bytes read as zero;
 *  - accounting (committed, live = heap_usage, requested) and the
 *    fragmentation metrics of alloc/heap_metrics.h.
 *
 * DEV BOs (struct heap_bo) and hwctx attachments (struct heap_attach) are
 * embedded in the caller's objects, as drm_mm nodes are; the heap never
 * allocates them.  Every function returns 0 or a negative errno, documented
 * per function, and leaves the heap unchanged on error unless stated.
 *
 * Not thread-safe: the caller serialises (the driver's mm_lock).  No global
 * state: several clients are several heaps.
 *
 * Invariants (heap_check(), numbered as docs/driver/heap.md §11):
 *  I0  the range allocator is structurally sound (mm_check()), and the
 *      incrementally kept metrics equal a recomputation (heap_metrics_verify()).
 *  I1  chunk i starts at base + Σ sizes(< i); sizes are non-zero multiples of
 *      the granularity; Σ sizes = committed ≤ max.
 *  I2  chunks are dense and append-only: indices 0..n-1, n = chunks ever
 *      added, no chunk slot beyond n is in use.
 *  I3  every live DEV BO lies inside [base, base + committed), starts 32 KiB
 *      aligned, has size PAGE_ALIGN(request), and start_id/end_id are the
 *      chunks holding its first and last byte.
 *  I4  live (heap_usage) = Σ sizes of live DEV BOs; requested = Σ requests.
 *  I5  every chunk's refcount = 1 (the registry) + caller references + one per
 *      live DEV BO holding it (HEAD: every spanned chunk; PR/INTERIM: chunk 0)
 *      + one per attachment covering it; its pin count = caller pins + one per
 *      pinned DEV BO spanning it (HEAD) + one per attachment covering it.
 *  I6  firmware host-buffer lists: delegated to sim_check (the heap does not
 *      see firmware); the heap guarantees attachments are chunk prefixes.
 *  I7  after a successful user DEV BO creation every attachment covers all
 *      chunks: checked on demand by heap_check_attach_complete().
 *  I8  a new hwctx ends creation covering all chunks or with nothing
 *      attached: heap_check_attach_complete() on that attachment.
 *  I9  PASID (HEAD): every chunk a live DEV BO spans had a valid uva, the uvas
 *      were contiguous at creation, and the BO's cached uva matches them as
 *      long as none of those chunks' uva changed since.
 *  I10 no INVALID address reaches firmware: delegated to sim_check, which
 *      sees the messages; heap_attach_next() hands out the address the
 *      driver would send (heap_chunk_fw_addr()), INVALID included, because
 *      HEAD does not prevent it (docs/driver/heap.md §14 item 1).
 */
#ifndef XDNASIM_ALLOC_HEAP_H
#define XDNASIM_ALLOC_HEAP_H

#include <stddef.h>

#include "common/compat.h"
#include "alloc/mm.h"
#include "alloc/rev.h"

/* "No address" marker for uva / dma_addr (AMDXDNA_INVALID_ADDR). */
#define HEAP_INVALID_ADDR (~0ULL)

/* Upper bound on chunks per heap (512 MiB / 64 MiB = 8 on real devices). */
#define HEAP_MAX_CHUNKS 64

/**
 * struct heap_profile - one device's heap parameters (docs/driver/heap.md §1).
 * @name: "npu1", "npu4", "npu5", "npu6", "aie4".
 * @max_size: dev_heap_max_size (0: no heap aperture at all).
 * @chunk_size: dev_mem_size, the chunk granularity (64 MiB).
 * @base: dev_mem_base, device address of chunk 0 byte 0 (0x0400_0000).
 * @page_shift: host PAGE_SHIFT (12); DEV BO sizes round up to this.
 * @buf_shift: dev_mem_buf_shift (15); DEV BO alignment is
 *	1 << max(page_shift, buf_shift).
 * @has_heap_expand: the device has the hwctx_heap_expand op (AIE2 yes,
 *	AIE4 no); without it a second chunk is -EOPNOTSUPP (HEAD).
 * @hwctx_limit: firmware hw contexts (docs/driver/proto.md §5.9).
 * @has_add_host_buf: some firmware version supports ADD_HOST_BUFFER.
 * @add_host_buf_major: first firmware major with ADD_HOST_BUFFER ...
 * @add_host_buf_minor: ... and minor (NPU4 family 6.18); major 7 has all.
 */
struct heap_profile {
	const char *name;
	u64 max_size;
	u64 chunk_size;
	u64 base;
	unsigned int page_shift;
	unsigned int buf_shift;
	bool has_heap_expand;
	unsigned int hwctx_limit;
	bool has_add_host_buf;
	unsigned int add_host_buf_major;
	unsigned int add_host_buf_minor;
};

/* heap_profiles - the built-in profiles, in a fixed order; heap_nr_profiles entries. */
extern const struct heap_profile heap_profiles[];
extern const size_t heap_nr_profiles;

/* heap_profile_find - the built-in profile called @name, or NULL. */
const struct heap_profile *heap_profile_find(const char *name);

/**
 * heap_profile_fw_has_add_host_buf - whether firmware @major.@minor of a
 * device with profile @p supports ADD_HOST_BUFFER (docs/driver/proto.md §3.5: same major
 * and minor ≥ the floor, or major 7).  This function can't fail.
 */
bool heap_profile_fw_has_add_host_buf(const struct heap_profile *p, unsigned int major,
				      unsigned int minor);

/* heap_profile_bo_align - DEV BO alignment of @p (32 KiB on AIE2). */
u64 heap_profile_bo_align(const struct heap_profile *p);

/**
 * enum heap_reason - why the last heap_bo_alloc()/heap_chunk_add() ended as
 * it did; finer than the errno (several causes share -EAGAIN or -EINVAL).
 */
enum heap_reason {
	HEAP_R_OK = 0,
	HEAP_R_SIZE_ZERO,	 /* PAGE_ALIGN(size) == 0: -EINVAL */
	HEAP_R_TOO_BIG,		 /* aligned size > max: -EINVAL */
	HEAP_R_NO_HEAP,		 /* PR/INTERIM: no chunk yet: -EINVAL */
	HEAP_R_C0_UNMAPPED,	 /* PR: chunk 0 uva INVALID: -EINVAL */
	HEAP_R_NO_HOLE,		 /* HEAD: no hole in the whole range: -ENOSPC */
	HEAP_R_FULL,		 /* PR/INTERIM: no hole, committed = max: -ENOSPC */
	HEAP_R_NOT_COMMITTED,	 /* node not inside committed chunks / PR no
				  * committed hole while growable: -EAGAIN */
	HEAP_R_NO_CHUNK,	 /* HEAD: no chunk at all: -EAGAIN */
	HEAP_R_UVA_INVALID,	 /* PASID (INTERIM: any mode) chunk unmapped: -EAGAIN */
	HEAP_R_UVA_NONCONTIG,	 /* chunk uva not contiguous: -EINVAL (INTERIM -EFAULT) */
	HEAP_R_DMA_INVALID,	 /* IOVA chunk not DMA-mapped: -EAGAIN */
	HEAP_R_CHUNK_SIZE,	 /* chunk size 0 / not a multiple: -EINVAL */
	HEAP_R_NO_EXPAND,	 /* no hwctx_heap_expand op: -EOPNOTSUPP */
	HEAP_R_OVER_MAX,	 /* committed + size > max: -ENOSPC */
	HEAP_R_NR,
};

/* heap_reason_name - "ok", "size-zero", ...; "?" for unknown values. */
const char *heap_reason_name(enum heap_reason r);

/**
 * struct heap_config - what heap_create() needs.
 * @profile: device profile (copied; need not outlive the heap).
 * @rev: driver revision (alloc/heap_rev.c: what it changes in the heap).
 * @mode: address mode of the client.
 * @record_series: keep a per-operation metrics series (heap_metrics.h).
 * @quirks: HEAP_QUIRK_* bits re-creating fixed bugs (0 = the design as is).
 */
struct heap_config {
	const struct heap_profile *profile;
	enum drv_rev rev;
	enum addr_mode mode;
	bool record_series;
	u32 quirks;
};

/*
 * Historical-bug quirks (docs/driver/heap.md §12), set by sim's bug switches:
 * HEAP_QUIRK_UNCHECKED_FLUSH (K2, PR/INTERIM): DEV BO flush ranges taken
 *	from offset/size with no bounds check (before 22952daa).
 * HEAP_QUIRK_C0_ONLY_COVER (K4, HEAD): placement checks only chunk 0's uva
 *	and predicts the others (PR era), so a BO in an unmapped chunk passes.
 * HEAP_QUIRK_UVA_ALL_MODES (K5, HEAD): every spanned chunk needs a recorded
 *	uva in every mode (6996e230 .. da5a3963).
 */
#define HEAP_QUIRK_UNCHECKED_FLUSH (1u << 0)
#define HEAP_QUIRK_C0_ONLY_COVER (1u << 1)
#define HEAP_QUIRK_UVA_ALL_MODES (1u << 2)

struct heap;

/**
 * struct heap_bo - a DEV BO's heap state, embedded in the caller's object.
 * Zero it before the first heap_bo_alloc(); after heap_bo_free() it may be
 * reused without re-zeroing.  Read-only for callers:
 * @start: device address (= the mm node start).
 * @size: PAGE_ALIGN(request), the node size, counted in heap_usage.
 * @req_size: the requested size.
 * @start_id: index of the chunk holding the first byte.
 * @end_id: index of the chunk holding the last byte.
 * @uva: HEAD/PASID: cached CPU address computed at creation; else INVALID.
 * @pinned: sticky "used as a job argument" flag (heap_bo_pin()).
 */
struct heap_bo {
	u64 start;
	u64 size;
	u64 req_size;
	u32 start_id;
	u32 end_id;
	u64 uva;
	bool pinned;
	/* private: */
	bool live;
	const struct heap *owner;
	u64 created_seq;
	struct mm_node node;
};

/**
 * struct heap_attach - one hwctx's attached chunk prefix, embedded in the
 * caller's hwctx.  Chunks 0..nr-1 are attached, each holding one reference
 * and one pin (HEAD: chunk 0 = priv->heap, 1..last_attached_heap; PR:
 * head..last_pinned_chunk).  Zero it, then heap_attach_register().
 * @id: caller's label (hwctx id), used in heap_check() messages.
 */
struct heap_attach {
	u32 id;
	/* private: */
	u32 nr;
	bool registered;
	struct heap_attach *next;
	struct heap_attach **pprev;
};

/*
 * Lifecycle.
 */

/**
 * heap_create - a new, empty heap (no chunk).
 * @cfg: configuration; the profile must have chunk_size a power of two ≥ the
 *	page size, base and max_size multiples of chunk_size, base + max_size
 *	representable, and max_size / chunk_size ≤ HEAP_MAX_CHUNKS.
 * @out: receives the heap.
 *
 * Returns 0; -EINVAL for a bad profile, design or mode; -ENOMEM if the host
 * allocation failed.
 */
int heap_create(const struct heap_config *cfg, struct heap **out);

/**
 * heap_destroy - tear the heap down (client postclose): release every chunk
 * and its contents.  Live DEV BOs should have been freed (heap_clean());
 * any left are detached and forgotten, as drm_mm_takedown() only warns.
 * NULL is ignored.  This function can't fail.
 */
void heap_destroy(struct heap *heap);

/* heap_clean - true iff no DEV BO is live. */
bool heap_clean(const struct heap *heap);

/* Read-only accessors.  They can't fail. */
const struct heap_profile *heap_profile(const struct heap *heap);
enum drv_rev heap_rev(const struct heap *heap);
enum addr_mode heap_mode(const struct heap *heap);
u32 heap_nr_chunks(const struct heap *heap);	/* dev_heap_nid */
u64 heap_committed(const struct heap *heap);	/* total_heap_size */
u64 heap_usage(const struct heap *heap);	/* Σ live DEV BO sizes */
u64 heap_requested(const struct heap *heap);	/* Σ live DEV BO requests */
u32 heap_nr_bos(const struct heap *heap);
u64 heap_pins(const struct heap *heap);		/* Σ chunk pins (heap_chunk_info pins) */
enum heap_reason heap_last_reason(const struct heap *heap);
/*
 * heap_last_walked - the chunks the last heap_bo_alloc()'s placement walk
 * (amdxdna_init_dev_bo, xarray revisions) accepted, each one the driver's
 * xa_insert into the BO's own chunk list in pr1705 / upstream, whether or
 * not the placement then succeeded; 0 for the list revisions and when the
 * allocation failed before the walk.
 */
u32 heap_last_walked(const struct heap *heap);
/* heap_last_search_cost - holes the kernel's BEST walk rejected in the last insert. */
u64 heap_last_search_cost(const struct heap *heap);
/* heap_mm - the underlying range allocator (read-only use), NULL when max is 0. */
const struct mm *heap_mm(const struct heap *heap);

/*
 * Chunks (DEV_HEAP BOs).
 */

/**
 * heap_chunk_add - commit a new chunk of @size bytes at the end of the heap
 * (the heap part of CREATE_BO(DEV_HEAP), docs/driver/heap.md §5.2 / §8.1).
 * @heap: the heap.
 * @size: chunk size.
 * @idx: if not NULL, receives the new chunk's index.
 *
 * The chunk starts at base + committed, with refcount 1 (the registry), no
 * pin, uva and dma_addr INVALID.  Checks, in the driver's order:
 * size 0 or not a multiple of the chunk size → -EINVAL; HEAD only: the
 * device lacks hwctx_heap_expand and a chunk exists → -EOPNOTSUPP;
 * committed + size > max → -ENOSPC (NPU1's second chunk, any chunk on
 * AIE4, past 512 MiB on NPU4).  Returns 0 on success.
 */
int heap_chunk_add(struct heap *heap, u64 size, u32 *idx);

/*
 * heap_chunk_addr / heap_chunk_size - device address and size of chunk @idx;
 * 0 if @idx is not a chunk.
 */
u64 heap_chunk_addr(const struct heap *heap, u32 idx);
u64 heap_chunk_size(const struct heap *heap, u32 idx);

/**
 * heap_chunk_lookup - the chunk holding device address @addr.
 * @heap: the heap.
 * @addr: a device address.
 * @idx: receives the chunk index.
 *
 * A chunk is [dev_addr, dev_addr + size): an address equal to a chunk start
 * belongs to that chunk.  Returns 0; -ENOENT if @addr is outside every chunk.
 */
int heap_chunk_lookup(const struct heap *heap, u64 addr, u32 *idx);

/**
 * heap_range_chunks - the first and last chunk of the range [@start,
 * @start + @size): the last chunk is the one holding byte start + size − 1,
 * so a range ending exactly at a chunk boundary ends in the earlier chunk
 * (docs/driver/heap.md K16).  Returns 0; -EINVAL if @size is 0 or the range wraps;
 * -ENOENT if either end is outside the committed chunks.
 */
int heap_range_chunks(const struct heap *heap, u64 start, u64 size, u32 *first, u32 *last);

/*
 * heap_chunk_set_uva / heap_chunk_set_dma_addr - record chunk @idx's CPU
 * address (first live mmap, or HEAP_INVALID_ADDR after the last unmap) or
 * its DMA address (IOVA/PA at first handle open).  The driver model decides
 * when (docs/driver/heap.md §5.3).  Return 0; -ENOENT for a bad index.
 */
int heap_chunk_set_uva(struct heap *heap, u32 idx, u64 uva);
int heap_chunk_set_dma_addr(struct heap *heap, u32 idx, u64 dma_addr);

/*
 * heap_chunk_uva - amdxdna_gem_uva() of chunk @idx: the recorded uva; in the
 * PR design, when that is INVALID and chunk 0's is valid, the predicted
 * uva(chunk 0) + Σ sizes(< idx) (docs/driver/heap.md §8.1).  INVALID for a bad index.
 */
u64 heap_chunk_uva(const struct heap *heap, u32 idx);

/* heap_chunk_dma_addr - the recorded DMA address (INVALID if none or bad index). */
u64 heap_chunk_dma_addr(const struct heap *heap, u32 idx);

/*
 * heap_chunk_fw_addr - amdxdna_obj_dma_addr() of chunk @idx, the address sent
 * to firmware: HEAD: dma_addr if valid, else uva; PR/INTERIM: the uva in
 * PASID mode, dma_addr otherwise.  May be HEAP_INVALID_ADDR (docs/driver/heap.md §14).
 */
u64 heap_chunk_fw_addr(const struct heap *heap, u32 idx);

/*
 * heap_chunk_xdna_addr - GET_BO_INFO.xdna_addr of chunk @idx: HEAD: its
 * device address; PR/INTERIM: base for every chunk.  0 for a bad index.
 */
u64 heap_chunk_xdna_addr(const struct heap *heap, u32 idx);

/**
 * enum heap_uva_rule - how an mmap of a chunk records its CPU address, a
 * property of the revision (amdxdna_hmm_register).
 * @HEAP_UVA_PASID: in PASID mode only: the first live mapping sets it, the
 *	last one's removal makes it INVALID (856409ca).
 * @HEAP_UVA_ALL_MODES: the same in every mode (PR #1233, aba33e95).
 * @HEAP_UVA_STICKY: PASID as HEAP_UVA_PASID; a DMA-mapped chunk (IOVA,
 *	carveout) takes the address of every mmap and keeps it after munmap
 *	(upstream Linux).
 */
enum heap_uva_rule {
	HEAP_UVA_PASID = 0,
	HEAP_UVA_ALL_MODES = 1,
	HEAP_UVA_STICKY = 2,
};

/* heap_uva_rule - the heap's revision's rule.  Can't fail. */
enum heap_uva_rule heap_uva_rule(const struct heap *heap);

/**
 * heap_chunk_usable - whether chunk @idx can back a DEV BO in the heap's
 * address mode (docs/driver/heap.md §5.4): PASID needs a valid uva, contiguous with the
 * previous chunk's (uva(idx) = uva(idx−1) + size(idx−1)) when @idx > 0 and
 * that one is valid; IOVA needs a valid dma_addr; carveout always.
 * False for a bad index.
 */
bool heap_chunk_usable(const struct heap *heap, u32 idx);

/**
 * heap_chunk_mmap_check - the PR design's mmap-time rule for chunk @idx
 * (amdxdna_hmm_register, docs/driver/heap.md §8.1): if the predicted uva is valid and
 * differs from @uva → -EINVAL.  HEAD and INTERIM accept any address (0).
 * -ENOENT for a bad index.
 */
int heap_chunk_mmap_check(const struct heap *heap, u32 idx, u64 uva);

/*
 * Chunk references and pins held by the caller (handles, mmaps, a chunk used
 * as a job argument, SYNC_BO on the chunk handle...).  The heap itself takes
 * the registry, DEV BO and attachment references.
 * heap_chunk_get/heap_chunk_pin: 0, -ENOENT for a bad index.
 * heap_chunk_put/heap_chunk_unpin: 0, -ENOENT for a bad index, -EINVAL if the
 * caller holds no reference/pin on it (unbalanced).
 */
int heap_chunk_get(struct heap *heap, u32 idx);
int heap_chunk_put(struct heap *heap, u32 idx);
int heap_chunk_pin(struct heap *heap, u32 idx);
int heap_chunk_unpin(struct heap *heap, u32 idx);

/**
 * struct heap_chunk_info - a snapshot of one chunk.
 * @refs: total references (registry + caller + DEV BOs + attachments).
 * @pins: total pins (caller + pinned DEV BOs + attachments).
 * @ext_refs, @ext_pins: the caller's share.
 * @live_bytes: bytes of live DEV BOs inside this chunk.
 * @resident: host bytes of written contents.
 * @vmapped: the kernel vmapped it (heap_bo_vmap(), SYNC_BO); cached.
 */
struct heap_chunk_info {
	u32 index;
	u64 dev_addr;
	u64 size;
	u64 uva;
	u64 dma_addr;
	u32 refs;
	u32 pins;
	u32 ext_refs;
	u32 ext_pins;
	u64 live_bytes;
	u64 resident;
	bool vmapped;
};

/* heap_chunk_info - fill @info for chunk @idx; 0 or -ENOENT. */
int heap_chunk_info(const struct heap *heap, u32 idx, struct heap_chunk_info *info);

/*
 * heap_chunk_vmap - record the kernel's lazy vmap of chunk @idx (SYNC_BO's
 * flush path, heap_bo_vmap()); kept until heap_destroy().  0 or -ENOENT.
 */
int heap_chunk_vmap(struct heap *heap, u32 idx);

/*
 * DEV BOs.
 */

/**
 * heap_bo_alloc - place a DEV BO of @size bytes (amdxdna_gem_heap_alloc +
 * amdxdna_init_dev_bo, docs/driver/heap.md §5.4 / §8.1 / §8.2).
 * @heap: the heap.
 * @bo: zeroed (or freed) embedded BO state; filled on success.
 * @size: requested size; the node is PAGE_ALIGN(@size), aligned to 32 KiB,
 *	placed with the BEST rule.
 *
 * HEAD: PAGE_ALIGN(size) == 0 (0 or wrap) → -EINVAL; larger than max →
 * -EINVAL (any size when max is 0); no hole in the whole range → -ENOSPC;
 * no chunk, node not inside committed chunks, PASID chunk with INVALID uva,
 * IOVA chunk with INVALID dma_addr → -EAGAIN; PASID spanned chunk at a
 * non-contiguous uva → -EINVAL.  Success takes one reference on every chunk
 * start_id..end_id.
 *
 * PR1233: size 0 / larger than max, no chunk, chunk 0 uva INVALID (any mode)
 * → -EINVAL; no fitting hole inside committed → -EAGAIN while committed <
 * max, else -ENOSPC.  Success takes one reference on chunk 0 only.
 *
 * INTERIM: as PR1233 without the chunk 0 pre-check, then: chunk 0 uva
 * INVALID → -EAGAIN; a spanned chunk with INVALID uva → -EAGAIN; at a uva
 * other than uva(chunk 0) + its offset → -EFAULT.  One reference on chunk 0.
 *
 * -EBUSY (nothing done, not counted) if @bo is already live.
 *
 * On error @bo is zeroed and holds nothing; the allocator's holes and the
 * accounting are as before (the driver's insert-then-remove re-stamps the
 * hole's recency, as drm_mm does); the failure counters of heap_metrics.h
 * count it.  heap_last_reason() says why.
 */
int heap_bo_alloc(struct heap *heap, struct heap_bo *bo, u64 size);

/**
 * heap_bo_free - free a live DEV BO (amdxdna_gem_dev_obj_free): unpin its
 * chunks if it was pinned (HEAD), remove the node, subtract its size, drop
 * its chunk references.  Returns 0; -EINVAL if @bo is not live in @heap.
 */
int heap_bo_free(struct heap *heap, struct heap_bo *bo);

/**
 * heap_bo_prefetch_free - a hint: @bo (live or not) is about to be freed.
 * Asks for the allocator lines its free will read (mm_prefetch_remove()).
 * Changes nothing; call it as early as @bo's own lines are likely cached.
 */
static inline void heap_bo_prefetch_free(const struct heap_bo *bo)
{
	if (bo->live)
		mm_prefetch_remove(&bo->node);
}

/**
 * heap_bo_pin - mark @bo pinned as a job argument (sticky until free).
 * HEAD: pins each chunk start_id..end_id once, the first time only;
 * PR/INTERIM: DEV BO pin is a no-op (only the flag is set).
 * Returns 0; -EINVAL if @bo is not live.
 */
int heap_bo_pin(struct heap *heap, struct heap_bo *bo);

/*
 * heap_bo_ref_span - the chunks @bo holds a reference on: every chunk it
 * spans (xarray design) or chunk 0 (list designs).  Can't fail.
 */
void heap_bo_ref_span(const struct heap *heap, const struct heap_bo *bo, u32 *first, u32 *last);

/* heap_bo_live - true iff @bo is a live DEV BO (of any heap). */
bool heap_bo_live(const struct heap_bo *bo);

/*
 * heap_bo_cross_chunk - true iff @bo spans more than one chunk (cannot be
 * kernel-vmapped).
 */
bool heap_bo_cross_chunk(const struct heap_bo *bo);

/*
 * heap_bo_info_uva - GET_BO_INFO.vaddr of a DEV BO: HEAD: the cached uva
 * (PASID) or INVALID; PR/INTERIM: live uva(chunk 0) + (start − base), INVALID
 * if chunk 0 is unmapped.
 */
u64 heap_bo_info_uva(const struct heap *heap, const struct heap_bo *bo);

/**
 * heap_bo_vmap - the kernel's CPU mapping of a DEV BO (docs/driver/heap.md §5.7, §8.1):
 * vmaps the holding chunk (cached) and returns where the BO lies in it.
 * @chunk: receives the chunk index.
 * @offset: receives the BO's offset inside that chunk.
 *
 * Returns 0; HEAD: the BO spans more than one chunk → -ENOMEM; PR/INTERIM:
 * not contained in one chunk → -EINVAL; -EINVAL if @bo is not live.
 */
int heap_bo_vmap(struct heap *heap, const struct heap_bo *bo, u32 *chunk, u64 *offset);

/**
 * heap_bo_lookup - the live DEV BO whose node contains @addr, or NULL.
 * O(number of BOs).
 */
struct heap_bo *heap_bo_lookup(const struct heap *heap, u64 addr);

/*
 * SYNC_BO bounds (docs/driver/heap.md §5.8, §8.1, §10.3): pure functions that return the
 * errno and the chunk ranges the driver would flush, without flushing.
 */

/* struct heap_flush - one flushed range: @len bytes at @offset of chunk @chunk. */
struct heap_flush {
	u32 chunk;
	u64 offset;
	u64 len;
};

/**
 * heap_bo_sync_ranges - SYNC_BO of @size bytes at @offset of DEV BO @bo.
 * @out: room for @max entries (HEAP_MAX_CHUNKS always suffice).
 * @nr: receives the number of ranges.
 *
 * HEAD: [start + offset, + size) in plain 64-bit arithmetic, intersected
 * with each chunk start_id..end_id; anything else is silently ignored;
 * returns 0.  PR/INTERIM: size 0 → 0 with no range; offset > bo size or
 * size > bo size − offset → -EINVAL; else the overlap with every chunk.
 * -EINVAL if @bo is not live; -ENOSPC if @max is too small.
 */
int heap_bo_sync_ranges(const struct heap *heap, const struct heap_bo *bo, u64 offset,
			u64 size, struct heap_flush *out, u32 max, u32 *nr);

/**
 * heap_chunk_sync_ranges - SYNC_BO through chunk @idx's own handle.
 * HEAD (amdxdna_flush_bo): offset ≥ chunk size → -EINVAL; offset + size
 * overflows → -EINVAL; size clamped to the chunk; one range (none if size
 * is 0).  PR/INTERIM: no bounds check at all (docs/driver/heap.md §8.1): one range
 * [offset, offset + size) reported as is, even past the chunk.
 * -ENOENT for a bad index.  @out receives at most one entry.
 */
int heap_chunk_sync_ranges(const struct heap *heap, u32 idx, u64 offset, u64 size,
			   struct heap_flush *out, u32 *nr);

/*
 * hwctx attachments (docs/driver/heap.md §2.3, §7.2, §8.1).
 */

/* heap_attach_register - start tracking @att (nothing attached); -EBUSY if already registered. */
int heap_attach_register(struct heap *heap, struct heap_attach *att, u32 id);

/*
 * heap_attach_unregister - stop tracking @att; -EBUSY while chunks are still
 * attached, -EINVAL if not registered.
 */
int heap_attach_unregister(struct heap *heap, struct heap_attach *att);

/**
 * heap_attach_next - attach the next chunk (index heap_attach_count(@att)):
 * one reference and one pin on it.
 * @fw_addr: if not NULL, receives heap_chunk_fw_addr() of that chunk, the
 *	address the driver would send in MAP/ADD_HOST_BUFFER (possibly
 *	HEAP_INVALID_ADDR: the caller decides whether that is an I10 breach).
 *
 * Returns 0; -ENOENT if that chunk does not exist; -EINVAL if @att is not
 * registered.
 */
int heap_attach_next(struct heap *heap, struct heap_attach *att, u64 *fw_addr);

/*
 * heap_attach_drop_last - detach the last attached chunk (unpin + unref), the
 * rollback of one failed attach.  0; -ENOENT if nothing is attached; -EINVAL
 * if not registered.
 */
int heap_attach_drop_last(struct heap *heap, struct heap_attach *att);

/* heap_attach_release_all - detach every chunk of @att.  This function can't fail. */
void heap_attach_release_all(struct heap *heap, struct heap_attach *att);

/* heap_attach_count - chunks attached (HEAD: last_attached_heap + 1). */
u32 heap_attach_count(const struct heap_attach *att);

/*
 * Contents: sparse 4 KiB pages per chunk, zero until written.
 */

/**
 * heap_mem_write / heap_mem_read - device bytes [@addr, @addr + @len).
 * The range must lie inside committed chunks (it may cross chunk
 * boundaries).  Return 0; -EFAULT if it does not (or wraps); -ENOMEM if a
 * page could not be allocated (a prefix may have been written).
 */
int heap_mem_write(struct heap *heap, u64 addr, const void *buf, u64 len);
int heap_mem_read(const struct heap *heap, u64 addr, void *buf, u64 len);

/*
 * heap_bo_write / heap_bo_read - bytes [@off, @off + @len) of DEV BO @bo (up
 * to its page-aligned size).  0; -EINVAL if @bo is not live or the range is
 * outside it; -ENOMEM as heap_mem_write().
 */
int heap_bo_write(struct heap *heap, const struct heap_bo *bo, u64 off, const void *buf,
		  u64 len);
int heap_bo_read(const struct heap *heap, const struct heap_bo *bo, u64 off, void *buf,
		 u64 len);

/**
 * heap_mem_fill_pattern - write the qword pattern of @seed over [@addr,
 * @addr + @len): the qword at device address a (8-byte aligned) is a fixed
 * mix of a and @seed.  @addr and @len must be multiples of 8 (-EINVAL).
 * Otherwise as heap_mem_write().
 */
int heap_mem_fill_pattern(struct heap *heap, u64 addr, u64 len, u64 seed);

/**
 * heap_mem_check_pattern - verify the pattern of heap_mem_fill_pattern().
 * @bad: if not NULL, receives the address of the first wrong qword.
 * Returns 0 if every qword matches; -EIO at the first mismatch; -EINVAL /
 * -EFAULT as heap_mem_fill_pattern().
 */
int heap_mem_check_pattern(const struct heap *heap, u64 addr, u64 len, u64 seed, u64 *bad);

/* heap_mem_resident - host bytes used by written pages of all chunks. */
u64 heap_mem_resident(const struct heap *heap);

/*
 * Invariants.
 */

/**
 * struct heap_check_result - the first violation heap_check_detail() found.
 * @inv: invariant number (0..10, see the overview), -1 if none.
 * @chunk: offending chunk index, -1 if none.
 * @bo_start: offending DEV BO's start, HEAP_INVALID_ADDR if none.
 * @attach_id: offending attachment's id, -1 if none.
 * @why: "heap.I5 chunk 2: ..." human-readable text.
 */
struct heap_check_result {
	int inv;
	s64 chunk;
	u64 bo_start;
	s64 attach_id;
	char why[256];
};

/**
 * heap_check_detail - verify invariants I0..I5 and I9 (I6 and I10 are
 * delegated to sim_check; I7/I8 are heap_check_attach_complete()).
 * Returns 0, or -EUCLEAN with @res describing the first violation.
 */
int heap_check_detail(const struct heap *heap, struct heap_check_result *res);

/*
 * heap_check - heap_check_detail() with the message copied into @why (@len
 * bytes, may be 0).  Returns 0 or -EUCLEAN.
 */
int heap_check(const struct heap *heap, char *why, size_t len);

/**
 * heap_check_attach_complete - I7/I8: @att (or, when NULL, every registered
 * attachment) covers every chunk.  Call it where docs/driver/heap.md §11 says it must
 * hold (end of a successful user CREATE_BO(DEV); end of a successful hwctx
 * creation).  Returns 0 or -EUCLEAN with the first attachment behind in @res
 * (may be NULL).
 */
int heap_check_attach_complete(const struct heap *heap, const struct heap_attach *att,
			       struct heap_check_result *res);

#endif /* XDNASIM_ALLOC_HEAP_H */
