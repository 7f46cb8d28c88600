// SPDX-License-Identifier: MIT
/*
 * cmd_run.c - "xdnasim run SCENARIO...": run scenario files on the
 * simulator, print a summary per scenario and a final table, optionally
 * write the JSON run report.  The work is done by run_scenario()
 * (scenarios/run.h) and rpt_run_report_file() (reports/run_report.h).
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/errname.h"
#include "common/output.h"
#include "common/parse.h"
#include "reports/ci_report.h"
#include "reports/run_report.h"
#include "scenarios/run.h"

/*
 * A long run touches its simulator objects (one per live BO, a few hundred
 * bytes each, the allocator's tree nodes inside) in random order, and past
 * a few thousand live BOs much of the time goes to TLB misses.  Ask for
 * huge pages for malloc's main heap: reserve 256 MiB of address space at
 * its end (untouched, so no memory) and mark it MADV_HUGEPAGE, so that
 * where transparent huge pages are enabled ("always" or "madvise") the
 * heap grows in 2 MiB pages.  A hint: it changes no result, and nothing
 * happens when malloc does not grow glibc's brk heap (Valgrind,
 * sanitizers) or the kernel refuses.
 */
static void heap_hugepage_hint(void)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD)
	const uintptr_t huge = (uintptr_t)2 << 20;
	void *p[8] = { NULL };
	uintptr_t lo = (uintptr_t)sbrk(0), hi = lo, a, b;

	if (lo == (uintptr_t)-1 || mallopt(M_TOP_PAD, 256 << 20) != 1)
		return;
	/* the heap grows by the pad at the first allocation its top cannot hold */
	for (int i = 0; i < 8 && hi == lo; i++) {
		p[i] = malloc(64 << 10);
		hi = (uintptr_t)sbrk(0);
	}
	for (int i = 0; i < 8; i++)
		free(p[i]);
	a = (lo + huge - 1) & ~(huge - 1);
	b = hi & ~(huge - 1);
	if (hi != (uintptr_t)-1 && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#endif
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim run [options] SCENARIO...\n"
		"\n"
		"Run each scenario file (schema: scenarios/README.md) on the simulator and\n"
		"check its expectations.  Prints a summary per scenario (each expectation,\n"
		"expansions, failures by errno, peaks, fragmentation at peak, the first\n"
		"invariant violation) and a final table.\n"
		"\n"
		"  --json FILE        write the JSON run report (schema xdnasim-run-report/3,\n"
		"                     reports/run-report.schema.json) of all scenarios\n"
		"  --seed N           override the scenario's seed\n"
		"  --revision R       override the driver revision: pr1233, pr1279, 856409ca,\n"
		"                     pr1670, pr1705, upstream, head (= pr1705); list them\n"
		"                     with `xdnasim revisions` (--design: deprecated alias)\n"
		"  --mode M           override the address mode: pasid | iova | carveout\n"
		"  --junit FILE       write JUnit XML for CI: one testsuite per scenario, one\n"
		"                     testcase per expectation (reports/junit.xsd, docs/ci.md)\n"
		"  --tap              print TAP version 13 on stdout instead of the summaries\n"
		"                     and the table: one test point per scenario\n"
		"  --check-every-op   run sim_check after every op; stop at the first violation\n"
		"                     that fails the run (an allowed one does not stop it;\n"
		"                     and compare the incrementally kept heap metrics with\n"
		"                     a recomputation)\n"
		"  --trace-out FILE   stream every op of every run to FILE as it runs, one JSON\n"
		"                     object per line (schema xdnasim-trace/2, docs/run.md)\n"
		"  --quiet            print only the final table\n"
		"  --bug NAME         turn a historical-bug switch on (repeatable; docs/faults.md)\n"
		"  --fail-nth SITE|all  after the run, re-run the scenario failing the 1st,\n"
		"                     2nd, ... call of each fault site (comma-separated list,\n"
		"                     repeatable) until it runs past the last call untouched;\n"
		"                     print site x n -> outcome (docs/faults.md)\n"
		"  --max-n N          with --fail-nth: at most N runs per site\n"
		"\n"
		"Verdicts are strict (docs/run.md \"Verdicts\"): a scenario passes only when\n"
		"every expectation holds and nothing unexpected happened (a failing step\n"
		"without an expectation, a job that did not complete, a firmware error\n"
		"status, a leaked firmware context, an invariant violation or note), each\n"
		"listed with FILE:LINE:COLUMN, step, instance and reason.  A scenario with\n"
		"a known_bug that fails is XFAIL; one that passes is XPASS.\n"
		"\n"
		"Every file that loads runs; a file that does not load is reported (status\n"
		"\"error\" in the JSON report) and makes the exit status 2.\n"
		"\n"
		"Exit status: 0 every scenario PASS or XFAIL, 1 a FAIL or XPASS (or\n"
		"--check-every-op found a violation, or --fail-nth saw a leak, a broken\n"
		"invariant or a wrong errno), 2 usage or input error.\n");
}

struct run_cli {
	struct run_opts opts;
	const char *json;
	const char *trace;
	const char *junit;
	bool tap;
	bool quiet;
	u64 fnth_sites;		/* --fail-nth: 0 = not asked */
	u64 fnth_max_n;
};

static void progress(void *ctx, u64 done, u64 total)
{
	fprintf(stderr, "\r%s: %llu/%llu operations", (const char *)ctx,
		(unsigned long long)done, (unsigned long long)total);
}

static int parse(int argc, char **argv, struct run_cli *c)
{
	static const struct option longopts[] = {
		{ "json", required_argument, NULL, 'j' },
		{ "junit", required_argument, NULL, 'J' },
		{ "tap", no_argument, NULL, 'T' },
		{ "seed", required_argument, NULL, 's' },
		CLI_TARGET_LONGOPTS,
		{ "check-every-op", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "fail-nth", required_argument, NULL, 'f' },
		{ "max-n", required_argument, NULL, 'n' },
		{ "trace-out", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_target target = { &c->opts.rev, &c->opts.has_rev, &c->opts.mode,
					   &c->opts.has_mode, &c->opts.bugs };
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (o) {
		case 'j':
			c->json = optarg;
			break;
		case 't':
			c->trace = optarg;
			break;
		case 'J':
			c->junit = optarg;
			break;
		case 'T':
			c->tap = true;
			c->quiet = true;
			break;
		case 's':
			if (parse_u64(optarg, &c->opts.seed)) {
				fprintf(stderr, "xdnasim run: bad --seed '%s'\n", optarg);
				return -EINVAL;
			}
			c->opts.has_seed = true;
			break;
		case 'd':
		case 'm':
		case 'b':
			if (cli_target_option("run", o, optarg, &target))
				return -EINVAL;
			break;
		case 'c':
			c->opts.check_every_op = true;
			break;
		case 'q':
			c->quiet = true;
			break;
		case 'f':
			if (run_parse_fault_sites(optarg, &c->fnth_sites)) {
				fprintf(stderr, "xdnasim run: bad --fail-nth '%s' (fault sites or all)\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'n':
			if (parse_u64_dec(optarg, &c->fnth_max_n) || !c->fnth_max_n) {
				fprintf(stderr, "xdnasim run: bad --max-n '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		default:
			fprintf(stderr, "xdnasim run: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "xdnasim run: no scenario given (see --help)\n");
		return -EINVAL;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_cli c = { 0 };
	struct run_result *res;
	struct scn **scns;
	int n, rc = XS_EXIT_OK;
	struct xout tout = { 0 };
	bool trace_bad = false;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (parse(argc, argv, &c))
		return XS_EXIT_USAGE;
	n = argc - optind;
	scns = calloc((size_t)n, sizeof(*scns));
	res = calloc((size_t)n, sizeof(*res));
	if (!scns || !res) {
		fprintf(stderr, "xdnasim run: out of memory\n");
		free(scns);
		free(res);
		return XS_EXIT_USAGE;
	}
	/* The report must not replace a scenario: refuse before reading anything. */
	if ((c.json && cli_refuse_input("run", c.json, (const char *const *)argv + optind,
					(size_t)n)) ||
	    (c.junit && cli_refuse_input("run", c.junit, (const char *const *)argv + optind,
					 (size_t)n)) ||
	    (c.trace && cli_refuse_input("run", c.trace, (const char *const *)argv + optind,
					 (size_t)n))) {
		free(scns);
		free(res);
		return XS_EXIT_USAGE;
	}
	/*
	 * Load everything first; a file that does not load is reported, gets
	 * status "error" in the JSON report, and the exit status is 2 at the
	 * end, but every file that loads still runs.
	 */
	for (int i = 0; i < n; i++) {
		struct scn_error err;

		res[i].input = argv[optind + i];
		if (scn_load_file(argv[optind + i], run_vocab(), &scns[i], &err)) {
			fprintf(stderr, "xdnasim run: %s\n", err.text);
			res[i].status = RUN_ERROR;
			snprintf(res[i].error, sizeof(res[i].error), "%s", err.text);
			rc = XS_EXIT_USAGE;
		}
	}
	/* the report keeps RUN_SERIES_REPORT per-op rows; the timeline covers the rest */
	c.opts.series_max = RUN_SERIES_REPORT;
	/* the trace streams into a temporary file, renamed into place at the end */
	if (c.trace && rc != XS_EXIT_USAGE) {
		int ret = xout_open(&tout, c.trace);

		if (ret) {
			rc = cli_output_error("run", c.trace, ret);
			trace_bad = true;
		} else {
			c.opts.trace = tout.f;
		}
	}
	heap_hugepage_hint();
	/* every file that loaded runs; one that did not is reported and makes the exit 2 */
	for (int i = 0; i < n && !trace_bad; i++) {
		if (!scns[i])
			continue;
		c.opts.progress = isatty(STDERR_FILENO) ? progress : NULL;
		c.opts.progress_ctx = (void *)scns[i]->name;
		run_scenario(scns[i], &c.opts, &res[i]);
		res[i].input = argv[optind + i];
		if (c.opts.progress)
			fprintf(stderr, "\r\033[K");
		if (res[i].status == RUN_ERROR) {
			fprintf(stderr, "xdnasim run: %s\n", res[i].error);
			rc = XS_EXIT_USAGE;
		} else if (run_status_failed(res[i].status) && rc == XS_EXIT_OK) {
			rc = XS_EXIT_FAIL;
		}
		if (!c.quiet)
			run_print_summary(stdout, &res[i]);
		if (c.fnth_sites && res[i].status != RUN_ERROR) {
			struct run_opts fo = c.opts;
			int ret;

			fo.trace = NULL;	/* the trace is the scenario's own run */
			ret = run_fail_nth(scns[i], &fo, c.fnth_sites, c.fnth_max_n, &res[i]);

			if (ret) {
				fprintf(stderr, "xdnasim run: %s: fail-nth: %s\n", scns[i]->file,
					xerrstr(ret));
				rc = XS_EXIT_USAGE;
			} else if (run_fail_nth_found(&res[i]) && rc == XS_EXIT_OK) {
				rc = XS_EXIT_FAIL;
			}
			if (!c.quiet)
				run_print_fail_nth(stdout, &res[i]);
		}
	}
	{
		int done = 0;

		for (int i = 0; i < n; i++)
			done += res[i].scn != NULL || res[i].input != NULL;
		if (done && !c.tap) {
			printf("\n");
			run_print_table_header(stdout);
			for (int i = 0; i < n; i++)
				run_print_table_row(stdout, &res[i]);
			run_print_table_legend(stdout);
			if (c.fnth_sites) {
				printf("\n");
				run_print_fail_nth_header(stdout);
				for (int i = 0; i < n; i++)
					if (res[i].scn)
						run_print_fail_nth_row(stdout, &res[i]);
			}
		}
	}
	/* the reports list every file, those that did not load as errors */
	if (c.json || c.junit || c.tap) {
		const struct run_result **rp = calloc((size_t)n, sizeof(*rp));
		int ret = rp ? 0 : -ENOMEM;

		for (int i = 0; i < n && rp; i++)
			rp[i] = &res[i];
		if (!ret && c.json) {
			ret = rpt_run_report_file(c.json, rp, (size_t)n);
			if (ret)
				rc = cli_output_error("run", c.json, ret);
		}
		if (!ret && c.junit) {
			ret = rpt_junit_file(c.junit, rp, (size_t)n);
			if (ret)
				rc = cli_output_error("run", c.junit, ret);
		}
		if (!ret && c.tap) {
			ret = rpt_tap_write(stdout, rp, (size_t)n);
			if (ret)
				rc = cli_output_error("run", "standard output", ret);
		}
		free(rp);
	}
	if (c.opts.trace) {
		/* an input or output error leaves no half-written trace */
		if (rc == XS_EXIT_USAGE) {
			xout_abort(&tout);
		} else {
			int ret = xout_commit(&tout);

			if (ret)
				rc = cli_output_error("run", c.trace, ret);
		}
	}
	for (int i = 0; i < n; i++) {
		run_result_free(&res[i]);
		scn_free(scns[i]);
	}
	free(res);
	free(scns);
	return rc;
}
