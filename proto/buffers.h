/* SPDX-License-Identifier: MIT */
/*
 * buffers.h - formats of the memory buffers the AIE2 messages point at:
 * the host command buffer (ERT packet, docs/driver/proto.md §4.1), the command-list
 * slots of the chain messages (4.3) and the async error report (9.2).
 *
 * Parsers take (const void *buf, size_t len), never read outside it, and
 * return -EBADMSG for a buffer whose framing is impossible (sizes, counts)
 * and -EINVAL for a field outside its documented range.
 */
#ifndef XDNASIM_PROTO_BUFFERS_H
#define XDNASIM_PROTO_BUFFERS_H

#include "proto/msg.h"

/* ----------------------------------------------------------------------- */
/* 4.1 host command buffer: u32 header, then u32 data[count]. */

#define ERT_HDR_STATE(h) ((h) & 0xFu)
#define ERT_HDR_EXTRA_CU_MASKS(h) (((h) >> 10) & 0x3u)
#define ERT_HDR_COUNT(h) (((h) >> 12) & 0x7FFu)
#define ERT_HDR_OPCODE(h) (((h) >> 23) & 0x1Fu)
#define ERT_HDR(state, extra, count, opcode)                                               \
	(((u32)(state) & 0xFu) | (((u32)(extra) & 0x3u) << 10) |                          \
	 (((u32)(count) & 0x7FFu) << 12) | (((u32)(opcode) & 0x1Fu) << 23))

enum ert_cmd_state {
	ERT_CMD_STATE_NEW = 1,
	ERT_CMD_STATE_COMPLETED = 4,
	ERT_CMD_STATE_ERROR = 5,
	ERT_CMD_STATE_ABORT = 6,
	ERT_CMD_STATE_TIMEOUT = 8,
};

enum ert_opcode {
	ERT_START_CU = 0,
	ERT_START_DPU = 18,		/* unsupported on AIE2 */
	ERT_CMD_CHAIN = 19,
	ERT_START_NPU = 20,
	ERT_START_NPU_PREEMPT = 21,
	ERT_START_NPU_PREEMPT_ELF = 22,
};

/* CMD_CHAIN payload header; command_count u64 BO handles follow. */
struct ert_chain_payload {
	u32 command_count;
	u32 submit_index;
	u32 error_index;
	u32 reserved[3];
} __msg_packed;
MSG_WIRE_SIZE(struct ert_chain_payload, 24);

/**
 * struct ert_cmd - a parsed host command buffer.
 * @state: header bits 3:0.
 * @opcode: header bits 27:23 (enum ert_opcode).
 * @count: data words, CU masks included (bits 22:12).
 * @num_cu_masks: 1 + header bits 11:10; 0 for CMD_CHAIN (no CU masks).
 * @cu_idx: bit position (0..31) of the lowest set bit inside the first
 *          non-zero CU mask word; U32_MAX for CMD_CHAIN.
 * @payload: the opcode-specific words after the CU masks (in @buf).
 * @payload_words: number of words at @payload.
 */
struct ert_cmd {
	u32 state;
	u32 opcode;
	u32 count;
	u32 num_cu_masks;
	u32 cu_idx;
	const u8 *payload;
	u32 payload_words;
};

/**
 * ert_cmd_parse - parse the command buffer at @buf (@len bytes).
 * Returns 0; -EBADMSG when @len cannot hold the header and @count words, or
 * @count cannot hold the CU masks; -EINVAL when no CU mask bit is set (the
 * driver's "invalid CU" case) or the pointer is NULL.
 */
int ert_cmd_parse(const void *buf, size_t len, struct ert_cmd *cmd, struct msg_err *err);

/* Word @i of a payload (little-endian, possibly unaligned). */
static inline u32 msg_le32_at(const u8 *p, size_t i)
{
	p += 4 * i;
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* ----------------------------------------------------------------------- */
/* 4.3 command-list slots, packed back to back without padding. */

enum msg_slot_kind {
	MSG_SLOT_CF = 0,	/* CHAIN_EXEC_BUFFER_CF */
	MSG_SLOT_DPU = 1,	/* CHAIN_EXEC_DPU */
	MSG_SLOT_NPU = 2,	/* CHAIN_EXEC_NPU */
};

enum msg_npu_slot_type {
	MSG_NPU_SLOT_NON_ELF = 1,
	MSG_NPU_SLOT_PARTIAL_ELF = 2,
	MSG_NPU_SLOT_PREEMPT = 3,
	MSG_NPU_SLOT_ELF = 4,
};

#define MSG_SLOT_DPU_MAX_ARGS 34u
#define MSG_SLOT_NPU_MAX_ARGS 26u

struct msg_slot_cf {
	u32 cu_idx;
	u32 arg_cnt;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_slot_cf, 8);

struct msg_slot_dpu {
	u64 inst_buf_addr;
	u32 inst_size;
	u32 inst_prop_cnt;
	u32 cu_idx;
	u32 arg_cnt;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_slot_dpu, 24);
MSG_WIRE_OFF(struct msg_slot_dpu, cu_idx, 16);

struct msg_slot_npu {
	u32 type;
	u64 inst_buf_addr;
	u64 save_buf_addr;
	u64 restore_buf_addr;
	u32 inst_size;
	u32 save_size;
	u32 restore_size;
	u32 inst_prop_cnt;
	u32 cu_idx;
	u32 arg_cnt;
} __msg_packed;
MSG_WIRE_SIZE(struct msg_slot_npu, 52);
MSG_WIRE_OFF(struct msg_slot_npu, inst_buf_addr, 4);
MSG_WIRE_OFF(struct msg_slot_npu, restore_buf_addr, 20);
MSG_WIRE_OFF(struct msg_slot_npu, inst_size, 28);
MSG_WIRE_OFF(struct msg_slot_npu, cu_idx, 44);
MSG_WIRE_OFF(struct msg_slot_npu, arg_cnt, 48);

/**
 * struct msg_slot - one slot of any kind.
 * @h: the header in its widest (NPU) form; fields a kind lacks are 0.
 * @args: the argument words inside the parsed buffer (for msg_le32_at()),
 *        or the caller's array when appending (read as host u32s).
 */
struct msg_slot {
	struct msg_slot_npu h;
	const void *args;
};

/**
 * msg_slot_kind_of - the slot kind a chain opcode carries.
 * Returns the enum msg_slot_kind, or -EOPNOTSUPP for other opcodes.
 */
int msg_slot_kind_of(u32 opcode);

/* Header bytes of a slot of @kind (8, 24, 52); 0 for an unknown kind. */
u32 msg_slot_hdr_size(enum msg_slot_kind kind);

/**
 * msg_cmdlist_append - append one slot to a command-list buffer.
 * @buf: the buffer; @cap its size (the driver's is 4 KiB).
 * @used: in: bytes already used; out: bytes used after the slot.
 * @slot: the slot; @slot->args holds @slot->h.arg_cnt host u32 words.
 *
 * Returns 0; -EINVAL for an unknown kind or too many arguments for the
 * kind (DPU 34, NPU 26); -ENOBUFS when the slot does not fit (nothing is
 * written).
 */
int msg_cmdlist_append(enum msg_slot_kind kind, void *buf, size_t cap, size_t *used,
		       const struct msg_slot *slot);

/**
 * msg_cmdlist_parse - split the @buf_size bytes at @buf into exactly
 * @count slots of @kind.
 * @slots: receives up to @cap slots (args point into @buf).
 *
 * Returns 0; -EBADMSG when the slots do not tile @buf_size exactly with
 * @count slots; -EINVAL for an argument count above the kind's limit, an
 * NPU slot type outside 1..4, a cu_idx >= 32, an unknown kind, or @count
 * above @cap.
 */
int msg_cmdlist_parse(enum msg_slot_kind kind, const void *buf, size_t buf_size, u32 count,
		      struct msg_slot *slots, size_t cap, struct msg_err *err);

/* ----------------------------------------------------------------------- */
/* 9.2 async error report. */

/* Error categories; the host's error number is category + 3. */
enum msg_aie_err_cat {
	MSG_AIE_ERR_SATURATION = 0,
	MSG_AIE_ERR_FP,
	MSG_AIE_ERR_STREAM,
	MSG_AIE_ERR_ACCESS,
	MSG_AIE_ERR_BUS,
	MSG_AIE_ERR_INSTRUCTION,
	MSG_AIE_ERR_ECC,
	MSG_AIE_ERR_LOCK,
	MSG_AIE_ERR_DMA,
	MSG_AIE_ERR_MEM_PARITY,
	MSG_AIE_ERR_UNKNOWN = 12,
};

/* Where the reporting module sits: decides which event table applies. */
enum msg_tile_kind {
	MSG_TILE_CORE = 0,
	MSG_TILE_MEM = 1,
	MSG_TILE_SHIM = 2,
};

/**
 * msg_err_report_parse - validate the report at @buf (@len bytes) and
 * return its header.
 * Returns 0; -EBADMSG when @len cannot hold the header or err_cnt records;
 * -EINVAL when err_cnt is 0 or above 681 (the host then does not
 * re-register the buffer, docs/driver/proto.md §9.1).
 */
int msg_err_report_parse(const void *buf, size_t len, struct msg_err_report_hdr *hdr,
			 struct msg_err *err);

/**
 * msg_err_report_record - record @idx of a report already validated by
 * msg_err_report_parse().
 * Returns 0, or -EBADMSG when record @idx lies beyond @len.
 */
int msg_err_report_record(const void *buf, size_t len, u32 idx, struct msg_err_record *rec);

/**
 * msg_aie_err_classify - the category of @event_id raised by @module
 * (enum msg_err_module) in a tile of @tile kind (docs/driver/proto.md §9.2 table).
 * Returns the category, MSG_AIE_ERR_UNKNOWN when the table has no entry.
 */
enum msg_aie_err_cat msg_aie_err_classify(u32 module, enum msg_tile_kind tile, u8 event_id);

/**
 * msg_aie_err_code - the cached "last async error" code of a category and
 * module (9.2): error number in bits 15:0, driver 4 in 23:16, severity 3 in
 * 31:24, module (core 3, memory 4, shim 7, unknown 8) in 39:32, class 2 in
 * 47:40.  This function can't fail.
 */
u64 msg_aie_err_code(enum msg_aie_err_cat cat, u32 module);

#endif /* XDNASIM_PROTO_BUFFERS_H */
