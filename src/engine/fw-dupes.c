/* fw-dupes.c — FwDupesScan: the duplicate finder's object, its stages in
 * order, and its groups
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

struct _FwDupesScan
{
  GObject       parent_instance;

  GStrv         operands;
  FwDupesFlags  flags;
  FwAlgorithm   algorithm;
  gboolean      started;
  FwDupesHook   hook;
  gpointer      hook_data;

  FwDupesRun   *run;          /* during the run; progress reads it */
  FwDupesProgress final;       /* after the run */

  GMutex        groups_lock;
  GPtrArray    *groups;       /* every group published, in that order */
  guint         n_taken;
};

G_DEFINE_FINAL_TYPE (FwDupesScan, fw_dupes_scan, G_TYPE_OBJECT)

void
fw_dupes_note_free (FwDupesNote *note)
{
  if (note == NULL)
    return;
  g_free (note->path);
  g_clear_error (&note->error);
  g_free (note);
}

static void
dupes_file_free (FwDupesFile *file)
{
  g_free (file->path);
  g_free (file);
}

void
fw_dupes_group_free (FwDupesGroup *group)
{
  if (group == NULL)
    return;
  g_ptr_array_unref (group->files);
  g_free (group);
}

FwDupesGroup *
fw_dupes_group_copy (const FwDupesGroup *group)
{
  FwDupesGroup *copy = g_memdup2 (group, sizeof *group);

  copy->files = g_ptr_array_new_full (group->files->len, (GDestroyNotify) dupes_file_free);
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *file = g_memdup2 (group->files->pdata[i], sizeof (FwDupesFile));

      file->path = g_strdup (file->path);
      g_ptr_array_add (copy->files, file);
    }
  return copy;
}

int
fw_dupes_group_compare (gconstpointer a,
                        gconstpointer b)
{
  const FwDupesGroup *ga = *(FwDupesGroup * const *) a;
  const FwDupesGroup *gb = *(FwDupesGroup * const *) b;
  const FwDupesFile *fa, *fb;

  if ((ga->size == 0) != (gb->size == 0))
    return ga->size == 0 ? 1 : -1;
  if (ga->size != gb->size)
    return ga->size > gb->size ? -1 : 1;
  fa = ga->files->pdata[0];
  fb = gb->files->pdata[0];
  return strcmp (fa->path, fb->path);
}

void
fw_dupes_result_free (FwDupesResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->groups, g_ptr_array_unref);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  g_clear_pointer (&result->owner, g_ptr_array_unref);
  g_free (result);
}

static void
fw_dupes_scan_finalize (GObject *object)
{
  FwDupesScan *self = FW_DUPES_SCAN (object);

  g_strfreev (self->operands);
  g_ptr_array_unref (self->groups);
  g_mutex_clear (&self->groups_lock);

  G_OBJECT_CLASS (fw_dupes_scan_parent_class)->finalize (object);
}

static void
fw_dupes_scan_class_init (FwDupesScanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_dupes_scan_finalize;
}

static void
fw_dupes_scan_init (FwDupesScan *self)
{
  self->algorithm = FW_ALGORITHM_XXH128;
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  g_mutex_init (&self->groups_lock);
}

FwDupesScan *
fw_dupes_scan_new (const char * const *paths,
                   FwDupesFlags        flags)
{
  FwDupesScan *self;

  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (FW_TYPE_DUPES_SCAN, NULL);
  self->operands = g_strdupv ((char **) paths);
  self->flags = flags;
  return self;
}

void
fw_dupes_scan_set_algorithm (FwDupesScan *self,
                             FwAlgorithm  algorithm)
{
  g_return_if_fail (FW_IS_DUPES_SCAN (self));
  g_return_if_fail (algorithm < FW_N_ALGORITHMS);
  g_return_if_fail (!self->started);
  self->algorithm = algorithm;
}

FwAlgorithm
fw_dupes_scan_get_algorithm (FwDupesScan *self)
{
  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), FW_ALGORITHM_INVALID);
  return self->algorithm;
}

void
fw_dupes_scan_set_hook (FwDupesScan *self,
                        FwDupesHook  hook,
                        gpointer     user_data)
{
  g_return_if_fail (FW_IS_DUPES_SCAN (self));
  g_return_if_fail (!self->started);
  self->hook = hook;
  self->hook_data = user_data;
}

void
fw_dupes_scan_get_progress (FwDupesScan     *self,
                            FwDupesProgress *progress)
{
  FwDupesRun *run;

  g_return_if_fail (FW_IS_DUPES_SCAN (self));
  g_return_if_fail (progress != NULL);

  g_mutex_lock (&self->groups_lock);
  run = self->run;
  if (run == NULL)
    *progress = self->final;
  else
    {
      progress->stage = (FwDupesStage) g_atomic_int_get (&run->stage);
      progress->files_found = __atomic_load_n (&run->files_found, __ATOMIC_RELAXED);
      progress->files_total = __atomic_load_n (&run->files_total, __ATOMIC_RELAXED);
      progress->files_done = __atomic_load_n (&run->files_done, __ATOMIC_RELAXED);
      progress->bytes_total = __atomic_load_n (&run->bytes_total, __ATOMIC_RELAXED);
      progress->bytes_done = __atomic_load_n (&run->bytes_done, __ATOMIC_RELAXED);
    }
  progress->groups = self->groups->len;
  g_mutex_unlock (&self->groups_lock);
}

guint
fw_dupes_scan_take_groups (FwDupesScan *self,
                           GPtrArray   *into)
{
  guint n;

  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), 0);
  g_return_val_if_fail (into != NULL, 0);

  g_mutex_lock (&self->groups_lock);
  n = self->groups->len - self->n_taken;
  for (; self->n_taken < self->groups->len; self->n_taken++)
    g_ptr_array_add (into, fw_dupes_group_copy (self->groups->pdata[self->n_taken]));
  g_mutex_unlock (&self->groups_lock);
  return n;
}

void
fw_dupes_run_note (FwDupesRun      *run,
                   FwDupesNoteKind  kind,
                   const char      *path,
                   GError          *error)
{
  FwDupesNote *note = g_new0 (FwDupesNote, 1);

  note->kind = kind;
  note->path = g_strdup (path);
  note->error = error;
  g_mutex_lock (&run->lock);
  g_ptr_array_add (run->notes, note);
  g_mutex_unlock (&run->lock);
}

static void
set_stage (FwDupesRun   *run,
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
  FwDupesScan *self = run->scan;
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
  group->files = g_ptr_array_new_full (n_paths, (GDestroyNotify) dupes_file_free);
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

  g_mutex_lock (&self->groups_lock);
  g_ptr_array_add (self->groups, group);
  g_mutex_unlock (&self->groups_lock);
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
  set_stage (run, FW_DUPES_STAGE_EDGES, run->candidates->len, bytes);
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
        return NULL;
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
        return NULL;
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
        return NULL;
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
  set_stage (run, FW_DUPES_STAGE_DIGEST, run->candidates->len, bytes);
}

static FwDupesResult *
run_stages (FwDupesScan  *self,
            FwDupesRun   *run,
            FwPool       *pool)
{
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func (g_free);
  FwDupesResult *result;
  guint n_classes;

  set_stage (run, FW_DUPES_STAGE_WALK, 0, 0);
  if (!fw_dupes_walk (run, (const char * const *) self->operands))
    return NULL;

  set_stage (run, FW_DUPES_STAGE_SIZE, run->entries->len, 0);
  link_entries (run);
  if (g_cancellable_is_cancelled (run->cancellable) || !size_stage (run))
    return NULL;

  for (guint i = 0; i < run->candidates->len; i += EDGES_CHUNK_FILES)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      chunk->run = run;
      chunk->first = i;
      chunk->n = MIN (EDGES_CHUNK_FILES, run->candidates->len - i);
      g_ptr_array_add (chunks, chunk);
    }
  if (!run_chunks (run, pool, chunks, edges_chunk_run))
    return NULL;
  n_classes = regroup (run, FALSE);

  g_ptr_array_set_size (chunks, 0);
  digest_stage_chunks (run, chunks, n_classes, !(self->flags & FW_DUPES_COMPARE_BYTES));
  if (!run_chunks (run, pool, chunks, digest_chunk_run))
    return NULL;

  if (self->flags & FW_DUPES_COMPARE_BYTES)
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
      set_stage (run, FW_DUPES_STAGE_COMPARE, run->candidates->len, bytes * 2);
      if (!run_chunks (run, pool, chunks, compare_chunk_run))
        return NULL;
    }
  regroup (run, TRUE);
  set_stage (run, FW_DUPES_STAGE_DONE, 0, 0);

  result = g_new0 (FwDupesResult, 1);
  g_mutex_lock (&self->groups_lock);
  /* Published groups never change: the result shares them. */
  result->groups = g_ptr_array_copy (self->groups, NULL, NULL);
  g_ptr_array_set_free_func (result->groups, NULL);
  result->owner = g_ptr_array_ref (self->groups);
  g_mutex_unlock (&self->groups_lock);
  g_ptr_array_sort (result->groups, fw_dupes_group_compare);
  return result;
}

FwDupesResult *
fw_dupes_scan_run (FwDupesScan   *self,
                   FwPool        *pool,
                   GCancellable  *cancellable,
                   GError       **error)
{
  FwDupesRun run = { 0 };
  FwDupesResult *result;

  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), NULL);
  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!self->started, NULL);

  self->started = TRUE;
  run.scan = self;
  run.flags = self->flags;
  run.algorithm = self->algorithm;
  run.cancellable = cancellable;
  run.hook = self->hook;
  run.hook_data = self->hook_data;
  run.strings = g_string_chunk_new (64 * 1024);
  run.entries = g_array_new (FALSE, FALSE, sizeof (FwDupesEntry));
  run.candidates = g_array_new (FALSE, FALSE, sizeof (FwDupesCandidate));
  run.notes = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_note_free);
  g_mutex_init (&run.lock);

  g_mutex_lock (&self->groups_lock);
  self->run = &run;
  g_mutex_unlock (&self->groups_lock);

  result = run_stages (self, &run, pool);

  g_mutex_lock (&self->groups_lock);
  self->run = NULL;
  self->final.stage = (FwDupesStage) run.stage;
  self->final.files_found = run.files_found;
  self->final.files_total = run.files_total;
  self->final.files_done = run.files_done;
  self->final.bytes_total = run.bytes_total;
  self->final.bytes_done = run.bytes_done;
  g_mutex_unlock (&self->groups_lock);

  if (result != NULL)
    {
      result->notes = g_steal_pointer (&run.notes);
      result->n_files = run.entries->len;
      result->n_symlinks = run.n_symlinks;
      result->bytes_read = run.bytes_done;
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

  g_clear_pointer (&run.notes, g_ptr_array_unref);
  g_mutex_clear (&run.lock);
  g_free (run.class_remaining);
  g_free (run.class_first);
  g_free (run.class_len);
  g_array_unref (run.candidates);
  g_array_unref (run.entries);
  g_string_chunk_free (run.strings);
  return result;
}

/* The run's own thread (not GTask's shared pool, whose threads GIO's own
 * async calls need: DESIGN.md). */
static gpointer
run_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  FwDupesResult *result = fw_dupes_scan_run (g_task_get_source_object (task), g_task_get_task_data (task),
                                             g_task_get_cancellable (task), &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) fw_dupes_result_free);
  return NULL;
}

void
fw_dupes_scan_run_async (FwDupesScan         *self,
                         FwPool              *pool,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FW_IS_DUPES_SCAN (self));
  g_return_if_fail (FW_IS_POOL (pool));
  g_return_if_fail (!self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_dupes_scan_run_async);
  g_task_set_task_data (task, g_object_ref (pool), g_object_unref);
  g_thread_unref (g_thread_new ("fw-dupes", run_thread, task));
}

FwDupesResult *
fw_dupes_scan_run_finish (FwDupesScan   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
