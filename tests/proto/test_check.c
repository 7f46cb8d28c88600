// SPDX-License-Identifier: MIT
/*
 * The invariant checkers fire for each numbered invariant, and the trace
 * ring keeps, drops and forwards records as documented.
 */
#include "tests/proto/proto_test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A live channel with traffic, to corrupt copies of. */
static void busy_chan(struct pt_chan *c)
{
	u32 w = 1;

	pt_chan_init(c, 256, 256, false, MBOX_FLAVOR_OOT, 0, 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(mbox_chan_send(c->chan, MSG_OP_CONFIG_CU, &w, 4, NULL, NULL, NULL),
				 0);
}

static void expect_chan(const struct mbox_chan *ch, const char *id)
{
	char why[160] = "";

	ck_assert_int_eq(mbox_check(ch, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, id, strlen(id)) == 0 && why[strlen(id)] == ':',
		      "expected %s, got '%s'", id, why);
}

static void expect_hw(const struct mbox_hw *hw, const char *id)
{
	char why[160] = "";

	ck_assert_int_eq(mbox_hw_check(hw, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(strncmp(why, id, strlen(id)) == 0, "expected %s, got '%s'", id, why);
}

START_TEST(test_chan_invariants_fire)
{
	struct mbox_chan *x = malloc(sizeof(*x));
	struct pt_chan c;
	int used = -1;

	ck_assert_ptr_nonnull(x);
	busy_chan(&c);
	mbox_assert_ok(c.chan);
#define RESET() memcpy(x, c.chan, sizeof(*x))
	RESET();
	x->hw = NULL;
	expect_chan(x, "mbox.C1");
	RESET();
	x->x2i_tail += 4;
	expect_chan(x, "mbox.C2");
	RESET();
	x->x2i_tail = 257;
	expect_chan(x, "mbox.C2");
	RESET();
	x->i2x_head = 8;
	expect_chan(x, "mbox.C3");
	RESET();
	x->nr_pending++;
	expect_chan(x, "mbox.C4");
	RESET();
	x->next_slot = 256;
	expect_chan(x, "mbox.C4");
	for (int s = 0; s < 256; s++)
		if (c.chan->pending[s].used) {
			used = s;
			break;
		}
	ck_assert_int_ge(used, 0);
	RESET();
	x->pending[used].seq = x->next_seq;
	expect_chan(x, "mbox.C5");
	RESET();
	x->pending[used + 1].seq = x->pending[used].seq;
	expect_chan(x, "mbox.C5");
	RESET();
	x->bad = true;
	expect_chan(x, "mbox.C6");
	RESET();
	x->bad_reason = MBOX_BAD_ORDER;
	expect_chan(x, "mbox.C6");
	RESET();
	x->stopped = true;
	expect_chan(x, "mbox.C7");
	RESET();
	x->last_resp_id = MBOX_ID_MAGIC | 256;
	expect_chan(x, "mbox.C8");
	RESET();
	x->last_resp_id = 1;
	expect_chan(x, "mbox.C8");
#undef RESET
	free(x);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_hw_invariants_fire)
{
	struct pt_chan c;
	struct mbox_hw x;

	busy_chan(&c);
	x = c.hw;
	x.ring[MBOX_I2X].size = 100;
	expect_hw(&x, "mbox.H1");
	x = c.hw;
	x.ring[MBOX_X2I].mem = NULL;
	expect_hw(&x, "mbox.H1");
	x = c.hw;
	x.ring[MBOX_X2I].head = 6;
	expect_hw(&x, "mbox.H2");
	x = c.hw;
	x.ring[MBOX_I2X].tail = 260;
	expect_hw(&x, "mbox.H2");
	x = c.hw;
	x.violations = 1u << 30;
	expect_hw(&x, "mbox.H3");
	x = c.hw;
	x.fw_broken = true;
	expect_hw(&x, "mbox.H3");
	x.violations = MBOX_V_BIT(MBOX_V_OVERRUN);
	mbox_hw_assert_ok(&x);
	pt_chan_fini(&c);
}
END_TEST

START_TEST(test_hw_init_rejects_bad_sizes)
{
	struct mbox_hw_cfg cfg = { .x2i_size = 4096, .i2x_size = 4096 };
	u8 mem[64];
	struct mbox_hw hw;

	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), 0);
	mbox_hw_fini(&hw);
	cfg.i2x_size = 4095;
	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), -EINVAL);
	cfg.i2x_size = 16;
	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), -EINVAL);
	cfg.i2x_size = 1u << 25;
	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), -EINVAL);
	/* Caller memory is used, not freed. */
	cfg.i2x_size = 64;
	cfg.i2x_mem = mem;
	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), 0);
	ck_assert_ptr_eq(hw.ring[MBOX_I2X].mem, mem);
	ck_assert_int_eq(mbox_hw_write_mem(&hw, MBOX_I2X, 60, mem, 4), 0);
	ck_assert_int_eq(mbox_hw_write_mem(&hw, MBOX_I2X, 61, mem, 4), -EINVAL);
	ck_assert_int_eq(mbox_hw_write_mem(&hw, MBOX_I2X, 0xFFFFFFFF, mem, 4), -EINVAL);
	ck_assert_int_eq(mbox_hw_write_reg(&hw, MBOX_REG_COUNT, 1), -EINVAL);
	ck_assert_uint_eq(mbox_hw_read_reg(&hw, MBOX_REG_COUNT), 0);
	mbox_hw_fini(&hw);
	/* A host channel refuses registers it could not use. */
	cfg.i2x_mem = NULL;
	ck_assert_int_eq(mbox_hw_init(&hw, &cfg), 0);
	hw.ring[MBOX_X2I].tail = 6;
	{
		struct proto_clock clk = { 0 };
		struct mbox_chan_cfg cc = { .clock = &clk };
		struct mbox_chan *ch = NULL;

		ck_assert_int_eq(mbox_chan_create(&hw, &cc, &ch), -EINVAL);
		hw.ring[MBOX_X2I].tail = 8;
		hw.ring[MBOX_I2X].head = 68;
		ck_assert_int_eq(mbox_chan_create(&hw, &cc, &ch), -EINVAL);
		hw.ring[MBOX_I2X].head = 64;
		hw.iohub = 1;
		ck_assert_int_eq(mbox_chan_create(&hw, &cc, &ch), 0);
		/* Adopted positions; IOHUB acknowledged. */
		ck_assert_uint_eq(ch->x2i_tail, 8);
		ck_assert_uint_eq(ch->i2x_head, 64);
		ck_assert_uint_eq(hw.iohub, 0);
		mbox_chan_destroy(ch);
	}
	mbox_hw_fini(&hw);
}
END_TEST

struct sink_count {
	u64 n;
	u64 last_seq;
};

static void count_sink(void *arg, const struct mbox_trace_rec *rec)
{
	struct sink_count *s = arg;

	s->n++;
	s->last_seq = rec->seq;
}

START_TEST(test_trace_ring_semantics)
{
	struct mbox_trace t;
	struct sink_count sc = { 0 };
	struct mbox_trace_rec rec = { 0 };

	ck_assert_int_eq(mbox_trace_init(&t, 4), 0);
	mbox_trace_set_sink(&t, count_sink, &sc);
	for (u32 i = 0; i < 10; i++) {
		rec.opcode = i;
		mbox_trace_emit(&t, &rec);
		ck_assert_uint_eq(rec.seq, i);
	}
	ck_assert_uint_eq(t.total, 10);
	ck_assert_uint_eq(t.dropped, 6);
	ck_assert_uint_eq(mbox_trace_count(&t), 4);
	for (u32 i = 0; i < 4; i++) {
		ck_assert_uint_eq(mbox_trace_get(&t, i)->seq, 6 + i);
		ck_assert_uint_eq(mbox_trace_get(&t, i)->opcode, 6 + i);
	}
	ck_assert_ptr_null(mbox_trace_get(&t, 4));
	ck_assert_uint_eq(sc.n, 10);
	ck_assert_uint_eq(sc.last_seq, 9);
	mbox_trace_clear(&t);
	ck_assert_uint_eq(mbox_trace_count(&t), 0);
	mbox_trace_emit(&t, &rec);
	ck_assert_uint_eq(rec.seq, 10);
	ck_assert_uint_eq(mbox_trace_get(&t, 0)->seq, 10);
	mbox_trace_fini(&t);
	/* Capacity 0: forward only. */
	ck_assert_int_eq(mbox_trace_init(&t, 0), 0);
	mbox_trace_set_sink(&t, count_sink, &sc);
	mbox_trace_emit(&t, &rec);
	ck_assert_uint_eq(mbox_trace_count(&t), 0);
	ck_assert_uint_eq(sc.n, 12);
	mbox_trace_fini(&t);
	mbox_trace_emit(NULL, &rec);
	ck_assert_str_eq(mbox_ev_name(MBOX_EV_MGMT_TIMEOUT), "mgmt_timeout");
	ck_assert_str_eq(mbox_ev_name(99), "?");
	ck_assert_str_eq(mbox_violation_name(MBOX_V_OVERWRITE), "overwrite");
	ck_assert_str_eq(mbox_bad_reason_name(MBOX_BAD_UNKNOWN_ID), "unknown_id");
}
END_TEST

/* A full exchange leaves exactly the driver's tracepoint pairs plus fw events. */
START_TEST(test_trace_of_one_exchange)
{
	static const u8 want[] = { MBOX_EV_HOST_TX, MBOX_EV_FW_RX, MBOX_EV_FW_TX, MBOX_EV_HOST_RX };
	struct mbox_fw_msg fm;
	struct pt_chan c;
	u32 id, w = 0, st = FW_STATUS_APP_INVALID_INSTR;
	u8 buf[16];

	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_UP, 0, 0);
	c.clock.now_ns = 42;
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SYNC_BO, &w, 4, NULL, NULL, &id), 0);
	c.clock.now_ns = 50;
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, &st, 4), 0);
	c.clock.now_ns = 60;
	ck_assert_int_eq(mbox_chan_rx(c.chan), 1);
	ck_assert_uint_eq(mbox_trace_count(&c.trace), 4);
	for (u32 i = 0; i < 4; i++) {
		const struct mbox_trace_rec *r = mbox_trace_get(&c.trace, i);

		ck_assert_uint_eq(r->event, want[i]);
		ck_assert_uint_eq(r->id, id);
		ck_assert_uint_eq(r->opcode, MSG_OP_SYNC_BO);
		ck_assert_uint_eq(r->size, 4);
		ck_assert_uint_eq(r->chan_id, 1);
		ck_assert_uint_eq(r->msix, 3);
	}
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 0)->time_ns, 42);
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 0)->dir, MBOX_DIR_X2I);
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 2)->status, FW_STATUS_APP_INVALID_INSTR);
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 3)->time_ns, 60);
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 3)->dir, MBOX_DIR_I2X);
	ck_assert_uint_eq(mbox_trace_get(&c.trace, 3)->status, FW_STATUS_APP_INVALID_INSTR);
	pt_chan_fini(&c);
}
END_TEST

/* proto_clock_wait(): the contract of clock.h. */
static u64 hook_target;

static void partial_hook(struct proto_clock *clk, u64 until)
{
	clk->now_ns = hook_target < until ? hook_target : until + 5;
}

START_TEST(test_clock_wait_contract)
{
	struct proto_clock clk = { .now_ns = 100 };
	bool done = false;

	proto_clock_wait(&clk, 50, NULL);	/* the past: nothing */
	ck_assert_uint_eq(clk.now_ns, 100);
	proto_clock_wait(&clk, 200, NULL);	/* no hook: jump */
	ck_assert_uint_eq(clk.now_ns, 200);
	clk.wait = partial_hook;
	hook_target = 250;			/* hook stops early at an event */
	proto_clock_wait(&clk, 300, NULL);
	ck_assert_uint_eq(clk.now_ns, 250);
	hook_target = 1000;			/* hook overshoots: clamped */
	proto_clock_wait(&clk, 300, NULL);
	ck_assert_uint_eq(clk.now_ns, 300);
	hook_target = 300;			/* no progress: forced to the target */
	proto_clock_wait(&clk, 400, NULL);
	ck_assert_uint_eq(clk.now_ns, 400);
	done = true;				/* ...unless the waiter completed */
	hook_target = 400;
	proto_clock_wait(&clk, 500, &done);
	ck_assert_uint_eq(clk.now_ns, 400);
}
END_TEST

/* The MSI-X hook can run the receive worker at once. */
struct irq_ctx {
	struct mbox_chan *chan;
	int calls;
	int delivered;
};

static void irq_hook(void *arg, struct mbox_hw *hw)
{
	struct irq_ctx *x = arg;

	x->calls++;
	ck_assert_uint_eq(hw->iohub, 1);
	x->delivered += mbox_chan_rx(x->chan);
}

START_TEST(test_msix_hook_and_fw_registers)
{
	struct irq_ctx x = { 0 };
	struct mbox_fw_msg fm;
	struct pt_chan c;
	u32 id, w = 0;
	u8 buf[16];

	pt_chan_init(&c, 256, 256, false, MBOX_FLAVOR_UP, 0, 0);
	c.hw.cfg.irq = irq_hook;
	c.hw.cfg.irq_arg = &x;
	x.chan = c.chan;
	ck_assert(!mbox_fw_pending(&c.hw));
	ck_assert_int_eq(mbox_chan_send(c.chan, MSG_OP_SYNC_BO, &w, 4, NULL, NULL, &id), 0);
	ck_assert(mbox_fw_pending(&c.hw));
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), 0);
	ck_assert(!mbox_fw_pending(&c.hw));
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, &w, 4), 0);
	ck_assert_int_eq(x.calls, 1);
	ck_assert_int_eq(x.delivered, 1);
	ck_assert_uint_eq(c.hw.iohub, 0);
	ck_assert_uint_eq(c.chan->nr_pending, 0);
	/* Impossible register values: the firmware end refuses, untouched. */
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_HEAD, 7);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, &w, 4), -EIO);
	mbox_hw_write_reg(&c.hw, MBOX_REG_I2X_HEAD, 20);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, &w, 0), -EINVAL);
	ck_assert_int_eq(mbox_fw_send(&c.hw, MSG_OP_SYNC_BO, id, NULL, 4), -EINVAL);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_HEAD, 0x401);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_TAIL, 20);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)), -EIO);
	ck_assert(!c.hw.fw_broken);
	ck_assert_int_eq(mbox_fw_recv(&c.hw, NULL, buf, sizeof(buf)), -EINVAL);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_HEAD, 20);
	mbox_hw_write_reg(&c.hw, MBOX_REG_X2I_TAIL, 20);
	mbox_hw_write_reg(&c.hw, MBOX_REG_IOHUB, 5);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_IOHUB), 5);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_I2X_HEAD), 20);
	ck_assert_uint_eq(mbox_hw_read_reg(&c.hw, MBOX_REG_X2I_TAIL), 20);
	pt_chan_fini(&c);
}
END_TEST

Suite *proto_check_suite(void)
{
	Suite *s = suite_create("proto_check");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, test_chan_invariants_fire);
	tcase_add_test(tc, test_hw_invariants_fire);
	tcase_add_test(tc, test_hw_init_rejects_bad_sizes);
	tcase_add_test(tc, test_trace_ring_semantics);
	tcase_add_test(tc, test_trace_of_one_exchange);
	tcase_add_test(tc, test_clock_wait_contract);
	tcase_add_test(tc, test_msix_hook_and_fw_registers);
	suite_add_tcase(s, tc);
	return s;
}
