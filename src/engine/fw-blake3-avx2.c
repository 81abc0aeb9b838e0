/* fw-blake3-avx2.c — BLAKE3's compression, 8 inputs at once (AVX2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -mavx2 on x86-64 only (see src/engine/meson.build);
 * fw-blake3.c calls it only when __builtin_cpu_supports () says the CPU
 * can. Each of the 16 state words is one vector holding that word of
 * 8 independent compressions (chunks, or parents): lane j works on
 * input j. The message words are transposed into the same layout, and
 * the chaining values transposed back at the end.
 */
#include "config.h"

#include <immintrin.h>

#include "fw-blake3-private.h"

#define WIDTH 8

static inline __m256i
add (__m256i a, __m256i b)
{
  return _mm256_add_epi32 (a, b);
}

static inline __m256i
xor (__m256i a, __m256i b)
{
  return _mm256_xor_si256 (a, b);
}

static inline __m256i
set1 (guint32 x)
{
  return _mm256_set1_epi32 ((int) x);
}

/* Rotations right by 16 and 8 are byte shuffles. */
static inline __m256i
rot16 (__m256i x)
{
  return _mm256_shuffle_epi8 (x, _mm256_set_epi8 (13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}

static inline __m256i
rot12 (__m256i x)
{
  return _mm256_or_si256 (_mm256_srli_epi32 (x, 12), _mm256_slli_epi32 (x, 20));
}

static inline __m256i
rot8 (__m256i x)
{
  return _mm256_shuffle_epi8 (x, _mm256_set_epi8 (12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1, 12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}

static inline __m256i
rot7 (__m256i x)
{
  return _mm256_or_si256 (_mm256_srli_epi32 (x, 7), _mm256_slli_epi32 (x, 25));
}

/* The message word is added first: it is ready long before v[b], so
 * that addition leaves the rounds' chain of dependencies. */
#define G(a, b, c, d, x, y)                    \
  G_STMT_START {                               \
    v[a] = add (add (v[a], (x)), v[b]);        \
    v[d] = rot16 (xor (v[d], v[a]));           \
    v[c] = add (v[c], v[d]);                   \
    v[b] = rot12 (xor (v[b], v[c]));           \
    v[a] = add (add (v[a], (y)), v[b]);        \
    v[d] = rot8 (xor (v[d], v[a]));            \
    v[c] = add (v[c], v[d]);                   \
    v[b] = rot7 (xor (v[b], v[c]));            \
  } G_STMT_END

static inline void
rounds (__m256i v[16], const __m256i m[16])
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

/* Rows r0 … r7 of eight words become columns: x[i] = (r0[i], …, r7[i]). */
static inline void
transpose (__m256i x[8])
{
  __m256i t0 = _mm256_unpacklo_epi32 (x[0], x[1]);
  __m256i t1 = _mm256_unpackhi_epi32 (x[0], x[1]);
  __m256i t2 = _mm256_unpacklo_epi32 (x[2], x[3]);
  __m256i t3 = _mm256_unpackhi_epi32 (x[2], x[3]);
  __m256i t4 = _mm256_unpacklo_epi32 (x[4], x[5]);
  __m256i t5 = _mm256_unpackhi_epi32 (x[4], x[5]);
  __m256i t6 = _mm256_unpacklo_epi32 (x[6], x[7]);
  __m256i t7 = _mm256_unpackhi_epi32 (x[6], x[7]);
  __m256i u0 = _mm256_unpacklo_epi64 (t0, t2);
  __m256i u1 = _mm256_unpackhi_epi64 (t0, t2);
  __m256i u2 = _mm256_unpacklo_epi64 (t1, t3);
  __m256i u3 = _mm256_unpackhi_epi64 (t1, t3);
  __m256i u4 = _mm256_unpacklo_epi64 (t4, t6);
  __m256i u5 = _mm256_unpackhi_epi64 (t4, t6);
  __m256i u6 = _mm256_unpacklo_epi64 (t5, t7);
  __m256i u7 = _mm256_unpackhi_epi64 (t5, t7);

  x[0] = _mm256_permute2x128_si256 (u0, u4, 0x20);
  x[4] = _mm256_permute2x128_si256 (u0, u4, 0x31);
  x[1] = _mm256_permute2x128_si256 (u1, u5, 0x20);
  x[5] = _mm256_permute2x128_si256 (u1, u5, 0x31);
  x[2] = _mm256_permute2x128_si256 (u2, u6, 0x20);
  x[6] = _mm256_permute2x128_si256 (u2, u6, 0x31);
  x[3] = _mm256_permute2x128_si256 (u3, u7, 0x20);
  x[7] = _mm256_permute2x128_si256 (u3, u7, 0x31);
}

static inline void
load_message (const guint8 *const *inputs,
              gsize                offset,
              __m256i              m[16])
{
  for (guint half = 0; half < 2; half++)
    {
      for (guint j = 0; j < 8; j++)
        m[8 * half + j] = _mm256_loadu_si256 ((const void *) (inputs[j] + offset + 32 * half));
      transpose (m + 8 * half);
    }
}

static inline void
store_cvs (__m256i  h[8],
           guint8  *out)
{
  transpose (h);
  for (guint j = 0; j < 8; j++)
    _mm256_storeu_si256 ((void *) (out + 32 * j), h[j]);
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
  __m256i h[8], counter_lo, counter_hi;
  guint32 lo[WIDTH], hi[WIDTH];

  for (guint i = 0; i < 8; i++)
    h[i] = set1 (key[i]);
  fw_blake3_counter_words (counter, increment, WIDTH, lo, hi);
  counter_lo = _mm256_loadu_si256 ((const void *) lo);
  counter_hi = _mm256_loadu_si256 ((const void *) hi);

  for (gsize b = 0; b < n_blocks; b++)
    {
      __m256i m[16], v[16];
      guint8 block_flags = fw_blake3_block_flags (flags, flags_start, flags_end, b, n_blocks);

      /* The next block of each input, asked for now: the rounds are
       * longer than the CPU looks ahead, and a file's pages in the page
       * cache are not contiguous, so the hardware prefetchers (which stop
       * at a page) leave each block's first touch waiting on memory.
       * Past the last block this touches the next input, or nothing: a
       * prefetch never faults. */
      for (guint j = 0; j < WIDTH; j++)
        _mm_prefetch ((const char *) inputs[j] + (b + 1) * FW_BLAKE3_BLOCK_LEN, _MM_HINT_T0);
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
fw_blake3_hash_many_avx2 (const guint8 *const *inputs,
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

const char *
fw_blake3_avx2_compiler (void)
{
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}
