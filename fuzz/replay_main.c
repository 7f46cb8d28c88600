// SPDX-License-Identifier: MIT
/*
 * replay_main.c - the standalone fuzz program: runs reproducer files (or
 * every file of a directory) through one target, without libFuzzer, so that
 * it can run under Valgrind memcheck (built -O1 -g with the normal
 * toolchain).  Also runs a bounded seeded campaign for `make fuzz-valgrind`.
 *
 *   fuzz_replay TARGET PATH...          replay files / directories
 *   fuzz_replay TARGET --seed N --iterations N
 *
 * Exit status: 0 all passed, 1 a check failed, 2 usage or unreadable path.
 */
#include "fuzz/fuzz.h"
#include "common/parse.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage(void)
{
	fprintf(stderr, "usage: fuzz_replay TARGET PATH...\n"
			"       fuzz_replay TARGET --seed N --iterations N\n"
			"targets:");
	for (size_t i = 0; fuzz_targets[i]; i++)
		fprintf(stderr, " %s", fuzz_targets[i]->name);
	fprintf(stderr, "\n");
	return 2;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A seeded campaign (the same inputs as `xdnasim fuzz`), progress on stderr. */
static int campaign(const struct fuzz_target *t, u64 seed, u64 iterations)
{
	struct fuzz_result res;
	struct xrand r;
	double t0 = now_s(), last = t0;
	u64 ops = 0, i;
	u8 *buf = malloc(t->max_len);

	if (!buf)
		return 1;
	for (i = 0; i < iterations; i++) {
		size_t len;

		xrand_seed(&r, fuzz_input_seed(seed, i));
		len = t->generate(&r, buf, t->max_len);
		if (fuzz_target_run(t, buf, len, NULL, &res)) {
			fprintf(stderr, "\nFAIL: target %s seed %llu iteration %llu: %s\n"
				"(reproduce and minimise: xdnasim fuzz --target %s --seed %llu "
				"--iterations %llu)\n", t->name, (unsigned long long)seed,
				(unsigned long long)i, res.why, t->name, (unsigned long long)seed,
				(unsigned long long)(i + 1));
			free(buf);
			return 1;
		}
		ops += res.ops;
		if (now_s() - last >= 1.0 || i + 1 == iterations) {
			double dt = now_s() - t0;

			fprintf(stderr, "\r[%s] %llu/%llu inputs, %llu ops, %.0f ops/s, %.1f s",
				t->name, (unsigned long long)(i + 1),
				(unsigned long long)iterations, (unsigned long long)ops,
				dt > 0 ? (double)ops / dt : 0.0, dt);
			last = now_s();
		}
	}
	fprintf(stderr, "\n");
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	const struct fuzz_target *t;
	int fails = 0;

	if (argc < 3 || !(t = fuzz_target_find(argv[1])))
		return usage();
	if (strcmp(argv[2], "--seed") == 0) {
		u64 seed, n;

		if (argc != 6 || strcmp(argv[4], "--iterations") || parse_u64(argv[3], &seed) ||
		    parse_u64(argv[5], &n))
			return usage();
		return campaign(t, seed, n);
	}
	for (int i = 2; i < argc; i++) {
		int r = fuzz_replay_path(t, argv[i], NULL, stdout);

		if (r < 0) {
			fprintf(stderr, "fuzz_replay: %s: %s\n", argv[i], strerror(-r));
			return 2;
		}
		fails += r;
	}
	return fails ? 1 : 0;
}
