/* SPDX-License-Identifier: MIT */
/*
 * sim_priv.h - the simulator's internal objects, shared by the sim/ files.
 *
 * Ownership: struct sim owns clients, the firmware, the IOMMU, the event
 * log and the fault state.  A client owns its heap (alloc/heap), its GEM
 * objects (struct sim_bo, reachable from its handle table and its object
 * list), its mmaps and its hwctxs.  Firmware contexts belong to the
 * firmware model and are named by id only; the driver side remembers the
 * id it was given.
 */
#ifndef XDNASIM_SIM_SIM_PRIV_H
#define XDNASIM_SIM_SIM_PRIV_H

#include "sim/sim.h"
#include "sim/event.h"
#include "sim/fault.h"
#include "sim/iommu.h"
#include "sim/esite.h"
#include "sim/revision.h"
#include "alloc/heap.h"
#include "proto/mailbox.h"
#include "proto/msg.h"

#include <stddef.h>

#define SIM_DEV_BASE 0x04000000ULL
#define SIM_CHUNK SZ_64M
#define SIM_MAX_CMDS 4			/* HWCTX_MAX_CMDS */
#define SIM_CMDBUF_SIZE SZ_4K		/* MAX_CHAIN_CMDBUF_SIZE */
#define SIM_MAX_CUS 32
#define SIM_MAX_FW_CTX 16
#define SIM_MAX_FW_BUFS 64
#define SIM_MAX_NOTES 64
#define SIM_MAX_ASYNC 16
#define SIM_ASYNC_BUF_SIZE 8192
#define SIM_TDR_NS (2000ULL * 1000000ULL)
#define SIM_MBOX_TIMEOUT_NS (5000ULL * 1000000ULL)
#define SIM_AUTOSUSPEND_NS (5000ULL * 1000000ULL)
#define SIM_HW_RESET_MIN_NS (60000ULL * 1000000ULL)
#define SIM_HWCTX_ID_MAX 1024
#define SIM_SHIM_MAX_HEAP SZ_512M
#define SIM_INVALID_ADDR (~0ULL)
#define SIM_USER_VA_BASE 0x7e0000000000ULL
#define SIM_USER_VA_STRIDE 0x100000000ULL	/* 4 GiB of VA per client */
#define SIM_MGMT_BUF_BASE 0xf0000000ULL		/* untagged management buffers */
/*
 * fw_ctx_id of a hwctx without a firmware context (never created, or
 * destroyed by stop / a failed restart) [inferred: the driver resets it
 * to -1]; messages naming it are refused by the firmware.
 */
#define SIM_FW_CTX_NONE 0xffffffffu

/* Command states written into the command BO (docs/driver/proto.md §4.5). */
enum sim_cmd_state {
	SIM_CMD_PENDING = 0,
	SIM_CMD_NEW = 1,
	SIM_CMD_COMPLETED = 4,
	SIM_CMD_ERROR = 5,
	SIM_CMD_ABORT = 6,
	SIM_CMD_TIMEOUT = 8,
};

/* Firmware context states (docs/driver/proto.md §5.1). */
enum sim_fw_ctx_state {
	SIM_FWC_FREE = 0,
	SIM_FWC_CREATED,
	SIM_FWC_MAPPED,
	SIM_FWC_READY,
	SIM_FWC_PAUSED,
};

struct sim_client;
struct sim_hwctx;
struct mbox_chan;
struct sim_chan;

/* Device parameters the heap profile does not carry (docs/driver/proto.md §6, §8). */
struct sim_dev {
	const struct heap_profile *hp;
	u32 total_col;
	u32 first_col;
	bool npu1;		/* spatial solver, COL_ALIGN_NONE */
	u32 def_major, def_minor;
};

/*
 * A GEM object.  Objects are allocated on 64-byte boundaries (bo_new()):
 * the first cache line holds what every lookup, reference change and list
 * change reads, and @hb follows on the next line, so that the allocator
 * node inside it has each of its tree-walk groups on one cache line (see
 * struct mm_node).  A churn of DEV BOs touches no other field.
 */
struct sim_bo {
	u32 type;			/* enum sim_bo_type */
	u32 refs;			/* GEM references */
	u32 handles;			/* open handles (open_ref) */
	u32 handle;			/* the handle in its client (0 = none) */
	struct sim_client *owner;	/* the client whose heap/idr it belongs to */
	u64 size;
	u64 user_size;			/* DEV: the size asked for (the shim's buffer::size()) */
	struct sim_bo *next;		/* client object list */
	struct sim_bo **pprev;		/* NULL when not on the list */
	u32 assigned_hwctx;		/* debug BO attachment (0 = none) */
	bool client_valid;		/* abo->client set (docs/driver/heap.md §6) */
	bool job_pinned;		/* chunk/SHARE used as a job argument (sticky pin) */
	bool range_freed;		/* DEV: heap range freed at the last handle close (PR #1705) */
	bool freed_pinned;		/* ... while job-pinned: the object keeps the pins */
	/* DEV */
	struct heap_bo hb;
	/* DEV_HEAP */
	u32 chunk;
	bool dma_mapped;		/* IOVA/PA mapping taken at first open */
	struct iommu_range range;
	/* SHARE (own backing or an imported chunk) */
	u64 dma_addr;
	u64 uva;
	u32 export_fd;
	struct sim_bo *import_of;	/* imported: the exported object */
};

_Static_assert(offsetof(struct sim_bo, hb) == 64 && offsetof(struct sim_bo, hb.node) % 64 == 0,
	       "a sim_bo's hot fields fill its first cache line, the allocator node starts one");

struct sim_vma {
	u64 uva;
	u64 size;
	struct sim_bo *bo;
	bool recorded;			/* a umap registration (PASID / PR era) */
};

struct sim_job {
	u32 seq;
	u32 msg_id;
	bool hung;
	bool timed_out;
	u32 state;
	u64 start_ns;
	u32 nargs;
	struct sim_bo **args;
};

/* One 64 MiB piece as the driver sent it in MAP/ADD_HOST_BUFFER. */
struct sim_fw_piece {
	u64 addr;			/* buf_addr sent */
	u32 chunk;			/* the chunk the driver sent it for */
	u32 gen;			/* that chunk's sim_client.addr_gen when sent */
	u32 fw_ctx;			/* the context it was sent to */
	bool map;			/* MAP_HOST_BUFFER (else ADD) */
};

struct sim_hwctx {
	u32 id;
	struct sim *sim;
	struct sim_client *client;
	u32 num_tiles;
	u32 start_col, num_col, num_unused_col;
	u32 priority;
	struct heap_attach att;		/* chunks 0..count-1 attached (ref + pin each) */
	struct sim_fw_piece sent[SIM_MAX_FW_BUFS];	/* host buffer list as sent (invariant 6) */
	struct sim_bo *cmd_buf[SIM_MAX_CMDS];
	u32 num_cus;
	struct sim_bo *cu_bo[SIM_MAX_CUS];
	u32 cu_handle[SIM_MAX_CUS];	/* the user's handles (K21 bug re-resolves them) */
	u32 cu_func[SIM_MAX_CUS];
	bool has_fw_ctx;
	bool partial_ctx;		/* a restart failed after CREATE_CONTEXT: the context kept a heap prefix */
	u32 fw_ctx_id;
	struct mbox_chan *uch;		/* user channel (driver's host view) */
	struct sim_job jobs[SIM_MAX_CMDS];
	u32 njobs;			/* in flight */
	u32 next_seq;
	u32 done_seq;			/* last completed job and its state */
	u32 done_state;
	/* a TDR stopped it and has not restarted it yet (sim_tdr_stage), with its health */
	bool tdr_stopped, tdr_dead, tdr_fatal;
	/*
	 * a postclose stopped it and dropped dev_lock inside aie2_hwctx_fini()
	 * (sim_postclose_stage FINI): erased from hwctx_xa, destroyed in the
	 * firmware, its references still held until FINISH
	 */
	bool finalizing;
	bool tdr_marked;		/* a TDR `mark` stage ran, its stop has not */
	struct sim_hwctx *next;		/* client list, ascending id */
};

struct sim_client {
	u32 id;
	u32 pasid;			/* 0 = none */
	bool closed;			/* fd released, postclose pending */
	bool unlisted;			/* off xdna->client_list: a postclose is under way */
	struct sim_bo *pending_dev_bo;	/* placed by a CREATE_BO(DEV) not yet published */
	struct heap *heap;
	struct sim_bo **handles;	/* handle -> object (index 0 unused) */
	u32 nhandles;
	/* handles given back, a min-heap; handles >= hnext were never used */
	u32 *hfree;
	u32 nhfree;			/* room for nhandles entries */
	u32 hnext;
	struct sim_bo *objs;		/* every object the client created/imported */
	struct sim_vma *vmas;
	u32 nvmas, cap_vmas;
	struct sim_hwctx *hwctxs;
	/* bumped whenever a chunk's firmware address (heap_chunk_fw_addr) changes */
	u32 addr_gen[HEAP_MAX_CHUNKS];
	u64 total_bo_usage;		/* docs/driver/heap.md §5.11 */
	u64 total_int_bo_usage;
	/* shim state (docs/driver/heap.md §5.6) */
	bool shim;
	u64 shim_base;
	u64 shim_cur;
	u32 shim_chunks[HEAP_MAX_CHUNKS];	/* chunk handles, in creation order */
	bool chunk_kva[HEAP_MAX_CHUNKS];	/* a flush vmapped the chunk (abo->mem.kva, kept) */
	u64 shim_uvas[HEAP_MAX_CHUNKS];
	u32 shim_nchunks;
	struct sim_client *next;
};

/* Firmware context (MERT table entry + its ERT). */
/* A command the ERT holds to answer late (sim_mbox_rx()): its request as read. */
#define FW_LATE_PAYLOAD 32u
struct fw_late {
	u32 id;
	u32 opcode;
	u32 len;
	u8 payload[FW_LATE_PAYLOAD];
};

struct fw_ctx {
	u32 state;
	u32 id;
	u32 pasid;
	u32 client;			/* for events only */
	u32 start_col, num_col, num_unused_col;
	u32 priority;
	u64 bufs[SIM_MAX_FW_BUFS];
	u32 nbufs;
	u32 num_cus;
	u32 cu_cfg[SIM_MAX_CUS];
	struct sim_chan *uch;		/* user channel hardware (firmware side) */
	u32 hung;			/* commands the ERT holds unanswered */
	/* of those, the ones it answers late (exec late: true), oldest first */
	struct fw_late late[SIM_MAX_CMDS];
	u32 nlate;
	bool fatal;			/* the ERT hit a fatal exception (health report) */
};

struct fw_async {
	u32 msg_id;
	u64 buf_addr;
	u32 buf_size;
};

#define SIM_FW_CAPTURE 4096

struct sim_fw {
	struct sim_fw_msg cap[SIM_FW_CAPTURE];	/* ring of requests the firmware consumed */
	u64 ncap;
	u32 major, minor;
	u64 features;
	u32 limit;
	bool booted;
	bool dead;			/* MERT stops answering (hang injection) */
	struct fw_ctx ctx[SIM_MAX_FW_CTX];
	struct fw_async async[SIM_MAX_ASYNC];
	u32 nasync;
	u32 hang_next_exec;		/* debug hook: hang the next N exec commands */
	u32 late_next_exec;		/* hold the next N exec commands to answer late */
	u32 inject;			/* injected status of the message being handled */
	u32 partitions_used;		/* column bitmap (spatial) */
	u32 leaked;			/* contexts the driver lost to a failed DESTROY */
};

/*
 * struct sim_bo_pool - where GEM objects live (drv_bo.c): blocks of
 * 64-byte aligned objects, the 2 MiB ones hinted for huge pages, and a
 * free list, newest first, so that a new object reuses the cache lines the
 * last freed one left warm.  Under AddressSanitizer or Valgrind every
 * object is its own heap block instead, so that they still see each one.
 */
struct sim_bo_pool {
	struct sim_bo_block *blocks;
	struct sim_bo *free;		/* linked through ->next */
	u32 next_objs;			/* objects in the next block */
};

struct sim {
	struct sim_config cfg;
	u32 partial_restarts;		/* restarts that kept a partly registered context */
	const struct drv_ops *ops;	/* cfg.rev's table (sim/revision.c) */
	struct sim_dev dev;
	struct proto_clock clock;	/* simulated time: clock.now_ns */
	struct mbox_trace trace;	/* proto trace, forwarded to the event log */
	struct mbox_mgmt mg;		/* driver: the management channel (NULL chan = -ENODEV) */
	struct sim_chan *chans;		/* every live hardware channel */
	u32 sram_gen;			/* boots so far (fresh SRAM layout per boot) */
	struct sim_evlog log;
	struct sim_fault_state faults;
	u32 op_depth;			/* public op nesting */
	struct sim_op_observer obs;
	struct sim_iommu iommu;
	struct sim_fw fw;
	struct sim_chan *fw_mgmt;	/* firmware: the management channel hardware */
	bool suspended;
	bool removed;			/* device removed (amdxdna_remove): ioctls -ENODEV */
	u64 last_busy_ns;		/* runtime PM */
	u64 last_progress_ns;		/* TDR: any job sent/completed */
	u64 last_reset_ns;
	bool reset_done;
	u32 next_client_id;
	u32 next_hwctx_id;
	u32 next_fd;
	struct sim_client *clients;
	u32 msgs_sent;			/* running counter (per-op deltas) */
	u32 expansions;
	struct sim_violation *viol;
	u32 nviol, cap_viol;
	u32 nviol_lost;			/* not kept (no memory): counted, the last in viol_lost */
	struct sim_violation viol_lost;
	u8 async_buf[SIM_MAX_ASYNC][SIM_ASYNC_BUF_SIZE];
	u8 health_buf[SIM_ASYNC_BUF_SIZE];
	struct sim_async_slot {
		struct sim *sim;
		u32 slot;
		u32 id;			/* outstanding REGISTER_ASYNC_EVENT_MSG id */
		bool live;
		bool rereg;		/* answered with a valid report: re-register */
	} aslot[SIM_MAX_ASYNC];
	u32 async_events;		/* valid reports received */
	u32 last_async_err;		/* (row << 8) | col of the last record */
	struct {
		u32 start, width, share;
	} part[SIM_MAX_FW_CTX];		/* column solver partitions (docs/driver/proto.md §6.2) */
	u32 npart;
	struct heap_flush last_flush[HEAP_MAX_CHUNKS];
	u32 nlast_flush;
	struct sim_cov cov;		/* error sites, rollback paths, state cells */
	struct sim_note notes[SIM_MAX_NOTES];	/* found by the last sim_check() */
	u32 nnotes;			/* may exceed SIM_MAX_NOTES (only the first kept) */
	struct sim_bo_pool bo_pool;
};

/* sim_fw_has - does the running firmware have feature @f (proto/msg.h)? */
static inline bool sim_fw_has(const struct sim *sim, enum fw_feature f)
{
	return sim->fw.features & FW_FEAT_BIT(f);
}

/* sim_bug - is historical-bug switch @b (enum sim_bug) on? */
static inline bool sim_bug(const struct sim *sim, unsigned int b)
{
	return sim->cfg.bugs & SIM_BUG(b);
}

/* --- sim.c ---------------------------------------------------------- */
void sim_ev(struct sim *sim, u16 type, u16 kind, u32 client, u32 obj, s32 err, u32 aux,
	    u64 addr, u64 size);
int sim_fault(struct sim *sim, unsigned int site, s64 *value);
/*
 * sim_violation - record a violation found during an op (an event and an
 * entry of the violation list); sim_violation_rec() records one and returns
 * its entry (sim_check() marks its own with by_check).  Can't fail: an
 * entry the host has no memory for is still counted (sim_violation_count()).
 */
void sim_violation(struct sim *sim, int number, u32 client, u32 obj, u64 addr,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
struct sim_violation *sim_violation_rec(struct sim *sim, int number, u32 client, u32 obj,
					u64 addr, const char *why);
struct sim_client *sim_client_find(struct sim *sim, u32 id);
/* sim_esite - count a hit of error site / rollback path @site; returns @err. */
int sim_esite(struct sim *sim, unsigned int site, int err);
/* sim_esite_heap - the same for the site of @c's last heap failure reason. */
int sim_esite_heap(struct sim *sim, struct sim_client *c, bool dev, int err);

/* --- drv_bo.c ------------------------------------------------------- */
struct sim_bo *drv_bo_lookup(struct sim_client *c, u32 handle);
void drv_bo_put(struct sim *sim, struct sim_bo *bo);
void drv_bo_get(struct sim_bo *bo);
int drv_dev_bo_alloc(struct sim *sim, struct sim_client *c, u64 size, struct sim_bo **out);
int drv_handle_delete(struct sim *sim, struct sim_client *c, u32 handle);
/* drv_bo_prefetch - fetch @bo's lines up to its allocator node (NULL: nothing). */
void drv_bo_prefetch(const struct sim_bo *bo);
int drv_create_bo(struct sim *sim, struct sim_client *c, u32 type, u64 size, u64 flags,
		  struct sim_result *res);
void drv_chunk_ev(struct sim *sim, struct sim_client *c, u16 act, u32 idx);
void drv_chunk_set_addr(struct sim *sim, struct sim_client *c, u32 idx, bool dma, u64 addr);
int drv_update_heap(struct sim *sim, struct sim_client *c, struct sim_hwctx *only);
void drv_client_free_objects(struct sim *sim, struct sim_client *c);
void drv_bo_pool_fini(struct sim *sim);

/* --- drv_hwctx.c ---------------------------------------------------- */
struct sim_hwctx *drv_hwctx_find(struct sim_client *c, u32 id);
int drv_hwctx_heap_expand(struct sim *sim, struct sim_hwctx *h, u32 idx);
int drv_hwctx_restart(struct sim *sim, struct sim_hwctx *h);
int drv_hwctx_stop(struct sim *sim, struct sim_hwctx *h, bool timed_out);
void drv_hwctx_fini(struct sim *sim, struct sim_hwctx *h);
/*
 * drv_hwctx_fini_begin - aie2_hwctx_fini() up to its dev_lock drop: jobs
 * cancelled, DESTROY_CONTEXT, columns released; @h is marked finalizing.
 */
void drv_hwctx_fini_begin(struct sim *sim, struct sim_hwctx *h);
void drv_job_complete(struct sim *sim, struct sim_hwctx *h, struct sim_job *j, u32 state);

/* --- drv_pm.c ------------------------------------------------------- */
int drv_pm_resume_get(struct sim *sim);
int drv_device_start(struct sim *sim);
void drv_device_stop(struct sim *sim);
int drv_suspend_all(struct sim *sim);
int drv_resume_all(struct sim *sim);
int drv_hw_reset(struct sim *sim);
int drv_tdr(struct sim *sim, struct sim_hwctx *h, struct sim_job *j);
int drv_run_timers(struct sim *sim, u64 until_ns);

enum drv_timer { DRV_TIMER_NONE, DRV_TIMER_TDR, DRV_TIMER_AUTOSUSPEND };
/*
 * drv_timer_pick - the timer drv_run_timers() fires next, given the earliest
 * TDR deadline @tdr and the autosuspend deadline @as (U64_MAX: not armed):
 * NONE when neither falls due by @until_ns.  At the same instant the TDR
 * wins: the job it times out still holds the device's runtime-PM
 * reference, so the autosuspend cannot run before the job is gone (in the
 * model autosuspend is not armed while any job is pending, so the tie is a
 * rule of this function, not a state the device reaches).
 */
enum drv_timer drv_timer_pick(u64 tdr, u64 as, u64 until_ns);

/* --- drv_msg.c: driver side of the wire ------------------------------ */
int drv_msg_create_context(struct sim *sim, struct sim_hwctx *h);
int drv_msg_destroy_context(struct sim *sim, struct sim_hwctx *h);
u32 drv_host_buf_piece(const struct heap *heap, u32 idx);
int drv_msg_host_buf(struct sim *sim, struct sim_hwctx *h, bool map, u32 chunk, u64 addr,
		     u64 size);
int drv_msg_config_cu(struct sim *sim, struct sim_hwctx *h);
int drv_msg_exec_check(struct sim *sim, const struct sim_exec_desc *cmd);
int drv_msg_exec(struct sim *sim, struct sim_hwctx *h, const struct sim_exec_desc *cmd,
		 struct sim_job *j);
int drv_msg_app_health(struct sim *sim, struct sim_hwctx *h, u32 *fatal);
int drv_msg_simple(struct sim *sim, u32 opcode);
int drv_msg_boot(struct sim *sim);
int drv_msg_stop(struct sim *sim);
int drv_msg_mgmt_buffers(struct sim *sim, bool map);
void drv_msg_poll_user(struct sim *sim, struct sim_hwctx *h);
void drv_msg_poll_mgmt(struct sim *sim);

/* --- fw.c ----------------------------------------------------------- */
void fw_init(struct sim *sim);
void fw_fini(struct sim *sim);
void fw_service(struct sim *sim);
void fw_answer_late(struct sim *sim, struct fw_ctx *x);
void fw_power_off(struct sim *sim);
int fw_boot(struct sim *sim, u32 *sram);
const struct fw_ctx *fw_ctx_get(const struct sim *sim, u32 id);
int fw_aie_error(struct sim *sim, u32 ctx_id);

/* --- driver / shim entry points (drv_client.c, drv_hwctx.c, shim.c) --- */
int drv_open(struct sim *sim, struct sim_client **out);
void drv_close(struct sim *sim, struct sim_client *c);
void drv_postclose(struct sim *sim, struct sim_client *c);
/*
 * drv_create_dev_bo_stage - CREATE_BO(DEV) whole (SIM_BO_ALL) or in its two
 * parts (sim_create_bo_stage()).  Returns 0 or a negative errno.
 */
int drv_create_dev_bo_stage(struct sim *sim, struct sim_client *c, u64 size, u64 flags,
			    enum sim_bo_stage stage, struct sim_result *res);
/*
 * drv_postclose_fini - the postclose up to the first dev_lock drop: the
 * client leaves client_list and its first hwctx (if any) is finalized up to
 * the drop.  drv_postclose() then does the rest.
 */
void drv_postclose_fini(struct sim *sim, struct sim_client *c);
void drv_sva_unbind(struct sim *sim, struct sim_client *c);
int drv_mmap(struct sim *sim, struct sim_client *c, u32 handle, u64 uva, struct sim_result *res);
int drv_munmap(struct sim *sim, struct sim_client *c, u64 uva);
int drv_get_bo_info(struct sim *sim, struct sim_client *c, u32 handle, struct sim_bo_info *info);
int drv_sync_bo(struct sim *sim, struct sim_client *c, u32 handle, u32 dir, u64 offset,
		u64 size);
int drv_prime_export(struct sim *sim, struct sim_client *c, u32 handle, u32 *fd);
int drv_prime_import(struct sim *sim, struct sim_client *c, u32 fd, struct sim_result *res);
int drv_hwctx_create(struct sim *sim, struct sim_client *c, u32 num_tiles,
		     struct sim_result *res);
int drv_config_cu(struct sim *sim, struct sim_hwctx *h, const u32 *handles, u32 n);
int drv_exec(struct sim *sim, struct sim_hwctx *h, const struct sim_exec_desc *cmd,
	     struct sim_result *res);
int shim_open(struct sim *sim, struct sim_result *res);
int shim_alloc_dev_bo(struct sim *sim, struct sim_client *c, u64 size, struct sim_result *res);
int shim_alloc_dev_bo_stage(struct sim *sim, struct sim_client *c, u64 size,
			    enum sim_bo_stage stage, struct sim_result *res);
int shim_expand(struct sim *sim, struct sim_client *c, u64 size, struct sim_result *res);
void shim_close(struct sim *sim, struct sim_client *c);
void shim_close_chunks(struct sim *sim, struct sim_client *c);
int shim_sync(struct sim *sim, struct sim_client *c, u32 handle, u32 dir, u64 offset, u64 size);
int shim_hwctx_create(struct sim *sim, struct sim_client *c, u32 ncu, u32 *pdis,
		      struct sim_result *res);
int shim_hwctx_config(struct sim *sim, struct sim_client *c, u32 hwctx, u32 ncu, u32 *pdis,
		      struct sim_result *res);
int shim_hwctx_destroy(struct sim *sim, struct sim_client *c, u32 hwctx, const u32 *pdis, u32 n);

/* --- check.c -------------------------------------------------------- */
const char *sim_opcode_name(unsigned int opcode);

#endif /* XDNASIM_SIM_SIM_PRIV_H */
