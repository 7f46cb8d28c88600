// SPDX-License-Identifier: MIT
/*
 * play.c - perform a scenario's steps through the amdxdna uapi, as an
 * application would, and check the scenario's per-step expectations against
 * what the device answered.  Run under LD_PRELOAD=libxdnasim-capture.so
 * XDNASIM_EMULATE=1 (with XDNASIM_CAPTURE to record it), it drives the
 * library's workloads through the emulator, so that their captures can be
 * imported and compared with the scenario run directly
 * (tests/capture/test_capture_cli.sh).
 *
 *   play --env FILE.yaml   print the XDNASIM_* settings for the emulator
 *   play FILE.yaml         perform it; print "failures: N" (steps, and
 *                          allocations, that ended in an error, as the
 *                          runner counts them); exit 0 when every per-step
 *                          expectation held, 1 (with FILE:LINE) when one
 *                          did not, 77 when the
 *                          scenario uses what a uapi program cannot do
 *                          (device-level events, time, faults, bug switches,
 *                          random sizes or frees, hanging jobs)
 *
 * The shim's behaviour (the 512 MiB reservation, the first chunk, the
 * expand-and-retry loop, the userspace sync bounds check, the close-time
 * cleanup) is done here as the XRT shim does it; the runner's exec rule
 * (every BO of the named labels as an argument) likewise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/uapi.h"
#include "common/errname.h"
#include "scenarios/run.h"

#define MIB (1024ULL * 1024)
#define CHUNK (64 * MIB)
#define RESERVE (512 * MIB)

struct bo {
	u32 handle;
	u32 label;
	u64 size;
	bool live;
};

struct client {
	const struct scn_client *sc;
	const struct scn_step **leaf;	/* the unrolled leaf steps */
	u64 nleaf, cap_leaf, next;
	int fd;
	bool open, shim;
	u8 *base;
	u64 cur;
	u32 chunks[8], nchunks;
	u64 chunk_size[8];
	u64 chunk_uva[8];
	struct bo *bos;
	u32 nbos, cap_bos;
	u32 hwctx[64];
	u32 pdis[64][32], npdis[64];
	u32 cmd;
	u32 *cmd_hdr;
};

static const char *file;
static int failures;		/* expectations that did not hold */
static u64 failed_steps;	/* steps (allocations) that ended in an error, as the runner counts them */

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static void fail(const struct scn_step *st, const char *fmt, long long a, long long b)
{
	printf("%s:%u: ", file, st->loc.line);
	printf(fmt, a, b);
	putchar('\n');
	failures++;
}

static int unsupported(const char *why)
{
	printf("unsupported: %s\n", why);
	return 77;
}

static int flatten(struct client *c, const struct scn_step *steps, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		const struct scn_step *st = &steps[i];

		if (st->op == SCN_OP_REPEAT || st->op == SCN_OP_PHASE) {
			u64 times = st->op == SCN_OP_REPEAT ? st->block.count : 1;

			for (u64 k = 0; k < times; k++)
				if (flatten(c, st->block.steps, st->block.nr_steps))
					return -1;
			continue;
		}
		if (c->nleaf == c->cap_leaf) {
			c->cap_leaf = c->cap_leaf ? c->cap_leaf * 2 : 64;
			c->leaf = realloc(c->leaf, c->cap_leaf * sizeof(*c->leaf));
			if (!c->leaf)
				return -1;
		}
		c->leaf[c->nleaf++] = st;
	}
	return 0;
}

static const char *check_step(const struct scn_step *st)
{
	switch (st->op) {
	case SCN_OP_TDR: case SCN_OP_SUSPEND: case SCN_OP_RESUME: case SCN_OP_POWER_CYCLE:
	case SCN_OP_MBOX_RX:
		return "a device-level event";
	case SCN_OP_ADVANCE:
		return "simulated time";
	case SCN_OP_ALLOC:
		return st->alloc.size.kind != SCN_SIZE_FIXED ? "a size distribution" : NULL;
	case SCN_OP_FREE:
		return st->free.kind != SCN_FREE_LABEL ? "a free by pattern or fraction" : NULL;
	case SCN_OP_MMAP: case SCN_OP_MUNMAP:
		return st->chunk.at.kind == SCN_AT_ADDR ? "an explicit CPU address" : NULL;
	case SCN_OP_EXEC:
		return st->exec.hang || st->exec.late ? "a hanging job" : NULL;
	default:
		return NULL;
	}
}

/* --- the shim ------------------------------------------------------------ */

static int expand(struct client *c, u64 size)
{
	struct xu_create_bo cb = { .size = size, .type = XU_BO_DEV_HEAP };
	struct xu_get_bo_info gi = { 0 };
	struct xu_gem_close gc = { 0 };
	int ret;

	if (c->cur >= RESERVE || c->nchunks == 8)
		return -ENOSPC;
	if (size > RESERVE - c->cur)
		size = RESERVE - c->cur;
	cb.size = size;
	ret = xioctl(c->fd, XU_IOCTL_CREATE_BO, &cb);
	if (ret)
		return ret;
	gi.handle = cb.handle;
	ret = xioctl(c->fd, XU_IOCTL_GET_BO_INFO, &gi);
	if (!ret && mmap(c->base + c->cur, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 c->fd, (off_t)gi.map_offset) == MAP_FAILED)
		ret = -errno;
	if (ret) {
		gc.handle = cb.handle;
		xioctl(c->fd, XU_IOCTL_GEM_CLOSE, &gc);
		return ret;
	}
	c->chunk_uva[c->nchunks] = (u64)(uintptr_t)(c->base + c->cur);
	c->chunk_size[c->nchunks] = size;
	c->chunks[c->nchunks++] = cb.handle;
	c->cur += size;
	return 0;
}

static int do_open(struct client *c, const struct scn *s, bool heap)
{
	void *p;

	c->fd = open("/dev/accel/accel0", O_RDWR | O_CLOEXEC);
	if (c->fd < 0)
		return -errno;
	c->open = true;
	c->shim = heap;
	{
		/* as XRT does at open: the AIE (firmware protocol) version */
		struct xu_query_aie_version v;
		struct xu_get_info q = { .param = XU_QUERY_AIE_VERSION, .buffer_size = sizeof(v),
					 .buffer = (u64)(uintptr_t)&v };

		xioctl(c->fd, XU_IOCTL_GET_INFO, &q);
	}
	c->cur = 0;
	c->nchunks = 0;
	c->cmd = 0;
	if (!heap)
		return 0;
	p = mmap(NULL, RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	c->base = p;
	return expand(c, CHUNK * (s->num_heap_pages ? s->num_heap_pages : 1));
}

static void do_close(struct client *c)
{
	for (u32 k = 0; k < c->nchunks; k++) {
		struct xu_gem_close gc = { .handle = c->chunks[k] };

		if (c->chunk_uva[k])
			munmap((void *)(uintptr_t)c->chunk_uva[k], c->chunk_size[k]);
		xioctl(c->fd, XU_IOCTL_GEM_CLOSE, &gc);
	}
	if (c->base)
		munmap(c->base, RESERVE);
	if (c->cmd_hdr)
		munmap(c->cmd_hdr, 4096);
	c->base = NULL;
	c->cmd_hdr = NULL;
	close(c->fd);
	c->open = false;
	for (u32 i = 0; i < c->nbos; i++)
		c->bos[i].live = false;
}

static int alloc_one(struct client *c, const struct scn_step *st, u64 *addr, u64 *exp)
{
	struct xu_create_bo cb = { .size = st->alloc.size.fixed, .type = XU_BO_DEV };
	struct xu_get_bo_info gi = { 0 };
	int ret;

	while ((ret = xioctl(c->fd, XU_IOCTL_CREATE_BO, &cb)) == -EAGAIN &&
	       st->alloc.path == SCN_PATH_SHIM) {
		ret = expand(c, CHUNK);
		if (ret)
			return ret;
		(*exp)++;
	}
	if (ret)
		return ret;
	gi.handle = cb.handle;
	ret = xioctl(c->fd, XU_IOCTL_GET_BO_INFO, &gi);
	if (ret)
		return ret;
	if (c->nbos == c->cap_bos) {
		struct bo *q = realloc(c->bos, (c->cap_bos ? c->cap_bos * 2 : 64) * sizeof(*q));

		if (!q)
			return -ENOMEM;
		c->bos = q;
		c->cap_bos = c->cap_bos ? c->cap_bos * 2 : 64;
	}
	c->bos[c->nbos++] = (struct bo){ .handle = cb.handle, .size = cb.size, .live = true,
					 .label = st->alloc.labelled ? st->alloc.label.id : UINT32_MAX };
	*addr = gi.xdna_addr;
	return 0;
}

static void step_alloc(struct client *c, const struct scn_step *st)
{
	const struct scn_expect *e = &st->expect;
	u64 exp = 0;

	for (u64 i = 0; i < st->alloc.count; i++) {
		u64 addr = 0;
		int ret = alloc_one(c, st, &addr, &exp);

		if (ret)
			failed_steps++;
		if (e->has_result && ret != -e->result_err)
			fail(st, "result %lld, expected %lld", ret, -e->result_err);
		if (!ret && e->has_addr && addr != e->addr)
			fail(st, "address %#llx, expected %#llx", (long long)addr, (long long)e->addr);
		if (!ret && i < e->nr_addrs && addr != e->addrs[i])
			fail(st, "address %#llx, expected %#llx", (long long)addr, (long long)e->addrs[i]);
	}
	if (e->has_expansions && exp != e->expansions)
		fail(st, "%lld expansions, expected %lld", (long long)exp, (long long)e->expansions);
}

/* The handles of the live BOs of @refs, in the runner's order. */
static u32 label_handles(struct client *c, const struct scn_ref *refs, u32 n, u32 *out, u32 max)
{
	u32 k = 0;

	for (u32 r = 0; r < n; r++)
		for (u32 i = 0; i < c->nbos && k < max; i++)
			if (c->bos[i].live && c->bos[i].label == refs[r].id)
				out[k++] = c->bos[i].handle;
	return k;
}

static int cmd_bo(struct client *c)
{
	struct xu_create_bo cb = { .size = 4096, .type = XU_BO_CMD };
	struct xu_get_bo_info gi = { 0 };
	void *p;
	int ret;

	if (c->cmd)
		return 0;
	ret = xioctl(c->fd, XU_IOCTL_CREATE_BO, &cb);
	if (!ret) {
		gi.handle = cb.handle;
		ret = xioctl(c->fd, XU_IOCTL_GET_BO_INFO, &gi);
	}
	if (ret)
		return ret;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, (off_t)gi.map_offset);
	if (p == MAP_FAILED)
		return -errno;
	c->cmd = cb.handle;
	c->cmd_hdr = p;
	return 0;
}

static int step_exec(struct client *c, const struct scn_step *st)
{
	static u32 args[1024];
	u32 n = label_handles(c, st->exec.bos, st->exec.nr_bos, args, 1024);
	u32 hw = c->hwctx[st->exec.hwctx.id];

	if (st->op == SCN_OP_CONFIG_CU) {
		struct {
			struct xu_config_cu_param p;
			struct xu_cu_config cu[32];
		} cfg;
		struct xu_config_hwctx cc = { .handle = hw, .param_type = XU_HWCTX_CONFIG_CU,
					      .param_val = (u64)(uintptr_t)&cfg };

		memset(&cfg, 0, sizeof(cfg));
		cfg.p.num_cus = (u16)n;
		for (u32 i = 0; i < n && i < 32; i++)
			cfg.cu[i].cu_bo = args[i];
		cc.param_val_size = (u32)(sizeof(cfg.p) + n * sizeof(cfg.cu[0]));
		return xioctl(c->fd, XU_IOCTL_CONFIG_HWCTX, &cc);
	} else {
		struct xu_exec_cmd ex = { .hwctx = hw, .type = XU_CMD_SUBMIT_EXEC_BUF, .cmd_count = 1,
					  .args = (u64)(uintptr_t)args, .arg_count = n };
		struct xu_wait_cmd w = { .hwctx = hw, .timeout = 1000 };
		int ret = cmd_bo(c);

		if (ret)
			return ret;
		ex.cmd_handles = c->cmd;
		*c->cmd_hdr = XU_ERT_STATE_NEW;
		ret = xioctl(c->fd, XU_IOCTL_EXEC_CMD, &ex);
		if (ret)
			return ret;
		w.seq = ex.seq;
		return xioctl(c->fd, XU_IOCTL_WAIT_CMD, &w);
	}
}

/* The shim's buffer::sync: an overflow-safe bounds check, then a CPU flush. */
static int step_sync(struct client *c, const struct scn_step *st)
{
	u32 h[1024];
	u32 n;
	int ret = 0;

	if (st->sync.on_chunk) {
		if (st->sync.chunk >= c->nchunks)
			return -EINVAL;
		h[0] = c->chunks[st->sync.chunk];
		n = 1;
	} else {
		n = label_handles(c, &st->sync.label, 1, h, 1024);
	}
	for (u32 i = 0; i < n && !ret; i++) {
		u64 size = st->sync.on_chunk ? c->chunk_size[st->sync.chunk] : 0;

		for (u32 b = 0; b < c->nbos && !st->sync.on_chunk; b++)
			if (c->bos[b].live && c->bos[b].handle == h[i])
				size = c->bos[b].size;
		if (st->sync.path == SCN_SYNC_DRIVER) {
			struct xu_sync_bo s = {
				.handle = h[i], .offset = st->sync.offset,
				.size = st->sync.whole ? size - st->sync.offset : st->sync.size,
				.direction = st->sync.direction == SCN_DIR_FROM_DEVICE,
			};

			ret = xioctl(c->fd, XU_IOCTL_SYNC_BO, &s);
		} else {
			u64 len = st->sync.whole ? size - st->sync.offset : st->sync.size;

			if (st->sync.offset > size || len > size - st->sync.offset)
				ret = -EINVAL;
		}
	}
	return ret;
}

/* The shim's slot of chunk @k: the reservation base + the chunks before it. */
static u64 slot(const struct client *c, u32 k)
{
	u64 off = 0;

	for (u32 i = 0; i < k && i < c->nchunks; i++)
		off += c->chunk_size[i];
	if (k > c->nchunks)
		off += (u64)(k - c->nchunks) * CHUNK;
	return (u64)(uintptr_t)c->base + off;
}

static int step_map(struct client *c, const struct scn_step *st)
{
	u32 k = st->chunk.chunk;
	u64 at;

	if (k >= c->nchunks)
		return -EINVAL;
	/* without the shim's reservation the kernel picks the address */
	at = c->base ? slot(c, st->chunk.at.kind == SCN_AT_SLOT_OF ? st->chunk.at.slot_of : k) : 0;
	if (st->op == SCN_OP_MUNMAP) {
		if (!c->chunk_uva[k] || (st->chunk.at.kind != SCN_AT_ALL && c->chunk_uva[k] != at))
			return -EINVAL;
		/* the device mapping goes; a reservation's range is reserved again */
		if (munmap((void *)(uintptr_t)c->chunk_uva[k], c->chunk_size[k]))
			return -errno;
		if (c->base)
			mmap((void *)(uintptr_t)c->chunk_uva[k], c->chunk_size[k], PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
		c->chunk_uva[k] = 0;
		return 0;
	} else {
		struct xu_get_bo_info gi = { .handle = c->chunks[k] };
		int ret = xioctl(c->fd, XU_IOCTL_GET_BO_INFO, &gi);

		if (ret)
			return ret;
		void *p = mmap((void *)(uintptr_t)at, c->chunk_size[k], PROT_READ | PROT_WRITE,
			       MAP_SHARED | (at ? MAP_FIXED : 0), c->fd, (off_t)gi.map_offset);

		if (p == MAP_FAILED)
			return -errno;
		c->chunk_uva[k] = (u64)(uintptr_t)p;
		return 0;
	}
}

static void gem_close(struct client *c, u32 handle)
{
	struct xu_gem_close gc = { .handle = handle };

	xioctl(c->fd, XU_IOCTL_GEM_CLOSE, &gc);
}

/*
 * The shim's hardware context: CREATE_HWCTX, then per CU a 4 KiB PDI buffer
 * from the heap (the expand-and-retry loop; its userspace flush makes no
 * ioctl) and one CONFIG_CU naming them; on a failure the buffers are closed
 * and the context destroyed.  A client without the shim's heap, or 'cu:
 * none', makes the bare CREATE_HWCTX.
 */
static int hwctx_create(struct client *c, const struct scn_step *st)
{
	u32 id = st->hwctx.hwctx.id, ncu = c->shim ? st->hwctx.cus : 0, n = 0;
	struct xu_create_hwctx ch = { 0 };
	int ret = xioctl(c->fd, XU_IOCTL_CREATE_HWCTX, &ch);

	c->hwctx[id] = 0;
	c->npdis[id] = 0;
	if (ret)
		return ret;
	for (; n < ncu && !ret; n++) {
		struct xu_create_bo cb = { .size = 4096, .type = XU_BO_DEV };

		while ((ret = xioctl(c->fd, XU_IOCTL_CREATE_BO, &cb)) == -EAGAIN && !(ret = expand(c, CHUNK)))
			;
		if (ret)
			break;
		c->pdis[id][n] = cb.handle;
	}
	if (!ret && ncu) {
		struct {
			struct xu_config_cu_param p;
			struct xu_cu_config cu[32];
		} cfg;
		struct xu_config_hwctx cc = { .handle = ch.handle, .param_type = XU_HWCTX_CONFIG_CU,
					      .param_val = (u64)(uintptr_t)&cfg };

		memset(&cfg, 0, sizeof(cfg));
		cfg.p.num_cus = (u16)ncu;
		for (u32 i = 0; i < ncu; i++)
			cfg.cu[i].cu_bo = c->pdis[id][i];
		cc.param_val_size = (u32)(sizeof(cfg.p) + ncu * sizeof(cfg.cu[0]));
		ret = xioctl(c->fd, XU_IOCTL_CONFIG_HWCTX, &cc);
	}
	if (ret) {
		struct xu_destroy_hwctx dh = { .handle = ch.handle };

		for (u32 i = 0; i < n; i++)
			gem_close(c, c->pdis[id][i]);
		xioctl(c->fd, XU_IOCTL_DESTROY_HWCTX, &dh);
		return ret;
	}
	c->hwctx[id] = ch.handle;
	c->npdis[id] = ncu;
	return 0;
}

static int step(struct client *c, const struct scn *s, const struct scn_step *st)
{
	switch (st->op) {
	case SCN_OP_OPEN:
		return do_open(c, s, st->open.heap);
	case SCN_OP_CLOSE:
		do_close(c);
		return 0;
	case SCN_OP_ALLOC:
		step_alloc(c, st);
		return 0;	/* checked per allocation */
	case SCN_OP_FREE:
		for (u32 i = 0; i < c->nbos; i++) {
			struct xu_gem_close gc = { .handle = c->bos[i].handle };

			if (c->bos[i].live && c->bos[i].label == st->free.label.id) {
				c->bos[i].live = false;
				xioctl(c->fd, XU_IOCTL_GEM_CLOSE, &gc);
			}
		}
		return 0;
	case SCN_OP_HWCTX_CREATE:
		return hwctx_create(c, st);
	case SCN_OP_HWCTX_DESTROY: {
		u32 id = st->hwctx.hwctx.id;
		struct xu_destroy_hwctx dh = { .handle = c->hwctx[id] };
		int ret;

		/* ~hwctx_kmq: the PDI BOs go first, then the context */
		for (u32 i = 0; i < c->npdis[id]; i++)
			gem_close(c, c->pdis[id][i]);
		ret = xioctl(c->fd, XU_IOCTL_DESTROY_HWCTX, &dh);
		if (!ret)
			c->npdis[id] = 0;
		return ret;
	}
	case SCN_OP_EXEC:
	case SCN_OP_CONFIG_CU:
		return step_exec(c, st);
	case SCN_OP_SYNC:
		return step_sync(c, st);
	case SCN_OP_CHUNK_CREATE: {
		struct xu_create_bo cb = { .size = st->chunk_create.size, .type = XU_BO_DEV_HEAP };
		int ret = xioctl(c->fd, XU_IOCTL_CREATE_BO, &cb);

		if (!ret && c->nchunks < 8) {
			c->chunk_uva[c->nchunks] = 0;
			c->chunk_size[c->nchunks] = cb.size;
			c->chunks[c->nchunks++] = cb.handle;
		}
		return ret;
	}
	case SCN_OP_CHUNK_CLOSE: {
		struct xu_gem_close gc = { .handle = c->chunks[st->chunk.chunk] };

		return st->chunk.chunk < c->nchunks ? xioctl(c->fd, XU_IOCTL_GEM_CLOSE, &gc) : -EINVAL;
	}
	case SCN_OP_MMAP:
	case SCN_OP_MUNMAP:
		return step_map(c, st);
	default:
		return -EOPNOTSUPP;
	}
}

static void run_one(struct client *c, const struct scn *s)
{
	const struct scn_step *st = c->leaf[c->next++];
	int ret = step(c, s, st);

	if (st->op == SCN_OP_ALLOC)
		return;
	if (ret)
		failed_steps++;
	if (st->expect.has_result && ret != -st->expect.result_err)
		fail(st, "result %lld, expected %lld", ret, -st->expect.result_err);
}

int main(int argc, char **argv)
{
	bool env = argc == 3 && !strcmp(argv[1], "--env");
	struct scn_error err;
	struct client *cl;
	struct scn *s;
	u32 ninst = 0;
	bool any;
	int rc = 0;

	if (argc != 2 && !env)
		return fprintf(stderr, "usage: play [--env] FILE.yaml\n"), 2;
	file = argv[argc - 1];
	if (scn_load_file(file, run_vocab(), &s, &err))
		return fprintf(stderr, "%s\n", err.text), 2;
	if (env) {
		printf("XDNASIM_DEVICE=%s XDNASIM_DESIGN=%s XDNASIM_MODE=%s XDNASIM_FIRMWARE=%u.%u\n",
		       s->device, drv_rev_name(s->rev), addr_mode_name(s->mode), s->fw_major,
		       s->fw_minor);
		scn_free(s);
		return 0;
	}
	if (s->nr_faults || s->nr_bugs) {
		scn_free(s);
		return unsupported("faults or bug switches");
	}
	/* one player client per instance, numbered as the runner numbers them */
	for (u32 i = 0; i < s->nr_clients; i++)
		ninst += s->clients[i].instances;
	cl = calloc(ninst ? ninst : 1, sizeof(*cl));
	if (!cl) {
		scn_free(s);
		return 2;
	}
	for (u32 i = 0, k = 0; i < s->nr_clients && !rc; i++) {
		for (u32 n = 0; n < s->clients[i].instances && !rc; n++, k++) {
			cl[k].sc = &s->clients[i];
			if (flatten(&cl[k], s->clients[i].steps, s->clients[i].nr_steps)) {
				rc = 2;
				break;
			}
			for (u64 j = 0; j < cl[k].nleaf && !rc; j++) {
				const char *why = check_step(cl[k].leaf[j]);

				if (why)
					rc = unsupported(why);
			}
		}
	}
	if (rc)
		goto out;
	/* the runner's schedules */
	if (s->schedule == SCN_SCHED_SEQUENTIAL) {
		for (u32 i = 0; i < ninst; i++)
			while (cl[i].next < cl[i].nleaf)
				run_one(&cl[i], s);
	}
	for (u32 i = 0; i < s->nr_interleave; i++)
		if (cl[s->interleave[i]].next < cl[s->interleave[i]].nleaf)
			run_one(&cl[s->interleave[i]], s);
	do {
		any = false;
		for (u32 i = 0; i < ninst; i++) {
			if (cl[i].next < cl[i].nleaf) {
				run_one(&cl[i], s);
				any = true;
			}
		}
	} while (any);
	rc = failures ? 1 : 0;
	printf("failures: %llu\n", (unsigned long long)failed_steps);
out:
	for (u32 i = 0; i < ninst; i++) {
		if (cl[i].open)
			do_close(&cl[i]);
		free(cl[i].leaf);
		free(cl[i].bos);
	}
	free(cl);
	scn_free(s);
	return rc;
}
