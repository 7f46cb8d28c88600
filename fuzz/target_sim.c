// SPDX-License-Identifier: MIT
/*
 * target_sim.c - the simulator fuzz target: random workloads of two clients
 * through the shim and raw ioctls, with up to two injected faults, in both
 * designs, all address modes, NPU4 and NPU1.
 *
 * After every operation: sim_check() (every invariant of docs/sim.md; F2)
 * and no positive return value (F3).  At the end every client is closed,
 * sim_check() runs again and the event log must balance: each chunk
 * created is freed, each pin unpinned, each IOMMU mapping unmapped, each
 * PASID bound unbound (F4).
 *
 * Operations: open, close (the shim's), DEV BO allocation through the shim
 * or one ioctl, free, hwctx create/destroy, exec (optionally hung), SYNC_BO,
 * advance, suspend/resume/power cycle, TDR, chunk create, mmap of a chunk
 * at its own or another chunk's slot, munmap, chunk close, CONFIG_CU.
 *
 * Every operation the target executes is also a scenario step
 * (scenarios/README.md), so write_yaml() turns an input into a scenario
 * that `xdnasim run` replays: two clients "c0" and "c1", schedule
 * interleave in execution order, the faults as nth rules.
 */
#include "fuzz/stream.h"
#include "sim/sim.h"
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

static const char *const sim_sites[] = {
	/* host sites */
	"heap_bo_alloc", "dev_bo_alloc", "xa_insert", "handle_create", "iova_map", "pin",
	"pm_resume", "vmap", "sva_bind", "shim_mmap", "shim_get_bo_info",
	/* firmware sites */
	"create_context", "destroy_context", "map_host_buffer", "add_host_buffer", "config_cu",
	"get_app_health", "chain_exec_npu", "suspend", "resume", "set_runtime_config",
};
#define SF2_NHOST 11

struct sf2_fault {
	u32 site;		/* index in sim_sites */
	u32 nth;
	u8 val;			/* host: 0 ENOMEM, 1 EFAULT; fw: 0 INVALID_PARAM, 1 NOAVAIL, 2 timeout */
};

struct sf2_bo {
	bool live;
	u32 handle;
	u32 label;
	u64 addr;
	u64 size;
};

struct sf2_client {
	bool open;
	bool ever_open;
	u32 id;
	struct sf2_bo bo[SF2_BOS];
	u32 hwctx[SF2_HWCTX];	/* sim hwctx id, 0 = none */
	u32 hname[SF2_HWCTX];	/* scenario name number */
};

/* A growable text buffer for the scenario steps. */
struct sf2_text {
	char *p;
	size_t len, cap;
	bool oom;
};

struct sf2 {
	struct sim *sim;
	struct sim_config cfg;
	struct sf2_client c[SF2_CLIENTS];
	struct sf2_fault fault[SF2_FAULTS];
	u32 nfaults;
	u32 labels, hwctxs;	/* scenario names handed out */
	size_t ev_seen;
	s64 pins, chunks, maps, binds;
	/* scenario building (write_yaml only) */
	bool yaml;
	struct sf2_text steps[SF2_CLIENTS];
	struct sf2_text order;
	bool plant;
	const struct fuzz_opts *o;
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
 * The written step states no expectation of its own ('expect: any': its
 * comment says what the fuzzer saw; `xdnasim run` judges only what no step
 * covers, docs/run.md "Verdicts"), and hwctx_create is the bare ioctl the
 * fuzzer made ('cu: none').  @line is "OP", "OP: SCALAR" (the op's
 * shorthand) or "OP: {ARGS}", rewritten in place into the mapping form.
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

/* Record one executed step of client @k as scenario text (and its result). */
static void sf2_step(struct sf2 *f, u32 k, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void sf2_step(struct sf2 *f, u32 k, int ret, const char *fmt, ...)
{
	char line[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fz_trace(f->o, "c%u %s -> %s\n", k, line, ret ? xerrname(ret) : "ok");
	if (!f->yaml)
		return;
	sf2_declare(line, sizeof(line));
	tx_printf(&f->steps[k], "      - %s    # -> %s\n", line, ret ? xerrname(ret) : "ok");
	tx_printf(&f->order, "%sc%u", f->order.len ? ", " : "", k);
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

static void sf2_header(struct fz_stream *s, struct sf2 *f)
{
	u8 d = fz_u8(s), m = fz_u8(s), dev = fz_u8(s), nf = fz_u8(s);

	sim_config_default(&f->cfg);
	f->cfg.rev = f->o && f->o->has_rev ? f->o->rev : (enum drv_rev)(d % REV_NR);
	f->cfg.mode = (enum addr_mode)(m % 3);
	f->cfg.device = dev % 4 == 0 ? "npu1" : "npu4";
	f->cfg.num_heap_pages = 1 + (dev >> 4) % 2;
	f->nfaults = nf % (SF2_FAULTS + 2);
	if (f->nfaults > SF2_FAULTS)
		f->nfaults = 0;
	for (u32 i = 0; i < SF2_FAULTS; i++) {
		f->fault[i].site = fz_below(s, ARRAY_SIZE(sim_sites));
		f->fault[i].nth = 1 + fz_u8(s) % 8;
		f->fault[i].val = fz_u8(s) % 3;
	}
	/* One rule per site (a scenario allows no more). */
	if (f->nfaults == 2 && f->fault[0].site == f->fault[1].site)
		f->nfaults = 1;
}

/* ---------------------------------------------------------------------- */
/* Execution. */

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
		n += c->hwctx[i] != 0;
	if (!n)
		return -1;
	sel %= n;
	for (u32 i = 0; i < SF2_HWCTX; i++)
		if (c->hwctx[i] && sel-- == 0)
			return (int)i;
	return -1;
}

/*
 * The shim slot of chunk @k: reservation base + the chunk's device offset;
 * for a chunk that does not exist yet, the committed bytes + 64 MiB per
 * missing chunk (the scenario runner's convention, docs/run.md).
 */
static u64 sf2_slot(struct sf2 *f, u32 client, u32 k)
{
	struct heap *heap = sim_client_heap(f->sim, client);
	u64 base = sim_shim_base(f->sim, client);
	u32 n = heap ? heap_nr_chunks(heap) : 0;

	if (k < n)
		return base + heap_chunk_addr(heap, k) - heap_profile(heap)->base;
	return base + (heap ? heap_committed(heap) : 0) + (u64)(k - n) * 64 * SF2_M;
}

static void sf2_client_reset(struct sf2_client *c)
{
	memset(c->bo, 0, sizeof(c->bo));
	memset(c->hwctx, 0, sizeof(c->hwctx));
	c->open = false;
}

static int sf2_alloc(struct sf2 *f, struct sf2_client *c, u32 k, const struct sf2_op *op,
		     bool ioctl)
{
	struct sim_result r = { 0 };
	u64 size = sf2_size(op);
	u32 slot;
	int ret;

	for (slot = 0; slot < SF2_BOS && c->bo[slot].live; slot++)
		;
	if (slot == SF2_BOS)
		return 1;	/* not executed */
	if (ioctl)
		ret = sim_create_bo(f->sim, c->id, SIM_BO_DEV, size, 0, &r);
	else
		ret = sim_shim_alloc_dev_bo(f->sim, c->id, size, &r);
	sf2_step(f, k, ret, "alloc: {label: b%u, size: %#llx%s}", f->labels,
		 (unsigned long long)size, ioctl ? ", path: ioctl" : "");
	if (!ret)
		c->bo[slot] = (struct sf2_bo){ true, r.handle, f->labels, r.addr, size };
	f->labels++;
	return ret;
}

static int sf2_exec_op(struct sf2 *f, const struct sf2_op *op, const struct fuzz_opts *o)
{
	struct sf2_client *c = &f->c[op->client];
	u32 k = op->client;
	struct sim_result r = { 0 };
	struct sf2_bo *bo;
	int h, ret = 0;

	if (!c->open && op->code != 0)
		return 1;
	switch (op->code) {
	case 0:
		if (c->open)
			return 1;
		ret = sim_shim_open(f->sim, &r);
		sf2_step(f, k, ret, "open");
		if (!ret) {
			c->open = c->ever_open = true;
			c->id = r.handle;
		}
		break;
	case 1:
		ret = sim_shim_close(f->sim, c->id);
		sf2_step(f, k, ret, "close");
		sf2_client_reset(c);
		break;
	case 2: case 3: case 4: case 5:
		ret = sf2_alloc(f, c, k, op, op->code == 5);
		if (ret == 1)
			return 1;	/* every BO slot in use */
		break;
	case 6: case 7:
		bo = sf2_pick_bo(c, op->v);
		if (!bo)
			return 1;
		ret = sim_gem_close(f->sim, c->id, bo->handle);
		sf2_step(f, k, ret, "free: b%u", bo->label);
		bo->live = false;
		break;
	case 8:
		for (h = 0; h < SF2_HWCTX && c->hwctx[h]; h++)
			;
		if (h == SF2_HWCTX)
			return 1;
		ret = sim_hwctx_create(f->sim, c->id, 4, &r);
		sf2_step(f, k, ret, "hwctx_create: h%u", f->hwctxs);
		if (!ret) {
			c->hwctx[h] = r.handle;
			c->hname[h] = f->hwctxs;
		}
		f->hwctxs++;
		break;
	case 9:
		h = sf2_pick_hwctx(c, op->v);
		if (h < 0)
			return 1;
		ret = sim_hwctx_destroy(f->sim, c->id, c->hwctx[h]);
		sf2_step(f, k, ret, "hwctx_destroy: h%u", c->hname[h]);
		c->hwctx[h] = 0;
		break;
	case 10: {
		struct sim_exec_desc cmd = { 0 };
		u64 addr;

		h = sf2_pick_hwctx(c, op->v);
		bo = sf2_pick_bo(c, op->v >> 8);
		if (h < 0 || !bo)
			return 1;
		addr = bo->addr;
		/* As the scenario runner builds it: the BO is the instruction buffer. */
		cmd.naddr = 1;
		cmd.addrs = &addr;
		cmd.lens = &bo->size;
		cmd.nbo = 1;
		cmd.bos = &bo->handle;
		cmd.hang = op->b & 1;
		ret = sim_exec(f->sim, c->id, c->hwctx[h], &cmd, &r);
		sf2_step(f, k, ret, "exec: {hwctx: h%u, bos: [b%u]%s}", c->hname[h], bo->label,
			 cmd.hang ? ", hang: true" : "");
		break;
	}
	case 11: {
		u64 off = op->b % 4 == 0 ? 0 : (u64)(op->v % 64) * 4096, size;

		bo = sf2_pick_bo(c, op->v >> 8);
		if (!bo)
			return 1;
		size = op->b % 3 == 0 ? bo->size : 1 + (op->v >> 16) % (2 * 4096);
		ret = sim_sync_bo(f->sim, c->id, bo->handle, SIM_SYNC_TO_DEVICE, off, size, &r);
		sf2_step(f, k, ret, "sync: {label: b%u, offset: %#llx, size: %#llx, path: driver}",
			 bo->label, (unsigned long long)off, (unsigned long long)size);
		break;
	}
	case 12: {
		u64 ms = 1 + op->v % 7000;

		ret = sim_advance(f->sim, ms);
		sf2_step(f, k, ret, "advance: %llums", (unsigned long long)ms);
		break;
	}
	case 13:
		if (op->a % 3 == 0) {
			ret = sim_suspend(f->sim);
			sf2_step(f, k, ret, "suspend");
		} else if (op->a % 3 == 1) {
			ret = sim_resume(f->sim);
			sf2_step(f, k, ret, "resume");
		} else {
			ret = sim_power_cycle(f->sim);
			sf2_step(f, k, ret, "power_cycle");
		}
		break;
	case 14: {
		static const char *const health[] = { "ok", "fatal", "dead" };
		u32 hl = op->a % 3;

		h = sf2_pick_hwctx(c, op->v);
		if (h < 0)
			return 1;
		ret = sim_tdr(f->sim, c->id, c->hwctx[h], (enum sim_health)hl);
		sf2_step(f, k, ret, "tdr: {hwctx: h%u, health: %s}", c->hname[h], health[hl]);
		break;
	}
	case 15:
		ret = sim_create_bo(f->sim, c->id, SIM_BO_DEV_HEAP, 64 * SF2_M, 0, &r);
		sf2_step(f, k, ret, "chunk_create: 64MiB");
		break;
	case 16: {
		/* mmap chunk K at the slot of chunk J (J == K: its own slot). */
		u32 ck = op->a % 8, cj = op->b % 2 ? ck : op->b / 2 % 8, ch;
		if (sim_chunk_handle(f->sim, c->id, ck, &ch))
			return 1;
		ret = sim_mmap(f->sim, c->id, ch, sf2_slot(f, c->id, cj), &r);
		if (ck == cj)
			sf2_step(f, k, ret, "mmap: {chunk: %u, at: slot}", ck);
		else
			sf2_step(f, k, ret, "mmap: {chunk: %u, at: {slot_of: %u}}", ck, cj);
		break;
	}
	case 17: {
		u32 ck = op->a % 8, ch;

		if (sim_chunk_handle(f->sim, c->id, ck, &ch))
			return 1;
		ret = sim_munmap(f->sim, c->id, sf2_slot(f, c->id, ck));
		sf2_step(f, k, ret, "munmap: {chunk: %u, at: slot}", ck);
		break;
	}
	case 18: {
		u32 ck = op->a % 8, ch;

		if (sim_chunk_handle(f->sim, c->id, ck, &ch))
			return 1;
		ret = sim_gem_close(f->sim, c->id, ch);
		sf2_step(f, k, ret, "chunk_close: %u", ck);
		break;
	}
	default:
		h = sf2_pick_hwctx(c, op->v);
		bo = sf2_pick_bo(c, op->v >> 8);
		if (h < 0 || !bo)
			return 1;
		ret = sim_config_cu(f->sim, c->id, c->hwctx[h], &bo->handle, 1, &r);
		sf2_step(f, k, ret, "config_cu: {hwctx: h%u, bos: [b%u]}", c->hname[h], bo->label);
		break;
	}
	return ret > 0 ? -EPROTO : 0;
}

/* Fold new events into the balance counters. */
static void sf2_events(struct sf2 *f)
{
	size_t n = sim_event_count(f->sim);

	for (; f->ev_seen < n; f->ev_seen++) {
		const struct sim_event *e = sim_event_at(f->sim, f->ev_seen);

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

static int sf2_program_faults(struct sf2 *f)
{
	static const s64 host_val[] = { -ENOMEM, -EFAULT, -ENOMEM };
	static const s64 fw_val[] = { 0x4000003, 0x2000003, -ETIME };

	for (u32 i = 0; i < f->nfaults; i++) {
		const struct sf2_fault *ft = &f->fault[i];
		struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = ft->nth };

		pol.value = ft->site < SF2_NHOST ? host_val[ft->val] : fw_val[ft->val];
		if (sim_fault_program(f->sim, sim_sites[ft->site], &pol))
			return -EINVAL;
	}
	return 0;
}

static int sf2_setup(struct sf2 *f, const u8 *data, size_t len, struct fz_stream *s)
{
	fz_init(s, data, len);
	sf2_header(s, f);
	if (s->eof)
		return -ENODATA;
	f->cfg.seed = 1;
	if (sim_create(&f->cfg, &f->sim))
		return -ENODATA;
	return sf2_program_faults(f);
}

static int sf2_finish(struct sf2 *f, int ret, struct fuzz_result *res)
{
	struct sim_violation v;

	for (u32 k = 0; k < SF2_CLIENTS; k++)
		if (f->c[k].open) {
			sim_shim_close(f->sim, f->c[k].id);
			sf2_client_reset(&f->c[k]);
		}
	if (!ret && sim_check(f->sim, &v))
		ret = fz_fail(res, 2, "sim_check after closing every client: invariant %d: %s",
			      v.number, v.why);
	sf2_events(f);
	if (!ret && (f->chunks || f->pins || f->maps || f->binds))
		ret = fz_fail(res, 4, "after closing every client: %lld chunks not freed, %lld "
			      "pins, %lld IOMMU mappings, %lld PASIDs left",
			      (long long)f->chunks, (long long)f->pins, (long long)f->maps,
			      (long long)f->binds);
	return ret;
}

static int sf2_run_inner(struct sf2 *f, const u8 *data, size_t len, const struct fuzz_opts *o,
			 struct fuzz_result *res)
{
	struct fz_stream s;
	struct sf2_op op;
	struct sim_violation v;
	int ret;

	f->o = o;
	ret = sf2_setup(f, data, len, &s);
	if (ret == -ENODATA)
		return 0;
	if (ret)
		return fz_fail(res, 3, "fault programming rejected a scenario site name");
	fz_trace(o, "sim %s %s %s heap_pages %u faults %u\n", f->cfg.device,
		 drv_rev_name(f->cfg.rev), addr_mode_name(f->cfg.mode),
		 f->cfg.num_heap_pages, f->nfaults);
	while (!ret && fz_left(&s) && sf2_decode(&s, &op)) {
		int r = sf2_exec_op(f, &op, o);

		if (r == 1)
			continue;	/* not applicable: no step */
		res->ops++;
		if (r)
			ret = fz_fail(res, 3, "op %u returned a positive value", op.code);
		else if (sim_check(f->sim, &v) && !sim_violation_partial_ctx(f->sim, &v)) {
			ret = fz_fail(res, 2, "sim_check: invariant %d (client %u obj %u addr %#llx): %s",
				      v.number, v.client, v.obj, (unsigned long long)v.addr, v.why);
		}
		else if (f->plant && op.code == 10 && op.b & 1)
			ret = fz_fail(res, 1, "planted: hung commands are expected to complete");
	}
	return sf2_finish(f, ret, res);
}

static void sf2_cleanup(struct sf2 *f)
{
	if (f->sim)
		sim_destroy(f->sim);
	for (u32 k = 0; k < SF2_CLIENTS; k++)
		free(f->steps[k].p);
	free(f->order.p);
	free(f);
}

static int sf2_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct sf2 *f = calloc(1, sizeof(*f));
	int ret;

	if (!f)
		return -ENOMEM;
	f->plant = o->plant == FUZZ_PLANT_MODEL;
	ret = sf2_run_inner(f, data, len, o, res);
	sf2_cleanup(f);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* The scenario. */

static void sf2_yaml_faults(const struct sf2 *f, struct sf2_text *t)
{
	static const char *const host_err[] = { "ENOMEM", "EFAULT", "ENOMEM" };
	static const char *const fw_status[] = { "INVALID_PARAM", "MGMT_ERT_NOAVAIL", "timeout" };

	if (!f->nfaults)
		return;
	tx_printf(t, "faults:\n");
	for (u32 i = 0; i < f->nfaults; i++) {
		const struct sf2_fault *ft = &f->fault[i];

		if (ft->site < SF2_NHOST)
			tx_printf(t, "  - {site: %s, nth: %u, err: %s}\n", sim_sites[ft->site],
				  ft->nth, host_err[ft->val]);
		else
			tx_printf(t, "  - {site: %s, nth: %u, status: %s}\n", sim_sites[ft->site],
				  ft->nth, fw_status[ft->val]);
	}
}

static int sf2_write_yaml(const u8 *data, size_t len, const struct fuzz_opts *wo, FILE *out)
{
	struct fuzz_result res = { 0 };
	struct fuzz_opts o = { 0 };
	struct sf2_text t = { 0 };
	struct scn_error e;
	struct scn *s = NULL;
	struct sf2 *f = calloc(1, sizeof(*f));
	bool any = false;
	int ret;

	if (!f)
		return -ENOMEM;
	f->yaml = true;
	o.plant = wo ? wo->plant : 0;
	o.has_rev = wo && wo->has_rev;
	o.rev = wo ? wo->rev : REV_HEAD;
	f->plant = o.plant == FUZZ_PLANT_MODEL;
	sf2_run_inner(f, data, len, &o, &res);
	tx_printf(&t, "# A scenario written by 'xdnasim fuzz --target sim' (docs/fuzzing.md).\n"
		  "# Each step carries, as a comment, what the simulator answered when the\n"
		  "# fuzzer ran it.%s%s\n", res.failed ? " The fuzzer's finding: " : "",
		  res.failed ? res.why : "");
	tx_printf(&t, "xdnasim: 1\nname: fuzz_sim\ndevice: %s\nrevision: %s\nmode: %s\n",
		  f->cfg.device ? f->cfg.device : "npu4", drv_rev_name(f->cfg.rev),
		  addr_mode_name(f->cfg.mode));
	tx_printf(&t, "shim: {num_heap_pages: %u}\n", f->cfg.num_heap_pages ? f->cfg.num_heap_pages : 1);
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
		tx_printf(&t, "  - name: c0\n    steps:\n      - open\n");
	ret = t.oom ? -ENOMEM : 0;
	if (!ret && fwrite(t.p, 1, t.len, out) != t.len)
		ret = -EIO;
	/* The scenario must load: the names and shapes are the loader's. */
	if (!ret && scn_load_buffer(t.p, t.len, "fuzz_sim.yaml", NULL, &s, &e)) {
		fprintf(stderr, "fuzz: the written scenario does not load: %s\n", e.text);
		ret = -EINVAL;
	}
	scn_free(s);
	free(t.p);
	sf2_cleanup(f);
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
	buf[3] = xrand_chance(r, 1, 3) ? (u8)xrand_range(r, 1, SF2_FAULTS) : 0;
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
	.summary = "two-client workloads with faults, every revision, all modes; sim_check + balance",
	.max_len = SF2_HEADER + 400 * SF2_OP_LEN,
	.run = sf2_run,
	.split = sf2_split,
	.generate = sf2_generate,
	.write_yaml = sf2_write_yaml,
};
