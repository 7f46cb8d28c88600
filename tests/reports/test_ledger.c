// SPDX-License-Identifier: MIT
/*
 * test_ledger.c - the coverage-ledger universe (generated from the code's
 * tables), its invariants L1..L4 with planted corruption, and hit counts
 * of real simulator runs whose messages and error paths docs/driver/heap.md fixes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/msg.h"
#include "sim/event.h"
#include "sim/ledger.h"
#include "sim/sim.h"
#include "tests/check_util.h"
#include "tests/reports/test_reports.h"

static struct sim_ledger L;

static void setup(void)
{
	ck_assert_int_eq(sim_ledger_init(&L), 0);
}

static void teardown(void)
{
	char why[160];

	ck_assert_msg(sim_ledger_check(&L, why, sizeof(why)) == 0, "%s", why);
	sim_ledger_fini(&L);
}

static u64 hits_of(const u64 *hits, const char *key)
{
	long k = sim_ledger_find(&L, key);

	ck_assert_msg(k >= 0, "no key %s", key);
	return hits[k];
}

static size_t class_count(unsigned int cls, size_t *unreach)
{
	size_t n = 0;

	*unreach = 0;
	for (size_t i = 0; i < L.n; i++) {
		if (L.keys[i].cls != cls)
			continue;
		n++;
		*unreach += L.keys[i].unreachable != NULL;
	}
	return n;
}

START_TEST(test_universe_from_tables)
{
	size_t u;

	/* docs/driver/proto.md §3.1 lists 40 opcodes: 40 tx and 40 rx keys. */
	ck_assert_uint_eq(class_count(SIM_LK_TX, &u), msg_ndescs);
	ck_assert_uint_eq(msg_ndescs, 40);
	ck_assert_uint_eq(class_count(SIM_LK_RX, &u), msg_ndescs);
	ck_assert_uint_eq(class_count(SIM_LK_STATUS, &u), fw_nstatuses);
	ck_assert_uint_eq(class_count(SIM_LK_FAULT, &u), SIM_FAULT_NR);
	ck_assert_uint_eq(u, 0);
	ck_assert_uint_eq(class_count(SIM_LK_ERR, &u) + class_count(SIM_LK_ROLLBACK, &u), SIM_ES_NR);
	/* chunks 1..8 × {none, 0..8}; attach > chunks is unreachable: Σ(8 - c) = 28. */
	ck_assert_uint_eq(class_count(SIM_LK_CELL, &u), 80);
	ck_assert_uint_eq(u, 28);
	/*
	 * 7 revisions (the proposal pr1710 included) × 3 modes × 5 profiles (npu1,
	 * npu4, npu5, npu6, aie4); aie4 unreachable.
	 */
	ck_assert_uint_eq(class_count(SIM_LK_CONFIG, &u), 105);
	ck_assert_uint_eq(u, 21);
	/*
	 * One key per historical-bug switch (docs/driver/heap.md §12, docs/faults.md); K9
	 * (PRIME export of a DEV BO) has no scenario operation.
	 */
	ck_assert_uint_eq(class_count(SIM_LK_BUG, &u), SIM_BUG_NR);
	ck_assert_uint_eq(SIM_BUG_NR, 14);
	ck_assert_uint_eq(u, 1);
	ck_assert_int_ge(sim_ledger_find(&L, "bug:k2-unchecked-clflush-range"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "tx:CREATE_CONTEXT"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "rx:ADD_HOST_BUFFER"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "status:MGMT_ERT_NOAVAIL"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "err:create_dev_heap_bo:-ENOSPC max"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "fault:fw.MAP_HOST_BUFFER"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "cell:chunks=8,attach=8"), 0);
	ck_assert_int_ge(sim_ledger_find(&L, "config:pr1233/carveout/npu1"), 0);
	ck_assert_int_eq(sim_ledger_find(&L, "tx:NO_SUCH_OPCODE"), -ENOENT);
	ck_assert_int_eq(sim_ledger_find(&L, "cell:chunks=9,attach=none"), -ENOENT);
}
END_TEST

START_TEST(test_unreachable_reasons)
{
	static const char *const keys[] = {
		"tx:REGISTER_PDI", "rx:GET_PROTOCOL_VERSION", "tx:EXEC_DPU", "tx:EXEC_NPU",
		"tx:LEGACY_CONFIG_CU",
		"status:PDI_REG_FAILED", "status:MAX_AIE2_STATUS_CODE",
		"cell:chunks=1,attach=2", "config:856409ca/pasid/aie4",
	};
	static const char *const reachable[] = {
		"tx:CHAIN_EXEC_NPU", "cell:chunks=1,attach=1", "cell:chunks=3,attach=0",
		"config:856409ca/pasid/npu4", "err:create_dev_bo:-EAGAIN beyond last chunk",
	};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		long k = sim_ledger_find(&L, keys[i]);

		ck_assert_int_ge(k, 0);
		ck_assert_msg(L.keys[k].unreachable && *L.keys[k].unreachable, "%s", keys[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(reachable); i++)
		ck_assert_ptr_null(L.keys[sim_ledger_find(&L, reachable[i])].unreachable);
}
END_TEST

START_TEST(test_check_catches_corruption)
{
	struct sim_lkey k0 = L.keys[0], k1 = L.keys[1];
	char why[160];

	L.keys[0] = k1;
	L.keys[1] = k0;
	ck_assert_int_eq(sim_ledger_check(&L, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "ledger.L1 ", 10), "%s", why);
	L.keys[0] = k0;
	L.keys[1] = k1;
	L.keys[0].cls = (u8)((k0.cls + 1) % SIM_LK_NR);
	ck_assert_int_eq(sim_ledger_check(&L, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "ledger.L2 ", 10), "%s", why);
	L.keys[0].cls = k0.cls;
	L.n--;		/* the last key's class is one short of its table */
	ck_assert_int_eq(sim_ledger_check(&L, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, "ledger.L4 ", 10), "%s", why);
	L.n++;
}
END_TEST

static struct sim *run_sim(const struct sim_config *cfg)
{
	struct sim *sim;

	ck_assert_int_eq(sim_create(cfg, &sim), 0);
	return sim;
}

/*
 * The worked example (docs/driver/heap.md §4, HEAD, NPU4, PASID): open (64 MiB chunk
 * 0), one hwctx (MAP_HOST_BUFFER of chunk 0), a 100 MiB DEV BO: -EAGAIN
 * because the node lies beyond chunk 0, the shim expands (chunk 1),
 * update_heap ADDs it; then a DEV BO with flags and a shim expansion
 * past 512 MiB.
 */
START_TEST(test_count_worked_example)
{
	struct sim_config cfg;
	struct sim_result r;
	struct sim *sim;
	u64 *hits = calloc(L.n, sizeof(*hits));
	u32 c;

	sim_config_default(&cfg);
	sim = run_sim(&cfg);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), 0);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 100 << 20, &r), 0);
	ck_assert_uint_eq(r.expansions, 1);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 4096, 1, &r), -EINVAL);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(sim_shim_expand(sim, c, SZ_64M, &r), 0);
	ck_assert_int_eq(sim_shim_expand(sim, c, SZ_64M, &r), -ENOSPC);
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, &cfg, hits), 0);

	ck_assert_uint_eq(hits_of(hits, "config:pr1705/pasid/npu4"), 1);
	ck_assert_uint_eq(hits_of(hits, "config:pr1233/pasid/npu4"), 0);
	ck_assert_uint_eq(hits_of(hits, "tx:CREATE_CONTEXT"), 1);
	ck_assert_uint_eq(hits_of(hits, "rx:CREATE_CONTEXT"), 1);
	ck_assert_uint_eq(hits_of(hits, "tx:MAP_HOST_BUFFER"), 1);
	/* Chunk 1 by update_heap; chunks 2..7 are not attached until a DEV BO needs them. */
	ck_assert_uint_eq(hits_of(hits, "tx:ADD_HOST_BUFFER"), 1);
	ck_assert_uint_eq(hits_of(hits, "err:create_dev_bo:-EAGAIN beyond last chunk"), 1);
	ck_assert_uint_eq(hits_of(hits, "err:create_dev_bo:-EINVAL flags"), 1);
	ck_assert_uint_eq(hits_of(hits, "err:shim_expand:-ENOSPC 512 MiB"), 1);
	ck_assert_uint_eq(hits_of(hits, "err:create_dev_bo:-ENOSPC no hole"), 0);
	ck_assert_uint_eq(hits_of(hits, "fault:pin_pages"), 0);
	/* After the DEV BO: 2 chunks, the hwctx holds both. */
	ck_assert_uint_ge(hits_of(hits, "cell:chunks=2,attach=2"), 1);
	/* After the last expansion: 8 chunks, the hwctx still at 2 (HEAD attaches lazily). */
	ck_assert_uint_ge(hits_of(hits, "cell:chunks=8,attach=2"), 1);
	ck_assert_uint_eq(hits_of(hits, "cell:chunks=8,attach=8"), 0);
	ck_assert_uint_eq(hits_of(hits, "status:MGMT_ERT_NOAVAIL"), 0);
	ck_assert_uint_ge(hits_of(hits, "status:SUCCESS"), 3);
	ck_assert_uint_eq(hits_of(hits, "bug:u1-single-retry"), 0);
	/* The same run counted as one with two switches on hits exactly those keys. */
	memset(hits, 0, L.n * sizeof(*hits));
	cfg.bugs = SIM_BUG(SIM_BUG_U1_SINGLE_RETRY) | SIM_BUG(SIM_BUG_K2_UNCHECKED_CLFLUSH_RANGE);
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, &cfg, hits), 0);
	ck_assert_uint_eq(hits_of(hits, "bug:u1-single-retry"), 1);
	ck_assert_uint_eq(hits_of(hits, "bug:k2-unchecked-clflush-range"), 1);
	ck_assert_uint_eq(hits_of(hits, "bug:k3-client-null-after-close"), 0);
	/* Nothing declared unreachable was hit. */
	for (size_t i = 0; i < L.n; i++)
		ck_assert_msg(!L.keys[i].unreachable || !hits[i], "%s hit", L.keys[i].name);
	sim_destroy(sim);
	free(hits);
}
END_TEST

/*
 * CREATE_CONTEXT answered MGMT_ERT_NOAVAIL: hwctx creation fails in
 * hwctx_load and unwinds every step (docs/driver/heap.md §10.3 "everything rolled
 * back"): context stop, columns, cmd bufs, chunk 0's attachment.
 */
START_TEST(test_count_rollback)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_config cfg;
	struct sim_result r;
	struct sim *sim;
	u64 *hits = calloc(L.n, sizeof(*hits));
	u32 c;

	sim_config_default(&cfg);
	cfg.mode = ADDR_IOVA;
	sim = run_sim(&cfg);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_fault_program(sim, "fw.CREATE_CONTEXT", &pol), 0);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EINVAL);
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, &cfg, hits), 0);
	ck_assert_uint_eq(hits_of(hits, "config:pr1705/iova/npu4"), 1);
	ck_assert_uint_eq(hits_of(hits, "fault:fw.CREATE_CONTEXT"), 1);
	ck_assert_uint_eq(hits_of(hits, "status:MGMT_ERT_NOAVAIL"), 1);
	ck_assert_uint_eq(hits_of(hits, "err:create_hwctx:map/add/pin"), 1);
	ck_assert_uint_eq(hits_of(hits, "rollback:create_hwctx:err_fw context stopped"), 1);
	ck_assert_uint_eq(hits_of(hits, "rollback:create_hwctx:err_solver columns released"), 1);
	ck_assert_uint_eq(hits_of(hits, "rollback:create_hwctx:err_cmd cmd bufs freed"), 1);
	ck_assert_uint_eq(hits_of(hits, "rollback:create_hwctx:err_free chunks detached"), 1);
	ck_assert_uint_eq(hits_of(hits, "tx:MAP_HOST_BUFFER"), 0);
	/* The client was observed without a hwctx, never with one. */
	ck_assert_uint_ge(hits_of(hits, "cell:chunks=1,attach=none"), 1);
	ck_assert_uint_eq(hits_of(hits, "cell:chunks=1,attach=1"), 0);
	ck_assert_uint_eq(hits_of(hits, "cell:chunks=1,attach=0"), 0);
	sim_destroy(sim);
	free(hits);
}
END_TEST

/* Open, one hwctx, then 200 DEV BOs created and closed; the ledger's hits. */
static void churn_hits(const struct sim_config *cfg, u64 *hits, size_t *log_events,
		       bool *log_has_create)
{
	struct sim *sim = run_sim(cfg);
	struct sim_result r;
	u32 c;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), 0);
	for (int i = 0; i < 200; i++) {
		ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 8192, &r), 0);
		ck_assert_int_eq(sim_gem_close(sim, c, r.handle), 0);
	}
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, cfg, hits), 0);
	*log_events = sim_event_count(sim);
	*log_has_create = false;
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		if (e->type == SIM_EV_MSG_TX && e->kind == MSG_OP_CREATE_CONTEXT)
			*log_has_create = true;
	}
	sim_destroy(sim);
}

/*
 * A run longer than the event log's bound: the early CREATE_CONTEXT has
 * left the log, and the ledger still counts it (counted as it happened),
 * with every hit equal to the unbounded run's.
 */
START_TEST(test_count_beyond_event_log)
{
	struct sim_config cfg;
	u64 *all = calloc(L.n, sizeof(*all)), *bounded = calloc(L.n, sizeof(*bounded));
	size_t n_all, n_bounded;
	bool create_all, create_bounded;

	sim_config_default(&cfg);
	churn_hits(&cfg, all, &n_all, &create_all);
	cfg.event_limit = 16;
	churn_hits(&cfg, bounded, &n_bounded, &create_bounded);
	ck_assert(create_all);
	ck_assert(!create_bounded);
	ck_assert_uint_eq(n_bounded, 16);
	ck_assert_uint_gt(n_all, 400);
	ck_assert_uint_eq(hits_of(bounded, "tx:CREATE_CONTEXT"), 1);
	ck_assert_uint_eq(hits_of(bounded, "rx:CREATE_CONTEXT"), 1);
	ck_assert_uint_eq(hits_of(bounded, "tx:MAP_HOST_BUFFER"), 1);
	for (size_t i = 0; i < L.n; i++)
		ck_assert_msg(all[i] == bounded[i], "%s: %llu unbounded, %llu bounded",
			      L.keys[i].name, (unsigned long long)all[i],
			      (unsigned long long)bounded[i]);
	free(all);
	free(bounded);
}
END_TEST

START_TEST(test_count_rejects_unknown_config)
{
	struct sim_config cfg;
	struct sim *sim;
	u64 *hits = calloc(L.n, sizeof(*hits));

	sim_config_default(&cfg);
	sim = run_sim(&cfg);
	cfg.device = "npu9";
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, &cfg, hits), -EINVAL);
	cfg.device = NULL;
	cfg.mode = 7;
	ck_assert_int_eq(sim_ledger_count_sim(&L, sim, &cfg, hits), -EINVAL);
	sim_destroy(sim);
	free(hits);
}
END_TEST

Suite *reports_ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("universe");
	TCase *tr = tcase_create("count");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_universe_from_tables);
	tcase_add_test(tc, test_unreachable_reasons);
	tcase_add_test(tc, test_check_catches_corruption);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, test_count_worked_example);
	tcase_add_test(tr, test_count_rollback);
	tcase_add_test(tr, test_count_beyond_event_log);
	tcase_add_test(tr, test_count_rejects_unknown_config);
	suite_add_tcase(s, tr);
	return s;
}
