// SPDX-License-Identifier: MIT
/*
 * html_run.c - one run's page (docs/reports.md "The run page"): the
 * verdict and the failure list (scenario FILE:LINE, linked to the moment
 * in the charts), the timeline on one shared x axis for every client (by
 * scenario op or by simulated time, picked with two radio buttons and CSS
 * only): events as marks, phases as bands, committed and live bytes per
 * client and summed, fragmentation, alignment waste and search cost over
 * time; then the heap maps and the hole-size histogram (html_maps.c).
 */
#include "reports/html_priv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "scenarios/run.h"

/* Mark shapes: lifecycle circle, expansion triangle, failure diamond, power square. */
static const struct {
	char letter;
	char shape;	/* c, t, d, s */
	const char *label;
} mark_style[RUN_MARK_COUNT] = {
	[RUN_MARK_OPEN] = { 'O', 'c', "open" },
	[RUN_MARK_CLOSE] = { 'C', 'c', "close" },
	[RUN_MARK_EXPANSION] = { 'E', 't', "expansion" },
	[RUN_MARK_FAILURE] = { 'X', 'd', "failed call" },
	[RUN_MARK_FAULT] = { 'I', 'd', "injected fault" },
	[RUN_MARK_TDR] = { 'T', 's', "TDR" },
	[RUN_MARK_SUSPEND] = { 'S', 's', "suspend" },
	[RUN_MARK_RESUME] = { 'R', 's', "resume" },
	[RUN_MARK_POWER_CYCLE] = { 'P', 's', "power cycle" },
	[RUN_MARK_VIOLATION] = { '!', 'd', "violation" },
};

static const char *inst_name(const struct rpt_run *r, u32 i)
{
	return i < r->ninst ? r->inst[i] : "(device)";
}

/* Simulated time of op @op: the last series row at or before it. */
static u64 time_of_op(const struct rpt_page *p, u64 op)
{
	size_t lo = 0, hi = p->nops;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->ops[mid].op <= op)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? p->ops[lo - 1].time_ns : 0;
}

static void mark_symbol(FILE *f, int kind, double x, double y)
{
	fprintf(f, "<g class=\"mk k-%s\" transform=\"translate(%.1f,%.1f)\">",
		run_mark_kind_name((enum run_mark_kind)kind), x, y);
	switch (mark_style[kind].shape) {
	case 't': fputs("<path d=\"M0 -7 L7 5 L-7 5 Z\"/>", f); break;
	case 'd': fputs("<path d=\"M0 -7 L7 0 L0 7 L-7 0 Z\"/>", f); break;
	case 's': fputs("<rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\"/>", f); break;
	default: fputs("<circle r=\"6.5\"/>", f);
	}
	fprintf(f, "<text y=\"3.5\">%c</text>", mark_style[kind].letter);
}

/* Marks merged per kind and 8-px group. */
struct mgroup {
	u64 count, first_op, last_op;
	const struct rpt_mark *first;
	u32 ninst;
	u32 inst;
};

#define MGROUP_PX 8
#define NGROUPS (HPW / MGROUP_PX + 1)

void h_events_chart(FILE *f, const struct rpt_run *r, bool by_time, const char *idp, double x1,
		    const char *cursors, const char *title)
{
	const struct rpt_page *p = &r->page;
	bool present[RUN_MARK_COUNT] = { false };
	int rows = 0, row_of[RUN_MARK_COUNT];
	struct h_chart c;
	struct mgroup *g;
	char id[48], alt[160];

	for (size_t i = 0; i < p->nmarks; i++)
		present[p->marks[i].kind] = true;
	for (int k = 0; k < RUN_MARK_COUNT; k++)
		row_of[k] = present[k] ? rows++ : -1;
	snprintf(id, sizeof(id), "%s-events", idp);
	snprintf(alt, sizeof(alt), "Events of the run on the %s axis, one row per kind: %zu marks",
		 by_time ? "simulated-time" : "scenario-op", p->nmarks);
	h_chart_begin(&c, f, "events", id, title ? title :
		      "Events (hover a mark: count, first op, line, client)", alt,
		      HMT + HMB + 20 * (rows ? rows : 1));
	c.x0 = 0;
	c.x1 = x1;
	c.xk = by_time ? HA_TIME : HA_OP;
	h_xaxis(&c, by_time ? "simulated time" : "scenario op");
	if (!rows)
		fprintf(f, "<text x=\"%d\" y=\"%d\">no events recorded</text>", HML + 8, HMT + 14);
	for (int k = 0; k < RUN_MARK_COUNT; k++)
		if (row_of[k] >= 0)
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", HML - 4,
				HMT + 20 * row_of[k] + 14, mark_style[k].label);
	fputs(cursors, f);
	g = calloc((size_t)RUN_MARK_COUNT * NGROUPS, sizeof(*g));
	for (size_t i = 0; g && i < p->nmarks; i++) {
		const struct rpt_mark *m = &p->marks[i];
		double x = h_x(&c, by_time ? (double)m->time_ns : (double)m->op);
		int gi = (int)((x - HML) / MGROUP_PX);
		struct mgroup *e;

		gi = gi < 0 ? 0 : gi >= NGROUPS ? NGROUPS - 1 : gi;
		e = &g[m->kind * NGROUPS + gi];
		if (!e->count) {
			e->first = m;
			e->first_op = m->op;
			e->inst = m->instance;
			e->ninst = 1;
		}
		e->ninst += e->count && m->instance != e->inst;
		e->inst = m->instance;
		e->count += m->count;
		e->last_op = m->last_op > e->last_op ? m->last_op : e->last_op;
	}
	for (int k = 0; g && k < RUN_MARK_COUNT; k++) {
		for (int gi = 0; gi < NGROUPS; gi++) {
			const struct mgroup *e = &g[k * NGROUPS + gi];
			double x = HML + MGROUP_PX * gi + MGROUP_PX / 2.0;

			if (!e->count)
				continue;
			mark_symbol(f, k, x, HMT + 20 * row_of[k] + 10);
			fprintf(f, "<title>%s \xc3\x97%llu, op %llu", mark_style[k].label,
				(unsigned long long)e->count, (unsigned long long)e->first_op);
			if (e->last_op != e->first_op)
				fprintf(f, "\xe2\x80\x93%llu", (unsigned long long)e->last_op);
			fprintf(f, ", first: ");
			h_esc(f, inst_name(r, e->first->instance));
			if (e->first->line)
				fprintf(f, " line %u", e->first->line);
			if (e->first->detail[0]) {
				fputs(" ", f);
				h_esc(f, e->first->detail);
			}
			if (e->ninst > 1)
				fprintf(f, " (and other clients)");
			fputs("</title></g>", f);
			if (e->count > 1)
				fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%llu</text>", x + 7,
					HMT + 20 * row_of[k] + 7, (unsigned long long)e->count);
		}
	}
	free(g);
	h_chart_end(&c, NULL);
}

/* The plot column (2 px) of x value @v. */
static int column(const struct h_chart *c, double v)
{
	int col = (int)floor((h_x(c, v) - HML) / 2);

	return col < 0 ? 0 : col >= HCOLS ? HCOLS - 1 : col;
}

/* One lane per client: alive span, phases as labelled bands. */
static void lanes_chart(FILE *f, const struct rpt_run *r, bool by_time, const char *idp,
			double x1, const char *cursors)
{
	const struct rpt_page *p = &r->page;
	size_t nl = r->ninst < 2 * HMAX_LINES ? r->ninst : 2 * HMAX_LINES;
	struct h_chart c;
	char id[48], alt[200];
	int *ph = malloc(HCOLS * sizeof(int)), *first = malloc((nl + 1) * sizeof(int));
	int *lastc = malloc((nl + 1) * sizeof(int));

	snprintf(id, sizeof(id), "%s-lanes", idp);
	snprintf(alt, sizeof(alt), "Clients and their phases over %s: %zu clients, %zu phases",
		 by_time ? "simulated time" : "scenario ops", r->ninst, p->nphases);
	h_chart_begin(&c, f, "lanes", id, "Clients: alive span and phases", alt,
		      HMT + HMB + 22 * (int)(nl ? nl : 1));
	c.x0 = 0;
	c.x1 = x1;
	c.xk = by_time ? HA_TIME : HA_OP;
	h_xaxis(&c, by_time ? "simulated time" : "scenario op");
	for (size_t l = 0; ph && first && lastc && l < nl; l++) {
		int y = HMT + 22 * (int)l;

		first[l] = -1;
		lastc[l] = -1;
		for (int i = 0; i < HCOLS; i++)
			ph[i] = -1;
		for (size_t i = 0; i < p->nops; i++) {
			const struct rpt_op *o = &p->ops[i];
			int col = column(&c, by_time ? (double)o->time_ns : (double)o->op);

			if (o->instance != l)
				continue;
			first[l] = first[l] < 0 ? col : first[l];
			lastc[l] = col;
		}
		/* the phase spans of this client, column by column (spans never overlap) */
		for (size_t i = 0; i < p->nspans; i++) {
			const struct rpt_span *sp = &p->spans[i];
			int c0, c1;

			if (sp->instance != l)
				continue;
			c0 = column(&c, by_time ? (double)sp->time_ns : (double)sp->op);
			c1 = column(&c, by_time ? (double)sp->end_ns : (double)sp->last_op);
			for (int k = c0; k <= c1; k++)
				ph[k] = (int)sp->phase;
			first[l] = first[l] < 0 || c0 < first[l] ? c0 : first[l];
			lastc[l] = c1 > lastc[l] ? c1 : lastc[l];
		}
		fprintf(f, "<rect class=\"lane\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\"/>", HML, y,
			HPW);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", HML - 4, y + 13);
		h_esc(f, inst_name(r, (u32)l));
		fputs("</text>", f);
		if (first[l] < 0)
			continue;
		fprintf(f, "<rect class=\"alive\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\">"
			"<title>", HML + 2 * first[l], y, 2 * (lastc[l] - first[l] + 1));
		h_esc(f, inst_name(r, (u32)l));
		fputs(" ran ops here</title></rect>", f);
		for (int i = first[l]; i <= lastc[l];) {
			int j = i;

			while (j + 1 <= lastc[l] && ph[j + 1] == ph[i])
				j++;
			if (ph[i] >= 0) {
				int w = 2 * (j - i + 1);

				fprintf(f, "<rect class=\"band p%d\" x=\"%d\" y=\"%d\" width=\"%d\" "
					"height=\"18\"><title>phase ", ph[i] % 6, HML + 2 * i, y, w);
				h_esc(f, p->phases[ph[i]]);
				fputs(" (", f);
				h_esc(f, inst_name(r, (u32)l));
				fputs(")</title></rect>", f);
				if ((size_t)w > 7 * strlen(p->phases[ph[i]]) + 6) {
					fprintf(f, "<text x=\"%d\" y=\"%d\">", HML + 2 * i + 3, y + 13);
					h_esc(f, p->phases[ph[i]]);
					fputs("</text>", f);
				}
			}
			i = j + 1;
		}
	}
	fputs(cursors, f);
	free(ph);
	free(first);
	free(lastc);
	h_chart_end(&c, r->ninst > nl ? "<p class=\"note\">More clients ran than lanes are drawn; "
		    "every client is in the summed charts.</p>" : p->spans_truncated ?
		    "<p class=\"note\">The run report keeps the first 4,096 phase spans: later "
		    "phases are not drawn.</p>" : NULL);
}

static const char *const line_classes[HMAX_LINES] = {
	"q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7",
};

/* A chart of one or more downsampled lines sharing the x axis. */
struct line_spec {
	u32 inst;
	enum h_qty q;
	const char *cls;
	char label[96];
};

static void lines_chart(FILE *f, const struct rpt_run *r, bool by_time, const char *id,
			const char *cls, const char *caption, enum h_axis yk, const char *ytitle,
			const struct line_spec *ls, size_t n, double x1, int height,
			const char *cursors)
{
	struct h_col *cols = calloc(n * HCOLS + 1, sizeof(*cols));
	struct h_chart c;
	char alt[400];
	double ymax = yk == HA_RATIO ? 1.0 : 1.0;
	size_t off;

	if (!cols)
		return;
	for (size_t i = 0; i < n; i++) {
		h_downsample(&r->page, ls[i].inst, ls[i].q, by_time, 0, x1, cols + i * HCOLS);
		ymax = h_col_max(cols + i * HCOLS, ymax);
	}
	if (yk == HA_RATIO)
		ymax = 1.0;
	off = (size_t)snprintf(alt, sizeof(alt), "%s; largest value ", caption);
	h_tick_label(alt + off, sizeof(alt) - off, yk, ymax, 1);
	h_chart_begin(&c, f, cls, id, caption, alt, height);
	c.x0 = 0;
	c.x1 = x1;
	c.y0 = 0;
	c.y1 = ymax * (yk == HA_RATIO ? 1.0 : 1.05);
	c.xk = by_time ? HA_TIME : HA_OP;
	c.yk = yk;
	h_xaxis(&c, by_time ? "simulated time" : "scenario op");
	h_yaxis(&c, ytitle);
	fputs(cursors, f);
	for (size_t i = 0; i < n; i++)
		(ls[i].q == HQ_SEARCH_PER_OP ? h_bars : h_series)(&c, cols + i * HCOLS, ls[i].cls,
								   ls[i].label);
	free(cols);
	if (n > 1) {
		fputs("</svg><div class=\"note\">", f);
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "<svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line class=\"line "
				"%s\" x1=\"2\" y1=\"5\" x2=\"32\" y2=\"5\"/></svg> ", ls[i].cls);
			h_esc(f, ls[i].label);
			fputs(" &nbsp; ", f);
		}
		fputs("</div></figure>\n", f);
		return;
	}
	h_chart_end(&c, NULL);
}

/* Vertical cursor lines at @ops (class "cursor c-f-K"), drawn in every chart. */
char *h_cursor_svg(const struct rpt_run *r, bool by_time, double x1, const struct h_moment *m,
		   size_t n, const char *cls)
{
	size_t cap = 160 * n + 1;
	char *s = malloc(cap), *w = s;
	struct h_chart c = { .x0 = 0, .x1 = x1, .h = 1000 };

	if (!s)
		return NULL;
	*w = '\0';
	for (size_t i = 0; i < n; i++) {
		double v = !by_time ? (double)m[i].op : m[i].time_ns != U64_MAX ?
			   (double)m[i].time_ns : (double)time_of_op(&r->page, m[i].op);

		w += snprintf(w, cap - (size_t)(w - s), "<line class=\"%s c-f-%zu\" x1=\"%.1f\" "
			      "y1=\"%d\" x2=\"%.1f\" y2=\"99%%\"/>", cls, i, h_x(&c, v), HMT,
			      h_x(&c, v));
	}
	return s;
}

void h_timeline(FILE *f, const struct rpt_run *r, bool by_time, const char *idp, double x1,
		const struct h_moment *cursor, size_t ncursor)
{
	const struct rpt_page *p = &r->page;
	size_t nl = r->ninst < HMAX_LINES ? r->ninst : HMAX_LINES;
	struct line_spec ls[HMAX_LINES + 1];
	char id[64], cap[160];
	char *cur = h_cursor_svg(r, by_time, x1, cursor, ncursor, "cursor");
	const char *cs = cur ? cur : "";

	h_events_chart(f, r, by_time, idp, x1, cs, NULL);
	lanes_chart(f, r, by_time, idp, x1, cs);
	/* summed committed and live */
	ls[0] = (struct line_spec){ U32_MAX, HQ_COMMITTED, "committed", "committed (all clients)" };
	ls[1] = (struct line_spec){ U32_MAX, HQ_LIVE, "live", "live (all clients)" };
	snprintf(id, sizeof(id), "%s-bytes", idp);
	lines_chart(f, r, by_time, id, "committed-live", "Committed and live bytes, all clients "
		    "summed (a closed client counts 0); shaded: min-max within a pixel",
		    HA_BYTES, "bytes", ls, 2, x1, 220, cs);
	/* per client */
	for (size_t l = 0; l < nl; l++) {
		ls[0] = (struct line_spec){ (u32)l, HQ_COMMITTED, "committed", "" };
		ls[1] = (struct line_spec){ (u32)l, HQ_LIVE, "live", "" };
		snprintf(ls[0].label, sizeof(ls[0].label), "committed (%s)", inst_name(r, (u32)l));
		snprintf(ls[1].label, sizeof(ls[1].label), "live (%s)", inst_name(r, (u32)l));
		snprintf(id, sizeof(id), "%s-bytes-%zu", idp, l);
		snprintf(cap, sizeof(cap), "%s: committed (solid) and live (dashed) bytes",
			 inst_name(r, (u32)l));
		lines_chart(f, r, by_time, id, "client-bytes", cap, HA_BYTES, "bytes", ls, 2, x1, 130,
			    cs);
	}
	if (r->ninst > nl)
		fprintf(f, "<p class=\"note\">%zu more clients are drawn in the summed chart only.</p>\n",
			r->ninst - nl);
	for (size_t l = 0; l < nl; l++) {
		ls[l] = (struct line_spec){ (u32)l, HQ_EXT_FRAG, "", "" };
		ls[l].cls = line_classes[l];
		snprintf(ls[l].label, sizeof(ls[l].label), "%s", inst_name(r, (u32)l));
	}
	snprintf(id, sizeof(id), "%s-extfrag", idp);
	lines_chart(f, r, by_time, id, "ext-frag", "External fragmentation per client "
		    "(1 - largest hole / free committed bytes)", HA_RATIO, "ratio", ls, nl, x1, 170,
		    cs);
	for (size_t l = 0; l < nl; l++)
		ls[l].q = HQ_LARGEST_HOLE;
	snprintf(id, sizeof(id), "%s-largest", idp);
	lines_chart(f, r, by_time, id, "largest-hole", "Largest hole per client", HA_BYTES,
		    "bytes", ls, nl, x1, 170, cs);
	ls[0] = (struct line_spec){ U32_MAX, HQ_ALIGN_WASTE, "q0", "alignment waste (all clients)" };
	snprintf(id, sizeof(id), "%s-waste", idp);
	lines_chart(f, r, by_time, id, "align-waste", "Alignment waste, all clients summed "
		    "(bytes lost to BO alignment)", HA_BYTES, "bytes", ls, 1, x1, 150, cs);
	ls[0] = (struct line_spec){ U32_MAX, HQ_SEARCH_PER_OP, "q3", "search cost per op" };
	snprintf(id, sizeof(id), "%s-search", idp);
	lines_chart(f, r, by_time, id, "search-cost", "Kernel search cost: mean drm_mm hole-walk "
		    "steps per op", HA_COUNT, "steps per op", ls, 1, x1, 150, cs);
	(void)p;
	free(cur);
}

/* --- the page ---------------------------------------------------------- */

struct fail_row {
	char kbuf[40];
	const char *kind;
	const char *text;
	const char *detail;
	char buf[96];
	u32 line, column;
	u64 op;
	u32 instance;
	u64 count;
	u64 time_ns;		/* U64_MAX: unknown (from the series) */
};

static size_t collect_fails(const struct rpt_run *r, struct fail_row *out, size_t max,
			    size_t *total)
{
	const struct rpt_page *p = &r->page;
	size_t n = 0;

	*total = 0;
	/* the verdict's unexpected failures first: the page reads the first ones only */
	for (size_t i = 0; i < p->nunexp; i++) {
		const struct rpt_fail *x = &p->unexp[i];
		struct fail_row *f = &out[n];

		if (n == max)
			break;
		*f = (struct fail_row){ .text = x->text, .detail = x->detail, .line = x->line,
			.column = x->column, .op = x->op, .instance = x->instance, .count = 1,
			.time_ns = U64_MAX };
		snprintf(f->kbuf, sizeof(f->kbuf), "unexpected %s", x->kind);
		f->kind = f->kbuf;
		n++;
	}
	*total += p->unexp_total;
	for (size_t i = 0; i < p->nfails; i++, (*total)++) {
		const struct rpt_fail *x = &p->fails[i];

		if (n < max)
			out[n++] = (struct fail_row){ .kind = "expectation", .text = x->text,
				.detail = x->detail, .line = x->line, .column = x->column,
				.op = x->op, .instance = x->instance, .count = 1,
				.time_ns = U64_MAX };
	}
	if (p->has_violation) {
		(*total)++;
		if (n < max)
			out[n++] = (struct fail_row){ .kind = p->violation.kind,
				.text = p->violation.text, .detail = p->violation.detail,
				.line = p->violation.line, .column = p->violation.column,
				.op = p->violation.op,
				.instance = p->violation.instance, .count = 1, .time_ns = U64_MAX };
	}
	for (size_t i = 0; i < p->nmarks; i++) {
		const struct rpt_mark *m = &p->marks[i];
		struct fail_row *f;

		if (m->kind != RUN_MARK_FAILURE && m->kind != RUN_MARK_VIOLATION &&
		    m->kind != RUN_MARK_FAULT)
			continue;
		(*total)++;
		if (n >= max)
			continue;
		f = &out[n++];
		*f = (struct fail_row){ .kind = m->kind == RUN_MARK_FAILURE ? "failed call" :
			m->kind == RUN_MARK_FAULT ? "injected fault" : "recorded violation",
			.detail = m->detail, .line = m->line, .op = m->op, .instance = m->instance,
			.count = m->count, .time_ns = m->time_ns };
		if (m->last_op != m->op)
			snprintf(f->buf, sizeof(f->buf), "\xc3\x97%llu in ops %llu\xe2\x80\x93%llu",
				 (unsigned long long)m->count, (unsigned long long)m->op,
				 (unsigned long long)m->last_op);
		else
			snprintf(f->buf, sizeof(f->buf), "\xc3\x97%llu", (unsigned long long)m->count);
		f->text = f->buf;
	}
	return n;
}

static void verdict(FILE *f, const struct rpt_run *r)
{
	const struct rpt_page *p = &r->page;
	char pc[32], pl[32], st[32];

	h_bytes(pc, sizeof(pc), r->peak_committed);
	h_bytes(pl, sizeof(pl), r->peak_live);
	h_time(st, sizeof(st), p->sim_time_ns);
	fputs("<section id=\"verdict\"><h2>Verdict</h2>\n<p>", f);
	h_verdict(f, r);
	fprintf(f, " %llu unexpected failure%s; %u of %u expectations held%s.</p>\n",
		(unsigned long long)p->unexp_total, p->unexp_total == 1 ? "" : "s", r->exp_passed,
		r->exp_passed + r->exp_failed,
		p->stopped ? "; the run was stopped at an invariant violation" : "");
	fprintf(f, "<table><tr><th>ops</th><th>simulated time</th><th>expansions</th>"
		"<th>fragmentation-induced</th><th>premature OOM</th><th>failed calls</th>"
		"<th>peak committed</th><th>peak live</th></tr>\n<tr><td class=\"n\">%llu</td>"
		"<td class=\"n\">%s</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
		"<td class=\"n\">%llu</td><td class=\"n\">%llu",
		(unsigned long long)p->ops_total, st, (unsigned long long)r->expansions,
		(unsigned long long)r->frag_expansions, (unsigned long long)r->premature_oom,
		(unsigned long long)p->failures);
	for (size_t i = 0; i < r->nerrnos; i++)
		fprintf(f, "%s%s \xc3\x97%llu", i ? ", " : " (", r->errnos[i].name,
			(unsigned long long)r->errnos[i].n);
	fprintf(f, "%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr></table></section>\n",
		r->nerrnos ? ")" : "", pc, pl);
}

static void failure_list(FILE *f, const struct rpt_run *r, const struct fail_row *fr, size_t n,
			 size_t total)
{
	fprintf(f, "<section id=\"failures\"><h2>Failures and failed calls (%zu)</h2>\n", total);
	if (!total) {
		fputs("<p>None: no expectation failed, no call failed, no invariant was violated, no "
		      "fault was injected.</p></section>\n", f);
		return;
	}
	fputs("<p class=\"note\">The verdict's unexpected failures (docs/run.md \"Verdicts\"), "
	      "failed expectations, the first invariant violation, then every failed call and "
	      "injected fault, expected or not (merged per client and op range). \"op\" links to "
	      "the moment in the charts.</p>\n<table><tr><th>#</th><th>what</th><th>where</th>"
	      "<th>op</th><th>client</th><th>expected / detail</th></tr>\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
		h_esc(f, fr[i].kind);
		if (fr[i].text && *fr[i].text) {
			fputs(": ", f);
			h_esc(f, fr[i].text);
		}
		fputs("</td><td>", f);
		h_where(f, r, fr[i].line, fr[i].column);
		fputs("</td><td class=\"n\">", f);
		if (fr[i].op != U64_MAX)
			fprintf(f, "<a href=\"#f-%zu\">%llu</a>", i, (unsigned long long)fr[i].op);
		else
			fputs("end", f);
		fputs("</td><td>", f);
		h_esc(f, fr[i].instance == U32_MAX ? "" : inst_name(r, fr[i].instance));
		fputs("</td><td>", f);
		h_esc(f, fr[i].detail ? fr[i].detail : "");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>", f);
	if (total > n)
		fprintf(f, "<p class=\"note\">%zu more not listed.</p>", total - n);
	fputs("</section>\n", f);
}

double h_op_domain(const struct rpt_run *r)
{
	const struct rpt_page *p = &r->page;
	u64 n = p->ops_total;

	if (p->nops && p->ops[p->nops - 1].op + 1 > n)
		n = p->ops[p->nops - 1].op + 1;
	return n ? (double)n : 1.0;
}

static double time_domain(const struct rpt_run *r)
{
	const struct rpt_page *p = &r->page;
	u64 t = p->sim_time_ns;

	if (p->nops && p->ops[p->nops - 1].time_ns > t)
		t = p->ops[p->nops - 1].time_ns;
	return (double)t;
}

/* The two renderings of the timeline, picked by two radio buttons (CSS only). */
static void timeline_section(FILE *f, const struct rpt_run *r, const struct h_moment *cur,
			     size_t ncur)
{
	const struct rpt_page *p = &r->page;
	double tmax = time_domain(r);

	fputs("<section id=\"timeline\"><h2>Timeline</h2>\n", f);
	fputs("<input type=\"radio\" name=\"ax\" id=\"ax-op\" checked> "
	      "<label for=\"ax-op\">x = scenario op</label> <input type=\"radio\" name=\"ax\" "
	      "id=\"ax-time\"> <label for=\"ax-time\">x = simulated time</label>\n", f);
	for (size_t i = 0; i < ncur; i++)
		fprintf(f, "<span class=\"anchor\" id=\"f-%zu\"></span>", i);
	fputs("<div class=\"charts\">\n", f);
	if (p->truncated)
		fputs("<p class=\"note\">The run report's series was cut: the lines end where it "
		      "ends; the events cover the whole run.</p>\n", f);
	else if (p->downsampled)
		fputs("<p class=\"note\">The lines are the run's downsampled timeline: each point "
		      "covers consecutive ops of one client; the shaded band is the lowest to highest "
		      "value within it, so one-op peaks stay visible.</p>\n", f);
	fputs("<div class=\"by-op\">\n", f);
	h_timeline(f, r, false, "o", h_op_domain(r), cur, ncur);
	fputs("</div>\n<div class=\"by-time\">\n", f);
	if (tmax > 0)
		h_timeline(f, r, true, "t", tmax, cur, ncur);
	else
		fputs("<p>Simulated time did not advance in this run (every op at 0 ns): only the op "
		      "axis is meaningful.</p>\n", f);
	fputs("</div></div></section>\n", f);
}

int h_run_page_dump(const struct rpt_input *in, size_t idx, FILE *f)
{
	const struct rpt_run *r = &in->runs[idx];
	struct fail_row *fr = calloc(HMAX_FAILS, sizeof(*fr));
	struct h_moment *cur = calloc(HMAX_FAILS, sizeof(*cur));
	size_t n = 0, total = 0, ncur = 0;
	char title[300], *css = NULL;
	size_t csslen = 0;
	FILE *cssf;

	if (!fr || !cur) {
		free(fr);
		free(cur);
		return -ENOMEM;
	}
	n = collect_fails(r, fr, HMAX_FAILS, &total);
	for (size_t i = 0; i < n; i++)
		cur[ncur++] = (struct h_moment){ fr[i].op == U64_MAX ? (u64)h_op_domain(r) : fr[i].op,
						 fr[i].time_ns };
	/* the linked failure's cursor stands out: one rule per listed failure */
	cssf = open_memstream(&css, &csslen);
	for (size_t i = 0; cssf && i < ncur; i++)
		fprintf(cssf, "#f-%zu:target~.charts .c-f-%zu{opacity:1;stroke-width:3}", i, i);
	if (!cssf || fclose(cssf)) {
		free(fr);
		free(cur);
		free(css);
		return -ENOMEM;
	}
	snprintf(title, sizeof(title), "xdnasim run: %s (%s/%s/%s, seed %llu)", r->name, r->rev,
		 r->mode, r->device, (unsigned long long)r->seed);
	h_page_begin(f, title, css);
	fputs("<p><a href=\"index.html\">&larr; all runs</a></p>\n<h1>", f);
	h_esc(f, title);
	fputs("</h1>\n<p class=\"note\">", f);
	h_esc(f, r->file && *r->file ? r->file : "");
	fputs("</p>\n<nav class=\"toc\"><ol><li><a href=\"#verdict\">Verdict</a></li>"
	      "<li><a href=\"#failures\">Failures</a></li><li><a href=\"#timeline\">Timeline</a></li>"
	      "<li><a href=\"#maps\">Heap maps</a></li><li><a href=\"#holes\">Hole sizes</a></li>"
	      "</ol></nav>\n", f);
	verdict(f, r);
	failure_list(f, r, fr, n, total);
	timeline_section(f, r, cur, ncur);
	h_maps_section(f, r, 16);
	h_page_end(f);
	free(fr);
	free(cur);
	free(css);
	return 0;
}
