#!/bin/bash
# xdnasim fail-nth: table, JSON, exit codes, usage errors; every regression
# scenario loads with scenario-check.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
out=$("$XDNASIM" fail-nth --site pin_pages --design pr1233 --workload two-hwctx) ||
	fail "pin_pages over pr1233 should be clean (exit $?)"
grep -q '^pin_pages *1 hwctx_create *ENOMEM *ENOMEM *clean' <<<"$out" || fail "row pin_pages 1: $out"
grep -q 'untouched' <<<"$out" || fail "no untouched row"
"$XDNASIM" fail-nth --site smu.dpm --json "$BINDIR/fnth.json" >/dev/null && fail "smu.dpm leak not reported"
grep -q '"site":"smu.dpm","n":1,"outcome":"leak"' "$BINDIR/fnth.json" || fail "json"
"$XDNASIM" fail-nth --site nosuch 2>/dev/null; [ $? -eq 2 ] || fail "unknown site exit"
"$XDNASIM" fail-nth --max-n 0 2>/dev/null; [ $? -eq 2 ] || fail "bad --max-n exit"
"$XDNASIM" fail-nth --help | grep -q 'usage: xdnasim fail-nth' || fail "help"
"$XDNASIM" scenario-check --quiet "$SRCDIR"/scenarios/regressions/*.yaml "$SRCDIR"/scenarios/findings/*.yaml ||
	fail "regression scenarios do not load"
echo ok
