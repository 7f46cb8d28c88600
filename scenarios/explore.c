// SPDX-License-Identifier: MIT
/*
 * explore.c - the interleaving explorer (scenarios/explore.h,
 * docs/explore.md): threads and segments from a scenario, the bounded
 * search with sleep sets, PCT, and each schedule run as an in-memory
 * `schedule: interleave` scenario.
 */
#include "scenarios/explore.h"

#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/rand.h"
#include "sim/bugs.h"
#include "sim/thread.h"

struct seg {
	struct scn_step step;	/* as it runs: a close stage is a copy with its stage set */
	enum sim_path path;
	u32 extra;		/* SIM_FP_* bits beyond the path's */
	u32 leaves;		/* cursor leaf steps (interleave entries) it takes */
	u32 locks;		/* device-wide locks taken and released inside (1 << SIM_LOCK_*) */
	u32 hold_acq;		/* locks taken here and held after it */
	u32 hold_rel;		/* locks held before it and released here */
};

/* The locks one thread can hold while another waits: the device-wide ones. */
#define DEV_LOCKS ((1u << SIM_LOCK_CLIENT) | (1u << SIM_LOCK_DEV))

struct thr {
	struct seg *segs;
	u32 nseg;
	u32 owner;		/* TDR, PM, exec, thread: the client thread; client: itself */
	u32 enable_after;	/* TDR, PM, exec, thread: the owner has run this many segments */
	u32 cancel_at;		/* TDR, rx, exec: the owner segment that cancels it (U32_MAX: none) */
	u32 cancel_thr;		/* TDR, rx, exec: another thread of the owner that destroys its hwctx, */
	u32 cancel_thr_at;	/* at this segment (U32_MAX: none) */
	u32 tid;		/* another thread of the client: its `thread:` number */
	u32 join_at;		/* client: its close waits here for its other threads (U32_MAX: none) */
};

struct ex {
	const struct scn *s;
	const struct explore_opts *o;
	struct explore_result *r;
	struct thr *t;
	u32 nt, ninst;
	u32 *inst_client;	/* instance -> client index */
	u32 *pos;
	u32 *path;		/* the current schedule: thread per segment */
	u32 npath;
	u64 total;		/* segments of all threads */
	bool stop;
	int err;
	u64 next_progress;
	const char **bugs;	/* the scenario's bug names plus the options' */
	u32 nr_bugs;
	const char *rev;	/* the revision the yield points are taken from */
	bool sched_queue;	/* a stopped context queues submissions (SUBMIT_SCHED_QUEUE) */
	u32 order_seen[SIM_LOCK_NR];	/* lockdep: bit l of [h]: l taken while h held */
};

/* ---- threads and segments -------------------------------------------- */

static enum sim_path step_path(const struct scn_step *st, u32 *extra)
{
	switch (st->op) {
	case SCN_OP_OPEN:
		return SIM_PATH_OPEN;
	case SCN_OP_CLOSE:
		return st->close.stage == SCN_CLOSE_CHUNKS ? SIM_PATH_CLOSE_CHUNKS :
		       st->close.stage == SCN_CLOSE_RELEASE ? SIM_PATH_FD_RELEASE :
		       SIM_PATH_POSTCLOSE;
	case SCN_OP_HWCTX_CREATE:
		/* the constructor's second half: PDI buffers (CREATE_BO) and CONFIG_CU */
		return st->hwctx.stage == SCN_HWCTX_CONFIG ? SIM_PATH_HWCTX_CONFIG :
		       SIM_PATH_HWCTX_CREATE;
	case SCN_OP_HWCTX_DESTROY:
		return SIM_PATH_HWCTX_DESTROY;
	case SCN_OP_ALLOC:
		if (st->alloc.size.kind != SCN_SIZE_FIXED)
			*extra |= SIM_FP_RNG;
		return SIM_PATH_CREATE_BO;
	case SCN_OP_CHUNK_CREATE:
		return SIM_PATH_CREATE_BO;
	case SCN_OP_FREE:
		if (st->free.kind == SCN_FREE_FRACTION)
			*extra |= SIM_FP_RNG;
		return SIM_PATH_BO_LOCAL;
	case SCN_OP_CHUNK_CLOSE:
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
	case SCN_OP_SYNC:
		return SIM_PATH_BO_LOCAL;
	case SCN_OP_EXEC:
		return SIM_PATH_EXEC;
	case SCN_OP_CONFIG_CU:
		return SIM_PATH_HWCTX_CONFIG;
	case SCN_OP_TDR:
		/* fatal or dead health may escalate to the device-wide reset */
		return st->tdr.health == SCN_HEALTH_OK ? SIM_PATH_TDR : SIM_PATH_TDR_RESET;
	case SCN_OP_MBOX_RX:
		return SIM_PATH_MBOX_RX;
	case SCN_OP_REPEAT:
	case SCN_OP_PHASE:
		for (u32 i = 0; i < st->block.nr_steps; i++) {
			u32 e = 0;
			enum sim_path p = step_path(&st->block.steps[i], &e);

			*extra |= sim_paths[p].footprint | e;
		}
		return SIM_PATH_BO_LOCAL;
	default:
		return SIM_PATH_PM;
	}
}

/* The device-wide locks the paths of @st take (blocks: every step inside). */
static u32 step_locks(const struct ex *x, const struct scn_step *st)
{
	u32 m = 0, e = 0;

	if (st->op != SCN_OP_REPEAT && st->op != SCN_OP_PHASE)
		return sim_path_locks(step_path(st, &e), x->rev) & DEV_LOCKS;
	for (u32 i = 0; i < st->block.nr_steps; i++)
		m |= step_locks(x, &st->block.steps[i]);
	return m;
}

/* Cursor leaf steps of @st: what one `interleave` entry runs. */
static u64 leaves(const struct scn_step *st)
{
	u64 n = 0;

	if (st->op != SCN_OP_REPEAT && st->op != SCN_OP_PHASE)
		return 1;
	for (u32 i = 0; i < st->block.nr_steps; i++)
		n += leaves(&st->block.steps[i]);
	return n * (st->op == SCN_OP_REPEAT ? st->block.count : 1);
}

static int seg_add(struct ex *x, struct thr *t, const struct scn_step *st)
{
	struct seg *sg;

	if ((t->nseg & (t->nseg + 1)) == 0) {
		struct seg *n = realloc(t->segs, (t->nseg * 2 + 2) * sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->segs = n;
	}
	sg = &t->segs[t->nseg++];
	sg->step = *st;
	sg->extra = x->s->nr_faults ? SIM_FP_DEVICE : 0;	/* fault counters are device-wide */
	sg->path = step_path(st, &sg->extra);
	u64 n = leaves(st);
	if (n > U32_MAX)
		return -EINVAL;
	sg->leaves = (u32)n;
	sg->locks = step_locks(x, st);
	sg->hold_acq = sg->hold_rel = 0;
	/* the parts of a TDR: dev_lock from the mark (or stop) through the restart */
	if (st->op == SCN_OP_TDR && st->tdr.stage != SCN_TDR_ALL) {
		const struct seg *prev = t->nseg > 1 ? &t->segs[t->nseg - 2] : NULL;
		bool marked = prev && prev->step.op == SCN_OP_TDR &&
			      prev->step.tdr.stage == SCN_TDR_MARK &&
			      prev->step.tdr.hwctx.id == st->tdr.hwctx.id;

		sg->locks = 0;
		if (st->tdr.stage == SCN_TDR_RESTART)
			sg->hold_rel = 1u << SIM_LOCK_DEV;
		else if (!(st->tdr.stage == SCN_TDR_STOP && marked))
			sg->hold_acq = 1u << SIM_LOCK_DEV;
	}
	/*
	 * the parts of a postclose around aie2_hwctx_fini()'s dev_lock drop:
	 * what the rows before the drop take stays held across it
	 * (client_lock where the revision takes it), the rest is retaken
	 */
	/*
	 * the parts of a DEV BO around amdxdna_gem_heap_alloc()'s mm_lock
	 * release: the placement takes dev_lock only where a chunk the shim
	 * adds is broadcast under it (pr1233), the rest where the hwctxs are
	 * told under it
	 */
	if (st->op == SCN_OP_ALLOC && st->alloc.stage != SCN_ALLOC_ALL) {
		enum sim_yield_point y = st->alloc.stage == SCN_ALLOC_PLACE ?
					 SIM_YP_PR_HEAP_BROADCAST_DEV_LOCK : SIM_YP_CREATE_BO_DEV_LOCK;

		sg->locks = sim_yield_in_revision(&sim_yields[y], x->rev) ? 1u << SIM_LOCK_DEV : 0;
	}
	if (st->op == SCN_OP_CLOSE &&
	    (st->close.stage == SCN_CLOSE_FINI || st->close.stage == SCN_CLOSE_FINISH)) {
		u32 keep = sim_drop_held(SIM_YP_POSTCLOSE_FINI_DROP, x->rev) & DEV_LOCKS;

		sg->locks &= ~keep;
		if (st->close.stage == SCN_CLOSE_FINI)
			sg->hold_acq = keep;
		else
			sg->hold_rel = keep;
	}
	x->total++;
	return 0;
}

/* @st's stages @first..@last (a scn_*_stage value), one segment each. */
static int seg_add_stages(struct ex *x, struct thr *t, const struct scn_step *st, u32 first,
			  u32 last)
{
	for (u32 sgi = first; sgi <= last; sgi++) {
		struct scn_step cp = *st;
		int ret;

		if (st->op == SCN_OP_TDR)
			cp.tdr.stage = (enum scn_tdr_stage)sgi;
		else if (st->op == SCN_OP_CLOSE)
			cp.close.stage = (enum scn_close_stage)sgi;
		else if (st->op == SCN_OP_ALLOC)
			cp.alloc.stage = (enum scn_alloc_stage)sgi;
		else
			cp.hwctx.stage = (enum scn_hwctx_stage)sgi;
		ret = seg_add(x, t, &cp);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Does client step @st cancel the background step @bg (a TDR, a receive
 * worker's mbox_rx or an async exec) that has not run yet?  The
 * destruction of its context; for a TDR or a receive worker the
 * postclose (drm_sched_fini / drm_sched_stop of its context: a
 * postclose's `fini` stops the first live context, @first, a hwctx index
 * of the client, U32_MAX: none; its `finish` the others); for an exec any
 * stage of the close (the process is closing its device: none of its
 * threads submits any more).
 */
static bool cancels(const struct scn_step *st, const struct scn_step *bg, u32 first)
{
	u32 id = bg->op == SCN_OP_EXEC ? bg->exec.hwctx.id : bg->tdr.hwctx.id;

	if (st->op == SCN_OP_CLOSE) {
		if (bg->op == SCN_OP_EXEC)
			return true;
		if (st->close.stage == SCN_CLOSE_FINI)
			return id == first;
		return st->close.stage == SCN_CLOSE_POSTCLOSE || st->close.stage == SCN_CLOSE_ALL ||
		       st->close.stage == SCN_CLOSE_FINISH;
	}
	return st->op == SCN_OP_HWCTX_DESTROY && st->hwctx.hwctx.id == id;
}

/*
 * The owner segment count after which the async exec @st may run: once its
 * client ran every step before it, except that a shim's constructor of the
 * exec's own context just before it counts from its `create` stage (the
 * handle exists once CREATE_HWCTX returned; CONFIG_CU is a second ioctl).
 */
static u32 exec_enable_after(const struct thr *o, const struct scn_step *st)
{
	const struct scn_step *last = o->nseg ? &o->segs[o->nseg - 1].step : NULL;

	if (last && last->op == SCN_OP_HWCTX_CREATE && last->hwctx.stage == SCN_HWCTX_CONFIG &&
	    last->hwctx.hwctx.id == st->exec.hwctx.id)
		return o->nseg - 1;
	return o->nseg;
}

/* Creations and destructions of @t's first @n segments, onto the live list @live. */
static void live_hwctxs(const struct thr *t, u32 n, u32 *live, u32 *nl)
{
	for (u32 k = 0; k < n; k++) {
		const struct scn_step *st = &t->segs[k].step;

		if (st->op == SCN_OP_HWCTX_CREATE && st->hwctx.stage != SCN_HWCTX_CONFIG && *nl < 64) {
			live[(*nl)++] = st->hwctx.hwctx.id;
		} else if (st->op == SCN_OP_HWCTX_DESTROY) {
			for (u32 i = 0; i < *nl; i++)
				if (live[i] == st->hwctx.hwctx.id) {
					memmove(&live[i], &live[i + 1], (*nl - i - 1) * sizeof(*live));
					(*nl)--;
					break;
				}
		}
	}
}

/*
 * The hwctxs of client thread @g alive after its first @n segments (and
 * every segment of its other threads, which its close waits for), in
 * creation order (the driver's ids are cyclic, so the oldest has the
 * lowest id and is the first amdxdna_hwctx_remove_all() finalizes): the
 * index of the oldest in the client's hwctx names, U32_MAX for none.
 * [inferred] from the steps: a creation the run fails still counts, blocks
 * are not looked into, and the other threads' creations count after the
 * client's own.
 */
static u32 first_live_hwctx(const struct ex *x, u32 g, u32 n)
{
	u32 live[64], nl = 0;

	live_hwctxs(&x->t[g], n, live, &nl);
	for (u32 i = x->ninst; i < x->nt; i++)
		if (x->r->threads[i].kind == EXPLORE_T_THREAD && x->t[i].owner == g)
			live_hwctxs(&x->t[i], x->t[i].nseg, live, &nl);
	return nl ? live[0] : U32_MAX;
}

/*
 * Does client @cl have an async receive worker (`mbox_rx`) on @hwctx?  Then
 * its async TDRs of that context are split once more, after the job is
 * marked timed out: the one place a reply processed there takes the
 * late-reply branch (docs/explore.md).
 */
static bool has_rx(const struct scn_client *cl, u32 hwctx)
{
	for (u32 k = 0; k < cl->nr_steps; k++)
		if (cl->steps[k].op == SCN_OP_MBOX_RX && cl->steps[k].tdr.async &&
		    cl->steps[k].tdr.hwctx.id == hwctx)
			return true;
	return false;
}

/*
 * Does @e judge a step as a whole, so that its stages cannot each carry it?
 * An expected failure (which of the stages fails is the run's to say) or an
 * expansion count (the stages' expansions add up to it).  `expect: any` and
 * an expected success hold for every stage.
 */
static bool judges_whole(const struct scn_expect *e)
{
	return e->present && !e->any && ((e->has_result && e->result_err) || e->has_expansions);
}

/* A client whose open maps a heap: the shim, whose hwctx_create configures CUs. */
static bool shim_client(const struct scn_client *cl)
{
	for (u32 k = 0; k < cl->nr_steps; k++)
		if (cl->steps[k].op == SCN_OP_OPEN)
			return cl->steps[k].open.heap;
	return false;
}

static struct thr *thread_new(struct ex *x, enum explore_thread_kind kind, u32 inst,
			      const char *name)
{
	struct explore_result *r = x->r;
	struct thr *t;

	if (x->nt == EXPLORE_MAX_THREADS)
		return NULL;
	t = &x->t[x->nt];
	memset(t, 0, sizeof(*t));
	t->owner = x->nt;
	t->cancel_at = U32_MAX;
	t->cancel_thr = t->cancel_thr_at = U32_MAX;
	t->join_at = U32_MAX;
	r->threads[x->nt].kind = kind;
	r->threads[x->nt].instance = inst;
	snprintf(r->threads[x->nt].name, sizeof(r->threads[x->nt].name), "%s", name);
	x->nt++;
	return t;
}

/*
 * Another thread of instance @g (its name from @fmt), runnable once @g has
 * run @after segments.  NULL: too many threads.
 */
static struct thr *owned_thread(struct ex *x, enum explore_thread_kind kind, u32 g, u32 after,
				const char *fmt, ...)
{
	char name[80];
	struct thr *t;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	t = thread_new(x, kind, g, name);
	if (t) {
		t->owner = g;
		t->enable_after = after;
	}
	return t;
}

/*
 * The thread of instance @g's `thread: @tid` steps (tid > 0): found, or
 * made runnable once @g has run its segments so far.  NULL: too many threads.
 */
static struct thr *sibling(struct ex *x, const struct scn_client *cl, u32 g, u32 tid)
{
	struct thr *t;

	for (u32 i = x->ninst; i < x->nt; i++)
		if (x->r->threads[i].kind == EXPLORE_T_THREAD && x->t[i].owner == g &&
		    x->t[i].tid == tid)
			return &x->t[i];
	t = owned_thread(x, EXPLORE_T_THREAD, g, x->t[g].nseg, "%s.t%u", cl->name, tid);
	if (t)
		t->tid = tid;
	return t;
}

static int build_threads(struct ex *x)
{
	const struct scn *s = x->s;
	struct explore_result *r = x->r;
	u32 g = 0;
	int ret;

	for (u32 c = 0; c < s->nr_clients; c++)
		x->ninst += s->clients[c].instances;
	if (x->ninst > EXPLORE_MAX_THREADS)
		return -EINVAL;
	x->t = calloc(EXPLORE_MAX_THREADS, sizeof(*x->t));
	r->threads = calloc(EXPLORE_MAX_THREADS, sizeof(*r->threads));
	x->inst_client = calloc(x->ninst, sizeof(*x->inst_client));
	if (!x->t || !r->threads || !x->inst_client)
		return -ENOMEM;
	/* client threads first: thread i is instance i */
	for (u32 c = 0; c < s->nr_clients; c++) {
		for (u32 i = 0; i < s->clients[c].instances; i++, g++) {
			char name[80];

			x->inst_client[g] = c;
			scn_client_instance_name(&s->clients[c], i, name, sizeof(name));
			thread_new(x, EXPLORE_T_CLIENT, g, name);
		}
	}
	g = 0;
	for (u32 c = 0; c < s->nr_clients; c++) {
		const struct scn_client *cl = &s->clients[c];

		bool threads = false;

		for (u32 k = 0; k < cl->nr_steps; k++)
			threads |= cl->steps[k].thread != 0;
		for (u32 i = 0; i < cl->instances; i++, g++) {
			struct thr *pm = NULL, *tt;

			for (u32 k = 0; k < cl->nr_steps; k++) {
				const struct scn_step *st = &cl->steps[k];

				if (((st->op == SCN_OP_TDR && st->tdr.stage == SCN_TDR_ALL) ||
				     st->op == SCN_OP_MBOX_RX) && st->tdr.async && cl->instances == 1) {
					bool rx = st->op == SCN_OP_MBOX_RX;
					struct thr *t = owned_thread(x, rx ? EXPLORE_T_RX : EXPLORE_T_TDR, g,
								     x->t[g].nseg, "%s.%s@%u", cl->name,
								     rx ? "rx" : "tdr", st->loc.line);

					pm = NULL;
					if (!t)
						return -EINVAL;
					if (rx) {
						ret = seg_add(x, t, st);
					} else if (has_rx(cl, st->tdr.hwctx.id)) {
						struct scn_step cp = *st;

						cp.tdr.stage = SCN_TDR_MARK;
						ret = seg_add(x, t, &cp);
						if (!ret)
							ret = seg_add_stages(x, t, st, SCN_TDR_STOP,
									     SCN_TDR_RESTART);
					} else {
						ret = seg_add_stages(x, t, st, SCN_TDR_STOP, SCN_TDR_RESTART);
					}
					if (ret)
						return ret;
					continue;
				}
				if ((st->op == SCN_OP_SUSPEND || st->op == SCN_OP_RESUME ||
				     st->op == SCN_OP_POWER_CYCLE) && st->pm.async && cl->instances == 1) {
					/* async power steps in a row are one background thread */
					if (!pm) {
						pm = owned_thread(x, EXPLORE_T_PM, g, x->t[g].nseg, "%s.pm@%u",
								  cl->name, st->loc.line);
						if (!pm)
							return -EINVAL;
					}
					ret = seg_add(x, pm, st);
					if (ret)
						return ret;
					continue;
				}
				pm = NULL;
				if (st->op == SCN_OP_EXEC && st->exec.async && !st->thread &&
				    cl->instances == 1) {
					struct thr *t = owned_thread(x, EXPLORE_T_EXEC, g,
								     exec_enable_after(&x->t[g], st),
								     "%s.exec@%u", cl->name, st->loc.line);

					if (!t)
						return -EINVAL;
					ret = seg_add(x, t, st);
					if (ret)
						return ret;
					continue;
				}
				tt = st->thread ? sibling(x, cl, g, st->thread) : &x->t[g];
				if (!tt)
					return -EINVAL;
				/*
				 * the shim's hwctx constructor: CREATE_HWCTX, then PDIs +
				 * CONFIG_CU; whole when its expect judges the constructor
				 */
				if (st->op == SCN_OP_HWCTX_CREATE && st->hwctx.stage == SCN_HWCTX_ALL &&
				    st->hwctx.cus && shim_client(cl) && !judges_whole(&st->expect)) {
					ret = seg_add_stages(x, tt, st, SCN_HWCTX_CREATE,
							     SCN_HWCTX_CONFIG);
					if (ret)
						return ret;
					continue;
				}
				/* the fd's release waits for the process's other threads' ioctls */
				if (st->op == SCN_OP_CLOSE && x->t[g].join_at == U32_MAX)
					x->t[g].join_at = x->t[g].nseg;
				if (st->op == SCN_OP_CLOSE && st->close.stage == SCN_CLOSE_ALL) {
					/* the postclose's dev_lock drop exists once it finalizes a hwctx */
					bool drop = first_live_hwctx(x, g, x->t[g].nseg) != U32_MAX;

					ret = seg_add_stages(x, &x->t[g], st, SCN_CLOSE_CHUNKS,
							     drop ? SCN_CLOSE_RELEASE : SCN_CLOSE_POSTCLOSE);
					if (!ret && drop)
						ret = seg_add_stages(x, &x->t[g], st, SCN_CLOSE_FINI,
								     SCN_CLOSE_FINISH);
					if (ret)
						return ret;
					continue;
				}
				/*
				 * one DEV BO of a client with other threads: split after
				 * its placement, where they can meet it (docs/explore.md)
				 */
				if (threads && st->op == SCN_OP_ALLOC && st->alloc.count == 1 &&
				    st->alloc.stage == SCN_ALLOC_ALL && !st->expect.present &&
				    st->alloc.size.kind == SCN_SIZE_FIXED) {
					ret = seg_add_stages(x, tt, st, SCN_ALLOC_PLACE, SCN_ALLOC_PUBLISH);
					if (ret)
						return ret;
					continue;
				}
				ret = seg_add(x, tt, st);
				if (ret)
					return ret;
			}
		}
	}
	/*
	 * A TDR, a receive worker or an async exec is cancelled by the first
	 * later step of its client that cancels it (cancels(): for a TDR and a
	 * receive worker the hwctx's destruction, drm_sched_fini; the channel's
	 * stop drains its worker and the free destroys its workqueue), or by
	 * the first DESTROY_HWCTX of its context in another thread of the client.
	 */
	for (u32 i = x->ninst; i < x->nt; i++) {
		struct thr *t = &x->t[i], *o = &x->t[t->owner];
		enum explore_thread_kind kind = r->threads[i].kind;

		if (kind != EXPLORE_T_TDR && kind != EXPLORE_T_RX && kind != EXPLORE_T_EXEC)
			continue;
		for (u32 k = t->enable_after; k < o->nseg && t->cancel_at == U32_MAX; k++)
			if (cancels(&o->segs[k].step, &t->segs[0].step, first_live_hwctx(x, t->owner, k)))
				t->cancel_at = k;
		for (u32 j = x->ninst; j < x->nt && t->cancel_thr == U32_MAX; j++) {
			if (r->threads[j].kind != EXPLORE_T_THREAD || x->t[j].owner != t->owner)
				continue;
			for (u32 k = 0; k < x->t[j].nseg && t->cancel_thr == U32_MAX; k++)
				if (cancels(&x->t[j].segs[k].step, &t->segs[0].step, U32_MAX)) {
					t->cancel_thr = j;
					t->cancel_thr_at = k;
				}
		}
	}
	for (u32 i = 0; i < x->nt; i++)
		r->threads[i].nseg = x->t[i].nseg;
	r->nthreads = x->nt;
	r->nsegments = x->total;
	return 0;
}

/* ---- enabling and independence ----------------------------------------- */

/*
 * Thread @i can never run again: finished, or a TDR cancelled before its
 * stop (once stopped it holds dev_lock, so its client cannot destroy the
 * context before the restart), or an async exec cancelled before it ran.
 */
static bool finished(const struct ex *x, u32 i)
{
	const struct thr *t = &x->t[i];

	if (x->pos[i] >= t->nseg)
		return true;
	if (i < x->ninst || x->pos[i])
		return false;
	return (t->cancel_at != U32_MAX && x->pos[t->owner] > t->cancel_at) ||
	       (t->cancel_thr != U32_MAX && x->pos[t->cancel_thr] > t->cancel_thr_at);
}

/* The locks thread @i holds between its segments. */
static u32 held(const struct ex *x, u32 i)
{
	u32 h = 0;

	for (u32 k = 0; k < x->pos[i]; k++)
		h = (h | x->t[i].segs[k].hold_acq) & ~x->t[i].segs[k].hold_rel;
	return h;
}

/* The locks held by the threads other than @i. */
static u32 held_by_others(const struct ex *x, u32 i)
{
	u32 h = 0;

	for (u32 j = 0; j < x->nt; j++)
		if (j != i)
			h |= held(x, j);
	return h;
}

/*
 * Does thread @j, another of the submitting client's, hold the context of
 * submission @st stopped?  A TDR from its stop to the end of its restart
 * (the context's; every context for one that may escalate to a reset):
 * the context has no channel there (aie2_destroy_context()), which the
 * simulator's submission does not model, so the submission waits for the
 * restart (docs/explore.md "Not modelled yet": the driver's scheduler runs
 * it in the window and aie2_sched_job_run() drops it).  Between the TDR's
 * `mark` and its `stop` it runs, and may meet a channel a late reply
 * killed.  Any other thread holding dev_lock across segments (a scripted
 * `tdr: {stage: stop}`) is taken to stop every context.
 */
static bool stops_submission(const struct ex *x, u32 j, const struct scn_step *st)
{
	const struct thr *t = &x->t[j];
	const struct scn_step *tdr = &t->segs[0].step;

	if (!(held(x, j) & (1u << SIM_LOCK_DEV)))
		return false;
	if (x->r->threads[j].kind != EXPLORE_T_TDR)
		return true;
	if (t->segs[x->pos[j] - 1].step.tdr.stage == SCN_TDR_MARK)
		return false;
	return tdr->tdr.health != SCN_HEALTH_OK || tdr->tdr.hwctx.id == st->exec.hwctx.id;
}

/* Runnable: not finished, its TDR enabled, and no lock it needs held by another thread. */
static bool enabled(const struct ex *x, u32 i)
{
	const struct thr *t = &x->t[i];
	const struct seg *sg;

	if (finished(x, i))
		return false;
	if (i >= x->ninst && x->pos[t->owner] < t->enable_after)
		return false;
	/* a close waits until the client's other threads have finished */
	if (i < x->ninst && x->pos[i] == t->join_at)
		for (u32 j = x->ninst; j < x->nt; j++)
			if (x->t[j].owner == i && x->r->threads[j].kind == EXPLORE_T_THREAD &&
			    !finished(x, j))
				return false;
	sg = &t->segs[x->pos[i]];
	/*
	 * Without a DRM scheduler (SUBMIT_SCHED_QUEUE not in the revision: PR
	 * #1710) the worker's stages before its restart change no context (its
	 * walk is the restart segment), so a submission there is sent at once
	 * and the walk then ends it, as PR #1710's aie2_cmd_submit() would
	 * before the walk reaches its context.
	 */
	if (sg->path == SIM_PATH_EXEC && x->sched_queue)
		for (u32 j = 0; j < x->nt; j++)
			if (j != i && x->t[j].owner == t->owner && stops_submission(x, j, &sg->step))
				return false;
	return !((sg->locks | sg->hold_acq) & held_by_others(x, i));
}

static bool commute(const struct ex *x, u32 a, u32 b)
{
	const struct seg *sa = &x->t[a].segs[x->pos[a]], *sb = &x->t[b].segs[x->pos[b]];
	u32 ha = sa->hold_acq | sa->hold_rel, hb = sb->hold_acq | sb->hold_rel;

	/*
	 * taking or letting go of a held lock decides who else may run; for
	 * client_lock, held across a postclose's dev_lock drop, that alone is
	 * not a dependency: [inferred] it only serializes client_list
	 * membership, and what the segments do inside it is in their
	 * footprints (docs/explore.md "Footprints")
	 */
	if (((ha & (sb->locks | hb)) | (hb & (sa->locks | ha))) & ~(1u << SIM_LOCK_CLIENT))
		return false;
	return sim_paths_commute(sa->path, x->t[a].owner, sa->extra, sb->path, x->t[b].owner,
				 sb->extra);
}

/* ---- one schedule as a scenario ---------------------------------------- */

static void scn_free_synth(struct scn *syn)
{
	if (!syn)
		return;
	for (u32 c = 0; syn->clients && c < syn->nr_clients; c++)
		free(syn->clients[c].steps);
	free(syn->clients);
	free(syn->interleave);
	free(syn->bugs);
	free(syn);
}

/*
 * The scenario that runs schedule @sched (@n segments; threads that did
 * not finish are not appended): the clients' steps in the order their
 * segments run, and the interleave list.  A client with several instances
 * keeps one step list (its TDRs stay inline, so every instance's list is
 * the same).
 */
static int synth(const struct ex *x, const u32 *sched, u32 n, struct scn **out)
{
	const struct scn *s = x->s;
	struct scn *syn = calloc(1, sizeof(*syn));
	u32 *cnt = calloc(x->nt, sizeof(*cnt));
	u64 ninter = 0;
	int ret = -ENOMEM;

	if (!syn || !cnt)
		goto out;
	*syn = *s;
	syn->schedule = SCN_SCHED_INTERLEAVE;
	syn->clients = calloc(s->nr_clients, sizeof(*syn->clients));
	syn->bugs = calloc(x->nr_bugs ? x->nr_bugs : 1, sizeof(*syn->bugs));
	if (!syn->clients || !syn->bugs)
		goto out;
	if (x->nr_bugs)
		memcpy(syn->bugs, x->bugs, x->nr_bugs * sizeof(*syn->bugs));
	syn->nr_bugs = x->nr_bugs;
	if (!x->o->metrics)
		syn->nr_metrics = 0;
	if (x->o->has_rev)
		syn->rev = x->o->rev;
	if (x->o->has_mode)
		syn->mode = x->o->mode_override;
	for (u32 c = 0; c < s->nr_clients; c++) {
		syn->clients[c] = s->clients[c];
		syn->clients[c].steps = calloc(x->total ? x->total : 1, sizeof(struct scn_step));
		syn->clients[c].nr_steps = 0;
		syn->clients[c].leaf_steps = 0;
		if (!syn->clients[c].steps)
			goto out;
	}
	for (u32 k = 0; k < n; k++)
		ninter += x->t[sched[k]].segs[cnt[sched[k]]++].leaves;
	memset(cnt, 0, x->nt * sizeof(*cnt));
	syn->interleave = calloc(ninter ? ninter : 1, sizeof(*syn->interleave));
	if (!syn->interleave || ninter > U32_MAX)
		goto out;
	syn->nr_interleave = 0;
	for (u32 k = 0; k < n; k++) {
		const struct thr *t = &x->t[sched[k]];
		const struct seg *sg = &t->segs[cnt[sched[k]]++];
		u32 g = x->r->threads[sched[k]].instance, c = x->inst_client[g];
		struct scn_client *cl = &syn->clients[c];

		if (s->clients[c].instances == 1)
			cl->steps[cl->nr_steps++] = sg->step;
		for (u32 l = 0; l < sg->leaves; l++)
			syn->interleave[syn->nr_interleave++] = g;
	}
	/* a client with several instances: the static list of its first instance */
	for (u32 g = 0; g < x->ninst; g++) {
		u32 c = x->inst_client[g];
		struct scn_client *cl = &syn->clients[c];

		if (s->clients[c].instances == 1 || cl->nr_steps)
			continue;
		for (u32 k = 0; k < x->t[g].nseg; k++)
			cl->steps[cl->nr_steps++] = x->t[g].segs[k].step;
	}
	syn->leaf_steps = 0;
	for (u32 c = 0; c < s->nr_clients; c++) {
		struct scn_client *cl = &syn->clients[c];

		for (u32 k = 0; k < cl->nr_steps; k++)
			cl->leaf_steps += cl->steps[k].leaf_count;
		syn->leaf_steps += cl->leaf_steps * cl->instances;
	}
	ret = 0;
out:
	free(cnt);
	if (ret)
		scn_free_synth(syn);
	else
		*out = syn;
	return ret;
}

static bool failing(const struct run_result *res)
{
	return res->status == RUN_FAIL || res->status == RUN_XFAIL;
}

static u32 preemptions(const struct ex *x, const u32 *sched, u32 n)
{
	u32 *pos = calloc(x->nt, sizeof(*pos)), p = 0;
	struct ex y = *x;

	if (!pos)
		return U32_MAX;
	y.pos = pos;
	for (u32 k = 0; k < n; k++) {
		if (k && sched[k] != sched[k - 1] && enabled(&y, sched[k - 1]))
			p++;
		pos[sched[k]]++;
	}
	free(pos);
	return p;
}

static void describe(struct ex *x, const struct run_result *res)
{
	struct explore_result *r = x->r;

	if (res->nr_failures) {
		const struct run_failure *f = &res->failures[0];
		const char *who = f->instance < x->ninst ? r->threads[f->instance].name : "end";

		snprintf(r->why, sizeof(r->why), "%s:%u: %s [%s]: %s", x->s->file ? x->s->file : "?",
			 f->loc.line, f->step[0] ? f->step : "end of run", who, f->reason);
	} else {
		const struct run_expect_result *e = NULL;
		const struct run_violation_info *v = &res->violation;

		for (u32 i = 0; i < res->nr_expects && !e; i++)
			e = res->expects[i].pass ? NULL : &res->expects[i];
		if (e && e->kind == RUN_EXPECT_INVARIANT && v->found)
			/* the invariant's own expectation: name the violation and its step */
			snprintf(r->why, sizeof(r->why), "%s:%u: %s [%s]: invariant sim.%d (%s) "
				 "violated: %s", x->s->file ? x->s->file : "?", v->loc.line,
				 v->loc.line ? "the step" : "end of run", e->text, v->number,
				 v->name, v->why);
		else if (e)
			snprintf(r->why, sizeof(r->why), "%s:%u: %s: %s",
				 x->s->file ? x->s->file : "?", e->loc.line, e->text, e->detail);
		else
			snprintf(r->why, sizeof(r->why), "the run failed");
	}
}

/*
 * A failure of the thread model itself at schedule prefix @sched: a
 * deadlock, or a lock taken against the order.  The reproducer runs the
 * prefix.
 */
static int model_failure(struct ex *x, const u32 *sched, u32 n, enum explore_failure kind,
			 const char *why)
{
	struct explore_result *r = x->r;
	struct scn *syn = NULL;
	int ret;

	r->failing++;
	if (!x->o->keep_going)
		x->stop = true;
	if (r->found)
		return 0;
	ret = synth(x, sched, n, &syn);
	if (ret)
		return ret;
	r->sched = malloc((n ? n : 1) * sizeof(*r->sched));
	if (!r->sched) {
		scn_free_synth(syn);
		return -ENOMEM;
	}
	memcpy(r->sched, sched, n * sizeof(*sched));
	r->nsched = n;
	r->found = true;
	r->failure = kind;
	r->preemptions = preemptions(x, sched, n);
	r->repro = syn;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return 0;
}

/* Deadlock: nothing runnable, something unfinished.  Returns 1 and fills @why. */
static int deadlocked(const struct ex *x, char *why, size_t len)
{
	int k = snprintf(why, len, "deadlock:");

	for (u32 i = 0; i < x->nt; i++) {
		if (finished(x, i))
			continue;
		if (k > 0 && (size_t)k < len)
			k += snprintf(why + k, len - (size_t)k, " %s waits (others hold %#x);",
				      x->r->threads[i].name, held_by_others(x, i));
		else
			break;
	}
	for (u32 i = 0; i < x->nt; i++)
		if (!finished(x, i))
			return 1;
	return 0;
}

/*
 * lockdep: thread @t is about to run its next segment while holding its
 * held locks; a lock taken twice, or an outer lock taken while an inner one
 * is held, is a failure (1, @why).  Every order seen is remembered.
 */
static int lock_order(struct ex *x, u32 t, char *why, size_t len)
{
	const struct seg *sg = &x->t[t].segs[x->pos[t]];
	u32 h = held(x, t), take = sg->locks | sg->hold_acq;

	for (u32 a = 0; a < SIM_LOCK_NR; a++) {
		if (!(h >> a & 1))
			continue;
		for (u32 b = 0; b < SIM_LOCK_NR; b++) {
			if (!(take >> b & 1))
				continue;
			x->order_seen[a] |= 1u << b;
			if (b <= a) {
				snprintf(why, len, "lock order: %s takes %s while holding %s",
					 x->r->threads[t].name, sim_lock_name((enum sim_lock)b),
					 sim_lock_name((enum sim_lock)a));
				return 1;
			}
		}
	}
	return 0;
}

/* Run schedule @sched; on a failure keep it as the result's reproducer. */
static int run_schedule_once(struct ex *x, const u32 *sched, u32 n)
{
	struct explore_result *r = x->r;
	struct run_opts ro = { .check_every_op = true, .no_series = true };
	struct run_result res;
	struct scn *syn = NULL;
	int ret = synth(x, sched, n, &syn);

	if (ret)
		return ret;
	memset(&res, 0, sizeof(res));
	ret = run_scenario(syn, &ro, &res);
	r->st.schedules++;
	r->st.ops += res.nr_ops;
	if (ret || res.status == RUN_ERROR) {
		snprintf(r->why, sizeof(r->why), "%s", res.error[0] ? res.error : "the scenario cannot run");
		run_result_free(&res);
		scn_free_synth(syn);
		return ret ? ret : -EINVAL;
	}
	if (failing(&res)) {
		r->failing++;
		if (!r->found) {
			r->found = true;
			r->sched = malloc((n ? n : 1) * sizeof(*r->sched));
			if (!r->sched) {
				run_result_free(&res);
				scn_free_synth(syn);
				return -ENOMEM;
			}
			memcpy(r->sched, sched, n * sizeof(*sched));
			r->nsched = n;
			r->failure = EXPLORE_F_RUN;
			r->preemptions = preemptions(x, sched, n);
			r->repro = syn;
			r->run = res;
			res.scn = NULL;
			describe(x, &r->run);
			r->run.scn = syn;
			syn = NULL;
		}
		if (!x->o->keep_going)
			x->stop = true;
	}
	if (syn) {
		run_result_free(&res);
		scn_free_synth(syn);
	}
	if (x->o->max_schedules && r->st.schedules >= x->o->max_schedules)
		x->stop = true;
	if (x->o->progress && r->st.schedules >= x->next_progress) {
		x->o->progress(x->o->progress_ctx, &r->st);
		x->next_progress = r->st.schedules + 64;
	}
	return 0;
}

/* ---- bounded search with sleep sets ------------------------------------- */

/*
 * Depth-first over schedule prefixes.  @cur: the thread that ran last
 * (U32_MAX at the start); @pre: preemptions so far; @sleep: threads whose
 * next segment need not be tried here (sleep sets: it was tried in a
 * sibling and commutes with everything run since).  At bound level @b
 * only schedules with exactly @b preemptions are run: the smaller ones ran
 * at the earlier levels.
 */
static int dfs(struct ex *x, u32 cur, u32 pre, u64 sleep, u32 b)
{
	struct explore_result *r = x->r;
	u64 done = 0;
	u32 order[EXPLORE_MAX_THREADS], no = 0;
	bool any = false, cur_en;
	int ret;

	r->st.states++;
	for (u32 i = 0; i < x->nt; i++)
		any |= enabled(x, i);
	if (!any) {
		char why[512];

		if (deadlocked(x, why, sizeof(why)))
			return model_failure(x, x->path, x->npath, EXPLORE_F_DEADLOCK, why);
		if (pre != b)
			return 0;
		return run_schedule_once(x, x->path, x->npath);
	}
	cur_en = cur != U32_MAX && enabled(x, cur);
	if (cur_en)
		order[no++] = cur;
	for (u32 i = 0; i < x->nt; i++)
		if (i != cur && enabled(x, i))
			order[no++] = i;
	for (u32 k = 0; k < no && !x->stop; k++) {
		u32 t = order[k], cost = cur_en && t != cur ? 1 : 0;
		u64 child = 0;

		if (sleep >> t & 1) {
			r->st.sleep_pruned++;
			continue;
		}
		if (pre + cost > b) {
			r->st.bound_pruned++;
			continue;
		}
		if (!x->o->no_por) {
			u64 z = sleep | done;

			for (u32 u = 0; u < x->nt; u++)
				if ((z >> u & 1) && commute(x, u, t))
					child |= 1ULL << u;
		}
		{
			char why[256];

			if (lock_order(x, t, why, sizeof(why))) {
				x->path[x->npath] = t;
				ret = model_failure(x, x->path, x->npath + 1, EXPLORE_F_LOCK_ORDER, why);
				if (ret || x->stop)
					return ret;
				continue;
			}
		}
		x->path[x->npath++] = t;
		x->pos[t]++;
		ret = dfs(x, t, pre + cost, child, b);
		x->pos[t]--;
		x->npath--;
		if (ret)
			return ret;
		done |= 1ULL << t;
	}
	return 0;
}

static int explore_bounded(struct ex *x)
{
	struct explore_result *r = x->r;
	int ret = 0;

	for (u32 b = 0; b <= x->o->bound && !x->stop && !ret; b++) {
		r->st.bound = b;
		ret = dfs(x, U32_MAX, 0, 0, b);
	}
	r->complete = !ret && !x->stop && !r->found;
	if (r->found && !x->o->keep_going)
		r->complete = false;
	if (x->o->keep_going && !(x->o->max_schedules && r->st.schedules >= x->o->max_schedules))
		r->complete = !ret;
	return ret;
}

/* ---- PCT ------------------------------------------------------------------ */

/*
 * PCT (Burckhardt et al., ASPLOS 2010): distinct random priorities d ..
 * d + n - 1, d - 1 change points at random steps; at each step the highest
 * priority enabled thread runs; at the i-th change point the running
 * thread's priority drops to d - i.
 */
static int explore_pct(struct ex *x)
{
	struct explore_result *r = x->r;
	u32 d = x->o->depth ? x->o->depth : 2;
	u64 *prio = calloc(x->nt, sizeof(*prio)), *chg = calloc(d, sizeof(*chg));
	struct xrand rng;
	int ret = 0;

	if (!prio || !chg) {
		free(prio);
		free(chg);
		return -ENOMEM;
	}
	xrand_seed(&rng, x->o->seed);
	for (u64 run = 0; run < x->o->runs && !x->stop && !ret; run++) {
		for (u32 i = 0; i < x->nt; i++)
			prio[i] = d + i;
		for (u32 i = x->nt; i > 1; i--) {	/* Fisher-Yates */
			u32 j = (u32)xrand_below(&rng, i);
			u64 tmp = prio[i - 1];

			prio[i - 1] = prio[j];
			prio[j] = tmp;
		}
		for (u32 i = 0; i + 1 < d; i++)
			chg[i] = xrand_below(&rng, x->total ? x->total : 1);
		memset(x->pos, 0, x->nt * sizeof(*x->pos));
		x->npath = 0;
		for (;;) {
			u32 best = U32_MAX;
			char why[512];

			for (u32 i = 0; i < x->nt; i++)
				if (enabled(x, i) && (best == U32_MAX || prio[i] > prio[best]))
					best = i;
			if (best == U32_MAX && deadlocked(x, why, sizeof(why))) {
				ret = model_failure(x, x->path, x->npath, EXPLORE_F_DEADLOCK, why);
				goto next;
			}
			if (best == U32_MAX)
				break;
			if (lock_order(x, best, why, sizeof(why))) {
				x->path[x->npath] = best;
				ret = model_failure(x, x->path, x->npath + 1, EXPLORE_F_LOCK_ORDER, why);
				goto next;
			}
			for (u32 i = 0; i + 1 < d; i++)
				if (chg[i] == x->npath)
					prio[best] = d - 1 - i;
			x->path[x->npath++] = best;
			x->pos[best]++;
			r->st.states++;
		}
		ret = run_schedule_once(x, x->path, x->npath);
		continue;
next:
		r->st.schedules++;
	}
	free(prio);
	free(chg);
	return ret;
}

/*
 * After PCT found a failing schedule with P > 0 preemptions: look for one
 * with fewer by the bounded search over bounds 0 .. P - 1 (iterative
 * deepening: the first found has the fewest), at most EXPLORE_MINIMISE_MAX
 * schedules.  Keeps the PCT schedule when nothing is found.
 */
static int minimise(struct ex *x)
{
	struct explore_result *r = x->r, keep = *r;
	struct explore_opts o = *x->o;
	const struct explore_opts *saved = x->o;
	u64 before = r->st.schedules;
	int ret;

	if (!r->found || !r->preemptions || x->o->keep_going)
		return 0;
	r->found = false;
	r->sched = NULL;
	r->nsched = 0;
	r->repro = NULL;
	memset(&r->run, 0, sizeof(r->run));
	o.mode = EXPLORE_BOUNDED;
	o.bound = keep.preemptions - 1;
	o.max_schedules = before + EXPLORE_MINIMISE_MAX;
	x->o = &o;
	x->stop = false;
	memset(x->pos, 0, x->nt * sizeof(*x->pos));
	x->npath = 0;
	ret = explore_bounded(x);
	x->o = saved;
	if (!ret && r->found) {
		/* the smaller schedule stands; the PCT one goes */
		run_result_free(&keep.run);
		scn_free_synth(keep.repro);
		free(keep.sched);
		r->minimised = true;
	} else {
		if (r->found) {
			run_result_free(&r->run);
			scn_free_synth(r->repro);
			free(r->sched);
		}
		r->found = true;
		r->sched = keep.sched;
		r->nsched = keep.nsched;
		r->repro = keep.repro;
		r->run = keep.run;
		r->failure = keep.failure;
		r->preemptions = keep.preemptions;
		memcpy(r->why, keep.why, sizeof(r->why));
	}
	r->mode = EXPLORE_PCT;
	r->complete = false;
	return ret;
}

/* ---- entry points ----------------------------------------------------------- */

static int bugs_merge(struct ex *x)
{
	const struct scn *s = x->s;
	u32 n = s->nr_bugs;

	x->bugs = calloc(s->nr_bugs + SIM_BUG_NR + 1, sizeof(*x->bugs));
	if (!x->bugs)
		return -ENOMEM;
	if (s->nr_bugs)
		memcpy(x->bugs, s->bugs, s->nr_bugs * sizeof(*x->bugs));
	for (u32 b = 0; b < SIM_BUG_NR; b++) {
		bool have = false;

		if (!(x->o->bugs & SIM_BUG(b)))
			continue;
		for (u32 i = 0; i < s->nr_bugs; i++)
			have |= !strcmp(s->bugs[i], sim_bugs[b].name);
		if (!have)
			x->bugs[n++] = sim_bugs[b].name;
	}
	x->nr_bugs = n;
	return 0;
}

int explore_scenario(const struct scn *s, const struct explore_opts *o, struct explore_result *r)
{
	struct ex *x;
	int ret;

	memset(r, 0, sizeof(*r));
	r->mode = o->mode;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	r->priv = x;
	x->s = s;
	x->o = o;
	x->r = r;
	x->next_progress = 1;
	/* the revision names of sim/yield_points.def */
	x->rev = drv_rev_name(o->has_rev ? o->rev : s->rev);
	r->revision = x->rev;
	r->addr_mode = o->has_mode ? o->mode_override : s->mode;
	x->sched_queue = sim_yield_in_revision(&sim_yields[SIM_YP_SUBMIT_SCHED_QUEUE], x->rev);
	ret = bugs_merge(x);
	if (!ret)
		ret = build_threads(x);
	if (ret == -EINVAL)
		snprintf(r->why, sizeof(r->why), "more than %u threads (client instances and TDRs)",
			 EXPLORE_MAX_THREADS);
	if (ret)
		return ret;
	x->pos = calloc(x->nt, sizeof(*x->pos));
	x->path = calloc(x->total ? x->total : 1, sizeof(*x->path));
	if (!x->pos || !x->path || x->total > U32_MAX)
		return -ENOMEM;
	ret = o->mode == EXPLORE_PCT ? explore_pct(x) : explore_bounded(x);
	if (!ret && o->mode == EXPLORE_PCT)
		ret = minimise(x);
	if (o->progress)
		o->progress(o->progress_ctx, &r->st);
	return ret;
}

int explore_write_repro(const struct explore_result *r, FILE *f)
{
	if (!r->found || !r->repro)
		return -ENOENT;
	fprintf(f, "# xdnasim explore: a failing schedule (%u preemption%s) of %s\n",
		r->preemptions, r->preemptions == 1 ? "" : "s", r->repro->file ? r->repro->file : "?");
	fprintf(f, "# first failure: %s\n", r->why);
	fputs("# threads:", f);
	for (u32 i = 0; i < r->nthreads; i++)
		fprintf(f, " %s", r->threads[i].name);
	fputs("\n# schedule (thread per segment):", f);
	for (u32 k = 0; k < r->nsched; k++)
		fprintf(f, " %s", r->threads[r->sched[k]].name);
	fputs("\n# replay: xdnasim run --check-every-op THIS_FILE\n", f);
	if (scn_dump(r->repro, f, 0))
		return -EIO;
	return ferror(f) ? -EIO : 0;
}

void explore_result_free(struct explore_result *r)
{
	struct ex *x = r->priv;

	if (x) {
		for (u32 i = 0; x->t && i < x->nt; i++)
			free(x->t[i].segs);
		free(x->t);
		free(x->inst_client);
		free(x->pos);
		free(x->path);
		free(x->bugs);
		free(x);
	}
	if (r->found)
		run_result_free(&r->run);
	scn_free_synth(r->repro);
	free(r->threads);
	free(r->sched);
	memset(r, 0, sizeof(*r));
}
