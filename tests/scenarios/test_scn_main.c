// SPDX-License-Identifier: MIT
/* test_scn_main.c - the scenario loader test program. */
#include "tests/scenarios/test_scn.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int load_str(const char *yaml, struct scn **out, struct scn_error *err)
{
	return scn_load_buffer(yaml, strlen(yaml), "t.yaml", NULL, out, err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **library_files(void)
{
	const char *dir = XDNASIM_SRCDIR "/scenarios/library";
	char **files = calloc(256, sizeof(*files));
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	ck_assert_ptr_nonnull(files);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((de = readdir(d)) && n < 255) {
		size_t l = strlen(de->d_name);

		if (l > 5 && !strcmp(de->d_name + l - 5, ".yaml")) {
			files[n] = malloc(strlen(dir) + l + 2);
			sprintf(files[n++], "%s/%s", dir, de->d_name);
		}
	}
	closedir(d);
	qsort(files, n, sizeof(*files), cmp_str);
	return files;
}

void free_library_files(char **files)
{
	for (char **f = files; *f; f++)
		free(*f);
	free(files);
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
