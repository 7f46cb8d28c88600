// SPDX-License-Identifier: MIT
/*
 * html_util.c - the report pages' shared pieces (html_priv.h): escaping,
 * number formats, the page frame, charts with ticked axes, downsampling.
 */
#include "reports/html_priv.h"
#include "reports/rpt_priv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void h_esc(FILE *f, const char *s)
{
	rpt__xml_put(f, s);
}

/* @v / @unit with up to 2 decimals, trailing zeros dropped. */
static void scaled(char *buf, size_t len, double v, const char *unit)
{
	char *p;

	snprintf(buf, len, "%.2f", v);
	p = strchr(buf, '.');
	if (p) {
		char *e = p + strlen(p) - 1;

		while (e > p && *e == '0')
			*e-- = '\0';
		if (e == p)
			*e = '\0';
	}
	snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *unit ? " " : "", unit);
}

void h_bytes(char *buf, size_t len, u64 b)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)b;
	int u = 0;

	if (!b) {
		snprintf(buf, len, "0");
		return;
	}
	while (v >= 1024.0 && u < 4) {
		v /= 1024.0;
		u++;
	}
	scaled(buf, len, v, units[u]);
}

void h_time(char *buf, size_t len, u64 ns)
{
	if (!ns)
		snprintf(buf, len, "0");
	else if (ns >= 1000000000ULL)
		scaled(buf, len, (double)ns / 1e9, "s");
	else if (ns >= 1000000ULL)
		scaled(buf, len, (double)ns / 1e6, "ms");
	else if (ns >= 1000ULL)
		scaled(buf, len, (double)ns / 1e3, "\xc2\xb5s");
	else
		scaled(buf, len, (double)ns, "ns");
}

static const char css[] =
	"body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em 1.5em;max-width:1000px;"
	"color:#1a1a1a;line-height:1.4}"
	"h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;margin-top:1.6em;"
	"border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}"
	"a{color:#0645ad}nav.toc{background:#f4f6f8;padding:.4em .8em;border:1px solid #dde}"
	"nav.toc ol{margin:.2em 0;padding-left:1.4em}nav.toc li{display:inline-block;margin-right:1.2em}"
	"table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
	"font-size:13px;text-align:left;vertical-align:top}th{background:#f0f0f0}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".verdict{display:inline-block;font-weight:bold;padding:.2em .7em;border-radius:4px;"
	"border:2px solid}.verdict.pass{color:#14622e;border-color:#14622e;background:#e3f4e8}"
	".verdict.fail{color:#a00;border-color:#a00;background:#fde8e8}"
	".verdict.error{color:#7a4b00;border-color:#7a4b00;background:#fff3dc}"
	".verdict.xfail{color:#14622e;border-color:#14622e;border-style:dashed;background:#eef6f0}"
	".verdict.xpass{color:#a00;border-color:#a00;border-style:dashed;background:#fff}"
	".note{color:#555;font-size:13px}figure{margin:.8em 0}figcaption{font-size:13px;"
	"font-weight:600;margin-bottom:2px}"
	"svg.chart{background:#fff;border:1px solid #ccc;display:block;max-width:100%;height:auto}"
	"svg text{font-size:11px;fill:#222}svg .t-axis{font-weight:600}"
	".axis{stroke:#444}.grid{stroke:#e6e6e6}"
	".line{fill:none;stroke-width:1.6}.env{stroke:none;fill-opacity:.18}"
	".committed{stroke:#1f5fa8}.live{stroke:#d2691e;stroke-dasharray:5 3}"
	".env.committed{fill:#1f5fa8}.env.live{fill:#d2691e}"
	".q0{stroke:#1f5fa8}.q1{stroke:#d2691e;stroke-dasharray:6 2}.q2{stroke:#2e8b57;"
	"stroke-dasharray:2 2}.q3{stroke:#8e44ad;stroke-dasharray:8 3 2 3}.q4{stroke:#b8860b}"
	".q5{stroke:#c0392b;stroke-dasharray:4 4}.q6{stroke:#17a2b8;stroke-dasharray:1 3}"
	".q7{stroke:#555;stroke-dasharray:10 2}"
	".band{fill-opacity:.35;stroke:#fff}.p0{fill:#9ecae1}.p1{fill:#fdd0a2}.p2{fill:#c7e9c0}"
	".p3{fill:#dadaeb}.p4{fill:#fcbba1}.p5{fill:#d9d9d9}.lane{fill:#f3f3f3}"
	".alive{fill:#cfd8e3}"
	".mk circle,.mk rect,.mk path{stroke:#222;stroke-width:.8}.mk text{font-size:9px;"
	"font-weight:bold;text-anchor:middle}"
	".k-open{fill:#c7e9c0}.k-close{fill:#bbb}.k-expansion{fill:#f5a623}.k-failure{fill:#e74c3c}"
	".k-fault{fill:#b07cd8}.k-tdr{fill:#f1c40f}.k-suspend,.k-resume{fill:#9ecae1}"
	".k-power_cycle{fill:#7fb3d5}.k-violation{fill:#ff4d4d}"
	".vline{stroke:#999;stroke-width:.6;stroke-dasharray:2 3}"
	".cursor{stroke:#c00;stroke-width:1;stroke-dasharray:3 2;opacity:.5}"
	".diverge{stroke:#c00;stroke-width:2}"
	".used{fill:#3a6ea5}.hole{fill:#fff;stroke:#999;stroke-width:.4}"
	".largest{fill:#fff3c4;stroke:#e67e22;stroke-width:2}.uncommitted{fill:#eee}"
	".bar{fill:#3a6ea5}.cell.hit0{fill:#c6dbef}.cell.hit1{fill:#6baed6}.cell.hit2{fill:#2171b5}"
	".cell.hit3{fill:#08306b}.cell.miss{fill:url(#hatch)}.cell.unreach{fill:url(#dots)}"
	".cell.unreach-hit{fill:#e00}"
	".ax-pick{margin:.4em 0;font-size:14px}.ax-pick label{margin-right:1em}"
	".by-time{display:none}#ax-time:checked~.charts .by-time{display:block}"
	"#ax-time:checked~.charts .by-op{display:none}"
	".anchor{display:block;position:relative;top:-1em}"
	".meter{display:inline-block;height:10px;background:#3a6ea5;vertical-align:middle}"
	".meter-bg{display:inline-block;width:120px;height:10px;background:#eee;"
	"vertical-align:middle}";

void h_page_begin(FILE *f, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>", f);
	h_esc(f, title);
	fprintf(f, "</title>\n<style>%s%s</style></head>\n<body>\n", css, extra_css ? extra_css : "");
}

void h_page_end(FILE *f)
{
	fputs("<p class=\"note\">Written by xdnasim report: self-contained (no script, no network); "
	      "hover a mark or bar for its values.</p>\n</body></html>\n", f);
}

void h_chart_begin(struct h_chart *c, FILE *f, const char *cls, const char *id,
		   const char *caption, const char *alt, int height)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->h = height;
	fprintf(f, "<figure%s%s%s><figcaption>", id ? " id=\"" : "", id ? id : "", id ? "\"" : "");
	h_esc(f, caption);
	fprintf(f, "</figcaption>\n<svg class=\"chart %s\" role=\"img\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\"><title>", cls, HW, height, HW, height);
	h_esc(f, alt);
	fputs("</title>", f);
}

void h_chart_end(struct h_chart *c, const char *after)
{
	fprintf(c->f, "</svg>%s</figure>\n", after ? after : "");
}

double h_x(const struct h_chart *c, double v)
{
	double span = c->x1 > c->x0 ? c->x1 - c->x0 : 1.0;

	return HML + HPW * (v - c->x0) / span;
}

double h_y(const struct h_chart *c, double v)
{
	double span = c->y1 > c->y0 ? c->y1 - c->y0 : 1.0;
	double top = HMT, bot = c->h - HMB;

	return bot - (bot - top) * (v - c->y0) / span;
}

/* A tick step giving about @target ticks over @range. */
static double tick_step(double range, int target, enum h_axis k)
{
	double raw = range / target, mag, step;

	if (range <= 0)
		return 1;
	if (k == HA_RATIO)
		return range <= 0.1 ? 0.02 : range <= 0.5 ? 0.1 : 0.25;
	if (k == HA_BYTES) {
		step = 1;
		while (step < raw)
			step *= 2;
		return step;
	}
	mag = pow(10, floor(log10(raw)));
	if (raw <= mag)
		step = mag;
	else if (raw <= 2 * mag)
		step = 2 * mag;
	else if (raw <= 5 * mag)
		step = 5 * mag;
	else
		step = 10 * mag;
	if ((k == HA_OP || k == HA_COUNT) && step < 1)
		step = 1;
	return step;
}

void h_tick_label(char *buf, size_t len, enum h_axis k, double v, double step)
{
	switch (k) {
	case HA_BYTES:
		h_bytes(buf, len, (u64)llround(v));
		break;
	case HA_TIME:
		if (step >= 1e9)
			scaled(buf, len, v / 1e9, "s");
		else if (step >= 1e6)
			scaled(buf, len, v / 1e6, "ms");
		else if (step >= 1e3)
			scaled(buf, len, v / 1e3, "\xc2\xb5s");
		else
			scaled(buf, len, v, "ns");
		if (v == 0)
			snprintf(buf, len, "0");
		break;
	case HA_RATIO:
		scaled(buf, len, v, "");
		break;
	default:
		if (fabs(v) >= 1e6 && fmod(v, 1e6) == 0)
			snprintf(buf, len, "%.0fM", v / 1e6);
		else if (fabs(v) >= 1e4 && fmod(v, 1e3) == 0)
			snprintf(buf, len, "%.0fk", v / 1e3);
		else
			scaled(buf, len, v, "");
	}
}

void h_xaxis(struct h_chart *c, const char *title)
{
	double step = tick_step(c->x1 - c->x0, 8, c->xk);
	int bot = c->h - HMB;
	char lab[40];

	fprintf(c->f, "<g class=\"x-axis\"><line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		"y2=\"%d\"/>", HML, bot, HML + HPW, bot);
	for (double v = ceil(c->x0 / step) * step; v <= c->x1 + step * 1e-9; v += step) {
		double x = h_x(c, v);

		h_tick_label(lab, sizeof(lab), c->xk, v, step);
		fprintf(c->f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, HMT, x, bot, x,
			bot, x, bot + 4, x, bot + 15, lab);
	}
	fprintf(c->f, "<text class=\"t-axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", HML + HPW / 2,
		c->h - 6);
	h_esc(c->f, title);
	fputs("</text></g>", c->f);
}

void h_yaxis(struct h_chart *c, const char *title)
{
	double step = tick_step(c->y1 - c->y0, 4, c->yk);
	int bot = c->h - HMB;
	char lab[40];

	fprintf(c->f, "<g class=\"y-axis\"><line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		"y2=\"%d\"/>", HML, HMT, HML, bot);
	for (double v = ceil(c->y0 / step) * step; v <= c->y1 + step * 1e-9; v += step) {
		double y = h_y(c, v);

		h_tick_label(lab, sizeof(lab), c->yk, v, step);
		fprintf(c->f, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", HML, y, HML + HPW, y,
			HML - 4, y + 4, lab);
	}
	fprintf(c->f, "<text class=\"t-axis\" transform=\"translate(12,%d) rotate(-90)\" "
		"text-anchor=\"middle\">", (HMT + bot) / 2);
	h_esc(c->f, title);
	fputs("</text></g>", c->f);
}

/* @q of point @o: after its last op (@which 0), lowest (1) or highest (2) over its ops. */
static double qty(const struct rpt_op *o, enum h_qty q, int which)
{
	static const int val[] = {
		[HQ_COMMITTED] = RPT_V_COMMITTED, [HQ_LIVE] = RPT_V_LIVE,
		[HQ_LARGEST_HOLE] = RPT_V_LARGEST_HOLE, [HQ_ALIGN_WASTE] = RPT_V_ALIGN_WASTE,
		[HQ_HOLES] = RPT_V_HOLES,
	};

	if (q == HQ_EXT_FRAG)
		return which == 1 ? o->ext_min : which == 2 ? o->ext_max : o->ext;
	if (q == HQ_SEARCH_PER_OP)
		return (double)o->search_cost;
	return (double)(which == 1 ? o->min[val[q]] : which == 2 ? o->max[val[q]] :
			o->last[val[q]]);
}

static int column_of(const struct rpt_op *o, bool by_time, double x0, double x1)
{
	double v = by_time ? (double)o->time_ns : (double)o->op;
	double span = x1 > x0 ? x1 - x0 : 1.0;
	int c = (int)floor((v - x0) / span * HCOLS);

	return c < 0 ? 0 : c >= HCOLS ? HCOLS - 1 : c;
}

static void col_put(struct h_col *c, double v)
{
	if (!c->any) {
		c->any = true;
		c->min = c->max = v;
	}
	c->min = v < c->min ? v : c->min;
	c->max = v > c->max ? v : c->max;
	c->last = v;
}

/* A point's envelope and last value into column @c (@base: the other instances' sum). */
static void col_point(struct h_col *c, const struct rpt_op *o, enum h_qty q, double base)
{
	col_put(c, base + qty(o, q, 1));
	col_put(c, base + qty(o, q, 2));
	col_put(c, base + qty(o, q, 0));
}

void h_downsample(const struct rpt_page *p, u32 inst, enum h_qty q, bool by_time, double x0,
		  double x1, struct h_col *out)
{
	size_t ninst = 0;
	double *latest, sum = 0;
	u64 *prev_total;
	double cost[HCOLS] = { 0 }, nops[HCOLS] = { 0 };
	int last = -1;

	memset(out, 0, HCOLS * sizeof(*out));
	for (size_t i = 0; i < p->nops; i++)
		ninst = p->ops[i].instance + 1 > ninst ? p->ops[i].instance + 1 : ninst;
	latest = calloc(ninst + 1, sizeof(double));
	prev_total = calloc(ninst + 1, sizeof(u64));
	if (!latest || !prev_total)
		goto out;
	for (size_t i = 0; i < p->nops; i++) {
		const struct rpt_op *o = &p->ops[i];
		int c = column_of(o, by_time, x0, x1);

		if (q == HQ_SEARCH_PER_OP) {
			if (inst == U32_MAX || o->instance == inst) {
				/* the total is per heap lifetime: a drop means a new heap */
				u64 d = o->search_cost >= prev_total[o->instance] ?
					o->search_cost - prev_total[o->instance] : o->search_cost;

				cost[c] += (double)d;
				nops[c] += (double)(o->ops ? o->ops : 1);
			}
			prev_total[o->instance] = o->search_cost;
			continue;
		}
		if (inst != U32_MAX && o->instance != inst)
			continue;
		if (inst == U32_MAX) {
			/* the other instances as of their latest point, this one's envelope */
			sum -= latest[o->instance];
			col_point(&out[c], o, q, sum);
			latest[o->instance] = qty(o, q, 0);
			sum += latest[o->instance];
		} else {
			col_point(&out[c], o, q, 0);
		}
		last = c;
	}
	if (q == HQ_SEARCH_PER_OP) {
		for (int c = 0; c < HCOLS; c++)
			if (nops[c])
				col_put(&out[c], cost[c] / nops[c]);
		goto out;
	}
	/* carry the state forward through empty columns, up to the last row's column */
	for (int c = 1; c <= last; c++) {
		if (!out[c].any && out[c - 1].any) {
			out[c].any = true;
			out[c].min = out[c].max = out[c].last = out[c - 1].last;
		}
	}
out:
	free(latest);
	free(prev_total);
}

void h_bars(struct h_chart *c, const struct h_col *col, const char *cls, const char *label)
{
	fprintf(c->f, "<g class=\"bars %s\"><title>", cls);
	h_esc(c->f, label);
	fputs("</title>", c->f);
	for (int i = 0; i < HCOLS; i++)
		if (col[i].any && col[i].max > 0)
			fprintf(c->f, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"2\" "
				"height=\"%.1f\"/>", HML + 2 * i, h_y(c, col[i].max),
				h_y(c, 0) - h_y(c, col[i].max));
	fputs("</g>", c->f);
}

void h_series(struct h_chart *c, const struct h_col *col, const char *cls, const char *label)
{
	bool open = false, env = false;

	for (int i = 0; i < HCOLS && !env; i++)
		env = col[i].any && col[i].max > col[i].min;
	if (env) {
		/* the envelope: max left to right, then min right to left */
		int first = -1, lastc = -1;

		for (int i = 0; i < HCOLS; i++)
			if (col[i].any) {
				first = first < 0 ? i : first;
				lastc = i;
			}
		fprintf(c->f, "<path class=\"env %s\" d=\"", cls);
		for (int i = first; i <= lastc; i++)
			if (col[i].any)
				fprintf(c->f, "%s%d %.1f H%d", i == first ? "M" : "L",
					HML + 2 * i, h_y(c, col[i].max), HML + 2 * i + 2);
		for (int i = lastc; i >= first; i--)
			if (col[i].any)
				fprintf(c->f, "L%d %.1f H%d", HML + 2 * i + 2, h_y(c, col[i].min),
					HML + 2 * i);
		fputs("Z\"/>", c->f);
	}
	fprintf(c->f, "<path class=\"line %s\" d=\"", cls);
	for (int i = 0; i < HCOLS; i++) {
		if (!col[i].any) {
			open = false;
			continue;
		}
		fprintf(c->f, "%s%d %.1f H%d", open ? "L" : "M", HML + 2 * i, h_y(c, col[i].last),
			HML + 2 * i + 2);
		open = true;
	}
	fputs("\"><title>", c->f);
	h_esc(c->f, label);
	fputs("</title></path>", c->f);
}

double h_col_max(const struct h_col *col, double floor)
{
	double m = floor;

	for (int i = 0; i < HCOLS; i++)
		if (col[i].any && col[i].max > m)
			m = col[i].max;
	return m;
}

void h_where(FILE *f, const struct rpt_run *r, u32 line, u32 column)
{
	h_esc(f, r->file && *r->file ? r->file : r->name);
	if (line)
		fprintf(f, ":%u", line);
	if (line && column)
		fprintf(f, ":%u", column);
}

void h_verdict(FILE *f, const struct rpt_run *r)
{
	static const struct {
		const char *status, *label;
	} v[] = {
		{ "pass", "&#10004; PASS" },
		{ "fail", "&#10008; FAIL" },
		{ "xfail", "&#10004; XFAIL (failed as its known bug declares)" },
		{ "xpass", "&#10008; XPASS (passed although a known bug is declared)" },
		{ "error", "&#9888; ERROR" },
	};
	const char *st = r->error ? "error" : r->status[0] ? r->status : r->passed ? "pass" : "fail";

	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (!strcmp(st, v[i].status)) {
			fprintf(f, "<span class=\"verdict %s\">%s</span>", v[i].status, v[i].label);
			return;
		}
	fprintf(f, "<span class=\"verdict %s\">%s</span>", r->passed ? "pass" : "fail",
		r->passed ? v[0].label : v[1].label);
}

void h_run_page_name(char *buf, size_t len, size_t i)
{
	snprintf(buf, len, "run-%zu.html", i + 1);
}
