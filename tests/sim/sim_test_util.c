// SPDX-License-Identifier: MIT
#include "tests/sim/sim_test_util.h"

#include <string.h>

struct sim *mk_sim(const char *dev, int design, int mode)
{
	struct sim_config cfg;
	struct sim *sim = NULL;

	sim_config_default(&cfg);
	cfg.device = dev;
	cfg.design = design;
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
	case SIM_MODE_IOVA:
		return IOVA(n);
	case SIM_MODE_CARVEOUT:
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

void assert_sim_ok(struct sim *sim)
{
	struct sim_violation v;
	int ret = sim_check(sim, &v);

	ck_assert_msg(ret == 0, "sim_check: invariant %d: %s", v.number, v.why);
}

u32 violations_of(struct sim *sim, int number)
{
	u32 n = 0;

	for (u32 i = 0; i < sim_violation_count(sim); i++)
		n += sim_violation_at(sim, i)->number == number;
	return n;
}
