// SPDX-License-Identifier: MIT
/*
 * html_index.c - `report --html DIR`: DIR/index.html, the coverage page
 * (table of contents; the runs with their verdicts, each linked to its run
 * page; the ledger per class with totals, a legend and a heatmap of keys x
 * runs; the code coverage per module when lcov data was given), and one
 * DIR/run-N.html per run (html_run.c).
 */
#include "reports/html_priv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/output.h"
#include "reports/rpt_priv.h"

/* Heatmap columns drawn per run; beyond it only the all-runs column. */
#define MAX_COLS 60
#define CW 14
#define RH 12
#define LW 330

static const char defs[] =
	"<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
	"<pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
	"patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#fde0dc\"/>"
	"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#c0392b\" stroke-width=\"1.6\"/>"
	"</pattern><pattern id=\"dots\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">"
	"<rect width=\"4\" height=\"4\" fill=\"#eee\"/><circle cx=\"2\" cy=\"2\" r=\"0.9\" "
	"fill=\"#777\"/></pattern></defs></svg>\n";

/* Hit-count shade: 1, 2-9, 10-99, 100+. */
static int shade(u64 n)
{
	return n >= 100 ? 3 : n >= 10 ? 2 : n >= 2 ? 1 : 0;
}

static const char *cell_class(const struct sim_lkey *k, u64 n, char *buf, size_t len)
{
	if (k->unreachable)
		return n ? "unreach-hit" : "unreach";
	if (!n)
		return "miss";
	snprintf(buf, len, "hit%d", shade(n));
	return buf;
}

static void runs_table(FILE *f, const struct rpt_input *in)
{
	char name[64], pc[32];

	fputs("<section id=\"runs\"><h2>Runs</h2>\n<table><tr><th>#</th><th>scenario</th>"
	      "<th>revision</th><th>mode</th><th>device</th><th>seed</th><th>verdict</th>"
	      "<th>ops</th><th>expansions</th><th>failed calls</th><th>peak committed</th></tr>\n", f);
	for (size_t i = 0; i < in->nruns; i++) {
		const struct rpt_run *r = &in->runs[i];

		h_run_page_name(name, sizeof(name), i);
		fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
		if (!r->error)
			fprintf(f, "<a href=\"%s\">", name);
		h_esc(f, r->name);
		fprintf(f, "%s</td>", r->error ? "" : "</a>");
		if (r->error) {
			fputs("<td colspan=\"5\"></td><td><span class=\"verdict error\">&#9888; ERROR"
			      "</span></td><td colspan=\"4\">the scenario could not run</td></tr>\n", f);
			continue;
		}
		h_bytes(pc, sizeof(pc), r->peak_committed);
		fprintf(f, "<td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%llu</td><td>", r->rev,
			r->mode, r->device, (unsigned long long)r->seed);
		h_verdict(f, r);
		fprintf(f, "</td><td class=\"n\">%llu</td><td class=\"n\">"
			"%llu</td><td class=\"n\">%llu</td><td class=\"n\">%s</td></tr>\n",
			(unsigned long long)r->page.ops_total, (unsigned long long)r->expansions,
			(unsigned long long)r->page.failures, pc);
	}
	fputs("</table></section>\n", f);
}

struct cls_tot {
	size_t keys, hit, miss, unreach, unreach_hit;
};

static void class_totals(const struct rpt_input *in, struct cls_tot *t, u64 *all)
{
	const struct sim_ledger *l = &in->ledger;

	memset(t, 0, SIM_LK_NR * sizeof(*t));
	for (size_t k = 0; k < l->n; k++) {
		struct cls_tot *c = &t[l->keys[k].cls < SIM_LK_NR ? l->keys[k].cls : 0];

		all[k] = 0;
		for (size_t i = 0; i < in->nruns; i++)
			all[k] += in->runs[i].hits[k];
		c->keys++;
		if (l->keys[k].unreachable)
			*(all[k] ? &c->unreach_hit : &c->unreach) += 1;
		else
			*(all[k] ? &c->hit : &c->miss) += 1;
	}
}

static void legend(FILE *f)
{
	static const struct { const char *cls, *text; } items[] = {
		{ "hit0", "hit once" }, { "hit1", "hit 2\xe2\x80\x93" "9 times" },
		{ "hit2", "10\xe2\x80\x93" "99" }, { "hit3", "100 or more" },
		{ "miss", "never hit (hatched)" }, { "unreach", "unreachable (dotted)" },
		{ "unreach-hit", "unreachable but hit: the declaration is wrong" },
	};

	fputs("<p class=\"legend\">", f);
	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		fprintf(f, "<svg width=\"16\" height=\"12\" aria-hidden=\"true\"><rect class=\"cell %s\" "
			"width=\"16\" height=\"12\" stroke=\"#666\" stroke-width=\".5\"/></svg> %s &nbsp; ",
			items[i].cls, items[i].text);
	fputs("</p>\n", f);
}

static void class_heatmap(FILE *f, const struct rpt_input *in, unsigned int cls, const u64 *all,
			  const struct cls_tot *t)
{
	const struct sim_ledger *l = &in->ledger;
	size_t ncol = in->nruns <= MAX_COLS ? in->nruns : 0, rows = t->keys;
	int w = LW + CW * (int)(ncol + 1) + 40, h = RH * (int)rows + 40;
	const char *cname = sim_lkey_class_name(cls);
	char buf[16];
	int y = 30;

	fprintf(f, "<h3 id=\"ledger-%s\">%s: %zu keys \xe2\x80\x94 %zu hit, %zu never hit, "
		"%zu unreachable%s</h3>\n", cname, cname, t->keys, t->hit, t->miss, t->unreach,
		t->unreach_hit ? ", UNREACHABLE BUT HIT" : "");
	fprintf(f, "<svg class=\"chart ledger-heatmap\" data-class=\"%s\" role=\"img\" "
		"viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title>ledger class %s: %zu keys, "
		"%zu hit, %zu never hit, %zu unreachable</title>", cname, w, h, w, h, cname, t->keys,
		t->hit, t->miss, t->unreach);
	for (size_t i = 0; i < ncol; i++)
		fprintf(f, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"9\">%zu</text>",
			LW + CW * (int)i + CW / 2, i + 1);
	fprintf(f, "<text x=\"%d\" y=\"24\" font-size=\"9\">all</text>", LW + CW * (int)ncol + 2);
	for (size_t k = 0; k < l->n; k++) {
		const struct sim_lkey *key = &l->keys[k];

		if (key->cls != cls)
			continue;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\">", LW - 4,
			y + RH - 3);
		h_esc(f, key->name);
		fputs("</text>", f);
		/* the row as never hit / unreachable, then a cell per run that hit it */
		if (ncol) {
			fprintf(f, "<rect class=\"cell %s row\" x=\"%d\" y=\"%d\" width=\"%d\" "
				"height=\"%d\"><title>", key->unreachable ? "unreach" : "miss", LW, y,
				CW * (int)ncol - 1, RH - 1);
			h_esc(f, key->name);
			fputs(key->unreachable ? ": unreachable (" : ": not hit by the runs of this row",
			      f);
			if (key->unreachable) {
				h_esc(f, key->unreachable);
				fputs(")", f);
			}
			fputs("</title></rect>", f);
		}
		for (size_t i = 0; i <= ncol; i++) {
			u64 n = i < ncol ? in->runs[i].hits[k] : all[k];

			if (i < ncol && !n)
				continue;
			fprintf(f, "<rect class=\"cell %s%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
				"height=\"%d\"><title>", cell_class(key, n, buf, sizeof(buf)),
				i == ncol ? " total" : "", LW + CW * (int)i + (i == ncol ? 4 : 0), y,
				CW - 1, RH - 1);
			h_esc(f, key->name);
			fputs(" / ", f);
			h_esc(f, i < ncol ? in->runs[i].name : "all runs");
			fprintf(f, ": %llu", (unsigned long long)n);
			if (key->unreachable) {
				fputs(" (unreachable: ", f);
				h_esc(f, key->unreachable);
				fputs(")", f);
			}
			fputs("</title></rect>", f);
		}
		y += RH;
	}
	fputs("</svg>\n", f);
}

static void ledger_section(FILE *f, const struct rpt_input *in)
{
	struct cls_tot t[SIM_LK_NR];
	u64 *all = calloc(in->ledger.n + 1, sizeof(u64));
	struct cls_tot sum = { 0 };

	if (!all)
		return;
	class_totals(in, t, all);
	fputs("<section id=\"ledger\"><h2>Coverage ledger</h2>\n<table><tr><th>class</th>"
	      "<th>keys</th><th>hit</th><th>never hit</th><th>unreachable</th>"
	      "<th>unreachable but hit</th><th>reachable keys hit</th></tr>\n", f);
	for (unsigned int c = 0; c < SIM_LK_NR; c++) {
		size_t reach = t[c].hit + t[c].miss;

		fprintf(f, "<tr><td><a href=\"#ledger-%s\">%s</a></td><td class=\"n\">%zu</td>"
			"<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
			"<td class=\"n\">%zu</td><td><span class=\"meter-bg\"><span class=\"meter\" "
			"style=\"width:%dpx\"></span></span> %.1f%%</td></tr>\n",
			sim_lkey_class_name(c), sim_lkey_class_name(c), t[c].keys, t[c].hit, t[c].miss,
			t[c].unreach, t[c].unreach_hit,
			(int)lround(reach ? 120.0 * (double)t[c].hit / (double)reach : 0),
			reach ? 100.0 * (double)t[c].hit / (double)reach : 0.0);
		sum.keys += t[c].keys;
		sum.hit += t[c].hit;
		sum.miss += t[c].miss;
		sum.unreach += t[c].unreach;
		sum.unreach_hit += t[c].unreach_hit;
	}
	fprintf(f, "<tr><th>all</th><th class=\"n\">%zu</th><th class=\"n\">%zu</th>"
		"<th class=\"n\">%zu</th><th class=\"n\">%zu</th><th class=\"n\">%zu</th><th></th>"
		"</tr></table>\n", sum.keys, sum.hit, sum.miss, sum.unreach, sum.unreach_hit);
	legend(f);
	fprintf(f, "<p class=\"note\">%s</p>\n", in->nruns <= MAX_COLS ?
		"In each heatmap a column is a run (its # in the runs table) and \"all\" sums every "
		"run; hover a cell for its count." :
		"Too many runs for a column each: the heatmaps show all runs summed.");
	for (unsigned int c = 0; c < SIM_LK_NR; c++)
		if (t[c].keys)
			class_heatmap(f, in, c, all, &t[c]);
	fputs("</section>\n", f);
	free(all);
}

static void pct_cell(FILE *f, u64 hit, u64 found)
{
	double p = found ? 100.0 * (double)hit / (double)found : 100.0;

	fprintf(f, "<td class=\"n\">%llu / %llu</td><td><span class=\"meter-bg\"><span "
		"class=\"meter\" style=\"width:%dpx\"></span></span> %.1f%%</td>",
		(unsigned long long)hit, (unsigned long long)found, (int)lround(1.2 * p), p);
}

static void code_section(FILE *f, const struct rpt_input *in)
{
	struct rpt_module *mods = NULL;
	struct lcov_summary tot;
	int n;

	fputs("<section id=\"code\"><h2>Code coverage</h2>\n", f);
	if (!in->has_lcov) {
		fputs("<p>No lcov tracefile was given (<code>--lcov FILE</code>; <code>make "
		      "coverage</code> makes one).</p></section>\n", f);
		return;
	}
	n = rpt__modules(in, &mods, &tot);
	fputs("<p class=\"note\">From <code>", f);
	h_esc(f, in->lcov_path);
	fputs("</code>, per module (first directory of the source path).</p>\n<table><tr>"
	      "<th>module</th><th>lines</th><th></th><th>functions</th><th></th><th>branches</th>"
	      "<th></th></tr>\n", f);
	for (int m = 0; m <= n && n >= 0; m++) {
		const struct lcov_summary *s = m < n ? &mods[m].s : &tot;

		fputs(m < n ? "<tr><td>" : "<tr><th>", f);
		h_esc(f, m < n ? mods[m].name : "all");
		fputs(m < n ? "</td>" : "</th>", f);
		pct_cell(f, s->lines_hit, s->lines_found);
		pct_cell(f, s->fns_hit, s->fns_found);
		pct_cell(f, s->brs_hit, s->brs_found);
		fputs("</tr>\n", f);
	}
	fputs("</table></section>\n", f);
	free(mods);
}

int rpt_html_dump(const struct rpt_input *in, FILE *f)
{
	size_t npass = 0, nx = 0;

	for (size_t i = 0; i < in->nruns; i++) {
		npass += in->runs[i].passed;
		nx += !strcmp(in->runs[i].status, "xfail") || !strcmp(in->runs[i].status, "xpass");
	}
	h_page_begin(f, "xdnasim report", NULL);
	fputs(defs, f);
	fprintf(f, "<h1>xdnasim report: %zu runs, %zu pass, %zu fail or error", in->nruns, npass,
		in->nruns - npass);
	if (nx)
		fprintf(f, " (%zu XFAIL or XPASS: a declared known bug)", nx);
	fputs("</h1>\n", f);
	fputs("<nav class=\"toc\"><ol><li><a href=\"#runs\">Runs</a> (each links to its page)</li>"
	      "<li><a href=\"#ledger\">Coverage ledger</a>:", f);
	for (unsigned int c = 0; c < SIM_LK_NR; c++)
		fprintf(f, " <a href=\"#ledger-%s\">%s</a>", sim_lkey_class_name(c),
			sim_lkey_class_name(c));
	fputs("</li><li><a href=\"#code\">Code coverage</a></li></ol></nav>\n", f);
	runs_table(f, in);
	ledger_section(f, in);
	code_section(f, in);
	h_page_end(f);
	return 0;
}

/* The run behind page @k >= 1: the k-th run that ran. */
static size_t run_of_page(const struct rpt_input *in, size_t k)
{
	for (size_t i = 0; i < in->nruns; i++)
		if (!in->runs[i].error && !--k)
			return i;
	return in->nruns;
}

size_t rpt_html_pages(const struct rpt_input *in)
{
	size_t n = 1;

	for (size_t i = 0; i < in->nruns; i++)
		n += !in->runs[i].error;
	return n;
}

void rpt_html_page_name(const struct rpt_input *in, size_t k, char *buf, size_t len)
{
	if (!k)
		snprintf(buf, len, "index.html");
	else
		h_run_page_name(buf, len, run_of_page(in, k));
}

int rpt_html_page_dump(const struct rpt_input *in, size_t k, FILE *f)
{
	return k ? h_run_page_dump(in, run_of_page(in, k), f) : rpt_html_dump(in, f);
}

int rpt_html_mkdir(const char *dir, bool *made)
{
	*made = !mkdir(dir, 0777);
	if (!*made && errno != EEXIST)
		return -errno;
	return 0;
}

int rpt_html_write(const struct rpt_input *in, const char *dir)
{
	size_t n = rpt_html_pages(in), bad;
	struct xout *out = calloc(n, sizeof(*out));
	char name[64], path[4096];
	bool made;
	int ret = out ? rpt_html_mkdir(dir, &made) : -ENOMEM;

	for (size_t k = 0; k < n && !ret; k++) {
		rpt_html_page_name(in, k, name, sizeof(name));
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
			ret = -ENAMETOOLONG;
		ret = ret ?: xout_open(&out[k], path);
		ret = ret ?: rpt_html_page_dump(in, k, out[k].f);
	}
	ret = ret ?: xout_commit_all(out, n, &bad);
	if (ret) {
		for (size_t k = 0; out && k < n; k++)
			xout_abort(&out[k]);
		if (out && made)
			rmdir(dir);
	}
	free(out);
	return ret;
}
