// SPDX-License-Identifier: MIT
/*
 * Unit tests of the sim building blocks: the event log (ring limit,
 * sequence numbers, consuming), fault-site policies and reachability of
 * every site, the IOMMU model (translation, wrong PASID, size-aligned IOVA, checker),
 * and determinism (same seed, same event log).
 */
#include "tests/sim/sim_test_util.h"
#include "sim/iommu.h"

#include <errno.h>
#include <string.h>

START_TEST(test_evlog_ring)
{
	struct sim_evlog log;
	struct sim_event e = { .type = SIM_EV_OP };

	evlog_init(&log, 4, false);
	for (u32 i = 0; i < 10; i++) {
		e.aux = i;
		ck_assert_uint_eq(evlog_add(&log, &e), i);
	}
	ck_assert_uint_eq(evlog_count(&log), 4);
	ck_assert_uint_eq(log.dropped, 6);
	for (u32 i = 0; i < 4; i++) {
		ck_assert_uint_eq(evlog_at(&log, i)->seq, 6 + i);
		ck_assert_uint_eq(evlog_at(&log, i)->aux, 6 + i);
	}
	ck_assert_ptr_null(evlog_at(&log, 4));
	/* consumed: empty, sequence numbers go on, the ring refills from its front */
	evlog_consume(&log);
	ck_assert_uint_eq(evlog_count(&log), 0);
	ck_assert_ptr_null(evlog_at(&log, 0));
	for (u32 i = 10; i < 15; i++) {
		e.aux = i;
		ck_assert_uint_eq(evlog_add(&log, &e), i);
	}
	ck_assert_uint_eq(evlog_count(&log), 4);
	ck_assert_uint_eq(log.dropped, 7);
	for (u32 i = 0; i < 4; i++)
		ck_assert_uint_eq(evlog_at(&log, i)->seq, 11 + i);
	evlog_fini(&log);
	evlog_init(&log, 0, true);
	ck_assert_uint_eq(evlog_add(&log, &e), 0);
	ck_assert_uint_eq(evlog_count(&log), 0);
	evlog_fini(&log);
	ck_assert_str_eq(sim_ev_type_name(SIM_EV_CHUNK), "chunk");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_MSG_TX, 0x115), "ADD_HOST_BUFFER");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_FAULT, SIM_FAULT_PIN_PAGES), "pin_pages");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_OP, SIM_OP_SHIM_ALLOC), "shim_alloc");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_VIOLATION, 10), "no_invalid_fw_addr");
	ck_assert_str_eq(sim_ev_kind_name(99, 1), "?");
}
END_TEST

START_TEST(test_fault_policies)
{
	struct sim_fault_state fs;
	struct sim_fault_policy p = { .mode = SIM_FAULT_NTH, .n = 3, .times = 2 };
	s64 v = 0;
	u32 fired = 0;

	sim_fault_init(&fs, 1);
	ck_assert_int_eq(sim_fault_set(&fs, SIM_FAULT_PIN_PAGES, &p), 0);
	for (u32 i = 1; i <= 6; i++) {
		bool hit = sim_fault_hit(&fs, SIM_FAULT_PIN_PAGES, &v);

		ck_assert_int_eq(hit, i == 3 || i == 4);
	}
	ck_assert_int_eq(v, -ENOMEM);
	p = (struct sim_fault_policy){ .mode = SIM_FAULT_EVERY, .n = 2, .value = -EIO };
	ck_assert_int_eq(sim_fault_set(&fs, SIM_FAULT_MMAP, &p), 0);
	for (u32 i = 1; i <= 6; i++)
		ck_assert_int_eq(sim_fault_hit(&fs, SIM_FAULT_MMAP, &v), i % 2 == 0);
	ck_assert_int_eq(v, -EIO);
	p = (struct sim_fault_policy){ .mode = SIM_FAULT_PROB, .num = 1, .den = 4 };
	ck_assert_int_eq(sim_fault_set(&fs, SIM_FAULT_VMAP, &p), 0);
	for (u32 i = 0; i < 4000; i++)
		fired += sim_fault_hit(&fs, SIM_FAULT_VMAP, &v);
	ck_assert_uint_gt(fired, 850);
	ck_assert_uint_lt(fired, 1150);
	p.den = 0;
	ck_assert_int_eq(sim_fault_set(&fs, SIM_FAULT_VMAP, &p), -EINVAL);
	ck_assert_int_eq(sim_fault_set(&fs, SIM_FAULT_NR, &p), -EINVAL);
	ck_assert_int_eq(sim_fault_site_by_name("fw.MAP_HOST_BUFFER"),
			 SIM_FAULT_FW_MAP_HOST_BUFFER);
	ck_assert_int_eq(sim_fault_site_by_name("nope"), -EINVAL);
	ck_assert_int_eq(sim_fault_sites[SIM_FAULT_FW_CREATE_CONTEXT].dflt, 0x2000003);
}
END_TEST

/* A workload touching every code path; afterwards every site has been reached. */
static void workload(struct sim *sim, int mode, struct two_chunks *out)
{
	struct sim_exec_desc cmd = { 0 };
	struct sim_result r;
	struct two_chunks t;
	u64 addr = 0x04020000;
	u32 p;

	setup_two_chunks(sim, mode, &t);
	p = must_dev_bo(sim, t.c, 0x1000, 0x04028000);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &p, 1, &r), 0);
	cmd.naddr = 1;
	cmd.addrs = &addr;
	cmd.nbo = 1;
	cmd.bos = &t.ch1;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_int_eq(sim_sync_bo(sim, t.c, t.bo, 0, 0, 0x1000, &r), 0);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_resume(sim), 0);
	cmd.hang = true;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_int_eq(sim_advance(sim, 2000), 0);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	ck_assert_int_eq(sim_shim_close(sim, r.handle), 0);
	if (out)
		*out = t;
}

START_TEST(test_fault_sites_reachable)
{
	/* 856409ca pasid, pr1233 iova, 856409ca carveout, pr1705 pasid */
	static const enum drv_rev revs[4] = { REV_856409CA, REV_PR1233, REV_856409CA, REV_PR1705 };
	struct sim *sim[4];

	for (int m = 0; m < 4; m++) {
		sim[m] = mk_sim("npu4", revs[m], m % 3);
		workload(sim[m], m % 3, NULL);
		sim_assert_ok(sim[m]);
	}
	for (u32 s = 0; s < SIM_FAULT_NR; s++) {
		const char *name = sim_fault_sites[s].name;
		u64 calls = 0;

		for (int m = 0; m < 4; m++)
			calls += sim_fault_calls(sim[m], name);
		ck_assert_msg(calls > 0, "fault site %s never reached", name);
	}
	for (int m = 0; m < 4; m++)
		sim_destroy(sim[m]);
}
END_TEST

/*
 * After a fault every invariant holds.  A failed DESTROY_CONTEXT really
 * leaks the firmware context (the driver forgets it, docs/driver/heap.md §7.4): that is
 * recorded as a ctx_leak event, not an invariant violation.
 */
static void check_after_fault(struct sim *sim, u32 site, u32 n)
{
	struct sim_violation v;

	if (!sim_check(sim, &v) || partial_ctx_violation(sim, &v))
		return;
	ck_abort_msg("site %s n %u: invariant sim.%d: %s", sim_fault_sites[site].name, n, v.number,
		     v.why);
}

/* Each fault site, failed once early, never crashes nor breaks invariants. */
START_TEST(test_fault_each_site_once)
{
	const struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_config cfg;
	struct sim *sim;

	for (u32 s = 0; s < SIM_FAULT_NR; s++) {
		for (u32 n = 1; n <= 3; n++) {
			struct sim_fault_policy p = pol;
			struct sim_exec_desc cmd = { .hang = true };
			struct sim_result r;
			u32 c, ch;

			sim_config_default(&cfg);
			cfg.mode = s % 3;
			cfg.rev = (s / 3) % 2;
			ck_assert_int_eq(sim_create(&cfg, &sim), 0);
			p.n = n;
			ck_assert_int_eq(sim_fault_program(sim, sim_fault_sites[s].name, &p), 0);
			if (sim_shim_open(sim, &r) == 0) {
				c = r.handle;
				sim_hwctx_create(sim, c, 4, &r);
				sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r);
				ch = r.handle;
				sim_sync_bo(sim, c, ch, 0, 0, 0x1000, &r);
				sim_suspend(sim);
				sim_resume(sim);
				sim_exec(sim, c, 1, &cmd, &r);
				sim_advance(sim, 6000);
				check_after_fault(sim, s, n);
				sim_shim_close(sim, c);
			}
			check_after_fault(sim, s, n);
			sim_destroy(sim);
		}
	}
}
END_TEST

START_TEST(test_iommu_model)
{
	struct sim_iommu io;
	struct iommu_range a, b;
	const struct iommu_map *mp;
	struct iommu_map m = { .kind = IOMMU_MAP_IOVA, .size = M64, .client = 1 };
	char why[128];
	u32 p1, p2;

	iommu_init(&io, ADDR_IOVA, 0, 0);
	ck_assert_int_eq(iommu_range_alloc(&io, &a, M64, 0, true), 0);
	ck_assert_uint_eq(a.node.start, IOVA(0));
	/* 96 MiB is size-aligned to 128 MiB */
	ck_assert_int_eq(iommu_range_alloc(&io, &b, 3 * M64 / 2, 0, true), 0);
	ck_assert_uint_eq(b.node.start, (1ULL << 47) - 4 * M64);
	m.addr = a.node.start;
	ck_assert_int_eq(iommu_map(&io, &m), 0);
	ck_assert_int_eq(iommu_map(&io, &m), -EEXIST);
	ck_assert_int_eq(iommu_translate(&io, 0, m.addr + 0x100, 0x100, &mp), 0);
	ck_assert_uint_eq(mp->client, 1);
	ck_assert_int_eq(iommu_translate(&io, 0, m.addr + M64 - 4, 8, &mp), -ENOENT);
	ck_assert_int_eq(iommu_translate(&io, 0, U64_MAX, 4, &mp), -ENOENT);
	ck_assert_int_eq(iommu_pasid_alloc(&io, &p1), 0);
	ck_assert_int_eq(iommu_pasid_alloc(&io, &p2), 0);
	ck_assert_uint_eq(p1, 1);
	ck_assert_uint_eq(p2, 2);
	m = (struct iommu_map){ .pasid = p1, .kind = IOMMU_MAP_SVA, .addr = 0x7f0000000000ULL,
				.size = M64, .client = 1 };
	ck_assert_int_eq(iommu_map(&io, &m), 0);
	ck_assert_int_eq(iommu_translate(&io, p1, m.addr, 4, &mp), 0);
	ck_assert_int_eq(iommu_translate(&io, p2, m.addr, 4, &mp), -EACCES);
	iommu_assert_ok(&io);
	/* a mapping tagged with a freed PASID breaks I3 */
	iommu_pasid_free(&io, p1);
	ck_assert_int_eq(iommu_check(&io, why, sizeof(why)), -EUCLEAN);
	ck_assert_ptr_nonnull(strstr(why, "iommu.I3"));
	ck_assert_int_eq(iommu_unmap(&io, p1, m.addr), 0);
	ck_assert_int_eq(iommu_unmap(&io, p1, m.addr), -ENOENT);
	ck_assert_int_eq(iommu_unmap(&io, 0, IOVA(0)), 0);
	iommu_range_free(&io, &a);
	iommu_range_free(&io, &b);
	iommu_fini(&io);
}
END_TEST

/*
 * Same config and seed → byte-identical event log; cache hints
 * (sim_prefetch_bo on a live BO, on one closed since, on unknown clients
 * and handles) change nothing.
 */
START_TEST(test_determinism)
{
	struct sim *a = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim *b = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_result ra, rb;
	struct two_chunks t;

	workload(a, ADDR_IOVA, &t);
	workload(b, ADDR_IOVA, NULL);
	ck_assert_int_eq(sim_create_bo(a, t.c, SIM_BO_DEV, 0x1000, 0, &ra), 0);
	ck_assert_int_eq(sim_create_bo(b, t.c, SIM_BO_DEV, 0x1000, 0, &rb), 0);
	ck_assert_ptr_nonnull(ra.obj);
	sim_prefetch_bo(a, t.c, ra.handle, ra.obj);
	sim_prefetch_bo(a, t.c, U32_MAX, NULL);
	sim_prefetch_bo(a, U32_MAX, 1, NULL);
	ck_assert_int_eq(sim_gem_close(a, t.c, ra.handle), 0);
	ck_assert_int_eq(sim_gem_close(b, t.c, rb.handle), 0);
	sim_prefetch_bo(a, t.c, ra.handle, ra.obj);
	ck_assert_uint_eq(sim_event_count(a), sim_event_count(b));
	ck_assert_uint_gt(sim_event_count(a), 150);
	for (size_t i = 0; i < sim_event_count(a); i++)
		ck_assert_int_eq(memcmp(sim_event_at(a, i), sim_event_at(b, i),
					sizeof(struct sim_event)), 0);
	sim_destroy(a);
	sim_destroy(b);
}
END_TEST

Suite *sim_units_suite(void)
{
	Suite *s = suite_create("sim_units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, test_evlog_ring);
	tcase_add_test(tc, test_fault_policies);
	tcase_add_test(tc, test_fault_sites_reachable);
	tcase_add_test(tc, test_fault_each_site_once);
	tcase_add_test(tc, test_iommu_model);
	tcase_add_test(tc, test_determinism);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
