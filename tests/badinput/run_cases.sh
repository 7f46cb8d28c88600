#!/usr/bin/env bash
# The bad-input suite (issue 15): one directory per case under
# tests/badinput/<input kind>/<case>/, in the manner of jansson's test suites.
#
#   cmd      the command, a bash line run in a fresh work directory holding
#            the case's other files; $X is xdnasim (under $XDNASIM_WRAP, e.g.
#            valgrind), $SRCDIR the source tree
#   status   the expected exit status
#   error    the expected first line of stderr, exactly ("" = none)
#   setup    optional bash run before cmd (make directories, copy scenarios)
#   check    optional bash run after cmd; must exit 0
#   writes   optional: the files a failing command writes on purpose, one
#            per line (`run --json` reports every file, the ones that did
#            not load as errors: docs/run.md)
#   input*   the input files (any bytes: NULs, invalid UTF-8 ...)
#
# A failing case (status != 0) must leave the work directory exactly as it
# was after setup, but for its 'writes': no new file (no output, no
# temporary file), no changed file (an output refused because it is an
# input stays intact).
#
# Usage: run_cases.sh [CASE-DIR...]   (default: every case)
. "${SRCDIR:?}/tests/cli_lib.sh"
X_BIN=$X
SRC=$SRCDIR
ROOT=$SRC/tests/badinput/cases
WRAP=${XDNASIM_WRAP:-}
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

# Everything under the work directory: names, types and contents.
snapshot() {
	(cd "$1" && find . -mindepth 1 -printf '%y %p\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum)
}

# The snapshot without the lines of the case's 'writes' files.
unwritten() {
	if [ -f "$1/writes" ]; then
		grep -v -F -f <(sed '/^$/d; s|^|./|' "$1/writes")
	else
		cat
	fi
}

run_case() {
	local c=$1 name=${1#"$ROOT"/} w="$T/w" want_status want_err got_err st
	chmod -R u+w "$w" 2>/dev/null
	rm -rf "$w" && mkdir "$w" || return
	for f in "$c"/*; do
		case ${f##*/} in cmd | status | error | setup | check | writes) ;; *) cp -r "$f" "$w/" ;; esac
	done
	want_status=$(cat "$c/status")
	want_err=$(cat "$c/error" 2>/dev/null)
	if [ -f "$c/setup" ]; then
		(cd "$w" && SRCDIR=$SRC bash "$c/setup") || { fail "$name:" "setup failed"; return; }
	fi
	snapshot "$w" | unwritten "$c" >"$T/before"
	(cd "$w" && X="$WRAP $X_BIN" SRCDIR=$SRC bash -c "$(cat "$c/cmd")") \
		>"$T/out" 2>"$T/err" </dev/null
	st=$?
	got_err=$(head -n 1 "$T/err")
	if [ "$st" != "$want_status" ]; then
		fail "$name:" "exit $st, want $want_status; stderr:"; cat "$T/err" >&2; return
	fi
	if [ "$got_err" != "$want_err" ]; then
		fail "$name:" "first stderr line differs"
		printf '   got: %s\n  want: %s\n' "$got_err" "$want_err" >&2
		return
	fi
	if [ "$want_status" != 0 ]; then
		snapshot "$w" | unwritten "$c" >"$T/after"
		if ! diff "$T/before" "$T/after" >"$T/diff"; then
			fail "$name:" "the failed command left files behind or changed them:"
			cat "$T/diff" >&2
			return
		fi
	fi
	if [ -f "$c/check" ] && ! (cd "$w" && SRCDIR=$SRC bash "$c/check") >"$T/chk" 2>&1; then
		fail "$name:" "check failed:"; cat "$T/chk" >&2; return
	fi
	pass
}

if [ $# -gt 0 ]; then
	cases=()
	for a in "$@"; do cases+=("$(realpath "$a")"); done
else
	mapfile -t cases < <(find "$ROOT" -mindepth 2 -maxdepth 2 -type d | LC_ALL=C sort)
fi
for c in "${cases[@]}"; do
	run_case "$c"
done
finish
