// SPDX-License-Identifier: MIT
/*
 * mm_check() against planted corruption: every invariant I1..I7 (mm.h)
 * must be reported with its number, by the path that owns it, on a
 * fixed sample (8 nodes of 50 at 10, 110, ..., 710 in [0, 1000): nine
 * holes, the head's [0, 10) first).  Each case restores the sample and
 * checks that it passes again, so one case cannot mask another.
 */
#include "tests/alloc/mm_test_util.h"
#include "common/bug.h"

#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

static struct mm mm;
static struct mm_node nd[8];

/* A new mm over [0, 1000) with @n nodes of @size at 10, 10 + @stride, ... */
static void reserve_row(struct mm_node *nodes, int n, u64 stride, u64 size)
{
	memset(nodes, 0, (size_t)n * sizeof(*nodes));
	mm_init(&mm, 0, 1000);
	for (int i = 0; i < n; i++) {
		nodes[i].start = (u64)i * stride + 10;
		nodes[i].size = size;
		ck_assert_int_eq(mm_reserve_node(&mm, &nodes[i]), 0);
	}
	mm_assert_ok(&mm);
}

static void build(void)
{
	reserve_row(nd, 8, 100, 50);
}

static void clear(void)
{
	for (int i = 0; i < 8; i++)
		mm_remove_node(&nd[i]);
	mm_assert_ok(&mm);
	mm_takedown(&mm);
}

/* mm_check() must fail with exactly @want. */
static void expect(const char *want)
{
	char why[256];

	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, want);
}

static struct mm_node *of_addr(const struct mm_rb *rb)
{
	return container_of(rb, struct mm_node, rb_hole_addr);
}

/* The first red node of a tree in pre-order that has no children, or NULL. */
static struct mm_rb *red_leaf(struct mm_rb *rb)
{
	struct mm_rb *r;

	if (!rb)
		return NULL;
	if (rb->red && !rb->left && !rb->right)
		return rb;
	r = red_leaf(rb->left);
	return r ? r : red_leaf(rb->right);
}

/* The first red node in pre-order that has a (black) child. */
static struct mm_rb *red_parent(struct mm_rb *rb)
{
	struct mm_rb *r;

	if (!rb)
		return NULL;
	if (rb->red && (rb->left || rb->right))
		return rb;
	r = red_parent(rb->left);
	return r ? r : red_parent(rb->right);
}

static char *fmt(const char *f, unsigned long long a, unsigned long long b)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), f, a, b);
	return buf;
}

/* I1 and I3 through the node list: scans, empty nodes, counters. */
START_TEST(test_list_and_counters)
{
	build();
	mm.scan_active = 1;
	expect("mm.I1 nodes: 1 scan block(s) outstanding");
	mm.scan_active = 0;
	nd[2].size = 0;
	expect("mm.I1 nodes: node [0xd2 +0) empty or outside [0, 0x3e8)");
	nd[2].size = 50;
	nd[7].size = 1000;	/* runs past the end */
	expect("mm.I1 nodes: node [0x2c6 +0x3e8) empty or outside [0, 0x3e8)");
	nd[7].size = 50;
	mm.nr_nodes--;
	expect("mm.I3 accounting: more than 7 nodes in the list");
	mm.nr_nodes += 2;
	expect("mm.I3 accounting: counted 8 nodes/9 holes, counters say 9/9");
	mm.nr_nodes--;
	mm.nr_holes++;
	expect("mm.I3 accounting: counted 8 nodes/9 holes, counters say 8/10");
	mm.nr_holes--;
	mm_assert_ok(&mm);
	clear();
}
END_TEST

/* I4: a broken link, an extra entry, an entry without a hole. */
START_TEST(test_hole_stack)
{
	struct mm_list *first, *saved;
	struct mm_node extra;

	build();
	first = mm.hole_stack.next;
	saved = first->next->prev;
	first->next->prev = &mm.hole_stack;
	expect(fmt("mm.I4 hole-stack: broken link at hole %#llx",
		   mm_hole_node_start(mm__hole_of(first->next)), 0));
	first->next->prev = saved;
	mm_assert_ok(&mm);

	/* a copy of the newest hole's node with no hole, pushed on top */
	extra = *mm__hole_of(first);
	extra.hole_size = 0;
	extra.hole_stack.prev = &mm.hole_stack;
	extra.hole_stack.next = first;
	mm.hole_stack.next = &extra.hole_stack;
	first->prev = &extra.hole_stack;
	expect(fmt("mm.I4 hole-stack: node %#llx stacked without a hole", extra.start, 0));
	/* with a hole it is one entry too many */
	extra.hole_size = 1;
	extra.hole_stamp = mm.stamp - 1;
	mm.hole_stack.next->next->prev = &mm.hole_stack;	/* unlink again */
	mm.hole_stack.next = first;
	first->prev = &mm.hole_stack;
	mm_assert_ok(&mm);
	saved = mm.hole_stack.prev;
	extra.hole_stamp = 0;
	extra.hole_stack.prev = saved;
	extra.hole_stack.next = &mm.hole_stack;
	saved->next = &extra.hole_stack;
	mm.hole_stack.prev = &extra.hole_stack;
	expect("mm.I4 hole-stack: more than 9 entries");
	saved->next = &mm.hole_stack;
	mm.hole_stack.prev = saved;
	mm_assert_ok(&mm);
	clear();
}
END_TEST

/* I5: parent links, red-red, black heights, count, order, foreign nodes. */
START_TEST(test_addr_tree)
{
	struct mm_rb *root, *r, *child, *tmp, **slot;
	struct mm_node extra;

	build();
	root = mm.holes_addr.node;
	ck_assert_ptr_nonnull(root->left);
	ck_assert_ptr_nonnull(root->right);

	root->left->parent = NULL;
	expect(fmt("mm.I5 addr-tree: bad parent link at hole %#llx",
		   mm_hole_node_start(of_addr(root->left)), 0));
	root->left->parent = root;
	mm_assert_ok(&mm);

	/* a red node's black child turned red */
	r = red_parent(root);
	ck_assert_ptr_nonnull(r);
	child = r->left ? r->left : r->right;
	ck_assert(!child->red);
	child->red = true;
	expect(fmt("mm.I5 addr-tree: red hole %#llx has a red parent",
		   mm_hole_node_start(of_addr(child)), 0));
	child->red = false;
	/* a red node turned black: one path gets longer */
	r->red = false;
	ck_assert_int_eq(mm_check(&mm, NULL, 0), -EUCLEAN);
	{
		char why[256];

		ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
		ck_assert_msg(strncmp(why, "mm.I5 addr-tree: black heights ", 31) == 0, "%s", why);
	}
	r->red = true;
	mm_assert_ok(&mm);

	/* a red leaf cut off: heights still agree, the count does not */
	r = red_leaf(root);
	ck_assert_ptr_nonnull(r);
	slot = r->parent->left == r ? &r->parent->left : &r->parent->right;
	*slot = NULL;
	expect("mm.I5 addr-tree: 8 holes indexed, 9 holes exist");
	/* in its place: a foreign node, a freed one, then one with no hole */
	extra = *of_addr(r);
	*slot = &extra.rb_hole_addr;
	extra.mm = NULL;
	expect(fmt("mm.I5 addr-tree: foreign or freed node at %#llx", mm_hole_node_start(&extra), 0));
	extra.mm = &mm;
	extra.flags = 0;
	expect(fmt("mm.I5 addr-tree: foreign or freed node at %#llx", mm_hole_node_start(&extra), 0));
	extra.flags = MM_NODE_ALLOCATED;
	extra.hole_size = 0;
	expect(fmt("mm.I5 addr-tree: indexed node at %#llx has no hole", extra.start, 0));
	*slot = r;
	mm_assert_ok(&mm);

	/* mirrored subtrees: links and colours fine, the order is not */
	tmp = root->left;
	root->left = root->right;
	root->right = tmp;
	{
		const struct mm_rb *last = root->left;

		while (last->right)
			last = last->right;
		expect(fmt("mm.I5 addr-tree: hole %#llx not after hole %#llx",
			   mm_hole_node_start(of_addr(root)), mm_hole_node_start(of_addr(last))));
	}
	root->right = root->left;
	root->left = tmp;
	mm_assert_ok(&mm);
	clear();
}
END_TEST

/* Swap slots @i and @j of leaf @x of the BEST index. */
static void swap_slots(struct mm_bt_node *x, u32 i, u32 j)
{
	struct mm_bt_ent t = x->e[i];

	x->e[i] = x->e[j];
	x->e[j] = t;
}

/*
 * I6: BEST order (size asc, newest first among equals), keys, capacities,
 * and, past MM_BT_WIDTH holes, the children's summaries and levels.
 */
START_TEST(test_best_index)
{
	static struct mm_node many[40];
	struct mm_bt_node *leaf = &mm.best.root;
	struct mm_node *n, *p;
	u64 saved;
	char why[256], want[256];

	build();
	/* nine holes: the root is the only leaf, holes [0,10) of 10 bytes, then eight of 50 */
	ck_assert_uint_eq(leaf->level, 0);
	ck_assert_uint_eq(leaf->n, 9);
	swap_slots(leaf, 0, 8);
	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, "mm.I6 best-index: hole ", 23) == 0 && strstr(why, "misordered"),
		      "%s", why);
	swap_slots(leaf, 0, 8);
	mm_assert_ok(&mm);

	leaf->e[3].cap += 1;
	n = leaf->e[3].hole;
	snprintf(want, sizeof(want),
		 "mm.I6 best-index: capacity %#llx wrong for hole %#llx at alignment 0",
		 (unsigned long long)leaf->e[3].cap, (unsigned long long)mm_hole_node_start(n));
	expect(want);
	leaf->e[3].cap -= 1;
	leaf->e[5].stamp += 100;
	n = leaf->e[5].hole;
	snprintf(want, sizeof(want),
		 "mm.I6 best-index: key %#llx/%llu of hole %#llx is not its size/stamp",
		 (unsigned long long)leaf->e[5].size, (unsigned long long)leaf->e[5].stamp,
		 (unsigned long long)mm_hole_node_start(n));
	expect(want);
	leaf->e[5].stamp -= 100;
	mm_assert_ok(&mm);

	/* equal sizes must be newest first: swap the stamps of two 50-byte holes */
	n = &nd[3];
	p = &nd[4];
	saved = n->hole_stamp;
	n->hole_stamp = p->hole_stamp;
	p->hole_stamp = saved;
	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, "mm.I4 hole-stack: hole ", 23) == 0, "%s", why);
	p->hole_stamp = n->hole_stamp;
	n->hole_stamp = saved;
	mm_assert_ok(&mm);
	clear();

	/* 40 holes: an internal root over leaves */
	reserve_row(many, 40, 20, 10);
	ck_assert_uint_eq(mm.best.root.level, 1);
	ck_assert_uint_ge(mm.best.root.n, 2);
	mm.best.root.e[0].count += 1;
	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, "mm.I6 best-index: summary count/cap/key ", 40) == 0, "%s", why);
	mm.best.root.e[0].count -= 1;
	mm.best.root.e[1].cap += 1;
	ck_assert_int_eq(mm_check(&mm, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, "mm.I6 best-index: summary count/cap/key ", 40) == 0, "%s", why);
	mm.best.root.e[1].cap -= 1;
	mm.best.root.e[0].child->level = 1;
	expect("mm.I6 best-index: node at level 1 where 0 belongs");
	mm.best.root.e[0].child->level = 0;
	mm_assert_ok(&mm);
	/* the back links: a hole to its leaf, a child to its parent */
	n = mm.best.root.e[1].child->e[0].hole;
	n->bt_leaf = mm.best.root.e[0].child;
	snprintf(want, sizeof(want), "mm.I6 best-index: hole %#llx does not point back at its leaf",
		 (unsigned long long)mm_hole_node_start(n));
	expect(want);
	n->bt_leaf = mm.best.root.e[1].child;
	mm.best.root.e[1].child->parent = mm.best.root.e[0].child;
	expect("mm.I6 best-index: a child at level 0 does not point back at its parent");
	mm.best.root.e[1].child->parent = &mm.best.root;
	mm_assert_ok(&mm);
	for (int i = 0; i < 40; i++)
		mm_remove_node(&many[i]);
	mm_assert_ok(&mm);
	ck_assert_uint_eq(mm.best.root.level, 0);
	ck_assert_uint_eq(mm.best.nodes, 0);
	mm_takedown(&mm);
}
END_TEST

/*
 * Misuse caught by BUG_ON (common/bug.h) in Debug and sanitizer builds:
 * scan blocks removed in the order they were added (not the reverse), a
 * node removed twice, a scanned node removed.  Each aborts the process.
 */
static void scan_two(struct mm_scan *scan)
{
	memset(nd, 0, sizeof(nd));
	mm_init(&mm, 0, 12);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(reserve_at(&mm, &nd[i], 2 + 2 * (u64)i, 2, 0), 0);
	mm_scan_init_with_range(scan, &mm, 5, 0, 0, 0, 12, MM_INSERT_HIGH);
	mm_scan_add_block(scan, &nd[1]);
	mm_scan_add_block(scan, &nd[2]);
}

START_TEST(test_bug_scan_order)
{
	struct mm_scan scan;

	scan_two(&scan);
	mm_scan_remove_block(&scan, &nd[1]);	/* must be nd[2] first */
}
END_TEST

START_TEST(test_bug_remove_scanned)
{
	struct mm_scan scan;

	scan_two(&scan);
	mm_remove_node(&nd[2]);
}
END_TEST

START_TEST(test_bug_remove_twice)
{
	memset(nd, 0, sizeof(nd));
	mm_init(&mm, 0, 12);
	ck_assert_int_eq(reserve_at(&mm, &nd[0], 2, 2, 0), 0);
	mm_remove_node(&nd[0]);
	mm_remove_node(&nd[0]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mm_check");
	TCase *tc = tcase_create("corrupt");
	TCase *bug = tcase_create("bug_on");

	tcase_add_test(tc, test_list_and_counters);
	tcase_add_test(tc, test_hole_stack);
	tcase_add_test(tc, test_addr_tree);
	tcase_add_test(tc, test_best_index);
	suite_add_tcase(s, tc);
	/* Needs the fork mode: the memcheck twins (CK_FORK=no) run Release builds. */
	if (BUG_ON_ENABLED) {
		tcase_add_test_raise_signal(bug, test_bug_scan_order, SIGABRT);
		tcase_add_test_raise_signal(bug, test_bug_remove_scanned, SIGABRT);
		tcase_add_test_raise_signal(bug, test_bug_remove_twice, SIGABRT);
	}
	suite_add_tcase(s, bug);
	return xdnasim_run_suites(&s, 1);
}
