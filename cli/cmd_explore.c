// SPDX-License-Identifier: MIT
/*
 * cmd_explore.c - "xdnasim explore SCENARIO": the interleaving explorer
 * (scenarios/explore.h, docs/explore.md).
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/errname.h"
#include "common/parse.h"
#include "reports/explore_report.h"
#include "scenarios/explore.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim explore [options] SCENARIO\n"
		"\n"
		"Run the scenario's client instances as concurrent threads, with the\n"
		"background work its `async: true` steps stand for (a `tdr`: the job\n"
		"timeout handler; `suspend`/`resume`/`power_cycle`: runtime PM or a reset;\n"
		"`mbox_rx`: a channel's receive worker) and each client's other threads\n"
		"(its `thread: N` steps), and explore the orders in which their steps\n"
		"can meet (docs/explore.md).  Each client's `close` runs as three\n"
		"segments: the shim's chunks, the fd release, the postclose (two: fini\n"
		"and finish around its dev_lock drop, once the client has a hwctx).  Every\n"
		"schedule is run with the simulator checked after every op; the first\n"
		"schedule that fails (an invariant, an unexpected errno, a leak) is\n"
		"printed and, with --out, written as a scenario with `schedule: interleave`\n"
		"that `xdnasim run --check-every-op` replays.\n"
		"\n"
		"  --bound N          preemption bound (default 2); bounds 0..N are explored\n"
		"                     in turn, so a failure found has the fewest preemptions\n"
		"  --pct RUNS         PCT instead: RUNS schedules with random priorities\n"
		"  --depth D          PCT bug depth (D - 1 priority change points; default 2)\n"
		"  --seed N           PCT seed (default 0); the same seed, the same result\n"
		"  --no-por           no partial-order reduction (every order, slower)\n"
		"  --max-schedules N  stop after N schedules (the result says: incomplete)\n"
		"  --keep-going       count every failing schedule, do not stop at the first\n"
		"  --metrics          also judge the scenario's expect: metrics (by default\n"
		"                     left out: totals usually hold for its own schedule only)\n"
		"  --revision R       override the driver revision (`xdnasim revisions`;\n"
		"                     --design: deprecated alias)\n"
		"  --mode M           override the address mode: pasid | iova | carveout\n"
		"  --bug NAME         turn a historical-bug switch on (repeatable; docs/faults.md)\n"
		"  --out FILE         write the failing schedule as a scenario to FILE\n"
		"  --json FILE        write the result as JSON (schema " EXPLORE_SCHEMA ")\n"
		"  --quiet            print nothing but errors\n"
		"\n"
		"Progress goes to stderr when it is a terminal.\n"
		"Exit status: 0 no schedule failed, 1 a schedule failed, 2 usage or input\n"
		"error.\n");
}

struct ex_cli {
	struct explore_opts o;
	const char *out, *json, *path;
	bool quiet;
};

static void progress(void *ctx, const struct explore_stats *st)
{
	fprintf(stderr, "\r\033[K%s: bound %u: %llu schedules, %llu states", (const char *)ctx,
		st->bound, (unsigned long long)st->schedules, (unsigned long long)st->states);
}

static int num(const char *opt, const char *arg, u64 *v)
{
	if (parse_u64(arg, v)) {
		fprintf(stderr, "xdnasim explore: bad %s '%s'\n", opt, arg);
		return -EINVAL;
	}
	return 0;
}

static int parse(int argc, char **argv, struct ex_cli *c)
{
	static const struct option longopts[] = {
		{ "bound", required_argument, NULL, 'B' },
		{ "pct", required_argument, NULL, 'P' },
		{ "depth", required_argument, NULL, 'D' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-por", no_argument, NULL, 'N' },
		{ "max-schedules", required_argument, NULL, 'M' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "metrics", no_argument, NULL, 'e' },
		CLI_TARGET_LONGOPTS,
		{ "out", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_target target = { &c->o.rev, &c->o.has_rev, &c->o.mode_override,
					   &c->o.has_mode, &c->o.bugs };
	u64 v;
	int o;

	c->o.bound = 2;
	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (o) {
		case 'B':
			if (num("--bound", optarg, &v))
				return -EINVAL;
			if (v > 64) {
				fprintf(stderr, "xdnasim explore: --bound %s: at most 64\n", optarg);
				return -EINVAL;
			}
			c->o.bound = (u32)v;
			break;
		case 'P':
			if (num("--pct", optarg, &c->o.runs))
				return -EINVAL;
			if (!c->o.runs) {
				fprintf(stderr, "xdnasim explore: --pct needs at least 1 run\n");
				return -EINVAL;
			}
			c->o.mode = EXPLORE_PCT;
			break;
		case 'D':
			if (num("--depth", optarg, &v) || !v || v > 64) {
				fprintf(stderr, "xdnasim explore: --depth is 1..64\n");
				return -EINVAL;
			}
			c->o.depth = (u32)v;
			break;
		case 's':
			if (num("--seed", optarg, &c->o.seed))
				return -EINVAL;
			break;
		case 'N':
			c->o.no_por = true;
			break;
		case 'M':
			if (num("--max-schedules", optarg, &c->o.max_schedules))
				return -EINVAL;
			break;
		case 'k':
			c->o.keep_going = true;
			break;
		case 'e':
			c->o.metrics = true;
			break;
		case 'd':
		case 'm':
		case 'b':
			if (cli_target_option("explore", o, optarg, &target))
				return -EINVAL;
			break;
		case 'o':
			c->out = optarg;
			break;
		case 'j':
			c->json = optarg;
			break;
		case 'q':
			c->quiet = true;
			break;
		default:
			fprintf(stderr, "xdnasim explore: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "xdnasim explore: give exactly one scenario (see --help)\n");
		return -EINVAL;
	}
	c->path = argv[optind];
	return 0;
}

static void print_result(const struct ex_cli *c, const struct explore_result *r)
{
	const struct explore_stats *st = &r->st;

	printf("== explore %s\n", c->path);
	printf("  revision %s, mode %s\n", r->revision, addr_mode_name(r->addr_mode));
	printf("  threads: %u (", r->nthreads);
	for (u32 i = 0; i < r->nthreads; i++)
		printf("%s%s: %u segment%s", i ? ", " : "", r->threads[i].name, r->threads[i].nseg,
		       r->threads[i].nseg == 1 ? "" : "s");
	printf("), %llu segments\n", (unsigned long long)r->nsegments);
	if (r->mode == EXPLORE_PCT)
		printf("  mode: pct, %llu runs, depth %u, seed %llu\n",
		       (unsigned long long)c->o.runs, c->o.depth ? c->o.depth : 2,
		       (unsigned long long)c->o.seed);
	else
		printf("  mode: bounded, preemption bound %u, partial-order reduction %s\n",
		       c->o.bound, c->o.no_por ? "off" : "on");
	printf("  explored: %llu schedules, %llu states (pruned: %llu by sleep sets, %llu over "
	       "the bound), %llu ops\n", (unsigned long long)st->schedules,
	       (unsigned long long)st->states, (unsigned long long)st->sleep_pruned,
	       (unsigned long long)st->bound_pruned, (unsigned long long)st->ops);
	if (!r->found) {
		printf("  result: no failing schedule%s\n", r->mode == EXPLORE_PCT ?
		       " in these runs" : r->complete ? " within the bound" :
		       " (incomplete: --max-schedules reached)");
		return;
	}
	printf("  result: FAILING SCHEDULE (%u preemption%s", r->preemptions,
	       r->preemptions == 1 ? "" : "s");
	if (r->minimised)
		printf("; minimised by a bounded search below PCT's");
	if (c->o.keep_going)
		printf("; %llu failing schedules in all", (unsigned long long)r->failing);
	printf(")\n  schedule:");
	for (u32 k = 0; k < r->nsched; k++)
		printf(" %s", r->threads[r->sched[k]].name);
	printf("\n  first failure: %s\n", r->why);
	if (c->out)
		printf("  reproducer: %s (xdnasim run --check-every-op %s)\n", c->out, c->out);
}

static int write_repro(const struct ex_cli *c, const struct explore_result *r)
{
	struct xout o = { 0 };
	int ret = xout_open(&o, c->out);

	if (ret)
		return cli_output_error("explore", c->out, ret);
	ret = explore_write_repro(r, o.f);
	if (ret) {
		xout_abort(&o);
		return cli_output_error("explore", c->out, ret);
	}
	ret = xout_commit(&o);
	return ret ? cli_output_error("explore", c->out, ret) : 0;
}

int cmd_explore(int argc, char **argv)
{
	struct ex_cli c = { 0 };
	struct explore_result r;
	struct scn_error err;
	struct scn *s;
	int ret, rc;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (parse(argc, argv, &c))
		return XS_EXIT_USAGE;
	if ((c.out && cli_refuse_input("explore", c.out, (const char *const *)&c.path, 1)) ||
	    (c.json && cli_refuse_input("explore", c.json, (const char *const *)&c.path, 1)))
		return XS_EXIT_USAGE;
	if (scn_load_file(c.path, run_vocab(), &s, &err)) {
		fprintf(stderr, "xdnasim explore: %s\n", err.text);
		return XS_EXIT_USAGE;
	}
	if (!c.quiet && isatty(STDERR_FILENO)) {
		c.o.progress = progress;
		c.o.progress_ctx = (void *)s->name;
	}
	ret = explore_scenario(s, &c.o, &r);
	if (c.o.progress)
		fprintf(stderr, "\r\033[K");
	if (ret) {
		fprintf(stderr, "xdnasim explore: %s: %s\n", c.path,
			r.why[0] ? r.why : xerrstr(ret));
		explore_result_free(&r);
		scn_free(s);
		return XS_EXIT_USAGE;
	}
	rc = r.found ? XS_EXIT_FAIL : XS_EXIT_OK;
	if (!c.quiet)
		print_result(&c, &r);
	if (c.out && r.found && write_repro(&c, &r))
		rc = XS_EXIT_USAGE;
	if (c.json) {
		ret = rpt_explore_file(c.json, c.path, &c.o, &r);
		if (ret)
			rc = cli_output_error("explore", c.json, ret);
	}
	explore_result_free(&r);
	scn_free(s);
	return rc;
}
