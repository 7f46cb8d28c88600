// SPDX-License-Identifier: MIT
/*
 * html_compare.c - `compare --html DIR`: DIR/compare.html.  Per comparison
 * (one workload, one device and mode, two or more runs, each under another
 * revision): the first divergence, the end metrics side by side
 * (differences flagged), the runs' committed and live bytes overlaid on
 * the same axes with the divergence marked, each run's events on the same
 * x axis, and each run's heap maps at the same scale.
 */
#include "reports/html_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/run.h"

static const char *const run_cls[] = { "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7" };

/* The name a run goes by on the page: its revision (in older reports its design). */
static const char *label_of(const struct rpt_run *r)
{
	return r->rev;
}

/* One metric of every run (@v[i], formatted), flagged when any differs from the first. */
static void metric_row(FILE *f, const char *name, char (*v)[40], size_t n)
{
	bool diff = false;

	for (size_t i = 1; i < n; i++)
		diff = diff || strcmp(v[0], v[i]);
	fprintf(f, "<tr><td>%s</td>", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "<td class=\"n\">%s%s%s</td>", diff ? "<b>" : "", v[i], diff ? "</b>" : "");
	fprintf(f, "<td>%s</td></tr>\n", diff ? "&ne; differs" : "same");
}

enum cmp_metric { CM_OPS, CM_EXP, CM_FRAG, CM_OOM, CM_FAILS, CM_PEAK_C, CM_PEAK_L, CM_WASTE,
		  CM_EXPECT, CM_VERDICT, CM_COUNT };

static const char *const cmp_metric_name[CM_COUNT] = {
	"ops", "expansions", "fragmentation-induced expansions", "premature OOM", "failed calls",
	"peak committed", "peak live", "alignment waste", "expectations held", "verdict",
};

static void metric_value(const struct rpt_run *r, enum cmp_metric m, char *buf, size_t len)
{
	switch (m) {
	case CM_OPS: snprintf(buf, len, "%llu", (unsigned long long)r->page.ops_total); break;
	case CM_EXP: snprintf(buf, len, "%llu", (unsigned long long)r->expansions); break;
	case CM_FRAG: snprintf(buf, len, "%llu", (unsigned long long)r->frag_expansions); break;
	case CM_OOM: snprintf(buf, len, "%llu", (unsigned long long)r->premature_oom); break;
	case CM_FAILS: snprintf(buf, len, "%llu", (unsigned long long)r->page.failures); break;
	case CM_PEAK_C: h_bytes(buf, len, r->peak_committed); break;
	case CM_PEAK_L: h_bytes(buf, len, r->peak_live); break;
	case CM_WASTE: h_bytes(buf, len, r->align_waste); break;
	case CM_EXPECT:
		snprintf(buf, len, "%u/%u", r->exp_passed, r->exp_passed + r->exp_failed);
		break;
	default: snprintf(buf, len, "%s", r->error ? "error" : r->status); break;
	}
}

static void metrics_table(FILE *f, const struct rpt_input *in, const struct rpt_cmp *d)
{
	char v[RPT_CMP_RUNS_MAX][40];

	fputs("<table><tr><th>at the end</th>", f);
	for (size_t i = 0; i < d->nruns; i++) {
		fputs("<th>", f);
		h_esc(f, label_of(&in->runs[d->run[i]]));
		fputs("</th>", f);
	}
	fputs("<th></th></tr>\n", f);
	for (int m = 0; m < CM_COUNT; m++) {
		for (size_t i = 0; i < d->nruns; i++)
			metric_value(&in->runs[d->run[i]], (enum cmp_metric)m, v[i], sizeof(v[i]));
		metric_row(f, cmp_metric_name[m], v, d->nruns);
	}
	fputs("</table>\n", f);
}

/* Committed and live bytes of every run, summed over clients, on one chart. */
static void overlay(FILE *f, const struct rpt_input *in, const size_t *runs, size_t n, double x1,
		    const char *cursor, size_t k)
{
	struct h_col *cols = calloc(2 * n * HCOLS + 1, sizeof(*cols));
	struct h_chart c;
	double ymax = 1;
	char id[32], lab[96];

	if (!cols)
		return;
	for (size_t i = 0; i < n; i++) {
		h_downsample(&in->runs[runs[i]].page, U32_MAX, HQ_COMMITTED, false, 0, x1,
			     cols + 2 * i * HCOLS);
		h_downsample(&in->runs[runs[i]].page, U32_MAX, HQ_LIVE, false, 0, x1,
			     cols + (2 * i + 1) * HCOLS);
		ymax = h_col_max(cols + 2 * i * HCOLS, ymax);
		ymax = h_col_max(cols + (2 * i + 1) * HCOLS, ymax);
	}
	snprintf(id, sizeof(id), "cmp-%zu-bytes", k);
	h_chart_begin(&c, f, "compare-bytes", id, "Committed (solid) and live (thin) bytes of each "
		      "run, all clients summed, on the same axes; red line: first divergence",
		      "Committed and live bytes of the compared runs over scenario ops", 260);
	c.x1 = x1;
	c.y1 = ymax * 1.05;
	c.xk = HA_OP;
	c.yk = HA_BYTES;
	h_xaxis(&c, "scenario op");
	h_yaxis(&c, "bytes");
	fputs(cursor, f);
	for (size_t i = 0; i < n; i++) {
		const struct rpt_run *r = &in->runs[runs[i]];

		snprintf(lab, sizeof(lab), "committed (%s)", label_of(r));
		h_series(&c, cols + 2 * i * HCOLS, run_cls[i % 8], lab);
		snprintf(lab, sizeof(lab), "live (%s)", label_of(r));
		fprintf(f, "<g opacity=\"0.6\">");
		h_series(&c, cols + (2 * i + 1) * HCOLS, run_cls[i % 8], lab);
		fputs("</g>", f);
	}
	fputs("</svg><div class=\"note\">", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "<svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line class=\"line %s\" "
			"x1=\"2\" y1=\"5\" x2=\"32\" y2=\"5\"/></svg> ", run_cls[i % 8]);
		h_esc(f, label_of(&in->runs[runs[i]]));
		fputs(" &nbsp; ", f);
	}
	fputs("</div></figure>\n", f);
	free(cols);
}

static void comparison(FILE *f, const struct rpt_input *in, const struct rpt_cmp *d, size_t k)
{
	const struct rpt_run *a = &in->runs[d->run[0]];
	struct h_moment at = { d->op, U64_MAX };
	double x1 = 1;
	char *cur;
	char id[32], title[160];

	for (size_t i = 0; i < d->nruns; i++)
		x1 = h_op_domain(&in->runs[d->run[i]]) > x1 ? h_op_domain(&in->runs[d->run[i]]) : x1;
	cur = d->found ? h_cursor_svg(a, false, x1, &at, 1, "diverge") : NULL;
	fprintf(f, "<section class=\"comparison\" id=\"cmp-%zu\"><h2>", k);
	h_esc(f, a->name);
	fprintf(f, ": device %s, mode %s, seed %llu \xe2\x80\x94 ", a->device, a->mode,
		(unsigned long long)a->seed);
	for (size_t i = 0; i < d->nruns; i++) {
		fputs(i ? " vs " : "", f);
		h_esc(f, label_of(&in->runs[d->run[i]]));
	}
	fputs("</h2>\n", f);
	if (d->found) {
		fprintf(f, "<p class=\"divergence\"><span class=\"verdict fail\">&ne; diverge</span> "
			"First divergence (%s) at <a href=\"#cmp-%zu-bytes\">op %llu</a>: ", d->what, k,
			(unsigned long long)d->op);
		h_where(f, a, d->line, 0);
		fputs(" ", f);
		h_esc(f, d->step);
		fputs(" [", f);
		h_esc(f, d->instance);
		fputs("]", f);
		for (size_t i = 0; i < d->nruns; i++) {
			fputs("<br>", f);
			h_esc(f, label_of(&in->runs[d->run[i]]));
			fputs(": ", f);
			h_esc(f, d->desc[i]);
		}
		fputs("</p>\n", f);
	} else {
		fputs("<p class=\"divergence\"><span class=\"verdict pass\">= same</span> No divergence: "
		      "every op has the same result, address, expansions and job outcome.</p>\n", f);
	}
	metrics_table(f, in, d);
	overlay(f, in, d->run, d->nruns, x1, cur ? cur : "", k);
	for (size_t i = 0; i < d->nruns; i++) {
		const struct rpt_run *r = &in->runs[d->run[i]];

		snprintf(id, sizeof(id), "cmp-%zu-%zu", k, i);
		snprintf(title, sizeof(title), "Events of %s (same x axis)", label_of(r));
		h_events_chart(f, r, false, id, x1, cur ? cur : "", title);
	}
	/* each run's heap at its peak, its expansions and its end, at the same scale */
	for (size_t i = 0; i < d->nruns; i++) {
		const struct rpt_run *r = &in->runs[d->run[i]];
		size_t shown = 0;

		fputs("<h3>Heap maps of ", f);
		h_esc(f, label_of(r));
		fputs("</h3>\n", f);
		for (size_t m = 0; m < r->page.nmaps && shown < 6; m++, shown++)
			h_map_figure(f, r, &r->page.maps[m], 1000 * (k + 1) + 100 * i + m);
		if (!r->page.nmaps)
			fputs("<p>No heap maps.</p>\n", f);
	}
	fputs("</section>\n", f);
	free(cur);
}

int rpt_compare_html_dump(const struct rpt_input *in, const struct rpt_cmp *cmps, size_t n,
			  FILE *f)
{
	h_page_begin(f, "xdnasim compare", NULL);
	fputs("<h1>xdnasim compare</h1>\n<nav class=\"toc\"><ol>", f);
	for (size_t k = 0; k < n; k++) {
		const struct rpt_run *a = &in->runs[cmps[k].run[0]];

		fprintf(f, "<li><a href=\"#cmp-%zu\">", k);
		h_esc(f, a->name);
		fprintf(f, " (%s / %s): %s</a></li>", a->device, a->mode,
			cmps[k].found ? "diverge" : "same");
	}
	fputs("</ol></nav>\n", f);
	for (size_t k = 0; k < n; k++)
		comparison(f, in, &cmps[k], k);
	h_page_end(f);
	return 0;
}
