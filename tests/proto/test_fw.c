// SPDX-License-Identifier: MIT
/*
 * Tests for the firmware-version feature tables (docs/driver/proto.md §3.5) and the
 * runtime-config tables and selection rule (3.4).
 */
#include "tests/proto/proto_test.h"

#include <errno.h>

#define HAS(dev, maj, min, f) proto_fw_has_feature(PROTO_DEV_##dev, maj, min, FW_FEAT_##f)

START_TEST(test_features_npu4_family_rows)
{
	enum proto_dev devs[] = { PROTO_DEV_NPU4, PROTO_DEV_NPU5, PROTO_DEV_NPU6 };
	u32 mask;

	for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
		ck_assert_int_eq(proto_fw_features(devs[i], 6, 11, &mask), -EOPNOTSUPP);
		ck_assert_int_eq(proto_fw_features(devs[i], 5, 8, &mask), -EOPNOTSUPP);
		ck_assert_int_eq(proto_fw_features(devs[i], 6, 12, &mask), 0);
		ck_assert_uint_eq(mask, FW_FEAT_BIT(FW_FEAT_PREEMPT) |
					FW_FEAT_BIT(FW_FEAT_TEMPORAL_ONLY));
		ck_assert_int_eq(proto_fw_features(devs[i], 6, 17, &mask), 0);
		ck_assert_uint_eq(mask, FW_FEAT_BIT(FW_FEAT_PREEMPT) |
					FW_FEAT_BIT(FW_FEAT_TEMPORAL_ONLY) |
					FW_FEAT_BIT(FW_FEAT_NPU_COMMAND) |
					FW_FEAT_BIT(FW_FEAT_UPDATE_PROPERTY));
		ck_assert_int_eq(proto_fw_features(devs[i], 6, 24, &mask), 0);
		ck_assert_uint_eq(mask, FW_FEAT_ALL & ~FW_FEAT_BIT(FW_FEAT_GET_COREDUMP));
		ck_assert_int_eq(proto_fw_features(devs[i], 6, 200, &mask), 0);
		ck_assert_uint_eq(mask, FW_FEAT_ALL & ~FW_FEAT_BIT(FW_FEAT_GET_COREDUMP));
		ck_assert_int_eq(proto_fw_features(devs[i], 7, 0, &mask), 0);
		ck_assert_uint_eq(mask, FW_FEAT_ALL);
		ck_assert_int_eq(proto_fw_features(devs[i], 8, 0, &mask), -EOPNOTSUPP);
	}
	/* ADD_HOST_BUFFER from 6.18 on the NPU4 family. */
	ck_assert(!HAS(NPU4, 6, 17, ADD_HOST_BUFFER));
	ck_assert(HAS(NPU4, 6, 18, ADD_HOST_BUFFER));
	ck_assert(HAS(NPU6, 6, 18, APP_HEALTH));
	ck_assert(!HAS(NPU5, 6, 18, FW_LOG));
	ck_assert(HAS(NPU5, 6, 19, FW_TRACE));
	ck_assert(!HAS(NPU4, 6, 23, CALIBRATE_CLOCK));
	ck_assert(HAS(NPU4, 6, 24, RW_ACCESS));
	ck_assert(!HAS(NPU4, 6, 99, GET_COREDUMP));
	ck_assert(HAS(NPU4, 7, 3, GET_COREDUMP));
	ck_assert(!HAS(NPU4, 6, 11, PREEMPT));
}
END_TEST

START_TEST(test_features_npu1_rows)
{
	u32 mask = 0xdead;

	ck_assert_int_eq(proto_fw_features(PROTO_DEV_NPU1, 5, 6, &mask), -EOPNOTSUPP);
	ck_assert_uint_eq(mask, 0xdead);
	ck_assert_int_eq(proto_fw_features(PROTO_DEV_NPU1, 5, 7, &mask), 0);
	ck_assert_uint_eq(mask, 0);
	ck_assert_int_eq(proto_fw_features(PROTO_DEV_NPU1, 5, 8, &mask), 0);
	ck_assert_uint_eq(mask, FW_FEAT_BIT(FW_FEAT_NPU_COMMAND));
	ck_assert_int_eq(proto_fw_features(PROTO_DEV_NPU1, 6, 24, &mask), -EOPNOTSUPP);
	ck_assert_int_eq(proto_fw_features(PROTO_DEV_COUNT, 5, 8, &mask), -EINVAL);
	ck_assert(!HAS(NPU1, 5, 8, ADD_HOST_BUFFER));
	ck_assert(!HAS(NPU1, 5, 8, TEMPORAL_ONLY));
	ck_assert(!proto_fw_has_feature(PROTO_DEV_NPU1, 5, 8, FW_FEAT_COUNT));
}
END_TEST

START_TEST(test_opcode_gating)
{
	/* Ungated opcodes pass on any supported version. */
	ck_assert(proto_fw_opcode_allowed(PROTO_DEV_NPU1, 5, 7, MSG_OP_CREATE_CONTEXT));
	ck_assert(proto_fw_opcode_allowed(PROTO_DEV_NPU1, 5, 7, MSG_OP_CHAIN_EXEC_DPU));
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU1, 5, 7, MSG_OP_CHAIN_EXEC_NPU));
	ck_assert(proto_fw_opcode_allowed(PROTO_DEV_NPU1, 5, 8, MSG_OP_CHAIN_EXEC_NPU));
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU4, 6, 17, MSG_OP_ADD_HOST_BUFFER));
	ck_assert(proto_fw_opcode_allowed(PROTO_DEV_NPU4, 6, 18, MSG_OP_ADD_HOST_BUFFER));
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU4, 6, 24, MSG_OP_GET_COREDUMP));
	ck_assert(proto_fw_opcode_allowed(PROTO_DEV_NPU4, 7, 0, MSG_OP_GET_COREDUMP));
	/* OOT-only and unknown opcodes are never sent by UP. */
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU4, 7, 0, MSG_OP_REGISTER_PDI));
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU4, 7, 0, 0x005));
	/* Unsupported version: nothing allowed. */
	ck_assert(!proto_fw_opcode_allowed(PROTO_DEV_NPU4, 6, 11, MSG_OP_CREATE_CONTEXT));
}
END_TEST

START_TEST(test_oot_version_rules)
{
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU1, 5, 6), -EINVAL);
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU1, 5, 7), 0);
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU1, 6, 0), 0);
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU4, 6, 11), -EINVAL);
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU5, 6, 12), 0);
	ck_assert_int_eq(proto_fw_oot_check_version(PROTO_DEV_NPU6, 7, 0), 0);
	/* OOT compares (major << 32 | minor): 7.0 is above every 6.x minimum. */
	ck_assert(proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 7, 0, MSG_OP_GET_COREDUMP));
	ck_assert(!proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 6, 23, MSG_OP_GET_COREDUMP));
	ck_assert(proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 6, 24, MSG_OP_CALIBRATE_CLOCK));
	ck_assert(!proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 6, 17, MSG_OP_GET_APP_HEALTH));
	ck_assert(proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 6, 18, MSG_OP_GET_APP_HEALTH));
	ck_assert(!proto_fw_oot_opcode_supported(PROTO_DEV_NPU4, 6, 14, MSG_OP_CHAIN_EXEC_NPU));
	ck_assert(proto_fw_oot_opcode_supported(PROTO_DEV_NPU1, 5, 8, MSG_OP_CHAIN_EXEC_NPU));
	ck_assert(!proto_fw_oot_opcode_supported(PROTO_DEV_NPU1, 5, 7, MSG_OP_CHAIN_EXEC_NPU));
	ck_assert(proto_fw_oot_opcode_supported(PROTO_DEV_NPU1, 5, 7, MSG_OP_REGISTER_PDI));
	ck_assert(!proto_fw_oot_opcode_supported(PROTO_DEV_NPU1, 9, 9, MSG_OP_UPDATE_PROPERTY));
}
END_TEST

/* proto_rt_cfg_select() into @out; returns the count. */
static size_t sel(enum proto_dev dev, enum rt_cfg_category cat, u32 feat, const u64 *val,
		  struct msg_set_runtime_cfg_req *out)
{
	size_t n = 99;

	ck_assert_int_eq(proto_rt_cfg_select(dev, cat, feat, val, out, 8, &n), 0);
	return n;
}

START_TEST(test_runtime_config_selection)
{
	struct msg_set_runtime_cfg_req o[8];
	u32 f624, f612;
	u64 zero = 0, ctx = 9;
	size_t n;

	ck_assert_int_eq(proto_fw_features(PROTO_DEV_NPU4, 6, 24, &f624), 0);
	f612 = FW_FEAT_BIT(FW_FEAT_TEMPORAL_ONLY);	/* no PREEMPT */
	/* NPU4 INIT with PREEMPT: (5,1), (10,1); row (14,0) is skipped (Q2). */
	ck_assert_uint_eq(sel(PROTO_DEV_NPU4, RT_CAT_INIT, f624, NULL, o), 2);
	ck_assert_uint_eq(o[0].type, 5);
	ck_assert_uint_eq(o[0].value, 1);
	ck_assert_uint_eq(o[1].type, 10);
	ck_assert_uint_eq(o[1].value, 1);
	/* Without PREEMPT the frame-boundary row (14, 0) is sent. */
	ck_assert_uint_eq(sel(PROTO_DEV_NPU4, RT_CAT_INIT, f612, NULL, o), 3);
	ck_assert_uint_eq(o[2].type, 14);
	ck_assert_uint_eq(o[2].value, 0);
	/* CLK_GATING: types 1..4 in order, value from the table (1) or the caller. */
	ck_assert_uint_eq(sel(PROTO_DEV_NPU6, RT_CAT_CLK_GATING, f624, NULL, o), 4);
	for (u32 i = 0; i < 4; i++) {
		ck_assert_uint_eq(o[i].type, i + 1);
		ck_assert_uint_eq(o[i].value, 1);
	}
	ck_assert_uint_eq(sel(PROTO_DEV_NPU6, RT_CAT_CLK_GATING, f624, &zero, o), 4);
	for (u32 i = 0; i < 4; i++)
		ck_assert_uint_eq(o[i].value, 0);
	ck_assert_uint_eq(sel(PROTO_DEV_NPU4, RT_CAT_FORCE_PREEMPT, f624, &ctx, o), 1);
	ck_assert_uint_eq(o[0].type, 13);
	ck_assert_uint_eq(o[0].value, 9);
	/* NPU1: INIT (2,1), (4,1); CLK_GATING (1,.); nothing for preemption. */
	ck_assert_uint_eq(sel(PROTO_DEV_NPU1, RT_CAT_INIT, 0, NULL, o), 2);
	ck_assert_uint_eq(o[0].type, 2);
	ck_assert_uint_eq(o[1].type, 4);
	ck_assert_uint_eq(sel(PROTO_DEV_NPU1, RT_CAT_CLK_GATING, 0, NULL, o), 1);
	ck_assert_uint_eq(o[0].type, 1);
	ck_assert_uint_eq(sel(PROTO_DEV_NPU1, RT_CAT_FRAME_BOUNDARY_PREEMPT, 0, NULL, o), 0);
	/* Too small an output array. */
	ck_assert_int_eq(proto_rt_cfg_select(PROTO_DEV_NPU4, RT_CAT_CLK_GATING, 0, NULL, o, 3, &n),
			 -ENOBUFS);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(proto_rt_cfg_select(PROTO_DEV_COUNT, RT_CAT_INIT, 0, NULL, o, 8, &n),
			 -EINVAL);
	ck_assert_int_eq(proto_rt_cfg_select(PROTO_DEV_NPU4, RT_CAT_COUNT, 0, NULL, o, 8, &n),
			 -EINVAL);
	ck_assert_str_eq(proto_rt_cfg_type_name(PROTO_DEV_NPU1, 2), "PDI loading mode");
	ck_assert_str_eq(proto_rt_cfg_type_name(PROTO_DEV_NPU4, 2), "H-clock gating");
	ck_assert_ptr_null(proto_rt_cfg_type_name(PROTO_DEV_NPU1, 5));
	ck_assert_ptr_null(proto_rt_cfg_type_name(PROTO_DEV_NPU4, 9));
	ck_assert_str_eq(proto_fw_feature_name(FW_FEAT_ADD_HOST_BUFFER), "ADD_HOST_BUFFER");
	ck_assert_str_eq(proto_fw_feature_name(FW_FEAT_NONE), "NONE");
	ck_assert_str_eq(proto_dev_name(PROTO_DEV_NPU5), "npu5");
}
END_TEST

Suite *proto_fw_suite(void)
{
	Suite *s = suite_create("proto_fw");
	TCase *tc = tcase_create("features");

	tcase_add_test(tc, test_features_npu4_family_rows);
	tcase_add_test(tc, test_features_npu1_rows);
	tcase_add_test(tc, test_opcode_gating);
	tcase_add_test(tc, test_oot_version_rules);
	tcase_add_test(tc, test_runtime_config_selection);
	suite_add_tcase(s, tc);
	return s;
}
