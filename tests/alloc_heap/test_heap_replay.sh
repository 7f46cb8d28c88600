#!/usr/bin/env bash
# CLI tests of `xdnasim heap-replay`: traces whose expectations ('-> EXPECT')
# come from heap.md, run with the invariant checker after every operation;
# exact diagnostics for malformed lines; exit codes.
set -u
X=${XDNASIM:?}
D=${SRCDIR:?}/tests/alloc_heap/traces
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run NAME WANT_RC -- command...: output in $T/out and $T/err.
run() {
	local name=$1 rc=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" != "$rc" ]; then
		bad "$name: exit $got, want $rc"; cat "$T/err" >&2; return 1
	fi
	ok
}

# has NAME FILE TEXT: FILE contains the line TEXT exactly.
has() {
	if grep -qxF -- "$3" "$2"; then ok; else bad "$1: no line '$3' in:"; cat "$2" >&2; fi
}

cd "$D" || exit 1
for t in *.trace; do
	run "$t" 0 -- "$X" heap-replay --check-every-op "$t"
	[ -s "$T/err" ] && bad "$t: unexpected stderr: $(cat "$T/err")"
done

# Exact result lines.
run worked 0 -- "$X" heap-replay worked_head.trace
has worked "$T/out" "A EAGAIN (not-committed) cost 0"
has worked "$T/out" "A 0x04020000 +0x6400000 chunks 0..1 cost 0"
has worked "$T/out" "cb3 0x04018000 +0x1000 chunks 0..0 cost 2"
has worked "$T/out" "cross_chunk_bos: 1"
has worked "$T/out" "order-14 free: 112 KiB, blocks: 4"
run example3 0 -- "$X" heap-replay example3.trace
has example3 "$T/out" "R expand: chunk 7 0x20000000 +0x4000000"
has example3 "$T/out" "R 0x1f800000 +0x3200000 chunks 6..7 cost 0"
run shim 0 -- "$X" heap-replay shim_cases.trace
[ "$(grep -c '^W expand: ' "$T/out")" = 7 ] && ok || bad "shim: W did not expand 7 times"
has shim "$T/out" "Big EINVAL (larger-than-max) cost 0"
has shim "$T/out" "C sync ok 0:0x3fff000+0x1000 1:0+0x1000"
run k2 0 -- "$X" heap-replay sync_k2.trace
has k2 "$T/out" "A sync EINVAL"
has k2 "$T/out" "A sync ok"

# Standard input, and the same bytes twice.
run stdin 0 -- sh -c "\"$X\" heap-replay - < worked_head.trace"
cp "$T/out" "$T/first"
run stdin2 0 -- sh -c "\"$X\" heap-replay < worked_head.trace"
cmp -s "$T/first" "$T/out" && ok || bad "stdin: output differs between runs"

# An expectation that does not hold: reported, replay goes on, exit 1.
printf 'heap npu4 head pasid\nchunk 64M\nmap 0\nalloc A 100M -> ok\nalloc B 4K -> 0x04000000\n' >"$T/m.trace"
run mismatch 1 -- "$X" heap-replay "$T/m.trace"
has mismatch "$T/err" "xdnasim heap-replay: $T/m.trace:4: expected ok, got EAGAIN"
has mismatch "$T/out" "B 0x04000000 +0x1000 chunks 0..0 cost 0"

# Malformed lines: FILE:LINE:COLUMN, exit 2, the good lines before still run.
malformed() {
	printf 'heap npu4 head pasid\nchunk 64M\n%s\n' "$1" >"$T/bad.trace"
	run "malformed '$1'" 2 -- "$X" heap-replay "$T/bad.trace" || return
	has "malformed '$1'" "$T/err" "xdnasim heap-replay: $T/bad.trace:3:$2"
	has "malformed '$1'" "$T/out" "chunk 0 0x04000000 +0x4000000"
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
run nohead 2 -- "$X" heap-replay "$T/nohead.trace"
has nohead "$T/err" "xdnasim heap-replay: $T/nohead.trace:1:1: the first operation must be 'heap PROFILE DESIGN MODE'"
printf 'heap npu9 head pasid\n' >"$T/prof.trace"
run profile 2 -- "$X" heap-replay "$T/prof.trace"
has profile "$T/err" "xdnasim heap-replay: $T/prof.trace:1:6: unknown profile 'npu9' (npu1, npu4, npu5, npu6, aie4)"

# Options and files.
run help 0 -- "$X" heap-replay --help
grep -q '^usage: xdnasim heap-replay' "$T/out" && ok || bad "help: no usage on stdout"
run option 2 -- "$X" heap-replay --frob
run nofile 2 -- "$X" heap-replay "$T/does-not-exist"
run twofiles 2 -- "$X" heap-replay a b

echo "heap-replay: $pass passed, $fail failed"
[ "$fail" = 0 ]
