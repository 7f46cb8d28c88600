#!/usr/bin/env bash
# `cmake --install` into a temporary prefix: the program, the library (shared
# and static), the headers, xdnasim.pc, the man pages, the completion, the
# scenario library and the schemas are where docs/install.md says; a C
# program builds against the prefix with `pkg-config --cflags --libs xdnasim`
# and runs a scenario from share/xdnasim/ through the API.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

command -v pkg-config >/dev/null || { echo "SKIP: pkg-config not found"; exit 77; }
CC=${CC:-cc}
command -v "$CC" >/dev/null || { echo "SKIP: no C compiler"; exit 77; }

P="$T/prefix"
cmake --install "$BINDIR" --prefix "$P" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; echo "FAIL: cmake --install"; exit 1; }

pc=$(find "$P" -name xdnasim.pc)
[ -n "$pc" ] || { echo "FAIL: no xdnasim.pc under $P"; find "$P"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
for f in bin/xdnasim include/xdnasim/xdnasim.h include/xdnasim/sim/sim.h \
	 include/xdnasim/scenarios/run.h share/man/man1/xdnasim.1 \
	 share/man/man5/xdnasim-scenario.5 share/bash-completion/completions/xdnasim \
	 share/xdnasim/scenarios/README.md share/xdnasim/scenarios/library/worked_example.yaml \
	 share/xdnasim/schemas/run-report.schema.json; do
	[ -e "$P/$f" ] || fail "not installed: $f"
done
for f in libxdnasim.a libxdnasim.so; do
	[ -e "$libdir/$f" ] || fail "not installed: $libdir/$f"
done
if find "$P/include" -name '*_priv.h' | grep -q .; then
	fail "private headers installed: $(find "$P/include" -name '*_priv.h')"
fi

# the installed program runs a scenario from the installed library
"$P/bin/xdnasim" run --quiet "$P/share/xdnasim/scenarios/library/worked_example.yaml" \
	>"$T/out" 2>&1 || fail "installed xdnasim run: $(cat "$T/out")"

export PKG_CONFIG_PATH="$(dirname "$pc")"
flags=$(pkg-config --cflags --libs xdnasim) || fail "pkg-config --cflags --libs xdnasim"
[ "$(pkg-config --modversion xdnasim)" = "$("$P/bin/xdnasim" --version | sed 's/^xdnasim //')" ] ||
	fail "xdnasim.pc version $(pkg-config --modversion xdnasim) != xdnasim --version"

# shared: -lxdnasim from pkg-config
# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra -Werror -o "$T/prog" "$SRCDIR/tests/install/api_prog.c" $flags \
	2>"$T/cc.log" || fail "building against the prefix: $(cat "$T/cc.log")"
if [ -x "$T/prog" ]; then
	LD_LIBRARY_PATH="$libdir" "$T/prog" "$P/share/xdnasim/scenarios/library/worked_example.yaml" \
		>"$T/prog.out" 2>&1 || fail "api program: $(cat "$T/prog.out")"
	grep -qx "xdnasim $(pkg-config --modversion xdnasim)" "$T/prog.out" ||
		fail "api program version: $(head -1 "$T/prog.out")"
	grep -q "^worked_example: pass" "$T/prog.out" || fail "api program run: $(cat "$T/prog.out")"
	LD_LIBRARY_PATH="$libdir" ldd "$T/prog" | grep -q "libxdnasim.so" ||
		fail "the program is not linked against libxdnasim.so"
fi

# static: libxdnasim.a and what pkg-config --static says it needs
# shellcheck disable=SC2086
"$CC" -std=c11 -o "$T/prog_static" "$SRCDIR/tests/install/api_prog.c" \
	$(pkg-config --cflags xdnasim) "$libdir/libxdnasim.a" \
	$(pkg-config --static --libs-only-other --libs-only-l xdnasim | sed 's/-lxdnasim//') \
	2>"$T/cc.log" || fail "static build: $(cat "$T/cc.log")"
if [ -x "$T/prog_static" ]; then
	"$T/prog_static" "$P/share/xdnasim/scenarios/library/worked_example.yaml" >"$T/out" 2>&1 ||
		fail "static api program: $(cat "$T/out")"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "install: ok"
