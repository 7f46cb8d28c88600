/* SPDX-License-Identifier: MIT */
/*
 * sim_test_util.h - helpers shared by the tests/sim suites: building a
 * simulator, ops that must succeed, and reading back what the firmware
 * consumed (the MAP/ADD_HOST_BUFFER requests as encoded on the wire).
 */
#ifndef XDNASIM_TESTS_SIM_UTIL_H
#define XDNASIM_TESTS_SIM_UTIL_H

#include "tests/check_util.h"
#include "sim/sim.h"

#define BASE 0x04000000ULL
#define M64 0x04000000ULL
#define INVALID (~0ULL)
#define OP_MAP 0x106
#define OP_ADD 0x115
#define OP_CREATE_CTX 0x2
#define OP_DESTROY_CTX 0x3
#define OP_CONFIG_CU 0x11
#define OP_CHAIN_NPU 0x18

/* The user address the driver model gives client @c's shim reservation. */
#define UVA0(c) (0x7e0000000000ULL + (u64)(c) * 0x100000000ULL)
/* IOVA of the n-th 64 MiB chunk mapped (top-down below 2^47). */
#define IOVA(n) ((1ULL << 47) - ((u64)(n) + 1) * M64)
/* Carveout PA of the n-th 64 MiB chunk. */
#define CARVE(n) (0x1000000000ULL + (u64)(n) * M64)

/* Both designs × the three address modes, for loop tests. */
struct sim_combo {
	int rev, mode;
};
#define NCOMBOS 6
extern const struct sim_combo combos[NCOMBOS];

struct host_buf_msg {
	u32 opcode;
	u32 ctx;
	u64 addr;
	u64 size;
};

struct sim *mk_sim(const char *dev, int design, int mode);
u32 must_open(struct sim *sim);
u32 must_chunk(struct sim *sim, u32 c, u64 size);
void must_mmap(struct sim *sim, u32 c, u32 handle, u64 uva);
u32 must_hwctx(struct sim *sim, u32 c);
u32 must_dev_bo(struct sim *sim, u32 c, u64 size, u64 expect_addr);
/* The address the firmware is told for the n-th 64 MiB chunk of client @c. */
u64 fw_addr_of(int mode, u32 c, u32 n);
/* MAP/ADD requests the firmware consumed from message @from on; returns count. */
u32 host_buf_msgs(struct sim *sim, u64 from, struct host_buf_msg *out, u32 max);
/* Count requests of @opcode consumed from message @from on. */
u32 count_fw_msgs(struct sim *sim, u64 from, u32 opcode);
/*
 * partial_ctx_violation - @v is invariant 6 on a hwctx whose last restart
 * failed after CREATE_CONTEXT (the driver keeps that context with part of
 * the heap: docs/driver/revisions.md), the expected consequence of a fault
 * there rather than a model error.
 */
bool partial_ctx_violation(struct sim *sim, const struct sim_violation *v);
/* Number of recorded violations with @number. */
u32 violations_of(struct sim *sim, int number);

/* A client with chunks 0 and 1 mapped, one hwctx attached to both, one 4 KiB DEV BO. */
struct two_chunks {
	u32 c, ch0, ch1, h, bo;
};
void setup_two_chunks(struct sim *sim, int mode, struct two_chunks *t);
struct sim_client;
struct sim_hwctx;
struct fw_ctx;
/* The client, hwctx and firmware context of @t (sim/sim_priv.h objects, for planting). */
struct fw_ctx *two_chunks_fw(struct sim *sim, const struct two_chunks *t, struct sim_client **c,
			     struct sim_hwctx **h);
/* The state of the last job of @hwctx that ended (SIM_EV_JOB), or -1. */
int last_job_state(struct sim *sim, u32 hwctx);
/* The pin count of chunk @idx of client @c. */
u32 chunk_pins(struct sim *sim, u32 c, u32 idx);
u32 chunk_refs(struct sim *sim, u32 c, u32 idx);
/* Expect the MAP(c0) + ADD(c1..n-1) sequence to fw ctx @ctx from message @from on. */
void assert_heap_msgs(struct sim *sim, u64 from, u32 ctx, int mode, u32 c, u32 nchunks);

Suite *sim_example_suite(void);
Suite *sim_hwctx_suite(void);
Suite *sim_errors_suite(void);
Suite *sim_units_suite(void);
Suite *sim_fw_suite(void);
Suite *sim_random_suite(void);
Suite *sim_check_suite(void);
Suite *sim_revisions_suite(void);
Suite *sim_stale_suite(void);

#endif
