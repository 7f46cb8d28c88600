// SPDX-License-Identifier: MIT
/*
 * Exact byte images, computed by hand from docs/driver/proto.md (§1.5, §2.2,
 * 3.3, 4.1, 4.3, 9.2) and written literally: the module must produce and
 * parse exactly these bytes.
 */
#include "tests/proto/proto_test.h"
#include "proto/buffers.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

/* CREATE_CONTEXT then DESTROY_CONTEXT, as the host puts them in x2i. */
START_TEST(test_bytes_create_destroy_frames_in_x2i)
{
	static const u8 want[] = {
		/* header: total_size 28, sz_ver 28 | 1 << 16, id 0x1D000000, opcode 2 */
		0x1c, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x00, 0x00,
		/* aie_type 1; start_col 0, num_col 8, num_unused_col 6, rsvd */
		0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x06, 0x00,
		/* num_cq_pairs 1, rsvd1, pasid 0x0102; pad[2] */
		0x01, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		/* sec_comm_target_type 0, context_priority 2 (high) */
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
		/* DESTROY_CONTEXT: size 4, sz_ver, id 0x1D000001, opcode 3, ctx 5 */
		0x04, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00,
		0x01, 0x00, 0x00, 0x1d, 0x03, 0x00, 0x00, 0x00,
		0x05, 0x00, 0x00, 0x00,
	};
	struct msg_create_ctx_req q = {
		.aie_type = 1, .num_col = 8, .num_unused_col = 6, .num_cq_pairs_requested = 1,
		.pasid = 0x0102, .context_priority = MSG_PRIO_HIGH,
	};
	struct msg_destroy_ctx_req dq = { .context_id = 5 };
	u8 wire[28], ring[sizeof(want)];
	struct pt_chan c;
	u32 id;

	ck_assert_int_eq(msg_encode(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q), wire,
				    sizeof(wire), NULL), 0);
	ck_assert_mem_eq(wire, want + 16, 28);
	pt_chan_init(&c, 4096, 4096, true, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_CREATE_CONTEXT, wire, 28, NULL, NULL, &id),
			 0);
	ck_assert_uint_eq(id, 0x1D000000);
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_DESTROY_CONTEXT, &dq, 4, NULL, NULL, &id),
			 0);
	ck_assert_uint_eq(id, 0x1D000001);
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_X2I, 0, ring, sizeof(ring)), 0);
	ck_assert_mem_eq(ring, want, sizeof(want));
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), sizeof(want));
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_HEAD), 0);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_bytes_create_context_reply)
{
	static const u8 resp[76] = {
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00,
		/* cq_pair[0].x2i_q */
		0x00, 0x01, 0x00, 0x03, 0x04, 0x01, 0x00, 0x03,
		0x00, 0x20, 0x60, 0x03, 0x00, 0x10, 0x00, 0x00,
		/* cq_pair[0].i2x_q */
		0x08, 0x01, 0x00, 0x03, 0x0c, 0x01, 0x00, 0x03,
		0x00, 0x30, 0x60, 0x03, 0x00, 0x10, 0x00, 0x00,
		/* cq_pair[1]: zeros */
	};
	struct msg_create_ctx_resp r;
	struct pt_chan c;
	u8 frame[16];

	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_RESP, resp, sizeof(resp), &r,
				    sizeof(r), MSG_DECODE_STRICT, NULL), 0);
	ck_assert_uint_eq(r.status, 0);
	ck_assert_uint_eq(r.context_id, 2);
	ck_assert_uint_eq(r.msix_id, 5);
	ck_assert_uint_eq(r.num_cq_pairs_allocated, 1);
	ck_assert_uint_eq(r.cq_pair[0].x2i_q.head_addr, 0x03000100);
	ck_assert_uint_eq(r.cq_pair[0].x2i_q.tail_addr, 0x03000104);
	ck_assert_uint_eq(r.cq_pair[0].x2i_q.buf_addr, 0x03602000);
	ck_assert_uint_eq(r.cq_pair[0].x2i_q.buf_size, 0x1000);
	ck_assert_uint_eq(r.cq_pair[0].i2x_q.head_addr, 0x03000108);
	ck_assert_uint_eq(r.cq_pair[0].i2x_q.tail_addr, 0x0300010C);
	ck_assert_uint_eq(r.cq_pair[0].i2x_q.buf_addr, 0x03603000);
	ck_assert_uint_eq(r.cq_pair[0].i2x_q.buf_size, 0x1000);
	ck_assert_uint_eq(r.cq_pair[1].i2x_q.buf_size, 0);

	/* The firmware frames it as total_size 76, sz_ver 76 | 1 << 16, echoed id. */
	pt_chan_init(&c, 256, 256, true, MBOX_FLAVOR_UP, 0, 0);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_CREATE_CONTEXT, 0x1D000007, resp, 76), 0);
	ck_assert_int_eq(mbox_hw_read_mem(&c.hw, MBOX_I2X, 0, frame, 16), 0);
	{
		static const u8 hdr[16] = { 0x4c, 0, 0, 0, 0x4c, 0, 0x01, 0, 0x07, 0, 0, 0x1d,
					    0x02, 0, 0, 0 };

		ck_assert_mem_eq(frame, hdr, 16);
	}
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_TAIL), 92);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_IOHUB), 1);
	ck_assert_uint_eq(c.hw.irq_count, 1);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_bytes_management_payloads)
{
	static const u8 map[20] = {
		0x03, 0x00, 0x00, 0x00,				/* context_id 3 */
		0x00, 0x00, 0x00, 0x34, 0x12, 0x7f, 0x00, 0x00,	/* 0x7f1234000000 */
		0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,	/* 64 MiB */
	};
	static const u8 rtc[12] = { 0x05, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 prop[20] = {
		0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x30, 0x75, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 30000 us */
	};
	static const u8 tele[16] = { 0x01, 0, 0, 0, 0x02, 0, 0, 0, 0x00, 0x01, 0, 0,
				     0x03, 0x00, 0x00, 0x04 };
	struct msg_host_buf_req hb = { 3, 0x7f1234000000ULL, SZ_64M };
	struct msg_set_runtime_cfg_req rt = { RT_CFG_PDI_LOAD_MODE, 1 };
	struct msg_update_property_req up = { .type = 0, .context_id = 0xFF,
					      .time_quota_us = 30000 };
	struct msg_get_telemetry_resp tr;
	u8 out[20];
	u32 status = 0;

	ck_assert_int_eq(msg_encode(MSG_OP_ADD_HOST_BUFFER, MSG_REQ, &hb, sizeof(hb), out, 20,
				    NULL), 0);
	ck_assert_mem_eq(out, map, 20);
	ck_assert_int_eq(msg_encode(MSG_OP_SET_RUNTIME_CONFIG, MSG_REQ, &rt, sizeof(rt), out, 20,
				    NULL), 0);
	ck_assert_mem_eq(out, rtc, 12);
	ck_assert_int_eq(msg_encode(MSG_OP_UPDATE_PROPERTY, MSG_REQ, &up, sizeof(up), out, 20,
				    NULL), 0);
	ck_assert_mem_eq(out, prop, 20);
	/* GET_TELEMETRY: the status is the last word. */
	ck_assert_int_eq(msg_decode(MSG_OP_GET_TELEMETRY, MSG_RESP, tele, 16, &tr, sizeof(tr),
				    MSG_DECODE_STRICT, NULL), 0);
	ck_assert_uint_eq(tr.major, 1);
	ck_assert_uint_eq(tr.minor, 2);
	ck_assert_uint_eq(tr.size, 0x100);
	ck_assert_uint_eq(tr.status, FW_STATUS_INVALID_PARAM);
	ck_assert_int_eq(msg_resp_status(MSG_OP_GET_TELEMETRY, tele, 16, &status), 0);
	ck_assert_uint_eq(status, 0x4000003);
	ck_assert_int_eq(msg_resp_status(MSG_OP_GET_TELEMETRY, tele, 15, &status), -EBADMSG);
	ck_assert_int_eq(msg_resp_status(MSG_OP_EXEC_NPU, tele, 16, &status), -EOPNOTSUPP);
}
END_TEST

START_TEST(test_bytes_config_cu_and_chain)
{
	static const u8 cu_head[12] = { 0x02, 0, 0, 0, 0x02, 0x08, 0, 0, 0x03, 0x08, 0x02, 0 };
	static const u8 chain[24] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x80, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,	/* buf_addr 0x4008000 */
		0x38, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* 56 bytes, 1 slot */
	};
	static const u8 slot[56] = {
		0x02, 0x00, 0x00, 0x00,				/* type PARTIAL_ELF */
		0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00, 0x00,	/* inst 0x4020000 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* save, restore */
		0x00, 0x04, 0x00, 0x00,				/* inst_size 0x400 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* sizes, prop_cnt */
		0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* cu_idx 1, 1 arg */
		0xdd, 0xcc, 0xbb, 0xaa,
	};
	struct msg_config_cu_req cu = { .num_cus = 2 };
	struct msg_chain_npu_req ch = { .buf_addr = 0x4008000, .buf_size = 56, .count = 1 };
	u32 arg = 0xAABBCCDD;
	struct msg_slot s = { .h = { .type = MSG_NPU_SLOT_PARTIAL_ELF, .inst_buf_addr = 0x4020000,
				     .inst_size = 0x400, .cu_idx = 1, .arg_cnt = 1 },
			      .args = &arg };
	struct msg_slot back[2];
	u8 out[132], buf[64];
	size_t used = 0;

	cu.cfgs[0] = MSG_CU_CFG(0x4010000, 0);
	cu.cfgs[1] = MSG_CU_CFG(0x4018000, 1);
	ck_assert_uint_eq(cu.cfgs[0], 0x802);
	ck_assert_uint_eq(cu.cfgs[1], 0x20803);
	ck_assert_int_eq(msg_encode(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu), out, 132, NULL),
			 0);
	ck_assert_mem_eq(out, cu_head, 12);
	for (int i = 12; i < 132; i++)
		ck_assert_uint_eq(out[i], 0);

	ck_assert_int_eq(msg_encode(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch), out, 132,
				    NULL), 0);
	ck_assert_mem_eq(out, chain, 24);
	ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_NPU, buf, sizeof(buf), &used, &s), 0);
	ck_assert_uint_eq(used, 56);
	ck_assert_mem_eq(buf, slot, 56);
	ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_NPU, buf, sizeof(buf), &used, &s), -ENOBUFS);
	ck_assert_uint_eq(used, 56);
	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, slot, 56, 1, back, 2, NULL), 0);
	ck_assert_uint_eq(back[0].h.type, 2);
	ck_assert_uint_eq(back[0].h.inst_buf_addr, 0x4020000);
	ck_assert_uint_eq(back[0].h.inst_size, 0x400);
	ck_assert_uint_eq(back[0].h.cu_idx, 1);
	ck_assert_uint_eq(msg_le32_at(back[0].args, 0), 0xAABBCCDD);
	/* Count and size must tile exactly. */
	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, slot, 56, 2, back, 2, NULL), -EBADMSG);
	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, slot, 55, 1, back, 2, NULL), -EBADMSG);
	/* Slots shorter than buf_size: the 4 trailing bytes belong to no slot. */
	memcpy(buf, slot, 56);
	memset(buf + 56, 0, 4);
	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, buf, 60, 1, back, 2, NULL), -EBADMSG);
}
END_TEST

START_TEST(test_bytes_legacy_slots)
{
	static const u8 cf[24] = {
		0x00, 0, 0, 0, 0x02, 0, 0, 0, 0x01, 0, 0, 0, 0x02, 0, 0, 0,	/* cu 0, args 1 2 */
		0x03, 0, 0, 0, 0x00, 0, 0, 0,					/* cu 3, no args */
	};
	static const u8 dpu[24] = {
		0x00, 0x00, 0x03, 0x04, 0, 0, 0, 0,	/* inst 0x4030000 */
		0x00, 0x02, 0, 0, 0x03, 0, 0, 0,	/* inst_size 0x200, prop_cnt 3 */
		0x1f, 0, 0, 0, 0x00, 0, 0, 0,		/* cu 31, no args */
	};
	struct msg_slot back[2];

	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_CF, cf, 24, 2, back, 2, NULL), 0);
	ck_assert_uint_eq(back[0].h.cu_idx, 0);
	ck_assert_uint_eq(back[0].h.arg_cnt, 2);
	ck_assert_uint_eq(msg_le32_at(back[0].args, 1), 2);
	ck_assert_uint_eq(back[1].h.cu_idx, 3);
	ck_assert_uint_eq(back[1].h.arg_cnt, 0);
	ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_DPU, dpu, 24, 1, back, 2, NULL), 0);
	ck_assert_uint_eq(back[0].h.inst_buf_addr, 0x4030000);
	ck_assert_uint_eq(back[0].h.inst_size, 0x200);
	ck_assert_uint_eq(back[0].h.inst_prop_cnt, 3);
	ck_assert_uint_eq(back[0].h.cu_idx, 31);
	ck_assert_int_eq(msg_slot_kind_of(MSG_OP_CHAIN_EXEC_DPU), MSG_SLOT_DPU);
	ck_assert_int_eq(msg_slot_kind_of(MSG_OP_EXEC_DPU), -EOPNOTSUPP);
}
END_TEST

/* Append then parse slots of every kind; range errors of the parser. */
START_TEST(test_slots_roundtrip_every_kind)
{
	static const u32 hdr[3] = { 8, 24, 52 };
	struct xrand r;
	u8 buf[4096];
	u32 args[34];
	struct msg_slot in[20], out[20];
	struct msg_err err;

	xrand_seed(&r, test_seed() ^ 0x5107);
	for (int kind = MSG_SLOT_CF; kind <= MSG_SLOT_NPU; kind++) {
		size_t used = 0, want = 0;
		u32 n = (u32)xrand_range(&r, 1, 20);

		ck_assert_uint_eq(msg_slot_hdr_size(kind), hdr[kind]);
		for (u32 i = 0; i < n; i++) {
			struct msg_slot s = { 0 };

			s.h.cu_idx = (u32)xrand_below(&r, 32);
			s.h.arg_cnt = (u32)xrand_below(&r, kind == MSG_SLOT_NPU ? 27 : 35);
			if (kind != MSG_SLOT_CF) {
				s.h.inst_buf_addr = xrand_next(&r);
				s.h.inst_size = (u32)xrand_next(&r);
				s.h.inst_prop_cnt = (u32)xrand_next(&r);
			}
			if (kind == MSG_SLOT_NPU) {
				s.h.type = (u32)xrand_range(&r, 1, 4);
				s.h.save_buf_addr = xrand_next(&r);
				s.h.restore_buf_addr = xrand_next(&r);
				s.h.save_size = (u32)xrand_next(&r);
				s.h.restore_size = (u32)xrand_next(&r);
			}
			for (u32 k = 0; k < s.h.arg_cnt; k++)
				args[k] = (u32)xrand_next(&r) ^ (i << 24);
			s.args = args;
			ck_assert_int_eq(msg_cmdlist_append(kind, buf, sizeof(buf), &used, &s), 0);
			want += hdr[kind] + 4 * s.h.arg_cnt;
			ck_assert_uint_eq(used, want);
			in[i] = s;
			in[i].args = buf + used - 4 * s.h.arg_cnt;	/* compare in place */
		}
		ck_assert_int_eq(msg_cmdlist_parse(kind, buf, used, n, out, 20, &err), 0);
		for (u32 i = 0; i < n; i++) {
			ck_assert_mem_eq(&out[i].h, &in[i].h, sizeof(in[i].h));
			ck_assert_ptr_eq(out[i].args, in[i].args);
		}
		ck_assert_int_eq(msg_cmdlist_parse(kind, buf, used, n, out, n - 1, &err), -EINVAL);
		ck_assert_int_eq(msg_slot_kind_of(kind == MSG_SLOT_CF ? MSG_OP_CHAIN_EXEC_BUFFER_CF :
						  kind == MSG_SLOT_DPU ? MSG_OP_CHAIN_EXEC_DPU :
									 MSG_OP_CHAIN_EXEC_NPU),
				 kind);
	}
	/*
	 * Limits: DPU 34 args; NPU PARTIAL_ELF / PREEMPT / ELF 26, NON_ELF (the
	 * CF type) only the buffer (aie2_cmdlist_fill_npu_cf, aie2_message.c
	 * @856409ca); NPU type 1..4; cu_idx < 32.
	 */
	{
		struct msg_slot s = { .h = { .type = 2, .arg_cnt = 27 }, .args = args };
		size_t used = 0;

		for (u32 t = 2; t <= 4; t++) {
			s.h.type = t;
			ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_NPU, buf, sizeof(buf), &used, &s),
					 -EINVAL);
			ck_assert_uint_eq(used, 0);
		}
		s.h.type = 1;
		ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_NPU, buf, sizeof(buf), &used, &s), 0);
		ck_assert_uint_eq(used, msg_slot_hdr_size(MSG_SLOT_NPU) + 27 * 4);
		ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, buf, used, 1, out, 1, &err), 0);
		ck_assert_uint_eq(out[0].h.arg_cnt, 27);
		/* the same bytes as a PARTIAL_ELF slot are refused at arg_cnt */
		memcpy(buf + offsetof(struct msg_slot_npu, type), &(u32){ 2 }, sizeof(u32));
		ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, buf, used, 1, out, 1, &err),
				 -EINVAL);
		ck_assert_str_eq(err.field, "arg_cnt");
		used = 0;
		s.h.arg_cnt = 35;
		ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_DPU, buf, sizeof(buf), &used, &s),
				 -EINVAL);
		s.h.arg_cnt = 0;
		s.h.type = 5;
		ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_NPU, buf, sizeof(buf), &used, &s), 0);
		ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_NPU, buf, used, 1, out, 1, &err),
				 -EINVAL);
		ck_assert_str_eq(err.field, "type");
		used = 0;
		s.h.cu_idx = 32;
		ck_assert_int_eq(msg_cmdlist_append(MSG_SLOT_CF, buf, sizeof(buf), &used, &s), 0);
		ck_assert_int_eq(msg_cmdlist_parse(MSG_SLOT_CF, buf, used, 1, out, 1, &err),
				 -EINVAL);
		ck_assert_str_eq(err.field, "cu_idx");
		ck_assert_int_eq(msg_cmdlist_append(3, buf, sizeof(buf), &used, &s), -EINVAL);
		ck_assert_uint_eq(msg_slot_hdr_size(3), 0);
	}
	ck_assert_int_eq(msg_aie_err_classify(7, MSG_TILE_CORE, 59), MSG_AIE_ERR_UNKNOWN);
}
END_TEST

START_TEST(test_bytes_ert_command)
{
	/* START_NPU: state NEW, 1 CU mask (bit 2), 5 payload words: count 6. */
	static const u8 npu[28] = {
		0x01, 0x60, 0x00, 0x0a,			/* 1 | 6 << 12 | 20 << 23 */
		0x04, 0x00, 0x00, 0x00,			/* CU mask: CU 2 */
		0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00, 0x00,	/* inst 0x4020000 */
		0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* size 0x400, 0 props */
		0x07, 0x00, 0x00, 0x00,			/* one argument */
	};
	/* START_CU with 1 extra mask: the first mask is 0, the second has bit 4. */
	static const u8 cu[16] = {
		0x01, 0x34, 0x00, 0x00,			/* 1 | 1 << 10 | 3 << 12 | 0 << 23 */
		0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
	};
	/* CMD_CHAIN: no CU masks; 6 header words + 2 handles (4 words). */
	static const u8 chain[44] = {
		0x01, 0xa0, 0x80, 0x09,			/* 1 | 10 << 12 | 19 << 23 */
		0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x11, 0, 0, 0, 0, 0, 0, 0, 0x22, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ert_cmd cmd;
	u32 zero = ERT_HDR(1, 0, 1, ERT_START_CU);
	u8 nomask[8];

	ck_assert_uint_eq(ERT_HDR(1, 0, 6, ERT_START_NPU), 0x0a006001);
	ck_assert_int_eq(ert_cmd_parse(npu, sizeof(npu), &cmd, NULL), 0);
	ck_assert_uint_eq(cmd.state, ERT_CMD_STATE_NEW);
	ck_assert_uint_eq(cmd.opcode, ERT_START_NPU);
	ck_assert_uint_eq(cmd.count, 6);
	ck_assert_uint_eq(cmd.num_cu_masks, 1);
	ck_assert_uint_eq(cmd.cu_idx, 2);
	ck_assert_uint_eq(cmd.payload_words, 5);
	ck_assert_uint_eq(msg_le32_at(cmd.payload, 0), 0x4020000);
	ck_assert_uint_eq(msg_le32_at(cmd.payload, 4), 7);
	ck_assert_int_eq(ert_cmd_parse(npu, 27, &cmd, NULL), -EBADMSG);

	ck_assert_int_eq(ert_cmd_parse(cu, sizeof(cu), &cmd, NULL), 0);
	ck_assert_uint_eq(cmd.num_cu_masks, 2);
	ck_assert_uint_eq(cmd.cu_idx, 4);
	ck_assert_uint_eq(cmd.payload_words, 1);
	ck_assert_uint_eq(msg_le32_at(cmd.payload, 0), 9);

	ck_assert_int_eq(ert_cmd_parse(chain, sizeof(chain), &cmd, NULL), 0);
	ck_assert_uint_eq(cmd.opcode, ERT_CMD_CHAIN);
	ck_assert_uint_eq(cmd.num_cu_masks, 0);
	ck_assert_uint_eq(cmd.payload_words, 10);
	ck_assert_uint_eq(msg_le32_at(cmd.payload, 0), 2);	/* command_count */
	ck_assert_uint_eq(msg_le32_at(cmd.payload, 8), 0x22);	/* second handle */

	/* A CU mask with no bit set is the driver's invalid CU. */
	memcpy(nomask, &zero, 4);
	memset(nomask + 4, 0, 4);
	ck_assert_int_eq(ert_cmd_parse(nomask, 8, &cmd, NULL), -EINVAL);
}
END_TEST

START_TEST(test_bytes_error_report)
{
	static const u8 rep[36] = {
		0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x02, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0x3b, 0x00, 0x00, 0x00,	/* core (2,1) ev 59 */
		0x01, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0x85, 0x00, 0x00, 0x00,	/* mem (1,0) ev 133 */
	};
	struct msg_err_report_hdr h;
	struct msg_err_record e;

	ck_assert_int_eq(msg_err_report_parse(rep, sizeof(rep), &h, NULL), 0);
	ck_assert_uint_eq(h.err_cnt, 2);
	ck_assert_int_eq(msg_err_report_record(rep, sizeof(rep), 0, &e), 0);
	ck_assert_uint_eq(e.row, 2);
	ck_assert_uint_eq(e.col, 1);
	ck_assert_uint_eq(e.module, MSG_ERR_MOD_CORE);
	ck_assert_uint_eq(e.event_id, 59);
	ck_assert_int_eq(msg_aie_err_classify(e.module, MSG_TILE_CORE, e.event_id),
			 MSG_AIE_ERR_INSTRUCTION);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_INSTRUCTION, MSG_ERR_MOD_CORE),
			  0x20303040008ULL);
	ck_assert_int_eq(msg_err_report_record(rep, sizeof(rep), 1, &e), 0);
	ck_assert_int_eq(msg_aie_err_classify(e.module, MSG_TILE_MEM, e.event_id),
			 MSG_AIE_ERR_DMA);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_DMA, MSG_ERR_MOD_MEMORY),
			  0x2040304000BULL);
	ck_assert_int_eq(msg_err_report_record(rep, sizeof(rep), 2, &e), -EBADMSG);
	/* The header says 2 records; 35 bytes hold only one. */
	ck_assert_int_eq(msg_err_report_parse(rep, 35, &h, NULL), -EBADMSG);
	/* Zero errors or more than 681 is an invalid report. */
	{
		u8 z[12] = { 0 };

		ck_assert_int_eq(msg_err_report_parse(z, 12, &h, NULL), -EINVAL);
		z[0] = 0xaa;	/* 682 */
		z[1] = 0x02;
		ck_assert_int_eq(msg_err_report_parse(z, 12, &h, NULL), -EINVAL);
	}
	/* Table spot checks (9.2). */
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_CORE, MSG_TILE_CORE, 61),
			 MSG_AIE_ERR_UNKNOWN);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_MEMORY, MSG_TILE_CORE, 96),
			 MSG_AIE_ERR_MEM_PARITY);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 71),
			 MSG_AIE_ERR_BUS);
	ck_assert_int_eq(msg_aie_err_classify(MSG_ERR_MOD_SHIM, MSG_TILE_SHIM, 74),
			 MSG_AIE_ERR_LOCK);
	ck_assert_uint_eq(msg_aie_err_code(MSG_AIE_ERR_UNKNOWN, 9) & 0xFFFFFFFFFFULL,
			  0x080304000FULL);
}
END_TEST

START_TEST(test_bytes_mgmt_descriptor_and_trace_line)
{
	static const u8 desc[64] = {
		0x04, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x03,	/* x2i tail/head regs */
		0x00, 0x00, 0x60, 0x03, 0x00, 0x10, 0x00, 0x00,	/* x2i ring, 4 KiB */
		0x08, 0x00, 0x00, 0x03, 0x0c, 0x00, 0x00, 0x03,	/* i2x tail/head regs */
		0x00, 0x10, 0x60, 0x03, 0x00, 0x10, 0x00, 0x00,	/* i2x ring, 4 KiB */
		0x5f, 0x4e, 0x50, 0x55, 0x00, 0x00, 0x00, 0x00,	/* "_NPU", msi 0 */
		0x06, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,	/* protocol 6.24 */
	};
	struct msg_mgmt_desc d;
	u8 bad[64];
	struct mbox_trace_rec rec = {
		.seq = 7, .time_ns = 5000000001ULL, .chan_id = 0, .msix = 0,
		.event = MBOX_EV_HOST_RX, .dir = MBOX_DIR_I2X, .opcode = 0x10C,
		.id = 0x1D00000A, .size = 8, .status = 0x4000007, .err = 0,
	};
	char line[200];

	ck_assert_int_eq(msg_layout_decode(&msg_layout_mgmt_desc, desc, 64, &d, sizeof(d),
					   MSG_DECODE_STRICT, NULL), 0);
	ck_assert_uint_eq(d.x2i_tail, 0x03000004);
	ck_assert_uint_eq(d.i2x_buf, 0x03601000);
	ck_assert_uint_eq(d.magic, MSG_MGMT_DESC_MAGIC);
	ck_assert_uint_eq(d.prot_major, 6);
	ck_assert_uint_eq(d.prot_minor, 24);
	memcpy(bad, desc, 64);
	bad[0x20] = 0;
	ck_assert_int_eq(msg_layout_decode(&msg_layout_mgmt_desc, bad, 64, &d, sizeof(d),
					   MSG_DECODE_STRICT, NULL), -EINVAL);
	ck_assert_int_eq(msg_layout_decode(&msg_layout_mgmt_desc, bad, 64, &d, sizeof(d),
					   MSG_DECODE_LENIENT, NULL), 0);

	ck_assert_int_eq(mbox_trace_format(&rec, line, sizeof(line)), (int)strlen(line));
	ck_assert_str_eq(line, "7 5.000000001 chan=0 msix=0 host_rx i2x op=0x10c"
			       "(REGISTER_ASYNC_EVENT_MSG) id=0x1d00000a size=8 status=0x4000007 err=0");
	rec.event = MBOX_EV_HOST_TX_FAIL;
	rec.dir = MBOX_DIR_X2I;
	rec.err = -ETIMEDOUT;
	rec.status = 0;
	mbox_trace_format(&rec, line, sizeof(line));
	ck_assert_str_eq(line, "7 5.000000001 chan=0 msix=0 host_tx_fail x2i op=0x10c"
			       "(REGISTER_ASYNC_EVENT_MSG) id=0x1d00000a size=8 status=0x0 err=ETIMEDOUT");
}
END_TEST

Suite *proto_bytes_suite(void)
{
	Suite *s = suite_create("proto_bytes");
	TCase *tc = tcase_create("bytes");

	tcase_add_test(tc, test_bytes_create_destroy_frames_in_x2i);
	tcase_add_test(tc, test_bytes_create_context_reply);
	tcase_add_test(tc, test_bytes_management_payloads);
	tcase_add_test(tc, test_bytes_config_cu_and_chain);
	tcase_add_test(tc, test_bytes_legacy_slots);
	tcase_add_test(tc, test_slots_roundtrip_every_kind);
	tcase_add_test(tc, test_bytes_ert_command);
	tcase_add_test(tc, test_bytes_error_report);
	tcase_add_test(tc, test_bytes_mgmt_descriptor_and_trace_line);
	suite_add_tcase(s, tc);
	return s;
}
