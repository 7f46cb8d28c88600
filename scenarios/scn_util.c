// SPDX-License-Identifier: MIT
/*
 * scn_util.c - the loader's arena, error formatting and "did you mean"
 * suggestions (Levenshtein distance, case-insensitive).
 *
 * The arena hands out zeroed, max-aligned pieces of large blocks; a loaded
 * scenario and the temporary YAML node tree each own one, so freeing a
 * scenario (or abandoning a failed load) is a single walk over the blocks.
 */
#include "scenarios/scn_priv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64u << 10)

struct arena_blk {
	struct arena_blk *next;
	size_t used;
	size_t cap;
	max_align_t data[];
};

struct scn_arena {
	struct arena_blk *head;
};

static long fail_after = -1;

void scn__fail_alloc_after(long n)
{
	fail_after = n;
}

static bool alloc_should_fail(void)
{
	if (fail_after < 0)
		return false;
	if (fail_after == 0)
		return true;
	fail_after--;
	return false;
}

void *scn__malloc(size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return malloc(n);
}

void *scn__realloc(void *p, size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return realloc(p, n);
}

struct scn_arena *scn__arena_new(void)
{
	struct scn_arena *a = scn__malloc(sizeof(*a));

	if (a)
		a->head = NULL;
	return a;
}

void *scn__arena_alloc(struct scn_arena *a, size_t n)
{
	const size_t al = sizeof(max_align_t);
	struct arena_blk *b = a->head;
	void *p;

	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = scn__malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *scn__arena_strndup(struct scn_arena *a, const char *s, size_t n)
{
	char *p = scn__arena_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

void scn__arena_free(struct scn_arena *a)
{
	struct arena_blk *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

int scn__vfail(struct scn_ectx *e, u32 line, u32 column, const char *fmt, va_list ap)
{
	struct scn_error *err = e->error;

	err->err = -EINVAL;
	err->line = line;
	err->column = column;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	/* One line: values echoed in the message may hold line breaks. */
	for (char *c = err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	snprintf(err->text, sizeof(err->text), "%s:%u:%u: %s", e->file, line, column, err->msg);
	return -EINVAL;
}

int scn__fail(struct scn_ectx *e, u32 line, u32 column, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = scn__vfail(e, line, column, fmt, ap);
	va_end(ap);
	return ret;
}

int scn__nomem(struct scn_ectx *e)
{
	scn__fail(e, 0, 0, "out of memory");
	e->error->err = -ENOMEM;
	snprintf(e->error->text, sizeof(e->error->text), "%s: out of memory", e->file);
	return -ENOMEM;
}

/* Words longer than this are never compared (bounds the DP table). */
#define SUGG_MAX 64

static unsigned edit_distance(const char *a, const char *b)
{
	unsigned row[SUGG_MAX + 1];
	size_t la = strlen(a), lb = strlen(b);

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = tolower((unsigned char)a[i - 1]) !=
					tolower((unsigned char)b[j - 1]);
			unsigned best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

void scn__sugg_init(struct scn_sugg *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->dist = ~0u;
}

void scn__sugg_add(struct scn_sugg *s, const char *cand)
{
	unsigned d;

	if (strlen(s->word) > SUGG_MAX || strlen(cand) > SUGG_MAX)
		return;
	d = edit_distance(s->word, cand);
	if (d < s->dist) {
		s->dist = d;
		s->best = cand;
	}
}

const char *scn__sugg_best(const struct scn_sugg *s)
{
	size_t len = strlen(s->word);
	unsigned limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;

	return s->best && s->dist <= limit ? s->best : NULL;
}

const char *scn__sugg_list(const char *word, const char *const *list)
{
	struct scn_sugg s;

	scn__sugg_init(&s, word);
	for (; list && *list; list++)
		scn__sugg_add(&s, *list);
	return scn__sugg_best(&s);
}
