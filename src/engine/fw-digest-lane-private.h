/* fw-digest-lane-private.h — the algorithm table and one algorithm's
 * running state, shared by the digest units (not for the UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * | unit                  | holds                                                |
 * | --------------------- | ---------------------------------------------------- |
 * | fw-digest-algorithm.c | the table: names, tags, lengths, costs; sets        |
 * | fw-digest-lane.c      | a lane: one algorithm over OpenSSL, libxxhash, zlib |
 * |                       | or the AVX2 XXH3 build; hex; OpenSSL's set-up       |
 * | fw-digest-io.c        | the system calls behind the tests' I/O seam         |
 * | fw-digest-map.c       | SIGBUS from a truncated mapped file as an error     |
 * | fw-digest.c           | the reader: per-thread cache, bins, the read loop,  |
 * |                       | fw_digest_path(), fw_digest_fd(), fw_digest_data()  |
 */
#pragma once

#include <openssl/evp.h>
#include <xxhash.h>
#include <zlib.h>

#include "fw-blake3-private.h"
#include "fw-digest.h"
#include "fw-xxh3-simd.h"

G_BEGIN_DECLS

typedef enum {
  FW_DIGEST_KIND_EVP,
  FW_DIGEST_KIND_XXH64,
  FW_DIGEST_KIND_XXH3,
  FW_DIGEST_KIND_XXH128,
  FW_DIGEST_KIND_CRC32,
  FW_DIGEST_KIND_BLAKE3,
} FwDigestKind;

typedef struct {
  const char   *name;
  const char   *tag;
  gsize         length;
  FwDigestKind  kind;
  const char   *evp_name;
  guint         cost;     /* relative time per byte, for balancing bins */
  const char   *display_name;  /* the standard name the window shows */
} FwAlgorithmInfo;

/* fw-digest-algorithm.c */
extern const FwAlgorithmInfo fw_algorithm_info[FW_N_ALGORITHMS];

#define FW_ALL_ALGORITHMS ((FwAlgorithmSet) ((1u << FW_N_ALGORITHMS) - 1))

/* fw-digest-lane.c: the running state of one algorithm. A lane is reused
 * from one input to the next (reset, update…, finish); its contexts are
 * made on first use and freed by fw_digest_lane_clear(). Used by one
 * thread at a time. */
typedef struct {
  FwAlgorithm    algorithm;
  EVP_MD_CTX    *evp;
  XXH64_state_t *xxh64;
  XXH3_state_t  *xxh3;
  FwXxh3Avx2    *xxh3_avx2;
  gboolean       avx2;    /* this run uses xxh3_avx2 */
  uLong          crc;
  FwBlake3      *blake3;
} FwDigestLane;

/* Initialises OpenSSL and fetches its digests, once per process. */
void      fw_digest_lanes_init    (void);
void      fw_digest_lane_clear    (FwDigestLane  *lane);
gboolean  fw_digest_lane_reset    (FwDigestLane  *lane,
                                   FwAlgorithm    algorithm,
                                   GError       **error);
void      fw_digest_lane_update   (FwDigestLane  *lane,
                                   const guchar  *data,
                                   gsize          length);
/* fw-digest-map.c: runs @func (@data) in this thread and returns TRUE, or
 * FALSE if it touched a page of a mapped file that is gone (the file was
 * truncated: SIGBUS), leaving @func at that point. Any thread. */
typedef void (*FwDigestMapFunc) (gpointer data);
gboolean  fw_digest_map_guard     (FwDigestMapFunc  func,
                                   gpointer         data);

/* Returns: (transfer full): the digest in lowercase hex (BLAKE3's as long
 * as fw_digest_get_blake3_length() says). */
char     *fw_digest_lane_finish   (FwDigestLane  *lane);

G_END_DECLS
