// SPDX-License-Identifier: MIT
/*
 * Full x2i ring (docs/driver/proto.md §2.7): the UP 100 us wait then -ETIMEDOUT on
 * simulated time, the OOT immediate -ENOSPC, and the UP wrap-while-HEAD==0
 * hazard flagged by the firmware end.
 *
 * Geometry used throughout: x2i ring of 128 bytes (E = 124), 12-byte
 * payloads (messages of 28 bytes).  Four messages sit at 0, 28, 56, 84 and
 * leave TAIL = 112; a fifth needs 112 + 28 = 140 > 124 and wraps.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

#define PLEN 12

static const u32 word3[3] = { 1, 2, 3 };

static void send_n(struct pt_chan *c, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(mbox_chan_send(c->chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL,
						NULL, NULL), 0);
}

static void fw_consume(struct pt_chan *c, int n)
{
	struct mbox_fw_msg fm;
	u8 buf[64];

	for (int i = 0; i < n; i++)
		ck_assert_int_eq(mbox_fw_recv(&c->hw, &fm, buf, sizeof(buf)), 0);
}

START_TEST(test_up_full_ring_times_out_after_100us)
{
	const struct mbox_trace_rec *rec;
	struct pt_chan c;
	u8 mem[4];
	u64 t0;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	c.clock.now_ns = 1000000;
	send_n(&c, 4);
	fw_consume(&c, 1);		/* HEAD = 28 */
	t0 = c.clock.now_ns;
	/* Wrap: tombstone at 112, restart at 0; 0 + 28 >= HEAD 28: full. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -ETIMEDOUT);
	/* Polls at t0, t0 + 1 us, ..., t0 + 100 us, then one last read at 101 us. */
	ck_assert_uint_eq(c.clock.now_ns - t0, 101000);
	ck_assert_uint_eq(c.chan->full_polls, 101);
	/* The tombstone stays, TAIL does not move. */
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, 112, mem, 4), 0);
	ck_assert_uint_eq(pt_le32(mem), MBOX_TOMBSTONE);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 112);
	ck_assert_uint_eq(c.chan->x2i_tail, 112);
	/* The id was taken and released; the cursor moved on. */
	rec = pt_last_event(&c.trace, MBOX_EV_HOST_TX_FAIL);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(rec->id, 0x1D000004);
	ck_assert_int_eq(rec->err, -ETIMEDOUT);
	ck_assert_uint_eq(c.chan->nr_pending, 4);
	ck_assert_uint_eq(c.chan->next_slot, 5);
	ck_assert_uint_eq(c.hw.violations, 0);
	pt_chan_fini(&c);
}
END_TEST

/* The clock hook stands for the firmware: it consumes one message at +37 us. */
struct late_consumer {
	struct pt_chan *c;
	u64 at;
	bool done;
};

static void consume_at(struct proto_clock *clk, u64 until)
{
	struct late_consumer *lc = clk->priv;

	clk->now_ns = until;
	if (!lc->done && clk->now_ns >= lc->at) {
		fw_consume(lc->c, 1);
		lc->done = true;
	}
}

START_TEST(test_up_full_ring_waits_for_firmware)
{
	struct late_consumer lc;
	struct pt_chan c;
	u32 id;
	u64 t0;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	send_n(&c, 4);
	fw_consume(&c, 1);
	t0 = c.clock.now_ns;
	lc = (struct late_consumer){ &c, t0 + 37000, false };
	c.clock.priv = &lc;
	c.clock.wait = consume_at;
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					&id), 0);
	ck_assert_uint_eq(c.clock.now_ns - t0, 37000);
	ck_assert_uint_eq(c.chan->full_polls, 37);
	ck_assert_uint_eq(id, 0x1D000004);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 28);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), 56);
	/* Next: T 28 < H 56 and 28 + 28 >= 56: full again, no consumer: timeout. */
	c.clock.wait = NULL;
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -ETIMEDOUT);
	/* Leaving one word free is enough: 28 + 24 < 56 fits. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, 8, NULL, NULL,
					NULL), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 52);
	fw_consume(&c, 4);		/* 56, 84, then past the tombstone 0 and 28 */
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), 52);
	ck_assert_uint_eq(c.hw.violations, 0);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_oot_full_ring_enospc_at_once)
{
	struct pt_chan c;
	u8 mem[4];
	u64 t0;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_OOT, 0, 0);
	send_n(&c, 4);
	fw_consume(&c, 1);		/* HEAD = 28 */
	t0 = c.clock.now_ns;
	/* Wrap needed and L (28) >= HEAD (28): refused before any write. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -ENOSPC);
	ck_assert_uint_eq(c.clock.now_ns, t0);
	ck_assert_uint_eq(c.chan->full_polls, 0);
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, 112, mem, 4), 0);
	ck_assert_uint_eq(pt_le32(mem), 0);
	ck_assert_int_eq(pt_last_event(&c.trace, MBOX_EV_HOST_TX_FAIL)->err, -ENOSPC);
	fw_consume(&c, 1);		/* HEAD = 56 */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 28);
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, 112, mem, 4), 0);
	ck_assert_uint_eq(pt_le32(mem), MBOX_TOMBSTONE);
	/* T 28 < H 56 and 28 + 28 >= 56: full, -ENOSPC with no wait. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -ENOSPC);
	ck_assert_uint_eq(c.clock.now_ns, t0);
	ck_assert_uint_eq(c.hw.violations, 0);
	pt_chan_fini(&c);
}
END_TEST

/* HEAD still 0 with four messages pending: UP wraps onto them (2.7 hazard). */
START_TEST(test_up_wrap_with_head_zero_overwrites)
{
	struct mbox_fw_msg fm;
	struct pt_chan c;
	u8 buf[64];
	u32 id;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	send_n(&c, 4);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					&id), 0);
	ck_assert_uint_eq(id, 0x1D000004);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 28);
	ck_assert(c.hw.violations & MBOX_V_BIT(MBOX_V_OVERWRITE));
	ck_assert_ptr_nonnull(pt_last_event(&c.trace, MBOX_EV_FW_VIOLATION));
	/* The firmware now sees a single message: the first four are lost. */
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(fm.hdr.id, 0x1D000004);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), -ENOENT);
	pt_chan_fini(&c);

	/* OOT refuses the same wrap (L >= HEAD == 0). */
	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_OOT, 0, 0);
	send_n(&c, 4);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -ENOSPC);
	ck_assert_uint_eq(c.hw.violations, 0);
	pt_chan_fini(&c);
}
END_TEST

/* An x2i HEAD register beyond the ring is refused, never used to write. */
START_TEST(test_impossible_head_register)
{
	struct pt_chan c;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_HEAD, 0x1000);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -EIO);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_HEAD, 6);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, word3, PLEN, NULL, NULL,
					NULL), -EIO);
	ck_assert_uint_eq(c.chan->nr_pending, 0);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_HEAD, 0);
	pt_chan_fini(&c);
}
END_TEST

Suite *proto_full_suite(void)
{
	Suite *s = suite_create("proto_full");
	TCase *tc = tcase_create("full");

	tcase_add_test(tc, test_up_full_ring_times_out_after_100us);
	tcase_add_test(tc, test_up_full_ring_waits_for_firmware);
	tcase_add_test(tc, test_oot_full_ring_enospc_at_once);
	tcase_add_test(tc, test_up_wrap_with_head_zero_overwrites);
	tcase_add_test(tc, test_impossible_head_register);
	suite_add_tcase(s, tc);
	return s;
}
