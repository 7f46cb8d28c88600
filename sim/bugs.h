/* SPDX-License-Identifier: MIT */
/*
 * bugs.h - historical-bug switches (docs/driver/heap.md §12.2, §12.3).
 *
 * Each switch re-creates, inside the driver / shim / heap model, the
 * behaviour a real commit fixed.  A switch is bit (1 << n) of
 * &sim_config.bugs; the model tests it with sim_bug() at the exact place
 * where the old code differed.  Names are stable: scenario files
 * (`bugs:`), the CLI and docs/faults.md use them.
 */
#ifndef XDNASIM_SIM_BUGS_H
#define XDNASIM_SIM_BUGS_H

#include "common/compat.h"
#include "alloc/rev.h"

#include "common/compat.h"

enum sim_bug {
	SIM_BUG_K2_UNCHECKED_CLFLUSH_RANGE = 0,
	SIM_BUG_K3_CLIENT_NULL_AFTER_CLOSE,
	SIM_BUG_K4_UNMAPPED_CHUNK_ACCEPTED,
	SIM_BUG_K5_EAGAIN_IN_IOVA_MODE,
	SIM_BUG_K6_ADD_HOST_BUFFER_UNGATED,
	SIM_BUG_K9_DEV_BO_EXPORT,
	SIM_BUG_K10_OPEN_WITHOUT_DMA_MODE,
	SIM_BUG_K11_OPEN_REF_LEAK_ON_MAP_FAILURE,
	SIM_BUG_K12_UVA_CLEARED_ON_ANY_MUNMAP,
	SIM_BUG_K15_CLIENT_DEREF_IN_ADDR_HELPERS,
	SIM_BUG_K21_CU_HANDLES_RERESOLVED,
	SIM_BUG_K22_NO_RESET_ESCALATION,
	SIM_BUG_U1_SINGLE_RETRY,
	SIM_BUG_U2_UNBOUNDED_SHIM_SYNC,
	SIM_BUG_NR
};

#define SIM_BUG(b) (1ULL << (b))

/* REV_BIT - a revision's bit in a struct sim_bug_desc::revs mask. */
#define REV_BIT(r) (1u << (r))
#define REVS_LIST (REV_BIT(REV_PR1233) | REV_BIT(REV_PR1279))
#define REVS_XARRAY (REV_BIT(REV_856409CA) | REV_BIT(REV_PR1670) | REV_BIT(REV_PR1705) | \
		     REV_BIT(REV_UPSTREAM) | REV_BIT(REV_PR1710))
#define REVS_ALL (REVS_LIST | REVS_XARRAY)
#define SIM_BUG_ALL (SIM_BUG(SIM_BUG_NR) - 1)

/**
 * struct sim_bug_desc - one switch.
 * @name: stable switch name ("k2-unchecked-clflush-range").
 * @entry: docs/driver/heap.md §12 entry ("K2", "U1").
 * @commit: the commit that fixed it (first one when several).
 * @revs: REV_BIT() of every revision whose code the switch patches (where
 *	the bug is expressible and its regression scenario is checked).
 * @what: one line: what the old code did wrong.
 * @scenario: its regression scenario, relative to the repository root
 *	(NULL when the scenario language cannot express it).
 */
struct sim_bug_desc {
	const char *name;
	const char *entry;
	const char *commit;
	u32 revs;
	const char *what;
	const char *scenario;
};

extern const struct sim_bug_desc sim_bugs[SIM_BUG_NR];

/* sim_bug_by_name - switch number, or -EINVAL. */
int sim_bug_by_name(const char *name);

/* sim_bug_name - stable name of switch @b, "?" if out of range. */
const char *sim_bug_name(unsigned int b);

#endif /* XDNASIM_SIM_BUGS_H */
