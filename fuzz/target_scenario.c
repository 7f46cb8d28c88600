// SPDX-License-Identifier: MIT
/*
 * target_scenario.c - the scenario-loader fuzz target: the input is the YAML
 * text itself.
 *
 * Properties (scenarios/README.md "Errors", scn.h): a load either succeeds
 * or fails with -EINVAL (-EFBIG past the size limit) and exactly one error
 * "FILE:LINE:COLUMN: message" whose numbers are the error's line and column,
 * both >= 1 and inside the input (a line at most one past the last, lines
 * counted as YAML does: CR, LF, CR LF, NEL, LS, PS); a
 * loaded scenario passes scn_check(), and its normalized dump loads again
 * and dumps to the same text.  Leaks and memory errors are left to ASan and
 * memcheck.
 *
 * The seeded generator mutates two built-in scenarios (token insertions,
 * byte flips, deletions, line duplication, truncation).
 */
#include "fuzz/stream.h"
#include "scenarios/scn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SF_FILE "fuzz.yaml"

static const char *const sf_seeds[] = {
	"xdnasim: 1\n"
	"name: seed_a\n"
	"device: npu4\n"
	"firmware: \"6.18\"\n"
	"design: pr1233\n"
	"mode: iova\n"
	"seed: 0x2a\n"
	"shim: {num_heap_pages: 2, force_driver_sync: true}\n"
	"faults:\n"
	"  - {site: add_host_buffer, nth: 2, status: INVALID_PARAM}\n"
	"  - {site: pin, every: 3, times: 1, err: ENOMEM, client: a}\n"
	"clients:\n"
	"  - name: a\n"
	"    instances: 2\n"
	"    steps:\n"
	"      - open\n"
	"      - hwctx_create: h0\n"
	"      - alloc: {label: A, size: 100MiB, expect: {result: ok, expansions: 1}}\n"
	"      - alloc: {label: B, size: {log_uniform: {min: 128B, max: 8KiB}}, count: 4}\n"
	"      - repeat:\n"
	"          count: 3\n"
	"          steps:\n"
	"            - alloc: {label: C, size: {buckets: [{size: 4KiB, weight: 3}, {size: 1.5MiB, weight: 1}]}}\n"
	"            - free: {fraction: 0.5, pattern: \"C*\"}\n"
	"      - sync: {label: A, offset: 4KiB, size: 8KiB, direction: to_device}\n"
	"      - exec: {hwctx: h0, bos: [A, B], hang: true}\n"
	"      - tdr: {hwctx: h0, health: fatal}\n"
	"      - advance: 2500ms\n"
	"      - free: A\n"
	"      - close\n"
	"expect:\n"
	"  invariants: [no_pins_left, mm_check]\n"
	"  metrics:\n"
	"    - expansions == 2\n"
	"    - {check: \"committed <= 192MiB\", client: a}\n",

	"xdnasim: 1\n"
	"device: npu1\n"
	"schedule: interleave\n"
	"interleave: [p, q, q, p]\n"
	"clients:\n"
	"  - name: p\n"
	"    steps:\n"
	"      - open: {heap: false}\n"
	"      - chunk_create: {size: 64MiB, expect: ok}\n"
	"      - mmap: {chunk: 0, at: {slot_of: 0}}\n"
	"      - phase:\n"
	"          name: load\n"
	"          steps:\n"
	"            - alloc: {label: w, size: {uniform: {min: 4k, max: 64k}}, path: ioctl}\n"
	"            - config_cu: {hwctx: x, bos: [w]}\n"
	"      - munmap: {chunk: 0, at: all}\n"
	"      - chunk_close: 0\n"
	"  - name: q\n"
	"    steps:\n"
	"      - open\n"
	"      - suspend\n"
	"      - resume: {expect: ok}\n"
	"      - power_cycle\n"
	"      - alloc: {size: 600MiB, expect: EINVAL}\n",
};

static const char *const sf_tokens[] = {
	":", "- ", "{", "}", "[", "]", "\n", "  ", "\"", "'", "&x ", "*x", "!!int ", "#", ",",
	"0x", "KiB", "MiB", "GiB", "1.5", "-3", "18446744073709551616", "1e-3", "expect",
	"label", "count", "steps", "repeat", "phase", "open", "close", "null", "~", "true",
	"\t", "|\n", ">\n", "? ", "---\n", "...\n", "%YAML 1.2\n", "\\", "\xc3\xa9", "\xff",
	"instances", "nth", "every", "probability", "site", "status", "hwctx", "bos", "at",
	"slot_of", "fraction", "pattern", "metrics", "invariants", "interleave",
};

struct sf_buf {
	char *p;
	size_t len;
};

static int sf_dump(const struct scn *s, struct sf_buf *b)
{
	FILE *f = open_memstream(&b->p, &b->len);
	int ret;

	if (!f)
		return -ENOMEM;
	ret = scn_dump(s, f, SCN_DUMP_NO_LOCATIONS);
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

/* The error text must be exactly "fuzz.yaml:LINE:COLUMN: message". */
static int sf_check_error(const struct scn_error *e, u64 nlines, struct fuzz_result *res)
{
	char prefix[64];
	size_t n;

	if (e->line < 1 || e->column < 1 || e->line > nlines + 1)
		return fz_fail(res, 3, "error at %u:%u outside the %llu-line input: %s", e->line,
			       e->column, (unsigned long long)nlines, e->text);
	n = (size_t)snprintf(prefix, sizeof(prefix), SF_FILE ":%u:%u: ", e->line, e->column);
	if (strncmp(e->text, prefix, n) || !e->text[n] || strcmp(e->text + n, e->msg))
		return fz_fail(res, 3, "error text is not '%s<message>': '%s'", prefix, e->text);
	if (strchr(e->text, '\n'))
		return fz_fail(res, 3, "error text spans lines: '%s'", e->text);
	return 0;
}

/*
 * Line breaks as YAML counts them (libyaml follows YAML 1.1): LF, CR, CR LF
 * (one break), NEL (C2 85), LS and PS (E2 80 A8/A9).
 */
static u64 sf_line_breaks(const u8 *d, size_t len)
{
	u64 n = 0;

	for (size_t i = 0; i < len; i++) {
		if (d[i] == '\n' || (d[i] == '\r' && (i + 1 == len || d[i + 1] != '\n')))
			n++;
		else if (d[i] == 0xC2 && i + 1 < len && d[i + 1] == 0x85)
			n++;
		else if (d[i] == 0xE2 && i + 2 < len && d[i + 1] == 0x80 &&
			 (d[i + 2] == 0xA8 || d[i + 2] == 0xA9))
			n++;
	}
	return n;
}

static int sf_run(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res)
{
	struct scn *s = NULL, *s2 = NULL;
	struct scn_error e;
	struct sf_buf d1 = { 0 }, d2 = { 0 };
	char why[256];
	u64 nlines = 1;
	int ret;

	nlines += sf_line_breaks(data, len);
	res->ops = 1;
	memset(&e, 0, sizeof(e));
	ret = scn_load_buffer((const char *)data, len, SF_FILE, NULL, &s, &e);
	fz_trace(o, "load %zu bytes -> %s\n", len, ret ? e.text : "ok");
	if (ret == -ENOMEM)
		return 0;
	if (ret) {
		if (ret != -EINVAL)
			return fz_fail(res, 3, "load returned %d (%s)", ret, e.text);
		if (s)
			return fz_fail(res, 3, "failed load left a scenario behind");
		ret = sf_check_error(&e, nlines, res);
		if (!ret && o->plant == FUZZ_PLANT_MODEL && strstr(e.msg, "unknown"))
			ret = fz_fail(res, 1, "planted: 'unknown' names are expected to load: %s",
				      e.text);
		return ret;
	}
	if (scn_check(s, why, sizeof(why))) {
		ret = fz_fail(res, 2, "scn_check after a successful load: %s", why);
		goto out;
	}
	ret = sf_dump(s, &d1);
	if (ret == -ENOMEM) {
		ret = 0;
		goto out;
	}
	if (ret) {
		ret = fz_fail(res, 3, "scn_dump returned %d", ret);
		goto out;
	}
	ret = scn_load_buffer(d1.p, d1.len, SF_FILE, NULL, &s2, &e);
	if (ret) {
		ret = fz_fail(res, 1, "the normalized dump does not load: %s", e.text);
		goto out;
	}
	if (scn_check(s2, why, sizeof(why))) {
		ret = fz_fail(res, 2, "scn_check after reloading the dump: %s", why);
		goto out;
	}
	ret = sf_dump(s2, &d2);
	if (ret) {
		ret = ret == -ENOMEM ? 0 : fz_fail(res, 3, "second scn_dump returned %d", ret);
		goto out;
	}
	if (d1.len != d2.len || memcmp(d1.p, d2.p, d1.len))
		ret = fz_fail(res, 1, "dump(load(dump(x))) != dump(x) (%zu vs %zu bytes)", d2.len,
			      d1.len);
out:
	free(d1.p);
	free(d2.p);
	scn_free(s);
	scn_free(s2);
	return ret;
}

/* Lines: each line (with its newline) is one unit for delta debugging. */
static size_t sf_split(const u8 *data, size_t len, size_t *bounds, size_t max)
{
	size_t n = 0;

	if (!max)
		return 0;
	bounds[n++] = 0;
	for (size_t i = 0; i < len && n < max; i++)
		if (data[i] == '\n' || i + 1 == len)
			bounds[n++] = i + 1;
	return n;
}

static size_t sf_mutate(struct xrand *r, u8 *buf, size_t len, size_t cap)
{
	size_t pos = len ? (size_t)xrand_below(r, len + 1) : 0, n;
	const char *tok;

	switch (xrand_below(r, 8)) {
	case 0:
	case 1:
		tok = sf_tokens[xrand_below(r, ARRAY_SIZE(sf_tokens))];
		n = strlen(tok);
		if (len + n > cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		memcpy(buf + pos, tok, n);
		return len + n;
	case 2:
		if (pos < len)
			buf[pos] = (u8)xrand_next(r);
		return len;
	case 3:
		n = (size_t)xrand_below(r, 24);
		if (pos + n > len)
			n = len - pos;
		memmove(buf + pos, buf + pos + n, len - pos - n);
		return len - n;
	case 4: {
		/* Repeat the line holding @pos right after itself. */
		const u8 *nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
		size_t start = pos, end = nl ? (size_t)(nl - buf) + 1 : len;

		for (; start > 0 && buf[start - 1] != '\n'; start--)
			;
		if (len + (end - start) > cap)
			return len;
		memmove(buf + end + (end - start), buf + end, len - end);
		memmove(buf + end, buf + start, end - start);
		return len + (end - start);
	}
	case 5:
		return xrand_chance(r, 1, 4) ? pos : len;
	case 6:
		for (size_t i = pos; i < len; i++)
			if (buf[i] >= '0' && buf[i] <= '9') {
				buf[i] = (u8)('0' + xrand_below(r, 10));
				break;
			}
		return len;
	default:
		if (pos < len && buf[pos] == ' ')
			buf[pos] = '\t';
		else if (len < cap) {
			memmove(buf + pos + 1, buf + pos, len - pos);
			buf[pos] = ' ';
			len++;
		}
		return len;
	}
}

/*
 * A seed scenario mutated 0-8 times; one input in eight is random bytes
 * instead (half of them printable ASCII, so that YAML gets further).
 */
static size_t sf_generate(struct xrand *r, u8 *buf, size_t cap)
{
	const char *seed = sf_seeds[xrand_below(r, ARRAY_SIZE(sf_seeds))];
	size_t len = strlen(seed), rounds = (size_t)xrand_below(r, 9);

	if (xrand_chance(r, 1, 8)) {
		bool printable = xrand_chance(r, 1, 2);

		len = (size_t)xrand_below(r, cap < 512 ? cap : 512);
		for (size_t i = 0; i < len; i++)
			buf[i] = printable ? (u8)(0x20 + xrand_below(r, 95)) : (u8)xrand_next(r);
		return len;
	}
	if (len > cap)
		len = cap;
	memcpy(buf, seed, len);
	for (size_t i = 0; i < rounds; i++)
		len = sf_mutate(r, buf, len, cap);
	return len;
}

const struct fuzz_target fuzz_target_scenario = {
	.name = "scenario",
	.summary = "the YAML scenario loader on arbitrary bytes: load, check, dump, reload",
	.max_len = 65536,
	.min_bytes = true,
	.run = sf_run,
	.split = sf_split,
	.generate = sf_generate,
};
