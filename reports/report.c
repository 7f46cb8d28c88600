// SPDX-License-Identifier: MIT
/*
 * report.c - the JSON coverage report (reports/coverage-report.md):
 * scenarios, metrics summary, the ledger, and code coverage per file.
 * jansson with sorted keys and fixed real precision: the same inputs
 * give the same bytes.
 */
#include "reports/report.h"
#include "reports/rpt_priv.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/rpt_priv.h"

/*
 * A count as a JSON integer: counts are sums of run-report integers, so they
 * saturate (u64_add_sat) and are written at most 2^63-1, the largest
 * integer JSON readers such as jansson hold (coverage-report.md).
 */
static json_int_t jcount(u64 v)
{
	return v > (u64)INT64_MAX ? INT64_MAX : (json_int_t)v;
}

/* A counter pair as {"found", "hit", "percent"}; percent 100 when nothing was found. */
static json_t *ratio(u64 found, u64 hit)
{
	double pct = found ? 100.0 * (double)hit / (double)found : 100.0;

	return json_pack("{s:I, s:I, s:f}", "found", jcount(found), "hit", jcount(hit),
			 "percent", (double)(long long)(pct * 100.0 + 0.5) / 100.0);
}

static json_t *summary_json(const struct lcov_summary *s)
{
	return json_pack("{s:o, s:o, s:o}", "lines", ratio(s->lines_found, s->lines_hit),
			 "functions", ratio(s->fns_found, s->fns_hit), "branches",
			 ratio(s->brs_found, s->brs_hit));
}

const char *rpt__rel_path(const struct rpt_input *in, const char *path)
{
	size_t n = strlen(in->root);

	if (n && !strncmp(path, in->root, n) && path[n] == '/')
		return path + n + 1;
	if (n && !strncmp(path, in->root, n) && in->root[n - 1] == '/')
		return path + n;
	return path;
}

/* "12-14" ranges of DA lines with count 0. */
static json_t *uncovered_lines(const struct lcov_file *f)
{
	json_t *a = json_array();
	char buf[32];

	for (size_t i = 0; a && i < f->ndas;) {
		size_t j = i;

		if (f->das[i].count) {
			i++;
			continue;
		}
		while (j + 1 < f->ndas && !f->das[j + 1].count)
			j++;
		if (j == i)
			snprintf(buf, sizeof(buf), "%u", f->das[i].line);
		else
			snprintf(buf, sizeof(buf), "%u-%u", f->das[i].line, f->das[j].line);
		json_array_append_new(a, json_string(buf));
		i = j + 1;
	}
	return a;
}

static json_t *uncovered_fns(const struct lcov_file *f)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < f->nfns; i++)
		if (!f->fns[i].count)
			json_array_append_new(a, rpt__jstr(f->fns[i].name));
	return a;
}

/* Lines holding a branch that was never taken, as "line" strings. */
static json_t *untaken_branch_lines(const struct lcov_file *f)
{
	json_t *a = json_array();
	u32 last = 0;
	char buf[16];

	for (size_t i = 0; a && i < f->nbrs; i++) {
		if (f->brs[i].taken > 0 || f->brs[i].line == last)
			continue;
		last = f->brs[i].line;
		snprintf(buf, sizeof(buf), "%u", last);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

/* The module of @rel: its first directory ("." for a file at the top). */
static void module_of(const char *rel, char *mod, size_t len)
{
	const char *slash = strchr(rel, '/');

	snprintf(mod, len, "%.*s", slash && rel[0] != '/' ? (int)(slash - rel) : 0, rel);
	if (!mod[0])
		snprintf(mod, len, ".");
}

int rpt__modules(const struct rpt_input *in, struct rpt_module **out, struct lcov_summary *tot)
{
	struct rpt_module *mods = calloc(in->lcov.n + 1, sizeof(*mods));
	size_t nmod = 0;

	memset(tot, 0, sizeof(*tot));
	if (!mods)
		return -ENOMEM;
	for (size_t i = 0; i < in->lcov.n; i++) {
		struct lcov_summary s;
		char mod[64];
		size_t m;

		lcov_file_summary(&in->lcov.files[i], &s);
		lcov_summary_add(tot, &s);
		module_of(rpt__rel_path(in, in->lcov.files[i].path), mod, sizeof(mod));
		for (m = 0; m < nmod && strcmp(mods[m].name, mod); m++)
			;
		if (m == nmod)
			memcpy(mods[nmod++].name, mod, sizeof(mod));
		lcov_summary_add(&mods[m].s, &s);
	}
	*out = mods;
	return (int)nmod;
}

static json_t *code_coverage(const struct rpt_input *in)
{
	struct lcov_summary tot, s;
	json_t *files = json_array(), *modules = json_object();
	struct rpt_module *mods = NULL;
	int nmod = rpt__modules(in, &mods, &tot);

	if (!files || !modules || nmod < 0)
		goto err;
	for (size_t i = 0; i < in->lcov.n; i++) {
		const struct lcov_file *f = &in->lcov.files[i];
		const char *rel = rpt__rel_path(in, f->path);
		char mod[64];
		json_t *o;

		lcov_file_summary(f, &s);
		module_of(rel, mod, sizeof(mod));
		o = summary_json(&s);
		json_object_set_new(o, "path", rpt__jstr(rel));
		json_object_set_new(o, "module", rpt__jstr(mod));
		json_object_set_new(o, "uncovered_lines", uncovered_lines(f));
		json_object_set_new(o, "uncovered_functions", uncovered_fns(f));
		json_object_set_new(o, "untaken_branch_lines", untaken_branch_lines(f));
		json_array_append_new(files, o);
	}
	for (int m = 0; m < nmod; m++) {
		json_t *key = rpt__jstr(mods[m].name);

		json_object_set_new(modules, key ? json_string_value(key) : "?",
				    summary_json(&mods[m].s));
		json_decref(key);
	}
	free(mods);
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "source", "lcov", "tracefile",
			 rpt__jstr(in->lcov_path), "totals", summary_json(&tot), "modules", modules,
			 "files", files);
err:
	json_decref(files);
	json_decref(modules);
	free(mods);
	return NULL;
}

static json_t *scenario_json(const struct rpt_run *r, u64 keys_hit)
{
	char seed[24];

	/* A u64 seed as a decimal string: it must round-trip (coverage-report.md). */
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)r->seed);
	return json_pack("{s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:{s:I, s:I}, s:b, s:I}",
			 "name", rpt__jstr(r->name), "file", rpt__jstr(r->file), "run_report",
			 rpt__jstr(r->path), "seed", seed, "design", r->rev, "mode", r->mode,
			 "device", r->device, "passed", r->passed, "expectations",
			 "passed", (json_int_t)r->exp_passed, "failed", (json_int_t)r->exp_failed,
			 "has_ledger", r->has_ledger, "ledger_keys_hit", (json_int_t)keys_hit);
}

static json_t *run_metrics(const struct rpt_run *r)
{
	json_t *fe = json_object();

	for (size_t i = 0; fe && i < r->nerrnos; i++)
		json_object_set_new(fe, r->errnos[i].name, json_integer(jcount(r->errnos[i].n)));
	return json_pack("{s:I, s:o, s:I, s:I, s:I, s:I, s:I}",
			 "expansions", jcount(r->expansions), "failures_by_errno", fe,
			 "fragmentation_induced_expansions", jcount(r->frag_expansions),
			 "premature_oom", jcount(r->premature_oom),
			 "peak_committed", jcount(r->peak_committed),
			 "peak_live", jcount(r->peak_live),
			 "alignment_waste", jcount(r->align_waste));
}

static json_t *metrics_json(const struct rpt_input *in)
{
	json_t *per = json_object(), *fe = json_object();
	u64 exp = 0, frag = 0, oom = 0, pc = 0, pl = 0, aw = 0;

	for (size_t i = 0; per && fe && i < in->nruns; i++) {
		const struct rpt_run *r = &in->runs[i];
		char key[300];

		exp = u64_add_sat(exp, r->expansions);
		frag = u64_add_sat(frag, r->frag_expansions);
		oom = u64_add_sat(oom, r->premature_oom);
		pc = r->peak_committed > pc ? r->peak_committed : pc;
		pl = r->peak_live > pl ? r->peak_live : pl;
		aw = r->align_waste > aw ? r->align_waste : aw;
		for (size_t k = 0; k < r->nerrnos; k++) {
			json_t *v = json_object_get(fe, r->errnos[k].name);
			u64 n = u64_add_sat(v ? (u64)json_integer_value(v) : 0, r->errnos[k].n);

			json_object_set_new(fe, r->errnos[k].name, json_integer(jcount(n)));
		}
		snprintf(key, sizeof(key), "%s@%s/%s/%s#%llu", r->name, r->rev, r->mode,
			 r->device, (unsigned long long)r->seed);
		json_object_set_new(per, key, run_metrics(r));
	}
	return json_pack("{s:{s:I, s:o, s:I, s:I, s:I, s:I, s:I}, s:o}", "totals",
			 "expansions", jcount(exp), "failures_by_errno", fe,
			 "fragmentation_induced_expansions", jcount(frag),
			 "premature_oom", jcount(oom), "peak_committed", jcount(pc),
			 "peak_live", jcount(pl), "alignment_waste", jcount(aw),
			 "per_scenario", per);
}

/* Status of ledger key @k: "hit", "never_hit", "unreachable" or "unreachable_hit". */
static const char *key_status(const struct sim_lkey *k, u64 total)
{
	if (k->unreachable)
		return total ? "unreachable_hit" : "unreachable";
	return total ? "hit" : "never_hit";
}

static json_t *ledger_json(const struct rpt_input *in)
{
	const struct sim_ledger *l = &in->ledger;
	json_t *entries = json_array(), *byc = json_object();
	u64 cnt[SIM_LK_NR][4] = { { 0 } };
	u64 tot[4] = { 0 };
	static const char *const st[] = { "hit", "never_hit", "unreachable", "unreachable_hit" };

	for (size_t k = 0; entries && k < l->n; k++) {
		const struct sim_lkey *key = &l->keys[k];
		json_t *sc = json_object(), *e;
		u64 total = 0;
		const char *status;
		int si;

		for (size_t i = 0; sc && i < in->nruns; i++) {
			const struct rpt_run *r = &in->runs[i];
			char name[300];

			if (!r->hits[k])
				continue;
			total = u64_add_sat(total, r->hits[k]);
			snprintf(name, sizeof(name), "%s@%s/%s/%s#%llu", r->name, r->rev, r->mode,
				 r->device, (unsigned long long)r->seed);
			json_object_set_new(sc, name, json_integer(jcount(r->hits[k])));
		}
		status = key_status(key, total);
		for (si = 0; strcmp(st[si], status); si++)
			;
		cnt[key->cls][si]++;
		tot[si]++;
		e = json_pack("{s:s, s:s, s:I, s:s, s:o}", "key", key->name, "class",
			      sim_lkey_class_name(key->cls), "hits", jcount(total), "status", status,
			      "scenarios", sc);
		if (key->unreachable)
			json_object_set_new(e, "reason", json_string(key->unreachable));
		json_array_append_new(entries, e);
	}
	for (unsigned int c = 0; byc && c < SIM_LK_NR; c++)
		json_object_set_new(byc, sim_lkey_class_name(c),
				    json_pack("{s:I, s:I, s:I, s:I, s:I}", "keys",
					      (json_int_t)(cnt[c][0] + cnt[c][1] + cnt[c][2] + cnt[c][3]),
					      "hit", (json_int_t)cnt[c][0], "never_hit",
					      (json_int_t)cnt[c][1], "unreachable",
					      (json_int_t)cnt[c][2], "unreachable_hit",
					      (json_int_t)cnt[c][3]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "keys", (json_int_t)l->n,
			 "hit", (json_int_t)tot[0], "never_hit", (json_int_t)tot[1],
			 "unreachable", (json_int_t)tot[2], "unreachable_hit", (json_int_t)tot[3],
			 "by_class", byc, "entries", entries);
}

static json_t *report_json(const struct rpt_input *in)
{
	json_t *scen = json_array(), *runs = json_array(), *doc;
	u32 passed = 0;

	for (size_t i = 0; scen && runs && i < in->nruns; i++) {
		const struct rpt_run *r = &in->runs[i];
		u64 keys_hit = 0;

		for (size_t k = 0; k < in->ledger.n; k++)
			keys_hit += r->hits[k] != 0;
		passed += r->passed;
		json_array_append_new(scen, scenario_json(r, keys_hit));
		json_array_append_new(runs, rpt__jstr(r->path));
	}
	doc = json_pack("{s:s, s:s, s:{s:o, s:o}, s:o, s:{s:I, s:I, s:I}, s:o, s:o}",
			"type", RPT_REPORT_TYPE, "version", RPT_REPORT_VERSION,
			"inputs", "runs", runs, "lcov",
			in->has_lcov ? rpt__jstr(in->lcov_path) : json_null(),
			"scenarios", scen,
			"summary", "scenarios", (json_int_t)in->nruns, "passed", (json_int_t)passed,
			"failed", (json_int_t)(in->nruns - passed),
			"metrics", metrics_json(in), "ledger", ledger_json(in));
	if (doc)
		json_object_set_new(doc, "code_coverage",
				    in->has_lcov ? code_coverage(in) : json_null());
	return doc;
}

int rpt_report_dump(const struct rpt_input *in, FILE *f)
{
	json_t *doc = report_json(in);
	int ret;

	if (!doc)
		return -ENOMEM;
	ret = json_dumpf(doc, f, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
	json_decref(doc);
	/* A failed write shows in ferror(@f), for xout_commit() to report. */
	return ret && !ferror(f) ? -ENOMEM : 0;
}

int rpt_report_write(const struct rpt_input *in, const char *path)
{
	return rpt__write_file(path, rpt_report_dump, in);
}
