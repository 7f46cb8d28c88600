/* SPDX-License-Identifier: MIT */
/*
 * emu.h - the simulated amdxdna device behind the application's own ioctls.
 *
 * An emulator owns one simulator (sim/sim.h) and a table of "device files":
 * each emulated open of /dev/accel/accel* is one simulator client.  The
 * application's ioctl arguments (capture/uapi.h layouts) are decoded, the
 * matching sim_* operation runs, and the results are written back exactly
 * where the driver writes them.  docs/capture.md lists every call that is
 * emulated and how.  The emulator itself never maps memory: the caller
 * (capture/preload.c) places the real mapping and then reports it with
 * emu_mmap().  Not thread-safe: callers serialise.
 */
#ifndef XDNASIM_CAPTURE_EMU_H
#define XDNASIM_CAPTURE_EMU_H

#include <stdbool.h>
#include <stddef.h>

#include "common/compat.h"
#include "sim/sim.h"

struct emu;

/*
 * struct emu_config - the device an emulator builds.
 * @sim: device, firmware, design, address mode, seed, bugs (sim_config).
 * @faults: optional fault rules, "SITE:nth=N[:err=ENAME|:status=NAME]"
 *	separated by ',' (docs/capture.md); NULL for none.
 */
struct emu_config {
	struct sim_config sim;
	const char *faults;
};

/*
 * emu_config_from_env - fill @cfg from the XDNASIM_DEVICE, XDNASIM_DESIGN,
 * XDNASIM_MODE, XDNASIM_FIRMWARE (MAJOR.MINOR), XDNASIM_SEED and
 * XDNASIM_FAULTS environment variables over sim_config_default().  A
 * message for a bad value goes to @why.
 * Returns 0 or -EINVAL.
 */
int emu_config_from_env(struct emu_config *cfg, char *why, size_t len);

/*
 * emu_create - build the device.  Returns 0; -EINVAL for a configuration
 * the simulator rejects or a malformed fault rule; -ENOMEM.
 */
int emu_create(const struct emu_config *cfg, struct emu **out);

/* emu_destroy - release every device file and the simulator.  Can't fail. */
void emu_destroy(struct emu *emu);

/* emu_sim - the simulator behind @emu (for inspection in tests). */
struct sim *emu_sim(struct emu *emu);

/*
 * emu_open - the application opened the device and got @fd (a descriptor
 * the caller owns, used only as a key).  Returns 0; -EEXIST when @fd is
 * already a device file; the errno of amdxdna_drm_open (sim_open).
 */
int emu_open(struct emu *emu, int fd);

/* emu_owns - true when @fd is an emulated device file. */
bool emu_owns(const struct emu *emu, int fd);

/*
 * emu_client - the simulator client behind @fd.  Returns 0 or -EBADF.
 */
int emu_client(const struct emu *emu, int fd, u32 *client);

/*
 * emu_ioctl - the driver's answer to ioctl(@fd, @request, @arg).  @arg
 * points at the application's argument structure (and through it at the
 * user buffers some calls name).  Returns 0 or the negative errno the
 * application sees; -ENOTTY for a request the emulator does not know.
 */
int emu_ioctl(struct emu *emu, int fd, unsigned long request, void *arg);

/*
 * emu_mmap - the application mapped @len bytes of @fd at @offset (the
 * map_offset GET_BO_INFO returned) and the caller placed that mapping at
 * @uva.  Returns 0; -EBADF; -EINVAL for an offset that is no BO's, or the
 * simulator's mmap errno (the caller then removes its mapping).
 */
int emu_mmap(struct emu *emu, int fd, u64 uva, u64 len, u64 offset);

/*
 * emu_munmap - the application unmapped [@uva, @uva + @len).  Every device
 * mapping that starts inside the range is unmapped in the simulator.
 * *@device is set when one was.  Returns 0 or the simulator's errno.
 */
int emu_munmap(struct emu *emu, u64 uva, u64 len, bool *device);

/*
 * emu_close - the last descriptor of the device file @fd was closed:
 * the driver's close and postclose.  Returns 0 or -EBADF.
 */
int emu_close(struct emu *emu, int fd);

#endif /* XDNASIM_CAPTURE_EMU_H */
