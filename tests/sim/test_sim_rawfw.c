// SPDX-License-Identifier: MIT
/*
 * The firmware model against a misbehaving host: raw management messages
 * sent past the driver model (through its management channel) that break
 * the rules of docs/driver/proto.md §3 / docs/driver/heap.md §11.  Each must get the documented
 * firmware status and, where the rule is a host obligation, exactly one
 * recorded violation with the invariant's number.
 */
#include "tests/sim/sim_test_util.h"
#include "sim/sim_priv.h"

#include <errno.h>
#include <string.h>

/* Send @op with @len request bytes; returns the errno, *@status the fw status. */
static int raw(struct sim *sim, u32 op, const void *req, u32 len, void *resp, u32 rlen,
	       u32 *status)
{
	u8 dummy[64];
	struct mbox_sync_msg m = {
		.opcode = op, .req = req, .req_len = len,
		.resp = resp ? resp : dummy, .resp_len = resp ? rlen : 4,
	};
	int ret = mbox_mgmt_send_wait(&sim->mg, &m);

	*status = m.status;
	return ret;
}

static u32 raw_create(struct sim *sim, struct msg_create_ctx_req *req, u32 *status)
{
	struct msg_create_ctx_resp resp;

	memset(&resp, 0, sizeof(resp));
	raw(sim, OP_CREATE_CTX, req, sizeof(*req), &resp, sizeof(resp), status);
	return resp.context_id;
}

static u32 raw_host_buf(struct sim *sim, u32 op, u32 ctx, u64 addr, u64 size)
{
	struct msg_host_buf_req req = { .context_id = ctx, .buf_addr = addr, .buf_size = size };
	u32 st;

	raw(sim, op, &req, sizeof(req), NULL, 4, &st);
	return st;
}

static void destroy_ctx(struct sim *sim, u32 ctx, u32 want)
{
	struct msg_destroy_ctx_req req = { .context_id = ctx };
	u32 st;

	raw(sim, OP_DESTROY_CTX, &req, sizeof(req), NULL, 4, &st);
	ck_assert_uint_eq(st, want);
}

/* CREATE_CONTEXT: bad type / cq pairs (inv. 22), bad columns, short payload. */
START_TEST(test_raw_create_context)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_create_ctx_req req = { .aie_type = MSG_AIE_TYPE_AIE2, .num_col = 4,
					  .num_cq_pairs_requested = 1, .pasid = 5 };
	u32 st, ctx, nv = sim_violation_count(sim);

	must_open(sim);
	/* num_col 0, beyond total_col (8), unused >= num_col: INVALID_PARAM */
	req.num_col = 0;
	ck_assert_uint_eq(raw_create(sim, &req, &st), MSG_CTX_ID_INVALID);
	ck_assert_uint_eq(st, FW_STATUS_MGMT_ERT_INVALID_PARAM);
	req.num_col = 4;
	req.start_col = 5;
	ck_assert_uint_eq(raw_create(sim, &req, &st), MSG_CTX_ID_INVALID);
	ck_assert_uint_eq(st, FW_STATUS_MGMT_ERT_INVALID_PARAM);
	req.start_col = 0;
	req.num_unused_col = 4;
	ck_assert_uint_eq(raw_create(sim, &req, &st), MSG_CTX_ID_INVALID);
	ck_assert_uint_eq(st, FW_STATUS_MGMT_ERT_INVALID_PARAM);
	ck_assert_uint_eq(sim_violation_count(sim), nv);
	/* a payload shorter than 28 bytes */
	ck_assert_int_eq(raw(sim, OP_CREATE_CTX, &req, 8, NULL, 4, &st), -EINVAL);
	ck_assert_uint_eq(st, FW_STATUS_INVALID_INPUT_BUFFER);
	/* aie_type 2 and two cq pairs: served, but a host violation each time */
	req.num_unused_col = 0;
	req.aie_type = 2;
	ctx = raw_create(sim, &req, &st);
	ck_assert_uint_eq(st, 0);
	ck_assert_uint_eq(ctx, 0);
	ck_assert_uint_eq(violations_of(sim, 22), 1);
	destroy_ctx(sim, ctx, 0);
	req.aie_type = MSG_AIE_TYPE_AIE2;
	req.num_cq_pairs_requested = 2;
	ctx = raw_create(sim, &req, &st);
	ck_assert_uint_eq(st, 0);
	ck_assert_uint_eq(violations_of(sim, 22), 2);
	destroy_ctx(sim, ctx, 0);
	/* destroying it again: unknown context */
	destroy_ctx(sim, ctx, FW_STATUS_MGMT_ERT_INVALID_PARAM);
	ck_assert_uint_eq(sim_violation_count(sim), nv + 2);
	sim_destroy(sim);
}
END_TEST

/* MAP/ADD_HOST_BUFFER rules (docs/sim.md invariants 23, 27; docs/driver/proto.md §3.3). */
START_TEST(test_raw_host_buffers)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_create_ctx_req req = { .aie_type = MSG_AIE_TYPE_AIE2, .num_col = 4,
					  .num_cq_pairs_requested = 1, .pasid = 5 };
	u32 st, ctx, nv = sim_violation_count(sim);

	must_open(sim);
	ctx = raw_create(sim, &req, &st);
	ck_assert_uint_eq(st, 0);
	/* unknown context */
	ck_assert_uint_eq(raw_host_buf(sim, OP_MAP, ctx + 1, 0, M64),
			  FW_STATUS_MGMT_ERT_INVALID_PARAM);
	ck_assert_uint_eq(sim_violation_count(sim), nv);
	/* ADD before MAP: refused, inv. 27 */
	ck_assert_uint_eq(raw_host_buf(sim, OP_ADD, ctx, 0, M64), FW_STATUS_INVALID_OPERATION);
	ck_assert_uint_eq(violations_of(sim, 27), 1);
	/* a size other than 64 MiB: refused, inv. 23 */
	ck_assert_uint_eq(raw_host_buf(sim, OP_MAP, ctx, 0, M64 / 2),
			  FW_STATUS_MGMT_ERT_INVALID_PARAM);
	ck_assert_uint_eq(violations_of(sim, 23), 1);
	/* an unaligned address is taken but flagged (inv. 23) */
	ck_assert_uint_eq(raw_host_buf(sim, OP_MAP, ctx, 0x1000, M64), 0);
	ck_assert_uint_eq(violations_of(sim, 23), 2);
	ck_assert_uint_eq(raw_host_buf(sim, OP_ADD, ctx, M64, M64), 0);
	/* a second MAP restarts the list: flagged (inv. 27), accepted */
	ck_assert_uint_eq(raw_host_buf(sim, OP_MAP, ctx, 2 * M64, M64), 0);
	ck_assert_uint_eq(violations_of(sim, 27), 2);
	/* the list holds at most SIM_MAX_FW_BUFS buffers */
	for (u32 i = 1; i < SIM_MAX_FW_BUFS; i++)
		if (raw_host_buf(sim, OP_ADD, ctx, (2 + i) * M64, M64))
			ck_abort_msg("ADD %u refused", i);
	ck_assert_uint_eq(raw_host_buf(sim, OP_ADD, ctx, 0, M64),
			  FW_STATUS_MGMT_ERT_INVALID_PARAM);
	ck_assert_uint_eq(sim_violation_count(sim), nv + 4);
	destroy_ctx(sim, ctx, 0);
	sim_destroy(sim);
}
END_TEST

/* GET_APP_HEALTH with a buffer under 560 bytes; a user opcode on MERT (inv. 21). */
START_TEST(test_raw_app_health_and_foreign_opcode)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_create_ctx_req req = { .aie_type = MSG_AIE_TYPE_AIE2, .num_col = 4,
					  .num_cq_pairs_requested = 1, .pasid = 5 };
	struct msg_app_health_req hr = { .buf_size = 559 };
	struct msg_buf_size_resp resp;
	struct msg_empty_req e = { 0 };
	u32 st, ctx, nv = sim_violation_count(sim);

	must_open(sim);
	ctx = raw_create(sim, &req, &st);
	hr.context_id = ctx;
	memset(&resp, 0xff, sizeof(resp));
	ck_assert_int_eq(raw(sim, MSG_OP_GET_APP_HEALTH, &hr, sizeof(hr), &resp, sizeof(resp), &st),
			 -EINVAL);
	ck_assert_uint_eq(st, FW_STATUS_MGMT_ERT_DRAM_BUFFER_SIZE_INVALID);
	ck_assert_uint_eq(resp.required_buffer_size, 560);
	/* big enough, but the address is not a management buffer */
	hr.buf_size = 8192;
	hr.buf_addr = 0x1000;
	ck_assert_int_eq(raw(sim, MSG_OP_GET_APP_HEALTH, &hr, sizeof(hr), &resp, sizeof(resp), &st),
			 -EINVAL);
	ck_assert_uint_eq(st, FW_STATUS_INVALID_INPUT_BUFFER);
	ck_assert_uint_eq(sim_violation_count(sim), nv);
	/* CONFIG_CU (0x11) belongs to the user channel */
	ck_assert_int_eq(raw(sim, OP_CONFIG_CU, &e, sizeof(e), NULL, 4, &st), -EINVAL);
	ck_assert_uint_eq(st, FW_STATUS_INVALID_COMMAND);
	ck_assert_uint_eq(violations_of(sim, 21), 1);
	destroy_ctx(sim, ctx, 0);
	sim_destroy(sim);
}
END_TEST

/*
 * User channel of a live context: CONFIG_CU range (inv. 24), chain sizes
 * (inv. 25), a short payload, a management opcode (inv. 21 and the
 * mailbox's MBOX_V_OPCODE detector, inv. 20).
 */
START_TEST(test_raw_user_channel)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_config_cu_req cu = { .num_cus = 0 };
	struct msg_chain_npu_req ch = { .buf_addr = 0x04000000, .buf_size = 0, .count = 1 };
	struct msg_chain_resp cr;
	struct sim_hwctx *hx;
	struct two_chunks t;
	struct sim_result r;
	u32 p, st, nv;

	setup_two_chunks(sim, ADDR_PASID, &t);
	p = must_dev_bo(sim, t.c, 0x1000, 0x04028000);
	ck_assert_int_eq(sim_config_cu(sim, t.c, t.h, &p, 1, &r), 0);
	hx = drv_hwctx_find(sim_client_find(sim, t.c), t.h);
	ck_assert_ptr_nonnull(hx);
	nv = sim_violation_count(sim);
	{
		struct mbox_sync_msg m = { .opcode = OP_CONFIG_CU, .req = &cu, .req_len = sizeof(cu),
					   .resp = &st, .resp_len = 4 };

		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(m.status, FW_STATUS_INVALID_PARAM);
		ck_assert_uint_eq(violations_of(sim, 24), 1);
		cu.num_cus = 33;
		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(m.status, FW_STATUS_INVALID_PARAM);
		ck_assert_uint_eq(violations_of(sim, 24), 2);
	}
	{
		struct mbox_sync_msg m = { .opcode = OP_CHAIN_NPU, .req = &ch, .req_len = sizeof(ch),
					   .resp = &cr, .resp_len = sizeof(cr) };

		/* buf_size 0, count 0, buf_size over the 4 KiB maximum */
		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(cr.status, FW_STATUS_INVALID_PARAM);
		ch.buf_size = 64;
		ch.count = 0;
		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(cr.status, FW_STATUS_INVALID_PARAM);
		ch.count = 1;
		ch.buf_size = MSG_MAX_CHAIN_CMDBUF_SIZE + 1;
		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(cr.status, FW_STATUS_INVALID_PARAM);
		ck_assert_uint_eq(violations_of(sim, 25), 3);
		/* the firmware failed before any sub-command: the host reads ABORT (§4.5) */
		ck_assert_uint_eq(cr.fail_cmd_status, 0);
		/* a short payload: the ERT refuses it; framing is fine (no inv. 20) */
		m.req_len = 8;
		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(cr.status, FW_STATUS_INVALID_INPUT_BUFFER);
		ck_assert_uint_eq(violations_of(sim, 25), 3);
		ck_assert_uint_eq(violations_of(sim, 20), 0);
	}
	{
		/* a management opcode on the user channel */
		struct msg_destroy_ctx_req d = { .context_id = 0 };
		struct mbox_sync_msg m = { .opcode = OP_DESTROY_CTX, .req = &d, .req_len = sizeof(d),
					   .resp = &st, .resp_len = 4 };

		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(m.status, FW_STATUS_INVALID_COMMAND);
		ck_assert_uint_eq(violations_of(sim, 21), 1);
		/* and the mailbox detector saw MBOX_V_OPCODE on that channel */
		ck_assert_uint_eq(violations_of(sim, 20), 1);
	}
	ck_assert_uint_eq(sim_violation_count(sim), nv + 7);
	sim_destroy(sim);
}
END_TEST

/* Short management payloads are answered INVALID_INPUT_BUFFER; no state changes. */
START_TEST(test_raw_short_mgmt_payloads)
{
	/* (DESTROY_CONTEXT's request is a single word: it cannot be short) */
	static const u32 ops[] = { OP_MAP, OP_ADD, MSG_OP_REGISTER_ASYNC_EVENT_MSG,
				   MSG_OP_GET_APP_HEALTH };
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	u32 word = 0, st, nasync, nv = sim_violation_count(sim);
	u8 resp[64];

	must_open(sim);
	nasync = sim->fw.nasync;
	/* the refusal is a bare status word, whatever the opcode's reply size */
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		st = 0;
		ck_assert_int_eq(raw(sim, ops[i], &word, 4, resp, 4, &st), -EINVAL);
		ck_assert_msg(st == FW_STATUS_INVALID_INPUT_BUFFER, "opcode %#x: status %#x", ops[i],
			      st);
	}
	ck_assert_uint_eq(sim->fw.nasync, nasync);
	ck_assert_uint_eq(sim_violation_count(sim), nv);
	sim_destroy(sim);
}
END_TEST

static int count_cb(void *arg, const struct mbox_resp *resp)
{
	(void)resp;
	(*(u32 *)arg)++;
	return 0;
}

/* The firmware keeps 16 async-event registrations; the 17th is MSGS_FULL. */
START_TEST(test_raw_async_full)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_async_event_req req = { .buf_addr = 0x1000, .buf_size = 8192 };
	struct msg_async_event_resp resp;
	u32 answered = 0, st;

	must_open(sim);
	ck_assert_uint_lt(sim->fw.nasync, SIM_MAX_ASYNC);
	while (sim->fw.nasync < SIM_MAX_ASYNC) {
		u32 before = sim->fw.nasync;

		ck_assert_int_eq(mbox_chan_send(sim->mg.chan, MSG_OP_REGISTER_ASYNC_EVENT_MSG, &req,
						sizeof(req), count_cb, &answered, NULL), 0);
		fw_service(sim);
		ck_assert_uint_eq(sim->fw.nasync, before + 1);
	}
	ck_assert_uint_eq(answered, 0);		/* registrations wait for an event */
	ck_assert_int_eq(raw(sim, MSG_OP_REGISTER_ASYNC_EVENT_MSG, &req, sizeof(req), &resp,
			     sizeof(resp), &st), -EINVAL);
	ck_assert_uint_eq(st, FW_STATUS_ASYNC_EVENT_MSGS_FULL);
	ck_assert_uint_eq(sim->fw.nasync, SIM_MAX_ASYNC);
	sim_destroy(sim);
}
END_TEST

/* A user opcode the firmware version lacks, and one the ERT does not run. */
START_TEST(test_raw_user_opcode_versions)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	struct msg_chain_npu_req ch = { .buf_addr = 0x04000000, .buf_size = 64, .count = 1 };
	struct sim_hwctx *hx;
	u8 sync_req[24] = { 0 };
	u32 c, chunk, h, st, nv;

	sim_config_default(&cfg);
	cfg.device = "npu4";
	cfg.fw_major = 6;
	cfg.fw_minor = 14;	/* before NPU_COMMAND (6.15) */
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	c = must_open(sim);
	chunk = must_chunk(sim, c, M64);
	must_mmap(sim, c, chunk, UVA0(c));
	h = must_hwctx(sim, c);
	hx = drv_hwctx_find(sim_client_find(sim, c), h);
	nv = sim_violation_count(sim);
	{
		/* refused with a bare status word (a 4-byte chain reply: ABORT, §4.5) */
		struct mbox_sync_msg m = { .opcode = OP_CHAIN_NPU, .req = &ch, .req_len = sizeof(ch),
					   .resp = &st, .resp_len = 4 };

		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(st, FW_STATUS_INVALID_COMMAND);
	}
	{
		struct mbox_sync_msg m = { .opcode = 0x7, .req = sync_req, .req_len = sizeof(sync_req),
					   .resp = &st, .resp_len = 4 };

		ck_assert_int_eq(mbox_send_wait(hx->uch, &m, 1000000000ULL), 0);
		ck_assert_uint_eq(m.status, FW_STATUS_INVALID_COMMAND);
	}
	/* both are user-channel opcodes: no host violation */
	ck_assert_uint_eq(sim_violation_count(sim), nv);
	sim_destroy(sim);
}
END_TEST

/*
 * A reply whose size is not the expected struct's (docs/driver/proto.md §2.9) fails
 * the call with -EINVAL and, as a receive error, marks the management
 * channel bad (§2.8): later sends get -EPIPE; the model logs the event.
 */
START_TEST(test_raw_reply_size_marks_channel_bad)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct msg_buf_size_resp resp;
	u32 word = 0, st, bad = 0;

	must_open(sim);
	/* a short GET_APP_HEALTH is refused with a bare 4-byte status, not 36 bytes */
	ck_assert_int_eq(raw(sim, MSG_OP_GET_APP_HEALTH, &word, 4, &resp, sizeof(resp), &st),
			 -EINVAL);
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		bad += e->type == SIM_EV_PM && e->kind == SIM_PM_CHAN_BAD;
	}
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(raw(sim, OP_DESTROY_CTX, &word, 4, NULL, 4, &st), -EPIPE);
	sim_destroy(sim);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sim_rawfw");
	TCase *tc = tcase_create("rawfw");

	tcase_add_test(tc, test_raw_create_context);
	tcase_add_test(tc, test_raw_host_buffers);
	tcase_add_test(tc, test_raw_app_health_and_foreign_opcode);
	tcase_add_test(tc, test_raw_user_channel);
	tcase_add_test(tc, test_raw_short_mgmt_payloads);
	tcase_add_test(tc, test_raw_async_full);
	tcase_add_test(tc, test_raw_user_opcode_versions);
	tcase_add_test(tc, test_raw_reply_size_marks_channel_bad);
	suite_add_tcase(s, tc);
	return xdnasim_run_suites(&s, 1);
}
