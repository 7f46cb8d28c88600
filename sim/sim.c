// SPDX-License-Identifier: MIT
/*
 * sim.c - the simulator facade: configuration, device creation and
 * destruction, the op-by-op C API (each op recorded as one SIM_EV_OP
 * record with its errno and result), event/violation plumbing and
 * accessors.
 */
#include "common/bug.h"
#include "common/device.h"
#include "sim/sim_priv.h"
#include "sim/wire.h"
#include "proto/msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[SIM_OP_MAX] = {
	[SIM_OP_OPEN] = "open",
	[SIM_OP_CLOSE] = "close",
	[SIM_OP_POSTCLOSE] = "postclose",
	[SIM_OP_CREATE_BO] = "create_bo",
	[SIM_OP_GEM_CLOSE] = "gem_close",
	[SIM_OP_MMAP] = "mmap",
	[SIM_OP_MUNMAP] = "munmap",
	[SIM_OP_SYNC_BO] = "sync_bo",
	[SIM_OP_GET_BO_INFO] = "get_bo_info",
	[SIM_OP_PRIME_EXPORT] = "prime_export",
	[SIM_OP_PRIME_IMPORT] = "prime_import",
	[SIM_OP_HWCTX_CREATE] = "hwctx_create",
	[SIM_OP_HWCTX_DESTROY] = "hwctx_destroy",
	[SIM_OP_CONFIG_CU] = "config_cu",
	[SIM_OP_EXEC] = "exec",
	[SIM_OP_SUSPEND] = "suspend",
	[SIM_OP_RESUME] = "resume",
	[SIM_OP_POWER_CYCLE] = "power_cycle",
	[SIM_OP_ADVANCE] = "advance",
	[SIM_OP_SHIM_OPEN] = "shim_open",
	[SIM_OP_SHIM_ALLOC] = "shim_alloc",
	[SIM_OP_SHIM_EXPAND] = "shim_expand",
	[SIM_OP_SHIM_CLOSE] = "shim_close",
	[SIM_OP_AIE_ERROR] = "aie_error",
	[SIM_OP_TDR] = "tdr",
	[SIM_OP_REMOVE] = "remove",
	[SIM_OP_SHIM_SYNC] = "shim_sync",
	[SIM_OP_SHIM_HWCTX_CREATE] = "shim_hwctx_create",
	[SIM_OP_SHIM_HWCTX_DESTROY] = "shim_hwctx_destroy",
	[SIM_OP_SHIM_CLOSE_CHUNKS] = "shim_close_chunks",
	[SIM_OP_SHIM_HWCTX_CONFIG] = "shim_hwctx_config",
	[SIM_OP_MBOX_RX] = "mbox_rx",
};

const char *sim_op_name(unsigned int op)
{
	return op < SIM_OP_MAX && op_names[op] ? op_names[op] : "?";
}

const char *sim_opcode_name(unsigned int opcode)
{
	return msg_opcode_name(opcode);
}

void sim_config_default(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->device = "npu4";
	cfg->rev = REV_HEAD;
	cfg->mode = ADDR_PASID;
	cfg->num_heap_pages = 1;
}

/* The ledger's message, status and fault counters (sim/ledger.c reads them). */
static void cov_event(struct sim_cov *cov, u16 type, u16 kind, s32 err)
{
	const struct msg_desc *d;

	switch (type) {
	case SIM_EV_MSG_TX:
	case SIM_EV_MSG_RX:
		d = msg_desc_find(kind);
		if (d)
			(type == SIM_EV_MSG_TX ? cov->tx : cov->rx)[d - msg_descs]++;
		if (type == SIM_EV_MSG_RX) {
			for (size_t i = 0; i < fw_nstatuses; i++) {
				if (fw_statuses[i].value == (u32)err) {
					cov->status[i]++;
					break;
				}
			}
		}
		break;
	case SIM_EV_FAULT:
		if (kind < SIM_FAULT_NR)
			cov->fault[kind]++;
		break;
	default:
		break;
	}
}

void sim_ev(struct sim *sim, u16 type, u16 kind, u32 client, u32 obj, s32 err, u32 aux,
	    u64 addr, u64 size)
{
	struct sim_event *e = evlog_push(&sim->log);

	e->time_ns = sim->clock.now_ns;
	e->type = type;
	e->kind = kind;
	e->client = client;
	e->obj = obj;
	e->err = err;
	e->aux = aux;
	e->addr = addr;
	e->size = size;
	cov_event(&sim->cov, type, kind, err);
}

int sim_fault(struct sim *sim, unsigned int site, s64 *value)
{
	if (!sim_fault_hit(&sim->faults, site, value))
		return 0;
	sim_ev(sim, SIM_EV_FAULT, (u16)site, 0, 0, (s32)*value,
	       (u32)sim->faults.calls[site], 0, 0);
	return 1;
}

struct sim_violation *sim_violation_rec(struct sim *sim, int number, u32 client, u32 obj,
					u64 addr, const char *why)
{
	struct sim_violation *v;

	sim_ev(sim, SIM_EV_VIOLATION, (u16)number, client, obj, 0, 0, addr, 0);
	if (sim->nviol == sim->cap_viol) {
		u32 n = sim->cap_viol ? sim->cap_viol * 2 : 8;
		struct sim_violation *t = realloc(sim->viol, n * sizeof(*t));

		if (t) {
			sim->viol = t;
			sim->cap_viol = n;
		}
	}
	if (sim->nviol < sim->cap_viol && !sim->nviol_lost) {
		v = &sim->viol[sim->nviol++];
	} else {
		v = &sim->viol_lost;	/* counted all the same: never a silent pass */
		sim->nviol_lost++;
	}
	*v = (struct sim_violation){ .number = number, .client = client, .obj = obj, .addr = addr };
	snprintf(v->why, sizeof(v->why), "%s", why);
	return v;
}

void sim_violation(struct sim *sim, int number, u32 client, u32 obj, u64 addr,
		   const char *fmt, ...)
{
	char why[sizeof(((struct sim_violation *)0)->why)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	sim_violation_rec(sim, number, client, obj, addr, why);
}

struct sim_client *sim_client_find(struct sim *sim, u32 id)
{
	for (struct sim_client *c = sim->clients; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

int sim_create(const struct sim_config *cfg, struct sim **out)
{
	const struct xdna_device_info *di;
	const struct heap_profile *hp;
	struct sim *sim;
	u32 feat;
	int dev, ret;

	if (!cfg || !out)
		return -EINVAL;
	/* struct sim_cov has room for proto's tables (a build-time fact) */
	BUG_ON(msg_ndescs > SIM_COV_MSGS || fw_nstatuses > SIM_COV_STATUSES);
	/* Devices of common/devices.def that run AIE2 firmware. */
	dev = xdna_device_by_name(cfg->device ? cfg->device : "npu4");
	hp = dev >= 0 ? heap_profile_find(xdna_devices[dev].name) : NULL;
	if (!hp || !xdna_device_is_aie2((enum xdna_device)dev) || !drv_ops_of(cfg->rev) ||
	    (unsigned int)cfg->mode >= ADDR_NR_MODES || (cfg->bugs & ~SIM_BUG_ALL))
		return -EINVAL;
	di = &xdna_devices[dev];
	sim = calloc(1, sizeof(*sim));
	if (!sim)
		return -ENOMEM;
	sim->cfg = *cfg;
	sim->ops = drv_ops_of(cfg->rev);
	sim->cfg.device = hp->name;
	if (!sim->cfg.fw_major) {
		sim->cfg.fw_major = XDNA_FW_MAJOR(di->fw_default);
		sim->cfg.fw_minor = XDNA_FW_MINOR(di->fw_default);
	}
	if (!sim->cfg.num_heap_pages)
		sim->cfg.num_heap_pages = 1;
	if (!sim->cfg.carveout_size) {
		sim->cfg.carveout_base = 0x1000000000ULL;
		sim->cfg.carveout_size = 0x200000000ULL;
	}
	sim->dev.hp = hp;
	sim->dev.total_col = di->total_col;
	sim->dev.first_col = di->first_col;
	sim->dev.npu1 = di->family == XDNA_FAMILY_NPU1;
	if (proto_fw_features(sim->dev.npu1 ? PROTO_DEV_NPU1 : PROTO_DEV_NPU4, sim->cfg.fw_major,
			      sim->cfg.fw_minor, &feat)) {
		free(sim);
		return -EINVAL;
	}
	sim->next_client_id = 1;
	sim->next_hwctx_id = 1;
	sim->next_fd = 3;
	evlog_init(&sim->log, cfg->event_limit, cfg->events_off);
	sim->clock.wait = wire_clock_wait;
	sim->clock.priv = sim;
	mbox_mgmt_init(&sim->mg);
	if (mbox_trace_init(&sim->trace, 0)) {
		free(sim);
		return -ENOMEM;
	}
	mbox_trace_set_sink(&sim->trace, wire_trace_sink, sim);
	sim_fault_init(&sim->faults, cfg->seed);
	iommu_init(&sim->iommu, cfg->mode, sim->cfg.carveout_base, sim->cfg.carveout_size);
	fw_init(sim);
	ret = drv_msg_mgmt_buffers(sim, true);
	if (!ret)
		ret = drv_device_start(sim);
	if (ret) {
		sim_destroy(sim);
		return ret;
	}
	*out = sim;
	return 0;
}

void sim_destroy(struct sim *sim)
{
	if (!sim)
		return;
	if (sim->obs.destroy) {
		struct sim_op_observer obs = sim->obs;

		sim->obs.destroy = NULL;
		obs.destroy(obs.ctx, sim);
	}
	while (sim->clients) {
		if (!sim->clients->closed)
			drv_close(sim, sim->clients);
		drv_postclose(sim, sim->clients);
	}
	drv_device_stop(sim);
	fw_fini(sim);
	drv_msg_mgmt_buffers(sim, false);
	iommu_fini(&sim->iommu);
	mbox_trace_fini(&sim->trace);
	evlog_fini(&sim->log);
	drv_bo_pool_fini(sim);
	free(sim->viol);
	free(sim);
}

/* Every op: look the client up (closed fds are gone: -EBADF), run, record. */
static struct sim_client *op_client(struct sim *sim, u32 id)
{
	struct sim_client *c = sim_client_find(sim, id);

	return c && !c->closed ? c : NULL;
}

/*
 * An ioctl on @client: 0 with *@c; -ENODEV once the device is removed
 * (drm_dev_is_unplugged); -EBADF for an unknown or closed file.
 */
static int gate(struct sim *sim, u32 client, struct sim_client **c)
{
	*c = op_client(sim, client);
	if (sim->removed)
		return -ENODEV;
	return *c ? 0 : -EBADF;
}

/* The hwctx @hwctx of open client @client: 0, -ENODEV, -EBADF or -EINVAL. */
static int op_hwctx(struct sim *sim, u32 client, u32 hwctx, struct sim_hwctx **h)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);

	if (ret)
		return ret;
	*h = drv_hwctx_find(c, hwctx);
	return *h ? 0 : -EINVAL;
}

/*
 * Op nesting: shim ops call public ops.  Only the outermost op notifies the
 * observer (fail-nth enumeration).
 */
static void op_begin(struct sim *sim)
{
	if (sim->op_depth++ == 0 && sim->obs.begin)
		sim->obs.begin(sim->obs.ctx, sim);
}

int sim_esite(struct sim *sim, unsigned int site, int err)
{
	if (site < SIM_ES_NR)
		sim->cov.esite[site]++;
	return err;
}

int sim_esite_heap(struct sim *sim, struct sim_client *c, bool dev, int err)
{
	return sim_esite(sim, sim_esite_for_reason(heap_last_reason(c->heap), dev), err);
}

const struct sim_cov *sim_coverage(const struct sim *sim)
{
	return &sim->cov;
}

/* One state-cell observation per client without hwctx and per hwctx. */
static void cov_observe(struct sim *sim)
{
	for (struct sim_client *c = sim->clients; c; c = c->next) {
		u32 n = c->heap ? heap_nr_chunks(c->heap) : 0;

		if (n >= SIM_CELL_CHUNKS) {
			sim->cov.cell_over++;
			continue;
		}
		if (!c->hwctxs)
			sim->cov.cell[n][0]++;
		for (struct sim_hwctx *h = c->hwctxs; h; h = h->next) {
			u32 a = heap_attach_count(&h->att);

			if (a + 1 < SIM_CELL_ATTACH)
				sim->cov.cell[n][a + 1]++;
			else
				sim->cov.cell_over++;
		}
	}
}

static int op_end(struct sim *sim, unsigned int op, u32 client, int ret, u32 msgs0,
		  struct sim_result *res, struct sim_result *tmp)
{
	if (!res)
		res = tmp;
	if (!sim->log.off)
		cov_observe(sim);
	res->msgs = sim->msgs_sent - msgs0;
	sim_ev(sim, SIM_EV_OP, (u16)op, client, res->handle, ret, res->msgs, res->addr,
	       res->uva);
	if (--sim->op_depth == 0 && sim->obs.end)
		sim->obs.end(sim->obs.ctx, sim, op, client, ret);
	return ret;
}

#define OP_BEGIN(res)                                   \
	struct sim_result tmp_, *r_ = (res) ? (res) : &tmp_; \
	u32 msgs0_ = sim->msgs_sent;                    \
	memset(r_, 0, sizeof(*r_));                     \
	op_begin(sim)
#define OP_END(op, client, ret) op_end(sim, op, client, ret, msgs0_, r_, &tmp_)

int sim_open(struct sim *sim, struct sim_result *res)
{
	struct sim_client *c;
	int ret;
	OP_BEGIN(res);

	ret = sim->removed ? -ENODEV : drv_open(sim, &c);
	if (!ret)
		r_->handle = c->id;
	return OP_END(SIM_OP_OPEN, r_->handle, ret);
}

int sim_close(struct sim *sim, u32 client)
{
	struct sim_client *c = op_client(sim, client);
	OP_BEGIN(NULL);

	if (c)
		drv_close(sim, c);
	return OP_END(SIM_OP_CLOSE, client, c ? 0 : -EBADF);
}

int sim_postclose(struct sim *sim, u32 client)
{
	return sim_postclose_stage(sim, client, SIM_POSTCLOSE_ALL);
}

int sim_postclose_stage(struct sim *sim, u32 client, enum sim_postclose_stage stage)
{
	struct sim_client *c = sim_client_find(sim, client);
	int ret = c && c->closed ? 0 : -EBADF;
	OP_BEGIN(NULL);

	if (!ret && stage > SIM_POSTCLOSE_FINISH)
		ret = -EINVAL;
	/* FINISH continues a FINI; a FINI or a whole postclose starts one */
	if (!ret && (stage == SIM_POSTCLOSE_FINISH) != c->unlisted)
		ret = stage == SIM_POSTCLOSE_FINISH ? -EINVAL : -EBUSY;
	if (!ret && stage == SIM_POSTCLOSE_FINI)
		drv_postclose_fini(sim, c);
	else if (!ret)
		drv_postclose(sim, c);
	return OP_END(SIM_OP_POSTCLOSE, client, ret);
}

int sim_release(struct sim *sim, u32 client)
{
	int ret = sim_close(sim, client);

	return ret ? ret : sim_postclose(sim, client);
}

/* CREATE_BO of @type, or (@stage set) one part of a DEV BO's. */
static int create_bo(struct sim *sim, u32 client, u32 type, u64 size, u64 flags,
		     enum sim_bo_stage stage, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = stage ? drv_create_dev_bo_stage(sim, c, size, flags, stage, r_) :
		      drv_create_bo(sim, c, type, size, flags, r_);
	return OP_END(SIM_OP_CREATE_BO, client, ret);
}

int sim_create_bo(struct sim *sim, u32 client, u32 type, u64 size, u64 flags,
		  struct sim_result *res)
{
	return create_bo(sim, client, type, size, flags, SIM_BO_ALL, res);
}

int sim_create_bo_stage(struct sim *sim, u32 client, u64 size, enum sim_bo_stage stage,
			struct sim_result *res)
{
	return create_bo(sim, client, SIM_BO_DEV, size, 0, stage, res);
}

int sim_gem_close(struct sim *sim, u32 client, u32 handle)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(NULL);

	if (!ret)
		ret = drv_handle_delete(sim, c, handle);
	r_->handle = handle;
	return OP_END(SIM_OP_GEM_CLOSE, client, ret);
}

int sim_mmap(struct sim *sim, u32 client, u32 handle, u64 uva, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = drv_mmap(sim, c, handle, uva, r_);
	r_->handle = handle;
	return OP_END(SIM_OP_MMAP, client, ret);
}

int sim_munmap(struct sim *sim, u32 client, u64 uva)
{
	struct sim_client *c = sim_client_find(sim, client);
	int ret;
	OP_BEGIN(NULL);

	/* The mappings belong to the process: they outlive the fd's close. */
	ret = c ? drv_munmap(sim, c, uva) : -EBADF;
	r_->addr = uva;
	return OP_END(SIM_OP_MUNMAP, client, ret);
}

int sim_sync_bo(struct sim *sim, u32 client, u32 handle, u32 dir, u64 offset, u64 size,
		struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = dir > SIM_SYNC_FROM_DEVICE ? -EINVAL :
		      drv_sync_bo(sim, c, handle, dir, offset, size);
	r_->handle = handle;
	return OP_END(SIM_OP_SYNC_BO, client, ret);
}

int sim_get_bo_info(struct sim *sim, u32 client, u32 handle, struct sim_bo_info *info)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(NULL);

	if (!ret)
		ret = !info ? -EINVAL : drv_get_bo_info(sim, c, handle, info);
	r_->handle = handle;
	if (!ret)
		r_->addr = info->xdna_addr;
	return OP_END(SIM_OP_GET_BO_INFO, client, ret);
}

int sim_prime_export(struct sim *sim, u32 client, u32 handle, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = drv_prime_export(sim, c, handle, &r_->handle);
	return OP_END(SIM_OP_PRIME_EXPORT, client, ret);
}

int sim_gem_open_check(struct sim *sim, u32 client, u32 owner, u32 handle)
{
	struct sim_client *c, *o;
	struct sim_bo *bo;
	int ret = gate(sim, client, &c);

	if (!ret)
		ret = gate(sim, owner, &o);
	if (ret)
		return ret;
	bo = drv_bo_lookup(o, handle);
	if (!bo)
		return -ENOENT;
	/* amdxdna_gem_dev_obj_open(): filp->driver_priv != abo->client */
	if (bo->type == SIM_BO_DEV && sim->ops->dev_bo_open_own_client && c != bo->owner)
		return -EPERM;
	/* upstream amdxdna_gem_obj_open(): open_ref > 0 && filp->driver_priv != abo->client */
	if (bo->type != SIM_BO_DEV && sim->ops->shmem_open_own_client && bo->handles &&
	    c != bo->owner)
		return -EPERM;
	return 0;
}

int sim_prime_import(struct sim *sim, u32 client, u32 fd, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = drv_prime_import(sim, c, fd, r_);
	return OP_END(SIM_OP_PRIME_IMPORT, client, ret);
}

int sim_hwctx_create(struct sim *sim, u32 client, u32 num_tiles, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = drv_hwctx_create(sim, c, num_tiles, r_);
	return OP_END(SIM_OP_HWCTX_CREATE, client, ret);
}

int sim_hwctx_destroy(struct sim *sim, u32 client, u32 hwctx)
{
	struct sim_hwctx *h;
	int ret = op_hwctx(sim, client, hwctx, &h);
	OP_BEGIN(NULL);

	if (!ret)
		drv_hwctx_fini(sim, h);
	r_->handle = hwctx;
	return OP_END(SIM_OP_HWCTX_DESTROY, client, ret);
}

int sim_config_cu(struct sim *sim, u32 client, u32 hwctx, const u32 *bo_handles, u32 n,
		  struct sim_result *res)
{
	struct sim_hwctx *h;
	int ret = op_hwctx(sim, client, hwctx, &h);
	OP_BEGIN(res);

	if (!ret)
		ret = n && !bo_handles ? -EINVAL : drv_config_cu(sim, h, bo_handles, n);
	r_->handle = hwctx;
	return OP_END(SIM_OP_CONFIG_CU, client, ret);
}

int sim_exec(struct sim *sim, u32 client, u32 hwctx, const struct sim_exec_desc *cmd,
	     struct sim_result *res)
{
	struct sim_hwctx *h;
	int ret = op_hwctx(sim, client, hwctx, &h);
	OP_BEGIN(res);

	if (!ret && (!cmd || (cmd->naddr && !cmd->addrs) || (cmd->nbo && !cmd->bos)))
		ret = -EINVAL;
	if (!ret)
		ret = drv_exec(sim, h, cmd, r_);
	r_->handle = hwctx;
	return OP_END(SIM_OP_EXEC, client, ret);
}

int sim_shim_open(struct sim *sim, struct sim_result *res)
{
	int ret;
	OP_BEGIN(res);

	ret = shim_open(sim, r_);
	return OP_END(SIM_OP_SHIM_OPEN, r_->handle, ret);
}

int sim_shim_alloc_dev_bo(struct sim *sim, u32 client, u64 size, struct sim_result *res)
{
	return sim_shim_alloc_dev_bo_stage(sim, client, size, SIM_BO_ALL, res);
}

int sim_shim_alloc_dev_bo_stage(struct sim *sim, u32 client, u64 size, enum sim_bo_stage stage,
				struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = stage ? shim_alloc_dev_bo_stage(sim, c, size, stage, r_) :
		      shim_alloc_dev_bo(sim, c, size, r_);
	return OP_END(SIM_OP_SHIM_ALLOC, client, ret);
}

int sim_shim_expand(struct sim *sim, u32 client, u64 size, struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret)
		ret = shim_expand(sim, c, size, r_);
	return OP_END(SIM_OP_SHIM_EXPAND, client, ret);
}

int sim_shim_sync(struct sim *sim, u32 client, u32 handle, u32 dir, u64 offset, u64 size)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(NULL);

	if (!ret)
		ret = shim_sync(sim, c, handle, dir, offset, size);
	r_->handle = handle;
	r_->addr = offset;
	return OP_END(SIM_OP_SHIM_SYNC, client, ret);
}

int sim_shim_hwctx_create(struct sim *sim, u32 client, u32 num_cus, u32 *pdis,
			  struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret && num_cus && !pdis)
		ret = -EINVAL;
	if (!ret)
		ret = shim_hwctx_create(sim, c, num_cus, pdis, r_);
	return OP_END(SIM_OP_SHIM_HWCTX_CREATE, client, ret);
}

int sim_shim_hwctx_config(struct sim *sim, u32 client, u32 hwctx, u32 num_cus, u32 *pdis,
			  struct sim_result *res)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(res);

	if (!ret && num_cus && !pdis)
		ret = -EINVAL;
	if (!ret)
		ret = shim_hwctx_config(sim, c, hwctx, num_cus, pdis, r_);
	r_->handle = hwctx;
	return OP_END(SIM_OP_SHIM_HWCTX_CONFIG, client, ret);
}

int sim_shim_hwctx_destroy(struct sim *sim, u32 client, u32 hwctx, const u32 *pdis, u32 n)
{
	struct sim_client *c;
	int ret = gate(sim, client, &c);
	OP_BEGIN(NULL);

	if (!ret && n && !pdis)
		ret = -EINVAL;
	if (!ret)
		ret = shim_hwctx_destroy(sim, c, hwctx, pdis, n);
	r_->handle = hwctx;
	return OP_END(SIM_OP_SHIM_HWCTX_DESTROY, client, ret);
}

int sim_shim_close(struct sim *sim, u32 client)
{
	struct sim_client *c = op_client(sim, client);
	OP_BEGIN(NULL);

	if (c)
		shim_close(sim, c);
	return OP_END(SIM_OP_SHIM_CLOSE, client, c ? 0 : -EBADF);
}

int sim_shim_close_chunks(struct sim *sim, u32 client)
{
	struct sim_client *c = op_client(sim, client);
	OP_BEGIN(NULL);

	if (c)
		shim_close_chunks(sim, c);
	return OP_END(SIM_OP_SHIM_CLOSE_CHUNKS, client, c ? 0 : -EBADF);
}

int sim_suspend(struct sim *sim)
{
	OP_BEGIN(NULL);

	return OP_END(SIM_OP_SUSPEND, 0, sim->removed ? -ENODEV : drv_suspend_all(sim));
}

int sim_resume(struct sim *sim)
{
	OP_BEGIN(NULL);

	return OP_END(SIM_OP_RESUME, 0, sim->removed ? -ENODEV : drv_resume_all(sim));
}

int sim_power_cycle(struct sim *sim)
{
	OP_BEGIN(NULL);

	return OP_END(SIM_OP_POWER_CYCLE, 0, sim->removed ? -ENODEV : drv_hw_reset(sim));
}

int sim_remove(struct sim *sim)
{
	int ret = sim->removed ? -ENODEV : 0;
	OP_BEGIN(NULL);

	if (!ret) {
		for (struct sim_client *c = sim->clients; c; c = c->next) {
			while (c->hwctxs)
				drv_hwctx_fini(sim, c->hwctxs);
			drv_sva_unbind(sim, c);
		}
		drv_device_stop(sim);
		sim->removed = true;
	}
	return OP_END(SIM_OP_REMOVE, 0, ret);
}

int sim_advance(struct sim *sim, u64 ms)
{
	int ret;
	OP_BEGIN(NULL);

	if (ms > (U64_MAX - sim->clock.now_ns) / 1000000ULL)
		ret = -EINVAL;
	else
		ret = drv_run_timers(sim, sim->clock.now_ns + ms * 1000000ULL);
	r_->addr = ms;
	return OP_END(SIM_OP_ADVANCE, 0, ret);
}

int sim_aie_error(struct sim *sim, u32 client, u32 hwctx)
{
	struct sim_hwctx *h;
	int ret = op_hwctx(sim, client, hwctx, &h);
	OP_BEGIN(NULL);

	if (!ret)
		ret = h->has_fw_ctx ? fw_aie_error(sim, h->fw_ctx_id) : -EINVAL;
	if (!ret)
		drv_msg_poll_mgmt(sim);
	r_->handle = hwctx;
	return OP_END(SIM_OP_AIE_ERROR, client, ret);
}

int sim_tdr(struct sim *sim, u32 client, u32 hwctx, enum sim_health health)
{
	return sim_tdr_stage(sim, client, hwctx, health, SIM_TDR_ALL);
}

int sim_tdr_stage(struct sim *sim, u32 client, u32 hwctx, enum sim_health health,
		  enum sim_tdr_stage stage)
{
	/* a worker, not an ioctl: a released fd's hwctxs live until postclose */
	struct sim_client *c = sim_client_find(sim, client);
	struct sim_hwctx *h = c ? drv_hwctx_find(c, hwctx) : NULL;
	int ret = sim->removed ? -ENODEV : !c ? -EBADF : h ? 0 : -EINVAL;
	OP_BEGIN(NULL);

	if (!ret && (health > SIM_HEALTH_DEAD || stage > SIM_TDR_MARK))
		ret = -EINVAL;
	/* a restart needs the stop before it; a stopped context is the handler's */
	if (!ret && stage == SIM_TDR_RESTART && !h->tdr_stopped)
		ret = -EINVAL;
	if (!ret && stage != SIM_TDR_RESTART && h->tdr_stopped)
		ret = -EBUSY;
	if (!ret && stage != SIM_TDR_STOP && stage != SIM_TDR_RESTART && h->tdr_marked)
		ret = -EBUSY;
	if (!ret && (stage == SIM_TDR_ALL || stage == SIM_TDR_MARK ||
		     (stage == SIM_TDR_STOP && !h->tdr_marked))) {
		if (health == SIM_HEALTH_FATAL && h->has_fw_ctx)
			sim->fw.ctx[h->fw_ctx_id].fatal = true;
		if (health == SIM_HEALTH_DEAD)
			sim->fw.dead = true;
	}
	if (!ret && stage == SIM_TDR_ALL)
		ret = drv_tdr(sim, h, h->njobs ? &h->jobs[0] : NULL);
	else if (!ret && stage == SIM_TDR_MARK)
		sim->ops->tdr_mark(sim, h, h->njobs ? &h->jobs[0] : NULL);
	else if (!ret && stage == SIM_TDR_STOP)
		sim->ops->tdr_stop(sim, h, h->njobs ? &h->jobs[0] : NULL);
	else if (!ret)
		ret = sim->ops->tdr_restart(sim, h);
	r_->handle = hwctx;
	return OP_END(SIM_OP_TDR, client, ret);
}

int sim_mbox_rx(struct sim *sim, u32 client, u32 hwctx)
{
	/* the receive worker of the hwctx's user channel, not an ioctl */
	struct sim_client *c = sim_client_find(sim, client);
	struct sim_hwctx *h = c ? drv_hwctx_find(c, hwctx) : NULL;
	int ret = sim->removed ? -ENODEV : !c ? -EBADF : h ? 0 : -EINVAL;
	OP_BEGIN(NULL);

	/* the firmware's post raises the MSI-X, which runs the worker (sim/wire.c) */
	if (!ret && h->has_fw_ctx && h->uch)
		fw_answer_late(sim, &sim->fw.ctx[h->fw_ctx_id]);
	r_->handle = hwctx;
	return OP_END(SIM_OP_MBOX_RX, client, ret);
}

u64 sim_now_ns(const struct sim *sim)
{
	return sim->clock.now_ns;
}

size_t sim_event_count(const struct sim *sim)
{
	return evlog_count(&sim->log);
}

const struct sim_event *sim_event_at(const struct sim *sim, size_t i)
{
	return evlog_at(&sim->log, i);
}

void sim_prefetch_bo(struct sim *sim, u32 client, u32 handle, const void *obj)
{
	const struct sim_client *c = sim_client_find(sim, client);

	if (c && handle < c->nhandles)
		__builtin_prefetch(&c->handles[handle]);
	drv_bo_prefetch(obj);
}

void sim_event_consume(struct sim *sim)
{
	evlog_consume(&sim->log);
}

u32 sim_violation_count(const struct sim *sim)
{
	return sim->nviol + sim->nviol_lost;
}

const struct sim_violation *sim_violation_at(const struct sim *sim, u32 i)
{
	if (i < sim->nviol)
		return &sim->viol[i];
	return i < sim->nviol + sim->nviol_lost ? &sim->viol_lost : NULL;
}

struct heap *sim_client_heap(struct sim *sim, u32 client)
{
	struct sim_client *c = sim_client_find(sim, client);

	return c ? c->heap : NULL;
}

int sim_chunk_handle(struct sim *sim, u32 client, u32 idx, u32 *handle)
{
	struct sim_client *c = sim_client_find(sim, client);

	for (struct sim_bo *bo = c ? c->objs : NULL; bo; bo = bo->next) {
		if (bo->type == SIM_BO_DEV_HEAP && bo->chunk == idx && bo->handle) {
			*handle = bo->handle;
			return 0;
		}
	}
	return -ENOENT;
}

int sim_chunk_mappings(struct sim *sim, u32 client, u32 idx, u64 *uvas, u32 max, u32 *n)
{
	struct sim_client *c = sim_client_find(sim, client);
	u32 k = 0;

	if (!c || !n || (max && !uvas))
		return -EINVAL;
	for (u32 i = 0; i < c->nvmas; i++) {
		const struct sim_bo *bo = c->vmas[i].bo;

		if (!bo || bo->type != SIM_BO_DEV_HEAP || bo->chunk != idx)
			continue;
		if (k == max)
			return -ENOSPC;
		uvas[k++] = c->vmas[i].uva;
	}
	*n = k;
	return 0;
}

u64 sim_shim_base(struct sim *sim, u32 client)
{
	struct sim_client *c = sim_client_find(sim, client);

	return c ? c->shim_base : 0;
}

int sim_client_usage(struct sim *sim, u32 client, u64 *total, u64 *internal, u64 *heap)
{
	struct sim_client *c = sim_client_find(sim, client);

	if (!c)
		return -ENOENT;
	if (!total || !internal || !heap)
		return -EINVAL;
	*total = c->total_bo_usage;
	*internal = c->total_int_bo_usage;
	*heap = heap_usage(c->heap);
	return 0;
}

int sim_fw_ctx_info(struct sim *sim, u32 client, u32 hwctx, struct sim_fw_ctx_info *info)
{
	struct sim_client *c = sim_client_find(sim, client);
	struct sim_hwctx *h = c ? drv_hwctx_find(c, hwctx) : NULL;
	const struct fw_ctx *x;

	if (!h || !info)
		return !info ? -EINVAL : -ENOENT;
	if (!h->has_fw_ctx)
		return -ENODEV;
	x = fw_ctx_get(sim, h->fw_ctx_id);
	if (!x)
		return -ENODEV;
	memset(info, 0, sizeof(*info));
	info->fw_ctx_id = x->id;
	info->pasid = x->pasid;
	info->state = x->state;
	info->nbufs = x->nbufs;
	info->bufs = x->bufs;
	info->num_cus = x->num_cus;
	info->cu_cfg = x->cu_cfg;
	info->start_col = x->start_col;
	info->num_col = x->num_col;
	info->num_unused_col = x->num_unused_col;
	return 0;
}

int sim_fault_program(struct sim *sim, const char *site, const struct sim_fault_policy *pol)
{
	int s = site ? sim_fault_site_by_name(site) : -EINVAL;

	if (s < 0 || !pol)
		return -EINVAL;
	return sim_fault_set(&sim->faults, (unsigned int)s, pol);
}

int sim_fault_program_at(struct sim *sim, const char *site, const struct sim_fault_policy *pol,
			 u64 calls, u64 fired)
{
	int ret = sim_fault_program(sim, site, pol);

	if (!ret)
		ret = sim_fault_set_counts(&sim->faults, (unsigned int)sim_fault_site_by_name(site),
					   calls, fired);
	return ret;
}

u64 sim_fault_fired(const struct sim *sim, const char *site)
{
	int s = site ? sim_fault_site_by_name(site) : -EINVAL;

	return s < 0 ? 0 : sim->faults.fired[s];
}

u64 sim_fault_calls(const struct sim *sim, const char *site)
{
	int s = site ? sim_fault_site_by_name(site) : -EINVAL;

	return s < 0 ? 0 : sim->faults.calls[s];
}

u32 sim_last_flush(const struct sim *sim, const struct heap_flush **out)
{
	*out = sim->last_flush;
	return sim->nlast_flush;
}

void sim_set_op_observer(struct sim *sim, const struct sim_op_observer *obs)
{
	if (obs)
		sim->obs = *obs;
	else
		memset(&sim->obs, 0, sizeof(sim->obs));
}

void sim_set_fw_dead(struct sim *sim, bool dead)
{
	sim->fw.dead = dead;
}

u64 sim_fw_msg_count(const struct sim *sim)
{
	return sim->fw.ncap < SIM_FW_CAPTURE ? sim->fw.ncap : SIM_FW_CAPTURE;
}

const struct sim_fw_msg *sim_fw_msg_at(const struct sim *sim, u64 i)
{
	u64 first = sim->fw.ncap < SIM_FW_CAPTURE ? 0 : sim->fw.ncap - SIM_FW_CAPTURE;

	if (i >= sim_fw_msg_count(sim))
		return NULL;
	return &sim->fw.cap[(first + i) % SIM_FW_CAPTURE];
}

void sim_fw_version(const struct sim *sim, u32 *major, u32 *minor)
{
	*major = sim->cfg.fw_major;
	*minor = sim->cfg.fw_minor;
}
