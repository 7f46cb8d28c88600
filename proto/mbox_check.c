// SPDX-License-Identifier: MIT
/*
 * mbox_check.c - the mailbox invariant checkers (H1..H3, C1..C8; the list
 * is in mailbox.h).
 */
#include "proto/mbox_priv.h"

#include <errno.h>
#include <stdlib.h>

int mbox_hw_check(const struct mbox_hw *hw, char *why, size_t len)
{
	static const char *const rname[2] = { "x2i", "i2x" };

	if (!hw)
		return xwhy(why, len, "mbox.H1: no hardware channel");
	for (int r = 0; r < 2; r++) {
		const struct mbox_ring *ring = &hw->ring[r];
		u32 s = ring->size;

		if (!ring->mem || s < MBOX_RING_MIN || s > MBOX_RING_MAX || (s & (s - 1)))
			return xwhy(why, len, "mbox.H1: %s ring size %u or memory %p invalid",
					  rname[r], s, (void *)ring->mem);
		if (ring->head > s || ring->head % 4)
			return xwhy(why, len, "mbox.H2: %s HEAD 0x%x outside 4-aligned [0, 0x%x]",
					  rname[r], ring->head, s);
		if (ring->tail > s || ring->tail % 4)
			return xwhy(why, len, "mbox.H2: %s TAIL 0x%x outside 4-aligned [0, 0x%x]",
					  rname[r], ring->tail, s);
	}
	if (hw->violations & ~(MBOX_V_BIT(MBOX_V_COUNT) - 1))
		return xwhy(why, len, "mbox.H3: unknown violation bits 0x%x", hw->violations);
	if (hw->fw_broken && !(hw->violations & MBOX_V_FRAMING))
		return xwhy(why, len, "mbox.H3: firmware end broken without a framing violation");
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int check_ids(const struct mbox_chan *chan, char *why, size_t len)
{
	u64 seqs[MBOX_MAX_IDS];
	u32 used = 0;

	if (chan->next_slot >= MBOX_MAX_IDS)
		return xwhy(why, len, "mbox.C4: id cursor %u >= 256", chan->next_slot);
	for (u32 s = 0; s < MBOX_MAX_IDS; s++) {
		const struct mbox_pending *p = &chan->pending[s];

		if (!p->used)
			continue;
		if (p->seq >= chan->next_seq)
			return xwhy(why, len, "mbox.C5: slot %u seq %llu >= next %llu", s,
					  (unsigned long long)p->seq,
					  (unsigned long long)chan->next_seq);
		seqs[used++] = p->seq;
	}
	if (used != chan->nr_pending)
		return xwhy(why, len, "mbox.C4: %u slots used, %u outstanding counted", used,
				  chan->nr_pending);
	qsort(seqs, used, sizeof(seqs[0]), cmp_u64);
	for (u32 i = 1; i < used; i++)
		if (seqs[i] == seqs[i - 1])
			return xwhy(why, len, "mbox.C5: two outstanding messages share seq %llu",
					  (unsigned long long)seqs[i]);
	return 0;
}

int mbox_check(const struct mbox_chan *chan, char *why, size_t len)
{
	const struct mbox_ring *x2i, *i2x;
	int ret;

	if (!chan || !chan->hw)
		return xwhy(why, len, "mbox.C1: channel not bound to hardware");
	x2i = &chan->hw->ring[MBOX_X2I];
	i2x = &chan->hw->ring[MBOX_I2X];
	if (chan->x2i_tail > x2i->size || chan->x2i_tail % 4)
		return xwhy(why, len, "mbox.C2: cached x2i tail 0x%x outside 4-aligned [0, 0x%x]",
				  chan->x2i_tail, x2i->size);
	if (!chan->stopped && chan->x2i_tail != x2i->tail)
		return xwhy(why, len, "mbox.C2: cached x2i tail 0x%x != TAIL register 0x%x",
				  chan->x2i_tail, x2i->tail);
	if (chan->i2x_head > i2x->size || chan->i2x_head % 4)
		return xwhy(why, len, "mbox.C3: cached i2x head 0x%x outside 4-aligned [0, 0x%x]",
				  chan->i2x_head, i2x->size);
	if (!chan->stopped && chan->i2x_head != i2x->head)
		return xwhy(why, len, "mbox.C3: cached i2x head 0x%x != HEAD register 0x%x",
				  chan->i2x_head, i2x->head);
	ret = check_ids(chan, why, len);
	if (ret)
		return ret;
	if (chan->bad != (chan->bad_reason != MBOX_BAD_NONE) || chan->bad_reason >= MBOX_BAD_COUNT)
		return xwhy(why, len, "mbox.C6: bad %d with reason %u", chan->bad, chan->bad_reason);
	if (chan->stopped && chan->nr_pending)
		return xwhy(why, len, "mbox.C7: stopped with %u outstanding", chan->nr_pending);
	if (chan->last_resp_id && ((chan->last_resp_id & MBOX_ID_MAGIC_MASK) != MBOX_ID_MAGIC ||
				   MBOX_ID_SLOT(chan->last_resp_id) >= MBOX_MAX_IDS))
		return xwhy(why, len, "mbox.C8: in-order cursor %#x is not 0 or a valid id",
			    chan->last_resp_id);
	return 0;
}
