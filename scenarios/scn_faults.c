// SPDX-License-Identifier: MIT
/*
 * scn_faults.c - the 'faults' list and the end-of-run 'expect' section
 * (invariants and metric expectations) of a scenario.
 */
#include "scenarios/scn_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- faults ---- */

static bool in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

static int parse_fault_site(struct pctx *p, const struct ynode *n, struct scn_fault *f)
{
	struct scn_sugg sg;
	const char *const *l;
	int ret = scn__want_text(p, n, "fault 'site'");

	if (ret)
		return ret;
	f->firmware = in_list(p->v->fw_fault_sites, n->str);
	if (f->firmware || in_list(p->v->host_fault_sites, n->str))
		return scn__get_str(p, n, "fault 'site'", &f->site);
	scn__sugg_init(&sg, n->str);
	for (l = p->v->host_fault_sites; l && *l; l++)
		scn__sugg_add(&sg, *l);
	for (l = p->v->fw_fault_sites; l && *l; l++)
		scn__sugg_add(&sg, *l);
	if (scn__sugg_best(&sg))
		return scn__fail(&p->e, n->line, n->column,
				 "unknown fault site '%.80s' (did you mean '%s'?)", n->str,
				 scn__sugg_best(&sg));
	return scn__fail(&p->e, n->line, n->column,
			 "unknown fault site '%.80s' (see 'Fault sites' in scenarios/README.md)",
			 n->str);
}

static int parse_fw_status(struct pctx *p, const struct ynode *n, struct scn_fault *f)
{
	const struct scn_status_def *d;
	struct scn_sugg sg;
	u64 v;
	int ret = scn__want_text(p, n, "fault 'status'");

	if (ret)
		return ret;
	f->status_loc = (struct scn_loc){ n->line, n->column };
	if (!strcmp(n->str, "timeout")) {
		f->timeout = true;
		f->status_name = "timeout";
		return 0;
	}
	for (d = p->v->fw_statuses; d && d->name; d++)
		if (!strcmp(d->name, n->str)) {
			f->status = d->value;
			f->status_name = d->name;
			return 0;
		}
	if (n->str[0] >= '0' && n->str[0] <= '9') {
		ret = scn__get_uint(p, n, "fault 'status'", 0, 0xffffffffu, &v);
		if (ret)
			return ret;
		f->status = (u32)v;
		for (d = p->v->fw_statuses; d && d->name; d++)
			if (d->value == f->status)
				f->status_name = d->name;
		return 0;
	}
	scn__sugg_init(&sg, n->str);
	scn__sugg_add(&sg, "timeout");
	for (d = p->v->fw_statuses; d && d->name; d++)
		scn__sugg_add(&sg, d->name);
	if (scn__sugg_best(&sg))
		return scn__fail(&p->e, n->line, n->column,
				 "unknown firmware status '%.80s' (did you mean '%s'?)", n->str,
				 scn__sugg_best(&sg));
	return scn__fail(&p->e, n->line, n->column,
			 "unknown firmware status '%.80s' (a name such as INVALID_PARAM, a "
			 "number, or 'timeout')", n->str);
}

static const char *const fault_keys[] = {
	"site", "nth", "every", "probability", "times", "status", "err", "client", NULL,
};

enum { F_SITE, F_NTH, F_EVERY, F_PROB, F_TIMES, F_STATUS, F_ERR, F_CLIENT };

static int parse_fault_trigger(struct pctx *p, const struct ynode *n, const struct ynode **v,
			       struct scn_fault *f)
{
	int given = !!v[F_NTH] + !!v[F_EVERY] + !!v[F_PROB];
	int ret;

	if (given != 1)
		return scn__fail(&p->e, n->line, n->column,
				 "a fault needs exactly one of 'nth', 'every' or 'probability' "
				 "(found %d)", given);
	if (v[F_NTH]) {
		f->trigger = SCN_TRIGGER_NTH;
		f->times = 1;
		ret = scn__get_uint(p, v[F_NTH], "fault 'nth'", 1, U64_MAX, &f->n);
		if (!ret && v[F_TIMES])
			return scn__fail(&p->e, v[F_TIMES]->line, v[F_TIMES]->column,
					 "'times' cannot be combined with 'nth' (nth fails one call)");
		return ret;
	}
	if (v[F_EVERY]) {
		f->trigger = SCN_TRIGGER_EVERY;
		ret = scn__get_uint(p, v[F_EVERY], "fault 'every'", 1, U64_MAX, &f->n);
	} else {
		f->trigger = SCN_TRIGGER_PROBABILITY;
		ret = scn__get_real(p, v[F_PROB], "fault 'probability'", 0.0, 1.0,
				    &f->probability);
	}
	if (!ret && v[F_TIMES])
		ret = scn__get_uint(p, v[F_TIMES], "fault 'times'", 0, U64_MAX, &f->times);
	return ret;
}

static int parse_fault(struct pctx *p, const struct ynode *n, struct scn_fault *f)
{
	const struct ynode *v[8];
	int ret;

	ret = scn__want(p, n, YN_MAP, "a fault");
	if (!ret)
		ret = scn__keys(p, n, "a fault", fault_keys, v);
	if (ret)
		return ret;
	f->loc = LOC(n);
	f->client_id = U32_NONE;
	if (!v[F_SITE])
		return scn__missing(p, n, "a fault", "site");
	ret = parse_fault_site(p, v[F_SITE], f);
	if (!ret)
		ret = parse_fault_trigger(p, n, v, f);
	if (ret)
		return ret;
	if (f->firmware) {
		if (v[F_ERR])
			return scn__fail(&p->e, v[F_ERR]->line, v[F_ERR]->column,
					 "'err' applies to host fault sites; firmware site '%s' "
					 "takes 'status'", f->site);
		f->status = 0x4000003;
		f->status_name = "INVALID_PARAM";
		if (v[F_STATUS])
			ret = parse_fw_status(p, v[F_STATUS], f);
	} else {
		if (v[F_STATUS])
			return scn__fail(&p->e, v[F_STATUS]->line, v[F_STATUS]->column,
					 "'status' applies to firmware fault sites; host site '%s' "
					 "takes 'err'", f->site);
		f->err = ENOMEM;
		if (v[F_ERR]) {
			ret = scn__get_errno(p, v[F_ERR], "fault 'err'", &f->err);
			if (!ret && f->err == 0)
				return scn__fail(&p->e, v[F_ERR]->line, v[F_ERR]->column,
						 "fault 'err' must be an errno name, not 'ok'");
		}
	}
	if (!ret && v[F_CLIENT])
		ret = scn__get_client_ref(p, v[F_CLIENT], "fault 'client'", &f->client, &f->client_id);
	return ret;
}

int scn__parse_faults(struct pctx *p, const struct ynode *n)
{
	struct scn *s = p->s;
	int ret = scn__seq_alloc(p, n, "'faults'", sizeof(*s->faults), (void **)&s->faults);

	if (ret)
		return ret;
	for (u32 i = 0; i < n->nr; i++) {
		ret = parse_fault(p, n->kids[i], &s->faults[i]);
		if (ret)
			return ret;
		s->nr_faults++;
	}
	return 0;
}

/* ---- end-of-run expectations ---- */

static u32 col_at(const struct ynode *n, size_t off)
{
	if (strchr(n->str, '\n'))
		return n->column;
	return n->column + (n->quoted ? 1 : 0) + (u32)off;
}

static const struct scn_metric_def *find_metric(const struct scn_vocab *v, const char *name)
{
	for (const struct scn_metric_def *m = v->metrics; m && m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

static int metric_value(struct pctx *p, const struct ynode *n, size_t off, const char *val,
			struct scn_metric_expect *m)
{
	char why[256];
	u32 c = col_at(n, off);

	if (!*val)
		return scn__fail(&p->e, n->line, c, "bad expectation '%.80s': missing value after "
				 "'%s'", n->str, scn_cmp_name(m->cmp));
	switch (m->kind) {
	case SCN_METRIC_COUNT:
		if (scn__parse_uint(val, &m->value))
			return scn__fail(&p->e, n->line, c,
					 "'%s' is a count: '%.80s' is not an integer", m->metric,
					 val);
		return 0;
	case SCN_METRIC_BYTES:
		if (scn_parse_size(val, &m->value, why, sizeof(why)))
			return scn__fail(&p->e, n->line, c, "'%s': %s", m->metric, why);
		return 0;
	default:
		if (scn__parse_real(val, &m->ratio))
			return scn__fail(&p->e, n->line, c,
					 "'%s' is a ratio: '%.80s' is not a number", m->metric, val);
		return 0;
	}
}

static int parse_metric_expr(struct pctx *p, const struct ynode *n, struct scn_metric_expect *m)
{
	const char *s = n->str, *q = s, *name0;
	const struct scn_metric_def *def;
	char name[SCN_MAX_NAME + 2], val[128];
	size_t nl, vl;

	while (*q == ' ')
		q++;
	name0 = q;
	while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
	       (*q >= '0' && *q <= '9'))
		q++;
	nl = (size_t)(q - name0);
	if (nl == 0 || nl > SCN_MAX_NAME)
		return scn__fail(&p->e, n->line, col_at(n, (size_t)(name0 - s)),
				 "bad expectation '%.80s' (expected 'METRIC OP VALUE', e.g. "
				 "'expansions == 3')", s);
	memcpy(name, name0, nl);
	name[nl] = '\0';
	def = find_metric(p->v, name);
	if (!def) {
		struct scn_sugg sg;

		scn__sugg_init(&sg, name);
		for (const struct scn_metric_def *d = p->v->metrics; d && d->name; d++)
			scn__sugg_add(&sg, d->name);
		return scn__fail(&p->e, n->line, col_at(n, (size_t)(name0 - s)),
				 "unknown metric '%s'%s%s%s", name,
				 scn__sugg_best(&sg) ? " (did you mean '" : "",
				 scn__sugg_best(&sg) ? scn__sugg_best(&sg) : "",
				 scn__sugg_best(&sg) ? "'?)" : "");
	}
	m->metric = def->name;
	m->kind = def->kind;
	while (*q == ' ')
		q++;
	/* Two-character operators first: "<=" must not read as "<". */
	m->cmp = SCN_CMP_COUNT;
	if (!strncmp(q, "==", 2))
		m->cmp = SCN_CMP_EQ;
	else if (!strncmp(q, "!=", 2))
		m->cmp = SCN_CMP_NE;
	else if (!strncmp(q, "<=", 2))
		m->cmp = SCN_CMP_LE;
	else if (!strncmp(q, ">=", 2))
		m->cmp = SCN_CMP_GE;
	else if (*q == '<')
		m->cmp = SCN_CMP_LT;
	else if (*q == '>')
		m->cmp = SCN_CMP_GT;
	if (m->cmp == SCN_CMP_COUNT)
		return scn__fail(&p->e, n->line, col_at(n, (size_t)(q - s)),
				 "bad expectation '%.80s': expected an operator (==, !=, <, <=, "
				 ">, >=) after '%s'", s, name);
	q += strlen(scn_cmp_name(m->cmp));
	while (*q == ' ')
		q++;
	vl = strlen(q);
	while (vl && q[vl - 1] == ' ')
		vl--;
	if (vl >= sizeof(val))
		return scn__fail(&p->e, n->line, col_at(n, (size_t)(q - s)),
				 "bad expectation: value too long");
	memcpy(val, q, vl);
	val[vl] = '\0';
	return metric_value(p, n, (size_t)(q - s), val, m);
}

/* Index every client's phases once, so each lookup is O(1) (no n^2 input). */
static int build_phase_index(struct pctx *p)
{
	char key[24 + SCN_MAX_NAME];

	for (u32 c = 0; c < p->s->nr_clients; c++) {
		const struct scn_client *cl = &p->s->clients[c];

		for (u32 i = 0; i < cl->nr_phases; i++) {
			char *k;

			snprintf(key, sizeof(key), "%u:%s", c, cl->phases[i].name);
			k = scn__arena_strndup(p->a, key, strlen(key));
			if (!k || scn__nametab_add(&p->phase_index, k, cl->phases[i].decl) == U32_NONE)
				return scn__nomem(&p->e);
			p->phase_index.ents[p->phase_index.nr - 1].value = i;
		}
	}
	p->phase_index_built = true;
	return 0;
}

static int find_phase(struct pctx *p, const struct ynode *n, u32 client, u32 *id)
{
	const struct scn_client *c = &p->s->clients[client];
	char key[24 + SCN_MAX_NAME];
	u32 e;
	int ret;

	if (!p->phase_index_built) {
		ret = build_phase_index(p);
		if (ret)
			return ret;
	}
	if (strlen(n->str) <= SCN_MAX_NAME) {
		snprintf(key, sizeof(key), "%u:%s", client, n->str);
		e = scn__nametab_find(&p->phase_index, key);
		if (e != U32_NONE) {
			*id = p->phase_index.ents[e].value;
			return 0;
		}
	}
	return scn__fail(&p->e, n->line, n->column, "client '%s' has no phase '%.80s'", c->name,
			 n->str);
}

static int parse_metric(struct pctx *p, const struct ynode *n, struct scn_metric_expect *m)
{
	static const char *const keys[] = { "check", "client", "phase", NULL };
	const struct ynode *v[3], *expr = n;
	int ret;

	m->loc = LOC(n);
	m->client_id = U32_NONE;
	m->phase_id = U32_NONE;
	if (n->type == YN_MAP) {
		ret = scn__keys(p, n, "a metric expectation", keys, v);
		if (ret)
			return ret;
		if (!v[0])
			return scn__missing(p, n, "a metric expectation", "check");
		expr = v[0];
		if (v[1]) {
			ret = scn__get_client_ref(p, v[1], "metric 'client'", &m->client, &m->client_id);
			if (ret)
				return ret;
		}
		if (v[2]) {
			if (!v[1])
				return scn__fail(&p->e, v[2]->line, v[2]->column,
						 "'phase' needs 'client' (phases belong to a client)");
			ret = scn__want_text(p, v[2], "metric 'phase'");
			if (!ret)
				ret = find_phase(p, v[2], m->client_id,
						 &m->phase_id);
			if (ret)
				return ret;
			m->phase = p->s->clients[m->client_id].phases[m->phase_id].name;
		}
	}
	ret = scn__want_text(p, expr, "a metric expectation");
	if (!ret)
		ret = scn__get_str(p, expr, "a metric expectation", &m->text);
	if (!ret)
		ret = parse_metric_expr(p, expr, m);
	return ret;
}

int scn__parse_expect(struct pctx *p, const struct ynode *n)
{
	static const char *const keys[] = { "invariants", "metrics", NULL };
	struct scn *s = p->s;
	const struct ynode *v[2];
	int ret;

	ret = scn__want(p, n, YN_MAP, "'expect'");
	if (!ret)
		ret = scn__keys(p, n, "'expect'", keys, v);
	if (ret)
		return ret;
	if (v[0]) {
		ret = scn__seq_alloc(p, v[0], "'invariants'", sizeof(*s->invariants),
				     (void **)&s->invariants);
		if (ret)
			return ret;
		for (u32 i = 0; i < v[0]->nr; i++) {
			const struct ynode *k = v[0]->kids[i];
			u32 idx;

			ret = scn__get_enum(p, k, "invariant", p->v->invariants, &idx);
			if (ret)
				return ret;
			s->invariants[i].name = p->v->invariants[idx];
			s->invariants[i].loc = LOC(k);
			s->nr_invariants++;
		}
	}
	if (v[1]) {
		ret = scn__seq_alloc(p, v[1], "'metrics'", sizeof(*s->metrics),
				     (void **)&s->metrics);
		if (ret)
			return ret;
		for (u32 i = 0; i < v[1]->nr; i++) {
			ret = parse_metric(p, v[1]->kids[i], &s->metrics[i]);
			if (ret)
				return ret;
			s->nr_metrics++;
		}
	}
	return 0;
}
