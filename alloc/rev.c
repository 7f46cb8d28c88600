// SPDX-License-Identifier: MIT
/*
 * rev.c - the table of driver revisions (what each one is; what each one does
 * is in alloc/heap_rev.c and sim/revision.c) and the address-mode names.
 */
#include <errno.h>
#include <string.h>

#include "common/compat.h"
#include "alloc/rev.h"

static const struct drv_rev_info revs[REV_NR] = {
	[REV_PR1233] = { "pr1233", "b9d18f04 22952daa f2c31c79", "2026-04-13",
			 "PR #1233 as merged: chunk list, insert limited to committed bytes, "
			 "chunks broadcast to every hwctx at DEV_HEAP creation" },
	[REV_PR1279] = { "pr1279", "aba33e95", "2026-04-26",
			 "PR #1279: chunk notification moved to DEV BO creation, chunk uva "
			 "post-check in every mode" },
	[REV_856409CA] = { "856409ca", "856409ca", "2026-08-21",
			   "upstream design (87217ccf): chunk xarray, whole-range insert + "
			   "coverage check, update_heap per hwctx watermark" },
	[REV_PR1670] = { "pr1670", "PR #1670", "2026-09-02",
			 "SMU DPM request failure unloads the firmware context (no leak)" },
	[REV_PR1705] = { "pr1705", "PR #1705", "2026-09-17",
			 "DEV BO heap range freed at last handle close; foreign handle "
			 "open -EPERM; hwctx cmd buffers freed explicitly" },
	[REV_UPSTREAM] = { "upstream", "drm-misc 1bc13a9d", "2026-09-01",
			   "Linux drm-misc: chunk CPU address required in every mode and "
			   "kept after munmap; simpler flush (imported chunk EOPNOTSUPP); "
			   "foreign open of an open BO EPERM" },
	/* an open pull request: the review threads and stored files, docs/driver/revisions.md */
	[REV_PR1710] = { "pr1710", "PR #1710 (open)", "2026-09-19",
			 "proposal on pr1705: AIE2 without the DRM scheduler (direct submission "
			 "under io_lock, device-wide TDR worker)",
			 .proposal = true, .base = REV_PR1705 },
};

/* Oldest first, as `xdnasim revisions` lists them; the proposals after the merged ones. */
static const enum drv_rev by_age[REV_NR] = { REV_PR1233, REV_PR1279, REV_856409CA, REV_PR1670,
					     REV_PR1705, REV_UPSTREAM, REV_PR1710 };

static const char *const mode_names[ADDR_NR_MODES] = { "pasid", "iova", "carveout" };

const struct drv_rev_info *drv_rev_info(enum drv_rev r)
{
	return (unsigned int)r < REV_NR ? &revs[r] : NULL;
}

enum drv_rev drv_rev_base(enum drv_rev r)
{
	return (unsigned int)r < REV_NR && revs[r].proposal ? revs[r].base : r;
}

const char *drv_rev_name(enum drv_rev r)
{
	return (unsigned int)r < REV_NR ? revs[r].name : "?";
}

enum drv_rev drv_rev_by_age(size_t i)
{
	return i < REV_NR ? by_age[i] : REV_HEAD;
}

int drv_rev_parse(const char *s, enum drv_rev *out)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "head")) {
		*out = REV_HEAD;
		return 0;
	}
	if (!strcmp(s, "interim")) {
		*out = REV_PR1279;
		return 0;
	}
	for (unsigned int i = 0; i < REV_NR; i++) {
		if (!strcmp(s, revs[i].name)) {
			*out = (enum drv_rev)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *drv_rev_names(void)
{
	return "pr1233, pr1279, 856409ca, pr1670, pr1705, upstream, pr1710 (head = pr1705; "
	       "pr1710 is a proposal)";
}

const char *addr_mode_name(enum addr_mode m)
{
	return (unsigned int)m < ADDR_NR_MODES ? mode_names[m] : "?";
}

int addr_mode_parse(const char *s, enum addr_mode *out)
{
	if (!s)
		return -EINVAL;
	for (unsigned int i = 0; i < ADDR_NR_MODES; i++) {
		if (!strcmp(s, mode_names[i])) {
			*out = (enum addr_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}
