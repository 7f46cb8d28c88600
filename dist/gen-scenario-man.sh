#!/bin/sh
# gen-scenario-man.sh README.md VERSION OUT - write xdnasim-scenario(5), the
# scenario schema, from scenarios/README.md (the one text users read).
set -eu
md=$1 version=$2 out=$3
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
awk -v title=xdnasim-scenario -v section=5 -v version="$version" \
	-v name='xdnasim-scenario - the YAML scenario files of xdnasim (schema version 1)' \
	-f "$(dirname "$0")/md2man.awk" "$md" > "$tmp"
mv "$tmp" "$out"
trap - EXIT
