#!/usr/bin/env bash
# CLI tests of `xdnasim run` and `xdnasim compare`: exit codes, the
# FILE:LINE:COLUMN error format, byte-identical JSON for the same seed,
# overrides, and the divergence report on heap.md §5.4 examples 3 and 4.
set -u
LIB="$SRCDIR/scenarios/library"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_rc WANT CMD... : run CMD, check its exit status, keep output in $T/out, $T/err
expect_rc() {
	local want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	[ "$rc" -eq "$want" ] || fail "exit $rc (want $want): $* ; stderr: $(head -3 "$T/err")"
}

expect_grep() {	# expect_grep FILE REGEX
	grep -Eq -- "$2" "$1" || fail "'$2' not in $1: $(head -5 "$1")"
}

# --help and usage errors
expect_rc 0 "$XDNASIM" run --help
expect_grep "$T/out" '^usage: xdnasim run'
expect_rc 0 "$XDNASIM" compare --help
expect_rc 2 "$XDNASIM" run
expect_rc 2 "$XDNASIM" run --design nope "$LIB/worked_example.yaml"
expect_rc 2 "$XDNASIM" run --bogus "$LIB/worked_example.yaml"
expect_rc 2 "$XDNASIM" compare
expect_rc 2 "$XDNASIM" compare --modes pasid,nope "$LIB/worked_example.yaml"

# a passing scenario: summary and table
expect_rc 0 "$XDNASIM" run "$LIB/worked_example.yaml"
expect_grep "$T/out" 'PASS .*worked_example.yaml:17: alloc A \(app\): result ok, addr 0x4020000, expansions 1'
expect_grep "$T/out" 'expansions: 1 \(fragmentation-induced 0\)'
expect_grep "$T/out" '^worked_example +head +pasid +PASS +16/16'

# input errors: FILE:LINE:COLUMN and exit 2, nothing runs
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - alloc: {size: 4MB}\n' >"$T/bad.yaml"
expect_rc 2 "$XDNASIM" run "$T/bad.yaml" "$LIB/worked_example.yaml"
expect_grep "$T/err" "^xdnasim run: $T/bad.yaml:6:[0-9]+: .*bad unit 'MB'"
[ -s "$T/out" ] && fail "output although an input was bad: $(head -2 "$T/out")"
printf 'xdnasim: 1\nseeed: 3\nclients: []\n' >"$T/key.yaml"
expect_rc 2 "$XDNASIM" run "$T/key.yaml"
expect_grep "$T/err" "^xdnasim run: $T/key.yaml:2:1: unknown key 'seeed' .*did you mean 'seed'"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps: [open, {alloc: [1, 2' >"$T/syntax.yaml"
expect_rc 2 "$XDNASIM" run "$T/syntax.yaml"
expect_grep "$T/err" "^xdnasim run: $T/syntax.yaml:[0-9]+:[0-9]+: "
printf 'xdnasim: 1\ndevice: npu1\nfirmware: "5.0"\nclients:\n  - {name: a, steps: [open]}\n' >"$T/fw.yaml"
expect_rc 2 "$XDNASIM" run "$T/fw.yaml"
expect_grep "$T/err" "^xdnasim run: $T/fw.yaml:3:11: the simulator cannot build device 'npu1' with firmware 5.0"
expect_rc 2 "$XDNASIM" run /nonexistent.yaml

# a failing expectation: exit 1, the op, its line and the seed
sed 's/addr: 0x0402_0000/addr: 0x0401_0000/' "$LIB/worked_example.yaml" >"$T/wrong.yaml"
expect_rc 1 "$XDNASIM" run "$T/wrong.yaml"
expect_grep "$T/out" "FAIL $T/wrong.yaml:17: alloc A"
expect_grep "$T/out" 'addr 0x4020000, expected 0x4010000 \[op 2, app, seed 0\]'
expect_grep "$T/out" '^wrong +head +pasid +FAIL +15/16'
expect_rc 1 "$XDNASIM" run --quiet "$LIB/two_opens.yaml" "$T/wrong.yaml"

# JSON: same seed twice -> identical bytes; another seed -> different
expect_rc 0 "$XDNASIM" run --quiet --json "$T/a.json" "$LIB/instr_storm.yaml"
expect_rc 0 "$XDNASIM" run --quiet --json "$T/b.json" "$LIB/instr_storm.yaml"
cmp -s "$T/a.json" "$T/b.json" || fail "same seed, different JSON"
expect_rc 0 "$XDNASIM" run --quiet --seed 20260807 --json "$T/c.json" "$LIB/instr_storm.yaml"
cmp -s "$T/a.json" "$T/c.json" || fail "--seed equal to the file's seed changed the JSON"
"$XDNASIM" run --quiet --seed 7 --json "$T/d.json" "$LIB/instr_storm.yaml" >/dev/null 2>&1
cmp -s "$T/a.json" "$T/d.json" && fail "another seed gave the same JSON"
expect_grep "$T/a.json" '"schema": "xdnasim-run-report/2"'
expect_grep "$T/d.json" '"seed": "7"'

# overrides reach the run and the report
expect_rc 1 "$XDNASIM" run --quiet --mode iova --json "$T/m.json" "$LIB/modes_pasid.yaml"
expect_grep "$T/m.json" '"mode": "iova"'
expect_rc 1 "$XDNASIM" run --design pr1233 "$LIB/frag_premature_head.yaml"
expect_grep "$T/out" 'design pr1233'
expect_rc 0 "$XDNASIM" run --quiet --check-every-op "$LIB/llm_model_load.yaml"

# --check-every-op stops at the first violation (heap.md §14 item 1: HEAD
# sends ~0 for an unmapped chunk) and names the op, its line and the seed
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - chunk_create: 64MiB\n      - hwctx_create: c\n      - alloc: 4KiB\n' >"$T/v.yaml"
expect_rc 1 "$XDNASIM" run --check-every-op "$T/v.yaml"
expect_grep "$T/out" 'first invariant violation: 10 no_invalid_fw_addr'
expect_grep "$T/out" "after op 2 \\(a, $T/v.yaml:7\\), seed 0"
expect_grep "$T/out" 'ops: 3 \(stopped at the first violation\)'

# compare: heap.md §5.4 example 3 (HEAD expands, PR uses the interior hole)
expect_rc 0 "$XDNASIM" compare "$LIB/frag_premature_head.yaml"
expect_grep "$T/out" '^  first divergence \(addr\) at op 5: app, alloc line 20$'
expect_grep "$T/out" '^    head:   ok, addr 0x1f800000, expansions 1$'
expect_grep "$T/out" '^    pr1233: ok, addr 0x6800000, expansions 0$'
expect_grep "$T/out" 'fragmentation_induced_expansions +1 -> 0'
# example 4 (impossible request: HEAD ENOSPC at once, PR grows to max first)
expect_rc 0 "$XDNASIM" compare "$LIB/impossible_request_head.yaml"
expect_grep "$T/out" '^  first divergence \(expansions\) at op 2: app, alloc line 16$'
expect_grep "$T/out" '^    head:   ENOSPC, expansions 0$'
expect_grep "$T/out" '^    pr1233: ENOSPC, expansions 3$'
expect_grep "$T/out" 'committed +320 MiB -> 512 MiB'
# several modes and devices; identical designs say so
expect_rc 0 "$XDNASIM" compare "$LIB/two_opens.yaml" --modes pasid,carveout --devices npu4,npu5
[ "$(grep -c '^== two_opens: device' "$T/out")" -eq 4 ] || fail "compare did not run 4 configurations"
expect_grep "$T/out" '^== two_opens: device npu5, mode carveout'
expect_grep "$T/out" 'no divergence'

if [ "$fails" -ne 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "cli_run: all passed"
