/* SPDX-License-Identifier: MIT */
/*
 * event.h - the simulator's event log: one fixed-size record per driver
 * operation, firmware message, chunk reference/pin change, IOMMU mapping,
 * firmware action or fault, injected fault and invariant violation.
 *
 * Records carry a sequence number (dense from 0, never reused) and the
 * simulated time.  The log is an append-only array; with a limit it keeps
 * the newest @limit records (older ones are counted as dropped, their
 * sequence numbers stay consumed).  Scenarios (issue 6) and reports
 * (issue 8) read it through sim_event_count() / sim_event_at().
 * The field meaning per record type is documented in docs/sim.md.
 */
#ifndef XDNASIM_SIM_EVENT_H
#define XDNASIM_SIM_EVENT_H

#include <stddef.h>

#include "common/compat.h"

enum sim_ev_type {
	SIM_EV_OP = 1,		/* kind = enum sim_op, err = result, obj = handle/id produced */
	SIM_EV_MSG_TX,		/* kind = opcode, obj = channel, aux = msg id, size = payload */
	SIM_EV_MSG_RX,		/* kind = opcode, obj = channel, aux = msg id, err = status */
	SIM_EV_CHUNK,		/* kind = enum sim_chunk_act, obj = chunk, aux = count after */
	SIM_EV_IOMMU,		/* kind = enum sim_iommu_act, aux = pasid, addr/size = range */
	SIM_EV_FW,		/* kind = enum sim_fw_act, obj = fw ctx id, addr/size per act */
	SIM_EV_FW_FAULT,	/* kind = enum sim_fw_fault, obj = fw ctx id, addr = address */
	SIM_EV_FAULT,		/* kind = fault site, aux = call number, err = value injected */
	SIM_EV_VIOLATION,	/* kind = invariant/detector number, obj/addr = offending object */
	SIM_EV_PM,		/* kind = enum sim_pm_act, err = result */
	SIM_EV_JOB,		/* kind = command state, obj = hwctx id, aux = job seq */
	SIM_EV_TYPE_MAX
};

/* SIM_EV_CHUNK actions. */
enum sim_chunk_act {
	SIM_CHUNK_CREATE = 1,
	SIM_CHUNK_REF,
	SIM_CHUNK_UNREF,
	SIM_CHUNK_PIN,
	SIM_CHUNK_UNPIN,
	SIM_CHUNK_FREE,
};

/* SIM_EV_IOMMU actions. */
enum sim_iommu_act {
	SIM_IOMMU_MAP = 1,
	SIM_IOMMU_UNMAP,
	SIM_IOMMU_PASID_BIND,
	SIM_IOMMU_PASID_UNBIND,
};

/* SIM_EV_FW actions (what the firmware model did). */
enum sim_fw_act {
	SIM_FW_CTX_CREATE = 1,	/* aux = pasid, addr = start_col, size = num_col */
	SIM_FW_CTX_DESTROY,
	SIM_FW_HOST_BUF,	/* aux = index in the context's list, addr = buf_addr */
	SIM_FW_CONFIG_CU,	/* aux = num_cus */
	SIM_FW_EXEC,		/* aux = slot count, err = status answered */
	SIM_FW_HANG,		/* an exec the ERT will never answer */
	SIM_FW_ASYNC_EVENT,	/* a pending async registration answered */
	SIM_FW_BOOT,
	SIM_FW_SUSPEND,
	SIM_FW_CTX_LEAK,	/* DESTROY_CONTEXT failed: the driver forgot a live context */
	SIM_FW_STALE_ADDR,	/* a held chunk's address changed under a live context:
				 * obj = hwctx id, aux = chunk, addr = address sent,
				 * size = the chunk's new firmware address (docs/driver/heap.md §14 item 9) */
};

/* SIM_EV_FW_FAULT kinds. */
enum sim_fw_fault {
	SIM_FWF_OUTSIDE_HOST_BUFS = 1,	/* window address beyond the registered list */
	SIM_FWF_IOMMU_UNMAPPED,		/* no translation for the host address */
	SIM_FWF_IOMMU_WRONG_PASID,	/* mapped, but for another PASID */
	SIM_FWF_BAD_CU,			/* CU index not configured */
};

/* SIM_EV_PM actions. */
enum sim_pm_act {
	SIM_PM_SUSPEND = 1,
	SIM_PM_RESUME,
	SIM_PM_AUTOSUSPEND,
	SIM_PM_TDR,
	SIM_PM_HW_RESET,
	SIM_PM_MGMT_TIMEOUT,
	SIM_PM_CHAN_BAD,	/* a host channel entered its bad state (obj = channel) */
};

struct sim_event {
	u64 seq;
	u64 time_ns;
	u16 type;
	u16 kind;
	u32 client;
	u32 obj;
	s32 err;
	u32 aux;
	u64 addr;
	u64 size;
};

struct sim_evlog {
	struct sim_event *ev;
	size_t n;		/* records stored */
	size_t cap;		/* allocated */
	size_t limit;		/* 0 = unbounded; else a ring of @limit */
	size_t head;		/* ring: index of the oldest record */
	u64 next_seq;
	u64 dropped;		/* overwritten by the ring or lost to ENOMEM */
	bool off;		/* record nothing (benchmarks) */
	struct sim_event spare;	/* what evlog_push() fills when nothing is kept */
};

/* evlog_init - empty log; @limit 0 = unbounded; @off = count sequence only. */
void evlog_init(struct sim_evlog *log, size_t limit, bool off);

/* evlog_fini - free the records.  This function can't fail. */
void evlog_fini(struct sim_evlog *log);

/*
 * evlog_add - append @e (its seq is assigned here) and return the sequence
 * number.  A host allocation failure drops the record and counts it in
 * @log->dropped; the log never fails its caller.
 */
u64 evlog_add(struct sim_evlog *log, struct sim_event *e);

/*
 * evlog_push - the record to fill for the next event, its seq already set;
 * the caller sets every other field.  Filling it in place, rather than
 * copying a record built on the stack, spares a load that would wait for
 * every older store to drain (the copy reads back what was just written).
 * When the record is not kept (log off, allocation failure) the slot is a
 * spare one.  Never NULL.
 */
struct sim_event *evlog_push(struct sim_evlog *log);

/*
 * evlog_consume - forget the stored records (a reader has seen them);
 * sequence numbers go on.  A reader that consumes after each read keeps the
 * records it has not seen at the front of the array, in a few cache lines,
 * instead of wandering through the whole ring.  This function can't fail.
 */
void evlog_consume(struct sim_evlog *log);

/* evlog_count - records currently stored. */
size_t evlog_count(const struct sim_evlog *log);

/* evlog_at - the @i-th stored record, oldest first; NULL when out of range. */
const struct sim_event *evlog_at(const struct sim_evlog *log, size_t i);

/* sim_ev_type_name - stable lower-case name of a record type ("op", "msg_tx"...). */
const char *sim_ev_type_name(unsigned int type);

/* sim_ev_kind_name - name of @kind for @type (op, action, fault...); "?" if unknown. */
const char *sim_ev_kind_name(unsigned int type, unsigned int kind);

/*
 * sim_event_format - one line for @e: "seq time_ms type kind c<client>
 * o<obj> err=<errno name> aux=<hex> addr=<hex> size=<hex>".  Returns the
 * length snprintf() would have written.
 */
int sim_event_format(const struct sim_event *e, char *buf, size_t len);

#endif /* XDNASIM_SIM_EVENT_H */
