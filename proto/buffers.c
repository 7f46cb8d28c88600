// SPDX-License-Identifier: MIT
/*
 * buffers.c - the ERT command buffer, command-list slots and async error
 * reports (docs/driver/proto.md §4.1, §4.3, §9.2).
 */
#include "proto/buffers.h"
#include "proto/msg_priv.h"

#include <errno.h>
#include <string.h>

int ert_cmd_parse(const void *buf, size_t len, struct ert_cmd *cmd, struct msg_err *err)
{
	const u8 *p = buf;
	u32 hdr, count, masks;

	if (!cmd || (!buf && len))
		return msg__err(err, -EINVAL, 0, NULL, "no buffer");
	if (len < 4)
		return msg__err(err, -EBADMSG, len, "header", "%zu bytes cannot hold the header",
				len);
	hdr = msg_le32_at(p, 0);
	count = ERT_HDR_COUNT(hdr);
	if (len < 4 + (size_t)count * 4)
		return msg__err(err, -EBADMSG, len, "count",
				"count %u words do not fit in %zu bytes", count, len);
	memset(cmd, 0, sizeof(*cmd));
	cmd->state = ERT_HDR_STATE(hdr);
	cmd->opcode = ERT_HDR_OPCODE(hdr);
	cmd->count = count;
	cmd->cu_idx = UINT32_MAX;
	if (cmd->opcode == ERT_CMD_CHAIN) {
		cmd->payload = p + 4;
		cmd->payload_words = count;
		return 0;
	}
	masks = 1 + ERT_HDR_EXTRA_CU_MASKS(hdr);
	if (count < masks)
		return msg__err(err, -EBADMSG, 0, "count", "count %u cannot hold %u CU masks",
				count, masks);
	for (u32 i = 0; i < masks; i++) {
		u32 m = msg_le32_at(p + 4, i);

		if (m) {
			cmd->cu_idx = (u32)__builtin_ctz(m);
			break;
		}
	}
	if (cmd->cu_idx == UINT32_MAX)
		return msg__err(err, -EINVAL, 4, "cu_mask", "no CU mask bit is set");
	cmd->num_cu_masks = masks;
	cmd->payload = p + 4 + 4 * masks;
	cmd->payload_words = count - masks;
	return 0;
}

/* ----------------------------------------------------------------------- */
/* Command-list slots. */

int msg_slot_kind_of(u32 opcode)
{
	switch (opcode) {
	case MSG_OP_CHAIN_EXEC_BUFFER_CF:
		return MSG_SLOT_CF;
	case MSG_OP_CHAIN_EXEC_DPU:
		return MSG_SLOT_DPU;
	case MSG_OP_CHAIN_EXEC_NPU:
		return MSG_SLOT_NPU;
	default:
		return -EOPNOTSUPP;
	}
}

u32 msg_slot_hdr_size(enum msg_slot_kind kind)
{
	switch (kind) {
	case MSG_SLOT_CF:
		return sizeof(struct msg_slot_cf);
	case MSG_SLOT_DPU:
		return sizeof(struct msg_slot_dpu);
	case MSG_SLOT_NPU:
		return sizeof(struct msg_slot_npu);
	default:
		return 0;
	}
}

/*
 * slot_max_args - the most args a slot of @kind and NPU @type may carry
 * (aie2_message.c @856409ca): DPU 34 (aie2_cmdlist_fill_dpu), NPU
 * PARTIAL_ELF / PREEMPT / ELF 26 (aie2_cmdlist_fill_npu_dpu / _preempt /
 * _elf, MAX_NPU_ARGS_SIZE); a CF slot and an NPU NON_ELF slot
 * (aie2_cmdlist_fill_cf, aie2_cmdlist_fill_npu_cf) only by the buffer.
 */
static u32 slot_max_args(enum msg_slot_kind kind, u32 type)
{
	switch (kind) {
	case MSG_SLOT_DPU:
		return MSG_SLOT_DPU_MAX_ARGS;
	case MSG_SLOT_NPU:
		return type == MSG_NPU_SLOT_NON_ELF ? UINT32_MAX : MSG_SLOT_NPU_MAX_ARGS;
	default:
		/* CF: bounded only by the 11-bit ERT count and the buffer. */
		return UINT32_MAX;
	}
}

int msg_cmdlist_append(enum msg_slot_kind kind, void *buf, size_t cap, size_t *used,
		       const struct msg_slot *slot)
{
	u32 hsz = msg_slot_hdr_size(kind);
	const struct msg_slot_npu *h;
	u8 *p = buf;
	size_t need;

	if (!hsz || !buf || !used || !slot)
		return -EINVAL;
	h = &slot->h;
	if (h->arg_cnt > slot_max_args(kind, h->type) || (h->arg_cnt && !slot->args))
		return -EINVAL;
	need = hsz + (size_t)h->arg_cnt * 4;
	if (*used > cap || cap - *used < need)
		return -ENOBUFS;
	p += *used;
	if (kind == MSG_SLOT_CF) {
		struct msg_slot_cf cf = { h->cu_idx, h->arg_cnt };

		memcpy(p, &cf, sizeof(cf));
	} else if (kind == MSG_SLOT_DPU) {
		struct msg_slot_dpu dpu = { h->inst_buf_addr, h->inst_size, h->inst_prop_cnt,
					    h->cu_idx, h->arg_cnt };

		memcpy(p, &dpu, sizeof(dpu));
	} else {
		memcpy(p, h, sizeof(*h));
	}
	if (h->arg_cnt)
		memcpy(p + hsz, slot->args, (size_t)h->arg_cnt * 4);
	*used += need;
	return 0;
}

/* Read the header of one slot at @p (its header size available) into @h. */
static void slot_read(enum msg_slot_kind kind, const u8 *p, struct msg_slot_npu *h)
{
	memset(h, 0, sizeof(*h));
	if (kind == MSG_SLOT_CF) {
		struct msg_slot_cf cf;

		memcpy(&cf, p, sizeof(cf));
		h->cu_idx = cf.cu_idx;
		h->arg_cnt = cf.arg_cnt;
	} else if (kind == MSG_SLOT_DPU) {
		struct msg_slot_dpu dpu;

		memcpy(&dpu, p, sizeof(dpu));
		h->inst_buf_addr = dpu.inst_buf_addr;
		h->inst_size = dpu.inst_size;
		h->inst_prop_cnt = dpu.inst_prop_cnt;
		h->cu_idx = dpu.cu_idx;
		h->arg_cnt = dpu.arg_cnt;
	} else {
		memcpy(h, p, sizeof(*h));
	}
}

int msg_cmdlist_parse(enum msg_slot_kind kind, const void *buf, size_t buf_size, u32 count,
		      struct msg_slot *slots, size_t cap, struct msg_err *err)
{
	u32 hsz = msg_slot_hdr_size(kind);
	const u8 *p = buf;
	size_t off = 0;

	if (!hsz || (!buf && buf_size) || (count && !slots))
		return msg__err(err, -EINVAL, 0, NULL, "bad arguments");
	if (count > cap)
		return msg__err(err, -EINVAL, 0, "count", "%u slots, room for %zu", count, cap);
	for (u32 i = 0; i < count; i++) {
		struct msg_slot_npu *s = &slots[i].h;

		if (buf_size - off < hsz)
			return msg__err(err, -EBADMSG, off, "slot",
					"slot %u header at %zu runs past %zu bytes", i, off,
					buf_size);
		slot_read(kind, p + off, s);
		if (s->arg_cnt > slot_max_args(kind, s->type))
			return msg__err(err, -EINVAL, off, "arg_cnt", "slot %u arg_cnt %u above %u",
					i, s->arg_cnt, slot_max_args(kind, s->type));
		if ((u64)s->arg_cnt * 4 > buf_size - off - hsz)
			return msg__err(err, -EBADMSG, off, "arg_cnt",
					"slot %u: %u args run past %zu bytes", i, s->arg_cnt,
					buf_size);
		if (kind == MSG_SLOT_NPU &&
		    (s->type < MSG_NPU_SLOT_NON_ELF || s->type > MSG_NPU_SLOT_ELF))
			return msg__err(err, -EINVAL, off, "type", "slot %u type %u outside 1..4",
					i, s->type);
		if (s->cu_idx >= MSG_MAX_NUM_CUS)
			return msg__err(err, -EINVAL, off, "cu_idx", "slot %u cu_idx %u above 31",
					i, s->cu_idx);
		slots[i].args = p + off + hsz;
		off += hsz + (size_t)s->arg_cnt * 4;
	}
	if (off != buf_size)
		return msg__err(err, -EBADMSG, off, "buf_size",
				"%u slots use %zu bytes, buf_size is %zu", count, off, buf_size);
	return 0;
}

/* ----------------------------------------------------------------------- */
/* Async error reports. */

int msg_err_report_parse(const void *buf, size_t len, struct msg_err_report_hdr *hdr,
			 struct msg_err *err)
{
	struct msg_err_report_hdr h;

	if (!hdr || (!buf && len))
		return msg__err(err, -EINVAL, 0, NULL, "bad arguments");
	if (len < sizeof(h))
		return msg__err(err, -EBADMSG, len, NULL, "%zu bytes cannot hold the header", len);
	memcpy(&h, buf, sizeof(h));
	if (h.err_cnt == 0 || h.err_cnt > MSG_ERR_MAX_RECORDS)
		return msg__err(err, -EINVAL, 0, "err_cnt", "err_cnt %u outside 1..681",
				h.err_cnt);
	if ((len - sizeof(h)) / sizeof(struct msg_err_record) < h.err_cnt)
		return msg__err(err, -EBADMSG, len, "err_cnt", "%u records do not fit in %zu bytes",
				h.err_cnt, len);
	*hdr = h;
	return 0;
}

int msg_err_report_record(const void *buf, size_t len, u32 idx, struct msg_err_record *rec)
{
	size_t off = sizeof(struct msg_err_report_hdr) + (size_t)idx * sizeof(*rec);

	if (!buf || !rec || off > len || len - off < sizeof(*rec))
		return -EBADMSG;
	memcpy(rec, (const u8 *)buf + off, sizeof(*rec));
	return 0;
}

struct ev_range {
	u8 lo, hi;
	u8 cat;
};

#define EV(lo, hi, c) { lo, hi, MSG_AIE_ERR_##c }

static const struct ev_range core_events[] = {
	EV(55, 55, ACCESS), EV(56, 57, STREAM), EV(58, 58, BUS), EV(59, 59, INSTRUCTION),
	EV(60, 60, ACCESS), EV(62, 62, ECC), EV(64, 64, ECC), EV(65, 66, ACCESS),
	EV(67, 67, LOCK), EV(70, 70, INSTRUCTION), EV(71, 71, STREAM), EV(72, 72, BUS),
};

static const struct ev_range core_mem_events[] = {
	EV(88, 88, ECC), EV(90, 90, ECC), EV(91, 96, MEM_PARITY), EV(97, 100, DMA),
	EV(101, 101, LOCK),
};

static const struct ev_range mem_tile_events[] = {
	EV(130, 130, ECC), EV(132, 132, ECC), EV(133, 134, DMA), EV(135, 137, STREAM),
	EV(138, 138, BUS), EV(139, 139, LOCK),
};

static const struct ev_range shim_events[] = {
	EV(64, 64, BUS), EV(65, 66, STREAM), EV(67, 71, BUS), EV(72, 73, DMA), EV(74, 74, LOCK),
};
#undef EV

static enum msg_aie_err_cat ev_lookup(const struct ev_range *t, size_t n, u8 ev)
{
	for (size_t i = 0; i < n; i++)
		if (ev >= t[i].lo && ev <= t[i].hi)
			return (enum msg_aie_err_cat)t[i].cat;
	return MSG_AIE_ERR_UNKNOWN;
}

enum msg_aie_err_cat msg_aie_err_classify(u32 module, enum msg_tile_kind tile, u8 event_id)
{
	if (module == MSG_ERR_MOD_CORE && tile == MSG_TILE_CORE)
		return ev_lookup(core_events, ARRAY_SIZE(core_events), event_id);
	if (module == MSG_ERR_MOD_MEMORY && tile == MSG_TILE_CORE)
		return ev_lookup(core_mem_events, ARRAY_SIZE(core_mem_events), event_id);
	if (module == MSG_ERR_MOD_MEMORY && tile == MSG_TILE_MEM)
		return ev_lookup(mem_tile_events, ARRAY_SIZE(mem_tile_events), event_id);
	if (module == MSG_ERR_MOD_SHIM && tile == MSG_TILE_SHIM)
		return ev_lookup(shim_events, ARRAY_SIZE(shim_events), event_id);
	return MSG_AIE_ERR_UNKNOWN;
}

u64 msg_aie_err_code(enum msg_aie_err_cat cat, u32 module)
{
	u64 mod;

	switch (module) {
	case MSG_ERR_MOD_CORE:
		mod = 3;
		break;
	case MSG_ERR_MOD_MEMORY:
		mod = 4;
		break;
	case MSG_ERR_MOD_SHIM:
		mod = 7;
		break;
	default:
		mod = 8;
		break;
	}
	return ((u64)cat + 3) | 4ULL << 16 | 3ULL << 24 | mod << 32 | 2ULL << 40;
}
