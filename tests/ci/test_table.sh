#!/usr/bin/env bash
# The final table of `xdnasim run`: sizes in MiB in every row, the legend,
# and "peak heap" / "peak live" as the most all clients held at one moment:
# a client that grows to 128 MiB and closes, then one that stays at 64 MiB,
# peak at 128 MiB together (the metric peak_committed adds the two peaks,
# 192 MiB, which never existed); interleaved (library two_opens) two clients
# do hold 256 MiB at once.
. "${SRCDIR:?}/tests/cli_lib.sh"

cat >"$T/seq.yaml" <<'YAML'
xdnasim: 1
name: sequential_peaks
schedule: sequential
clients:
  - name: a
    steps:
      - open
      - alloc: {label: b, size: 100MiB, expect: {addr: 0x0400_0000, expansions: 1}}
      - close
  - name: c
    steps:
      - open
      - alloc: {label: b, size: 40MiB}
      - close
expect:
  metrics:
    - peak_committed == 192MiB     # summed: 128 MiB + 64 MiB, never at once
YAML
"$XDNASIM" run --quiet "$T/seq.yaml" "$SRCDIR/scenarios/library/two_opens.yaml" >"$T/out" 2>"$T/err" ||
	fail "run: $(cat "$T/err")"
row() { awk -v s="$1" '$1 == s' "$T/out"; }
# columns: scenario revision mode result expect grow failed peak-heap peak-live ops
[ "$(row sequential_peaks | awk '{print $8, $9}')" = "128.00 100.00" ] ||
	fail "sequential peaks: $(row sequential_peaks)"
[ "$(row two_opens | awk '{print $8, $9}')" = "256.00 200.01" ] || fail "two_opens peaks: $(row two_opens)"
grep -q '^ *ok/all chunks  steps *MiB *MiB$' "$T/out" || fail "no unit line: $(head -3 "$T/out")"
grep -q '^peak heap / peak live: the most committed / live bytes' "$T/out" || fail "no legend"
[ "$cli_fail" = 0 ] || cat "$T/out"
finish
