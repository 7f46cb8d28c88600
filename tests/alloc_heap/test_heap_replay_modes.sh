#!/usr/bin/env bash
# CLI tests of `xdnasim heap-replay` in the IOVA and carveout modes and for
# the malformed lines test_heap_replay.sh leaves out.  Every case's exit
# code, stdout and stderr are compared byte for byte with the expected text
# below.  What the designs record on map/unmap follows docs/driver/heap.md §3 and §8.1:
# HEAD records only the DMA/physical address outside PASID mode, PR and
# INTERIM also the uva, and PR predicts an unmapped chunk's uva from chunk 0.
. "${SRCDIR:?}/tests/cli_lib.sh"
cd "$T" || exit 1

# replay NAME LINE...: write NAME.trace, append "== NAME rc=N", stdout, stderr.
replay() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$name.trace"
	"$X" heap-replay "$name.trace" >out 2>err
	echo "== $name rc=$?" >>got
	cat out err >>got
}

maps() {
	replay "$1" "heap npu4 $2 $3" "chunk 64M" "chunk 64M" "map 0" "map 1 0x90000000" "unmap 1"
}
maps head_iova head iova
maps pr_iova pr1233 iova
maps head_carve head carveout
maps interim_carve interim carveout
# 7 chunks of shim expansion, then the heap is at its 512 MiB maximum.
replay full "heap npu4 head pasid" "chunk 64M" "map 0" "shim A 448M" "shim B 100M -> ENOSPC" \
	"alloc A 4K"
replay design "heap npu4 nope pasid"
replay mode "heap npu4 head nope"
replay short "heap npu4"
bad_line() {
	replay "$1" "heap npu4 head pasid" "chunk 64M" "$2"
}
bad_line sync_usage "sync A"
bad_line chunk_usage "chunk"
bad_line map_usage "map"
bad_line unmap_usage "unmap 0 1"
bad_line pin_usage "pin"
bad_line free_usage "free"
bad_line map_addr "map 0 0x1Q"
bad_line sync_name "sync Z 0 1"

cat >want <<'WANT'
== head_iova rc=0
heap npu4 pr1705 iova
chunk 0 0x04000000 +0x4000000
chunk 1 0x08000000 +0x4000000
map 0 uva 0xffffffffffffffff dma 0x100000000
map 1 uva 0xffffffffffffffff dma 0x90000000
unmap 1 uva 0xffffffffffffffff dma 0xffffffffffffffff
== pr_iova rc=0
heap npu4 pr1233 iova
chunk 0 0x04000000 +0x4000000
chunk 1 0x08000000 +0x4000000
map 0 uva 0x7f0000000000 dma 0x100000000
map 1 uva 0x7f0004000000 dma 0x90000000
unmap 1 uva 0x7f0004000000 dma 0xffffffffffffffff
== head_carve rc=0
heap npu4 pr1705 carveout
chunk 0 0x04000000 +0x4000000
chunk 1 0x08000000 +0x4000000
map 0 uva 0xffffffffffffffff dma 0x80000000
map 1 uva 0xffffffffffffffff dma 0x90000000
unmap 1 uva 0xffffffffffffffff dma 0xffffffffffffffff
== interim_carve rc=0
heap npu4 pr1279 carveout
chunk 0 0x04000000 +0x4000000
chunk 1 0x08000000 +0x4000000
map 0 uva 0x7f0000000000 dma 0x80000000
map 1 uva 0x7f0004000000 dma 0x90000000
unmap 1 uva 0xffffffffffffffff dma 0xffffffffffffffff
== full rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
map 0 uva 0x7f0000000000 dma 0xffffffffffffffff
A expand: chunk 1 0x08000000 +0x4000000
A expand: chunk 2 0x0c000000 +0x4000000
A expand: chunk 3 0x10000000 +0x4000000
A expand: chunk 4 0x14000000 +0x4000000
A expand: chunk 5 0x18000000 +0x4000000
A expand: chunk 6 0x1c000000 +0x4000000
A 0x04000000 +0x1c000000 chunks 0..6 cost 0
B ENOSPC (no-hole) cost 0
xdnasim heap-replay: full.trace:6:7: DEV BO 'A' is still live
== design rc=2
xdnasim heap-replay: design.trace:1:11: unknown revision 'nope' (pr1233, pr1279, 856409ca, pr1670, pr1705, upstream, pr1710 (head = pr1705; pr1710 is a proposal))
== mode rc=2
xdnasim heap-replay: mode.trace:1:16: unknown mode 'nope' (pasid, iova, carveout)
== short rc=2
xdnasim heap-replay: short.trace:1:1: usage: heap PROFILE REVISION MODE
== sync_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: sync_usage.trace:3:1: usage: sync NAME OFFSET SIZE [-> EXPECT]
== chunk_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: chunk_usage.trace:3:1: usage: chunk SIZE [-> EXPECT]
== map_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: map_usage.trace:3:1: usage: map IDX [ADDR]
== unmap_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: unmap_usage.trace:3:1: usage: unmap IDX
== pin_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: pin_usage.trace:3:1: usage: pin NAME
== free_usage rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: free_usage.trace:3:1: usage: free NAME
== map_addr rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: map_addr.trace:3:7: bad number '0x1Q' (decimal, 0x hex, K/M/G suffix)
== sync_name rc=2
heap npu4 pr1705 pasid
chunk 0 0x04000000 +0x4000000
xdnasim heap-replay: sync_name.trace:3:6: no live DEV BO named 'Z'
WANT
if diff -u want got >&2; then
	pass
else
	fail "heap-replay modes: output differs (- want, + got)"
fi
finish
