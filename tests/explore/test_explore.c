// SPDX-License-Identifier: MIT
/*
 * test_explore.c - the interleaving explorer (scenarios/explore.h) and the
 * thread model it stands on (sim/thread.h): the yield-point table and its
 * lock order, footprints, the staged close and the detached TDR; K3 and K15
 * found from a plain "close while a job times out" scenario with their
 * switches and nothing without; exact schedules and counts; the reproducer
 * loads and replays the same failure; PCT is deterministic per seed.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/explore_report.h"
#include "reports/run_report.h"
#include "scenarios/explore.h"
#include "sim/bugs.h"
#include "sim/thread.h"
#include "tests/check_util.h"

/* one IOVA client `app` that opens first; its further steps follow */
#define APP_OPEN \
	"xdnasim: 1\n" \
	"mode: iova\n" \
	"clients:\n" \
	"  - name: app\n" \
	"    steps:\n" \
	"      - open\n"

/* one client that opens, creates a context and allocates A (lines 1-8) */
#define APP_HEAD \
	APP_OPEN \
	"      - hwctx_create: ctx\n" \
	"      - alloc: {label: A, size: 100MiB}\n"

/* the plain scenario of scenarios/explore/close_while_job_times_out.yaml */
static const char *const plain =
	APP_HEAD
	"      - exec: {hwctx: ctx, bos: [A], hang: true, expect: any}\n"
	"      - tdr: {hwctx: ctx, async: true, expect: any}\n"
	"      - close\n";

/* the plain scenario of scenarios/explore/job_reply_while_tdr.yaml */
static const char *const reply =
	APP_HEAD
	"      - exec: {hwctx: ctx, bos: [A], late: true, expect: any}\n"
	"      - mbox_rx: {hwctx: ctx, async: true}\n"
	"      - tdr: {hwctx: ctx, async: true, expect: any}\n"
	"      - close\n";

static struct scn *load(const char *yaml)
{
	struct scn_error err;
	struct scn *s = NULL;
	int ret = scn_load_buffer(yaml, strlen(yaml), "t.yaml", run_vocab(), &s, &err);

	T_MSG(ret == 0, "scenario does not load: %s", err.text);
	return s;
}

static void explore(const char *yaml, const struct explore_opts *o, struct explore_result *r,
		    struct scn **s)
{
	*s = load(yaml);
	T_INT_EQ(explore_scenario(*s, o, r), 0);
}

/* @r found a failure of @kind at @pre preemptions with exactly the schedule @want (@n segments). */
static void expect_sched(const struct explore_result *r, enum explore_failure kind, u32 pre,
			 const u32 *want, u32 n)
{
	T_ASSERT(r->found);
	T_INT_EQ(r->failure, kind);
	T_INT_EQ(r->preemptions, pre);
	T_INT_EQ(r->nsched, n);
	T_MEM_EQ(r->sched, want, n * sizeof(*want));
}

/* ---- the thread model tables --------------------------------------------- */

START_TEST(yield_table_sound)
{
	char why[256] = "";

	for (u32 i = 0; i < SIM_YP_NR; i++) {
		const struct sim_yield_desc *y = &sim_yields[i];

		T_MSG(y->name && y->file && y->function && y->commit && y->revisions && y->what,
		      "yield point %u: a field is missing", i);
		T_MSG(strlen(y->commit) == 8, "%s: commit '%s'", y->name, y->commit);
		T_ASSERT((unsigned)y->path < SIM_PATH_NR);
		T_ASSERT((unsigned)y->kind < SIM_YK_NR);
		T_ASSERT((unsigned)y->lock < SIM_LOCK_NR);
		/* a lock kind names a lock; a bare preemption point names none */
		T_MSG((y->kind == SIM_YK_NONE) == (y->lock == SIM_LOCK_NONE), "%s: kind/lock", y->name);
		T_MSG(!strncmp(y->file, "aie2_", 5) || !strncmp(y->file, "amdxdna_", 8) ||
		      !strcmp(y->file, "aie.c"),
		      "%s: file %s", y->name, y->file);
	}
	for (u32 p = 0; p < SIM_PATH_NR; p++)
		T_MSG(sim_paths[p].name && sim_paths[p].footprint, "path %u", p);
	T_INT_EQ(sim_lock_order_check(why, sizeof(why)), 0);
	T_MSG(!why[0], "%s", why);
}
END_TEST

START_TEST(path_locks_exact)
{
	const u32 C = 1u << SIM_LOCK_CLIENT, D = 1u << SIM_LOCK_DEV, M = 1u << SIM_LOCK_MM;

	/*
	 * amdxdna_drm_close: client_lock (87d89244), dev_lock; release of the
	 * expanded heap: mm_lock (HEAD); f2c31c79 and aba33e95 take dev_lock alone
	 */
	T_EQ(sim_path_locks(SIM_PATH_POSTCLOSE, "856409ca"), C | D | M);
	T_EQ(sim_path_locks(SIM_PATH_POSTCLOSE, "pr1233"), D);
	T_EQ(sim_path_locks(SIM_PATH_POSTCLOSE, "pr1279"), D);
	/* amdxdna_drm_open, DESTROY_HWCTX, CONFIG_HWCTX: client_lock before dev_lock where taken */
	T_EQ(sim_path_locks(SIM_PATH_OPEN, "856409ca"), C | D);
	T_EQ(sim_path_locks(SIM_PATH_OPEN, "pr1233"), D);
	T_EQ(sim_path_locks(SIM_PATH_HWCTX_DESTROY, "pr1705"), C | D);
	T_EQ(sim_path_locks(SIM_PATH_HWCTX_DESTROY, "pr1279"), D);
	T_EQ(sim_path_locks(SIM_PATH_HWCTX_CONFIG, "856409ca"), C | D);
	T_EQ(sim_path_locks(SIM_PATH_HWCTX_CONFIG, "pr1233"), D);
	T_ASSERT(SIM_YP_CONFIG_CU_CLIENT_LOCK < SIM_YP_CONFIG_CU_DEV_LOCK);
	T_ASSERT(SIM_YP_OPEN_CLIENT_LOCK < SIM_YP_OPEN_DEV_LOCK);
	/* a submission takes no mutex (amdxdna_cmd_submit: the hwctx SRCU, the receive side's spinlocks) */
	T_EQ(sim_path_locks(SIM_PATH_EXEC, NULL) & (C | D | M), 0);
	/* across aie2_hwctx_fini()'s dev_lock drop the postclose keeps client_lock where it took it */
	T_EQ(sim_drop_held(SIM_YP_POSTCLOSE_FINI_DROP, "856409ca"), C);
	T_EQ(sim_drop_held(SIM_YP_POSTCLOSE_FINI_DROP, "upstream"), C);
	T_EQ(sim_drop_held(SIM_YP_POSTCLOSE_FINI_DROP, "pr1233"), 0);
	T_EQ(sim_drop_held(SIM_YP_HWCTX_DESTROY_FINI_DROP, "856409ca"), C);
	T_EQ(sim_drop_held(SIM_YP_POSTCLOSE_DEV_LOCK, "856409ca"), 0);	/* not a drop */
	T_EQ(sim_drop_held(SIM_YP_NR, NULL), 0);
	T_EQ(sim_path_locks(SIM_PATH_TDR, NULL), D | 1u << SIM_LOCK_IO);	/* NULL: pr1710's too */
	T_EQ(sim_path_locks(SIM_PATH_TDR, "856409ca"), D);
	T_EQ(sim_path_locks(SIM_PATH_FD_RELEASE, NULL), 0);
	T_EQ(sim_path_locks(SIM_PATH_CREATE_BO, "upstream"), D | M);
	T_EQ(sim_path_locks(SIM_PATH_CREATE_BO, "pr1233"), D | M);	/* the chunk broadcast */
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_TDR_DEV_LOCK], "pr1233"));
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_TDR_HEALTH], "pr1233"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_GEM_OBJ_CLOSE], "anything"));
	/* aie2_hwctx_fini drops dev_lock in every revision (f2c31c79, aba33e95 read) */
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_POSTCLOSE_FINI_DROP], "pr1233"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_POSTCLOSE_FINI_DROP], "pr1279"));
	T_ASSERT(SIM_YP_POSTCLOSE_FINI_DROP > SIM_YP_POSTCLOSE_DESTROY_CTX);	/* after DESTROY_CONTEXT */
	/* expand_heap's mm_lock drop exists only where the chunk walk does (not PR #1233) */
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_EXPAND_HEAP_DROP], "pr1233"));
	T_ASSERT(!strcmp(sim_lock_name(SIM_LOCK_MM), "mm_lock"));
	T_ASSERT(!strcmp(sim_lock_name(SIM_LOCK_IO), "io_lock"));
	T_ASSERT(!strcmp(sim_lock_name(SIM_LOCK_NR), "?"));
	T_ASSERT(!strcmp(sim_yield_kind_name(SIM_YK_DROP), "drop"));
	T_ASSERT(!strcmp(sim_yield_kind_name(SIM_YK_NR), "?"));
	/* the receive worker takes the channel's xa spinlock and no mutex */
	T_EQ(sim_path_locks(SIM_PATH_MBOX_RX, NULL),
	     (1u << SIM_LOCK_CHAN_XA) | (1u << SIM_LOCK_IO_STATS) | (1u << SIM_LOCK_FENCE));
	T_EQ(sim_path_locks(SIM_PATH_TDR, "856409ca"), D);
	T_ASSERT(sim_lock_is_spin(SIM_LOCK_CHAN_XA));
	T_ASSERT(!sim_lock_is_spin(SIM_LOCK_DEV) && !sim_lock_is_spin(SIM_LOCK_NR));
	T_ASSERT(!strcmp(sim_lock_name(SIM_LOCK_CHAN_XA), "chan_xa"));
	/* and, where the revision has it, the client's io_stats spinlock; the fence's everywhere */
	T_EQ(sim_path_locks(SIM_PATH_MBOX_RX, "856409ca"),
	     (1u << SIM_LOCK_CHAN_XA) | (1u << SIM_LOCK_IO_STATS) | (1u << SIM_LOCK_FENCE));
	T_EQ(sim_path_locks(SIM_PATH_MBOX_RX, "pr1233"),
	     (1u << SIM_LOCK_CHAN_XA) | (1u << SIM_LOCK_FENCE));
	T_ASSERT(sim_lock_is_spin(SIM_LOCK_IO_STATS) && sim_lock_is_spin(SIM_LOCK_FENCE));
	T_ASSERT(!strcmp(sim_yield_kind_name(SIM_YK_SLEEP), "sleep"));
	/* job->job_timeout is set before the stop drains the receive worker */
	T_ASSERT(SIM_YP_TDR_MARK < SIM_YP_TDR_STOP_DRAIN && SIM_YP_TDR_STOP_DRAIN < SIM_YP_TDR_STOP);
}
END_TEST

/*
 * Sleep in atomic context: the real table (every revision) has no sleeping
 * row inside a spinlock; a planted one is flagged, naming both rows.
 */
START_TEST(atomic_check_flags_planted)
{
	static const char *const revs[] = { NULL, "856409ca", "pr1233", "pr1279", "pr1670",
					    "pr1705", "upstream", "pr1710" };
	struct sim_yield_desc t[] = {
		{ "P_LOCK", SIM_PATH_MBOX_RX, SIM_YK_ACQUIRE, SIM_LOCK_CHAN_XA, "amdxdna_mailbox.c",
		  "mailbox_get_resp", "856409ca", "all", "planted" },
		{ "P_WAIT", SIM_PATH_MBOX_RX, SIM_YK_FW_WAIT, SIM_LOCK_DEV, "aie2_message.c",
		  "planted_wait", "856409ca", "pr1233", "planted" },
		{ "P_UNLOCK", SIM_PATH_MBOX_RX, SIM_YK_RELEASE, SIM_LOCK_CHAN_XA, "amdxdna_mailbox.c",
		  "mailbox_get_resp", "856409ca", "all", "planted" },
	};
	struct sim_yield_desc real[SIM_YP_NR + 1];
	char why[256] = "";

	for (size_t i = 0; i < ARRAY_SIZE(revs); i++)
		T_INT_EQ(sim_atomic_check(sim_yields, SIM_YP_NR, revs[i], why, sizeof(why)), 0);
	T_MSG(!why[0], "%s", why);
	/* a firmware wait under the rx worker's xa lock, in the revision that has it */
	T_INT_EQ(sim_atomic_check(t, 3, "856409ca", why, sizeof(why)), 0);
	T_INT_EQ(sim_atomic_check(t, 3, "pr1233", why, sizeof(why)), -EDEADLK);
	T_MSG(!strcmp(why, "path mbox_rx: P_WAIT (fw_wait, planted_wait()) sleeps under the "
			   "spinlock chan_xa taken in mailbox_get_resp()"), "%s", why);
	/* a mutex taken under it; srcu_read_lock does not sleep; after the release nothing */
	t[1].kind = SIM_YK_ACQUIRE;
	t[1].lock = SIM_LOCK_MM;
	T_INT_EQ(sim_atomic_check(t, 3, NULL, why, sizeof(why)), -EDEADLK);
	T_MSG(strstr(why, "P_WAIT (acquire, planted_wait())") != NULL, "%s", why);
	t[1].kind = SIM_YK_SRCU_READ;
	t[1].lock = SIM_LOCK_HWCTX_SRCU;
	T_INT_EQ(sim_atomic_check(t, 3, NULL, why, sizeof(why)), 0);
	t[1].kind = SIM_YK_SLEEP;
	T_INT_EQ(sim_atomic_check(t, 3, NULL, why, sizeof(why)), -EDEADLK);
	T_INT_EQ(sim_atomic_check(t, 1, NULL, why, sizeof(why)), 0);
	t[1].path = SIM_PATH_EXEC;	/* another path: its rows do not see the lock */
	T_INT_EQ(sim_atomic_check(t, 3, NULL, why, sizeof(why)), 0);
	/* the real receive worker with dev_lock planted inside its xa lock */
	memcpy(real, sim_yields, SIM_YP_RX_XA_LOCK * sizeof(*real) + sizeof(*real));
	real[SIM_YP_RX_XA_LOCK + 1] = sim_yields[SIM_YP_TDR_DEV_LOCK];
	real[SIM_YP_RX_XA_LOCK + 1].path = SIM_PATH_MBOX_RX;
	memcpy(&real[SIM_YP_RX_XA_LOCK + 2], &sim_yields[SIM_YP_RX_XA_LOCK + 1],
	       (SIM_YP_NR - SIM_YP_RX_XA_LOCK - 1) * sizeof(*real));
	T_INT_EQ(sim_atomic_check(real, SIM_YP_NR + 1, "856409ca", why, sizeof(why)), -EDEADLK);
	T_MSG(!strcmp(why, "path mbox_rx: TDR_DEV_LOCK (acquire, aie2_sched_job_timedout()) sleeps "
			   "under the spinlock chan_xa taken in mailbox_get_resp()"), "%s", why);
}
END_TEST

/*
 * Every row against every revision: PR #1710's own rows (commit "PR #1710")
 * exist in pr1710 only; exactly the scheduler handler's rows that the pull
 * request removes exclude it (the handler's dev_lock, its job_timeout mark,
 * its stop, the reply handler's job_timeout branch); every other row is in
 * pr1710 exactly when it is in its base pr1705.
 */
START_TEST(proposal_rows_exact)
{
	static const char *const excluded[] = { "TDR_DEV_LOCK", "TDR_MARK", "TDR_STOP", "RX_NOTIFY",
						"SUBMIT_SCHED_QUEUE" };
	u32 own = 0, excl = 0;

	for (u32 i = 0; i < SIM_YP_NR; i++) {
		const struct sim_yield_desc *y = &sim_yields[i];
		bool mine = !strncmp(y->name, "PR1710_", 7), ex = false;

		for (size_t k = 0; k < ARRAY_SIZE(excluded); k++)
			ex |= !strcmp(y->name, excluded[k]);
		T_MSG(mine == !strcmp(y->commit, "PR #1710"), "%s: commit %s", y->name, y->commit);
		T_MSG(ex == (strstr(y->revisions, "-pr1710") != NULL), "%s: %s", y->name, y->revisions);
		for (size_t r = 0; r < REV_NR; r++) {
			enum drv_rev rv = drv_rev_by_age(r);
			bool in = sim_yield_in_revision(y, drv_rev_name(rv));

			if (mine)
				T_MSG(in == (rv == REV_PR1710), "%s in %s", y->name, drv_rev_name(rv));
			else if (rv == REV_PR1710)
				T_MSG(in == (!ex && sim_yield_in_revision(y, "pr1705")), "%s in pr1710",
				      y->name);
		}
		own += mine;
		excl += ex;
	}
	T_INT_EQ(own, 8);
	T_INT_EQ(excl, ARRAY_SIZE(excluded));
}
END_TEST

/* The revisions list of a row: names, "all", exclusions, a proposal's base. */
START_TEST(revision_list_rules)
{
	struct sim_yield_desc y = { .name = "P", .revisions = "all" };
	static const struct {
		const char *list, *rev;
		bool in;
	} cases[] = {
		{ "all", NULL, true },		{ "all", "", true },
		{ "all", "pr1710", true },	{ "all,-pr1710", "pr1710", false },
		{ "all,-pr1710", "pr1705", true }, { "all,-pr1233", "pr1710", true },
		{ "pr1705", "pr1710", true },	/* the base's row */
		{ "pr1705,-pr1710", "pr1710", false },
		{ "-pr1710,pr1705", "pr1710", false },
		{ "pr1233,-pr1710", "pr1710", false },
		{ "pr1233,-pr1710", "pr1233", true },
		{ "upstream", "pr1710", false },
		{ "pr1710", "pr1705", false },	/* a proposal's row is not its base's */
		{ "pr17", "pr1710", false },	{ "pr1710", "pr17", false },
		{ "pr1705,upstream", "upstream", true },
		{ "856409ca,pr1670,pr1705,upstream", "pr1710", true },
		{ "856409ca,pr1670", "pr1710", false },
		{ "-pr1710", "pr1705", false },	/* an exclusion alone names nothing */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		y.revisions = cases[i].list;
		T_MSG(sim_yield_in_revision(&y, cases[i].rev) == cases[i].in, "'%s' in '%s'",
		      cases[i].rev ? cases[i].rev : "(null)", cases[i].list);
	}
}
END_TEST

/*
 * io_lock is a mutex (it sleeps), inside dev_lock and outside the spinlocks:
 * PR #1710's send under it takes the channel's xa spinlock in order, and an
 * io_lock planted under a spinlock is a sleep in atomic context.
 */
START_TEST(io_lock_rules)
{
	struct sim_yield_desc t[] = {
		{ "P_XA", SIM_PATH_EXEC, SIM_YK_ACQUIRE, SIM_LOCK_CHAN_XA, "amdxdna_mailbox.c",
		  "mailbox_acquire_msgid", "856409ca", "all", "planted" },
		sim_yields[SIM_YP_PR1710_SUBMIT_IO_LOCK],
		{ "P_XA_UNLOCK", SIM_PATH_EXEC, SIM_YK_RELEASE, SIM_LOCK_CHAN_XA, "amdxdna_mailbox.c",
		  "mailbox_acquire_msgid", "856409ca", "all", "planted" },
	};
	char why[256] = "";

	T_ASSERT(!strcmp(sim_lock_name(SIM_LOCK_IO), "io_lock"));
	T_ASSERT(!sim_lock_is_spin(SIM_LOCK_IO));
	T_ASSERT(SIM_LOCK_DEV < SIM_LOCK_IO && SIM_LOCK_IO < SIM_LOCK_CHAN_XA);
	T_ASSERT(SIM_YP_PR1710_SUBMIT_IO_LOCK < SIM_YP_SEND_XA_LOCK);	/* io_lock, then the id */
	T_INT_EQ(sim_atomic_check(sim_yields, SIM_YP_NR, "pr1710", why, sizeof(why)), 0);
	T_INT_EQ(sim_atomic_check(t, 3, "pr1705", why, sizeof(why)), 0);
	T_INT_EQ(sim_atomic_check(t, 3, "pr1710", why, sizeof(why)), -EDEADLK);
	T_MSG(!strcmp(why, "path exec: PR1710_SUBMIT_IO_LOCK (acquire, aie2_cmd_submit()) sleeps "
			   "under the spinlock chan_xa taken in mailbox_acquire_msgid()"), "%s", why);
}
END_TEST

/*
 * PR #1710 (a proposal on pr1705): its own rows, the scheduler handler's rows
 * excluded, its base's rows inherited; io_lock per context, inside dev_lock.
 */
START_TEST(proposal_points)
{
	const u32 D = 1u << SIM_LOCK_DEV, M = 1u << SIM_LOCK_MM, IO = 1u << SIM_LOCK_IO;
	const u32 X = 1u << SIM_LOCK_CHAN_XA;

	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_TDR_DEV_LOCK], "pr1710"));
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_TDR_STOP], "pr1710"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_TDR_DEV_LOCK], "pr1705"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_PR1710_TDR_WORK_DEV_LOCK], "pr1710"));
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_PR1710_TDR_WORK_DEV_LOCK], "pr1705"));
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_PR1710_SUBMIT_IO_LOCK], "856409ca"));
	/* inherited from pr1705: the health query, the expanded heap's release */
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_TDR_HEALTH], "pr1710"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_POSTCLOSE_MM_LOCK], "pr1710"));
	T_ASSERT(!sim_yield_in_revision(&sim_yields[SIM_YP_POSTCLOSE_MM_LOCK], "pr1233"));
	T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_GEM_OBJ_CLOSE], "pr1710"));
	T_EQ(sim_path_locks(SIM_PATH_TDR, "pr1710"), D | IO);
	T_EQ(sim_path_locks(SIM_PATH_TDR, "pr1705"), D);
	/* the submit's io_lock, the message id's chan_xa (CONFIG_CU is its own path) */
	T_EQ(sim_path_locks(SIM_PATH_EXEC, "pr1710"), IO | X);
	T_EQ(sim_path_locks(SIM_PATH_EXEC, "pr1705"), X);
	T_EQ(sim_path_locks(SIM_PATH_PM, "pr1710"), D | IO);
	T_EQ(sim_path_locks(SIM_PATH_POSTCLOSE, "pr1710"), sim_path_locks(SIM_PATH_POSTCLOSE, "pr1705"));
	T_ASSERT(sim_path_locks(SIM_PATH_POSTCLOSE, "pr1710") & M);
}
END_TEST

START_TEST(footprints_commute)
{
	/* different clients' heap work commutes; the same client's does not */
	T_ASSERT(sim_paths_commute(SIM_PATH_CREATE_BO, 0, 0, SIM_PATH_CREATE_BO, 1, 0));
	T_ASSERT(!sim_paths_commute(SIM_PATH_CREATE_BO, 0, 0, SIM_PATH_BO_LOCAL, 0, 0));
	/* the context table is shared: two creations of different clients do not commute */
	T_ASSERT(!sim_paths_commute(SIM_PATH_HWCTX_CREATE, 0, 0, SIM_PATH_POSTCLOSE, 1, 0));
	T_ASSERT(sim_paths_commute(SIM_PATH_HWCTX_CREATE, 0, 0, SIM_PATH_EXEC, 1, 0));
	/* power management touches every context */
	T_ASSERT(!sim_paths_commute(SIM_PATH_PM, 0, 0, SIM_PATH_OPEN, 1, 0));
	/* the shared random stream */
	T_ASSERT(!sim_paths_commute(SIM_PATH_CREATE_BO, 0, SIM_FP_RNG, SIM_PATH_BO_LOCAL, 1,
				    SIM_FP_RNG));
	/* a TDR and its own client's fd release do not commute: the K3/K15 window */
	T_ASSERT(!sim_paths_commute(SIM_PATH_TDR, 0, 0, SIM_PATH_FD_RELEASE, 0, 0));
}
END_TEST

/* ---- K3 / K15 rediscovered ------------------------------------------------ */

static void expect_found(const struct explore_result *r, u32 nthreads)
{
	/*
	 * app x 7 (open, the two stages of hwctx_create, alloc, exec, chunks,
	 * release), the TDR's stop and restart, then the postclose's two
	 * parts around its dev_lock drop (fini, finish)
	 */
	static const u32 want[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0 };

	T_ASSERT(r->found);
	T_INT_EQ(r->nthreads, nthreads);
	T_INT_EQ(r->preemptions, 1);
	T_INT_EQ(r->nsched, ARRAY_SIZE(want));
	T_MEM_EQ(r->sched, want, sizeof(want));
	T_MSG(strstr(r->why, "invariant sim.16 (null_client_deref)") != NULL, "%s", r->why);
	T_MSG(!strncmp(r->why, "t.yaml:10: tdr [app]: ", 22), "%s", r->why);
	T_INT_EQ(r->run.status, RUN_FAIL);
}

START_TEST(k15_found_head)
{
	struct explore_opts o = { .bound = 2, .bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) };
	struct explore_result r;
	struct scn *s;

	explore(plain, &o, &r, &s);
	expect_found(&r, 2);
	T_ASSERT(!strcmp(r.threads[0].name, "app") && r.threads[0].kind == EXPLORE_T_CLIENT);
	T_ASSERT(!strcmp(r.threads[1].name, "app.tdr@10") && r.threads[1].kind == EXPLORE_T_TDR);
	T_INT_EQ(r.threads[0].nseg, 9);	/* open, hwctx_create x 2, alloc, exec, close x 4 */
	T_INT_EQ(r.threads[1].nseg, 2);	/* stop, restart */
	/* bound 0: one schedule (the TDR cancelled); bound 1: the second one fails */
	T_INT_EQ(r.st.schedules, 2);
	T_INT_EQ(r.st.states, 24);	/* 21 before the postclose split: one more per prefix line */
	T_ASSERT(!r.complete);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

START_TEST(k3_found_pr1233)
{
	struct explore_opts o = { .bound = 2, .has_rev = true, .rev = REV_PR1233,
				  .bugs = SIM_BUG(SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE) };
	struct explore_result r;
	struct scn *s;

	explore(plain, &o, &r, &s);
	expect_found(&r, 2);
	T_INT_EQ(r.repro->rev, REV_PR1233);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* Without the switches (and with the other design's switch) nothing fails. */
START_TEST(nothing_without_switches)
{
	static const struct {
		enum drv_rev design;
		u64 bugs;
	} cases[] = {
		{ REV_856409CA, 0 },
		{ REV_PR1233, 0 },
		{ REV_856409CA, SIM_BUG(SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE) },
		{ REV_PR1233, SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct explore_opts o = { .bound = 3, .has_rev = true, .rev = cases[i].design,
					  .bugs = cases[i].bugs };
		struct explore_result r;
		struct scn *s;

		explore(plain, &o, &r, &s);
		T_MSG(!r.found, "case %zu: %s", i, r.why);
		T_ASSERT(r.complete);
		/*
		 * After the exec the TDR's stop lands before the close's chunks
		 * stage (its restart then before chunks, before release or
		 * before postclose: 3), before release (2), before postclose
		 * (1), or never (1): 7.  The postclose never runs between stop
		 * and restart: it needs the dev_lock the handler holds.
		 */
		T_INT_EQ(r.st.schedules, 7);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

/*
 * The receive worker as a thread: a reply held for a late answer, its
 * worker and the job's timeout handler.  The handler is split after the
 * mark (the client has an rx thread on that context), the worker is one
 * segment, cancelled by the postclose.  45 schedules at bound 2, none
 * fails; over them the job completes (the worker before the mark) in 13,
 * times out (the late reply between mark and stop, or the stop's release)
 * in 31 and is aborted by the postclose in 1.
 */
START_TEST(rx_thread_orders)
{
	/*
	 * Failing schedules per outcome (45 in all): at head the job completes
	 * in 13, times out in 31, is aborted in 1.  PR #1710's worker marks no
	 * job, so a reply processed between its first half and its walk
	 * completes the job: 27 complete, 17 time out, 1 aborted.
	 */
	static const struct {
		enum drv_rev rev;
		u64 failing[3];
	} want[] = { { REV_HEAD, { 32, 14, 44 } }, { REV_PR1710, { 18, 28, 44 } } };
	static const char *const job[] = { "completed", "timeout", "aborted" };

	for (size_t v = 0; v < ARRAY_SIZE(want); v++) {
		struct explore_opts o = { .bound = 2, .has_rev = true, .rev = want[v].rev };
		struct explore_result r;
		struct scn *s;

		explore(reply, &o, &r, &s);
		T_MSG(!r.found, "%s", r.why);
		T_ASSERT(r.complete);
		T_INT_EQ(r.nthreads, 3);
		T_ASSERT(!strcmp(r.threads[1].name, "app.rx@10") && r.threads[1].kind == EXPLORE_T_RX);
		T_ASSERT(!strcmp(r.threads[2].name, "app.tdr@11") && r.threads[2].kind == EXPLORE_T_TDR);
		T_INT_EQ(r.threads[0].nseg, 9);	/* the postclose split at its dev_lock drop: fini, finish */
		T_INT_EQ(r.threads[1].nseg, 1);
		T_INT_EQ(r.threads[2].nseg, 3);	/* mark, stop, restart */
		/* the fini cancels both other threads: the same 45 orders, longer (240 states unsplit) */
		T_EQ(r.st.schedules, 45);
		T_EQ(r.st.states, 299);
		explore_result_free(&r);
		scn_free(s);
		for (size_t i = 0; i < ARRAY_SIZE(job); i++) {
			char y[1024], from[] = "late: true, expect: any", to[64];
			const char *p = strstr(reply, from);

			snprintf(to, sizeof(to), "late: true, expect: {job: %s}", job[i]);
			snprintf(y, sizeof(y), "%.*s%s%s", (int)(p - reply), reply, to, p + strlen(from));
			o.keep_going = true;
			explore(y, &o, &r, &s);
			T_MSG(r.failing == want[v].failing[i], "%s %s: %llu failing",
			      drv_rev_name(want[v].rev), job[i], (unsigned long long)r.failing);
			explore_result_free(&r);
			scn_free(s);
		}
	}
}
END_TEST

/* With K15 the TDR's restart in the close window still fails; the reproducer has the mark. */
START_TEST(rx_thread_k15)
{
	static const u32 want[] = { 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 0, 0 };
	struct explore_opts o = { .bound = 2, .bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) };
	struct explore_result r;
	const struct scn_client *cl;
	struct scn *s;

	explore(reply, &o, &r, &s);
	T_ASSERT(r.found);
	T_INT_EQ(r.preemptions, 1);
	T_INT_EQ(r.nsched, ARRAY_SIZE(want));
	T_MEM_EQ(r.sched, want, sizeof(want));
	T_MSG(strstr(r.why, "invariant sim.16 (null_client_deref)") != NULL, "%s", r.why);
	cl = &r.repro->clients[0];
	T_INT_EQ(cl->nr_steps, 13);
	T_INT_EQ(cl->steps[7].op, SCN_OP_MBOX_RX);
	T_INT_EQ(cl->steps[8].tdr.stage, SCN_TDR_MARK);
	T_INT_EQ(cl->steps[9].tdr.stage, SCN_TDR_STOP);
	T_INT_EQ(cl->steps[10].tdr.stage, SCN_TDR_RESTART);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/*
 * A submission of the client after its TDR: it waits while the TDR holds
 * the context stopped (no channel: docs/explore.md "Not modelled yet"),
 * but runs between the mark and the stop.  Exactly one of the 62 schedules at bound 2 has
 * the late reply kill the channel there first (rx between mark and stop)
 * and the submission then fails with EPIPE (the driver fails the job in
 * aie2_sched_job_run(); the simulator the ioctl, docs/run.md); in every
 * other the submission succeeds.
 */
START_TEST(rx_thread_exec_meets_dead_channel)
{
	/* app: open, create, config, alloc, exec late; tdr: mark; rx; app: exec */
	static const u32 want[] = { 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 2, 2, 0, 0 };
	struct explore_opts o = { .bound = 2 };
	char y[1024];
	const char *p = strstr(reply, "      - close\n");
	struct explore_result r;
	struct scn *s;

	snprintf(y, sizeof(y), "%.*s      - exec: {hwctx: ctx, bos: [A]}\n%s", (int)(p - reply),
		 reply, p);
	explore(y, &o, &r, &s);
	expect_sched(&r, EXPLORE_F_RUN, 2, want, ARRAY_SIZE(want));
	T_MSG(!strcmp(r.why, "t.yaml:12: exec [app]: result EPIPE without an expectation"), "%s",
	      r.why);
	T_INT_EQ(r.repro->clients[0].steps[5].tdr.stage, SCN_TDR_MARK);
	T_INT_EQ(r.repro->clients[0].steps[6].op, SCN_OP_MBOX_RX);
	T_INT_EQ(r.repro->clients[0].steps[7].op, SCN_OP_EXEC);
	explore_result_free(&r);
	scn_free(s);
	snprintf(y, sizeof(y), "%.*s      - exec: {hwctx: ctx, bos: [A], expect: EPIPE}\n%s",
		 (int)(p - reply), reply, p);
	o.keep_going = true;
	explore(y, &o, &r, &s);
	T_ASSERT(r.complete);
	T_EQ(r.st.schedules, 62);
	T_EQ(r.failing, 61);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* The reproducer loads back and replays the same failure through the runner. */
START_TEST(repro_replays)
{
	struct explore_opts o = { .bound = 2, .bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) };
	struct run_opts ro = { .check_every_op = true };
	struct explore_result r;
	struct run_result res;
	struct scn *s, *back;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	explore(plain, &o, &r, &s);
	T_ASSERT(r.found);
	f = open_memstream(&buf, &len);
	T_ASSERT(f);
	T_INT_EQ(explore_write_repro(&r, f), 0);
	fclose(f);
	T_ASSERT(strstr(buf, "schedule: interleave\n"));
	T_ASSERT(strstr(buf, "bugs: [k15-client-deref-in-addr-helpers]\n"));
	T_ASSERT(strstr(buf, "      - close: {stage: release}"));
	T_ASSERT(strstr(buf, "      - tdr: {hwctx: \"ctx\", health: ok, async: true, stage: stop, expect: any}"));
	T_ASSERT(strstr(buf, "      - tdr: {hwctx: \"ctx\", health: ok, async: true, stage: restart, expect: any}"));
	back = load(buf);
	memset(&res, 0, sizeof(res));
	T_INT_EQ(run_scenario(back, &ro, &res), 0);
	T_INT_EQ(res.status, RUN_FAIL);
	T_ASSERT(res.nr_failures >= 1);
	T_ASSERT(!strcmp(res.failures[0].reason, r.run.failures[0].reason));
	T_INT_EQ(res.failures[0].op, r.run.failures[0].op);
	run_result_free(&res);
	scn_free(back);
	free(buf);
	T_INT_EQ(explore_write_repro(&(struct explore_result){ 0 }, stdout), -ENOENT);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* ---- another thread of the process submits (PR #1710's review gap) -------- */

static char *json_of(const struct explore_opts *o, const struct explore_result *r);

/* the shim client opens, allocates A (1 MiB) and constructs ctx (lines 1-8) */
#define APP_A_CTX                                  \
	APP_OPEN                                  \
	"      - alloc: {label: A, size: 1MiB}\n"    \
	"      - hwctx_create: ctx\n"

/* the scenario of scenarios/explore/exec_while_hwctx_create.yaml */
static const char *const exec_gap =
	APP_A_CTX
	"      - exec: {hwctx: ctx, bos: [A], async: true}\n"
	"      - close\n";

/*
 * The async exec may run once CREATE_HWCTX returned: between the shim's two
 * ioctls it reaches a context with no CU configured, on every revision (none
 * gates a submission on CONFIG_CU; pr1710 sends it from the ioctl).  The
 * firmware's error reply (fail_cmd_status 0) leaves the job aborted and the
 * user channel bad, so the constructor's CONFIG_CU then fails EPIPE.
 */
START_TEST(exec_before_config_cu_found)
{
	static const enum drv_rev revs[] = { REV_856409CA, REV_PR1705, REV_PR1710, REV_PR1233 };
	/* app: open, alloc, create; the exec; app: config, chunks, release, fini, finish */
	static const u32 want[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0 };

	for (size_t i = 0; i < ARRAY_SIZE(revs); i++) {
		struct explore_opts o = { .bound = 2, .has_rev = true, .rev = revs[i] };
		struct run_opts ro = { .check_every_op = true };
		struct explore_result r;
		struct run_result res;
		struct scn *s, *back;
		char *buf = NULL, *json;
		size_t len = 0;
		FILE *f;

		explore(exec_gap, &o, &r, &s);
		T_MSG(r.found, "%s: nothing found", drv_rev_name(revs[i]));
		T_INT_EQ(r.nthreads, 2);
		T_ASSERT(!strcmp(r.threads[1].name, "app.exec@9") && r.threads[1].kind == EXPLORE_T_EXEC);
		T_INT_EQ(r.threads[0].nseg, 8);
		T_INT_EQ(r.threads[1].nseg, 1);
		T_INT_EQ(r.preemptions, 1);
		T_INT_EQ(r.nsched, ARRAY_SIZE(want));
		T_MEM_EQ(r.sched, want, sizeof(want));
		/*
		 * bound 0: the exec cancelled by the close; bound 1: after the
		 * constructor (passes), then between its two ioctls (fails)
		 */
		T_INT_EQ(r.st.schedules, 3);
		T_MSG(!strcmp(r.why, "t.yaml:9: exec [app]: job 1 on hwctx ctx did not complete: aborted"),
		      "%s", r.why);
		json = json_of(&o, &r);
		T_ASSERT(strstr(json, "\"kind\": \"exec\""));
		free(json);
		f = open_memstream(&buf, &len);
		T_ASSERT(f);
		T_INT_EQ(explore_write_repro(&r, f), 0);
		fclose(f);
		T_ASSERT(strstr(buf, "      - hwctx_create: {name: \"ctx\", cu: 1, stage: create}  # 8:9\n"
				     "      - exec: {hwctx: \"ctx\", bos: [\"A\"], hang: false, async: true}"));
		back = load(buf);
		memset(&res, 0, sizeof(res));
		T_INT_EQ(run_scenario(back, &ro, &res), 0);
		T_INT_EQ(res.status, RUN_FAIL);
		T_INT_EQ(res.nr_failures, 2);
		T_ASSERT(!strcmp(res.failures[0].reason, r.run.failures[0].reason));
		T_MSG(strstr(res.failures[1].reason, "result EPIPE") != NULL, "%s", res.failures[1].reason);
		T_ASSERT(!strcmp(res.failures[1].step, "hwctx_create"));
		run_result_free(&res);
		scn_free(back);
		free(buf);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

/*
 * @yaml explored with @o finds nothing in @schedules schedules; its first
 * thread has @nseg0 segments, and the second is the async exec @exec
 * (NULL: no second thread is checked).
 */
static void expect_clean(const char *yaml, const struct explore_opts *o, u64 schedules, u32 nseg0,
			 const char *exec)
{
	struct explore_result r;
	struct scn *s;

	explore(yaml, o, &r, &s);
	T_MSG(!r.found, "%s", r.why);
	T_EQ(r.st.schedules, schedules);
	T_INT_EQ(r.threads[0].nseg, nseg0);
	if (exec) {
		T_INT_EQ(r.nthreads, 2);
		T_MSG(!strcmp(r.threads[1].name, exec) && r.threads[1].kind == EXPLORE_T_EXEC, "%s",
		      r.threads[1].name);
	}
	explore_result_free(&r);
	scn_free(s);
}

/* Without a preemption the exec never runs (the close cancels it): nothing fails. */
START_TEST(exec_async_cancelled_by_close)
{
	struct explore_opts o = { .bound = 0, .has_rev = true, .rev = REV_PR1710 };

	expect_clean(exec_gap, &o, 1, 8, "app.exec@9");
}
END_TEST

/*
 * When the async exec may run: after every earlier step of its client,
 * except that the shim constructor of its own context right before it
 * counts from its create stage.  With a step between the constructor and
 * the exec (the alloc of B) it can only run after both ioctls: the run to
 * the end (the close cancels the exec) and the exec after B, both passing.
 */
START_TEST(exec_async_enabled_after_earlier_steps)
{
	static const char *const yaml =
		APP_A_CTX
		"      - alloc: {label: B, size: 1MiB}\n"
		"      - exec: {hwctx: ctx, bos: [A], async: true}\n"
		"      - close\n";
	struct explore_opts o = { .bound = 2, .has_rev = true, .rev = REV_PR1705 };

	expect_clean(yaml, &o, 2, 9, "app.exec@10");
	o.rev = REV_PR1710;
	expect_clean(yaml, &o, 2, 9, "app.exec@10");
}
END_TEST

/*
 * The context's destruction cancels the exec as the close does: it lands
 * between the constructor's ioctls (found, the same gap), after them (the
 * job completes before the destroy) or never.
 */
START_TEST(exec_async_cancelled_by_destroy)
{
	static const char *const yaml =
		APP_A_CTX
		"      - exec: {hwctx: ctx, bos: [A], async: true}\n"
		"      - hwctx_destroy: ctx\n"
		"      - close\n";
	static const u32 want[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0 };
	struct explore_opts o = { .bound = 2, .has_rev = true, .rev = REV_PR1710 };
	struct explore_result r;
	struct scn *s;

	explore(yaml, &o, &r, &s);
	T_ASSERT(r.found);
	T_INT_EQ(r.threads[0].nseg, 8);
	T_INT_EQ(r.preemptions, 1);
	T_INT_EQ(r.nsched, ARRAY_SIZE(want));
	T_MEM_EQ(r.sched, want, sizeof(want));
	T_INT_EQ(r.st.schedules, 3);
	T_MSG(!strcmp(r.why, "t.yaml:9: exec [app]: job 1 on hwctx ctx did not complete: aborted"),
	      "%s", r.why);
	explore_result_free(&r);
	scn_free(s);
	/* bound 0: the client runs through, the destroy cancels the exec */
	o.bound = 0;
	expect_clean(yaml, &o, 1, 8, "app.exec@9");
}
END_TEST

/*
 * A submission while its own TDR holds dev_lock: at pr1705 the stopped
 * scheduler queues it, so the explorer keeps it out of the TDR's window
 * (12 schedules); PR #1710 has no scheduler (no SUBMIT_SCHED_QUEUE row)
 * and sends it at once, between the worker's stages too (14).
 */
START_TEST(exec_async_during_tdr)
{
	static const char *const yaml =
		APP_HEAD
		"      - exec: {hwctx: ctx, bos: [A], hang: true, expect: any}\n"
		"      - tdr: {hwctx: ctx, async: true, expect: any}\n"
		"      - exec: {hwctx: ctx, bos: [A], async: true, expect: any}\n"
		"      - close\n";
	static const struct {
		enum drv_rev rev;
		u64 schedules, states;
	} want[] = { { REV_PR1705, 12, 115 }, { REV_PR1710, 14, 126 } };

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct explore_opts o = { .bound = 2, .has_rev = true, .rev = want[i].rev };
		struct explore_result r;
		struct scn *s;

		T_ASSERT(sim_yield_in_revision(&sim_yields[SIM_YP_SUBMIT_SCHED_QUEUE],
					       drv_rev_name(want[i].rev)) == (want[i].rev != REV_PR1710));
		explore(yaml, &o, &r, &s);
		T_MSG(!r.found, "%s", r.why);
		T_INT_EQ(r.nthreads, 3);
		T_ASSERT(!strcmp(r.threads[2].name, "app.exec@11"));
		T_EQ(r.st.schedules, want[i].schedules);
		T_EQ(r.st.states, want[i].states);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

/* A client with several instances keeps its async exec inline: no thread. */
START_TEST(exec_async_inline_with_instances)
{
	static const char *const yaml =
		"xdnasim: 1\n"
		"mode: iova\n"
		"clients:\n"
		"  - name: app\n"
		"    instances: 2\n"
		"    steps:\n"
		"      - open\n"
		"      - alloc: {label: A, size: 1MiB}\n"
		"      - hwctx_create: ctx\n"
		"      - exec: {hwctx: ctx, bos: [A], async: true}\n"
		"      - close\n";
	struct explore_opts o = { .bound = 2, .has_rev = true, .rev = REV_PR1710 };
	struct explore_result r;
	struct scn *s;

	/* open, alloc, create, config, exec, the close's four stages (fini, finish) */
	expect_clean(yaml, &o, 6, 9, NULL);
	explore(yaml, &o, &r, &s);
	T_INT_EQ(r.nthreads, 2);
	T_INT_EQ(r.threads[1].kind, EXPLORE_T_CLIENT);
	T_INT_EQ(r.threads[1].nseg, 9);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* ---- determinism, PCT, POR -------------------------------------------------- */

static char *json_of(const struct explore_opts *o, const struct explore_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	T_ASSERT(f);
	T_INT_EQ(rpt_explore_write(f, "t.yaml", o, r), 0);
	fclose(f);
	return buf;
}

START_TEST(pct_same_seed_same_result)
{
	struct explore_opts o = { .mode = EXPLORE_PCT, .runs = 40, .seed = 7, .depth = 3,
				  .keep_going = true,
				  .bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) };
	struct explore_result a, b;
	struct scn *sa, *sb;
	char *ja, *jb;

	explore(plain, &o, &a, &sa);
	explore(plain, &o, &b, &sb);
	T_INT_EQ(a.st.schedules, 40);
	T_ASSERT(a.found && a.failing >= 1);
	ja = json_of(&o, &a);
	jb = json_of(&o, &b);
	T_ASSERT(!strcmp(ja, jb));
	T_ASSERT(strstr(ja, "\"schema\": \"" EXPLORE_SCHEMA "\""));
	{
		char path[] = "/tmp/xdnasim-explore-XXXXXX", why[512] = "";
		int fd = mkstemp(path);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

		T_ASSERT(f);
		fputs(ja, f);
		fclose(f);
		T_MSG(!rpt_schema_validate_file(XDNASIM_SRCDIR "/reports/explore-report.schema.json",
						path, why, sizeof(why)), "%s", why);
		unlink(path);
	}
	free(ja);
	free(jb);
	explore_result_free(&a);
	explore_result_free(&b);
	scn_free(sa);
	scn_free(sb);
}
END_TEST

/* A PCT schedule with 2 preemptions is replaced by the bounded search's 1-preemption one. */
START_TEST(pct_minimised)
{
	/* seed 5: the change points are drawn over the 11 segments */
	struct explore_opts o = { .mode = EXPLORE_PCT, .runs = 50, .seed = 5, .depth = 3,
				  .bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS) };
	struct explore_result r;
	struct scn *s;

	explore(plain, &o, &r, &s);
	T_ASSERT(r.found && r.minimised);
	T_INT_EQ(r.mode, EXPLORE_PCT);
	T_INT_EQ(r.preemptions, 1);
	T_INT_EQ(r.st.schedules, 3);	/* the PCT one, then bound 0 (one) and bound 1 (the first) */
	T_MSG(strstr(r.why, "invariant sim.16 (null_client_deref)") != NULL, "%s", r.why);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* two clients whose steps commute: the sleep sets leave one order per thread order */
static const char *const two =
	"xdnasim: 1\n"
	"clients:\n"
	"  - name: a\n"
	"    steps: [open, {alloc: 4KiB}, {alloc: 8KiB}, close]\n"
	"  - name: b\n"
	"    steps: [open, {alloc: 4KiB}, {alloc: 8KiB}, close]\n";

START_TEST(por_prunes_commuting_steps)
{
	struct explore_opts with = { .bound = 2 }, without = { .bound = 2, .no_por = true };
	struct explore_result r;
	struct scn *s;

	explore(two, &without, &r, &s);
	T_ASSERT(!r.found && r.complete);
	T_INT_EQ(r.nthreads, 2);
	T_INT_EQ(r.nsegments, 12);
	/* of the C(12, 6) = 924 orders, 2 have no preemption, 10 one, 50 two */
	T_INT_EQ(r.st.schedules, 2 + 10 + 50);
	T_INT_EQ(r.st.sleep_pruned, 0);
	explore_result_free(&r);
	scn_free(s);
	explore(two, &with, &r, &s);
	T_ASSERT(!r.found && r.complete);
	T_INT_EQ(r.st.schedules, 2);
	T_ASSERT(r.st.sleep_pruned > 0);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

START_TEST(max_schedules_incomplete)
{
	struct explore_opts o = { .bound = 2, .no_por = true, .max_schedules = 5 };
	struct explore_result r;
	struct scn *s;

	explore(two, &o, &r, &s);
	T_INT_EQ(r.st.schedules, 5);
	T_ASSERT(!r.found && !r.complete);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* The staged close runs through `xdnasim run` too: K3's window by hand. */
START_TEST(staged_close_runs)
{
	static const char *const lin =
		"xdnasim: 1\n"
		"design: pr1233\n"
		"mode: iova\n"
		"bugs: [k3-client-null-after-close]\n"
		"clients:\n"
		"  - name: app\n"
		"    steps:\n"
		"      - open\n"
		"      - hwctx_create: ctx\n"
		"      - alloc: {label: A, size: 100MiB}\n"
		"      - exec: {hwctx: ctx, bos: [A], hang: true, expect: any}\n"
		"      - close: {stage: chunks}\n"
		"      - close: {stage: release}\n"
		"      - tdr: {hwctx: ctx, expect: any}\n"
		"      - close: {stage: postclose}\n"
		"      - alloc: {size: 4KiB, expect: EBADF}\n";
	struct run_result res;
	struct scn *s = load(lin);

	memset(&res, 0, sizeof(res));
	T_INT_EQ(run_scenario(s, NULL, &res), 0);
	T_INT_EQ(res.status, RUN_FAIL);
	T_INT_EQ(res.violation.number, 16);
	T_INT_EQ(res.nr_ops, 9);
	run_result_free(&res);
	scn_free(s);
}
END_TEST

/*
 * The postclose's dev_lock drop is a boundary (close stages fini, finish):
 * with client_lock held across it (856409ca on), another client's open
 * cannot run there, its CREATE_HWCTX (dev_lock alone) can; at pr1233
 * (no client_lock) both can.  Every order of a's 6 segments and b's 2 is
 * C(8,2) = 28; at 856409ca the 2 with b's open inside a's window are not
 * runnable.  Before the split (a close of 3 segments): 21 on both.
 */
START_TEST(postclose_window_locks)
{
	static const char *const y =
		"xdnasim: 1\n"
		"clients:\n"
		"  - name: a\n"
		"    steps: [open, {hwctx_create: {name: x, cu: none}}, close]\n"
		"  - name: b\n"
		"    steps: [open, {hwctx_create: {name: y, cu: none}}]\n";
	static const struct {
		enum drv_rev rev;
		u64 schedules;
	} cases[] = { { REV_856409CA, 26 }, { REV_PR1705, 26 }, { REV_PR1233, 28 }, { REV_PR1279, 28 } };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct explore_opts o = { .bound = 3, .no_por = true, .has_rev = true,
					  .rev = cases[i].rev };
		struct explore_result r;
		struct scn *s;

		explore(y, &o, &r, &s);
		T_ASSERT(!r.found && r.complete);
		T_INT_EQ(r.threads[0].nseg, 6);	/* open, hwctx_create, chunks, release, fini, finish */
		T_INT_EQ(r.st.schedules, cases[i].schedules);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

#define TWO_CTX XDNASIM_SRCDIR "/scenarios/explore/close_two_contexts_while_resume.yaml"

/*
 * The finding in the window: the suspend and resume between the fini and
 * the finish of a client with two contexts skip the second (its client is
 * off client_list): it names a dead firmware context at the resume
 * (invariant 13), on every revision, with no switch; the reproducer replays.
 */
START_TEST(postclose_window_finding)
{
	/* app: open, 2 x (create, config), alloc, chunks, release, fini; power; finish */
	static const u32 want[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0 };
	static const enum drv_rev revs[] = { REV_PR1233, REV_PR1279, REV_856409CA, REV_PR1670,
					     REV_PR1705, REV_UPSTREAM };

	for (size_t i = 0; i < ARRAY_SIZE(revs); i++) {
		struct explore_opts o = { .bound = 2, .has_rev = true, .rev = revs[i] };
		struct run_opts ro = { .check_every_op = true };
		struct explore_result r;
		struct run_result res;
		struct scn *s;

		struct scn_error err;

		T_INT_EQ(scn_load_file(TWO_CTX, run_vocab(), &s, &err), 0);
		T_INT_EQ(explore_scenario(s, &o, &r), 0);
		expect_sched(&r, EXPLORE_F_RUN, 1, want, ARRAY_SIZE(want));
		T_MSG(!strcmp(r.why, TWO_CTX ":27: resume [app]: invariant sim.13 (hwctx_fw_ctx) "
			  "violated: hwctx 2 names dead fw ctx 1"), "%s", r.why);
		memset(&res, 0, sizeof(res));
		T_INT_EQ(run_scenario(r.repro, &ro, &res), 0);
		T_INT_EQ(res.status, RUN_FAIL);
		T_INT_EQ(res.violation.number, 13);
		run_result_free(&res);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

/*
 * A second thread of the same client (`thread: 1` steps,
 * scenarios/explore/destroy_while_heap_grows.yaml): a thread of its own,
 * runnable once the client has run the steps written before it; the
 * client's close waits for it (an ioctl in flight holds the file).  The
 * client's DEV BOs are split after their placement (alloc stages place,
 * publish), where the other thread can meet them: its exec and
 * hwctx_destroy fall among the 100 MiB alloc's two parts, C(4,2) = 6
 * orders (3 with the alloc whole; without the wait at the close its 2
 * segments could also fall among the close's 3).  Nothing fails.
 */
START_TEST(second_thread)
{
	struct explore_opts o = { .bound = 3, .no_por = true };
	struct explore_result r;
	struct scn_error err;
	struct scn *s;

	T_INT_EQ(scn_load_file(XDNASIM_SRCDIR "/scenarios/explore/destroy_while_heap_grows.yaml",
			       run_vocab(), &s, &err), 0);
	T_INT_EQ(explore_scenario(s, &o, &r), 0);
	T_ASSERT(!r.found && r.complete);
	T_INT_EQ(r.nthreads, 2);
	T_ASSERT(!strcmp(r.threads[1].name, "app.t1") && r.threads[1].kind == EXPLORE_T_THREAD);
	T_INT_EQ(r.threads[1].instance, 0);
	T_INT_EQ(r.threads[1].nseg, 2);	/* exec, hwctx_destroy */
	/* open, hwctx_create x 2, alloc x 2 x 2, close x 3 (no hwctx left: no postclose split) */
	T_INT_EQ(r.threads[0].nseg, 10);
	T_INT_EQ(r.st.schedules, 6);
	explore_result_free(&r);
	/* with the K15 switch nothing either: no TDR or power step meets the close */
	o.bugs = SIM_BUG(SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS);
	T_INT_EQ(explore_scenario(s, &o, &r), 0);
	T_ASSERT(!r.found);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/*
 * A `thread: 1` DESTROY_HWCTX preempting the client between its alloc and
 * its exec: the exec finds no context (EINVAL); bound 0 (the exec first)
 * passes.  The reproducer keeps the thread and replays the failure.
 */
START_TEST(second_thread_repro)
{
	static const char *const y =
		APP_OPEN
		"      - hwctx_create: a\n"
		"      - alloc: {label: A, size: 4KiB}\n"
		"      - hwctx_destroy: {name: a, thread: 1}\n"
		"      - exec: {hwctx: a, bos: [A]}\n"
		"      - close\n";
	/*
	 * app: open, create, config, alloc (place, publish); t1: destroy; app:
	 * exec, chunks, release, postclose
	 */
	static const u32 want[] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
	struct explore_opts o = { .bound = 2 };
	struct run_opts ro = { .check_every_op = true };
	struct explore_result r;
	struct run_result res;
	struct scn *s;

	explore(y, &o, &r, &s);
	expect_sched(&r, EXPLORE_F_RUN, 1, want, ARRAY_SIZE(want));
	T_INT_EQ(r.st.schedules, 2);
	T_MSG(!strcmp(r.why, "t.yaml:10: exec [app]: result EINVAL without an expectation"), "%s",
	      r.why);
	T_INT_EQ(r.repro->clients[0].steps[3].alloc.stage, SCN_ALLOC_PLACE);
	T_INT_EQ(r.repro->clients[0].steps[5].op, SCN_OP_HWCTX_DESTROY);
	T_INT_EQ(r.repro->clients[0].steps[5].thread, 1);
	memset(&res, 0, sizeof(res));
	T_INT_EQ(run_scenario(r.repro, &ro, &res), 0);
	T_INT_EQ(res.status, RUN_FAIL);
	run_result_free(&res);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/*
 * A `thread: 1` DESTROY_HWCTX cancels the client's pending TDR of that
 * context (drm_sched_fini), as the client's own destroy does: two orders
 * at bound 2 (the TDR's stop and restart before the destroy, or the
 * destroy first and no TDR), none failing although the `tdr` has no
 * `expect` (a TDR after the destroy would fail with EINVAL; it ran in 6
 * more schedules before the other thread's destroy cancelled it).
 */
START_TEST(second_thread_cancels_tdr)
{
	static const char *const y =
		APP_HEAD
		"      - exec: {hwctx: ctx, bos: [A], hang: true, expect: any}\n"
		"      - tdr: {hwctx: ctx, async: true}\n"
		"      - hwctx_destroy: {name: ctx, thread: 1}\n"
		"      - close\n";
	struct explore_opts o = { .bound = 2 };
	struct explore_result r;
	struct scn *s;

	explore(y, &o, &r, &s);
	T_MSG(!r.found, "%s", r.why);
	T_ASSERT(r.complete);
	T_INT_EQ(r.nthreads, 3);
	T_ASSERT(!strcmp(r.threads[1].name, "app.tdr@10") && r.threads[1].kind == EXPLORE_T_TDR);
	T_ASSERT(!strcmp(r.threads[2].name, "app.t1") && r.threads[2].kind == EXPLORE_T_THREAD);
	T_EQ(r.st.schedules, 2);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/* A thread that ends holding dev_lock starves the others: a deadlock. */
START_TEST(deadlock_found)
{
	static const char *const y =
		"xdnasim: 1\n"
		"clients:\n"
		"  - name: a\n"
		"    steps: [open, {hwctx_create: {name: x, cu: none}}, {tdr: {hwctx: x, stage: stop}}]\n"
		"  - name: b\n"
		"    steps: [open, {hwctx_create: {name: y, cu: none}}]\n";
	/* b cannot even open: amdxdna_drm_open() takes dev_lock (OPEN_DEV_LOCK) */
	static const u32 want[] = { 0, 0, 0 };
	struct explore_opts o = { .bound = 1 };
	struct explore_result r;
	struct scn *s;

	explore(y, &o, &r, &s);
	expect_sched(&r, EXPLORE_F_DEADLOCK, 0, want, ARRAY_SIZE(want));
	T_MSG(!strcmp(r.why, "deadlock: b waits (others hold 0x4);"), "%s", r.why);
	explore_result_free(&r);
	scn_free(s);
}
END_TEST

/*
 * lockdep: DESTROY_HWCTX while the thread holds dev_lock.  From 856409ca on
 * the ioctl takes client_lock first (9c78bcef): an inversion against the
 * driver's order client_lock -> dev_lock; at pr1233 it takes dev_lock alone:
 * dev_lock taken again by the thread that holds it.
 */
START_TEST(lock_order_found)
{
	static const char *const y =
		"xdnasim: 1\n"
		"clients:\n"
		"  - name: a\n"
		"    steps: [open, {hwctx_create: {name: x, cu: none}}, {tdr: {hwctx: x, stage: stop}},\n"
		"            {hwctx_destroy: x}]\n";
	static const struct {
		enum drv_rev rev;
		const char *why;
	} cases[] = {
		{ REV_856409CA, "lock order: a takes client_lock while holding dev_lock" },
		{ REV_PR1233, "lock order: a takes dev_lock while holding dev_lock" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct explore_opts o = { .bound = 1, .has_rev = true, .rev = cases[i].rev };
		struct explore_result r;
		struct scn *s;

		explore(y, &o, &r, &s);
		T_ASSERT(r.found);
		T_INT_EQ(r.failure, EXPLORE_F_LOCK_ORDER);
		T_INT_EQ(r.nsched, 4);
		T_MSG(!strcmp(r.why, cases[i].why), "%s", r.why);
		explore_result_free(&r);
		scn_free(s);
	}
}
END_TEST

/* docs/explore.md's yield-point table names every point of the one table. */
START_TEST(doc_lists_every_point)
{
	FILE *f = fopen(XDNASIM_SRCDIR "/docs/explore.md", "r");
	static char doc[65536];
	size_t n;

	T_ASSERT(f);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = 0;
	for (u32 i = 0; i < SIM_YP_NR; i++) {
		char cell[80];
		const char *name = sim_yields[i].name;
		size_t len = strlen(name);

		snprintf(cell, sizeof(cell), "`%s`", name);
		/* "HEAP_ALLOC_MM_LOCK` / `_UNLOCK" names the pair in one row */
		if (len > 7 && !strcmp(name + len - 7, "_UNLOCK"))
			snprintf(cell, sizeof(cell), "`%.*s_LOCK` / `_UNLOCK`", (int)(len - 7), name);
		T_MSG(strstr(doc, cell), "docs/explore.md does not list %s", cell);
		T_MSG(strstr(doc, sim_yields[i].function), "docs/explore.md: no %s", sim_yields[i].function);
	}
}
END_TEST

static Suite *explore_suite(void)
{
	Suite *s = suite_create("explore");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, yield_table_sound);
	tcase_add_test(tc, proposal_points);
	tcase_add_test(tc, proposal_rows_exact);
	tcase_add_test(tc, revision_list_rules);
	tcase_add_test(tc, io_lock_rules);
	tcase_add_test(tc, exec_before_config_cu_found);
	tcase_add_test(tc, exec_async_cancelled_by_close);
	tcase_add_test(tc, exec_async_enabled_after_earlier_steps);
	tcase_add_test(tc, exec_async_cancelled_by_destroy);
	tcase_add_test(tc, exec_async_inline_with_instances);
	tcase_add_test(tc, exec_async_during_tdr);
	tcase_add_test(tc, path_locks_exact);
	tcase_add_test(tc, atomic_check_flags_planted);
	tcase_add_test(tc, rx_thread_orders);
	tcase_add_test(tc, rx_thread_k15);
	tcase_add_test(tc, rx_thread_exec_meets_dead_channel);
	tcase_add_test(tc, footprints_commute);
	tcase_add_test(tc, k15_found_head);
	tcase_add_test(tc, k3_found_pr1233);
	tcase_add_test(tc, nothing_without_switches);
	tcase_add_test(tc, repro_replays);
	tcase_add_test(tc, pct_same_seed_same_result);
	tcase_add_test(tc, pct_minimised);
	tcase_add_test(tc, por_prunes_commuting_steps);
	tcase_add_test(tc, max_schedules_incomplete);
	tcase_add_test(tc, staged_close_runs);
	tcase_add_test(tc, doc_lists_every_point);
	tcase_add_test(tc, deadlock_found);
	tcase_add_test(tc, postclose_window_locks);
	tcase_add_test(tc, postclose_window_finding);
	tcase_add_test(tc, second_thread);
	tcase_add_test(tc, second_thread_repro);
	tcase_add_test(tc, second_thread_cancels_tdr);
	tcase_add_test(tc, lock_order_found);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s[] = { explore_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
