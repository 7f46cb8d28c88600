#!/bin/bash
# CLI test of `xdnasim sim-demo`: every design and address mode runs clean,
# the firmware gets MAP then ADD, the 100 MiB BO lands at 0x4020000; usage
# errors exit 2, --help exits 0.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }

for design in head pr1233; do
	for mode in pasid iova carveout; do
		out=$("$XDNASIM" sim-demo --design $design --mode $mode) ||
			fail "$design/$mode exited $?"
		grep -q 'xdna_addr 0x4020000, cpu .*, 1 expansion(s)' <<<"$out" ||
			fail "$design/$mode: 100 MiB BO not at 0x4020000 after one expansion"
		grep -q 'msg_tx .*MAP_HOST_BUFFER' <<<"$out" || fail "$design/$mode: no MAP"
		grep -q 'msg_tx .*ADD_HOST_BUFFER' <<<"$out" || fail "$design/$mode: no ADD"
		grep -q 'job .*timeout' <<<"$out" || fail "$design/$mode: no TDR timeout"
		grep -q '^# sim_check: ok, 0 violation' <<<"$out" || fail "$design/$mode: check"
	done
done
"$XDNASIM" sim-demo --quiet --device npu1 >/dev/null && fail "npu1 cannot hold 100 MiB"
[ $? -eq 1 ] || fail "npu1 should exit 1"
"$XDNASIM" sim-demo --mode bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad mode should exit 2"
"$XDNASIM" sim-demo --device npu9 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad device should exit 2"
"$XDNASIM" sim-demo --help | grep -q '^usage: xdnasim sim-demo' || fail "--help"
exit 0
