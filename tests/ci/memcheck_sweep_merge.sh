#!/usr/bin/env bash
# `xdnasim sweep --merge` (reading shard JSON back) and the error paths of
# the sweep's option parsing under $MEMCHECK (valgrind with the suite's
# options): zero errors, zero leaks.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S="$SRCDIR/scenarios/library/two_opens.yaml"
M=(--revisions head,pr1233 --seeds 1..3 --set mode=pasid,iova)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for i in 1 2; do
	"$XDNASIM" sweep "$S" "${M[@]}" --shard $i/2 --json "$T/s$i.json" --quiet || fail "shard $i"
done
# shellcheck disable=SC2086
$MEMCHECK "$XDNASIM" sweep --merge "$T/s2.json" "$T/s1.json" --csv "$T/m.csv" --json "$T/m.json" \
	--html "$T/m.html" >/dev/null || fail "merge under memcheck"
# shellcheck disable=SC2086
$MEMCHECK "$XDNASIM" sweep --merge "$T/s2.json" --json "$T/x.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "incomplete merge under memcheck: not exit 2"
# shellcheck disable=SC2086
$MEMCHECK "$XDNASIM" sweep "$S" --revisions head,nope --seeds 1..3 --set mode=pasid,nope >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad revision under memcheck: not exit 2"
# shellcheck disable=SC2086
$MEMCHECK "$XDNASIM" sweep "$S" --set mode=pasid,nope >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --set value under memcheck: not exit 2"
[ "$fails" -eq 0 ] || exit 1
echo "sweep merge under memcheck: ok"
