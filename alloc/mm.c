// SPDX-License-Identifier: MIT
/*
 * mm.c - the drm_mm-exact range allocator: holes, insert, reserve, remove.
 *
 * Every hole change goes through add_hole()/rm_hole() in exactly the order
 * docs/driver/drm_mm.md §1.3, §3.6 and §5 give, because the hole-by-address tree must
 * keep the kernel's shape (LOW|ONCE, HIGH|ONCE) and the stamps must follow
 * the kernel's recency order (BEST ties, EVICT, for_each_hole).
 *
 * The BEST walk of the kernel visits holes by (size ascending, newest
 * first) and takes the first one that passes the fit test.  Here the same
 * order is a B+ tree (alloc/mm_bt.c) whose subtrees know their largest
 * capacity at the index alignment; a hole whose capacity is below the request cannot
 * pass the fit test (capacity is an upper bound of what any range, and any
 * alignment that is a multiple of the index alignment, leaves usable), so
 * the first capable hole in that order is reached in O(log H) and the
 * result is the kernel's.  Subtree counts give the kernel's search cost.
 */
#include "alloc/mm_bt.h"
#include "alloc/mm_priv.h"
#include "common/bug.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static inline void list_init(struct mm_list *h)
{
	h->prev = h;
	h->next = h;
}

/* Insert @n right after @pos. */
static inline void list_add_after(struct mm_list *n, struct mm_list *pos)
{
	n->prev = pos;
	n->next = pos->next;
	pos->next->prev = n;
	pos->next = n;
}

/* Unlink @n, leaving its own pointers intact (scan relinks them later). */
static inline void list_unlink(struct mm_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

static inline u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static inline u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

/* ---- augmentation of the two hole trees ---- */

static bool addr_compute(struct mm_rb *rb)
{
	struct mm_node *n = addr_to_node(rb);
	u64 max = n->hole_size;

	if (rb->left)
		max = max_u64(max, addr_to_node(rb->left)->subtree_max_hole);
	if (rb->right)
		max = max_u64(max, addr_to_node(rb->right)->subtree_max_hole);
	if (n->subtree_max_hole == max)
		return false;
	n->subtree_max_hole = max;
	return true;
}

static void addr_copy(const struct mm_rb *src, struct mm_rb *dst)
{
	addr_to_node(dst)->subtree_max_hole = addr_to_node(src)->subtree_max_hole;
}

static const struct mm_rb_augment addr_aug = { addr_compute, addr_copy, NULL };

u64 mm__hole_cap(u64 hole_start, u64 hole_end, u64 alignment)
{
	u64 rem, start = hole_start;

	if (alignment) {
		rem = mod_align(hole_start, alignment);
		if (rem) {
			start = hole_start - rem + alignment;
			if (start < hole_start)
				return 0;	/* the round-up wraps past 2^64 */
		}
	}
	return hole_end > start ? hole_end - start : 0;
}

/* ---- add_hole / rm_hole (docs/driver/drm_mm.md §1.3) ---- */

/*
 * Prefetching changes no result, only how long the memory takes: past a
 * few thousand holes the nodes an operation touches are cache misses, and
 * most of them are known from the first node's links, so they are asked
 * for together instead of one after the other.
 */
static inline void prefetch_line(const void *p)
{
	if (p)
		__builtin_prefetch(p);
}

/* What rm_hole(@n) reads besides @n: its neighbours in both trees and in the hole stack. */
static inline void prefetch_hole_links(const struct mm_node *n)
{
	prefetch_line(n->bt_leaf);
	prefetch_line(n->rb_hole_addr.parent);
	prefetch_line(n->rb_hole_addr.left);
	prefetch_line(n->rb_hole_addr.right);
	prefetch_line(n->hole_stack.prev);
	prefetch_line(n->hole_stack.next);
}

/* The cache lines of @n (struct mm_node) an insert or remove reads. */
static inline void prefetch_node(const struct mm_node *n)
{
	__builtin_prefetch(&n->start);
	__builtin_prefetch(&n->node_list);
}

static void insert_hole_addr(struct mm *mm, struct mm_node *n)
{
	struct mm_rb **link = &mm->holes_addr.node, *parent = NULL;
	u64 start = mm_hole_node_start(n);

	while (*link) {
		struct mm_node *p;

		parent = *link;
		p = addr_to_node(parent);
		if (p->subtree_max_hole < n->hole_size)
			p->subtree_max_hole = n->hole_size;
		if (start < mm_hole_node_start(p))
			link = &parent->left;
		else
			link = &parent->right;
	}
	mm_rb_link(&n->rb_hole_addr, parent, link);
	n->subtree_max_hole = n->hole_size;
	mm_rb_insert_fixup(&n->rb_hole_addr, &mm->holes_addr, &addr_aug);
}

/* The capacity of @hole's hole at the index alignment of the mm @ctx. */
static u64 cap_at_index(const void *ctx, const struct mm_node *hole)
{
	const struct mm *mm = ctx;
	u64 hs = mm_hole_node_start(hole);

	return mm__hole_cap(hs, hs + hole->hole_size, mm->index_align);
}

static void add_hole(struct mm *mm, struct mm_node *n)
{
	u64 start = mm_hole_node_start(n);

	BUG_ON(n->hole_size != 0);	/* already a hole: remove it first */
	n->hole_size = hole_end_of(n) - start;
	BUG_ON(n->hole_size == 0);	/* no hole follows @n */
	n->hole_stamp = mm->stamp++;
	/* The newest hole: first among the holes of its size in BEST order. */
	mm_bt_insert(&mm->best, n, cap_at_index(mm, n));
	if (!mm->largest || n->hole_size > mm->largest->hole_size)
		mm->largest = n;
	if (!mm->best_only) {
		insert_hole_addr(mm, n);
		list_add_after(&n->hole_stack, &mm->hole_stack);
	}
	mm->nr_holes++;
	mm->free_bytes += n->hole_size;
	if (mm->hole_fn)
		mm->hole_fn(mm->hole_ctx, start, n->hole_size, true);
}

static void rm_hole(struct mm *mm, struct mm_node *n)
{
	BUG_ON(n->hole_size == 0);
	if (mm->hole_fn)
		mm->hole_fn(mm->hole_ctx, mm_hole_node_start(n), n->hole_size, false);
	mm_bt_erase(&mm->best, n);
	if (mm->largest == n)
		mm->largest = mm_bt_last(&mm->best);
	if (!mm->best_only) {
		list_unlink(&n->hole_stack);
		mm_rb_erase(&n->rb_hole_addr, &mm->holes_addr, &addr_aug);
	}
	mm->nr_holes--;
	mm->free_bytes -= n->hole_size;
	n->hole_size = 0;
	n->subtree_max_hole = 0;
}

/* ---- lifecycle ---- */

static void init(struct mm *mm, u64 start, u64 size, bool best_only)
{
	memset(mm, 0, sizeof(*mm));
	mm->head_node.start = start + size;
	mm->head_node.size = 0 - size;
	mm->head_node.mm = mm;
	mm->best_only = best_only;
	list_init(&mm->head_node.node_list);
	list_init(&mm->hole_stack);
	mm_bt_init(&mm->best);
	add_hole(mm, &mm->head_node);
}

void mm_init(struct mm *mm, u64 start, u64 size)
{
	init(mm, start, size, false);
}

void mm_init_best_only(struct mm *mm, u64 start, u64 size)
{
	init(mm, start, size, true);
}

void mm_discard(struct mm *mm)
{
	mm_bt_fini(&mm->best);
}

void mm_takedown(struct mm *mm)
{
	if (!mm_clean(mm))
		fprintf(stderr, "mm_takedown: %llu node(s) still allocated in [%#llx, %#llx)\n",
			(unsigned long long)mm->nr_nodes, (unsigned long long)mm_start(mm),
			(unsigned long long)mm_end(mm));
	mm_discard(mm);
}

/* ---- the fit test (docs/driver/drm_mm.md §3.3) ---- */

bool mm__fit(const struct mm *mm, const struct mm_node *owner, u64 hs, u64 he, u64 size,
	     u64 alignment, unsigned long color, u64 rs, u64 re, bool high, u64 *out)
{
	u64 cs = hs, ce = he, as, ae, rem;

	if (mm->color_adjust)
		mm->color_adjust(owner, color, &cs, &ce);
	as = max_u64(cs, rs);
	ae = min_u64(ce, re);
	if (ae <= as || ae - as < size)
		return false;
	if (high)
		as = ae - size;
	if (alignment) {
		rem = mod_align(as, alignment);
		if (rem) {
			as -= rem;
			if (!high)
				as += alignment;	/* may wrap: caught below */
			if (as < max_u64(cs, rs) || min_u64(ce, re) - as < size)
				return false;
			if (ae <= as || ae - as < size)
				return false;
		}
	}
	*out = as;
	return true;
}

/* ---- LOW / HIGH: the kernel's pruned walks over the address tree ---- */

static struct mm_node *find_hole_addr(const struct mm *mm, u64 addr, u64 size)
{
	struct mm_rb *rb = mm->holes_addr.node;
	struct mm_node *found = NULL;

	while (rb) {
		struct mm_node *n = addr_to_node(rb);
		u64 hs;

		if (n->subtree_max_hole < size)
			break;
		found = n;
		hs = mm_hole_node_start(n);
		if (addr < hs)
			rb = rb->left;
		else if (addr > hs + n->hole_size)
			rb = rb->right;
		else
			break;
	}
	return found;
}

static inline bool usable_addr(const struct mm_rb *rb, u64 size)
{
	return rb && addr_to_node(rb)->subtree_max_hole >= size;
}

static struct mm_node *next_hole_low(const struct mm_node *hole, u64 size)
{
	const struct mm_rb *rb = &hole->rb_hole_addr, *parent;

	if (usable_addr(rb->right, size)) {
		rb = rb->right;
		while (usable_addr(rb->left, size))
			rb = rb->left;
		return addr_to_node(rb);
	}
	while ((parent = rb->parent) && rb == parent->right)
		rb = parent;
	return addr_to_node(parent);
}

static struct mm_node *next_hole_high(const struct mm_node *hole, u64 size)
{
	const struct mm_rb *rb = &hole->rb_hole_addr, *parent;

	if (usable_addr(rb->left, size)) {
		rb = rb->left;
		while (usable_addr(rb->right, size))
			rb = rb->right;
		return addr_to_node(rb);
	}
	while ((parent = rb->parent) && rb == parent->left)
		rb = parent;
	return addr_to_node(parent);
}

/* ---- BEST: order statistics and capacity pruning ---- */

/* Re-key every capacity to @alignment: O(H). */
static void index_rebuild(struct mm *mm, u64 alignment)
{
	mm->index_align = alignment;
	mm->index_debt = 0;
	mm->index_rebuilds++;
	mm_bt_recap(&mm->best, cap_at_index, mm);
}

static inline bool index_covers(const struct mm *mm, u64 alignment)
{
	if (mm->color_adjust)
		return false;
	return !mm->index_align || (alignment && alignment % mm->index_align == 0);
}

struct search {
	u64 size;
	u64 alignment;
	unsigned long color;
	u64 range_start;
	u64 range_end;
	bool high;
	u64 start;	/* out: where the node goes */
};

static inline bool fit_hole(const struct mm *mm, const struct mm_node *hole, struct search *s)
{
	u64 hs = mm_hole_node_start(hole);

	return mm__fit(mm, hole, hs, hs + hole->hole_size, s->size, s->alignment, s->color,
		       s->range_start, s->range_end, s->high, &s->start);
}

/*
 * BEST: the first hole in (size asc, newest first) order that passes the
 * fit test.  With the index covering the alignment, holes without the
 * capacity are skipped; otherwise the kernel's walk is done literally.
 */
static struct mm_node *best_search(struct mm *mm, struct search *s, bool once)
{
	struct mm_bt_cur cur;
	struct mm_node *hole;
	u64 rank0, wasted = 0;

	hole = mm_bt_lower(&mm->best, s->size, &cur);
	if (!hole)
		return NULL;
	rank0 = cur.rank;
	mm->last_probes = 1;
	if (once) {
		mm->last_search_cost = 1;
		return fit_hole(mm, hole, s) ? hole : NULL;
	}
	if (index_covers(mm, s->alignment)) {
		/* Capable holes are never before the first candidate: start there. */
		if (mm_bt_cur_cap(&cur) < s->size)
			hole = mm_bt_next(&cur, s->size);
		for (; hole; hole = mm_bt_next(&cur, s->size)) {
			mm->last_probes++;
			if (fit_hole(mm, hole, s))
				break;
			wasted++;
		}
		mm->last_search_cost = hole ? cur.rank - rank0 + 1 : mm->nr_holes - rank0;
		/* Misses at the index alignment come from the range: no rebuild helps. */
		if (s->alignment != mm->index_align)
			mm->index_debt += wasted;
	} else {
		u64 tested = 0;

		for (; hole; hole = mm_bt_next(&cur, 0)) {
			tested++;
			if (fit_hole(mm, hole, s))
				break;
			wasted++;
		}
		mm->last_search_cost = tested;
		mm->last_probes = tested;
		mm->index_debt += wasted;
	}
	return hole;
}

/* Rebuild the index for @alignment once misses have paid for it. */
static void index_maybe_rebuild(struct mm *mm, u64 alignment)
{
	if (mm->color_adjust || alignment == mm->index_align)
		return;
	if (mm->index_debt > mm->nr_holes + 64)
		index_rebuild(mm, alignment);
}

/* ---- insert / reserve / remove ---- */

/* Commit: @node takes [@start, @start + @size) out of @hole's hole (§3.6). */
static void place_node(struct mm *mm, struct mm_node *hole, struct mm_node *node, u64 start,
		       u64 size, unsigned long color)
{
	u64 hs = mm_hole_node_start(hole);
	u64 he = hs + hole->hole_size;

	prefetch_hole_links(hole);
	prefetch_line(hole->node_list.next);
	node->mm = mm;
	node->start = start;
	node->size = size;
	node->color = color;
	node->hole_size = 0;
	node->subtree_max_hole = 0;
	node->flags = MM_NODE_ALLOCATED;
	list_add_after(&node->node_list, &hole->node_list);
	mm->nr_nodes++;
	mm->used_bytes += size;

	rm_hole(mm, hole);
	if (start > hs)
		add_hole(mm, hole);
	if (start + size < he)
		add_hole(mm, node);
}

static struct mm_node *walk_search(struct mm *mm, struct search *s, unsigned int mode, bool once)
{
	struct mm_node *hole;
	u64 tested = 0;

	switch (mode) {
	case MM_INSERT_LOW:
		hole = find_hole_addr(mm, s->range_start, s->size);
		break;
	case MM_INSERT_HIGH:
		hole = find_hole_addr(mm, s->range_end, s->size);
		break;
	default:	/* EVICT */
		hole = mm->hole_stack.next == &mm->hole_stack ? NULL :
		       mm__hole_of(mm->hole_stack.next);
		break;
	}
	while (hole) {
		u64 hs = mm_hole_node_start(hole);
		u64 he = hs + hole->hole_size;

		if (mode == MM_INSERT_LOW && hs >= s->range_end)
			break;
		if (mode == MM_INSERT_HIGH && he <= s->range_start)
			break;
		tested++;
		if (fit_hole(mm, hole, s)) {
			mm->last_search_cost = tested;
			mm->last_probes = tested;
			return hole;
		}
		if (once)
			break;
		if (mode == MM_INSERT_LOW)
			hole = next_hole_low(hole, s->size);
		else if (mode == MM_INSERT_HIGH)
			hole = next_hole_high(hole, s->size);
		else
			hole = hole->hole_stack.next == &mm->hole_stack ? NULL :
			       mm__hole_of(hole->hole_stack.next);
	}
	mm->last_search_cost = tested;
	mm->last_probes = tested;
	return NULL;
}

int mm_insert_node_in_range(struct mm *mm, struct mm_node *node, u64 size, u64 alignment,
			    unsigned long color, u64 range_start, u64 range_end,
			    unsigned int mode)
{
	struct search s;
	struct mm_node *hole;
	bool once;

	mm->last_search_cost = 0;
	mm->last_probes = 0;
	if (size == 0 || range_end - range_start < size)
		return -ENOSPC;
	if (mm_largest_hole(mm) < size)
		return -ENOSPC;

	s.size = size;
	s.alignment = norm_align(alignment);
	s.color = color;
	s.range_start = range_start;
	s.range_end = range_end;
	once = mode & MM_INSERT_ONCE;
	mode &= ~(unsigned int)MM_INSERT_ONCE;
	BUG_ON(mm->best_only && (once || (mode != MM_INSERT_BEST && mode <= MM_INSERT_EVICT)));
	if (mode > MM_INSERT_EVICT)
		mode = MM_INSERT_BEST;
	s.high = mode == MM_INSERT_HIGH;

	if (mode == MM_INSERT_BEST)
		hole = best_search(mm, &s, once);
	else
		hole = walk_search(mm, &s, mode, once);
	if (hole)
		place_node(mm, hole, node, s.start, size, color);
	if (mode == MM_INSERT_BEST)
		index_maybe_rebuild(mm, s.alignment);
	return hole ? 0 : -ENOSPC;
}

/* The kernel's unpruned descent for reserve: the last hole visited. */
static struct mm_node *find_hole(const struct mm *mm, u64 addr)
{
	struct mm_rb *rb = mm->holes_addr.node;
	struct mm_node *n = NULL;

	while (rb) {
		u64 hs;

		n = addr_to_node(rb);
		hs = mm_hole_node_start(n);
		if (addr < hs)
			rb = rb->left;
		else if (addr > hs + n->hole_size)
			rb = rb->right;
		else
			break;
	}
	return n;
}

int mm_reserve_node(struct mm *mm, struct mm_node *node)
{
	struct mm_node *hole;
	u64 end = node->start + node->size;
	u64 adj_start, adj_end;

	BUG_ON(mm->best_only);
	if (end <= node->start)
		return -ENOSPC;
	hole = find_hole(mm, node->start);
	if (!hole)
		return -ENOSPC;
	adj_start = mm_hole_node_start(hole);
	adj_end = adj_start + hole->hole_size;
	if (mm->color_adjust)
		mm->color_adjust(hole, node->color, &adj_start, &adj_end);
	if (adj_start > node->start || adj_end < end)
		return -ENOSPC;
	place_node(mm, hole, node, node->start, node->size, node->color);
	return 0;
}

/* Every line of a BEST index node. */
static inline void prefetch_bt(const struct mm_bt_node *x)
{
	for (size_t off = 0; off < sizeof(*x); off += 64)
		__builtin_prefetch((const char *)x + off, 1);
}

void mm_prefetch_remove(const struct mm_node *node)
{
	const struct mm_node *prev = node_prev(node);

	if (node->hole_size)
		prefetch_bt(node->bt_leaf);
	prefetch_node(prev);
	prefetch_line(&node_next(node)->start);
}

void mm_remove_node(struct mm_node *node)
{
	struct mm *mm = node->mm;
	struct mm_node *prev = node_prev(node);

	BUG_ON(!mm_node_allocated(node));
	BUG_ON(node->flags & MM_NODE_SCANNED);	/* mm_scan_remove_block() first */
	mm_prefetch_remove(node);
	if (node->hole_size)
		prefetch_hole_links(node);
	/* prev's hole goes next: its index leaf loads while @node's hole leaves */
	prefetch_hole_links(prev);
	if (node->hole_size)
		rm_hole(mm, node);
	list_unlink(&node->node_list);
	mm->nr_nodes--;
	mm->used_bytes -= node->size;
	if (prev->hole_size)
		rm_hole(mm, prev);
	add_hole(mm, prev);
	node->flags &= ~MM_NODE_ALLOCATED;
}

/* ---- iteration helpers ---- */

/* Best-only: the first node from @n on (in address order) that a hole follows. */
static struct mm_node *hole_from(const struct mm *mm, const struct mm_node *n)
{
	for (;;) {
		if (n->hole_size)
			return (struct mm_node *)n;
		n = node_next(n);
		if (n == &mm->head_node)
			return NULL;
	}
}

struct mm_node *mm__hole_addr_first(const struct mm *mm)
{
	if (mm->best_only)
		return hole_from(mm, &mm->head_node);	/* the head's hole comes first */
	return addr_to_node(mm_rb_first(&mm->holes_addr));
}

struct mm_node *mm__hole_addr_next(const struct mm_node *hole)
{
	/* holes are disjoint: the one reaching the end of the range is the last */
	if (mm_hole_node_start(hole) + hole->hole_size == mm_end(hole->mm))
		return NULL;
	if (hole->mm->best_only)
		return hole_from(hole->mm, node_next(hole));
	return addr_to_node(mm_rb_next(&hole->rb_hole_addr));
}

/*
 * Every hole but the one after the last node (the trailing hole, which
 * reaches the end of the mm) ends at or before the last node's start.  So
 * when that start is at or below a bound, the trailing hole is the only
 * one the bound can cut: the two queries below answer in O(1) from it and
 * the largest hole instead of descending the address tree.  NULL (take
 * the descent) when there is no node.
 */
static const struct mm_node *last_node(const struct mm *mm)
{
	const struct mm_node *last = node_prev(&mm->head_node);

	return last == &mm->head_node ? NULL : last;
}

u64 mm_largest_hole_below(const struct mm *mm, u64 end)
{
	const struct mm_rb *rb = mm->holes_addr.node;
	const struct mm_node *last = last_node(mm);
	u64 best = 0;

	if (last && last->start <= end && mm->largest) {
		const struct mm_node *big = mm->largest, *other;
		u64 hs;

		if (big != last)
			return big->hole_size;	/* not cut: nothing cut is larger */
		/* the trailing hole is the largest: the next in BEST order, or it cut */
		other = mm_bt_before(big);
		best = other ? other->hole_size : 0;
		hs = mm_hole_node_start(last);
		if (hs < end)
			best = max_u64(best, min_u64(hs + last->hole_size, end) - hs);
		return best;
	}
	if (mm->best_only) {
		/* no address tree: every hole, in O(nodes) */
		const struct mm_node *n;
		u64 hs, he;

		mm_for_each_hole_addr(n, mm, hs, he)
			if (hs < end)
				best = max_u64(best, min_u64(he, end) - hs);
		return best;
	}
	while (rb) {
		const struct mm_node *n = addr_to_node(rb);
		u64 hs = mm_hole_node_start(n);

		if (hs >= end) {
			rb = rb->left;
			continue;
		}
		/* every hole on the left ends at or before hs < end: whole sizes */
		if (rb->left)
			best = max_u64(best, addr_to_node(rb->left)->subtree_max_hole);
		best = max_u64(best, min_u64(hs + n->hole_size, end) - hs);
		rb = rb->right;
	}
	return best;
}

struct mm_node *mm_first_hole_ending_after(const struct mm *mm, u64 addr)
{
	const struct mm_rb *rb = mm->holes_addr.node;
	const struct mm_node *last = last_node(mm);
	struct mm_node *found = NULL;

	if (last && last->start <= addr) {
		/* only the trailing hole can end above addr */
		if (last->hole_size && mm_hole_node_start(last) + last->hole_size > addr)
			return (struct mm_node *)last;
		return NULL;
	}
	if (mm->best_only) {
		/* no address tree: the first such hole in address order, in O(nodes) */
		struct mm_node *n;
		u64 hs, he;

		mm_for_each_hole_addr(n, mm, hs, he)
			if (he > addr)
				return n;
		return NULL;
	}

	/* holes are disjoint, so their ends increase with their starts */
	while (rb) {
		struct mm_node *n = addr_to_node(rb);

		if (mm_hole_node_start(n) + n->hole_size > addr) {
			found = n;
			rb = rb->left;
		} else {
			rb = rb->right;
		}
	}
	return found;
}

/* ---- eviction scan (docs/driver/drm_mm.md §8) ---- */

void mm_scan_init_with_range(struct mm_scan *scan, struct mm *mm, u64 size, u64 alignment,
			     unsigned long color, u64 start, u64 end, unsigned int mode)
{
	BUG_ON(mm->best_only);
	scan->mm = mm;
	scan->alignment = norm_align(alignment);
	scan->remainder_mask = scan->alignment && !(scan->alignment & (scan->alignment - 1)) ?
			       scan->alignment - 1 : 0;
	scan->color = color;
	scan->size = size;
	scan->mode = mode;
	scan->range_start = start;
	scan->range_end = end;
	scan->hit_start = U64_MAX;
	scan->hit_end = 0;
}

bool mm_scan_add_block(struct mm_scan *scan, struct mm_node *node)
{
	struct mm *mm = scan->mm;
	struct mm_node *hole;
	u64 hs, he, start;

	BUG_ON(node->mm != mm);
	BUG_ON(!mm_node_allocated(node));
	BUG_ON(node->flags & MM_NODE_SCANNED);
	node->flags |= MM_NODE_SCANNED;
	mm->scan_active++;
	/* Leave node's own links intact: mm_scan_remove_block() relinks it. */
	hole = node_prev(node);
	list_unlink(&node->node_list);
	hs = mm_hole_node_start(hole);
	he = hole_end_of(hole);
	if (!mm__fit(mm, hole, hs, he, scan->size, scan->alignment, scan->color,
		     scan->range_start, scan->range_end, scan->mode == MM_INSERT_HIGH, &start))
		return false;
	scan->hit_start = start;
	scan->hit_end = start + scan->size;
	return true;
}

bool mm_scan_remove_block(struct mm_scan *scan, struct mm_node *node)
{
	struct mm_node *prev = node_prev(node);

	BUG_ON(node->mm != scan->mm);
	BUG_ON(!(node->flags & MM_NODE_SCANNED));
	/*
	 * Blocks come back in the reverse order of mm_scan_add_block() (docs/driver/drm_mm.md
	 * §8): then @node's kept links still name its neighbours.
	 */
	BUG_ON(prev->node_list.next != node->node_list.next);
	node->flags &= ~MM_NODE_SCANNED;
	scan->mm->scan_active--;
	list_add_after(&node->node_list, &prev->node_list);
	return node->start + node->size > scan->hit_start && node->start < scan->hit_end;
}

struct mm_node *mm_scan_color_evict(struct mm_scan *scan)
{
	struct mm *mm = scan->mm;
	struct mm_node *hole;
	u64 hs = 0, he = 0;

	if (!mm->color_adjust)
		return NULL;
	mm_for_each_hole(hole, mm, hs, he) {
		if (hs <= scan->hit_start && he >= scan->hit_end)
			break;
	}
	if (&hole->hole_stack == &mm->hole_stack)
		return NULL;
	mm->color_adjust(hole, scan->color, &hs, &he);
	if (hs > scan->hit_start)
		return hole;
	if (he < scan->hit_end)
		return node_next(hole);
	return NULL;
}
