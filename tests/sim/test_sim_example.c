// SPDX-License-Identifier: MIT
/*
 * The worked example of docs/driver/heap.md §4 end to end, in both designs and the
 * three address modes, through raw ioctls and through the shim: exact
 * device addresses, the exact MAP/ADD_HOST_BUFFER requests the firmware
 * consumed (opcode, context id, address, size, order), chunk references and
 * pins, and GET_BO_INFO.
 */
#include "tests/sim/sim_test_util.h"

#include <errno.h>

static void assert_chunk(struct sim *sim, u32 c, u32 idx, u32 refs, u32 pins)
{
	struct heap_chunk_info ci;

	ck_assert_int_eq(heap_chunk_info(sim_client_heap(sim, c), idx, &ci), 0);
	ck_assert_msg(ci.refs == refs && ci.pins == pins, "chunk %u refs %u pins %u, want %u %u",
		      idx, ci.refs, ci.pins, refs, pins);
}

static void assert_msg(const struct host_buf_msg *m, u32 opcode, u32 ctx, u64 addr)
{
	ck_assert_uint_eq(m->opcode, opcode);
	ck_assert_uint_eq(m->ctx, ctx);
	ck_assert_uint_eq(m->addr, addr);
	ck_assert_uint_eq(m->size, M64);
}

START_TEST(test_example_raw_ioctls)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	bool pr = design == REV_PR1233;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct host_buf_msg hb[8];
	struct sim_fw_ctx_info fi;
	struct sim_bo_info info;
	struct sim_result r;
	struct heap *hp;
	u32 c, ch0, ch1, h, a;
	u64 mark, at;

	c = must_open(sim);
	hp = sim_client_heap(sim, c);
	/* 1. chunk 0 */
	ch0 = must_chunk(sim, c, M64);
	ck_assert_uint_eq(ch0, 1);
	ck_assert_uint_eq(heap_committed(hp), M64);
	ck_assert_uint_eq(heap_nr_chunks(hp), 1);
	must_mmap(sim, c, ch0, UVA0(c));
	/* 2. hwctx: four 4 KiB cmd bufs, MAP(chunk 0) */
	mark = sim_fw_msg_count(sim);
	h = must_hwctx(sim, c);
	ck_assert_uint_eq(h, 1);
	at = BASE;
	for (int i = 0; i < 4; i++, at += 0x8000) {
		struct heap_bo *b = heap_bo_lookup(hp, at);

		ck_assert_ptr_nonnull(b);
		ck_assert_uint_eq(b->start, at);
		ck_assert_uint_eq(b->size, 0x1000);
	}
	ck_assert_uint_eq(heap_usage(hp), 0x4000);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CREATE_CTX), 1);
	ck_assert_uint_eq(sim_fw_msg_at(sim, mark)->opcode, OP_CREATE_CTX);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), 1);
	assert_msg(&hb[0], OP_MAP, fi.fw_ctx_id, fw_addr_of(mode, c, 0));
	ck_assert_uint_eq(fi.pasid, mode == ADDR_PASID ? 1 : 0);
	/* 3. DEV BO A of 100 MiB: not covered → -EAGAIN, nothing changes */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x6400000, 0, &r), -EAGAIN);
	ck_assert_uint_eq(heap_usage(hp), 0x4000);
	/* 4. chunk 1; PR broadcasts ADD at creation, HEAD waits for the next DEV BO */
	mark = sim_fw_msg_count(sim);
	ch1 = must_chunk(sim, c, M64);
	ck_assert_uint_eq(ch1, 2);
	ck_assert_int_eq(sim_get_bo_info(sim, c, ch1, &info), 0);
	ck_assert_uint_eq(info.xdna_addr, pr ? BASE : BASE + M64);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), pr ? 1 : 0);
	if (pr)
		assert_msg(&hb[0], OP_ADD, fi.fw_ctx_id, fw_addr_of(mode, c, 1));
	must_mmap(sim, c, ch1, UVA0(c) + M64);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), pr ? 1 : 0);
	/* retry: same node, now covered */
	a = must_dev_bo(sim, c, 0x6400000, 0x04020000);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), 1);
	assert_msg(&hb[0], OP_ADD, fi.fw_ctx_id, fw_addr_of(mode, c, 1));
	ck_assert_uint_eq(heap_usage(hp), 0x4000 + 0x6400000);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 2);
	ck_assert_uint_eq(fi.bufs[0], fw_addr_of(mode, c, 0));
	ck_assert_uint_eq(fi.bufs[1], fw_addr_of(mode, c, 1));
	/* 5. GET_BO_INFO(A) */
	ck_assert_int_eq(sim_get_bo_info(sim, c, a, &info), 0);
	ck_assert_uint_eq(info.xdna_addr, 0x04020000);
	ck_assert_uint_eq(info.map_offset, INVALID);
	if (pr || mode == ADDR_PASID)
		ck_assert_uint_eq(info.vaddr, UVA0(c) + 0x20000);
	else
		ck_assert_uint_eq(info.vaddr, INVALID);
	/*
	 * References: registry + handle + mmap + DEV BOs (HEAD: every spanned
	 * chunk; PR: chunk 0 only; 4 cmd bufs + A) + the hwctx; one hwctx pin each.
	 */
	assert_chunk(sim, c, 0, 9, 1);
	assert_chunk(sim, c, 1, pr ? 4 : 5, 1);
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_example_through_shim)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct host_buf_msg hb[8];
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	u32 c, h;
	u64 mark;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_uint_eq(r.uva, UVA0(c));
	h = must_hwctx(sim, c);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x6400000, &r), 0);
	ck_assert_uint_eq(r.expansions, 1);
	ck_assert_uint_eq(r.addr, 0x04020000);
	ck_assert_uint_eq(r.uva, UVA0(c) + 0x20000);
	ck_assert_uint_eq(r.msgs, 1);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), 1);
	assert_msg(&hb[0], OP_ADD, fi.fw_ctx_id, fw_addr_of(mode, c, 1));
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_shim_close(sim, c), 0);
	ck_assert_ptr_null(sim_client_heap(sim, c));
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

/* U1 (a)/(b)/(c): 200 MiB → 3 expansions; 500 MiB → 7; 600 MiB → EINVAL, none. */
START_TEST(test_shim_expansion_counts)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	static const struct {
		u64 size;
		int ret;
		u32 exp;
	} cases[] = {
		{ 200ULL << 20, 0, 3 }, { 500ULL << 20, 0, 7 }, { 600ULL << 20, -EINVAL, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim *sim = mk_sim("npu4", design, mode);
		struct sim_result r;
		u32 c;

		ck_assert_int_eq(sim_shim_open(sim, &r), 0);
		c = r.handle;
		must_hwctx(sim, c);
		ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, cases[i].size, &r), cases[i].ret);
		ck_assert_uint_eq(r.expansions, cases[i].exp);
		if (!cases[i].ret)
			ck_assert_uint_eq(r.addr, 0x04020000);
		ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, c)), 1 + cases[i].exp);
		sim_assert_ok(sim);
		sim_destroy(sim);
	}
}
END_TEST

/* U1 (d)/(e): a full 512 MiB heap gets ENOSPC from the shim; NPU1 from the kernel. */
START_TEST(test_shim_caps)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c, big;
	u64 calls;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	/* §13 "dev BO spanning the whole heap": 7 expansions, node at the base */
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x20000000, &r), 0);
	ck_assert_uint_eq(r.expansions, 7);
	ck_assert_uint_eq(r.addr, BASE);
	big = r.handle;
	/* full range: the kernel's own -ENOSPC, no expansion attempted */
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x1000, &r), -ENOSPC);
	ck_assert_int_eq(sim_gem_close(sim, c, big), 0);
	/* chunk 7 unmapped → -EAGAIN; the shim is at 512 MiB: ENOSPC, no ioctl */
	ck_assert_int_eq(sim_munmap(sim, c, UVA0(c) + 7 * M64), 0);
	calls = sim_fault_calls(sim, "shmem_alloc");
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x20000000, &r), -ENOSPC);
	ck_assert_uint_eq(r.expansions, 0);
	ck_assert_uint_eq(sim_fault_calls(sim, "shmem_alloc"), calls);
	sim_destroy(sim);

	sim = mk_sim("npu1", REV_856409CA, ADDR_PASID);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x3000000, &r), 0);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x2000000, &r), -ENOSPC);
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, c)), 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Chunks larger than 64 MiB are sent as 64 MiB pieces: num_heap_pages 2
 * gives a 128 MiB chunk 0 = MAP + ADD; a later 128 MiB chunk = two ADDs.
 * Without the ADD_HOST_BUFFER feature (6.15) the driver still sends chunk
 * 0's second piece unchecked (docs/driver/heap.md §14 item 8) and the firmware refuses
 * the opcode: hwctx creation fails.
 */
START_TEST(test_multi_piece_chunks)
{
	int mode = combos[_i].mode;
	struct host_buf_msg hb[8];
	struct sim_fw_ctx_info fi;
	struct sim_config cfg;
	struct sim_result r;
	struct sim *sim;
	u32 c, h;
	u64 mark;

	sim_config_default(&cfg);
	cfg.rev = combos[_i].rev;
	cfg.mode = mode;
	cfg.num_heap_pages = 2;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_uint_eq(heap_chunk_size(sim_client_heap(sim, c), 0), 2 * M64);
	mark = sim_fw_msg_count(sim);
	h = must_hwctx(sim, c);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), 2);
	ck_assert_uint_eq(hb[0].opcode, OP_MAP);
	ck_assert_uint_eq(hb[1].opcode, OP_ADD);
	ck_assert_uint_eq(hb[1].addr, hb[0].addr + M64);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_expand(sim, c, 2 * M64, &r), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), 0);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, hb, 8), 2);
	ck_assert_uint_eq(hb[0].opcode, OP_ADD);
	ck_assert_uint_eq(hb[1].opcode, OP_ADD);
	ck_assert_uint_eq(hb[1].addr, hb[0].addr + M64);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 4);
	sim_assert_ok(sim);
	sim_destroy(sim);

	cfg.fw_major = 6;
	cfg.fw_minor = 15;
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EINVAL);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * docs/driver/heap.md §13 "dev BO cross-heap alloc/free stress" through the shim, no
 * hwctx: 128 MiB ×100 (the first expands to 2 chunks and lands at the base,
 * the rest reuse it), then four live at once: 8 chunks, 512 MiB.
 */
START_TEST(test_shim_cross_heap_stress)
{
	struct sim *sim = mk_sim("npu4", combos[_i].rev, combos[_i].mode);
	struct sim_result r;
	u32 c, live[4];

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 128ULL << 20, &r), 0);
		ck_assert_uint_eq(r.addr, BASE);
		ck_assert_uint_eq(r.expansions, i == 0 ? 1 : 0);
		ck_assert_int_eq(sim_gem_close(sim, c, r.handle), 0);
	}
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 128ULL << 20, &r), 0);
		ck_assert_uint_eq(r.addr, BASE + (u64)i * 2 * M64);
		live[i] = r.handle;
	}
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, c)), 8);
	ck_assert_uint_eq(heap_committed(sim_client_heap(sim, c)), 8 * M64);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 0x1000, &r), -ENOSPC);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(sim_gem_close(sim, c, live[i]), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

Suite *sim_example_suite(void)
{
	Suite *s = suite_create("sim_example");
	TCase *tc = tcase_create("worked_example");

	tcase_add_loop_test(tc, test_example_raw_ioctls, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_example_through_shim, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_shim_expansion_counts, 0, NCOMBOS);
	tcase_add_test(tc, test_shim_caps);
	tcase_add_loop_test(tc, test_multi_piece_chunks, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_shim_cross_heap_stress, 0, NCOMBOS);
	suite_add_tcase(s, tc);
	return s;
}
