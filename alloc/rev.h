/* SPDX-License-Identifier: MIT */
/*
 * rev.h - the driver revisions the simulator models and the client address
 * modes: the one revision enum and the one address-mode enum every layer uses
 * (alloc, sim, scenarios, reports, cli).  The table of what each revision is
 * (name, commit, date, one line) lives in alloc/rev.c; what each revision
 * *does* lives in its operation tables: alloc/heap_rev.c (placement, chunk
 * addresses, flush bounds) and sim/revision.c (the driver flows).  See
 * docs/driver/revisions.md.
 */
#ifndef XDNASIM_ALLOC_REV_H
#define XDNASIM_ALLOC_REV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * enum drv_rev - a named driver state.  The values are stable identifiers,
 * not a chronology (0 is 856409ca, the first revision the simulator modelled);
 * drv_rev_by_age() lists them oldest first.  Each later out-of-tree revision
 * is cumulative on the previous one.
 */
enum drv_rev {
	REV_856409CA = 0, /* amd/xdna-driver main at 856409ca (2026-08-21) */
	REV_PR1233 = 1,	  /* PR #1233 as merged (b9d18f04 + 22952daa + f2c31c79) */
	REV_PR1279 = 2,	  /* PR #1279 (aba33e95): chunk notification at DEV BO creation */
	REV_PR1670 = 3,	  /* 856409ca + PR #1670: DPM failure unloads the context */
	REV_PR1705 = 4,	  /* PR #1670 + PR #1705: DEV BO range freed at last handle close */
	REV_UPSTREAM = 5, /* Linux drm-misc 1bc13a9d drivers/accel/amdxdna */
	REV_PR1710 = 6,	  /* open PR #1710 on pr1705: no DRM scheduler for AIE2 (proposal) */
};

/* REV_NR - the number of revisions (values 0 .. REV_NR - 1), proposals included. */
#define REV_NR 7

/*
 * REV_MERGED_NR - the merged revisions: drv_rev_by_age(0 .. REV_MERGED_NR - 1)
 * and enum values 0 .. REV_MERGED_NR - 1.  "all" (compare --revisions all,
 * a fuzz campaign's random pick) means these; a proposal (an open pull
 * request, drv_rev_info()->proposal) runs only when named.
 */
#define REV_MERGED_NR 6

/* REV_HEAD - "head": the newest out-of-tree revision. */
#define REV_HEAD REV_PR1705

/* enum addr_mode - the client's address mode (docs/driver/heap.md). */
enum addr_mode {
	ADDR_PASID = 0,	   /* SVA: firmware uses CPU virtual addresses */
	ADDR_IOVA = 1,	   /* force_iova: chunks are DMA-mapped */
	ADDR_CARVEOUT = 2, /* PA/carveout: physical addresses */
};

/* ADDR_NR_MODES - the number of address modes. */
#define ADDR_NR_MODES 3

/**
 * struct drv_rev_info - what a revision is.
 * @name: its name ("856409ca", "pr1233", ...), what `revision:` takes.
 * @commit: the driver commit(s) it models.
 * @date: the commit / merge date, YYYY-MM-DD (a proposal: its review date).
 * @summary: one line on what changed against the previous revision.
 * @proposal: an open pull request, not merged: not part of "all".
 * @base: a proposal's base revision (what it is on top of); unused otherwise.
 */
struct drv_rev_info {
	const char *name;
	const char *commit;
	const char *date;
	const char *summary;
	bool proposal;
	enum drv_rev base;
};

/* drv_rev_info - the row of @r, NULL for an unknown value.  Can't fail. */
const struct drv_rev_info *drv_rev_info(enum drv_rev r);

/*
 * drv_rev_base - the merged revision whose flows @r shares where it changes
 * nothing: a proposal's base, else @r itself.  Can't fail.
 */
enum drv_rev drv_rev_base(enum drv_rev r);

/* drv_rev_name - @r's name, "?" for an unknown value.  Can't fail. */
const char *drv_rev_name(enum drv_rev r);

/*
 * drv_rev_by_age - the @i-th revision, oldest first (0 <= @i < REV_NR); the
 * merged ones come first (@i < REV_MERGED_NR), then the proposals.  Can't
 * fail (an out-of-range @i gives REV_HEAD).
 */
enum drv_rev drv_rev_by_age(size_t i);

/*
 * drv_rev_parse - a revision name, or one of the aliases: "head" (REV_HEAD),
 * "interim" (pr1279, the heap-replay design name).  0, or -EINVAL for
 * anything else (NULL included).
 */
int drv_rev_parse(const char *s, enum drv_rev *out);

/*
 * drv_rev_names - "pr1233, pr1279, 856409ca, pr1670, pr1705, upstream, pr1710
 * (head = pr1705; pr1710 is a proposal)", for usage and error messages.
 * Can't fail.
 */
const char *drv_rev_names(void);

/* addr_mode_name - "pasid", "iova", "carveout"; "?" for unknown values. */
const char *addr_mode_name(enum addr_mode m);

/* addr_mode_parse - the inverse of addr_mode_name(); 0 or -EINVAL. */
int addr_mode_parse(const char *s, enum addr_mode *out);

#endif /* XDNASIM_ALLOC_REV_H */
