// SPDX-License-Identifier: MIT
/*
 * mailbox.c - the hardware channel (rings + registers) and the host end
 * of a mailbox channel, following docs/driver/proto.md §2.1–§2.5, §2.7, §2.8 and §2.10.
 *
 * The host transmit path is the driver's: checks, id allocation, then the
 * ring algorithm with E = size - 4 (the last word is kept free so that a
 * tombstone always fits).  Every host write into x2i goes through
 * x2i_host_write(), which also plays "hardware observer": a write that
 * lands on bytes the firmware has not consumed yet is recorded as the
 * MBOX_V_OVERWRITE violation (the UP wrap-while-HEAD==0 hazard of 2.7).
 *
 * Simulator guards (places where the driver would touch memory outside a
 * ring given impossible register values) return errors instead and are
 * marked "sim guard" below.
 */
#include "proto/mbox_priv.h"
#include "common/bug.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool ring_size_ok(u32 size)
{
	return size >= MBOX_RING_MIN && size <= MBOX_RING_MAX && !(size & (size - 1));
}

int mbox_hw_init(struct mbox_hw *hw, const struct mbox_hw_cfg *cfg)
{
	void *mem[2];
	u32 size[2];

	if (!hw || !cfg)
		return -EINVAL;
	size[MBOX_X2I] = cfg->x2i_size;
	size[MBOX_I2X] = cfg->i2x_size;
	mem[MBOX_X2I] = cfg->x2i_mem;
	mem[MBOX_I2X] = cfg->i2x_mem;
	if (!ring_size_ok(size[0]) || !ring_size_ok(size[1]))
		return -EINVAL;
	memset(hw, 0, sizeof(*hw));
	for (int r = 0; r < 2; r++) {
		if (!mem[r]) {
			mem[r] = calloc(1, size[r]);
			if (!mem[r])
				goto err_free_mem;
			hw->owns_mem[r] = true;
		}
		hw->ring[r].mem = mem[r];
		hw->ring[r].size = size[r];
	}
	hw->cfg = *cfg;
	return 0;

err_free_mem:
	mbox_hw_fini(hw);
	return -ENOMEM;
}

void mbox_hw_fini(struct mbox_hw *hw)
{
	for (int r = 0; r < 2; r++) {
		if (hw->owns_mem[r])
			free(hw->ring[r].mem);
		hw->ring[r].mem = NULL;
		hw->owns_mem[r] = false;
	}
}

u32 mbox_hw_read_reg(const struct mbox_hw *hw, enum mbox_reg reg)
{
	switch (reg) {
	case MBOX_REG_X2I_HEAD:
		return hw->ring[MBOX_X2I].head;
	case MBOX_REG_X2I_TAIL:
		return hw->ring[MBOX_X2I].tail;
	case MBOX_REG_I2X_HEAD:
		return hw->ring[MBOX_I2X].head;
	case MBOX_REG_I2X_TAIL:
		return hw->ring[MBOX_I2X].tail;
	case MBOX_REG_IOHUB:
		return hw->iohub;
	default:
		return 0;
	}
}

int mbox_hw_write_reg(struct mbox_hw *hw, enum mbox_reg reg, u32 val)
{
	switch (reg) {
	case MBOX_REG_X2I_HEAD:
		hw->ring[MBOX_X2I].head = val;
		return 0;
	case MBOX_REG_X2I_TAIL:
		hw->ring[MBOX_X2I].tail = val;
		return 0;
	case MBOX_REG_I2X_HEAD:
		hw->ring[MBOX_I2X].head = val;
		return 0;
	case MBOX_REG_I2X_TAIL:
		hw->ring[MBOX_I2X].tail = val;
		return 0;
	case MBOX_REG_IOHUB:
		hw->iohub = val;
		return 0;
	default:
		return -EINVAL;
	}
}

static bool ring_range_ok(const struct mbox_ring *ring, u32 off, size_t len)
{
	return off <= ring->size && len <= ring->size - off;
}

int mbox_hw_write_mem(struct mbox_hw *hw, enum mbox_ring_id r, u32 off, const void *data,
		      size_t len)
{
	if ((r != MBOX_X2I && r != MBOX_I2X) || !ring_range_ok(&hw->ring[r], off, len) ||
	    (!data && len))
		return -EINVAL;
	if (len)
		memcpy(hw->ring[r].mem + off, data, len);
	return 0;
}

int mbox_hw_read_mem(const struct mbox_hw *hw, enum mbox_ring_id r, u32 off, void *data,
		     size_t len)
{
	if ((r != MBOX_X2I && r != MBOX_I2X) || !ring_range_ok(&hw->ring[r], off, len) ||
	    (!data && len))
		return -EINVAL;
	if (len)
		memcpy(data, hw->ring[r].mem + off, len);
	return 0;
}

const char *mbox_violation_name(unsigned int v)
{
	static const char *const names[MBOX_V_COUNT] = {
		[MBOX_V_BAD_TAIL] = "bad_tail",
		[MBOX_V_BAD_SIZE] = "bad_size",
		[MBOX_V_OVERRUN] = "overrun",
		[MBOX_V_TOMBSTONE] = "tombstone",
		[MBOX_V_SPARE] = "spare",
		[MBOX_V_BAD_ID] = "bad_id",
		[MBOX_V_SZVER] = "sz_ver",
		[MBOX_V_OPCODE] = "opcode",
		[MBOX_V_OVERWRITE] = "overwrite",
		[MBOX_V_TOMBSTONE_OOB] = "tombstone_oob",
	};

	return v < MBOX_V_COUNT ? names[v] : "?";
}

const char *mbox_bad_reason_name(unsigned int reason)
{
	static const char *const names[MBOX_BAD_COUNT] = {
		[MBOX_BAD_NONE] = "none",
		[MBOX_BAD_TAIL] = "tail",
		[MBOX_BAD_TOMBSTONE] = "tombstone",
		[MBOX_BAD_SIZE] = "size",
		[MBOX_BAD_OVERRUN] = "overrun",
		[MBOX_BAD_MAGIC] = "magic",
		[MBOX_BAD_UNKNOWN_ID] = "unknown_id",
		[MBOX_BAD_ORDER] = "order",
		[MBOX_BAD_CALLBACK] = "callback",
	};

	return reason < MBOX_BAD_COUNT ? names[reason] : "?";
}

/* ----------------------------------------------------------------------- */
/* Shared helpers (mbox_priv.h). */

u32 mbox__le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

void mbox__trace(struct mbox_trace *t, const struct mbox_hw *hw, const struct proto_clock *clk,
		 enum mbox_ev ev, u32 opcode, u32 id, u32 size, u32 status, int err)
{
	struct mbox_trace_rec rec = { 0 };
	static const u8 dir[MBOX_EV_COUNT] = {
		[MBOX_EV_HOST_TX] = MBOX_DIR_X2I,
		[MBOX_EV_HOST_TX_FAIL] = MBOX_DIR_X2I,
		[MBOX_EV_FW_RX] = MBOX_DIR_X2I,
		[MBOX_EV_FW_TX] = MBOX_DIR_I2X,
		[MBOX_EV_HOST_RX] = MBOX_DIR_I2X,
		[MBOX_EV_HOST_DROP] = MBOX_DIR_I2X,
		[MBOX_EV_HOST_CANCEL] = MBOX_DIR_NONE,
		[MBOX_EV_HOST_BAD] = MBOX_DIR_NONE,
		[MBOX_EV_FW_VIOLATION] = MBOX_DIR_X2I,
		[MBOX_EV_MGMT_TIMEOUT] = MBOX_DIR_NONE,
	};

	if (!t)
		return;
	rec.time_ns = clk ? clk->now_ns : 0;
	rec.chan_id = hw->cfg.chan_id;
	rec.msix = hw->cfg.msix;
	rec.event = (u8)ev;
	rec.dir = dir[ev];
	rec.opcode = opcode;
	rec.id = id;
	rec.size = size;
	rec.status = status;
	rec.err = err;
	mbox_trace_emit(t, &rec);
}

u32 mbox__resp_status(u32 opcode, const u8 *data, u32 size)
{
	u32 status = 0;

	if (msg_resp_status(opcode, data, size, &status))
		return 0;
	return status;
}

void mbox__violation(struct mbox_hw *hw, enum mbox_violation v, u32 opcode, u32 id)
{
	hw->violations |= MBOX_V_BIT(v);
	hw->violation_count++;
	mbox__trace(hw->cfg.trace, hw, hw->cfg.clock, MBOX_EV_FW_VIOLATION, opcode, id, 0, MBOX_V_BIT(v),
		    0);
}

/* ----------------------------------------------------------------------- */
/* Host end: channel lifecycle. */

int mbox_chan_create(struct mbox_hw *hw, const struct mbox_chan_cfg *cfg,
		     struct mbox_chan **out)
{
	struct mbox_chan *chan;
	u32 tail, head;

	if (!hw || !cfg || !cfg->clock || !out)
		return -EINVAL;
	tail = hw->ring[MBOX_X2I].tail;
	head = hw->ring[MBOX_I2X].head;
	/* sim guard: adopted positions must be offsets inside the rings. */
	if (tail > hw->ring[MBOX_X2I].size || tail % 4 || head > hw->ring[MBOX_I2X].size ||
	    head % 4)
		return -EINVAL;
	chan = calloc(1, sizeof(*chan));
	if (!chan)
		return -ENOMEM;
	chan->hw = hw;
	chan->mgmt = cfg->mgmt;
	chan->quirks = cfg->quirks;
	chan->clock = cfg->clock;
	chan->trace = cfg->trace;
	chan->x2i_tail = tail;
	chan->i2x_head = head;
	hw->iohub = 0;
	*out = chan;
	return 0;
}

static void chan_trace(struct mbox_chan *chan, enum mbox_ev ev, u32 opcode, u32 id, u32 size,
		       u32 status, int err)
{
	mbox__trace(chan->trace, chan->hw, chan->clock, ev, opcode, id, size, status, err);
}

/* The outstanding message with the smallest allocation sequence number. */
static int oldest_pending(const struct mbox_chan *chan)
{
	int best = -1;

	for (u32 s = 0; s < MBOX_MAX_IDS; s++)
		if (chan->pending[s].used &&
		    (best < 0 || chan->pending[s].seq < chan->pending[best].seq))
			best = (int)s;
	return best;
}

void mbox_chan_stop(struct mbox_chan *chan)
{
	int s;

	if (chan->stopped)
		return;
	chan->stopped = true;
	while ((s = oldest_pending(chan)) >= 0) {
		struct mbox_pending p = chan->pending[s];
		struct mbox_resp resp = { MBOX_ID(s), p.opcode, 0, 0, NULL };

		memset(&chan->pending[s], 0, sizeof(chan->pending[s]));
		chan->nr_pending--;
		chan->cancelled++;
		chan_trace(chan, MBOX_EV_HOST_CANCEL, p.opcode, MBOX_ID(s), p.size, 0, 0);
		if (p.cb)
			p.cb(p.arg, &resp);
	}
}

void mbox_chan_destroy(struct mbox_chan *chan)
{
	if (!chan)
		return;
	mbox_chan_stop(chan);
	free(chan);
}

/* ----------------------------------------------------------------------- */
/* Host end: transmit (2.4, 2.7). */

/* xa_alloc_cyclic over [0, 255]: first free slot at or after the cursor. */
static int alloc_slot(struct mbox_chan *chan)
{
	for (u32 i = 0; i < MBOX_MAX_IDS; i++) {
		u32 s = (chan->next_slot + i) % MBOX_MAX_IDS;

		if (!chan->pending[s].used) {
			chan->next_slot = (s + 1) % MBOX_MAX_IDS;
			return (int)s;
		}
	}
	return -EBUSY;
}

/* Is byte range [off, off + len) of x2i unconsumed data? */
static bool x2i_overlaps_pending(const struct mbox_ring *r, u32 off, u32 len)
{
	u32 h = r->head, t = r->tail;
	u64 a = off, b = (u64)off + len;

	if (h == t)
		return false;
	if (h < t)
		return a < t && b > h;
	/* Wrapped: pending is [h, size) and [0, t). */
	return b > h || a < t;
}

static void x2i_host_write(struct mbox_chan *chan, u32 off, const void *data, u32 len,
			   u32 opcode, u32 id)
{
	struct mbox_ring *r = &chan->hw->ring[MBOX_X2I];

	BUG_ON((u64)off + len > r->size);
	if (x2i_overlaps_pending(r, off, len))
		mbox__violation(chan->hw, MBOX_V_OVERWRITE, opcode, id);
	memcpy(r->mem + off, data, len);
}

/* sim guard: the x2i HEAD register must be an offset inside the ring. */
static int x2i_read_head(struct mbox_chan *chan, u32 *head)
{
	const struct mbox_ring *r = &chan->hw->ring[MBOX_X2I];

	*head = r->head;
	return (*head > r->size || *head % 4) ? -EIO : 0;
}

/*
 * UP full ring: poll the x2i HEAD register every 1 us until there is room
 * (tmp_tail < head, or head moved to or below tail) or 100 us have passed,
 * then one last read (read_poll_timeout).
 */
static int x2i_wait_room(struct mbox_chan *chan, u32 *head, u32 tail, u32 tmp_tail)
{
	struct proto_clock *clk = chan->clock;
	u64 deadline = clk->now_ns + MBOX_FULL_WAIT_NS;
	int ret;

	for (;;) {
		ret = x2i_read_head(chan, head);
		if (ret)
			return ret;
		if (tmp_tail < *head || tail >= *head)
			return 0;
		if (clk->now_ns > deadline) {
			ret = x2i_read_head(chan, head);
			if (ret)
				return ret;
			return (tmp_tail < *head || tail >= *head) ? 0 : -ETIMEDOUT;
		}
		chan->full_polls++;
		proto_clock_wait(clk, clk->now_ns + MBOX_FULL_POLL_NS, NULL);
	}
}

static int x2i_put(struct mbox_chan *chan, const struct mbox_msg_hdr *hdr, const void *payload,
		   u32 len)
{
	struct mbox_ring *r = &chan->hw->ring[MBOX_X2I];
	u32 pkg = MBOX_HDR_SIZE + len, end = r->size - 4;
	u32 head, tail = chan->x2i_tail, tmp_tail;
	u32 tomb = MBOX_TOMBSTONE;
	int ret;

	ret = x2i_read_head(chan, &head);
	if (ret)
		return ret;
	tmp_tail = tail + pkg;
again:
	if (tail >= head && tmp_tail > end) {
		if ((chan->quirks & MBOX_Q_FULL_ENOSPC) && pkg >= head)
			return -ENOSPC;
		if (tail + 4 <= r->size)
			x2i_host_write(chan, tail, &tomb, 4, hdr->opcode, hdr->id);
		else
			/* sim guard: the driver would write past the ring. */
			mbox__violation(chan->hw, MBOX_V_TOMBSTONE_OOB, hdr->opcode, hdr->id);
		tail = 0;
		tmp_tail = pkg;
	}
	if (tail < head && tmp_tail >= head) {
		if (chan->quirks & MBOX_Q_FULL_ENOSPC)
			return -ENOSPC;
		ret = x2i_wait_room(chan, &head, tail, tmp_tail);
		if (ret)
			return ret;
		if (tail >= head)
			goto again;
	}
	x2i_host_write(chan, tail, hdr, MBOX_HDR_SIZE, hdr->opcode, hdr->id);
	x2i_host_write(chan, tail + MBOX_HDR_SIZE, payload, len, hdr->opcode, hdr->id);
	chan->x2i_tail = tail + pkg;
	r->tail = chan->x2i_tail;
	return 0;
}

int mbox_chan_send(struct mbox_chan *chan, u32 opcode, const void *payload, u32 len,
		   mbox_resp_fn cb, void *arg, u32 *id)
{
	struct mbox_msg_hdr hdr;
	struct mbox_pending *p;
	int slot, ret;

	if (!chan || (!payload && len))
		return -EINVAL;
	if (chan->stopped)
		return -ENODEV;
	if ((u64)MBOX_HDR_SIZE + len > chan->hw->ring[MBOX_X2I].size)
		return -EINVAL;
	if (len % 4)
		return -EINVAL;
	/* The driver reads the first payload word even for len 0: refuse. */
	if (!len)
		return -EINVAL;
	if (mbox__le32(payload) == MBOX_TOMBSTONE)
		return -EINVAL;
	if (chan->bad)
		return -EPIPE;

	slot = alloc_slot(chan);
	if (slot < 0)
		return slot;
	p = &chan->pending[slot];
	p->used = true;
	p->opcode = opcode;
	p->size = len;
	p->seq = chan->next_seq++;
	p->cb = cb;
	p->arg = arg;
	chan->nr_pending++;

	hdr.total_size = len;
	hdr.sz_ver = MBOX_SZVER(len);
	hdr.id = MBOX_ID(slot);
	hdr.opcode = opcode;
	ret = x2i_put(chan, &hdr, payload, len);
	if (ret) {
		memset(p, 0, sizeof(*p));
		chan->nr_pending--;
		chan->tx_fail++;
		chan_trace(chan, MBOX_EV_HOST_TX_FAIL, opcode, hdr.id, len, 0, ret);
		return ret;
	}
	p->sent_ns = chan->clock->now_ns;
	chan->tx++;
	chan_trace(chan, MBOX_EV_HOST_TX, opcode, hdr.id, len, 0, 0);
	if (id)
		*id = hdr.id;
	return 0;
}

/* ----------------------------------------------------------------------- */
/* Host end: receive (2.5, 2.3, 2.8). */

/* Result of reading one i2x entry. */
#define RX_EMPTY 1
#define RX_SKIP 2
#define RX_DELIVERED 3

static void i2x_set_head(struct mbox_chan *chan, u32 head)
{
	chan->i2x_head = head;
	chan->hw->ring[MBOX_I2X].head = head;
}

static void chan_go_bad(struct mbox_chan *chan, enum mbox_bad_reason why, int err)
{
	chan->bad = true;
	chan->bad_reason = (u8)why;
	chan_trace(chan, MBOX_EV_HOST_BAD, 0, 0, 0, why, err);
}

/*
 * Match a well-framed reply to its request and deliver it.
 * Returns RX_DELIVERED, RX_SKIP (dropped id 0), or a negative errno with
 * *why set.
 */
static int rx_dispatch(struct mbox_chan *chan, const struct mbox_msg_hdr *hdr, const u8 *data,
		       enum mbox_bad_reason *why)
{
	struct mbox_pending p;
	struct mbox_resp resp;
	u32 slot;
	int ret;

	if (hdr->id == 0 && !(chan->quirks & MBOX_Q_ID0_BAD))
		return RX_SKIP;
	if ((hdr->id & MBOX_ID_MAGIC_MASK) != MBOX_ID_MAGIC) {
		*why = MBOX_BAD_MAGIC;
		return -EINVAL;
	}
	slot = MBOX_ID_SLOT(hdr->id);
	/*
	 * OOT mailbox_validate_msgid() (src/driver/amdxdna/amdxdna_mailbox.c
	 * @856409ca): entry 0 always passes, any other id must be the previous
	 * reply's id + 1, and "previous" starts as 0 (not an id): the first
	 * reply of a new user channel must be slot 0.
	 */
	if ((chan->quirks & MBOX_Q_INORDER) && !chan->mgmt && slot != 0 &&
	    hdr->id != chan->last_resp_id + 1) {
		*why = MBOX_BAD_ORDER;
		return -EINVAL;
	}
	if (slot >= MBOX_MAX_IDS || !chan->pending[slot].used) {
		*why = MBOX_BAD_UNKNOWN_ID;
		return -EINVAL;
	}
	chan->last_resp_id = hdr->id;
	p = chan->pending[slot];
	memset(&chan->pending[slot], 0, sizeof(chan->pending[slot]));
	chan->nr_pending--;
	chan->rx++;
	resp.id = hdr->id;
	resp.opcode = p.opcode;
	resp.resp_opcode = hdr->opcode;
	resp.size = hdr->total_size;
	resp.data = data;
	ret = p.cb ? p.cb(p.arg, &resp) : 0;
	if (ret < 0) {
		*why = MBOX_BAD_CALLBACK;
		return ret;
	}
	return RX_DELIVERED;
}

/* One step of mailbox_get_msg.  Returns RX_* or a negative errno. */
static int rx_one(struct mbox_chan *chan, enum mbox_bad_reason *why)
{
	struct mbox_ring *r = &chan->hw->ring[MBOX_I2X];
	struct mbox_msg_hdr hdr;
	u32 size = r->size, tail = r->tail, head = chan->i2x_head;
	u32 msg_size, status;
	int ret;

	if (tail > size || tail % 4) {
		*why = MBOX_BAD_TAIL;
		return -EINVAL;
	}
	if (head == tail)
		return RX_EMPTY;
	if (head == size)
		head = 0;
	hdr.total_size = mbox__le32(r->mem + head);
	if (hdr.total_size == MBOX_TOMBSTONE) {
		if (head < tail) {
			*why = MBOX_BAD_TOMBSTONE;
			return -EINVAL;
		}
		i2x_set_head(chan, 0);
		return RX_SKIP;
	}
	if (!hdr.total_size || hdr.total_size % 4) {
		*why = MBOX_BAD_SIZE;
		return -EINVAL;
	}
	/*
	 * The driver sums in u32: a total_size >= 0xFFFFFFF0 wraps msg_size
	 * to 0..12 and passes the checks below, after which it would read
	 * past the ring.  sim guard: such a size is declared bad.
	 */
	if (hdr.total_size > size - MBOX_HDR_SIZE) {
		*why = MBOX_BAD_SIZE;
		return -EINVAL;
	}
	msg_size = MBOX_HDR_SIZE + hdr.total_size;
	if (msg_size > size - head || msg_size > tail - head) {
		*why = MBOX_BAD_OVERRUN;
		return -EINVAL;
	}
	memcpy(&hdr.sz_ver, r->mem + head + 4, MBOX_HDR_SIZE - 4);
	ret = rx_dispatch(chan, &hdr, r->mem + head + MBOX_HDR_SIZE, why);
	i2x_set_head(chan, head + msg_size);
	if (ret == RX_SKIP) {
		chan_trace(chan, MBOX_EV_HOST_DROP, hdr.opcode, hdr.id, hdr.total_size, 0, 0);
		return RX_SKIP;
	}
	status = mbox__resp_status(hdr.opcode, r->mem + head + MBOX_HDR_SIZE, hdr.total_size);
	chan_trace(chan, MBOX_EV_HOST_RX, hdr.opcode, hdr.id, hdr.total_size, status,
		   ret < 0 ? ret : 0);
	return ret;
}

int mbox_chan_rx(struct mbox_chan *chan)
{
	enum mbox_bad_reason why = MBOX_BAD_NONE;
	int delivered = 0, ret;

	if (chan->stopped)
		return -ENODEV;
	if (chan->bad)
		return -EPIPE;
	if (chan->in_rx)
		return 0;
	chan->in_rx = true;
	do {
		chan->hw->iohub = 0;
		for (;;) {
			ret = rx_one(chan, &why);
			if (ret == RX_EMPTY)
				break;
			if (ret < 0) {
				chan_go_bad(chan, why, ret);
				goto out;
			}
			if (ret == RX_DELIVERED)
				delivered++;
			/* A callback may have stopped the channel. */
			if (chan->stopped)
				goto out_delivered;
		}
	} while (chan->hw->iohub);
out_delivered:
	ret = delivered;
out:
	chan->in_rx = false;
	return ret;
}
