// SPDX-License-Identifier: MIT
/*
 * rpt_index.c - open addressing with linear probing over keyed hashes
 * (reports/rpt_index.h); at most half full, never shrinks.
 */
#include "reports/rpt_index.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

size_t rpt_index_find(struct rpt_index *x, u64 h, rpt_index_eq eq, const void *ctx)
{
	if (!x->elem)
		return SIZE_MAX;
	for (size_t s = (size_t)h & x->mask; x->elem[s]; s = (s + 1) & x->mask) {
		x->probes++;
		if (x->hash[s] == h && eq(ctx, x->elem[s] - 1))
			return x->elem[s] - 1;
	}
	x->probes++;	/* the empty slot that ends the search */
	return SIZE_MAX;
}

/* Store (@h, @e) at its first free slot; returns the slots examined. */
static u64 put(u64 *hash, size_t *elem, size_t mask, u64 h, size_t e)
{
	size_t s = (size_t)h & mask;
	u64 n = 1;

	for (; elem[s]; n++)
		s = (s + 1) & mask;
	hash[s] = h;
	elem[s] = e;
	return n;
}

int rpt_index_add(struct rpt_index *x, u64 h, size_t i)
{
	if (!x->elem || (x->n + 1) * 2 > x->mask + 1) {
		size_t n = x->elem ? 2 * (x->mask + 1) : 64;
		u64 *hash = malloc(n * sizeof(*hash));
		size_t *elem = calloc(n, sizeof(*elem));

		if (!hash || !elem) {
			free(hash);
			free(elem);
			return -ENOMEM;
		}
		for (size_t s = 0; x->elem && s <= x->mask; s++)
			if (x->elem[s])
				put(hash, elem, n - 1, x->hash[s], x->elem[s]);
		free(x->hash);
		free(x->elem);
		x->hash = hash;
		x->elem = elem;
		x->mask = n - 1;
	}
	x->probes += put(x->hash, x->elem, x->mask, h, i + 1);
	x->n++;
	return 0;
}

void rpt_index_free(struct rpt_index *x)
{
	free(x->hash);
	free(x->elem);
	x->hash = NULL;
	x->elem = NULL;
	x->mask = 0;
	x->n = 0;
}
