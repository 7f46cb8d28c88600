/* SPDX-License-Identifier: MIT */
/*
 * uapi.h - the amdxdna accel ioctl interface as an application sees it:
 * ioctl numbers and argument layouts of the calls xdnasim captures and
 * emulates.  These are facts of the driver's ABI (include/uapi/drm/
 * amdxdna_accel.h in amd/xdna-driver at 856409ca, the same numbering as
 * upstream drivers/accel/amdxdna; the generic GEM/PRIME calls from
 * include/uapi/drm/drm.h), written here in the project's own names.  Every
 * structure's size and the offsets a reader depends on are pinned below, so
 * a layout mistake fails the build.  Linux only.
 */
#ifndef XDNASIM_CAPTURE_UAPI_H
#define XDNASIM_CAPTURE_UAPI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#define XU_IOCTL_BASE		'd'	/* DRM_IOCTL_BASE */
#define XU_COMMAND_BASE		0x40	/* DRM_COMMAND_BASE: first driver ioctl */

/* enum amdxdna_drm_ioctl_id */
enum xu_ioctl_nr {
	XU_NR_CREATE_HWCTX = 0,
	XU_NR_DESTROY_HWCTX = 1,
	XU_NR_CONFIG_HWCTX = 2,
	XU_NR_CREATE_BO = 3,
	XU_NR_GET_BO_INFO = 4,
	XU_NR_SYNC_BO = 5,
	XU_NR_EXEC_CMD = 6,
	XU_NR_GET_INFO = 7,
	XU_NR_SET_STATE = 8,
	XU_NR_WAIT_CMD = 9,
	XU_NR_GET_ARRAY = 10,
};

/* Generic DRM ioctl numbers (drm.h). */
#define XU_NR_GEM_CLOSE		0x09
#define XU_NR_PRIME_HANDLE_TO_FD	0x2d
#define XU_NR_PRIME_FD_TO_HANDLE	0x2e

/* enum amdxdna_bo_type */
enum xu_bo_type {
	XU_BO_INVALID = 0,
	XU_BO_SHARE = 1,	/* also called SHMEM */
	XU_BO_DEV_HEAP = 2,
	XU_BO_DEV = 3,
	XU_BO_CMD = 4,
};

/* enum amdxdna_drm_config_hwctx_param */
#define XU_HWCTX_CONFIG_CU	0

/* SYNC_BO directions */
#define XU_SYNC_TO_DEVICE	0U
#define XU_SYNC_FROM_DEVICE	1U

/* enum amdxdna_cmd_type */
#define XU_CMD_SUBMIT_EXEC_BUF	0

/* enum amdxdna_drm_get_param (the queries the emulator answers) */
#define XU_QUERY_AIE_METADATA		1
#define XU_QUERY_AIE_VERSION		2
#define XU_QUERY_FIRMWARE_VERSION	8

/* ERT command states an application reads from the command BO header. */
#define XU_ERT_STATE_NEW	1
#define XU_ERT_STATE_COMPLETED	4
#define XU_ERT_STATE_ERROR	5
#define XU_ERT_STATE_ABORT	6
#define XU_ERT_STATE_TIMEOUT	10

struct xu_create_hwctx {		/* struct amdxdna_drm_create_hwctx */
	uint64_t ext;
	uint64_t ext_flags;
	uint64_t qos_p;
	uint32_t umq_bo;
	uint32_t log_buf_bo;
	uint32_t max_opc;
	uint32_t num_tiles;
	uint32_t mem_size;
	uint32_t umq_doorbell;
	uint32_t handle;		/* out */
	uint32_t syncobj_handle;	/* out */
};

struct xu_destroy_hwctx {		/* struct amdxdna_drm_destroy_hwctx */
	uint32_t handle;
	uint32_t pad;
};

struct xu_cu_config {			/* struct amdxdna_cu_config */
	uint32_t cu_bo;
	uint8_t cu_func;
	uint8_t pad[3];
};

struct xu_config_cu_param {		/* struct amdxdna_hwctx_param_config_cu */
	uint16_t num_cus;
	uint16_t pad[3];
	/* struct xu_cu_config cu_configs[num_cus] follows */
};

struct xu_config_hwctx {		/* struct amdxdna_drm_config_hwctx */
	uint32_t handle;
	uint32_t param_type;
	uint64_t param_val;		/* user pointer or value */
	uint32_t param_val_size;
	uint32_t pad;
};

struct xu_create_bo {			/* struct amdxdna_drm_create_bo */
	uint64_t flags;
	uint64_t vaddr;
	uint64_t size;
	uint32_t type;
	uint32_t handle;		/* out */
};

struct xu_get_bo_info {			/* struct amdxdna_drm_get_bo_info */
	uint64_t ext;
	uint64_t ext_flags;
	uint32_t handle;
	uint32_t pad;
	uint64_t map_offset;		/* out: fake offset for mmap() */
	uint64_t vaddr;			/* out */
	uint64_t xdna_addr;		/* out: device address */
};

struct xu_sync_bo {			/* struct amdxdna_drm_sync_bo */
	uint32_t handle;
	uint32_t direction;
	uint64_t offset;
	uint64_t size;
};

struct xu_exec_cmd {			/* struct amdxdna_drm_exec_cmd */
	uint64_t ext;
	uint64_t ext_flags;
	uint32_t hwctx;
	uint32_t type;
	uint64_t cmd_handles;		/* one handle, or a user pointer to cmd_count */
	uint64_t args;			/* user pointer to arg_count u32 BO handles */
	uint32_t cmd_count;
	uint32_t arg_count;
	uint64_t seq;			/* out */
};

struct xu_wait_cmd {			/* struct amdxdna_drm_wait_cmd */
	uint32_t hwctx;
	uint32_t timeout;		/* ms, 0 = forever */
	uint64_t seq;
};

struct xu_get_info {			/* struct amdxdna_drm_get_info */
	uint32_t param;
	uint32_t buffer_size;
	uint64_t buffer;		/* user pointer */
};

struct xu_query_aie_version {		/* struct amdxdna_drm_query_aie_version */
	uint32_t major;
	uint32_t minor;
};

struct xu_query_fw_version {		/* struct amdxdna_drm_query_firmware_version */
	uint32_t major;
	uint32_t minor;
	uint32_t patch;
	uint32_t build;
};

struct xu_gem_close {			/* struct drm_gem_close */
	uint32_t handle;
	uint32_t pad;
};

struct xu_prime_handle {		/* struct drm_prime_handle */
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

#define XU_IOWR(nr, type) _IOWR(XU_IOCTL_BASE, XU_COMMAND_BASE + (nr), type)
#define XU_IOCTL_CREATE_HWCTX	XU_IOWR(XU_NR_CREATE_HWCTX, struct xu_create_hwctx)
#define XU_IOCTL_DESTROY_HWCTX	XU_IOWR(XU_NR_DESTROY_HWCTX, struct xu_destroy_hwctx)
#define XU_IOCTL_CONFIG_HWCTX	XU_IOWR(XU_NR_CONFIG_HWCTX, struct xu_config_hwctx)
#define XU_IOCTL_CREATE_BO	XU_IOWR(XU_NR_CREATE_BO, struct xu_create_bo)
#define XU_IOCTL_GET_BO_INFO	XU_IOWR(XU_NR_GET_BO_INFO, struct xu_get_bo_info)
#define XU_IOCTL_SYNC_BO	XU_IOWR(XU_NR_SYNC_BO, struct xu_sync_bo)
#define XU_IOCTL_EXEC_CMD	XU_IOWR(XU_NR_EXEC_CMD, struct xu_exec_cmd)
#define XU_IOCTL_GET_INFO	XU_IOWR(XU_NR_GET_INFO, struct xu_get_info)
#define XU_IOCTL_WAIT_CMD \
	_IOW(XU_IOCTL_BASE, XU_COMMAND_BASE + XU_NR_WAIT_CMD, struct xu_wait_cmd)
#define XU_IOCTL_GEM_CLOSE	_IOW(XU_IOCTL_BASE, XU_NR_GEM_CLOSE, struct xu_gem_close)
#define XU_IOCTL_PRIME_HANDLE_TO_FD \
	_IOWR(XU_IOCTL_BASE, XU_NR_PRIME_HANDLE_TO_FD, struct xu_prime_handle)
#define XU_IOCTL_PRIME_FD_TO_HANDLE \
	_IOWR(XU_IOCTL_BASE, XU_NR_PRIME_FD_TO_HANDLE, struct xu_prime_handle)

/* Layout pins: sizes and the offsets of every out field. */
_Static_assert(sizeof(struct xu_create_hwctx) == 56, "create_hwctx size");
_Static_assert(offsetof(struct xu_create_hwctx, num_tiles) == 36, "num_tiles");
_Static_assert(offsetof(struct xu_create_hwctx, handle) == 48, "hwctx handle");
_Static_assert(sizeof(struct xu_destroy_hwctx) == 8, "destroy_hwctx size");
_Static_assert(sizeof(struct xu_cu_config) == 8, "cu_config size");
_Static_assert(sizeof(struct xu_config_cu_param) == 8, "config_cu param size");
_Static_assert(sizeof(struct xu_config_hwctx) == 24, "config_hwctx size");
_Static_assert(sizeof(struct xu_create_bo) == 32, "create_bo size");
_Static_assert(offsetof(struct xu_create_bo, handle) == 28, "create_bo handle");
_Static_assert(sizeof(struct xu_get_bo_info) == 48, "get_bo_info size");
_Static_assert(offsetof(struct xu_get_bo_info, xdna_addr) == 40, "xdna_addr");
_Static_assert(sizeof(struct xu_sync_bo) == 24, "sync_bo size");
_Static_assert(sizeof(struct xu_exec_cmd) == 56, "exec_cmd size");
_Static_assert(offsetof(struct xu_exec_cmd, seq) == 48, "exec seq");
_Static_assert(sizeof(struct xu_wait_cmd) == 16, "wait_cmd size");
_Static_assert(sizeof(struct xu_get_info) == 16, "get_info size");
_Static_assert(sizeof(struct xu_gem_close) == 8, "gem_close size");
_Static_assert(sizeof(struct xu_prime_handle) == 12, "prime_handle size");

/* The request codes the ioctl macros produce (direction, size, type, nr). */
_Static_assert(XU_IOCTL_CREATE_BO == 0xc0206443UL, "CREATE_BO request");
_Static_assert(XU_IOCTL_GET_BO_INFO == 0xc0306444UL, "GET_BO_INFO request");
_Static_assert(XU_IOCTL_EXEC_CMD == 0xc0386446UL, "EXEC_CMD request");
_Static_assert(XU_IOCTL_WAIT_CMD == 0x40106449UL, "WAIT_CMD request");
_Static_assert(XU_IOCTL_GEM_CLOSE == 0x40086409UL, "GEM_CLOSE request");

#endif /* XDNASIM_CAPTURE_UAPI_H */
