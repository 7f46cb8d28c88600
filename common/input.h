/* SPDX-License-Identifier: MIT */
/*
 * input.h - the one way xdnasim reads an input file (scenario YAML, heap and
 * mm traces, message images, run reports, lcov tracefiles).
 *
 * xin_read() reads the whole file (or standard input) into memory with its
 * length, so no reader ever meets a NUL byte it did not expect: unless the
 * caller allows binary data, a NUL byte, and with XIN_UTF8 a byte that is not
 * valid UTF-8, is an error located at its line and column.  A directory, an
 * unreadable file and a file over the caller's size limit are errors with the
 * real errno, never "0 bytes" or an empty input.
 *
 * Positions (here and in every xdnasim message "FILE:LINE:COLUMN: ...") are
 * 1-based; a line ends at '\n'; the column counts characters, i.e. every byte
 * that is not a UTF-8 continuation byte (10xxxxxx), so it matches libyaml's
 * and jansson's columns and equals the byte column for ASCII text.
 *
 * libc only; no function here prints anything.
 */
#ifndef XDNASIM_COMMON_INPUT_H
#define XDNASIM_COMMON_INPUT_H

#include <stddef.h>

#include "common/compat.h"

/* xin_read() flags */
#define XIN_BINARY 0x1u		/* NUL bytes are data, not an error */
#define XIN_UTF8 0x2u		/* reject bytes that are not valid UTF-8 */

/*
 * struct xin - an input read into memory.
 * @buf: its @len bytes, followed by a NUL that is not part of it (so text
 *       readers may use C-string functions: the input holds no other NUL
 *       unless XIN_BINARY was given).
 * @name: the name messages use: the path as given, or "<stdin>".
 */
struct xin {
	char *buf;
	size_t len;
	const char *name;
};

/*
 * struct xin_error - why an input was refused.
 * @err: the negative errno xin_read() returned.
 * @line, @column: where (1-based), or 0 when the error is about the file as
 *                 a whole (cannot be opened, is a directory, too large).
 * @msg: the message without the name and position ("NUL byte", "is a
 *       directory", "cannot read: EACCES (Permission denied)").
 */
struct xin_error {
	int err;
	u32 line;
	u32 column;
	char msg[160];
};

/* xin_name - the name messages use for @path: the path, or "<stdin>" for NULL / "-". */
const char *xin_name(const char *path);

/**
 * xin_read - read @path (NULL or "-": standard input) into @in.
 * @max: the largest input accepted, in bytes (0: no limit).
 * @flags: XIN_* bits.
 * @e: filled on failure (may be NULL).
 *
 * Return: 0; -EISDIR for a directory; -EFBIG for an input over @max bytes;
 * -EILSEQ for a NUL byte (without XIN_BINARY) or invalid UTF-8 (with
 * XIN_UTF8), with its position in @e; -ENOMEM; the negative errno of a failed
 * open or read.  On failure @in holds nothing (xin_free() is still safe).
 */
int xin_read(struct xin *in, const char *path, size_t max, unsigned int flags,
	     struct xin_error *e);

/* xin_free - release @in's buffer; safe on a zeroed or failed @in.  This function can't fail. */
void xin_free(struct xin *in);

/**
 * xin_check_text - the first byte of @buf[0, @len) that a text input must
 * not hold: a NUL (unless XIN_BINARY) or, with XIN_UTF8, the first byte of an
 * invalid UTF-8 sequence (overlong forms, surrogates and values past U+10FFFF
 * are invalid).  Fills @e (message and position) when @e is not NULL.
 *
 * Return: the offset of that byte, or @len when the text is clean.
 */
size_t xin_check_text(const char *buf, size_t len, unsigned int flags, struct xin_error *e);

/*
 * xin_utf8_len - the length (1..4) of the valid UTF-8 sequence at @s, reading
 * at most @n (>= 1) bytes, or 0 when the bytes there are not one (invalid
 * lead byte, overlong form, surrogate, past U+10FFFF, truncated).  It stops
 * at the first byte that is not a continuation byte, so on a NUL-terminated
 * string it never reads past the NUL.
 */
size_t xin_utf8_len(const char *s, size_t n);

/*
 * xin_pos - the 1-based line and column (see the header comment) of byte
 * offset @off in @buf (@off <= @len; @off == @len is the end of the input).
 * O(@off).  This function can't fail.
 */
void xin_pos(const char *buf, size_t len, size_t off, u32 *line, u32 *column);

/*
 * xin_error_format - "NAME:LINE:COLUMN: msg", or "NAME: msg" when @e has no
 * position, into @buf (@len bytes, truncated).  Returns @buf.
 */
char *xin_error_format(const struct xin_error *e, const char *name, char *buf, size_t len);

#endif /* XDNASIM_COMMON_INPUT_H */
