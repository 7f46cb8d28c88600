/* SPDX-License-Identifier: MIT */
/*
 * clock.h - simulated time for the proto module.  Nothing in proto/ reads
 * the wall clock: every timeout (the 100 us full-ring wait, the 5 s
 * management reply timeout) is measured on a struct proto_clock that the
 * caller owns and advances.
 */
#ifndef XDNASIM_PROTO_CLOCK_H
#define XDNASIM_PROTO_CLOCK_H

#include <stdbool.h>

#include "common/compat.h"

#define PROTO_NSEC_PER_USEC 1000ULL
#define PROTO_NSEC_PER_MSEC 1000000ULL
#define PROTO_NSEC_PER_SEC 1000000000ULL

/**
 * struct proto_clock - a simulated clock.
 * @now_ns: the current simulated time in nanoseconds.
 * @wait: optional.  Called when proto code busy-waits or sleeps until
 *        @until_ns: it must run whatever the simulation has scheduled up
 *        to that time (e.g. the firmware model consuming a ring or posting
 *        a reply) and advance @now_ns, never beyond @until_ns.  It may
 *        return early, right after an event, so that the waiter re-checks
 *        its condition.  It must not send on the channel that is waiting
 *        nor destroy it.  When NULL, waiting simply sets @now_ns.
 * @priv: for the owner of the clock.
 */
struct proto_clock {
	u64 now_ns;
	void (*wait)(struct proto_clock *clk, u64 until_ns);
	void *priv;
};

/**
 * proto_clock_wait - let simulated time pass until @until_ns.
 * @done: NULL, or a completion flag.  If @clk->wait returns without
 *        advancing time and without setting *@done, time jumps to
 *        @until_ns (so that a waiter always makes progress).
 *
 * A @until_ns in the past does nothing.  This function can't fail.
 */
static inline void proto_clock_wait(struct proto_clock *clk, u64 until_ns, const bool *done)
{
	u64 before = clk->now_ns;

	if (until_ns <= before)
		return;
	if (clk->wait)
		clk->wait(clk, until_ns);
	if (clk->now_ns > until_ns)
		clk->now_ns = until_ns;
	if (clk->now_ns == before && !(done && *done))
		clk->now_ns = until_ns;
}

#endif /* XDNASIM_PROTO_CLOCK_H */
