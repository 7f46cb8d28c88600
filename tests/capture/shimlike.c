// SPDX-License-Identifier: MIT
/*
 * shimlike.c - a small program that drives /dev/accel/accel0 the way the XRT
 * shim does for the device heap (src/shim/kmq/pcidev.cpp and buffer.cpp in
 * amd/xdna-driver): a 512 MiB address reservation, the first 64 MiB heap
 * chunk mapped at its start, a hardware context with one CU configured, DEV
 * BOs created with "on EAGAIN add a 64 MiB chunk at the next slot and retry",
 * command BOs, exec + wait, SYNC_BO, frees, and the close-time cleanup (every
 * chunk unmapped and closed, then the file).  It uses nothing but the uapi,
 * so it runs against a real NPU, or host-only under
 * LD_PRELOAD=libxdnasim-capture.so XDNASIM_EMULATE=1.
 *
 * Each allocation prints "alloc SIZE addr 0xADDR expansions N" (or the
 * errno); the exit status is 0 when every call the workload expects to
 * succeed did.  Usage: shimlike [WORKLOAD]   (small | llm | two, default
 * small; two: a second device file of the same process allocates and
 * frees in between, as two XRT devices would)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/uapi.h"

#define MIB (1024ULL * 1024)
#define CHUNK (64 * MIB)
#define RESERVE (512 * MIB)

struct dev {
	int fd;
	uint8_t *base;		/* the reservation */
	uint64_t cur;		/* bytes of heap mapped */
	uint32_t chunks[8];
	uint32_t nchunks;
	uint64_t expansions;
};

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/* buffer::expand: CREATE_BO(DEV_HEAP) + GET_BO_INFO + mmap at the next slot. */
static int expand(struct dev *d, uint64_t size)
{
	struct xu_create_bo cb = { .size = size, .type = XU_BO_DEV_HEAP };
	struct xu_get_bo_info gi = { 0 };
	struct xu_gem_close gc = { 0 };
	void *p;
	int ret;

	if (d->cur + size > RESERVE || d->nchunks == 8)
		return -ENOSPC;
	ret = xioctl(d->fd, XU_IOCTL_CREATE_BO, &cb);
	if (ret)
		return ret;
	gi.handle = cb.handle;
	ret = xioctl(d->fd, XU_IOCTL_GET_BO_INFO, &gi);
	if (!ret) {
		p = mmap(d->base + d->cur, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, d->fd,
			 (off_t)gi.map_offset);
		ret = p == MAP_FAILED ? -errno : 0;
	}
	if (ret) {
		gc.handle = cb.handle;
		xioctl(d->fd, XU_IOCTL_GEM_CLOSE, &gc);
		return ret;
	}
	d->chunks[d->nchunks++] = cb.handle;
	d->cur += size;
	return 0;
}

static int dev_open(struct dev *d)
{
	void *p;

	memset(d, 0, sizeof(*d));
	d->fd = open("/dev/accel/accel0", O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	p = mmap(NULL, RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	d->base = p;
	{
		/* as XRT does at open: the AIE (firmware protocol) version */
		struct xu_query_aie_version v = { 0 };
		struct xu_get_info q = { .param = XU_QUERY_AIE_VERSION, .buffer_size = sizeof(v),
					 .buffer = (uint64_t)(uintptr_t)&v };

		if (xioctl(d->fd, XU_IOCTL_GET_INFO, &q) == 0)
			printf("aie version %u.%u\n", v.major, v.minor);
	}
	return expand(d, CHUNK);
}

/* create_drm_bo for a DEV BO: retry after one 64 MiB expansion per EAGAIN. */
static int alloc_dev(struct dev *d, uint64_t size, uint32_t *handle, uint64_t *addr)
{
	struct xu_create_bo cb = { .size = size, .type = XU_BO_DEV };
	struct xu_get_bo_info gi = { 0 };
	uint64_t before = d->expansions;
	int ret;

	while ((ret = xioctl(d->fd, XU_IOCTL_CREATE_BO, &cb)) == -EAGAIN) {
		ret = expand(d, CHUNK);
		if (ret)
			break;
		d->expansions++;
	}
	if (!ret) {
		gi.handle = cb.handle;
		ret = xioctl(d->fd, XU_IOCTL_GET_BO_INFO, &gi);
	}
	if (ret) {
		printf("alloc %llu %s\n", (unsigned long long)size, strerror(-ret));
		return ret;
	}
	/* the application writes its data through the returned CPU address */
	memset((void *)(uintptr_t)gi.vaddr, 0x5a, size < 4096 ? size : 4096);
	*handle = cb.handle;
	*addr = gi.xdna_addr;
	printf("alloc %llu addr 0x%llx expansions %llu\n", (unsigned long long)size,
	       (unsigned long long)gi.xdna_addr, (unsigned long long)(d->expansions - before));
	return 0;
}

static int free_bo(struct dev *d, uint32_t handle)
{
	struct xu_gem_close gc = { .handle = handle };

	return xioctl(d->fd, XU_IOCTL_GEM_CLOSE, &gc);
}

struct cmd {
	uint32_t handle;
	uint32_t *hdr;
};

static int cmd_bo(struct dev *d, struct cmd *c)
{
	struct xu_create_bo cb = { .size = 4096, .type = XU_BO_CMD };
	struct xu_get_bo_info gi = { 0 };
	void *p;
	int ret = xioctl(d->fd, XU_IOCTL_CREATE_BO, &cb);

	if (ret)
		return ret;
	gi.handle = cb.handle;
	ret = xioctl(d->fd, XU_IOCTL_GET_BO_INFO, &gi);
	if (ret)
		return ret;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd, (off_t)gi.map_offset);
	if (p == MAP_FAILED)
		return -errno;
	c->handle = cb.handle;
	c->hdr = p;
	return 0;
}

/* One command: an ERT packet header in the command BO, the BOs as arguments. */
static int run_cmd(struct dev *d, uint32_t hwctx, struct cmd *c, const uint32_t *args, uint32_t n)
{
	struct xu_exec_cmd ex = {
		.hwctx = hwctx, .type = XU_CMD_SUBMIT_EXEC_BUF, .cmd_handles = c->handle,
		.args = (uint64_t)(uintptr_t)args, .cmd_count = 1, .arg_count = n,
	};
	struct xu_wait_cmd w = { .hwctx = hwctx, .timeout = 1000 };
	int ret;

	*c->hdr = XU_ERT_STATE_NEW;
	ret = xioctl(d->fd, XU_IOCTL_EXEC_CMD, &ex);
	if (ret)
		return ret;
	w.seq = ex.seq;
	ret = xioctl(d->fd, XU_IOCTL_WAIT_CMD, &w);
	if (ret)
		return ret;
	return (*c->hdr & 0xf) == XU_ERT_STATE_COMPLETED ? 0 : -EIO;
}

static int create_ctx(struct dev *d, uint32_t pdi, uint32_t *hwctx)
{
	struct xu_create_hwctx ch = { .max_opc = 0x800, .num_tiles = 4 };
	struct {
		struct xu_config_cu_param p;
		struct xu_cu_config cu[1];
	} cfg = { .p = { .num_cus = 1 }, .cu = { { .cu_bo = pdi, .cu_func = 0 } } };
	struct xu_config_hwctx cc = {
		.param_type = XU_HWCTX_CONFIG_CU, .param_val = (uint64_t)(uintptr_t)&cfg,
		.param_val_size = sizeof(cfg),
	};
	int ret = xioctl(d->fd, XU_IOCTL_CREATE_HWCTX, &ch);

	if (ret)
		return ret;
	cc.handle = ch.handle;
	*hwctx = ch.handle;
	return xioctl(d->fd, XU_IOCTL_CONFIG_HWCTX, &cc);
}

/* The shim's on_last_close: unmap and close every chunk, then the file. */
static void dev_close(struct dev *d)
{
	uint64_t off = 0;

	for (uint32_t k = 0; k < d->nchunks; k++) {
		munmap(d->base + off, CHUNK);
		off += CHUNK;
		free_bo(d, d->chunks[k]);
	}
	munmap(d->base + off, RESERVE - off);
	close(d->fd);
}

#define MUST(e) do { int r_ = (e); if (r_) { fprintf(stderr, "shimlike: %s: %s\n", #e, strerror(-r_)); return 1; } } while (0)
#define CHECK(e) do { int r_ = (e); if (r_) { fprintf(stderr, "shimlike: %s: %s\n", #e, strerror(-r_)); failed = 1; } } while (0)

int main(int argc, char **argv)
{
	const char *w = argc > 1 ? argv[1] : "small";
	bool llm = !strcmp(w, "llm"), two = !strcmp(w, "two");
	struct dev d, d2;
	uint32_t other[16];
	struct cmd c = { 0 };
	uint32_t pdi = 0, instr = 0, hwctx = 0, bo[64], nbo = 0, args[8];
	uint64_t addr;
	int failed = 0, ret;

	ret = dev_open(&d);
	if (ret) {
		fprintf(stderr, "shimlike: cannot open the device: %s\n", strerror(-ret));
		return 2;
	}
	MUST(alloc_dev(&d, 4096, &pdi, &addr));
	MUST(create_ctx(&d, pdi, &hwctx));
	MUST(alloc_dev(&d, 64 * 1024, &instr, &addr));
	MUST(cmd_bo(&d, &c));
	if (llm) {
		/* weights that cross chunk boundaries, then many small activations */
		static const uint64_t weights[] = { 150 * MIB, 40 * MIB, 100 * MIB, 96 * MIB };

		for (uint32_t i = 0; i < 4; i++)
			MUST(alloc_dev(&d, weights[i], &bo[nbo++], &addr));
	}
	if (two)
		MUST(dev_open(&d2));
	for (uint32_t i = 0; i < 24; i++) {
		MUST(alloc_dev(&d, (i % 3 + 1) * 8192, &bo[nbo++], &addr));
		if (two && i < 16)
			MUST(alloc_dev(&d2, (i % 4 + 1) * 6 * MIB, &other[i], &addr));
	}
	if (two) {
		for (uint32_t i = 0; i < 16; i += 2)
			CHECK(free_bo(&d2, other[i]));
		CHECK(alloc_dev(&d2, 80 * MIB, &other[0], &addr));
		dev_close(&d2);
	}
	for (uint32_t i = 0; i < nbo; i += 3) {
		args[0] = instr;
		args[1] = bo[i];
		args[2] = bo[(i + 1) % nbo];
		CHECK(run_cmd(&d, hwctx, &c, args, 3));
	}
	{
		struct xu_sync_bo s = { .handle = bo[0], .direction = XU_SYNC_TO_DEVICE, .size = 4096 };

		CHECK(xioctl(d.fd, XU_IOCTL_SYNC_BO, &s));
	}
	for (uint32_t i = 0; i < nbo; i += 2)
		CHECK(free_bo(&d, bo[i]));
	CHECK(alloc_dev(&d, llm ? 20 * MIB : 200 * MIB, &bo[0], &addr));
	/* past what the 512 MiB heap can hold: the shim's ENOSPC */
	ret = alloc_dev(&d, 600 * MIB, &bo[1], &addr);
	if (ret != -EINVAL && ret != -ENOSPC) {
		fprintf(stderr, "shimlike: 600 MiB allocation: %s, expected EINVAL or ENOSPC\n",
			strerror(-ret));
		failed = 1;
	}
	{
		struct xu_destroy_hwctx dh = { .handle = hwctx };

		CHECK(xioctl(d.fd, XU_IOCTL_DESTROY_HWCTX, &dh));
	}
	munmap(c.hdr, 4096);
	dev_close(&d);
	return failed;
}
