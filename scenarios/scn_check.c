// SPDX-License-Identifier: MIT
/*
 * scn_check.c - the invariant checker of a loaded scenario (S1..S10, listed
 * in scn.h).  It re-derives everything from the AST itself, independently
 * of the loader's bookkeeping, so a loader bug that builds an inconsistent
 * scenario is caught here rather than in the runner.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chk {
	const struct scn *s;
	const struct scn_client *c;
	bool *label_seen;
	bool *hwctx_seen;
	char *why;
	size_t len;
};

__attribute__((format(printf, 4, 5)))
static int bad(struct chk *k, int inv, struct scn_loc loc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (k->len) {
		n = snprintf(k->why, k->len, "scn.S%d: ", inv);
		va_start(ap, fmt);
		if (n >= 0 && (size_t)n < k->len)
			n += vsnprintf(k->why + n, k->len - (size_t)n, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < k->len)
			snprintf(k->why + n, k->len - (size_t)n, " at %u:%u", loc.line, loc.column);
	}
	return -EUCLEAN;
}

static bool loc_ok(struct scn_loc l)
{
	return l.line >= 1 && l.column >= 1;
}

static int check_ref(struct chk *k, const struct scn_ref *r, bool label)
{
	u32 n = label ? k->c->nr_labels : k->c->nr_hwctxs;
	const char *decl;

	if (r->id >= n)
		return bad(k, 4, r->loc, "%s reference '%s' does not resolve",
			   label ? "label" : "hwctx", r->name ? r->name : "?");
	decl = label ? k->c->labels[r->id].name : k->c->hwctxs[r->id].name;
	if (!r->name || strcmp(decl, r->name))
		return bad(k, 4, r->loc, "reference '%s' resolves to '%s'", r->name ? r->name : "?",
			   decl);
	if (!(label ? k->label_seen : k->hwctx_seen)[r->id])
		return bad(k, 4, r->loc, "'%s' is used before any step declares it", r->name);
	return 0;
}

static int check_size(struct chk *k, const struct scn_step *st)
{
	const struct scn_size *sz = &st->alloc.size;
	u64 sum = 0;

	switch (sz->kind) {
	case SCN_SIZE_FIXED:
		return 0;
	case SCN_SIZE_BUCKETS:
		if (!sz->nr_buckets || !sz->buckets)
			return bad(k, 5, st->loc, "bucket distribution without buckets");
		for (u32 i = 0; i < sz->nr_buckets; i++) {
			if (!sz->buckets[i].weight || !sz->buckets[i].size)
				return bad(k, 5, sz->buckets[i].loc, "bucket with zero size or weight");
			sum += sz->buckets[i].weight;
		}
		if (sum != sz->total_weight)
			return bad(k, 5, st->loc, "total_weight %llu != sum of weights %llu",
				   (unsigned long long)sz->total_weight, (unsigned long long)sum);
		return 0;
	case SCN_SIZE_UNIFORM:
	case SCN_SIZE_LOG_UNIFORM:
		if (sz->min > sz->max || sz->min == 0)
			return bad(k, 5, st->loc, "bad bounds [%llu, %llu]",
				   (unsigned long long)sz->min, (unsigned long long)sz->max);
		return 0;
	default:
		return bad(k, 1, st->loc, "bad size kind %d", (int)sz->kind);
	}
}

static int check_expect(struct chk *k, const struct scn_step *st)
{
	const struct scn_expect *x = &st->expect;

	if (!x->present) {
		if (x->has_result || x->has_addr || x->nr_addrs || x->has_expansions)
			return bad(k, 7, st->loc, "expectation fields without 'expect'");
		return 0;
	}
	if (!loc_ok(x->loc))
		return bad(k, 2, st->loc, "'expect' without a location");
	if ((x->has_addr || x->nr_addrs || x->has_expansions) && st->op != SCN_OP_ALLOC)
		return bad(k, 7, x->loc, "allocation expectations on '%s'", scn_op_name(st->op));
	if (x->has_addr && st->alloc.count != 1)
		return bad(k, 7, x->loc, "'addr' with count %llu",
			   (unsigned long long)st->alloc.count);
	if (x->nr_addrs && x->nr_addrs != st->alloc.count)
		return bad(k, 7, x->loc, "%u addrs for count %llu", x->nr_addrs,
			   (unsigned long long)st->alloc.count);
	if (x->has_expansions && st->alloc.path != SCN_PATH_SHIM)
		return bad(k, 7, x->loc, "'expansions' on a raw ioctl alloc");
	return 0;
}

static int check_steps(struct chk *k, const struct scn_step *steps, u32 nr, u64 *ops,
		       int in_phase);

static int check_leaf(struct chk *k, const struct scn_step *st)
{
	int ret = 0;

	switch (st->op) {
	case SCN_OP_ALLOC:
		if (st->alloc.count < 1 || st->alloc.count > SCN_MAX_COUNT)
			return bad(k, 6, st->loc, "alloc count %llu",
				   (unsigned long long)st->alloc.count);
		if ((unsigned)st->alloc.stage > SCN_ALLOC_PUBLISH ||
		    (st->alloc.stage && st->alloc.count != 1))
			return bad(k, 6, st->loc, "bad alloc stage");
		if (st->alloc.labelled) {
			if (st->alloc.label.id >= k->c->nr_labels)
				return bad(k, 4, st->loc, "alloc label id out of range");
			k->label_seen[st->alloc.label.id] = true;
		}
		return check_size(k, st);
	case SCN_OP_FREE:
		if (st->free.kind == SCN_FREE_LABEL)
			return check_ref(k, &st->free.label, true);
		if (st->free.kind == SCN_FREE_PATTERN && !st->free.pattern)
			return bad(k, 1, st->loc, "pattern free without a pattern");
		if (st->free.kind == SCN_FREE_FRACTION &&
		    !(st->free.fraction >= 0.0 && st->free.fraction <= 1.0))
			return bad(k, 6, st->loc, "fraction %g outside [0, 1]", st->free.fraction);
		return st->free.kind > SCN_FREE_FRACTION ? bad(k, 1, st->loc, "bad free kind") : 0;
	case SCN_OP_HWCTX_CREATE:
		if (st->hwctx.hwctx.id >= k->c->nr_hwctxs)
			return bad(k, 4, st->loc, "hwctx id out of range");
		k->hwctx_seen[st->hwctx.hwctx.id] = true;
		return check_ref(k, &st->hwctx.hwctx, false);
	case SCN_OP_HWCTX_DESTROY:
		return check_ref(k, &st->hwctx.hwctx, false);
	case SCN_OP_CHUNK_CLOSE:
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
		if (st->chunk.chunk >= SCN_MAX_CHUNKS ||
		    (st->chunk.at.kind == SCN_AT_SLOT_OF && st->chunk.at.slot_of >= SCN_MAX_CHUNKS))
			return bad(k, 6, st->loc, "chunk index out of range");
		return 0;
	case SCN_OP_SYNC:
		if (st->sync.on_chunk)
			return st->sync.chunk < SCN_MAX_CHUNKS ? 0 :
			       bad(k, 6, st->loc, "chunk index out of range");
		return check_ref(k, &st->sync.label, true);
	case SCN_OP_EXEC:
	case SCN_OP_CONFIG_CU:
		ret = check_ref(k, &st->exec.hwctx, false);
		for (u32 i = 0; !ret && i < st->exec.nr_bos; i++)
			ret = check_ref(k, &st->exec.bos[i], true);
		if (!ret && st->op == SCN_OP_CONFIG_CU &&
		    (st->exec.nr_bos < 1 || st->exec.nr_bos > SCN_MAX_CU_BOS))
			return bad(k, 6, st->loc, "config_cu with %u BOs", st->exec.nr_bos);
		return ret;
	case SCN_OP_CLOSE:
		if ((unsigned)st->close.stage > SCN_CLOSE_FINISH)
			return bad(k, 1, st->loc, "bad close stage");
		return 0;
	case SCN_OP_TDR:
		if ((unsigned)st->tdr.health > SCN_HEALTH_DEAD)
			return bad(k, 1, st->loc, "bad tdr health");
		if ((unsigned)st->tdr.stage > SCN_TDR_MARK)
			return bad(k, 1, st->loc, "bad tdr stage");
		return check_ref(k, &st->tdr.hwctx, false);
	case SCN_OP_MBOX_RX:
		return check_ref(k, &st->tdr.hwctx, false);
	default:
		return 0;
	}
}

static int check_step(struct chk *k, const struct scn_step *st, int in_phase)
{
	u64 ops = 0;
	int ret;

	if ((unsigned)st->op >= SCN_OP_COUNT)
		return bad(k, 1, st->loc, "bad op %d", (int)st->op);
	if (!loc_ok(st->loc))
		return bad(k, 2, st->loc, "'%s' step without a location", scn_op_name(st->op));
	ret = check_expect(k, st);
	if (ret)
		return ret;
	if (st->op != SCN_OP_REPEAT && st->op != SCN_OP_PHASE) {
		ret = check_leaf(k, st);
		ops = st->op == SCN_OP_ALLOC ? st->alloc.count : 1;
		if (!ret && st->leaf_count != ops)
			return bad(k, 6, st->loc, "leaf_count %llu, expected %llu",
				   (unsigned long long)st->leaf_count, (unsigned long long)ops);
		return ret;
	}
	if (st->op == SCN_OP_PHASE) {
		if (in_phase)
			return bad(k, 1, st->loc, "nested phase");
		if (st->block.phase_id >= k->c->nr_phases ||
		    strcmp(k->c->phases[st->block.phase_id].name, st->block.name))
			return bad(k, 9, st->loc, "phase '%s' does not resolve", st->block.name);
		if (st->block.count != 1)
			return bad(k, 6, st->loc, "phase with count %llu",
				   (unsigned long long)st->block.count);
	} else if (st->block.count < 1 || st->block.count > SCN_MAX_COUNT) {
		return bad(k, 6, st->loc, "repeat count %llu", (unsigned long long)st->block.count);
	}
	if (!st->block.nr_steps)
		return bad(k, 6, st->loc, "empty '%s'", scn_op_name(st->op));
	ret = check_steps(k, st->block.steps, st->block.nr_steps, &ops,
			  in_phase || st->op == SCN_OP_PHASE);
	if (ret)
		return ret;
	if (ops > SCN_MAX_LEAF_STEPS / st->block.count || st->leaf_count != ops * st->block.count)
		return bad(k, 6, st->loc, "leaf_count %llu does not match its body",
			   (unsigned long long)st->leaf_count);
	return 0;
}

static int check_steps(struct chk *k, const struct scn_step *steps, u32 nr, u64 *ops,
		       int in_phase)
{
	u64 total = 0;
	int ret;

	for (u32 i = 0; i < nr; i++) {
		ret = check_step(k, &steps[i], in_phase);
		if (ret)
			return ret;
		total += steps[i].leaf_count;
		if (total > SCN_MAX_LEAF_STEPS)
			return bad(k, 6, steps[i].loc, "more than %llu operations",
				   (unsigned long long)SCN_MAX_LEAF_STEPS);
	}
	*ops = total;
	return 0;
}

static const struct scn_step *first_leaf(const struct scn_step *steps, u32 nr)
{
	for (u32 i = 0; i < nr; i++) {
		const struct scn_step *l = &steps[i];

		if (l->op == SCN_OP_REPEAT || l->op == SCN_OP_PHASE) {
			l = first_leaf(l->block.steps, l->block.nr_steps);
			if (!l)
				continue;
		}
		return l;
	}
	return NULL;
}

static int check_client(struct chk *k, u32 idx, u64 *total)
{
	const struct scn_client *c = &k->s->clients[idx];
	const struct scn_step *first;
	u64 ops;
	int ret;

	k->c = c;
	if (!c->name || !loc_ok(c->loc))
		return bad(k, 2, c->loc, "client %u without a name or location", idx);
	if (c->instances < 1 || c->instances > SCN_MAX_INSTANCES || !c->nr_steps)
		return bad(k, 3, c->loc, "client '%s' has %u instances and %u steps", c->name,
			   c->instances, c->nr_steps);
	first = first_leaf(c->steps, c->nr_steps);
	if (!first || first->op != SCN_OP_OPEN)
		return bad(k, 3, c->loc, "client '%s' does not start with 'open'", c->name);
	k->label_seen = calloc(c->nr_labels + 1, sizeof(bool));
	k->hwctx_seen = calloc(c->nr_hwctxs + 1, sizeof(bool));
	if (!k->label_seen || !k->hwctx_seen) {
		ret = -ENOMEM;
		snprintf(k->why, k->len, "out of memory");
		goto out_free;
	}
	ret = check_steps(k, c->steps, c->nr_steps, &ops, 0);
	if (!ret && ops != c->leaf_steps)
		ret = bad(k, 6, c->loc, "client '%s' leaf_steps %llu, recomputed %llu", c->name,
			  (unsigned long long)c->leaf_steps, (unsigned long long)ops);
	*total += ops * c->instances;
out_free:
	free(k->label_seen);
	free(k->hwctx_seen);
	k->label_seen = NULL;
	k->hwctx_seen = NULL;
	return ret;
}

static int check_fault(struct chk *k, const struct scn_fault *f)
{
	if (!loc_ok(f->loc) || !f->site)
		return bad(k, 2, f->loc, "fault without a site or location");
	if ((unsigned)f->trigger > SCN_TRIGGER_PROBABILITY)
		return bad(k, 8, f->loc, "bad trigger");
	if (f->trigger == SCN_TRIGGER_NTH && (f->n < 1 || f->times != 1))
		return bad(k, 8, f->loc, "nth fault with n %llu, times %llu",
			   (unsigned long long)f->n, (unsigned long long)f->times);
	if (f->trigger == SCN_TRIGGER_EVERY && f->n < 1)
		return bad(k, 8, f->loc, "every-0 fault");
	if (f->trigger == SCN_TRIGGER_PROBABILITY &&
	    !(f->probability >= 0.0 && f->probability <= 1.0))
		return bad(k, 6, f->loc, "probability %g", f->probability);
	if (f->firmware ? f->err != 0 : (f->status != 0 || f->timeout || f->err <= 0))
		return bad(k, 8, f->loc, "fault '%s' mixes host and firmware results", f->site);
	if (f->client && (f->client_id >= k->s->nr_clients ||
			  strcmp(k->s->clients[f->client_id].name, f->client)))
		return bad(k, 8, f->loc, "fault client '%s' does not resolve", f->client);
	return 0;
}

static int check_metric(struct chk *k, const struct scn_metric_expect *m)
{
	const struct scn_metric_def *d;

	if (!loc_ok(m->loc))
		return bad(k, 2, m->loc, "metric expectation without a location");
	for (d = k->s->vocab->metrics; d && d->name; d++)
		if (m->metric && !strcmp(d->name, m->metric))
			break;
	if (!d || !d->name || d->kind != m->kind)
		return bad(k, 9, m->loc, "metric '%s' is not in the vocabulary with this kind",
			   m->metric ? m->metric : "?");
	if ((unsigned)m->cmp >= SCN_CMP_COUNT)
		return bad(k, 9, m->loc, "bad operator");
	if (m->client && (m->client_id >= k->s->nr_clients ||
			  strcmp(k->s->clients[m->client_id].name, m->client)))
		return bad(k, 9, m->loc, "metric client '%s' does not resolve", m->client);
	if (m->phase) {
		const struct scn_client *c;

		if (!m->client)
			return bad(k, 9, m->loc, "phase without client");
		c = &k->s->clients[m->client_id];
		if (m->phase_id >= c->nr_phases || strcmp(c->phases[m->phase_id].name, m->phase))
			return bad(k, 9, m->loc, "metric phase '%s' does not resolve", m->phase);
	}
	return 0;
}

static int cmp_client_name(const void *a, const void *b)
{
	return strcmp((*(const struct scn_client *const *)a)->name,
		      (*(const struct scn_client *const *)b)->name);
}

/* S3: client names are unique (sorted copy: O(n log n) on any input). */
static int check_client_names(struct chk *k)
{
	const struct scn_client **v = malloc(k->s->nr_clients * sizeof(*v));
	int ret = 0;

	if (!v) {
		snprintf(k->why, k->len, "out of memory");
		return -ENOMEM;
	}
	for (u32 i = 0; i < k->s->nr_clients; i++) {
		v[i] = &k->s->clients[i];
		if (!v[i]->name) {
			ret = bad(k, 2, v[i]->loc, "client %u without a name", i);
			goto out_free;
		}
	}
	qsort(v, k->s->nr_clients, sizeof(*v), cmp_client_name);
	for (u32 i = 1; i < k->s->nr_clients; i++)
		if (!strcmp(v[i - 1]->name, v[i]->name)) {
			ret = bad(k, 3, v[i]->loc, "duplicate client '%s'", v[i]->name);
			break;
		}
out_free:
	free(v);
	return ret;
}

int scn_check(const struct scn *s, char *why, size_t len)
{
	struct chk k = { .s = s, .why = why, .len = len };
	u64 total = 0, instances = 0;
	int ret;

	if (len)
		why[0] = '\0';
	if (s->version != SCN_SCHEMA_VERSION || (unsigned)s->rev >= REV_NR ||
	    (unsigned)s->mode >= ADDR_NR_MODES || (unsigned)s->schedule >= SCN_SCHED_COUNT ||
	    !s->device || !s->name || !s->file || !s->vocab)
		return bad(&k, 1, s->loc, "bad scenario header (version %u)", s->version);
	if (!loc_ok(s->loc))
		return bad(&k, 2, s->loc, "scenario without a location");
	if (!s->nr_clients)
		return bad(&k, 3, s->loc, "no clients");
	ret = check_client_names(&k);
	if (ret)
		return ret;
	for (u32 i = 0; i < s->nr_clients; i++) {
		ret = check_client(&k, i, &total);
		if (ret)
			return ret;
		instances += s->clients[i].instances;
	}
	if (total != s->leaf_steps || total > SCN_MAX_LEAF_STEPS)
		return bad(&k, 6, s->loc, "leaf_steps %llu, recomputed %llu",
			   (unsigned long long)s->leaf_steps, (unsigned long long)total);
	for (u32 i = 0; i < s->nr_faults; i++) {
		ret = check_fault(&k, &s->faults[i]);
		if (ret)
			return ret;
	}
	for (u32 i = 0; i < s->nr_metrics; i++) {
		ret = check_metric(&k, &s->metrics[i]);
		if (ret)
			return ret;
	}
	if ((s->schedule == SCN_SCHED_INTERLEAVE) != (s->nr_interleave > 0))
		return bad(&k, 10, s->loc, "interleave list does not match schedule '%s'",
			   scn_schedule_name(s->schedule));
	for (u32 i = 0; i < s->nr_interleave; i++)
		if (s->interleave[i] >= instances)
			return bad(&k, 10, s->loc, "interleave entry %u names instance %u of %llu",
				   i, s->interleave[i], (unsigned long long)instances);
	return 0;
}
