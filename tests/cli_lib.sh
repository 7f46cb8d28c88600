# SPDX-License-Identifier: MIT
# tests/cli_lib.sh - the one harness of the CLI test scripts.  Source it:
#
#   . "$SRCDIR/tests/cli_lib.sh"
#
# It sets -u, X (the xdnasim program, $XDNASIM) and T (a scratch directory
# removed at exit), and counts checks: each helper below adds one pass or one
# failure (a "FAIL: NAME: ..." line on stderr); `finish` prints the counts and
# exits 1 if anything failed.  A script never exits early on a failed check.
#
#   expect_rc NAME WANT CMD...   CMD exits WANT; its stdout is in $T/out,
#                                its stderr in $T/err (shown on a failure)
#   expect_out NAME WANT_FILE    $T/out equals WANT_FILE (diff on a failure)
#   expect_err NAME WANT_FILE    $T/err equals WANT_FILE
#   expect_grep NAME FILE ERE    a line of FILE matches ERE (grep -E)
#   expect_no_grep NAME FILE ERE no line of FILE matches ERE
#   expect_line NAME FILE TEXT   FILE has the line TEXT exactly
#   expect_same NAME A B         files A and B are byte-identical
#   check NAME CMD...            CMD succeeds (any other condition)
#   pass / fail NAME MSG         count one check by hand
#   finish                       the summary line and the exit status
set -u
X=${XDNASIM:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cli_pass=0
cli_fail=0

pass() { cli_pass=$((cli_pass + 1)); }
fail() {
	cli_fail=$((cli_fail + 1))
	echo "FAIL: $*" >&2
}

expect_rc() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then
		pass
		return 0
	fi
	fail "$name: exit $got, want $want: $*"
	head -5 "$T/err" >&2
	return 1
}

expect_out() {
	if diff -u "$2" "$T/out" >&2; then pass; else fail "$1: stdout differs (- want, + got)"; fi
}

expect_err() {
	if diff -u "$2" "$T/err" >&2; then pass; else fail "$1: stderr differs (- want, + got)"; fi
}

expect_grep() {
	if grep -Eq -- "$3" "$2"; then
		pass
	else
		fail "$1: no line matching '$3' in $2:"
		head -5 "$2" >&2
	fi
}

expect_no_grep() {
	if grep -Eq -- "$3" "$2"; then fail "$1: a line matches '$3' in $2"; else pass; fi
}

expect_line() {
	if grep -qxF -- "$3" "$2"; then
		pass
	else
		fail "$1: no line '$3' in $2:"
		head -5 "$2" >&2
	fi
}

expect_same() {
	if cmp -s "$2" "$3"; then pass; else fail "$1: $2 and $3 differ"; fi
}

check() {
	local name=$1
	shift
	if "$@"; then pass; else fail "$name"; fi
}

finish() {
	echo "${0##*/}: $cli_pass passed, $cli_fail failed"
	[ "$cli_fail" = 0 ] || exit 1
	exit 0
}
