// SPDX-License-Identifier: MIT
/*
 * heap_trace.c - a line-oriented replay of device-heap operations, for users
 * who want to see what each design answers to a sequence of chunk creations,
 * mappings and DEV BO allocations (docs/heap.md, "Traces").
 */
#include "common/device.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_metrics.h"
#include "alloc/heap_trace.h"
#include "common/errname.h"
#include "common/hash.h"
#include "common/input.h"
#include "common/parse.h"

/* Where "map" puts chunk i: the shim's contiguous slot, per mode. */
#define TRACE_UVA_BASE 0x7f0000000000ULL
#define TRACE_IOVA_BASE 0x100000000ULL
#define TRACE_PA_BASE 0x80000000ULL

#define MAX_TOK 8

struct tok {
	const char *s;
	int col;
};

struct named_bo {
	char *name;
	u64 h;			/* xhash_str(name) */
	struct heap_bo bo;
};

struct trace {
	const char *name;
	FILE *out, *err;
	unsigned int flags;
	int rev;		/* -1: the trace's; else the revision every heap uses */
	unsigned long line;
	struct heap *heap;
	struct named_bo **bos;
	size_t nr_bos, cap_bos;
	/* names -> bos, open addressing, keyed hash (common/hash.h); never shrinks */
	struct named_bo **slots;
	size_t mask;
	bool failed;
};

__attribute__((format(printf, 3, 4))) static int syntax(struct trace *t, int col,
							const char *fmt, ...)
{
	va_list ap;

	fprintf(t->err, "%s:%lu:%d: ", t->name, t->line, col);
	va_start(ap, fmt);
	vfprintf(t->err, fmt, ap);
	va_end(ap);
	fputc('\n', t->err);
	return -EBADMSG;
}

/* Split @line in place; returns the number of tokens or -1 if too many. */
static int tokenize(char *line, struct tok *tv)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == MAX_TOK)
			return -1;
		tv[n].s = p;
		tv[n].col = (int)(p - line) + 1;
		n++;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#')
			p++;
		if (*p == '#') {
			*p = '\0';
			return n;
		}
		if (*p)
			*p++ = '\0';
	}
}

/* A size: decimal or 0x hex, optional binary suffix K/KiB, M/MiB, G/GiB. */
static int parse_size(const char *s, u64 *out)
{
	static const struct {
		const char *sfx;
		unsigned int shift;
	} sfx[] = { { "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 },
		    { "K", 10 },   { "M", 20 },	  { "G", 30 } };
	char num[32];
	size_t len = strlen(s);
	unsigned int shift = 0;
	u64 v;
	int err;

	for (size_t i = 0; i < ARRAY_SIZE(sfx); i++) {
		size_t l = strlen(sfx[i].sfx);

		if (len > l && !strcmp(s + len - l, sfx[i].sfx) && strncmp(s, "0x", 2)) {
			len -= l;
			shift = sfx[i].shift;
			break;
		}
	}
	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len);
	num[len] = '\0';
	err = parse_u64(num, &v);
	if (err)
		return err;
	if (shift && v > (U64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

static int need_size(struct trace *t, const struct tok *tk, u64 *v)
{
	int err = parse_size(tk->s, v);

	if (err)
		return syntax(t, tk->col, "bad number '%s' (%s)", tk->s,
			      err == -ERANGE ? "out of range" : "decimal, 0x hex, K/M/G suffix");
	return 0;
}

static int need_chunk(struct trace *t, const struct tok *tk, u32 *idx)
{
	u64 v;
	int err = need_size(t, tk, &v);

	if (err)
		return err;
	if (v >= heap_nr_chunks(t->heap))
		return syntax(t, tk->col, "no chunk %s (the heap has %u)", tk->s,
			      heap_nr_chunks(t->heap));
	*idx = (u32)v;
	return 0;
}

static struct named_bo *find_bo(struct trace *t, const char *name)
{
	u64 h;

	if (!t->slots)
		return NULL;
	h = xhash_str(name);
	for (size_t i = (size_t)h & t->mask; t->slots[i]; i = (i + 1) & t->mask)
		if (t->slots[i]->h == h && !strcmp(t->slots[i]->name, name))
			return t->slots[i];
	return NULL;
}

/* Index @b by its name; the table stays at most 3/4 full. */
static int index_bo(struct trace *t, struct named_bo *b)
{
	size_t i;

	if ((t->nr_bos + 1) * 4 > (t->slots ? t->mask + 1 : 0) * 3) {
		size_t n = t->slots ? 2 * (t->mask + 1) : 64;
		struct named_bo **ns = calloc(n, sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		for (size_t k = 0; k < t->nr_bos; k++) {
			for (i = (size_t)t->bos[k]->h & (n - 1); ns[i]; i = (i + 1) & (n - 1))
				;
			ns[i] = t->bos[k];
		}
		free(t->slots);
		t->slots = ns;
		t->mask = n - 1;
	}
	for (i = (size_t)b->h & t->mask; t->slots[i]; i = (i + 1) & t->mask)
		;
	t->slots[i] = b;
	return 0;
}

static int need_bo(struct trace *t, const struct tok *tk, struct named_bo **nb)
{
	*nb = find_bo(t, tk->s);
	if (!*nb || !heap_bo_live(&(*nb)->bo))
		return syntax(t, tk->col, "no live DEV BO named '%s'", tk->s);
	return 0;
}

/* A slot for a new BO called @name (reusing a freed one of that name). */
static int new_bo(struct trace *t, const struct tok *tk, struct named_bo **nb)
{
	struct named_bo *b = find_bo(t, tk->s);

	if (b) {
		if (heap_bo_live(&b->bo))
			return syntax(t, tk->col, "DEV BO '%s' is still live", tk->s);
		*nb = b;
		return 0;
	}
	if (t->nr_bos == t->cap_bos) {
		size_t cap = t->cap_bos ? 2 * t->cap_bos : 16;
		struct named_bo **p = realloc(t->bos, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		t->bos = p;
		t->cap_bos = cap;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->name = strdup(tk->s);
	if (b->name)
		b->h = xhash_str(b->name);
	if (!b->name || index_bo(t, b)) {
		free(b->name);
		free(b);
		return -ENOMEM;
	}
	t->bos[t->nr_bos++] = b;
	*nb = b;
	return 0;
}

/*
 * An optional "-> EXPECT" at tokens [i, i+1]: "ok", an errno name or an
 * address.  Returns -EBADMSG for a malformed one, 0 otherwise (a mismatch
 * is reported and remembered).
 */
static int expect(struct trace *t, const struct tok *tv, int n, int i, int err, u64 addr)
{
	u64 want;

	if (n == i)
		return 0;
	if (n != i + 2 || strcmp(tv[i].s, "->"))
		return syntax(t, tv[i].col, "unexpected '%s' (only '-> EXPECT' may follow)",
			      tv[i].s);
	if (!strcmp(tv[i + 1].s, "ok")) {
		if (err == 0)
			return 0;
	} else if (xerrno_from_name(tv[i + 1].s)) {
		if (err == -xerrno_from_name(tv[i + 1].s))
			return 0;
	} else if (!parse_u64(tv[i + 1].s, &want)) {
		if (err == 0 && addr == want)
			return 0;
	} else {
		return syntax(t, tv[i + 1].col, "bad expectation '%s' (ok, an errno name or an address)",
			      tv[i + 1].s);
	}
	fprintf(t->err, "%s:%lu: expected %s, got %s", t->name, t->line, tv[i + 1].s,
		err ? xerrname(err) : "ok");
	if (!err && addr != HEAP_INVALID_ADDR)
		fprintf(t->err, " at %#llx", (unsigned long long)addr);
	fputc('\n', t->err);
	t->failed = true;
	return 0;
}

static void print_bo(struct trace *t, const char *name, int err, const struct heap_bo *bo)
{
	if (err) {
		fprintf(t->out, "%s %s (%s) cost %llu\n", name, xerrname(err),
			heap_reason_name(heap_last_reason(t->heap)),
			(unsigned long long)heap_last_search_cost(t->heap));
		return;
	}
	fprintf(t->out, "%s %#010llx +%#llx chunks %u..%u cost %llu\n", name,
		(unsigned long long)bo->start, (unsigned long long)bo->size, bo->start_id,
		bo->end_id, (unsigned long long)heap_last_search_cost(t->heap));
}

static void print_chunk(struct trace *t, int err, u32 idx)
{
	if (err)
		fprintf(t->out, "chunk %s (%s)\n", xerrname(err),
			heap_reason_name(heap_last_reason(t->heap)));
	else
		fprintf(t->out, "chunk %u %#010llx +%#llx\n", idx,
			(unsigned long long)heap_chunk_addr(t->heap, idx),
			(unsigned long long)heap_chunk_size(t->heap, idx));
}

/* "map IDX [ADDR]": what the driver records once the shim mmaps chunk IDX. */
static int op_map(struct trace *t, u32 idx, bool given, u64 addr)
{
	u64 off = heap_chunk_addr(t->heap, idx) - heap_profile(t->heap)->base;
	bool pr = heap_uva_rule(t->heap) != HEAP_UVA_PASID;

	switch (heap_mode(t->heap)) {
	case ADDR_PASID:
		return heap_chunk_set_uva(t->heap, idx, given ? addr : TRACE_UVA_BASE + off);
	case ADDR_IOVA:
		/* The PR era and upstream record the uva in every mode (docs/driver/heap.md §8.1). */
		if (pr)
			heap_chunk_set_uva(t->heap, idx, TRACE_UVA_BASE + off);
		return heap_chunk_set_dma_addr(t->heap, idx, given ? addr : TRACE_IOVA_BASE + off);
	case ADDR_CARVEOUT:
		if (pr)
			heap_chunk_set_uva(t->heap, idx, TRACE_UVA_BASE + off);
		return heap_chunk_set_dma_addr(t->heap, idx, given ? addr : TRACE_PA_BASE + off);
	}
	return -EINVAL;
}

/* The shim's create_drm_bo() loop (docs/driver/heap.md §5.6), one line per expansion. */
static int shim_alloc(struct trace *t, struct named_bo *b, u64 size)
{
	for (;;) {
		u32 idx;
		int err = heap_bo_alloc(t->heap, &b->bo, size);

		if (err != -EAGAIN)
			return err;
		if (heap_committed(t->heap) >= SZ_512M)
			return -ENOSPC; /* the shim's own cap, no ioctl */
		err = heap_chunk_add(t->heap, SZ_64M, &idx);
		if (err)
			return err;
		op_map(t, idx, false, 0);
		fprintf(t->out, "%s expand: ", b->name);
		print_chunk(t, 0, idx);
	}
}

static int op_heap(struct trace *t, const struct tok *tv, int n)
{
	struct heap_config cfg = { 0 };
	int err;

	if (n != 4)
		return syntax(t, tv[0].col, "usage: heap PROFILE REVISION MODE");
	if (t->heap)
		return syntax(t, tv[0].col, "the heap is already set up");
	cfg.profile = heap_profile_find(tv[1].s);
	if (!cfg.profile) {
		char names[64];

		return syntax(t, tv[1].col, "unknown profile '%s' (%s)", tv[1].s,
			      xdna_device_names(names, sizeof(names), false));
	}
	if (drv_rev_parse(tv[2].s, &cfg.rev))
		return syntax(t, tv[2].col, "unknown revision '%s' (%s)", tv[2].s, drv_rev_names());
	if (t->rev >= 0)
		cfg.rev = (enum drv_rev)t->rev;
	if (addr_mode_parse(tv[3].s, &cfg.mode))
		return syntax(t, tv[3].col, "unknown mode '%s' (pasid, iova, carveout)", tv[3].s);
	err = heap_create(&cfg, &t->heap);
	if (!err)
		fprintf(t->out, "heap %s %s %s\n", cfg.profile->name, drv_rev_name(cfg.rev),
			addr_mode_name(cfg.mode));
	return err;
}

static int op_bo(struct trace *t, const struct tok *tv, int n, bool shim)
{
	struct named_bo *b = NULL;
	u64 size;
	int err;

	if (n < 3)
		return syntax(t, tv[0].col, "usage: %s NAME SIZE [-> EXPECT]", tv[0].s);
	err = need_size(t, &tv[2], &size);
	if (!err)
		err = new_bo(t, &tv[1], &b);
	if (err)
		return err;
	if (shim) {
		err = shim_alloc(t, b, size);
	} else {
		err = heap_bo_alloc(t->heap, &b->bo, size);
	}
	print_bo(t, b->name, err, &b->bo);
	return expect(t, tv, n, 3, err, err ? HEAP_INVALID_ADDR : b->bo.start);
}

static int op_sync(struct trace *t, const struct tok *tv, int n)
{
	struct heap_flush fl[HEAP_MAX_CHUNKS];
	struct named_bo *b;
	u64 off, size;
	u32 nr;
	int err;

	if (n < 4)
		return syntax(t, tv[0].col, "usage: sync NAME OFFSET SIZE [-> EXPECT]");
	err = need_bo(t, &tv[1], &b);
	if (!err)
		err = need_size(t, &tv[2], &off);
	if (!err)
		err = need_size(t, &tv[3], &size);
	if (err)
		return err;
	err = heap_bo_sync_ranges(t->heap, &b->bo, off, size, fl, HEAP_MAX_CHUNKS, &nr);
	fprintf(t->out, "%s sync %s", b->name, err ? xerrname(err) : "ok");
	for (u32 i = 0; !err && i < nr; i++)
		fprintf(t->out, " %u:%#llx+%#llx", fl[i].chunk, (unsigned long long)fl[i].offset,
			(unsigned long long)fl[i].len);
	fputc('\n', t->out);
	return expect(t, tv, n, 4, err, HEAP_INVALID_ADDR);
}

static int op_check(struct trace *t)
{
	char why[256];
	int err = heap_check(t->heap, why, sizeof(why));

	if (!err)
		return 0;
	fprintf(t->out, "check FAIL %s\n", why);
	fprintf(t->err, "%s:%lu: heap_check: %s\n", t->name, t->line, why);
	return -EUCLEAN;
}

/* One line; 0, -EBADMSG, -EUCLEAN (invariant) or -ENOMEM. */
static int run_line(struct trace *t, char *line)
{
	struct tok tv[MAX_TOK];
	const char *op;
	struct named_bo *b;
	u32 idx = 0;
	u64 v = 0;
	int n = tokenize(line, tv), err = 0;

	if (n < 0)
		return syntax(t, 1, "too many fields");
	if (n == 0)
		return 0;
	op = tv[0].s;
	if (!strcmp(op, "heap"))
		return op_heap(t, tv, n);
	if (!t->heap)
		return syntax(t, tv[0].col, "the first operation must be 'heap PROFILE REVISION MODE'");
	if (!strcmp(op, "chunk")) {
		if (n < 2)
			return syntax(t, tv[0].col, "usage: chunk SIZE [-> EXPECT]");
		err = need_size(t, &tv[1], &v);
		if (err)
			return err;
		err = heap_chunk_add(t->heap, v, &idx);
		print_chunk(t, err, idx);
		err = expect(t, tv, n, 2, err, err ? HEAP_INVALID_ADDR : heap_chunk_addr(t->heap, idx));
	} else if (!strcmp(op, "map") || !strcmp(op, "unmap")) {
		bool map = op[0] == 'm';

		if (n != 2 && !(map && n == 3))
			return syntax(t, tv[0].col, map ? "usage: map IDX [ADDR]" : "usage: unmap IDX");
		err = need_chunk(t, &tv[1], &idx);
		if (!err && n == 3)
			err = need_size(t, &tv[2], &v);
		if (err)
			return err;
		if (map) {
			op_map(t, idx, n == 3, v);
		} else {
			/* upstream keeps a DMA-mapped chunk's uva after munmap */
			if (heap_uva_rule(t->heap) != HEAP_UVA_STICKY ||
			    heap_mode(t->heap) == ADDR_PASID)
				heap_chunk_set_uva(t->heap, idx, HEAP_INVALID_ADDR);
			heap_chunk_set_dma_addr(t->heap, idx, HEAP_INVALID_ADDR);
		}
		fprintf(t->out, "%s %u uva %#llx dma %#llx\n", op, idx,
			(unsigned long long)heap_chunk_uva(t->heap, idx),
			(unsigned long long)heap_chunk_dma_addr(t->heap, idx));
	} else if (!strcmp(op, "alloc") || !strcmp(op, "shim")) {
		err = op_bo(t, tv, n, op[0] == 's');
	} else if (!strcmp(op, "free") || !strcmp(op, "pin")) {
		if (n != 2)
			return syntax(t, tv[0].col, "usage: %s NAME", op);
		err = need_bo(t, &tv[1], &b);
		if (err)
			return err;
		if (op[0] == 'f')
			heap_bo_free(t->heap, &b->bo);
		else
			heap_bo_pin(t->heap, &b->bo);
		fprintf(t->out, "%s %s\n", b->name, op[0] == 'f' ? "freed" : "pinned");
	} else if (!strcmp(op, "sync")) {
		err = op_sync(t, tv, n);
	} else if ((!strcmp(op, "metrics") || !strcmp(op, "check")) && n > 1) {
		return syntax(t, tv[1].col, "unexpected argument '%s' (%s takes none)", tv[1].s, op);
	} else if (!strcmp(op, "metrics")) {
		struct heap_metrics m;

		heap_metrics_get(t->heap, &m);
		heap_metrics_print(t->out, &m);
	} else if (!strcmp(op, "check")) {
		err = op_check(t);
		if (!err)
			fprintf(t->out, "check ok\n");
		return err;
	} else {
		return syntax(t, tv[0].col,
			      "unknown operation '%s' (heap, chunk, map, unmap, alloc, shim, "
			      "free, pin, sync, metrics, check)",
			      op);
	}
	if (!err && (t->flags & HEAP_TRACE_CHECK_EVERY_OP))
		err = op_check(t);
	return err;
}

static void trace_free(struct trace *t)
{
	for (size_t i = 0; i < t->nr_bos; i++) {
		if (t->heap && heap_bo_live(&t->bos[i]->bo))
			heap_bo_free(t->heap, &t->bos[i]->bo);
		free(t->bos[i]->name);
		free(t->bos[i]);
	}
	free(t->bos);
	free(t->slots);
	heap_destroy(t->heap);
}

int heap_trace_run(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		   unsigned int flags)
{
	return heap_trace_run_rev(buf, len, name, out, err, flags, -1);
}

int heap_trace_run_rev(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		       unsigned int flags, int rev)
{
	struct trace t = { .name = name, .out = out, .err = err, .flags = flags, .rev = rev };
	struct xin_error bad = { 0 };
	size_t stop = xin_check_text(buf, len, 0, &bad);
	char *text = malloc(len + 1);
	int ret = 0;

	if (!text)
		return -ENOMEM;
	/* Lines before a NUL byte run; the NUL's line is the malformed one. */
	memcpy(text, buf, len);
	text[len] = '\0';
	for (char *p = text, *end = text + len; p < end && !ret;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl)
			*nl = '\0';
		t.line++;
		if (stop < len && t.line == bad.line) {
			fprintf(err, "%s:%u:%u: %s\n", name, bad.line, bad.column, bad.msg);
			ret = -EBADMSG;
			break;
		}
		ret = run_line(&t, p);
		p = nl ? nl + 1 : end;
	}
	free(text);
	trace_free(&t);
	if (!ret && t.failed)
		ret = -EUCLEAN;
	return ret;
}
