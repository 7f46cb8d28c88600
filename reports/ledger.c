// SPDX-License-Identifier: MIT
/*
 * ledger.c - the coverage-ledger universe (from proto's, the sim's and
 * alloc's own tables), its unreachable declarations, and hit counting
 * from a finished simulator run.
 */
#include "reports/ledger.h"
#include "reports/rpt_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap.h"
#include "proto/msg.h"
#include "sim/esite.h"
#include "sim/event.h"
#include "sim/fault.h"
#include "sim/sim.h"

static const char *const kclass_names[RPT_KC_NR] = {
	[RPT_KC_TX] = "tx",
	[RPT_KC_RX] = "rx",
	[RPT_KC_STATUS] = "status",
	[RPT_KC_ERR] = "err",
	[RPT_KC_ROLLBACK] = "rollback",
	[RPT_KC_FAULT] = "fault",
	[RPT_KC_CELL] = "cell",
	[RPT_KC_CONFIG] = "config",
	[RPT_KC_BUG] = "bug",
};

static const char *const design_names[] = { [SIM_DESIGN_HEAD] = "head",
					    [SIM_DESIGN_PR1233] = "pr1233" };
static const char *const mode_names[] = { [SIM_MODE_PASID] = "pasid", [SIM_MODE_IOVA] = "iova",
					  [SIM_MODE_CARVEOUT] = "carveout" };

#define CELL_CHUNKS_MIN 1
#define CELL_CHUNKS_MAX 8
#define WHY_OOT "OOT-only (proto.md §3.1): the model is the upstream driver"
#define WHY_CMDLIST "force_cmdlist=1 and NPU_COMMAND firmware: every exec is CHAIN_EXEC_NPU (proto.md §4.2)"
#define WHY_DEBUGFS "sent only from debug/query ioctls the driver model does not have (docs/sim.md)"
#define WHY_ATTACH "an attachment is a prefix of the committed chunks (heap.md §11 inv. 5)"

/*
 * Keys no scenario can hit, with the reason.  Every name must exist in the
 * universe (L3), so a table change that removes a key breaks the build's
 * tests instead of silently dropping the declaration.
 */
static const struct {
	const char *key;
	const char *why;
} unreachable[] = {
	{ "tx:EXECUTE_BUFFER_CF", WHY_CMDLIST },
	{ "rx:EXECUTE_BUFFER_CF", WHY_CMDLIST },
	{ "tx:EXEC_DPU", WHY_CMDLIST },
	{ "rx:EXEC_DPU", WHY_CMDLIST },
	{ "tx:CHAIN_EXEC_BUFFER_CF", WHY_CMDLIST },
	{ "rx:CHAIN_EXEC_BUFFER_CF", WHY_CMDLIST },
	{ "tx:CHAIN_EXEC_DPU", WHY_CMDLIST },
	{ "rx:CHAIN_EXEC_DPU", WHY_CMDLIST },
	{ "tx:GET_TELEMETRY", WHY_DEBUGFS },
	{ "rx:GET_TELEMETRY", WHY_DEBUGFS },
	{ "tx:QUERY_COL_STATUS", WHY_DEBUGFS },
	{ "rx:QUERY_COL_STATUS", WHY_DEBUGFS },
	{ "tx:GET_RUNTIME_CONFIG", "not used at runtime (proto.md §3.1)" },
	{ "rx:GET_RUNTIME_CONFIG", "not used at runtime (proto.md §3.1)" },
	{ "tx:START_FW_TRACE", WHY_DEBUGFS },
	{ "rx:START_FW_TRACE", WHY_DEBUGFS },
	{ "tx:STOP_FW_TRACE", WHY_DEBUGFS },
	{ "rx:STOP_FW_TRACE", WHY_DEBUGFS },
	{ "tx:SET_FW_TRACE_CATEGORIES", WHY_DEBUGFS },
	{ "rx:SET_FW_TRACE_CATEGORIES", WHY_DEBUGFS },
	{ "tx:CONFIG_FW_LOG", WHY_DEBUGFS },
	{ "rx:CONFIG_FW_LOG", WHY_DEBUGFS },
	{ "tx:GET_DEV_REVISION", WHY_DEBUGFS },
	{ "rx:GET_DEV_REVISION", WHY_DEBUGFS },
	{ "tx:GET_COREDUMP", WHY_DEBUGFS },
	{ "rx:GET_COREDUMP", WHY_DEBUGFS },
	{ "tx:AIE_RW_ACCESS", WHY_DEBUGFS },
	{ "rx:AIE_RW_ACCESS", WHY_DEBUGFS },
	{ "status:MAX_AIE2_STATUS_CODE", "enum bound, not a status the firmware answers" },
	{ "status:MAX_AIE2_STATUS_CODE_OOT", "enum bound, not a status the firmware answers" },
	{ "config:head/carveout/aie4", "sim_create: the simulator models AIE2 firmware only" },
	{ "config:head/iova/aie4", "sim_create: the simulator models AIE2 firmware only" },
	{ "config:head/pasid/aie4", "sim_create: the simulator models AIE2 firmware only" },
	{ "config:pr1233/carveout/aie4", "sim_create: the simulator models AIE2 firmware only" },
	{ "config:pr1233/iova/aie4", "sim_create: the simulator models AIE2 firmware only" },
	{ "config:pr1233/pasid/aie4", "sim_create: the simulator models AIE2 firmware only" },
};

const char *rpt_kclass_name(unsigned int cls)
{
	return cls < RPT_KC_NR ? kclass_names[cls] : "?";
}

static int key_add(struct rpt_ledger *l, unsigned int cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int key_add(struct rpt_ledger *l, unsigned int cls, const char *fmt, ...)
{
	struct rpt_key *k;
	va_list ap;
	int n;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct rpt_key *keys = realloc(l->keys, cap * sizeof(*keys));

		if (!keys)
			return -ENOMEM;
		l->keys = keys;
		l->cap = cap;
	}
	k = &l->keys[l->n];
	n = snprintf(k->name, sizeof(k->name), "%s:", kclass_names[cls]);
	va_start(ap, fmt);
	vsnprintf(k->name + n, sizeof(k->name) - (size_t)n, fmt, ap);
	va_end(ap);
	k->cls = (u8)cls;
	k->unreachable = NULL;
	l->n++;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rpt_key *)a)->name, ((const struct rpt_key *)b)->name);
}

/* What the source tables say each class must contain (L4). */
static size_t class_expected(unsigned int cls)
{
	switch (cls) {
	case RPT_KC_TX:
	case RPT_KC_RX:
		return msg_ndescs;
	case RPT_KC_STATUS:
		return fw_nstatuses;
	case RPT_KC_ERR:
	case RPT_KC_ROLLBACK: {
		size_t n = 0;

		for (unsigned int i = 0; i < SIM_ES_NR; i++)
			n += sim_esites[i].kind == (cls == RPT_KC_ERR ? SIM_ESK_ERR : SIM_ESK_ROLLBACK);
		return n;
	}
	case RPT_KC_FAULT:
		return SIM_FAULT_NR;
	case RPT_KC_CELL:
		return (CELL_CHUNKS_MAX - CELL_CHUNKS_MIN + 1) * SIM_CELL_ATTACH;
	case RPT_KC_CONFIG:
		return ARRAY_SIZE(design_names) * ARRAY_SIZE(mode_names) * heap_nr_profiles;
	default:
		return 0;
	}
}

static int build_keys(struct rpt_ledger *l)
{
	const struct msg_desc *d;
	int ret = 0;

	msg_for_each_desc(d) {
		ret |= key_add(l, RPT_KC_TX, "%s", d->name);
		ret |= key_add(l, RPT_KC_RX, "%s", d->name);
	}
	for (size_t i = 0; i < fw_nstatuses; i++)
		ret |= key_add(l, RPT_KC_STATUS, "%s", fw_statuses[i].name);
	for (unsigned int i = 0; i < SIM_ES_NR; i++)
		ret |= key_add(l, sim_esites[i].kind == SIM_ESK_ERR ? RPT_KC_ERR : RPT_KC_ROLLBACK,
			       "%s", sim_esites[i].key);
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		ret |= key_add(l, RPT_KC_FAULT, "%s", sim_fault_sites[i].name);
	for (unsigned int c = CELL_CHUNKS_MIN; c <= CELL_CHUNKS_MAX; c++) {
		ret |= key_add(l, RPT_KC_CELL, "chunks=%u,attach=none", c);
		for (unsigned int a = 0; a + 1 < SIM_CELL_ATTACH; a++)
			ret |= key_add(l, RPT_KC_CELL, "chunks=%u,attach=%u", c, a);
	}
	for (size_t g = 0; g < ARRAY_SIZE(design_names); g++)
		for (size_t m = 0; m < ARRAY_SIZE(mode_names); m++)
			for (size_t p = 0; p < heap_nr_profiles; p++)
				ret |= key_add(l, RPT_KC_CONFIG, "%s/%s/%s", design_names[g],
					       mode_names[m], heap_profiles[p].name);
	/* key_add() fails only with -ENOMEM; the universe is then incomplete. */
	return ret ? -ENOMEM : 0;
}

static void mark_unreachable(struct rpt_ledger *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(unreachable); i++) {
		long k = rpt_ledger_find(l, unreachable[i].key);

		if (k >= 0)
			l->keys[k].unreachable = unreachable[i].why;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct rpt_key *k = &l->keys[i];
		unsigned int c, a;

		if (k->cls == RPT_KC_CELL &&
		    sscanf(k->name, "cell:chunks=%u,attach=%u", &c, &a) == 2 && a > c)
			k->unreachable = WHY_ATTACH;
	}
	for (const struct msg_desc *d = msg_descs; d < msg_descs + msg_ndescs; d++) {
		char name[RPT_KEY_MAX];
		long k;

		if (d->origin != MSG_ORIGIN_OOT)
			continue;
		snprintf(name, sizeof(name), "tx:%s", d->name);
		if ((k = rpt_ledger_find(l, name)) >= 0)
			l->keys[k].unreachable = WHY_OOT;
		snprintf(name, sizeof(name), "rx:%s", d->name);
		if ((k = rpt_ledger_find(l, name)) >= 0)
			l->keys[k].unreachable = WHY_OOT;
	}
	for (size_t i = 0; i < fw_nstatuses; i++) {
		char name[RPT_KEY_MAX];
		long k;

		if (fw_statuses[i].origin != MSG_ORIGIN_OOT)
			continue;
		snprintf(name, sizeof(name), "status:%s", fw_statuses[i].name);
		k = rpt_ledger_find(l, name);
		if (k >= 0 && !l->keys[k].unreachable)
			l->keys[k].unreachable = WHY_OOT;
	}
}

int rpt_ledger_init(struct rpt_ledger *l)
{
	int ret;

	memset(l, 0, sizeof(*l));
	ret = build_keys(l);
	if (ret)
		goto err_free;
	qsort(l->keys, l->n, sizeof(*l->keys), key_cmp);
	mark_unreachable(l);
	ret = rpt_ledger_check(l, NULL, 0);
	if (ret)
		goto err_free;
	return 0;
err_free:
	rpt_ledger_fini(l);
	return ret;
}

void rpt_ledger_fini(struct rpt_ledger *l)
{
	free(l->keys);
	memset(l, 0, sizeof(*l));
}

long rpt_ledger_find(const struct rpt_ledger *l, const char *name)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->keys[mid].name, name);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

int rpt_ledger_check(const struct rpt_ledger *l, char *why, size_t len)
{
	size_t count[RPT_KC_NR] = { 0 };

	for (size_t i = 0; i < l->n; i++) {
		const struct rpt_key *k = &l->keys[i];
		size_t plen;

		if (i && strcmp(l->keys[i - 1].name, k->name) >= 0)
			return rpt__why(why, len, "L1 %s: not after %s", k->name, l->keys[i - 1].name);
		if (k->cls >= RPT_KC_NR)
			return rpt__why(why, len, "L2 %s: class %u", k->name, k->cls);
		plen = strlen(kclass_names[k->cls]);
		if (strncmp(k->name, kclass_names[k->cls], plen) || k->name[plen] != ':' ||
		    !k->name[plen + 1])
			return rpt__why(why, len, "L2 %s: not \"%s:<name>\"", k->name,
				    kclass_names[k->cls]);
		count[k->cls]++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(unreachable); i++)
		if (rpt_ledger_find(l, unreachable[i].key) < 0)
			return rpt__why(why, len, "L3 %s: declared unreachable, not in the universe",
				    unreachable[i].key);
	for (unsigned int c = 0; c < RPT_KC_NR; c++)
		if (count[c] != class_expected(c))
			return rpt__why(why, len, "L4 %s: %zu keys, the source table has %zu",
				    kclass_names[c], count[c], class_expected(c));
	return 0;
}

static void hit(const struct rpt_ledger *l, u64 *hits, u64 n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Count @n hits of the key formatted from @fmt; keys outside the universe are ignored. */
static void hit(const struct rpt_ledger *l, u64 *hits, u64 n, const char *fmt, ...)
{
	char name[RPT_KEY_MAX];
	va_list ap;
	long k;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	k = rpt_ledger_find(l, name);
	if (k >= 0)
		hits[k] += n;
}

int rpt_ledger_count_sim(const struct rpt_ledger *l, const struct sim *sim,
			 const struct sim_config *cfg, u64 *hits)
{
	const struct sim_cov *cov = sim_coverage(sim);
	const char *dev = cfg->device ? cfg->device : "npu4";
	char cfgkey[RPT_KEY_MAX];
	long ck;

	if ((unsigned int)cfg->design >= ARRAY_SIZE(design_names) ||
	    (unsigned int)cfg->mode >= ARRAY_SIZE(mode_names))
		return -EINVAL;
	snprintf(cfgkey, sizeof(cfgkey), "config:%s/%s/%s", design_names[cfg->design],
		 mode_names[cfg->mode], dev);
	ck = rpt_ledger_find(l, cfgkey);
	if (ck < 0)
		return -EINVAL;
	hits[ck]++;
	for (size_t i = 0; i < sim_event_count(sim); i++) {
		const struct sim_event *e = sim_event_at(sim, i);

		switch (e->type) {
		case SIM_EV_MSG_TX:
			hit(l, hits, 1, "tx:%s", msg_opcode_name(e->kind));
			break;
		case SIM_EV_MSG_RX:
			hit(l, hits, 1, "rx:%s", msg_opcode_name(e->kind));
			hit(l, hits, 1, "status:%s", fw_status_name((u32)e->err));
			break;
		case SIM_EV_FAULT:
			hit(l, hits, 1, "fault:%s", sim_fault_site_name(e->kind));
			break;
		default:
			break;
		}
	}
	for (unsigned int i = 0; i < SIM_ES_NR; i++)
		if (cov->esite[i])
			hit(l, hits, cov->esite[i], "%s:%s",
			    sim_esites[i].kind == SIM_ESK_ERR ? "err" : "rollback",
			    sim_esites[i].key);
	for (unsigned int c = CELL_CHUNKS_MIN; c <= CELL_CHUNKS_MAX; c++) {
		if (cov->cell[c][0])
			hit(l, hits, cov->cell[c][0], "cell:chunks=%u,attach=none", c);
		for (unsigned int a = 0; a + 1 < SIM_CELL_ATTACH; a++)
			if (cov->cell[c][a + 1])
				hit(l, hits, cov->cell[c][a + 1], "cell:chunks=%u,attach=%u", c, a);
	}
	return 0;
}
