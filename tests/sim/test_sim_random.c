// SPDX-License-Identifier: MIT
/*
 * Seeded random workloads through the shim, in both designs and the three
 * address modes, against a small independent model of what the shim and
 * driver must account: live DEV BO bytes (page-rounded) + 16 KiB per hwctx
 * + 4 KiB per CU PDI = heap usage; 1 + expansions = chunks.  Every command
 * touching a live BO must complete (the firmware reads the command list and
 * the BO through its host buffers and the IOMMU).  sim_check() after every
 * op, and no violation may be recorded.  Workloads with faults are the sim
 * fuzz target's (fuzz/target_sim.c), run with seeds.
 */
#include "tests/sim/sim_test_util.h"
#include "tests/fuzz_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_BOS 64
#define MAX_H 6

struct model {
	u32 c;
	u32 bo[MAX_BOS];
	u64 bo_addr[MAX_BOS], bo_size[MAX_BOS];
	u32 bo_hung[MAX_BOS];	/* hwctx of a hung job holding it (0 = none) */
	u32 nbo;
	u32 h[MAX_H], pdi[MAX_H];
	u32 nh;
	u32 chunks;
	u64 usage;
};

static u64 rnd_size(struct xrand *r)
{
	if (xrand_chance(r, 1, 10))
		return xrand_range(r, 1, 200) << 20;
	return xrand_range(r, 1, 256) * 0x1000 - xrand_below(r, 0x1000);
}

static void op_alloc(struct sim *sim, struct model *m, struct xrand *rng)
{
	struct sim_result r;
	u64 size = rnd_size(rng);
	int ret;

	if (m->nbo == MAX_BOS)
		return;
	ret = sim_shim_alloc_dev_bo(sim, m->c, size, &r);
	m->chunks += r.expansions;
	if (ret) {
		ck_assert_msg(ret == -ENOSPC, "alloc %#llx: %d", (unsigned long long)size, ret);
		return;
	}
	m->bo[m->nbo] = r.handle;
	m->bo_addr[m->nbo] = r.addr;
	m->bo_size[m->nbo] = size;
	m->bo_hung[m->nbo] = 0;
	m->nbo++;
	m->usage += ALIGN_UP_P2(size, 0x1000);
}

static void op_free(struct sim *sim, struct model *m, struct xrand *rng)
{
	u32 i;

	if (!m->nbo)
		return;
	i = (u32)xrand_below(rng, m->nbo);
	if (m->bo_hung[i])
		return;	/* a hung job holds it: freeing would only drop the handle */
	ck_assert_int_eq(sim_gem_close(sim, m->c, m->bo[i]), 0);
	m->usage -= ALIGN_UP_P2(m->bo_size[i], 0x1000);
	m->nbo--;
	m->bo[i] = m->bo[m->nbo];
	m->bo_addr[i] = m->bo_addr[m->nbo];
	m->bo_size[i] = m->bo_size[m->nbo];
	m->bo_hung[i] = m->bo_hung[m->nbo];
}

/* Jobs of @h (every hwctx when 0) were cancelled: nothing holds their BOs. */
static void unhang(struct model *m, u32 h)
{
	for (u32 i = 0; i < m->nbo; i++)
		if (!h || m->bo_hung[i] == h)
			m->bo_hung[i] = 0;
}

static void op_hwctx(struct sim *sim, struct model *m)
{
	struct sim_result r;
	u32 h;
	int ret;

	if (m->nh == MAX_H)
		return;
	ret = sim_hwctx_create(sim, m->c, 4, &r);
	if (ret) {
		/* the committed chunks may be too full for the cmd bufs (not retried) */
		ck_assert_msg(ret == -EAGAIN || ret == -EINVAL, "hwctx create: %d", ret);
		return;
	}
	h = r.handle;
	m->usage += 0x4000;
	ret = sim_shim_alloc_dev_bo(sim, m->c, 0x1000, &r);
	m->chunks += r.expansions;
	if (ret) {
		ck_assert_int_eq(ret, -ENOSPC);
		ck_assert_int_eq(sim_hwctx_destroy(sim, m->c, h), 0);
		m->usage -= 0x4000;
		return;
	}
	m->usage += 0x1000;
	ck_assert_int_eq(sim_config_cu(sim, m->c, h, &r.handle, 1, NULL), 0);
	ck_assert_int_eq(sim_gem_close(sim, m->c, r.handle), 0);	/* held by the hwctx */
	m->h[m->nh] = h;
	m->pdi[m->nh] = r.handle;
	m->nh++;
}

static void op_destroy(struct sim *sim, struct model *m, struct xrand *rng)
{
	u32 i;

	if (!m->nh)
		return;
	i = (u32)xrand_below(rng, m->nh);
	ck_assert_int_eq(sim_hwctx_destroy(sim, m->c, m->h[i]), 0);
	unhang(m, m->h[i]);
	m->usage -= 0x5000;
	m->h[i] = m->h[--m->nh];
}

static void op_exec(struct sim *sim, struct model *m, struct xrand *rng, bool hang)
{
	struct sim_exec_desc cmd = { .naddr = 2, .hang = hang };
	struct sim_result r;
	u64 addrs[2], lens[2] = { 4, 8 };
	u32 i, h;

	if (!m->nh || !m->nbo)
		return;
	i = (u32)xrand_below(rng, m->nbo);
	if (hang && m->bo_hung[i])
		return;	/* the model tracks one hung holder per BO */
	addrs[0] = m->bo_addr[i];
	addrs[1] = m->bo_addr[i] + (xrand_below(rng, m->bo_size[i]) & ~7ULL);
	if (addrs[1] + 8 > m->bo_addr[i] + ALIGN_UP_P2(m->bo_size[i], 0x1000))
		addrs[1] -= 8;
	cmd.addrs = addrs;
	cmd.lens = lens;
	cmd.nbo = 1;
	cmd.bos = &m->bo[i];
	h = m->h[xrand_below(rng, m->nh)];
	ck_assert_int_eq(sim_exec(sim, m->c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, (hang ? 0u : 4u));
	if (hang)
		m->bo_hung[i] = h;
}

static void check_model(struct sim *sim, const struct model *m)
{
	struct heap *hp = sim_client_heap(sim, m->c);

	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	ck_assert_uint_eq(heap_usage(hp), m->usage);
	ck_assert_uint_eq(heap_nr_chunks(hp), m->chunks);
}

START_TEST(test_random_workload)
{
	const struct sim_combo *cb = &combos[_i];
	struct sim *sim = mk_sim("npu4", cb->rev, cb->mode);
	u64 seed = test_seed() + (u64)_i;
	u64 nops = test_scale(1500, 10);
	struct model m[2] = { { 0 } };
	struct sim_result r;
	struct xrand rng;

	xrand_seed(&rng, seed);
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(sim_shim_open(sim, &r), 0);
		m[k].c = r.handle;
		m[k].chunks = 1;
	}
	for (u64 i = 0; i < nops; i++) {
		struct model *mm = &m[xrand_below(&rng, 2)];
		u64 op = xrand_below(&rng, 100);

		if (op < 40)
			op_alloc(sim, mm, &rng);
		else if (op < 70)
			op_free(sim, mm, &rng);
		else if (op < 76)
			op_hwctx(sim, mm);
		else if (op < 80)
			op_destroy(sim, mm, &rng);
		else if (op < 94)
			op_exec(sim, mm, &rng, false);
		else if (op < 96)
			op_exec(sim, mm, &rng, true);
		else if (op < 98)
			ck_assert_int_eq(sim_advance(sim, xrand_range(&rng, 1, 6000)), 0);
		else if (op < 99) {
			ck_assert_int_eq(sim_suspend(sim), 0);
			unhang(&m[0], 0);
			unhang(&m[1], 0);
		}
		else
			ck_assert_int_eq(sim_resume(sim), 0);
		check_model(sim, &m[0]);
		check_model(sim, &m[1]);
	}
	ck_assert_int_eq(sim_shim_close(sim, m[0].c), 0);
	ck_assert_int_eq(sim_shim_close(sim, m[1].c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Workloads with faults: the sim fuzz target's engine with seeds (two
 * clients, shim and raw ioctls; up to two sites failing at their nth call,
 * or every site failing now and then; through the scenario runner),
 * sim_check() after every op and the event log balanced at the end.
 */
START_TEST(test_random_with_faults)
{
	T_ASSERT(t_fuzz_campaign(&fuzz_target_sim, test_seed(), test_scale(600, 20)) > 0);
}
END_TEST

Suite *sim_random_suite(void)
{
	Suite *s = suite_create("sim_random");
	TCase *tc = tcase_create("random");

	tcase_add_loop_test(tc, test_random_workload, 0, NCOMBOS);
	tcase_add_test(tc, test_random_with_faults);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
