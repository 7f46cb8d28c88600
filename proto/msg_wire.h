/* SPDX-License-Identifier: MIT */
/*
 * msg_wire.h - the AIE2 firmware message formats, byte for byte.
 *
 * Every structure here is the exact payload of one mailbox message (the
 * 16-byte mailbox header of mailbox.h comes in front of it), or of a buffer
 * the firmware and the driver exchange through memory (command-list slots,
 * error reports, the app-health report, the management-channel descriptor).
 * Source of truth: docs/driver/proto.md §1.5, §3, §4 and §9.
 *
 * All structures are packed: a u64 may sit on a 4-byte boundary.  Every
 * multi-byte field is little-endian on the wire; the module requires a
 * little-endian host (docs/driver/proto.md §0: x86 host, structures copied byte
 * for byte), so a structure in memory *is* its wire image.  Each size and
 * each field offset is pinned by a _Static_assert against the number the
 * spec gives.  Reserved fields must be 0 (checked by msg_decode() in strict
 * mode); "undef" fields carry bytes the driver leaves uninitialised and are
 * never checked.
 */
#ifndef XDNASIM_PROTO_MSG_WIRE_H
#define XDNASIM_PROTO_MSG_WIRE_H

#include <stddef.h>

#include "common/compat.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "proto: wire structures are little-endian images of host memory");

#define __msg_packed __attribute__((packed))

/* Pin a structure's size and a field's offset to the spec's numbers. */
#define MSG_WIRE_SIZE(type, n) _Static_assert(sizeof(type) == (n), #type " size")
#define MSG_WIRE_OFF(type, field, n) \
	_Static_assert(offsetof(type, field) == (n), #type "." #field " offset")

/* Section 3.1: opcodes.  Range markers (MAX_*) are not opcodes. */
enum msg_opcode {
	MSG_OP_REGISTER_PDI = 0x001,
	MSG_OP_CREATE_CONTEXT = 0x002,
	MSG_OP_DESTROY_CONTEXT = 0x003,
	MSG_OP_GET_TELEMETRY = 0x004,
	MSG_OP_SYNC_BO = 0x007,
	MSG_OP_UNREGISTER_PDI = 0x00A,
	MSG_OP_LEGACY_CONFIG_CU = 0x00B,
	MSG_OP_EXECUTE_BUFFER_CF = 0x00C,
	MSG_OP_QUERY_COL_STATUS = 0x00D,
	MSG_OP_QUERY_AIE_TILE_INFO = 0x00E,
	MSG_OP_QUERY_AIE_VERSION = 0x00F,
	MSG_OP_EXEC_DPU = 0x010,
	MSG_OP_CONFIG_CU = 0x011,
	MSG_OP_CHAIN_EXEC_BUFFER_CF = 0x012,
	MSG_OP_CHAIN_EXEC_DPU = 0x013,
	MSG_OP_CONFIG_DEBUG_BO = 0x014,
	MSG_OP_EXEC_DPU_PREEMPT = 0x015,
	MSG_OP_EXEC_NPU = 0x017,
	MSG_OP_CHAIN_EXEC_NPU = 0x018,
	MSG_OP_MAX_XRT = 0x019,
	MSG_OP_SUSPEND = 0x101,
	MSG_OP_RESUME = 0x102,
	MSG_OP_ASSIGN_MGMT_PASID = 0x103,
	MSG_OP_INVOKE_SELF_TEST = 0x104,
	MSG_OP_MAP_HOST_BUFFER = 0x106,
	MSG_OP_GET_FIRMWARE_VERSION = 0x108,
	MSG_OP_SET_RUNTIME_CONFIG = 0x10A,
	MSG_OP_GET_RUNTIME_CONFIG = 0x10B,
	MSG_OP_REGISTER_ASYNC_EVENT_MSG = 0x10C,
	MSG_OP_START_FW_TRACE = 0x10F,
	MSG_OP_STOP_FW_TRACE = 0x110,
	MSG_OP_SET_FW_TRACE_CATEGORIES = 0x111,
	MSG_OP_UPDATE_PROPERTY = 0x113,
	MSG_OP_GET_APP_HEALTH = 0x114,
	MSG_OP_ADD_HOST_BUFFER = 0x115,
	MSG_OP_CONFIG_FW_LOG = 0x116,
	MSG_OP_GET_DEV_REVISION = 0x117,
	MSG_OP_GET_COREDUMP = 0x119,
	MSG_OP_CALIBRATE_CLOCK = 0x11C,
	MSG_OP_MAX_DRV = 0x11D,
	MSG_OP_AIE_RW_ACCESS = 0x203,
	MSG_OP_MAX_ASYNC = 0x204,
	MSG_OP_GET_PROTOCOL_VERSION = 0x301,
	/* Also the driver's internal "no chain opcode" value. */
	MSG_OP_MAX_OPCODE = 0x302,
};

/* Section 3.2: firmware status codes (u32 in every response). */
enum fw_status {
	FW_STATUS_SUCCESS = 0x0000000,
	FW_STATUS_AIE_SATURATION = 0x1000001,
	FW_STATUS_AIE_FP = 0x1000002,
	FW_STATUS_AIE_STREAM = 0x1000003,
	FW_STATUS_AIE_ACCESS = 0x1000004,
	FW_STATUS_AIE_BUS = 0x1000005,
	FW_STATUS_AIE_INSTRUCTION = 0x1000006,
	FW_STATUS_AIE_ECC = 0x1000007,
	FW_STATUS_AIE_LOCK = 0x1000008,
	FW_STATUS_AIE_DMA = 0x1000009,
	FW_STATUS_AIE_MEM_PARITY = 0x100000A,
	FW_STATUS_AIE_PWR_CFG = 0x100000B,
	FW_STATUS_AIE_BACKTRACK = 0x100000C,
	FW_STATUS_MGMT_ERT_SELF_TEST_FAILURE = 0x2000001,
	FW_STATUS_MGMT_ERT_HASH_MISMATCH = 0x2000002,
	FW_STATUS_MGMT_ERT_NOAVAIL = 0x2000003,
	FW_STATUS_MGMT_ERT_INVALID_PARAM = 0x2000004,
	FW_STATUS_MGMT_ERT_ENTER_SUSPEND_FAILURE = 0x2000005,
	FW_STATUS_MGMT_ERT_BUSY = 0x2000006,
	FW_STATUS_MGMT_ERT_APPLICATION_ACTIVE = 0x2000007,
	FW_STATUS_MGMT_ERT_DRAM_BUFFER_SIZE_INVALID = 0x2000008,
	FW_STATUS_APP_ERT_FIRST_ERROR = 0x3000001,
	FW_STATUS_APP_INVALID_INSTR = 0x3000002,
	FW_STATUS_APP_LOAD_PDI_FAIL = 0x3000003,
	FW_STATUS_INVALID_INPUT_BUFFER = 0x4000001,
	FW_STATUS_INVALID_COMMAND = 0x4000002,
	FW_STATUS_INVALID_PARAM = 0x4000003,
	FW_STATUS_PDI_REG_FAILED = 0x4000004,		/* OOT enum */
	FW_STATUS_PDI_UNREG_FAILED = 0x4000005,		/* OOT enum */
	FW_STATUS_INVALID_OPERATION = 0x4000006,
	FW_STATUS_ASYNC_EVENT_MSGS_FULL = 0x4000007,
	FW_STATUS_DEBUG_BO_CONFIG_FAILED = 0x4000008,	/* OOT enum */
	FW_STATUS_MAX_UP = 0x4000009,	/* UP sentinel: "no response yet" */
	FW_STATUS_PROPERTY_UPDATE_FAILED = 0x400000A,	/* OOT enum */
	FW_STATUS_ACTIVE_APP_ERROR = 0x400000B,		/* OOT enum */
	FW_STATUS_MAX_OOT = 0x400000D,	/* OOT sentinel */
};

/* Initial value of a sync response's status field before the reply (UP). */
#define FW_STATUS_UNSET_UP 0xFFFFFFFFu

/* Section 3.3 constants. */
#define MSG_AIE_TYPE_AIE2 1u
#define MSG_MAX_NUM_CUS 32u
#define MSG_CHUNK_SIZE SZ_64M		/* MAP/ADD_HOST_BUFFER buf_size */
#define MSG_ASYNC_BUF_SIZE 8192u	/* REGISTER_ASYNC_EVENT_MSG buf_size */
#define MSG_MAX_CHAIN_CMDBUF_SIZE 4096u
#define MSG_TELEMETRY_TYPE_MAX 4u	/* type >= 5 rejected */
#define MSG_TELEMETRY_BUF_MAX (4u * 1024 * 1024)
#define MSG_SELF_TEST_MASK 0x3Fu
#define MSG_CTX_ALL 0xFFu		/* UPDATE_PROPERTY: every context */
#define MSG_CTX_ID_INVALID 0xFFFFFFFFu
#define MSG_APP_HEALTH_REPORT_SIZE 560u

/* Context priorities (CREATE_CONTEXT context_priority). */
enum msg_ctx_priority {
	MSG_PRIO_REALTIME = 1,
	MSG_PRIO_HIGH = 2,
	MSG_PRIO_NORMAL = 3,
	MSG_PRIO_LOW = 4,
};

/* ----------------------------------------------------------------------- */
/* Shared small payloads. */

/* A one-word request whose word is reserved (0): SUSPEND, RESUME, queries. */
struct msg_empty_req {
	u32 reserved;		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_empty_req, 4);

/* The response of most messages: a status word alone. */
struct msg_status_resp {
	u32 status;		/* enum fw_status */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_status_resp, 4);

/* ----------------------------------------------------------------------- */
/* 0x001 REGISTER_PDI (OOT, priv_load=1). */

struct msg_pdi_info {
	u32 registered;
	u32 pad[2];		/* reserved, must be 0 */
	u64 address;
	u32 size;
	s32 type;		/* 3 */
	u8 pdi_id;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_pdi_info, 29);

struct msg_register_pdi_req {
	u32 num_infos;		/* 1: one pdi_info follows */
	struct msg_pdi_info info;
	u8 pad[203];		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_register_pdi_req, 236);
MSG_WIRE_OFF(struct msg_register_pdi_req, info.address, 16);
MSG_WIRE_OFF(struct msg_register_pdi_req, info.pdi_id, 32);
MSG_WIRE_OFF(struct msg_register_pdi_req, pad, 33);

struct msg_register_pdi_resp {
	u32 status;
	u8 reg_index;
	u8 pad[39];		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_register_pdi_resp, 44);

/* 0x00A UNREGISTER_PDI (OOT, priv_load=1). */
struct msg_unregister_pdi_req {
	u32 num_pdi;		/* 1 */
	u8 pdi_id;
	u8 pad[7];		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_unregister_pdi_req, 12);

struct msg_unregister_pdi_resp {
	u32 status;
	u8 pad[32];		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_unregister_pdi_resp, 36);

/* ----------------------------------------------------------------------- */
/* 0x002 CREATE_CONTEXT. */

struct msg_create_ctx_req {
	u32 aie_type;		/* always 1 */
	u8 start_col;
	u8 num_col;
	u8 num_unused_col;	/* < num_col */
	u8 reserved;		/* reserved, must be 0 */
	u8 num_cq_pairs_requested;	/* always 1 */
	u8 reserved1;		/* reserved, must be 0 */
	u16 pasid;
	u32 pad[2];		/* reserved, must be 0 */
	u32 sec_comm_target_type;	/* 0 */
	u32 context_priority;	/* enum msg_ctx_priority */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_create_ctx_req, 28);
MSG_WIRE_OFF(struct msg_create_ctx_req, start_col, 4);
MSG_WIRE_OFF(struct msg_create_ctx_req, num_cq_pairs_requested, 8);
MSG_WIRE_OFF(struct msg_create_ctx_req, pasid, 10);
MSG_WIRE_OFF(struct msg_create_ctx_req, pad, 12);
MSG_WIRE_OFF(struct msg_create_ctx_req, sec_comm_target_type, 20);
MSG_WIRE_OFF(struct msg_create_ctx_req, context_priority, 24);

/* One ring of a completion-queue pair, as device addresses. */
struct msg_cq_desc {
	u32 head_addr;		/* mailbox-register device address */
	u32 tail_addr;		/* mailbox-register device address */
	u32 buf_addr;		/* SRAM device address of the ring */
	u32 buf_size;		/* bytes, power of two */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_cq_desc, 16);

struct msg_cq_pair {
	struct msg_cq_desc x2i_q;
	struct msg_cq_desc i2x_q;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_cq_pair, 32);

struct msg_create_ctx_resp {
	u32 status;
	u32 context_id;
	u16 msix_id;
	u8 num_cq_pairs_allocated;
	u8 reserved;		/* reserved, must be 0 */
	struct msg_cq_pair cq_pair[2];	/* only [0] is used */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_create_ctx_resp, 76);
MSG_WIRE_OFF(struct msg_create_ctx_resp, msix_id, 8);
MSG_WIRE_OFF(struct msg_create_ctx_resp, num_cq_pairs_allocated, 10);
MSG_WIRE_OFF(struct msg_create_ctx_resp, cq_pair, 12);
MSG_WIRE_OFF(struct msg_create_ctx_resp, cq_pair[1], 44);

/* 0x003 DESTROY_CONTEXT. */
struct msg_destroy_ctx_req {
	u32 context_id;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_destroy_ctx_req, 4);

/* 0x004 GET_TELEMETRY: the status is the LAST field of the response. */
struct msg_get_telemetry_req {
	u32 type;		/* 0..4 */
	u64 buf_addr;
	u32 buf_size;		/* <= 4 MiB */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_get_telemetry_req, 16);
MSG_WIRE_OFF(struct msg_get_telemetry_req, buf_addr, 4);
MSG_WIRE_OFF(struct msg_get_telemetry_req, buf_size, 12);

struct msg_get_telemetry_resp {
	u32 major;
	u32 minor;
	u32 size;
	u32 status;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_get_telemetry_resp, 16);
MSG_WIRE_OFF(struct msg_get_telemetry_resp, status, 12);

/* 0x007 SYNC_BO. */
#define MSG_SYNC_BO_SRC_TYPE(t) ((t) & 0xFu)
#define MSG_SYNC_BO_DST_TYPE(t) (((t) >> 4) & 0xFu)
#define MSG_SYNC_BO_TYPE(src, dst) (((u32)(src) & 0xFu) | (((u32)(dst) & 0xFu) << 4))
#define MSG_SYNC_BO_MEM_DEVICE 0u
#define MSG_SYNC_BO_MEM_HOST 2u

struct msg_sync_bo_req {
	u64 src_addr;
	u64 dst_addr;
	u32 size;
	u32 type;		/* bits 3:0 src, 7:4 dst, others 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_sync_bo_req, 24);
MSG_WIRE_OFF(struct msg_sync_bo_req, size, 16);
MSG_WIRE_OFF(struct msg_sync_bo_req, type, 20);

/* 0x00B LEGACY_CONFIG_CU (OOT): words {cu_idx:16, cu_func:8, cu_pdi_id:8}. */
#define MSG_LEGACY_CU_IDX(w) ((w) & 0xFFFFu)
#define MSG_LEGACY_CU_FUNC(w) (((w) >> 16) & 0xFFu)
#define MSG_LEGACY_CU_PDI_ID(w) (((w) >> 24) & 0xFFu)
#define MSG_LEGACY_CU_WORD(idx, func, pdi) \
	(((u32)(idx) & 0xFFFFu) | (((u32)(func) & 0xFFu) << 16) | (((u32)(pdi) & 0xFFu) << 24))

struct msg_legacy_config_cu_req {
	u32 num_cus;		/* 1..32 */
	u32 configs[32];
} __msg_packed;
MSG_WIRE_SIZE(struct msg_legacy_config_cu_req, 132);

/* 0x011 CONFIG_CU: cfg bits 16:0 = PDI device address >> 15, 24:17 cu_func. */
#define MSG_CU_CFG_ADDR_SHIFT 15
#define MSG_CU_CFG_PDI(w) ((w) & 0x1FFFFu)
#define MSG_CU_CFG_FUNC(w) (((w) >> 17) & 0xFFu)
#define MSG_CU_CFG_RSVD_MASK 0xFE000000u
#define MSG_CU_CFG(dev_addr, func) \
	((((u32)((u64)(dev_addr) >> MSG_CU_CFG_ADDR_SHIFT)) & 0x1FFFFu) | \
	 (((u32)(func) & 0xFFu) << 17))

struct msg_config_cu_req {
	u32 num_cus;		/* 1..32 */
	u32 cfgs[32];
} __msg_packed;
MSG_WIRE_SIZE(struct msg_config_cu_req, 132);
MSG_WIRE_OFF(struct msg_config_cu_req, cfgs, 4);

/* 0x00C EXECUTE_BUFFER_CF. */
struct msg_exec_cf_req {
	u32 cu_idx;
	u32 payload[19];	/* tail beyond the command length undefined */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_exec_cf_req, 80);

/* 0x010 EXEC_DPU. */
struct msg_exec_dpu_req {
	u64 inst_buf_addr;
	u32 inst_size;
	u32 inst_prop_cnt;
	u32 cu_idx;
	u32 payload[35];
} __msg_packed;
MSG_WIRE_SIZE(struct msg_exec_dpu_req, 160);
MSG_WIRE_OFF(struct msg_exec_dpu_req, inst_size, 8);
MSG_WIRE_OFF(struct msg_exec_dpu_req, cu_idx, 16);
MSG_WIRE_OFF(struct msg_exec_dpu_req, payload, 20);

/*
 * 0x015 EXEC_DPU_PREEMPT / 0x017 EXEC_NPU: defined by the OOT driver but
 * never sent; docs/driver/proto.md gives only their size, so the payload is opaque.
 */
struct msg_exec_opaque_req {
	u32 words[40];
} __msg_packed;
MSG_WIRE_SIZE(struct msg_exec_opaque_req, 160);

/* 0x00D QUERY_COL_STATUS. */
struct msg_query_col_status_req {
	u64 dump_buff_addr;
	u32 dump_buff_size;
	u32 num_cols;		/* popcount(aie_bitmap) */
	u32 aie_bitmap;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_query_col_status_req, 20);
MSG_WIRE_OFF(struct msg_query_col_status_req, num_cols, 12);
MSG_WIRE_OFF(struct msg_query_col_status_req, aie_bitmap, 16);

struct msg_query_col_status_resp {
	u32 status;
	u32 size;		/* bytes written */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_query_col_status_resp, 8);

/* 0x00E QUERY_AIE_TILE_INFO: status + 44-byte tile_info. */
struct msg_tile_info {
	u32 size;		/* bytes of per-column status data */
	u16 major;
	u16 minor;
	u16 cols;
	u16 rows;
	u16 core_rows;
	u16 mem_rows;
	u16 shim_rows;
	u16 core_row_start;
	u16 mem_row_start;
	u16 shim_row_start;
	u16 core_dma_channels;
	u16 mem_dma_channels;
	u16 shim_dma_channels;
	u16 core_locks;
	u16 mem_locks;
	u16 shim_locks;
	u16 core_events;
	u16 mem_events;
	u16 shim_events;
	u16 reserved;		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_tile_info, 44);

struct msg_tile_info_resp {
	u32 status;
	struct msg_tile_info info;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_tile_info_resp, 48);
MSG_WIRE_OFF(struct msg_tile_info_resp, info.cols, 12);
MSG_WIRE_OFF(struct msg_tile_info_resp, info.core_rows, 16);
MSG_WIRE_OFF(struct msg_tile_info_resp, info.reserved, 46);

/* 0x00F QUERY_AIE_VERSION. */
struct msg_aie_version_resp {
	u32 status;
	u16 major;
	u16 minor;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_aie_version_resp, 8);

/* ----------------------------------------------------------------------- */
/* Chain messages. */

/* 0x012 CHAIN_EXEC_BUFFER_CF / 0x013 CHAIN_EXEC_DPU: 16 bytes used of 24. */
struct msg_chain_legacy_req {
	u64 buf_addr;		/* device address of the command list */
	u32 buf_size;		/* bytes of slots, <= 4096 */
	u32 count;		/* slots, >= 1 */
	u32 undef[2];		/* union tail, undefined */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_chain_legacy_req, 24);
MSG_WIRE_OFF(struct msg_chain_legacy_req, count, 12);
MSG_WIRE_OFF(struct msg_chain_legacy_req, undef, 16);

/* 0x018 CHAIN_EXEC_NPU. */
struct msg_chain_npu_req {
	u32 flags;		/* reserved, must be 0 */
	u32 reserved;		/* reserved, must be 0 */
	u64 buf_addr;
	u32 buf_size;
	u32 count;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_chain_npu_req, 24);
MSG_WIRE_OFF(struct msg_chain_npu_req, buf_addr, 8);
MSG_WIRE_OFF(struct msg_chain_npu_req, buf_size, 16);
MSG_WIRE_OFF(struct msg_chain_npu_req, count, 20);

/* Response of every chain opcode. */
struct msg_chain_resp {
	u32 status;
	u32 fail_cmd_idx;
	u32 fail_cmd_status;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_chain_resp, 12);

/* 0x014 CONFIG_DEBUG_BO. */
struct msg_config_debug_bo_req {
	u64 offset;		/* BO device address - 0x4000000 */
	u64 size;
	u32 config;		/* 1 register, 0 unregister */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_config_debug_bo_req, 20);
MSG_WIRE_OFF(struct msg_config_debug_bo_req, config, 16);

/* ----------------------------------------------------------------------- */
/* Management messages. */

/* 0x103 ASSIGN_MGMT_PASID. */
struct msg_assign_mgmt_pasid_req {
	u16 pasid;
	u16 reserved;		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_assign_mgmt_pasid_req, 4);

/* 0x104 INVOKE_SELF_TEST (OOT debugfs). */
struct msg_self_test_req {
	u32 test_mask;		/* bits within 0x3F */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_self_test_req, 4);

/* 0x106 MAP_HOST_BUFFER / 0x115 ADD_HOST_BUFFER. */
struct msg_host_buf_req {
	u32 context_id;
	u64 buf_addr;		/* 64 MiB aligned */
	u64 buf_size;		/* exactly 64 MiB */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_host_buf_req, 20);
MSG_WIRE_OFF(struct msg_host_buf_req, buf_addr, 4);
MSG_WIRE_OFF(struct msg_host_buf_req, buf_size, 12);

/* 0x108 GET_FIRMWARE_VERSION. */
struct msg_fw_version_resp {
	u32 status;
	u32 major;
	u32 minor;
	u32 sub;
	u32 build;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_fw_version_resp, 20);

/* 0x10A SET_RUNTIME_CONFIG / 0x10B GET_RUNTIME_CONFIG. */
struct msg_set_runtime_cfg_req {
	u32 type;
	u64 value;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_set_runtime_cfg_req, 12);
MSG_WIRE_OFF(struct msg_set_runtime_cfg_req, value, 4);

struct msg_get_runtime_cfg_req {
	u32 type;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_get_runtime_cfg_req, 4);

struct msg_get_runtime_cfg_resp {
	u32 status;
	u64 value;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_get_runtime_cfg_resp, 12);
MSG_WIRE_OFF(struct msg_get_runtime_cfg_resp, value, 4);

/* 0x10C REGISTER_ASYNC_EVENT_MSG. */
enum msg_async_event_type {
	MSG_ASYNC_EVENT_AIE_ERROR = 0,
	MSG_ASYNC_EVENT_EXCEPTION = 1,
};

struct msg_async_event_req {
	u64 buf_addr;
	u32 buf_size;		/* 8192 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_async_event_req, 12);

struct msg_async_event_resp {
	u32 status;
	u32 type;		/* enum msg_async_event_type */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_async_event_resp, 8);

/* 0x10F START_FW_TRACE. */
struct msg_start_fw_trace_req {
	u32 categories;
	u32 destination;	/* 1 DRAM */
	u32 timestamp;		/* 0 firmware chrono, 1 CPU ccount */
	u64 buf_addr;
	u32 buf_size;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_start_fw_trace_req, 24);
MSG_WIRE_OFF(struct msg_start_fw_trace_req, buf_addr, 12);
MSG_WIRE_OFF(struct msg_start_fw_trace_req, buf_size, 20);

struct msg_start_fw_trace_resp {
	u32 status;
	u32 msi_idx;
	u64 current_timestamp;
	u32 msi_address;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_start_fw_trace_resp, 20);
MSG_WIRE_OFF(struct msg_start_fw_trace_resp, msi_address, 16);

/* 0x111 SET_FW_TRACE_CATEGORIES. */
struct msg_fw_trace_cat_req {
	u32 categories;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_fw_trace_cat_req, 4);

/* 0x113 UPDATE_PROPERTY. */
#define MSG_PROPERTY_TIME_QUOTA 0u

struct msg_update_property_req {
	u32 type;		/* 0 = TIME_QUOTA */
	u8 context_id;		/* 0xFF = all contexts */
	u8 reserved[7];		/* reserved, must be 0 */
	u32 time_quota_us;
	u32 reserved2;		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_update_property_req, 20);
MSG_WIRE_OFF(struct msg_update_property_req, context_id, 4);
MSG_WIRE_OFF(struct msg_update_property_req, time_quota_us, 12);
MSG_WIRE_OFF(struct msg_update_property_req, reserved2, 16);

/* 0x114 GET_APP_HEALTH. */
struct msg_app_health_req {
	u32 context_id;
	u32 buf_size;
	u64 buf_addr;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_app_health_req, 16);
MSG_WIRE_OFF(struct msg_app_health_req, buf_addr, 8);

/* Response of GET_APP_HEALTH and GET_COREDUMP. */
struct msg_buf_size_resp {
	u32 status;
	u32 required_buffer_size;
	u32 reserved[7];	/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_buf_size_resp, 36);

/* 0x116 CONFIG_FW_LOG. */
struct msg_config_fw_log_req {
	u64 buf_addr;
	u32 buf_size;		/* 0 = detach */
	u32 reserved[5];	/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_config_fw_log_req, 32);

struct msg_config_fw_log_resp {
	u32 status;
	u32 msi_idx;
	u32 msi_address;	/* low 24 bits: mailbox-BAR offset */
	u32 reserved[5];	/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_config_fw_log_resp, 32);

/* 0x117 GET_DEV_REVISION. */
enum msg_dev_rev {
	MSG_REV_STXA = 1,
	MSG_REV_STXB = 2,
	MSG_REV_KRK1 = 3,
	MSG_REV_KRK2 = 4,
	MSG_REV_HALO = 5,
	MSG_REV_GPT1 = 6,
	MSG_REV_GPT2 = 7,
	MSG_REV_GPT3 = 8,
};

struct msg_dev_revision_resp {
	u32 status;
	u32 rev;		/* 1..8 */
	u32 raw_fuse_data;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_dev_revision_resp, 12);

/* 0x119 GET_COREDUMP: list of 16-byte entries at list_addr. */
struct msg_coredump_req {
	u32 context_id;
	u32 num_bufs;
	u64 list_addr;
	u32 list_size;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_coredump_req, 20);
MSG_WIRE_OFF(struct msg_coredump_req, list_addr, 8);
MSG_WIRE_OFF(struct msg_coredump_req, list_size, 16);

struct msg_coredump_entry {
	u64 buf_addr;
	u32 buf_size;		/* 1 MiB */
	u32 reserved;		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_coredump_entry, 16);

/* 0x11C CALIBRATE_CLOCK (OOT: CALIBRATE_TIME). */
struct msg_calibrate_clock_req {
	u64 time_base_ns;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_calibrate_clock_req, 8);

/* 0x203 AIE_RW_ACCESS. */
enum msg_rw_type {
	MSG_RW_MEM_READ = 0,
	MSG_RW_MEM_WRITE = 1,
	MSG_RW_REG_READ = 2,
	MSG_RW_REG_WRITE = 3,
};

struct msg_aie_rw_req {
	u32 type;		/* enum msg_rw_type */
	u8 ctx_id;
	u8 row;
	u8 col;			/* relative to the partition */
	u8 reserved;		/* reserved, must be 0 */
	union {
		struct {
			u64 dram_addr;
			u32 aie_offset;
			u32 size;
		} __msg_packed mem;
		struct {
			u32 aie_offset;
			u32 write_value;
			u32 undef[2];	/* undefined */
		} __msg_packed reg;
	} __msg_packed u;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_aie_rw_req, 24);
MSG_WIRE_OFF(struct msg_aie_rw_req, ctx_id, 4);
MSG_WIRE_OFF(struct msg_aie_rw_req, u.mem.dram_addr, 8);
MSG_WIRE_OFF(struct msg_aie_rw_req, u.mem.size, 20);
MSG_WIRE_OFF(struct msg_aie_rw_req, u.reg.write_value, 12);

struct msg_aie_rw_resp {
	u32 status;
	u32 reg_read_value;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_aie_rw_resp, 8);

/* 0x301 GET_PROTOCOL_VERSION (OOT debugfs). */
struct msg_protocol_version_resp {
	u32 status;
	u32 major;
	u32 minor;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_protocol_version_resp, 12);

/* ----------------------------------------------------------------------- */
/* Buffers exchanged through memory (no opcode of their own). */

/* Section 1.5: the 64-byte management-channel descriptor in SRAM. */
#define MSG_MGMT_DESC_MAGIC 0x55504E5Fu	/* "_NPU" */

struct msg_mgmt_desc {
	u32 x2i_tail;		/* device address of the x2i TAIL register */
	u32 x2i_head;
	u32 x2i_buf;		/* SRAM device address of the x2i ring */
	u32 x2i_buf_sz;		/* power of two */
	u32 i2x_tail;
	u32 i2x_head;
	u32 i2x_buf;
	u32 i2x_buf_sz;
	u32 magic;		/* MSG_MGMT_DESC_MAGIC */
	u32 msi_id;
	u32 prot_major;
	u32 prot_minor;
	u32 rsvd[4];		/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_mgmt_desc, 64);
MSG_WIRE_OFF(struct msg_mgmt_desc, magic, 0x20);
MSG_WIRE_OFF(struct msg_mgmt_desc, prot_minor, 0x2C);

/* Section 3.3 GET_APP_HEALTH: the 560-byte report the firmware writes. */
struct msg_app_health_fatal {
	u32 fatal_type;		/* != 0: the ERT hit a fatal exception */
	u32 exception_type;
	u32 exception_argument;
	u32 exception_pc;
	u32 app_module;
	u32 task_index;
	u32 reserved[127];	/* reserved, must be 0 */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_app_health_fatal, 532);

struct msg_app_health_report {
	u16 major;
	u16 minor;
	u32 size;
	u32 context_id;
	u32 dpu_pc;		/* UINT_MAX before start / after success */
	u32 txn_op_id;		/* UINT_MAX when idle */
	u32 ctx_pc;
	struct msg_app_health_fatal fatal_info;
	u32 run_list_id;	/* UINT_MAX default */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_app_health_report, MSG_APP_HEALTH_REPORT_SIZE);
MSG_WIRE_OFF(struct msg_app_health_report, fatal_info, 24);
MSG_WIRE_OFF(struct msg_app_health_report, run_list_id, 556);

/* Section 9.2: async error report, 12-byte header then 12-byte records. */
#define MSG_ERR_MAX_RECORDS 681u	/* fit in the 8 KiB buffer */

struct msg_err_report_hdr {
	u32 err_cnt;
	u32 ret_code;
	u32 reserved;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_err_report_hdr, 12);

enum msg_err_module {
	MSG_ERR_MOD_MEMORY = 0,
	MSG_ERR_MOD_CORE = 1,
	MSG_ERR_MOD_SHIM = 2,	/* PL / shim */
};

struct msg_err_record {
	u8 row;			/* absolute: 0 shim, 1 mem tile, 2.. core */
	u8 col;			/* absolute array column */
	u16 pad;		/* padding */
	u32 module;		/* enum msg_err_module */
	u8 event_id;
	u8 pad1;		/* padding */
	u16 pad2;		/* padding */
} __msg_packed;
MSG_WIRE_SIZE(struct msg_err_record, 12);
MSG_WIRE_OFF(struct msg_err_record, module, 4);
MSG_WIRE_OFF(struct msg_err_record, event_id, 8);
_Static_assert(sizeof(struct msg_err_report_hdr) +
	       MSG_ERR_MAX_RECORDS * sizeof(struct msg_err_record) <= MSG_ASYNC_BUF_SIZE &&
	       sizeof(struct msg_err_report_hdr) +
	       (MSG_ERR_MAX_RECORDS + 1) * sizeof(struct msg_err_record) > MSG_ASYNC_BUF_SIZE,
	       "681 records fill the 8 KiB async buffer");

#endif /* XDNASIM_PROTO_MSG_WIRE_H */
