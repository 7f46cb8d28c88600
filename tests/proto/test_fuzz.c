// SPDX-License-Identifier: MIT
/*
 * Seeded fuzzing: the proto fuzz target's engine (random bytes: decoders,
 * buffer parsers, both ring readers), and random legal traffic with
 * invariants checked after every step.  XDNASIM_SEED replays a failure.
 */
#include "tests/proto/proto_test.h"
#include "tests/fuzz_check.h"
#include "proto/buffers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * The proto fuzz target's engine (fuzz/target_proto.c) with seeds: random
 * bytes into every decoder and buffer parser (exact-size heap copies, so
 * ASan and memcheck see any overread), the host ring reader against its
 * oracle (docs/driver/proto.md §2.5/§2.3: deliveries, bad reason, HEAD), and
 * the firmware reader (-EPROTO sticky).
 */
START_TEST(test_fuzz_bytes_engine)
{
	T_ASSERT(t_fuzz_campaign(&fuzz_target_proto, test_seed(), test_scale(3000, 30)) > 0);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* Random legal traffic: every reply delivered, never a bad channel. */

struct echo {
	u32 id;
	u32 len;
	u32 sum;
};

struct traffic {
	u32 delivered;
	u32 mismatches;
};

static u32 checksum(const u8 *p, u32 len)
{
	u32 s = 0;

	for (u32 i = 0; i < len; i++)
		s = s * 31 + p[i];
	return s;
}

static int echo_cb(void *arg, const struct mbox_resp *resp)
{
	struct traffic *t = arg;
	struct echo e;

	if (!resp->data)
		return 0;
	memcpy(&e, resp->data, sizeof(e));
	if (resp->size != sizeof(e) || e.id != resp->id)
		t->mismatches++;
	t->delivered++;
	return 0;
}

START_TEST(test_fuzz_random_legal_traffic)
{
	struct xrand r;
	u64 rounds = test_scale(1500, 50);

	xrand_seed(&r, test_seed() ^ 0x7a7a);
	for (u64 round = 0; round < rounds; round++) {
		bool mgmt = xrand_chance(&r, 1, 2);
		unsigned int quirks = xrand_chance(&r, 1, 2) ? MBOX_FLAVOR_OOT : MBOX_FLAVOR_UP;
		u32 x2i = 64u << xrand_below(&r, 4), i2x = 64u << xrand_below(&r, 4);

		/*
		 * A failed send burns an id, which the OOT in-order rule then
		 * rejects (test_oot_in_order_after_failed_send): leave it out of
		 * this "always legal" traffic.
		 */
		quirks &= ~MBOX_Q_INORDER;
		struct traffic t = { 0 };
		struct echo queue[256];
		u32 qn = 0, sent = 0;
		struct pt_chan c;
		u8 payload[48], buf[64];

		pt_chan_init(&c, x2i, i2x, mgmt, quirks, 4 * (u32)xrand_below(&r, x2i / 4),
			     4 * (u32)xrand_below(&r, i2x / 4));
		for (int step = 0; step < 200; step++) {
			u32 op = (u32)xrand_below(&r, 4), len = 4 * (u32)xrand_range(&r, 1, 8);
			struct mbox_fw_msg fm;
			int ret;

			if (op == 0) {
				pt_fill_random(&r, payload, len);
				payload[0] = 1;
				ret = mbox_chan_send(c.chan, mgmt ? MSG_OP_SUSPEND : MSG_OP_SYNC_BO,
						     payload, len, echo_cb, &t, NULL);
				T_ASSERT(ret == 0 || ret == -ETIMEDOUT || ret == -ENOSPC ||
					  ret == -EBUSY);
				sent += ret == 0;
			} else if (op == 1 && qn < ARRAY_SIZE(queue)) {
				ret = mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf));
				T_ASSERT(ret == 0 || ret == -ENOENT);
				if (!ret)
					queue[qn++] = (struct echo){ fm.hdr.id, fm.len,
								     checksum(buf, fm.len) };
			} else if (op == 2 && qn) {
				/* User channels answer in order; MERT may reorder. */
				u32 k = mgmt ? (u32)xrand_below(&r, qn) : 0;

				ret = mbox_fw_send(&c.hw, MSG_OP_SUSPEND, queue[k].id, &queue[k],
						   sizeof(queue[k]));
				T_ASSERT(ret == 0 || ret == -ENOSPC);
				if (!ret) {
					memmove(&queue[k], &queue[k + 1], (qn - k - 1) * sizeof(queue[0]));
					qn--;
				}
			} else {
				T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			}
			mbox_assert_ok(c.chan);
			mbox_hw_assert_ok(&c.hw);
			T_ASSERT(!c.chan->bad);
		}
		/* The UP wrap hazard may have eaten requests; otherwise all arrive. */
		if (!(c.hw.violations & MBOX_V_BIT(MBOX_V_OVERWRITE))) {
			struct mbox_fw_msg fm;

			while (mbox_fw_recv(&c.hw, &fm, buf, sizeof(buf)) == 0)
				queue[qn++] = (struct echo){ fm.hdr.id, fm.len, 0 };
			for (u32 k = 0; k < qn; k++) {
				while (mbox_fw_send(&c.hw, MSG_OP_SUSPEND, queue[k].id, &queue[k],
						    sizeof(queue[k])) == -ENOSPC)
					T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			}
			T_ASSERT(mbox_chan_rx(c.chan) >= 0);
			T_EQ(t.delivered, sent);
			T_EQ(c.chan->nr_pending, 0);
			T_EQ(c.hw.violations, 0);
		}
		T_EQ(t.mismatches, 0);
		pt_chan_fini(&c);
	}
}
END_TEST

Suite *proto_fuzz_suite(void)
{
	return t_suite("proto_fuzz", 120, (const TTest *[]){ test_fuzz_bytes_engine,
							  test_fuzz_random_legal_traffic, NULL });
}
