// SPDX-License-Identifier: MIT
/*
 * target_mm.c - the alloc/mm fuzz target: inserts (every mode, ONCE,
 * alignment, colour, range), reserves, removes and eviction scans, each
 * compared offset by offset and errno by errno with a shadow model, plus
 * mm_check() and the node list and hole stack after every operation.
 *
 * The shadow is the model of docs/driver/drm_mm.md §11 (fuzz/mm_model.c, the
 * one oracle of alloc/mm, which the Check tests of tests/alloc use too): an
 * address-sorted array of nodes, one recency stamp per hole owner, holes
 * derived from the gaps, candidates found by linear walks and the fit test
 * in its closed form (§3.3 "Equivalent closed form").  It shares no code with
 * alloc/mm.  The search cost is compared too: exactly for BEST and EVICT, as
 * a lower bound for LOW and HIGH.
 *
 * LOW|ONCE and HIGH|ONCE depend on the kernel's red-black tree shape, which
 * the shadow does not model: as docs/driver/drm_mm.md §3.5 allows, the target accepts
 * either -ENOSPC (then nothing may change) or exactly the plain LOW/HIGH
 * offset.
 *
 * Input: a 10-byte header (mm range kind, flags, a parameter), then
 * operations (opcode byte + fixed-size fields, see the decoders).
 */
#include "fuzz/stream.h"
#include "fuzz/mm_model.h"
#include "alloc/mm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MMF_SLOTS 32
#define MMF_HEADER 10

struct mmf {
	struct mm mm;
	struct mm_node node[MMF_SLOTS];
	bool live[MMF_SLOTS];
	struct mm_model sh;
	u64 once_enospc;
};

/* The colour callback has no context argument. */
static struct mmf *mmf_cur;

/* ---------------------------------------------------------------------- */
/* The module side. */

static void mmf_color_adjust(const struct mm_node *owner, unsigned long color, u64 *start,
			     u64 *end)
{
	struct mmf *f = mmf_cur;
	u64 e = *end;

	if (mm_node_allocated(owner) && owner->color != color)
		*start += 1;
	for (u32 i = 0; i < MMF_SLOTS; i++)
		if (f->live[i] && f->node[i].start == e) {
			if (f->node[i].color != color)
				*end -= 1;
			break;
		}
}

/* Holes newest first (the hole stack's order). */
static int hole_newer(const void *pa, const void *pb)
{
	const struct model_hole *a = pa, *b = pb;

	return a->stamp == b->stamp ? 0 : a->stamp > b->stamp ? -1 : 1;
}

/* The module against the shadow: nodes, hole stack, counters, mm_check. */
static int mmf_compare(struct mmf *f, struct fuzz_result *res)
{
	const struct mm_model *sh = &f->sh;
	struct model_hole *h;
	struct mm_node *pos;
	char why[256];
	u64 hs, he, largest = 0, used = 0, free_b = 0;
	size_t nh, i = 0;
	int ret = 0;

	if (mm_check(&f->mm, why, sizeof(why)))
		return fz_fail(res, 2, "mm_check: %s", why);
	mm_for_each_node(pos, &f->mm) {
		const struct model_node *s = &sh->nodes[i];

		if (i >= sh->n || pos != &f->node[s->id] || pos->start != s->start ||
		    pos->size != s->size)
			return fz_fail(res, 1, "node %zu: mm [%#llx,+%#llx) shadow [%#llx,+%#llx)", i,
				       (unsigned long long)pos->start,
				       (unsigned long long)pos->size,
				       (unsigned long long)(i < sh->n ? s->start : 0),
				       (unsigned long long)(i < sh->n ? s->size : 0));
		used += pos->size;
		i++;
	}
	if (i != sh->n)
		return fz_fail(res, 1, "mm has %zu nodes, shadow %zu", i, sh->n);
	nh = model_holes(sh, &h);
	qsort(h, nh, sizeof(*h), hole_newer);
	i = 0;
	mm_for_each_hole(pos, &f->mm, hs, he) {
		if (i >= nh || hs != h[i].start || he != h[i].end) {
			ret = fz_fail(res, 1, "hole %zu (newest first): mm [%#llx,%#llx) shadow "
				      "[%#llx,%#llx)", i, (unsigned long long)hs,
				      (unsigned long long)he,
				      (unsigned long long)(i < nh ? h[i].start : 0),
				      (unsigned long long)(i < nh ? h[i].end : 0));
			goto out;
		}
		if (he - hs > largest)
			largest = he - hs;
		free_b += he - hs;
		i++;
	}
	if (i != nh) {
		ret = fz_fail(res, 1, "mm has %zu holes, shadow %zu", i, nh);
		goto out;
	}
	if (f->mm.nr_nodes != sh->n || f->mm.nr_holes != nh || f->mm.used_bytes != used ||
	    f->mm.free_bytes != free_b || mm_largest_hole(&f->mm) != largest)
		ret = fz_fail(res, 1, "counters: nodes %llu holes %llu used %#llx free %#llx "
			      "largest %#llx", (unsigned long long)f->mm.nr_nodes,
			      (unsigned long long)f->mm.nr_holes,
			      (unsigned long long)f->mm.used_bytes,
			      (unsigned long long)f->mm.free_bytes,
			      (unsigned long long)mm_largest_hole(&f->mm));
out:
	free(h);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Decoding. */

enum { MMF_INSERT, MMF_RESERVE, MMF_REMOVE, MMF_SCAN };

struct mmf_op {
	int kind;
	u32 slot;
	u64 size;
	u64 align;
	unsigned long color;
	unsigned int mode;
	u64 rs, re;
	u64 start;
	u32 first;		/* scan: first slot offered */
	bool evict;		/* scan: evict and re-insert */
};

/* Sizes: mostly ones that fit, then the extremes (nine bytes). */
static u64 dec_size(struct fz_stream *s, u64 span)
{
	u8 cls = fz_u8(s);
	u64 raw = fz_u64(s);

	switch (cls % 8) {
	case 0:
	case 1:
		return 1 + raw % 16;
	case 2:
	case 3:
		return 1 + raw % (span / 16 + 1);
	case 4:
		return raw % (span / 2 + 1);
	case 5:
		return span - 2 + raw % 4;
	case 6:
		return 1ULL << (raw % 64);
	default:
		return raw;
	}
}

/* Alignments: none, small powers of two, non-powers of two, huge. */
static u64 dec_align(struct fz_stream *s, u64 span)
{
	u8 cls = fz_u8(s);
	u64 raw = fz_u64(s);

	switch (cls % 8) {
	case 0:
	case 1:
		return 0;
	case 2:
		return 1;
	case 3:
		return 1ULL << (raw % 12);
	case 4:
		return 3 + raw % 100;
	case 5:
		return 1ULL << (raw % 64);
	case 6:
		return span ? raw % span : raw;
	default:
		return raw % 2 ? raw : U64_MAX - raw % 4;
	}
}

/* Range: mostly none ([0, U64_MAX]), else inside-ish or arbitrary. */
static void dec_range(struct fz_stream *s, u64 base, u64 span, u64 *rs, u64 *re)
{
	u8 kind = fz_u8(s);
	u64 a = fz_scaled(s, span), b = fz_scaled(s, span);

	switch (kind % 8) {
	case 5:
	case 6:
		*rs = base + a;
		*re = *rs + b;
		break;
	case 7:
		*rs = base + a;
		*re = base + b;
		break;
	default:
		*rs = 0;
		*re = U64_MAX;
		break;
	}
}

static const unsigned int mode_of[8] = {
	MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH, MM_INSERT_EVICT,
	MM_INSERT_BEST, MM_INSERT_LOW, MM_INSERT_HIGH, 7 /* unknown: BEST */
};

/* An insert request: slot, size, alignment, colour, mode, range. */
static void dec_request(struct fz_stream *s, u64 base, u64 span, struct mmf_op *op)
{
	u8 m;

	op->slot = fz_below(s, MMF_SLOTS);
	op->size = dec_size(s, span);
	op->align = dec_align(s, span);
	op->color = fz_below(s, 3);
	m = fz_u8(s);
	op->mode = mode_of[m % 8] | (m & 0x80 ? MM_INSERT_ONCE : 0);
	dec_range(s, base, span, &op->rs, &op->re);
}

static bool mmf_decode(struct fz_stream *s, u64 base, u64 span, struct mmf_op *op)
{
	u8 code = fz_u8(s);

	memset(op, 0, sizeof(*op));
	switch (code % 16) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		op->kind = MMF_INSERT;
		dec_request(s, base, span, op);
		break;
	case 6: case 7: case 8:
		op->kind = MMF_RESERVE;
		op->slot = fz_below(s, MMF_SLOTS);
		op->start = base + fz_scaled(s, span);
		op->size = dec_size(s, span);
		op->color = fz_below(s, 3);
		break;
	case 14:
		op->kind = MMF_SCAN;
		dec_request(s, base, span, op);
		op->first = fz_below(s, MMF_SLOTS);
		op->evict = fz_bool(s);
		break;
	default:
		op->kind = MMF_REMOVE;
		op->slot = fz_below(s, MMF_SLOTS);
		break;
	}
	return !s->eof;
}

static bool mmf_skip(struct fz_stream *s)
{
	struct mmf_op op;

	/* The field widths do not depend on the range, so any span will do. */
	return mmf_decode(s, 0, 4096, &op);
}

static void mmf_header(struct fz_stream *s, u64 *start, u64 *size, bool *colors)
{
	u8 kind = fz_u8(s), flags = fz_u8(s);
	u64 p = fz_u64(s);

	*colors = flags & 1;
	switch (kind % 4) {
	case 0:
		*start = 0;
		*size = 1 + p % 4096;
		break;
	case 1:
		*start = p % 65536;
		*size = 1 + (p >> 16) % (1u << 20);
		break;
	case 2:
		*start = 0;
		*size = U64_MAX;
		break;
	default:
		*size = 1 + p % (1ULL << 40);
		*start = U64_MAX - *size - (p >> 40) % 4;
		break;
	}
}

static const char *mode_name(unsigned int mode)
{
	static const char *const names[] = { "best", "low", "high", "evict" };
	unsigned int m = mode & ~MM_INSERT_ONCE;

	return m < 4 ? names[m] : "unknown";
}

/* ---------------------------------------------------------------------- */
/* Execution. */

static int mmf_insert(struct mmf *f, const struct mmf_op *op, const struct fuzz_opts *o,
		      struct fuzz_result *res)
{
	struct mm_node *n = &f->node[op->slot];
	bool once = op->mode & MM_INSERT_ONCE;
	struct model_result want;
	u64 cost;
	int ret;

	ret = mm_insert_node_in_range(&f->mm, n, op->size, op->align, op->color, op->rs, op->re,
				      op->mode);
	cost = mm_last_search_cost(&f->mm);
	model_insert(&f->sh, op->size, op->align, op->color, op->rs, op->re, op->mode, &want);
	fz_trace(o, "insert slot %u size %#llx align %#llx color %lu range [%#llx,%#llx) %s%s -> ",
		 op->slot, (unsigned long long)op->size, (unsigned long long)op->align, op->color,
		 (unsigned long long)op->rs, (unsigned long long)op->re, mode_name(op->mode),
		 once ? "+once" : "");
	if (ret)
		fz_trace(o, "ENOSPC\n");
	else
		fz_trace(o, "%#llx\n", (unsigned long long)n->start);
	if (ret && ret != -ENOSPC)
		return fz_fail(res, 3, "insert returned %d (only 0 or -ENOSPC exist)", ret);
	/* LOW|ONCE, HIGH|ONCE: -ENOSPC, or the plain LOW/HIGH result (§3.5). */
	if (want.shape_dependent && ret == -ENOSPC) {
		f->once_enospc += want.err == 0;
		return 0;
	}
	if (ret != want.err || (!ret && n->start != want.start))
		return fz_fail(res, 1, "insert size %#llx align %#llx color %lu range [%#llx,%#llx) "
			       "%s%s: mm %s %#llx, shadow %s %#llx",
			       (unsigned long long)op->size, (unsigned long long)op->align,
			       op->color, (unsigned long long)op->rs, (unsigned long long)op->re,
			       mode_name(op->mode), once ? "+once" : "", ret ? "ENOSPC" : "ok",
			       (unsigned long long)(ret ? 0 : n->start), want.err ? "ENOSPC" : "ok",
			       (unsigned long long)want.start);
	if (want.cost_exact ? cost != want.cost : !want.shape_dependent && cost < want.cost)
		return fz_fail(res, 1, "insert %s%s: search cost %llu, shadow %s%llu",
			       mode_name(op->mode), once ? "+once" : "", (unsigned long long)cost,
			       want.cost_exact ? "" : "at least ", (unsigned long long)want.cost);
	if (!ret && model_commit(&f->sh, op->slot, op->size, op->color, &want))
		return -ENOMEM;
	f->live[op->slot] = !ret;
	return 0;
}

static int mmf_reserve(struct mmf *f, const struct mmf_op *op, const struct fuzz_opts *o,
		       struct fuzz_result *res)
{
	struct mm_node *n = &f->node[op->slot];
	int ret, want;

	n->start = op->start;
	n->size = op->size;
	n->color = op->color;
	ret = mm_reserve_node(&f->mm, n);
	want = model_reserve(&f->sh, op->slot, op->start, op->size, op->color);
	if (want == -ENOMEM)
		return -ENOMEM;
	fz_trace(o, "reserve slot %u [%#llx,+%#llx) color %lu -> %s\n", op->slot,
		 (unsigned long long)op->start, (unsigned long long)op->size, op->color,
		 ret ? "ENOSPC" : "ok");
	if (ret != want)
		return fz_fail(res, 1, "reserve [%#llx,+%#llx) color %lu: mm %d, shadow %d",
			       (unsigned long long)op->start, (unsigned long long)op->size,
			       op->color, ret, want);
	f->live[op->slot] = !ret;
	return 0;
}

static void mmf_remove(struct mmf *f, u32 slot, const struct fuzz_opts *o)
{
	fz_trace(o, "remove slot %u [%#llx,+%#llx)\n", slot,
		 (unsigned long long)f->node[slot].start, (unsigned long long)f->node[slot].size);
	mm_remove_node(&f->node[slot]);
	model_remove(&f->sh, slot);
	f->live[slot] = false;
}

static u32 mmf_slot_of(struct mmf *f, const struct mm_node *n)
{
	return (u32)(n - f->node);
}

/*
 * Scan: offer live nodes until a hit, unwind; the allocator must be
 * unchanged (§8).  With @evict: remove the selected victims (and the colour
 * victims), then an EVICT insert of the same request must succeed.
 */
static int mmf_scan(struct mmf *f, const struct mmf_op *op, const struct fuzz_opts *o,
		    struct fuzz_result *res)
{
	struct mm_scan scan;
	u32 roster[MMF_SLOTS], nr = 0, victims[MMF_SLOTS], nv = 0;
	bool hit = false;
	int ret;

	if (op->rs >= op->re || op->size == 0 || op->size > op->re - op->rs)
		return 0;	/* debug-checked preconditions: not a valid call */
	fz_trace(o, "scan size %#llx align %#llx color %lu range [%#llx,%#llx) %s%s evict %d\n",
		 (unsigned long long)op->size, (unsigned long long)op->align, op->color,
		 (unsigned long long)op->rs, (unsigned long long)op->re, mode_name(op->mode),
		 op->mode & MM_INSERT_ONCE ? "+once" : "", op->evict);
	mm_scan_init_with_range(&scan, &f->mm, op->size, op->align, op->color, op->rs, op->re,
				op->mode);
	for (u32 j = 0; j < MMF_SLOTS && !hit; j++) {
		u32 i = (op->first + j) % MMF_SLOTS;

		if (!f->live[i])
			continue;
		roster[nr++] = i;
		hit = mm_scan_add_block(&scan, &f->node[i]);
	}
	while (nr--)
		if (mm_scan_remove_block(&scan, &f->node[roster[nr]]))
			victims[nv++] = roster[nr];
	if (!hit && nv)
		return fz_fail(res, 3, "scan without a hit selected %u victims", nv);
	ret = mmf_compare(f, res);
	if (ret || !hit || !op->evict)
		return ret;
	for (u32 i = 0; i < nv; i++)
		mmf_remove(f, victims[i], o);
	for (u32 k = 0; k < MMF_SLOTS; k++) {
		struct mm_node *n = mm_scan_color_evict(&scan);

		if (!n)
			break;
		if (n < f->node || n >= f->node + MMF_SLOTS || !f->live[mmf_slot_of(f, n)])
			return fz_fail(res, 3, "scan colour victim is not a live node");
		mmf_remove(f, mmf_slot_of(f, n), o);
	}
	if (f->live[op->slot])
		return 0;
	{
		struct mmf_op ins = *op;

		ins.mode = MM_INSERT_EVICT;
		ret = mmf_insert(f, &ins, o, res);
		if (!ret && !f->live[op->slot])
			return fz_fail(res, 3, "scan hit, victims evicted, EVICT insert failed");
	}
	return ret;
}

static int mmf_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct fz_stream s;
	struct mmf *f;
	struct mmf_op op;
	u64 start, size;
	bool colors;
	int ret = 0;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	fz_init(&s, data, len);
	mmf_header(&s, &start, &size, &colors);
	if (s.eof)
		goto out;
	mm_init(&f->mm, start, size);
	if (colors)
		f->mm.color_adjust = mmf_color_adjust;
	mmf_cur = f;
	model_init(&f->sh, start, size);
	f->sh.color_sep = colors;
	f->sh.plant = o && o->plant == FUZZ_PLANT_MODEL;
	fz_trace(o, "init [%#llx,%#llx)%s\n", (unsigned long long)start,
		 (unsigned long long)(start + size), colors ? " colours" : "");
	while (!ret && fz_left(&s) && mmf_decode(&s, start, size, &op)) {
		/* Calls whose preconditions do not hold are not made (nor counted). */
		if ((op.kind == MMF_REMOVE) == !f->live[op.slot] && op.kind != MMF_SCAN)
			continue;
		res->ops++;
		switch (op.kind) {
		case MMF_INSERT:
			ret = mmf_insert(f, &op, o, res);
			break;
		case MMF_RESERVE:
			ret = mmf_reserve(f, &op, o, res);
			break;
		case MMF_REMOVE:
			mmf_remove(f, op.slot, o);
			break;
		default:
			ret = mmf_scan(f, &op, o, res);
			break;
		}
		if (!ret)
			ret = mmf_compare(f, res);
	}
	/* Remove everything: one hole, the whole range. */
	for (u32 i = 0; !ret && i < MMF_SLOTS; i++)
		if (f->live[i]) {
			mm_remove_node(&f->node[i]);
			model_remove(&f->sh, i);
			f->live[i] = false;
			ret = mmf_compare(f, res);
		}
	if (!ret && (f->mm.nr_holes != 1 || f->mm.free_bytes != size))
		ret = fz_fail(res, 4, "after removing every node: %llu holes, %#llx free",
			      (unsigned long long)f->mm.nr_holes,
			      (unsigned long long)f->mm.free_bytes);
	mm_discard(&f->mm);	/* after a failure, nodes are still in it */
	mmf_cur = NULL;
	fz_trace(o, "# %llu LOW/HIGH+ONCE inserts answered ENOSPC where plain LOW/HIGH fits\n",
		 (unsigned long long)f->once_enospc);
out:
	model_fini(&f->sh);
	free(f);
	return ret;
}

static size_t mmf_split(const u8 *data, size_t len, size_t *bounds, size_t max)
{
	return fz_split_ops(data, len, MMF_HEADER, mmf_skip, bounds, max);
}

static size_t mmf_generate(struct xrand *r, u8 *buf, size_t cap)
{
	size_t len = MMF_HEADER + (size_t)xrand_below(r, cap - MMF_HEADER + 1);

	fz_random_fill(r, buf, len);
	/* Mostly small allocators, where collisions and ties are frequent. */
	if (xrand_chance(r, 1, 2))
		buf[0] = 0;
	return len;
}

const struct fuzz_target fuzz_target_mm = {
	.name = "mm",
	.summary = "drm_mm allocator vs a sorted-hole-list shadow model, mm_check after every op",
	.max_len = 4096,
	.run = mmf_run,
	.split = mmf_split,
	.generate = mmf_generate,
};
