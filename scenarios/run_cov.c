// SPDX-License-Identifier: MIT
/*
 * run_cov.c - what the reports need of a run beyond its metrics: every
 * heap operation of every instance (chunk add, DEV BO alloc/free with
 * address and size, for the heap pictures) and the hit counts of the
 * simulator's coverage ledger (sim/ledger.h) at the end of the run.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/ledger.h"

void run_cov_heap_op(struct run_inst *in, const struct heap_op_record *rec)
{
	struct run_result *res = in->x->res;
	struct run_heap_op *o;

	run_pics_heap_op(in, rec);
	if (res->nr_heap_ops >= RUN_HEAP_OPS_MAX) {
		res->heap_ops_truncated = true;
		return;
	}
	/* Capacity 64, then doubling at every power of two; a failed growth truncates. */
	if (!res->nr_heap_ops || (res->nr_heap_ops >= 64 &&
				  !(res->nr_heap_ops & (res->nr_heap_ops - 1)))) {
		u64 cap = res->nr_heap_ops ? 2 * res->nr_heap_ops : 64;
		struct run_heap_op *n = realloc(res->heap_ops, cap * sizeof(*n));

		if (!n) {
			res->heap_ops_truncated = true;
			return;
		}
		res->heap_ops = n;
	}
	o = &res->heap_ops[res->nr_heap_ops++];
	o->instance = in->gid;
	o->op = (u8)rec->op;
	o->err = rec->err;
	o->addr = rec->addr;
	o->size = rec->op == HEAP_OP_BO_ALLOC ? ALIGN_UP_P2(rec->size, SZ_4K) : rec->size;
	o->committed = rec->committed;
	o->live = rec->live;
}

int run_cov_finish(struct run_ctx *x, const struct sim_config *cfg)
{
	struct run_result *res = x->res;
	struct sim_ledger l;
	int ret = run_pics_finish(x);

	ret = ret ?: sim_ledger_init(&l);
	if (ret)
		return ret;
	res->ledger_hits = calloc(l.n + 1, sizeof(*res->ledger_hits));
	if (!res->ledger_hits) {
		ret = -ENOMEM;
		goto out;
	}
	res->nr_ledger_keys = l.n;
	ret = sim_ledger_count_sim(&l, x->sim, cfg, res->ledger_hits);
out:
	sim_ledger_fini(&l);
	return ret;
}

void run_cov_free(struct run_result *res)
{
	run_pics_free(res);
	free(res->heap_ops);
	free(res->ledger_hits);
	res->heap_ops = NULL;
	res->ledger_hits = NULL;
}
