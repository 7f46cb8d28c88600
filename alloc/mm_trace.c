// SPDX-License-Identifier: MIT
/*
 * mm_trace.c - the trace interpreter behind `xdnasim mm-replay`.
 *
 * The whole trace is parsed in place (no per-line allocation); nodes live
 * in 2 MiB slabs that never move (the allocator links them into its
 * lists), one node per 256 bytes on a cache-line boundary, and are found
 * by ID through an open-addressing hash index that keeps the IDs in its
 * slots.  A lookahead prefetches the index slots and nodes of the lines to
 * come.  Output goes through one large buffer.  On a large trace the time
 * is in cache and TLB misses of the tree walks; all of this is about
 * memory, none of it changes a result (docs/mm.md, "Speed").
 */
#include "alloc/mm_trace.h"
#include "alloc/mm.h"
#include "common/hash.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_FIELDS 8
#define SLAB_BYTES (2u << 20)	/* one huge page where the kernel gives them */
#define OBUF_SIZE (256 * 1024)

/* The node first, on a 64-byte boundary (struct mm_node's cache lines). */
struct tnode {
	_Alignas(64) struct mm_node node;
	u64 id;
	struct tnode *next_free;
};

#define SLAB_NODES (SLAB_BYTES / sizeof(struct tnode) - 1)

struct slab {
	struct slab *next;
	struct tnode items[SLAB_NODES];
};

/*
 * One slot of the ID index: the ID is kept beside the node pointer, so a
 * probe reads the table only (no node's cache line) until the ID matches.
 */
struct idslot {
	u64 id;
	struct tnode *t;	/* NULL: empty */
};

struct field {
	const char *s;
	size_t len;
};

struct replay {
	const char *name;
	u64 line;
	const char *lstart;	/* the current line, for columns */
	FILE *out;
	FILE *err;
	unsigned int flags;
	bool inited;
	bool check_failed;
	bool io_error;
	struct mm mm;
	/* node storage and the ID index */
	struct slab *slabs;
	size_t slab_used;
	struct tnode *free_list;
	struct idslot *slots;
	size_t mask;
	u64 hkey;		/* xhash_key() */
	unsigned int hshift;	/* 64 - log2(mask + 1) */
	size_t live;
	/* output buffer */
	char *obuf;
	size_t olen;
};

/* ---- output ---- */

static void out_flush(struct replay *r)
{
	if (r->olen && fwrite(r->obuf, 1, r->olen, r->out) != r->olen)
		r->io_error = true;
	r->olen = 0;
}

static inline void out_reserve(struct replay *r, size_t n)
{
	if (r->olen + n > OBUF_SIZE)
		out_flush(r);
}

static inline void out_str(struct replay *r, const char *s)
{
	size_t n = strlen(s);

	out_reserve(r, n);
	if (n > OBUF_SIZE) {
		if (fwrite(s, 1, n, r->out) != n)
			r->io_error = true;
		return;
	}
	memcpy(r->obuf + r->olen, s, n);
	r->olen += n;
}

static inline void out_u64(struct replay *r, u64 v)
{
	char tmp[20];
	int i = 0;

	out_reserve(r, 21);
	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		r->obuf[r->olen++] = tmp[--i];
}

static inline void out_chr(struct replay *r, char c)
{
	out_reserve(r, 1);
	r->obuf[r->olen++] = c;
}

/* "ID WORD\n" */
static void out_id_word(struct replay *r, u64 id, const char *word)
{
	out_u64(r, id);
	out_chr(r, ' ');
	out_str(r, word);
	out_chr(r, '\n');
}

/* ---- diagnostics ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void diag(struct replay *r, const char *fmt, ...)
{
	va_list ap;

	/* Keep stdout and stderr in trace order when both go to one place. */
	out_flush(r);
	fflush(r->out);
	fprintf(r->err, "%s:%llu: ", r->name, (unsigned long long)r->line);
	va_start(ap, fmt);
	vfprintf(r->err, fmt, ap);
	va_end(ap);
	fputc('\n', r->err);
}

/*
 * A malformed line: "FILE:LINE:COLUMN: message", the column (characters)
 * of @at in the current line (a missing field: just past the last one).
 */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void diag_at(struct replay *r, const char *at, const char *fmt, ...)
{
	u64 col = 1;
	va_list ap;

	for (const char *q = r->lstart; q < at; q++)
		col += ((unsigned char)*q & 0xc0) != 0x80;
	out_flush(r);
	fflush(r->out);
	fprintf(r->err, "%s:%llu:%llu: ", r->name, (unsigned long long)r->line,
		(unsigned long long)col);
	va_start(ap, fmt);
	vfprintf(r->err, fmt, ap);
	va_end(ap);
	fputc('\n', r->err);
}

/* A field, quoted for a message: printable ASCII only, at most 40 bytes. */
static const char *show(const struct field *f, char buf[48])
{
	size_t n = f->len < 40 ? f->len : 40;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f->s[i];

		buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	strcpy(buf + n, f->len > 40 ? "..." : "");
	return buf;
}

static int malformed_number(struct replay *r, const char *cmd, const char *what,
			    const struct field *f, int err)
{
	char b[48];

	if (err == -ERANGE)
		diag_at(r, f->s, "%s: %s '%s' is larger than 2^64-1", cmd, what, show(f, b));
	else
		diag_at(r, f->s, "%s: %s '%s' is not a decimal number", cmd, what, show(f, b));
	return -EBADMSG;
}

/* ---- parsing ---- */

static int parse_dec(const struct field *f, u64 *out)
{
	u64 v = 0;

	for (size_t i = 0; i < f->len; i++) {
		unsigned d = (unsigned)(unsigned char)f->s[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (v > (U64_MAX - d) / 10) {
			/* Keep scanning: a later non-digit makes it -EINVAL. */
			for (; i < f->len; i++)
				if ((unsigned)(unsigned char)f->s[i] - '0' > 9)
					return -EINVAL;
			return -ERANGE;
		}
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static inline bool field_is(const struct field *f, const char *s)
{
	size_t n = strlen(s);

	return f->len == n && memcmp(f->s, s, n) == 0;
}

static int parse_mode(const struct field *f, unsigned int *mode)
{
	static const struct {
		const char *name;
		unsigned int mode;
	} modes[] = {
		{ "best", MM_INSERT_BEST },
		{ "low", MM_INSERT_LOW },
		{ "high", MM_INSERT_HIGH },
		{ "evict", MM_INSERT_EVICT },
		{ "best+once", MM_INSERT_BEST | MM_INSERT_ONCE },
		{ "low+once", MM_INSERT_LOWEST },
		{ "high+once", MM_INSERT_HIGHEST },
		{ "evict+once", MM_INSERT_EVICT | MM_INSERT_ONCE },
		{ "lowest", MM_INSERT_LOWEST },
		{ "highest", MM_INSERT_HIGHEST },
	};

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		if (field_is(f, modes[i].name)) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * Parse fields 1.. of @cmd, named @names, into @v, left to right, after
 * checking their count: @nreq required, then @nopt optional ones that come
 * as a block.  The field named "MODE" is parsed into *@mode instead.
 */
static int parse_fields(struct replay *r, const struct field *f, int nf, const char *cmd,
			const char *const *names, int nreq, int nopt, u64 *v, unsigned int *mode)
{
	char b[48];
	int nargs = nf - 1;

	if (nargs < nreq || (nargs > nreq && nargs < nreq + nopt)) {
		diag_at(r, f[nf - 1].s + f[nf - 1].len, "%s: missing %s", cmd, names[nargs]);
		return -EBADMSG;
	}
	if (nargs > nreq + nopt) {
		diag_at(r, f[nreq + nopt + 1].s, "%s: unexpected extra field '%s'", cmd,
			show(&f[nreq + nopt + 1], b));
		return -EBADMSG;
	}
	for (int i = 0; i < nargs; i++) {
		int err;

		if (mode && strcmp(names[i], "MODE") == 0) {
			if (parse_mode(&f[i + 1], mode) == 0)
				continue;
			diag_at(r, f[i + 1].s,
				"%s: unknown MODE '%s' (best, low, high, evict, optionally with +once; lowest, highest)",
			     cmd, show(&f[i + 1], b));
			return -EBADMSG;
		}
		err = parse_dec(&f[i + 1], &v[i]);
		if (err)
			return malformed_number(r, cmd, names[i], &f[i + 1], err);
	}
	return 0;
}

/* ---- the ID index ---- */

/*
 * Keyed multiply-shift (common/hash.h): the slot comes from the top bits of
 * key x ID with a key the trace cannot know, so no choice of IDs makes
 * them pile up in one run of slots.
 */
static inline size_t id_slot(u64 id, u64 key, unsigned int shift)
{
	return (size_t)((id * key) >> shift);
}

static struct tnode *id_find(const struct replay *r, u64 id)
{
	for (size_t i = id_slot(id, r->hkey, r->hshift);; i = (i + 1) & r->mask) {
		if (!r->slots[i].t || r->slots[i].id == id)
			return r->slots[i].t;
	}
}

/* A zeroed table of @n slots; from 2 MiB on, on huge pages where possible. */
static struct idslot *id_table(size_t n)
{
	size_t bytes = n * sizeof(struct idslot);
	struct idslot *t;

	if (bytes < SLAB_BYTES)
		return calloc(n, sizeof(*t));
	t = aligned_alloc(SLAB_BYTES, bytes);
	if (t) {
		(void)madvise(t, bytes, MADV_HUGEPAGE);
		memset(t, 0, bytes);
	}
	return t;
}

static int id_grow(struct replay *r)
{
	size_t nsize = (r->mask + 1) * 2;
	struct idslot *ns = id_table(nsize);

	if (!ns)
		return -ENOMEM;
	for (size_t i = 0; i <= r->mask; i++) {
		size_t j;

		if (!r->slots[i].t)
			continue;
		for (j = id_slot(r->slots[i].id, r->hkey, r->hshift - 1); ns[j].t;
		     j = (j + 1) & (nsize - 1))
			;
		ns[j] = r->slots[i];
	}
	free(r->slots);
	r->slots = ns;
	r->mask = nsize - 1;
	r->hshift--;
	return 0;
}

static int id_add(struct replay *r, struct tnode *t)
{
	size_t i;

	if ((r->live + 1) * 4 > (r->mask + 1) * 3) {
		int err = id_grow(r);

		if (err)
			return err;
	}
	for (i = id_slot(t->id, r->hkey, r->hshift); r->slots[i].t; i = (i + 1) & r->mask)
		;
	r->slots[i].id = t->id;
	r->slots[i].t = t;
	r->live++;
	return 0;
}

/* Linear-probing delete with backward shift (no tombstones). */
static void id_del(struct replay *r, u64 id)
{
	size_t i = id_slot(id, r->hkey, r->hshift), j, k;

	while (r->slots[i].id != id || !r->slots[i].t)
		i = (i + 1) & r->mask;
	r->slots[i].t = NULL;
	for (j = (i + 1) & r->mask; r->slots[j].t; j = (j + 1) & r->mask) {
		k = id_slot(r->slots[j].id, r->hkey, r->hshift);
		/* Move slots[j] into the gap unless its home lies in (i, j]. */
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			r->slots[i] = r->slots[j];
			r->slots[j].t = NULL;
			i = j;
		}
	}
	r->live--;
}

static struct tnode *node_alloc(struct replay *r)
{
	struct tnode *t = r->free_list;

	if (t) {
		r->free_list = t->next_free;
	} else {
		if (!r->slabs || r->slab_used == SLAB_NODES) {
			struct slab *s = aligned_alloc(SLAB_BYTES, SLAB_BYTES);

			if (!s)
				return NULL;
			/* Random node accesses: fewer TLB misses on huge pages (a hint). */
			(void)madvise(s, SLAB_BYTES, MADV_HUGEPAGE);
			s->next = r->slabs;
			r->slabs = s;
			r->slab_used = 0;
		}
		t = &r->slabs->items[r->slab_used++];
	}
	memset(t, 0, sizeof(*t));
	return t;
}

static void node_free(struct replay *r, struct tnode *t)
{
	t->next_free = r->free_list;
	r->free_list = t;
}

static void nodes_reset(struct replay *r)
{
	while (r->slabs) {
		struct slab *s = r->slabs;

		r->slabs = s->next;
		free(s);
	}
	r->slab_used = 0;
	r->free_list = NULL;
	memset(r->slots, 0, (r->mask + 1) * sizeof(*r->slots));
	r->live = 0;
}

/* ---- commands ---- */

static bool need_init(struct replay *r, const char *cmd, const u64 *id)
{
	if (r->inited)
		return false;
	diag(r, "%s: no successful init yet (EINVAL)", cmd);
	if (id)
		out_id_word(r, *id, "EINVAL");
	else
		out_str(r, "EINVAL\n");
	return true;
}

static int cmd_init(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "START", "SIZE" };
	u64 v[2];
	int err = parse_fields(r, f, nf, "init", names, 2, 0, v, NULL);

	if (err)
		return err;
	if (v[1] == 0 || v[1] > U64_MAX - v[0]) {
		diag(r, "init: SIZE must be at least 1 and START+SIZE at most 2^64-1 (EINVAL)");
		out_str(r, "EINVAL\n");
		return 0;
	}
	if (r->inited)
		mm_discard(&r->mm);
	nodes_reset(r);
	mm_init(&r->mm, v[0], v[1]);
	r->inited = true;
	out_str(r, "ok\n");
	return 0;
}

/* Common EINVAL checks of insert and reserve; true if the line is done. */
static bool bad_new_id(struct replay *r, const char *cmd, u64 id)
{
	if (need_init(r, cmd, &id))
		return true;
	if (id_find(r, id)) {
		diag(r, "%s: ID %llu is already allocated (EINVAL)", cmd, (unsigned long long)id);
		out_id_word(r, id, "EINVAL");
		return true;
	}
	return false;
}

static int place_result(struct replay *r, struct tnode *t, int err, bool reserve)
{
	if (err) {
		node_free(r, t);
		out_id_word(r, t->id, "ENOSPC");
		return 0;
	}
	err = id_add(r, t);
	if (err)
		return err;
	if (reserve) {
		out_id_word(r, t->id, "ok");
	} else {
		out_u64(r, t->id);
		out_chr(r, ' ');
		out_u64(r, t->node.start);
		out_chr(r, '\n');
	}
	return 0;
}

static int cmd_insert(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "ID", "SIZE", "ALIGN", "MODE", "RSTART", "REND" };
	u64 v[6] = { 0 };
	unsigned int mode = 0;
	struct tnode *t;
	int err = parse_fields(r, f, nf, "insert", names, 4, 2, v, &mode);

	if (err)
		return err;
	if (nf == 5) {
		v[4] = 0;
		v[5] = U64_MAX;
	}
	if (bad_new_id(r, "insert", v[0]))
		return 0;
	if (v[4] > v[5]) {
		diag(r, "insert: RSTART %llu > REND %llu (EINVAL)", (unsigned long long)v[4],
		     (unsigned long long)v[5]);
		out_id_word(r, v[0], "EINVAL");
		return 0;
	}
	t = node_alloc(r);
	if (!t)
		return -ENOMEM;
	t->id = v[0];
	err = mm_insert_node_in_range(&r->mm, &t->node, v[1], v[2], 0, v[4], v[5], mode);
	return place_result(r, t, err, false);
}

static int cmd_reserve(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "ID", "START", "SIZE" };
	u64 v[3];
	struct tnode *t;
	int err = parse_fields(r, f, nf, "reserve", names, 3, 0, v, NULL);

	if (err)
		return err;
	if (bad_new_id(r, "reserve", v[0]))
		return 0;
	t = node_alloc(r);
	if (!t)
		return -ENOMEM;
	t->id = v[0];
	t->node.start = v[1];
	t->node.size = v[2];
	err = mm_reserve_node(&r->mm, &t->node);
	return place_result(r, t, err, true);
}

static int cmd_remove(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "ID" };
	struct tnode *t;
	u64 id;
	int err = parse_fields(r, f, nf, "remove", names, 1, 0, &id, NULL);

	if (err)
		return err;
	if (need_init(r, "remove", &id))
		return 0;
	t = id_find(r, id);
	if (!t) {
		diag(r, "remove: ID %llu is not allocated (EINVAL)", (unsigned long long)id);
		out_id_word(r, id, "EINVAL");
		return 0;
	}
	mm_remove_node(&t->node);
	id_del(r, id);
	node_free(r, t);
	out_id_word(r, id, "removed");
	return 0;
}

static void print_hole(struct replay *r, u64 start, u64 end)
{
	out_str(r, "hole ");
	out_u64(r, start);
	out_chr(r, ' ');
	out_u64(r, end);
	out_chr(r, '\n');
}

static int cmd_list(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "" };
	const char *cmd = f[0].s[0] == 'h' ? "holes" : f[0].s[0] == 's' ? "stack" : "nodes";
	const struct mm_node *n;
	u64 hs, he;
	int err = parse_fields(r, f, nf, cmd, names, 0, 0, NULL, NULL);

	if (err)
		return err;
	if (need_init(r, cmd, NULL))
		return 0;
	if (f[0].s[0] == 'h') {
		mm_for_each_hole_addr(n, &r->mm, hs, he)
			print_hole(r, hs, he);
	} else if (f[0].s[0] == 's') {
		mm_for_each_hole(n, &r->mm, hs, he)
			print_hole(r, hs, he);
	} else {
		mm_for_each_node(n, &r->mm) {
			out_str(r, "node ");
			out_u64(r, container_of(n, struct tnode, node)->id);
			out_chr(r, ' ');
			out_u64(r, n->start);
			out_chr(r, ' ');
			out_u64(r, n->start + n->size);
			out_chr(r, '\n');
		}
	}
	out_str(r, "end\n");
	return 0;
}

static int cmd_check(struct replay *r, const struct field *f, int nf)
{
	static const char *const names[] = { "" };
	char why[256];
	int err = parse_fields(r, f, nf, "check", names, 0, 0, NULL, NULL);

	if (err)
		return err;
	if (need_init(r, "check", NULL))
		return 0;
	if (mm_check(&r->mm, why, sizeof(why))) {
		out_str(r, "check FAIL ");
		out_str(r, why);
		out_chr(r, '\n');
		r->check_failed = true;
	} else {
		out_str(r, "check ok\n");
	}
	return 0;
}

/* Split [p, e) into fields; '#' ends the line.  Returns the count or -1. */
static int split_fields(const char *p, const char *e, struct field *f)
{
	int nf = 0;

	while (p < e) {
		const char *s;

		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == e || *p == '#')
			break;
		s = p;
		while (p < e && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#')
			p++;
		if (nf == MAX_FIELDS)
			return -1;
		f[nf].s = s;
		f[nf].len = (size_t)(p - s);
		nf++;
	}
	return nf;
}

static int run_line(struct replay *r, const char *p, const char *e)
{
	struct field f[MAX_FIELDS];
	char b[48];
	int nf = split_fields(p, e, f);
	bool mutates = false;
	int err;

	if (nf == 0)
		return 0;
	if (nf < 0) {
		diag_at(r, r->lstart, "too many fields (at most %d)", MAX_FIELDS - 1);
		return -EBADMSG;
	}
	if (field_is(&f[0], "insert")) {
		err = cmd_insert(r, f, nf);
		mutates = true;
	} else if (field_is(&f[0], "remove")) {
		err = cmd_remove(r, f, nf);
		mutates = true;
	} else if (field_is(&f[0], "reserve")) {
		err = cmd_reserve(r, f, nf);
		mutates = true;
	} else if (field_is(&f[0], "init")) {
		err = cmd_init(r, f, nf);
		mutates = true;
	} else if (field_is(&f[0], "holes") || field_is(&f[0], "stack") ||
		   field_is(&f[0], "nodes")) {
		err = cmd_list(r, f, nf);
	} else if (field_is(&f[0], "check")) {
		err = cmd_check(r, f, nf);
	} else {
		diag_at(r, f[0].s, "unknown command '%s'", show(&f[0], b));
		return -EBADMSG;
	}
	if (err == -ENOMEM)
		diag(r, "out of memory");
	if (!err && mutates && r->inited && (r->flags & MM_TRACE_CHECK_EVERY_OP)) {
		char why[256];

		if (mm_check(&r->mm, why, sizeof(why))) {
			diag(r, "invariant check failed after this operation: %s", why);
			r->check_failed = true;
			return -EUCLEAN;
		}
	}
	return err;
}

/* ---- lookahead ---- */

/*
 * The trace is in memory, so the lines ahead are known: a remove or insert
 * AHEAD lines ahead has its ID slot prefetched; a remove AHEAD/2 lines
 * ahead has its node prefetched, and AHEAD/4 lines ahead the two nodes
 * around it (the hole that grows and the one that ends it).  Each stage
 * looks the ID up again in the current state, so only live nodes are ever
 * read; prefetching changes no result, only how long the memory takes.
 */
#define AHEAD 16

struct pending {
	u64 id;
	bool remove;
	bool has_id;
};

/* The ID of a line "insert ID ..." or "remove ID", if it starts so. */
static void peek_line(const char *p, const char *e, struct pending *pd)
{
	u64 v = 0;
	bool digits = false;

	pd->has_id = false;
	if (e - p < 8)
		return;
	if (!memcmp(p, "remove ", 7))
		pd->remove = true;
	else if (!memcmp(p, "insert ", 7))
		pd->remove = false;
	else
		return;
	for (p += 7; p < e && *p == ' '; p++)
		;
	for (; p < e && (unsigned)(*p - '0') <= 9 && v < U64_MAX / 10 - 9; p++, digits = true)
		v = v * 10 + (u64)(*p - '0');
	pd->id = v;
	pd->has_id = digits;
}

static inline void prefetch_node(const struct tnode *t)
{
	const char *c = (const char *)t;

	for (size_t off = 0; off < sizeof(*t); off += 64)
		__builtin_prefetch(c + off);
	__builtin_prefetch(c + sizeof(*t) - 1);
}

static void lookahead(struct replay *r, const struct pending *ring, u64 n)
{
	const struct pending *pd = &ring[n % AHEAD];

	/* stage 1: this line was just read (AHEAD lines ahead) */
	if (pd->has_id)
		__builtin_prefetch(&r->slots[id_slot(pd->id, r->hkey, r->hshift)]);
	pd = &ring[(n - AHEAD / 2) % AHEAD];
	if (n >= AHEAD / 2 && pd->has_id && pd->remove) {
		const struct tnode *t = id_find(r, pd->id);

		if (t)
			prefetch_node(t);
	}
	pd = &ring[(n - 3 * AHEAD / 4) % AHEAD];
	if (n >= 3 * AHEAD / 4 && pd->has_id && pd->remove) {
		const struct tnode *t = id_find(r, pd->id);

		if (t && mm_node_allocated(&t->node)) {
			prefetch_node(container_of(mm__node_of(t->node.node_list.prev),
						   struct tnode, node));
			__builtin_prefetch(mm__node_of(t->node.node_list.next));
		}
	}
}

int mm_trace_run(const char *buf, size_t len, const char *name, FILE *out, FILE *err,
		 unsigned int flags)
{
	struct replay *r = calloc(1, sizeof(*r));
	const char *p = buf, *e = buf + len, *ap = buf;
	struct pending ring[AHEAD];
	u64 nahead = 0;
	int ret = 0;

	if (!r)
		return -ENOMEM;
	r->name = name;
	r->out = out;
	r->err = err;
	r->flags = flags;
	r->mask = 1023;
	r->hshift = 64 - 10;
	r->hkey = xhash_key();
	r->slots = id_table(r->mask + 1);
	r->obuf = malloc(OBUF_SIZE);
	if (!r->slots || !r->obuf) {
		ret = -ENOMEM;
		goto out_free;
	}
	while (p < e && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;

		/* keep the lookahead AHEAD lines in front of this one */
		while (ap < e && nahead < r->line + AHEAD) {
			const char *anl = memchr(ap, '\n', (size_t)(e - ap));
			const char *ale = anl ? anl : e;

			peek_line(ap, ale, &ring[nahead % AHEAD]);
			if (r->inited)
				lookahead(r, ring, nahead);
			nahead++;
			ap = anl ? anl + 1 : e;
		}
		r->line++;
		r->lstart = p;
		ret = run_line(r, p, le);
		p = nl ? nl + 1 : e;
	}
	if (!ret && r->check_failed)
		ret = -EUCLEAN;
	out_flush(r);
	if (fflush(out) || r->io_error)
		ret = ret ? ret : -EIO;
out_free:
	if (r->inited)
		mm_discard(&r->mm);
	nodes_reset(r);
	free(r->slots);
	free(r->obuf);
	free(r);
	return ret;
}
