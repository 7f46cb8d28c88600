// SPDX-License-Identifier: MIT
/*
 * cmd_demo.c - `xdnasim demo`: a short, readable tour of alloc/mm on the
 * amdxdna device-heap pattern (docs/driver/heap.md §4) and the drm_mm rules that decide
 * where nodes land (docs/driver/drm_mm.md §3.7).
 */
#include "cli/cmd.h"
#include "alloc/mm.h"

#include <errno.h>
#include <string.h>

#define DEV_HEAP_BASE 0x04000000ULL
#define DEV_HEAP_MAX 0x20000000ULL	/* 512 MiB */

struct bo {
	const char *name;
	struct mm_node node;
};

static void show_holes(const struct mm *mm)
{
	const struct mm_node *n;
	u64 hs, he;

	printf("    holes (address order):");
	mm_for_each_hole_addr(n, mm, hs, he)
		printf(" [0x%08llx, 0x%08llx)", (unsigned long long)hs, (unsigned long long)he);
	printf("\n");
}

static int place(struct mm *mm, struct bo *bo, u64 size, u64 align, unsigned int mode,
		 const char *why)
{
	int err = mm_insert_node_generic(mm, &bo->node, size, align, 0, mode);

	if (err)
		printf("  %-6s %#9llx bytes -> %s (%s)\n", bo->name, (unsigned long long)size,
		       err == -ENOSPC ? "ENOSPC" : "error", why);
	else
		printf("  %-6s %#9llx bytes -> [0x%08llx, 0x%08llx)  %s, %llu hole(s) tested\n",
		       bo->name, (unsigned long long)size, (unsigned long long)bo->node.start,
		       (unsigned long long)(bo->node.start + size), why,
		       (unsigned long long)mm_last_search_cost(mm));
	return err;
}

static void drop(struct bo *bo)
{
	mm_remove_node(&bo->node);
	printf("  free   %s [0x%08llx, 0x%08llx)\n", bo->name, (unsigned long long)bo->node.start,
	       (unsigned long long)(bo->node.start + bo->node.size));
}

static int verdict(const struct mm *mm)
{
	char why[256];

	if (mm_check(mm, why, sizeof(why))) {
		printf("    mm_check: FAIL %s\n", why);
		return 1;
	}
	printf("    mm_check: ok (%llu nodes, %llu holes, %#llx used, %#llx free)\n",
	       (unsigned long long)mm_nr_nodes(mm), (unsigned long long)mm_nr_holes(mm),
	       (unsigned long long)mm_used_bytes(mm), (unsigned long long)mm_free_bytes(mm));
	return 0;
}

/* The worked example of docs/driver/heap.md §4: cmd buffers, then a 100 MiB DEV BO. */
static int demo_heap(void)
{
	static struct mm mm;
	static struct bo cb[4] = { { .name = "cb0" }, { .name = "cb1" }, { .name = "cb2" }, { .name = "cb3" } };
	static struct bo big = { .name = "bo_A" };
	int bad = 0;

	printf("1. amdxdna device heap [0x%08llx, 0x%08llx), BEST, 32 KiB alignment\n",
	       DEV_HEAP_BASE, DEV_HEAP_BASE + DEV_HEAP_MAX);
	mm_init(&mm, DEV_HEAP_BASE, DEV_HEAP_MAX);
	for (int i = 0; i < 4; i++)
		bad |= place(&mm, &cb[i], SZ_4K, SZ_32K, MM_INSERT_BEST,
			     i ? "28 KiB sliver before it cannot hold an aligned node" :
				 "the only hole");
	show_holes(&mm);
	bad |= place(&mm, &big, 100 * SZ_1M, SZ_32K, MM_INSERT_BEST,
		     "the trailing hole, start rounded up to 32 KiB");
	show_holes(&mm);
	printf("   freeing merges neighbouring holes (coalescing):\n");
	drop(&cb[1]);
	drop(&cb[2]);
	show_holes(&mm);
	bad |= verdict(&mm);
	drop(&cb[0]);
	drop(&cb[3]);
	drop(&big);
	show_holes(&mm);
	mm_takedown(&mm);
	return bad;
}

/* docs/driver/drm_mm.md §3.7: equal-size holes, recency and the four modes. */
static int demo_modes(void)
{
	static struct mm mm;
	static struct bo a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" },
			 d = { .name = "d" }, e = { .name = "e" }, f = { .name = "f" };
	int bad = 0;

	printf("\n2. mm [0, 100) with [10,20) and [30,90) reserved: three 10-byte holes\n");
	mm_init(&mm, 0, 100);
	a.node.start = 10;
	a.node.size = 10;
	b.node.start = 30;
	b.node.size = 60;
	bad |= mm_reserve_node(&mm, &a.node) | mm_reserve_node(&mm, &b.node);
	show_holes(&mm);
	bad |= place(&mm, &c, 5, 0, MM_INSERT_BEST, "BEST: newest of the equal-size holes");
	bad |= place(&mm, &d, 5, 0, MM_INSERT_EVICT, "EVICT: the newest hole, above c");
	bad |= place(&mm, &e, 5, 0, MM_INSERT_LOW, "LOW: lowest address");
	bad |= place(&mm, &f, 5, 0, MM_INSERT_HIGH, "HIGH: highest address");
	show_holes(&mm);
	bad |= verdict(&mm);
	drop(&e);
	mm_remove_node(&a.node);
	mm_remove_node(&b.node);
	mm_remove_node(&c.node);
	mm_remove_node(&d.node);
	mm_remove_node(&f.node);
	mm_takedown(&mm);
	return bad;
}

/* docs/driver/drm_mm.md §3.5: LOWEST depends on the history, not only on the holes. */
static int demo_lowest(void)
{
	static struct mm mm;
	static struct bo lo = { .name = "lo" }, mid = { .name = "mid" }, x = { .name = "x" };
	int bad = 0;

	printf("\n3. LOWEST (LOW|ONCE) tests only the hole where the kernel's tree descent\n"
	       "   stops, so two histories with the same holes [0,1) [50,100) differ:\n");
	mm_init(&mm, 0, 100);
	mid.node.start = 1;
	mid.node.size = 49;
	bad |= mm_reserve_node(&mm, &mid.node);
	show_holes(&mm);
	bad |= place(&mm, &x, 3, 0, MM_INSERT_LOWEST, "descent stops at [0,1)") != -ENOSPC;
	mm_remove_node(&mid.node);
	mm_takedown(&mm);

	mm_init(&mm, 0, 100);
	lo.node.start = 0;
	lo.node.size = 1;
	bad |= mm_reserve_node(&mm, &lo.node);
	bad |= mm_reserve_node(&mm, &mid.node);
	mm_remove_node(&lo.node);
	show_holes(&mm);
	bad |= place(&mm, &x, 3, 0, MM_INSERT_LOWEST, "reserve [0,1), reserve [1,50), free [0,1)");
	bad |= verdict(&mm);
	mm_remove_node(&x.node);
	mm_remove_node(&mid.node);
	mm_takedown(&mm);
	return bad;
}

int cmd_demo(int argc, char **argv)
{
	int bad;

	if (cli_wants_help(argc, argv)) {
		printf("usage: xdnasim demo\n\n"
		       "Show where the drm_mm-exact allocator places nodes: the amdxdna device\n"
		       "heap pattern (4 KiB command buffers at 32 KiB alignment, a 100 MiB BO,\n"
		       "coalescing on free) and the BEST/EVICT/LOW/HIGH rules.\n");
		return XS_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "xdnasim demo: unexpected argument '%s'\n", argv[1]);
		return XS_EXIT_USAGE;
	}
	bad = demo_heap();
	bad |= demo_modes();
	bad |= demo_lowest();
	return bad ? XS_EXIT_FAIL : XS_EXIT_OK;
}
