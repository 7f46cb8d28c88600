// SPDX-License-Identifier: MIT
/*
 * cmd_compare.c - "xdnasim compare SCENARIO": run one workload under both
 * heap designs (HEAD and PR #1233), optionally in several address modes and
 * on several devices, and show where the designs diverge: the first op
 * whose result, address or expansion count differs, and the metrics that
 * differ at the end.
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
#include "reports/report.h"
#include "reports/run_report.h"
#include "scenarios/run.h"

#define MAX_LIST 8

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim compare [options] SCENARIO\n"
		"\n"
		"Run SCENARIO under design head and design pr1233 and show where they\n"
		"diverge: the first op whose result, address or expansion count differs,\n"
		"and the end-of-run metrics that differ.  Expectations are not enforced.\n"
		"\n"
		"  --modes a,b      address modes to compare in (pasid, iova, carveout;\n"
		"                   default: the scenario's)\n"
		"  --devices x,y    devices to compare on (npu1, npu4, npu5, npu6;\n"
		"                   default: the scenario's)\n"
		"  --seed N         override the scenario's seed\n"
		"  --html DIR       also write DIR/compare.html: the runs on the same axes,\n"
		"                   the first divergence marked, metrics and heap maps side\n"
		"                   by side (docs/reports.md)\n"
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
	if (o->addr != U64_MAX)
		snprintf(buf, len, "%s, addr %#llx, expansions %u", o->err ? xerrname(o->err) : "ok",
			 (unsigned long long)o->addr, o->expansions);
	else
		snprintf(buf, len, "%s, expansions %u", o->err ? xerrname(o->err) : "ok",
			 o->expansions);
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
	printf("  %-7s %llu ops, expansions %llu (fragmentation-induced %llu), failures %llu, peak committed %s, expectations %u/%u\n",
	       design, (unsigned long long)r->nr_ops,
	       (unsigned long long)r->total.v[RUN_M_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FRAG_EXPANSIONS],
	       (unsigned long long)r->total.v[RUN_M_FAILURES], pc, r->expects_passed,
	       r->nr_expects);
}

/* The --html page's input: every compared run, read back from its JSON report. */
struct html_out {
	struct rpt_input in;
	struct rpt_cmp *cmps;
	size_t n;
};

/* Add the pair @r (both designs) and divergence @d to @h; 0 or -errno. */
static int html_add(struct html_out *h, const struct run_result *r, const struct run_divergence *d)
{
	const struct run_result *pair[SCN_DESIGN_COUNT];
	struct rpt_error err = { 0 };
	struct rpt_cmp *c, *n;
	char *text = NULL;
	size_t len = 0, first = h->in.nruns;
	FILE *mf = open_memstream(&text, &len);
	int ret;

	for (int i = 0; i < SCN_DESIGN_COUNT; i++)
		pair[i] = &r[i];
	if (!mf)
		return -errno;
	ret = rpt_run_report_write(mf, pair, SCN_DESIGN_COUNT);
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
	c->a = first;
	c->b = first + 1;
	c->found = d->found;
	if (d->found) {
		const struct run_op *any = d->a ? d->a : d->b;

		c->op = d->op;
		snprintf(c->what, sizeof(c->what), "%s", d->what);
		c->line = any->step->loc.line;
		snprintf(c->instance, sizeof(c->instance), "%s", r[0].instances[any->instance].name);
		snprintf(c->step, sizeof(c->step), "%s", scn_op_name(any->step->op));
		describe(&r[SCN_DESIGN_HEAD], d->a, c->desc_a, sizeof(c->desc_a));
		describe(&r[SCN_DESIGN_PR1233], d->b, c->desc_b, sizeof(c->desc_b));
	}
	return 0;
}

/* DIR/compare.html (DIR created if needed), all or nothing; an exit status. */
static int html_write(const struct html_out *h, const char *dir)
{
	char path[4096];
	struct xout out;
	bool made = false;
	int ret = snprintf(path, sizeof(path), "%s/compare.html", dir) >= (int)sizeof(path) ?
		  -ENAMETOOLONG : rpt_html_mkdir(dir, &made);

	ret = ret ?: xout_open(&out, path);
	if (!ret) {
		ret = rpt_compare_html_dump(&h->in, h->cmps, h->n, out.f);
		if (ret)
			xout_abort(&out);
		else
			ret = xout_commit(&out);
	}
	if (ret && made)
		rmdir(dir);
	return ret ? cli_output_error("compare", path, ret) : XS_EXIT_OK;
}

static int compare_one(const struct scn *s, struct run_opts *o, const char *device,
		       enum scn_mode mode, struct html_out *h)
{
	struct run_result r[SCN_DESIGN_COUNT];
	struct run_divergence d;
	int rc = XS_EXIT_OK;

	o->device = device;
	o->has_mode = true;
	o->mode = mode;
	o->has_design = true;
	for (int i = 0; i < SCN_DESIGN_COUNT; i++) {
		o->design = (enum scn_design)i;
		run_scenario(s, o, &r[i]);
	}
	printf("== %s: device %s, mode %s, seed %llu\n", s->name, device, scn_mode_name(mode),
	       (unsigned long long)r[0].seed);
	for (int i = 0; i < SCN_DESIGN_COUNT; i++) {
		if (r[i].status == RUN_ERROR) {
			fprintf(stderr, "xdnasim compare: %s\n", r[i].error);
			rc = XS_EXIT_USAGE;
		}
	}
	if (rc == XS_EXIT_OK && !run_compare(&r[SCN_DESIGN_HEAD], &r[SCN_DESIGN_PR1233], &d)) {
		print_side("head", &r[SCN_DESIGN_HEAD]);
		print_side("pr1233", &r[SCN_DESIGN_PR1233]);
		if (!d.found) {
			printf("  no divergence: every op has the same result, address and expansions\n");
		} else {
			const struct run_op *any = d.a ? d.a : d.b;
			char x[96], y[96];

			describe(&r[SCN_DESIGN_HEAD], d.a, x, sizeof(x));
			describe(&r[SCN_DESIGN_PR1233], d.b, y, sizeof(y));
			printf("  first divergence (%s) at op %llu: %s, %s line %u\n", d.what,
			       (unsigned long long)d.op,
			       r[0].instances[any->instance].name, scn_op_name(any->step->op),
			       any->step->loc.line);
			printf("    head:   %s\n    pr1233: %s\n", x, y);
		}
		print_metric_diffs(&r[SCN_DESIGN_HEAD], &r[SCN_DESIGN_PR1233]);
		if (h && html_add(h, r, &d)) {
			fprintf(stderr, "xdnasim compare: --html: cannot build the page's input\n");
			rc = XS_EXIT_USAGE;
		}
	}
	for (int i = 0; i < SCN_DESIGN_COUNT; i++)
		run_result_free(&r[i]);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "modes", required_argument, NULL, 'm' },
		{ "devices", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "html", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *modes[MAX_LIST], *devices[MAX_LIST];
	char *mode_arg = NULL, *dev_arg = NULL;
	const char *html_dir = NULL;
	struct html_out h = { 0 };
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
		} else if (opt == 'H') {
			html_dir = optarg;
		} else if (opt == 's' && !parse_u64(optarg, &o.seed)) {
			o.has_seed = true;
		} else {
			fprintf(stderr, "xdnasim compare: bad or unknown option '%s' (see --help)\n",
				argv[optind - 1]);
			return XS_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "xdnasim compare: expected exactly one SCENARIO (see --help)\n");
		return XS_EXIT_USAGE;
	}
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
	if (scn_load_file(argv[optind], run_vocab(), &s, &err)) {
		fprintf(stderr, "xdnasim compare: %s\n", err.text);
		return XS_EXIT_USAGE;
	}
	if (html_dir && rpt_input_init(&h.in, NULL)) {
		fprintf(stderr, "xdnasim compare: out of memory\n");
		scn_free(s);
		return XS_EXIT_USAGE;
	}
	if (!nd)
		devices[nd++] = s->device;
	if (!nm)
		modes[nm++] = scn_mode_name(s->mode);
	for (int d = 0; d < nd && rc == XS_EXIT_OK; d++) {
		for (int m = 0; m < nm && rc == XS_EXIT_OK; m++) {
			enum scn_mode mode;

			run_parse_mode(modes[m], &mode);
			rc = compare_one(s, &o, devices[d], mode, html_dir ? &h : NULL);
		}
	}
	if (html_dir && rc == XS_EXIT_OK)
		rc = html_write(&h, html_dir);
	if (html_dir)
		rpt_input_fini(&h.in);
	free(h.cmps);
	scn_free(s);
	return rc;
}
