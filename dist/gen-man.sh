#!/bin/sh
# gen-man.sh XDNASIM VERSION OUT - write the xdnasim(1) man page to OUT.
#
# Every section comes from the program itself: the synopsis and description
# from `xdnasim --help`, one subsection per command (from `xdnasim list
# commands`) holding exactly what `xdnasim help COMMAND` prints.  The page
# therefore says what --help says; nothing here is written twice.
set -eu
x=$1 version=$2 out=$3
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT

# roff-escape a text block: backslashes, minus signs, leading . and '
esc() {
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

help=$("$x" --help)
{
	printf '.TH XDNASIM 1 "" "xdnasim %s" "xdnasim manual"\n' "$version"
	printf '.SH NAME\nxdnasim \\- '
	# the description paragraph of --help, as one line
	printf '%s\n' "$help" | awk 'NR > 2 && /^$/ { exit } NR > 2 { printf "%s%s", sep, $0; sep = " " }
		END { print "" }' | sed -e 's/\.$//' | esc
	printf '.SH SYNOPSIS\n.nf\n'
	printf '%s\n' "$help" | sed -n '1s/^usage: //p' | esc
	printf '.fi\n.SH DESCRIPTION\n.nf\n'
	printf '%s\n' "$help" | sed -n '3,$p' | esc
	printf '.fi\n.SH COMMANDS\n'
	for c in $("$x" list commands); do
		printf '.SS %s\n.nf\n' "$c"
		"$x" help "$c" | esc
		printf '.fi\n'
	done
	cat <<'EOT'
.SH ENVIRONMENT
.TP
.B XDNASIM_SEED
Test programs read their seed from it (decimal or 0x hex) and print it when
a test fails; the same seed gives byte\-identical output.
.SH FILES
.TP
.I PREFIX/share/xdnasim/scenarios/
the scenario library, the regression scenarios of historical driver bugs
and the findings
.TP
.I PREFIX/share/xdnasim/schemas/
JSON Schemas of the run report, the coverage report and the sweep result,
and the XML Schema of the JUnit output
.TP
.I PREFIX/share/bash\-completion/completions/xdnasim
bash completion of commands, options, designs, fault sites and metric names
.SH SEE ALSO
.BR xdnasim\-scenario (5)
EOT
} > "$tmp"
mv "$tmp" "$out"
trap - EXIT
