#!/usr/bin/env bash
# xdnasim report from the command line: real runs of the scenario library,
# the report's schema, byte-identical output, code coverage totals against
# lcov's own --summary, genhtml on the scenario tracefile, input errors as
# FILE:LINE with exit 2, usage.
. "${SRCDIR:?}/tests/cli_lib.sh"
D=$SRCDIR/tests/reports/data
LIB=$SRCDIR/scenarios/library
SCHEMA=$SRCDIR/reports/coverage-report.schema.json

"$X" report --help | grep -q '^usage: xdnasim report' || fail "--help"
"$X" run --quiet --json "$T/runs.json" "$LIB/worked_example.yaml" \
	"$LIB/multi_client.yaml" >/dev/null || fail "xdnasim run"
"$X" run --quiet --json "$T/pr.json" --revision pr1233 "$LIB/worked_example.yaml" \
	>/dev/null || fail "xdnasim run --revision pr1233"

args=("$T/runs.json" "$T/pr.json" --lcov "$D/real.info" --root /work/wt/reports)
"$X" report "${args[@]}" -o "$T/r1.json" --html "$T/html" \
	--scenario-lcov "$T/scn.info" --schema "$SCHEMA" || fail "report (exit $?)"
"$X" report "${args[@]}" -o "$T/r2.json" --html "$T/html2" || fail "report again"
cmp -s "$T/r1.json" "$T/r2.json" || fail "reports differ for the same inputs"
diff -r "$T/html" "$T/html2" >/dev/null || fail "HTML differs for the same inputs"
grep -q '"unreachable_hit": 0' "$T/r1.json" || fail "a key declared unreachable was hit"
grep -q '"name": "worked_example"' "$T/r1.json" || fail "worked_example missing"
grep -q '"config:pr1233/pasid/npu4"' "$T/r1.json" || fail "no pr1233 config key"
# The scenario ledger hit by the worked example: its MAP_HOST_BUFFER.
grep -q '"worked_example@pr1705/pasid/npu4#0": 1' "$T/r1.json" || fail "per-scenario hits"

# Code coverage totals equal lcov's own summary of the same tracefile.
if command -v lcov >/dev/null; then
	sum=$(lcov --summary "$D/real.info" --rc lcov_branch_coverage=1 2>&1)
	lines=$(sed -n 's/.*lines\.*: .*(\([0-9]*\) of \([0-9]*\) lines).*/\1 \2/p' <<<"$sum")
	branches=$(sed -n 's/.*branches\.*: .*(\([0-9]*\) of \([0-9]*\) branches).*/\1 \2/p' <<<"$sum")
	ours=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["code_coverage"]["totals"]
print(t["lines"]["hit"], t["lines"]["found"], t["branches"]["hit"], t["branches"]["found"])' "$T/r1.json")
	[ "$ours" = "$lines $branches" ] || fail "totals '$ours' vs lcov '$lines $branches'"
else
	echo "note: lcov not installed; totals cross-check skipped"
fi

# The scenario ledger as lcov is a tracefile genhtml accepts, one TN per run.
[ "$(grep -c '^TN:' "$T/scn.info")" = 3 ] || fail "expected 3 TN records"
if command -v genhtml >/dev/null; then
	genhtml -q -o "$T/genhtml" "$T/scn.info" >"$T/genhtml.log" 2>&1 ||
		{ cat "$T/genhtml.log"; fail "genhtml rejected the scenario tracefile"; }
	[ -s "$T/genhtml/index.html" ] || fail "genhtml wrote no index"
else
	echo "note: genhtml not installed; skipped"
fi

# Input errors: FILE:LINE: message, exit 2.
printf 'SF:a.c\nDA:1,1\nLF:5\nend_of_record\n' >"$T/bad.info"
expect_rc "bad lcov: exit status" 2 "$X" report "$T/runs.json" --lcov "$T/bad.info" -o "$T/x.json"
grep -q "^xdnasim report: $T/bad.info:3:4: LF:5 but the record has 1" "$T/err" || { cat "$T/err"; fail "bad lcov message"; }
printf '{"schema": "xdnasim-run-report/2",\n "runs": [\n{"scenario": 5}]}\n' >"$T/bad.json"
expect_rc "bad run: exit status" 2 "$X" report "$T/bad.json" -o "$T/x.json"
grep -q "^xdnasim report: $T/bad.json:3:14: \"scenario\" must be an object" "$T/err" || { cat "$T/err"; fail "bad run message"; }
expect_rc "duplicate run: exit status" 2 "$X" report "$T/runs.json" "$T/runs.json" -o "$T/x.json"
expect_rc "missing -o: exit status" 2 "$X" report "$T/runs.json"
expect_rc "no run report: exit status" 2 "$X" report -o "$T/x.json"
expect_rc "missing file: exit status" 2 "$X" report "$T/nope.json" -o "$T/x.json"
finish
