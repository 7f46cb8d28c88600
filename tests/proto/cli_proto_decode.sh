#!/usr/bin/env bash
# CLI test of 'xdnasim proto-decode': exit codes, decoded fields, and error
# positions.  Bytes are the CREATE_CONTEXT frame of test_bytes.c.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
X="${XDNASIM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

frame="1c000000 1c000100 0000001d 02000000 01000000 00080600 01000201
       0000000000000000 00000000 02000000"

# shellcheck disable=SC2086
"$X" proto-decode $frame >"$tmp/out" 2>"$tmp/err" || fail "valid frame: exit $?"
grep -q '^header: total_size=28 sz_ver=0x0001001c (body 28, version 1) id=0x1d000000 (slot 0) opcode=0x2 CREATE_CONTEXT$' "$tmp/out" \
	|| fail "header line"
grep -q '^  0x018 context_priority *= 0x2 (2)$' "$tmp/out" || fail "priority field"
grep -q '^  0x00a pasid *= 0x102 (258)$' "$tmp/out" || fail "pasid field"

# The same from a file with comments, and from stdin.
{ echo "# CREATE_CONTEXT request"; echo "$frame"; } >"$tmp/img.hex"
"$X" proto-decode -f "$tmp/img.hex" >/dev/null || fail "file input"
"$X" proto-decode -f - <"$tmp/img.hex" >/dev/null || fail "stdin input"

# A reply payload: GET_TELEMETRY keeps its status in the last word.
"$X" proto-decode -r -p 0x4 01000000 02000000 00010000 03000004 >"$tmp/out" \
	|| fail "telemetry reply"
grep -q '^  0x00c status *= 0x4000003 (67108867) INVALID_PARAM$' "$tmp/out" || fail "status name"

# Malformed messages: exit 1 with the field named.
"$X" proto-decode -p 2 01000000 00080600 01010201 0000000000000000 00000000 02000000 \
	>/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "reserved field: exit code"
grep -q 'reserved field reserved1 of create_ctx_req is 0x1' "$tmp/err" || fail "reserved message"
"$X" proto-decode -p 2 01000000 00080600 01010201 0000000000000000 00000000 02000000 -l \
	>/dev/null || fail "lenient accepts"
"$X" proto-decode 04000000 04000100 0000001d 03000000 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "short payload: exit code"
grep -q 'total_size 4, image has 0 payload bytes' "$tmp/err" || fail "short payload message"
"$X" proto-decode 1c00 >/dev/null 2>&1
[ $? -eq 1 ] || fail "image shorter than a header"

# Input errors: exit 2 with line:column.
printf '1c000000 1c000100\n0000001d 0g000000\n' >"$tmp/bad.hex"
"$X" proto-decode -f "$tmp/bad.hex" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad hex: exit code"
grep -q "bad.hex:2:11: 'g' is not a hex digit" "$tmp/err" || fail "bad hex position"
"$X" proto-decode 1c0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "odd digits"
"$X" proto-decode -f "$tmp/missing.hex" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing file"
"$X" proto-decode >/dev/null 2>&1
[ $? -eq 2 ] || fail "no input"
"$X" proto-decode --bogus 00 >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option"
"$X" proto-decode -p nope 00 >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad opcode"

"$X" proto-decode --help | grep -q '^usage: xdnasim proto-decode' || fail "help"
[ "$("$X" proto-decode --list | grep -c '^0x')" -eq 40 ] || fail "opcode list"
echo ok
