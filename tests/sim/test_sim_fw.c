// SPDX-License-Identifier: MIT
/*
 * Firmware model: faults on bad addresses (outside the registered host
 * buffers, unmapped in the IOMMU, wrong PASID) reported as async error
 * events with the context paused until TDR; the all-ones address HEAD can
 * send (docs/driver/heap.md §14 item 1) flagged as invariant 10; host-misbehaviour
 * detectors of docs/driver/proto.md §11.
 */
#include "tests/sim/sim_test_util.h"

#include <errno.h>

static u32 count_events(struct sim *sim, u16 type, u16 kind)
{
	u32 n = 0;

	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		n += e->type == type && e->kind == kind;
	}
	return n;
}

static u32 fw_state(struct sim *sim, u32 c, u32 h)
{
	struct sim_fw_ctx_info fi;

	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	return fi.state;
}

/* Run one command touching @addr (+@len); returns the immediate state. */
static u32 touch(struct sim *sim, u32 c, u32 h, u64 addr, u64 len)
{
	struct sim_exec_desc cmd = { .naddr = 2 };
	u64 addrs[2] = { 0x04020000, addr }, lens[2] = { 4, len };
	struct sim_result r;

	cmd.addrs = addrs;
	cmd.lens = lens;
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	return r.state;
}

/* One hwctx with chunk 0 and 1 attached and a configured CU. */
static void ready(struct sim *sim, int mode, struct two_chunks *t)
{
	struct sim_result r;
	u32 p;

	setup_two_chunks(sim, mode, t);
	p = must_dev_bo(sim, t->c, 0x1000, 0x04028000);
	ck_assert_int_eq(sim_config_cu(sim, t->c, t->h, &p, 1, &r), 0);
}

START_TEST(test_fault_outside_host_buffers)
{
	int mode = _i;
	struct sim *sim = mk_sim("npu4", REV_856409CA, mode);
	struct two_chunks t;
	u64 mark;

	ready(sim, mode, &t);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE + M64 + 0x100, 0x100), 4);
	/*
	 * Across the window boundary into the next registered host buffer, and
	 * over both windows whole: translated window by window, no fault
	 * (docs/sim.md "Firmware accesses across windows").
	 */
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE + M64 - 8, 16), 4);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE, 2 * M64), 4);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_OUTSIDE_HOST_BUFS), 0);
	/* window address in chunk 2, which the firmware was never given */
	mark = sim_fw_msg_count(sim);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE + 2 * M64 + 0x40, 4), 0);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_OUTSIDE_HOST_BUFS), 1);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW, SIM_FW_ASYNC_EVENT), 1);
	ck_assert_uint_eq(fw_state(sim, t.c, t.h), 4);	/* PAUSED */
	/* the driver decoded the report and re-registered the slot */
	ck_assert_uint_eq(count_fw_msgs(sim, mark, 0x10C), 1);
	/* a crossing access (last 4 bytes + 4 past the chunk end) faults too */
	ck_assert_int_eq(sim_advance(sim, 2000), 0);
	ck_assert_int_eq(last_job_state(sim, t.h), 8);
	ck_assert_uint_eq(fw_state(sim, t.c, t.h), 3);	/* restarted: READY */
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE + 2 * M64 - 4, 8), 0);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_OUTSIDE_HOST_BUFS), 2);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* PASID: chunk 1 unmapped after attach → the firmware's translation misses. */
START_TEST(test_fault_iommu_unmapped)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct two_chunks t;

	ready(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_munmap(sim, t.c, UVA0(t.c) + M64), 0);
	/* the piece in window 0 translates, the one in window 1 does not */
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE + M64 - 8, 16), 0);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_IOMMU_UNMAPPED), 1);
	ck_assert_uint_eq(fw_state(sim, t.c, t.h), 4);
	sim_destroy(sim);
}
END_TEST

/* PASID: a host address of another client is mapped, but not for this PASID. */
START_TEST(test_fault_wrong_pasid)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct two_chunks a, b;

	ready(sim, ADDR_PASID, &a);
	setup_two_chunks(sim, ADDR_PASID, &b);
	ck_assert_uint_eq(touch(sim, a.c, a.h, UVA0(a.c) + 0x100, 4), 4);
	ck_assert_uint_eq(touch(sim, a.c, a.h, UVA0(b.c) + 0x100, 4), 0);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_IOMMU_WRONG_PASID), 1);
	ck_assert_uint_eq(fw_state(sim, a.c, a.h), 4);
	sim_destroy(sim);
}
END_TEST

/* An unconfigured CU index fails the slot: ERROR with the slot's status. */
START_TEST(test_bad_cu_index)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_IOVA);
	struct sim_exec_desc cmd = { .cu_idx = 1 };
	struct sim_result r;
	struct two_chunks t;

	ready(sim, ADDR_IOVA, &t);
	ck_assert_int_eq(sim_exec(sim, t.c, t.h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, 5);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_BAD_CU), 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* An injected AIE error pauses the context; TDR recovers it. */
START_TEST(test_aie_error_then_tdr)
{
	struct sim *sim = mk_sim("npu4", REV_PR1233, ADDR_CARVEOUT);
	struct two_chunks t;

	ready(sim, ADDR_CARVEOUT, &t);
	ck_assert_int_eq(sim_aie_error(sim, t.c, t.h), 0);
	ck_assert_uint_eq(fw_state(sim, t.c, t.h), 4);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE, 4), 0);
	ck_assert_int_eq(sim_advance(sim, 2000), 0);
	ck_assert_int_eq(last_job_state(sim, t.h), 8);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE, 4), 4);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * docs/driver/heap.md §14 item 1 / §11 inv. 10: HEAD attaches every chunk at hwctx
 * creation, also a PASID chunk nobody mmapped (uva INVALID) or an IOVA
 * chunk whose handle creation failed (dma_addr INVALID): ADD_HOST_BUFFER
 * carries ~0.  The firmware flags it; nothing crashes.
 */
START_TEST(test_invalid_address_flagged)
{
	int mode = _i ? ADDR_IOVA : ADDR_PASID;
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = 1 };
	struct sim *sim = mk_sim("npu4", REV_856409CA, mode);
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	if (mode == ADDR_IOVA) {
		ck_assert_int_eq(sim_fault_program(sim, "iova_alloc", &pol), 0);
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV_HEAP, M64, 0, &r), -ENOMEM);
	} else {
		must_chunk(sim, c, M64);	/* never mmapped */
	}
	ck_assert_uint_eq(violations_of(sim, 10), 0);
	must_hwctx(sim, c);
	ck_assert_uint_eq(violations_of(sim, 10), 1);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, 1, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 2);
	ck_assert_uint_eq(fi.bufs[1], INVALID);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * A 128 MiB chunk nobody mmapped: the driver's piece loop sends ~0, then ~0
 * + 64 MiB = 0x3ffffff (aie2_send_host_buf_msgs() adds the piece size with
 * no check).  Both pieces are invariant 10, the INVALID address; the
 * second is not a misaligned address of its own (23).
 */
START_TEST(test_invalid_address_wraps)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_fw_ctx_info fi;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	must_chunk(sim, c, 2 * M64);	/* never mmapped */
	must_hwctx(sim, c);
	ck_assert_uint_eq(violations_of(sim, 10), 2);
	ck_assert_uint_eq(violations_of(sim, 23), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, 1, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 3);
	ck_assert_uint_eq(fi.bufs[1], INVALID);
	ck_assert_uint_eq(fi.bufs[2], 0x3ffffffULL);
	sim_destroy(sim);
}
END_TEST

/* docs/driver/proto.md §11: MAP/ADD address not 64 MiB aligned (a PASID chunk mmapped off-grid). */
START_TEST(test_unaligned_host_buffer_flagged)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c) + 0x100000);
	must_hwctx(sim, c);
	ck_assert_uint_eq(violations_of(sim, 23), 1);
	ck_assert_uint_eq(violations_of(sim, 10), 0);
	sim_destroy(sim);
}
END_TEST

/*
 * The command list unreachable because userspace unmapped chunk 0 under the
 * context: the chain lies in a registered piece, so it is an access fault
 * like any other buffer's, not detector 25 (the driver's address is right;
 * docs/driver/proto.md §11 "inside a registered piece").  Detector 25 itself:
 * scenarios/findings/pr1279_deferred_chunk_job_unregistered.yaml.
 */
START_TEST(test_chain_buffer_unmapped)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct two_chunks t;

	ready(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_munmap(sim, t.c, UVA0(t.c)), 0);
	ck_assert_uint_eq(touch(sim, t.c, t.h, BASE, 4), 0);
	ck_assert_uint_eq(violations_of(sim, 25), 0);
	ck_assert_uint_eq(count_events(sim, SIM_EV_FW_FAULT, SIM_FWF_IOMMU_UNMAPPED), 1);
	ck_assert_uint_eq(fw_state(sim, t.c, t.h), 4);
	sim_destroy(sim);
}
END_TEST

Suite *sim_fw_suite(void)
{
	Suite *s = suite_create("sim_fw");
	TCase *tc = tcase_create("firmware");

	tcase_add_loop_test(tc, test_fault_outside_host_buffers, 0, 3);
	tcase_add_test(tc, test_fault_iommu_unmapped);
	tcase_add_test(tc, test_fault_wrong_pasid);
	tcase_add_test(tc, test_bad_cu_index);
	tcase_add_test(tc, test_aie_error_then_tdr);
	tcase_add_loop_test(tc, test_invalid_address_flagged, 0, 2);
	tcase_add_test(tc, test_invalid_address_wraps);
	tcase_add_test(tc, test_unaligned_host_buffer_flagged);
	tcase_add_test(tc, test_chain_buffer_unmapped);
	suite_add_tcase(s, tc);
	return s;
}
