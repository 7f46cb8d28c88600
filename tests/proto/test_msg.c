// SPDX-License-Identifier: MIT
/*
 * Tests for proto/msg: the opcode table against docs/driver/proto.md §3.1 (copied here
 * by hand), round trips of every message, reserved fields, range checks,
 * the status table and the table checker.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <string.h>

#define M MSG_CHAN_MGMT
#define U MSG_CHAN_USER
#define SY MSG_MODE_SYNC
#define AS MSG_MODE_ASYNC
#define SU MSG_MODE_SYNC_USER
#define NV MSG_MODE_NEVER
#define B MSG_ORIGIN_BOTH
#define O MSG_ORIGIN_OOT
#define F(x) FW_FEAT_##x

/* docs/driver/proto.md §3.1, row by row: opcode, name, channel, req, resp, mode, origin, gate. */
static const struct {
	u32 op;
	const char *name;
	u8 chan;
	u16 req, resp;
	u8 mode, origin;
	int feat;
} spec_ops[] = {
	{ 0x001, "REGISTER_PDI", M, 236, 44, SY, O, F(NONE) },
	{ 0x002, "CREATE_CONTEXT", M, 28, 76, SY, B, F(NONE) },
	{ 0x003, "DESTROY_CONTEXT", M, 4, 4, SY, B, F(NONE) },
	{ 0x004, "GET_TELEMETRY", M, 16, 16, SY, B, F(NONE) },
	{ 0x007, "SYNC_BO", U, 24, 4, AS, B, F(NONE) },
	{ 0x00A, "UNREGISTER_PDI", M, 12, 36, SY, O, F(NONE) },
	{ 0x00B, "LEGACY_CONFIG_CU", U, 132, 4, SU, O, F(NONE) },
	{ 0x00C, "EXECUTE_BUFFER_CF", U, 80, 4, AS, B, F(NONE) },
	{ 0x00D, "QUERY_COL_STATUS", M, 20, 8, SY, B, F(NONE) },
	{ 0x00E, "QUERY_AIE_TILE_INFO", M, 4, 48, SY, B, F(NONE) },
	{ 0x00F, "QUERY_AIE_VERSION", M, 4, 8, SY, B, F(NONE) },
	{ 0x010, "EXEC_DPU", U, 160, 4, AS, B, F(NONE) },
	{ 0x011, "CONFIG_CU", U, 132, 4, AS, B, F(NONE) },
	{ 0x012, "CHAIN_EXEC_BUFFER_CF", U, 24, 12, AS, B, F(NONE) },
	{ 0x013, "CHAIN_EXEC_DPU", U, 24, 12, AS, B, F(NONE) },
	{ 0x014, "CONFIG_DEBUG_BO", U, 20, 4, AS, B, F(NONE) },
	{ 0x015, "EXEC_DPU_PREEMPT", U, 160, 0, NV, O, F(NONE) },
	{ 0x017, "EXEC_NPU", U, 160, 0, NV, O, F(NONE) },
	{ 0x018, "CHAIN_EXEC_NPU", U, 24, 12, AS, B, F(NPU_COMMAND) },
	{ 0x101, "SUSPEND", M, 4, 4, SY, B, F(NONE) },
	{ 0x102, "RESUME", M, 4, 4, SY, B, F(NONE) },
	{ 0x103, "ASSIGN_MGMT_PASID", M, 4, 4, SY, B, F(NONE) },
	{ 0x104, "INVOKE_SELF_TEST", M, 4, 4, SY, O, F(NONE) },
	{ 0x106, "MAP_HOST_BUFFER", M, 20, 4, SY, B, F(NONE) },
	{ 0x108, "GET_FIRMWARE_VERSION", M, 4, 20, SY, B, F(NONE) },
	{ 0x10A, "SET_RUNTIME_CONFIG", M, 12, 4, SY, B, F(NONE) },
	{ 0x10B, "GET_RUNTIME_CONFIG", M, 4, 12, SY, B, F(NONE) },
	{ 0x10C, "REGISTER_ASYNC_EVENT_MSG", M, 12, 8, AS, B, F(NONE) },
	{ 0x10F, "START_FW_TRACE", M, 24, 20, SY, B, F(FW_TRACE) },
	{ 0x110, "STOP_FW_TRACE", M, 4, 4, SY, B, F(FW_TRACE) },
	{ 0x111, "SET_FW_TRACE_CATEGORIES", M, 4, 4, SY, B, F(FW_TRACE) },
	{ 0x113, "UPDATE_PROPERTY", M, 20, 4, SY, B, F(UPDATE_PROPERTY) },
	{ 0x114, "GET_APP_HEALTH", M, 16, 36, SY, B, F(APP_HEALTH) },
	{ 0x115, "ADD_HOST_BUFFER", M, 20, 4, SY, B, F(ADD_HOST_BUFFER) },
	{ 0x116, "CONFIG_FW_LOG", M, 32, 32, SY, B, F(FW_LOG) },
	{ 0x117, "GET_DEV_REVISION", M, 4, 12, SY, B, F(GET_DEV_REVISION) },
	{ 0x119, "GET_COREDUMP", M, 20, 36, SY, B, F(GET_COREDUMP) },
	{ 0x11C, "CALIBRATE_CLOCK", M, 8, 4, SY, B, F(CALIBRATE_CLOCK) },
	{ 0x203, "AIE_RW_ACCESS", M, 24, 8, SY, B, F(RW_ACCESS) },
	{ 0x301, "GET_PROTOCOL_VERSION", M, 4, 12, SY, O, F(NONE) },
};

START_TEST(test_table_matches_spec_rows)
{
	ck_assert_uint_eq(msg_ndescs, ARRAY_SIZE(spec_ops));
	for (size_t i = 0; i < ARRAY_SIZE(spec_ops); i++) {
		const struct msg_desc *d = msg_desc_find(spec_ops[i].op);

		ck_assert_msg(d, "opcode 0x%x missing", spec_ops[i].op);
		ck_assert_str_eq(d->name, spec_ops[i].name);
		ck_assert_str_eq(msg_opcode_name(spec_ops[i].op), spec_ops[i].name);
		ck_assert_uint_eq(d->chan, spec_ops[i].chan);
		ck_assert_uint_eq(d->req_size, spec_ops[i].req);
		ck_assert_uint_eq(d->resp_size, spec_ops[i].resp);
		ck_assert_uint_eq(d->mode, spec_ops[i].mode);
		ck_assert_uint_eq(d->origin, spec_ops[i].origin);
		ck_assert_int_eq(d->feature, spec_ops[i].feat);
		/* Status is the first word, except GET_TELEMETRY (offset 12). */
		ck_assert_uint_eq(d->status_off, spec_ops[i].op == 0x004 ? 12 : 0);
		/* REGISTER_ASYNC_EVENT_MSG: host does not check the reply size. */
		if (spec_ops[i].op == 0x10C)
			ck_assert(!d->resp_size_checked);
		else if (spec_ops[i].resp)
			ck_assert(d->resp_size_checked);
	}
	ck_assert_ptr_null(msg_desc_find(0x005));
	ck_assert_ptr_null(msg_desc_find(MSG_OP_MAX_OPCODE));
	ck_assert_str_eq(msg_opcode_name(0x999), "UNKNOWN");
}
END_TEST

START_TEST(test_table_checker_passes_and_catches_breakage)
{
	struct msg_desc bad[3];
	struct msg_field fields[2];
	struct msg_layout l;
	char why[160];

	ck_assert_int_eq(msg_table_check(why, sizeof(why)), 0);
	/* T1: out of order. */
	bad[0] = *msg_desc_find(MSG_OP_RESUME);
	bad[1] = *msg_desc_find(MSG_OP_SUSPEND);
	ck_assert_int_eq(msg_tables_check(bad, 2, NULL, 0, why, sizeof(why)), -EUCLEAN);
	ck_assert(strncmp(why, "T1:", 3) == 0);
	/* T2: size disagrees with the layout. */
	bad[0] = *msg_desc_find(MSG_OP_CREATE_CONTEXT);
	bad[0].req_size = 24;
	ck_assert_int_eq(msg_tables_check(bad, 1, NULL, 0, why, sizeof(why)), -EUCLEAN);
	ck_assert(strncmp(why, "T2:", 3) == 0);
	/* T3: status offset on a non-status field. */
	bad[0] = *msg_desc_find(MSG_OP_GET_TELEMETRY);
	bad[0].status_off = 0;
	ck_assert_int_eq(msg_tables_check(bad, 1, NULL, 0, why, sizeof(why)), -EUCLEAN);
	ck_assert(strncmp(why, "T3:", 3) == 0);
	/* T4: gap between fields. */
	fields[0] = (struct msg_field){ "a", 0, 4, MSG_FK_VALUE, 1 };
	fields[1] = (struct msg_field){ "b", 8, 4, MSG_FK_VALUE, 1 };
	l = (struct msg_layout){ "gap", 12, fields, 2, NULL };
	{
		const struct msg_layout *lp = &l;

		ck_assert_int_eq(msg_tables_check(NULL, 0, &lp, 1, why, sizeof(why)), -EUCLEAN);
		ck_assert(strncmp(why, "T4:", 3) == 0);
		/* T5: width 3. */
		fields[1] = (struct msg_field){ "b", 4, 3, MSG_FK_VALUE, 1 };
		ck_assert_int_eq(msg_tables_check(NULL, 0, &lp, 1, why, sizeof(why)), -EUCLEAN);
		ck_assert(strncmp(why, "T5:", 3) == 0);
	}
	/* T6: bad channel. */
	bad[0] = *msg_desc_find(MSG_OP_SUSPEND);
	bad[0].chan = 7;
	ck_assert_int_eq(msg_tables_check(bad, 1, NULL, 0, why, sizeof(why)), -EUCLEAN);
	ck_assert(strncmp(why, "T6:", 3) == 0);
}
END_TEST

/* Round trip of every message, both directions, lenient and strict. */
START_TEST(test_roundtrip_every_message)
{
	struct xrand r;
	const struct msg_desc *d;
	u8 msg[MSG_APP_HEALTH_REPORT_SIZE], wire[MSG_APP_HEALTH_REPORT_SIZE + 8];
	u8 out[MSG_APP_HEALTH_REPORT_SIZE];
	unsigned int checked = 0;

	xrand_seed(&r, test_seed());
	msg_for_each_desc(d) {
		for (int dir = MSG_REQ; dir <= MSG_RESP; dir++) {
			const struct msg_layout *l = dir == MSG_REQ ? d->req : d->resp;

			if (!l)
				continue;
			for (int iter = 0; iter < 50; iter++) {
				size_t len = 0;
				struct msg_err err;

				pt_fill_random(&r, msg, l->size);
				if (iter & 1)
					pt_make_valid(d->opcode, dir, msg, &r);
				ck_assert_int_eq(msg_encode(d->opcode, dir, msg, l->size, wire,
							    sizeof(wire), &len), 0);
				ck_assert_uint_eq(len, l->size);
				ck_assert_mem_eq(wire, msg, l->size);
				memset(out, 0xA5, sizeof(out));
				ck_assert_int_eq(msg_decode(d->opcode, dir, wire, len, out, l->size,
							    MSG_DECODE_LENIENT, NULL), 0);
				ck_assert_mem_eq(out, msg, l->size);
				if (!(iter & 1))
					continue;
				memset(out, 0xA5, sizeof(out));
				ck_assert_msg(msg_decode(d->opcode, dir, wire, len, out, l->size,
							 MSG_DECODE_STRICT, &err) == 0,
					      "%s %s: %s", d->name, dir ? "resp" : "req", err.text);
				ck_assert_mem_eq(out, msg, l->size);
				checked++;
			}
		}
	}
	/* 40 requests + 38 responses, 25 strict iterations each. */
	ck_assert_uint_eq(checked, (40 + 38) * 25);
}
END_TEST

START_TEST(test_decode_rejects_wrong_lengths_and_targets)
{
	struct msg_create_ctx_req q = { 0 };
	u8 buf[80] = { 0 };
	struct msg_err err;

	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, buf, 27, &q, sizeof(q), 0, &err),
			 -EBADMSG);
	ck_assert_uint_eq(err.off, 27);
	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, buf, 29, &q, sizeof(q), 0, NULL),
			 -EBADMSG);
	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, buf, 0, &q, sizeof(q), 0, NULL),
			 -EBADMSG);
	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, NULL, 0, &q, sizeof(q), 0, NULL),
			 -EBADMSG);
	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, NULL, 28, &q, sizeof(q), 0, NULL),
			 -EINVAL);
	ck_assert_int_eq(msg_decode(MSG_OP_CREATE_CONTEXT, MSG_REQ, buf, 28, &q, 27, 0, NULL),
			 -EINVAL);
	ck_assert_int_eq(msg_decode(0x005, MSG_REQ, buf, 4, &q, 4, 0, NULL), -EOPNOTSUPP);
	ck_assert_int_eq(msg_decode(MSG_OP_EXEC_NPU, MSG_RESP, buf, 4, &q, 4, 0, NULL),
			 -EOPNOTSUPP);
	ck_assert_int_eq(msg_encode(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q), buf, 27, NULL),
			 -ENOBUFS);
	ck_assert_int_eq(msg_encode(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, 20, buf, 80, NULL), -EINVAL);
	ck_assert_int_eq(msg_encode(0x005, MSG_REQ, &q, 4, buf, 80, NULL), -EOPNOTSUPP);
}
END_TEST

/* Every reserved element of every layout, set non-zero, fails strict decode. */
START_TEST(test_every_reserved_field_is_checked)
{
	struct xrand r;
	const struct msg_desc *d;
	u8 msg[MSG_APP_HEALTH_REPORT_SIZE], out[MSG_APP_HEALTH_REPORT_SIZE];
	unsigned int hits = 0;

	xrand_seed(&r, test_seed() ^ 0x11);
	msg_for_each_desc(d) {
		for (int dir = MSG_REQ; dir <= MSG_RESP; dir++) {
			const struct msg_layout *l = dir == MSG_REQ ? d->req : d->resp;

			if (!l)
				continue;
			for (u16 i = 0; i < l->nfields; i++) {
				const struct msg_field *f = &l->fields[i];

				if (f->kind != MSG_FK_RESERVED && f->kind != MSG_FK_UNDEF)
					continue;
				for (u16 k = 0; k < f->count; k++) {
					size_t off = f->off + (size_t)k * f->width;
					struct msg_err err = { 0 };
					int ret;

					pt_fill_random(&r, msg, l->size);
					pt_make_valid(d->opcode, dir, msg, &r);
					msg[off + xrand_below(&r, f->width)] |=
						(u8)(1u << xrand_below(&r, 8));
					ret = msg_decode(d->opcode, dir, msg, l->size, out, l->size,
							 MSG_DECODE_STRICT, &err);
					if (f->kind == MSG_FK_UNDEF) {
						ck_assert_int_eq(ret, 0);
						continue;
					}
					ck_assert_msg(ret == -EBADMSG, "%s.%s[%u] accepted", l->name,
						      f->name, k);
					ck_assert_uint_eq(err.off, off);
					ck_assert_str_eq(err.field, f->name);
					ck_assert_int_eq(msg_decode(d->opcode, dir, msg, l->size, out,
								    l->size, MSG_DECODE_LENIENT, NULL),
							 0);
					hits++;
				}
			}
		}
	}
	/*
	 * Reserved elements in the spec's layouts, counted by hand:
	 * empty_req 1 (x8 opcodes), register_pdi 2+203 / 39, unregister 7 / 32,
	 * create_ctx 1+1+2 / 1, tile_info 1, chain_npu 2, assign_pasid 1,
	 * update_property 7+1, buf_size_resp 7 (x2 opcodes), fw_log 5 / 5,
	 * aie_rw_access 1.
	 */
	ck_assert_uint_eq(hits, 8 + 205 + 39 + 7 + 32 + 4 + 1 + 1 + 2 + 1 + 8 + 14 + 5 + 5 + 1);
}
END_TEST

/* Boundary values of the documented ranges (docs/driver/proto.md §3.3, section 11). */
static int dec(u32 op, enum msg_dir dir, const void *m, size_t size)
{
	u8 out[MSG_APP_HEALTH_REPORT_SIZE];

	return msg_decode(op, dir, m, size, out, size, MSG_DECODE_STRICT, NULL);
}

START_TEST(test_range_boundaries_create_context)
{
	struct msg_create_ctx_req q = {
		.aie_type = 1, .start_col = 0, .num_col = 4, .num_unused_col = 3,
		.num_cq_pairs_requested = 1, .context_priority = 1,
	};
	struct msg_create_ctx_resp rs = { 0 };

	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), 0);
	q.num_unused_col = 4;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);
	q.num_unused_col = 0;
	q.context_priority = 4;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), 0);
	q.context_priority = 5;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);
	q.context_priority = 0;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);
	q.context_priority = 3;
	q.aie_type = 2;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);
	q.aie_type = 1;
	q.num_cq_pairs_requested = 2;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);
	q.num_cq_pairs_requested = 1;
	q.num_col = 0;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_REQ, &q, sizeof(q)), -EINVAL);

	/* A failed reply carries no meaningful fields; a successful one must. */
	rs.status = FW_STATUS_MGMT_ERT_NOAVAIL;
	rs.context_id = 0xFFFFFFFF;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_RESP, &rs, sizeof(rs)), 0);
	rs.status = 0;
	rs.cq_pair[0].x2i_q.buf_size = 4096;
	rs.cq_pair[0].i2x_q.buf_size = 4096;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_RESP, &rs, sizeof(rs)), -EINVAL);
	rs.context_id = 15;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_RESP, &rs, sizeof(rs)), 0);
	rs.cq_pair[0].i2x_q.buf_size = 4095;
	ck_assert_int_eq(dec(MSG_OP_CREATE_CONTEXT, MSG_RESP, &rs, sizeof(rs)), -EINVAL);
}
END_TEST

START_TEST(test_range_boundaries_cu_and_chains)
{
	struct msg_config_cu_req cu = { .num_cus = 32 };
	struct msg_chain_npu_req ch = { .buf_size = 4096, .count = 78 };
	struct msg_chain_legacy_req lc = { .buf_size = 8, .count = 1 };
	struct msg_exec_dpu_req ed = { .cu_idx = 31 };

	ck_assert_int_eq(dec(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu)), 0);
	cu.num_cus = 33;
	ck_assert_int_eq(dec(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu)), -EINVAL);
	cu.num_cus = 0;
	ck_assert_int_eq(dec(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu)), -EINVAL);
	cu.num_cus = 2;
	cu.cfgs[1] = 1u << 25;
	ck_assert_int_eq(dec(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu)), -EINVAL);
	cu.cfgs[1] = 0x01FFFFFF;
	cu.cfgs[2] = 0xFFFFFFFF;	/* beyond num_cus: not a config word */
	ck_assert_int_eq(dec(MSG_OP_CONFIG_CU, MSG_REQ, &cu, sizeof(cu)), 0);

	/* 78 NPU slots of 52 bytes fill 4056 <= 4096; 79 do not fit. */
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), 0);
	ch.count = 79;
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), -EINVAL);
	ch.count = 1;
	ch.buf_size = 4100;
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), -EINVAL);
	ch.buf_size = 54;
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), -EINVAL);
	ch.count = 0;
	ch.buf_size = 52;
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), -EINVAL);
	ch.count = 1;
	ch.flags = 1;		/* flags is reserved (= 0) */
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_NPU, MSG_REQ, &ch, sizeof(ch)), -EBADMSG);

	/* Legacy CF slots are >= 8 bytes, DPU slots >= 24. */
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_BUFFER_CF, MSG_REQ, &lc, sizeof(lc)), 0);
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_DPU, MSG_REQ, &lc, sizeof(lc)), -EINVAL);
	lc.buf_size = 24;
	lc.undef[0] = 0xDEADBEEF;	/* bytes 16..23 are undefined */
	ck_assert_int_eq(dec(MSG_OP_CHAIN_EXEC_DPU, MSG_REQ, &lc, sizeof(lc)), 0);

	ck_assert_int_eq(dec(MSG_OP_EXEC_DPU, MSG_REQ, &ed, sizeof(ed)), 0);
	ed.cu_idx = 32;
	ck_assert_int_eq(dec(MSG_OP_EXEC_DPU, MSG_REQ, &ed, sizeof(ed)), -EINVAL);
}
END_TEST

START_TEST(test_range_boundaries_management)
{
	struct msg_host_buf_req hb = { .context_id = 1, .buf_addr = SZ_64M * 3,
				       .buf_size = SZ_64M };
	struct msg_get_telemetry_req tm = { .type = 4, .buf_size = 4 * 1024 * 1024 };
	struct msg_set_runtime_cfg_req rt = { .type = 14 };
	struct msg_query_col_status_req cs = { .num_cols = 3, .aie_bitmap = 0x70 };
	struct msg_async_event_req ae = { .buf_size = 8192 };
	struct msg_dev_revision_resp dr = { .status = 0, .rev = 8 };
	struct msg_aie_rw_req rw = { .type = 3 };

	ck_assert_int_eq(dec(MSG_OP_MAP_HOST_BUFFER, MSG_REQ, &hb, sizeof(hb)), 0);
	hb.buf_size = SZ_64M - 1;
	ck_assert_int_eq(dec(MSG_OP_ADD_HOST_BUFFER, MSG_REQ, &hb, sizeof(hb)), -EINVAL);
	hb.buf_size = SZ_128M;
	ck_assert_int_eq(dec(MSG_OP_ADD_HOST_BUFFER, MSG_REQ, &hb, sizeof(hb)), -EINVAL);
	hb.buf_size = SZ_64M;
	hb.buf_addr += SZ_32K;
	ck_assert_int_eq(dec(MSG_OP_MAP_HOST_BUFFER, MSG_REQ, &hb, sizeof(hb)), -EINVAL);

	ck_assert_int_eq(dec(MSG_OP_GET_TELEMETRY, MSG_REQ, &tm, sizeof(tm)), 0);
	tm.type = 5;
	ck_assert_int_eq(dec(MSG_OP_GET_TELEMETRY, MSG_REQ, &tm, sizeof(tm)), -EINVAL);
	tm.type = 0;
	tm.buf_size++;
	ck_assert_int_eq(dec(MSG_OP_GET_TELEMETRY, MSG_REQ, &tm, sizeof(tm)), -EINVAL);

	ck_assert_int_eq(dec(MSG_OP_SET_RUNTIME_CONFIG, MSG_REQ, &rt, sizeof(rt)), 0);
	for (u32 t = 0; t < 20; t++) {
		bool known = (t >= 1 && t <= 8) || t == 10 || (t >= 12 && t <= 14);

		rt.type = t;
		ck_assert_int_eq(dec(MSG_OP_SET_RUNTIME_CONFIG, MSG_REQ, &rt, sizeof(rt)),
				 known ? 0 : -EINVAL);
	}

	ck_assert_int_eq(dec(MSG_OP_QUERY_COL_STATUS, MSG_REQ, &cs, sizeof(cs)), 0);
	cs.num_cols = 4;
	ck_assert_int_eq(dec(MSG_OP_QUERY_COL_STATUS, MSG_REQ, &cs, sizeof(cs)), -EINVAL);

	ck_assert_int_eq(dec(MSG_OP_REGISTER_ASYNC_EVENT_MSG, MSG_REQ, &ae, sizeof(ae)), 0);
	ae.buf_size = 4096;
	ck_assert_int_eq(dec(MSG_OP_REGISTER_ASYNC_EVENT_MSG, MSG_REQ, &ae, sizeof(ae)), -EINVAL);

	ck_assert_int_eq(dec(MSG_OP_GET_DEV_REVISION, MSG_RESP, &dr, sizeof(dr)), 0);
	dr.rev = 9;
	ck_assert_int_eq(dec(MSG_OP_GET_DEV_REVISION, MSG_RESP, &dr, sizeof(dr)), -EINVAL);
	dr.rev = 0;
	ck_assert_int_eq(dec(MSG_OP_GET_DEV_REVISION, MSG_RESP, &dr, sizeof(dr)), -EINVAL);
	dr.status = FW_STATUS_INVALID_COMMAND;
	ck_assert_int_eq(dec(MSG_OP_GET_DEV_REVISION, MSG_RESP, &dr, sizeof(dr)), 0);

	ck_assert_int_eq(dec(MSG_OP_AIE_RW_ACCESS, MSG_REQ, &rw, sizeof(rw)), 0);
	rw.type = 4;
	ck_assert_int_eq(dec(MSG_OP_AIE_RW_ACCESS, MSG_REQ, &rw, sizeof(rw)), -EINVAL);
}
END_TEST

START_TEST(test_status_codes_and_errno)
{
	static const struct {
		u32 v;
		const char *name;
	} want[] = {
		{ 0x0, "SUCCESS" },
		{ 0x1000001, "AIE_SATURATION" },
		{ 0x100000C, "AIE_BACKTRACK" },
		{ 0x2000001, "MGMT_ERT_SELF_TEST_FAILURE" },
		{ 0x2000003, "MGMT_ERT_NOAVAIL" },
		{ 0x2000008, "MGMT_ERT_DRAM_BUFFER_SIZE_INVALID" },
		{ 0x3000003, "APP_LOAD_PDI_FAIL" },
		{ 0x4000002, "INVALID_COMMAND" },
		{ 0x4000003, "INVALID_PARAM" },
		{ 0x4000007, "ASYNC_EVENT_MSGS_FULL" },
		{ 0x4000009, "MAX_AIE2_STATUS_CODE" },
		{ 0x400000B, "ACTIVE_APP_ERROR" },
		{ 0x400000D, "MAX_AIE2_STATUS_CODE_OOT" },
		{ 0x400000C, "UNKNOWN" },
		{ 0x1000000, "UNKNOWN" },
		{ 0xFFFFFFFF, "UNKNOWN" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		ck_assert_str_eq(fw_status_name(want[i].v), want[i].name);
	/* SUCCESS, 12 AIE, 8 MGMT_ERT, 3 APP, 10 generic (OOT ones included), 2 sentinels. */
	ck_assert_uint_eq(fw_nstatuses, 1 + 12 + 8 + 3 + 10 + 2);
	ck_assert_int_eq(fw_status_to_errno(0), 0);
	ck_assert_int_eq(fw_status_to_errno(FW_STATUS_INVALID_COMMAND), -EINVAL);
	ck_assert_int_eq(fw_status_to_errno(FW_STATUS_MAX_UP), -EINVAL);
	ck_assert_int_eq(fw_status_to_errno(0xFFFFFFFF), -EINVAL);
}
END_TEST

Suite *proto_msg_suite(void)
{
	Suite *s = suite_create("proto_msg");
	TCase *tc = tcase_create("msg");

	tcase_add_test(tc, test_table_matches_spec_rows);
	tcase_add_test(tc, test_table_checker_passes_and_catches_breakage);
	tcase_add_test(tc, test_roundtrip_every_message);
	tcase_add_test(tc, test_decode_rejects_wrong_lengths_and_targets);
	tcase_add_test(tc, test_every_reserved_field_is_checked);
	tcase_add_test(tc, test_range_boundaries_create_context);
	tcase_add_test(tc, test_range_boundaries_cu_and_chains);
	tcase_add_test(tc, test_range_boundaries_management);
	tcase_add_test(tc, test_status_codes_and_errno);
	suite_add_tcase(s, tc);
	return s;
}
