// SPDX-License-Identifier: MIT
#include "tests/check_util.h"
#include "common/rand.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **t_yaml_files(const char *dir)
{
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
			ck_assert_ptr_nonnull(files[n]);
			sprintf(files[n++], "%s/%s", dir, de->d_name);
		}
	}
	closedir(d);
	qsort(files, n, sizeof(*files), cmp_str);
	return files;
}

void t_free_files(char **files)
{
	for (char **f = files; *f; f++)
		free(*f);
	free(files);
}

Suite *t_suite(const char *name, double timeout, const TTest *const *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, timeout);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return s;
}

u64 test_seed(void)
{
	return xdnasim_seed_from_env(XDNASIM_TEST_DEFAULT_SEED);
}

u64 test_scale(u64 n, u64 div)
{
	const char *v = getenv("XDNASIM_UNDER_VALGRIND");

	if (v && *v && div > 1) {
		n /= div;
		if (n == 0)
			n = 1;
	}
	return n;
}

int xdnasim_run_suites(Suite **suites, size_t n)
{
	SRunner *sr;
	int failed;

	if (n == 0)
		return EXIT_FAILURE;
	sr = srunner_create(suites[0]);
	for (size_t i = 1; i < n; i++)
		srunner_add_suite(sr, suites[i]);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (failed)
		fprintf(stderr, "seed: XDNASIM_SEED=%llu reproduces the random tests\n",
			(unsigned long long)test_seed());
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

u64 t_step = T_NO_STEP;

static jmp_buf *t_catcher;
static int t_caught_line;

void t_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (t_catcher) {
		jmp_buf *j = t_catcher;

		t_catcher = NULL;
		t_caught_line = line > 0 ? line : 1;
		longjmp(*j, 1);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (t_step != T_NO_STEP)
		_ck_assert_failed(file, line, "Failed", "%s (step %llu)", msg,
				  (unsigned long long)t_step);
	_ck_assert_failed(file, line, "Failed", "%s", msg);
}

int t_catch(int (*fn)(void *), void *arg)
{
	jmp_buf j;
	int ret;

	ck_assert_msg(!t_catcher, "t_catch() nested");
	if (setjmp(j))
		return t_caught_line;
	t_catcher = &j;
	ret = fn(arg);
	t_catcher = NULL;
	return ret;
}
