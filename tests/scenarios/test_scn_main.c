// SPDX-License-Identifier: MIT
/* test_scn_main.c - the scenario loader test program. */
#include "tests/scenarios/test_scn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int load_str(const char *yaml, struct scn **out, struct scn_error *err)
{
	return scn_load_buffer(yaml, strlen(yaml), "t.yaml", NULL, out, err);
}

char **library_files(void)
{
	return t_yaml_files(XDNASIM_SRCDIR "/scenarios/library");
}

void free_library_files(char **files)
{
	t_free_files(files);
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

int main(void)
{
	Suite *suites[] = { scn_load_suite(), scn_errors_suite(), scn_fuzz_suite(), scn_scale_suite() };

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
