// SPDX-License-Identifier: MIT
/*
 * Seeded fuzzing: random bytes into every decoder and buffer parser (exact
 * size heap buffers, so that ASan and memcheck see any overread), the host
 * ring reader against an independent transcription of docs/driver/proto.md §2.3/§2.5,
 * the firmware reader, and random legal traffic with invariants checked
 * after every step.  XDNASIM_SEED replays a failure.
 */
#include "tests/proto/proto_test.h"
#include "proto/buffers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct msg_layout *const buffer_layouts[] = {
	&msg_layout_mgmt_desc, &msg_layout_app_health_report, &msg_layout_err_report_hdr,
	&msg_layout_err_record, &msg_layout_coredump_entry,
};

/* Random length: mostly near @size, sometimes anything up to 600. */
static size_t fuzz_len(struct xrand *r, size_t size)
{
	switch (xrand_below(r, 4)) {
	case 0:
	case 1:
		return size;
	case 2:
		return (size_t)xrand_range(r, size > 8 ? size - 8 : 0, size + 8);
	default:
		return (size_t)xrand_below(r, 601);
	}
}

static void *dup_exact(const void *p, size_t len)
{
	void *q = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(q);
	memcpy(q, p, len);
	return q;
}

START_TEST(test_fuzz_every_decoder)
{
	struct xrand r;
	u64 n = test_scale(200000, 100);
	u8 src[640], out[MSG_APP_HEALTH_REPORT_SIZE + 16];
	u64 ok_strict = 0;

	xrand_seed(&r, test_seed() ^ 0xdec0de);
	for (u64 i = 0; i < n; i++) {
		const struct msg_desc *d = &msg_descs[xrand_below(&r, msg_ndescs)];
		const struct msg_layout *l;
		int dir = (int)xrand_below(&r, 2), ret_s, ret_l;
		bool use_buf = xrand_chance(&r, 1, 8);
		struct msg_err err;
		size_t len;
		u8 *buf;

		l = use_buf ? buffer_layouts[xrand_below(&r, ARRAY_SIZE(buffer_layouts))]
			    : (dir == MSG_REQ ? d->req : d->resp);
		len = fuzz_len(&r, l ? l->size : 4);
		pt_fill_random(&r, src, len);
		if (l && !use_buf && len == l->size && xrand_chance(&r, 1, 2)) {
			pt_make_valid(d->opcode, dir, src, &r);
			/* ...and sometimes break one byte again. */
			if (xrand_chance(&r, 1, 2))
				src[xrand_below(&r, len)] ^= (u8)(1u << xrand_below(&r, 8));
		}
		buf = dup_exact(src, len);
		memset(out, 0xEE, sizeof(out));
		if (use_buf) {
			ret_s = msg_layout_decode(l, buf, len, out, l->size, MSG_DECODE_STRICT, &err);
			ret_l = msg_layout_decode(l, buf, len, out, l->size, MSG_DECODE_LENIENT, NULL);
		} else if (!l) {
			ret_s = msg_decode(d->opcode, dir, buf, len, out, 4, MSG_DECODE_STRICT, &err);
			T_EQ(ret_s, -EOPNOTSUPP);
			free(buf);
			continue;
		} else {
			ret_s = msg_decode(d->opcode, dir, buf, len, out, l->size, MSG_DECODE_STRICT,
					   &err);
			ret_l = msg_decode(d->opcode, dir, buf, len, out, l->size,
					   MSG_DECODE_LENIENT, NULL);
		}
		T_ASSERT(ret_s == 0 || ret_s == -EBADMSG || ret_s == -EINVAL);
		/* Lenient decoding checks the size and nothing else. */
		T_EQ(ret_l, len == l->size ? 0 : -EBADMSG);
		if (ret_s == 0) {
			T_EQ(len, l->size);
			ok_strict++;
		}
		if (ret_l == 0)
			T_MEM_EQ(out, buf, l->size);
		/* Nothing written past the structure. */
		for (size_t k = l->size; k < sizeof(out); k++)
			T_EQ(out[k], 0xEE);
		free(buf);
	}
	/* The valid-then-untouched inputs decode: the fuzzer reached the checks. */
	T_ASSERT(ok_strict > n / 20);
}
END_TEST

START_TEST(test_fuzz_buffer_parsers)
{
	struct xrand r;
	u64 n = test_scale(150000, 100);
	u8 src[600];
	struct msg_slot slots[100];

	xrand_seed(&r, test_seed() ^ 0xb0ff);
	for (u64 i = 0; i < n; i++) {
		size_t len = (size_t)xrand_below(&r, 600);
		struct msg_err_report_hdr h;
		struct msg_err_record rec;
		struct ert_cmd cmd;
		u32 count = (u32)xrand_below(&r, 101);
		enum msg_slot_kind kind = (enum msg_slot_kind)xrand_below(&r, 3);
		u8 *buf;
		int ret;

		pt_fill_random(&r, src, len);
		/* Plausible headers half of the time. */
		if (len >= 4 && xrand_chance(&r, 1, 2)) {
			u32 hdr = ERT_HDR(1, xrand_below(&r, 4), xrand_below(&r, len / 4 + 2),
					  xrand_below(&r, 24));

			memcpy(src, &hdr, 4);
		}
		buf = dup_exact(src, len);
		ret = ert_cmd_parse(buf, len, &cmd, NULL);
		T_ASSERT(ret == 0 || ret == -EBADMSG || ret == -EINVAL);
		if (!ret) {
			T_ASSERT(4 + 4 * (size_t)cmd.count <= len);
			T_ASSERT(cmd.payload + 4 * (size_t)cmd.payload_words <= buf + len);
		}
		ret = msg_cmdlist_parse(kind, buf, len, count, slots, ARRAY_SIZE(slots), NULL);
		T_ASSERT(ret == 0 || ret == -EBADMSG || ret == -EINVAL);
		if (!ret)
			for (u32 s = 0; s < count; s++)
				T_ASSERT((const u8 *)slots[s].args + 4 * (size_t)slots[s].h.arg_cnt <=
					  buf + len);
		ret = msg_err_report_parse(buf, len, &h, NULL);
		T_ASSERT(ret == 0 || ret == -EBADMSG || ret == -EINVAL);
		if (!ret)
			for (u32 k = 0; k < h.err_cnt; k++)
				T_EQ(msg_err_report_record(buf, len, k, &rec), 0);
		T_EQ(msg_err_report_record(buf, len, (u32)(len / 12 + 1), &rec),
				 -EBADMSG);
		free(buf);
	}
}
END_TEST

/* ----------------------------------------------------------------------- */
/* The host ring reader against a model of docs/driver/proto.md §2.5 + §2.3. */

struct rx_model {
	u32 delivered;
	u32 reg_head;		/* the HEAD register at the end */
	enum mbox_bad_reason why;
};

static u32 le32_at(const u8 *mem, u32 off)
{
	return pt_le32(mem + off);
}

/* Straight from the spec text; @pending is updated as replies match. */
static struct rx_model model_rx(const u8 *mem, u32 S, u32 T, u32 H, bool *pending,
				unsigned int quirks, bool mgmt, u32 last_id)
{
	struct rx_model m = { 0, H, MBOX_BAD_NONE };

	for (;;) {
		u32 w, L, id, slot;

		if (T > S || T % 4) {
			m.why = MBOX_BAD_TAIL;
			return m;
		}
		if (H == T)
			return m;
		if (H == S)
			H = 0;
		w = le32_at(mem, H);
		if (w == MBOX_TOMBSTONE) {
			if (H < T) {
				m.why = MBOX_BAD_TOMBSTONE;
				return m;
			}
			H = 0;
			m.reg_head = 0;
			continue;
		}
		if (w == 0 || w % 4 || w > S - 16) {
			m.why = MBOX_BAD_SIZE;
			return m;
		}
		L = 16 + w;
		if (L > S - H || L > T - H) {
			m.why = MBOX_BAD_OVERRUN;
			return m;
		}
		id = le32_at(mem, H + 8);
		H += L;
		m.reg_head = H;
		if (id == 0 && !(quirks & MBOX_Q_ID0_BAD))
			continue;
		if ((id >> 24) != 0x1D) {
			m.why = MBOX_BAD_MAGIC;
			return m;
		}
		slot = id & 0xFFFFFF;
		/* OOT: slot 0, or the previous reply's id + 1 (0 before any: slot 0 first) */
		if ((quirks & MBOX_Q_INORDER) && !mgmt && slot != 0 && id != last_id + 1) {
			m.why = MBOX_BAD_ORDER;
			return m;
		}
		if (slot >= 256 || !pending[slot]) {
			m.why = MBOX_BAD_UNKNOWN_ID;
			return m;
		}
		pending[slot] = false;
		last_id = id;
		m.delivered++;
	}
}

static int count_only(void *arg, const struct mbox_resp *resp)
{
	if (resp->data)
		(*(u32 *)arg)++;
	return 0;
}

/* Fill i2x with replies to random outstanding ids, or junk, then mutate. */
static void build_i2x(struct pt_chan *c, struct xrand *r, u32 nsent)
{
	u32 S = c->hw.ring[MBOX_I2X].size;
	u8 junk[64];

	if (xrand_chance(r, 1, 4)) {
		u8 *mem = c->hw.ring[MBOX_I2X].mem;

		pt_fill_random(r, mem, S);
		c->hw.ring[MBOX_I2X].tail = (u32)xrand_below(r, S + 8) & ~(xrand_chance(r, 3, 4) ? 3u : 0u);
		return;
	}
	for (u32 k = xrand_below(r, 12); k > 0; k--) {
		u32 len = 4 * (u32)xrand_range(r, 1, 8);
		u32 id = MBOX_ID(xrand_below(r, nsent + 2));

		if (xrand_chance(r, 1, 20))
			id = 0;
		pt_fill_random(r, junk, len);
		if (mbox_fw_send(&c->hw, MSG_OP_SUSPEND, id, junk, len))
			break;
	}
	if (xrand_chance(r, 1, 3))
		c->hw.ring[MBOX_I2X].mem[xrand_below(r, S)] ^= (u8)(1u << xrand_below(r, 8));
	if (xrand_chance(r, 1, 10))
		c->hw.ring[MBOX_I2X].tail = (u32)xrand_below(r, S + 1) & ~3u;
}

START_TEST(test_fuzz_ring_reader_matches_model)
{
	static const u32 sizes[] = { 32, 64, 128, 256 };
	struct xrand r;
	u64 n = test_scale(30000, 100), bad = 0, delivered_total = 0;
	u32 w = 7;

	xrand_seed(&r, test_seed() ^ 0x41ce);
	for (u64 i = 0; i < n; i++) {
		u32 S = sizes[xrand_below(&r, ARRAY_SIZE(sizes))];
		u32 H0 = 4 * (u32)xrand_below(&r, S / 4 + 1);
		bool mgmt = xrand_chance(&r, 1, 2);
		unsigned int quirks = xrand_chance(&r, 1, 2) ? MBOX_FLAVOR_OOT : MBOX_FLAVOR_UP;
		u32 nsent = (u32)xrand_below(&r, 40), got = 0;
		bool pending[256] = { false };
		struct rx_model m;
		struct pt_chan c;
		u8 *snap;
		int ret;

		pt_chan_init(&c, 4096, S, mgmt, quirks, 0, H0);
		for (u32 k = 0; k < nsent; k++) {
			T_EQ(mbox_chan_send(c.chan, MSG_OP_SUSPEND, &w, 4, count_only, &got,
							NULL), 0);
			pending[k] = true;
		}
		build_i2x(&c, &r, nsent);
		snap = dup_exact(c.hw.ring[MBOX_I2X].mem, S);
		m = model_rx(snap, S, c.hw.ring[MBOX_I2X].tail, H0, pending, quirks, mgmt, 0);
		ret = mbox_chan_rx(c.chan);
		T_EQ(got, m.delivered);
		T_EQ(c.chan->bad_reason, m.why);
		T_EQ(ret, m.why ? -EINVAL : (int)m.delivered);
		T_EQ(c.hw.ring[MBOX_I2X].head, m.reg_head);
		T_EQ(c.chan->nr_pending, nsent - m.delivered);
		mbox_assert_ok(c.chan);
		/* The reader never writes ring memory. */
		T_MEM_EQ(snap, c.hw.ring[MBOX_I2X].mem, S);
		bad += m.why != MBOX_BAD_NONE;
		delivered_total += m.delivered;
		free(snap);
		c.hw.ring[MBOX_I2X].tail = 0;
		c.hw.ring[MBOX_I2X].head = 0;
		c.chan->i2x_head = 0;
		pt_chan_fini(&c);
	}
	/* Both outcomes were exercised. */
	T_ASSERT(bad > n / 10);
	T_ASSERT(bad < n);
	T_ASSERT(delivered_total > n / 4);
}
END_TEST

START_TEST(test_fuzz_firmware_reader)
{
	struct xrand r;
	u64 n = test_scale(40000, 100);
	u8 buf[256];

	xrand_seed(&r, test_seed() ^ 0xf1f1);
	for (u64 i = 0; i < n; i++) {
		u32 S = 32u << xrand_below(&r, 4);
		struct mbox_fw_msg fm;
		struct pt_chan c;
		int ret, steps = 0;

		pt_chan_init(&c, S, 64, xrand_chance(&r, 1, 2), MBOX_FLAVOR_UP, 0, 0);
		pt_fill_random(&r, c.hw.ring[MBOX_X2I].mem, S);
		if (xrand_chance(&r, 1, 2)) {
			/* Plant a plausible header at HEAD. */
			u32 sz = 4 * (u32)xrand_below(&r, S / 4), h[4] = { sz, MBOX_SZVER(sz),
									    MBOX_ID(3), 0x102 };

			memcpy(c.hw.ring[MBOX_X2I].mem, h, 16);
		}
		c.hw.ring[MBOX_X2I].tail = (u32)xrand_below(&r, S + 8);
		if (xrand_chance(&r, 3, 4))
			c.hw.ring[MBOX_X2I].tail &= ~3u;
		do {
			ret = mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf));
			T_ASSERT(ret == 0 || ret == -ENOENT || ret == -EPROTO);
			if (!ret) {
				T_ASSERT(fm.len + 16 <= S);
				T_ASSERT(c.hw.ring[MBOX_X2I].head <= S);
			}
			T_ASSERT(++steps < 200);
		} while (!ret);
		if (ret == -EPROTO) {
			T_ASSERT(c.hw.fw_broken);
			T_EQ(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), -EIO);
			T_ASSERT(c.hw.violations & MBOX_V_FRAMING);
		}
		c.hw.ring[MBOX_X2I].tail = 0;
		c.hw.ring[MBOX_X2I].head = 0;
		c.chan->x2i_tail = 0;
		mbox_hw_assert_ok(&c.hw);
		pt_chan_fini(&c);
	}
}
END_TEST

/* ----------------------------------------------------------------------- */
/* Random legal traffic: every reply delivered, never a bad channel. */

struct echo {
	u32 id;
	u32 len;
	u32 sum;
};

struct traffic {
	u32 delivered;
	u32 mismatches;
};

static u32 checksum(const u8 *p, u32 len)
{
	u32 s = 0;

	for (u32 i = 0; i < len; i++)
		s = s * 31 + p[i];
	return s;
}

static int echo_cb(void *arg, const struct mbox_resp *resp)
{
	struct traffic *t = arg;
	struct echo e;

	if (!resp->data)
		return 0;
	memcpy(&e, resp->data, sizeof(e));
	if (resp->size != sizeof(e) || e.id != resp->id)
		t->mismatches++;
	t->delivered++;
	return 0;
}

START_TEST(test_fuzz_random_legal_traffic)
{
	struct xrand r;
	u64 rounds = test_scale(1500, 50);

	xrand_seed(&r, test_seed() ^ 0x7a7a);
	for (u64 round = 0; round < rounds; round++) {
		bool mgmt = xrand_chance(&r, 1, 2);
		unsigned int quirks = xrand_chance(&r, 1, 2) ? MBOX_FLAVOR_OOT : MBOX_FLAVOR_UP;
		u32 x2i = 64u << xrand_below(&r, 4), i2x = 64u << xrand_below(&r, 4);

		/*
		 * A failed send burns an id, which the OOT in-order rule then
		 * rejects (test_oot_in_order_after_failed_send): leave it out of
		 * this "always legal" traffic.
		 */
		quirks &= ~MBOX_Q_INORDER;
		struct traffic t = { 0 };
		struct echo queue[256];
		u32 qn = 0, sent = 0;
		struct pt_chan c;
		u8 payload[48], buf[64];

		pt_chan_init(&c, x2i, i2x, mgmt, quirks, 4 * (u32)xrand_below(&r, x2i / 4),
			     4 * (u32)xrand_below(&r, i2x / 4));
		for (int step = 0; step < 200; step++) {
			u32 op = (u32)xrand_below(&r, 4), len = 4 * (u32)xrand_range(&r, 1, 8);
			struct mbox_fw_msg fm;
			int ret;

			if (op == 0) {
				pt_fill_random(&r, payload, len);
				payload[0] = 1;
				ret = mbox_chan_send(c.chan, mgmt ? MSG_OP_SUSPEND : MSG_OP_SYNC_BO,
						     payload, len, echo_cb, &t, NULL);
				T_ASSERT(ret == 0 || ret == -ETIMEDOUT || ret == -ENOSPC ||
					  ret == -EBUSY);
				sent += ret == 0;
			} else if (op == 1 && qn < ARRAY_SIZE(queue)) {
				ret = mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf));
				T_ASSERT(ret == 0 || ret == -ENOENT);
				if (!ret)
					queue[qn++] = (struct echo){ fm.hdr.id, fm.len,
								     checksum(buf, fm.len) };
			} else if (op == 2 && qn) {
				/* User channels answer in order; MERT may reorder. */
				u32 k = mgmt ? (u32)xrand_below(&r, qn) : 0;

				ret = mbox_fw_send(&c.hw, MSG_OP_SUSPEND, queue[k].id, &queue[k],
						   sizeof(queue[k]));
				T_ASSERT(ret == 0 || ret == -ENOSPC);
				if (!ret) {
					memmove(&queue[k], &queue[k + 1], (qn - k - 1) * sizeof(queue[0]));
					qn--;
				}
			} else {
				T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			}
			mbox_assert_ok(c.chan);
			mbox_hw_assert_ok(&c.hw);
			T_ASSERT(!c.chan->bad);
		}
		/* The UP wrap hazard may have eaten requests; otherwise all arrive. */
		if (!(c.hw.violations & MBOX_V_BIT(MBOX_V_OVERWRITE))) {
			struct mbox_fw_msg fm;

			while (mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)) == 0)
				queue[qn++] = (struct echo){ fm.hdr.id, fm.len, 0 };
			for (u32 k = 0; k < qn; k++) {
				while (mbox_fw_send(&c.hw, MSG_OP_SUSPEND, queue[k].id, &queue[k],
						    sizeof(queue[k])) == -ENOSPC)
					T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			}
			T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			T_EQ(t.delivered, sent);
			T_EQ(c.chan->nr_pending, 0);
			T_EQ(c.hw.violations, 0);
		}
		T_EQ(t.mismatches, 0);
		pt_chan_fini(&c);
	}
}
END_TEST

Suite *proto_fuzz_suite(void)
{
	Suite *s = suite_create("proto_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fuzz_every_decoder);
	tcase_add_test(tc, test_fuzz_buffer_parsers);
	tcase_add_test(tc, test_fuzz_ring_reader_matches_model);
	tcase_add_test(tc, test_fuzz_firmware_reader);
	tcase_add_test(tc, test_fuzz_random_legal_traffic);
	suite_add_tcase(s, tc);
	return s;
}
