// SPDX-License-Identifier: MIT
/*
 * test_sim_revisions.c - each revision's distinguishing behaviour
 * (docs/driver/revisions.md), run on every revision with the exact address,
 * errno and message count each one must give: the behaviour shows on the
 * revisions that have it and not on the others.
 */
#include "tests/sim/sim_test_util.h"
#include "sim/sim_priv.h"
#include "proto/msg_wire.h"

#include <errno.h>
#include <string.h>


/* @r is one of @mask, a proposal counting as its base (it changes none of these flows) */
static bool is(enum drv_rev r, u32 mask)
{
	return mask & REV_BIT(drv_rev_base(r));
}

static struct sim *rev_sim(int rev, int mode)
{
	struct sim_config cfg;
	struct sim *sim = NULL;

	sim_config_default(&cfg);
	cfg.rev = (enum drv_rev)rev;
	cfg.mode = (enum addr_mode)mode;
	cfg.no_autosuspend = true;
	cfg.seed = test_seed();
	ck_assert_int_eq(sim_create(&cfg, &sim), 0);
	return sim;
}

static u32 pm_events(struct sim *sim, u16 kind)
{
	u32 n = 0;

	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		n += e->type == SIM_EV_PM && e->kind == kind;
	}
	return n;
}

/* A client whose first 64 MiB chunk (returned in *@ch) is mmapped at UVA0. */
static u32 open_mapped(struct sim *sim, u32 *ch)
{
	u32 c = must_open(sim);

	*ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, *ch, UVA0(c));
	return c;
}

/* Fail the @nth call of @site from now on. */
static void fail_nth(struct sim *sim, const char *site, u64 nth)
{
	u64 calls = sim_fault_calls(sim, site);
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH, .n = calls + nth };

	ck_assert_int_eq(sim_fault_program_at(sim, site, &pol, calls, 0), 0);
}

/*
 * PR #1705: a DEV BO whose handle is closed while a job holds the object.
 * The hwctx's four 4 KiB command buffers sit at 0x04000000..0x04018000, A at
 * 0x04020000.  With the range freed at the last handle close (pr1705,
 * upstream) the next 4 KiB BO takes A's address while the job still holds A;
 * every other revision keeps A's range until the job lets go of the object.
 */
START_TEST(test_rev_freed_bo_placement)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	u64 want = is(rev, REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM)) ? 0x04020000 : 0x04028000;
	struct sim_result r;
	u32 c, h, a, b;
	u64 addr = 0x04020000;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &a,
				     .hang = true };

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	h = must_hwctx(sim, c);
	a = must_dev_bo(sim, c, 0x1000, 0x04020000);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_PENDING);
	ck_assert_int_eq(sim_gem_close(sim, c, a), 0);
	b = must_dev_bo(sim, c, 0x1000, want);
	sim_assert_ok(sim);
	/* CONFIG_CU holds its CU BO the same way (5d268cc8) */
	ck_assert_int_eq(sim_gem_close(sim, c, b), 0);
	sim_destroy(sim);
}
END_TEST

START_TEST(test_rev_freed_cu_bo_placement)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	u64 want = is(rev, REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM)) ? 0x04020000 : 0x04028000;
	struct sim_result r;
	u32 c, h, cu;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	h = must_hwctx(sim, c);
	cu = must_dev_bo(sim, c, 0x1000, 0x04020000);
	ck_assert_int_eq(sim_config_cu(sim, c, h, &cu, 1, &r), 0);
	ck_assert_int_eq(sim_gem_close(sim, c, cu), 0);
	must_dev_bo(sim, c, 0x1000, want);
	sim_assert_ok(sim);
	ck_assert_int_eq(sim_close(sim, c), 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * An IOVA DEV BO in chunk 0 that was never mmapped, then after an mmap and
 * munmap of the chunk.  856409ca needs the DMA address only (set at the
 * handle's open); upstream needs a CPU address in every mode and keeps it
 * after munmap; PR #1233 wants chunk 0 mmapped (-EINVAL); aba33e95 wants
 * every chunk's uva (-EAGAIN), cleared again by the munmap.
 */
START_TEST(test_rev_iova_unmapped_chunk)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_IOVA);
	int first = rev == REV_UPSTREAM || rev == REV_PR1279 ? -EAGAIN :
		    rev == REV_PR1233 ? -EINVAL : 0;
	int second = rev == REV_PR1279 ? -EAGAIN : rev == REV_PR1233 ? -EINVAL : 0;
	u64 second_addr = first ? 0x04000000 : 0x04008000;
	struct sim_result r;
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64);

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), first);
	if (!first)
		ck_assert_uint_eq(r.addr, 0x04000000);
	must_mmap(sim, c, ch, UVA0(c));
	ck_assert_int_eq(sim_munmap(sim, c, UVA0(c)), 0);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x1000, 0, &r), second);
	if (!second)
		ck_assert_uint_eq(r.addr, second_addr);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * A hwctx created while chunk 1 (of 2) was never mmapped, PASID.  PR #1279
 * defers it (aba33e95 aie2_hwctx_heap_expand(): "chunk not yet mmapped,
 * deferring FW notify"): one MAP, no ADD, and no invariant 8 (a new hwctx
 * covers every chunk) since the revision covers them only up to the first
 * unmapped one.  The others register both chunks: PR #1233 at the address
 * derived from chunk 0's uva, 856409ca onwards at ~0 (invariant 10,
 * docs/driver/heap.md §14 item 1).
 */
START_TEST(test_rev_hwctx_defers_unmapped_chunk)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct host_buf_msg m[4];
	u32 c = must_open(sim), ch = must_chunk(sim, c, M64);
	bool defers = rev == REV_PR1279, pr = defers || rev == REV_PR1233;

	must_mmap(sim, c, ch, UVA0(c));
	must_chunk(sim, c, M64);
	must_hwctx(sim, c);
	ck_assert_uint_eq(host_buf_msgs(sim, 0, m, 4), (defers ? 1u : 2u));
	ck_assert_uint_eq(violations_of(sim, 8), 0);
	ck_assert_uint_eq(violations_of(sim, 10), (pr ? 0u : 1u));
	sim_destroy(sim);
}
END_TEST

/*
 * PR #1670: the SMU DPM request fails at hwctx creation.  Before it the
 * firmware context leaks (no DESTROY_CONTEXT, a ctx_leak event); from it on
 * the solver unloads the context: exactly one DESTROY_CONTEXT, no leak.
 */
START_TEST(test_rev_dpm_failure)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	bool fixed = is(rev, REV_BIT(REV_PR1670) | REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM));
	struct sim_result r;
	u32 c, leaks = 0;
	u64 from;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	fail_nth(sim, "smu.dpm", 1);
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -EINVAL);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CREATE_CTX), 1);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_DESTROY_CTX), fixed ? 1 : 0);
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		leaks += e->type == SIM_EV_FW && e->kind == SIM_FW_CTX_LEAK;
	}
	ck_assert_uint_eq(leaks, fixed ? 0 : 1);
	ck_assert_uint_eq(sim->fw.leaked != 0, !fixed);
	/* the next creation gets a context either way */
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), 0);
	sim_destroy(sim);
}
END_TEST

/*
 * A restart (TDR) whose CREATE_CONTEXT succeeds and whose ADD for chunk 1
 * fails keeps the new context (every revision, aie2_hwctx_restart): no
 * DESTROY_CONTEXT, the firmware holds chunk 0 only.  The watermark stays at
 * chunk 1 (xarray design, and aba33e95 whose re-send returns before touching
 * the pins), so the next chunk's ADD puts chunk 2 right after chunk 0, in
 * chunk 1's window: invariant 6.  PR #1233's map_heap released every chunk.
 */
START_TEST(test_rev_restart_failure_keeps_context)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	bool keeps = rev != REV_PR1233;
	struct sim_fw_ctx_info fi;
	struct sim_violation v;
	struct sim_result r;
	u32 c, h;
	u64 from;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	h = must_hwctx(sim, c);
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r), 0);
	ck_assert_uint_eq(r.expansions, 1);
	fail_nth(sim, "fw.ADD_HOST_BUFFER", 1);
	from = sim_fw_msg_count(sim);
	ck_assert_int_ne(sim_tdr(sim, c, h, SIM_HEALTH_OK), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_DESTROY_CTX), 1); /* the stop, before */
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CREATE_CTX), 1);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_MAP), 1);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_ADD), 1);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 1);
	ck_assert_uint_eq(fi.bufs[0], UVA0(c));
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 6);
	if (!keeps) {
		/* PR #1233's map_heap released every chunk: nothing more is sent */
		ck_assert_uint_eq(heap_attach_count(&sim->clients->hwctxs->att), 0);
		sim_destroy(sim);
		return;
	}
	ck_assert_uint_eq(heap_attach_count(&sim->clients->hwctxs->att), 2);
	/* chunk 2: update_heap (aba33e95: the DEV BO notification) appends it after chunk 0 */
	ck_assert_int_eq(sim_shim_alloc_dev_bo(sim, c, 32ULL << 20, &r), 0);
	ck_assert_uint_eq(r.expansions, 1);
	ck_assert_int_eq(sim_fw_ctx_info(sim, c, h, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 2);
	ck_assert_uint_eq(fi.bufs[1], UVA0(c) + 2 * M64);
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_int_eq(v.number, 6);
	ck_assert_str_eq(v.why, "hwctx 1 fw ctx 0 host buffer 1 holds chunk 2 (0x7e0108000000), "
				"but position 1 is the device window 0x8000000 of chunk 1");
	sim_destroy(sim);
}
END_TEST

/*
 * Power cycle with client A (hwctxs a1, a2) and client B (b1); a1's
 * CREATE_CONTEXT fails.  aie2_hw_reset resumes every client but a client's
 * walk stops at its first failure: a2 is not restarted, b1 is.  Two
 * CREATE_CONTEXT after the power cycle, not three.
 */
START_TEST(test_rev_power_cycle_walk)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	u32 a, b, a1, a2, b1;
	u64 from;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	a = r.handle;
	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	b = r.handle;
	a1 = must_hwctx(sim, a);
	a2 = must_hwctx(sim, a);
	b1 = must_hwctx(sim, b);
	fail_nth(sim, "fw.CREATE_CONTEXT", 1);
	from = sim_fw_msg_count(sim);
	ck_assert_int_ne(sim_power_cycle(sim), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CREATE_CTX), 2);
	ck_assert_int_ne(sim_fw_ctx_info(sim, a, a1, &fi), 0);
	ck_assert_int_ne(sim_fw_ctx_info(sim, a, a2, &fi), 0);
	ck_assert_int_eq(sim_fw_ctx_info(sim, b, b1, &fi), 0);
	ck_assert_uint_eq(fi.nbufs, 1);
	sim_destroy(sim);
}
END_TEST

/*
 * A chain reply with an error status and fail_cmd_status 0 (an exec before
 * any CONFIG_CU: the context is not ready) makes the reply callback fail:
 * the job ends ABORT and the user channel is bad for good, so the next exec
 * cannot be sent (-EPIPE).  Every revision.
 */
START_TEST(test_rev_chain_reply_kills_channel)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_result r;
	u32 c, h, bo;
	u64 addr = 0x04020000, from;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &bo };

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	h = must_hwctx(sim, c);
	bo = must_dev_bo(sim, c, 0x1000, 0x04020000);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 0);
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_ABORT);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 1);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), -EPIPE);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CHAIN_NPU), 1);
	sim_destroy(sim);
}
END_TEST

/*
 * A shim client with one hwctx whose CU 0 is configured (its PDI at
 * 0x04020000) and a 4 KiB DEV BO at 0x04028000 for the commands.
 */
static void cu_ctx(struct sim *sim, u32 *c, u32 *h, u32 *bo)
{
	struct sim_result r;
	u32 cu;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	*c = r.handle;
	*h = must_hwctx(sim, *c);
	cu = must_dev_bo(sim, *c, 0x1000, 0x04020000);
	ck_assert_int_eq(sim_config_cu(sim, *c, *h, &cu, 1, &r), 0);
	*bo = must_dev_bo(sim, *c, 0x1000, 0x04028000);
}

/*
 * The other half of aie2_sched_cmdlist_resp_handler() (aie2_ctx.c @856409ca):
 * a chain reply whose size is not 12 bytes ends the job ABORT and returns
 * -EINVAL, so the user channel is bad for good: the next exec is -EPIPE.
 * The reply (8 bytes) is posted on the hwctx's own channel for a hung job.
 * Every revision.
 */
START_TEST(test_rev_chain_reply_wrong_size)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_result r;
	struct sim_hwctx *hx;
	u32 c, h, bo, word[2] = { 0, 0 };
	u64 addr = 0x04028000;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &bo,
				     .hang = true };

	cu_ctx(sim, &c, &h, &bo);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_PENDING);
	hx = drv_hwctx_find(sim_client_find(sim, c), h);
	ck_assert_ptr_nonnull(hx);
	ck_assert_uint_eq(hx->njobs, 1);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 0);
	ck_assert_int_eq(mbox_fw_send(hx->uch->hw, MSG_OP_CHAIN_EXEC_NPU, hx->jobs[0].msg_id, word,
				      sizeof(word)), 0);
	mbox_fw_raise_irq(hx->uch->hw);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 1);
	cmd.hang = false;
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), -EPIPE);
	sim_destroy(sim);
}
END_TEST

/*
 * A late reply kills the channel (every revision: aie2_sched_job_timedout()
 * sets job->job_timeout before aie2_hwctx_stop(); mailbox_rx_worker() runs
 * without dev_lock; aie2_sched_cmdlist_resp_handler() then takes its
 * job_timeout branch, TIMEOUT and -EINVAL, and mailbox_get_msg()'s error
 * sets bad_state: aie2_ctx.c and amdxdna_mailbox.c at f2c31c79, aba33e95,
 * 856409ca).  Two jobs held for a late answer; the handler marks the
 * first; the worker then processes both replies: the first ends TIMEOUT and
 * sends the channel bad, so the second reply is never read and the stop
 * ends that job ABORT though its command completed.  The restart's new
 * channel (xdna_mailbox_start_channel: bad_state = false) runs again.
 * PR #1710 (pr1710) has no job_timeout flag: its worker marks nothing and
 * does all its work in the restart half, so both replies complete their
 * jobs, no channel goes bad, and the stop and restart find no job.
 */
START_TEST(test_rev_late_reply_kills_channel)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	bool p = rev == REV_PR1710;
	struct sim_result r;
	struct sim_hwctx *hx;
	u32 c, h, bo;
	u64 addr = 0x04028000;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &bo,
				     .late = true };

	cu_ctx(sim, &c, &h, &bo);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_PENDING);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_PENDING);
	hx = drv_hwctx_find(sim_client_find(sim, c), h);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_MARK), 0);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_MARK), -EBUSY);
	ck_assert_int_eq(sim_tdr(sim, c, h, SIM_HEALTH_OK), -EBUSY);
	ck_assert_uint_eq(hx->njobs, 2);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 0);
	ck_assert_int_eq(sim_mbox_rx(sim, c, h), 0);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), p ? 0 : 1);
	ck_assert_uint_eq(hx->njobs, p ? 0 : 1);
	if (!p)
		ck_assert_uint_eq(hx->jobs[0].seq, 2);
	ck_assert_int_eq(last_job_state(sim, h), p ? SIM_CMD_COMPLETED : SIM_CMD_TIMEOUT);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_STOP), 0);
	ck_assert_uint_eq(hx->njobs, 0);
	ck_assert_int_eq(last_job_state(sim, h), p ? SIM_CMD_COMPLETED : SIM_CMD_ABORT);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_RESTART), 0);
	cmd.late = false;
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_uint_eq(r.state, SIM_CMD_COMPLETED);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * The other orders of the same reply: processed before the handler marks
 * the job, it completes it (the handler then stops and restarts an idle
 * context); not processed before the stop, the held command goes with the
 * firmware context and the stop's release ends the job TIMEOUT
 * (xdna_mailbox_stop_channel() calls the handler without data); the
 * worker run afterwards finds nothing.  No channel goes bad.  PR #1710's
 * `stop` half only sees the stall (everything is in its restart half), so
 * the reply processed after it still completes the job.
 */
START_TEST(test_rev_reply_before_mark_after_stop)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	bool p = rev == REV_PR1710;
	struct sim_result r;
	u32 c, h, bo, nev;
	u64 addr = 0x04028000;
	struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &bo,
				     .late = true };

	cu_ctx(sim, &c, &h, &bo);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_int_eq(sim_mbox_rx(sim, c, h), 0);
	ck_assert_int_eq(last_job_state(sim, h), SIM_CMD_COMPLETED);
	ck_assert_int_eq(sim_tdr(sim, c, h, SIM_HEALTH_OK), 0);
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_MARK), 0);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_STOP), 0);
	ck_assert_uint_eq(drv_hwctx_find(sim_client_find(sim, c), h)->njobs, p ? 1 : 0);
	ck_assert_int_eq(last_job_state(sim, h), p ? SIM_CMD_NEW : SIM_CMD_TIMEOUT);	/* NEW: sent */
	nev = (u32)sim_event_count(sim);
	ck_assert_int_eq(sim_mbox_rx(sim, c, h), 0);
	ck_assert_uint_eq(drv_hwctx_find(sim_client_find(sim, c), h)->njobs, 0);
	ck_assert_int_eq(sim_tdr_stage(sim, c, h, SIM_HEALTH_OK, SIM_TDR_RESTART), 0);
	ck_assert_int_eq(sim_mbox_rx(sim, c, h), 0);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_CHAN_BAD), 0);
	ck_assert_int_eq(last_job_state(sim, h), p ? SIM_CMD_COMPLETED : SIM_CMD_TIMEOUT);
	ck_assert_uint_gt(sim_event_count(sim), nev);	/* the op records, no job */
	ck_assert_int_eq(sim_mbox_rx(sim, c, h + 100), -EINVAL);
	ck_assert_int_eq(sim_mbox_rx(sim, c + 100, h), -EBADF);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * pr1705 / upstream amdxdna_init_dev_bo() xa_insert()s every chunk its walk
 * accepts into the DEV BO's own chunk list; a failed insert removes the node
 * and fails the creation -ENOMEM (fault site bo_chunk_insert).  Two mapped
 * chunks, a DEV BO spanning both: two inserts; failing the second gives
 * -ENOMEM and the range is free again (the retry lands at the same address).
 * With chunk 1 unmapped the walk stops there (-EAGAIN) after one insert.
 * The other revisions have no such list: the site is never reached.
 */
START_TEST(test_rev_bo_chunk_list_insert)
{
	enum drv_rev rev = (enum drv_rev)_i;
	bool has = is(rev, REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM));
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_result r;
	u32 c0, c = open_mapped(sim, &c0), c1;

	c1 = must_chunk(sim, c, M64);
	must_mmap(sim, c, c1, UVA0(c) + M64);
	fail_nth(sim, "bo_chunk_insert", 2);
	/* 0x5000000 bytes from 0x04000000: chunks 0 and 1 */
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x5000000, 0, &r), has ? -ENOMEM : 0);
	ck_assert_uint_eq(sim_fault_calls(sim, "bo_chunk_insert"), has ? 2 : 0);
	ck_assert_uint_eq(sim_fault_fired(sim, "bo_chunk_insert"), has ? 1 : 0);
	if (has) {
		ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x5000000, 0, &r), 0);
		ck_assert_uint_eq(sim_fault_calls(sim, "bo_chunk_insert"), 4);
	}
	ck_assert_uint_eq(r.addr, 0x04000000);
	sim_assert_ok(sim);
	sim_destroy(sim);

	/* chunk 1 never mmapped: the walk accepts chunk 0, then -EAGAIN (PR #1233: placed) */
	sim = rev_sim(rev, ADDR_PASID);
	c = open_mapped(sim, &c0);
	must_chunk(sim, c, M64);
	fail_nth(sim, "bo_chunk_insert", 1);
	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x5000000, 0, &r),
			 has ? -ENOMEM : rev == REV_PR1233 ? 0 : -EAGAIN);
	ck_assert_uint_eq(sim_fault_calls(sim, "bo_chunk_insert"), has ? 1 : 0);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * PR #1705 amdxdna_gem_dev_obj_open() (drm-misc 1bc13a9d amdxdna_gem.c): a
 * DEV BO handle opened by another client through a flink name is -EPERM;
 * its own client may open it.  The revisions before have no .open for DEV
 * BOs: any client's open passes.  A SHARE BO or a chunk its client has open
 * is -EPERM for another client upstream only (drm-misc 1bc13a9d
 * amdxdna_gem_obj_open; 856409ca's has no such check).
 */
START_TEST(test_rev_dev_bo_open_other_client)
{
	enum drv_rev rev = (enum drv_rev)_i;
	bool checked = is(rev, REV_BIT(REV_PR1705) | REV_BIT(REV_UPSTREAM));
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_result r;
	u32 ch, a = open_mapped(sim, &ch), b = must_open(sim), dev, share;

	ck_assert_int_eq(sim_create_bo(sim, a, SIM_BO_DEV, 0x1000, 0, &r), 0);
	dev = r.handle;
	ck_assert_int_eq(sim_create_bo(sim, a, SIM_BO_SHARE, 0x1000, 0, &r), 0);
	share = r.handle;
	ck_assert_int_eq(sim_gem_open_check(sim, b, a, dev), checked ? -EPERM : 0);
	ck_assert_int_eq(sim_gem_open_check(sim, a, a, dev), 0);
	ck_assert_int_eq(sim_gem_open_check(sim, b, a, share), rev == REV_UPSTREAM ? -EPERM : 0);
	ck_assert_int_eq(sim_gem_open_check(sim, b, a, ch), rev == REV_UPSTREAM ? -EPERM : 0);
	ck_assert_int_eq(sim_gem_open_check(sim, a, a, share), 0);
	ck_assert_int_eq(sim_gem_open_check(sim, b, a, 999), -ENOENT);
	ck_assert_int_eq(sim_gem_open_check(sim, b, 77, dev), -EBADF);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

static void expect_flush(struct sim *sim, u32 chunk, u64 offset, u64 len)
{
	const struct heap_flush *f;

	ck_assert_uint_eq(sim_last_flush(sim, &f), 1);
	ck_assert_uint_eq(f[0].chunk, chunk);
	ck_assert_uint_eq(f[0].offset, offset);
	ck_assert_uint_eq(f[0].len, len);
}

/*
 * amdxdna_flush_bo() on a chunk's own handle.  856409ca (and pr1670, pr1705,
 * drivers/accel/amdxdna/amdxdna_gem.c): amdxdna_gem_vmap_try() vmaps the
 * chunk once and keeps it, even for a 0-byte range; when the vmap fails the
 * pages around the range are flushed (0x1800 + 0x100 -> [0x1000, 0x2000)).
 * Upstream (drm-misc 1bc13a9d): a 0-byte range returns 0 with no vmap, and a
 * failed vmap flushes every page of the chunk.  The list revisions flush
 * the range as asked and never vmap a chunk here.
 */
START_TEST(test_rev_flush_helper)
{
	enum drv_rev rev = (enum drv_rev)_i;
	bool list = rev == REV_PR1233 || rev == REV_PR1279, up = rev == REV_UPSTREAM;
	struct sim *sim = rev_sim(rev, ADDR_PASID);
	struct sim_result r;
	u32 ch, c = open_mapped(sim, &ch);
	u64 v0;

	/* a 0-byte range: only 856409ca's helper vmaps (and keeps the kva) */
	v0 = sim_fault_calls(sim, "vmap");
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, 0x10, 0, &r), 0);
	ck_assert_uint_eq(sim_fault_calls(sim, "vmap") - v0, list || up ? 0 : 1);
	sim_destroy(sim);

	sim = rev_sim(rev, ADDR_PASID);
	c = open_mapped(sim, &ch);
	fail_nth(sim, "vmap", 1);
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, 0x1800, 0x100, &r), 0);
	if (list)
		expect_flush(sim, 0, 0x1800, 0x100);
	else if (up)
		expect_flush(sim, 0, 0, M64);
	else
		expect_flush(sim, 0, 0x1000, 0x1000);
	/* the failed vmap is retried at the next flush, then kept */
	v0 = sim_fault_calls(sim, "vmap");
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, 0x1800, 0x100, &r), 0);
	expect_flush(sim, 0, 0x1800, 0x100);
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, 0x1800, 0x100, &r), 0);
	ck_assert_uint_eq(sim_fault_calls(sim, "vmap") - v0, list ? 0 : 1);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Carveout: a chunk is an imported (cbuf) object.  Upstream's
 * amdxdna_flush_bo() (drm-misc 1bc13a9d) refuses an imported object with
 * -EOPNOTSUPP before anything else, so a DEV BO's SYNC_BO and a chunk's own
 * SYNC_BO fail there, even with an offset past the chunk; 856409ca vmaps and
 * flushes the range (and an offset past the chunk is -EINVAL).
 */
START_TEST(test_rev_flush_carveout)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_CARVEOUT);
	struct sim_result r;
	u32 ch, c = open_mapped(sim, &ch), bo;

	ck_assert_int_eq(sim_create_bo(sim, c, SIM_BO_DEV, 0x2000, 0, &r), 0);
	bo = r.handle;
	ck_assert_uint_eq(r.addr, 0x04000000);
	ck_assert_int_eq(sim_sync_bo(sim, c, bo, SIM_SYNC_TO_DEVICE, 0x1000, 0x1000, &r),
			 rev == REV_UPSTREAM ? -EOPNOTSUPP : 0);
	if (rev != REV_UPSTREAM)
		expect_flush(sim, 0, 0x1000, 0x1000);
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, 0x1000, 0x1000, &r),
			 rev == REV_UPSTREAM ? -EOPNOTSUPP : 0);
	ck_assert_int_eq(sim_sync_bo(sim, c, ch, SIM_SYNC_TO_DEVICE, M64, 0x1000, &r),
			 rev == REV_UPSTREAM ? -EOPNOTSUPP : rev == REV_PR1233 || rev == REV_PR1279 ? 0 :
			 -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/* The revision tables: every revision has both rows, and head is pr1705. */
START_TEST(test_rev_tables)
{
	for (u32 rv = 0; rv < REV_NR; rv++) {
		const struct drv_ops *o = drv_ops_of((enum drv_rev)rv);

		ck_assert_ptr_nonnull(o);
		ck_assert_int_eq(o->rev, (int)rv);
		ck_assert_ptr_nonnull(o->create_heap_bo);
		ck_assert_ptr_nonnull(o->map_heap);
		ck_assert_ptr_nonnull(o->remap_heap);
		ck_assert_ptr_nonnull(o->heap_expand);
		ck_assert_ptr_nonnull(o->dpm_failed);
	}
	ck_assert_ptr_null(drv_ops_of((enum drv_rev)REV_NR));
	ck_assert_int_eq(REV_HEAD, REV_PR1705);
}
END_TEST

/*
 * The proposal pr1710 is its base pr1705 (every heap, BO and hwctx flow)
 * except the job timeout: PR #1710's device-wide worker in its three stages.
 * The merged revisions all have the scheduler handler's stages.
 */
START_TEST(test_rev_pr1710_ops)
{
	const struct drv_ops *p = drv_ops_of(REV_PR1710), *b = drv_ops_of(REV_PR1705);
	struct drv_ops cp;

	ck_assert_ptr_eq(p->tdr_mark, drv_tdr_mark_pr1710);
	ck_assert_ptr_eq(p->tdr_stop, drv_tdr_detect_pr1710);
	ck_assert_ptr_eq(p->tdr_restart, drv_tdr_recover_all);
	ck_assert(p->tdr_orphans_fw_ctx);
	ck_assert(sim_rev_tdr_orphans_fw_ctx(REV_PR1710));
	memcpy(&cp, p, sizeof(cp));
	cp.rev = REV_PR1705;
	cp.tdr_mark = drv_tdr_mark;
	cp.tdr_stop = drv_tdr_stop;
	cp.tdr_restart = drv_tdr_restart;
	cp.tdr_orphans_fw_ctx = false;
	ck_assert_int_eq(memcmp(&cp, b, sizeof(cp)), 0);
	for (u32 rv = 0; rv < REV_MERGED_NR; rv++) {
		const struct drv_ops *o = drv_ops_of((enum drv_rev)rv);

		ck_assert_ptr_eq(o->tdr_mark, drv_tdr_mark);
		ck_assert_ptr_eq(o->tdr_stop, drv_tdr_stop);
		ck_assert_ptr_eq(o->tdr_restart, drv_tdr_restart);
		ck_assert(!o->tdr_orphans_fw_ctx);
		ck_assert(!sim_rev_tdr_orphans_fw_ctx((enum drv_rev)rv));
	}
	ck_assert(!sim_rev_tdr_orphans_fw_ctx(REV_NR));
}
END_TEST

/*
 * PR #1710's timeout (aie2_tdr.c): the worker recovers every context of every
 * client, each DESTROY_CONTEXT after a health query whose report makes the
 * first cancelled job TIMEOUT.  The scheduler revisions stop and restart the
 * timed-out context only.  Two shim clients, one hung job.
 */
/* Two shim clients with a one-CU context each (@c, @h); a job of the first hangs. */
static void two_hwctxs_one_hung(struct sim *sim, u32 *c, u32 *h)
{
	struct sim_exec_desc cmd = { .hang = true };
	struct sim_result r;
	u32 pdi;

	for (u32 i = 0; i < 2; i++) {
		ck_assert_int_eq(sim_shim_open(sim, &r), 0);
		c[i] = r.handle;
		ck_assert_int_eq(sim_shim_hwctx_create(sim, c[i], 1, &pdi, &r), 0);
		h[i] = r.handle;
	}
	ck_assert_int_eq(sim_exec(sim, c[0], h[0], &cmd, &r), 0);
}

START_TEST(test_rev_tdr_device_wide)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_IOVA);
	bool wide = rev == REV_PR1710;
	u32 c[2], h[2];
	u64 from;

	two_hwctxs_one_hung(sim, c, h);
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_tdr(sim, c[0], h[0], SIM_HEALTH_OK), 0);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_DESTROY_CTX), wide ? 2 : 1);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CREATE_CTX), wide ? 2 : 1);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CONFIG_CU), wide ? 2 : 1);
	ck_assert_int_eq(last_job_state(sim, h[0]), 8);	/* ERT_CMD_STATE_TIMEOUT */
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

/*
 * Dead firmware (the health query gets no answer).  The scheduler revisions
 * power-cycle (5cbecf88; K22 was the bug without it) and the job ends
 * TIMEOUT.  PR #1710 escalates only when DESTROY_CONTEXT is -ETIME, but the
 * health query's timeout has already torn the management channel down
 * (aie_send_mgmt_msg_wait), so DESTROY_CONTEXT is -ENODEV: no power-cycle,
 * the restart fails -ENODEV, the job ends ABORT (no report cached) and the
 * context stays without a firmware context.
 */
START_TEST(test_rev_tdr_dead_firmware)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_IOVA);
	bool pr1710 = rev == REV_PR1710;
	struct sim_fw_ctx_info fi;
	u32 c[2], h[2];

	two_hwctxs_one_hung(sim, c, h);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_HW_RESET), 0);
	ck_assert_int_eq(sim_tdr(sim, c[0], h[0], SIM_HEALTH_DEAD), pr1710 ? -ENODEV : 0);
	ck_assert_uint_eq(pm_events(sim, SIM_PM_HW_RESET), pr1710 ? 0 : 1);
	ck_assert_int_eq(last_job_state(sim, h[0]), pr1710 ? 6 : 8);	/* ABORT : TIMEOUT */
	ck_assert_int_eq(sim_fw_ctx_info(sim, c[0], h[0], &fi) == 0, !pr1710);
	sim_destroy(sim);
}
END_TEST

/*
 * PR #1710: DESTROY_CONTEXT (not the health query) times out.  The stop
 * power-cycles the NPU, which restarts every context; the walk then
 * restarts the client's contexts again (aie2_hwctx_resume after the walk),
 * a second CREATE_CONTEXT for a context that runs: the first firmware
 * context is left without an owner (invariant 13).  The scheduler
 * revisions do not escalate here (health answered, not fatal): the restart
 * fails -ENODEV, nothing leaks.
 */
START_TEST(test_rev_tdr_destroy_timeout)
{
	enum drv_rev rev = (enum drv_rev)_i;
	struct sim *sim = rev_sim(rev, ADDR_IOVA);
	struct sim_exec_desc cmd = { .hang = true };
	bool pr1710 = rev == REV_PR1710;
	struct sim_violation v;
	struct sim_result r;
	u32 c, h, pdi;
	u64 from;

	ck_assert_int_eq(sim_shim_open(sim, &r), 0);
	c = r.handle;
	ck_assert_int_eq(sim_shim_hwctx_create(sim, c, 1, &pdi, &r), 0);
	h = r.handle;
	ck_assert_int_eq(sim_exec(sim, c, h, &cmd, &r), 0);
	fail_nth(sim, "mbox.timeout", 2);	/* the health query answers, DESTROY_CONTEXT not */
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_tdr(sim, c, h, SIM_HEALTH_OK), pr1710 ? 0 : -ENODEV);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_CREATE_CTX), pr1710 ? 2 : 0);
	if (pr1710) {
		ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
		ck_assert_int_eq(v.number, 13);
	} else {
		sim_assert_ok(sim);
	}
	sim_destroy(sim);
}
END_TEST

/* The end state of job @seq of @hwctx: its last job event, -1 if none. */
static int job_state(struct sim *sim, u32 hwctx, u32 seq)
{
	for (size_t i = sim_event_count(sim); i-- > 0;) {
		const struct sim_event *e = sim_event_at(sim, i);

		if (e->type == SIM_EV_JOB && e->obj == hwctx && e->aux == seq)
			return e->kind;
	}
	return -1;
}

/*
 * The order of the firmware messages and the jobs' end states of one
 * timeout, with two clients each running hung jobs (client 0: two, client
 * 1: one).  pr1705 (the scheduler's aie2_sched_job_timedout): the health
 * query and the stop of the timed-out context only, then its restart; its
 * first job TIMEOUT, the second ABORT, client 1's job still running.
 * pr1710 (aie2_tdr.c aie2_tdr_recover_all): client by client, every context
 * queried, stopped (the first cancelled job takes the cached report:
 * TIMEOUT; the next ABORT) and then the client's contexts restarted before
 * the next client: client 1's job ends TIMEOUT too.  Management channel
 * (chan 0) for everything but CONFIG_CU, sent on the new user channel.
 */
START_TEST(test_rev_tdr_recover_order)
{
	static const u32 one[] = { MSG_OP_GET_APP_HEALTH, OP_DESTROY_CTX, OP_CREATE_CTX, OP_MAP,
				   OP_CONFIG_CU };
	static const enum drv_rev revs[] = { REV_PR1705, REV_PR1710 };

	for (size_t k = 0; k < ARRAY_SIZE(revs); k++) {
		struct sim *sim = rev_sim(revs[k], ADDR_IOVA);
		struct sim_exec_desc cmd = { .hang = true };
		bool p = revs[k] == REV_PR1710;
		struct sim_result r;
		u32 c[2], h[2];
		u64 from;

		two_hwctxs_one_hung(sim, c, h);
		ck_assert_int_eq(sim_exec(sim, c[0], h[0], &cmd, &r), 0);
		ck_assert_uint_eq(r.seq, 2);
		ck_assert_int_eq(sim_exec(sim, c[1], h[1], &cmd, &r), 0);
		ck_assert_uint_eq(r.seq, 1);
		from = sim_fw_msg_count(sim);
		ck_assert_int_eq(sim_tdr(sim, c[0], h[0], SIM_HEALTH_OK), 0);
		ck_assert_uint_eq(sim_fw_msg_count(sim) - from, p ? 10 : 5);
		for (u64 i = from; i < sim_fw_msg_count(sim); i++) {
			const struct sim_fw_msg *m = sim_fw_msg_at(sim, i);
			u32 op = one[(i - from) % ARRAY_SIZE(one)];

			ck_assert_uint_eq(m->opcode, op);
			ck_assert_uint_eq(m->chan == 0, op != OP_CONFIG_CU);
		}
		ck_assert_int_eq(job_state(sim, h[0], 1), SIM_CMD_TIMEOUT);
		ck_assert_int_eq(job_state(sim, h[0], 2), SIM_CMD_ABORT);
		ck_assert_int_eq(job_state(sim, h[1], 1), p ? SIM_CMD_TIMEOUT : SIM_CMD_NEW);
		ck_assert_uint_eq(pm_events(sim, SIM_PM_HW_RESET), 0);
		sim_assert_ok(sim);
		sim_destroy(sim);
	}
}
END_TEST

/*
 * pr1710's stages: `mark` and `stop` only take dev_lock and see the stall
 * (no message, no job touched); a second mark or a whole tdr is EBUSY as on
 * every revision; `restart` does the walk.  A `restart` without a stop is
 * EINVAL.
 */
START_TEST(test_rev_pr1710_stages)
{
	struct sim *sim = rev_sim(REV_PR1710, ADDR_IOVA);
	struct sim_hwctx *hx;
	u32 c[2], h[2];
	u64 from;

	two_hwctxs_one_hung(sim, c, h);
	hx = drv_hwctx_find(sim_client_find(sim, c[0]), h[0]);
	from = sim_fw_msg_count(sim);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_RESTART), -EINVAL);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_MARK), 0);
	ck_assert(hx->tdr_marked && !hx->tdr_stopped);
	ck_assert(!hx->jobs[0].timed_out);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_MARK), -EBUSY);
	ck_assert_int_eq(sim_tdr(sim, c[0], h[0], SIM_HEALTH_OK), -EBUSY);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_STOP), 0);
	ck_assert(!hx->tdr_marked && hx->tdr_stopped);
	ck_assert_uint_eq(sim_fw_msg_count(sim), from);
	ck_assert_uint_eq(hx->njobs, 1);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_STOP), -EBUSY);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_RESTART), 0);
	ck_assert(!hx->tdr_stopped);
	ck_assert_uint_eq(hx->njobs, 0);
	ck_assert_uint_eq(count_fw_msgs(sim, from, OP_DESTROY_CTX), 2);
	ck_assert_int_eq(job_state(sim, h[0], 1), SIM_CMD_TIMEOUT);
	ck_assert_int_eq(sim_tdr_stage(sim, c[0], h[0], SIM_HEALTH_OK, SIM_TDR_RESTART), -EINVAL);
	sim_assert_ok(sim);
	sim_destroy(sim);
}
END_TEST

Suite *sim_revisions_suite(void)
{
	Suite *s = suite_create("sim_revisions");
	TCase *tc = tcase_create("revisions");

	tcase_add_test(tc, test_rev_tables);
	tcase_add_test(tc, test_rev_pr1710_ops);
	tcase_add_test(tc, test_rev_tdr_recover_order);
	tcase_add_test(tc, test_rev_pr1710_stages);
	tcase_add_loop_test(tc, test_rev_freed_bo_placement, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_tdr_device_wide, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_tdr_dead_firmware, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_tdr_destroy_timeout, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_freed_cu_bo_placement, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_iova_unmapped_chunk, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_hwctx_defers_unmapped_chunk, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_dpm_failure, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_restart_failure_keeps_context, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_power_cycle_walk, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_chain_reply_kills_channel, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_chain_reply_wrong_size, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_late_reply_kills_channel, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_reply_before_mark_after_stop, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_bo_chunk_list_insert, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_dev_bo_open_other_client, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_flush_helper, 0, REV_NR);
	tcase_add_loop_test(tc, test_rev_flush_carveout, 0, REV_NR);
	suite_add_tcase(s, tc);
	return s;
}
