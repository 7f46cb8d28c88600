// SPDX-License-Identifier: MIT
/*
 * Message ids and reply matching (docs/driver/proto.md §2.3, §2.10): 0x1D000000 | slot
 * cyclic over 256 slots, -EBUSY for the 257th outstanding message, replies
 * matched by id in any order (in order on OOT user channels), id 0, and the
 * cancellation order at stop.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

struct id_log {
	u32 n;
	u32 ids[300];
	bool cancelled[300];
};

static int id_cb(void *arg, const struct mbox_resp *resp)
{
	struct id_log *log = arg;

	if (log->n < ARRAY_SIZE(log->ids)) {
		log->ids[log->n] = resp->id;
		log->cancelled[log->n] = !resp->data;
	}
	log->n++;
	return 0;
}

static const u32 one = 1;

/* Firmware answers @id with a 4-byte status reply. */
static void answer(struct pt_chan *c, u32 opcode, u32 id)
{
	u32 status = 0;

	ck_assert_int_eq(mbox_fw_send(&c->hw, opcode, id, &status, 4), 0);
}

static void drain_x2i(struct pt_chan *c)
{
	struct mbox_fw_msg fm;
	u8 buf[64];

	while (mbox_fw_recv(&c->hw, &fm, buf, sizeof(buf)) == 0)
		;
}

START_TEST(test_ids_wrap_after_256_outstanding)
{
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 id;

	pt_chan_init(&c, 8192, 8192, true, MBOX_FLAVOR_UP, 0, 0);
	for (u32 i = 0; i < 256; i++) {
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log,
						&id), 0);
		ck_assert_uint_eq(id, 0x1D000000 | i);
	}
	ck_assert_uint_eq(c.chan->nr_pending, 256);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log, &id),
			 -EBUSY);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_HOST_TX_FAIL), 0);
	drain_x2i(&c);
	/* Free slot 7: the cyclic search from the wrapped cursor finds it. */
	answer(&c, MSG_OP_DESTROY_CONTEXT, 0x1D000007);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	ck_assert_uint_eq(log.ids[0], 0x1D000007);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log, &id),
			 0);
	ck_assert_uint_eq(id, 0x1D000007);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log, &id),
			 -EBUSY);
	/* Free 3 and 200: the cursor is at 8, so 200 comes first, then 3. */
	drain_x2i(&c);
	answer(&c, MSG_OP_DESTROY_CONTEXT, 0x1D000003);
	answer(&c, MSG_OP_DESTROY_CONTEXT, 0x1D0000C8);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 2);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log, &id),
			 0);
	ck_assert_uint_eq(id, 0x1D0000C8);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &one, 4, id_cb, &log, &id),
			 0);
	ck_assert_uint_eq(id, 0x1D000003);
	pt_chan_fini(&c);
	/* Destroy cancelled the 256 still outstanding. */
	ck_assert_uint_eq(log.n, 3 + 256);
}
END_TEST

START_TEST(test_ids_cycle_when_answered)
{
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 id;

	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_UP, 0, 0);
	for (u32 i = 0; i < 600; i++) {
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_RESUME, &one, 4, id_cb, &log, &id), 0);
		ck_assert_uint_eq(id, 0x1D000000 | (i % 256));
		drain_x2i(&c);
		answer(&c, MSG_OP_RESUME, id);
		ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	}
	ck_assert_uint_eq(log.n, 600);
	pt_chan_fini(&c);
}
END_TEST

/* Sends slots 0..3, answers them in the order 2, 0, 3, 1. */
static int answer_shuffled(struct pt_chan *c, struct id_log *log)
{
	static const u32 order[4] = { 2, 0, 3, 1 };
	int got = 0;

	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(mbox_chan_send(c->chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, log,
						NULL), 0);
	drain_x2i(c);
	for (int i = 0; i < 4; i++) {
		int ret;

		answer(c, MSG_OP_CONFIG_CU, 0x1D000000 | order[i]);
		ret = mbox_chan_rx(c->chan);
		if (ret < 0)
			return ret;
		got += ret;
	}
	return got;
}

START_TEST(test_reply_order_rules)
{
	struct id_log log = { 0 };
	struct pt_chan c;

	/* UP accepts any order on any channel. */
	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(answer_shuffled(&c, &log), 4);
	ck_assert_uint_eq(log.ids[0], 0x1D000002);
	ck_assert_uint_eq(log.ids[3], 0x1D000001);
	pt_chan_fini(&c);
	/* OOT management channel: any order as well. */
	memset(&log, 0, sizeof(log));
	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_OOT, 0, 0);
	ck_assert_int_eq(answer_shuffled(&c, &log), 4);
	pt_chan_fini(&c);
	/* OOT user channel: slot 2 after nothing (previous 0) is out of order. */
	memset(&log, 0, sizeof(log));
	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_OOT, 0, 0);
	ck_assert_int_eq(answer_shuffled(&c, &log), -EINVAL);
	ck_assert(c.chan->bad);
	ck_assert_uint_eq(c.chan->bad_reason, MBOX_BAD_ORDER);
	ck_assert_uint_eq(log.n, 0);
	pt_chan_fini(&c);
	ck_assert_uint_eq(log.n, 4);	/* all four cancelled at destroy */
}
END_TEST

START_TEST(test_oot_in_order_across_id_wrap)
{
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 id;

	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_OOT, 0, 0);
	for (u32 i = 0; i < 300; i++) {
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, &log, &id),
				 0);
		drain_x2i(&c);
		answer(&c, MSG_OP_CONFIG_CU, id);
		ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	}
	ck_assert(!c.chan->bad);
	pt_chan_fini(&c);
}
END_TEST

/*
 * OOT mailbox_validate_msgid() (src/driver/amdxdna/amdxdna_mailbox.c
 * @856409ca) compares a reply id with last_msg_id + 1, and last_msg_id
 * starts at 0, not at an id: on a new user channel only slot 0 may come
 * first.  A first reply in slot 1 breaks the channel (the UP flavor takes it).
 */
START_TEST(test_oot_first_reply_slot0)
{
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 id0, id1;

	for (int oot = 0; oot < 2; oot++) {
		memset(&log, 0, sizeof(log));
		pt_chan_init(&c, 256, 256, false, oot ? MBOX_FLAVOR_OOT : MBOX_FLAVOR_UP, 0, 0);
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, &log, &id0),
				 0);
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, &log, &id1),
				 0);
		ck_assert_uint_eq(id0, 0x1D000000);
		ck_assert_uint_eq(id1, 0x1D000001);
		drain_x2i(&c);
		answer(&c, MSG_OP_CONFIG_CU, id1);
		answer(&c, MSG_OP_CONFIG_CU, id0);
		if (oot) {
			ck_assert_int_eq(mbox_chan_rx(c.chan), -EINVAL);
			ck_assert(c.chan->bad);
			ck_assert_uint_eq(c.chan->bad_reason, MBOX_BAD_ORDER);
			ck_assert_uint_eq(log.n, 0);
		} else {
			ck_assert_int_eq(mbox_chan_rx(c.chan), 2);
			ck_assert(!c.chan->bad);
			ck_assert_uint_eq(log.n, 2);
		}
		pt_chan_fini(&c);
	}
	/* OOT in order (0 then 1): both delivered, the cursor holds id 1. */
	memset(&log, 0, sizeof(log));
	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_OOT, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, &log, &id0), 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, &one, 4, id_cb, &log, &id1), 0);
	drain_x2i(&c);
	answer(&c, MSG_OP_CONFIG_CU, id0);
	answer(&c, MSG_OP_CONFIG_CU, id1);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 2);
	ck_assert(!c.chan->bad);
	ck_assert_uint_eq(c.chan->last_resp_id, 0x1D000001);
	pt_chan_fini(&c);
}
END_TEST

/*
 * A send that fails after taking its id (OOT full ring: -ENOSPC) moves the
 * cyclic cursor, so the next message skips a slot; with the OOT in-order
 * rule (reply slot == previous + 1) the reply to that next message then
 * breaks the user channel.  This follows from 2.3 + 2.7 as written.
 */
START_TEST(test_oot_in_order_after_failed_send)
{
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 big[6] = { 1 }, id;

	pt_chan_init(&c, 64, 256, false, MBOX_FLAVOR_OOT, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, big, 24, id_cb, &log, &id), 0);
	/* 40 + 40 > 60: wrap refused (L 40 >= HEAD 0). Slot 1 is burnt. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, big, 24, id_cb, &log, NULL),
			 -ENOSPC);
	drain_x2i(&c);
	answer(&c, MSG_OP_CONFIG_CU, id);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_CU, big, 4, id_cb, &log, &id), 0);
	ck_assert_uint_eq(id, 0x1D000002);
	drain_x2i(&c);
	answer(&c, MSG_OP_CONFIG_CU, id);
	ck_assert_int_eq(mbox_chan_rx(c.chan), -EINVAL);
	ck_assert_uint_eq(c.chan->bad_reason, MBOX_BAD_ORDER);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_id_zero_and_foreign_opcode)
{
	struct mbox_msg_hdr hdr = { 4, MBOX_SZVER(4), 0, 0x77 };
	struct id_log log = { 0 };
	struct pt_chan c;
	u32 id, word = 0;

	/* UP: an id-0 message is dropped; the channel stays good. */
	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &one, 4, id_cb, &log, &id), 0);
	ck_assert_int_eq(mbox_fw_send_raw(&c.hw, &hdr, &word, 4), 0);
	/* The reply opcode is not checked: matching is by id only. */
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_RESUME, id, &word, 4), 0);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	ck_assert(!c.chan->bad);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_HOST_DROP), 1);
	ck_assert_uint_eq(pt_last_event(&c.trace, MBOX_EV_HOST_RX)->opcode, MSG_OP_RESUME);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), 40);
	pt_chan_fini(&c);
	/* OOT: id 0 is a bad magic. */
	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_OOT, 0, 0);
	ck_assert_int_eq(mbox_fw_send_raw(&c.hw, &hdr, &word, 4), 0);
	ck_assert_int_eq(mbox_chan_rx(c.chan), -EINVAL);
	ck_assert_uint_eq(c.chan->bad_reason, MBOX_BAD_MAGIC);
	pt_chan_fini(&c);
}
END_TEST

/* Stop cancels oldest first in allocation order, not slot order. */
START_TEST(test_stop_cancels_in_allocation_order)
{
	struct id_log log = { 0 };
	struct pt_chan c;

	pt_chan_init(&c, 8192, 8192, true, MBOX_FLAVOR_UP, 0, 0);
	for (u32 i = 0; i < 256; i++)
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &one, 4, id_cb, &log, NULL),
				 0);
	drain_x2i(&c);
	for (u32 i = 0; i < 10; i++)
		answer(&c, MSG_OP_SUSPEND, 0x1D000000 | i);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 10);
	for (u32 i = 0; i < 3; i++)
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &one, 4, id_cb, &log, NULL),
				 0);
	memset(&log, 0, sizeof(log));
	mbox_chan_stop(c.chan);
	ck_assert_uint_eq(log.n, 249);
	for (u32 i = 0; i < 246; i++) {
		ck_assert_uint_eq(log.ids[i], 0x1D000000 | (10 + i));
		ck_assert(log.cancelled[i]);
	}
	ck_assert_uint_eq(log.ids[246], 0x1D000000);
	ck_assert_uint_eq(log.ids[248], 0x1D000002);
	ck_assert_uint_eq(c.chan->nr_pending, 0);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_HOST_CANCEL), 249);
	/* A stopped channel neither sends nor reads. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &one, 4, id_cb, &log, NULL),
			 -ENODEV);
	answer(&c, MSG_OP_SUSPEND, 0x1D00000A);
	ck_assert_int_eq(mbox_chan_rx(c.chan), -ENODEV);
	ck_assert_uint_eq(log.n, 249);
	mbox_chan_stop(c.chan);
	ck_assert_uint_eq(log.n, 249);
	pt_chan_fini(&c);
}
END_TEST

/* The IOHUB loop: replies posted while the worker runs are read too. */
struct chain_post {
	struct pt_chan *c;
	u32 id2;
	int calls;
};

static int post_more_cb(void *arg, const struct mbox_resp *resp)
{
	struct chain_post *cp = arg;
	u32 st = 0;

	cp->calls++;
	if (cp->calls == 1) {
		/* The firmware posts the next reply and raises IOHUB meanwhile. */
		ck_assert_int_eq(mbox_fw_send(&cp->c->hw, MSG_OP_RESUME, cp->id2, &st, 4), 0);
		/* A nested worker run (e.g. from the MSI-X hook) does nothing. */
		ck_assert_int_eq(mbox_chan_rx(cp->c->chan), 0);
	}
	(void)resp;
	return 0;
}

START_TEST(test_iohub_rearm_loop)
{
	struct chain_post cp = { 0 };
	struct pt_chan c;
	u32 id1, st = 0;

	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_UP, 0, 0);
	cp.c = &c;
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &one, 4, post_more_cb, &cp, &id1),
			 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_RESUME, &one, 4, post_more_cb, &cp, &cp.id2),
			 0);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SUSPEND, id1, &st, 4), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_IOHUB), 1);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 2);
	ck_assert_int_eq(cp.calls, 2);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_IOHUB), 0);
	ck_assert_uint_eq(c.hw.irq_count, 2);
	/* A spurious interrupt on an empty ring reads nothing, harms nothing. */
	mbox_fw_raise_irq(&c.hw);
	ck_assert_int_eq(mbox_chan_rx(c.chan), 0);
	ck_assert(!c.chan->bad);
	pt_chan_fini(&c);
}
END_TEST

Suite *proto_ids_suite(void)
{
	Suite *s = suite_create("proto_ids");
	TCase *tc = tcase_create("ids");

	tcase_add_test(tc, test_ids_wrap_after_256_outstanding);
	tcase_add_test(tc, test_ids_cycle_when_answered);
	tcase_add_test(tc, test_reply_order_rules);
	tcase_add_test(tc, test_oot_in_order_across_id_wrap);
	tcase_add_test(tc, test_oot_first_reply_slot0);
	tcase_add_test(tc, test_oot_in_order_after_failed_send);
	tcase_add_test(tc, test_id_zero_and_foreign_opcode);
	tcase_add_test(tc, test_stop_cancels_in_allocation_order);
	tcase_add_test(tc, test_iohub_rearm_loop);
	suite_add_tcase(s, tc);
	return s;
}
