// SPDX-License-Identifier: MIT
/*
 * cmd_proto_decode.c - "xdnasim proto-decode": decode an AIE2 mailbox
 * message image given as hex bytes and print its header and fields, for
 * users diffing captures against the simulator.
 */
#include "cli/cmd.h"
#include "cli/cli_util.h"
#include "common/errname.h"
#include "common/parse.h"
#include "proto/mailbox.h"
#include "proto/msg.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IMAGE 4096

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xdnasim proto-decode [options] [HEX...]\n"
		"\n"
		"Decode an AIE2 mailbox message image (16-byte header + payload) and\n"
		"print its fields. Bytes are given in memory order as hex, from the\n"
		"arguments or a file; blanks, ',' and ':' separate tokens, a token may\n"
		"start with 0x, '#' comments to the end of the line.\n"
		"\n"
		"  -f, --file FILE     read the hex image from FILE ('-': stdin)\n"
		"  -r, --response      the image is a firmware->host reply (default: request)\n"
		"  -p, --payload OP    the image is a bare payload of opcode OP (no header)\n"
		"  -l, --lenient       check sizes only, as the driver reads replies\n"
		"      --list          print the opcode table and exit\n"
		"  -h, --help          this help\n"
		"\n"
		"Messages name FILE:LINE:COLUMN of the offending byte (for arguments,\n"
		"'argument:N:COLUMN').  Exit status: 0 valid, 1 malformed message, 2 usage\n"
		"or input error (an unreadable file, a bad hex token, no bytes at all).\n");
}

/*
 * The image and where each of its bytes came from, so that every message,
 * a malformed message's included, names SRC:LINE:COLUMN.  For arguments
 * SRC is "argument" and LINE the argument's number.
 */
struct hexin {
	u8 *buf;
	size_t len;
	const char *src;
	u32 (*pos)[2];		/* line, column of byte i */
	u32 end[2];		/* just after the last byte */
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "SRC:LINE:COLUMN" of image offset @off (the end of the image past it). */
static const char *where(const struct hexin *in, size_t off)
{
	static char buf[600];
	const u32 *p = off < in->len ? in->pos[off] : in->end;

	if (!p[0])
		snprintf(buf, sizeof(buf), "%s", in->src);
	else
		snprintf(buf, sizeof(buf), "%s:%u:%u", in->src, p[0], p[1]);
	return buf;
}

/* The column of byte @i of @text: characters, not bytes (common/input.h). */
static u32 column(const char *text, size_t i)
{
	u32 c = 1;

	for (size_t k = 0; k < i; k++)
		c += ((unsigned char)text[k] & 0xc0) != 0x80;
	return c;
}

/* Append the hex in @text (line @line of @in->src) to @in; 0 or exit code 2. */
static int parse_hex(struct hexin *in, const char *text, u32 line)
{
	size_t i = 0, n = strlen(text);

	while (i < n) {
		size_t start;

		if (strchr(" \t\r\n,:", text[i])) {
			i++;
			continue;
		}
		if (text[i] == '#')
			break;
		if (text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
			i += 2;
		start = i;
		while (i < n && hexval(text[i]) >= 0)
			i++;
		if (i < n && !strchr(" \t\r\n,:#", text[i])) {
			unsigned char c = (unsigned char)text[i];

			if (c >= 0x20 && c < 0x7f)
				fprintf(stderr, "xdnasim proto-decode: %s:%u:%u: '%c' is not a hex digit\n",
					in->src, line, column(text, i), c);
			else
				fprintf(stderr, "xdnasim proto-decode: %s:%u:%u: byte 0x%02x is not a hex digit\n",
					in->src, line, column(text, i), c);
			return XS_EXIT_USAGE;
		}
		if (i == start || (i - start) % 2) {
			fprintf(stderr,
				"xdnasim proto-decode: %s:%u:%u: need an even number of hex digits\n",
				in->src, line, column(text, start));
			return XS_EXIT_USAGE;
		}
		for (size_t k = start; k < i; k += 2) {
			if (in->len == MAX_IMAGE) {
				fprintf(stderr, "xdnasim proto-decode: %s:%u:%u: image over %d bytes\n",
					in->src, line, column(text, k), MAX_IMAGE);
				return XS_EXIT_USAGE;
			}
			in->pos[in->len][0] = line;
			in->pos[in->len][1] = column(text, k);
			in->buf[in->len++] = (u8)(hexval(text[k]) << 4 | hexval(text[k + 1]));
		}
		in->end[0] = line;
		in->end[1] = column(text, i);
	}
	return 0;
}

/* The hex image in @path ('-': stdin), line by line; 0 or exit code 2. */
static int read_file(struct hexin *in, const char *path)
{
	struct xin f;
	u32 no = 0;
	int ret = 0;

	if (cli_read_input("proto-decode", path, 0, XIN_UTF8, &f))
		return XS_EXIT_USAGE;
	in->src = f.name;
	for (char *p = f.buf, *end = f.buf + f.len; p < end && !ret;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl)
			*nl = '\0';
		ret = parse_hex(in, p, ++no);
		p = nl ? nl + 1 : end;
	}
	xin_free(&f);
	return ret;
}

static void print_fields(const struct msg_layout *l, const u8 *p)
{
	for (u16 i = 0; i < l->nfields; i++) {
		const struct msg_field *f = &l->fields[i];
		const char *tag = f->kind == MSG_FK_RESERVED ? "  (reserved)" :
				  f->kind == MSG_FK_UNDEF    ? "  (undefined)" : "";
		bool all_zero = true;

		for (u16 k = 0; k < f->count; k++)
			all_zero &= !msg_field_get(f, p, k);
		if (f->count > 8 && all_zero) {
			printf("  0x%03x %s[0..%u] = 0 (all)%s\n", f->off, f->name, f->count - 1,
			       tag);
			continue;
		}
		for (u16 k = 0; k < f->count; k++) {
			u64 v = msg_field_get(f, p, k);
			char name[64];

			if (f->count > 1)
				snprintf(name, sizeof(name), "%s[%u]", f->name, k);
			else
				snprintf(name, sizeof(name), "%s", f->name);
			printf("  0x%03x %-28s = 0x%llx (%llu)%s", f->off + k * f->width, name,
			       (unsigned long long)v, (unsigned long long)v, tag);
			if (f->kind == MSG_FK_STATUS)
				printf(" %s", fw_status_name((u32)v));
			printf("\n");
		}
	}
}

static int check_header(const struct hexin *in, const struct mbox_msg_hdr *h,
			size_t payload_len)
{
	printf("header: total_size=%u sz_ver=0x%08x (body %u, version %u) id=0x%08x "
	       "(slot %u) opcode=0x%x %s\n",
	       h->total_size, h->sz_ver, h->sz_ver & MBOX_SZVER_BODY_MASK,
	       (h->sz_ver >> MBOX_SZVER_VER_SHIFT) & 0xFF, h->id, MBOX_ID_SLOT(h->id), h->opcode,
	       msg_opcode_name(h->opcode));
	if (h->total_size != payload_len) {
		fprintf(stderr, "xdnasim proto-decode: %s: header total_size %u, image has %zu "
			"payload bytes\n", where(in, 0), h->total_size, payload_len);
		return XS_EXIT_FAIL;
	}
	if (h->sz_ver != MBOX_SZVER(h->total_size) || h->total_size > MBOX_SZVER_BODY_MASK) {
		fprintf(stderr, "xdnasim proto-decode: %s: sz_ver 0x%08x, expected 0x%08x\n",
			where(in, 4), h->sz_ver, MBOX_SZVER(h->total_size));
		return XS_EXIT_FAIL;
	}
	if (h->id && (h->id & MBOX_ID_MAGIC_MASK) != MBOX_ID_MAGIC) {
		fprintf(stderr, "xdnasim proto-decode: %s: id 0x%08x lacks the 0x1D magic\n",
			where(in, 8), h->id);
		return XS_EXIT_FAIL;
	}
	return 0;
}

static void list_opcodes(void)
{
	static const char *const modes[] = { "sync", "async", "sync-on-U", "never" };
	const struct msg_desc *d;

	printf("opcode name                      ch  req resp mode      gate\n");
	msg_for_each_desc(d)
		printf("0x%03x  %-25s %s %4u %4u %-9s %s%s\n", d->opcode, d->name,
		       d->chan == MSG_CHAN_MGMT ? "M" : "U", d->req_size, d->resp_size,
		       modes[d->mode], proto_fw_feature_name(d->feature),
		       d->origin == MSG_ORIGIN_OOT ? " (OOT only)" : "");
}

static int decode(const struct hexin *in, bool resp, bool has_op, u32 op, bool lenient)
{
	const u8 *payload = in->buf;
	size_t len = in->len;
	const struct msg_layout *l;
	u8 out[MSG_APP_HEALTH_REPORT_SIZE];
	struct msg_err err = { 0 };
	size_t hdr = 0;
	int ret;

	if (!len) {
		/* Nothing to decode is an input error, not a malformed message. */
		fprintf(stderr, "xdnasim proto-decode: %s: empty input: no bytes to decode\n",
			in->src);
		return XS_EXIT_USAGE;
	}
	if (!has_op) {
		struct mbox_msg_hdr h;

		if (len < MBOX_HDR_SIZE) {
			fprintf(stderr, "xdnasim proto-decode: %s: %zu bytes cannot hold the 16-byte "
				"header\n", where(in, len), len);
			return XS_EXIT_FAIL;
		}
		memcpy(&h, payload, sizeof(h));
		payload += MBOX_HDR_SIZE;
		len -= MBOX_HDR_SIZE;
		hdr = MBOX_HDR_SIZE;
		ret = check_header(in, &h, len);
		if (ret)
			return ret;
		op = h.opcode;
	}
	l = msg_layout_of(op, resp ? MSG_RESP : MSG_REQ);
	if (!l) {
		fprintf(stderr, "xdnasim proto-decode: %s: opcode 0x%x has no %s\n",
			where(in, has_op ? len : 12), op, resp ? "response" : "request");
		return XS_EXIT_FAIL;
	}
	printf("%s %s (%s, %u bytes):\n", resp ? "response" : "request", msg_opcode_name(op),
	       l->name, l->size);
	ret = msg_decode(op, resp ? MSG_RESP : MSG_REQ, payload, len, out, l->size,
			 lenient ? MSG_DECODE_LENIENT : MSG_DECODE_STRICT, &err);
	if (len >= l->size)
		print_fields(l, payload);
	if (ret) {
		fprintf(stderr, "xdnasim proto-decode: %s: %s: %s (offset 0x%zx%s%s)\n",
			where(in, hdr + err.off), xerrname(ret), err.text, err.off,
			err.field ? ", field " : "", err.field ? err.field : "");
		return XS_EXIT_FAIL;
	}
	return XS_EXIT_OK;
}

int cmd_proto_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "response", no_argument, NULL, 'r' },
		{ "payload", required_argument, NULL, 'p' },
		{ "lenient", no_argument, NULL, 'l' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hexin in = { .src = "argument" };
	const char *file = NULL;
	bool resp = false, lenient = false, has_op = false;
	u64 op = 0;
	int c, ret = 0;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return XS_EXIT_OK;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:rp:l", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'r':
			resp = true;
			break;
		case 'p':
			if (parse_u64(optarg, &op) || op > UINT32_MAX) {
				fprintf(stderr, "xdnasim proto-decode: bad opcode '%s'\n", optarg);
				return XS_EXIT_USAGE;
			}
			has_op = true;
			break;
		case 'l':
			lenient = true;
			break;
		case 'L':
			list_opcodes();
			return XS_EXIT_OK;
		default:
			fprintf(stderr, "xdnasim proto-decode: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return XS_EXIT_USAGE;
		}
	}
	if (!file == (optind == argc)) {
		fprintf(stderr, "xdnasim proto-decode: give the hex either as arguments or "
			"with --file\n");
		return XS_EXIT_USAGE;
	}
	in.buf = malloc(MAX_IMAGE);
	in.pos = malloc(MAX_IMAGE * sizeof(*in.pos));
	if (!in.buf || !in.pos) {
		fprintf(stderr, "xdnasim proto-decode: out of memory\n");
		ret = XS_EXIT_USAGE;
	} else if (file) {
		ret = read_file(&in, file);
	}
	for (int i = optind; !ret && i < argc; i++)
		ret = parse_hex(&in, argv[i], (u32)(i - optind + 1));
	if (!ret)
		ret = decode(&in, resp, has_op, (u32)op, lenient);
	free(in.buf);
	free(in.pos);
	return ret;
}
