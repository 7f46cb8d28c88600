// SPDX-License-Identifier: MIT
/* test_run_main.c - the scenario runner test program and its helpers. */
#include "tests/run/test_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/run_report.h"

void tr_run(struct tr *t, const char *yaml, const struct run_opts *opts)
{
	struct scn_error err;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = scn_load_buffer(yaml, strlen(yaml), "t.yaml", run_vocab(), &t->s, &err);
	ck_assert_msg(ret == 0, "scenario does not load: %s", err.text);
	t->ret = run_scenario(t->s, opts, &t->r);
}

void tr_done(struct tr *t)
{
	run_result_free(&t->r);
	scn_free(t->s);
}

const struct run_expect_result *tr_expect(const struct tr *t, const char *prefix)
{
	for (u32 i = 0; i < t->r.nr_expects; i++)
		if (!strncmp(t->r.expects[i].text, prefix, strlen(prefix)))
			return &t->r.expects[i];
	ck_abort_msg("no expectation starting with '%s'", prefix);
	return NULL;
}

char *tr_report(const struct tr *t)
{
	const struct run_result *rp = &t->r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(rpt_run_report_write(f, &rp, 1), 0);
	fclose(f);
	return buf;
}

int main(void)
{
	Suite *s[] = { run_core_suite(), run_report_suite(), run_verdict_suite(), run_scale_suite(),
		       run_pics_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
