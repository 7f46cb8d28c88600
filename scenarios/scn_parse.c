// SPDX-License-Identifier: MIT
/*
 * scn_parse.c - the scenario schema, version 1: YAML node tree -> &struct
 * scn.  Top level, clients, faults and end-of-run expectations live here;
 * steps are in scn_steps.c.  Every failure records one FILE:LINE:COLUMN
 * error and unwinds; the half-built scenario goes with its arena.
 */
#include "common/device.h"
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "common/input.h"

const char *const scn__schedule_names[] = { "round_robin", "sequential", "interleave", NULL };
const char *const scn__cmp_names[] = { "==", "!=", "<", "<=", ">", ">=", NULL };
const char *const scn__health_names[] = { "ok", "fatal", "dead", NULL };
const char *const scn__close_stage_names[] = { "all", "chunks", "release", "postclose", "fini",
						"finish", NULL };
const char *const scn__tdr_stage_names[] = { "all", "stop", "restart", "mark", NULL };
const char *const scn__hwctx_stage_names[] = { "all", "create", "config", NULL };
const char *const scn__dir_names[] = { "to_device", "from_device", NULL };
const char *const scn__path_names[] = { "shim", "ioctl", NULL };
const char *const scn__alloc_stage_names[] = { "all", "place", "publish", NULL };
const char *const scn__sync_path_names[] = { "shim", "driver", NULL };

const char *scn_schedule_name(enum scn_schedule s)
{
	return (unsigned)s < SCN_SCHED_COUNT ? scn__schedule_names[s] : "?";
}

const char *scn_cmp_name(enum scn_cmp c)
{
	return (unsigned)c < SCN_CMP_COUNT ? scn__cmp_names[c] : "?";
}

const char *scn_op_name(enum scn_op op)
{
	return (unsigned)op < SCN_OP_COUNT ? scn__op_names[op] : "?";
}

void scn_client_instance_name(const struct scn_client *c, u32 i, char *buf, size_t len)
{
	if (c->instances > 1)
		snprintf(buf, len, "%s[%u]", c->name, i);
	else
		snprintf(buf, len, "%s", c->name);
}

/* ---- top level ---- */

static const char *const top_keys[] = {
	"xdnasim", "name", "description", "device", "firmware", "revision", "mode", "shim",
	"seed", "schedule", "interleave", "bugs", "faults", "clients", "expect", "allow",
	"known_bug", "design", NULL,
};

enum {
	T_VERSION, T_NAME, T_DESC, T_DEVICE, T_FW, T_REVISION, T_MODE, T_SHIM, T_SEED,
	T_SCHEDULE, T_INTERLEAVE, T_BUGS, T_FAULTS, T_CLIENTS, T_EXPECT, T_ALLOW, T_KNOWN_BUG,
	T_DESIGN, T_NKEYS,
};

static int parse_version(struct pctx *p, const struct ynode *root)
{
	const struct ynode *v = NULL;
	u64 ver;
	int ret;

	for (u32 i = 0; i + 1 < root->nr; i += 2)
		if (root->kids[i]->type == YN_SCALAR && !strcmp(root->kids[i]->str, "xdnasim"))
			v = root->kids[i + 1];
	if (!v)
		return scn__fail(&p->e, root->line, root->column,
				 "missing required key 'xdnasim' (the schema version; write "
				 "'xdnasim: %d' first)", SCN_SCHEMA_VERSION);
	ret = scn__get_uint(p, v, "schema version 'xdnasim'", 0, U64_MAX, &ver);
	if (ret)
		return ret;
	if (ver != SCN_SCHEMA_VERSION)
		return scn__fail(&p->e, v->line, v->column,
				 "unsupported schema version %s (this xdnasim reads version %d)",
				 v->str, SCN_SCHEMA_VERSION);
	p->s->version = SCN_SCHEMA_VERSION;
	return 0;
}

static int parse_firmware(struct pctx *p, const struct ynode *n)
{
	unsigned long long maj, min;
	char tail;
	int ret = scn__want_text(p, n, "'firmware'");

	if (ret)
		return ret;
	if (sscanf(n->str, "%3llu.%3llu%c", &maj, &min, &tail) != 2 || n->str[0] < '0' ||
	    n->str[0] > '9' || strchr(n->str, '+') || strchr(n->str, '-') ||
	    strchr(n->str, ' ')) {
		return scn__fail(&p->e, n->line, n->column,
				 "'firmware' must be MAJOR.MINOR (e.g. \"6.18\"), not '%.80s'",
				 n->str);
	}
	p->s->fw_major = (u32)maj;
	p->s->fw_minor = (u32)min;
	p->s->fw_loc = (struct scn_loc){ n->line, n->column };
	return 0;
}

/* Defaults when 'firmware' is absent: see scenarios/README.md. */
static void default_firmware(struct scn *s)
{
	int dev = xdna_device_by_name(s->device);
	u64 fw = dev >= 0 ? xdna_devices[dev].fw_default : 0;

	/* The device table's default (common/devices.def), as the simulator's. */
	s->fw_major = XDNA_FW_MAJOR(fw);
	s->fw_minor = XDNA_FW_MINOR(fw);
}

static int parse_shim(struct pctx *p, const struct ynode *n)
{
	static const char *const keys[] = { "num_heap_pages", "force_driver_sync", NULL };
	const struct ynode *v[2];
	u64 pages;
	int ret;

	ret = scn__want(p, n, YN_MAP, "'shim'");
	if (!ret)
		ret = scn__keys(p, n, "'shim'", keys, v);
	if (!ret && v[0]) {
		ret = scn__get_uint(p, v[0], "'num_heap_pages'", 1, 8, &pages);
		p->s->num_heap_pages = (u32)pages;
	}
	if (!ret && v[1])
		ret = scn__get_bool(p, v[1], "'force_driver_sync'", &p->s->force_driver_sync);
	return ret;
}

static int parse_bugs(struct pctx *p, const struct ynode *n)
{
	struct scn *s = p->s;
	int ret = scn__seq_alloc(p, n, "'bugs'", sizeof(*s->bugs), (void **)&s->bugs);

	if (ret)
		return ret;
	for (u32 i = 0; i < n->nr; i++) {
		const struct ynode *b = n->kids[i];
		u32 idx;

		ret = scn__get_enum(p, b, "bug switch", p->v->bugs, &idx);
		if (ret)
			return ret;
		for (u32 j = 0; j < s->nr_bugs; j++)
			if (!strcmp(s->bugs[j], p->v->bugs[idx]))
				return scn__fail(&p->e, b->line, b->column,
						 "bug switch '%s' listed twice", b->str);
		ret = scn__get_str(p, b, "bug switch", &s->bugs[s->nr_bugs]);
		if (ret)
			return ret;
		s->nr_bugs++;
	}
	return 0;
}

/* ---- clients ---- */

static int copy_names(struct pctx *p, const struct nametab *t, struct scn_name **out, u32 *nr)
{
	*nr = t->nr;
	if (!t->nr)
		return 0;
	*out = scn__arena_alloc(p->a, t->nr * sizeof(**out));
	if (!*out)
		return scn__nomem(&p->e);
	for (u32 i = 0; i < t->nr; i++)
		(*out)[i] = (struct scn_name){ t->ents[i].name, t->ents[i].decl };
	return 0;
}

static const struct scn_step *first_leaf(const struct scn_step *steps, u32 nr)
{
	for (u32 i = 0; i < nr; i++) {
		const struct scn_step *st = &steps[i];

		if (st->op == SCN_OP_REPEAT || st->op == SCN_OP_PHASE) {
			const struct scn_step *l = first_leaf(st->block.steps, st->block.nr_steps);

			if (l)
				return l;
			continue;
		}
		return st;
	}
	return NULL;
}

static int finish_client(struct pctx *p, struct scn_client *c)
{
	const struct scn_step *first = first_leaf(c->steps, c->nr_steps);
	int ret;

	if (first && first->op != SCN_OP_OPEN)
		return scn__fail(&p->e, first->loc.line, first->loc.column,
				 "client '%s': the first step must be 'open', not '%s'", c->name,
				 scn_op_name(first->op));
	c->nr_labels = p->labels.nr;
	if (c->nr_labels) {
		c->labels = scn__arena_alloc(p->a, c->nr_labels * sizeof(*c->labels));
		if (!c->labels)
			return scn__nomem(&p->e);
		for (u32 i = 0; i < c->nr_labels; i++)
			c->labels[i] = (struct scn_label){ p->labels.ents[i].name,
							   p->labels.ents[i].decl,
							   p->labels.ents[i].max_count };
	}
	ret = copy_names(p, &p->hwctxs, &c->hwctxs, &c->nr_hwctxs);
	if (!ret)
		ret = copy_names(p, &p->phases, &c->phases, &c->nr_phases);
	return ret;
}

/*
 * `thread:` names another thread of a single-instance client (the
 * explorer's, docs/explore.md), on its top-level steps only.
 */
static int check_threads(struct pctx *p, const struct scn_client *c, const struct scn_step *st,
			 u32 n, bool top)
{
	for (u32 k = 0; k < n; k++) {
		int ret = 0;

		if (st[k].thread && !top)
			return scn__fail(&p->e, st[k].loc.line, st[k].loc.column,
					 "'thread' goes on a client's own steps, not inside a "
					 "'repeat' or 'phase' (the block is one step of one thread)");
		if (st[k].thread && c->instances > 1)
			return scn__fail(&p->e, st[k].loc.line, st[k].loc.column,
					 "'thread' needs a client with one instance ('%s' has %u)",
					 c->name, c->instances);
		if (st[k].op == SCN_OP_REPEAT || st[k].op == SCN_OP_PHASE)
			ret = check_threads(p, c, st[k].block.steps, st[k].block.nr_steps, false);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_client(struct pctx *p, const struct ynode *n, struct scn_client *c)
{
	static const char *const keys[] = { "name", "instances", "steps", NULL };
	const struct ynode *v[3];
	u64 inst = 1;
	int ret;

	ret = scn__want(p, n, YN_MAP, "a client");
	if (!ret)
		ret = scn__keys(p, n, "a client", keys, v);
	if (ret)
		return ret;
	c->loc = LOC(n);
	if (!v[0])
		return scn__missing(p, n, "a client", "name");
	ret = scn__get_name(p, v[0], "client 'name'", &c->name);
	if (ret)
		return ret;
	if (scn__nametab_find(&p->clients, c->name) != U32_NONE) {
		const struct tabent *t = &p->clients.ents[scn__nametab_find(&p->clients, c->name)];

		return scn__fail(&p->e, v[0]->line, v[0]->column,
				 "duplicate client name '%s' (first at line %u, column %u)",
				 c->name, t->decl.line, t->decl.column);
	}
	if (scn__nametab_add(&p->clients, c->name, LOC(v[0])) == U32_NONE)
		return scn__nomem(&p->e);
	if (v[1]) {
		ret = scn__get_uint(p, v[1], "client 'instances'", 1, SCN_MAX_INSTANCES, &inst);
		if (ret)
			return ret;
	}
	c->instances = (u32)inst;
	if (!v[2])
		return scn__missing(p, n, "a client", "steps");
	scn__nametab_reset(&p->labels);
	scn__nametab_reset(&p->hwctxs);
	scn__nametab_reset(&p->phases);
	p->client_name = c->name;
	ret = scn__parse_steps(p, v[2], "client 'steps'", &c->steps, &c->nr_steps,
			       &c->leaf_steps);
	if (ret)
		return ret;
	if (!c->nr_steps)
		return scn__fail(&p->e, v[2]->line, v[2]->column, "client '%s' has no steps",
				 c->name);
	ret = check_threads(p, c, c->steps, c->nr_steps, true);
	return ret ? ret : finish_client(p, c);
}

static int parse_clients(struct pctx *p, const struct ynode *n)
{
	struct scn *s = p->s;
	int ret = scn__seq_alloc(p, n, "'clients'", sizeof(*s->clients), (void **)&s->clients);

	if (ret)
		return ret;
	if (!n->nr)
		return scn__fail(&p->e, n->line, n->column, "'clients' is empty");
	for (u32 i = 0; i < n->nr; i++) {
		struct scn_client *c = &s->clients[i];

		ret = parse_client(p, n->kids[i], c);
		if (ret)
			return ret;
		s->nr_clients++;
		if (c->leaf_steps > SCN_MAX_LEAF_STEPS / c->instances ||
		    s->leaf_steps + c->leaf_steps * c->instances > SCN_MAX_LEAF_STEPS)
			return scn__fail(&p->e, c->loc.line, c->loc.column,
					 "the scenario expands to more than %llu operations",
					 (unsigned long long)SCN_MAX_LEAF_STEPS);
		s->leaf_steps += c->leaf_steps * c->instances;
	}
	return 0;
}

/*
 * "name" or "name[i]" -> global instance index.  @first[c] is the global
 * index of client c's instance 0 (prefix sums, so each entry costs O(1)).
 */
static int resolve_instance(struct pctx *p, const struct ynode *n, const u32 *first, u32 *out)
{
	const struct scn *s = p->s;
	char base[SCN_MAX_NAME + 1];
	const char *br = strchr(n->str, '[');
	size_t bl = br ? (size_t)(br - n->str) : strlen(n->str);
	u64 idx = 0;
	u32 ci, global = 0;

	if (bl > SCN_MAX_NAME)
		goto bad;
	memcpy(base, n->str, bl);
	base[bl] = '\0';
	ci = scn__nametab_find(&p->clients, base);
	if (ci == U32_NONE) {
		const char *sugg;
		struct scn_sugg sg;

		scn__sugg_init(&sg, base);
		for (u32 i = 0; i < s->nr_clients; i++)
			scn__sugg_add(&sg, s->clients[i].name);
		sugg = scn__sugg_best(&sg);
		return scn__fail(&p->e, n->line, n->column, "unknown client '%.80s'%s%s%s",
				 n->str, sugg ? " (did you mean '" : "", sugg ? sugg : "",
				 sugg ? "'?)" : "");
	}
	if (br) {
		char num[24];
		size_t nl = strlen(br + 1);

		if (nl < 2 || nl > sizeof(num) || br[nl] != ']')
			goto bad;
		memcpy(num, br + 1, nl - 1);
		num[nl - 1] = '\0';
		if (scn__parse_uint(num, &idx) || idx >= s->clients[ci].instances)
			return scn__fail(&p->e, n->line, n->column,
					 "'%.80s': client '%s' has %u instance(s)", n->str, base,
					 s->clients[ci].instances);
	} else if (s->clients[ci].instances > 1) {
		return scn__fail(&p->e, n->line, n->column,
				 "client '%s' has %u instances: name one as '%s[i]'", base,
				 s->clients[ci].instances, base);
	}
	global = first[ci];
	*out = global + (u32)idx;
	return 0;
bad:
	return scn__fail(&p->e, n->line, n->column,
			 "bad client instance '%.80s' (expected NAME or NAME[i])", n->str);
}

static int parse_interleave(struct pctx *p, const struct ynode *n)
{
	struct scn *s = p->s;
	int ret = scn__seq_alloc(p, n, "'interleave'", sizeof(*s->interleave), (void **)&s->interleave);
	u32 *first;

	if (ret)
		return ret;
	if (!n->nr)
		return scn__fail(&p->e, n->line, n->column, "'interleave' is empty");
	first = scn__malloc((s->nr_clients + 1) * sizeof(*first));
	if (!first)
		return scn__nomem(&p->e);
	first[0] = 0;
	for (u32 c = 0; c < s->nr_clients; c++)
		first[c + 1] = first[c] + s->clients[c].instances;
	for (u32 i = 0; i < n->nr && !ret; i++) {
		ret = scn__want_text(p, n->kids[i], "an 'interleave' entry");
		if (!ret)
			ret = resolve_instance(p, n->kids[i], first, &s->interleave[i]);
	}
	free(first);
	if (ret)
		return ret;
	s->nr_interleave = n->nr;
	return 0;
}

int scn__get_client_ref(struct pctx *p, const struct ynode *n, const char *what,
			  const char **name, u32 *id)
{
	const char *sugg;
	struct scn_sugg sg;
	int ret = scn__want_text(p, n, what);

	if (ret)
		return ret;
	*id = scn__nametab_find(&p->clients, n->str);
	if (*id != U32_NONE) {
		*name = p->s->clients[*id].name;
		return 0;
	}
	scn__sugg_init(&sg, n->str);
	for (u32 i = 0; i < p->s->nr_clients; i++)
		scn__sugg_add(&sg, p->s->clients[i].name);
	sugg = scn__sugg_best(&sg);
	return scn__fail(&p->e, n->line, n->column, "%s: unknown client '%.80s'%s%s%s", what,
			 n->str, sugg ? " (did you mean '" : "", sugg ? sugg : "",
			 sugg ? "'?)" : "");
}

/* `revision:` (or the deprecated `design:`): a name of alloc/rev.c or "head". */
static int parse_revision(struct pctx *p, const struct ynode *n, enum drv_rev *out)
{
	const char *names[REV_NR + 3] = { NULL };
	u32 idx;
	int ret;

	for (u32 i = 0; i < REV_NR; i++)
		names[i] = drv_rev_name((enum drv_rev)i);
	names[REV_NR] = "head";
	names[REV_NR + 1] = "interim";
	ret = scn__get_enum(p, n, "revision", names, &idx);
	if (!ret)
		ret = drv_rev_parse(names[idx], out);
	return ret;
}

static int parse_strings(struct pctx *p, const struct ynode *const *v)
{
	struct scn *s = p->s;
	u32 idx;
	int ret = 0;

	if (v[T_NAME])
		ret = scn__get_str(p, v[T_NAME], "'name'", &s->name);
	if (!ret && v[T_DESC])
		ret = scn__get_str(p, v[T_DESC], "'description'", &s->description);
	if (!ret && v[T_DEVICE]) {
		ret = scn__get_enum(p, v[T_DEVICE], "device profile", p->v->devices, &idx);
		if (!ret)
			s->device = p->v->devices[idx];
		s->device_loc = LOC(v[T_DEVICE]);
	}
	if (!ret && v[T_DESIGN] && v[T_REVISION])
		ret = scn__fail(&p->e, v[T_DESIGN]->line, v[T_DESIGN]->column,
				"'design' is the deprecated name of 'revision': give only one");
	if (!ret && (v[T_REVISION] || v[T_DESIGN]))
		ret = parse_revision(p, v[T_REVISION] ? v[T_REVISION] : v[T_DESIGN], &s->rev);
	if (!ret && v[T_MODE]) {
		const char *modes[ADDR_NR_MODES + 1] = { NULL };

		for (u32 i = 0; i < ADDR_NR_MODES; i++)
			modes[i] = addr_mode_name((enum addr_mode)i);
		ret = scn__get_enum(p, v[T_MODE], "address mode", modes, &idx);
		s->mode = (enum addr_mode)idx;
	}
	if (!ret && v[T_SCHEDULE]) {
		ret = scn__get_enum(p, v[T_SCHEDULE], "schedule", scn__schedule_names, &idx);
		s->schedule = (enum scn_schedule)idx;
	}
	return ret;
}

static int default_name(struct pctx *p)
{
	const char *base = strrchr(p->e.file, '/');
	size_t n;

	base = base ? base + 1 : p->e.file;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".yaml"))
		n -= 5;
	else if (n > 4 && !strcmp(base + n - 4, ".yml"))
		n -= 4;
	p->s->name = scn__arena_strndup(p->a, base, n);
	return p->s->name ? 0 : scn__nomem(&p->e);
}

static int parse_top(struct pctx *p, const struct ynode *root)
{
	struct scn *s = p->s;
	const struct ynode *v[T_NKEYS];
	int ret;

	if (!root || scn__is_null(root))
		return scn__fail(&p->e, 1, 1, "empty scenario file (expected a mapping that "
				 "starts with 'xdnasim: %d')", SCN_SCHEMA_VERSION);
	if (root->type != YN_MAP)
		return scn__fail(&p->e, root->line, root->column,
				 "a scenario must be a mapping of keys, not %s",
				 scn__ynode_type_name(root));
	s->loc = LOC(root);
	ret = parse_version(p, root);
	if (!ret)
		ret = scn__keys(p, root, "the scenario", top_keys, v);
	if (ret)
		return ret;
	/* Defaults; every one is documented in scenarios/README.md. */
	s->device = "npu4";
	s->rev = REV_HEAD;
	s->mode = ADDR_PASID;
	s->num_heap_pages = 1;
	s->schedule = SCN_SCHED_ROUND_ROBIN;
	s->description = "";
	ret = parse_strings(p, v);
	if (!ret && !v[T_NAME])
		ret = default_name(p);
	if (ret)
		return ret;
	if (v[T_FW])
		ret = parse_firmware(p, v[T_FW]);
	else
		default_firmware(s);
	if (!ret && v[T_SHIM])
		ret = parse_shim(p, v[T_SHIM]);
	if (!ret && v[T_SEED])
		ret = scn__get_uint(p, v[T_SEED], "'seed'", 0, U64_MAX, &s->seed);
	if (!ret && v[T_BUGS])
		ret = parse_bugs(p, v[T_BUGS]);
	if (ret)
		return ret;
	if (!v[T_CLIENTS])
		return scn__missing(p, root, "the scenario", "clients");
	ret = parse_clients(p, v[T_CLIENTS]);
	if (ret)
		return ret;
	if (s->schedule == SCN_SCHED_INTERLEAVE && !v[T_INTERLEAVE])
		return scn__fail(&p->e, v[T_SCHEDULE]->line, v[T_SCHEDULE]->column,
				 "'schedule: interleave' needs an 'interleave' list");
	if (s->schedule != SCN_SCHED_INTERLEAVE && v[T_INTERLEAVE])
		return scn__fail(&p->e, v[T_INTERLEAVE]->line, v[T_INTERLEAVE]->column,
				 "'interleave' needs 'schedule: interleave'");
	if (v[T_INTERLEAVE])
		ret = parse_interleave(p, v[T_INTERLEAVE]);
	if (!ret && v[T_FAULTS])
		ret = scn__parse_faults(p, v[T_FAULTS]);
	if (!ret && v[T_EXPECT])
		ret = scn__parse_expect(p, v[T_EXPECT]);
	if (!ret && v[T_ALLOW])
		ret = scn__parse_allow(p, v[T_ALLOW]);
	if (!ret && v[T_KNOWN_BUG])
		ret = scn__parse_known_bug(p, v[T_KNOWN_BUG]);
	return ret;
}

/* ---- entry points ---- */

static int load_buffer(const char *buf, size_t len, const char *file,
		       const struct scn_vocab *vocab, const char *const *sets, u32 nr_sets,
		       struct scn **out, struct scn_error *error)
{
	struct scn_error dummy;
	struct pctx p = { 0 };
	struct scn_arena *tree = NULL;
	struct ynode *root;
	int ret;

	*out = NULL;
	p.e.file = file ? file : "<input>";
	p.e.error = error ? error : &dummy;
	memset(p.e.error, 0, sizeof(*p.e.error));
	p.v = vocab ? vocab : scn_default_vocab();
	p.glob_budget = 20000000;
	if (len > SCN_MAX_INPUT_BYTES) {
		scn__fail(&p.e, 1, 1, "file larger than %u bytes", SCN_MAX_INPUT_BYTES);
		p.e.error->err = -EFBIG;
		return -EFBIG;
	}
	/* YAML is UTF-8 text: a NUL or a bad byte is located here, not by libyaml. */
	if (buf && len) {
		struct xin_error xe;

		if (xin_check_text(buf, len, XIN_UTF8, &xe) < len)
			return scn__fail(&p.e, xe.line, xe.column, "%s", xe.msg);
	}
	p.a = scn__arena_new();
	tree = scn__arena_new();
	if (!p.a || !tree) {
		ret = scn__nomem(&p.e);
		goto out_free;
	}
	p.s = scn__arena_alloc(p.a, sizeof(*p.s));
	if (!p.s) {
		ret = scn__nomem(&p.e);
		goto out_free;
	}
	p.s->arena = p.a;
	p.s->vocab = p.v;
	p.s->file = scn__arena_strndup(p.a, p.e.file, strlen(p.e.file));
	if (!p.s->file) {
		ret = scn__nomem(&p.e);
		goto out_free;
	}
	ret = scn__yaml_parse(buf, len, tree, &root, &p.e);
	if (!ret && nr_sets)
		ret = scn__apply_sets(tree, root, sets, nr_sets, &p.e);
	if (!ret)
		ret = parse_top(&p, root);
	if (ret)
		goto out_free;
	*out = p.s;
	p.a = NULL;
out_free:
	scn__nametab_reset(&p.clients);
	scn__nametab_reset(&p.labels);
	scn__nametab_reset(&p.hwctxs);
	scn__nametab_reset(&p.phases);
	scn__nametab_reset(&p.phase_index);
	scn__arena_free(tree);
	scn__arena_free(p.a);
	return ret;
}

int scn_load_buffer(const char *buf, size_t len, const char *file,
		    const struct scn_vocab *vocab, struct scn **out,
		    struct scn_error *error)
{
	return load_buffer(buf, len, file, vocab, NULL, 0, out, error);
}

static int load_file(const char *path, const struct scn_vocab *vocab, const char *const *sets,
		     u32 nr_sets, struct scn **out, struct scn_error *error)
{
	struct scn_error dummy;
	struct scn_error *e = error ? error : &dummy;
	struct xin_error xe;
	struct xin in;
	int ret;

	*out = NULL;
	memset(e, 0, sizeof(*e));
	/* One byte over the limit is enough for scn_load_buffer() to refuse it. */
	ret = xin_read(&in, path, (size_t)SCN_MAX_INPUT_BYTES + 1, XIN_UTF8, &xe);
	if (ret == -EFBIG)
		return load_buffer(NULL, (size_t)SCN_MAX_INPUT_BYTES + 1, path, vocab, sets, nr_sets,
				   out, e);
	if (ret) {
		e->err = ret;
		e->line = xe.line;
		e->column = xe.column;
		snprintf(e->msg, sizeof(e->msg), "%s", xe.msg);
		xin_error_format(&xe, path, e->text, sizeof(e->text));
		return ret == -EILSEQ ? -EINVAL : ret;
	}
	ret = load_buffer(in.buf, in.len, path, vocab, sets, nr_sets, out, e);
	xin_free(&in);
	return ret;
}

int scn_load_file(const char *path, const struct scn_vocab *vocab, struct scn **out,
		  struct scn_error *error)
{
	return load_file(path, vocab, NULL, 0, out, error);
}

int scn_load_file_set(const char *path, const struct scn_vocab *vocab,
		      const char *const *sets, u32 nr_sets, struct scn **out,
		      struct scn_error *error)
{
	return load_file(path, vocab, sets, nr_sets, out, error);
}

void scn_free(struct scn *s)
{
	if (s)
		scn__arena_free(s->arena);
}
