// SPDX-License-Identifier: MIT
/*
 * Seeded random workloads: the sim fuzz target's engine (fuzz/target_sim.c)
 * with seeds, through the scenario runner, the one interpreter of simulator
 * operations.  Its checks are the layer's oracle: sim_check() after every
 * op, no positive result, the shim accounting model after every op of a
 * fault-free input (heap usage = live DEV BOs page-rounded + 16 KiB per
 * hwctx, a CU PDI living until its hwctx goes; chunks = 1 + expansions),
 * and the event log balanced at the end (docs/fuzzing.md).
 */
#include "tests/sim/sim_test_util.h"
#include "tests/fuzz_check.h"

/* Each driver revision x address mode of the combos, NPU4 and NPU1, faults in one input of three. */
START_TEST(test_random_workload)
{
	struct fuzz_opts o = { .has_rev = true, .rev = combos[_i].rev,
			       .has_mode = true, .mode = (enum addr_mode)combos[_i].mode };

	T_ASSERT(t_fuzz_campaign_opts(&fuzz_target_sim, test_seed() + (u64)_i,
				      test_scale(200, 4), &o) > 0);
}
END_TEST

/*
 * Every revision and mode the input picks; up to two sites failing at
 * their nth call, or every site failing now and then.
 */
START_TEST(test_random_with_faults)
{
	T_ASSERT(t_fuzz_campaign(&fuzz_target_sim, test_seed(), test_scale(600, 20)) > 0);
}
END_TEST

Suite *sim_random_suite(void)
{
	Suite *s = suite_create("sim_random");
	TCase *tc = tcase_create("random");

	tcase_add_loop_test(tc, test_random_workload, 0, NCOMBOS);
	tcase_add_test(tc, test_random_with_faults);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
