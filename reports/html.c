// SPDX-License-Identifier: MIT
/*
 * html.c - the reviewer's page: one self-contained index.html (inline SVG
 * and CSS, no script, no network) with, per scenario, the heap of each
 * client over time, committed vs live bytes with expansion marks, and the
 * hole-size histogram at peak; and a heatmap of the ledger over all
 * scenarios.  Every chart is an <svg class="chart KIND"> (KIND: heap-map,
 * committed-live, hole-histogram, ledger-heatmap) so tests can find them.
 */
#include "reports/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/rpt_priv.h"

#define W 720
#define H 260
#define ML 70		/* left margin (axis labels) */
#define MB 24		/* bottom margin */
#define MAX_RECTS 6000	/* BO rectangles drawn per client */
#define HIST_MIN 12	/* 4 KiB */
#define HIST_MAX 30	/* 1 GiB */

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void fmt_bytes(char *buf, size_t len, u64 b)
{
	if (b >= SZ_1M && !(b % SZ_1M))
		snprintf(buf, len, "%llu MiB", (unsigned long long)(b / SZ_1M));
	else if (b >= SZ_1K && !(b % SZ_1K))
		snprintf(buf, len, "%llu KiB", (unsigned long long)(b / SZ_1K));
	else if (b >= SZ_1M)
		snprintf(buf, len, "%.1f MiB", (double)b / SZ_1M);
	else
		snprintf(buf, len, "%llu B", (unsigned long long)b);
}

static double xpos(size_t step, size_t nsteps)
{
	return ML + (double)(W - ML - 10) * (double)step / (double)(nsteps ? nsteps : 1);
}

static double ypos(u64 v, u64 vmax)
{
	return (double)(H - MB) - (double)(H - MB - 10) * (double)v / (double)(vmax ? vmax : 1);
}

static void axes(FILE *f, u64 vmax, size_t nsteps, const char *ylabel)
{
	char top[32];

	fmt_bytes(top, sizeof(top), vmax);
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\"/>", ML, ML, H - MB);
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", ML, H - MB,
		W - 10, H - MB);
	fprintf(f, "<text x=\"%d\" y=\"16\" text-anchor=\"end\">%s</text>", ML - 4, top);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", ML - 4, H - MB);
	fprintf(f, "<text x=\"%d\" y=\"%d\">%s</text>", 4, H / 2, ylabel);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">op %zu</text>", W - 10, H - 6,
		nsteps);
}

/* The samples of one client, in order. */
static size_t client_samples(const struct rpt_run *r, u32 client, const struct rpt_sample **out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nseries; i++)
		if (r->series[i].client == client)
			out[n++] = &r->series[i];
	return n;
}

struct live_bo {
	u64 addr, size;
	size_t from;
};

/* Heap of @client over time: committed region, chunk boundaries, live BOs; holes show through. */
static void heap_map(FILE *f, const struct rpt_run *r, u32 client, const struct rpt_sample **s,
		     size_t n)
{
	struct live_bo *live = calloc(n + 1, sizeof(*live));
	size_t nlive = 0, rects = 0;
	u64 base = ~0ULL, cmax = 0;
	char b1[32];

	/* The heap's base: its first chunk (heap_ops records the one created at open). */
	for (size_t i = 0; i < n; i++) {
		if (base == ~0ULL && !s[i]->err && s[i]->op == RPT_OP_CHUNK_ADD)
			base = s[i]->addr;
		cmax = s[i]->committed > cmax ? s[i]->committed : cmax;
	}
	if (base == ~0ULL)
		base = 0;
	fprintf(f, "<figure><figcaption>");
	esc(f, r->inst[client]);
	fprintf(f, ": heap over time (chunks, live BOs, holes)</figcaption>\n"
		"<svg class=\"chart heap-map\" data-client=\"%u\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\">", client, W, H, W, H);
	axes(f, cmax, n, "offset");
	/* committed region as a step area */
	fprintf(f, "<path class=\"committed-area\" d=\"M%.1f %.1f", xpos(0, n), ypos(0, cmax));
	for (size_t i = 0; i < n; i++)
		fprintf(f, " L%.1f %.1f L%.1f %.1f", xpos(i, n), ypos(s[i]->committed, cmax),
			xpos(i + 1, n), ypos(s[i]->committed, cmax));
	fprintf(f, " L%.1f %.1f Z\"><title>committed</title></path>", xpos(n, n), ypos(0, cmax));
	for (size_t i = 0; i < n; i++) {
		const struct rpt_sample *x = s[i];

		if (x->err || !live)
			continue;
		if (x->op == RPT_OP_CHUNK_ADD) {
			fprintf(f, "<line class=\"chunk-edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				"y2=\"%.1f\"/>", xpos(i, n), ypos(x->addr - base, cmax), xpos(n, n),
				ypos(x->addr - base, cmax));
		} else if (x->op == RPT_OP_BO_ALLOC) {
			live[nlive++] = (struct live_bo){ x->addr, x->size, i };
		} else {
			for (size_t k = 0; k < nlive; k++) {
				if (live[k].addr != x->addr)
					continue;
				if (rects++ < MAX_RECTS) {
					fmt_bytes(b1, sizeof(b1), live[k].size);
					fprintf(f, "<rect class=\"bo\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
						"height=\"%.2f\"><title>0x%llx %s, ops %zu-%zu</title></rect>",
						xpos(live[k].from, n),
						ypos(live[k].addr - base + live[k].size, cmax),
						xpos(i, n) - xpos(live[k].from, n) + 0.5,
						fmax(1.0, ypos(0, cmax) - ypos(live[k].size, cmax)),
						(unsigned long long)live[k].addr, b1, live[k].from, i);
				}
				live[k] = live[--nlive];
				break;
			}
		}
	}
	for (size_t k = 0; k < nlive; k++) {
		if (rects++ >= MAX_RECTS)
			break;
		fmt_bytes(b1, sizeof(b1), live[k].size);
		fprintf(f, "<rect class=\"bo\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\">"
			"<title>0x%llx %s, ops %zu-end</title></rect>", xpos(live[k].from, n),
			ypos(live[k].addr - base + live[k].size, cmax),
			xpos(n, n) - xpos(live[k].from, n),
			fmax(1.0, ypos(0, cmax) - ypos(live[k].size, cmax)),
			(unsigned long long)live[k].addr, b1, live[k].from);
	}
	fprintf(f, "</svg>%s</figure>\n", rects > MAX_RECTS ? "<p>(first BOs only)</p>" : "");
	free(live);
}

/* Sum of every client's latest committed / live after each sample. */
static void totals(const struct rpt_run *r, u64 *com, u64 *liv)
{
	u64 *c = calloc(2 * r->ninst + 2, sizeof(u64)), *l, tc = 0, tl = 0;

	if (!c)
		return;
	l = c + r->ninst + 1;
	for (size_t i = 0; i < r->nseries; i++) {
		u32 k = r->series[i].client;

		tc += r->series[i].committed - c[k];
		tl += r->series[i].live - l[k];
		c[k] = r->series[i].committed;
		l[k] = r->series[i].live;
		com[i] = tc;
		liv[i] = tl;
	}
	free(c);
}

static void committed_live(FILE *f, const struct rpt_run *r, const u64 *com, const u64 *liv)
{
	size_t n = r->nseries;
	u64 vmax = 0;

	for (size_t i = 0; i < n; i++)
		vmax = com[i] > vmax ? com[i] : vmax;
	fprintf(f, "<figure><figcaption>committed vs live bytes (all clients), expansions "
		"marked</figcaption>\n<svg class=\"chart committed-live\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\">", W, H, W, H);
	axes(f, vmax, n, "bytes");
	for (int pass = 0; pass < 2; pass++) {
		const u64 *v = pass ? liv : com;

		fprintf(f, "<polyline class=\"%s\" points=\"", pass ? "live" : "committed");
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s%.1f,%.1f %.1f,%.1f", i ? " " : "", xpos(i, n), ypos(v[i], vmax),
				xpos(i + 1, n), ypos(v[i], vmax));
		fprintf(f, "\"><title>%s</title></polyline>", pass ? "live" : "committed");
	}
	for (size_t i = 0; i < n; i++) {
		const struct rpt_sample *x = &r->series[i];

		/* An expansion: a chunk added to a client that already had one. */
		if (x->op == RPT_OP_CHUNK_ADD && !x->err && x->committed > x->size)
			fprintf(f, "<circle class=\"expansion\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\">"
				"<title>expansion at heap op %zu (%s)</title></circle>",
				xpos(i, n), ypos(com[i], vmax), i, r->inst[x->client]);
	}
	fprintf(f, "<text class=\"legend\" x=\"%d\" y=\"14\"><tspan class=\"k-committed\">"
		"&#9632;</tspan> committed <tspan class=\"k-live\">&#9632;</tspan> live "
		"<tspan class=\"k-expansion\">&#9679;</tspan> expansion</text></svg></figure>\n",
		ML + 10);
}

static int u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return (x > y) - (x < y);
}

/* Hole sizes of @client right after sample index @at: committed minus live BOs. */
static void holes_at(const struct rpt_run *r, size_t at, u32 hist[64])
{
	for (u32 client = 0; client < r->ninst; client++) {
		u64 *starts = calloc(r->nseries + 1, 2 * sizeof(u64));
		u64 base = ~0ULL, com = 0, pos;
		size_t nb = 0;
		bool any = false;

		if (!starts)
			return;
		for (size_t i = 0; i <= at; i++) {
			const struct rpt_sample *x = &r->series[i];

			if (x->client != client)
				continue;
			any = true;
			com = x->committed;
			if (x->err)
				continue;
			if (base == ~0ULL && x->op == RPT_OP_CHUNK_ADD)
				base = x->addr;
			if (x->op == RPT_OP_BO_ALLOC) {
				starts[2 * nb] = x->addr;
				starts[2 * nb + 1] = x->size;
				nb++;
			} else if (x->op == RPT_OP_BO_FREE) {
				for (size_t k = 0; k < nb; k++)
					if (starts[2 * k] == x->addr) {
						starts[2 * k] = starts[2 * (nb - 1)];
						starts[2 * k + 1] = starts[2 * (nb - 1) + 1];
						nb--;
						break;
					}
			}
		}
		if (any && base != ~0ULL) {
			qsort(starts, nb, 2 * sizeof(u64), u64_cmp);
			pos = base;
			for (size_t k = 0; k <= nb; k++) {
				u64 end = k < nb ? starts[2 * k] : base + com;

				if (end > pos)
					hist[63 - __builtin_clzll(end - pos)]++;
				if (k < nb && starts[2 * k] + starts[2 * k + 1] > pos)
					pos = starts[2 * k] + starts[2 * k + 1];
			}
		}
		free(starts);
	}
}

static void hole_histogram(FILE *f, const struct rpt_run *r, const u64 *com, const u64 *liv)
{
	u32 hist[64] = { 0 }, hmax = 1;
	size_t peak = 0;
	int nb = HIST_MAX - HIST_MIN + 1;
	double bw = (double)(W - ML - 10) / nb;

	/* The heap at its largest, and there at its fullest. */
	for (size_t i = 0; i < r->nseries; i++)
		if (com[i] > com[peak] || (com[i] == com[peak] && liv[i] >= liv[peak]))
			peak = i;
	holes_at(r, peak, hist);
	for (int k = 0; k < 64; k++)
		hmax = hist[k] > hmax ? hist[k] : hmax;
	fprintf(f, "<figure><figcaption>hole sizes at peak committed (op %zu)</figcaption>\n"
		"<svg class=\"chart hole-histogram\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\">", peak, W, H, W, H);
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", ML, H - MB,
		W - 10, H - MB);
	fprintf(f, "<text x=\"%d\" y=\"16\" text-anchor=\"end\">%u</text>", ML - 4, hmax);
	for (int k = HIST_MIN; k <= HIST_MAX; k++) {
		u32 c = k == HIST_MIN ? 0 : hist[k];
		double x = ML + bw * (k - HIST_MIN), h;
		char lab[32];

		if (k == HIST_MIN)
			for (int j = 0; j <= HIST_MIN; j++)
				c += hist[j];
		if (k == HIST_MAX)
			for (int j = HIST_MAX + 1; j < 64; j++)
				c += hist[j];
		h = (double)(H - MB - 10) * c / hmax;
		fmt_bytes(lab, sizeof(lab), 1ULL << k);
		fprintf(f, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			"<title>%s..: %u holes</title></rect>", x + 1, H - MB - h, bw - 2, h, lab, c);
		if (!((k - HIST_MIN) % 3))
			fprintf(f, "<text x=\"%.1f\" y=\"%d\">%s</text>", x, H - 8, lab);
	}
	fprintf(f, "</svg></figure>\n");
}

static void ledger_heatmap(FILE *f, const struct rpt_input *in)
{
	const struct sim_ledger *l = &in->ledger;
	int cw = 14, rh = 11, lw = 330;
	int w = lw + cw * (int)(in->nruns ? in->nruns : 1) + 10;
	int h = rh * (int)l->n + 120;

	fprintf(f, "<h2>Ledger</h2>\n<figure><figcaption>ledger heatmap: keys × scenarios "
		"(blue: hit, darker = more; red: never hit; grey: unreachable)</figcaption>\n"
		"<svg class=\"chart ledger-heatmap\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\">", w, h, w, h);
	for (size_t i = 0; i < in->nruns; i++) {
		fprintf(f, "<text class=\"col\" transform=\"translate(%d,110) rotate(-60)\">",
			lw + cw * (int)i + 9);
		esc(f, in->runs[i].name);
		fprintf(f, "</text>");
	}
	for (size_t k = 0; k < l->n; k++) {
		const struct sim_lkey *key = &l->keys[k];
		int y = 116 + rh * (int)k;

		fprintf(f, "<text class=\"row\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 4,
			y + rh - 2);
		esc(f, key->name);
		fprintf(f, "</text>");
		for (size_t i = 0; i < in->nruns; i++) {
			u64 n = in->runs[i].hits[k];
			const char *cls = key->unreachable ? (n ? "unreach-hit" : "unreach") :
					  n ? "hit" : "miss";
			double a = n ? 0.25 + 0.75 * fmin(1.0, log10((double)n + 1) / 4.0) : 1.0;

			fprintf(f, "<rect class=\"cell %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				"fill-opacity=\"%.2f\"><title>", cls, lw + cw * (int)i, y, cw - 1, rh - 1,
				a);
			esc(f, key->name);
			fprintf(f, " / ");
			esc(f, in->runs[i].name);
			fprintf(f, ": %llu", (unsigned long long)n);
			if (key->unreachable) {
				fprintf(f, " (unreachable: ");
				esc(f, key->unreachable);
				fprintf(f, ")");
			}
			fprintf(f, "</title></rect>");
		}
	}
	fprintf(f, "</svg></figure>\n");
}

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em;color:#222}"
	"svg{background:#fff;border:1px solid #ccc;display:block}"
	"svg text{font-size:10px;fill:#333}"
	".axis{stroke:#555}.committed-area{fill:#dbe9f6;stroke:#6a9fd0}"
	".chunk-edge{stroke:#6a9fd0;stroke-dasharray:3 2}.bo{fill:#1f5fa8;fill-opacity:.8}"
	"polyline{fill:none;stroke-width:1.5}.committed{stroke:#6a9fd0}.live{stroke:#d2691e}"
	".expansion{fill:#c00}.bar{fill:#1f5fa8}"
	"svg .k-committed{fill:#6a9fd0}svg .k-live{fill:#d2691e}svg .k-expansion{fill:#c00}"
	".cell.hit{fill:#1f5fa8}.cell.miss{fill:#f4c7c3}.cell.unreach{fill:#ddd}"
	".cell.unreach-hit{fill:#e00}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
	"font-size:12px}.fail{color:#c00}";

int rpt_html_write(const struct rpt_input *in, const char *dir)
{
	char path[4096];
	bool made;
	int ret;

	if (snprintf(path, sizeof(path), "%s/index.html", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	ret = rpt_html_mkdir(dir, &made);
	if (ret)
		return ret;
	ret = rpt__write_file(path, rpt_html_dump, in);
	if (ret && made)
		rmdir(dir);
	return ret;
}

int rpt_html_mkdir(const char *dir, bool *made)
{
	*made = !mkdir(dir, 0777);
	if (!*made && errno != EEXIST)
		return -errno;
	return 0;
}

int rpt_html_dump(const struct rpt_input *in, FILE *f)
{
	int ret = 0;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>xdnasim coverage report</title><style>%s</style></head><body>\n"
		"<h1>xdnasim coverage report</h1>\n<table><tr><th>scenario</th><th>design</th>"
		"<th>mode</th><th>device</th><th>seed</th><th>result</th></tr>\n", css);
	for (size_t i = 0; i < in->nruns; i++) {
		const struct rpt_run *r = &in->runs[i];

		fprintf(f, "<tr><td>");
		esc(f, r->name);
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td><td>%llu</td><td%s>%s</td></tr>\n",
			r->rev, r->mode, r->device, (unsigned long long)r->seed,
			r->passed ? "" : " class=\"fail\"",
			!strcmp(r->status, "xfail") ? "xfail" : r->passed ? "pass" :
			!strcmp(r->status, "xpass") ? "XPASS" : "FAIL");
	}
	fprintf(f, "</table>\n");
	for (size_t i = 0; i < in->nruns && !ret; i++) {
		const struct rpt_run *r = &in->runs[i];
		const struct rpt_sample **s = calloc(r->nseries + 1, sizeof(*s));
		u64 *com = calloc(r->nseries + 1, sizeof(u64)), *liv = calloc(r->nseries + 1, sizeof(u64));

		if (!s || !com || !liv) {
			ret = -ENOMEM;
		} else if (r->nseries) {
			fprintf(f, "<section class=\"scenario\"><h2>");
			esc(f, r->name);
			fprintf(f, " <small>%s / %s / %s, seed %llu</small></h2>\n", r->rev, r->mode,
				r->device, (unsigned long long)r->seed);
			for (u32 c = 0; c < r->ninst; c++) {
				size_t n = client_samples(r, c, s);

				if (n)
					heap_map(f, r, c, s, n);
			}
			totals(r, com, liv);
			committed_live(f, r, com, liv);
			hole_histogram(f, r, com, liv);
			fprintf(f, "</section>\n");
		}
		free(s);
		free(com);
		free(liv);
	}
	ledger_heatmap(f, in);
	fprintf(f, "</body></html>\n");
	return ret;
}
