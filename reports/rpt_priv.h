/* SPDX-License-Identifier: MIT */
/* rpt_priv.h - helpers shared by the reports/ files. */
#ifndef XDNASIM_REPORTS_RPT_PRIV_H
#define XDNASIM_REPORTS_RPT_PRIV_H

#include <stddef.h>
#include <stdio.h>

struct rpt_input;

/*
 * rpt__slurp - the whole file @path, NUL-terminated (its length in @lenp
 * when not NULL), or NULL with -errno / -ENOMEM / -EIO in @ret.
 */
char *rpt__slurp(const char *path, size_t *lenp, int *ret);

#include "reports/lcov.h"

struct rpt_error;
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

/* Reading one run report: its text, the byte range of the current run, errors. */
struct rpt_reader {
	const char *path;
	const char *text;
	size_t from, to;
	struct rpt_error *err;
};

/* rpt__rerr - fill @rd->err with "PATH:@line: message"; returns -EINVAL. */
int rpt__rerr(struct rpt_reader *rd, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* rpt__key_line - line of the first "@key" in the current run (its first line if none). */
unsigned long rpt__key_line(const struct rpt_reader *rd, const char *key);

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
 * rpt__write_file - @dump(@in, f) into @path through common/output.h: a
 * temporary file renamed into place only when every write succeeded.
 * Returns 0, @dump's error or the negative errno of the output.
 */
int rpt__write_file(const char *path, int (*dump)(const struct rpt_input *in, FILE *f),
		    const struct rpt_input *in);

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
