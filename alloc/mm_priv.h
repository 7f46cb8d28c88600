/* SPDX-License-Identifier: MIT */
/*
 * mm_priv.h - internals shared by alloc/mm*.c (not for callers).
 */
#ifndef XDNASIM_ALLOC_MM_PRIV_H
#define XDNASIM_ALLOC_MM_PRIV_H

#include "alloc/mm.h"
#include "alloc/mm_rb.h"

static inline struct mm_node *addr_to_node(const struct mm_rb *rb)
{
	return rb ? container_of(rb, struct mm_node, rb_hole_addr) : NULL;
}

static inline struct mm_node *node_next(const struct mm_node *n)
{
	return mm__node_of(n->node_list.next);
}

static inline struct mm_node *node_prev(const struct mm_node *n)
{
	return mm__node_of(n->node_list.prev);
}

/* End of the hole after @n: the start of the next node in the list. */
static inline u64 hole_end_of(const struct mm_node *n)
{
	return node_next(n)->start;
}

/* Normalised alignment: 0 and 1 both mean none. */
static inline u64 norm_align(u64 alignment)
{
	return alignment <= 1 ? 0 : alignment;
}

/* @x mod @a for @a >= 2, with a mask when @a is a power of two. */
static inline u64 mod_align(u64 x, u64 a)
{
	return (a & (a - 1)) ? x % a : x & (a - 1);
}

u64 mm__hole_cap(u64 hole_start, u64 hole_end, u64 alignment);

/*
 * mm__fit - the per-hole fit test of docs/driver/drm_mm.md §3.3, shared by insert and
 * scan.  @owner is passed to the colour callback; [@hs, @he) is the hole;
 * @high is true for top-down placement; @alignment is normalised.  Returns
 * true and the start in *@out if a node fits.
 */
bool mm__fit(const struct mm *mm, const struct mm_node *owner, u64 hs, u64 he, u64 size,
	     u64 alignment, unsigned long color, u64 rs, u64 re, bool high, u64 *out);

#endif /* XDNASIM_ALLOC_MM_PRIV_H */
