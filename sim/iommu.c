// SPDX-License-Identifier: MIT
/*
 * iommu.c - translation table (sorted array, binary search), PASID
 * allocator and the IOVA / carveout range allocators (alloc/mm).
 */
#include "sim/iommu.h"
#include "sim/sim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void iommu_init(struct sim_iommu *io, int mode, u64 cbase, u64 csize)
{
	memset(io, 0, sizeof(*io));
	io->mode = mode;
	if (mode == ADDR_IOVA) {
		/* The kernel never hands out IOVA page 0. */
		mm_init(&io->iova, SZ_4K, IOMMU_IOVA_LIMIT - SZ_4K);
		io->iova_init = true;
	} else if (mode == ADDR_CARVEOUT) {
		mm_init(&io->carve, cbase, csize);
		io->carve_init = true;
	}
}

void iommu_fini(struct sim_iommu *io)
{
	free(io->maps);
	io->maps = NULL;
	io->n = io->cap = 0;
	if (io->iova_init)
		mm_takedown(&io->iova);
	if (io->carve_init)
		mm_takedown(&io->carve);
	io->iova_init = io->carve_init = false;
}

int iommu_pasid_alloc(struct sim_iommu *io, u32 *pasid)
{
	for (u32 p = 1; p < IOMMU_MAX_PASID; p++) {
		if (!io->pasid_used[p]) {
			io->pasid_used[p] = true;
			*pasid = p;
			return 0;
		}
	}
	return -ENOSPC;
}

void iommu_pasid_free(struct sim_iommu *io, u32 pasid)
{
	if (pasid && pasid < IOMMU_MAX_PASID)
		io->pasid_used[pasid] = false;
}

static u64 pow2_ceil(u64 x)
{
	u64 p = 1;

	while (p < x && p)
		p <<= 1;
	return p;
}

int iommu_range_alloc(struct sim_iommu *io, struct iommu_range *r, u64 size, u64 align,
		      bool size_aligned)
{
	memset(r, 0, sizeof(*r));
	if (io->iova_init) {
		u64 a = size_aligned ? pow2_ceil(size) : SZ_4K;

		if (!a || mm_insert_node_in_range(&io->iova, &r->node, size, a, 0, 0,
						   IOMMU_IOVA_LIMIT, MM_INSERT_HIGH))
			return -ENOMEM;
		return 0;
	}
	if (io->carve_init) {
		if (mm_insert_node_generic(&io->carve, &r->node, size, align ? align : SZ_4K, 0,
					   MM_INSERT_BEST))
			return -ENOMEM;
		return 0;
	}
	return -ENODEV;
}

void iommu_range_free(struct sim_iommu *io, struct iommu_range *r)
{
	if (mm_node_allocated(&r->node))
		mm_remove_node(&r->node);
}

static int map_cmp(u32 pa, u64 aa, u32 pb, u64 ab)
{
	if (pa != pb)
		return pa < pb ? -1 : 1;
	if (aa != ab)
		return aa < ab ? -1 : 1;
	return 0;
}

/* First index whose (pasid, addr) is >= the key. */
static size_t lower_bound(const struct sim_iommu *io, u32 pasid, u64 addr)
{
	size_t lo = 0, hi = io->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map_cmp(io->maps[mid].pasid, io->maps[mid].addr, pasid, addr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int iommu_map(struct sim_iommu *io, const struct iommu_map *m)
{
	size_t i;

	if (!m->size || m->addr + m->size < m->addr)
		return -EINVAL;
	i = lower_bound(io, m->pasid, m->addr);
	if (i < io->n && io->maps[i].pasid == m->pasid &&
	    io->maps[i].addr < m->addr + m->size)
		return -EEXIST;
	if (i > 0 && io->maps[i - 1].pasid == m->pasid &&
	    io->maps[i - 1].addr + io->maps[i - 1].size > m->addr)
		return -EEXIST;
	if (io->n == io->cap) {
		size_t cap = io->cap ? io->cap * 2 : 16;
		struct iommu_map *maps = realloc(io->maps, cap * sizeof(*maps));

		if (!maps)
			return -ENOMEM;
		io->maps = maps;
		io->cap = cap;
	}
	memmove(&io->maps[i + 1], &io->maps[i], (io->n - i) * sizeof(*io->maps));
	io->maps[i] = *m;
	io->n++;
	return 0;
}

int iommu_set_obj(struct sim_iommu *io, u32 pasid, u64 addr, u32 obj)
{
	size_t i = lower_bound(io, pasid, addr);

	if (i >= io->n || io->maps[i].pasid != pasid || io->maps[i].addr != addr)
		return -ENOENT;
	io->maps[i].obj = obj;
	return 0;
}

int iommu_unmap(struct sim_iommu *io, u32 pasid, u64 addr)
{
	size_t i = lower_bound(io, pasid, addr);

	if (i >= io->n || io->maps[i].pasid != pasid || io->maps[i].addr != addr)
		return -ENOENT;
	memmove(&io->maps[i], &io->maps[i + 1], (io->n - i - 1) * sizeof(*io->maps));
	io->n--;
	return 0;
}

static const struct iommu_map *find(const struct sim_iommu *io, u32 pasid, u64 addr)
{
	size_t i = lower_bound(io, pasid, addr + 1);

	if (i == 0)
		return NULL;
	i--;
	if (io->maps[i].pasid != pasid || addr < io->maps[i].addr ||
	    addr - io->maps[i].addr >= io->maps[i].size)
		return NULL;
	return &io->maps[i];
}

int iommu_translate(const struct sim_iommu *io, u32 pasid, u64 addr, u64 len,
		    const struct iommu_map **out)
{
	const struct iommu_map *m = addr == U64_MAX ? NULL : find(io, pasid, addr);

	if (m) {
		if (len && (addr + len < addr || addr + len - m->addr > m->size))
			return -ENOENT;
		*out = m;
		return 0;
	}
	for (size_t i = 0; i < io->n; i++) {
		const struct iommu_map *o = &io->maps[i];

		if (o->pasid != pasid && addr >= o->addr && addr - o->addr < o->size)
			return -EACCES;
	}
	return -ENOENT;
}

size_t iommu_count_owner(const struct sim_iommu *io, u32 client)
{
	size_t c = 0;

	for (size_t i = 0; i < io->n; i++)
		c += io->maps[i].client == client;
	return c;
}

int iommu_check(const struct sim_iommu *io, char *why, size_t len)
{
	for (size_t i = 0; i < io->n; i++) {
		const struct iommu_map *m = &io->maps[i];

		if (!m->size || m->addr + m->size < m->addr) {
			snprintf(why, len, "iommu.I2: mapping %zu [%#llx,+%#llx) empty or wraps", i,
				 (unsigned long long)m->addr, (unsigned long long)m->size);
			return -EUCLEAN;
		}
		if ((m->kind == IOMMU_MAP_SVA) != (m->pasid != 0) ||
		    (m->pasid && (m->pasid >= IOMMU_MAX_PASID || !io->pasid_used[m->pasid]))) {
			snprintf(why, len, "iommu.I3: mapping %#llx kind %u has pasid %u",
				 (unsigned long long)m->addr, m->kind, m->pasid);
			return -EUCLEAN;
		}
		if (i && (map_cmp(io->maps[i - 1].pasid, io->maps[i - 1].addr, m->pasid,
				  m->addr) >= 0 ||
			  (io->maps[i - 1].pasid == m->pasid &&
			   io->maps[i - 1].addr + io->maps[i - 1].size > m->addr))) {
			snprintf(why, len, "iommu.I1: mapping %#llx (pasid %u) unsorted or overlaps",
				 (unsigned long long)m->addr, m->pasid);
			return -EUCLEAN;
		}
	}
	return 0;
}
