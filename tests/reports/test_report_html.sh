#!/usr/bin/env bash
# The HTML page rendered by headless Chromium (Debian's chromium): every
# chart is in the DOM it builds.  Installs chromium when missing and apt-get
# works; otherwise exits 77 (CTest SKIP) with the reason.
. "${SRCDIR:?}/tests/cli_lib.sh"
LIB=$SRCDIR/scenarios/library

if ! command -v chromium >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing Debian's chromium for this test" >&2
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends chromium) >"$T/apt.log" 2>&1
	fi
	command -v chromium >/dev/null ||
		{ echo "SKIP: chromium is not installed and could not be installed"; exit 77; }
fi

"$X" run --quiet --json "$T/runs.json" "$LIB/worked_example.yaml" \
	"$LIB/multi_client.yaml" "$LIB/frag_adversarial.yaml" >/dev/null || fail "xdnasim run"
"$X" report "$T/runs.json" -o "$T/r.json" --html "$T/html" || fail "xdnasim report"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--user-data-dir="$T/profile" --dump-dom "file://$T/html/index.html" \
	>"$T/dom.html" 2>"$T/chromium.log" || { tail -5 "$T/chromium.log"; fail "chromium"; }
count() { grep -o "$1" "$T/dom.html" | wc -l; }
[ "$(count '<svg class="chart heap-map"')" -ge 3 ] || fail "heap maps missing"
[ "$(count '<svg class="chart committed-live"')" = 3 ] || fail "committed/live charts missing"
[ "$(count '<svg class="chart hole-histogram"')" = 3 ] || fail "hole histograms missing"
[ "$(count '<svg class="chart ledger-heatmap"')" = 1 ] || fail "ledger heatmap missing"
[ "$(count '<rect class="bo"')" -ge 5 ] || fail "no BOs drawn"
[ "$(count '<circle class="expansion"')" -ge 1 ] || fail "no expansion marks"
[ "$(count '<rect class="cell ')" -ge 300 ] || fail "heatmap cells missing"
finish
