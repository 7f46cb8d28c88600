/* SPDX-License-Identifier: MIT */
/*
 * heap_test_util.h - helpers shared by the alloc/heap test suites: heap
 * construction, the shim's "map every chunk contiguously" rule, and the
 * shim's "expand one 64 MiB chunk on -EAGAIN and retry" loop
 * (docs/driver/heap.md §5.6), written here independently of the heap.
 */
#ifndef XDNASIM_TESTS_HEAP_TEST_UTIL_H
#define XDNASIM_TESTS_HEAP_TEST_UTIL_H

#include <check.h>
#include <errno.h>

#include "alloc/heap.h"
#include "alloc/heap_metrics.h"
#include "tests/check_util.h"

#define BASE 0x04000000ULL
#define MAXH SZ_512M
/* The shim's 512 MiB CPU reservation (64 MiB aligned) and an IOVA window. */
#define UVA_BASE 0x7f0000000000ULL
#define IOVA_BASE 0x100000000ULL
#define MiB(x) ((u64)(x) << 20)
#define KiB(x) ((u64)(x) << 10)

/* th_new - a heap on built-in profile @prof; fails the test on error. */
struct heap *th_new(const char *prof, enum drv_rev d, enum addr_mode m);

/*
 * th_map - what the driver model does once chunk @idx has a handle and an
 * mmap: PASID records uva = UVA_BASE + device offset (the shim's contiguous
 * mapping), IOVA records a DMA address, carveout a physical one.
 */
void th_map(struct heap *h, u32 idx);

/* th_expand - the shim's heap.expand(@size): create a chunk and map it; returns the errno. */
int th_expand(struct heap *h, u64 size);

/* th_add - th_expand() that must succeed. */
void th_add(struct heap *h, u64 size);

/*
 * th_shim_alloc - the shim's create_drm_bo() loop: CREATE_BO(DEV); on -EAGAIN
 * expand by 64 MiB (ENOSPC without a kernel call once 512 MiB are committed)
 * and retry; any other result is returned.  *@expansions counts successful
 * expansions (may be NULL).
 */
int th_shim_alloc(struct heap *h, struct heap_bo *bo, u64 size, unsigned int *expansions);

/* th_alloc_ok - heap_bo_alloc() must succeed at exactly @addr. */
void th_alloc_ok_at(struct heap *h, struct heap_bo *bo, u64 size, u64 addr, const char *file,
		    int line);
#define th_alloc_ok(h, bo, size, addr) th_alloc_ok_at((h), (bo), (size), (addr), __FILE__, __LINE__)

/* th_alloc_err - heap_bo_alloc() must fail with exactly @err. */
void th_alloc_err_at(struct heap *h, u64 size, int err, const char *file, int line);
#define th_alloc_err(h, size, err) th_alloc_err_at((h), (size), (err), __FILE__, __LINE__)

/* Both designs, for loop tests: index 0 = HEAD, 1 = PR1233. */
extern const enum drv_rev th_designs[2];

Suite *heap_chunks_suite(void);
Suite *heap_bo_suite(void);
Suite *heap_examples_suite(void);
Suite *heap_metrics_suite(void);
Suite *heap_check_suite(void);
Suite *heap_mem_suite(void);
Suite *heap_random_suite(void);
Suite *heap_trace_names_suite(void);

#endif /* XDNASIM_TESTS_HEAP_TEST_UTIL_H */
