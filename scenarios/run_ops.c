// SPDX-License-Identifier: MIT
/*
 * run_ops.c - one function per scenario operation, each a thin mapping of
 * the step's arguments onto the simulator's C API (sim/sim.h).  The
 * meaning of every operation is the one scenarios/README.md documents;
 * where the schema leaves a detail open, the choice is written here and in
 * docs/run.md ("Operations").
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/buffers.h"

#define RUN_CHUNK SZ_64M

/* run_inst_forget - the instance's file is closed: its BOs and hwctxs are gone. */
void run_inst_forget(struct run_inst *in)
{
	run_total_set(in, 0, 0);
	run_bos_forget(in);
	memset(in->hwctx, 0, in->client->nr_hwctxs * sizeof(*in->hwctx));
	memset(in->cus, 0, in->client->nr_hwctxs * sizeof(*in->cus));
	memset(in->npdis, 0, in->client->nr_hwctxs * sizeof(*in->npdis));
	memset(in->execs, 0, in->client->nr_hwctxs * sizeof(*in->execs));
	in->open = false;
	in->shim = false;
	in->closing = false;
	in->cid = RUN_NO_CLIENT;
	in->heap = NULL;
}

/* "LABEL" or "LABEL[i]": the name a glob pattern is matched against. */
static void bo_name(const struct run_inst *in, const struct run_bo *bo, char *buf, size_t len)
{
	const char *label = in->client->labels[bo->label].name;

	if (bo->idx == RUN_NONE)
		snprintf(buf, len, "%s", label);
	else
		snprintf(buf, len, "%s[%u]", label, bo->idx);
}

static void note_result(struct run_ctx *x, int ret)
{
	if (ret) {
		x->op_failures++;
		if (!x->op_err)
			x->op_err = ret;
	}
}

static u64 draw_size(struct run_ctx *x, const struct scn_size *sz)
{
	switch (sz->kind) {
	case SCN_SIZE_UNIFORM:
		return xrand_range(&x->rng, sz->min, sz->max);
	case SCN_SIZE_LOG_UNIFORM: {
		double lo = log2((double)sz->min), hi = log2((double)sz->max);
		double v = exp2(lo + (hi - lo) * xrand_double(&x->rng));
		u64 s = (u64)v;

		return s < sz->min ? sz->min : s > sz->max ? sz->max : s;
	}
	case SCN_SIZE_BUCKETS: {
		u64 w = xrand_below(&x->rng, sz->total_weight);

		for (u32 i = 0; i < sz->nr_buckets; i++) {
			if (w < sz->buckets[i].weight)
				return sz->buckets[i].size;
			w -= sz->buckets[i].weight;
		}
		return sz->buckets[sz->nr_buckets - 1].size;
	}
	case SCN_SIZE_FIXED:
	default:
		return sz->fixed;
	}
}

static int op_open(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	struct sim_result r;
	int ret;

	if (in->open)
		return -EBUSY;	/* one instance is one open file: close it first */
	ret = st->open.heap ? sim_shim_open(x->sim, &r) : sim_open(x->sim, &r);
	run_account_events(x);
	if (ret)
		return ret;
	if (r.handle >= x->ncid) {
		u32 n = r.handle * 2 + 8;
		u32 *m = realloc(x->cid_map, n * sizeof(*m));

		if (!m)
			return -ENOMEM;
		for (u32 i = x->ncid; i < n; i++)
			m[i] = RUN_NONE;
		x->cid_map = m;
		x->ncid = n;
	}
	x->cid_map[r.handle] = in->gid;
	in->open = true;
	in->shim = st->open.heap;
	in->cid = r.handle;
	in->heap = sim_client_heap(x->sim, r.handle);
	if (in->heap)
		run_heap_hook_install(in);
	return 0;
}

/*
 * A client's close, whole or one stage of it (scenarios/README.md `close`):
 * the shim's chunks, the fd release, the postclose.  The instance forgets
 * its client at the postclose.
 */
static int op_close(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	int ret;

	if (!in->open)
		return sim_close(x->sim, RUN_NO_CLIENT);	/* -EBADF, logged */
	in->closing = st->close.stage == SCN_CLOSE_CHUNKS || st->close.stage == SCN_CLOSE_RELEASE ||
		      st->close.stage == SCN_CLOSE_FINI;
	if (st->close.stage == SCN_CLOSE_CHUNKS)
		return in->shim ? sim_shim_close_chunks(x->sim, in->cid) : 0;
	if (st->close.stage == SCN_CLOSE_RELEASE)
		return sim_close(x->sim, in->cid);
	if (st->close.stage == SCN_CLOSE_FINI)
		return sim_postclose_stage(x->sim, in->cid, SIM_POSTCLOSE_FINI);
	if (in->heap) {
		struct heap_counters c;

		heap_counters_get(in->heap, &c);
		in->folded.frag_eagain += c.frag_eagain;
		in->folded.premature_oom += c.premature_oom;
		in->folded.search_cost_total += c.search_cost_total;
		in->folded.search_cost_max = run_max(in->folded.search_cost_max, c.search_cost_max);
		in->folded.peak_committed = run_max(in->folded.peak_committed, c.peak_committed);
		in->folded.peak_live = run_max(in->folded.peak_live, c.peak_live);
		heap_set_op_hook(in->heap, NULL, NULL);
	}
	if (st->close.stage == SCN_CLOSE_POSTCLOSE)
		ret = sim_postclose(x->sim, in->cid);
	else if (st->close.stage == SCN_CLOSE_FINISH)
		ret = sim_postclose_stage(x->sim, in->cid, SIM_POSTCLOSE_FINISH);
	else
		ret = in->shim ? sim_shim_close(x->sim, in->cid) : sim_release(x->sim, in->cid);
	run_account_events(x);
	run_inst_forget(in);
	return ret;
}

static int op_alloc(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	u64 n = st->alloc.count;

	if (n > x->op_cap) {
		u64 *a = realloc(x->op_addrs, n * sizeof(*a));
		int *e;

		if (!a)
			return -ENOMEM;
		x->op_addrs = a;
		e = realloc(x->op_errs, n * sizeof(*e));
		if (!e)
			return -ENOMEM;
		x->op_errs = e;
		x->op_cap = n;
	}
	x->op_nallocs = n;
	for (u64 i = 0; i < n; i++) {
		struct sim_result r = { 0 };
		enum sim_bo_stage stage = (enum sim_bo_stage)st->alloc.stage;
		u64 size = stage == SIM_BO_PUBLISH ? in->pending_size : draw_size(x, &st->alloc.size);
		u32 cid = in->open ? in->cid : RUN_NO_CLIENT;
		int ret;

		if (st->alloc.path == SCN_PATH_SHIM)
			ret = stage ? sim_shim_alloc_dev_bo_stage(x->sim, cid, size, stage, &r) :
			      sim_shim_alloc_dev_bo(x->sim, cid, size, &r);
		else
			ret = stage ? sim_create_bo_stage(x->sim, cid, size, stage, &r) :
			      sim_create_bo(x->sim, cid, SIM_BO_DEV, size, 0, &r);
		run_account_events(x);
		in->pending_size = size;
		x->op_exp += r.expansions;
		x->op_errs[i] = ret;
		x->op_addrs[i] = ret ? U64_MAX : r.addr;
		if (i == 0)
			x->op_addr = x->op_addrs[0];
		note_result(x, ret);
		/* the placement alone: the BO has no handle until its `publish` */
		if (!ret && stage != SIM_BO_PLACE) {
			struct run_bo bo = {
				.handle = r.handle,
				.label = st->alloc.labelled ? st->alloc.label.id : RUN_NONE,
				.idx = n > 1 ? (u32)i : RUN_NONE,
				.addr = r.addr,
				.size = size,
				.live = true,
				.obj = r.obj,
			};

			ret = run_bos_push(in, &bo);
			if (ret)
				return ret;
		}
	}
	return x->op_err;
}

static int free_one(struct run_ctx *x, struct run_inst *in, struct run_bo *bo)
{
	int ret;

	/* the picture's mirror of the heap is looked up at the end of the close */
	run_pics_prefetch_free(x, in, bo->addr);
	ret = sim_gem_close(x->sim, in->cid, bo->handle);

	run_account_events(x);
	note_result(x, ret);
	if (!ret)
		run_bos_killed(in, bo);
	return ret;
}

/* Free the candidates of a `fraction` step found by the label index. */
static int free_fraction_indexed(struct run_ctx *x, struct run_inst *in,
				 const struct scn_step *st, const struct run_oset *set)
{
	u32 k = (u32)floor(st->free.fraction * set->live), *pick;
	int ret = run_bos_pick(in, set, k, &x->rng, &pick);

	if (ret)
		return ret;
	for (u32 i = 0; i < k; i++)
		free_one(x, in, &in->bos[pick[i]]);
	free(pick);
	return 0;
}

static int op_free(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	char name[SCN_MAX_NAME + 16];
	u32 *pick = NULL, n = 0, label, slot = 0, bi;
	const struct run_oset *set = NULL;
	int ret;

	/* the label index when it holds exactly the candidates, else a scan */
	if (st->free.kind == SCN_FREE_LABEL) {
		while ((bi = run_bos_label_next(in, st->free.label.id, &slot)) != RUN_NONE)
			free_one(x, in, &in->bos[bi]);
		goto out;
	}
	set = run_bos_candidates(in, st->free.pattern, &label);
	if (set && st->free.kind == SCN_FREE_FRACTION) {
		ret = free_fraction_indexed(x, in, st, set);
		if (ret)
			return ret;
		goto out;
	}
	if (set && label != RUN_NONE) {
		while ((bi = run_bos_label_next(in, label, &slot)) != RUN_NONE)
			free_one(x, in, &in->bos[bi]);
		goto out;
	}
	for (u32 i = 0; i < in->nbos; i++) {
		struct run_bo *bo = &in->bos[i];

		if (!bo->live || bo->label == RUN_NONE)
			continue;
		switch (st->free.kind) {
		case SCN_FREE_LABEL:
			break;
		case SCN_FREE_PATTERN:
			bo_name(in, bo, name, sizeof(name));
			if (scn_glob_match(st->free.pattern, name))
				free_one(x, in, bo);
			break;
		case SCN_FREE_FRACTION:
			if (st->free.pattern) {
				bo_name(in, bo, name, sizeof(name));
				if (!scn_glob_match(st->free.pattern, name))
					break;
			}
			if (!pick) {
				pick = malloc(in->nbos * sizeof(*pick));
				if (!pick)
					return -ENOMEM;
			}
			pick[n++] = i;
			break;
		}
	}
	if (st->free.kind == SCN_FREE_FRACTION && n) {
		u32 k = (u32)floor(st->free.fraction * n);
		bool *chosen = calloc(in->nbos, sizeof(*chosen));

		if (!chosen) {
			free(pick);
			return -ENOMEM;
		}
		/* A partial Fisher-Yates shuffle picks k of the n candidates ... */
		for (u32 i = 0; i < k; i++) {
			u32 j = i + (u32)xrand_below(&x->rng, n - i);
			u32 t = pick[i];

			pick[i] = pick[j];
			pick[j] = t;
			chosen[pick[i]] = true;
		}
		/* ... and they are freed in allocation order. */
		for (u32 i = 0; i < in->nbos; i++)
			if (chosen[i])
				free_one(x, in, &in->bos[i]);
		free(chosen);
	}
	free(pick);
out:
	run_bos_compact(in);
	return x->op_err;
}

void run_prefetch_next(struct run_ctx *x, struct run_inst *in)
{
	const struct run_frame *f = in->depth ? &in->stack[in->depth - 1] : NULL;
	const struct scn_step *st;
	const struct run_oset *set;
	struct xrand peek;
	u32 label;

	if (in->done || !f || f->pos >= f->nr)
		return;
	st = &f->steps[f->pos];
	if (st->op != SCN_OP_FREE || st->free.kind != SCN_FREE_FRACTION)
		return;
	/* foreseen already, with the same generator state and set */
	if (in->peek.step == st && in->peek.set && in->peek.gen == in->peek.set->gen &&
	    !memcmp(&in->peek.rng, &x->rng, sizeof(x->rng)))
		return;
	/* what op_free() and run_bos_pick() will do first, on copies */
	set = run_bos_candidates(in, st->free.pattern, &label);
	if (!set || !(u32)floor(st->free.fraction * set->live))
		return;
	peek = x->rng;
	run_bos_prefetch_slot(in, set, run_bos_peek(in, set, (u32)xrand_below(&peek, set->live)));
	in->peek.step = st;
	in->peek.rng = x->rng;
}

/* The shim's slot of chunk @k: reservation base + the chunk's device offset. */
static u64 chunk_slot(struct run_ctx *x, struct run_inst *in, u32 k)
{
	u64 base = sim_shim_base(x->sim, in->cid);
	u32 nr = in->heap ? heap_nr_chunks(in->heap) : 0;
	u64 off;

	if (!base)
		return 0;	/* no reservation: the model picks an address */
	if (k < nr)
		off = heap_chunk_addr(in->heap, k) - heap_chunk_addr(in->heap, 0);
	else
		off = (in->heap ? heap_committed(in->heap) : 0) + (u64)(k - nr) * RUN_CHUNK;
	return base + off;
}

static u64 at_addr(struct run_ctx *x, struct run_inst *in, u32 chunk, const struct scn_at *at)
{
	switch (at->kind) {
	case SCN_AT_ADDR:
		return at->addr;
	case SCN_AT_SLOT_OF:
		return chunk_slot(x, in, at->slot_of);
	default:
		return chunk_slot(x, in, chunk);
	}
}

static int chunk_handle(struct run_ctx *x, struct run_inst *in, u32 chunk, u32 *h)
{
	if (!in->open)
		return -EBADF;
	return sim_chunk_handle(x->sim, in->cid, chunk, h);
}

static int op_chunk(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	struct sim_result r;
	u32 h = 0, cid = in->open ? in->cid : RUN_NO_CLIENT;
	u64 uvas[16];
	u32 n;
	int ret;

	switch (st->op) {
	case SCN_OP_CHUNK_CREATE:
		return sim_create_bo(x->sim, cid, SIM_BO_DEV_HEAP, st->chunk_create.size, 0, &r);
	case SCN_OP_CHUNK_CLOSE:
		ret = chunk_handle(x, in, st->chunk.chunk, &h);
		return ret ? ret : sim_gem_close(x->sim, cid, h);
	case SCN_OP_MMAP:
		ret = chunk_handle(x, in, st->chunk.chunk, &h);
		return ret ? ret : sim_mmap(x->sim, cid, h,
					    at_addr(x, in, st->chunk.chunk, &st->chunk.at), &r);
	case SCN_OP_MUNMAP:
		if (st->chunk.at.kind != SCN_AT_ALL)
			return sim_munmap(x->sim, cid, at_addr(x, in, st->chunk.chunk,
								   &st->chunk.at));
		ret = in->open ? sim_chunk_mappings(x->sim, cid, st->chunk.chunk, uvas,
						    ARRAY_SIZE(uvas), &n) : -EBADF;
		if (ret)
			return ret;
		if (!n)
			return -EINVAL;	/* nothing mapped: munmap of no mapping */
		for (u32 i = 0; i < n && !ret; i++)
			ret = sim_munmap(x->sim, cid, uvas[i]);
		return ret;
	default:
		return -EINVAL;
	}
}

static int sync_one(struct run_ctx *x, struct run_inst *in, const struct scn_step *st, u32 h,
		    u64 size)
{
	u64 sz = st->sync.whole ? size - run_min(size, st->sync.offset) : st->sync.size;
	u32 dir = st->sync.direction == SCN_DIR_FROM_DEVICE ? SIM_SYNC_FROM_DEVICE :
		  SIM_SYNC_TO_DEVICE;
	int ret;

	/* the shim's overflow-safe bounds check and userspace flush (docs/driver/heap.md §5.6) */
	if (st->sync.path == SCN_SYNC_SHIM)
		ret = sim_shim_sync(x->sim, in->cid, h, dir, st->sync.offset, sz);
	else
		ret = sim_sync_bo(x->sim, in->cid, h, dir, st->sync.offset, sz, NULL);
	run_account_events(x);
	note_result(x, ret);
	return ret;
}

static int op_sync(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	u32 h;
	int ret;

	if (!in->open)
		return -EBADF;
	if (st->sync.on_chunk) {
		ret = chunk_handle(x, in, st->sync.chunk, &h);
		if (ret)
			return ret;
		return sync_one(x, in, st, h, heap_chunk_size(in->heap, st->sync.chunk));
	}
	for (u32 slot = 0, bi; (bi = run_bos_label_next(in, st->sync.label.id, &slot)) != RUN_NONE;)
		sync_one(x, in, st, in->bos[bi].handle, in->bos[bi].size);
	return x->op_err;
}

/* Handles (and, for exec, device ranges) of every live BO of @refs. */
static int collect_bos(struct run_inst *in, const struct scn_ref *refs, u32 nr, u32 **hs,
		       u64 **addrs, u64 **lens, u32 *n)
{
	u32 cap = 0, k = 0;

	/* a label named twice contributes its BOs twice */
	for (u32 r = 0; r < nr; r++)
		cap += run_bos_label_live(in, refs[r].id);
	*hs = malloc((cap ? cap : 1) * sizeof(**hs));
	*addrs = malloc((cap ? cap : 1) * sizeof(**addrs));
	*lens = malloc((cap ? cap : 1) * sizeof(**lens));
	if (!*hs || !*addrs || !*lens)
		return -ENOMEM;
	for (u32 r = 0; r < nr; r++) {
		for (u32 slot = 0, bi; (bi = run_bos_label_next(in, refs[r].id, &slot)) != RUN_NONE;) {
			const struct run_bo *bo = &in->bos[bi];

			(*hs)[k] = bo->handle;
			(*addrs)[k] = bo->addr;
			(*lens)[k] = bo->size;
			k++;
		}
	}
	*n = k;
	return 0;
}

static int op_exec(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	u32 hw = in->hwctx[st->exec.hwctx.id];
	u32 cid = in->open ? in->cid : RUN_NO_CLIENT;
	u32 *hs = NULL, n = 0;
	u64 *addrs = NULL, *lens = NULL;
	struct sim_result r;
	int ret;

	ret = collect_bos(in, st->exec.bos, st->exec.nr_bos, &hs, &addrs, &lens, &n);
	if (!ret && st->op == SCN_OP_CONFIG_CU) {
		ret = sim_config_cu(x->sim, cid, hw, hs, n, &r);
		if (!ret)
			in->cus[st->exec.hwctx.id] = n;
	} else if (!ret) {
		u32 id = st->exec.hwctx.id;
		/*
		 * The command names every BO as an argument (pinned for its
		 * lifetime); the first is the instruction buffer and the next
		 * ones, as many as one NPU slot holds, are the ranges the ERT
		 * touches.
		 */
		struct sim_exec_desc d = {
			/* a configured CU, in turn; CU 0 when none is configured */
			.cu_idx = in->cus[id] ? (u32)(in->execs[id]++ % in->cus[id]) : 0,
			.naddr = run_min(n, 1 + MSG_SLOT_NPU_MAX_ARGS / 3),
			.addrs = addrs,
			.lens = lens,
			.nbo = n,
			.bos = hs,
			.hang = st->exec.hang,
			.late = st->exec.late,
		};

		ret = sim_exec(x->sim, cid, hw, &d, &r);
	}
	free(hs);
	free(addrs);
	free(lens);
	return ret;
}

static int op_hwctx(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	u32 id = st->hwctx.hwctx.id;
	u32 cid = in->open ? in->cid : RUN_NO_CLIENT;
	struct sim_result r;
	int ret;

	if (st->op == SCN_OP_HWCTX_CREATE) {
		/*
		 * A shim client creates its hardware context as the XRT shim
		 * does (sim_shim_hwctx_create: CREATE_HWCTX, PDI buffers,
		 * CONFIG_CU); 'cu: none' and raw clients make the bare ioctl.
		 */
		bool cus = in->shim && st->hwctx.cus;

		if (st->hwctx.stage == SCN_HWCTX_CONFIG) {
			/* the second stage: on failure the shim destroyed the context */
			if (!cus)
				return 0;
			ret = sim_shim_hwctx_config(x->sim, cid, in->hwctx[id], st->hwctx.cus,
						    in->pdis[id], &r);
			x->op_exp += r.expansions;
			if (ret)
				in->hwctx[id] = 0;
		} else if (cus && st->hwctx.stage == SCN_HWCTX_ALL) {
			ret = sim_shim_hwctx_create(x->sim, cid, st->hwctx.cus, in->pdis[id], &r);
			x->op_exp += r.expansions;
			in->hwctx[id] = ret ? 0 : r.handle;
		} else {
			ret = sim_hwctx_create(x->sim, cid, 0, &r);
			in->hwctx[id] = ret ? 0 : r.handle;
		}
		in->cus[id] = ret || !cus || st->hwctx.stage == SCN_HWCTX_CREATE ? 0 : st->hwctx.cus;
		in->npdis[id] = in->cus[id];
		if (st->hwctx.stage != SCN_HWCTX_CONFIG)
			in->execs[id] = 0;
		return ret;
	}
	if (in->npdis[id])
		ret = sim_shim_hwctx_destroy(x->sim, cid, in->hwctx[id], in->pdis[id], in->npdis[id]);
	else
		ret = sim_hwctx_destroy(x->sim, cid, in->hwctx[id]);
	if (!ret) {
		in->hwctx[id] = 0;
		in->cus[id] = 0;
		in->npdis[id] = 0;
	}
	return ret;
}

static int op_device(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	static const enum sim_health health[] = {
		[SCN_HEALTH_OK] = SIM_HEALTH_OK,
		[SCN_HEALTH_FATAL] = SIM_HEALTH_FATAL,
		[SCN_HEALTH_DEAD] = SIM_HEALTH_DEAD,
	};
	static const enum sim_tdr_stage stage[] = {
		[SCN_TDR_ALL] = SIM_TDR_ALL,
		[SCN_TDR_STOP] = SIM_TDR_STOP,
		[SCN_TDR_RESTART] = SIM_TDR_RESTART,
		[SCN_TDR_MARK] = SIM_TDR_MARK,
	};

	switch (st->op) {
	case SCN_OP_TDR:
		return sim_tdr_stage(x->sim, in->open ? in->cid : RUN_NO_CLIENT,
				     in->hwctx[st->tdr.hwctx.id], health[st->tdr.health],
				     stage[st->tdr.stage]);
	case SCN_OP_MBOX_RX:
		return sim_mbox_rx(x->sim, in->open ? in->cid : RUN_NO_CLIENT,
				   in->hwctx[st->tdr.hwctx.id]);
	case SCN_OP_SUSPEND:
		return sim_suspend(x->sim);
	case SCN_OP_RESUME:
		return sim_resume(x->sim);
	case SCN_OP_POWER_CYCLE:
		return sim_power_cycle(x->sim);
	case SCN_OP_ADVANCE: {
		/* sim_advance() counts whole milliseconds; the rest carries over */
		u64 ns = x->advance_rem_ns + st->advance.ns;

		x->advance_rem_ns = ns % 1000000ULL;
		return sim_advance(x->sim, ns / 1000000ULL);
	}
	default:
		return -EINVAL;
	}
}

/**
 * run_exec_step - execute one leaf step of @in.  The step's result is
 * returned (0 or a negative errno) and also left in @x->op_err with the
 * per-op outputs (address, expansions, failures).
 */
int run_exec_step(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	int ret;

	x->op_err = 0;
	x->op_addr = U64_MAX;
	x->op_exp = 0;
	x->op_failures = 0;
	x->op_nallocs = 0;
	x->op_job = 0;
	switch (st->op) {
	case SCN_OP_OPEN:
		ret = op_open(x, in, st);
		break;
	case SCN_OP_CLOSE:
		ret = op_close(x, in, st);
		break;
	case SCN_OP_HWCTX_CREATE:
	case SCN_OP_HWCTX_DESTROY:
		ret = op_hwctx(x, in, st);
		break;
	case SCN_OP_ALLOC:
		ret = op_alloc(x, in, st);
		break;
	case SCN_OP_FREE:
		ret = op_free(x, in, st);
		break;
	case SCN_OP_CHUNK_CREATE:
	case SCN_OP_CHUNK_CLOSE:
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
		ret = op_chunk(x, in, st);
		break;
	case SCN_OP_SYNC:
		ret = op_sync(x, in, st);
		break;
	case SCN_OP_EXEC:
	case SCN_OP_CONFIG_CU:
		ret = op_exec(x, in, st);
		break;
	default:
		ret = op_device(x, in, st);
		break;
	}
	run_account_events(x);
	switch (st->op) {
	case SCN_OP_ALLOC:
	case SCN_OP_FREE:
	case SCN_OP_SYNC:
		/* per-object results were noted; an early error stands alone */
		if (ret && !x->op_failures) {
			x->op_err = ret;
			x->op_failures = 1;
		}
		break;
	default:
		x->op_err = ret;
		x->op_failures = ret ? 1 : 0;
		break;
	}
	return x->op_err;
}
