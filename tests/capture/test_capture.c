// SPDX-License-Identifier: MIT
/*
 * test_capture.c - the capture module in process: the record builder's exact
 * lines, the capture reader's acceptance and every rejection with its
 * location, the emulator's answers to uapi calls (exact device addresses,
 * errnos, job states), and the importer's scenario text for the shim's
 * patterns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile.h"
#include "capture/emu.h"
#include "capture/import.h"
#include "capture/record.h"
#include "capture/uapi.h"
#include "tests/check_util.h"

#define MIB (1024ULL * 1024)

/* --- record --------------------------------------------------------------- */

START_TEST(test_record_line)
{
	char buf[256];
	struct rec r;
	u32 args[] = { 1, 2, 4294967295u };
	size_t n;

	rec_begin(&r, buf, sizeof(buf), "create_bo", 5, 10, 11);
	rec_u64(&r, "type", 3);
	rec_s64(&r, "ret", -11);
	rec_str(&r, "path", "a\"b\\\x01\xff");
	rec_u32_array(&r, "args", args, 3);
	n = rec_end(&r);
	ck_assert_str_eq(buf, "{\"call\":\"create_bo\",\"t\":5,\"pid\":10,\"tid\":11,\"type\":3,"
			      "\"ret\":-11,\"path\":\"a\\\"b\\\\\\u0001\\u00ff\","
			      "\"args\":[1,2,4294967295]}\n");
	ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

/* A record too long for its buffer loses whole fields and says so. */
START_TEST(test_record_truncated)
{
	char buf[96], text[256];
	u32 args[40];
	struct rec r;
	struct cap_file f;
	char why[256];

	for (u32 i = 0; i < 40; i++)
		args[i] = 1000000 + i;
	rec_begin(&r, buf, sizeof(buf), "exec_cmd", 1, 2, 3);
	rec_u64(&r, "hwctx", 1);
	rec_u32_array(&r, "args", args, 40);
	rec_s64(&r, "ret", 0);
	rec_end(&r);
	ck_assert_str_eq(buf, "{\"call\":\"exec_cmd\",\"t\":1,\"pid\":2,\"tid\":3,\"hwctx\":1,"
			      "\"truncated\":1}\n");
	snprintf(text, sizeof(text), "{\"call\":\"start\",\"t\":0,\"pid\":2,\"tid\":2,"
		 "\"xdnasim_capture\":1}\n%s", buf);
	if (cap_parse("t", text, strlen(text), &f, why, sizeof(why)))
		ck_abort_msg("%s", why);
	ck_assert_uint_eq(f.nrecs, 2);
	cap_free(&f);
}
END_TEST

/* --- reader --------------------------------------------------------------- */

#define HDR "{\"call\":\"start\",\"t\":0,\"pid\":7,\"tid\":7,\"xdnasim_capture\":1}\n"

START_TEST(test_capfile_good)
{
	const char *text = HDR
		"\n"
		"  {\"call\": \"open\", \"t\": 3, \"pid\": 7, \"tid\": 8, \"ret\": -2, "
		"\"path\": \"/dev/accel/accel0\\n\", \"a\": [], \"b\": [0, 4294967295]}\r\n"
		"{\"call\":\"x\",\"t\":18446744073709551615,\"pid\":7,\"tid\":7,\"n\":-9223372036854775808}";
	struct cap_file f;
	char why[256] = "";
	const struct cap_field *fl;
	s64 v;
	u64 u;

	ck_assert_int_eq(cap_parse("t", text, strlen(text), &f, why, sizeof(why)), 0);
	ck_assert_uint_eq(f.nrecs, 3);
	ck_assert_str_eq(f.recs[1].call, "open");
	ck_assert_uint_eq(f.recs[1].line, 3);
	ck_assert(cap_num(&f.recs[1], "ret", &v));
	ck_assert_int_eq(v, -2);
	fl = cap_get(&f.recs[1], "path");
	ck_assert_str_eq(fl->str, "/dev/accel/accel0\n");
	fl = cap_get(&f.recs[1], "b");
	ck_assert_uint_eq(fl->narr, 2);
	ck_assert_uint_eq(fl->arr[1], 4294967295u);
	ck_assert_uint_eq(cap_get(&f.recs[1], "a")->narr, 0);
	ck_assert(cap_u64(&f.recs[2], "t", &u));
	ck_assert(u == 18446744073709551615ULL);
	ck_assert(!cap_num(&f.recs[2], "t", &v));	/* above INT64_MAX */
	ck_assert(cap_num(&f.recs[2], "n", &v));
	ck_assert(v == INT64_MIN);
	ck_assert(!cap_u64(&f.recs[2], "n", &u));
	cap_free(&f);
}
END_TEST

static const struct bad_case {
	const char *text;
	size_t len;		/* 0 = strlen */
	const char *why;
} bad_cases[] = {
	{ "", 0, "t: empty capture (no \"start\" header)" },
	{ "\n\n", 0, "t: empty capture (no \"start\" header)" },
	{ "{\"call\":\"open\",\"t\":0,\"pid\":1,\"tid\":1}\n", 0,
	  "t:1:1: not a capture file: the first record must be the \"start\" header" },
	{ "{\"call\":\"start\",\"t\":0,\"pid\":1,\"tid\":1,\"xdnasim_capture\":2}\n", 0,
	  "t:1:1: unsupported capture format version 2 (this xdnasim reads 1)" },
	{ HDR "{\"call\":\"open\",\"t\":1,\n", 0, "t:2:22: expected '\"'" },
	{ HDR "{\"call\":\"op\0en\"}\n", 18, "t:2:12: NUL byte" },
	{ HDR "{\"call\":\"open\",\"call\":\"x\"}\n", 0, "t:2:16: duplicate key 'call'" },
	{ HDR "{\"call\":\"open\",\"t\":01}\n", 0, "t:2:20: leading zero in a number" },
	{ HDR "{\"call\":\"open\",\"t\":1.5}\n", 0, "t:2:20: expected an integer" },
	{ HDR "{\"call\":\"open\",\"t\":18446744073709551616}\n", 0, "t:2:20: number out of range" },
	{ HDR "{\"call\":\"open\",\"t\":-9223372036854775809}\n", 0, "t:2:20: number out of range" },
	{ HDR "{\"call\":\"open\",\"t\":true}\n", 0, "t:2:20: expected a number" },
	{ HDR "{\"call\":\"open\"} x\n", 0, "t:2:17: text after the record" },
	{ HDR "{\"t\":1}\n", 0, "t:2:1: record without \"call\"" },
	{ HDR "{}\n", 0, "t:2:2: empty record: every record has \"call\"" },
	{ HDR "{\"call\":5}\n", 0, "t:2:2: \"call\" must be a non-empty string" },
	{ HDR "{\"call\":\"a\\qb\"}\n", 0, "t:2:11: bad escape in a string" },
	{ HDR "{\"call\":\"a\xff\"}\n", 0, "t:2:11: byte 0xff in a string (escape it)" },
	{ HDR "{\"call\":\"a\",\"x\":[1,-2]}\n", 0,
	  "t:2:20: array elements are unsigned 32-bit integers" },
	{ HDR "{\"call\":\"a\",\"x\":[1,4294967296]}\n", 0,
	  "t:2:20: array elements are unsigned 32-bit integers" },
	{ HDR "{\"call\":\"a\",\"x\":[1 2]}\n", 0, "t:2:20: expected ']'" },
	{ HDR "{\"call\":\"abc\n", 0, "t:2:9: unterminated string" },
	{ HDR "[1]\n", 0, "t:2:1: expected '{'" },
};

START_TEST(test_capfile_bad)
{
	const struct bad_case *c = &bad_cases[_i];
	struct cap_file f;
	char why[256] = "";
	size_t len = c->len ? c->len : strlen(c->text);

	if (c->len)
		len = strlen(HDR) + c->len;
	ck_assert_int_eq(cap_parse("t", c->text, len, &f, why, sizeof(why)), -EINVAL);
	ck_assert_str_eq(why, c->why);
	ck_assert_uint_eq(f.nrecs, 0);
	ck_assert_ptr_null(f.recs);
}
END_TEST

START_TEST(test_capfile_files)
{
	struct cap_file f;
	char why[256];

	ck_assert_int_eq(cap_load("/nonexistent/x.ndjson", &f, why, sizeof(why)), -ENOENT);
	ck_assert_str_eq(why, "/nonexistent/x.ndjson: cannot open: ENOENT (No such file or directory)");
	ck_assert_int_eq(cap_load("/", &f, why, sizeof(why)), -EISDIR);
	ck_assert_str_eq(why, "/: is a directory, not a file");
}
END_TEST

/* --- emulator ------------------------------------------------------------- */

struct emu_fix {
	struct emu *emu;
	int fd;
	u8 *heap;	/* stands in for the application's mapping (never touched by the model) */
};

static void emu_setup(struct emu_fix *x, const char *design)
{
	struct emu_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	sim_config_default(&cfg.sim);
	if (design && !strcmp(design, "pr1233"))
		cfg.sim.rev = REV_PR1233;
	ck_assert_int_eq(emu_create(&cfg, &x->emu), 0);
	x->fd = 100;
	ck_assert_int_eq(emu_open(x->emu, x->fd), 0);
}

static u32 create_bo(struct emu_fix *x, u32 type, u64 size, int expect)
{
	struct xu_create_bo cb = { .type = type, .size = size };

	ck_assert_int_eq(emu_ioctl(x->emu, x->fd, XU_IOCTL_CREATE_BO, &cb), expect);
	return cb.handle;
}

static struct xu_get_bo_info bo_info(struct emu_fix *x, u32 handle)
{
	struct xu_get_bo_info gi = { .handle = handle };

	ck_assert_int_eq(emu_ioctl(x->emu, x->fd, XU_IOCTL_GET_BO_INFO, &gi), 0);
	return gi;
}

START_TEST(test_emu_heap)
{
	struct emu_fix x;
	struct xu_get_bo_info gi;
	struct xu_get_info q;
	struct xu_query_aie_version v = { 0 };
	u64 base = 0x7f0000000000ULL;
	u32 chunk, a, b;
	bool dev;

	emu_setup(&x, NULL);
	ck_assert_int_eq(emu_open(x.emu, x.fd), -EEXIST);
	ck_assert(emu_owns(x.emu, 100) && !emu_owns(x.emu, 101));
	/* before any chunk is mapped a DEV BO does not fit: the shim's EAGAIN */
	create_bo(&x, XU_BO_DEV, 4096, -EAGAIN);
	chunk = create_bo(&x, XU_BO_DEV_HEAP, 64 * MIB, 0);
	gi = bo_info(&x, chunk);
	ck_assert_uint_eq(gi.xdna_addr, 0x4000000);
	ck_assert_int_eq(emu_mmap(x.emu, x.fd, base, 64 * MIB, gi.map_offset + 4096), -EINVAL);
	ck_assert_int_eq(emu_mmap(x.emu, 101, base, 64 * MIB, gi.map_offset), -EBADF);
	ck_assert_int_eq(emu_mmap(x.emu, x.fd, base, 64 * MIB, gi.map_offset), 0);
	a = create_bo(&x, XU_BO_DEV, 4096, 0);
	gi = bo_info(&x, a);
	ck_assert_uint_eq(gi.xdna_addr, 0x4000000);
	ck_assert_uint_eq(gi.vaddr, base);
	b = create_bo(&x, XU_BO_DEV, 8192, 0);
	gi = bo_info(&x, b);
	ck_assert_uint_eq(gi.xdna_addr, 0x4008000);	/* DEV BOs are 32 KiB aligned */
	ck_assert_uint_eq(gi.vaddr, base + 0x8000);
	create_bo(&x, XU_BO_DEV, 100 * MIB, -EAGAIN);
	/* the AIE version query answers the firmware protocol version */
	q = (struct xu_get_info){ .param = XU_QUERY_AIE_VERSION, .buffer_size = sizeof(v),
				  .buffer = (u64)(uintptr_t)&v };
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_GET_INFO, &q), 0);
	{
		u32 ma, mi;

		sim_fw_version(emu_sim(x.emu), &ma, &mi);
		ck_assert_uint_eq(v.major, ma);
		ck_assert_uint_eq(v.minor, mi);
		ck_assert_uint_eq(ma, 6);
	}
	q.param = 99;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_GET_INFO, &q), -EOPNOTSUPP);
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, _IOWR('d', 0x60, u64), &q), -ENOTTY);
	ck_assert_int_eq(emu_ioctl(x.emu, 101, XU_IOCTL_GET_INFO, &q), -EBADF);
	/* munmap of a range with no device mapping, then of the chunk */
	ck_assert_int_eq(emu_munmap(x.emu, base + 64 * MIB, 4096, &dev), 0);
	ck_assert(!dev);
	ck_assert_int_eq(emu_munmap(x.emu, base, 64 * MIB, &dev), 0);
	ck_assert(dev);
	ck_assert_int_eq(emu_close(x.emu, x.fd), 0);
	ck_assert_int_eq(emu_close(x.emu, x.fd), -EBADF);
	emu_destroy(x.emu);
}
END_TEST

START_TEST(test_emu_exec)
{
	struct emu_fix x;
	struct xu_get_bo_info gi;
	static u32 cmd_hdr[1024] __attribute__((aligned(4096)));
	u32 chunk, pdi, buf, cmd, args[2];
	struct xu_create_hwctx ch = { .num_tiles = 4 };
	struct {
		struct xu_config_cu_param p;
		struct xu_cu_config cu[1];
	} cfg;
	struct xu_config_hwctx cc = { 0 };
	struct xu_exec_cmd ex = { 0 };
	struct xu_wait_cmd w = { 0 };
	struct xu_destroy_hwctx dh = { 0 };

	cmd_hdr[0] = XU_ERT_STATE_NEW;
	emu_setup(&x, NULL);
	chunk = create_bo(&x, XU_BO_DEV_HEAP, 64 * MIB, 0);
	gi = bo_info(&x, chunk);
	ck_assert_int_eq(emu_mmap(x.emu, x.fd, 0x7f0000000000ULL, 64 * MIB, gi.map_offset), 0);
	pdi = create_bo(&x, XU_BO_DEV, 4096, 0);
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_CREATE_HWCTX, &ch), 0);
	ck_assert_uint_ne(ch.handle, 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.p.num_cus = 1;
	cfg.cu[0].cu_bo = pdi;
	cc = (struct xu_config_hwctx){ .handle = ch.handle, .param_type = XU_HWCTX_CONFIG_CU,
				       .param_val = (u64)(uintptr_t)&cfg,
				       .param_val_size = sizeof(cfg) - 1 };
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_CONFIG_HWCTX, &cc), -EINVAL);
	cc.param_val_size = sizeof(cfg);
	cc.param_type = 1;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_CONFIG_HWCTX, &cc), -EOPNOTSUPP);
	cc.param_type = XU_HWCTX_CONFIG_CU;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_CONFIG_HWCTX, &cc), 0);
	buf = create_bo(&x, XU_BO_DEV, 8192, 0);
	/* a command BO is a SHARE BO in the model, mapped where the app put it */
	cmd = create_bo(&x, XU_BO_CMD, 4096, 0);
	gi = bo_info(&x, cmd);
	ck_assert_int_eq(emu_mmap(x.emu, x.fd, (u64)(uintptr_t)cmd_hdr, 4096, gi.map_offset), 0);
	args[0] = pdi;
	args[1] = buf;
	ex = (struct xu_exec_cmd){ .hwctx = ch.handle, .type = XU_CMD_SUBMIT_EXEC_BUF,
				   .cmd_handles = cmd, .args = (u64)(uintptr_t)args,
				   .cmd_count = 1, .arg_count = 2 };
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_EXEC_CMD, &ex), 0);
	ck_assert_uint_eq(ex.seq, 1);
	ck_assert_uint_eq(cmd_hdr[0] & 0xf, XU_ERT_STATE_COMPLETED);
	w = (struct xu_wait_cmd){ .hwctx = ch.handle, .seq = 1, .timeout = 10 };
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_WAIT_CMD, &w), 0);
	w.seq = 7;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_WAIT_CMD, &w), -EINVAL);
	ex.seq = 0;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_EXEC_CMD, &ex), 0);
	ck_assert_uint_eq(ex.seq, 2);
	ex.cmd_count = 2;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_EXEC_CMD, &ex), -EINVAL);
	dh.handle = ch.handle;
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_DESTROY_HWCTX, &dh), 0);
	ck_assert_int_eq(emu_ioctl(x.emu, x.fd, XU_IOCTL_DESTROY_HWCTX, &dh), -EINVAL);
	emu_destroy(x.emu);	/* releases the still-open file */
}
END_TEST

START_TEST(test_emu_env)
{
	struct emu_config cfg;
	char why[256] = "";

	setenv("XDNASIM_DESIGN", "pr1233", 1);
	setenv("XDNASIM_MODE", "iova", 1);
	setenv("XDNASIM_FIRMWARE", "6.18", 1);
	setenv("XDNASIM_SEED", "0x10", 1);
	ck_assert_int_eq(emu_config_from_env(&cfg, why, sizeof(why)), 0);
	ck_assert_int_eq(cfg.sim.rev, REV_PR1233);
	ck_assert_int_eq(cfg.sim.mode, ADDR_IOVA);
	ck_assert_uint_eq(cfg.sim.fw_major, 6);
	ck_assert_uint_eq(cfg.sim.fw_minor, 18);
	ck_assert_uint_eq(cfg.sim.seed, 16);
	setenv("XDNASIM_MODE", "pasid2", 1);
	ck_assert_int_eq(emu_config_from_env(&cfg, why, sizeof(why)), -EINVAL);
	ck_assert_str_eq(why, "XDNASIM_MODE: unknown mode 'pasid2' (pasid, iova, carveout)");
	unsetenv("XDNASIM_MODE");
	setenv("XDNASIM_FIRMWARE", "6", 1);
	ck_assert_int_eq(emu_config_from_env(&cfg, why, sizeof(why)), -EINVAL);
	ck_assert_str_eq(why, "XDNASIM_FIRMWARE: '6' is not MAJOR.MINOR");
	unsetenv("XDNASIM_FIRMWARE");
	unsetenv("XDNASIM_DESIGN");
	unsetenv("XDNASIM_SEED");
	/* a fault rule: fail the first chunk creation's shmem allocation */
	sim_config_default(&cfg.sim);
	cfg.faults = "shmem_alloc:nth=1:err=ENOMEM";
	{
		struct emu *emu;
		struct xu_create_bo cb = { .type = XU_BO_DEV_HEAP, .size = 64 * MIB };

		ck_assert_int_eq(emu_create(&cfg, &emu), 0);
		ck_assert_int_eq(emu_open(emu, 3), 0);
		ck_assert_int_eq(emu_ioctl(emu, 3, XU_IOCTL_CREATE_BO, &cb), -ENOMEM);
		ck_assert_int_eq(emu_ioctl(emu, 3, XU_IOCTL_CREATE_BO, &cb), 0);
		emu_destroy(emu);
	}
	cfg.faults = "shmem_alloc:every=1";
	{
		struct emu *emu = NULL;

		ck_assert_int_eq(emu_create(&cfg, &emu), -EINVAL);
		ck_assert_ptr_null(emu);
	}
}
END_TEST

/* --- importer ------------------------------------------------------------- */

static char *import_text(const char *text, const struct imp_options *o, int expect, char *why)
{
	struct imp_options def = { .scale_num = 1, .scale_den = 1, .source = "c.ndjson",
				   .anonymise = true, .name = "t" };
	struct cap_file f;
	struct imp_stats st;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_int_eq(cap_parse("c.ndjson", text, strlen(text), &f, why, 256), 0);
	ck_assert_int_eq(imp_write(&f, o ? o : &def, out, &st, why, 256), expect);
	fclose(out);
	cap_free(&f);
	return buf;
}

#define R(call, rest) "{\"call\":\"" call "\",\"t\":0,\"pid\":7,\"tid\":7" rest "}\n"
#define HDR_EMU "{\"call\":\"start\",\"t\":0,\"pid\":7,\"tid\":7,\"xdnasim_capture\":1,\"mode\":\"emulate\"}\n"

/* The shim's patterns: initial heap, expand-and-retry, close cleanup. */
START_TEST(test_import_patterns)
{
	const char *cap = HDR_EMU
		R("open", ",\"path\":\"/dev/accel/accel0\",\"ret\":4")
		R("create_bo", ",\"fd\":4,\"type\":2,\"size\":67108864,\"ret\":0,\"out_handle\":1")
		R("get_bo_info", ",\"fd\":4,\"handle\":1,\"ret\":0,\"map_offset\":4096,\"xdna_addr\":67108864")
		R("mmap", ",\"fd\":4,\"offset\":4096,\"ret\":0,\"uva\":1048576")
		R("create_bo", ",\"fd\":4,\"type\":3,\"size\":104857600,\"ret\":-11")
		R("create_bo", ",\"fd\":4,\"type\":2,\"size\":67108864,\"ret\":0,\"out_handle\":2")
		R("get_bo_info", ",\"fd\":4,\"handle\":2,\"ret\":0,\"map_offset\":8192,\"xdna_addr\":134217728")
		R("mmap", ",\"fd\":4,\"offset\":8192,\"ret\":0,\"uva\":68157440")
		R("create_bo", ",\"fd\":4,\"type\":3,\"size\":104857600,\"ret\":0,\"out_handle\":3")
		R("get_bo_info", ",\"fd\":4,\"handle\":3,\"ret\":0,\"map_offset\":0,\"xdna_addr\":67108864")
		R("create_bo", ",\"fd\":4,\"type\":3,\"size\":4096,\"ret\":-28")
		R("create_bo", ",\"fd\":4,\"type\":4,\"size\":4096,\"ret\":0,\"out_handle\":4")
		R("create_hwctx", ",\"fd\":4,\"ret\":0,\"out_handle\":9")
		R("config_hwctx", ",\"fd\":4,\"handle\":9,\"param_type\":0,\"cu_bos\":[3],\"ret\":0")
		R("exec_cmd", ",\"fd\":4,\"hwctx\":9,\"cmd\":4,\"args\":[3,4],\"ret\":0,\"out_seq\":1")
		R("wait_cmd", ",\"fd\":4,\"hwctx\":9,\"seq\":1,\"ret\":0")
		R("sync_bo", ",\"fd\":4,\"handle\":3,\"direction\":1,\"offset\":0,\"size\":64,\"ret\":-22")
		R("gem_close", ",\"fd\":4,\"handle\":3,\"ret\":0")
		R("destroy_hwctx", ",\"fd\":4,\"handle\":9,\"ret\":0")
		R("munmap", ",\"addr\":1048576,\"len\":67108864,\"ret\":0")
		R("gem_close", ",\"fd\":4,\"handle\":1,\"ret\":0")
		R("munmap", ",\"addr\":68157440,\"len\":67108864,\"ret\":0")
		R("gem_close", ",\"fd\":4,\"handle\":2,\"ret\":0")
		R("close", ",\"fd\":4,\"ret\":0");
	char why[256] = "";
	char *out = import_text(cap, NULL, 0, why);

	ck_assert_str_eq(out,
		"# Imported by xdnasim import (docs/capture.md).\n"
		"# 25 records, 1 clients, 10 steps.\n"
		"# Calls the scenario language cannot express (left out):\n"
		"#   create_bo CMD: 1\n"
		"#   exec argument that is not a DEV BO: 1\n"
		"xdnasim: 1\n"
		"name: \"t\"\n"
		"description: \"imported emulated capture\"\n"
		"device: npu4\n"
		"shim: {num_heap_pages: 1}\n"
		"schedule: sequential\n"
		"clients:\n"
		"  - name: c0\n"
		"    steps:\n"
		"      - open\n"
		"      - alloc: {label: dev_128m_0, size: 104857600, expect: {result: ok, addr: 0x4000000, expansions: 1}}\n"
		"      - alloc: {label: dev_4k_1, size: 4096, expect: ENOSPC}\n"
		"      - hwctx_create: {name: ctx0, cu: none}\n"
		"      - config_cu: {hwctx: ctx0, bos: [dev_128m_0]}\n"
		"      - exec: {hwctx: ctx0, bos: [dev_128m_0]}\n"
		"      - sync: {label: dev_128m_0, offset: 0, size: 64, direction: from_device, path: driver, expect: EINVAL}\n"
		"      - free: {label: dev_128m_0}\n"
		"      - hwctx_destroy: {name: ctx0}\n"
		"      - close\n");
	free(out);
}
END_TEST

/*
 * Not the shim's patterns: raw steps; two clients interleaved; a gap in
 * time; records ordered by their time stamps, not by their lines.
 */
START_TEST(test_import_raw_and_clients)
{
	const char *cap = HDR
		R("open", ",\"ret\":3")
		R("open", ",\"ret\":5")
		R("create_hwctx", ",\"fd\":5,\"ret\":-2")
		R("create_bo", ",\"fd\":3,\"type\":2,\"size\":134217728,\"ret\":0,\"out_handle\":1")
		R("create_bo", ",\"fd\":3,\"type\":3,\"size\":4096,\"ret\":-11")
		R("get_bo_info", ",\"fd\":3,\"handle\":1,\"ret\":0,\"map_offset\":4096,\"xdna_addr\":67108864")
		R("mmap", ",\"fd\":3,\"offset\":4096,\"ret\":0,\"uva\":1048576")
		R("munmap", ",\"addr\":1048576,\"len\":4096,\"ret\":0")
		R("create_bo", ",\"fd\":3,\"type\":3,\"size\":4096,\"ret\":0,\"out_handle\":2")
		"{\"call\":\"close\",\"t\":9000001,\"pid\":7,\"tid\":7,\"fd\":5,\"ret\":0}\n"
		"{\"call\":\"gem_close\",\"t\":9000000,\"pid\":7,\"tid\":7,\"fd\":3,\"handle\":2,\"ret\":0}\n";
	char why[256] = "";
	char *out = import_text(cap, NULL, 0, why);

	ck_assert_str_eq(out,
		"# Imported by xdnasim import (docs/capture.md).\n"
		"# 12 records, 2 clients, 12 steps.\n"
		"xdnasim: 1\n"
		"name: \"t\"\n"
		"description: \"imported device capture\"\n"
		"device: npu4\n"
		"shim: {num_heap_pages: 1}\n"
		"schedule: interleave\n"
		"interleave: [c1, c1, c0, c0, c0, c0, c0, c0, c0, c0, c1, c1]\n"
		"clients:\n"
		"  - name: c0\n"
		"    steps:\n"
		"      - open: {heap: false}\n"
		"      - chunk_create: 134217728\n"
		"      - alloc: {label: dev_4k_0, size: 4096, path: ioctl, expect: EAGAIN}\n"
		"      - mmap: {chunk: 0, at: 0x100000}\n"
		"      - munmap: {chunk: 0}\n"
		"      - alloc: {label: dev_4k_1, size: 4096, expect: {result: ok, expansions: 0}}\n"
		"      - advance: 9ms\n"
		"      - free: {label: dev_4k_1}\n"
		"  - name: c1\n"
		"    steps:\n"
		"      - open: {heap: false}\n"
		"      - hwctx_create: {name: ctx0, cu: none, expect: ENOENT}\n"
		"      - advance: 9ms\n"
		"      - close\n");
	free(out);
}
END_TEST

START_TEST(test_import_errors)
{
	char why[256] = "";
	char *out;

	out = import_text(HDR R("create_bo", ",\"fd\":3,\"type\":3,\"size\":1,\"ret\":0"), NULL,
			  -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson:2: 'create_bo' on fd 3, which no open in process 7 returned");
	free(out);
	out = import_text(HDR R("open", ",\"ret\":3") R("create_bo", ",\"fd\":3,\"size\":1,\"ret\":0"),
			  NULL, -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson:3: create_bo without type or size");
	free(out);
	out = import_text(HDR R("open", ",\"ret\":3") R("frobnicate", ",\"fd\":3,\"ret\":0"), NULL,
			  -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson:3: unknown call 'frobnicate'");
	free(out);
	out = import_text(HDR R("open", ",\"ret\":3") R("destroy_hwctx", ",\"fd\":3,\"handle\":4,\"ret\":0"),
			  NULL, -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson:3: destroy_hwctx of an unknown hardware context");
	free(out);
	out = import_text(HDR R("open", ",\"ret\":-2"), NULL, -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson: no device calls to import");
	free(out);
	out = import_text(HDR R("open", ",\"ret\":3") "{\"call\":\"close\",\"pid\":7,\"fd\":3,\"ret\":0}\n",
			  NULL, -EINVAL, why);
	ck_assert_str_eq(why, "c.ndjson:3: record without pid or t");
	free(out);
}
END_TEST

static Suite *capture_suite(void)
{
	Suite *s = suite_create("capture");
	TCase *tc = tcase_create("record");

	tcase_add_test(tc, test_record_line);
	tcase_add_test(tc, test_record_truncated);
	suite_add_tcase(s, tc);
	tc = tcase_create("capfile");
	tcase_add_test(tc, test_capfile_good);
	tcase_add_loop_test(tc, test_capfile_bad, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_capfile_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("emu");
	tcase_add_test(tc, test_emu_heap);
	tcase_add_test(tc, test_emu_exec);
	tcase_add_test(tc, test_emu_env);
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_add_test(tc, test_import_patterns);
	tcase_add_test(tc, test_import_raw_and_clients);
	tcase_add_test(tc, test_import_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s = capture_suite();

	return xdnasim_run_suites(&s, 1);
}
