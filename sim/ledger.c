// SPDX-License-Identifier: MIT
/*
 * ledger.c - the coverage-ledger universe (from proto's, the sim's and
 * alloc's own tables), its unreachable declarations, and hit counting
 * from a finished simulator run.
 */
#include "sim/ledger.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/heap.h"
#include "common/errname.h"
#include "proto/msg.h"
#include "sim/esite.h"
#include "sim/fault.h"
#include "sim/sim.h"

static const char *const kclass_names[SIM_LK_NR] = {
	[SIM_LK_TX] = "tx",
	[SIM_LK_RX] = "rx",
	[SIM_LK_STATUS] = "status",
	[SIM_LK_ERR] = "err",
	[SIM_LK_ROLLBACK] = "rollback",
	[SIM_LK_FAULT] = "fault",
	[SIM_LK_CELL] = "cell",
	[SIM_LK_CONFIG] = "config",
	[SIM_LK_BUG] = "bug",
};

static const char *const mode_names[] = { [ADDR_PASID] = "pasid", [ADDR_IOVA] = "iova",
					  [ADDR_CARVEOUT] = "carveout" };

#define CELL_CHUNKS_MIN 1
#define CELL_CHUNKS_MAX 8
#define WHY_OOT "OOT-only (docs/driver/proto.md §3.1): the model is the upstream driver"
#define WHY_CMDLIST "force_cmdlist=1 and NPU_COMMAND firmware: every exec is CHAIN_EXEC_NPU (docs/driver/proto.md §4.2)"
#define WHY_DEBUGFS "sent only from debug/query ioctls the driver model does not have (docs/sim.md)"
#define WHY_ATTACH "an attachment is a prefix of the committed chunks (docs/driver/heap.md §11 inv. 5)"
#define WHY_DEBUG_BO "debug BOs (SYNC_BO / CONFIG_DEBUG_BO) are not modelled (docs/sim.md \"Choices and limits\")"
#define WHY_EXPORT "no scenario operation exports a BO: PRIME_HANDLE_TO_FD is in the C API only (tests/sim)"
#define WHY_AIE4 "sim_create: the simulator models AIE2 firmware only"


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
	{ "tx:GET_RUNTIME_CONFIG", "not used at runtime (docs/driver/proto.md §3.1)" },
	{ "rx:GET_RUNTIME_CONFIG", "not used at runtime (docs/driver/proto.md §3.1)" },
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
	{ "tx:SYNC_BO", WHY_DEBUG_BO },
	{ "rx:SYNC_BO", WHY_DEBUG_BO },
	{ "tx:CONFIG_DEBUG_BO", WHY_DEBUG_BO },
	{ "rx:CONFIG_DEBUG_BO", WHY_DEBUG_BO },
	{ "err:prime_export:-EOPNOTSUPP dev bo", WHY_EXPORT },
	{ "bug:k9-dev-bo-export", WHY_EXPORT },
	{ "err:sync_bo:-ENOENT handle",
	  "a scenario's sync names live BOs and open chunk handles only (scenarios/README.md)" },
	{ "status:MAX_AIE2_STATUS_CODE", "enum bound, not a status the firmware answers" },
	{ "status:MAX_AIE2_STATUS_CODE_OOT", "enum bound, not a status the firmware answers" },
};

const char *sim_lkey_class_name(unsigned int cls)
{
	return cls < SIM_LK_NR ? kclass_names[cls] : "?";
}

static int key_add(struct sim_ledger *l, unsigned int cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int key_add(struct sim_ledger *l, unsigned int cls, const char *fmt, ...)
{
	struct sim_lkey *k;
	va_list ap;
	int n;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct sim_lkey *keys = realloc(l->keys, cap * sizeof(*keys));

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
	return strcmp(((const struct sim_lkey *)a)->name, ((const struct sim_lkey *)b)->name);
}

/* What the source tables say each class must contain (L4). */
static size_t class_expected(unsigned int cls)
{
	switch (cls) {
	case SIM_LK_TX:
	case SIM_LK_RX:
		return msg_ndescs;
	case SIM_LK_STATUS:
		return fw_nstatuses;
	case SIM_LK_ERR:
	case SIM_LK_ROLLBACK: {
		size_t n = 0;

		for (unsigned int i = 0; i < SIM_ES_NR; i++)
			n += sim_esites[i].kind == (cls == SIM_LK_ERR ? SIM_ESK_ERR : SIM_ESK_ROLLBACK);
		return n;
	}
	case SIM_LK_FAULT:
		return SIM_FAULT_NR;
	case SIM_LK_CELL:
		return (CELL_CHUNKS_MAX - CELL_CHUNKS_MIN + 1) * SIM_CELL_ATTACH;
	case SIM_LK_CONFIG:
		return REV_NR * ARRAY_SIZE(mode_names) * heap_nr_profiles;
	case SIM_LK_BUG:
		return SIM_BUG_NR;
	default:
		return 0;
	}
}

static int build_keys(struct sim_ledger *l)
{
	const struct msg_desc *d;
	int ret = 0;

	msg_for_each_desc(d) {
		ret |= key_add(l, SIM_LK_TX, "%s", d->name);
		ret |= key_add(l, SIM_LK_RX, "%s", d->name);
	}
	for (size_t i = 0; i < fw_nstatuses; i++)
		ret |= key_add(l, SIM_LK_STATUS, "%s", fw_statuses[i].name);
	for (unsigned int i = 0; i < SIM_ES_NR; i++)
		ret |= key_add(l, sim_esites[i].kind == SIM_ESK_ERR ? SIM_LK_ERR : SIM_LK_ROLLBACK,
			       "%s", sim_esites[i].key);
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		ret |= key_add(l, SIM_LK_FAULT, "%s", sim_fault_sites[i].name);
	for (unsigned int c = CELL_CHUNKS_MIN; c <= CELL_CHUNKS_MAX; c++) {
		ret |= key_add(l, SIM_LK_CELL, "chunks=%u,attach=none", c);
		for (unsigned int a = 0; a + 1 < SIM_CELL_ATTACH; a++)
			ret |= key_add(l, SIM_LK_CELL, "chunks=%u,attach=%u", c, a);
	}
	for (size_t g = 0; g < REV_NR; g++)
		for (size_t m = 0; m < ARRAY_SIZE(mode_names); m++)
			for (size_t p = 0; p < heap_nr_profiles; p++)
				ret |= key_add(l, SIM_LK_CONFIG, "%s/%s/%s", drv_rev_name(drv_rev_by_age(g)),
					       mode_names[m], heap_profiles[p].name);
	for (unsigned int b = 0; b < SIM_BUG_NR; b++)
		ret |= key_add(l, SIM_LK_BUG, "%s", sim_bug_name(b));
	/* key_add() fails only with -ENOMEM; the universe is then incomplete. */
	return ret ? -ENOMEM : 0;
}

static void mark_unreachable(struct sim_ledger *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(unreachable); i++) {
		long k = sim_ledger_find(l, unreachable[i].key);

		if (k >= 0)
			l->keys[k].unreachable = unreachable[i].why;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct sim_lkey *k = &l->keys[i];
		unsigned int c, a;
		size_t nl = strlen(k->name);

		if (k->cls == SIM_LK_CELL &&
		    sscanf(k->name, "cell:chunks=%u,attach=%u", &c, &a) == 2 && a > c)
			k->unreachable = WHY_ATTACH;
		if (k->cls == SIM_LK_CONFIG && nl > 5 && !strcmp(k->name + nl - 5, "/aie4"))
			k->unreachable = WHY_AIE4;
	}
	for (const struct msg_desc *d = msg_descs; d < msg_descs + msg_ndescs; d++) {
		char name[SIM_LKEY_MAX];
		long k;

		if (d->origin != MSG_ORIGIN_OOT)
			continue;
		snprintf(name, sizeof(name), "tx:%s", d->name);
		if ((k = sim_ledger_find(l, name)) >= 0)
			l->keys[k].unreachable = WHY_OOT;
		snprintf(name, sizeof(name), "rx:%s", d->name);
		if ((k = sim_ledger_find(l, name)) >= 0)
			l->keys[k].unreachable = WHY_OOT;
	}
	for (size_t i = 0; i < fw_nstatuses; i++) {
		char name[SIM_LKEY_MAX];
		long k;

		if (fw_statuses[i].origin != MSG_ORIGIN_OOT)
			continue;
		snprintf(name, sizeof(name), "status:%s", fw_statuses[i].name);
		k = sim_ledger_find(l, name);
		if (k >= 0 && !l->keys[k].unreachable)
			l->keys[k].unreachable = WHY_OOT;
	}
}

int sim_ledger_init(struct sim_ledger *l)
{
	int ret;

	memset(l, 0, sizeof(*l));
	ret = build_keys(l);
	if (ret)
		goto err_free;
	qsort(l->keys, l->n, sizeof(*l->keys), key_cmp);
	mark_unreachable(l);
	ret = sim_ledger_check(l, NULL, 0);
	if (ret)
		goto err_free;
	return 0;
err_free:
	sim_ledger_fini(l);
	return ret;
}

void sim_ledger_fini(struct sim_ledger *l)
{
	free(l->keys);
	memset(l, 0, sizeof(*l));
}

long sim_ledger_find(const struct sim_ledger *l, const char *name)
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

int sim_ledger_check(const struct sim_ledger *l, char *why, size_t len)
{
	size_t count[SIM_LK_NR] = { 0 };

	for (size_t i = 0; i < l->n; i++) {
		const struct sim_lkey *k = &l->keys[i];
		size_t plen;

		if (i && strcmp(l->keys[i - 1].name, k->name) >= 0)
			return xwhy(why, len, "ledger.L1 %s: not after %s", k->name, l->keys[i - 1].name);
		if (k->cls >= SIM_LK_NR)
			return xwhy(why, len, "ledger.L2 %s: class %u", k->name, k->cls);
		plen = strlen(kclass_names[k->cls]);
		if (strncmp(k->name, kclass_names[k->cls], plen) || k->name[plen] != ':' ||
		    !k->name[plen + 1])
			return xwhy(why, len, "ledger.L2 %s: not \"%s:<name>\"", k->name,
				    kclass_names[k->cls]);
		count[k->cls]++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(unreachable); i++)
		if (sim_ledger_find(l, unreachable[i].key) < 0)
			return xwhy(why, len, "ledger.L3 %s: declared unreachable, not in the universe",
				    unreachable[i].key);
	for (unsigned int c = 0; c < SIM_LK_NR; c++)
		if (count[c] != class_expected(c))
			return xwhy(why, len, "ledger.L4 %s: %zu keys, the source table has %zu",
				    kclass_names[c], count[c], class_expected(c));
	return 0;
}

static void hit(const struct sim_ledger *l, u64 *hits, u64 n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Count @n hits of the key formatted from @fmt; keys outside the universe are ignored. */
static void hit(const struct sim_ledger *l, u64 *hits, u64 n, const char *fmt, ...)
{
	char name[SIM_LKEY_MAX];
	va_list ap;
	long k;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	k = sim_ledger_find(l, name);
	if (k >= 0)
		hits[k] += n;
}

int sim_ledger_count_sim(const struct sim_ledger *l, const struct sim *sim,
			 const struct sim_config *cfg, u64 *hits)
{
	const struct sim_cov *cov = sim_coverage(sim);
	const char *dev = cfg->device ? cfg->device : "npu4";
	char cfgkey[SIM_LKEY_MAX];
	long ck;

	if ((unsigned int)cfg->rev >= REV_NR ||
	    (unsigned int)cfg->mode >= ARRAY_SIZE(mode_names))
		return -EINVAL;
	snprintf(cfgkey, sizeof(cfgkey), "config:%s/%s/%s", drv_rev_name(cfg->rev),
		 mode_names[cfg->mode], dev);
	ck = sim_ledger_find(l, cfgkey);
	if (ck < 0)
		return -EINVAL;
	hits[ck]++;
	/* A switch counts as exercised by every run that re-creates its old behaviour. */
	for (unsigned int b = 0; b < SIM_BUG_NR; b++)
		if (cfg->bugs & SIM_BUG(b))
			hit(l, hits, 1, "bug:%s", sim_bug_name(b));
	for (size_t i = 0; i < msg_ndescs; i++) {
		if (cov->tx[i])
			hit(l, hits, cov->tx[i], "tx:%s", msg_descs[i].name);
		if (cov->rx[i])
			hit(l, hits, cov->rx[i], "rx:%s", msg_descs[i].name);
	}
	for (size_t i = 0; i < fw_nstatuses; i++)
		if (cov->status[i])
			hit(l, hits, cov->status[i], "status:%s", fw_statuses[i].name);
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++)
		if (cov->fault[i])
			hit(l, hits, cov->fault[i], "fault:%s", sim_fault_site_name(i));
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
