#!/usr/bin/env bash
# CLI tests of `xdnasim mm-replay`: golden traces (expected outputs written
# from drm_mm.md, not recorded from the program), every malformed-line
# message with its exact FILE:LINE text and exit 2, EINVAL lines, options.
set -u
X=${XDNASIM:?}
D=${SRCDIR:?}/tests/alloc/traces
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect_run NAME WANT_RC WANT_STDOUT_FILE WANT_STDERR_FILE -- command...
expect_run() {
	local name=$1 rc=$2 out=$3 err=$4
	shift 5
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" != "$rc" ]; then
		bad "$name: exit $got, want $rc"; cat "$T/err" >&2; return
	fi
	if [ -n "$out" ] && ! diff -u "$out" "$T/out" >&2; then
		bad "$name: stdout differs"; return
	fi
	if [ -n "$err" ] && ! diff -u "$err" "$T/err" >&2; then
		bad "$name: stderr differs"; return
	fi
	ok
}

# Golden traces, run from their directory so FILE is the bare name.
cd "$D" || exit 1
for t in *.trace; do
	base=${t%.trace}
	err=""
	[ -f "$base.err" ] && err="$D/$base.err"
	expect_run "$t" 0 "$D/$base.out" "$err" -- "$X" mm-replay "$t"
done
# The same through standard input, and byte-identical on a second run.
expect_run "stdin" 0 "$D/worked.out" "" -- sh -c "\"$X\" mm-replay - < worked.trace"
expect_run "stdin-default" 0 "$D/worked.out" "" -- sh -c "\"$X\" mm-replay < worked.trace"
expect_run "check-every-op" 0 "$D/extremes.out" "" -- "$X" mm-replay --check-every-op extremes.trace
cd "$T" || exit 1

# malformed LINE-CONTENT COLUMN EXPECTED-MESSAGE: the line is line 3 of
# bad.trace, after two good lines whose output must still appear; COLUMN is
# that of the offending field (a missing one: just past the last field).
malformed() {
	printf 'init 0 100\n\n%s\ninsert 9 1 0 best\n' "$1" >bad.trace
	printf 'ok\n' >want.out
	printf 'xdnasim mm-replay: bad.trace:3:%s: %s\n' "$2" "$3" >want.err
	expect_run "malformed '$1'" 2 want.out want.err -- "$X" mm-replay bad.trace
}
malformed "frobnicate 1" 1 "unknown command 'frobnicate'"
malformed "Insert 1 2 0 best" 1 "unknown command 'Insert'"
malformed "insert" 7 "insert: missing ID"
malformed "insert 1" 9 "insert: missing SIZE"
malformed "insert 1 2" 11 "insert: missing ALIGN"
malformed "insert 1 2 0" 13 "insert: missing MODE"
malformed "insert 1 2 0 best 5" 20 "insert: missing REND"
malformed "insert 1 2 0 best 5 6 7" 23 "insert: unexpected extra field '7'"
malformed "insert 1 2 0 bestest" 14 "insert: unknown MODE 'bestest' (best, low, high, evict, optionally with +once; lowest, highest)"
malformed "insert 1 2 0 lowest+once" 14 "insert: unknown MODE 'lowest+once' (best, low, high, evict, optionally with +once; lowest, highest)"
malformed "insert x 2 0 best" 8 "insert: ID 'x' is not a decimal number"
malformed "insert 1 0x10 0 best" 10 "insert: SIZE '0x10' is not a decimal number"
malformed "insert 1 -2 0 best" 10 "insert: SIZE '-2' is not a decimal number"
malformed "insert 1 2 +4 best" 12 "insert: ALIGN '+4' is not a decimal number"
malformed "insert 1 2 0 best 18446744073709551616 1" 19 "insert: RSTART '18446744073709551616' is larger than 2^64-1"
malformed "insert 1 2 0 best 0 99999999999999999999x" 21 "insert: REND '99999999999999999999x' is not a decimal number"
malformed "reserve 1 2" 12 "reserve: missing SIZE"
malformed "reserve 1 2 3 4" 15 "reserve: unexpected extra field '4'"
malformed "reserve 1 2.5 3" 11 "reserve: START '2.5' is not a decimal number"
malformed "remove" 7 "remove: missing ID"
malformed "remove 1 2" 10 "remove: unexpected extra field '2'"
malformed "remove 18446744073709551616" 8 "remove: ID '18446744073709551616' is larger than 2^64-1"
malformed "init 0" 7 "init: missing SIZE"
malformed "init 0 1 2" 10 "init: unexpected extra field '2'"
malformed "holes 1" 7 "holes: unexpected extra field '1'"
malformed "stack now" 7 "stack: unexpected extra field 'now'"
malformed "nodes x" 7 "nodes: unexpected extra field 'x'"
malformed "check all" 7 "check: unexpected extra field 'all'"
malformed "a b c d e f g h i" 1 "too many fields (at most 7)"

# Comments, blank lines, tabs and CRLF line ends print nothing extra.
printf '# header\n\ninit 0 16 # trailing comment\r\n\t  \n#\ninsert\t1 4 0 best#x\n   \n' >c.trace
printf 'ok\n1 0\n' >want.out
expect_run "comments" 0 want.out /dev/null -- "$X" mm-replay c.trace
# A last line without a newline still runs.
printf 'init 0 16\ninsert 1 4 0 high' >nonl.trace
printf 'ok\n1 12\n' >want.out
expect_run "no final newline" 0 want.out /dev/null -- "$X" mm-replay nonl.trace
# An empty trace prints nothing.
: >empty.trace
expect_run "empty" 0 /dev/null /dev/null -- "$X" mm-replay empty.trace

# Usage errors and help.
expect_run "missing file" 2 /dev/null "" -- "$X" mm-replay does-not-exist.trace
expect_run "bad option" 2 /dev/null "" -- "$X" mm-replay --frob
expect_run "two files" 2 /dev/null "" -- "$X" mm-replay a b
"$X" mm-replay --help >help.out 2>/dev/null && grep -q '^usage: xdnasim mm-replay' help.out && ok ||
	bad "--help"
"$X" help mm-replay | grep -q 'check-every-op' && ok || bad "help mm-replay"
"$X" demo >demo.out && grep -q '0x04020000' demo.out && ok || bad "demo"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
