// SPDX-License-Identifier: MIT
/*
 * check.c - sim_check(): every cross-module invariant, numbered.
 *
 *  0-5, 9  docs/driver/heap.md §11 per client, from heap_check() (0 = the range
 *          allocator itself, alloc/mm).
 *  5       also: each chunk's caller references/pins equal what the
 *          driver model holds (handles, mmaps, job arguments, job pins).
 *  6       for each hwctx with a firmware context, the firmware's host
 *          buffer list equals its attached chunks 0..watermark split in
 *          64 MiB pieces, piece for piece as the driver sent them (first
 *          a MAP), at the chunks' current firmware addresses unless a
 *          chunk's address changed since it was sent: that is a note
 *          (SIM_NOTE_STALE_FW_ADDR, docs/driver/heap.md §14 item 9), not a failure.
 *  7, 8    checked where they must hold (end of user CREATE_BO(DEV), end
 *          of hwctx creation) and recorded as violations there.
 *  10      no ~0 address sent to firmware: recorded by the firmware model.
 *  11      no IOMMU mapping outlives its owner (client, chunk, mmap), and
 *          the translation table is sound.
 *  12      nothing of a postclosed client is left (firmware contexts).
 *  13      driver hwctxs and firmware contexts correspond one to one.
 *  14      no DEV BO left at postclose (drm_mm_takedown warning).
 *  15      every mailbox channel satisfies proto's channel invariants.
 *  16      no chunk address read through a NULL client pointer (recorded
 *          by the K3 / K15 bug switches where the old code oopsed).
 *  17      no flush outside the BO (recorded by the shim's sync, U2).
 *  21-27   docs/driver/proto.md §11 host-misbehaviour detectors, recorded by the
 *          firmware model (wrong channel, CREATE_CONTEXT fields, host
 *          buffer size/alignment, CONFIG_CU count, chain buffer, MAP/ADD
 *          order).
 */
#include "sim/sim_priv.h"
#include "sim/wire.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const struct sim_inv_def sim_invs[] = {
#define SIM_INV(n, cname, nm, sel, wh) { .number = n, .name = nm, .selectable = sel, .what = wh },
#include "sim/sim_inv.def"
};
const size_t sim_ninvs = ARRAY_SIZE(sim_invs);

const char *sim_inv_name(int number)
{
	for (size_t i = 0; i < sim_ninvs; i++)
		if (sim_invs[i].number == number)
			return sim_invs[i].name;
	return "?";
}

bool sim_inv_selectable(int number)
{
	for (size_t i = 0; i < sim_ninvs; i++)
		if (sim_invs[i].number == number)
			return sim_invs[i].selectable;
	return false;
}

int sim_inv_by_name(const char *name)
{
	for (size_t i = 0; i < sim_ninvs; i++)
		if (!strcmp(sim_invs[i].name, name))
			return sim_invs[i].number;
	return -ENOENT;
}

static int fail(struct sim *sim, struct sim_violation *v, int number, u32 client, u32 obj,
		u64 addr, const char *why)
{
	struct sim_violation *r = sim_violation_rec(sim, number, client, obj, addr, why);

	r->by_check = true;
	if (v)
		*v = *r;
	return -EUCLEAN;
}

/* Invariant 5, driver side: the caller's share of each chunk's counters. */
static int check_chunk_ext(struct sim *sim, struct sim_client *c, struct sim_violation *v)
{
	char why[160];

	for (struct sim_bo *bo = c->objs; bo; bo = bo->next) {
		struct heap_chunk_info ci;
		u32 refs, pins;

		if (bo->type != SIM_BO_DEV_HEAP || heap_chunk_info(c->heap, bo->chunk, &ci))
			continue;
		refs = bo->handles ? 1 : 0;
		pins = bo->job_pinned ? 1 : 0;
		/* DEV BOs whose range went at close (PR #1705) still hold their chunks */
		for (const struct sim_bo *d = c->objs; d; d = d->next) {
			u32 first, last;

			if (d->type != SIM_BO_DEV || !d->range_freed)
				continue;
			heap_bo_ref_span(c->heap, &d->hb, &first, &last);
			refs += bo->chunk >= first && bo->chunk <= last;
			pins += d->freed_pinned && bo->chunk >= first && bo->chunk <= last;
		}
		for (u32 i = 0; i < c->nvmas; i++)
			refs += c->vmas[i].bo == bo;
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			for (u32 j = 0; j < h->njobs; j++)
				for (u32 a = 0; a < h->jobs[j].nargs; a++)
					refs += h->jobs[j].args[a] == bo;
		if (ci.ext_refs != refs || ci.ext_pins != pins) {
			snprintf(why, sizeof(why),
				 "chunk %u: caller refs %u pins %u, driver model holds %u / %u",
				 bo->chunk, ci.ext_refs, ci.ext_pins, refs, pins);
			return fail(sim, v, SIM_INV_CHUNK_REFCOUNTS, c->id, bo->chunk, ci.dev_addr, why);
		}
	}
	return 0;
}

static void add_note(struct sim *sim, u32 client, const struct sim_hwctx *h, u32 chunk,
		     u64 sent, u64 now)
{
	if (sim->nnotes < SIM_MAX_NOTES)
		sim->notes[sim->nnotes] = (struct sim_note){
			.kind = SIM_NOTE_STALE_FW_ADDR,
			.client = client,
			.hwctx = h->id,
			.chunk = chunk,
			.sent = sent,
			.now = now,
		};
	sim->nnotes++;
}

/*
 * Invariant 6 (docs/driver/heap.md §11 item 6): the firmware's list is the attached
 * chunks 0..watermark in 64 MiB pieces, in order, piece for piece what the
 * driver sent to this context (the first a MAP, the others ADDs), and a
 * piece whose chunk's address has not changed since it was sent carries
 * that chunk's current firmware address.  A piece whose chunk moved since
 * is a note (stale firmware address, docs/driver/heap.md §14 item 9), not a failure.
 */
/*
 * Invariant 6, the window rule: the firmware's host buffer k backs device
 * window dev_mem_base + k × 64 MiB [inferred: the firmware is not source we
 * can read; the driver's own layout (chunk i at base + Σ sizes(< i), its
 * pieces appended in that order) only holds if it does].  After a restart
 * that failed between MAP and the last ADD the context keeps a prefix, and
 * the next update_heap appends a later chunk right after it: that chunk then
 * sits in the window of a chunk it is not.  True (with @v filled) when buffer
 * @k holds a piece this context was sent for another chunk than @ch.
 */
static bool window_mismatch(struct sim *sim, struct sim_client *c, struct sim_hwctx *h,
			    const struct fw_ctx *x, u32 k, u32 ch, struct sim_violation *v)
{
	char why[240];

	if (k >= x->nbufs)
		return false;
	for (u32 j = 0; j < SIM_MAX_FW_BUFS; j++) {
		const struct sim_fw_piece *o = &h->sent[j];

		if (j == k || o->fw_ctx != x->id || o->addr != x->bufs[k] || o->chunk == ch)
			continue;
		snprintf(why, sizeof(why),
			 "hwctx %u fw ctx %u host buffer %u holds chunk %u (%#llx), but position "
			 "%u is the device window %#llx of chunk %u", h->id, x->id, k, o->chunk,
			 (unsigned long long)o->addr, k,
			 (unsigned long long)(heap_profile(c->heap)->base + (u64)k * SIM_CHUNK),
			 ch);
		fail(sim, v, 6, c->id, h->id, o->addr, why);
		return true;
	}
	return false;
}

static int check_fw_bufs(struct sim *sim, struct sim_client *c, struct sim_hwctx *h,
			 struct sim_violation *v)
{
	const struct fw_ctx *x = fw_ctx_get(sim, h->fw_ctx_id);
	char why[200];
	u32 k = 0;

	if (!x)
		return 0;
	for (u32 ch = 0; ch < heap_attach_count(&h->att); ch++) {
		u64 addr = heap_chunk_fw_addr(c->heap, ch), size = heap_chunk_size(c->heap, ch);
		bool noted = false;

		for (u64 off = 0; off < size; off += SIM_CHUNK, k++) {
			const struct sim_fw_piece *s = k < SIM_MAX_FW_BUFS ? &h->sent[k] : NULL;
			bool unsent = !s || s->fw_ctx != x->id || s->chunk != ch || s->map != (k == 0);

			if ((unsent || k >= x->nbufs || x->bufs[k] != s->addr) &&
			    window_mismatch(sim, c, h, x, k, ch, v))
				return -EUCLEAN;
			if (unsent) {
				snprintf(why, sizeof(why),
					 "hwctx %u fw ctx %u host buffer %u: chunk %u piece not sent "
					 "to this context as %s", h->id, x->id, k, ch,
					 k ? "ADD" : "MAP");
				return fail(sim, v, SIM_INV_FW_HOST_BUFFERS_MATCH, c->id, h->id, addr + off, why);
			}
			if (k >= x->nbufs || x->bufs[k] != s->addr) {
				snprintf(why, sizeof(why),
					 "hwctx %u fw ctx %u host buffer %u is %#llx, the driver sent "
					 "%#llx (chunk %u)", h->id, x->id, k,
					 k < x->nbufs ? (unsigned long long)x->bufs[k] : 0ULL,
					 (unsigned long long)s->addr, ch);
				return fail(sim, v, SIM_INV_FW_HOST_BUFFERS_MATCH, c->id, h->id, s->addr, why);
			}
			if (s->addr == addr + off)
				continue;
			if (s->gen == c->addr_gen[ch]) {
				snprintf(why, sizeof(why),
					 "hwctx %u fw ctx %u host buffer %u is %#llx, chunk %u piece "
					 "is at %#llx (unchanged since sent)", h->id, x->id, k,
					 (unsigned long long)s->addr, ch,
					 (unsigned long long)(addr + off));
				return fail(sim, v, SIM_INV_FW_HOST_BUFFERS_MATCH, c->id, h->id, addr + off, why);
			}
			if (!noted)
				add_note(sim, c->id, h, ch, s->addr, addr + off);
			noted = true;
		}
	}
	if (k != x->nbufs) {
		snprintf(why, sizeof(why), "hwctx %u fw ctx %u holds %u host buffers, %u attached",
			 h->id, x->id, x->nbufs, k);
		return fail(sim, v, SIM_INV_FW_HOST_BUFFERS_MATCH, c->id, h->id, 0, why);
	}
	return 0;
}

static bool vma_exists(const struct sim_client *c, u64 uva, u64 size)
{
	for (u32 i = 0; i < c->nvmas; i++)
		if (c->vmas[i].uva == uva && c->vmas[i].size == size)
			return true;
	return false;
}

/* The object behind a DMA mapping: same address and size, and for a chunk its index. */
static bool dma_owner_exists(const struct sim_client *c, const struct iommu_map *m)
{
	for (const struct sim_bo *bo = c->objs; bo; bo = bo->next)
		if (bo->dma_mapped && bo->dma_addr == m->addr && bo->size == m->size &&
		    (bo->type != SIM_BO_DEV_HEAP || bo->chunk == m->obj))
			return true;
	return false;
}

/* Invariant 11. */
static int check_iommu(struct sim *sim, struct sim_violation *v)
{
	char why[160];

	if (iommu_check(&sim->iommu, why, sizeof(why)))
		return fail(sim, v, SIM_INV_IOMMU_MAPPING_OWNER, 0, 0, 0, why);
	for (size_t i = 0; i < sim->iommu.n; i++) {
		const struct iommu_map *m = &sim->iommu.maps[i];
		struct sim_client *c;

		if (m->kind == IOMMU_MAP_MGMT)
			continue;
		c = sim_client_find(sim, m->client);
		if (!c || (m->kind == IOMMU_MAP_SVA && !vma_exists(c, m->addr, m->size)) ||
		    (m->kind != IOMMU_MAP_SVA && !dma_owner_exists(c, m))) {
			snprintf(why, sizeof(why), "mapping %#llx (+%#llx) outlives client %u obj %u",
				 (unsigned long long)m->addr, (unsigned long long)m->size,
				 m->client, m->obj);
			return fail(sim, v, SIM_INV_IOMMU_MAPPING_OWNER, m->client, m->obj, m->addr, why);
		}
	}
	return 0;
}

/*
 * Invariants 12 and 13.  Skipped while the management channel is down
 * (after a timeout, before the next power-on): the driver then cannot
 * reach the firmware at all, and the power-on drops every context.
 * Contexts whose DESTROY_CONTEXT failed are known leaks (the driver only
 * logs the error; a ctx_leak event records it), not violations.
 */
static int check_fw_ctxs(struct sim *sim, struct sim_violation *v)
{
	char why[160];

	if (!sim->mg.chan)
		return 0;
	for (u32 i = 0; i < SIM_MAX_FW_CTX; i++) {
		const struct fw_ctx *x = fw_ctx_get(sim, i);
		struct sim_client *c;
		u32 owners = 0;

		if (!x || (sim->fw.leaked & (1u << i)))
			continue;	/* known leak: recorded as a ctx_leak event */
		c = sim_client_find(sim, x->client);
		if (!c) {
			snprintf(why, sizeof(why), "fw ctx %u of gone client %u still live", i,
				 x->client);
			return fail(sim, v, SIM_INV_CLIENT_LEFTOVERS, x->client, i, 0, why);
		}
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			owners += h->has_fw_ctx && h->fw_ctx_id == i;
		if (owners != 1) {
			snprintf(why, sizeof(why), "fw ctx %u has %u driver owners", i, owners);
			return fail(sim, v, SIM_INV_HWCTX_FW_CTX, c->id, i, 0, why);
		}
	}
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->has_fw_ctx && !fw_ctx_get(sim, h->fw_ctx_id)) {
				snprintf(why, sizeof(why), "hwctx %u names dead fw ctx %u", h->id,
					 h->fw_ctx_id);
				return fail(sim, v, SIM_INV_HWCTX_FW_CTX, c->id, h->id, 0, why);
			}
	return 0;
}

static int check_channels(struct sim *sim, struct sim_violation *v)
{
	char why[160];

	if (sim->fw_mgmt && wire_check(sim->fw_mgmt, why, sizeof(why)))
		return fail(sim, v, SIM_INV_MAILBOX, 0, 0, 0, why);
	for (u32 i = 0; i < SIM_MAX_FW_CTX; i++) {
		const struct fw_ctx *x = fw_ctx_get(sim, i);

		if (x && x->uch && wire_check(x->uch, why, sizeof(why)))
			return fail(sim, v, SIM_INV_MAILBOX, x->client, i, 0, why);
	}
	return 0;
}

u32 sim_note_count(const struct sim *sim)
{
	return sim->nnotes;
}

const struct sim_note *sim_note_at(const struct sim *sim, u32 i)
{
	return i < sim->nnotes && i < SIM_MAX_NOTES ? &sim->notes[i] : NULL;
}

/*
 * sim_check - verify every invariant listed above.
 * Returns 0, or -EUCLEAN with the first violation in @v (may be NULL); the
 * violation is also recorded in the event log.  Notes (stale firmware
 * addresses) found on the way replace the previous check's.
 */
int sim_check(struct sim *sim, struct sim_violation *v)
{
	struct heap_check_result hr;
	int ret;

	sim->nnotes = 0;
	for (struct sim_client *c = sim->clients; c; c = c->next) {
		if (heap_check_detail(c->heap, &hr))
			return fail(sim, v, hr.inv < 0 ? 0 : hr.inv, c->id,
				    hr.chunk < 0 ? ~0u : (u32)hr.chunk, hr.bo_start, hr.why);
		ret = check_chunk_ext(sim, c, v);
		if (ret)
			return ret;
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next) {
			if (!h->has_fw_ctx)
				continue;
			ret = check_fw_bufs(sim, c, h, v);
			if (ret)
				return ret;
		}
	}
	ret = check_iommu(sim, v);
	if (!ret)
		ret = check_fw_ctxs(sim, v);
	if (!ret)
		ret = check_channels(sim, v);
	return ret;
}

bool sim_violation_unowned_fw_ctx(const struct sim *sim, const struct sim_violation *v)
{
	if ((v->number != SIM_INV_CLIENT_LEFTOVERS && v->number != SIM_INV_HWCTX_FW_CTX) ||
	    v->obj >= SIM_MAX_FW_CTX || !fw_ctx_get((struct sim *)sim, v->obj))
		return false;
	for (const struct sim_client *c = sim->clients; c; c = c->next)
		for (const struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->has_fw_ctx && h->fw_ctx_id == v->obj)
				return false;
	return true;
}

bool sim_violation_partial_ctx(const struct sim *sim, const struct sim_violation *v)
{
	if (v->number != 6 && v->number != 27)
		return false;
	for (const struct sim_client *c = sim->clients; c; c = c->next) {
		if (c->id != v->client)
			continue;
		for (const struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->partial_ctx && h->has_fw_ctx && (v->number == 27 || h->id == v->obj))
				return true;
	}
	return false;
}
