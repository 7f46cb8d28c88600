// SPDX-License-Identifier: MIT
/*
 * mm_bt.c - the BEST index of alloc/mm: a B+ tree of holes in BEST order,
 * with subtree counts and capacity maxima (see mm_bt.h).
 *
 * Inserts split full nodes on the way down (the root grows by moving its
 * contents into a new child), so a split always has room in its parent,
 * and update each entry on the path as they pass it.  Erases start at the
 * hole's leaf and work upwards: an emptied node leaves its parent, a node
 * under a quarter full merges into a sibling when the two fill at most
 * three quarters of a node, a root with one child takes that child's
 * place, and each ancestor's entry is updated only where the erased hole
 * made a difference (count; capacity maximum; last key).
 */
#include "alloc/mm_bt.h"
#include "common/bug.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W MM_BT_WIDTH
#define MERGE_MAX (3 * W / 4)
#define NODE_BYTES ((sizeof(struct mm_bt_node) + 63) / 64 * 64)

/* (size, stamp) keys: size ascending, then larger (newer) stamp first. */
static inline bool key_lt(u64 s1, u64 t1, u64 s2, u64 t2)
{
	return s1 < s2 || (s1 == s2 && t1 > t2);
}

/*
 * Freed nodes wait on a free list until mm_bt_fini(): a churn splits and
 * merges nodes all the time, and handing them back to malloc each time
 * fragments the process heap.
 */
static struct mm_bt_node *node_alloc(struct mm_bt *t, u32 level, struct mm_bt_node *parent)
{
	struct mm_bt_node *x = t->spare;

	if (x)
		t->spare = x->e[0].child;
	else
		x = aligned_alloc(64, NODE_BYTES);
	if (!x) {
		fputs("xdnasim: out of memory in the allocator's BEST index\n", stderr);
		abort();
	}
	memset(x, 0, sizeof(*x));
	x->level = level;
	x->parent = parent;
	t->nodes++;
	return x;
}

static void node_free(struct mm_bt *t, struct mm_bt_node *x)
{
	t->nodes--;
	x->e[0].child = t->spare;
	t->spare = x;
}

/* The holes under entry @i of @x: one in a leaf, the child's count above. */
static inline u64 holes_at(const struct mm_bt_node *x, u32 i)
{
	return x->level ? x->e[i].count : 1;
}

static u64 node_count(const struct mm_bt_node *x)
{
	u64 c = 0;

	for (u32 i = 0; i < x->n; i++)
		c += holes_at(x, i);
	return c;
}

/* The last hole of the subtree of @x (non-empty). */
static struct mm_node *rightmost(const struct mm_bt_node *x)
{
	while (x->level)
		x = x->e[x->n - 1].child;
	return x->e[x->n - 1].hole;
}

static u64 node_maxcap(const struct mm_bt_node *x)
{
	u64 m = 0;

	for (u32 i = 0; i < x->n; i++)
		if (x->e[i].cap > m)
			m = x->e[i].cap;
	return m;
}

/* Make entry @i of @p describe its (non-empty) child. */
static void describe(struct mm_bt_node *p, u32 i)
{
	const struct mm_bt_node *c = p->e[i].child;

	p->e[i].size = c->e[c->n - 1].size;
	p->e[i].stamp = c->e[c->n - 1].stamp;
	p->e[i].cap = node_maxcap(c);
	p->e[i].count = node_count(c);
}

/* Copy @k entries of @src from @si to @dst at @di; the ranges may overlap (same node). */
static void slots_move(struct mm_bt_node *dst, u32 di, const struct mm_bt_node *src, u32 si,
		       u32 k)
{
	memmove(&dst->e[di], &src->e[si], k * sizeof(dst->e[0]));
}

static void slot_open(struct mm_bt_node *x, u32 i)
{
	BUG_ON(x->n >= W || i > x->n);
	slots_move(x, i + 1, x, i, x->n - i);
	x->n++;
}

static void slot_close(struct mm_bt_node *x, u32 i)
{
	BUG_ON(i >= x->n);
	slots_move(x, i, x, i + 1, x->n - i - 1);
	x->n--;
}

/* Point the entries [@from, @to) of @x back at @x: children's parent, holes' leaf. */
static void adopt(struct mm_bt_node *x, u32 from, u32 to)
{
	for (u32 i = from; i < to; i++) {
		if (x->level)
			x->e[i].child->parent = x;
		else
			x->e[i].hole->bt_leaf = x;
	}
}

/* The index of child @c in @p. */
static u32 index_of(const struct mm_bt_node *p, const struct mm_bt_node *c)
{
	u32 i = 0;

	while (p->e[i].child != c)
		i++;
	BUG_ON(i >= p->n);
	return i;
}

/* The child of internal @x whose range takes key (@s, @st): the first whose last key is >= it. */
static u32 child_for(const struct mm_bt_node *x, u64 s, u64 st)
{
	u32 i = 0;

	while (i + 1 < x->n && key_lt(x->e[i].size, x->e[i].stamp, s, st))
		i++;
	return i;
}

void mm_bt_init(struct mm_bt *t)
{
	memset(t, 0, sizeof(*t));
}

static void free_below(struct mm_bt *t, struct mm_bt_node *x)
{
	if (!x->level)
		return;
	for (u32 i = 0; i < x->n; i++) {
		free_below(t, x->e[i].child);
		node_free(t, x->e[i].child);
	}
}

void mm_bt_fini(struct mm_bt *t)
{
	free_below(t, &t->root);
	BUG_ON(t->nodes != 0);
	while (t->spare) {
		struct mm_bt_node *x = t->spare;

		t->spare = x->e[0].child;
		free(x);
	}
	memset(&t->root, 0, sizeof(t->root));
}

/* Split the full child @i of @p (which has room) into two halves. */
static void split_child(struct mm_bt *t, struct mm_bt_node *p, u32 i)
{
	struct mm_bt_node *c = p->e[i].child;
	struct mm_bt_node *r = node_alloc(t, c->level, p);
	u32 half = c->n / 2;

	slots_move(r, 0, c, half, c->n - half);
	r->n = c->n - half;
	c->n = half;
	adopt(r, 0, r->n);
	slot_open(p, i + 1);
	p->e[i + 1].child = r;
	describe(p, i);
	describe(p, i + 1);
}

/* The root is full: its contents become its only child. */
static void grow(struct mm_bt *t)
{
	struct mm_bt_node *c = node_alloc(t, t->root.level, &t->root);
	u32 level = t->root.level + 1;

	BUG_ON(level >= MM_BT_MAX_DEPTH);
	*c = t->root;
	c->parent = &t->root;
	adopt(c, 0, c->n);
	memset(&t->root, 0, sizeof(t->root));
	t->root.level = level;
	t->root.n = 1;
	t->root.e[0].child = c;
	describe(&t->root, 0);
}

void mm_bt_insert(struct mm_bt *t, struct mm_node *hole, u64 cap)
{
	u64 s = hole->hole_size, st = hole->hole_stamp;
	struct mm_bt_node *x = &t->root;
	u32 i;

	if (x->n == W)
		grow(t);
	while (x->level) {
		i = child_for(x, s, st);
		if (x->e[i].child->n == W) {
			split_child(t, x, i);
			if (key_lt(x->e[i].size, x->e[i].stamp, s, st))
				i++;
		}
		__builtin_prefetch(&x->e[i].child->e[0].size);
		x->e[i].count++;
		if (cap > x->e[i].cap)
			x->e[i].cap = cap;
		if (key_lt(x->e[i].size, x->e[i].stamp, s, st)) {
			x->e[i].size = s;
			x->e[i].stamp = st;
		}
		x = x->e[i].child;
	}
	i = 0;
	while (i < x->n && key_lt(x->e[i].size, x->e[i].stamp, s, st))
		i++;
	slot_open(x, i);
	x->e[i].size = s;
	x->e[i].stamp = st;
	x->e[i].cap = cap;
	x->e[i].count = 0;
	x->e[i].hole = hole;
	hole->bt_leaf = x;
}

/*
 * Child @i of @p is under a quarter full: merge it with a sibling if the
 * two fill at most three quarters of a node, so that the merged node is
 * not split again by the next few inserts (each split and merge rewrites
 * the leaf pointer of every hole it moves).
 */
static void merge_small(struct mm_bt *t, struct mm_bt_node *p, u32 i)
{
	struct mm_bt_node *l, *r;

	if (i > 0 && p->e[i - 1].child->n + p->e[i].child->n <= MERGE_MAX) {
		l = p->e[i - 1].child;
		i--;
	} else if (i + 1 < p->n && p->e[i].child->n + p->e[i + 1].child->n <= MERGE_MAX) {
		l = p->e[i].child;
	} else {
		return;
	}
	r = p->e[i + 1].child;
	slots_move(l, l->n, r, 0, r->n);
	l->n += r->n;
	adopt(l, l->n - r->n, l->n);
	slot_close(p, i + 1);
	node_free(t, r);
	describe(p, i);
}

/*
 * From the hole's own leaf upwards: each parent entry loses one hole, its
 * largest capacity is recomputed only if the hole had it, and its last key
 * only if the hole was the subtree's last.
 */
void mm_bt_erase(struct mm_bt *t, const struct mm_node *hole)
{
	struct mm_bt_node *c = hole->bt_leaf, *p;
	u64 s = hole->hole_size, st = hole->hole_stamp, cap;
	u32 j = 0;

	while (j < c->n && c->e[j].hole != hole)
		j++;
	BUG_ON(j >= c->n);
	cap = c->e[j].cap;
	slot_close(c, j);
	for (; (p = c->parent); c = p) {
		/* @p's entries still hold the keys from before the erase: find @c by key */
		u32 i = child_for(p, s, st);

		BUG_ON(p->e[i].child != c);
		if (!c->n) {
			slot_close(p, i);
			node_free(t, c);
			continue;
		}
		p->e[i].count--;
		if (p->e[i].cap == cap)
			p->e[i].cap = node_maxcap(c);
		if (p->e[i].size == s && p->e[i].stamp == st) {
			p->e[i].size = c->e[c->n - 1].size;
			p->e[i].stamp = c->e[c->n - 1].stamp;
		}
		if (c->n < W / 4)
			merge_small(t, p, i);
	}
	while (t->root.level && t->root.n <= 1) {
		c = t->root.n ? t->root.e[0].child : NULL;
		if (!c) {
			memset(&t->root, 0, sizeof(t->root));
			break;
		}
		t->root = *c;
		t->root.parent = NULL;
		adopt(&t->root, 0, t->root.n);
		node_free(t, c);
	}
}

struct mm_node *mm_bt_lower(struct mm_bt *t, u64 size, struct mm_bt_cur *c)
{
	struct mm_bt_node *x = &t->root;
	u32 d = 0;

	c->rank = 0;
	c->depth = 0;
	for (;;) {
		u32 i = 0;

		for (; i < x->n && x->e[i].size < size; i++)
			c->rank += holes_at(x, i);
		if (i == x->n)
			return NULL;	/* only at the root: below it, a last key >= size was seen */
		c->node[d] = x;
		c->idx[d++] = i;
		if (!x->level) {
			c->depth = d;
			return x->e[i].hole;
		}
		x = x->e[i].child;
	}
}

/* From @x at level @l of @c down to its first hole with capacity >= @cap. */
static struct mm_node *descend_cap(struct mm_bt_cur *c, u32 l, struct mm_bt_node *x, u64 cap)
{
	for (;;) {
		u32 i = 0;

		for (; i < x->n && x->e[i].cap < cap; i++)
			c->rank += holes_at(x, i);
		BUG_ON(i >= x->n);	/* the parent's maximum promised one */
		c->node[l] = x;
		c->idx[l++] = i;
		if (!x->level)
			return x->e[i].hole;
		x = x->e[i].child;
	}
}

struct mm_node *mm_bt_next(struct mm_bt_cur *c, u64 cap)
{
	u32 l = c->depth - 1;
	struct mm_bt_node *x = c->node[l];
	u32 j = c->idx[l];

	BUG_ON(!c->depth);
	for (u32 k = j + 1; k < x->n; k++) {
		if (x->e[k].cap >= cap) {
			c->rank += k - j;
			c->idx[l] = k;
			return x->e[k].hole;
		}
	}
	c->rank += x->n - j;	/* now: the holes before the next leaf */
	while (l-- > 0) {
		x = c->node[l];
		for (u32 i = c->idx[l] + 1; i < x->n; i++) {
			if (x->e[i].cap < cap) {
				c->rank += x->e[i].count;
				continue;
			}
			c->idx[l] = i;
			return descend_cap(c, l + 1, x->e[i].child, cap);
		}
	}
	return NULL;
}

struct mm_node *mm_bt_last(const struct mm_bt *t)
{
	return t->root.n ? rightmost(&t->root) : NULL;
}

struct mm_node *mm_bt_before(const struct mm_node *hole)
{
	const struct mm_bt_node *x = hole->bt_leaf, *p;
	u32 j = x->n;

	while (j-- > 0 && x->e[j].hole != hole)
		;
	BUG_ON(j >= x->n);
	if (j > 0)
		return x->e[j - 1].hole;
	/* the first of its leaf: the last hole of the subtree just before, higher up */
	for (; (p = x->parent); x = p) {
		u32 i = index_of(p, x);

		if (i > 0)
			return rightmost(p->e[i - 1].child);
	}
	return NULL;
}

static void recap(struct mm_bt_node *x, u64 (*cap_of)(const void *ctx, const struct mm_node *hole),
		  const void *ctx)
{
	for (u32 i = 0; i < x->n; i++) {
		if (x->level) {
			recap(x->e[i].child, cap_of, ctx);
			describe(x, i);
		} else {
			x->e[i].cap = cap_of(ctx, x->e[i].hole);
		}
	}
}

void mm_bt_recap(struct mm_bt *t, u64 (*cap_of)(const void *ctx, const struct mm_node *hole),
		 const void *ctx)
{
	recap(&t->root, cap_of, ctx);
}
