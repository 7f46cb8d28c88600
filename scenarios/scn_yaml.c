// SPDX-License-Identifier: MIT
/*
 * scn_yaml.c - the only file in xdnasim that includes <yaml.h>.
 *
 * Reads libyaml's event stream into a small tree of &struct ynode with the
 * 1-based line and column of every node.  There is no recursion: open
 * collections sit on an explicit stack bounded by SCN_MAX_DEPTH, and the
 * total node count is bounded by SCN_MAX_NODES, so hostile input (deep
 * nesting, huge sequences) ends in an error with a location, never in a
 * stack overflow or quadratic work.  Anchors, aliases and tags are
 * rejected; the schema has no use for them.
 */
#include "scenarios/scn_priv.h"
#include "common/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct frame {
	struct ynode *node;
	struct ynode **kids;	/* growing child vector (scn__realloc) */
	u32 nr;
	u32 cap;
};

struct reader {
	struct scn_arena *arena;
	struct scn_ectx *e;
	struct frame stack[SCN_MAX_DEPTH];
	int depth;
	u32 nodes;
	struct ynode *root;
	int docs;
	const char *buf;	/* the input, to locate reader errors */
	size_t len;
};

const char *scn__ynode_type_name(const struct ynode *n)
{
	switch (n->type) {
	case YN_SCALAR:
		return "a scalar";
	case YN_SEQ:
		return "a sequence";
	default:
		return "a mapping";
	}
}

static u32 pos(size_t zero_based)
{
	return zero_based >= 0xfffffffeu ? 0xffffffffu : (u32)zero_based + 1;
}

static int push_kid(struct reader *r, struct ynode *n)
{
	struct frame *f;

	if (r->depth == 0) {
		r->root = n;
		return 0;
	}
	f = &r->stack[r->depth - 1];
	if (f->nr == f->cap) {
		u32 cap = f->cap ? f->cap * 2 : 8;
		struct ynode **k = scn__realloc(f->kids, cap * sizeof(*k));

		if (!k)
			return scn__nomem(r->e);
		f->kids = k;
		f->cap = cap;
	}
	f->kids[f->nr++] = n;
	return 0;
}

static int reject_extras(struct reader *r, const yaml_event_t *ev,
			 const yaml_char_t *anchor, const yaml_char_t *tag)
{
	u32 l = pos(ev->start_mark.line), c = pos(ev->start_mark.column);

	if (anchor)
		return scn__fail(r->e, l, c,
				 "anchors ('&%s') are not supported; write the value out",
				 (const char *)anchor);
	if (tag)
		return scn__fail(r->e, l, c, "tags ('%s') are not supported; remove the tag",
				 (const char *)tag);
	return 0;
}

static struct ynode *new_node(struct reader *r, const yaml_event_t *ev, enum ynode_type t)
{
	struct ynode *n;

	if (++r->nodes > SCN_MAX_NODES) {
		scn__fail(r->e, pos(ev->start_mark.line), pos(ev->start_mark.column),
			  "too many YAML nodes (more than %u)", SCN_MAX_NODES);
		return NULL;
	}
	n = scn__arena_alloc(r->arena, sizeof(*n));
	if (!n) {
		scn__nomem(r->e);
		return NULL;
	}
	n->type = t;
	n->line = pos(ev->start_mark.line);
	n->column = pos(ev->start_mark.column);
	return n;
}

static int on_scalar(struct reader *r, const yaml_event_t *ev)
{
	const yaml_char_t *tag = ev->data.scalar.tag;
	struct ynode *n;
	int ret;

	/* libyaml reports the plain/quoted implicit flags with a NULL tag. */
	ret = reject_extras(r, ev, ev->data.scalar.anchor, tag);
	if (ret)
		return ret;
	if (ev->data.scalar.length > SCN_MAX_SCALAR)
		return scn__fail(r->e, pos(ev->start_mark.line), pos(ev->start_mark.column),
				 "scalar longer than %u bytes", SCN_MAX_SCALAR);
	n = new_node(r, ev, YN_SCALAR);
	if (!n)
		return r->e->error->err;
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	n->len = ev->data.scalar.length;
	n->str = scn__arena_strndup(r->arena, (const char *)ev->data.scalar.value, n->len);
	if (!n->str)
		return scn__nomem(r->e);
	return push_kid(r, n);
}

static int on_start(struct reader *r, const yaml_event_t *ev, enum ynode_type t)
{
	const yaml_char_t *anchor, *tag;
	struct ynode *n;
	int ret;

	if (t == YN_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	ret = reject_extras(r, ev, anchor, tag);
	if (ret)
		return ret;
	if (r->depth == SCN_MAX_DEPTH)
		return scn__fail(r->e, pos(ev->start_mark.line), pos(ev->start_mark.column),
				 "nesting deeper than %d levels", SCN_MAX_DEPTH);
	n = new_node(r, ev, t);
	if (!n)
		return r->e->error->err;
	ret = push_kid(r, n);
	if (ret)
		return ret;
	r->stack[r->depth++] = (struct frame){ .node = n };
	return 0;
}

static int on_end(struct reader *r)
{
	struct frame *f = &r->stack[--r->depth];
	struct ynode *n = f->node;

	if (f->nr) {
		n->kids = scn__arena_alloc(r->arena, f->nr * sizeof(*n->kids));
		if (!n->kids) {
			free(f->kids);
			f->kids = NULL;
			return scn__nomem(r->e);
		}
		memcpy(n->kids, f->kids, f->nr * sizeof(*n->kids));
		n->nr = f->nr;
	}
	free(f->kids);
	f->kids = NULL;
	return 0;
}

static int syntax_error(struct reader *r, const yaml_parser_t *p)
{
	const yaml_mark_t *m = &p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		return scn__nomem(r->e);
	if (p->error == YAML_READER_ERROR) {
		/* libyaml's reader errors carry a byte offset, not a mark. */
		u32 line, column;

		xin_pos(r->buf, r->len, p->problem_offset, &line, &column);
		if (p->problem_value >= 0)
			return scn__fail(r->e, line, column, "YAML syntax error: %s (character 0x%x)",
					 p->problem ? p->problem : "invalid input",
					 (unsigned int)p->problem_value);
		return scn__fail(r->e, line, column, "YAML syntax error: %s",
				 p->problem ? p->problem : "invalid input");
	}
	if (p->context)
		return scn__fail(r->e, pos(m->line), pos(m->column),
				 "YAML syntax error: %s %s (line %u, column %u)",
				 p->problem ? p->problem : "invalid input", p->context,
				 pos(p->context_mark.line), pos(p->context_mark.column));
	return scn__fail(r->e, pos(m->line), pos(m->column), "YAML syntax error: %s",
			 p->problem ? p->problem : "invalid input");
}

static int handle_event(struct reader *r, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++r->docs > 1)
			return scn__fail(r->e, pos(ev->start_mark.line), pos(ev->start_mark.column),
					 "only one YAML document per scenario file");
		return 0;
	case YAML_ALIAS_EVENT:
		return scn__fail(r->e, pos(ev->start_mark.line), pos(ev->start_mark.column),
				 "aliases ('*%s') are not supported; write the value out",
				 (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		return on_scalar(r, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(r, ev, YN_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(r, ev, YN_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(r);
	default:
		return 0;
	}
}

int scn__yaml_parse(const char *buf, size_t len, struct scn_arena *a,
		    struct ynode **root, struct scn_ectx *e)
{
	struct reader r = { .arena = a, .e = e, .buf = buf ? buf : "", .len = buf ? len : 0 };
	yaml_parser_t p;
	yaml_event_t ev;
	bool done = false;
	int ret = 0;

	*root = NULL;
	if (!yaml_parser_initialize(&p))
		return scn__nomem(e);
	/* libyaml asserts on a NULL input, even an empty one. */
	yaml_parser_set_input_string(&p, (const unsigned char *)(buf ? buf : ""), buf ? len : 0);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			ret = syntax_error(&r, &p);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ret = handle_event(&r, &ev);
		yaml_event_delete(&ev);
		if (ret)
			break;
	}
	while (r.depth > 0)
		free(r.stack[--r.depth].kids);
	yaml_parser_delete(&p);
	if (!ret)
		*root = r.root;
	return ret;
}
