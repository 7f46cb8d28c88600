#!/bin/bash
# The two invariant-6 fuzz findings (docs/fuzzing.md finding 2) replayed
# with `xdnasim run --check-every-op`: munmap of chunk 0 under a live hwctx
# passes with a stale firmware address note (docs/driver/heap.md §14 item 9); the shim
# case stops at the genuine INVALID address HEAD sends (invariant 10,
# docs/driver/heap.md §14 item 1), never at invariant 6.
. "${SRCDIR:?}/tests/cli_lib.sh"
F=$SRCDIR/tests/fuzz/findings

expect_rc "munmap finding" 0 "$X" run --check-every-op "$F/inv6_munmap_under_hwctx.yaml"
expect_line "munmap finding: no violation" "$T/out" '  invariant violations: none'
expect_line "munmap finding: exact stale note" "$T/out" \
	'  notes: 1 stale firmware address(es) (docs/driver/heap.md §14 item 9), first: client 1 hwctx 1 chunk 0 sent 0x7e0100000000, now 0xffffffffffffffff'

expect_rc "shim finding stops at invariant 10" 1 "$X" run --check-every-op \
	"$F/inv6_shim_maps_over_chunk.yaml"
expect_grep "shim finding: invariant 10" "$T/out" '^  first invariant violation: sim.10 '
expect_no_grep "shim finding: not invariant 6" "$T/out" 'invariant violation: 6 '
finish
