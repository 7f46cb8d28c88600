// SPDX-License-Identifier: MIT
/*
 * scn_set.c - "--set PATH=VALUE" overrides: the YAML tree of a scenario is
 * changed before the schema converter reads it, so an overridden value is
 * checked exactly like one written in the file.  PATH names mapping keys
 * and sequence indices separated by dots ("shim.num_heap_pages",
 * "clients.0.instances", "seed"); a missing last key (or a missing mapping
 * on the way) is added.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct ynode *new_scalar(struct scn_arena *a, const char *s, size_t len, u32 line,
				u32 column)
{
	struct ynode *n = scn__arena_alloc(a, sizeof(*n));

	if (!n)
		return NULL;
	n->type = YN_SCALAR;
	n->line = line;
	n->column = column;
	n->str = scn__arena_strndup(a, s, len);
	n->len = len;
	return n->str ? n : NULL;
}

/* Append the pair @k: @v to mapping @map. */
static int map_add(struct scn_arena *a, struct ynode *map, struct ynode *k, struct ynode *v)
{
	struct ynode **kids = scn__arena_alloc(a, (map->nr + 2) * sizeof(*kids));

	if (!kids)
		return -ENOMEM;
	if (map->nr)
		memcpy(kids, map->kids, map->nr * sizeof(*kids));
	kids[map->nr] = k;
	kids[map->nr + 1] = v;
	map->kids = kids;
	map->nr += 2;
	return 0;
}

static int set_one(struct scn_arena *a, struct ynode *root, const char *set,
		   struct scn_ectx *e)
{
	const char *eq = strchr(set, '=');
	const char *p = set, *value;
	struct ynode *n = root;

	if (!eq || eq == set)
		return scn__fail(e, root->line, root->column, "--set '%s': expected PATH=VALUE", set);
	value = eq + 1;
	for (;;) {
		size_t len = strcspn(p, ".=");
		bool last = p + len == eq;
		struct ynode **slot = NULL;

		if (!len)
			return scn__fail(e, root->line, root->column, "--set '%s': empty key in the path", set);
		if (n->type == YN_MAP) {
			for (u32 i = 0; i + 1 < n->nr; i += 2) {
				const struct ynode *k = n->kids[i];

				if (k->type == YN_SCALAR && k->len == len && !memcmp(k->str, p, len)) {
					slot = &n->kids[i + 1];
					break;
				}
			}
			if (!slot) {
				struct ynode *k = new_scalar(a, p, len, n->line, n->column);
				struct ynode *v = last ? new_scalar(a, value, strlen(value), n->line,
								   n->column)
						       : scn__arena_alloc(a, sizeof(*v));

				if (!k || !v || map_add(a, n, k, v))
					return -ENOMEM;
				if (!last) {
					v->type = YN_MAP;
					v->line = n->line;
					v->column = n->column;
				}
				slot = &n->kids[n->nr - 1];
			}
		} else if (n->type == YN_SEQ) {
			char *end;
			unsigned long i = strtoul(p, &end, 10);

			if (end != p + len || i >= n->nr)
				return scn__fail(e, n->line, n->column,
						 "--set '%s': '%.*s' is not an index of this sequence (0..%u)",
						 set, (int)len, p, n->nr ? n->nr - 1 : 0);
			slot = &n->kids[i];
		} else {
			return scn__fail(e, n->line, n->column,
					 "--set '%s': '%.*s' is inside a scalar", set, (int)len, p);
		}
		if (last) {
			struct ynode *old = *slot;

			if (old->type != YN_SCALAR && !(old->type == YN_MAP && !old->nr))
				return scn__fail(e, old->line, old->column,
						 "--set '%s': the value there is %s, not a scalar", set,
						 scn__ynode_type_name(old));
			*slot = new_scalar(a, value, strlen(value), old->line, old->column);
			return *slot ? 0 : -ENOMEM;
		}
		n = *slot;
		p += len + 1;
	}
}

int scn__apply_sets(struct scn_arena *a, struct ynode *root, const char *const *sets,
		    u32 nr_sets, struct scn_ectx *e)
{
	if (nr_sets && (!root || root->type != YN_MAP))
		return scn__fail(e, 1, 1, "--set: the scenario is not a mapping");
	for (u32 i = 0; i < nr_sets; i++) {
		int ret = set_one(a, root, sets[i], e);

		if (ret == -ENOMEM)
			return scn__nomem(e);
		if (ret)
			return ret;
	}
	return 0;
}
