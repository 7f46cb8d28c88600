/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - fuzz targets over the allocator, the device heap, the simulator,
 * the firmware protocol and the scenario loader.
 *
 * DOC: Overview
 *
 * A target turns one input (a byte string) into operations with a shared,
 * state-independent decoder (fuzz/stream.h): how many bytes an operation
 * takes depends only on those bytes, so removing whole operations from an
 * input leaves the others meaning the same thing (the basis of the delta
 * debugging in fuzz_minimize()).  After every operation the target compares
 * the module with a shadow model and runs the module's invariant checker.
 *
 * The same fuzz_target_run() is reached from libFuzzer
 * (LLVMFuzzerTestOneInput, fuzz/entry_libfuzzer.c), AFL++ (fuzz/entry_afl.c),
 * the standalone replay program (fuzz/replay_main.c, the Valgrind build) and
 * `xdnasim fuzz` (seeded inputs from fuzz_target_generate()).  So the same
 * bytes mean the same operations everywhere.
 *
 * Invariants of a run (what a target reports as a failure, F-numbers are
 * printed in the reason):
 *   F1  the module disagrees with the shadow model (offset, errno, state);
 *   F2  the module's own invariant checker fails;
 *   F3  a result outside the documented set (errno, bounds, format);
 *   F4  leak or balance check at the end of an input (pins, mappings, ...).
 * Crashes and memory errors are found by the sanitizers and memcheck.
 *
 * Not thread-safe: a target keeps per-run state in static storage only for
 * the mm colour callback (which has no context argument).
 */
#ifndef XDNASIM_FUZZ_FUZZ_H
#define XDNASIM_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/compat.h"
#include "common/rand.h"
#include "alloc/rev.h"

/* Planted bugs (fuzz_opts.plant): the shadow model is made wrong on purpose. */
#define FUZZ_PLANT_NONE 0u
#define FUZZ_PLANT_MODEL 1u
/* sim target: its known driver findings (sf2_known()) are not known (tests only). */
#define FUZZ_PLANT_NO_KNOWN 2u

/**
 * struct fuzz_opts - how to run an input.
 * @plant: FUZZ_PLANT_* (self-test: proves that the checks can fail).
 * @trace: when not NULL, every decoded operation and its result is printed
 *	here, one line each (the human-readable op list of a reproducer).
 * @has_rev: run every input under driver revision @rev (sim target);
 *	otherwise the input's header byte picks the revision.
 * @has_mode: likewise, run every input in address mode @mode (sim target).
 */
struct fuzz_opts {
	unsigned int plant;
	FILE *trace;
	bool has_rev;
	enum drv_rev rev;
	bool has_mode;
	enum addr_mode mode;
};

/**
 * struct fuzz_result - what one run of an input did.
 * @ops: operations executed.
 * @failed: a check failed (then @inv, @op and @why say which).
 * @inv: the F-number of the failed check.
 * @op: index of the operation after which it failed (0-based).
 * @why: "F<n> <what>: <detail>".
 * @detail: what failed within @inv, for the minimiser to keep (sim: the
 *	invariant number + 1); 0 when the target makes no finer distinction.
 * @known: inputs that hit a known driver finding (the target's known_bug
 *	list, counted as XFAIL rather than failed; fuzz_campaign() sums it).
 */
struct fuzz_result {
	u64 ops;
	bool failed;
	int inv;
	int detail;
	u64 op;
	u64 known;
	char why[512];
};

/**
 * struct fuzz_target - one target.
 * @name: "mm", "heap", "sim", "proto", "scenario".
 * @summary: one line for usage texts.
 * @max_len: inputs are cut to this many bytes.
 * @run: execute @data; fills @res.  Returns 0, or -EUCLEAN when a check
 *	failed.  Never crashes on any input.
 * @split: the operation boundaries of @data: @bounds[0] is the end of the
 *	fixed prefix (header) and @bounds[k] the end of operation k; returns
 *	the number of entries written (at most @max).
 * @generate: write a seeded input into @buf (at most @cap bytes) and return
 *	its length.
 * @write_yaml: optional; write the input as a scenario file that
 *	`xdnasim run` executes.  Returns 0 or a negative errno.
 * @min_bytes: after the operation-level pass, fuzz_minimize() also drops
 *	single bytes (text inputs such as YAML).
 */
struct fuzz_target {
	const char *name;
	const char *summary;
	size_t max_len;
	bool min_bytes;
	int (*run)(const u8 *data, size_t len, const struct fuzz_opts *o, struct fuzz_result *res);
	size_t (*split)(const u8 *data, size_t len, size_t *bounds, size_t max);
	size_t (*generate)(struct xrand *r, u8 *buf, size_t cap);
	int (*write_yaml)(const u8 *data, size_t len, const struct fuzz_opts *o, FILE *f);
};

extern const struct fuzz_target fuzz_target_mm;
extern const struct fuzz_target fuzz_target_heap;
extern const struct fuzz_target fuzz_target_sim;
extern const struct fuzz_target fuzz_target_proto;
extern const struct fuzz_target fuzz_target_scenario;

/* fuzz_targets - every target, NULL-terminated. */
extern const struct fuzz_target *const fuzz_targets[];

/* fuzz_target_find - the target called @name, or NULL. */
const struct fuzz_target *fuzz_target_find(const char *name);

/**
 * fuzz_target_run - run @data (cut to the target's max_len) on @t.
 * Returns 0, or -EUCLEAN when a check failed (@res says which).
 */
int fuzz_target_run(const struct fuzz_target *t, const u8 *data, size_t len,
		    const struct fuzz_opts *o, struct fuzz_result *res);

/**
 * fuzz_input_seed - the seed of input @iter of a campaign started with
 * @seed (a campaign's inputs are independent: any one can be regenerated).
 * This function can't fail.
 */
u64 fuzz_input_seed(u64 seed, u64 iter);

/**
 * fuzz_campaign - run inputs 0 .. @iterations - 1 of the campaign started
 * with @seed (those `xdnasim fuzz --seed` runs) on @t, stopping at the first
 * failing one: then @res says why and *@iter is its iteration (reproduce it
 * with `xdnasim fuzz --target NAME --seed SEED --iterations ITER+1`).  On
 * success @res->ops is the number of operations of all inputs and
 * @res->known the inputs with a known driver finding.  This is how
 * the random Check tests drive the fuzz targets' engines.
 * Returns 0, -EUCLEAN when an input failed, or -ENOMEM.
 */
int fuzz_campaign(const struct fuzz_target *t, u64 seed, u64 iterations,
		  const struct fuzz_opts *o, struct fuzz_result *res, u64 *iter);

/**
 * fuzz_minimize - delta debugging (ddmin) over @t's operations of the
 * failing input @data: drop halves, then quarters, ... then single
 * operations, keeping every reduction that still fails with the same
 * F-number and detail.  For inputs without operations (a split into one unit) it
 * works on lines, then on bytes.
 * @out: receives a malloc()ed minimised input, @out_len its length.
 * @tries: receives the number of runs it took (may be NULL).
 * Returns 0; -EINVAL if @data does not fail; -ENOMEM.
 */
int fuzz_minimize(const struct fuzz_target *t, const u8 *data, size_t len,
		  const struct fuzz_opts *o, u8 **out, size_t *out_len, u64 *tries);

/**
 * fuzz_write_reproducer - write the reproducer of a failing input into
 * directory @dir (created if missing): "<stem>.bin" (the bytes, for the
 * replay program and `xdnasim fuzz --replay`), "<stem>.txt" (target, seed,
 * iteration, reason and the op list) and, when the target has write_yaml,
 * "<stem>.yaml" (validated by the scenario loader).
 * @stem: file name without extension.
 * @path: receives the .bin path (may be NULL).
 * Returns 0 or a negative errno (-EIO, -ENOMEM, or the loader's -EINVAL if
 * the written YAML did not load).
 */
int fuzz_write_reproducer(const struct fuzz_target *t, const char *dir, const char *stem,
			  u64 seed, u64 iter, const u8 *data, size_t len,
			  const struct fuzz_opts *o, char *path, size_t path_len);

/**
 * fuzz_replay_path - run every input at @path (a file, or every regular
 * file of a directory in name order) on @t; print one line per input to
 * @log ("PATH: ok (N ops)" or "PATH: FAIL <why>").
 * Returns the number of failing inputs, or a negative errno when @path
 * cannot be read.
 */
int fuzz_replay_path(const struct fuzz_target *t, const char *path, const struct fuzz_opts *o,
		     FILE *log);

/**
 * fuzz_read_file - read @path (binary; "-" is stdin) into a malloc()ed
 * buffer through common/input.h.
 * Returns 0 or a negative errno (-ENOENT, -EISDIR, -EIO, -ENOMEM, ...).
 */
int fuzz_read_file(const char *path, u8 **data, size_t *len);

#endif /* XDNASIM_FUZZ_FUZZ_H */
