// SPDX-License-Identifier: MIT
/*
 * mm_rb.c - red-black tree with optional augmentation (see mm_rb.h).
 *
 * Insert fix-up: while the parent of the red node is red, either recolour
 * (red uncle) and move up two levels, or rotate once or twice (black uncle)
 * and stop.  Erase: a node with at most one child is replaced by that child;
 * a node with two children is replaced by its in-order successor, which
 * takes the node's colour; a missing black is then repaired bottom-up with
 * the four classic sibling cases.
 */
#include "alloc/mm_rb.h"

static inline bool rb_is_red(const struct mm_rb *n)
{
	return n && n->red;
}

static inline bool rb_is_black(const struct mm_rb *n)
{
	return !n || !n->red;
}

static inline void aug_compute(const struct mm_rb_augment *aug, struct mm_rb *n)
{
	if (aug)
		aug->compute(n);
}

/* After a rotation that put @new where @old was: @new now covers @old's set. */
static inline void aug_rotate(const struct mm_rb_augment *aug, struct mm_rb *old,
			      struct mm_rb *new)
{
	if (aug) {
		aug->copy(old, new);
		aug->compute(old);
	}
}

static inline void replace_child(struct mm_rb *old, struct mm_rb *new, struct mm_rb *parent,
				 struct mm_rb_root *root)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/*
 * @new takes @old's parent and colour; @old becomes a child of @new with
 * colour @old_red.  The caller has already moved the child pointers.
 */
static inline void rotate_parents(struct mm_rb *old, struct mm_rb *new, struct mm_rb_root *root,
				  bool old_red)
{
	struct mm_rb *parent = old->parent;

	new->parent = parent;
	new->red = old->red;
	old->parent = new;
	old->red = old_red;
	replace_child(old, new, parent, root);
}

void mm_rb_propagate(struct mm_rb *n, const struct mm_rb *stop, const struct mm_rb_augment *aug)
{
	if (!aug)
		return;
	while (n != stop) {
		if (!aug->compute(n))
			break;
		n = n->parent;
	}
}

/* One node left every subtree from @n up to @stop: update their summaries. */
static inline void erased_from(struct mm_rb *n, const struct mm_rb *stop,
			       const struct mm_rb_augment *aug)
{
	if (aug && aug->erased)
		aug->erased(n, stop);
	else
		mm_rb_propagate(n, stop, aug);
}

void mm_rb_insert_fixup(struct mm_rb *n, struct mm_rb_root *root, const struct mm_rb_augment *aug)
{
	struct mm_rb *parent = n->parent, *gparent, *uncle, *t;

	for (;;) {
		if (!parent) {
			n->red = false;
			return;
		}
		if (!parent->red)
			return;
		gparent = parent->parent;
		if (parent == gparent->left) {
			uncle = gparent->right;
			if (rb_is_red(uncle)) {
				uncle->red = false;
				parent->red = false;
				gparent->red = true;
				n = gparent;
				parent = n->parent;
				continue;
			}
			if (n == parent->right) {
				/* Inner grandchild: rotate left at parent first. */
				t = n->left;
				parent->right = t;
				if (t)
					t->parent = parent;
				n->left = parent;
				n->parent = gparent;
				gparent->left = n;
				parent->parent = n;
				aug_rotate(aug, parent, n);
				parent = n;
			}
			/* Outer grandchild: rotate right at grandparent. */
			t = parent->right;
			gparent->left = t;
			if (t)
				t->parent = gparent;
			parent->right = gparent;
			rotate_parents(gparent, parent, root, true);
			aug_rotate(aug, gparent, parent);
			return;
		}
		uncle = gparent->left;
		if (rb_is_red(uncle)) {
			uncle->red = false;
			parent->red = false;
			gparent->red = true;
			n = gparent;
			parent = n->parent;
			continue;
		}
		if (n == parent->left) {
			t = n->right;
			parent->left = t;
			if (t)
				t->parent = parent;
			n->right = parent;
			n->parent = gparent;
			gparent->right = n;
			parent->parent = n;
			aug_rotate(aug, parent, n);
			parent = n;
		}
		t = parent->left;
		gparent->right = t;
		if (t)
			t->parent = gparent;
		parent->left = gparent;
		rotate_parents(gparent, parent, root, true);
		aug_rotate(aug, gparent, parent);
		return;
	}
}

/*
 * Repair a missing black on the (possibly empty) child side of @parent that
 * @n (NULL at first) hangs on.
 */
static void erase_fixup(struct mm_rb *parent, struct mm_rb_root *root,
			const struct mm_rb_augment *aug)
{
	struct mm_rb *n = NULL, *sib, *near, *far;

	for (;;) {
		sib = parent->right;
		if (n != sib) {
			/* n is the left child. */
			if (rb_is_red(sib)) {
				near = sib->left;
				parent->right = near;
				near->parent = parent;
				sib->left = parent;
				rotate_parents(parent, sib, root, true);
				aug_rotate(aug, parent, sib);
				sib = near;
			}
			far = sib->right;
			if (rb_is_black(far)) {
				near = sib->left;
				if (rb_is_black(near)) {
					sib->red = true;
					if (parent->red) {
						parent->red = false;
						return;
					}
					n = parent;
					parent = n->parent;
					if (!parent)
						return;
					continue;
				}
				/* Red near nephew: rotate right at the sibling. */
				sib->left = near->right;
				if (near->right) {
					near->right->parent = sib;
					near->right->red = false;
				}
				near->right = sib;
				sib->parent = near;
				parent->right = near;
				near->parent = parent;
				aug_rotate(aug, sib, near);
				far = sib;
				sib = near;
			}
			/* Red far nephew: rotate left at the parent. */
			near = sib->left;
			parent->right = near;
			if (near)
				near->parent = parent;
			sib->left = parent;
			far->red = false;
			far->parent = sib;
			rotate_parents(parent, sib, root, false);
			aug_rotate(aug, parent, sib);
			return;
		}
		/* n is the right child: the mirror image. */
		sib = parent->left;
		if (rb_is_red(sib)) {
			near = sib->right;
			parent->left = near;
			near->parent = parent;
			sib->right = parent;
			rotate_parents(parent, sib, root, true);
			aug_rotate(aug, parent, sib);
			sib = near;
		}
		far = sib->left;
		if (rb_is_black(far)) {
			near = sib->right;
			if (rb_is_black(near)) {
				sib->red = true;
				if (parent->red) {
					parent->red = false;
					return;
				}
				n = parent;
				parent = n->parent;
				if (!parent)
					return;
				continue;
			}
			sib->right = near->left;
			if (near->left) {
				near->left->parent = sib;
				near->left->red = false;
			}
			near->left = sib;
			sib->parent = near;
			parent->left = near;
			near->parent = parent;
			aug_rotate(aug, sib, near);
			far = sib;
			sib = near;
		}
		near = sib->right;
		parent->left = near;
		if (near)
			near->parent = parent;
		sib->right = parent;
		far->red = false;
		far->parent = sib;
		rotate_parents(parent, sib, root, false);
		aug_rotate(aug, parent, sib);
		return;
	}
}

void mm_rb_erase(struct mm_rb *n, struct mm_rb_root *root, const struct mm_rb_augment *aug)
{
	struct mm_rb *left = n->left, *right = n->right;
	struct mm_rb *parent, *rebalance, *from;

	if (!left || !right) {
		/* At most one child: it (red if present) takes n's place and colour. */
		struct mm_rb *child = left ? left : right;

		parent = n->parent;
		replace_child(n, child, parent, root);
		if (child) {
			child->parent = parent;
			child->red = n->red;
			rebalance = NULL;
		} else {
			rebalance = n->red ? NULL : parent;
		}
		from = parent;
	} else {
		struct mm_rb *succ = right, *child2;

		if (!succ->left) {
			/* The successor is n's right child. */
			parent = succ;
			child2 = succ->right;
			if (aug)
				aug->copy(n, succ);
		} else {
			do {
				parent = succ;
				succ = succ->left;
			} while (succ->left);
			child2 = succ->right;
			parent->left = child2;
			succ->right = right;
			right->parent = succ;
			if (aug) {
				aug->copy(n, succ);
				erased_from(parent, succ, aug);
			}
		}
		succ->left = left;
		left->parent = succ;
		replace_child(n, succ, n->parent, root);
		if (child2) {
			child2->parent = parent;
			child2->red = false;
			rebalance = NULL;
		} else {
			rebalance = succ->red ? NULL : parent;
		}
		succ->parent = n->parent;
		succ->red = n->red;
		from = succ;
	}
	erased_from(from, NULL, aug);
	if (rebalance)
		erase_fixup(rebalance, root, aug);
	n->parent = n->left = n->right = NULL;
}

struct mm_rb *mm_rb_first(const struct mm_rb_root *root)
{
	struct mm_rb *n = root->node;

	if (!n)
		return NULL;
	while (n->left)
		n = n->left;
	return n;
}

struct mm_rb *mm_rb_last(const struct mm_rb_root *root)
{
	struct mm_rb *n = root->node;

	if (!n)
		return NULL;
	while (n->right)
		n = n->right;
	return n;
}

struct mm_rb *mm_rb_next(const struct mm_rb *n)
{
	const struct mm_rb *p;

	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return (struct mm_rb *)n;
	}
	while ((p = n->parent) && n == p->right)
		n = p;
	return (struct mm_rb *)p;
}

struct mm_rb *mm_rb_prev(const struct mm_rb *n)
{
	const struct mm_rb *p;

	if (n->left) {
		n = n->left;
		while (n->right)
			n = n->right;
		return (struct mm_rb *)n;
	}
	while ((p = n->parent) && n == p->left)
		n = p;
	return (struct mm_rb *)p;
}
