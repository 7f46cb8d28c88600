#!/usr/bin/env bash
# The generated man pages: xdnasim(1) has a section for every command of
# `xdnasim list commands` holding that command's --help text, and lists
# every option --help names; xdnasim-scenario(5) covers every section of
# scenarios/README.md; groff formats both without a warning.
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
M1="$BINDIR/dist/xdnasim.1"
M5="$BINDIR/dist/xdnasim-scenario.5"
[ -s "$M1" ] && [ -s "$M5" ] || { echo "FAIL: man pages not built"; exit 1; }

# roff text back to plain text for comparisons
plain() { sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/^\\&//' "$@"; }

for c in $("$XDNASIM" list commands); do
	grep -qx ".SS $c" "$M1" || fail "xdnasim.1 has no section for '$c'"
	# the section is exactly `xdnasim help CMD`
	diff <("$XDNASIM" help "$c") \
	     <(plain "$M1" | awk -v c="$c" '$0 == ".SS " c { s = 1; next }
		s && /^\.nf$/ { p = 1; next } p && /^\.fi$/ { exit } p') >/dev/null ||
		fail "xdnasim.1 section '$c' differs from 'xdnasim help $c'"
done
while read -r h; do
	t=$(echo "$h" | sed 's/^## //')
	grep -qix ".SH $t" <(plain "$M5") || [ "$t" = Contents ] ||
		fail "xdnasim-scenario.5 has no section '$t'"
done < <(grep '^## ' "$SRCDIR/scenarios/README.md")

if command -v groff >/dev/null; then
	for m in "$M1" "$M5"; do
		w=$(groff -man -Tutf8 -ww -z "$m" 2>&1)
		[ -z "$w" ] || fail "groff warns on $m: $w"
	done
else
	echo "note: groff not found, formatting not checked"
fi
[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "man pages: ok"
