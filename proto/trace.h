/* SPDX-License-Identifier: MIT */
/*
 * trace.h - the message trace: one record per message event on any
 * mailbox channel, the simulator's counterpart of the driver's
 * mbox_set_tail (host published a request) and mbox_set_head (host
 * consumed a reply) tracepoints, plus the firmware-side and error events
 * the simulator can see and the driver cannot.
 *
 * A struct mbox_trace keeps the last @cap records in a ring (older ones are
 * counted in @dropped) and optionally forwards every record to a sink
 * callback, so that the simulator and the reports can consume it live or
 * afterwards.  Records are numbered by @seq from 0 in emission order; with
 * the same seed and inputs the trace is identical run to run (simulated
 * time only).  mbox_trace_format() renders one record as a stable text
 * line (documented in docs/proto.md).
 */
#ifndef XDNASIM_PROTO_TRACE_H
#define XDNASIM_PROTO_TRACE_H

#include <stddef.h>

#include "common/compat.h"

/* What happened.  The direction follows from the event. */
enum mbox_ev {
	MBOX_EV_HOST_TX = 0,	/* host published a request on x2i (mbox_set_tail) */
	MBOX_EV_HOST_TX_FAIL,	/* host allocated an id but could not publish (err) */
	MBOX_EV_FW_RX,		/* firmware consumed a request from x2i */
	MBOX_EV_FW_TX,		/* firmware published a message on i2x */
	MBOX_EV_HOST_RX,	/* host consumed a message from i2x (mbox_set_head) */
	MBOX_EV_HOST_DROP,	/* host dropped an unsolicited id-0 message (UP) */
	MBOX_EV_HOST_CANCEL,	/* host cancelled an outstanding request at stop */
	MBOX_EV_HOST_BAD,	/* the channel entered its bad state */
	MBOX_EV_FW_VIOLATION,	/* the firmware side saw a host protocol violation */
	MBOX_EV_MGMT_TIMEOUT,	/* a sync management reply came too late (-ETIME) */
	MBOX_EV_COUNT,
};

enum mbox_trace_dir {
	MBOX_DIR_X2I = 0,	/* host -> firmware */
	MBOX_DIR_I2X = 1,	/* firmware -> host */
	MBOX_DIR_NONE = 2,	/* channel-level events */
};

/**
 * struct mbox_trace_rec - one trace record.
 * @seq: emission number, from 0.
 * @time_ns: simulated time of the event.
 * @chan_id: the channel's label (set by the simulator: e.g. 0 management,
 *           1 + context for user channels).
 * @msix: the channel's MSI-X vector (the tracepoints' "chann").
 * @event: enum mbox_ev.
 * @dir: enum mbox_trace_dir.
 * @opcode: message opcode (0 for channel-level events).
 * @id: message id (0x1D000000 | slot for host ids).
 * @size: payload bytes (the header's total_size).
 * @status: the firmware status of a response (HOST_RX, FW_TX) at the
 *          opcode's status offset; for HOST_BAD the enum mbox_bad_reason;
 *          for FW_RX and FW_VIOLATION the enum mbox_violation bit mask;
 *          otherwise 0.
 * @err: 0, or the negative errno of the operation (TX_FAIL, HOST_RX of a
 *       rejected message, HOST_BAD, MGMT_TIMEOUT).
 */
struct mbox_trace_rec {
	u64 seq;
	u64 time_ns;
	u32 chan_id;
	u32 msix;
	u8 event;
	u8 dir;
	u16 rsvd;
	u32 opcode;
	u32 id;
	u32 size;
	u32 status;
	s32 err;
};

typedef void (*mbox_trace_sink)(void *arg, const struct mbox_trace_rec *rec);

/**
 * struct mbox_trace - a trace buffer; fields are read-only for users.
 * @recs: ring of the last @cap records.
 * @cap: capacity of @recs (0: keep none, only forward to @sink).
 * @total: records emitted so far (the next @seq).
 * @first: @seq of the oldest retained record.
 * @dropped: records overwritten because the ring was full.
 * @sink: optional callback for every record.
 * @sink_arg: its argument.
 */
struct mbox_trace {
	struct mbox_trace_rec *recs;
	u32 cap;
	u64 total;
	u64 first;
	u64 dropped;
	mbox_trace_sink sink;
	void *sink_arg;
};

/**
 * mbox_trace_init - prepare @t to keep the last @cap records.
 * Returns 0, or -ENOMEM (then @t is empty and usable with cap 0).
 */
int mbox_trace_init(struct mbox_trace *t, u32 cap);

/* mbox_trace_fini - free the records.  This function can't fail. */
void mbox_trace_fini(struct mbox_trace *t);

/* mbox_trace_set_sink - forward every new record to @sink (NULL: none). */
void mbox_trace_set_sink(struct mbox_trace *t, mbox_trace_sink sink, void *arg);

/**
 * mbox_trace_emit - append @rec (its @seq is assigned here) and forward it
 * to the sink.  A NULL @t does nothing.  This function can't fail.
 */
void mbox_trace_emit(struct mbox_trace *t, struct mbox_trace_rec *rec);

/* mbox_trace_count - records currently retained (at most cap). */
u32 mbox_trace_count(const struct mbox_trace *t);

/**
 * mbox_trace_get - retained record @i, 0 being the oldest retained.
 * Returns the record, or NULL when @i >= mbox_trace_count().
 */
const struct mbox_trace_rec *mbox_trace_get(const struct mbox_trace *t, u32 i);

/* mbox_trace_clear - forget every record (seq numbering continues). */
void mbox_trace_clear(struct mbox_trace *t);

/* mbox_ev_name - "host_tx", "fw_rx", ...; "?" for unknown values. */
const char *mbox_ev_name(unsigned int ev);

/**
 * mbox_trace_format - render @rec as one line (no newline) into @buf:
 *   <seq> <sec>.<nsec9> chan=<id> msix=<n> <event> <dir> op=0x<opcode>(<NAME>)
 *   id=0x<id8> size=<n> status=0x<status> err=<ENAME|0>
 * Returns the length the full line needs (as snprintf), or -EINVAL.
 */
int mbox_trace_format(const struct mbox_trace_rec *rec, char *buf, size_t len);

#endif /* XDNASIM_PROTO_TRACE_H */
