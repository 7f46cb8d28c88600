// SPDX-License-Identifier: MIT
/*
 * cmd_sweep.c - "xdnasim sweep": run one scenario over a matrix of
 * revisions, seeds and --set values, in shards and worker processes, and
 * write the rows (CSV, JSON), a per-revision summary and an HTML page;
 * "xdnasim sweep --merge" joins shard results into the result of one run.
 * The matrix and the runs are scenarios/sweep.h, the outputs
 * reports/sweep_report.h; docs/ci.md "Sweeps".
 */
#include "cli/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "common/errname.h"
#include "common/parse.h"
#include "reports/run_report.h"
#include "reports/sweep_report.h"

static const int default_metrics[] = {
	RUN_M_PEAK_COMMITTED, RUN_M_PEAK_LIVE, RUN_M_EXPANSIONS, RUN_M_FAILURES,
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim sweep SCENARIO [--revisions LIST] [--seeds SEEDS] [--set KEY=V1,V2...]...\n"
		"                     [-j N] [--shard I/N] [--metrics LIST] [--csv FILE] [--json FILE]\n"
		"                     [--html FILE] [--schema FILE] [--quiet]\n"
		"       xdnasim sweep --merge SHARD.json... [--csv FILE] [--json FILE] [--html FILE]\n"
		"\n"
		"Run SCENARIO once per cell of the matrix revisions x --set values x seeds\n"
		"(seeds vary fastest) and report each run's parameters, verdict and metrics,\n"
		"with a summary per revision: runs, failed runs, mean/min/max of the\n"
		"summary metrics.  The same matrix gives the same bytes, whatever -j and\n"
		"however it is sharded.\n"
		"\n"
		"  --revisions LIST   comma-separated driver revisions (xdnasim revisions);\n"
		"                     default: the scenario's\n"
		"  --seeds SEEDS      e.g. 1..100, 1,5,9 or 1..10,42; default: the scenario's seed\n"
		"  --set KEY=V1,V2    override a scenario key (a dotted path such as\n"
		"                     shim.num_heap_pages or clients.0.instances) with each\n"
		"                     value in turn; repeatable (one matrix axis each)\n"
		"  -j, --jobs N       run N worker processes (default 1)\n"
		"  --shard I/N        run only shard I of N (1 <= I <= N): the cells k with\n"
		"                     k %% N == I-1; merge the N results with --merge\n"
		"  --metrics LIST     the summary's metrics (xdnasim list metrics); default:\n"
		"                     peak_committed,peak_live,expansions,failures\n"
		"  --csv FILE         one line per run: cell, revision, seed, set values,\n"
		"                     verdict, expects_failed, ops, every metric\n"
		"  --json FILE        the rows and the summary (schema xdnasim-sweep/1,\n"
		"                     reports/sweep.schema.json); --merge reads these\n"
		"  --html FILE        a page plotting each summary metric per revision\n"
		"  --merge            the arguments are shard results (--json) of one sweep\n"
		"  --schema FILE      validate the written --json against FILE (exit 1 if not)\n"
		"  --quiet            print no summary\n"
		"\n"
		"On a terminal, progress is shown on stderr.\n"
		"Exit status: 0 every run passed, 1 some run failed, 2 usage or input error\n"
		"(or some run could not run: verdict error).\n");
}

struct sweep_cli {
	struct rpt_sweep res;
	unsigned int jobs;
	bool merge, quiet;
	const char *csv, *json, *html, *schema;
};

static int bad_opt(const char *opt, const char *arg, const char *why)
{
	fprintf(stderr, "xdnasim sweep: bad %s '%s'%s%s\n", opt, arg, why ? ": " : "", why ? why : "");
	return -EINVAL;
}

static int parse_shard(const char *s, struct sweep_spec *sp)
{
	const char *slash = strchr(s, '/');
	char buf[32];
	u64 i, n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = 0;
	if (parse_u64_dec(buf, &i) || parse_u64_dec(slash + 1, &n) || !i || i > n || n > 1000000)
		return -EINVAL;
	sp->shard_index = (u32)i;
	sp->shard_count = (u32)n;
	return 0;
}

static int parse_metrics(const char *s, struct rpt_sweep *r)
{
	char **v;
	u32 n;
	int ret = sweep_parse_list(s, &v, &n);

	if (ret)
		return ret;
	r->nr_metrics = 0;
	for (u32 i = 0; i < n; i++) {
		int m = run_metric_by_name(v[i]);

		if (m < 0 || r->nr_metrics == RUN_M_COUNT)
			ret = -EINVAL;
		else
			r->metrics[r->nr_metrics++] = m;
		free(v[i]);
	}
	free(v);
	return ret;
}

static int parse(int argc, char **argv, struct sweep_cli *c)
{
	static const struct option longopts[] = {
		{ "revisions", required_argument, NULL, 'r' },
		{ "seeds", required_argument, NULL, 's' },
		{ "set", required_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'h' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "csv", required_argument, NULL, 'c' },
		{ "json", required_argument, NULL, 'J' },
		{ "html", required_argument, NULL, 'H' },
		{ "merge", no_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "schema", required_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sweep_spec *sp = &c->res.spec;
	u64 j;
	int o, ret;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
		ret = 0;
		switch (o) {
		case 'r':
			if (sp->nr_revisions)
				return bad_opt("--revisions", optarg, "given twice");
			ret = sweep_parse_list(optarg, &sp->revisions, &sp->nr_revisions);
			if (ret == -EINVAL)
				return bad_opt("--revisions", optarg, NULL);
			break;
		case 's':
			if (sp->nr_seeds)
				return bad_opt("--seeds", optarg, "given twice");
			ret = sweep_parse_seeds(optarg, &sp->seeds, &sp->nr_seeds);
			if (ret == -EINVAL)
				return bad_opt("--seeds", optarg, "expected e.g. 1..100 or 1,5,9");
			break;
		case 'S':
			if (sp->nr_sets == SWEEP_MAX_SETS)
				return bad_opt("--set", optarg, "too many --set keys");
			ret = sweep_parse_set(optarg, &sp->sets[sp->nr_sets]);
			if (ret == -EINVAL)
				return bad_opt("--set", optarg, "expected KEY=V1,V2,...");
			if (!ret)
				sp->nr_sets++;
			break;
		case 'j':
			if (parse_u64_dec(optarg, &j) || !j || j > 1024)
				return bad_opt("-j", optarg, "1..1024");
			c->jobs = (unsigned int)j;
			break;
		case 'h':
			if (parse_shard(optarg, sp))
				return bad_opt("--shard", optarg, "expected I/N with 1 <= I <= N");
			break;
		case 'm':
			ret = parse_metrics(optarg, &c->res);
			if (ret == -EINVAL)
				return bad_opt("--metrics", optarg, "see 'xdnasim list metrics'");
			break;
		case 'c':
			c->csv = optarg;
			break;
		case 'J':
			c->json = optarg;
			break;
		case 'H':
			c->html = optarg;
			break;
		case 'M':
			c->merge = true;
			break;
		case 'q':
			c->quiet = true;
			break;
		case 'V':
			c->schema = optarg;
			break;
		default:
			fprintf(stderr, "xdnasim sweep: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			return -EINVAL;
		}
		if (ret) {
			fprintf(stderr, "xdnasim sweep: %s\n", xerrname(ret));
			return ret;
		}
	}
	if (c->merge ? optind >= argc : optind != argc - 1) {
		fprintf(stderr, "xdnasim sweep: %s (see --help)\n",
			c->merge ? "no shard results to merge" : "expected one SCENARIO");
		return -EINVAL;
	}
	if (c->schema && !c->json) {
		fprintf(stderr, "xdnasim sweep: --schema checks the --json output; give --json\n");
		return -EINVAL;
	}
	if (c->merge && (sp->nr_revisions || sp->nr_seeds || sp->nr_sets || sp->shard_count ||
			 c->jobs)) {
		fprintf(stderr, "xdnasim sweep: --merge takes the matrix from its inputs\n");
		return -EINVAL;
	}
	return 0;
}

static void progress(void *ctx, u64 done, u64 total, u64 failed)
{
	fprintf(stderr, "\r%s: %llu/%llu runs, %llu not passed", (const char *)ctx,
		(unsigned long long)done, (unsigned long long)total, (unsigned long long)failed);
}

static int merge(int argc, char **argv, struct sweep_cli *c)
{
	int n = argc - optind, ret = 0;
	struct rpt_sweep *in = calloc((size_t)n, sizeof(*in));
	char err[512];

	if (!in)
		return -ENOMEM;
	for (int i = 0; i < n && !ret; i++) {
		ret = rpt_sweep_read(argv[optind + i], &in[i], err, sizeof(err));
		if (ret)
			fprintf(stderr, "xdnasim sweep: %s\n", err);
	}
	if (!ret) {
		ret = rpt_sweep_merge(in, (size_t)n, &c->res, err, sizeof(err));
		if (ret)
			fprintf(stderr, "xdnasim sweep: --merge: %s\n", err);
	}
	for (int i = 0; i < n; i++)
		rpt_sweep_free(&in[i]);
	free(in);
	return ret;
}

static int run(int argc, char **argv, struct sweep_cli *c)
{
	struct rpt_sweep *r = &c->res;
	char err[768];
	struct scn_error e;
	struct scn *s;
	int ret;

	r->spec.scenario = argv[optind];
	if (!r->spec.shard_count) {
		r->spec.shard_index = 1;
		r->spec.shard_count = 1;
	}
	ret = sweep_prepare(&r->spec, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "xdnasim sweep: %s\n", ret == -EINVAL ? err : xerrname(ret));
		return ret;
	}
	ret = scn_load_file(r->spec.scenario, run_vocab(), &s, &e);
	if (ret)
		return ret;
	r->name = strdup(s->name);
	scn_free(s);
	if (!r->name)
		return -ENOMEM;
	ret = sweep_run(&r->spec, c->jobs ? c->jobs : 1,
			isatty(STDERR_FILENO) ? progress : NULL, r->name, &r->rows, &r->nr);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	if (ret)
		fprintf(stderr, "xdnasim sweep: %s\n", xerrname(ret));
	return ret;
}

static int write_out(const char *path, int (*writer)(FILE *f, const struct rpt_sweep *s),
		     const struct rpt_sweep *r)
{
	int ret;

	if (!path)
		return 0;
	ret = rpt_sweep_file(path, writer, r);
	return ret ? cli_output_error("sweep", path, ret) : 0;
}

/* No output may replace an input: the scenario or a shard being merged. */
static int refuse_inputs(const struct sweep_cli *c, int argc, char **argv)
{
	const char *outs[] = { c->csv, c->json, c->html };

	for (size_t i = 0; i < ARRAY_SIZE(outs); i++)
		if (outs[i] && cli_refuse_input("sweep", outs[i], (const char *const *)argv + optind,
						(size_t)(argc - optind)))
			return -EINVAL;
	return 0;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_cli c = { 0 };
	int rc = XS_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (parse(argc, argv, &c) || refuse_inputs(&c, argc, argv) ||
	    (c.merge ? merge(argc, argv, &c) : run(argc, argv, &c))) {
		rpt_sweep_free(&c.res);
		return XS_EXIT_USAGE;
	}
	if (!c.res.nr_metrics) {
		for (size_t i = 0; i < ARRAY_SIZE(default_metrics); i++)
			c.res.metrics[c.res.nr_metrics++] = default_metrics[i];
	}
	for (u64 i = 0; i < c.res.nr; i++) {
		if (c.res.rows[i].status == RUN_ERROR) {
			if (rc != XS_EXIT_USAGE)
				fprintf(stderr, "xdnasim sweep: cell %llu: %s\n",
					(unsigned long long)c.res.rows[i].cell, c.res.rows[i].error);
			rc = XS_EXIT_USAGE;
		} else if (run_status_failed(c.res.rows[i].status) && rc == XS_EXIT_OK) {
			rc = XS_EXIT_FAIL;
		}
	}
	if (write_out(c.csv, rpt_sweep_csv, &c.res) || write_out(c.json, rpt_sweep_json, &c.res) ||
	    write_out(c.html, rpt_sweep_html, &c.res))
		rc = XS_EXIT_USAGE;
	if (c.schema && rc != XS_EXIT_USAGE) {
		char why[512];
		int ret = rpt_schema_validate_file(c.schema, c.json, why, sizeof(why));

		if (ret) {
			fprintf(stderr, "xdnasim sweep: %s\n", why);
			rc = ret == -EUCLEAN ? XS_EXIT_FAIL : XS_EXIT_USAGE;
		}
	}
	if (!c.quiet) {
		printf("sweep %s: %llu runs", c.res.name, (unsigned long long)c.res.nr);
		if (c.res.spec.shard_count > 1)
			printf(" (shard %u/%u of %llu)", c.res.spec.shard_index,
			       c.res.spec.shard_count, (unsigned long long)sweep_cells(&c.res.spec));
		printf("\n\n");
		if (rpt_sweep_summary(stdout, &c.res))
			rc = XS_EXIT_USAGE;
	}
	rpt_sweep_free(&c.res);
	return rc;
}
