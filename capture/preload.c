// SPDX-License-Identifier: MIT
/*
 * preload.c - libxdnasim-capture.so, loaded with LD_PRELOAD into an
 * unmodified application (docs/capture.md).
 *
 * It interposes open/openat (and their 64-bit and fortified forms), ioctl,
 * mmap, munmap and close.  A descriptor is a device file when it was opened
 * by a path under /dev/accel/ or, for descriptors inherited across exec()
 * or made by dup(), when /proc/self/fd names such a path.
 *
 *   XDNASIM_CAPTURE=FILE  append one record per device call to FILE
 *                         (record.h; every process writes whole lines with
 *                         one write() on an O_APPEND descriptor).
 *   XDNASIM_EMULATE=1     answer the device from the simulator (emu.h)
 *                         instead of the kernel; configured by the
 *                         XDNASIM_DEVICE/DESIGN/MODE/FIRMWARE/SEED/FAULTS
 *                         variables.  Emulated files are per process.
 *
 * In capture mode every call goes to the real driver unchanged, with the
 * application's own arguments; the library only reads them before and after.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capture/emu.h"
#include "capture/record.h"
#include "capture/uapi.h"

#define EXPORT __attribute__((visibility("default")))
#define MAX_FDS 4096
#define REC_BUF (64 * 1024)

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_ioctl)(int, unsigned long, ...);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static void *(*real_mmap64)(void *, size_t, int, int, int, off_t);
static int (*real_munmap)(void *, size_t);
static int (*real_close)(int);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int cap_fd = -1;			/* the capture file, -1 = not capturing */
static bool emulate;
static struct emu *emu;
static signed char fd_kind[MAX_FDS];	/* 0 unknown, 1 device, -1 other */
static char recbuf[REC_BUF];
static char outbuf[2 * REC_BUF];	/* records not yet written */
static size_t outlen;
static bool sync_writes;

/* Device mappings this process made (capture mode): which munmaps to record. */
#define MAX_MAPS 1024
static struct { u64 uva, len; } maps[MAX_MAPS];
static u32 nmaps;

static void maps_add(u64 uva, u64 len)
{
	if (nmaps < MAX_MAPS)
		maps[nmaps++].uva = uva, maps[nmaps - 1].len = len;
}

/* maps_drop - forget the mappings [@uva, @uva + @len) overlaps; true if any. */
static bool maps_drop(u64 uva, u64 len)
{
	bool hit = false;

	for (u32 i = 0; i < nmaps;) {
		if (maps[i].uva < uva + len && uva < maps[i].uva + maps[i].len) {
			maps[i] = maps[--nmaps];
			hit = true;
		} else {
			i++;
		}
	}
	return hit;
}

/* pid and tid are asked of the kernel once per process and thread, not per record */
static long my_pid;
static __thread long my_tid;

static void child_after_fork(void)
{
	pthread_mutex_init(&lock, NULL);
	outlen = 0;
	my_pid = 0;
	my_tid = 0;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void rec_start(struct rec *r, const char *call)
{
	if (!my_pid)
		my_pid = (long)getpid();
	if (!my_tid)
		my_tid = (long)syscall(SYS_gettid);
	rec_begin(r, recbuf, sizeof(recbuf), call, now_ns(), my_pid, my_tid);
}

/*
 * Records are collected in a process-wide buffer and written with one
 * write() when it fills, when a device file is closed, before fork() and at
 * exit (XDNASIM_CAPTURE_SYNC=1: one write() per record).  A write() costs
 * microseconds; a record formatted into memory costs nanoseconds.
 */

static void out_flush(void)
{
	size_t off = 0;

	while (off < outlen) {
		ssize_t n = write(cap_fd, outbuf + off, outlen - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the capture file is gone or full: nothing to report to */
		off += (size_t)n;
	}
	outlen = 0;
}

static void rec_write(struct rec *r)
{
	size_t len = rec_end(r);

	if (outlen + len > sizeof(outbuf))
		out_flush();
	memcpy(outbuf + outlen, r->buf, len);
	outlen += len;
	if (sync_writes)
		out_flush();
}

static void before_fork(void)
{
	pthread_mutex_lock(&lock);
	if (cap_fd >= 0)
		out_flush();
}

static void parent_after_fork(void)
{
	pthread_mutex_unlock(&lock);
}

/*
 * The next definitions of the interposed functions.  Resolved before
 * anything else runs in a wrapper: another preloaded library (a sanitizer
 * runtime) may call open() or mmap() before this library's constructor.
 */
static void resolve(void)
{
	if (real_close)
		return;
	real_open = dlsym(RTLD_NEXT, "open");
	real_open64 = dlsym(RTLD_NEXT, "open64");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_openat64 = dlsym(RTLD_NEXT, "openat64");
	real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	real_mmap = dlsym(RTLD_NEXT, "mmap");
	real_mmap64 = dlsym(RTLD_NEXT, "mmap64");
	real_munmap = dlsym(RTLD_NEXT, "munmap");
	real_close = dlsym(RTLD_NEXT, "close");
}

__attribute__((constructor)) static void capture_init(void)
{
	const char *path = getenv("XDNASIM_CAPTURE");
	const char *em = getenv("XDNASIM_EMULATE");

	resolve();
	pthread_atfork(before_fork, parent_after_fork, child_after_fork);
	emulate = em && !strcmp(em, "1");
	sync_writes = getenv("XDNASIM_CAPTURE_SYNC") && !strcmp(getenv("XDNASIM_CAPTURE_SYNC"), "1");
	if (emulate) {
		struct emu_config cfg;
		char why[256] = "";
		int ret = emu_config_from_env(&cfg, why, sizeof(why));

		if (!ret)
			ret = emu_create(&cfg, &emu);
		if (ret) {
			fprintf(stderr, "xdnasim-capture: cannot emulate the device: %s\n",
				*why ? why : strerror(-ret));
			_exit(2);
		}
	}
	if (path && *path) {
		struct rec r;

		cap_fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (cap_fd < 0) {
			fprintf(stderr, "xdnasim-capture: cannot open %s: %s\n", path, strerror(errno));
			_exit(2);
		}
		rec_start(&r, "start");
		rec_u64(&r, "xdnasim_capture", REC_FORMAT_VERSION);
		rec_u64(&r, "ppid", (u64)getppid());
		rec_str(&r, "mode", emulate ? "emulate" : "capture");
		rec_write(&r);
	}
}

__attribute__((destructor)) static void capture_fini(void)
{
	pthread_mutex_lock(&lock);
	if (cap_fd >= 0)
		out_flush();
	pthread_mutex_unlock(&lock);
	if (emu) {
		emu_destroy(emu);
		emu = NULL;
	}
}

/* --- which descriptors are device files --------------------------------- */

static bool is_accel_path(const char *p)
{
	return p && !strncmp(p, "/dev/accel/accel", 16);
}

static bool fd_is_device(int fd)
{
	char link[64], target[256];
	ssize_t n;

	if (fd < 0)
		return false;
	if (fd < MAX_FDS && fd_kind[fd])
		return fd_kind[fd] > 0;
	if (emulate)
		return emu_owns(emu, fd);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	if (fd < MAX_FDS)
		fd_kind[fd] = is_accel_path(target) ? 1 : -1;
	return is_accel_path(target);
}

/* --- open ---------------------------------------------------------------- */

static int emu_open_fd(const char *path)
{
	char name[64];
	int fd, ret;

	snprintf(name, sizeof(name), "xdnasim-accel:%s", path + 11);
	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = emu_open(emu, fd);
	if (ret) {
		real_close(fd);
		errno = -ret;
		return -1;
	}
	return fd;
}

static int after_open(const char *path, int flags, int fd)
{
	struct rec r;

	if (fd >= 0 && fd < MAX_FDS)
		fd_kind[fd] = 1;
	if (cap_fd >= 0) {
		rec_start(&r, "open");
		rec_str(&r, "path", path);
		rec_u64(&r, "flags", (u64)(unsigned int)flags);
		rec_s64(&r, "ret", fd < 0 ? -errno : fd);
		rec_write(&r);
	}
	return fd;
}

static int do_open(int dirfd, const char *path, int flags, mode_t mode,
		   int (*realfn)(const char *, int, ...), int (*realat)(int, const char *, int, ...))
{
	int fd, e;

	resolve();
	if (!is_accel_path(path))
		return realat ? realat(dirfd, path, flags, mode) : realfn(path, flags, mode);
	pthread_mutex_lock(&lock);
	if (emulate)
		fd = emu_open_fd(path);
	else
		fd = realat ? realat(dirfd, path, flags, mode) : realfn(path, flags, mode);
	e = errno;
	after_open(path, flags, fd);
	pthread_mutex_unlock(&lock);
	errno = e;
	return fd;
}

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, unsigned int) : 0;
}

EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	resolve();
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return do_open(AT_FDCWD, path, flags, mode, real_open, NULL);
}

EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	resolve();
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return do_open(AT_FDCWD, path, flags, mode, real_open64 ? real_open64 : real_open, NULL);
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	resolve();
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return do_open(dirfd, path, flags, mode, NULL, real_openat);
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	resolve();
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return do_open(dirfd, path, flags, mode, NULL, real_openat64 ? real_openat64 : real_openat);
}

/* The fortified forms the compiler emits under _FORTIFY_SOURCE. */
EXPORT int __open_2(const char *path, int flags);
EXPORT int __open_2(const char *path, int flags)
{
	resolve();
	return do_open(AT_FDCWD, path, flags, 0, real_open, NULL);
}

EXPORT int __open64_2(const char *path, int flags);
EXPORT int __open64_2(const char *path, int flags)
{
	resolve();
	return do_open(AT_FDCWD, path, flags, 0, real_open64 ? real_open64 : real_open, NULL);
}

/* --- ioctl --------------------------------------------------------------- */

static void rec_ioctl_in(struct rec *r, unsigned long req, const void *arg)
{
	switch (req) {
	case XU_IOCTL_CREATE_BO: {
		const struct xu_create_bo *a = arg;

		rec_u64(r, "type", a->type);
		rec_u64(r, "size", a->size);
		rec_u64(r, "flags", a->flags);
		rec_u64(r, "vaddr", a->vaddr);
		break;
	}
	case XU_IOCTL_GET_BO_INFO:
		rec_u64(r, "handle", ((const struct xu_get_bo_info *)arg)->handle);
		break;
	case XU_IOCTL_GEM_CLOSE:
		rec_u64(r, "handle", ((const struct xu_gem_close *)arg)->handle);
		break;
	case XU_IOCTL_SYNC_BO: {
		const struct xu_sync_bo *a = arg;

		rec_u64(r, "handle", a->handle);
		rec_u64(r, "direction", a->direction);
		rec_u64(r, "offset", a->offset);
		rec_u64(r, "size", a->size);
		break;
	}
	case XU_IOCTL_CREATE_HWCTX: {
		const struct xu_create_hwctx *a = arg;

		rec_u64(r, "num_tiles", a->num_tiles);
		rec_u64(r, "max_opc", a->max_opc);
		rec_u64(r, "mem_size", a->mem_size);
		break;
	}
	case XU_IOCTL_DESTROY_HWCTX:
		rec_u64(r, "handle", ((const struct xu_destroy_hwctx *)arg)->handle);
		break;
	case XU_IOCTL_CONFIG_HWCTX: {
		const struct xu_config_hwctx *a = arg;
		const struct xu_config_cu_param *p = (const void *)(uintptr_t)a->param_val;

		rec_u64(r, "handle", a->handle);
		rec_u64(r, "param_type", a->param_type);
		if (a->param_type == XU_HWCTX_CONFIG_CU && p &&
		    a->param_val_size >= sizeof(*p) + p->num_cus * sizeof(struct xu_cu_config)) {
			const struct xu_cu_config *cu = (const void *)(p + 1);
			u32 bos[64];
			u32 n = p->num_cus < 64 ? p->num_cus : 64;

			for (u32 i = 0; i < n; i++)
				bos[i] = cu[i].cu_bo;
			rec_u32_array(r, "cu_bos", bos, n);
			rec_u64(r, "num_cus", p->num_cus);
		}
		break;
	}
	case XU_IOCTL_EXEC_CMD: {
		const struct xu_exec_cmd *a = arg;

		rec_u64(r, "hwctx", a->hwctx);
		rec_u64(r, "type", a->type);
		rec_u64(r, "cmd_count", a->cmd_count);
		if (a->cmd_count == 1)
			rec_u64(r, "cmd", a->cmd_handles);
		if (a->args)
			rec_u32_array(r, "args", (const u32 *)(uintptr_t)a->args, a->arg_count);
		break;
	}
	case XU_IOCTL_WAIT_CMD: {
		const struct xu_wait_cmd *a = arg;

		rec_u64(r, "hwctx", a->hwctx);
		rec_u64(r, "seq", a->seq);
		rec_u64(r, "timeout", a->timeout);
		break;
	}
	case XU_IOCTL_GET_INFO:
		rec_u64(r, "param", ((const struct xu_get_info *)arg)->param);
		break;
	case XU_IOCTL_PRIME_HANDLE_TO_FD:
		rec_u64(r, "handle", ((const struct xu_prime_handle *)arg)->handle);
		break;
	case XU_IOCTL_PRIME_FD_TO_HANDLE:
		rec_s64(r, "prime_fd", ((const struct xu_prime_handle *)arg)->fd);
		break;
	default:
		rec_u64(r, "request", req);
		break;
	}
}

static void rec_ioctl_out(struct rec *r, unsigned long req, const void *arg)
{
	switch (req) {
	case XU_IOCTL_CREATE_BO:
		rec_u64(r, "out_handle", ((const struct xu_create_bo *)arg)->handle);
		break;
	case XU_IOCTL_GET_BO_INFO: {
		const struct xu_get_bo_info *a = arg;

		rec_u64(r, "map_offset", a->map_offset);
		rec_u64(r, "out_vaddr", a->vaddr);
		rec_u64(r, "xdna_addr", a->xdna_addr);
		break;
	}
	case XU_IOCTL_CREATE_HWCTX:
		rec_u64(r, "out_handle", ((const struct xu_create_hwctx *)arg)->handle);
		break;
	case XU_IOCTL_EXEC_CMD:
		rec_u64(r, "out_seq", ((const struct xu_exec_cmd *)arg)->seq);
		break;
	case XU_IOCTL_PRIME_HANDLE_TO_FD:
		rec_s64(r, "out_prime_fd", ((const struct xu_prime_handle *)arg)->fd);
		break;
	case XU_IOCTL_GET_INFO: {
		const struct xu_get_info *a = arg;
		const struct xu_query_aie_version *v = (const void *)(uintptr_t)a->buffer;

		/* the protocol version: the importer writes it as the firmware */
		if (a->param == XU_QUERY_AIE_VERSION && v && a->buffer_size >= sizeof(*v)) {
			rec_u64(r, "aie_major", v->major);
			rec_u64(r, "aie_minor", v->minor);
		}
		break;
	}
	case XU_IOCTL_PRIME_FD_TO_HANDLE:
		rec_u64(r, "out_handle", ((const struct xu_prime_handle *)arg)->handle);
		break;
	default:
		break;
	}
}

static const char *ioctl_call_name(unsigned long req)
{
	switch (req) {
	case XU_IOCTL_CREATE_BO: return "create_bo";
	case XU_IOCTL_GET_BO_INFO: return "get_bo_info";
	case XU_IOCTL_GEM_CLOSE: return "gem_close";
	case XU_IOCTL_SYNC_BO: return "sync_bo";
	case XU_IOCTL_CREATE_HWCTX: return "create_hwctx";
	case XU_IOCTL_DESTROY_HWCTX: return "destroy_hwctx";
	case XU_IOCTL_CONFIG_HWCTX: return "config_hwctx";
	case XU_IOCTL_EXEC_CMD: return "exec_cmd";
	case XU_IOCTL_WAIT_CMD: return "wait_cmd";
	case XU_IOCTL_GET_INFO: return "get_info";
	case XU_IOCTL_PRIME_HANDLE_TO_FD: return "prime_export";
	case XU_IOCTL_PRIME_FD_TO_HANDLE: return "prime_import";
	default: return "ioctl";
	}
}

EXPORT int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	struct rec r;
	int ret, e;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	resolve();
	if (_IOC_TYPE(req) != XU_IOCTL_BASE || !fd_is_device(fd))
		return real_ioctl(fd, req, arg);
	pthread_mutex_lock(&lock);
	if (cap_fd >= 0) {
		rec_start(&r, ioctl_call_name(req));
		rec_s64(&r, "fd", fd);
		if (arg)
			rec_ioctl_in(&r, req, arg);
	}
	if (emulate) {
		ret = emu_ioctl(emu, fd, req, arg);
		e = ret < 0 ? -ret : 0;
		ret = ret < 0 ? -1 : ret;
	} else {
		ret = real_ioctl(fd, req, arg);
		e = ret < 0 ? errno : 0;
	}
	if (cap_fd >= 0) {
		rec_s64(&r, "ret", ret < 0 ? -e : ret);
		if (ret >= 0 && arg)
			rec_ioctl_out(&r, req, arg);
		rec_write(&r);
	}
	pthread_mutex_unlock(&lock);
	errno = e ? e : errno;
	return ret;
}

/* --- mmap, munmap, close ------------------------------------------------ */

static void *emu_map(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int mflags = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) | MAP_PRIVATE | MAP_ANONYMOUS;
	void *p = real_mmap(addr, len, prot, mflags, -1, 0);
	int ret;

	if (p == MAP_FAILED)
		return p;
	ret = emu_mmap(emu, fd, (u64)(uintptr_t)p, len, (u64)off);
	if (ret) {
		if (flags & MAP_FIXED)	/* leave the range reserved, as before the call */
			real_mmap(p, len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		else
			real_munmap(p, len);
		errno = -ret;
		return MAP_FAILED;
	}
	return p;
}

static void *do_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off,
		     void *(*realfn)(void *, size_t, int, int, int, off_t))
{
	void *p;
	struct rec r;
	int e;

	resolve();
	if (fd < 0 || !fd_is_device(fd))
		return realfn(addr, len, prot, flags, fd, off);
	pthread_mutex_lock(&lock);
	p = emulate ? emu_map(addr, len, prot, flags, fd, off) : realfn(addr, len, prot, flags, fd, off);
	e = errno;
	if (cap_fd >= 0) {
		rec_start(&r, "mmap");
		rec_s64(&r, "fd", fd);
		rec_u64(&r, "addr", (u64)(uintptr_t)addr);
		rec_u64(&r, "len", len);
		rec_u64(&r, "prot", (u64)prot);
		rec_u64(&r, "flags", (u64)(unsigned int)flags);
		rec_u64(&r, "offset", (u64)off);
		rec_s64(&r, "ret", p == MAP_FAILED ? -e : 0);
		if (p != MAP_FAILED)
			rec_u64(&r, "uva", (u64)(uintptr_t)p);
		rec_write(&r);
	}
	if (p != MAP_FAILED)
		maps_add((u64)(uintptr_t)p, len);
	pthread_mutex_unlock(&lock);
	errno = e;
	return p;
}

EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	resolve();
	return do_mmap(addr, len, prot, flags, fd, off, real_mmap);
}

EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	resolve();
	return do_mmap(addr, len, prot, flags, fd, off, real_mmap64 ? real_mmap64 : real_mmap);
}

EXPORT int munmap(void *addr, size_t len)
{
	bool device = false;
	struct rec r;
	int ret, e;

	resolve();
	if (!emulate && cap_fd < 0)
		return real_munmap(addr, len);
	pthread_mutex_lock(&lock);
	if (emulate)
		emu_munmap(emu, (u64)(uintptr_t)addr, len, &device);
	ret = real_munmap(addr, len);
	e = errno;
	/* only munmaps that remove a device mapping are recorded */
	if (maps_drop((u64)(uintptr_t)addr, len) && cap_fd >= 0) {
		rec_start(&r, "munmap");
		rec_u64(&r, "addr", (u64)(uintptr_t)addr);
		rec_u64(&r, "len", len);
		rec_s64(&r, "ret", ret < 0 ? -e : 0);
		rec_write(&r);
	}
	pthread_mutex_unlock(&lock);
	errno = e;
	return ret;
}

EXPORT int close(int fd)
{
	struct rec r;
	int ret, e;

	resolve();
	if (fd < 0 || fd >= MAX_FDS || fd_kind[fd] <= 0 || fd == cap_fd) {
		if (fd >= 0 && fd < MAX_FDS)
			fd_kind[fd] = 0;
		return real_close(fd);
	}
	pthread_mutex_lock(&lock);
	if (emulate)
		emu_close(emu, fd);
	ret = real_close(fd);
	e = errno;
	fd_kind[fd] = 0;
	if (cap_fd >= 0) {
		rec_start(&r, "close");
		rec_s64(&r, "fd", fd);
		rec_s64(&r, "ret", ret < 0 ? -e : 0);
		rec_write(&r);
		out_flush();
	}
	pthread_mutex_unlock(&lock);
	errno = e;
	return ret;
}
