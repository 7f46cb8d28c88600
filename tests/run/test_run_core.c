// SPDX-License-Identifier: MIT
/*
 * test_run_core.c - the runner against the specification: exact addresses,
 * expansions and message counts of docs/driver/heap.md §4 / §5.4, the ordering rules
 * of scenarios/README.md against an independent model, expectation
 * verdicts, faults, invariants and input errors.
 */
#include "tests/run/test_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_metrics.h"
#include "sim/fault.h"

#define HDR "xdnasim: 1\ndevice: npu4\n"
#define M64 (64ULL << 20)

/* docs/driver/heap.md §4 worked example, HEAD: every op's address and expansions. */
START_TEST(test_worked_example_series)
{
	struct tr t;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: {name: ctx0, cu: none}\n      - alloc: {label: A, size: 100MiB}\n"
		   "      - close\n", NULL);
	ck_assert_int_eq(t.ret, 0);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.nr_ops, 4);
	ck_assert_uint_eq(t.r.nr_series, 4);
	ck_assert_int_eq(t.r.series[2].err, 0);
	ck_assert_uint_eq(t.r.series[2].addr, 0x04020000);
	ck_assert_uint_eq(t.r.series[2].expansions, 1);
	ck_assert_uint_eq(t.r.series[2].committed, 128ULL << 20);
	ck_assert_uint_eq(t.r.series[2].live, (100ULL << 20) + 4 * 4096);
	ck_assert_uint_eq(t.r.series[1].live, 4 * 4096);
	ck_assert_uint_eq(t.r.series[1].addr, U64_MAX);
	/* state just before close, counters over the run */
	ck_assert_uint_eq(t.r.instances[0].m.v[RUN_M_COMMITTED], 128ULL << 20);
	ck_assert_uint_eq(t.r.instances[0].m.v[RUN_M_CHUNKS], 2);
	ck_assert_uint_eq(t.r.instances[0].m.v[RUN_M_CROSS_CHUNK_BOS], 1);
	ck_assert_uint_eq(t.r.instances[0].m.v[RUN_M_HWCTXS], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_EXPANSIONS], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_MAP_MSGS], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_ADD_MSGS], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_FAILURES], 0);
	ck_assert(!t.r.violation.found);
	run_result_assert_ok(&t.r);
	tr_done(&t);
}
END_TEST

/*
 * heap_ops of the worked example (docs/driver/heap.md §4, §5.6): the initial 64 MiB
 * chunk the shim creates inside open comes first, then the hwctx's four
 * 4 KiB command buffers (32 KiB aligned), A's -EAGAIN, the expansion chunk
 * and A.  Nothing after: the hook is gone before close frees the heap.
 */
START_TEST(test_heap_ops_start_with_open_chunk)
{
	static const struct run_heap_op want[] = {
		{ 0, HEAP_OP_CHUNK_ADD, 0, 0x04000000, M64, M64, 0 },
		{ 0, HEAP_OP_BO_ALLOC, 0, 0x04000000, 4096, M64, 4096 },
		{ 0, HEAP_OP_BO_ALLOC, 0, 0x04008000, 4096, M64, 2 * 4096 },
		{ 0, HEAP_OP_BO_ALLOC, 0, 0x04010000, 4096, M64, 3 * 4096 },
		{ 0, HEAP_OP_BO_ALLOC, 0, 0x04018000, 4096, M64, 4 * 4096 },
		/* HEAD: the trailing hole is past the committed 64 MiB (§5.4) */
		{ 0, HEAP_OP_BO_ALLOC, -EAGAIN, HEAP_INVALID_ADDR, 100ULL << 20, M64, 4 * 4096 },
		{ 0, HEAP_OP_CHUNK_ADD, 0, 0x08000000, M64, 2 * M64, 4 * 4096 },
		{ 0, HEAP_OP_BO_ALLOC, 0, 0x04020000, 100ULL << 20, 2 * M64,
		  (100ULL << 20) + 4 * 4096 },
	};
	struct tr t;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: {name: ctx0, cu: none}\n      - alloc: {label: A, size: 100MiB}\n"
		   "      - close\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert(!t.r.heap_ops_truncated);
	ck_assert_uint_eq(t.r.nr_heap_ops, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const struct run_heap_op *o = &t.r.heap_ops[i];

		ck_assert_uint_eq(o->instance, want[i].instance);
		ck_assert_uint_eq(o->op, want[i].op);
		ck_assert_int_eq(o->err, want[i].err);
		ck_assert_uint_eq(o->addr, want[i].addr);
		ck_assert_uint_eq(o->size, want[i].size);
		ck_assert_uint_eq(o->committed, want[i].committed);
		ck_assert_uint_eq(o->live, want[i].live);
	}
	tr_done(&t);
}
END_TEST

/*
 * "At peak" (docs/run.md) is the first op after which live bytes were
 * highest.  A CREATE_HWCTX that fails at the DPM request allocates its four
 * 4 KiB command buffers and frees them inside the op: the heap's peak_live
 * is 16 KiB, live after every op is 0, so at peak is op 0 (the open).
 */
START_TEST(test_at_peak_is_an_op)
{
	struct tr t;
	const struct run_instance_result *ir;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	/* the failed DPM request leaks the firmware context (PR #1670): declared */
	tr_run(&t, HDR "faults:\n  - {site: set_dpm_level, every: 1, times: 1, err: EINVAL}\n"
		   "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: {name: bad, expect: EINVAL}\n      - close\n"
		   "allow:\n  - {leak: fw_ctx}\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ir = &t.r.instances[0];
	ck_assert_uint_eq(ir->m.v[RUN_M_PEAK_LIVE], 4 * 4096);
	ck_assert_uint_eq(ir->peak_op, 0);
	ck_assert_uint_eq(ir->peak_op_live, 0);
	ck_assert_uint_eq(ir->peak_largest_hole, M64);
	ck_assert(ir->peak_ext_frag == 0.0);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(run_print_summary(f, &t.r), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(strstr(buf, "  app: peak committed 64 MiB, peak live 16 KiB; at peak live "
				     "(op 0, live 0 B): external fragmentation 0.0000, "
				     "largest hole 64 MiB\n"));
	ck_assert_ptr_null(strstr(buf, "op -1"));
	free(buf);
	tr_done(&t);

	/* the worked example: highest after op 2 (A), 100 MiB + the cmd bufs */
	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: {name: ctx0, cu: none}\n      - alloc: {label: A, size: 100MiB}\n"
		   "      - free: A\n      - close\n", NULL);
	ir = &t.r.instances[0];
	ck_assert_uint_eq(ir->peak_op, 2);
	ck_assert_uint_eq(ir->peak_op_live, (100ULL << 20) + 4 * 4096);
	ck_assert_uint_eq(ir->m.v[RUN_M_PEAK_LIVE], (100ULL << 20) + 4 * 4096);
	tr_done(&t);
}
END_TEST

/* The PR design places the same BO at the same address (docs/driver/heap.md §4, last paragraph). */
START_TEST(test_worked_example_pr1233)
{
	struct run_opts o = { .has_rev = true, .rev = REV_PR1233 };
	struct tr t;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - hwctx_create: {name: ctx0, cu: none}\n"
		   "      - alloc: {size: 100MiB, expect: {addr: 0x0402_0000, expansions: 1}}\n"
		   "      - close\n", &o);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_int_eq(t.r.rev, REV_PR1233);
	ck_assert_uint_eq(t.r.total.v[RUN_M_ADD_MSGS], 1);
	tr_done(&t);
}
END_TEST

/* A wrong expectation fails with what was seen, where, and which op. */
START_TEST(test_step_expectation_verdicts)
{
	struct tr t;
	const struct run_expect_result *e;

	tr_run(&t, HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		   "      - alloc: {label: A, size: 4KiB, expect: {addr: 0x0400_8000}}\n"
		   "      - alloc: {label: B, size: 4KiB, expect: ENOSPC}\n"
		   "      - alloc: {label: C, size: 600MiB, expect: {result: EINVAL, expansions: 0}}\n"
		   "      - alloc: {label: D, size: 100MiB, expect: {expansions: 2}}\n"
		   "      - close\n", NULL);
	ck_assert_int_eq(t.ret, 0);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert_uint_eq(t.r.nr_expects, 4);
	ck_assert_uint_eq(t.r.expects_failed, 3);
	e = tr_expect(&t, "alloc A");
	ck_assert(!e->pass);
	ck_assert_str_eq(e->detail, "addr 0x4000000, expected 0x4008000");
	ck_assert_uint_eq(e->op, 1);
	ck_assert_uint_eq(e->loc.line, 7);
	e = tr_expect(&t, "alloc B");
	ck_assert_str_eq(e->detail, "allocation 0: result ok, expected ENOSPC");
	ck_assert_uint_eq(e->op, 2);
	e = tr_expect(&t, "alloc C");
	ck_assert(e->pass);
	e = tr_expect(&t, "alloc D");
	ck_assert_str_eq(e->detail, "expansions 1, expected 2");
	ck_assert_uint_eq(t.r.failures_by_errno[EINVAL], 1);
	ck_assert_uint_eq(t.r.total.v[RUN_M_FAILURES], 1);
	tr_done(&t);
}
END_TEST

/* Metric bounds: operators, sums over instances, client and phase scope. */
START_TEST(test_metric_expectations)
{
	struct tr t;

	tr_run(&t, HDR "clients:\n  - name: a\n    instances: 2\n    steps:\n      - open\n"
		   "      - phase:\n          name: grow\n          steps:\n"
		   "            - alloc: {label: X, size: 100MiB}\n"
		   "      - alloc: {label: Y, size: 4KiB}\n      - close\n"
		   "  - name: b\n    steps: [open, close]\n"
		   "expect:\n  metrics:\n"
		   "    - expansions == 2\n    - expansions != 2\n    - committed == 320MiB\n"
		   "    - committed < 320MiB\n    - committed <= 320MiB\n    - live_bos >= 4\n"
		   "    - live_bos > 4\n    - {check: \"expansions == 2\", client: a}\n"
		   "    - {check: \"expansions == 0\", client: b}\n"
		   "    - {check: \"live_bos == 2\", client: a, phase: grow}\n"
		   "    - {check: \"expansions == 2\", client: a, phase: grow}\n"
		   "    - \"peak_ratio <= 1.3\"\n    - \"peak_ratio < 1.2\"\n", NULL);
	ck_assert_int_eq(t.ret, 0);
	/* 2 x (64 + 64 MiB) + b's 64 MiB; a's BOs: X + Y per instance */
	ck_assert(tr_expect(&t, "expansions == 2")->pass);
	ck_assert(!tr_expect(&t, "expansions != 2")->pass);
	ck_assert(tr_expect(&t, "committed == 320MiB")->pass);
	ck_assert(!tr_expect(&t, "committed < 320MiB")->pass);
	ck_assert(tr_expect(&t, "committed <= 320MiB")->pass);
	ck_assert(tr_expect(&t, "live_bos >= 4")->pass);
	ck_assert(!tr_expect(&t, "live_bos > 4")->pass);
	ck_assert(tr_expect(&t, "expansions == 2 [client a]")->pass);
	ck_assert(tr_expect(&t, "expansions == 0 [client b]")->pass);
	ck_assert(tr_expect(&t, "live_bos == 2 [client a, phase grow]")->pass);
	ck_assert(tr_expect(&t, "expansions == 2 [client a, phase grow]")->pass);
	/* peak C / peak A = 128 MiB / (100 MiB + 4 KiB) per instance */
	ck_assert(tr_expect(&t, "peak_ratio <= 1.3")->pass);
	ck_assert(!tr_expect(&t, "peak_ratio < 1.2")->pass);
	ck_assert_uint_eq(t.r.expects_failed, 4);
	ck_assert_uint_eq(t.r.instances[0].phases[0].runs, 1);
	ck_assert_uint_eq(t.r.instances[0].phases[0].ops, 1);
	tr_done(&t);
}
END_TEST

/*
 * An independent model of the ordering rules: instance i has len[i] leaf
 * steps; return the instance of each op in order.
 */
static u32 model_order(const u32 *len, u32 n, const u32 *il, u32 nil, bool seq, u32 *out)
{
	u32 done[8] = { 0 }, k = 0;
	bool any = true;

	if (seq) {
		for (u32 i = 0; i < n; i++)
			for (u32 j = 0; j < len[i]; j++)
				out[k++] = i;
		return k;
	}
	for (u32 i = 0; i < nil; i++)
		if (done[il[i]] < len[il[i]]) {
			done[il[i]]++;
			out[k++] = il[i];
		}
	while (any) {
		any = false;
		for (u32 i = 0; i < n; i++)
			if (done[i] < len[i]) {
				done[i]++;
				out[k++] = i;
				any = true;
			}
	}
	return k;
}

static const char order_clients[] =
	"clients:\n"
	"  - name: p\n    instances: 2\n    steps:\n      - open\n"
	"      - repeat: {count: 3, steps: [{alloc: 4KiB}]}\n      - close\n"
	"  - name: q\n    steps: [open, {alloc: 4KiB}, close]\n"
	"  - name: r\n    steps: [open, {phase: {name: x, steps: [{alloc: 4KiB}, {alloc: 8KiB}]}}, close]\n";

static void check_order(const char *sched, const u32 *il, u32 nil, bool seq)
{
	static const u32 len[] = { 5, 5, 3, 4 };
	char yaml[1024];
	u32 want[32], n;
	struct tr t;

	snprintf(yaml, sizeof(yaml), HDR "%s%s", sched, order_clients);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	n = model_order(len, 4, il, nil, seq, want);
	ck_assert_uint_eq(t.r.nr_series, n);
	for (u32 i = 0; i < n; i++)
		ck_assert_msg(t.r.series[i].instance == want[i], "%s: op %u ran instance %u, model %u",
			      sched, i, t.r.series[i].instance, want[i]);
	/* every instance has its own heap: its first BO at the base */
	for (u32 i = 0; i < n; i++)
		if (t.r.series[i].step->op == SCN_OP_ALLOC && t.r.series[i].live == 4096)
			ck_assert_uint_eq(t.r.series[i].addr, 0x04000000);
	tr_done(&t);
}

START_TEST(test_order_round_robin)
{
	check_order("", NULL, 0, false);
}
END_TEST

START_TEST(test_order_sequential)
{
	check_order("schedule: sequential\n", NULL, 0, true);
}
END_TEST

START_TEST(test_order_interleave)
{
	static const u32 il[] = { 3, 3, 3, 2, 0, 3, 3, 3 };

	check_order("schedule: interleave\ninterleave: [r, r, r, q, 'p[0]', r, r, r]\n", il,
		    ARRAY_SIZE(il), false);
}
END_TEST

/* free: fraction frees exactly floor(f x n), chosen by the seed. */
START_TEST(test_free_fraction)
{
	u64 seen[8];
	u32 distinct = 0;

	for (u64 seed = 1; seed <= 8; seed++) {
		struct run_opts o = { .has_seed = true, .seed = seed };
		struct tr t;
		u64 mask = 0;

		tr_run(&t, HDR "clients:\n  - name: a\n    steps:\n      - open\n"
			   "      - alloc: {label: L, size: 4KiB, count: 10}\n"
			   "      - free: {fraction: 0.35}\n"
			   "      - alloc: {label: M, size: 4KiB, count: 3}\n", &o);
		ck_assert_int_eq(t.r.status, RUN_PASS);
		ck_assert_uint_eq(t.r.series[2].live_bos, 7);
		ck_assert_uint_eq(t.r.series[2].failures, 0);
		/* the 3 new BOs land in the 3 freed slots (BEST prefers them, docs/driver/heap.md §4) */
		ck_assert_uint_eq(t.r.series[3].live_bos, 10);
		ck_assert_uint_eq(t.r.series[3].committed, 64ULL << 20);
		ck_assert_uint_eq(t.r.instances[0].m.v[RUN_M_HOLE_COUNT], 10);
		mask = t.r.series[3].addr;
		seen[seed - 1] = mask;
		tr_done(&t);
	}
	for (u32 i = 0; i < 8; i++) {
		bool dup = false;

		for (u32 j = 0; j < i; j++)
			dup = dup || seen[j] == seen[i];
		distinct += !dup;
	}
	ck_assert_uint_gt(distinct, 1);
}
END_TEST

/* Pattern and label frees; sizes drawn from a distribution stay in bounds. */
START_TEST(test_free_pattern_and_distributions)
{
	struct tr t;

	tr_run(&t, HDR "seed: 99\nclients:\n  - name: a\n    steps:\n      - open\n"
		   "      - alloc: {label: in, size: {uniform: {min: 5000, max: 6000}}, count: 20}\n"
		   "      - alloc: {label: out, size: {buckets: [{size: 8KiB, weight: 1}]}, count: 5}\n"
		   "      - free: {pattern: \"in[1?]\"}\n      - free: out\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.series[1].live, 20 * 8192);
	ck_assert_uint_eq(t.r.series[2].live, 25 * 8192);
	ck_assert_uint_eq(t.r.series[3].live_bos, 15);	/* in[10]..in[19] freed */
	ck_assert_uint_eq(t.r.series[4].live_bos, 10);
	ck_assert_uint_ge(t.r.instances[0].m.v[RUN_M_REQUESTED], 10 * 5000);
	ck_assert_uint_le(t.r.instances[0].m.v[RUN_M_REQUESTED], 10 * 6000);
	tr_done(&t);
}
END_TEST

/* A client-scoped fault counts and fires only in that client's ops. */
START_TEST(test_fault_scoped_to_client)
{
	static const char body[] =
		"schedule: sequential\nclients:\n"
		"  - name: a\n    steps: [open, {hwctx_create: c}, {alloc: {size: 100MiB}}, close]\n"
		"  - name: b\n    steps: [open, {hwctx_create: c}, {alloc: {size: 100MiB}}, close]\n";
	char yaml[1024];
	struct tr t;

	snprintf(yaml, sizeof(yaml), HDR "faults:\n  - {site: add_host_buffer, nth: 1, client: b}\n%s",
		 body);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.series[2].err, 0);
	ck_assert_uint_eq(t.r.series[2].instance, 0);
	ck_assert_int_eq(t.r.series[6].err, -EINVAL);
	ck_assert_uint_eq(t.r.series[6].expansions, 1);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), HDR "faults:\n  - {site: add_host_buffer, nth: 1}\n%s", body);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.series[2].err, -EINVAL);
	ck_assert_int_eq(t.r.series[6].err, 0);
	tr_done(&t);
	snprintf(yaml, sizeof(yaml), HDR "faults:\n  - {site: pin, every: 1, err: EIO, client: a}\n%s",
		 body);
	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.series[1].err, -EIO);	/* a's hwctx pins chunk 0 */
	ck_assert_int_eq(t.r.series[5].err, 0);
	tr_done(&t);
}
END_TEST

/* no_pins_left / no_live_bos: the runner's end-of-run checks. */
START_TEST(test_end_invariants)
{
	struct tr t;
	const struct run_expect_result *e;

	tr_run(&t, HDR "clients:\n  - name: a\n    steps: [open, {hwctx_create: c}, {alloc: 4KiB}]\n"
		   "expect:\n  invariants: [no_pins_left, no_live_bos, chunk_refcounts]\n", NULL);
	e = tr_expect(&t, "invariant no_pins_left");
	ck_assert(!e->pass);
	ck_assert_str_eq(e->detail, "1 chunk pins held at the end; pin events - unpin events = 1");
	e = tr_expect(&t, "invariant no_live_bos");
	ck_assert(!e->pass);
	/* 4 cmd bufs, the shim's PDI buffer, the 4 KiB BO */
	ck_assert_str_eq(e->detail, "6 DEV BOs live at the end");
	ck_assert(tr_expect(&t, "invariant chunk_refcounts")->pass);
	tr_done(&t);
	tr_run(&t, HDR "clients:\n  - name: a\n    steps: [open, {hwctx_create: c}, {alloc: 4KiB}, close]\n"
		   "expect:\n  invariants: [no_pins_left, no_live_bos, chunk_refcounts]\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_PASS);
	ck_assert_uint_eq(t.r.expects_passed, 3);
	tr_done(&t);
}
END_TEST

/*
 * docs/driver/heap.md §14 item 1: at HEAD in PASID mode an unmapped chunk reaches the
 * firmware as ~0 when a hwctx attaches it; the simulator records violation
 * 10.  The runner names it with its op and line, and --check-every-op stops
 * right after that op.
 */
START_TEST(test_violation_and_check_every_op)
{
	static const char yaml[] = HDR "clients:\n  - name: a\n    steps:\n      - open\n"
		"      - chunk_create: 64MiB\n      - hwctx_create: c\n      - alloc: 4KiB\n"
		"      - close\nexpect:\n  invariants: [no_invalid_fw_addr, chunk_refcounts]\n";
	struct run_opts o = { .check_every_op = true };
	struct tr t;

	tr_run(&t, yaml, NULL);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert(!t.r.stopped);
	ck_assert_uint_eq(t.r.nr_ops, 5);
	ck_assert(t.r.violation.found);
	ck_assert_int_eq(t.r.violation.number, 10);
	ck_assert_uint_eq(t.r.violation.op, 2);
	ck_assert_uint_eq(t.r.violation.loc.line, 8);
	ck_assert(!tr_expect(&t, "invariant no_invalid_fw_addr")->pass);
	ck_assert(tr_expect(&t, "invariant chunk_refcounts")->pass);
	tr_done(&t);

	tr_run(&t, yaml, &o);
	ck_assert_int_eq(t.r.status, RUN_FAIL);
	ck_assert(t.r.stopped);
	ck_assert_uint_eq(t.r.nr_ops, 3);
	ck_assert_uint_eq(t.r.nr_series, 3);
	ck_assert_uint_eq(t.r.violation.op, 2);
	run_result_assert_ok(&t.r);
	tr_done(&t);
}
END_TEST

/* Scenarios the simulator cannot run are input errors with a location. */
START_TEST(test_input_errors)
{
	struct tr t;

	tr_run(&t, "xdnasim: 1\ndevice: npu1\nfirmware: \"5.0\"\nclients:\n  - {name: a, steps: [open]}\n",
	       NULL);
	ck_assert_int_eq(t.ret, -EINVAL);
	ck_assert_int_eq(t.r.status, RUN_ERROR);
	ck_assert_str_eq(t.r.error, "t.yaml:3:11: the simulator cannot build device 'npu1' with firmware 5.0 (EINVAL)");
	tr_done(&t);
	tr_run(&t, HDR "faults:\n  - {site: pin, nth: 1}\n  - {site: pin_pages, nth: 2}\n"
		   "clients:\n  - {name: a, steps: [open]}\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_ERROR);
	ck_assert_str_eq(t.r.error, "t.yaml:5:5: fault site 'pin_pages' already has a rule (line 4); one rule per site");
	tr_done(&t);
	tr_run(&t, HDR "faults:\n  - {site: map_host_buffer, nth: 1, status: SUCCESS}\n"
		   "clients:\n  - {name: a, steps: [open]}\n", NULL);
	ck_assert_int_eq(t.r.status, RUN_ERROR);
	ck_assert_str_eq(t.r.error, "t.yaml:4:45: firmware status SUCCESS is not a fault");
	tr_done(&t);
}
END_TEST

/* Run @yaml in both designs and compare; @p's result is re-pointed at @h's scenario. */
static void compare_designs(const char *yaml, struct tr *h, struct tr *p, struct run_divergence *d)
{
	struct run_opts o = { .has_rev = true, .rev = REV_856409CA };

	tr_run(h, yaml, &o);
	o.rev = REV_PR1233;
	tr_run(p, yaml, &o);
	p->r.scn = h->r.scn;	/* two loads of one text: compare them as one scenario */
	ck_assert_int_eq(run_compare(&h->r, &p->r, d), 0);
}

/* docs/driver/heap.md §5.4 examples 3 and 4: where the designs part ways. */
START_TEST(test_compare_examples)
{
	static const char ex3[] = HDR "shim: {num_heap_pages: 7}\nclients:\n  - name: app\n    steps:\n"
		"      - open\n      - alloc: {label: A, size: 40MiB}\n"
		"      - alloc: {label: B, size: 200MiB}\n      - alloc: {label: C, size: 200MiB}\n"
		"      - free: B\n      - alloc: {label: D, size: 50MiB}\n      - close\n";
	static const char ex4[] = HDR "clients:\n  - name: app\n    steps:\n      - open\n"
		"      - alloc: {size: 300MiB}\n      - alloc: {size: 250MiB}\n      - close\n";
	struct run_divergence d;
	struct tr h, p;

	compare_designs(ex3, &h, &p, &d);
	ck_assert(d.found);
	ck_assert_uint_eq(d.op, 5);
	ck_assert_str_eq(d.what, "addr");
	ck_assert_uint_eq(d.a->addr, 0x1F800000);
	ck_assert_uint_eq(d.a->expansions, 1);
	ck_assert_uint_eq(d.b->addr, 0x06800000);
	ck_assert_uint_eq(d.b->expansions, 0);
	ck_assert_uint_eq(h.r.total.v[RUN_M_FRAG_EXPANSIONS], 1);
	ck_assert_uint_eq(p.r.total.v[RUN_M_FRAG_EXPANSIONS], 0);
	tr_done(&h);
	tr_done(&p);

	compare_designs(ex4, &h, &p, &d);
	ck_assert(d.found);
	ck_assert_uint_eq(d.op, 2);
	ck_assert_str_eq(d.what, "expansions");
	ck_assert_int_eq(d.a->err, -ENOSPC);
	ck_assert_int_eq(d.b->err, -ENOSPC);
	ck_assert_uint_eq(d.a->expansions, 0);
	ck_assert_uint_eq(d.b->expansions, 3);
	ck_assert_uint_eq(h.r.instances[0].m.v[RUN_M_COMMITTED], 320ULL << 20);
	ck_assert_uint_eq(p.r.instances[0].m.v[RUN_M_COMMITTED], 512ULL << 20);
	/* a run compared with itself does not diverge */
	ck_assert_int_eq(run_compare(&h.r, &h.r, &d), 0);
	ck_assert(!d.found);
	tr_done(&h);
	tr_done(&p);
}
END_TEST

/* Every vocabulary name resolves in the module that owns it. */
START_TEST(test_vocab_from_owners)
{
	const struct scn_vocab *v = run_vocab();

	for (const char *const *s = v->host_fault_sites; *s; s++) {
		int site = sim_fault_site_by_name(*s);

		ck_assert_msg(site >= 0 && !sim_fault_sites[site].fw_status, "host site %s", *s);
	}
	for (const char *const *s = v->fw_fault_sites; *s; s++) {
		int site = sim_fault_site_by_name(*s);

		ck_assert_msg(site >= 0 && sim_fault_sites[site].fw_status, "fw site %s", *s);
	}
	for (const struct scn_metric_def *m = v->metrics; m->name; m++) {
		int k = run_metric_by_name(m->name);

		ck_assert_int_ge(k, 0);
		ck_assert_int_eq(run_metric_kind((enum run_metric)k), m->kind);
	}
	for (const char *const *s = v->invariants; *s; s++)
		ck_assert_int_ge(run_invariant_number(*s), 0);
	ck_assert_int_eq(run_metric_by_name("nope"), -ENOENT);
	ck_assert_int_eq(run_invariant_number("nope"), -ENOENT);
}
END_TEST

Suite *run_core_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_worked_example_series);
	tcase_add_test(tc, test_heap_ops_start_with_open_chunk);
	tcase_add_test(tc, test_at_peak_is_an_op);
	tcase_add_test(tc, test_worked_example_pr1233);
	tcase_add_test(tc, test_step_expectation_verdicts);
	tcase_add_test(tc, test_metric_expectations);
	tcase_add_test(tc, test_order_round_robin);
	tcase_add_test(tc, test_order_sequential);
	tcase_add_test(tc, test_order_interleave);
	tcase_add_test(tc, test_free_fraction);
	tcase_add_test(tc, test_free_pattern_and_distributions);
	tcase_add_test(tc, test_fault_scoped_to_client);
	tcase_add_test(tc, test_end_invariants);
	tcase_add_test(tc, test_violation_and_check_every_op);
	tcase_add_test(tc, test_input_errors);
	tcase_add_test(tc, test_compare_examples);
	tcase_add_test(tc, test_vocab_from_owners);
	suite_add_tcase(s, tc);
	return s;
}
