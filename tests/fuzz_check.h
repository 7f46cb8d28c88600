/* SPDX-License-Identifier: MIT */
/*
 * fuzz_check.h - the random Check tests run the fuzz targets' engines
 * (fuzz/fuzz.h): seeded inputs through the same decoder, module and oracle
 * as `xdnasim fuzz`, so a layer has one random tester and one oracle.
 */
#ifndef XDNASIM_TESTS_FUZZ_CHECK_H
#define XDNASIM_TESTS_FUZZ_CHECK_H

#include "tests/check_util.h"
#include <errno.h>
#include "fuzz/fuzz.h"

/*
 * t_fuzz_campaign_opts - inputs 0 .. @n - 1 of @t's campaign @seed, run
 * with @o (may be NULL), all pass; a failure names the command that
 * reproduces and minimises it.  Returns the operations run.
 */
static inline u64 t_fuzz_campaign_opts(const struct fuzz_target *t, u64 seed, u64 n,
				       const struct fuzz_opts *o)
{
	struct fuzz_result res;
	u64 iter = 0;
	int ret = fuzz_campaign(t, seed, n, o, &res, &iter);

	T_MSG(ret == 0, "%s (reproduce: xdnasim fuzz --target %s --seed %llu --iterations %llu%s%s"
	      "%s%s)", ret == -EUCLEAN ? res.why : "out of memory", t->name,
	      (unsigned long long)seed, (unsigned long long)iter + 1,
	      o && o->has_rev ? " --revision " : "", o && o->has_rev ? drv_rev_name(o->rev) : "",
	      o && o->has_mode ? " --mode " : "", o && o->has_mode ? addr_mode_name(o->mode) : "");
	return res.ops;
}

/* t_fuzz_campaign - t_fuzz_campaign_opts() with the default options. */
static inline u64 t_fuzz_campaign(const struct fuzz_target *t, u64 seed, u64 n)
{
	return t_fuzz_campaign_opts(t, seed, n, NULL);
}

#endif /* XDNASIM_TESTS_FUZZ_CHECK_H */
