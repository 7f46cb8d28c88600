// SPDX-License-Identifier: MIT
/*
 * cmd_list.c - "xdnasim list KIND": the names a command line or a scenario
 * may use, one per line, read from the tables that define them (commands.def,
 * the runner's vocabulary, sim/fault.h, sim/bugs.h).  The man page and the
 * bash completion (dist/) are generated from this output, so they cannot
 * fall behind the code.
 */
#include "cli/cmd.h"

#include <string.h>

#include "scenarios/run.h"
#include "sim/bugs.h"
#include "sim/fault.h"

struct list_kind {
	const char *name;
	const char *what;
	void (*print)(FILE *f);
};

static void print_names(FILE *f, const char *const *names)
{
	for (; names && *names; names++)
		fprintf(f, "%s\n", *names);
}

static void list_commands(FILE *f)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		fprintf(f, "%s\n", c->name);
}

static void list_revisions(FILE *f)
{
	for (size_t i = 0; i < REV_NR; i++)
		fprintf(f, "%s\n", drv_rev_name(drv_rev_by_age(i)));
}

static void list_modes(FILE *f)
{
	for (int i = 0; i < ADDR_NR_MODES; i++)
		fprintf(f, "%s\n", addr_mode_name((enum addr_mode)i));
}

static void list_devices(FILE *f)
{
	print_names(f, run_vocab()->devices);
}

/* Both spellings: the simulator's name and the scenario alias, if any. */
static void list_fault_sites(FILE *f)
{
	for (unsigned int i = 0; i < SIM_FAULT_NR; i++) {
		const char *alias = sim_fault_site_alias(i);

		fprintf(f, "%s\n", sim_fault_site_name(i));
		if (alias && strcmp(alias, sim_fault_site_name(i)))
			fprintf(f, "%s\n", alias);
	}
}

static void list_bugs(FILE *f)
{
	for (unsigned int i = 0; i < SIM_BUG_NR; i++)
		fprintf(f, "%s\n", sim_bugs[i].name);
}

static void list_metrics(FILE *f)
{
	for (int i = 0; i < RUN_M_COUNT; i++)
		fprintf(f, "%s\n", run_metric_name((enum run_metric)i));
}

static void list_invariants(FILE *f)
{
	print_names(f, run_vocab()->invariants);
}

static void list_kinds(FILE *f);

static const struct list_kind kinds[] = {
	{ "commands", "the subcommands of xdnasim", list_commands },
	{ "revisions", "driver revisions, oldest first (run --revision, sweep --revisions)",
	  list_revisions },
	{ "modes", "address modes (run --mode)", list_modes },
	{ "devices", "device profiles (scenario 'device:')", list_devices },
	{ "fault-sites", "fault sites (run --fail-nth, scenario 'faults:')", list_fault_sites },
	{ "bugs", "historical-bug switches (run --bug, scenario 'bugs:')", list_bugs },
	{ "metrics", "run metrics (scenario 'expect: metrics:', sweep --metrics)", list_metrics },
	{ "invariants", "invariant names (scenario 'expect: invariants:')", list_invariants },
	{ "kinds", "these kinds", list_kinds },
	{ NULL, NULL, NULL },
};

static void list_kinds(FILE *f)
{
	for (const struct list_kind *k = kinds; k->name; k++)
		fprintf(f, "%s\n", k->name);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim list KIND\n"
		"\n"
		"Print the names of one kind, one per line, from the tables the program\n"
		"itself uses (the bash completion and the man page are generated from\n"
		"them).  KIND is one of:\n"
		"\n");
	for (const struct list_kind *k = kinds; k->name; k++)
		fprintf(f, "  %-12s %s\n", k->name, k->what);
	fprintf(f,
		"\n"
		"Exit status: 0 listed, 2 unknown KIND.\n");
}

int cmd_list(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	if (argc != 2) {
		fprintf(stderr, "xdnasim list: expected one KIND (see --help)\n");
		return XS_EXIT_USAGE;
	}
	for (const struct list_kind *k = kinds; k->name; k++) {
		if (!strcmp(k->name, argv[1])) {
			k->print(stdout);
			return fflush(stdout) || ferror(stdout) ? XS_EXIT_USAGE : XS_EXIT_OK;
		}
	}
	fprintf(stderr, "xdnasim list: unknown kind '%s' (see --help)\n", argv[1]);
	return XS_EXIT_USAGE;
}
