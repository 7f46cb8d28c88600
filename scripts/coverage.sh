#!/usr/bin/env bash
# make coverage: gcov build, the test suites and the scenario library,
# lcov capture, genhtml HTML, gcovr Cobertura XML and the JSON report.
# Usage: scripts/coverage.sh [BUILD_DIR]   (default build-cov)
# Outputs in BUILD_DIR/coverage/: coverage.info (lcov), html/ (genhtml),
# cobertura.xml (gcovr), runs/*.json (run reports), report.json and
# report-html/ (xdnasim report), summary.txt (alloc/ proto/ sim/ totals).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:-build-cov}
out=$bld/coverage
jobs=$(nproc 2>/dev/null || echo 2)

"$src/scripts/deps.sh" lcov gcovr
cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Debug -DXDNASIM_COVERAGE=ON \
	-DXDNASIM_VALGRIND=OFF >/dev/null
cmake --build "$bld" -j"$jobs"
rm -rf "$out"
mkdir -p "$out/runs"
lcov --quiet --zerocounters --directory "$bld"

# The suites (test failures are reported, but coverage is still captured).
status=0
ctest --test-dir "$bld" -j"$jobs" -LE memcheck --output-on-failure >"$out/ctest.log" 2>&1 || status=$?
tail -n 3 "$out/ctest.log"

# The scenario library, one run report each (when the runner is built in).
xdnasim=$bld/cli/xdnasim
runs=()
if "$xdnasim" run --help >/dev/null 2>&1; then
	for f in "$src"/scenarios/library/*.yaml; do
		name=$(basename "$f" .yaml)
		"$xdnasim" run "$f" --json "$out/runs/$name.json" >/dev/null 2>&1 || true
		[ -s "$out/runs/$name.json" ] && runs+=("$out/runs/$name.json")
	done
else
	echo "coverage: 'xdnasim run' is not built in; no scenario runs" >&2
fi

lcov --quiet --capture --directory "$bld" --base-directory "$src" \
	--rc lcov_branch_coverage=1 --output-file "$out/all.info"
lcov --quiet --extract "$out/all.info" "$src/*" --rc lcov_branch_coverage=1 \
	--output-file "$out/project.info"
lcov --quiet --remove "$out/project.info" "$src/tests/*" "$src/bench/*" \
	--rc lcov_branch_coverage=1 --output-file "$out/coverage.info"
genhtml --quiet --branch-coverage --output-directory "$out/html" "$out/coverage.info"
gcovr --root "$src" --object-directory "$bld" --exclude "$src/tests/" --exclude "$src/bench/" \
	--exclude-unreachable-branches --cobertura "$out/cobertura.xml" "$bld" >/dev/null 2>&1 ||
	gcovr --root "$src" --exclude "$src/tests/" --exclude "$src/bench/" \
		--cobertura "$out/cobertura.xml" "$bld"

# Line / branch totals of the tracked modules.
{
	for m in alloc proto sim; do
		lcov --quiet --extract "$out/coverage.info" "$src/$m/*" --rc lcov_branch_coverage=1 \
			--output-file "$out/$m.info"
		echo "== $m/"
		lcov --summary "$out/$m.info" --rc lcov_branch_coverage=1 2>&1 | grep -E 'lines|functions|branches'
	done
} | tee "$out/summary.txt"

if "$xdnasim" report --help >/dev/null 2>&1; then
	"$xdnasim" report "${runs[@]}" --lcov "$out/coverage.info" --root "$src" -o "$out/report.json" \
		--html "$out/report-html" --scenario-lcov "$out/scenarios.info"
	echo "coverage: report $out/report.json, pictures $out/report-html/index.html"
fi
echo "coverage: HTML $out/html/index.html, Cobertura $out/cobertura.xml"
exit "$status"
