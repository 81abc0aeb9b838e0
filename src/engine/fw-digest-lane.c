/* fw-digest-lane.c — a lane: one algorithm's running state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each algorithm is computed by the library that does it fastest here:
 * OpenSSL's EVP digests (fetched once per process), libxxhash, zlib's
 * crc32, and XXH3/XXH128 a second time from fw-xxh3-avx2.c, built for
 * AVX2 and picked at run time when the processor has it; BLAKE3 is the
 * engine's own (fw-blake3.c), with an extendable output. A lane hides
 * which: reset, update over each buffer, finish into lowercase hex (the
 * canonical, big-endian byte order for XXH and CRC32, as xxhsum and
 * cksfv print them).
 */
#include "config.h"

#include <string.h>

#include "fw-digest-lane-private.h"
#include "fw-digest-private.h"
#include "fw-engine.h"

/* EVP digests, fetched once per process ---------------------------------- */

static EVP_MD *evp_mds[FW_N_ALGORITHMS];

void
fw_digest_lanes_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* OpenSSL frees its global state in an atexit() handler; a pool
       * thread that GLib ends while exit() runs frees its OpenSSL thread
       * state at the same time, and the two can crash (seen about once in
       * 300 runs). Leave the global state to the process's end instead.
       * Must be the first OpenSSL initialisation to take effect. */
      OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_LOAD_CONFIG, NULL);
      for (guint i = 0; i < FW_N_ALGORITHMS; i++)
        if (fw_algorithm_info[i].kind == FW_DIGEST_KIND_EVP)
          evp_mds[i] = EVP_MD_fetch (NULL, fw_algorithm_info[i].evp_name, NULL);
      g_once_init_leave (&once, 1);
    }
}

/* XXH3 with AVX2 ------------------------------------------------------------ */

static int simd_state = -1;   /* -1: not decided yet; 0: off; 1: AVX2 */

static gboolean
cpu_has_avx2 (void)
{
#ifdef FW_HAVE_XXH3_AVX2
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") != 0;
#else
  return FALSE;
#endif
}

static gboolean
use_avx2 (void)
{
  int state = g_atomic_int_get (&simd_state);

  if (state < 0)
    {
      state = cpu_has_avx2 () ? 1 : 0;
      g_atomic_int_set (&simd_state, state);
    }
  return state == 1;
}

gboolean
fw_digest_set_simd (gboolean enabled)
{
  g_atomic_int_set (&simd_state, enabled && cpu_has_avx2 () ? 1 : 0);
  return g_atomic_int_get (&simd_state) == 1;
}

#ifndef FW_HAVE_XXH3_AVX2
/* Never called without the AVX2 build: use_avx2() is FALSE. */
struct _FwXxh3Avx2 { int unused; };
FwXxh3Avx2 *fw_xxh3_avx2_new (void) { g_assert_not_reached (); }
void fw_xxh3_avx2_free (FwXxh3Avx2 *state) { g_assert (state == NULL); }
void fw_xxh3_avx2_reset (FwXxh3Avx2 *state, gboolean bits128) { g_assert_not_reached (); }
void fw_xxh3_avx2_update (FwXxh3Avx2 *state, gboolean bits128, const void *data, gsize length) { g_assert_not_reached (); }
void fw_xxh3_avx2_digest (FwXxh3Avx2 *state, gboolean bits128, guint8 *out) { g_assert_not_reached (); }
#endif

/* BLAKE3's output length --------------------------------------------------- */

static gsize blake3_length = FW_BLAKE3_OUT_LEN;

void
fw_digest_set_blake3_length (gsize length)
{
  g_return_if_fail (length <= FW_DIGEST_MAX_BLAKE3_LENGTH);
  __atomic_store_n (&blake3_length, length, __ATOMIC_RELAXED);
}

gsize
fw_digest_get_blake3_length (void)
{
  return __atomic_load_n (&blake3_length, __ATOMIC_RELAXED);
}

/* Lanes ------------------------------------------------------------------ */

void
fw_digest_lane_clear (FwDigestLane *lane)
{
  g_clear_pointer (&lane->evp, EVP_MD_CTX_free);
  g_clear_pointer (&lane->xxh64, XXH64_freeState);
  g_clear_pointer (&lane->xxh3, XXH3_freeState);
  g_clear_pointer (&lane->xxh3_avx2, fw_xxh3_avx2_free);
  g_clear_pointer (&lane->blake3, g_free);
}

gboolean
fw_digest_lane_reset (FwDigestLane  *lane,
                      FwAlgorithm    algorithm,
                      GError       **error)
{
  lane->algorithm = algorithm;
  switch (fw_algorithm_info[algorithm].kind)
    {
    case FW_DIGEST_KIND_EVP:
      fw_digest_lanes_init ();
      if (evp_mds[algorithm] == NULL)
        {
          g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_UNKNOWN_ALGORITHM,
                       "%s is not available from OpenSSL", fw_algorithm_info[algorithm].name);
          return FALSE;
        }
      if (lane->evp == NULL)
        lane->evp = EVP_MD_CTX_new ();
      if (lane->evp == NULL || !EVP_DigestInit_ex2 (lane->evp, evp_mds[algorithm], NULL))
        {
          g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_FAILED,
                       "cannot start %s", fw_algorithm_info[algorithm].name);
          return FALSE;
        }
      return TRUE;
    case FW_DIGEST_KIND_XXH64:
      if (lane->xxh64 == NULL)
        lane->xxh64 = XXH64_createState ();
      XXH64_reset (lane->xxh64, 0);
      return TRUE;
    case FW_DIGEST_KIND_XXH3:
    case FW_DIGEST_KIND_XXH128:
      lane->avx2 = use_avx2 ();
      if (lane->avx2)
        {
          if (lane->xxh3_avx2 == NULL)
            lane->xxh3_avx2 = fw_xxh3_avx2_new ();
          fw_xxh3_avx2_reset (lane->xxh3_avx2, fw_algorithm_info[algorithm].kind == FW_DIGEST_KIND_XXH128);
          return TRUE;
        }
      if (lane->xxh3 == NULL)
        lane->xxh3 = XXH3_createState ();
      if (fw_algorithm_info[algorithm].kind == FW_DIGEST_KIND_XXH3)
        XXH3_64bits_reset (lane->xxh3);
      else
        XXH3_128bits_reset (lane->xxh3);
      return TRUE;
    case FW_DIGEST_KIND_CRC32:
      lane->crc = crc32_z (0, NULL, 0);
      return TRUE;
    case FW_DIGEST_KIND_BLAKE3:
      if (lane->blake3 == NULL)
        lane->blake3 = g_new (FwBlake3, 1);
      fw_blake3_init (lane->blake3);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

void
fw_digest_lane_update (FwDigestLane  *lane,
                       const guchar  *data,
                       gsize          length)
{
  switch (fw_algorithm_info[lane->algorithm].kind)
    {
    case FW_DIGEST_KIND_EVP:
      EVP_DigestUpdate (lane->evp, data, length);
      break;
    case FW_DIGEST_KIND_XXH64:
      XXH64_update (lane->xxh64, data, length);
      break;
    case FW_DIGEST_KIND_XXH3:
      if (lane->avx2)
        fw_xxh3_avx2_update (lane->xxh3_avx2, FALSE, data, length);
      else
        XXH3_64bits_update (lane->xxh3, data, length);
      break;
    case FW_DIGEST_KIND_XXH128:
      if (lane->avx2)
        fw_xxh3_avx2_update (lane->xxh3_avx2, TRUE, data, length);
      else
        XXH3_128bits_update (lane->xxh3, data, length);
      break;
    case FW_DIGEST_KIND_CRC32:
      lane->crc = crc32_z (lane->crc, data, length);
      break;
    case FW_DIGEST_KIND_BLAKE3:
      fw_blake3_update (lane->blake3, data, length);
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
hex_encode (const guchar *bytes,
            gsize         length)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (length * 2 + 1);

  for (gsize i = 0; i < length; i++)
    {
      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  hex[length * 2] = '\0';
  return hex;
}

char *
fw_digest_lane_finish (FwDigestLane *lane)
{
  guchar bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;

  switch (fw_algorithm_info[lane->algorithm].kind)
    {
    case FW_DIGEST_KIND_BLAKE3:
      {
        gsize out_len = fw_digest_get_blake3_length ();
        g_autofree guchar *out = g_malloc (MAX (out_len, 1));

        fw_blake3_finalize (lane->blake3, out, out_len);
        return hex_encode (out, out_len);
      }
    case FW_DIGEST_KIND_EVP:
      EVP_DigestFinal_ex (lane->evp, bytes, &length);
      break;
    case FW_DIGEST_KIND_XXH64:
      {
        XXH64_canonical_t c;
        XXH64_canonicalFromHash (&c, XXH64_digest (lane->xxh64));
        memcpy (bytes, c.digest, sizeof c.digest);
        length = sizeof c.digest;
      }
      break;
    case FW_DIGEST_KIND_XXH3:
      if (lane->avx2)
        {
          fw_xxh3_avx2_digest (lane->xxh3_avx2, FALSE, bytes);
          length = 8;
          break;
        }
      {
        XXH64_canonical_t c;
        XXH64_canonicalFromHash (&c, XXH3_64bits_digest (lane->xxh3));
        memcpy (bytes, c.digest, sizeof c.digest);
        length = sizeof c.digest;
      }
      break;
    case FW_DIGEST_KIND_XXH128:
      if (lane->avx2)
        {
          fw_xxh3_avx2_digest (lane->xxh3_avx2, TRUE, bytes);
          length = 16;
          break;
        }
      {
        XXH128_canonical_t c;
        XXH128_canonicalFromHash (&c, XXH3_128bits_digest (lane->xxh3));
        memcpy (bytes, c.digest, sizeof c.digest);
        length = sizeof c.digest;
      }
      break;
    case FW_DIGEST_KIND_CRC32:
      bytes[0] = (guchar) (lane->crc >> 24);
      bytes[1] = (guchar) (lane->crc >> 16);
      bytes[2] = (guchar) (lane->crc >> 8);
      bytes[3] = (guchar) lane->crc;
      length = 4;
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert (length == fw_algorithm_info[lane->algorithm].length);
  return hex_encode (bytes, length);
}
