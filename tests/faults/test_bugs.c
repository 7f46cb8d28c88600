// SPDX-License-Identifier: MIT
/*
 * test_bugs.c - every historical-bug switch (sim/bugs.h) in both
 * directions: the regression check of docs/driver/heap.md §12 passes with the switch
 * off and fails with it on.  Each check mirrors its scenario in
 * scenarios/regressions/ and asserts the fixed behaviour with exact values.
 */
#include <check.h>
#include <errno.h>

#include "tests/check_util.h"
#include "sim/sim.h"
#include "tests/faults/test_faults.h"

#define MiB (1ULL << 20)

/*
 * A check: T_* assertions of the fixed behaviour; returns 0.  run_reg() runs
 * it under t_catch(), so a failed assertion yields its line.
 */
typedef int (*reg_fn)(struct sim *sim);

static int clean_end(struct sim *sim)
{
	return sim_violation_count(sim) == 0 && sim_check(sim, NULL) == 0;
}

/* K2: PR DEV BO flush bounds: EINVAL, EINVAL, 0. */
static int reg_k2(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, c, 4096, &r));
	T_ASSERT(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 1ULL << 44, 4096, NULL) == -EINVAL);
	T_ASSERT(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 4096, 1, NULL) == -EINVAL);
	T_ASSERT(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0, 0, NULL) == 0);
	return 0;
}

/* Two chunks attached to a hwctx, then both chunk handles closed (mmaps kept). */
static int two_chunks_closed(struct sim *sim, u32 *c, u32 *h)
{
	struct sim_result r;
	u32 ch;

	T_ASSERT(!sim_shim_open(sim, &r));
	*c = r.handle;
	T_ASSERT(!sim_hwctx_create(sim, *c, 4, &r));
	*h = r.handle;
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, *c, 100 * MiB, &r));
	T_ASSERT(r.addr == 0x04020000 && r.expansions == 1);
	for (u32 k = 0; k < 2; k++) {
		T_ASSERT(!sim_chunk_handle(sim, *c, k, &ch));
		T_ASSERT(!sim_gem_close(sim, *c, ch));
	}
	return 0;
}

static int fw_bufs_are(struct sim *sim, u32 c, u32 h, u32 n)
{
	struct sim_fw_ctx_info fi;

	return !sim_fw_ctx_info(sim, c, h, &fi) && fi.nbufs == n;
}

/* K3 (PR): a TDR after the chunk handles are closed re-sends MAP + ADD. */
static int reg_k3(struct sim *sim)
{
	u32 c, h;

	two_chunks_closed(sim, &c, &h);
	T_ASSERT(sim_tdr(sim, c, h, SIM_HEALTH_OK) == 0);
	T_ASSERT(fw_bufs_are(sim, c, h, 2));
	T_ASSERT(clean_end(sim));
	return 0;
}

/* K15 (HEAD): the same window through suspend/resume and a TDR; a new DEV BO attaches. */
static int reg_k15(struct sim *sim)
{
	struct sim_result r;
	u32 c, h;

	two_chunks_closed(sim, &c, &h);
	T_ASSERT(sim_suspend(sim) == 0);
	T_ASSERT(sim_resume(sim) == 0);
	T_ASSERT(sim_tdr(sim, c, h, SIM_HEALTH_OK) == 0);
	T_ASSERT(fw_bufs_are(sim, c, h, 2));
	T_ASSERT(sim_shim_alloc_dev_bo(sim, c, 4096, &r) == 0);
	T_ASSERT(clean_end(sim));
	return 0;
}

/* K4 (HEAD, PASID): a DEV BO spanning a committed but unmapped chunk: EAGAIN. */
static int reg_k4(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_create_bo(sim, c, SIM_BO_DEV_HEAP, 64 * MiB, 0, &r));
	T_ASSERT(r.addr == 0x08000000);
	T_ASSERT(sim_create_bo(sim, c, SIM_BO_DEV, 100 * MiB, 0, &r) == -EAGAIN);
	T_ASSERT(clean_end(sim));
	return 0;
}

/* K5 (HEAD, IOVA): 4 KiB DEV BO at 0x0400_0000 without an expansion. */
static int reg_k5(struct sim *sim)
{
	struct sim_result r;

	T_ASSERT(!sim_shim_open(sim, &r));
	T_ASSERT(sim_shim_alloc_dev_bo(sim, r.handle, 4096, &r) == 0);
	T_ASSERT(r.addr == 0x04000000 && r.expansions == 0);
	return 0;
}

/* K6(iv) (HEAD, firmware 6.12): a second chunk reaching a hwctx: EOPNOTSUPP. */
static int reg_k6(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_hwctx_create(sim, c, 4, &r));
	T_ASSERT(sim_shim_alloc_dev_bo(sim, c, 100 * MiB, &r) == -EOPNOTSUPP);
	return 0;
}

/* K9: PRIME export of a DEV BO: EOPNOTSUPP; of a chunk: a dma-buf. */
static int reg_k9(struct sim *sim)
{
	struct sim_result r;
	u32 c, ch;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, c, 4096, &r));
	T_ASSERT(sim_prime_export(sim, c, r.handle, &r) == -EOPNOTSUPP);
	T_ASSERT(!sim_chunk_handle(sim, c, 0, &ch));
	T_ASSERT(sim_prime_export(sim, c, ch, &r) == 0);
	return 0;
}

/* K10 (PASID): the SVA bind fails and there is no carveout: open EINVAL. */
static int reg_k10(struct sim *sim)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_result r;

	T_ASSERT(!sim_fault_program(sim, "sva_bind", &pol));
	T_ASSERT(sim_open(sim, &r) == -EINVAL);
	return 0;
}

/* K11 (HEAD, IOVA): a failed IOVA allocation on a chunk's first open leaves no open_ref. */
static int reg_k11(struct sim *sim)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_result r;
	u64 total, internal, heap;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_fault_program(sim, "iova_alloc", &pol));
	T_ASSERT(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, 64 * MiB, 0, &r) == -ENOMEM);
	T_ASSERT(!sim_client_usage(sim, c, &total, &internal, &heap));
	T_ASSERT(total == 64 * MiB && internal == 64 * MiB);
	T_ASSERT(clean_end(sim));
	return 0;
}

/* K12 (HEAD, PASID): chunk 0 mapped twice, the first unmapped: uva stays, DEV BO OK. */
static int reg_k12(struct sim *sim)
{
	struct sim_result r;
	u64 a, b;
	u32 c, ch;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	a = r.uva;
	b = a + 0x40000000ULL;
	T_ASSERT(!sim_chunk_handle(sim, c, 0, &ch));
	T_ASSERT(!sim_mmap(sim, c, ch, b, &r));
	T_ASSERT(!sim_munmap(sim, c, a));
	T_ASSERT(sim_create_bo(sim, c, SIM_BO_DEV, 4096, 0, &r) == 0);
	T_ASSERT(r.addr == 0x04000000 && r.uva == a);
	return 0;
}

/* K21: the PDI BO stays allocated after GEM_CLOSE; resume re-sends CONFIG_CU. */
static int reg_k21(struct sim *sim)
{
	struct sim_result r;
	u32 c, h, p;
	u64 pa;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_hwctx_create(sim, c, 4, &r));
	h = r.handle;
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, c, 4096, &r));
	p = r.handle;
	pa = r.addr;
	T_ASSERT(!sim_config_cu(sim, c, h, &p, 1, NULL));
	T_ASSERT(!sim_gem_close(sim, c, p));
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, c, 4096, &r));
	T_ASSERT(r.addr != pa);
	T_ASSERT(sim_suspend(sim) == 0);
	T_ASSERT(sim_resume(sim) == 0);
	return 0;
}

/* K22: a job timeout with dead firmware power-cycles; the heap grows again afterwards. */
static int reg_k22(struct sim *sim)
{
	struct sim_exec_desc cmd = { .hang = true };
	struct sim_result r;
	u32 c, h;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_hwctx_create(sim, c, 4, &r));
	h = r.handle;
	T_ASSERT(!sim_exec(sim, c, h, &cmd, &r));
	T_ASSERT(sim_tdr(sim, c, h, SIM_HEALTH_DEAD) == 0);
	T_ASSERT(sim_shim_alloc_dev_bo(sim, c, 100 * MiB, &r) == 0);
	T_ASSERT(r.addr == 0x04020000 && r.expansions == 1);
	T_ASSERT(fw_bufs_are(sim, c, h, 2));
	return 0;
}

/* U1 (a): 200 MiB from a 64 MiB heap: three expansions, node at 0x0402_0000. */
static int reg_u1(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_hwctx_create(sim, c, 4, &r));
	T_ASSERT(sim_shim_alloc_dev_bo(sim, c, 200 * MiB, &r) == 0);
	T_ASSERT(r.addr == 0x04020000 && r.expansions == 3);
	return 0;
}

/* U2: shim sync of a 0x1000 DEV BO at 0x800 for 2^64 - 0x7FF bytes: EINVAL. */
static int reg_u2(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	T_ASSERT(!sim_shim_open(sim, &r));
	c = r.handle;
	T_ASSERT(!sim_shim_alloc_dev_bo(sim, c, 0x1000, &r));
	T_ASSERT(sim_shim_sync(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0x800, 0ULL - 0x7FF) == -EINVAL);
	T_ASSERT(sim_shim_sync(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0x800, 0x800) == 0);
	T_ASSERT(clean_end(sim));
	return 0;
}

static const struct reg {
	unsigned int bug;
	enum drv_rev rev;
	enum addr_mode mode;
	u32 fw_minor;		/* 0 = default firmware */
	reg_fn fn;
} regs[] = {
	{ SIM_BUG_K2_UNCHECKED_CLFLUSH_RANGE, REV_PR1233, ADDR_PASID, 0, reg_k2 },
	{ SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE, REV_PR1233, ADDR_PASID, 0, reg_k3 },
	{ SIM_BUG_K4_UNMAPPED_CHUNK_ACCEPTED, REV_856409CA, ADDR_PASID, 0, reg_k4 },
	{ SIM_BUG_K5_EAGAIN_IN_IOVA_MODE, REV_856409CA, ADDR_IOVA, 0, reg_k5 },
	{ SIM_BUG_K6_ADD_HOST_BUFFER_UNGATED, REV_856409CA, ADDR_PASID, 12, reg_k6 },
	{ SIM_BUG_K9_DEV_BO_EXPORT, REV_856409CA, ADDR_PASID, 0, reg_k9 },
	{ SIM_BUG_K10_OPEN_WITHOUT_DMA_MODE, REV_856409CA, ADDR_PASID, 0, reg_k10 },
	{ SIM_BUG_K11_OPEN_REF_LEAK_ON_MAP_FAILURE, REV_856409CA, ADDR_IOVA, 0, reg_k11 },
	{ SIM_BUG_K12_UVA_CLEARED_ON_ANY_MUNMAP, REV_856409CA, ADDR_PASID, 0, reg_k12 },
	{ SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS, REV_856409CA, ADDR_PASID, 0, reg_k15 },
	{ SIM_BUG_K21_CU_HANDLES_RERESOLVED, REV_856409CA, ADDR_PASID, 0, reg_k21 },
	{ SIM_BUG_K22_NO_RESET_ESCALATION, REV_856409CA, ADDR_PASID, 0, reg_k22 },
	{ SIM_BUG_U1_SINGLE_RETRY, REV_856409CA, ADDR_PASID, 0, reg_u1 },
	{ SIM_BUG_U2_UNBOUNDED_SHIM_SYNC, REV_856409CA, ADDR_PASID, 0, reg_u2 },
};

struct reg_call {
	reg_fn fn;
	struct sim *sim;
};

static int call_reg(void *arg)
{
	struct reg_call *rc = arg;

	return rc->fn(rc->sim);
}

static int run_reg(const struct reg *g, bool bug_on)
{
	struct sim_config cfg;
	struct sim *sim;
	int ret;

	sim_config_default(&cfg);
	cfg.rev = g->rev;
	cfg.mode = g->mode;
	cfg.no_autosuspend = true;
	if (g->fw_minor) {
		cfg.fw_major = 6;
		cfg.fw_minor = g->fw_minor;
	}
	cfg.bugs = bug_on ? SIM_BUG(g->bug) : 0;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	ret = t_catch(call_reg, &(struct reg_call){ g->fn, sim });
	sim_destroy(sim);
	return ret;
}

/* Each check runs on every revision its switch applies to (sim_bugs[].revs). */
START_TEST(test_switch_off_passes)
{
	struct reg g = regs[_i];

	ck_assert(sim_bugs[g.bug].revs & REV_BIT(g.rev));
	for (u32 rv = 0; rv < REV_NR; rv++) {
		if (!(sim_bugs[g.bug].revs & REV_BIT(rv)))
			continue;
		g.rev = (enum drv_rev)rv;
		ck_assert_msg(run_reg(&g, false) == 0, "%s on %s: fixed behaviour broken at line %d",
			      sim_bug_name(g.bug), drv_rev_name(g.rev), run_reg(&g, false));
	}
}
END_TEST

START_TEST(test_switch_on_fails)
{
	struct reg g = regs[_i];

	for (u32 rv = 0; rv < REV_NR; rv++) {
		if (!(sim_bugs[g.bug].revs & REV_BIT(rv)))
			continue;
		g.rev = (enum drv_rev)rv;
		ck_assert_msg(run_reg(&g, true) != 0, "%s on %s: the switch does not re-create the bug",
			      sim_bug_name(g.bug), drv_rev_name(g.rev));
	}
}
END_TEST

/* Every switch has a check here, a name, a commit and a scenario file named after it. */
START_TEST(test_table_complete)
{
	bool seen[SIM_BUG_NR] = { false };

	ck_assert_uint_eq(ARRAY_SIZE(regs), SIM_BUG_NR);
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		seen[regs[i].bug] = true;
	for (unsigned int b = 0; b < SIM_BUG_NR; b++) {
		ck_assert_msg(seen[b], "switch %u has no regression check", b);
		ck_assert_int_eq(sim_bug_by_name(sim_bugs[b].name), (int)b);
		ck_assert(sim_bugs[b].commit && sim_bugs[b].what);
		ck_assert_int_eq(sim_bugs[b].scenario == NULL, b == SIM_BUG_K9_DEV_BO_EXPORT);
	}
	ck_assert_int_eq(sim_bug_by_name("k2-unchecked-clflush-rang"), -EINVAL);
}
END_TEST

/* Unknown switch bits are refused. */
START_TEST(test_unknown_bits)
{
	struct sim_config cfg;
	struct sim *sim = NULL;

	sim_config_default(&cfg);
	cfg.bugs = SIM_BUG(SIM_BUG_NR);
	ck_assert_int_eq(sim_create(&cfg, &sim), -EINVAL);
	ck_assert_ptr_null(sim);
}
END_TEST

Suite *bugs_suite(void)
{
	Suite *s = suite_create("bugs");
	TCase *t = tcase_create("switches");

	tcase_add_loop_test(t, test_switch_off_passes, 0, (int)ARRAY_SIZE(regs));
	tcase_add_loop_test(t, test_switch_on_fails, 0, (int)ARRAY_SIZE(regs));
	tcase_add_test(t, test_table_complete);
	tcase_add_test(t, test_unknown_bits);
	suite_add_tcase(s, t);
	return s;
}
