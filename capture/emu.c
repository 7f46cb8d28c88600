// SPDX-License-Identifier: MIT
/*
 * emu.c - the application's ioctls answered by the simulator.
 *
 * One struct emu_file per emulated open (one simulator client).  Each
 * keeps the BOs it created (handle, type, size, the mmap offset and device
 * address GET_BO_INFO reports), its CPU mappings, and per hardware context
 * the state of every command submitted, so that WAIT_CMD and the command
 * BO's state word answer as the driver would.  Command BOs (type CMD) are
 * SHARE BOs in the simulator: like the driver's, they are shmem objects
 * outside the device heap.
 */
#include "capture/emu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/uapi.h"
#include "common/errname.h"
#include "common/parse.h"
#include "proto/buffers.h"

struct emu_bo {
	u32 handle;
	u32 type;		/* enum xu_bo_type as the application asked */
	u64 size;
	u64 map_offset;
	u64 xdna_addr;
	u64 uva;		/* CPU address of its mapping, 0 = none */
	bool live;
};

struct emu_job {
	u32 hwctx;
	u32 seq;
	u32 state;		/* SIM_CMD_* / ERT state, 0 = pending */
	u32 cmd_bo;		/* the command BO whose header gets the state */
};

struct emu_map {
	u64 uva;
	u32 handle;
};

struct emu_file {
	int fd;
	u32 client;
	struct emu_bo *bos;		/* indexed by handle (handles are small and dense) */
	u32 nbos, cap_bos;
	struct emu_map *maps;		/* current device mappings */
	u32 nmaps, cap_maps;
	struct emu_job *jobs;
	u32 njobs, cap_jobs;
	struct emu_file *next;
};

struct emu {
	struct sim *sim;
	struct emu_config cfg;
	struct emu_file *files;
	size_t ev_seen;		/* event log records already scanned for job states */
};

static int grow(void **p, u32 *cap, u32 need, size_t elem)
{
	u32 ncap;
	void *q;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	q = realloc(*p, (size_t)ncap * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = ncap;
	return 0;
}

static struct emu_file *file_find(const struct emu *emu, int fd)
{
	for (struct emu_file *f = emu->files; f; f = f->next)
		if (f->fd == fd)
			return f;
	return NULL;
}

static struct emu_bo *bo_find(struct emu_file *f, u32 handle)
{
	return handle < f->nbos && f->bos[handle].live ? &f->bos[handle] : NULL;
}

/* --- configuration ------------------------------------------------------ */

static int bad_env(char *why, size_t len, const char *fmt, const char *v)
{
	snprintf(why, len, fmt, v);
	return -EINVAL;
}

static int env_design(struct sim_config *sc, const char *v, char *why, size_t len)
{
	if (drv_rev_parse(v, &sc->rev))
		return bad_env(why, len, "XDNASIM_DESIGN: unknown revision '%s' (`xdnasim list revisions`)",
			       v);
	return 0;
}

static int env_mode(struct sim_config *sc, const char *v, char *why, size_t len)
{
	if (!addr_mode_parse(v, &sc->mode))
		return 0;
	return bad_env(why, len, "XDNASIM_MODE: unknown mode '%s' (pasid, iova, carveout)", v);
}

static int env_firmware(struct sim_config *sc, const char *v, char *why, size_t len)
{
	char major[16], *dot = strchr(v, '.');
	u64 ma, mi;

	if (!dot || (size_t)(dot - v) >= sizeof(major))
		return bad_env(why, len, "XDNASIM_FIRMWARE: '%s' is not MAJOR.MINOR", v);
	memcpy(major, v, (size_t)(dot - v));
	major[dot - v] = 0;
	if (parse_u64_dec(major, &ma) || parse_u64_dec(dot + 1, &mi) || ma > 0xffff || mi > 0xffff)
		return bad_env(why, len, "XDNASIM_FIRMWARE: '%s' is not MAJOR.MINOR", v);
	sc->fw_major = (u32)ma;
	sc->fw_minor = (u32)mi;
	return 0;
}

int emu_config_from_env(struct emu_config *cfg, char *why, size_t len)
{
	const char *v;
	int ret = 0;

	memset(cfg, 0, sizeof(*cfg));
	sim_config_default(&cfg->sim);
	if ((v = getenv("XDNASIM_DEVICE")) && *v)
		cfg->sim.device = v;
	if (!ret && (v = getenv("XDNASIM_DESIGN")) && *v)
		ret = env_design(&cfg->sim, v, why, len);
	if (!ret && (v = getenv("XDNASIM_MODE")) && *v)
		ret = env_mode(&cfg->sim, v, why, len);
	if (!ret && (v = getenv("XDNASIM_FIRMWARE")) && *v)
		ret = env_firmware(&cfg->sim, v, why, len);
	if (!ret && (v = getenv("XDNASIM_SEED")) && *v && parse_u64(v, &cfg->sim.seed))
		ret = bad_env(why, len, "XDNASIM_SEED: '%s' is not an unsigned integer", v);
	if (!ret && (v = getenv("XDNASIM_FAULTS")) && *v)
		cfg->faults = v;
	return ret;
}

/*
 * One fault rule "SITE:nth=N[:err=ENAME|:status=N]": fail the Nth call of
 * SITE once, with the site's default value unless err/status is given.
 */
static int fault_rule(struct sim *sim, char *rule)
{
	struct sim_fault_policy pol = { .mode = SIM_FAULT_NTH };
	char *site = strtok(rule, ":"), *kv;
	u64 n;

	if (!site)
		return -EINVAL;
	while ((kv = strtok(NULL, ":"))) {
		if (!strncmp(kv, "nth=", 4) && !parse_u64(kv + 4, &n) && n) {
			pol.n = n;
		} else if (!strncmp(kv, "err=", 4) && xerrno_from_name(kv + 4) > 0) {
			pol.value = -(s64)xerrno_from_name(kv + 4);
		} else if (!strncmp(kv, "status=", 7) && !parse_u64(kv + 7, &n) && n <= 0xffffffffULL) {
			pol.value = (s64)n;
		} else {
			return -EINVAL;
		}
	}
	if (!pol.n)
		return -EINVAL;
	return sim_fault_program(sim, site, &pol);
}

static int program_faults(struct sim *sim, const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *rule;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (rule = strtok_r(copy, ",", &save); rule && !ret; rule = strtok_r(NULL, ",", &save)) {
		char one[128];

		if (strlen(rule) >= sizeof(one)) {
			ret = -EINVAL;
			break;
		}
		strcpy(one, rule);
		ret = fault_rule(sim, one);
	}
	free(copy);
	return ret;
}

int emu_create(const struct emu_config *cfg, struct emu **out)
{
	struct emu *emu = calloc(1, sizeof(*emu));
	int ret;

	if (!emu)
		return -ENOMEM;
	emu->cfg = *cfg;
	ret = sim_create(&cfg->sim, &emu->sim);
	if (!ret && cfg->faults)
		ret = program_faults(emu->sim, cfg->faults);
	if (ret) {
		if (emu->sim)
			sim_destroy(emu->sim);
		free(emu);
		return ret;
	}
	*out = emu;
	return 0;
}

static void file_free(struct emu_file *f)
{
	free(f->bos);
	free(f->maps);
	free(f->jobs);
	free(f);
}

void emu_destroy(struct emu *emu)
{
	if (!emu)
		return;
	while (emu->files) {
		struct emu_file *f = emu->files;

		emu->files = f->next;
		file_free(f);
	}
	sim_destroy(emu->sim);
	free(emu);
}

struct sim *emu_sim(struct emu *emu)
{
	return emu->sim;
}

/* --- device files ------------------------------------------------------- */

int emu_open(struct emu *emu, int fd)
{
	struct emu_file *f;
	struct sim_result r;
	int ret;

	if (file_find(emu, fd))
		return -EEXIST;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	ret = sim_open(emu->sim, &r);
	if (ret) {
		free(f);
		return ret;
	}
	f->fd = fd;
	f->client = r.handle;
	f->next = emu->files;
	emu->files = f;
	return 0;
}

bool emu_owns(const struct emu *emu, int fd)
{
	return file_find(emu, fd) != NULL;
}

int emu_client(const struct emu *emu, int fd, u32 *client)
{
	const struct emu_file *f = file_find(emu, fd);

	if (!f)
		return -EBADF;
	*client = f->client;
	return 0;
}

int emu_close(struct emu *emu, int fd)
{
	struct emu_file **pp = &emu->files, *f;

	while (*pp && (*pp)->fd != fd)
		pp = &(*pp)->next;
	f = *pp;
	if (!f)
		return -EBADF;
	*pp = f->next;
	sim_release(emu->sim, f->client);
	file_free(f);
	return 0;
}

/* --- job states --------------------------------------------------------- */

static struct emu_job *job_find(struct emu_file *f, u32 hwctx, u64 seq)
{
	for (u32 i = f->njobs; i-- > 0;)
		if (f->jobs[i].hwctx == hwctx && f->jobs[i].seq == seq)
			return &f->jobs[i];
	return NULL;
}

/* Write a finished command's state into its command BO's header (bits 0-3). */
static void job_publish(struct emu_file *f, const struct emu_job *j)
{
	struct emu_bo *bo = bo_find(f, j->cmd_bo);

	if (bo && bo->uva) {
		u32 *hdr = (u32 *)(uintptr_t)bo->uva;

		*hdr = (*hdr & ~0xfu) | (j->state & 0xfu);
	}
}

/* Collect the job states the simulator logged since the last scan. */
static void jobs_scan(struct emu *emu)
{
	size_t n = sim_event_count(emu->sim);

	for (; emu->ev_seen < n; emu->ev_seen++) {
		const struct sim_event *e = sim_event_at(emu->sim, emu->ev_seen);

		/* kind 1 ("new") is the queueing, not a state the job ends in */
		if (e->type != SIM_EV_JOB || e->kind == 1)
			continue;
		for (struct emu_file *f = emu->files; f; f = f->next) {
			struct emu_job *j;

			if (f->client != e->client)
				continue;
			j = job_find(f, e->obj, e->aux);
			if (j && !j->state) {
				j->state = e->kind;
				job_publish(f, j);
			}
		}
	}
}

/* --- ioctls ------------------------------------------------------------- */

static int io_create_bo(struct emu *emu, struct emu_file *f, struct xu_create_bo *a)
{
	struct sim_result r;
	struct sim_bo_info info;
	struct emu_bo *bo;
	u32 type = a->type == XU_BO_CMD ? XU_BO_SHARE : a->type;
	int ret;

	ret = sim_create_bo(emu->sim, f->client, type, a->size, a->flags, &r);
	if (ret)
		return ret;
	ret = sim_get_bo_info(emu->sim, f->client, r.handle, &info);
	if (!ret && grow((void **)&f->bos, &f->cap_bos, r.handle + 1, sizeof(*f->bos)))
		ret = -ENOMEM;
	if (ret) {
		sim_gem_close(emu->sim, f->client, r.handle);
		return ret;
	}
	while (f->nbos <= r.handle)
		f->bos[f->nbos++] = (struct emu_bo){ 0 };
	bo = &f->bos[r.handle];
	*bo = (struct emu_bo){
		.handle = r.handle, .type = a->type, .size = a->size,
		.map_offset = info.map_offset, .xdna_addr = info.xdna_addr, .live = true,
	};
	a->handle = r.handle;
	return 0;
}

static int io_get_bo_info(struct emu *emu, struct emu_file *f, struct xu_get_bo_info *a)
{
	struct sim_bo_info info;
	int ret = sim_get_bo_info(emu->sim, f->client, a->handle, &info);

	if (ret)
		return ret;
	a->map_offset = info.map_offset;
	a->vaddr = info.vaddr;
	a->xdna_addr = info.xdna_addr;
	return 0;
}

static int io_gem_close(struct emu *emu, struct emu_file *f, struct xu_gem_close *a)
{
	struct emu_bo *bo = bo_find(f, a->handle);
	int ret = sim_gem_close(emu->sim, f->client, a->handle);

	if (!ret && bo)
		bo->live = false;
	return ret;
}

static int io_config(struct emu *emu, struct emu_file *f, struct xu_config_hwctx *a)
{
	const struct xu_config_cu_param *p = (const void *)(uintptr_t)a->param_val;
	const struct xu_cu_config *cu;
	u32 handles[32];
	struct sim_result r;

	if (a->param_type != XU_HWCTX_CONFIG_CU)
		return -EOPNOTSUPP;
	if (!p || a->param_val_size < sizeof(*p))
		return -EINVAL;
	if (!p->num_cus || p->num_cus > 32 ||
	    a->param_val_size < sizeof(*p) + p->num_cus * sizeof(*cu))
		return -EINVAL;
	cu = (const struct xu_cu_config *)(p + 1);
	for (u32 i = 0; i < p->num_cus; i++)
		handles[i] = cu[i].cu_bo;
	return sim_config_cu(emu->sim, f->client, a->handle, handles, p->num_cus, &r);
}

/*
 * EXEC_CMD: the argument BOs are the command's arguments; the first is the
 * instruction buffer and the following ones, as many as one NPU chain slot
 * holds, the ranges the ERT touches (the same rule as the scenario runner's
 * exec step, so that a captured run replays identically).  Only DEV BOs
 * have device addresses; other arguments are pinned but not touched.
 */
static int io_exec(struct emu *emu, struct emu_file *f, struct xu_exec_cmd *a)
{
	const u32 *args = (const u32 *)(uintptr_t)a->args;
	u32 n = a->arg_count, na = 0;
	u64 *addrs = NULL, *lens = NULL;
	struct sim_result r = { 0 };
	struct emu_job *j;
	int ret;

	if (a->type != XU_CMD_SUBMIT_EXEC_BUF || a->cmd_count != 1)
		return -EINVAL;
	if (n && !args)
		return -EINVAL;
	if (grow((void **)&f->jobs, &f->cap_jobs, f->njobs + 1, sizeof(*f->jobs)))
		return -ENOMEM;
	addrs = calloc(n ? n : 1, sizeof(*addrs));
	lens = calloc(n ? n : 1, sizeof(*lens));
	if (!addrs || !lens) {
		ret = -ENOMEM;
		goto out;
	}
	for (u32 i = 0; i < n; i++) {
		const struct emu_bo *bo = bo_find(f, args[i]);

		if (bo && bo->type == XU_BO_DEV) {
			addrs[na] = bo->xdna_addr;
			lens[na++] = bo->size;
		}
	}
	{
		struct sim_exec_desc d = {
			.cu_idx = 0,
			.naddr = na < 1 + MSG_SLOT_NPU_MAX_ARGS / 3 ? na : 1 + MSG_SLOT_NPU_MAX_ARGS / 3,
			.addrs = addrs,
			.lens = lens,
			.nbo = n,
			.bos = args,
		};

		ret = sim_exec(emu->sim, f->client, a->hwctx, &d, &r);
	}
	if (ret)
		goto out;
	j = &f->jobs[f->njobs++];
	*j = (struct emu_job){ .hwctx = a->hwctx, .seq = r.seq, .state = 0,
			       .cmd_bo = (u32)a->cmd_handles };
	a->seq = r.seq;
	jobs_scan(emu);
	if (!j->state && r.state) {
		j->state = r.state;
		job_publish(f, j);
	}
out:
	free(addrs);
	free(lens);
	return ret;
}

/*
 * WAIT_CMD: a finished command answers at once; a pending one lets
 * simulated time pass (the timeout, or the driver's job timeout when 0)
 * and answers -ETIME if it is still pending then.
 */
static int io_wait(struct emu *emu, struct emu_file *f, const struct xu_wait_cmd *a)
{
	struct emu_job *j = job_find(f, a->hwctx, a->seq);

	if (!j)
		return -EINVAL;
	jobs_scan(emu);
	if (!j->state) {
		sim_advance(emu->sim, a->timeout ? a->timeout : 2000);
		jobs_scan(emu);
	}
	return j->state ? 0 : -ETIME;
}

static int io_get_info(struct emu *emu, struct xu_get_info *a)
{
	void *buf = (void *)(uintptr_t)a->buffer;
	u32 major, minor;

	sim_fw_version(emu->sim, &major, &minor);
	if (!buf)
		return -EFAULT;

	switch (a->param) {
	case XU_QUERY_AIE_VERSION: {
		struct xu_query_aie_version v = { major, minor };

		memcpy(buf, &v, a->buffer_size < sizeof(v) ? a->buffer_size : sizeof(v));
		return 0;
	}
	case XU_QUERY_FIRMWARE_VERSION: {
		struct xu_query_fw_version v = { major, minor, 0, 0 };

		memcpy(buf, &v, a->buffer_size < sizeof(v) ? a->buffer_size : sizeof(v));
		return 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

int emu_ioctl(struct emu *emu, int fd, unsigned long request, void *arg)
{
	struct emu_file *f = file_find(emu, fd);
	struct sim_result r;
	int ret;

	if (!f)
		return -EBADF;
	if (!arg)
		return -EFAULT;
	switch (request) {
	case XU_IOCTL_CREATE_BO:
		return io_create_bo(emu, f, arg);
	case XU_IOCTL_GET_BO_INFO:
		return io_get_bo_info(emu, f, arg);
	case XU_IOCTL_GEM_CLOSE:
		return io_gem_close(emu, f, arg);
	case XU_IOCTL_SYNC_BO: {
		const struct xu_sync_bo *a = arg;

		return sim_sync_bo(emu->sim, f->client, a->handle, a->direction, a->offset,
				   a->size, &r);
	}
	case XU_IOCTL_CREATE_HWCTX: {
		struct xu_create_hwctx *a = arg;

		ret = sim_hwctx_create(emu->sim, f->client, a->num_tiles, &r);
		if (!ret)
			a->handle = r.handle;
		return ret;
	}
	case XU_IOCTL_DESTROY_HWCTX:
		return sim_hwctx_destroy(emu->sim, f->client, ((struct xu_destroy_hwctx *)arg)->handle);
	case XU_IOCTL_CONFIG_HWCTX:
		return io_config(emu, f, arg);
	case XU_IOCTL_EXEC_CMD:
		return io_exec(emu, f, arg);
	case XU_IOCTL_WAIT_CMD:
		return io_wait(emu, f, arg);
	case XU_IOCTL_GET_INFO:
		return io_get_info(emu, arg);
	case XU_IOCTL_PRIME_HANDLE_TO_FD: {
		struct xu_prime_handle *a = arg;

		ret = sim_prime_export(emu->sim, f->client, a->handle, &r);
		if (!ret)
			a->fd = (s32)r.handle;
		return ret;
	}
	case XU_IOCTL_PRIME_FD_TO_HANDLE: {
		struct xu_prime_handle *a = arg;

		ret = sim_prime_import(emu->sim, f->client, (u32)a->fd, &r);
		if (!ret)
			a->handle = r.handle;
		return ret;
	}
	default:
		return -ENOTTY;
	}
}

/* --- mappings ----------------------------------------------------------- */

int emu_mmap(struct emu *emu, int fd, u64 uva, u64 len, u64 offset)
{
	struct emu_file *f = file_find(emu, fd);
	struct emu_bo *bo = NULL;
	int ret;

	if (!f)
		return -EBADF;
	for (u32 i = 0; i < f->nbos && !bo; i++)
		if (f->bos[i].live && f->bos[i].map_offset == offset)
			bo = &f->bos[i];
	if (!bo)
		return -EINVAL;
	(void)len;
	if (grow((void **)&f->maps, &f->cap_maps, f->nmaps + 1, sizeof(*f->maps)))
		return -ENOMEM;
	ret = sim_mmap(emu->sim, f->client, bo->handle, uva, NULL);
	if (ret)
		return ret;
	bo->uva = uva;
	f->maps[f->nmaps++] = (struct emu_map){ .uva = uva, .handle = bo->handle };
	return 0;
}

int emu_munmap(struct emu *emu, u64 uva, u64 len, bool *device)
{
	int ret = 0;

	*device = false;
	for (struct emu_file *f = emu->files; f; f = f->next) {
		for (u32 i = 0; i < f->nmaps;) {
			struct emu_map m = f->maps[i];
			struct emu_bo *bo;
			int r;

			if (m.uva < uva || m.uva - uva >= len) {
				i++;
				continue;
			}
			r = sim_munmap(emu->sim, f->client, m.uva);
			if (r && !ret)
				ret = r;
			bo = m.handle < f->nbos ? &f->bos[m.handle] : NULL;
			if (bo && bo->uva == m.uva)
				bo->uva = 0;
			f->maps[i] = f->maps[--f->nmaps];
			*device = true;
		}
	}
	return ret;
}
