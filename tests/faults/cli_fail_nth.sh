#!/bin/bash
# xdnasim fail-nth (built-in workloads) and xdnasim run --fail-nth / --bug
# (scenario files): tables, JSON, exit codes, usage errors; every
# regression and findings scenario loads with scenario-check.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
WE="$SRCDIR/scenarios/library/worked_example.yaml"

# --- xdnasim fail-nth over a built-in workload
out=$("$XDNASIM" fail-nth --site pin_pages --design pr1233 --workload two-hwctx) ||
	fail "pin_pages over pr1233 should be clean (exit $?)"
grep -q '^pin_pages *1 hwctx_create *ENOMEM *ENOMEM *clean' <<<"$out" || fail "row pin_pages 1: $out"
grep -q 'untouched' <<<"$out" || fail "no untouched row"
# 856409ca leaks the context on a DPM failure; PR #1670 (in head) unloads it
"$XDNASIM" fail-nth --site smu.dpm --revision 856409ca --json "$BINDIR/fnth.json" >/dev/null &&
	fail "smu.dpm leak not reported"
"$XDNASIM" fail-nth --site smu.dpm --revision pr1670 >/dev/null || fail "smu.dpm on pr1670 is clean"
grep -q '"site":"smu.dpm","n":1,"outcome":"leak"' "$BINDIR/fnth.json" || fail "json"
"$XDNASIM" fail-nth --site nosuch 2>/dev/null; [ $? -eq 2 ] || fail "unknown site exit"
"$XDNASIM" fail-nth --max-n 0 2>/dev/null; [ $? -eq 2 ] || fail "bad --max-n exit"
"$XDNASIM" fail-nth --help | grep -q 'usage: xdnasim fail-nth' || fail "help"

# --- xdnasim run --fail-nth over a scenario: the step each fault fired in
out=$("$XDNASIM" run --fail-nth pin --json "$BINDIR/run-fnth.json" "$WE") ||
	fail "pin over the worked example should find nothing (exit $?)"
grep -q '^pin_pages *2 shim_alloc *line 17 alloc \[app\] *ENOMEM *ENOMEM *partial' <<<"$out" ||
	fail "row pin_pages 2: $out"
grep -q '^worked_example  *3  *1  *1  *0  *0  *0  *0  *1  *hwctx-behind$' <<<"$out" ||
	fail "final fail-nth table: $out"
grep -q '"fail_nth": {' "$BINDIR/run-fnth.json" || fail "no fail_nth in the run report"
grep -q '"where": "line 16 hwctx_create \[app\]"' "$BINDIR/run-fnth.json" || fail "where in json"
"$XDNASIM" run --quiet --revision 856409ca --fail-nth smu.dpm,pin "$WE" >/dev/null; [ $? -eq 1 ] ||
	fail "the smu.dpm leak must exit 1"
"$XDNASIM" run --fail-nth nosuch "$WE" 2>/dev/null; [ $? -eq 2 ] || fail "unknown site exit"
"$XDNASIM" run --fail-nth all --max-n 0 "$WE" 2>/dev/null; [ $? -eq 2 ] || fail "bad --max-n exit"
"$XDNASIM" run --help | grep -q -- '--fail-nth SITE|all' || fail "run help"

# --- bug switches: regressions pass off, fail on
"$XDNASIM" run --quiet "$SRCDIR"/scenarios/regressions/*.yaml >/dev/null ||
	fail "a regression scenario fails with every switch off"
"$XDNASIM" run --quiet --bug u2-unbounded-shim-sync \
	"$SRCDIR/scenarios/regressions/u2_unbounded_shim_sync.yaml" >/dev/null; [ $? -eq 1 ] ||
	fail "u2 regression passes with its switch on"
"$XDNASIM" run --bug nosuch "$WE" 2>/dev/null; [ $? -eq 2 ] || fail "unknown switch exit"

"$XDNASIM" scenario-check --quiet "$SRCDIR"/scenarios/regressions/*.yaml "$SRCDIR"/scenarios/findings/*.yaml ||
	fail "regression scenarios do not load"
echo ok
