// SPDX-License-Identifier: MIT
#include "tests/alloc_heap/heap_test_util.h"

int main(void)
{
	Suite *suites[] = {
		heap_chunks_suite(), heap_bo_suite(),	heap_examples_suite(), heap_metrics_suite(),
		heap_check_suite(),  heap_mem_suite(), heap_random_suite(), heap_trace_names_suite(),
	};

	return xdnasim_run_suites(suites, ARRAY_SIZE(suites));
}
