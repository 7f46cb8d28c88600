// SPDX-License-Identifier: MIT
/*
 * html_maps.c - the heap maps of a run page: for each chosen moment (at
 * peak live, at each expansion, at the end), one strip per chunk, the
 * largest chunk at the full chart width whatever the heap size (64 MiB over
 * 860 px: one pixel is 76 KiB), the others at the same scale, used space dark, holes white and outlined, the
 * largest hole highlighted and labelled, per chunk its use, hole count and
 * largest hole.  Holes narrower than a pixel merge with their neighbours
 * into one outlined region whose opacity is its share of hole bytes and
 * whose tooltip counts them, so the page stays bounded.  Then the
 * hole-size histogram at each client's peak.
 */
#include "reports/html_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/run.h"

#define STRIP_H 24
#define STRIP_GAP 22
#define HIST_MIN 12	/* 4 KiB and below */
#define HIST_MAX 30	/* 1 GiB and above */

static const char *moment_title(u8 m)
{
	return m == RUN_MAP_PEAK_LIVE ? "At peak live" : m == RUN_MAP_EXPANSION ? "Expansion" :
	       "End of the heap";
}

static void largest_hole(const struct rpt_map *m, u64 *off, u64 *size)
{
	*off = 0;
	*size = 0;
	for (u32 i = 0; i < m->nholes; i++)
		if (m->holes[2 * i + 1] > *size) {
			*off = m->holes[2 * i];
			*size = m->holes[2 * i + 1];
		}
}

/* A region of merged sub-pixel holes being drawn. */
struct pend {
	bool on;
	double x0, x1;
	u64 a, b;		/* heap offsets covered */
	u64 hole_bytes;
	u32 n;
};

static void pend_flush(FILE *f, struct pend *p, int y)
{
	char b1[32];

	if (!p->on)
		return;
	h_bytes(b1, sizeof(b1), p->hole_bytes);
	fprintf(f, "<rect class=\"hole\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		"fill-opacity=\"%.2f\"><title>%u hole%s, %s in +0x%llx..+0x%llx</title></rect>", p->x0,
		y, p->x1 - p->x0 < 1 ? 1 : p->x1 - p->x0, STRIP_H,
		fmax(0.35, (double)p->hole_bytes / (double)(p->b - p->a ? p->b - p->a : 1)), p->n,
		p->n == 1 ? "" : "s", b1, (unsigned long long)p->a, (unsigned long long)p->b);
	p->on = false;
}

/* Chunk @c of @m as a strip; @full: the size drawn at the full width (the largest chunk's). */
static void strip(FILE *f, const struct rpt_map *m, u32 c, int y, u64 lo_off, u64 lo_size,
		  u64 full)
{
	u64 cs = m->chunks[2 * c], csize = m->chunks[2 * c + 1], ce = cs + csize;
	u64 hole_bytes = 0, largest = 0;
	u32 nh = 0;
	struct pend p = { 0 };
	double scale = (double)HPW / (double)(full ? full : 1);
	char b1[32], b2[32], b3[32];

	fprintf(f, "<rect class=\"used\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", HML, y,
		(double)csize * scale, STRIP_H);
	for (u32 i = 0; i < m->nholes; i++) {
		u64 a = m->holes[2 * i], b = a + m->holes[2 * i + 1];
		double x0, x1;

		if (b <= cs || a >= ce)
			continue;
		a = a < cs ? cs : a;
		b = b > ce ? ce : b;
		nh++;
		hole_bytes += b - a;
		largest = b - a > largest ? b - a : largest;
		x0 = HML + (double)(a - cs) * scale;
		x1 = HML + (double)(b - cs) * scale;
		if (x1 - x0 >= 2 && m->holes[2 * i] != lo_off) {
			pend_flush(f, &p, y);
			h_bytes(b1, sizeof(b1), b - a);
			fprintf(f, "<rect class=\"hole\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
				"<title>hole %s at +0x%llx</title></rect>", x0, y, x1 - x0, STRIP_H, b1,
				(unsigned long long)a);
			continue;
		}
		if (m->holes[2 * i] == lo_off && lo_size) {
			pend_flush(f, &p, y);
			continue;	/* drawn last, on top */
		}
		if (p.on && x0 - p.x1 < 1.5) {
			p.x1 = x1;
			p.b = b;
			p.hole_bytes += b - a;
			p.n++;
			continue;
		}
		pend_flush(f, &p, y);
		p = (struct pend){ true, x0, x1, a, b, b - a, 1 };
	}
	pend_flush(f, &p, y);
	/* the heap's largest hole, over the strips it spans */
	if (lo_size && lo_off < ce && lo_off + lo_size > cs) {
		u64 a = lo_off < cs ? cs : lo_off, b = lo_off + lo_size > ce ? ce : lo_off + lo_size;
		double x0 = HML + (double)(a - cs) * scale, w = (double)(b - a) * scale;

		h_bytes(b1, sizeof(b1), lo_size);
		fprintf(f, "<rect class=\"largest\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
			"<title>largest hole: %s at +0x%llx</title></rect>", x0, y, w < 2 ? 2 : w,
			STRIP_H, b1, (unsigned long long)lo_off);
		if (lo_off >= cs)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" %s>\xe2\x86\x93 largest hole %s</text>",
				x0 > HML + HPW - 150 ? x0 + (w < 2 ? 2 : w) : x0,
				y + STRIP_H + 12, x0 > HML + HPW - 150 ? "text-anchor=\"end\"" : "", b1);
	}
	h_bytes(b1, sizeof(b1), csize);
	h_bytes(b2, sizeof(b2), largest);
	h_bytes(b3, sizeof(b3), hole_bytes);
	fprintf(f, "<text x=\"%d\" y=\"%d\">chunk %u at +0x%llx, %s: %.1f%% used, %u hole%s (%s), "
		"largest %s</text>", HML, y - 4, c, (unsigned long long)cs, b1,
		100.0 * (double)(csize - hole_bytes) / (double)(csize ? csize : 1), nh,
		nh == 1 ? "" : "s", b3, b2);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">chunk %u</text>", HML - 4,
		y + STRIP_H / 2 + 4, c);
}

void h_map_figure(FILE *f, const struct rpt_run *r, const struct rpt_map *m, size_t k)
{
	u64 lo_off, lo_size;
	int h = HMT + 14 + (int)m->nchunks * (STRIP_H + STRIP_GAP + 8) + HMB;
	char b1[32], b2[32], b3[32], b4[32], id[32], cap[400], alt[400];
	const char *who = m->instance < r->ninst ? r->inst[m->instance] : "?";
	struct h_chart c;
	int y = HMT + 14, n;
	u64 full = 1;

	for (u32 ch = 0; ch < m->nchunks; ch++)
		full = m->chunks[2 * ch + 1] > full ? m->chunks[2 * ch + 1] : full;
	largest_hole(m, &lo_off, &lo_size);
	h_bytes(b1, sizeof(b1), m->live);
	h_bytes(b2, sizeof(b2), m->committed);
	h_bytes(b3, sizeof(b3), lo_size);
	h_bytes(b4, sizeof(b4), m->request);
	snprintf(id, sizeof(id), "map-%zu", k);
	n = snprintf(cap, sizeof(cap), "%s \xe2\x80\x94 %s, op %llu: live %s of %s committed, "
		     "%llu BOs, %u holes, largest %s", moment_title(m->moment), who,
		     (unsigned long long)m->op, b1, b2, (unsigned long long)m->live_bos, m->nholes,
		     b3);
	if (m->moment == RUN_MAP_EXPANSION && n > 0 && (size_t)n < sizeof(cap))
		snprintf(cap + n, sizeof(cap) - (size_t)n, "; right after chunk %u was added%s%s",
			 m->nchunks ? m->nchunks - 1 : 0, m->request ? " for a request of " : "",
			 m->request ? b4 : "");
	snprintf(alt, sizeof(alt), "Heap map of %s: %u chunks, %u holes, largest hole %s", who,
		 m->nchunks, m->nholes, b3);
	h_chart_begin(&c, f, "heap-map", id, cap, alt, h);
	/* the offset scale within a chunk, first: the strips cover its grid lines */
	c.x0 = 0;
	c.x1 = (double)full;
	c.xk = HA_BYTES;
	h_xaxis(&c, "offset within the chunk");
	for (u32 ch = 0; ch < m->nchunks; ch++) {
		strip(f, m, ch, y, lo_off, lo_size, full);
		y += STRIP_H + STRIP_GAP + 8;
	}
	h_chart_end(&c, NULL);
}

void h_hole_histogram(FILE *f, const struct rpt_run *r, const struct rpt_map *m, const char *id)
{
	u32 hist[64] = { 0 }, hmax = 1;
	int nb = HIST_MAX - HIST_MIN + 1;
	double bw = (double)HPW / nb;
	struct h_chart c;
	char cap[200], alt[300], lab[32];
	const char *who = m->instance < r->ninst ? r->inst[m->instance] : "?";

	for (u32 i = 0; i < m->nholes; i++) {
		int b = 63 - __builtin_clzll(m->holes[2 * i + 1] | 1);

		hist[b < HIST_MIN ? HIST_MIN : b > HIST_MAX ? HIST_MAX : b]++;
	}
	for (int k = HIST_MIN; k <= HIST_MAX; k++)
		hmax = hist[k] > hmax ? hist[k] : hmax;
	snprintf(cap, sizeof(cap), "Hole sizes of %s at %s (op %llu): %u holes", who,
		 m->moment == RUN_MAP_PEAK_LIVE ? "peak live" : "the end", (unsigned long long)m->op,
		 m->nholes);
	snprintf(alt, sizeof(alt), "Histogram of %u hole sizes in power-of-two buckets; the fullest "
		 "bucket holds %u", m->nholes, hmax);
	h_chart_begin(&c, f, "hole-histogram", id, cap, alt, 230);
	c.y0 = 0;
	c.y1 = hmax * 1.15;
	c.yk = HA_COUNT;
	h_yaxis(&c, "number of holes");
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", HML, c.h - HMB,
		HML + HPW, c.h - HMB);
	for (int k = HIST_MIN; k <= HIST_MAX; k++) {
		double x = HML + bw * (k - HIST_MIN), y = h_y(&c, hist[k]);

		h_bytes(lab, sizeof(lab), 1ULL << k);
		fprintf(f, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			"<title>%s%s: %u holes</title></rect>", x + 2, y, bw - 4, c.h - HMB - y,
			k == HIST_MIN ? "up to " : k == HIST_MAX ? "from " : "from ", lab, hist[k]);
		if (hist[k])
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%u</text>",
				x + bw / 2, y - 3, hist[k]);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%llu%s</text>",
			x + bw / 2, c.h - HMB + 15,
			k == HIST_MIN ? "\xe2\x89\xa4" : k == HIST_MAX ? "\xe2\x89\xa5" : "",
			1ULL << (k % 10), k < 20 ? "K" : k < 30 ? "M" : "G");
	}
	fprintf(f, "<text class=\"t-axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">hole size "
		"(K = KiB, M = MiB, G = GiB; a bucket holds sizes from its label to the next)</text>",
		HML + HPW / 2, c.h - 8);
	h_chart_end(&c, NULL);
}

void h_maps_section(FILE *f, const struct rpt_run *r, size_t max_maps)
{
	const struct rpt_page *p = &r->page;
	size_t shown = 0, nhist = 0;
	u64 pick[8] = { 0 };
	char id[32];

	fputs("<section id=\"maps\"><h2>Heap maps</h2>\n<p class=\"note\">One strip per chunk, "
	      "each at the full width. <svg width=\"14\" height=\"10\" aria-hidden=\"true\"><rect "
	      "class=\"used\" width=\"14\" height=\"10\"/></svg> used &nbsp; <svg width=\"14\" "
	      "height=\"10\" aria-hidden=\"true\"><rect class=\"hole\" width=\"14\" height=\"10\"/>"
	      "</svg> hole (outlined; sub-pixel holes merge, paler = fewer hole bytes) &nbsp; "
	      "<svg width=\"14\" height=\"10\" aria-hidden=\"true\"><rect class=\"largest\" "
	      "width=\"14\" height=\"10\"/></svg> the largest hole (labelled). Offsets are from "
	      "the heap's first chunk.</p>\n", f);
	if (!p->nmaps)
		fputs("<p>No heap maps in this run report (no heap, or a report written before "
		      "they existed).</p>\n", f);
	/* which to draw: every peak, then expansions, then ends, in op order */
	for (int pass = 0; pass < 3; pass++) {
		static const u8 order[3] = { RUN_MAP_PEAK_LIVE, RUN_MAP_EXPANSION, RUN_MAP_END };

		for (size_t k = 0; k < p->nmaps && k < sizeof(pick) * 8; k++)
			if (p->maps[k].moment == order[pass] && shown < max_maps) {
				pick[k / 64] |= 1ULL << (k % 64);
				shown++;
			}
	}
	for (size_t k = 0; k < p->nmaps && k < sizeof(pick) * 8; k++)
		if (pick[k / 64] & (1ULL << (k % 64)))
			h_map_figure(f, r, &p->maps[k], k);
	if (p->nmaps > shown || p->maps_dropped)
		fprintf(f, "<p class=\"note\">%zu more maps in the run report and %llu expansions "
			"without a map are not drawn.</p>\n", p->nmaps - shown,
			(unsigned long long)p->maps_dropped);
	fputs("</section>\n<section id=\"holes\"><h2>Hole sizes</h2>\n", f);
	for (size_t k = 0; k < p->nmaps; k++) {
		if (p->maps[k].moment != RUN_MAP_PEAK_LIVE || nhist == HMAX_LINES)
			continue;
		snprintf(id, sizeof(id), "hist-%zu", nhist++);
		h_hole_histogram(f, r, &p->maps[k], id);
	}
	if (!nhist)
		fputs("<p>No map at peak live in this run report.</p>\n", f);
	fputs("</section>\n", f);
}
