// SPDX-License-Identifier: MIT
/*
 * Ring framing (docs/driver/proto.md §2.4, §2.5): wrap at every 4-byte position near the
 * end of both rings, messages that exactly fill the ring, the host send
 * preconditions, and a long stream checked against a model of 2.4.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

static const u8 tombstone_bytes[4] = { 0xce, 0xfa, 0xad, 0xde };

static void fill_pattern(u8 *p, u32 len, u8 seed)
{
	for (u32 i = 0; i < len; i++)
		p[i] = (u8)(seed + 3 * i + 1);
}

/*
 * x2i: an empty ring whose HEAD = TAIL = t0, one message of 16 + 24 bytes.
 * E = size - 4; the message wraps exactly when t0 + 40 > E.
 */
START_TEST(test_x2i_wrap_every_position)
{
	const u32 size = 256, plen = 24, pkg = 16 + plen, end = size - 4;
	u8 payload[24], got[64], mem[64];

	fill_pattern(payload, plen, 0x40);
	for (u32 t0 = end - pkg - 16; t0 <= end; t0 += 4) {
		struct pt_chan c;
		struct mbox_fw_msg fm;
		bool wraps = t0 + pkg > end;
		u32 at = wraps ? 0 : t0, id;

		pt_chan_init(&c, size, size, true, MBOX_FLAVOR_UP, t0, 0);
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SET_RUNTIME_CONFIG, payload, plen,
						NULL, NULL, &id), 0);
		ck_assert_uint_eq(id, 0x1D000000);
		ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), at + pkg);
		ck_assert_uint_le(at + pkg, end);
		ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, at, mem, pkg), 0);
		ck_assert_uint_eq(pt_le32(mem), plen);
		ck_assert_uint_eq(pt_le32(mem + 4), 0x00010000 | plen);
		ck_assert_uint_eq(pt_le32(mem + 8), 0x1D000000);
		ck_assert_uint_eq(pt_le32(mem + 12), MSG_OP_SET_RUNTIME_CONFIG);
		ck_assert_mem_eq(mem + 16, payload, plen);
		if (wraps) {
			ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, t0, mem, 4), 0);
			ck_assert_mem_eq(mem, tombstone_bytes, 4);
		}
		/* The firmware follows the tombstone and consumes exactly this. */
		ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
		ck_assert_uint_eq(fm.len, plen);
		ck_assert_uint_eq(fm.violations, 0);
		ck_assert_uint_eq(fm.hdr.id, 0x1D000000);
		ck_assert_mem_eq(got, payload, plen);
		ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), at + pkg);
		ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), -ENOENT);
		ck_assert_uint_eq(c.hw.violations, 0);
		pt_chan_fini(&c);
	}
}
END_TEST

/* A message ending exactly at E (the last usable byte) does not wrap. */
START_TEST(test_x2i_message_exactly_fills_ring)
{
	const u32 size = 64;
	u8 payload[44], got[64];
	struct mbox_fw_msg fm;
	struct pt_chan c;

	/* 16 + 44 = 60 = size - 4: the whole ring but the spare word. */
	fill_pattern(payload, sizeof(payload), 7);
	pt_chan_init(&c, size, size, true, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_EXEC_DPU, payload, 44, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 60);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
	ck_assert_mem_eq(got, payload, 44);
	/* EXEC_DPU is a user opcode on a management channel: flagged. */
	ck_assert_uint_eq(fm.violations, MBOX_V_BIT(MBOX_V_OPCODE));
	/* Next message: T(60) >= H(60), 60 + 20 > 60: tombstone at 60, restart. */
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_RESUME, payload, 4, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 20);
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, 60, got, 4), 0);
	ck_assert_mem_eq(got, tombstone_bytes, 4);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
	ck_assert_uint_eq(fm.hdr.opcode, MSG_OP_RESUME);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), 20);
	pt_chan_fini(&c);
}
END_TEST

struct rx_log {
	u32 n;
	u32 size[8];
	u32 id[8];
	u8 data[8][64];
};

static int log_cb(void *arg, const struct mbox_resp *resp)
{
	struct rx_log *log = arg;

	ck_assert_ptr_nonnull(resp->data);
	ck_assert_uint_lt(log->n, 8);
	log->size[log->n] = resp->size;
	log->id[log->n] = resp->id;
	memcpy(log->data[log->n], resp->data, resp->size < 64 ? resp->size : 64);
	log->n++;
	return 0;
}

/*
 * i2x: the firmware replies into an empty ring at t0, keeping 4 spare
 * bytes or (MBOX_FW_EXACT_FILL) allowed to end exactly at the ring end; the
 * host must deliver the reply in both cases and put HEAD right after it.
 */
static void i2x_wrap_at(u32 t0, bool exact)
{
	const u32 size = 256, plen = 28, pkg = 16 + plen;
	u32 end = exact ? size : size - 4;
	bool wraps = t0 + pkg > end;
	u32 at = wraps ? 0 : t0, id, req = 0;
	struct rx_log log = { 0 };
	u8 payload[28], mem[64];
	struct pt_chan c;

	fill_pattern(payload, plen, (u8)t0);
	pt_chan_init(&c, size, size, false, MBOX_FLAVOR_UP, 0, t0);
	c.hw.cfg.fw_flags = exact ? MBOX_FW_EXACT_FILL : 0;
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CONFIG_DEBUG_BO, &req, 4, log_cb, &log, &id),
			 0);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_CONFIG_DEBUG_BO, id, payload, plen), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), at + pkg);
	if (wraps) {
		ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_I2X, t0, mem, 4), 0);
		ck_assert_mem_eq(mem, tombstone_bytes, 4);
	}
	ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_uint_eq(log.id[0], id);
	ck_assert_uint_eq(log.size[0], plen);
	ck_assert_mem_eq(log.data[0], payload, plen);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), at + pkg);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_IOHUB), 0);
	ck_assert(!c.chan->bad);
	if (exact && at + pkg == size) {
		/* HEAD == size: the next reply starts at 0 without a tombstone. */
		ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SYNC_BO, &req, 4, log_cb, &log, &id),
				 0);
		memset(mem, 0x77, 4);
		mbox_hw_write_mem(&c.hw, MBOX_I2X, 0, mem, 4);
		ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, payload, 4), 0);
		ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), 20);
		ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
		ck_assert_uint_eq(log.n, 2);
		ck_assert_uint_eq(log.size[1], 4);
		ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), 20);
	}
	pt_chan_fini(&c);
}

START_TEST(test_i2x_wrap_every_position)
{
	for (u32 t0 = 256 - 44 - 20; t0 < 256; t0 += 4) {
		i2x_wrap_at(t0, false);
		i2x_wrap_at(t0, true);
	}
}
END_TEST

/*
 * Producer wrap rule: restarting at 0 needs 16 + len < HEAD, strictly (a
 * reply ending exactly at HEAD would make TAIL == HEAD: an empty ring).
 */
START_TEST(test_i2x_wrap_needs_room_below_head)
{
	u8 payload[28] = { 1 };
	struct pt_chan c;

	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_UP, 0, 44);
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_TAIL, 240);
	/* 240 + 44 > 252 and 44 >= HEAD 44: no room. */
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, MBOX_ID(0), payload, 28), -ENOSPC);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), 240);
	ck_assert_uint_eq(c.hw.ring[MBOX_I2X].mem[240], 0);
	ck_assert_uint_eq(c.hw.fw_tx, 0);
	/* 40 < 44 fits: tombstone at 240, reply at 0, TAIL 40. */
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, MBOX_ID(0), payload, 24), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), 40);
	ck_assert_uint_eq(pt_le32(c.hw.ring[MBOX_I2X].mem + 240), MBOX_TOMBSTONE);
	/* And with TAIL < HEAD, a reply may not reach HEAD either. */
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_TAIL, 20);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, MBOX_ID(0), payload, 8), -ENOSPC);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, MBOX_ID(0), payload, 4), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), 40);
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_TAIL, 44);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_send_preconditions)
{
	u8 payload[256] = { 0 };
	struct pt_chan c;
	u32 tomb = MBOX_TOMBSTONE;

	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	/* header + payload must fit the ring: 16 + 112 = 128 fits, 116 does not. */
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 116, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 10, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 0, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, &tomb, 4, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, NULL, 4, NULL, NULL, NULL), -EINVAL);
	/* None of these took an id. */
	ck_assert_uint_eq(c.chan->next_slot, 0);
	ck_assert_uint_eq(pt_count_event(&c.trace, MBOX_EV_HOST_TX_FAIL), 0);
	/* The tombstone is only forbidden as the first word. */
	memcpy(payload + 4, &tomb, 4);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 8, NULL, NULL, NULL), 0);
	pt_chan_fini(&c);
}
END_TEST

/*
 * A message of exactly the ring size is accepted by the driver's size
 * check (16 + len <= size): it wraps, is written over the whole ring and
 * TAIL becomes size, beyond the last-4-bytes rule; the firmware end flags
 * the spare-word violation but still reads it.  The next send would put
 * its tombstone at offset size, outside the ring: flagged, not written.
 */
START_TEST(test_message_of_whole_ring_size)
{
	u8 payload[112], got[128];
	struct mbox_fw_msg fm;
	struct pt_chan c;

	fill_pattern(payload, sizeof(payload), 1);
	pt_chan_init(&c, 128, 128, true, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 112, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 128);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
	ck_assert_uint_eq(fm.violations & MBOX_V_BIT(MBOX_V_SPARE), MBOX_V_BIT(MBOX_V_SPARE));
	ck_assert_mem_eq(got, payload, 112);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), 128);
	ck_assert_int_eq(mbox_chan_send(c.chan, 0x10A, payload, 4, NULL, NULL, NULL), 0);
	ck_assert(c.hw.violations & MBOX_V_BIT(MBOX_V_TOMBSTONE_OOB));
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 20);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
	ck_assert_uint_eq(fm.len, 4);
	pt_chan_fini(&c);
}
END_TEST

/*
 * A long stream through small rings: random payload sizes, the firmware
 * echoing every request at once.  The x2i positions are predicted by a
 * direct transcription of 2.4 (firmware always caught up, so never full).
 */
START_TEST(test_stream_matches_model)
{
	struct xrand r;
	struct rx_log log;
	u8 payload[80], got[128];
	u32 model_tail = 0;
	struct pt_chan c;
	const u32 size = 256;
	u64 n = test_scale(3000, 10);

	xrand_seed(&r, test_seed() ^ 0x5742);
	pt_chan_init(&c, size, size, false, MBOX_FLAVOR_UP, 0, 0);
	for (u64 i = 0; i < n; i++) {
		u32 len = 4 * (u32)xrand_range(&r, 1, 20), pkg = 16 + len, id, at;
		struct mbox_fw_msg fm;

		pt_fill_random(&r, payload, len);
		payload[0] &= 0x7f;	/* never the tombstone word */
		if (model_tail + pkg > size - 4)
			model_tail = 0;
		at = model_tail;
		model_tail += pkg;
		T_EQ(mbox_chan_send(c.chan, MSG_OP_EXEC_DPU, payload, len, log_cb, &log,
						&id), 0);
		T_EQ(id, 0x1D000000 | (i % 256));
		T_EQ(c.hw.ring[MBOX_X2I].tail, model_tail);
		T_EQ(mbox_fw_recv(&c.hw, &fm, got, sizeof(got)), 0);
		T_EQ(fm.violations, 0);
		T_MEM_EQ(got, payload, len);
		T_EQ(c.hw.ring[MBOX_X2I].head, at + pkg);
		memset(&log, 0, sizeof(log));
		T_EQ(mbox_fw_send(&c.hw, MSG_OP_EXEC_DPU, id, got, len), 0);
		T_EQ(mbox_chan_rx(c.chan), 1);
		T_EQ(log.n, 1);
		T_MEM_EQ(log.data[0], payload, len < 64 ? len : 64);
		mbox_assert_ok(c.chan);
		mbox_hw_assert_ok(&c.hw);
	}
	T_EQ(c.chan->tx, n);
	T_EQ(c.chan->rx, n);
	T_EQ(c.hw.fw_rx, n);
	T_EQ(c.hw.violations, 0);
	pt_chan_fini(&c);
}
END_TEST

Suite *proto_ring_suite(void)
{
	Suite *s = suite_create("proto_ring");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_x2i_wrap_every_position);
	tcase_add_test(tc, test_x2i_message_exactly_fills_ring);
	tcase_add_test(tc, test_i2x_wrap_every_position);
	tcase_add_test(tc, test_i2x_wrap_needs_room_below_head);
	tcase_add_test(tc, test_send_preconditions);
	tcase_add_test(tc, test_message_of_whole_ring_size);
	tcase_add_test(tc, test_stream_matches_model);
	suite_add_tcase(s, tc);
	return s;
}
