/* SPDX-License-Identifier: MIT */
/*
 * device.h - the devices xdnasim knows (common/devices.def) and lookups.
 * libc only.
 */
#ifndef XDNASIM_COMMON_DEVICE_H
#define XDNASIM_COMMON_DEVICE_H

#include <stddef.h>

#include "common/compat.h"

/* A firmware version as one comparable number (the driver's AIE2_FW_VERSION). */
#define XDNA_FW(major, minor) (((u64)(major) << 32) | (u32)(minor))
#define XDNA_FW_MAJOR(v) ((u32)((v) >> 32))
#define XDNA_FW_MINOR(v) ((u32)(v))

enum xdna_device {
#define XDNA_DEVICE(cname, ...) XDNA_DEV_##cname,
#include "common/devices.def"
	XDNA_DEV_COUNT
};

enum xdna_family {
	XDNA_FAMILY_NPU1,
	XDNA_FAMILY_NPU4,
	XDNA_FAMILY_AIE4,
};

/* One row of common/devices.def (its comment says what each field means). */
struct xdna_device_info {
	const char *name;
	enum xdna_family family;
	u64 heap_max;
	u32 hwctx_limit;
	u32 total_col, first_col;
	u64 fw_min;
	u64 fw_default;
	u64 add_host_buf;	/* 0: never */
};

extern const struct xdna_device_info xdna_devices[XDNA_DEV_COUNT];

/* xdna_device_by_name - the device called @name, or -ENOENT (NULL too). */
int xdna_device_by_name(const char *name);

/* xdna_device_is_aie2 - @dev runs AIE2 firmware (the simulator can build it). */
bool xdna_device_is_aie2(enum xdna_device dev);

/*
 * xdna_device_names - "npu1, npu4, ..." into @buf (@len bytes), every device,
 * or with @aie2_only only those the simulator builds.  Returns @buf.
 */
const char *xdna_device_names(char *buf, size_t len, bool aie2_only);

#endif /* XDNASIM_COMMON_DEVICE_H */
