// SPDX-License-Identifier: MIT
/*
 * drv_pm.c - device start/stop, system and runtime suspend/resume
 * (docs/driver/proto.md §5.7), TDR (§5.8, the kernel ≥ 6.17 scheduler-timeout path)
 * and the NPU power-cycle aie2_hw_reset, all on simulated time.
 *
 * Timers: each in-flight job on a live context has a deadline 2000 ms
 * after it started; when it fires with no job sent or completed anywhere
 * within the last 2000 ms the job is declared hung, else it re-arms.
 * Runtime autosuspend fires 5000 ms after the device went idle (no job in
 * flight; jobs hold a PM reference).
 */
#include "sim/sim_priv.h"
#include "common/bug.h"
#include "sim/wire.h"

#include <errno.h>

/* drv_device_start - boot the firmware and run the boot message sequence. */
int drv_device_start(struct sim *sim)
{
	struct mbox_chan *chan;
	struct sim_chan *sc;
	u32 sram;
	int ret = fw_boot(sim, &sram);

	if (ret)
		return ret;
	sc = wire_chan_find(sim, sram);
	ret = sc ? wire_host_start(sim, sc, &chan) : -ENODEV;
	if (ret) {
		fw_power_off(sim);
		return ret;
	}
	mbox_mgmt_attach(&sim->mg, chan);
	ret = drv_msg_boot(sim);
	if (ret)
		drv_device_stop(sim);
	return ret;
}

/* drv_device_stop - stop messages, stop the management channel, power off. */
void drv_device_stop(struct sim *sim)
{
	/*
	 * A hwctx the stop did not reach (its client already off client_list:
	 * a postclose inside aie2_hwctx_fini()'s dev_lock drop) still has its
	 * user channel into the mailbox aie2_hw_stop() frees (drmm_kfree of
	 * ndev->mbox).  The model lets go of its host end; the hwctx keeps its
	 * firmware context id, which invariant 13 then finds without a
	 * firmware context (docs/explore.md "Findings").
	 */
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			wire_host_stop(sim, &h->uch);
	if (sim->mg.chan)
		drv_msg_stop(sim);
	mbox_mgmt_detach(&sim->mg);
	for (u32 s = 0; s < SIM_MAX_ASYNC; s++)
		sim->aslot[s].live = sim->aslot[s].rereg = false;
	fw_power_off(sim);
}

/*
 * Stop every context of every client on client_list (suspend / reset first
 * half; aie2_hw_suspend() walks xdna->client_list, which a postclose under
 * way has already left).
 */
static void stop_all(struct sim *sim)
{
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h && !c->unlisted; h = h->next)
			drv_hwctx_stop(sim, h, false);
}

int drv_suspend_all(struct sim *sim)
{
	if (sim->suspended)
		return 0;
	stop_all(sim);
	drv_device_stop(sim);
	sim->suspended = true;
	sim_ev(sim, SIM_EV_PM, SIM_PM_SUSPEND, 0, 0, 0, 0, 0, 0);
	return 0;
}

/*
 * drv_resume_all - device start, then restart every hwctx of every client;
 * the walk stops at the first failing hwctx (aie2_hwctx_resume).
 */
int drv_resume_all(struct sim *sim)
{
	s64 v;
	int ret;

	if (!sim->suspended)
		return 0;
	if (sim_fault(sim, SIM_FAULT_PM_RESUME, &v))
		return (int)v;
	ret = drv_device_start(sim);
	if (ret)
		goto out;
	sim->suspended = false;
	sim->last_busy_ns = sim->clock.now_ns;
	for (struct sim_client *c = sim->clients; c && !ret; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h && !ret && !c->unlisted; h = h->next)
			ret = drv_hwctx_restart(sim, h);
out:
	sim_ev(sim, SIM_EV_PM, SIM_PM_RESUME, 0, 0, ret, 0, 0, 0);
	return ret;
}

/* drv_pm_resume_get - pm_runtime_resume_and_get before firmware work. */
int drv_pm_resume_get(struct sim *sim)
{
	sim->last_busy_ns = sim->clock.now_ns;
	if (!sim->suspended)
		return 0;
	return drv_resume_all(sim);
}

/*
 * drv_hw_reset - aie2_hw_reset: rate-limited to one per 60 s; stop all
 * contexts, power-cycle, restart every client's hwctxs (a client's walk
 * stops at its first failure, the next client still runs).
 */
int drv_hw_reset(struct sim *sim)
{
	int ret = 0, r;

	if (sim->reset_done && sim->clock.now_ns - sim->last_reset_ns < SIM_HW_RESET_MIN_NS) {
		sim_ev(sim, SIM_EV_PM, SIM_PM_HW_RESET, 0, 0, -EAGAIN, 0, 0, 0);
		return -EAGAIN;
	}
	sim->reset_done = true;
	sim->last_reset_ns = sim->clock.now_ns;
	stop_all(sim);
	drv_device_stop(sim);
	r = drv_device_start(sim);
	sim->suspended = false;
	if (r) {
		ret = r;
		goto out;
	}
	/*
	 * Every client is resumed (aie2_hw_reset), but each client's walk
	 * (aie2_hwctx_resume → amdxdna_hwctx_walk) stops at its first failing
	 * hwctx; the first error is returned.
	 */
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h && !c->unlisted; h = h->next) {
			r = drv_hwctx_restart(sim, h);
			if (r) {
				ret = ret ? ret : r;
				break;
			}
		}
out:
	sim_ev(sim, SIM_EV_PM, SIM_PM_HW_RESET, 0, 0, ret, 0, 0, 0);
	return ret;
}

/*
 * drv_tdr - aie2_sched_job_timedout for job @j (may be NULL) of @h: health query, stop
 * (the job ends TIMEOUT), restart; escalate to a power-cycle when the
 * firmware is dead, or fatal and the restart failed.
 */
int drv_tdr(struct sim *sim, struct sim_hwctx *h, struct sim_job *j)
{
	sim->ops->tdr_stop(sim, h, j);
	return sim->ops->tdr_restart(sim, h);
}

/*
 * drv_tdr_mark - the handler up to `job->job_timeout = true`
 * (aie2_sched_job_timedout): health query, the job (may be NULL) marked
 * timed out.  The health is kept for drv_tdr_restart().  Between this and
 * drv_tdr_stop() the handler holds dev_lock and the channel still runs, so
 * a reply the receive worker processes there is a late reply (docs/explore.md).
 */
void drv_tdr_mark(struct sim *sim, struct sim_hwctx *h, struct sim_job *j)
{
	u32 ft = 0;
	int ret;

	h->tdr_dead = h->tdr_fatal = false;
	if (sim_fw_has(sim, FW_FEAT_APP_HEALTH)) {
		ret = drv_msg_app_health(sim, h, &ft);
		if (ret && ret != -EOPNOTSUPP)
			h->tdr_dead = true;
		h->tdr_fatal = !ret && ft;
	}
	if (j)
		j->timed_out = true;
	h->tdr_marked = true;
}

/*
 * drv_tdr_stop - the first half of the handler (the explorer's `stop`
 * segment, docs/explore.md): drv_tdr_mark() unless a `mark` stage ran it,
 * then the context stopped (aie2_hwctx_stop: the channel's receive worker
 * drained, every job still queued ended).
 */
void drv_tdr_stop(struct sim *sim, struct sim_hwctx *h, struct sim_job *j)
{
	if (!h->tdr_marked)
		drv_tdr_mark(sim, h, j);
	h->tdr_marked = false;
	drv_hwctx_stop(sim, h, true);
	h->tdr_stopped = true;
}

/* drv_tdr_restart - the second half: restart, then escalate (dead, or fatal and failed). */
int drv_tdr_restart(struct sim *sim, struct sim_hwctx *h)
{
	bool dead = h->tdr_dead, fatal = h->tdr_fatal;
	int ret = drv_hwctx_restart(sim, h);

	h->tdr_stopped = false;
	sim_ev(sim, SIM_EV_PM, SIM_PM_TDR, h->client->id, h->id, ret, dead | fatal << 1, 0, 0);
	/* K22 bug (before 5cbecf88): no escalation to a power-cycle. */
	if ((dead || (fatal && ret)) && !sim_bug(sim, SIM_BUG_K22_NO_RESET_ESCALATION))
		ret = drv_hw_reset(sim);
	return ret;
}

/*
 * drv_tdr_mark_pr1710, drv_tdr_detect_pr1710 - the `mark` and `stop` stages
 * of PR #1710's timeout, the device-wide worker (aie2_tdr.c
 * aie2_tdr_work_func): dev_lock taken, the stall seen.  All the work is its
 * second half, drv_tdr_recover_all(), in the same dev_lock region; no job
 * is marked (no per-job handler, no job_timeout flag), so a reply the
 * receive worker processes before that is judged by what it says.  @j:
 * unused.
 */
void drv_tdr_mark_pr1710(struct sim *sim, struct sim_hwctx *h, struct sim_job *j)
{
	(void)sim;
	(void)j;
	h->tdr_marked = true;
}

void drv_tdr_detect_pr1710(struct sim *sim, struct sim_hwctx *h, struct sim_job *j)
{
	(void)sim;
	(void)j;
	h->tdr_marked = false;
	h->tdr_stopped = true;
}

/*
 * aie2_tdr_stop_hwctx (PR #1710 aie2_tdr.c): the health report, if the
 * query answers, is cached for the first job the channel stop cancels
 * (TIMEOUT; the others and every job without a report: ABORT); then
 * DESTROY_CONTEXT, and only its -ETIME power-cycles the NPU.  A health
 * query that timed out has already torn the management channel down, so
 * DESTROY_CONTEXT is then -ENODEV: no power-cycle.
 */
static void tdr_stop_hwctx_pr1710(struct sim *sim, struct sim_hwctx *h)
{
	u32 ft = 0;
	bool report = false;

	if (sim_fw_has(sim, FW_FEAT_APP_HEALTH))
		report = !drv_msg_app_health(sim, h, &ft);
	if (h->njobs)
		h->jobs[0].timed_out = report;
	if (drv_hwctx_stop(sim, h, true) == -ETIME)
		drv_hw_reset(sim);
}

/*
 * drv_tdr_recover_all - the second half of PR #1710's timeout
 * (aie2_tdr_recover_all): client by client, every context stopped
 * (tdr_stop_hwctx_pr1710), then the client's contexts restarted
 * (aie2_hwctx_resume: the walk stops at the first failure).  No check
 * that a context already runs: one that a power-cycle inside the walk
 * restarted is restarted again (a second CREATE_CONTEXT; the first
 * firmware context is left without an owner).  Returns the first restart
 * error, 0 if none.
 */
int drv_tdr_recover_all(struct sim *sim, struct sim_hwctx *hung)
{
	int ret = 0;

	for (struct sim_client *c = sim->clients; c; c = c->next) {
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			tdr_stop_hwctx_pr1710(sim, h);
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next) {
			int r = drv_hwctx_restart(sim, h);

			if (r) {
				ret = ret ? ret : r;
				break;
			}
		}
	}
	hung->tdr_stopped = false;
	sim_ev(sim, SIM_EV_PM, SIM_PM_TDR, hung->client->id, hung->id, ret, 0, 0, 0);
	return ret;
}

/* The earliest job deadline of a live context, or U64_MAX. */
static struct sim_hwctx *next_tdr(struct sim *sim, u64 *when)
{
	struct sim_hwctx *best = NULL;

	*when = U64_MAX;
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->njobs && h->jobs[0].start_ns + SIM_TDR_NS < *when) {
				*when = h->jobs[0].start_ns + SIM_TDR_NS;
				best = h;
			}
	return best;
}

static bool any_job(struct sim *sim)
{
	for (struct sim_client *c = sim->clients; c; c = c->next)
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next)
			if (h->njobs)
				return true;
	return false;
}

enum drv_timer drv_timer_pick(u64 tdr, u64 as, u64 until_ns)
{
	if (tdr == U64_MAX && as == U64_MAX)
		return DRV_TIMER_NONE;	/* nothing armed, even at the end of time */
	if (tdr > until_ns && as > until_ns)
		return DRV_TIMER_NONE;
	return tdr <= as ? DRV_TIMER_TDR : DRV_TIMER_AUTOSUSPEND;
}

/* drv_run_timers - advance simulated time to @until_ns, firing timers in order. */
int drv_run_timers(struct sim *sim, u64 until_ns)
{
	for (;;) {
		u64 tdr, as = U64_MAX;
		struct sim_hwctx *h = next_tdr(sim, &tdr);
		enum drv_timer next;

		if (!sim->suspended && !sim->removed && !sim->cfg.no_autosuspend && !any_job(sim))
			as = sim->last_busy_ns + SIM_AUTOSUSPEND_NS;
		next = drv_timer_pick(tdr, as, until_ns);
		if (next == DRV_TIMER_NONE)
			break;
		if (next == DRV_TIMER_TDR) {
			BUG_ON(!h);
			if (tdr > sim->clock.now_ns)
				sim->clock.now_ns = tdr;
			if (sim->clock.now_ns - sim->last_progress_ns < SIM_TDR_NS) {
				/* progress seen: no hang, re-arm */
				h->jobs[0].start_ns = sim->clock.now_ns;
				continue;
			}
			drv_tdr(sim, h, &h->jobs[0]);
			continue;
		}
		if (as > sim->clock.now_ns)
			sim->clock.now_ns = as;
		sim_ev(sim, SIM_EV_PM, SIM_PM_AUTOSUSPEND, 0, 0, 0, 0, 0, 0);
		drv_suspend_all(sim);
	}
	if (until_ns > sim->clock.now_ns)
		sim->clock.now_ns = until_ns;
	return 0;
}
