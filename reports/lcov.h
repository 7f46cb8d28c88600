/* SPDX-License-Identifier: MIT */
/*
 * lcov.h - lcov tracefiles (geninfo(1) FILES section): parse, summarise,
 * merge per source file, and write.
 *
 * Records understood: TN, SF, FN (line,name and lcov 2's line,end,name),
 * FNDA, FNF, FNH, FNL/FNA (lcov 2.2 function records), BRDA, BRF, BRH,
 * DA (with an optional checksum), LF, LH, VER, end_of_record.  The stated
 * totals (FNF/FNH/BRF/BRH/LF/LH) must agree with the records of their
 * file record, as geninfo writes them; anything else is a parse error
 * "FILE:LINE:COLUMN: message" (a NUL byte included).  Counts that add up
 * past their type saturate: line and function hit counts at 2^64-1, branch
 * counts at 2^63-1.
 *
 * Invariants (lcov_check): C1 every file has a non-empty path; C2 line
 * numbers are > 0 and DA lines strictly ascending; C3 function names
 * unique within a file; C4 branch keys (line, block, branch) unique.
 */
#ifndef XDNASIM_REPORTS_LCOV_H
#define XDNASIM_REPORTS_LCOV_H

#include <stddef.h>
#include <stdio.h>

#include "common/compat.h"

struct lcov_fn {
	char *name;
	u32 line;
	u64 count;
};

struct lcov_br {
	u32 line;
	u32 block;
	u32 branch;
	s64 taken;		/* -1: "-" (the block never ran) */
};

struct lcov_da {
	u32 line;
	u64 count;
};

/**
 * struct lcov_file - one SF..end_of_record record.
 * @test: its TN ("" when none).
 * @path: the SF path.
 */
struct lcov_file {
	char *test;
	char *path;
	struct lcov_fn *fns;
	size_t nfns, capfns;
	struct lcov_br *brs;
	size_t nbrs, capbrs;
	struct lcov_da *das;
	size_t ndas, capdas;
};

struct lcov_trace {
	struct lcov_file *files;
	size_t n, cap;
};

struct lcov_summary {
	u64 lines_found, lines_hit;
	u64 fns_found, fns_hit;
	u64 brs_found, brs_hit;
};

/*
 * An error position in the input: "FILE:LINE:COLUMN: text" (@column 0:
 * not known; @line 0: about the file as a whole, e.g. it cannot be read).
 */
struct lcov_error {
	unsigned long line;
	unsigned long column;
	char text[160];
};

/**
 * lcov_parse - parse tracefile text @buf of @len bytes into @t (zeroed by
 * the caller or freshly lcov_free()d).
 * Returns 0; -EINVAL with @err filled for malformed input (@t then holds
 * nothing); -ENOMEM.
 */
int lcov_parse(const char *buf, size_t len, struct lcov_trace *t, struct lcov_error *err);

/* lcov_read - lcov_parse() of the file @path; -errno when it cannot be read. */
int lcov_read(const char *path, struct lcov_trace *t, struct lcov_error *err);

/* lcov_free - free everything in @t and zero it.  This function can't fail. */
void lcov_free(struct lcov_trace *t);

/**
 * lcov_merge_by_path - fold records of the same SF (several TNs) into one,
 * summing counts (a branch taken in any record is taken; "-" only when
 * "-" everywhere); files sorted by path, TN dropped.
 * Returns 0 or -ENOMEM (@t unchanged on error).
 */
int lcov_merge_by_path(struct lcov_trace *t);

/* lcov_file_summary - totals of one file, computed from its records. */
void lcov_file_summary(const struct lcov_file *f, struct lcov_summary *s);

/* lcov_summary_add - @a += @b.  This function can't fail. */
void lcov_summary_add(struct lcov_summary *a, const struct lcov_summary *b);

/**
 * lcov_write - write @t as a tracefile (TN, SF, FN, FNDA, FNF, FNH, BRDA,
 * BRF, BRH, DA, LF, LH, end_of_record per file).  Returns 0 or -EIO.
 */
int lcov_write(FILE *out, const struct lcov_trace *t);

/* lcov_check - C1..C4; 0 or -EUCLEAN with "C<n> file: why" in @why. */
int lcov_check(const struct lcov_trace *t, char *why, size_t len);

/*
 * Builders used by the parser and by callers that project other data into
 * lcov (the scenario ledger).  Each returns 0 or -ENOMEM; lcov_add_file
 * returns the new record in @out.
 */
int lcov_add_file(struct lcov_trace *t, const char *test, const char *path,
		  struct lcov_file **out);
int lcov_add_fn(struct lcov_file *f, const char *name, u32 line, u64 count);
int lcov_add_br(struct lcov_file *f, u32 line, u32 block, u32 branch, s64 taken);
int lcov_add_da(struct lcov_file *f, u32 line, u64 count);

#endif /* XDNASIM_REPORTS_LCOV_H */
