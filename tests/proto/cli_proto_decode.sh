#!/usr/bin/env bash
# CLI test of 'xdnasim proto-decode': exit codes, decoded fields, and error
# positions.  Bytes are the CREATE_CONTEXT frame of test_bytes.c.
. "${SRCDIR:?}/tests/cli_lib.sh"

frame="1c000000 1c000100 0000001d 02000000 01000000 00080600 01000201
       0000000000000000 00000000 02000000"

# shellcheck disable=SC2086
expect_rc "valid frame" 0 "$X" proto-decode $frame
expect_grep "header line" "$T/out" '^header: total_size=28 sz_ver=0x0001001c \(body 28, version 1\) id=0x1d000000 \(slot 0\) opcode=0x2 CREATE_CONTEXT$'
expect_grep "priority field" "$T/out" '^  0x018 context_priority *= 0x2 \(2\)$'
expect_grep "pasid field" "$T/out" '^  0x00a pasid *= 0x102 \(258\)$'

# The same from a file with comments, and from stdin.
{ echo "# CREATE_CONTEXT request"; echo "$frame"; } >"$T/img.hex"
expect_rc "file input" 0 "$X" proto-decode -f "$T/img.hex"
expect_rc "stdin input" 0 sh -c "\"$X\" proto-decode -f - <\"$T/img.hex\""

# A reply payload: GET_TELEMETRY keeps its status in the last word.
expect_rc "telemetry reply" 0 "$X" proto-decode -r -p 0x4 01000000 02000000 00010000 03000004
expect_grep "status name" "$T/out" '^  0x00c status *= 0x4000003 \(67108867\) INVALID_PARAM$'

# Malformed messages: exit 1 with the field named.
expect_rc "reserved field" 1 "$X" proto-decode -p 2 01000000 00080600 01010201 0000000000000000 \
	00000000 02000000
expect_grep "reserved message" "$T/err" 'reserved field reserved1 of create_ctx_req is 0x1'
expect_rc "lenient accepts" 0 "$X" proto-decode -p 2 01000000 00080600 01010201 \
	0000000000000000 00000000 02000000 -l
expect_rc "short payload" 1 "$X" proto-decode 04000000 04000100 0000001d 03000000
expect_grep "short payload message" "$T/err" 'total_size 4, image has 0 payload bytes'
expect_rc "image shorter than a header" 1 "$X" proto-decode 1c00

# Input errors: exit 2 with line:column.
printf '1c000000 1c000100\n0000001d 0g000000\n' >"$T/bad.hex"
expect_rc "bad hex" 2 "$X" proto-decode -f "$T/bad.hex"
expect_grep "bad hex position" "$T/err" "bad.hex:2:11: 'g' is not a hex digit"
expect_rc "odd digits" 2 "$X" proto-decode 1c0
expect_rc "missing file" 2 "$X" proto-decode -f "$T/missing.hex"
expect_rc "no input" 2 "$X" proto-decode
expect_rc "unknown option" 2 "$X" proto-decode --bogus 00
expect_rc "bad opcode" 2 "$X" proto-decode -p nope 00

expect_rc help 0 "$X" proto-decode --help
expect_grep help "$T/out" '^usage: xdnasim proto-decode'
expect_rc list 0 "$X" proto-decode --list
check "opcode list has 40 rows" [ "$(grep -c '^0x' "$T/out")" -eq 40 ]
finish
