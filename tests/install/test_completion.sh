#!/usr/bin/env bash
# The generated bash completion: commands, each command's options, and the
# values of --design (--revision), --mode, --fail-nth, --bug and --metrics, compared with
# what the program itself lists (`xdnasim list`, `xdnasim help CMD`).
. "${SRCDIR:?}/tests/cli_lib.sh"
# shellcheck disable=SC1091
source "$BINDIR/dist/xdnasim.bash" || { echo "FAIL: cannot source the completion"; exit 1; }

# comp WORD... : complete the last word; the candidates, sorted, on one line
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_xdnasim
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
want() {	# want GOT EXPECTED WHAT
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}
sorted() { tr ' ' '\n' | grep . | sort | tr '\n' ' ' | sed 's/ $//'; }

want "$(comp xdnasim '')" "$( (echo --help --version help; "$XDNASIM" list commands) | tr '\n' ' ' | sorted)" "commands"
want "$(comp xdnasim ru)" "run" "command prefix"
want "$(comp xdnasim run --design '')" "$("$XDNASIM" list revisions | sorted)" "--design"
want "$(comp xdnasim run --mode i)" "iova" "--mode i"
want "$(comp xdnasim run --fail-nth 'pin_pages,fw.M')" "pin_pages,fw.MAP_HOST_BUFFER" "--fail-nth list"
want "$(comp xdnasim run --fail-nth '')" "$( (echo all; "$XDNASIM" list fault-sites) | sorted)" "--fail-nth"
want "$(comp xdnasim run --bug k2-)" "k2-unchecked-clflush-range" "--bug"
want "$(comp xdnasim help sce)" "scenario-check" "help COMMAND"
want "$(comp xdnasim list met)" "metrics" "list KIND"
want "$(comp xdnasim sweep --metrics 'peak_committed,peak_l')" "peak_committed,peak_live" "sweep --metrics list"
want "$(comp xdnasim sweep --revisions '')" "$("$XDNASIM" list revisions | sorted)" "sweep --revisions"
for o in --shard --merge --seeds --set --revisions; do
	case " $(comp xdnasim sweep --) " in *" $o "*) ;; *) fail "sweep does not offer $o";; esac
done
"$XDNASIM" list nope >/dev/null 2>&1; [ $? -eq 2 ] || fail "list of an unknown kind: not exit 2"
"$XDNASIM" list >/dev/null 2>&1; [ $? -eq 2 ] || fail "list without a kind: not exit 2"
# every option a command's help defines is offered
for c in $("$XDNASIM" list commands); do
	got=" $(comp xdnasim "$c" --) "
	for o in $("$XDNASIM" help "$c" | grep -oE '^ +(-[A-Za-z], +)?--[a-z][a-z0-9-]*' | sed 's/.*--/--/'); do
		case $got in *" $o "*) ;; *) fail "'xdnasim $c --' does not offer $o";; esac
	done
done
finish
