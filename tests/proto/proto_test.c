// SPDX-License-Identifier: MIT
/* Helpers shared by the proto test programs. */
#include "tests/proto/proto_test.h"

#include <string.h>

void pt_fill_random(struct xrand *r, void *p, size_t len)
{
	u8 *b = p;

	for (size_t i = 0; i < len; i++)
		b[i] = (u8)xrand_next(r);
}

u32 pt_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static void zero_reserved(const struct msg_layout *l, void *m)
{
	for (u16 i = 0; i < l->nfields; i++)
		if (l->fields[i].kind == MSG_FK_RESERVED)
			memset((u8 *)m + l->fields[i].off, 0,
			       (size_t)l->fields[i].width * l->fields[i].count);
}

/* Chain requests: @count slots of >= @slot_min bytes, buf_size <= 4096. */
static u32 valid_chain_count(u32 slot_min, struct xrand *r)
{
	return (u32)xrand_range(r, 1, 4096 / slot_min);
}

static u32 valid_chain_size(u32 count, u32 slot_min, struct xrand *r)
{
	return (u32)xrand_range(r, count * slot_min / 4, 1024) * 4;
}

static void valid_req(u32 op, void *m, struct xrand *r)
{
	static const u32 rt_types[] = { 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14 };

	switch (op) {
	case MSG_OP_REGISTER_PDI:
		((struct msg_register_pdi_req *)m)->num_infos = 1;
		break;
	case MSG_OP_UNREGISTER_PDI:
		((struct msg_unregister_pdi_req *)m)->num_pdi = 1;
		break;
	case MSG_OP_CREATE_CONTEXT: {
		struct msg_create_ctx_req *q = m;

		q->aie_type = 1;
		q->num_col = (u8)xrand_range(r, 1, 255);
		q->num_unused_col = (u8)xrand_below(r, q->num_col);
		q->num_cq_pairs_requested = 1;
		q->context_priority = (u32)xrand_range(r, 1, 4);
		break;
	}
	case MSG_OP_GET_TELEMETRY: {
		struct msg_get_telemetry_req *q = m;

		q->type = (u32)xrand_below(r, 5);
		q->buf_size = (u32)xrand_below(r, 4 * 1024 * 1024 + 1);
		break;
	}
	case MSG_OP_SYNC_BO:
		((struct msg_sync_bo_req *)m)->type &= 0xFF;
		break;
	case MSG_OP_LEGACY_CONFIG_CU:
		((struct msg_legacy_config_cu_req *)m)->num_cus = (u32)xrand_range(r, 1, 32);
		break;
	case MSG_OP_CONFIG_CU: {
		struct msg_config_cu_req *q = m;

		q->num_cus = (u32)xrand_range(r, 1, 32);
		for (u32 i = 0; i < q->num_cus; i++)
			q->cfgs[i] &= 0x01FFFFFF;
		break;
	}
	case MSG_OP_EXECUTE_BUFFER_CF:
		((struct msg_exec_cf_req *)m)->cu_idx %= 32;
		break;
	case MSG_OP_EXEC_DPU:
		((struct msg_exec_dpu_req *)m)->cu_idx %= 32;
		break;
	case MSG_OP_QUERY_COL_STATUS: {
		struct msg_query_col_status_req *q = m;

		q->num_cols = (u32)__builtin_popcount(q->aie_bitmap);
		break;
	}
	case MSG_OP_CHAIN_EXEC_BUFFER_CF:
	case MSG_OP_CHAIN_EXEC_DPU: {
		struct msg_chain_legacy_req *q = m;
		u32 min = op == MSG_OP_CHAIN_EXEC_DPU ? 24 : 8;

		q->count = valid_chain_count(min, r);
		q->buf_size = valid_chain_size(q->count, min, r);
		break;
	}
	case MSG_OP_CHAIN_EXEC_NPU: {
		struct msg_chain_npu_req *q = m;

		q->count = valid_chain_count(52, r);
		q->buf_size = valid_chain_size(q->count, 52, r);
		break;
	}
	case MSG_OP_CONFIG_DEBUG_BO:
		((struct msg_config_debug_bo_req *)m)->config %= 2;
		break;
	case MSG_OP_INVOKE_SELF_TEST:
		((struct msg_self_test_req *)m)->test_mask &= 0x3F;
		break;
	case MSG_OP_MAP_HOST_BUFFER:
	case MSG_OP_ADD_HOST_BUFFER: {
		struct msg_host_buf_req *q = m;

		q->buf_size = SZ_64M;
		q->buf_addr &= ~(SZ_64M - 1);
		break;
	}
	case MSG_OP_SET_RUNTIME_CONFIG:
		((struct msg_set_runtime_cfg_req *)m)->type =
			rt_types[xrand_below(r, ARRAY_SIZE(rt_types))];
		break;
	case MSG_OP_GET_RUNTIME_CONFIG:
		((struct msg_get_runtime_cfg_req *)m)->type =
			rt_types[xrand_below(r, ARRAY_SIZE(rt_types))];
		break;
	case MSG_OP_REGISTER_ASYNC_EVENT_MSG:
		((struct msg_async_event_req *)m)->buf_size = 8192;
		break;
	case MSG_OP_START_FW_TRACE: {
		struct msg_start_fw_trace_req *q = m;

		q->destination = 1;
		q->timestamp %= 2;
		break;
	}
	case MSG_OP_UPDATE_PROPERTY:
		((struct msg_update_property_req *)m)->type = 0;
		break;
	case MSG_OP_AIE_RW_ACCESS:
		((struct msg_aie_rw_req *)m)->type %= 4;
		break;
	default:
		break;
	}
}

static void valid_resp(u32 op, void *m, struct xrand *r)
{
	u32 *status = m;

	switch (op) {
	case MSG_OP_CREATE_CONTEXT: {
		struct msg_create_ctx_resp *q = m;

		if (xrand_chance(r, 1, 2))
			break;
		q->status = 0;
		q->context_id = (u32)xrand_below(r, 16);
		q->cq_pair[0].x2i_q.buf_size = 1u << xrand_range(r, 5, 16);
		q->cq_pair[0].i2x_q.buf_size = 1u << xrand_range(r, 5, 16);
		break;
	}
	case MSG_OP_QUERY_AIE_TILE_INFO: {
		struct msg_tile_info_resp *q = m;

		q->info.cols = (u16)xrand_range(r, 1, 0xFFFF);
		q->info.core_rows = (u16)xrand_range(r, 1, 0xFFFF);
		break;
	}
	case MSG_OP_REGISTER_ASYNC_EVENT_MSG:
		((struct msg_async_event_resp *)m)->type %= 2;
		break;
	case MSG_OP_GET_DEV_REVISION:
		*status = 0;
		((struct msg_dev_revision_resp *)m)->rev = (u32)xrand_range(r, 1, 8);
		break;
	default:
		break;
	}
}

void pt_make_valid(u32 opcode, enum msg_dir dir, void *m, struct xrand *r)
{
	const struct msg_layout *l = msg_layout_of(opcode, dir);

	zero_reserved(l, m);
	if (dir == MSG_REQ)
		valid_req(opcode, m, r);
	else
		valid_resp(opcode, m, r);
}

void pt_chan_init(struct pt_chan *c, u32 x2i_size, u32 i2x_size, bool mgmt,
		  unsigned int quirks, u32 x2i_pos, u32 i2x_pos)
{
	struct mbox_hw_cfg hc = { 0 };
	struct mbox_chan_cfg cc = { 0 };

	memset(c, 0, sizeof(*c));
	T_EQ(mbox_trace_init(&c->trace, 1024), 0);
	hc.x2i_size = x2i_size;
	hc.i2x_size = i2x_size;
	hc.mgmt = mgmt;
	hc.msix = mgmt ? 0 : 3;
	hc.chan_id = mgmt ? 0 : 1;
	hc.clock = &c->clock;
	hc.trace = &c->trace;
	T_EQ(mbox_hw_init(&c->hw, &hc), 0);
	c->hw.ring[MBOX_X2I].head = x2i_pos;
	c->hw.ring[MBOX_X2I].tail = x2i_pos;
	c->hw.ring[MBOX_I2X].head = i2x_pos;
	c->hw.ring[MBOX_I2X].tail = i2x_pos;
	cc.mgmt = mgmt;
	cc.quirks = quirks;
	cc.clock = &c->clock;
	cc.trace = &c->trace;
	T_EQ(mbox_chan_create(&c->hw, &cc, &c->chan), 0);
	mbox_assert_ok(c->chan);
	mbox_hw_assert_ok(&c->hw);
}

void pt_chan_fini(struct pt_chan *c)
{
	if (c->chan)
		mbox_assert_ok(c->chan);
	mbox_hw_assert_ok(&c->hw);
	mbox_chan_destroy(c->chan);
	c->chan = NULL;
	mbox_hw_fini(&c->hw);
	mbox_trace_fini(&c->trace);
}

const struct mbox_trace_rec *pt_last_event(const struct mbox_trace *t, enum mbox_ev ev)
{
	for (u32 i = mbox_trace_count(t); i-- > 0;) {
		const struct mbox_trace_rec *rec = mbox_trace_get(t, i);

		if (rec->event == ev)
			return rec;
	}
	return NULL;
}

u32 pt_count_event(const struct mbox_trace *t, enum mbox_ev ev)
{
	u32 n = 0;

	for (u32 i = 0; i < mbox_trace_count(t); i++)
		n += mbox_trace_get(t, i)->event == ev;
	return n;
}
