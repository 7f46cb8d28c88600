// SPDX-License-Identifier: MIT
/*
 * run_verdict.c - strict verdicts (docs/run.md "Verdicts"): everything that
 * went wrong during a run and was not expected is a failure with its
 * scenario step, op, instance and reason.  Unexpected means:
 *   - a step result other than success where the step states no result
 *     ('expect: ERRNO' / '{result: ...}') and is not 'expect: any';
 *   - a job (an 'exec') that does not complete, unless its step declares
 *     the outcome ('expect: {job: ...}' or 'any');
 *   - a firmware reply with an error status to a request other than a
 *     job's own command (whose status is the job's outcome), unless a fault
 *     rule injected that status during the op, or the step declares a
 *     failing result or 'any';
 *   - a firmware context the driver leaked (DESTROY_CONTEXT failed);
 *   - an invariant violation no 'expect.invariants' entry names; a note.
 * Each of them may instead be covered by an entry of the scenario's
 * 'allow' list.  A 'known_bug' that applies to the revision run turns the
 * verdict into XFAIL (failed as declared) or XPASS (passed: the bug is
 * gone).
 *
 * Jobs are followed through the simulator's job records: "new" when the
 * driver queues one (obj = hwctx, aux = sequence number), then its end
 * state.  A firmware fault is charged to the newest unfinished job of the
 * faulting client (the ERT runs a command when it is submitted, so that
 * is the job whose access faulted).
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "proto/msg.h"
#include "sim/fault.h"

enum { J_SUBMITTED, J_COMPLETED, J_ABORTED, J_TIMED_OUT, J_FW_FAULTS };

static const char *const fk_names[RUN_FK_COUNT] = {
	[RUN_FK_RESULT] = "result", [RUN_FK_JOB] = "job", [RUN_FK_STATUS] = "status",
	[RUN_FK_LEAK] = "leak", [RUN_FK_VIOLATION] = "violation", [RUN_FK_NOTE] = "note",
};

const char *run_failure_kind_name(enum run_failure_kind k)
{
	return (unsigned int)k < RUN_FK_COUNT ? fk_names[k] : "?";
}

bool run_status_failed(enum run_status s)
{
	return s == RUN_FAIL || s == RUN_XPASS;
}

/*
 * The revisions the runner can run (alloc/rev.h): the one place that maps a
 * known_bug's 'revisions' onto the run.
 */
bool run_revision_known(const char *name)
{
	enum drv_rev r;

	return !drv_rev_parse(name, &r);
}

bool run_known_bug_applies(const struct scn *s, enum drv_rev rev)
{
	const struct scn_known_bug *kb = s->known_bug;

	if (!kb)
		return false;
	if (!kb->nr_revisions)
		return true;
	for (u32 i = 0; i < kb->nr_revisions; i++) {
		enum drv_rev r;

		if (!drv_rev_parse(kb->revisions[i], &r) && r == rev)
			return true;
	}
	return false;
}

static bool violation_known(const char *name)
{
	for (int k = 0; k < 64; k++)
		if (!strcmp(sim_inv_name(k), name))
			return true;
	return false;
}

int run_verdict_init(struct run_ctx *x)
{
	const struct scn *s = x->scn;
	struct run_result *res = x->res;

	for (u32 i = 0; i < s->nr_allows; i++)
		if (s->allows[i].kind == SCN_ALLOW_VIOLATION && !violation_known(s->allows[i].name))
			return run_error(x, s->allows[i].loc,
					 "allow 'violation': '%s' is not an invariant the simulator checks",
					 s->allows[i].name);
	for (u32 i = 0; s->known_bug && i < s->known_bug->nr_revisions; i++)
		if (!run_revision_known(s->known_bug->revisions[i]))
			return run_error(x, s->known_bug->revision_locs[i],
					 "known_bug revision '%s' is not a revision the runner knows "
					 "(%s)", s->known_bug->revisions[i], drv_rev_names());

	res->revision = drv_rev_name(res->rev);
	res->known_bug = run_known_bug_applies(x->scn, res->rev);
	res->allow_used = calloc(x->scn->nr_allows + 1, sizeof(*res->allow_used));
	return res->allow_used ? 0 : -ENOMEM;
}

void run_verdict_free(struct run_ctx *x)
{
	free(x->jobs);
	free(x->st_ev);
	free(x->injected);
	free(x->notes);
}

/* Room for one more element of a growing array. */
static int grow(void **arr, u32 n, u32 *cap, size_t elem)
{
	void *p;
	u32 c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	p = realloc(*arr, (size_t)c * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = c;
	return 0;
}

static void failure(struct run_ctx *x, enum run_failure_kind kind, const struct scn_step *st,
		    u64 op, u32 gid, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void failure(struct run_ctx *x, enum run_failure_kind kind, const struct scn_step *st,
		    u64 op, u32 gid, const char *fmt, ...)
{
	struct run_result *res = x->res;
	struct run_failure *f;
	va_list ap;

	res->failures_total++;
	res->failures_by_kind[kind]++;
	if (res->nr_failures >= RUN_FAILURES_MAX)
		return;
	if ((res->nr_failures & (res->nr_failures + 1)) == 0) {
		u32 cap = run_min((res->nr_failures + 1) * 2, RUN_FAILURES_MAX);
		struct run_failure *n = realloc(res->failures, cap * sizeof(*n));

		if (!n)
			return;	/* counted, not kept */
		res->failures = n;
	}
	f = &res->failures[res->nr_failures++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->loc = st ? st->loc : (struct scn_loc){ 0, 0 };
	f->op = st ? op : U64_MAX;
	f->instance = gid;
	snprintf(f->step, sizeof(f->step), "%s", st ? scn_op_name(st->op) : "");
	va_start(ap, fmt);
	vsnprintf(f->reason, sizeof(f->reason), fmt, ap);
	va_end(ap);
}

/* A failure of the current op. */
#define CUR_FAILURE(x, kind, ...)                                                      \
	failure((x), (kind), (x)->cur_step, (x)->op, (x)->cur ? (x)->cur->gid : U32_MAX, \
		__VA_ARGS__)

/* Does an 'allow' entry cover this event?  It then counts one use. */
static bool allowed(struct run_ctx *x, enum scn_allow_kind kind, int err, enum scn_job job,
		    u32 status, const char *name, const struct run_inst *in,
		    const struct scn_step *st)
{
	const struct scn *s = x->scn;

	for (u32 i = 0; i < s->nr_allows; i++) {
		const struct scn_allow *a = &s->allows[i];

		if (a->kind != kind)
			continue;
		if ((kind == SCN_ALLOW_ERRNO && a->err != err) ||
		    (kind == SCN_ALLOW_JOB && a->job != job) ||
		    (kind == SCN_ALLOW_STATUS && a->status != status) ||
		    (a->name && name && strcmp(a->name, name)))
			continue;
		if (a->has_op && (!st || st->op != a->op))
			continue;
		if (a->client && (!in || in->client != &s->clients[a->client_id]))
			continue;
		if (a->count && x->res->allow_used[i] >= a->count)
			continue;
		x->res->allow_used[i]++;
		x->res->tolerated++;
		return true;
	}
	return false;
}

static struct run_inst *owner(struct run_ctx *x, u32 client)
{
	if (client < x->ncid && x->cid_map[client] != RUN_NONE)
		return &x->inst[x->cid_map[client]];
	return x->cur;
}

static enum scn_job job_outcome(const struct run_job *j, u32 state)
{
	if (j->faulted)
		return SCN_JOB_FAULT;
	switch (state) {
	case 4:		/* ERT_CMD_STATE_COMPLETED */
		return SCN_JOB_COMPLETED;
	case 8:		/* ERT_CMD_STATE_TIMEOUT */
		return SCN_JOB_TIMEOUT;
	case 0:
		return SCN_JOB_PENDING;
	default:	/* ERROR, ABORT */
		return SCN_JOB_ABORTED;
	}
}

/* Judge one ended job (@o) against its step; @submit_err: the exec's result. */
static void job_judge(struct run_ctx *x, const struct run_job *j, enum scn_job o, int submit_err)
{
	const struct scn_step *st = j->step;
	struct run_inst *in = &x->inst[j->gid];
	u32 e;

	if (!st || submit_err)
		return;	/* no step (not a scenario exec) or a failed submission: its result says */
	if (st->expect.any)
		return;
	if (st->expect.has_job) {
		e = run_slot_of(x, st);
		if (o != st->expect.job && e != RUN_NONE) {
			struct run_expect_result *r = &x->res->expects[e];

			run_fail_expect(x, e, "job %s, expected %s", scn_job_name(o),
					scn_job_name(st->expect.job));
			if (r->failed == 1) {
				r->op = j->op;
				r->instance = j->gid;
			}
		}
		return;
	}
	if (o == SCN_JOB_COMPLETED || allowed(x, SCN_ALLOW_JOB, 0, o, 0, NULL, in, st))
		return;
	failure(x, RUN_FK_JOB, st, j->op, j->gid, "job %u on hwctx %s did not complete: %s",
		j->seq, st->exec.hwctx.name, scn_job_name(o));
}

static void job_end(struct run_ctx *x, u32 idx, u32 state, bool in_op)
{
	struct run_job j = x->jobs[idx];
	struct run_inst *in = &x->inst[j.gid];
	enum scn_job o = job_outcome(&j, state);

	in->jobs[o == SCN_JOB_COMPLETED ? J_COMPLETED : o == SCN_JOB_TIMEOUT ? J_TIMED_OUT :
		 J_ABORTED] += o != SCN_JOB_PENDING;
	/* the exec's op record, for compare (its own op: not recorded yet) */
	if (j.step && in_op && j.op == x->op)
		x->op_job = 1 + (u32)o;
	else if (j.step && j.op < x->res->nr_series)
		x->res->series[j.op].job = 1 + (u32)o;
	memmove(&x->jobs[idx], &x->jobs[idx + 1], (x->njobs - idx - 1) * sizeof(j));
	x->njobs--;
	/* a job ending inside its own exec is judged with the exec's result */
	if (in_op && x->cur_step && j.step == x->cur_step && j.op == x->op) {
		x->failed_submit = x->failed_submit ? x->failed_submit : 1;
		x->pending_job = j;
		x->pending_outcome = o;
		x->has_pending = true;
		return;
	}
	job_judge(x, &j, o, 0);
}

static void job_event(struct run_ctx *x, const struct sim_event *e)
{
	if (e->kind == 1) {	/* ERT_CMD_STATE_NEW: queued */
		struct run_inst *in = owner(x, e->client);
		struct run_job *j;

		if (!in || grow((void **)&x->jobs, x->njobs, &x->cap_jobs, sizeof(*j)))
			return;
		j = &x->jobs[x->njobs++];
		memset(j, 0, sizeof(*j));
		j->client = e->client;
		j->hwctx = e->obj;
		j->seq = e->aux;
		j->gid = in->gid;
		j->op = x->op;
		j->step = x->cur_step && x->cur_step->op == SCN_OP_EXEC ? x->cur_step : NULL;
		in->jobs[J_SUBMITTED]++;
		return;
	}
	for (u32 i = 0; i < x->njobs; i++) {
		if (x->jobs[i].client == e->client && x->jobs[i].hwctx == e->obj &&
		    x->jobs[i].seq == e->aux) {
			job_end(x, i, e->kind, true);
			return;
		}
	}
}

/* run_verdict_event - one simulator event, as run_account_events() sees it. */
void run_verdict_event(struct run_ctx *x, const struct sim_event *e)
{
	struct run_inst *in;

	switch (e->type) {
	case SIM_EV_JOB:
		job_event(x, e);
		break;
	case SIM_EV_FW_FAULT:
		in = owner(x, e->client);
		if (in)
			in->jobs[J_FW_FAULTS]++;
		for (u32 i = x->njobs; i-- > 0;) {
			if (x->jobs[i].client == e->client) {
				x->jobs[i].faulted = true;
				break;
			}
		}
		break;
	case SIM_EV_MSG_RX:
		/* a job's own command status is the job's outcome */
		if (!e->err || e->kind == MSG_OP_CHAIN_EXEC_NPU || e->kind == MSG_OP_EXEC_NPU ||
		    e->kind == MSG_OP_CHAIN_EXEC_DPU || e->kind == MSG_OP_EXEC_DPU ||
		    e->kind == MSG_OP_EXECUTE_BUFFER_CF || e->kind == MSG_OP_CHAIN_EXEC_BUFFER_CF)
			break;
		if (grow((void **)&x->st_ev, x->nst_ev, &x->cap_st_ev, sizeof(*x->st_ev)))
			break;
		x->st_ev[x->nst_ev++] = (struct run_status_ev){ e->kind, (u32)e->err, e->client };
		break;
	case SIM_EV_FAULT:
		if (e->kind < SIM_FAULT_NR && sim_fault_sites[e->kind].fw_status &&
		    !grow((void **)&x->injected, x->ninjected, &x->cap_injected,
			  sizeof(*x->injected)))
			x->injected[x->ninjected++] = e->err;
		break;
	case SIM_EV_FW:
		in = owner(x, e->client);
		if (e->kind == SIM_FW_CTX_LEAK &&
		    !(x->cur_step && x->cur_step->expect.any) &&
		    !allowed(x, SCN_ALLOW_LEAK, 0, 0, 0, "fw_ctx", in, x->cur_step))
			CUR_FAILURE(x, RUN_FK_LEAK,
				    "firmware context %u leaked: DESTROY_CONTEXT failed (%#x)", e->obj,
				    (unsigned int)e->err);
		break;
	default:
		break;
	}
}

static void judge_errno(struct run_ctx *x, struct run_inst *in, const struct scn_step *st,
			int err, const char *what)
{
	if (!allowed(x, SCN_ALLOW_ERRNO, -err, 0, 0, NULL, in, st))
		CUR_FAILURE(x, RUN_FK_RESULT, "%sresult %s without an expectation", what,
			    xerrname(err));
}

static bool consume_injected(struct run_ctx *x, u32 status)
{
	for (u32 i = 0; i < x->ninjected; i++) {
		if (x->injected[i] == (s64)status) {
			x->injected[i] = x->injected[--x->ninjected];
			return true;
		}
	}
	return false;
}

/*
 * run_verdict_op - judge the op just run by @in: its result, the error
 * statuses the firmware answered during it, a job that ended inside it.
 */
int run_verdict_op(struct run_ctx *x, struct run_inst *in, const struct scn_step *st)
{
	const struct scn_expect *ex = &st->expect;
	bool declared_fail = ex->any || (ex->has_result && ex->result_err);

	if (x->has_pending) {
		x->has_pending = false;
		job_judge(x, &x->pending_job, x->pending_outcome, x->op_err);
	}
	if (!ex->any && !ex->has_result) {
		char what[64];

		if (st->op == SCN_OP_ALLOC) {
			for (u64 i = 0; i < x->op_nallocs; i++) {
				if (!x->op_errs[i])
					continue;
				snprintf(what, sizeof(what), "allocation %llu of %llu: ",
					 (unsigned long long)i, (unsigned long long)x->op_nallocs);
				judge_errno(x, in, st, x->op_errs[i], x->op_nallocs > 1 ? what : "");
			}
		} else {
			for (u32 i = 0; i < x->op_failures; i++)
				judge_errno(x, in, st, x->op_err, "");
		}
	}
	for (u32 i = 0; i < x->nst_ev; i++) {
		const struct run_status_ev *se = &x->st_ev[i];

		if (consume_injected(x, se->status)) {
			x->res->tolerated++;
			continue;
		}
		if (declared_fail ||
		    allowed(x, SCN_ALLOW_STATUS, 0, 0, se->status, NULL, in, st))
			continue;
		CUR_FAILURE(x, RUN_FK_STATUS, "firmware answered %s with status %s (%#x)",
			    msg_opcode_name(se->opcode), fw_status_name(se->status), se->status);
	}
	x->nst_ev = 0;
	x->ninjected = 0;
	x->failed_submit = 0;
	return 0;
}

/*
 * run_verdict_violation - a violation the simulator recorded: a failure
 * unless a named invariant expectation already reports it (its failure)
 * or 'allow' covers it.  Returns 1 when it failed the run (either way), 0
 * when an 'allow' entry covered it.
 */
int run_verdict_violation(struct run_ctx *x, const struct sim_violation *v)
{
	const struct scn *s = x->scn;
	const char *name = sim_inv_name(v->number);

	for (u32 i = 0; i < s->nr_invariants; i++) {
		int k = run_invariant_number(s->invariants[i].name);

		if (k == v->number || (k == RUN_INV_NO_LIVE_BOS && v->number == SIM_INV_DEV_BO_AT_POSTCLOSE))
			return 1;	/* its expectation fails and says so */
	}
	if (allowed(x, SCN_ALLOW_VIOLATION, 0, 0, 0, name, x->cur, x->cur_step))
		return 0;
	CUR_FAILURE(x, RUN_FK_VIOLATION, "invariant sim.%d (%s) violated: %s", v->number, name,
		    v->why);
	return 1;
}

/*
 * run_verdict_notes - the notes of the sim_check() just made (stale
 * firmware addresses of live contexts): each distinct one is a failure
 * unless allowed.  A note persists until the context restarts, so a note
 * already reported by an earlier check is not reported again.
 */
void run_verdict_notes(struct run_ctx *x)
{
	u32 n = sim_note_count(x->sim);

	for (u32 i = 0; i < n; i++) {
		const struct sim_note *nt = sim_note_at(x->sim, i);
		const struct run_inst *in;
		bool seen = false;

		if (!nt)
			break;
		in = owner(x, nt->client);
		if (in && in->closing)
			continue;	/* the close's own window (docs/explore.md) */
		for (u32 k = 0; k < x->nnotes && !seen; k++)
			seen = !memcmp(&x->notes[k], nt, sizeof(*nt));
		if (seen || grow((void **)&x->notes, x->nnotes, &x->cap_notes, sizeof(*nt)))
			continue;
		x->notes[x->nnotes++] = *nt;
		if (allowed(x, SCN_ALLOW_NOTE, 0, 0, 0, "stale_fw_addr", owner(x, nt->client),
			    x->cur_step))
			continue;
		CUR_FAILURE(x, RUN_FK_NOTE,
			    "note: hwctx %u keeps firmware address %#llx of chunk %u, whose address is now %#llx",
			    nt->hwctx, (unsigned long long)nt->sent, nt->chunk,
			    (unsigned long long)nt->now);
	}
}

/* run_verdict_finish - jobs still pending at the end are judged as such. */
int run_verdict_finish(struct run_ctx *x)
{
	x->cur = NULL;
	x->cur_step = NULL;
	while (x->njobs) {
		struct run_job j = x->jobs[0];

		job_end(x, 0, 0, false);
		(void)j;
	}
	return 0;
}
