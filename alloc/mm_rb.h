/* SPDX-License-Identifier: MIT */
/*
 * mm_rb.h - the red-black tree under alloc/mm (private to alloc/).
 *
 * A classic intrusive red-black tree with parent pointers and an optional
 * augmentation.  The case analysis of the insert and erase fix-ups, and the
 * choice of the in-order successor when erasing a node with two children,
 * follow the textbook algorithm that Linux lib/rbtree.c also implements, so
 * that a tree built by the same sequence of inserts and erases has exactly
 * the same shape as the kernel's.  drm_mm's LOW|ONCE and HIGH|ONCE results
 * depend on that shape (docs/driver/drm_mm.md §3.5, §14).
 *
 * The caller links a new node as a red leaf (mm_rb_link) and then calls
 * mm_rb_insert_fixup(); mm_rb_erase() unlinks and rebalances.  Augmented
 * trees pass a struct mm_rb_augment whose compute() recalculates one node's
 * summary from its children; trees without augmentation pass NULL.
 */
#ifndef XDNASIM_ALLOC_MM_RB_H
#define XDNASIM_ALLOC_MM_RB_H

#include "alloc/mm.h"

/**
 * struct mm_rb_augment - augmentation hooks of one tree.
 * @compute: recompute @n's summary from its own value and its children's
 *	summaries; returns true if the summary changed.
 * @copy: give @dst the summary of @src (@dst takes @src's place).
 * @erased: optional: update the summaries from @n up to @stop (exclusive)
 *	after one node left all those subtrees; without it, compute() runs
 *	upwards until a summary does not change.
 */
struct mm_rb_augment {
	bool (*compute)(struct mm_rb *n);
	void (*copy)(const struct mm_rb *src, struct mm_rb *dst);
	void (*erased)(struct mm_rb *n, const struct mm_rb *stop);
};

/* mm_rb_link - attach @n as a red leaf below @parent at *@link. */
static inline void mm_rb_link(struct mm_rb *n, struct mm_rb *parent, struct mm_rb **link)
{
	n->parent = parent;
	n->left = NULL;
	n->right = NULL;
	n->red = true;
	*link = n;
}

void mm_rb_propagate(struct mm_rb *n, const struct mm_rb *stop,
		     const struct mm_rb_augment *aug);
void mm_rb_insert_fixup(struct mm_rb *n, struct mm_rb_root *root,
			const struct mm_rb_augment *aug);
void mm_rb_erase(struct mm_rb *n, struct mm_rb_root *root, const struct mm_rb_augment *aug);

struct mm_rb *mm_rb_first(const struct mm_rb_root *root);
struct mm_rb *mm_rb_last(const struct mm_rb_root *root);
struct mm_rb *mm_rb_next(const struct mm_rb *n);
struct mm_rb *mm_rb_prev(const struct mm_rb *n);

#endif /* XDNASIM_ALLOC_MM_RB_H */
