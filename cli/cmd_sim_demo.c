// SPDX-License-Identifier: MIT
/*
 * cmd_sim_demo.c - `xdnasim sim-demo`: the worked example of docs/driver/heap.md §4 end
 * to end through the shim, the driver model, proto's mailbox and the
 * firmware model; then a CU, a command, a hung command and its TDR restart.
 * Prints the event log and each firmware context's host-buffer list, and
 * runs sim_check().
 */
#include "cli/cmd.h"
#include "sim/sim.h"
#include "common/errname.h"
#include "common/parse.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: xdnasim sim-demo [--device npu1|npu4|npu5|npu6] [--revision R]\n"
		   "                        [--mode pasid|iova|carveout] [--seed N] [--quiet]\n"
		   "Runs the docs/driver/heap.md §4 worked example through shim, driver, mailbox and\n"
		   "firmware, prints the event log and checks every invariant.\n"
		   "Exit: 0 ok, 1 an op or sim_check failed, 2 usage.\n");
}

static int parse_args(int argc, char **argv, struct sim_config *cfg, bool *quiet)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "revision", required_argument, NULL, 'D' },
		{ "design", required_argument, NULL, 'D' },
		{ "mode", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd':
			cfg->device = optarg;
			break;
		case 'D':
			if (drv_rev_parse(optarg, &cfg->rev))
				return -1;
			break;
		case 'm':
			if (addr_mode_parse(optarg, &cfg->mode))
				return -1;
			break;
		case 's':
			if (parse_u64(optarg, &cfg->seed))
				return -1;
			break;
		case 'q':
			*quiet = true;
			break;
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static int step(const char *what, int ret)
{
	printf("# %-44s -> %s\n", what, ret ? xerrname(ret) : "ok");
	return ret ? 1 : 0;
}

static int run(struct sim *sim)
{
	struct sim_exec_desc cmd = { 0 };
	struct sim_fw_ctx_info fi;
	struct sim_result r;
	u32 c, h, p;
	u64 addr;
	int bad = 0;

	bad |= step("shim open (64 MiB heap, 512 MiB reservation)", sim_shim_open(sim, &r));
	if (bad)
		return bad;
	c = r.handle;
	bad |= step("hwctx create (4 cmd bufs, MAP chunk 0)", sim_hwctx_create(sim, c, 4, &r));
	h = r.handle;
	bad |= step("shim DEV BO 100 MiB (EAGAIN, expand, retry)",
		    sim_shim_alloc_dev_bo(sim, c, 100ULL << 20, &r));
	printf("#   xdna_addr %#llx, cpu %#llx, %u expansion(s), %u fw message(s)\n",
	       (unsigned long long)r.addr, (unsigned long long)r.uva, r.expansions, r.msgs);
	addr = r.addr;
	bad |= step("shim DEV BO 4 KiB (PDI)", sim_shim_alloc_dev_bo(sim, c, 0x1000, &r));
	p = r.handle;
	bad |= step("config CU", sim_config_cu(sim, c, h, &p, 1, &r));
	cmd.naddr = 1;
	cmd.addrs = &addr;
	bad |= step("exec touching the 100 MiB BO", sim_exec(sim, c, h, &cmd, &r));
	printf("#   command state %u\n", r.state);
	cmd.hang = true;
	bad |= step("exec that hangs", sim_exec(sim, c, h, &cmd, &r));
	bad |= step("advance 2000 ms (TDR: re-create, MAP/ADD, CU)", sim_advance(sim, 2000));
	if (!sim_fw_ctx_info(sim, c, h, &fi)) {
		printf("# fw ctx %u (pasid %u) host buffers:", fi.fw_ctx_id, fi.pasid);
		for (u32 k = 0; k < fi.nbufs; k++)
			printf(" %#llx", (unsigned long long)fi.bufs[k]);
		printf("\n");
	}
	bad |= step("shim close (munmap, GEM_CLOSE, close, postclose)", sim_shim_close(sim, c));
	return bad;
}

int cmd_sim_demo(int argc, char **argv)
{
	struct sim_config cfg;
	struct sim_violation v;
	struct sim *sim;
	bool quiet = false;
	int bad, ret;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	sim_config_default(&cfg);
	if (parse_args(argc, argv, &cfg, &quiet)) {
		fprintf(stderr, "xdnasim sim-demo: bad or unknown argument (see --help)\n");
		usage(stderr);
		return XS_EXIT_USAGE;
	}
	ret = sim_create(&cfg, &sim);
	if (ret) {
		fprintf(stderr, "xdnasim sim-demo: cannot create the simulator: %s\n", xerrstr(ret));
		return XS_EXIT_USAGE;
	}
	bad = run(sim);
	if (!quiet) {
		char line[256];

		for (size_t i = 0; i < sim_event_count(sim); i++) {
			sim_event_format(sim_event_at(sim, i), line, sizeof(line));
			printf("%s\n", line);
		}
	}
	ret = sim_check(sim, &v);
	if (ret)
		fprintf(stderr, "xdnasim sim-demo: invariant sim.%d (%s): %s\n", v.number,
			sim_inv_name(v.number), v.why);
	printf("# sim_check: %s, %u violation(s) recorded\n", ret ? "FAIL" : "ok",
	       sim_violation_count(sim));
	bad |= ret ? 1 : 0;
	bad |= sim_violation_count(sim) ? 1 : 0;
	sim_destroy(sim);
	return bad ? XS_EXIT_FAIL : XS_EXIT_OK;
}
