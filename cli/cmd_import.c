// SPDX-License-Identifier: MIT
/*
 * cmd_import.c - "xdnasim import CAPTURE -o SCENARIO.yaml": a capture
 * (docs/capture.md) becomes a scenario.  The scenario is built in memory,
 * loaded back with the scenario loader (a file that would not load is never
 * written), then written to a temporary file renamed over the output.
 */
#include "cli/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture/import.h"
#include "common/errname.h"
#include "common/output.h"
#include "common/parse.h"
#include "scenarios/run.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim import [OPTIONS] CAPTURE -o SCENARIO.yaml\n"
		"\n"
		"Turn a capture of an application's amdxdna device calls (recorded with\n"
		"LD_PRELOAD=libxdnasim-capture.so XDNASIM_CAPTURE=FILE, docs/capture.md)\n"
		"into a scenario whose steps carry the results the capture saw.\n"
		"\n"
		"  -o FILE            the scenario to write (\"-\": standard output)\n"
		"  --name NAME        the scenario's name (default: from FILE)\n"
		"  --device NAME      device profile to write (default npu4)\n"
		"  --revision NAME    driver revision to write (default: not written, head;\n"
		"                     `xdnasim revisions`; --design: deprecated alias)\n"
		"  --mode MODE        address mode to write (pasid, iova, carveout)\n"
		"  --time WHICH       auto (default), none, or wall: gaps of 1 ms or more\n"
		"                     between a client's calls become advance steps\n"
		"                     (auto: wall for a device capture, none for an\n"
		"                     emulated one)\n"
		"  --clients LIST     keep only these clients (0-based, in open order, e.g. 0,2)\n"
		"  --until MS         drop the calls made more than MS ms after the first\n"
		"  --scale N[/D]      multiply DEV BO sizes by N/D (expectations are dropped)\n"
		"  --anonymise        no process ids or file names in the output\n"
		"\n"
		"Exit status: 0 written, 2 usage error or a capture that is malformed\n"
		"(FILE:LINE:COLUMN) or whose calls do not fit together (FILE:LINE).\n");
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "xdnasim import: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return XS_EXIT_USAGE;
}

static int parse_clients(const char *s, bool **keep, u32 *n)
{
	char *copy = strdup(s), *save = NULL, *tok;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	*keep = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		u64 v;
		bool *q;

		if (parse_u64_dec(tok, &v) || v >= 4096) {
			ret = -EINVAL;
			break;
		}
		if (v >= *n) {
			q = realloc(*keep, (size_t)(v + 1) * sizeof(*q));
			if (!q) {
				ret = -ENOMEM;
				break;
			}
			memset(q + *n, 0, (size_t)(v + 1 - *n) * sizeof(*q));
			*keep = q;
			*n = (u32)v + 1;
		}
		(*keep)[v] = true;
	}
	free(copy);
	if (!ret && !*n)
		ret = -EINVAL;
	return ret;
}

static int parse_scale(const char *s, u32 *num, u32 *den)
{
	const char *slash = strchr(s, '/');
	char a[24];
	u64 n, d = 1;

	if (slash) {
		if ((size_t)(slash - s) >= sizeof(a))
			return -EINVAL;
		memcpy(a, s, (size_t)(slash - s));
		a[slash - s] = 0;
		if (parse_u64_dec(slash + 1, &d))
			return -EINVAL;
	} else {
		if (strlen(s) >= sizeof(a))
			return -EINVAL;
		strcpy(a, s);
	}
	if (parse_u64_dec(a, &n) || !n || !d || n > 1000000 || d > 1000000)
		return -EINVAL;
	*num = (u32)n;
	*den = (u32)d;
	return 0;
}

/* Write @buf to @path (xout: all or nothing), or to standard output for "-". */
static int write_out(const char *path, const char *buf, size_t len)
{
	struct xout o;
	int ret;

	if (!strcmp(path, "-"))
		return fwrite(buf, 1, len, stdout) == len ? 0 : -EIO;
	ret = xout_open(&o, path);
	if (ret)
		return ret;
	fwrite(buf, 1, len, o.f);
	return xout_commit(&o);
}

static const char *base_name(const char *path, char *buf, size_t len)
{
	const char *b = strrchr(path, '/');
	char *dot;

	snprintf(buf, len, "%s", b ? b + 1 : path);
	dot = strrchr(buf, '.');
	if (dot && dot != buf)
		*dot = 0;
	return buf;
}

static int do_import(const char *in, const char *out, struct imp_options *opt)
{
	struct cap_file cap;
	struct imp_stats st;
	struct scn_error err;
	struct scn *scn;
	char why[512], name[256];
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int ret;

	ret = xout_refuse_input(out, &in, 1);
	if (ret) {
		fprintf(stderr, "xdnasim import: %s: the output is the capture itself\n", out);
		return XS_EXIT_USAGE;
	}
	ret = cap_load(in, &cap, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "xdnasim import: %s\n", why);
		return XS_EXIT_USAGE;
	}
	if (!opt->name)
		opt->name = base_name(strcmp(out, "-") ? out : in, name, sizeof(name));
	opt->source = in;
	mem = open_memstream(&buf, &len);
	if (!mem) {
		cap_free(&cap);
		fprintf(stderr, "xdnasim import: out of memory\n");
		return XS_EXIT_USAGE;
	}
	ret = imp_write(&cap, opt, mem, &st, why, sizeof(why));
	cap_free(&cap);
	if (fclose(mem) && !ret)
		ret = -ENOMEM;
	if (ret) {
		fprintf(stderr, "xdnasim import: %s\n", ret == -EINVAL ? why : strerror(-ret));
		free(buf);
		return XS_EXIT_USAGE;
	}
	ret = scn_load_buffer(buf, len, strcmp(out, "-") ? out : "<stdout>", run_vocab(), &scn, &err);
	if (ret) {
		/* the importer wrote something the loader rejects: our bug, not the user's */
		fprintf(stderr, "xdnasim import: internal error: the imported scenario does not load: %s\n",
			err.text);
		free(buf);
		return XS_EXIT_FAIL;
	}
	scn_free(scn);
	ret = write_out(out, buf, len);
	free(buf);
	if (ret) {
		fprintf(stderr, "xdnasim import: cannot write %s: %s\n", out, xerrstr(ret));
		return XS_EXIT_USAGE;
	}
	fprintf(stderr, "xdnasim import: %s: %u client%s, %llu steps (%llu allocations, %llu expansions, "
		"%llu execs), %llu calls left out\n", strcmp(out, "-") ? out : "<stdout>", st.clients,
		st.clients == 1 ? "" : "s", (unsigned long long)st.steps,
		(unsigned long long)st.allocs, (unsigned long long)st.expansions,
		(unsigned long long)st.execs, (unsigned long long)st.skipped);
	return XS_EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
	struct imp_options opt = { .scale_num = 1, .scale_den = 1 };
	const char *in = NULL, *out = NULL;
	bool *keep = NULL;
	int rc;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = !strcmp(a, "-o") || !strcmp(a, "--name") || !strcmp(a, "--device") ||
			     !strcmp(a, "--design") || !strcmp(a, "--revision") ||
			     !strcmp(a, "--mode") || !strcmp(a, "--time") ||
			     !strcmp(a, "--clients") || !strcmp(a, "--until") || !strcmp(a, "--scale");

		if (takes && !v) {
			free(keep);
			return bad("option %s needs a value", a);
		}
		if (!strcmp(a, "-o")) {
			out = v;
		} else if (!strcmp(a, "--name")) {
			opt.name = v;
		} else if (!strcmp(a, "--device")) {
			opt.device = v;
		} else if (!strcmp(a, "--design") || !strcmp(a, "--revision")) {
			opt.revision = v;
		} else if (!strcmp(a, "--mode")) {
			opt.mode = v;
		} else if (!strcmp(a, "--time")) {
			if (!strcmp(v, "auto"))
				opt.time = IMP_TIME_AUTO;
			else if (!strcmp(v, "none"))
				opt.time = IMP_TIME_NONE;
			else if (!strcmp(v, "wall"))
				opt.time = IMP_TIME_WALL;
			else
				return free(keep), bad("--time: '%s' is not auto, none or wall", v);
		} else if (!strcmp(a, "--clients")) {
			free(keep);
			if (parse_clients(v, &keep, &opt.nkeep))
				return bad("--clients: '%s' is not a list of client numbers", v);
			opt.keep = keep;
		} else if (!strcmp(a, "--until")) {
			if (parse_u64_dec(v, &opt.until_ms) || !opt.until_ms)
				return free(keep), bad("--until: '%s' is not a positive number of ms", v);
		} else if (!strcmp(a, "--scale")) {
			if (parse_scale(v, &opt.scale_num, &opt.scale_den))
				return free(keep), bad("--scale: '%s' is not N or N/D (1..1000000)", v);
		} else if (!strcmp(a, "--anonymise") || !strcmp(a, "--anonymize")) {
			opt.anonymise = true;
			continue;
		} else if (a[0] == '-' && a[1]) {
			free(keep);
			usage(stderr);
			return bad("unknown option '%s'", a);
		} else {
			if (in) {
				free(keep);
				return bad("more than one capture file ('%s')", a);
			}
			in = a;
			continue;
		}
		i++;
	}
	if (!in || !out) {
		free(keep);
		usage(stderr);
		return bad("%s", !in ? "no capture file given" : "no output given (-o FILE)");
	}
	rc = do_import(in, out, &opt);
	free(keep);
	return rc;
}
