// SPDX-License-Identifier: MIT
/*
 * cmd_fail_nth.c - "xdnasim fail-nth": Linux fail-nth style enumeration of
 * every fault site over a built-in workload (sim/fail_nth.h).  Scenario
 * files get the same enumeration through "xdnasim run --fail-nth".
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "common/parse.h"
#include "scenarios/fail_nth.h"
#include "reports/run_report.h"

struct builtin {
	const char *name;
	const char *what;
	void (*ops)(struct sim *sim);
};

/* docs/driver/heap.md §4 worked example: open, hwctx, 100 MiB (one expansion), CU, a command, close. */
static void wl_worked_example(struct sim *sim)
{
	struct sim_result r;
	u32 c, h, bo;
	u64 addr;

	if (sim_shim_open(sim, &r))
		return;
	c = r.handle;
	sim_hwctx_create(sim, c, 4, &r);
	h = r.handle;
	if (!sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r)) {
		struct sim_exec_desc cmd = { .naddr = 1, .addrs = &addr, .nbo = 1, .bos = &bo };

		bo = r.handle;
		addr = r.addr;
		sim_config_cu(sim, c, h, &bo, 1, NULL);
		sim_exec(sim, c, h, &cmd, NULL);
	}
	sim_shim_close(sim, c);
}

/* Two hwctxs, then a DEV BO whose update_heap walks both (docs/driver/heap.md §7.2). */
static void wl_two_hwctx(struct sim *sim)
{
	struct sim_result r;
	u32 c;

	if (sim_shim_open(sim, &r))
		return;
	c = r.handle;
	sim_hwctx_create(sim, c, 4, NULL);
	sim_hwctx_create(sim, c, 4, NULL);
	sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, NULL);
	sim_shim_close(sim, c);
}

/* A two-chunk heap restarted by suspend/resume and a TDR (docs/driver/heap.md §7.5). */
static void wl_restart(struct sim *sim)
{
	struct sim_result r;
	u32 c, h;

	if (sim_shim_open(sim, &r))
		return;
	c = r.handle;
	sim_hwctx_create(sim, c, 4, &r);
	h = r.handle;
	sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, NULL);
	sim_suspend(sim);
	sim_resume(sim);
	sim_tdr(sim, c, h, SIM_HEALTH_OK);
	sim_shim_close(sim, c);
}

static const struct builtin builtins[] = {
	{ "worked-example", "shim open, hwctx, 100 MiB DEV BO, CONFIG_CU, one command, close",
	  wl_worked_example },
	{ "two-hwctx", "shim open, two hwctxs, 100 MiB DEV BO (update_heap over both), close",
	  wl_two_hwctx },
	{ "restart", "shim open, hwctx, 100 MiB DEV BO, suspend, resume, TDR, close",
	  wl_restart },
};

struct wl_ctx {
	struct sim_config cfg;
	const struct builtin *b;
};

static int wl_run(void *p, sim_setup_fn setup, void *sctx)
{
	struct wl_ctx *w = p;
	struct sim *sim;
	int ret = sim_create(&w->cfg, &sim);

	if (ret)
		return ret;
	ret = setup(sctx, sim);
	if (!ret)
		w->b->ops(sim);
	sim_destroy(sim);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim fail-nth [--workload NAME] [--site SITE|all] [--max-n N]\n"
		"                        [--device npu1|npu4|npu5|npu6] [--revision R]\n"
		"                        [--mode pasid|iova|carveout] [--bug NAME]... [--json FILE]\n"
		"\n"
		"Re-run a built-in workload failing the 1st, 2nd, 3rd ... call of each fault\n"
		"site until it runs past the last call untouched; print site x n -> outcome\n"
		"(clean, partial, absorbed, wrong-errno, leak, invariant).  docs/faults.md.\n"
		"--revision: a driver revision of `xdnasim revisions` (default head;\n"
		"--design is a deprecated alias).\n"
		"\n"
		"Workloads:\n");
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		fprintf(f, "  %-16s %s\n", builtins[i].name, builtins[i].what);
	fprintf(f, "\nExit status: 0 no run leaked, broke an invariant or returned a wrong\n"
		   "errno; 1 some run did; 2 usage error.\n");
}

static int parse_site(const char *s, u64 *sites)
{
	int site;

	if (!strcmp(s, "all")) {
		*sites = 0;
		return 0;
	}
	site = sim_fault_site_by_name(s);
	if (site < 0)
		return site;
	*sites |= 1ULL << site;
	return 0;
}

int cmd_fail_nth(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "site", required_argument, NULL, 's' },
		{ "max-n", required_argument, NULL, 'n' },
		{ "device", required_argument, NULL, 'd' },
		{ "revision", required_argument, NULL, 'D' },
		{ "design", required_argument, NULL, 'D' },
		{ "mode", required_argument, NULL, 'm' },
		{ "bug", required_argument, NULL, 'b' },
		{ "json", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct wl_ctx w = { .b = &builtins[0] };
	struct sim_fnth_opts opts = { 0 };
	struct sim_workload wl = { .run = wl_run, .ctx = &w };
	struct sim_fnth_report rep;
	const char *json = NULL;
	int opt, ret, b;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	sim_config_default(&w.cfg);
	w.cfg.no_autosuspend = true;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'w':
			w.b = NULL;
			for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
				if (!strcmp(builtins[i].name, optarg))
					w.b = &builtins[i];
			if (!w.b) {
				fprintf(stderr, "xdnasim fail-nth: unknown workload '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_site(optarg, &opts.sites)) {
				fprintf(stderr, "xdnasim fail-nth: unknown fault site '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_u64_dec(optarg, &opts.max_n) || !opts.max_n) {
				fprintf(stderr, "xdnasim fail-nth: bad --max-n '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			break;
		case 'd':
			w.cfg.device = optarg;
			break;
		case 'D':
			if (drv_rev_parse(optarg, &w.cfg.rev)) {
				fprintf(stderr, "xdnasim fail-nth: unknown revision '%s' (%s)\n",
					optarg, drv_rev_names());
				return XS_EXIT_USAGE;
			}
			break;
		case 'm':
			if (addr_mode_parse(optarg, &w.cfg.mode)) {
				fprintf(stderr, "xdnasim fail-nth: unknown mode '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			break;
		case 'b':
			b = sim_bug_by_name(optarg);
			if (b < 0) {
				fprintf(stderr, "xdnasim fail-nth: unknown bug switch '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			w.cfg.bugs |= SIM_BUG(b);
			break;
		case 'j':
			json = optarg;
			break;
		default:
			fprintf(stderr, "xdnasim fail-nth: bad option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return XS_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "xdnasim fail-nth: unexpected argument '%s'\n", argv[optind]);
		return XS_EXIT_USAGE;
	}
	ret = sim_fail_nth(&wl, &opts, &rep);
	if (ret) {
		fprintf(stderr, "xdnasim fail-nth: the workload cannot run: %s\n", xerrname(ret));
		sim_fnth_report_free(&rep);
		return XS_EXIT_USAGE;
	}
	printf("workload %s, %s, revision %s, %s mode\n", w.b->name, w.cfg.device,
	       drv_rev_name(w.cfg.rev), addr_mode_name(w.cfg.mode));
	sim_fnth_print(stdout, &rep);
	if (json) {
		struct xout o;

		ret = xout_open(&o, json);
		if (!ret) {
			ret = rpt_fail_nth_write(o.f, &rep, "xdnasim fail-nth");
			if (ret && !ferror(o.f))
				xout_abort(&o);
			else
				ret = xout_commit(&o);
		}
		if (ret) {
			sim_fnth_report_free(&rep);
			return cli_output_error("fail-nth", json, ret);
		}
	}
	ret = rep.counts[SIM_FNTH_LEAK] || rep.counts[SIM_FNTH_INVARIANT] ||
	      rep.counts[SIM_FNTH_WRONG_ERRNO] ? XS_EXIT_FAIL : XS_EXIT_OK;
	sim_fnth_report_free(&rep);
	return ret;
}
