#!/usr/bin/env bash
# CLI test of 'xdnasim scenario-check': exit codes 0/2, the exact
# FILE:LINE:COLUMN message on stderr, --dump output that loads back, --help.
set -u
X=${XDNASIM:?}
LIB=${SRCDIR:?}/scenarios/library
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# every library file is valid
"$X" scenario-check "$LIB"/*.yaml >"$T/out" 2>"$T/err"
[ $? -eq 0 ] || bad "library: exit $?"; [ -s "$T/err" ] && bad "library: stderr: $(cat "$T/err")"
grep -q "worked_example.yaml: ok (1 client, 4 operations)" "$T/out" || bad "library: no ok line"

# an invalid file: exit 2, exact message, nothing on stdout
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - alloc: {size: 4MB}\n' >"$T/bad.yaml"
"$X" scenario-check "$T/bad.yaml" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || bad "bad file: exit $rc, want 2"
want="xdnasim scenario-check: $T/bad.yaml:6:23: alloc 'size': bad unit 'MB' in '4MB': decimal units are not supported; use KiB, MiB or GiB (binary)"
[ "$(cat "$T/err")" = "$want" ] || bad "bad file: stderr '$(cat "$T/err")'"
[ -s "$T/out" ] && bad "bad file: stdout not empty"

# good and bad together: both checked, exit 2
"$X" scenario-check "$LIB/worked_example.yaml" "$T/bad.yaml" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || bad "mixed: exit code"
grep -q 'worked_example.yaml: ok' "$T/out" || bad "mixed: good file not reported"
grep -q 'bad.yaml:6:23:' "$T/err" || bad "mixed: bad file not reported"

# missing file, no file, unknown option: exit 2
"$X" scenario-check "$T/nope.yaml" 2>"$T/err"; [ $? -eq 2 ] || bad "missing file: exit code"
[ "$(cat "$T/err")" = "xdnasim scenario-check: $T/nope.yaml: cannot open: ENOENT (No such file or directory)" ] || bad "missing file: '$(cat "$T/err")'"
"$X" scenario-check 2>/dev/null; [ $? -eq 2 ] || bad "no file: exit code"
"$X" scenario-check --frobnicate x 2>/dev/null; [ $? -eq 2 ] || bad "unknown option: exit code"

# --help: usage on stdout, exit 0
"$X" scenario-check --help >"$T/out" 2>/dev/null; [ $? -eq 0 ] || bad "--help: exit code"
grep -q '^usage: xdnasim scenario-check' "$T/out" || bad "--help: no usage"
"$X" help scenario-check | grep -q -- '--dump' || bad "help scenario-check"

# --dump: normalized YAML that loads back and dumps identically
"$X" scenario-check --dump "$LIB/worked_example.yaml" >"$T/d1.yaml" || bad "--dump: exit code"
grep -q '^      - alloc: {size: 0x6400000, count: 1, label: "A", path: shim, expect: {result: ok, addr: 0x4020000, expansions: 1}}  # 17:9$' "$T/d1.yaml" \
	|| bad "--dump: alloc line"
"$X" scenario-check --dump "$T/d1.yaml" >"$T/d2.yaml" || bad "--dump of dump: exit code"
diff <(grep -v '^#' "$T/d1.yaml" | sed 's/  # [0-9]*:[0-9]*$//') \
     <(grep -v '^#' "$T/d2.yaml" | sed 's/  # [0-9]*:[0-9]*$//') >/dev/null || bad "--dump round trip differs"

# --quiet prints nothing for valid files
[ -z "$("$X" scenario-check --quiet "$LIB/worked_example.yaml")" ] || bad "--quiet printed"

[ $fail -eq 0 ] && echo "cli_scenario_check: all checks passed"
exit $fail
