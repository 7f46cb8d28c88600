// SPDX-License-Identifier: MIT
/*
 * bench_proto - throughput of the proto module: strict decoding of every
 * message layout on random bytes (most fail a check early), and full
 * mailbox round trips (host send, firmware receive, firmware reply, host
 * receive) on a 4 KiB ring pair.
 *
 *   bench_proto [--out FILE.json] [--seconds S]
 *
 * Wall-clock time is used here only to measure; nothing simulated depends
 * on it.  Prints a table and writes JSON.
 */
#include "bench/util.h"
#include "common/parse.h"
#include "common/rand.h"
#include "proto/mailbox.h"
#include "proto/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct result {
	const char *name;
	u64 ops;
	double secs;
};

/* Decode every request and response layout over and over (lenient input). */
static struct result bench_decode(double budget)
{
	u8 buf[MSG_APP_HEALTH_REPORT_SIZE], out[MSG_APP_HEALTH_REPORT_SIZE];
	struct result r = { "decode_strict_random", 0, 0 };
	double t0 = now_s();
	struct xrand rng;
	int sink = 0;

	xrand_seed(&rng, 1);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)xrand_next(&rng);
	do {
		const struct msg_desc *d;

		for (int k = 0; k < 100; k++) {
			msg_for_each_desc(d) {
				sink += msg_decode(d->opcode, MSG_REQ, buf, d->req_size, out,
						   d->req_size, MSG_DECODE_STRICT, NULL);
				if (d->resp)
					sink += msg_decode(d->opcode, MSG_RESP, buf, d->resp_size, out,
							   d->resp_size, MSG_DECODE_STRICT, NULL);
				r.ops += 1 + !!d->resp;
			}
		}
		r.secs = now_s() - t0;
	} while (r.secs < budget);
	if (sink == 12345)
		printf("(unlikely)\n");
	return r;
}

static int count_cb(void *arg, const struct mbox_resp *resp)
{
	(*(u64 *)arg) += resp->data != NULL;
	return 0;
}

static struct result bench_roundtrip(double budget)
{
	struct result r = { "mailbox_roundtrip", 0, 0 };
	struct proto_clock clk = { 0 };
	struct mbox_hw_cfg hc = { .x2i_size = 4096, .i2x_size = 4096, .clock = &clk };
	struct mbox_chan_cfg cc = { .clock = &clk };
	struct msg_chain_npu_req req = { .buf_addr = 0x4000000, .buf_size = 56, .count = 1 };
	struct msg_chain_resp resp = { 0 };
	struct mbox_fw_msg fm;
	struct mbox_chan *chan;
	struct mbox_hw hw;
	u64 delivered = 0;
	u8 buf[64];
	double t0;

	if (mbox_hw_init(&hw, &hc) || mbox_chan_create(&hw, &cc, &chan)) {
		fprintf(stderr, "bench_proto: cannot build a channel\n");
		exit(1);
	}
	t0 = now_s();
	do {
		for (int k = 0; k < 1000; k++) {
			u32 id;

			if (mbox_chan_send(chan, MSG_OP_CHAIN_EXEC_NPU, &req, sizeof(req), count_cb,
					   &delivered, &id) ||
			    mbox_fw_recv(&hw, &fm, buf, sizeof(buf)) ||
			    mbox_fw_send(&hw, fm.hdr.opcode, fm.hdr.id, &resp, sizeof(resp)) ||
			    mbox_chan_rx(chan) != 1) {
				fprintf(stderr, "bench_proto: round trip failed\n");
				exit(1);
			}
			r.ops++;
		}
		r.secs = now_s() - t0;
	} while (r.secs < budget);
	if (delivered != r.ops)
		exit(1);
	mbox_chan_destroy(chan);
	mbox_hw_fini(&hw);
	return r;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	double budget = 1.0;
	struct result res[2];
	FILE *f;

	for (int i = 1; i < argc; i++) {
		const char *arg;

		if (bench_opt(argc, argv, &i, "--out", &out))
			continue;
		if (bench_opt(argc, argv, &i, "--seconds", &arg)) {
			u64 s;

			if (parse_u64_dec(arg, &s) || !s || s > 600) {
				fprintf(stderr, "bench_proto: bad --seconds\n");
				return 2;
			}
			budget = (double)s;
		} else {
			fprintf(stderr, "usage: bench_proto [--out FILE.json] [--seconds S]\n");
			return 2;
		}
	}
	res[0] = bench_decode(budget);
	res[1] = bench_roundtrip(budget);
	printf("%-20s %14s %10s %14s\n", "benchmark", "ops", "seconds", "ops/s");
	for (int i = 0; i < 2; i++)
		printf("%-20s %14llu %10.3f %14.0f\n", res[i].name, (unsigned long long)res[i].ops,
		       res[i].secs, (double)res[i].ops / res[i].secs);
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f) {
		fprintf(stderr, "bench_proto: %s: %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(f, "{\n  \"schema\": 1,\n  \"benchmark\": \"proto\",\n  \"results\": [\n");
	for (int i = 0; i < 2; i++)
		fprintf(f, "    {\"name\": \"%s\", \"ops\": %llu, \"seconds\": %.6f, "
			"\"ops_per_sec\": %.0f}%s\n",
			res[i].name, (unsigned long long)res[i].ops, res[i].secs,
			(double)res[i].ops / res[i].secs, i ? "" : ",");
	fprintf(f, "  ]\n}\n");
	fclose(f);
	return 0;
}
