// SPDX-License-Identifier: MIT
/*
 * run_fnth.c - run_fail_nth(): the scenario runner as a fail-nth workload
 * (scenarios/fail_nth.h), and the readable fail-nth output of `xdnasim run`.
 *
 * Every enumeration run is one run_scenario() with the caller's options;
 * its setup hook runs the caller's hook, then the enumerator's (which
 * programs the nth call of one site and installs its op observer), and its
 * step hook keeps the scenario step in progress so that each row names the
 * step its fault fired in.  run_scenario() destroys its device with
 * sim_destroy(), where the enumerator closes what the scenario left open
 * and judges the run.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/fail_nth.h"

struct fnth_wl {
	const struct scn *scn;
	const struct run_opts *user;
	struct run_opts opts;
	sim_setup_fn setup;
	void *sctx;
	const struct run_result *cur;	/* the run in progress */
	char where[96];
};

static int wl_setup(void *p, struct sim *sim)
{
	struct fnth_wl *w = p;
	int ret = 0;

	if (w->user->setup)
		ret = w->user->setup(w->user->setup_ctx, sim);
	return ret ? ret : w->setup(w->sctx, sim);
}

static void wl_step(void *p, const struct scn_step *st, u32 instance)
{
	struct fnth_wl *w = p;

	if (w->user->step)
		w->user->step(w->user->step_ctx, st, instance);
	if (!st) {
		snprintf(w->where, sizeof(w->where), "end of run");
		return;
	}
	snprintf(w->where, sizeof(w->where), "line %u %s [%s]", st->loc.line,
		 scn_op_name(st->op), w->cur && instance < w->cur->nr_instances ?
		 w->cur->instances[instance].name : "?");
}

static const char *wl_where(void *p)
{
	return ((struct fnth_wl *)p)->where;
}

static int wl_run(void *p, sim_setup_fn setup, void *sctx)
{
	struct fnth_wl *w = p;
	struct run_result res;
	int ret;

	w->setup = setup;
	w->sctx = sctx;
	w->cur = &res;
	snprintf(w->where, sizeof(w->where), "set-up");
	ret = run_scenario(w->scn, &w->opts, &res);
	w->cur = NULL;
	run_result_free(&res);
	return ret;
}

int run_fail_nth(const struct scn *scn, const struct run_opts *opts, u64 sites, u64 max_n,
		 struct run_result *res)
{
	static const struct run_opts none;
	struct sim_fnth_opts fo = { .sites = sites, .max_n = max_n };
	struct sim_workload wl = { .run = wl_run, .where = wl_where };
	struct sim_fnth_report *rep;
	struct fnth_wl *w;
	int ret;

	if (!scn || !res || res->status == RUN_ERROR || res->fail_nth)
		return -EINVAL;
	for (u32 i = 0; i < scn->nr_faults; i++) {
		int s = sim_fault_site_by_name(scn->faults[i].site);

		if (s >= 0)
			fo.skip |= 1ULL << s;
	}
	rep = calloc(1, sizeof(*rep));
	w = calloc(1, sizeof(*w));
	if (!rep || !w) {
		free(rep);
		free(w);
		return -ENOMEM;
	}
	w->scn = scn;
	w->user = opts ? opts : &none;
	w->opts = *w->user;
	w->opts.setup = wl_setup;
	w->opts.setup_ctx = w;
	w->opts.step = wl_step;
	w->opts.step_ctx = w;
	w->opts.no_series = true;
	w->opts.progress = NULL;
	wl.ctx = w;
	ret = sim_fail_nth(&wl, &fo, rep);
	if (ret) {
		sim_fnth_report_free(rep);
		free(rep);
	} else {
		res->fail_nth = rep;
	}
	free(w);
	return ret;
}

int run_parse_fault_sites(const char *list, u64 *sites)
{
	char name[64];

	if (!strcmp(list, "all")) {
		*sites = (1ULL << SIM_FAULT_NR) - 1;
		return 0;
	}
	while (*list) {
		size_t n = strcspn(list, ",");
		int s;

		if (!n || n >= sizeof(name))
			return -EINVAL;
		memcpy(name, list, n);
		name[n] = 0;
		s = sim_fault_site_by_name(name);
		if (s < 0)
			return s;
		*sites |= 1ULL << s;
		list += n + (list[n] == ',');
	}
	return 0;
}

int run_parse_bug(const char *name, u64 *bugs)
{
	int b = sim_bug_by_name(name);

	if (b < 0)
		return b;
	*bugs |= SIM_BUG(b);
	return 0;
}

bool run_fail_nth_found(const struct run_result *res)
{
	const struct sim_fnth_report *r = res->fail_nth;

	return r && (r->counts[SIM_FNTH_LEAK] || r->counts[SIM_FNTH_INVARIANT] ||
		     r->counts[SIM_FNTH_WRONG_ERRNO]);
}

int run_print_fail_nth(FILE *f, const struct run_result *res)
{
	if (!res->fail_nth)
		return 0;
	fprintf(f, "  fail-nth (%s):\n", res->scn->name);
	return sim_fnth_print(f, res->fail_nth);
}

int run_print_fail_nth_header(FILE *f)
{
	fprintf(f, "%-34s %5s %6s %8s %8s %6s %5s %9s %9s  %s\n", "fail-nth", "runs", "clean",
		"partial", "absorbed", "wrong", "leak", "invariant", "untouched", "findings");
	return ferror(f) ? -EIO : 0;
}

int run_print_fail_nth_row(FILE *f, const struct run_result *res)
{
	const struct sim_fnth_report *r = res->fail_nth;
	bool any = false;

	if (!r)
		return 0;
	fprintf(f, "%-34s %5zu %6u %8u %8u %6u %5u %9u %9u  ", res->scn->name, r->nrows,
		r->counts[SIM_FNTH_CLEAN], r->counts[SIM_FNTH_PARTIAL],
		r->counts[SIM_FNTH_ABSORBED], r->counts[SIM_FNTH_WRONG_ERRNO],
		r->counts[SIM_FNTH_LEAK], r->counts[SIM_FNTH_INVARIANT],
		r->counts[SIM_FNTH_UNTOUCHED]);
	for (unsigned int k = 0; k < SIM_FIND_NR; k++) {
		if (!(r->findings & (1u << k)))
			continue;
		fprintf(f, "%s%s", any ? "," : "", sim_fnth_finding_name(k));
		any = true;
	}
	fprintf(f, "%s\n", any ? "" : "-");
	return ferror(f) ? -EIO : 0;
}
