// SPDX-License-Identifier: MIT
/*
 * Corrupt i2x contents put the host channel into its permanent bad state
 * (docs/driver/proto.md §2.3, §2.5, §2.8); corrupt x2i contents are flagged by the
 * firmware end (section 11 list).
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

#define RING 256

static void put32(struct pt_chan *c, u32 off, u32 v)
{
	ck_assert_int_eq(mbox_hw_write_mem(&c->hw, MBOX_I2X, off, &v, 4), 0);
}

/* Write a 16-byte header at @off of i2x. */
static void put_hdr(struct pt_chan *c, u32 off, u32 size, u32 id, u32 opcode)
{
	put32(c, off, size);
	put32(c, off + 4, MBOX_SZVER(size));
	put32(c, off + 8, id);
	put32(c, off + 12, opcode);
}

static void inj_misplaced_tombstone(struct pt_chan *c)
{
	put32(c, 0, MBOX_TOMBSTONE);
}

static void inj_good_reply_first(struct pt_chan *c)
{
	u32 st = 0;

	ck_assert_int_eq(mbox_fw_send(&c->hw, MSG_OP_SUSPEND, 0x1D000000, &st, 4), 0);
}

/*
 * Each case writes one header (unless @hdr_size is NO_HDR), optionally runs
 * @extra first, and sets the i2x TAIL register; the host must then go bad
 * for @why, with HEAD at @head_after and @delivered replies delivered.
 * Two requests (slots 0 and 1) are outstanding; i2x starts at @start.
 */
#define NO_HDR 0xFFFFFFFFu

static const struct {
	const char *name;
	u32 start, hdr_off, hdr_size, hdr_id, tail;
	void (*extra)(struct pt_chan *c);
	enum mbox_bad_reason why;
	u32 head_after;
	int delivered;
} cases[] = {
	{ "bad magic", 0, 0, 4, 0x1E000000, 20, NULL, MBOX_BAD_MAGIC, 20, 0 },
	{ "unknown id", 0, 0, 4, 0x1D000005, 20, NULL, MBOX_BAD_UNKNOWN_ID, 20, 0 },
	{ "slot 256", 0, 0, 4, 0x1D000100, 20, NULL, MBOX_BAD_UNKNOWN_ID, 20, 0 },
	{ "size 0", 0, 0, 0, 0x1D000000, 16, NULL, MBOX_BAD_SIZE, 0, 0 },
	{ "size 6", 0, 0, 6, 0x1D000000, 24, NULL, MBOX_BAD_SIZE, 0, 0 },
	{ "size > ring", 0, 0, 0x1000, 0x1D000000, 20, NULL, MBOX_BAD_SIZE, 0, 0 },
	/* 16 + 0xFFFFFFF0 wraps to 0 in the driver's u32 sum. */
	{ "size wraps u32", 0, 0, 0xFFFFFFF0, 0x1D000000, 20, NULL, MBOX_BAD_SIZE, 0, 0 },
	{ "size > tail", 0, 0, 64, 0x1D000000, 20, NULL, MBOX_BAD_OVERRUN, 0, 0 },
	/* At 224, 16 + 32 bytes run past the end (TAIL has wrapped to 16). */
	{ "straddles end", 224, 224, 32, 0x1D000000, 16, NULL, MBOX_BAD_OVERRUN, 224, 0 },
	/* The wrap marker where HEAD < TAIL. */
	{ "tombstone", 0, 0, NO_HDR, 0, 20, inj_misplaced_tombstone, MBOX_BAD_TOMBSTONE, 0, 0 },
	{ "tail > size", 0, 0, NO_HDR, 0, RING + 4, NULL, MBOX_BAD_TAIL, 0, 0 },
	{ "tail unaligned", 0, 0, 4, 0x1D000000, 18, NULL, MBOX_BAD_TAIL, 0, 0 },
	/* One good reply for slot 0, then a bad magic: the first is delivered. */
	{ "good then bad", 0, 20, 4, 0xAD000001, 40, inj_good_reply_first, MBOX_BAD_MAGIC, 40, 1 },
};

static void inject(struct pt_chan *c, int i)
{
	if (cases[i].extra)
		cases[i].extra(c);
	if (cases[i].hdr_size != NO_HDR)
		put_hdr(c, cases[i].hdr_off, cases[i].hdr_size, cases[i].hdr_id, MSG_OP_SUSPEND);
	mbox_hw_write_reg(&c->hw, MBOX_REG_I2X_TAIL, cases[i].tail);
}

struct cb_log {
	int delivered;
	int cancelled;
};

static int count_cb(void *arg, const struct mbox_resp *resp)
{
	struct cb_log *log = arg;

	if (resp->data)
		log->delivered++;
	else
		log->cancelled++;
	return 0;
}

START_TEST(test_corrupt_header_makes_channel_bad)
{
	struct cb_log log = { 0 };
	const struct mbox_trace_rec *rec;
	struct pt_chan c;
	u32 word = 0;
	int ret, i = _i;

	pt_chan_init(&c, RING, RING, true, MBOX_FLAVOR_UP, 0, cases[i].start);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &word, 4, count_cb, &log, NULL),
			 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_RESUME, &word, 4, count_cb, &log, NULL), 0);
	inject(&c, i);
	ret = mbox_chan_rx(c.chan);
	ck_assert_msg(ret == -EINVAL, "%s: rx returned %d", cases[i].name, ret);
	ck_assert(c.chan->bad);
	ck_assert_msg(c.chan->bad_reason == cases[i].why, "%s: reason %s", cases[i].name,
		      mbox_bad_reason_name(c.chan->bad_reason));
	ck_assert_int_eq(log.delivered, cases[i].delivered);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), cases[i].head_after);
	rec = pt_last_event(&c.trace, MBOX_EV_HOST_BAD);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(rec->status, cases[i].why);
	ck_assert_int_eq(rec->err, -EINVAL);
	/* The host's own invariants hold (the injected registers may not). */
	mbox_assert_ok(c.chan);

	/* Permanent: no sends, no reads, even of a later well-formed reply. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &word, 4, count_cb, &log, NULL),
			 -EPIPE);
	ck_assert_uint_eq(c.chan->nr_pending, 2 - (u32)cases[i].delivered);
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_TAIL, mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD));
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_RESUME, 0x1D000001, &word, 4), 0);
	ck_assert_int_eq(mbox_chan_rx(c.chan), -EPIPE);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), cases[i].head_after);
	ck_assert_uint_eq(c.chan->bad_reason, cases[i].why);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_HOST_BAD), 1);
	/* Destroying the channel cancels what was outstanding. */
	pt_chan_fini(&c);
	ck_assert_int_eq(log.cancelled, 2 - cases[i].delivered);
}
END_TEST

static int failing_cb(void *arg, const struct mbox_resp *resp)
{
	(void)arg;
	return resp->data ? -EIO : 0;
}

START_TEST(test_callback_error_makes_channel_bad)
{
	struct pt_chan c;
	u32 id, word = 0;

	pt_chan_init(&c, RING, RING, false, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SYNC_BO, &word, 4, failing_cb, NULL, &id),
			 0);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, &word, 4), 0);
	ck_assert_int_eq(mbox_chan_rx(c.chan), -EIO);
	ck_assert_uint_eq(c.chan->bad_reason, MBOX_BAD_CALLBACK);
	/* The message was taken and answered; HEAD moved past it. */
	ck_assert_uint_eq(c.chan->nr_pending, 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), 20);
	ck_assert_int_eq(pt_last_event(&c.trace, MBOX_EV_HOST_RX)->err, -EIO);
	pt_chan_fini(&c);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* Host misbehaviour seen by the firmware end (x2i). */

static void put_x2i(struct pt_chan *c, u32 off, u32 size, u32 szver, u32 id, u32 op)
{
	u32 h[4] = { size, szver, id, op };

	ck_assert_int_eq(mbox_hw_write_mem(&c->hw, MBOX_X2I, off, h, 16), 0);
}

START_TEST(test_firmware_flags_framing_violations)
{
	static const struct {
		u32 size, tail, head;
		u32 word0;
		enum mbox_violation v;
	} fr[] = {
		{ 4, 22, 0, 4, MBOX_V_BAD_TAIL },
		{ 4, 260, 0, 4, MBOX_V_BAD_TAIL },
		{ 0, 16, 0, 0, MBOX_V_BAD_SIZE },
		{ 6, 24, 0, 6, MBOX_V_BAD_SIZE },
		{ 64, 20, 0, 64, MBOX_V_OVERRUN },
		{ 4, 20, 0, MBOX_TOMBSTONE, MBOX_V_TOMBSTONE },
	};
	struct mbox_fw_msg fm;
	u8 buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(fr); i++) {
		struct pt_chan c;

		pt_chan_init(&c, RING, RING, true, MBOX_FLAVOR_UP, 0, 0);
		put_x2i(&c, 0, fr[i].word0, MBOX_SZVER(fr[i].size), 0x1D000000, MSG_OP_SUSPEND);
		c.hw.ring[MBOX_X2I].tail = fr[i].tail;
		ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), -EPROTO);
		ck_assert_uint_eq(c.hw.violations, MBOX_V_BIT(fr[i].v));
		ck_assert(c.hw.fw_broken);
		ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), -EIO);
		c.hw.ring[MBOX_X2I].tail = 0;
		c.chan->x2i_tail = 0;
		pt_chan_fini(&c);
	}
}
END_TEST

START_TEST(test_firmware_flags_header_violations)
{
	struct mbox_fw_msg fm;
	struct pt_chan c;
	u8 buf[64];

	pt_chan_init(&c, RING, RING, false, MBOX_FLAVOR_UP, 0, 0);
	/* Bad id magic, sz_ver without the version, a management opcode. */
	put_x2i(&c, 0, 4, 4, 0x2D000000, MSG_OP_CREATE_CONTEXT);
	put_x2i(&c, 20, 4, MBOX_SZVER(4), 0x1D000001, MSG_OP_CONFIG_CU);
	c.hw.ring[MBOX_X2I].tail = 40;
	c.chan->x2i_tail = 40;
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(fm.violations, MBOX_V_BIT(MBOX_V_BAD_ID) | MBOX_V_BIT(MBOX_V_SZVER) |
						 MBOX_V_BIT(MBOX_V_OPCODE));
	ck_assert(!c.hw.fw_broken);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(fm.violations, 0);
	ck_assert_uint_eq(fm.hdr.opcode, MSG_OP_CONFIG_CU);
	ck_assert_uint_eq(c.hw.violation_count, 3);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_FW_VIOLATION), 3);
	/* The magic is the whole top byte: 0x9D differs only in bit 31. */
	put_x2i(&c, 40, 4, MBOX_SZVER(4), 0x9D000002, MSG_OP_CONFIG_CU);
	c.hw.ring[MBOX_X2I].tail = 60;
	c.chan->x2i_tail = 60;
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(fm.violations, MBOX_V_BIT(MBOX_V_BAD_ID));
	c.hw.ring[MBOX_X2I].head = 40;	/* replay from 40 for the next check */
	/* A payload larger than the caller's buffer is left in place. */
	put_x2i(&c, 40, 32, MBOX_SZVER(32), 0x1D000002, MSG_OP_CONFIG_CU);
	c.hw.ring[MBOX_X2I].tail = 88;
	c.chan->x2i_tail = 88;
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, 16), -ENOBUFS);
	ck_assert_uint_eq(c.hw.ring[MBOX_X2I].head, 40);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(fm.len, 32);
	pt_chan_fini(&c);
}
END_TEST

Suite *proto_corrupt_suite(void)
{
	Suite *s = suite_create("proto_corrupt");
	TCase *tc = tcase_create("corrupt");

	tcase_add_loop_test(tc, test_corrupt_header_makes_channel_bad, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_callback_error_makes_channel_bad);
	tcase_add_test(tc, test_firmware_flags_framing_violations);
	tcase_add_test(tc, test_firmware_flags_header_violations);
	suite_add_tcase(s, tc);
	return s;
}
