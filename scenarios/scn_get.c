// SPDX-License-Identifier: MIT
/*
 * scn_get.c - typed access to the YAML node tree for the schema converter:
 * name tables, key sets with "did you mean", and getters for strings,
 * names, integers, sizes, reals, booleans, enum names and errno names.
 * Every error points at the offending node.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

/* ---- name tables ---- */

static u32 name_hash(const char *s)
{
	u32 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (u8)*s) * 16777619u;
	return h;
}

u32 scn__nametab_find(const struct nametab *t, const char *name)
{
	u32 i;

	if (!t->nslots)
		return U32_NONE;
	for (i = name_hash(name) & (t->nslots - 1); t->slots[i];
	     i = (i + 1) & (t->nslots - 1))
		if (strcmp(t->ents[t->slots[i] - 1].name, name) == 0)
			return t->slots[i] - 1;
	return U32_NONE;
}

static int nametab_grow(struct nametab *t)
{
	u32 ns = t->nslots ? t->nslots * 2 : 64;
	u32 *slots = scn__malloc(ns * sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	memset(slots, 0, ns * sizeof(*slots));
	for (u32 k = 0; k < t->nr; k++) {
		u32 i = name_hash(t->ents[k].name) & (ns - 1);

		while (slots[i])
			i = (i + 1) & (ns - 1);
		slots[i] = k + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
	return 0;
}

u32 scn__nametab_add(struct nametab *t, const char *name, struct scn_loc decl)
{
	u32 i;

	if (t->nr == t->cap) {
		u32 cap = t->cap ? t->cap * 2 : 16;
		struct tabent *e = scn__realloc(t->ents, cap * sizeof(*e));

		if (!e)
			return U32_NONE;
		t->ents = e;
		t->cap = cap;
	}
	if ((t->nr + 1) * 2 > t->nslots && nametab_grow(t))
		return U32_NONE;
	t->ents[t->nr] = (struct tabent){ .name = name, .decl = decl };
	for (i = name_hash(name) & (t->nslots - 1); t->slots[i]; i = (i + 1) & (t->nslots - 1))
		;
	t->slots[i] = t->nr + 1;
	return t->nr++;
}

void scn__nametab_reset(struct nametab *t)
{
	free(t->ents);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* ---- typed getters: each reports errors at the value's own position ---- */

bool scn__is_null(const struct ynode *n)
{
	if (!n)
		return true;
	if (n->type != YN_SCALAR || n->quoted)
		return false;
	return !strcmp(n->str, "") || !strcmp(n->str, "~") || !strcmp(n->str, "null");
}

int scn__want(struct pctx *p, const struct ynode *n, enum ynode_type t, const char *what)
{
	static const char *const names[] = { "a scalar", "a sequence", "a mapping" };

	if (n->type == t)
		return 0;
	if (scn__is_null(n))
		return scn__fail(&p->e, n->line, n->column, "%s must be %s, not empty",
				 what, names[t]);
	return scn__fail(&p->e, n->line, n->column, "%s must be %s, not %s", what, names[t],
			 scn__ynode_type_name(n));
}

static size_t join_keys(char *buf, size_t len, const char *const *keys)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *keys && n < len; keys++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", *keys);
	return n;
}

int scn__keys(struct pctx *p, const struct ynode *map, const char *what,
	      const char *const *keys, const struct ynode **vals)
{
	size_t nk = 0;

	while (keys[nk])
		vals[nk++] = NULL;
	for (u32 i = 0; i + 1 < map->nr; i += 2) {
		const struct ynode *k = map->kids[i];
		const char *sugg;
		char list[512];
		size_t j;

		if (k->type != YN_SCALAR)
			return scn__fail(&p->e, k->line, k->column,
					 "keys in %s must be plain names, not %s", what,
					 scn__ynode_type_name(k));
		for (j = 0; j < nk; j++)
			if (!strcmp(keys[j], k->str))
				break;
		if (j == nk) {
			sugg = scn__sugg_list(k->str, keys);
			if (sugg)
				return scn__fail(&p->e, k->line, k->column,
						 "unknown key '%s' in %s (did you mean '%s'?)",
						 k->str, what, sugg);
			join_keys(list, sizeof(list), keys);
			return scn__fail(&p->e, k->line, k->column,
					 "unknown key '%s' in %s (expected one of: %s)", k->str,
					 what, list);
		}
		if (vals[j]) {
			const struct ynode *first = map->kids[i];

			for (u32 f = 0; f < i; f += 2)
				if (map->kids[f + 1] == vals[j])
					first = map->kids[f];
			return scn__fail(&p->e, k->line, k->column,
					 "duplicate key '%s' in %s (first at line %u, column %u)",
					 k->str, what, first->line, first->column);
		}
		vals[j] = map->kids[i + 1];
	}
	return 0;
}

int scn__seq_alloc(struct pctx *p, const struct ynode *n, const char *what, size_t elem,
		   void **out)
{
	int ret = scn__want(p, n, YN_SEQ, what);

	if (ret)
		return ret;
	*out = scn__arena_alloc(p->a, ((size_t)n->nr + 1) * elem);
	return *out ? 0 : scn__nomem(&p->e);
}

int scn__missing(struct pctx *p, const struct ynode *map, const char *what, const char *key)
{
	return scn__fail(&p->e, map->line, map->column, "missing required key '%s' in %s", key,
			 what);
}

int scn__want_text(struct pctx *p, const struct ynode *n, const char *what)
{
	int ret = scn__want(p, n, YN_SCALAR, what);

	if (ret)
		return ret;
	if (strlen(n->str) != n->len)
		return scn__fail(&p->e, n->line, n->column, "%s contains a NUL byte", what);
	return 0;
}

int scn__get_str(struct pctx *p, const struct ynode *n, const char *what, const char **out)
{
	int ret = scn__want_text(p, n, what);

	if (ret)
		return ret;
	*out = scn__arena_strndup(p->a, n->str, n->len);
	return *out ? 0 : scn__nomem(&p->e);
}

int scn__get_name(struct pctx *p, const struct ynode *n, const char *what, const char **out)
{
	int ret = scn__want_text(p, n, what);

	if (ret)
		return ret;
	if (!scn__valid_name(n->str))
		return scn__fail(&p->e, n->line, n->column,
				 "%s '%.80s' is not a valid name (a letter or '_', then letters, "
				 "digits, '_', '.' or '-'; at most %d characters)", what, n->str,
				 SCN_MAX_NAME);
	return scn__get_str(p, n, what, out);
}

static void fmt_u64(char *buf, size_t len, u64 v)
{
	snprintf(buf, len, v >= 0x10000 ? "%#llx" : "%llu", (unsigned long long)v);
}

static int out_of_range(struct pctx *p, const struct ynode *n, const char *what, u64 min, u64 max)
{
	char lo[24], hi[24];

	fmt_u64(lo, sizeof(lo), min);
	fmt_u64(hi, sizeof(hi), max);
	return scn__fail(&p->e, n->line, n->column, "%s %s is out of range [%s, %s]", what,
			 n->str, lo, hi);
}

int scn__get_uint(struct pctx *p, const struct ynode *n, const char *what,
		  u64 min, u64 max, u64 *out)
{
	int ret = scn__want_text(p, n, what);
	u64 v;

	if (ret)
		return ret;
	ret = scn__parse_uint(n->str, &v);
	if (ret == -ERANGE)
		return scn__fail(&p->e, n->line, n->column, "%s %s is larger than 2^64-1", what,
				 n->str);
	if (ret)
		return scn__fail(&p->e, n->line, n->column,
				 "%s must be an integer (decimal or 0x hex), not '%.80s'", what,
				 n->str);
	if (v < min || v > max)
		return out_of_range(p, n, what, min, max);
	*out = v;
	return 0;
}

int scn__get_size(struct pctx *p, const struct ynode *n, const char *what,
		  u64 min, u64 max, u64 *out)
{
	char why[256];
	int ret = scn__want_text(p, n, what);
	u64 v;

	if (ret)
		return ret;
	if (scn_parse_size(n->str, &v, why, sizeof(why)))
		return scn__fail(&p->e, n->line, n->column, "%s: %s", what, why);
	if (v < min || v > max)
		return out_of_range(p, n, what, min, max);
	*out = v;
	return 0;
}

int scn__get_real(struct pctx *p, const struct ynode *n, const char *what,
		  double min, double max, double *out)
{
	int ret = scn__want_text(p, n, what);
	double v;

	if (ret)
		return ret;
	if (scn__parse_real(n->str, &v))
		return scn__fail(&p->e, n->line, n->column, "%s must be a number, not '%.80s'",
				 what, n->str);
	if (v < min || v > max)
		return scn__fail(&p->e, n->line, n->column, "%s %s is out of range [%g, %g]", what,
				 n->str, min, max);
	*out = v;
	return 0;
}

int scn__get_bool(struct pctx *p, const struct ynode *n, const char *what, bool *out)
{
	int ret = scn__want_text(p, n, what);

	if (ret)
		return ret;
	if (!strcmp(n->str, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(n->str, "false")) {
		*out = false;
		return 0;
	}
	return scn__fail(&p->e, n->line, n->column, "%s must be true or false, not '%.80s'",
			 what, n->str);
}

int scn__get_enum(struct pctx *p, const struct ynode *n, const char *what,
		  const char *const *names, u32 *out)
{
	const char *sugg;
	char list[512];
	int ret = scn__want_text(p, n, what);

	if (ret)
		return ret;
	for (u32 i = 0; names[i]; i++)
		if (!strcmp(names[i], n->str)) {
			*out = i;
			return 0;
		}
	sugg = scn__sugg_list(n->str, names);
	if (sugg)
		return scn__fail(&p->e, n->line, n->column, "unknown %s '%.80s' (did you mean '%s'?)",
				 what, n->str, sugg);
	join_keys(list, sizeof(list), names);
	return scn__fail(&p->e, n->line, n->column, "unknown %s '%.80s' (expected one of: %s)",
			 what, n->str, list);
}

int scn__get_errno(struct pctx *p, const struct ynode *n, const char *what, int *out)
{
	struct scn_sugg s;
	const char *name;
	int ret = scn__want_text(p, n, what);
	int err;

	if (ret)
		return ret;
	name = n->str;
	if (!strcmp(name, "ok")) {
		*out = 0;
		return 0;
	}
	if (name[0] == '-' && xerrno_from_name(name + 1))
		return scn__fail(&p->e, n->line, n->column,
				 "%s: write errno names without a sign ('%s', not '%s')", what,
				 name + 1, name);
	err = xerrno_from_name(name);
	if (err) {
		*out = err;
		return 0;
	}
	scn__sugg_init(&s, name);
	scn__sugg_add(&s, "ok");
	for (int e = 1; e < 200; e++) {
		const char *en = xerrname(e);

		if (en[0] == 'E' && en[1] != '?')
			scn__sugg_add(&s, en);
	}
	if (scn__sugg_best(&s))
		return scn__fail(&p->e, n->line, n->column,
				 "%s: unknown errno name '%.80s' (did you mean '%s'?)", what, name,
				 scn__sugg_best(&s));
	return scn__fail(&p->e, n->line, n->column,
			 "%s: '%.80s' is neither 'ok' nor an errno name such as EAGAIN", what, name);
}
