// SPDX-License-Identifier: MIT
/*
 * run_metrics.c - the scenario metrics (names, types, values), the
 * invariant names, the vocabulary handed to the loader, and the
 * accounting of the simulator's event log (message counts per client,
 * event counts, the mailbox trace summary).
 *
 * Metric values come from the modules that own them: heap state and heap
 * counters from alloc/heap_metrics.h (docs/metrics.md gives the mapping),
 * expansions from the shim's results, message counts from the sim's event
 * log.  The vocabulary's metric list is this file's table, its fault sites
 * and statuses are the simulator's and proto's tables, so a name the runner
 * cannot evaluate cannot load.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/msg.h"

static const struct {
	const char *name;
	enum scn_metric_kind kind;
	bool state;
} metric_defs[RUN_M_COUNT] = {
	[RUN_M_COMMITTED] = { "committed", SCN_METRIC_BYTES, true },
	[RUN_M_LIVE] = { "live", SCN_METRIC_BYTES, true },
	[RUN_M_REQUESTED] = { "requested", SCN_METRIC_BYTES, true },
	[RUN_M_FREE_COMMITTED] = { "free_committed", SCN_METRIC_BYTES, true },
	[RUN_M_LARGEST_HOLE] = { "largest_hole", SCN_METRIC_BYTES, true },
	[RUN_M_EXT_FRAG] = { "external_fragmentation", SCN_METRIC_RATIO, true },
	[RUN_M_HOLE_COUNT] = { "hole_count", SCN_METRIC_COUNT, true },
	[RUN_M_ALIGN_WASTE] = { "alignment_waste", SCN_METRIC_BYTES, true },
	[RUN_M_EXPANSIONS] = { "expansions", SCN_METRIC_COUNT, false },
	[RUN_M_FRAG_EXPANSIONS] = { "fragmentation_induced_expansions", SCN_METRIC_COUNT, false },
	[RUN_M_PREMATURE_OOM] = { "premature_oom", SCN_METRIC_COUNT, false },
	[RUN_M_PEAK_COMMITTED] = { "peak_committed", SCN_METRIC_BYTES, false },
	[RUN_M_PEAK_LIVE] = { "peak_live", SCN_METRIC_BYTES, false },
	[RUN_M_PEAK_RATIO] = { "peak_ratio", SCN_METRIC_RATIO, false },
	[RUN_M_CROSS_CHUNK_BOS] = { "cross_chunk_bos", SCN_METRIC_COUNT, true },
	[RUN_M_SEARCH_COST_MAX] = { "search_cost_max", SCN_METRIC_COUNT, false },
	[RUN_M_SEARCH_COST_TOTAL] = { "search_cost_total", SCN_METRIC_COUNT, false },
	[RUN_M_CHUNKS] = { "chunks", SCN_METRIC_COUNT, true },
	[RUN_M_LIVE_BOS] = { "live_bos", SCN_METRIC_COUNT, true },
	[RUN_M_FAILURES] = { "failures", SCN_METRIC_COUNT, false },
	[RUN_M_MAP_MSGS] = { "map_host_buffer_msgs", SCN_METRIC_COUNT, false },
	[RUN_M_ADD_MSGS] = { "add_host_buffer_msgs", SCN_METRIC_COUNT, false },
	[RUN_M_PINS] = { "pins", SCN_METRIC_COUNT, true },
	[RUN_M_HWCTXS] = { "hwctxs", SCN_METRIC_COUNT, true },
	[RUN_M_JOBS_SUBMITTED] = { "jobs_submitted", SCN_METRIC_COUNT, false },
	[RUN_M_JOBS_COMPLETED] = { "jobs_completed", SCN_METRIC_COUNT, false },
	[RUN_M_JOBS_ABORTED] = { "jobs_aborted", SCN_METRIC_COUNT, false },
	[RUN_M_JOBS_TIMED_OUT] = { "jobs_timed_out", SCN_METRIC_COUNT, false },
	[RUN_M_FW_FAULTS] = { "fw_faults", SCN_METRIC_COUNT, false },
};

const char *run_metric_name(enum run_metric m)
{
	return (unsigned int)m < RUN_M_COUNT ? metric_defs[m].name : "?";
}

enum scn_metric_kind run_metric_kind(enum run_metric m)
{
	return (unsigned int)m < RUN_M_COUNT ? metric_defs[m].kind : SCN_METRIC_COUNT;
}

bool run_metric_is_state(enum run_metric m)
{
	return (unsigned int)m < RUN_M_COUNT && metric_defs[m].state;
}

int run_metric_by_name(const char *name)
{
	for (int i = 0; i < RUN_M_COUNT; i++)
		if (!strcmp(metric_defs[i].name, name))
			return i;
	return -ENOENT;
}

/* The runner's own end-of-run checks; the others are sim/sim_inv.def's selectable rows. */
static const struct {
	const char *name;
	int number;
} run_end_invs[] = {
	{ "no_pins_left", RUN_INV_NO_PINS },
	{ "no_live_bos", RUN_INV_NO_LIVE_BOS },
};

int run_invariant_number(const char *name)
{
	int k = sim_inv_by_name(name);

	if (k >= 0)
		return sim_inv_selectable(k) ? k : -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(run_end_invs); i++)
		if (!strcmp(run_end_invs[i].name, name))
			return run_end_invs[i].number;
	return -ENOENT;
}

const char *const *run_invariant_names(void)
{
	static const char *names[SIM_INV_MAP_ADD_ORDER + 1 + ARRAY_SIZE(run_end_invs) + 1];
	size_t n = 0;

	if (names[0])
		return names;
	for (size_t i = 0; i < sim_ninvs; i++)
		if (sim_invs[i].selectable)
			names[n++] = sim_invs[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(run_end_invs); i++)
		names[n++] = run_end_invs[i].name;
	names[n] = NULL;
	return names;
}

/*
 * The vocabulary, built once from the owners' tables: devices the
 * simulator can build; fault sites (the sim's stable names and the
 * scenario aliases it accepts) and bug switches from sim/fault.c and
 * sim/bugs.c through scn_default_vocab(), so a name cannot drift between
 * the loader and the simulator; proto's firmware statuses; the runner's
 * metrics and invariants.
 */

static struct scn_vocab vocab;
static struct scn_status_def statuses[128];
static struct scn_metric_def metrics[RUN_M_COUNT + 1];

const struct scn_vocab *run_vocab(void)
{
	size_t n = 0;

	if (vocab.devices)
		return &vocab;
	for (size_t i = 0; i < fw_nstatuses && n + 1 < ARRAY_SIZE(statuses); i++) {
		if (!strncmp(fw_statuses[i].name, "MAX_", 4))
			continue;	/* sentinels, not statuses */
		statuses[n].name = fw_statuses[i].name;
		statuses[n].value = fw_statuses[i].value;
		n++;
	}
	statuses[n].name = NULL;
	for (int i = 0; i < RUN_M_COUNT; i++) {
		metrics[i].name = metric_defs[i].name;
		metrics[i].kind = metric_defs[i].kind;
	}
	metrics[RUN_M_COUNT].name = NULL;
	vocab.host_fault_sites = scn_default_vocab()->host_fault_sites;
	vocab.fw_fault_sites = scn_default_vocab()->fw_fault_sites;
	vocab.fw_statuses = statuses;
	vocab.bugs = scn_default_vocab()->bugs;
	vocab.invariants = run_invariant_names();
	vocab.metrics = metrics;
	vocab.devices = scn_device_names(true);
	return &vocab;
}

/* run_inst_counters - the instance's counter metrics over the run so far. */
void run_inst_counters(const struct run_inst *in, struct run_counters *c)
{
	struct heap_counters h = { 0 };

	memset(c, 0, sizeof(*c));
	if (in->heap)
		heap_counters_get(in->heap, &h);
	c->v[RUN_M_EXPANSIONS] = in->expansions;
	c->v[RUN_M_FRAG_EXPANSIONS] = in->folded.frag_eagain + h.frag_eagain;
	c->v[RUN_M_PREMATURE_OOM] = in->folded.premature_oom + h.premature_oom;
	c->v[RUN_M_PEAK_COMMITTED] = run_max(in->folded.peak_committed, h.peak_committed);
	c->v[RUN_M_PEAK_LIVE] = run_max(in->folded.peak_live, h.peak_live);
	c->v[RUN_M_SEARCH_COST_MAX] = run_max(in->folded.search_cost_max, h.search_cost_max);
	c->v[RUN_M_SEARCH_COST_TOTAL] = in->folded.search_cost_total + h.search_cost_total;
	c->v[RUN_M_FAILURES] = in->failures;
	c->v[RUN_M_MAP_MSGS] = in->map_msgs;
	c->v[RUN_M_ADD_MSGS] = in->add_msgs;
	for (int i = 0; i < 5; i++)
		c->v[RUN_M_JOBS_SUBMITTED + i] = in->jobs[i];
}

/* run_inst_state - state metrics of the instance's heap now, counters so far. */
void run_inst_state(struct run_ctx *x, const struct run_inst *in, struct run_metrics *m)
{
	struct run_counters c;

	memset(m, 0, sizeof(*m));
	if (in->heap) {
		struct heap_metrics hm;	/* only its state fields are set and read */

		heap_metrics_state(in->heap, &hm);
		m->v[RUN_M_COMMITTED] = hm.committed;
		m->v[RUN_M_LIVE] = hm.live;
		m->v[RUN_M_REQUESTED] = hm.requested;
		m->v[RUN_M_FREE_COMMITTED] = hm.free;
		m->v[RUN_M_LARGEST_HOLE] = hm.largest_free;
		m->r[RUN_M_EXT_FRAG] = hm.ext_frag;
		m->v[RUN_M_HOLE_COUNT] = hm.holes;
		m->v[RUN_M_ALIGN_WASTE] = hm.align_waste;
		m->v[RUN_M_CROSS_CHUNK_BOS] = hm.cross_chunk_bos;
		m->v[RUN_M_CHUNKS] = hm.nr_chunks;
		m->v[RUN_M_LIVE_BOS] = hm.nr_bos;
		m->v[RUN_M_PINS] = heap_pins(in->heap);
	}
	for (u32 i = 0; in->open && i < in->client->nr_hwctxs; i++)
		m->v[RUN_M_HWCTXS] += in->hwctx[i] != 0;
	run_inst_counters(in, &c);
	for (int i = 0; i < RUN_M_COUNT; i++)
		if (!metric_defs[i].state && i != RUN_M_PEAK_RATIO)
			m->v[i] = c.v[i];
	if (m->v[RUN_M_PEAK_LIVE])
		m->r[RUN_M_PEAK_RATIO] = (double)m->v[RUN_M_PEAK_COMMITTED] /
					 (double)m->v[RUN_M_PEAK_LIVE];
	(void)x;
}

/*
 * run_heap_hook - called by alloc/heap after every chunk add, DEV BO alloc
 * and free of an instance's heap: the maxima of the current phase.
 */
void run_heap_hook(void *ctx, const struct heap_op_record *rec)
{
	struct run_inst *in = ctx;
	struct run_phase_state *p;

	run_cov_heap_op(in, rec);
	run_total_set(in, rec->committed, rec->live);
	if (in->phase == RUN_NONE)
		return;
	p = &in->ph[in->phase];
	p->peak_committed = run_max(p->peak_committed, rec->committed);
	p->peak_live = run_max(p->peak_live, rec->live);
	p->search_cost_max = run_max(p->search_cost_max, rec->search_cost);
}

/*
 * run_heap_hook_install - hook @in's heap, first recording the chunks it
 * already has (the shim creates the initial chunk inside open, before the
 * runner can install the hook) as successful chunk adds: committed is the
 * running sum of the chunk sizes, live the heap's live bytes now (0 right
 * after open).  Only heap_ops sees them: each later op's record carries the
 * committed and live totals the phase maxima need.  This function can't fail.
 */
void run_heap_hook_install(struct run_inst *in)
{
	struct heap_metrics m;
	u32 n = heap_nr_chunks(in->heap);
	u64 committed = 0;

	heap_metrics_get(in->heap, &m);
	for (u32 i = 0; i < n; i++) {
		struct heap_chunk_info ci;
		struct heap_op_record rec = { .op = HEAP_OP_CHUNK_ADD, .live = m.live };

		if (heap_chunk_info(in->heap, i, &ci))
			break;
		committed += ci.size;
		rec.seq = i + 1;
		rec.addr = ci.dev_addr;
		rec.size = ci.size;
		rec.committed = committed;
		run_cov_heap_op(in, &rec);
	}
	run_total_set(in, committed, m.live);
	heap_set_op_hook(in->heap, run_heap_hook, in);
}

void run_total_set(struct run_inst *in, u64 committed, u64 live)
{
	struct run_ctx *x = in->x;
	struct run_result *res = x->res;

	x->all_committed = x->all_committed - in->now_committed + committed;
	x->all_live = x->all_live - in->now_live + live;
	in->now_committed = committed;
	in->now_live = live;
	res->peak_all_committed = run_max(res->peak_all_committed, x->all_committed);
	res->peak_all_live = run_max(res->peak_all_live, x->all_live);
}

/* Event counts: [type][kind] for kinds below EV_KINDS, the rest in one slot. */
#define EV_KINDS 1024

struct run_evcount {
	u64 n[SIM_EV_TYPE_MAX][EV_KINDS + 1];
	u64 rx_failed[EV_KINDS + 1];
};

static struct run_inst *event_owner(struct run_ctx *x, const struct sim_event *e)
{
	if (e->client && e->client < x->ncid && x->cid_map[e->client] != RUN_NONE)
		return &x->inst[x->cid_map[e->client]];
	return x->cur;
}

/*
 * run_account_events - account every event the simulator logged since the
 * last call: counts per type and kind, MAP/ADD_HOST_BUFFER requests per
 * client instance (the client the record names, else the instance running
 * the op), pin balance.  The records read are then consumed, so the
 * simulator's event ring is written in the same few cache lines op after op.
 */
void run_account_events(struct run_ctx *x)
{
	size_t n = sim_event_count(x->sim);
	size_t i = n;

	if (!x->evc)
		return;
	/* the log keeps the newest records: find the first one not yet seen */
	while (i > 0 && sim_event_at(x->sim, i - 1)->seq >= x->ev_seq_next)
		i--;
	for (; i < n; i++) {
		const struct sim_event *e = sim_event_at(x->sim, i);
		u32 k = e->kind < EV_KINDS ? e->kind : EV_KINDS;
		struct run_inst *in;

		if (e->type < SIM_EV_TYPE_MAX)
			x->evc->n[e->type][k]++;
		in = event_owner(x, e);
		run_pics_event(x, e, in ? in->gid : U32_MAX);
		x->res->events_total++;
		x->ev_seq_next = e->seq + 1;
		run_verdict_event(x, e);
		switch (e->type) {
		case SIM_EV_MSG_TX:
			in = event_owner(x, e);
			if (in && e->kind == MSG_OP_MAP_HOST_BUFFER)
				in->map_msgs++;
			if (in && e->kind == MSG_OP_ADD_HOST_BUFFER)
				in->add_msgs++;
			break;
		case SIM_EV_MSG_RX:
			if (e->err)
				x->evc->rx_failed[k]++;
			break;
		case SIM_EV_CHUNK:
			if (e->kind == SIM_CHUNK_PIN)
				x->pins_net++;
			else if (e->kind == SIM_CHUNK_UNPIN)
				x->pins_net--;
			break;
		default:
			break;
		}
	}
	/* all seen (and none logged meanwhile): the log starts again at its front */
	if (sim_event_count(x->sim) == n)
		sim_event_consume(x->sim);
}

/* run_events_alloc - start counting (called once the device exists). */
int run_events_alloc(struct run_ctx *x)
{
	x->evc = calloc(1, sizeof(*x->evc));
	return x->evc ? 0 : -ENOMEM;
}

/*
 * run_events_finish - turn the counts into the result's sorted-by-name
 * event and message tables, and free them.
 */
int run_events_finish(struct run_ctx *x)
{
	struct run_result *res = x->res;
	u32 nev = 0, nmsg = 0;

	if (!x->evc)
		return 0;
	for (u32 t = 0; t < SIM_EV_TYPE_MAX; t++)
		for (u32 k = 0; k <= EV_KINDS; k++)
			nev += x->evc->n[t][k] != 0;
	for (u32 k = 0; k <= EV_KINDS; k++)
		nmsg += x->evc->n[SIM_EV_MSG_TX][k] || x->evc->n[SIM_EV_MSG_RX][k];
	res->events = calloc(nev ? nev : 1, sizeof(*res->events));
	res->msgs = calloc(nmsg ? nmsg : 1, sizeof(*res->msgs));
	if (!res->events || !res->msgs)
		goto out;
	for (u32 t = 0; t < SIM_EV_TYPE_MAX; t++) {
		for (u32 k = 0; k <= EV_KINDS; k++) {
			struct run_event_count *ec;

			if (!x->evc->n[t][k])
				continue;
			ec = &res->events[res->nr_events++];
			snprintf(ec->name, sizeof(ec->name), "%s.%s", sim_ev_type_name(t),
				 k == EV_KINDS ? "other" : sim_ev_kind_name(t, k));
			ec->count = x->evc->n[t][k];
		}
	}
	for (u32 k = 0; k <= EV_KINDS; k++) {
		struct run_msg_count *mc;

		if (!x->evc->n[SIM_EV_MSG_TX][k] && !x->evc->n[SIM_EV_MSG_RX][k])
			continue;
		mc = &res->msgs[res->nr_msgs++];
		snprintf(mc->opcode, sizeof(mc->opcode), "%s",
			 k == EV_KINDS ? "OTHER" : msg_opcode_name(k));
		mc->tx = x->evc->n[SIM_EV_MSG_TX][k];
		mc->rx = x->evc->n[SIM_EV_MSG_RX][k];
		mc->rx_failed = x->evc->rx_failed[k];
	}
out:
	free(x->evc);
	x->evc = NULL;
	return res->events && res->msgs ? 0 : -ENOMEM;
}
