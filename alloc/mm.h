/* SPDX-License-Identifier: MIT */
/*
 * mm.h - a range allocator that places every node exactly where Linux drm_mm does.
 *
 * DOC: Overview
 *
 * struct mm manages the address range [start, start + size) with u64 bounds
 * (the largest possible allocator is [0, 2^64 - 1)).  Allocations are
 * struct mm_node objects embedded in the caller's own objects; the allocator
 * allocates only the nodes of its BEST index (running out of memory there
 * aborts, since no allocator call can fail for it in the kernel).  Every operation reproduces the Linux 6.18 drm_mm
 * allocator as written up in docs/driver/drm_mm.md: the same hole is chosen,
 * the node lands at the same offset, the same result (0 or -ENOSPC) comes
 * back, and the hole bookkeeping (address order, recency order) evolves the
 * same way.
 *
 * Data structures.  Nodes form an address-ordered circular list through a
 * sentinel head node, whose start is the mm end and whose size is -size, so
 * that every free gap is "the hole after some node" (docs/driver/drm_mm.md §1.2).  Each
 * hole is indexed three times:
 *   - a red-black tree by address, augmented with the largest hole size of
 *     each subtree; it is built with the same algorithm and the same
 *     sequence of inserts and erases as the kernel's holes_addr tree, so
 *     LOW, HIGH, reserve and even the tree-shape dependent LOW|ONCE and
 *     HIGH|ONCE walk the same holes as the kernel;
 *   - the hole stack, most recently added hole first (EVICT, for_each_hole);
 *   - a B+ tree in BEST visiting order (hole size ascending, then most
 *     recently added first; alloc/mm_bt.h), whose internal entries know
 *     their subtree's hole count and largest "capacity": the largest node
 *     a hole can hold at the index alignment (see
 *     mm_best_index_alignment()).  BEST skips whole subtrees of holes that
 *     cannot hold the request, so it picks the same hole as the kernel's
 *     linear walk without visiting the holes in between.
 *
 * Cost: insert O(log H) for BEST at the index alignment, LOW and HIGH (plus
 * one step per hole that passes the capacity test but fails the range
 * test, as in the kernel); reserve and remove O(log H); EVICT walks the
 * hole stack like the kernel.  Memory O(nodes).  H = number of holes.
 *
 * Not thread-safe: callers lock.  While scan blocks are outstanding (see
 * mm_scan_add_block()) no other operation may run on the mm.
 *
 * Invariants checked by mm_check() (numbered, reported as "I<n> name: ..."):
 *   I1 nodes: allocated, non-empty, inside the mm, address-ordered and
 *      non-overlapping, list links consistent;
 *   I2 holes: each node's hole is exactly the gap to the next node (holes
 *      maximal, i.e. coalesced, never empty);
 *   I3 accounting: node/hole counters, used + free = size;
 *   I4 hole stack: exactly the holes, each once, newest (highest stamp) first;
 *   I5 address tree: red-black rules, parent links, strictly increasing
 *      hole starts, subtree maxima, exactly the holes;
 *   I6 BEST index: node levels and fill, (size asc, stamp desc) order,
 *      keys equal to the holes' sizes and stamps, capacities, the children's
 *      counts, capacity maxima and last keys, exactly the holes;
 *   I7 largest-hole cache equals the largest hole.
 */
#ifndef XDNASIM_ALLOC_MM_H
#define XDNASIM_ALLOC_MM_H

#include <stddef.h>

#include "common/compat.h"

/* private: a red-black tree link (alloc/mm_rb.c) */
struct mm_rb {
	struct mm_rb *parent;
	struct mm_rb *left;
	struct mm_rb *right;
	bool red;
};

/* private: a red-black tree root */
struct mm_rb_root {
	struct mm_rb *node;
};

/* private: a circular doubly linked list link */
struct mm_list {
	struct mm_list *prev;
	struct mm_list *next;
};

struct mm;
struct mm_bt_node;

/**
 * typedef mm_hole_fn - told about every hole the allocator adds or removes.
 * @ctx: the pointer given to mm_set_hole_hook().
 * @start: the hole's first address.
 * @size: its length (> 0).
 * @added: true when the hole appears, false when it goes away.
 *
 * A hole that changes size is one removal and one addition.  The callback
 * must not touch the mm.
 */
typedef void (*mm_hole_fn)(void *ctx, u64 start, u64 size, bool added);

/**
 * struct mm_node - one allocation, embedded in the caller's object.
 * @start: first address of the allocation.
 * @size: size of the allocation.
 * @color: opaque colour, passed to the mm's @color_adjust callback.
 *
 * Must be zeroed before its first insert or reserve; after mm_remove_node()
 * it may be inserted again without zeroing.  Callers preset @start, @size
 * and @color before mm_reserve_node().
 */
struct mm_node {
	/*
	 * The fields come in groups of 64 bytes, so that a node starting on a
	 * 64-byte boundary (mm-replay places its nodes so; the simulator's
	 * objects embed theirs so) reads one cache line per kind of step.
	 * 1: the descent of the address tree.
	 */
	u64 start;
	u64 size;
	/* private: */
	struct mm_rb rb_hole_addr;	/* holes by address */
	u64 subtree_max_hole;		/* rb_hole_addr augment */
	/* public: */
	unsigned long color;
	/* private: 2: the hole and the node list (every insert and remove) */
	u64 hole_size;			/* 0 when no hole follows the node */
	u64 hole_stamp;			/* when the hole was last added: with
					 * hole_size, its key in the BEST index */
	struct mm *mm;
	struct mm_list node_list;	/* address order, through mm->head_node */
	struct mm_bt_node *bt_leaf;	/* the BEST index leaf holding the hole */
	unsigned int flags;
	/* 3: the hole stack (EVICT, mm_for_each_hole; unused when best-only) */
	struct mm_list hole_stack;	/* recency order, through mm->hole_stack */
};

/*
 * private: one node of the BEST index (alloc/mm_bt.c), a B+ tree of the
 * holes in BEST order.  A leaf (@level 0) holds up to MM_BT_WIDTH holes:
 * key (@size, @stamp), capacity @cap and @hole.  An internal node holds up
 * to MM_BT_WIDTH children and, for each, the key of its last hole, its
 * largest capacity and its number of holes (@count).  One record per
 * entry, so that an entry's update reads one cache line or two, and a
 * scan or a shift reads consecutive lines.
 */
#define MM_BT_WIDTH 16
#define MM_BT_MAX_DEPTH 16

struct mm_bt_ent {
	u64 size;
	u64 stamp;
	u64 cap;
	u64 count;			/* internal only */
	union {
		struct mm_node *hole;
		struct mm_bt_node *child;
	};
};

struct mm_bt_node {
	u32 n;				/* holes or children in use */
	u32 level;			/* 0: leaf */
	struct mm_bt_node *parent;	/* NULL for the root */
	struct mm_bt_ent e[MM_BT_WIDTH];
};

/* private: the BEST index; the root lives in the mm, the rest is allocated. */
struct mm_bt {
	struct mm_bt_node root;
	u64 nodes;			/* nodes in the tree (the root not counted) */
	struct mm_bt_node *spare;	/* freed nodes, linked through child[0] */
};

/**
 * typedef mm_color_adjust_fn - narrow a hole for a node of a given colour.
 * @hole_owner: the node the hole follows; may be the mm's head node, which
 *	is never allocated (check with mm_node_allocated()).
 * @color: colour of the node being placed.
 * @start: in/out: start of the usable part of the hole.
 * @end: in/out: end of the usable part of the hole.
 */
typedef void (*mm_color_adjust_fn)(const struct mm_node *hole_owner, unsigned long color,
				   u64 *start, u64 *end);

/**
 * struct mm - the range allocator, embeddable.
 * @color_adjust: optional colour callback (drm_mm semantics); mm_init()
 *	resets it to NULL, install it afterwards.
 * @nr_nodes: number of allocated nodes (read-only for callers).
 * @nr_holes: number of holes (read-only for callers).
 * @used_bytes: sum of node sizes (read-only for callers).
 * @free_bytes: sum of hole sizes (read-only for callers).
 * @last_search_cost: see mm_last_search_cost() (read-only for callers).
 */
struct mm {
	mm_color_adjust_fn color_adjust;
	u64 nr_nodes;
	u64 nr_holes;
	u64 used_bytes;
	u64 free_bytes;
	u64 last_search_cost;
	/* private: */
	struct mm_node head_node;
	struct mm_list hole_stack;
	struct mm_rb_root holes_addr;
	struct mm_bt best;		/* holes in BEST order */
	struct mm_node *largest;	/* last hole of the BEST index */
	u64 stamp;			/* stamp of the next added hole */
	u64 index_align;		/* alignment of hole_cap (0 = raw size) */
	u64 index_debt;			/* candidates wasted since the last rebuild */
	u64 index_rebuilds;
	u64 last_probes;		/* holes this code examined in the last insert */
	unsigned long scan_active;
	bool best_only;			/* mm_init_best_only(): no address tree, no hole stack */
	mm_hole_fn hole_fn;		/* mm_set_hole_hook() */
	void *hole_ctx;
};

/**
 * enum mm_insert_mode - where mm_insert_node_in_range() looks (docs/driver/drm_mm.md §3.4).
 * @MM_INSERT_BEST: the smallest hole that fits; among equal sizes the most
 *	recently created or changed one.  Any unknown mode behaves as BEST.
 * @MM_INSERT_LOW: the lowest possible start address.
 * @MM_INSERT_HIGH: the highest possible start (placed at the top of the hole,
 *	start rounded down to the alignment).
 * @MM_INSERT_EVICT: holes in recency order, newest first, no size filter.
 * @MM_INSERT_ONCE: flag: test only the first candidate of the mode.
 * @MM_INSERT_LOWEST: LOW | ONCE.
 * @MM_INSERT_HIGHEST: HIGH | ONCE.
 */
enum mm_insert_mode {
	MM_INSERT_BEST = 0,
	MM_INSERT_LOW = 1,
	MM_INSERT_HIGH = 2,
	MM_INSERT_EVICT = 3,
	MM_INSERT_ONCE = 0x80000000u,
	MM_INSERT_LOWEST = MM_INSERT_LOW | MM_INSERT_ONCE,
	MM_INSERT_HIGHEST = MM_INSERT_HIGH | MM_INSERT_ONCE,
};

/* private: node flag bits */
#define MM_NODE_ALLOCATED 0x1u
#define MM_NODE_SCANNED 0x2u

/**
 * mm_init - set up @mm over [@start, @start + @size).
 * @mm: the allocator; need not be zeroed.
 * @start: first address.
 * @size: length; precondition @start + @size > @start in u64 (so @size >= 1
 *	and the end is at most 2^64 - 1).  Not checked.
 *
 * Resets @color_adjust to NULL.  This function can't fail.
 */
void mm_init(struct mm *mm, u64 start, u64 size);

/**
 * mm_init_best_only - set up @mm over [@start, @start + @size) for a caller
 * that only inserts with MM_INSERT_BEST and removes.
 * @mm: the allocator; need not be zeroed.
 * @start: first address.
 * @size: length, as for mm_init().
 *
 * BEST depends only on the holes' BEST order, so such an mm keeps neither
 * the address tree nor the hole stack; it places every node exactly as
 * mm_init()'s would, at less cost per hole change.  Not available on it
 * (preconditions, BUG_ON in debug builds): LOW, HIGH, EVICT, ONCE,
 * mm_reserve_node(), the eviction scan and mm_for_each_hole().
 * mm_for_each_hole_addr() walks the node list instead; the two address
 * queries below take O(nodes) where they would descend the address tree.
 * This function can't fail.
 */
void mm_init_best_only(struct mm *mm, u64 start, u64 size);

/**
 * mm_takedown - end the use of @mm.
 * @mm: the allocator.
 *
 * Frees the BEST index's nodes (the only memory the allocator takes).  If
 * nodes are still allocated, it prints a warning with their number to
 * stderr, like the kernel's WARN.  This function can't fail.
 */
void mm_takedown(struct mm *mm);

/**
 * mm_discard - end the use of @mm together with its nodes: the caller
 * forgets them all at once (mm-replay's second init, a fuzz input that
 * stopped early).  Frees what mm_takedown() frees, without the warning.
 * @mm: the allocator.
 */
void mm_discard(struct mm *mm);

/**
 * mm_initialized - true once mm_init() ran on @mm (a zeroed mm is not).
 * @mm: the allocator.
 */
static inline bool mm_initialized(const struct mm *mm)
{
	return mm->hole_stack.next != NULL;
}

/**
 * mm_clean - true iff no node is allocated in @mm.
 * @mm: the allocator.
 */
static inline bool mm_clean(const struct mm *mm)
{
	return mm->head_node.node_list.next == &mm->head_node.node_list;
}

/**
 * mm_node_allocated - true iff @node is currently inserted or reserved.
 * @node: the node.
 */
static inline bool mm_node_allocated(const struct mm_node *node)
{
	return node->flags & MM_NODE_ALLOCATED;
}

/**
 * mm_insert_node_in_range - allocate @node inside [@range_start, @range_end).
 * @mm: the allocator.
 * @node: zeroed or removed node, not allocated.
 * @size: size of the allocation; 0 gives -ENOSPC.
 * @alignment: required alignment of the start address (absolute, any u64
 *	value; 0 and 1 mean none).
 * @color: colour stored in the node and passed to @color_adjust.
 * @range_start: lowest allowed start.
 * @range_end: exclusive upper bound of the node's end; @range_start ==
 *	@range_end is allowed (-ENOSPC).  A reversed range is a caller bug; it
 *	gives -ENOSPC, as in a production kernel.
 * @mode: an enum mm_insert_mode value, optionally or-ed with MM_INSERT_ONCE.
 *
 * Chooses the hole and offset exactly as drm_mm_insert_node_in_range() of
 * Linux 6.18.  On success fills @node->start/size/color.  Sets
 * mm_last_search_cost().
 *
 * Returns: 0 on success, -ENOSPC if no suitable hole was found (then @mm
 * and @node are unchanged).
 */
int mm_insert_node_in_range(struct mm *mm, struct mm_node *node, u64 size, u64 alignment,
			    unsigned long color, u64 range_start, u64 range_end,
			    unsigned int mode);

/**
 * mm_insert_node_generic - mm_insert_node_in_range() over [0, 2^64 - 1].
 * @mm: the allocator.
 * @node: zeroed or removed node.
 * @size: size.
 * @alignment: alignment (0 or 1 = none).
 * @color: colour.
 * @mode: enum mm_insert_mode, optionally with MM_INSERT_ONCE.
 *
 * Returns: 0 on success, -ENOSPC if no hole fits.
 */
static inline int mm_insert_node_generic(struct mm *mm, struct mm_node *node, u64 size,
					 u64 alignment, unsigned long color, unsigned int mode)
{
	return mm_insert_node_in_range(mm, node, size, alignment, color, 0, U64_MAX, mode);
}

/**
 * mm_insert_node - BEST insert of @size bytes, no alignment, colour 0.
 * @mm: the allocator.
 * @node: zeroed or removed node.
 * @size: size.
 *
 * Returns: 0 on success, -ENOSPC if no hole fits.
 */
static inline int mm_insert_node(struct mm *mm, struct mm_node *node, u64 size)
{
	return mm_insert_node_generic(mm, node, size, 0, 0, MM_INSERT_BEST);
}

/**
 * mm_reserve_node - allocate @node at its preset place.
 * @mm: the allocator.
 * @node: node with @start, @size and @color preset, otherwise zeroed or
 *	removed.
 *
 * Succeeds iff [start, start + size) lies inside one (colour-adjusted) hole.
 * Does not change mm_last_search_cost().
 *
 * Returns: 0 on success; -ENOSPC for size 0, a range that wraps past 2^64,
 * or any overlap with a node or the outside of the mm (@mm unchanged).
 */
int mm_reserve_node(struct mm *mm, struct mm_node *node);

/**
 * mm_remove_node - free @node; its space merges with the neighbouring holes.
 * @node: an allocated node (calling it on an unallocated node is a bug).
 *
 * The merged hole becomes the most recent one.  The node keeps start, size
 * and colour and may be inserted again.  This function can't fail.
 */
void mm_remove_node(struct mm_node *node);

/**
 * mm_prefetch_remove - a hint: mm_remove_node(@node) is coming.  Asks for
 * the BEST index leaf of @node's hole and @node's address-order
 * neighbours, so that their misses overlap with the caller's work instead
 * of following one another inside the remove.  Reads @node itself (have
 * it cached).  Changes nothing.
 * @node: an allocated node.
 */
void mm_prefetch_remove(const struct mm_node *node);

/**
 * mm_largest_hole - size of the largest hole of @mm, 0 if none.  O(1).
 * @mm: the allocator.
 */
static inline u64 mm_largest_hole(const struct mm *mm)
{
	return mm->largest ? mm->largest->hole_size : 0;
}

/**
 * mm_set_hole_hook - call @fn(@ctx, ...) on every later hole addition and
 * removal of @mm (NULL @fn removes it).  The holes present now are not
 * reported: walk them with mm_for_each_hole_addr().  mm_init() clears the
 * hook.  This function can't fail.
 */
static inline void mm_set_hole_hook(struct mm *mm, mm_hole_fn fn, void *ctx)
{
	mm->hole_fn = fn;
	mm->hole_ctx = ctx;
}

/**
 * mm_largest_hole_below - the largest part of a hole that lies below @end:
 * max over holes [hs, he) with hs < @end of min(he, @end) − hs; 0 if none.
 * O(1) when no node starts above @end (only the hole after the last node
 * can be cut), else O(log H) with the address tree's subtree maxima
 * (O(nodes) on a best-only mm).
 * @mm: the allocator.
 * @end: exclusive bound.
 */
u64 mm_largest_hole_below(const struct mm *mm, u64 end);

/**
 * mm_first_hole_ending_after - the first hole, in address order, whose
 * end is above @addr (NULL if none).  O(1) when no node starts above
 * @addr, else O(log H) (O(nodes) on a best-only mm).  Continue with
 * mm__hole_addr_next() for the following ones.
 * @mm: the allocator.
 * @addr: the bound.
 */
struct mm_node *mm_first_hole_ending_after(const struct mm *mm, u64 addr);

/**
 * mm_last_search_cost - how many holes the kernel's own walk tested in the
 * last mm_insert_node_in_range() call on @mm.
 * @mm: the allocator.
 *
 * This is the number of holes on which drm_mm_insert_node_in_range() of
 * Linux 6.18 would run its per-hole fit test (docs/driver/drm_mm.md §3.3), in its
 * visiting order, including the accepted hole; for -ENOSPC all holes it
 * tested.  A hole at which a LOW or HIGH walk stops because it lies beyond
 * the range is not counted (it is not fit-tested).  An early exit (size 0,
 * range shorter than the size, largest hole too small) counts 0.  For BEST
 * it is computed from order statistics without the walk.  Reserve and
 * remove leave it unchanged; mm_init() sets it to 0.
 */
static inline u64 mm_last_search_cost(const struct mm *mm)
{
	return mm->last_search_cost;
}

/* Counters (O(1)). */
static inline u64 mm_nr_nodes(const struct mm *mm)
{
	return mm->nr_nodes;
}

static inline u64 mm_nr_holes(const struct mm *mm)
{
	return mm->nr_holes;
}

static inline u64 mm_used_bytes(const struct mm *mm)
{
	return mm->used_bytes;
}

static inline u64 mm_free_bytes(const struct mm *mm)
{
	return mm->free_bytes;
}

/**
 * mm_best_index_alignment - the alignment the BEST index currently prunes at.
 * @mm: the allocator.
 *
 * BEST requests whose alignment is a multiple of it (or any request when
 * it is 0) skip holes that cannot hold them.  It follows the alignment the
 * callers use: when requests of another alignment waste more candidates
 * than there are holes, the index is rebuilt for that alignment (O(H),
 * amortised over the wasted work).  Informational; results never depend on it.
 */
static inline u64 mm_best_index_alignment(const struct mm *mm)
{
	return mm->index_align;
}

/**
 * mm_hole_node_start - start of the hole that follows @node (raw: the
 * caller checks node->hole_size first).
 * @node: a node or the head node.
 */
static inline u64 mm_hole_node_start(const struct mm_node *node)
{
	return node->start + node->size;
}

/**
 * mm_hole_follows - true iff a hole follows @node.
 * @node: a node or the head node.
 */
static inline bool mm_hole_follows(const struct mm_node *node)
{
	return node->hole_size != 0;
}

/**
 * mm_start - first address managed by @mm.
 * @mm: the allocator.
 */
static inline u64 mm_start(const struct mm *mm)
{
	return mm->head_node.start + mm->head_node.size;
}

/**
 * mm_end - exclusive end of the range managed by @mm.
 * @mm: the allocator.
 */
static inline u64 mm_end(const struct mm *mm)
{
	return mm->head_node.start;
}

/* private: iteration helpers */
static inline struct mm_node *mm__node_of(const struct mm_list *l)
{
	return container_of(l, struct mm_node, node_list);
}

static inline struct mm_node *mm__hole_of(const struct mm_list *l)
{
	return container_of(l, struct mm_node, hole_stack);
}

struct mm_node *mm__hole_addr_first(const struct mm *mm);
struct mm_node *mm__hole_addr_next(const struct mm_node *hole);

/**
 * mm_for_each_node - allocated nodes of @mm in ascending address order.
 * @pos: struct mm_node * cursor.
 * @mm: the allocator.
 */
#define mm_for_each_node(pos, mm)                                                      \
	for ((pos) = mm__node_of((mm)->head_node.node_list.next); (pos) != &(mm)->head_node; \
	     (pos) = mm__node_of((pos)->node_list.next))

/**
 * mm_for_each_node_safe - as mm_for_each_node(); @pos may be removed.
 * @pos: struct mm_node * cursor.
 * @next: struct mm_node * temporary.
 * @mm: the allocator.
 */
#define mm_for_each_node_safe(pos, next, mm)                                         \
	for ((pos) = mm__node_of((mm)->head_node.node_list.next),                     \
	    (next) = mm__node_of((pos)->node_list.next);                               \
	     (pos) != &(mm)->head_node;                                                \
	     (pos) = (next), (next) = mm__node_of((pos)->node_list.next))

/**
 * mm_for_each_hole - holes in recency order (most recently created or
 * changed first), like drm_mm_for_each_hole().
 * @pos: struct mm_node * cursor: the hole's owner, possibly the head node.
 * @mm: the allocator.
 * @hole_start: u64 lvalue, set to the hole's start.
 * @hole_end: u64 lvalue, set to the hole's end.
 *
 * Not safe against modification of @mm.
 */
#define mm_for_each_hole(pos, mm, hole_start, hole_end)                               \
	for ((pos) = mm__hole_of((mm)->hole_stack.next);                               \
	     &(pos)->hole_stack != &(mm)->hole_stack &&                                \
	     ((hole_start) = mm_hole_node_start(pos),                                  \
	      (hole_end) = (hole_start) + (pos)->hole_size, 1);                        \
	     (pos) = mm__hole_of((pos)->hole_stack.next))

/**
 * mm_for_each_hole_addr - holes in ascending address order.
 * @pos: struct mm_node * cursor: the hole's owner, possibly the head node.
 * @mm: the allocator.
 * @hole_start: u64 lvalue, set to the hole's start.
 * @hole_end: u64 lvalue, set to the hole's end.
 *
 * Not safe against modification of @mm.
 */
#define mm_for_each_hole_addr(pos, mm, hole_start, hole_end)                          \
	for ((pos) = mm__hole_addr_first(mm);                                          \
	     (pos) && ((hole_start) = mm_hole_node_start(pos),                         \
		       (hole_end) = (hole_start) + (pos)->hole_size, 1);               \
	     (pos) = mm__hole_addr_next(pos))

/**
 * mm_check - verify every structural invariant of @mm (I1..I7 above).
 * @mm: an initialised allocator with no scan in progress.
 * @why: buffer for the first violation, "I<n> name: detail"; may be NULL.
 * @len: size of @why.
 *
 * O(nodes + holes).
 *
 * Returns: 0 if all invariants hold, -EUCLEAN otherwise (@why says which
 * and where).
 */
int mm_check(const struct mm *mm, char *why, size_t len);

/**
 * struct mm_scan - an eviction scan (docs/driver/drm_mm.md §8).  Private fields only.
 */
struct mm_scan {
	/* private: */
	struct mm *mm;
	u64 size;
	u64 alignment;
	u64 remainder_mask;
	u64 range_start;
	u64 range_end;
	u64 hit_start;
	u64 hit_end;
	unsigned long color;
	unsigned int mode;
};

/**
 * mm_scan_init_with_range - prepare an eviction scan for a pending insert.
 * @scan: the scan state.
 * @mm: the allocator (no scan blocks outstanding).
 * @size: size of the pending insert (0 < @size <= @end - @start).
 * @alignment: its alignment (0 or 1 = none).
 * @color: its colour.
 * @start: range start.
 * @end: range end (exclusive, > @start).
 * @mode: MM_INSERT_HIGH scans top-down; every other value (HIGH|ONCE
 *	included) bottom-up.
 *
 * This function can't fail (preconditions are the caller's).
 */
void mm_scan_init_with_range(struct mm_scan *scan, struct mm *mm, u64 size, u64 alignment,
			     unsigned long color, u64 start, u64 end, unsigned int mode);

/**
 * mm_scan_init - mm_scan_init_with_range() over [0, 2^64 - 1).
 * @scan: the scan state.
 * @mm: the allocator.
 * @size: size.
 * @alignment: alignment.
 * @color: colour.
 * @mode: mode.
 */
static inline void mm_scan_init(struct mm_scan *scan, struct mm *mm, u64 size, u64 alignment,
				unsigned long color, unsigned int mode)
{
	mm_scan_init_with_range(scan, mm, size, alignment, color, 0, U64_MAX, mode);
}

/**
 * mm_scan_add_block - add @node to the eviction roster.
 * @scan: the scan.
 * @node: an allocated node of the scan's mm, not yet on the roster.
 *
 * Takes @node out of the address list (the hole indexes are untouched) and
 * tests the gap it leaves, joined with its neighbouring holes and earlier
 * roster nodes, with the insert fit test.
 *
 * Returns: true if the pending insert now fits (the hit is recorded).
 */
bool mm_scan_add_block(struct mm_scan *scan, struct mm_node *node);

/**
 * mm_scan_remove_block - take @node back off the roster.
 * @scan: the scan.
 * @node: the node added last among those still on the roster (strict
 *	reverse order of mm_scan_add_block()).
 *
 * Returns: true if @node overlaps the hit, i.e. must be evicted.
 */
bool mm_scan_remove_block(struct mm_scan *scan, struct mm_node *node);

/**
 * mm_scan_color_evict - after evicting, a neighbour that must go too.
 * @scan: a scan with a hit whose roster is fully unwound, after the caller
 *	removed the nodes mm_scan_remove_block() selected.
 *
 * Returns: NULL if the mm has no colour callback or nothing else must be
 * evicted; otherwise a node whose colour makes the hit hole unusable (call
 * again after removing it).
 */
struct mm_node *mm_scan_color_evict(struct mm_scan *scan);

#endif /* XDNASIM_ALLOC_MM_H */
