// SPDX-License-Identifier: MIT
/*
 * thread.c - the tables of sim/thread_paths.def and sim/yield_points.def
 * and the questions the explorer asks them (sim/thread.h).
 */
#include "sim/thread.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc/rev.h"

const struct sim_path_desc sim_paths[SIM_PATH_NR] = {
#define SIM_PATH(c, n, fp, w) [SIM_PATH_##c] = { n, fp, w },
#include "sim/thread_paths.def"
};

/* each point is named by its CNAME */
const struct sim_yield_desc sim_yields[SIM_YP_NR] = {
#define SIM_YIELD(c, p, k, l, f, fn, co, r, w) \
	[SIM_YP_##c] = { #c, SIM_PATH_##p, k, l, f, fn, co, r, w },
#include "sim/yield_points.def"
};

const char *sim_lock_name(enum sim_lock l)
{
	static const char *const names[SIM_LOCK_NR] = {
		"none", "client_lock", "dev_lock", "mm_lock", "hwctx_srcu", "io_lock", "chan_xa",
		"io_stats.lock", "fence_lock",
	};

	return (unsigned)l < SIM_LOCK_NR ? names[l] : "?";
}

bool sim_lock_is_spin(enum sim_lock l)
{
	return l == SIM_LOCK_CHAN_XA || l == SIM_LOCK_IO_STATS || l == SIM_LOCK_FENCE;
}

const char *sim_yield_kind_name(enum sim_yield_kind k)
{
	static const char *const names[SIM_YK_NR] = {
		"none", "acquire", "release", "fw_wait", "drop", "srcu_read", "srcu_sync", "sleep",
	};

	return (unsigned)k < SIM_YK_NR ? names[k] : "?";
}

/* @list names @rev (or, @all_ok, says "all"): 1; excludes it ("-REV"): 0; else -1. */
static int list_says(const char *list, const char *rev, size_t n, bool all_ok)
{
	int says = -1;

	for (const char *s = list; *s;) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		bool neg = *s == '-';

		if (len - neg == n && !strncmp(s + neg, rev, n))
			return !neg;
		if (all_ok && len == 3 && !strncmp(s, "all", 3))
			says = 1;
		if (!e)
			break;
		s = e + 1;
	}
	return says;
}

bool sim_yield_in_revision(const struct sim_yield_desc *y, const char *rev)
{
	size_t n = rev ? strlen(rev) : 0;
	enum drv_rev r;
	int says;

	if (!n)
		return true;
	says = list_says(y->revisions, rev, n, false);
	if (says >= 0)
		return says;
	/* a proposal has its base's points unless a row names or excludes it */
	if (!drv_rev_parse(rev, &r) && drv_rev_base(r) != r) {
		const char *base = drv_rev_name(drv_rev_base(r));

		says = list_says(y->revisions, base, strlen(base), false);
		if (says >= 0)
			return says;
	}
	return list_says(y->revisions, rev, n, true) > 0;
}

u32 sim_path_locks(enum sim_path p, const char *rev)
{
	u32 m = 0;

	for (u32 i = 0; i < SIM_YP_NR; i++) {
		const struct sim_yield_desc *y = &sim_yields[i];

		if (y->path == p && y->lock != SIM_LOCK_NONE && sim_yield_in_revision(y, rev) &&
		    (y->kind == SIM_YK_ACQUIRE || y->kind == SIM_YK_DROP))
			m |= 1u << y->lock;
	}
	return m;
}

u32 sim_drop_held(enum sim_yield_point y, const char *rev)
{
	const struct sim_yield_desc *d;
	u32 held = 0;

	if ((unsigned)y >= SIM_YP_NR)
		return 0;
	d = &sim_yields[y];
	if (d->kind != SIM_YK_DROP || !sim_yield_in_revision(d, rev))
		return 0;
	for (u32 i = 0; i < (u32)y; i++) {
		const struct sim_yield_desc *e = &sim_yields[i];

		if (e->path != d->path || e->lock == SIM_LOCK_NONE || !sim_yield_in_revision(e, rev))
			continue;
		if (e->kind == SIM_YK_ACQUIRE)
			held |= 1u << e->lock;
		else if (e->kind == SIM_YK_RELEASE)
			held &= ~(1u << e->lock);
	}
	return held & ~(1u << d->lock);
}

bool sim_paths_commute(enum sim_path a, u32 ca, u32 extra_a, enum sim_path b, u32 cb,
		       u32 extra_b)
{
	u32 fa = sim_paths[a].footprint | extra_a, fb = sim_paths[b].footprint | extra_b;

	if ((fa | fb) & SIM_FP_DEVICE)
		return false;
	if ((fa & fb) & (SIM_FP_CTX_TABLE | SIM_FP_RNG))
		return false;
	return !(ca == cb && (fa & fb & SIM_FP_CLIENT));
}

int sim_lock_order_check(char *why, size_t len)
{
	for (u32 p = 0; p < SIM_PATH_NR; p++) {
		u32 held = 0;	/* bit 1 << SIM_LOCK_* */

		for (u32 i = 0; i < SIM_YP_NR; i++) {
			const struct sim_yield_desc *y = &sim_yields[i];

			if (y->path != p || y->lock == SIM_LOCK_NONE || y->lock == SIM_LOCK_HWCTX_SRCU)
				continue;
			if (y->kind == SIM_YK_RELEASE) {
				held &= ~(1u << y->lock);
				continue;
			}
			if (y->kind != SIM_YK_ACQUIRE)
				continue;
			/* an inner lock held while an outer one is taken */
			if (held >> (y->lock + 1)) {
				snprintf(why, len, "path %s: %s taken in %s() while an inner lock is held",
					 sim_paths[p].name, sim_lock_name(y->lock), y->function);
				return -EDEADLK;
			}
			held |= 1u << y->lock;
		}
	}
	return 0;
}

/* Does row @y sleep (may schedule) where it is? */
static bool sleeps(const struct sim_yield_desc *y)
{
	switch (y->kind) {
	case SIM_YK_ACQUIRE:
	case SIM_YK_DROP:
		return y->lock != SIM_LOCK_NONE && y->lock != SIM_LOCK_HWCTX_SRCU &&
		       !sim_lock_is_spin(y->lock);
	case SIM_YK_FW_WAIT:
	case SIM_YK_SRCU_SYNC:
	case SIM_YK_SLEEP:
		return true;
	default:
		return false;
	}
}

int sim_atomic_check(const struct sim_yield_desc *t, u32 n, const char *rev, char *why,
		     size_t len)
{
	for (u32 p = 0; p < SIM_PATH_NR; p++) {
		const struct sim_yield_desc *spin = NULL;	/* the spinlock held */

		for (u32 i = 0; i < n; i++) {
			const struct sim_yield_desc *y = &t[i];

			if (y->path != p || !sim_yield_in_revision(y, rev))
				continue;
			if (sim_lock_is_spin(y->lock) && y->kind == SIM_YK_ACQUIRE) {
				spin = y;
				continue;
			}
			if (sim_lock_is_spin(y->lock) && y->kind == SIM_YK_RELEASE) {
				spin = NULL;
				continue;
			}
			if (spin && sleeps(y)) {
				snprintf(why, len,
					 "path %s: %s (%s, %s()) sleeps under the spinlock %s taken in %s()",
					 sim_paths[p].name, y->name, sim_yield_kind_name(y->kind),
					 y->function, sim_lock_name(spin->lock), spin->function);
				return -EDEADLK;
			}
		}
	}
	return 0;
}
