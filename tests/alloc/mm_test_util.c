// SPDX-License-Identifier: MIT
#include "tests/alloc/mm_test_util.h"

#include "common/rand.h"

#include <stdlib.h>
#include <string.h>

void separate_adjacent_colors(const struct mm_node *owner, unsigned long color, u64 *start,
			      u64 *end)
{
	const struct mm_node *next;

	if (mm_node_allocated(owner) && owner->color != color)
		++*start;
	next = mm__node_of(owner->node_list.next);
	if (mm_node_allocated(next) && next->color != color)
		--*end;
}

bool mm_has_no_holes(const struct mm *mm)
{
	const struct mm_node *n;
	u64 hs, he;
	u64 count = 0;

	mm_for_each_hole(n, mm, hs, he)
		count += he > hs;
	if (count)
		return false;
	mm_for_each_node(n, mm)
		if (mm_hole_follows(n))
			return false;
	return !mm_hole_follows(&mm->head_node);
}

bool mm_has_one_hole(const struct mm *mm, u64 start, u64 end)
{
	const struct mm_node *n;
	u64 hs, he, count = 0;
	bool ok = true;

	if (end <= start)
		return true;
	mm_for_each_hole(n, mm, hs, he) {
		if (hs != start || he != end)
			ok = false;
		count++;
	}
	return ok && count == 1;
}

bool mm_is_continuous(const struct mm *mm, u64 size)
{
	const struct mm_node *n;
	u64 addr = mm_start(mm);

	if (!mm_has_no_holes(mm))
		return false;
	mm_for_each_node(n, mm) {
		if (n->start != addr || n->size != size)
			return false;
		addr += size;
	}
	return addr == mm_end(mm);
}

int reserve_at(struct mm *mm, struct mm_node *node, u64 start, u64 size, unsigned long color)
{
	memset(node, 0, sizeof(*node));
	node->start = start;
	node->size = size;
	node->color = color;
	return mm_reserve_node(mm, node);
}

static bool is_prime(u64 n)
{
	if (n < 2)
		return false;
	for (u64 d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

u64 next_prime_after(u64 n)
{
	do
		n++;
	while (!is_prime(n));
	return n;
}

void random_reorder(u64 *order, u64 n, struct xrand *r)
{
	for (u64 i = n; i > 1; i--) {
		u64 j = xrand_below(r, i), t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

u64 *random_order(u64 n, struct xrand *r)
{
	u64 *order = malloc(n * sizeof(*order));

	for (u64 i = 0; i < n; i++)
		order[i] = i;
	random_reorder(order, n, r);
	return order;
}
