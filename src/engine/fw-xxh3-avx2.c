/* fw-xxh3-avx2.c — XXH3 compiled for AVX2 (see fw-xxh3-simd.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -mavx2 on x86-64 only; fw-digest-lane.c calls it only when
 * __builtin_cpu_supports ("avx2").
 */
#include "config.h"

#include <string.h>

#define XXH_INLINE_ALL
#define XXH_VECTOR 2   /* XXH_AVX2 */
#include <xxhash.h>

#include "fw-xxh3-simd.h"

struct _FwXxh3Avx2 {
  XXH3_state_t *state;
};

FwXxh3Avx2 *
fw_xxh3_avx2_new (void)
{
  FwXxh3Avx2 *self = g_new0 (FwXxh3Avx2, 1);

  self->state = XXH3_createState ();
  return self;
}

void
fw_xxh3_avx2_free (FwXxh3Avx2 *self)
{
  if (self == NULL)
    return;
  XXH3_freeState (self->state);
  g_free (self);
}

void
fw_xxh3_avx2_reset (FwXxh3Avx2 *self,
                    gboolean    bits128)
{
  if (bits128)
    XXH3_128bits_reset (self->state);
  else
    XXH3_64bits_reset (self->state);
}

void
fw_xxh3_avx2_update (FwXxh3Avx2 *self,
                     gboolean    bits128,
                     const void *data,
                     gsize       length)
{
  if (bits128)
    XXH3_128bits_update (self->state, data, length);
  else
    XXH3_64bits_update (self->state, data, length);
}

void
fw_xxh3_avx2_digest (FwXxh3Avx2 *self,
                     gboolean    bits128,
                     guint8     *out)
{
  if (bits128)
    {
      XXH128_canonical_t c;
      XXH128_canonicalFromHash (&c, XXH3_128bits_digest (self->state));
      memcpy (out, c.digest, sizeof c.digest);
    }
  else
    {
      XXH64_canonical_t c;
      XXH64_canonicalFromHash (&c, XXH3_64bits_digest (self->state));
      memcpy (out, c.digest, sizeof c.digest);
    }
}
