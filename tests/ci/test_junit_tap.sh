#!/usr/bin/env bash
# `xdnasim run --junit FILE` and `--tap`: the JUnit XML is well formed and
# valid against reports/junit.xsd (xmllint), one testsuite per scenario and
# one testcase per expectation, a failed expectation's message names
# FILE:LINE; the TAP stream parses with perl's TAP::Parser (what `prove`
# uses) with one test point per scenario and YAML diagnostics.  Both are
# byte-identical across runs.  Exit 77 (skip) when xmllint or TAP::Parser is
# missing, after everything else was checked.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
skip=
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
LIB="$SRCDIR/scenarios/library"

# a scenario with a failing expectation (line 8) and three identical ones (line 11)
cat >"$T/wrong.yaml" <<'YAML'
xdnasim: 1
name: wrong_<&>"
clients:
  - name: app
    steps:
      - open
      - alloc: {label: A, size: 4KiB, expect: {addr: 0x0400_0000}}
      - alloc: {label: B, size: 4KiB, expect: {addr: 0x0500_0000}}
      - close
expect:
  metrics: [expansions == 0, expansions == 0, expansions == 0]
YAML

"$XDNASIM" run --quiet --junit "$T/a.xml" "$LIB/worked_example.yaml" "$T/wrong.yaml" >"$T/out" 2>&1
[ $? -eq 1 ] || fail "run --junit: exit status is not 1: $(cat "$T/out")"
[ -s "$T/a.xml" ] || fail "no JUnit file"
"$XDNASIM" run --quiet --junit "$T/b.xml" "$LIB/worked_example.yaml" "$T/wrong.yaml" >/dev/null 2>&1
cmp -s "$T/a.xml" "$T/b.xml" || fail "JUnit output differs between two runs"

if command -v xmllint >/dev/null; then
	xmllint --noout --schema "$SRCDIR/reports/junit.xsd" "$T/a.xml" 2>"$T/xsd" ||
		fail "JUnit XML not valid against reports/junit.xsd: $(cat "$T/xsd")"
	q() { xmllint --xpath "$1" "$T/a.xml" 2>/dev/null; }
	[ "$(q 'count(/testsuites/testsuite)')" = 2 ] || fail "not one testsuite per scenario"
	n=$("$XDNASIM" run "$LIB/worked_example.yaml" | grep -c '^    PASS ')
	[ "$(q 'string(/testsuites/testsuite[1]/@tests)')" = "$n" ] ||
		fail "worked_example: tests=$(q 'string(/testsuites/testsuite[1]/@tests)'), $n expectations"
	[ "$(q 'string(/testsuites/testsuite[2]/@name)')" = 'wrong_<&>"' ] ||
		fail "suite name not escaped/unescaped right: $(q 'string(/testsuites/testsuite[2]/@name)')"
	[ "$(q 'string(/testsuites/@failures)')" = 1 ] || fail "failures=$(q 'string(/testsuites/@failures)')"
	msg=$(q 'string(//failure/@message)')
	case $msg in "$T/wrong.yaml:8: "*"addr 0x4008000, expected 0x5000000") ;;
		*) fail "failure message is not FILE:LINE: ... got ...: '$msg'";; esac
	[ "$(q 'string(//testcase[failure]/@line)')" = 8 ] || fail "failing testcase line"
	[ "$(q 'count(/testsuites/testsuite[2]/testcase)')" = 5 ] || fail "wrong.yaml: not 5 testcases"
	# names are unique within a suite (GitLab keeps only the first of equal names)
	dups=$(q '/testsuites/testsuite[2]/testcase/@name' | sort | uniq -d)
	[ -z "$dups" ] || fail "duplicate testcase names: $dups"
else
	echo "note: xmllint not found (Debian: libxml2-utils); XML schema not checked"
	skip=1
fi

# a scenario that cannot run is an <error>
printf 'xdnasim: 1\ndevice: npu4\nfirmware: "6.1"\nclients: [{name: a, steps: [open]}]\n' >"$T/err.yaml"
"$XDNASIM" run --quiet --junit "$T/e.xml" "$T/err.yaml" >/dev/null 2>&1
if [ -s "$T/e.xml" ]; then
	grep -q '<error message="' "$T/e.xml" || fail "no <error> for a scenario that cannot run"
fi

# TAP
"$XDNASIM" run --tap "$LIB/worked_example.yaml" "$T/wrong.yaml" >"$T/tap" 2>"$T/err"
[ $? -eq 1 ] || fail "run --tap: exit status is not 1"
head -1 "$T/tap" | grep -qx 'TAP version 13' || fail "TAP: first line $(head -1 "$T/tap")"
"$XDNASIM" run --tap "$LIB/worked_example.yaml" "$T/wrong.yaml" 2>/dev/null | cmp -s - "$T/tap" ||
	fail "TAP output differs between two runs"
if perl -MTAP::Parser -e 1 2>/dev/null; then
	perl -MTAP::Parser -e '
		open(my $fh, "<", $ARGV[0]) or die "$ARGV[0]: $!\n";
		my $p = TAP::Parser->new({ tap => do { local $/; <$fh> } });
		my ($yaml, @names) = (0);
		while (my $r = $p->next) {
			push @names, $r->description if $r->is_test;
			$yaml++ if $r->is_yaml && ref($r->data) eq "HASH" && $r->data->{file};
		}
		my @e = $p->parse_errors;
		die "parse errors: @e\n" if @e;
		die "version " . $p->version . "\n" unless $p->version == 13;
		die "plan\n" unless $p->is_good_plan && $p->tests_run == 2;
		die "passed " . scalar($p->passed) . "\n" unless $p->passed == 1;
		die "failed " . scalar($p->failed) . "\n" unless $p->failed == 1;
		die "yaml blocks $yaml\n" unless $yaml == 2;
		die "names @names\n" unless $names[0] eq "- worked_example";
	' "$T/tap" 2>"$T/perl" || fail "TAP::Parser: $(cat "$T/perl")"
	grep -q "message: \"$T/wrong.yaml:8: " "$T/tap" || fail "TAP diagnostics lack FILE:LINE"
else
	echo "note: perl TAP::Parser not found; TAP not parsed"
	skip=1
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
[ -z "$skip" ] || exit 77
echo "junit/tap: ok"
