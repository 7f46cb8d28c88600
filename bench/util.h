/* SPDX-License-Identifier: MIT */
/*
 * util.h - what the benchmarks share: their command-line options
 * (bench_opt, every bench_*), a child process's CPU time and peak RSS, file
 * sizes (bench_scale, bench_replay).
 */
#ifndef XDNASIM_BENCH_UTIL_H
#define XDNASIM_BENCH_UTIL_H

#include <stdbool.h>

struct bench_child {
	double cpu_s;		/* user + system CPU seconds */
	long rss_kib;		/* peak resident set */
	int status;		/* wait status */
};

/*
 * bench_spawn - run @argv with stdout to @out_path (NULL: /dev/null) and
 * wait; its CPU time and peak RSS in @c.  Returns 0, -EIO when it did not
 * exit with status 0 (or 77 when @ok77), or a negative errno.
 */
int bench_spawn(char *const argv[], const char *out_path, bool ok77, struct bench_child *c);

/*
 * bench_opt - true when argv[*@i] is @name and a value follows: the value
 * in *@val, *@i advanced past it.
 */
bool bench_opt(int argc, char **argv, int *i, const char *name, const char **val);

/* bench_out_dir - bench_opt() of "--out" into *@out or "--dir" into *@dir. */
bool bench_out_dir(int argc, char **argv, int *i, const char **out, const char **dir);

/* bench_file_size - bytes in @path, -1 if it cannot be read. */
long bench_file_size(const char *path);

/* bench_median - the median of the @n (>= 1) values of @v, which it sorts. */
double bench_median(double *v, int n);

/* bench_files_equal - true if the two files hold the same bytes. */
bool bench_files_equal(const char *a, const char *b);

#endif /* XDNASIM_BENCH_UTIL_H */
