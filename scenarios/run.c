// SPDX-License-Identifier: MIT
/*
 * run.c - run_scenario(): device set-up, faults, the schedule of client
 * instances (scenarios/README.md "Ordering"), per-op bookkeeping and every
 * expectation.  The operations themselves are in run_ops.c, the metric
 * values in run_metrics.c.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "scenarios/fail_nth.h"

const char *run_status_name(enum run_status s)
{
	switch (s) {
	case RUN_PASS:
		return "pass";
	case RUN_FAIL:
		return "fail";
	case RUN_XFAIL:
		return "xfail";
	case RUN_XPASS:
		return "xpass";
	default:
		return "error";
	}
}

static int device_config(struct run_ctx *x, struct sim_config *cfg)
{
	const struct scn *s = x->scn;
	const struct run_opts *o = x->opts;
	struct run_result *res = x->res;

	sim_config_default(cfg);
	res->seed = o->has_seed ? o->seed : s->seed;
	res->rev = o->has_rev ? o->rev : s->rev;
	res->mode = o->has_mode ? o->mode : s->mode;
	res->device = o->device ? o->device : s->device;
	res->fw_major = s->fw_major;
	res->fw_minor = s->fw_minor;
	if (o->device && strcmp(o->device, s->device))
		res->fw_major = res->fw_minor = 0;	/* the overriding device's default */
	res->check_every_op = o->check_every_op;
	for (u32 i = 0; i < s->nr_bugs; i++) {
		int b = sim_bug_by_name(s->bugs[i]);

		if (b < 0)
			return run_error(x, s->loc, "bug switch '%s' is not a simulator switch",
					 s->bugs[i]);
		cfg->bugs |= SIM_BUG(b);
	}
	if (o->bugs & ~SIM_BUG_ALL)
		return run_error(x, s->loc, "unknown bug switch bits %#llx",
				 (unsigned long long)(o->bugs & ~SIM_BUG_ALL));
	cfg->bugs |= o->bugs;
	res->bugs = cfg->bugs;
	cfg->device = res->device;
	cfg->fw_major = res->fw_major;
	cfg->fw_minor = res->fw_minor;
	cfg->rev = res->rev;
	cfg->mode = res->mode;
	cfg->num_heap_pages = s->num_heap_pages;
	cfg->seed = res->seed;
	cfg->event_limit = 1u << 16;
	return 0;
}

static void ctx_free(struct run_ctx *x)
{
	/* the device goes first: tearing it down still calls the heap hooks */
	for (u32 i = 0; x->inst && i < x->ninst; i++)
		if (x->inst[i].heap)
			heap_set_op_hook(x->inst[i].heap, NULL, NULL);
	if (x->sim)
		sim_destroy(x->sim);
	for (u32 i = 0; x->inst && i < x->ninst; i++) {
		run_bos_free(&x->inst[i]);
		free(x->inst[i].hwctx);
		free(x->inst[i].cus);
		free(x->inst[i].npdis);
		free(x->inst[i].execs);
		free(x->inst[i].pdis);
		free(x->inst[i].ph);
	}
	free(x->inst);
	free(x->slots);
	free(x->cid_map);
	free(x->scoped);
	free(x->op_addrs);
	free(x->op_errs);
	free(x->evc);
	run_verdict_free(x);
	run_pics_ctx_free(x);
}

/* Where the device and firmware are written (the device's line when only it is). */
static struct scn_loc device_loc(const struct scn *s)
{
	if (s->fw_loc.line)
		return s->fw_loc;
	return s->device_loc.line ? s->device_loc : s->loc;
}

/*
 * Everything before the first op: the configuration, the device, the
 * expectations, the verdict declarations and the faults.  Every check a
 * scenario can fail before running is made here (run_validate()).
 */
static int prepare(struct run_ctx *x, const struct scn *scn, const struct run_opts *opts,
		   struct run_result *out, struct sim_config *cfg)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->scn = scn;
	out->violation.op = U64_MAX;
	out->violation.instance = U32_MAX;
	x->scn = scn;
	x->opts = opts;
	x->res = out;
	x->scoped_owner = RUN_NONE;
	ret = device_config(x, cfg);
	if (ret)
		return ret;
	xrand_seed(&x->rng, out->seed);
	ret = sim_create(cfg, &x->sim);
	if (ret) {
		if (ret == -EINVAL)
			run_error(x, device_loc(scn),
				  "the simulator cannot build device '%s' with firmware %u.%u (%s)",
				  out->device, out->fw_major, out->fw_minor, xerrname(ret));
		return ret;
	}
	ret = run_events_alloc(x);
	if (!ret)
		ret = run_expects_build(x);
	if (!ret)
		ret = run_verdict_init(x);
	if (!ret)
		ret = run_faults_program(x);
	return ret;
}

int run_validate(const struct scn *s, const struct run_opts *opts, char *err, size_t len)
{
	static const struct run_opts none;
	struct run_result res;
	struct run_ctx x = { 0 };
	struct sim_config cfg;
	int ret = prepare(&x, s, opts ? opts : &none, &res, &cfg);

	if (ret && err)
		snprintf(err, len, "%s", res.error[0] ? res.error : xerrname(ret));
	ctx_free(&x);
	run_result_free(&res);
	return ret;
}

int run_scenario(const struct scn *scn, const struct run_opts *opts, struct run_result *out)
{
	static const struct run_opts none;
	struct run_ctx x = { 0 };
	struct sim_config cfg;
	int ret;

	ret = prepare(&x, scn, opts ? opts : &none, out, &cfg);
	if (!ret)
		ret = run_instances_build(&x);
	if (!ret)
		ret = run_series_init(&x);
	if (!ret && x.opts->setup) {
		ret = x.opts->setup(x.opts->setup_ctx, x.sim);
		if (ret)
			run_error(&x, scn->loc, "set-up hook failed: %s", xerrname(ret));
	}
	if (!ret)
		ret = run_schedule(&x);
	if (ret)
		goto out;
	if (x.opts->step)
		x.opts->step(x.opts->step_ctx, NULL, U32_MAX);
	x.cur = NULL;
	x.cur_step = NULL;
	if (!out->stopped)
		run_full_check(&x, true);
	run_scan_recorded(&x);
	run_verdict_finish(&x);
	run_check_end_invariants(&x);
	run_finish_instances(&x);
	run_check_metrics(&x);
	out->sim_time_ns = sim_now_ns(x.sim);
	ret = run_events_finish(&x);
	if (!ret)
		ret = run_cov_finish(&x, &cfg);
	if (!ret)
		run_tally(out);
	if (!ret)
		ret = run_trace_end(&x);
out:
	if (ret && out->status != RUN_ERROR) {
		out->status = RUN_ERROR;
		if (!out->error[0])
			snprintf(out->error, sizeof(out->error), "%s: run failed: %s", scn->file,
				 xerrname(ret));
	}
	ctx_free(&x);
	return ret;
}

void run_result_free(struct run_result *res)
{
	if (!res)
		return;
	for (u32 i = 0; res->instances && i < res->nr_instances; i++)
		free(res->instances[i].phases);
	free(res->instances);
	free(res->expects);
	free(res->series);
	free(res->events);
	free(res->msgs);
	free(res->failures);
	free(res->allow_used);
	if (res->fail_nth)
		sim_fnth_report_free(res->fail_nth);
	free(res->fail_nth);
	run_cov_free(res);
	run_series_free(res);
	memset(res, 0, sizeof(*res));
}

