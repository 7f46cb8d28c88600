#!/usr/bin/env bash
# CLI tests of `xdnasim run` and `xdnasim compare`: exit codes, the
# FILE:LINE:COLUMN error format, byte-identical JSON for the same seed,
# overrides, and the divergence report on docs/driver/heap.md §5.4 examples 3 and 4.
. "$SRCDIR/tests/cli_lib.sh"
LIB="$SRCDIR/scenarios/library"

# --help and usage errors
expect_rc help-and-usage-1 0 "$X" run --help
expect_grep help-and-usage-2 "$T/out" '^usage: xdnasim run'
expect_rc help-and-usage-3 0 "$X" compare --help
expect_rc help-and-usage-4 2 "$X" run
expect_rc help-and-usage-5 2 "$X" run --design nope "$LIB/worked_example.yaml"
expect_rc help-and-usage-6 2 "$X" run --bogus "$LIB/worked_example.yaml"
expect_rc help-and-usage-7 2 "$X" compare
expect_rc help-and-usage-8 2 "$X" compare --modes pasid,nope "$LIB/worked_example.yaml"

# a passing scenario: summary and table
expect_rc a-passing-scenario-1 0 "$X" run "$LIB/worked_example.yaml"
expect_grep a-passing-scenario-2 "$T/out" 'PASS .*worked_example.yaml:21: alloc A \(app\): result ok, addr 0x4020000, expansions 1'
expect_grep a-passing-scenario-3 "$T/out" 'expansions: 1 \(fragmentation-induced 0\)'
expect_grep a-passing-scenario-4 "$T/out" '^worked_example +pr1705 +pasid +PASS +16/16'

# input errors: FILE:LINE:COLUMN and exit 2; the files that load still run
# (batch), the one that does not is "error" in the report
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - alloc: {size: 4MB}\n' >"$T/bad.yaml"
expect_rc input-errors-file-1 2 "$X" run --json "$T/batch.json" "$T/bad.yaml" "$LIB/worked_example.yaml"
expect_grep input-errors-file-2 "$T/err" "^xdnasim run: $T/bad.yaml:6:[0-9]+: .*bad unit 'MB'"
expect_grep input-errors-file-3 "$T/out" '^worked_example +pr1705 +pasid +PASS +16/16'
expect_grep input-errors-file-4 "$T/out" "^$T/bad.yaml +- +- +ERROR"
expect_grep input-errors-file-5 "$T/batch.json" '"status": "error"'
expect_grep input-errors-file-6 "$T/batch.json" '"name": "bad"'
expect_grep input-errors-file-7 "$T/batch.json" '"status": "pass"'
expect_rc "report reads a batch run report with an error run" 0 \
	"$X" report "$T/batch.json" -o "$T/batch-cov.json"
# a failing scenario and a broken file: still 2 (input errors win)
sed 's/addr: 0x0402_0000/addr: 0x0401_0000/' "$LIB/worked_example.yaml" >"$T/wrong0.yaml"
expect_rc a-failing-scenario-1 2 "$X" run --quiet "$T/wrong0.yaml" "$T/bad.yaml"
expect_grep a-failing-scenario-2 "$T/out" '^wrong0 +pr1705 +pasid +FAIL'
printf 'xdnasim: 1\nseeed: 3\nclients: []\n' >"$T/key.yaml"
expect_rc a-failing-scenario-3 2 "$X" run "$T/key.yaml"
expect_grep a-failing-scenario-4 "$T/err" "^xdnasim run: $T/key.yaml:2:1: unknown key 'seeed' .*did you mean 'seed'"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps: [open, {alloc: [1, 2' >"$T/syntax.yaml"
expect_rc a-failing-scenario-5 2 "$X" run "$T/syntax.yaml"
expect_grep a-failing-scenario-6 "$T/err" "^xdnasim run: $T/syntax.yaml:[0-9]+:[0-9]+: "
printf 'xdnasim: 1\ndevice: npu1\nfirmware: "5.0"\nclients:\n  - {name: a, steps: [open]}\n' >"$T/fw.yaml"
expect_rc a-failing-scenario-7 2 "$X" run "$T/fw.yaml"
expect_grep a-failing-scenario-8 "$T/err" "^xdnasim run: $T/fw.yaml:3:11: the simulator cannot build device 'npu1' with firmware 5.0"
expect_rc a-failing-scenario-9 2 "$X" run /nonexistent.yaml

# a failing expectation: exit 1, the op, its line and the seed
sed 's/addr: 0x0402_0000/addr: 0x0401_0000/' "$LIB/worked_example.yaml" >"$T/wrong.yaml"
expect_rc a-failing-expectation-1 1 "$X" run "$T/wrong.yaml"
expect_grep a-failing-expectation-2 "$T/out" "FAIL $T/wrong.yaml:21: alloc A"
expect_grep a-failing-expectation-3 "$T/out" 'addr 0x4020000, expected 0x4010000 \[op 2, app, seed 0\]'
expect_grep a-failing-expectation-4 "$T/out" '^wrong +pr1705 +pasid +FAIL +15/16'
expect_rc a-failing-expectation-5 1 "$X" run --quiet "$LIB/two_opens.yaml" "$T/wrong.yaml"

# JSON: same seed twice -> identical bytes; another seed -> different
expect_rc json-same-seed-1 0 "$X" run --quiet --json "$T/a.json" "$LIB/instr_storm.yaml"
expect_rc json-same-seed-2 0 "$X" run --quiet --json "$T/b.json" "$LIB/instr_storm.yaml"
expect_same "same seed, different JSON" "$T/a.json" "$T/b.json"
expect_rc json-same-seed-3 0 "$X" run --quiet --seed 20260807 --json "$T/c.json" "$LIB/instr_storm.yaml"
expect_same "--seed equal to the file's seed changed the JSON" "$T/a.json" "$T/c.json"
"$X" run --quiet --seed 7 --json "$T/d.json" "$LIB/instr_storm.yaml" >/dev/null 2>&1
if cmp -s "$T/a.json" "$T/d.json"; then fail "another seed gave the same JSON"; else pass; fi
expect_grep json-same-seed-4 "$T/a.json" '"schema": "xdnasim-run-report/3"'
expect_grep json-same-seed-5 "$T/d.json" '"seed": "7"'

# overrides reach the run and the report
expect_rc overrides-reach-the-1 1 "$X" run --quiet --mode iova --json "$T/m.json" "$LIB/modes_pasid.yaml"
expect_grep overrides-reach-the-2 "$T/m.json" '"mode": "iova"'
expect_rc overrides-reach-the-3 1 "$X" run --revision pr1233 "$LIB/frag_premature_head.yaml"
expect_grep overrides-reach-the-4 "$T/out" 'revision pr1233'
# --design stays a deprecated alias of --revision
expect_rc overrides-design-alias-1 1 "$X" run --design pr1233 "$LIB/frag_premature_head.yaml"
expect_grep overrides-design-alias-2 "$T/out" 'revision pr1233'
expect_rc overrides-unknown-revision 2 "$X" run --revision pr9999 "$LIB/worked_example.yaml"
expect_rc overrides-reach-the-5 0 "$X" run --quiet --check-every-op "$LIB/llm_model_load.yaml"

# --check-every-op stops at the first violation (docs/driver/heap.md §14 item 1: HEAD
# sends ~0 for an unmapped chunk) and names the op, its line and the seed
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - chunk_create: 64MiB\n      - hwctx_create: c\n      - alloc: 4KiB\n' >"$T/v.yaml"
expect_rc check-every-op-1 1 "$X" run --check-every-op "$T/v.yaml"
expect_grep check-every-op-2 "$T/out" 'first invariant violation: sim.10 no_invalid_fw_addr'
expect_grep check-every-op-3 "$T/out" "after op 2 \\(a, $T/v.yaml:7\\), seed 0"
expect_grep check-every-op-4 "$T/out" 'ops: 3 \(stopped at the first violation\)'

# compare: docs/driver/heap.md §5.4 example 3 (HEAD expands, PR uses the interior hole)
expect_rc compare-docs-driver-1 0 "$X" compare "$LIB/frag_premature_head.yaml"
expect_grep compare-docs-driver-2 "$T/out" '^  first divergence \(addr\) at op 5: app, alloc line 20$'
expect_grep compare-docs-driver-3 "$T/out" '^    pr1705   ok, addr 0x1f800000, expansions 1$'
expect_grep compare-docs-driver-4 "$T/out" '^    pr1233   ok, addr 0x6800000, expansions 0$'
expect_grep compare-docs-driver-5 "$T/out" 'fragmentation_induced_expansions +1 -> 0'
# example 4 (impossible request: HEAD ENOSPC at once, PR grows to max first)
expect_rc example-4-impossible-1 0 "$X" compare "$LIB/impossible_request_head.yaml"
expect_grep example-4-impossible-2 "$T/out" '^  first divergence \(expansions\) at op 2: app, alloc line 16$'
expect_grep example-4-impossible-3 "$T/out" '^    pr1705   ENOSPC, expansions 0$'
expect_grep example-4-impossible-4 "$T/out" '^    pr1233   ENOSPC, expansions 3$'
expect_grep example-4-impossible-5 "$T/out" 'committed +320 MiB -> 512 MiB'
# --revisions all: every pair, oldest first; the list designs agree with each other
expect_rc compare-revisions-all-1 0 "$X" compare --revisions all "$LIB/frag_premature_head.yaml"
check "compare --revisions all shows 15 pairs" [ "$(grep -c '^  -- ' "$T/out")" -eq 15 ]
expect_grep compare-revisions-all-2 "$T/out" '^  -- pr1233 vs pr1279$'
expect_grep compare-revisions-all-3 "$T/out" '^  -- pr1705 vs upstream$'
expect_grep compare-revisions-all-4 "$T/out" '^    856409ca ok, addr 0x1f800000, expansions 1$'
# a proposal (the open PR #1710) is not part of "all"; named, it runs (its base's heap)
check "compare --revisions all leaves the proposal pr1710 out" [ "$(grep -c 'pr1710' "$T/out")" -eq 0 ]
expect_rc compare-proposal-1 0 "$X" compare --revisions pr1705,pr1710 "$LIB/frag_premature_head.yaml"
expect_grep compare-proposal-2 "$T/out" '^  -- pr1705 vs pr1710$'
expect_grep compare-proposal-3 "$T/out" '^  pr1710   PASS, 7 ops, expansions 1 '
expect_grep compare-proposal-4 "$T/out" '^  no divergence: every op has the same result'
expect_rc revisions-proposal-1 0 "$X" revisions
expect_grep revisions-proposal-2 "$T/out" '^pr1710 .*\[proposal, unmerged, on pr1705\]$'
check "xdnasim revisions lists the proposal last" [ "$(tail -n 1 "$T/out" | cut -d' ' -f1)" = pr1710 ]
# the whole table, byte for byte: the merged revisions oldest first, head marked, the proposal last
cat >"$T/revisions.want" <<'EOF'
revision  commit                     date       what changed
pr1233    b9d18f04 22952daa f2c31c79 2026-04-13 PR #1233 as merged: chunk list, insert limited to committed bytes, chunks broadcast to every hwctx at DEV_HEAP creation
pr1279    aba33e95                   2026-04-26 PR #1279: chunk notification moved to DEV BO creation, chunk uva post-check in every mode
856409ca  856409ca                   2026-08-21 upstream design (87217ccf): chunk xarray, whole-range insert + coverage check, update_heap per hwctx watermark
pr1670    PR #1670                   2026-09-02 SMU DPM request failure unloads the firmware context (no leak)
pr1705    PR #1705                   2026-09-17 DEV BO heap range freed at last handle close; foreign handle open -EPERM; hwctx cmd buffers freed explicitly [head]
upstream  drm-misc 1bc13a9d          2026-09-01 Linux drm-misc: chunk CPU address required in every mode and kept after munmap; simpler flush (imported chunk EOPNOTSUPP); foreign open of an open BO EPERM
pr1710    PR #1710 (open)            2026-09-19 proposal on pr1705: AIE2 without the DRM scheduler (direct submission under io_lock, device-wide TDR worker) [proposal, unmerged, on pr1705]
EOF
check "xdnasim revisions: the exact table" cmp -s "$T/out" "$T/revisions.want"
# "all" is the six merged revisions in that order: their names in the pairs, pr1710 in none
expect_rc compare-revisions-all-5 0 "$X" compare --revisions all --json "$T/cmpall.json" "$LIB/frag_premature_head.yaml"
check "compare --revisions all: the merged revisions, oldest first" [ "$(grep -o '^  -- [^ ]*' "$T/out" | cut -c6- | uniq | tr '\n' ' ')" = "pr1233 pr1279 856409ca pr1670 pr1705 " ]
check "compare --revisions all --json: no pr1710" [ "$(grep -c '"pr1710"' "$T/cmpall.json")" -eq 0 ]
expect_rc compare-revisions-one 2 "$X" compare --revisions pr1233 "$LIB/frag_premature_head.yaml"
# three revisions: three pairs in order, in the JSON report and on one page
expect_rc compare-revisions-three-1 0 "$X" compare --revisions pr1233,856409ca,upstream \
	--json "$T/cmp3.json" --html "$T/cmp3" "$LIB/frag_premature_head.yaml"
check "compare of 3 revisions shows 3 pairs" [ "$(grep -c '^  -- ' "$T/out")" -eq 3 ]
expect_grep compare-revisions-three-2 "$T/out" '^  -- pr1233 vs 856409ca$'
expect_grep compare-revisions-three-3 "$T/out" '^  -- 856409ca vs upstream$'
check "pr1233 is side a of 2 comparisons" [ "$(grep -c '"revision": "pr1233"' "$T/cmp3.json")" -eq 2 ]
check "compare --html of 3 revisions writes the page" [ -s "$T/cmp3/compare.html" ]
expect_grep compare-revisions-three-4 "$T/cmp3/compare.html" 'pr1233 vs 856409ca vs upstream'
expect_rc compare-revisions-twice 2 "$X" compare --revisions head,pr1705 "$LIB/frag_premature_head.yaml"
expect_rc compare-revisions-unknown 2 "$X" compare --revisions head,nope "$LIB/frag_premature_head.yaml"
# several modes and devices; identical designs say so
expect_rc several-modes-and-1 0 "$X" compare "$LIB/two_opens.yaml" --modes pasid,carveout --devices npu4,npu5
check "compare runs 4 configurations" [ "$(grep -c '^== two_opens: device' "$T/out")" -eq 4 ]
expect_grep several-modes-and-2 "$T/out" '^== two_opens: device npu5, mode carveout'
expect_grep several-modes-and-3 "$T/out" 'no divergence'
# several files, job outcomes, verdicts and the JSON report
expect_rc several-files-job-1 0 "$X" compare --json "$T/cmp.json" "$LIB/worked_example.yaml" \
	"$SRCDIR/scenarios/findings/pr1233_broadcast_failure_hwctx_behind.yaml"
check "compare compares 2 files" [ "$(grep -c '^== ' "$T/out")" -eq 2 ]
expect_grep several-files-job-2 "$T/out" '^  pr1233   XFAIL, 6 ops'
expect_grep several-files-job-3 "$T/out" 'fw_faults +0 -> 1'
expect_grep several-files-job-4 "$T/cmp.json" '"schema": "xdnasim-compare/1"'
expect_grep several-files-job-5 "$T/cmp.json" '"what": "result"'
"$X" compare --json "$T/cmp2.json" "$LIB/worked_example.yaml" \
	"$SRCDIR/scenarios/findings/pr1233_broadcast_failure_hwctx_behind.yaml" >/dev/null 2>&1
expect_same "compare JSON differs between identical runs" "$T/cmp.json" "$T/cmp2.json"
expect_rc several-files-job-6 2 "$X" compare --json "$LIB/worked_example.yaml" "$LIB/worked_example.yaml"

# verdicts: the findings fail as their known bugs declare (XFAIL, exit 0);
# a known bug that does not show is XPASS (exit 1); strict by default
FIND="$SRCDIR/scenarios/findings"
expect_rc verdicts-the-findings-1 0 "$X" run --quiet --json "$T/find.json" "$FIND"/*.yaml
expect_grep verdicts-the-findings-2 "$T/out" '^dpm_failure_leaks_fw_ctx +856409ca +pasid +XFAIL'
expect_grep verdicts-the-findings-3 "$T/find.json" '"status": "xfail"'
expect_grep verdicts-the-findings-4 "$T/find.json" '"applies": true'
{ cat "$LIB/worked_example.yaml"; printf 'known_bug: {ref: "PR #0", text: "none"}\n'; } >"$T/xpass.yaml"
expect_rc verdicts-the-findings-5 1 "$X" run "$T/xpass.yaml"
expect_grep verdicts-the-findings-6 "$T/out" '^  result: XPASS$'
expect_grep verdicts-the-findings-7 "$T/out" '^xpass +pr1705 +pasid +XPASS'
expect_rc verdicts-the-findings-8 0 "$X" run --quiet --design pr1233 "$FIND/pr1233_broadcast_failure_hwctx_behind.yaml"
expect_rc verdicts-the-findings-9 1 "$X" run --quiet --design head "$FIND/dpm_failure_leaks_fw_ctx.yaml" "$T/xpass.yaml"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps: [open, {alloc: 600MiB}]\n' >"$T/strict.yaml"
expect_rc verdicts-the-findings-10 1 "$X" run --json "$T/strict.json" "$T/strict.yaml"
expect_grep verdicts-the-findings-11 "$T/out" "^    $T/strict.yaml:4:19: alloc \[op 1, a\]: result EINVAL without an expectation$"
expect_grep verdicts-the-findings-12 "$T/strict.json" '"reason": "result EINVAL without an expectation"'
# JUnit: an unexpected failure is a failing case; an XFAIL run's failures are skipped
expect_rc junit-an-unexpected-1 1 "$X" run --quiet --junit "$T/strict.xml" "$T/strict.yaml"
expect_grep junit-an-unexpected-2 "$T/strict.xml" 'name="line 4: alloc: unexpected result"'
expect_rc junit-an-unexpected-3 0 "$X" run --quiet --junit "$T/find.xml" "$FIND"/*.yaml
expect_grep junit-an-unexpected-4 "$T/find.xml" 'failures="0" errors="0" skipped="[1-9]'
expect_grep junit-an-unexpected-5 "$T/find.xml" 'XFAIL: known bug xdna-driver PR #1670'
expect_rc junit-an-unexpected-6 1 "$X" run --quiet --junit "$T/xpass.xml" "$T/xpass.yaml"
expect_grep junit-an-unexpected-7 "$T/xpass.xml" 'XPASS: the known bug did not show'
# the coverage ledger: library, regressions and findings together hit at
# least 90% of the reachable keys (the rest is declared unreachable with why).
# The configuration keys are revision x mode x device: the set also runs
# under every revision and mode override (those runs may fail: a scenario
# pins one revision's addresses; they still exercise the configuration), each
# with its own seed so that no run repeats another's identity in the report.
"$X" run --quiet --json "$T/all.json" "$SRCDIR"/scenarios/library/*.yaml \
	"$SRCDIR"/scenarios/regressions/*.yaml "$SRCDIR"/scenarios/findings/*.yaml >/dev/null 2>&1 ||
	fail "library, regressions or findings do not all PASS / XFAIL"
covs=("$T/all.json")
seed=1000
for rev in pr1233 pr1279 856409ca pr1670 pr1705 upstream; do
	for mode in pasid iova carveout; do
		seed=$((seed + 1))
		"$X" run --quiet --revision "$rev" --mode "$mode" --seed "$seed" \
			--json "$T/all-$rev-$mode.json" \
			"$SRCDIR"/scenarios/library/*.yaml "$SRCDIR"/scenarios/regressions/*.yaml \
			"$SRCDIR"/scenarios/findings/*.yaml >/dev/null 2>&1
		check "a report of the set on $rev/$mode" [ -s "$T/all-$rev-$mode.json" ]
		covs+=("$T/all-$rev-$mode.json")
	done
done
expect_rc "report of the whole set" 0 "$X" report "${covs[@]}" -o "$T/allcov.json"
if command -v python3 >/dev/null; then
	python3 - "$T/allcov.json" <<'PY' || fail "ledger coverage below 90% of the reachable keys"
import json, sys
l = json.load(open(sys.argv[1]))["ledger"]
reach = l["keys"] - l["unreachable"]
print("ledger: %d of %d reachable keys hit" % (l["hit"], reach))
sys.exit(0 if 10 * l["hit"] >= 9 * reach else 1)
PY
fi
# scenario-check makes run's checks, at the offending node
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps: [open]\nknown_bug: {ref: r, text: t, revisions: [nope]}\n' >"$T/rev.yaml"
expect_rc scenario-check-makes-1 2 "$X" scenario-check "$T/rev.yaml"
expect_grep scenario-check-makes-2 "$T/err" "^xdnasim scenario-check: $T/rev.yaml:5:42: known_bug revision 'nope' is not a revision the runner knows"
expect_rc scenario-check-makes-3 2 "$X" scenario-check "$T/fw.yaml"
expect_grep scenario-check-makes-4 "$T/err" "^xdnasim scenario-check: $T/fw.yaml:3:11: the simulator cannot build device 'npu1' with firmware 5.0"

# --revision/--design, --mode, --bug: the same words as `xdnasim explore` (cli_target_option)
G=$SRCDIR/scenarios/explore/close_while_resume.yaml
expect_rc target-revision 2 "$X" run --revision nope "$G"
expect_grep target-revision-msg "$T/err" "^xdnasim run: unknown revision 'nope' \(pr1233, "
expect_rc target-mode 2 "$X" run --mode nope "$G"
echo "xdnasim run: bad --mode 'nope' (pasid, iova or carveout)" >"$T/want"
expect_err target-mode-msg "$T/want"
expect_rc target-bug 2 "$X" run --bug nope "$G"
echo "xdnasim run: unknown bug switch 'nope'" >"$T/want"
expect_err target-bug-msg "$T/want"
expect_rc target-design-alias 0 "$X" run --quiet --design pr1233 --mode iova "$G"

finish
