/* SPDX-License-Identifier: MIT */
/*
 * proto_test.h - helpers shared by the proto test programs.
 */
#ifndef XDNASIM_TESTS_PROTO_TEST_H
#define XDNASIM_TESTS_PROTO_TEST_H

#include <string.h>

#include "tests/check_util.h"
#include "common/rand.h"
#include "proto/mailbox.h"
#include "proto/msg.h"

/* Fill @len bytes at @p with random bytes. */
void pt_fill_random(struct xrand *r, void *p, size_t len);

/*
 * pt_make_valid - turn the random structure @m of @opcode/@dir into one that
 * strict decoding accepts: reserved fields zeroed and every ranged field
 * drawn from its documented range (values chosen from docs/driver/proto.md, not from
 * the code under test).
 */
void pt_make_valid(u32 opcode, enum msg_dir dir, void *m, struct xrand *r);

/* A host channel on its own hardware channel, with a clock and a trace. */
struct pt_chan {
	struct proto_clock clock;
	struct mbox_trace trace;
	struct mbox_hw hw;
	struct mbox_chan *chan;
};

/*
 * pt_chan_init - sizes of both rings, management or user channel, driver
 * flavour; the rings' registers are all zero (or preset by @x2i_pos /
 * @i2x_pos for both HEAD and TAIL of each ring before the host adopts them).
 */
void pt_chan_init(struct pt_chan *c, u32 x2i_size, u32 i2x_size, bool mgmt,
		  unsigned int quirks, u32 x2i_pos, u32 i2x_pos);

/* pt_chan_fini - destroy channel, hardware and trace (asserts invariants). */
void pt_chan_fini(struct pt_chan *c);

/* The last trace record with event @ev, or NULL. */
const struct mbox_trace_rec *pt_last_event(const struct mbox_trace *t, enum mbox_ev ev);

/* Count of retained trace records with event @ev. */
u32 pt_count_event(const struct mbox_trace *t, enum mbox_ev ev);

/* Little-endian u32 at @p. */
u32 pt_le32(const void *p);

/* The suites, one per test file. */
Suite *proto_msg_suite(void);
Suite *proto_bytes_suite(void);
Suite *proto_fw_suite(void);
Suite *proto_ring_suite(void);
Suite *proto_full_suite(void);
Suite *proto_ids_suite(void);
Suite *proto_corrupt_suite(void);
Suite *proto_mgmt_suite(void);
Suite *proto_check_suite(void);
Suite *proto_fuzz_suite(void);

#endif /* XDNASIM_TESTS_PROTO_TEST_H */
