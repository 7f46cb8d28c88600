/* SPDX-License-Identifier: MIT */
/*
 * output.h - the one way xdnasim writes an output file: all or nothing.
 *
 * xout_open() creates a temporary file next to the destination
 * (".NAME.XXXXXX" in the same directory); the caller writes to @f with stdio;
 * xout_commit() flushes, checks every write (stdio's error flag), closes and
 * renames the temporary file over the destination.  If anything failed, or
 * the caller calls xout_abort(), the temporary file is removed and the
 * destination is untouched: a failing command never leaves a truncated or
 * half-written output behind.  Errors are negative errnos (ENOSPC, EFBIG,
 * ENOTDIR, EISDIR, EACCES ...), the real ones, for xerrstr().
 *
 * A destination that exists and is not a regular file (/dev/null, a FIFO, a
 * terminal) is written in place: there is nothing to rename over.  A symbolic
 * link to a regular file is followed (the link stays, its target is
 * replaced).  A new file gets mode 0666 minus the umask; a replaced file
 * keeps its mode.
 *
 * Several outputs of one command (report -o, --html, --scenario-lcov) are
 * committed together with xout_commit_all(): either all are renamed into
 * place or none is.
 *
 * Typical use:
 *
 *	struct xout o;
 *	int ret = xout_refuse_input(path, inputs, n) ?: xout_open(&o, path);
 *
 *	if (!ret) {
 *		write_things(o.f);		// fprintf, fwrite ... unchecked
 *		ret = xout_commit(&o);		// 0, or -errno with nothing left
 *	}
 *	if (ret)
 *		fprintf(stderr, "xdnasim CMD: cannot write %s: %s\n", path, xerrstr(ret));
 *
 * libc only; nothing here prints.
 */
#ifndef XDNASIM_COMMON_OUTPUT_H
#define XDNASIM_COMMON_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * struct xout - one output being written.
 * @f: where to write (NULL after commit or abort).
 * @path: the destination (a copy; for a followed symlink, its target).
 * @tmp: the temporary file, NULL when writing in place.
 */
struct xout {
	FILE *f;
	char *path;
	char *tmp;
	void *sink;	/* private: the errno-keeping stream state */
};

/**
 * xout_open - start writing @path.
 * Return: 0; -EISDIR when @path is a directory; the negative errno of the
 * temporary file's creation (-ENOENT / -ENOTDIR for a missing directory,
 * -EACCES ...); -ENOMEM.  On failure @o holds nothing.
 */
int xout_open(struct xout *o, const char *path);

/**
 * xout_commit - flush and close @o->f and rename the temporary file over the
 * destination.
 * Return: 0; the negative errno of the first failed write, flush, close or
 * rename (the destination then is as it was before xout_open()).
 */
int xout_commit(struct xout *o);

/**
 * xout_commit_all - commit the @n outputs of @v together: every one is
 * flushed and closed first; only when all succeeded are they renamed.
 * @failed: set to the index of the output that failed (may be NULL).
 * Return: 0 or the first negative errno; on failure no destination changed.
 */
int xout_commit_all(struct xout *v, size_t n, size_t *failed);

/* xout_abort - drop @o: close, remove the temporary file.  Safe twice.  This function can't fail. */
void xout_abort(struct xout *o);

/**
 * xout_same_file - true when @a and @b name the same file: the same device
 * and inode when both exist, else the same directory and the same last
 * component (so two outputs that do not exist yet are compared too).
 */
bool xout_same_file(const char *a, const char *b);

/**
 * xout_refuse_input - -EEXIST when @out is the same file (xout_same_file())
 * as one of the @n paths in @inputs (NULL entries and "-" are skipped), else
 * 0.  Commands call it before reading anything, so `run --json X X` or
 * `report X -o X` fail without touching X.
 */
int xout_refuse_input(const char *out, const char *const *inputs, size_t n);

/**
 * xout_stdout_capture - make stdout a stream that keeps the errno of its
 * first failed write (a duplicate of file descriptor 1, line-buffered on a
 * terminal), so xout_stdout_close() can name it.  Called once by main()
 * before the command runs; 0 or a negative errno (stdout is then unchanged).
 */
int xout_stdout_capture(void);

/**
 * xout_stdout_close - flush and close standard output and say whether
 * everything written to it arrived: 0, or the negative errno of the first
 * failed write (-ENOSPC for /dev/full, -EFBIG past a file-size limit; -EIO
 * if the error is known but its errno is not).  Called once by main()
 * after the command ran.
 */
int xout_stdout_close(void);

#endif /* XDNASIM_COMMON_OUTPUT_H */
