/* SPDX-License-Identifier: MIT */
/*
 * kcompat.h - just enough of the kernel's environment to compile the
 * kernel's own drivers/gpu/drm/drm_mm.c and lib/rbtree.c in user space,
 * for the mm-replay comparison of bench_replay (docs/mm.md, "Speed").
 *
 * No kernel source is in this repository: build.sh extracts those files
 * from an installed Debian linux-source package into the build directory
 * and points every other <linux/...> and <drm/...> header drm_mm.c asks
 * for at this one.  Written for Linux 6.1 (Debian 12's linux-source-6.1).
 */
#ifndef XDNASIM_BENCH_KCOMPAT_H
#define XDNASIM_BENCH_KCOMPAT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef unsigned long depot_stack_handle_t;

#define U64_MAX UINT64_MAX
#define BIT(n) (1UL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __always_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __must_check
#define fallthrough __attribute__((fallthrough))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define rcu_assign_pointer(p, v) WRITE_ONCE(p, v)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define EXPORT_SYMBOL(s)
#define EXPORT_SYMBOL_GPL(s)
#define IS_ENABLED(option) 0
#define BUILD_BUG_ON(c) ((void)sizeof(char[1 - 2 * !!(c)]))
#define BUILD_BUG_ON_INVALID(e) ((void)0)
#define BUG_ON(c) do { if (c) abort(); } while (0)
#define WARN_ON(c) ({ int w_ = !!(c); if (w_) fprintf(stderr, "kernel WARN_ON at %s:%d\n", __FILE__, __LINE__); w_; })
#define WARN(c, ...) WARN_ON(c)
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define swap(a, b) do { __typeof__(a) t_ = (a); (a) = (b); (b) = t_; } while (0)
#define is_power_of_2(n) ((n) != 0 && ((n) & ((n) - 1)) == 0)
#define kmalloc(n, gfp) malloc(n)
#define kfree(p) free(p)
#define GFP_KERNEL 0
#define GFP_NOWAIT 0
#define DRM_ERROR(...) fprintf(stderr, __VA_ARGS__)

static inline u64 div64_u64_rem(u64 a, u64 b, u64 *rem)
{
	*rem = a % b;
	return a / b;
}

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

static inline int test_bit(int nr, const unsigned long *w)
{
	return (int)((*w >> nr) & 1);
}

static inline void __set_bit(int nr, unsigned long *w)
{
	*w |= 1UL << nr;
}

static inline void __clear_bit(int nr, unsigned long *w)
{
	*w &= ~(1UL << nr);
}

static inline void clear_bit_unlock(int nr, unsigned long *w)
{
	*w &= ~(1UL << nr);
}

/* <linux/list.h>: a circular doubly linked list through a head. */
struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void list_link_(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *h)
{
	list_link_(n, h, h->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	list_link_(n, h->prev, h);
}

static inline void __list_del_entry(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
}

static inline void list_del(struct list_head *e)
{
	__list_del_entry(e);
	e->next = NULL;
	e->prev = NULL;
}

static inline void list_del_init(struct list_head *e)
{
	__list_del_entry(e);
	INIT_LIST_HEAD(e);
}

static inline int list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void list_replace(struct list_head *old, struct list_head *n)
{
	n->next = old->next;
	n->next->prev = n;
	n->prev = old->prev;
	n->prev->next = n;
}

#define list_entry(p, type, member) container_of(p, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_last_entry(h, type, member) list_entry((h)->prev, type, member)
#define list_first_entry_or_null(h, type, member) \
	(!list_empty(h) ? list_first_entry(h, type, member) : NULL)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, h, member) (&(pos)->member == (h))
#define list_for_each(pos, h) for ((pos) = (h)->next; (pos) != (h); (pos) = (pos)->next)
#define list_for_each_safe(pos, n, h) \
	for ((pos) = (h)->next, (n) = (pos)->next; (pos) != (h); (pos) = (n), (n) = (pos)->next)
#define list_for_each_entry(pos, h, member)                                \
	for ((pos) = list_first_entry(h, __typeof__(*(pos)), member);      \
	     !list_entry_is_head(pos, h, member); (pos) = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, h, member)                        \
	for ((pos) = list_last_entry(h, __typeof__(*(pos)), member);       \
	     !list_entry_is_head(pos, h, member); (pos) = list_prev_entry(pos, member))
#define list_for_each_entry_safe(pos, n, h, member)                        \
	for ((pos) = list_first_entry(h, __typeof__(*(pos)), member),      \
	     (n) = list_next_entry(pos, member);                           \
	     !list_entry_is_head(pos, h, member); (pos) = (n), (n) = list_next_entry(n, member))

/* <drm/drm_print.h>: drm_mm_print() is never called here. */
struct drm_printer {
	int unused;
};

static inline void drm_printf(struct drm_printer *p, const char *fmt, ...)
{
	(void)p;
	(void)fmt;
}

struct seq_file;

#endif /* XDNASIM_BENCH_KCOMPAT_H */
