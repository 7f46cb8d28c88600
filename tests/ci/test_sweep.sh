#!/usr/bin/env bash
# `xdnasim sweep`: the matrix (2 revisions x 2 heap sizes x 4 seeds = 16
# runs) as CSV, JSON (valid against reports/sweep.schema.json) and HTML;
# -j 3 gives the same bytes as -j 1; three shards merged (given in any
# order) give the same bytes as the unsharded run; a missing or repeated
# shard, and bad options, are input errors (exit 2) that write nothing.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cd "$T" || exit 1

# sizes depend on the seed; one 64 MiB chunk usually overflows, four never do
cat >s.yaml <<'YAML'
xdnasim: 1
name: sweep_me
seed: 7
clients:
  - name: app
    steps:
      - open
      - alloc: {label: b, size: {uniform: {min: 256KiB, max: 1MiB}}, count: 100}
      - free: {fraction: 0.5, pattern: "b*"}
      - alloc: {label: c, size: {uniform: {min: 4KiB, max: 2MiB}}, count: 20}
      - close
expect:
  metrics: [expansions == 0]
YAML
M=(--revisions head,pr1233 --seeds 1..4 --set shim.num_heap_pages=1,4)

"$XDNASIM" sweep s.yaml "${M[@]}" --csv a.csv --json a.json --html a.html \
	--schema "$SRCDIR/reports/sweep.schema.json" >a.out 2>a.err
rc=$?
[ $rc -eq 1 ] || fail "sweep exit $rc (want 1: some runs fail): $(cat a.err)"
[ "$(wc -l <a.csv)" -eq 17 ] || fail "a.csv: $(wc -l <a.csv) lines, want 1 + 16"
head -1 a.csv | grep -q '^cell,revision,seed,shim.num_heap_pages,verdict,expects_failed,ops,committed,' ||
	fail "csv header: $(head -1 a.csv)"
grep -q ',pr1233,3,4,pass,' a.csv || fail "no passing pr1233 row with 4 pages"
grep -q ',1,fail,1,' a.csv || fail "no failing row with 1 page"
[ "$(awk -F, 'NR > 1 { print $1 }' a.csv | tr '\n' ' ')" = "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 " ] ||
	fail "rows not in cell order"
# seeds vary fastest, then the --set values, revisions slowest
[ "$(sed -n 6p a.csv | cut -d, -f1-4)" = "4,head,1,4" ] || fail "cell 4: $(sed -n 6p a.csv)"
[ "$(sed -n 10p a.csv | cut -d, -f1-4)" = "8,pr1233,1,1" ] || fail "cell 8: $(sed -n 10p a.csv)"
# different seeds, different sizes
[ "$(awk -F, 'NR > 1 && $4 == 1 && $2 == "head" { print $9 }' a.csv | sort -u | wc -l)" -gt 1 ] ||
	fail "the seed changes nothing"
grep -q '^head ' a.out && grep -q '^pr1233 ' a.out || fail "no summary per revision: $(cat a.out)"
grep -q '^peak_committed ' a.out || fail "summary lacks peak_committed"
[ "$(grep -c '<svg' a.html)" -eq 4 ] || fail "a.html: $(grep -c '<svg' a.html) plots, want 4"
command -v xmllint >/dev/null && { xmllint --noout a.html 2>x.err || fail "a.html is not well-formed: $(head -3 x.err)"; }

# -j: the same bytes
"$XDNASIM" sweep s.yaml "${M[@]}" -j 3 --csv j.csv --json j.json --html j.html >j.out 2>&1
for x in csv json html out; do cmp -s a.$x j.$x || fail "-j 3 changes $x"; done

# shards, then merge (in another order) == unsharded
"$XDNASIM" sweep s.yaml "${M[@]}" --shard 1/3 --json s1.json --quiet 2>/dev/null
"$XDNASIM" sweep s.yaml "${M[@]}" --shard 2/3 -j 2 --json s2.json --quiet 2>/dev/null
"$XDNASIM" sweep s.yaml "${M[@]}" --shard 3/3 --json s3.json --csv s3.csv --quiet 2>/dev/null
[ "$(wc -l <s3.csv)" -eq 6 ] || fail "shard 3/3 of 16 cells: $(($(wc -l <s3.csv) - 1)) rows, want 5"
"$XDNASIM" sweep --merge s3.json s1.json s2.json --csv m.csv --json m.json --html m.html >m.out 2>m.err
rc=$?
[ $rc -eq 1 ] || fail "merge exit $rc (want 1, as the unsharded run): $(cat m.err)"
for x in csv json html out; do cmp -s a.$x m.$x || fail "merged $x differs from the unsharded one"; done

# merge errors
"$XDNASIM" sweep --merge s1.json s2.json --json bad.json >/dev/null 2>e.err
[ $? -eq 2 ] || fail "merge with a shard missing: exit status"
grep -q 'cells missing' e.err || fail "merge, missing shard: $(cat e.err)"
"$XDNASIM" sweep --merge s1.json s1.json s2.json s3.json --json bad.json >/dev/null 2>e.err
[ $? -eq 2 ] || fail "merge with a shard twice: exit status"
[ ! -e bad.json ] || fail "a failed merge wrote its output"

# input errors: exit 2, nothing written
bad() {
	"$XDNASIM" sweep s.yaml "$@" --json bad.json >/dev/null 2>e.err
	local rc=$?
	[ $rc -eq 2 ] || fail "sweep $*: exit $rc, want 2"
	[ -s e.err ] || fail "sweep $*: no message"
	[ ! -e bad.json ] || fail "sweep $*: wrote its output"
}
bad --set shim.num_heap_pages=1,99
grep -q 's.yaml:' e.err || fail "bad --set value: message has no FILE: $(cat e.err)"
bad --set shim.nope=1
bad --seeds 5..1
bad --shard 4/3
bad --shard 0/3
bad --revisions head,nope
bad --metrics peak_nothing
bad -j 0
bad --set clients.3.instances=2
bad --set clients.0.steps=open
bad --set clients.0.name.x=1

# a list index: clients.0.instances
"$XDNASIM" sweep s.yaml --set clients.0.instances=1,2 --csv i.csv --quiet 2>i.err
[ $? -le 1 ] || fail "--set clients.0.instances: $(cat i.err)"
[ "$(cut -d, -f4 i.csv | tr '\n' ' ')" = "clients.0.instances 1 2 " ] || fail "i.csv: $(cat i.csv)"
[ "$(awk -F, 'NR == 3 { print $8 }' i.csv)" -gt "$(awk -F, 'NR == 2 { print $8 }' i.csv)" ] ||
	fail "two instances commit no more than one: $(cat i.csv)"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "sweep: ok"
