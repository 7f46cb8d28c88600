/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "common/compat.h"

struct rpt_input;

#include "reports/lcov.h"

struct rpt_error;
struct rpt_reader;
struct rpt_run;
struct rpt_input;

/* rpt__rel_path - @path with the input's root prefix stripped. */
const char *rpt__rel_path(const struct rpt_input *in, const char *path);

/* A module (first directory of a source path) and its code-coverage totals. */
struct rpt_module {
	char name[64];
	struct lcov_summary s;
};

/*
 * rpt__modules - per-module totals of @in's lcov data, modules in the
 * order their first file comes (files are sorted by path); @tot: all.
 * Returns the count (*@out malloc'd, the caller frees) or -ENOMEM.
 */
int rpt__modules(const struct rpt_input *in, struct rpt_module **out, struct lcov_summary *tot);
typedef struct json_t json_t;

/* rpt__inst_index - index of instance @name in @r->inst, appended if new; -EINVAL if too long. */
long rpt__inst_index(struct rpt_run *r, const char *name);

/*
 * rpt__read_page - the members a run's page needs (runin_page.c): instance
 * names, series, expectations that failed, first violation, pictures.
 * Members absent from older reports leave the page empty.  0, -EINVAL with
 * the error in @rd, -ENOMEM.
 */
int rpt__read_page(struct rpt_reader *rd, json_t *run, struct rpt_run *r);

/* rpt__page_free - release what rpt__read_page() allocated.  This function can't fail. */
void rpt__page_free(struct rpt_run *r);
/*
 * rpt__doc_write - the report document {@key: @items, "schema": @schema,
 * "generator": @generator} to @f: keys sorted, two-space indent, a final
 * newline, flushed.  Takes the reference of @items (may be NULL after an
 * allocation failure: -ENOMEM).  Returns 0, -ENOMEM or -EIO.
 */
int rpt__doc_write(FILE *f, const char *key, json_t *items, const char *schema,
		   const char *generator);
/* rpt__doc_write_compact - the same, each array of scalars on one line (rpt_json_write()). */
int rpt__doc_write_compact(FILE *f, const char *key, json_t *items, const char *schema,
			   const char *generator);

struct rpt_deferred;

/*
 * rpt__doc_write_deferred - rpt__doc_write_compact() with the @nd members
 * of @d written at their marks (run_report_series.h).
 */
int rpt__doc_write_deferred(FILE *f, const char *key, json_t *items, const char *schema,
			    const char *generator, const struct rpt_deferred *d, size_t nd);

/*
 * rpt__write_file - @dump(@in, f) into @path through common/output.h: a
 * temporary file renamed into place only when every write succeeded.
 * Returns 0, @dump's error or the negative errno of the output.
 */
int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in);

/*
 * One step of a path into a JSON document: member @key of an object, or
 * (@key NULL) element @idx of an array.  @at_key: locate the member's key
 * rather than its value (for a message about the key itself).
 */
struct rpt_jseg {
	const char *key;
	size_t idx;
	bool at_key;
};

/*
 * Reading one run report (runin.c, runin_page.c): @path, where the object
 * being read sits in the document (runs, 3, summary); errors about its
 * members are located by appending the key.
 */
struct rpt_reader {
	const char *path_name;
	const char *text;
	size_t len;
	struct rpt_error *err;
	struct rpt_jseg path[8];
	size_t depth;
};

/*
 * rpt__rerr_at - an input error at the current object's path followed by
 * @tail (@ntail steps): "FILE:LINE:COLUMN: message" of the value there, or
 * of the deepest object on the way that exists.  Returns -EINVAL.
 */
int rpt__rerr_at(struct rpt_reader *rd, const struct rpt_jseg *tail, size_t ntail,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * rpt__json_locate - the 1-based line and column (common/input.h) of the
 * value at @path (@n steps) in the JSON text @buf[0, @len), found by parsing
 * the text.  Returns 0; -ENOENT when the path does not exist, with the
 * position of the deepest object or array on it that does (a missing field
 * is reported at its object's brace).
 */
int rpt__json_locate(const char *buf, size_t len, const struct rpt_jseg *path, size_t n,
		     u32 *line, u32 *column);

/*
 * rpt__jstr - a JSON string of the bytes @s: @s itself when it is valid
 * UTF-8, else a copy where each byte that is not part of a valid sequence
 * is written as the four characters \xHH (so a non-UTF-8 file name still
 * appears, recognisably).  NULL when @s is NULL or out of memory.
 */
struct json_t *rpt__jstr(const char *s);

/*
 * rpt__write_with - @write(f, @ctx) into @path through common/output.h: a
 * temporary file renamed into place only when @write returned 0 and every
 * write succeeded.  Returns 0, @write's error or the negative errno of the
 * output.
 */
int rpt__write_with(const char *path, int (*write)(FILE *f, void *ctx), void *ctx);

/*
 * rpt__xml_put - @s as XML/HTML character data or attribute value: the five
 * special characters escaped, control characters as \xNN, bytes that are
 * not UTF-8 as U+FFFD.
 */
void rpt__xml_put(FILE *f, const char *s);

/*
 * rpt__utf8_len - length (1..4) of the valid UTF-8 sequence at @s, or 0 when
 * the bytes there are not one (invalid, overlong, surrogate, truncated).
 */
size_t rpt__utf8_len(const unsigned char *s);

#endif /* XDNASIM_REPORTS_RPT_PRIV_H */
