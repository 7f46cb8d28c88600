// SPDX-License-Identifier: MIT
/*
 * run_pics.c - what the report's pictures need beyond the per-op series
 * (&struct run_pictures, docs/run.md "pictures"):
 *
 * Marks.  After every op: open, close, power cycle (its step), expansions
 * (chunks the shim added) and failed calls (the op's result); from the
 * event log: TDR, suspend, resume, injected faults, recorded violations.
 * Marks of one kind and instance in one bucket of @mark_width ops merge
 * into one (counts add up); when RUN_MARKS_MAX are kept, the width doubles
 * and neighbours merge, so a run of any length keeps a bounded, complete
 * set (the first of each bucket keeps its op, line and detail).
 *
 * Heap maps.  Each instance's live DEV BOs are mirrored from the heap op
 * records (a hash on the address), so a map costs O(B log B) for B live
 * BOs, whatever the run did before.  Moments: after every expansion (the
 * first RUN_MAPS_EXPANSIONS of the run), at the instance's peak live bytes
 * and when its heap ends (close, or the end of the run).  A new peak is
 * mapped at once when at least B heap ops passed since the instance's last
 * map; otherwise it is left pending and the heap ops after it are logged,
 * and the map is taken later from the current BOs with that log undone
 * (first log entry per address: an alloc means the BO was not live at the
 * peak, a free means it was).  Either way at most one map per B heap ops:
 * O(log B) amortised per op, and the peak map is exact.
 *
 * Phase spans.  After every op, the instance's phase: the same phase as
 * its previous op extends the current span, another one starts a new span
 * (at most RUN_PHASE_SPANS_MAX, the rest counted).  O(1) per op.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "sim/fault.h"

struct pics_bo {
	u64 addr;
	u64 size;	/* 0: empty slot */
};

struct pics_log {
	u64 addr;
	u64 size;
	u32 seq;	/* position in the log */
	bool alloc;
};

struct pics_inst {
	struct pics_bo *tab;		/* live BOs, open addressing on addr */
	u32 cap, n;			/* n counts the deferred one */
	struct pics_bo defer;		/* an allocation not yet in tab (size 0: none) */
	u64 *chunks;			/* pairs: address, size */
	u64 *chunk_hop;			/* heap op that added each chunk */
	u32 nchunks, capchunks;
	u64 committed, live;
	u64 hop;			/* heap ops seen on this instance */
	u64 since_map;
	bool heap;			/* a heap is open */
	bool have_peak;
	u64 peak_live;
	bool pending;			/* a peak not yet mapped */
	u64 pend_op, pend_time, pend_live, pend_committed, pend_hop;
	struct pics_log *log;
	u32 nlog, caplog;
	s64 peak_map, end_map;		/* index into res->pics.maps, -1: none */
	s64 span;			/* its current phase span, -1: none */
};

struct run_pics_state {
	struct pics_inst *in;
	u32 n;
	int err;
	s64 exp_map;		/* the current op's expansion map, -1: none yet */
	u32 nexp;		/* expansion maps taken */
	u64 last_request;	/* size of the current op's last BO allocation attempt */
	u64 op_start_ns;	/* simulated time before the current op */
};

static const char *const mark_names[RUN_MARK_COUNT] = {
	[RUN_MARK_OPEN] = "open",
	[RUN_MARK_CLOSE] = "close",
	[RUN_MARK_EXPANSION] = "expansion",
	[RUN_MARK_FAILURE] = "failure",
	[RUN_MARK_FAULT] = "fault",
	[RUN_MARK_TDR] = "tdr",
	[RUN_MARK_SUSPEND] = "suspend",
	[RUN_MARK_RESUME] = "resume",
	[RUN_MARK_POWER_CYCLE] = "power_cycle",
	[RUN_MARK_VIOLATION] = "violation",
};

static const char *const moment_names[RUN_MAP_MOMENT_COUNT] = {
	[RUN_MAP_PEAK_LIVE] = "peak_live",
	[RUN_MAP_EXPANSION] = "expansion",
	[RUN_MAP_END] = "end",
};

const char *run_mark_kind_name(enum run_mark_kind k)
{
	return (unsigned int)k < RUN_MARK_COUNT ? mark_names[k] : "?";
}

const char *run_map_moment_name(enum run_map_moment m)
{
	return (unsigned int)m < RUN_MAP_MOMENT_COUNT ? moment_names[m] : "?";
}

static struct run_pics_state *state(struct run_ctx *x)
{
	if (!x->pics) {
		x->pics = calloc(1, sizeof(*x->pics));
		if (!x->pics)
			return NULL;
		x->pics->in = calloc(x->ninst + 1, sizeof(*x->pics->in));
		if (!x->pics->in) {
			free(x->pics);
			x->pics = NULL;
			return NULL;
		}
		x->pics->n = x->ninst;
		x->pics->exp_map = -1;
		for (u32 i = 0; i < x->ninst; i++)
			x->pics->in[i].peak_map = x->pics->in[i].end_map = x->pics->in[i].span = -1;
	}
	return x->pics;
}

/* --- marks ------------------------------------------------------------ */

static int mark_cmp_bucket(const void *a, const void *b, u64 w)
{
	const struct run_mark *x = a, *y = b;
	u64 bx = x->op / w, by = y->op / w;

	if (bx != by)
		return bx < by ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->instance != y->instance)
		return x->instance < y->instance ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

static u64 sort_width;

static int by_bucket(const void *a, const void *b)
{
	return mark_cmp_bucket(a, b, sort_width);
}

static int by_op(const void *a, const void *b)
{
	return mark_cmp_bucket(a, b, 1);
}

/* Double the bucket width until at most half the budget is used. */
static void marks_compact(struct run_pictures *p)
{
	while (p->nr_marks > RUN_MARKS_MAX / 2) {
		u32 k = 0;

		p->mark_width *= 2;
		sort_width = p->mark_width;
		qsort(p->marks, p->nr_marks, sizeof(*p->marks), by_bucket);
		for (u32 i = 0; i < p->nr_marks; i++) {
			struct run_mark *m = &p->marks[i], *prev = k ? &p->marks[k - 1] : NULL;

			if (prev && prev->kind == m->kind && prev->instance == m->instance &&
			    prev->op / p->mark_width == m->op / p->mark_width) {
				prev->count += m->count;
				prev->last_op = m->last_op > prev->last_op ? m->last_op : prev->last_op;
				continue;
			}
			p->marks[k++] = *m;
		}
		p->nr_marks = k;
	}
	qsort(p->marks, p->nr_marks, sizeof(*p->marks), by_op);
}

static void mark_add(struct run_ctx *x, enum run_mark_kind kind, u32 instance, u64 count,
		     const char *detail)
{
	struct run_pictures *p = &x->res->pics;
	struct run_mark *m;

	if (!p->mark_width)
		p->mark_width = 1;
	for (u32 i = p->nr_marks; i-- > 0 && p->marks[i].op / p->mark_width == x->op / p->mark_width;) {
		m = &p->marks[i];
		if (m->kind == kind && m->instance == instance) {
			m->count += count;
			m->last_op = x->op;
			return;
		}
	}
	if (!p->marks) {
		p->marks = calloc(RUN_MARKS_MAX, sizeof(*p->marks));
		if (!p->marks) {
			if (x->pics)
				x->pics->err = -ENOMEM;
			return;
		}
	}
	if (p->nr_marks == RUN_MARKS_MAX)
		marks_compact(p);
	m = &p->marks[p->nr_marks++];
	memset(m, 0, sizeof(*m));
	m->kind = (u8)kind;
	m->instance = instance;
	m->line = x->cur_step ? x->cur_step->loc.line : 0;
	m->op = m->last_op = x->op;
	m->count = count;
	m->time_ns = sim_now_ns(x->sim);
	snprintf(m->detail, sizeof(m->detail), "%s", detail ? detail : "");
}

/* --- the mirrored heap ------------------------------------------------ */

static u32 slot_of(const struct pics_inst *pi, u64 addr)
{
	u64 h = addr * 0x9e3779b97f4a7c15ULL;

	return (u32)(h >> 32) & (pi->cap - 1);
}

static int bo_grow(struct pics_inst *pi)
{
	u32 ocap = pi->cap, cap = ocap ? ocap * 2 : 64;
	struct pics_bo *old = pi->tab, *t = calloc(cap, sizeof(*t));

	if (!t)
		return -ENOMEM;
	pi->tab = t;
	pi->cap = cap;
	for (u32 i = 0; i < ocap; i++) {
		if (!old[i].size)
			continue;
		for (u32 s = slot_of(pi, old[i].addr);; s = (s + 1) & (cap - 1)) {
			if (!t[s].size) {
				t[s] = old[i];
				break;
			}
		}
	}
	free(old);
	return 0;
}

static int bo_insert(struct pics_inst *pi, u64 addr, u64 size)
{
	if ((pi->n + 1) * 4 > pi->cap * 3 && bo_grow(pi))
		return -ENOMEM;
	for (u32 s = slot_of(pi, addr);; s = (s + 1) & (pi->cap - 1)) {
		if (!pi->tab[s].size || pi->tab[s].addr == addr) {
			pi->n += !pi->tab[s].size;
			pi->tab[s] = (struct pics_bo){ addr, size };
			return 0;
		}
	}
}

/*
 * An allocation enters the table at the instance's next heap op or map, not
 * at once: its slot is fetched now and written later, when the line is in
 * the cache, instead of stalling the op that made it.  Until then it is
 * counted in n.  The table holds the same set either way.
 */
static int bo_flush(struct pics_inst *pi)
{
	struct pics_bo d = pi->defer;

	if (!d.size)
		return 0;
	pi->defer.size = 0;
	pi->n--;
	return bo_insert(pi, d.addr, d.size);
}

static int bo_defer(struct pics_inst *pi, u64 addr, u64 size)
{
	int ret = bo_flush(pi);

	if (ret)
		return ret;
	pi->defer = (struct pics_bo){ addr, size };
	pi->n++;
	if (pi->cap)
		__builtin_prefetch(&pi->tab[slot_of(pi, addr)], 1);
	return 0;
}

/* Remove @addr (linear probing, backward-shift deletion); its size or 0. */
static u64 bo_remove(struct pics_inst *pi, u64 addr)
{
	u32 mask = pi->cap - 1, s;
	u64 size;

	if (!pi->cap)
		return 0;
	for (s = slot_of(pi, addr); pi->tab[s].size && pi->tab[s].addr != addr; s = (s + 1) & mask)
		;
	if (!pi->tab[s].size)
		return 0;
	size = pi->tab[s].size;
	for (u32 j = (s + 1) & mask; pi->tab[j].size; j = (j + 1) & mask) {
		u32 home = slot_of(pi, pi->tab[j].addr);

		/* move j into the gap at s unless its home lies cyclically in (s, j] */
		if ((j > s && (home <= s || home > j)) || (j < s && home <= s && home > j)) {
			pi->tab[s] = pi->tab[j];
			s = j;
		}
	}
	pi->tab[s].size = 0;
	pi->n--;
	return size;
}

static int bo_cmp(const void *a, const void *b)
{
	u64 x = ((const struct pics_bo *)a)->addr, y = ((const struct pics_bo *)b)->addr;

	return (x > y) - (x < y);
}

/*
 * Sort @n records of @size bytes, each starting with a u64 address, by that
 * address, stably: an LSD radix sort on the address less the smallest one
 * (its common low zero bits dropped), 11 bits a pass; a heap's addresses
 * need two or three passes.  Linear where a comparison sort is n log n, and
 * every pass reads and writes sequentially.  -ENOMEM (nothing moved) when
 * its buffer cannot be had; the caller then sorts otherwise.
 */
#define RADIX_BITS 11

static int sort_by_addr(void *base, u32 n, size_t size)
{
	char *src = base, *dst, *tmp;
	u64 lo = U64_MAX, hi = 0, diff = 0;
	u32 shift, bits, count[1u << RADIX_BITS];

	for (u32 i = 0; i < n; i++) {
		u64 a;

		memcpy(&a, src + i * size, sizeof(a));
		lo = a < lo ? a : lo;
		hi = a > hi ? a : hi;
	}
	for (u32 i = 0; i < n; i++) {
		u64 a;

		memcpy(&a, src + i * size, sizeof(a));
		diff |= a - lo;
	}
	if (!diff)
		return 0;
	shift = (u32)__builtin_ctzll(diff);
	bits = 64 - (u32)__builtin_clzll((hi - lo) >> shift);
	tmp = malloc((size_t)n * size);
	if (!tmp)
		return -ENOMEM;
	dst = tmp;
	for (u32 pass = 0; pass * RADIX_BITS < bits; pass++) {
		u32 sh = shift + pass * RADIX_BITS, sum = 0;
		char *t;

		memset(count, 0, sizeof(count));
		for (u32 i = 0; i < n; i++) {
			u64 a;

			memcpy(&a, src + i * size, sizeof(a));
			count[((a - lo) >> sh) & ((1u << RADIX_BITS) - 1)]++;
		}
		for (u32 d = 0; d < (1u << RADIX_BITS); d++) {
			u32 c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (u32 i = 0; i < n; i++) {
			u64 a;

			memcpy(&a, src + i * size, sizeof(a));
			memcpy(dst + (size_t)count[((a - lo) >> sh) & ((1u << RADIX_BITS) - 1)]++ * size,
			       src + i * size, size);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != base)
		memcpy(base, src, (size_t)n * size);
	free(tmp);
	return 0;
}

static int log_cmp(const void *a, const void *b)
{
	const struct pics_log *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void heap_reset(struct pics_inst *pi)
{
	if (pi->cap)
		memset(pi->tab, 0, pi->cap * sizeof(*pi->tab));
	pi->n = 0;
	pi->defer.size = 0;
	pi->nchunks = 0;
	pi->committed = pi->live = 0;
	pi->heap = false;
	pi->pending = false;
	pi->nlog = 0;
}

/*
 * The live BOs, sorted; with @undo, as they were at the pending peak (the
 * log since it undone).  *@nout receives the count.
 */
static struct pics_bo *bos_sorted(struct pics_inst *pi, bool undo, u32 *nout)
{
	u32 extra = undo ? pi->nlog : 0, n = 0, k = 0;
	struct pics_bo *v;

	if (bo_flush(pi))
		return NULL;
	v = malloc((pi->n + extra + 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (u32 i = 0; i < pi->cap; i++)
		if (pi->tab[i].size)
			v[n++] = pi->tab[i];
	if (undo && pi->nlog) {
		/* the log is in seq order: a stable sort by address orders it by (address, seq) */
		if (sort_by_addr(pi->log, pi->nlog, sizeof(*pi->log)))
			qsort(pi->log, pi->nlog, sizeof(*pi->log), log_cmp);
		if (sort_by_addr(v, n, sizeof(*v)))
			qsort(v, n, sizeof(*v), bo_cmp);
		/* first log entry per address decides: alloc -> drop it, free -> it was live */
		for (u32 i = 0; i < pi->nlog; i++) {
			const struct pics_log *l = &pi->log[i];
			struct pics_bo key = { l->addr, 0 }, *hit;

			if (i && pi->log[i - 1].addr == l->addr)
				continue;
			hit = bsearch(&key, v, n, sizeof(*v), bo_cmp);
			if (l->alloc && hit)
				hit->size = 0;
			else if (!l->alloc && !hit)
				v[n + k++] = (struct pics_bo){ l->addr, l->size };
		}
		n += k;
		k = 0;
		for (u32 i = 0; i < n; i++)
			if (v[i].size)
				v[k++] = v[i];
		n = k;
	}
	if (sort_by_addr(v, n, sizeof(*v)))
		qsort(v, n, sizeof(*v), bo_cmp);
	*nout = n;
	return v;
}

/* Build a map in @m from the mirrored heap (@undo: at the pending peak). */
static int map_build(struct pics_inst *pi, bool undo, struct run_heap_map *m)
{
	u32 nbo, nch = 0;
	struct pics_bo *bo = bos_sorted(pi, undo, &nbo);
	u64 base, end, pos;

	if (!bo)
		return -ENOMEM;
	for (u32 c = 0; c < pi->nchunks; c++)
		nch += !undo || pi->chunk_hop[c] <= pi->pend_hop;
	m->chunks = malloc((2 * nch + 1) * sizeof(u64));
	m->holes = malloc((2 * (nbo + 1) + 1) * sizeof(u64));
	if (!m->chunks || !m->holes) {
		free(bo);
		return -ENOMEM;
	}
	m->nr_chunks = nch;
	memcpy(m->chunks, pi->chunks, 2 * nch * sizeof(u64));
	m->nr_bos = nbo;
	base = nch ? pi->chunks[0] : 0;
	end = base + m->committed;
	pos = base;
	for (u32 i = 0; i <= nbo; i++) {
		u64 at = i < nbo ? bo[i].addr : end;

		if (at > pos && pos < end) {
			m->holes[2 * m->nr_holes] = pos;
			m->holes[2 * m->nr_holes + 1] = (at < end ? at : end) - pos;
			m->nr_holes++;
		}
		if (i < nbo && bo[i].addr + bo[i].size > pos)
			pos = bo[i].addr + bo[i].size;
	}
	free(bo);
	return 0;
}

static void map_free(struct run_heap_map *m)
{
	free(m->chunks);
	free(m->holes);
	memset(m, 0, sizeof(*m));
}

/* A map slot: @slot >= 0 reuses it (a newer peak / end), else appends. */
static struct run_heap_map *map_slot(struct run_result *res, s64 *slot)
{
	struct run_pictures *p = &res->pics;

	if (*slot >= 0) {
		map_free(&p->maps[*slot]);
		return &p->maps[*slot];
	}
	if (!(p->nr_maps & (p->nr_maps + 1))) {
		struct run_heap_map *n = realloc(p->maps, 2 * (p->nr_maps + 1) * sizeof(*n));

		if (!n)
			return NULL;
		p->maps = n;
	}
	*slot = p->nr_maps;
	memset(&p->maps[p->nr_maps], 0, sizeof(p->maps[0]));
	return &p->maps[p->nr_maps++];
}

static int map_take(struct run_ctx *x, struct run_inst *in, enum run_map_moment moment,
		    bool undo, s64 *slot)
{
	struct pics_inst *pi = &x->pics->in[in->gid];
	struct run_heap_map *m = map_slot(x->res, slot);
	int ret;

	if (!m)
		return -ENOMEM;
	m->moment = (u8)moment;
	m->instance = in->gid;
	m->op = undo ? pi->pend_op : x->op;
	m->time_ns = undo ? pi->pend_time : sim_now_ns(x->sim);
	m->committed = undo ? pi->pend_committed : pi->committed;
	m->live = undo ? pi->pend_live : pi->live;
	ret = map_build(pi, undo, m);
	pi->since_map = 0;
	return ret;
}

/* The pending peak, mapped now from the current BOs with the log undone. */
static int peak_resolve(struct run_ctx *x, struct run_inst *in)
{
	struct pics_inst *pi = &x->pics->in[in->gid];
	int ret;

	if (!pi->pending)
		return 0;
	ret = map_take(x, in, RUN_MAP_PEAK_LIVE, true, &pi->peak_map);
	pi->pending = false;
	pi->nlog = 0;
	return ret;
}

static int log_push(struct pics_inst *pi, u64 addr, u64 size, bool alloc)
{
	if (pi->nlog == pi->caplog) {
		u32 cap = pi->caplog ? 2 * pi->caplog : 64;
		struct pics_log *n = realloc(pi->log, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		pi->log = n;
		pi->caplog = cap;
	}
	pi->log[pi->nlog] = (struct pics_log){ addr, size, pi->nlog, alloc };
	pi->nlog++;
	return 0;
}

static int chunk_push(struct pics_inst *pi, u64 addr, u64 size)
{
	if (pi->nchunks == pi->capchunks) {
		u32 cap = pi->capchunks ? 2 * pi->capchunks : 8;
		u64 *c = realloc(pi->chunks, 2 * cap * sizeof(u64));
		u64 *h;

		if (!c)
			return -ENOMEM;
		pi->chunks = c;
		h = realloc(pi->chunk_hop, cap * sizeof(u64));
		if (!h)
			return -ENOMEM;
		pi->chunk_hop = h;
		pi->capchunks = cap;
	}
	pi->chunks[2 * pi->nchunks] = addr;
	pi->chunks[2 * pi->nchunks + 1] = size;
	pi->chunk_hop[pi->nchunks++] = pi->hop;
	return 0;
}

static bool mapped_instance(const struct run_inst *in)
{
	return in->gid < RUN_MAPS_INSTANCES;
}

static int heap_op(struct run_ctx *x, struct run_inst *in, const struct heap_op_record *rec)
{
	struct run_pics_state *st = x->pics;
	struct pics_inst *pi = &st->in[in->gid];
	u64 size = ALIGN_UP_P2(rec->size, SZ_4K);
	bool expansion;
	int ret = 0;

	if (rec->op == HEAP_OP_CHUNK_ADD && !rec->err && rec->committed == rec->size) {
		/* a new heap: what the last one left was mapped at its close */
		if (pi->heap && mapped_instance(in))
			ret = peak_resolve(x, in);
		heap_reset(pi);
		pi->heap = true;
	}
	pi->hop++;
	pi->since_map++;
	if (rec->op == HEAP_OP_BO_ALLOC) {
		st->last_request = rec->size;
		/* the allocation an expansion was made for, when it comes after it */
		if (st->exp_map >= 0 && !x->res->pics.maps[st->exp_map].request)
			x->res->pics.maps[st->exp_map].request = rec->size;
	}
	if (rec->err)
		return ret;
	pi->committed = rec->committed;
	pi->live = rec->live;
	switch (rec->op) {
	case HEAP_OP_CHUNK_ADD:
		ret = ret ?: chunk_push(pi, rec->addr, rec->size);
		expansion = rec->committed > rec->size && x->cur_step &&
			    x->cur_step->op != SCN_OP_OPEN;
		if (ret || !expansion)
			break;
		/* one map per op that expanded (after its last chunk), while the budget lasts */
		if (st->exp_map < 0 && st->nexp == RUN_MAPS_EXPANSIONS) {
			x->res->pics.maps_dropped++;
			break;
		}
		st->nexp += st->exp_map < 0;
		ret = map_take(x, in, RUN_MAP_EXPANSION, false, &st->exp_map);
		if (!ret)
			x->res->pics.maps[st->exp_map].request = st->last_request;
		break;
	case HEAP_OP_BO_ALLOC:
		ret = bo_defer(pi, rec->addr, size);
		if (!ret && pi->pending)
			ret = log_push(pi, rec->addr, size, true);
		if (ret || !mapped_instance(in) || (pi->have_peak && rec->live <= pi->peak_live))
			break;
		pi->have_peak = true;
		pi->peak_live = rec->live;
		if (pi->since_map >= pi->n) {
			pi->pending = false;
			pi->nlog = 0;
			ret = map_take(x, in, RUN_MAP_PEAK_LIVE, false, &pi->peak_map);
		} else {
			pi->pending = true;
			pi->nlog = 0;
			pi->pend_op = x->op;
			pi->pend_time = sim_now_ns(x->sim);
			pi->pend_live = rec->live;
			pi->pend_committed = rec->committed;
			pi->pend_hop = pi->hop;
		}
		break;
	case HEAP_OP_BO_FREE:
		ret = bo_flush(pi);
		size = ret ? 0 : bo_remove(pi, rec->addr);
		if (size && pi->pending)
			ret = log_push(pi, rec->addr, size, false);
		break;
	}
	if (!ret && pi->pending && pi->since_map >= pi->n)
		ret = peak_resolve(x, in);
	return ret;
}

void run_pics_prefetch_free(struct run_ctx *x, struct run_inst *in, u64 addr)
{
	const struct pics_inst *pi;

	if (!x->pics || in->gid >= x->pics->n)
		return;
	pi = &x->pics->in[in->gid];
	if (pi->cap) {
		u32 s = slot_of(pi, addr);

		/* and the line after: the removal shifts the entries that follow back */
		__builtin_prefetch(&pi->tab[s], 1);
		__builtin_prefetch(&pi->tab[(s + 64 / sizeof(*pi->tab)) & (pi->cap - 1)], 1);
	}
}

int run_pics_heap_op(struct run_inst *in, const struct heap_op_record *rec)
{
	struct run_ctx *x = in->x;
	struct run_pics_state *st = state(x);
	int ret;

	if (!st)
		return -ENOMEM;
	ret = heap_op(x, in, rec);
	if (ret && !st->err)
		st->err = ret;
	return ret;
}

/* The heap of @in ends (close, or the end of the run): map it as it is. */
static int heap_end(struct run_ctx *x, struct run_inst *in)
{
	struct pics_inst *pi = &x->pics->in[in->gid];
	int ret = 0;

	if (!pi->heap)
		return 0;
	if (mapped_instance(in)) {
		ret = peak_resolve(x, in);
		ret = ret ?: map_take(x, in, RUN_MAP_END, false, &pi->end_map);
	}
	heap_reset(pi);
	return ret;
}

/* The phase @in ran the current op in: extend its span or start one. */
static int span_note(struct run_ctx *x, struct run_inst *in)
{
	struct run_pictures *p = &x->res->pics;
	struct pics_inst *pi = &x->pics->in[in->gid];
	struct run_phase_span *sp;

	if (in->phase == RUN_NONE) {
		pi->span = -1;
		return 0;
	}
	if (pi->span >= 0 && p->spans[pi->span].phase == in->phase) {
		p->spans[pi->span].last_op = x->op;
		p->spans[pi->span].end_ns = sim_now_ns(x->sim);
		return 0;
	}
	pi->span = -1;
	if (p->nr_spans == RUN_PHASE_SPANS_MAX) {
		p->spans_dropped++;
		return 0;
	}
	if (!(p->nr_spans & (p->nr_spans + 1))) {	/* grow at 0, 1, 3, 7, ... */
		u32 cap = 2 * (p->nr_spans + 1);
		struct run_phase_span *n = realloc(p->spans, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		p->spans = n;
	}
	sp = &p->spans[p->nr_spans];
	*sp = (struct run_phase_span){ .instance = in->gid, .phase = in->phase, .op = x->op,
				       .last_op = x->op, .time_ns = x->pics->op_start_ns,
				       .end_ns = sim_now_ns(x->sim) };
	pi->span = p->nr_spans++;
	return 0;
}

int run_pics_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	struct run_pics_state *ps = state(x);
	char d[40];
	int ret;

	if (!ps)
		return -ENOMEM;
	if (!x->op_err && (st->op == SCN_OP_OPEN || st->op == SCN_OP_CLOSE ||
			   st->op == SCN_OP_POWER_CYCLE))
		mark_add(x, st->op == SCN_OP_OPEN ? RUN_MARK_OPEN : st->op == SCN_OP_CLOSE ?
			 RUN_MARK_CLOSE : RUN_MARK_POWER_CYCLE, in->gid, 1, NULL);
	if (x->op_exp) {
		snprintf(d, sizeof(d), "+%u chunk%s", x->op_exp, x->op_exp == 1 ? "" : "s");
		mark_add(x, RUN_MARK_EXPANSION, in->gid, x->op_exp, d);
	}
	if (x->op_failures)
		mark_add(x, RUN_MARK_FAILURE, in->gid, x->op_failures, xerrname(x->op_err));
	ret = ps->err ?: span_note(x, in);
	if (!ret && st->op == SCN_OP_CLOSE && !x->op_err)
		ret = heap_end(x, in);
	ps->exp_map = -1;
	ps->last_request = 0;
	ps->op_start_ns = sim_now_ns(x->sim);
	return ret;
}

int run_pics_event(struct run_ctx *x, const struct sim_event *e, u32 owner)
{
	char d[40];

	if (!state(x))
		return -ENOMEM;
	switch (e->type) {
	case SIM_EV_PM:
		if (e->kind == SIM_PM_TDR)
			mark_add(x, RUN_MARK_TDR, owner, 1, e->err ? xerrname(e->err) : NULL);
		else if (e->kind == SIM_PM_SUSPEND || e->kind == SIM_PM_AUTOSUSPEND)
			mark_add(x, RUN_MARK_SUSPEND, owner, 1,
				 e->kind == SIM_PM_AUTOSUSPEND ? "autosuspend" : NULL);
		else if (e->kind == SIM_PM_RESUME)
			mark_add(x, RUN_MARK_RESUME, owner, 1, NULL);
		break;
	case SIM_EV_FAULT:
		mark_add(x, RUN_MARK_FAULT, owner, 1, sim_fault_site_name(e->kind));
		break;
	case SIM_EV_VIOLATION:
		snprintf(d, sizeof(d), "invariant %u", e->kind);
		mark_add(x, RUN_MARK_VIOLATION, owner, 1, d);
		break;
	default:
		break;
	}
	return x->pics->err;
}

static int map_cmp(const void *a, const void *b)
{
	const struct run_heap_map *x = a, *y = b;

	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->instance != y->instance)
		return x->instance < y->instance ? -1 : 1;
	return (x->moment > y->moment) - (x->moment < y->moment);
}

int run_pics_finish(struct run_ctx *x)
{
	struct run_pics_state *ps = state(x);
	int ret;

	if (!ps)
		return -ENOMEM;
	ret = ps->err;
	for (u32 i = 0; i < x->ninst && !ret; i++)
		ret = heap_end(x, &x->inst[i]);
	if (x->res->pics.nr_maps)
		qsort(x->res->pics.maps, x->res->pics.nr_maps, sizeof(*x->res->pics.maps), map_cmp);
	if (!x->res->pics.mark_width)
		x->res->pics.mark_width = 1;
	return ret;
}

void run_pics_ctx_free(struct run_ctx *x)
{
	if (!x->pics)
		return;
	for (u32 i = 0; i < x->pics->n; i++) {
		free(x->pics->in[i].tab);
		free(x->pics->in[i].chunks);
		free(x->pics->in[i].chunk_hop);
		free(x->pics->in[i].log);
	}
	free(x->pics->in);
	free(x->pics);
	x->pics = NULL;
}

void run_pics_free(struct run_result *res)
{
	for (u32 i = 0; i < res->pics.nr_maps; i++)
		map_free(&res->pics.maps[i]);
	free(res->pics.maps);
	free(res->pics.marks);
	free(res->pics.spans);
	memset(&res->pics, 0, sizeof(res->pics));
}
