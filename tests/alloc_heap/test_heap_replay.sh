#!/usr/bin/env bash
# CLI tests of `xdnasim heap-replay`: traces whose expectations ('-> EXPECT')
# come from docs/driver/heap.md, run with the invariant checker after every operation;
# exact diagnostics for malformed lines; exit codes.
. "${SRCDIR:?}/tests/cli_lib.sh"
D=$SRCDIR/tests/alloc_heap/traces

cd "$D" || exit 1
for t in *.trace; do
	expect_rc "$t" 0 "$X" heap-replay --check-every-op "$t"
	expect_err "$t: no stderr" /dev/null
done

# Exact result lines.
expect_rc worked 0 "$X" heap-replay worked_head.trace
expect_line worked "$T/out" "A EAGAIN (not-committed) cost 0"
expect_line worked "$T/out" "A 0x04020000 +0x6400000 chunks 0..1 cost 0"
expect_line worked "$T/out" "cb3 0x04018000 +0x1000 chunks 0..0 cost 2"
expect_line worked "$T/out" "cross_chunk_bos: 1"
expect_line worked "$T/out" "order-14 free: 112 KiB, blocks: 4"
expect_rc example3 0 "$X" heap-replay example3.trace
expect_line example3 "$T/out" "R expand: chunk 7 0x20000000 +0x4000000"
expect_line example3 "$T/out" "R 0x1f800000 +0x3200000 chunks 6..7 cost 0"
expect_rc shim 0 "$X" heap-replay shim_cases.trace
check "shim: W expands 7 times" [ "$(grep -c '^W expand: ' "$T/out")" = 7 ]
expect_line shim "$T/out" "Big EINVAL (larger-than-max) cost 0"
expect_line shim "$T/out" "C sync ok 0:0x3fff000+0x1000 1:0+0x1000"
expect_rc k2 0 "$X" heap-replay sync_k2.trace
expect_line k2 "$T/out" "A sync EINVAL"
expect_line k2 "$T/out" "A sync ok"

# Standard input, and the same bytes twice.
expect_rc stdin 0 sh -c "\"$X\" heap-replay - < worked_head.trace"
cp "$T/out" "$T/first"
expect_rc stdin2 0 sh -c "\"$X\" heap-replay < worked_head.trace"
expect_same "stdin: output differs between runs" "$T/first" "$T/out"

# An expectation that does not hold: reported, replay goes on, exit 1.
printf 'heap npu4 head pasid\nchunk 64M\nmap 0\nalloc A 100M -> ok\nalloc B 4K -> 0x04000000\n' >"$T/m.trace"
expect_rc mismatch 1 "$X" heap-replay "$T/m.trace"
expect_line mismatch "$T/err" "xdnasim heap-replay: $T/m.trace:4: expected ok, got EAGAIN"
expect_line mismatch "$T/out" "B 0x04000000 +0x1000 chunks 0..0 cost 0"

# Malformed lines: FILE:LINE:COLUMN, exit 2, the good lines before still run.
malformed() {
	printf 'heap npu4 head pasid\nchunk 64M\n%s\n' "$1" >"$T/bad.trace"
	expect_rc "malformed '$1'" 2 "$X" heap-replay "$T/bad.trace" || return
	expect_line "malformed '$1'" "$T/err" "xdnasim heap-replay: $T/bad.trace:3:$2"
	expect_line "malformed '$1'" "$T/out" "chunk 0 0x04000000 +0x4000000"
}
malformed "frob" "1: unknown operation 'frob' (heap, chunk, map, unmap, alloc, shim, free, pin, sync, metrics, check)"
malformed "chunk 64Q" "7: bad number '64Q' (decimal, 0x hex, K/M/G suffix)"
malformed "chunk 99999999999999999999" "7: bad number '99999999999999999999' (out of range)"
malformed "alloc A" "1: usage: alloc NAME SIZE [-> EXPECT]"
malformed "alloc A 4K => ok" "12: unexpected '=>' (only '-> EXPECT' may follow)"
malformed "alloc A 4K -> maybe" "15: bad expectation 'maybe' (ok, an errno name or an address)"
malformed "free Nope" "6: no live DEV BO named 'Nope'"
malformed "map 3" "5: no chunk 3 (the heap has 1)"
malformed "  heap npu4 head pasid" "3: the heap is already set up"
malformed "a b c d e f g h i" "1: too many fields"
printf 'chunk 64M\n' >"$T/nohead.trace"
expect_rc nohead 2 "$X" heap-replay "$T/nohead.trace"
expect_line nohead "$T/err" "xdnasim heap-replay: $T/nohead.trace:1:1: the first operation must be 'heap PROFILE REVISION MODE'"
printf 'heap npu9 head pasid\n' >"$T/prof.trace"
expect_rc profile 2 "$X" heap-replay "$T/prof.trace"
expect_line profile "$T/err" "xdnasim heap-replay: $T/prof.trace:1:6: unknown profile 'npu9' (npu1, npu4, npu5, npu6, aie4)"

# Options and files.
expect_rc help 0 "$X" heap-replay --help
expect_grep help "$T/out" '^usage: xdnasim heap-replay'
expect_rc option 2 "$X" heap-replay --frob
expect_rc nofile 2 "$X" heap-replay "$T/does-not-exist"
expect_rc twofiles 2 "$X" heap-replay a b

finish
