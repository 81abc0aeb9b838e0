/* fw-blake3-x16.c — BLAKE3's compression, 16 inputs at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One source, built twice (see src/engine/meson.build):
 *
 * - with -mavx512f -mavx512vl and FW_BLAKE3_X16_AVX512 defined, as
 *   fw_blake3_hash_many_avx512(), which fw-blake3.c calls only when
 *   __builtin_cpu_supports () says the CPU has AVX-512F and VL;
 * - with no instruction-set flags, as fw_blake3_hash_many_x16_generic(),
 *   which any CPU runs (the compiler splits each 64-byte vector into what
 *   the CPU has). It is never chosen by itself: tests force it, so that
 *   the 16-lane logic is checked on machines without AVX-512, where the
 *   AVX-512 build cannot run.
 *
 * Written with the compiler's generic vector types, not intrinsics, so
 * that both builds are the same code. Each of the 16 state words is one
 * vector holding that word of 16 independent compressions (chunks, or
 * parents): lane j works on input j, as in fw-blake3-avx2.c. The message
 * words are transposed into that layout, and the chaining values
 * transposed back at the end. A rotation is written as two shifts and an
 * or, which the compilers turn into one AVX-512F rotation (GCC 12: 168
 * vprord and 56 vprold, 7 rounds x 8 G x 4; clang 14: vprold).
 */
#include "config.h"

#include <string.h>

#include "fw-blake3-private.h"

#ifdef FW_BLAKE3_X16_AVX512
# ifndef __AVX512F__
#  error "the AVX-512 build of fw-blake3-x16.c needs -mavx512f"
# endif
# define HASH_MANY fw_blake3_hash_many_avx512
#else
# define HASH_MANY fw_blake3_hash_many_x16_generic
#endif

#if G_BYTE_ORDER != G_LITTLE_ENDIAN
# error "fw-blake3-x16.c loads the message words as little-endian"
#endif

#define WIDTH 16

typedef guint32 v16u32 __attribute__ ((vector_size (64)));

/* Two vectors' lanes picked by 16 constant indices (0–15 the first's,
 * 16–31 the second's). */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
# define SHUFFLE2(a, b, ...) __builtin_shufflevector ((a), (b), __VA_ARGS__)
#else
# define SHUFFLE2(a, b, ...) __builtin_shuffle ((a), (b), (v16u32) { __VA_ARGS__ })
#endif

/* A macro, not a function: a function returning a 64-byte vector would
 * draw GCC's and clang's note on its ABI without AVX-512 (-Wpsabi). */
#define SET1(x) ((v16u32) { (x), (x), (x), (x), (x), (x), (x), (x), \
                            (x), (x), (x), (x), (x), (x), (x), (x) })

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* The message word is added first: it is ready long before v[b], so
 * that addition leaves the rounds' chain of dependencies. */
#define G(a, b, c, d, x, y)                    \
  G_STMT_START {                               \
    v[a] = v[a] + (x) + v[b];                  \
    v[d] = ROTR (v[d] ^ v[a], 16);             \
    v[c] = v[c] + v[d];                        \
    v[b] = ROTR (v[b] ^ v[c], 12);             \
    v[a] = v[a] + (y) + v[b];                  \
    v[d] = ROTR (v[d] ^ v[a], 8);              \
    v[c] = v[c] + v[d];                        \
    v[b] = ROTR (v[b] ^ v[c], 7);              \
  } G_STMT_END

static inline __attribute__ ((always_inline)) void
rounds (v16u32 v[16], const v16u32 m[16])
{
  #pragma GCC unroll 7
  for (guint r = 0; r < 7; r++)
    {
      const guint8 *s = fw_blake3_schedule[r];

      G (0, 4, 8, 12, m[s[0]], m[s[1]]);
      G (1, 5, 9, 13, m[s[2]], m[s[3]]);
      G (2, 6, 10, 14, m[s[4]], m[s[5]]);
      G (3, 7, 11, 15, m[s[6]], m[s[7]]);
      G (0, 5, 10, 15, m[s[8]], m[s[9]]);
      G (1, 6, 11, 12, m[s[10]], m[s[11]]);
      G (2, 7, 8, 13, m[s[12]], m[s[13]]);
      G (3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
}

/* One step of the transpose, on rows r and r + h (r having bit h clear):
 * in every 2h × 2h block, the top right h × h block and the bottom left
 * one change places. After the steps for h = 8, 4, 2, 1 every block of
 * every size is swapped, so row j holds what was column j. */
#define STEP(x, r, h, LO, HI)                          \
  G_STMT_START {                                       \
    v16u32 lo_ = SHUFFLE2 (x[r], x[(r) + (h)], LO);    \
    v16u32 hi_ = SHUFFLE2 (x[r], x[(r) + (h)], HI);    \
    x[r] = lo_;                                        \
    x[(r) + (h)] = hi_;                                \
  } G_STMT_END

/* Lane i of the first output: the first row's lane i when bit h of i is
 * clear, else the second row's lane i - h; of the second output: the
 * first row's lane i + h when the bit is clear, else the second row's
 * lane i. */
#define LO8 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define HI8 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define LO4 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27
#define HI4 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31
#define LO2 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define HI2 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define LO1 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30
#define HI1 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31

/* Rows x[0] … x[15] of 16 words become columns: x[i] = (x0[i], …, x15[i]). */
static inline __attribute__ ((always_inline)) void
transpose (v16u32 x[16])
{
  #pragma GCC unroll 8
  for (guint r = 0; r < 8; r++)
    STEP (x, r, 8, LO8, HI8);
  #pragma GCC unroll 8
  for (guint r = 0; r < 16; r += (r % 8 == 3) ? 5 : 1)
    STEP (x, r, 4, LO4, HI4);
  #pragma GCC unroll 8
  for (guint r = 0; r < 16; r += (r % 4 == 1) ? 3 : 1)
    STEP (x, r, 2, LO2, HI2);
  #pragma GCC unroll 8
  for (guint r = 0; r < 16; r += 2)
    STEP (x, r, 1, LO1, HI1);
}

static inline __attribute__ ((always_inline)) void
load_message (const guint8 *const *inputs,
              gsize                offset,
              v16u32               m[16])
{
  for (guint j = 0; j < WIDTH; j++)
    memcpy (&m[j], inputs[j] + offset, sizeof m[j]);
  transpose (m);
}

static inline __attribute__ ((always_inline)) void
store_cvs (const v16u32  h[8],
           guint8       *out)
{
  v16u32 x[16];

  for (guint i = 0; i < 8; i++)
    {
      x[i] = h[i];
      x[8 + i] = SET1 (0);
    }
  transpose (x);
  for (guint j = 0; j < WIDTH; j++)
    memcpy (out + FW_BLAKE3_OUT_LEN * j, &x[j], FW_BLAKE3_OUT_LEN);
}

static void
hash_group (const guint8 *const *inputs,
            gsize                n_blocks,
            const guint32        key[8],
            guint64              counter,
            gboolean             increment,
            guint8               flags,
            guint8               flags_start,
            guint8               flags_end,
            guint8              *out)
{
  v16u32 h[8], counter_lo, counter_hi;
  guint32 lo[WIDTH], hi[WIDTH];

  for (guint i = 0; i < 8; i++)
    h[i] = SET1 (key[i]);
  fw_blake3_counter_words (counter, increment, WIDTH, lo, hi);
  memcpy (&counter_lo, lo, sizeof counter_lo);
  memcpy (&counter_hi, hi, sizeof counter_hi);

  for (gsize b = 0; b < n_blocks; b++)
    {
      v16u32 m[16], v[16];
      guint8 block_flags = fw_blake3_block_flags (flags, flags_start, flags_end, b, n_blocks);

      /* The next block of each input, asked for now, as in
       * fw-blake3-avx2.c (a file's pages in the page cache are scattered
       * and the hardware prefetchers stop at a page). Past the last block
       * this touches the next input, or nothing: a prefetch never
       * faults. */
      for (guint j = 0; j < WIDTH; j++)
        __builtin_prefetch (inputs[j] + (b + 1) * FW_BLAKE3_BLOCK_LEN, 0, 3);
      load_message (inputs, b * FW_BLAKE3_BLOCK_LEN, m);
      for (guint i = 0; i < 8; i++)
        v[i] = h[i];
      for (guint i = 0; i < 4; i++)
        v[8 + i] = SET1 (fw_blake3_iv[i]);
      v[12] = counter_lo;
      v[13] = counter_hi;
      v[14] = SET1 (FW_BLAKE3_BLOCK_LEN);
      v[15] = SET1 (block_flags);
      rounds (v, m);
      for (guint i = 0; i < 8; i++)
        h[i] = v[i] ^ v[i + 8];
    }
  store_cvs (h, out);
}

gsize
HASH_MANY (const guint8 *const *inputs,
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
  return fw_blake3_hash_groups (hash_group, WIDTH, inputs, n_inputs, n_blocks, key, counter, increment,
                                flags, flags_start, flags_end, out);
}
