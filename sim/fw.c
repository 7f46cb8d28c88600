// SPDX-License-Identifier: MIT
/*
 * fw.c - the NPU firmware model: MERT on the management channel and one
 * ERT per context on its user channel (docs/driver/proto.md §5.1, §11).
 *
 * MERT keeps the context table (limit 6 on NPU1, 16 on the NPU4 family,
 * lowest free id), each context's ordered host-buffer list (MAP_HOST_BUFFER
 * first, each ADD_HOST_BUFFER appends; host buffer k backs window
 * [0x0400_0000 + k·64 MiB, +64 MiB)), the pending async-event
 * registrations, and answers every management opcode the UP driver sends,
 * gated by the firmware version's features (INVALID_COMMAND otherwise).
 * The ERT executes CONFIG_CU and chained commands: every address it
 * touches is translated window → host buffer → IOMMU (with the context's
 * PASID); a miss is a firmware fault: an async error event is answered,
 * the context is paused and the command never completes (TDR recovers).
 * Host misbehaviour (docs/driver/proto.md §11, docs/driver/heap.md §11 inv. 10) is recorded as a
 * violation; the firmware does not crash on it.
 */
#include "common/device.h"
#include "sim/sim_priv.h"
#include "sim/wire.h"
#include "proto/msg.h"
#include "proto/buffers.h"

#include <errno.h>
#include <string.h>

#define FW_RING_SIZE 4096

/* enum proto_dev follows common/devices.def (proto/fw.c asserts it). */
static enum proto_dev fw_dev(const struct sim *sim)
{
	int dev = xdna_device_by_name(sim->dev.hp->name);

	return dev >= 0 && dev < PROTO_DEV_COUNT ? (enum proto_dev)dev : PROTO_DEV_NPU4;
}

void fw_init(struct sim *sim)
{
	u32 feat = 0;

	memset(&sim->fw, 0, sizeof(sim->fw));
	sim->fw.major = sim->cfg.fw_major;
	sim->fw.minor = sim->cfg.fw_minor;
	proto_fw_features(fw_dev(sim), sim->fw.major, sim->fw.minor, &feat);
	sim->fw.features = feat;
	sim->fw.limit = sim->dev.hp->hwctx_limit;
	if (sim->fw.limit > SIM_MAX_FW_CTX)
		sim->fw.limit = SIM_MAX_FW_CTX;
}

static void fw_ev(struct sim *sim, const struct fw_ctx *x, u16 act, s32 err, u32 aux, u64 addr,
		  u64 size)
{
	sim_ev(sim, SIM_EV_FW, act, x ? x->client : 0, x ? x->id : ~0u, err, aux, addr, size);
}

static void ctx_free(struct sim *sim, struct fw_ctx *x)
{
	if (x->uch)
		wire_chan_destroy(sim, x->uch);
	memset(x, 0, sizeof(*x));
}

/* fw_power_off - the NPU loses every context, registration and channel. */
void fw_power_off(struct sim *sim)
{
	for (u32 i = 0; i < SIM_MAX_FW_CTX; i++)
		if (sim->fw.ctx[i].state != SIM_FWC_FREE)
			ctx_free(sim, &sim->fw.ctx[i]);
	if (sim->fw_mgmt)
		wire_chan_destroy(sim, sim->fw_mgmt);
	sim->fw_mgmt = NULL;
	sim->fw.leaked = 0;
	sim->fw.nasync = 0;
	sim->fw.booted = false;
	sim->fw.dead = false;
}

/*
 * fw_boot - power on and boot: a fresh management channel whose SRAM
 * address (the alive descriptor's x2i ring) is returned in @sram.
 */
int fw_boot(struct sim *sim, u32 *sram)
{
	int ret;

	fw_power_off(sim);
	sim->sram_gen++;
	ret = wire_chan_create(sim, 0, FW_RING_SIZE, 1, &sim->fw_mgmt, sram);
	if (ret)
		return ret;
	sim->fw.booted = true;
	fw_ev(sim, NULL, SIM_FW_BOOT, 0, sim->fw.major << 16 | sim->fw.minor, *sram, 0);
	return 0;
}

void fw_fini(struct sim *sim)
{
	fw_power_off(sim);
}

const struct fw_ctx *fw_ctx_get(const struct sim *sim, u32 id)
{
	if (id >= SIM_MAX_FW_CTX || sim->fw.ctx[id].state == SIM_FWC_FREE)
		return NULL;
	return &sim->fw.ctx[id];
}

static void reply_status(struct sim *sim, struct sim_chan *ch, const struct wire_msg *m,
			 u32 status)
{
	struct msg_status_resp r = { .status = status };

	wire_fw_post(sim, ch, m->id, m->opcode, &r, sizeof(r));
}

/*
 * Decode request @m into @req; a malformed one is answered
 * INVALID_INPUT_BUFFER on @ch and false returned.
 */
static bool decode_req(struct sim *sim, struct sim_chan *ch, const struct wire_msg *m, void *req,
		       size_t size)
{
	if (!msg_decode(m->opcode, MSG_REQ, m->payload, m->len, req, size, MSG_DECODE_LENIENT,
			NULL))
		return true;
	reply_status(sim, ch, m, FW_STATUS_INVALID_INPUT_BUFFER);
	return false;
}

/*
 * Consult @m's fault site: false when the firmware must not answer at all
 * (a negative injected value, "timeout"); else the status to answer with
 * is left in sim->fw.inject (0 = none).
 */
static bool fw_fault_msg(struct sim *sim, const struct wire_msg *m)
{
	int site = sim_fault_site_of_opcode(m->opcode);
	s64 v;

	sim->fw.inject = 0;
	if (site < 0 || !sim_fault(sim, (unsigned int)site, &v))
		return true;
	if (v < 0)
		return false;
	sim->fw.inject = (u32)v;
	return true;
}

/* The injected status for the message being handled, or SUCCESS. */
static u32 fw_inject(struct sim *sim, unsigned int site)
{
	u32 st = sim->fw.inject;

	(void)site;
	sim->fw.inject = 0;
	return st;
}

static struct fw_ctx *ctx_lookup(struct sim *sim, u32 id)
{
	return (struct fw_ctx *)fw_ctx_get(sim, id);
}

static void mert_create_context(struct sim *sim, const struct wire_msg *m)
{
	struct msg_create_ctx_req req;
	struct msg_create_ctx_resp resp = { .status = FW_STATUS_SUCCESS };
	struct fw_ctx *x = NULL;
	u32 live = 0, sram = 0;

	if (!decode_req(sim, sim->fw_mgmt, m, &req, sizeof(req)))
		return;
	if (req.aie_type != MSG_AIE_TYPE_AIE2 || req.num_cq_pairs_requested != 1)
		sim_violation(sim, SIM_INV_CREATE_CTX_FIELDS, 0, m->id, req.aie_type,
			      "CREATE_CONTEXT aie_type %u num_cq_pairs %u", req.aie_type,
			      req.num_cq_pairs_requested);
	resp.status = fw_inject(sim, SIM_FAULT_FW_CREATE_CONTEXT);
	for (u32 i = 0; i < SIM_MAX_FW_CTX; i++)
		live += sim->fw.ctx[i].state != SIM_FWC_FREE;
	if (!resp.status && live >= sim->fw.limit)
		resp.status = FW_STATUS_MGMT_ERT_NOAVAIL;
	if (!resp.status && (!req.num_col || req.start_col + req.num_col > sim->dev.total_col ||
			     req.num_unused_col >= req.num_col))
		resp.status = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	for (u32 i = 0; !resp.status && i < sim->fw.limit; i++) {
		if (sim->fw.ctx[i].state == SIM_FWC_FREE) {
			x = &sim->fw.ctx[i];
			break;
		}
	}
	if (!resp.status && x &&
	    wire_chan_create(sim, 1 + (u32)(x - sim->fw.ctx), FW_RING_SIZE,
				 2 + (u32)(x - sim->fw.ctx), &x->uch, &sram))
		resp.status = FW_STATUS_MGMT_ERT_NOAVAIL;
	if (resp.status || !x) {
		resp.status = resp.status ? resp.status : FW_STATUS_MGMT_ERT_NOAVAIL;
		resp.context_id = MSG_CTX_ID_INVALID;
		fw_ev(sim, NULL, SIM_FW_CTX_CREATE, (s32)resp.status, req.pasid, req.start_col,
		      req.num_col);
		wire_fw_post(sim, sim->fw_mgmt, m->id, m->opcode, &resp, sizeof(resp));
		return;
	}
	x->id = (u32)(x - sim->fw.ctx);
	x->state = SIM_FWC_CREATED;
	x->pasid = req.pasid;
	x->client = 0;	/* annotated by the driver model for event records */
	x->start_col = req.start_col;
	x->num_col = req.num_col;
	x->num_unused_col = req.num_unused_col;
	x->priority = req.context_priority;
	resp.context_id = x->id;
	resp.msix_id = (u16)(x->id + 2);
	resp.num_cq_pairs_allocated = 1;
	resp.cq_pair[0].x2i_q.buf_addr = sram;
	resp.cq_pair[0].x2i_q.buf_size = FW_RING_SIZE;
	resp.cq_pair[0].i2x_q.buf_addr = sram + FW_RING_SIZE;
	resp.cq_pair[0].i2x_q.buf_size = FW_RING_SIZE;
	fw_ev(sim, x, SIM_FW_CTX_CREATE, 0, x->pasid, x->start_col, x->num_col);
	wire_fw_post(sim, sim->fw_mgmt, m->id, m->opcode, &resp, sizeof(resp));
}

static void mert_destroy_context(struct sim *sim, const struct wire_msg *m)
{
	struct msg_destroy_ctx_req req;
	struct fw_ctx *x;
	u32 st;

	if (!decode_req(sim, sim->fw_mgmt, m, &req, sizeof(req)))
		return;
	x = ctx_lookup(sim, req.context_id);
	st = fw_inject(sim, SIM_FAULT_FW_DESTROY_CONTEXT);
	if (!x && !st)
		st = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	if (!st) {
		fw_ev(sim, x, SIM_FW_CTX_DESTROY, 0, x->nbufs, 0, 0);
		ctx_free(sim, x);
	}
	reply_status(sim, sim->fw_mgmt, m, st);
}

/*
 * An address the driver derived from the INVALID address ~0: ~0 itself or,
 * for the later 64 MiB pieces of a chunk, ~0 + k × 64 MiB (wrapped).  The
 * driver's piece loop adds the piece size to the chunk's address with no
 * check (aie2_send_host_buf_msgs(), aie2_message.c @856409ca), so a chunk of
 * 128 MiB or more whose address is ~0 also sends 0x3ffffff, 0x7ffffff, ...:
 * invariant 10 (the cause), not a misaligned address (23).
 */
static bool from_invalid(u64 addr)
{
	u64 k = addr - SIM_INVALID_ADDR;

	return k % MSG_CHUNK_SIZE == 0 && k / MSG_CHUNK_SIZE < SIM_MAX_FW_BUFS;
}

/* MAP_HOST_BUFFER / ADD_HOST_BUFFER (docs/driver/proto.md §3.3; docs/driver/heap.md §11 inv. 10). */
static void mert_host_buf(struct sim *sim, const struct wire_msg *m)
{
	bool map = m->opcode == MSG_OP_MAP_HOST_BUFFER;
	struct msg_host_buf_req req;
	struct fw_ctx *x;
	u32 st;

	if (!decode_req(sim, sim->fw_mgmt, m, &req, sizeof(req)))
		return;
	x = ctx_lookup(sim, req.context_id);
	st = fw_inject(sim, map ? SIM_FAULT_FW_MAP_HOST_BUFFER : SIM_FAULT_FW_ADD_HOST_BUFFER);
	if (!st && !x)
		st = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	if (!st && req.buf_size != MSG_CHUNK_SIZE) {
		sim_violation(sim, SIM_INV_HOST_BUF_SIZE_ALIGN, x->client, x->id, req.buf_addr,
			      "%s buf_size %#llx is not 64 MiB", map ? "MAP" : "ADD",
			      (unsigned long long)req.buf_size);
		st = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	}
	if (!st && req.buf_addr == SIM_INVALID_ADDR)
		sim_violation(sim, SIM_INV_NO_INVALID_FW_ADDR, x->client, x->id, req.buf_addr,
			      "%s for fw ctx %u carries the INVALID address ~0",
			      map ? "MAP" : "ADD", x->id);
	else if (!st && from_invalid(req.buf_addr))
		sim_violation(sim, SIM_INV_NO_INVALID_FW_ADDR, x->client, x->id, req.buf_addr,
			      "%s for fw ctx %u carries %#llx: the INVALID address ~0 + %llu x 64 MiB",
			      map ? "MAP" : "ADD", x->id, (unsigned long long)req.buf_addr,
			      (unsigned long long)((req.buf_addr + 1) / MSG_CHUNK_SIZE));
	else if (!st && req.buf_addr % MSG_CHUNK_SIZE)
		sim_violation(sim, SIM_INV_HOST_BUF_SIZE_ALIGN, x->client, x->id, req.buf_addr,
			      "%s buf_addr %#llx is not 64 MiB aligned", map ? "MAP" : "ADD",
			      (unsigned long long)req.buf_addr);
	if (!st && map && x->nbufs) {
		sim_violation(sim, SIM_INV_MAP_ADD_ORDER, x->client, x->id, req.buf_addr,
			      "MAP_HOST_BUFFER on fw ctx %u that already has %u buffers", x->id,
			      x->nbufs);
		x->nbufs = 0;
	}
	if (!st && !map && !x->nbufs) {
		sim_violation(sim, SIM_INV_MAP_ADD_ORDER, x->client, x->id, req.buf_addr,
			      "ADD_HOST_BUFFER before MAP_HOST_BUFFER on fw ctx %u", x->id);
		st = FW_STATUS_INVALID_OPERATION;
	}
	if (!st && x->nbufs == SIM_MAX_FW_BUFS)
		st = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	if (!st) {
		x->bufs[x->nbufs] = req.buf_addr;
		fw_ev(sim, x, SIM_FW_HOST_BUF, 0, x->nbufs, req.buf_addr, req.buf_size);
		x->nbufs++;
		if (x->state == SIM_FWC_CREATED)
			x->state = SIM_FWC_MAPPED;
	}
	reply_status(sim, sim->fw_mgmt, m, st);
}

static void mert_async_register(struct sim *sim, const struct wire_msg *m)
{
	struct msg_async_event_req req;

	if (!decode_req(sim, sim->fw_mgmt, m, &req, sizeof(req)))
		return;
	if (sim->fw.nasync == SIM_MAX_ASYNC) {
		struct msg_async_event_resp r = { .status = FW_STATUS_ASYNC_EVENT_MSGS_FULL };

		wire_fw_post(sim, sim->fw_mgmt, m->id, m->opcode, &r, sizeof(r));
		return;
	}
	sim->fw.async[sim->fw.nasync].msg_id = m->id;
	sim->fw.async[sim->fw.nasync].buf_addr = req.buf_addr;
	sim->fw.async[sim->fw.nasync].buf_size = req.buf_size;
	sim->fw.nasync++;
}

/* Write @len bytes into a management buffer through the IOMMU (untagged). */
static int mgmt_write(struct sim *sim, u64 addr, const void *src, u64 len)
{
	const struct iommu_map *mp;

	if (iommu_translate(&sim->iommu, 0, addr, len, &mp) || mp->kind != IOMMU_MAP_MGMT ||
	    !mp->host)
		return -EFAULT;
	memcpy((u8 *)mp->host + (addr - mp->addr), src, len);
	return 0;
}

static void mert_app_health(struct sim *sim, const struct wire_msg *m)
{
	struct msg_app_health_req req;
	struct msg_buf_size_resp resp = { 0 };
	struct msg_app_health_report rep;
	struct fw_ctx *x;

	if (!decode_req(sim, sim->fw_mgmt, m, &req, sizeof(req)))
		return;
	x = ctx_lookup(sim, req.context_id);
	resp.status = fw_inject(sim, SIM_FAULT_FW_GET_APP_HEALTH);
	if (!resp.status && !x)
		resp.status = FW_STATUS_MGMT_ERT_INVALID_PARAM;
	if (!resp.status && req.buf_size < sizeof(rep)) {
		resp.status = FW_STATUS_MGMT_ERT_DRAM_BUFFER_SIZE_INVALID;
		resp.required_buffer_size = sizeof(rep);
	}
	if (!resp.status) {
		memset(&rep, 0, sizeof(rep));
		rep.major = 1;
		rep.size = sizeof(rep);
		rep.context_id = x->id;
		rep.dpu_pc = x->hung ? 0 : ~0u;
		rep.txn_op_id = ~0u;
		rep.fatal_info.fatal_type = x->state == SIM_FWC_PAUSED || x->fatal;
		rep.run_list_id = ~0u;
		if (mgmt_write(sim, req.buf_addr, &rep, sizeof(rep)))
			resp.status = FW_STATUS_INVALID_INPUT_BUFFER;
	}
	wire_fw_post(sim, sim->fw_mgmt, m->id, m->opcode, &resp, sizeof(resp));
}

static void mert_simple(struct sim *sim, const struct wire_msg *m)
{
	const struct msg_desc *d = msg_desc_find(m->opcode);
	u8 buf[96] = { 0 };
	u32 st = FW_STATUS_SUCCESS;

	st = fw_inject(sim, (unsigned int)sim_fault_site_of_opcode(m->opcode));
	if (m->opcode == MSG_OP_GET_FIRMWARE_VERSION) {
		struct msg_fw_version_resp *r = (void *)buf;

		r->major = sim->fw.major;
		r->minor = sim->fw.minor;
	} else if (m->opcode == MSG_OP_QUERY_AIE_TILE_INFO) {
		struct msg_tile_info_resp *r = (void *)buf;

		r->info.size = 4096;
		r->info.major = 2;
		r->info.cols = (u16)sim->dev.total_col;
		r->info.rows = 6;
		r->info.core_rows = 4;
		r->info.mem_rows = 1;
		r->info.shim_rows = 1;
		r->info.core_row_start = 2;
		r->info.mem_row_start = 1;
	} else if (m->opcode == MSG_OP_QUERY_AIE_VERSION) {
		struct msg_aie_version_resp *r = (void *)buf;

		r->major = 2;
	}
	memcpy(buf + d->status_off, &st, sizeof(st));
	wire_fw_post(sim, sim->fw_mgmt, m->id, m->opcode, buf, d->resp_size);
}

static void mert_dispatch(struct sim *sim, const struct wire_msg *m)
{
	const struct msg_desc *d = msg_desc_find(m->opcode);
	s64 v;

	if (!d || d->chan != MSG_CHAN_MGMT) {
		sim_violation(sim, SIM_INV_OPCODE_CHANNEL, 0, m->id, m->opcode,
			      "opcode %#x is not a management opcode", m->opcode);
		reply_status(sim, sim->fw_mgmt, m, FW_STATUS_INVALID_COMMAND);
		return;
	}
	/* MERT hangs: the host will time out */
	if (d->mode == MSG_MODE_SYNC &&
	    (sim->fw.dead || sim_fault(sim, SIM_FAULT_MBOX_TIMEOUT, &v)))
		return;
	if (!proto_fw_opcode_allowed(fw_dev(sim), sim->fw.major, sim->fw.minor, m->opcode)) {
		reply_status(sim, sim->fw_mgmt, m, FW_STATUS_INVALID_COMMAND);
		return;
	}
	if (!fw_fault_msg(sim, m))
		return;		/* told to leave this one unanswered */
	switch (m->opcode) {
	case MSG_OP_CREATE_CONTEXT:
		mert_create_context(sim, m);
		break;
	case MSG_OP_DESTROY_CONTEXT:
		mert_destroy_context(sim, m);
		break;
	case MSG_OP_MAP_HOST_BUFFER:
	case MSG_OP_ADD_HOST_BUFFER:
		mert_host_buf(sim, m);
		break;
	case MSG_OP_REGISTER_ASYNC_EVENT_MSG:
		mert_async_register(sim, m);
		break;
	case MSG_OP_GET_APP_HEALTH:
		mert_app_health(sim, m);
		break;
	default:
		mert_simple(sim, m);
		break;
	}
}

/*
 * Translate a firmware access [@addr, +@len) of context @x: window
 * addresses through the host-buffer list, then everything through the
 * IOMMU with the context's PASID.  The heap is given to the firmware as
 * consecutive 64 MiB windows of one device range, so an access that crosses
 * a window boundary continues in the next registered buffer: it is
 * translated window by window and faults only where a piece lies outside
 * the registered windows or the IOMMU mapping (inferred, docs/sim.md
 * "Firmware accesses across windows").  Returns 0 with the mapping and host
 * address of the first piece, or the fault kind (SIM_FWF_*).
 */
static int fw_translate(struct sim *sim, const struct fw_ctx *x, u64 addr, u64 len,
			const struct iommu_map **mp, u64 *host_addr)
{
	const u64 base = SIM_DEV_BASE, span = (u64)SIM_MAX_FW_BUFS * SIM_CHUNK;
	bool window = addr >= base && addr - base < span, first = true;

	if (window && len > span - (addr - base))
		return SIM_FWF_OUTSIDE_HOST_BUFS;	/* runs past the last window */
	do {
		const struct iommu_map *m;
		u64 host = addr, piece = len;
		int ret;

		if (window) {
			u64 k = (addr - base) / SIM_CHUNK, off = (addr - base) % SIM_CHUNK;

			if (k >= x->nbufs)
				return SIM_FWF_OUTSIDE_HOST_BUFS;
			piece = len < SIM_CHUNK - off ? len : SIM_CHUNK - off;
			host = x->bufs[k] + off;
		}
		ret = iommu_translate(&sim->iommu, x->pasid, host, piece, &m);
		if (ret == -EACCES)
			return SIM_FWF_IOMMU_WRONG_PASID;
		if (ret)
			return SIM_FWF_IOMMU_UNMAPPED;
		if (first) {
			*mp = m;
			*host_addr = host;
			first = false;
		}
		addr += piece;
		len -= piece;
	} while (len);
	return 0;
}

/* Read through a translation: chunk mappings read the owner's heap. */
static int fw_read(struct sim *sim, const struct iommu_map *mp, u64 host, void *buf, u64 len)
{
	struct sim_client *c = sim_client_find(sim, mp->client);

	if (!c || mp->kind == IOMMU_MAP_MGMT)
		return -EFAULT;
	if (mp->obj >= heap_nr_chunks(c->heap))
		return -EFAULT;
	return heap_mem_read(c->heap, heap_chunk_addr(c->heap, mp->obj) + (host - mp->addr), buf,
			     len);
}

/*
 * Report an AIE error through the oldest pending async registration
 * (docs/driver/proto.md §9): write the report, answer the registration, pause @x.
 */
static void fw_async_error(struct sim *sim, struct fw_ctx *x, u8 event_id)
{
	struct msg_err_report_hdr hdr = { .err_cnt = 1 };
	struct msg_err_record rec = { .row = 2, .col = (u8)x->start_col,
				      .module = MSG_ERR_MOD_CORE, .event_id = event_id };
	struct msg_async_event_resp r = { .status = 0, .type = MSG_ASYNC_EVENT_AIE_ERROR };
	u8 rep[sizeof(hdr) + sizeof(rec)];

	x->state = SIM_FWC_PAUSED;
	if (!sim->fw.nasync) {
		fw_ev(sim, x, SIM_FW_ASYNC_EVENT, -ENOENT, 0, 0, 0);
		return;
	}
	memcpy(rep, &hdr, sizeof(hdr));
	memcpy(rep + sizeof(hdr), &rec, sizeof(rec));
	mgmt_write(sim, sim->fw.async[0].buf_addr, rep, sizeof(rep));
	fw_ev(sim, x, SIM_FW_ASYNC_EVENT, 0, sim->fw.async[0].msg_id, sim->fw.async[0].buf_addr,
	      sizeof(rep));
	wire_fw_post(sim, sim->fw_mgmt, sim->fw.async[0].msg_id, MSG_OP_REGISTER_ASYNC_EVENT_MSG,
		     &r, sizeof(r));
	sim->fw.nasync--;
	memmove(&sim->fw.async[0], &sim->fw.async[1], sim->fw.nasync * sizeof(sim->fw.async[0]));
}

/* fw_aie_error - inject an AIE error on fw context @ctx_id. */
int fw_aie_error(struct sim *sim, u32 ctx_id)
{
	struct fw_ctx *x = ctx_lookup(sim, ctx_id);

	if (!x)
		return -ENOENT;
	fw_async_error(sim, x, 55);
	return 0;
}

static bool fw_touch(struct sim *sim, struct fw_ctx *x, u64 addr, u64 len)
{
	const struct iommu_map *mp;
	u64 host;
	int f = fw_translate(sim, x, addr, len ? len : 4, &mp, &host);

	if (!f)
		return true;
	sim_ev(sim, SIM_EV_FW_FAULT, (u16)f, x->client, x->id, 0, x->pasid, addr, len);
	fw_async_error(sim, x, 55);	/* core module: access error */
	return false;
}

static u32 arg_word(const struct msg_slot *sl, u32 i)
{
	u32 v;

	memcpy(&v, (const u8 *)sl->args + 4 * i, sizeof(v));
	return v;
}

/*
 * Execute one NPU slot (docs/driver/proto.md §4.3).  The simulator's ERT convention:
 * it reads [inst_buf_addr, +inst_size) and, for each (addr_lo, addr_hi,
 * len) triple of argument words, [addr, +len).  Returns the slot status,
 * or -1 when the context faulted (no answer).
 */
static s64 ert_slot(struct sim *sim, struct fw_ctx *x, const struct msg_slot *sl)
{
	if (sl->h.cu_idx >= x->num_cus) {
		sim_ev(sim, SIM_EV_FW_FAULT, SIM_FWF_BAD_CU, x->client, x->id, 0, sl->h.cu_idx, 0,
		       0);
		return FW_STATUS_INVALID_COMMAND;
	}
	if (sl->h.inst_size && !fw_touch(sim, x, sl->h.inst_buf_addr, sl->h.inst_size))
		return -1;
	for (u32 a = 0; a + 3 <= sl->h.arg_cnt; a += 3) {
		u64 addr = (u64)arg_word(sl, a) | (u64)arg_word(sl, a + 1) << 32;

		if (!fw_touch(sim, x, addr, arg_word(sl, a + 2)))
			return -1;
	}
	return FW_STATUS_SUCCESS;
}

#define ERT_MAX_SLOTS 64

static void ert_chain(struct sim *sim, struct fw_ctx *x, const struct wire_msg *m)
{
	struct msg_chain_npu_req req;
	struct msg_chain_resp resp = { 0 };
	struct msg_slot slots[ERT_MAX_SLOTS];
	const struct iommu_map *mp;
	u8 list[MSG_MAX_CHAIN_CMDBUF_SIZE];
	u64 host;
	s64 st = 0;
	int fault;

	if (msg_decode(m->opcode, MSG_REQ, m->payload, m->len, &req, sizeof(req),
		       MSG_DECODE_LENIENT, NULL)) {
		resp.status = FW_STATUS_INVALID_INPUT_BUFFER;
		goto reply;
	}
	if (sim->fw.hang_next_exec) {
		sim->fw.hang_next_exec--;
		x->hung++;
		fw_ev(sim, x, SIM_FW_HANG, 0, req.count, req.buf_addr, req.buf_size);
		return;
	}
	if (sim->fw.late_next_exec && x->nlate < SIM_MAX_CMDS && m->len <= FW_LATE_PAYLOAD) {
		struct fw_late *l = &x->late[x->nlate++];

		/* held like a hang until fw_answer_late(); gone with the context */
		sim->fw.late_next_exec--;
		x->hung++;
		l->id = m->id;
		l->opcode = m->opcode;
		l->len = m->len;
		memcpy(l->payload, m->payload, m->len);
		fw_ev(sim, x, SIM_FW_HANG, 0, req.count, req.buf_addr, req.buf_size);
		return;
	}
	if (x->state != SIM_FWC_READY) {
		resp.status = FW_STATUS_INVALID_COMMAND;
		goto reply;
	}
	if (req.buf_size > MSG_MAX_CHAIN_CMDBUF_SIZE || !req.count || !req.buf_size) {
		sim_violation(sim, SIM_INV_CHAIN_BUFFER, x->client, x->id, req.buf_addr,
			      "chain buf_size %u count %u", req.buf_size, req.count);
		resp.status = FW_STATUS_INVALID_PARAM;
		goto reply;
	}
	/*
	 * Invariant 25 is the driver's address: a chain outside the pieces it
	 * registered.  A registered piece whose memory is gone (a PASID chunk
	 * userspace unmapped under a live context: the driver checks nothing
	 * at submission, docs/driver/heap.md §14 item 9) is an access fault of
	 * the firmware, as for any other buffer it reads, not a violation.
	 */
	fault = fw_translate(sim, x, req.buf_addr, req.buf_size, &mp, &host);
	if (fault) {
		if (fault == SIM_FWF_OUTSIDE_HOST_BUFS)
			sim_violation(sim, SIM_INV_CHAIN_BUFFER, x->client, x->id, req.buf_addr,
				      "chain buf_addr %#llx not inside a registered chunk piece",
				      (unsigned long long)req.buf_addr);
		fw_touch(sim, x, req.buf_addr, req.buf_size);
		return;
	}
	/* the command list is read through the context's own translation */
	if (fw_read(sim, mp, host, list, req.buf_size) ||
	    msg_cmdlist_parse(MSG_SLOT_NPU, list, req.buf_size, req.count, slots,
			      ARRAY_SIZE(slots), NULL)) {
		resp.status = FW_STATUS_INVALID_INPUT_BUFFER;
		goto reply;
	}
	for (u32 i = 0; i < req.count; i++) {
		st = ert_slot(sim, x, &slots[i]);
		if (st < 0) {
			x->hung++;
			return;
		}
		if (st) {
			resp.status = (u32)st;
			resp.fail_cmd_idx = i;
			resp.fail_cmd_status = (u32)st;
			break;
		}
	}
	if (!resp.status)
		resp.status = fw_inject(sim, SIM_FAULT_FW_EXEC);
	if (resp.status && !resp.fail_cmd_status)
		resp.fail_cmd_status = resp.status;
reply:
	fw_ev(sim, x, SIM_FW_EXEC, (s32)resp.status, req.count, req.buf_addr, req.buf_size);
	wire_fw_post(sim, x->uch, m->id, m->opcode, &resp, sizeof(resp));
}

/*
 * fw_answer_late - the ERT runs the commands @x holds for a late answer
 * (oldest first) and posts their replies on the user channel, whose MSI-X
 * runs the driver's receive worker.  A paused context answers nothing yet.
 */
void fw_answer_late(struct sim *sim, struct fw_ctx *x)
{
	struct fw_late held[SIM_MAX_CMDS];
	struct wire_msg m;
	u32 n = x->nlate;

	if (x->state == SIM_FWC_PAUSED)
		return;
	memcpy(held, x->late, n * sizeof(*held));
	x->nlate = 0;
	for (u32 i = 0; i < n; i++) {
		x->hung--;
		m.id = held[i].id;
		m.opcode = held[i].opcode;
		m.len = held[i].len;
		memcpy(m.payload, held[i].payload, held[i].len);
		ert_chain(sim, x, &m);
	}
}

static void ert_config_cu(struct sim *sim, struct fw_ctx *x, const struct wire_msg *m)
{
	struct msg_config_cu_req req;
	u32 st;

	if (!decode_req(sim, x->uch, m, &req, sizeof(req)))
		return;
	if (!req.num_cus || req.num_cus > MSG_MAX_NUM_CUS) {
		sim_violation(sim, SIM_INV_CONFIG_CU_COUNT, x->client, x->id, req.num_cus, "CONFIG_CU num_cus %u",
			      req.num_cus);
		reply_status(sim, x->uch, m, FW_STATUS_INVALID_PARAM);
		return;
	}
	st = fw_inject(sim, SIM_FAULT_FW_CONFIG_CU);
	for (u32 i = 0; !st && i < req.num_cus; i++) {
		const struct iommu_map *mp;
		u64 host, pdi = (u64)MSG_CU_CFG_PDI(req.cfgs[i]) << MSG_CU_CFG_ADDR_SHIFT;

		if (fw_translate(sim, x, pdi, 4, &mp, &host))
			st = FW_STATUS_APP_LOAD_PDI_FAIL;
	}
	if (!st) {
		x->num_cus = req.num_cus;
		memcpy(x->cu_cfg, req.cfgs, sizeof(x->cu_cfg));
		x->state = SIM_FWC_READY;
	}
	fw_ev(sim, x, SIM_FW_CONFIG_CU, (s32)st, req.num_cus, 0, 0);
	reply_status(sim, x->uch, m, st);
}

static void ert_dispatch(struct sim *sim, struct fw_ctx *x, const struct wire_msg *m)
{
	const struct msg_desc *d = msg_desc_find(m->opcode);

	if (!d || d->chan != MSG_CHAN_USER) {
		sim_violation(sim, SIM_INV_OPCODE_CHANNEL, x->client, x->id, m->opcode,
			      "opcode %#x is not a user-channel opcode", m->opcode);
		reply_status(sim, x->uch, m, FW_STATUS_INVALID_COMMAND);
		return;
	}
	if (x->state == SIM_FWC_PAUSED) {
		x->hung++;	/* a paused context completes nothing */
		return;
	}
	if (!proto_fw_opcode_allowed(fw_dev(sim), sim->fw.major, sim->fw.minor, m->opcode)) {
		reply_status(sim, x->uch, m, FW_STATUS_INVALID_COMMAND);
		return;
	}
	if (!fw_fault_msg(sim, m)) {
		x->hung++;	/* never answered: TDR's business */
		return;
	}
	switch (m->opcode) {
	case MSG_OP_CONFIG_CU:
		ert_config_cu(sim, x, m);
		break;
	case MSG_OP_CHAIN_EXEC_NPU:
		ert_chain(sim, x, m);
		break;
	default:
		reply_status(sim, x->uch, m, FW_STATUS_INVALID_COMMAND);
		break;
	}
}

static void capture(struct sim *sim, u32 chan, const struct wire_msg *m)
{
	struct sim_fw_msg *c = &sim->fw.cap[sim->fw.ncap++ % SIM_FW_CAPTURE];

	c->time_ns = sim->clock.now_ns;
	c->chan = chan;
	c->opcode = m->opcode;
	c->id = m->id;
	c->len = m->len;
	memset(c->head, 0, sizeof(c->head));
	memcpy(c->head, m->payload, m->len < sizeof(c->head) ? m->len : sizeof(c->head));
}

/* fw_service - run MERT and every ERT until no channel has a request left. */
void fw_service(struct sim *sim)
{
	struct wire_msg m;
	bool busy = true;
	int ret;

	while (busy) {
		busy = false;
		while (sim->fw_mgmt && (ret = wire_fw_next(sim, sim->fw_mgmt, &m)) != 0) {
			if (ret < 0)
				break;
			busy = true;
			capture(sim, 0, &m);
			mert_dispatch(sim, &m);
		}
		for (u32 i = 0; i < SIM_MAX_FW_CTX; i++) {
			struct fw_ctx *x = &sim->fw.ctx[i];

			while (x->state != SIM_FWC_FREE && x->uch &&
			       (ret = wire_fw_next(sim, x->uch, &m)) > 0) {
				busy = true;
				capture(sim, 1 + i, &m);
				ert_dispatch(sim, x, &m);
			}
		}
	}
}
