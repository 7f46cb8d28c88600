/* SPDX-License-Identifier: MIT */
/*
 * scn_priv.h - internals of the scenario loader shared by its .c files:
 * the arena every loaded scenario lives in, the small YAML node tree the
 * libyaml reader produces, error formatting and "did you mean" suggestions.
 */
#ifndef XDNASIM_SCENARIOS_SCN_PRIV_H
#define XDNASIM_SCENARIOS_SCN_PRIV_H

#include <stdarg.h>

#include "scenarios/scn.h"

#define U32_NONE 0xffffffffu

/* ---- arena: bump allocation, freed all at once ---- */

struct scn_arena;

struct scn_arena *scn__arena_new(void);
/* scn__arena_alloc - @n zeroed bytes, max-aligned; NULL when out of memory. */
void *scn__arena_alloc(struct scn_arena *a, size_t n);
/* scn__arena_strndup - NUL-terminated copy of @n bytes of @s; NULL on ENOMEM. */
char *scn__arena_strndup(struct scn_arena *a, const char *s, size_t n);
void scn__arena_free(struct scn_arena *a);

/*
 * scn__fail_alloc_after - test hook: make the loader's own allocations
 * (arena blocks and temporary vectors) fail after @n more succeed;
 * a negative @n disables the hook.  Not thread-safe.
 */
void scn__fail_alloc_after(long n);
void *scn__malloc(size_t n);
void *scn__realloc(void *p, size_t n);

/* ---- error reporting ---- */

struct scn_ectx {
	const char *file;
	struct scn_error *error;	/* never NULL inside the loader */
};

/*
 * scn__fail - record "FILE:LINE:COLUMN: message" in @e->error.
 * Returns -EINVAL so callers can write "return scn__fail(...)".
 */
int scn__fail(struct scn_ectx *e, u32 line, u32 column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int scn__vfail(struct scn_ectx *e, u32 line, u32 column, const char *fmt, va_list ap);
/* scn__nomem - record "out of memory" and return -ENOMEM. */
int scn__nomem(struct scn_ectx *e);

/* ---- the YAML node tree (built by scn_yaml.c) ---- */

enum ynode_type {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
};

/*
 * struct ynode - one YAML node.
 * @str/@len: scalar text (NUL-terminated; @len may show embedded NULs).
 * @quoted: the scalar was single- or double-quoted, or a block scalar.
 * @kids/@nr: sequence items; for a mapping, key i is kids[2i] and its
 *            value kids[2i + 1] (@nr = 2 * pairs).
 */
struct ynode {
	enum ynode_type type;
	u32 line;
	u32 column;
	bool quoted;
	const char *str;
	size_t len;
	struct ynode **kids;
	u32 nr;
};

/*
 * scn__yaml_parse - parse @buf into a node tree in @a.  Rejects anchors,
 * aliases, tags, multiple documents, nesting deeper than SCN_MAX_DEPTH and
 * more than SCN_MAX_NODES nodes.  *@root is NULL for an empty stream.
 * Returns 0, -EINVAL (error in @e) or -ENOMEM.
 */
int scn__yaml_parse(const char *buf, size_t len, struct scn_arena *a,
		    struct ynode **root, struct scn_ectx *e);

/*
 * scn__apply_sets - apply "PATH=VALUE" overrides (scn_load_file_set()) to
 * the node tree @root.  Returns 0, -EINVAL (error in @e) or -ENOMEM.
 */
int scn__apply_sets(struct scn_arena *a, struct ynode *root, const char *const *sets,
		    u32 nr_sets, struct scn_ectx *e);

/* scn__ynode_type_name - "a scalar", "a sequence", "a mapping". */
const char *scn__ynode_type_name(const struct ynode *n);

/* ---- suggestions ---- */

struct scn_sugg {
	const char *word;
	const char *best;
	unsigned dist;
};

void scn__sugg_init(struct scn_sugg *s, const char *word);
void scn__sugg_add(struct scn_sugg *s, const char *cand);
/* scn__sugg_best - the closest candidate if close enough, else NULL. */
const char *scn__sugg_best(const struct scn_sugg *s);
/* scn__sugg_list - suggestion over a NULL-terminated list. */
const char *scn__sugg_list(const char *word, const char *const *list);

/* ---- value parsing (scn_value.c) ---- */

/* scn__parse_uint - decimal or 0x hex, '_' allowed between digits. */
int scn__parse_uint(const char *s, u64 *out);
/* scn__parse_real - a finite decimal real number (no hex, inf or nan). */
int scn__parse_real(const char *s, double *out);
/* scn__parse_duration - "500us", "5ms", "2s", "100ns"; bare number = ms. */
int scn__parse_duration(const char *s, u64 *ns, char *why, size_t len);
/* scn__valid_name - [A-Za-z_][A-Za-z0-9_.-]*, at most SCN_MAX_NAME chars. */
bool scn__valid_name(const char *s);


/* ---- name tables (open hashing; labels, hwctxs, phases, clients) ---- */

struct tabent {
	const char *name;
	struct scn_loc decl;
	u64 max_count;		/* labels: largest alloc count */
	bool single;		/* labels: some alloc has count 1 */
	u32 value;		/* phase_index: the phase's index in its client */
};

struct nametab {
	struct tabent *ents;
	u32 nr;
	u32 cap;
	u32 *slots;		/* index + 1, 0 = empty */
	u32 nslots;
};

/* nametab_find - the index of @name, or U32_NONE. */
u32 scn__nametab_find(const struct nametab *t, const char *name);
/* nametab_add - append @name (not present); returns its index or U32_NONE on ENOMEM. */
u32 scn__nametab_add(struct nametab *t, const char *name, struct scn_loc decl);
void scn__nametab_reset(struct nametab *t);

/* ---- the schema converter (scn_parse.c, scn_steps.c) ---- */

struct pctx {
	struct scn_ectx e;
	struct scn_arena *a;
	const struct scn_vocab *v;
	struct scn *s;
	struct nametab clients;
	/* per client, reset between clients */
	struct nametab labels;
	struct nametab hwctxs;
	struct nametab phases;
	/* "CLIENT-INDEX:PHASE" -> phase index, built on first use by 'expect' */
	struct nametab phase_index;
	bool phase_index_built;
	const char *client_name;
	int in_phase;
	u64 glob_budget;	/* pattern-vs-label comparisons left */
};

#define LOC(n) ((struct scn_loc){ (n)->line, (n)->column })

bool scn__is_null(const struct ynode *n);
int scn__want(struct pctx *p, const struct ynode *n, enum ynode_type t, const char *what);
int scn__keys(struct pctx *p, const struct ynode *map, const char *what,
	      const char *const *keys, const struct ynode **vals);
/* scn__seq_alloc - @n must be a sequence; *@out = zeroed array of nr + 1 elements. */
int scn__seq_alloc(struct pctx *p, const struct ynode *n, const char *what, size_t elem,
		   void **out);
int scn__missing(struct pctx *p, const struct ynode *map, const char *what, const char *key);
int scn__get_str(struct pctx *p, const struct ynode *n, const char *what, const char **out);
int scn__get_name(struct pctx *p, const struct ynode *n, const char *what, const char **out);
int scn__get_uint(struct pctx *p, const struct ynode *n, const char *what,
		  u64 min, u64 max, u64 *out);
int scn__get_size(struct pctx *p, const struct ynode *n, const char *what,
		  u64 min, u64 max, u64 *out);
int scn__get_real(struct pctx *p, const struct ynode *n, const char *what,
		  double min, double max, double *out);
int scn__get_bool(struct pctx *p, const struct ynode *n, const char *what, bool *out);
int scn__get_enum(struct pctx *p, const struct ynode *n, const char *what,
		  const char *const *names, u32 *out);
int scn__get_errno(struct pctx *p, const struct ynode *n, const char *what, int *out);

/* scn__want_text - @n must be a scalar without NUL bytes. */
int scn__want_text(struct pctx *p, const struct ynode *n, const char *what);
/* scn__get_client_ref - resolve a client name of the scenario. */
int scn__get_client_ref(struct pctx *p, const struct ynode *n, const char *what,
			const char **name, u32 *id);
int scn__parse_faults(struct pctx *p, const struct ynode *n);
/*
 * scn__get_fw_status - a firmware status: a vocabulary name, a number, or
 * (with @timeout_ok) 'timeout', which sets *@timeout.
 */
int scn__get_fw_status(struct pctx *p, const struct ynode *n, const char *what, bool timeout_ok,
		       u32 *status, const char **name, bool *timeout);
/* scn__parse_allow / scn__parse_known_bug - the verdict declarations (scn_verdict.c). */
int scn__parse_allow(struct pctx *p, const struct ynode *n);
int scn__parse_known_bug(struct pctx *p, const struct ynode *n);
extern const char *const scn__job_names[];
int scn__parse_expect(struct pctx *p, const struct ynode *n);

/* scn__parse_steps - convert a 'steps' sequence of the current client. */
int scn__parse_steps(struct pctx *p, const struct ynode *seq, const char *what,
		     struct scn_step **out, u32 *nr, u64 *ops);

/* Schema names of enum values, indexed by the enum. */
extern const char *const scn__schedule_names[];
extern const char *const scn__op_names[];
extern const char *const scn__cmp_names[];
extern const char *const scn__health_names[];
extern const char *const scn__close_stage_names[];
extern const char *const scn__tdr_stage_names[];
extern const char *const scn__hwctx_stage_names[];
extern const char *const scn__dir_names[];
extern const char *const scn__path_names[];
extern const char *const scn__alloc_stage_names[];
extern const char *const scn__sync_path_names[];

#endif /* XDNASIM_SCENARIOS_SCN_PRIV_H */
