// SPDX-License-Identifier: MIT
/*
 * heap_check.c - the heap's invariant checker (docs/driver/heap.md §11, numbered as in
 * alloc/heap.h).  Every check recomputes its expectation from primary state
 * (the chunk array, the allocator's nodes, the attachment list) and compares
 * it with what the heap keeps, so a bookkeeping slip anywhere shows up with
 * the invariant's number and the offending object.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc/heap_priv.h"

static void res_reset(struct heap_check_result *res)
{
	res->inv = -1;
	res->chunk = -1;
	res->bo_start = HEAP_INVALID_ADDR;
	res->attach_id = -1;
	res->why[0] = '\0';
}

__attribute__((format(printf, 6, 7))) static int
violation(struct heap_check_result *res, int inv, s64 chunk, u64 bo_start, s64 attach_id,
	  const char *fmt, ...)
{
	va_list ap;
	int n;

	res->inv = inv;
	res->chunk = chunk;
	res->bo_start = bo_start;
	res->attach_id = attach_id;
	n = snprintf(res->why, sizeof(res->why), "heap.I%d ", inv);
	if (n < 0 || (size_t)n >= sizeof(res->why))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(res->why + n, sizeof(res->why) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EUCLEAN;
}

#define NO_CHUNK (-1)
#define NO_BO HEAP_INVALID_ADDR
#define NO_ATT (-1)

/* I1, I2: chunk geometry and the append-only registry. */
static int check_chunks(const struct heap *heap, struct heap_check_result *res)
{
	u64 expect = heap->prof.base, sum = 0;

	if (heap->nr_chunks > HEAP_MAX_CHUNKS || heap->nr_chunks != heap->chunks_added)
		return violation(res, 2, NO_CHUNK, NO_BO, NO_ATT,
				 "registry: %u chunks present, %u ever added", heap->nr_chunks,
				 heap->chunks_added);
	for (u32 i = 0; i < heap->nr_chunks; i++) {
		const struct heap_chunk *c = &heap->chunks[i];

		if (c->index != i)
			return violation(res, 2, i, NO_BO, NO_ATT,
					 "chunk %u: slot holds index %u (not dense)", i, c->index);
		if (c->size == 0 || c->size % heap->prof.chunk_size)
			return violation(res, 1, i, NO_BO, NO_ATT,
					 "chunk %u: size %#llx is not a non-zero multiple of %#llx",
					 i, (unsigned long long)c->size,
					 (unsigned long long)heap->prof.chunk_size);
		if (c->dev_addr != expect)
			return violation(res, 1, i, NO_BO, NO_ATT,
					 "chunk %u: dev_addr %#llx, expected base + sizes = %#llx",
					 i, (unsigned long long)c->dev_addr,
					 (unsigned long long)expect);
		for (u64 g = (c->dev_addr - heap->prof.base) >> heap->gran_shift;
		     g < (c->dev_addr - heap->prof.base + c->size) >> heap->gran_shift; g++)
			if (g >= HEAP_MAX_CHUNKS || heap->gran_chunk[g] != i)
				return violation(res, 1, i, NO_BO, NO_ATT,
						 "chunk %u: granule %llu is not mapped to it", i,
						 (unsigned long long)g);
		expect += c->size;
		sum += c->size;
	}
	if (sum != heap->committed)
		return violation(res, 1, NO_CHUNK, NO_BO, NO_ATT,
				 "committed %#llx but chunk sizes sum to %#llx",
				 (unsigned long long)heap->committed, (unsigned long long)sum);
	if (heap->committed > heap->prof.max_size)
		return violation(res, 1, NO_CHUNK, NO_BO, NO_ATT, "committed %#llx > max %#llx",
				 (unsigned long long)heap->committed,
				 (unsigned long long)heap->prof.max_size);
	for (u32 i = heap->nr_chunks; i < HEAP_MAX_CHUNKS; i++) {
		const struct heap_chunk *c = &heap->chunks[i];

		if (c->size || c->refs || c->pins || c->leaves)
			return violation(res, 2, i, NO_BO, NO_ATT,
					 "slot %u beyond the %u chunks is in use", i,
					 heap->nr_chunks);
	}
	return 0;
}

/* I3 for one BO. */
static int check_bo(const struct heap *heap, const struct heap_bo *bo,
		    struct heap_check_result *res)
{
	u64 lo = heap->prof.base, hi = heap->prof.base + heap->committed;
	u64 mask = heap->page_size - 1;
	u64 end = bo->start + bo->size;
	u32 s, e;

	if (!bo->live || bo->owner != heap)
		return violation(res, 3, NO_CHUNK, bo->start, NO_ATT,
				 "node at %#llx is not a live DEV BO of this heap",
				 (unsigned long long)bo->node.start);
	if (bo->start != bo->node.start || bo->size != bo->node.size)
		return violation(res, 3, NO_CHUNK, bo->start, NO_ATT,
				 "BO %#llx+%#llx disagrees with its node %#llx+%#llx",
				 (unsigned long long)bo->start, (unsigned long long)bo->size,
				 (unsigned long long)bo->node.start,
				 (unsigned long long)bo->node.size);
	if (bo->start < lo || bo->size == 0 || end < bo->start || end > hi)
		return violation(res, 3, NO_CHUNK, bo->start, NO_ATT,
				 "BO [%#llx, %#llx) outside committed [%#llx, %#llx)",
				 (unsigned long long)bo->start, (unsigned long long)end,
				 (unsigned long long)lo, (unsigned long long)hi);
	if (bo->start % heap->bo_align)
		return violation(res, 3, NO_CHUNK, bo->start, NO_ATT,
				 "BO %#llx not aligned to %#llx", (unsigned long long)bo->start,
				 (unsigned long long)heap->bo_align);
	if (bo->req_size == 0 || bo->req_size > bo->size || bo->size & mask ||
	    bo->size - bo->req_size > mask)
		return violation(res, 3, NO_CHUNK, bo->start, NO_ATT,
				 "BO %#llx: size %#llx is not PAGE_ALIGN(%#llx)",
				 (unsigned long long)bo->start, (unsigned long long)bo->size,
				 (unsigned long long)bo->req_size);
	s = heap__chunk_of(heap, bo->start);
	e = heap__chunk_of(heap, end - 1);
	if (bo->start_id != s || bo->end_id != e)
		return violation(res, 3, bo->start_id, bo->start, NO_ATT,
				 "BO %#llx: chunks %u..%u recorded, %u..%u hold its bytes",
				 (unsigned long long)bo->start, bo->start_id, bo->end_id, s, e);
	return 0;
}

/* I9 for one BO (HEAD, PASID). */
static int check_bo_uva(const struct heap *heap, const struct heap_bo *bo,
			struct heap_check_result *res)
{
	const struct heap_chunk *cs = &heap->chunks[bo->start_id];
	u64 expect = cs->uva;

	for (u32 k = bo->start_id; k <= bo->end_id; k++)
		if (heap->chunks[k].uva_seq >= bo->created_seq)
			return 0; /* remapped since creation: no longer comparable */
	for (u32 k = bo->start_id; k <= bo->end_id; k++) {
		const struct heap_chunk *c = &heap->chunks[k];

		if (c->uva == HEAP_INVALID_ADDR || c->uva != expect)
			return violation(res, 9, k, bo->start, NO_ATT,
					 "BO %#llx spans chunk %u with uva %#llx, expected %#llx",
					 (unsigned long long)bo->start, k,
					 (unsigned long long)c->uva, (unsigned long long)expect);
		expect += c->size;
	}
	if (bo->uva != cs->uva + (bo->start - cs->dev_addr))
		return violation(res, 9, bo->start_id, bo->start, NO_ATT,
				 "BO %#llx: cached uva %#llx, chunk %u gives %#llx",
				 (unsigned long long)bo->start, (unsigned long long)bo->uva,
				 bo->start_id,
				 (unsigned long long)(cs->uva + (bo->start - cs->dev_addr)));
	return 0;
}

/* Expected references/pins per chunk, rebuilt from BOs and attachments. */
struct expect {
	u32 refs[HEAP_MAX_CHUNKS];
	u32 pins[HEAP_MAX_CHUNKS];
};

/* I3, I4, I9 over all BOs; fills the BO share of @ex. */
static int check_bos(const struct heap *heap, struct expect *ex, struct heap_check_result *res)
{
	const struct mm_node *pos;
	u64 usage = 0, requested = 0;
	u32 n = 0;
	int err;

	if (heap->mm_ready) {
		mm_for_each_node(pos, &heap->mm) {
			const struct heap_bo *bo = container_of(pos, struct heap_bo, node);
			const struct heap_ops *ops = heap->ops;
			bool spanned = ops->bo_refs_spanned;

			err = check_bo(heap, bo, res);
			if (err)
				return err;
			if (ops->bo_uva_cached && heap->mode == ADDR_PASID) {
				err = check_bo_uva(heap, bo, res);
				if (err)
					return err;
			}
			for (u32 k = spanned ? bo->start_id : 0; k <= (spanned ? bo->end_id : 0);
			     k++)
				ex->refs[k]++;
			if (ops->bo_pin_pins_chunks && bo->pinned)
				for (u32 k = bo->start_id; k <= bo->end_id; k++)
					ex->pins[k]++;
			usage += bo->size;
			requested += bo->req_size;
			n++;
		}
	}
	if (n != heap->nr_bos || usage != heap->usage || requested != heap->requested)
		return violation(res, 4, NO_CHUNK, NO_BO, NO_ATT,
				 "heap_usage %#llx / requested %#llx / %u BOs recorded; live BOs "
				 "give %#llx / %#llx / %u",
				 (unsigned long long)heap->usage,
				 (unsigned long long)heap->requested, heap->nr_bos,
				 (unsigned long long)usage, (unsigned long long)requested, n);
	return 0;
}

/* I5: attachments are prefixes of the chunks; refs and pins balance. */
static int check_refs(const struct heap *heap, struct expect *ex, struct heap_check_result *res)
{
	for (const struct heap_attach *a = heap->attach_head; a; a = a->next) {
		if (!a->registered || a->nr > heap->nr_chunks)
			return violation(res, 5, NO_CHUNK, NO_BO, a->id,
					 "attachment %u: %u chunks attached of %u (registered %d)",
					 a->id, a->nr, heap->nr_chunks, a->registered);
		for (u32 k = 0; k < a->nr; k++) {
			ex->refs[k]++;
			ex->pins[k]++;
		}
	}
	for (u32 k = 0; k < heap->nr_chunks; k++) {
		const struct heap_chunk *c = &heap->chunks[k];
		u32 refs = 1 + c->ext_refs + ex->refs[k];
		u32 pins = c->ext_pins + ex->pins[k];

		if (c->refs != refs)
			return violation(res, 5, k, NO_BO, NO_ATT,
					 "chunk %u: refcount %u, expected %u (registry 1 + caller "
					 "%u + DEV BOs/attachments %u)",
					 k, c->refs, refs, c->ext_refs, ex->refs[k]);
		if (c->pins != pins)
			return violation(res, 5, k, NO_BO, NO_ATT,
					 "chunk %u: pin count %u, expected %u (caller %u + DEV "
					 "BOs/attachments %u)",
					 k, c->pins, pins, c->ext_pins, ex->pins[k]);
	}
	return 0;
}

int heap_check_detail(const struct heap *heap, struct heap_check_result *res)
{
	struct expect ex;
	char why[160];
	int err;

	res_reset(res);
	if (heap->mm_ready && mm_check(&heap->mm, why, sizeof(why)))
		return violation(res, 0, NO_CHUNK, NO_BO, NO_ATT, "allocator: %s", why);
	if (!heap->mm_ready && (heap->nr_chunks || heap->nr_bos))
		return violation(res, 1, NO_CHUNK, NO_BO, NO_ATT,
				 "no aperture (max 0) but %u chunks, %u BOs", heap->nr_chunks,
				 heap->nr_bos);
	err = check_chunks(heap, res);
	if (err)
		return err;
	memset(&ex, 0, sizeof(ex));
	err = check_bos(heap, &ex, res);
	if (err)
		return err;
	err = check_refs(heap, &ex, res);
	if (err)
		return err;
	/* last: a broken primary state above is reported by its own number */
	if (heap_metrics_verify(heap, why, sizeof(why)))
		return violation(res, 0, NO_CHUNK, NO_BO, NO_ATT, "metrics: %s", why);
	return 0;
}

int heap_check(const struct heap *heap, char *why, size_t len)
{
	struct heap_check_result res;
	int err = heap_check_detail(heap, &res);

	if (why && len)
		snprintf(why, len, "%s", err ? res.why : "");
	return err;
}

static int attach_behind(const struct heap *heap, const struct heap_attach *a, int inv,
			 struct heap_check_result *res)
{
	if (a->nr == heap->nr_chunks)
		return 0;
	return violation(res, inv, a->nr, NO_BO, a->id,
			 "attachment %u covers %u of %u chunks (watermark %d, expected %u)",
			 a->id, a->nr, heap->nr_chunks, (int)a->nr - 1, heap->nr_chunks - 1);
}

int heap_check_attach_complete(const struct heap *heap, const struct heap_attach *att,
			       struct heap_check_result *res)
{
	struct heap_check_result local;
	int err = 0;

	if (!res)
		res = &local;
	res_reset(res);
	if (att)
		return attach_behind(heap, att, 8, res);
	for (const struct heap_attach *a = heap->attach_head; a && !err; a = a->next)
		err = attach_behind(heap, a, 7, res);
	return err;
}
