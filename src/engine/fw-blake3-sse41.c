/* fw-blake3-sse41.c — BLAKE3's compression, 4 inputs at once (SSE4.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -msse4.1 on x86-64 only (see src/engine/meson.build);
 * fw-blake3.c calls it only when __builtin_cpu_supports () says the CPU
 * can. Each of the 16 state words is one vector holding that word of
 * 4 independent compressions (chunks, or parents): lane j works on
 * input j. The message words are transposed into the same layout, and
 * the chaining values transposed back at the end.
 */
#include "config.h"

#include <smmintrin.h>

#include "fw-blake3-private.h"

#define WIDTH 4

static inline __m128i
add (__m128i a, __m128i b)
{
  return _mm_add_epi32 (a, b);
}

static inline __m128i
xor (__m128i a, __m128i b)
{
  return _mm_xor_si128 (a, b);
}

static inline __m128i
set1 (guint32 x)
{
  return _mm_set1_epi32 ((int) x);
}

/* Rotations right by 16 and 8 are byte shuffles. */
static inline __m128i
rot16 (__m128i x)
{
  return _mm_shuffle_epi8 (x, _mm_set_epi8 (13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}

static inline __m128i
rot12 (__m128i x)
{
  return _mm_or_si128 (_mm_srli_epi32 (x, 12), _mm_slli_epi32 (x, 20));
}

static inline __m128i
rot8 (__m128i x)
{
  return _mm_shuffle_epi8 (x, _mm_set_epi8 (12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}

static inline __m128i
rot7 (__m128i x)
{
  return _mm_or_si128 (_mm_srli_epi32 (x, 7), _mm_slli_epi32 (x, 25));
}

#define G(a, b, c, d, x, y)                    \
  G_STMT_START {                               \
    v[a] = add (add (v[a], v[b]), (x));        \
    v[d] = rot16 (xor (v[d], v[a]));           \
    v[c] = add (v[c], v[d]);                   \
    v[b] = rot12 (xor (v[b], v[c]));           \
    v[a] = add (add (v[a], v[b]), (y));        \
    v[d] = rot8 (xor (v[d], v[a]));            \
    v[c] = add (v[c], v[d]);                   \
    v[b] = rot7 (xor (v[b], v[c]));            \
  } G_STMT_END

static inline void
rounds (__m128i v[16], const __m128i m[16])
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

/* Rows a, b, c, d of four words become columns: x[i] = (a[i], b[i], c[i], d[i]). */
static inline void
transpose (__m128i x[4])
{
  __m128i ab_lo = _mm_unpacklo_epi32 (x[0], x[1]);
  __m128i cd_lo = _mm_unpacklo_epi32 (x[2], x[3]);
  __m128i ab_hi = _mm_unpackhi_epi32 (x[0], x[1]);
  __m128i cd_hi = _mm_unpackhi_epi32 (x[2], x[3]);

  x[0] = _mm_unpacklo_epi64 (ab_lo, cd_lo);
  x[1] = _mm_unpackhi_epi64 (ab_lo, cd_lo);
  x[2] = _mm_unpacklo_epi64 (ab_hi, cd_hi);
  x[3] = _mm_unpackhi_epi64 (ab_hi, cd_hi);
}

static inline void
load_message (const guint8 *const *inputs,
              gsize                offset,
              __m128i              m[16])
{
  for (guint q = 0; q < 4; q++)
    {
      for (guint j = 0; j < 4; j++)
        m[4 * q + j] = _mm_loadu_si128 ((const void *) (inputs[j] + offset + 16 * q));
      transpose (m + 4 * q);
    }
}

static inline void
store_cvs (__m128i  h[8],
           guint8  *out)
{
  transpose (h);
  transpose (h + 4);
  for (guint j = 0; j < 4; j++)
    {
      _mm_storeu_si128 ((void *) (out + 32 * j), h[j]);
      _mm_storeu_si128 ((void *) (out + 32 * j + 16), h[4 + j]);
    }
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
  __m128i h[8], counter_lo, counter_hi;
  guint32 lo[WIDTH], hi[WIDTH];

  for (guint i = 0; i < 8; i++)
    h[i] = set1 (key[i]);
  fw_blake3_counter_words (counter, increment, WIDTH, lo, hi);
  counter_lo = _mm_loadu_si128 ((const void *) lo);
  counter_hi = _mm_loadu_si128 ((const void *) hi);

  for (gsize b = 0; b < n_blocks; b++)
    {
      __m128i m[16], v[16];
      guint8 block_flags = fw_blake3_block_flags (flags, flags_start, flags_end, b, n_blocks);

      load_message (inputs, b * FW_BLAKE3_BLOCK_LEN, m);
      for (guint i = 0; i < 8; i++)
        v[i] = h[i];
      for (guint i = 0; i < 4; i++)
        v[8 + i] = set1 (fw_blake3_iv[i]);
      v[12] = counter_lo;
      v[13] = counter_hi;
      v[14] = set1 (FW_BLAKE3_BLOCK_LEN);
      v[15] = set1 (block_flags);
      rounds (v, m);
      for (guint i = 0; i < 8; i++)
        h[i] = xor (v[i], v[i + 8]);
    }
  store_cvs (h, out);
}

gsize
fw_blake3_hash_many_sse41 (const guint8 *const *inputs,
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
