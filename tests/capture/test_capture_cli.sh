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
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
LIB="$BINDIR/capture/libxdnasim-capture.so"
APP="$BINDIR/tests/capture/shimlike"

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

expect_rc() {	# expect_rc WANT CMD...: output in $T/out, $T/err
	local want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	[ "$rc" -eq "$want" ] || fail "exit $rc (want $want): $* ; stderr: $(head -3 "$T/err")"
}

expect_grep() {	# expect_grep FILE REGEX
	grep -Eq -- "$2" "$1" || fail "'$2' not in $1: $(head -5 "$1")"
}

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
	expect_rc 0 "$XDNASIM" import "$T/$w.cap" -o "$T/$w.yaml"
	expect_grep "$T/err" "^xdnasim import: $T/$w.yaml: [0-9]+ clients?, "
	expect_rc 0 "$XDNASIM" run --quiet "$T/$w.yaml"
	expect_grep "$T/out" "^$w +pr1705 +pasid +PASS"
	# the allocations the program saw are exactly the scenario's expectations
	sed -n 's/^alloc \([0-9]*\) addr \(0x[0-9a-f]*\) expansions \([0-9]*\)$/\1 \2 \3/p' "$T/$w.app" \
		| sort >"$T/$w.want"
	sed -n 's/.*alloc: {label: [^,]*, size: \([0-9]*\), expect: {result: ok, addr: \(0x[0-9a-f]*\), expansions: \([0-9]*\)}}$/\1 \2 \3/p' \
		"$T/$w.yaml" | sort >"$T/$w.got"
	[ -s "$T/$w.want" ] || fail "$w: the program printed no allocation"
	cmp -s "$T/$w.want" "$T/$w.got" || fail "$w: allocations differ: $(diff "$T/$w.want" "$T/$w.got" | head -5)"
}

roundtrip small
roundtrip two
grep -q '^schedule: interleave' "$T/two.yaml" || fail "two: not interleaved"
grep -q '^firmware: "6\.' "$T/small.yaml" || fail "small: firmware version not imported"
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
	expect_rc 0 "$XDNASIM" import --name "$n" --design "$design" --mode "$mode" --device "$device" \
		"$T/p.cap" -o "$T/p.yaml"
	expect_rc 0 "$XDNASIM" run --quiet "$T/p.yaml"
	awk -v n="$n" '$1 == n { print $6, $8, $9 }' "$T/out" >"$T/p.got"
	expect_rc 0 "$XDNASIM" run --quiet "$f"
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
[ "$played" -ge 15 ] || fail "only $played library scenarios went through the uapi round trip"

# the same capture imports to the same bytes; --anonymise leaves no pid
expect_rc 0 "$XDNASIM" import --name small "$T/small.cap" -o "$T/again.yaml"
cmp -s "$T/small.yaml" "$T/again.yaml" || fail "import is not deterministic"
expect_rc 0 "$XDNASIM" import --anonymise --name anon "$T/small.cap" -o -
grep -q 'process' "$T/out" && fail "--anonymise output names a process"
expect_grep "$T/out" '^name: "anon"$'
expect_rc 0 "$XDNASIM" import --scale 1/2 --clients 0 "$T/two.cap" -o "$T/half.yaml"
grep -q 'expect' "$T/half.yaml" && fail "--scale kept expectations"
grep -q 'interleave' "$T/half.yaml" && fail "--clients 0 kept the second client"
expect_rc 0 "$XDNASIM" run --quiet "$T/half.yaml"

# errors: usage, unreadable and malformed captures; nothing is written
expect_rc 0 "$XDNASIM" import --help
expect_grep "$T/out" '^usage: xdnasim import'
expect_rc 2 "$XDNASIM" import "$T/small.cap"
expect_grep "$T/err" 'no output given'
expect_rc 2 "$XDNASIM" import --scale 0 "$T/small.cap" -o "$T/x.yaml"
expect_rc 2 "$XDNASIM" import --time later "$T/small.cap" -o "$T/x.yaml"
expect_rc 2 "$XDNASIM" import "$T/nope.cap" -o "$T/x.yaml"
expect_grep "$T/err" "^xdnasim import: $T/nope.cap: cannot open: ENOENT \(No such file or directory\)$"
expect_rc 2 "$XDNASIM" import "$T" -o "$T/x.yaml"
expect_grep "$T/err" "^xdnasim import: $T: is a directory, not a file$"
head -3 "$T/small.cap" >"$T/bad.cap"
printf '{"call":"create_bo","t":1,"pid":1,"tid":1,"fd":4,"size":0x10}\n' >>"$T/bad.cap"
expect_rc 2 "$XDNASIM" import "$T/bad.cap" -o "$T/x.yaml"
expect_grep "$T/err" "^xdnasim import: $T/bad.cap:4:58: expected '}'$"
printf '{"call":"start","t":0,"pid":1,"tid":1,"xdnasim_capture":1}\n{"call":"o\0pen"}\n' >"$T/nul.cap"
expect_rc 2 "$XDNASIM" import "$T/nul.cap" -o "$T/x.yaml"
expect_grep "$T/err" "^xdnasim import: $T/nul.cap:2:11: NUL byte"
printf '{"call":"start","t":0,"pid":1,"tid":1,"xdnasim_capture":1}\n{"call":"create_bo","t":1,"pid":1,"tid":1,"fd":4,"ret":0}\n' >"$T/orphan.cap"
expect_rc 2 "$XDNASIM" import "$T/orphan.cap" -o "$T/x.yaml"
expect_grep "$T/err" "^xdnasim import: $T/orphan.cap:2: 'create_bo' on fd 4, which no open in process 1 returned$"
[ -e "$T/x.yaml" ] && fail "a failed import left $T/x.yaml"
ls -A "$T" | grep -q "^\.x\.yaml" && fail "a temporary file was left: $(ls -A "$T")"
expect_rc 2 "$XDNASIM" import "$T/small.cap" -o "$T/no/such/dir/x.yaml"
expect_grep "$T/err" "^xdnasim import: cannot write $T/no/such/dir/x.yaml: ENOENT \\(No such file or directory\\)$"
expect_rc 2 "$XDNASIM" import "$T/small.cap" -o "$T/small.cap"
expect_grep "$T/err" 'the output is the capture itself'

# a bad emulator configuration stops the program before it runs
LD_PRELOAD=$preload XDNASIM_EMULATE=1 XDNASIM_MODE=pasid2 "$APP" small >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "bad XDNASIM_MODE did not exit 2"
expect_grep "$T/err" "^xdnasim-capture: cannot emulate the device: XDNASIM_MODE: unknown mode 'pasid2'"

echo "$((fails == 0 ? 1 : 0)) passed, $fails failed"
[ "$fails" -eq 0 ]
