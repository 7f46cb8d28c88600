// SPDX-License-Identifier: MIT
/*
 * cmd_fuzz.c - `xdnasim fuzz`: seeded fuzzing of one target (docs/fuzzing.md).
 *
 * Inputs are generated from the seed and the iteration number, run one by
 * one; at the first failure the input is minimised by delta debugging and
 * written to --out as a reproducer, and the command exits 1.  The standard
 * output depends only on the options (same seed, same output); rates and
 * progress go to the standard error.
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"
#include "common/errname.h"
#include "common/parse.h"
#include "fuzz/fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

static void fuzz_usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim fuzz --target T --seed N (--iterations N | --seconds S) [--out DIR]\n"
		"       xdnasim fuzz --target T --replay FILE|DIR...\n"
		"       xdnasim fuzz --target sim --to-scenario OUT.yaml --replay FILE\n"
		"\n"
		"Fuzz one target with seeded inputs; after every operation the module is\n"
		"compared with a shadow model and its invariant checker runs.\n"
		"\n");
	for (size_t i = 0; fuzz_targets[i]; i++)
		fprintf(f, "  %-9s %s\n", fuzz_targets[i]->name, fuzz_targets[i]->summary);
	fprintf(f,
		"\n"
		"  --target T        the target (above)\n"
		"  --seed N          campaign seed (default 1); input i is derived from (N, i)\n"
		"  --iterations N    run N inputs\n"
		"  --seconds S       run inputs for S seconds of wall time\n"
		"  --out DIR         where a reproducer goes (default fuzz-out)\n"
		"  --max-len N       cut generated inputs to N bytes\n"
		"  --replay PATH...  run reproducer files (or every file of a directory)\n"
		"  --to-scenario F   with --replay of one sim input: write it as scenario F\n"
		"  --no-minimize     write the failing input as found\n"
		"  --save-inputs DIR also write every generated input to DIR (a seed corpus\n"
		"                    for libFuzzer/AFL++)\n"
		"  --stats           print operations per second to stderr at the end\n"
		"  --plant-bug       self-test: make the shadow model wrong on purpose\n"
		"  --revision R      --target sim: run every input under driver revision R\n"
		"                    (`xdnasim revisions`; default: the input picks one)\n"
		"  --mode M          --target sim: every input in address mode M (pasid,\n"
		"                    iova, carveout; default: the input picks one)\n"
		"\n"
		"On a terminal, progress and operations per second are shown on stderr.\n"
		"Exit status: 0 no failure, 1 a check failed (reproducer written),\n"
		"2 usage error or unreadable file.\n");
}

struct fuzz_args {
	const struct fuzz_target *t;
	u64 seed;
	u64 iterations;
	u64 seconds;
	u64 max_len;
	const char *out;
	const char *save;
	const char *to_scenario;
	bool replay;
	bool no_minimize;
	bool stats;
	struct fuzz_opts o;
	int first_path;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fuzz_number(const char *opt, const char *s, u64 *out)
{
	if (s && parse_u64(s, out) == 0)
		return 0;
	fprintf(stderr, "xdnasim fuzz: %s needs a number, got '%s'\n", opt, s ? s : "");
	return -EINVAL;
}

static int fuzz_parse(int argc, char **argv, struct fuzz_args *a)
{
	memset(a, 0, sizeof(*a));
	a->seed = 1;
	a->out = "fuzz-out";
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int ret = 0;

		if (strcmp(arg, "--target") == 0) {
			a->t = fuzz_target_find(val);
			if (!a->t) {
				fprintf(stderr, "xdnasim fuzz: unknown target '%s'\n", val ? val : "");
				return -EINVAL;
			}
			i++;
		} else if (strcmp(arg, "--seed") == 0) {
			ret = fuzz_number(arg, val, &a->seed);
			i++;
		} else if (strcmp(arg, "--iterations") == 0) {
			ret = fuzz_number(arg, val, &a->iterations);
			i++;
		} else if (strcmp(arg, "--seconds") == 0) {
			ret = fuzz_number(arg, val, &a->seconds);
			i++;
		} else if (strcmp(arg, "--max-len") == 0) {
			ret = fuzz_number(arg, val, &a->max_len);
			i++;
		} else if (strcmp(arg, "--out") == 0 && val) {
			a->out = val;
			i++;
		} else if (strcmp(arg, "--save-inputs") == 0 && val) {
			a->save = val;
			i++;
		} else if (strcmp(arg, "--to-scenario") == 0 && val) {
			a->to_scenario = val;
			i++;
		} else if (strcmp(arg, "--replay") == 0) {
			a->replay = true;
			a->first_path = i + 1;
			break;
		} else if (strcmp(arg, "--no-minimize") == 0) {
			a->no_minimize = true;
		} else if (strcmp(arg, "--stats") == 0) {
			a->stats = true;
		} else if (strcmp(arg, "--plant-bug") == 0) {
			a->o.plant = FUZZ_PLANT_MODEL;
		} else if (strcmp(arg, "--revision") == 0 && val) {
			if (drv_rev_parse(val, &a->o.rev)) {
				fprintf(stderr, "xdnasim fuzz: unknown revision '%s' (%s)\n", val,
					drv_rev_names());
				return -EINVAL;
			}
			a->o.has_rev = true;
			i++;
		} else if (strcmp(arg, "--mode") == 0 && val) {
			if (addr_mode_parse(val, &a->o.mode)) {
				fprintf(stderr, "xdnasim fuzz: unknown mode '%s' (pasid, iova, "
					"carveout)\n", val);
				return -EINVAL;
			}
			a->o.has_mode = true;
			i++;
		} else {
			fprintf(stderr, "xdnasim fuzz: unknown or incomplete option '%s'\n", arg);
			return -EINVAL;
		}
		if (ret)
			return ret;
	}
	if (!a->t) {
		fprintf(stderr, "xdnasim fuzz: --target is required\n");
		return -EINVAL;
	}
	if (a->replay) {
		if (a->first_path >= argc) {
			fprintf(stderr, "xdnasim fuzz: --replay needs at least one file\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!a->iterations == !a->seconds) {
		fprintf(stderr, "xdnasim fuzz: give exactly one of --iterations and --seconds\n");
		return -EINVAL;
	}
	return 0;
}

/* Write the one input given to --replay as a scenario file. */
static int fuzz_to_scenario(const struct fuzz_args *a, const char *in)
{
	struct xout o;
	size_t len;
	u8 *data;
	int ret;

	if (!a->t->write_yaml) {
		fprintf(stderr, "xdnasim fuzz: target %s has no scenario form\n", a->t->name);
		return XS_EXIT_USAGE;
	}
	if (cli_refuse_input("fuzz", a->to_scenario, &in, 1))
		return XS_EXIT_USAGE;
	ret = fuzz_read_file(in, &data, &len);
	if (ret) {
		fprintf(stderr, "xdnasim fuzz: %s: %s\n", in, xerrstr(ret));
		return XS_EXIT_USAGE;
	}
	if (cli_open_output("fuzz", a->to_scenario, NULL, 0, &o)) {
		free(data);
		return XS_EXIT_USAGE;
	}
	ret = a->t->write_yaml(data, len > a->t->max_len ? a->t->max_len : len, &a->o, o.f);
	free(data);
	if (ret && !ferror(o.f)) {
		xout_abort(&o);
		fprintf(stderr, "xdnasim fuzz: writing %s failed: %s\n", a->to_scenario,
			xerrstr(ret));
		return XS_EXIT_USAGE;
	}
	ret = xout_commit(&o);
	return ret ? cli_output_error("fuzz", a->to_scenario, ret) : XS_EXIT_OK;
}

static int fuzz_replay(const struct fuzz_args *a, int argc, char **argv)
{
	int fails = 0;

	if (a->to_scenario) {
		if (argc - a->first_path != 1) {
			fprintf(stderr, "xdnasim fuzz: --to-scenario takes exactly one input\n");
			return XS_EXIT_USAGE;
		}
		return fuzz_to_scenario(a, argv[a->first_path]);
	}

	for (int i = a->first_path; i < argc; i++) {
		int r = fuzz_replay_path(a->t, argv[i], &a->o, stdout);

		if (r < 0) {
			fprintf(stderr, "xdnasim fuzz: %s: %s\n", argv[i], xerrstr(r));
			return XS_EXIT_USAGE;
		}
		fails += r;
	}
	return fails ? XS_EXIT_FAIL : XS_EXIT_OK;
}

/* Minimise and write the reproducer of input @iter. */
static int fuzz_report(const struct fuzz_args *a, u64 iter, const u8 *data, size_t len,
		       const struct fuzz_result *res)
{
	u8 *min = NULL;
	size_t min_len = len;
	u64 tries = 0;
	char stem[128], path[4096];
	int ret;

	printf("FAIL: target %s seed %llu iteration %llu after op %llu: %s\n", a->t->name,
	       (unsigned long long)a->seed, (unsigned long long)iter,
	       (unsigned long long)res->op, res->why);
	if (!a->no_minimize) {
		ret = fuzz_minimize(a->t, data, len, &a->o, &min, &min_len, &tries);
		if (ret)
			fprintf(stderr, "xdnasim fuzz: minimisation failed: %s\n", strerror(-ret));
		else
			printf("minimised: %zu -> %zu bytes in %llu runs\n", len, min_len,
			       (unsigned long long)tries);
	}
	snprintf(stem, sizeof(stem), "%s-seed%llu-iter%llu", a->t->name,
		 (unsigned long long)a->seed, (unsigned long long)iter);
	ret = fuzz_write_reproducer(a->t, a->out, stem, a->seed, iter, min ? min : data,
				    min ? min_len : len, &a->o, path, sizeof(path));
	free(min);
	if (ret) {
		fprintf(stderr, "xdnasim fuzz: cannot write the reproducer to %s: %s\n", a->out,
			xerrstr(ret));
		return XS_EXIT_FAIL;
	}
	printf("reproducer: %s/%s.{bin,txt%s}\n", a->out, stem, a->t->write_yaml ? ",yaml" : "");
	return XS_EXIT_FAIL;
}

static int fuzz_save_input(const struct fuzz_args *a, u64 iter, const u8 *buf, size_t len)
{
	char path[4096];
	struct xout o;
	int ret = 0;

	if (mkdir(a->save, 0777) && errno != EEXIST)
		ret = -errno;
	snprintf(path, sizeof(path), "%s/%s-%llu-%llu.bin", a->save, a->t->name,
		 (unsigned long long)a->seed, (unsigned long long)iter);
	if (!ret)
		ret = xout_open(&o, path);
	if (!ret) {
		fwrite(buf, 1, len, o.f);
		ret = xout_commit(&o);
	}
	if (ret)
		fprintf(stderr, "xdnasim fuzz: cannot write an input to %s: %s\n", a->save,
			xerrstr(ret));
	return ret;
}

static void fuzz_progress(const struct fuzz_args *a, u64 iter, u64 ops, double t0, bool done)
{
	double dt = now_s() - t0;

	fprintf(stderr, "%s[%s] %llu inputs, %llu ops, %.0f ops/s, %.1f s%s",
		done ? "" : "\r", a->t->name, (unsigned long long)iter, (unsigned long long)ops,
		dt > 0 ? (double)ops / dt : 0.0, dt, done ? "\n" : "   ");
}

int cmd_fuzz(int argc, char **argv)
{
	struct fuzz_args a;
	struct fuzz_result res;
	bool tty = isatty(2);
	double t0, last;
	u64 iter, ops = 0, known = 0;
	size_t cap;
	u8 *buf;
	int ret = XS_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		fuzz_usage(stdout);
		return XS_EXIT_OK;
	}
	if (fuzz_parse(argc, argv, &a)) {
		fuzz_usage(stderr);
		return XS_EXIT_USAGE;
	}
	if (a.replay)
		return fuzz_replay(&a, argc, argv);
	cap = a.t->max_len;
	if (a.max_len && a.max_len < cap)
		cap = a.max_len > 16 ? (size_t)a.max_len : 16;
	buf = malloc(cap);
	if (!buf) {
		fprintf(stderr, "xdnasim fuzz: out of memory\n");
		return XS_EXIT_FAIL;
	}
	t0 = last = now_s();
	for (iter = 0; a.iterations ? iter < a.iterations : now_s() - t0 < (double)a.seconds;
	     iter++) {
		struct xrand r;
		size_t len;

		xrand_seed(&r, fuzz_input_seed(a.seed, iter));
		len = a.t->generate(&r, buf, cap);
		if (a.save && fuzz_save_input(&a, iter, buf, len)) {
			ret = XS_EXIT_USAGE;
			break;
		}
		if (fuzz_target_run(a.t, buf, len, &a.o, &res)) {
			if (tty)
				fprintf(stderr, "\n");
			ret = fuzz_report(&a, iter, buf, len, &res);
			iter++;
			break;
		}
		ops += res.ops;
		known += res.known;
		if (tty && now_s() - last > 0.25) {
			fuzz_progress(&a, iter + 1, ops, t0, false);
			last = now_s();
		}
	}
	if (tty || a.stats)
		fuzz_progress(&a, iter, ops, t0, true);
	if (ret == XS_EXIT_OK)
		printf("fuzz %s: seed %llu, %llu inputs, %llu operations, no failure\n", a.t->name,
		       (unsigned long long)a.seed, (unsigned long long)iter,
		       (unsigned long long)ops);
	if (ret == XS_EXIT_OK && known)
		printf("fuzz %s: %llu inputs with a known driver finding (XFAIL, docs/fuzzing.md)\n",
		       a.t->name, (unsigned long long)known);
	free(buf);
	return ret;
}
