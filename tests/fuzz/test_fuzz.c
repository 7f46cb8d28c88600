// SPDX-License-Identifier: MIT
/*
 * test_fuzz.c - the fuzz targets themselves: the byte decoder's exact
 * encoding, hand-assembled inputs whose operation lists must equal the
 * worked examples of docs/driver/drm_mm.md §3.7 and docs/heap.md, planted model bugs
 * that every target must catch (and minimise), determinism, the sim
 * target's scenario output, and the replay helpers.
 */
#include "tests/check_util.h"
#include "fuzz/fuzz.h"
#include "fuzz/stream.h"
#include "scenarios/scn.h"
#include "sim/fault.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An input under construction. */
struct in {
	u8 b[4096];
	size_t n;
};

static void put8(struct in *in, u8 v)
{
	ck_assert_uint_lt(in->n, sizeof(in->b));
	in->b[in->n++] = v;
}

static void put64(struct in *in, u64 v)
{
	for (int i = 0; i < 8; i++)
		put8(in, (u8)(v >> (8 * i)));
}

/* fz_scaled() class 1: the raw value mod 256, i.e. @v itself for v < 256. */
static void put_small(struct in *in, u8 v)
{
	put8(in, 1);
	put64(in, v);
}

/* The mm target's size class 7: the raw u64 itself. */
static void put_size(struct in *in, u64 v)
{
	put8(in, 7);
	put64(in, v);
}

/* Run @in on @t and return its operation list (malloc()ed). */
static char *trace_of(const struct fuzz_target *t, const struct in *in, int *ret,
		      struct fuzz_result *res)
{
	struct fuzz_opts o = { 0 };
	char *text = NULL;
	size_t len = 0;

	o.trace = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(o.trace);
	*ret = fuzz_target_run(t, in->b, in->n, &o, res);
	fclose(o.trace);
	return text;
}

START_TEST(test_stream_encoding)
{
	static const u8 bytes[] = { 0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0x07, 0x05, 0x00,
				    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09 };
	struct fz_stream s;

	fz_init(&s, bytes, sizeof(bytes));
	ck_assert_uint_eq(fz_u8(&s), 1);
	ck_assert_uint_eq(fz_u16(&s), 0x1234);
	ck_assert_uint_eq(fz_u32(&s), 0x12345678);
	/* class 7 = 1 << (raw % 64), raw = 5 */
	ck_assert_uint_eq(fz_scaled(&s, 4096), 32);
	ck_assert(!s.eof);
	ck_assert_uint_eq(fz_u16(&s), 9);	/* one byte left: 0x09, then 0 and EOF */
	ck_assert(s.eof);
	ck_assert_uint_eq(fz_left(&s), 0);
	/* Class 5: just below the span. */
	fz_init(&s, (const u8 *)"\x05\x03\0\0\0\0\0\0\0", 9);
	ck_assert_uint_eq(fz_scaled(&s, 100), 97);
	fz_init(&s, (const u8 *)"\x07", 1);
	ck_assert_uint_eq(fz_below(&s, 5), 2);
	ck_assert_uint_eq(fz_below(&s, 5), 0);
	ck_assert(s.eof);
}
END_TEST

static void mm_reserve(struct in *in, u8 slot, u8 start, u8 size)
{
	put8(in, 6);
	put8(in, slot);
	put_small(in, start);
	put_size(in, size);
	put8(in, 0);	/* colour */
}

static void mm_insert(struct in *in, u8 slot, u8 size, u8 mode)
{
	put8(in, 0);
	put8(in, slot);
	put_size(in, size);
	put8(in, 0);	/* no alignment */
	put64(in, 0);
	put8(in, 0);	/* colour */
	put8(in, mode);
	put8(in, 0);	/* whole range */
	put_small(in, 0);
	put_small(in, 0);
}

/* docs/driver/drm_mm.md §3.7, second example, as an input of the mm target. */
START_TEST(test_mm_worked_example)
{
	static const char want[] =
		"init [0,0x64)\n"
		"reserve slot 0 [0xa,+0xa) color 0 -> ok\n"
		"reserve slot 1 [0x1e,+0x3c) color 0 -> ok\n"
		"insert slot 2 size 0x5 align 0 color 0 range [0,0xffffffffffffffff) best -> 0x5a\n"
		"insert slot 3 size 0x5 align 0 color 0 range [0,0xffffffffffffffff) evict -> 0x5f\n"
		"insert slot 4 size 0x5 align 0 color 0 range [0,0xffffffffffffffff) low -> 0\n"
		"insert slot 5 size 0x5 align 0 color 0 range [0,0xffffffffffffffff) high -> 0x19\n"
		"reserve slot 6 [0x1e,+0x1) color 0 -> ENOSPC\n"
		"# 0 LOW/HIGH+ONCE inserts answered ENOSPC where plain LOW/HIGH fits\n";
	struct fuzz_result res;
	struct in in = { .n = 0 };
	char *text;
	int ret;

	put8(&in, 0);		/* header: [0, 1 + p % 4096) */
	put8(&in, 0);
	put64(&in, 99);
	mm_reserve(&in, 0, 10, 10);
	mm_reserve(&in, 1, 30, 60);
	mm_insert(&in, 2, 5, 0);
	mm_insert(&in, 3, 5, 3);
	mm_insert(&in, 4, 5, 1);
	mm_insert(&in, 5, 5, 2);
	mm_reserve(&in, 6, 30, 1);
	put8(&in, 0);		/* an incomplete operation at the end is ignored */
	text = trace_of(&fuzz_target_mm, &in, &ret, &res);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(text, want);
	ck_assert_uint_eq(res.ops, 7);
	free(text);
}
END_TEST

static void heap_op(struct in *in, u8 code, u8 slot, u8 idx, u8 sel, u8 size)
{
	put8(in, code);
	put8(in, slot);
	put8(in, idx);
	put8(in, sel);
	put8(in, 0);	/* fz_scaled class 0: raw % 16 */
	put64(in, size);
	put_small(in, 0);
}

/* docs/heap.md worked example: four 4 KiB command buffers at 32 KiB steps. */
START_TEST(test_heap_worked_example)
{
	static const char want[] =
		"heap npu4 856409ca pasid\n"
		"chunk 0x4000000 -> 0\n"
		"map 0 uva 0x7f0000000000 dma 0x7ffef8000000 -> 0 0\n"
		"alloc slot 0 0x1000 -> 0 0x4000000\n"
		"alloc slot 1 0x1000 -> 0 0x4008000\n"
		"alloc slot 2 0x1000 -> 0 0x4010000\n"
		"alloc slot 3 0x1000 -> 0 0x4018000\n"
		"alloc slot 4 0x8000000 -> -11 0\n"
		"chunk 0 -> -22\n";
	struct fuzz_result res;
	struct in in = { .n = 0 };
	char *text;
	int ret;

	put8(&in, 0);	/* HEAD */
	put8(&in, 0);	/* PASID */
	put8(&in, 2);	/* npu4 */
	put8(&in, 0);
	heap_op(&in, 0, 0, 0, 0, 0);		/* chunk 64 MiB */
	heap_op(&in, 2, 0, 0, 0, 0);		/* map chunk 0 at its slot */
	for (u8 i = 0; i < 4; i++)
		heap_op(&in, 4, i, 0, 1, 0);	/* (1 + 0 % 64) pages */
	heap_op(&in, 4, 4, 0, 2, 15);		/* 16 x 8 MiB: past the committed chunk */
	heap_op(&in, 0, 0, 0, 5, 0);		/* chunk of size 0 */
	text = trace_of(&fuzz_target_heap, &in, &ret, &res);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

/* Every target catches its planted model bug, and the minimum still fails. */
START_TEST(test_planted_bug_found_and_minimised)
{
	const struct fuzz_target *t = fuzz_targets[_i];
	struct fuzz_opts o = { .plant = FUZZ_PLANT_MODEL };
	struct fuzz_result res, res2;
	u8 *buf = malloc(t->max_len), *min = NULL;
	size_t len = 0, min_len = 0;
	u64 iter, tries = 0, limit = 20000;
	struct xrand r;

	ck_assert_ptr_nonnull(buf);
	for (iter = 0; iter < limit; iter++) {
		xrand_seed(&r, fuzz_input_seed(1, iter));
		len = t->generate(&r, buf, t->max_len);
		if (fuzz_target_run(t, buf, len, &o, &res))
			break;
	}
	ck_assert_msg(iter < limit, "%s: planted bug not found", t->name);
	ck_assert_int_eq(res.inv, 1);
	ck_assert_int_eq(fuzz_minimize(t, buf, len, &o, &min, &min_len, &tries), 0);
	ck_assert_uint_le(min_len, len);
	ck_assert_uint_gt(tries, 0);
	ck_assert_int_eq(fuzz_target_run(t, min, min_len, &o, &res2), -EUCLEAN);
	ck_assert_int_eq(res2.inv, 1);
	/* Without the planted bug the same input passes. */
	ck_assert_int_eq(fuzz_target_run(t, min, min_len, NULL, &res2), 0);
	ck_assert_int_eq(fuzz_minimize(t, min, min_len, NULL, &min, &min_len, NULL), -EINVAL);
	free(min);
	free(buf);
}
END_TEST

START_TEST(test_same_seed_same_input)
{
	const struct fuzz_target *t = fuzz_targets[_i];
	u8 *a = malloc(t->max_len), *b = malloc(t->max_len);
	struct fuzz_result ra, rb;
	struct xrand r;
	size_t la, lb;

	ck_assert(a && b);
	for (u64 i = 0; i < 20; i++) {
		xrand_seed(&r, fuzz_input_seed(42, i));
		la = t->generate(&r, a, t->max_len);
		xrand_seed(&r, fuzz_input_seed(42, i));
		lb = t->generate(&r, b, t->max_len);
		ck_assert_uint_eq(la, lb);
		ck_assert_mem_eq(a, b, la);
		ck_assert_int_eq(fuzz_target_run(t, a, la, NULL, &ra), 0);
		ck_assert_int_eq(fuzz_target_run(t, b, lb, NULL, &rb), 0);
		ck_assert_uint_eq(ra.ops, rb.ops);
	}
	ck_assert_uint_ne(fuzz_input_seed(42, 0), fuzz_input_seed(42, 1));
	ck_assert_uint_ne(fuzz_input_seed(42, 0), fuzz_input_seed(43, 0));
	free(a);
	free(b);
}
END_TEST

/* Empty, truncated and oversized inputs are fine for every target. */
START_TEST(test_degenerate_inputs)
{
	const struct fuzz_target *t = fuzz_targets[_i];
	struct fuzz_result res;
	u8 *big = calloc(1, t->max_len + 100);

	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(fuzz_target_run(t, NULL, 0, NULL, &res), 0);
	ck_assert_int_eq(fuzz_target_run(t, (const u8 *)"\xff", 1, NULL, &res), 0);
	memset(big, 0xff, t->max_len + 100);
	ck_assert_int_eq(fuzz_target_run(t, big, t->max_len + 100, NULL, &res), 0);
	free(big);
}
END_TEST

static void sim_op(struct in *in, u8 code, u8 client, u8 a, u8 b, u32 v)
{
	put8(in, code);
	put8(in, client);
	put8(in, a);
	put8(in, b);
	for (int i = 0; i < 4; i++)
		put8(in, (u8)(v >> (8 * i)));
}

/*
 * The heap worked example as a sim input: the scenario the target decodes
 * runs through the runner (every open client closes at the end), and the
 * reproducer the scenario writer writes loads.
 */
START_TEST(test_sim_scenario_output)
{
	static const char want[] =
		"sim npu4 856409ca pasid heap_pages 1 faults 1\n"
		"c0 open -> ok\n"
		"c0 hwctx_create: h0 -> ok\n"
		"c0 alloc: {label: b0, size: 0x6400000} -> ok\n"
		"c1 open -> ok\n"
		"c0 close -> ok\n"
		"c1 close -> ok\n";
	struct fuzz_result res;
	struct in in = { .n = 0 };
	struct scn *s = NULL;
	struct scn_error e;
	char *text, *yaml = NULL;
	size_t ylen = 0;
	FILE *f;
	int ret;

	put8(&in, 0);	/* HEAD */
	put8(&in, 0);	/* PASID */
	put8(&in, 1);	/* npu4, 1 heap page */
	put8(&in, 1);	/* one fault: */
	put8(&in, SIM_FAULT_FW_ADD_HOST_BUFFER);	/* add_host_buffer */
	put8(&in, 7);	/* nth 8 */
	put8(&in, 2);	/* no answer */
	put8(&in, 0);
	put8(&in, 0);
	put8(&in, 0);
	sim_op(&in, 0, 0, 0, 0, 0);
	sim_op(&in, 8, 0, 0, 0, 0);
	sim_op(&in, 2, 0, 5, 0, 36);		/* (64 + 36) MiB */
	sim_op(&in, 6, 1, 0, 0, 0);		/* c1 is not open: no step */
	sim_op(&in, 0, 1, 0, 0, 0);
	text = trace_of(&fuzz_target_sim, &in, &ret, &res);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(res.ops, 6);
	ck_assert_str_eq(text, want);
	free(text);
	f = open_memstream(&yaml, &ylen);
	ck_assert_int_eq(fuzz_target_sim.write_yaml(in.b, in.n, NULL, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(yaml, "interleave: [\"c0\", \"c0\", \"c0\", \"c1\", \"c0\", \"c1\"]\n"));
	ck_assert_ptr_nonnull(strstr(yaml, "  - {site: add_host_buffer, nth: 8, status: timeout}\n"));
	ck_assert_ptr_nonnull(strstr(yaml, "      - alloc: {size: 0x6400000, count: 1, label: \"b0\", "
				 "path: shim, expect: any}\n"));
	ck_assert_ptr_nonnull(strstr(yaml, "      - open: {heap: true, expect: any}\n"));
	ck_assert_int_eq(scn_load_buffer(yaml, ylen, "t.yaml", NULL, &s, &e), 0);
	ck_assert_uint_eq(s->nr_clients, 2);
	scn_free(s);
	free(yaml);
}
END_TEST

/*
 * The revision a sim input picks: its first byte modulo the number of
 * merged revisions, so a campaign never lands on a proposal (pr1710, an
 * open pull request); `--revision pr1710` (o.has_rev) runs it when named.
 */
START_TEST(test_sim_revision_pick)
{
	struct fuzz_opts o = { .has_rev = true, .rev = REV_PR1710 };
	struct fuzz_result res;
	char *text = NULL, head[80];
	size_t len = 0;
	int ret;

	ck_assert_int_eq(REV_MERGED_NR, 6);
	for (u32 d = 0; d < 256; d++) {
		struct in in = { .n = 0 };

		put8(&in, (u8)d);
		put8(&in, 0);	/* PASID */
		put8(&in, 1);	/* npu4, 1 heap page */
		for (int k = 0; k < 7; k++)
			put8(&in, 0);	/* no fault */
		text = trace_of(&fuzz_target_sim, &in, &ret, &res);
		ck_assert_int_eq(ret, 0);
		snprintf(head, sizeof(head), "sim npu4 %s pasid heap_pages 1 faults 0\n",
			 drv_rev_name((enum drv_rev)(d % 6)));
		ck_assert_str_eq(text, head);
		ck_assert_ptr_null(strstr(text, "pr1710"));
		free(text);
	}
	{
		struct in in = { .n = 0 };

		for (int k = 0; k < 10; k++)
			put8(&in, k == 2);	/* byte 0 would pick 856409ca */
		o.trace = open_memstream(&text, &len);
		ck_assert_ptr_nonnull(o.trace);
		ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, in.b, in.n, &o, &res), 0);
		fclose(o.trace);
		ck_assert_str_eq(text, "sim npu4 pr1710 pasid heap_pages 1 faults 0\n");
		free(text);
	}
}
END_TEST

/*
 * The proposal pr1710 (only with --revision): open, hwctx_create, a TDR with
 * dead firmware on npu1 (no health query there), close.  The DESTROY_CONTEXT
 * of the worker's walk times out and power-cycles the NPU, which restarts
 * the context; the walk restarts it again (CREATE_CONTEXT three times in
 * all), so the first firmware context has no owner (sim.13), and outlives the
 * close.  A known finding of the PR (docs/fuzzing.md); without the known
 * list the input fails at the TDR (op 2).  On pr1705 the same input is
 * clean: its timeout restarts the one context once.
 */
START_TEST(test_sim_pr1710_orphan_known)
{
	static const unsigned char b[] = {
		0xac, 0xc5, 0x4c, 0x00, 0x2c, 0x3c, 0x45, 0x98, 0xd3, 0x2f, 0x00, 0x01,
		0x13, 0xa5, 0x86, 0xbe, 0x25, 0xbf, 0x44, 0x07, 0x0a, 0xeb, 0x96, 0xba,
		0x23, 0x14, 0x5e, 0x41, 0xa7, 0x59, 0xa6, 0x3f, 0x5b, 0xd3,
	};
	struct fuzz_opts o = { .has_rev = true, .rev = REV_PR1710 };
	struct fuzz_result res;

	ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, b, sizeof(b), &o, &res), 0);
	ck_assert_uint_eq(res.known, 1);
	o.plant = FUZZ_PLANT_NO_KNOWN;
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, b, sizeof(b), &o, &res), -EUCLEAN);
	ck_assert_int_eq(res.detail, 13 + 1);
	ck_assert_uint_eq(res.op, 2);
	ck_assert_msg(strstr(res.why, "F2 invariant sim.13 (hwctx_fw_ctx) failed sim_check after op 2 "
			      "at fuzz_sim.yaml:21:9 (c1 tdr: {hwctx: h0, health: dead}") != NULL,
		      "%s", res.why);
	ck_assert_msg(strstr(res.why, "fw ctx 0 has 0 driver owners") != NULL, "%s", res.why);
	o.rev = REV_PR1705;
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, b, sizeof(b), &o, &res), 0);
	ck_assert_uint_eq(res.known, 0);
}
END_TEST

/*
 * A violation the simulator records during an op fails the sim target (F2)
 * with its invariant ID and the step's FILE:LINE:COLUMN, which are those of
 * the reproducer the target writes; unless one of the target's known driver
 * findings explains it.  Here 856409ca, PASID: a chunk created by the raw
 * ioctl and never mmapped, then a hwctx: ADD_HOST_BUFFER carries ~0
 * (sim.10, docs/driver/heap.md §14 item 1), a known finding.
 */
START_TEST(test_sim_recorded_violation)
{
	static const char step[] = "      - hwctx_create: {name: \"h0\"";
	struct fuzz_opts o = { .plant = FUZZ_PLANT_NO_KNOWN };
	struct fuzz_result res;
	struct in in = { .n = 0 };
	char *yaml = NULL, *line;
	size_t ylen = 0;
	FILE *f;

	put8(&in, 0);	/* 856409ca */
	put8(&in, 0);	/* PASID */
	put8(&in, 1);	/* npu4, 1 heap page */
	put8(&in, 0);	/* no faults */
	for (int i = 0; i < 6; i++)
		put8(&in, 0);
	sim_op(&in, 0, 0, 0, 0, 0);	/* open */
	sim_op(&in, 15, 0, 0, 0, 0);	/* chunk_create: 64MiB */
	sim_op(&in, 8, 0, 0, 0, 0);	/* hwctx_create: h0 */
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, in.b, in.n, NULL, &res), 0);
	ck_assert_uint_eq(res.known, 1);
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_sim, in.b, in.n, &o, &res), -EUCLEAN);
	ck_assert_int_eq(res.inv, 2);
	ck_assert_int_eq(res.detail, 10 + 1);
	ck_assert_uint_eq(res.op, 2);
	ck_assert_msg(strstr(res.why, "F2 invariant sim.10 (no_invalid_fw_addr) recorded during op 2 "
			      "at fuzz_sim.yaml:21:9 (c0 hwctx_create: h0; ") != NULL, "%s", res.why);
	f = open_memstream(&yaml, &ylen);
	ck_assert_int_eq(fuzz_target_sim.write_yaml(in.b, in.n, &o, f), 0);
	fclose(f);
	line = yaml;
	for (int k = 1; k < 21; k++)
		line = strchr(line, '\n') + 1;
	ck_assert_int_eq(strncmp(line, step, strlen(step)), 0);
	ck_assert_ptr_nonnull(strstr(yaml, "\n# The fuzzer's finding: F2 invariant sim.10 "));
	free(yaml);
}
END_TEST

START_TEST(test_scenario_target_errors)
{
	static const char good[] = "xdnasim: 1\nclients:\n  - name: a\n    steps: [open]\n";
	static const char bad[] = "xdnasim: 1\nseeed: 3\n";
	struct fuzz_opts o = { .plant = FUZZ_PLANT_MODEL };
	struct fuzz_result res;

	ck_assert_int_eq(fuzz_target_run(&fuzz_target_scenario, (const u8 *)good, strlen(good),
					 NULL, &res), 0);
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_scenario, (const u8 *)bad, strlen(bad),
					 NULL, &res), 0);
	static const char folded[] = "xdnasim: .\n\n d";	/* a value with a line break */
	struct scn_error e;
	struct scn *sc = NULL;

	/* Found by the fuzzer: the echoed value broke the message in two lines. */
	ck_assert_int_eq(scn_load_buffer(folded, strlen(folded), "f.yaml", NULL, &sc, &e), -EINVAL);
	ck_assert_str_eq(e.text, "f.yaml:1:10: schema version 'xdnasim' must be an integer "
				 "(decimal or 0x hex), not '. d'");
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_scenario, (const u8 *)folded,
					 strlen(folded), NULL, &res), 0);
	/* The planted check sees the rejection, with its location. */
	ck_assert_int_eq(fuzz_target_run(&fuzz_target_scenario, (const u8 *)bad, strlen(bad),
					 &o, &res), -EUCLEAN);
	ck_assert_ptr_nonnull(strstr(res.why, "fuzz.yaml:2:1: unknown key 'seeed'"));
}
END_TEST

START_TEST(test_replay_and_reproducer_files)
{
	char dir[] = "/tmp/xdnasim-fuzz-test-XXXXXX", path[4096], p[4200];
	struct fuzz_opts o = { .plant = FUZZ_PLANT_MODEL };
	static const char bad[] = "xdnasim: 1\nseeed: 3\n";
	FILE *log = fopen("/dev/null", "w");
	u8 *data;
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(fuzz_write_reproducer(&fuzz_target_scenario, dir, "r", 5, 6,
					       (const u8 *)bad, strlen(bad), &o, path,
					       sizeof(path)), 0);
	ck_assert_int_eq(fuzz_read_file(path, &data, &len), 0);
	ck_assert_uint_eq(len, strlen(bad));
	ck_assert_mem_eq(data, bad, len);
	free(data);
	ck_assert_int_eq(fuzz_replay_path(&fuzz_target_scenario, dir, NULL, log), 0);
	/* The .bin and the .txt both fail with the planted bug... */
	ck_assert_int_eq(fuzz_replay_path(&fuzz_target_scenario, path, &o, log), 1);
	ck_assert_int_eq(fuzz_replay_path(&fuzz_target_scenario, "/nonexistent/x", NULL, log),
			 -ENOENT);
	snprintf(p, sizeof(p), "%s/r.txt", dir);
	ck_assert_int_eq(fuzz_read_file(p, &data, &len), 0);
	{
		char *txt = strndup((const char *)data, len);

		ck_assert_ptr_nonnull(txt);
		ck_assert_ptr_nonnull(strstr(txt, "seed: 5\niteration: 6\n"));
		free(txt);
	}
	free(data);
	unlink(p);
	unlink(path);
	rmdir(dir);
	fclose(log);
}
END_TEST

static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("targets");
	int n = 0;

	while (fuzz_targets[n])
		n++;
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_stream_encoding);
	tcase_add_test(tc, test_mm_worked_example);
	tcase_add_test(tc, test_heap_worked_example);
	tcase_add_loop_test(tc, test_planted_bug_found_and_minimised, 0, n);
	tcase_add_loop_test(tc, test_same_seed_same_input, 0, n);
	tcase_add_loop_test(tc, test_degenerate_inputs, 0, n);
	tcase_add_test(tc, test_sim_scenario_output);
	tcase_add_test(tc, test_sim_revision_pick);
	tcase_add_test(tc, test_sim_recorded_violation);
	tcase_add_test(tc, test_sim_pr1710_orphan_known);
	tcase_add_test(tc, test_scenario_target_errors);
	tcase_add_test(tc, test_replay_and_reproducer_files);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s = fuzz_suite();

	return xdnasim_run_suites(&s, 1);
}
