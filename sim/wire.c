// SPDX-License-Identifier: MIT
/*
 * wire.c - hardware channels (proto mbox_hw) owned by the firmware model,
 * host channels (proto mbox_chan) started by the driver model, the MSI-X
 * hook that runs the driver's receive worker, the clock hook that lets the
 * firmware run while the driver waits, and the trace bridge.
 */
#include "sim/sim_priv.h"
#include "sim/wire.h"
#include "proto/mailbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_SRAM_BASE 0x00010000u

struct sim_chan {
	struct mbox_hw hw;
	struct sim *sim;
	struct mbox_chan *host;		/* user channels: the driver's view */
	u32 no;
	u32 sram;
	struct sim_chan *next;
};

/* MSI-X: queue (run) the driver's receive work for this channel. */
static void wire_irq(void *arg, struct mbox_hw *hw)
{
	struct sim_chan *sc = arg;
	struct mbox_chan *host = sc->no == 0 ? sc->sim->mg.chan : sc->host;

	if (host && host->hw == hw)
		mbox_chan_rx(host);
}

int wire_chan_create(struct sim *sim, u32 chan_no, u32 ring_size, u32 msix,
		     struct sim_chan **out, u32 *sram)
{
	struct mbox_hw_cfg cfg = {
		.x2i_size = ring_size,
		.i2x_size = ring_size,
		.mgmt = chan_no == 0,
		.msix = msix,
		.chan_id = chan_no,
		.clock = &sim->clock,
		.trace = &sim->trace,
		.irq = wire_irq,
	};
	struct sim_chan *sc = calloc(1, sizeof(*sc));
	int ret;

	if (!sc)
		return -ENOMEM;
	cfg.irq_arg = sc;
	ret = mbox_hw_init(&sc->hw, &cfg);
	if (ret) {
		free(sc);
		return ret;
	}
	sc->sim = sim;
	sc->no = chan_no;
	/* Two rings per channel, laid out by channel number. */
	sc->sram = WIRE_SRAM_BASE + chan_no * 2 * ring_size + sim->sram_gen * 0x100000u;
	sc->next = sim->chans;
	sim->chans = sc;
	*out = sc;
	*sram = sc->sram;
	return 0;
}

void wire_chan_destroy(struct sim *sim, struct sim_chan *sc)
{
	for (struct sim_chan **pp = &sim->chans; *pp; pp = &(*pp)->next) {
		if (*pp == sc) {
			*pp = sc->next;
			break;
		}
	}
	/* The driver always stops its view first; a leftover one is freed here. */
	if (sc->host)
		mbox_chan_destroy(sc->host);
	mbox_hw_fini(&sc->hw);
	free(sc);
}

struct sim_chan *wire_chan_find(struct sim *sim, u32 sram)
{
	for (struct sim_chan *sc = sim->chans; sc; sc = sc->next)
		if (sc->sram == sram)
			return sc;
	return NULL;
}

int wire_host_start(struct sim *sim, struct sim_chan *sc, struct mbox_chan **out)
{
	struct mbox_chan_cfg cfg = {
		.mgmt = sc->no == 0,
		.quirks = sim->cfg.oot_full_ring ? MBOX_Q_FULL_ENOSPC : MBOX_FLAVOR_UP,
		.clock = &sim->clock,
		.trace = &sim->trace,
	};
	int ret;

	if (sc->no && sc->host)
		return -EBUSY;
	ret = mbox_chan_create(&sc->hw, &cfg, out);
	if (!ret && sc->no)
		sc->host = *out;
	return ret;
}

void wire_host_stop(struct sim *sim, struct mbox_chan **ch)
{
	struct sim_chan *sc;

	if (!*ch)
		return;
	sc = container_of((*ch)->hw, struct sim_chan, hw);
	if (sc->host == *ch)
		sc->host = NULL;
	mbox_chan_destroy(*ch);
	*ch = NULL;
}

int wire_fw_next(struct sim *sim, struct sim_chan *sc, struct wire_msg *m)
{
	struct mbox_fw_msg fm;
	int ret = mbox_fw_recv(&sc->hw, &fm, m->payload, sizeof(m->payload));

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	m->id = fm.hdr.id;
	m->opcode = fm.hdr.opcode;
	m->len = fm.len;
	return 1;
}

int wire_fw_post(struct sim *sim, struct sim_chan *sc, u32 id, u32 opcode, const void *payload,
		 u32 len)
{
	return mbox_fw_send(&sc->hw, opcode, id, payload, len);
}

int wire_check(const struct sim_chan *sc, char *why, size_t len)
{
	const struct mbox_chan *host = sc->no == 0 ? sc->sim->mg.chan : sc->host;

	if (mbox_hw_check(&sc->hw, why, len))
		return -EUCLEAN;
	if (host && host->hw == &sc->hw && mbox_check(host, why, len))
		return -EUCLEAN;
	return 0;
}

void wire_trace_sink(void *arg, const struct mbox_trace_rec *rec)
{
	struct sim *sim = arg;
	/* user channel 1 + ctx: label the record with the context's client */
	u32 client = rec->chan_id && rec->chan_id <= SIM_MAX_FW_CTX ?
		     sim->fw.ctx[rec->chan_id - 1].client : 0;

	switch (rec->event) {
	case MBOX_EV_HOST_TX:
		sim->msgs_sent++;
		sim_ev(sim, SIM_EV_MSG_TX, (u16)rec->opcode, client, rec->chan_id, rec->err, rec->id,
		       0, rec->size);
		break;
	case MBOX_EV_HOST_RX:
		sim_ev(sim, SIM_EV_MSG_RX, (u16)rec->opcode, client, rec->chan_id, (s32)rec->status,
		       rec->id, 0, rec->size);
		break;
	case MBOX_EV_FW_VIOLATION:
		sim_violation(sim,
			      rec->status & MBOX_V_BIT(MBOX_V_OVERWRITE) ? SIM_INV_X2I_OVERWRITE :
									   SIM_INV_MAILBOX_FRAMING,
			      0, rec->chan_id, rec->status, "mailbox: host violation %#x on channel %u",
			      rec->status, rec->chan_id);
		break;
	case MBOX_EV_HOST_BAD:
		sim_ev(sim, SIM_EV_PM, SIM_PM_CHAN_BAD, 0, rec->chan_id, rec->err, rec->status, 0,
		       0);
		break;
	case MBOX_EV_MGMT_TIMEOUT:
		sim_ev(sim, SIM_EV_PM, SIM_PM_MGMT_TIMEOUT, 0, rec->opcode, rec->err, rec->id, 0,
		       0);
		break;
	default:
		break;
	}
}

void wire_clock_wait(struct proto_clock *clk, u64 until_ns)
{
	struct sim *sim = clk->priv;

	(void)until_ns;
	fw_service(sim);
}
