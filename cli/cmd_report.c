// SPDX-License-Identifier: MIT
/*
 * cmd_report.c - "xdnasim report RUN.json... [--lcov FILE] -o REPORT.json
 * [--html DIR] [--scenario-lcov FILE]": the reviewer's coverage report
 * (reports/coverage-report.md).
 */
#include "cli/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "common/errname.h"

#include "reports/report.h"
#include "reports/run_report.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim report RUN.json... [--lcov FILE] -o REPORT.json [--html DIR]\n"
		"                      [--scenario-lcov FILE] [--root DIR] [--schema FILE]\n"
		"\n"
		"Merge run reports (xdnasim run --json) into one coverage report for\n"
		"reviewers: scenarios with pass/fail and seeds, a metrics summary, the\n"
		"coverage ledger (hit / never hit / unreachable, and which scenarios hit\n"
		"each key) and, with --lcov, code coverage per source file.  Schema:\n"
		"reports/coverage-report.md.  The same inputs give byte-identical output.\n"
		"\n"
		"  -o, --output FILE       the JSON report (required)\n"
		"  --lcov FILE             an lcov tracefile (lcov --capture) for code coverage\n"
		"  --html DIR              write DIR/index.html (runs, ledger, code coverage) and a\n"
		"                          page per run, DIR/run-N.html (docs/reports.md)\n"
		"  --scenario-lcov FILE    the ledger as an lcov tracefile, one TN per scenario\n"
		"                          (its key listing goes to FILE.keys); genhtml reads it\n"
		"  --root DIR              strip DIR/ from the source paths of --lcov\n"
		"  --schema FILE           validate the written report against FILE\n"
		"\n"
		"Errors in the inputs are printed as FILE:LINE: message.\n"
		"Exit status: 0 written; 1 the ledger is inconsistent (a key declared\n"
		"unreachable was hit) or --schema validation failed; 2 usage or input error.\n");
}

static void print_err(const struct rpt_error *e, const char *fallback, int ret)
{
	if (e->file[0] && e->line && e->column)
		fprintf(stderr, "xdnasim report: %s:%lu:%lu: %s\n", e->file, e->line, e->column,
			e->text);
	else if (e->file[0] && e->line)
		fprintf(stderr, "xdnasim report: %s:%lu: %s\n", e->file, e->line, e->text);
	else if (e->file[0])
		fprintf(stderr, "xdnasim report: %s: %s\n", e->file, e->text);
	else
		fprintf(stderr, "xdnasim report: %s: %s\n", fallback, xerrstr(ret));
}

struct report_opts {
	const char *out, *lcov, *html, *slcov, *root, *schema;
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "lcov", required_argument, NULL, 'l' },
		{ "html", required_argument, NULL, 'H' },
		{ "scenario-lcov", required_argument, NULL, 's' },
		{ "root", required_argument, NULL, 'r' },
		{ "schema", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'l': o->lcov = optarg; break;
		case 'H': o->html = optarg; break;
		case 's': o->slcov = optarg; break;
		case 'r': o->root = optarg; break;
		case 'S': o->schema = optarg; break;
		default:
			fprintf(stderr, "xdnasim report: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return -EINVAL;
		}
	}
	if (!o->out || optind >= argc) {
		fprintf(stderr, "xdnasim report: %s\n",
			!o->out ? "-o REPORT.json is required" : "no run report given");
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

enum { OUT_REPORT, OUT_SLCOV, OUT_KEYS, OUT_HTML, OUT_NR };

/*
 * Every output path, for the refusals: an output that is an input, or two
 * outputs that are one file.  0 or XS_EXIT_USAGE (message printed).
 */
static int output_paths(const struct report_opts *o, int argc, char **argv,
			char (*path)[4096])
{
	const char **inputs = calloc((size_t)argc + 2, sizeof(*inputs));
	size_t n = 0;
	int ret = 0;

	if (!inputs) {
		fprintf(stderr, "xdnasim report: out of memory\n");
		return XS_EXIT_USAGE;
	}

	snprintf(path[OUT_REPORT], sizeof(path[0]), "%s", o->out);
	path[OUT_SLCOV][0] = path[OUT_KEYS][0] = path[OUT_HTML][0] = '\0';
	if (o->slcov) {
		snprintf(path[OUT_SLCOV], sizeof(path[0]), "%s", o->slcov);
		if (rpt_scenario_lcov_keys_path(o->slcov, path[OUT_KEYS], sizeof(path[0])))
			ret = cli_output_error("report", o->slcov, -ENAMETOOLONG);
	}
	if (!ret && o->html &&
	    snprintf(path[OUT_HTML], sizeof(path[0]), "%s/index.html", o->html) >=
		    (int)sizeof(path[0]))
		ret = cli_output_error("report", o->html, -ENAMETOOLONG);
	inputs[n++] = o->lcov;
	inputs[n++] = o->schema;
	for (int i = optind; i < argc; i++)
		inputs[n++] = argv[i];
	for (int k = 0; k < OUT_NR && !ret; k++) {
		if (!path[k][0])
			continue;
		ret = cli_refuse_input("report", path[k], inputs, n);
		for (int j = 0; j < k && !ret; j++)
			if (path[j][0] && xout_same_file(path[j], path[k])) {
				fprintf(stderr, "xdnasim report: %s and %s are the same file\n",
					path[j], path[k]);
				ret = XS_EXIT_USAGE;
			}
	}
	free(inputs);
	return ret;
}

/*
 * Write every output to a temporary file; rename them all, or none.  With
 * --html, out[OUT_HTML] is index.html and the run pages follow OUT_NR.
 */
static int write_outputs(const struct rpt_input *in, const struct report_opts *o,
			 char (*path)[4096])
{
	size_t pages = o->html ? rpt_html_pages(in) : 1, nout = OUT_NR + pages - 1, bad = 0;
	struct xout *out = calloc(nout, sizeof(*out));
	char (*extra)[4096] = calloc(pages, sizeof(*extra));
	bool made = false;
	int ret = out && extra ? 0 : -ENOMEM;
	size_t k;

	if (!ret && o->html)
		ret = rpt_html_mkdir(o->html, &made);
	if (ret) {
		free(out);
		free(extra);
		return cli_output_error("report", o->html ? o->html : o->out, ret);
	}
	for (k = 1; k < pages && !ret; k++) {
		char name[64];

		rpt_html_page_name(in, k, name, sizeof(name));
		if (snprintf(extra[k], sizeof(extra[k]), "%s/%s", o->html, name) >=
		    (int)sizeof(extra[k]))
			ret = -ENAMETOOLONG;
	}
	for (k = 0; k < nout && !ret; k++) {
		const char *p = k < OUT_NR ? path[k] : extra[k - OUT_NR + 1];

		if (p[0])
			ret = xout_open(&out[k], p);
	}
	if (ret) {
		bad = k - 1;
	} else {
		ret = rpt_report_dump(in, out[OUT_REPORT].f);
		if (!ret && o->slcov)
			ret = rpt_scenario_lcov_dump(in, out[OUT_SLCOV].f, out[OUT_KEYS].f,
						     path[OUT_KEYS]);
		for (k = 0; o->html && k < pages && !ret; k++)
			ret = rpt_html_page_dump(in, k, out[k ? OUT_NR + k - 1 : OUT_HTML].f);
		if (!ret)
			ret = xout_commit_all(out, nout, &bad);
		else
			bad = OUT_REPORT;
	}
	if (ret) {
		for (k = 0; k < nout; k++)
			xout_abort(&out[k]);
		if (made)
			rmdir(o->html);
		ret = cli_output_error("report", bad < OUT_NR ? path[bad] : extra[bad - OUT_NR + 1],
				       ret);
	}
	free(out);
	free(extra);
	return ret ? ret : XS_EXIT_OK;
}

static int ledger_consistent(const struct rpt_input *in)
{
	int bad = 0;

	for (size_t k = 0; k < in->ledger.n; k++)
		for (size_t i = 0; in->ledger.keys[k].unreachable && i < in->nruns; i++)
			if (in->runs[i].hits[k]) {
				fprintf(stderr,
					"xdnasim report: %s: hit \"%s\", declared unreachable: %s\n",
					in->runs[i].path, in->ledger.keys[k].name,
					in->ledger.keys[k].unreachable);
				bad = 1;
			}
	return bad;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	char paths[OUT_NR][4096];
	struct rpt_input in;
	struct rpt_error err = { 0 };
	char why[512];
	int ret, status;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (parse_opts(argc, argv, &o) || output_paths(&o, argc, argv, paths))
		return XS_EXIT_USAGE;
	ret = rpt_input_init(&in, o.root);
	if (ret) {
		fprintf(stderr, "xdnasim report: ledger: %s\n", xerrstr(ret));
		return XS_EXIT_USAGE;
	}
	for (int i = optind; i < argc && !ret; i++) {
		memset(&err, 0, sizeof(err));
		ret = rpt_run_read(&in, argv[i], &err);
		if (ret)
			print_err(&err, argv[i], ret);
	}
	if (!ret && o.lcov) {
		memset(&err, 0, sizeof(err));
		ret = rpt_input_set_lcov(&in, o.lcov, &err);
		if (ret)
			print_err(&err, o.lcov, ret);
	}
	status = ret ? XS_EXIT_USAGE : write_outputs(&in, &o, paths);
	if (!status && ledger_consistent(&in))
		status = XS_EXIT_FAIL;
	if (!status && o.schema) {
		ret = rpt_schema_validate_file(o.schema, o.out, why, sizeof(why));
		if (ret) {
			fprintf(stderr, "xdnasim report: %s: does not match %s: %s\n", o.out,
				o.schema, why);
			status = ret == -EUCLEAN ? XS_EXIT_FAIL : XS_EXIT_USAGE;
		}
	}
	rpt_input_fini(&in);
	return status;
}
