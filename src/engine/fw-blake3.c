/* fw-blake3.c — BLAKE3: compression, hasher, subtrees, kernel choice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the BLAKE3 paper (see fw-blake3-private.h); checked against
 * the published test vectors and b3sum in tests/test-blake3.c.
 */
#include "config.h"

#include <string.h>

#include "fw-blake3-private.h"

const guint32 fw_blake3_iv[8] = {
  0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
  0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
};

/* The compression function ------------------------------------------------ */

static inline guint32
rotr32 (guint32 x,
        int     n)
{
  return (x >> n) | (x << (32 - n));
}

static inline guint32
load32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline void
store32 (guint8  *p,
         guint32  x)
{
  p[0] = (guint8) x;
  p[1] = (guint8) (x >> 8);
  p[2] = (guint8) (x >> 16);
  p[3] = (guint8) (x >> 24);
}

static inline void
words_from_bytes (guint32      *words,
                  const guint8 *bytes,
                  guint         n)
{
  for (guint i = 0; i < n; i++)
    words[i] = load32 (bytes + 4 * i);
}

static inline void
bytes_from_words (guint8        *bytes,
                  const guint32 *words,
                  guint          n)
{
  for (guint i = 0; i < n; i++)
    store32 (bytes + 4 * i, words[i]);
}

#define G(a, b, c, d, x, y)                 \
  G_STMT_START {                            \
    v[a] = v[a] + v[b] + (x);               \
    v[d] = rotr32 (v[d] ^ v[a], 16);        \
    v[c] = v[c] + v[d];                     \
    v[b] = rotr32 (v[b] ^ v[c], 12);        \
    v[a] = v[a] + v[b] + (y);               \
    v[d] = rotr32 (v[d] ^ v[a], 8);         \
    v[c] = v[c] + v[d];                     \
    v[b] = rotr32 (v[b] ^ v[c], 7);         \
  } G_STMT_END

/* The 16 words of the state after the seven rounds, before the final
 * feed-forward. */
static inline void
compress_rounds (guint32        v[16],
                 const guint32  cv[8],
                 const guint8   block[FW_BLAKE3_BLOCK_LEN],
                 guint64        counter,
                 guint32        block_len,
                 guint32        flags)
{
  guint32 m[16];

  words_from_bytes (m, block, 16);
  memcpy (v, cv, 8 * sizeof (guint32));
  memcpy (v + 8, fw_blake3_iv, 4 * sizeof (guint32));
  fw_blake3_counter_words (counter, FALSE, 1, &v[12], &v[13]);
  v[14] = block_len;
  v[15] = flags;

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

/* The chaining value: the first half of the output, in place of @cv. */
static void
compress_in_place (guint32        cv[8],
                   const guint8   block[FW_BLAKE3_BLOCK_LEN],
                   guint64        counter,
                   guint32        block_len,
                   guint32        flags)
{
  guint32 v[16];

  compress_rounds (v, cv, block, counter, block_len, flags);
  for (guint i = 0; i < 8; i++)
    cv[i] = v[i] ^ v[i + 8];
}

/* All 64 bytes of output (the root's extendable output). */
static void
compress_xof (const guint32  cv[8],
              const guint8   block[FW_BLAKE3_BLOCK_LEN],
              guint64        counter,
              guint32        block_len,
              guint32        flags,
              guint8         out[FW_BLAKE3_BLOCK_LEN])
{
  guint32 v[16];

  compress_rounds (v, cv, block, counter, block_len, flags);
  for (guint i = 0; i < 8; i++)
    {
      store32 (out + 4 * i, v[i] ^ v[i + 8]);
      store32 (out + 32 + 4 * i, v[i + 8] ^ cv[i]);
    }
}

/* Kernels ------------------------------------------------------------------ */

static void
hash_many_portable (const guint8 *const *inputs,
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
  for (gsize i = 0; i < n_inputs; i++)
    {
      guint32 cv[8];

      memcpy (cv, key, sizeof cv);
      for (gsize b = 0; b < n_blocks; b++)
        {
          compress_in_place (cv, inputs[i] + b * FW_BLAKE3_BLOCK_LEN, counter, FW_BLAKE3_BLOCK_LEN,
                             fw_blake3_block_flags (flags, flags_start, flags_end, b, n_blocks));
        }
      bytes_from_words (out + i * FW_BLAKE3_OUT_LEN, cv, 8);
      if (increment)
        counter++;
    }
}

static int simd_choice = -1;   /* -1: not decided yet, else an FwBlake3Simd */

static gboolean
simd_available (FwBlake3Simd simd)
{
  switch (simd)
    {
    case FW_BLAKE3_SIMD_PORTABLE:
      return TRUE;
#ifdef FW_HAVE_BLAKE3_SIMD
    case FW_BLAKE3_SIMD_SSE41:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("sse4.1") != 0;
    case FW_BLAKE3_SIMD_AVX2:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx2") != 0;
#endif
#ifdef FW_HAVE_BLAKE3_AVX512
    case FW_BLAKE3_SIMD_AVX512:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx512f") != 0 && __builtin_cpu_supports ("avx512vl") != 0;
#endif
#ifdef FW_HAVE_BLAKE3_X16_GENERIC
    case FW_BLAKE3_SIMD_X16_GENERIC:
      return TRUE;
#endif
    default:
      return FALSE;
    }
}

const char *
fw_blake3_simd_name (FwBlake3Simd simd)
{
  switch (simd)
    {
    case FW_BLAKE3_SIMD_PORTABLE: return "portable";
    case FW_BLAKE3_SIMD_SSE41:    return "sse41";
    case FW_BLAKE3_SIMD_AVX2:     return "avx2";
    case FW_BLAKE3_SIMD_AVX512:   return "avx512";
    case FW_BLAKE3_SIMD_X16_GENERIC: return "generic16";
    default:                      return NULL;
    }
}

FwBlake3Simd
fw_blake3_get_simd (void)
{
  int choice = g_atomic_int_get (&simd_choice);

  if (choice < 0)
    {
      const char *forced = g_getenv ("FW_BLAKE3_SIMD");

      choice = FW_BLAKE3_SIMD_PORTABLE;
      if (forced != NULL && *forced != '\0')
        {
          for (int s = FW_BLAKE3_SIMD_PORTABLE; s <= FW_BLAKE3_SIMD_X16_GENERIC; s++)
            if (g_str_equal (forced, fw_blake3_simd_name ((FwBlake3Simd) s)) &&
                simd_available ((FwBlake3Simd) s))
              choice = s;
        }
      else
        {
          /* The best first; never generic16, which is slower than the
           * kernels for the instruction sets it stands in for. */
          static const FwBlake3Simd best_first[] = {
            FW_BLAKE3_SIMD_AVX512, FW_BLAKE3_SIMD_AVX2, FW_BLAKE3_SIMD_SSE41,
          };

          for (guint i = 0; i < G_N_ELEMENTS (best_first); i++)
            if (simd_available (best_first[i]))
              {
                choice = best_first[i];
                break;
              }
        }
      g_atomic_int_set (&simd_choice, choice);
#ifdef FW_HAVE_BLAKE3_SIMD
      g_debug ("BLAKE3 kernel: %s (AVX2 kernel built by %s)",
               fw_blake3_simd_name ((FwBlake3Simd) choice), fw_blake3_avx2_compiler ());
#else
      g_debug ("BLAKE3 kernel: %s (no SIMD kernels in this build)",
               fw_blake3_simd_name ((FwBlake3Simd) choice));
#endif
    }
  return (FwBlake3Simd) choice;
}

gboolean
fw_blake3_set_simd (FwBlake3Simd simd)
{
  if (!simd_available (simd))
    return FALSE;
  g_atomic_int_set (&simd_choice, (int) simd);
  return TRUE;
}

/* Every input through the best kernel allowed, the rest portable. */
static void
hash_many (const guint8 *const *inputs,
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
  FwBlake3Simd simd = fw_blake3_get_simd ();
  gsize done = 0;

  /* The widest kernel first, then each narrower one the CPU has (an
   * AVX-512 CPU has AVX2 and SSE4.1) on what is left; generic16 leaves
   * its rest to the portable compression. */
#ifdef FW_HAVE_BLAKE3_X16_GENERIC
  if (simd == FW_BLAKE3_SIMD_X16_GENERIC)
    done += fw_blake3_hash_many_x16_generic (inputs, n_inputs, n_blocks, key, counter, increment,
                                             flags, flags_start, flags_end, out);
#endif
#ifdef FW_HAVE_BLAKE3_AVX512
  if (simd == FW_BLAKE3_SIMD_AVX512)
    done += fw_blake3_hash_many_avx512 (inputs, n_inputs, n_blocks, key, counter, increment,
                                        flags, flags_start, flags_end, out);
#endif
#ifdef FW_HAVE_BLAKE3_SIMD
  if ((simd == FW_BLAKE3_SIMD_AVX512 || simd == FW_BLAKE3_SIMD_AVX2) && done < n_inputs)
    done += fw_blake3_hash_many_avx2 (inputs + done, n_inputs - done, n_blocks, key,
                                      counter + (increment ? done : 0), increment,
                                      flags, flags_start, flags_end,
                                      out + done * FW_BLAKE3_OUT_LEN);
  if ((simd == FW_BLAKE3_SIMD_AVX512 || simd == FW_BLAKE3_SIMD_AVX2 || simd == FW_BLAKE3_SIMD_SSE41) &&
      done < n_inputs)
    done += fw_blake3_hash_many_sse41 (inputs + done, n_inputs - done, n_blocks, key,
                                       counter + (increment ? done : 0), increment,
                                       flags, flags_start, flags_end,
                                       out + done * FW_BLAKE3_OUT_LEN);
#endif
  (void) simd;
  if (done < n_inputs)
    hash_many_portable (inputs + done, n_inputs - done, n_blocks, key,
                        counter + (increment ? done : 0), increment,
                        flags, flags_start, flags_end, out + done * FW_BLAKE3_OUT_LEN);
}

gsize
fw_blake3_hash_many_kernel (FwBlake3Simd         simd,
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
  g_return_val_if_fail (simd_available (simd), 0);

  switch (simd)
    {
    case FW_BLAKE3_SIMD_PORTABLE:
      hash_many_portable (inputs, n_inputs, n_blocks, key, counter, increment,
                          flags, flags_start, flags_end, out);
      return n_inputs;
#ifdef FW_HAVE_BLAKE3_SIMD
    case FW_BLAKE3_SIMD_SSE41:
      return fw_blake3_hash_many_sse41 (inputs, n_inputs, n_blocks, key, counter, increment,
                                        flags, flags_start, flags_end, out);
    case FW_BLAKE3_SIMD_AVX2:
      return fw_blake3_hash_many_avx2 (inputs, n_inputs, n_blocks, key, counter, increment,
                                       flags, flags_start, flags_end, out);
#endif
#ifdef FW_HAVE_BLAKE3_AVX512
    case FW_BLAKE3_SIMD_AVX512:
      return fw_blake3_hash_many_avx512 (inputs, n_inputs, n_blocks, key, counter, increment,
                                         flags, flags_start, flags_end, out);
#endif
#ifdef FW_HAVE_BLAKE3_X16_GENERIC
    case FW_BLAKE3_SIMD_X16_GENERIC:
      return fw_blake3_hash_many_x16_generic (inputs, n_inputs, n_blocks, key, counter, increment,
                                              flags, flags_start, flags_end, out);
#endif
    default:
      g_assert_not_reached ();
    }
}

/* The hasher ---------------------------------------------------------------- */

static void
init_with (FwBlake3      *self,
           const guint32  key[8],
           guint8         flags)
{
  memset (self, 0, sizeof *self);
  memcpy (self->key, key, sizeof self->key);
  memcpy (self->cv, key, sizeof self->cv);
  self->flags = flags;
}

void
fw_blake3_init (FwBlake3 *self)
{
  init_with (self, fw_blake3_iv, 0);
}

static gsize
chunk_length (const FwBlake3 *self)
{
  return (gsize) self->blocks_compressed * FW_BLAKE3_BLOCK_LEN + self->buf_len;
}

/* Adds at most what the current chunk still takes. The last block stays
 * in the buffer: only more input tells whether it ends the chunk. */
static void
chunk_update (FwBlake3     *self,
              const guint8 *data,
              gsize         length)
{
  while (length > 0)
    {
      gsize take;

      if (self->buf_len == FW_BLAKE3_BLOCK_LEN)
        {
          compress_in_place (self->cv, self->buf, self->chunk_counter, FW_BLAKE3_BLOCK_LEN,
                             self->flags | (self->blocks_compressed == 0 ? FW_BLAKE3_CHUNK_START : 0));
          self->blocks_compressed++;
          self->buf_len = 0;
        }
      /* Whole blocks straight from the input while more follows. */
      while (self->buf_len == 0 && length > FW_BLAKE3_BLOCK_LEN)
        {
          compress_in_place (self->cv, data, self->chunk_counter, FW_BLAKE3_BLOCK_LEN,
                             self->flags | (self->blocks_compressed == 0 ? FW_BLAKE3_CHUNK_START : 0));
          self->blocks_compressed++;
          data += FW_BLAKE3_BLOCK_LEN;
          length -= FW_BLAKE3_BLOCK_LEN;
        }
      take = MIN ((gsize) FW_BLAKE3_BLOCK_LEN - self->buf_len, length);
      memcpy (self->buf + self->buf_len, data, take);
      self->buf_len += (guint8) take;
      data += take;
      length -= take;
    }
}

/* What the root, or a CV, is computed from. */
typedef struct {
  guint32 cv[8];
  guint8  block[FW_BLAKE3_BLOCK_LEN];
  guint64 counter;
  guint8  block_len;
  guint8  flags;
} Output;

static void
chunk_output (const FwBlake3 *self,
              Output         *output)
{
  memcpy (output->cv, self->cv, sizeof output->cv);
  memset (output->block, 0, sizeof output->block);
  memcpy (output->block, self->buf, self->buf_len);
  output->counter = self->chunk_counter;
  output->block_len = self->buf_len;
  output->flags = self->flags | FW_BLAKE3_CHUNK_END |
                  (self->blocks_compressed == 0 ? FW_BLAKE3_CHUNK_START : 0);
}

static void
parent_output (const FwBlake3 *self,
               const guint8    left[FW_BLAKE3_OUT_LEN],
               const guint8    right[FW_BLAKE3_OUT_LEN],
               Output         *output)
{
  memcpy (output->cv, self->key, sizeof output->cv);
  memcpy (output->block, left, FW_BLAKE3_OUT_LEN);
  memcpy (output->block + FW_BLAKE3_OUT_LEN, right, FW_BLAKE3_OUT_LEN);
  output->counter = 0;
  output->block_len = FW_BLAKE3_BLOCK_LEN;
  output->flags = self->flags | FW_BLAKE3_PARENT;
}

static void
output_cv (const Output *output,
           guint8        out[FW_BLAKE3_OUT_LEN])
{
  guint32 cv[8];

  memcpy (cv, output->cv, sizeof cv);
  compress_in_place (cv, output->block, output->counter, output->block_len, output->flags);
  bytes_from_words (out, cv, 8);
}

/* Joins the stack's top entries until it holds one subtree per bit of
 * @total chunks. Merging is lazy: subtrees are joined only once more
 * input shows that they are not the root. */
static void
merge_stack (FwBlake3 *self,
             guint64   total)
{
  guint target = (guint) __builtin_popcountll (total);

  while (self->stack_len > target)
    {
      Output parent;

      parent_output (self, self->stack[self->stack_len - 2], self->stack[self->stack_len - 1], &parent);
      output_cv (&parent, self->stack[self->stack_len - 2]);
      self->stack_len--;
    }
}

/* Pushes the CV of @n_chunks chunks that start at chunk_counter, and
 * starts the chunk after them. */
static void
push_cv (FwBlake3     *self,
         const guint8  cv[FW_BLAKE3_OUT_LEN],
         guint64       n_chunks)
{
  merge_stack (self, self->chunk_counter);
  g_assert (self->stack_len <= FW_BLAKE3_MAX_DEPTH);
  memcpy (self->stack[self->stack_len++], cv, FW_BLAKE3_OUT_LEN);

  self->chunk_counter += n_chunks;
  memcpy (self->cv, self->key, sizeof self->cv);
  self->buf_len = 0;
  self->blocks_compressed = 0;
}

guint64
fw_blake3_subtree_chunks (guint64 counter,
                          guint64 length)
{
  guint64 n = length / FW_BLAKE3_CHUNK_LEN;

  if (n == 0)
    return 0;
  n = (guint64) 1 << (63 - __builtin_clzll (n));
  if (counter != 0)
    n = MIN (n, counter & -counter);
  return n;
}

/* Up to this many chunks (or parents) go to the kernel in one call: the
 * parent levels down to 16 wide still fill the AVX-512 kernel, down to 8
 * the AVX2 one, so fewer parents are left to the portable compression
 * (7.5 KiB of stack). */
#define BATCH 128

void
fw_blake3_subtree_cv (const FwBlake3 *self,
                      const guint8   *data,
                      guint64         n_chunks,
                      guint64         counter,
                      guint8          out[FW_BLAKE3_OUT_LEN])
{
  const guint8 *inputs[BATCH];
  guint8 cvs[BATCH * FW_BLAKE3_OUT_LEN];
  gsize n;

  g_assert (n_chunks > 0 && (n_chunks & (n_chunks - 1)) == 0);
  g_assert (counter % n_chunks == 0);

  if (n_chunks > BATCH)
    {
      guint8 pair[2 * FW_BLAKE3_OUT_LEN];
      Output parent;
      guint64 half = n_chunks / 2;

      fw_blake3_subtree_cv (self, data, half, counter, pair);
      fw_blake3_subtree_cv (self, data + half * FW_BLAKE3_CHUNK_LEN, half, counter + half,
                            pair + FW_BLAKE3_OUT_LEN);
      parent_output (self, pair, pair + FW_BLAKE3_OUT_LEN, &parent);
      output_cv (&parent, out);
      return;
    }

  n = (gsize) n_chunks;
  for (gsize i = 0; i < n; i++)
    inputs[i] = data + i * FW_BLAKE3_CHUNK_LEN;
  hash_many (inputs, n, FW_BLAKE3_CHUNK_LEN / FW_BLAKE3_BLOCK_LEN, self->key, counter, TRUE,
             self->flags, FW_BLAKE3_CHUNK_START, FW_BLAKE3_CHUNK_END, cvs);

  /* Then the parents, a level at a time, in place: parent i of a level
   * reads CVs 2i and 2i + 1, which are the 64 bytes at 64 i. */
  while (n > 1)
    {
      guint8 parents[BATCH / 2 * FW_BLAKE3_OUT_LEN];

      n /= 2;
      for (gsize i = 0; i < n; i++)
        inputs[i] = cvs + 2 * i * FW_BLAKE3_OUT_LEN;
      hash_many (inputs, n, 1, self->key, 0, FALSE, self->flags | FW_BLAKE3_PARENT, 0, 0, parents);
      memcpy (cvs, parents, n * FW_BLAKE3_OUT_LEN);
    }
  memcpy (out, cvs, FW_BLAKE3_OUT_LEN);
}

gboolean
fw_blake3_at_chunk_boundary (const FwBlake3 *self)
{
  return chunk_length (self) == 0;
}

guint64
fw_blake3_chunk_counter (const FwBlake3 *self)
{
  return self->chunk_counter;
}

void
fw_blake3_push_subtree (FwBlake3     *self,
                        const guint8  cv[FW_BLAKE3_OUT_LEN],
                        guint64       n_chunks)
{
  g_assert (chunk_length (self) == 0);
  g_assert (n_chunks > 0 && self->chunk_counter % n_chunks == 0);
  push_cv (self, cv, n_chunks);
}

void
fw_blake3_update (FwBlake3   *self,
                  const void *data,
                  gsize       length)
{
  const guint8 *p = data;

  /* First the rest of the current chunk. */
  if (chunk_length (self) > 0)
    {
      gsize take = MIN (FW_BLAKE3_CHUNK_LEN - chunk_length (self), length);

      chunk_update (self, p, take);
      p += take;
      length -= take;
      if (length == 0)
        return;
      {
        Output output;
        guint8 cv[FW_BLAKE3_OUT_LEN];

        chunk_output (self, &output);
        output_cv (&output, cv);
        push_cv (self, cv, 1);
      }
    }

  /* Whole subtrees, while more input follows them (the last chunk may be
   * the root). */
  while (length > FW_BLAKE3_CHUNK_LEN)
    {
      guint64 n = fw_blake3_subtree_chunks (self->chunk_counter, length - 1);
      guint8 cv[FW_BLAKE3_OUT_LEN];

      fw_blake3_subtree_cv (self, p, n, self->chunk_counter, cv);
      push_cv (self, cv, n);
      p += n * FW_BLAKE3_CHUNK_LEN;
      length -= n * FW_BLAKE3_CHUNK_LEN;
    }

  /* The rest starts (or continues) the last chunk: nothing in the stack
   * is the root now, so it is merged, as fw_blake3_finalize() expects. */
  if (length > 0)
    {
      chunk_update (self, p, length);
      merge_stack (self, self->chunk_counter);
    }
}

void
fw_blake3_finalize (const FwBlake3 *self,
                    guint8         *out,
                    gsize           out_len)
{
  Output output;
  guint remaining;
  guint64 block_counter = 0;

  if (chunk_length (self) > 0 || self->stack_len == 0)
    {
      chunk_output (self, &output);
      remaining = self->stack_len;
    }
  else
    {
      /* Ended on pushed subtrees (so the stack is not merged yet): the
       * last two are the first parent. */
      g_assert (self->stack_len >= 2);
      parent_output (self, self->stack[self->stack_len - 2], self->stack[self->stack_len - 1], &output);
      remaining = self->stack_len - 2;
    }
  while (remaining > 0)
    {
      guint8 cv[FW_BLAKE3_OUT_LEN];

      output_cv (&output, cv);
      remaining--;
      parent_output (self, self->stack[remaining], cv, &output);
    }

  while (out_len > 0)
    {
      guint8 block[FW_BLAKE3_BLOCK_LEN];
      gsize take = MIN (out_len, (gsize) FW_BLAKE3_BLOCK_LEN);

      compress_xof (output.cv, output.block, block_counter++, output.block_len,
                    output.flags | FW_BLAKE3_ROOT, block);
      memcpy (out, block, take);
      out += take;
      out_len -= take;
    }
}
