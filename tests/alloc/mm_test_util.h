/* SPDX-License-Identifier: MIT */
/*
 * mm_test_util.h - helpers shared by the alloc/mm Check suites, in the
 * spirit of the kernel's drm_mm tests (docs/driver/drm_mm.md §13 "common helpers").
 */
#ifndef XDNASIM_TESTS_MM_TEST_UTIL_H
#define XDNASIM_TESTS_MM_TEST_UTIL_H

#include "tests/check_util.h"
#include "alloc/mm.h"

#include <errno.h>

/* The selftests' colour callback: keep one unit between different colours. */
void separate_adjacent_colors(const struct mm_node *owner, unsigned long color, u64 *start,
			      u64 *end);

/* assert_no_holes / assert_one_hole(a, b) of the selftests (both iterators). */
bool mm_has_no_holes(const struct mm *mm);
bool mm_has_one_hole(const struct mm *mm, u64 start, u64 end);

/* Nodes at start, start+size, ... each of @size, no holes: assert_continuous. */
bool mm_is_continuous(const struct mm *mm, u64 size);

/* Reserve [start, start + size) into @node (zeroing it first). */
int reserve_at(struct mm *mm, struct mm_node *node, u64 start, u64 size, unsigned long color);



/* "Primes from 1 to k" of the selftests: 1, then every prime <= @k. */
#define for_each_prime_from_1(p, k) for ((p) = 1; (p) <= (k); (p) = next_prime_after(p))
u64 next_prime_after(u64 n);

/* A random permutation of 0..@n-1 (malloc'ed), and reshuffling one. */
struct xrand;
u64 *random_order(u64 n, struct xrand *r);
void random_reorder(u64 *order, u64 n, struct xrand *r);
#endif /* XDNASIM_TESTS_MM_TEST_UTIL_H */
