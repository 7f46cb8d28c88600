// SPDX-License-Identifier: MIT
/*
 * msg_table.c - the AIE2 opcode table (docs/driver/proto.md §3.1) and the field layout of
 * every payload (3.3) and shared buffer (1.5, 3.3, 9.2).
 *
 * The payload sizes in msg_descs[] are written as the spec states them, not
 * computed: msg_table_check() (T2) then proves that each structure in
 * msg_wire.h has exactly that size, and T4 that the field list tiles it.
 * The range checks encode the "host value" columns and the constraints of
 * docs/driver/proto.md §3.3 and the host-misbehaviour list of section 11.
 */
#include "proto/msg_priv.h"

#include <errno.h>

#define V MSG_FK_VALUE
#define R MSG_FK_RESERVED
#define U MSG_FK_UNDEF
#define S MSG_FK_STATUS

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define FLD(type, m, kind) { #m, offsetof(type, m), MEMBER_SIZE(type, m), kind, 1 }
#define ARR(type, m, kind)                                                                 \
	{ #m, offsetof(type, m), MEMBER_SIZE(type, m[0]), kind,                            \
	  MEMBER_SIZE(type, m) / MEMBER_SIZE(type, m[0]) }

#define LAYOUT(lname, type, chk)                                                           \
	{ #lname, sizeof(type), lname##_fields, ARRAY_SIZE(lname##_fields), chk }
#define DEF_LAYOUT(lname, type, chk)                                                       \
	static const struct msg_layout l_##lname = LAYOUT(lname, type, chk)

/* ----------------------------------------------------------------------- */
/* Range checks (strict decoding only). */

static int create_ctx_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_create_ctx_req *r = msg;

	MSG_RANGE(r->aie_type == MSG_AIE_TYPE_AIE2, struct msg_create_ctx_req, aie_type,
		  "aie_type %u, the host always sends 1", r->aie_type);
	MSG_RANGE(r->num_col >= 1, struct msg_create_ctx_req, num_col, "num_col is 0");
	MSG_RANGE(r->num_unused_col < r->num_col, struct msg_create_ctx_req, num_unused_col,
		  "num_unused_col %u not below num_col %u", r->num_unused_col, r->num_col);
	MSG_RANGE(r->num_cq_pairs_requested == 1, struct msg_create_ctx_req,
		  num_cq_pairs_requested, "num_cq_pairs_requested %u, must be 1",
		  r->num_cq_pairs_requested);
	MSG_RANGE(r->context_priority >= MSG_PRIO_REALTIME && r->context_priority <= MSG_PRIO_LOW,
		  struct msg_create_ctx_req, context_priority,
		  "context_priority %u outside 1..4", r->context_priority);
	return 0;
}

static int create_ctx_resp_check(const void *msg, struct msg_err *err)
{
	const struct msg_create_ctx_resp *r = msg;

	if (r->status != FW_STATUS_SUCCESS)
		return 0;
	MSG_RANGE(r->context_id != MSG_CTX_ID_INVALID, struct msg_create_ctx_resp, context_id,
		  "context_id 0xffffffff on success");
	MSG_RANGE(msg__is_pow2(r->cq_pair[0].x2i_q.buf_size), struct msg_create_ctx_resp,
		  cq_pair[0].x2i_q.buf_size, "x2i ring size %u is not a power of two",
		  r->cq_pair[0].x2i_q.buf_size);
	MSG_RANGE(msg__is_pow2(r->cq_pair[0].i2x_q.buf_size), struct msg_create_ctx_resp,
		  cq_pair[0].i2x_q.buf_size, "i2x ring size %u is not a power of two",
		  r->cq_pair[0].i2x_q.buf_size);
	return 0;
}

static int get_telemetry_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_get_telemetry_req *r = msg;

	MSG_RANGE(r->type <= MSG_TELEMETRY_TYPE_MAX, struct msg_get_telemetry_req, type,
		  "telemetry type %u above 4", r->type);
	MSG_RANGE(r->buf_size <= MSG_TELEMETRY_BUF_MAX, struct msg_get_telemetry_req, buf_size,
		  "buf_size %u above 4 MiB", r->buf_size);
	return 0;
}

static int sync_bo_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_sync_bo_req *r = msg;

	MSG_RANGE(!(r->type & ~0xFFu), struct msg_sync_bo_req, type,
		  "type 0x%x has bits above 7:4", r->type);
	return 0;
}

static int legacy_config_cu_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_legacy_config_cu_req *r = msg;

	MSG_RANGE(r->num_cus >= 1 && r->num_cus <= MSG_MAX_NUM_CUS,
		  struct msg_legacy_config_cu_req, num_cus, "num_cus %u outside 1..32",
		  r->num_cus);
	return 0;
}

static int config_cu_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_config_cu_req *r = msg;

	MSG_RANGE(r->num_cus >= 1 && r->num_cus <= MSG_MAX_NUM_CUS, struct msg_config_cu_req,
		  num_cus, "num_cus %u outside 1..32", r->num_cus);
	for (u32 i = 0; i < r->num_cus; i++)
		if (r->cfgs[i] & MSG_CU_CFG_RSVD_MASK)
			return msg__err(err, -EINVAL, offsetof(struct msg_config_cu_req, cfgs) + 4 * i,
					"cfgs", "cfgs[%u] = 0x%08x has bits 31:25 set", i,
					r->cfgs[i]);
	return 0;
}

static int exec_cf_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_exec_cf_req *r = msg;

	MSG_RANGE(r->cu_idx < MSG_MAX_NUM_CUS, struct msg_exec_cf_req, cu_idx,
		  "cu_idx %u not below 32", r->cu_idx);
	return 0;
}

static int exec_dpu_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_exec_dpu_req *r = msg;

	MSG_RANGE(r->cu_idx < MSG_MAX_NUM_CUS, struct msg_exec_dpu_req, cu_idx,
		  "cu_idx %u not below 32", r->cu_idx);
	return 0;
}

static int query_col_status_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_query_col_status_req *r = msg;
	u32 bits = (u32)__builtin_popcount(r->aie_bitmap);

	MSG_RANGE(r->num_cols == bits, struct msg_query_col_status_req, num_cols,
		  "num_cols %u but aie_bitmap 0x%x has %u bits", r->num_cols, r->aie_bitmap,
		  bits);
	return 0;
}

static int tile_info_resp_check(const void *msg, struct msg_err *err)
{
	const struct msg_tile_info_resp *r = msg;

	if (r->status != FW_STATUS_SUCCESS)
		return 0;
	MSG_RANGE(r->info.cols >= 1, struct msg_tile_info_resp, info.cols, "cols is 0");
	MSG_RANGE(r->info.core_rows >= 1, struct msg_tile_info_resp, info.core_rows,
		  "core_rows is 0 (the driver divides by it)");
	return 0;
}

/* Chain requests: 1..N slots of at least @slot_min bytes in <= 4 KiB. */
static int chain_check(u32 buf_size, u32 count, u32 slot_min, size_t size_off,
		       size_t count_off, struct msg_err *err)
{
	if (count < 1)
		return msg__err(err, -EINVAL, count_off, "count", "count is 0");
	if (buf_size > MSG_MAX_CHAIN_CMDBUF_SIZE || buf_size % 4)
		return msg__err(err, -EINVAL, size_off, "buf_size",
				"buf_size %u not a multiple of 4 up to 4096", buf_size);
	if ((u64)count * slot_min > buf_size)
		return msg__err(err, -EINVAL, size_off, "buf_size",
				"buf_size %u cannot hold %u slots of >= %u bytes", buf_size, count,
				slot_min);
	return 0;
}

static int chain_cf_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_chain_legacy_req *r = msg;

	return chain_check(r->buf_size, r->count, 8, offsetof(struct msg_chain_legacy_req, buf_size),
			   offsetof(struct msg_chain_legacy_req, count), err);
}

static int chain_dpu_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_chain_legacy_req *r = msg;

	return chain_check(r->buf_size, r->count, 24,
			   offsetof(struct msg_chain_legacy_req, buf_size),
			   offsetof(struct msg_chain_legacy_req, count), err);
}

static int chain_npu_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_chain_npu_req *r = msg;

	return chain_check(r->buf_size, r->count, 52, offsetof(struct msg_chain_npu_req, buf_size),
			   offsetof(struct msg_chain_npu_req, count), err);
}

static int config_debug_bo_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_config_debug_bo_req *r = msg;

	MSG_RANGE(r->config <= 1, struct msg_config_debug_bo_req, config,
		  "config %u, must be 0 or 1", r->config);
	return 0;
}

static int self_test_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_self_test_req *r = msg;

	MSG_RANGE(!(r->test_mask & ~MSG_SELF_TEST_MASK), struct msg_self_test_req, test_mask,
		  "test_mask 0x%x outside 0x3f", r->test_mask);
	return 0;
}

static int host_buf_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_host_buf_req *r = msg;

	MSG_RANGE(r->buf_size == MSG_CHUNK_SIZE, struct msg_host_buf_req, buf_size,
		  "buf_size 0x%llx, must be 64 MiB", (unsigned long long)r->buf_size);
	MSG_RANGE(!(r->buf_addr & (MSG_CHUNK_SIZE - 1)), struct msg_host_buf_req, buf_addr,
		  "buf_addr 0x%llx not 64 MiB aligned", (unsigned long long)r->buf_addr);
	return 0;
}

static bool rt_cfg_type_known(u32 type)
{
	return (type >= 1 && type <= 8) || type == 10 || (type >= 12 && type <= 14);
}

static int set_runtime_cfg_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_set_runtime_cfg_req *r = msg;

	MSG_RANGE(rt_cfg_type_known(r->type), struct msg_set_runtime_cfg_req, type,
		  "runtime-config type %u is not defined", r->type);
	return 0;
}

static int get_runtime_cfg_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_get_runtime_cfg_req *r = msg;

	MSG_RANGE(rt_cfg_type_known(r->type), struct msg_get_runtime_cfg_req, type,
		  "runtime-config type %u is not defined", r->type);
	return 0;
}

static int async_event_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_async_event_req *r = msg;

	MSG_RANGE(r->buf_size == MSG_ASYNC_BUF_SIZE, struct msg_async_event_req, buf_size,
		  "buf_size %u, must be 8192", r->buf_size);
	return 0;
}

static int async_event_resp_check(const void *msg, struct msg_err *err)
{
	const struct msg_async_event_resp *r = msg;

	MSG_RANGE(r->type <= MSG_ASYNC_EVENT_EXCEPTION, struct msg_async_event_resp, type,
		  "event type %u, must be 0 or 1", r->type);
	return 0;
}

static int start_fw_trace_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_start_fw_trace_req *r = msg;

	MSG_RANGE(r->destination == 1, struct msg_start_fw_trace_req, destination,
		  "destination %u, must be 1 (DRAM)", r->destination);
	MSG_RANGE(r->timestamp <= 1, struct msg_start_fw_trace_req, timestamp,
		  "timestamp %u, must be 0 or 1", r->timestamp);
	return 0;
}

static int update_property_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_update_property_req *r = msg;

	MSG_RANGE(r->type == MSG_PROPERTY_TIME_QUOTA, struct msg_update_property_req, type,
		  "property type %u, only 0 (time quota) is defined", r->type);
	return 0;
}

static int dev_revision_resp_check(const void *msg, struct msg_err *err)
{
	const struct msg_dev_revision_resp *r = msg;

	if (r->status != FW_STATUS_SUCCESS)
		return 0;
	MSG_RANGE(r->rev >= MSG_REV_STXA && r->rev <= MSG_REV_GPT3, struct msg_dev_revision_resp,
		  rev, "revision %u outside 1..8", r->rev);
	return 0;
}

static int aie_rw_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_aie_rw_req *r = msg;

	MSG_RANGE(r->type <= MSG_RW_REG_WRITE, struct msg_aie_rw_req, type,
		  "access type %u outside 0..3", r->type);
	return 0;
}

static int register_pdi_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_register_pdi_req *r = msg;

	MSG_RANGE(r->num_infos == 1, struct msg_register_pdi_req, num_infos,
		  "num_infos %u, the message holds one pdi_info", r->num_infos);
	return 0;
}

static int unregister_pdi_req_check(const void *msg, struct msg_err *err)
{
	const struct msg_unregister_pdi_req *r = msg;

	MSG_RANGE(r->num_pdi == 1, struct msg_unregister_pdi_req, num_pdi,
		  "num_pdi %u, the message holds one pdi_id", r->num_pdi);
	return 0;
}

static int mgmt_desc_check(const void *msg, struct msg_err *err)
{
	const struct msg_mgmt_desc *d = msg;

	MSG_RANGE(d->magic == MSG_MGMT_DESC_MAGIC, struct msg_mgmt_desc, magic,
		  "magic 0x%08x, expected 0x55504e5f", d->magic);
	MSG_RANGE(msg__is_pow2(d->x2i_buf_sz), struct msg_mgmt_desc, x2i_buf_sz,
		  "x2i ring size %u is not a power of two", d->x2i_buf_sz);
	MSG_RANGE(msg__is_pow2(d->i2x_buf_sz), struct msg_mgmt_desc, i2x_buf_sz,
		  "i2x ring size %u is not a power of two", d->i2x_buf_sz);
	return 0;
}

static int err_report_hdr_check(const void *msg, struct msg_err *err)
{
	const struct msg_err_report_hdr *h = msg;

	MSG_RANGE(h->err_cnt <= MSG_ERR_MAX_RECORDS, struct msg_err_report_hdr, err_cnt,
		  "err_cnt %u above 681", h->err_cnt);
	return 0;
}

static int err_record_check(const void *msg, struct msg_err *err)
{
	const struct msg_err_record *e = msg;

	MSG_RANGE(e->module <= MSG_ERR_MOD_SHIM, struct msg_err_record, module,
		  "module %u outside 0..2", e->module);
	return 0;
}

static int coredump_entry_check(const void *msg, struct msg_err *err)
{
	const struct msg_coredump_entry *e = msg;

	MSG_RANGE(e->buf_size == SZ_1M, struct msg_coredump_entry, buf_size,
		  "buf_size %u, must be 1 MiB", e->buf_size);
	return 0;
}

/* ----------------------------------------------------------------------- */
/* Field lists. */

static const struct msg_field empty_req_fields[] = {
	FLD(struct msg_empty_req, reserved, R),
};
DEF_LAYOUT(empty_req, struct msg_empty_req, NULL);

static const struct msg_field status_resp_fields[] = {
	FLD(struct msg_status_resp, status, S),
};
DEF_LAYOUT(status_resp, struct msg_status_resp, NULL);

static const struct msg_field register_pdi_req_fields[] = {
	FLD(struct msg_register_pdi_req, num_infos, V),
	FLD(struct msg_register_pdi_req, info.registered, V),
	ARR(struct msg_register_pdi_req, info.pad, R),
	FLD(struct msg_register_pdi_req, info.address, V),
	FLD(struct msg_register_pdi_req, info.size, V),
	FLD(struct msg_register_pdi_req, info.type, V),
	FLD(struct msg_register_pdi_req, info.pdi_id, V),
	ARR(struct msg_register_pdi_req, pad, R),
};
DEF_LAYOUT(register_pdi_req, struct msg_register_pdi_req, register_pdi_req_check);

static const struct msg_field register_pdi_resp_fields[] = {
	FLD(struct msg_register_pdi_resp, status, S),
	FLD(struct msg_register_pdi_resp, reg_index, V),
	ARR(struct msg_register_pdi_resp, pad, R),
};
DEF_LAYOUT(register_pdi_resp, struct msg_register_pdi_resp, NULL);

static const struct msg_field unregister_pdi_req_fields[] = {
	FLD(struct msg_unregister_pdi_req, num_pdi, V),
	FLD(struct msg_unregister_pdi_req, pdi_id, V),
	ARR(struct msg_unregister_pdi_req, pad, R),
};
DEF_LAYOUT(unregister_pdi_req, struct msg_unregister_pdi_req, unregister_pdi_req_check);

static const struct msg_field unregister_pdi_resp_fields[] = {
	FLD(struct msg_unregister_pdi_resp, status, S),
	ARR(struct msg_unregister_pdi_resp, pad, R),
};
DEF_LAYOUT(unregister_pdi_resp, struct msg_unregister_pdi_resp, NULL);

static const struct msg_field create_ctx_req_fields[] = {
	FLD(struct msg_create_ctx_req, aie_type, V),
	FLD(struct msg_create_ctx_req, start_col, V),
	FLD(struct msg_create_ctx_req, num_col, V),
	FLD(struct msg_create_ctx_req, num_unused_col, V),
	FLD(struct msg_create_ctx_req, reserved, R),
	FLD(struct msg_create_ctx_req, num_cq_pairs_requested, V),
	FLD(struct msg_create_ctx_req, reserved1, R),
	FLD(struct msg_create_ctx_req, pasid, V),
	ARR(struct msg_create_ctx_req, pad, R),
	FLD(struct msg_create_ctx_req, sec_comm_target_type, V),
	FLD(struct msg_create_ctx_req, context_priority, V),
};
DEF_LAYOUT(create_ctx_req, struct msg_create_ctx_req, create_ctx_req_check);

#define CQ(q)                                                                              \
	FLD(struct msg_create_ctx_resp, q.head_addr, V),                                  \
	FLD(struct msg_create_ctx_resp, q.tail_addr, V),                                  \
	FLD(struct msg_create_ctx_resp, q.buf_addr, V),                                   \
	FLD(struct msg_create_ctx_resp, q.buf_size, V)

static const struct msg_field create_ctx_resp_fields[] = {
	FLD(struct msg_create_ctx_resp, status, S),
	FLD(struct msg_create_ctx_resp, context_id, V),
	FLD(struct msg_create_ctx_resp, msix_id, V),
	FLD(struct msg_create_ctx_resp, num_cq_pairs_allocated, V),
	FLD(struct msg_create_ctx_resp, reserved, R),
	CQ(cq_pair[0].x2i_q),
	CQ(cq_pair[0].i2x_q),
	CQ(cq_pair[1].x2i_q),
	CQ(cq_pair[1].i2x_q),
};
DEF_LAYOUT(create_ctx_resp, struct msg_create_ctx_resp, create_ctx_resp_check);

static const struct msg_field destroy_ctx_req_fields[] = {
	FLD(struct msg_destroy_ctx_req, context_id, V),
};
DEF_LAYOUT(destroy_ctx_req, struct msg_destroy_ctx_req, NULL);

static const struct msg_field get_telemetry_req_fields[] = {
	FLD(struct msg_get_telemetry_req, type, V),
	FLD(struct msg_get_telemetry_req, buf_addr, V),
	FLD(struct msg_get_telemetry_req, buf_size, V),
};
DEF_LAYOUT(get_telemetry_req, struct msg_get_telemetry_req, get_telemetry_req_check);

static const struct msg_field get_telemetry_resp_fields[] = {
	FLD(struct msg_get_telemetry_resp, major, V),
	FLD(struct msg_get_telemetry_resp, minor, V),
	FLD(struct msg_get_telemetry_resp, size, V),
	FLD(struct msg_get_telemetry_resp, status, S),
};
DEF_LAYOUT(get_telemetry_resp, struct msg_get_telemetry_resp, NULL);

static const struct msg_field sync_bo_req_fields[] = {
	FLD(struct msg_sync_bo_req, src_addr, V),
	FLD(struct msg_sync_bo_req, dst_addr, V),
	FLD(struct msg_sync_bo_req, size, V),
	FLD(struct msg_sync_bo_req, type, V),
};
DEF_LAYOUT(sync_bo_req, struct msg_sync_bo_req, sync_bo_req_check);

static const struct msg_field legacy_config_cu_req_fields[] = {
	FLD(struct msg_legacy_config_cu_req, num_cus, V),
	ARR(struct msg_legacy_config_cu_req, configs, V),
};
DEF_LAYOUT(legacy_config_cu_req, struct msg_legacy_config_cu_req, legacy_config_cu_req_check);

static const struct msg_field config_cu_req_fields[] = {
	FLD(struct msg_config_cu_req, num_cus, V),
	ARR(struct msg_config_cu_req, cfgs, V),
};
DEF_LAYOUT(config_cu_req, struct msg_config_cu_req, config_cu_req_check);

static const struct msg_field exec_cf_req_fields[] = {
	FLD(struct msg_exec_cf_req, cu_idx, V),
	ARR(struct msg_exec_cf_req, payload, V),
};
DEF_LAYOUT(exec_cf_req, struct msg_exec_cf_req, exec_cf_req_check);

static const struct msg_field exec_dpu_req_fields[] = {
	FLD(struct msg_exec_dpu_req, inst_buf_addr, V),
	FLD(struct msg_exec_dpu_req, inst_size, V),
	FLD(struct msg_exec_dpu_req, inst_prop_cnt, V),
	FLD(struct msg_exec_dpu_req, cu_idx, V),
	ARR(struct msg_exec_dpu_req, payload, V),
};
DEF_LAYOUT(exec_dpu_req, struct msg_exec_dpu_req, exec_dpu_req_check);

static const struct msg_field exec_opaque_req_fields[] = {
	ARR(struct msg_exec_opaque_req, words, V),
};
DEF_LAYOUT(exec_opaque_req, struct msg_exec_opaque_req, NULL);

static const struct msg_field query_col_status_req_fields[] = {
	FLD(struct msg_query_col_status_req, dump_buff_addr, V),
	FLD(struct msg_query_col_status_req, dump_buff_size, V),
	FLD(struct msg_query_col_status_req, num_cols, V),
	FLD(struct msg_query_col_status_req, aie_bitmap, V),
};
DEF_LAYOUT(query_col_status_req, struct msg_query_col_status_req, query_col_status_req_check);

static const struct msg_field query_col_status_resp_fields[] = {
	FLD(struct msg_query_col_status_resp, status, S),
	FLD(struct msg_query_col_status_resp, size, V),
};
DEF_LAYOUT(query_col_status_resp, struct msg_query_col_status_resp, NULL);

#define TI(m) FLD(struct msg_tile_info_resp, info.m, V)
static const struct msg_field tile_info_resp_fields[] = {
	FLD(struct msg_tile_info_resp, status, S),
	TI(size), TI(major), TI(minor), TI(cols), TI(rows), TI(core_rows), TI(mem_rows),
	TI(shim_rows), TI(core_row_start), TI(mem_row_start), TI(shim_row_start),
	TI(core_dma_channels), TI(mem_dma_channels), TI(shim_dma_channels), TI(core_locks),
	TI(mem_locks), TI(shim_locks), TI(core_events), TI(mem_events), TI(shim_events),
	FLD(struct msg_tile_info_resp, info.reserved, R),
};
#undef TI
DEF_LAYOUT(tile_info_resp, struct msg_tile_info_resp, tile_info_resp_check);

static const struct msg_field aie_version_resp_fields[] = {
	FLD(struct msg_aie_version_resp, status, S),
	FLD(struct msg_aie_version_resp, major, V),
	FLD(struct msg_aie_version_resp, minor, V),
};
DEF_LAYOUT(aie_version_resp, struct msg_aie_version_resp, NULL);

static const struct msg_field chain_legacy_req_fields[] = {
	FLD(struct msg_chain_legacy_req, buf_addr, V),
	FLD(struct msg_chain_legacy_req, buf_size, V),
	FLD(struct msg_chain_legacy_req, count, V),
	ARR(struct msg_chain_legacy_req, undef, U),
};
static const struct msg_layout l_chain_cf_req =
	LAYOUT(chain_legacy_req, struct msg_chain_legacy_req, chain_cf_req_check);
static const struct msg_layout l_chain_dpu_req =
	LAYOUT(chain_legacy_req, struct msg_chain_legacy_req, chain_dpu_req_check);

static const struct msg_field chain_npu_req_fields[] = {
	FLD(struct msg_chain_npu_req, flags, R),
	FLD(struct msg_chain_npu_req, reserved, R),
	FLD(struct msg_chain_npu_req, buf_addr, V),
	FLD(struct msg_chain_npu_req, buf_size, V),
	FLD(struct msg_chain_npu_req, count, V),
};
DEF_LAYOUT(chain_npu_req, struct msg_chain_npu_req, chain_npu_req_check);

static const struct msg_field chain_resp_fields[] = {
	FLD(struct msg_chain_resp, status, S),
	FLD(struct msg_chain_resp, fail_cmd_idx, V),
	FLD(struct msg_chain_resp, fail_cmd_status, V),
};
DEF_LAYOUT(chain_resp, struct msg_chain_resp, NULL);

static const struct msg_field config_debug_bo_req_fields[] = {
	FLD(struct msg_config_debug_bo_req, offset, V),
	FLD(struct msg_config_debug_bo_req, size, V),
	FLD(struct msg_config_debug_bo_req, config, V),
};
DEF_LAYOUT(config_debug_bo_req, struct msg_config_debug_bo_req, config_debug_bo_req_check);

static const struct msg_field assign_mgmt_pasid_req_fields[] = {
	FLD(struct msg_assign_mgmt_pasid_req, pasid, V),
	FLD(struct msg_assign_mgmt_pasid_req, reserved, R),
};
DEF_LAYOUT(assign_mgmt_pasid_req, struct msg_assign_mgmt_pasid_req, NULL);

static const struct msg_field self_test_req_fields[] = {
	FLD(struct msg_self_test_req, test_mask, V),
};
DEF_LAYOUT(self_test_req, struct msg_self_test_req, self_test_req_check);

static const struct msg_field host_buf_req_fields[] = {
	FLD(struct msg_host_buf_req, context_id, V),
	FLD(struct msg_host_buf_req, buf_addr, V),
	FLD(struct msg_host_buf_req, buf_size, V),
};
DEF_LAYOUT(host_buf_req, struct msg_host_buf_req, host_buf_req_check);

static const struct msg_field fw_version_resp_fields[] = {
	FLD(struct msg_fw_version_resp, status, S),
	FLD(struct msg_fw_version_resp, major, V),
	FLD(struct msg_fw_version_resp, minor, V),
	FLD(struct msg_fw_version_resp, sub, V),
	FLD(struct msg_fw_version_resp, build, V),
};
DEF_LAYOUT(fw_version_resp, struct msg_fw_version_resp, NULL);

static const struct msg_field set_runtime_cfg_req_fields[] = {
	FLD(struct msg_set_runtime_cfg_req, type, V),
	FLD(struct msg_set_runtime_cfg_req, value, V),
};
DEF_LAYOUT(set_runtime_cfg_req, struct msg_set_runtime_cfg_req, set_runtime_cfg_req_check);

static const struct msg_field get_runtime_cfg_req_fields[] = {
	FLD(struct msg_get_runtime_cfg_req, type, V),
};
DEF_LAYOUT(get_runtime_cfg_req, struct msg_get_runtime_cfg_req, get_runtime_cfg_req_check);

static const struct msg_field get_runtime_cfg_resp_fields[] = {
	FLD(struct msg_get_runtime_cfg_resp, status, S),
	FLD(struct msg_get_runtime_cfg_resp, value, V),
};
DEF_LAYOUT(get_runtime_cfg_resp, struct msg_get_runtime_cfg_resp, NULL);

static const struct msg_field async_event_req_fields[] = {
	FLD(struct msg_async_event_req, buf_addr, V),
	FLD(struct msg_async_event_req, buf_size, V),
};
DEF_LAYOUT(async_event_req, struct msg_async_event_req, async_event_req_check);

static const struct msg_field async_event_resp_fields[] = {
	FLD(struct msg_async_event_resp, status, S),
	FLD(struct msg_async_event_resp, type, V),
};
DEF_LAYOUT(async_event_resp, struct msg_async_event_resp, async_event_resp_check);

static const struct msg_field start_fw_trace_req_fields[] = {
	FLD(struct msg_start_fw_trace_req, categories, V),
	FLD(struct msg_start_fw_trace_req, destination, V),
	FLD(struct msg_start_fw_trace_req, timestamp, V),
	FLD(struct msg_start_fw_trace_req, buf_addr, V),
	FLD(struct msg_start_fw_trace_req, buf_size, V),
};
DEF_LAYOUT(start_fw_trace_req, struct msg_start_fw_trace_req, start_fw_trace_req_check);

static const struct msg_field start_fw_trace_resp_fields[] = {
	FLD(struct msg_start_fw_trace_resp, status, S),
	FLD(struct msg_start_fw_trace_resp, msi_idx, V),
	FLD(struct msg_start_fw_trace_resp, current_timestamp, V),
	FLD(struct msg_start_fw_trace_resp, msi_address, V),
};
DEF_LAYOUT(start_fw_trace_resp, struct msg_start_fw_trace_resp, NULL);

static const struct msg_field fw_trace_cat_req_fields[] = {
	FLD(struct msg_fw_trace_cat_req, categories, V),
};
DEF_LAYOUT(fw_trace_cat_req, struct msg_fw_trace_cat_req, NULL);

static const struct msg_field update_property_req_fields[] = {
	FLD(struct msg_update_property_req, type, V),
	FLD(struct msg_update_property_req, context_id, V),
	ARR(struct msg_update_property_req, reserved, R),
	FLD(struct msg_update_property_req, time_quota_us, V),
	FLD(struct msg_update_property_req, reserved2, R),
};
DEF_LAYOUT(update_property_req, struct msg_update_property_req, update_property_req_check);

static const struct msg_field app_health_req_fields[] = {
	FLD(struct msg_app_health_req, context_id, V),
	FLD(struct msg_app_health_req, buf_size, V),
	FLD(struct msg_app_health_req, buf_addr, V),
};
DEF_LAYOUT(app_health_req, struct msg_app_health_req, NULL);

static const struct msg_field buf_size_resp_fields[] = {
	FLD(struct msg_buf_size_resp, status, S),
	FLD(struct msg_buf_size_resp, required_buffer_size, V),
	ARR(struct msg_buf_size_resp, reserved, R),
};
DEF_LAYOUT(buf_size_resp, struct msg_buf_size_resp, NULL);

static const struct msg_field config_fw_log_req_fields[] = {
	FLD(struct msg_config_fw_log_req, buf_addr, V),
	FLD(struct msg_config_fw_log_req, buf_size, V),
	ARR(struct msg_config_fw_log_req, reserved, R),
};
DEF_LAYOUT(config_fw_log_req, struct msg_config_fw_log_req, NULL);

static const struct msg_field config_fw_log_resp_fields[] = {
	FLD(struct msg_config_fw_log_resp, status, S),
	FLD(struct msg_config_fw_log_resp, msi_idx, V),
	FLD(struct msg_config_fw_log_resp, msi_address, V),
	ARR(struct msg_config_fw_log_resp, reserved, R),
};
DEF_LAYOUT(config_fw_log_resp, struct msg_config_fw_log_resp, NULL);

static const struct msg_field dev_revision_resp_fields[] = {
	FLD(struct msg_dev_revision_resp, status, S),
	FLD(struct msg_dev_revision_resp, rev, V),
	FLD(struct msg_dev_revision_resp, raw_fuse_data, V),
};
DEF_LAYOUT(dev_revision_resp, struct msg_dev_revision_resp, dev_revision_resp_check);

static const struct msg_field coredump_req_fields[] = {
	FLD(struct msg_coredump_req, context_id, V),
	FLD(struct msg_coredump_req, num_bufs, V),
	FLD(struct msg_coredump_req, list_addr, V),
	FLD(struct msg_coredump_req, list_size, V),
};
DEF_LAYOUT(coredump_req, struct msg_coredump_req, NULL);

static const struct msg_field calibrate_clock_req_fields[] = {
	FLD(struct msg_calibrate_clock_req, time_base_ns, V),
};
DEF_LAYOUT(calibrate_clock_req, struct msg_calibrate_clock_req, NULL);

/*
 * The union is listed in its memory-access form; in the register forms
 * (types 2, 3) u.mem.dram_addr holds aie_offset (low word) and write_value
 * (high word), and the last 8 bytes are undefined.
 */
static const struct msg_field aie_rw_req_fields[] = {
	FLD(struct msg_aie_rw_req, type, V),
	FLD(struct msg_aie_rw_req, ctx_id, V),
	FLD(struct msg_aie_rw_req, row, V),
	FLD(struct msg_aie_rw_req, col, V),
	FLD(struct msg_aie_rw_req, reserved, R),
	FLD(struct msg_aie_rw_req, u.mem.dram_addr, V),
	FLD(struct msg_aie_rw_req, u.mem.aie_offset, V),
	FLD(struct msg_aie_rw_req, u.mem.size, V),
};
DEF_LAYOUT(aie_rw_req, struct msg_aie_rw_req, aie_rw_req_check);

static const struct msg_field aie_rw_resp_fields[] = {
	FLD(struct msg_aie_rw_resp, status, S),
	FLD(struct msg_aie_rw_resp, reg_read_value, V),
};
DEF_LAYOUT(aie_rw_resp, struct msg_aie_rw_resp, NULL);

static const struct msg_field protocol_version_resp_fields[] = {
	FLD(struct msg_protocol_version_resp, status, S),
	FLD(struct msg_protocol_version_resp, major, V),
	FLD(struct msg_protocol_version_resp, minor, V),
};
DEF_LAYOUT(protocol_version_resp, struct msg_protocol_version_resp, NULL);

/* Buffer formats. */

static const struct msg_field mgmt_desc_fields[] = {
	FLD(struct msg_mgmt_desc, x2i_tail, V),
	FLD(struct msg_mgmt_desc, x2i_head, V),
	FLD(struct msg_mgmt_desc, x2i_buf, V),
	FLD(struct msg_mgmt_desc, x2i_buf_sz, V),
	FLD(struct msg_mgmt_desc, i2x_tail, V),
	FLD(struct msg_mgmt_desc, i2x_head, V),
	FLD(struct msg_mgmt_desc, i2x_buf, V),
	FLD(struct msg_mgmt_desc, i2x_buf_sz, V),
	FLD(struct msg_mgmt_desc, magic, V),
	FLD(struct msg_mgmt_desc, msi_id, V),
	FLD(struct msg_mgmt_desc, prot_major, V),
	FLD(struct msg_mgmt_desc, prot_minor, V),
	ARR(struct msg_mgmt_desc, rsvd, R),
};
const struct msg_layout msg_layout_mgmt_desc = LAYOUT(mgmt_desc, struct msg_mgmt_desc,
						      mgmt_desc_check);

#define AH(m) FLD(struct msg_app_health_report, m, V)
static const struct msg_field app_health_report_fields[] = {
	AH(major), AH(minor), AH(size), AH(context_id), AH(dpu_pc), AH(txn_op_id), AH(ctx_pc),
	AH(fatal_info.fatal_type), AH(fatal_info.exception_type),
	AH(fatal_info.exception_argument), AH(fatal_info.exception_pc),
	AH(fatal_info.app_module), AH(fatal_info.task_index),
	ARR(struct msg_app_health_report, fatal_info.reserved, R),
	AH(run_list_id),
};
#undef AH
const struct msg_layout msg_layout_app_health_report =
	LAYOUT(app_health_report, struct msg_app_health_report, NULL);

static const struct msg_field err_report_hdr_fields[] = {
	FLD(struct msg_err_report_hdr, err_cnt, V),
	FLD(struct msg_err_report_hdr, ret_code, V),
	FLD(struct msg_err_report_hdr, reserved, R),
};
const struct msg_layout msg_layout_err_report_hdr =
	LAYOUT(err_report_hdr, struct msg_err_report_hdr, err_report_hdr_check);

static const struct msg_field err_record_fields[] = {
	FLD(struct msg_err_record, row, V),
	FLD(struct msg_err_record, col, V),
	FLD(struct msg_err_record, pad, U),
	FLD(struct msg_err_record, module, V),
	FLD(struct msg_err_record, event_id, V),
	FLD(struct msg_err_record, pad1, U),
	FLD(struct msg_err_record, pad2, U),
};
const struct msg_layout msg_layout_err_record =
	LAYOUT(err_record, struct msg_err_record, err_record_check);

static const struct msg_field coredump_entry_fields[] = {
	FLD(struct msg_coredump_entry, buf_addr, V),
	FLD(struct msg_coredump_entry, buf_size, V),
	FLD(struct msg_coredump_entry, reserved, R),
};
const struct msg_layout msg_layout_coredump_entry =
	LAYOUT(coredump_entry, struct msg_coredump_entry, coredump_entry_check);

/* ----------------------------------------------------------------------- */
/* The opcode table (docs/driver/proto.md §3.1), sorted by opcode. */

#define M MSG_CHAN_MGMT
#define US MSG_CHAN_USER
#define SYNC MSG_MODE_SYNC
#define ASYNC MSG_MODE_ASYNC
#define BOTH MSG_ORIGIN_BOTH
#define OOT MSG_ORIGIN_OOT
#define NOF FW_FEAT_NONE

#define OP(op, ch, rq, rs, mode, orig, feat, st, chk, lreq, lresp)                           \
	{ MSG_OP_##op, #op, ch, mode, orig, feat, rq, rs, st, chk, lreq, lresp }

const struct msg_desc msg_descs[] = {
	OP(REGISTER_PDI, M, 236, 44, SYNC, OOT, NOF, 0, true,
	   &l_register_pdi_req, &l_register_pdi_resp),
	OP(CREATE_CONTEXT, M, 28, 76, SYNC, BOTH, NOF, 0, true,
	   &l_create_ctx_req, &l_create_ctx_resp),
	OP(DESTROY_CONTEXT, M, 4, 4, SYNC, BOTH, NOF, 0, true,
	   &l_destroy_ctx_req, &l_status_resp),
	OP(GET_TELEMETRY, M, 16, 16, SYNC, BOTH, NOF, 12, true,
	   &l_get_telemetry_req, &l_get_telemetry_resp),
	OP(SYNC_BO, US, 24, 4, ASYNC, BOTH, NOF, 0, true,
	   &l_sync_bo_req, &l_status_resp),
	OP(UNREGISTER_PDI, M, 12, 36, SYNC, OOT, NOF, 0, true,
	   &l_unregister_pdi_req, &l_unregister_pdi_resp),
	OP(LEGACY_CONFIG_CU, US, 132, 4, MSG_MODE_SYNC_USER, OOT, NOF, 0, true,
	   &l_legacy_config_cu_req, &l_status_resp),
	OP(EXECUTE_BUFFER_CF, US, 80, 4, ASYNC, BOTH, NOF, 0, true,
	   &l_exec_cf_req, &l_status_resp),
	OP(QUERY_COL_STATUS, M, 20, 8, SYNC, BOTH, NOF, 0, true,
	   &l_query_col_status_req, &l_query_col_status_resp),
	OP(QUERY_AIE_TILE_INFO, M, 4, 48, SYNC, BOTH, NOF, 0, true,
	   &l_empty_req, &l_tile_info_resp),
	OP(QUERY_AIE_VERSION, M, 4, 8, SYNC, BOTH, NOF, 0, true,
	   &l_empty_req, &l_aie_version_resp),
	OP(EXEC_DPU, US, 160, 4, ASYNC, BOTH, NOF, 0, true,
	   &l_exec_dpu_req, &l_status_resp),
	OP(CONFIG_CU, US, 132, 4, ASYNC, BOTH, NOF, 0, true,
	   &l_config_cu_req, &l_status_resp),
	OP(CHAIN_EXEC_BUFFER_CF, US, 24, 12, ASYNC, BOTH, NOF, 0, true,
	   &l_chain_cf_req, &l_chain_resp),
	OP(CHAIN_EXEC_DPU, US, 24, 12, ASYNC, BOTH, NOF, 0, true,
	   &l_chain_dpu_req, &l_chain_resp),
	OP(CONFIG_DEBUG_BO, US, 20, 4, ASYNC, BOTH, NOF, 0, true,
	   &l_config_debug_bo_req, &l_status_resp),
	OP(EXEC_DPU_PREEMPT, US, 160, 0, MSG_MODE_NEVER, OOT, NOF, 0, false,
	   &l_exec_opaque_req, NULL),
	OP(EXEC_NPU, US, 160, 0, MSG_MODE_NEVER, OOT, NOF, 0, false,
	   &l_exec_opaque_req, NULL),
	OP(CHAIN_EXEC_NPU, US, 24, 12, ASYNC, BOTH, FW_FEAT_NPU_COMMAND, 0, true,
	   &l_chain_npu_req, &l_chain_resp),
	OP(SUSPEND, M, 4, 4, SYNC, BOTH, NOF, 0, true,
	   &l_empty_req, &l_status_resp),
	OP(RESUME, M, 4, 4, SYNC, BOTH, NOF, 0, true,
	   &l_empty_req, &l_status_resp),
	OP(ASSIGN_MGMT_PASID, M, 4, 4, SYNC, BOTH, NOF, 0, true,
	   &l_assign_mgmt_pasid_req, &l_status_resp),
	OP(INVOKE_SELF_TEST, M, 4, 4, SYNC, OOT, NOF, 0, true,
	   &l_self_test_req, &l_status_resp),
	OP(MAP_HOST_BUFFER, M, 20, 4, SYNC, BOTH, NOF, 0, true,
	   &l_host_buf_req, &l_status_resp),
	OP(GET_FIRMWARE_VERSION, M, 4, 20, SYNC, BOTH, NOF, 0, true,
	   &l_empty_req, &l_fw_version_resp),
	OP(SET_RUNTIME_CONFIG, M, 12, 4, SYNC, BOTH, NOF, 0, true,
	   &l_set_runtime_cfg_req, &l_status_resp),
	OP(GET_RUNTIME_CONFIG, M, 4, 12, SYNC, BOTH, NOF, 0, true,
	   &l_get_runtime_cfg_req, &l_get_runtime_cfg_resp),
	OP(REGISTER_ASYNC_EVENT_MSG, M, 12, 8, ASYNC, BOTH, NOF, 0, false,
	   &l_async_event_req, &l_async_event_resp),
	OP(START_FW_TRACE, M, 24, 20, SYNC, BOTH, FW_FEAT_FW_TRACE, 0, true,
	   &l_start_fw_trace_req, &l_start_fw_trace_resp),
	OP(STOP_FW_TRACE, M, 4, 4, SYNC, BOTH, FW_FEAT_FW_TRACE, 0, true,
	   &l_empty_req, &l_status_resp),
	OP(SET_FW_TRACE_CATEGORIES, M, 4, 4, SYNC, BOTH, FW_FEAT_FW_TRACE, 0, true,
	   &l_fw_trace_cat_req, &l_status_resp),
	OP(UPDATE_PROPERTY, M, 20, 4, SYNC, BOTH, FW_FEAT_UPDATE_PROPERTY, 0, true,
	   &l_update_property_req, &l_status_resp),
	OP(GET_APP_HEALTH, M, 16, 36, SYNC, BOTH, FW_FEAT_APP_HEALTH, 0, true,
	   &l_app_health_req, &l_buf_size_resp),
	OP(ADD_HOST_BUFFER, M, 20, 4, SYNC, BOTH, FW_FEAT_ADD_HOST_BUFFER, 0, true,
	   &l_host_buf_req, &l_status_resp),
	OP(CONFIG_FW_LOG, M, 32, 32, SYNC, BOTH, FW_FEAT_FW_LOG, 0, true,
	   &l_config_fw_log_req, &l_config_fw_log_resp),
	OP(GET_DEV_REVISION, M, 4, 12, SYNC, BOTH, FW_FEAT_GET_DEV_REVISION, 0, true,
	   &l_empty_req, &l_dev_revision_resp),
	OP(GET_COREDUMP, M, 20, 36, SYNC, BOTH, FW_FEAT_GET_COREDUMP, 0, true,
	   &l_coredump_req, &l_buf_size_resp),
	OP(CALIBRATE_CLOCK, M, 8, 4, SYNC, BOTH, FW_FEAT_CALIBRATE_CLOCK, 0, true,
	   &l_calibrate_clock_req, &l_status_resp),
	OP(AIE_RW_ACCESS, M, 24, 8, SYNC, BOTH, FW_FEAT_RW_ACCESS, 0, true,
	   &l_aie_rw_req, &l_aie_rw_resp),
	OP(GET_PROTOCOL_VERSION, M, 4, 12, SYNC, OOT, NOF, 0, true,
	   &l_empty_req, &l_protocol_version_resp),
};

const size_t msg_ndescs = ARRAY_SIZE(msg_descs);
