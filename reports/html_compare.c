// SPDX-License-Identifier: MIT
/*
 * html_compare.c - `compare --html DIR`: DIR/compare.html.  Per comparison
 * (one workload, one device and mode, two or more runs): the first
 * divergence, the end metrics side by side (differences flagged), the
 * runs' committed and live bytes overlaid on the same axes with the
 * divergence marked, each run's events on the same x axis, and each run's
 * heap map at peak live at the same scale.
 */
#include "reports/html_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/run.h"

static const char *const run_cls[] = { "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7" };

static void label_of(const struct rpt_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s", r->design);
}

static void metric_row(FILE *f, const char *name, const char *a, const char *b)
{
	bool diff = strcmp(a, b) != 0;

	fprintf(f, "<tr><td>%s</td><td class=\"n\">%s%s%s</td><td class=\"n\">%s%s%s</td><td>%s"
		"</td></tr>\n", name, diff ? "<b>" : "", a, diff ? "</b>" : "", diff ? "<b>" : "", b,
		diff ? "</b>" : "", diff ? "&ne; differs" : "same");
}

static void metrics_table(FILE *f, const struct rpt_run *a, const struct rpt_run *b)
{
	char x[40], y[40], la[32], lb[32];

	label_of(a, la, sizeof(la));
	label_of(b, lb, sizeof(lb));
	fprintf(f, "<table><tr><th>at the end</th><th>%s</th><th>%s</th><th></th></tr>\n", la, lb);
#define ROW_U(name, field) do { \
		snprintf(x, sizeof(x), "%llu", (unsigned long long)(a->field)); \
		snprintf(y, sizeof(y), "%llu", (unsigned long long)(b->field)); \
		metric_row(f, name, x, y); \
	} while (0)
#define ROW_B(name, field) do { \
		h_bytes(x, sizeof(x), a->field); \
		h_bytes(y, sizeof(y), b->field); \
		metric_row(f, name, x, y); \
	} while (0)
	ROW_U("ops", page.ops_total);
	ROW_U("expansions", expansions);
	ROW_U("fragmentation-induced expansions", frag_expansions);
	ROW_U("premature OOM", premature_oom);
	ROW_U("failed calls", page.failures);
	ROW_B("peak committed", peak_committed);
	ROW_B("peak live", peak_live);
	ROW_B("alignment waste", align_waste);
	snprintf(x, sizeof(x), "%u/%u", a->exp_passed, a->exp_passed + a->exp_failed);
	snprintf(y, sizeof(y), "%u/%u", b->exp_passed, b->exp_passed + b->exp_failed);
	metric_row(f, "expectations held", x, y);
#undef ROW_U
#undef ROW_B
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

		snprintf(lab, sizeof(lab), "committed (%s)", r->design);
		h_series(&c, cols + 2 * i * HCOLS, run_cls[i % 8], lab);
		snprintf(lab, sizeof(lab), "live (%s)", r->design);
		fprintf(f, "<g opacity=\"0.6\">");
		h_series(&c, cols + (2 * i + 1) * HCOLS, run_cls[i % 8], lab);
		fputs("</g>", f);
	}
	fputs("</svg><div class=\"note\">", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "<svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line class=\"line %s\" "
			"x1=\"2\" y1=\"5\" x2=\"32\" y2=\"5\"/></svg> ", run_cls[i % 8]);
		h_esc(f, in->runs[runs[i]].design);
		fputs(" &nbsp; ", f);
	}
	fputs("</div></figure>\n", f);
	free(cols);
}

static void comparison(FILE *f, const struct rpt_input *in, const struct rpt_cmp *d, size_t k)
{
	const struct rpt_run *a = &in->runs[d->a], *b = &in->runs[d->b];
	size_t runs[2] = { d->a, d->b };
	double x1 = h_op_domain(a) > h_op_domain(b) ? h_op_domain(a) : h_op_domain(b);
	struct h_moment at = { d->op, U64_MAX };
	char *cur = d->found ? h_cursor_svg(a, false, x1, &at, 1, "diverge") : NULL;
	char id[32], title[160];

	fprintf(f, "<section class=\"comparison\" id=\"cmp-%zu\"><h2>", k);
	h_esc(f, a->name);
	fprintf(f, ": device %s, mode %s, seed %llu \xe2\x80\x94 %s vs %s</h2>\n", a->device, a->mode,
		(unsigned long long)a->seed, a->design, b->design);
	if (d->found) {
		fprintf(f, "<p class=\"divergence\"><span class=\"verdict fail\">&ne; diverge</span> "
			"First divergence (%s) at <a href=\"#cmp-%zu-bytes\">op %llu</a>: ", d->what, k,
			(unsigned long long)d->op);
		h_where(f, a, d->line, 0);
		fputs(" ", f);
		h_esc(f, d->step);
		fputs(" [", f);
		h_esc(f, d->instance);
		fprintf(f, "]<br>%s: ", a->design);
		h_esc(f, d->desc_a);
		fprintf(f, "<br>%s: ", b->design);
		h_esc(f, d->desc_b);
		fputs("</p>\n", f);
	} else {
		fputs("<p class=\"divergence\"><span class=\"verdict pass\">= same</span> No divergence: "
		      "every op has the same result, address and expansions.</p>\n", f);
	}
	metrics_table(f, a, b);
	overlay(f, in, runs, 2, x1, cur ? cur : "", k);
	for (size_t i = 0; i < 2; i++) {
		const struct rpt_run *r = &in->runs[runs[i]];

		snprintf(id, sizeof(id), "cmp-%zu-%zu", k, i);
		snprintf(title, sizeof(title), "Events of %s (same x axis)", r->design);
		h_events_chart(f, r, false, id, x1, cur ? cur : "", title);
	}
	/* each run's heap at its peak, its expansions and its end, at the same scale */
	for (size_t i = 0; i < 2; i++) {
		const struct rpt_run *r = &in->runs[runs[i]];
		size_t shown = 0;

		fprintf(f, "<h3>Heap maps of %s</h3>\n", r->design);
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
	fprintf(f, "<h1>xdnasim compare: ");
	h_esc(f, n && in->nruns ? in->runs[cmps[0].a].name : "");
	fprintf(f, "</h1>\n<nav class=\"toc\"><ol>");
	for (size_t k = 0; k < n; k++)
		fprintf(f, "<li><a href=\"#cmp-%zu\">%s / %s: %s</a></li>", k,
			in->runs[cmps[k].a].device, in->runs[cmps[k].a].mode,
			cmps[k].found ? "diverge" : "same");
	fputs("</ol></nav>\n", f);
	for (size_t k = 0; k < n; k++)
		comparison(f, in, &cmps[k], k);
	h_page_end(f);
	return 0;
}
