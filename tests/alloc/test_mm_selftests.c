// SPDX-License-Identifier: MIT
/*
 * test_mm_selftests.c - the behaviours checked by the i915-era drm_mm
 * selftests (docs/driver/drm_mm.md §13.2): reserve, insert, insert_range, align,
 * frag, bottomup, topdown, color, evict, evict_range, color_evict and
 * color_evict_range, with exact -ENOSPC codes and exact slots.  The counts
 * follow the selftests where that stays fast and shrink under Valgrind.
 * frag is checked as a property (holes visited), not as wall-clock time.
 */
#include "tests/alloc/mm_test_util.h"
#include "common/rand.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PRIME 128

static const unsigned int insert_modes[] = {
	MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH, MM_INSERT_EVICT,
};

static struct xrand prng;

static void setup(void)
{
	xrand_seed(&prng, test_seed());
}

static void expect_insert(struct mm *mm, struct mm_node *node, u64 size, u64 align,
			  unsigned long color, unsigned int mode)
{
	int err = mm_insert_node_generic(mm, node, size, align, color, mode);

	T_MSG(err == 0, "insert size %llu align %llu mode %u: %d",
		      (unsigned long long)size, (unsigned long long)align, mode, err);
	T_ASSERT(mm_node_allocated(node));
	T_EQ(node->size, size);
	T_EQ(node->color, color);
	if (align > 1)
		T_EQ(node->start % align, 0);
}

static void expect_insert_fail(struct mm *mm, u64 size)
{
	struct mm_node tmp = { 0 };

	T_INT_EQ(mm_insert_node(mm, &tmp, size), -ENOSPC);
	T_ASSERT(!mm_node_allocated(&tmp));
}

static void expect_insert_in_range_fail(struct mm *mm, u64 size, u64 rs, u64 re)
{
	struct mm_node tmp = { 0 };

	T_INT_EQ(mm_insert_node_in_range(mm, &tmp, size, 0, 0, rs, re, MM_INSERT_BEST),
			 -ENOSPC);
}

static void remove_all(struct mm *mm)
{
	struct mm_node *n, *next;

	mm_for_each_node_safe(n, next, mm)
		mm_remove_node(n);
	T_ASSERT(mm_clean(mm));
}

/* ---- reserve ---- */

static void check_reserve(u64 count, u64 size)
{
	struct mm mm;
	struct mm_node *nodes = calloc(count, sizeof(*nodes)), tmp;
	u64 *order = random_order(count, &prng), o = 0, p;

	mm_init(&mm, 0, count * size);
	for (u64 n = 0; n < count; n++) {
		T_INT_EQ(reserve_at(&mm, &nodes[n], order[n] * size, size, 0), 0);
		/* Re-reserving the same place must fail. */
		T_INT_EQ(reserve_at(&mm, &tmp, order[n] * size, size, 0), -ENOSPC);
	}
	T_ASSERT(mm_is_continuous(&mm, size));
	random_reorder(order, count, &prng);
	for (u64 n = 0; n < count; n++)
		T_INT_EQ(reserve_at(&mm, &tmp, order[n] * size, 1, 0), -ENOSPC);
	random_reorder(order, count, &prng);
	for (u64 n = 0; n < count; n++) {
		struct mm_node *node = &nodes[order[n]];

		mm_remove_node(node);
		T_INT_EQ(mm_reserve_node(&mm, node), 0);
	}
	T_ASSERT(mm_is_continuous(&mm, size));
	T_INT_EQ(reserve_at(&mm, &tmp, 0, size * count, 0), -ENOSPC);
	for (u64 n = 0; n < count; n++)
		T_INT_EQ(reserve_at(&mm, &tmp, size * n, size * (count - n), 0), -ENOSPC);
	for_each_prime_from_1(p, (count < MAX_PRIME ? count : MAX_PRIME)) {
		for (u64 m = 0; m < p; m++)
			mm_remove_node(&nodes[order[(o + m) % count]]);
		for (u64 m = 0; m < p; m++)
			T_INT_EQ(mm_reserve_node(&mm, &nodes[order[(o + m) % count]]), 0);
		o += p;
		T_ASSERT(mm_is_continuous(&mm, size));
	}
	mm_assert_ok(&mm);
	remove_all(&mm);
	mm_takedown(&mm);
	free(order);
	free(nodes);
}

START_TEST(test_reserve)
{
	u64 count = test_scale(1024, 16), n;

	for_each_prime_from_1(n, 53) {
		u64 size = 1ULL << n;

		check_reserve(count, size - 1 ? size - 1 : 1);
		check_reserve(count, size);
		check_reserve(count, size + 1);
	}
}
END_TEST

/* ---- insert ---- */

static void check_insert(u64 count, u64 size)
{
	struct mm mm;
	struct mm_node *nodes = calloc(count, sizeof(*nodes));
	u64 *order = random_order(count, &prng), o = 0, p;

	mm_init(&mm, 0, count * size);
	for (size_t k = 0; k < ARRAY_SIZE(insert_modes); k++) {
		unsigned int mode = insert_modes[k];

		for (u64 n = 0; n < count; n++) {
			memset(&nodes[n], 0, sizeof(nodes[n]));
			expect_insert(&mm, &nodes[n], size, 0, n, mode);
		}
		T_ASSERT(mm_is_continuous(&mm, size));
		expect_insert_fail(&mm, size);
		/* As the only hole, a removed node's space takes it back. */
		for (u64 n = 0; n < count; n++) {
			u64 addr = nodes[n].start;

			mm_remove_node(&nodes[n]);
			expect_insert(&mm, &nodes[n], size, 0, n, mode);
			T_EQ(nodes[n].start, addr);
		}
		T_ASSERT(mm_is_continuous(&mm, size));
		for_each_prime_from_1(p, (count < MAX_PRIME ? count : MAX_PRIME)) {
			for (u64 m = 0; m < p; m++)
				mm_remove_node(&nodes[order[(o + m) % count]]);
			for (u64 m = 0; m < p; m++)
				expect_insert(&mm, &nodes[order[(o + m) % count]], size, 0, p, mode);
			o += p;
			T_ASSERT(mm_is_continuous(&mm, size));
			expect_insert_fail(&mm, size);
		}
		mm_assert_ok(&mm);
		remove_all(&mm);
	}
	mm_takedown(&mm);
	free(order);
	free(nodes);
}

START_TEST(test_insert)
{
	u64 count = test_scale(1024, 16), n;

	for_each_prime_from_1(n, 53) {
		u64 size = 1ULL << n;

		check_insert(count, size - 1 ? size - 1 : 1);
		check_insert(count, size);
		check_insert(count, size + 1);
	}
}
END_TEST

/* ---- insert_range ---- */

START_TEST(test_insert_outside_range)
{
	const u64 start = 1024, end = 2048, size = end - start;
	struct mm mm;

	mm_init(&mm, start, size);
	expect_insert_in_range_fail(&mm, 1, 0, start);
	expect_insert_in_range_fail(&mm, size, start - size / 2, start + (size + 1) / 2);
	expect_insert_in_range_fail(&mm, size, end - (size + 1) / 2, end + size / 2);
	expect_insert_in_range_fail(&mm, 1, end, end + size);
	T_ASSERT(mm_has_one_hole(&mm, start, end));
}
END_TEST

static void check_contiguous_in_range(struct mm *mm, u64 size, u64 start, u64 end)
{
	const struct mm_node *node;
	u64 n = (start + size - 1) / size;

	expect_insert_in_range_fail(mm, size, start, end);
	mm_for_each_node(node, mm) {
		T_ASSERT(node->start >= start && node->start + node->size <= end);
		T_EQ(node->start, n * size);
		T_EQ(node->size, size);
		T_ASSERT(!mm_hole_follows(node) || mm__node_of(node->node_list.next)->start >= end);
		n++;
	}
	T_EQ(n, (end - size) / size + 1);
}

static void check_insert_range(u64 count, u64 size, u64 start, u64 end)
{
	struct mm mm;
	struct mm_node *nodes = calloc(count, sizeof(*nodes));
	u64 start_n = (start + size - 1) / size, end_n = (end - size) / size;

	mm_init(&mm, 0, count * size);
	for (size_t k = 0; k < ARRAY_SIZE(insert_modes); k++) {
		unsigned int mode = insert_modes[k];

		for (u64 n = start_n; n <= end_n; n++) {
			T_INT_EQ(mm_insert_node_in_range(&mm, &nodes[n], size, size, n, start,
								 end, mode), 0);
			T_EQ(nodes[n].start % size, 0);
		}
		check_contiguous_in_range(&mm, size, start, end);
		for (u64 n = start_n; n <= end_n; n++) {
			u64 addr = nodes[n].start;

			mm_remove_node(&nodes[n]);
			T_INT_EQ(mm_insert_node_in_range(&mm, &nodes[n], size, size, n, start,
								 end, mode), 0);
			T_EQ(nodes[n].start, addr);
		}
		check_contiguous_in_range(&mm, size, start, end);
		mm_assert_ok(&mm);
		remove_all(&mm);
	}
	mm_takedown(&mm);
	free(nodes);
}

START_TEST(test_insert_range)
{
	u64 count = test_scale(1024, 16), n;

	for_each_prime_from_1(n, 49) {
		const u64 size = 1ULL << n, max = count * size;

		check_insert_range(count, size, 0, max);
		check_insert_range(count, size, 1, max);
		check_insert_range(count, size, 0, max - 1);
		check_insert_range(count, size, 0, max / 2);
		check_insert_range(count, size, max / 2, max);
		check_insert_range(count, size, max / 4 + 1, 3 * max / 4 - 1);
	}
}
END_TEST

/* ---- align: non-power-of-two alignments ---- */

START_TEST(test_align_primes)
{
	static struct mm_node nodes[64];
	struct mm mm;
	u64 p;

	mm_init(&mm, 1, U64_MAX - 2);
	for (size_t k = 0; k < ARRAY_SIZE(insert_modes); k++) {
		size_t i = 0;

		memset(nodes, 0, sizeof(nodes));
		for_each_prime_from_1(p, MAX_PRIME) {
			expect_insert(&mm, &nodes[i], next_prime_after(p), p, p, insert_modes[k]);
			i++;
		}
		/* LOW: size 2 at 1, then size 3 at alignment 2: 3 rounds up to 4. */
		if (insert_modes[k] == MM_INSERT_LOW)
			T_EQ(nodes[1].start, 4);
		mm_assert_ok(&mm);
		remove_all(&mm);
	}
	mm_takedown(&mm);
}
END_TEST

/* ---- frag: no quadratic searches in a fragmented mm ---- */

/*
 * Fill with 4 KiB nodes, free every other one, then insert 8 KiB nodes
 * that none of the 4 KiB holes can take.  The kernel prunes those holes
 * for LOW/HIGH by subtree size and BEST never visits them (size order), so
 * each insert tests O(1) holes: both the kernel's count and the work done
 * here must not grow with the number of holes.
 */
START_TEST(test_frag)
{
	static const unsigned int modes[] = { MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH };
	u64 n = test_scale(10000, 10);

	for (size_t k = 0; k < ARRAY_SIZE(modes); k++) {
		struct mm mm;
		struct mm_node *nodes = calloc(4 * n, sizeof(*nodes));
		u64 cost[2] = { 0, 0 }, probes[2] = { 0, 0 };

		mm_init(&mm, 1, U64_MAX - 2);
		for (u64 i = 0; i < n; i++)
			expect_insert(&mm, &nodes[i], SZ_4K, 0, 0, modes[k]);
		for (u64 i = 0; i < n; i += 2)
			mm_remove_node(&nodes[i]);
		/* N inserts, then 2N more, both measured. */
		for (u64 i = 0; i < n; i++) {
			expect_insert(&mm, &nodes[n + i], 2 * SZ_4K, 0, 0, modes[k]);
			cost[0] += mm_last_search_cost(&mm);
			probes[0] += mm.last_probes;
		}
		for (u64 i = 0; i < 2 * n; i++) {
			expect_insert(&mm, &nodes[2 * n + i], 2 * SZ_4K, 0, 0, modes[k]);
			cost[1] += mm_last_search_cost(&mm);
			probes[1] += mm.last_probes;
		}
		/* At most a root-to-leaf path of holes per insert, never all of them. */
		T_MSG(cost[1] <= 4 * cost[0] && cost[0] <= 64 * n,
			      "mode %u: kernel cost %llu for N, %llu for 2N", modes[k],
			      (unsigned long long)cost[0], (unsigned long long)cost[1]);
		T_MSG(probes[1] <= 4 * probes[0] && probes[0] <= 64 * n,
			      "mode %u: probes %llu for N, %llu for 2N", modes[k],
			      (unsigned long long)probes[0], (unsigned long long)probes[1]);
		mm_assert_ok(&mm);
		remove_all(&mm);
		mm_takedown(&mm);
		free(nodes);
	}
}
END_TEST

/* The amdxdna pattern: 28 KiB slivers the kernel's BEST walk visits one by one. */
START_TEST(test_frag_aligned_slivers)
{
	u64 n = test_scale(4000, 8);
	struct mm mm;
	struct mm_node *nodes = calloc(n, sizeof(*nodes));
	u64 cost = 0, probes = 0;

	mm_init(&mm, SZ_64M, U64_MAX - SZ_64M - 1);
	for (u64 i = 0; i < n; i++) {
		expect_insert(&mm, &nodes[i], SZ_4K, SZ_32K, 0, MM_INSERT_BEST);
		T_EQ(nodes[i].start, SZ_64M + i * SZ_32K);
		cost += mm_last_search_cost(&mm);
		probes += mm.last_probes;
	}
	/* The kernel tests i holes for the i-th insert: quadratic in total. */
	T_EQ(cost, n * (n - 1) / 2 + 1);
	/* Here: a rebuild of the index once, then O(1) probes per insert. */
	T_MSG(probes <= 4 * n + 256, "probes %llu for %llu inserts",
		      (unsigned long long)probes, (unsigned long long)n);
	mm_assert_ok(&mm);
	remove_all(&mm);
	mm_takedown(&mm);
	free(nodes);
}
END_TEST

/* ---- bottomup / topdown ---- */

static void check_updown(bool top)
{
	u64 count = test_scale(8192, 8);
	struct mm_node *nodes = calloc(count, sizeof(*nodes));
	u64 *order = random_order(count, &prng);
	bool *freed = calloc(count, sizeof(*freed));
	unsigned int mode = top ? MM_INSERT_HIGH : MM_INSERT_LOW;

	for (u64 size = 1; size <= 64; size <<= 1) {
		struct mm mm;
		u64 o = 0, p;

		mm_init(&mm, 0, size * count);
		memset(nodes, 0, count * sizeof(*nodes));
		for (u64 n = 0; n < count; n++) {
			expect_insert(&mm, &nodes[n], size, 0, n, mode);
			if (top) {
				T_ASSERT(!mm_hole_follows(&nodes[n]));
				T_EQ(nodes[n].start, size * (count - n - 1));
				T_ASSERT(mm_has_one_hole(&mm, 0, size * (count - n - 1)));
			} else {
				T_EQ(nodes[n].start, size * n);
				T_ASSERT(mm_has_one_hole(&mm, size * (n + 1), size * count));
			}
		}
		T_ASSERT(mm_is_continuous(&mm, size));
		random_reorder(order, count, &prng);
		for_each_prime_from_1(p, (count < MAX_PRIME ? count : MAX_PRIME)) {
			for (u64 m = 0; m < p; m++) {
				struct mm_node *node = &nodes[order[(o + m) % count]];

				freed[node->start / size] = true;
				mm_remove_node(node);
			}
			for (u64 m = 0; m < p; m++) {
				struct mm_node *node = &nodes[order[(o + m) % count]];
				u64 want = top ? count - 1 : 0;

				while (!freed[want])
					want += top ? (u64)-1 : 1;
				expect_insert(&mm, node, size, 0, 0, mode);
				T_EQ(node->start, want * size);
				freed[want] = false;
			}
			o += p;
		}
		T_ASSERT(mm_is_continuous(&mm, size));
		mm_assert_ok(&mm);
		remove_all(&mm);
		mm_takedown(&mm);
	}
	free(freed);
	free(order);
	free(nodes);
}

START_TEST(test_bottomup)
{
	check_updown(false);
}
END_TEST

START_TEST(test_topdown)
{
	check_updown(true);
}
END_TEST

/* ---- color ---- */

START_TEST(test_color)
{
	u64 count = test_scale(4096, 8);
	struct mm mm;
	struct mm_node *nodes = calloc(3 * count + 2, sizeof(*nodes));

	/* Without a callback the colour is only stored. */
	mm_init(&mm, 0, U64_MAX);
	for (u64 n = 1; n <= count; n++) {
		expect_insert(&mm, &nodes[n], n, 0, n, MM_INSERT_BEST);
		T_EQ(nodes[n].start, n * (n - 1) / 2);
	}
	remove_all(&mm);

	mm.color_adjust = separate_adjacent_colors;
	for (size_t k = 0; k < ARRAY_SIZE(insert_modes); k++) {
		struct mm_node *node, *next;
		u64 last, i = 0;

		memset(nodes, 0, (3 * count + 2) * sizeof(*nodes));
		node = &nodes[i++];
		T_INT_EQ(reserve_at(&mm, node, 0, 1 + 2 * count, 1 + 2 * count), 0);
		last = node->start + node->size;
		for (u64 n = 1; n <= count; n++) {
			u64 start = last, rem;

			node = &nodes[i++];
			/* Abutting a node of another colour must fail. */
			T_INT_EQ(reserve_at(&mm, node, start, n + count, n + count), -ENOSPC);
			start += n + 1;
			rem = start % (n + count);
			start += n + count - rem;
			T_INT_EQ(reserve_at(&mm, node, start, n + count, n + count), 0);
			last = node->start + node->size;
		}
		for (u64 n = 1; n <= count; n++)
			expect_insert(&mm, &nodes[i++], n, n, n, insert_modes[k]);
		mm_for_each_node_safe(node, next, &mm) {
			T_EQ(node->color, node->size);
			T_EQ(node->start % node->size, 0);
			/* Distinct colours everywhere: no node may touch the next one. */
			T_ASSERT(mm_hole_follows(node) || !mm_node_allocated(next));
		}
		mm_assert_ok(&mm);
		remove_all(&mm);
	}
	mm_takedown(&mm);
	free(nodes);
}
END_TEST

/* ---- evict family (scan API) ---- */

struct evict_ctx {
	struct mm mm;
	struct mm_node *nodes;
	u64 *order;
	u64 count;
	u64 *added;	/* nodes added to the scan, in order */
	u64 *list;	/* the victims */
	u64 nlist;
};

/* Add nodes in @order until the scan hits, unwind, evict the selected ones. */
static void evict_nodes(struct evict_ctx *c, struct mm_scan *scan, bool use_color)
{
	u64 added = 0, kept = 0;
	struct mm_node *node;

	for (u64 i = 0; i < c->count; i++) {
		u64 idx = c->order ? c->order[i] : i;

		c->added[added++] = idx;
		if (mm_scan_add_block(scan, &c->nodes[idx]))
			break;
	}
	/* Remove in exactly the reverse order of adding. */
	for (u64 i = added; i-- > 0;) {
		if (mm_scan_remove_block(scan, &c->nodes[c->added[i]]))
			c->list[kept++] = c->added[i];
	}
	T_MSG(kept > 0, "no eviction found for size %llu", (unsigned long long)scan->size);
	for (u64 i = 0; i < kept; i++)
		mm_remove_node(&c->nodes[c->list[i]]);
	if (use_color) {
		while ((node = mm_scan_color_evict(scan))) {
			mm_remove_node(node);
			c->list[kept++] = (u64)(node - c->nodes);
		}
	} else {
		T_ASSERT(mm_scan_color_evict(scan) == NULL);
	}
	c->nlist = kept;
}

static void evict_setup(struct evict_ctx *c, u64 count, bool colors)
{
	memset(c, 0, sizeof(*c));
	c->count = count;
	c->nodes = calloc(count, sizeof(*c->nodes));
	c->list = calloc(count, sizeof(*c->list));
	c->added = calloc(count, sizeof(*c->added));
	c->order = random_order(count, &prng);
	mm_init(&c->mm, 0, colors ? 2 * count - 1 : count);
	if (colors)
		c->mm.color_adjust = separate_adjacent_colors;
	for (u64 n = 0; n < count; n++) {
		expect_insert(&c->mm, &c->nodes[n], 1, 0, colors ? n : 0, MM_INSERT_BEST);
		T_EQ(c->nodes[n].start, colors ? 2 * n : n);
	}
}

static void evict_teardown(struct evict_ctx *c)
{
	mm_assert_ok(&c->mm);
	remove_all(&c->mm);
	mm_takedown(&c->mm);
	free(c->nodes);
	free(c->list);
	free(c->added);
	free(c->order);
}

static void reserve_victims(struct evict_ctx *c)
{
	for (u64 i = 0; i < c->nlist; i++)
		T_INT_EQ(mm_reserve_node(&c->mm, &c->nodes[c->list[i]]), 0);
}

static void evict_something(struct evict_ctx *c, u64 rs, u64 re, u64 size, u64 align,
			    unsigned int mode)
{
	struct mm_scan scan;
	struct mm_node tmp = { 0 };

	random_reorder(c->order, c->count, &prng);
	mm_scan_init_with_range(&scan, &c->mm, size, align, 0, rs, re, mode);
	evict_nodes(c, &scan, false);
	T_INT_EQ(mm_insert_node_in_range(&c->mm, &tmp, size, align, 0, rs, re,
						 MM_INSERT_EVICT), 0);
	T_ASSERT(tmp.start >= rs && tmp.start + tmp.size <= re);
	T_ASSERT(align <= 1 || tmp.start % align == 0);
	/* The eviction hole is exactly the hit: filled completely. */
	T_MSG(!mm_hole_follows(&tmp), "size %llu align %llu at %llu: hole follows",
		      (unsigned long long)size, (unsigned long long)align,
		      (unsigned long long)tmp.start);
	mm_remove_node(&tmp);
	reserve_victims(c);
	T_ASSERT(mm_is_continuous(&c->mm, 1));
}

static void check_evict(u64 count, u64 rs, u64 re, u64 span)
{
	static const unsigned int modes[] = { MM_INSERT_BEST, MM_INSERT_HIGH };
	struct evict_ctx c;
	struct mm_scan scan;
	u64 p;

	evict_setup(&c, count, false);
	/* evict_nothing: a full scan unwound leaves everything as it was. */
	mm_scan_init(&scan, &c.mm, 1, 0, 0, 0);
	for (u64 n = 0; n < count; n++)
		mm_scan_add_block(&scan, &c.nodes[n]);
	for (u64 n = count; n-- > 0;)
		mm_scan_remove_block(&scan, &c.nodes[n]);
	T_ASSERT(mm_is_continuous(&c.mm, 1));
	mm_assert_ok(&c.mm);
	/* evict_everything: every node is selected. */
	mm_scan_init(&scan, &c.mm, count, 0, 0, 0);
	c.order = (free(c.order), NULL);
	evict_nodes(&c, &scan, false);
	T_EQ(c.nlist, count);
	T_ASSERT(mm_has_one_hole(&c.mm, 0, count));
	reserve_victims(&c);
	T_ASSERT(mm_is_continuous(&c.mm, 1));
	c.order = random_order(count, &prng);

	for (size_t k = 0; k < ARRAY_SIZE(modes); k++) {
		for (u64 n = 1; n <= span; n <<= 1)
			evict_something(&c, rs, re, n, 1, modes[k]);
		for (u64 n = 1; n < span; n <<= 1)
			evict_something(&c, rs, re, span / 2, n, modes[k]);
		for_each_prime_from_1(p, (span < MAX_PRIME ? span : MAX_PRIME))
			evict_something(&c, rs, re, (span - p + 1) / 2, p, modes[k]);
	}
	evict_teardown(&c);
}

START_TEST(test_evict)
{
	u64 count = test_scale(8192, 8);

	check_evict(count, 0, U64_MAX, count);
}
END_TEST

START_TEST(test_evict_range)
{
	u64 count = test_scale(8192, 8);

	check_evict(count, count / 4, 3 * count / 4, count / 2);
}
END_TEST

static void evict_color(struct evict_ctx *c, u64 rs, u64 re, u64 size, u64 align,
			unsigned long color, unsigned int mode)
{
	struct mm_scan scan;
	struct mm_node tmp = { 0 };

	random_reorder(c->order, c->count, &prng);
	mm_scan_init_with_range(&scan, &c->mm, size, align, color, rs, re, mode);
	evict_nodes(c, &scan, true);
	T_INT_EQ(mm_insert_node_in_range(&c->mm, &tmp, size, align, color, rs, re,
						 MM_INSERT_EVICT), 0);
	T_ASSERT(tmp.start >= rs && tmp.start + tmp.size <= re);
	T_ASSERT(align <= 1 || tmp.start % align == 0);
	T_EQ(tmp.color, color);
	/* A new colour: it must not touch the node after it. */
	T_ASSERT(mm_hole_follows(&tmp) || !mm_node_allocated(mm__node_of(tmp.node_list.next)));
	mm_remove_node(&tmp);
	reserve_victims(c);
}

static void check_color_evict(u64 count, u64 rs, u64 re, u64 span)
{
	static const unsigned int modes[] = { MM_INSERT_BEST, MM_INSERT_HIGH };
	struct evict_ctx c;
	unsigned long color = count;
	u64 p;

	evict_setup(&c, count, true);
	for (size_t k = 0; k < ARRAY_SIZE(modes); k++) {
		for (u64 n = 1; n <= span; n <<= 1)
			evict_color(&c, rs, re, n, 1, color++, modes[k]);
		for (u64 n = 1; n < span; n <<= 1)
			evict_color(&c, rs, re, span / 2, n, color++, modes[k]);
		for_each_prime_from_1(p, (span < MAX_PRIME ? span : MAX_PRIME))
			evict_color(&c, rs, re, (span - p + 1) / 2, p, color++, modes[k]);
	}
	/* Everything is back where it was: one node every two units. */
	for (u64 n = 0; n < count; n++)
		T_EQ(c.nodes[n].start, 2 * n);
	evict_teardown(&c);
}

START_TEST(test_color_evict)
{
	u64 count = test_scale(8192, 8);

	check_color_evict(count, 0, U64_MAX, count);
}
END_TEST

START_TEST(test_color_evict_range)
{
	u64 count = test_scale(8192, 8);

	check_color_evict(count, count / 4, count / 4 + count / 2, count / 2);
}
END_TEST

static Suite *mm_selftests_suite(void)
{
	Suite *s = suite_create("mm_selftests");
	TCase *tc = tcase_create("i915");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_insert);
	tcase_add_test(tc, test_insert_outside_range);
	tcase_add_test(tc, test_insert_range);
	tcase_add_test(tc, test_align_primes);
	tcase_add_test(tc, test_frag);
	tcase_add_test(tc, test_frag_aligned_slivers);
	tcase_add_test(tc, test_bottomup);
	tcase_add_test(tc, test_topdown);
	tcase_add_test(tc, test_color);
	tcase_add_test(tc, test_evict);
	tcase_add_test(tc, test_evict_range);
	tcase_add_test(tc, test_color_evict);
	tcase_add_test(tc, test_color_evict_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *suites[] = { mm_selftests_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
