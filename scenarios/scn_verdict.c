// SPDX-License-Identifier: MIT
/*
 * scn_verdict.c - the verdict declarations of a scenario: the top-level
 * 'allow' list (failures a workload provokes on purpose) and 'known_bug'
 * (the run is expected to fail because of a driver bug).  Their meaning is
 * the runner's (docs/run.md "Verdicts"); the loader checks their shape.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <string.h>

#include "common/errname.h"

const char *const scn__job_names[] = { "completed", "aborted", "timeout", "fault", "pending",
				       NULL };

static const char *const allow_kind_names[] = {
	[SCN_ALLOW_ERRNO] = "errno", [SCN_ALLOW_JOB] = "job", [SCN_ALLOW_STATUS] = "status",
	[SCN_ALLOW_LEAK] = "leak", [SCN_ALLOW_VIOLATION] = "violation", [SCN_ALLOW_NOTE] = "note",
	NULL,
};

/* The leak kinds and note names an 'allow' entry can name. */
static const char *const leak_names[] = { "fw_ctx", NULL };
static const char *const note_names[] = { "stale_fw_addr", NULL };

const char *scn_job_name(enum scn_job j)
{
	return (unsigned)j < SCN_JOB_COUNT ? scn__job_names[j] : "?";
}

const char *scn_allow_kind_name(enum scn_allow_kind k)
{
	return (unsigned)k < SCN_ALLOW_COUNT ? allow_kind_names[k] : "?";
}

/* keys: the six kinds (in enum order), then the qualifiers */
static const char *const allow_keys[] = {
	"errno", "job", "status", "leak", "violation", "note", "step", "client", "count", NULL,
};

enum { A_STEP = SCN_ALLOW_COUNT, A_CLIENT, A_COUNT, A_NKEYS };

static int parse_allow_kind(struct pctx *p, const struct ynode *n, struct scn_allow *a)
{
	bool timeout = false;
	u32 idx;
	int ret;

	switch (a->kind) {
	case SCN_ALLOW_ERRNO:
		ret = scn__get_errno(p, n, "allow 'errno'", &a->err);
		if (!ret && !a->err)
			return scn__fail(&p->e, n->line, n->column,
					 "allow 'errno': 'ok' is not a failure; name an errno");
		return ret;
	case SCN_ALLOW_JOB:
		ret = scn__get_enum(p, n, "allow 'job' outcome", scn__job_names, &idx);
		if (!ret && idx == SCN_JOB_COMPLETED)
			return scn__fail(&p->e, n->line, n->column,
					 "allow 'job': 'completed' is not a failure");
		a->job = (enum scn_job)idx;
		return ret;
	case SCN_ALLOW_STATUS:
		ret = scn__get_fw_status(p, n, "allow 'status'", false, &a->status,
					 &a->status_name, &timeout);
		if (!ret && !a->status)
			return scn__fail(&p->e, n->line, n->column,
					 "allow 'status': SUCCESS is not a failure");
		return ret;
	case SCN_ALLOW_LEAK:
		ret = scn__get_enum(p, n, "allow 'leak'", leak_names, &idx);
		a->name = ret ? NULL : leak_names[idx];
		return ret;
	case SCN_ALLOW_NOTE:
		ret = scn__get_enum(p, n, "allow 'note'", note_names, &idx);
		a->name = ret ? NULL : note_names[idx];
		return ret;
	default:
		/* the runner checks the name against its violation table */
		return scn__get_name(p, n, "allow 'violation'", &a->name);
	}
}

static int parse_allow_one(struct pctx *p, const struct ynode *n, struct scn_allow *a)
{
	const struct ynode *v[A_NKEYS];
	u32 kinds = 0, idx;
	int ret;

	ret = scn__want(p, n, YN_MAP, "an 'allow' entry");
	if (!ret)
		ret = scn__keys(p, n, "an 'allow' entry", allow_keys, v);
	if (ret)
		return ret;
	a->loc = LOC(n);
	for (u32 k = 0; k < SCN_ALLOW_COUNT; k++) {
		if (!v[k])
			continue;
		kinds++;
		a->kind = (enum scn_allow_kind)k;
	}
	if (kinds != 1)
		return scn__fail(&p->e, n->line, n->column,
				 "an 'allow' entry needs exactly one of 'errno', 'job', 'status', "
				 "'leak', 'violation', 'note'");
	ret = parse_allow_kind(p, v[a->kind], a);
	if (!ret && v[A_STEP]) {
		ret = scn__get_enum(p, v[A_STEP], "allow 'step' operation", scn__op_names, &idx);
		if (!ret && (idx == SCN_OP_REPEAT || idx == SCN_OP_PHASE))
			return scn__fail(&p->e, v[A_STEP]->line, v[A_STEP]->column,
					 "allow 'step': '%s' is not an operation that runs",
					 v[A_STEP]->str);
		a->has_op = true;
		a->op = (enum scn_op)idx;
	}
	if (!ret && v[A_CLIENT])
		ret = scn__get_client_ref(p, v[A_CLIENT], "allow 'client'", &a->client,
					  &a->client_id);
	if (!ret && v[A_COUNT])
		ret = scn__get_uint(p, v[A_COUNT], "allow 'count'", 1, U64_MAX, &a->count);
	return ret;
}

int scn__parse_allow(struct pctx *p, const struct ynode *n)
{
	struct scn *s = p->s;
	int ret = scn__seq_alloc(p, n, "'allow'", sizeof(*s->allows), (void **)&s->allows);

	if (ret)
		return ret;
	for (u32 i = 0; i < n->nr; i++) {
		ret = parse_allow_one(p, n->kids[i], &s->allows[i]);
		if (ret)
			return ret;
		s->nr_allows++;
	}
	return 0;
}

int scn__parse_known_bug(struct pctx *p, const struct ynode *n)
{
	static const char *const keys[] = { "ref", "text", "revisions", NULL };
	struct scn_known_bug *kb;
	const struct ynode *v[3];
	int ret;

	ret = scn__want(p, n, YN_MAP, "'known_bug'");
	if (!ret)
		ret = scn__keys(p, n, "'known_bug'", keys, v);
	if (ret)
		return ret;
	if (!v[0])
		return scn__missing(p, n, "'known_bug'", "ref");
	if (!v[1])
		return scn__missing(p, n, "'known_bug'", "text");
	kb = scn__arena_alloc(p->a, sizeof(*kb));
	if (!kb)
		return scn__nomem(&p->e);
	kb->loc = LOC(n);
	ret = scn__get_str(p, v[0], "known_bug 'ref'", &kb->ref);
	if (!ret)
		ret = scn__get_str(p, v[1], "known_bug 'text'", &kb->text);
	if (!ret && (!kb->ref[0] || !kb->text[0]))
		return scn__fail(&p->e, n->line, n->column,
				 "known_bug 'ref' and 'text' must not be empty");
	if (!ret && v[2]) {
		ret = scn__seq_alloc(p, v[2], "known_bug 'revisions'", sizeof(*kb->revisions),
				     (void **)&kb->revisions);
		if (!ret)
			ret = scn__seq_alloc(p, v[2], "known_bug 'revisions'",
					     sizeof(*kb->revision_locs),
					     (void **)&kb->revision_locs);
		if (!ret && !v[2]->nr)
			return scn__fail(&p->e, v[2]->line, v[2]->column,
					 "known_bug 'revisions' is empty (omit it: every revision)");
		for (u32 i = 0; !ret && i < v[2]->nr; i++) {
			/* the runner checks the names against the revisions it knows */
			ret = scn__get_str(p, v[2]->kids[i], "a known_bug revision",
				    &kb->revisions[i]);
			kb->revision_locs[i] = LOC(v[2]->kids[i]);
			for (u32 j = 0; !ret && j < i; j++)
				if (!strcmp(kb->revisions[j], kb->revisions[i]))
					return scn__fail(&p->e, v[2]->kids[i]->line,
							 v[2]->kids[i]->column,
							 "revision '%s' is listed twice",
							 kb->revisions[i]);
			kb->nr_revisions += !ret;
		}
	}
	if (!ret)
		p->s->known_bug = kb;
	return ret;
}
