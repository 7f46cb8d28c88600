// SPDX-License-Identifier: MIT
/*
 * kreplay.c - the kernel's drm_mm (drivers/gpu/drm/drm_mm.c, built in user
 * space by build.sh) driven by an mm-replay trace, for bench_replay.
 *
 * Reads the subset of the mm-replay format the benchmark traces use
 * ("init START SIZE", "insert ID SIZE ALIGN best|low|high", "remove ID")
 * and prints what `xdnasim mm-replay` prints for them, so the two outputs
 * can be compared byte for byte.  The trace is trusted (no validation).
 * Each node is one malloc(), as a kernel driver embeds drm_mm_node in an
 * object it kmalloc()s; IDs are found through an open-addressing table
 * that keeps the ID in its slot.
 *
 * Usage: kreplay TRACE > OUTPUT
 */
#include <drm/drm_mm.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct knode {
	u64 id;
	struct drm_mm_node node;
};

struct kslot {
	u64 id;
	struct knode *n;
};

static struct kslot *slots;
static size_t mask = 1023, live;

static size_t slot_of(u64 id)
{
	return (size_t)((id * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
}

static struct knode *find(u64 id)
{
	for (size_t i = slot_of(id);; i = (i + 1) & mask)
		if (!slots[i].n || slots[i].id == id)
			return slots[i].n;
}

static void put(u64 id, struct knode *n)
{
	size_t i;

	for (i = slot_of(id); slots[i].n; i = (i + 1) & mask)
		;
	slots[i].id = id;
	slots[i].n = n;
}

static void add(struct knode *n)
{
	if ((live + 1) * 4 > (mask + 1) * 3) {
		struct kslot *old = slots;
		size_t omask = mask;

		mask = 2 * mask + 1;
		slots = calloc(mask + 1, sizeof(*slots));
		if (!slots)
			abort();
		for (size_t i = 0; i <= omask; i++)
			if (old[i].n)
				put(old[i].id, old[i].n);
		free(old);
	}
	put(n->id, n);
	live++;
}

static void del(u64 id)
{
	size_t i = slot_of(id), j, k;

	while (!slots[i].n || slots[i].id != id)
		i = (i + 1) & mask;
	slots[i].n = NULL;
	for (j = (i + 1) & mask; slots[j].n; j = (j + 1) & mask) {
		k = slot_of(slots[j].id);
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			slots[i] = slots[j];
			slots[j].n = NULL;
			i = j;
		}
	}
	live--;
}

static const char *p, *end;
static char obuf[1 << 18];
static size_t olen;

static u64 num(void)
{
	u64 v = 0;

	while (p < end && *p == ' ')
		p++;
	while (p < end && *p >= '0' && *p <= '9')
		v = v * 10 + (u64)(*p++ - '0');
	return v;
}

static void out(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf)) {
		fwrite(obuf, 1, olen, stdout);
		olen = 0;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void out_u64(u64 v)
{
	char b[24];
	int n = 0;

	do
		b[23 - n++] = (char)('0' + v % 10);
	while ((v /= 10));
	out(b + 24 - n, (size_t)n);
}

int main(int argc, char **argv)
{
	struct drm_mm mm;
	struct stat st;
	int fd;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st)) {
		fprintf(stderr, "usage: kreplay TRACE\n");
		return 2;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	end = p + st.st_size;
	slots = calloc(mask + 1, sizeof(*slots));
	memset(&mm, 0, sizeof(mm));
	while (p < end) {
		const char *w = p;

		while (p < end && *p != ' ' && *p != '\n')
			p++;
		if (p - w == 4 && !memcmp(w, "init", 4)) {
			u64 start = num(), size = num();

			if (drm_mm_initialized(&mm))
				abort();	/* one init per benchmark trace */
			drm_mm_init(&mm, start, size);
			out("ok\n", 3);
		} else if (p - w == 6 && !memcmp(w, "insert", 6)) {
			struct knode *n = calloc(1, sizeof(*n));
			u64 size, align;
			enum drm_mm_insert_mode mode = DRM_MM_INSERT_BEST;

			n->id = num();
			size = num();
			align = num();
			while (p < end && *p == ' ')
				p++;
			if (*p == 'l')
				mode = DRM_MM_INSERT_LOW;
			else if (*p == 'h')
				mode = DRM_MM_INSERT_HIGH;
			out_u64(n->id);
			if (drm_mm_insert_node_in_range(&mm, &n->node, size, align, 0, 0, U64_MAX,
							mode)) {
				out(" ENOSPC\n", 8);
				free(n);
			} else {
				out(" ", 1);
				out_u64(n->node.start);
				out("\n", 1);
				add(n);
			}
		} else if (p - w == 6 && !memcmp(w, "remove", 6)) {
			u64 id = num();
			struct knode *n = find(id);

			drm_mm_remove_node(&n->node);
			del(id);
			free(n);
			out_u64(id);
			out(" removed\n", 9);
		}
		while (p < end && *p != '\n')
			p++;
		p++;
	}
	fwrite(obuf, 1, olen, stdout);
	return fflush(stdout) ? 1 : 0;
}
