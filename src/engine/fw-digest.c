/* fw-digest.c — hash algorithms and the multi-algorithm file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One read of the input feeds every requested algorithm. Buffers and hash
 * contexts live in a per-thread cache, so a worker that hashes a million
 * small files allocates them once. For a large input with a pool, the
 * algorithms are split into "bins" balanced by cost and each buffer is
 * handed to an FwPoolGroup, one task per bin, while this thread reads the
 * next buffer into the other half of a double buffer; the wait then runs
 * whatever bin no idle worker took. The group never waits on queued work,
 * so this cannot deadlock even with every worker doing it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <openssl/evp.h>
#include <xxhash.h>
#include <zlib.h>

#include "fw-digest.h"
#include "fw-digest-private.h"
#include "fw-engine.h"
#include "fw-xxh3-simd.h"

typedef enum {
  KIND_EVP,
  KIND_XXH64,
  KIND_XXH3,
  KIND_XXH128,
  KIND_CRC32,
} Kind;

typedef struct {
  const char *name;
  const char *tag;
  gsize       length;
  Kind        kind;
  const char *evp_name;
  guint       cost;     /* relative time per byte, for balancing bins */
} AlgorithmInfo;

static const AlgorithmInfo algorithms[FW_N_ALGORITHMS] = {
  [FW_ALGORITHM_MD5]      = { "md5",      "MD5",      16, KIND_EVP,    "MD5",         16 },
  [FW_ALGORITHM_SHA1]     = { "sha1",     "SHA1",     20, KIND_EVP,    "SHA1",        8 },
  [FW_ALGORITHM_SHA224]   = { "sha224",   "SHA224",   28, KIND_EVP,    "SHA224",      7 },
  [FW_ALGORITHM_SHA256]   = { "sha256",   "SHA256",   32, KIND_EVP,    "SHA256",      7 },
  [FW_ALGORITHM_SHA384]   = { "sha384",   "SHA384",   48, KIND_EVP,    "SHA384",      15 },
  [FW_ALGORITHM_SHA512]   = { "sha512",   "SHA512",   64, KIND_EVP,    "SHA512",      15 },
  [FW_ALGORITHM_SHA3_256] = { "sha3-256", "SHA3-256", 32, KIND_EVP,    "SHA3-256",    25 },
  [FW_ALGORITHM_SHA3_512] = { "sha3-512", "SHA3-512", 64, KIND_EVP,    "SHA3-512",    45 },
  [FW_ALGORITHM_BLAKE2B]  = { "blake2b",  "BLAKE2b",  64, KIND_EVP,    "BLAKE2B-512", 12 },
  [FW_ALGORITHM_BLAKE2S]  = { "blake2s",  "BLAKE2s",  32, KIND_EVP,    "BLAKE2S-256", 20 },
  [FW_ALGORITHM_XXH64]    = { "xxh64",    "XXH64",    8,  KIND_XXH64,  NULL,          2 },
  [FW_ALGORITHM_XXH3]     = { "xxh3",     "XXH3",     8,  KIND_XXH3,   NULL,          1 },
  [FW_ALGORITHM_XXH128]   = { "xxh128",   "XXH128",   16, KIND_XXH128, NULL,          1 },
  [FW_ALGORITHM_CRC32]    = { "crc32",    "CRC32",    4,  KIND_CRC32,  NULL,          3 },
};

#define ALL_ALGORITHMS ((FwAlgorithmSet) ((1u << FW_N_ALGORITHMS) - 1))

const char *
fw_algorithm_get_name (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, NULL);
  return algorithms[algorithm].name;
}

const char *
fw_algorithm_get_tag (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, NULL);
  return algorithms[algorithm].tag;
}

gsize
fw_algorithm_get_length (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, 0);
  return algorithms[algorithm].length;
}

FwAlgorithm
fw_algorithm_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FW_ALGORITHM_INVALID);
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (g_ascii_strcasecmp (name, algorithms[i].name) == 0)
      return (FwAlgorithm) i;
  return FW_ALGORITHM_INVALID;
}

FwAlgorithm
fw_algorithm_from_tag (const char *tag)
{
  g_return_val_if_fail (tag != NULL, FW_ALGORITHM_INVALID);
  /* Exact first (coreutils' spelling), then any case. */
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (strcmp (tag, algorithms[i].tag) == 0)
      return (FwAlgorithm) i;
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (g_ascii_strcasecmp (tag, algorithms[i].tag) == 0)
      return (FwAlgorithm) i;
  return FW_ALGORITHM_INVALID;
}

guint
fw_algorithm_set_count (FwAlgorithmSet set)
{
  return (guint) __builtin_popcount (set & ALL_ALGORITHMS);
}

FwAlgorithm
fw_algorithm_set_first (FwAlgorithmSet set)
{
  set &= ALL_ALGORITHMS;
  if (set == 0)
    return FW_ALGORITHM_INVALID;
  return (FwAlgorithm) __builtin_ctz (set);
}

void
fw_digest_result_free (FwDigestResult *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    g_free (result->hex[i]);
  g_free (result);
}

/* EVP digests, fetched once per process ---------------------------------- */

static EVP_MD *evp_mds[FW_N_ALGORITHMS];

static GPrivate cache_key;   /* defined below, with its destructor */

static void
ensure_evp_mds (void)
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
        if (algorithms[i].kind == KIND_EVP)
          evp_mds[i] = EVP_MD_fetch (NULL, algorithms[i].evp_name, NULL);
      /* The per-thread cache's key, made once here rather than by two
       * workers at once (see fw_pool_class_init()). */
      g_private_get (&cache_key);
      g_once_init_leave (&once, 1);
    }
}

void
fw_digest_init (void)
{
  ensure_evp_mds ();
}

/* Test seam --------------------------------------------------------------- */

static FwDigestIoHooks io_hooks;

void
fw_digest_set_io_hooks (const FwDigestIoHooks *hooks)
{
  if (hooks != NULL)
    io_hooks = *hooks;
  else
    memset (&io_hooks, 0, sizeof io_hooks);
}

static int
io_open (const char *path,
         int         flags)
{
  if (io_hooks.open != NULL)
    return io_hooks.open (path, flags, io_hooks.user_data);
  return open (path, flags);
}

static gssize
io_read (int    fd,
         void  *buffer,
         gsize  count)
{
  gssize n;

  do
    {
      if (io_hooks.read != NULL)
        n = io_hooks.read (fd, buffer, count, io_hooks.user_data);
      else
        n = read (fd, buffer, count);
    }
  while (n < 0 && errno == EINTR);
  return n;
}

static int
io_fstat (int          fd,
          struct stat *st)
{
  if (io_hooks.fstat != NULL)
    return io_hooks.fstat (fd, st, io_hooks.user_data);
  return fstat (fd, st);
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

/* Per-algorithm state ---------------------------------------------------- */

typedef struct {
  FwAlgorithm    algorithm;
  EVP_MD_CTX    *evp;
  XXH64_state_t *xxh64;
  XXH3_state_t  *xxh3;
  FwXxh3Avx2    *xxh3_avx2;
  gboolean       avx2;    /* this run uses xxh3_avx2 */
  uLong          crc;
} Lane;

static void
lane_clear (Lane *lane)
{
  g_clear_pointer (&lane->evp, EVP_MD_CTX_free);
  g_clear_pointer (&lane->xxh64, XXH64_freeState);
  g_clear_pointer (&lane->xxh3, XXH3_freeState);
  g_clear_pointer (&lane->xxh3_avx2, fw_xxh3_avx2_free);
}

static gboolean
lane_reset (Lane        *lane,
            FwAlgorithm  algorithm,
            GError     **error)
{
  lane->algorithm = algorithm;
  switch (algorithms[algorithm].kind)
    {
    case KIND_EVP:
      ensure_evp_mds ();
      if (evp_mds[algorithm] == NULL)
        {
          g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_UNKNOWN_ALGORITHM,
                       "%s is not available from OpenSSL", algorithms[algorithm].name);
          return FALSE;
        }
      if (lane->evp == NULL)
        lane->evp = EVP_MD_CTX_new ();
      if (lane->evp == NULL || !EVP_DigestInit_ex2 (lane->evp, evp_mds[algorithm], NULL))
        {
          g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_FAILED,
                       "cannot start %s", algorithms[algorithm].name);
          return FALSE;
        }
      return TRUE;
    case KIND_XXH64:
      if (lane->xxh64 == NULL)
        lane->xxh64 = XXH64_createState ();
      XXH64_reset (lane->xxh64, 0);
      return TRUE;
    case KIND_XXH3:
    case KIND_XXH128:
      lane->avx2 = use_avx2 ();
      if (lane->avx2)
        {
          if (lane->xxh3_avx2 == NULL)
            lane->xxh3_avx2 = fw_xxh3_avx2_new ();
          fw_xxh3_avx2_reset (lane->xxh3_avx2, algorithms[algorithm].kind == KIND_XXH128);
          return TRUE;
        }
      if (lane->xxh3 == NULL)
        lane->xxh3 = XXH3_createState ();
      if (algorithms[algorithm].kind == KIND_XXH3)
        XXH3_64bits_reset (lane->xxh3);
      else
        XXH3_128bits_reset (lane->xxh3);
      return TRUE;
    case KIND_CRC32:
      lane->crc = crc32_z (0, NULL, 0);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static void
lane_update (Lane         *lane,
             const guchar *data,
             gsize         length)
{
  switch (algorithms[lane->algorithm].kind)
    {
    case KIND_EVP:
      EVP_DigestUpdate (lane->evp, data, length);
      break;
    case KIND_XXH64:
      XXH64_update (lane->xxh64, data, length);
      break;
    case KIND_XXH3:
      if (lane->avx2)
        fw_xxh3_avx2_update (lane->xxh3_avx2, FALSE, data, length);
      else
        XXH3_64bits_update (lane->xxh3, data, length);
      break;
    case KIND_XXH128:
      if (lane->avx2)
        fw_xxh3_avx2_update (lane->xxh3_avx2, TRUE, data, length);
      else
        XXH3_128bits_update (lane->xxh3, data, length);
      break;
    case KIND_CRC32:
      lane->crc = crc32_z (lane->crc, data, length);
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

static char *
lane_finish (Lane *lane)
{
  guchar bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;

  switch (algorithms[lane->algorithm].kind)
    {
    case KIND_EVP:
      EVP_DigestFinal_ex (lane->evp, bytes, &length);
      break;
    case KIND_XXH64:
      {
        XXH64_canonical_t c;
        XXH64_canonicalFromHash (&c, XXH64_digest (lane->xxh64));
        memcpy (bytes, c.digest, sizeof c.digest);
        length = sizeof c.digest;
      }
      break;
    case KIND_XXH3:
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
    case KIND_XXH128:
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
    case KIND_CRC32:
      bytes[0] = (guchar) (lane->crc >> 24);
      bytes[1] = (guchar) (lane->crc >> 16);
      bytes[2] = (guchar) (lane->crc >> 8);
      bytes[3] = (guchar) lane->crc;
      length = 4;
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert (length == algorithms[lane->algorithm].length);
  return hex_encode (bytes, length);
}

/* Per-thread cache: lanes and the double buffer --------------------------- */

typedef struct {
  Lane     lanes[FW_N_ALGORITHMS];
  guchar  *buffers[2];
  gsize    buffer_size;
  gboolean in_use;
} Cache;

static void
cache_free (gpointer data)
{
  Cache *cache = data;

  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    lane_clear (&cache->lanes[i]);
  g_free (cache->buffers[0]);
  g_free (cache->buffers[1]);
  g_free (cache);
}

static GPrivate cache_key = G_PRIVATE_INIT (cache_free);

/* Borrows this thread's cache, or a fresh one if it is already in use
 * (a digest nested in another in the same thread). */
static Cache *
cache_acquire (void)
{
  Cache *cache;

  ensure_evp_mds ();
  cache = g_private_get (&cache_key);

  if (cache == NULL)
    {
      cache = g_new0 (Cache, 1);
      g_private_set (&cache_key, cache);
    }
  else if (cache->in_use)
    {
      cache = g_new0 (Cache, 1);
    }
  cache->in_use = TRUE;
  return cache;
}

static void
cache_release (Cache *cache)
{
  if (cache != g_private_get (&cache_key))
    {
      cache_free (cache);
      return;
    }
  cache->in_use = FALSE;
}

static guchar *
cache_buffer (Cache *cache,
              guint  index,
              gsize  size)
{
  if (cache->buffer_size != size)
    {
      g_clear_pointer (&cache->buffers[0], g_free);
      g_clear_pointer (&cache->buffers[1], g_free);
      cache->buffer_size = size;
    }
  if (cache->buffers[index] == NULL)
    cache->buffers[index] = g_malloc (size);
  return cache->buffers[index];
}

/* Reading ------------------------------------------------------------------ */

typedef struct {
  Lane         *lanes[FW_N_ALGORITHMS];
  guint         n_lanes;
  guint         cost;
  const guchar *data;
  gsize         length;
} Bin;

static void
bin_run (gpointer data)
{
  Bin *bin = data;

  for (guint i = 0; i < bin->n_lanes; i++)
    lane_update (bin->lanes[i], bin->data, bin->length);
}

typedef struct {
  int     fd;
  guchar *buffer;
  gsize   size;
  gssize  n;
  int     saved_errno;
} ReadTask;

static void
read_run (gpointer data)
{
  ReadTask *task = data;

  task->n = io_read (task->fd, task->buffer, task->size);
  task->saved_errno = task->n < 0 ? errno : 0;
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  if (path != NULL)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "%s: %s", path, g_strerror (saved_errno));
  else
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                         g_strerror (saved_errno));
}

static void
add_bytes (guint64 *bytes_done,
           gsize    n)
{
  if (bytes_done != NULL)
    __atomic_fetch_add (bytes_done, (guint64) n, __ATOMIC_RELAXED);
}

static int
compare_cost_desc (gconstpointer a,
                   gconstpointer b)
{
  FwAlgorithm x = *(const FwAlgorithm *) a;
  FwAlgorithm y = *(const FwAlgorithm *) b;

  return (int) algorithms[y].cost - (int) algorithms[x].cost;
}

/* Splits the lanes into at most @max_bins bins, heaviest first (longest
 * processing time first), so that the first bin added to a group — the one
 * an idle worker takes at once — is the slowest. Returns the bin count. */
static guint
make_bins (Cache          *cache,
           FwAlgorithmSet  set,
           guint           max_bins,
           Bin            *bins)
{
  FwAlgorithm order[FW_N_ALGORITHMS];
  guint n = 0, n_bins;

  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (set & FW_ALGORITHM_BIT (i))
      order[n++] = (FwAlgorithm) i;
  qsort (order, n, sizeof order[0], compare_cost_desc);

  n_bins = MIN (n, max_bins);
  memset (bins, 0, sizeof (Bin) * n_bins);
  for (guint i = 0; i < n; i++)
    {
      guint lightest = 0;
      for (guint b = 1; b < n_bins; b++)
        if (bins[b].cost < bins[lightest].cost)
          lightest = b;
      bins[lightest].lanes[bins[lightest].n_lanes++] = &cache->lanes[order[i]];
      bins[lightest].cost += algorithms[order[i]].cost;
    }
  return n_bins;
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  /* A paused batch holds here too, between two reads. */
  fw_pool_pause_point (cancellable);
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
read_all (Cache          *cache,
          int             fd,
          const char     *path,
          FwAlgorithmSet  set,
          gsize           buffer_size,
          FwPool         *pool,
          GCancellable   *cancellable,
          guint64        *bytes_done,
          guint64        *total,
          GError        **error)
{
  guchar *buffer = cache_buffer (cache, 0, buffer_size);
  gssize n;

  *total = 0;

  if (check_cancelled (cancellable, error))
    return FALSE;
  n = io_read (fd, buffer, buffer_size);
  if (n < 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }
  add_bytes (bytes_done, (gsize) n);
  *total += (guint64) n;

  if (pool != NULL && (gsize) n == buffer_size && fw_pool_get_n_workers (pool) > 1)
    {
      /* Large input: double-buffered, the bins in parallel. */
      Bin bins[FW_N_ALGORITHMS];
      guint n_bins = make_bins (cache, set, fw_pool_get_n_workers (pool), bins);
      guchar *buffers[2] = { buffer, cache_buffer (cache, 1, buffer_size) };
      guint current = 0;
      gsize length = (gsize) n;

      for (;;)
        {
          g_autoptr(FwPoolGroup) group = fw_pool_group_new (pool);
          ReadTask next = { fd, buffers[current ^ 1], buffer_size, 0, 0 };
          gboolean cancelled = g_cancellable_is_cancelled (cancellable);

          /* The read of the next buffer is a task of the group too, and the
           * first: whichever thread takes it then helps with the bins, and a
           * group of two tasks gets a second thread even for one bin. */
          if (!cancelled)
            fw_pool_group_add (group, read_run, &next);
          for (guint b = 0; b < n_bins; b++)
            {
              bins[b].data = buffers[current];
              bins[b].length = length;
              fw_pool_group_add (group, bin_run, &bins[b]);
            }
          fw_pool_group_wait (group);

          if (check_cancelled (cancellable, error))
            return FALSE;
          if (next.n < 0)
            {
              set_errno_error (error, next.saved_errno, path);
              return FALSE;
            }
          if (next.n == 0)
            return TRUE;
          add_bytes (bytes_done, (gsize) next.n);
          *total += (guint64) next.n;
          current ^= 1;
          length = (gsize) next.n;
        }
    }

  /* Serial: every algorithm over each buffer in this thread. */
  while (n > 0)
    {
      for (guint i = 0; i < FW_N_ALGORITHMS; i++)
        if (set & FW_ALGORITHM_BIT (i))
          lane_update (&cache->lanes[i], buffer, (gsize) n);

      if (check_cancelled (cancellable, error))
        return FALSE;
      n = io_read (fd, buffer, buffer_size);
      if (n < 0)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
      add_bytes (bytes_done, (gsize) n);
      *total += (guint64) n;
    }
  return TRUE;
}

static FwDigestResult *
digest_fd (int             fd,
           const char     *path,
           const struct stat *st,
           FwAlgorithmSet  set,
           gsize           buffer_size,
           FwPool         *pool,
           GCancellable   *cancellable,
           guint64        *bytes_done,
           GError        **error)
{
  g_autoptr(FwDigestResult) result = NULL;
  Cache *cache;
  guint64 total = 0;
  gboolean ok = TRUE;
  FwAlgorithmSet started = 0;

  if (buffer_size == 0)
    buffer_size = FW_DIGEST_DEFAULT_BUFFER_SIZE;

  /* Read-ahead advice only where it can matter: one syscall saved per
   * small file counts when there are a million of them. */
  if (st != NULL && S_ISREG (st->st_mode) && (guint64) st->st_size > buffer_size)
    posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  cache = cache_acquire ();
  for (guint i = 0; i < FW_N_ALGORITHMS && ok; i++)
    if (set & FW_ALGORITHM_BIT (i))
      {
        ok = lane_reset (&cache->lanes[i], (FwAlgorithm) i, error);
        if (ok)
          started |= FW_ALGORITHM_BIT (i);
      }

  if (ok)
    ok = read_all (cache, fd, path, set, buffer_size, pool, cancellable,
                   bytes_done, &total, error);

  if (ok)
    {
      result = g_new0 (FwDigestResult, 1);
      result->algorithms = set;
      result->size = total;
    }
  /* Finish every started lane, even on failure, so contexts stay reusable. */
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (started & FW_ALGORITHM_BIT (i))
      {
        char *hex = lane_finish (&cache->lanes[i]);
        if (result != NULL)
          result->hex[i] = hex;
        else
          g_free (hex);
      }
  cache_release (cache);

  return g_steal_pointer (&result);
}

#define MAX_BUFFER_SIZE ((gsize) 1 << 30)

FwDigestResult *
fw_digest_fd (int             fd,
              FwAlgorithmSet  algorithms_set,
              gsize           buffer_size,
              FwPool         *pool,
              GCancellable   *cancellable,
              guint64        *bytes_done,
              GError        **error)
{
  struct stat st;
  gboolean have_stat;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~ALL_ALGORITHMS) == 0, NULL);
  g_return_val_if_fail (buffer_size <= MAX_BUFFER_SIZE, NULL);
  g_return_val_if_fail (pool == NULL || FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  have_stat = io_fstat (fd, &st) == 0;
  return digest_fd (fd, NULL, have_stat ? &st : NULL, algorithms_set, buffer_size,
                    pool, cancellable, bytes_done, error);
}

FwDigestResult *
fw_digest_path_full (const char     *path,
                     FwAlgorithmSet  algorithms_set,
                     gsize           buffer_size,
                     FwDigestFlags   flags,
                     FwPool         *pool,
                     GCancellable   *cancellable,
                     guint64        *bytes_done,
                     GError        **error)
{
  FwDigestResult *result;
  struct stat st;
  gboolean have_stat;
  int open_flags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~ALL_ALGORITHMS) == 0, NULL);
  g_return_val_if_fail (buffer_size <= MAX_BUFFER_SIZE, NULL);
  g_return_val_if_fail (pool == NULL || FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (flags & FW_DIGEST_REGULAR_ONLY)
    open_flags |= O_NOFOLLOW | O_NONBLOCK;

  do
    fd = io_open (path, open_flags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  have_stat = io_fstat (fd, &st) == 0;
  if ((flags & FW_DIGEST_REGULAR_ONLY) && (!have_stat || !S_ISREG (st.st_mode)))
    {
      if (!have_stat)
        set_errno_error (error, errno, path);
      else
        g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED,
                     _("%s: not a regular file"), path);
      close (fd);
      return NULL;
    }

  result = digest_fd (fd, path, have_stat ? &st : NULL, algorithms_set, buffer_size,
                      pool, cancellable, bytes_done, error);
  close (fd);
  return result;
}

FwDigestResult *
fw_digest_path (const char     *path,
                FwAlgorithmSet  algorithms_set,
                gsize           buffer_size,
                FwPool         *pool,
                GCancellable   *cancellable,
                guint64        *bytes_done,
                GError        **error)
{
  return fw_digest_path_full (path, algorithms_set, buffer_size, FW_DIGEST_FLAGS_NONE,
                              pool, cancellable, bytes_done, error);
}

FwDigestResult *
fw_digest_data (const void     *data,
                gsize           length,
                FwAlgorithmSet  algorithms_set)
{
  FwDigestResult *result;
  Cache *cache;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~ALL_ALGORITHMS) == 0, NULL);

  result = g_new0 (FwDigestResult, 1);
  result->algorithms = algorithms_set;
  result->size = length;

  cache = cache_acquire ();
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (algorithms_set & FW_ALGORITHM_BIT (i))
      {
        Lane *lane = &cache->lanes[i];
        g_autoptr(GError) error = NULL;

        if (!lane_reset (lane, (FwAlgorithm) i, &error))
          {
            g_warning ("%s", error->message);
            continue;
          }
        if (length > 0)
          lane_update (lane, data, length);
        result->hex[i] = lane_finish (lane);
      }
  cache_release (cache);
  return result;
}
