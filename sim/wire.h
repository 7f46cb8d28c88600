/* SPDX-License-Identifier: MIT */
/*
 * wire.h - the simulator's channels on top of proto's mailbox.  A struct
 * sim_chan is one piece of hardware (proto's struct mbox_hw: both rings and
 * the registers), created by the firmware model at boot (management) or at
 * CREATE_CONTEXT (user channel) and found by the driver model through the
 * SRAM address the firmware reported (alive descriptor / cq_pair[0]).  The
 * driver then starts its own proto host channel (struct mbox_chan) on it.
 * Every driver<->firmware message goes through these rings; proto's trace
 * records are forwarded into the event log.
 */
#ifndef XDNASIM_SIM_WIRE_H
#define XDNASIM_SIM_WIRE_H

#include <stddef.h>

#include "common/compat.h"

struct sim;
struct sim_chan;
struct mbox_chan;

#define WIRE_MAX_PAYLOAD 2044

/* A request as the firmware end read it. */
struct wire_msg {
	u32 id;
	u32 opcode;
	u32 len;
	u8 payload[WIRE_MAX_PAYLOAD];
};

/*
 * wire_chan_create - firmware: new hardware channel @chan_no (0 =
 * management, else 1 + fw ctx id) with rings of @ring_size bytes and MSI-X
 * vector @msix; @sram receives the SRAM address the driver will look up.
 * Returns 0, -EINVAL or -ENOMEM.
 */
int wire_chan_create(struct sim *sim, u32 chan_no, u32 ring_size, u32 msix,
		     struct sim_chan **out, u32 *sram);

/* wire_chan_destroy - firmware: the channel's resources are released. */
void wire_chan_destroy(struct sim *sim, struct sim_chan *sc);

/* wire_chan_find - the live channel whose x2i ring is at @sram, or NULL. */
struct sim_chan *wire_chan_find(struct sim *sim, u32 sram);

/*
 * wire_host_start - driver: start a host channel on @sc (proto's
 * mbox_chan_create with the configured driver flavour).
 * Returns 0, -EBUSY if one is already running, or proto's errors.
 */
int wire_host_start(struct sim *sim, struct sim_chan *sc, struct mbox_chan **out);

/* wire_host_stop - driver: stop and free *@ch (cancelling outstanding ids), NULL it. */
void wire_host_stop(struct sim *sim, struct mbox_chan **ch);

/*
 * wire_fw_next - firmware: the next request on x2i.
 * Returns 1 with @m filled, 0 when empty, a negative errno when the host
 * broke the framing (recorded as a violation; the channel's firmware end
 * stops reading).
 */
int wire_fw_next(struct sim *sim, struct sim_chan *sc, struct wire_msg *m);

/* wire_fw_post - firmware: post a reply on i2x (raises the MSI-X). 0 or proto's errors. */
int wire_fw_post(struct sim *sim, struct sim_chan *sc, u32 id, u32 opcode, const void *payload,
		 u32 len);

/* wire_check - proto's hardware and host-channel checkers; 0 or -EUCLEAN with @why. */
int wire_check(const struct sim_chan *sc, char *why, size_t len);

/* wire_trace_sink - proto trace records → event log (and violations). */
void wire_trace_sink(void *arg, const struct mbox_trace_rec *rec);

/* wire_clock_wait - proto clock hook: run the firmware while a waiter waits. */
void wire_clock_wait(struct proto_clock *clk, u64 until_ns);

#endif /* XDNASIM_SIM_WIRE_H */
