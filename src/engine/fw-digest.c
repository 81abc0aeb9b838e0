/* fw-digest.c — the multi-algorithm reader: files, descriptors, buffers
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
 *
 * BLAKE3 is a tree, so one input is hashed by every worker: in the
 * parallel path its lane takes no bin; each buffer is cut into subtrees
 * (a power of two of whole chunks each, one per worker), whose chaining
 * values the group computes at once and this thread then pushes into the
 * lane's hasher, in order (fw-blake3-private.h). A large regular file
 * hashed with BLAKE3 alone is mapped rather than read (read(2)'s copy
 * costs here about what the hash does), in pieces of a buffer's length
 * that the workers claim one after another for a whole round (so that
 * each is woken once, not once per buffer), checking cancel and pause
 * between two pieces; a truncated file's SIGBUS is caught by
 * fw-digest-map.c.
 *
 * The algorithms themselves (one "lane" each) are in fw-digest-lane.c,
 * their table in fw-digest-algorithm.c, the system calls in fw-digest-io.c
 * (see fw-digest-lane-private.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-digest-lane-private.h"
#include "fw-digest-private.h"
#include "fw-engine.h"

void
fw_digest_result_free (FwDigestResult *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    g_free (result->hex[i]);
  g_free (result);
}

/* Per-thread cache: lanes and the double buffer --------------------------- */

typedef struct {
  FwDigestLane  lanes[FW_N_ALGORITHMS];
  guchar       *buffers[2];
  gsize         buffer_size;
  gboolean      in_use;
} Cache;

static void
cache_free (gpointer data)
{
  Cache *cache = data;

  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    fw_digest_lane_clear (&cache->lanes[i]);
  g_free (cache->buffers[0]);
  g_free (cache->buffers[1]);
  g_free (cache);
}

static GPrivate cache_key = G_PRIVATE_INIT (cache_free);

/* OpenSSL and the per-thread cache's key, made once here rather than by
 * two workers at once (see fw_pool_class_init()). */
static void
ensure_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      fw_digest_lanes_init ();
      g_private_get (&cache_key);
      g_once_init_leave (&once, 1);
    }
}

void
fw_digest_init (void)
{
  ensure_init ();
}

/* Borrows this thread's cache, or a fresh one if it is already in use
 * (a digest nested in another in the same thread). */
static Cache *
cache_acquire (void)
{
  Cache *cache;

  ensure_init ();
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
  FwDigestLane *lanes[FW_N_ALGORITHMS];
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
    fw_digest_lane_update (bin->lanes[i], bin->data, bin->length);
}

/* BLAKE3 subtrees of one buffer, computed on the group. */
#define MAX_BLAKE3_PARTS 64

typedef struct {
  const FwBlake3 *hasher;   /* only read while the group runs */
  const guchar   *data;
  guint64         n_chunks;
  guint64         counter;
  gboolean        mapped;   /* data is a file's mapping */
  gboolean        failed;   /* the mapped file was truncated */
  guint8          cv[FW_BLAKE3_OUT_LEN];
} Blake3Part;

static void
blake3_part_compute (gpointer data)
{
  Blake3Part *part = data;

  fw_blake3_subtree_cv (part->hasher, part->data, part->n_chunks, part->counter, part->cv);
}

static void
blake3_part_run (gpointer data)
{
  Blake3Part *part = data;

  if (part->mapped)
    part->failed = !fw_digest_map_guard (blake3_part_compute, part);
  else
    blake3_part_compute (part);
}

/* Cuts @length bytes into about @n_workers subtrees at the hasher's chunk
 * counter; returns how many, and in @covered the bytes they hold (the
 * rest, under a chunk or beyond the last part, goes through an update).
 * None when the hasher is inside a chunk (after a short read). */
static guint
blake3_plan (const FwBlake3 *hasher,
             const guchar   *data,
             gsize           length,
             guint           n_workers,
             Blake3Part     *parts,
             gsize          *covered)
{
  guint64 counter;
  gsize target, done = 0;
  guint n = 0;

  *covered = 0;
  if (!fw_blake3_at_chunk_boundary (hasher))
    return 0;
  counter = fw_blake3_chunk_counter (hasher);
  target = MAX (length / MIN (4 * n_workers, MAX_BLAKE3_PARTS), (gsize) FW_BLAKE3_CHUNK_LEN);
  while (n < MAX_BLAKE3_PARTS && length - done >= FW_BLAKE3_CHUNK_LEN)
    {
      guint64 chunks = fw_blake3_subtree_chunks (counter, MIN (target, length - done));

      parts[n].hasher = hasher;
      parts[n].data = data + done;
      parts[n].n_chunks = chunks;
      parts[n].counter = counter;
      parts[n].mapped = FALSE;
      parts[n].failed = FALSE;
      n++;
      done += chunks * FW_BLAKE3_CHUNK_LEN;
      counter += chunks;
    }
  *covered = done;
  return n;
}

/* After the group: the parts' CVs into the hasher, then the rest. @last
 * says that nothing follows: a single part holding the whole input would
 * be the root, which a pushed CV cannot be, so then the buffer is hashed
 * again the plain way (this happens only for an input of one buffer). */
static void
blake3_finish_parts (FwBlake3       *hasher,
                     const guchar   *data,
                     gsize           length,
                     const Blake3Part *parts,
                     guint           n_parts,
                     gsize           covered,
                     gboolean        last)
{
  if (last && n_parts == 1 && covered == length && parts[0].counter == 0)
    {
      fw_blake3_update (hasher, data, length);
      return;
    }
  for (guint i = 0; i < n_parts; i++)
    fw_blake3_push_subtree (hasher, parts[i].cv, parts[i].n_chunks);
  if (covered < length)
    fw_blake3_update (hasher, data + covered, length - covered);
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

  task->n = fw_digest_io_read (task->fd, task->buffer, task->size);
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

  return (int) fw_algorithm_info[y].cost - (int) fw_algorithm_info[x].cost;
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
      bins[lightest].cost += fw_algorithm_info[order[i]].cost;
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
  n = fw_digest_io_read (fd, buffer, buffer_size);
  if (n < 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }
  add_bytes (bytes_done, (gsize) n);
  *total += (guint64) n;

  if (pool != NULL && (gsize) n == buffer_size && fw_pool_get_n_workers (pool) > 1)
    {
      /* Large input: double-buffered, the bins in parallel, and BLAKE3
       * in subtrees on every worker. */
      guint n_workers = fw_pool_get_n_workers (pool);
      gboolean blake3 = (set & FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3)) != 0;
      FwBlake3 *hasher = blake3 ? cache->lanes[FW_ALGORITHM_BLAKE3].blake3 : NULL;
      Bin bins[FW_N_ALGORITHMS];
      guint n_bins = make_bins (cache, set & ~FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3), n_workers, bins);
      guchar *buffers[2] = { buffer, cache_buffer (cache, 1, buffer_size) };
      guint current = 0;
      gsize length = (gsize) n;

      for (;;)
        {
          g_autoptr(FwPoolGroup) group = fw_pool_group_new (pool);
          ReadTask next = { fd, buffers[current ^ 1], buffer_size, 0, 0 };
          gboolean cancelled = g_cancellable_is_cancelled (cancellable);
          Blake3Part parts[MAX_BLAKE3_PARTS];
          guint n_parts = 0;
          gsize covered = 0;

          /* The read of the next buffer is a task of the group too, and the
           * first: whichever thread takes it then helps with the bins, and a
           * group of two tasks gets a second thread even for one bin. */
          if (!cancelled)
            fw_pool_group_add (group, read_run, &next);
          if (blake3)
            {
              n_parts = blake3_plan (hasher, buffers[current], length, n_workers, parts, &covered);
              for (guint p = 0; p < n_parts; p++)
                fw_pool_group_add (group, blake3_part_run, &parts[p]);
            }
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
          if (blake3)
            blake3_finish_parts (hasher, buffers[current], length, parts, n_parts, covered,
                                 next.n == 0);
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
          fw_digest_lane_update (&cache->lanes[i], buffer, (gsize) n);

      if (check_cancelled (cancellable, error))
        return FALSE;
      n = fw_digest_io_read (fd, buffer, buffer_size);
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

/* Mapped: BLAKE3 alone over a large regular file ------------------------ */

/* The mapping is cut into pieces, each an aligned subtree of the largest
 * power of two of chunks that fits in a buffer, and a last remainder (at
 * least one byte, so that no piece is the root) that this thread hashes
 * with an update. A round hands the workers a run of pieces: each worker
 * claims the next piece, hashes it, and claims again until the run is
 * done or the round stops (cancel, pause, or a truncated file), so a
 * worker is woken once per round rather than once per buffer, and cancel
 * and pause still land within one piece on each worker. Pieces are
 * claimed in order and a claimed piece is always finished, so the round's
 * CVs are a prefix of its run; this thread pushes them, in order. */
#define MAX_ROUND_PIECES 4096

typedef struct {
  const FwBlake3 *hasher;
  const guchar   *map;
  guint64         piece_chunks;
  guint64         first;       /* the round's run of pieces: [first, end) */
  guint64         end;
  guint64         next;        /* atomic: the next piece to claim */
  gint            failed;      /* atomic: a worker touched a vanished page */
  guint8         *cvs;         /* the run's CVs, FW_BLAKE3_OUT_LEN bytes each */
  FwPool         *pool;
  GCancellable   *cancellable;
  guint64        *bytes_done;
} MappedRound;

typedef struct {
  MappedRound *round;
  guint64      index;
} MappedPiece;

static void
mapped_piece_compute (gpointer data)
{
  MappedPiece *piece = data;
  MappedRound *round = piece->round;

  fw_blake3_subtree_cv (round->hasher,
                        round->map + piece->index * round->piece_chunks * FW_BLAKE3_CHUNK_LEN,
                        round->piece_chunks, piece->index * round->piece_chunks,
                        round->cvs + (piece->index - round->first) * FW_BLAKE3_OUT_LEN);
}

/* One worker's share of a round. Its first piece is always taken (unless
 * cancelled or failed), so that a round makes progress even where the
 * pause point does not hold (outside the pool's threads). */
static void
mapped_round_run (gpointer data)
{
  MappedRound *round = data;
  gboolean first = TRUE;

  while (!g_atomic_int_get (&round->failed) && !g_cancellable_is_cancelled (round->cancellable) &&
         (first || round->pool == NULL || !fw_pool_get_paused (round->pool)))
    {
      MappedPiece piece = { round, __atomic_fetch_add (&round->next, 1, __ATOMIC_RELAXED) };

      if (piece.index >= round->end)
        break;
      if (!fw_digest_map_guard (mapped_piece_compute, &piece))
        {
          g_atomic_int_set (&round->failed, 1);
          break;
        }
      add_bytes (round->bytes_done, round->piece_chunks * FW_BLAKE3_CHUNK_LEN);
      first = FALSE;
    }
}

typedef struct {
  FwBlake3     *hasher;
  const guchar *data;
  gsize         length;
} MappedRest;

static void
mapped_rest_update (gpointer data)
{
  MappedRest *rest = data;

  fw_blake3_update (rest->hasher, rest->data, rest->length);
}

/* Hashes the first @size bytes of @fd through a mapping, in rounds of
 * pieces on the pool's workers. Returns FALSE with @error set on cancel
 * or truncation; FALSE with no error when the file cannot be mapped (the
 * caller reads it instead). */
static gboolean
read_mapped (Cache         *cache,
             int            fd,
             const char    *path,
             guint64        size,
             gsize          buffer_size,
             FwPool        *pool,
             GCancellable  *cancellable,
             guint64       *bytes_done,
             guint64       *total,
             GError       **error)
{
  FwBlake3 *hasher = cache->lanes[FW_ALGORITHM_BLAKE3].blake3;
  guint n_workers = pool != NULL ? fw_pool_get_n_workers (pool) : 1;
  guint64 piece_chunks = fw_blake3_subtree_chunks (0, MAX (buffer_size, (gsize) FW_BLAKE3_CHUNK_LEN));
  guint64 piece_bytes = piece_chunks * FW_BLAKE3_CHUNK_LEN;
  guint64 n_pieces, pushed = 0;
  g_autofree guint8 *cvs = NULL;
  MappedRound round = { 0 };
  guchar *map;
  gboolean ok = TRUE;

  *total = 0;
  if (size > G_MAXSIZE || size == 0)
    return FALSE;
  map = mmap (NULL, (gsize) size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED)
    return FALSE;
  madvise (map, (gsize) size, MADV_SEQUENTIAL);

  n_pieces = (size - 1) / piece_bytes;
  cvs = g_malloc ((gsize) MIN (n_pieces, (guint64) MAX_ROUND_PIECES) * FW_BLAKE3_OUT_LEN + 1);
  round.hasher = hasher;
  round.map = map;
  round.piece_chunks = piece_chunks;
  round.cvs = cvs;
  round.pool = pool;
  round.cancellable = cancellable;
  round.bytes_done = bytes_done;

  while (ok && pushed < n_pieces)
    {
      if (check_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      round.first = round.next = pushed;
      round.end = MIN (n_pieces, pushed + MAX_ROUND_PIECES);
      if (n_workers > 1)
        {
          g_autoptr(FwPoolGroup) group = fw_pool_group_new (pool);

          for (guint w = 0; w < n_workers; w++)
            fw_pool_group_add (group, mapped_round_run, &round);
          fw_pool_group_wait (group);
        }
      else
        mapped_round_run (&round);
      if (g_atomic_int_get (&round.failed))
        {
          set_errno_error (error, EIO, path);
          ok = FALSE;
          break;
        }
      round.next = MIN (round.next, round.end);
      for (guint64 i = round.first; i < round.next; i++)
        fw_blake3_push_subtree (hasher, cvs + (i - round.first) * FW_BLAKE3_OUT_LEN, piece_chunks);
      pushed = round.next;
    }

  /* The rest, at least one byte, in this thread. */
  if (ok && check_cancelled (cancellable, error))
    ok = FALSE;
  if (ok)
    {
      MappedRest rest = { hasher, map + pushed * piece_bytes, (gsize) (size - pushed * piece_bytes) };

      if (!fw_digest_map_guard (mapped_rest_update, &rest))
        {
          set_errno_error (error, EIO, path);
          ok = FALSE;
        }
      else
        add_bytes (bytes_done, rest.length);
    }
  if (ok)
    *total = size;
  munmap (map, (gsize) size);
  return ok;
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
        ok = fw_digest_lane_reset (&cache->lanes[i], (FwAlgorithm) i, error);
        if (ok)
          started |= FW_ALGORITHM_BIT (i);
      }

  /* BLAKE3 alone over a large regular file that fw_digest_path_full()
   * opened (so at offset 0): mapped, then read from where the mapping
   * ends, should the file have grown. */
  if (ok && path != NULL && set == FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3) && st != NULL &&
      S_ISREG (st->st_mode) && (guint64) st->st_size > buffer_size && fw_digest_io_can_map ())
    {
      guint64 mapped = 0;
      GError *map_error = NULL;

      if (read_mapped (cache, fd, path, (guint64) st->st_size, buffer_size, pool, cancellable,
                       bytes_done, &mapped, &map_error))
        {
          if (lseek (fd, (off_t) mapped, SEEK_SET) < 0)
            {
              set_errno_error (error, errno, path);
              ok = FALSE;
            }
          else
            ok = read_all (cache, fd, path, set, buffer_size, pool, cancellable,
                           bytes_done, &total, error);
          total += mapped;
        }
      else if (map_error != NULL)
        {
          g_propagate_error (error, map_error);
          ok = FALSE;
        }
      else
        ok = read_all (cache, fd, path, set, buffer_size, pool, cancellable,
                       bytes_done, &total, error);
    }
  else if (ok)
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
        char *hex = fw_digest_lane_finish (&cache->lanes[i]);
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
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~FW_ALL_ALGORITHMS) == 0, NULL);
  g_return_val_if_fail (buffer_size <= MAX_BUFFER_SIZE, NULL);
  g_return_val_if_fail (pool == NULL || FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  have_stat = fw_digest_io_fstat (fd, &st) == 0;
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
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~FW_ALL_ALGORITHMS) == 0, NULL);
  g_return_val_if_fail (buffer_size <= MAX_BUFFER_SIZE, NULL);
  g_return_val_if_fail (pool == NULL || FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (flags & FW_DIGEST_REGULAR_ONLY)
    open_flags |= O_NOFOLLOW | O_NONBLOCK;

  do
    fd = fw_digest_io_open (path, open_flags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  have_stat = fw_digest_io_fstat (fd, &st) == 0;
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
  g_return_val_if_fail (algorithms_set != 0 && (algorithms_set & ~FW_ALL_ALGORITHMS) == 0, NULL);

  result = g_new0 (FwDigestResult, 1);
  result->algorithms = algorithms_set;
  result->size = length;

  cache = cache_acquire ();
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (algorithms_set & FW_ALGORITHM_BIT (i))
      {
        FwDigestLane *lane = &cache->lanes[i];
        g_autoptr(GError) error = NULL;

        if (!fw_digest_lane_reset (lane, (FwAlgorithm) i, &error))
          {
            g_warning ("%s", error->message);
            continue;
          }
        if (length > 0)
          fw_digest_lane_update (lane, data, length);
        result->hex[i] = fw_digest_lane_finish (lane);
      }
  cache_release (cache);
  return result;
}
