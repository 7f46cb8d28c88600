// SPDX-License-Identifier: MIT
/*
 * The error table of docs/driver/heap.md §10 through the driver model: every errno
 * with the state it leaves behind, in both designs and the address modes
 * where they differ.
 */
#include "tests/sim/sim_test_util.h"

#include <errno.h>

static void fault_once(struct sim *sim, const char *site)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };

	ck_assert_int_eq(sim_fault_program(sim, site, &pol), 0);
}

static u32 nchunks(struct sim *sim, u32 c)
{
	return heap_nr_chunks(sim_client_heap(sim, c));
}

/* §10.1 rows that leave nothing behind, both designs. */
START_TEST(test_heap_bo_errors_leave_nothing)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_result r;
	u32 c = must_open(sim);

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, 0, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64 + 0x1000, 0, &r), -EINVAL);
	fault_once(sim, "shmem_alloc");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOMEM);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, 9 * M64, 0, &r), -ENOSPC);
	ck_assert_uint_eq(nchunks(sim, c), 0);
	/* 8 × 64 MiB fits, the ninth is over the maximum */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, 8 * M64, 0, &r), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOSPC);
	ck_assert_uint_eq(nchunks(sim, c), 1);
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), 8 * M64);
	sim_assert_ok(sim);
	sim_destroy(sim);
	/* NPU1 refuses a second chunk */
	sim = mk_sim("npu1", design, mode);
	c = must_open(sim);
	must_chunk(sim, c, M64);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOSPC);
	ck_assert_uint_eq(nchunks(sim, c), 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* HEAD: xarray insert failure → ENOMEM, nothing committed. */
START_TEST(test_heap_bo_xa_insert)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim);

	fault_once(sim, "xa_insert");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOMEM);
	ck_assert_uint_eq(nchunks(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Handle creation failure (IOVA allocation, K11): HEAD keeps the chunk
 * committed with no handle and dma_addr INVALID; a DEV BO spanning it gets
 * EAGAIN (K8).  PR created the handle first: nothing is committed.
 */
START_TEST(test_heap_bo_handle_failure)
{
	int design = _i;
	struct sim *sim = mk_sim("npu4", design, ADDR_IOVA);
	struct sim_result r;
	u32 c = must_open(sim), ch0;

	ch0 = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch0, UVA0(c));
	fault_once(sim, "iova_alloc");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOMEM);
	if (design == REV_856409CA) {
		ck_assert_uint_eq(nchunks(sim, c), 2);
		ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), 2 * M64);
		ck_assert_uint_eq(heap_chunk_dma_addr(sim_client_heap(sim, c), 1), INVALID);
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x6400000, 0, &r), -EAGAIN);
	} else {
		ck_assert_uint_eq(nchunks(sim, c), 1);
	}
	/* a DEV BO inside chunk 0 is fine either way */
	must_dev_bo(sim, c, 0x1000, BASE);
	fault_once(sim, "handle_create");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOMEM);
	ck_assert_uint_eq(nchunks(sim, c), design == REV_856409CA ? 3 : 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* PR: PM resume failure deletes the handle, commits nothing. */
START_TEST(test_pr_heap_bo_pm_failure)
{
	struct sim *sim = mk_sim("npu4", REV_PR1233, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim);

	ck_assert_int_eq(sim_suspend(sim), 0);
	fault_once(sim, "pm_resume");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -EIO);
	ck_assert_uint_eq(nchunks(sim, c), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), 0);
	ck_assert_uint_eq(r.handle, 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* §10.2 CREATE_BO(DEV) in HEAD. */
START_TEST(test_dev_bo_errors_head)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim), ch0, ch1;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, U64_MAX, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 600ULL << 20, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EAGAIN); /* no chunk */
	ch0 = must_chunk(sim, c, M64);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EAGAIN); /* unmapped */
	must_mmap(sim, c, ch0, UVA0(c));
	fault_once(sim, "host_alloc");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -ENOMEM);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, M64 + 1, 0, &r), -EAGAIN); /* beyond */
	/* K4: chunk 1 at the wrong slot (uva(c0) + 128 MiB): mmap fine, DEV BO EINVAL */
	ch1 = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch1, UVA0(c) + 2 * M64);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, M64 + 1, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_munmap(sim, c, UVA0(c) + 2 * M64), 0);
	must_mmap(sim, c, ch1, UVA0(c) + M64);
	must_dev_bo(sim, c, M64 + 1, BASE);
	/* handle creation failure frees the BO; the range is reusable */
	fault_once(sim, "handle_create");
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -ENOMEM);
	must_dev_bo(sim, c, 0x1000, 0x08008000);
	/* full: no hole anywhere → ENOSPC, no expansion */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1c000000, 0, &r), -ENOSPC);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0x4002000);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* §10.2 PR rows: no heap / chunk 0 unmapped → EINVAL; EAGAIN while growable, then ENOSPC. */
START_TEST(test_dev_bo_errors_pr)
{
	struct sim *sim = mk_sim("npu4", REV_PR1233, ADDR_IOVA);
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EINVAL);
	ch = must_chunk(sim, c, 8 * M64);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EINVAL);
	must_mmap(sim, c, ch, UVA0(c));
	must_dev_bo(sim, c, 0x1000, BASE);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 8 * M64, 0, &r), -ENOSPC);
	sim_destroy(sim);
	sim = mk_sim("npu4", REV_PR1233, ADDR_CARVEOUT);
	c = must_open(sim);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, M64 + 1, 0, &r), -EAGAIN);
	/* PR mmap check: a chunk mapped away from its predicted uva is refused (K4) */
	ch = must_chunk(sim, c, M64);
	ck_assert_int_eq(sim_mmap(sim, c, ch, UVA0(c) + 2 * M64, &r), -EINVAL);
	must_mmap(sim, c, ch, UVA0(c) + M64);
	must_dev_bo(sim, c, M64 + 1, BASE);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* K6 (iv): firmware without ADD_HOST_BUFFER (NPU4 6.15). */
START_TEST(test_no_add_host_buffer_feature)
{
	struct sim_config cfg;
	struct sim_result r;
	struct sim *sim;
	u32 c, ch;

	sim_config_default(&cfg);
	cfg.fw_major = 6;
	cfg.fw_minor = 15;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	c = must_open(sim);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	must_hwctx(sim, c);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c) + M64);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EOPNOTSUPP);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0x4000);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EOPNOTSUPP);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 1);
	ck_assert_uint_eq(chunk_pins(sim, c, 1), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
	/* a version the device's feature table does not know fails the probe */
	cfg.fw_minor = 11;
	ck_assert_int_eq(sim_create(&cfg, &sim), -EINVAL);
}
END_TEST

/* §10.3 CREATE_HWCTX rows. */
START_TEST(test_hwctx_errors)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r),
			 design == REV_856409CA ? -ENOENT : -EINVAL);
	ch = must_chunk(sim, c, M64);
	/*
	 * chunk 0 not mmapped: the cmd-buf allocation fails with HEAD EAGAIN
	 * in PASID mode (uva INVALID) and PR EINVAL in every mode (chunk 0
	 * uva INVALID); HEAD IOVA/carveout do not look at the uva.
	 */
	if (design == REV_PR1233 || mode == ADDR_PASID) {
		ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r),
				 design == REV_856409CA ? -EAGAIN : -EINVAL);
	} else {
		ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), 0);
		ck_assert_int_eq(sim_hwctx_destroy(sim, c, r.handle), 0);
	}
	must_mmap(sim, c, ch, UVA0(c));
	ck_assert_int_eq(sim_hwctx_create(sim, c, 3, &r), -EINVAL);	/* not whole columns */
	ck_assert_int_eq(sim_hwctx_create(sim, c, 36, &r), -EINVAL);	/* 9 columns */
	fault_once(sim, "fw.MAP_HOST_BUFFER");
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EINVAL);
	fault_once(sim, "pin_pages");
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ENOMEM);
	fault_once(sim, "mbox.timeout");
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ETIME);
	/* everything rolled back; the management channel is gone until restart */
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 0);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ENODEV);
	ck_assert_int_eq(sim_power_cycle(sim), 0);
	must_hwctx(sim, c);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* §10.3 SYNC_BO, K2 both rules, K20 flush ranges, FROM_DEVICE. */
START_TEST(test_sync_bo)
{
	int design = combos[_i].rev;
	bool pr = design == REV_PR1233;
	struct sim *sim = mk_sim("npu4", design, combos[_i].mode);
	const struct heap_flush *f;
	struct sim_result r;
	u32 c = must_open(sim), ch, bo;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	must_dev_bo(sim, c, 0x1000, BASE);
	bo = must_dev_bo(sim, c, 0x1000, BASE + 0x8000);
	ck_assert_int_eq(sim_sync_bo(sim, c, 99, 0, 0, 1, &r), -ENOENT);
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 0, 0, 0x1000, &r), 0);
	ck_assert_uint_eq(sim_last_flush(sim, &f), 1);
	ck_assert_uint_eq(f[0].chunk, 0);
	ck_assert_uint_eq(f[0].offset, 0x8000);
	ck_assert_uint_eq(f[0].len, 0x1000);
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 0, 1ULL << 44, 0x1000, &r), pr ? -EINVAL : 0);
	ck_assert_uint_eq(sim_last_flush(sim, &f), 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 0, 0x1000, 1, &r), pr ? -EINVAL : 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 0, 0, 0, &r), 0);
	/* HEAD clips to the BO's chunk: flushes neighbours in it */
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 0, 0x1000, 0x1000, &r), pr ? -EINVAL : 0);
	if (!pr) {
		ck_assert_uint_eq(sim_last_flush(sim, &f), 1);
		ck_assert_uint_eq(f[0].offset, 0x9000);
	}
	/* FROM_DEVICE on a BO that is not a debug BO: EINVAL after the flush */
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, 1, 0, 0x1000, &r), -EINVAL);
	ck_assert_uint_eq(sim_last_flush(sim, &f), 1);
	/* the chunk's own handle: HEAD bounds-checked, PR unchecked */
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, 0, M64, 1, &r), pr ? 0 : -EINVAL);
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, 0, 0, 0x1000, &r), 0);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 0);	/* transient pin dropped */
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* K9: PRIME. */
START_TEST(test_prime)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 a = must_open(sim), b = must_open(sim), ch, bo, fd;

	ch = must_chunk(sim, a, M64);
	must_mmap(sim, a, ch, UVA0(a));
	bo = must_dev_bo(sim, a, 0x1000, BASE);
	ck_assert_int_eq(sim_prime_export(sim, a, bo, &r), -EOPNOTSUPP);
	ck_assert_int_eq(sim_prime_export(sim, a, ch, &r), 0);
	fd = r.handle;
	ck_assert_int_eq(sim_prime_import(sim, a, fd, &r), 0);
	ck_assert_uint_eq(r.handle, ch);
	ck_assert_int_eq(sim_prime_import(sim, b, fd, &r), 0);
	ck_assert_uint_eq(r.handle, 1);
	ck_assert_uint_eq(nchunks(sim, b), 0);	/* a SHARE BO, not a chunk */
	ck_assert_int_eq(sim_prime_import(sim, b, 1234, &r), -EBADF);
	/* K14: two opens, two independent heaps from the same base */
	ch = must_chunk(sim, b, M64);
	must_mmap(sim, b, ch, UVA0(b));
	must_dev_bo(sim, b, 0x1000, BASE);
	ck_assert_int_eq(sim_gem_close(sim, b, bo + 10), -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* §13 "create and free internal bo": usage counters. */
START_TEST(test_usage_counters)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	u64 total, internal, heap;
	struct sim_result r;
	u32 c = must_open(sim), ch, bo;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	bo = must_dev_bo(sim, c, 0x4000, BASE);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x3000, 0, &r), 0);
	ck_assert_int_eq(sim_client_usage(sim, c, &total, &internal, &heap), 0);
	ck_assert_uint_eq(total, 0x3000 + M64);
	ck_assert_uint_eq(internal, M64);
	ck_assert_uint_eq(heap, 0x4000);
	ck_assert_int_eq(sim_gem_close(sim, c, bo), 0);
	ck_assert_int_eq(sim_gem_close(sim, c, ch), 0);
	ck_assert_int_eq(sim_client_usage(sim, c, &total, &internal, &heap), 0);
	ck_assert_uint_eq(total, 0x3000);
	ck_assert_uint_eq(internal, 0);
	ck_assert_uint_eq(heap, 0);
	ck_assert_int_eq(sim_client_usage(sim, 77, &total, &internal, &heap), -ENOENT);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * K12 (PASID): two live mappings of chunk 0; the uva stays the first one
 * until every registration is gone, then INVALID; a new mmap sets it again.
 */
START_TEST(test_k12_uva_tracking)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	u64 a = UVA0(1), b = UVA0(1) + 4 * M64, cc = UVA0(1) + 8 * M64;
	struct sim_bo_info info;
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, a);
	must_mmap(sim, c, ch, b);
	ck_assert_int_eq(sim_get_bo_info(sim, c, ch, &info), 0);
	ck_assert_uint_eq(info.vaddr, a);
	ck_assert_int_eq(sim_munmap(sim, c, a), 0);
	ck_assert_int_eq(sim_get_bo_info(sim, c, ch, &info), 0);
	ck_assert_uint_eq(info.vaddr, a);	/* stale, never moves to b */
	ck_assert_int_eq(sim_munmap(sim, c, b), 0);
	ck_assert_int_eq(sim_get_bo_info(sim, c, ch, &info), 0);
	ck_assert_uint_eq(info.vaddr, INVALID);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EAGAIN);
	ck_assert_int_eq(sim_munmap(sim, c, b), -EINVAL);
	must_mmap(sim, c, ch, cc);
	ck_assert_int_eq(sim_get_bo_info(sim, c, ch, &info), 0);
	ck_assert_uint_eq(info.vaddr, cc);
	must_dev_bo(sim, c, 0x1000, BASE);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* Malformed API input: errors, never a crash, nothing changed. */
START_TEST(test_malformed_api_input)
{
	struct sim *sim = mk_sim("npu4", combos[_i].rev, combos[_i].mode);
	struct sim_exec_desc cmd = { .naddr = 3 };
	struct sim_bo_info info;
	struct sim_result r;
	struct two_chunks t;
	u64 big[12] = { 0 };
	u32 bad = 12345;

	ck_assert_int_eq(sim_create(NULL, &sim), -EINVAL);
	setup_two_chunks(sim, combos[_i].mode, &t);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, NULL, &r), -EINVAL);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), -EINVAL);	/* addrs NULL */
	cmd.naddr = 12;
	cmd.addrs = big;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), -EINVAL);	/* too many */
	cmd.naddr = 0;
	cmd.nbo = 1;
	cmd.bos = &bad;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), -ENOENT);
	ck_assert_int_eq(sim_exec(sim, t.c, 999, &cmd, &r), -EINVAL);
	ck_assert_int_eq(sim_exec(sim, 999, t.h, &cmd, &r), -EBADF);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, NULL, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &bad, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &t.ch0, 1, &r), -EINVAL); /* not DEV */
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &t.bo, 33, &r), -EINVAL);
	ck_assert_int_eq(sim_get_bo_info(sim, t.c, t.bo, NULL), -EINVAL);
	ck_assert_int_eq(sim_get_bo_info(sim, t.c, 0, &info), -ENOENT);
	ck_assert_int_eq(sim_sync_bo(sim, t.c, t.bo, 7, 0, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, t.c, 9, 0x1000, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, t.c, SIM_BO_SHARE, U64_MAX, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, t.c, t.bo, 0x10000, &r), -EINVAL);	/* DEV BO */
	ck_assert_int_eq(sim_mmap(sim, t.c, t.ch0, 0x10001, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, t.c, t.ch0, U64_MAX & ~0xfffULL, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, t.c, t.ch0, UVA0(t.c) + 0x1000, &r), -EINVAL); /* overlap */
	ck_assert_int_eq(sim_hwctx_create(sim, t.c, 0xffffffffu, &r), -EINVAL);
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, 0), -EINVAL);
	ck_assert_int_eq(sim_advance(sim, U64_MAX), -EINVAL);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, 7), -EINVAL);
	ck_assert_int_eq(sim_fault_program(sim, "nope", NULL), -EINVAL);
	ck_assert_int_eq(sim_fault_program(sim, NULL, NULL), -EINVAL);
	ck_assert_int_eq(sim_postclose(sim, t.c), -EBADF);		/* not closed yet */
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, t.c, 0, &r), -EINVAL);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, t.c)), 0x5000);
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

/*
 * docs/driver/heap.md §14 item 2 (HEAD, PASID): the shim's mmap of a new chunk fails
 * (MAP_LOCKED over the limit, -EAGAIN): the shim closes the handle and the
 * EAGAIN escapes as if the heap were full, but the kernel keeps the chunk
 * committed while the shim's slot is not consumed.  Every later chunk is
 * then mapped one slot too low; the lost chunk answers EAGAIN for ever, so
 * the shim grows to the kernel's maximum and ends with ENOSPC.
 */
START_TEST(test_lost_chunk_divergence)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct heap *hp;
	struct sim_result r;
	u32 c, h;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	hp = sim_client_heap(sim, c);
	ck_assert_int_eq(sim_fault_program(sim, "mmap", &pol), 0);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r), -EAGAIN);
	ck_assert_uint_eq(r.expansions, 0);
	ck_assert_uint_eq(heap_nr_chunks(hp), 2);
	ck_assert_uint_eq(heap_chunk_uva(hp, 1), INVALID);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r), -ENOSPC);
	ck_assert_uint_eq(r.expansions, 6);
	ck_assert_uint_eq(heap_nr_chunks(hp), 8);
	ck_assert_uint_eq(heap_chunk_uva(hp, 2), UVA0(c) + M64);	/* one slot low */
	ck_assert_uint_eq(sim_shim_base(sim, c), UVA0(c));
	ck_assert_int_eq(sim_chunk_handle(sim, c, 1, &h), -ENOENT);	/* closed by the shim */
	ck_assert_int_eq(sim_chunk_handle(sim, c, 2, &h), 0);
	ck_assert_uint_eq(h, 2);
	/* a BO inside chunk 0 still works */
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x1000, &r), 0);
	ck_assert_uint_eq(r.addr, BASE);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * K5 / K8: in IOVA and carveout mode a DEV BO needs no recorded uva (HEAD
 * checks the DMA mapping instead); through the shim a 4 KiB BO lands at the
 * base with no expansion and GET_BO_INFO.vaddr is INVALID (HEAD) or
 * uva(chunk 0) + offset (PR, which records uvas in every mode).
 */
START_TEST(test_k5_k8_non_pasid)
{
	int design = _i & 1, mode = _i & 2 ? ADDR_CARVEOUT : ADDR_IOVA;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_bo_info info;
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	if (design == REV_856409CA)	/* no mmap needed at HEAD */
		must_dev_bo(sim, c, 0x1000, BASE);
	else
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EINVAL);
	sim_destroy(sim);
	sim = mk_sim("npu4", design, mode);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x1000, &r), 0);
	ck_assert_uint_eq(r.addr, BASE);
	ck_assert_uint_eq(r.expansions, 0);
	ck_assert_int_eq(sim_get_bo_info(sim, c, r.handle, &info), 0);
	ck_assert_uint_eq(info.vaddr, design == REV_856409CA ? INVALID : UVA0(c));
	ck_assert_int_eq(sim_get_bo_info(sim, c, 1, &info), 0);	/* chunk 0 */
	ck_assert_uint_eq(info.vaddr, design == REV_856409CA ? INVALID : UVA0(c));
	sim_assert_ok(sim);
	(void)ch;
	sim_destroy(sim);
}
END_TEST

Suite *sim_errors_suite(void)
{
	Suite *s = suite_create("sim_errors");
	TCase *tc = tcase_create("heap_md_10");

	tcase_add_loop_test(tc, test_heap_bo_errors_leave_nothing, 0, NCOMBOS);
	tcase_add_test(tc, test_heap_bo_xa_insert);
	tcase_add_loop_test(tc, test_heap_bo_handle_failure, 0, 2);
	tcase_add_test(tc, test_pr_heap_bo_pm_failure);
	tcase_add_test(tc, test_dev_bo_errors_head);
	tcase_add_test(tc, test_dev_bo_errors_pr);
	tcase_add_test(tc, test_no_add_host_buffer_feature);
	tcase_add_loop_test(tc, test_hwctx_errors, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_sync_bo, 0, NCOMBOS);
	tcase_add_test(tc, test_prime);
	tcase_add_test(tc, test_usage_counters);
	tcase_add_test(tc, test_k12_uva_tracking);
	tcase_add_loop_test(tc, test_malformed_api_input, 0, NCOMBOS);
	tcase_add_test(tc, test_lost_chunk_divergence);
	tcase_add_loop_test(tc, test_k5_k8_non_pasid, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
