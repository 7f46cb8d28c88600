// SPDX-License-Identifier: MIT
/*
 * scn_dump.c - the normalized text form of a loaded scenario: YAML with
 * every default written out, sizes and addresses in hexadecimal bytes, one
 * step per line (with its source position as a comment).  Loading the dump
 * gives back the same scenario, so dump(load(dump(x))) == dump(x).
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/errname.h"

/* Set by scn_dump() for its helpers; the dump is not reentrant. */
static bool with_loc;

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void put_hex(FILE *f, u64 v)
{
	fprintf(f, "0x%llx", (unsigned long long)v);
}

static void put_result(FILE *f, int err)
{
	fputs(err ? xerrname(err) : "ok", f);
}

static void put_size(FILE *f, const struct scn_size *sz)
{
	switch (sz->kind) {
	case SCN_SIZE_FIXED:
		put_hex(f, sz->fixed);
		return;
	case SCN_SIZE_BUCKETS:
		fputs("{buckets: [", f);
		for (u32 i = 0; i < sz->nr_buckets; i++) {
			fputs(i ? ", {size: " : "{size: ", f);
			put_hex(f, sz->buckets[i].size);
			fprintf(f, ", weight: %llu}", (unsigned long long)sz->buckets[i].weight);
		}
		fputs("]}", f);
		return;
	default:
		fputs(sz->kind == SCN_SIZE_UNIFORM ? "{uniform: {min: " : "{log_uniform: {min: ",
		      f);
		put_hex(f, sz->min);
		fputs(", max: ", f);
		put_hex(f, sz->max);
		fputs("}}", f);
	}
}

/* Steps whose argument mapping holds nothing but 'expect'. */
static bool no_args(const struct scn_step *st)
{
	return (st->op == SCN_OP_CLOSE && st->close.stage == SCN_CLOSE_ALL) ||
	       ((st->op == SCN_OP_SUSPEND || st->op == SCN_OP_RESUME ||
		 st->op == SCN_OP_POWER_CYCLE) && !st->pm.async);
}

static void put_expect(FILE *f, const struct scn_expect *x, const char *lead)
{
	const char *sep = "";

	if (!x->present)
		return;
	if (x->any) {
		fprintf(f, "%sexpect: any", lead);
		return;
	}
	fprintf(f, "%sexpect: {", lead);
	if (x->has_result) {
		fputs("result: ", f);
		put_result(f, x->result_err);
		sep = ", ";
	}
	if (x->has_addr) {
		fprintf(f, "%saddr: ", sep);
		put_hex(f, x->addr);
		sep = ", ";
	}
	if (x->nr_addrs) {
		fprintf(f, "%saddrs: [", sep);
		for (u32 i = 0; i < x->nr_addrs; i++) {
			if (i)
				fputs(", ", f);
			put_hex(f, x->addrs[i]);
		}
		fputc(']', f);
		sep = ", ";
	}
	if (x->has_expansions) {
		fprintf(f, "%sexpansions: %llu", sep, (unsigned long long)x->expansions);
		sep = ", ";
	}
	if (x->has_job)
		fprintf(f, "%sjob: %s", sep, scn_job_name(x->job));
	fputc('}', f);
}

static void put_at(FILE *f, const struct scn_at *at)
{
	switch (at->kind) {
	case SCN_AT_SLOT:
		fputs("slot", f);
		break;
	case SCN_AT_ALL:
		fputs("all", f);
		break;
	case SCN_AT_SLOT_OF:
		fprintf(f, "{slot_of: %u}", at->slot_of);
		break;
	default:
		put_hex(f, at->addr);
	}
}

static void put_bos(FILE *f, const struct scn_step *st)
{
	fputs(", bos: [", f);
	for (u32 i = 0; i < st->exec.nr_bos; i++) {
		if (i)
			fputs(", ", f);
		put_str(f, st->exec.bos[i].name);
	}
	fputc(']', f);
}

/* The argument mapping of a leaf op, without the closing brace. */
static void put_args(FILE *f, const struct scn_step *st)
{
	switch (st->op) {
	case SCN_OP_OPEN:
		fprintf(f, "heap: %s", st->open.heap ? "true" : "false");
		break;
	case SCN_OP_HWCTX_CREATE:
	case SCN_OP_HWCTX_DESTROY:
		fputs("name: ", f);
		put_str(f, st->hwctx.hwctx.name);
		if (st->op == SCN_OP_HWCTX_CREATE && st->hwctx.cus)
			fprintf(f, ", cu: %u", st->hwctx.cus);
		else if (st->op == SCN_OP_HWCTX_CREATE)
			fputs(", cu: none", f);
		if (st->op == SCN_OP_HWCTX_CREATE && st->hwctx.stage != SCN_HWCTX_ALL)
			fprintf(f, ", stage: %s", scn__hwctx_stage_names[st->hwctx.stage]);
		break;
	case SCN_OP_ALLOC:
		fputs("size: ", f);
		put_size(f, &st->alloc.size);
		fprintf(f, ", count: %llu", (unsigned long long)st->alloc.count);
		if (st->alloc.labelled) {
			fputs(", label: ", f);
			put_str(f, st->alloc.label.name);
		}
		fprintf(f, ", path: %s", scn__path_names[st->alloc.path]);
		if (st->alloc.stage)
			fprintf(f, ", stage: %s", scn__alloc_stage_names[st->alloc.stage]);
		break;
	case SCN_OP_FREE:
		if (st->free.kind == SCN_FREE_LABEL) {
			fputs("label: ", f);
			put_str(f, st->free.label.name);
			break;
		}
		if (st->free.kind == SCN_FREE_FRACTION)
			fprintf(f, "fraction: %.15g%s", st->free.fraction,
				st->free.pattern ? ", " : "");
		if (st->free.pattern) {
			fputs("pattern: ", f);
			put_str(f, st->free.pattern);
		}
		break;
	case SCN_OP_CHUNK_CREATE:
		fputs("size: ", f);
		put_hex(f, st->chunk_create.size);
		break;
	case SCN_OP_CHUNK_CLOSE:
		fprintf(f, "chunk: %u", st->chunk.chunk);
		break;
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
		fprintf(f, "chunk: %u, at: ", st->chunk.chunk);
		put_at(f, &st->chunk.at);
		break;
	case SCN_OP_SYNC:
		if (st->sync.on_chunk) {
			fprintf(f, "chunk: %u", st->sync.chunk);
		} else {
			fputs("label: ", f);
			put_str(f, st->sync.label.name);
		}
		fputs(", offset: ", f);
		put_hex(f, st->sync.offset);
		if (!st->sync.whole) {
			fputs(", size: ", f);
			put_hex(f, st->sync.size);
		}
		fprintf(f, ", direction: %s, path: %s", scn__dir_names[st->sync.direction],
			scn__sync_path_names[st->sync.path]);
		break;
	case SCN_OP_EXEC:
	case SCN_OP_CONFIG_CU:
		fputs("hwctx: ", f);
		put_str(f, st->exec.hwctx.name);
		put_bos(f, st);
		if (st->op == SCN_OP_EXEC)
			fprintf(f, ", hang: %s", st->exec.hang ? "true" : "false");
		if (st->op == SCN_OP_EXEC && st->exec.late)
			fputs(", late: true", f);
		break;
	case SCN_OP_SUSPEND:
	case SCN_OP_RESUME:
	case SCN_OP_POWER_CYCLE:
		if (st->pm.async)
			fputs("async: true", f);
		break;
	case SCN_OP_CLOSE:
		if (st->close.stage != SCN_CLOSE_ALL)
			fprintf(f, "stage: %s", scn__close_stage_names[st->close.stage]);
		break;
	case SCN_OP_TDR:
		fputs("hwctx: ", f);
		put_str(f, st->tdr.hwctx.name);
		fprintf(f, ", health: %s", scn__health_names[st->tdr.health]);
		if (st->tdr.async)
			fputs(", async: true", f);
		if (st->tdr.stage != SCN_TDR_ALL)
			fprintf(f, ", stage: %s", scn__tdr_stage_names[st->tdr.stage]);
		break;
	case SCN_OP_MBOX_RX:
		fputs("hwctx: ", f);
		put_str(f, st->tdr.hwctx.name);
		if (st->tdr.async)
			fputs(", async: true", f);
		break;
	case SCN_OP_ADVANCE:
		fprintf(f, "by: %lluns", (unsigned long long)st->advance.ns);
		break;
	default:
		break;
	}
}

static void put_loc(FILE *f, struct scn_loc l)
{
	if (with_loc)
		fprintf(f, "  # %u:%u", l.line, l.column);
	fputc('\n', f);
}

static void put_steps(FILE *f, const struct scn_step *steps, u32 nr, int ind)
{
	for (u32 i = 0; i < nr; i++) {
		const struct scn_step *st = &steps[i];

		fprintf(f, "%*s- %s:", ind, "", scn_op_name(st->op));
		if (st->op == SCN_OP_REPEAT || st->op == SCN_OP_PHASE) {
			put_loc(f, st->loc);
			if (st->op == SCN_OP_REPEAT) {
				fprintf(f, "%*scount: %llu\n", ind + 4, "",
					(unsigned long long)st->block.count);
			} else {
				fprintf(f, "%*sname: ", ind + 4, "");
				put_str(f, st->block.name);
				fputc('\n', f);
			}
			fprintf(f, "%*ssteps:\n", ind + 4, "");
			put_steps(f, st->block.steps, st->block.nr_steps, ind + 6);
			continue;
		}
		fputs(" {", f);
		put_args(f, st);
		if (st->thread)
			fprintf(f, "%sthread: %u", no_args(st) ? "" : ", ", st->thread);
		put_expect(f, &st->expect, no_args(st) && !st->thread ? "" : ", ");
		fputc('}', f);
		put_loc(f, st->loc);
	}
}

static void put_fault(FILE *f, const struct scn_fault *ft)
{
	fprintf(f, "  - {site: %s", ft->site);
	if (ft->trigger == SCN_TRIGGER_NTH)
		fprintf(f, ", nth: %llu", (unsigned long long)ft->n);
	else if (ft->trigger == SCN_TRIGGER_EVERY)
		fprintf(f, ", every: %llu", (unsigned long long)ft->n);
	else
		fprintf(f, ", probability: %.15g", ft->probability);
	if (ft->trigger != SCN_TRIGGER_NTH)
		fprintf(f, ", times: %llu", (unsigned long long)ft->times);
	if (ft->firmware) {
		fputs(", status: ", f);
		if (ft->timeout)
			fputs("timeout", f);
		else if (ft->status_name)
			fputs(ft->status_name, f);
		else
			put_hex(f, ft->status);
	} else {
		fprintf(f, ", err: %s", xerrname(ft->err));
	}
	if (ft->client) {
		fputs(", client: ", f);
		put_str(f, ft->client);
	}
	fputc('}', f);
	put_loc(f, ft->loc);
}

static void put_allow(FILE *f, const struct scn_allow *a)
{
	fprintf(f, "  - {%s: ", scn_allow_kind_name(a->kind));
	switch (a->kind) {
	case SCN_ALLOW_ERRNO:
		fputs(xerrname(-a->err), f);
		break;
	case SCN_ALLOW_JOB:
		fputs(scn_job_name(a->job), f);
		break;
	case SCN_ALLOW_STATUS:
		if (a->status_name)
			fputs(a->status_name, f);
		else
			put_hex(f, a->status);
		break;
	default:
		put_str(f, a->name);
	}
	if (a->has_op)
		fprintf(f, ", step: %s", scn_op_name(a->op));
	if (a->client) {
		fputs(", client: ", f);
		put_str(f, a->client);
	}
	if (a->count)
		fprintf(f, ", count: %llu", (unsigned long long)a->count);
	fputc('}', f);
	put_loc(f, a->loc);
}

static void put_known_bug(FILE *f, const struct scn_known_bug *kb)
{
	fputs("known_bug:\n  ref: ", f);
	put_str(f, kb->ref);
	fputs("\n  text: ", f);
	put_str(f, kb->text);
	fputc('\n', f);
	if (!kb->nr_revisions)
		return;
	fputs("  revisions: [", f);
	for (u32 i = 0; i < kb->nr_revisions; i++) {
		if (i)
			fputs(", ", f);
		put_str(f, kb->revisions[i]);
	}
	fputs("]\n", f);
}

static void put_metric(FILE *f, const struct scn_metric_expect *m)
{
	fprintf(f, "    - {check: \"%s %s ", m->metric, scn_cmp_name(m->cmp));
	if (m->kind == SCN_METRIC_RATIO)
		fprintf(f, "%.15g", m->ratio);
	else if (m->kind == SCN_METRIC_BYTES)
		put_hex(f, m->value);
	else
		fprintf(f, "%llu", (unsigned long long)m->value);
	fputc('"', f);
	if (m->client) {
		fputs(", client: ", f);
		put_str(f, m->client);
	}
	if (m->phase) {
		fputs(", phase: ", f);
		put_str(f, m->phase);
	}
	fputc('}', f);
	put_loc(f, m->loc);
}

/* The client owning global instance @g: binary search over @first. */
static u32 owner(const u32 *first, u32 n, u32 g)
{
	u32 lo = 0, hi = n;

	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (first[mid] <= g)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int put_interleave(FILE *f, const struct scn *s)
{
	u32 *first = malloc(s->nr_clients * sizeof(*first)), sum = 0;

	if (!first)
		return -ENOMEM;
	for (u32 c = 0; c < s->nr_clients; c++) {
		first[c] = sum;
		sum += s->clients[c].instances;
	}
	fputs("interleave: [", f);
	for (u32 i = 0; i < s->nr_interleave; i++) {
		u32 c = owner(first, s->nr_clients, s->interleave[i]);
		char name[SCN_MAX_NAME + 16];

		scn_client_instance_name(&s->clients[c], s->interleave[i] - first[c], name,
					 sizeof(name));
		if (i)
			fputs(", ", f);
		put_str(f, name);
	}
	fputs("]\n", f);
	free(first);
	return 0;
}

int scn_dump(const struct scn *s, FILE *f, unsigned int flags)
{
	with_loc = !(flags & SCN_DUMP_NO_LOCATIONS);
	if (with_loc)
		fprintf(f, "# %s, normalized by xdnasim scenario-check --dump\n", s->file);
	fprintf(f, "xdnasim: %u\nname: ", s->version);
	put_str(f, s->name);
	fputs("\ndescription: ", f);
	put_str(f, s->description);
	fprintf(f, "\ndevice: %s\nfirmware: \"%u.%u\"\nrevision: %s\nmode: %s\n", s->device,
		s->fw_major, s->fw_minor, drv_rev_name(s->rev), addr_mode_name(s->mode));
	fprintf(f, "shim: {num_heap_pages: %u, force_driver_sync: %s}\n", s->num_heap_pages,
		s->force_driver_sync ? "true" : "false");
	fprintf(f, "seed: %llu\nschedule: %s\n", (unsigned long long)s->seed,
		scn_schedule_name(s->schedule));
	if (s->nr_interleave && put_interleave(f, s))
		return -ENOMEM;
	fputs("bugs: [", f);
	for (u32 i = 0; i < s->nr_bugs; i++)
		fprintf(f, "%s%s", i ? ", " : "", s->bugs[i]);
	fputs("]\n", f);
	fputs(s->nr_faults ? "faults:\n" : "faults: []\n", f);
	for (u32 i = 0; i < s->nr_faults; i++)
		put_fault(f, &s->faults[i]);
	fputs("clients:\n", f);
	for (u32 i = 0; i < s->nr_clients; i++) {
		const struct scn_client *c = &s->clients[i];

		fputs("  - name: ", f);
		put_str(f, c->name);
		put_loc(f, c->loc);
		fprintf(f, "    instances: %u\n    steps:\n", c->instances);
		put_steps(f, c->steps, c->nr_steps, 6);
	}
	fputs("expect:\n  invariants: [", f);
	for (u32 i = 0; i < s->nr_invariants; i++)
		fprintf(f, "%s%s", i ? ", " : "", s->invariants[i].name);
	fputs(s->nr_metrics ? "]\n  metrics:\n" : "]\n  metrics: []\n", f);
	for (u32 i = 0; i < s->nr_metrics; i++)
		put_metric(f, &s->metrics[i]);
	fputs(s->nr_allows ? "allow:\n" : "allow: []\n", f);
	for (u32 i = 0; i < s->nr_allows; i++)
		put_allow(f, &s->allows[i]);
	if (s->known_bug)
		put_known_bug(f, s->known_bug);
	return ferror(f) ? -EIO : 0;
}
