// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"
#include "sim/sim_priv.h"

#include <string.h>

const struct sim_combo combos[NCOMBOS] = {
	{ REV_856409CA, ADDR_PASID },   { REV_856409CA, ADDR_IOVA },
	{ REV_856409CA, ADDR_CARVEOUT }, { REV_PR1233, ADDR_PASID },
	{ REV_PR1233, ADDR_IOVA },  { REV_PR1233, ADDR_CARVEOUT },
};

struct sim *mk_sim(const char *dev, int design, int mode)
{
	struct sim_config cfg;
	struct sim *sim = NULL;

	sim_config_default(&cfg);
	cfg.device = dev;
	cfg.rev = design;
	cfg.mode = mode;
	cfg.seed = test_seed();
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	return sim;
}

u32 must_open(struct sim *sim)
{
	struct sim_result r;

	ck_assert_int_eq(sim_open(sim, &r), 0);
	return r.handle;
}

u32 must_chunk(struct sim *sim, u32 c, u64 size)
{
	struct sim_result r;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, size, 0, &r), 0);
	return r.handle;
}

void must_mmap(struct sim *sim, u32 c, u32 handle, u64 uva)
{
	struct sim_result r;

	ck_assert_int_eq(sim_mmap(sim, c, handle, uva, &r), 0);
	ck_assert_uint_eq(r.addr, uva);
}

u32 must_hwctx(struct sim *sim, u32 c)
{
	struct sim_result r;

	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), 0);
	return r.handle;
}

u32 must_dev_bo(struct sim *sim, u32 c, u64 size, u64 expect_addr)
{
	struct sim_result r;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, size, 0, &r), 0);
	ck_assert_uint_eq(r.addr, expect_addr);
	return r.handle;
}

u64 fw_addr_of(int mode, u32 c, u32 n)
{
	switch (mode) {
	case ADDR_IOVA:
		return IOVA(n);
	case ADDR_CARVEOUT:
		return CARVE(n);
	default:
		return UVA0(c) + (u64)n * M64;
	}
}

static u32 le32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static u64 le64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

u32 host_buf_msgs(struct sim *sim, u64 from, struct host_buf_msg *out, u32 max)
{
	u32 n = 0;

	for (u64 i = from; i < sim_fw_msg_count(sim); i++) {
		const struct sim_fw_msg *m = sim_fw_msg_at(sim, i);

		if (m->opcode != OP_MAP && m->opcode != OP_ADD)
			continue;
		ck_assert_uint_eq(m->len, 20);
		ck_assert_uint_eq(m->chan, 0);
		if (n < max) {
			out[n].opcode = m->opcode;
			out[n].ctx = le32(m->head);
			out[n].addr = le64(m->head + 4);
			out[n].size = le64(m->head + 12);
		}
		n++;
	}
	return n;
}

u32 count_fw_msgs(struct sim *sim, u64 from, u32 opcode)
{
	u32 n = 0;

	for (u64 i = from; i < sim_fw_msg_count(sim); i++)
		n += sim_fw_msg_at(sim, i)->opcode == opcode;
	return n;
}

u32 violations_of(struct sim *sim, int number)
{
	u32 n = 0;

	for (u32 i = 0; i < sim_violation_count(sim); i++)
		n += sim_violation_at(sim, i)->number == number;
	return n;
}

void setup_two_chunks(struct sim *sim, int mode, struct two_chunks *t)
{
	t->c = must_open(sim);
	t->ch0 = must_chunk(sim, t->c, M64);
	must_mmap(sim, t->c, t->ch0, UVA0(t->c));
	t->h = must_hwctx(sim, t->c);
	t->ch1 = must_chunk(sim, t->c, M64);
	must_mmap(sim, t->c, t->ch1, UVA0(t->c) + M64);
	t->bo = must_dev_bo(sim, t->c, 0x1000, 0x04020000);
	(void)mode;
}

struct fw_ctx *two_chunks_fw(struct sim *sim, const struct two_chunks *t, struct sim_client **c,
			     struct sim_hwctx **h)
{
	*c = sim_client_find(sim, t->c);
	*h = drv_hwctx_find(*c, t->h);
	return &sim->fw.ctx[(*h)->fw_ctx_id];
}

int last_job_state(struct sim *sim, u32 hwctx)
{
	for (size_t i = sim_event_count(sim); i-- > 0;) {
		const struct sim_event *e = sim_event_at(sim, i);

		if (e->type == SIM_EV_JOB && e->obj == hwctx)
			return e->kind;
	}
	return -1;
}

u32 chunk_pins(struct sim *sim, u32 c, u32 idx)
{
	struct heap_chunk_info ci;

	ck_assert_int_eq(heap_chunk_info(sim_client_heap(sim, c), idx, &ci), 0);
	return ci.pins;
}

u32 chunk_refs(struct sim *sim, u32 c, u32 idx)
{
	struct heap_chunk_info ci;

	ck_assert_int_eq(heap_chunk_info(sim_client_heap(sim, c), idx, &ci), 0);
	return ci.refs;
}

void assert_heap_msgs(struct sim *sim, u64 from, u32 ctx, int mode, u32 c, u32 nchunks)
{
	struct host_buf_msg hb[16];
	u32 n = host_buf_msgs(sim, from, hb, 16);

	ck_assert_uint_eq(n, nchunks);
	for (u32 k = 0; k < n; k++) {
		ck_assert_uint_eq(hb[k].opcode, k ? OP_ADD : OP_MAP);
		ck_assert_uint_eq(hb[k].ctx, ctx);
		ck_assert_uint_eq(hb[k].addr, fw_addr_of(mode, c, k));
		ck_assert_uint_eq(hb[k].size, M64);
	}
}

bool partial_ctx_violation(struct sim *sim, const struct sim_violation *v)
{
	return sim_violation_partial_ctx(sim, v);
}
