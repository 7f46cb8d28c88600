// SPDX-License-Identifier: MIT
/*
 * mm_check.c - the full structural checker of alloc/mm (invariants I1..I7,
 * listed in mm.h).  It recomputes everything from the node list and walks
 * every index; O(nodes + holes).
 */
#include "alloc/mm_bt.h"
#include "alloc/mm_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static const char *const inv_names[] = {
	"", "nodes", "holes", "accounting", "hole-stack", "addr-tree", "best-index",
	"largest-hole",
};

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int fail(char *why, size_t len, int inv, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (why && len) {
		n = snprintf(why, len, "mm.I%d %s: ", inv, inv_names[inv]);
		if (n >= 0 && (size_t)n < len) {
			va_start(ap, fmt);
			vsnprintf(why + n, len - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -EUCLEAN;
}

#define HX(x) ((unsigned long long)(x))

struct rbcheck {
	const struct mm *mm;
	char *why;
	size_t len;
	int inv;
	u64 count;
	const struct mm_node *prev;
	struct mm_node *(*to_node)(const struct mm_rb *rb);
	/* 0 if @prev (may be NULL) strictly precedes @n and @n's fields are right */
	int (*node_ok)(struct rbcheck *c, const struct mm_rb *rb, const struct mm_node *prev,
		       const struct mm_node *n);
};

/* In-order walk checking links, colours, order and augmentation. */
static int rb_walk(struct rbcheck *c, const struct mm_rb *rb, const struct mm_rb *parent,
		   int depth, int *black_height)
{
	const struct mm_node *n;
	int lh, rh, err;

	if (!rb) {
		*black_height = 1;
		return 0;
	}
	n = c->to_node(rb);
	if (depth > 128)
		return fail(c->why, c->len, c->inv, "tree deeper than 128 at hole %#llx",
			    HX(mm_hole_node_start(n)));
	if (rb->parent != parent)
		return fail(c->why, c->len, c->inv, "bad parent link at hole %#llx",
			    HX(mm_hole_node_start(n)));
	if (rb->red && parent && parent->red)
		return fail(c->why, c->len, c->inv, "red hole %#llx has a red parent",
			    HX(mm_hole_node_start(n)));
	if (n->mm != c->mm || (n != &c->mm->head_node && !mm_node_allocated(n)))
		return fail(c->why, c->len, c->inv, "foreign or freed node at %#llx",
			    HX(mm_hole_node_start(n)));
	err = rb_walk(c, rb->left, rb, depth + 1, &lh);
	if (err)
		return err;
	if (n->hole_size == 0)
		return fail(c->why, c->len, c->inv, "indexed node at %#llx has no hole",
			    HX(n->start));
	err = c->node_ok(c, rb, c->prev, n);
	if (err)
		return err;
	c->prev = n;
	c->count++;
	err = rb_walk(c, rb->right, rb, depth + 1, &rh);
	if (err)
		return err;
	if (lh != rh)
		return fail(c->why, c->len, c->inv, "black heights %d != %d below hole %#llx",
			    lh, rh, HX(mm_hole_node_start(n)));
	*black_height = lh + !rb->red;
	return 0;
}

static int rb_check_tree(struct rbcheck *c, const struct mm_rb_root *root)
{
	int bh;
	int err;

	if (root->node && root->node->red)
		return fail(c->why, c->len, c->inv, "red root");
	err = rb_walk(c, root->node, NULL, 0, &bh);
	if (err)
		return err;
	if (c->count != c->mm->nr_holes)
		return fail(c->why, c->len, c->inv, "%llu holes indexed, %llu holes exist",
			    HX(c->count), HX(c->mm->nr_holes));
	return 0;
}

static struct mm_node *rb_addr_node(const struct mm_rb *rb)
{
	return addr_to_node(rb);
}

static int addr_node_ok(struct rbcheck *c, const struct mm_rb *rb, const struct mm_node *prev,
			const struct mm_node *n)
{
	u64 max = n->hole_size;

	if (prev && mm_hole_node_start(prev) >= mm_hole_node_start(n))
		return fail(c->why, c->len, 5, "hole %#llx not after hole %#llx",
			    HX(mm_hole_node_start(n)), HX(mm_hole_node_start(prev)));
	if (rb->left && addr_to_node(rb->left)->subtree_max_hole > max)
		max = addr_to_node(rb->left)->subtree_max_hole;
	if (rb->right && addr_to_node(rb->right)->subtree_max_hole > max)
		max = addr_to_node(rb->right)->subtree_max_hole;
	if (n->subtree_max_hole != max)
		return fail(c->why, c->len, 5, "subtree max %#llx != %#llx at hole %#llx",
			    HX(n->subtree_max_hole), HX(max), HX(mm_hole_node_start(n)));
	return 0;
}

/* I6: one node of the BEST index and everything below it. */
struct btcheck {
	const struct mm *mm;
	char *why;
	size_t len;
	u64 count;
	const struct mm_node *prev;	/* the last hole seen, in order */
};

static int bt_hole_ok(struct btcheck *c, const struct mm_bt_node *x, u32 j)
{
	const struct mm_node *n = x->e[j].hole, *p = c->prev;
	u64 hs;

	if (!n)
		return fail(c->why, c->len, 6, "empty slot in a leaf");
	hs = mm_hole_node_start(n);
	if (n->mm != c->mm || (n != &c->mm->head_node && !mm_node_allocated(n)))
		return fail(c->why, c->len, 6, "foreign or freed node at %#llx", HX(hs));
	if (n->hole_size == 0)
		return fail(c->why, c->len, 6, "indexed node at %#llx has no hole", HX(n->start));
	if (n->bt_leaf != x)
		return fail(c->why, c->len, 6, "hole %#llx does not point back at its leaf", HX(hs));
	if (x->e[j].size != n->hole_size || x->e[j].stamp != n->hole_stamp)
		return fail(c->why, c->len, 6, "key %#llx/%llu of hole %#llx is not its size/stamp",
			    HX(x->e[j].size), HX(x->e[j].stamp), HX(hs));
	if (p && (p->hole_size > n->hole_size ||
		  (p->hole_size == n->hole_size && p->hole_stamp <= n->hole_stamp)))
		return fail(c->why, c->len, 6,
			    "hole %#llx (size %#llx) misordered after hole %#llx (size %#llx)",
			    HX(hs), HX(n->hole_size), HX(mm_hole_node_start(p)), HX(p->hole_size));
	if (x->e[j].cap != mm__hole_cap(hs, hs + n->hole_size, c->mm->index_align))
		return fail(c->why, c->len, 6, "capacity %#llx wrong for hole %#llx at alignment %#llx",
			    HX(x->e[j].cap), HX(hs), HX(c->mm->index_align));
	c->prev = n;
	c->count++;
	return 0;
}

static int bt_walk(struct btcheck *c, const struct mm_bt_node *x, u32 level, bool root)
{
	int err;

	if (x->level != level)
		return fail(c->why, c->len, 6, "node at level %u where %u belongs", x->level, level);
	if (x->n > MM_BT_WIDTH || (!root && x->n == 0) || (root && level && x->n < 2))
		return fail(c->why, c->len, 6, "%u entries in a%s node at level %u", x->n,
			    root ? " root" : "", level);
	for (u32 i = 0; i < x->n; i++) {
		const struct mm_bt_node *ch;
		u64 before = c->count, cap = 0;

		if (!level) {
			err = bt_hole_ok(c, x, i);
			if (err)
				return err;
			continue;
		}
		ch = x->e[i].child;
		if (!ch)
			return fail(c->why, c->len, 6, "missing child at level %u", level);
		if (ch->parent != x)
			return fail(c->why, c->len, 6, "a child at level %u does not point back at its parent",
				    level - 1);
		err = bt_walk(c, ch, level - 1, false);
		if (err)
			return err;
		for (u32 k = 0; k < ch->n; k++)
			cap = ch->e[k].cap > cap ? ch->e[k].cap : cap;
		if (x->e[i].count != c->count - before || x->e[i].cap != cap ||
		    x->e[i].size != c->prev->hole_size || x->e[i].stamp != c->prev->hole_stamp)
			return fail(c->why, c->len, 6,
				    "summary count/cap/key %llu/%#llx/%#llx of a child at level %u "
				    "!= %llu/%#llx/%#llx",
				    HX(x->e[i].count), HX(x->e[i].cap), HX(x->e[i].size), level,
				    HX(c->count - before), HX(cap), HX(c->prev->hole_size));
	}
	return 0;
}

/* I1, I2, I3: the node list against the holes it implies. */
static int check_nodes(const struct mm *mm, char *why, size_t len)
{
	const struct mm_node *head = &mm->head_node, *n, *prev = head;
	u64 start = mm_start(mm), end = mm_end(mm);
	u64 nodes = 0, holes = 0, used = 0, free_b = 0, pos = start;

	if (mm->scan_active)
		return fail(why, len, 1, "%lu scan block(s) outstanding", mm->scan_active);
	if (end <= start)
		return fail(why, len, 1, "empty or wrapping range [%#llx, %#llx)", HX(start), HX(end));
	for (n = node_next(head);; prev = n, n = node_next(n)) {
		u64 gap_end = n == head ? end : n->start;

		if (n->node_list.prev != &prev->node_list)
			return fail(why, len, 1, "broken list link before %#llx", HX(gap_end));
		if (gap_end < pos)
			return fail(why, len, 1, "node %#llx overlaps or precedes %#llx",
				    HX(gap_end), HX(pos));
		if (prev->hole_size != gap_end - pos)
			return fail(why, len, 2, "hole after %#llx is %#llx bytes, gap is %#llx",
				    HX(pos), HX(prev->hole_size), HX(gap_end - pos));
		if (prev->hole_size) {
			holes++;
			free_b += prev->hole_size;
		}
		if (n == head)
			break;
		if (++nodes > mm->nr_nodes)
			return fail(why, len, 3, "more than %llu nodes in the list", HX(mm->nr_nodes));
		if (n->mm != mm || !mm_node_allocated(n) || (n->flags & MM_NODE_SCANNED))
			return fail(why, len, 1, "node %#llx not allocated here (flags %#x)",
				    HX(n->start), n->flags);
		if (n->size == 0 || n->start + n->size < n->start || n->start + n->size > end)
			return fail(why, len, 1, "node [%#llx +%#llx) empty or outside [%#llx, %#llx)",
				    HX(n->start), HX(n->size), HX(start), HX(end));
		used += n->size;
		pos = n->start + n->size;
	}
	if (nodes != mm->nr_nodes || holes != mm->nr_holes)
		return fail(why, len, 3, "counted %llu nodes/%llu holes, counters say %llu/%llu",
			    HX(nodes), HX(holes), HX(mm->nr_nodes), HX(mm->nr_holes));
	if (used != mm->used_bytes || free_b != mm->free_bytes || used + free_b != end - start)
		return fail(why, len, 3, "used %#llx + free %#llx != size %#llx (counters %#llx/%#llx)",
			    HX(used), HX(free_b), HX(end - start), HX(mm->used_bytes),
			    HX(mm->free_bytes));
	return 0;
}

/* I4: the hole stack holds every hole once, newest first. */
static int check_stack(const struct mm *mm, char *why, size_t len)
{
	const struct mm_list *l, *prev = &mm->hole_stack;
	u64 count = 0, last = mm->stamp;

	for (l = mm->hole_stack.next; l != &mm->hole_stack; prev = l, l = l->next) {
		const struct mm_node *n = mm__hole_of(l);

		if (l->prev != prev)
			return fail(why, len, 4, "broken link at hole %#llx", HX(mm_hole_node_start(n)));
		if (++count > mm->nr_holes)
			return fail(why, len, 4, "more than %llu entries", HX(mm->nr_holes));
		if (n->hole_size == 0)
			return fail(why, len, 4, "node %#llx stacked without a hole", HX(n->start));
		if (n->hole_stamp >= last)
			return fail(why, len, 4, "hole %#llx stamp %llu not below %llu",
				    HX(mm_hole_node_start(n)), HX(n->hole_stamp), HX(last));
		last = n->hole_stamp;
	}
	if (count != mm->nr_holes)
		return fail(why, len, 4, "%llu entries for %llu holes", HX(count), HX(mm->nr_holes));
	return 0;
}

int mm_check(const struct mm *mm, char *why, size_t len)
{
	struct rbcheck c = { .mm = mm, .why = why, .len = len };
	struct btcheck bc = { .mm = mm, .why = why, .len = len };
	int err;

	if (why && len)
		why[0] = '\0';
	err = check_nodes(mm, why, len);
	if (err)
		return err;
	if (mm->best_only) {
		/* mm_init_best_only(): the two address indexes stay empty */
		if (mm->hole_stack.next != &mm->hole_stack || mm->hole_stack.prev != &mm->hole_stack)
			return fail(why, len, 4, "a best-only mm has a hole stack");
		if (mm->holes_addr.node)
			return fail(why, len, 5, "a best-only mm has an address tree");
	} else {
		err = check_stack(mm, why, len);
		if (err)
			return err;
		c.inv = 5;
		c.to_node = rb_addr_node;
		c.node_ok = addr_node_ok;
		err = rb_check_tree(&c, &mm->holes_addr);
		if (err)
			return err;
	}

	if (mm->best.root.level >= MM_BT_MAX_DEPTH || mm->best.root.parent)
		return fail(why, len, 6, "root at level %u%s", mm->best.root.level,
			    mm->best.root.parent ? " with a parent" : "");
	err = bt_walk(&bc, &mm->best.root, mm->best.root.level, true);
	if (err)
		return err;
	if (bc.count != mm->nr_holes)
		return fail(why, len, 6, "%llu holes indexed, %llu holes exist", HX(bc.count),
			    HX(mm->nr_holes));

	if (mm->largest != bc.prev)
		return fail(why, len, 7, "cached largest hole %#llx is not the largest %#llx",
			    HX(mm->largest ? mm->largest->hole_size : 0),
			    HX(bc.prev ? bc.prev->hole_size : 0));
	return 0;
}
