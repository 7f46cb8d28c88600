// SPDX-License-Identifier: MIT
/*
 * fail_nth.c - fail-nth enumeration over a workload, the resource ledger
 * and the outcome rules (scenarios/fail_nth.h).  A test harness above the
 * simulator, beside the scenario runner; its resource ledger and fault
 * counters still read the simulator's private state (sim/sim_priv.h).
 * Its JSON is written by reports/ (rpt_fail_nth_write()).
 */
#include "scenarios/fail_nth.h"
#include "sim/sim_priv.h"
#include "common/errname.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[SIM_FNTH_NR] = {
	[SIM_FNTH_CLEAN] = "clean",
	[SIM_FNTH_PARTIAL] = "partial",
	[SIM_FNTH_ABSORBED] = "absorbed",
	[SIM_FNTH_WRONG_ERRNO] = "wrong-errno",
	[SIM_FNTH_LEAK] = "leak",
	[SIM_FNTH_INVARIANT] = "invariant",
	[SIM_FNTH_UNTOUCHED] = "untouched",
};

static const char *const finding_names[SIM_FIND_NR] = {
	"invalid-addr-to-fw", "lost-chunk", "hwctx-behind", "fw-ctx-leak", "pins-without-fw-ctx",
	"partial-fw-ctx",
};

const char *sim_fnth_outcome_name(enum sim_fnth_outcome o)
{
	return (unsigned int)o < SIM_FNTH_NR ? outcome_names[o] : "?";
}

const char *sim_fnth_finding_name(unsigned int bit)
{
	return bit < SIM_FIND_NR ? finding_names[bit] : "?";
}

static bool chunk_mapped(const struct sim_client *c, const struct sim_bo *bo)
{
	for (u32 i = 0; i < c->nvmas; i++)
		if (c->vmas[i].bo == bo)
			return true;
	return false;
}

static void ledger_client(struct sim *sim, struct sim_client *c, struct sim_fnth_ledger *l)
{
	u32 n = heap_nr_chunks(c->heap);

	l->clients++;
	l->chunks += n;
	l->committed += heap_committed(c->heap);
	l->dev_bos += heap_nr_bos(c->heap);
	l->heap_usage += heap_usage(c->heap);
	l->bo_usage += c->total_bo_usage + c->total_int_bo_usage;
	l->vmas += c->nvmas;
	for (u32 k = 0; k < n; k++) {
		struct heap_chunk_info ci;

		if (!heap_chunk_info(c->heap, k, &ci)) {
			l->refs += ci.refs;
			l->pins += ci.pins;
		}
	}
	for (u32 h = 1; h < c->nhandles; h++) {
		if (!c->handles[h])
			continue;
		if (c->handles[h]->type == SIM_BO_DEV_HEAP)
			l->chunk_handles++;
		else
			l->other_handles++;
	}
	for (struct sim_bo *bo = c->objs; bo && !c->closed; bo = bo->next)
		if (bo->type == SIM_BO_DEV_HEAP && !bo->handles && !chunk_mapped(c, bo))
			l->lost_chunks++;
	for (struct sim_hwctx *h = c->hwctxs; h; h = h->next) {
		u32 a = heap_attach_count(&h->att);

		l->hwctxs++;
		l->attached += a;
		if (a < n)
			l->behind++;
		if (!h->has_fw_ctx && a && !sim->suspended)
			l->no_fw++;
	}
}

void sim_fnth_ledger_take(struct sim *sim, struct sim_fnth_ledger *l)
{
	memset(l, 0, sizeof(*l));
	for (struct sim_client *c = sim->clients; c; c = c->next)
		ledger_client(sim, c, l);
	for (u32 i = 0; i < SIM_MAX_FW_CTX; i++) {
		const struct fw_ctx *x = fw_ctx_get(sim, i);

		if (!x)
			continue;
		l->fw_ctxs++;
		l->fw_bufs += x->nbufs;
		if (sim->fw.leaked & (1u << i))
			l->fw_leaked++;
	}
	for (size_t i = 0; i < sim->iommu.n; i++)
		if (sim->iommu.maps[i].kind != IOMMU_MAP_MGMT)
			l->iommu++;
}

#define LF(f, key, label) { key, label, offsetof(struct sim_fnth_ledger, f), \
			   sizeof(((struct sim_fnth_ledger *)0)->f) == sizeof(u64) }

/* Every ledger field; the detail text lists the labelled ones in this order. */
const struct sim_fnth_ledger_field sim_fnth_ledger_fields[SIM_FNTH_LEDGER_NFIELDS] = {
	LF(chunks, "chunks", "chunks"),
	LF(lost_chunks, "lost_chunks", "lost chunks"),
	LF(committed, "committed", NULL),
	LF(chunk_handles, "chunk_handles", "chunk handles"),
	LF(other_handles, "handles", "handles"),
	LF(vmas, "mmaps", "mmaps"),
	LF(dev_bos, "dev_bos", "DEV BOs"),
	LF(heap_usage, "heap_usage", NULL),
	LF(bo_usage, "bo_usage", NULL),
	LF(hwctxs, "hwctxs", "hwctxs"),
	LF(attached, "attached", "attached"),
	LF(behind, "hwctxs_behind", NULL),
	LF(no_fw, "hwctxs_pinned_without_fw_ctx", NULL),
	LF(refs, "refs", "refs"),
	LF(pins, "pins", "pins"),
	LF(fw_ctxs, "fw_ctxs", "fw ctxs"),
	LF(fw_leaked, "fw_ctxs_leaked", "fw ctxs leaked"),
	LF(fw_bufs, "fw_host_buffers", "fw host bufs"),
	LF(iommu, "iommu_maps", "iommu maps"),
	LF(clients, "clients", "clients"),
};
#undef LF

s64 sim_fnth_ledger_get(const struct sim_fnth_ledger *l, unsigned int i)
{
	const struct sim_fnth_ledger_field *f = &sim_fnth_ledger_fields[i];
	const char *p = (const char *)l + f->off;
	u64 v;
	u32 w;

	if (f->wide) {
		memcpy(&v, p, sizeof(v));
		return (s64)v;
	}
	memcpy(&w, p, sizeof(w));
	return (s32)w;
}

/* @a - @b field by field (unsigned wrap-around = negative). */
static void ledger_sub(const struct sim_fnth_ledger *a, const struct sim_fnth_ledger *b,
		       struct sim_fnth_ledger *d)
{
	for (unsigned int i = 0; i < SIM_FNTH_LEDGER_NFIELDS; i++) {
		const struct sim_fnth_ledger_field *f = &sim_fnth_ledger_fields[i];
		char *p = (char *)d + f->off;
		u64 v = (u64)(sim_fnth_ledger_get(a, i) - sim_fnth_ledger_get(b, i));
		u32 w = (u32)v;

		if (f->wide)
			memcpy(p, &v, sizeof(v));
		else
			memcpy(p, &w, sizeof(w));
	}
}

/* "label +k" items of a delta, for the detail text. */
static void ledger_describe(const struct sim_fnth_ledger *d, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	for (unsigned int i = 0; i < SIM_FNTH_LEDGER_NFIELDS && o < len; i++) {
		s64 v = sim_fnth_ledger_get(d, i);

		if (v && sim_fnth_ledger_fields[i].label)
			o += (size_t)snprintf(buf + o, len - o, "%s%s %+lld", o ? ", " : "",
					      sim_fnth_ledger_fields[i].label, (long long)v);
	}
	if (!o)
		snprintf(buf, len, "nothing");
}

static bool ledger_zero(const struct sim_fnth_ledger *d)
{
	static const struct sim_fnth_ledger zero;

	return !memcmp(d, &zero, sizeof(zero));
}

/* Per-site marks of the baseline: after outermost op @op the site had @calls calls. */
struct mark {
	u64 op;
	u64 calls;
};

struct fnth_ctx {
	const struct sim_workload *wl;
	/* baseline */
	bool baseline;
	struct mark *marks[SIM_FAULT_NR];
	size_t nmarks[SIM_FAULT_NR], capmarks[SIM_FAULT_NR];
	u64 last_calls[SIM_FAULT_NR];
	u64 base_calls[SIM_FAULT_NR];	/* counted before setup (device boot) */
	int err;
	/* faulted run */
	u32 site;
	u64 target_op;
	u64 op_index;
	bool captured;
	u32 viol0;
	u32 partial0;
	struct sim_fnth_ledger before, after;
	unsigned int op;
	u32 client;
	int ret;
	int check;
	struct sim_violation cv;
	char where[96];
	u64 n;
	bool done;
	struct sim_fnth_row row;
	struct sim_fnth_report *r;
};

static void obs_begin(void *p, struct sim *sim)
{
	struct fnth_ctx *x = p;

	if (!x->baseline && x->op_index == x->target_op) {
		sim_fnth_ledger_take(sim, &x->before);
		x->viol0 = sim_violation_count(sim);
		x->partial0 = sim->partial_restarts;
	}
}

static int mark_add(struct fnth_ctx *x, u32 s, u64 op, u64 calls)
{
	if (x->nmarks[s] == x->capmarks[s]) {
		size_t n = x->capmarks[s] ? x->capmarks[s] * 2 : 16;
		struct mark *t = realloc(x->marks[s], n * sizeof(*t));

		if (!t)
			return -ENOMEM;
		x->marks[s] = t;
		x->capmarks[s] = n;
	}
	x->marks[s][x->nmarks[s]].op = op;
	x->marks[s][x->nmarks[s]++].calls = calls;
	return 0;
}

static void obs_end(void *p, struct sim *sim, unsigned int op, u32 client, int ret)
{
	struct fnth_ctx *x = p;
	const char *where;

	if (x->baseline) {
		for (u32 s = 0; s < SIM_FAULT_NR; s++) {
			if (sim->faults.calls[s] == x->last_calls[s])
				continue;
			x->last_calls[s] = sim->faults.calls[s];
			if (mark_add(x, s, x->op_index,
				     sim->faults.calls[s] - x->base_calls[s]))
				x->err = -ENOMEM;
		}
	} else if (x->op_index == x->target_op && sim->faults.fired[x->site]) {
		x->captured = true;
		x->op = op;
		x->client = client;
		x->ret = ret;
		sim_fnth_ledger_take(sim, &x->after);
		x->check = sim_check(sim, &x->cv);
		where = x->wl->where ? x->wl->where(x->wl->ctx) : NULL;
		snprintf(x->where, sizeof(x->where), "%s", where ? where : "");
	}
	x->op_index++;
}

/* Close every client the workload left open (counted as ops, like a process exit). */
static void teardown(struct sim *sim)
{
	while (sim->clients) {
		struct sim_client *c = sim->clients;
		u32 id = c->id;

		if (!c->closed)
			sim_close(sim, id);
		sim_postclose(sim, id);
	}
}

static int row_add(struct sim_fnth_report *r, const struct sim_fnth_row *row)
{
	if (r->nrows == r->cap) {
		size_t n = r->cap ? r->cap * 2 : 64;
		struct sim_fnth_row *t = realloc(r->rows, n * sizeof(*t));

		if (!t)
			return -ENOMEM;
		r->rows = t;
		r->cap = n;
	}
	r->rows[r->nrows++] = *row;
	r->counts[row->outcome]++;
	r->findings |= row->findings;
	return 0;
}

/* The leak rules: what a failed op may not leave (scenarios/fail_nth.h). */
static const char *leak_reason(const struct sim *sim, unsigned int op, const struct sim_fnth_ledger *d)
{
	bool pr = sim->ops->heap_bo_all_or_nothing;

	if (d->dev_bos || d->heap_usage)
		return "DEV BO left";
	if (d->other_handles)
		return "handle left";
	if (d->hwctxs)
		return "hwctx left";
	if (d->clients)
		return "client left";
	if ((s32)d->fw_leaked > 0)
		return "firmware context leaked";
	if ((s32)d->fw_ctxs > 0)
		return "firmware context left";
	if ((s32)d->chunks > 0 && pr && op == SIM_OP_CREATE_BO)
		return "chunk committed (PR CREATE_BO(DEV_HEAP) commits nothing on failure)";
	/* PR attaches only by broadcasting a chunk the op created (docs/driver/heap.md §8.1). */
	if ((s32)d->attached > 0 && pr && (s32)d->chunks <= 0)
		return "attachment kept (PR design)";
	if ((s32)d->chunk_handles > (s32)d->chunks || (s32)d->vmas > (s32)d->chunks ||
	    (s32)d->iommu > (s32)d->chunks)
		return "handle or mapping beyond the new chunks";
	return NULL;
}

static void classify(struct sim *sim, struct fnth_ctx *x, struct sim_fnth_row *row)
{
	const char *leak;
	char desc[160];
	s64 v = sim->faults.pol[x->site].value ? sim->faults.pol[x->site].value :
		sim_fault_sites[x->site].dflt;
	u32 nv = sim_violation_count(sim);

	row->op = x->op;
	row->client = x->client;
	row->ret = x->ret;
	row->expected = sim_fault_expected_errno(x->site, v);
	ledger_sub(&x->after, &x->before, &row->delta);
	ledger_describe(&row->delta, desc, sizeof(desc));
	row->inv = -1;
	for (u32 i = 0; i < nv; i++)
		if (sim_violation_at(sim, i)->number == SIM_INV_NO_INVALID_FW_ADDR)
			row->findings |= SIM_FIND_INVALID_ADDR;
	if (x->after.lost_chunks > x->before.lost_chunks)
		row->findings |= SIM_FIND_LOST_CHUNK;
	if (x->after.behind > x->before.behind)
		row->findings |= SIM_FIND_HWCTX_BEHIND;
	if (x->after.fw_leaked > x->before.fw_leaked || row->left.fw_leaked)
		row->findings |= SIM_FIND_FW_CTX_LEAK;
	if (x->after.no_fw > x->before.no_fw)
		row->findings |= SIM_FIND_PINS_NO_FW;
	if (sim->partial_restarts > x->partial0)
		row->findings |= SIM_FIND_PARTIAL_CTX;

	if (nv > x->viol0) {
		const struct sim_violation *w = sim_violation_at(sim, x->viol0);

		row->outcome = SIM_FNTH_INVARIANT;
		row->inv = w->number;
		snprintf(row->what, sizeof(row->what), "%s: %s", sim_inv_name(w->number), w->why);
		return;
	}
	leak = x->ret ? leak_reason(sim, x->op, &row->delta) : NULL;
	if (leak) {
		row->outcome = SIM_FNTH_LEAK;
		snprintf(row->what, sizeof(row->what), "%s (%s)", leak, desc);
		return;
	}
	if (row->left.clients || row->left.fw_ctxs || row->left.iommu) {
		row->outcome = SIM_FNTH_LEAK;
		snprintf(row->what, sizeof(row->what),
			 "after close: %u clients, %u fw ctxs (%u leaked), %u iommu maps",
			 row->left.clients, row->left.fw_ctxs, row->left.fw_leaked,
			 row->left.iommu);
		return;
	}
	if (x->ret && x->ret != row->expected) {
		row->outcome = SIM_FNTH_WRONG_ERRNO;
		snprintf(row->what, sizeof(row->what), "%s, expected %s (%s)", xerrname(x->ret),
			 xerrname(row->expected), desc);
		return;
	}
	if (!x->ret) {
		row->outcome = SIM_FNTH_ABSORBED;
		snprintf(row->what, sizeof(row->what), "op succeeded (%s)", desc);
		return;
	}
	row->outcome = ledger_zero(&row->delta) ? SIM_FNTH_CLEAN : SIM_FNTH_PARTIAL;
	snprintf(row->what, sizeof(row->what), "%s", row->outcome == SIM_FNTH_CLEAN ?
		 "nothing left" : desc);
}

static void obs_destroy(void *p, struct sim *sim);

static int fnth_setup(void *p, struct sim *sim)
{
	struct fnth_ctx *x = p;
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = x->n };
	struct sim_op_observer obs = { obs_begin, obs_end, obs_destroy, x };

	x->op_index = 0;
	x->captured = false;
	x->check = 0;
	x->done = false;
	if (x->baseline)
		for (u32 s = 0; s < SIM_FAULT_NR; s++)
			x->last_calls[s] = x->base_calls[s] = sim->faults.calls[s];
	else if (sim_fault_set(&sim->faults, x->site, &pol))
		return -EINVAL;
	sim_set_op_observer(sim, &obs);
	return 0;
}

/* At sim_destroy(): close what is open, then judge the run. */
static void obs_destroy(void *p, struct sim *sim)
{
	struct fnth_ctx *x = p;
	struct sim_fnth_row *row = &x->row;
	struct sim_violation v;

	teardown(sim);
	sim_set_op_observer(sim, NULL);
	x->done = true;
	if (x->baseline) {
		x->r->baseline_inv = sim_violation_count(sim) ?
				     sim_violation_at(sim, 0)->number :
				     sim_check(sim, &v) ? v.number : -1;
		for (u32 s = 0; s < SIM_FAULT_NR; s++)
			x->r->calls[s] = x->nmarks[s] ? x->marks[s][x->nmarks[s] - 1].calls : 0;
		return;
	}
	memset(row, 0, sizeof(*row));
	row->site = x->site;
	row->n = x->n;
	row->inv = -1;
	if (!x->captured) {
		row->outcome = SIM_FNTH_UNTOUCHED;
		snprintf(row->what, sizeof(row->what), "call %llu not reached",
			 (unsigned long long)x->n);
		return;
	}
	snprintf(row->where, sizeof(row->where), "%s", x->where);
	sim_fnth_ledger_take(sim, &row->left);
	if (!x->check)
		x->check = sim_check(sim, &x->cv);
	classify(sim, x, row);
	if (x->check && row->outcome != SIM_FNTH_INVARIANT) {
		row->outcome = SIM_FNTH_INVARIANT;
		row->inv = x->cv.number;
		snprintf(row->what, sizeof(row->what), "%s: %s", sim_inv_name(x->cv.number),
			 x->cv.why);
	}
}

/* One run with the site's @n-th call failing. */
static int run_nth(const struct sim_workload *wl, struct fnth_ctx *x, u32 site, u64 n,
		   u64 target_op, struct sim_fnth_report *r)
{
	int ret;

	x->baseline = false;
	x->site = site;
	x->n = n;
	x->target_op = target_op;
	ret = wl->run(wl->ctx, fnth_setup, x);
	if (ret < 0 && !x->done)
		return ret;
	if (!x->done)
		return -EINVAL;		/* the workload never destroyed its device */
	return row_add(r, &x->row);
}

static int baseline(const struct sim_workload *wl, struct fnth_ctx *x,
		    struct sim_fnth_report *r)
{
	x->baseline = true;
	r->baseline_ret = wl->run(wl->ctx, fnth_setup, x);
	if (x->err)
		return x->err;
	if (r->baseline_ret < 0)
		return r->baseline_ret;
	return x->done ? 0 : -EINVAL;
}

/* The outermost op (baseline numbering) that makes the site's @n-th call. */
static u64 op_of_call(const struct fnth_ctx *x, u32 s, u64 n)
{
	for (size_t i = 0; i < x->nmarks[s]; i++)
		if (x->marks[s][i].calls >= n)
			return x->marks[s][i].op;
	return U64_MAX;
}

int sim_fail_nth(const struct sim_workload *wl, const struct sim_fnth_opts *opts,
		 struct sim_fnth_report *report)
{
	u64 sites = opts && opts->sites ? opts->sites : (1ULL << SIM_FAULT_NR) - 1;
	u64 skip = opts ? opts->skip : 0;
	struct fnth_ctx *x;
	int ret;

	memset(report, 0, sizeof(*report));
	if (!wl || !wl->run || (sites >> SIM_FAULT_NR) || (skip >> SIM_FAULT_NR))
		return -EINVAL;
	report->skipped = sites & skip;
	sites &= ~skip;
	report->sites = sites;
	report->max_n = opts ? opts->max_n : 0;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->r = report;
	x->wl = wl;
	ret = baseline(wl, x, report);
	for (u32 s = 0; !ret && s < SIM_FAULT_NR; s++) {
		u64 total = report->calls[s];
		struct sim_fnth_row row;

		if (!(sites & (1ULL << s)))
			continue;
		for (u64 n = 1; !ret && n <= total; n++) {
			if (opts && opts->max_n && n > opts->max_n) {
				report->truncated = true;
				break;
			}
			ret = run_nth(wl, x, s, n, op_of_call(x, s, n), report);
		}
		if (ret || (opts && opts->max_n && total >= opts->max_n + 1))
			continue;
		/* n = total + 1 is the untouched baseline itself (same prefix). */
		memset(&row, 0, sizeof(row));
		row.site = s;
		row.n = total + 1;
		row.outcome = SIM_FNTH_UNTOUCHED;
		row.inv = -1;
		snprintf(row.what, sizeof(row.what), "ran past call %llu untouched",
			 (unsigned long long)total);
		ret = row_add(report, &row);
	}
	for (u32 s = 0; s < SIM_FAULT_NR; s++)
		free(x->marks[s]);
	free(x);
	return ret;
}

void sim_fnth_report_free(struct sim_fnth_report *report)
{
	free(report->rows);
	memset(report, 0, sizeof(*report));
}

static const char *errstr(int e, char *buf, size_t len)
{
	if (!e)
		return "0";
	snprintf(buf, len, "%s", xerrname(e));
	return buf;
}

static void print_sites(FILE *f, const char *label, u64 sites)
{
	if (!sites)
		return;
	fprintf(f, "%s:", label);
	for (u32 k = 0; k < SIM_FAULT_NR; k++)
		if (sites & (1ULL << k))
			fprintf(f, " %s", sim_fault_site_name(k));
	fputc('\n', f);
}

int sim_fnth_print(FILE *f, const struct sim_fnth_report *r)
{
	int at = 0;
	char a[32], b[32];

	/* The "at" column only when the workload names its places. */
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].where[0] && (int)strlen(r->rows[i].where) > at)
			at = (int)strlen(r->rows[i].where);
	fprintf(f, "%-21s %5s %-14s %-*s%s%-10s %-10s %-11s %s\n", "site", "n", "op", at, at ? "at" : "",
		at ? " " : "", "result", "expected", "outcome", "detail");
	for (size_t i = 0; i < r->nrows; i++) {
		const struct sim_fnth_row *w = &r->rows[i];

		if (w->outcome == SIM_FNTH_UNTOUCHED) {
			fprintf(f, "%-21s %5llu %-14s %-*s%s%-10s %-10s %-11s %s\n",
				sim_fault_site_name(w->site), (unsigned long long)w->n, "-", at,
				at ? "-" : "", at ? " " : "", "-", "-", "untouched", w->what);
			continue;
		}
		fprintf(f, "%-21s %5llu %-14s %-*s%s%-10s %-10s %-11s %s",
			sim_fault_site_name(w->site), (unsigned long long)w->n, sim_op_name(w->op),
			at, w->where[0] ? w->where : at ? "-" : "", at ? " " : "",
			errstr(w->ret, a, sizeof(a)), errstr(w->expected, b, sizeof(b)),
			sim_fnth_outcome_name(w->outcome), w->what);
		for (unsigned int k = 0; k < SIM_FIND_NR; k++)
			if (w->findings & (1u << k))
				fprintf(f, " [%s]", finding_names[k]);
		fputc('\n', f);
	}
	fprintf(f, "runs: %zu;", r->nrows);
	for (unsigned int o = 0; o < SIM_FNTH_NR; o++)
		fprintf(f, " %s %u", outcome_names[o], r->counts[o]);
	fprintf(f, "%s\n", r->truncated ? " (truncated by --max-n)" : "");
	print_sites(f, "skipped (the workload programs them itself)", r->skipped);
	fprintf(f, "findings:");
	if (!r->findings)
		fprintf(f, " none");
	for (unsigned int k = 0; k < SIM_FIND_NR; k++)
		if (r->findings & (1u << k))
			fprintf(f, " %s", finding_names[k]);
	fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}
