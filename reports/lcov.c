// SPDX-License-Identifier: MIT
/*
 * lcov.c - lcov tracefile parser, per-path merge, summaries and writer.
 */
#include "reports/lcov.h"
#include "common/errname.h"
#include "common/input.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/parse.h"

static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 16;
	p = realloc(*arr, c * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = c;
	return 0;
}

int lcov_add_file(struct lcov_trace *t, const char *test, const char *path,
		  struct lcov_file **out)
{
	struct lcov_file *f;

	if (grow((void **)&t->files, &t->cap, t->n, sizeof(*t->files)))
		return -ENOMEM;
	f = &t->files[t->n];
	memset(f, 0, sizeof(*f));
	f->test = strdup(test ? test : "");
	f->path = strdup(path);
	if (!f->test || !f->path) {
		free(f->test);
		free(f->path);
		return -ENOMEM;
	}
	t->n++;
	*out = f;
	return 0;
}

static struct lcov_fn *fn_find(struct lcov_file *f, const char *name)
{
	for (size_t i = 0; i < f->nfns; i++)
		if (!strcmp(f->fns[i].name, name))
			return &f->fns[i];
	return NULL;
}

int lcov_add_fn(struct lcov_file *f, const char *name, u32 line, u64 count)
{
	struct lcov_fn *fn = fn_find(f, name);

	if (fn) {
		fn->count = u64_add_sat(fn->count, count);
		return 0;
	}
	if (grow((void **)&f->fns, &f->capfns, f->nfns, sizeof(*f->fns)))
		return -ENOMEM;
	fn = &f->fns[f->nfns];
	fn->name = strdup(name);
	if (!fn->name)
		return -ENOMEM;
	fn->line = line;
	fn->count = count;
	f->nfns++;
	return 0;
}

/* Branch counts: -1 ("-") is neutral; sums saturate at INT64_MAX. */
static s64 taken_sum(s64 a, s64 b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

int lcov_add_br(struct lcov_file *f, u32 line, u32 block, u32 branch, s64 taken)
{
	for (size_t i = 0; i < f->nbrs; i++) {
		struct lcov_br *b = &f->brs[i];

		if (b->line == line && b->block == block && b->branch == branch) {
			b->taken = taken_sum(b->taken, taken);
			return 0;
		}
	}
	if (grow((void **)&f->brs, &f->capbrs, f->nbrs, sizeof(*f->brs)))
		return -ENOMEM;
	f->brs[f->nbrs++] = (struct lcov_br){ line, block, branch, taken };
	return 0;
}

int lcov_add_da(struct lcov_file *f, u32 line, u64 count)
{
	/* Records come in ascending order; search from the end. */
	for (size_t i = f->ndas; i-- > 0;) {
		if (f->das[i].line == line) {
			f->das[i].count = u64_add_sat(f->das[i].count, count);
			return 0;
		}
		if (f->das[i].line < line)
			break;
	}
	if (grow((void **)&f->das, &f->capdas, f->ndas, sizeof(*f->das)))
		return -ENOMEM;
	f->das[f->ndas++] = (struct lcov_da){ line, count };
	return 0;
}

static void file_free(struct lcov_file *f)
{
	for (size_t i = 0; i < f->nfns; i++)
		free(f->fns[i].name);
	free(f->fns);
	free(f->brs);
	free(f->das);
	free(f->test);
	free(f->path);
}

void lcov_free(struct lcov_trace *t)
{
	for (size_t i = 0; i < t->n; i++)
		file_free(&t->files[i]);
	free(t->files);
	memset(t, 0, sizeof(*t));
}

static int da_cmp(const void *a, const void *b)
{
	const struct lcov_da *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

static int br_cmp(const void *a, const void *b)
{
	const struct lcov_br *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	if (x->block != y->block)
		return (x->block > y->block) - (x->block < y->block);
	return (x->branch > y->branch) - (x->branch < y->branch);
}

static int fn_cmp(const void *a, const void *b)
{
	const struct lcov_fn *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return strcmp(x->name, y->name);
}

/* Sort DA lines ascending, folding duplicates (out-of-order input). */
static void da_normalise(struct lcov_file *f)
{
	size_t w = 0;

	if (f->ndas > 1)
		qsort(f->das, f->ndas, sizeof(*f->das), da_cmp);
	for (size_t i = 0; i < f->ndas; i++) {
		if (w && f->das[w - 1].line == f->das[i].line)
			f->das[w - 1].count = u64_add_sat(f->das[w - 1].count, f->das[i].count);
		else
			f->das[w++] = f->das[i];
	}
	f->ndas = w;
}

void lcov_file_summary(const struct lcov_file *f, struct lcov_summary *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < f->ndas; i++) {
		s->lines_found++;
		s->lines_hit += f->das[i].count > 0;
	}
	for (size_t i = 0; i < f->nfns; i++) {
		s->fns_found++;
		s->fns_hit += f->fns[i].count > 0;
	}
	for (size_t i = 0; i < f->nbrs; i++) {
		s->brs_found++;
		s->brs_hit += f->brs[i].taken > 0;
	}
}

void lcov_summary_add(struct lcov_summary *a, const struct lcov_summary *b)
{
	a->lines_found += b->lines_found;
	a->lines_hit += b->lines_hit;
	a->fns_found += b->fns_found;
	a->fns_hit += b->fns_hit;
	a->brs_found += b->brs_found;
	a->brs_hit += b->brs_hit;
}

/* --- parsing ----------------------------------------------------------- */

struct lcov_parser {
	struct lcov_trace *t;
	struct lcov_error *err;
	unsigned long lineno;
	const char *line;		/* the current line and its end, for columns */
	const char *line_end;
	char *test;			/* current TN */
	struct lcov_file *cur;		/* open record */
	/* stated totals of the open record: value + 1, 0 = not stated */
	u64 stated[6];
	unsigned long stated_line[6];
	unsigned long stated_col[6];
	/* lcov 2.2 FNL index -> line */
	u32 *fnl;
	size_t nfnl, capfnl;
};

enum { ST_FNF, ST_FNH, ST_BRF, ST_BRH, ST_LF, ST_LH };
static const char *const stated_names[] = { "FNF", "FNH", "BRF", "BRH", "LF", "LH" };

static int vperr(struct lcov_parser *p, unsigned long col, const char *fmt, va_list ap)
{
	if (p->err) {
		p->err->line = p->lineno;
		p->err->column = col;
		vsnprintf(p->err->text, sizeof(p->err->text), fmt, ap);
	}
	return -EINVAL;
}

/* The column (characters, common/input.h) of @at in the current line. */
static unsigned long col_of(const struct lcov_parser *p, const char *at)
{
	unsigned long c = 1;

	for (const char *q = p->line; q && at && q < at; q++)
		c += ((unsigned char)*q & 0xc0) != 0x80;
	return c;
}

/* An error at the start of the current record. */
__attribute__((format(printf, 2, 3))) static int perr(struct lcov_parser *p, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vperr(p, 1, fmt, ap);
	va_end(ap);
	return ret;
}

/* An error at @at, a position in the current line (NULL: its end). */
__attribute__((format(printf, 3, 4))) static int perr_at(struct lcov_parser *p, const char *at,
							 const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vperr(p, col_of(p, at ? at : p->line_end), fmt, ap);
	va_end(ap);
	return ret;
}

/* Next comma-separated field of *s (NUL-terminated in place), or NULL. */
static char *field(char **s)
{
	char *f = *s, *c;

	if (!f)
		return NULL;
	c = strchr(f, ',');
	if (c) {
		*c = '\0';
		*s = c + 1;
	} else {
		*s = NULL;
	}
	return f;
}

static int num(struct lcov_parser *p, const char *what, const char *s, u64 max, u64 *out)
{
	if (!s)
		return perr_at(p, NULL, "%s: missing", what);
	if (parse_u64_dec(s, out) || *out > max)
		return perr_at(p, s, "%s: bad number '%.40s' (decimal, at most %llu)", what, s,
			       (unsigned long long)max);
	return 0;
}

static int need_record(struct lcov_parser *p, const char *key)
{
	if (!p->cur)
		return perr(p, "%s outside a file record (no SF before it)", key);
	return 0;
}

static int parse_fn(struct lcov_parser *p, char *rest)
{
	char *s = rest, *a = field(&s), *b;
	u64 line, end;

	if (num(p, "FN line", a, UINT32_MAX, &line))
		return -EINVAL;
	/* lcov 2: FN:<line>,<end line>,<name>; names never start with a digit. */
	b = s;
	if (b && *b >= '0' && *b <= '9' && strchr(b, ',')) {
		b = field(&s);
		if (num(p, "FN end line", b, UINT32_MAX, &end))
			return -EINVAL;
	}
	if (!s || !*s)
		return perr_at(p, s, "FN: missing function name");
	if (!line)
		return perr_at(p, a, "FN: line 0");
	if (fn_find(p->cur, s))
		return 0;	/* the same function again (e.g. an inline): keep the first */
	return lcov_add_fn(p->cur, s, (u32)line, 0);
}

static int parse_fnda(struct lcov_parser *p, char *rest)
{
	char *s = rest, *a = field(&s);
	struct lcov_fn *fn;
	u64 count;

	if (num(p, "FNDA count", a, UINT64_MAX, &count))
		return -EINVAL;
	if (!s || !*s)
		return perr_at(p, s, "FNDA: missing function name");
	fn = fn_find(p->cur, s);
	if (!fn)
		return perr_at(p, s, "FNDA for '%.80s', which no FN declared", s);
	fn->count = u64_add_sat(fn->count, count);
	return 0;
}

/* lcov 2.2: FNL:<index>,<line>[,<end>] and FNA:<index>,<count>,<name>. */
static int parse_fnl(struct lcov_parser *p, char *rest)
{
	char *s = rest;
	u64 idx, line;

	if (num(p, "FNL index", field(&s), 1u << 20, &idx) ||
	    num(p, "FNL line", field(&s), UINT32_MAX, &line))
		return -EINVAL;
	while (p->nfnl <= idx) {
		if (grow((void **)&p->fnl, &p->capfnl, p->nfnl, sizeof(*p->fnl)))
			return -ENOMEM;
		p->fnl[p->nfnl++] = 0;
	}
	p->fnl[idx] = (u32)line;
	return 0;
}

static int parse_fna(struct lcov_parser *p, char *rest)
{
	char *s = rest;
	u64 idx, count;

	if (num(p, "FNA index", field(&s), 1u << 20, &idx) ||
	    num(p, "FNA count", field(&s), UINT64_MAX, &count))
		return -EINVAL;
	if (idx >= p->nfnl || !p->fnl[idx])
		return perr_at(p, rest, "FNA index %llu without an FNL", (unsigned long long)idx);
	if (!s || !*s)
		return perr_at(p, s, "FNA: missing function name");
	return lcov_add_fn(p->cur, s, p->fnl[idx], count);
}

static int parse_brda(struct lcov_parser *p, char *rest)
{
	char *s = rest, *a = field(&s), *b = field(&s), *c = field(&s), *d = field(&s);
	u64 line, block, branch, taken;

	if (b && *b == 'e')
		b++;		/* lcov 2: exception branch marker */
	if (num(p, "BRDA line", a, UINT32_MAX, &line) ||
	    num(p, "BRDA block", b, UINT32_MAX, &block) ||
	    num(p, "BRDA branch", c, UINT32_MAX, &branch))
		return -EINVAL;
	if (!line)
		return perr_at(p, a, "BRDA: line 0");
	if (d && !strcmp(d, "-"))
		return lcov_add_br(p->cur, (u32)line, (u32)block, (u32)branch, -1);
	if (num(p, "BRDA taken", d, INT64_MAX, &taken))
		return -EINVAL;
	if (s)
		return perr_at(p, s, "BRDA: too many fields");
	return lcov_add_br(p->cur, (u32)line, (u32)block, (u32)branch, (s64)taken);
}

static int parse_da(struct lcov_parser *p, char *rest)
{
	char *s = rest, *a = field(&s), *b = field(&s);
	u64 line, count;

	/* A third field is geninfo's optional checksum. */
	if (num(p, "DA line", a, UINT32_MAX, &line) || num(p, "DA count", b, UINT64_MAX, &count))
		return -EINVAL;
	if (!line)
		return perr_at(p, a, "DA: line 0");
	return lcov_add_da(p->cur, (u32)line, count);
}

static int parse_stated(struct lcov_parser *p, int which, const char *rest)
{
	u64 v;

	if (num(p, stated_names[which], rest, UINT64_MAX - 1, &v))
		return -EINVAL;
	p->stated[which] = v + 1;
	p->stated_line[which] = p->lineno;
	p->stated_col[which] = col_of(p, rest);
	return 0;
}

/* end_of_record: the stated totals must match the records. */
static int close_record(struct lcov_parser *p)
{
	struct lcov_summary s;
	u64 have[6];

	da_normalise(p->cur);
	lcov_file_summary(p->cur, &s);
	have[ST_FNF] = s.fns_found;
	have[ST_FNH] = s.fns_hit;
	have[ST_BRF] = s.brs_found;
	have[ST_BRH] = s.brs_hit;
	have[ST_LF] = s.lines_found;
	have[ST_LH] = s.lines_hit;
	for (int i = 0; i < 6; i++) {
		if (p->stated[i] && p->stated[i] - 1 != have[i]) {
			if (p->err) {
				p->err->line = p->stated_line[i];
				p->err->column = p->stated_col[i];
				snprintf(p->err->text, sizeof(p->err->text),
					 "%s:%llu but the record has %llu", stated_names[i],
					 (unsigned long long)(p->stated[i] - 1),
					 (unsigned long long)have[i]);
			}
			return -EINVAL;
		}
	}
	memset(p->stated, 0, sizeof(p->stated));
	p->nfnl = 0;
	p->cur = NULL;
	return 0;
}

static int parse_line(struct lcov_parser *p, char *ln)
{
	char *colon, *key, *rest;
	int ret;

	p->line = ln;
	p->line_end = ln + strlen(ln);
	if (!*ln)
		return 0;
	if (!strcmp(ln, "end_of_record")) {
		if (need_record(p, "end_of_record"))
			return -EINVAL;
		return close_record(p);
	}
	colon = strchr(ln, ':');
	if (!colon)
		return perr(p, "not a record: '%.40s'", ln);
	*colon = '\0';
	key = ln;
	rest = colon + 1;
	if (!strcmp(key, "TN")) {
		char *t = strdup(rest);

		if (!t)
			return -ENOMEM;
		free(p->test);
		p->test = t;
		return 0;
	}
	if (!strcmp(key, "VER"))
		return 0;
	if (!strcmp(key, "SF")) {
		if (p->cur)
			return perr(p, "SF inside the record of %s (missing end_of_record)",
				    p->cur->path);
		if (!*rest)
			return perr_at(p, rest, "SF: empty path");
		return lcov_add_file(p->t, p->test, rest, &p->cur);
	}
	if (need_record(p, key))
		return -EINVAL;
	if (!strcmp(key, "FN"))
		ret = parse_fn(p, rest);
	else if (!strcmp(key, "FNDA"))
		ret = parse_fnda(p, rest);
	else if (!strcmp(key, "FNL"))
		ret = parse_fnl(p, rest);
	else if (!strcmp(key, "FNA"))
		ret = parse_fna(p, rest);
	else if (!strcmp(key, "BRDA"))
		ret = parse_brda(p, rest);
	else if (!strcmp(key, "DA"))
		ret = parse_da(p, rest);
	else if (!strcmp(key, "FNF"))
		ret = parse_stated(p, ST_FNF, rest);
	else if (!strcmp(key, "FNH"))
		ret = parse_stated(p, ST_FNH, rest);
	else if (!strcmp(key, "BRF"))
		ret = parse_stated(p, ST_BRF, rest);
	else if (!strcmp(key, "BRH"))
		ret = parse_stated(p, ST_BRH, rest);
	else if (!strcmp(key, "LF"))
		ret = parse_stated(p, ST_LF, rest);
	else if (!strcmp(key, "LH"))
		ret = parse_stated(p, ST_LH, rest);
	else
		ret = perr(p, "unknown record '%.20s'", key);
	return ret;
}

int lcov_parse(const char *buf, size_t len, struct lcov_trace *t, struct lcov_error *err)
{
	struct lcov_parser p = { .t = t, .err = err };
	char *copy, *s, *end;
	int ret = 0;

	{
		struct xin_error xe;

		if (xin_check_text(buf, len, 0, &xe) < len) {
			if (err) {
				err->line = xe.line;
				err->column = xe.column;
				snprintf(err->text, sizeof(err->text), "%s", xe.msg);
			}
			return -EINVAL;
		}
	}
	copy = malloc(len + 1);
	p.test = strdup("");
	if (!copy || !p.test) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (s = copy; *s && !ret; s = end) {
		char *nl = strchr(s, '\n');

		end = nl ? nl + 1 : s + strlen(s);
		if (nl)
			*nl = '\0';
		if (nl > s && nl[-1] == '\r')
			nl[-1] = '\0';
		p.lineno++;
		ret = parse_line(&p, s);
	}
	p.line = NULL;
	if (!ret && p.cur)
		ret = perr(&p, "end of file inside the record of %.80s (missing end_of_record)",
			   p.cur->path);
	if (!ret && !t->n)
		ret = perr(&p, "no file record (SF) in the tracefile");
out:
	if (ret == -ENOMEM && err) {
		err->line = p.lineno;
		err->column = 0;
		snprintf(err->text, sizeof(err->text), "out of memory");
	}
	if (ret)
		lcov_free(t);
	free(p.fnl);
	free(p.test);
	free(copy);
	return ret;
}

int lcov_read(const char *path, struct lcov_trace *t, struct lcov_error *err)
{
	struct xin_error xe;
	struct xin in;
	int ret = xin_read(&in, path, 0, 0, &xe);

	if (ret) {
		if (err) {
			err->line = xe.line;
			err->column = xe.column;
			snprintf(err->text, sizeof(err->text), "%s", xe.msg);
		}
		return ret == -EILSEQ ? -EINVAL : ret;
	}
	ret = lcov_parse(in.buf, in.len, t, err);
	xin_free(&in);
	return ret;
}

/* --- merge, check, write --------------------------------------------- */

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lcov_file *)a)->path, ((const struct lcov_file *)b)->path);
}

static int merge_into(struct lcov_file *dst, const struct lcov_file *src)
{
	for (size_t i = 0; i < src->nfns; i++)
		if (lcov_add_fn(dst, src->fns[i].name, src->fns[i].line, src->fns[i].count))
			return -ENOMEM;
	for (size_t i = 0; i < src->nbrs; i++)
		if (lcov_add_br(dst, src->brs[i].line, src->brs[i].block, src->brs[i].branch,
				src->brs[i].taken))
			return -ENOMEM;
	for (size_t i = 0; i < src->ndas; i++)
		if (lcov_add_da(dst, src->das[i].line, src->das[i].count))
			return -ENOMEM;
	da_normalise(dst);
	return 0;
}

int lcov_merge_by_path(struct lcov_trace *t)
{
	struct lcov_trace m = { 0 };
	struct lcov_file *f = NULL;
	int ret = 0;

	for (size_t i = 0; i < t->n && !ret; i++) {
		const struct lcov_file *src = &t->files[i];

		f = NULL;
		for (size_t j = 0; j < m.n; j++)
			if (!strcmp(m.files[j].path, src->path))
				f = &m.files[j];
		if (!f)
			ret = lcov_add_file(&m, "", src->path, &f);
		if (!ret)
			ret = merge_into(f, src);
	}
	if (ret) {
		lcov_free(&m);
		return ret;
	}
	/* qsort() of an empty (NULL) array is undefined: sort only what exists. */
	if (m.n > 1)
		qsort(m.files, m.n, sizeof(*m.files), file_cmp);
	for (size_t j = 0; j < m.n; j++) {
		if (m.files[j].nfns > 1)
			qsort(m.files[j].fns, m.files[j].nfns, sizeof(*m.files[j].fns), fn_cmp);
		if (m.files[j].nbrs > 1)
			qsort(m.files[j].brs, m.files[j].nbrs, sizeof(*m.files[j].brs), br_cmp);
	}
	lcov_free(t);
	*t = m;
	return 0;
}

int lcov_check(const struct lcov_trace *t, char *why, size_t len)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct lcov_file *f = &t->files[i];

		if (!f->path || !*f->path)
			return xwhy(why, len, "C1 record %zu: empty path", i);
		for (size_t k = 0; k < f->ndas; k++)
			if (!f->das[k].line || (k && f->das[k - 1].line >= f->das[k].line))
				return xwhy(why, len, "C2 %s: DA line %u out of order", f->path,
					     f->das[k].line);
		for (size_t k = 0; k < f->nfns; k++) {
			if (!f->fns[k].line)
				return xwhy(why, len, "C2 %s: FN %s at line 0", f->path,
					     f->fns[k].name);
			for (size_t j = 0; j < k; j++)
				if (!strcmp(f->fns[j].name, f->fns[k].name))
					return xwhy(why, len, "C3 %s: function %s twice", f->path,
						     f->fns[k].name);
		}
		for (size_t k = 0; k < f->nbrs; k++) {
			if (!f->brs[k].line)
				return xwhy(why, len, "C2 %s: BRDA at line 0", f->path);
			for (size_t j = 0; j < k; j++)
				if (!br_cmp(&f->brs[j], &f->brs[k]))
					return xwhy(why, len, "C4 %s: branch %u,%u,%u twice", f->path,
						     f->brs[k].line, f->brs[k].block,
						     f->brs[k].branch);
		}
	}
	return 0;
}

int lcov_write(FILE *out, const struct lcov_trace *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct lcov_file *f = &t->files[i];
		struct lcov_summary s;

		lcov_file_summary(f, &s);
		fprintf(out, "TN:%s\nSF:%s\n", f->test, f->path);
		for (size_t k = 0; k < f->nfns; k++)
			fprintf(out, "FN:%u,%s\n", f->fns[k].line, f->fns[k].name);
		for (size_t k = 0; k < f->nfns; k++)
			fprintf(out, "FNDA:%llu,%s\n", (unsigned long long)f->fns[k].count,
				f->fns[k].name);
		fprintf(out, "FNF:%llu\nFNH:%llu\n", (unsigned long long)s.fns_found,
			(unsigned long long)s.fns_hit);
		for (size_t k = 0; k < f->nbrs; k++) {
			const struct lcov_br *b = &f->brs[k];

			if (b->taken < 0)
				fprintf(out, "BRDA:%u,%u,%u,-\n", b->line, b->block, b->branch);
			else
				fprintf(out, "BRDA:%u,%u,%u,%lld\n", b->line, b->block, b->branch,
					(long long)b->taken);
		}
		fprintf(out, "BRF:%llu\nBRH:%llu\n", (unsigned long long)s.brs_found,
			(unsigned long long)s.brs_hit);
		for (size_t k = 0; k < f->ndas; k++)
			fprintf(out, "DA:%u,%llu\n", f->das[k].line,
				(unsigned long long)f->das[k].count);
		fprintf(out, "LF:%llu\nLH:%llu\nend_of_record\n", (unsigned long long)s.lines_found,
			(unsigned long long)s.lines_hit);
	}
	return ferror(out) ? -EIO : 0;
}
