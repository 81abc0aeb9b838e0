/* fw-dupes.c — FwDupesScan: the duplicate finder's object, its stages in
 * order, and its groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fw-dupes-private.h"

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

  /* The groups and notes published, in that order, and the run pointer;
   * the workers add, any thread takes (fw_dupes_scan_take_groups(),
   * fw_dupes_scan_take_notes()). */
  GMutex        lock;
  GPtrArray    *groups;       /* FwDupesGroup */
  guint         n_taken;
  GPtrArray    *notes;        /* FwDupesNote */
  guint         n_notes_taken;
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

FwDupesNote *
fw_dupes_note_copy (const FwDupesNote *note)
{
  FwDupesNote *copy = g_new0 (FwDupesNote, 1);

  copy->kind = note->kind;
  copy->path = g_strdup (note->path);
  copy->error = note->error != NULL ? g_error_copy (note->error) : NULL;
  return copy;
}

void
fw_dupes_file_free (FwDupesFile *file)
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

  copy->files = g_ptr_array_new_full (group->files->len, (GDestroyNotify) fw_dupes_file_free);
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
  g_ptr_array_unref (self->notes);
  g_mutex_clear (&self->lock);

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
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_note_free);
  g_mutex_init (&self->lock);
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

  g_mutex_lock (&self->lock);
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
  progress->notes = self->notes->len;
  g_mutex_unlock (&self->lock);
}

guint
fw_dupes_scan_take_groups (FwDupesScan *self,
                           GPtrArray   *into)
{
  guint n;

  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), 0);
  g_return_val_if_fail (into != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->groups->len - self->n_taken;
  for (; self->n_taken < self->groups->len; self->n_taken++)
    g_ptr_array_add (into, fw_dupes_group_copy (self->groups->pdata[self->n_taken]));
  g_mutex_unlock (&self->lock);
  return n;
}

guint
fw_dupes_scan_take_notes (FwDupesScan *self,
                          GPtrArray   *into,
                          guint        max)
{
  guint n = 0;

  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), 0);
  g_return_val_if_fail (into != NULL, 0);

  g_mutex_lock (&self->lock);
  for (; self->n_notes_taken < self->notes->len && n < max; self->n_notes_taken++, n++)
    g_ptr_array_add (into, fw_dupes_note_copy (self->notes->pdata[self->n_notes_taken]));
  g_mutex_unlock (&self->lock);
  return n;
}

void
fw_dupes_scan_publish (FwDupesScan  *self,
                       FwDupesGroup *group)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->groups, group);
  g_mutex_unlock (&self->lock);
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
  /* Published at once, as the groups are: a window shows it on its next
   * tick, while the scan goes on. */
  g_mutex_lock (&run->scan->lock);
  g_ptr_array_add (run->scan->notes, note);
  g_mutex_unlock (&run->scan->lock);
}

FwDupesResult *
fw_dupes_scan_run (FwDupesScan   *self,
                   FwPool        *pool,
                   GCancellable  *cancellable,
                   GError       **error)
{
  FwDupesRun run = { 0 };
  FwDupesResult *result = NULL;

  g_return_val_if_fail (FW_IS_DUPES_SCAN (self), NULL);
  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (pool), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!self->started, NULL);

  self->started = TRUE;
  run.scan = self;
  run.operands = (const char * const *) self->operands;
  run.flags = self->flags;
  /* A digest shorter than 128 bits (CRC32, XXH64) could group two files
   * that differ: their groups are confirmed byte by byte. */
  if (fw_algorithm_get_length (self->algorithm) < 16)
    run.flags |= FW_DUPES_COMPARE_BYTES;
  run.algorithm = self->algorithm;
  run.cancellable = cancellable;
  run.hook = self->hook;
  run.hook_data = self->hook_data;
  run.strings = g_string_chunk_new (64 * 1024);
  run.entries = g_array_new (FALSE, FALSE, sizeof (FwDupesEntry));
  run.candidates = g_array_new (FALSE, FALSE, sizeof (FwDupesCandidate));

  g_mutex_lock (&self->lock);
  self->run = &run;
  g_mutex_unlock (&self->lock);

  if (fw_dupes_run_stages (&run, pool))
    {
      result = g_new0 (FwDupesResult, 1);
      g_mutex_lock (&self->lock);
      /* Published groups never change: the result shares them. */
      result->groups = g_ptr_array_copy (self->groups, NULL, NULL);
      g_ptr_array_set_free_func (result->groups, NULL);
      result->owner = g_ptr_array_ref (self->groups);
      g_mutex_unlock (&self->lock);
      g_ptr_array_sort (result->groups, fw_dupes_group_compare);
    }

  g_mutex_lock (&self->lock);
  self->run = NULL;
  self->final.stage = (FwDupesStage) run.stage;
  self->final.files_found = run.files_found;
  self->final.files_total = run.files_total;
  self->final.files_done = run.files_done;
  self->final.bytes_total = run.bytes_total;
  self->final.bytes_done = run.bytes_done;
  g_mutex_unlock (&self->lock);

  if (result != NULL)
    {
      /* Every note was published before the stages returned, and none
       * comes after: the result shares them too. */
      result->notes = g_ptr_array_ref (self->notes);
      result->n_files = run.entries->len;
      result->n_symlinks = run.n_symlinks;
      result->bytes_read = run.bytes_done;
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

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
