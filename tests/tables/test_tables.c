// SPDX-License-Identifier: MIT
/*
 * test_tables.c - the fact tables are complete and their consumers agree
 * (docs/architecture.md, "where each fact lives").
 */
#include "tests/check_util.h"
#include "scenarios/run.h"
#include "scenarios/scn.h"
#include "alloc/heap.h"
#include "common/device.h"
#include "sim/event.h"
#include "sim/fault.h"
#include "proto/msg.h"
#include "sim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* sim/sim_inv.def: numbers ascending and unique, names unique snake_case. */
START_TEST(test_sim_invariants)
{
	ck_assert_uint_eq(sim_ninvs, 27);
	for (size_t i = 0; i < sim_ninvs; i++) {
		const struct sim_inv_def *d = &sim_invs[i];

		ck_assert(i == 0 || d->number > sim_invs[i - 1].number);
		for (const char *p = d->name; *p; p++)
			ck_assert_msg(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_',
				      "sim.%d name '%s'", d->number, d->name);
		ck_assert_int_eq(sim_inv_by_name(d->name), d->number);
		ck_assert_str_eq(sim_inv_name(d->number), d->name);
		/* The event log names a violation as the reports do. */
		ck_assert_str_eq(sim_ev_kind_name(SIM_EV_VIOLATION, (unsigned int)d->number), d->name);
		ck_assert(d->what && *d->what);
	}
	/* Once named differently in sim and in the reports, once missing. */
	ck_assert_str_eq(sim_inv_name(SIM_INV_WATERMARKS_CURRENT), "watermarks_current");
	ck_assert_str_eq(sim_inv_name(20), "mailbox_framing");
	ck_assert_str_eq(sim_inv_name(19), "?");
	ck_assert_int_eq(sim_inv_by_name("nope"), -ENOENT);
}
END_TEST

/* A scenario's `invariants:` names: the selectable rows plus the runner's own. */
START_TEST(test_scenario_invariants)
{
	const char *const *names = run_invariant_names();
	size_t n = 0, sel = 0;

	for (size_t i = 0; i < sim_ninvs; i++) {
		bool listed = in_list(names, sim_invs[i].name);

		ck_assert_msg(listed == sim_invs[i].selectable, "%s", sim_invs[i].name);
		ck_assert_int_eq(run_invariant_number(sim_invs[i].name),
				 sim_invs[i].selectable ? sim_invs[i].number : -ENOENT);
		sel += sim_invs[i].selectable;
	}
	for (; names[n]; n++)
		ck_assert_int_ge(run_invariant_number(names[n]), 0);
	ck_assert_uint_eq(n, sel + 2);
	ck_assert_int_eq(run_invariant_number("no_pins_left"), RUN_INV_NO_PINS);
	ck_assert_int_eq(run_invariant_number("no_live_bos"), RUN_INV_NO_LIVE_BOS);
	/* The loader's vocabulary is the runner's. */
	ck_assert_ptr_eq(scn_default_vocab()->invariants, names);
	ck_assert_ptr_eq(run_vocab()->invariants, names);
}
END_TEST

/*
 * sim/fault_sites.def: names and aliases unique and found again; firmware
 * sites are exactly those with an opcode, found again by it; the errno the
 * driver returns for each (what fail-nth expects).
 */
START_TEST(test_fault_sites)
{
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++) {
		const struct sim_fault_site_desc *d = &sim_fault_sites[i];

		ck_assert_int_eq(sim_fault_site_by_name(d->name), (int)i);
		if (d->alias)
			ck_assert_int_eq(sim_fault_site_by_name(d->alias), (int)i);
		ck_assert_ptr_eq(sim_fault_site_alias(i), d->alias);
		ck_assert_int_eq(d->fw_status, d->opcode != 0);
		ck_assert(d->where && *d->where);
		if (d->fw_status) {
			ck_assert_int_gt(d->dflt, 0);
			ck_assert_ptr_nonnull(msg_desc_find(d->opcode));
			ck_assert_int_eq(sim_fault_site_of_opcode(d->opcode), (int)i);
			ck_assert_int_eq(sim_fault_expected_errno(i, d->dflt), -EINVAL);
			ck_assert_int_eq(sim_fault_expected_errno(i, -ETIME), -ETIME);
		} else {
			ck_assert_int_lt(d->dflt, 0);
			ck_assert_int_eq(sim_fault_expected_errno(i, d->dflt),
					 d->ret ? d->ret : d->dflt);
		}
	}
	/* drivers/accel/amdxdna amdxdna_drm_open() (36618c58): a failed SVA bind is -EINVAL. */
	ck_assert_int_eq(sim_fault_expected_errno(SIM_FAULT_SVA_BIND, -ENODEV), -EINVAL);
	ck_assert_int_eq(sim_fault_expected_errno(SIM_FAULT_SVA_BIND, -ENOMEM), -EINVAL);
	ck_assert_int_eq(sim_fault_expected_errno(SIM_FAULT_PIN_PAGES, -EFAULT), -EFAULT);
	ck_assert_int_eq(sim_fault_expected_errno(SIM_FAULT_NR, -ENOMEM), -EINVAL);
	ck_assert_int_eq(sim_fault_site_of_opcode(MSG_OP_MAP_HOST_BUFFER), SIM_FAULT_FW_MAP_HOST_BUFFER);
	ck_assert_int_eq(sim_fault_site_of_opcode(0), -ENOENT);
	ck_assert_int_eq(sim_fault_site_of_opcode(MSG_OP_AIE_RW_ACCESS), -ENOENT);
}
END_TEST

/*
 * common/devices.def: every layer's device list is the table's, in its
 * order; the simulator builds exactly the AIE2 devices; a scenario without
 * `firmware:` gets the table's default.
 */
START_TEST(test_devices)
{
	const char *const *all = scn_device_names(false), *const *aie2 = scn_device_names(true);
	size_t na = 0, n2 = 0;
	char names[64];

	ck_assert_uint_eq(heap_nr_profiles, XDNA_DEV_COUNT);
	for (int i = 0; i < XDNA_DEV_COUNT; i++) {
		const struct xdna_device_info *d = &xdna_devices[i];
		struct sim_config cfg;
		struct sim *sim = NULL;
		struct scn_error err;
		struct scn *s = NULL;
		char yaml[160];

		ck_assert_str_eq(heap_profiles[i].name, d->name);
		ck_assert_uint_eq(heap_profiles[i].max_size, d->heap_max);
		ck_assert_int_eq(xdna_device_by_name(d->name), i);
		ck_assert_str_eq(all[na++], d->name);
		if (xdna_device_is_aie2((enum xdna_device)i)) {
			ck_assert_str_eq(aie2[n2++], d->name);
			ck_assert_str_eq(proto_dev_name((enum proto_dev)i), d->name);
			ck_assert_int_eq(proto_fw_oot_check_version((enum proto_dev)i,
								     XDNA_FW_MAJOR(d->fw_default),
								     XDNA_FW_MINOR(d->fw_default)), 0);
			ck_assert_int_ne(d->fw_min, 0);
			ck_assert_int_eq(proto_fw_oot_check_version((enum proto_dev)i,
								     XDNA_FW_MAJOR(d->fw_min - 1),
								     XDNA_FW_MINOR(d->fw_min - 1)), -EINVAL);
		}
		sim_config_default(&cfg);
		cfg.device = d->name;
		ck_assert_int_eq(sim_create(&cfg, &sim),
				 xdna_device_is_aie2((enum xdna_device)i) ? 0 : -EINVAL);
		sim_destroy(sim);
		snprintf(yaml, sizeof(yaml), "xdnasim: 1\ndevice: %s\nclients:\n  - {name: a, steps: [open]}\n",
			 d->name);
		ck_assert_int_eq(scn_load_buffer(yaml, strlen(yaml), "t.yaml", NULL, &s, &err), 0);
		ck_assert_uint_eq(s->fw_major, XDNA_FW_MAJOR(d->fw_default));
		ck_assert_uint_eq(s->fw_minor, XDNA_FW_MINOR(d->fw_default));
		scn_free(s);
	}
	ck_assert_ptr_null(all[na]);
	ck_assert_ptr_null(aie2[n2]);
	ck_assert_ptr_eq(run_vocab()->devices, aie2);
	ck_assert_ptr_eq(scn_default_vocab()->devices, all);
	ck_assert_str_eq(xdna_device_names(names, sizeof(names), false), "npu1, npu4, npu5, npu6, aie4");
	ck_assert_str_eq(xdna_device_names(names, sizeof(names), true), "npu1, npu4, npu5, npu6");
	ck_assert_int_eq(xdna_device_by_name("npu9"), -ENOENT);
	ck_assert_int_eq(xdna_device_by_name(NULL), -ENOENT);
	/* one default per device: the driver's newest table entries (5.8, 6.24) */
	ck_assert_uint_eq(xdna_devices[XDNA_DEV_NPU1].fw_default, XDNA_FW(5, 8));
	ck_assert_uint_eq(xdna_devices[XDNA_DEV_NPU4].fw_default, XDNA_FW(6, 24));
}
END_TEST

static Suite *tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, test_sim_invariants);
	tcase_add_test(tc, test_scenario_invariants);
	tcase_add_test(tc, test_fault_sites);
	tcase_add_test(tc, test_devices);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	Suite *s[] = { tables_suite() };

	return xdnasim_run_suites(s, ARRAY_SIZE(s));
}
