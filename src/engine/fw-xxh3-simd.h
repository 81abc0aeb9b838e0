/* fw-xxh3-simd.h — XXH3 with AVX2 where the CPU has it (engine-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian's libxxhash is built for the x86-64 baseline (SSE2); xxhsum picks
 * AVX2/AVX-512 at run time. This compiles xxhash.h's own implementation
 * (XXH_INLINE_ALL, from libxxhash-dev) a second time with -mavx2 and is
 * used only when the CPU says it has AVX2. The digests are bit-identical.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FwXxh3Avx2 FwXxh3Avx2;

FwXxh3Avx2  *fw_xxh3_avx2_new       (void);
void         fw_xxh3_avx2_free      (FwXxh3Avx2   *state);
void         fw_xxh3_avx2_reset     (FwXxh3Avx2   *state,
                                     gboolean      bits128);
void         fw_xxh3_avx2_update    (FwXxh3Avx2   *state,
                                     gboolean      bits128,
                                     const void   *data,
                                     gsize         length);
/* Writes the canonical (big-endian) digest: 8 or 16 bytes. */
void         fw_xxh3_avx2_digest    (FwXxh3Avx2   *state,
                                     gboolean      bits128,
                                     guint8       *out);

G_END_DECLS
