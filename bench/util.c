// SPDX-License-Identifier: MIT
/*
 * util.c - child processes and files for the benchmarks (util.h).
 */
#include "bench/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int bench_spawn(char *const argv[], const char *out_path, bool ok77, struct bench_child *c)
{
	struct rusage ru;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &c->status, 0, &ru) < 0)
		return -errno;
	c->cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
		   (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	c->rss_kib = ru.ru_maxrss;
	if (WIFEXITED(c->status) && (!WEXITSTATUS(c->status) ||
				     (ok77 && WEXITSTATUS(c->status) == 77)))
		return 0;
	fprintf(stderr, "bench: %s failed (wait status %d)\n", argv[0], c->status);
	return -EIO;
}

bool bench_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	if (strcmp(argv[*i], name) || *i + 1 >= argc)
		return false;
	*val = argv[++*i];
	return true;
}

bool bench_out_dir(int argc, char **argv, int *i, const char **out, const char **dir)
{
	return bench_opt(argc, argv, i, "--out", out) || bench_opt(argc, argv, i, "--dir", dir);
}

long bench_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

bool bench_files_equal(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = fa && fb;
	char ba[65536], bb[65536];

	while (same) {
		size_t na = fread(ba, 1, sizeof(ba), fa), nb = fread(bb, 1, sizeof(bb), fb);

		if (na != nb || memcmp(ba, bb, na))
			same = false;
		if (na < sizeof(ba))
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
