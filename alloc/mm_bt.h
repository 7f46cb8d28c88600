/* SPDX-License-Identifier: MIT */
/*
 * mm_bt.h - the BEST index of alloc/mm (private to alloc/).
 *
 * Every hole of an mm, in the order the kernel's BEST walk visits them:
 * hole size ascending, then the most recently added first (larger stamp
 * first).  Keys are unique (stamps are).  A B+ tree of width MM_BT_WIDTH
 * (struct mm_bt_node in mm.h): a lookup, insert or erase touches one node
 * per level, about log16(H) of them, where the red-black tree it replaces
 * touched one scattered caller object per level, about 2*log2(H).  Each
 * internal entry knows its subtree's hole count (the kernel's search cost
 * is a difference of ranks) and largest capacity (BEST skips subtrees that
 * cannot hold the request).  Only the order matters to the results; the
 * shape never does.
 *
 * Nodes other than the root are allocated; running out of memory aborts
 * (a range allocator call cannot fail for that in the kernel, so neither
 * does it here).
 */
#ifndef XDNASIM_ALLOC_MM_BT_H
#define XDNASIM_ALLOC_MM_BT_H

#include "alloc/mm.h"

/* A position in the index: the path from the root to one hole, and its rank. */
struct mm_bt_cur {
	struct mm_bt_node *node[MM_BT_MAX_DEPTH];
	u32 idx[MM_BT_MAX_DEPTH];
	u32 depth;			/* levels in the path; node[depth - 1] is a leaf */
	u64 rank;			/* holes before the current one */
};

/* mm_bt_init - an empty index.  mm_bt_fini - free its nodes. */
void mm_bt_init(struct mm_bt *t);
void mm_bt_fini(struct mm_bt *t);

/* mm_bt_insert - index @hole (key hole_size, hole_stamp) with capacity @cap. */
void mm_bt_insert(struct mm_bt *t, struct mm_node *hole, u64 cap);

/* mm_bt_erase - remove @hole, still carrying the key it was inserted with. */
void mm_bt_erase(struct mm_bt *t, const struct mm_node *hole);

/*
 * mm_bt_lower - the first hole with hole_size >= @size and the cursor at it
 * (@c->rank = holes before it); NULL if none (@c->rank = all holes).
 */
struct mm_node *mm_bt_lower(struct mm_bt *t, u64 size, struct mm_bt_cur *c);

/* mm_bt_next - advance @c to the next hole with capacity >= @cap (0: any). */
struct mm_node *mm_bt_next(struct mm_bt_cur *c, u64 cap);

/* mm_bt_cur_cap - the capacity of the hole at @c. */
static inline u64 mm_bt_cur_cap(const struct mm_bt_cur *c)
{
	return c->node[c->depth - 1]->e[c->idx[c->depth - 1]].cap;
}

/* mm_bt_last - the last hole (the largest), NULL if none. */
struct mm_node *mm_bt_last(const struct mm_bt *t);

/* mm_bt_before - the hole before @hole (an indexed hole) in BEST order, NULL if none. */
struct mm_node *mm_bt_before(const struct mm_node *hole);

/* mm_bt_recap - set every capacity to @cap_of(@ctx, hole) and rebuild the maxima: O(H). */
void mm_bt_recap(struct mm_bt *t, u64 (*cap_of)(const void *ctx, const struct mm_node *hole),
		 const void *ctx);

#endif /* XDNASIM_ALLOC_MM_BT_H */
