// SPDX-License-Identifier: MIT
/*
 * heap_mem.c - the heap's contents, modelled lazily.
 *
 * Each chunk has a directory of size / 2 MiB leaf pointers, allocated on the
 * first write to the chunk; a leaf holds 512 page pointers; a 4 KiB page is
 * allocated on the first write to it.  Unwritten bytes read as zero (shmem
 * pages start zeroed).  A committed but untouched 512 MiB heap therefore
 * costs nothing but its chunk descriptors; fully written, it costs its size
 * plus 0.2 % of directories.  Pages are released only by heap_destroy(),
 * as chunks are never shrunk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap_priv.h"

static u64 nr_leaves(const struct heap_chunk *c)
{
	return (c->size + HEAP_LEAF_SPAN - 1) / HEAP_LEAF_SPAN;
}

void heap__chunk_free_pages(struct heap_chunk *c)
{
	u64 nleaves = nr_leaves(c);

	if (!c->leaves)
		return;
	for (u64 i = 0; i < nleaves; i++) {
		struct heap_leaf *leaf = c->leaves[i];

		if (!leaf)
			continue;
		for (u64 p = 0; p < HEAP_LEAF_PAGES; p++)
			free(leaf->page[p]);
		free(leaf);
	}
	free(c->leaves);
	c->leaves = NULL;
	c->resident = 0;
}

/* The page holding chunk offset @off, or NULL if never written. */
static const u8 *page_peek(const struct heap_chunk *c, u64 off)
{
	const struct heap_leaf *leaf;

	if (!c->leaves)
		return NULL;
	leaf = c->leaves[off / HEAP_LEAF_SPAN];
	if (!leaf)
		return NULL;
	return leaf->page[(off % HEAP_LEAF_SPAN) >> HEAP_PAGE_SHIFT];
}

/* The page holding chunk offset @off, allocated (zeroed) if needed; NULL on ENOMEM. */
static u8 *page_get(struct heap_chunk *c, u64 off)
{
	struct heap_leaf *leaf;
	u8 **slot;

	if (!c->leaves) {
		c->leaves = calloc(nr_leaves(c), sizeof(*c->leaves));
		if (!c->leaves)
			return NULL;
	}
	leaf = c->leaves[off / HEAP_LEAF_SPAN];
	if (!leaf) {
		leaf = calloc(1, sizeof(*leaf));
		if (!leaf)
			return NULL;
		c->leaves[off / HEAP_LEAF_SPAN] = leaf;
	}
	slot = &leaf->page[(off % HEAP_LEAF_SPAN) >> HEAP_PAGE_SHIFT];
	if (!*slot) {
		*slot = calloc(1, HEAP_PAGE_SIZE);
		if (!*slot)
			return NULL;
		c->resident += HEAP_PAGE_SIZE;
	}
	return *slot;
}

/* Is [addr, addr + len) inside committed chunks?  len 0 is accepted anywhere. */
static bool range_committed(const struct heap *heap, u64 addr, u64 len)
{
	u64 lo = heap->prof.base, hi = heap->prof.base + heap->committed;

	if (len == 0)
		return true;
	return addr >= lo && addr < hi && len <= hi - addr;
}

/*
 * Walk [addr, addr + len) page piece by page piece; @fn gets the chunk, the
 * offset inside it and the piece length (never crossing a page).
 */
typedef int (*piece_fn)(struct heap_chunk *c, u64 off, u8 *buf, u64 len);

static int walk(const struct heap *heap, u64 addr, u8 *buf, u64 len, piece_fn fn)
{
	if (!range_committed(heap, addr, len))
		return -EFAULT;
	while (len) {
		u32 k = heap__chunk_of(heap, addr);
		struct heap_chunk *c = (struct heap_chunk *)&heap->chunks[k];
		u64 off = addr - c->dev_addr;
		u64 n = HEAP_PAGE_SIZE - (off & (HEAP_PAGE_SIZE - 1));
		int err;

		if (n > len)
			n = len;
		err = fn(c, off, buf, n);
		if (err)
			return err;
		addr += n;
		buf += n;
		len -= n;
	}
	return 0;
}

static int piece_write(struct heap_chunk *c, u64 off, u8 *buf, u64 len)
{
	u8 *page = page_get(c, off);

	if (!page)
		return -ENOMEM;
	memcpy(page + (off & (HEAP_PAGE_SIZE - 1)), buf, len);
	return 0;
}

static int piece_read(struct heap_chunk *c, u64 off, u8 *buf, u64 len)
{
	const u8 *page = page_peek(c, off);

	if (page)
		memcpy(buf, page + (off & (HEAP_PAGE_SIZE - 1)), len);
	else
		memset(buf, 0, len);
	return 0;
}

int heap_mem_write(struct heap *heap, u64 addr, const void *buf, u64 len)
{
	return walk(heap, addr, (u8 *)buf, len, piece_write);
}

int heap_mem_read(const struct heap *heap, u64 addr, void *buf, u64 len)
{
	return walk(heap, addr, buf, len, piece_read);
}

static bool bo_range_ok(const struct heap *heap, const struct heap_bo *bo, u64 off, u64 len)
{
	return bo->live && bo->owner == heap && off <= bo->size && len <= bo->size - off;
}

int heap_bo_write(struct heap *heap, const struct heap_bo *bo, u64 off, const void *buf,
		  u64 len)
{
	if (!bo_range_ok(heap, bo, off, len))
		return -EINVAL;
	return heap_mem_write(heap, bo->start + off, buf, len);
}

int heap_bo_read(const struct heap *heap, const struct heap_bo *bo, u64 off, void *buf,
		 u64 len)
{
	if (!bo_range_ok(heap, bo, off, len))
		return -EINVAL;
	return heap_mem_read(heap, bo->start + off, buf, len);
}

/* The pattern qword of device address @a (splitmix64 finaliser of a ^ seed). */
static u64 pattern_at(u64 a, u64 seed)
{
	u64 z = a ^ (seed * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define PATTERN_BATCH 512 /* qwords per heap_mem_* call: one 4 KiB page */

/* Arguments of the pattern helpers: qword-aligned, inside committed chunks. */
static int pattern_args(const struct heap *heap, u64 addr, u64 len)
{
	if (addr % 8 || len % 8)
		return -EINVAL;
	return range_committed(heap, addr, len) ? 0 : -EFAULT;
}

int heap_mem_fill_pattern(struct heap *heap, u64 addr, u64 len, u64 seed)
{
	u64 buf[PATTERN_BATCH];
	int err = pattern_args(heap, addr, len);

	if (err)
		return err;
	while (len) {
		u64 n = len / 8 < PATTERN_BATCH ? len / 8 : PATTERN_BATCH;

		for (u64 i = 0; i < n; i++)
			buf[i] = pattern_at(addr + 8 * i, seed);
		err = heap_mem_write(heap, addr, buf, n * 8);
		if (err)
			return err;
		addr += n * 8;
		len -= n * 8;
	}
	return 0;
}

int heap_mem_check_pattern(const struct heap *heap, u64 addr, u64 len, u64 seed, u64 *bad)
{
	u64 buf[PATTERN_BATCH];
	int err = pattern_args(heap, addr, len);

	if (err)
		return err;
	while (len) {
		u64 n = len / 8 < PATTERN_BATCH ? len / 8 : PATTERN_BATCH;

		heap_mem_read(heap, addr, buf, n * 8);
		for (u64 i = 0; i < n; i++) {
			if (buf[i] != pattern_at(addr + 8 * i, seed)) {
				if (bad)
					*bad = addr + 8 * i;
				return -EIO;
			}
		}
		addr += n * 8;
		len -= n * 8;
	}
	return 0;
}

u64 heap_mem_resident(const struct heap *heap)
{
	u64 sum = 0;

	for (u32 i = 0; i < heap->nr_chunks; i++)
		sum += heap->chunks[i].resident;
	return sum;
}
