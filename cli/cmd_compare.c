// SPDX-License-Identifier: MIT
/*
 * cmd_compare.c - "xdnasim compare SCENARIO...": run each workload as a
 * pair of runs (today design head against design pr1233), optionally in
 * several address modes and on several devices, and show where the two
 * diverge: the first op whose result, address, expansion count or job
 * outcome differs, both verdicts, and the metrics that differ at the end;
 * optionally the JSON report (reports/compare_report.h) and the compare
 * page (rpt_compare_html_dump(), reports/report.h).
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/errname.h"
#include "common/output.h"
#include "common/parse.h"
#include "reports/compare_report.h"
#include "reports/report.h"
#include "reports/run_report.h"
#include "scenarios/run.h"

#define MAX_LIST 8

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim compare [options] SCENARIO...\n"
		"\n"
		"Run each SCENARIO under design head and design pr1233 and show where they\n"
		"diverge: the first op whose result, address, expansion count or job\n"
		"outcome differs, both verdicts, and the end-of-run metrics that differ\n"
		"(docs/run.md \"xdnasim compare\").  Expectations are not enforced.\n"
		"\n"
		"  --json FILE      write the comparisons as JSON (schema xdnasim-compare/1,\n"
		"                   reports/compare-report.schema.json)\n"
		"  --html DIR       also write DIR/compare.html: the runs on the same axes,\n"
		"                   the first divergence marked, metrics and heap maps side\n"
		"                   by side (docs/reports.md)\n"
		"  --modes a,b      address modes to compare in (pasid, iova, carveout;\n"
		"                   default: the scenario's)\n"
		"  --devices x,y    devices to compare on (npu1, npu4, npu5, npu6;\n"
		"                   default: the scenario's)\n"
		"  --seed N         override the scenario's seed\n"
		"\n"
		"Exit status: 0 the comparison ran (whether or not the designs diverge),\n"
		"2 usage or input error.\n");
}

/* Split "a,b,c" into @out (the string is modified). */
static int split(char *s, const char **out, int max)
{
	int n = 0;

	for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		if (n == max)
			return -E2BIG;
		out[n++] = tok;
	}
	return n ? n : -EINVAL;
}

static void describe(const struct run_result *r, const struct run_op *o, char *buf, size_t len)
{
	if (!o) {
		snprintf(buf, len, "(no such op: the run ended after %llu ops)",
			 (unsigned long long)r->nr_ops);
		return;
	}
	size_t n;

	if (o->addr != U64_MAX)
		n = (size_t)snprintf(buf, len, "%s, addr %#llx, expansions %u",
				     o->err ? xerrname(o->err) : "ok",
				     (unsigned long long)o->addr, o->expansions);
	else
		n = (size_t)snprintf(buf, len, "%s, expansions %u",
				     o->err ? xerrname(o->err) : "ok", o->expansions);
	if (o->job && n < len)
		snprintf(buf + n, len - n, ", job %s", scn_job_name((enum scn_job)(o->job - 1)));
}

static void print_metric_diffs(const struct run_result *a, const struct run_result *b)
{
	int shown = 0;

	printf("  metrics at the end (head -> pr1233):");
	for (int i = 0; i < RUN_M_COUNT; i++) {
		enum run_metric m = (enum run_metric)i;
		char x[32], y[32];

		if (run_metric_kind(m) == SCN_METRIC_RATIO) {
			if (a->total.r[i] == b->total.r[i])
				continue;
			snprintf(x, sizeof(x), "%.4f", a->total.r[i]);
			snprintf(y, sizeof(y), "%.4f", b->total.r[i]);
		} else {
			if (a->total.v[i] == b->total.v[i])
				continue;
			if (run_metric_kind(m) == SCN_METRIC_BYTES) {
				run_format_size(a->total.v[i], x, sizeof(x));
				run_format_size(b->total.v[i], y, sizeof(y));
			} else {
				snprintf(x, sizeof(x), "%llu", (unsigned long long)a->total.v[i]);
				snprintf(y, sizeof(y), "%llu", (unsigned long long)b->total.v[i]);
			}
		}
		printf("\n    %-34s %s -> %s", run_metric_name(m), x, y);
		shown++;
	}
	printf("%s\n", shown ? "" : " identical");
}

static void print_side(const char *design, const struct run_result *r)
{
	char pc[32];

	run_format_size(r->total.v[RUN_M_PEAK_COMMITTED], pc, sizeof(pc));
	printf("  %-7s %s, %llu ops, expansions %llu (fragmentation-induced %llu), failures %llu, peak committed %s, expectations %u/%u, unexpected failures %llu, jobs completed %llu/%llu\n",
	       design, run_status_label(r->status), (unsigned long long)r->nr_ops,
	       (unsigned long long)r->total.v[RUN_M_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FRAG_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FAILURES], pc, r->expects_passed,
	       r->nr_expects, (unsigned long long)r->failures_total,
	       (unsigned long long)r->total.v[RUN_M_JOBS_COMPLETED],
	       (unsigned long long)r->total.v[RUN_M_JOBS_SUBMITTED]);
}

/* One comparison: @s run as the pair (@a, @b) of designs on @device in @mode. */
struct cmp_pair {
	struct run_result r[2];
	struct rpt_compare_pair p;
};

static int compare_one(const struct scn *s, struct run_opts *o, const char *device,
		       enum scn_mode mode, struct cmp_pair *cp)
{
	static const enum scn_design side[2] = { SCN_DESIGN_HEAD, SCN_DESIGN_PR1233 };
	struct rpt_compare_pair *p = &cp->p;
	int rc = XS_EXIT_OK;

	o->device = device;
	o->has_mode = true;
	o->mode = mode;
	o->has_design = true;
	for (int i = 0; i < 2; i++) {
		o->design = side[i];
		run_scenario(s, o, &cp->r[i]);
	}
	printf("== %s: device %s, mode %s, seed %llu\n", s->name, device, scn_mode_name(mode),
	       (unsigned long long)cp->r[0].seed);
	for (int i = 0; i < 2; i++) {
		if (cp->r[i].status == RUN_ERROR) {
			fprintf(stderr, "xdnasim compare: %s\n", cp->r[i].error);
			rc = XS_EXIT_USAGE;
		}
	}
	p->a = &cp->r[0];
	p->b = &cp->r[1];
	p->a_name = scn_design_name(side[0]);
	p->b_name = scn_design_name(side[1]);
	if (rc != XS_EXIT_OK || run_compare(p->a, p->b, &p->d))
		return XS_EXIT_USAGE;
	print_side(p->a_name, p->a);
	print_side(p->b_name, p->b);
	if (!p->d.found) {
		printf("  no divergence: every op has the same result, address, expansions and job outcome\n");
	} else {
		const struct run_op *any = p->d.a ? p->d.a : p->d.b;
		char x[128], y[128];

		describe(p->a, p->d.a, x, sizeof(x));
		describe(p->b, p->d.b, y, sizeof(y));
		printf("  first divergence (%s) at op %llu: %s, %s line %u\n", p->d.what,
		       (unsigned long long)p->d.op, p->a->instances[any->instance].name,
		       scn_op_name(any->step->op), any->step->loc.line);
		printf("    head:   %s\n    pr1233: %s\n", x, y);
	}
	print_metric_diffs(p->a, p->b);
	return XS_EXIT_OK;
}

/* The --html page's input: every compared run, read back from its JSON report. */
struct html_out {
	struct rpt_input in;
	struct rpt_cmp *cmps;
	size_t n;
};

/* Add the pair @p (its two runs and their divergence) to @h; 0 or -errno. */
static int html_add(struct html_out *h, const struct rpt_compare_pair *p)
{
	const struct run_result *pair[2] = { p->a, p->b };
	const struct run_divergence *d = &p->d;
	struct rpt_error err = { 0 };
	struct rpt_cmp *c, *n;
	char *text = NULL;
	size_t len = 0, first = h->in.nruns;
	FILE *mf = open_memstream(&text, &len);
	int ret;

	if (!mf)
		return -errno;
	ret = rpt_run_report_write(mf, pair, 2);
	if (fclose(mf) && !ret)
		ret = -EIO;
	ret = ret ?: rpt_run_read_text(&h->in, "compare", text, &err);
	free(text);
	if (ret)
		return ret;
	n = realloc(h->cmps, (h->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	h->cmps = n;
	c = &h->cmps[h->n++];
	memset(c, 0, sizeof(*c));
	c->run[0] = first;
	c->run[1] = first + 1;
	c->nruns = 2;
	c->found = d->found;
	if (d->found) {
		const struct run_op *any = d->a ? d->a : d->b;

		c->op = d->op;
		snprintf(c->what, sizeof(c->what), "%s", d->what);
		c->line = any->step->loc.line;
		snprintf(c->instance, sizeof(c->instance), "%s", p->a->instances[any->instance].name);
		snprintf(c->step, sizeof(c->step), "%s", scn_op_name(any->step->op));
		describe(p->a, d->a, c->desc[0], sizeof(c->desc[0]));
		describe(p->b, d->b, c->desc[1], sizeof(c->desc[1]));
	}
	return 0;
}

/* DIR/compare.html of the @n pairs (DIR created if needed), all or nothing; an exit status. */
static int html_write(const struct rpt_compare_pair *const *pairs, size_t n, const char *dir)
{
	struct html_out h = { 0 };
	char path[4096];
	struct xout out;
	bool made = false;
	int ret = rpt_input_init(&h.in, NULL);

	for (size_t i = 0; i < n && !ret; i++)
		ret = html_add(&h, pairs[i]);
	if (ret) {
		fprintf(stderr, "xdnasim compare: --html: cannot build the page's input (%s)\n",
			xerrname(ret));
		rpt_input_fini(&h.in);
		free(h.cmps);
		return XS_EXIT_USAGE;
	}
	ret = snprintf(path, sizeof(path), "%s/compare.html", dir) >= (int)sizeof(path) ?
	      -ENAMETOOLONG : rpt_html_mkdir(dir, &made);
	ret = ret ?: xout_open(&out, path);
	if (!ret) {
		ret = rpt_compare_html_dump(&h.in, h.cmps, h.n, out.f);
		if (ret)
			xout_abort(&out);
		else
			ret = xout_commit(&out);
	}
	if (ret && made)
		rmdir(dir);
	rpt_input_fini(&h.in);
	free(h.cmps);
	return ret ? cli_output_error("compare", path, ret) : XS_EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "modes", required_argument, NULL, 'm' },
		{ "devices", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "json", required_argument, NULL, 'j' },
		{ "html", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *json = NULL, *html_dir = NULL;
	struct cmp_pair *pairs = NULL;
	struct rpt_compare_pair *rp = NULL;
	size_t npairs = 0, cap = 0, nkept = 0;
	struct scn **kept;
	const char *modes[MAX_LIST], *devices[MAX_LIST];
	char *mode_arg = NULL, *dev_arg = NULL;
	struct run_opts o = { 0 };
	struct scn_error err;
	struct scn *s;
	int nm = 0, nd = 0, opt, rc = XS_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'm') {
			mode_arg = optarg;
		} else if (opt == 'd') {
			dev_arg = optarg;
		} else if (opt == 's' && !parse_u64(optarg, &o.seed)) {
			o.has_seed = true;
		} else if (opt == 'j') {
			json = optarg;
		} else if (opt == 'H') {
			html_dir = optarg;
		} else {
			fprintf(stderr, "xdnasim compare: bad or unknown option '%s' (see --help)\n",
				argv[optind - 1]);
			return XS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "xdnasim compare: no SCENARIO given (see --help)\n");
		return XS_EXIT_USAGE;
	}
	if (json && cli_refuse_input("compare", json, (const char *const *)argv + optind,
				     (size_t)(argc - optind)))
		return XS_EXIT_USAGE;
	if (mode_arg && (nm = split(mode_arg, modes, MAX_LIST)) < 0) {
		fprintf(stderr, "xdnasim compare: bad --modes list\n");
		return XS_EXIT_USAGE;
	}
	if (dev_arg && (nd = split(dev_arg, devices, MAX_LIST)) < 0) {
		fprintf(stderr, "xdnasim compare: bad --devices list\n");
		return XS_EXIT_USAGE;
	}
	for (int i = 0; i < nm; i++) {
		enum scn_mode m;

		if (run_parse_mode(modes[i], &m)) {
			fprintf(stderr, "xdnasim compare: unknown mode '%s' (pasid, iova or carveout)\n",
				modes[i]);
			return XS_EXIT_USAGE;
		}
	}
	for (int i = 0; i < nd; i++) {
		bool known = false;

		for (const char *const *v = run_vocab()->devices; *v; v++)
			known = known || !strcmp(*v, devices[i]);
		if (!known) {
			fprintf(stderr, "xdnasim compare: unknown device '%s'\n", devices[i]);
			return XS_EXIT_USAGE;
		}
	}
	kept = calloc((size_t)(argc - optind), sizeof(*kept));
	if (!kept) {
		fprintf(stderr, "xdnasim compare: out of memory\n");
		return XS_EXIT_USAGE;
	}
	for (int f = optind; f < argc && rc == XS_EXIT_OK; f++) {
		int fnd = nd, fnm = nm;

		if (scn_load_file(argv[f], run_vocab(), &s, &err)) {
			fprintf(stderr, "xdnasim compare: %s\n", err.text);
			rc = XS_EXIT_USAGE;
			break;
		}
		if (!fnd)
			devices[fnd++] = s->device;
		if (!fnm)
			modes[fnm++] = scn_mode_name(s->mode);
		for (int d = 0; d < fnd && rc == XS_EXIT_OK; d++) {
			for (int m = 0; m < fnm && rc == XS_EXIT_OK; m++) {
				enum scn_mode mode;

				if (npairs == cap) {
					struct cmp_pair *np;

					cap = cap ? 2 * cap : 4;
					np = realloc(pairs, cap * sizeof(*np));
					if (!np) {
						fprintf(stderr, "xdnasim compare: out of memory\n");
						rc = XS_EXIT_USAGE;
						break;
					}
					pairs = np;
				}
				memset(&pairs[npairs], 0, sizeof(pairs[npairs]));
				run_parse_mode(modes[m], &mode);
				rc = compare_one(s, &o, devices[d], mode, &pairs[npairs]);
				npairs++;
			}
		}
		/* the results point into the scenario: keep it until the report is written */
		kept[nkept++] = s;
	}
	if (rc == XS_EXIT_OK && json) {
		int ret;

		rp = calloc(npairs ? npairs : 1, sizeof(*rp));
		for (size_t i = 0; rp && i < npairs; i++)
			rp[i] = pairs[i].p;
		ret = rp ? rpt_compare_report_file(json, rp, npairs) : -ENOMEM;
		if (ret)
			rc = cli_output_error("compare", json, ret);
	}
	free(rp);
	if (rc == XS_EXIT_OK && html_dir) {
		const struct rpt_compare_pair **hp = calloc(npairs ? npairs : 1, sizeof(*hp));

		for (size_t i = 0; hp && i < npairs; i++)
			hp[i] = &pairs[i].p;
		rc = hp ? html_write(hp, npairs, html_dir) :
			  cli_output_error("compare", html_dir, -ENOMEM);
		free(hp);
	}
	for (size_t i = 0; i < npairs; i++) {
		run_result_free(&pairs[i].r[0]);
		run_result_free(&pairs[i].r[1]);
	}
	free(pairs);
	for (size_t i = 0; i < nkept; i++)
		scn_free(kept[i]);
	free(kept);
	return rc;
}
