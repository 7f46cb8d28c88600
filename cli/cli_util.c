// SPDX-License-Identifier: MIT
/* fopencookie() (glibc) makes the line-prefixing stderr stream. */
#define _GNU_SOURCE
#include "cli/cli_util.h"
#include "cli/cmd.h"
#include "common/errname.h"
#include "scenarios/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_parse_replay_args(const char *cmd, int argc, char **argv, struct cli_replay_args *a,
			  void (*usage)(FILE *f))
{
	a->path = NULL;
	a->check_every_op = false;
	a->revision = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check-every-op") == 0) {
			a->check_every_op = true;
		} else if (strcmp(argv[i], "--revision") == 0 && i + 1 < argc &&
			   !strcmp(cmd, "heap-replay")) {
			a->revision = argv[++i];
		} else if (strcmp(argv[i], "--") == 0 && i + 1 == argc - 1 && !a->path) {
			a->path = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "xdnasim %s: unknown option '%s'\n", cmd, argv[i]);
			usage(stderr);
			return XS_EXIT_USAGE;
		} else if (!a->path) {
			a->path = argv[i];
		} else {
			fprintf(stderr, "xdnasim %s: more than one trace file given\n", cmd);
			return XS_EXIT_USAGE;
		}
	}
	return -1;
}

int cli_read_input(const char *cmd, const char *path, size_t max, unsigned int flags,
		   struct xin *in)
{
	struct xin_error e;
	char msg[1024];

	if (!xin_read(in, path, max, flags, &e))
		return 0;
	fprintf(stderr, "xdnasim %s: %s\n", cmd,
		xin_error_format(&e, xin_name(path), msg, sizeof(msg)));
	return XS_EXIT_USAGE;
}

int cli_output_error(const char *cmd, const char *path, int err)
{
	if (err == -EEXIST)
		fprintf(stderr, "xdnasim %s: %s: refusing to write an output over an input\n",
			cmd, path);
	else
		fprintf(stderr, "xdnasim %s: cannot write %s: %s\n", cmd, path, xerrstr(err));
	return XS_EXIT_USAGE;
}

int cli_refuse_input(const char *cmd, const char *out, const char *const *inputs, size_t n)
{
	int ret = xout_refuse_input(out, inputs, n);

	return ret ? cli_output_error(cmd, out, ret) : 0;
}

int cli_open_output(const char *cmd, const char *path, const char *const *inputs, size_t n,
		    struct xout *o)
{
	int ret = xout_refuse_input(path, inputs, n);

	if (!ret)
		ret = xout_open(o, path);
	return ret ? cli_output_error(cmd, path, ret) : 0;
}

struct prefixer {
	const char *cmd;
	bool at_line_start;
};

static int write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t prefixer_write(void *cookie, const char *buf, size_t size)
{
	struct prefixer *px = cookie;
	size_t i = 0;

	while (i < size) {
		const char *nl = memchr(buf + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (buf + i)) + 1 : size - i;

		if (px->at_line_start && (write_all("xdnasim ", 8) ||
					  write_all(px->cmd, strlen(px->cmd)) || write_all(": ", 2)))
			return -1;
		if (write_all(buf + i, n))
			return -1;
		px->at_line_start = nl != NULL;
		i += n;
	}
	return (ssize_t)size;
}

static int prefixer_close(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *cli_prefixed_stderr(const char *cmd)
{
	static const cookie_io_functions_t io = { .write = prefixer_write,
						  .close = prefixer_close };
	struct prefixer *px = malloc(sizeof(*px));
	FILE *f;

	if (!px)
		return stderr;
	px->cmd = cmd;
	px->at_line_start = true;
	f = fopencookie(px, "w", io);
	if (!f) {
		free(px);
		return stderr;
	}
	setvbuf(f, NULL, _IONBF, 0);
	return f;
}

void cli_prefixed_close(FILE *f)
{
	if (f != stderr)
		fclose(f);
}

int cli_replay_exit(const char *cmd, int err)
{
	switch (err) {
	case 0:
		return XS_EXIT_OK;
	case -EUCLEAN:
		return XS_EXIT_FAIL;
	case -EBADMSG:
		return XS_EXIT_USAGE;
	default:
		/* A failed write to stdout: main() reports it with its errno. */
		if (ferror(stdout))
			return XS_EXIT_USAGE;
		fprintf(stderr, "xdnasim %s: %s\n", cmd, xerrstr(err));
		return XS_EXIT_USAGE;
	}
}

int cli_target_option(const char *cmd, int opt, const char *arg, const struct cli_target *t)
{
	switch (opt) {
	case 'd':
		if (drv_rev_parse(arg, t->rev)) {
			fprintf(stderr, "xdnasim %s: unknown revision '%s' (%s)\n", cmd, arg,
				drv_rev_names());
			return -EINVAL;
		}
		*t->has_rev = true;
		return 0;
	case 'm':
		if (addr_mode_parse(arg, t->mode)) {
			fprintf(stderr, "xdnasim %s: bad --mode '%s' (pasid, iova or carveout)\n",
				cmd, arg);
			return -EINVAL;
		}
		*t->has_mode = true;
		return 0;
	case 'b':
		if (run_parse_bug(arg, t->bugs)) {
			fprintf(stderr, "xdnasim %s: unknown bug switch '%s'\n", cmd, arg);
			return -EINVAL;
		}
		return 0;
	default:
		return -ENOENT;
	}
}
