// SPDX-License-Identifier: MIT
/*
 * bench_capture - what libxdnasim-capture.so costs an application.
 *
 * 1. Calls that are not device calls (here mmap + munmap of one anonymous
 *    page) pass through the interposed functions: nanoseconds per pair in a
 *    child process without the library, with it loaded (capture file set),
 *    and the difference.
 * 2. Device calls (CREATE_BO(DEV, 4 KiB) + GEM_CLOSE pairs, answered by the
 *    emulator because no NPU is here): nanoseconds per pair with capture off
 *    and on; the difference is the cost of recording one pair (two records
 *    formatted and written to a file).  On a real device the ioctl itself
 *    takes microseconds; the recording cost adds to it unchanged.
 *
 * Each figure is the best of 5 runs.  Usage: bench_capture [--out FILE.json]
 * [--pairs N]; the program re-executes itself as the measured child.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture/uapi.h"
#include "common/parse.h"

#define MIB (1024ULL * 1024)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The measured loops, in the child: print ns per pair on stdout. */
static int child(const char *what, u64 n)
{
	double t0 = now_s();

	if (!strcmp(what, "passthrough")) {
		for (u64 i = 0; i < n; i++) {
			void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED || munmap(p, 4096))
				return 1;
		}
	} else {
		int fd = open("/dev/accel/accel0", O_RDWR);
		void *base = mmap(NULL, 64 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct xu_create_bo cb = { .type = XU_BO_DEV_HEAP, .size = 64 * MIB };
		struct xu_get_bo_info gi = { 0 };

		if (fd < 0 || base == MAP_FAILED || ioctl(fd, XU_IOCTL_CREATE_BO, &cb))
			return 1;
		gi.handle = cb.handle;
		if (ioctl(fd, XU_IOCTL_GET_BO_INFO, &gi) ||
		    mmap(base, 64 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
			 (off_t)gi.map_offset) == MAP_FAILED)
			return 1;
		t0 = now_s();
		for (u64 i = 0; i < n; i++) {
			struct xu_create_bo d = { .type = XU_BO_DEV, .size = 4096 };
			struct xu_gem_close gc = { 0 };

			if (ioctl(fd, XU_IOCTL_CREATE_BO, &d))
				return 1;
			gc.handle = d.handle;
			if (ioctl(fd, XU_IOCTL_GEM_CLOSE, &gc))
				return 1;
		}
	}
	printf("%.1f\n", (now_s() - t0) * 1e9 / (double)n);
	return 0;
}

/* Run this program as the child with @env set; the best of 5 ns/pair, or -1. */
static double measure(const char *self, const char *what, u64 n, char *const env[])
{
	double best = -1;

	for (int r = 0; r < 5; r++) {
		int pfd[2];
		pid_t pid;
		char buf[64] = "", nstr[32];
		ssize_t got;
		int st;

		snprintf(nstr, sizeof(nstr), "%llu", (unsigned long long)n);
		if (pipe(pfd))
			return -1;
		pid = fork();
		if (pid == 0) {
			char *argv[] = { (char *)self, "--child", (char *)what, nstr, NULL };

			dup2(pfd[1], 1);
			close(pfd[0]);
			execve(self, argv, env);
			_exit(127);
		}
		close(pfd[1]);
		got = read(pfd[0], buf, sizeof(buf) - 1);
		close(pfd[0]);
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) || got <= 0)
			return -1;
		buf[got] = 0;
		if (best < 0 || atof(buf) < best)
			best = atof(buf);
	}
	return best;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	u64 pairs = 200000;
	char self[4096], pre[4200], cap[64];
	ssize_t n;
	double plain, loaded, emu, emucap;
	FILE *f;

	if (argc == 4 && !strcmp(argv[1], "--child")) {
		u64 v;

		return parse_u64(argv[3], &v) ? 2 : child(argv[2], v);
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--out"))
			out = argv[i + 1];
		else if (!strcmp(argv[i], "--pairs") && !parse_u64(argv[i + 1], &pairs) && pairs)
			continue;
		else
			return fprintf(stderr, "usage: bench_capture [--out FILE.json] [--pairs N]\n"), 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = 0;
	snprintf(pre, sizeof(pre), "LD_PRELOAD=%s", XDNASIM_CAPTURE_LIB);
	snprintf(cap, sizeof(cap), "XDNASIM_CAPTURE=/tmp/xdnasim-bench-%d.capture", (int)getpid());
	{
		char *none[] = { NULL };
		char *loaded_env[] = { pre, cap, NULL };
		char *emu_env[] = { pre, "XDNASIM_EMULATE=1", NULL };
		char *emucap_env[] = { pre, "XDNASIM_EMULATE=1", cap, NULL };

		plain = measure(self, "passthrough", pairs, none);
		loaded = measure(self, "passthrough", pairs, loaded_env);
		emu = measure(self, "device", pairs, emu_env);
		unlink(cap + strlen("XDNASIM_CAPTURE="));
		emucap = measure(self, "device", pairs, emucap_env);
		unlink(cap + strlen("XDNASIM_CAPTURE="));
	}
	if (plain < 0 || loaded < 0 || emu < 0 || emucap < 0) {
		fprintf(stderr, "bench_capture: a measured child failed\n");
		return 1;
	}
	printf("capture: non-device mmap+munmap %.0f ns/pair plain, %.0f ns with the library (+%.0f ns)\n",
	       plain, loaded, loaded - plain);
	printf("capture: emulated CREATE_BO+GEM_CLOSE %.0f ns/pair, %.0f ns captured (+%.0f ns per pair)\n",
	       emu, emucap, emucap - emu);
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f)
		return 1;
	fprintf(f, "{\n  \"benchmark\": \"capture\",\n  \"pairs\": %llu,\n"
		"  \"passthrough_ns_per_pair\": {\"plain\": %.1f, \"preloaded\": %.1f, \"added\": %.1f},\n"
		"  \"device_ns_per_pair\": {\"emulated\": %.1f, \"emulated_captured\": %.1f, \"capture_added\": %.1f}\n}\n",
		(unsigned long long)pairs, plain, loaded, loaded - plain, emu, emucap, emucap - emu);
	return fclose(f) ? 1 : 0;
}
