#!/bin/bash
# The two invariant-6 fuzz findings (docs/fuzzing.md finding 2) replayed
# with `xdnasim run --check-every-op`: munmap of chunk 0 under a live hwctx
# passes with a stale firmware address note (docs/driver/heap.md §14 item 9); the shim
# case stops at the genuine INVALID address HEAD sends (invariant 10,
# docs/driver/heap.md §14 item 1), never at invariant 6.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
F=$SRCDIR/tests/fuzz/findings

out=$("$XDNASIM" run --check-every-op "$F/inv6_munmap_under_hwctx.yaml") ||
	fail "munmap finding exited $?: $out"
grep -q '^  invariant violations: none$' <<<"$out" || fail "munmap finding: violation"
grep -q '^  notes: 1 stale firmware address(es) (docs/driver/heap.md §14 item 9), first: client 1 hwctx 1 chunk 0 sent 0x7e0100000000, now 0xffffffffffffffff$' <<<"$out" ||
	fail "munmap finding: no exact stale note: $out"

out=$("$XDNASIM" run --check-every-op "$F/inv6_shim_maps_over_chunk.yaml")
rc=$?
[ $rc -eq 1 ] || fail "shim finding exited $rc, want 1 (invariant 10)"
grep -q '^  first invariant violation: 10 ' <<<"$out" || fail "shim finding: not invariant 10: $out"
grep -q 'invariant violation: 6 ' <<<"$out" && fail "shim finding: invariant 6"
exit 0
