#!/usr/bin/env bash
# CLI test of 'xdnasim explore': K15 and K3 found from the plain scenario
# with their switches (exit 1), nothing without (exit 0); the reproducer
# replays with `xdnasim run` (same violation); same seed, same JSON bytes;
# bad input exits 2 with the message and leaves no file; --help.
. "${SRCDIR:?}/tests/cli_lib.sh"
S=$SRCDIR/scenarios/explore/close_while_job_times_out.yaml

expect_rc "plain: nothing" 0 "$X" explore "$S"
expect_grep "plain: result" "$T/out" '^  result: no failing schedule within the bound$'
expect_grep "plain: threads" "$T/out" '^  threads: 2 \(app: 9 segments, app.tdr@25: 2 segments\), 11 segments$'

expect_rc "K15" 1 "$X" explore --bug k15-client-deref-in-addr-helpers --out "$T/k15.yaml" --json "$T/k15.json" "$S"
expect_line "K15: schedule" "$T/out" '  schedule: app app app app app app app app.tdr@25 app.tdr@25 app app'
expect_grep "K15: preemptions" "$T/out" '^  result: FAILING SCHEDULE \(1 preemption\)$'
expect_grep "K15: violation" "$T/out" 'tdr \[app\]: invariant sim.16 \(null_client_deref\) violated'
expect_rc "K15: replay" 1 "$X" run --check-every-op "$T/k15.yaml"
expect_grep "K15: replay violation" "$T/out" 'first invariant violation: sim.16 null_client_deref'
expect_rc "K15: replay without --check-every-op" 1 "$X" run "$T/k15.yaml"
expect_rc "K15: reproducer is a valid scenario" 0 "$X" scenario-check "$T/k15.yaml"
expect_grep "K15: json found" "$T/k15.json" '"found": true'

expect_rc "K3" 1 "$X" explore --revision pr1233 --bug k3-client-null-after-close "$S"
expect_grep "K3: violation" "$T/out" 'invariant sim.16 \(null_client_deref\)'
expect_rc "K3 switch on HEAD: nothing" 0 "$X" explore --bug k3-client-null-after-close "$S"
expect_rc "pr1233 without switch: nothing" 0 "$X" explore --revision pr1233 "$S"

# a client closes while the device suspends and resumes: K15 through the resume
R=$SRCDIR/scenarios/explore/close_while_resume.yaml
expect_rc "resume: nothing" 0 "$X" explore "$R"
expect_grep "resume: threads" "$T/out" '^  threads: 2 \(app: 8 segments, app.pm@20: 2 segments\), 10 segments$'
expect_rc "resume: K15" 1 "$X" explore --bug k15-client-deref-in-addr-helpers --out "$T/r15.yaml" "$R"
expect_line "resume: K15 schedule" "$T/out" '  schedule: app app app app app app app.pm@20 app.pm@20 app app'
expect_grep "resume: K15 violation" "$T/out" 'resume \[app\]: invariant sim.16 \(null_client_deref\)'
expect_rc "resume: K15 replay" 1 "$X" run --check-every-op "$T/r15.yaml"
expect_rc "resume: K3" 1 "$X" explore --revision pr1233 --bug k3-client-null-after-close "$R"
expect_rc "--json schema kinds" 1 "$X" explore --bug k15-client-deref-in-addr-helpers --json "$T/r.json" "$R"
expect_grep "--json: pm thread" "$T/r.json" '"kind": "pm"'
expect_grep "--json: revision of the file" "$T/r.json" '"revision": "pr1705"'
expect_grep "--json: address mode of the file" "$T/r.json" '"address_mode": "iova"'
# the revision and mode explored, as overridden on the command line
expect_rc "--revision pr1710 --mode carveout" 0 "$X" explore --revision pr1710 --mode carveout --json "$T/r2.json" "$R"
expect_line "text: revision and mode" "$T/out" '  revision pr1710, mode carveout'
expect_grep "--json: revision pr1710" "$T/r2.json" '"revision": "pr1710"'
expect_grep "--json: mode carveout" "$T/r2.json" '"address_mode": "carveout"'

# another thread of the process submits while the shim constructs the context
# (the gap PR #1710's review names): found on every revision, pr1710 included
E=$SRCDIR/scenarios/explore/exec_while_hwctx_create.yaml
for rev in 856409ca pr1710; do
	expect_rc "exec gap $rev: found" 1 "$X" explore --revision $rev --out "$T/eg-$rev.yaml" "$E"
	expect_grep "exec gap $rev: threads" "$T/out" '^  threads: 2 \(app: 8 segments, app.exec@31: 1 segment\), 9 segments$'
	expect_line "exec gap $rev: schedule" "$T/out" '  schedule: app app app app.exec@31 app app app app app'
	expect_grep "exec gap $rev: job" "$T/out" 'exec \[app\]: job 1 on hwctx ctx did not complete: aborted$'
	expect_rc "exec gap $rev: replay" 1 "$X" run --check-every-op "$T/eg-$rev.yaml"
	expect_grep "exec gap $rev: CONFIG_CU fails after it" "$T/out" 'hwctx_create \[op 4, app\]: result EPIPE without an expectation'
done
expect_grep "exec gap: revision kept" "$T/eg-pr1710.yaml" '^revision: pr1710$'
# pr1705, the proposal's base, finds the same schedule (both send the job before CONFIG_CU)
expect_rc "exec gap pr1705: found" 1 "$X" explore --revision pr1705 "$E"
expect_line "exec gap pr1705: schedule" "$T/out" '  schedule: app app app app.exec@31 app app app app app'
expect_rc "exec gap: --json" 1 "$X" explore --revision pr1710 --json "$T/eg.json" "$E"
expect_grep "exec gap: --json exec thread" "$T/eg.json" '"kind": "exec"'
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: c\n      - exec: {hwctx: c, async: maybe}\n' >"$T/ba.yaml"
expect_rc "exec async not a bool" 2 "$X" scenario-check "$T/ba.yaml"
expect_grep "exec async not a bool: FILE:LINE:COLUMN" "$T/err" "$T/ba.yaml:7:33: exec 'async' must be true or false, not 'maybe'"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: c\n      - exec: {hwctx: c, async: true, late: true}\n' >"$T/al.yaml"
expect_rc "exec async and late: dump" 0 "$X" scenario-check --dump "$T/al.yaml"
expect_grep "exec async and late: both dumped" "$T/out" '^      - exec: {hwctx: "c", bos: \[\], hang: false, async: true, late: true}  # 7:9$'
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: c\n      - exec: {hwctx: c, async: true, thread: 1}\n' >"$T/at.yaml"
expect_rc "exec async and thread" 2 "$X" scenario-check "$T/at.yaml"
expect_grep "exec async and thread: FILE:LINE:COLUMN" "$T/err" "$T/at.yaml:7:47: exec 'async' and 'thread' exclude each other"

# a client with two contexts closes while the device suspends and resumes:
# the suspend in the postclose's dev_lock drop skips the second context
# (invariant 13 at the resume), on every revision, without a switch
W=$SRCDIR/scenarios/explore/close_two_contexts_while_resume.yaml
expect_rc "window: sequential run passes" 0 "$X" run --check-every-op "$W"
for rev in pr1233 pr1279 856409ca pr1670 pr1705 upstream; do
	expect_rc "window: $rev found" 1 "$X" explore --revision $rev --out "$T/w.yaml" "$W"
	expect_line "window: $rev schedule" "$T/out" '  schedule: app app app app app app app app app app.pm@26 app.pm@26 app'
	expect_grep "window: $rev violation" "$T/out" 'resume \[app\]: invariant sim.13 \(hwctx_fw_ctx\) violated: hwctx 2 names dead fw ctx 1$'
	expect_rc "window: $rev replay" 1 "$X" run --check-every-op "$T/w.yaml"
done
expect_rc "window: reproducer dump" 0 "$X" scenario-check --dump "$T/w.yaml"
expect_grep "window: dump fini" "$T/out" '^      - close: {stage: fini}'
expect_grep "window: dump finish" "$T/out" '^      - close: {stage: finish}'
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - close: {stage: release}\n      - close: {stage: finish}\n' >"$T/nofini.yaml"
expect_rc "finish without fini: runs" 1 "$X" run "$T/nofini.yaml"
expect_grep "finish without fini: EINVAL" "$T/out" 'EINVAL'

# a second thread of the client (thread: 1) destroys the context while the heap grows
D=$SRCDIR/scenarios/explore/destroy_while_heap_grows.yaml
expect_rc "thread: nothing" 0 "$X" explore --bound 3 "$D"
expect_grep "thread: threads" "$T/out" '^  threads: 2 \(app: 10 segments, app.t1: 2 segments\), 12 segments$'
expect_rc "thread: written order runs" 0 "$X" run --check-every-op "$D"
expect_rc "thread: dump" 0 "$X" scenario-check --dump "$D"
expect_grep "thread: dump keeps it" "$T/out" '^      - hwctx_destroy: {name: "a", thread: 1}'

# a client creates its context while the device suspends and resumes: the
# power steps land between CREATE_HWCTX and CONFIG_CU too (the resume
# restarts a context with no CU, CONFIG_CU then configures it); nothing is
# found there on any revision.  With the K3/K15 switches the power steps
# still find the close window (after the fd release), as close_while_resume
G=$SRCDIR/scenarios/explore/hwctx_create_while_resume.yaml
expect_rc "gap: nothing" 0 "$X" explore "$G"
expect_grep "gap: threads" "$T/out" '^  threads: 2 \(app: 9 segments, app.pm@18: 2 segments\), 11 segments$'
expect_grep "gap: explored" "$T/out" '^  explored: 15 schedules, 155 states \(pruned: 0 by sleep sets, 35 over the bound\), 165 ops$'
expect_rc "gap: staged steps replay" 0 "$X" run --check-every-op "$G"
expect_rc "gap: K15 in the close window" 1 "$X" explore --bug k15-client-deref-in-addr-helpers "$G"
expect_line "gap: K15 schedule" "$T/out" '  schedule: app app app app app app app app.pm@18 app.pm@18 app app'
expect_rc "gap: --no-por (the power thread commutes with nothing)" 0 "$X" explore --no-por "$G"
expect_grep "gap: --no-por explored" "$T/out" '^  explored: 15 schedules, 155 states '
# the two stages written out: the context exists with no CU while suspended
printf 'xdnasim: 1\nmode: iova\nclients:\n  - name: app\n    steps:\n      - open\n      - alloc: {label: A, size: 1MiB}\n      - hwctx_create: {name: ctx, stage: create}\n      - suspend\n      - resume\n      - hwctx_create: {name: ctx, stage: config}\n      - exec: {hwctx: ctx, bos: [A]}\n      - close\n' >"$T/staged.yaml"
expect_rc "staged: runs" 0 "$X" run --check-every-op "$T/staged.yaml"
expect_rc "staged: dump" 0 "$X" scenario-check --dump "$T/staged.yaml"
expect_grep "staged: dump create" "$T/out" '^      - hwctx_create: {name: "ctx", cu: 1, stage: create}'
expect_grep "staged: dump config" "$T/out" '^      - hwctx_create: {name: "ctx", cu: 1, stage: config}'
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: {name: c, stage: config}\n' >"$T/nocreate.yaml"
expect_rc "config stage without create" 2 "$X" scenario-check "$T/nocreate.yaml"
expect_grep "config stage without create: FILE:LINE:COLUMN" "$T/err" "$T/nocreate.yaml:6:30: "
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: {name: c, stage: half}\n' >"$T/badh.yaml"
expect_rc "bad hwctx stage" 2 "$X" scenario-check "$T/badh.yaml"
expect_grep "bad hwctx stage: FILE:LINE:COLUMN" "$T/err" "$T/badh.yaml:6:40: "

# a job's reply races its timeout handler: the receive worker is a thread
# (app.rx), the handler three segments (mark, stop, restart: the late-reply
# window between the first two); nothing fails; K15 still through the TDR
L=$SRCDIR/scenarios/explore/job_reply_while_tdr.yaml
expect_rc "reply: nothing" 0 "$X" explore --json "$T/rx.json" "$L"
expect_grep "reply: threads" "$T/out" '^  threads: 3 \(app: 9 segments, app.rx@28: 1 segment, app.tdr@29: 3 segments\), 13 segments$'
expect_grep "reply: explored" "$T/out" '^  explored: 45 schedules, 299 states \(pruned: 0 by sleep sets, 40 over the bound\), 565 ops$'
expect_grep "reply: --json rx thread" "$T/rx.json" '"kind": "rx"'
expect_rc "reply: K15" 1 "$X" explore --bug k15-client-deref-in-addr-helpers --out "$T/l15.yaml" "$L"
expect_line "reply: K15 schedule" "$T/out" '  schedule: app app app app app app app app.rx@28 app.tdr@29 app.tdr@29 app.tdr@29 app app'
expect_rc "reply: K15 replay" 1 "$X" run --check-every-op "$T/l15.yaml"
expect_grep "reply: K15 reproducer marks the job" "$T/l15.yaml" '^      - tdr: {hwctx: "ctx", health: ok, async: true, stage: mark, expect: any}  # 29:9$'
expect_grep "reply: K15 reproducer runs the worker" "$T/l15.yaml" '^      - mbox_rx: {hwctx: "ctx", async: true}  # 28:9$'
expect_grep "reply: K15 reproducer holds the reply" "$T/l15.yaml" 'hang: false, late: true'
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - hwctx_create: c\n      - exec: {hwctx: c, hang: true, late: true}\n' >"$T/hl.yaml"
expect_rc "late and hang" 2 "$X" scenario-check "$T/hl.yaml"
expect_grep "late and hang: FILE:LINE:COLUMN" "$T/err" "$T/hl.yaml:7:44: exec 'late' and 'hang' exclude each other"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - mbox_rx: {async: true}\n' >"$T/rxh.yaml"
expect_rc "mbox_rx without hwctx" 2 "$X" scenario-check "$T/rxh.yaml"

# the same seed gives the same bytes (PCT), a different seed may not
expect_rc "pct a" 1 "$X" explore --quiet --pct 30 --seed 5 --keep-going --bug k15-client-deref-in-addr-helpers --json "$T/a.json" "$S"
expect_rc "pct b" 1 "$X" explore --quiet --pct 30 --seed 5 --keep-going --bug k15-client-deref-in-addr-helpers --json "$T/b.json" "$S"
expect_same "pct: same seed, same JSON" "$T/a.json" "$T/b.json"
expect_out "--quiet prints nothing" /dev/null

# every revision: K3 where the PR design's close cleared the client (pr1233,
# pr1279), K15 where the address helpers read it (856409ca and later);
# nothing without the switches.  The three plain scenarios.
for s in close_while_job_times_out close_while_resume hwctx_create_while_resume job_reply_while_tdr; do
	for r in pr1233 pr1279 856409ca pr1670 pr1705 upstream; do
		case $r in pr1233 | pr1279) k3=1 k15=0 ;; *) k3=0 k15=1 ;; esac
		expect_rc "$s $r: nothing" 0 "$X" explore --quiet --revision $r "$SRCDIR/scenarios/explore/$s.yaml"
		expect_rc "$s $r: K3 switch" $k3 "$X" explore --quiet --revision $r \
			--bug k3-client-null-after-close "$SRCDIR/scenarios/explore/$s.yaml"
		expect_rc "$s $r: K15 switch" $k15 "$X" explore --quiet --revision $r \
			--bug k15-client-deref-in-addr-helpers "$SRCDIR/scenarios/explore/$s.yaml"
	done
done

# no false alarms: the library's multi-client scenarios at preemption bound 2
for f in two_opens heap_grown_unattached multi_client multi_client_hwctx_limit shim_test_heap; do
	expect_rc "library $f: clean at bound 2" 0 "$X" explore --quiet --bound 2 "$SRCDIR/scenarios/library/$f.yaml"
done
# and every other library and regression scenario (one thread: the staged
# steps must not break what the whole steps expect, e.g. host_faults_a's
# failing hwctx_creates, which stay whole)
for f in "$SRCDIR"/scenarios/library/*.yaml "$SRCDIR"/scenarios/regressions/*.yaml; do
	case ${f##*/} in two_opens.yaml | heap_grown_unattached.yaml | multi_client*.yaml | shim_test_heap.yaml) continue ;; esac
	expect_rc "${f##*/}: clean at bound 2" 0 "$X" explore --quiet --bound 2 "$f"
done
expect_rc "expected failure: the constructor stays whole" 0 "$X" explore --bound 0 "$SRCDIR/scenarios/library/host_faults_a.yaml"
expect_grep "expected failure: segments" "$T/out" '^  threads: 1 \(app: 17 segments\), 17 segments$'
# and the second thread of a client (thread: 1, the DEV BO split at its
# placement) on every revision, in both IOVA and PASID mode
for r in pr1233 pr1279 856409ca pr1670 pr1705 upstream; do
	for m in iova pasid; do
		expect_rc "thread: $r $m clean at bound 2" 0 "$X" explore --quiet --bound 2 --revision $r --mode $m "$D"
	done
done

# bad input: exit 2, the message, no output file
expect_rc "unknown option" 2 "$X" explore --frobnicate "$S"
expect_rc "no scenario" 2 "$X" explore
expect_rc "bad bound" 2 "$X" explore --bound x "$S"
echo "xdnasim explore: bad --bound 'x'" >"$T/want"
expect_err "bad bound: message" "$T/want"
expect_rc "unknown bug" 2 "$X" explore --bug nope "$S"
echo "xdnasim explore: unknown bug switch 'nope'" >"$T/want"
expect_err "unknown bug: message" "$T/want"
expect_rc "unknown revision" 2 "$X" explore --design nope "$S"
expect_grep "unknown revision: message" "$T/err" "^xdnasim explore: unknown revision 'nope' \(pr1233, "
expect_rc "bad mode" 2 "$X" explore --mode nope "$S"
echo "xdnasim explore: bad --mode 'nope' (pasid, iova or carveout)" >"$T/want"
expect_err "bad mode: message" "$T/want"
expect_rc "missing file" 2 "$X" explore --json "$T/m.json" "$T/nope.yaml"
echo "xdnasim explore: $T/nope.yaml: cannot open: ENOENT (No such file or directory)" >"$T/want"
expect_err "missing file: message" "$T/want"
check "missing file: no JSON left" test ! -e "$T/m.json"
printf 'xdnasim: 1\nclients:\n  - name: a\n    steps:\n      - open\n      - close: {stage: half}\n' >"$T/bad.yaml"
expect_rc "bad stage" 2 "$X" explore "$T/bad.yaml"
expect_grep "bad stage: FILE:LINE:COLUMN" "$T/err" "^xdnasim explore: $T/bad.yaml:6:24: "
expect_rc "output is the input" 2 "$X" explore --out "$S" "$S"

expect_rc --help 0 "$X" explore --help
expect_grep "--help: usage" "$T/out" '^usage: xdnasim explore \[options\] SCENARIO$'
finish
