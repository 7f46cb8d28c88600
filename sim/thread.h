/* SPDX-License-Identifier: MIT */
/*
 * thread.h - the driver's concurrent paths and their yield points, for the
 * interleaving explorer (scenarios/explore.h, docs/explore.md).
 *
 * Facts: sim/thread_paths.def (each path's footprint: which other paths it
 * may not be permuted with) and sim/yield_points.def (where each path can
 * be preempted or block, with the driver source and the revisions that
 * have the point).  Everything here is a constant table lookup.
 */
#ifndef XDNASIM_SIM_THREAD_H
#define XDNASIM_SIM_THREAD_H

#include <stddef.h>

#include "common/compat.h"

/* The driver locks the model knows, outermost first (docs/driver/heap.md §5). */
enum sim_lock {
	SIM_LOCK_NONE = 0,
	SIM_LOCK_CLIENT,	/* xdna->client_lock */
	SIM_LOCK_DEV,		/* xdna->dev_lock */
	SIM_LOCK_MM,		/* client->mm_lock */
	SIM_LOCK_HWCTX_SRCU,	/* client->hwctx_srcu */
	SIM_LOCK_CHAN_XA,	/* a mailbox channel's chan_xa lock: a spinlock, irq-safe */
	SIM_LOCK_IO_STATS,	/* client->io_stats.lock: a spinlock */
	SIM_LOCK_FENCE,		/* a job fence's lock (amdxdna_fence): a spinlock, irq-safe */
	SIM_LOCK_NR
};

enum sim_yield_kind {
	SIM_YK_NONE = 0,
	SIM_YK_ACQUIRE,
	SIM_YK_RELEASE,
	SIM_YK_FW_WAIT,
	SIM_YK_DROP,
	SIM_YK_SRCU_READ,
	SIM_YK_SRCU_SYNC,
	SIM_YK_SLEEP,
	SIM_YK_NR
};

/* Footprint bits (sim/thread_paths.def). */
#define SIM_FP_CLIENT 0x1u	/* the path's own client */
#define SIM_FP_CTX_TABLE 0x2u	/* device-wide context table and firmware slots */
#define SIM_FP_DEVICE 0x4u	/* every context of every client */
#define SIM_FP_RNG 0x8u		/* the scenario's shared random stream */

enum sim_path {
#define SIM_PATH(c, n, fp, w) SIM_PATH_##c,
#include "sim/thread_paths.def"
	SIM_PATH_NR
};

enum sim_yield_point {
#define SIM_YIELD(c, p, k, l, f, fn, co, r, w) SIM_YP_##c,
#include "sim/yield_points.def"
	SIM_YP_NR
};

struct sim_path_desc {
	const char *name;
	u32 footprint;		/* SIM_FP_* */
	const char *what;
};

struct sim_yield_desc {
	const char *name;	/* the CNAME, "GEM_OBJ_CLOSE" */
	enum sim_path path;
	enum sim_yield_kind kind;
	enum sim_lock lock;
	const char *file;	/* drivers/accel/amdxdna/... */
	const char *function;
	const char *commit;
	const char *revisions;	/* "all" or a comma-separated list */
	const char *what;
};

extern const struct sim_path_desc sim_paths[SIM_PATH_NR];
extern const struct sim_yield_desc sim_yields[SIM_YP_NR];

/* sim_lock_name - "dev_lock", ...; "?" for an unknown value. */
const char *sim_lock_name(enum sim_lock l);
/* sim_lock_is_spin - @l is a spinlock (its holder may not sleep); false for an unknown value. */
bool sim_lock_is_spin(enum sim_lock l);
/* sim_yield_kind_name - "acquire", "fw_wait", ...; "?" for an unknown value. */
const char *sim_yield_kind_name(enum sim_yield_kind k);

/*
 * sim_path_locks - the locks @p acquires (bit 1 << SIM_LOCK_*), from its
 * ACQUIRE and DROP rows in @rev ("" or NULL: every revision).
 */
u32 sim_path_locks(enum sim_path p, const char *rev);

/*
 * sim_drop_held - the locks the path of DROP point @y keeps across the
 * drop in revision @rev: what its rows before @y acquire (and do not
 * release), minus the dropped lock (bits 1 << SIM_LOCK_*).  0 when @y is
 * not a DROP or not in @rev.
 */
u32 sim_drop_held(enum sim_yield_point y, const char *rev);

/* sim_yield_in_revision - @y exists in revision @rev (NULL or "": any). */
bool sim_yield_in_revision(const struct sim_yield_desc *y, const char *rev);

/*
 * sim_paths_commute - may a segment of path @a run by client @ca and one of
 * path @b run by client @cb be swapped without changing any outcome?  Two
 * segments commute unless both touch the same client, both touch the
 * context table, either touches every context (SIM_FP_DEVICE) or both draw
 * from the random stream.  @extra_a / @extra_b are footprint bits the
 * caller adds (SIM_FP_RNG for a step that draws sizes).
 */
bool sim_paths_commute(enum sim_path a, u32 ca, u32 extra_a, enum sim_path b, u32 cb,
		       u32 extra_b);

/*
 * sim_lock_order_check - lockdep's order rule over the table: along every
 * path, locks are acquired outermost first (client_lock, dev_lock,
 * mm_lock).  Returns 0, or -EDEADLK with the first inversion in @why.
 */
int sim_lock_order_check(char *why, size_t len);

/*
 * sim_atomic_check - the sleep-in-atomic rule over the @n rows of @t (the
 * real table is sim_yields / SIM_YP_NR; a test passes a planted one) that
 * revision @rev has (NULL or "": every row): along every path, between the
 * acquisition of a spinlock and its release no row may sleep: a mutex
 * acquired (or retaken after a DROP), a firmware reply awaited, a SLEEP
 * (drain_workqueue, free_irq) or an SRCU grace period.  Returns 0, or
 * -EDEADLK with the first such row in @why.
 */
int sim_atomic_check(const struct sim_yield_desc *t, u32 n, const char *rev, char *why,
		     size_t len);

#endif
