#!/usr/bin/env bash
# CLI tests of `xdnasim fuzz`: usage and exit codes, determinism (same seed,
# same stdout), a planted model bug found with a minimised reproducer that
# replays (and passes without the planted bug), the sim reproducer scenario
# accepted by scenario-check (and by `xdnasim run` when it exists), and the
# committed corpus replayed through the CLI.
. "${SRCDIR:?}/tests/cli_lib.sh"
C=$SRCDIR/tests/fuzz/corpus

expect_rc help 0 "$X" fuzz --help
expect_grep "help text" "$T/out" '--iterations N'
expect_rc no-target 2 "$X" fuzz --seed 1 --iterations 1
expect_rc bad-target 2 "$X" fuzz --target nope --seed 1 --iterations 1
expect_grep "unknown target message" "$T/err" "unknown target 'nope'"
expect_rc both-bounds 2 "$X" fuzz --target mm --iterations 1 --seconds 1
expect_rc no-bound 2 "$X" fuzz --target mm
expect_rc bad-number 2 "$X" fuzz --target mm --seed x1 --iterations 1
expect_rc replay-missing 2 "$X" fuzz --target mm --replay "$T/none.bin"

for t in mm heap sim proto scenario; do
	expect_rc "run-$t" 0 "$X" fuzz --target "$t" --seed 3 --iterations 40
	cp "$T/out" "$T/a"
	"$X" fuzz --target "$t" --seed 3 --iterations 40 >"$T/b" 2>/dev/null
	expect_same "$t: same seed, different output" "$T/a" "$T/b"
	expect_grep "$t: summary line" "$T/a" "^fuzz $t: seed 3, 40 inputs, [0-9]* operations, no failure$"
	expect_rc "corpus-$t" 0 "$X" fuzz --target "$t" --replay "$C/$t"
done

# A planted bug: exit 1, a minimised reproducer that fails again only with it.
for t in mm sim; do
	expect_rc "plant-$t" 1 "$X" fuzz --target "$t" --seed 1 --iterations 5000 --plant-bug \
		--out "$T/r$t"
	expect_grep "$t: FAIL line" "$T/out" "^FAIL: target $t seed 1 iteration [0-9]* after op [0-9]*: F1 "
	bin=$(ls "$T/r$t"/*.bin 2>/dev/null | head -1)
	check "$t: reproducer files" [ -n "$bin" ] && check "$t: reproducer .txt" [ -f "${bin%.bin}.txt" ] ||
		continue
	expect_rc "replay-plant-$t" 1 "$X" fuzz --target "$t" --plant-bug --replay "$bin"
	expect_rc "replay-clean-$t" 0 "$X" fuzz --target "$t" --replay "$bin"
	expect_grep "$t: .txt result line" "${bin%.bin}.txt" "^result: F1 "
done
yaml=$(ls "$T/rsim"/*.yaml 2>/dev/null | head -1)
if [ -n "$yaml" ]; then
	expect_rc sim-yaml-loads 0 "$X" scenario-check "$yaml"
	if "$X" --help 2>&1 | grep -q '^ *run '; then
		expect_rc sim-yaml-runs 0 "$X" run "$yaml"
	fi
else
	fail "sim reproducer has no .yaml"
fi

# A reproducer found under a fixed revision and mode says so in its replay line.
expect_rc plant-sim-rev 1 "$X" fuzz --target sim --seed 1 --iterations 5000 --plant-bug \
	--revision pr1233 --mode iova --out "$T/rrev"
txt=$(ls "$T/rrev"/*.txt 2>/dev/null | head -1)
check "sim rev reproducer .txt" [ -n "$txt" ] &&
	expect_grep "sim: replay line names revision and mode" "$txt" \
		"^replay: xdnasim fuzz --target sim --plant-bug --revision pr1233 --mode iova --replay "

# The sim target runs its inputs through the scenario runner: every seeded
# input, written as a scenario by the scenario writer, loads and runs under
# `xdnasim run` (exit 0, or 1 for a driver finding the simulator records),
# with as many ops as the target ran.
if "$X" --help 2>&1 | grep -q '^ *run '; then
	"$X" fuzz --target sim --seed 21 --iterations 30 --save-inputs "$T/in" >/dev/null 2>&1
	for bin in "$T"/in/*.bin; do
		y=${bin%.bin}.yaml n=$(basename "$bin")
		expect_rc "to-scenario $n" 0 "$X" fuzz --target sim --to-scenario "$y" --replay "$bin" ||
			continue
		expect_rc "replay $n" 0 "$X" fuzz --target sim --replay "$bin"
		ops=$(sed -n 's/.*: ok (\([0-9]*\) ops)$/\1/p' "$T/out" | head -1)
		"$X" run "$y" >"$T/run.out" 2>&1
		rc=$?
		check "run $n: exit $rc" [ "$rc" -le 1 ]
		expect_grep "$n: the run's ops are the target's" "$T/run.out" "^  ops: ${ops:-none},"
	done
fi

finish
