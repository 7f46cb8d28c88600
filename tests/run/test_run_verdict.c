// SPDX-License-Identifier: MIT
/*
 * test_run_verdict.c - strict verdicts (docs/run.md "Verdicts"): each kind
 * of unexpected failure makes an otherwise clean run fail, with its step,
 * line and reason; each way of declaring it (step expectation, 'any',
 * 'allow', an injected fault) makes the run pass again; known_bug gives
 * XFAIL / XPASS; the job metrics count what the jobs did.
 */
#include "tests/run/test_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR "xdnasim: 1\ndevice: npu4\n"
#define OPEN "clients:\n  - name: app\n    steps:\n      - open\n"

/* The clean baseline: one job that completes. */
static const char clean[] = HDR OPEN
	"      - hwctx_create: ctx\n"
	"      - alloc: {label: A, size: 4KiB}\n"
	"      - exec: {hwctx: ctx, bos: [A]}\n"
	"      - close\n";

/* The first unexpected failure must be of @kind, at @line, and say @what. */
static void want_failure(const struct tr *t, enum run_failure_kind kind, u32 line, const char *what)
{
	const struct run_failure *f;

	ck_assert_int_eq(t->r.status, RUN_FAIL);
	ck_assert_uint_ge(t->r.failures_total, 1);
	ck_assert_uint_eq(t->r.nr_failures, t->r.failures_total);
	f = &t->r.failures[0];
	ck_assert_msg(f->kind == kind, "kind %s, want %s (%s)", run_failure_kind_name(f->kind),
		      run_failure_kind_name(kind), f->reason);
	ck_assert_uint_eq(f->loc.line, line);
	ck_assert_msg(strstr(f->reason, what), "reason '%s' lacks '%s'", f->reason, what);
	ck_assert_uint_eq(t->r.failures_by_kind[kind], t->r.failures_total);
}

static void want_pass(const struct tr *t)
{
	ck_assert_msg(t->r.status == RUN_PASS, "status %s, %llu failures, first: %s",
		      run_status_name(t->r.status), (unsigned long long)t->r.failures_total,
		      t->r.nr_failures ? t->r.failures[0].reason : "-");
	ck_assert_uint_eq(t->r.expects_failed, 0);
}

START_TEST(test_clean_run_and_job_metrics)
{
	char why[256];
	struct tr t;

	tr_run(&t, clean, NULL);
	want_pass(&t);
	ck_assert_uint_eq(t.r.failures_total, 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_SUBMITTED], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_COMPLETED], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_ABORTED], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_TIMED_OUT], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_FW_FAULTS], 0);
	ck_assert_int_eq(run_result_check(&t.r, why, sizeof(why)), 0);
	tr_done(&t);
}
END_TEST

/* A failing step without an expectation; then each way to declare it. */
START_TEST(test_result)
{
	static const char *const pass[] = {
		"      - alloc: {size: 600MiB, expect: EINVAL}\n",
		"      - alloc: {size: 600MiB, expect: any}\n",
		"      - alloc: {size: 600MiB}\nallow:\n  - {errno: EINVAL, step: alloc, client: app, count: 1}\n",
	};
	char yaml[512];
	struct tr t;

	tr_run(&t, HDR OPEN "      - alloc: {size: 600MiB}\n", NULL);
	want_failure(&t, RUN_FK_RESULT, 7, "result EINVAL without an expectation");
	ck_assert_uint_eq(t.r.failures[0].op, 1);
	ck_assert_uint_eq(t.r.failures[0].instance, 0);
	ck_assert_str_eq(t.r.failures[0].step, "alloc");
	tr_done(&t);
	for (size_t i = 0; i < ARRAY_SIZE(pass); i++) {
		snprintf(yaml, sizeof(yaml), HDR OPEN "%s", pass[i]);
		tr_run(&t, yaml, NULL);
		want_pass(&t);
		tr_done(&t);
	}
	/* 'count' bounds the allowance: the second failing allocation fails the run */
	tr_run(&t, HDR OPEN "      - alloc: {size: 600MiB, count: 2}\n"
	       "allow:\n  - {errno: EINVAL, count: 1}\n", NULL);
	want_failure(&t, RUN_FK_RESULT, 7, "allocation 1 of 2: result EINVAL");
	ck_assert_uint_eq(t.r.failures_total, 1);
	ck_assert_uint_eq(t.r.tolerated, 1);
	ck_assert_uint_eq(t.r.allow_used[0], 1);
	tr_done(&t);
	/* an entry for another operation or another errno covers nothing */
	tr_run(&t, HDR OPEN "      - alloc: {size: 600MiB}\nallow:\n  - {errno: EINVAL, step: sync}\n"
	       "  - {errno: ENOSPC}\n", NULL);
	want_failure(&t, RUN_FK_RESULT, 7, "EINVAL");
	tr_done(&t);
}
END_TEST

/* Jobs that do not complete: timeout, fault (no CU), pending; declared. */
START_TEST(test_job)
{
	static const char hang[] = HDR OPEN
		"      - hwctx_create: ctx\n"
		"      - alloc: {label: A, size: 4KiB}\n"
		"      - exec: {hwctx: ctx, bos: [A], hang: true%s}\n"
		"      - advance: 3s\n"
		"      - close\n%s";
	static const char behind[] = HDR "design: pr1233\n"
		"faults:\n  - {site: add_host_buffer, nth: 1, status: INVALID_PARAM}\n" OPEN
		"      - hwctx_create: ctx\n      - alloc: {label: A, size: 100MiB}\n"
		"      - exec: {hwctx: ctx, bos: [A]%s}\n"
		"allow:\n  - {violation: jobs_in_attached_chunks}\n";
	char yaml[512];
	struct tr t;

	snprintf(yaml, sizeof(yaml), hang, "", "");
	tr_run(&t, yaml, NULL);
	want_failure(&t, RUN_FK_JOB, 9, "did not complete: timeout");
	ck_assert_uint_eq(t.r.failures[0].op, 3);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_TIMED_OUT], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_COMPLETED], 0);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), hang, ", expect: {job: timeout}", "");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), hang, ", expect: any", "");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), hang, "", "allow:\n  - {job: timeout, step: exec}\n");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
	/* a wrong job expectation fails as an expectation, with the exec's op */
	snprintf(yaml, sizeof(yaml), hang, ", expect: {job: aborted}", "");
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert_uint_eq(t.r.failures_total, 0);
	ck_assert_str_eq(tr_expect(&t, "exec")->detail, "job timeout, expected aborted");
	ck_assert_uint_eq(tr_expect(&t, "exec")->op, 3);
	tr_done(&t);

	/* no CU configured: the context is not ready, the firmware answers INVALID_COMMAND */
	tr_run(&t, HDR OPEN "      - hwctx_create: {name: ctx, cu: none}\n"
	       "      - alloc: {label: A, size: 4KiB}\n"
	       "      - exec: {hwctx: ctx, bos: [A]}\n", NULL);
	want_failure(&t, RUN_FK_JOB, 9, "did not complete: aborted");
	ck_assert_uint_eq(t.r.total.v[RUN_M_FW_FAULTS], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_ABORTED], 1);
	tr_done(&t);
	tr_run(&t, HDR OPEN "      - hwctx_create: {name: ctx, cu: none}\n"
	       "      - alloc: {label: A, size: 4KiB}\n"
	       "      - exec: {hwctx: ctx, bos: [A], expect: {job: aborted}}\n", NULL);
	want_pass(&t);
	tr_done(&t);

	/*
	 * A firmware fault: in the PR design a failed ADD broadcast leaves ctx
	 * attached to chunk 0 only (the injected status is declared by its
	 * rule); its job touches A in chunk 1 and faults (violation 18 allowed).
	 */
	snprintf(yaml, sizeof(yaml), behind, "");
	tr_run(&t, yaml, NULL);
	want_failure(&t, RUN_FK_JOB, 12, "did not complete: fault");
	ck_assert_uint_eq(t.r.total.v[RUN_M_FW_FAULTS], 1);
	ck_assert_uint_eq(t.r.tolerated, 2);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), behind, ", expect: {job: fault}");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);

	/* still running at the end */
	tr_run(&t, HDR OPEN "      - hwctx_create: ctx\n      - alloc: {label: A, size: 4KiB}\n"
	       "      - exec: {hwctx: ctx, bos: [A], hang: true}\n", NULL);
	want_failure(&t, RUN_FK_JOB, 9, "did not complete: pending");
	tr_done(&t);
	tr_run(&t, HDR OPEN "      - hwctx_create: ctx\n      - alloc: {label: A, size: 4KiB}\n"
	       "      - exec: {hwctx: ctx, bos: [A], hang: true, expect: {job: pending}}\n", NULL);
	want_pass(&t);
	tr_done(&t);
}
END_TEST

/*
 * Which refused execs are jobs (docs/run.md "Verdicts", job counts).  An
 * exec on a destroyed context fails before anything is queued, as
 * amdxdna_cmd_submit() (amdxdna_ctx.c, 856409ca) returns -EINVAL when
 * xa_load() finds no context: no job.  An exec after a bad chain reply
 * killed the channel was queued (aie2_cmd_submit(): job->seq =
 * ctx->submitted++, drm_sched_entity_push_job()) and failed when it was
 * sent (xdna_mailbox_send_msg(): -EPIPE): one submitted job that ended in
 * error; the simulator fails the ioctl with the send's -EPIPE.
 */
START_TEST(test_job_counts_refused_exec)
{
	struct tr t;

	tr_run(&t, HDR OPEN
	       "      - hwctx_create: {name: ctx, cu: none}\n"
	       "      - hwctx_create: gone\n"
	       "      - alloc: {label: A, size: 4KiB}\n"
	       "      - hwctx_destroy: gone\n"
	       "      - exec: {hwctx: gone, bos: [A], expect: EINVAL}\n"
	       "      - exec: {hwctx: ctx, bos: [A], expect: {job: aborted}}\n"
	       "      - exec: {hwctx: ctx, bos: [A], expect: EPIPE}\n"
	       "      - close\n", NULL);
	want_pass(&t);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_SUBMITTED], 2);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_COMPLETED], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_ABORTED], 2);
	ck_assert_uint_eq(t.r.total.v[RUN_M_JOBS_TIMED_OUT], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_FW_FAULTS], 0);
	ck_assert_uint_eq(t.r.total.v[RUN_M_FAILURES], 2);
	ck_assert_uint_eq(t.r.failures_by_errno[EINVAL], 1);
	ck_assert_uint_eq(t.r.failures_by_errno[EPIPE], 1);
	/* ops: open, 2 x hwctx_create, alloc, hwctx_destroy, then the three execs */
	ck_assert_uint_ge(t.r.nr_series, 8);
	ck_assert_int_eq(t.r.series[5].err, -EINVAL);
	ck_assert_uint_eq(t.r.series[5].job, 0);
	ck_assert_int_eq(t.r.series[6].err, 0);
	ck_assert_uint_eq(t.r.series[6].job, 1 + SCN_JOB_ABORTED);
	ck_assert_int_eq(t.r.series[7].err, -EPIPE);
	ck_assert_uint_eq(t.r.series[7].job, 1 + SCN_JOB_ABORTED);
	tr_done(&t);
}
END_TEST

/*
 * A firmware error status: NPU1 has 6 contexts; the 7th CREATE_CONTEXT is
 * answered MGMT_ERT_NOAVAIL.  Allowing the step's errno does not cover the
 * status; a declared failing result, 'allow: status' or an injected fault do.
 */
START_TEST(test_status)
{
	static const char npu1[] = "xdnasim: 1\ndevice: npu1\n" OPEN
		"      - repeat: {count: 6, steps: [{hwctx_create: {name: c, cu: none}}]}\n"
		"      - hwctx_create: {name: d, cu: none%s}\n%s";
	char yaml[512];
	struct tr t;

	snprintf(yaml, sizeof(yaml), npu1, "", "allow:\n  - {errno: EINVAL}\n");
	tr_run(&t, yaml, NULL);
	want_failure(&t, RUN_FK_STATUS, 8,
		     "firmware answered CREATE_CONTEXT with status MGMT_ERT_NOAVAIL (0x2000003)");
	ck_assert_uint_eq(t.r.failures_total, 1);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), npu1, ", expect: EINVAL", "");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), npu1, "",
		 "allow:\n  - {errno: EINVAL}\n  - {status: MGMT_ERT_NOAVAIL, step: hwctx_create}\n");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	ck_assert_uint_eq(t.r.tolerated, 2);
	tr_done(&t);
	/* an injected status is declared by its rule; the step's errno is not */
	tr_run(&t, HDR "faults:\n  - {site: create_context, nth: 1, status: INVALID_PARAM}\n" OPEN
	       "      - hwctx_create: ctx\n", NULL);
	want_failure(&t, RUN_FK_RESULT, 9, "result EINVAL");
	ck_assert_uint_eq(t.r.failures_total, 1);
	ck_assert_uint_eq(t.r.tolerated, 1);
	tr_done(&t);
	tr_run(&t, HDR "faults:\n  - {site: create_context, nth: 1, status: INVALID_PARAM}\n" OPEN
	       "      - hwctx_create: {name: ctx, expect: EINVAL}\n", NULL);
	want_pass(&t);
	tr_done(&t);
}
END_TEST

/* A DESTROY_CONTEXT that fails: the driver forgets a context the firmware keeps. */
START_TEST(test_leak)
{
	static const char leak[] = HDR
		"faults:\n  - {site: destroy_context, nth: 1, status: INVALID_PARAM}\n" OPEN
		"      - hwctx_create: {name: ctx, cu: none}\n"
		"      - hwctx_destroy: {name: ctx%s}\n"
		"      - close\n%s";
	char yaml[512];
	struct tr t;

	snprintf(yaml, sizeof(yaml), leak, "", "");
	tr_run(&t, yaml, NULL);
	want_failure(&t, RUN_FK_LEAK, 10, "firmware context 0 leaked");
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), leak, ", expect: any", "");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), leak, "", "allow:\n  - {leak: fw_ctx, step: hwctx_destroy}\n");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
}
END_TEST

/* A violation nobody names, then named (its expectation reports it) or allowed. */
START_TEST(test_violation)
{
	static const char v10[] = HDR OPEN
		"      - chunk_create: 64MiB\n"
		"      - hwctx_create: {name: c, cu: none}\n"
		"      - close\n%s";
	char yaml[512];
	struct tr t;

	snprintf(yaml, sizeof(yaml), v10, "");
	tr_run(&t, yaml, NULL);
	want_failure(&t, RUN_FK_VIOLATION, 8, "invariant sim.10 (no_invalid_fw_addr) violated");
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), v10, "expect:\n  invariants: [no_invalid_fw_addr]\n");
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert_uint_eq(t.r.failures_total, 0);
	ck_assert(!tr_expect(&t, "invariant no_invalid_fw_addr")->pass);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), v10, "allow:\n  - {violation: no_invalid_fw_addr}\n");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
}
END_TEST

/*
 * --check-every-op stops at the first violation that fails the run: one an
 * 'allow' entry covers does not stop it (the ops after it run and are
 * checked), and the violation the run names is the one it stopped at.
 */
START_TEST(test_check_every_op_past_allowed)
{
	static const char twice[] = HDR OPEN
		"      - chunk_create: 64MiB\n"
		"      - hwctx_create: {name: a, cu: none}\n"
		"      - hwctx_create: {name: b, cu: none}\n"
		"      - close\n"
		"allow:\n  - {violation: no_invalid_fw_addr, count: 1}\n";
	struct run_opts o = { .check_every_op = true };
	struct tr t;

	tr_run(&t, twice, &o);
	want_failure(&t, RUN_FK_VIOLATION, 9, "invariant sim.10 (no_invalid_fw_addr) violated");
	ck_assert(t.r.stopped);
	ck_assert(t.r.violation.found);
	ck_assert_uint_eq(t.r.violation.loc.line, 9);
	ck_assert_uint_eq(t.r.tolerated, 1);
	tr_done(&t);
}
END_TEST

/*
 * PR #1279, PASID: the hwctx's registration stops at unmapped chunk 1, its
 * command buffers lie in chunk 3: the command chain is outside every
 * registered piece (sim.25, recorded by the firmware during the exec) and
 * fails the run at that step (scenarios/findings/pr1279_deferred_chunk_job_unregistered.yaml).
 */
START_TEST(test_violation_chain_outside_registered)
{
	static const char chain[] = HDR "revision: pr1279\nmode: pasid\n" OPEN
		"      - alloc: {label: W, size: 192MiB}\n"
		"      - munmap: {chunk: 1, at: slot}\n"
		"      - alloc: {label: A, size: 3MiB}\n"
		"      - hwctx_create: {name: ctx, cu: none}\n"
		"      - config_cu: {hwctx: ctx, bos: [W]}\n"
		"      - exec: {hwctx: ctx, bos: [A], expect: {job: fault}}\n"
		"      - close\n"
		"allow:\n  - {violation: jobs_in_attached_chunks}\n";
	struct tr t;

	tr_run(&t, chain, NULL);
	want_failure(&t, RUN_FK_VIOLATION, 14, "invariant sim.25 (chain_buffer) violated: chain "
		     "buf_addr 0x10308000 not inside a registered chunk piece");
	tr_done(&t);
}
END_TEST

/* A stale firmware address (munmap of chunk 0 under a live hwctx) is a note. */
START_TEST(test_note)
{
	static const char note[] = HDR OPEN
		"      - hwctx_create: {name: c, cu: none}\n"
		"      - munmap: {chunk: 0, at: slot}\n%s";
	char yaml[512];
	struct tr t;

	snprintf(yaml, sizeof(yaml), note, "");
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert_uint_eq(t.r.failures_total, 1);
	ck_assert_int_eq(t.r.failures[0].kind, RUN_FK_NOTE);
	ck_assert_uint_eq(t.r.failures[0].op, U64_MAX);	/* found by the end-of-run check */
	ck_assert_ptr_nonnull(strstr(t.r.failures[0].reason, "keeps firmware address 0x7e0100000000"));
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), note, "allow:\n  - {note: stale_fw_addr}\n");
	tr_run(&t, yaml, NULL);
	want_pass(&t);
	tr_done(&t);
}
END_TEST

/* known_bug: XFAIL when the run fails, XPASS when it passes, only for its revisions. */
START_TEST(test_known_bug)
{
	static const char bad[] = HDR OPEN "      - alloc: {size: 600MiB}\n"
		"known_bug: {ref: \"PR #1\", text: \"oversized BO\"%s}\n";
	char yaml[512];
	struct run_opts pr = { .has_rev = true, .rev = REV_PR1233 };
	struct tr t;

	snprintf(yaml, sizeof(yaml), bad, "");
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_XFAIL);
	ck_assert(t.r.known_bug);
	ck_assert(!run_status_failed(t.r.status));
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), "%s" "known_bug: {ref: \"PR #1\", text: \"gone\"}\n", clean);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_XPASS);
	ck_assert(run_status_failed(t.r.status));
	ck_assert_str_eq(run_status_name(t.r.status), "xpass");
	tr_done(&t);
	/* revisions: head only; a pr1233 run is judged as usual */
	snprintf(yaml, sizeof(yaml), bad, ", revisions: [head]");
	tr_run(&t, yaml, &pr);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert(!t.r.known_bug);
	ck_assert_str_eq(t.r.revision, "pr1233");
	tr_done(&t);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_XFAIL);
	tr_done(&t);
}
END_TEST

/* What run refuses before its first op, at the offending node; scenario-check agrees. */
START_TEST(test_validate)
{
	static const struct {
		const char *yaml;
		const char *err;
	} cases[] = {
		{ HDR OPEN "allow:\n  - {violation: no_such_thing}\n",
		  "t.yaml:8:5: allow 'violation': 'no_such_thing' is not an invariant the simulator checks" },
		{ HDR OPEN "known_bug: {ref: r, text: t, revisions: [head, pr9999]}\n",
		  "t.yaml:7:48: known_bug revision 'pr9999' is not a revision the runner knows (pr1233, pr1279, 856409ca, pr1670, pr1705, upstream (head = pr1705))" },
		{ "xdnasim: 1\ndevice: npu1\n" OPEN,
		  NULL },
		{ "xdnasim: 1\ndevice: npu1\nfirmware: \"5.0\"\n" OPEN,
		  "t.yaml:3:11: the simulator cannot build device 'npu1' with firmware 5.0 (EINVAL)" },
		{ HDR "faults:\n  - {site: pin, nth: 1}\n  - {site: pin_pages, nth: 2}\n" OPEN,
		  "t.yaml:5:5: fault site 'pin_pages' already has a rule (line 4); one rule per site" },
	};
	char why[640];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scn_error err;
		struct scn *s;
		struct tr t;
		int ret;

		ck_assert_int_eq(scn_load_buffer(cases[i].yaml, strlen(cases[i].yaml), "t.yaml",
						 run_vocab(), &s, &err), 0);
		ret = run_validate(s, NULL, why, sizeof(why));
		if (!cases[i].err) {
			ck_assert_int_eq(ret, 0);
		} else {
			ck_assert_int_eq(ret, -EINVAL);
			ck_assert_str_eq(why, cases[i].err);
		}
		scn_free(s);
		tr_run(&t, cases[i].yaml, NULL);
		ck_assert_int_eq(t.r.status, cases[i].err ? RUN_ERROR : RUN_PASS);
		if (cases[i].err)
			ck_assert_str_eq(t.r.error, cases[i].err);
		tr_done(&t);
	}
}
END_TEST

/* The summary lists failures with FILE:LINE:COLUMN and the instance, then a count. */
START_TEST(test_summary_lists_failures)
{
	char *buf = NULL;
	size_t len = 0;
	struct tr t;
	FILE *f;

	tr_run(&t, HDR OPEN "      - alloc: {size: 600MiB, count: 12}\n", NULL);
	ck_assert_uint_eq(t.r.failures_total, 12);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(run_print_summary(f, &t.r), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "  unexpected failures: 12 (result 12)\n"
				     "    t.yaml:7:9: alloc [op 1, app]: allocation 0 of 12: result EINVAL without an expectation\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    ... and 2 more (all of them in the JSON report)\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  result: FAIL\n"));
	free(buf);
	buf = tr_report(&t);
	ck_assert_ptr_nonnull(strstr(buf, "\"total\": 12"));
	ck_assert_ptr_nonnull(strstr(buf, "allocation 11 of 12: result EINVAL"));
	free(buf);
	tr_done(&t);
}
END_TEST

Suite *run_verdict_suite(void)
{
	Suite *s = suite_create("run_verdict");
	TCase *tc = tcase_create("verdict");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_clean_run_and_job_metrics);
	tcase_add_test(tc, test_result);
	tcase_add_test(tc, test_job);
	tcase_add_test(tc, test_job_counts_refused_exec);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_leak);
	tcase_add_test(tc, test_violation);
	tcase_add_test(tc, test_check_every_op_past_allowed);
	tcase_add_test(tc, test_violation_chain_outside_registered);
	tcase_add_test(tc, test_note);
	tcase_add_test(tc, test_known_bug);
	tcase_add_test(tc, test_validate);
	tcase_add_test(tc, test_summary_lists_failures);
	suite_add_tcase(s, tc);
	return s;
}
