// SPDX-License-Identifier: MIT
/*
 * target_heap.c - the alloc/heap fuzz target: chunks, chunk addresses,
 * DEV BO allocation and free, pins, caller references, hwctx attachments
 * and SYNC_BO ranges in every design (HEAD, PR1233, INTERIM) and address
 * mode, with heap_check() after every operation.
 *
 * The shadow keeps committed/live accounting and a 4 KiB-granularity bitmap
 * of the aperture.  It predicts exactly what docs/heap.md fixes without
 * knowing placement: chunk_add's errno and address; PAGE_ALIGN(size) = 0 and
 * size > max → -EINVAL; a placed BO is 32 KiB aligned, PAGE_ALIGN(request)
 * long, inside the committed chunks and on pages the bitmap has free; the
 * spanned chunks are usable in the mode (HEAD PASID: valid, contiguous uvas;
 * HEAD IOVA: DMA addresses); -ENOSPC only when no aligned free run exists
 * (BEST is complete: in the committed bytes for PR/INTERIM at max, in the
 * whole aperture for HEAD); PR1233's -EAGAIN only below max, HEAD's only
 * where an aligned run exists, PR/INTERIM's "not committed" only where none
 * fits in the committed bytes; -EFAULT only in INTERIM.  Usage, BO count, caller refs and
 * pins, attachment counts, sync ranges and the metrics (holes, free bytes,
 * largest hole, alignment waste: from the bitmap's free runs) are compared
 * after every operation; each BO's first and last 8 bytes hold a tag written
 * at allocation and read back at free.  This is the one oracle of alloc/heap
 * (the Check tests run this engine with seeds).
 */
#include "fuzz/stream.h"
#include "alloc/heap.h"
#include "alloc/heap_metrics.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HF_SLOTS 48
#define HF_ATT 2
#define HF_HEADER 4
#define HF_PAGE 4096ULL
#define HF_ALIGN 0x8000ULL
#define HF_M64 (64ULL << 20)
#define HF_UVA_BASE 0x7f0000000000ULL
#define HF_DMA_BASE 0x7fff00000000ULL

struct hf_shadow {
	u64 base, max, committed, usage, requested;
	u32 nchunks, nbos;
	u64 csize[HEAP_MAX_CHUNKS];
	u64 uva[HEAP_MAX_CHUNKS];
	u64 dma[HEAP_MAX_CHUNKS];
	u32 ext_refs[HEAP_MAX_CHUNKS];
	u32 ext_pins[HEAP_MAX_CHUNKS];
	u32 att_count[HF_ATT];
	bool att_reg[HF_ATT];
	u64 bo_start[HF_SLOTS], bo_size[HF_SLOTS];
	bool live[HF_SLOTS];
	u64 *bits;		/* one bit per 4 KiB page of [base, base + max) */
	bool plant;		/* FUZZ_PLANT_MODEL: frees forget to clear the bitmap */
};

struct hf {
	struct heap *heap;
	struct heap_bo bo[HF_SLOTS];
	struct heap_attach att[HF_ATT];
	enum drv_rev rev;
	enum addr_mode mode;
	const struct heap_profile *prof;
	struct hf_shadow sh;
};

static bool bit_get(const struct hf_shadow *sh, u64 page)
{
	return sh->bits[page / 64] >> (page % 64) & 1;
}

static void bit_set(struct hf_shadow *sh, u64 page, bool v)
{
	if (v)
		sh->bits[page / 64] |= 1ULL << (page % 64);
	else
		sh->bits[page / 64] &= ~(1ULL << (page % 64));
}

/*
 * The free runs of the bitmap in [base, base + limit): their number, bytes,
 * the largest, the alignment waste (runs that hold no 32 KiB aligned page)
 * and whether one holds a 32 KiB aligned run of @size bytes (0: none asked).
 * Words that are all used or all free are skipped whole.
 */
struct hf_runs {
	u32 n;
	u64 total, largest, waste;
	bool fits;
};

static void sh_runs(const struct hf_shadow *sh, u64 limit, u64 size, struct hf_runs *r)
{
	u64 np = limit / HF_PAGE, p = 0, per = HF_ALIGN / HF_PAGE;

	memset(r, 0, sizeof(*r));
	while (p < np) {
		u64 s, a;

		while (p < np && bit_get(sh, p))
			p += p % 64 == 0 && sh->bits[p / 64] == ~0ULL ? 64 : 1;
		s = p;
		while (p < np && !bit_get(sh, p))
			p += p % 64 == 0 && !sh->bits[p / 64] && p + 64 <= np ? 64 : 1;
		if (p == s)
			break;
		a = (s + per - 1) / per * per;
		r->n++;
		r->total += (p - s) * HF_PAGE;
		if ((p - s) * HF_PAGE > r->largest)
			r->largest = (p - s) * HF_PAGE;
		if (a >= p)
			r->waste += (p - s) * HF_PAGE;
		else if (size && (p - a) * HF_PAGE >= size)
			r->fits = true;
	}
}

/* Is there a 32 KiB aligned run of @size free bytes in [base, base + limit)? */
static bool sh_has_run(const struct hf_shadow *sh, u64 limit, u64 size)
{
	struct hf_runs r;

	sh_runs(sh, limit, size, &r);
	return r.fits;
}

/* A BO's content tag: written at both ends on alloc, read back on free. */
static u64 bo_tag(const struct heap_bo *bo)
{
	return bo->start * 0x9e3779b97f4a7c15ULL ^ bo->req_size;
}

static u64 page_align(u64 size)
{
	return (size + HF_PAGE - 1) & ~(HF_PAGE - 1);
}

static u32 sh_chunk_of(const struct hf_shadow *sh, u64 addr)
{
	u64 a = sh->base;
	u32 i;

	for (i = 0; i < sh->nchunks; i++) {
		if (addr < a + sh->csize[i])
			return i;
		a += sh->csize[i];
	}
	return i;
}

static u64 sh_chunk_addr(const struct hf_shadow *sh, u32 idx)
{
	u64 a = sh->base;

	for (u32 i = 0; i < idx; i++)
		a += sh->csize[i];
	return a;
}

/* ---------------------------------------------------------------------- */

struct hf_op {
	u8 code;
	u32 slot;
	u32 idx;
	u64 size;
	u64 offset;
	u8 sel;
};

#define HF_NOPS 12

static bool hf_decode(struct fz_stream *s, struct hf_op *op)
{
	op->code = fz_u8(s) % HF_NOPS;
	op->slot = fz_below(s, HF_SLOTS);
	op->idx = fz_below(s, 10);
	op->sel = fz_u8(s);
	op->size = fz_scaled(s, 512ULL << 20);
	op->offset = fz_scaled(s, 1ULL << 20);
	return !s->eof;
}

static bool hf_skip(struct fz_stream *s)
{
	struct hf_op op;

	return hf_decode(s, &op);
}

/* Sizes with a bias towards small BOs, page and chunk multiples. */
static u64 hf_bo_size(const struct hf_op *op)
{
	switch (op->sel % 6) {
	case 0:
		return 1 + op->size % 0x10000;
	case 1:
		return (1 + op->size % 64) * HF_PAGE;
	case 2:
		return (1 + op->size % 16) * (8ULL << 20);
	case 3:
		return op->size % (600ULL << 20);
	default:
		return op->size;
	}
}

static u64 hf_chunk_size(const struct hf_op *op)
{
	switch (op->sel % 8) {
	case 0: case 1: case 2: case 3:
		return HF_M64;
	case 4:
		return 2 * HF_M64;
	case 5:
		return 0;
	case 6:
		return HF_M64 / 2 + HF_M64 * (op->size % 3);
	default:
		return op->size;
	}
}

static int hf_chunk_add(struct hf *f, const struct hf_op *op, const struct fuzz_opts *o,
			struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	u64 size = hf_chunk_size(op);
	u32 idx = ~0u;
	int ret, want;

	ret = heap_chunk_add(f->heap, size, &idx);
	if (size == 0 || size % HF_M64)
		want = -EINVAL;
	else if (f->rev == REV_856409CA && !f->prof->has_heap_expand && sh->nchunks)
		want = -EOPNOTSUPP;
	else if (sh->committed + size > sh->max || sh->committed + size < size)
		want = -ENOSPC;
	else
		want = 0;
	fz_trace(o, "chunk %#llx -> %d\n", (unsigned long long)size, ret);
	if (ret != want)
		return fz_fail(res, 1, "chunk_add %#llx: heap %d, shadow %d",
			       (unsigned long long)size, ret, want);
	if (ret)
		return 0;
	if (idx != sh->nchunks || heap_chunk_addr(f->heap, idx) != sh->base + sh->committed ||
	    heap_chunk_size(f->heap, idx) != size)
		return fz_fail(res, 1, "chunk_add: index %u at %#llx, shadow %u at %#llx", idx,
			       (unsigned long long)heap_chunk_addr(f->heap, idx), sh->nchunks,
			       (unsigned long long)(sh->base + sh->committed));
	sh->csize[sh->nchunks] = size;
	sh->uva[sh->nchunks] = HEAP_INVALID_ADDR;
	sh->dma[sh->nchunks] = HEAP_INVALID_ADDR;
	sh->nchunks++;
	sh->committed += size;
	return 0;
}

/* Map (sel: contiguous slot, a shifted slot, or invalid) or unmap chunk idx. */
static int hf_map(struct hf *f, const struct hf_op *op, bool unmap, const struct fuzz_opts *o,
		  struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	u32 i = op->idx;
	u64 uva, dma;
	int r1, r2;

	if (i >= sh->nchunks)
		return 0;
	uva = HF_UVA_BASE + (sh_chunk_addr(sh, i) - sh->base);
	dma = HF_DMA_BASE - (u64)(i + 1) * HF_M64 * 2;
	if (!unmap && op->sel % 4 == 3)
		uva += HF_M64 * 8;	/* not contiguous with its neighbours */
	if (unmap)
		uva = dma = HEAP_INVALID_ADDR;
	r1 = heap_chunk_set_uva(f->heap, i, uva);
	r2 = heap_chunk_set_dma_addr(f->heap, i, dma);
	fz_trace(o, "%s %u uva %#llx dma %#llx -> %d %d\n", unmap ? "unmap" : "map", i,
		 (unsigned long long)uva, (unsigned long long)dma, r1, r2);
	if (r1 || r2)
		return fz_fail(res, 3, "set_uva/dma of chunk %u: %d %d", i, r1, r2);
	sh->uva[i] = uva;
	sh->dma[i] = dma;
	return 0;
}

/* The HEAD placement rules a placed BO must satisfy in its mode. */
static int hf_check_usable(struct hf *f, u32 first, u32 last, struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;

	for (u32 i = first; i <= last; i++) {
		if (f->mode == ADDR_PASID && sh->uva[i] == HEAP_INVALID_ADDR)
			return fz_fail(res, 1, "BO placed on chunk %u without a uva (PASID)", i);
		if (f->mode == ADDR_PASID && i > first &&
		    sh->uva[i] != sh->uva[i - 1] + sh->csize[i - 1])
			return fz_fail(res, 1, "BO spans chunks %u..%u with non-contiguous uvas",
				       i - 1, i);
		if (f->mode == ADDR_IOVA && sh->dma[i] == HEAP_INVALID_ADDR)
			return fz_fail(res, 1, "BO placed on chunk %u without a DMA address", i);
	}
	return 0;
}

static int hf_alloc(struct hf *f, const struct hf_op *op, const struct fuzz_opts *o,
		    struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	struct heap_bo *bo = &f->bo[op->slot];
	u64 req = hf_bo_size(op), size = page_align(req);
	u32 first, last;
	int ret;

	if (sh->live[op->slot]) {
		ret = heap_bo_alloc(f->heap, bo, req);
		if (ret != -EBUSY)
			return fz_fail(res, 3, "alloc on a live BO returned %d, not -EBUSY", ret);
		return 0;
	}
	ret = heap_bo_alloc(f->heap, bo, req);
	fz_trace(o, "alloc slot %u %#llx -> %d %#llx\n", op->slot, (unsigned long long)req, ret,
		 (unsigned long long)(ret ? 0 : bo->start));
	if (ret && ret != -EINVAL && ret != -EAGAIN && ret != -ENOSPC && ret != -EFAULT)
		return fz_fail(res, 3, "alloc %#llx returned %d", (unsigned long long)req, ret);
	if (size == 0 && ret != -EINVAL)
		return fz_fail(res, 1, "alloc %#llx (page-aligned 0): %d, want -EINVAL",
			       (unsigned long long)req, ret);
	if (size > sh->max && (sh->nchunks || f->rev != REV_856409CA) && ret != -EINVAL)
		return fz_fail(res, 1, "alloc %#llx above max %#llx: %d, want -EINVAL",
			       (unsigned long long)req, (unsigned long long)sh->max, ret);
	if (!sh->nchunks && f->rev != REV_856409CA && ret != -EINVAL)
		return fz_fail(res, 1, "alloc without a chunk (PR/INTERIM): %d, want -EINVAL", ret);
	if (ret == -ENOSPC) {
		u64 limit = f->rev == REV_856409CA ? sh->max : sh->committed;

		if (f->rev != REV_856409CA && sh->committed < sh->max)
			return fz_fail(res, 1, "-ENOSPC below max (PR/INTERIM must say -EAGAIN)");
		if (sh_has_run(sh, limit, size))
			return fz_fail(res, 1, "-ENOSPC for %#llx but an aligned free run exists",
				       (unsigned long long)size);
	}
	if (ret == -EAGAIN && f->rev == REV_PR1233 && sh->committed >= sh->max)
		return fz_fail(res, 1, "PR1233 -EAGAIN at max");
	/* HEAD waits for a chunk only where an aligned run exists in the aperture. */
	if (ret == -EAGAIN && f->rev == REV_856409CA && !sh_has_run(sh, sh->max, size))
		return fz_fail(res, 1, "HEAD -EAGAIN for %#llx with no aligned free run",
			       (unsigned long long)size);
	if (ret == -EAGAIN && f->rev != REV_856409CA &&
	    heap_last_reason(f->heap) == HEAP_R_NOT_COMMITTED && sh_has_run(sh, sh->committed, size))
		return fz_fail(res, 1, "-EAGAIN (not committed) but %#llx fits in the committed bytes",
			       (unsigned long long)size);
	if (ret == -EINVAL && f->rev == REV_856409CA && size && size <= sh->max &&
	    heap_last_reason(f->heap) != HEAP_R_UVA_NONCONTIG)
		return fz_fail(res, 1, "HEAD -EINVAL for %#llx: not the non-contiguous uvas",
			       (unsigned long long)size);
	if (ret == -EFAULT && f->rev != REV_PR1279)
		return fz_fail(res, 3, "-EFAULT outside INTERIM");
	if (ret)
		return 0;
	if (bo->size != size || bo->req_size != req || bo->start % HF_ALIGN ||
	    bo->start < sh->base || bo->start + size > sh->base + sh->committed)
		return fz_fail(res, 1, "BO [%#llx,+%#llx) req %#llx: not aligned, not %#llx long "
			       "or outside the %#llx committed bytes",
			       (unsigned long long)bo->start, (unsigned long long)bo->size,
			       (unsigned long long)req, (unsigned long long)size,
			       (unsigned long long)sh->committed);
	for (u64 p = (bo->start - sh->base) / HF_PAGE; p < (bo->start - sh->base + size) / HF_PAGE;
	     p++) {
		if (bit_get(sh, p))
			return fz_fail(res, 1, "BO [%#llx,+%#llx) overlaps a used page at %#llx",
				       (unsigned long long)bo->start, (unsigned long long)size,
				       (unsigned long long)(sh->base + p * HF_PAGE));
		bit_set(sh, p, true);
	}
	first = sh_chunk_of(sh, bo->start);
	last = sh_chunk_of(sh, bo->start + size - 1);
	if (bo->start_id != first || bo->end_id != last)
		return fz_fail(res, 1, "BO chunks %u..%u, shadow %u..%u", bo->start_id, bo->end_id,
			       first, last);
	if (f->rev == REV_856409CA) {
		ret = hf_check_usable(f, first, last, res);
		if (ret)
			return ret;
	} else if (sh->uva[0] == HEAP_INVALID_ADDR) {
		return fz_fail(res, 1, "PR/INTERIM placed a BO while chunk 0 has no uva");
	}
	if (heap_bo_write(f->heap, bo, 0, &(u64){ bo_tag(bo) }, 8) ||
	    heap_bo_write(f->heap, bo, size - 8, &(u64){ ~bo_tag(bo) }, 8))
		return fz_fail(res, 3, "cannot write the ends of BO [%#llx,+%#llx)",
			       (unsigned long long)bo->start, (unsigned long long)size);
	sh->live[op->slot] = true;
	sh->bo_start[op->slot] = bo->start;
	sh->bo_size[op->slot] = size;
	sh->usage += size;
	sh->requested += req;
	sh->nbos++;
	return 0;
}

static int hf_free(struct hf *f, u32 slot, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	const struct heap_bo *bo = &f->bo[slot];
	u64 head = 0, tail = 0;
	int ret;

	/* Other BOs' allocations and frees left its bytes alone. */
	if (heap_bo_read(f->heap, bo, 0, &head, 8) || heap_bo_read(f->heap, bo, bo->size - 8, &tail, 8) ||
	    head != bo_tag(bo) || tail != ~bo_tag(bo))
		return fz_fail(res, 1, "BO [%#llx,+%#llx) lost its contents",
			       (unsigned long long)bo->start, (unsigned long long)bo->size);
	ret = heap_bo_free(f->heap, &f->bo[slot]);
	fz_trace(o, "free slot %u -> %d\n", slot, ret);
	if (ret)
		return fz_fail(res, 3, "free of a live BO returned %d", ret);
	if (!sh->plant)
		for (u64 p = (sh->bo_start[slot] - sh->base) / HF_PAGE;
		     p < (sh->bo_start[slot] - sh->base + sh->bo_size[slot]) / HF_PAGE; p++)
			bit_set(sh, p, false);
	sh->live[slot] = false;
	sh->usage -= sh->bo_size[slot];
	sh->requested -= f->bo[slot].req_size;
	sh->nbos--;
	return 0;
}

/* Caller references and pins: never below zero. */
static int hf_ref(struct hf *f, const struct hf_op *op, const struct fuzz_opts *o,
		  struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	u32 i = op->idx, kind = op->sel % 4;
	int ret, want = 0;

	if (i >= sh->nchunks)
		return 0;
	switch (kind) {
	case 0:
		ret = heap_chunk_get(f->heap, i);
		sh->ext_refs[i]++;
		break;
	case 1:
		ret = heap_chunk_put(f->heap, i);
		if (sh->ext_refs[i])
			sh->ext_refs[i]--;
		else
			want = -EINVAL;
		break;
	case 2:
		ret = heap_chunk_pin(f->heap, i);
		sh->ext_pins[i]++;
		break;
	default:
		ret = heap_chunk_unpin(f->heap, i);
		if (sh->ext_pins[i])
			sh->ext_pins[i]--;
		else
			want = -EINVAL;
		break;
	}
	fz_trace(o, "chunk %u %s -> %d\n", i, (const char *[]){ "get", "put", "pin", "unpin" }[kind],
		 ret);
	if (ret != want)
		return fz_fail(res, 1, "chunk %u ref op %u: heap %d, shadow %d", i, kind, ret, want);
	return 0;
}

static int hf_attach(struct hf *f, const struct hf_op *op, const struct fuzz_opts *o,
		     struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	u32 a = op->idx % HF_ATT, kind = op->sel % 6;
	struct heap_attach *att = &f->att[a];
	u64 fw = 0;
	int ret, want = 0;

	switch (kind) {
	case 0:
		ret = heap_attach_register(f->heap, att, a + 1);
		want = sh->att_reg[a] ? -EBUSY : 0;
		if (!want)
			sh->att_reg[a] = true;
		break;
	case 1:
	case 2:
		ret = heap_attach_next(f->heap, att, &fw);
		if (!sh->att_reg[a])
			want = -EINVAL;
		else if (sh->att_count[a] >= sh->nchunks)
			want = -ENOENT;
		else
			sh->att_count[a]++;
		break;
	case 3:
		ret = heap_attach_drop_last(f->heap, att);
		if (!sh->att_reg[a] || !sh->att_count[a])
			return 0;	/* unspecified errno: not compared */
		sh->att_count[a]--;
		break;
	case 4:
		if (!sh->att_reg[a])
			return 0;
		heap_attach_release_all(f->heap, att);
		sh->att_count[a] = 0;
		ret = 0;
		break;
	default:
		ret = heap_attach_unregister(f->heap, att);
		if (!sh->att_reg[a])
			want = -EINVAL;
		else if (sh->att_count[a])
			want = -EBUSY;
		else
			sh->att_reg[a] = false;
		break;
	}
	fz_trace(o, "attach %u op %u -> %d\n", a, kind, ret);
	if (ret != want)
		return fz_fail(res, 1, "attachment %u op %u: heap %d, shadow %d", a, kind, ret, want);
	if (sh->att_reg[a] && heap_attach_count(att) != sh->att_count[a])
		return fz_fail(res, 1, "attachment %u holds %u chunks, shadow %u", a,
			       heap_attach_count(att), sh->att_count[a]);
	return 0;
}

/* SYNC_BO ranges: inside the BO's chunks, errno by design. */
static int hf_sync(struct hf *f, const struct hf_op *op, const struct fuzz_opts *o,
		   struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	struct heap_flush fl[HEAP_MAX_CHUNKS];
	u64 bsize, off = op->offset, size = op->size, total = 0;
	u32 nr = 0;
	int ret, want = 0;

	if (!sh->live[op->slot])
		return 0;
	bsize = sh->bo_size[op->slot];
	if (op->sel & 1)
		size %= bsize + 1;
	ret = heap_bo_sync_ranges(f->heap, &f->bo[op->slot], off, size, fl, HEAP_MAX_CHUNKS, &nr);
	if (f->rev != REV_856409CA && size && (off > bsize || size > bsize - off))
		want = -EINVAL;
	fz_trace(o, "sync slot %u off %#llx size %#llx -> %d (%u ranges)\n", op->slot,
		 (unsigned long long)off, (unsigned long long)size, ret, nr);
	if (ret != want)
		return fz_fail(res, 1, "sync off %#llx size %#llx of a %#llx BO: heap %d, shadow %d",
			       (unsigned long long)off, (unsigned long long)size,
			       (unsigned long long)bsize, ret, want);
	for (u32 k = 0; !ret && k < nr; k++) {
		if (fl[k].chunk >= sh->nchunks || fl[k].offset + fl[k].len < fl[k].offset ||
		    fl[k].offset + fl[k].len > sh->csize[fl[k].chunk] ||
		    fl[k].chunk < f->bo[op->slot].start_id || fl[k].chunk > f->bo[op->slot].end_id)
			return fz_fail(res, 1, "sync range %u: chunk %u [%#llx,+%#llx) outside the "
				       "BO's chunks", k, fl[k].chunk,
				       (unsigned long long)fl[k].offset,
				       (unsigned long long)fl[k].len);
		total += fl[k].len;
	}
	if (!ret && f->rev != REV_856409CA && total != size)
		return fz_fail(res, 1, "PR sync of %#llx bytes flushed %#llx",
			       (unsigned long long)size, (unsigned long long)total);
	return 0;
}

/* Accounting and per-chunk counters against the shadow, then heap_check. */
static int hf_compare(struct hf *f, struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;
	struct heap_check_result hr;
	struct heap_chunk_info ci;
	struct heap_metrics m;
	struct hf_runs r;

	if (heap_check_detail(f->heap, &hr))
		return fz_fail(res, 2, "heap_check: %s", hr.why);
	/* The incremental metrics against the bitmap's free runs. */
	heap_metrics_get(f->heap, &m);
	sh_runs(sh, sh->committed, 0, &r);
	if (m.holes != r.n || m.free != r.total || m.largest_free != r.largest ||
	    m.align_waste != r.waste)
		return fz_fail(res, 1, "metrics: holes %u free %#llx largest %#llx waste %#llx; "
			       "bitmap %u %#llx %#llx %#llx", m.holes, (unsigned long long)m.free,
			       (unsigned long long)m.largest_free, (unsigned long long)m.align_waste,
			       r.n, (unsigned long long)r.total, (unsigned long long)r.largest,
			       (unsigned long long)r.waste);
	if (heap_committed(f->heap) != sh->committed || heap_nr_chunks(f->heap) != sh->nchunks ||
	    heap_usage(f->heap) != sh->usage || heap_requested(f->heap) != sh->requested ||
	    heap_nr_bos(f->heap) != sh->nbos)
		return fz_fail(res, 1, "accounting: committed %#llx chunks %u usage %#llx "
			       "requested %#llx bos %u; shadow %#llx %u %#llx %#llx %u",
			       (unsigned long long)heap_committed(f->heap), heap_nr_chunks(f->heap),
			       (unsigned long long)heap_usage(f->heap),
			       (unsigned long long)heap_requested(f->heap), heap_nr_bos(f->heap),
			       (unsigned long long)sh->committed, sh->nchunks,
			       (unsigned long long)sh->usage, (unsigned long long)sh->requested,
			       sh->nbos);
	for (u32 i = 0; i < sh->nchunks; i++) {
		if (heap_chunk_info(f->heap, i, &ci))
			return fz_fail(res, 3, "chunk_info %u failed", i);
		if (ci.ext_refs != sh->ext_refs[i] || ci.ext_pins != sh->ext_pins[i])
			return fz_fail(res, 1, "chunk %u caller refs/pins %u/%u, shadow %u/%u", i,
				       ci.ext_refs, ci.ext_pins, sh->ext_refs[i], sh->ext_pins[i]);
	}
	for (u32 s = 0; s < HF_SLOTS; s++)
		if (sh->live[s] && (!heap_bo_live(&f->bo[s]) || f->bo[s].start != sh->bo_start[s]))
			return fz_fail(res, 1, "BO slot %u moved or died", s);
	return 0;
}

static void hf_header(struct fz_stream *s, struct hf *f)
{
	u8 d = fz_u8(s), m = fz_u8(s), p = fz_u8(s);

	fz_u8(s);	/* reserved */
	f->rev = (enum drv_rev)(d % 3);
	f->mode = (enum addr_mode)(m % 3);
	f->prof = heap_profile_find(p % 8 == 0 ? "npu1" : p % 8 == 1 ? "aie4" : "npu4");
}

/* Release everything the run holds; the heap must end clean. */
static int hf_teardown(struct hf *f, int ret, struct fuzz_result *res)
{
	struct hf_shadow *sh = &f->sh;

	for (u32 s = 0; s < HF_SLOTS; s++) {
		if (sh->live[s] && !ret)
			ret = hf_free(f, s, NULL, res);
		else if (heap_bo_live(&f->bo[s]))
			heap_bo_free(f->heap, &f->bo[s]);	/* after a failure */
		sh->live[s] = false;
	}
	for (u32 a = 0; a < HF_ATT; a++)
		if (sh->att_reg[a]) {
			heap_attach_release_all(f->heap, &f->att[a]);
			heap_attach_unregister(f->heap, &f->att[a]);
		}
	for (u32 i = 0; i < sh->nchunks; i++) {
		while (sh->ext_refs[i]--)
			heap_chunk_put(f->heap, i);
		while (sh->ext_pins[i]--)
			heap_chunk_unpin(f->heap, i);
		sh->ext_refs[i] = sh->ext_pins[i] = 0;
	}
	memset(sh->att_reg, 0, sizeof(sh->att_reg));
	if (!ret)
		ret = hf_compare(f, res);
	if (!ret && (!heap_clean(f->heap) || heap_usage(f->heap)))
		ret = fz_fail(res, 4, "heap not clean after freeing everything");
	return ret;
}

/* Operations on chunks or BOs that do not exist are not made (nor counted). */
static bool hf_applicable(const struct hf *f, const struct hf_op *op)
{
	switch (op->code) {
	case 2: case 3: case 9:
		return op->idx < f->sh.nchunks;
	case 7: case 8: case 11:
		return f->sh.live[op->slot];
	default:
		return true;
	}
}

static int hf_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct heap_config cfg = { 0 };
	struct fz_stream s;
	struct hf_op op;
	struct hf *f;
	int ret = 0;

	fz_init(&s, data, len);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	hf_header(&s, f);
	if (s.eof || !f->prof)
		goto out;
	cfg.profile = f->prof;
	cfg.rev = f->rev;
	cfg.mode = f->mode;
	if (heap_create(&cfg, &f->heap))
		goto out;
	f->sh.base = f->prof->base;
	f->sh.max = f->prof->max_size;
	f->sh.plant = o->plant == FUZZ_PLANT_MODEL;
	f->sh.bits = calloc(f->sh.max / HF_PAGE / 64 + 1, sizeof(u64));
	if (!f->sh.bits)
		goto out_heap;
	fz_trace(o, "heap %s %s %s\n", f->prof->name, drv_rev_name(f->rev),
		 addr_mode_name(f->mode));
	while (!ret && fz_left(&s) && hf_decode(&s, &op)) {
		if (!hf_applicable(f, &op))
			continue;
		res->ops++;
		switch (op.code) {
		case 0:
		case 1:
			ret = hf_chunk_add(f, &op, o, res);
			break;
		case 2:
			ret = hf_map(f, &op, false, o, res);
			break;
		case 3:
			ret = hf_map(f, &op, true, o, res);
			break;
		case 4:
		case 5:
		case 6:
			ret = hf_alloc(f, &op, o, res);
			break;
		case 7:
		case 8:
			if (f->sh.live[op.slot])
				ret = hf_free(f, op.slot, o, res);
			break;
		case 9:
			ret = hf_ref(f, &op, o, res);
			if (!ret && f->sh.live[op.slot] && op.sel & 0x80) {
				ret = heap_bo_pin(f->heap, &f->bo[op.slot]);
				fz_trace(o, "pin slot %u -> %d\n", op.slot, ret);
				if (ret)
					ret = fz_fail(res, 3, "pin of a live BO returned %d", ret);
			}
			break;
		case 10:
			ret = hf_attach(f, &op, o, res);
			break;
		default:
			ret = hf_sync(f, &op, o, res);
			break;
		}
		if (!ret)
			ret = hf_compare(f, res);
	}
	ret = hf_teardown(f, ret, res);
	free(f->sh.bits);
out_heap:
	heap_destroy(f->heap);
out:
	free(f);
	return ret;
}

static size_t hf_split(const u8 *data, size_t len, size_t *bounds, size_t max)
{
	return fz_split_ops(data, len, HF_HEADER, hf_skip, bounds, max);
}

static size_t hf_generate(struct xrand *r, u8 *buf, size_t cap)
{
	size_t len = HF_HEADER + (size_t)xrand_below(r, cap - HF_HEADER + 1);

	fz_random_fill(r, buf, len);
	return len;
}

const struct fuzz_target fuzz_target_heap = {
	.name = "heap",
	.summary = "device heap in every design and mode vs accounting and a 4 KiB bitmap",
	.max_len = 4096,
	.run = hf_run,
	.split = hf_split,
	.generate = hf_generate,
};
