/* SPDX-License-Identifier: MIT */
/*
 * sim.h - the xdnasim simulator: NPU firmware (MERT + one ERT per context),
 * IOMMU/PASID, the amdxdna driver model and the XRT shim, in both heap
 * designs (PR #1233 and HEAD) and the three address modes (PASID, IOVA,
 * carveout).  Facts: docs/driver/heap.md and docs/driver/proto.md.
 *
 * The scenario runner drives it op by op.  Every op returns 0 or a negative
 * errno and fills a struct sim_result with the handle / address it
 * produced and per-op counters.  Time is simulated (sim_advance()); nothing
 * reads the wall clock; the same config and seed give the same event log.
 * Single-threaded: callers serialise.
 */
#ifndef XDNASIM_SIM_SIM_H
#define XDNASIM_SIM_SIM_H

#include <stddef.h>

#include "common/compat.h"
#include "sim/event.h"
#include "sim/fault.h"
#include "sim/bugs.h"
#include "sim/esite.h"
#include "alloc/heap.h"

struct sim;

/* BO types (uapi values). */
enum sim_bo_type {
	SIM_BO_SHARE = 1,
	SIM_BO_DEV_HEAP = 2,
	SIM_BO_DEV = 3,
};

/* What the health query reports when a TDR is forced (sim_tdr). */
enum sim_health {
	SIM_HEALTH_OK = 0,	/* answered, no fatal exception */
	SIM_HEALTH_FATAL,	/* answered, fatal_type != 0 */
	SIM_HEALTH_DEAD,	/* unanswered: firmware dead, escalates to a power-cycle */
};

/* SYNC_BO direction. */
enum sim_sync_dir {
	SIM_SYNC_TO_DEVICE = 0,
	SIM_SYNC_FROM_DEVICE = 1,
};

/* Driver operations, as recorded in SIM_EV_OP records (kind). */
enum sim_op {
	SIM_OP_OPEN = 1,
	SIM_OP_CLOSE,
	SIM_OP_POSTCLOSE,
	SIM_OP_CREATE_BO,
	SIM_OP_GEM_CLOSE,
	SIM_OP_MMAP,
	SIM_OP_MUNMAP,
	SIM_OP_SYNC_BO,
	SIM_OP_GET_BO_INFO,
	SIM_OP_PRIME_EXPORT,
	SIM_OP_PRIME_IMPORT,
	SIM_OP_HWCTX_CREATE,
	SIM_OP_HWCTX_DESTROY,
	SIM_OP_CONFIG_CU,
	SIM_OP_EXEC,
	SIM_OP_SUSPEND,
	SIM_OP_RESUME,
	SIM_OP_POWER_CYCLE,
	SIM_OP_ADVANCE,
	SIM_OP_SHIM_OPEN,
	SIM_OP_SHIM_ALLOC,
	SIM_OP_SHIM_EXPAND,
	SIM_OP_SHIM_CLOSE,
	SIM_OP_AIE_ERROR,
	SIM_OP_TDR,
	SIM_OP_REMOVE,
	SIM_OP_SHIM_SYNC,
	SIM_OP_SHIM_HWCTX_CREATE,
	SIM_OP_SHIM_HWCTX_DESTROY,
	SIM_OP_SHIM_CLOSE_CHUNKS,
	SIM_OP_SHIM_HWCTX_CONFIG,
	SIM_OP_MBOX_RX,
	SIM_OP_MAX
};

/* Historical-bug switches: SIM_BUG(SIM_BUG_...) bits, sim/bugs.h. */
#define SIM_BUG_NONE 0ULL

struct sim_config {
	const char *device;	/* "npu1", "npu4", "npu5", "npu6" (default "npu4") */
	u32 fw_major;		/* firmware protocol version; 0 = device default */
	u32 fw_minor;
	enum drv_rev rev;
	enum addr_mode mode;
	u32 num_heap_pages;	/* shim initial heap = min(64 MiB × this, 512 MiB); 0 → 1 */
	u64 seed;
	u64 bugs;		/* SIM_BUG(SIM_BUG_...) bits; unknown bits: sim_create -EINVAL */
	bool no_autosuspend;	/* disable the 5 s runtime autosuspend */
	bool events_off;	/* keep no event records (benchmarks) */
	size_t event_limit;	/* 0 = unbounded, else keep the newest N records */
	u64 carveout_base;	/* carveout mode: physical region (0 → defaults) */
	u64 carveout_size;
	bool oot_full_ring;	/* mailbox full ring: OOT -ENOSPC instead of UP wait */
};

/* Everything an op produced. */
struct sim_result {
	u32 handle;		/* client id, BO handle, hwctx id, or dma-buf fd */
	u64 addr;		/* device (xdna) address of a BO, or mmap address */
	u64 uva;		/* CPU address (shim DEV BO vaddr, chunk uva) */
	u32 expansions;		/* chunks created by the shim's retry loop */
	u32 msgs;		/* firmware messages sent by the driver during the op */
	u32 state;		/* exec: command state (4 completed, 5 error, ...), 0 pending */
	u32 seq;		/* exec: the job's sequence number on its hwctx */
	const void *obj;	/* CREATE_BO(DEV), shim DEV BO: the object, only for sim_prefetch_bo() */
};

/* GET_BO_INFO output (docs/driver/heap.md §3 table). */
struct sim_bo_info {
	u64 vaddr;
	u64 xdna_addr;
	u64 map_offset;
	u64 size;
	u32 type;
};

/* A command for sim_exec(): the device addresses the ERT will touch. */
struct sim_exec_desc {
	u32 cu_idx;
	u32 naddr;
	const u64 *addrs;	/* window (0x0400_0000-based) or host DMA addresses */
	const u64 *lens;	/* bytes at each address; NULL = 4 bytes each */
	u32 nbo;		/* argument BO handles (pinned sticky, docs/driver/heap.md §5.9) */
	const u32 *bos;
	bool hang;		/* the ERT never answers this command */
	bool late;		/* the ERT answers it at the next sim_mbox_rx() on its context */
};

/* The simulator's invariants: sim/sim_inv.def. */
enum sim_inv {
#define SIM_INV(n, cname, name, sel, what) SIM_INV_##cname = n,
#include "sim/sim_inv.def"
};

/* One row of sim/sim_inv.def; sim_invs[] holds them in number order. */
struct sim_inv_def {
	int number;
	const char *name;	/* the report / scenario name */
	bool selectable;	/* a scenario may list it under `invariants:` */
	const char *what;
};
extern const struct sim_inv_def sim_invs[];
extern const size_t sim_ninvs;

/* sim_inv_name - the name of invariant @number, "?" if there is none. */
const char *sim_inv_name(int number);
/* sim_inv_by_name - the number of the invariant called @name, or -ENOENT. */
int sim_inv_by_name(const char *name);
/* sim_inv_selectable - invariant @number exists and a scenario may list it. */
bool sim_inv_selectable(int number);

/*
 * A violation found by sim_check() (@by_check) or recorded by the driver
 * model or the firmware during an op.
 */
struct sim_violation {
	int number;		/* enum sim_inv */
	u32 client;
	u32 obj;
	u64 addr;
	bool by_check;
	char why[256];
};

/* Notes: conditions sim_check() reports that are not invariant failures. */
enum sim_note_kind {
	/*
	 * A chunk a hwctx holds changed its firmware address (munmap/remap)
	 * while the firmware context kept the address sent earlier: the
	 * driver does not re-send it until a restart (docs/driver/heap.md §14 item 9).
	 */
	SIM_NOTE_STALE_FW_ADDR = 1,
};

struct sim_note {
	int kind;		/* enum sim_note_kind */
	u32 client;
	u32 hwctx;
	u32 chunk;
	u64 sent;		/* address the firmware holds (first piece of the chunk) */
	u64 now;		/* the chunk's current firmware address */
};

/* A request as the firmware consumed it (first bytes of the payload). */
struct sim_fw_msg {
	u64 time_ns;
	u32 chan;		/* 0 management, 1 + fw ctx id for a user channel */
	u32 opcode;
	u32 id;
	u32 len;
	u8 head[32];
};

/* Firmware context host-buffer list, for tests and reports. */
struct sim_fw_ctx_info {
	u32 fw_ctx_id;
	u32 pasid;
	u32 state;		/* enum sim_fw_ctx_state */
	u32 nbufs;
	const u64 *bufs;	/* buf_addr of host buffer k (64 MiB each) */
	u32 num_cus;
	const u32 *cu_cfg;
	u32 start_col, num_col, num_unused_col;
};

void sim_config_default(struct sim_config *cfg);

/*
 * sim_create - build a device (boots the firmware over the management
 * channel) from @cfg.
 * Returns: 0; -EINVAL for an unknown device/design/mode or firmware version
 * the device's feature table rejects; -ENOMEM.
 */
int sim_create(const struct sim_config *cfg, struct sim **out);

/* sim_destroy - close every client (close + postclose) and free. */
void sim_destroy(struct sim *sim);

/*
 * Every op below records one SIM_EV_OP event, fills @res (which may be
 * NULL) and returns 0 or a negative errno.  Common errnos: -EBADF for an
 * unknown client or one whose fd was closed; -EINVAL for an unknown hwctx or
 * a malformed argument.
 */

/* --- clients ---------------------------------------------------------- */

/**
 * sim_open - amdxdna_drm_open (docs/driver/heap.md §5.1): a new client, its heap, and
 * in PASID mode an SVA bind (a PASID).  @res->handle = client id.
 * Returns 0; -ENOMEM (host_alloc); -EINVAL when SVA bind fails without a
 * carveout (sva_bind).
 */
int sim_open(struct sim *sim, struct sim_result *res);

/**
 * sim_close - fd release, step 1 (docs/driver/heap.md §5.12): every handle deleted
 * (chunk .close, DEV BOs freed unless a hwctx or job holds them).  The
 * process's mmaps stay.  Returns 0 or -EBADF.
 */
int sim_close(struct sim *sim, u32 client);

/**
 * sim_postclose - step 2: destroy every hwctx, drop the mmaps, free every
 * chunk, take the heap down, unbind SVA.  Returns 0; -EBADF unless the
 * client was closed.
 */
int sim_postclose(struct sim *sim, u32 client);

/* The two parts of the postclose around its dev_lock drop (docs/explore.md). */
enum sim_postclose_stage {
	SIM_POSTCLOSE_ALL = 0,	/* the whole postclose: sim_postclose() */
	SIM_POSTCLOSE_FINI,	/* to the first aie2_hwctx_fini() dev_lock drop */
	SIM_POSTCLOSE_FINISH,	/* dev_lock retaken: the rest */
};

/*
 * sim_postclose_stage - sim_postclose() or one part of it.  FINI takes the
 * client off client_list (suspend, resume and reset no longer see its
 * hwctxs) and takes its first hwctx (lowest id) through aie2_hwctx_fini()
 * up to the dev_lock drop: erased from the lookup, jobs cancelled,
 * DESTROY_CONTEXT sent, columns released; its id, pins and buffers stay
 * until FINISH, which does the rest of the postclose.  A client without
 * hwctx has no drop: FINI only unlists it.  Returns 0; -EBADF unless the
 * client was closed; -EBUSY for ALL or FINI after a FINI; -EINVAL for a
 * FINISH without a FINI or a bad @stage.
 */
int sim_postclose_stage(struct sim *sim, u32 client, enum sim_postclose_stage stage);

/* The two parts of a CREATE_BO(DEV) around its mm_lock release (docs/explore.md). */
enum sim_bo_stage {
	SIM_BO_ALL = 0,		/* the whole ioctl */
	SIM_BO_PLACE,		/* amdxdna_gem_heap_alloc(): the placement, under mm_lock */
	SIM_BO_PUBLISH,		/* dev_lock, update_heap (ADD_HOST_BUFFER per hwctx), the handle */
};

/*
 * sim_create_bo_stage - CREATE_BO(DEV) of @size, whole or one part.  PLACE
 * places the BO in the heap and keeps it pending (@res->addr; no handle
 * yet, no hwctx told); PUBLISH finishes the pending one (@size unused) and
 * fills @res as sim_create_bo().  Returns as sim_create_bo(); -EBUSY for
 * PLACE or ALL while a BO is pending, -EINVAL for PUBLISH without one or a
 * bad @stage.
 */
int sim_create_bo_stage(struct sim *sim, u32 client, u64 size, enum sim_bo_stage stage,
			struct sim_result *res);

/*
 * sim_shim_alloc_dev_bo_stage - sim_shim_alloc_dev_bo() whole or in two
 * parts: PLACE runs the shim's loop (CREATE_BO(DEV) placements, and a
 * chunk created and mapped after each EAGAIN) up to the placement that
 * succeeds; PUBLISH publishes it.  Returns as sim_shim_alloc_dev_bo(),
 * plus the errors of sim_create_bo_stage().
 */
int sim_shim_alloc_dev_bo_stage(struct sim *sim, u32 client, u64 size, enum sim_bo_stage stage,
				struct sim_result *res);

/* sim_release - sim_close() then sim_postclose(). */
int sim_release(struct sim *sim, u32 client);

/* --- raw driver ioctls ------------------------------------------------ */

/**
 * sim_create_bo - CREATE_BO of @type (SIM_BO_DEV_HEAP, SIM_BO_DEV,
 * SIM_BO_SHARE) in the configured design; @res->handle and @res->addr (the
 * device address), @res->uva (DEV BO GET_BO_INFO vaddr).
 * Returns the errnos of docs/driver/heap.md §10.1 / §10.2 (EINVAL, ENOMEM, ENOSPC,
 * EAGAIN, EOPNOTSUPP, EIO, ETIME, ENODEV, ...).
 */
int sim_create_bo(struct sim *sim, u32 client, u32 type, u64 size, u64 flags,
		  struct sim_result *res);

/* sim_gem_close - GEM_CLOSE of @handle.  Returns 0, -EINVAL (unknown handle) or -EBADF. */
int sim_gem_close(struct sim *sim, u32 client, u32 handle);

/**
 * sim_mmap - mmap a chunk or SHARE BO at @uva (4 KiB aligned; 0 = a free
 * address the model picks); a mapping exactly at an existing one replaces
 * it.  Returns 0; -EINVAL (unknown handle, DEV BO, misaligned, partial
 * overlap, PR predicted-uva mismatch); -EAGAIN (mmap fault).
 */
int sim_mmap(struct sim *sim, u32 client, u32 handle, u64 uva, struct sim_result *res);

/* sim_munmap - unmap the mapping starting at @uva.  Returns 0 or -EINVAL. */
int sim_munmap(struct sim *sim, u32 client, u64 uva);

/**
 * sim_sync_bo - SYNC_BO (docs/driver/heap.md §5.8 / §8.1); the flushed ranges are kept
 * for sim_last_flush().  Returns 0; -ENOENT unknown handle; -EINVAL bounds
 * (per design) or FROM_DEVICE on a BO that is not a debug BO; -ENOMEM.
 */
int sim_sync_bo(struct sim *sim, u32 client, u32 handle, u32 dir, u64 offset, u64 size,
		struct sim_result *res);

/* sim_get_bo_info - GET_BO_INFO (docs/driver/heap.md §3 table).  Returns 0, -ENOENT or -EINVAL. */
int sim_get_bo_info(struct sim *sim, u32 client, u32 handle, struct sim_bo_info *info);

/**
 * sim_prime_export - PRIME_HANDLE_TO_FD: @res->handle = fd.  Returns 0;
 * -EOPNOTSUPP for a DEV BO; -ENOENT.
 * sim_prime_import - PRIME_FD_TO_HANDLE: the exporter gets its own handle
 * back; another client a new SHARE BO.  Returns 0 or -EBADF.
 */
int sim_prime_export(struct sim *sim, u32 client, u32 handle, struct sim_result *res);
/**
 * sim_rev_dev_bo_free_at_close - whether driver revision @rev frees a DEV
 * BO's heap range at its last handle close even while a hwctx (its CU PDI)
 * or a job still holds the object (pr1705, upstream); false for the others
 * and for an unknown @rev.  This function can't fail.
 */
bool sim_rev_dev_bo_free_at_close(enum drv_rev rev);
/**
 * sim_rev_dev_bo_attach_complete - whether a successful CREATE_BO(DEV) of
 * driver revision @rev leaves every hwctx covering every chunk (invariant 7;
 * 856409ca onwards); false for the PR revisions, whose hwctx may go on
 * running without chunks others have (docs/driver/heap.md §14 item 12), and
 * for an unknown @rev.  This function can't fail.
 */
bool sim_rev_dev_bo_attach_complete(enum drv_rev rev);
/**
 * sim_rev_tdr_orphans_fw_ctx - whether a job timeout of driver revision @rev
 * can leave a firmware context no driver hwctx owns (invariants 12, 13):
 * its worker restarts a context the power-cycle inside its walk already
 * restarted (pr1710, docs/driver/revisions.md); false for the others and
 * for an unknown @rev.  This function can't fail.
 */
bool sim_rev_tdr_orphans_fw_ctx(enum drv_rev rev);
/**
 * sim_violation_unowned_fw_ctx - true iff @v is invariant 12 or 13 about a
 * firmware context that still exists and that no hwctx of any client owns.
 * This function can't fail.
 */
bool sim_violation_unowned_fw_ctx(const struct sim *sim, const struct sim_violation *v);
/**
 * sim_gem_open_check - whether DRM_IOCTL_GEM_OPEN by @client of a flink name
 * of @owner's BO @handle passes the driver's per-object .open callback.
 * pr1705 and upstream give DEV BOs amdxdna_gem_dev_obj_open(), which refuses
 * any client but the one that created the BO (-EPERM); earlier revisions
 * have no such callback for DEV BOs.  Upstream's amdxdna_gem_obj_open() also
 * refuses another client's open of a SHARE BO or chunk its client has open;
 * the other revisions accept it.
 * Only the check is modelled: an accepted open gives @client no handle (the
 * model has one handle per object; docs/driver/revisions.md).  Changes
 * nothing.  Returns 0 (accepted); -EPERM (refused); -ENOENT (@owner has no
 * such handle); -EBADF / -ENODEV as the other calls.
 */
int sim_gem_open_check(struct sim *sim, u32 client, u32 owner, u32 handle);
int sim_prime_import(struct sim *sim, u32 client, u32 fd, struct sim_result *res);

/**
 * sim_hwctx_create - CREATE_HWCTX for @num_tiles tiles (multiple of 4
 * core rows; 0 = 4).  @res->handle = hwctx id (device-wide, cyclic 1..1024).
 * Returns 0; HEAD -ENOENT without chunk 0; the cmd-buf allocation's error
 * (-EAGAIN, PR -EINVAL); -EINVAL (bad width, firmware status, context
 * limit); -EOPNOTSUPP; -ETIME; -ENODEV; -ENOMEM.  Nothing is left on error.
 */
int sim_hwctx_create(struct sim *sim, u32 client, u32 num_tiles, struct sim_result *res);

/* sim_hwctx_destroy - destroy @hwctx (docs/driver/heap.md §7.4).  Returns 0, -EINVAL or -EBADF. */
int sim_hwctx_destroy(struct sim *sim, u32 client, u32 hwctx);

/**
 * sim_config_cu - CONFIG_CU with @n DEV BOs as PDIs (held for the hwctx
 * lifetime, re-sent on every restart).  Returns 0; -EINVAL (n not 1..32,
 * re-configuration, not a DEV BO).
 */
int sim_config_cu(struct sim *sim, u32 client, u32 hwctx, const u32 *bo_handles, u32 n,
		  struct sim_result *res);

/**
 * sim_exec - submit one command (CHAIN_EXEC_NPU, one slot) touching
 * @cmd->addrs; argument BOs are pinned for their lifetime.  @res->state is
 * the command state if the firmware answered at once, 0 while pending;
 * @res->seq the job's sequence number on its hwctx (1, 2, ...; also set
 * when a send failure ends the queued job at once).
 * Returns 0; -EBUSY (4 jobs in flight); -ENOENT (unknown BO); -EINVAL;
 * -EOPNOTSUPP (firmware without NPU_COMMAND); -ENOMEM.
 */
int sim_exec(struct sim *sim, u32 client, u32 hwctx, const struct sim_exec_desc *cmd,
	     struct sim_result *res);

/* --- shim (docs/driver/heap.md §5.6) ---------------------------------------------- */

/**
 * sim_shim_open - first open by a process: sim_open() + a 512 MiB
 * reservation + the initial heap chunk mapped at its base.  @res->handle =
 * client, @res->uva = reservation base.  Returns 0 or the failing step's
 * errno (the client is released again).
 */
int sim_shim_open(struct sim *sim, struct sim_result *res);

/**
 * sim_shim_alloc_dev_bo - create_drm_bo for a DEV BO: retry after one
 * 64 MiB expansion per -EAGAIN.  @res: handle, device address, CPU address,
 * expansions.  Returns 0; -ENOSPC (shim cap or kernel); any other kernel or
 * expansion errno unchanged.
 */
int sim_shim_alloc_dev_bo(struct sim *sim, u32 client, u64 size, struct sim_result *res);

/* sim_shim_expand - buffer::expand(@size).  Returns 0, -ENOSPC at 512 MiB, or the step's errno. */
int sim_shim_expand(struct sim *sim, u32 client, u64 size, struct sim_result *res);

/**
 * sim_shim_sync - buffer::sync(@dir, @size, @offset) of BO @handle in
 * userspace (no ioctl): overflow-safe bounds check, then the CPU flush
 * (sim_last_flush() for DEV BOs).  Returns 0; -EINVAL (bounds, @dir);
 * -ENOENT unknown handle; -EBADF.
 */
int sim_shim_sync(struct sim *sim, u32 client, u32 handle, u32 dir, u64 offset, u64 size);

/*
 * Size of each PDI buffer the shim's hwctx_create allocates (the model's
 * choice: the PDI images of an xclbin are not modelled, docs/sim.md).
 */
#define SIM_SHIM_PDI_SIZE 4096u

/**
 * sim_shim_hwctx_create - the shim's hardware-context constructor for an
 * xclbin with @num_cus CUs (0..32): CREATE_HWCTX, then per CU a 4 KiB
 * cacheable PDI buffer (a DEV BO from the heap, through the shim's expand
 * loop) written and synced, then one CONFIG_CU naming them all (none for
 * @num_cus 0).  @pdis (room for @num_cus) receives the PDI handles;
 * @res->handle = hwctx id, @res->expansions = chunks added.  On failure
 * everything created is closed again.  Returns 0 or the failing step's
 * errno; -EINVAL for @num_cus > 32.
 */
int sim_shim_hwctx_create(struct sim *sim, u32 client, u32 num_cus, u32 *pdis,
			  struct sim_result *res);

/*
 * sim_shim_hwctx_config - the second stage of sim_shim_hwctx_create() on
 * the context @hwctx a bare sim_hwctx_create() made: the @num_cus PDI
 * buffers and the CONFIG_CU (nothing for @num_cus 0).  Between the two
 * stages the context is published with no CU configured and dev_lock is
 * free (the two ioctls; docs/explore.md), which is where the explorer
 * lets other threads run.  When a PDI buffer or the CONFIG_CU fails, the
 * PDIs are closed and the context destroyed, as the constructor's throw
 * does.  Returns 0 or the failing step's errno; -EINVAL for @num_cus > 32
 * or a NULL @pdis (nothing done).
 */
int sim_shim_hwctx_config(struct sim *sim, u32 client, u32 hwctx, u32 num_cus, u32 *pdis,
			  struct sim_result *res);

/*
 * sim_shim_hwctx_destroy - the shim's hardware-context destructor: GEM_CLOSE
 * of the @n PDI buffers, then DESTROY_HWCTX.  Returns the destroy's result.
 */
int sim_shim_hwctx_destroy(struct sim *sim, u32 client, u32 hwctx, const u32 *pdis, u32 n);

/* sim_shim_close - on_last_close (munmap + GEM_CLOSE each chunk), then close + postclose. */
int sim_shim_close(struct sim *sim, u32 client);

/*
 * sim_shim_close_chunks - the first half of sim_shim_close(): munmap +
 * GEM_CLOSE of each chunk the shim holds; the fd stays open (the explorer's
 * close stages, docs/explore.md).  Returns 0 or -EBADF.
 */
int sim_shim_close_chunks(struct sim *sim, u32 client);

/* --- device-level ------------------------------------------------------ */

/* sim_suspend - system suspend: stop every context, device stop.  Returns 0. */
int sim_suspend(struct sim *sim);

/**
 * sim_resume - device start, then restart every hwctx (stops at the first
 * failure).  Returns 0, the restart's errno, or -EIO (pm_resume).
 */
int sim_resume(struct sim *sim);

/* sim_power_cycle - aie2_hw_reset; -EAGAIN within 60 s of the previous one. */
int sim_power_cycle(struct sim *sim);

/**
 * sim_remove - device removal (amdxdna_remove, docs/driver/heap.md §5.12, K13): every
 * hwctx of every client destroyed (pins dropped), SVA unbound, the device
 * stopped; chunks and heaps stay until each file's postclose.  Later
 * ioctls fail with -ENODEV; close/postclose and munmap still work.
 * Returns 0, or -ENODEV when already removed.
 */
int sim_remove(struct sim *sim);

/*
 * sim_mbox_rx - the firmware answers the commands it holds for @hwctx's
 * context (`sim_exec_desc.late`, oldest first) and the user channel's
 * receive worker processes every reply (mailbox_rx_worker,
 * amdxdna_mailbox.c).  Nothing happens on a context without a firmware
 * context or channel (stopped: the held commands went with it).  A worker,
 * not an ioctl: it also runs between a client's fd release and its
 * postclose.  Returns 0; -EBADF (no such client); -EINVAL (no such
 * hwctx); -ENODEV (device removed).
 */
int sim_mbox_rx(struct sim *sim, u32 client, u32 hwctx);

/* sim_advance - let @ms of simulated time pass, firing TDR and autosuspend. */
int sim_advance(struct sim *sim, u64 ms);

/*
 * sim_aie_error - the firmware reports an AIE error on @hwctx and pauses it.
 * Returns 0; -EINVAL for an unknown hwctx or one without a firmware context
 * (stopped by a suspend or a failed restart): nothing is sent.
 */
int sim_aie_error(struct sim *sim, u32 client, u32 hwctx);

/**
 * sim_tdr - fire the job-timeout handler of @hwctx now (docs/driver/proto.md §5.8):
 * health query per @health, the oldest job (if any) ends TIMEOUT, destroy
 * and restart the context; dead firmware, or fatal with a failed restart,
 * escalates to the rate-limited power-cycle.  Returns the restart's (or
 * reset's) errno, or -EINVAL for a bad @health.  The handler is a worker,
 * not an ioctl: it also runs on a client whose fd was released
 * (sim_close) but not yet postclosed, the window of K3 and K15.
 */
int sim_tdr(struct sim *sim, u32 client, u32 hwctx, enum sim_health health);

/* The two halves of the job-timeout handler (docs/explore.md), the first split once more. */
enum sim_tdr_stage {
	SIM_TDR_ALL = 0,	/* both: sim_tdr() */
	SIM_TDR_STOP,		/* health query, job timed out, context stopped (after a MARK: the stop only) */
	SIM_TDR_RESTART,	/* restart, escalation (health from the stop) */
	SIM_TDR_MARK,		/* health query, job timed out; the channel still runs */
};

/*
 * sim_tdr_stage - sim_tdr() or one part of it; the explorer runs the parts
 * as segments with dev_lock held from the first to the restart (the
 * handler holds it throughout, aie2_sched_job_timedout()).  Returns as
 * sim_tdr(); a MARK or STOP always succeeds on a live hwctx (0); -EINVAL
 * for a RESTART without a STOP before it or a bad @stage; -EBUSY for ALL,
 * MARK or STOP on a context stopped and not yet restarted, and for ALL or
 * MARK on a context marked and not yet stopped.
 */
int sim_tdr_stage(struct sim *sim, u32 client, u32 hwctx, enum sim_health health,
		  enum sim_tdr_stage stage);

/* --- inspection -------------------------------------------------------- */

/* sim_fw_version - the firmware protocol version in use (the device default when the config said 0). */
void sim_fw_version(const struct sim *sim, u32 *major, u32 *minor);

/* sim_now_ns - simulated time.  sim_event_count/at - the event log (oldest first). */
u64 sim_now_ns(const struct sim *sim);
size_t sim_event_count(const struct sim *sim);
const struct sim_event *sim_event_at(const struct sim *sim, size_t i);
/*
 * sim_prefetch_bo - a hint: the BO @handle of @client, whose object its
 * creation returned as @obj (sim_result.obj), is about to be closed: start
 * fetching the handle's table entry and the object into the cache, all at
 * once and without reading them.  Nothing else happens; an unknown client
 * or handle, a NULL @obj or an object gone meanwhile cost a useless fetch.
 * This function can't fail.
 */
void sim_prefetch_bo(struct sim *sim, u32 client, u32 handle, const void *obj);
/*
 * sim_event_consume - the reader has seen every stored record: drop them
 * (sequence numbers go on, the limit then applies to the records logged
 * since).  A reader that consumes after each read sees exactly what it would
 * have seen without consuming, and the log's writes stay in cache.
 */
void sim_event_consume(struct sim *sim);
/**
 * sim_check - verify every invariant (docs/sim.md table).  Returns 0, or
 * -EUCLEAN with the first violation in @v (may be NULL), also recorded.
 */
int sim_check(struct sim *sim, struct sim_violation *v);

/*
 * sim_violation_partial_ctx - true iff @v is invariant 6, or the firmware's
 * ADD-before-MAP (27), on a hwctx (6) or client (27) whose last restart
 * failed after CREATE_CONTEXT: every revision keeps that context with part
 * of the heap (docs/driver/revisions.md), so the violation is the driver's,
 * expected after such a fault, not a model error.  Can't fail.
 */
bool sim_violation_partial_ctx(const struct sim *sim, const struct sim_violation *v);

/*
 * sim_note_count/at - notes found by the last sim_check() (stale firmware
 * addresses, docs/sim.md); the count may exceed what sim_note_at() keeps
 * (SIM_MAX_NOTES, 64).  Recomputed by each sim_check().
 */
u32 sim_note_count(const struct sim *sim);
const struct sim_note *sim_note_at(const struct sim *sim, u32 i);

/*
 * sim_violation_count/at - violations recorded so far (driver model and
 * firmware detectors during ops, sim_check()).  The count includes any the
 * host had no memory to keep; sim_violation_at() then returns the last of
 * those for every index past the kept ones, so none goes unseen.
 */
u32 sim_violation_count(const struct sim *sim);
const struct sim_violation *sim_violation_at(const struct sim *sim, u32 i);
/*
 * sim_chunk_handle - the open handle of @client's chunk @idx (for scenario
 * steps naming chunks by index).  Returns 0; -ENOENT when the chunk does not
 * exist or has no open handle.
 * sim_shim_base - @client's shim reservation base (chunk k's slot is
 * base + its device offset); 0 for an unknown client.
 */
int sim_chunk_handle(struct sim *sim, u32 client, u32 idx, u32 *handle);
/*
 * sim_chunk_mappings - the CPU addresses at which @client's chunk @idx is
 * mapped now, oldest first, into @uvas (room for @max); *@n = how many.
 * Returns 0; -EINVAL for an unknown client or NULL @n; -ENOSPC when more
 * than @max mappings exist.
 */
int sim_chunk_mappings(struct sim *sim, u32 client, u32 idx, u64 *uvas, u32 max, u32 *n);
u64 sim_shim_base(struct sim *sim, u32 client);

/* sim_client_heap - @client's heap (alloc/heap accessors, metrics), NULL if none. */
struct heap *sim_client_heap(struct sim *sim, u32 client);
/*
 * sim_client_usage - docs/driver/heap.md §5.11: @total and @internal BO usage (chunks and
 * SHARE BOs counted while a handle is open; DEV BOs never) and @heap
 * (heap_usage).  Returns 0 or -ENOENT for an unknown client.
 */
int sim_client_usage(struct sim *sim, u32 client, u64 *total, u64 *internal, u64 *heap);
/*
 * sim_fw_ctx_info - the firmware's view of @hwctx's context.  Returns 0;
 * -ENOENT unknown hwctx; -ENODEV no firmware context (suspended, restart
 * failed); -EINVAL.  The pointers stay valid until the next op.
 */
int sim_fw_ctx_info(struct sim *sim, u32 client, u32 hwctx, struct sim_fw_ctx_info *info);

/* sim_op_name - stable name of an enum sim_op ("create_bo"), "?" if unknown. */
const char *sim_op_name(unsigned int op);

/*
 * sim_fw_msg_count / sim_fw_msg_at - the requests the firmware consumed,
 * oldest first (the newest 4096 are kept; @i counts from the first kept).
 */
u64 sim_fw_msg_count(const struct sim *sim);
const struct sim_fw_msg *sim_fw_msg_at(const struct sim *sim, u64 i);

/*
 * sim_fault_program - program fault site @site (its stable name, see
 * sim/fault.h) with @pol.  Returns 0 or -EINVAL.
 * sim_fault_calls - how many times @site has been reached.
 */
int sim_fault_program(struct sim *sim, const char *site, const struct sim_fault_policy *pol);
u64 sim_fault_calls(const struct sim *sim, const char *site);

/*
 * sim_fault_program_at - sim_fault_program(), then resume the site's
 * counters at @calls calls and @fired injections (so that NTH and EVERY
 * keep counting where an earlier programming stopped).
 * sim_fault_fired - injections at @site under its current programming.
 * Returns 0 or -EINVAL / the count (0 for an unknown site).
 */
int sim_fault_program_at(struct sim *sim, const char *site, const struct sim_fault_policy *pol,
			 u64 calls, u64 fired);
u64 sim_fault_fired(const struct sim *sim, const char *site);

/* sim_last_flush - the ranges the last SYNC_BO flushed (chunk, offset, len). */
u32 sim_last_flush(const struct sim *sim, const struct heap_flush **out);

/**
 * struct sim_op_observer - called around every outermost public op (ops the
 * shim model makes from inside another op are not reported).
 * @begin: before the op does anything.
 * @end: after it, with its client and result.
 * @destroy: first thing in sim_destroy(), with the device still intact (it
 *	may run ops); NULL for none.
 * @ctx: passed back.
 */
struct sim_op_observer {
	void (*begin)(void *ctx, struct sim *sim);
	void (*end)(void *ctx, struct sim *sim, unsigned int op, u32 client, int ret);
	void (*destroy)(void *ctx, struct sim *sim);
	void *ctx;
};

/* sim_set_op_observer - install @obs (copied), or remove it with NULL. */
void sim_set_op_observer(struct sim *sim, const struct sim_op_observer *obs);

/*
 * sim_coverage - the driver model's coverage counters: hits of every
 * registered error site and rollback path (sim/esite.h) and the state
 * cells observed after each op (not kept with events_off).  This function
 * can't fail.
 */
const struct sim_cov *sim_coverage(const struct sim *sim);

/* sim_set_fw_dead - MERT stops answering (true) until the next power-on. */
void sim_set_fw_dead(struct sim *sim, bool dead);

#endif /* XDNASIM_SIM_SIM_H */
