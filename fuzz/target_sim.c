// SPDX-License-Identifier: MIT
/*
 * target_sim.c - the simulator fuzz target: random workloads of two clients
 * through the shim and raw ioctls, with up to two injected faults, in every
 * driver revision (or the one `--revision` fixes), all address modes (or the
 * one `--mode` fixes), NPU4 and NPU1.
 *
 * The target has no interpreter of simulator operations of its own: it
 * decodes an input into a scenario (scenarios/README.md) and runs it through
 * the runner (run_scenario(), the one interpreter, scenarios/run_ops.c),
 * with sim_check() after every operation.  Its reproducer is that scenario,
 * written by the scenario writer (scn_dump()).
 *
 * The decoder keeps only what the scenario names: which client is open,
 * which BO labels and hwctx names it allocated and not yet freed.  An
 * operation whose names do not exist is not written (nor counted); one whose
 * object failed to come into being runs and fails in the runner, as in any
 * scenario.  Every step says 'expect: any'; at the end every client still
 * open closes.
 *
 * Faults: up to two sites failing at their nth call, or a storm: every
 * site (but DESTROY_CONTEXT, whose failure leaks the context for real)
 * failing with probability 1/40.
 *
 * Checks: no invariant violation (F2): none that the driver model or the
 * firmware records during any operation, and none from sim_check() after
 * it (the runner's step hook), unless a known driver finding of the
 * revision run explains it (sf2_known(): the target's known_bug list, each
 * entry citing the driver); a failure names the invariant and the step's
 * FILE:LINE:COLUMN in the reproducer.  No positive result (F3), and at the end the event
 * log balances: each chunk created is freed, each pin unpinned, each IOMMU
 * mapping unmapped, each PASID bound unbound (F4).  In a fault-free input,
 * the shim accounting model (sf2_account()) after every op of a client it
 * covers (F1): heap usage = its live DEV BOs page-rounded (a BO a hwctx
 * holds as its CU PDI lives until the hwctx goes, unless the revision frees
 * the range at the last handle close) + 16 KiB per hwctx;
 * chunks = 1 + the expansions the runner reports.
 *
 * Operations: open, close (the shim's), DEV BO allocation through the shim
 * or one ioctl, free, hwctx create/destroy, exec (optionally hung), SYNC_BO,
 * advance, suspend/resume/power cycle, TDR, chunk create, mmap of a chunk
 * at its own or another chunk's slot, munmap, chunk close, CONFIG_CU.
 */
#include "fuzz/stream.h"
#include "sim/sim.h"
#include "scenarios/run.h"
#include "scenarios/scn.h"
#include "common/errname.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SF2_CLIENTS 2
#define SF2_BOS 24
#define SF2_HWCTX 6
#define SF2_FAULTS 2
#define SF2_HEADER (4 + 3 * SF2_FAULTS)
#define SF2_OP_LEN 8
#define SF2_M 0x100000ULL
/* The scenario's name in FILE:LINE:COLUMN, and its first line (a comment). */
#define SF2_FILE "fuzz_sim.yaml"
#define SF2_HEADER_LINE "# A scenario written by 'xdnasim fuzz --target sim' (docs/fuzzing.md).\n"

struct sf2_fault {
	u32 site;		/* SIM_FAULT_* (sim/fault_sites.def, the one table of sites) */
	u32 nth;
	u8 val;			/* host: 0 ENOMEM, 1 EFAULT; fw: 0 INVALID_PARAM, 1 NOAVAIL, 2 timeout */
};

struct sf2_bo {
	bool live;
	u32 label;
	u64 size;
};

/*
 * struct sf2_line - what the accounting model needs of one written step:
 * its client, kind (SF2_L_*), BO label, hwctx name and size.
 */
enum { SF2_L_OPEN, SF2_L_CLOSE, SF2_L_ALLOC, SF2_L_FREE, SF2_L_HWCTX, SF2_L_DESTROY,
       SF2_L_EXEC, SF2_L_HANG, SF2_L_CU, SF2_L_KEEP, SF2_L_PM, SF2_L_OUT,
       SF2_L_CYCLE };

struct sf2_line {
	u8 client, kind;
	u32 label, hname;
	u64 size;
};

struct sf2_client {
	bool open;
	struct sf2_bo bo[SF2_BOS];
	bool hwctx[SF2_HWCTX];
	u32 hname[SF2_HWCTX];	/* scenario name number */
};

/* A growable text buffer. */
struct sf2_text {
	char *p;
	size_t len, cap;
	bool oom;
};

/*
 * struct sf2 - one input: its configuration, the decoder's names, the
 * scenario text being written, and what the run saw.
 * @lines: each step's short form, one line each, in execution order, and
 * @line its client and what the accounting model needs.
 */
struct sf2 {
	struct sf2_cfg {
		enum drv_rev rev;
		u8 mode, pages;
		const char *device;
	} cfg;
	struct sf2_client c[SF2_CLIENTS];
	struct sf2_fault fault[SF2_FAULTS];
	u32 nfaults;
	bool storm;		/* every site fails with probability 1/40 instead */
	u32 labels, hwctxs;	/* scenario names handed out */
	struct sf2_text steps[SF2_CLIENTS];
	struct sf2_text order;
	struct sf2_text lines;
	struct sf2_line *line;
	size_t nlines, cap_lines;
	/* the run */
	struct sim *sim;
	u64 ev_next;		/* the first event sequence number not folded */
	s64 pins, chunks, maps, binds;
	bool hung;		/* a hung command was submitted (the planted bug's trigger) */
	u64 op;			/* ops run so far */
	u32 viol_seen;		/* the simulator's violations judged so far */
	const char *known;	/* the first known driver finding that explained one (sf2_known()) */
	bool no_known;		/* FUZZ_PLANT_NO_KNOWN: none is known */
	struct scn_loc loc;	/* the step of op @op - 1 */
	bool failed;		/* violation @v (a recorded one or sim_check()'s) after op @fail_op */
	u64 fail_op;
	struct scn_loc fail_loc;
	struct sim_violation v;
	char *yaml;		/* the scenario run, as the scenario writer wrote it */
	size_t yaml_len;
};

static void tx_printf(struct sf2_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tx_printf(struct sf2_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if (t->p && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t cap = (t->cap + (size_t)n + 1) * 2;
			char *p = realloc(t->p, cap);

			if (!p) {
				t->oom = true;
				return;
			}
			t->p = p;
			t->cap = cap;
		}
	}
}

/*
 * The written step states no expectation of its own ('expect: any':
 * `xdnasim run` judges only what no step covers, docs/run.md "Verdicts"),
 * and hwctx_create is the bare ioctl ('cu: none').  @line is "OP",
 * "OP: SCALAR" (the op's shorthand) or "OP: {ARGS}", rewritten in place into
 * the mapping form.
 */
static void sf2_declare(char *line, size_t len)
{
	static const struct {
		const char *op;
		const char *key;
	} shorthand[] = {
		{ "hwctx_create", "name" }, { "hwctx_destroy", "name" }, { "free", "label" },
		{ "chunk_create", "size" }, { "chunk_close", "chunk" },
	};
	const char *extra = strncmp(line, "hwctx_create", 12) ? "" : "cu: none, ";
	char out[320], *colon = strchr(line, ':');

	if (!strncmp(line, "advance", 7))
		return;		/* advance takes no 'expect' */
	if (!colon) {
		snprintf(out, sizeof(out), "%s: {expect: any}", line);
	} else if (colon[2] == '{') {
		size_t n = strlen(line);

		snprintf(out, sizeof(out), "%.*s, %sexpect: any}", (int)(n - 1), line, extra);
	} else {
		const char *key = "?";

		for (size_t i = 0; i < ARRAY_SIZE(shorthand); i++)
			if (!strncmp(line, shorthand[i].op, strlen(shorthand[i].op)) &&
			    line + strlen(shorthand[i].op) == colon)
				key = shorthand[i].key;
		snprintf(out, sizeof(out), "%.*s: {%s: %s, %sexpect: any}", (int)(colon - line),
			 line, key, colon + 2, extra);
	}
	snprintf(line, len, "%s", out);
}

/*
 * Write one step of client @k: its scenario form, its place in the order,
 * its op-list line and @l (its kind, BO label, hwctx name, size).
 */
static void sf2_step(struct sf2 *f, u32 k, struct sf2_line l, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void sf2_step(struct sf2 *f, u32 k, struct sf2_line l, const char *fmt, ...)
{
	char line[320], full[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s", line);
	sf2_declare(full, sizeof(full));
	tx_printf(&f->steps[k], "      - %s\n", full);
	tx_printf(&f->order, "%sc%u", f->order.len ? ", " : "", k);
	tx_printf(&f->lines, "%s\n", line);
	if (f->nlines == f->cap_lines) {
		size_t cap = f->cap_lines ? 2 * f->cap_lines : 64;
		struct sf2_line *p = realloc(f->line, cap * sizeof(*p));

		if (!p) {
			f->lines.oom = true;
			return;
		}
		f->line = p;
		f->cap_lines = cap;
	}
	l.client = (u8)k;
	f->line[f->nlines++] = l;
}

/* ---------------------------------------------------------------------- */
/* Decoding. */

struct sf2_op {
	u8 code;
	u8 client;
	u8 a;
	u8 b;
	u32 v;
};

static bool sf2_decode(struct fz_stream *s, struct sf2_op *op)
{
	op->code = fz_u8(s) % 20;
	op->client = fz_u8(s) % SF2_CLIENTS;
	op->a = fz_u8(s);
	op->b = fz_u8(s);
	op->v = fz_u32(s);
	return !s->eof;
}

static bool sf2_skip(struct fz_stream *s)
{
	struct sf2_op op;

	return sf2_decode(s, &op);
}

/*
 * The header; @o->has_rev and @o->has_mode fix the revision and the mode
 * (`--revision R`, `--mode M`), else the input picks them.
 */
static void sf2_header(struct fz_stream *s, struct sf2 *f, const struct fuzz_opts *o)
{
	u8 d = fz_u8(s), m = fz_u8(s), dev = fz_u8(s), nf = fz_u8(s);

	f->cfg.rev = o && o->has_rev ? o->rev : (enum drv_rev)(d % REV_MERGED_NR);
	f->cfg.mode = o && o->has_mode ? (u8)o->mode : m % 3;
	f->cfg.device = dev % 4 == 0 ? "npu1" : "npu4";
	f->cfg.pages = 1 + (dev >> 4) % 2;
	f->nfaults = nf % (SF2_FAULTS + 2);
	f->storm = f->nfaults == SF2_FAULTS + 1;
	if (f->nfaults > SF2_FAULTS)
		f->nfaults = 0;
	for (u32 i = 0; i < SF2_FAULTS; i++) {
		f->fault[i].site = fz_below(s, SIM_FAULT_NR);
		f->fault[i].nth = 1 + fz_u8(s) % 8;
		f->fault[i].val = fz_u8(s) % 3;
	}
	/* One rule per site (a scenario allows no more). */
	if (f->nfaults == 2 && f->fault[0].site == f->fault[1].site)
		f->nfaults = 1;
}

static u64 sf2_size(const struct sf2_op *op)
{
	switch (op->a % 8) {
	case 0: case 1: case 2:
		return 1 + op->v % (64 * 1024);
	case 3: case 4:
		return (1 + op->v % 16) * SF2_M;
	case 5:
		return (64 + op->v % 140) * SF2_M;
	case 6:
		return (1 + op->v % 4) * 64 * SF2_M;
	default:
		return 1 + (u64)op->v * 160;
	}
}

static struct sf2_bo *sf2_pick_bo(struct sf2_client *c, u32 sel)
{
	u32 n = 0;

	for (u32 i = 0; i < SF2_BOS; i++)
		n += c->bo[i].live;
	if (!n)
		return NULL;
	sel %= n;
	for (u32 i = 0; i < SF2_BOS; i++)
		if (c->bo[i].live && sel-- == 0)
			return &c->bo[i];
	return NULL;
}

static int sf2_pick_hwctx(struct sf2_client *c, u32 sel)
{
	u32 n = 0;

	for (u32 i = 0; i < SF2_HWCTX; i++)
		n += c->hwctx[i];
	if (!n)
		return -1;
	sel %= n;
	for (u32 i = 0; i < SF2_HWCTX; i++)
		if (c->hwctx[i] && sel-- == 0)
			return (int)i;
	return -1;
}

static void sf2_client_reset(struct sf2_client *c)
{
	memset(c, 0, sizeof(*c));
}

/*
 * Write the step @op decodes to, or nothing when a name it needs does not
 * exist (the client is not open, no BO label or hwctx name is live, every
 * BO or hwctx slot is in use).  Returns whether a step was written.
 */
static bool sf2_write_op(struct sf2 *f, const struct sf2_op *op)
{
	static const char *const health[] = { "ok", "fatal", "dead" };
	struct sf2_client *c = &f->c[op->client];
	u32 k = op->client, slot;
	struct sf2_bo *bo;
	int h;

	if (!c->open && op->code != 0)
		return false;
	switch (op->code) {
	case 0:
		if (c->open)
			return false;
		sf2_step(f, k, (struct sf2_line){ .kind = SF2_L_OPEN }, "open");
		c->open = true;
		break;
	case 1:
		sf2_step(f, k, (struct sf2_line){ .kind = SF2_L_CLOSE }, "close");
		sf2_client_reset(c);
		break;
	case 2: case 3: case 4: case 5:
		for (slot = 0; slot < SF2_BOS && c->bo[slot].live; slot++)
			;
		if (slot == SF2_BOS)
			return false;
		c->bo[slot] = (struct sf2_bo){ true, f->labels++, sf2_size(op) };
		bo = &c->bo[slot];
		sf2_step(f, k, (struct sf2_line){ .kind = SF2_L_ALLOC, .label = bo->label,
						  .size = bo->size },
			 "alloc: {label: b%u, size: %#llx%s}", bo->label,
			 (unsigned long long)bo->size, op->code == 5 ? ", path: ioctl" : "");
		break;
	case 6: case 7:
		bo = sf2_pick_bo(c, op->v);
		if (!bo)
			return false;
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_FREE, .label = bo->label},
			 "free: b%u", bo->label);
		bo->live = false;
		break;
	case 8:
		for (h = 0; h < SF2_HWCTX && c->hwctx[h]; h++)
			;
		if (h == SF2_HWCTX)
			return false;
		c->hwctx[h] = true;
		c->hname[h] = f->hwctxs++;
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_HWCTX, .hname = c->hname[h]},
			 "hwctx_create: h%u", c->hname[h]);
		break;
	case 9:
		h = sf2_pick_hwctx(c, op->v);
		if (h < 0)
			return false;
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_DESTROY, .hname = c->hname[h]},
			 "hwctx_destroy: h%u", c->hname[h]);
		c->hwctx[h] = false;
		break;
	case 10:
	case 19:
		h = sf2_pick_hwctx(c, op->v);
		bo = sf2_pick_bo(c, op->v >> 8);
		if (h < 0 || !bo)
			return false;
		if (op->code == 19)
			sf2_step(f, k,
				 (struct sf2_line){
				     .kind = SF2_L_CU, .label = bo->label, .hname = c->hname[h]},
				 "config_cu: {hwctx: h%u, bos: [b%u]}", c->hname[h], bo->label);
		else
			sf2_step(f, k,
				 (struct sf2_line){.kind = op->b & 1 ? SF2_L_HANG : SF2_L_EXEC},
				 "exec: {hwctx: h%u, bos: [b%u]%s}", c->hname[h], bo->label,
				 op->b & 1 ? ", hang: true" : "");
		break;
	case 11: {
		u64 off = op->b % 4 == 0 ? 0 : (u64)(op->v % 64) * 4096, size;

		bo = sf2_pick_bo(c, op->v >> 8);
		if (!bo)
			return false;
		size = op->b % 3 == 0 ? bo->size : 1 + (op->v >> 16) % (2 * 4096);
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_KEEP},
			 "sync: {label: b%u, offset: %#llx, size: %#llx, path: driver}", bo->label,
			 (unsigned long long)off, (unsigned long long)size);
		break;
	}
	case 12:
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_KEEP}, "advance: %llums",
			 (unsigned long long)(1 + op->v % 7000));
		break;
	case 13:
		sf2_step(f, k, (struct sf2_line){.kind = op->a % 3 == 2 ? SF2_L_CYCLE : SF2_L_PM},
			 "%s", (const char *[]){"suspend", "resume", "power_cycle"}[op->a % 3]);
		break;
	case 14:
		h = sf2_pick_hwctx(c, op->v);
		if (h < 0)
			return false;
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT},
			 "tdr: {hwctx: h%u, health: %s}", c->hname[h], health[op->a % 3]);
		break;
	case 15:
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT}, "chunk_create: 64MiB");
		break;
	case 16: {
		/* mmap chunk K at the slot of chunk J (J == K: its own slot). */
		u32 ck = op->a % 8, cj = op->b % 2 ? ck : op->b / 2 % 8;

		if (ck == cj)
			sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT},
				 "mmap: {chunk: %u, at: slot}", ck);
		else
			sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT},
				 "mmap: {chunk: %u, at: {slot_of: %u}}", ck, cj);
		break;
	}
	case 17:
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT},
			 "munmap: {chunk: %u, at: slot}", op->a % 8);
		break;
	default:
		sf2_step(f, k, (struct sf2_line){.kind = SF2_L_OUT}, "chunk_close: %u", op->a % 8);
		break;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* The scenario. */

static void sf2_yaml_faults(const struct sf2 *f, struct sf2_text *t)
{
	static const char *const host_err[] = { "ENOMEM", "EFAULT", "ENOMEM" };
	static const char *const fw_status[] = { "INVALID_PARAM", "MGMT_ERT_NOAVAIL", "timeout" };

	if (!f->nfaults && !f->storm)
		return;
	tx_printf(t, "faults:\n");
	/* DESTROY_CONTEXT failures leak the firmware context for real (sim.13). */
	for (u32 i = 0; f->storm && i < SIM_FAULT_NR; i++)
		if (i != SIM_FAULT_FW_DESTROY_CONTEXT)
			tx_printf(t, "  - {site: %s, probability: 0.025}\n",
				  sim_fault_site_alias(i) ?: sim_fault_sites[i].name);
	for (u32 i = 0; i < f->nfaults; i++) {
		const struct sf2_fault *ft = &f->fault[i];

		const char *name = sim_fault_site_alias(ft->site) ?: sim_fault_sites[ft->site].name;

		if (!sim_fault_sites[ft->site].fw_status)
			tx_printf(t, "  - {site: %s, nth: %u, err: %s}\n", name, ft->nth,
				  host_err[ft->val]);
		else
			tx_printf(t, "  - {site: %s, nth: %u, status: %s}\n", name, ft->nth,
				  fw_status[ft->val]);
	}
}

/*
 * Replace the decoded scenario @s by the scenario writer's text of it
 * (@f->yaml: SF2_HEADER_LINE, then scn_dump()), loaded again: the run's
 * FILE:LINE:COLUMN are then those of the reproducer, which is that text.
 */
static int sf2_rewrite(struct sf2 *f, struct scn **s, struct scn_error *e)
{
	FILE *m = open_memstream(&f->yaml, &f->yaml_len);
	int ret;

	if (!m) {
		scn_free(*s);
		*s = NULL;
		return -ENOMEM;
	}
	ret = fputs(SF2_HEADER_LINE, m) < 0 ? -EIO : scn_dump(*s, m, SCN_DUMP_NO_LOCATIONS);
	if (fclose(m) && !ret)
		ret = -ENOMEM;
	scn_free(*s);
	*s = NULL;
	return ret ? ret : scn_load_buffer(f->yaml, f->yaml_len, SF2_FILE, run_vocab(), s, e);
}

/*
 * Decode @data into a scenario and load it (@s); -ENODATA when the input
 * ends inside its header.  Every client still open closes at the end.
 */
static int sf2_build(struct sf2 *f, const u8 *data, size_t len, const struct fuzz_opts *o,
		     struct scn **s)
{
	struct sf2_text t = { 0 };
	struct fz_stream st;
	struct sf2_op op;
	struct scn_error e;
	bool any = false;
	int ret;

	fz_init(&st, data, len);
	sf2_header(&st, f, o);
	if (st.eof)
		return -ENODATA;
	while (fz_left(&st) && sf2_decode(&st, &op))
		sf2_write_op(f, &op);
	for (u32 k = 0; k < SF2_CLIENTS; k++)
		if (f->c[k].open)
			sf2_step(f, k, (struct sf2_line){ .kind = SF2_L_CLOSE }, "close");
	tx_printf(&t, "xdnasim: 1\nname: fuzz_sim\ndevice: %s\nrevision: %s\nmode: %s\n",
		  f->cfg.device, drv_rev_name(f->cfg.rev), addr_mode_name((enum addr_mode)f->cfg.mode));
	tx_printf(&t, "seed: 1\nshim: {num_heap_pages: %u}\n", f->cfg.pages);
	if (f->order.len)
		tx_printf(&t, "schedule: interleave\ninterleave: [%.*s]\n", (int)f->order.len,
			  f->order.p);
	sf2_yaml_faults(f, &t);
	tx_printf(&t, "clients:\n");
	for (u32 k = 0; k < SF2_CLIENTS; k++) {
		if (!f->steps[k].len)
			continue;
		any = true;
		tx_printf(&t, "  - name: c%u\n    steps:\n%.*s", k, (int)f->steps[k].len,
			  f->steps[k].p);
	}
	if (!any)
		tx_printf(&t, "  - name: c0\n    steps:\n      - open: {expect: any}\n"
			  "      - close: {expect: any}\n");
	ret = t.oom || f->steps[0].oom || f->steps[1].oom || f->order.oom || f->lines.oom ?
	      -ENOMEM : scn_load_buffer(t.p, t.len, SF2_FILE, run_vocab(), s, &e);
	free(t.p);
	if (!ret)
		ret = sf2_rewrite(f, s, &e);
	if (ret == -EINVAL)
		fprintf(stderr, "fuzz: the sim target wrote a scenario that does not load: %s\n",
			e.text);
	return ret;
}

/* Fold the events not yet seen into the balance counters (the log keeps the newest). */
static void sf2_events(struct sf2 *f)
{
	size_t n = sim_event_count(f->sim), i = n;

	while (i > 0 && sim_event_at(f->sim, i - 1)->seq >= f->ev_next)
		i--;
	for (; i < n; i++) {
		const struct sim_event *e = sim_event_at(f->sim, i);

		f->ev_next = e->seq + 1;
		if (e->type == SIM_EV_CHUNK) {
			f->chunks += e->kind == SIM_CHUNK_CREATE;
			f->chunks -= e->kind == SIM_CHUNK_FREE;
			f->pins += e->kind == SIM_CHUNK_PIN;
			f->pins -= e->kind == SIM_CHUNK_UNPIN;
		} else if (e->type == SIM_EV_IOMMU) {
			f->maps += e->kind == SIM_IOMMU_MAP;
			f->maps -= e->kind == SIM_IOMMU_UNMAP;
			f->binds += e->kind == SIM_IOMMU_PASID_BIND;
			f->binds -= e->kind == SIM_IOMMU_PASID_UNBIND;
		}
	}
}

static int sf2_on_setup(void *ctx, struct sim *sim)
{
	((struct sf2 *)ctx)->sim = sim;
	return 0;
}

/*
 * The driver's own findings the target expects (its known bugs, each with
 * where the driver does it): a violation one of them explains is counted,
 * not a failure of the target (the scenario's known_bug, XFAIL).  NULL when
 * @v is not one of them.
 */
static const char *sf2_known(const struct sf2 *f, const struct sim_violation *v)
{
	if (f->no_known)
		return NULL;
	/*
	 * A context a failed restart kept with part of the heap: every
	 * revision's restart returns at the failed MAP/ADD without destroying
	 * the context (aie2_hwctx_restart(), aie2_ctx.c @856409ca;
	 * docs/driver/revisions.md).
	 */
	if (sim_violation_partial_ctx(f->sim, v))
		return "partial context after a failed restart";
	/*
	 * ~0 sent to firmware (docs/driver/heap.md §14 items 1 and 9): no
	 * revision checks the address it sends in MAP/ADD_HOST_BUFFER
	 * (aie2_hwctx_map_heap() @f2c31c79, aie2_hwctx_renotify_heap() @aba33e95,
	 * aie2_hwctx_restart() and aie2_hwctx_heap_expand() @856409ca, all through
	 * aie2_send_host_buf_msgs()), and a chunk unmapped (PASID) or never
	 * given a DMA address has ~0 (amdxdna_obj_dma_addr()).
	 */
	if (v->number == SIM_INV_NO_INVALID_FW_ADDR)
		return "INVALID address sent to firmware";
	/*
	 * A job's DEV BO (18) or the hwctx's own command buffer (25) in a chunk
	 * the hwctx never registered, in the PR revisions: a failed broadcast
	 * or notify is only logged, a failed restart releases every chunk
	 * (aie2_hwctx_map_heap() @f2c31c79), PASID registration stops at the
	 * first unmapped chunk while the command buffers, created before it,
	 * may lie past it (aie2_hwctx_init(), aie2_hwctx_heap_expand()
	 * @aba33e95), and submission checks none of it (docs/driver/heap.md §14
	 * item 12).
	 */
	if ((v->number == SIM_INV_JOBS_IN_ATTACHED_CHUNKS || v->number == SIM_INV_CHAIN_BUFFER) &&
	    !sim_rev_dev_bo_attach_complete(f->cfg.rev))
		return "PR design: a hwctx runs without chunks it uses";
	/*
	 * A firmware context no hwctx owns (it outlives its client's close),
	 * in PR #1710: a DESTROY_CONTEXT timeout inside the device-wide
	 * worker's walk power-cycles the NPU, which restarts the contexts; the
	 * walk then restarts them again without checking that they run (a
	 * second CREATE_CONTEXT), so the first firmware context loses its owner
	 * (aie2_tdr_recover_all() of the PR, docs/driver/revisions.md).
	 */
	if (sim_rev_tdr_orphans_fw_ctx(f->cfg.rev) && sim_violation_unowned_fw_ctx(f->sim, v))
		return "PR #1710: a context restarted twice by the timeout worker";
	return NULL;
}

/*
 * Judge violation @v found after op @f->op - 1 (recorded during it, or
 * found by sim_check() on the state it left): the first one no known
 * finding explains is the target's failure.
 */
static void sf2_violation(struct sf2 *f, const struct sim_violation *v)
{
	const char *known;

	if (f->failed)
		return;
	known = sf2_known(f, v);
	if (known) {
		f->known = f->known ?: known;
		return;
	}
	f->failed = true;
	f->fail_op = f->op ? f->op - 1 : 0;
	f->fail_loc = f->loc;
	f->v = *v;
}

/*
 * Before each op and once after the last, on the state the previous op
 * left: every violation the simulator recorded since the last call (the
 * driver model's and the firmware's detectors, during that op), then
 * sim_check(); the events folded.  Violations sim_check() records (the
 * runner's own check before a close is this one on the same state) are
 * judged once, through its return.
 */
static void sf2_on_step(void *ctx, const struct scn_step *st, u32 instance)
{
	struct sf2 *f = ctx;
	struct sim_violation v;

	(void)instance;
	for (u32 n = sim_violation_count(f->sim); f->viol_seen < n; f->viol_seen++) {
		const struct sim_violation *r = sim_violation_at(f->sim, f->viol_seen);

		if (!r->by_check)
			sf2_violation(f, r);
	}
	if (f->op && sim_check(f->sim, &v))
		sf2_violation(f, &v);
	f->viol_seen = sim_violation_count(f->sim);
	sf2_events(f);
	if (st && st->op == SCN_OP_EXEC && st->exec.hang)
		f->hung = true;
	if (st)
		f->loc = st->loc;
	f->op += st != NULL;
}

/*
 * The shim accounting model of one client: @usage its heap usage, @chunks
 * its chunk count; @on while every op of the client since its open is one
 * the model covers (alloc, free, hwctx create/destroy, a successful
 * CONFIG_CU of a BO no other hwctx holds on a hwctx without one, exec that
 * does not hang, sync, advance, suspend, resume).  Per BO label, in
 * sf2_account(): @size, @bo_live (its handle open), @held (the name + 1 of
 * the hwctx holding it as its PDI); per hwctx name @pdi (its PDI label + 1).
 */
struct sf2_acct {
	bool on;
	u64 usage;
	u64 chunks;
};

/* The label's page-rounded size while its BO lives (handle open or held as a PDI). */
static u64 sf2_bo_bytes(const u64 *size, const bool *bo_live, const u32 *held, u32 label)
{
	return bo_live[label] || held[label] ? ALIGN_UP_P2(size[label], 0x1000) : 0;
}

/*
 * Replay the ops' results (the runner's per-op records) through the
 * accounting model and compare with the heap's usage and chunk count after
 * each op of a client it covers.  Returns 0, -EUCLEAN (F1, @res says
 * which op), or -ENOMEM.
 */
static int sf2_account(const struct sf2 *f, const struct run_result *rr, struct fuzz_result *res)
{
	struct sf2_acct a[SF2_CLIENTS] = { { 0 } };
	u64 *size = calloc(f->labels + 1, sizeof(*size));
	bool *bo_live = calloc(f->labels + 1, sizeof(*bo_live));
	u32 *held = calloc(f->labels + 1, sizeof(*held));
	u32 *pdi = calloc(f->hwctxs + 1, sizeof(*pdi));
	bool at_close = sim_rev_dev_bo_free_at_close(f->cfg.rev);
	int ret = 0;

	if (!size || !bo_live || !held || !pdi) {
		ret = -ENOMEM;
		goto out;
	}
	for (u64 i = 0; i < rr->nr_series && i < f->nlines && !ret; i++) {
		const struct sf2_line *l = &f->line[i];
		const struct run_op *r = &rr->series[i];
		struct sf2_acct *m = &a[l->client];
		u64 before;

		if (l->kind == SF2_L_OPEN) {
			*m = (struct sf2_acct){ .on = !r->err, .chunks = 1 };
			continue;
		}
		if (l->kind == SF2_L_CYCLE)	/* every client's state */
			for (u32 k = 0; k < SF2_CLIENTS; k++)
				a[k].on = false;
		if (l->kind == SF2_L_OUT || l->kind == SF2_L_CYCLE) {
			m->on = false;
			continue;
		}
		if (!m->on)
			continue;
		switch (l->kind) {
		case SF2_L_CLOSE:
			m->on = false;
			continue;
		case SF2_L_ALLOC:
			m->chunks += r->expansions;
			if (r->err)
				break;
			size[l->label] = l->size;
			bo_live[l->label] = true;
			m->usage += ALIGN_UP_P2(l->size, 0x1000);
			break;
		case SF2_L_FREE:
			if (r->err)
				break;
			before = sf2_bo_bytes(size, bo_live, held, l->label);
			bo_live[l->label] = false;
			if (at_close)
				held[l->label] = 0;	/* the range goes with the handle */
			m->usage -= before - sf2_bo_bytes(size, bo_live, held, l->label);
			break;
		case SF2_L_HWCTX:
			m->usage += r->err ? 0 : 0x4000;
			break;
		case SF2_L_DESTROY:
			if (r->err)
				break;
			m->usage -= 0x4000;
			if (pdi[l->hname]) {
				u32 b = pdi[l->hname] - 1;

				before = sf2_bo_bytes(size, bo_live, held, b);
				held[b] = 0;
				m->usage -= before - sf2_bo_bytes(size, bo_live, held, b);
				pdi[l->hname] = 0;
			}
			break;
		case SF2_L_CU:
			/*
			 * A CONFIG_CU that fails after taking its references
			 * (the firmware's answer) may keep them: not modelled.
			 */
			if (r->err || pdi[l->hname] || held[l->label]) {
				m->on = false;
				continue;
			}
			pdi[l->hname] = l->label + 1;
			held[l->label] = l->hname + 1;
			break;
		case SF2_L_HANG:
			m->on = false;	/* a hung job holds its BO until it is cancelled */
			continue;
		default:
			break;
		}
		if (r->live != m->usage || r->chunks != m->chunks)
			ret = fz_fail(res, 1, "op %llu (client c%u): heap usage %#llx, %u chunks; the "
				      "accounting model says %#llx, %llu chunks", (unsigned long long)i,
				      l->client, (unsigned long long)r->live, r->chunks,
				      (unsigned long long)m->usage, (unsigned long long)m->chunks);
		if (ret)
			res->op = i;
	}
out:
	free(size);
	free(bo_live);
	free(held);
	free(pdi);
	return ret;
}

/* The op list line of op @i ("alloc: {label: b0, size: 0x1000}"), in @buf. */
static const char *sf2_op_text(const struct sf2 *f, u64 i, char *buf, size_t len)
{
	const char *p = f->lines.p, *end;

	for (u64 k = 0; p && k < i; k++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	end = p ? strchr(p, '\n') : NULL;
	snprintf(buf, len, "%.*s", end ? (int)(end - p) : 0, end ? p : "");
	return buf;
}

/* The run's verdict on the target's checks. */
static int sf2_judge(struct sf2 *f, const struct run_result *rr, bool plant,
		     struct fuzz_result *res)
{
	char buf[160];

	for (u64 i = 0; i < rr->nr_series; i++)
		if (rr->series[i].err > 0)
			return fz_fail(res, 3, "op %llu returned %d", (unsigned long long)i,
				       rr->series[i].err);
	if (f->failed) {
		u32 k = f->fail_op < f->nlines ? f->line[f->fail_op].client : 0;

		fz_fail(res, 2, "invariant sim.%d (%s) %s op %llu at %s:%u:%u (c%u %s; client %u "
			"obj %u addr %#llx): %s", f->v.number, sim_inv_name(f->v.number),
			f->v.by_check ? "failed sim_check after" : "recorded during",
			(unsigned long long)f->fail_op, SF2_FILE, f->fail_loc.line,
			f->fail_loc.column, k, sf2_op_text(f, f->fail_op, buf, sizeof(buf)),
			f->v.client, f->v.obj, (unsigned long long)f->v.addr, f->v.why);
		res->op = f->fail_op;
		res->detail = f->v.number + 1;
		return -EUCLEAN;
	}
	if (!f->nfaults && !f->storm && !rr->series_truncated) {
		int ret = sf2_account(f, rr, res);

		if (ret)
			return ret;
	}
	if (plant && f->hung)
		return fz_fail(res, 1, "planted: hung commands are expected to complete");
	if (f->chunks || f->pins || f->maps || f->binds)
		return fz_fail(res, 4, "after closing every client: %lld chunks not freed, %lld "
			       "pins, %lld IOMMU mappings, %lld PASIDs left",
			       (long long)f->chunks, (long long)f->pins, (long long)f->maps,
			       (long long)f->binds);
	return 0;
}

static void sf2_free(struct sf2 *f)
{
	for (u32 k = 0; k < SF2_CLIENTS; k++)
		free(f->steps[k].p);
	free(f->order.p);
	free(f->lines.p);
	free(f->line);
	free(f->yaml);
	free(f);
}

static int sf2_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct sf2 *f = calloc(1, sizeof(*f));
	struct run_opts ro = { 0 };
	struct run_result rr = { 0 };
	struct scn *s = NULL;
	const char *line;
	int ret;

	if (!f)
		return -ENOMEM;
	ret = sf2_build(f, data, len, o, &s);
	if (ret) {
		sf2_free(f);
		if (ret == -ENODATA)
			return 0;
		return ret == -EINVAL ? fz_fail(res, 3, "the decoded scenario does not load") : ret;
	}
	fz_trace(o, "sim %s %s %s heap_pages %u faults %u\n", f->cfg.device,
		 drv_rev_name(f->cfg.rev), addr_mode_name((enum addr_mode)f->cfg.mode), f->cfg.pages,
		 f->nfaults);
	f->no_known = o->plant == FUZZ_PLANT_NO_KNOWN;
	ro.setup = sf2_on_setup;
	ro.setup_ctx = f;
	ro.step = sf2_on_step;
	ro.step_ctx = f;
	ro.series_max = f->nlines + 1;
	ret = run_scenario(s, &ro, &rr);
	if (ret == -EINVAL) {
		ret = fz_fail(res, 3, "the runner rejected the decoded scenario: %s", rr.error);
	} else if (!ret) {
		res->ops = rr.nr_ops;
		res->known = f->known != NULL;
		line = f->lines.p;
		for (u64 i = 0; i < rr.nr_series && line; i++) {
			const char *end = strchr(line, '\n');
			int err = rr.series[i].err;

			fz_trace(o, "c%u %.*s -> %s\n", f->line[i].client, (int)(end - line), line,
				 err ? xerrname(err) : "ok");
			line = end + 1;
		}
		if (f->known)
			fz_trace(o, "known driver finding (XFAIL, docs/fuzzing.md): %s\n", f->known);
		ret = sf2_judge(f, &rr, o->plant == FUZZ_PLANT_MODEL, res);
	}
	run_result_free(&rr);
	scn_free(s);
	sf2_free(f);
	return ret;
}

/*
 * The reproducer: the decoded scenario as the scenario writer writes it
 * (scn_dump(): every default explicit, sizes in bytes), the very text the
 * run ran, so that the finding's FILE:LINE:COLUMN point into it; then a
 * comment line naming the finding.
 */
static int sf2_write_yaml(const u8 *data, size_t len, const struct fuzz_opts *wo, FILE *out)
{
	struct fuzz_result res = { 0 };
	struct fuzz_opts o = { 0 };
	struct sf2 *f = calloc(1, sizeof(*f));
	struct scn *s = NULL;
	int ret;

	if (!f)
		return -ENOMEM;
	o.plant = wo ? wo->plant : 0;
	o.has_rev = wo && wo->has_rev;
	o.rev = wo ? wo->rev : REV_HEAD;
	o.has_mode = wo && wo->has_mode;
	o.mode = wo ? wo->mode : ADDR_PASID;
	sf2_run(data, len, &o, &res);
	ret = sf2_build(f, data, len, &o, &s);
	if (ret == -ENODATA) {
		static const char empty[] = "xdnasim: 1\nclients:\n  - name: c0\n    steps:\n"
					    "      - open: {expect: any}\n";

		ret = scn_load_buffer(empty, sizeof(empty) - 1, SF2_FILE, run_vocab(), &s,
				      &(struct scn_error){ 0 });
		ret = ret ?: sf2_rewrite(f, &s, &(struct scn_error){ 0 });
	}
	/* the text run, so that the finding's LINE:COLUMN are this file's */
	if (!ret && (fwrite(f->yaml, 1, f->yaml_len, out) != f->yaml_len ||
		     (res.failed && fprintf(out, "# The fuzzer's finding: %s\n", res.why) < 0)))
		ret = -EIO;
	scn_free(s);
	sf2_free(f);
	return ret;
}

static size_t sf2_split(const u8 *data, size_t len, size_t *bounds, size_t max)
{
	return fz_split_ops(data, len, SF2_HEADER, sf2_skip, bounds, max);
}

static size_t sf2_generate(struct xrand *r, u8 *buf, size_t cap)
{
	size_t nops = (size_t)xrand_range(r, 4, 120), len = SF2_HEADER + nops * SF2_OP_LEN;

	if (len > cap)
		len = cap;
	fz_random_fill(r, buf, len);
	/* Both clients start with an open; faults in one input of three. */
	buf[3] = xrand_chance(r, 1, 3) ? (u8)xrand_range(r, 1, SF2_FAULTS + 1) : 0;
	for (u32 k = 0; k < SF2_CLIENTS && SF2_HEADER + (k + 1) * SF2_OP_LEN <= len; k++) {
		buf[SF2_HEADER + k * SF2_OP_LEN] = 0;
		buf[SF2_HEADER + k * SF2_OP_LEN + 1] = (u8)k;
	}
	/* Fewer opens and closes than other ops after that. */
	for (size_t p = SF2_HEADER + 2 * SF2_OP_LEN; p + SF2_OP_LEN <= len; p += SF2_OP_LEN)
		if (buf[p] % 20 <= 1 && xrand_chance(r, 3, 4))
			buf[p] = (u8)xrand_range(r, 2, 19);
	return len;
}

const struct fuzz_target fuzz_target_sim = {
	.name = "sim",
	.summary = "two-client workloads with faults, every merged revision, all modes; sim_check, "
		   "accounting, balance",
	.max_len = SF2_HEADER + 400 * SF2_OP_LEN,
	.run = sf2_run,
	.split = sf2_split,
	.generate = sf2_generate,
	.write_yaml = sf2_write_yaml,
};
