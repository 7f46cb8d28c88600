/* SPDX-License-Identifier: MIT */
/*
 * html_priv.h - what the report pages share (html_util.c): escaping,
 * number formats, the page frame and its style sheet, SVG charts with
 * ticked axes, and the downsampling of a run's series into pixel columns.
 *
 * Every page is one self-contained file: inline CSS and SVG, no script,
 * no network.  Every chart is an <svg class="chart KIND" role="img"> with
 * a <title> (its text alternative); every mark has a <title> tooltip and a
 * shape or letter besides its colour.  Output depends only on the inputs.
 */
#ifndef XDNASIM_REPORTS_HTML_PRIV_H
#define XDNASIM_REPORTS_HTML_PRIV_H

#include <stdio.h>

#include "reports/report.h"

/* Chart geometry (px): width, left/right/top/bottom margins, plot columns. */
#define HW 960
#define HML 84
#define HMR 24
#define HMT 14
#define HMB 40
#define HPW (HW - HML - HMR)
#define HCOLS (HPW / 2)
/* Per-client lines drawn per chart (the sum always is). */
#define HMAX_LINES 8
/* Failure rows listed (the rest counted). */
#define HMAX_FAILS 60

void h_esc(FILE *f, const char *s);		/* rpt__xml_put() */
void h_bytes(char *buf, size_t len, u64 b);	/* "64 MiB", "1.5 MiB", "12 KiB", "0" */
void h_time(char *buf, size_t len, u64 ns);	/* "3 s", "1.25 ms", "40 µs", "0" */

/* The page frame: doctype, title, style sheet (@extra_css appended), <body>. */
void h_page_begin(FILE *f, const char *title, const char *extra_css);
void h_page_end(FILE *f);

/* Value kinds of an axis. */
enum h_axis { HA_OP, HA_TIME, HA_BYTES, HA_RATIO, HA_COUNT };

/* A chart: its plot area and the value ranges mapped onto it. */
struct h_chart {
	FILE *f;
	int h;			/* total height */
	double x0, x1;		/* x domain */
	double y0, y1;		/* y domain */
	enum h_axis xk, yk;
};

/*
 * h_chart_begin - <figure id=@id><figcaption>@caption</figcaption><svg
 * class="chart @cls">; @alt is the chart's text alternative (<title>).
 */
void h_chart_begin(struct h_chart *c, FILE *f, const char *cls, const char *id,
		   const char *caption, const char *alt, int height);
void h_chart_end(struct h_chart *c, const char *after);

/* Axes with ticks, grid lines, tick labels and the axis titles. */
void h_xaxis(struct h_chart *c, const char *title);
void h_yaxis(struct h_chart *c, const char *title);

double h_x(const struct h_chart *c, double v);
double h_y(const struct h_chart *c, double v);

/* Tick label of @v on an axis of kind @k with tick step @step. */
void h_tick_label(char *buf, size_t len, enum h_axis k, double v, double step);

/* One pixel column of a downsampled quantity. */
struct h_col {
	bool any;
	double min, max, last;
};

/* Quantities of the series. */
enum h_qty {
	HQ_COMMITTED, HQ_LIVE, HQ_LARGEST_HOLE, HQ_EXT_FRAG, HQ_ALIGN_WASTE, HQ_SEARCH_PER_OP,
	HQ_HOLES,
};

/*
 * h_downsample - @q of instance @inst (U32_MAX: summed over the instances,
 * each as of its latest op; a closed instance counts 0) into HCOLS columns
 * by op (@by_time false) or by simulated time over [@x0, @x1].  Columns
 * without a row carry the last value forward from the first row on.
 * HQ_SEARCH_PER_OP is the mean search cost per op of the column's rows.
 */
void h_downsample(const struct rpt_page *p, u32 inst, enum h_qty q, bool by_time, double x0,
		  double x1, struct h_col *out);

/* Draw @col as a step line (class @cls) with a min-max envelope; @label is its title. */
void h_series(struct h_chart *c, const struct h_col *col, const char *cls, const char *label);

/* Draw @col's maxima as 2-px bars from 0 (per-op quantities such as the search cost). */
void h_bars(struct h_chart *c, const struct h_col *col, const char *cls, const char *label);

/* The largest value of @col (max), at least @floor. */
double h_col_max(const struct h_col *col, double floor);

/* "FILE:LINE:COLUMN" of @r's scenario (LINE and COLUMN only when not 0). */
void h_where(FILE *f, const struct rpt_run *r, u32 line, u32 column);

/* The verdict badge of @r: PASS, FAIL, XFAIL, XPASS or ERROR, with a symbol besides its colour. */
void h_verdict(FILE *f, const struct rpt_run *r);

/* Page file name of run @i ("run-3.html"). */
void h_run_page_name(char *buf, size_t len, size_t i);

/* Run @i's page (html_run.c) to @f; 0 or -ENOMEM.  The heap maps: html_maps.c. */
int h_run_page_dump(const struct rpt_input *in, size_t i, FILE *f);
void h_maps_section(FILE *f, const struct rpt_run *r, size_t max_maps);
void h_map_figure(FILE *f, const struct rpt_run *r, const struct rpt_map *m, size_t k);
void h_hole_histogram(FILE *f, const struct rpt_run *r, const struct rpt_map *m, const char *id);

/* The events chart of @r (one row per mark kind); @title NULL: the default caption. */
void h_events_chart(FILE *f, const struct rpt_run *r, bool by_time, const char *idp, double x1,
		    const char *cursors, const char *title);

/* A moment on the time axis: an op, and its simulated time (U64_MAX: look it up in the series). */
struct h_moment {
	u64 op;
	u64 time_ns;
};

/* Vertical lines (class "@cls c-f-K") at @m, as SVG text (malloc'd; NULL: no memory). */
char *h_cursor_svg(const struct rpt_run *r, bool by_time, double x1, const struct h_moment *m,
		   size_t n, const char *cls);

/* The op axis domain of @r: its op count (at least 1). */
double h_op_domain(const struct rpt_run *r);

/* The timeline charts of one run (html_run.c), for the run and compare pages. */
void h_timeline(FILE *f, const struct rpt_run *r, bool by_time, const char *idp, double x1,
		const struct h_moment *cursor, size_t ncursor);

#endif /* XDNASIM_REPORTS_HTML_PRIV_H */
