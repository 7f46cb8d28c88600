// SPDX-License-Identifier: MIT
/*
 * heap_profile.c - the built-in device profiles (docs/driver/heap.md §1, docs/driver/proto.md §3.5
 * and §5.9) and the enum <-> name tables of the heap.
 */
#include <errno.h>
#include <string.h>

#include "alloc/heap.h"
#include "common/device.h"

#define AIE2_DEVM_BASE 0x04000000ULL
#define AIE2_DEVM_SIZE SZ_64M

/*
 * One profile per device of common/devices.def, in its order: the heap
 * geometry there, the AIE2 aperture (base 0x0400_0000, 64 MiB chunks, 4 KiB
 * pages, 32 KiB buffer alignment) here.  A device without a heap maximum
 * has no hwctx_heap_expand op.
 */
const struct heap_profile heap_profiles[] = {
#define XDNA_DEVICE(cname, nm, fam, hmax, hlim, cols, first, fmin, fdef, ahb)            \
	{                                                                            \
		.name = nm, .max_size = hmax, .chunk_size = AIE2_DEVM_SIZE,          \
		.base = AIE2_DEVM_BASE, .page_shift = 12, .buf_shift = 15,          \
		.has_heap_expand = (hmax) != 0, .hwctx_limit = hlim,                 \
		.has_add_host_buf = (ahb) != 0, .add_host_buf_major = XDNA_FW_MAJOR(ahb), \
		.add_host_buf_minor = XDNA_FW_MINOR(ahb),                            \
	},
#include "common/devices.def"
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
