// SPDX-License-Identifier: MIT
/*
 * cmd_report.c - "xdnasim report RUN.json... [--lcov FILE] -o REPORT.json
 * [--html DIR] [--scenario-lcov FILE]": the reviewer's coverage report
 * (reports/coverage-report.md).
 */
#include "cli/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

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
		"  --html DIR              write DIR/index.html: heap pictures and the ledger heatmap\n"
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
	if (e->file[0])
		fprintf(stderr, "%s:%lu: %s\n", e->file, e->line, e->text);
	else
		fprintf(stderr, "%s: %s\n", fallback, strerror(-ret));
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
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'l': o->lcov = optarg; break;
		case 'H': o->html = optarg; break;
		case 's': o->slcov = optarg; break;
		case 'r': o->root = optarg; break;
		case 'S': o->schema = optarg; break;
		default:
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

static int write_outputs(const struct rpt_input *in, const struct report_opts *o)
{
	struct { const char *what, *path; int ret; } w[3] = {
		{ "report", o->out, rpt_report_write(in, o->out) },
		{ "--scenario-lcov", o->slcov, o->slcov ? rpt_scenario_lcov_write(in, o->slcov) : 0 },
		{ "--html", o->html, o->html ? rpt_html_write(in, o->html) : 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		if (w[i].ret) {
			fprintf(stderr, "xdnasim report: %s %s: %s\n", w[i].what, w[i].path,
				strerror(-w[i].ret));
			return XS_EXIT_USAGE;
		}
	}
	return XS_EXIT_OK;
}

static int ledger_consistent(const struct rpt_input *in)
{
	int bad = 0;

	for (size_t k = 0; k < in->ledger.n; k++)
		for (size_t i = 0; in->ledger.keys[k].unreachable && i < in->nruns; i++)
			if (in->runs[i].hits[k]) {
				fprintf(stderr, "%s: hit \"%s\", declared unreachable: %s\n",
					in->runs[i].path, in->ledger.keys[k].name,
					in->ledger.keys[k].unreachable);
				bad = 1;
			}
	return bad;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct rpt_input in;
	struct rpt_error err = { 0 };
	char why[512];
	int ret, status;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (parse_opts(argc, argv, &o))
		return XS_EXIT_USAGE;
	ret = rpt_input_init(&in, o.root);
	if (ret) {
		fprintf(stderr, "xdnasim report: ledger: %s\n", strerror(-ret));
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
	status = ret ? XS_EXIT_USAGE : write_outputs(&in, &o);
	if (!status && ledger_consistent(&in))
		status = XS_EXIT_FAIL;
	if (!status && o.schema) {
		ret = rpt_schema_validate_file(o.schema, o.out, why, sizeof(why));
		if (ret) {
			fprintf(stderr, "%s: does not match %s: %s\n", o.out, o.schema, why);
			status = ret == -EUCLEAN ? XS_EXIT_FAIL : XS_EXIT_USAGE;
		}
	}
	rpt_input_fini(&in);
	return status;
}
