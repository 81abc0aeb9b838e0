/* fw-dupes-stage.c — the duplicate finder's stages, in order: files by
 * inode, sizes, edges, digests, bytes; and the groups they settle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fw-dupes-private.h"

/* Files a worker takes at once: the edge stage reads 8 KiB a file, so
 * many; the digest stage up to this many files or bytes. */
#define EDGES_CHUNK_FILES   64
#define DIGEST_CHUNK_FILES  16
#define DIGEST_CHUNK_BYTES  (32u * 1024 * 1024)

void
fw_dupes_run_set_stage (FwDupesRun   *run,
                        FwDupesStage  stage,
                        guint64       files_total,
                        guint64       bytes_total)
{
  __atomic_store_n (&run->files_total, files_total, __ATOMIC_RELAXED);
  __atomic_store_n (&run->files_done, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&run->bytes_total, bytes_total, __ATOMIC_RELAXED);
  g_atomic_int_set (&run->stage, stage);
}

/* The walk's files, by inode ------------------------------------------------ */

static int
compare_entries_by_inode (gconstpointer a,
                          gconstpointer b)
{
  const FwDupesEntry *ea = a, *eb = b;

  if (ea->dev != eb->dev)
    return ea->dev < eb->dev ? -1 : 1;
  if (ea->ino != eb->ino)
    return ea->ino < eb->ino ? -1 : 1;
  return 0;
}

/* Sorts the entries by inode (a stable sort: the walk's order within one
 * inode); drops a path met twice (overlapping operands: the same inode and
 * canonical path), keeping the first one walked; sets leaders and links. */
static void
link_entries (FwDupesRun *run)
{
  GArray *entries = run->entries;
  guint out = 0;

  g_array_sort (entries, compare_entries_by_inode);

  for (guint i = 0; i < entries->len;)
    {
      guint end = i + 1;
      guint start = out;

      while (end < entries->len &&
             g_array_index (entries, FwDupesEntry, end).dev == g_array_index (entries, FwDupesEntry, i).dev &&
             g_array_index (entries, FwDupesEntry, end).ino == g_array_index (entries, FwDupesEntry, i).ino)
        end++;

      if (end - i == 1)
        g_array_index (entries, FwDupesEntry, out++) = g_array_index (entries, FwDupesEntry, i);
      else
        {
          g_autoptr(GPtrArray) canonical = g_ptr_array_new_with_free_func (g_free);

          for (guint j = i; j < end; j++)
            {
              FwDupesEntry *e = &g_array_index (entries, FwDupesEntry, j);
              g_autofree char *c = g_canonicalize_filename (e->path, NULL);
              gboolean seen = FALSE;

              for (guint k = 0; k < canonical->len && !seen; k++)
                seen = strcmp (canonical->pdata[k], c) == 0;
              if (seen)
                continue;
              g_ptr_array_add (canonical, g_steal_pointer (&c));
              g_array_index (entries, FwDupesEntry, out++) = *e;
            }
        }

      for (guint j = start; j < out; j++)
        {
          FwDupesEntry *e = &g_array_index (entries, FwDupesEntry, j);

          e->leader = start;
          e->n_links = j == start ? out - start : 0;
        }
      i = end;
    }
  g_array_set_size (entries, out);
}

/* Groups ------------------------------------------------------------------- */

static int
compare_files_by_path (gconstpointer a,
                       gconstpointer b)
{
  const FwDupesFile *fa = *(FwDupesFile * const *) a;
  const FwDupesFile *fb = *(FwDupesFile * const *) b;

  return strcmp (fa->path, fb->path);
}

/* Publishes the files (inode leaders) @leaders[0..n) as one group of equal
 * content, when it is one: two inodes, or two paths with -H. */
static void
publish_group (FwDupesRun    *run,
               const guint32 *leaders,
               guint          n,
               const guint8  *digest)
{
  FwDupesGroup *group;
  guint n_paths = 0;
  g_autofree gint *index_of = NULL;
  guint next_index = 0;

  for (guint i = 0; i < n; i++)
    n_paths += g_array_index (run->entries, FwDupesEntry, leaders[i]).n_links;
  if (n < 2 && !((run->flags & FW_DUPES_HARDLINKS_ARE_DUPLICATES) && n_paths >= 2))
    return;

  group = g_new0 (FwDupesGroup, 1);
  group->size = g_array_index (run->entries, FwDupesEntry, leaders[0]).size;
  group->n_inodes = n;
  group->wasted = group->size * (n - 1);
  if (digest != NULL)
    memcpy (group->digest, digest, sizeof group->digest);
  group->files = g_ptr_array_new_full (n_paths, (GDestroyNotify) fw_dupes_file_free);
  for (guint i = 0; i < n; i++)
    {
      const FwDupesEntry *leader = &g_array_index (run->entries, FwDupesEntry, leaders[i]);

      for (guint j = 0; j < leader->n_links; j++)
        {
          const FwDupesEntry *e = leader + j;
          FwDupesFile *file = g_new0 (FwDupesFile, 1);

          file->path = g_strdup (e->path);
          file->dev = e->dev;
          file->ino = e->ino;
          file->mtime_ns = e->mtime_ns;
          file->inode_index = i;  /* renumbered below */
          file->linked = leader->n_links > 1;
          g_ptr_array_add (group->files, file);
        }
    }
  g_ptr_array_sort (group->files, compare_files_by_path);
  index_of = g_new (gint, n);
  for (guint i = 0; i < n; i++)
    index_of[i] = -1;
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *file = group->files->pdata[i];

      if (index_of[file->inode_index] < 0)
        index_of[file->inode_index] = (gint) next_index++;
      file->inode_index = (guint) index_of[file->inode_index];
    }

  fw_dupes_scan_publish (run->scan, group);
}

/* The size stage -------------------------------------------------------------- */

static int
compare_leaders_by_size (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  GArray *entries = user_data;
  const FwDupesEntry *ea = &g_array_index (entries, FwDupesEntry, *(const guint32 *) a);
  const FwDupesEntry *eb = &g_array_index (entries, FwDupesEntry, *(const guint32 *) b);

  if (ea->size != eb->size)
    return ea->size > eb->size ? -1 : 1;
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

/* Every inode whose size another inode has (or, with -H, with links)
 * becomes a candidate, largest sizes first; sizes of one file are
 * settled, and the empty files published (they need no reading). */
static gboolean
size_stage (FwDupesRun *run)
{
  g_autoptr(GArray) leaders = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 class_id = 0;
  guint64 bytes = 0;

  if (run->hook != NULL)
    run->hook (run->scan, FW_DUPES_STAGE_SIZE, NULL, run->hook_data);
  if (g_cancellable_is_cancelled (run->cancellable))
    return FALSE;

  for (guint32 i = 0; i < run->entries->len; i++)
    if (g_array_index (run->entries, FwDupesEntry, i).leader == i)
      g_array_append_val (leaders, i);
  g_array_sort_with_data (leaders, compare_leaders_by_size, run->entries);

  for (guint i = 0; i < leaders->len;)
    {
      guint64 size = g_array_index (run->entries, FwDupesEntry, g_array_index (leaders, guint32, i)).size;
      guint end = i + 1;

      while (end < leaders->len &&
             g_array_index (run->entries, FwDupesEntry, g_array_index (leaders, guint32, end)).size == size)
        end++;

      if (size == 0)
        {
          if (!(run->flags & FW_DUPES_SKIP_EMPTY))
            publish_group (run, &g_array_index (leaders, guint32, i), end - i, NULL);
        }
      else if (end - i == 1)
        /* One inode: a group only of its own links (-H), equal unread. */
        publish_group (run, &g_array_index (leaders, guint32, i), 1, NULL);
      else
        {
          for (guint j = i; j < end; j++)
            {
              FwDupesCandidate c = { 0 };

              c.entry = g_array_index (leaders, guint32, j);
              c.class_id = class_id;
              g_array_append_val (run->candidates, c);
              bytes += MIN (size, 2 * FW_DUPES_EDGE_SIZE);
            }
          class_id++;
        }
      i = end;
    }
  fw_dupes_run_set_stage (run, FW_DUPES_STAGE_EDGES, run->candidates->len, bytes);
  return TRUE;
}

/* The reading stages ------------------------------------------------------------ */

typedef struct {
  FwDupesRun *run;
  guint       first;
  guint       n;
} Chunk;

static gpointer
edges_chunk_run (gpointer       item,
                 GCancellable  *cancellable,
                 gpointer       user_data,
                 GError       **error)
{
  Chunk *chunk = item;

  for (guint i = chunk->first; i < chunk->first + chunk->n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      fw_dupes_read_edges (chunk->run, &g_array_index (chunk->run->candidates, FwDupesCandidate, i));
      __atomic_fetch_add (&chunk->run->files_done, 1, __ATOMIC_RELAXED);
    }
  return GUINT_TO_POINTER (1);
}

static int
compare_by_digest (gconstpointer a,
                   gconstpointer b)
{
  const FwDupesCandidate *ca = a, *cb = b;
  int c;

  if (ca->state != cb->state)
    return ca->state < cb->state ? -1 : 1;
  if ((c = memcmp (ca->digest, cb->digest, sizeof ca->digest)) != 0)
    return c;
  return ca->entry < cb->entry ? -1 : ca->entry > cb->entry;
}

/* The last file of a class was hashed (by this worker): its groups are
 * published now, so that a window shows them while the scan goes on. The
 * class's candidates are this worker's alone from here. */
static void
settle_class (FwDupesRun *run,
              guint32     class_id)
{
  FwDupesCandidate *all = &g_array_index (run->candidates, FwDupesCandidate, run->class_first[class_id]);
  guint n = run->class_len[class_id];
  g_autofree guint32 *leaders = g_new (guint32, n);

  qsort (all, n, sizeof *all, compare_by_digest);
  for (guint i = 0; i < n;)
    {
      guint end = i + 1;

      while (end < n && all[end].state == all[i].state &&
             memcmp (all[end].digest, all[i].digest, sizeof all[i].digest) == 0)
        end++;
      if (all[i].state == FW_DUPES_CANDIDATE_OK)
        {
          for (guint j = i; j < end; j++)
            {
              leaders[j - i] = all[j].entry;
              all[j].state = FW_DUPES_CANDIDATE_SETTLED;
            }
          publish_group (run, leaders, end - i, all[i].digest);
        }
      i = end;
    }
}

static gpointer
digest_chunk_run (gpointer       item,
                  GCancellable  *cancellable,
                  gpointer       user_data,
                  GError       **error)
{
  Chunk *chunk = item;
  FwDupesRun *run = chunk->run;

  for (guint i = chunk->first; i < chunk->first + chunk->n; i++)
    {
      guint32 class_id = g_array_index (run->candidates, FwDupesCandidate, i).class_id;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      fw_dupes_read_digest (run, &g_array_index (run->candidates, FwDupesCandidate, i));
      __atomic_fetch_add (&run->files_done, 1, __ATOMIC_RELAXED);
      if (run->class_remaining != NULL &&
          __atomic_sub_fetch (&run->class_remaining[class_id], 1, __ATOMIC_ACQ_REL) == 0)
        settle_class (run, class_id);
    }
  return GUINT_TO_POINTER (1);
}

/* One class (candidates [first, first + n) with equal digests): each file
 * compared with the first that is still in; those that differ leave. */
static gpointer
compare_chunk_run (gpointer       item,
                   GCancellable  *cancellable,
                   gpointer       user_data,
                   GError       **error)
{
  Chunk *chunk = item;
  FwDupesCandidate *all = &g_array_index (chunk->run->candidates, FwDupesCandidate, chunk->first);
  FwDupesCandidate *reference = NULL;

  for (guint i = 0; i < chunk->n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (all[i].state != FW_DUPES_CANDIDATE_OK)
        continue;
      if (reference == NULL)
        reference = &all[i];
      else if (!fw_dupes_read_compare (chunk->run, reference, &all[i]))
        {
          all[i].state = FW_DUPES_CANDIDATE_DROPPED;
          /* The reference itself failed: the next one takes its place. */
          if (reference->state != FW_DUPES_CANDIDATE_OK)
            reference = NULL;
        }
      __atomic_fetch_add (&chunk->run->files_done, 1, __ATOMIC_RELAXED);
    }
  return GUINT_TO_POINTER (1);
}

/* The call's func_data: released by the pool after the last running
 * chunk returned, even when the call ended early (cancel). */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean released;
} Release;

static void
release_signal (gpointer data)
{
  Release *release = data;

  g_mutex_lock (&release->lock);
  release->released = TRUE;
  g_cond_broadcast (&release->cond);
  g_mutex_unlock (&release->lock);
}

/* Runs @func over @chunks on the pool, and returns once no chunk runs any
 * more (the run's memory is the chunks'); FALSE when cancelled. */
static gboolean
run_chunks (FwDupesRun  *run,
            FwPool      *pool,
            GPtrArray   *chunks,
            FwPoolFunc   func)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  Release release = { 0 };

  if (chunks->len == 0)
    return !g_cancellable_is_cancelled (run->cancellable);
  g_mutex_init (&release.lock);
  g_cond_init (&release.cond);
  results = fw_pool_process (pool, chunks, func, &release, release_signal, NULL, FW_POOL_FAIL_FAST,
                             run->cancellable, NULL, NULL, &error);
  g_mutex_lock (&release.lock);
  while (!release.released)
    g_cond_wait (&release.cond, &release.lock);
  g_mutex_unlock (&release.lock);
  g_mutex_clear (&release.lock);
  g_cond_clear (&release.cond);
  return results != NULL && !g_cancellable_is_cancelled (run->cancellable);
}

/* The walk as the one item of a pool call: on a worker, fw_pool_pause_point()
 * holds it while the pool is paused, as it holds the reading stages. It
 * returns FALSE only when cancelled, which run_chunks() tells itself. */
static gpointer
walk_item (gpointer       item,
           GCancellable  *cancellable,
           gpointer       user_data,
           GError       **error)
{
  FwDupesRun *run = item;

  fw_dupes_walk (run, run->operands);
  return NULL;
}

static gboolean
walk_on_pool (FwDupesRun *run,
              FwPool     *pool)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_ptr_array_add (items, run);
  return run_chunks (run, pool, items, walk_item);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const FwDupesCandidate *ca = a, *cb = b;
  int c;

  if (ca->class_id != cb->class_id)
    return ca->class_id < cb->class_id ? -1 : 1;
  if (ca->state != cb->state)
    return ca->state < cb->state ? -1 : 1;
  if ((c = memcmp (ca->edges, cb->edges, sizeof ca->edges)) != 0)
    return c;
  if ((c = memcmp (ca->digest, cb->digest, sizeof ca->digest)) != 0)
    return c;
  return ca->entry < cb->entry ? -1 : ca->entry > cb->entry;
}

/* After a reading stage: the candidates sorted by class and by what was
 * read; each run of equal ones is a new class. A run settled now (one
 * inode, or read whole, or @last) is published; the rest stay, renumbered.
 * Returns the new count of classes. */
static guint
regroup (FwDupesRun *run,
         gboolean    last)
{
  GArray *candidates = run->candidates;
  g_autoptr(GArray) leaders = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint out = 0;
  guint32 class_id = 0;

  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < candidates->len;)
    {
      FwDupesCandidate *first = &g_array_index (candidates, FwDupesCandidate, i);
      guint end = i + 1;

      while (end < candidates->len)
        {
          FwDupesCandidate *c = &g_array_index (candidates, FwDupesCandidate, end);

          if (c->class_id != first->class_id || c->state != first->state ||
              memcmp (c->edges, first->edges, sizeof c->edges) != 0 ||
              memcmp (c->digest, first->digest, sizeof c->digest) != 0)
            break;
          end++;
        }

      if (first->state == FW_DUPES_CANDIDATE_OK)
        {
          if (end - i == 1 || first->complete || last)
            {
              g_array_set_size (leaders, 0);
              for (guint j = i; j < end; j++)
                g_array_append_val (leaders, g_array_index (candidates, FwDupesCandidate, j).entry);
              publish_group (run, (const guint32 *) leaders->data, leaders->len,
                             first->complete ? NULL : first->digest);
            }
          else
            {
              for (guint j = i; j < end; j++)
                {
                  FwDupesCandidate c = g_array_index (candidates, FwDupesCandidate, j);

                  c.class_id = class_id;
                  g_array_index (candidates, FwDupesCandidate, out++) = c;
                }
              class_id++;
            }
        }
      i = end;
    }
  g_array_set_size (candidates, out);
  return class_id;
}

static int
compare_candidates_by_size (gconstpointer a,
                            gconstpointer b,
                            gpointer      user_data)
{
  GArray *entries = user_data;
  const FwDupesCandidate *ca = a, *cb = b;
  guint64 sa = g_array_index (entries, FwDupesEntry, ca->entry).size;
  guint64 sb = g_array_index (entries, FwDupesEntry, cb->entry).size;

  if (sa != sb)
    return sa > sb ? -1 : 1;
  return ca->class_id < cb->class_id ? -1 : ca->class_id > cb->class_id;
}

static void
digest_stage_chunks (FwDupesRun *run,
                     GPtrArray  *chunks,
                     guint       n_classes,
                     gboolean    settle)
{
  guint64 bytes = 0;
  Chunk *chunk = NULL;
  guint64 chunk_bytes = 0;

  /* Largest first: a group settled early frees the most. */
  g_array_sort_with_data (run->candidates, compare_candidates_by_size, run->entries);
  if (settle)
    {
      run->class_remaining = g_new0 (guint, n_classes);
      run->class_first = g_new0 (guint, n_classes);
      run->class_len = g_new0 (guint, n_classes);
      for (guint i = run->candidates->len; i-- > 0;)
        {
          guint32 class_id = g_array_index (run->candidates, FwDupesCandidate, i).class_id;

          run->class_first[class_id] = i;
          run->class_len[class_id]++;
          run->class_remaining[class_id]++;
        }
    }
  for (guint i = 0; i < run->candidates->len; i++)
    {
      guint64 size = g_array_index (run->entries, FwDupesEntry,
                                    g_array_index (run->candidates, FwDupesCandidate, i).entry).size;

      if (chunk == NULL || chunk->n == DIGEST_CHUNK_FILES || chunk_bytes >= DIGEST_CHUNK_BYTES)
        {
          chunk = g_new0 (Chunk, 1);
          chunk->run = run;
          chunk->first = i;
          chunk_bytes = 0;
          g_ptr_array_add (chunks, chunk);
        }
      chunk->n++;
      chunk_bytes += size;
      bytes += size;
    }
  fw_dupes_run_set_stage (run, FW_DUPES_STAGE_DIGEST, run->candidates->len, bytes);
}

gboolean
fw_dupes_run_stages (FwDupesRun *run,
                     FwPool     *pool)
{
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func (g_free);
  guint n_classes;

  fw_dupes_run_set_stage (run, FW_DUPES_STAGE_WALK, 0, 0);
  if (!walk_on_pool (run, pool))
    return FALSE;

  fw_dupes_run_set_stage (run, FW_DUPES_STAGE_SIZE, run->entries->len, 0);
  link_entries (run);
  if (g_cancellable_is_cancelled (run->cancellable) || !size_stage (run))
    return FALSE;

  for (guint i = 0; i < run->candidates->len; i += EDGES_CHUNK_FILES)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      chunk->run = run;
      chunk->first = i;
      chunk->n = MIN (EDGES_CHUNK_FILES, run->candidates->len - i);
      g_ptr_array_add (chunks, chunk);
    }
  if (!run_chunks (run, pool, chunks, edges_chunk_run))
    return FALSE;
  n_classes = regroup (run, FALSE);

  g_ptr_array_set_size (chunks, 0);
  digest_stage_chunks (run, chunks, n_classes, !(run->flags & FW_DUPES_COMPARE_BYTES));
  if (!run_chunks (run, pool, chunks, digest_chunk_run))
    return FALSE;

  if (run->flags & FW_DUPES_COMPARE_BYTES)
    {
      guint64 bytes = 0;

      regroup (run, FALSE);
      g_ptr_array_set_size (chunks, 0);
      for (guint i = 0; i < run->candidates->len;)
        {
          Chunk *chunk = g_new0 (Chunk, 1);
          guint32 class_id = g_array_index (run->candidates, FwDupesCandidate, i).class_id;

          chunk->run = run;
          chunk->first = i;
          while (i < run->candidates->len &&
                 g_array_index (run->candidates, FwDupesCandidate, i).class_id == class_id)
            {
              bytes += g_array_index (run->entries, FwDupesEntry,
                                      g_array_index (run->candidates, FwDupesCandidate, i).entry).size;
              chunk->n++;
              i++;
            }
          g_ptr_array_add (chunks, chunk);
        }
      fw_dupes_run_set_stage (run, FW_DUPES_STAGE_COMPARE, run->candidates->len, bytes * 2);
      if (!run_chunks (run, pool, chunks, compare_chunk_run))
        return FALSE;
    }
  regroup (run, TRUE);
  fw_dupes_run_set_stage (run, FW_DUPES_STAGE_DONE, 0, 0);

  return TRUE;
}
