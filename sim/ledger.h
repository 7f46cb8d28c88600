/* SPDX-License-Identifier: MIT */
/*
 * ledger.h - the simulator's scenario coverage ledger: a declared universe of keys,
 * hit counts per scenario, and keys declared unreachable with a reason.
 *
 * The universe is generated from the code's own tables, so it cannot drift
 * from the code:
 *   tx:<OPCODE> / rx:<OPCODE>  proto's opcode table (msg_descs[])
 *   status:<NAME>              proto's status table (fw_statuses[])
 *   err:<site> / rollback:<site>  the driver model's error-site table
 *                              (sim_esites[], docs/driver/heap.md §10)
 *   fault:<site>               the sim's fault-site table (sim_fault_sites[])
 *   cell:chunks=<1..8>,attach=<none|0..8>  state cells
 *   config:<design>/<mode>/<device>  designs × address modes × heap profiles
 * Keys are kept sorted by name (byte order), which is also the order of
 * every report.  Not thread-safe; the ledger is read-only once built.
 *
 * Invariants (sim_ledger_check):
 *   L1 keys strictly ascending by name (so unique)
 *   L2 every name starts with its class prefix and has a non-empty rest
 *   L3 every unreachable declaration names a key of the universe
 *   L4 per class, the key count equals the size of the source table
 */
#ifndef XDNASIM_SIM_LEDGER_H
#define XDNASIM_SIM_LEDGER_H

#include <stddef.h>

#include "common/compat.h"

struct sim;
struct sim_config;

enum sim_lkey_class {
	SIM_LK_TX = 0,
	SIM_LK_RX,
	SIM_LK_STATUS,
	SIM_LK_ERR,
	SIM_LK_ROLLBACK,
	SIM_LK_FAULT,
	SIM_LK_CELL,
	SIM_LK_CONFIG,
	SIM_LK_BUG,
	SIM_LK_NR
};

#define SIM_LKEY_MAX 96

/**
 * struct sim_lkey - one key of the universe.
 * @name: "tx:CREATE_CONTEXT", "err:create_dev_bo:-ENOSPC no hole", ...
 * @cls: enum sim_lkey_class.
 * @unreachable: why no scenario can hit it, or NULL.
 */
struct sim_lkey {
	char name[SIM_LKEY_MAX];
	u8 cls;
	const char *unreachable;
};

struct sim_ledger {
	struct sim_lkey *keys;
	size_t n;
	size_t cap;
};

/* sim_lkey_class_name - "tx", "rx", "status", ... ("?" out of range). */
const char *sim_lkey_class_name(unsigned int cls);

/**
 * sim_ledger_init - build the universe.
 * Returns 0; -ENOMEM; -EUCLEAN when the built universe breaks an invariant
 * (a table produced a duplicate key or an unreachable declaration names no
 * key: a bug in the tables, never in the input).
 */
int sim_ledger_init(struct sim_ledger *l);

/* sim_ledger_fini - free the keys.  This function can't fail. */
void sim_ledger_fini(struct sim_ledger *l);

/* sim_ledger_find - index of key @name, or -ENOENT. */
long sim_ledger_find(const struct sim_ledger *l, const char *name);

/**
 * sim_ledger_check - verify L1..L4; on failure write "L<n> <key>: why"
 * into @why (may be NULL).  Returns 0 or -EUCLEAN.
 */
int sim_ledger_check(const struct sim_ledger *l, char *why, size_t len);

/**
 * sim_ledger_count_sim - add what one simulator run hit to @hits (l->n
 * counters): message opcodes and statuses, injected faults, error sites,
 * rollback paths and state cells from sim_coverage() (counted as they
 * happen, so a run longer than the event log's bound counts everything),
 * and one hit of the config key of @cfg.
 * @sim: the finished run.
 * @cfg: the configuration it ran with (sim_create's @cfg).
 * Returns 0; -EINVAL when @cfg names a device, design or mode outside
 * the universe.
 */
int sim_ledger_count_sim(const struct sim_ledger *l, const struct sim *sim,
			 const struct sim_config *cfg, u64 *hits);

#endif /* XDNASIM_SIM_LEDGER_H */
