// SPDX-License-Identifier: MIT
/*
 * run_bos.c - the DEV BOs an instance allocated, indexed so that no step
 * costs more than the BOs it touches (plus a logarithm):
 *
 *   - in->bos: every BO in allocation order, live or not; compacted when
 *     at least half of it is dead (the order of the live ones is kept);
 *   - one ordered set per label and one for all labelled BOs: the BOs'
 *     positions in allocation order with a bitmap of live flags and a
 *     Fenwick tree of live counts per bitmap block, so "the j-th live BO of
 *     the set" is O(log n) (reading a few cache lines, none per BO), and
 *     walking a label's BOs visits only that label's.
 *
 * The semantics are those of scenarios/README.md and docs/run.md: a label
 * frees, syncs and executes its BOs in allocation order; `fraction` picks
 * ⌊f × n⌋ of the n candidates with a partial Fisher-Yates shuffle over the
 * candidates in allocation order, then frees them in allocation order.
 * The indexed shuffle below draws the same random numbers and picks the
 * same BOs as a shuffle over the materialised candidate array would.
 */
#include "scenarios/run_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static u32 lowbit(u32 i)
{
	return i & (0u - i);
}

/*
 * The live flags are a bitmap (a few KiB for tens of thousands of BOs, so it
 * stays in cache); a Fenwick tree counts the live slots of each block of
 * OSET_BLOCK slots (one cache line of the bitmap).  "The k-th live slot" is
 * a descent of that small tree and a popcount walk of one line: no step of
 * it touches a per-BO record.
 */
#define OSET_BLOCK 512u
#define OSET_WORDS (OSET_BLOCK / 64)

static u32 oset_blocks(const struct run_oset *s)
{
	return (s->n + OSET_BLOCK - 1) / OSET_BLOCK;
}

static u32 fen_prefix(const struct run_oset *s, u32 b)
{
	u32 sum = 0;

	for (; b; b -= lowbit(b))
		sum += s->fen[b];
	return sum;
}

static void fen_add(struct run_oset *s, u32 b, int d)
{
	for (u32 nb = oset_blocks(s); b <= nb; b += lowbit(b))
		s->fen[b] += (u32)d;
}

/* Append BO @bo, bos index @bi (live); its slot in the set is returned in *@slot. */
static int oset_push(struct run_oset *s, u32 bi, const struct run_bo *bo, u32 *slot)
{
	u32 i = s->n, *p;

	if (s->n == s->cap) {
		u32 cap = s->cap ? 2 * s->cap : OSET_BLOCK;
		struct run_oslot *o = realloc(s->pos, cap * sizeof(*o));
		u64 *w;

		if (!o)
			return -ENOMEM;
		s->pos = o;
		w = realloc(s->bits, cap / 64 * sizeof(*w));
		if (!w)
			return -ENOMEM;
		s->bits = w;
		p = realloc(s->fen, (cap / OSET_BLOCK + 1) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		s->fen = p;
		s->cap = cap;
	}
	if (i % OSET_BLOCK == 0) {
		u32 b = i / OSET_BLOCK + 1;

		/* a new block: fen[b] covers blocks (b - lowbit(b), b], all but b older */
		memset(&s->bits[i / 64], 0, OSET_WORDS * sizeof(*s->bits));
		s->fen[b] = fen_prefix(s, b - 1) - fen_prefix(s, b - lowbit(b));
	}
	s->pos[i] = (struct run_oslot){ bi, bo->handle, bo->obj };
	/* appends come one an op, too slowly for the hardware to stream ahead */
	if (i + 8 < s->cap)
		__builtin_prefetch(&s->pos[i + 8], 1);
	s->bits[i / 64] |= 1ULL << (i % 64);
	s->n++;
	fen_add(s, i / OSET_BLOCK + 1, 1);
	s->live++;
	s->gen++;
	*slot = i;
	return 0;
}

static void oset_kill(struct run_oset *s, u32 slot)
{
	s->bits[slot / 64] &= ~(1ULL << (slot % 64));
	fen_add(s, slot / OSET_BLOCK + 1, -1);
	s->live--;
	s->gen++;
}

/* Take back the last push. */
static void oset_pop(struct run_oset *s)
{
	oset_kill(s, s->n - 1);
	s->n--;
}

/* Set bits of @v, without a library call where the target lacks popcnt. */
static u32 popcount64(u64 v)
{
	v -= (v >> 1) & 0x5555555555555555ULL;
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (u32)((v * 0x0101010101010101ULL) >> 56);
}

/* The @k-th (0-based) set bit of @v; @k < popcount64(@v). */
static u32 select64(u64 v, u32 k)
{
	u64 b = v - ((v >> 1) & 0x5555555555555555ULL);
	u32 byte = 0, below = 0;

	/* the set bits per byte, then their running sums: byte i of sum = bytes 0..i */
	b = (b & 0x3333333333333333ULL) + ((b >> 2) & 0x3333333333333333ULL);
	b = (b + (b >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	b *= 0x0101010101010101ULL;
	while (((b >> (8 * byte)) & 0xff) <= k)
		byte++;
	if (byte)
		below = (u32)(b >> (8 * (byte - 1))) & 0xff;
	v >>= 8 * byte;
	for (k -= below; k; k--)
		v &= v - 1;
	return 8 * byte + (u32)__builtin_ctzll(v);
}

/* The slot of the @k-th (0-based) live element; @k < s->live. */
static u32 oset_kth(const struct run_oset *s, u32 k)
{
	u32 nb = oset_blocks(s), b = 0, step = 1;
	const u64 *w;

	while (step * 2 <= nb)
		step *= 2;
	for (; step; step /= 2) {
		if (b + step <= nb && s->fen[b + step] <= k) {
			b += step;
			k -= s->fen[b];
		}
	}
	/* the k-th live slot of block b */
	w = &s->bits[b * OSET_WORDS];
	for (u32 i = 0;; i++) {
		u32 c = popcount64(w[i]);

		if (k < c)
			return b * OSET_BLOCK + i * 64 + select64(w[i], k);
		k -= c;
	}
}

/* Every one of the s->n slots live (after a rebuild): bitmap and tree, linear. */
static void oset_all_live(struct run_oset *s)
{
	u32 nb = oset_blocks(s);

	if (!nb)
		return;
	memset(s->bits, 0, nb * OSET_WORDS * sizeof(*s->bits));
	memset(s->bits, 0xff, s->n / 64 * sizeof(*s->bits));
	if (s->n % 64)
		s->bits[s->n / 64] = (1ULL << (s->n % 64)) - 1;
	for (u32 b = 1; b <= nb; b++)
		s->fen[b] = b < nb || s->n % OSET_BLOCK == 0 ? OSET_BLOCK : s->n % OSET_BLOCK;
	for (u32 b = 1; b <= nb; b++)
		if (b + lowbit(b) <= nb)
			s->fen[b + lowbit(b)] += s->fen[b];
	s->live = s->n;
	s->gen++;
}

static void oset_clear(struct run_oset *s)
{
	s->n = 0;
	s->live = 0;
	s->gen++;
}

static void oset_free(struct run_oset *s)
{
	free(s->pos);
	free(s->bits);
	free(s->fen);
	memset(s, 0, sizeof(*s));
}

static int ensure_labels(struct run_inst *in)
{
	u32 n = in->client->nr_labels;

	if (in->lsets || !n)
		return 0;
	in->lsets = calloc(n, sizeof(*in->lsets));
	return in->lsets ? 0 : -ENOMEM;
}

/*
 * Rebuild every set from in->bos (after compaction): live BOs only, linear
 * Fenwick construction.  Needs no memory beyond what the sets already have.
 */
static void rebuild(struct run_inst *in)
{
	struct run_oset *sets[2];

	oset_clear(&in->lall);
	for (u32 l = 0; in->lsets && l < in->client->nr_labels; l++)
		oset_clear(&in->lsets[l]);
	for (u32 i = 0; i < in->nbos; i++) {
		struct run_bo *bo = &in->bos[i];

		if (bo->label == RUN_NONE)
			continue;
		sets[0] = &in->lall;
		sets[1] = &in->lsets[bo->label];
		bo->aslot = sets[0]->n;
		bo->lslot = sets[1]->n;
		for (int k = 0; k < 2; k++)
			sets[k]->pos[sets[k]->n++] = (struct run_oslot){ i, bo->handle, bo->obj };
	}
	oset_all_live(&in->lall);
	for (u32 l = 0; in->lsets && l < in->client->nr_labels; l++)
		oset_all_live(&in->lsets[l]);
}

int run_bos_push(struct run_inst *in, const struct run_bo *bo)
{
	struct run_bo *b;
	int ret = ensure_labels(in);

	if (ret)
		return ret;
	if (in->nbos == in->cap_bos) {
		u32 cap = in->cap_bos ? in->cap_bos * 2 : 64;
		struct run_bo *n = realloc(in->bos, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		in->bos = n;
		in->cap_bos = cap;
	}
	b = &in->bos[in->nbos];
	if (in->nbos + 4 < in->cap_bos)
		__builtin_prefetch(b + 4, 1);	/* as in oset_push() */
	*b = *bo;
	b->aslot = b->lslot = RUN_NONE;
	if (bo->label != RUN_NONE) {
		ret = oset_push(&in->lall, in->nbos, b, &b->aslot);
		if (!ret)
			ret = oset_push(&in->lsets[bo->label], in->nbos, b, &b->lslot);
		if (ret) {
			if (b->aslot != RUN_NONE)
				oset_pop(&in->lall);
			return ret;
		}
	}
	in->nbos++;
	in->nlive++;
	return 0;
}

void run_bos_killed(struct run_inst *in, struct run_bo *bo)
{
	bo->live = false;
	in->nlive--;
	if (bo->label == RUN_NONE)
		return;
	oset_kill(&in->lall, bo->aslot);
	oset_kill(&in->lsets[bo->label], bo->lslot);
}

void run_bos_compact(struct run_inst *in)
{
	u32 k = 0;

	if (in->nlive * 2 + 16 > in->nbos)
		return;
	for (u32 i = 0; i < in->nbos; i++)
		if (in->bos[i].live)
			in->bos[k++] = in->bos[i];
	in->nbos = k;
	rebuild(in);
}

void run_bos_forget(struct run_inst *in)
{
	in->nbos = 0;
	in->nlive = 0;
	rebuild(in);
}

void run_bos_free(struct run_inst *in)
{
	oset_free(&in->lall);
	for (u32 l = 0; in->lsets && l < in->client->nr_labels; l++)
		oset_free(&in->lsets[l]);
	free(in->lsets);
	free(in->bos);
	in->lsets = NULL;
	in->bos = NULL;
}

u32 run_bos_label_live(const struct run_inst *in, u32 label)
{
	return in->lsets && label < in->client->nr_labels ? in->lsets[label].live : 0;
}

u32 run_bos_label_next(const struct run_inst *in, u32 label, u32 *slot)
{
	const struct run_oset *s;

	if (!in->lsets || label >= in->client->nr_labels)
		return RUN_NONE;
	s = &in->lsets[label];
	while (*slot < s->n) {
		u32 bi = s->pos[(*slot)++].bi;

		if (in->bos[bi].live)
			return bi;
	}
	return RUN_NONE;
}

/*
 * How a glob relates to the names of one label ("L" and "L[i]"): every
 * name matches (the glob is a literal prefix of L followed only by '*'),
 * none can (its literal head and L differ before either ends), or it
 * depends on the name.
 */
enum glob_rel { GLOB_NONE, GLOB_ALL, GLOB_SOME };

static enum glob_rel glob_vs_label(const char *glob, const char *label)
{
	size_t lit = strcspn(glob, "*?"), i;

	for (i = 0; i < lit && label[i]; i++)
		if (glob[i] != label[i])
			return GLOB_NONE;
	if (i == lit && glob[lit] == '*' && glob[lit + strspn(glob + lit, "*")] == '\0')
		return GLOB_ALL;
	return GLOB_SOME;
}

/*
 * The ordered set of the candidates of a free step, when one set holds
 * exactly them: all labelled BOs (no pattern), or one label's BOs (a
 * pattern that matches every name of that label and no name of any other
 * label with live BOs).  NULL: the candidates must be found by a scan.
 */
const struct run_oset *run_bos_candidates(const struct run_inst *in, const char *pattern,
					  u32 *label)
{
	u32 found = RUN_NONE;

	*label = RUN_NONE;
	if (!pattern)
		return &in->lall;
	if (!in->lsets)
		return NULL;
	for (u32 l = 0; l < in->client->nr_labels; l++) {
		enum glob_rel r;

		if (!in->lsets[l].live)
			continue;
		r = glob_vs_label(pattern, in->client->labels[l].name);
		if (r == GLOB_SOME || (r == GLOB_ALL && found != RUN_NONE))
			return NULL;
		if (r == GLOB_ALL)
			found = l;
	}
	*label = found;
	return found == RUN_NONE ? NULL : &in->lsets[found];
}

/* A u32 -> u32 map for the displaced entries of the virtual shuffle. */
struct swap_map {
	u32 *key;	/* key + 1; 0 = empty */
	u32 *val;
	u32 mask;
};

static u32 *map_slot(struct swap_map *m, u32 key)
{
	u32 h = (key * 2654435761u) & m->mask;

	while (m->key[h] && m->key[h] != key + 1)
		h = (h + 1) & m->mask;
	return &m->key[h];
}

static u32 map_get(struct swap_map *m, u32 key)
{
	u32 *k = map_slot(m, key);

	return *k ? m->val[k - m->key] : key;
}

static void map_put(struct swap_map *m, u32 key, u32 val)
{
	u32 *k = map_slot(m, key);

	*k = key + 1;
	m->val[k - m->key] = val;
}

static int u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return (x > y) - (x < y);
}

u32 run_bos_peek(struct run_inst *in, const struct run_oset *s, u32 k)
{
	u32 slot = oset_kth(s, k);

	/* the pick that comes next finds it here if the set has not changed */
	in->peek.set = s;
	in->peek.gen = s->gen;
	in->peek.k = k;
	in->peek.slot = slot;
	__builtin_prefetch(&s->pos[slot]);
	return slot;
}

void run_bos_prefetch_slot(struct run_inst *in, const struct run_oset *s, u32 slot)
{
	const struct run_oslot *o;

	if (slot >= s->n)
		return;
	o = &s->pos[slot];
	if (o->bi < in->nbos) {
		/* both ends: a record may straddle two lines */
		__builtin_prefetch(&in->bos[o->bi]);
		__builtin_prefetch((const char *)(&in->bos[o->bi] + 1) - 1);
	}
	if (in->open)
		sim_prefetch_bo(in->x->sim, in->cid, o->handle, o->obj);
}

int run_bos_pick(struct run_inst *in, const struct run_oset *s, u32 k, struct xrand *rng,
		 u32 **out)
{
	u32 n = s->live, cap = 4;
	struct swap_map m;
	u32 *pick;

	*out = NULL;
	if (!k)
		return 0;
	while (cap < 2 * k + 2)
		cap *= 2;
	m.key = calloc(cap, sizeof(*m.key));
	m.val = malloc(cap * sizeof(*m.val));
	pick = malloc(k * sizeof(*pick));
	m.mask = cap - 1;
	if (!m.key || !m.val || !pick) {
		free(m.key);
		free(m.val);
		free(pick);
		return -ENOMEM;
	}
	/* v[i] <-> v[j] on the virtual array v[r] = r of candidate ranks */
	for (u32 i = 0; i < k; i++) {
		u32 j = i + (u32)xrand_below(rng, n - i);
		u32 vi = map_get(&m, i), vj = map_get(&m, j), slot;

		map_put(&m, j, vi);
		map_put(&m, i, vj);
		if (in->peek.set == s && in->peek.gen == s->gen && in->peek.k == vj)
			slot = in->peek.slot;
		else
			slot = oset_kth(s, vj);
		pick[i] = s->pos[slot].bi;
		/* its record and, in parallel, the driver's object it names */
		run_bos_prefetch_slot(in, s, slot);
	}
	free(m.key);
	free(m.val);
	/* freed in allocation order */
	qsort(pick, k, sizeof(*pick), u32_cmp);
	*out = pick;
	return 0;
}
