// SPDX-License-Identifier: MIT
/*
 * test_proto_cov: the proto corners the other suites leave out: value
 * ranges of QUERY_AIE_TILE_INFO and of the buffer formats without an opcode
 * (error report header, coredump list entry; docs/driver/proto.md §3, §9.2), the
 * "last async error" code for every module (§9.2), the shim event table,
 * name lookups out of range, and NULL arguments.
 */
#include "tests/proto/proto_test.h"
#include "proto/buffers.h"
#include "proto/trace.h"

#include <errno.h>
#include <stddef.h>

/* TILE_INFO: cols and core_rows must be non-zero when the status is SUCCESS. */
START_TEST(test_tile_info_ranges)
{
	struct msg_tile_info_resp r = { 0 }, out;
	struct msg_err err;
	u8 buf[48];

	r.info.cols = 8;
	r.info.core_rows = 4;
	r.info.rows = 6;
	ck_assert_int_eq(msg_encode(0xE, MSG_RESP, &r, sizeof(r), buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(msg_decode(0xE, MSG_RESP, buf, 48, &out, sizeof(out), MSG_DECODE_STRICT,
				    &err), 0);
	ck_assert_uint_eq(out.info.cols, 8);
	/* cols 0 → -EINVAL naming byte 12 */
	buf[12] = 0;
	memset(&out, 0xa5, sizeof(out));
	ck_assert_int_eq(msg_decode(0xE, MSG_RESP, buf, 48, &out, sizeof(out), MSG_DECODE_STRICT,
				    &err), -EINVAL);
	ck_assert_uint_eq(err.off, 12);
	ck_assert_str_eq(err.field, "info.cols");
	ck_assert_uint_eq(out.status, 0xa5a5a5a5);	/* untouched on error */
	/* the driver reads replies leniently: sizes only */
	ck_assert_int_eq(msg_decode(0xE, MSG_RESP, buf, 48, &out, sizeof(out), MSG_DECODE_LENIENT,
				    &err), 0);
	ck_assert_uint_eq(out.info.cols, 0);
	buf[12] = 8;
	buf[16] = 0;
	ck_assert_int_eq(msg_decode(0xE, MSG_RESP, buf, 48, &out, sizeof(out), MSG_DECODE_STRICT,
				    &err), -EINVAL);
	ck_assert_uint_eq(err.off, 16);
	ck_assert_str_eq(err.field, "info.core_rows");
	/* a failed query carries no geometry: not range-checked */
	buf[0] = 0x2;
	ck_assert_int_eq(msg_decode(0xE, MSG_RESP, buf, 48, &out, sizeof(out), MSG_DECODE_STRICT,
				    &err), 0);
	ck_assert_uint_eq(out.status, 2);
}
END_TEST

/* §9.2: at most 681 records fit the 8 KiB report; coredump buffers are 1 MiB. */
START_TEST(test_buffer_format_ranges)
{
	struct msg_err_report_hdr h = { .err_cnt = 681, .ret_code = 7 };
	struct msg_coredump_entry e = { .buf_addr = 0x1000, .buf_size = SZ_1M };
	struct msg_err err;

	ck_assert_int_eq(msg_layout_validate(&msg_layout_err_report_hdr, &h, &err), 0);
	h.err_cnt = 682;
	ck_assert_int_eq(msg_layout_validate(&msg_layout_err_report_hdr, &h, &err), -EINVAL);
	ck_assert_uint_eq(err.off, 0);
	ck_assert_str_eq(err.field, "err_cnt");
	ck_assert_str_eq(err.text, "err_cnt 682 above 681");
	ck_assert_int_eq(msg_layout_validate(&msg_layout_coredump_entry, &e, &err), 0);
	e.buf_size = SZ_1M - 4096;
	ck_assert_int_eq(msg_layout_validate(&msg_layout_coredump_entry, &e, &err), -EINVAL);
	ck_assert_uint_eq(err.off, 8);
	ck_assert_str_eq(err.field, "buf_size");
	e.buf_size = SZ_1M;
	e.reserved = 1;
	ck_assert_int_eq(msg_layout_validate(&msg_layout_coredump_entry, &e, &err), -EBADMSG);
	ck_assert_uint_eq(err.off, 12);
}
END_TEST

/* §9.2: err_code = (category+3) | 4<<16 | 3<<24 | module<<32 | 2<<40. */
START_TEST(test_aie_err_code_modules)
{
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_BUS, MSG_ERR_MOD_SHIM), 0x020703040007ULL);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_DMA, MSG_ERR_MOD_SHIM), 0x02070304000bULL);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_ECC, MSG_ERR_MOD_CORE), 0x020303040009ULL);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_LOCK, MSG_ERR_MOD_MEMORY),
			  0x02040304000aULL);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_UNKNOWN, 3), 0x02080304000fULL);
	/* shim (PL) event table, on the shim row only */
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 64),
			 MSG_AIE_ERR_BUS);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 65),
			 MSG_AIE_ERR_STREAM);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 71),
			 MSG_AIE_ERR_BUS);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 73),
			 MSG_AIE_ERR_DMA);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 74),
			 MSG_AIE_ERR_LOCK);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 63),
			 MSG_AIE_ERR_UNKNOWN);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 75),
			 MSG_AIE_ERR_UNKNOWN);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_CORE, 64),
			 MSG_AIE_ERR_UNKNOWN);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_CORE, MSG_TILE_MEM, 55),
			 MSG_AIE_ERR_UNKNOWN);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_MEMORY, MSG_TILE_SHIM, 130),
			 MSG_AIE_ERR_UNKNOWN);
}
END_TEST

/* Out-of-range names and NULL arguments. */
START_TEST(test_names_and_nulls)
{
	struct mbox_trace_rec rec = {
		.seq = 5, .time_ns = 2000000123ULL, .chan_id = 1, .msix = 3,
		.event = MBOX_EV_HOST_TX, .dir = MBOX_DIR_X2I, .opcode = 0x2, .id = 0x1000002,
		.size = 16, .status = 0, .err = 0,
	};
	struct mbox_sync_msg m = { .opcode = 0x2, .resp_len = 4 };
	char line[256];

	ck_assert_str_eq(proto_fw_feature_name(-2), "UNKNOWN");
	ck_assert_str_eq(proto_fw_feature_name(FW_FEAT_COUNT), "UNKNOWN");
	ck_assert_str_eq(proto_fw_feature_name(FW_FEAT_NONE), "NONE");
	ck_assert_str_eq(proto_dev_name(PROTO_DEV_COUNT), "unknown");
	ck_assert_str_eq(proto_dev_name(PROTO_DEV_NPU6), "npu6");
	ck_assert_str_eq(proto_rt_cfg_type_name(PROTO_DEV_NPU1, 1), "clock gating");
	ck_assert_ptr_null(proto_rt_cfg_type_name(PROTO_DEV_NPU1, 3));
	ck_assert_str_eq(proto_rt_cfg_type_name(PROTO_DEV_NPU5, 14), "frame-boundary preemption");
	ck_assert_ptr_null(proto_rt_cfg_type_name(PROTO_DEV_NPU4, 15));
	ck_assert_ptr_null(proto_rt_cfg_type_name(PROTO_DEV_COUNT, 1));
	ck_assert_str_eq(mbox_ev_name(MBOX_EV_COUNT), "?");
	ck_assert_int_eq(mbox_trace_format(NULL, line, sizeof(line)), -EINVAL);
	ck_assert_int_eq(mbox_trace_format(&rec, NULL, 1), -EINVAL);
	ck_assert_int_gt(mbox_trace_format(&rec, line, sizeof(line)), 0);
	ck_assert_str_eq(line, "5 2.000000123 chan=1 msix=3 host_tx x2i op=0x2(CREATE_CONTEXT) "
			       "id=0x01000002 size=16 status=0x0 err=0");
	rec.opcode = 0;
	rec.dir = 7;
	rec.err = -ETIME;
	ck_assert_int_eq(mbox_trace_format(&rec, line, sizeof(line)),
			 (int)strlen("5 2.000000123 chan=1 msix=3 host_tx ? op=0x0(-) id=0x01000002 "
				     "size=16 status=0x0 err=ETIME"));
	ck_assert_str_eq(line, "5 2.000000123 chan=1 msix=3 host_tx ? op=0x0(-) id=0x01000002 "
			       "size=16 status=0x0 err=ETIME");
	ck_assert_int_eq(mbox_send_wait(NULL, &m, 1000), -EINVAL);
	ck_assert_int_eq(mbox_send_wait((struct mbox_chan *)&m, NULL, 1000), -EINVAL);
	ck_assert_int_eq(mbox_send_wait((struct mbox_chan *)&m, &m, 1000), -EINVAL);
}
END_TEST

static Suite *proto_cov_suite(void)
{
	Suite *s = suite_create("proto_cov");
	TCase *tc = tcase_create("cov");

	tcase_add_test(tc, test_tile_info_ranges);
	tcase_add_test(tc, test_buffer_format_ranges);
	tcase_add_test(tc, test_aie_err_code_modules);
	tcase_add_test(tc, test_names_and_nulls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s[] = { proto_cov_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
