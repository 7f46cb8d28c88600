// SPDX-License-Identifier: MIT
/*
 * run_print.c - the readable output of a run (per-scenario summary and the
 * final table) and the result checker run_result_check().
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/errname.h"

void run_format_size(u64 bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB" };
	int u = -1;
	u64 div = 1;

	while (u < 2 && bytes >= div * 1024 && bytes % (div * 1024 / 8) == 0) {
		div *= 1024;
		u++;
	}
	if (u < 0) {
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
		return;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%llu %s", (unsigned long long)(bytes / div), units[u]);
	else
		snprintf(buf, len, "%.3g %s", (double)bytes / (double)div, units[u]);
}

static const char *inst_name(const struct run_result *res, u32 g)
{
	return g < res->nr_instances ? res->instances[g].name : "-";
}

static void print_violation(FILE *f, const struct run_result *res)
{
	const struct run_violation_info *v = &res->violation;

	if (res->nr_notes)
		fprintf(f, "  notes: %u stale firmware address(es) (docs/driver/heap.md §14 item 9), first: "
			"client %u hwctx %u chunk %u sent %#llx, now %#llx\n", res->nr_notes,
			res->note.client, res->note.hwctx, res->note.chunk,
			(unsigned long long)res->note.sent, (unsigned long long)res->note.now);
	if (!v->found) {
		fprintf(f, "  invariant violations: none\n");
		return;
	}
	fprintf(f, "  first invariant violation: sim.%d %s: %s\n", v->number, v->name, v->why);
	if (v->op == U64_MAX)
		fprintf(f, "    found by the end-of-run check; seed %llu\n",
			(unsigned long long)res->seed);
	else
		fprintf(f, "    after op %llu (%s, %s:%u), seed %llu\n", (unsigned long long)v->op,
			inst_name(res, v->instance), res->scn->file, v->loc.line,
			(unsigned long long)res->seed);
}

const char *run_status_label(enum run_status s)
{
	static const char *const labels[] = {
		[RUN_PASS] = "PASS", [RUN_FAIL] = "FAIL", [RUN_ERROR] = "ERROR",
		[RUN_XFAIL] = "XFAIL", [RUN_XPASS] = "XPASS",
	};

	return (unsigned int)s < ARRAY_SIZE(labels) ? labels[s] : "?";
}

/* The unexpected failures: the first RUN_PRINT_FAILURES, then how many more. */
static void print_failures(FILE *f, const struct run_result *res)
{
	u32 shown = run_min(res->nr_failures, RUN_PRINT_FAILURES);

	if (!res->failures_total) {
		fprintf(f, "  unexpected failures: none");
		if (res->tolerated)
			fprintf(f, " (%llu declared by 'allow' or injected)",
				(unsigned long long)res->tolerated);
		fputc('\n', f);
		return;
	}
	fprintf(f, "  unexpected failures: %llu", (unsigned long long)res->failures_total);
	for (int k = 0, n = 0; k < RUN_FK_COUNT; k++)
		if (res->failures_by_kind[k])
			fprintf(f, "%s%s %llu", n++ ? ", " : " (", run_failure_kind_name(k),
				(unsigned long long)res->failures_by_kind[k]);
	fputs(")\n", f);
	for (u32 i = 0; i < shown; i++) {
		const struct run_failure *fl = &res->failures[i];

		if (fl->op == U64_MAX)
			fprintf(f, "    %s: end of run: %s\n", res->scn->file, fl->reason);
		else
			fprintf(f, "    %s:%u:%u: %s [op %llu, %s]: %s\n", res->scn->file,
				fl->loc.line, fl->loc.column, fl->step, (unsigned long long)fl->op,
				inst_name(res, fl->instance), fl->reason);
	}
	if (res->failures_total > shown)
		fprintf(f, "    ... and %llu more (all of them in the JSON report)\n",
			(unsigned long long)(res->failures_total - shown));
}

int run_print_summary(FILE *f, const struct run_result *res)
{
	const struct scn *s = res->scn;
	char a[32], b[32], c[32];
	u64 failures = 0;
	bool first = true;

	fprintf(f, "== %s (%s)\n", s->name, s->file);
	if (res->status == RUN_ERROR) {
		fprintf(f, "  error: %s\n", res->error);
		return ferror(f) ? -EIO : 0;
	}
	fprintf(f, "  device %s, firmware %u.%u, revision %s, mode %s, seed %llu%s\n", res->device,
		res->fw_major, res->fw_minor, drv_rev_name(res->rev),
		addr_mode_name(res->mode), (unsigned long long)res->seed,
		res->check_every_op ? ", check every op" : "");
	fprintf(f, "  expectations: %u passed, %u failed\n", res->expects_passed,
		res->expects_failed);
	for (u32 i = 0; i < res->nr_expects; i++) {
		const struct run_expect_result *e = &res->expects[i];

		fprintf(f, "    %s %s:%u: %s", e->pass ? "PASS" : "FAIL", s->file, e->loc.line,
			e->text);
		if (e->checked > 1)
			fprintf(f, " (x%llu)", (unsigned long long)e->checked);
		if (!e->pass) {
			fprintf(f, "\n         %s", e->detail);
			if (e->op != U64_MAX)
				fprintf(f, " [op %llu, %s, seed %llu]", (unsigned long long)e->op,
					inst_name(res, e->instance), (unsigned long long)res->seed);
		}
		fputc('\n', f);
	}
	fprintf(f, "  ops: %llu%s, simulated time %.3f ms\n", (unsigned long long)res->nr_ops,
		res->stopped ? " (stopped at the first violation)" : "",
		(double)res->sim_time_ns / 1e6);
	fprintf(f, "  expansions: %llu (fragmentation-induced %llu), premature OOM: %llu\n",
		(unsigned long long)res->total.v[RUN_M_EXPANSIONS],
		(unsigned long long)res->total.v[RUN_M_FRAG_EXPANSIONS],
		(unsigned long long)res->total.v[RUN_M_PREMATURE_OOM]);
	fprintf(f, "  failures by errno:");
	for (u32 e = 1; e < RUN_MAX_ERRNO; e++) {
		if (!res->failures_by_errno[e])
			continue;
		fprintf(f, "%s %s %llu", first ? "" : ",", xerrname((int)e),
			(unsigned long long)res->failures_by_errno[e]);
		failures += res->failures_by_errno[e];
		first = false;
	}
	fprintf(f, "%s\n", failures ? "" : " none");
	for (u32 g = 0; g < res->nr_instances; g++) {
		const struct run_instance_result *ir = &res->instances[g];

		run_format_size(ir->m.v[RUN_M_PEAK_COMMITTED], a, sizeof(a));
		run_format_size(ir->m.v[RUN_M_PEAK_LIVE], b, sizeof(b));
		fprintf(f, "  %s: peak committed %s, peak live %s", ir->name, a, b);
		if (ir->peak_op == U64_MAX) {
			fprintf(f, "; no op ran\n");
			continue;
		}
		run_format_size(ir->peak_op_live, a, sizeof(a));
		run_format_size(ir->peak_largest_hole, c, sizeof(c));
		fprintf(f, "; at peak live (op %llu, live %s): external fragmentation %.4f, largest hole %s\n",
			(unsigned long long)ir->peak_op, a, ir->peak_ext_frag, c);
	}
	print_violation(f, res);
	fprintf(f, "  jobs: %llu submitted, %llu completed, %llu aborted, %llu timed out; "
		"firmware faults: %llu\n",
		(unsigned long long)res->total.v[RUN_M_JOBS_SUBMITTED],
		(unsigned long long)res->total.v[RUN_M_JOBS_COMPLETED],
		(unsigned long long)res->total.v[RUN_M_JOBS_ABORTED],
		(unsigned long long)res->total.v[RUN_M_JOBS_TIMED_OUT],
		(unsigned long long)res->total.v[RUN_M_FW_FAULTS]);
	print_failures(f, res);
	if (s->known_bug)
		fprintf(f, "  known bug %s%s: %s\n", s->known_bug->ref,
			res->known_bug ? "" : " (not in this revision)", s->known_bug->text);
	fprintf(f, "  result: %s\n", run_status_label(res->status));
	return ferror(f) ? -EIO : 0;
}

/*
 * The final table.  Sizes are MiB with two decimals in every row, so a
 * column compares at a glance; the header's second line gives the unit.
 */
#define TABLE_FMT "%-34s %-8s %-8s %-6s %7s %6s %6s %10s %10s %8s\n"

static void mib(u64 bytes, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", (double)bytes / (double)SZ_1M);
}

int run_print_table_header(FILE *f)
{
	char units[160];
	size_t n;

	fprintf(f, TABLE_FMT, "scenario", "revision", "mode", "result", "expect", "grow",
		"failed", "peak heap", "peak live", "ops");
	snprintf(units, sizeof(units), TABLE_FMT, "", "", "", "", "ok/all", "chunks", "steps",
		 "MiB", "MiB", "");
	for (n = strlen(units); n && (units[n - 1] == ' ' || units[n - 1] == '\n'); n--)
		;
	fprintf(f, "%.*s\n", (int)n, units);
	return ferror(f) ? -EIO : 0;
}

int run_print_table_row(FILE *f, const struct run_result *res)
{
	char exp[24], pc[32], pl[32], grow[24], failed[24], ops[24];

	if (res->status == RUN_ERROR) {
		fprintf(f, "%-34s %-8s %-8s %-6s\n", res->scn ? res->scn->name :
			res->input ? res->input : "?", "-", "-", "ERROR");
		return ferror(f) ? -EIO : 0;
	}
	snprintf(exp, sizeof(exp), "%u/%u", res->expects_passed, res->nr_expects);
	snprintf(grow, sizeof(grow), "%llu", (unsigned long long)res->total.v[RUN_M_EXPANSIONS]);
	snprintf(failed, sizeof(failed), "%llu", (unsigned long long)res->total.v[RUN_M_FAILURES]);
	snprintf(ops, sizeof(ops), "%llu", (unsigned long long)res->nr_ops);
	mib(res->peak_all_committed, pc, sizeof(pc));
	mib(res->peak_all_live, pl, sizeof(pl));
	fprintf(f, TABLE_FMT, res->scn->name, drv_rev_name(res->rev),
		addr_mode_name(res->mode), run_status_label(res->status), exp, grow,
		failed, pc, pl, ops);
	return ferror(f) ? -EIO : 0;
}

int run_print_table_legend(FILE *f)
{
	fprintf(f,
		"\n"
		"expect: expectations that held / all; grow: heap chunks the shim added on EAGAIN\n"
		"(metric expansions); failed: steps that ended in an error (metric failures);\n"
		"peak heap / peak live: the most committed / live bytes of all clients' heaps\n"
		"at one moment; ops: leaf steps run.  Metrics: scenarios/README.md.\n"
		"result: PASS, FAIL, XFAIL (failed as its known_bug declares), XPASS\n"
		"(passed although a known_bug is declared), ERROR (docs/run.md \"Verdicts\").\n");
	return ferror(f) ? -EIO : 0;
}

static int bad(char *why, size_t len, const char *msg, unsigned long long a)
{
	snprintf(why, len, msg, a);
	return -EUCLEAN;
}

int run_result_check(const struct run_result *res, char *why, size_t len)
{
	u64 sum = 0;
	u32 passed = 0, failed = 0;

	if (res->status == RUN_ERROR)
		return 0;
	for (u64 i = 0; i < res->nr_series; i++) {
		const struct run_op *o = &res->series[i];
		const struct run_instance_result *ir;

		if (o->index != i || o->instance >= res->nr_instances || !o->step ||
		    !o->step->loc.line)
			return bad(why, len, "run.R1: op record %llu is malformed", i);
		ir = &res->instances[o->instance];
		if (o->committed > ir->m.v[RUN_M_PEAK_COMMITTED] ||
		    o->live > ir->m.v[RUN_M_PEAK_LIVE])
			return bad(why, len, "run.R4: op %llu exceeds its instance's peaks", i);
	}
	for (u32 i = 0; i < res->nr_expects; i++) {
		const struct run_expect_result *e = &res->expects[i];

		if (e->failed > e->checked && e->checked)
			return bad(why, len, "run.R2: expectation %llu failed more often than checked", i);
		if (e->pass)
			passed++;
		else
			failed++;
	}
	if (passed != res->expects_passed || failed != res->expects_failed ||
	    passed + failed != res->nr_expects)
		return bad(why, len, "run.R2: expectation tallies do not add up (%llu)", passed);
	if ((res->status == RUN_PASS || res->status == RUN_XPASS) !=
	    (!failed && !res->stopped && !res->failures_total) ||
	    (res->status == RUN_XFAIL || res->status == RUN_XPASS) != res->known_bug)
		return bad(why, len, "run.R3: status %llu contradicts the expectations", res->status);
	for (u32 e = 0; e < RUN_MAX_ERRNO; e++)
		sum += res->failures_by_errno[e];
	if (sum != res->total.v[RUN_M_FAILURES])
		return bad(why, len, "run.R5: failures by errno sum to %llu", sum);
	for (u32 g = 0; g < res->nr_instances; g++) {
		const struct run_metrics *m = &res->instances[g].m;

		if (m->v[RUN_M_PEAK_COMMITTED] > res->peak_all_committed ||
		    m->v[RUN_M_PEAK_LIVE] > res->peak_all_live)
			return bad(why, len, "run.R6: instance %llu peaks above the simultaneous peak", g);
	}
	if (res->peak_all_committed > res->total.v[RUN_M_PEAK_COMMITTED] ||
	    res->peak_all_live > res->total.v[RUN_M_PEAK_LIVE])
		return bad(why, len, "run.R6: simultaneous peak %llu above the sum of peaks",
			   res->peak_all_committed);
	return 0;
}

int run_compare(const struct run_result *a, const struct run_result *b,
		struct run_divergence *d)
{
	u64 n = run_min(a->nr_series, b->nr_series);

	memset(d, 0, sizeof(*d));
	if (a->scn != b->scn || (a->nr_ops && !a->nr_series) || (b->nr_ops && !b->nr_series))
		return -EINVAL;
	for (u64 i = 0; i < n; i++) {
		const struct run_op *x = &a->series[i], *y = &b->series[i];

		d->what = x->err != y->err ? "result" : x->addr != y->addr ? "addr" :
			  x->expansions != y->expansions ? "expansions" :
			  x->job != y->job ? "job" : NULL;
		if (d->what) {
			d->found = true;
			d->op = i;
			d->a = x;
			d->b = y;
			return 0;
		}
	}
	if (a->nr_series != b->nr_series) {
		d->found = true;
		d->op = n;
		d->what = "length";
		d->a = n < a->nr_series ? &a->series[n] : NULL;
		d->b = n < b->nr_series ? &b->series[n] : NULL;
	}
	return 0;
}
