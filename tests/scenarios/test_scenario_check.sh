#!/usr/bin/env bash
# CLI test of 'xdnasim scenario-check': exit codes 0/2, the exact
# FILE:LINE:COLUMN message on stderr, --dump output that loads back, --help.
. "${SRCDIR:?}/tests/cli_lib.sh"
LIB=$SRCDIR/scenarios/library

# every library file is valid
expect_rc library 0 "$X" scenario-check "$LIB"/*.yaml
expect_err "library: no stderr" /dev/null
expect_grep "library: ok line" "$T/out" "worked_example.yaml: ok \(1 client, 4 operations\)"

# an invalid file: exit 2, exact message, nothing on stdout
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - alloc: {size: 4MB}\n' >"$T/bad.yaml"
expect_rc "bad file" 2 "$X" scenario-check "$T/bad.yaml"
echo "xdnasim scenario-check: $T/bad.yaml:6:23: alloc 'size': bad unit 'MB' in '4MB': decimal units are not supported; use KiB, MiB or GiB (binary)" >"$T/want"
expect_err "bad file: message" "$T/want"
expect_out "bad file: no stdout" /dev/null

# good and bad together: both checked, exit 2
expect_rc mixed 2 "$X" scenario-check "$LIB/worked_example.yaml" "$T/bad.yaml"
expect_grep "mixed: good file reported" "$T/out" 'worked_example.yaml: ok'
expect_grep "mixed: bad file reported" "$T/err" 'bad.yaml:6:23:'

# missing file, no file, unknown option: exit 2
expect_rc "missing file" 2 "$X" scenario-check "$T/nope.yaml"
echo "xdnasim scenario-check: $T/nope.yaml: cannot open: ENOENT (No such file or directory)" >"$T/want"
expect_err "missing file: message" "$T/want"
expect_rc "no file" 2 "$X" scenario-check
expect_rc "unknown option" 2 "$X" scenario-check --frobnicate x

# --help: usage on stdout, exit 0
expect_rc --help 0 "$X" scenario-check --help
expect_grep "--help: usage" "$T/out" '^usage: xdnasim scenario-check'
expect_rc "help scenario-check" 0 "$X" help scenario-check
expect_grep "help scenario-check: --dump" "$T/out" '--dump'

# --dump: normalized YAML that loads back and dumps identically
expect_rc --dump 0 "$X" scenario-check --dump "$LIB/worked_example.yaml"
cp "$T/out" "$T/d1.yaml"
expect_line "--dump: alloc line" "$T/d1.yaml" '      - alloc: {size: 0x6400000, count: 1, label: "A", path: shim, expect: {result: ok, addr: 0x4020000, expansions: 1}}  # 21:9'
expect_rc "--dump of dump" 0 "$X" scenario-check --dump "$T/d1.yaml"
cp "$T/out" "$T/d2.yaml"
strip() { grep -v '^#' "$1" | sed 's/  # [0-9]*:[0-9]*$//'; }
strip "$T/d1.yaml" >"$T/s1"
strip "$T/d2.yaml" >"$T/s2"
expect_same "--dump round trip" "$T/s1" "$T/s2"

# --quiet prints nothing for valid files
expect_rc --quiet 0 "$X" scenario-check --quiet "$LIB/worked_example.yaml"
expect_out "--quiet prints nothing" /dev/null
finish
