/* SPDX-License-Identifier: MIT */
/*
 * run_report.h - the JSON run report of `xdnasim run --json FILE`, and a
 * validator for the JSON Schema subset its schema file uses.
 *
 * The report format is documented in reports/run-report.schema.json (a JSON
 * Schema, draft 2020-12) and in prose in docs/run.md.  Its "schema" field
 * is RUN_REPORT_SCHEMA ("xdnasim-run-report/3"); a change that removes or
 * re-types a field bumps the number.  Output is byte-identical for
 * identical results: keys sorted, two-space indent, no timestamps, no
 * pointers, 64-bit seeds and addresses as strings.
 *
 * reports/ is the only code in xdnasim that includes <jansson.h>; this
 * header does not expose it.
 */
#ifndef XDNASIM_REPORTS_RUN_REPORT_H
#define XDNASIM_REPORTS_RUN_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"

/**
 * rpt_run_report_write - write one report document holding @n runs.
 * @f: the stream (written and flushed, not closed).
 * @runs: the results, in the order given on the command line.
 * @n: how many (>= 1).
 *
 * Return: 0; -ENOMEM when building the document ran out of memory; -EIO
 * when writing failed.
 */
int rpt_run_report_write(FILE *f, const struct run_result *const *runs, size_t n);

/**
 * rpt_run_report_file - rpt_run_report_write() into @path through
 * common/output.h: a temporary file renamed over @path once complete, so
 * a failure leaves @path as it was.
 *
 * Return: 0; -ENOMEM; the negative errno of the failed create, write,
 * flush or rename (ENOSPC, EFBIG, ENOTDIR ...).
 */
int rpt_run_report_file(const char *path, const struct run_result *const *runs, size_t n);

/*
 * The standalone fail-nth document of `xdnasim fail-nth --json`:
 * {"schema": FAIL_NTH_SCHEMA, "generator": ..., "fail_nth": F} where F is
 * exactly the "fail_nth" object of a run report (run-report.schema.json
 * $defs/fail_nth), so one shape serves both.
 */
#define FAIL_NTH_SCHEMA "xdnasim-fail-nth/1"

struct sim_fnth_report;

/**
 * rpt_fail_nth_write - write @r as a fail-nth document to @f (flushed, not
 * closed); @generator names the command.
 *
 * Return: 0; -ENOMEM; -EIO when writing failed.
 */
int rpt_fail_nth_write(FILE *f, const struct sim_fnth_report *r, const char *generator);

/**
 * rpt_schema_validate_file - validate the JSON document @doc_path against
 * the JSON Schema @schema_path.  The supported keywords are the ones the
 * report schemas use: type, required, properties, additionalProperties,
 * items, enum, const, minimum, $ref (to "#/$defs/NAME"), oneOf; others are
 * ignored.
 * @why: receives "PATH: message" for the first violation (JSON pointer).
 *
 * Return: 0 when valid; -EUCLEAN when the document violates the schema;
 * -EINVAL when either file is not JSON (or the schema uses a $ref it
 * cannot resolve); -ENOENT etc. when a file cannot be read.
 */
int rpt_schema_validate_file(const char *schema_path, const char *doc_path, char *why,
			     size_t len);

#endif /* XDNASIM_REPORTS_RUN_REPORT_H */
