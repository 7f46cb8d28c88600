#!/bin/bash
# CLI test of `xdnasim sim-demo`: every design and address mode runs clean,
# the firmware gets MAP then ADD, the 100 MiB BO lands at 0x4020000; usage
# errors exit 2, --help exits 0.
. "${SRCDIR:?}/tests/cli_lib.sh"

for design in head pr1233; do
	for mode in pasid iova carveout; do
		d=$design/$mode
		expect_rc "$d" 0 "$X" sim-demo --design $design --mode $mode || continue
		expect_grep "$d: 100 MiB BO at 0x4020000 after one expansion" "$T/out" \
			'xdna_addr 0x4020000, cpu .*, 1 expansion\(s\)'
		expect_grep "$d: MAP" "$T/out" 'msg_tx .*MAP_HOST_BUFFER'
		expect_grep "$d: ADD" "$T/out" 'msg_tx .*ADD_HOST_BUFFER'
		expect_grep "$d: TDR timeout" "$T/out" 'job .*timeout'
		expect_grep "$d: check" "$T/out" '^# sim_check: ok, 0 violation'
	done
done
expect_rc "npu1 cannot hold 100 MiB" 1 "$X" sim-demo --quiet --device npu1
expect_rc "bad mode" 2 "$X" sim-demo --mode bogus
expect_rc "bad device" 2 "$X" sim-demo --device npu9
expect_rc help 0 "$X" sim-demo --help
expect_grep help "$T/out" '^usage: xdnasim sim-demo'
finish
