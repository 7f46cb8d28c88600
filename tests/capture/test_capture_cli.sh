#!/usr/bin/env bash
# The closed loop of docs/capture.md, host-only: tests/capture/shimlike (what
# the XRT shim does with the device heap, through the uapi only) runs under
# libxdnasim-capture.so with XDNASIM_EMULATE=1 and XDNASIM_CAPTURE; the
# capture is imported; the imported scenario replayed by `xdnasim run` must
# pass, and its expectations must be exactly the allocations the program saw
# (size, device address, expansions).  Then malformed captures and bad
# command lines: exit 2, FILE:LINE:COLUMN, nothing written.
# Environment: XDNASIM, BINDIR (the build), SRCDIR, VALGRIND (optional: also
# run the program under memcheck).
. "$SRCDIR/tests/cli_lib.sh"
LIB="$BINDIR/capture/libxdnasim-capture.so"
APP="$BINDIR/tests/capture/shimlike"

# A sanitizer build's library needs its runtimes loaded first.
preload=$LIB
runtimes=$(ldd "$LIB" 2>/dev/null | awk '/lib(a|ub)san/ { print $3 }' | tr '\n' ':')
[ -n "$runtimes" ] && preload="$runtimes$LIB"

# roundtrip WORKLOAD [WRAPPER...]
roundtrip() {
	local w=$1; shift
	rm -f "$T/$w.cap"
	LD_PRELOAD=$preload XDNASIM_EMULATE=1 XDNASIM_CAPTURE="$T/$w.cap" "$@" "$APP" "$w" \
		>"$T/$w.app" 2>"$T/$w.apperr"
	local rc=$?
	[ "$rc" -eq 0 ] || { fail "$w: shimlike exit $rc: $(head -3 "$T/$w.apperr")"; return; }
	expect_rc roundtrip-workload-wrapper-1 0 "$X" import "$T/$w.cap" -o "$T/$w.yaml"
	expect_grep roundtrip-workload-wrapper-2 "$T/err" "^xdnasim import: $T/$w.yaml: [0-9]+ clients?, "
	expect_rc roundtrip-workload-wrapper-3 0 "$X" run --quiet "$T/$w.yaml"
	expect_grep roundtrip-workload-wrapper-4 "$T/out" "^$w +pr1705 +pasid +PASS"
	# the allocations the program saw are exactly the scenario's expectations
	sed -n 's/^alloc \([0-9]*\) addr \(0x[0-9a-f]*\) expansions \([0-9]*\)$/\1 \2 \3/p' "$T/$w.app" \
		| sort >"$T/$w.want"
	sed -n 's/.*alloc: {label: [^,]*, size: \([0-9]*\), expect: {result: ok, addr: \(0x[0-9a-f]*\), expansions: \([0-9]*\)}}$/\1 \2 \3/p' \
		"$T/$w.yaml" | sort >"$T/$w.got"
	[ -s "$T/$w.want" ] || fail "$w: the program printed no allocation"
	expect_same "$w: the allocations the program saw are the expectations" "$T/$w.want" "$T/$w.got"
}

roundtrip small
roundtrip two
expect_grep "two: interleaved" "$T/two.yaml" '^schedule: interleave'
expect_grep "small: firmware version imported" "$T/small.yaml" '^firmware: "6\.'
if [ -n "${VALGRIND:-}" ] && [ -z "$runtimes" ]; then
	roundtrip small "$VALGRIND" --quiet --error-exitcode=1 --leak-check=full
fi

# The library's workloads driven through the uapi (tests/capture/play): under
# emulation each step's expectations hold; the capture, imported for the same
# design, mode and device, replays with its own expectations, and its expansions
# and peak heap and live bytes are those of the scenario run directly.
PLAY="$BINDIR/tests/capture/play"
played=0
for f in "$SRCDIR"/scenarios/library/*.yaml; do
	n=$(basename "$f" .yaml)
	envs=$("$PLAY" --env "$f") || { fail "play --env $n"; continue; }
	rm -f "$T/p.cap"
	env $envs LD_PRELOAD=$preload XDNASIM_EMULATE=1 XDNASIM_CAPTURE="$T/p.cap" "$PLAY" "$f" >"$T/p.out" 2>&1
	rc=$?
	[ "$rc" -eq 77 ] && continue
	[ "$rc" -eq 0 ] || { fail "$n: the uapi program disagrees with the scenario: $(head -3 "$T/p.out")"; continue; }
	design=$(echo "$envs" | sed 's/.*XDNASIM_DESIGN=\([^ ]*\).*/\1/')
	mode=$(echo "$envs" | sed 's/.*XDNASIM_MODE=\([^ ]*\).*/\1/')
	device=$(echo "$envs" | sed 's/.*XDNASIM_DEVICE=\([^ ]*\).*/\1/')
	expect_rc the-library-s-1 0 "$X" import --name "$n" --design "$design" --mode "$mode" --device "$device" \
		"$T/p.cap" -o "$T/p.yaml"
	expect_rc the-library-s-2 0 "$X" run --quiet "$T/p.yaml"
	awk -v n="$n" '$1 == n { print $6, $8, $9 }' "$T/out" >"$T/p.got"
	expect_rc the-library-s-3 0 "$X" run --quiet "$f"
	awk -v n="$n" '$1 == n { print $6, $8, $9 }' "$T/out" >"$T/p.want"
	[ -s "$T/p.want" ] && cmp -s "$T/p.want" "$T/p.got" ||
		fail "$n: replayed capture differs (grow, peak heap, peak live): $(cat "$T/p.want") vs $(cat "$T/p.got")"
	# the steps that failed through the uapi are the ones that fail in the run
	want=$(awk -v n="$n" '$1 == n { print $7 }' "$T/out")
	grep -qx "failures: $want" "$T/p.out" ||
		fail "$n: $(grep failures "$T/p.out") through the uapi, $want in the run"
	played=$((played + 1))
done
echo "library scenarios through the uapi round trip: $played"
check "at least 15 library scenarios through the uapi round trip (got $played)" [ "$played" -ge 15 ]

# the same capture imports to the same bytes; --anonymise leaves no pid
expect_rc the-same-capture-1 0 "$X" import --name small "$T/small.cap" -o "$T/again.yaml"
expect_same "import is not deterministic" "$T/small.yaml" "$T/again.yaml"
expect_rc the-same-capture-2 0 "$X" import --anonymise --name anon "$T/small.cap" -o -
expect_no_grep "--anonymise output names no process" "$T/out" 'process'
expect_grep the-same-capture-3 "$T/out" '^name: "anon"$'
expect_rc the-same-capture-4 0 "$X" import --scale 1/2 --clients 0 "$T/two.cap" -o "$T/half.yaml"
expect_no_grep "--scale drops expectations" "$T/half.yaml" 'expect'
expect_no_grep "--clients 0 drops the second client" "$T/half.yaml" 'interleave'
expect_rc the-same-capture-5 0 "$X" run --quiet "$T/half.yaml"

# errors: usage, unreadable and malformed captures; nothing is written
expect_rc errors-usage-unreadable-1 0 "$X" import --help
expect_grep errors-usage-unreadable-2 "$T/out" '^usage: xdnasim import'
expect_rc errors-usage-unreadable-3 2 "$X" import "$T/small.cap"
expect_grep errors-usage-unreadable-4 "$T/err" 'no output given'
expect_rc errors-usage-unreadable-5 2 "$X" import --scale 0 "$T/small.cap" -o "$T/x.yaml"
expect_rc errors-usage-unreadable-6 2 "$X" import --time later "$T/small.cap" -o "$T/x.yaml"
expect_rc errors-usage-unreadable-7 2 "$X" import "$T/nope.cap" -o "$T/x.yaml"
expect_grep errors-usage-unreadable-8 "$T/err" "^xdnasim import: $T/nope.cap: cannot open: ENOENT \(No such file or directory\)$"
expect_rc errors-usage-unreadable-9 2 "$X" import "$T" -o "$T/x.yaml"
expect_grep errors-usage-unreadable-10 "$T/err" "^xdnasim import: $T: is a directory, not a file$"
head -3 "$T/small.cap" >"$T/bad.cap"
printf '{"call":"create_bo","t":1,"pid":1,"tid":1,"fd":4,"size":0x10}\n' >>"$T/bad.cap"
expect_rc errors-usage-unreadable-11 2 "$X" import "$T/bad.cap" -o "$T/x.yaml"
expect_grep errors-usage-unreadable-12 "$T/err" "^xdnasim import: $T/bad.cap:4:58: expected '}'$"
printf '{"call":"start","t":0,"pid":1,"tid":1,"xdnasim_capture":1}\n{"call":"o\0pen"}\n' >"$T/nul.cap"
expect_rc errors-usage-unreadable-13 2 "$X" import "$T/nul.cap" -o "$T/x.yaml"
expect_grep errors-usage-unreadable-14 "$T/err" "^xdnasim import: $T/nul.cap:2:11: NUL byte"
printf '{"call":"start","t":0,"pid":1,"tid":1,"xdnasim_capture":1}\n{"call":"create_bo","t":1,"pid":1,"tid":1,"fd":4,"ret":0}\n' >"$T/orphan.cap"
expect_rc errors-usage-unreadable-15 2 "$X" import "$T/orphan.cap" -o "$T/x.yaml"
expect_grep errors-usage-unreadable-16 "$T/err" "^xdnasim import: $T/orphan.cap:2: 'create_bo' on fd 4, which no open in process 1 returned$"
check "a failed import leaves no $T/x.yaml" [ ! -e "$T/x.yaml" ]
ls -A "$T" >"$T/ls"
expect_no_grep "a failed import leaves no temporary file" "$T/ls" '^\.x\.yaml' 
expect_rc errors-usage-unreadable-17 2 "$X" import "$T/small.cap" -o "$T/no/such/dir/x.yaml"
expect_grep errors-usage-unreadable-18 "$T/err" "^xdnasim import: cannot write $T/no/such/dir/x.yaml: ENOENT \\(No such file or directory\\)$"
expect_rc errors-usage-unreadable-19 2 "$X" import "$T/small.cap" -o "$T/small.cap"
expect_grep errors-usage-unreadable-20 "$T/err" 'the output is the capture itself'

# a bad emulator configuration stops the program before it runs
expect_rc "bad XDNASIM_MODE exits 2" 2 env LD_PRELOAD="$preload" XDNASIM_EMULATE=1 XDNASIM_MODE=pasid2 "$APP" small
expect_grep a-bad-emulator-1 "$T/err" "^xdnasim-capture: cannot emulate the device: XDNASIM_MODE: unknown mode 'pasid2'"

finish
