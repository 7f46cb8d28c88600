// SPDX-License-Identifier: MIT
/*
 * drv_msg.c - the driver side of the firmware protocol: the synchronous
 * management helper (5 s timeout on simulated time, then the channel is
 * destroyed and every later message fails with -ENODEV, docs/driver/proto.md §2.9),
 * the async-event pool, the per-context user channel (CONFIG_CU, chained
 * execution), and the device boot / stop message sequences (docs/driver/proto.md
 * §1.6, §1.7).
 */
#include "sim/sim_priv.h"
#include "sim/wire.h"
#include "proto/mailbox.h"
#include "proto/msg.h"
#include "proto/buffers.h"

#include <errno.h>
#include <string.h>


static enum proto_dev drv_dev(const struct sim *sim)
{
	if (sim->dev.npu1)
		return PROTO_DEV_NPU1;
	return PROTO_DEV_NPU4;
}

static u64 health_buf_addr(void)
{
	return SIM_MGMT_BUF_BASE + (u64)SIM_MAX_ASYNC * SIM_ASYNC_BUF_SIZE;
}

/*
 * An async event answered (docs/driver/proto.md §9.1): decode the report, cache the
 * last error; a valid report re-registers the slot (deferred until the
 * management channel is not being waited on).  Cancellations are ignored.
 */
static int async_cb(void *arg, const struct mbox_resp *resp)
{
	struct sim_async_slot *as = arg;
	struct sim *sim = as->sim;
	struct msg_err_report_hdr hdr;
	struct msg_err_record rec = { 0 };
	const u8 *b = sim->async_buf[as->slot];

	as->live = false;
	if (!resp->data)
		return 0;
	memcpy(&hdr, b, sizeof(hdr));
	if (!hdr.err_cnt || hdr.err_cnt > MSG_ERR_MAX_RECORDS)
		return 0;
	for (u32 i = 0; i < hdr.err_cnt; i++) {
		memcpy(&rec, b + sizeof(hdr) + i * sizeof(rec), sizeof(rec));
		if (rec.col >= sim->dev.total_col)
			return 0;
	}
	sim->last_async_err = (u32)rec.row << 8 | rec.col;
	sim->async_events++;
	as->rereg = true;
	return 0;
}

/* Post async registration @slot (not waited for). */
static int async_register(struct sim *sim, u32 slot)
{
	struct sim_async_slot *as = &sim->aslot[slot];
	struct msg_async_event_req req = {
		.buf_addr = SIM_MGMT_BUF_BASE + (u64)slot * SIM_ASYNC_BUF_SIZE,
		.buf_size = SIM_ASYNC_BUF_SIZE,
	};
	int ret;

	as->sim = sim;
	as->slot = slot;
	as->rereg = false;
	if (!sim->mg.chan)
		return -ENODEV;
	ret = mbox_chan_send(sim->mg.chan, MSG_OP_REGISTER_ASYNC_EVENT_MSG, &req, sizeof(req),
			     async_cb, as, &as->id);
	as->live = !ret;
	return ret;
}

/* The async-event work item: re-register answered slots (never while waiting). */
static void async_rearm(struct sim *sim)
{
	bool sent = false;

	for (u32 s = 0; s < SIM_MAX_ASYNC; s++) {
		if (sim->aslot[s].rereg) {
			async_register(sim, s);
			sent = true;
		}
	}
	if (sent)
		fw_service(sim);
}

/* drv_msg_poll_mgmt - run the management receive worker, then re-arm slots. */
void drv_msg_poll_mgmt(struct sim *sim)
{
	if (sim->mg.chan)
		mbox_chan_rx(sim->mg.chan);
	async_rearm(sim);
}

/*
 * mgmt_call - aie_send_mgmt_msg_wait through proto: send @opcode, let the
 * firmware run while waiting (clock hook), exact response size, status
 * mapped by fw_status_to_errno().
 * Returns 0; -ENODEV (no channel); transmit errors; -ETIME (no answer in
 * 5 s: proto destroyed the channel); -EINVAL (wrong size or status ≠ 0).
 */
static int mgmt_call(struct sim *sim, u32 opcode, const void *req, u32 len, void *resp)
{
	const struct msg_desc *d = msg_desc_find(opcode);
	u8 buf[128];
	struct mbox_sync_msg m = {
		.opcode = opcode, .req = req, .req_len = len, .resp = buf,
		.resp_len = d->resp_size,
	};
	s64 v;
	int ret;

	if (sim->mg.chan && sim_fault(sim, SIM_FAULT_MBOX_FULL, &v))
		return (int)v;
	ret = mbox_mgmt_send_wait(&sim->mg, &m);
	if (!sim->mg.chan)
		for (u32 s = 0; s < SIM_MAX_ASYNC; s++)
			sim->aslot[s].live = sim->aslot[s].rereg = false;
	async_rearm(sim);
	if (!ret && resp)
		memcpy(resp, buf, d->resp_size);
	return ret;
}

int drv_msg_simple(struct sim *sim, u32 opcode)
{
	struct msg_empty_req req = { 0 };

	return mgmt_call(sim, opcode, &req, sizeof(req), NULL);
}

static int rt_cfg(struct sim *sim, enum rt_cfg_category cat, const u64 *value)
{
	struct msg_set_runtime_cfg_req rows[8];
	size_t n = 0;
	int ret;

	if (proto_rt_cfg_select(drv_dev(sim), cat, (u32)sim->fw.features, value, rows,
				ARRAY_SIZE(rows), &n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		ret = mgmt_call(sim, MSG_OP_SET_RUNTIME_CONFIG, &rows[i], sizeof(rows[i]), NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* drv_msg_boot - the message part of aie2_hw_start (docs/driver/proto.md §1.6 steps 5–8). */
int drv_msg_boot(struct sim *sim)
{
	struct msg_assign_mgmt_pasid_req pasid = { 0 };
	struct msg_update_property_req prop = {
		.type = MSG_PROPERTY_TIME_QUOTA, .context_id = MSG_CTX_ALL, .time_quota_us = 30000,
	};
	struct msg_calibrate_clock_req clk = { .time_base_ns = sim->clock.now_ns };
	const u64 one = 1;
	int ret;

	ret = rt_cfg(sim, RT_CAT_INIT, NULL);
	if (!ret)
		ret = mgmt_call(sim, MSG_OP_ASSIGN_MGMT_PASID, &pasid, sizeof(pasid), NULL);
	if (!ret && sim_fw_has(sim, FW_FEAT_UPDATE_PROPERTY))
		ret = mgmt_call(sim, MSG_OP_UPDATE_PROPERTY, &prop, sizeof(prop), NULL);
	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_SUSPEND);
	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_RESUME);
	if (!ret && sim_fw_has(sim, FW_FEAT_CALIBRATE_CLOCK))
		ret = mgmt_call(sim, MSG_OP_CALIBRATE_CLOCK, &clk, sizeof(clk), NULL);
	if (!ret)
		ret = rt_cfg(sim, RT_CAT_CLK_GATING, &one);
	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_GET_FIRMWARE_VERSION);
	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_QUERY_AIE_VERSION);
	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_QUERY_AIE_TILE_INFO);
	for (u32 s = 0; !ret && s < sim->dev.total_col && s < SIM_MAX_ASYNC; s++)
		ret = async_register(sim, s);
	if (!ret)
		fw_service(sim);
	return ret;
}

/* drv_msg_stop - aie2_hw_stop messages: clock gating rows, SUSPEND. */
int drv_msg_stop(struct sim *sim)
{
	int ret = rt_cfg(sim, RT_CAT_CLK_GATING, NULL);

	if (!ret)
		ret = drv_msg_simple(sim, MSG_OP_SUSPEND);
	return ret;
}

int drv_msg_create_context(struct sim *sim, struct sim_hwctx *h)
{
	struct msg_create_ctx_req req = {
		.aie_type = MSG_AIE_TYPE_AIE2,
		.start_col = (u8)h->start_col,
		.num_col = (u8)h->num_col,
		.num_unused_col = (u8)h->num_unused_col,
		.num_cq_pairs_requested = 1,
		.pasid = (u16)h->client->pasid,
		.context_priority = h->priority,
	};
	struct msg_create_ctx_resp resp;
	struct sim_chan *sc;
	u32 ring;
	int ret = mgmt_call(sim, MSG_OP_CREATE_CONTEXT, &req, sizeof(req), &resp);

	if (ret)
		return ret;
	h->fw_ctx_id = resp.context_id;
	h->has_fw_ctx = true;
	h->uch = NULL;
	if (resp.context_id == MSG_CTX_ID_INVALID || resp.context_id >= sim->fw.limit)
		goto err_destroy;
	sc = wire_chan_find(sim, resp.cq_pair[0].x2i_q.buf_addr);
	ring = resp.cq_pair[0].x2i_q.buf_size;
	if (!sc || !resp.msix_id || !ring || (ring & (ring - 1)) || wire_host_start(sim, sc, &h->uch))
		goto err_destroy;
	sim->fw.ctx[resp.context_id].client = h->client->id;
	return 0;
err_destroy:
	drv_msg_destroy_context(sim, h);
	h->has_fw_ctx = false;
	h->fw_ctx_id = SIM_FW_CTX_NONE;
	return -EINVAL;
}

/*
 * drv_msg_destroy_context - DESTROY_CONTEXT.  A failure is only logged by
 * the driver, which forgets the context anyway: if the firmware still has
 * it, it is a known leak (a ctx_leak event) until the next power-on.
 */
int drv_msg_destroy_context(struct sim *sim, struct sim_hwctx *h)
{
	struct msg_destroy_ctx_req req = { .context_id = h->fw_ctx_id };
	int ret = mgmt_call(sim, MSG_OP_DESTROY_CONTEXT, &req, sizeof(req), NULL);

	if (ret && fw_ctx_get(sim, h->fw_ctx_id)) {
		sim->fw.leaked |= 1u << h->fw_ctx_id;
		sim_ev(sim, SIM_EV_FW, SIM_FW_CTX_LEAK, h->client->id, h->fw_ctx_id, ret, 0, 0,
		       0);
	}
	return ret;
}

/* drv_host_buf_piece - index of chunk @idx's first 64 MiB piece in the host buffer list. */
u32 drv_host_buf_piece(const struct heap *heap, u32 idx)
{
	u64 k = 0;

	for (u32 i = 0; i < idx; i++)
		k += heap_chunk_size(heap, i) / SIM_CHUNK;
	return (u32)k;
}

/*
 * drv_msg_host_buf - aie2_send_host_buf_msgs for chunk @chunk: a non-zero
 * multiple of 64 MiB sent as consecutive 64 MiB pieces, the first with MAP
 * (@map) or ADD, every further one ADD; stops at the first failure.  Each
 * piece is recorded in @h->sent at its place in the host buffer list (the
 * pieces of chunks 0..@chunk-1 come first) with the address, the chunk's
 * address generation and the context id, for invariant 6.
 */
int drv_msg_host_buf(struct sim *sim, struct sim_hwctx *h, bool map, u32 chunk, u64 addr,
		     u64 size)
{
	struct sim_client *c = h->client;
	u64 k = drv_host_buf_piece(c->heap, chunk);
	int ret;

	if (!size || size % SIM_CHUNK)
		return -EINVAL;
	for (u64 off = 0; off < size; off += SIM_CHUNK, k++) {
		struct msg_host_buf_req req = {
			.context_id = h->fw_ctx_id,
			.buf_addr = addr + off,
			.buf_size = SIM_CHUNK,
		};

		if (k < SIM_MAX_FW_BUFS)
			h->sent[k] = (struct sim_fw_piece){
				.addr = addr + off,
				.chunk = chunk,
				.gen = c->addr_gen[chunk],
				.fw_ctx = h->fw_ctx_id,
				.map = map && off == 0,
			};
		ret = mgmt_call(sim, map && off == 0 ? MSG_OP_MAP_HOST_BUFFER :
			MSG_OP_ADD_HOST_BUFFER, &req, sizeof(req), NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int user_send(struct sim *sim, struct sim_hwctx *h, u32 opcode, const void *req, u32 len,
		     mbox_resp_fn cb, u32 *id)
{
	int ret;

	if (!h->uch)
		return -ENODEV;
	ret = mbox_chan_send(h->uch, opcode, req, len, cb, h, id);
	if (ret)
		return ret;
	fw_service(sim);
	async_rearm(sim);
	return 0;
}

/* drv_msg_config_cu - CONFIG_CU on the user channel; the answer is not checked. */
int drv_msg_config_cu(struct sim *sim, struct sim_hwctx *h)
{
	struct msg_config_cu_req req = { .num_cus = h->num_cus };
	u32 id;

	for (u32 i = 0; i < h->num_cus; i++)
		req.cfgs[i] = MSG_CU_CFG(h->cu_bo[i]->hb.start, h->cu_func[i]);
	return user_send(sim, h, MSG_OP_CONFIG_CU, &req, sizeof(req), NULL, &id);
}

/*
 * A chain answer → the job's command state (docs/driver/proto.md §4.5), as
 * aie2_sched_cmdlist_resp_handler (aie2_ctx.c, every revision modelled): a
 * reply that is not 12 bytes, or an error status with fail_cmd_status 0,
 * ends the job ABORT and returns -EINVAL, which makes the mailbox mark the
 * user channel bad for good (mailbox_rx_worker): later replies are never
 * read, later sends fail.  A reply to a job the job-timeout handler has
 * already marked (`job->job_timeout`, set before it stops the channel)
 * takes the handler's first branch whatever the reply says: the job ends
 * TIMEOUT (aie2_set_cmd_timeout) and -EINVAL kills the channel the same way
 * (f2c31c79, aba33e95, 856409ca; docs/explore.md "The mailbox receive
 * worker").
 */
static int job_cb(void *arg, const struct mbox_resp *resp)
{
	struct sim_hwctx *h = arg;
	struct sim_job *j = NULL;
	struct msg_chain_resp r;
	u32 state;
	int ret = 0;

	if (!resp->data)
		return 0;	/* cancelled: the stop path already ended the job */
	for (u32 i = 0; i < h->njobs && !j; i++)
		if (h->jobs[i].msg_id == resp->id)
			j = &h->jobs[i];
	if (j && j->timed_out) {
		state = SIM_CMD_TIMEOUT;
		ret = -EINVAL;
	} else if (resp->size != sizeof(r)) {
		state = SIM_CMD_ABORT;
		ret = -EINVAL;
	} else {
		memcpy(&r, resp->data, sizeof(r));
		state = !r.status ? SIM_CMD_COMPLETED :
			!r.fail_cmd_status ? SIM_CMD_ABORT : SIM_CMD_ERROR;
		if (r.status && !r.fail_cmd_status)
			ret = -EINVAL;
	}
	if (j)
		drv_job_complete(h->sim, h, j, state);
	return ret;
}

/*
 * drv_msg_exec_check - can @cmd be sent as CHAIN_EXEC_NPU at all?  Return 0,
 * -EOPNOTSUPP without the NPU_COMMAND feature (docs/driver/proto.md §4.2) or -EINVAL
 * when its addresses do not fit one NPU slot's arguments.
 */
int drv_msg_exec_check(struct sim *sim, const struct sim_exec_desc *cmd)
{
	if (!sim_fw_has(sim, FW_FEAT_NPU_COMMAND))
		return -EOPNOTSUPP;
	if (cmd->naddr > 1 + MSG_SLOT_NPU_MAX_ARGS / 3)
		return -EINVAL;
	return 0;
}

/*
 * drv_msg_exec - build a one-slot command list (NPU slot, PARTIAL_ELF) in
 * the job's 4 KiB command buffer and send CHAIN_EXEC_NPU (docs/driver/proto.md §4.2,
 * §4.3).  The first address is the instruction buffer; the others become
 * (lo, hi, len) argument triples, the simulator ERT's convention.  The
 * caller has passed @cmd through drv_msg_exec_check().
 */
int drv_msg_exec(struct sim *sim, struct sim_hwctx *h, const struct sim_exec_desc *cmd,
		 struct sim_job *j)
{
	struct msg_chain_npu_req req = { 0 };
	struct sim_bo *cb = h->cmd_buf[j->seq % SIM_MAX_CMDS];
	u8 list[MSG_MAX_CHAIN_CMDBUF_SIZE];
	u32 args[MSG_SLOT_NPU_MAX_ARGS];
	struct msg_slot slot = { .args = args };
	size_t used = 0;
	int ret;

	slot.h.type = MSG_NPU_SLOT_PARTIAL_ELF;
	if (cmd->naddr) {
		slot.h.inst_buf_addr = cmd->addrs[0];
		slot.h.inst_size = cmd->lens ? (u32)cmd->lens[0] : 4;
	}
	slot.h.cu_idx = cmd->cu_idx;
	for (u32 i = 1; i < cmd->naddr; i++) {
		args[slot.h.arg_cnt++] = (u32)cmd->addrs[i];
		args[slot.h.arg_cnt++] = (u32)(cmd->addrs[i] >> 32);
		args[slot.h.arg_cnt++] = cmd->lens ? (u32)cmd->lens[i] : 4;
	}
	ret = msg_cmdlist_append(MSG_SLOT_NPU, list, sizeof(list), &used, &slot);
	if (!ret)
		ret = heap_bo_write(h->client->heap, &cb->hb, 0, list, used);
	if (ret)
		return ret;
	req.buf_addr = cb->hb.start;
	req.buf_size = (u32)used;
	req.count = 1;
	if (cmd->hang)
		sim->fw.hang_next_exec = 1;
	else if (cmd->late)
		sim->fw.late_next_exec = 1;
	ret = user_send(sim, h, MSG_OP_CHAIN_EXEC_NPU, &req, sizeof(req), job_cb, &j->msg_id);
	sim->fw.hang_next_exec = 0;
	sim->fw.late_next_exec = 0;
	return ret;
}

/* drv_msg_poll_user - run the user channel's receive worker. */
void drv_msg_poll_user(struct sim *sim, struct sim_hwctx *h)
{
	if (h->uch)
		mbox_chan_rx(h->uch);
}

/* drv_msg_app_health - GET_APP_HEALTH into the driver's 8 KiB buffer. */
int drv_msg_app_health(struct sim *sim, struct sim_hwctx *h, u32 *fatal)
{
	struct msg_app_health_req req = {
		.context_id = h->fw_ctx_id,
		.buf_size = SIM_ASYNC_BUF_SIZE,
		.buf_addr = health_buf_addr(),
	};
	struct msg_app_health_report rep;
	int ret = mgmt_call(sim, MSG_OP_GET_APP_HEALTH, &req, sizeof(req), NULL);

	if (ret)
		return ret;
	memcpy(&rep, sim->health_buf, sizeof(rep));
	*fatal = rep.fatal_info.fatal_type;
	return 0;
}

/*
 * drv_msg_mgmt_buffers - map the async-event and health buffers in the
 * untagged management domain (device lifetime).
 */
int drv_msg_mgmt_buffers(struct sim *sim, bool map)
{
	for (u32 s = 0; s <= SIM_MAX_ASYNC; s++) {
		struct iommu_map m = {
			.kind = IOMMU_MAP_MGMT,
			.addr = SIM_MGMT_BUF_BASE + (u64)s * SIM_ASYNC_BUF_SIZE,
			.size = SIM_ASYNC_BUF_SIZE,
			.obj = s,
			.host = s < SIM_MAX_ASYNC ? (void *)sim->async_buf[s] : sim->health_buf,
		};
		int ret = map ? iommu_map(&sim->iommu, &m) : iommu_unmap(&sim->iommu, 0, m.addr);

		if (ret && map)
			return ret;
	}
	return 0;
}
