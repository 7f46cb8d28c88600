/* SPDX-License-Identifier: MIT */
/*
 * mailbox.h - AIE2 mailbox channels: the x2i/i2x rings and registers, the
 * host (driver) end and the firmware end (docs/driver/proto.md §2).
 *
 * DOC: Overview
 *
 * The module splits a channel the way the hardware does:
 *
 * - struct mbox_hw is the hardware: two rings of power-of-two size (the
 *   SRAM) and five 32-bit registers (x2i HEAD/TAIL, i2x HEAD/TAIL, the
 *   IOHUB interrupt status at "i2x HEAD + 4"), plus the MSI-X vector.  The
 *   firmware model owns it; it outlives any host channel bound to it.
 * - struct mbox_chan is the driver's software channel on top of it: cached
 *   x2i tail and i2x head, the 256-slot message-id table, the bad state.
 *   It follows the host algorithms of 2.3-2.5 and 2.7-2.10 exactly; the
 *   driver-variant differences are selectable per channel (MBOX_Q_*).
 * - mbox_fw_*() are the firmware end: consume x2i following the host's
 *   framing, flag host protocol violations, produce i2x following the
 *   producer rules of 2.5, raise IOHUB and the MSI-X hook.
 * - mbox_send_wait() / struct mbox_mgmt add the synchronous helper of 2.9
 *   and the management channel's 5 s timeout on simulated time.
 *
 * Time: waits use a struct proto_clock (clock.h), never the wall clock.
 * Threads: none.  Callers serialise access to a channel, as the driver's
 * locks do; callbacks run synchronously inside mbox_chan_rx() and
 * mbox_chan_stop().
 *
 * Invariant checkers (return 0 or -EUCLEAN with "<id>: ..." in @why):
 *   mbox_hw_check():
 *     H1 ring sizes are powers of two in [MBOX_RING_MIN, MBOX_RING_MAX]
 *        and each ring has memory.
 *     H2 the four HEAD/TAIL registers are <= their ring size and 4-aligned.
 *     H3 only known violation bits are set; fw_broken implies a framing
 *        violation was recorded.
 *   mbox_check():
 *     C1 the channel is bound to a hardware channel.
 *     C2 cached x2i tail <= x2i size, 4-aligned, equal to the x2i TAIL
 *        register (the host is its only writer) while the channel runs.
 *     C3 cached i2x head <= i2x size, 4-aligned, equal to the i2x HEAD
 *        register while the channel runs.
 *     C4 the outstanding count equals the used id slots, <= 256, and the
 *        cyclic cursor is < 256.
 *     C5 every outstanding message has a unique allocation sequence number
 *        below the next one.
 *     C6 bad state and bad reason agree (bad <=> reason != NONE) and the
 *        reason is a known value.
 *     C7 a stopped channel has no outstanding message.
 *     C8 the in-order cursor (MBOX_Q_INORDER) is 0 or a valid id.
 */
#ifndef XDNASIM_PROTO_MAILBOX_H
#define XDNASIM_PROTO_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"
#include "proto/clock.h"
#include "proto/msg_wire.h"
#include "proto/trace.h"

/* Section 2.2-2.3 and 0.1 constants. */
#define MBOX_HDR_SIZE 16u
#define MBOX_ID_MAGIC 0x1D000000u
#define MBOX_ID_MAGIC_MASK 0xFF000000u
#define MBOX_MAX_IDS 256u
#define MBOX_TOMBSTONE 0xDEADFACEu
#define MBOX_PROTOCOL_VERSION 1u
#define MBOX_SZVER_BODY_MASK 0x7FFu
#define MBOX_SZVER_VER_SHIFT 16
#define MBOX_SZVER(len) \
	(((u32)(len) & MBOX_SZVER_BODY_MASK) | (MBOX_PROTOCOL_VERSION << MBOX_SZVER_VER_SHIFT))
#define MBOX_ID(slot) (MBOX_ID_MAGIC | ((u32)(slot) & 0xFFu))
#define MBOX_ID_SLOT(id) ((id) & ~MBOX_ID_MAGIC_MASK)

/* The IOHUB register's device address is the i2x HEAD register's + 4 (1.5). */
#define MBOX_IOHUB_REG_OFF 4u

#define MBOX_RING_MIN 32u
#define MBOX_RING_MAX (1u << 24)

#define MBOX_FULL_WAIT_NS (100 * PROTO_NSEC_PER_USEC)	/* UP: 100 us */
#define MBOX_FULL_POLL_NS (1 * PROTO_NSEC_PER_USEC)	/* in 1 us steps */
#define MBOX_MGMT_TIMEOUT_NS (5000 * PROTO_NSEC_PER_MSEC)	/* RX_TIMEOUT */

/* The 16-byte header in front of every message, both directions. */
struct mbox_msg_hdr {
	u32 total_size;		/* payload bytes, header excluded */
	u32 sz_ver;		/* bits 10:0 payload bytes, 23:16 version 1 */
	u32 id;			/* 0x1D000000 | slot */
	u32 opcode;
} __msg_packed;
MSG_WIRE_SIZE(struct mbox_msg_hdr, MBOX_HDR_SIZE);

/* ----------------------------------------------------------------------- */
/* Hardware: rings and registers. */

enum mbox_ring_id {
	MBOX_X2I = 0,		/* host -> firmware */
	MBOX_I2X = 1,		/* firmware -> host */
};

enum mbox_reg {
	MBOX_REG_X2I_HEAD = 0,	/* written by firmware */
	MBOX_REG_X2I_TAIL,	/* written by host */
	MBOX_REG_I2X_HEAD,	/* written by host */
	MBOX_REG_I2X_TAIL,	/* written by firmware */
	MBOX_REG_IOHUB,		/* firmware sets non-zero, host writes 0 */
	MBOX_REG_COUNT,
};

/* Host protocol violations the firmware end records (bit numbers). */
enum mbox_violation {
	MBOX_V_BAD_TAIL = 0,	/* x2i TAIL > size or not 4-aligned (framing) */
	MBOX_V_BAD_SIZE,	/* total_size 0 or not 4-aligned (framing) */
	MBOX_V_OVERRUN,		/* message past TAIL or the ring end (framing) */
	MBOX_V_TOMBSTONE,	/* wrap marker where HEAD < TAIL (framing) */
	MBOX_V_SPARE,		/* message ends in the last 4 spare bytes */
	MBOX_V_BAD_ID,		/* id bits 31:24 are not 0x1D */
	MBOX_V_SZVER,		/* sz_ver is not (total_size | version 1 << 16) */
	MBOX_V_OPCODE,		/* unknown opcode, or not allowed on this channel */
	MBOX_V_OVERWRITE,	/* host wrote over unconsumed x2i data (2.7 hazard) */
	MBOX_V_TOMBSTONE_OOB,	/* host wrap marker would lie outside the ring */
	MBOX_V_COUNT,
};

#define MBOX_V_BIT(v) (1u << (v))
#define MBOX_V_FRAMING                                                                     \
	(MBOX_V_BIT(MBOX_V_BAD_TAIL) | MBOX_V_BIT(MBOX_V_BAD_SIZE) |                        \
	 MBOX_V_BIT(MBOX_V_OVERRUN) | MBOX_V_BIT(MBOX_V_TOMBSTONE))

/* Firmware producer policy flags (struct mbox_hw_cfg.fw_flags). */
#define MBOX_FW_EXACT_FILL 1u	/* a reply may end exactly at the ring end */

struct mbox_hw;
typedef void (*mbox_irq_fn)(void *arg, struct mbox_hw *hw);

/**
 * struct mbox_ring - one direction's ring.
 * @mem: @size bytes of ring memory.
 * @size: bytes, a power of two.
 * @head: the HEAD register (byte offset from the ring start).
 * @tail: the TAIL register (byte offset from the ring start).
 */
struct mbox_ring {
	u8 *mem;
	u32 size;
	u32 head;
	u32 tail;
};

/**
 * struct mbox_hw_cfg - how to build a hardware channel.
 * @x2i_size: x2i ring bytes (power of two, MBOX_RING_MIN..MBOX_RING_MAX).
 * @i2x_size: i2x ring bytes (same rules).
 * @x2i_mem: optional caller memory for the x2i ring (e.g. a simulated
 *           SRAM); NULL to let the channel allocate it.
 * @i2x_mem: same for i2x.
 * @mgmt: true for the management channel (MERT), false for a user channel.
 * @msix: the MSI-X vector index.
 * @chan_id: label copied into trace records.
 * @fw_flags: MBOX_FW_* producer policy.
 * @clock: simulated clock (time stamps of firmware-side trace records).
 * @trace: optional trace.
 * @irq: optional MSI-X delivery hook, called after each reply is posted.
 * @irq_arg: its argument.
 */
struct mbox_hw_cfg {
	u32 x2i_size;
	u32 i2x_size;
	void *x2i_mem;
	void *i2x_mem;
	bool mgmt;
	u32 msix;
	u32 chan_id;
	unsigned int fw_flags;
	struct proto_clock *clock;
	struct mbox_trace *trace;
	mbox_irq_fn irq;
	void *irq_arg;
};

/**
 * struct mbox_hw - one channel's rings and registers (see the overview).
 * @cfg: the configuration it was built from.
 * @ring: the x2i and i2x rings with their HEAD/TAIL registers.
 * @iohub: the interrupt-status register.
 * @irq_count: MSI-X interrupts raised.
 * @violations: MBOX_V_BIT() mask of every violation seen so far.
 * @violation_count: violations seen (each occurrence).
 * @fw_broken: the firmware lost x2i framing and reads no more.
 * @fw_rx: requests the firmware consumed.
 * @fw_tx: messages the firmware posted.
 */
struct mbox_hw {
	struct mbox_hw_cfg cfg;
	struct mbox_ring ring[2];
	u32 iohub;
	u64 irq_count;
	u32 violations;
	u64 violation_count;
	bool fw_broken;
	u64 fw_rx;
	u64 fw_tx;
	/* private: */
	bool owns_mem[2];
};

/**
 * mbox_hw_init - build a hardware channel with all registers zero (2.1).
 * Returns 0; -EINVAL for a size that is not a power of two in range or a
 * NULL argument; -ENOMEM.  On error @hw holds nothing to free.
 */
int mbox_hw_init(struct mbox_hw *hw, const struct mbox_hw_cfg *cfg);

/* mbox_hw_fini - free the ring memory the channel allocated.  Can't fail. */
void mbox_hw_fini(struct mbox_hw *hw);

/**
 * mbox_hw_read_reg - the value of register @reg (0 for an unknown one).
 * This function can't fail.
 */
u32 mbox_hw_read_reg(const struct mbox_hw *hw, enum mbox_reg reg);

/**
 * mbox_hw_write_reg - set register @reg to @val, as a raw MMIO write with
 * no checks (fault injection and tests).
 * Returns 0, or -EINVAL for an unknown register.
 */
int mbox_hw_write_reg(struct mbox_hw *hw, enum mbox_reg reg, u32 val);

/**
 * mbox_hw_write_mem - raw write of @len bytes at @off of ring @r.
 * Returns 0, or -EINVAL when [@off, @off + @len) is not inside the ring.
 */
int mbox_hw_write_mem(struct mbox_hw *hw, enum mbox_ring_id r, u32 off, const void *data,
		      size_t len);

/**
 * mbox_hw_read_mem - raw read of @len bytes at @off of ring @r.
 * Returns 0, or -EINVAL when the range is not inside the ring.
 */
int mbox_hw_read_mem(const struct mbox_hw *hw, enum mbox_ring_id r, u32 off, void *data,
		     size_t len);

/* mbox_violation_name - "overwrite", ...; "?" for unknown values. */
const char *mbox_violation_name(unsigned int v);

/**
 * mbox_hw_check - verify invariants H1..H3 (see the overview).
 * Returns 0, or -EUCLEAN with the first violation in @why.
 */
int mbox_hw_check(const struct mbox_hw *hw, char *why, size_t len);

/* ----------------------------------------------------------------------- */
/* Firmware end. */

/**
 * struct mbox_fw_msg - a request the firmware consumed.
 * @hdr: its header as read from the ring.
 * @len: payload bytes copied to the caller's buffer (== hdr.total_size).
 * @violations: MBOX_V_BIT() mask of non-framing violations in this message
 *              (bad id, sz_ver, opcode, spare bytes); the message is still
 *              delivered so that the firmware can answer it.
 */
struct mbox_fw_msg {
	struct mbox_msg_hdr hdr;
	u32 len;
	u32 violations;
};

/**
 * mbox_fw_recv - consume the next request from x2i, following the host's
 * framing (2.4): tombstones send the reader to offset 0, HEAD is written
 * after each message.
 * @msg: receives the header and diagnosis.
 * @payload: receives the payload; @cap its size.
 *
 * Returns 0 with a message; -ENOENT when x2i is empty; -ENOBUFS when the
 * payload is larger than @cap (nothing consumed); -EPROTO when the host
 * broke the framing (bad TAIL, bad size, overrun, misplaced tombstone): the
 * violation is recorded and the firmware end stops reading (sticky); -EIO
 * when the firmware end was already broken.
 */
int mbox_fw_recv(struct mbox_hw *hw, struct mbox_fw_msg *msg, void *payload, size_t cap);

/**
 * mbox_fw_send - post a message on i2x following the producer rules of
 * 2.5: whole messages only, written before TAIL is published; a message
 * that does not fit before the end (keeping 4 spare bytes, or up to the
 * end with MBOX_FW_EXACT_FILL) is preceded by a tombstone and starts at 0;
 * TAIL never catches up with HEAD.  Then IOHUB := 1 and the MSI-X hook is
 * called.
 * @id: the id of the request being answered (echoed).
 *
 * Returns 0; -ENOSPC when the ring is full (nothing written; retry after
 * the host consumed); -EINVAL when @len is 0, not 4-aligned or too large
 * for the ring, or @payload is NULL; -EIO when the i2x registers hold
 * impossible values.
 */
int mbox_fw_send(struct mbox_hw *hw, u32 opcode, u32 id, const void *payload, u32 len);

/**
 * mbox_fw_send_raw - as mbox_fw_send() but the header is written exactly
 * as given (fault injection: wrong magic, unknown id, lying sizes).  The
 * ring space used is 16 + @len whatever @hdr->total_size says; @len may be
 * 0 here.
 * Returns as mbox_fw_send().
 */
int mbox_fw_send_raw(struct mbox_hw *hw, const struct mbox_msg_hdr *hdr, const void *payload,
		     u32 len);

/**
 * mbox_fw_raise_irq - set IOHUB to 1 and call the MSI-X hook, as after a
 * post (also usable to fake a spurious interrupt).  This function can't
 * fail.
 */
void mbox_fw_raise_irq(struct mbox_hw *hw);

/* mbox_fw_pending - true when x2i holds unconsumed bytes (HEAD != TAIL). */
bool mbox_fw_pending(const struct mbox_hw *hw);

/* ----------------------------------------------------------------------- */
/* Host end. */

/* Driver-variant behaviours (struct mbox_chan_cfg.quirks). */
#define MBOX_Q_FULL_ENOSPC 1u	/* OOT/Old-UP full ring: -ENOSPC at once, no wrap if L >= H */
#define MBOX_Q_ID0_BAD 2u	/* OOT/Old-UP: a reply with id 0 is a bad magic */
#define MBOX_Q_INORDER 4u	/* OOT: user-channel replies in id order */
#define MBOX_FLAVOR_UP 0u
#define MBOX_FLAVOR_OOT (MBOX_Q_FULL_ENOSPC | MBOX_Q_ID0_BAD | MBOX_Q_INORDER)

/* Why a channel went bad (trace records carry it in @status). */
enum mbox_bad_reason {
	MBOX_BAD_NONE = 0,
	MBOX_BAD_TAIL,		/* i2x TAIL > size or not 4-aligned */
	MBOX_BAD_TOMBSTONE,	/* tombstone at HEAD while HEAD < TAIL */
	MBOX_BAD_SIZE,		/* total_size 0, not 4-aligned, or impossibly large */
	MBOX_BAD_OVERRUN,	/* message past the ring end or past TAIL */
	MBOX_BAD_MAGIC,		/* id bits 31:24 != 0x1D (id 0 with MBOX_Q_ID0_BAD) */
	MBOX_BAD_UNKNOWN_ID,	/* no outstanding message has that slot */
	MBOX_BAD_ORDER,		/* MBOX_Q_INORDER: reply out of id order */
	MBOX_BAD_CALLBACK,	/* the reply callback returned an error */
	MBOX_BAD_COUNT,
};

/**
 * struct mbox_resp - a reply delivered to a callback.
 * @id: the message id.
 * @opcode: the opcode of the *request* (the reply's own opcode is
 *          @resp_opcode; the host does not check it).
 * @resp_opcode: the opcode in the reply header (0 when cancelled).
 * @size: the reply's total_size (0 when cancelled).
 * @data: the payload inside the ring, valid only during the callback; NULL
 *        when the message is cancelled because the channel stops.
 */
struct mbox_resp {
	u32 id;
	u32 opcode;
	u32 resp_opcode;
	u32 size;
	const u8 *data;
};

/*
 * A reply callback.  Returning a negative errno marks the channel bad, as
 * any error in the driver's receive path does (2.8); cancellations ignore
 * the return value.
 */
typedef int (*mbox_resp_fn)(void *arg, const struct mbox_resp *resp);

/**
 * struct mbox_chan_cfg - host channel settings.
 * @mgmt: management channel (no in-order rule, 2.3).
 * @quirks: MBOX_Q_* (MBOX_FLAVOR_UP or MBOX_FLAVOR_OOT).
 * @clock: simulated clock (required).
 * @trace: optional trace.
 */
struct mbox_chan_cfg {
	bool mgmt;
	unsigned int quirks;
	struct proto_clock *clock;
	struct mbox_trace *trace;
};

struct mbox_pending {
	bool used;
	u32 opcode;
	u32 size;
	u64 seq;
	u64 sent_ns;
	mbox_resp_fn cb;
	void *arg;
};

/**
 * struct mbox_chan - the driver's software channel (read-only for users).
 * @hw: the hardware channel.
 * @x2i_tail: cached x2i tail (host copy of the TAIL register).
 * @i2x_head: cached i2x head (host copy of the HEAD register).
 * @bad: the channel is in its permanent bad state.
 * @bad_reason: why (enum mbox_bad_reason).
 * @stopped: mbox_chan_stop() ran.
 * @next_slot: cyclic id cursor.
 * @nr_pending: outstanding messages.
 * @next_seq: allocation sequence counter.
 * @last_resp_id: MBOX_Q_INORDER cursor: the previous reply's id, 0 before
 *	the first reply (then only slot 0 is in order).
 * @tx: messages published.  @rx: replies delivered.  @full_polls: 1 us
 * polls of a full ring (UP).  @tx_fail: sends that failed after the id was
 * taken.  @cancelled: messages cancelled at stop.
 * @pending: the id table.
 */
struct mbox_chan {
	struct mbox_hw *hw;
	bool mgmt;
	unsigned int quirks;
	struct proto_clock *clock;
	struct mbox_trace *trace;
	u32 x2i_tail;
	u32 i2x_head;
	bool bad;
	u8 bad_reason;
	bool stopped;
	u32 next_slot;
	u32 nr_pending;
	u64 next_seq;
	u32 last_resp_id;
	u64 tx;
	u64 rx;
	u64 full_polls;
	u64 tx_fail;
	u64 cancelled;
	struct mbox_pending pending[MBOX_MAX_IDS];
	/* private: */
	bool in_rx;
};

/**
 * mbox_chan_create - allocate and start a host channel on @hw (2.10): the
 * host adopts the current x2i TAIL and i2x HEAD register values as its
 * positions, starts in the good state, and acks IOHUB (writes 0).
 * @out: receives the channel.
 *
 * Returns 0; -EINVAL for a NULL argument, a missing clock, or adopted
 * register values that are not 4-aligned offsets inside the rings;
 * -ENOMEM.
 */
int mbox_chan_create(struct mbox_hw *hw, const struct mbox_chan_cfg *cfg,
		     struct mbox_chan **out);

/**
 * mbox_chan_stop - stop the channel: every outstanding message is
 * cancelled, oldest first in allocation order, by calling its callback with
 * resp->data == NULL.  Later sends fail with -ENODEV and replies are never
 * read.  Calling it twice does nothing.  This function can't fail.
 */
void mbox_chan_stop(struct mbox_chan *chan);

/* mbox_chan_destroy - stop (if needed) and free @chan (NULL is ignored). */
void mbox_chan_destroy(struct mbox_chan *chan);

/**
 * mbox_chan_send - send a request on x2i exactly as the driver does (2.4):
 * precondition checks, id allocation (0x1D000000 | slot, cyclic over 256),
 * then the ring write with tombstone wrap and the full-ring behaviour of
 * the channel's flavour (2.7).
 * @opcode: header opcode.
 * @payload: @len bytes, copied into the ring.
 * @cb: reply callback (may be NULL), @arg its argument.
 * @id: if not NULL, receives the message id.
 *
 * Returns 0; -EINVAL when 16 + @len exceeds the x2i ring, @len is not a
 * multiple of 4 or is 0, or the first payload word is 0xDEADFACE; -EPIPE in
 * the bad state; -ENODEV after stop; -EBUSY with 256 messages outstanding;
 * -ETIMEDOUT (UP) when the ring stayed full for 100 us of simulated time;
 * -ENOSPC (MBOX_Q_FULL_ENOSPC) when the ring is full; -EIO when the x2i
 * HEAD register holds an impossible value (simulator guard).  On failure
 * after the id was taken the id is released again (the cyclic cursor has
 * moved on, as in the driver).
 */
int mbox_chan_send(struct mbox_chan *chan, u32 opcode, const void *payload, u32 len,
		   mbox_resp_fn cb, void *arg, u32 *id);

/**
 * mbox_chan_rx - the receive worker (2.8, 2.5): write 0 to IOHUB, consume
 * every message on i2x, re-read IOHUB and repeat while it is non-zero.
 * Any receive error marks the channel bad for good.  A call made while
 * the worker is already running (from a callback, e.g. through the MSI-X
 * hook) returns 0 at once: the running worker sees IOHUB set and loops, as
 * a work item queued on the driver's ordered workqueue would run next.
 *
 * Returns the number of replies delivered to callbacks (>= 0); the negative
 * errno that just made the channel bad (-EINVAL, or the callback's error);
 * -EPIPE when the channel was already bad (nothing read); -ENODEV after
 * stop.
 */
int mbox_chan_rx(struct mbox_chan *chan);

/**
 * mbox_check - verify invariants C1..C8 (see the overview).
 * Returns 0, or -EUCLEAN with the first violation in @why.
 */
int mbox_check(const struct mbox_chan *chan, char *why, size_t len);

/* mbox_bad_reason_name - "unknown_id", ...; "?" for unknown values. */
const char *mbox_bad_reason_name(unsigned int reason);

/* ----------------------------------------------------------------------- */
/* Synchronous helper (2.9) and the management channel. */

/**
 * struct mbox_sync_msg - one synchronous request and its reply buffer.
 * @opcode: request opcode.
 * @req: request payload, @req_len bytes.
 * @resp: reply buffer, @resp_len bytes: the reply's total_size must equal
 *        @resp_len exactly.  Its status word (at the opcode's status
 *        offset) is set to 0xFFFFFFFF before sending.
 * @id: out: the message id.
 * @status: out: the reply's status word (0xFFFFFFFF until a reply came).
 * @error: out: the callback's verdict (0 or -EINVAL for a size mismatch).
 * @done: out: a reply arrived or the message was cancelled.
 * @sent_ns: out: simulated send time.
 * @done_ns: out: simulated completion time.
 */
struct mbox_sync_msg {
	u32 opcode;
	const void *req;
	u32 req_len;
	void *resp;
	u32 resp_len;
	u32 id;
	u32 status;
	int error;
	bool done;
	u64 sent_ns;
	u64 done_ns;
};

/**
 * mbox_send_wait - send @m on @chan and wait up to @timeout_ns of
 * simulated time for the reply (xdna_send_msg_wait).  While waiting, the
 * channel's clock wait hook runs the simulation; a reply is complete when
 * mbox_chan_rx() delivered it.  A reply whose size differs from
 * @m->resp_len is not copied and fails the call with -EINVAL; like any
 * callback error it also marks the channel bad (2.8).
 *
 * Returns 0 (the reply's status is in @m->status, not checked here); the
 * send errors of mbox_chan_send(); -EINVAL for a size mismatch; -ETIME when
 * no reply came within @timeout_ns (a reply at exactly @timeout_ns is in
 * time; on -ETIME the clock reads send time + @timeout_ns).  The channel is
 * not destroyed here.
 */
int mbox_send_wait(struct mbox_chan *chan, struct mbox_sync_msg *m, u64 timeout_ns);

/**
 * struct mbox_mgmt - the driver's handle on the management channel.
 * @chan: the channel, NULL when there is none (after a timeout, before the
 *        device starts): every message then fails with -ENODEV.
 * @timeouts: management timeouts seen.
 */
struct mbox_mgmt {
	struct mbox_chan *chan;
	u64 timeouts;
};

/* mbox_mgmt_init - no channel yet.  This function can't fail. */
void mbox_mgmt_init(struct mbox_mgmt *mg);

/**
 * mbox_mgmt_attach - device (re)start: @chan becomes the management channel
 * (ownership moves to @mg).  A channel still attached is destroyed first.
 * This function can't fail.
 */
void mbox_mgmt_attach(struct mbox_mgmt *mg, struct mbox_chan *chan);

/**
 * mbox_mgmt_detach - device stop: destroy the channel (cancelling pending
 * async registrations).  This function can't fail.
 */
void mbox_mgmt_detach(struct mbox_mgmt *mg);

/**
 * mbox_mgmt_send_wait - a synchronous management message
 * (aie_send_mgmt_msg_wait): mbox_send_wait() with the 5 s timeout; on
 * -ETIME the management channel is stopped and destroyed, and every later
 * message fails with -ENODEV until mbox_mgmt_attach() (device restart).
 *
 * Returns 0; -ENODEV without a channel; the errors of mbox_send_wait();
 * -EINVAL when the reply's status is not SUCCESS (fw_status_to_errno(),
 * the status stays in @m->status for logs).
 */
int mbox_mgmt_send_wait(struct mbox_mgmt *mg, struct mbox_sync_msg *m);

#endif /* XDNASIM_PROTO_MAILBOX_H */
