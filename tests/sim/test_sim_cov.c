// SPDX-License-Identifier: MIT
/*
 * Edges of the simulator API and of the IOMMU model that the scenario
 * suites do not reach: argument validation of every public entry point
 * (exact errnos, nothing left behind), SHARE BOs through GET_BO_INFO,
 * SYNC_BO, PRIME and mmap (docs/driver/heap.md §3, §5.8, §8), and the IOMMU model's
 * own error returns and invariant checker (I1..I3).
 */
#include "tests/sim/sim_test_util.h"
#include "sim/iommu.h"
#include "sim/sim_priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* sim_create refuses unknown devices, designs and modes, and NULL pointers. */
START_TEST(test_create_args)
{
	struct sim_config cfg;
	struct sim *sim = (struct sim *)&cfg;
	u32 c;

	sim_config_default(&cfg);
	ck_assert_int_eq(sim_create(NULL, &sim), -EINVAL);
	ck_assert_int_eq(sim_create(&cfg, NULL), -EINVAL);
	cfg.device = "npu9";
	ck_assert_int_eq(sim_create(&cfg, &sim), -EINVAL);
	sim_config_default(&cfg);
	cfg.rev = REV_NR;
	ck_assert_int_eq(sim_create(&cfg, &sim), -EINVAL);
	sim_config_default(&cfg);
	cfg.mode = ADDR_CARVEOUT + 1;
	ck_assert_int_eq(sim_create(&cfg, &sim), -EINVAL);
	/* nothing was written to *out on failure */
	ck_assert_ptr_eq(sim, (struct sim *)&cfg);
	/* the default device is npu4: MAP + ADD chunks allowed (8 × 64 MiB heap) */
	sim_config_default(&cfg);
	cfg.device = NULL;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	c = must_open(sim);
	must_chunk(sim, c, 8 * M64);
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), 8 * M64);
	sim_destroy(sim);
	sim_destroy(NULL);
	ck_assert_str_eq(sim_op_name(SIM_OP_MAX), "?");
	ck_assert_str_eq(sim_op_name(~0u), "?");
}
END_TEST

/* Unknown clients / hwctxs / sites: exact errnos and empty answers. */
START_TEST(test_unknown_ids)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_fw_ctx_info fi;
	u64 t, i, h;
	u32 c = must_open(sim), n, handle = 77;

	ck_assert_int_eq(sim_close(sim, 99), -EBADF);
	ck_assert_int_eq(sim_release(sim, 99), -EBADF);
	ck_assert_int_eq(sim_shim_close(sim, 99), -EBADF);
	ck_assert_int_eq(sim_munmap(sim, 99, UVA0(1)), -EBADF);
	/* postclose of a client that is still open */
	ck_assert_int_eq(sim_postclose(sim, c), -EBADF);
	ck_assert_ptr_null(sim_client_heap(sim, 99));
	ck_assert_uint_eq(sim_shim_base(sim, 99), 0);
	ck_assert_int_eq(sim_chunk_handle(sim, 99, 0, &handle), -ENOENT);
	ck_assert_int_eq(sim_chunk_handle(sim, c, 0, &handle), -ENOENT);
	ck_assert_uint_eq(handle, 77);
	ck_assert_int_eq(sim_chunk_mappings(sim, 99, 0, NULL, 0, &n), -EINVAL);
	ck_assert_int_eq(sim_chunk_mappings(sim, c, 0, NULL, 0, NULL), -EINVAL);
	ck_assert_int_eq(sim_chunk_mappings(sim, c, 0, NULL, 1, &n), -EINVAL);
	ck_assert_int_eq(sim_client_usage(sim, 99, &t, &i, &h), -ENOENT);
	ck_assert_int_eq(sim_client_usage(sim, c, NULL, &i, &h), -EINVAL);
	ck_assert_int_eq(sim_client_usage(sim, c, &t, NULL, &h), -EINVAL);
	ck_assert_int_eq(sim_client_usage(sim, c, &t, &i, NULL), -EINVAL);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, 1, &fi), -ENOENT);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, 1, NULL), -EINVAL);
	ck_assert_int_eq(sim_fault_program(sim, NULL, &pol), -EINVAL);
	ck_assert_int_eq(sim_fault_program(sim, "no_such_site", &pol), -EINVAL);
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", NULL), -EINVAL);
	ck_assert_int_eq(sim_fault_program_at(sim, "no_such_site", &pol, 1, 1), -EINVAL);
	ck_assert_uint_eq(sim_fault_fired(sim, NULL), 0);
	ck_assert_uint_eq(sim_fault_fired(sim, "no_such_site"), 0);
	ck_assert_uint_eq(sim_fault_calls(sim, NULL), 0);
	ck_assert_uint_eq(sim_fault_calls(sim, "no_such_site"), 0);
	ck_assert_ptr_null(sim_fw_msg_at(sim, sim_fw_msg_count(sim)));
	ck_assert_ptr_null(sim_violation_at(sim, sim_violation_count(sim)));
	/* none of it changed the client */
	ck_assert_int_eq(sim_client_usage(sim, c, &t, &i, &h), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(h, 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* CONFIG_CU / EXEC / TDR argument checks; nothing reaches the firmware. */
START_TEST(test_hwctx_op_args)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_exec_desc cmd = { .naddr = 1 };
	struct sim_result r;
	struct two_chunks t;
	u64 before;

	setup_two_chunks(sim, ADDR_PASID, &t);
	before = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, NULL, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, NULL, &r), -EINVAL);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), -EINVAL);
	cmd = (struct sim_exec_desc){ .nbo = 1 };
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), -EINVAL);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, SIM_HEALTH_DEAD + 1), -EINVAL);
	/* unknown hwctx ids are -EINVAL throughout (as DESTROY_HWCTX, §7.4) */
	ck_assert_int_eq(sim_aie_error(sim, t.c, t.h + 100), -EINVAL);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h + 100, SIM_HEALTH_OK), -EINVAL);
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, t.h + 100), -EINVAL);
	ck_assert_uint_eq(sim_fw_msg_count(sim), before);
	ck_assert_int_eq(last_job_state(sim, t.h), -1);
	sim_assert_ok(sim);
	/* after remove, the PM entry points answer ENODEV */
	ck_assert_int_eq(sim_remove(sim), 0);
	ck_assert_int_eq(sim_suspend(sim), -ENODEV);
	ck_assert_int_eq(sim_resume(sim), -ENODEV);
	ck_assert_int_eq(sim_power_cycle(sim), -ENODEV);
	sim_destroy(sim);
}
END_TEST

/* One chunk mmapped twice: sim_chunk_mappings lists both, -ENOSPC if short. */
START_TEST(test_chunk_mappings)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64), n = 9;
	u64 uvas[2] = { 0, 0 }, second = UVA0(c) + 4 * M64 * 4;

	must_mmap(sim, c, ch, UVA0(c));
	must_mmap(sim, c, ch, second);
	ck_assert_int_eq(sim_chunk_mappings(sim, c, 0, uvas, 1, &n), -ENOSPC);
	ck_assert_uint_eq(n, 9);
	ck_assert_int_eq(sim_chunk_mappings(sim, c, 0, uvas, 2, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(uvas[0], UVA0(c));
	ck_assert_uint_eq(uvas[1], second);
	ck_assert_int_eq(sim_chunk_mappings(sim, c, 1, NULL, 0, &n), 0);
	ck_assert_uint_eq(n, 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * SHARE BOs (HEAD): DMA-mapped at first open in IOVA mode (4 KiB-aligned,
 * top-down), carveout PA in carveout mode, no DMA address in PASID mode
 * where the device uses the recorded uva (docs/driver/heap.md §3 helpers).
 */
START_TEST(test_share_bo_info)
{
	int mode = _i;
	struct sim *sim = mk_sim("npu4", REV_856409CA, mode);
	u32 c = must_open(sim);
	u64 uva = UVA0(c) + 32 * M64, size = 0x3000, dma;
	struct sim_bo_info bi;
	struct sim_result r;
	u64 t, in, hp;

	/* size rounds up to pages; flags are refused */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0, 0, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, size, 1, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, size - 0x800, 0, &r), 0);
	dma = mode == ADDR_IOVA ? (1ULL << 47) - size :
	      mode == ADDR_CARVEOUT ? CARVE(0) : INVALID;
	ck_assert_uint_eq(r.addr, dma);
	ck_assert_int_eq(sim_get_bo_info(sim, c, r.handle, &bi), 0);
	ck_assert_uint_eq(bi.type, SIM_BO_SHARE);
	ck_assert_uint_eq(bi.size, size);
	ck_assert_uint_eq(bi.vaddr, INVALID);
	ck_assert_uint_eq(bi.xdna_addr, mode == ADDR_PASID ? INVALID : dma);
	ck_assert_uint_eq(bi.map_offset, 0x200000000ULL + (u64)r.handle * 0x100000);
	/* SHARE BOs count in total but not in internal usage, never in the heap */
	ck_assert_int_eq(sim_client_usage(sim, c, &t, &in, &hp), 0);
	ck_assert_uint_eq(t, size);
	ck_assert_uint_eq(in, 0);
	ck_assert_uint_eq(hp, 0);

	must_mmap(sim, c, r.handle, uva);
	ck_assert_int_eq(sim_get_bo_info(sim, c, r.handle, &bi), 0);
	/* only PASID mode records the uva (no DMA mapping there) */
	ck_assert_uint_eq(bi.vaddr, mode == ADDR_PASID ? uva : INVALID);
	ck_assert_uint_eq(bi.xdna_addr, mode == ADDR_PASID ? uva : dma);
	/* the same range again replaces the VMA; overlaps and odd addresses are refused */
	must_mmap(sim, c, r.handle, uva);
	ck_assert_int_eq(sim_mmap(sim, c, r.handle, uva + 0x1000, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, c, r.handle, uva - 0x1000, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, c, r.handle, uva + size + 0x800, &r), -EINVAL);
	ck_assert_int_eq(sim_mmap(sim, c, r.handle, ~0ULL << 12, &r), -EINVAL);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_munmap(sim, c, uva), 0);
	ck_assert_int_eq(sim_munmap(sim, c, uva), -EINVAL);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_release(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* SYNC_BO of a SHARE BO: HEAD bounds-checks the offset, PR did not (§5.8). */
START_TEST(test_share_bo_sync)
{
	int design = _i;
	struct sim *sim = mk_sim("npu4", design, ADDR_IOVA);
	u32 c = must_open(sim);
	struct sim_result r;
	int oob = design == REV_856409CA ? -EINVAL : 0;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x2000, 0, &r), 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0, 0x2000, NULL), 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0x1fff, 1, NULL), 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0x2000, 1, NULL), oob);
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle, SIM_SYNC_TO_DEVICE, 0x1000, ~0ULL, NULL),
			 oob);
	/* FROM_DEVICE on a BO no hwctx was given: -EINVAL after the flush */
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle, SIM_SYNC_FROM_DEVICE, 0, 0x1000, NULL),
			 -EINVAL);
	ck_assert_int_eq(sim_sync_bo(sim, c, r.handle + 1, SIM_SYNC_TO_DEVICE, 0, 1, NULL),
			 -ENOENT);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* PRIME: one fd per object, the exporter gets its own handle back (§8). */
START_TEST(test_share_bo_prime)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	u32 a = must_open(sim), b = must_open(sim), h, fd;
	struct sim_bo_info bi;
	struct sim_result r;

	ck_assert_int_eq(sim_create_bo(sim, a, SIM_BO_SHARE, 0x5000, 0, &r), 0);
	h = r.handle;
	ck_assert_int_eq(sim_prime_export(sim, a, h + 1, &r), -ENOENT);
	ck_assert_int_eq(sim_prime_export(sim, a, h, &r), 0);
	fd = r.handle;
	ck_assert_int_eq(sim_prime_export(sim, a, h, &r), 0);
	ck_assert_uint_eq(r.handle, fd);
	ck_assert_int_eq(sim_prime_import(sim, a, fd, &r), 0);
	ck_assert_uint_eq(r.handle, h);
	ck_assert_int_eq(sim_prime_import(sim, b, 0, &r), -EBADF);
	ck_assert_int_eq(sim_prime_import(sim, b, fd + 1000, &r), -EBADF);
	ck_assert_int_eq(sim_prime_import(sim, b, fd, &r), 0);
	ck_assert_int_eq(sim_get_bo_info(sim, b, r.handle, &bi), 0);
	ck_assert_uint_eq(bi.type, SIM_BO_SHARE);
	ck_assert_uint_eq(bi.size, 0x5000);
	/* the importer's heap is untouched */
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, b)), 0);
	ck_assert_int_eq(sim_gem_close(sim, b, r.handle), 0);
	ck_assert_int_eq(sim_gem_close(sim, b, r.handle), -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* The IOMMU model's error returns and each of its invariants I1..I3. */
START_TEST(test_iommu_edges)
{
	struct sim_iommu io;
	struct iommu_range r;
	const struct iommu_map *mp;
	struct iommu_map m = { .kind = IOMMU_MAP_IOVA, .addr = 0x10000, .size = 0x2000,
			       .client = 3 };
	char why[160];
	u32 p = 0;

	/* PASID mode: no range allocator at all */
	iommu_init(&io, ADDR_PASID, 0, 0);
	ck_assert_int_eq(iommu_range_alloc(&io, &r, SZ_4K, 0, false), -ENODEV);
	for (u32 i = 1; i < IOMMU_MAX_PASID; i++)
		if (iommu_pasid_alloc(&io, &p) || p != i)
			ck_abort_msg("pasid %u: got %u", i, p);
	ck_assert_int_eq(iommu_pasid_alloc(&io, &p), -ENOSPC);
	ck_assert_uint_eq(p, IOMMU_MAX_PASID - 1);
	iommu_pasid_free(&io, 0);		/* 0 and out-of-range are ignored */
	iommu_pasid_free(&io, IOMMU_MAX_PASID);
	ck_assert_int_eq(iommu_pasid_alloc(&io, &p), -ENOSPC);
	iommu_pasid_free(&io, 17);
	ck_assert_int_eq(iommu_pasid_alloc(&io, &p), 0);
	ck_assert_uint_eq(p, 17);
	iommu_fini(&io);

	/* carveout: best fit from the base; larger than the region → ENOMEM */
	iommu_init(&io, ADDR_CARVEOUT, 0x100000, 0x10000);
	ck_assert_int_eq(iommu_range_alloc(&io, &r, 0x20000, 0, false), -ENOMEM);
	ck_assert_int_eq(iommu_range_alloc(&io, &r, 0x4000, 0, false), 0);
	ck_assert_uint_eq(r.node.start, 0x100000);
	iommu_range_free(&io, &r);
	iommu_range_free(&io, &r);		/* second free is a no-op */
	iommu_fini(&io);

	iommu_init(&io, ADDR_IOVA, 0, 0);
	/* beyond the 47-bit space; a size whose power-of-two ceiling overflows */
	ck_assert_int_eq(iommu_range_alloc(&io, &r, IOMMU_IOVA_LIMIT, 0, false), -ENOMEM);
	ck_assert_int_eq(iommu_range_alloc(&io, &r, (1ULL << 63) + 1, 0, true), -ENOMEM);
	ck_assert_uint_eq(mm_node_allocated(&r.node), 0);
	/* map: empty and wrapping ranges, overlap on either side */
	m.size = 0;
	ck_assert_int_eq(iommu_map(&io, &m), -EINVAL);
	m.size = 0x2000;
	m.addr = ~0ULL - 0xfff;
	ck_assert_int_eq(iommu_map(&io, &m), -EINVAL);
	m.addr = 0x10000;
	ck_assert_int_eq(iommu_map(&io, &m), 0);
	m.addr = 0x11000;			/* starts inside the previous one */
	ck_assert_int_eq(iommu_map(&io, &m), -EEXIST);
	m.addr = 0xf000;			/* ends inside the next one */
	ck_assert_int_eq(iommu_map(&io, &m), -EEXIST);
	m.addr = 0x12000;			/* adjacent: fine */
	m.client = 4;
	ck_assert_int_eq(iommu_map(&io, &m), 0);
	ck_assert_uint_eq(iommu_count_owner(&io, 3), 1);
	ck_assert_uint_eq(iommu_count_owner(&io, 4), 1);
	ck_assert_uint_eq(iommu_count_owner(&io, 5), 0);
	ck_assert_int_eq(iommu_set_obj(&io, 0, 0x12000, 9), 0);
	ck_assert_int_eq(iommu_set_obj(&io, 0, 0x12001, 9), -ENOENT);
	ck_assert_int_eq(iommu_set_obj(&io, 1, 0x12000, 9), -ENOENT);
	ck_assert_int_eq(iommu_set_obj(&io, 0, 0x20000, 9), -ENOENT);
	ck_assert_int_eq(iommu_translate(&io, 0, 0x12800, 0x100, &mp), 0);
	ck_assert_uint_eq(mp->obj, 9);
	ck_assert_uint_eq(mp->client, 4);
	/* a length that wraps, one that runs past the mapping's end, below the first */
	ck_assert_int_eq(iommu_translate(&io, 0, 0x12800, ~0ULL, &mp), -ENOENT);
	ck_assert_int_eq(iommu_translate(&io, 0, 0x13fff, 2, &mp), -ENOENT);
	ck_assert_int_eq(iommu_translate(&io, 0, 0x13fff, 0, &mp), 0);
	ck_assert_int_eq(iommu_translate(&io, 0, 0xfff, 1, &mp), -ENOENT);
	ck_assert_int_eq(iommu_unmap(&io, 0, 0x11000), -ENOENT);
	iommu_assert_ok(&io);

	/* I2: an empty mapping */
	io.maps[1].size = 0;
	ck_assert_int_eq(iommu_check(&io, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "iommu.I2: mapping 1 [0x12000,+0) empty or wraps");
	io.maps[1].size = 0x2000;
	/* I1: overlapping neighbours, then unsorted ones */
	io.maps[0].size = 0x2001;
	ck_assert_int_eq(iommu_check(&io, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "iommu.I1: mapping 0x12000 (pasid 0) unsorted or overlaps");
	io.maps[0].size = 0x2000;
	io.maps[0].addr = 0x30000;
	ck_assert_int_eq(iommu_check(&io, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "iommu.I1: mapping 0x12000 (pasid 0) unsorted or overlaps");
	io.maps[0].addr = 0x10000;
	/* I3: an untagged SVA mapping */
	io.maps[0].kind = IOMMU_MAP_SVA;
	ck_assert_int_eq(iommu_check(&io, why, sizeof(why)), -EUCLEAN);
	ck_assert_str_eq(why, "iommu.I3: mapping 0x10000 kind 1 has pasid 0");
	io.maps[0].kind = IOMMU_MAP_IOVA;
	iommu_assert_ok(&io);
	ck_assert_int_eq(iommu_unmap(&io, 0, 0x10000), 0);
	ck_assert_int_eq(iommu_unmap(&io, 0, 0x12000), 0);
	ck_assert_uint_eq(io.n, 0);
	iommu_fini(&io);
}
END_TEST

/*
 * Fault policies: ALWAYS fails the first @times calls then lets them
 * through; an explicit value replaces the site's default errno; invalid
 * policies are refused.  Driven through CREATE_BO(SHARE) (shmem_alloc).
 */
START_TEST(test_fault_policy_modes)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_ALWAYS, .times = 2 };
	struct sim_result r;
	u64 t, in, hp;
	u32 c = must_open(sim);

	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), -ENOMEM);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), -ENOMEM);
	ck_assert_int_eq(sim_client_usage(sim, c, &t, &in, &hp), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), 0);
	ck_assert_uint_eq(r.handle, 1);		/* failed attempts used no handle */
	ck_assert_uint_eq(sim_fault_calls(sim, "shmem_alloc"), 3);
	ck_assert_uint_eq(sim_fault_fired(sim, "shmem_alloc"), 2);
	pol = (struct sim_fault_policy){ .mode = SIM_FAULT_ALWAYS, .value = -EIO };
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), -EIO);
	ck_assert_uint_eq(sim_fault_fired(sim, "shmem_alloc"), 3);
	pol = (struct sim_fault_policy){ .mode = SIM_FAULT_PROB, .num = 1 };
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), -EINVAL);
	pol = (struct sim_fault_policy){ .mode = SIM_FAULT_EVERY };
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), -EINVAL);
	pol = (struct sim_fault_policy){ .mode = SIM_FAULT_NTH };
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), -EINVAL);
	/* the refused policies left the ALWAYS one in place */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), -EIO);
	pol = (struct sim_fault_policy){ .mode = SIM_FAULT_OFF };
	ck_assert_int_eq(sim_fault_program(sim, "shmem_alloc", &pol), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), 0);
	ck_assert_uint_eq(r.handle, 2);
	ck_assert_int_eq(sim_client_usage(sim, c, &t, &in, &hp), 0);
	ck_assert_uint_eq(t, 0x2000);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Firmware older than 6.15 has no NPU_COMMAND: EXEC is -EOPNOTSUPP (docs/driver/proto.md
 * §7).  The submission fails before a job exists: nothing reaches the
 * firmware, no job event, the chunk argument gets neither a job reference
 * nor its sticky job pin (docs/driver/heap.md §5.9), no sequence number is used.
 */
START_TEST(test_exec_without_npu_command)
{
	struct sim_config cfg;
	struct sim_exec_desc cmd = { .nbo = 1 };
	struct sim *sim = NULL;
	struct sim_result r;
	u32 c, ch, h, refs;
	u64 before;

	sim_config_default(&cfg);
	cfg.device = "npu4";
	cfg.fw_major = 6;
	cfg.fw_minor = 14;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	c = must_open(sim);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	h = must_hwctx(sim, c);
	cmd.bos = &ch;
	refs = chunk_refs(sim, c, 0);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 1);	/* the hwctx's */
	before = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), -EOPNOTSUPP);
	ck_assert_uint_eq(count_fw_msgs(sim, before, OP_CHAIN_NPU), 0);
	ck_assert_uint_eq(sim_fw_msg_count(sim), before);
	ck_assert_int_eq(last_job_state(sim, h), -1);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 1);
	ck_assert_uint_eq(chunk_refs(sim, c, 0), refs);
	ck_assert_uint_eq(drv_hwctx_find(sim_client_find(sim, c), h)->njobs, 0);
	ck_assert_uint_eq(drv_hwctx_find(sim_client_find(sim, c), h)->next_seq, 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * A suspended device whose resume fails: EXEC returns the resume error and
 * leaves no job (no ABORT event, no job reference); the chunk keeps the
 * sticky job pin taken before the resume (docs/driver/heap.md §5.9).  The next EXEC
 * is sent as job 1.
 */
START_TEST(test_exec_resume_failure_leaves_no_job)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_exec_desc cmd = { .nbo = 1 };
	struct sim_result r;
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64), h, refs;
	const struct sim_event *e;

	must_mmap(sim, c, ch, UVA0(c));
	h = must_hwctx(sim, c);
	cmd.bos = &ch;
	refs = chunk_refs(sim, c, 0);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_fault_program(sim, "pm_resume", &pol), 0);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), -EIO);
	ck_assert_int_eq(last_job_state(sim, h), -1);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 2);	/* hwctx + sticky job pin */
	ck_assert_uint_eq(chunk_refs(sim, c, 0), refs);
	ck_assert_uint_eq(drv_hwctx_find(sim_client_find(sim, c), h)->njobs, 0);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		e = sim_event_at(sim, i);
		if (e->type == SIM_EV_JOB)
			ck_assert_uint_eq(e->aux, 1);	/* the only job: sequence 1 */
	}
	/* no CU configured: the firmware fails the command, the job ends ABORT */
	ck_assert_int_eq(r.state, 6);
	ck_assert_int_eq(last_job_state(sim, h), 6);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 2);
	ck_assert_uint_eq(chunk_refs(sim, c, 0), refs);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * mmap at 0 picks the shim's next slot above its 512 MiB heap reservation;
 * a NULL result pointer is allowed.  PRIME import of one's own export
 * after its last handle is gone (kept alive by the mapping) is -ENOENT.
 */
START_TEST(test_mmap_default_slot_and_stale_import)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	u32 c = must_open(sim), h, fd;
	u64 base = sim_shim_base(sim, c);
	struct sim_result r;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, NULL), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_SHARE, 0x1000, 0, &r), 0);
	h = r.handle;
	ck_assert_uint_eq(h, 2);
	ck_assert_int_eq(sim_mmap(sim, c, 1, 0, &r), 0);
	ck_assert_uint_eq(r.addr, base + SZ_512M);
	ck_assert_int_eq(sim_mmap(sim, c, h, 0, &r), 0);
	ck_assert_uint_eq(r.addr, base + SZ_512M + M64);
	ck_assert_int_eq(sim_prime_export(sim, c, h, &r), 0);
	fd = r.handle;
	ck_assert_int_eq(sim_gem_close(sim, c, h), 0);
	ck_assert_int_eq(sim_prime_import(sim, c, fd, &r), -ENOENT);
	ck_assert_int_eq(sim_munmap(sim, c, base + SZ_512M + M64), 0);
	ck_assert_int_eq(sim_prime_import(sim, c, fd, &r), -EBADF);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* Names of out-of-range event types/kinds, error sites and heap reasons. */
START_TEST(test_names)
{
	ck_assert_str_eq(sim_ev_type_name(~0u), "?");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_FW_FAULT, SIM_FWF_BAD_CU), "bad_cu");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_FW_FAULT, SIM_FWF_IOMMU_UNMAPPED),
			 "iommu_unmapped");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_FW_FAULT, 0), "?");
	ck_assert_str_eq(sim_ev_kind_name(SIM_EV_FW_FAULT, 999), "?");
	ck_assert_str_eq(sim_esite_name(SIM_ES_NR), "?");
	ck_assert_str_eq(sim_esite_name(SIM_ES_HEAP_BO_ARGS), sim_esites[0].key);
	ck_assert_uint_eq(sim_esite_for_reason(HEAP_R_NR, false), SIM_ES_NR);
	ck_assert_uint_eq(sim_esite_for_reason(HEAP_R_NR, true), SIM_ES_NR);
	ck_assert_uint_eq(sim_esite_for_reason(HEAP_R_OVER_MAX, false), SIM_ES_HEAP_BO_OVER_MAX);
}
END_TEST

/* sim_check(): the IOMMU model's own invariants (11) and orphaned fw contexts (12). */
START_TEST(test_check_iommu_and_orphans)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_violation v;
	struct two_chunks t;
	struct fw_ctx *x;
	char want[160];
	u64 size;
	u32 client;

	setup_two_chunks(sim, ADDR_IOVA, &t);
	sim_assert_ok(sim);
	ck_assert_uint_gt(sim->iommu.n, 1);
	size = sim->iommu.maps[1].size;
	sim->iommu.maps[1].size = 0;
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 11);
	snprintf(want, sizeof(want), "iommu.I2: mapping 1 [%#llx,+0) empty or wraps",
		 (unsigned long long)sim->iommu.maps[1].addr);
	ck_assert_str_eq(v.why, want);
	sim->iommu.maps[1].size = size;
	sim_assert_ok(sim);

	x = &sim->fw.ctx[drv_hwctx_find(sim_client_find(sim, t.c), t.h)->fw_ctx_id];
	client = x->client;
	x->client = 99;
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 12);
	ck_assert_uint_eq(v.client, 99);
	ck_assert_uint_eq(v.obj, x->id);
	snprintf(want, sizeof(want), "fw ctx %u of gone client 99 still live", x->id);
	ck_assert_str_eq(v.why, want);
	x->client = client;
	sim_assert_ok(sim);
	/* both were recorded as violations too */
	ck_assert_uint_eq(violations_of(sim, 11), 1);
	ck_assert_uint_eq(violations_of(sim, 12), 1);
	sim_destroy(sim);
}
END_TEST

/*
 * NPU1 column solver (docs/driver/proto.md §6.1/§6.2): 5 columns, column 0 unused
 * except by full-width contexts; spatial first, then share the identical
 * partition with the lowest share count; -ENODEV when neither works, and
 * then nothing reaches the firmware.
 */
static u32 npu1_ctx(struct sim *sim, u32 c, u32 tiles, int want_err, u32 start, u32 ncol)
{
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	u64 before = sim_fw_msg_count(sim);
	int err = sim_hwctx_create(sim, c, tiles, &r);

	ck_assert_int_eq(err, want_err);
	if (err) {
		ck_assert_uint_eq(count_fw_msgs(sim, before, OP_CREATE_CTX), 0);
		return 0;
	}
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, r.handle, &fi), 0);
	ck_assert_uint_eq(fi.start_col, start);
	ck_assert_uint_eq(fi.num_col, ncol);
	ck_assert_uint_eq(fi.num_unused_col, 0);
	return r.handle;
}

START_TEST(test_npu1_column_solver)
{
	struct sim *sim = mk_sim("npu1", REV_856409CA, ADDR_PASID);
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64), a, b, d;

	must_mmap(sim, c, ch, UVA0(c));
	a = npu1_ctx(sim, c, 8, 0, 1, 2);		/* columns 1-2 */
	b = npu1_ctx(sim, c, 8, 0, 3, 2);		/* columns 3-4 */
	npu1_ctx(sim, c, 4, -ENODEV, 0, 0);		/* no free column, no width-1 partition */
	npu1_ctx(sim, c, 20, -ENODEV, 0, 0);		/* full width starts at 0: taken */
	d = npu1_ctx(sim, c, 8, 0, 1, 2);		/* shares A's (tie: the earliest) */
	npu1_ctx(sim, c, 8, 0, 3, 2);			/* B's has the lower share count */
	ck_assert_int_eq(sim_hwctx_destroy(sim, c, a), 0);
	ck_assert_int_eq(sim_hwctx_destroy(sim, c, d), 0);
	/* columns 1-2 are free again: a one-column context takes column 1 */
	npu1_ctx(sim, c, 4, 0, 1, 1);
	ck_assert_int_eq(sim_hwctx_destroy(sim, c, b), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

static struct sim *mk_shim_sim(u32 pages)
{
	struct sim_config cfg;
	struct sim *sim = NULL;

	sim_config_default(&cfg);
	cfg.device = "npu4";
	cfg.num_heap_pages = pages;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	return sim;
}

/* The shim's 512 MiB reservation (docs/driver/heap.md §5.6): initial size and expansions clamp to it. */
START_TEST(test_shim_cap)
{
	struct sim *sim = mk_shim_sim(9);
	struct sim_result r;
	u32 c;
	u64 base;

	/* 9 pages ask for 576 MiB: the initial heap is the whole 512 MiB */
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	base = r.uva;
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), SZ_512M);
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, c)), 1);
	ck_assert_int_eq(sim_shim_expand(sim, c, M64, &r), -ENOSPC);
	/* larger than the maximum: the kernel's EINVAL, no expansion (U1 c) */
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 600 * SZ_1M, &r), -EINVAL);
	ck_assert_uint_eq(r.expansions, 0);
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, c)), 1);
	ck_assert_int_eq(sim_shim_close(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);

	/* 7 pages: 448 MiB; a 200 MiB expansion gets only the 64 MiB left */
	sim = mk_shim_sim(7);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	base = r.uva;
	ck_assert_int_eq(sim_shim_expand(sim, c, 200 * SZ_1M, &r), 0);
	ck_assert_uint_eq(r.uva, base + 7 * M64);
	ck_assert_uint_eq(r.addr, 0x04000000 + 7 * M64);
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), SZ_512M);
	ck_assert_uint_eq(heap_chunk_size(sim_client_heap(sim, c), 1), M64);
	ck_assert_int_eq(sim_shim_expand(sim, c, M64, &r), -ENOSPC);
	ck_assert_int_eq(sim_shim_close(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);

	/* 0 pages means 1: one 64 MiB chunk */
	sim = mk_shim_sim(0);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, r.handle)), M64);
	ck_assert_int_eq(sim_shim_close(sim, r.handle), 0);
	sim_destroy(sim);
}
END_TEST

/* buffer::sync bounds, overflow-safe since U2 (docs/driver/heap.md §12): a DEV BO of 0x1000. */
START_TEST(test_shim_sync_bounds)
{
	struct sim *sim = mk_shim_sim(1);
	const struct heap_flush *fl;
	struct sim_result r;
	u32 c, h;
	u64 off;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x1000, &r), 0);
	h = r.handle;
	off = r.addr - 0x04000000;
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_TO_DEVICE, 0x800, ~0ULL - 0x7fe), -EINVAL);
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_TO_DEVICE, 0, 0x1001), -EINVAL);
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_TO_DEVICE, 0x801, 0x800), -EINVAL);
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_FROM_DEVICE + 1, 0, 1), -EINVAL);
	ck_assert_int_eq(sim_shim_sync(sim, c, h + 100, SIM_SYNC_TO_DEVICE, 0, 1), -ENOENT);
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_TO_DEVICE, 0x1000, 0), 0);
	ck_assert_uint_eq(sim_last_flush(sim, &fl), 0);
	ck_assert_int_eq(sim_shim_sync(sim, c, h, SIM_SYNC_FROM_DEVICE, 0x800, 0x800), 0);
	ck_assert_uint_eq(sim_last_flush(sim, &fl), 1);
	ck_assert_uint_eq(fl[0].chunk, 0);
	ck_assert_uint_eq(fl[0].offset, off + 0x800);
	ck_assert_uint_eq(fl[0].len, 0x800);
	ck_assert_uint_eq(violations_of(sim, 17), 0);
	ck_assert_int_eq(sim_shim_close(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * A user's DEV BO and a hwctx's command buffers are the same kind of object
 * (amdxdna_drm_create_dev_bo()): neither counts in the client's BO usage
 * (amdxdna_gem_skip_bo_usage(): already counted as part of the heap), which
 * holds only the chunks, as internal usage; only the user's has a handle.
 */
START_TEST(test_dev_bo_usage)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	u64 total, internal, heap;
	struct sim_bo_info bi;
	struct two_chunks t;
	u32 cmd_bufs = 0;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_client_usage(sim, t.c, &total, &internal, &heap), 0);
	ck_assert_uint_eq(total, 2 * M64);
	ck_assert_uint_eq(internal, 2 * M64);
	/* the hwctx's command buffers live in the heap beside the user's BO */
	ck_assert_uint_eq(heap_nr_bos(sim_client_heap(sim, t.c)), 1 + SIM_MAX_CMDS);
	for (struct sim_bo *bo = sim->clients->objs; bo; bo = bo->next)
		cmd_bufs += bo->type == SIM_BO_DEV && !bo->handle;
	ck_assert_uint_eq(cmd_bufs, SIM_MAX_CMDS);
	ck_assert_int_eq(sim_get_bo_info(sim, t.c, t.bo, &bi), 0);
	ck_assert_uint_eq(bi.type, SIM_BO_DEV);
	ck_assert_int_eq(sim_gem_close(sim, t.c, t.bo), 0);
	ck_assert_int_eq(sim_client_usage(sim, t.c, &total, &internal, &heap), 0);
	ck_assert_uint_eq(total, 2 * M64);
	ck_assert_uint_eq(internal, 2 * M64);
	ck_assert_uint_eq(heap_nr_bos(sim_client_heap(sim, t.c)), SIM_MAX_CMDS);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * An AIE error raised on a hwctx with no firmware context (stopped by a
 * system suspend) is refused with -EINVAL and sends nothing; after the
 * resume restarts the context it is delivered.
 */
START_TEST(test_aie_error_without_fw_ctx)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_fw_ctx_info fi;
	struct two_chunks t;
	size_t events;
	u64 msgs;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert(!drv_hwctx_find(sim->clients, t.h)->has_fw_ctx);
	msgs = sim_fw_msg_count(sim);
	events = sim_event_count(sim);
	ck_assert_int_eq(sim_aie_error(sim, t.c, t.h), -EINVAL);
	ck_assert_uint_eq(sim_fw_msg_count(sim), msgs);
	/* only the op's own record: no firmware event */
	ck_assert_uint_eq(sim_event_count(sim), events + 1);
	ck_assert_int_eq(sim_event_at(sim, events)->type, SIM_EV_OP);
	ck_assert_int_eq(sim_event_at(sim, events)->err, -EINVAL);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), 0);
	ck_assert_int_eq(sim_aie_error(sim, t.c, t.h), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * drv_timer_pick(): the TDR wins a tie with the autosuspend (sim_priv.h);
 * nothing fires past @until or when neither timer is armed, even at the
 * last representable instant.
 */
START_TEST(test_timer_pick)
{
	ck_assert_int_eq(drv_timer_pick(100, 100, 200), DRV_TIMER_TDR);
	ck_assert_int_eq(drv_timer_pick(100, 101, 200), DRV_TIMER_TDR);
	ck_assert_int_eq(drv_timer_pick(101, 100, 200), DRV_TIMER_AUTOSUSPEND);
	ck_assert_int_eq(drv_timer_pick(U64_MAX, 100, 200), DRV_TIMER_AUTOSUSPEND);
	ck_assert_int_eq(drv_timer_pick(100, 100, 99), DRV_TIMER_NONE);
	ck_assert_int_eq(drv_timer_pick(U64_MAX, U64_MAX, U64_MAX), DRV_TIMER_NONE);
	ck_assert_int_eq(drv_timer_pick(U64_MAX - 1, U64_MAX, U64_MAX), DRV_TIMER_TDR);
}
END_TEST

/*
 * A hung job keeps the autosuspend away: the TDR fires at submit + 2 s, the
 * autosuspend only 5 s after the device went idle (after the TDR).
 */
START_TEST(test_tdr_before_autosuspend)
{
	struct sim_config cfg;
	struct sim *sim;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = (const u64[]){ BASE }, .hang = true };
	struct sim_result r;
	struct two_chunks t;
	u64 tdr_at = 0, as_at = 0, submit;

	sim_config_default(&cfg);
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	setup_two_chunks(sim, ADDR_PASID, &t);
	submit = sim_now_ns(sim);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_int_eq(sim_advance(sim, 20000), 0);
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		if (e->type == SIM_EV_PM && e->kind == SIM_PM_TDR && !tdr_at)
			tdr_at = e->time_ns;
		if (e->type == SIM_EV_PM && e->kind == SIM_PM_AUTOSUSPEND && !as_at)
			as_at = e->time_ns;
	}
	ck_assert_uint_ge(tdr_at, submit + SIM_TDR_NS);
	ck_assert_uint_lt(tdr_at, submit + SIM_TDR_NS + 1000000);
	ck_assert_uint_ge(as_at, tdr_at + SIM_AUTOSUSPEND_NS);
	sim_destroy(sim);
}
END_TEST

static Suite *sim_cov_suite(void)
{
	Suite *s = suite_create("sim_cov");
	TCase *tc = tcase_create("cov");

	tcase_add_test(tc, test_create_args);
	tcase_add_test(tc, test_unknown_ids);
	tcase_add_test(tc, test_hwctx_op_args);
	tcase_add_test(tc, test_chunk_mappings);
	tcase_add_loop_test(tc, test_share_bo_info, ADDR_PASID, ADDR_CARVEOUT + 1);
	tcase_add_loop_test(tc, test_share_bo_sync, REV_856409CA, REV_PR1233 + 1);
	tcase_add_test(tc, test_share_bo_prime);
	tcase_add_test(tc, test_iommu_edges);
	tcase_add_test(tc, test_fault_policy_modes);
	tcase_add_test(tc, test_exec_without_npu_command);
	tcase_add_test(tc, test_exec_resume_failure_leaves_no_job);
	tcase_add_test(tc, test_mmap_default_slot_and_stale_import);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_check_iommu_and_orphans);
	tcase_add_test(tc, test_npu1_column_solver);
	tcase_add_test(tc, test_shim_cap);
	tcase_add_test(tc, test_shim_sync_bounds);
	tcase_add_test(tc, test_dev_bo_usage);
	tcase_add_test(tc, test_aie_error_without_fw_ctx);
	tcase_add_test(tc, test_timer_pick);
	tcase_add_test(tc, test_tdr_before_autosuspend);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s[] = { sim_cov_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
