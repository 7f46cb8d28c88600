// SPDX-License-Identifier: MIT
/*
 * cmd_compare.c - "xdnasim compare SCENARIO...": run each workload under
 * several driver revisions (default head and pr1233, `--revisions a,b|all`),
 * optionally in several address modes and on several devices, and show for
 * every pair of revisions where they diverge: the first op whose result,
 * address, expansion count or job outcome differs, both verdicts, and the
 * metrics that differ at the end; optionally the JSON report of every pair
 * (reports/compare_report.h) and the compare page (rpt_compare_html_dump(),
 * reports/report.h). */
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
		"Run each SCENARIO under several driver revisions and show, for every pair,\n"
		"where they diverge: the first op whose result, address, expansion count or\n"
		"job outcome differs, both verdicts, and the end-of-run metrics that differ\n"
		"(docs/run.md \"xdnasim compare\").  Expectations are not enforced.\n"
		"\n"
		"  --revisions a,b|all  revisions to compare (`xdnasim revisions` lists them;\n"
		"                   head = the newest out-of-tree one; default: head,pr1233;\n"
		"                   all = every merged one, a proposal such as pr1710 only\n"
		"                   when named); --revision is an alias\n"
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
		"Exit status: 0 the comparison ran (whether or not the revisions diverge),\n"
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

	printf("  metrics at the end (%s -> %s):", drv_rev_name(a->rev), drv_rev_name(b->rev));
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

static void print_side(const struct run_result *r)
{
	char pc[32];

	run_format_size(r->total.v[RUN_M_PEAK_COMMITTED], pc, sizeof(pc));
	printf("  %-8s %s, %llu ops, expansions %llu (fragmentation-induced %llu), failures %llu, peak committed %s, expectations %u/%u, unexpected failures %llu, jobs completed %llu/%llu\n",
	       drv_rev_name(r->rev), run_status_label(r->status), (unsigned long long)r->nr_ops,
	       (unsigned long long)r->total.v[RUN_M_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FRAG_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FAILURES], pc, r->expects_passed,
	       r->nr_expects, (unsigned long long)r->failures_total,
	       (unsigned long long)r->total.v[RUN_M_JOBS_COMPLETED],
	       (unsigned long long)r->total.v[RUN_M_JOBS_SUBMITTED]);
}

/* One pair of revisions: the first divergence and the metric deltas of @p->a -> @p->b. */
static void print_pair(const struct rpt_compare_pair *p)
{
	printf("  -- %s vs %s\n", p->a_name, p->b_name);
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
		printf("    %-8s %s\n    %-8s %s\n", p->a_name, x, p->b_name, y);
	}
	print_metric_diffs(p->a, p->b);
}

/* One comparison: @s run under each revision of @revs on @device in @mode. */
struct cmp_group {
	struct run_result r[REV_NR];
	int nr;
};

/*
 * compare_one - run @s under the @nr revisions @revs into @g, print every
 * side and every pair, and append the pairs to @pairs (@npairs, room for
 * @nr * (@nr - 1) / 2 more).  XS_EXIT_OK or XS_EXIT_USAGE.
 */
static int compare_one(const struct scn *s, struct run_opts *o, const char *device,
		       enum addr_mode mode, const enum drv_rev *revs, int nr, struct cmp_group *g,
		       struct rpt_compare_pair *pairs, size_t *npairs)
{
	int rc = XS_EXIT_OK;

	o->device = device;
	o->has_mode = true;
	o->mode = mode;
	o->has_rev = true;
	g->nr = nr;
	for (int i = 0; i < nr; i++) {
		o->rev = revs[i];
		run_scenario(s, o, &g->r[i]);
	}
	printf("== %s: device %s, mode %s, seed %llu\n", s->name, device, addr_mode_name(mode),
	       (unsigned long long)g->r[0].seed);
	for (int i = 0; i < nr; i++) {
		if (g->r[i].status == RUN_ERROR) {
			fprintf(stderr, "xdnasim compare: %s\n", g->r[i].error);
			rc = XS_EXIT_USAGE;
		}
	}
	if (rc != XS_EXIT_OK)
		return rc;
	for (int i = 0; i < nr; i++)
		print_side(&g->r[i]);
	for (int i = 0; i < nr; i++) {
		for (int j = i + 1; j < nr; j++) {
			struct rpt_compare_pair *p = &pairs[(*npairs)++];

			p->a = &g->r[i];
			p->b = &g->r[j];
			p->a_name = drv_rev_name(revs[i]);
			p->b_name = drv_rev_name(revs[j]);
			if (run_compare(p->a, p->b, &p->d))
				return XS_EXIT_USAGE;
			print_pair(p);
		}
	}
	return XS_EXIT_OK;
}

/*
 * "a,b,c" or "all" into @revs (each revision at most once, aliases resolved;
 * "all" is every merged revision, a proposal only when named); the number,
 * or -EINVAL with a message.
 */
static int parse_revisions(char *arg, enum drv_rev *revs)
{
	const char *names[REV_NR + 2];
	int n = 0, k;

	if (!strcmp(arg, "all")) {
		for (size_t i = 0; i < REV_MERGED_NR; i++)
			revs[n++] = drv_rev_by_age(i);
		return n;
	}
	k = split(arg, names, REV_NR + 2);
	if (k < 0)
		goto bad;
	for (int i = 0; i < k; i++) {
		enum drv_rev r;

		if (drv_rev_parse(names[i], &r)) {
			fprintf(stderr, "xdnasim compare: unknown revision '%s' (%s)\n", names[i],
				drv_rev_names());
			return -EINVAL;
		}
		for (int j = 0; j < n; j++)
			if (revs[j] == r) {
				fprintf(stderr, "xdnasim compare: revision '%s' given twice\n",
					names[i]);
				return -EINVAL;
			}
		revs[n++] = r;
	}
	if (n >= 2)
		return n;
bad:
	fprintf(stderr, "xdnasim compare: --revisions needs at least two revisions, or 'all'\n");
	return -EINVAL;}

/* The --html page's input: every compared run, read back from its JSON report. */
struct html_out {
	struct rpt_input in;
	struct rpt_cmp *cmps;
	size_t n;
};

/*
 * Add group @g to @h as one comparison (rpt_cmp): its runs, each read once,
 * and where they first part ways: the earliest first divergence of a run
 * from the first one, with what each run did at that op.  0 or -errno.
 */
static int html_add(struct html_out *h, const struct cmp_group *g)
{
	const struct run_result *runs[REV_NR];
	struct run_divergence d = { 0 }, di;
	struct rpt_error err = { 0 };
	char *text = NULL;
	size_t len = 0, first = h->in.nruns;
	FILE *mf = open_memstream(&text, &len);
	struct rpt_cmp *c, *n;
	int ret;

	if (!mf)
		return -errno;
	for (int i = 0; i < g->nr; i++)
		runs[i] = &g->r[i];
	ret = rpt_run_report_write(mf, runs, (size_t)g->nr);
	if (fclose(mf) && !ret)
		ret = -EIO;
	ret = ret ?: rpt_run_read_text(&h->in, "compare", text, &err);
	free(text);
	for (int i = 1; i < g->nr && !ret; i++) {
		ret = run_compare(&g->r[0], &g->r[i], &di);
		if (!ret && di.found && (!d.found || di.op < d.op))
			d = di;
	}
	if (ret)
		return ret;
	n = realloc(h->cmps, (h->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	h->cmps = n;
	c = &h->cmps[h->n++];
	memset(c, 0, sizeof(*c));
	c->nruns = (size_t)g->nr;
	for (int i = 0; i < g->nr; i++)
		c->run[i] = first + (size_t)i;
	c->found = d.found;
	if (d.found) {
		const struct run_op *any = d.a ? d.a : d.b;

		c->op = d.op;
		snprintf(c->what, sizeof(c->what), "%s", d.what);
		c->line = any->step->loc.line;
		snprintf(c->instance, sizeof(c->instance), "%s",
			 g->r[0].instances[any->instance].name);
		snprintf(c->step, sizeof(c->step), "%s", scn_op_name(any->step->op));
		for (int i = 0; i < g->nr; i++) {
			const struct run_result *r = &g->r[i];

			describe(r, d.op < r->nr_series ? &r->series[d.op] : NULL, c->desc[i],
				 sizeof(c->desc[i]));
		}
	}
	return 0;
}

/*
 * DIR/compare.html of the @ngroups groups, one comparison each (DIR created
 * if needed), all or nothing; an exit status.
 */
static int html_write(struct cmp_group *const *groups, size_t ngroups, const char *dir)
{
	struct html_out h = { 0 };
	char path[4096];
	struct xout out;
	bool made = false;
	int ret = rpt_input_init(&h.in, NULL);

	for (size_t i = 0; i < ngroups && !ret; i++)
		ret = html_add(&h, groups[i]);
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
		{ "revisions", required_argument, NULL, 'r' },
		{ "revision", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *json = NULL, *html_dir = NULL;
	struct cmp_group **groups = NULL;
	struct rpt_compare_pair *pairs = NULL;
	size_t ngroups = 0, cap = 0, npairs = 0, nkept = 0;
	struct scn **kept;
	const char *modes[MAX_LIST], *devices[MAX_LIST];
	char *mode_arg = NULL, *dev_arg = NULL, *rev_arg = NULL;
	enum drv_rev revs[REV_NR] = { REV_HEAD, REV_PR1233 };
	struct run_opts o = { 0 };
	struct scn_error err;
	struct scn *s;
	int nr = 2, nm = 0, nd = 0, opt, rc = XS_EXIT_OK;
	size_t per_group;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'm') {
			mode_arg = optarg;
		} else if (opt == 'r') {
			rev_arg = optarg;
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
	if (rev_arg && (nr = parse_revisions(rev_arg, revs)) < 0)
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
		enum addr_mode m;

		if (addr_mode_parse(modes[i], &m)) {
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
	per_group = (size_t)nr * (size_t)(nr - 1) / 2;
	for (int f = optind; f < argc && rc == XS_EXIT_OK; f++) {
		int fnd = nd, fnm = nm;

		if (scn_load_file(argv[f], run_vocab(), &s, &err)) {
			fprintf(stderr, "xdnasim compare: %s\n", err.text);
			rc = XS_EXIT_USAGE;
			break;
		}
		/* the results point into the scenario: keep it until the report is written */
		kept[nkept++] = s;
		if (!fnd)
			devices[fnd++] = s->device;
		if (!fnm)
			modes[fnm++] = addr_mode_name(s->mode);
		for (int d = 0; d < fnd && rc == XS_EXIT_OK; d++) {
			for (int m = 0; m < fnm && rc == XS_EXIT_OK; m++) {
				enum addr_mode mode;

				if (ngroups == cap) {
					size_t nc = cap ? 2 * cap : 4;
					struct cmp_group **ng = realloc(groups, nc * sizeof(*ng));
					struct rpt_compare_pair *np;

					if (ng)
						groups = ng;
					np = ng ? realloc(pairs, nc * per_group * sizeof(*np)) : NULL;
					if (np) {
						pairs = np;
						cap = nc;
					}
				}
				/* a group never moves: the pairs point into it */
				if (ngroups < cap)
					groups[ngroups] = calloc(1, sizeof(**groups));
				if (ngroups == cap || !groups[ngroups]) {
					fprintf(stderr, "xdnasim compare: out of memory\n");
					rc = XS_EXIT_USAGE;
					break;
				}
				addr_mode_parse(modes[m], &mode);
				rc = compare_one(s, &o, devices[d], mode, revs, nr, groups[ngroups++],
						 pairs, &npairs);
			}
		}
	}
	if (rc == XS_EXIT_OK && json) {
		int ret = rpt_compare_report_file(json, pairs, npairs);

		if (ret)
			rc = cli_output_error("compare", json, ret);
	}
	if (rc == XS_EXIT_OK && html_dir)
		rc = html_write(groups, ngroups, html_dir);
	for (size_t g = 0; g < ngroups; g++) {
		for (int i = 0; i < groups[g]->nr; i++)
			run_result_free(&groups[g]->r[i]);
		free(groups[g]);
	}
	free(groups);
	free(pairs);
	for (size_t i = 0; i < nkept; i++)
		scn_free(kept[i]);
	free(kept);
	return rc;
}
