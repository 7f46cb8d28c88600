/* SPDX-License-Identifier: MIT */
/*
 * fail_nth.h - systematic fault injection, Linux fail-nth style
 * (docs/driver/peers.md §5): for each fault site, re-run a workload failing its 1st,
 * 2nd, 3rd ... call until a run passes the site's last call untouched, and
 * after each run decide what the failure left behind.
 *
 * A workload is one callback that builds a device, lets the enumerator set
 * it up, runs and destroys it (struct sim_workload; the scenario runner is
 * one).  The enumerator programs SIM_FAULT_NTH on the site in the setup,
 * watches the outermost ops (sim_set_op_observer), snapshots a resource
 * ledger around the op in which the fault fired, and at sim_destroy()
 * closes every client left open and checks that nothing remains.  Runs are deterministic, so one
 * untouched baseline run tells how many calls each site gets and which op
 * makes the nth call.
 *
 * Outcome of one run (worst first):
 *   invariant   a violation was recorded from the faulted op on, or
 *               sim_check() failed after it or after the teardown;
 *   leak        the failed op left objects the design does not document
 *               (a DEV BO, handle, hwctx, firmware context, mapping, ...)
 *               or something survived the teardown (leaked firmware context);
 *   wrong-errno the op failed with another errno than the driver maps the
 *               injected value to (sim_fault_expected_errno());
 *   absorbed    the op succeeded anyway (retried, or the error only logged);
 *   partial     the op failed and kept exactly the documented partial
 *               progress: HEAD attachments of hwctxs processed before the
 *               failure (docs/driver/heap.md §7.2, §10.2), chunks the shim added or a
 *               HEAD chunk published before its handle failed (§10.1, §14
 *               item 2), firmware contexts of a failed restart (§7.5);
 *   clean       the op failed with the expected errno and changed nothing.
 */
#ifndef XDNASIM_SIM_FAIL_NTH_H
#define XDNASIM_SIM_FAIL_NTH_H

#include <stdio.h>

#include "common/compat.h"
#include "sim/sim.h"

/*
 * struct sim_fnth_ledger - everything a failure could leave behind, summed over
 * the live clients (firmware and IOMMU: device-wide).
 */
struct sim_fnth_ledger {
	u32 clients;
	u32 chunks;		/* committed chunks */
	u32 lost_chunks;	/* committed, no handle and no mapping: unreachable */
	u64 committed;
	u32 chunk_handles;
	u32 other_handles;	/* DEV and SHARE handles */
	u32 vmas;
	u32 dev_bos;		/* live heap nodes, internal ones included */
	u64 heap_usage;
	u64 bo_usage;		/* total_bo_usage + internal usage */
	u64 refs;		/* Σ chunk references */
	u64 pins;		/* Σ chunk pins */
	u32 hwctxs;
	u32 attached;		/* Σ attached chunks over hwctxs */
	u32 behind;		/* hwctxs attached to fewer chunks than exist */
	u32 no_fw;		/* hwctxs without a firmware context */
	u32 fw_ctxs;		/* live firmware contexts */
	u32 fw_leaked;		/* of those, forgotten by the driver */
	u32 fw_bufs;		/* Σ host buffers over firmware contexts */
	u32 iommu;		/* IOMMU mappings other than management buffers */
};

/* sim_fnth_ledger_take - count @sim's resources now.  This function can't fail. */
void sim_fnth_ledger_take(struct sim *sim, struct sim_fnth_ledger *l);

/**
 * struct sim_fnth_ledger_field - one field of &struct sim_fnth_ledger, for reports.
 * @key: stable machine name ("chunks", "fw_ctxs_leaked", ...).
 * @label: short label in the detail text, NULL when not shown there.
 * @off, @wide: offset and width (u64 when true, else u32).
 */
struct sim_fnth_ledger_field {
	const char *key;
	const char *label;
	size_t off;
	bool wide;
};

#define SIM_FNTH_LEDGER_NFIELDS 20
extern const struct sim_fnth_ledger_field sim_fnth_ledger_fields[SIM_FNTH_LEDGER_NFIELDS];

/*
 * sim_fnth_ledger_get - field @i of @l as a signed value (a delta's wrap-around
 * reads as negative).  This function can't fail (@i < SIM_FNTH_LEDGER_NFIELDS).
 */
s64 sim_fnth_ledger_get(const struct sim_fnth_ledger *l, unsigned int i);

enum sim_fnth_outcome {
	SIM_FNTH_CLEAN = 0,
	SIM_FNTH_PARTIAL,
	SIM_FNTH_ABSORBED,
	SIM_FNTH_WRONG_ERRNO,
	SIM_FNTH_LEAK,
	SIM_FNTH_INVARIANT,
	SIM_FNTH_UNTOUCHED,
	SIM_FNTH_NR
};

/* Latent problems (docs/driver/heap.md §14, docs/driver/proto.md §12) a run showed, as bits. */
#define SIM_FIND_INVALID_ADDR	(1u << 0)	/* ~0 sent in MAP/ADD (§14 item 1) */
#define SIM_FIND_LOST_CHUNK	(1u << 1)	/* chunk committed, unreachable (§14 item 2) */
#define SIM_FIND_HWCTX_BEHIND	(1u << 2)	/* partially attached hwctx (§14 items 10, 12) */
#define SIM_FIND_FW_CTX_LEAK	(1u << 3)	/* firmware context forgotten (Q6, DESTROY) */
#define SIM_FIND_PINS_NO_FW	(1u << 4)	/* pins held by a hwctx without firmware context */
#define SIM_FIND_PARTIAL_CTX	(1u << 5)	/* a failed restart kept a partly registered context */
#define SIM_FIND_NR		6

/**
 * struct sim_fnth_row - one run: site @site failed at its @n-th call.
 * @op, @client, @ret: the outermost op the fault fired in and its result.
 * @expected: the errno the driver maps the injected value to.
 * @delta: ledger after the op minus before (u32/u64 wrap = negative).
 * @left: ledger after the teardown (all clients closed).
 * @inv: first violation number (-1 none); @what: outcome detail.
 * @findings: SIM_FIND_* bits seen in this run.
 * @where: the workload's own name for the place of @op (&sim_workload.where;
 *	"" when the workload gives none), e.g. a scenario step "line 14 alloc [app]".
 */
struct sim_fnth_row {
	u32 site;
	u64 n;
	enum sim_fnth_outcome outcome;
	unsigned int op;
	u32 client;
	int ret;
	int expected;
	struct sim_fnth_ledger delta;
	struct sim_fnth_ledger left;
	int inv;
	u32 findings;
	char what[320];
	char where[96];
};

/* sim_setup_fn - called on the fresh device before the first op; 0 or -errno. */
typedef int (*sim_setup_fn)(void *sctx, struct sim *sim);

/**
 * struct sim_workload - @run builds a device (the caller's configuration,
 * bug switches and own faults), calls @setup(@sctx, sim) before its first
 * op (a non-zero return: give up), runs its ops and sim_destroy()s the
 * device.  It returns 0 when it ran (its ops may have failed) or a negative
 * errno when it could not run at all.  Same input, same ops: runs must be
 * deterministic.  @where (may be NULL) names the workload's current place
 * (a scenario step) for the report; it is asked when the fault fires and
 * may return NULL or "".
 */
struct sim_workload {
	int (*run)(void *ctx, sim_setup_fn setup, void *sctx);
	void *ctx;
	const char *(*where)(void *ctx);
};

/**
 * struct sim_fnth_opts - what to enumerate.
 * @sites: bit (1 << site) per site; 0 = every site.
 * @max_n: at most this many runs per site (0 = until untouched); a site cut
 *	short gets no untouched row and @truncated is set in the report.
 * @skip: sites not to enumerate although @sites names them (e.g. sites the
 *	workload programs with its own fault policy, which the enumeration
 *	would overwrite); reported in &sim_fnth_report.skipped.
 */
struct sim_fnth_opts {
	u64 sites;
	u64 max_n;
	u64 skip;
};

/**
 * struct sim_fnth_report - the table.  @baseline_ret: @run's result on the
 * untouched baseline; @baseline_inv: its first violation (-1 none);
 * @calls[site]: the site's calls in the baseline.  @sites: the sites
 * enumerated; @skipped: asked for but skipped (&sim_fnth_opts.skip);
 * @max_n: the bound used (0 = none).
 */
struct sim_fnth_report {
	u64 sites;
	u64 skipped;
	u64 max_n;
	struct sim_fnth_row *rows;
	size_t nrows;
	u64 calls[SIM_FAULT_NR];
	int baseline_ret;
	int baseline_inv;
	bool truncated;
	u32 findings;
	u32 counts[SIM_FNTH_NR];
	size_t cap;
};

/**
 * sim_fail_nth - enumerate.  @report is filled (release with
 * sim_fnth_report_free() whatever the result).
 * Returns 0; -EINVAL (bad @sites); -ENOMEM; or the error of @create / a
 * negative @run result on the baseline (the workload cannot run at all).
 */
int sim_fail_nth(const struct sim_workload *wl, const struct sim_fnth_opts *opts,
		 struct sim_fnth_report *report);

void sim_fnth_report_free(struct sim_fnth_report *report);

/* sim_fnth_outcome_name - "clean", "partial", ... ; "?" if out of range. */
const char *sim_fnth_outcome_name(enum sim_fnth_outcome o);

/* sim_fnth_finding_name - stable name of finding bit number @bit. */
const char *sim_fnth_finding_name(unsigned int bit);

/*
 * sim_fnth_print - the site × n table, then counts per outcome and the
 * findings.  Its JSON: reports/ (rpt_fail_nth_write()).
 * Return: 0 or -EIO when writing failed.
 */
int sim_fnth_print(FILE *f, const struct sim_fnth_report *report);

#endif /* XDNASIM_SIM_FAIL_NTH_H */
