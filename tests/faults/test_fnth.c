// SPDX-License-Identifier: MIT
/*
 * test_fnth.c - fail-nth enumeration over a two-hwctx workload in both
 * designs, asserting the outcomes docs/driver/heap.md §7.1, §7.2, §10 and docs/driver/proto.md
 * §5.2 / Q6 prescribe for exact (site, n) cells.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check_util.h"
#include "scenarios/fail_nth.h"
#include "reports/run_report.h"
#include "tests/faults/test_faults.h"

#define MiB (1ULL << 20)

struct wl {
	struct sim_config cfg;
};

/* open (chunk 0), hwctx A, hwctx B, 100 MiB DEV BO (chunk 1, update_heap over A and B). */
static int wl_run(void *p, sim_setup_fn setup, void *sctx)
{
	struct wl *w = p;
	struct sim_result r;
	struct sim *sim;
	int ret = sim_create(&w->cfg, &sim);

	if (ret)
		return ret;
	ret = setup(sctx, sim);
	if (!ret && !sim_shim_open(sim, &r)) {
		u32 c = r.handle;

		sim_hwctx_create(sim, c, 4, NULL);
		sim_hwctx_create(sim, c, 4, NULL);
		sim_shim_alloc_dev_bo(sim, c, 100 * MiB, NULL);
		sim_shim_close(sim, c);
	}
	sim_destroy(sim);
	return ret;
}

static void enumerate(enum drv_rev d, struct sim_fnth_report *rep)
{
	static struct wl w;
	struct sim_workload wl = { .run = wl_run, .ctx = &w };

	sim_config_default(&w.cfg);
	w.cfg.rev = d;
	w.cfg.no_autosuspend = true;
	ck_assert_int_eq(sim_fail_nth(&wl, NULL, rep), 0);
	ck_assert_int_eq(rep->baseline_ret, 0);
	ck_assert_int_eq(rep->baseline_inv, -1);
}

const struct sim_fnth_row *fnth_cell(const struct sim_fnth_report *rep, const char *site, u64 n)
{
	int s = sim_fault_site_by_name(site);

	for (size_t i = 0; i < rep->nrows; i++)
		if ((int)rep->rows[i].site == s && rep->rows[i].n == n)
			return &rep->rows[i];
	ck_abort_msg("no row %s %llu", site, (unsigned long long)n);
	return NULL;
}

/* Every site ends with exactly one untouched row at calls + 1; n is dense before it. */
static void check_shape(const struct sim_fnth_report *rep)
{
	for (u32 s = 0; s < SIM_FAULT_NR; s++) {
		u64 next = 1;

		for (size_t i = 0; i < rep->nrows; i++) {
			if (rep->rows[i].site != s)
				continue;
			ck_assert_uint_eq(rep->rows[i].n, next);
			ck_assert_int_eq(rep->rows[i].outcome == SIM_FNTH_UNTOUCHED,
					 next == rep->calls[s] + 1);
			next++;
		}
		ck_assert_uint_eq(next, rep->calls[s] + 2);
	}
}

START_TEST(test_pr1233_all_or_nothing)
{
	struct sim_fnth_report rep;
	const struct sim_fnth_row *w;

	enumerate(REV_PR1233, &rep);
	check_shape(&rep);
	ck_assert_uint_eq(rep.counts[SIM_FNTH_INVARIANT], 0);
	ck_assert_uint_eq(rep.counts[SIM_FNTH_WRONG_ERRNO], 0);
	/* docs/driver/heap.md §8.1 map_heap: a failed hwctx creation leaves nothing. */
	for (size_t i = 0; i < rep.nrows; i++) {
		w = &rep.rows[i];
		if (w->outcome == SIM_FNTH_UNTOUCHED || w->op != SIM_OP_HWCTX_CREATE)
			continue;
		ck_assert_int_ne(w->outcome, SIM_FNTH_PARTIAL);
		ck_assert_uint_eq(w->delta.attached, 0);
		ck_assert_uint_eq(w->delta.pins, 0);
		ck_assert_uint_eq(w->delta.dev_bos, 0);
	}
	/* MAP of the first hwctx: EINVAL, clean. */
	w = fnth_cell(&rep, "fw.MAP_HOST_BUFFER", 1);
	ck_assert_int_eq(w->op, SIM_OP_HWCTX_CREATE);
	ck_assert_int_eq(w->ret, -EINVAL);
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	/* PR broadcast of chunk 1 to hwctx A fails: only logged, A is left behind. */
	w = fnth_cell(&rep, "fw.ADD_HOST_BUFFER", 1);
	ck_assert_int_eq(w->op, SIM_OP_SHIM_ALLOC);
	ck_assert_int_eq(w->outcome, SIM_FNTH_ABSORBED);
	ck_assert(w->findings & SIM_FIND_HWCTX_BEHIND);
	sim_fnth_report_free(&rep);
}
END_TEST

START_TEST(test_head_partial_progress)
{
	struct sim_fnth_report rep;
	const struct sim_fnth_row *w;

	enumerate(REV_856409CA, &rep);
	check_shape(&rep);
	ck_assert_uint_eq(rep.counts[SIM_FNTH_INVARIANT], 0);
	ck_assert_uint_eq(rep.counts[SIM_FNTH_WRONG_ERRNO], 0);
	/* update_heap: A fails first → nothing attached, the shim's chunk 1 stays. */
	w = fnth_cell(&rep, "fw.ADD_HOST_BUFFER", 1);
	ck_assert_int_eq(w->op, SIM_OP_SHIM_ALLOC);
	ck_assert_int_eq(w->ret, -EINVAL);
	ck_assert_int_eq(w->outcome, SIM_FNTH_PARTIAL);
	ck_assert_uint_eq(w->delta.chunks, 1);
	ck_assert_uint_eq(w->delta.attached, 0);
	ck_assert_uint_eq(w->delta.dev_bos, 0);
	/* A attached chunk 1, B failed: A keeps it (docs/driver/heap.md §7.2, §10.2). */
	w = fnth_cell(&rep, "fw.ADD_HOST_BUFFER", 2);
	ck_assert_int_eq(w->outcome, SIM_FNTH_PARTIAL);
	ck_assert_uint_eq(w->delta.attached, 1);
	ck_assert_uint_eq(w->delta.pins, 1);
	ck_assert_uint_eq(w->delta.fw_bufs, 1);
	ck_assert(w->findings & SIM_FIND_HWCTX_BEHIND);
	/* The chunk's handle fails after publication: committed, unreachable (§10.1, §14.2). */
	w = fnth_cell(&rep, "handle_create", 2);
	ck_assert_int_eq(w->ret, -ENOMEM);
	ck_assert_int_eq(w->outcome, SIM_FNTH_PARTIAL);
	ck_assert_uint_eq(w->delta.lost_chunks, 1);
	ck_assert(w->findings & SIM_FIND_LOST_CHUNK);
	/* docs/driver/proto.md Q6: the solver's DPM failure leaks the firmware context. */
	w = fnth_cell(&rep, "smu.dpm", 1);
	ck_assert_int_eq(w->op, SIM_OP_HWCTX_CREATE);
	ck_assert_int_eq(w->ret, -EINVAL);
	ck_assert_int_eq(w->outcome, SIM_FNTH_LEAK);
	ck_assert_uint_eq(w->delta.fw_leaked, 1);
	ck_assert(w->findings & SIM_FIND_FW_CTX_LEAK);
	/* A failed hwctx pin: nothing kept (docs/driver/heap.md §7.1 all-or-nothing). */
	w = fnth_cell(&rep, "pin_pages", 1);
	ck_assert_int_eq(w->op, SIM_OP_HWCTX_CREATE);
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	sim_fnth_report_free(&rep);
}
END_TEST

static char *json_of(enum drv_rev d)
{
	struct sim_fnth_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	enumerate(d, &rep);
	ck_assert_int_eq(rpt_fail_nth_write(f, &rep, "test"), 0);
	fclose(f);
	sim_fnth_report_free(&rep);
	return buf;
}

START_TEST(test_deterministic_json)
{
	char *a = json_of(REV_856409CA), *b = json_of(REV_856409CA);

	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, "\"schema\": \"xdnasim-fail-nth/1\""));
	ck_assert_ptr_nonnull(strstr(a, "\"outcome\": \"leak\",\n        \"result\": \"EINVAL\",\n"
				     "        \"site\": \"smu.dpm\""));
	free(a);
	free(b);
}
END_TEST

START_TEST(test_bad_args)
{
	struct sim_fnth_report rep;
	struct sim_fnth_opts o = { .sites = 1ULL << SIM_FAULT_NR };
	static struct wl w;
	struct sim_workload wl = { .run = wl_run, .ctx = &w };

	sim_config_default(&w.cfg);
	ck_assert_int_eq(sim_fail_nth(NULL, NULL, &rep), -EINVAL);
	ck_assert_int_eq(sim_fail_nth(&wl, &o, &rep), -EINVAL);
	w.cfg.device = "npu9";
	ck_assert_int_eq(sim_fail_nth(&wl, NULL, &rep), -EINVAL);
	sim_fnth_report_free(&rep);
}
END_TEST

Suite *fnth_suite(void)
{
	Suite *s = suite_create("fail-nth");
	TCase *t = tcase_create("enumerate");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_pr1233_all_or_nothing);
	tcase_add_test(t, test_head_partial_progress);
	tcase_add_test(t, test_deterministic_json);
	tcase_add_test(t, test_bad_args);
	suite_add_tcase(s, t);
	return s;
}
