/* SPDX-License-Identifier: MIT */
/*
 * xdnasim.h - the public C API of libxdnasim, installed as
 * <xdnasim/xdnasim.h>.  Build against it with
 *
 *	cc prog.c $(pkg-config --cflags --libs xdnasim)
 *
 * The library holds every module of the xdnasim program: the drm_mm-exact
 * allocator and the chunked device heap (alloc/), the AIE2 mailbox messages
 * (proto/), the simulated device (sim/, docs/sim.md "C API"), the scenario
 * loader and runner (scenarios/) and the JSON run report (reports/).  This
 * header includes the main headers of each; the others are installed next
 * to it under <xdnasim/MODULE/...> and are found through pkg-config's
 * include path.
 */
#ifndef XDNASIM_API_XDNASIM_H
#define XDNASIM_API_XDNASIM_H

#include "common/compat.h"
#include "common/errname.h"
#include "alloc/mm.h"
#include "alloc/heap.h"
#include "alloc/heap_metrics.h"
#include "proto/msg.h"
#include "sim/sim.h"
#include "sim/fault.h"
#include "scenarios/scn.h"
#include "scenarios/run.h"
#include "reports/run_report.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * xdnasim_version - the library's version, "MAJOR.MINOR.PATCH" (the
 * project version in CMakeLists.txt; `xdnasim --version` prints the same).
 * This function can't fail; the string is static.
 */
const char *xdnasim_version(void);

#ifdef __cplusplus
}
#endif

#endif /* XDNASIM_API_XDNASIM_H */
