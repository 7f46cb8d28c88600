// SPDX-License-Identifier: MIT
/*
 * test_scenarios.c - the fault work through the scenario runner:
 *
 *  - every regression scenario (scenarios/regressions/) passes with its
 *    switch off and, with the switch on, fails at exactly the lines marked
 *    "# fails with the switch", on every revision the switch applies to
 *    (sim_bugs[].revs); every switch with a scenario has one;
 *  - every findings scenario (scenarios/findings/) fails at exactly the
 *    lines marked "# fails: the finding";
 *  - run_fail_nth() over library scenarios: exact (site, n) cells in both
 *    designs (docs/driver/heap.md §7.1, §7.2, §8.1, §10), the scenario step each fault
 *    fired in, sites the scenario programs itself skipped;
 *  - the run report's "fail_nth" and "bugs" valid against the schema, with
 *    every site and switch name of the simulator's tables;
 *  - the bounded enumeration over the whole library: no wrong errno, every
 *    broken invariant is docs/driver/heap.md §14 item 1 (~0 sent to firmware), every
 *    leak is a forgotten firmware context from the four sources
 *    docs/faults.md names, the PR design's hwctx creation all-or-nothing.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/check_util.h"
#include "reports/run_report.h"
#include "scenarios/run.h"
#include "scenarios/fail_nth.h"
#include "tests/faults/test_faults.h"

#define SRC XDNASIM_SRCDIR
#define SCHEMA SRC "/reports/run-report.schema.json"
#define MAX_FILES 64
#define MAX_MARKS 32

/* Sorted *.yaml names of @dir into @out (each malloc'd); returns how many. */
static u32 list_yaml(const char *dir, char **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	u32 n = 0;

	if (!d)
		return 0;	/* the tests then fail on the file count */
	while ((de = readdir(d)) && n < MAX_FILES) {
		size_t len = strlen(de->d_name);

		if (len > 5 && !strcmp(de->d_name + len - 5, ".yaml"))
			out[n++] = strdup(de->d_name);
	}
	closedir(d);
	for (u32 i = 1; i < n; i++)
		for (u32 j = i; j > 0 && strcmp(out[j - 1], out[j]) > 0; j--) {
			char *t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/*
 * The file's "# switch: NAME" header into @sw (may be NULL), and the lines
 * that are not comments and carry @marker, ascending.
 */
static u32 read_marks(const char *path, const char *marker, char *sw, size_t swlen, u32 *lines)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	u32 line = 0, n = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	if (sw)
		sw[0] = 0;
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		if (sw && !strncmp(buf, "# switch: ", 10)) {
			buf[10 + strcspn(buf + 10, " (\n")] = 0;
			if (strlen(buf + 10) < swlen)
				strcpy(sw, buf + 10);
		}
		if (buf[0] != '#' && strstr(buf, marker) && n < MAX_MARKS)
			lines[n++] = line;
	}
	fclose(f);
	return n;
}

/* The distinct lines of the failed expectations, ascending. */
static u32 failed_lines(const struct run_result *r, u32 *lines)
{
	u32 n = 0;

	for (u32 i = 0; i < r->nr_expects; i++) {
		u32 l = r->expects[i].loc.line, k;

		if (r->expects[i].pass)
			continue;
		for (k = 0; k < n && lines[k] != l; k++)
			;
		if (k == n && n < MAX_MARKS)
			lines[n++] = l;
	}
	for (u32 i = 1; i < n; i++)
		for (u32 j = i; j > 0 && lines[j - 1] > lines[j]; j--) {
			u32 t = lines[j];

			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	return n;
}

static void lines_text(const u32 *l, u32 n, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	for (u32 i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u", i ? " " : "", l[i]);
}

static struct scn *load(const char *path)
{
	struct scn_error err;
	struct scn *s = NULL;

	ck_assert_msg(scn_load_file(path, run_vocab(), &s, &err) == 0, "%s", err.text);
	return s;
}

static void expect_fails_at(const char *path, const struct run_result *r, const u32 *want,
			    u32 nwant)
{
	u32 got[MAX_MARKS], ngot = failed_lines(r, got);
	char a[160], b[160];

	lines_text(want, nwant, a, sizeof(a));
	lines_text(got, ngot, b, sizeof(b));
	/* a finding declares its bug: it fails as XFAIL */
	ck_assert_msg((r->status == (r->scn->known_bug ? RUN_XFAIL : RUN_FAIL)) && !strcmp(a, b),
		      "%s: status %s, failed at lines [%s], marked [%s]", path,
		      run_status_name(r->status), b, a);
}

START_TEST(test_regressions_both_directions)
{
	char *files[MAX_FILES], path[512], sw[64];
	u64 covered = 0, with_scenario = 0;
	u32 n = list_yaml(SRC "/scenarios/regressions", files);

	ck_assert_uint_ge(n, 13);
	for (u32 i = 0; i < n; i++) {
		struct run_opts on = { 0 };
		struct run_result r;
		u32 marks[MAX_MARKS], nm;
		struct scn *s;
		int b;

		snprintf(path, sizeof(path), "%s/scenarios/regressions/%s", SRC, files[i]);
		nm = read_marks(path, "# fails with the switch", sw, sizeof(sw), marks);
		b = sim_bug_by_name(sw);
		ck_assert_msg(b >= 0, "%s: no '# switch: NAME' header naming a switch", path);
		ck_assert_msg(nm > 0, "%s: no line marked to fail with the switch", path);
		covered |= SIM_BUG(b);
		s = load(path);
		ck_assert_msg(sim_bugs[b].revs & REV_BIT(s->rev),
			      "%s: its revision is not one %s applies to", path, sw);
		for (u32 rv = 0; rv < REV_NR; rv++) {
			struct run_opts off = { .has_rev = true, .rev = (enum drv_rev)rv };

			if (!(sim_bugs[b].revs & REV_BIT(rv)))
				continue;
			/* switch off: every expectation holds, no violation at all */
			ck_assert_int_eq(run_scenario(s, &off, &r), 0);
			ck_assert_msg(r.status == RUN_PASS && !r.violation.found,
				      "%s passes only with %s off on %s (status %s, violation %d)",
				      path, sw, drv_rev_name(rv), run_status_name(r.status),
				      r.violation.found ? r.violation.number : -1);
			ck_assert_uint_eq(r.bugs, 0);
			run_result_free(&r);
			/* switch on: it fails exactly where marked */
			on = off;
			on.bugs = SIM_BUG(b);
			ck_assert_int_eq(run_scenario(s, &on, &r), 0);
			ck_assert_uint_eq(r.bugs, SIM_BUG(b));
			expect_fails_at(path, &r, marks, nm);
			run_result_free(&r);
		}
		scn_free(s);
		free(files[i]);
	}
	/* each switch with a scenario in its table entry has at least that one */
	for (u32 b = 0; b < SIM_BUG_NR; b++) {
		if (!sim_bugs[b].scenario)
			continue;
		with_scenario |= SIM_BUG(b);
		snprintf(path, sizeof(path), "%s/%s", SRC, sim_bugs[b].scenario);
		read_marks(path, "#", sw, sizeof(sw), (u32[MAX_MARKS]){ 0 });
		ck_assert_str_eq(sw, sim_bugs[b].name);
	}
	ck_assert_uint_eq(covered, with_scenario);
	/* only K9 has no scenario (no PRIME step in the scenario language) */
	ck_assert_uint_eq(SIM_BUG_ALL & ~with_scenario, SIM_BUG(SIM_BUG_K9_DEV_BO_EXPORT));
}
END_TEST

START_TEST(test_findings_fail_where_marked)
{
	char *files[MAX_FILES], path[512];
	u32 n = list_yaml(SRC "/scenarios/findings", files);

	ck_assert_uint_ge(n, 4);
	for (u32 i = 0; i < n; i++) {
		struct run_result r;
		u32 marks[MAX_MARKS], nm;
		struct scn *s;

		snprintf(path, sizeof(path), "%s/scenarios/findings/%s", SRC, files[i]);
		nm = read_marks(path, "# fails: the finding", NULL, 0, marks);
		ck_assert_msg(nm > 0, "%s: no line marked as the finding", path);
		s = load(path);
		ck_assert_int_eq(run_scenario(s, NULL, &r), 0);
		expect_fails_at(path, &r, marks, nm);
		run_result_free(&r);
		scn_free(s);
		free(files[i]);
	}
}
END_TEST

/* The revisions named on the file's "# passes on: A B ..." line, as REV_BIT()s. */
static u32 passes_on(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	u32 mask = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(buf, sizeof(buf), f)) {
		if (strncmp(buf, "# passes on: ", 13))
			continue;
		for (char *t = strtok(buf + 13, " \n"); t; t = strtok(NULL, " \n")) {
			enum drv_rev r;

			ck_assert_msg(!drv_rev_parse(t, &r), "%s: unknown revision '%s'", path, t);
			mask |= REV_BIT(r);
		}
	}
	fclose(f);
	return mask;
}

/* Whether @s has an 'allow' entry for the violation of invariant @name. */
static bool allows_violation(const struct scn *s, const char *name)
{
	for (u32 i = 0; i < s->nr_allows; i++)
		if (s->allows[i].kind == SCN_ALLOW_VIOLATION && !strcmp(s->allows[i].name, name))
			return true;
	return false;
}

/*
 * Every scenarios/revisions/ file passes, with no violation but one its
 * 'allow' names, on exactly the revisions its "# passes on:" line names (its
 * own revision among them), and on every other revision fails, only at lines
 * marked "# fails before".  A file that passes on every revision (a
 * behaviour all revisions share) needs no marks.
 */
START_TEST(test_revision_scenarios)
{
	char *files[MAX_FILES], path[512];
	u32 n = list_yaml(SRC "/scenarios/revisions", files);

	ck_assert_uint_ge(n, 7);
	for (u32 i = 0; i < n; i++) {
		u32 marks[MAX_MARKS], nm, got[MAX_MARKS], ngot, pass;
		struct scn *s;

		snprintf(path, sizeof(path), "%s/scenarios/revisions/%s", SRC, files[i]);
		nm = read_marks(path, "# fails before", NULL, 0, marks);
		pass = passes_on(path);
		s = load(path);
		ck_assert_msg((nm > 0 || pass == REV_BIT(REV_NR) - 1) && (pass & REV_BIT(s->rev)),
			      "%s: needs '# fails before' marks and its revision in '# passes on:'",
			      path);
		for (u32 rv = 0; rv < REV_NR; rv++) {
			struct run_opts o = { .has_rev = true, .rev = (enum drv_rev)rv };
			struct run_result r;

			ck_assert_int_eq(run_scenario(s, &o, &r), 0);
			ngot = failed_lines(&r, got);
			if (pass & REV_BIT(rv)) {
				ck_assert_msg(r.status == RUN_PASS &&
						      (!r.violation.found ||
						       allows_violation(s, r.violation.name)),
					      "%s fails on %s (status %s, line %u)", path,
					      drv_rev_name(rv), run_status_name(r.status),
					      ngot ? got[0] : 0);
			} else {
				ck_assert_msg(r.status == RUN_FAIL && ngot > 0,
					      "%s passes on %s", path, drv_rev_name(rv));
				for (u32 k = 0; k < ngot; k++) {
					u32 m = 0;

					while (m < nm && marks[m] != got[k])
						m++;
					ck_assert_msg(m < nm, "%s on %s: line %u fails, not marked",
						      path, drv_rev_name(rv), got[k]);
				}
			}
			run_result_free(&r);
		}
		scn_free(s);
		free(files[i]);
	}
}
END_TEST

/* Run library scenario @name once and enumerate @sites (bits) on it. */
static struct scn *enumerate(const char *dir, const char *name, u64 sites, u64 max_n,
			     struct run_result *r)
{
	char path[512];
	struct scn *s;

	snprintf(path, sizeof(path), "%s/scenarios/%s/%s", SRC, dir, name);
	s = load(path);
	ck_assert_int_eq(run_scenario(s, NULL, r), 0);
	ck_assert_int_eq(run_fail_nth(s, NULL, sites, max_n, r), 0);
	ck_assert_ptr_nonnull(r->fail_nth);
	return s;
}

static u64 site_bit(const char *name)
{
	int s = sim_fault_site_by_name(name);

	ck_assert_int_ge(s, 0);
	return 1ULL << s;
}

/*
 * docs/driver/heap.md §4 worked example (HEAD): open, hwctx, 100 MiB (one expansion),
 * close.  pin_pages 1: the hwctx's chunk 0 pin fails: creation rolled
 * back (§10.3 "everything rolled back").  pin_pages 2: update_heap pins
 * chunk 1 for the hwctx and fails: the DEV BO is freed, the chunk the shim
 * added stays (§10.2), the hwctx is behind.  handle_create 2: chunk 1's
 * handle fails: committed with no handle and no mapping (§10.1, §14 item
 * 2).  smu.dpm 1: the firmware context leaks (docs/driver/proto.md Q6).
 */
START_TEST(test_worked_example_cells)
{
	struct run_result r;
	const struct sim_fnth_report *rep;
	const struct sim_fnth_row *w;
	struct scn *s = enumerate("library", "worked_example.yaml",
				  site_bit("pin") | site_bit("handle_create") | site_bit("smu.dpm"),
				  0, &r);

	rep = r.fail_nth;
	ck_assert_uint_eq(rep->sites, site_bit("pin") | site_bit("handle_create") |
			  site_bit("smu.dpm"));
	ck_assert_uint_eq(rep->skipped, 0);
	ck_assert_int_eq(rep->baseline_ret, 0);
	ck_assert_int_eq(rep->baseline_inv, -1);
	ck_assert_uint_eq(rep->calls[SIM_FAULT_PIN_PAGES], 2);
	ck_assert_uint_eq(rep->calls[SIM_FAULT_HANDLE_CREATE], 3);
	ck_assert_uint_eq(rep->calls[SIM_FAULT_SMU_DPM], 1);
	ck_assert_uint_eq(rep->nrows, 3 + 4 + 2);

	w = fnth_cell(rep, "pin_pages", 1);
	ck_assert_int_eq(w->op, SIM_OP_HWCTX_CREATE);
	ck_assert_str_eq(w->where, "line 20 hwctx_create [app]");
	ck_assert_int_eq(w->ret, -ENOMEM);
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	w = fnth_cell(rep, "pin_pages", 2);
	ck_assert_int_eq(w->op, SIM_OP_SHIM_ALLOC);
	ck_assert_str_eq(w->where, "line 21 alloc [app]");
	ck_assert_int_eq(w->ret, -ENOMEM);
	ck_assert_int_eq(w->outcome, SIM_FNTH_PARTIAL);
	ck_assert_int_eq((s32)w->delta.chunks, 1);
	ck_assert_int_eq((s32)w->delta.dev_bos, 0);
	ck_assert_int_eq((s32)w->delta.attached, 0);
	ck_assert_int_eq((s32)w->delta.pins, 0);
	ck_assert_uint_eq(w->findings, SIM_FIND_HWCTX_BEHIND);
	w = fnth_cell(rep, "pin_pages", 3);
	ck_assert_int_eq(w->outcome, SIM_FNTH_UNTOUCHED);

	w = fnth_cell(rep, "handle_create", 1);
	ck_assert_str_eq(w->where, "line 19 open [app]");
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	w = fnth_cell(rep, "handle_create", 2);
	ck_assert_int_eq(w->outcome, SIM_FNTH_PARTIAL);
	ck_assert_int_eq((s32)w->delta.chunks, 1);
	ck_assert_int_eq((s32)w->delta.lost_chunks, 1);
	ck_assert_int_eq((s32)w->delta.chunk_handles, 0);
	ck_assert_int_eq((s32)w->delta.vmas, 0);
	ck_assert(w->findings & SIM_FIND_LOST_CHUNK);

	/* head (pr1705) has PR #1670: the DPM failure unloads the context */
	w = fnth_cell(rep, "smu.dpm", 1);
	ck_assert_int_eq(r.rev, REV_HEAD);
	ck_assert_int_eq(w->op, SIM_OP_HWCTX_CREATE);
	ck_assert_int_eq(w->ret, -EINVAL);
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	ck_assert_uint_eq(w->left.fw_leaked, 0);
	ck_assert(!(w->findings & SIM_FIND_FW_CTX_LEAK));
	ck_assert(!run_fail_nth_found(&r));
	/* a second enumeration onto the same result is refused */
	ck_assert_int_eq(run_fail_nth(s, NULL, 0, 0, &r), -EINVAL);
	run_result_free(&r);
	scn_free(s);
}
END_TEST

/*
 * PR design (docs/driver/heap.md §8.1): a failed hwctx creation leaves nothing, and
 * the chunk a DEV BO's expansion creates is broadcast: its failure is only
 * logged (absorbed) and leaves the hwctx behind.
 */
START_TEST(test_pr1233_cells)
{
	struct run_result r;
	const struct sim_fnth_report *rep;
	const struct sim_fnth_row *w;
	struct scn *s = enumerate("library", "worked_example_pr1233.yaml", 0, 0, &r);

	rep = r.fail_nth;
	ck_assert_uint_eq(rep->counts[SIM_FNTH_WRONG_ERRNO], 0);
	ck_assert_uint_eq(rep->counts[SIM_FNTH_INVARIANT], 0);
	for (size_t i = 0; i < rep->nrows; i++) {
		w = &rep->rows[i];
		if (w->outcome == SIM_FNTH_UNTOUCHED || w->op != SIM_OP_HWCTX_CREATE)
			continue;
		ck_assert_msg(w->outcome == SIM_FNTH_CLEAN || w->outcome == SIM_FNTH_LEAK,
			      "%s %llu: %s", sim_fault_site_name(w->site),
			      (unsigned long long)w->n, sim_fnth_outcome_name(w->outcome));
		ck_assert_int_eq((s32)w->delta.attached, 0);
		ck_assert_int_eq((s32)w->delta.pins, 0);
		ck_assert_int_eq((s32)w->delta.hwctxs, 0);
	}
	w = fnth_cell(rep, "fw.ADD_HOST_BUFFER", 1);
	ck_assert_int_eq(w->op, SIM_OP_SHIM_ALLOC);
	ck_assert_int_eq(w->ret, 0);
	ck_assert_int_eq(w->outcome, SIM_FNTH_ABSORBED);
	ck_assert(w->findings & SIM_FIND_HWCTX_BEHIND);
	w = fnth_cell(rep, "fw.MAP_HOST_BUFFER", 1);
	ck_assert_int_eq(w->ret, -EINVAL);
	ck_assert_int_eq(w->outcome, SIM_FNTH_CLEAN);
	run_result_free(&r);
	scn_free(s);
}
END_TEST

/* A site the scenario programs itself is skipped (the enumeration would replace its rule). */
START_TEST(test_scenario_sites_skipped)
{
	struct run_result r;
	const struct sim_fnth_report *rep;
	struct scn *s = enumerate("findings", "lost_chunk_invalid_addr_to_fw.yaml",
				  site_bit("handle_create") | site_bit("pin"), 0, &r);

	rep = r.fail_nth;
	ck_assert_uint_eq(rep->skipped, site_bit("handle_create"));
	ck_assert_uint_eq(rep->sites, site_bit("pin"));
	/* the baseline already sends ~0 (the finding): its violation is reported */
	ck_assert_int_eq(rep->baseline_inv, 10);
	for (size_t i = 0; i < rep->nrows; i++)
		ck_assert_uint_eq(rep->rows[i].site, SIM_FAULT_PIN_PAGES);
	run_result_free(&r);
	scn_free(s);
}
END_TEST

static void report_text(const struct run_result *r, char **buf)
{
	const struct run_result *rp[] = { r };
	size_t len = 0;
	FILE *f;

	*buf = NULL;
	f = open_memstream(buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(rpt_run_report_write(f, rp, 1), 0);
	fclose(f);
}

static void validate(const char *json, int want)
{
	char path[] = "/tmp/xdnasim-fnth-XXXXXX", why[512] = "";
	int fd = mkstemp(path);
	size_t len = strlen(json);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, json, len), (ssize_t)len);
	close(fd);
	ck_assert_msg(rpt_schema_validate_file(SCHEMA, path, why, sizeof(why)) == want, "%s", why);
	unlink(path);
}

/* Every site and every switch name in a report that validates; a bad outcome does not. */
START_TEST(test_report_schema)
{
	struct run_opts o = { .bugs = SIM_BUG_ALL };
	struct run_result r;
	char path[512], *json, *p;
	struct scn *s;

	snprintf(path, sizeof(path), "%s/scenarios/library/worked_example.yaml", SRC);
	s = load(path);
	ck_assert_int_eq(run_scenario(s, &o, &r), 0);
	ck_assert_int_eq(run_fail_nth(s, &o, 0, 1, &r), 0);
	ck_assert_uint_eq(r.fail_nth->sites, (1ULL << SIM_FAULT_NR) - 1);
	ck_assert(r.fail_nth->truncated);
	report_text(&r, &json);
	validate(json, 0);
	for (u32 b = 0; b < SIM_BUG_NR; b++)
		ck_assert_ptr_nonnull(strstr(json, sim_bugs[b].name));
	ck_assert_ptr_nonnull(strstr(json, "\"fail_nth\": {"));
	ck_assert_ptr_nonnull(strstr(json, "\"site\": \"fw.SET_RUNTIME_CONFIG\""));
	ck_assert_ptr_nonnull(strstr(json, "\"max_n\": 1"));
	p = strstr(json, "\"outcome\": \"clean\"");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 12, "clear", 5);
	validate(json, -EUCLEAN);
	free(json);
	run_result_free(&r);
	scn_free(s);
}
END_TEST

/* The sites docs/faults.md names as the sources of forgotten firmware contexts. */
static bool fw_ctx_leak_site(u32 site)
{
	return site == SIM_FAULT_MBOX_TIMEOUT || site == SIM_FAULT_MBOX_FULL ||
	       site == SIM_FAULT_FW_DESTROY_CONTEXT || site == SIM_FAULT_SMU_DPM;
}

/* A scenario with this many fault rules of its own is a fault matrix. */
#define FAULT_MATRIX_RULES 2

/* "library/NAME" and "regressions/NAME": the scenarios enumerated. */
static char *library[2 * MAX_FILES];
static u32 nlibrary;

#ifdef __SANITIZE_ADDRESS__
/* The slowest (about 55 s together under ASan): run in the plain build only. */
static bool heavy(const char *name)
{
	return !strcmp(name, "library/instr_storm.yaml") ||
	       !strcmp(name, "library/llm_cross_chunk_weights.yaml") ||
	       !strcmp(name, "library/multi_client.yaml") ||
	       !strcmp(name, "library/llm_model_load.yaml");
}
#endif

/* Under Valgrind only these run (the rest is covered by the plain and ASan builds). */
static bool small(const char *name)
{
	return !strcmp(name, "library/worked_example.yaml") ||
	       !strcmp(name, "library/tdr_suspend_resume.yaml") ||
	       !strcmp(name, "library/worked_example_pr1233.yaml");
}

START_TEST(test_library_enumeration)
{
	const char *name = library[_i] ? library[_i] : "library/(none)";
	const struct sim_fnth_report *rep;
	char dir[16];
	struct run_result r;
	struct scn *s;
	u64 seen = 0, own = 0;

	if (getenv("XDNASIM_UNDER_VALGRIND") && !small(name))
		return;
#ifdef __SANITIZE_ADDRESS__
	if (heavy(name))
		return;
#endif
	/*
	 * instr_storm: 4500 allocations per run; llm_cross_chunk_weights: 300
	 * jobs pinning 300 BOs each: the first calls of each site only
	 */
	snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(name, "/"), name);
	s = enumerate(dir, name + strlen(dir) + 1, 0,
		      strcmp(name, "library/instr_storm.yaml") &&
		      strcmp(name, "library/llm_cross_chunk_weights.yaml") ? 0 : 2, &r);
	rep = r.fail_nth;
	ck_assert_int_eq(rep->baseline_ret, 0);
	ck_assert_msg(rep->baseline_inv == -1, "%s: baseline breaks invariant sim.%d", name,
		      rep->baseline_inv);
	for (u32 i = 0; i < s->nr_faults; i++)
		own |= site_bit(s->faults[i].site);
	/*
	 * A fault matrix (fw_status_*, host_faults_*: two rules or more) fails sites itself:
	 * a second failure on top of one of its own tests the pair, whose
	 * errno the site table cannot predict.  Its baseline is checked above.
	 */
	if (s->nr_faults >= FAULT_MATRIX_RULES) {
		run_result_free(&r);
		scn_free(s);
		return;
	}
	ck_assert_uint_eq(rep->skipped, own);
	for (size_t i = 0; i < rep->nrows; i++) {
		const struct sim_fnth_row *w = &rep->rows[i];
		const char *site = sim_fault_site_name(w->site);

		if (w->outcome == SIM_FNTH_UNTOUCHED) {
			ck_assert_uint_eq(w->n, rep->calls[w->site] + 1);
			seen |= 1ULL << w->site;
			continue;
		}
		ck_assert_msg(w->outcome != SIM_FNTH_WRONG_ERRNO, "%s: %s %llu: %s", name, site,
			      (unsigned long long)w->n, w->what);
		/*
		 * §14 item 1 (~0 to firmware); PR: §14 item 12 (a job past a behind
		 * hwctx); a failed restart keeping a partly registered context
		 */
		if (w->outcome == SIM_FNTH_INVARIANT)
			ck_assert_msg((w->inv == 10 && (w->findings & SIM_FIND_INVALID_ADDR)) ||
				      (w->inv == 6 && (w->findings & SIM_FIND_PARTIAL_CTX)) ||
				      (w->inv == 18 && r.rev == REV_PR1233 &&
				       (w->findings & SIM_FIND_HWCTX_BEHIND)),
				      "%s: %s %llu: %s", name, site, (unsigned long long)w->n,
				      w->what);
		if (w->outcome == SIM_FNTH_LEAK)
			ck_assert_msg(fw_ctx_leak_site(w->site) &&
				      (w->findings & SIM_FIND_FW_CTX_LEAK) &&
				      (!w->ret || ((s32)w->delta.dev_bos <= 0 &&
						   (s32)w->delta.other_handles <= 0 &&
						   (s32)w->delta.hwctxs <= 0 &&
						   (s32)w->delta.clients <= 0)) &&
				      !w->left.clients && !w->left.iommu,
				      "%s: %s %llu: %s", name, site, (unsigned long long)w->n,
				      w->what);
		if (r.rev == REV_PR1233 && w->op == SIM_OP_HWCTX_CREATE)
			ck_assert_msg(w->outcome != SIM_FNTH_PARTIAL && !w->delta.attached &&
				      !w->delta.pins, "%s: %s %llu: %s", name, site,
				      (unsigned long long)w->n, w->what);
	}
	if (!rep->truncated)
		ck_assert_uint_eq(seen, ((1ULL << SIM_FAULT_NR) - 1) & ~own);
	run_result_free(&r);
	scn_free(s);
}
END_TEST

static void library_free(void)
{
	for (u32 i = 0; i < nlibrary; i++)
		free(library[i]);
}

Suite *scenarios_suite(void)
{
	Suite *s = suite_create("fault scenarios");
	TCase *tc = tcase_create("runner");
	TCase *lib = tcase_create("library");
	u32 nlib;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_regressions_both_directions);
	tcase_add_test(tc, test_findings_fail_where_marked);
	tcase_add_test(tc, test_revision_scenarios);
	tcase_add_test(tc, test_worked_example_cells);
	tcase_add_test(tc, test_pr1233_cells);
	tcase_add_test(tc, test_scenario_sites_skipped);
	tcase_add_test(tc, test_report_schema);
	suite_add_tcase(s, tc);
	nlib = list_yaml(SRC "/scenarios/library", library);
	nlibrary = nlib + list_yaml(SRC "/scenarios/regressions", library + nlib);
	for (u32 i = 0; i < nlibrary; i++) {
		const char *d = i < nlib ? "library" : "regressions";
		char *p = malloc(strlen(d) + strlen(library[i]) + 2);

		if (p)
			sprintf(p, "%s/%s", d, library[i]);
		free(library[i]);
		library[i] = p;
	}
	if (!nlibrary)
		nlibrary = 1;	/* one iteration that fails on the missing file */
	atexit(library_free);
	tcase_set_timeout(lib, 300);
	tcase_add_loop_test(lib, test_library_enumeration, 0, (int)nlibrary);
	suite_add_tcase(s, lib);
	return s;
}
