// SPDX-License-Identifier: MIT
/*
 * scn_steps.c - the steps of a client: one operation per step, each a
 * tagged union member of &struct scn_step.  Label and hwctx references are
 * resolved here, in program order: a step may only name a label or hwctx
 * that an earlier step of the same client declares.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *const scn__op_names[] = {
#define SCN_OP_DEF(cname, name, ...) name,
#include "scenarios/scn_ops.def"
	NULL,
};

/* Largest size of one distribution bucket or bound. */
#define DIST_MAX (4ULL << 30)
#define MAX_PATTERN 127
#define MAX_BUCKETS 1024
#define MAX_EXEC_BOS 1024

struct opdef {
	const char *const *keys;
	const char *shorthand;	/* the key a bare scalar value stands for */
};

#define KEYS(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct opdef opdefs[SCN_OP_COUNT] = {
#define SCN_OP_DEF(cname, name, sh, ...) [SCN_OP_##cname] = { KEYS(__VA_ARGS__), sh },
#include "scenarios/scn_ops.def"
};

#define MAX_KEYS 8

/* The value of @key in the op's argument vector, NULL when absent. */
static const struct ynode *arg(const struct ynode **v, enum scn_op op, const char *key)
{
	const char *const *k = opdefs[op].keys;

	for (u32 i = 0; k[i]; i++)
		if (!strcmp(k[i], key))
			return v[i];
	return NULL;
}

/* ---- references ---- */

static int unknown_ref(struct pctx *p, const struct ynode *n, const char *kind,
		       const struct nametab *t, const char *declarer)
{
	struct scn_sugg sg;

	scn__sugg_init(&sg, n->str);
	for (u32 i = 0; i < t->nr; i++)
		scn__sugg_add(&sg, t->ents[i].name);
	if (scn__sugg_best(&sg))
		return scn__fail(&p->e, n->line, n->column,
				 "unknown %s '%.80s' in client '%s' (did you mean '%s'?)", kind,
				 n->str, p->client_name, scn__sugg_best(&sg));
	return scn__fail(&p->e, n->line, n->column,
			 "unknown %s '%.80s' in client '%s' (no earlier '%s' declares it)", kind,
			 n->str, p->client_name, declarer);
}

static int ref_label(struct pctx *p, const struct ynode *n, const char *what, struct scn_ref *r)
{
	int ret = scn__get_name(p, n, what, &r->name);

	if (ret)
		return ret;
	r->loc = LOC(n);
	r->id = scn__nametab_find(&p->labels, r->name);
	if (r->id == U32_NONE)
		return unknown_ref(p, n, "label", &p->labels, "alloc");
	return 0;
}

static int ref_hwctx(struct pctx *p, const struct ynode *n, const char *what, struct scn_ref *r)
{
	int ret = scn__get_name(p, n, what, &r->name);

	if (ret)
		return ret;
	r->loc = LOC(n);
	r->id = scn__nametab_find(&p->hwctxs, r->name);
	if (r->id == U32_NONE)
		return unknown_ref(p, n, "hwctx", &p->hwctxs, "hwctx_create");
	return 0;
}

static int declare(struct pctx *p, struct nametab *t, const char *name, struct scn_loc loc,
		   u32 *id)
{
	*id = scn__nametab_find(t, name);
	if (*id == U32_NONE) {
		*id = scn__nametab_add(t, name, loc);
		if (*id == U32_NONE)
			return scn__nomem(&p->e);
	}
	return 0;
}

/* Does @pattern select any BO a declared label can produce? */
static bool pattern_matches_some(struct pctx *p, const char *pattern)
{
	char name[SCN_MAX_NAME + 24];

	for (u32 i = 0; i < p->labels.nr; i++) {
		const struct tabent *t = &p->labels.ents[i];
		u64 n = t->max_count > 1024 ? 1024 : t->max_count;

		if (p->glob_budget < n + 1)
			return true;	/* too costly to prove: accept */
		p->glob_budget -= n + 1;
		if (t->single && scn_glob_match(pattern, t->name))
			return true;
		for (u64 k = 0; t->max_count > 1 && k < n; k++) {
			snprintf(name, sizeof(name), "%s[%llu]", t->name, (unsigned long long)k);
			if (scn_glob_match(pattern, name))
				return true;
		}
		if (t->max_count > 1024)
			return true;	/* instances beyond 1024 are not enumerated */
	}
	return false;
}

static int get_pattern(struct pctx *p, const struct ynode *n, const char **out)
{
	int ret = scn__get_str(p, n, "free 'pattern'", out);

	if (ret)
		return ret;
	if (!**out || strlen(*out) > MAX_PATTERN)
		return scn__fail(&p->e, n->line, n->column,
				 "free 'pattern' must have 1 to %d characters", MAX_PATTERN);
	for (const char *c = *out; *c; c++)
		if (!strchr("*?[]_.-", *c) && !(*c >= 'a' && *c <= 'z') &&
		    !(*c >= 'A' && *c <= 'Z') && !(*c >= '0' && *c <= '9'))
			return scn__fail(&p->e, n->line, n->column + (n->quoted ? 1 : 0) +
					 (u32)(c - *out),
					 "free 'pattern': character '%c' is not allowed (names, "
					 "'*', '?', '[', ']')", *c);
	if (!pattern_matches_some(p, *out))
		return scn__fail(&p->e, n->line, n->column,
				 "free 'pattern' '%s' matches no label of client '%s' declared so far",
				 *out, p->client_name);
	return 0;
}

/* ---- sizes ---- */

static int parse_bounds(struct pctx *p, const struct ynode *n, const char *what,
			struct scn_size *sz)
{
	static const char *const keys[] = { "min", "max", NULL };
	const struct ynode *v[2];
	int ret;

	ret = scn__want(p, n, YN_MAP, what);
	if (!ret)
		ret = scn__keys(p, n, what, keys, v);
	if (ret)
		return ret;
	if (!v[0])
		return scn__missing(p, n, what, "min");
	if (!v[1])
		return scn__missing(p, n, what, "max");
	ret = scn__get_size(p, v[0], "'min'", 1, DIST_MAX, &sz->min);
	if (!ret)
		ret = scn__get_size(p, v[1], "'max'", 1, DIST_MAX, &sz->max);
	if (!ret && sz->min > sz->max)
		return scn__fail(&p->e, v[1]->line, v[1]->column,
				 "'max' (%s) is smaller than 'min' (%s)", v[1]->str, v[0]->str);
	return ret;
}

static int parse_buckets(struct pctx *p, const struct ynode *n, struct scn_size *sz)
{
	static const char *const keys[] = { "size", "weight", NULL };
	int ret = scn__seq_alloc(p, n, "'buckets'", sizeof(*sz->buckets), (void **)&sz->buckets);

	if (ret)
		return ret;
	if (!n->nr || n->nr > MAX_BUCKETS)
		return scn__fail(&p->e, n->line, n->column, "'buckets' needs 1 to %d entries",
				 MAX_BUCKETS);
	for (u32 i = 0; i < n->nr; i++) {
		const struct ynode *b = n->kids[i], *v[2];
		struct scn_bucket *bk = &sz->buckets[i];

		ret = scn__want(p, b, YN_MAP, "a bucket");
		if (!ret)
			ret = scn__keys(p, b, "a bucket", keys, v);
		if (ret)
			return ret;
		if (!v[0])
			return scn__missing(p, b, "a bucket", "size");
		if (!v[1])
			return scn__missing(p, b, "a bucket", "weight");
		ret = scn__get_size(p, v[0], "bucket 'size'", 1, DIST_MAX, &bk->size);
		if (!ret)
			ret = scn__get_uint(p, v[1], "bucket 'weight'", 1, 1000000, &bk->weight);
		if (ret)
			return ret;
		bk->loc = LOC(b);
		sz->total_weight += bk->weight;
	}
	sz->nr_buckets = n->nr;
	return 0;
}

static int parse_size(struct pctx *p, const struct ynode *n, struct scn_size *sz)
{
	static const char *const keys[] = { "buckets", "uniform", "log_uniform", NULL };
	const struct ynode *v[3];
	int ret, given;

	if (n->type == YN_SCALAR) {
		sz->kind = SCN_SIZE_FIXED;
		return scn__get_size(p, n, "alloc 'size'", 0, U64_MAX, &sz->fixed);
	}
	ret = scn__want(p, n, YN_MAP, "alloc 'size'");
	if (!ret)
		ret = scn__keys(p, n, "a size distribution", keys, v);
	if (ret)
		return ret;
	given = !!v[0] + !!v[1] + !!v[2];
	if (given != 1)
		return scn__fail(&p->e, n->line, n->column,
				 "a size distribution needs exactly one of 'buckets', 'uniform' or "
				 "'log_uniform'");
	if (v[0]) {
		sz->kind = SCN_SIZE_BUCKETS;
		return parse_buckets(p, v[0], sz);
	}
	sz->kind = v[1] ? SCN_SIZE_UNIFORM : SCN_SIZE_LOG_UNIFORM;
	return parse_bounds(p, v[1] ? v[1] : v[2], v[1] ? "'uniform'" : "'log_uniform'", sz);
}

/* ---- per-op expectations ---- */

static int parse_addrs(struct pctx *p, const struct ynode *n, struct scn_expect *x)
{
	int ret = scn__seq_alloc(p, n, "expect 'addrs'", sizeof(*x->addrs), (void **)&x->addrs);

	if (ret)
		return ret;
	for (u32 i = 0; i < n->nr; i++) {
		ret = scn__get_uint(p, n->kids[i], "an address in 'addrs'", 0, U64_MAX,
				    &x->addrs[i]);
		if (ret)
			return ret;
	}
	x->nr_addrs = n->nr;
	return 0;
}

static int parse_expect(struct pctx *p, const struct ynode *n, struct scn_expect *x)
{
	static const char *const keys[] = { "result", "addr", "addrs", "expansions", "job", NULL };
	const struct ynode *v[5];
	u32 idx;
	int ret;

	x->present = true;
	x->loc = LOC(n);
	if (n->type == YN_SCALAR && !strcmp(n->str, "any")) {
		x->any = true;
		return 0;
	}
	if (n->type == YN_SCALAR) {
		x->has_result = true;
		return scn__get_errno(p, n, "'expect'", &x->result_err);
	}
	ret = scn__want(p, n, YN_MAP, "'expect'");
	if (!ret)
		ret = scn__keys(p, n, "'expect'", keys, v);
	if (ret)
		return ret;
	if (v[0]) {
		x->has_result = true;
		ret = scn__get_errno(p, v[0], "expect 'result'", &x->result_err);
	}
	if (!ret && v[1]) {
		x->has_addr = true;
		ret = scn__get_uint(p, v[1], "expect 'addr'", 0, U64_MAX, &x->addr);
	}
	if (!ret && v[2])
		ret = parse_addrs(p, v[2], x);
	if (!ret && v[3]) {
		x->has_expansions = true;
		ret = scn__get_uint(p, v[3], "expect 'expansions'", 0, 1000000, &x->expansions);
	}
	if (!ret && v[4]) {
		x->has_job = true;
		ret = scn__get_enum(p, v[4], "expect 'job' outcome", scn__job_names, &idx);
		x->job = (enum scn_job)idx;
	}
	if (!ret && (x->has_addr || x->nr_addrs) && x->has_result && x->result_err)
		return scn__fail(&p->e, n->line, n->column,
				 "'expect' gives an address but a failing result (%s)",
				 v[0]->str);
	return ret;
}

/* Which parts of 'expect' the op may use (S7). */
static int check_expect(struct pctx *p, const struct ynode *xn, struct scn_step *st)
{
	const struct scn_expect *x = &st->expect;
	bool alloc = st->op == SCN_OP_ALLOC;

	if ((x->has_addr || x->nr_addrs || x->has_expansions) && !alloc)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'addr', 'addrs' and 'expansions' apply to 'alloc' only, not '%s'",
				 scn_op_name(st->op));
	if (x->has_job && st->op != SCN_OP_EXEC)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'job' applies to 'exec' only, not '%s'", scn_op_name(st->op));
	if (x->has_job && x->has_result && x->result_err)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'job' needs a submitted job, but the result is a failure");
	if (!alloc)
		return 0;
	if (x->has_addr && st->alloc.count != 1)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'addr' needs count 1 (count is %llu; use 'addrs')",
				 (unsigned long long)st->alloc.count);
	if (x->nr_addrs && x->nr_addrs != st->alloc.count)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'addrs' has %u entries but count is %llu", x->nr_addrs,
				 (unsigned long long)st->alloc.count);
	if (x->has_expansions && st->alloc.path != SCN_PATH_SHIM)
		return scn__fail(&p->e, xn->line, xn->column,
				 "'expansions' needs path 'shim' (a raw ioctl never expands)");
	return 0;
}

/* ---- operations ---- */

static int parse_alloc(struct pctx *p, const struct ynode *n, const struct ynode **v,
		       struct scn_step *st)
{
	const struct ynode *size = arg(v, SCN_OP_ALLOC, "size");
	const struct ynode *count = arg(v, SCN_OP_ALLOC, "count");
	const struct ynode *label = arg(v, SCN_OP_ALLOC, "label");
	const struct ynode *path = arg(v, SCN_OP_ALLOC, "path");
	u32 idx = 0;
	int ret;

	if (!size)
		return scn__missing(p, n, "'alloc'", "size");
	ret = parse_size(p, size, &st->alloc.size);
	if (ret)
		return ret;
	st->alloc.count = 1;
	if (count) {
		ret = scn__get_uint(p, count, "alloc 'count'", 1, SCN_MAX_COUNT, &st->alloc.count);
		if (ret)
			return ret;
	}
	st->leaf_count = st->alloc.count;
	if (path) {
		ret = scn__get_enum(p, path, "alloc path", scn__path_names, &idx);
		if (ret)
			return ret;
	}
	st->alloc.path = (enum scn_path)idx;
	idx = 0;
	if (arg(v, SCN_OP_ALLOC, "stage")) {
		ret = scn__get_enum(p, arg(v, SCN_OP_ALLOC, "stage"), "alloc stage",
				    scn__alloc_stage_names, &idx);
		if (ret)
			return ret;
		if (idx && st->alloc.count != 1)
			return scn__fail(&p->e, arg(v, SCN_OP_ALLOC, "stage")->line,
					 arg(v, SCN_OP_ALLOC, "stage")->column,
					 "an alloc 'stage' is one BO's: it needs 'count: 1'");
	}
	st->alloc.stage = (enum scn_alloc_stage)idx;
	st->alloc.label.id = U32_NONE;
	if (label) {
		struct tabent *t;

		ret = scn__get_name(p, label, "alloc 'label'", &st->alloc.label.name);
		if (!ret)
			ret = declare(p, &p->labels, st->alloc.label.name, LOC(label),
				      &st->alloc.label.id);
		if (ret)
			return ret;
		st->alloc.labelled = true;
		st->alloc.label.loc = LOC(label);
		t = &p->labels.ents[st->alloc.label.id];
		if (st->alloc.count > t->max_count)
			t->max_count = st->alloc.count;
		if (st->alloc.count == 1)
			t->single = true;
	}
	return 0;
}

static int parse_free(struct pctx *p, const struct ynode *n, const struct ynode **v,
		      struct scn_step *st)
{
	const struct ynode *label = arg(v, SCN_OP_FREE, "label");
	const struct ynode *pattern = arg(v, SCN_OP_FREE, "pattern");
	const struct ynode *fraction = arg(v, SCN_OP_FREE, "fraction");
	int ret = 0;

	if (!!label + !!pattern + !!fraction == 0 || (label && (pattern || fraction)))
		return scn__fail(&p->e, n->line, n->column,
				 "'free' needs exactly one of 'label', 'pattern' or 'fraction' "
				 "('pattern' may narrow a 'fraction')");
	if (label) {
		st->free.kind = SCN_FREE_LABEL;
		return ref_label(p, label, "free 'label'", &st->free.label);
	}
	st->free.kind = fraction ? SCN_FREE_FRACTION : SCN_FREE_PATTERN;
	if (pattern)
		ret = get_pattern(p, pattern, &st->free.pattern);
	if (!ret && fraction)
		ret = scn__get_real(p, fraction, "free 'fraction'", 0.0, 1.0, &st->free.fraction);
	return ret;
}

static int parse_at(struct pctx *p, const struct ynode *n, bool munmap, struct scn_at *at)
{
	static const char *const keys[] = { "slot_of", NULL };
	const struct ynode *v[1];
	u64 k;
	int ret;

	if (n->type == YN_MAP) {
		ret = scn__keys(p, n, "'at'", keys, v);
		if (ret)
			return ret;
		if (!v[0])
			return scn__missing(p, n, "'at'", "slot_of");
		ret = scn__get_uint(p, v[0], "'slot_of'", 0, SCN_MAX_CHUNKS - 1, &k);
		at->kind = SCN_AT_SLOT_OF;
		at->slot_of = (u32)k;
		return ret;
	}
	ret = scn__want(p, n, YN_SCALAR, "'at'");
	if (ret)
		return ret;
	if (!strcmp(n->str, "slot")) {
		at->kind = SCN_AT_SLOT;
		return 0;
	}
	if (munmap && !strcmp(n->str, "all")) {
		at->kind = SCN_AT_ALL;
		return 0;
	}
	if (n->str[0] < '0' || n->str[0] > '9')
		return scn__fail(&p->e, n->line, n->column,
				 "'at' must be 'slot'%s, an address or {slot_of: K}, not '%.80s'",
				 munmap ? ", 'all'" : "", n->str);
	at->kind = SCN_AT_ADDR;
	return scn__get_uint(p, n, "'at'", 0, U64_MAX, &at->addr);
}

static int parse_chunk(struct pctx *p, const struct ynode *n, const struct ynode **v,
		       struct scn_step *st)
{
	const struct ynode *chunk = arg(v, st->op, "chunk");
	u64 k;
	int ret;

	if (!chunk)
		return scn__missing(p, n, scn_op_name(st->op), "chunk");
	ret = scn__get_uint(p, chunk, "'chunk'", 0, SCN_MAX_CHUNKS - 1, &k);
	if (ret)
		return ret;
	st->chunk.chunk = (u32)k;
	st->chunk.at.kind = st->op == SCN_OP_MUNMAP ? SCN_AT_ALL : SCN_AT_SLOT;
	if (st->op != SCN_OP_CHUNK_CLOSE && arg(v, st->op, "at"))
		return parse_at(p, arg(v, st->op, "at"), st->op == SCN_OP_MUNMAP, &st->chunk.at);
	return 0;
}

static int parse_sync(struct pctx *p, const struct ynode *n, const struct ynode **v,
		      struct scn_step *st)
{
	const struct ynode *label = arg(v, SCN_OP_SYNC, "label");
	const struct ynode *chunk = arg(v, SCN_OP_SYNC, "chunk");
	const struct ynode *size = arg(v, SCN_OP_SYNC, "size");
	const struct ynode *off = arg(v, SCN_OP_SYNC, "offset");
	const struct ynode *dir = arg(v, SCN_OP_SYNC, "direction");
	const struct ynode *path = arg(v, SCN_OP_SYNC, "path");
	u32 idx;
	u64 k;
	int ret;

	if (!!label == !!chunk)
		return scn__fail(&p->e, n->line, n->column,
				 "'sync' needs exactly one of 'label' or 'chunk'");
	if (label) {
		ret = ref_label(p, label, "sync 'label'", &st->sync.label);
	} else {
		st->sync.on_chunk = true;
		ret = scn__get_uint(p, chunk, "'chunk'", 0, SCN_MAX_CHUNKS - 1, &k);
		st->sync.chunk = (u32)k;
	}
	if (!ret && off)
		ret = scn__get_size(p, off, "sync 'offset'", 0, U64_MAX, &st->sync.offset);
	st->sync.whole = !size;
	if (!ret && size)
		ret = scn__get_size(p, size, "sync 'size'", 0, U64_MAX, &st->sync.size);
	if (!ret && dir) {
		ret = scn__get_enum(p, dir, "sync direction", scn__dir_names, &idx);
		st->sync.direction = (enum scn_direction)idx;
	}
	st->sync.path = p->s->force_driver_sync ? SCN_SYNC_DRIVER : SCN_SYNC_SHIM;
	if (!ret && path) {
		ret = scn__get_enum(p, path, "sync path", scn__sync_path_names, &idx);
		st->sync.path = (enum scn_sync_path)idx;
	}
	return ret;
}

static int parse_bos(struct pctx *p, const struct ynode *n, u32 max, struct scn_step *st)
{
	int ret = scn__seq_alloc(p, n, "'bos'", sizeof(*st->exec.bos), (void **)&st->exec.bos);

	if (ret)
		return ret;
	if (n->nr > max)
		return scn__fail(&p->e, n->line, n->column, "'bos' has %u entries (at most %u)",
				 n->nr, max);
	for (u32 i = 0; i < n->nr; i++) {
		ret = ref_label(p, n->kids[i], "a 'bos' entry", &st->exec.bos[i]);
		if (ret)
			return ret;
	}
	st->exec.nr_bos = n->nr;
	return 0;
}

static int parse_exec(struct pctx *p, const struct ynode *n, const struct ynode **v,
		      struct scn_step *st)
{
	const struct ynode *hwctx = arg(v, st->op, "hwctx");
	const struct ynode *bos = arg(v, st->op, "bos");
	int ret;

	if (!hwctx)
		return scn__missing(p, n, scn_op_name(st->op), "hwctx");
	ret = ref_hwctx(p, hwctx, "'hwctx'", &st->exec.hwctx);
	if (ret)
		return ret;
	if (st->op == SCN_OP_CONFIG_CU) {
		if (!bos)
			return scn__missing(p, n, "'config_cu'", "bos");
		ret = parse_bos(p, bos, SCN_MAX_CU_BOS, st);
		if (!ret && !st->exec.nr_bos)
			return scn__fail(&p->e, bos->line, bos->column,
					 "'config_cu' needs at least one CU BO");
		return ret;
	}
	if (bos)
		ret = parse_bos(p, bos, MAX_EXEC_BOS, st);
	if (!ret && arg(v, SCN_OP_EXEC, "hang"))
		ret = scn__get_bool(p, arg(v, SCN_OP_EXEC, "hang"), "exec 'hang'", &st->exec.hang);
	if (!ret && arg(v, SCN_OP_EXEC, "late"))
		ret = scn__get_bool(p, arg(v, SCN_OP_EXEC, "late"), "exec 'late'", &st->exec.late);
	if (!ret && st->exec.hang && st->exec.late)
		return scn__fail(&p->e, arg(v, SCN_OP_EXEC, "late")->line,
				 arg(v, SCN_OP_EXEC, "late")->column,
				 "exec 'late' and 'hang' exclude each other");
	return ret;
}

static int parse_block(struct pctx *p, const struct ynode *n, const struct ynode **v,
		       struct scn_step *st)
{
	const struct ynode *steps = arg(v, st->op, "steps");
	const char *what = scn_op_name(st->op);
	u64 ops;
	int ret;

	if (st->op == SCN_OP_REPEAT) {
		const struct ynode *count = arg(v, SCN_OP_REPEAT, "count");

		if (!count)
			return scn__missing(p, n, "'repeat'", "count");
		ret = scn__get_uint(p, count, "repeat 'count'", 1, SCN_MAX_COUNT,
				    &st->block.count);
	} else {
		const struct ynode *name = arg(v, SCN_OP_PHASE, "name");
		u32 prev;

		if (!name)
			return scn__missing(p, n, "'phase'", "name");
		if (p->in_phase)
			return scn__fail(&p->e, n->line, n->column, "phases cannot be nested");
		ret = scn__get_name(p, name, "phase 'name'", &st->block.name);
		if (ret)
			return ret;
		prev = scn__nametab_find(&p->phases, st->block.name);
		if (prev != U32_NONE)
			return scn__fail(&p->e, name->line, name->column,
					 "duplicate phase '%s' in client '%s' (first at line %u, "
					 "column %u)", st->block.name, p->client_name,
					 p->phases.ents[prev].decl.line,
					 p->phases.ents[prev].decl.column);
		st->block.phase_id = scn__nametab_add(&p->phases, st->block.name, LOC(name));
		if (st->block.phase_id == U32_NONE)
			return scn__nomem(&p->e);
		st->block.count = 1;
	}
	if (ret)
		return ret;
	if (!steps)
		return scn__missing(p, n, what, "steps");
	p->in_phase += st->op == SCN_OP_PHASE;
	ret = scn__parse_steps(p, steps, "'steps'", &st->block.steps, &st->block.nr_steps, &ops);
	p->in_phase -= st->op == SCN_OP_PHASE;
	if (ret)
		return ret;
	if (!st->block.nr_steps)
		return scn__fail(&p->e, steps->line, steps->column, "'steps' of '%s' is empty",
				 what);
	if (ops > SCN_MAX_LEAF_STEPS / st->block.count)
		return scn__fail(&p->e, n->line, n->column,
				 "'%s' expands to more than %llu operations", what,
				 (unsigned long long)SCN_MAX_LEAF_STEPS);
	st->leaf_count = ops * st->block.count;
	return 0;
}

static int parse_args(struct pctx *p, const struct ynode *n, const struct ynode **v,
		      struct scn_step *st)
{
	const struct ynode *x;
	u32 idx;
	int ret = 0;

	switch (st->op) {
	case SCN_OP_OPEN:
		st->open.heap = true;
		if (arg(v, SCN_OP_OPEN, "heap"))
			ret = scn__get_bool(p, arg(v, SCN_OP_OPEN, "heap"), "open 'heap'",
					    &st->open.heap);
		return ret;
	case SCN_OP_HWCTX_CREATE:
	case SCN_OP_HWCTX_DESTROY:
		x = arg(v, st->op, "name");
		if (!x)
			return scn__missing(p, n, scn_op_name(st->op), "name");
		if (st->op == SCN_OP_HWCTX_DESTROY)
			return ref_hwctx(p, x, "hwctx 'name'", &st->hwctx.hwctx);
		if (arg(v, SCN_OP_HWCTX_CREATE, "stage")) {
			ret = scn__get_enum(p, arg(v, SCN_OP_HWCTX_CREATE, "stage"),
					    "hwctx_create 'stage'", scn__hwctx_stage_names, &idx);
			st->hwctx.stage = (enum scn_hwctx_stage)idx;
		}
		/* a 'config' stage names the context its 'create' stage declared */
		if (!ret && st->hwctx.stage == SCN_HWCTX_CONFIG) {
			ret = ref_hwctx(p, x, "hwctx 'name'", &st->hwctx.hwctx);
		} else if (!ret) {
			ret = scn__get_name(p, x, "hwctx 'name'", &st->hwctx.hwctx.name);
			st->hwctx.hwctx.loc = LOC(x);
		}
		if (!ret && st->hwctx.stage != SCN_HWCTX_CONFIG)
			ret = declare(p, &p->hwctxs, st->hwctx.hwctx.name, LOC(x),
				      &st->hwctx.hwctx.id);
		st->hwctx.cus = 1;
		x = arg(v, SCN_OP_HWCTX_CREATE, "cu");
		if (!ret && x) {
			u64 cus = 0;

			/* 'none': no CONFIG_CU (the raw path); else 1..MAX_NUM_CUS CUs */
			if (x->type == YN_SCALAR && !strcmp(x->str, "none"))
				st->hwctx.cus = 0;
			else if (!(ret = scn__get_uint(p, x, "hwctx_create 'cu' (a count or 'none')",
						       1, SCN_MAX_CU_BOS, &cus)))
				st->hwctx.cus = (u32)cus;
		}
		return ret;
	case SCN_OP_ALLOC:
		return parse_alloc(p, n, v, st);
	case SCN_OP_FREE:
		return parse_free(p, n, v, st);
	case SCN_OP_CHUNK_CREATE:
		st->chunk_create.size = SZ_64M;
		if (arg(v, st->op, "size"))
			ret = scn__get_size(p, arg(v, st->op, "size"), "chunk_create 'size'", 0,
					    U64_MAX, &st->chunk_create.size);
		return ret;
	case SCN_OP_CHUNK_CLOSE:
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
		return parse_chunk(p, n, v, st);
	case SCN_OP_SYNC:
		return parse_sync(p, n, v, st);
	case SCN_OP_EXEC:
	case SCN_OP_CONFIG_CU:
		return parse_exec(p, n, v, st);
	case SCN_OP_CLOSE:
		if (arg(v, SCN_OP_CLOSE, "stage")) {
			ret = scn__get_enum(p, arg(v, SCN_OP_CLOSE, "stage"), "close 'stage'",
					    scn__close_stage_names, &idx);
			st->close.stage = (enum scn_close_stage)idx;
		}
		return ret;
	case SCN_OP_TDR:
		x = arg(v, SCN_OP_TDR, "hwctx");
		if (!x)
			return scn__missing(p, n, "'tdr'", "hwctx");
		ret = ref_hwctx(p, x, "tdr 'hwctx'", &st->tdr.hwctx);
		if (!ret && arg(v, SCN_OP_TDR, "health")) {
			ret = scn__get_enum(p, arg(v, SCN_OP_TDR, "health"), "tdr health",
					    scn__health_names, &idx);
			st->tdr.health = (enum scn_health)idx;
		}
		if (!ret && arg(v, SCN_OP_TDR, "async"))
			ret = scn__get_bool(p, arg(v, SCN_OP_TDR, "async"), "tdr 'async'",
					    &st->tdr.async);
		if (!ret && arg(v, SCN_OP_TDR, "stage")) {
			ret = scn__get_enum(p, arg(v, SCN_OP_TDR, "stage"), "tdr 'stage'",
					    scn__tdr_stage_names, &idx);
			st->tdr.stage = (enum scn_tdr_stage)idx;
		}
		return ret;
	case SCN_OP_MBOX_RX:
		x = arg(v, SCN_OP_MBOX_RX, "hwctx");
		if (!x)
			return scn__missing(p, n, "'mbox_rx'", "hwctx");
		ret = ref_hwctx(p, x, "mbox_rx 'hwctx'", &st->tdr.hwctx);
		if (!ret && arg(v, SCN_OP_MBOX_RX, "async"))
			ret = scn__get_bool(p, arg(v, SCN_OP_MBOX_RX, "async"), "mbox_rx 'async'",
					    &st->tdr.async);
		return ret;
	case SCN_OP_ADVANCE: {
		char why[200];

		x = arg(v, SCN_OP_ADVANCE, "by");
		if (!x)
			return scn__missing(p, n, "'advance'", "by");
		ret = scn__want(p, x, YN_SCALAR, "advance 'by'");
		if (!ret && scn__parse_duration(x->str, &st->advance.ns, why, sizeof(why)))
			return scn__fail(&p->e, x->line, x->column, "advance 'by': %s", why);
		return ret;
	}
	case SCN_OP_SUSPEND:
	case SCN_OP_RESUME:
	case SCN_OP_POWER_CYCLE:
		if (arg(v, st->op, "async"))
			ret = scn__get_bool(p, arg(v, st->op, "async"), "'async'", &st->pm.async);
		return ret;
	case SCN_OP_REPEAT:
	case SCN_OP_PHASE:
		return parse_block(p, n, v, st);
	default:
		return 0;
	}
}

static int find_op(struct pctx *p, const struct ynode *k, enum scn_op *op)
{
	const char *sugg;

	if (k->type == YN_SCALAR)
		for (u32 i = 0; i < SCN_OP_COUNT; i++)
			if (!strcmp(scn__op_names[i], k->str)) {
				*op = (enum scn_op)i;
				return 0;
			}
	if (k->type != YN_SCALAR)
		return scn__fail(&p->e, k->line, k->column,
				 "a step is an operation name, not %s", scn__ynode_type_name(k));
	sugg = scn__sugg_list(k->str, scn__op_names);
	if (sugg)
		return scn__fail(&p->e, k->line, k->column,
				 "unknown operation '%.80s' (did you mean '%s'?)", k->str, sugg);
	return scn__fail(&p->e, k->line, k->column,
			 "unknown operation '%.80s' (see 'Steps' in scenarios/README.md)", k->str);
}

static int parse_step(struct pctx *p, const struct ynode *n, struct scn_step *st)
{
	const struct ynode *v[MAX_KEYS], *args = NULL, *key = n;
	char what[48];
	int ret;

	st->loc = LOC(n);
	st->leaf_count = 1;
	if (n->type == YN_MAP) {
		if (n->nr != 2) {
			const struct ynode *k2 = n->nr > 2 ? n->kids[2] : n;

			if (n->nr > 2 && k2->type == YN_SCALAR && !strcmp(k2->str, "expect"))
				return scn__fail(&p->e, k2->line, k2->column,
						 "'expect' goes inside the operation's arguments, "
						 "e.g. '- alloc: {size: 4KiB, expect: ok}'");
			return scn__fail(&p->e, k2->line, k2->column,
					 "a step must have exactly one operation key (found %u)",
					 n->nr / 2);
		}
		key = n->kids[0];
		args = n->kids[1];
	} else if (n->type != YN_SCALAR || scn__is_null(n)) {
		return scn__fail(&p->e, n->line, n->column,
				 "a step must be an operation ('- close') or a mapping with one "
				 "operation key ('- alloc: {size: 4KiB}'), not %s",
				 scn__is_null(n) ? "empty" : scn__ynode_type_name(n));
	}
	ret = find_op(p, key, &st->op);
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "'%s'", scn_op_name(st->op));
	for (u32 i = 0; i < MAX_KEYS; i++)
		v[i] = NULL;
	if (args && !scn__is_null(args)) {
		if (args->type == YN_MAP) {
			ret = scn__keys(p, args, what, opdefs[st->op].keys, v);
		} else if (args->type == YN_SCALAR && opdefs[st->op].shorthand) {
			for (u32 i = 0; opdefs[st->op].keys[i]; i++)
				if (!strcmp(opdefs[st->op].keys[i], opdefs[st->op].shorthand))
					v[i] = args;
		} else {
			ret = scn__fail(&p->e, args->line, args->column,
					"the arguments of %s must be a mapping, not %s", what,
					scn__ynode_type_name(args));
		}
		if (ret)
			return ret;
	}
	ret = parse_args(p, args && args->type == YN_MAP ? args : n, v, st);
	if (!ret && arg(v, st->op, "thread")) {
		u64 t;

		ret = scn__get_uint(p, arg(v, st->op, "thread"), "'thread'", 0, SCN_MAX_THREADS - 1,
				    &t);
		st->thread = (u32)t;
	}
	if (!ret && arg(v, st->op, "expect")) {
		ret = parse_expect(p, arg(v, st->op, "expect"), &st->expect);
		if (!ret)
			ret = check_expect(p, arg(v, st->op, "expect"), st);
	}
	return ret;
}

int scn__parse_steps(struct pctx *p, const struct ynode *seq, const char *what,
		     struct scn_step **out, u32 *nr, u64 *ops)
{
	struct scn_step *steps;
	u64 total = 0;
	int ret;

	*nr = 0;
	*ops = 0;
	ret = scn__seq_alloc(p, seq, what, sizeof(*steps), (void **)&steps);
	if (ret)
		return ret;
	*out = steps;
	for (u32 i = 0; i < seq->nr; i++) {
		ret = parse_step(p, seq->kids[i], &steps[i]);
		if (ret)
			return ret;
		total += steps[i].leaf_count;
		if (total > SCN_MAX_LEAF_STEPS)
			return scn__fail(&p->e, steps[i].loc.line, steps[i].loc.column,
					 "the steps expand to more than %llu operations",
					 (unsigned long long)SCN_MAX_LEAF_STEPS);
		(*nr)++;
	}
	*ops = total;
	return 0;
}
