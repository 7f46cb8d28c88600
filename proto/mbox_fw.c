// SPDX-License-Identifier: MIT
/*
 * mbox_fw.c - the firmware end of a mailbox channel: the x2i consumer and
 * the i2x producer (docs/driver/proto.md §2.4 "consequences for the firmware consumer",
 * 2.5 "firmware producer rules", 11 "host misbehaviour detectors").
 */
#include "proto/mbox_priv.h"

#include <errno.h>
#include <string.h>

static int fw_break(struct mbox_hw *hw, enum mbox_violation v)
{
	mbox__violation(hw, v, 0, 0);
	hw->fw_broken = true;
	return -EPROTO;
}

/* Non-framing checks of one request header (section 11 list). */
static u32 fw_check_hdr(const struct mbox_hw *hw, const struct mbox_msg_hdr *hdr, u32 head)
{
	const struct msg_desc *d = msg_desc_find(hdr->opcode);
	u32 v = 0;

	if ((hdr->id & MBOX_ID_MAGIC_MASK) != MBOX_ID_MAGIC)
		v |= MBOX_V_BIT(MBOX_V_BAD_ID);
	if (hdr->total_size > MBOX_SZVER_BODY_MASK || hdr->sz_ver != MBOX_SZVER(hdr->total_size))
		v |= MBOX_V_BIT(MBOX_V_SZVER);
	if (!d || d->chan != (hw->cfg.mgmt ? MSG_CHAN_MGMT : MSG_CHAN_USER))
		v |= MBOX_V_BIT(MBOX_V_OPCODE);
	if ((u64)head + MBOX_HDR_SIZE + hdr->total_size > hw->ring[MBOX_X2I].size - 4)
		v |= MBOX_V_BIT(MBOX_V_SPARE);
	return v;
}

int mbox_fw_recv(struct mbox_hw *hw, struct mbox_fw_msg *msg, void *payload, size_t cap)
{
	struct mbox_ring *r = &hw->ring[MBOX_X2I];
	u32 size = r->size;

	if (!msg || (!payload && cap))
		return -EINVAL;
	if (hw->fw_broken)
		return -EIO;
	for (;;) {
		u32 head = r->head, tail = r->tail, msg_size, v;
		struct mbox_msg_hdr hdr;

		if (tail > size || tail % 4)
			return fw_break(hw, MBOX_V_BAD_TAIL);
		/* The firmware's own register: only fault injection breaks it. */
		if (head > size || head % 4)
			return -EIO;
		if (head == tail)
			return -ENOENT;
		if (head == size)
			head = 0;
		hdr.total_size = mbox__le32(r->mem + head);
		if (hdr.total_size == MBOX_TOMBSTONE) {
			if (head < tail)
				return fw_break(hw, MBOX_V_TOMBSTONE);
			r->head = 0;
			continue;
		}
		if (!hdr.total_size || hdr.total_size % 4)
			return fw_break(hw, MBOX_V_BAD_SIZE);
		if (hdr.total_size > size - MBOX_HDR_SIZE)
			return fw_break(hw, MBOX_V_OVERRUN);
		msg_size = MBOX_HDR_SIZE + hdr.total_size;
		if (msg_size > size - head || msg_size > tail - head)
			return fw_break(hw, MBOX_V_OVERRUN);
		if (hdr.total_size > cap)
			return -ENOBUFS;
		memcpy(&hdr, r->mem + head, MBOX_HDR_SIZE);
		memcpy(payload, r->mem + head + MBOX_HDR_SIZE, hdr.total_size);
		v = fw_check_hdr(hw, &hdr, head);
		for (unsigned int b = 0; b < MBOX_V_COUNT; b++)
			if (v & MBOX_V_BIT(b))
				mbox__violation(hw, b, hdr.opcode, hdr.id);
		r->head = head + msg_size;
		hw->fw_rx++;
		msg->hdr = hdr;
		msg->len = hdr.total_size;
		msg->violations = v;
		mbox__trace(hw->cfg.trace, hw, hw->cfg.clock, MBOX_EV_FW_RX, hdr.opcode, hdr.id,
			    hdr.total_size, v, 0);
		return 0;
	}
}

bool mbox_fw_pending(const struct mbox_hw *hw)
{
	return hw->ring[MBOX_X2I].head != hw->ring[MBOX_X2I].tail;
}

void mbox_fw_raise_irq(struct mbox_hw *hw)
{
	hw->iohub = 1;
	hw->irq_count++;
	if (hw->cfg.irq)
		hw->cfg.irq(hw->cfg.irq_arg, hw);
}

int mbox_fw_send_raw(struct mbox_hw *hw, const struct mbox_msg_hdr *hdr, const void *payload,
		     u32 len)
{
	struct mbox_ring *r = &hw->ring[MBOX_I2X];
	u32 size = r->size, head = r->head, tail = r->tail, pkg, end;
	u32 tomb = MBOX_TOMBSTONE;

	if (!hdr || (!payload && len) || len % 4 || (u64)MBOX_HDR_SIZE + len > size)
		return -EINVAL;
	if (head > size || head % 4 || tail > size || tail % 4)
		return -EIO;
	pkg = MBOX_HDR_SIZE + len;
	end = (hw->cfg.fw_flags & MBOX_FW_EXACT_FILL) ? size : size - 4;
	if (tail >= head && tail + pkg > end) {
		/*
		 * Restarting at 0 must leave TAIL strictly below HEAD, or the
		 * host would see an empty ring or a tombstone before TAIL.
		 */
		if (pkg >= head)
			return -ENOSPC;
		if (tail + 4 <= size)
			memcpy(r->mem + tail, &tomb, 4);
		tail = 0;
	}
	if (tail < head && tail + pkg >= head)
		return -ENOSPC;
	memcpy(r->mem + tail, hdr, MBOX_HDR_SIZE);
	if (len)
		memcpy(r->mem + tail + MBOX_HDR_SIZE, payload, len);
	r->tail = tail + pkg;
	hw->fw_tx++;
	mbox__trace(hw->cfg.trace, hw, hw->cfg.clock, MBOX_EV_FW_TX, hdr->opcode, hdr->id,
		    hdr->total_size, mbox__resp_status(hdr->opcode, payload, len), 0);
	mbox_fw_raise_irq(hw);
	return 0;
}

int mbox_fw_send(struct mbox_hw *hw, u32 opcode, u32 id, const void *payload, u32 len)
{
	struct mbox_msg_hdr hdr = { len, MBOX_SZVER(len), id, opcode };

	if (!len || !payload)
		return -EINVAL;
	return mbox_fw_send_raw(hw, &hdr, payload, len);
}
