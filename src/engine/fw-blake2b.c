/* fw-blake2b.c — BLAKE2b of any output length (RFC 7693)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fw-blake2b-private.h"
#include "fw-pool.h"

static const guint64 iv[8] = {
  G_GUINT64_CONSTANT (0x6a09e667f3bcc908), G_GUINT64_CONSTANT (0xbb67ae8584caa73b),
  G_GUINT64_CONSTANT (0x3c6ef372fe94f82b), G_GUINT64_CONSTANT (0xa54ff53a5f1d36f1),
  G_GUINT64_CONSTANT (0x510e527fade682d1), G_GUINT64_CONSTANT (0x9b05688c2b3e6c1f),
  G_GUINT64_CONSTANT (0x1f83d9abfb41bd6b), G_GUINT64_CONSTANT (0x5be0cd19137e2179),
};

static const guint8 sigma[12][16] = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
  { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
  { 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
  { 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
  { 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
  { 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
  { 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
  { 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
  { 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
  { 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
  { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
};

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

#define G(a, b, c, d, x, y)                    \
  G_STMT_START {                               \
    v[a] = v[a] + v[b] + (x);                  \
    v[d] = ROTR64 (v[d] ^ v[a], 32);           \
    v[c] = v[c] + v[d];                        \
    v[b] = ROTR64 (v[b] ^ v[c], 24);           \
    v[a] = v[a] + v[b] + (y);                  \
    v[d] = ROTR64 (v[d] ^ v[a], 16);           \
    v[c] = v[c] + v[d];                        \
    v[b] = ROTR64 (v[b] ^ v[c], 63);           \
  } G_STMT_END

static guint64
load64 (const guint8 *p)
{
  guint64 x;

  memcpy (&x, p, 8);
  return GUINT64_FROM_LE (x);
}

static void
compress (FwBlake2b *ctx,
          gboolean   last)
{
  guint64 v[16];
  guint64 m[16];

  for (guint i = 0; i < 8; i++)
    {
      v[i] = ctx->h[i];
      v[i + 8] = iv[i];
    }
  v[12] ^= ctx->t[0];
  v[13] ^= ctx->t[1];
  if (last)
    v[14] = ~v[14];
  for (guint i = 0; i < 16; i++)
    m[i] = load64 (ctx->b + 8 * i);

  for (guint r = 0; r < 12; r++)
    {
      const guint8 *s = sigma[r];
      G (0, 4, 8, 12, m[s[0]], m[s[1]]);
      G (1, 5, 9, 13, m[s[2]], m[s[3]]);
      G (2, 6, 10, 14, m[s[4]], m[s[5]]);
      G (3, 7, 11, 15, m[s[6]], m[s[7]]);
      G (0, 5, 10, 15, m[s[8]], m[s[9]]);
      G (1, 6, 11, 12, m[s[10]], m[s[11]]);
      G (2, 7, 8, 13, m[s[12]], m[s[13]]);
      G (3, 4, 9, 14, m[s[14]], m[s[15]]);
    }

  for (guint i = 0; i < 8; i++)
    ctx->h[i] ^= v[i] ^ v[i + 8];
}

static void
add_count (FwBlake2b *ctx,
           guint64    n)
{
  ctx->t[0] += n;
  if (ctx->t[0] < n)
    ctx->t[1]++;
}

void
fw_blake2b_init (FwBlake2b *ctx,
                 gsize      outlen)
{
  g_return_if_fail (outlen >= 1 && outlen <= 64);

  memset (ctx, 0, sizeof *ctx);
  memcpy (ctx->h, iv, sizeof iv);
  ctx->h[0] ^= 0x01010000 ^ (guint64) outlen;   /* no key */
  ctx->outlen = outlen;
}

void
fw_blake2b_update (FwBlake2b  *ctx,
                   const void *data,
                   gsize       len)
{
  const guint8 *in = data;

  while (len > 0)
    {
      gsize n;

      /* The last block is compressed by final(), with its flag: only
       * compress a full buffer when more input follows. */
      if (ctx->c == 128)
        {
          add_count (ctx, 128);
          compress (ctx, FALSE);
          ctx->c = 0;
        }
      n = MIN (len, 128 - ctx->c);
      memcpy (ctx->b + ctx->c, in, n);
      ctx->c += n;
      in += n;
      len -= n;
    }
}

void
fw_blake2b_final (FwBlake2b *ctx,
                  guint8    *out)
{
  add_count (ctx, ctx->c);
  memset (ctx->b + ctx->c, 0, 128 - ctx->c);
  compress (ctx, TRUE);
  for (gsize i = 0; i < ctx->outlen; i++)
    out[i] = (ctx->h[i >> 3] >> (8 * (i & 7))) & 0xff;
}

char *
fw_blake2b_fd_hex (int            fd,
                   gsize          outlen,
                   GCancellable  *cancellable,
                   guint64       *bytes_done,
                   guint64       *size,
                   GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  FwBlake2b ctx;
  guint8 out[64];
  guint64 total = 0;
  GString *hex;

  g_return_val_if_fail (outlen >= 1 && outlen <= 64, NULL);

  fw_blake2b_init (&ctx, outlen);
  for (;;)
    {
      ssize_t n;

      fw_pool_pause_point (cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      n = read (fd, buffer, 64 * 1024);
      if (n < 0)
        {
          int saved_errno = errno;
          if (saved_errno == EINTR)
            continue;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      fw_blake2b_update (&ctx, buffer, (gsize) n);
      total += (guint64) n;
      if (bytes_done != NULL)
        __atomic_fetch_add (bytes_done, (guint64) n, __ATOMIC_RELAXED);
    }
  fw_blake2b_final (&ctx, out);

  if (size != NULL)
    *size = total;
  hex = g_string_sized_new (outlen * 2);
  for (gsize i = 0; i < outlen; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  return g_string_free (hex, FALSE);
}
