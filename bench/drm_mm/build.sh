#!/bin/sh
# SPDX-License-Identifier: MIT
#
# build.sh DIR - build bench/drm_mm/kreplay.c against the kernel's own
# drivers/gpu/drm/drm_mm.c and lib/rbtree.c, taken from an installed Debian
# linux-source package (/usr/src/linux-source-*.tar.xz) into DIR; prints
# the program's path.  Nothing of the kernel is in this repository.
# Exit status 77 when no linux-source package is installed (bench_replay
# then reports the comparison as skipped), 1 when the build fails.
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$tarball" ]; then
	echo "no /usr/src/linux-source-*.tar.xz (Debian package linux-source)" >&2
	exit 77
fi
top=$(basename "$tarball" .tar.xz)
files="drivers/gpu/drm/drm_mm.c lib/rbtree.c include/drm/drm_mm.h include/linux/rbtree.h
include/linux/rbtree_types.h include/linux/rbtree_augmented.h include/linux/interval_tree_generic.h"
mkdir -p "$dir"
if [ ! -f "$dir/$top.extracted" ]; then
	members=""
	for f in $files; do members="$members $top/$f"; done
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$dir" $members
	touch "$dir/$top.extracted"
fi
# Every other header drm_mm.c and its headers include is kcompat.h.
mkdir -p "$dir/stub/linux" "$dir/stub/drm"
for h in bug compiler container_of export limits list mm_types rcupdate seq_file slab \
	spinlock stackdepot stacktrace stddef types; do
	echo "#include \"$here/kcompat.h\"" >"$dir/stub/linux/$h.h"
done
echo "#include \"$here/kcompat.h\"" >"$dir/stub/drm/drm_print.h"
# -O2 as the kernel is built; the kernel's files compile with their own warnings off.
${CC:-cc} -O2 -std=gnu11 -w -I"$dir/stub" -I"$dir/$top/include" -o "$dir/kreplay" \
	"$here/kreplay.c" "$dir/$top/drivers/gpu/drm/drm_mm.c" "$dir/$top/lib/rbtree.c"
echo "$top" >"$dir/source"
echo "$dir/kreplay"
