/* fw-blake2b-private.h — BLAKE2b of any output length (RFC 7693)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenSSL 3.0 (Debian 12) computes BLAKE2b only with its full 512-bit
 * output, and a shorter BLAKE2b (`b2sum -l 256`, `BLAKE2b-256` tags) is
 * another hash, not a prefix of the long one. The verify of such entries
 * uses this small implementation of RFC 7693 (unkeyed).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint64 h[8];
  guint64 t[2];
  guint8  b[128];
  gsize   c;
  gsize   outlen;
} FwBlake2b;

void fw_blake2b_init   (FwBlake2b    *ctx,
                        gsize         outlen);
void fw_blake2b_update (FwBlake2b    *ctx,
                        const void   *data,
                        gsize         len);
/* Writes outlen bytes to @out. */
void fw_blake2b_final  (FwBlake2b    *ctx,
                        guint8       *out);

/**
 * fw_blake2b_fd_hex:
 * @fd: read from its offset to its end; not closed
 * @outlen: digest bytes, 1 to 64
 * @cancellable: (nullable): checked between reads
 * @bytes_done: (nullable): increased atomically after each read
 * @size: (out) (optional): bytes read
 * @error: G_IO_ERROR from errno, or cancelled
 *
 * Returns: (transfer full): the lowercase hex digest, or %NULL
 */
char *fw_blake2b_fd_hex (int            fd,
                         gsize          outlen,
                         GCancellable  *cancellable,
                         guint64       *bytes_done,
                         guint64       *size,
                         GError       **error);

G_END_DECLS
