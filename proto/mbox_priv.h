/* SPDX-License-Identifier: MIT */
/*
 * mbox_priv.h - internals shared by the proto/ mailbox files.
 */
#ifndef XDNASIM_PROTO_MBOX_PRIV_H
#define XDNASIM_PROTO_MBOX_PRIV_H

#include "proto/mailbox.h"
#include "proto/msg_priv.h"

/* The little-endian u32 at @p (possibly unaligned). */
u32 mbox__le32(const u8 *p);

/* Emit one trace record for channel @hw at @clk's time (NULL @t: none). */
void mbox__trace(struct mbox_trace *t, const struct mbox_hw *hw, const struct proto_clock *clk,
		 enum mbox_ev ev, u32 opcode, u32 id, u32 size, u32 status, int err);

/* The status word of a reply payload, 0 when it has none. */
u32 mbox__resp_status(u32 opcode, const u8 *data, u32 size);

/* Record a host protocol violation seen by the firmware end. */
void mbox__violation(struct mbox_hw *hw, enum mbox_violation v, u32 opcode, u32 id);

#endif /* XDNASIM_PROTO_MBOX_PRIV_H */
