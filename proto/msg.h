/* SPDX-License-Identifier: MIT */
/*
 * msg.h - AIE2 firmware messages: the opcode table, encode/decode with
 * validation, firmware status codes, runtime-config types and the
 * firmware-version feature tables (docs/driver/proto.md §3).
 *
 * DOC: Overview
 *
 * One descriptor per opcode (struct msg_desc) gives its name, channel,
 * request and response payload sizes, sync/async mode and feature gate; the
 * table is public and iterable (msg_for_each_desc) so that reports can build
 * the "every opcode sent and answered" universe from it.  Each payload has a
 * layout (struct msg_layout): the list of its fields with offset, width and
 * kind (value, reserved, undefined, status), used to decode, validate and
 * print any message generically.  The wire structures are in msg_wire.h.
 *
 * Decoding never reads outside [buf, buf + len) and never writes outside the
 * caller's structure, whatever the input.  Errors:
 *   -EOPNOTSUPP  unknown opcode, or a direction the opcode does not have;
 *   -EBADMSG     wrong length, or (strict mode) a reserved field not 0;
 *   -EINVAL      (strict mode) a field outside its documented range, or a
 *                caller error (NULL pointer, wrong structure size).
 *
 * Invariant checker: msg_table_check() verifies the tables themselves
 * (T1..T6, listed at its declaration).
 *
 * Stateless and read-only after load: safe to call from any thread.
 */
#ifndef XDNASIM_PROTO_MSG_H
#define XDNASIM_PROTO_MSG_H

#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"
#include "proto/msg_wire.h"

enum msg_dir {
	MSG_REQ = 0,		/* host -> firmware (x2i) */
	MSG_RESP = 1,		/* firmware -> host (i2x) */
};

enum msg_chan {
	MSG_CHAN_MGMT = 0,	/* "M": management channel, serviced by MERT */
	MSG_CHAN_USER = 1,	/* "U": a context's user channel (ERT) */
};

enum msg_mode {
	MSG_MODE_SYNC = 0,	/* host waits for the reply (2.9) */
	MSG_MODE_ASYNC = 1,	/* completion through a callback, no timeout */
	MSG_MODE_SYNC_USER = 2,	/* LEGACY_CONFIG_CU: waited for on a U channel */
	MSG_MODE_NEVER = 3,	/* defined but never sent, no response */
};

enum msg_origin {
	MSG_ORIGIN_BOTH = 0,	/* sent by the upstream (UP) driver */
	MSG_ORIGIN_OOT = 1,	/* only by the out-of-tree driver */
};

/* Section 3.5: UP feature bits (enum aie2_fw_feature). */
enum fw_feature {
	FW_FEAT_NPU_COMMAND = 0,
	FW_FEAT_PREEMPT,
	FW_FEAT_TEMPORAL_ONLY,
	FW_FEAT_APP_HEALTH,
	FW_FEAT_ADD_HOST_BUFFER,
	FW_FEAT_UPDATE_PROPERTY,
	FW_FEAT_GET_DEV_REVISION,
	FW_FEAT_GET_COREDUMP,
	FW_FEAT_RW_ACCESS,
	FW_FEAT_CALIBRATE_CLOCK,
	FW_FEAT_FW_LOG,
	FW_FEAT_FW_TRACE,
	FW_FEAT_COUNT,
	FW_FEAT_NONE = -1,
};

#define FW_FEAT_BIT(f) (1u << (f))
#define FW_FEAT_ALL ((1u << FW_FEAT_COUNT) - 1)

/* The AIE2 devices (docs/driver/proto.md §8). */
enum proto_dev {
	PROTO_DEV_NPU1 = 0,	/* Phoenix / Hawk Point, 1022:1502 */
	PROTO_DEV_NPU4,		/* Strix */
	PROTO_DEV_NPU5,		/* Strix Halo */
	PROTO_DEV_NPU6,		/* Krackan */
	PROTO_DEV_COUNT,
};

enum msg_field_kind {
	MSG_FK_VALUE = 0,	/* an ordinary field */
	MSG_FK_RESERVED,	/* must be 0 */
	MSG_FK_UNDEF,		/* left uninitialised by the driver; never checked */
	MSG_FK_STATUS,		/* a firmware status word */
};

/**
 * struct msg_field - one field of a wire layout.
 * @name: C member designator ("cq_pair[0].x2i_q.buf_size").
 * @off: byte offset in the payload.
 * @width: bytes per element: 1, 2, 4 or 8 (little-endian unsigned).
 * @count: elements (1 for a scalar).
 * @kind: enum msg_field_kind.
 */
struct msg_field {
	const char *name;
	u16 off;
	u8 width;
	u8 kind;
	u16 count;
};

struct msg_err;

/**
 * struct msg_layout - a payload or buffer format.
 * @name: the structure name without "struct msg_" ("create_ctx_req").
 * @size: bytes on the wire (== sizeof of the structure).
 * @fields: fields in offset order, covering [0, @size) without gaps.
 * @nfields: number of @fields.
 * @check: value-range checks beyond reserved fields (strict mode), or NULL;
 *         returns 0 or -EINVAL with @err filled.
 */
struct msg_layout {
	const char *name;
	u16 size;
	const struct msg_field *fields;
	u16 nfields;
	int (*check)(const void *msg, struct msg_err *err);
};

/**
 * struct msg_desc - one firmware opcode (docs/driver/proto.md §3.1).
 * @opcode: enum msg_opcode value.
 * @name: "CREATE_CONTEXT".
 * @chan: enum msg_chan.
 * @mode: enum msg_mode.
 * @origin: enum msg_origin.
 * @feature: enum fw_feature gate, or FW_FEAT_NONE.
 * @req_size: request payload bytes.
 * @resp_size: response payload bytes, 0 when the opcode has no response.
 * @status_off: offset of the status word in the response.
 * @resp_size_checked: false where the host does not check the response
 *                     size (REGISTER_ASYNC_EVENT_MSG).
 * @req: request layout.
 * @resp: response layout, NULL when @resp_size is 0.
 */
struct msg_desc {
	u32 opcode;
	const char *name;
	u8 chan;
	u8 mode;
	u8 origin;
	int8_t feature;
	u16 req_size;
	u16 resp_size;
	u16 status_off;
	bool resp_size_checked;
	const struct msg_layout *req;
	const struct msg_layout *resp;
};

/* The opcode table, sorted by opcode. */
extern const struct msg_desc msg_descs[];
extern const size_t msg_ndescs;

#define msg_for_each_desc(d) for ((d) = msg_descs; (d) < msg_descs + msg_ndescs; (d)++)

/* Layouts of the buffer formats that have no opcode. */
extern const struct msg_layout msg_layout_mgmt_desc;
extern const struct msg_layout msg_layout_app_health_report;
extern const struct msg_layout msg_layout_err_report_hdr;
extern const struct msg_layout msg_layout_err_record;
extern const struct msg_layout msg_layout_coredump_entry;

/**
 * struct msg_err - where and why a decode failed.
 * @off: byte offset of the offending field (or the length for size errors).
 * @field: the field name, or NULL.
 * @text: a one-line explanation.
 */
struct msg_err {
	size_t off;
	const char *field;
	char text[120];
};

/* Decode flags. */
#define MSG_DECODE_STRICT 0u	/* sizes, reserved fields and value ranges */
#define MSG_DECODE_LENIENT 1u	/* sizes only, as the driver reads replies */

/**
 * msg_desc_find - the descriptor of @opcode.
 * Returns the descriptor, or NULL for an unknown opcode.
 */
const struct msg_desc *msg_desc_find(u32 opcode);

/**
 * msg_opcode_name - "CREATE_CONTEXT" for 0x2; "UNKNOWN" for unknown opcodes.
 * This function can't fail.
 */
const char *msg_opcode_name(u32 opcode);

/**
 * msg_layout_of - the layout of @opcode's request or response.
 * Returns the layout, or NULL when the opcode is unknown or has no such
 * direction.
 */
const struct msg_layout *msg_layout_of(u32 opcode, enum msg_dir dir);

/**
 * msg_encode - write the wire image of @msg (a struct msg_* of @msg_size
 * bytes) for @opcode/@dir into @buf.
 * @opcode: the message's opcode.
 * @dir: request or response.
 * @msg: the structure to encode; it is written as is (not validated), so
 *       that malformed messages can be produced on purpose.
 * @msg_size: sizeof(*@msg); must equal the layout size.
 * @buf: destination.
 * @cap: bytes available at @buf.
 * @len: if not NULL, receives the number of bytes written.
 *
 * Returns 0; -EOPNOTSUPP for an unknown opcode or direction; -EINVAL if
 * @msg_size does not match or a pointer is NULL; -ENOBUFS if @cap is too
 * small.  On error nothing is written.
 */
int msg_encode(u32 opcode, enum msg_dir dir, const void *msg, size_t msg_size, void *buf,
	       size_t cap, size_t *len);

/**
 * msg_decode - parse and validate a payload of @len bytes at @buf into
 * @msg (a struct msg_* of @msg_size bytes).
 * @flags: MSG_DECODE_STRICT or MSG_DECODE_LENIENT.
 * @err: if not NULL, receives the reason for a failure.
 *
 * Returns 0; -EOPNOTSUPP, -EBADMSG or -EINVAL as listed in the overview.
 * @msg is written only on success.
 */
int msg_decode(u32 opcode, enum msg_dir dir, const void *buf, size_t len, void *msg,
	       size_t msg_size, unsigned int flags, struct msg_err *err);

/**
 * msg_layout_decode - msg_decode() for a layout (buffer formats included).
 * Returns 0, -EBADMSG, or -EINVAL as msg_decode().
 */
int msg_layout_decode(const struct msg_layout *l, const void *buf, size_t len, void *msg,
		      size_t msg_size, unsigned int flags, struct msg_err *err);

/**
 * msg_layout_validate - check the reserved fields and value ranges of a
 * structure already in memory (the strict half of msg_layout_decode()).
 * Returns 0, -EBADMSG (reserved field) or -EINVAL (range).
 */
int msg_layout_validate(const struct msg_layout *l, const void *msg, struct msg_err *err);

/**
 * msg_field_get - element @idx of field @f read from the wire image @buf
 * (at least f->off + f->width * f->count bytes).  This function can't fail.
 */
u64 msg_field_get(const struct msg_field *f, const void *buf, unsigned int idx);

/**
 * msg_resp_status - the status word of a response payload: the u32 at the
 * descriptor's status_off.
 * Returns 0 and stores the status; -EOPNOTSUPP for an unknown opcode or one
 * without a response; -EBADMSG if @len is too short to hold the status.
 */
int msg_resp_status(u32 opcode, const void *buf, size_t len, u32 *status);

/**
 * msg_table_check - verify the descriptor and layout tables.
 * @why: receives the first broken invariant, "T<n>: ..." (may be NULL).
 *
 * T1 descriptors sorted by strictly increasing opcode, names non-empty.
 * T2 req_size/resp_size equal the request/response layout sizes; a
 *    response layout exists exactly when resp_size != 0.
 * T3 status_off + 4 <= resp_size and the field there is a status field.
 * T4 every layout's fields are in offset order and tile [0, size) exactly.
 * T5 field widths are 1, 2, 4 or 8 and counts >= 1.
 * T6 channel, mode, origin and feature values are in range.
 *
 * Returns 0, or -EUCLEAN when an invariant is broken.
 */
int msg_table_check(char *why, size_t len);

/**
 * msg_tables_check - msg_table_check() on caller-supplied tables: @n
 * descriptors and @nlayouts extra layouts (for tests of the checker).
 * Returns 0, or -EUCLEAN.
 */
int msg_tables_check(const struct msg_desc *descs, size_t n,
		     const struct msg_layout *const *layouts, size_t nlayouts, char *why, size_t len);

/* ----------------------------------------------------------------------- */
/* Firmware status codes (section 3.2). */

/**
 * struct fw_status_info - one named status code.
 * @value: the u32 on the wire.
 * @name: "INVALID_COMMAND".
 * @origin: MSG_ORIGIN_OOT for the codes only the OOT enum names.
 */
struct fw_status_info {
	u32 value;
	const char *name;
	u8 origin;
};

extern const struct fw_status_info fw_statuses[];
extern const size_t fw_nstatuses;

/**
 * fw_status_name - the name of @status ("SUCCESS", "MGMT_ERT_NOAVAIL", the
 * sentinels "MAX_AIE2_STATUS_CODE" / "MAX_AIE2_STATUS_CODE_OOT"), or
 * "UNKNOWN".  This function can't fail.
 */
const char *fw_status_name(u32 status);

/**
 * fw_status_to_errno - the errno the host makes of a firmware status: the
 * one mapping of docs/driver/proto.md §2.9 and §3.2.  Any non-zero status of a
 * synchronous management message fails the call with -EINVAL; the status
 * value itself is only logged (keep it for traces with fw_status_name()).
 * Execution responses do not go through errno: non-zero means command
 * state ERROR (section 4.5).
 *
 * Returns 0 for FW_STATUS_SUCCESS, -EINVAL for any other value.
 */
int fw_status_to_errno(u32 status);

/* ----------------------------------------------------------------------- */
/* Firmware version -> features (section 3.5). */

/**
 * struct fw_feature_row - one row of the UP feature table.
 * A row matches (major, minor) when major == @major, minor >= @min_minor
 * and, if @max_minor != 0, minor <= @max_minor.
 */
struct fw_feature_row {
	u32 major;
	u32 min_minor;
	u32 max_minor;
	u32 features;		/* FW_FEAT_BIT() mask */
};

/**
 * proto_fw_feature_table - the UP feature table of @dev.
 * @n: receives the number of rows.
 * Returns the rows, or NULL (and *@n = 0) for an unknown device.
 */
const struct fw_feature_row *proto_fw_feature_table(enum proto_dev dev, size_t *n);

/**
 * proto_fw_features - the UP feature mask of protocol version
 * (@major, @minor) on @dev: the OR of every matching row.
 * Returns 0 and stores the mask; -EOPNOTSUPP when no row matches (the UP
 * probe fails); -EINVAL for an unknown device.
 */
int proto_fw_features(enum proto_dev dev, u32 major, u32 minor, u32 *features);

/**
 * proto_fw_has_feature - true if (@major, @minor) on @dev has @feat (UP
 * table); false also when the version is not supported at all.
 */
bool proto_fw_has_feature(enum proto_dev dev, u32 major, u32 minor, enum fw_feature feat);

/**
 * proto_fw_opcode_allowed - true if a UP driver may send @opcode to
 * firmware (@major, @minor) on @dev: the opcode is known, not OOT-only,
 * and its feature gate (if any) is present.  A simulated firmware answers
 * INVALID_COMMAND to opcodes this returns false for (docs/driver/proto.md §3.5).
 */
bool proto_fw_opcode_allowed(enum proto_dev dev, u32 major, u32 minor, u32 opcode);

/**
 * proto_fw_oot_check_version - the OOT minimum-version check: version
 * (major << 32) | minor must be at least 5.7 (NPU1) or 6.12 (NPU4 family).
 * Returns 0, or -EINVAL when older (probe fails); -EINVAL for an unknown
 * device.
 */
int proto_fw_oot_check_version(enum proto_dev dev, u32 major, u32 minor);

/**
 * proto_fw_oot_opcode_supported - the OOT optional-message table: true if
 * @opcode is not optional or the version is at least its minimum.
 */
bool proto_fw_oot_opcode_supported(enum proto_dev dev, u32 major, u32 minor, u32 opcode);

/**
 * proto_fw_feature_name - "ADD_HOST_BUFFER" for FW_FEAT_ADD_HOST_BUFFER,
 * "NONE" for FW_FEAT_NONE, "UNKNOWN" otherwise.  This function can't fail.
 */
const char *proto_fw_feature_name(int feat);

/**
 * proto_dev_name - "npu1", "npu4", "npu5", "npu6", or "unknown".
 */
const char *proto_dev_name(enum proto_dev dev);

/* ----------------------------------------------------------------------- */
/* Runtime configuration (section 3.4). */

enum rt_cfg_type {
	RT_CFG_CLK_GATING = 1,		/* both families */
	RT_CFG_TYPE2 = 2,		/* NPU1 PDI loading mode; NPU4 H-clock gating */
	RT_CFG_PWR_GATING = 3,		/* NPU4 family */
	RT_CFG_TYPE4 = 4,		/* NPU1 debug buffer mode; NPU4 L1 power gating */
	RT_CFG_PDI_LOAD_MODE = 5,	/* NPU4 family */
	RT_CFG_LOG_LEVEL = 6,
	RT_CFG_LOG_FORMAT = 7,
	RT_CFG_LOG_DESTINATION = 8,
	RT_CFG_DEBUG_BUF_MODE = 10,	/* NPU4 family */
	RT_CFG_FINE_PREEMPTION = 12,
	RT_CFG_FORCE_PREEMPTION = 13,	/* value = firmware context id */
	RT_CFG_FRAME_BOUNDARY_PREEMPT = 14,
};

enum rt_cfg_category {
	RT_CAT_INIT = 0,
	RT_CAT_CLK_GATING,
	RT_CAT_FORCE_PREEMPT,
	RT_CAT_FRAME_BOUNDARY_PREEMPT,
	RT_CAT_COUNT,
};

/**
 * struct rt_cfg_row - one row of a device's runtime-config table.
 * @category: enum rt_cfg_category.
 * @type: enum rt_cfg_type.
 * @value: the table value (replaced when the caller supplies one).
 * @feature_mask: FW_FEAT_BIT() mask; the UP driver skips the row when the
 *                firmware has every feature in a non-zero mask (see Q2).
 */
struct rt_cfg_row {
	u8 category;
	u32 type;
	u64 value;
	u32 feature_mask;
};

/**
 * proto_rt_cfg_table - @dev's runtime-config rows in table order.
 * Returns the rows (and *@n), or NULL and *@n = 0 for an unknown device.
 */
const struct rt_cfg_row *proto_rt_cfg_table(enum proto_dev dev, size_t *n);

/**
 * proto_rt_cfg_select - the SET_RUNTIME_CONFIG messages the UP driver
 * sends for @cat (aie2_runtime_cfg): rows of the category in table order,
 * minus rows whose non-zero feature mask @features fully covers; with
 * @value non-NULL every row's value is replaced by *@value.
 * @out: receives up to @cap messages.
 * @n: receives the number of messages (also when @cap is too small).
 *
 * Returns 0; -EINVAL for an unknown device or category; -ENOBUFS if more
 * than @cap messages result (the first @cap are stored).
 */
int proto_rt_cfg_select(enum proto_dev dev, enum rt_cfg_category cat, u32 features,
			const u64 *value, struct msg_set_runtime_cfg_req *out, size_t cap,
			size_t *n);

/**
 * proto_rt_cfg_type_name - the meaning of runtime-config @type on @dev
 * ("clock gating"), or NULL when the type has no meaning on that device.
 */
const char *proto_rt_cfg_type_name(enum proto_dev dev, u32 type);

#endif /* XDNASIM_PROTO_MSG_H */
