/* fw-blake3-private.h — BLAKE3, from its specification (engine-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 has no BLAKE3 library (only the b3sum tool), so the engine
 * computes it here, from the BLAKE3 paper (O'Connor, Aumasson, Neves,
 * Wilcox-O'Hearn, 2020) and its published test vectors.
 *
 * BLAKE3 is a tree: the input is cut into 1024-byte chunks, each chunk's
 * 64-byte blocks are compressed in a chain into the chunk's chaining value
 * (CV), and pairs of CVs are compressed into parent CVs up to the root,
 * whose compression (with the ROOT flag and an output-block counter) gives
 * as many output bytes as asked for. The left subtree of a node always
 * holds the largest power of two of chunks that leaves something for the
 * right one, so a run of 2^k whole chunks starting at a chunk counter
 * that 2^k divides is a subtree whose CV can be computed on its own, in
 * parallel lanes (SIMD) or on another worker, and pushed into the hasher.
 *
 * | unit               | holds                                                 |
 * | ------------------ | ----------------------------------------------------- |
 * | fw-blake3.c        | the portable compression, the hasher, subtrees, the  |
 * |                    | choice of kernel by CPU (FW_BLAKE3_SIMD or a test)    |
 * | fw-blake3-sse41.c  | 4 chunks (or parents) at once, built with -msse4.1    |
 * | fw-blake3-avx2.c   | 8 at once, built with -mavx2                          |
 * | fw-blake3-x16.c    | 16 at once in generic vectors, built twice: with      |
 * |                    | -mavx512f -mavx512vl, and with no flags (generic16)   |
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FW_BLAKE3_KEY_LEN     32
#define FW_BLAKE3_OUT_LEN     32
#define FW_BLAKE3_BLOCK_LEN   64
#define FW_BLAKE3_CHUNK_LEN   1024
/* 2^54 chunks of 2^10 bytes is 2^64 bytes: the deepest tree. */
#define FW_BLAKE3_MAX_DEPTH   54

/* Domain flags (the paper's Table 3). */
enum {
  FW_BLAKE3_CHUNK_START         = 1 << 0,
  FW_BLAKE3_CHUNK_END           = 1 << 1,
  FW_BLAKE3_PARENT              = 1 << 2,
  FW_BLAKE3_ROOT                = 1 << 3,
  FW_BLAKE3_KEYED_HASH          = 1 << 4,
  FW_BLAKE3_DERIVE_KEY_CONTEXT  = 1 << 5,
  FW_BLAKE3_DERIVE_KEY_MATERIAL = 1 << 6,
};

/**
 * FwBlake3:
 *
 * An incremental hasher: init, update…, finalize (which does not change
 * it, so it may be called again for another output length). Plain data:
 * copy it, keep it on the stack; one thread at a time.
 */
typedef struct {
  guint32 key[8];
  guint8  flags;             /* the mode's flags (0: only the plain hash is used) */
  /* the current chunk */
  guint32 cv[8];
  guint64 chunk_counter;     /* the current chunk's index = chunks in the stack */
  guint8  buf[FW_BLAKE3_BLOCK_LEN];
  guint8  buf_len;
  guint8  blocks_compressed;
  /* CVs of finished subtrees, largest first */
  guint8  stack_len;
  guint8  stack[FW_BLAKE3_MAX_DEPTH + 1][FW_BLAKE3_OUT_LEN];
} FwBlake3;

void     fw_blake3_init             (FwBlake3       *self);
void     fw_blake3_update           (FwBlake3       *self,
                                     const void     *data,
                                     gsize           length);
/* Writes @out_len bytes of the extendable output, from its start. */
void     fw_blake3_finalize         (const FwBlake3 *self,
                                     guint8         *out,
                                     gsize           out_len);

/* Subtrees, for hashing one input on several threads ------------------- */

/* Whether the hasher is between two chunks (nothing of the next one yet),
 * and the chunk counter there: where a subtree may be pushed. */
gboolean fw_blake3_at_chunk_boundary (const FwBlake3 *self);
guint64  fw_blake3_chunk_counter     (const FwBlake3 *self);

/**
 * fw_blake3_subtree_cv:
 * @self: the hasher whose key and mode to use (only read)
 * @data: @n_chunks whole chunks
 * @n_chunks: a power of two that divides @counter
 * @counter: the index of the subtree's first chunk in the input
 * @out: the subtree's chaining value
 *
 * Computes a subtree's CV (never the root's: the caller must know that
 * the input has more than this subtree). Any thread; uses the SIMD kernel.
 */
void     fw_blake3_subtree_cv        (const FwBlake3 *self,
                                      const guint8   *data,
                                      guint64         n_chunks,
                                      guint64         counter,
                                      guint8          out[FW_BLAKE3_OUT_LEN]);
/* Pushes a CV from fw_blake3_subtree_cv() at the hasher's chunk boundary
 * (the same @n_chunks and @counter == fw_blake3_chunk_counter()). The
 * hasher may then be finalized at once, if what it holds is more than
 * this one subtree. */
void     fw_blake3_push_subtree      (FwBlake3       *self,
                                      const guint8    cv[FW_BLAKE3_OUT_LEN],
                                      guint64         n_chunks);
/* The largest power of two of whole chunks that may be taken from
 * @length bytes at chunk @counter (0 when @length is under one chunk). */
guint64  fw_blake3_subtree_chunks    (guint64         counter,
                                      guint64         length);

/* Kernels ------------------------------------------------------------------ */

typedef enum {
  FW_BLAKE3_SIMD_PORTABLE,
  FW_BLAKE3_SIMD_SSE41,
  FW_BLAKE3_SIMD_AVX2,
  FW_BLAKE3_SIMD_AVX512,
  /* fw-blake3-x16.c built with no instruction-set flags: any CPU runs
   * it; never chosen by itself (for tests, and FW_BLAKE3_SIMD=generic16). */
  FW_BLAKE3_SIMD_X16_GENERIC,
} FwBlake3Simd;

/**
 * fw_blake3_set_simd:
 * @simd: the kernel to use
 *
 * For tests: forces a kernel. Returns FALSE (and changes nothing) when
 * this build or this CPU cannot run it. Call only while nothing hashes.
 * Without a call, the best the CPU has is used, unless the environment
 * variable FW_BLAKE3_SIMD says `portable`, `sse41`, `avx2`, `avx512` or
 * `generic16` (a kernel the CPU cannot run is not taken: portable then).
 */
gboolean     fw_blake3_set_simd      (FwBlake3Simd simd);
FwBlake3Simd fw_blake3_get_simd      (void);
/* "portable", "sse41", "avx2", "avx512", "generic16" */
const char  *fw_blake3_simd_name     (FwBlake3Simd simd);

/**
 * FwBlake3HashMany:
 *
 * A kernel: compresses whole inputs of @n_blocks blocks each, several at
 * once: @n_inputs chunks (counter, counter + 1, … when @increment) or
 * parents (counter 0), each starting from @key. Block i gets @flags, plus
 * @flags_start for the first and @flags_end for the last. Writes 32 bytes
 * per input to @out. The SIMD kernels do whole groups of their width and
 * return how many inputs they did; the caller does the rest.
 */
typedef gsize (FwBlake3HashMany) (const guint8 *const *inputs,
                                  gsize                n_inputs,
                                  gsize                n_blocks,
                                  const guint32        key[8],
                                  guint64              counter,
                                  gboolean             increment,
                                  guint8               flags,
                                  guint8               flags_start,
                                  guint8               flags_end,
                                  guint8              *out);

/* 4 and 8 at once (fw-blake3-sse41.c, fw-blake3-avx2.c); 16 at once
 * (fw-blake3-x16.c): built with AVX-512F/VL, and built for any CPU. */
FwBlake3HashMany fw_blake3_hash_many_sse41;
FwBlake3HashMany fw_blake3_hash_many_avx2;
FwBlake3HashMany fw_blake3_hash_many_avx512;
FwBlake3HashMany fw_blake3_hash_many_x16_generic;

/* What every kernel does per input or block, shared so that each unit
 * inlines it with its own instruction set (static: no copy is shared
 * between units). */

/* The flags of block @b of @n_blocks: @flags, with @flags_start on the
 * first and @flags_end on the last. */
G_ALWAYS_INLINE static inline guint8
fw_blake3_block_flags (guint8 flags,
                       guint8 flags_start,
                       guint8 flags_end,
                       gsize  b,
                       gsize  n_blocks)
{
  if (b == 0)
    flags |= flags_start;
  if (b + 1 == n_blocks)
    flags |= flags_end;
  return flags;
}

/* The counters of @width lanes (lane j's is @counter + j when @increment,
 * else @counter), split into their low and high words, as the state's
 * words 12 and 13 take them. */
G_ALWAYS_INLINE static inline void
fw_blake3_counter_words (guint64   counter,
                         gboolean  increment,
                         guint     width,
                         guint32  *lo,
                         guint32  *hi)
{
  for (guint j = 0; j < width; j++)
    {
      guint64 c = counter + (increment ? j : 0);

      lo[j] = (guint32) c;
      hi[j] = (guint32) (c >> 32);
    }
}

/**
 * FwBlake3HashGroup:
 *
 * One group of a SIMD kernel: exactly its width of inputs, with the
 * contract of #FwBlake3HashMany otherwise. Each kernel's unit has its
 * own, static, built for that unit's instruction set.
 */
typedef void (FwBlake3HashGroup) (const guint8 *const *inputs,
                                  gsize                n_blocks,
                                  const guint32        key[8],
                                  guint64              counter,
                                  gboolean             increment,
                                  guint8               flags,
                                  guint8               flags_start,
                                  guint8               flags_end,
                                  guint8              *out);

/* A SIMD kernel's #FwBlake3HashMany: the whole groups of @width inputs
 * through @hash_group; returns how many inputs they held. Always inlined
 * into the kernel's unit, so it is built with that unit's instruction set
 * and @hash_group is a direct call there (no out-of-line copy that code
 * for another instruction set could reach: the function is static). */
G_ALWAYS_INLINE static inline gsize
fw_blake3_hash_groups (FwBlake3HashGroup   *hash_group,
                       gsize                width,
                       const guint8 *const *inputs,
                       gsize                n_inputs,
                       gsize                n_blocks,
                       const guint32        key[8],
                       guint64              counter,
                       gboolean             increment,
                       guint8               flags,
                       guint8               flags_start,
                       guint8               flags_end,
                       guint8              *out)
{
  gsize done = 0;

  while (n_inputs - done >= width)
    {
      hash_group (inputs + done, n_blocks, key, counter + (increment ? done : 0), increment,
                  flags, flags_start, flags_end, out + done * FW_BLAKE3_OUT_LEN);
      done += width;
    }
  return done;
}

/* For tests: the kernel @simd alone, with the contract above (no
 * narrower kernel, and no portable compression, for the rest); returns
 * how many inputs it did. Only for a kernel that fw_blake3_set_simd()
 * accepts on this CPU. */
gsize fw_blake3_hash_many_kernel (FwBlake3Simd         simd,
                                  const guint8 *const *inputs,
                                  gsize                n_inputs,
                                  gsize                n_blocks,
                                  const guint32        key[8],
                                  guint64              counter,
                                  gboolean             increment,
                                  guint8               flags,
                                  guint8               flags_start,
                                  guint8               flags_end,
                                  guint8              *out);

/* Which compiler built the AVX2 kernel ("gcc 12.2.0"), for benchmarks:
 * its speed depends on it. */
const char *fw_blake3_avx2_compiler (void);

/* The message schedule: round r takes its words in this order; round
 * r + 1 takes the words of round r through the permutation (2, 6, 3, 10,
 * 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8). A copy in each unit, so that
 * the unrolled rounds index the message with constants. */
static const guint8 fw_blake3_schedule[7][16] G_GNUC_UNUSED = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
  { 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8 },
  { 3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1 },
  { 10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6 },
  { 12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4 },
  { 9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7 },
  { 11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13 },
};
extern const guint32 fw_blake3_iv[8];

G_END_DECLS
