/* SPDX-License-Identifier: MIT */
/*
 * iommu.h - the IOMMU as the firmware sees it, in the three address modes
 * of docs/driver/heap.md §3 / docs/driver/proto.md §7.2.
 *
 *  PASID     the device walks the client process's page tables: the
 *            mappings are the live mmaps of the client's chunks, tagged
 *            with the client's PASID (bound at open).
 *  IOVA      one driver-owned paging domain (force_iova): BOs are mapped
 *            at first handle open; DEV_HEAP ranges are size-aligned to the
 *            next power of two, allocated top-down below 2^47 as the
 *            kernel IOVA allocator does.  Untagged (PASID 0).
 *  CARVEOUT  physical: BOs come from a contiguous carveout region; DEV_HEAP
 *            64 MiB aligned.  Untagged.
 * Management buffers (async event reports) are untagged mappings too.
 *
 * Every address the firmware dereferences goes through
 * iommu_translate(): unmapped → -ENOENT, mapped only under another PASID
 * → -EACCES.  Each mapping records its owner so that sim_check() can prove
 * no mapping outlives it.
 */
#ifndef XDNASIM_SIM_IOMMU_H
#define XDNASIM_SIM_IOMMU_H

#include <stddef.h>

#include "common/compat.h"
#include "alloc/mm.h"

#define IOMMU_IOVA_LIMIT (1ULL << 47)
#define IOMMU_MAX_PASID 1024

enum iommu_map_kind {
	IOMMU_MAP_SVA = 1,	/* user mmap seen through the PASID */
	IOMMU_MAP_IOVA,		/* driver IOVA domain */
	IOMMU_MAP_PA,		/* carveout physical range */
	IOMMU_MAP_MGMT,		/* driver management buffer */
};

struct iommu_map {
	u32 pasid;		/* 0 = untagged */
	u32 kind;
	u64 addr;
	u64 size;
	u32 client;		/* owner client id (0 = device) */
	u32 obj;		/* owner: chunk index / slot */
	void *host;		/* MGMT: host memory behind the mapping */
};

struct iommu_range {		/* an allocated IOVA / carveout range */
	struct mm_node node;
};

struct sim_iommu {
	int mode;		/* enum addr_mode */
	struct iommu_map *maps;	/* sorted by (pasid, addr) */
	size_t n, cap;
	struct mm iova;		/* IOVA allocator (IOVA mode) */
	struct mm carve;	/* carveout allocator (carveout mode) */
	bool iova_init, carve_init;
	bool pasid_used[IOMMU_MAX_PASID];
};

/* iommu_init - empty IOMMU for @mode; carveout region [@cbase, +@csize). */
void iommu_init(struct sim_iommu *io, int mode, u64 cbase, u64 csize);

/* iommu_fini - free everything (mappings must be gone: see iommu_check). */
void iommu_fini(struct sim_iommu *io);

/* iommu_pasid_alloc - lowest free PASID ≥ 1; -ENOSPC when none is left. */
int iommu_pasid_alloc(struct sim_iommu *io, u32 *pasid);
void iommu_pasid_free(struct sim_iommu *io, u32 pasid);

/*
 * iommu_range_alloc - allocate @size bytes: IOVA top-down aligned to the
 * next power of two of @size (@size_aligned) else to 4 KiB; carveout
 * bottom-up aligned to @align.
 * Returns: 0; -ENOMEM when the space is exhausted (as alloc_iova / the
 * carveout allocator report it).
 */
int iommu_range_alloc(struct sim_iommu *io, struct iommu_range *r, u64 size, u64 align,
		      bool size_aligned);
void iommu_range_free(struct sim_iommu *io, struct iommu_range *r);

/*
 * iommu_map - add a translation [@addr, +@size) under @pasid.
 * Returns: 0; -EEXIST if it overlaps a mapping of the same PASID;
 * -ENOMEM.
 */
int iommu_map(struct sim_iommu *io, const struct iommu_map *m);

/*
 * iommu_set_obj - record the owning object of the mapping at @addr under
 * @pasid (an object mapped before it knew its index).  0 or -ENOENT.
 */
int iommu_set_obj(struct sim_iommu *io, u32 pasid, u64 addr, u32 obj);

/* iommu_unmap - remove the mapping starting at @addr under @pasid; -ENOENT if none. */
int iommu_unmap(struct sim_iommu *io, u32 pasid, u64 addr);

/*
 * iommu_translate - the mapping that holds [@addr, +@len) for @pasid.
 * Returns: 0 with *@out set; -ENOENT unmapped (or crossing the end of a
 * mapping); -EACCES mapped only under another PASID.
 */
int iommu_translate(const struct sim_iommu *io, u32 pasid, u64 addr, u64 len,
		    const struct iommu_map **out);

/* iommu_count_owner - mappings owned by @client (any PASID). */
size_t iommu_count_owner(const struct sim_iommu *io, u32 client);

/*
 * iommu_check - numbered invariants: I1 sorted by (pasid, addr) and no
 * overlap within a PASID; I2 no zero-sized or wrapping mapping; I3 SVA
 * mappings carry a PASID that is allocated, other kinds PASID 0.
 * Returns: 0, or -EUCLEAN with @why filled.
 */
int iommu_check(const struct sim_iommu *io, char *why, size_t len);

#endif /* XDNASIM_SIM_IOMMU_H */
