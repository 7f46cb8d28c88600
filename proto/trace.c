// SPDX-License-Identifier: MIT
/*
 * trace.c - the message trace ring (see trace.h).
 */
#include "proto/trace.h"
#include "proto/msg.h"
#include "common/errname.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mbox_trace_init(struct mbox_trace *t, u32 cap)
{
	memset(t, 0, sizeof(*t));
	if (!cap)
		return 0;
	t->recs = calloc(cap, sizeof(*t->recs));
	if (!t->recs)
		return -ENOMEM;
	t->cap = cap;
	return 0;
}

void mbox_trace_fini(struct mbox_trace *t)
{
	free(t->recs);
	memset(t, 0, sizeof(*t));
}

void mbox_trace_set_sink(struct mbox_trace *t, mbox_trace_sink sink, void *arg)
{
	t->sink = sink;
	t->sink_arg = arg;
}

void mbox_trace_emit(struct mbox_trace *t, struct mbox_trace_rec *rec)
{
	if (!t)
		return;
	rec->seq = t->total++;
	if (t->cap) {
		if (t->total - t->first > t->cap) {
			t->first++;
			t->dropped++;
		}
		t->recs[rec->seq % t->cap] = *rec;
	} else {
		t->first = t->total;
	}
	if (t->sink)
		t->sink(t->sink_arg, rec);
}

u32 mbox_trace_count(const struct mbox_trace *t)
{
	return (u32)(t->total - t->first);
}

const struct mbox_trace_rec *mbox_trace_get(const struct mbox_trace *t, u32 i)
{
	if (i >= mbox_trace_count(t))
		return NULL;
	return &t->recs[(t->first + i) % t->cap];
}

void mbox_trace_clear(struct mbox_trace *t)
{
	t->first = t->total;
}

const char *mbox_ev_name(unsigned int ev)
{
	static const char *const names[MBOX_EV_COUNT] = {
		[MBOX_EV_HOST_TX] = "host_tx",
		[MBOX_EV_HOST_TX_FAIL] = "host_tx_fail",
		[MBOX_EV_FW_RX] = "fw_rx",
		[MBOX_EV_FW_TX] = "fw_tx",
		[MBOX_EV_HOST_RX] = "host_rx",
		[MBOX_EV_HOST_DROP] = "host_drop",
		[MBOX_EV_HOST_CANCEL] = "host_cancel",
		[MBOX_EV_HOST_BAD] = "host_bad",
		[MBOX_EV_FW_VIOLATION] = "fw_violation",
		[MBOX_EV_MGMT_TIMEOUT] = "mgmt_timeout",
	};

	return ev < MBOX_EV_COUNT ? names[ev] : "?";
}

int mbox_trace_format(const struct mbox_trace_rec *rec, char *buf, size_t len)
{
	static const char *const dirs[] = { "x2i", "i2x", "-" };

	if (!rec || (!buf && len))
		return -EINVAL;
	return snprintf(buf, len,
			"%llu %llu.%09llu chan=%u msix=%u %s %s op=0x%x(%s) id=0x%08x size=%u "
			"status=0x%x err=%s",
			(unsigned long long)rec->seq,
			(unsigned long long)(rec->time_ns / 1000000000ULL),
			(unsigned long long)(rec->time_ns % 1000000000ULL), rec->chan_id, rec->msix,
			mbox_ev_name(rec->event), rec->dir <= MBOX_DIR_NONE ? dirs[rec->dir] : "?",
			rec->opcode, rec->opcode ? msg_opcode_name(rec->opcode) : "-", rec->id,
			rec->size, rec->status, xerrname(rec->err));
}
