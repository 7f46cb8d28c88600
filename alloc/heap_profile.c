// SPDX-License-Identifier: MIT
/*
 * heap_profile.c - the built-in device profiles (heap.md §1, proto.md §3.5
 * and §5.9) and the enum <-> name tables of the heap.
 */
#include <errno.h>
#include <string.h>

#include "alloc/heap.h"

#define AIE2_DEVM_BASE 0x04000000ULL
#define AIE2_DEVM_SIZE SZ_64M
#define AIE2_DEVM_MAX_SIZE SZ_512M

#define AIE2_PROFILE(n, max, limit, has_add, maj, min)                               \
	{                                                                            \
		.name = (n), .max_size = (max), .chunk_size = AIE2_DEVM_SIZE,        \
		.base = AIE2_DEVM_BASE, .page_shift = 12, .buf_shift = 15,          \
		.has_heap_expand = true, .hwctx_limit = (limit),                     \
		.has_add_host_buf = (has_add), .add_host_buf_major = (maj),          \
		.add_host_buf_minor = (min),                                         \
	}

const struct heap_profile heap_profiles[] = {
	/* npu1_regs.c: one chunk only; firmware has no ADD_HOST_BUFFER. */
	AIE2_PROFILE("npu1", AIE2_DEVM_SIZE, 6, false, 0, 0),
	/* npu4/5/6 share npu4_fw_feature_table: ADD_HOST_BUFFER from 6.18. */
	AIE2_PROFILE("npu4", AIE2_DEVM_MAX_SIZE, 16, true, 6, 18),
	AIE2_PROFILE("npu5", AIE2_DEVM_MAX_SIZE, 16, true, 6, 18),
	AIE2_PROFILE("npu6", AIE2_DEVM_MAX_SIZE, 16, true, 6, 18),
	/*
	 * AIE4-like (npu3_regs.c): dev_heap_max_size not set (0), no
	 * hwctx_heap_expand op, no heap aperture.  The context limit is the
	 * one shim_test expects on npu3 (peers.md §1.1).
	 */
	{
		.name = "aie4",
		.max_size = 0,
		.chunk_size = AIE2_DEVM_SIZE,
		.base = AIE2_DEVM_BASE,
		.page_shift = 12,
		.buf_shift = 15,
		.has_heap_expand = false,
		.hwctx_limit = 128,
		.has_add_host_buf = false,
	},
};

const size_t heap_nr_profiles = ARRAY_SIZE(heap_profiles);

const struct heap_profile *heap_profile_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < heap_nr_profiles; i++)
		if (!strcmp(heap_profiles[i].name, name))
			return &heap_profiles[i];
	return NULL;
}

bool heap_profile_fw_has_add_host_buf(const struct heap_profile *p, unsigned int major,
				      unsigned int minor)
{
	if (!p->has_add_host_buf)
		return false;
	/* "major 7 (any minor): all features" applies to the NPU4 family table. */
	if (major == 7)
		return true;
	return major == p->add_host_buf_major && minor >= p->add_host_buf_minor;
}

u64 heap_profile_bo_align(const struct heap_profile *p)
{
	unsigned int shift = p->page_shift > p->buf_shift ? p->page_shift : p->buf_shift;

	return 1ULL << shift;
}

static const char *const reason_names[HEAP_R_NR] = {
	[HEAP_R_OK] = "ok",
	[HEAP_R_SIZE_ZERO] = "size-zero",
	[HEAP_R_TOO_BIG] = "larger-than-max",
	[HEAP_R_NO_HEAP] = "no-heap",
	[HEAP_R_C0_UNMAPPED] = "chunk0-unmapped",
	[HEAP_R_NO_HOLE] = "no-hole",
	[HEAP_R_FULL] = "heap-full",
	[HEAP_R_NOT_COMMITTED] = "not-committed",
	[HEAP_R_NO_CHUNK] = "no-chunk",
	[HEAP_R_UVA_INVALID] = "uva-invalid",
	[HEAP_R_UVA_NONCONTIG] = "uva-not-contiguous",
	[HEAP_R_DMA_INVALID] = "dma-invalid",
	[HEAP_R_CHUNK_SIZE] = "bad-chunk-size",
	[HEAP_R_NO_EXPAND] = "no-heap-expand",
	[HEAP_R_OVER_MAX] = "over-max",
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

const char *heap_reason_name(enum heap_reason r)
{
	return name_of(reason_names, ARRAY_SIZE(reason_names), (unsigned int)r);
}
