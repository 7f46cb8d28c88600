// SPDX-License-Identifier: MIT
/*
 * Invariant 6 against docs/driver/heap.md §11 item 6, and the stale firmware address
 * note (docs/driver/heap.md §14 item 9): the user munmaps or remaps a chunk a hwctx
 * holds; the driver does not re-send its address, so the firmware keeps
 * the one sent earlier until a restart.  sim_check() must pass and report
 * a note with the exact addresses; a restart re-sends the new address and
 * the note clears; a wrong address is still invariant 6.
 */
#include "tests/sim/sim_test_util.h"
#include "sim/sim_priv.h"

#include <errno.h>

#define NEW_UVA(c) (UVA0(c) + 8 * M64)

/* The stale_addr events of the log, in order, into @out (at most @max). */
static u32 stale_events(struct sim *sim, const struct sim_event **out, u32 max)
{
	u32 n = 0;

	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		if (e->type == SIM_EV_FW && e->kind == SIM_FW_STALE_ADDR && n < max)
			out[n++] = e;
	}
	return n;
}

static void assert_note(struct sim *sim, u32 i, u32 c, u32 h, u32 chunk, u64 sent, u64 now)
{
	const struct sim_note *n = sim_note_at(sim, i);

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->kind, SIM_NOTE_STALE_FW_ADDR);
	ck_assert_uint_eq(n->client, c);
	ck_assert_uint_eq(n->hwctx, h);
	ck_assert_uint_eq(n->chunk, chunk);
	ck_assert_uint_eq(n->sent, sent);
	ck_assert_uint_eq(n->now, now);
}

static void assert_event(const struct sim_event *e, u32 c, u32 h, u32 chunk, u64 sent, u64 now)
{
	ck_assert_uint_eq(e->client, c);
	ck_assert_uint_eq(e->obj, h);
	ck_assert_uint_eq(e->aux, chunk);
	ck_assert_uint_eq(e->addr, sent);
	ck_assert_uint_eq(e->size, now);
}

static void assert_fw_bufs(struct sim *sim, u32 c, u32 h, u64 b0, u64 b1)
{
	struct sim_fw_ctx_info fi;

	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 2);
	ck_assert_uint_eq(fi.bufs[0], b0);
	ck_assert_uint_eq(fi.bufs[1], b1);
}

static void check_passes(struct sim *sim)
{
	struct sim_violation v;
	int ret = sim_check(sim, &v);

	if (ret)
		ck_abort_msg("invariant sim.%d: %s", v.number, v.why);
	ck_assert_uint_eq(sim_violation_count(sim), 0);
}

/* HEAD, PASID: munmap chunk 0 under a live hwctx, remap it elsewhere, restart. */
START_TEST(test_head_munmap_remap_restart)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	const struct sim_event *ev[8];
	struct host_buf_msg m[8];
	struct sim_result r;
	struct two_chunks t;
	u64 from;

	setup_two_chunks(sim, ADDR_PASID, &t);
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 0);
	assert_fw_bufs(sim, t.c, t.h, UVA0(t.c), UVA0(t.c) + M64);

	/* munmap: the firmware keeps the old address; a note, no failure */
	ck_assert_int_eq(sim_munmap(sim, t.c, UVA0(t.c)), 0);
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 1);
	assert_note(sim, 0, t.c, t.h, 0, UVA0(t.c), INVALID);
	ck_assert_uint_eq(stale_events(sim, ev, 8), 1);
	assert_event(ev[0], t.c, t.h, 0, UVA0(t.c), INVALID);
	assert_fw_bufs(sim, t.c, t.h, UVA0(t.c), UVA0(t.c) + M64);

	/* remap at another address: still the old address in firmware */
	ck_assert_int_eq(sim_mmap(sim, t.c, t.ch0, NEW_UVA(t.c), &r), 0);
	ck_assert_uint_eq(r.addr, NEW_UVA(t.c));
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 1);
	assert_note(sim, 0, t.c, t.h, 0, UVA0(t.c), NEW_UVA(t.c));
	ck_assert_uint_eq(stale_events(sim, ev, 8), 2);
	assert_event(ev[1], t.c, t.h, 0, UVA0(t.c), NEW_UVA(t.c));
	assert_fw_bufs(sim, t.c, t.h, UVA0(t.c), UVA0(t.c) + M64);

	/* restart (suspend + resume): MAP(new address) + ADD, the note clears */
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_suspend(sim), 0);
	ck_assert_int_eq(sim_resume(sim), 0);
	ck_assert_uint_eq(host_buf_msgs(sim, from, m, 8), 2);
	ck_assert_uint_eq(m[0].opcode, OP_MAP);
	ck_assert_uint_eq(m[0].addr, NEW_UVA(t.c));
	ck_assert_uint_eq(m[1].opcode, OP_ADD);
	ck_assert_uint_eq(m[1].addr, UVA0(t.c) + M64);
	ck_assert_uint_eq(m[1].ctx, m[0].ctx);
	assert_fw_bufs(sim, t.c, t.h, NEW_UVA(t.c), UVA0(t.c) + M64);
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 0);
	ck_assert_uint_eq(stale_events(sim, ev, 8), 2);
	sim_destroy(sim);
}
END_TEST

/* Remapping at the address the firmware holds is no longer stale. */
START_TEST(test_head_remap_same_address)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	const struct sim_event *ev[8];
	struct two_chunks t;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_munmap(sim, t.c, UVA0(t.c)), 0);
	must_mmap(sim, t.c, t.ch0, UVA0(t.c));
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 0);
	ck_assert_uint_eq(stale_events(sim, ev, 8), 1);
	sim_destroy(sim);
}
END_TEST

/*
 * PR #1233, PASID: chunk 1 has no mapping of its own, its firmware address
 * is derived from chunk 0's uva; munmap of chunk 0 makes both stale.
 */
START_TEST(test_pr_munmap_derived_chunk)
{
	struct sim *sim = mk_sim("npu4", REV_PR1233, ADDR_PASID);
	const struct sim_event *ev[8];
	u32 c, ch0, h;

	c = must_open(sim);
	ch0 = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch0, UVA0(c));
	h = must_hwctx(sim, c);
	must_chunk(sim, c, M64);
	check_passes(sim);
	assert_fw_bufs(sim, c, h, UVA0(c), UVA0(c) + M64);
	ck_assert_int_eq(sim_munmap(sim, c, UVA0(c)), 0);
	check_passes(sim);
	ck_assert_uint_eq(sim_note_count(sim), 2);
	assert_note(sim, 0, c, h, 0, UVA0(c), INVALID);
	assert_note(sim, 1, c, h, 1, UVA0(c) + M64, INVALID);
	ck_assert_uint_eq(stale_events(sim, ev, 8), 2);
	assert_event(ev[0], c, h, 0, UVA0(c), INVALID);
	assert_event(ev[1], c, h, 1, UVA0(c) + M64, INVALID);
	sim_destroy(sim);
}
END_TEST

enum plant {
	PLANT_FW_WRONG,		/* firmware holds another address for unchanged chunk 1 */
	PLANT_SENT_CHUNK0,	/* driver sent chunk 0's address for chunk 1 (past PR bug) */
	PLANT_FW_MISSING,	/* firmware lost the last piece */
	PLANT_FIRST_ADD,	/* the first piece was sent as ADD */
	PLANT_OLD_CTX,		/* a piece recorded for an earlier context */
	PLANT_NR
};

/* With chunk 0 stale (a note), every planted error is still invariant 6. */
START_TEST(test_planted_still_caught)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_violation v;
	struct two_chunks t;
	struct sim_client *c;
	struct sim_hwctx *h;
	struct fw_ctx *x;

	setup_two_chunks(sim, ADDR_PASID, &t);
	ck_assert_int_eq(sim_munmap(sim, t.c, UVA0(t.c)), 0);
	check_passes(sim);
	x = two_chunks_fw(sim, &t, &c, &h);
	switch (_i) {
	case PLANT_FW_WRONG:
		x->bufs[1] += 0x1000;
		break;
	case PLANT_SENT_CHUNK0:
		x->bufs[1] = UVA0(t.c);
		h->sent[1].addr = UVA0(t.c);
		break;
	case PLANT_FW_MISSING:
		x->nbufs--;
		break;
	case PLANT_FIRST_ADD:
		h->sent[0].map = false;
		break;
	case PLANT_OLD_CTX:
		h->sent[1].fw_ctx++;
		break;
	}
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 6);
	ck_assert_uint_eq(v.client, t.c);
	ck_assert_uint_eq(v.obj, t.h);
	sim_destroy(sim);
}
END_TEST

Suite *sim_stale_suite(void)
{
	Suite *s = suite_create("sim_stale");
	TCase *tc = tcase_create("inv6");

	tcase_add_test(tc, test_head_munmap_remap_restart);
	tcase_add_test(tc, test_head_remap_same_address);
	tcase_add_test(tc, test_pr_munmap_derived_chunk);
	tcase_add_loop_test(tc, test_planted_still_caught, 0, PLANT_NR);
	suite_add_tcase(s, tc);
	return s;
}
