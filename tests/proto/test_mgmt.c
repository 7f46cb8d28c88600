// SPDX-License-Identifier: MIT
/*
 * Synchronous management messages (docs/driver/proto.md §2.9, §2.10) on simulated time:
 * a reply later than 5 s is -ETIME and destroys the management channel,
 * then -ENODEV until the device restarts; status and size rules.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

#define SEC PROTO_NSEC_PER_SEC

/* The clock hook plays the firmware: one reply at @reply_at. */
struct fw_sim {
	struct pt_chan *c;
	struct mbox_mgmt *mg;
	struct mbox_sync_msg *m;
	u64 reply_at;
	u32 status;
	u32 resp_len;
	bool replied;
	u32 status_before;	/* the waiter's status word just before the reply */
};

static void fw_hook(struct proto_clock *clk, u64 until)
{
	struct fw_sim *f = clk->priv;
	struct mbox_fw_msg fm;
	u8 req[64], resp[64] = { 0 };
	const struct msg_desc *d;

	if (f->replied || f->reply_at > until) {
		clk->now_ns = until;
		return;
	}
	if (clk->now_ns < f->reply_at)
		clk->now_ns = f->reply_at;
	ck_assert_int_eq(mbox_fw_recv(&f->c->hw, &fm, req, sizeof(req)), 0);
	d = msg_desc_find(fm.hdr.opcode);
	memcpy(resp + d->status_off, &f->status, 4);
	if (f->m && f->m->resp_len >= d->status_off + 4u)
		f->status_before = pt_le32((u8 *)f->m->resp + d->status_off);
	ck_assert_int_eq(mbox_fw_send(&f->c->hw, fm.hdr.opcode, fm.hdr.id, resp, f->resp_len), 0);
	f->replied = true;
	/* MSI-X -> the receive worker. */
	mbox_chan_rx(f->mg->chan);
}

struct mgmt_fixture {
	struct pt_chan c;
	struct mbox_mgmt mg;
	struct fw_sim fw;
	struct msg_fw_version_resp ver;
	struct msg_empty_req req;
	struct mbox_sync_msg m;
};

static void fixture_init(struct mgmt_fixture *x, u64 reply_after, u32 status, u32 resp_len)
{
	memset(x, 0, sizeof(*x));
	pt_chan_init(&x->c, 256, 256, true, MBOX_FLAVOR_UP, 0, 0);
	x->c.clock.now_ns = 3 * SEC;
	mbox_mgmt_init(&x->mg);
	mbox_mgmt_attach(&x->mg, x->c.chan);
	x->c.chan = NULL;
	x->m = (struct mbox_sync_msg){ .opcode = MSG_OP_GET_FIRMWARE_VERSION, .req = &x->req,
				       .req_len = 4, .resp = &x->ver, .resp_len = sizeof(x->ver) };
	x->fw = (struct fw_sim){ &x->c, &x->mg, &x->m, 3 * SEC + reply_after, status, resp_len,
				 false, 0 };
	x->c.clock.priv = &x->fw;
	x->c.clock.wait = fw_hook;
}

static void fixture_fini(struct mgmt_fixture *x)
{
	mbox_mgmt_detach(&x->mg);
	pt_chan_fini(&x->c);
}

START_TEST(test_reply_within_5s)
{
	static const u64 after[] = { 1, 5 * SEC - 1, 5 * SEC };
	struct mgmt_fixture x;

	for (size_t i = 0; i < ARRAY_SIZE(after); i++) {
		fixture_init(&x, after[i], 0, 20);
		ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), 0);
		ck_assert_uint_eq(x.m.sent_ns, 3 * SEC);
		ck_assert_uint_eq(x.m.done_ns, 3 * SEC + after[i]);
		ck_assert_uint_eq(x.c.clock.now_ns, 3 * SEC + after[i]);
		ck_assert_uint_eq(x.m.status, 0);
		/* Before the reply the status word reads 0xFFFFFFFF. */
		ck_assert_uint_eq(x.fw.status_before, 0xFFFFFFFF);
		ck_assert_ptr_nonnull(x.mg.chan);
		fixture_fini(&x);
	}
}
END_TEST

START_TEST(test_reply_after_5s_destroys_channel)
{
	const struct mbox_trace_rec *rec;
	struct mbox_fw_msg fm;
	struct mgmt_fixture x;
	struct mbox_hw_cfg hc;
	struct mbox_chan_cfg cc = { .mgmt = true, .clock = NULL };
	struct mbox_hw hw2;
	struct mbox_chan *chan2;
	u8 buf[64];
	u32 z = 0;

	fixture_init(&x, 5 * SEC + 1, 0, 20);
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -ETIME);
	ck_assert_uint_eq(x.c.clock.now_ns, 8 * SEC);
	ck_assert(!x.fw.replied);
	ck_assert_ptr_null(x.mg.chan);
	ck_assert_uint_eq(x.mg.timeouts, 1);
	ck_assert_int_eq(x.m.error, -ETIME);
	ck_assert_uint_eq(x.m.status, 0xFFFFFFFF);
	rec = pt_last_event(&x.c.trace, MBOX_EV_MGMT_TIMEOUT);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(rec->err, -ETIME);
	ck_assert_uint_eq(rec->time_ns, 8 * SEC);
	ck_assert_uint_eq(pt_count_event(&x.c.trace, MBOX_EV_HOST_CANCEL), 1);

	/* Until the device restarts every management message fails. */
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -ENODEV);
	ck_assert_uint_eq(x.c.clock.now_ns, 8 * SEC);
	/* A late reply lands in i2x and is never read. */
	ck_assert_int_eq(mbox_fw_recv(&x.c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_int_eq(mbox_fw_send(&x.c.hw, fm.hdr.opcode, fm.hdr.id, buf, 20), 0);

	/* Restart: a fresh hardware channel and host channel. */
	hc = (struct mbox_hw_cfg){ .x2i_size = 256, .i2x_size = 256, .mgmt = true,
				   .clock = &x.c.clock, .trace = &x.c.trace };
	ck_assert_int_eq(mbox_hw_init(&hw2, &hc), 0);
	ck_assert_int_eq(mbox_chan_create(&hw2, &cc, &chan2), -EINVAL);	/* no clock */
	cc.clock = &x.c.clock;
	ck_assert_int_eq(mbox_chan_create(&hw2, &cc, &chan2), 0);
	mbox_mgmt_attach(&x.mg, chan2);
	x.c.clock.wait = NULL;
	x.m.opcode = MSG_OP_RESUME;
	x.m.req = &z;
	x.m.resp_len = 4;
	/* No firmware now: the 5 s pass on the clock alone. */
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -ETIME);
	ck_assert_uint_eq(x.c.clock.now_ns, 13 * SEC);
	ck_assert_ptr_null(x.mg.chan);
	ck_assert_uint_eq(x.mg.timeouts, 2);
	mbox_hw_fini(&hw2);
	fixture_fini(&x);
}
END_TEST

START_TEST(test_status_and_size_rules)
{
	struct mgmt_fixture x;
	u8 tele[16];

	/* A firmware error status fails the call with -EINVAL, kept for logs. */
	fixture_init(&x, 1000, FW_STATUS_MGMT_ERT_INVALID_PARAM, 20);
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -EINVAL);
	ck_assert_uint_eq(x.m.status, 0x2000004);
	ck_assert(!x.mg.chan->bad);
	fixture_fini(&x);

	/* A reply of the wrong size: -EINVAL, nothing copied, channel bad. */
	fixture_init(&x, 1000, 0, 24);
	memset(&x.ver, 0x5a, sizeof(x.ver));
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -EINVAL);
	ck_assert_uint_eq(x.ver.status, 0xFFFFFFFF);
	ck_assert_uint_eq(x.ver.major, 0x5a5a5a5a);
	ck_assert(x.mg.chan->bad);
	ck_assert_uint_eq(x.mg.chan->bad_reason, MBOX_BAD_CALLBACK);
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -EPIPE);
	fixture_fini(&x);

	/* GET_TELEMETRY: the status word is at offset 12. */
	fixture_init(&x, 1000, FW_STATUS_INVALID_COMMAND, 16);
	x.m.opcode = MSG_OP_GET_TELEMETRY;
	x.m.req_len = 4;	/* the request size is the caller's business */
	x.m.resp = tele;
	x.m.resp_len = 16;
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -EINVAL);
	ck_assert_uint_eq(x.m.status, FW_STATUS_INVALID_COMMAND);
	ck_assert_uint_eq(pt_le32(tele + 12), FW_STATUS_INVALID_COMMAND);
	ck_assert_uint_eq(pt_le32(tele), 0);
	fixture_fini(&x);
}
END_TEST

struct async_log {
	int n;
	u32 ids[8];
	bool cancelled[8];
};

static int async_cb(void *arg, const struct mbox_resp *resp)
{
	struct async_log *l = arg;

	l->ids[l->n] = resp->id;
	l->cancelled[l->n] = !resp->data;
	l->n++;
	return 0;
}

START_TEST(test_timeout_cancels_async_registrations)
{
	struct msg_async_event_req ae = { .buf_addr = 0x100000, .buf_size = 8192 };
	struct async_log log = { 0 };
	struct mgmt_fixture x;
	u32 ids[3];

	fixture_init(&x, 6 * SEC, 0, 20);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(mbox_chan_send(x.mg.chan, MSG_OP_REGISTER_ASYNC_EVENT_MSG, &ae,
						sizeof(ae), async_cb, &log, &ids[i]), 0);
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -ETIME);
	ck_assert_int_eq(log.n, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(log.ids[i], ids[i]);
		ck_assert(log.cancelled[i]);
	}
	ck_assert_uint_eq(pt_count_event(&x.c.trace, MBOX_EV_HOST_CANCEL), 4);
	fixture_fini(&x);
}
END_TEST

START_TEST(test_no_channel_and_send_errors)
{
	struct mbox_mgmt mg;
	struct mbox_sync_msg m = { .opcode = MSG_OP_SUSPEND };
	struct mgmt_fixture x;

	mbox_mgmt_init(&mg);
	ck_assert_int_eq(mbox_mgmt_send_wait(&mg, &m), -ENODEV);
	mbox_mgmt_detach(&mg);
	/* A send error is returned as is and does not kill the channel. */
	fixture_init(&x, 1000, 0, 20);
	x.m.req_len = 6;
	ck_assert_int_eq(mbox_mgmt_send_wait(&x.mg, &x.m), -EINVAL);
	ck_assert_ptr_nonnull(x.mg.chan);
	ck_assert(!x.mg.chan->bad);
	fixture_fini(&x);
}
END_TEST

Suite *proto_mgmt_suite(void)
{
	Suite *s = suite_create("proto_mgmt");
	TCase *tc = tcase_create("mgmt");

	tcase_add_test(tc, test_reply_within_5s);
	tcase_add_test(tc, test_reply_after_5s_destroys_channel);
	tcase_add_test(tc, test_status_and_size_rules);
	tcase_add_test(tc, test_timeout_cancels_async_registrations);
	tcase_add_test(tc, test_no_channel_and_send_errors);
	suite_add_tcase(s, tc);
	return s;
}
