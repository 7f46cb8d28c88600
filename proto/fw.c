// SPDX-License-Identifier: MIT
/*
 * fw.c - firmware status codes (docs/driver/proto.md §3.2), the version -> feature
 * tables of both drivers (3.5) and the runtime-config tables (3.4).
 */
#include "common/device.h"
#include "proto/msg.h"

#include <errno.h>

#define ST(v, orig) { FW_STATUS_##v, #v, MSG_ORIGIN_##orig }

const struct fw_status_info fw_statuses[] = {
	ST(SUCCESS, BOTH),
	ST(AIE_SATURATION, BOTH),
	ST(AIE_FP, BOTH),
	ST(AIE_STREAM, BOTH),
	ST(AIE_ACCESS, BOTH),
	ST(AIE_BUS, BOTH),
	ST(AIE_INSTRUCTION, BOTH),
	ST(AIE_ECC, BOTH),
	ST(AIE_LOCK, BOTH),
	ST(AIE_DMA, BOTH),
	ST(AIE_MEM_PARITY, BOTH),
	ST(AIE_PWR_CFG, BOTH),
	ST(AIE_BACKTRACK, BOTH),
	ST(MGMT_ERT_SELF_TEST_FAILURE, BOTH),
	ST(MGMT_ERT_HASH_MISMATCH, BOTH),
	ST(MGMT_ERT_NOAVAIL, BOTH),
	ST(MGMT_ERT_INVALID_PARAM, BOTH),
	ST(MGMT_ERT_ENTER_SUSPEND_FAILURE, BOTH),
	ST(MGMT_ERT_BUSY, BOTH),
	ST(MGMT_ERT_APPLICATION_ACTIVE, BOTH),
	ST(MGMT_ERT_DRAM_BUFFER_SIZE_INVALID, BOTH),
	ST(APP_ERT_FIRST_ERROR, BOTH),
	ST(APP_INVALID_INSTR, BOTH),
	ST(APP_LOAD_PDI_FAIL, BOTH),
	ST(INVALID_INPUT_BUFFER, BOTH),
	ST(INVALID_COMMAND, BOTH),
	ST(INVALID_PARAM, BOTH),
	ST(PDI_REG_FAILED, OOT),
	ST(PDI_UNREG_FAILED, OOT),
	ST(INVALID_OPERATION, BOTH),
	ST(ASYNC_EVENT_MSGS_FULL, BOTH),
	ST(DEBUG_BO_CONFIG_FAILED, OOT),
	{ FW_STATUS_MAX_UP, "MAX_AIE2_STATUS_CODE", MSG_ORIGIN_BOTH },
	ST(PROPERTY_UPDATE_FAILED, OOT),
	ST(ACTIVE_APP_ERROR, OOT),
	{ FW_STATUS_MAX_OOT, "MAX_AIE2_STATUS_CODE_OOT", MSG_ORIGIN_OOT },
};
#undef ST

const size_t fw_nstatuses = ARRAY_SIZE(fw_statuses);

const char *fw_status_name(u32 status)
{
	for (size_t i = 0; i < fw_nstatuses; i++)
		if (fw_statuses[i].value == status)
			return fw_statuses[i].name;
	return "UNKNOWN";
}

int fw_status_to_errno(u32 status)
{
	return status == FW_STATUS_SUCCESS ? 0 : -EINVAL;
}

/* ----------------------------------------------------------------------- */
/* Feature tables. */

#define B(f) FW_FEAT_BIT(FW_FEAT_##f)

static const struct fw_feature_row npu1_features[] = {
	{ 5, 7, 0, 0 },
	{ 5, 8, 0, B(NPU_COMMAND) },
};

static const struct fw_feature_row npu4_features[] = {
	{ 6, 12, 0, B(PREEMPT) | B(TEMPORAL_ONLY) },
	{ 6, 15, 0, B(NPU_COMMAND) | B(UPDATE_PROPERTY) },
	{ 6, 18, 0, B(APP_HEALTH) | B(ADD_HOST_BUFFER) },
	{ 6, 19, 0, B(FW_LOG) | B(FW_TRACE) },
	{ 6, 24, 0, B(GET_DEV_REVISION) | B(RW_ACCESS) | B(CALIBRATE_CLOCK) },
	{ 7, 0, 0, FW_FEAT_ALL },
};

const struct fw_feature_row *proto_fw_feature_table(enum proto_dev dev, size_t *n)
{
	switch (dev) {
	case PROTO_DEV_NPU1:
		*n = ARRAY_SIZE(npu1_features);
		return npu1_features;
	case PROTO_DEV_NPU4:
	case PROTO_DEV_NPU5:
	case PROTO_DEV_NPU6:
		*n = ARRAY_SIZE(npu4_features);
		return npu4_features;
	default:
		*n = 0;
		return NULL;
	}
}

int proto_fw_features(enum proto_dev dev, u32 major, u32 minor, u32 *features)
{
	const struct fw_feature_row *rows;
	bool matched = false;
	u32 mask = 0;
	size_t n;

	rows = proto_fw_feature_table(dev, &n);
	if (!rows)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].major != major || minor < rows[i].min_minor)
			continue;
		if (rows[i].max_minor && minor > rows[i].max_minor)
			continue;
		matched = true;
		mask |= rows[i].features;
	}
	if (!matched)
		return -EOPNOTSUPP;
	*features = mask;
	return 0;
}

bool proto_fw_has_feature(enum proto_dev dev, u32 major, u32 minor, enum fw_feature feat)
{
	u32 mask;

	if (feat < 0 || feat >= FW_FEAT_COUNT)
		return false;
	if (proto_fw_features(dev, major, minor, &mask))
		return false;
	return mask & FW_FEAT_BIT(feat);
}

bool proto_fw_opcode_allowed(enum proto_dev dev, u32 major, u32 minor, u32 opcode)
{
	const struct msg_desc *d = msg_desc_find(opcode);
	u32 mask;

	if (!d || d->origin != MSG_ORIGIN_BOTH)
		return false;
	if (proto_fw_features(dev, major, minor, &mask))
		return false;
	return d->feature == FW_FEAT_NONE || (mask & FW_FEAT_BIT(d->feature));
}

#define VER(maj, min) (((u64)(maj) << 32) | (u64)(min))

static bool dev_is_npu4_family(enum proto_dev dev)
{
	return dev == PROTO_DEV_NPU4 || dev == PROTO_DEV_NPU5 || dev == PROTO_DEV_NPU6;
}

/* proto_dev and the device table name the same devices in the same order. */
_Static_assert(PROTO_DEV_NPU1 == (int)XDNA_DEV_NPU1 && PROTO_DEV_NPU4 == (int)XDNA_DEV_NPU4 &&
		       PROTO_DEV_NPU5 == (int)XDNA_DEV_NPU5 && PROTO_DEV_NPU6 == (int)XDNA_DEV_NPU6,
	       "enum proto_dev follows common/devices.def");

int proto_fw_oot_check_version(enum proto_dev dev, u32 major, u32 minor)
{
	if (dev != PROTO_DEV_NPU1 && !dev_is_npu4_family(dev))
		return -EINVAL;
	return VER(major, minor) >= xdna_devices[dev].fw_min ? 0 : -EINVAL;
}

/*
 * The OOT optional-message tables: opcode -> minimum version per family.
 * NPU1's table holds only CHAIN_EXEC_NPU; the messages that are optional on
 * the NPU4 family and absent from NPU1's table are taken as unsupported on
 * NPU1 (NEVER).  Opcodes in neither table are not optional.
 */
#define NEVER U64_MAX

static const struct {
	u32 opcode;
	u64 npu1;
	u64 npu4;
} oot_optional[] = {
	{ MSG_OP_CHAIN_EXEC_NPU, VER(5, 8), VER(6, 15) },
	{ MSG_OP_UPDATE_PROPERTY, NEVER, VER(6, 15) },
	{ MSG_OP_GET_APP_HEALTH, NEVER, VER(6, 18) },
	{ MSG_OP_CONFIG_FW_LOG, NEVER, VER(6, 19) },
	{ MSG_OP_START_FW_TRACE, NEVER, VER(6, 19) },
	{ MSG_OP_STOP_FW_TRACE, NEVER, VER(6, 19) },
	{ MSG_OP_SET_FW_TRACE_CATEGORIES, NEVER, VER(6, 19) },
	{ MSG_OP_GET_COREDUMP, NEVER, VER(6, 24) },
	{ MSG_OP_CALIBRATE_CLOCK, NEVER, VER(6, 24) },
	{ MSG_OP_GET_DEV_REVISION, NEVER, VER(6, 24) },
	{ MSG_OP_AIE_RW_ACCESS, NEVER, VER(6, 24) },
};

bool proto_fw_oot_opcode_supported(enum proto_dev dev, u32 major, u32 minor, u32 opcode)
{
	if (dev != PROTO_DEV_NPU1 && !dev_is_npu4_family(dev))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(oot_optional); i++) {
		u64 min;

		if (oot_optional[i].opcode != opcode)
			continue;
		min = dev == PROTO_DEV_NPU1 ? oot_optional[i].npu1 : oot_optional[i].npu4;
		return min != NEVER && VER(major, minor) >= min;
	}
	return msg_desc_find(opcode) != NULL;
}

static const char *const feature_names[FW_FEAT_COUNT] = {
	[FW_FEAT_NPU_COMMAND] = "NPU_COMMAND",
	[FW_FEAT_PREEMPT] = "PREEMPT",
	[FW_FEAT_TEMPORAL_ONLY] = "TEMPORAL_ONLY",
	[FW_FEAT_APP_HEALTH] = "APP_HEALTH",
	[FW_FEAT_ADD_HOST_BUFFER] = "ADD_HOST_BUFFER",
	[FW_FEAT_UPDATE_PROPERTY] = "UPDATE_PROPERTY",
	[FW_FEAT_GET_DEV_REVISION] = "GET_DEV_REVISION",
	[FW_FEAT_GET_COREDUMP] = "GET_COREDUMP",
	[FW_FEAT_RW_ACCESS] = "RW_ACCESS",
	[FW_FEAT_CALIBRATE_CLOCK] = "CALIBRATE_CLOCK",
	[FW_FEAT_FW_LOG] = "FW_LOG",
	[FW_FEAT_FW_TRACE] = "FW_TRACE",
};

const char *proto_fw_feature_name(int feat)
{
	if (feat == FW_FEAT_NONE)
		return "NONE";
	if (feat < 0 || feat >= FW_FEAT_COUNT)
		return "UNKNOWN";
	return feature_names[feat];
}

const char *proto_dev_name(enum proto_dev dev)
{
	return dev >= 0 && dev < PROTO_DEV_COUNT ? xdna_devices[dev].name : "unknown";
}

/* ----------------------------------------------------------------------- */
/* Runtime configuration. */

static const struct rt_cfg_row npu1_rt_cfg[] = {
	{ RT_CAT_INIT, RT_CFG_TYPE2, 1, 0 },
	{ RT_CAT_INIT, RT_CFG_TYPE4, 1, 0 },
	{ RT_CAT_CLK_GATING, RT_CFG_CLK_GATING, 1, 0 },
};

static const struct rt_cfg_row npu4_rt_cfg[] = {
	{ RT_CAT_INIT, RT_CFG_PDI_LOAD_MODE, 1, 0 },
	{ RT_CAT_INIT, RT_CFG_DEBUG_BUF_MODE, 1, 0 },
	{ RT_CAT_INIT, RT_CFG_FRAME_BOUNDARY_PREEMPT, 0, B(PREEMPT) },
	{ RT_CAT_CLK_GATING, RT_CFG_CLK_GATING, 1, 0 },
	{ RT_CAT_CLK_GATING, RT_CFG_TYPE2, 1, 0 },
	{ RT_CAT_CLK_GATING, RT_CFG_PWR_GATING, 1, 0 },
	{ RT_CAT_CLK_GATING, RT_CFG_TYPE4, 1, 0 },
	{ RT_CAT_FORCE_PREEMPT, RT_CFG_FORCE_PREEMPTION, 0, 0 },
	{ RT_CAT_FRAME_BOUNDARY_PREEMPT, RT_CFG_FRAME_BOUNDARY_PREEMPT, 0, 0 },
};
#undef B

const struct rt_cfg_row *proto_rt_cfg_table(enum proto_dev dev, size_t *n)
{
	if (dev == PROTO_DEV_NPU1) {
		*n = ARRAY_SIZE(npu1_rt_cfg);
		return npu1_rt_cfg;
	}
	if (dev_is_npu4_family(dev)) {
		*n = ARRAY_SIZE(npu4_rt_cfg);
		return npu4_rt_cfg;
	}
	*n = 0;
	return NULL;
}

int proto_rt_cfg_select(enum proto_dev dev, enum rt_cfg_category cat, u32 features,
			const u64 *value, struct msg_set_runtime_cfg_req *out, size_t cap,
			size_t *n)
{
	const struct rt_cfg_row *rows;
	size_t nrows, k = 0;

	rows = proto_rt_cfg_table(dev, &nrows);
	if (!rows || cat < 0 || cat >= RT_CAT_COUNT)
		return -EINVAL;
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].category != cat)
			continue;
		if (rows[i].feature_mask && (features & rows[i].feature_mask) == rows[i].feature_mask)
			continue;
		if (k < cap) {
			out[k].type = rows[i].type;
			out[k].value = value ? *value : rows[i].value;
		}
		k++;
	}
	*n = k;
	return k > cap ? -ENOBUFS : 0;
}

const char *proto_rt_cfg_type_name(enum proto_dev dev, u32 type)
{
	static const char *const npu1[15] = {
		[1] = "clock gating", [2] = "PDI loading mode", [4] = "debug buffer mode",
	};
	static const char *const npu4[15] = {
		[1] = "clock gating", [2] = "H-clock gating", [3] = "power gating",
		[4] = "L1 power gating", [5] = "PDI loading mode", [6] = "FW log level",
		[7] = "FW log format", [8] = "FW log destination", [10] = "debug buffer mode",
		[12] = "fine-grain preemption", [13] = "force preemption",
		[14] = "frame-boundary preemption",
	};

	if (type >= 15)
		return NULL;
	if (dev == PROTO_DEV_NPU1)
		return npu1[type];
	if (dev_is_npu4_family(dev))
		return npu4[type];
	return NULL;
}
