// SPDX-License-Identifier: MIT
/*
 * event.c - the append-only (optionally ring-limited) event log.
 * Growth doubles the array; a limited log stops growing at @limit and
 * overwrites its oldest record.
 */
#include "sim/event.h"
#include "sim/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"

void evlog_init(struct sim_evlog *log, size_t limit, bool off)
{
	memset(log, 0, sizeof(*log));
	log->limit = limit;
	log->off = off;
}

void evlog_fini(struct sim_evlog *log)
{
	free(log->ev);
	log->ev = NULL;
	log->n = log->cap = log->head = 0;
}

static bool evlog_grow(struct sim_evlog *log)
{
	size_t cap = log->cap ? log->cap * 2 : 256;
	struct sim_event *ev;

	if (log->limit && cap > log->limit)
		cap = log->limit;
	if (cap <= log->cap)
		return false;
	ev = realloc(log->ev, cap * sizeof(*ev));
	if (!ev)
		return false;
	log->ev = ev;
	log->cap = cap;
	return true;
}

struct sim_event *evlog_push(struct sim_evlog *log)
{
	u64 seq = log->next_seq++;
	struct sim_event *slot;
	size_t i;

	if (log->off) {
		slot = &log->spare;
	} else if (log->n == log->cap && !evlog_grow(log)) {
		log->dropped++;
		if (!log->limit || !log->cap) {
			slot = &log->spare;
		} else {
			/* Ring full: overwrite the oldest record. */
			slot = &log->ev[log->head];
			log->head = log->head + 1 == log->cap ? 0 : log->head + 1;
		}
	} else {
		i = log->head + log->n;	/* below 2 * cap */
		slot = &log->ev[i >= log->cap ? i - log->cap : i];
		log->n++;
	}
	memset(slot, 0, sizeof(*slot));	/* padding too: records compare bytewise */
	slot->seq = seq;
	return slot;
}

u64 evlog_add(struct sim_evlog *log, struct sim_event *e)
{
	struct sim_event *slot = evlog_push(log);

	e->seq = slot->seq;
	*slot = *e;
	return e->seq;
}

void evlog_consume(struct sim_evlog *log)
{
	log->n = 0;
	log->head = 0;
}

size_t evlog_count(const struct sim_evlog *log)
{
	return log->n;
}

const struct sim_event *evlog_at(const struct sim_evlog *log, size_t i)
{
	if (i >= log->n)
		return NULL;
	return &log->ev[(log->head + i) % log->cap];
}

static const char *const ev_type_names[SIM_EV_TYPE_MAX] = {
	[SIM_EV_OP] = "op",
	[SIM_EV_MSG_TX] = "msg_tx",
	[SIM_EV_MSG_RX] = "msg_rx",
	[SIM_EV_CHUNK] = "chunk",
	[SIM_EV_IOMMU] = "iommu",
	[SIM_EV_FW] = "fw",
	[SIM_EV_FW_FAULT] = "fw_fault",
	[SIM_EV_FAULT] = "fault",
	[SIM_EV_VIOLATION] = "violation",
	[SIM_EV_PM] = "pm",
	[SIM_EV_JOB] = "job",
};

const char *sim_ev_type_name(unsigned int type)
{
	if (type >= SIM_EV_TYPE_MAX || !ev_type_names[type])
		return "?";
	return ev_type_names[type];
}

static const char *const chunk_act_names[] = {
	[SIM_CHUNK_CREATE] = "create", [SIM_CHUNK_REF] = "ref",
	[SIM_CHUNK_UNREF] = "unref",   [SIM_CHUNK_PIN] = "pin",
	[SIM_CHUNK_UNPIN] = "unpin",   [SIM_CHUNK_FREE] = "free",
};

static const char *const iommu_act_names[] = {
	[SIM_IOMMU_MAP] = "map",
	[SIM_IOMMU_UNMAP] = "unmap",
	[SIM_IOMMU_PASID_BIND] = "pasid_bind",
	[SIM_IOMMU_PASID_UNBIND] = "pasid_unbind",
};

static const char *const fw_act_names[] = {
	[SIM_FW_CTX_CREATE] = "ctx_create", [SIM_FW_CTX_DESTROY] = "ctx_destroy",
	[SIM_FW_HOST_BUF] = "host_buf",	    [SIM_FW_CONFIG_CU] = "config_cu",
	[SIM_FW_EXEC] = "exec",		    [SIM_FW_HANG] = "hang",
	[SIM_FW_ASYNC_EVENT] = "async_event", [SIM_FW_BOOT] = "boot",
	[SIM_FW_SUSPEND] = "suspend",   [SIM_FW_CTX_LEAK] = "ctx_leak",
	[SIM_FW_STALE_ADDR] = "stale_addr",
};

static const char *const fw_fault_names[] = {
	[SIM_FWF_OUTSIDE_HOST_BUFS] = "outside_host_buffers",
	[SIM_FWF_IOMMU_UNMAPPED] = "iommu_unmapped",
	[SIM_FWF_IOMMU_WRONG_PASID] = "iommu_wrong_pasid",
	[SIM_FWF_BAD_CU] = "bad_cu",
};

static const char *const pm_act_names[] = {
	[SIM_PM_SUSPEND] = "suspend",	[SIM_PM_RESUME] = "resume",
	[SIM_PM_AUTOSUSPEND] = "autosuspend", [SIM_PM_TDR] = "tdr",
	[SIM_PM_HW_RESET] = "hw_reset", [SIM_PM_MGMT_TIMEOUT] = "mgmt_timeout",
	[SIM_PM_CHAN_BAD] = "chan_bad",
};

static const char *const job_state_names[] = {
	[0] = "pending", [1] = "new", [4] = "completed", [5] = "error", [6] = "abort",
	[8] = "timeout",
};

#define NAME_IN(tbl, k) ((k) < ARRAY_SIZE(tbl) && (tbl)[k] ? (tbl)[k] : "?")

/* Implemented by the modules that own those numbers. */
const char *sim_fault_site_name(unsigned int site);
const char *sim_opcode_name(unsigned int opcode);

const char *sim_ev_kind_name(unsigned int type, unsigned int kind)
{
	switch (type) {
	case SIM_EV_OP:
		return sim_op_name(kind);
	case SIM_EV_MSG_TX:
	case SIM_EV_MSG_RX:
		return sim_opcode_name(kind);
	case SIM_EV_CHUNK:
		return NAME_IN(chunk_act_names, kind);
	case SIM_EV_IOMMU:
		return NAME_IN(iommu_act_names, kind);
	case SIM_EV_FW:
		return NAME_IN(fw_act_names, kind);
	case SIM_EV_FW_FAULT:
		return NAME_IN(fw_fault_names, kind);
	case SIM_EV_FAULT:
		return sim_fault_site_name(kind);
	case SIM_EV_VIOLATION:
		return sim_inv_name((int)kind);
	case SIM_EV_PM:
		return NAME_IN(pm_act_names, kind);
	case SIM_EV_JOB:
		return NAME_IN(job_state_names, kind);
	default:
		return "?";
	}
}

int sim_event_format(const struct sim_event *e, char *buf, size_t len)
{
	char err[24];

	if (e->type == SIM_EV_MSG_RX || e->type == SIM_EV_FW || e->type == SIM_EV_FAULT)
		snprintf(err, sizeof(err), "%#x", (unsigned int)e->err);
	else
		snprintf(err, sizeof(err), "%s", e->err ? xerrname(e->err) : "0");
	return snprintf(buf, len, "%6llu %10.3f %-9s %-24s c%u o%d err=%s aux=%#x addr=%#llx size=%#llx",
			(unsigned long long)e->seq, e->time_ns / 1e6, sim_ev_type_name(e->type),
			sim_ev_kind_name(e->type, e->kind), e->client, (int)e->obj, err, e->aux,
			(unsigned long long)e->addr, (unsigned long long)e->size);
}
