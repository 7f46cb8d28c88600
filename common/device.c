// SPDX-License-Identifier: MIT
/*
 * device.c - the device table (common/devices.def) and its lookups.
 */
#include "common/device.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const struct xdna_device_info xdna_devices[XDNA_DEV_COUNT] = {
#define XDNA_DEVICE(cname, nm, fam, hmax, hlim, cols, first, fmin, fdef, ahb)           \
	[XDNA_DEV_##cname] = { .name = nm, .family = XDNA_FAMILY_##fam, .heap_max = hmax,   \
			       .hwctx_limit = hlim, .total_col = cols, .first_col = first, \
			       .fw_min = fmin, .fw_default = fdef, .add_host_buf = ahb },
#include "common/devices.def"
};

int xdna_device_by_name(const char *name)
{
	if (!name)
		return -ENOENT;
	for (int i = 0; i < XDNA_DEV_COUNT; i++)
		if (!strcmp(xdna_devices[i].name, name))
			return i;
	return -ENOENT;
}

bool xdna_device_is_aie2(enum xdna_device dev)
{
	return (unsigned int)dev < XDNA_DEV_COUNT && xdna_devices[dev].family != XDNA_FAMILY_AIE4;
}

const char *xdna_device_names(char *buf, size_t len, bool aie2_only)
{
	size_t n = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < XDNA_DEV_COUNT; i++) {
		int w;

		if (aie2_only && !xdna_device_is_aie2((enum xdna_device)i))
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", xdna_devices[i].name);
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	return buf;
}
