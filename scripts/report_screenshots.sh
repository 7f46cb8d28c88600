#!/usr/bin/env bash
# The screenshots of docs/reports.md (docs/img/report-*.png): the library's
# showcase runs (worked_example, multi_client, the 1M-operation LLM-like
# churn of tests/reports/data/llm_churn_1m.yaml) through `xdnasim report
# --html`, frag_premature_head through `compare --revisions all --html`, each page cropped
# to one view by headless Chromium (a 1050 px wide frame scrolled to an
# offset).  Needs chromium (not a project dependency: docs only).
# Usage: scripts/report_screenshots.sh [BUILD_DIR]   (default build)
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
x=$src/${1:-build}/cli/xdnasim
img=$src/docs/img
command -v chromium >/dev/null || { echo "report_screenshots: needs chromium" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

cd "$src"	# the pages show the scenario paths as given: relative ones
"$x" run --quiet --json "$t/short.json" scenarios/library/worked_example.yaml \
	scenarios/library/multi_client.yaml >/dev/null
"$x" run --quiet --json "$t/long.json" tests/reports/data/llm_churn_1m.yaml >/dev/null
"$x" report "$t/short.json" "$t/long.json" -o "$t/r.json" --html "$t/html"
"$x" compare --revisions all --html "$t/cmp" scenarios/library/frag_premature_head.yaml >/dev/null

# shot DIR PAGE OFFSET HEIGHT OUT: DIR/PAGE from OFFSET px down, HEIGHT px tall
shot() {
	cat >"$1/shot.html" <<-HTML
	<!DOCTYPE html><html><body style="margin:0"><div style="overflow:hidden;width:1050px;height:$4px"><iframe src="$2" scrolling="no" style="margin-top:-$3px;width:1050px;height:$(($3 + $4 + 200))px;border:0"></iframe></div></body></html>
	HTML
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--allow-file-access-from-files --no-first-run --user-data-dir="$t/profile" \
		--window-size=1050,"$4" --screenshot="$img/$5" "file://$1/shot.html" 2>/dev/null
	rm -f "$1/shot.html"
	echo "docs/img/$5"
}
shot "$t/html" run-3.html 0 1500 report-run-verdict-timeline.png
shot "$t/html" run-3.html 1420 900 report-run-fragmentation.png
shot "$t/html" run-3.html 2265 1300 report-heap-maps.png
shot "$t/html" run-2.html 560 1250 report-multi-client.png
shot "$t/html" index.html 0 1100 report-index.png
shot "$t/cmp" compare.html 0 1500 report-compare.png
