// SPDX-License-Identifier: MIT
/*
 * mbox_sync.c - the synchronous send helper and the management channel's
 * timeout rule (docs/driver/proto.md §2.9, §2.10), on simulated time.
 */
#include "proto/mbox_priv.h"

#include <errno.h>
#include <string.h>

static void put_le32(void *p, u32 v)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
	b[2] = (u8)(v >> 16);
	b[3] = (u8)(v >> 24);
}

/* Status offset of @opcode's reply, or -1 when it has no status word. */
static int status_off(u32 opcode, u32 resp_len)
{
	const struct msg_desc *d = msg_desc_find(opcode);

	if (!d || !d->resp_size || (u32)d->status_off + 4 > resp_len)
		return -1;
	return d->status_off;
}

/* The reply callback of a synchronous message (the driver's xdna_msg_cb). */
static int sync_cb(void *arg, const struct mbox_resp *resp)
{
	struct mbox_sync_msg *m = arg;
	int off;

	m->done = true;
	if (!resp->data)
		return 0;
	if (resp->size != m->resp_len) {
		m->error = -EINVAL;
		return m->error;
	}
	memcpy(m->resp, resp->data, m->resp_len);
	off = status_off(m->opcode, m->resp_len);
	if (off >= 0)
		m->status = mbox__le32((const u8 *)m->resp + off);
	return 0;
}

int mbox_send_wait(struct mbox_chan *chan, struct mbox_sync_msg *m, u64 timeout_ns)
{
	struct proto_clock *clk;
	u64 deadline;
	int off, ret;

	if (!chan || !m || (!m->resp && m->resp_len))
		return -EINVAL;
	clk = chan->clock;
	m->status = FW_STATUS_UNSET_UP;
	m->error = 0;
	m->done = false;
	off = status_off(m->opcode, m->resp_len);
	if (off >= 0)
		put_le32((u8 *)m->resp + off, FW_STATUS_UNSET_UP);
	ret = mbox_chan_send(chan, m->opcode, m->req, m->req_len, sync_cb, m, &m->id);
	if (ret)
		return ret;
	m->sent_ns = clk->now_ns;
	deadline = m->sent_ns + timeout_ns;
	/*
	 * wait_for_completion_timeout(): events up to and including the
	 * deadline may complete the message; at the deadline it has timed out.
	 */
	while (!m->done) {
		if (clk->now_ns >= deadline)
			return -ETIME;
		proto_clock_wait(clk, deadline, &m->done);
	}
	m->done_ns = clk->now_ns;
	return m->error;
}

void mbox_mgmt_init(struct mbox_mgmt *mg)
{
	memset(mg, 0, sizeof(*mg));
}

void mbox_mgmt_attach(struct mbox_mgmt *mg, struct mbox_chan *chan)
{
	mbox_mgmt_detach(mg);
	mg->chan = chan;
}

void mbox_mgmt_detach(struct mbox_mgmt *mg)
{
	mbox_chan_destroy(mg->chan);
	mg->chan = NULL;
}

int mbox_mgmt_send_wait(struct mbox_mgmt *mg, struct mbox_sync_msg *m)
{
	struct mbox_chan *chan = mg->chan;
	int ret;

	if (!chan)
		return -ENODEV;
	ret = mbox_send_wait(chan, m, MBOX_MGMT_TIMEOUT_NS);
	if (ret == -ETIME) {
		mg->timeouts++;
		mbox__trace(chan->trace, chan->hw, chan->clock, MBOX_EV_MGMT_TIMEOUT, m->opcode,
			    m->id, m->req_len, 0, -ETIME);
		/* The message is cancelled with the others: keep its verdict. */
		m->error = -ETIME;
		mbox_mgmt_detach(mg);
		return ret;
	}
	if (!ret && m->status != FW_STATUS_SUCCESS)
		ret = fw_status_to_errno(m->status);
	return ret;
}
