// SPDX-License-Identifier: MIT
/*
 * import.c - capture → scenario (import.h).
 *
 * Records are taken in file order.  Each client keeps a small state machine
 * for the shim's patterns (initial heap, expand-and-retry, close cleanup);
 * whatever does not fit a pattern is written as the raw step it is
 * (chunk_create, mmap, munmap, chunk_close, alloc with path: ioctl).  Steps
 * are collected first (an allocation's device address arrives with the
 * GET_BO_INFO after it) and written at the end.
 */
#include "capture/import.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "capture/uapi.h"
#include "common/errname.h"

#define MIB (1024ULL * 1024)
#define CHUNK (64 * MIB)
#define SHIM_MAX_HEAP (512 * MIB)
#define MAX_CHUNKS 8
#define MAX_HANDLE (1U << 24)

enum step_kind { ST_TEXT, ST_ALLOC, ST_EXEC };

struct step {
	u32 client;
	enum step_kind kind;
	char *text;		/* ST_TEXT: the step's YAML after "- " */
	/* ST_ALLOC */
	u32 label;
	u64 size;
	bool ioctl;		/* path: ioctl (no retry loop) */
	int err;		/* final result, 0 = ok */
	u32 expansions;
	bool has_addr;
	u64 addr;
	/* ST_EXEC: text is "hwctx: ctxN, bos: [...]"; how the job ended, if not completed */
	const char *job;
	long pid;
	s64 fd;
	u64 hwctx, seq;
};

enum cstate {
	CS_AWAIT_HEAP,		/* opened; the shim's initial chunk may follow */
	CS_HEAP_CREATED,	/* initial chunk created, not yet mapped */
	CS_READY,
	CS_CLOSED,
};

enum astage { AS_NONE, AS_WAIT_EXPAND, AS_EXP_CREATED, AS_EXPANDED, AS_DONE };

struct chunk {
	u32 handle;
	u64 size, offset, map_offset, xdna;
	u64 uva;		/* where it is mapped now */
	bool have_info, mapped;
};

struct cleanup {
	bool munmap;		/* else gem_close */
	u32 chunk;
	u64 uva;
};

struct client {
	long pid;
	s64 fd;
	u32 idx;
	bool keep;
	enum cstate state;
	struct chunk chunks[MAX_CHUNKS];
	u32 nchunks;
	u64 committed;		/* bytes of chunks the shim created */
	u64 base;
	bool have_base;
	s32 *label_of;		/* DEV BO handle -> label, -1 none */
	u32 nlabel_of;
	u32 *hwctx_h;		/* hwctx handles, index = ctx number */
	u32 nhwctx;
	/* the allocation in progress */
	enum astage astage;
	u32 astep;
	u64 asize;
	/* chunk unmaps/closes that may belong to a close */
	struct cleanup cl[2 * MAX_CHUNKS];
	u32 ncl;
	u64 last_t;
};

struct imp {
	const struct imp_options *opt;
	const struct cap_file *cap;
	struct step *steps;
	u64 nsteps, cap_steps;
	struct client *clients;
	u32 nclients, cap_clients;
	char (*labels)[40];
	u32 nlabels, cap_labels;
	u32 pages;		/* shim.num_heap_pages of the first client (0 = unset) */
	u64 fw_major, fw_minor;	/* from an AIE version query, if the capture has one */
	bool have_fw;
	bool emulated;
	u64 t0;
	bool have_t0;
	u64 skipped[16];
	const char *skipped_name[16];
	u32 nskipped;
	char *why;
	size_t len;
	u32 line;
	struct imp_stats *stats;
};

static int ierr(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int ierr(struct imp *im, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(im->why, im->len, "%s:%u: %s", im->opt->source ? im->opt->source : "capture",
		 im->line, msg);
	return -EINVAL;
}

static int grow(void **p, u64 *cap, u64 need, size_t elem)
{
	u64 n;
	void *q;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static void skip_note(struct imp *im, const char *what)
{
	u32 i;

	for (i = 0; i < im->nskipped; i++)
		if (!strcmp(im->skipped_name[i], what))
			break;
	if (i == im->nskipped) {
		if (im->nskipped == 16)
			i = 15;	/* the table is larger than the kinds of calls */
		else
			im->skipped_name[im->nskipped++] = what;
	}
	im->skipped[i]++;
	im->stats->skipped++;
}

/* --- steps -------------------------------------------------------------- */

static struct step *step_new(struct imp *im, struct client *c, enum step_kind kind)
{
	struct step *s;

	if (grow((void **)&im->steps, &im->cap_steps, im->nsteps + 1, sizeof(*im->steps)))
		return NULL;
	s = &im->steps[im->nsteps++];
	memset(s, 0, sizeof(*s));
	s->client = c->idx;
	s->kind = kind;
	im->stats->steps++;
	return s;
}

static int step_text(struct imp *im, struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int step_text(struct imp *im, struct client *c, const char *fmt, ...)
{
	struct step *s = step_new(im, c, ST_TEXT);
	va_list ap;
	int n;

	if (!s)
		return -ENOMEM;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s->text = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!s->text) {
		im->nsteps--;
		return -ENOMEM;
	}
	va_start(ap, fmt);
	vsnprintf(s->text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return 0;
}

/* ", expect: ENAME" for a failure, "" for success (imported expectations). */
static const char *expect_of(const struct imp *im, s64 ret, char *buf, size_t len)
{
	if (ret >= 0 || im->opt->scale_num != im->opt->scale_den) {
		buf[0] = 0;
		return buf;
	}
	snprintf(buf, len, ", expect: %s", xerrname((int)-ret));
	return buf;
}

/* --- labels and handles ------------------------------------------------- */

static const char *size_class(u64 size, char *buf, size_t len)
{
	u64 p = 4096;

	while (p < size && p < (1ULL << 62))
		p <<= 1;
	if (p >= (1ULL << 30))
		snprintf(buf, len, "%llug", (unsigned long long)(p >> 30));
	else if (p >= MIB)
		snprintf(buf, len, "%llum", (unsigned long long)(p >> 20));
	else
		snprintf(buf, len, "%lluk", (unsigned long long)(p >> 10));
	return buf;
}

static int label_new(struct imp *im, u64 size, u32 *out)
{
	u64 cap = im->cap_labels;
	char cls[16];

	if (grow((void **)&im->labels, &cap, im->nlabels + 1, sizeof(*im->labels)))
		return -ENOMEM;
	im->cap_labels = (u32)cap;
	snprintf(im->labels[im->nlabels], sizeof(im->labels[0]), "dev_%s_%u",
		 size_class(size, cls, sizeof(cls)), im->nlabels);
	*out = im->nlabels++;
	return 0;
}

static int handle_set(struct imp *im, struct client *c, u32 handle, s32 label)
{
	if (handle >= MAX_HANDLE)
		return ierr(im, "BO handle %u is out of range", handle);
	if (handle >= c->nlabel_of) {
		u32 n = c->nlabel_of ? c->nlabel_of : 64;
		s32 *q;

		while (n <= handle)
			n *= 2;
		q = realloc(c->label_of, n * sizeof(*q));
		if (!q)
			return -ENOMEM;
		for (u32 i = c->nlabel_of; i < n; i++)
			q[i] = -1;
		c->label_of = q;
		c->nlabel_of = n;
	}
	c->label_of[handle] = label;
	return 0;
}

static s32 label_of(const struct client *c, u64 handle)
{
	return handle < c->nlabel_of ? c->label_of[handle] : -1;
}

static s32 chunk_by_handle(const struct client *c, u64 handle)
{
	for (u32 k = 0; k < c->nchunks; k++)
		if (c->chunks[k].handle == handle)
			return (s32)k;
	return -1;
}

static s32 hwctx_index(const struct client *c, u64 handle)
{
	for (u32 i = 0; i < c->nhwctx; i++)
		if (c->hwctx_h[i] == handle)
			return (s32)i;
	return -1;
}

/* --- flushing pending patterns ------------------------------------------ */

static int open_step(struct imp *im, struct client *c, bool heap)
{
	if (heap)
		return step_text(im, c, "open");
	return step_text(im, c, "open: {heap: false}");
}

/*
 * The shim gave up on an allocation whose last answer was EAGAIN: at the
 * 512 MiB cap it returns ENOSPC without another ioctl; anything else was a
 * plain ioctl without the retry loop.
 */
static void alloc_finish(struct imp *im, struct client *c)
{
	struct step *s;

	if (c->astage == AS_NONE || c->astage == AS_DONE) {
		c->astage = AS_NONE;
		return;
	}
	s = &im->steps[c->astep];
	if (c->astage == AS_WAIT_EXPAND) {
		if (c->committed >= SHIM_MAX_HEAP) {
			s->err = -ENOSPC;
		} else {
			s->err = -EAGAIN;
			s->ioctl = s->expansions == 0;
		}
	}
	c->astage = AS_NONE;
}

static int ensure_open(struct imp *im, struct client *c)
{
	int ret = 0;

	if (c->state == CS_AWAIT_HEAP) {
		ret = open_step(im, c, false);
		c->state = CS_READY;
	} else if (c->state == CS_HEAP_CREATED) {
		/* a chunk was created but not mapped as the shim maps its first */
		ret = open_step(im, c, false);
		if (!ret)
			ret = step_text(im, c, "chunk_create: %" PRIu64, c->chunks[0].size);
		c->state = CS_READY;
	}
	return ret;
}

static int cleanup_flush(struct imp *im, struct client *c)
{
	int ret = 0;

	for (u32 i = 0; i < c->ncl && !ret; i++) {
		if (c->cl[i].munmap)
			ret = step_text(im, c, "munmap: {chunk: %u}", c->cl[i].chunk);
		else
			ret = step_text(im, c, "chunk_close: %u", c->cl[i].chunk);
	}
	c->ncl = 0;
	return ret;
}

/* Before a step that is not part of a pattern. */
static int settle(struct imp *im, struct client *c)
{
	int ret;

	alloc_finish(im, c);
	ret = ensure_open(im, c);
	if (!ret)
		ret = cleanup_flush(im, c);
	return ret;
}

/* --- records ------------------------------------------------------------ */

/*
 * The driver's answer to the CREATE_BO(DEV) of the allocation in progress
 * (@s): a handle ends it, EAGAIN waits for the shim's expansion, anything
 * else is its failure.
 */
static int alloc_answer(struct imp *im, struct client *c, struct step *s, s64 ret, u64 handle)
{
	if (ret == 0) {
		c->astage = AS_DONE;
		return handle_set(im, c, (u32)handle, (s32)s->label);
	}
	if (ret == -EAGAIN) {
		c->astage = AS_WAIT_EXPAND;
		return 0;
	}
	s->err = (int)ret;
	c->astage = AS_NONE;
	return 0;
}

static int on_create_bo(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 type = 0, size = 0, handle = 0;
	struct step *s;
	int e;

	if (!cap_u64(r, "type", &type) || !cap_u64(r, "size", &size))
		return ierr(im, "create_bo without type or size");
	if (ret == 0 && !cap_u64(r, "out_handle", &handle))
		return ierr(im, "create_bo succeeded without out_handle");
	if (type == XU_BO_DEV) {
		if (c->astage == AS_EXPANDED && size == c->asize) {
			s = &im->steps[c->astep];
			s->expansions++;
			im->stats->expansions++;
			return alloc_answer(im, c, s, ret, handle);
		}
		e = settle(im, c);
		if (e)
			return e;
		s = step_new(im, c, ST_ALLOC);
		if (!s)
			return -ENOMEM;
		e = label_new(im, size, &s->label);
		if (e)
			return e;
		s->size = size;
		c->astep = (u32)(s - im->steps);
		c->asize = size;
		im->stats->allocs++;
		return alloc_answer(im, c, s, ret, handle);
	}
	if (type == XU_BO_DEV_HEAP) {
		struct chunk *ch;

		if (ret == 0 && c->nchunks == MAX_CHUNKS)
			return ierr(im, "more than %d heap chunks in one client", MAX_CHUNKS);
		if (ret == 0 && c->state == CS_AWAIT_HEAP && c->nchunks == 0) {
			c->state = CS_HEAP_CREATED;
		} else if (ret == 0 && c->astage == AS_WAIT_EXPAND) {
			c->astage = AS_EXP_CREATED;
		} else {
			char ex[48];

			e = settle(im, c);
			if (!e)
				e = step_text(im, c, "chunk_create: {size: %" PRIu64 "%s}", size,
					      expect_of(im, ret, ex, sizeof(ex)));
			if (e || ret)
				return e;
		}
		ch = &c->chunks[c->nchunks++];
		memset(ch, 0, sizeof(*ch));
		ch->handle = (u32)handle;
		ch->size = size;
		ch->offset = c->committed;
		c->committed += size;
		return 0;
	}
	skip_note(im, type == XU_BO_CMD ? "create_bo CMD" : "create_bo SHARE");
	return 0;
}

static int on_get_bo_info(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 handle = 0, v;
	s32 k, l;

	if (!cap_u64(r, "handle", &handle))
		return ierr(im, "get_bo_info without handle");
	if (ret)
		return 0;
	k = chunk_by_handle(c, handle);
	if (k >= 0) {
		if (cap_u64(r, "map_offset", &v))
			c->chunks[k].map_offset = v;
		if (cap_u64(r, "xdna_addr", &v))
			c->chunks[k].xdna = v;
		c->chunks[k].have_info = true;
		return 0;
	}
	l = label_of(c, handle);
	if (l >= 0 && c->astage == AS_DONE && im->steps[c->astep].label == (u32)l &&
	    cap_u64(r, "xdna_addr", &v)) {
		im->steps[c->astep].has_addr = true;
		im->steps[c->astep].addr = v;
	}
	return 0;
}

static int on_mmap(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 off = 0, uva = 0;
	char ex[48];
	s32 k = -1;
	int e;

	if (!cap_u64(r, "offset", &off))
		return ierr(im, "mmap without offset");
	if (ret == 0 && !cap_u64(r, "uva", &uva))
		return ierr(im, "mmap succeeded without uva");
	for (u32 i = 0; i < c->nchunks; i++)
		if (c->chunks[i].have_info && c->chunks[i].map_offset == off)
			k = (s32)i;
	if (k < 0) {
		skip_note(im, "mmap of a SHARE/CMD BO");
		return 0;
	}
	if (ret == 0) {
		c->chunks[k].uva = uva;
		c->chunks[k].mapped = true;
	}
	if (ret == 0 && c->state == CS_HEAP_CREATED && k == 0) {
		u32 pages = (u32)(c->chunks[0].size / CHUNK);

		c->base = uva;
		c->have_base = true;
		c->state = CS_READY;
		if (!im->pages && c->chunks[0].size % CHUNK == 0 && pages >= 1 && pages <= 8)
			im->pages = pages;
		if (im->pages && c->chunks[0].size == CHUNK * im->pages)
			return open_step(im, c, true);
		/* another initial size than the first client's: raw steps */
		e = open_step(im, c, false);
		if (!e)
			e = step_text(im, c, "chunk_create: %" PRIu64, c->chunks[0].size);
		if (!e)
			e = step_text(im, c, "mmap: {chunk: 0}");
		return e;
	}
	if (ret == 0 && c->astage == AS_EXP_CREATED && (u32)k == c->nchunks - 1 && c->have_base &&
	    uva == c->base + c->chunks[k].offset) {
		c->astage = AS_EXPANDED;
		return 0;
	}
	e = settle(im, c);
	if (e)
		return e;
	if (ret == 0 && c->have_base && uva == c->base + c->chunks[k].offset)
		return step_text(im, c, "mmap: {chunk: %d%s}", k, expect_of(im, ret, ex, sizeof(ex)));
	return step_text(im, c, "mmap: {chunk: %d, at: 0x%" PRIx64 "%s}", k,
			 ret == 0 ? uva : c->base + c->chunks[k].offset,
			 expect_of(im, ret, ex, sizeof(ex)));
}

static int on_gem_close(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 handle = 0;
	char ex[48];
	s32 l, k;
	int e;

	if (!cap_u64(r, "handle", &handle))
		return ierr(im, "gem_close without handle");
	k = chunk_by_handle(c, handle);
	if (k >= 0 && ret == 0 && c->ncl < 2 * MAX_CHUNKS) {
		c->cl[c->ncl++] = (struct cleanup){ .munmap = false, .chunk = (u32)k };
		return 0;
	}
	l = label_of(c, handle);
	if (l < 0) {
		if (k >= 0) {
			e = settle(im, c);
			return e ? e : step_text(im, c, "chunk_close: {chunk: %d%s}", k,
						 expect_of(im, ret, ex, sizeof(ex)));
		}
		return 0;	/* a SHARE/CMD BO: its creation is already noted */
	}
	e = settle(im, c);
	if (e)
		return e;
	if (ret == 0)
		c->label_of[handle] = -1;
	return step_text(im, c, "free: {label: %s%s}", im->labels[l], expect_of(im, ret, ex, sizeof(ex)));
}

static int on_munmap(struct imp *im, const struct cap_record *r, long pid, s64 ret)
{
	u64 addr = 0, len = 0;

	if (!cap_u64(r, "addr", &addr) || !cap_u64(r, "len", &len))
		return ierr(im, "munmap without addr or len");
	for (u32 i = 0; i < im->nclients; i++) {
		struct client *c = &im->clients[i];

		if (c->pid != pid || c->state == CS_CLOSED || !c->keep)
			continue;
		for (u32 k = 0; k < c->nchunks; k++) {
			struct chunk *ch = &c->chunks[k];

			if (!ch->mapped || ch->uva < addr || ch->uva - addr >= len || ret)
				continue;
			ch->mapped = false;
			if (c->ncl < 2 * MAX_CHUNKS)
				c->cl[c->ncl++] = (struct cleanup){ .munmap = true, .chunk = k,
								    .uva = ch->uva };
		}
	}
	return 0;
}

static int on_hwctx(struct imp *im, struct client *c, const struct cap_record *r, s64 ret,
		    bool create)
{
	u64 h = 0;
	char ex[48];
	s32 i;
	int e = settle(im, c);

	if (e)
		return e;
	if (create) {
		u32 *q = realloc(c->hwctx_h, (c->nhwctx + 1) * sizeof(*q));

		if (!q)
			return -ENOMEM;
		c->hwctx_h = q;
		if (ret == 0 && !cap_u64(r, "out_handle", &h))
			return ierr(im, "create_hwctx succeeded without out_handle");
		c->hwctx_h[c->nhwctx] = ret == 0 ? (u32)h : 0;
		/* the app configures its CUs itself (config_cu): the bare CREATE_HWCTX */
		return step_text(im, c, "hwctx_create: {name: ctx%u, cu: none%s}", c->nhwctx++,
				 expect_of(im, ret, ex, sizeof(ex)));
	}
	if (!cap_u64(r, "handle", &h) || (i = hwctx_index(c, h)) < 0)
		return ierr(im, "destroy_hwctx of an unknown hardware context");
	if (ret == 0)
		c->hwctx_h[i] = 0;
	return step_text(im, c, "hwctx_destroy: {name: ctx%d%s}", i, expect_of(im, ret, ex, sizeof(ex)));
}

/* "[a, b, c]" of the DEV BO labels among @handles; the others are noted. */
static char *label_list(struct imp *im, struct client *c, const struct cap_field *f,
			const char *what, u32 *n)
{
	size_t cap = 3 + (f ? f->narr : 0) * 42;
	char *s = malloc(cap), *p = s;

	*n = 0;
	if (!s)
		return NULL;
	*p++ = '[';
	for (u32 i = 0; f && i < f->narr; i++) {
		s32 l = label_of(c, f->arr[i]);

		if (l < 0) {
			skip_note(im, what);
			continue;
		}
		p += sprintf(p, "%s%s", *n ? ", " : "", im->labels[l]);
		(*n)++;
	}
	*p++ = ']';
	*p = 0;
	return s;
}

static int on_bos_step(struct imp *im, struct client *c, const struct cap_record *r, s64 ret,
		       bool exec)
{
	const struct cap_field *f = cap_get(r, exec ? "args" : "cu_bos");
	u64 h = 0;
	char ex[48], *list;
	s32 i;
	u32 n;
	int e = settle(im, c);

	if (e)
		return e;
	if (!cap_u64(r, exec ? "hwctx" : "handle", &h) || (i = hwctx_index(c, h)) < 0)
		return ierr(im, "%s on an unknown hardware context", exec ? "exec_cmd" : "config_hwctx");
	if (f && f->kind != CAP_ARRAY)
		return ierr(im, "'%s' is not an array", f->key);
	if (!exec && !f) {
		skip_note(im, "config_hwctx other than CONFIG_CU");
		return 0;
	}
	list = label_list(im, c, f, exec ? "exec argument that is not a DEV BO" :
					   "CU configuration BO that is not a DEV BO", &n);
	if (!list)
		return -ENOMEM;
	if (exec) {
		u64 seq = 0;

		im->stats->execs++;
		e = step_text(im, c, "hwctx: ctx%d, bos: %s%s", i, list,
			      expect_of(im, ret, ex, sizeof(ex)));
		if (!e) {
			struct step *s = &im->steps[im->nsteps - 1];

			s->kind = ST_EXEC;
			s->pid = c->pid;
			s->fd = c->fd;
			s->hwctx = h;
			s->seq = ret == 0 && cap_u64(r, "out_seq", &seq) ? seq : UINT64_MAX;
		}
	} else if (n) {
		e = step_text(im, c, "config_cu: {hwctx: ctx%d, bos: %s%s}", i, list,
			      expect_of(im, ret, ex, sizeof(ex)));
	}
	free(list);
	return e;
}

static int on_sync(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 h = 0, dir = 0, off = 0, size = 0;
	char ex[48];
	s32 l, k;
	int e = settle(im, c);

	if (e)
		return e;
	if (!cap_u64(r, "handle", &h) || !cap_u64(r, "direction", &dir) ||
	    !cap_u64(r, "offset", &off) || !cap_u64(r, "size", &size))
		return ierr(im, "sync_bo without handle, direction, offset or size");
	l = label_of(c, h);
	k = chunk_by_handle(c, h);
	if (l < 0 && k < 0) {
		skip_note(im, "sync_bo of a SHARE/CMD BO");
		return 0;
	}
	if (l >= 0)
		return step_text(im, c, "sync: {label: %s, offset: %" PRIu64 ", size: %" PRIu64
				 ", direction: %s, path: driver%s}", im->labels[l], off, size,
				 dir == XU_SYNC_FROM_DEVICE ? "from_device" : "to_device",
				 expect_of(im, ret, ex, sizeof(ex)));
	return step_text(im, c, "sync: {chunk: %d, offset: %" PRIu64 ", size: %" PRIu64
			 ", direction: %s, path: driver%s}", k, off, size,
			 dir == XU_SYNC_FROM_DEVICE ? "from_device" : "to_device",
			 expect_of(im, ret, ex, sizeof(ex)));
}

static int on_close(struct imp *im, struct client *c)
{
	int e;

	alloc_finish(im, c);
	e = ensure_open(im, c);
	c->ncl = 0;	/* the shim's own cleanup: part of close */
	if (!e)
		e = step_text(im, c, "close");
	c->state = CS_CLOSED;
	return e;
}

/*
 * The client behind @fd in @pid; failing that, the newest open client with
 * that descriptor in another process (a descriptor inherited across fork()
 * names the same device file).
 */
/*
 * WAIT_CMD tells how the job ended (the ERT state the program read from its
 * command BO): a job that did not complete gets its outcome as the exec's
 * expectation.  The exec is searched from the newest step back: waits
 * follow their submissions closely.
 */
static int on_wait(struct imp *im, struct client *c, const struct cap_record *r, s64 ret)
{
	u64 hw = 0, seq = 0, state = 0;
	const char *job;

	if (!cap_u64(r, "hwctx", &hw) || !cap_u64(r, "seq", &seq))
		return ierr(im, "wait_cmd without hwctx or seq");
	if (ret == -ETIME)
		job = "timeout";	/* still running when the program stopped waiting */
	else if (ret || !cap_u64(r, "state", &state) || state == XU_ERT_STATE_COMPLETED)
		return 0;
	else if (state == XU_ERT_STATE_TIMEOUT)
		job = "timeout";
	else
		job = "aborted";	/* ERROR, ABORT */
	for (u64 k = im->nsteps; k-- > 0;) {
		struct step *s = &im->steps[k];

		if (s->kind == ST_EXEC && s->pid == c->pid && s->fd == c->fd && s->hwctx == hw &&
		    s->seq == seq) {
			s->job = job;
			break;
		}
	}
	return 0;
}

static struct client *client_find(struct imp *im, long pid, s64 fd)
{
	struct client *other = NULL;

	for (u32 i = im->nclients; i-- > 0;) {
		struct client *c = &im->clients[i];

		if (c->fd != fd || c->state == CS_CLOSED)
			continue;
		if (c->pid == pid)
			return c;
		if (!other)
			other = c;
	}
	return other;
}

static int on_open(struct imp *im, long pid, s64 ret)
{
	struct client *c;
	u64 cap = im->cap_clients;
	u32 n = im->nclients;

	if (ret < 0)
		return 0;	/* no device file: nothing happened */
	if (grow((void **)&im->clients, &cap, n + 1, sizeof(*im->clients)))
		return -ENOMEM;
	im->cap_clients = (u32)cap;
	c = &im->clients[im->nclients++];
	memset(c, 0, sizeof(*c));
	c->pid = pid;
	c->fd = ret;
	c->idx = n;
	c->keep = !im->opt->keep || (n < im->opt->nkeep && im->opt->keep[n]);
	c->state = CS_AWAIT_HEAP;
	if (c->keep)
		im->stats->clients++;
	return 0;
}

static int time_gap(struct imp *im, struct client *c, u64 t)
{
	u64 gap = t > c->last_t ? t - c->last_t : 0;
	bool wall = im->opt->time == IMP_TIME_WALL ||
		    (im->opt->time == IMP_TIME_AUTO && !im->emulated);

	c->last_t = t;
	if (!wall || gap < 1000000 || (c->astage != AS_NONE && c->astage != AS_DONE) ||
	    c->state != CS_READY)
		return 0;
	return step_text(im, c, "advance: %" PRIu64 "ms", gap / 1000000);
}

static int on_record(struct imp *im, const struct cap_record *r)
{
	s64 pid = 0, fd = -1, ret = 0;
	u64 t = 0;
	struct client *c;
	int e;

	im->line = r->line;
	if (!cap_num(r, "pid", &pid) || !cap_u64(r, "t", &t))
		return ierr(im, "record without pid or t");
	if (!im->have_t0) {
		im->t0 = t;
		im->have_t0 = true;
	}
	if (im->opt->until_ms && t - im->t0 > im->opt->until_ms * 1000000ULL)
		return 1;	/* past the window: stop */
	if (!strcmp(r->call, "start"))
		return 0;
	if (!cap_num(r, "ret", &ret))
		return ierr(im, "'%s' record without ret", r->call);
	if (!strcmp(r->call, "open"))
		return on_open(im, (long)pid, ret);
	if (!strcmp(r->call, "munmap"))
		return on_munmap(im, r, (long)pid, ret);
	if (!cap_num(r, "fd", &fd))
		return ierr(im, "'%s' record without fd", r->call);
	c = client_find(im, (long)pid, fd);
	if (!c)
		return ierr(im, "'%s' on fd %lld, which no open in process %lld returned", r->call,
			    (long long)fd, (long long)pid);
	if (!c->keep)
		return !strcmp(r->call, "close") ? (c->state = CS_CLOSED, 0) : 0;
	e = time_gap(im, c, t);
	if (e)
		return e;
	if (!strcmp(r->call, "create_bo"))
		return on_create_bo(im, c, r, ret);
	if (!strcmp(r->call, "get_bo_info"))
		return on_get_bo_info(im, c, r, ret);
	if (!strcmp(r->call, "mmap"))
		return on_mmap(im, c, r, ret);
	if (!strcmp(r->call, "gem_close"))
		return on_gem_close(im, c, r, ret);
	if (!strcmp(r->call, "create_hwctx") || !strcmp(r->call, "destroy_hwctx"))
		return on_hwctx(im, c, r, ret, r->call[0] == 'c');
	if (!strcmp(r->call, "config_hwctx"))
		return on_bos_step(im, c, r, ret, false);
	if (!strcmp(r->call, "exec_cmd"))
		return on_bos_step(im, c, r, ret, true);
	if (!strcmp(r->call, "sync_bo"))
		return on_sync(im, c, r, ret);
	if (!strcmp(r->call, "close"))
		return on_close(im, c);
	if (!strcmp(r->call, "wait_cmd"))
		return on_wait(im, c, r, ret);
	if (!strcmp(r->call, "get_info") && !im->have_fw && ret == 0 &&
	    cap_u64(r, "aie_major", &im->fw_major) && cap_u64(r, "aie_minor", &im->fw_minor))
		im->have_fw = true;
	if (!strcmp(r->call, "get_info") || !strcmp(r->call, "prime_export") ||
	    !strcmp(r->call, "prime_import") || !strcmp(r->call, "ioctl")) {
		skip_note(im, r->call);
		return 0;
	}
	return ierr(im, "unknown call '%s'", r->call);
}

/* --- output ------------------------------------------------------------- */

static u64 scaled(const struct imp *im, u64 size)
{
	unsigned __int128 v = (unsigned __int128)size * im->opt->scale_num;
	u64 s;

	if (!size || im->opt->scale_num == im->opt->scale_den)
		return size;	/* a 0-byte request stays one: its EINVAL is the point */
	v = (v + im->opt->scale_den - 1) / im->opt->scale_den;
	s = v > (1ULL << 32) ? (1ULL << 32) : (u64)v;
	return s ? s : 1;
}

static void write_step(const struct imp *im, const struct step *s, FILE *out)
{
	bool exact = im->opt->scale_num == im->opt->scale_den;

	if (s->kind == ST_TEXT) {
		fprintf(out, "      - %s\n", s->text);
		return;
	}
	if (s->kind == ST_EXEC) {
		if (s->job && exact)
			fprintf(out, "      - exec: {%s, expect: {job: %s}}\n", s->text, s->job);
		else
			fprintf(out, "      - exec: {%s}\n", s->text);
		return;
	}
	fprintf(out, "      - alloc: {label: %s, size: %" PRIu64 "%s", im->labels[s->label],
		scaled(im, s->size), s->ioctl ? ", path: ioctl" : "");
	if (exact && s->err)
		fprintf(out, ", expect: %s", xerrname(s->err));
	else if (exact && s->has_addr && !s->ioctl)
		fprintf(out, ", expect: {result: ok, addr: 0x%" PRIx64 ", expansions: %u}", s->addr,
			s->expansions);
	else if (exact && s->has_addr)
		fprintf(out, ", expect: {result: ok, addr: 0x%" PRIx64 "}", s->addr);
	else if (exact && !s->ioctl)
		fprintf(out, ", expect: {result: ok, expansions: %u}", s->expansions);
	fputs("}\n", out);
}

static void yaml_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static int write_scenario(struct imp *im, FILE *out)
{
	const struct imp_options *o = im->opt;
	u32 kept = 0, *order;
	u64 *first, *last, *next;

	fprintf(out, "# Imported by xdnasim import (docs/capture.md)%s%s.\n",
		o->anonymise || !o->source ? "" : " from ", o->anonymise || !o->source ? "" : o->source);
	fprintf(out, "# %u records, %u clients, %" PRIu64 " steps.\n", im->cap->nrecs,
		im->stats->clients, im->stats->steps);
	if (im->nskipped) {
		fputs("# Calls the scenario language cannot express (left out):\n", out);
		for (u32 i = 0; i < im->nskipped; i++)
			fprintf(out, "#   %s: %" PRIu64 "\n", im->skipped_name[i], im->skipped[i]);
	}
	fputs("xdnasim: 1\n", out);
	if (o->name) {
		fputs("name: ", out);
		yaml_string(out, o->name);
		fputc('\n', out);
	}
	fprintf(out, "description: \"imported %s capture\"\n", im->emulated ? "emulated" : "device");
	fprintf(out, "device: %s\n", o->device ? o->device : "npu4");
	if (im->have_fw)
		fprintf(out, "firmware: \"%" PRIu64 ".%" PRIu64 "\"\n", im->fw_major, im->fw_minor);
	if (o->revision)
		fprintf(out, "revision: %s\n", o->revision);
	if (o->mode)
		fprintf(out, "mode: %s\n", o->mode);
	fprintf(out, "shim: {num_heap_pages: %u}\n", im->pages ? im->pages : 1);
	/* each client's steps as a chain, in order; clients without steps are left out */
	first = malloc((im->nclients ? im->nclients : 1) * sizeof(*first));
	last = malloc((im->nclients ? im->nclients : 1) * sizeof(*last));
	next = malloc((im->nsteps ? im->nsteps : 1) * sizeof(*next));
	order = calloc(im->nclients ? im->nclients : 1, sizeof(*order));
	if (!first || !last || !next || !order) {
		free(first);
		free(last);
		free(next);
		free(order);
		return -ENOMEM;
	}
	for (u32 i = 0; i < im->nclients; i++) {
		first[i] = last[i] = UINT64_MAX;
		order[i] = UINT32_MAX;
	}
	for (u64 s = 0; s < im->nsteps; s++) {
		u32 c = im->steps[s].client;

		next[s] = UINT64_MAX;
		if (first[c] == UINT64_MAX)
			first[c] = s;
		else
			next[last[c]] = s;
		last[c] = s;
	}
	/* clients are named in the order they opened the device */
	for (u32 i = 0; i < im->nclients; i++)
		if (first[i] != UINT64_MAX)
			order[i] = kept++;
	if (kept > 1) {
		u32 col = 0;

		fputs("schedule: interleave\ninterleave: [", out);
		for (u64 s = 0; s < im->nsteps; s++, col++) {
			if (s && col == 16) {
				fputs(",\n  ", out);
				col = 0;
			} else if (s) {
				fputs(", ", out);
			}
			fprintf(out, "c%u", order[im->steps[s].client]);
		}
		fputs("]\n", out);
	} else {
		fputs("schedule: sequential\n", out);
	}
	fputs("clients:\n", out);
	for (u32 i = 0; i < im->nclients; i++) {
		if (order[i] == UINT32_MAX)
			continue;
		fprintf(out, "  - name: c%u\n", order[i]);
		if (!o->anonymise)
			fprintf(out, "    # process %ld, fd %lld\n", im->clients[i].pid,
				(long long)im->clients[i].fd);
		fputs("    steps:\n", out);
		for (u64 s = first[i]; s != UINT64_MAX; s = next[s])
			write_step(im, &im->steps[s], out);
	}
	free(first);
	free(last);
	free(next);
	free(order);
	return 0;
}

/* Records by time stamp, then file order: processes append their records in batches. */
static int by_time(const void *a, const void *b)
{
	const struct cap_record *x = *(const struct cap_record *const *)a;
	const struct cap_record *y = *(const struct cap_record *const *)b;
	u64 tx = 0, ty = 0;

	cap_u64(x, "t", &tx);
	cap_u64(y, "t", &ty);
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int imp_write(const struct cap_file *cap, const struct imp_options *opt, FILE *out,
	      struct imp_stats *stats, char *why, size_t len)
{
	struct imp im = { .opt = opt, .cap = cap, .why = why, .len = len, .stats = stats };
	const struct cap_record **sorted;
	const struct cap_field *mode;
	int ret = 0;

	memset(stats, 0, sizeof(*stats));
	if (!opt->scale_num || !opt->scale_den) {
		snprintf(why, len, "scale must be a positive fraction");
		return -EINVAL;
	}
	mode = cap->nrecs ? cap_get(&cap->recs[0], "mode") : NULL;
	im.emulated = mode && mode->kind == CAP_STR && !strcmp(mode->str, "emulate");
	sorted = malloc((cap->nrecs ? cap->nrecs : 1) * sizeof(*sorted));
	if (!sorted) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	for (u32 i = 0; i < cap->nrecs; i++)
		sorted[i] = &cap->recs[i];
	qsort(sorted, cap->nrecs, sizeof(*sorted), by_time);
	for (u32 i = 0; i < cap->nrecs && !ret; i++)
		ret = on_record(&im, sorted[i]);
	free(sorted);
	if (ret == 1)
		ret = 0;
	for (u32 i = 0; i < im.nclients && !ret; i++)
		if (im.clients[i].keep && im.clients[i].state != CS_CLOSED) {
			alloc_finish(&im, &im.clients[i]);
			ret = ensure_open(&im, &im.clients[i]);
		}
	if (!ret && !stats->steps) {
		snprintf(why, len, "%s: no device calls to import", opt->source ? opt->source : "capture");
		ret = -EINVAL;
	}
	if (!ret)
		ret = write_scenario(&im, out);
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	for (u64 s = 0; s < im.nsteps; s++)
		free(im.steps[s].text);
	free(im.steps);
	for (u32 i = 0; i < im.nclients; i++) {
		free(im.clients[i].label_of);
		free(im.clients[i].hwctx_h);
	}
	free(im.clients);
	free(im.labels);
	if (ret == -ENOMEM)
		snprintf(why, len, "out of memory");
	return ret;
}
