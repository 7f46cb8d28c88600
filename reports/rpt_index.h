/* SPDX-License-Identifier: MIT */
/*
 * rpt_index.h - a hash index over the elements of a caller's array, for the
 * report readers' lookups (lcov records, run reports): element i is found
 * by its key's hash in O(1) on average.  Hashes come from common/hash.h
 * (keyed), so input cannot be crafted to make lookups linear.  The index
 * stores element numbers, not pointers: the array may be reallocated.
 * Internal to reports/.
 */
#ifndef XDNASIM_REPORTS_RPT_INDEX_H
#define XDNASIM_REPORTS_RPT_INDEX_H

#include <stddef.h>

#include "common/compat.h"

/*
 * @probes: slots examined by rpt_index_find() and rpt_index_add() so far
 * (rehashing not included): what the lookups cost, for the tests that pin
 * them at O(1) on average whatever the input (tests/reports/test_scale.c).
 */
struct rpt_index {
	u64 *hash;		/* per slot: the key's hash */
	size_t *elem;		/* per slot: element number + 1, 0 = empty */
	size_t mask;
	size_t n;
	u64 probes;
};

/* rpt_index_eq - does element @i of the caller's array have the key in @ctx? */
typedef bool (*rpt_index_eq)(const void *ctx, size_t i);

/* rpt_index_find - the element with hash @h that @eq accepts, or SIZE_MAX. */
size_t rpt_index_find(struct rpt_index *x, u64 h, rpt_index_eq eq, const void *ctx);

/* rpt_index_add - index element @i under hash @h.  0 or -ENOMEM. */
int rpt_index_add(struct rpt_index *x, u64 h, size_t i);

/* rpt_index_free - release the index (it may be used again, empty; @probes stays).  This function can't fail. */
void rpt_index_free(struct rpt_index *x);

#endif /* XDNASIM_REPORTS_RPT_INDEX_H */
