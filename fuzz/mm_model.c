// SPDX-License-Identifier: MIT
/*
 * mm_model.c - the reference model of docs/driver/drm_mm.md §11 (the one oracle
 * of alloc/mm), written for clarity:
 * every query rebuilds the hole list and sorts it.  128-bit arithmetic
 * keeps the fit test free of wrap-around reasoning.
 */
#include "fuzz/mm_model.h"
#include "alloc/mm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

void model_init(struct mm_model *m, u64 start, u64 size)
{
	free(m->nodes);
	memset(m, 0, sizeof(*m));
	m->start = start;
	m->end = start + size;
	m->head_stamp = m->next_stamp++;
}

void model_fini(struct mm_model *m)
{
	free(m->nodes);
	m->nodes = NULL;
	m->n = m->cap = 0;
}

static u64 hole_start(const struct mm_model *m, long k)
{
	return k < 0 ? m->start : m->nodes[k].start + m->nodes[k].size;
}

static u64 hole_end(const struct mm_model *m, long k)
{
	return (size_t)(k + 1) < m->n ? m->nodes[k + 1].start : m->end;
}

size_t model_holes(const struct mm_model *m, struct model_hole **out)
{
	struct model_hole *h = malloc((m->n + 1) * sizeof(*h));
	size_t cnt = 0;

	if (!h)
		abort();	/* (n + 1) small structs: out of memory is not an input */
	for (long k = -1; k < (long)m->n; k++) {
		u64 s = hole_start(m, k), e = hole_end(m, k);

		if (e > s) {
			h[cnt].owner = k;
			h[cnt].start = s;
			h[cnt].end = e;
			h[cnt].stamp = k < 0 ? m->head_stamp : m->nodes[k].stamp;
			cnt++;
		}
	}
	*out = h;
	return cnt;
}

/* The usable window of a hole for @color after the colour callback. */
static void color_window(const struct mm_model *m, const struct model_hole *h,
			 unsigned long color, u128 *cs, u128 *ce)
{
	*cs = h->start;
	*ce = h->end;
	if (!m->color_sep)
		return;
	if (h->owner >= 0 && m->nodes[h->owner].color != color)
		*cs += 1;
	if ((size_t)(h->owner + 1) < m->n && m->nodes[h->owner + 1].color != color)
		*ce -= 1;
}

/*
 * Closed form of the fit test: inside W = [max(cs, rs), min(ce, re)),
 * bottom-up takes the smallest multiple of @align >= W.start, HIGH the
 * largest multiple <= W.end - size.
 */
static bool fits(const struct mm_model *m, const struct model_hole *h, u64 size, u64 align,
		 unsigned long color, u64 rs, u64 re, bool high, u64 *out)
{
	u128 cs, ce, ws, we, a;

	color_window(m, h, color, &cs, &ce);
	ws = cs > rs ? cs : rs;
	we = ce < re ? ce : re;
	if (we < ws || we - ws < size)
		return false;
	if (high) {
		a = we - size;
		if (align)
			a -= a % align;
		if (a < ws)
			return false;
	} else {
		a = ws;
		if (align && a % align)
			a += align - a % align;
		if (a + size > we)
			return false;
	}
	*out = (u64)a;
	return true;
}

static int cmp_best(const void *pa, const void *pb)
{
	const struct model_hole *a = pa, *b = pb;
	u64 sa = a->end - a->start, sb = b->end - b->start;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a->stamp == b->stamp ? 0 : a->stamp > b->stamp ? -1 : 1;
}

/* FUZZ_PLANT_MODEL: the tie goes to the oldest hole, as drm_mm never does. */
static int cmp_best_planted(const void *pa, const void *pb)
{
	const struct model_hole *a = pa, *b = pb;
	u64 sa = a->end - a->start, sb = b->end - b->start;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a->stamp == b->stamp ? 0 : a->stamp < b->stamp ? -1 : 1;
}

static int cmp_stamp(const void *pa, const void *pb)
{
	const struct model_hole *a = pa, *b = pb;

	return a->stamp == b->stamp ? 0 : a->stamp > b->stamp ? -1 : 1;
}

void model_insert(const struct mm_model *m, u64 size, u64 align, unsigned long color,
		  u64 rs, u64 re, unsigned int mode, struct model_result *res)
{
	struct model_hole *h;
	size_t cnt, i;
	u64 largest = 0;
	bool once = mode & MM_INSERT_ONCE;
	unsigned int base = mode & ~(unsigned int)MM_INSERT_ONCE;

	memset(res, 0, sizeof(*res));
	res->err = -ENOSPC;
	res->cost_exact = true;
	if (base > MM_INSERT_EVICT)
		base = MM_INSERT_BEST;
	cnt = model_holes(m, &h);
	for (i = 0; i < cnt; i++)
		if (h[i].end - h[i].start > largest)
			largest = h[i].end - h[i].start;
	if (size == 0 || re - rs < size || largest < size)
		goto out;
	if (align <= 1)
		align = 0;

	if (base == MM_INSERT_BEST || base == MM_INSERT_EVICT) {
		size_t k = 0;

		if (base == MM_INSERT_BEST) {
			for (i = 0; i < cnt; i++)
				if (h[i].end - h[i].start >= size)
					h[k++] = h[i];
			qsort(h, k, sizeof(*h), m->plant ? cmp_best_planted : cmp_best);
		} else {
			k = cnt;
			qsort(h, k, sizeof(*h), cmp_stamp);
		}
		if (once && k > 1)
			k = 1;
		for (i = 0; i < k; i++) {
			res->cost++;
			if (fits(m, &h[i], size, align, color, rs, re, false, &res->start)) {
				res->err = 0;
				res->owner = h[i].owner;
				break;
			}
		}
		goto out;
	}

	/* LOW ascending / HIGH descending by address; the range ends the walk. */
	res->cost_exact = false;
	res->shape_dependent = once;
	for (size_t j = 0; j < cnt; j++) {
		const struct model_hole *x = base == MM_INSERT_LOW ? &h[j] : &h[cnt - 1 - j];

		if (base == MM_INSERT_LOW && x->start >= re)
			break;
		if (base == MM_INSERT_HIGH && x->end <= rs)
			break;
		if (x->end - x->start < size)
			continue;
		if (base == MM_INSERT_LOW ? x->end < rs : x->start > re)
			continue;
		res->cost++;
		if (fits(m, x, size, align, color, rs, re, base == MM_INSERT_HIGH, &res->start)) {
			res->err = 0;
			res->owner = x->owner;
			break;
		}
	}
out:
	free(h);
}

static int insert_at(struct mm_model *m, size_t idx, const struct model_node *nn)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct model_node *v = realloc(m->nodes, cap * sizeof(*m->nodes));

		if (!v)
			return -ENOMEM;
		m->nodes = v;
		m->cap = cap;
	}
	memmove(&m->nodes[idx + 1], &m->nodes[idx], (m->n - idx) * sizeof(*m->nodes));
	m->nodes[idx] = *nn;
	m->n++;
	return 0;
}

static void set_stamp(struct mm_model *m, long k)
{
	if (k < 0)
		m->head_stamp = m->next_stamp++;
	else
		m->nodes[k].stamp = m->next_stamp++;
}

/* Place a node in the hole of @owner: lower remainder first, then upper. */
static int place(struct mm_model *m, long owner, u64 id, u64 start, u64 size,
		 unsigned long color)
{
	u64 hs = hole_start(m, owner), he = hole_end(m, owner);
	struct model_node nn = { id, start, size, color, 0 };

	if (insert_at(m, (size_t)(owner + 1), &nn))
		return -ENOMEM;
	if (start > hs)
		set_stamp(m, owner);
	if (start + size < he)
		set_stamp(m, owner + 1);
	return 0;
}

int model_commit(struct mm_model *m, u64 id, u64 size, unsigned long color,
		 const struct model_result *res)
{
	return place(m, res->owner, id, res->start, size, color);
}

int model_reserve(struct mm_model *m, u64 id, u64 start, u64 size, unsigned long color)
{
	struct model_hole *h;
	size_t cnt = model_holes(m, &h);
	u128 end = (u128)start + size;
	int err = -ENOSPC;

	if (size && end <= U64_MAX) {
		for (size_t i = 0; i < cnt; i++) {
			u128 cs, ce;

			color_window(m, &h[i], color, &cs, &ce);
			if (h[i].start <= start && start <= h[i].end && cs <= start && end <= ce) {
				err = place(m, h[i].owner, id, start, size, color);
				break;
			}
		}
	}
	free(h);
	return err;
}

long model_find(const struct mm_model *m, u64 id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->nodes[i].id == id)
			return (long)i;
	return -1;
}

void model_remove(struct mm_model *m, u64 id)
{
	long k = model_find(m, id);

	if (k < 0)
		return;
	memmove(&m->nodes[k], &m->nodes[k + 1], (m->n - (size_t)k - 1) * sizeof(*m->nodes));
	m->n--;
	set_stamp(m, k - 1);
}
