#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for xdnasim's fuzz targets
# (docs/fuzzing.md).  The builder provides $CC, $CFLAGS, $LIB_FUZZING_ENGINE,
# $SRC and $OUT; the project's Dockerfile installs libyaml-dev (the only
# library the targets link besides libc) and copies the repository to
# $SRC/xdnasim.  Every module is compiled with the builder's flags so the
# engine and the sanitizers see all of it; one binary per target, each with
# a seed corpus zip from tests/fuzz/corpus/<target>.
#
# Local check without the builder image:
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=$(dirname $PWD) OUT=/tmp/out \
#   bash fuzz/oss-fuzz/build.sh
cd "$SRC/xdnasim"

work=$(mktemp -d)
defs="-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -std=c11 -I."
objs=()
for f in common/*.c alloc/*.c proto/*.c sim/*.c scenarios/*.c \
	 fuzz/fuzz.c fuzz/stream.c fuzz/target_*.c; do
	o="$work/$(echo "$f" | tr / _).o"
	$CC $CFLAGS $defs -c "$f" -o "$o"
	objs+=("$o")
done

yaml_libs="$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) -lm"
for t in mm heap sim proto scenario; do
	$CC $CFLAGS $defs -DXDNASIM_FUZZ_TARGET=fuzz_target_$t \
		-c fuzz/entry_libfuzzer.c -o "$work/entry_$t.o"
	$CC $CFLAGS "$work/entry_$t.o" "${objs[@]}" $LIB_FUZZING_ENGINE $yaml_libs \
		-o "$OUT/xdnasim_fuzz_$t"
	if [ -d "tests/fuzz/corpus/$t" ]; then
		(cd "tests/fuzz/corpus/$t" && zip -q -j "$OUT/xdnasim_fuzz_${t}_seed_corpus.zip" ./*)
	fi
done
rm -rf "$work"
