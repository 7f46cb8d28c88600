// SPDX-License-Identifier: MIT
/*
 * test_scn_errors.c - one case per error class: the exact message, with the
 * 1-based line and column of the offending key or value, and nothing left
 * allocated (checked by memcheck and ASan).
 */
#include "tests/scenarios/test_scn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HDR "xdnasim: 1\n"
#define C1 "clients:\n  - name: a\n    steps:\n      - open\n"

static const struct {
	const char *yaml;
	const char *text;
} cases[] = {
	/* 0: input shape */
	{ "", "t.yaml:1:1: empty scenario file (expected a mapping that starts with 'xdnasim: 1')" },
	{ "---\n...\n", "t.yaml:1:1: empty scenario file (expected a mapping that starts with 'xdnasim: 1')" },
	{ "- a\n- b\n", "t.yaml:1:1: a scenario must be a mapping of keys, not a sequence" },
	{ "just text\n", "t.yaml:1:1: a scenario must be a mapping of keys, not a scalar" },
	{ HDR "---\n" HDR, "t.yaml:2:1: only one YAML document per scenario file" },
	/* 5: YAML syntax */
	{ HDR "clients: [\n", "t.yaml:3:1: YAML syntax error: did not find expected node content while parsing a flow node (line 3, column 1)" },
	{ HDR "a: b: c\n", "t.yaml:2:5: YAML syntax error: mapping values are not allowed in this context" },
	{ HDR "x: \"open\n", "t.yaml:3:1: YAML syntax error: found unexpected end of stream while scanning a quoted scalar (line 2, column 4)" },
	{ "\x01", "t.yaml:1:1: YAML syntax error: control characters are not allowed (character 0x1)" },
	/* 9: version */
	{ "name: x\n", "t.yaml:1:1: missing required key 'xdnasim' (the schema version; write 'xdnasim: 1' first)" },
	{ "xdnasim: 2\n" C1, "t.yaml:1:10: unsupported schema version 2 (this xdnasim reads version 1)" },
	{ "xdnasim: one\n", "t.yaml:1:10: schema version 'xdnasim' must be an integer (decimal or 0x hex), not 'one'" },
	/* 12: keys */
	{ HDR "seeed: 3\n" C1, "t.yaml:2:1: unknown key 'seeed' in the scenario (did you mean 'seed'?)" },
	{ HDR "zzz: 3\n" C1, "t.yaml:2:1: unknown key 'zzz' in the scenario (expected one of: xdnasim, name, description, device, firmware, revision, mode, shim, seed, schedule, interleave, bugs, faults, clients, expect, allow, known_bug, design)" },
	{ HDR "seed: 1\nseed: 2\n" C1, "t.yaml:3:1: duplicate key 'seed' in the scenario (first at line 2, column 1)" },
	{ HDR, "t.yaml:1:1: missing required key 'clients' in the scenario" },
	{ HDR C1 "      - alloc: {count: 2}\n", "t.yaml:6:16: missing required key 'size' in 'alloc'" },
	{ HDR C1 "      - alloc: {size: 4KiB, sise: 2}\n", "t.yaml:6:29: unknown key 'sise' in 'alloc' (did you mean 'size'?)" },
	{ HDR C1 "      - alloc: {size: 4KiB, size: 8KiB}\n", "t.yaml:6:29: duplicate key 'size' in 'alloc' (first at line 6, column 17)" },
	{ HDR "[a]: 1\n", "t.yaml:2:1: keys in the scenario must be plain names, not a sequence" },
	/* 20: types */
	{ HDR "clients: {name: a}\n", "t.yaml:2:10: 'clients' must be a sequence, not a mapping" },
	{ HDR "clients:\n", "t.yaml:2:9: 'clients' must be a sequence, not empty" },
	{ HDR "seed: [1]\n" C1, "t.yaml:2:7: 'seed' must be a scalar, not a sequence" },
	{ HDR "shim: {force_driver_sync: yes}\n" C1, "t.yaml:2:27: 'force_driver_sync' must be true or false, not 'yes'" },
	{ HDR C1 "      - alloc: [4KiB]\n", "t.yaml:6:16: the arguments of 'alloc' must be a mapping, not a sequence" },
	{ HDR C1 "      - close: 3\n", "t.yaml:6:16: the arguments of 'close' must be a mapping, not a scalar" },
	{ HDR C1 "      - alloc: {size: 4KiB, count: many}\n", "t.yaml:6:36: alloc 'count' must be an integer (decimal or 0x hex), not 'many'" },
	/* 27: sizes and ranges */
	{ HDR C1 "      - alloc: {size: 4MB}\n", "t.yaml:6:23: alloc 'size': bad unit 'MB' in '4MB': decimal units are not supported; use KiB, MiB or GiB (binary)" },
	{ HDR C1 "      - alloc: {size: 4Qi}\n", "t.yaml:6:23: alloc 'size': bad unit 'Qi' in '4Qi' (units: B, KiB, MiB, GiB; K, M, G are binary too)" },
	{ HDR C1 "      - alloc: {size: 20000000000GiB}\n", "t.yaml:6:23: alloc 'size': size '20000000000GiB' is larger than 2^64-1 bytes" },
	{ HDR C1 "      - alloc: {size: 1.3B}\n", "t.yaml:6:23: alloc 'size': size '1.3B' is not a whole number of bytes" },
	{ HDR C1 "      - alloc: {size: {uniform: {min: 1KiB, max: 5GiB}}}\n", "t.yaml:6:50: 'max' 5GiB is out of range [1, 0x100000000]" },
	{ HDR C1 "      - alloc: {size: {uniform: {min: 8KiB, max: 1KiB}}}\n", "t.yaml:6:50: 'max' (1KiB) is smaller than 'min' (8KiB)" },
	{ HDR "shim: {num_heap_pages: 9}\n" C1, "t.yaml:2:24: 'num_heap_pages' 9 is out of range [1, 8]" },
	{ HDR C1 "      - alloc: {size: 4KiB, count: 0}\n", "t.yaml:6:36: alloc 'count' 0 is out of range [1, 0xf4240]" },
	{ HDR C1 "      - mmap: {chunk: 8}\n", "t.yaml:6:23: 'chunk' 8 is out of range [0, 7]" },
	{ HDR C1 "      - free: {fraction: 1.5}\n", "t.yaml:6:26: free 'fraction' 1.5 is out of range [0, 1]" },
	{ HDR C1 "      - advance: 5min\n", "t.yaml:6:18: advance 'by': bad duration unit 'min' in '5min' (units: ns, us, ms, s)" },
	{ HDR "firmware: 6\n" C1, "t.yaml:2:11: 'firmware' must be MAJOR.MINOR (e.g. \"6.18\"), not '6'" },
	/* 39: references */
	{ HDR C1 "      - alloc: {size: 4KiB, label: A}\n      - free: B\n", "t.yaml:7:15: unknown label 'B' in client 'a' (did you mean 'A'?)" },
	{ HDR C1 "      - free: weights\n", "t.yaml:6:15: unknown label 'weights' in client 'a' (no earlier 'alloc' declares it)" },
	{ HDR C1 "      - free: B\n      - alloc: {size: 4KiB, label: B}\n", "t.yaml:6:15: unknown label 'B' in client 'a' (no earlier 'alloc' declares it)" },
	{ HDR C1 "      - exec: {hwctx: ctx}\n", "t.yaml:6:23: unknown hwctx 'ctx' in client 'a' (no earlier 'hwctx_create' declares it)" },
	{ HDR C1 "      - alloc: {size: 4KiB, label: x, count: 3}\n      - free: {pattern: \"y*\"}\n", "t.yaml:7:25: free 'pattern' 'y*' matches no label of client 'a' declared so far" },
	{ HDR C1 "      - alloc: {size: 4KiB, label: \"a b\"}\n", "t.yaml:6:36: alloc 'label' 'a b' is not a valid name (a letter or '_', then letters, digits, '_', '.' or '-'; at most 63 characters)" },
	{ HDR "schedule: interleave\ninterleave: [a, c]\n" C1, "t.yaml:3:17: unknown client 'c' (did you mean 'a'?)" },
	{ HDR "schedule: interleave\ninterleave: [\"a[1]\"]\n" C1, "t.yaml:3:14: 'a[1]': client 'a' has 1 instance(s)" },
	{ HDR "interleave: [a]\n" C1, "t.yaml:2:13: 'interleave' needs 'schedule: interleave'" },
	{ HDR C1 "  - name: a\n    steps: [open]\n", "t.yaml:6:11: duplicate client name 'a' (first at line 3, column 11)" },
	/* 49: names owned by other modules */
	{ HDR "device: npu7\n" C1, "t.yaml:2:9: unknown device profile 'npu7' (did you mean 'npu1'?)" },
	{ HDR "design: pr1234\n" C1, "t.yaml:2:9: unknown revision 'pr1234' (did you mean 'pr1233'?)" },
	{ HDR "revision: 856409cb\n" C1, "t.yaml:2:11: unknown revision '856409cb' (did you mean '856409ca'?)" },
	{ HDR "revision: head\ndesign: head\n" C1, "t.yaml:3:9: 'design' is the deprecated name of 'revision': give only one" },
	{ HDR "mode: sva\n" C1, "t.yaml:2:7: unknown address mode 'sva' (expected one of: pasid, iova, carveout)" },
	{ HDR C1 "faults:\n  - {site: add_host_bufer, nth: 1}\n", "t.yaml:7:12: unknown fault site 'add_host_bufer' (did you mean 'add_host_buffer'?)" },
	{ HDR C1 "faults:\n  - {site: add_host_buffer, nth: 1, status: INVALID_PARAMS}\n", "t.yaml:7:45: unknown firmware status 'INVALID_PARAMS' (did you mean 'INVALID_PARAM'?)" },
	{ HDR C1 "faults:\n  - {site: pin, nth: 1, status: INVALID_PARAM}\n", "t.yaml:7:33: 'status' applies to firmware fault sites; host site 'pin' takes 'err'" },
	{ HDR C1 "faults:\n  - {site: pin, nth: 1, times: 2}\n", "t.yaml:7:32: 'times' cannot be combined with 'nth' (nth fails one call)" },
	{ HDR C1 "faults:\n  - {site: pin, every: 2, probability: 0.5}\n", "t.yaml:7:5: a fault needs exactly one of 'nth', 'every' or 'probability' (found 2)" },
	{ HDR "bugs: [k9-dev-bo-exports]\n" C1, "t.yaml:2:8: unknown bug switch 'k9-dev-bo-exports' (did you mean 'k9-dev-bo-export'?)" },
	{ HDR C1 "      - open: {expect: EAGIAN}\n", "t.yaml:6:24: 'expect': unknown errno name 'EAGIAN' (did you mean 'EAGAIN'?)" },
	{ HDR C1 "      - open: {expect: -EAGAIN}\n", "t.yaml:6:24: 'expect': write errno names without a sign ('EAGAIN', not '-EAGAIN')" },
	{ HDR C1 "expect:\n  invariants: [no_pin_left]\n", "t.yaml:7:16: unknown invariant 'no_pin_left' (did you mean 'no_pins_left'?)" },
	/* 61: expectation syntax */
	{ HDR C1 "expect:\n  metrics:\n    - expansion == 3\n", "t.yaml:8:7: unknown metric 'expansion' (did you mean 'expansions'?)" },
	{ HDR C1 "expect:\n  metrics:\n    - \"expansions = 3\"\n", "t.yaml:8:19: bad expectation 'expansions = 3': expected an operator (==, !=, <, <=, >, >=) after 'expansions'" },
	{ HDR C1 "expect:\n  metrics:\n    - expansions == 3MiB\n", "t.yaml:8:21: 'expansions' is a count: '3MiB' is not an integer" },
	{ HDR C1 "expect:\n  metrics:\n    - committed <= 3MB\n", "t.yaml:8:20: 'committed': bad unit 'MB' in '3MB': decimal units are not supported; use KiB, MiB or GiB (binary)" },
	{ HDR C1 "expect:\n  metrics:\n    - \"live >=\"\n", "t.yaml:8:15: bad expectation 'live >=': missing value after '>='" },
	{ HDR C1 "expect:\n  metrics:\n    - {check: \"live > 0\", phase: p}\n", "t.yaml:8:34: 'phase' needs 'client' (phases belong to a client)" },
	{ HDR C1 "expect:\n  metrics:\n    - {check: \"live > 0\", client: a, phase: p}\n", "t.yaml:8:45: client 'a' has no phase 'p'" },
	{ HDR C1 "      - alloc: {size: 4KiB, count: 2, expect: {addr: 0x4000000}}\n", "t.yaml:6:47: 'addr' needs count 1 (count is 2; use 'addrs')" },
	{ HDR C1 "      - alloc: {size: 4KiB, path: ioctl, expect: {expansions: 0}}\n", "t.yaml:6:50: 'expansions' needs path 'shim' (a raw ioctl never expands)" },
	{ HDR C1 "      - close: {expect: {addr: 0}}\n", "t.yaml:6:25: 'addr', 'addrs' and 'expansions' apply to 'alloc' only, not 'close'" },
	/* 71: steps */
	{ HDR "clients:\n  - name: a\n    steps: [close]\n", "t.yaml:4:13: client 'a': the first step must be 'open', not 'close'" },
	{ HDR C1 "      - clos\n", "t.yaml:6:9: unknown operation 'clos' (did you mean 'close'?)" },
	{ HDR C1 "      - alloc: 4KiB\n        expect: ok\n", "t.yaml:7:9: 'expect' goes inside the operation's arguments, e.g. '- alloc: {size: 4KiB, expect: ok}'" },
	{ HDR C1 "      -\n", "t.yaml:6:8: a step must be an operation ('- close') or a mapping with one operation key ('- alloc: {size: 4KiB}'), not empty" },
	{ HDR C1 "      - repeat: {count: 2, steps: []}\n", "t.yaml:6:35: 'steps' of 'repeat' is empty" },
	{ HDR C1 "      - phase: {name: p, steps: [{phase: {name: q, steps: [close]}}]}\n", "t.yaml:6:42: phases cannot be nested" },
	{ HDR C1 "      - phase: {name: p, steps: [close]}\n      - phase: {name: p, steps: [close]}\n", "t.yaml:7:23: duplicate phase 'p' in client 'a' (first at line 6, column 23)" },
	{ HDR C1 "      - repeat: {count: 1000000, steps: [{repeat: {count: 1000, steps: [close]}}]}\n", "t.yaml:6:17: 'repeat' expands to more than 10000000 operations" },
	{ HDR C1 "      - free: {label: A, pattern: \"*\"}\n", "t.yaml:6:15: 'free' needs exactly one of 'label', 'pattern' or 'fraction' ('pattern' may narrow a 'fraction')" },
	/* 80: anchors, aliases, tags */
	{ HDR "clients:\n  - &c {name: a, steps: [open]}\n", "t.yaml:3:5: anchors ('&c') are not supported; write the value out" },
	{ HDR "x: *y\n", "t.yaml:2:4: aliases ('*y') are not supported; write the value out" },
	{ "xdnasim: !!int 1\n", "t.yaml:1:10: tags ('tag:yaml.org,2002:int') are not supported; remove the tag" },
	/* 83: NUL byte inside a scalar */
	{ HDR "name: \"a\\0b\"\n" C1, "t.yaml:2:7: 'name' contains a NUL byte" },
	/* 84: verdict declarations */
	{ HDR C1 "allow:\n  - {errno: ENOSPC, job: aborted}\n", "t.yaml:7:5: an 'allow' entry needs exactly one of 'errno', 'job', 'status', 'leak', 'violation', 'note'" },
	{ HDR C1 "allow:\n  - {errno: ok}\n", "t.yaml:7:13: allow 'errno': 'ok' is not a failure; name an errno" },
	{ HDR C1 "allow:\n  - {job: completed}\n", "t.yaml:7:11: allow 'job': 'completed' is not a failure" },
	{ HDR C1 "allow:\n  - {status: SUCCESS}\n", "t.yaml:7:14: allow 'status': SUCCESS is not a failure" },
	{ HDR C1 "allow:\n  - {leak: bo}\n", "t.yaml:7:12: unknown allow 'leak' 'bo' (expected one of: fw_ctx)" },
	{ HDR C1 "allow:\n  - {errno: EIO, step: repeat}\n", "t.yaml:7:24: allow 'step': 'repeat' is not an operation that runs" },
	{ HDR C1 "allow:\n  - {errno: EIO, client: b}\n", "t.yaml:7:26: allow 'client': unknown client 'b' (did you mean 'a'?)" },
	{ HDR C1 "allow:\n  - {errno: EIO, count: 0}\n", "t.yaml:7:25: allow 'count' 0 is out of range [1, 0xffffffffffffffff]" },
	{ HDR C1 "known_bug: {ref: r}\n", "t.yaml:6:12: missing required key 'text' in 'known_bug'" },
	{ HDR C1 "known_bug: {ref: r, text: t, revisions: []}\n", "t.yaml:6:41: known_bug 'revisions' is empty (omit it: every revision)" },
	{ HDR C1 "known_bug: {ref: r, text: t, revisions: [head, head]}\n", "t.yaml:6:48: revision 'head' is listed twice" },
	{ HDR C1 "      - close: {expect: {job: completed}}\n", "t.yaml:6:25: 'job' applies to 'exec' only, not 'close'" },
	{ HDR C1 "      - hwctx_create: {name: c}\n      - exec: {hwctx: c, expect: {job: done}}\n", "t.yaml:7:40: unknown expect 'job' outcome 'done' (expected one of: completed, aborted, timeout, fault, pending)" },
	{ HDR C1 "      - hwctx_create: {name: c, cu: 0}\n", "t.yaml:6:37: hwctx_create 'cu' (a count or 'none') 0 is out of range [1, 32]" },
	{ HDR C1 "      - hwctx_destroy: {name: c, cu: 1}\n", "t.yaml:6:34: unknown key 'cu' in 'hwctx_destroy' (expected one of: name, thread, expect)" },
	/* `thread:` (the explorer's other threads of a client) */
	{ HDR C1 "      - alloc: {size: 4KiB, thread: 8}\n", "t.yaml:6:37: 'thread' 8 is out of range [0, 7]" },
	{ HDR "clients:\n  - name: a\n    instances: 2\n    steps:\n      - open\n      - alloc: {size: 4KiB, thread: 1}\n", "t.yaml:7:9: 'thread' needs a client with one instance ('a' has 2)" },
	{ HDR C1 "      - repeat: {count: 2, steps: [{alloc: {size: 4KiB, thread: 1}}]}\n", "t.yaml:6:36: 'thread' goes on a client's own steps, not inside a 'repeat' or 'phase' (the block is one step of one thread)" },
	{ HDR C1 "      - alloc: {size: 4KiB, count: 2, stage: place}\n", "t.yaml:6:46: an alloc 'stage' is one BO's: it needs 'count: 1'" },
	{ HDR C1 "      - close: {thread: 1}\n", "t.yaml:6:17: unknown key 'thread' in 'close' (expected one of: stage, expect)" },
};

START_TEST(test_error_message)
{
	struct scn_error err;
	struct scn *s = (struct scn *)1;
	int ret = load_str(cases[_i].yaml, &s, &err);

	ck_assert_msg(ret == -EINVAL, "case %d: ret %d (%s)", _i, ret, err.text);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(err.err, -EINVAL);
	ck_assert_msg(!strcmp(err.text, cases[_i].text), "case %d:\n got: %s\nwant: %s", _i,
		      err.text, cases[_i].text);
	ck_assert_uint_ge(err.line, 1);
	ck_assert_uint_ge(err.column, 1);
}
END_TEST

START_TEST(test_error_deep_nesting)
{
	char buf[512];
	struct scn_error err;
	struct scn *s;
	int n = snprintf(buf, sizeof(buf), "xdnasim: 1\nx: ");

	for (int i = 0; i < 100; i++)
		buf[n++] = '[';
	for (int i = 0; i < 100; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	ck_assert_int_eq(load_str(buf, &s, &err), -EINVAL);
	/* the root mapping is level 1: the 64th '[' (column 4 + 63) is too deep */
	ck_assert_str_eq(err.text, "t.yaml:2:67: nesting deeper than 64 levels");
}
END_TEST

START_TEST(test_error_too_many_nodes)
{
	/*
	 * 1,000,001 scalars in one flow sequence: rejected at the first node over
	 * the limit (nodes 1-5 are the mapping, two keys, 1 and the sequence, so
	 * it is scalar 999,995 at column 5 + 2 * 999,995).
	 */
	struct scn_error err;
	struct scn *s;
	char *buf, *p;

	if (getenv("XDNASIM_UNDER_VALGRIND"))
		return;	/* a million libyaml events take minutes under memcheck */
	buf = malloc(2000002 + 64);
	ck_assert_ptr_nonnull(buf);
	p = buf;
	p += sprintf(p, "xdnasim: 1\nx: [");
	for (int i = 0; i < 1000001; i++) {
		*p++ = '0';
		*p++ = ',';
	}
	strcpy(p, "]\n");
	ck_assert_int_eq(load_str(buf, &s, &err), -EINVAL);
	ck_assert_str_eq(err.text, "t.yaml:2:1999995: too many YAML nodes (more than 1000000)");
	free(buf);
}
END_TEST

START_TEST(test_error_file_too_big)
{
	struct scn_error err;
	struct scn *s;
	char c = 'x';

	ck_assert_int_eq(scn_load_buffer(&c, SCN_MAX_INPUT_BYTES + 1, "big.yaml", NULL, &s, &err),
			 -EFBIG);
	ck_assert_str_eq(err.text, "big.yaml:1:1: file larger than 4194304 bytes");
	ck_assert_int_eq(scn_load_file("/nonexistent/x.yaml", NULL, &s, &err), -ENOENT);
	ck_assert_str_eq(err.text,
			 "/nonexistent/x.yaml: cannot open: ENOENT (No such file or directory)");
	ck_assert_ptr_null(s);
}
END_TEST

Suite *scn_errors_suite(void)
{
	Suite *s = suite_create("scn_errors");
	TCase *tc = tcase_create("errors");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_error_message, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_error_deep_nesting);
	tcase_add_test(tc, test_error_too_many_nodes);
	tcase_add_test(tc, test_error_file_too_big);
	suite_add_tcase(s, tc);
	return s;
}
