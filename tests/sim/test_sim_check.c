// SPDX-License-Identifier: MIT
/*
 * sim_check() must catch planted corruption: each case breaks one thing
 * behind the model's back (through the private structures) and expects
 * the invariant number that covers it.
 */
#include "tests/sim/sim_test_util.h"
#include "sim/sim_priv.h"

#include <errno.h>

enum plant {
	PLANT_FW_BUF,		/* firmware host buffer address changed */
	PLANT_FW_EXTRA_BUF,	/* firmware holds one buffer too many */
	PLANT_CHUNK_REF,	/* a chunk reference nobody owns */
	PLANT_CHUNK_PIN,	/* a chunk pin nobody owns */
	PLANT_STRAY_MAPPING,	/* an IOVA mapping of a client that does not exist */
	PLANT_LOST_VMA,		/* an SVA mapping without an mmap behind it */
	PLANT_FW_CTX_ORPHAN,	/* the driver forgot its firmware context */
	PLANT_DEAD_FW_CTX,	/* the driver names a context the firmware freed */
	PLANT_NR
};

static const int expect[PLANT_NR] = { 6, 6, 5, 5, 11, 11, 13, 13 };

START_TEST(test_check_catches_planted_bug)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_violation v;
	struct two_chunks t;
	struct sim_client *c;
	struct sim_hwctx *h;
	struct fw_ctx *x;
	struct iommu_map m = { .kind = IOMMU_MAP_IOVA, .addr = 0x100000, .size = 0x1000,
			       .client = 99 };

	setup_two_chunks(sim, ADDR_PASID, &t);
	sim_assert_ok(sim);
	x = two_chunks_fw(sim, &t, &c, &h);
	switch (_i) {
	case PLANT_FW_BUF:
		x->bufs[1] += 0x1000;
		break;
	case PLANT_FW_EXTRA_BUF:
		x->bufs[x->nbufs++] = UVA0(t.c) + 2 * M64;
		break;
	case PLANT_CHUNK_REF:
		heap_chunk_get(c->heap, 1);
		break;
	case PLANT_CHUNK_PIN:
		heap_chunk_pin(c->heap, 0);
		break;
	case PLANT_STRAY_MAPPING:
		ck_assert_int_eq(iommu_map(&sim->iommu, &m), 0);
		break;
	case PLANT_LOST_VMA:
		m.kind = IOMMU_MAP_SVA;
		m.pasid = c->pasid;
		m.client = c->id;
		ck_assert_int_eq(iommu_map(&sim->iommu, &m), 0);
		break;
	case PLANT_FW_CTX_ORPHAN:
		h->has_fw_ctx = false;
		break;
	case PLANT_DEAD_FW_CTX:
		h->fw_ctx_id = 7;
		break;
	}
	ck_assert_int_eq(sim_check(sim, &v), -EUCLEAN);
	ck_assert_msg(v.number == expect[_i], "plant %d: got invariant sim.%d (%s)", _i, v.number,
		      v.why);
	ck_assert_uint_ge(violations_of(sim, expect[_i]), 1);
	/* undo what would break teardown */
	if (_i == PLANT_STRAY_MAPPING)
		iommu_unmap(&sim->iommu, 0, m.addr);
	if (_i == PLANT_LOST_VMA)
		iommu_unmap(&sim->iommu, c->pasid, m.addr);
	if (_i == PLANT_FW_CTX_ORPHAN)
		h->has_fw_ctx = true;
	if (_i == PLANT_DEAD_FW_CTX)
		h->fw_ctx_id = x->id;
	if (_i == PLANT_CHUNK_REF)
		heap_chunk_put(c->heap, 1);
	if (_i == PLANT_CHUNK_PIN)
		heap_chunk_unpin(c->heap, 0);
	sim_destroy(sim);
}
END_TEST

/*
 * docs/driver/proto.md §11 transport detectors: a host that publishes a misaligned x2i
 * TAIL is caught by the firmware end (violation 20, framing); the firmware
 * stops reading that channel, so the next management message times out.
 */
START_TEST(test_mailbox_framing_violation)
{
	struct sim *sim = mk_sim("npu4", REV_856409CA, ADDR_PASID);
	struct sim_result r;
	u32 c = must_open(sim), ch;

	ch = must_chunk(sim, c, M64);
	must_mmap(sim, c, ch, UVA0(c));
	ck_assert_int_eq(mbox_hw_write_reg(sim->mg.chan->hw, MBOX_REG_X2I_TAIL, 3), 0);
	fw_service(sim);
	ck_assert_uint_ge(violations_of(sim, 20), 1);
	ck_assert_int_eq(sim_hwctx_create(sim, c, 4, &r), -ETIME);
	sim_destroy(sim);
}
END_TEST

Suite *sim_check_suite(void)
{
	Suite *s = suite_create("sim_check");
	TCase *tc = tcase_create("planted");

	tcase_add_loop_test(tc, test_check_catches_planted_bug, 0, PLANT_NR);
	tcase_add_test(tc, test_mailbox_framing_violation);
	suite_add_tcase(s, tc);
	return s;
}
