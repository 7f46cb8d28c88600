// SPDX-License-Identifier: MIT
/*
 * target_proto.c - the proto fuzz target: every message decoder, the buffer
 * parsers (ERT command, command-list slots, async error report), the host
 * ring reader and the firmware ring reader on arbitrary bytes.
 *
 * Properties checked (docs/driver/proto.md, docs/proto.md): results are only the
 * documented errnos; lenient decoding accepts exactly the documented length
 * and yields the wire bytes; a strict success implies a lenient one and
 * re-encodes to the same bytes; nothing is written past the structure or on
 * failure; parsed slots, commands and records stay inside the buffer; the
 * host reader delivers, fails and moves HEAD exactly as an independent
 * transcription of docs/driver/proto.md §2.5/§2.3 says (on raw bytes, or on
 * replies the firmware side sent and the input corrupted), never writes ring
 * memory and leaves mbox_check()/mbox_hw_check() intact; the firmware
 * reader returns 0/-ENOENT/-EPROTO and is sticky-broken after -EPROTO.
 * Every buffer is an exact-size heap copy, so ASan and memcheck see any
 * overread.
 *
 * Input: operations, each a kind byte, fixed parameters, a u16 length and
 * that many bytes.
 */
#include "fuzz/stream.h"
#include "proto/buffers.h"
#include "proto/mailbox.h"
#include "proto/msg.h"
#include "proto/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PF_MAX_PAYLOAD 1024
#define PF_CANARY 0xA5

enum { PF_MSG, PF_LAYOUT, PF_BUFFERS, PF_HOST_RX, PF_FW_RX, PF_STATUS, PF_NKINDS };

static const struct msg_layout *const pf_layouts[] = {
	&msg_layout_mgmt_desc, &msg_layout_app_health_report, &msg_layout_err_report_hdr,
	&msg_layout_err_record, &msg_layout_coredump_entry,
};

struct pf_op {
	u8 kind;
	u8 sel;			/* opcode index / layout / ring size class */
	u8 flags;
	u16 p16;		/* count, heads, tails */
	u16 q16;
	u16 len;
	const u8 *bytes;	/* into the input */
};

static bool pf_decode(struct fz_stream *s, struct pf_op *op)
{
	op->kind = fz_u8(s) % PF_NKINDS;
	op->sel = fz_u8(s);
	op->flags = fz_u8(s);
	op->p16 = fz_u16(s);
	op->q16 = fz_u16(s);
	op->len = fz_u16(s) % (PF_MAX_PAYLOAD + 1);
	op->bytes = s->data + s->pos;
	if (fz_left(s) < op->len) {
		s->pos = s->len;
		s->eof = true;
		return false;
	}
	s->pos += op->len;
	return !s->eof;
}

static bool pf_skip(struct fz_stream *s)
{
	struct pf_op op;

	return pf_decode(s, &op);
}

static u8 *pf_dup(const u8 *p, size_t len)
{
	u8 *q = malloc(len ? len : 1);

	if (q && len)
		memcpy(q, p, len);
	return q;
}

static bool pf_canary_ok(const u8 *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (p[i] != PF_CANARY)
			return false;
	return true;
}

/* One decoder on exact-size bytes: both modes, and the round trip. */
static int pf_layout_case(const struct msg_layout *l, u32 opcode, int dir, bool by_opcode,
			  bool plant, const u8 *buf, size_t len, const char *what, struct fuzz_result *res)
{
	u8 out_s[PF_MAX_PAYLOAD + 16], out_l[PF_MAX_PAYLOAD + 16], wire[PF_MAX_PAYLOAD];
	size_t size = l->size, wlen = 0;
	struct msg_err err;
	int rs, rl;

	if (size > PF_MAX_PAYLOAD)
		return fz_fail(res, 3, "%s: layout size %zu beyond the harness", what, size);
	memset(out_s, PF_CANARY, sizeof(out_s));
	memset(out_l, PF_CANARY, sizeof(out_l));
	if (by_opcode) {
		rs = msg_decode(opcode, dir, buf, len, out_s, size, MSG_DECODE_STRICT, &err);
		rl = msg_decode(opcode, dir, buf, len, out_l, size, MSG_DECODE_LENIENT, NULL);
	} else {
		rs = msg_layout_decode(l, buf, len, out_s, size, MSG_DECODE_STRICT, &err);
		rl = msg_layout_decode(l, buf, len, out_l, size, MSG_DECODE_LENIENT, NULL);
	}
	if (rs != 0 && rs != -EBADMSG && rs != -EINVAL)
		return fz_fail(res, 3, "%s len %zu: strict decode returned %d", what, len, rs);
	/* Planted model bug: "lenient decoding also takes 4 trailing bytes". */
	if (rl != (len == size || (plant && len == size + 4) ? 0 : -EBADMSG))
		return fz_fail(res, 1, "%s len %zu (size %zu): lenient decode returned %d", what,
			       len, size, rl);
	if (rs == 0 && rl != 0)
		return fz_fail(res, 3, "%s: strict accepted what lenient rejected", what);
	if (!pf_canary_ok(out_s, rs ? 0 : size, sizeof(out_s)) ||
	    !pf_canary_ok(out_l, rl ? 0 : size, sizeof(out_l)))
		return fz_fail(res, 3, "%s len %zu: output written past the structure or on failure",
			       what, len);
	if (rl == 0 && memcmp(out_l, buf, size))
		return fz_fail(res, 3, "%s: lenient decode is not the wire image", what);
	if (rs == 0 && memcmp(out_s, buf, size))
		return fz_fail(res, 3, "%s: strict decode is not the wire image", what);
	if (rs == 0 && msg_layout_validate(l, out_s, NULL))
		return fz_fail(res, 3, "%s: decoded structure fails validation", what);
	if (by_opcode && rs == 0) {
		int re = msg_encode(opcode, dir, out_s, size, wire, sizeof(wire), &wlen);

		if (re || wlen != len || memcmp(wire, buf, len))
			return fz_fail(res, 1, "%s: encode(decode(x)) != x (ret %d, %zu bytes)", what,
				       re, wlen);
	}
	if (by_opcode && dir == MSG_RESP) {
		u32 st;
		int r = msg_resp_status(opcode, buf, len, &st);

		if (r != 0 && r != -EBADMSG && r != -EOPNOTSUPP)
			return fz_fail(res, 3, "%s: msg_resp_status returned %d", what, r);
		if (r == 0 && (!fw_status_name(st) || fw_status_to_errno(st) > 0))
			return fz_fail(res, 3, "%s: status %#x has no name or a positive errno",
				       what, st);
	}
	return 0;
}

static int pf_msg(const struct pf_op *op, const u8 *buf, bool plant, struct fuzz_result *res)
{
	const struct msg_desc *d = &msg_descs[op->sel % msg_ndescs];
	int dir = op->flags & 1 ? MSG_RESP : MSG_REQ;
	const struct msg_layout *l = msg_layout_of(d->opcode, dir);
	u8 out[16];
	char what[64];

	snprintf(what, sizeof(what), "%s %s", d->name, dir == MSG_RESP ? "resp" : "req");
	if (!l) {
		int r = msg_decode(d->opcode, dir, buf, op->len, out, sizeof(out),
				   MSG_DECODE_STRICT, NULL);

		if (r != -EOPNOTSUPP)
			return fz_fail(res, 3, "%s: no layout but decode returned %d", what, r);
		return 0;
	}
	return pf_layout_case(l, d->opcode, dir, true, plant, buf, op->len, what, res);
}

static int pf_buffers(const struct pf_op *op, const u8 *buf, struct fuzz_result *res)
{
	size_t len = op->len;
	struct msg_slot slots[64];
	struct msg_err_report_hdr h;
	struct msg_err_record rec;
	struct ert_cmd cmd;
	u32 count = op->p16 % 80;
	enum msg_slot_kind kind = (enum msg_slot_kind)(op->sel % 4);
	int r;

	r = ert_cmd_parse(buf, len, &cmd, NULL);
	if (r != 0 && r != -EBADMSG && r != -EINVAL)
		return fz_fail(res, 3, "ert_cmd_parse returned %d", r);
	if (!r && (4 + 4 * (size_t)cmd.count > len ||
		   cmd.payload + 4 * (size_t)cmd.payload_words > buf + len ||
		   cmd.payload < buf))
		return fz_fail(res, 3, "ert_cmd_parse: payload outside the %zu-byte buffer", len);
	r = msg_cmdlist_parse(kind, buf, len, count, slots, ARRAY_SIZE(slots), NULL);
	if (r != 0 && r != -EBADMSG && r != -EINVAL)
		return fz_fail(res, 3, "msg_cmdlist_parse returned %d", r);
	for (u32 k = 0; !r && k < count; k++) {
		const u8 *a = slots[k].args;

		if (slots[k].h.arg_cnt && (a < buf || a + 4 * (size_t)slots[k].h.arg_cnt > buf + len))
			return fz_fail(res, 3, "msg_cmdlist_parse: slot %u args outside the buffer",
				       k);
	}
	r = msg_err_report_parse(buf, len, &h, NULL);
	if (r != 0 && r != -EBADMSG && r != -EINVAL)
		return fz_fail(res, 3, "msg_err_report_parse returned %d", r);
	for (u32 k = 0; !r && k < h.err_cnt; k++)
		if (msg_err_report_record(buf, len, k, &rec))
			return fz_fail(res, 3, "err report: record %u of %u unreadable", k,
				       h.err_cnt);
	if (msg_err_report_record(buf, len, (u32)(len / 4 + 1), &rec) != -EBADMSG)
		return fz_fail(res, 3, "err report: a record past the buffer was read");
	return 0;
}

struct pf_chan {
	struct proto_clock clock;
	struct mbox_hw hw;
	struct mbox_chan *chan;
};

static int pf_chan_init(struct pf_chan *c, u32 x2i, u32 i2x, bool mgmt, unsigned int quirks,
			u32 i2x_pos)
{
	struct mbox_hw_cfg hc = { .x2i_size = x2i, .i2x_size = i2x, .mgmt = mgmt };
	struct mbox_chan_cfg cc = { .mgmt = mgmt, .quirks = quirks };
	int ret;

	memset(c, 0, sizeof(*c));
	hc.clock = &c->clock;
	cc.clock = &c->clock;
	ret = mbox_hw_init(&c->hw, &hc);
	if (ret)
		return ret;
	c->hw.ring[MBOX_I2X].head = i2x_pos;
	c->hw.ring[MBOX_I2X].tail = i2x_pos;
	ret = mbox_chan_create(&c->hw, &cc, &c->chan);
	if (ret)
		mbox_hw_fini(&c->hw);
	return ret;
}

static void pf_chan_fini(struct pf_chan *c)
{
	mbox_chan_destroy(c->chan);
	mbox_hw_fini(&c->hw);
}

static int pf_count(void *arg, const struct mbox_resp *resp)
{
	if (resp->data)
		(*(u32 *)arg)++;
	return 0;
}

static int pf_chan_checks(const struct pf_chan *c, const char *what, struct fuzz_result *res)
{
	char why[160];

	if (mbox_check(c->chan, why, sizeof(why)))
		return fz_fail(res, 2, "%s: mbox_check: %s", what, why);
	if (mbox_hw_check(&c->hw, why, sizeof(why)))
		return fz_fail(res, 2, "%s: mbox_hw_check: %s", what, why);
	return 0;
}

/*
 * The host reader's oracle, straight from docs/driver/proto.md §2.5 + §2.3:
 * what it delivers, why it marks the channel bad and where it leaves the
 * HEAD register, from ring bytes @mem of size @S, TAIL @T and HEAD @H;
 * @pending (by slot) is updated as replies match.
 */
struct pf_rx_model {
	u32 delivered;
	u32 reg_head;
	enum mbox_bad_reason why;
};

static u32 pf_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static struct pf_rx_model pf_model_rx(const u8 *mem, u32 S, u32 T, u32 H, bool *pending,
				      unsigned int quirks, bool mgmt, u32 last_id)
{
	struct pf_rx_model m = { 0, H, MBOX_BAD_NONE };

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
		w = pf_le32(mem + H);
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
		id = pf_le32(mem + H + 8);
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

/*
 * The i2x ring the reader meets: with flag 0x20, up to 12 replies the
 * firmware side sends (4-byte groups of the input: length, id among the
 * outstanding ones + 2, id 0 sometimes, a bit to flip), else the input's
 * raw bytes; TAIL from q16 (replies: only when p16 says so).
 */
static void pf_fill_i2x(struct pf_chan *c, const struct pf_op *op, const u8 *buf, u32 S,
			u32 nsent)
{
	struct mbox_ring *ring = &c->hw.ring[MBOX_I2X];

	if (!(op->flags & 0x20)) {
		memcpy(ring->mem, buf, op->len < S ? op->len : S);
		ring->tail = op->q16 % (S + 8);
		return;
	}
	for (u32 k = 0; k < 12 && 4 * k + 4 <= op->len; k++) {
		const u8 *g = buf + 4 * k;
		u32 len = 4 * (1 + g[0] % 8), id = g[2] % 20 ? MBOX_ID(g[1] % (nsent + 2)) : 0;
		u8 junk[32] = { 0 };

		memcpy(junk, g, 4);
		if (mbox_fw_send(&c->hw, MSG_OP_SUSPEND, id, junk, len))
			break;
		if (g[3] < 16)
			ring->mem[(g[3] * 131u + k) % S] ^= (u8)(1u << (g[3] % 8));
	}
	if (op->p16 & 0x8000)
		ring->tail = op->q16 % (S + 1) & ~3u;
}

/* The host reader on an i2x ring, against the oracle above. */
static int pf_host_rx(const struct pf_op *op, const u8 *buf, struct fuzz_result *res)
{
	u32 S = 32u << (op->sel % 4), pos = 4 * (op->p16 % (S / 4 + 1)), nsent = op->flags % 40;
	unsigned int quirks = op->flags & 0x80 ? MBOX_FLAVOR_OOT : MBOX_FLAVOR_UP;
	bool mgmt = op->flags & 0x40, pending[256] = { false };
	u32 got = 0, w = 7, before;
	struct pf_rx_model m;
	struct pf_chan c;
	u8 *snap;
	int ret;

	if (pf_chan_init(&c, 4096, S, mgmt, quirks, pos))
		return fz_fail(res, 3, "host channel setup failed");
	for (u32 k = 0; k < nsent; k++) {
		if (mbox_chan_send(c.chan, MSG_OP_SUSPEND, &w, 4, pf_count, &got, NULL)) {
			pf_chan_fini(&c);
			return fz_fail(res, 3, "send %u of %u failed on an empty ring", k, nsent);
		}
		pending[k] = true;
	}
	before = c.chan->nr_pending;
	pf_fill_i2x(&c, op, buf, S, nsent);
	snap = pf_dup(c.hw.ring[MBOX_I2X].mem, S);
	if (!snap) {
		pf_chan_fini(&c);
		return -ENOMEM;
	}
	m = pf_model_rx(snap, S, c.hw.ring[MBOX_I2X].tail, pos, pending, quirks, mgmt, 0);
	ret = mbox_chan_rx(c.chan);
	if (ret < 0 && ret != -EINVAL)
		ret = fz_fail(res, 3, "host rx returned %d", ret);
	else if (ret != (m.why ? -EINVAL : (int)m.delivered) || got != m.delivered ||
		 c.chan->bad_reason != m.why || c.hw.ring[MBOX_I2X].head != m.reg_head)
		ret = fz_fail(res, 1, "host rx: returned %d, delivered %u, bad reason %d, HEAD %u; "
			      "model %u delivered, reason %d, HEAD %u", ret, got,
			      (int)c.chan->bad_reason, c.hw.ring[MBOX_I2X].head, m.delivered,
			      (int)m.why, m.reg_head);
	else if (c.chan->nr_pending != before - got)
		ret = fz_fail(res, 3, "host rx: %u outstanding, %u delivered, %u left", before, got,
			      c.chan->nr_pending);
	else if (memcmp(snap, c.hw.ring[MBOX_I2X].mem, S))
		ret = fz_fail(res, 3, "host rx wrote ring memory");
	else if (ret == -EINVAL && !c.chan->bad)
		ret = fz_fail(res, 3, "host rx failed but the channel is not bad");
	else
		ret = 0;
	free(snap);
	/* The registers the harness forged go back to a legal state first. */
	c.hw.ring[MBOX_I2X].tail = 0;
	c.hw.ring[MBOX_I2X].head = 0;
	c.chan->i2x_head = 0;
	if (!ret)
		ret = pf_chan_checks(&c, "host rx", res);
	pf_chan_fini(&c);
	return ret;
}

/* The firmware reader on an x2i ring full of the input's bytes. */
static int pf_fw_rx(const struct pf_op *op, const u8 *buf, struct fuzz_result *res)
{
	u32 S = 32u << (op->sel % 4);
	u8 payload[256];
	struct mbox_fw_msg fm;
	struct pf_chan c;
	int ret, steps = 0;

	if (pf_chan_init(&c, S, 64, op->flags & 1, MBOX_FLAVOR_UP, 0))
		return fz_fail(res, 3, "firmware channel setup failed");
	memcpy(c.hw.ring[MBOX_X2I].mem, buf, op->len < S ? op->len : S);
	c.hw.ring[MBOX_X2I].tail = op->q16 % (S + 8);
	do {
		ret = mbox_fw_recv(&c.hw, &fm, payload, sizeof(payload));
		if (ret && ret != -ENOENT && ret != -EPROTO && ret != -ENOBUFS) {
			ret = fz_fail(res, 3, "firmware rx returned %d", ret);
			goto out;
		}
		if (!ret && (fm.len + 16 > S || c.hw.ring[MBOX_X2I].head > S)) {
			ret = fz_fail(res, 3, "firmware rx: %u-byte message from a %u-byte ring",
				      fm.len, S);
			goto out;
		}
		if (++steps > 4 * (int)S) {
			ret = fz_fail(res, 3, "firmware rx does not terminate");
			goto out;
		}
	} while (!ret);
	if (ret == -EPROTO) {
		if (!c.hw.fw_broken || mbox_fw_recv(&c.hw, &fm, payload, sizeof(payload)) != -EIO ||
		    !(c.hw.violations & MBOX_V_FRAMING)) {
			ret = fz_fail(res, 3, "firmware rx: -EPROTO is not sticky");
			goto out;
		}
	}
	c.hw.ring[MBOX_X2I].tail = 0;
	c.hw.ring[MBOX_X2I].head = 0;
	c.chan->x2i_tail = 0;
	ret = pf_chan_checks(&c, "firmware rx", res);
out:
	c.hw.ring[MBOX_X2I].tail = 0;
	c.hw.ring[MBOX_X2I].head = 0;
	c.chan->x2i_tail = 0;
	pf_chan_fini(&c);
	return ret;
}

/* Names and errnos of arbitrary status words and opcodes. */
static int pf_status(const struct pf_op *op, struct fuzz_result *res)
{
	u32 v = (u32)op->p16 | (u32)op->q16 << 16;
	int e = fw_status_to_errno(v);

	if (e > 0 || !fw_status_name(v) || !msg_opcode_name(v) ||
	    !msg_opcode_name(v & 0xFFFF))
		return fz_fail(res, 3, "status/opcode %#x: errno %d or a NULL name", v, e);
	if ((v == 0) != (e == 0))
		return fz_fail(res, 3, "status %#x maps to errno %d", v, e);
	return 0;
}

static const char *const pf_kind_names[PF_NKINDS] = {
	"msg", "layout", "buffers", "host_rx", "fw_rx", "status",
};

static int pf_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct fz_stream s;
	struct pf_op op;
	int ret = 0;

	fz_init(&s, data, len);
	while (!ret && fz_left(&s) && pf_decode(&s, &op)) {
		u8 *buf = pf_dup(op.bytes, op.len);

		if (!buf)
			return -ENOMEM;
		res->ops++;
		fz_trace(o, "%s sel %u flags %#x p %u q %u len %u\n", pf_kind_names[op.kind],
			 op.sel, op.flags, op.p16, op.q16, op.len);
		switch (op.kind) {
		case PF_MSG:
			ret = pf_msg(&op, buf, o->plant == FUZZ_PLANT_MODEL, res);
			break;
		case PF_LAYOUT: {
			const struct msg_layout *l = pf_layouts[op.sel % ARRAY_SIZE(pf_layouts)];

			ret = pf_layout_case(l, 0, 0, false, false, buf, op.len, l->name, res);
			break;
		}
		case PF_BUFFERS:
			ret = pf_buffers(&op, buf, res);
			break;
		case PF_HOST_RX:
			ret = pf_host_rx(&op, buf, res);
			break;
		case PF_FW_RX:
			ret = pf_fw_rx(&op, buf, res);
			break;
		default:
			ret = pf_status(&op, res);
			break;
		}
		free(buf);
	}
	return ret;
}

static size_t pf_split(const u8 *data, size_t len, size_t *bounds, size_t max)
{
	return fz_split_ops(data, len, 0, pf_skip, bounds, max);
}

/* Records of plausible shape: exact layout sizes half of the time. */
static size_t pf_generate(struct xrand *r, u8 *buf, size_t cap)
{
	size_t n = 0, want = (size_t)xrand_below(r, cap);

	while (n + 9 < cap && n < want) {
		u8 kind = (u8)xrand_below(r, PF_NKINDS), sel = (u8)xrand_next(r);
		u16 len = (u16)xrand_below(r, 300);

		if (kind == PF_MSG && xrand_chance(r, 1, 2)) {
			const struct msg_layout *l = msg_layout_of(msg_descs[sel % msg_ndescs].opcode,
								   xrand_below(r, 2) ? MSG_RESP
										     : MSG_REQ);

			if (l)
				len = l->size;
		}
		if (n + 9 + len > cap)
			break;
		buf[n++] = kind;
		buf[n++] = sel;
		fz_random_fill(r, buf + n, 5);	/* flags, p16, q16 */
		n += 5;
		buf[n++] = (u8)len;
		buf[n++] = (u8)(len >> 8);
		fz_random_fill(r, buf + n, len);
		/* Zero-heavy payloads pass more reserved-field checks. */
		if (xrand_chance(r, 1, 2))
			for (u16 i = 0; i < len; i++)
				if (xrand_chance(r, 3, 4))
					buf[n + i] = 0;
		n += len;
	}
	return n;
}

const struct fuzz_target fuzz_target_proto = {
	.name = "proto",
	.summary = "message decoders, buffer parsers and both ring readers on arbitrary bytes",
	.max_len = 16384,
	.run = pf_run,
	.split = pf_split,
	.generate = pf_generate,
};
