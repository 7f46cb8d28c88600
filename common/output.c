// SPDX-License-Identifier: MIT
/*
 * output.c - outputs written to a temporary file and renamed into place
 * (common/output.h).  Streams are glibc fopencookie() streams over the file
 * descriptor, so the errno of the first failed write is kept: stdio's error
 * flag alone would turn ENOSPC or EFBIG into a generic EIO.
 */
#define _GNU_SOURCE
#include "common/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file descriptor and the errno of its first failed write or close. */
struct sink {
	int fd;
	int err;
	bool discard;	/* xout_abort(): drop what is still buffered */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;
	size_t done = 0;

	if (s->discard)
		return (ssize_t)n;
	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!s->err)
				s->err = w < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static int sink_close(void *cookie)
{
	struct sink *s = cookie;

	if (s->fd >= 0 && close(s->fd) && !s->err)
		s->err = errno;
	s->fd = -1;
	return s->err ? -1 : 0;
}

/* A buffered stream writing to @fd (owned by it from now on); NULL on ENOMEM. */
static FILE *sink_open(int fd, struct sink **out)
{
	static const cookie_io_functions_t io = { .write = sink_write, .close = sink_close };
	struct sink *s = malloc(sizeof(*s));
	FILE *f;

	if (!s)
		return NULL;
	s->fd = fd;
	s->err = 0;
	s->discard = false;
	f = fopencookie(s, "w", io);
	if (!f) {
		free(s);
		return NULL;
	}
	*out = s;
	return f;
}

/*
 * Flush and close @f (a sink_open() stream) and free @s: 0 or the negative
 * errno of the first failed write or close.
 */
static int sink_finish(FILE *f, struct sink *s)
{
	int had_error = ferror(f), ret;

	fflush(f);
	fclose(f);
	ret = s->err ? -s->err : had_error ? -EIO : 0;
	free(s);
	return ret;
}

/* The directory part of @path ("." when it has none), malloc'ed. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* Attach a sink stream to @fd (closed on failure); 0 or -ENOMEM. */
static int attach(struct xout *o, int fd)
{
	o->f = sink_open(fd, (struct sink **)&o->sink);
	if (!o->f) {
		close(fd);
		return -ENOMEM;
	}
	return 0;
}

static int open_in_place(struct xout *o, const char *path)
{
	int fd, ret;

	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ret = fd < 0 ? -errno : attach(o, fd);
	if (ret) {
		free(o->path);
		o->path = NULL;
	}
	return ret;
}

int xout_open(struct xout *o, const char *path)
{
	char *dir = NULL, *real = NULL;
	struct stat st;
	mode_t mode;
	int fd, ret;

	memset(o, 0, sizeof(*o));
	if (!*path)
		return -ENOENT;
	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (!S_ISREG(st.st_mode))
			return open_in_place(o, path);
		mode = st.st_mode & 07777;
		real = realpath(path, NULL);	/* follows a symlink to its target */
		if (!real)
			return errno == ENOMEM ? -ENOMEM : -errno;
	} else if (errno != ENOENT) {
		return -errno;
	} else {
		mode = new_file_mode();
		real = strdup(path);
		if (!real)
			return -ENOMEM;
	}
	dir = dir_of(real);
	o->tmp = dir ? malloc(strlen(dir) + strlen(base_of(real)) + 16) : NULL;
	if (!o->tmp) {
		ret = -ENOMEM;
		goto err;
	}
	sprintf(o->tmp, "%s/.%s.XXXXXX", dir, base_of(real));
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		ret = -errno;
		goto err;
	}
	if (fchmod(fd, mode)) {
		ret = -errno;
		close(fd);
		unlink(o->tmp);
		goto err;
	}
	ret = attach(o, fd);
	if (ret) {
		unlink(o->tmp);
		goto err;
	}
	o->path = real;
	free(dir);
	return 0;
err:
	free(o->tmp);
	o->tmp = NULL;
	free(real);
	free(dir);
	return ret;
}

/* Flush and close @o->f; 0 or the errno of the first failure. */
static int close_stream(struct xout *o)
{
	int ret = sink_finish(o->f, o->sink);

	o->f = NULL;
	o->sink = NULL;
	return ret;
}

static void release(struct xout *o)
{
	free(o->path);
	free(o->tmp);
	o->path = NULL;
	o->tmp = NULL;
}

void xout_abort(struct xout *o)
{
	if (o->f) {
		((struct sink *)o->sink)->discard = true;
		close_stream(o);
	}
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}

int xout_commit_all(struct xout *v, size_t n, size_t *failed)
{
	size_t bad = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		int r = v[i].f ? close_stream(&v[i]) : 0;

		if (r && !ret) {
			ret = r;
			bad = i;
		}
	}
	/* Renames within one directory fail only on a broken file system. */
	for (size_t i = 0; i < n && !ret; i++) {
		if (v[i].tmp && rename(v[i].tmp, v[i].path)) {
			ret = -errno;
			bad = i;
		} else {
			free(v[i].tmp);
			v[i].tmp = NULL;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (ret)
			xout_abort(&v[i]);
		else
			release(&v[i]);
	}
	if (ret && failed)
		*failed = bad;
	return ret;
}

int xout_commit(struct xout *o)
{
	return xout_commit_all(o, 1, NULL);
}

/* Identity of @path: its own (dev, ino), or its directory's plus its last component. */
static bool file_id(const char *path, struct stat *st, const char **base)
{
	char *dir;
	bool ok;

	*base = NULL;
	if (!stat(path, st))
		return true;
	dir = dir_of(path);
	ok = dir && !stat(dir, st);
	free(dir);
	*base = base_of(path);
	return ok;
}

bool xout_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	const char *ba, *bb;

	if (!file_id(a, &sa, &ba) || !file_id(b, &sb, &bb))
		return !strcmp(a, b);
	if (sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino)
		return false;
	if (!ba || !bb)
		return !ba && !bb;
	return !strcmp(ba, bb);
}

int xout_refuse_input(const char *out, const char *const *inputs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (inputs[i] && strcmp(inputs[i], "-") && xout_same_file(out, inputs[i]))
			return -EEXIST;
	return 0;
}

static struct sink *stdout_sink;

int xout_stdout_capture(void)
{
	int fd = dup(STDOUT_FILENO);
	FILE *f;

	if (fd < 0)
		return -errno;
	f = sink_open(fd, &stdout_sink);
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	/* What the C library does for stdout: line-buffered on a terminal. */
	if (isatty(fd))
		setvbuf(f, NULL, _IOLBF, 0);
	stdout = f;
	return 0;
}

int xout_stdout_close(void)
{
	int had_error = ferror(stdout), ret = 0;

	if (stdout_sink) {
		ret = sink_finish(stdout, stdout_sink);
		stdout_sink = NULL;
		return ret;
	}
	errno = 0;
	if (fflush(stdout))
		ret = -(errno ? errno : EIO);
	else if (had_error)
		ret = -EIO;
	errno = 0;
	if (fclose(stdout) && !ret)
		ret = -(errno ? errno : EIO);
	return ret;
}
