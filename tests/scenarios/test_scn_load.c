// SPDX-License-Identifier: MIT
/*
 * test_scn_load.c - a good scenario's AST checked field by field, the
 * defaults, sizes and globs, the library files, dump round trips and the
 * invariant checker catching corrupted ASTs.
 */
#include "tests/scenarios/test_scn.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line numbers below are 1-based lines of this text. */
static const char rich[] =
	"xdnasim: 1\n"								/* 1 */
	"name: rich\n"
	"description: \"every key\"\n"
	"device: npu1\n"
	"firmware: \"6.12\"\n"							/* 5 */
	"design: pr1233\n"
	"mode: iova\n"
	"shim: {num_heap_pages: 2, force_driver_sync: true}\n"
	"seed: 0xdead_beef\n"
	"schedule: interleave\n"						/* 10 */
	"interleave: [b, \"w[1]\", b]\n"
	"bugs: [k9-dev-bo-export, u2-unbounded-shim-sync]\n"
	"faults:\n"
	"  - {site: add_host_buffer, nth: 3, status: MGMT_ERT_BUSY, client: b}\n"
	"  - {site: pin, every: 2, times: 5, err: EIO}\n"			/* 15 */
	"  - {site: config_cu, probability: 0.25, status: timeout}\n"
	"clients:\n"
	"  - name: b\n"
	"    steps:\n"
	"      - open: {heap: false}\n"						/* 20 */
	"      - hwctx_create: c0\n"
	"      - alloc: {label: A, size: 1.5MiB, count: 2, path: ioctl, expect: {result: ok, addrs: [0x4000000, 0x4180000]}}\n"
	"      - alloc: {size: {buckets: [{size: 4k, weight: 3}, {size: 32KiB, weight: 1}]}, count: 4}\n"
	"      - phase:\n"
	"          name: mid\n"							/* 25 */
	"          steps:\n"
	"            - repeat:\n"
	"                count: 3\n"
	"                steps:\n"
	"                  - alloc: {label: R, size: {uniform: {min: 1B, max: 0x2000}}}\n" /* 30 */
	"                  - free: {fraction: 0.5, pattern: \"R*\"}\n"
	"      - sync: {label: A, offset: 16, size: 32, direction: from_device}\n"
	"      - sync: {chunk: 1}\n"
	"      - exec: {hwctx: c0, bos: [A, R], hang: true}\n"
	"      - config_cu: {hwctx: c0, bos: [A]}\n"				/* 35 */
	"      - tdr: {hwctx: c0, health: dead, expect: ETIME}\n"
	"      - chunk_create: 128MiB\n"
	"      - mmap: {chunk: 2, at: {slot_of: 3}}\n"
	"      - munmap: 2\n"
	"      - mmap: {chunk: 2, at: 0x7f0000000000}\n"			/* 40 */
	"      - chunk_close: 2\n"
	"      - advance: 250us\n"
	"      - free: A\n"
	"      - suspend\n"
	"      - resume: {expect: ok}\n"					/* 45 */
	"      - power_cycle\n"
	"      - hwctx_destroy: c0\n"
	"      - close\n"
	"  - name: w\n"
	"    instances: 2\n"							/* 50 */
	"    steps:\n"
	"      - repeat: {count: 2, steps: [open, close]}\n"
	"expect:\n"
	"  invariants: [no_pins_left, mm_check]\n"
	"  metrics:\n"								/* 55 */
	"    - expansions == 0x3\n"
	"    - \"committed <= 1.5GiB\"\n"
	"    - {check: \"external_fragmentation < 0.25\", client: b, phase: mid}\n";

static struct scn *load_ok(const char *yaml)
{
	struct scn_error err;
	struct scn *s = NULL;
	int ret = load_str(yaml, &s, &err);

	ck_assert_msg(ret == 0, "load failed (%d): %s", ret, err.text);
	ck_assert_ptr_nonnull(s);
	scn_assert_ok(s);
	return s;
}

#define ck_loc(l, ln, col)                                  \
	do {                                                \
		ck_assert_uint_eq((l).line, (ln));          \
		ck_assert_uint_eq((l).column, (col));       \
	} while (0)

START_TEST(test_load_rich_header)
{
	struct scn *s = load_ok(rich);

	ck_assert_uint_eq(s->version, 1);
	ck_assert_str_eq(s->file, "t.yaml");
	ck_assert_str_eq(s->name, "rich");
	ck_assert_str_eq(s->description, "every key");
	ck_assert_str_eq(s->device, "npu1");
	ck_assert_uint_eq(s->fw_major, 6);
	ck_assert_uint_eq(s->fw_minor, 12);
	ck_assert_int_eq(s->rev, REV_PR1233);
	ck_assert_int_eq(s->mode, ADDR_IOVA);
	ck_assert_uint_eq(s->num_heap_pages, 2);
	ck_assert(s->force_driver_sync);
	ck_assert_uint_eq(s->seed, 0xdeadbeefULL);
	ck_assert_int_eq(s->schedule, SCN_SCHED_INTERLEAVE);
	ck_assert_uint_eq(s->nr_interleave, 3);
	ck_assert_uint_eq(s->interleave[0], 0);	/* b */
	ck_assert_uint_eq(s->interleave[1], 2);	/* w[1]: after b (1) and w[0] */
	ck_assert_uint_eq(s->interleave[2], 0);
	ck_assert_uint_eq(s->nr_bugs, 2);
	ck_assert_str_eq(s->bugs[0], "k9-dev-bo-export");
	ck_assert_str_eq(s->bugs[1], "u2-unbounded-shim-sync");
	ck_assert_uint_eq(s->nr_clients, 2);
	/* b: 1+1+2+4 + phase 3*(1+1) + 17 leaf steps; w: 2*(1+1) per instance */
	ck_assert_uint_eq(s->clients[0].leaf_steps, 31);
	ck_assert_uint_eq(s->clients[1].leaf_steps, 4);
	ck_assert_uint_eq(s->leaf_steps, 31 + 2 * 4);
	ck_loc(s->loc, 1, 1);
	scn_free(s);
}
END_TEST

START_TEST(test_load_rich_faults)
{
	struct scn *s = load_ok(rich);
	const struct scn_fault *f = s->faults;

	ck_assert_uint_eq(s->nr_faults, 3);
	ck_assert_str_eq(f[0].site, "add_host_buffer");
	ck_assert(f[0].firmware);
	ck_assert_int_eq(f[0].trigger, SCN_TRIGGER_NTH);
	ck_assert_uint_eq(f[0].n, 3);
	ck_assert_uint_eq(f[0].times, 1);
	ck_assert_uint_eq(f[0].status, 0x2000006);
	ck_assert_str_eq(f[0].status_name, "MGMT_ERT_BUSY");
	ck_assert(!f[0].timeout);
	ck_assert_str_eq(f[0].client, "b");
	ck_assert_uint_eq(f[0].client_id, 0);
	ck_loc(f[0].loc, 14, 5);

	ck_assert_str_eq(f[1].site, "pin");
	ck_assert(!f[1].firmware);
	ck_assert_int_eq(f[1].trigger, SCN_TRIGGER_EVERY);
	ck_assert_uint_eq(f[1].n, 2);
	ck_assert_uint_eq(f[1].times, 5);
	ck_assert_int_eq(f[1].err, EIO);
	ck_assert_ptr_null(f[1].client);

	ck_assert_str_eq(f[2].site, "config_cu");
	ck_assert_int_eq(f[2].trigger, SCN_TRIGGER_PROBABILITY);
	ck_assert(fabs(f[2].probability - 0.25) < 1e-12);
	ck_assert_uint_eq(f[2].times, 0);
	ck_assert(f[2].timeout);
	scn_free(s);
}
END_TEST

START_TEST(test_load_rich_steps)
{
	struct scn *s = load_ok(rich);
	const struct scn_client *c = &s->clients[0];
	const struct scn_step *st = c->steps, *ph, *rep;

	ck_assert_str_eq(c->name, "b");
	ck_assert_uint_eq(c->instances, 1);
	ck_assert_uint_eq(c->nr_steps, 22);
	ck_loc(c->loc, 18, 5);
	ck_assert_int_eq(st[0].op, SCN_OP_OPEN);
	ck_assert(!st[0].open.heap);
	ck_loc(st[0].loc, 20, 9);
	ck_assert_int_eq(st[1].op, SCN_OP_HWCTX_CREATE);
	ck_assert_str_eq(st[1].hwctx.hwctx.name, "c0");
	ck_assert_uint_eq(st[1].hwctx.hwctx.id, 0);
	ck_loc(st[1].hwctx.hwctx.loc, 21, 23);

	ck_assert_int_eq(st[2].op, SCN_OP_ALLOC);
	ck_assert(st[2].alloc.labelled);
	ck_assert_str_eq(st[2].alloc.label.name, "A");
	ck_assert_uint_eq(st[2].alloc.label.id, 0);
	ck_assert_int_eq(st[2].alloc.size.kind, SCN_SIZE_FIXED);
	ck_assert_uint_eq(st[2].alloc.size.fixed, 0x180000);
	ck_assert_uint_eq(st[2].alloc.count, 2);
	ck_assert_uint_eq(st[2].leaf_count, 2);
	ck_assert_int_eq(st[2].alloc.path, SCN_PATH_IOCTL);
	ck_assert(st[2].expect.present && st[2].expect.has_result);
	ck_assert_int_eq(st[2].expect.result_err, 0);
	ck_assert(!st[2].expect.has_addr && !st[2].expect.has_expansions);
	ck_assert_uint_eq(st[2].expect.nr_addrs, 2);
	ck_assert_uint_eq(st[2].expect.addrs[0], 0x4000000);
	ck_assert_uint_eq(st[2].expect.addrs[1], 0x4180000);
	ck_loc(st[2].expect.loc, 22, 72);

	ck_assert_int_eq(st[3].op, SCN_OP_ALLOC);
	ck_assert(!st[3].alloc.labelled);
	ck_assert_uint_eq(st[3].alloc.label.id, 0xffffffffu);
	ck_assert_int_eq(st[3].alloc.size.kind, SCN_SIZE_BUCKETS);
	ck_assert_uint_eq(st[3].alloc.size.nr_buckets, 2);
	ck_assert_uint_eq(st[3].alloc.size.buckets[0].size, 0x1000);
	ck_assert_uint_eq(st[3].alloc.size.buckets[0].weight, 3);
	ck_assert_uint_eq(st[3].alloc.size.buckets[1].size, 0x8000);
	ck_assert_uint_eq(st[3].alloc.size.buckets[1].weight, 1);
	ck_assert_uint_eq(st[3].alloc.size.total_weight, 4);
	ck_assert_int_eq(st[3].alloc.path, SCN_PATH_SHIM);
	ck_assert(!st[3].expect.present);

	ph = &st[4];
	ck_assert_int_eq(ph->op, SCN_OP_PHASE);
	ck_assert_str_eq(ph->block.name, "mid");
	ck_assert_uint_eq(ph->block.phase_id, 0);
	ck_assert_uint_eq(ph->block.nr_steps, 1);
	ck_assert_uint_eq(ph->leaf_count, 6);
	rep = &ph->block.steps[0];
	ck_assert_int_eq(rep->op, SCN_OP_REPEAT);
	ck_assert_uint_eq(rep->block.count, 3);
	ck_assert_uint_eq(rep->block.nr_steps, 2);
	ck_loc(rep->loc, 27, 15);
	ck_assert_int_eq(rep->block.steps[0].alloc.size.kind, SCN_SIZE_UNIFORM);
	ck_assert_uint_eq(rep->block.steps[0].alloc.size.min, 1);
	ck_assert_uint_eq(rep->block.steps[0].alloc.size.max, 0x2000);
	ck_assert_uint_eq(rep->block.steps[0].alloc.label.id, 1);
	ck_assert_int_eq(rep->block.steps[1].free.kind, SCN_FREE_FRACTION);
	ck_assert(rep->block.steps[1].free.fraction == 0.5);
	ck_assert_str_eq(rep->block.steps[1].free.pattern, "R*");
	ck_loc(rep->block.steps[1].loc, 31, 21);
	scn_free(s);
}
END_TEST

START_TEST(test_load_rich_more_steps)
{
	struct scn *s = load_ok(rich);
	const struct scn_client *c = &s->clients[0];
	const struct scn_step *st = c->steps;

	ck_assert_int_eq(st[5].op, SCN_OP_SYNC);
	ck_assert(!st[5].sync.on_chunk);
	ck_assert_str_eq(st[5].sync.label.name, "A");
	ck_assert_uint_eq(st[5].sync.offset, 16);
	ck_assert(!st[5].sync.whole);
	ck_assert_uint_eq(st[5].sync.size, 32);
	ck_assert_int_eq(st[5].sync.direction, SCN_DIR_FROM_DEVICE);
	ck_assert_int_eq(st[5].sync.path, SCN_SYNC_DRIVER);	/* force_driver_sync */
	ck_assert(st[6].sync.on_chunk);
	ck_assert_uint_eq(st[6].sync.chunk, 1);
	ck_assert(st[6].sync.whole);
	ck_assert_int_eq(st[6].sync.direction, SCN_DIR_TO_DEVICE);

	ck_assert_int_eq(st[7].op, SCN_OP_EXEC);
	ck_assert_uint_eq(st[7].exec.hwctx.id, 0);
	ck_assert_uint_eq(st[7].exec.nr_bos, 2);
	ck_assert_str_eq(st[7].exec.bos[1].name, "R");
	ck_assert_uint_eq(st[7].exec.bos[1].id, 1);
	ck_loc(st[7].exec.bos[1].loc, 34, 36);
	ck_assert(st[7].exec.hang);
	ck_assert_int_eq(st[8].op, SCN_OP_CONFIG_CU);
	ck_assert_uint_eq(st[8].exec.nr_bos, 1);
	ck_assert_int_eq(st[9].op, SCN_OP_TDR);
	ck_assert_int_eq(st[9].tdr.health, SCN_HEALTH_DEAD);
	ck_assert_int_eq(st[9].expect.result_err, ETIME);
	ck_assert_uint_eq(st[10].chunk_create.size, 128ULL << 20);
	ck_assert_int_eq(st[11].op, SCN_OP_MMAP);
	ck_assert_uint_eq(st[11].chunk.chunk, 2);
	ck_assert_int_eq(st[11].chunk.at.kind, SCN_AT_SLOT_OF);
	ck_assert_uint_eq(st[11].chunk.at.slot_of, 3);
	ck_assert_int_eq(st[12].op, SCN_OP_MUNMAP);
	ck_assert_int_eq(st[12].chunk.at.kind, SCN_AT_ALL);
	ck_assert_int_eq(st[13].chunk.at.kind, SCN_AT_ADDR);
	ck_assert_uint_eq(st[13].chunk.at.addr, 0x7f0000000000ULL);
	ck_assert_int_eq(st[14].op, SCN_OP_CHUNK_CLOSE);
	ck_assert_uint_eq(st[15].advance.ns, 250000);
	ck_assert_int_eq(st[16].free.kind, SCN_FREE_LABEL);
	ck_assert_int_eq(st[17].op, SCN_OP_SUSPEND);
	ck_assert(!st[17].expect.present);
	ck_assert(st[18].expect.present && st[18].expect.result_err == 0);
	ck_assert_int_eq(st[19].op, SCN_OP_POWER_CYCLE);
	ck_assert_int_eq(st[20].op, SCN_OP_HWCTX_DESTROY);
	ck_assert_int_eq(st[21].op, SCN_OP_CLOSE);
	ck_loc(st[21].loc, 48, 9);

	ck_assert_uint_eq(c->nr_labels, 2);
	ck_assert_str_eq(c->labels[0].name, "A");
	ck_assert_uint_eq(c->labels[0].max_count, 2);
	ck_loc(c->labels[0].decl, 22, 24);
	ck_assert_uint_eq(c->nr_hwctxs, 1);
	ck_assert_uint_eq(c->nr_phases, 1);
	ck_assert_uint_eq(s->clients[1].instances, 2);
	scn_free(s);
}
END_TEST

START_TEST(test_load_rich_expect)
{
	struct scn *s = load_ok(rich);
	const struct scn_metric_expect *m = s->metrics;

	ck_assert_uint_eq(s->nr_invariants, 2);
	ck_assert_str_eq(s->invariants[1].name, "mm_check");
	ck_loc(s->invariants[1].loc, 54, 30);
	ck_assert_uint_eq(s->nr_metrics, 3);
	ck_assert_str_eq(m[0].metric, "expansions");
	ck_assert_int_eq(m[0].kind, SCN_METRIC_COUNT);
	ck_assert_int_eq(m[0].cmp, SCN_CMP_EQ);
	ck_assert_uint_eq(m[0].value, 3);
	ck_assert_ptr_null(m[0].client);
	ck_assert_str_eq(m[1].metric, "committed");
	ck_assert_int_eq(m[1].kind, SCN_METRIC_BYTES);
	ck_assert_int_eq(m[1].cmp, SCN_CMP_LE);
	ck_assert_uint_eq(m[1].value, 3ULL << 29);
	ck_assert_str_eq(m[1].text, "committed <= 1.5GiB");
	ck_assert_int_eq(m[2].kind, SCN_METRIC_RATIO);
	ck_assert_int_eq(m[2].cmp, SCN_CMP_LT);
	ck_assert(m[2].ratio == 0.25);
	ck_assert_str_eq(m[2].client, "b");
	ck_assert_uint_eq(m[2].client_id, 0);
	ck_assert_str_eq(m[2].phase, "mid");
	ck_assert_uint_eq(m[2].phase_id, 0);
	ck_loc(m[2].loc, 58, 7);
	scn_free(s);
}
END_TEST

START_TEST(test_load_defaults)
{
	struct scn *s = load_ok("xdnasim: 1\nclients:\n  - name: a\n    steps: [open]\n");

	ck_assert_str_eq(s->name, "t");
	ck_assert_str_eq(s->description, "");
	ck_assert_str_eq(s->device, "npu4");
	/* common/devices.def: the newest firmware npu4_msg_op_tbl names, as sim_create's */
	ck_assert_uint_eq(s->fw_major, 6);
	ck_assert_uint_eq(s->fw_minor, 24);
	ck_assert_int_eq(s->rev, REV_HEAD);
	ck_assert_int_eq(s->mode, ADDR_PASID);
	ck_assert_uint_eq(s->num_heap_pages, 1);
	ck_assert(!s->force_driver_sync);
	ck_assert_uint_eq(s->seed, 0);
	ck_assert_int_eq(s->schedule, SCN_SCHED_ROUND_ROBIN);
	ck_assert_uint_eq(s->nr_interleave + s->nr_bugs + s->nr_faults, 0);
	ck_assert_uint_eq(s->nr_invariants + s->nr_metrics, 0);
	ck_assert_uint_eq(s->clients[0].instances, 1);
	ck_assert(s->clients[0].steps[0].open.heap);
	ck_assert(!s->clients[0].steps[0].expect.present);
	ck_assert_uint_eq(s->leaf_steps, 1);
	scn_free(s);

	s = load_ok("xdnasim: 1\ndevice: npu1\nclients:\n  - {name: a, steps: [open]}\n");
	ck_assert_uint_eq(s->fw_major, 5);
	ck_assert_uint_eq(s->fw_minor, 8);
	scn_free(s);
	s = load_ok("xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n"
		    "      - alloc: 4KiB\n      - chunk_create\n      - mmap: 1\n"
		    "      - sync: {chunk: 0}\n");
	ck_assert_uint_eq(s->clients[0].steps[1].alloc.count, 1);
	ck_assert_int_eq(s->clients[0].steps[1].alloc.path, SCN_PATH_SHIM);
	ck_assert_uint_eq(s->clients[0].steps[2].chunk_create.size, 64ULL << 20);
	ck_assert_int_eq(s->clients[0].steps[3].chunk.at.kind, SCN_AT_SLOT);
	ck_assert_int_eq(s->clients[0].steps[4].sync.path, SCN_SYNC_SHIM);
	ck_assert_uint_eq(s->clients[0].steps[4].sync.offset, 0);
	scn_free(s);
}
END_TEST

START_TEST(test_parse_sizes)
{
	static const struct {
		const char *s;
		int ret;
		u64 v;
	} t[] = {
		{ "0", 0, 0 }, { "4096", 0, 4096 }, { "0x1000", 0, 4096 },
		{ "4KiB", 0, 4096 }, { "4K", 0, 4096 }, { "4k", 0, 4096 },
		{ "4 KiB", 0, 4096 }, { "1.5MiB", 0, 0x180000 }, { "0.5KiB", 0, 512 },
		{ "2GiB", 0, 2ULL << 30 }, { "3g", 0, 3ULL << 30 }, { "16_384", 0, 16384 },
		{ "0x0402_0000", 0, 0x4020000 }, { "7B", 0, 7 },
		{ "18446744073709551615", 0, U64_MAX }, { "0.25M", 0, 0x40000 },
		{ "18446744073709551616", -ERANGE, 0 }, { "17179869184GiB", -ERANGE, 0 },
		{ "17179869183.99999GiB", -EINVAL, 0 }, { "0x1_0000_0000_0000_0000", -ERANGE, 0 },
		{ "1.3B", -EINVAL, 0 }, { "1.5", -EINVAL, 0 }, { "4MB", -EINVAL, 0 },
		{ "4TiB", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
		{ "MiB", -EINVAL, 0 }, { "1.MiB", -EINVAL, 0 }, { "0x", -EINVAL, 0 },
		{ "_1", -EINVAL, 0 }, { "1__0", -EINVAL, 0 }, { "1_", -EINVAL, 0 },
		{ "1.2.3KiB", -EINVAL, 0 }, { "12KiBx", -EINVAL, 0 },
	};
	char why[256];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		u64 v = 0xabc;
		int ret = scn_parse_size(t[i].s, &v, why, sizeof(why));

		ck_assert_msg(ret == t[i].ret, "'%s': ret %d, want %d (%s)", t[i].s, ret,
			      t[i].ret, why);
		ck_assert_msg(v == (ret ? 0xabc : t[i].v), "'%s': %llu", t[i].s,
			      (unsigned long long)v);
	}
	ck_assert_int_eq(scn_parse_size("4MB", &(u64){ 0 }, why, sizeof(why)), -EINVAL);
	ck_assert_str_eq(why, "bad unit 'MB' in '4MB': decimal units are not supported; "
			      "use KiB, MiB or GiB (binary)");
}
END_TEST

START_TEST(test_glob)
{
	ck_assert(scn_glob_match("instr*", "instr[12]"));
	ck_assert(scn_glob_match("instr[1*]", "instr[10]"));
	ck_assert(!scn_glob_match("instr[1*]", "instr[2]"));
	ck_assert(scn_glob_match("b?", "b3"));
	ck_assert(!scn_glob_match("b?", "b"));
	ck_assert(!scn_glob_match("b?", "b33"));
	ck_assert(scn_glob_match("*", ""));
	ck_assert(scn_glob_match("a*b*c", "axxbyyc"));
	ck_assert(!scn_glob_match("a*b*c", "axxbyyd"));
	ck_assert(scn_glob_match("*[0]", "w[0]"));
	ck_assert(!scn_glob_match("A", "AB"));
}
END_TEST

static char *dump_str(const struct scn *s, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(scn_dump(s, f, flags), 0);
	fclose(f);
	return buf;
}

/* dump -> load -> dump gives the same text, and the reloaded AST checks. */
static void roundtrip(struct scn *s)
{
	char *d1 = dump_str(s, SCN_DUMP_NO_LOCATIONS), *d2;
	struct scn_error err;
	struct scn *s2;

	ck_assert_msg(scn_load_buffer(d1, strlen(d1), s->file, NULL, &s2, &err) == 0,
		      "%s: reload of dump failed: %s\n%s", s->file, err.text, d1);
	scn_assert_ok(s2);
	ck_assert_uint_eq(s2->leaf_steps, s->leaf_steps);
	d2 = dump_str(s2, SCN_DUMP_NO_LOCATIONS);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
	scn_free(s2);
}

START_TEST(test_dump_roundtrip_rich)
{
	struct scn *s = load_ok(rich);
	char *d = dump_str(s, 0);

	/* With locations: a header and "# LINE:COLUMN" after each step. */
	ck_assert_ptr_nonnull(strstr(d, "# t.yaml, normalized by xdnasim scenario-check --dump\n"));
	ck_assert_ptr_nonnull(strstr(d, "      - tdr: {hwctx: \"c0\", health: dead, "
					"expect: {result: ETIME}}  # 36:9\n"));
	ck_assert_ptr_nonnull(strstr(d, "- alloc: {size: 0x180000, count: 2, label: \"A\", "
					"path: ioctl, expect: {result: ok, addrs: [0x4000000, "
					"0x4180000]}}  # 22:9\n"));
	free(d);
	roundtrip(s);
	scn_free(s);
}
END_TEST

START_TEST(test_library_loads)
{
	char **files = library_files();
	int n = 0;

	for (char **f = files; *f; f++, n++) {
		struct scn_error err;
		struct scn *s;
		char why[256];

		ck_assert_msg(scn_load_file(*f, NULL, &s, &err) == 0, "%s", err.text);
		ck_assert_msg(scn_check(s, why, sizeof(why)) == 0, "%s: %s", *f, why);
		ck_assert_msg(s->nr_metrics + s->nr_invariants > 0, "%s has no expectations", *f);
		roundtrip(s);
		scn_free(s);
	}
	/* issue 6's list: at least these many files are in the library */
	ck_assert_int_ge(n, 20);
	free_library_files(files);
}
END_TEST

/*
 * Many labels, references, clients and phase-scoped metrics: every lookup
 * is hashed, so this loads in well under the test timeout (a quadratic
 * loader would need ~10^9 comparisons here).
 */
START_TEST(test_load_large_no_quadratic)
{
	u64 n = test_scale(15000, 10);
	size_t cap = 64 + n * 160;
	char *buf = malloc(cap), *p = buf;
	struct scn *s;

	ck_assert_ptr_nonnull(buf);
	p += sprintf(p, "xdnasim: 1\nclients:\n");
	for (u64 c = 0; c < n / 10; c++)
		p += sprintf(p, "  - {name: c%llu, steps: [open]}\n", (unsigned long long)c);
	p += sprintf(p, "  - name: big\n    steps:\n      - open\n");
	for (u64 i = 0; i < n; i++)
		p += sprintf(p, "      - alloc: {size: 4KiB, label: l%llu}\n", (unsigned long long)i);
	for (u64 i = 0; i < n; i++)
		p += sprintf(p, "      - phase: {name: p%llu, steps: [{free: l%llu}]}\n",
			     (unsigned long long)i, (unsigned long long)(n - 1 - i));
	p += sprintf(p, "expect:\n  metrics:\n");
	for (u64 i = 0; i < n; i++)
		p += sprintf(p, "    - {check: \"live == 0\", client: big, phase: p%llu}\n",
			     (unsigned long long)i);
	ck_assert(p < buf + cap);
	s = load_ok(buf);
	ck_assert_uint_eq(s->nr_clients, n / 10 + 1);
	ck_assert_uint_eq(s->clients[n / 10].nr_labels, n);
	ck_assert_uint_eq(s->clients[n / 10].nr_phases, n);
	ck_assert_uint_eq(s->metrics[n - 1].phase_id, n - 1);
	scn_free(s);
	free(buf);
}
END_TEST

/* Each corruption must be caught by the named invariant. */
START_TEST(test_check_catches_corruption)
{
	static const char *const want[] = {
		"scn.S1:", "scn.S2:", "scn.S3:", "scn.S4:", "scn.S4:", "scn.S6:", "scn.S6:",
		"scn.S7:", "scn.S8:", "scn.S9:", "scn.S10:", "scn.S5:", "scn.S3:",
	};
	char why[256];
	int i = _i;
	struct scn *s = load_ok(rich);
	struct scn_client *c = &s->clients[0];
	struct scn_step *st = c->steps;

	switch (i) {
	case 0: s->version = 2; break;
	case 1: st[3].loc.line = 0; break;
	case 2: s->clients[1].steps[0].block.steps[0].op = SCN_OP_CLOSE; break;
	case 3: st[7].exec.bos[0].id = 9; break;
	case 4: st[1].op = SCN_OP_SUSPEND; break;	/* c0 used before declared */
	case 5: st[4].leaf_count++; break;
	case 6: s->leaf_steps--; break;
	case 7: st[2].expect.nr_addrs = 1; break;
	case 8: s->faults[0].times = 2; break;
	case 9: s->metrics[2].phase_id = 5; break;
	case 10: s->interleave[1] = 3; break;
	case 11: st[3].alloc.size.total_weight = 5; break;
	case 12: s->clients[1].name = "b"; break;
	}
	ck_assert_int_eq(scn_check(s, why, sizeof(why)), -EUCLEAN);
	ck_assert_msg(!strncmp(why, want[i], strlen(want[i])), "case %d: '%s'", i, why);
	scn_free(s);
}
END_TEST

Suite *scn_load_suite(void)
{
	Suite *s = suite_create("scn_load");
	TCase *tc = tcase_create("load");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_load_rich_header);
	tcase_add_test(tc, test_load_rich_faults);
	tcase_add_test(tc, test_load_rich_steps);
	tcase_add_test(tc, test_load_rich_more_steps);
	tcase_add_test(tc, test_load_rich_expect);
	tcase_add_test(tc, test_load_defaults);
	tcase_add_test(tc, test_parse_sizes);
	tcase_add_test(tc, test_glob);
	tcase_add_test(tc, test_dump_roundtrip_rich);
	tcase_add_test(tc, test_library_loads);
	tcase_add_loop_test(tc, test_check_catches_corruption, 0, 13);
	tcase_add_test(tc, test_load_large_no_quadratic);
	suite_add_tcase(s, tc);
	return s;
}
