/* SPDX-License-Identifier: MIT */
/* test_scn.h - shared helpers of the scenario loader tests. */
#ifndef XDNASIM_TESTS_SCENARIOS_TEST_SCN_H
#define XDNASIM_TESTS_SCENARIOS_TEST_SCN_H

#include "tests/check_util.h"
#include "scenarios/scn.h"

Suite *scn_load_suite(void);
Suite *scn_errors_suite(void);
Suite *scn_fuzz_suite(void);
Suite *scn_scale_suite(void);

/* load_str - scn_load_buffer() of a NUL-terminated string named "t.yaml". */
int load_str(const char *yaml, struct scn **out, struct scn_error *err);

/*
 * library_files - the .yaml paths of scenarios/library (sorted), NULL-terminated;
 * free with free_library_files().
 */
char **library_files(void);
void free_library_files(char **files);

/* read_file - whole file into a malloc'ed buffer; NULL on error. */
char *read_file(const char *path, size_t *len);

#endif
