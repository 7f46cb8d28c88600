// SPDX-License-Identifier: MIT
/*
 * version.c - xdnasim_version(): the project version CMake passes in as
 * XDNASIM_VERSION (project(... VERSION ...) in the top CMakeLists.txt).
 */
#include "api/xdnasim.h"

#ifndef XDNASIM_VERSION
#error "XDNASIM_VERSION must be defined by the build"
#endif

const char *xdnasim_version(void)
{
	return XDNASIM_VERSION;
}
