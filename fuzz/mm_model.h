/* SPDX-License-Identifier: MIT */
/*
 * mm_model.h - the one oracle of alloc/mm: a deliberately simple,
 * independent model of drm_mm (docs/driver/drm_mm.md §11): a sorted array of
 * nodes, one recency stamp per hole owner, holes derived from the gaps, and
 * linear walks.  No trees, so it cannot share a bug with alloc/mm's indexes.
 * The mm fuzz target (fuzz/target_mm.c) and the Check tests of tests/alloc
 * both compare alloc/mm with it.
 */
#ifndef XDNASIM_FUZZ_MM_MODEL_H
#define XDNASIM_FUZZ_MM_MODEL_H

#include <stddef.h>

#include "common/compat.h"

struct model_node {
	u64 id;
	u64 start;
	u64 size;
	unsigned long color;
	u64 stamp;	/* stamp of the hole after this node (if any) */
};

struct mm_model {
	u64 start;
	u64 end;
	struct model_node *nodes;	/* ascending start */
	size_t n;
	size_t cap;
	u64 head_stamp;
	u64 next_stamp;
	bool color_sep;	/* the selftests' separate_adjacent_colors callback */
	bool plant;	/* FUZZ_PLANT_MODEL: BEST ties go to the oldest hole (wrong) */
};

/* One hole of the model; owner -1 is the head. */
struct model_hole {
	long owner;
	u64 start;
	u64 end;
	u64 stamp;
};

/**
 * struct model_result - what the model says an insert does.
 * @err: 0 or -ENOSPC.
 * @start: placement when @err is 0.
 * @owner: owner index of the chosen hole.
 * @cost: holes fit-tested by the kernel walk: exact for BEST and EVICT; for
 *	LOW and HIGH a lower bound (the holes large enough for the request
 *	that the kernel's walk must visit), see @cost_exact.
 * @cost_exact: whether @cost is exact.
 * @shape_dependent: LOW|ONCE / HIGH|ONCE: the kernel returns either this
 *	result or -ENOSPC depending on its tree shape.
 */
struct model_result {
	int err;
	u64 start;
	long owner;
	u64 cost;
	bool cost_exact;
	bool shape_dependent;
};

/* model_init - an empty model of [start, start + size); @m zeroed or initialised before. */
void model_init(struct mm_model *m, u64 start, u64 size);
void model_fini(struct mm_model *m);
void model_insert(const struct mm_model *m, u64 size, u64 align, unsigned long color,
		  u64 rs, u64 re, unsigned int mode, struct model_result *res);
/* model_commit - place the node @res chose.  Returns 0 or -ENOMEM. */
int model_commit(struct mm_model *m, u64 id, u64 size, unsigned long color,
		 const struct model_result *res);
/* model_reserve - drm_mm_reserve_node().  Returns 0, -ENOSPC or -ENOMEM. */
int model_reserve(struct mm_model *m, u64 id, u64 start, u64 size, unsigned long color);
void model_remove(struct mm_model *m, u64 id);
long model_find(const struct mm_model *m, u64 id);
/* Holes in address order; returns their number (array from malloc, caller frees). */
size_t model_holes(const struct mm_model *m, struct model_hole **out);

#endif /* XDNASIM_FUZZ_MM_MODEL_H */
