// SPDX-License-Identifier: MIT
/*
 * hwctx lifecycle: create/destroy, firmware context limits (6 / 16),
 * restart after a job timeout (TDR), after suspend/resume and after an
 * NPU power-cycle (re-sending MAP + ADDs and CONFIG_CU with the firmware's
 * new context ids), close/postclose with a timeout firing in between
 * (K3/K15), PR's all-or-nothing map_heap and -EIO stickiness, HEAD's
 * update_heap stopping at the first failing hwctx.
 */
#include "tests/sim/sim_test_util.h"

#include <errno.h>

static u32 fw_ctx_of(struct sim *sim, u32 c, u32 h)
{
	struct sim_fw_ctx_info fi;

	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	return fi.fw_ctx_id;
}

START_TEST(test_destroy_releases_everything)
{
	struct sim *sim = mk_sim("npu4", combos[_i].rev, combos[_i].mode);
	struct two_chunks t;
	u64 mark;

	setup_two_chunks(sim, combos[_i].mode, &t);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), 1);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 1), 1);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, t.h), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_DESTROY_CTX), 1);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 0);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), 0);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 1), 0);
	/* registry + handle + mmap (+ the 4 KiB BO: HEAD both chunks? no: it lies in chunk 0) */
	ck_assert_uint_eq(chunk_refs(sim, t.c, 0), 4);
	ck_assert_uint_eq(chunk_refs(sim, t.c, 1), 3);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, t.c)), 0x1000);
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, t.h), -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* docs/driver/proto.md §5.9: 6 contexts on NPU1, 16 on the NPU4 family; the next is refused. */
START_TEST(test_context_limits)
{
	static const struct {
		const char *dev;
		u32 limit;
	} devs[] = { { "npu1", 6 }, { "npu4", 16 }, { "npu6", 16 } };
	struct sim *sim = mk_sim(devs[_i].dev, REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim), ch, ids[16];
	u64 usage;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	for (u32 i = 0; i < devs[_i].limit; i++)
		ids[i] = must_hwctx(sim, c);
	usage = heap_usage(sim_client_heap(sim, c));
	ck_assert_uint_eq(usage, devs[_i].limit * 0x4000ULL);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), devs[_i].limit);
	/* MGMT_ERT_NOAVAIL → -EINVAL; everything of the failed create rolled back */
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EINVAL);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), usage);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), devs[_i].limit);
	sim_assert_ok(sim);
	/* a freed slot is usable again; driver ids are cyclic, not reused */
	ck_assert_int_eq(sim_hwctx_destroy(sim, c, ids[0]), 0);
	ck_assert_uint_eq(ids[0], 1);
	ck_assert_uint_eq(must_hwctx(sim, c), devs[_i].limit + 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* NPU1 spatial solver: columns 1..4 first, then shares; NPU4 temporal full width. */
START_TEST(test_column_solver)
{
	struct sim *sim = mk_sim("npu1", REV_856409CA, ADDR_PASID);
	struct sim_fw_ctx_info fi;
	u32 c = must_open(sim), ch, h;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	for (u32 i = 0; i < 5; i++) {
		h = must_hwctx(sim, c);
		ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
		ck_assert_uint_eq(fi.start_col, i < 4 ? 1 + i : 1);
		ck_assert_uint_eq(fi.num_col, 1);
		ck_assert_uint_eq(fi.num_unused_col, 0);
	}
	sim_destroy(sim);
	sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	c = must_open(sim);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	h = must_hwctx(sim, c);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.start_col, 0);
	ck_assert_uint_eq(fi.num_col, 8);
	ck_assert_uint_eq(fi.num_unused_col, 7);
	sim_destroy(sim);
}
END_TEST

/* The firmware's CU table holds one CU at @p_addr and the context is READY. */
static void assert_cu(struct sim *sim, u32 c, u32 h, u64 p_addr)
{
	struct sim_fw_ctx_info fi;

	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.num_cus, 1);
	ck_assert_uint_eq(fi.cu_cfg[0], (u32)(p_addr >> 15));
	ck_assert_uint_eq(fi.state, 3);	/* READY */
}

/* Configure one CU on DEV BO @p and check the firmware's table. */
static void config_cu(struct sim *sim, u32 c, u32 h, u32 p, u64 p_addr)
{
	struct sim_result r;

	ck_assert_int_eq(sim_config_cu(sim, c, h, &p, 1, &r), 0);
	assert_cu(sim, c, h, p_addr);
}

START_TEST(test_tdr_restart)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_exec_desc cmd = { 0 };
	struct sim_result r;
	struct two_chunks t;
	u32 p, ctx;
	u64 mark, addr = 0x04020000;

	setup_two_chunks(sim, mode, &t);
	p = must_dev_bo(sim, t.c, 0x1000, 0x04028000);
	config_cu(sim, t.c, t.h, p, 0x04028000);
	/* a command that completes */
	cmd.naddr = 1;
	cmd.addrs = &addr;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, 4);
	/* a command the ERT never answers */
	cmd.hang = true;
	cmd.nbo = 1;
	cmd.bos = &t.bo;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_advance(sim, 1999), 0);
	ck_assert_uint_eq(sim_fw_msg_count(sim), mark);
	ck_assert_int_eq(sim_advance(sim, 1), 0);
	ck_assert_int_eq(last_job_state(sim, t.h), 8);	/* TIMEOUT */
	/* health, destroy, create, MAP + ADD with the new id, CONFIG_CU */
	ck_assert_uint_eq(sim_fw_msg_at(sim, mark)->opcode, 0x114);
	ck_assert_uint_eq(sim_fw_msg_at(sim, mark + 1)->opcode, OP_DESTROY_CTX);
	ck_assert_uint_eq(sim_fw_msg_at(sim, mark + 2)->opcode, OP_CREATE_CTX);
	ctx = fw_ctx_of(sim, t.c, t.h);
	assert_heap_msgs(sim, mark, ctx, mode, t.c, 2);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CONFIG_CU), 1);
	assert_cu(sim, t.c, t.h, 0x04028000);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &p, 1, &r), -EINVAL); /* no re-config */
	/* pins persist across restart: hwctx + the sticky job pin (HEAD only) */
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), design == REV_856409CA ? 2 : 1);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 1), 1);
	cmd.hang = false;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, 4);
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_suspend_resume_restart)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_fw_ctx_info fi;
	struct two_chunks t;
	u32 p, q;
	u64 mark;

	setup_two_chunks(sim, mode, &t);
	p = must_dev_bo(sim, t.c, 0x1000, 0x04028000);
	config_cu(sim, t.c, t.h, p, 0x04028000);
	/* K21: the CU BO's handle goes, its node stays while the hwctx holds it */
	ck_assert_int_eq(sim_gem_close(sim, t.c, p), 0);
	q = must_dev_bo(sim, t.c, 0x1000, 0x04030000);
	ck_assert_uint_ne(q, 0);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), -ENODEV);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), 1);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_resume(sim), 0);
	assert_heap_msgs(sim, mark, fw_ctx_of(sim, t.c, t.h), mode, t.c, 2);
	ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), 0);
	ck_assert_uint_eq(fi.num_cus, 1);
	ck_assert_uint_eq(fi.cu_cfg[0], 0x04028000 >> 15);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), 1);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 1), 1);
	sim_assert_ok(sim);
	/* destroying the hwctx frees P's node */
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, t.h), 0);
	ck_assert_ptr_null(heap_bo_lookup(sim_client_heap(sim, t.c), 0x04028000));
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* Runtime autosuspend after 5 s idle; the next firmware work resumes and restarts. */
START_TEST(test_autosuspend)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	struct two_chunks t;
	u64 mark;
	u32 ch2;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_advance(sim, 4999), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), 0);
	ck_assert_int_eq(sim_advance(sim, 1), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), -ENODEV);
	/* a third chunk, then a DEV BO: update_heap resumes the device first */
	ch2 = must_chunk(sim, t.c, M64);
	must_mmap(sim, t.c, ch2, UVA0(t.c) + 2 * M64);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_create_bo(sim, t.c, SIM_BO_DEV, 0x1000, 0, &r), 0);
	/* restart re-sends MAP(c0)+ADD(c1), then update_heap adds c2 */
	assert_heap_msgs(sim, mark, fw_ctx_of(sim, t.c, t.h), ADDR_PASID, t.c, 3);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* K22: a power-cycle restarts every hwctx of every client, pins unchanged. */
START_TEST(test_power_cycle_all_clients)
{
	int mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", combos[_i].rev, mode);
	struct two_chunks a, b;
	u64 mark;

	setup_two_chunks(sim, mode, &a);
	setup_two_chunks(sim, mode, &b);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_power_cycle(sim), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CREATE_CTX), 2);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 4);
	ck_assert_uint_eq(chunk_pins(sim, a.c, 1), 1);
	ck_assert_uint_eq(chunk_pins(sim, b.c, 1), 1);
	sim_assert_ok(sim);
	/* rate limit: a second reset within 60 s is refused */
	ck_assert_int_eq(sim_power_cycle(sim), -EAGAIN);
	sim_destroy(sim);
}
END_TEST

/* K3 / K15: close (handles gone, mmaps kept), TDR before postclose. */
START_TEST(test_close_tdr_postclose)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_exec_desc cmd = { .hang = true };
	struct sim_result r;
	struct two_chunks t;
	u32 p;
	u64 mark;

	setup_two_chunks(sim, mode, &t);
	p = must_dev_bo(sim, t.c, 0x1000, 0x04028000);
	config_cu(sim, t.c, t.h, p, 0x04028000);
	cmd.nbo = 1;
	cmd.bos = &t.bo;
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_int_eq(sim_close(sim, t.c), 0);
	ck_assert_int_eq(sim_create_bo(sim, t.c, SIM_BO_DEV, 0x1000, 0, &r), -EBADF);
	/* the job's argument BO survives the handle close */
	ck_assert_ptr_nonnull(heap_bo_lookup(sim_client_heap(sim, t.c), 0x04020000));
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_advance(sim, 2000), 0);
	ck_assert_int_eq(last_job_state(sim, t.h), 8);
	assert_heap_msgs(sim, mark, fw_ctx_of(sim, t.c, t.h), mode, t.c, 2);
	ck_assert_ptr_null(heap_bo_lookup(sim_client_heap(sim, t.c), 0x04020000));
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_postclose(sim, t.c), 0);
	ck_assert_ptr_null(sim_client_heap(sim, t.c));
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

/* Dead firmware: the health query times out (5 s), escalation to a power-cycle. */
START_TEST(test_tdr_firmware_dead)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_exec_desc cmd = { .hang = true };
	struct sim_result r;
	struct two_chunks t;
	u64 t0;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	sim_set_fw_dead(sim, true);
	t0 = sim_now_ns(sim);
	ck_assert_int_eq(sim_advance(sim, 2000), 0);
	/*
	 * TDR at 2 s, then the health query's 5 s management timeout (whether
	 * proto declares it at 5 s or 1 ns later is proto's choice).
	 */
	ck_assert_uint_ge(sim_now_ns(sim), t0 + 7000000000ULL);
	ck_assert_uint_le(sim_now_ns(sim), t0 + 7000000001ULL);
	ck_assert_int_eq(last_job_state(sim, t.h), 8);
	/* after the reset the firmware answers again and the hwctx runs */
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &(struct sim_exec_desc){ 0 }, &r), 0);
	/* no CONFIG_CU: INVALID_COMMAND before any slot ran → ABORT (§4.5) */
	ck_assert_uint_eq(r.state, 6);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* Restart failure: HEAD keeps the pins, PR releases every chunk of that hwctx. */
START_TEST(test_restart_failure_pins)
{
	int design = combos[_i].rev, mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", design, mode);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim_result r;
	struct two_chunks t;

	setup_two_chunks(sim, mode, &t);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_fault_program(sim, "fw.ADD_HOST_BUFFER", &pol), 0);
	ck_assert_int_eq(sim_resume(sim), -EINVAL);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 0), design == REV_856409CA ? 1 : 0);
	ck_assert_uint_eq(chunk_pins(sim, t.c, 1), design == REV_856409CA ? 1 : 0);
	/*
	 * aie2_hwctx_restart keeps the new context (goto out): it holds chunk 0
	 * only; sim_check says so (invariant 6, the finding), and a job is sent
	 * to it (not configured: the firmware refuses it before any slot).
	 */
	{
		struct sim_fw_ctx_info fi;
		struct sim_violation v;
		u64 from = sim_fw_msg_count(sim);

		ck_assert_int_eq(sim_fw_ctx_info(sim, t.c, t.h, &fi), 0);
		ck_assert_uint_eq(fi.nbufs, 1);
		ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
		ck_assert(partial_ctx_violation(sim, &v));
		ck_assert_int_eq(sim_exec(sim, t.c, t.h, &(struct sim_exec_desc){ 0 }, &r), 0);
		ck_assert_uint_eq(r.state, 6);
		ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CHAIN_NPU), 1);
	}
	sim_destroy(sim);
}
END_TEST

/* PR: a hwctx that missed a chunk answers -EIO on later expansions until a restart. */
START_TEST(test_pr_eio_sticky)
{
	int mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", REV_PR1233, mode);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	u32 c, ch, h1, h2;
	u64 mark;

	c = must_open(sim);
	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	h1 = must_hwctx(sim, c);
	h2 = must_hwctx(sim, c);
	ck_assert_int_eq(sim_fault_program(sim, "fw.ADD_HOST_BUFFER", &pol), 0);
	mark = sim_fw_msg_count(sim);
	ch = must_chunk(sim, c, M64);	/* broadcast: h1 fails, h2 attaches */
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 2);
	ck_assert_uint_eq(chunk_pins(sim, c, 1), 1);
	mark = sim_fw_msg_count(sim);
	ch = must_chunk(sim, c, M64);	/* h1: -EIO, no message; h2: ADD */
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 1);
	ck_assert_uint_eq(chunk_pins(sim, c, 2), 1);
	sim_assert_ok(sim);
	/* restart: map_heap attaches everything for h1 again */
	ck_assert_int_eq(sim_suspend(sim), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 6);
	ck_assert_uint_eq(chunk_pins(sim, c, 1), 2);
	ck_assert_uint_eq(chunk_pins(sim, c, 2), 2);
	(void)h1;
	(void)h2;
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* HEAD update_heap stops at the first failing hwctx; earlier ones keep progress. */
START_TEST(test_head_update_heap_stops)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH };
	struct sim_result r;

	for (u64 nth = 1; nth <= 2; nth++) {
		struct sim *sim = mk_sim("npu4", REV_856409CA, combos[_i].mode);
		u32 c = must_open(sim), ch;
		u64 usage;

		ch = must_chunk(sim, c, M64);
		must_mmap(sim, c, ch, UVA0(c));
		must_hwctx(sim, c);
		must_hwctx(sim, c);
		ch = must_chunk(sim, c, M64);
		must_mmap(sim, c, ch, UVA0(c) + M64);
		usage = heap_usage(sim_client_heap(sim, c));
		pol.n = nth;
		ck_assert_int_eq(sim_fault_program(sim, "fw.ADD_HOST_BUFFER", &pol), 0);
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EINVAL);
		ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), usage);
		/* nth 1: nobody attached chunk 1; nth 2: the first hwctx did */
		ck_assert_uint_eq(chunk_pins(sim, c, 1), nth - 1);
		sim_assert_ok(sim);
		/* the next DEV BO completes the attachments */
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), 0);
		ck_assert_uint_eq(chunk_pins(sim, c, 1), 2);
		sim_assert_ok(sim);
		sim_destroy(sim);
	}
}
END_TEST

/* Restart re-sends with whatever id the firmware hands out now. */
START_TEST(test_restart_new_context_id)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct two_chunks t;
	u32 h2, before;
	u64 mark;

	setup_two_chunks(sim, ADDR_PASID, &t);
	h2 = must_hwctx(sim, t.c);
	before = fw_ctx_of(sim, t.c, h2);
	ck_assert_uint_eq(before, 1);
	ck_assert_int_eq(sim_hwctx_destroy(sim, t.c, t.h), 0);
	ck_assert_int_eq(sim_suspend(sim), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_uint_eq(fw_ctx_of(sim, t.c, h2), 0);
	assert_heap_msgs(sim, mark, 0, ADDR_PASID, t.c, 2);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* sim_tdr: ok → restart only; fatal + failed restart → power-cycle; dead → power-cycle. */
START_TEST(test_forced_tdr_health)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct two_chunks t;
	u64 mark;

	setup_two_chunks(sim, ADDR_IOVA, &t);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, SIM_HEALTH_OK), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, 0x102), 0);	/* no reboot (RESUME) */
	assert_heap_msgs(sim, mark, fw_ctx_of(sim, t.c, t.h), ADDR_IOVA, t.c, 2);
	/* fatal, restart fails (CREATE_CONTEXT answered with an error): power-cycle */
	ck_assert_int_eq(sim_fault_program(sim, "create_context", &pol), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, SIM_HEALTH_FATAL), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, 0x102), 1);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CREATE_CTX), 2);
	sim_assert_ok(sim);
	/* dead: the health query times out; the reset is rate-limited (60 s) */
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, SIM_HEALTH_DEAD), -EAGAIN);
	ck_assert_int_eq(sim_advance(sim, 60000), 0);
	/* a power-cycle revives dead firmware */
	sim_set_fw_dead(sim, true);
	ck_assert_int_eq(sim_power_cycle(sim), 0);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_tdr(sim, t.c, t.h, SIM_HEALTH_DEAD), -EAGAIN);
	sim_destroy(sim);
}
END_TEST

/* A firmware site with a negative value leaves the message unanswered: ETIME. */
START_TEST(test_fw_site_timeout)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1, .value = -ETIME };
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	ck_assert_int_eq(sim_fault_program(sim, "map_host_buffer", &pol), 0);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ETIME);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ENODEV);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 0);
	ck_assert_int_eq(sim_fault_site_by_name("pin"), SIM_FAULT_PIN_PAGES);
	ck_assert_int_eq(sim_fault_site_by_name("chain_exec_npu"), SIM_FAULT_FW_EXEC);
	sim_destroy(sim);
}
END_TEST

/* K13: device removal destroys every hwctx; chunks live until postclose, freed once. */
START_TEST(test_device_removal)
{
	int mode = combos[_i].mode;
	struct sim *sim = mk_sim("npu4", combos[_i].rev, mode);
	struct sim_result r;
	struct two_chunks a, b;

	setup_two_chunks(sim, mode, &a);
	setup_two_chunks(sim, mode, &b);
	ck_assert_int_eq(sim_remove(sim), 0);
	ck_assert_int_eq(sim_remove(sim), -ENODEV);
	ck_assert_uint_eq(chunk_pins(sim, a.c, 0), 0);
	ck_assert_uint_eq(chunk_pins(sim, b.c, 1), 0);
	ck_assert_uint_eq(heap_nr_chunks(sim_client_heap(sim, a.c)), 2);
	ck_assert_int_eq(sim_create_bo(sim, a.c, SIM_BO_DEV, 0x1000, 0, &r), -ENODEV);
	ck_assert_int_eq(sim_hwctx_create(sim, a.c, 4, &r), -ENODEV);
	ck_assert_int_eq(sim_gem_close(sim, a.c, a.bo), -ENODEV);
	ck_assert_int_eq(sim_open(sim, &r), -ENODEV);
	ck_assert_int_eq(sim_resume(sim), -ENODEV);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_munmap(sim, a.c, UVA0(a.c)), 0);
	ck_assert_int_eq(sim_release(sim, a.c), 0);
	ck_assert_ptr_null(sim_client_heap(sim, a.c));
	ck_assert_int_eq(sim_advance(sim, 10000), 0);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_release(sim, b.c), 0);
	sim_assert_ok(sim);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
	sim_destroy(sim);
}
END_TEST

/*
 * The shim's hwctx_create (src/shim/kmq/hwctx.cpp): CREATE_HWCTX, one 4 KiB
 * PDI buffer per CU in the next 32 KiB slots after the 4 cmd bufs, one
 * CONFIG_CU naming both; a job on CU 1 completes.  Destroy closes the PDI
 * buffers, then the context: nothing is left.
 */
START_TEST(test_shim_hwctx_config_cu)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_exec_desc cmd = { .cu_idx = 1 };
	struct sim_fw_ctx_info fi;
	struct sim_bo_info bi;
	struct sim_result r;
	u32 c, pdis[2];
	u64 mark;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_hwctx_create(sim, c, 2, pdis, &r), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, 0x011), 1);	/* CONFIG_CU */
	ck_assert_int_eq(sim_get_bo_info(sim, c, pdis[0], &bi), 0);
	ck_assert_uint_eq(bi.xdna_addr, 0x04020000);
	ck_assert_int_eq(sim_get_bo_info(sim, c, pdis[1], &bi), 0);
	ck_assert_uint_eq(bi.xdna_addr, 0x04028000);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, r.handle, &fi), 0);
	ck_assert_uint_eq(fi.num_cus, 2);
	ck_assert_int_eq(sim_exec(sim, c, r.handle, &cmd, NULL), 0);
	ck_assert_int_eq(last_job_state(sim, r.handle), 4);
	ck_assert_int_eq(sim_shim_hwctx_destroy(sim, c, r.handle, pdis, 2), 0);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0);
	ck_assert_int_eq(sim_shim_hwctx_create(sim, c, 33, pdis, &r), -EINVAL);
	/* 'cu: none': the bare context, no CONFIG_CU */
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_hwctx_create(sim, c, 0, NULL, &r), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, 0x011), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * The constructor in two stages (the explorer's segment boundary): a bare
 * CREATE_HWCTX, a suspend and resume in the gap (the restart sends
 * CREATE_CONTEXT but no CONFIG_CU: none is configured yet), then the PDIs
 * and the CONFIG_CU; a job on CU 1 completes.  33 CUs are refused before
 * anything is sent (the context stays); a second stage on a destroyed
 * context fails in CONFIG_CU (-EINVAL) and leaves nothing behind.
 */
START_TEST(test_shim_hwctx_staged)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_exec_desc cmd = { .cu_idx = 1 };
	struct sim_fw_ctx_info fi;
	struct sim_result r, h;
	u32 c, pdis[2];
	u64 mark;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_hwctx_create(sim, c, 0, &h), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CREATE_CTX), 1);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CONFIG_CU), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_hwctx_config(sim, c, h.handle, 2, pdis, &r), 0);
	ck_assert_uint_eq(r.handle, h.handle);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CONFIG_CU), 1);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h.handle, &fi), 0);
	ck_assert_uint_eq(fi.num_cus, 2);
	ck_assert_int_eq(sim_exec(sim, c, h.handle, &cmd, NULL), 0);
	ck_assert_int_eq(last_job_state(sim, h.handle), 4);
	ck_assert_int_eq(sim_shim_hwctx_destroy(sim, c, h.handle, pdis, 2), 0);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0);
	ck_assert_int_eq(sim_shim_hwctx_config(sim, c, h.handle, 1, NULL, &r), -EINVAL);
	ck_assert_int_eq(sim_shim_hwctx_config(sim, c, h.handle, 1, pdis, &r), -EINVAL);
	ck_assert_uint_eq(heap_usage(sim_client_heap(sim, c)), 0);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 0, &h), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_shim_hwctx_config(sim, c, h.handle, 33, pdis, &r), -EINVAL);
	ck_assert_uint_eq(sim_fw_msg_count(sim), mark);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h.handle, &fi), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * The postclose's two parts around aie2_hwctx_fini()'s dev_lock drop
 * (sim_postclose_stage): FINI takes the client off client_list and
 * destroys its first hwctx in the firmware (its pins stay until FINISH, as
 * aie2_hwctx_fini() unpins after retaking dev_lock @856409ca); a suspend
 * and resume in between walk client_list, so the second hwctx is neither
 * stopped nor restarted and names a dead firmware context (invariant 13,
 * docs/explore.md "Findings"); FINISH destroys it and frees the client.
 */
START_TEST(test_postclose_window)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_violation v;
	struct sim_fw_ctx_info fi;
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64), h1, h2;
	u64 mark;

	must_mmap(sim, c, ch, UVA0(c));
	h1 = must_hwctx(sim, c);
	h2 = must_hwctx(sim, c);
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINI), -EBADF);
	ck_assert_int_eq(sim_close(sim, c), 0);
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINISH), -EINVAL);
	ck_assert_int_eq(sim_postclose_stage(sim, c, 3), -EINVAL);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINI), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_DESTROY_CTX), 1);
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINI), -EBUSY);
	ck_assert_int_eq(sim_postclose(sim, c), -EBUSY);
	/* the first erased from the lookup, the second still live */
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h1, &fi), -ENOENT);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h2, &fi), 0);
	ck_assert_uint_eq(chunk_pins(sim, c, 0), 2);
	ck_assert_int_eq(sim_check(sim, &v), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_DESTROY_CTX), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, mark, OP_CREATE_CTX), 0);
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 13);
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINISH), 0);
	ck_assert_ptr_null(sim_client_heap(sim, c));
	ck_assert_int_eq(sim_postclose_stage(sim, c, SIM_POSTCLOSE_FINISH), -EBADF);
	sim_destroy(sim);
}
END_TEST

/*
 * A client without hwctx has no drop: FINI only unlists it; a client the
 * run ends inside its window is freed whole by sim_destroy() (the leak
 * and double-release checks of the ASan and memcheck builds).
 */
START_TEST(test_postclose_window_edges)
{
	struct sim *sim = mk_sim("npu4", REV_PR1233, ADDR_IOVA);
	u32 a = must_open(sim), b = must_open(sim), ch = must_chunk(sim, b, M64);
	u64 mark;

	must_mmap(sim, b, ch, UVA0(b));
	must_hwctx(sim, b);
	must_hwctx(sim, b);
	ck_assert_int_eq(sim_close(sim, a), 0);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_postclose_stage(sim, a, SIM_POSTCLOSE_FINI), 0);
	ck_assert_uint_eq(sim_fw_msg_count(sim), mark);
	ck_assert_int_eq(sim_postclose_stage(sim, a, SIM_POSTCLOSE_FINISH), 0);
	ck_assert_int_eq(sim_close(sim, b), 0);
	ck_assert_int_eq(sim_postclose_stage(sim, b, SIM_POSTCLOSE_FINI), 0);
	sim_destroy(sim);
}
END_TEST

/*
 * CREATE_BO(DEV) in two parts (sim_create_bo_stage): the placement alone
 * tells no hwctx and makes no handle; the publish sends the ADD of the
 * chunk the BO reaches and returns the handle.  A second placement, or a
 * whole CREATE_BO, while one is pending is EBUSY; a publish without one
 * EINVAL.
 */
START_TEST(test_dev_bo_staged)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_result r;
	u32 c = must_open(sim), ch0 = must_chunk(sim, c, M64), ch1;
	u64 mark;

	must_mmap(sim, c, ch0, UVA0(c));
	must_hwctx(sim, c);
	ch1 = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch1, UVA0(c) + M64);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, 0x1000, SIM_BO_PUBLISH, &r), -EINVAL);
	mark = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, M64 - 0x1000, SIM_BO_PLACE, &r), 0);
	ck_assert_uint_eq(sim_fw_msg_count(sim), mark);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, 0x1000, SIM_BO_PLACE, &r), -EBUSY);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), -EBUSY);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, 0, SIM_BO_PUBLISH, &r), 0);
	ck_assert_uint_eq(host_buf_msgs(sim, mark, NULL, 0), 1);
	ck_assert_uint_ne(r.handle, 0);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, 0, SIM_BO_PUBLISH, &r), -EINVAL);
	ck_assert_int_eq(sim_create_bo_stage(sim, c, 0x1000, 3, &r), -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

Suite *sim_hwctx_suite(void)
{
	Suite *s = suite_create("sim_hwctx");
	TCase *tc = tcase_create("lifecycle");

	tcase_add_loop_test(tc, test_destroy_releases_everything, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_context_limits, 0, 3);
	tcase_add_test(tc, test_column_solver);
	tcase_add_loop_test(tc, test_tdr_restart, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_suspend_resume_restart, 0, NCOMBOS);
	tcase_add_test(tc, test_autosuspend);
	tcase_add_test(tc, test_shim_hwctx_staged);
	tcase_add_test(tc, test_postclose_window);
	tcase_add_test(tc, test_postclose_window_edges);
	tcase_add_test(tc, test_dev_bo_staged);
	tcase_add_loop_test(tc, test_power_cycle_all_clients, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_close_tdr_postclose, 0, NCOMBOS);
	tcase_add_test(tc, test_tdr_firmware_dead);
	tcase_add_loop_test(tc, test_restart_failure_pins, 0, NCOMBOS);
	tcase_add_loop_test(tc, test_pr_eio_sticky, 3, 6);
	tcase_add_loop_test(tc, test_head_update_heap_stops, 0, 3);
	tcase_add_test(tc, test_restart_new_context_id);
	tcase_add_test(tc, test_forced_tdr_health);
	tcase_add_test(tc, test_fw_site_timeout);
	tcase_add_test(tc, test_shim_hwctx_config_cu);
	tcase_add_loop_test(tc, test_device_removal, 0, NCOMBOS);
	suite_add_tcase(s, tc);
	return s;
}
