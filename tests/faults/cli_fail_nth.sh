#!/bin/bash
# xdnasim fail-nth (built-in workloads) and xdnasim run --fail-nth / --bug
# (scenario files): tables, JSON, exit codes, usage errors; every
# regression and findings scenario loads with scenario-check.
. "${SRCDIR:?}/tests/cli_lib.sh"
WE="$SRCDIR/scenarios/library/worked_example.yaml"

# --- xdnasim fail-nth over a built-in workload
expect_rc "pin_pages over pr1233 is clean" 0 "$X" fail-nth --site pin_pages --revision pr1233 --workload two-hwctx
expect_grep "row pin_pages 1" "$T/out" '^pin_pages *1 hwctx_create *ENOMEM *ENOMEM *clean'
expect_grep "untouched row" "$T/out" 'untouched'
expect_rc "--design is a deprecated alias" 0 "$X" fail-nth --site pin_pages --design pr1233 --workload two-hwctx
# 856409ca leaks the context on a DPM failure; PR #1670 (in head) unloads it
expect_rc "smu.dpm leak reported on 856409ca" 1 "$X" fail-nth --site smu.dpm --revision 856409ca --json "$T/fnth.json"
expect_rc "smu.dpm on pr1670 is clean" 0 "$X" fail-nth --site smu.dpm --revision pr1670
expect_grep "json schema" "$T/fnth.json" '^  "schema": "xdnasim-fail-nth/1"$'
# the run report's fail_nth object, one row per run, keys sorted
tr -d ' \n' <"$T/fnth.json" >"$T/fnth.flat"
expect_grep "json row smu.dpm 1" "$T/fnth.flat" '"n":1,"op":"hwctx_create","outcome":"leak","result":"EINVAL","site":"smu.dpm"'
expect_grep "json untouched row" "$T/fnth.flat" '"left":null,"n":2,"op":null,"outcome":"untouched"'
expect_grep "json selected sites" "$T/fnth.flat" '"sites":\["smu.dpm"\]'
expect_rc "unknown site" 2 "$X" fail-nth --site nosuch
expect_rc "unknown revision" 2 "$X" fail-nth --revision nosuch
expect_rc "bad --max-n" 2 "$X" fail-nth --max-n 0
expect_rc help 0 "$X" fail-nth --help
expect_grep help "$T/out" 'usage: xdnasim fail-nth'

# --- xdnasim run --fail-nth over a scenario: the step each fault fired in
expect_rc "pin over the worked example finds nothing" 0 "$X" run --fail-nth pin --json "$T/run-fnth.json" "$WE"
expect_grep "row pin_pages 2" "$T/out" '^pin_pages *2 shim_alloc *line 21 alloc \[app\] *ENOMEM *ENOMEM *partial'
expect_grep "final fail-nth table" "$T/out" '^worked_example  *3  *1  *1  *0  *0  *0  *0  *1  *hwctx-behind$'
expect_grep "fail_nth in the run report" "$T/run-fnth.json" '"fail_nth": \{'
expect_grep "where in json" "$T/run-fnth.json" '"where": "line 20 hwctx_create \[app\]"'
expect_rc "the smu.dpm leak exits 1 on 856409ca" 1 "$X" run --quiet --revision 856409ca --fail-nth smu.dpm,pin "$WE"
expect_rc "unknown site (run)" 2 "$X" run --fail-nth nosuch "$WE"
expect_rc "bad --max-n (run)" 2 "$X" run --fail-nth all --max-n 0 "$WE"
expect_rc "run help" 0 "$X" run --help
expect_grep "run help" "$T/out" '--fail-nth SITE\|all'

# --- bug switches: regressions pass off, fail on
expect_rc "regressions pass with every switch off" 0 "$X" run --quiet "$SRCDIR"/scenarios/regressions/*.yaml
expect_rc "u2 regression fails with its switch on" 1 "$X" run --quiet --bug u2-unbounded-shim-sync \
	"$SRCDIR/scenarios/regressions/u2_unbounded_shim_sync.yaml"
expect_rc "unknown switch" 2 "$X" run --bug nosuch "$WE"

expect_rc "regression and findings scenarios load" 0 "$X" scenario-check --quiet \
	"$SRCDIR"/scenarios/regressions/*.yaml "$SRCDIR"/scenarios/findings/*.yaml
finish
