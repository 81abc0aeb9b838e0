/* fw-size.c — the size scan: FwSizeScan, its shared state, runs, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan object and the state its folder jobs share (see
 * fw-size-private.h for how the scan works and which unit does what): it
 * examines the item, starts the stream of folder jobs, waits for the last
 * one (blocking or from the caller's main context) and moves the totals
 * into a result.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-size-private.h"

struct _FwSizeScan {
  GObject      parent_instance;
  FwSizeState *state;
  gboolean     started;
};

G_DEFINE_FINAL_TYPE (FwSizeScan, fw_size_scan, G_TYPE_OBJECT)

FwSizeState *
fw_size_state_ref (FwSizeState *state)
{
  g_atomic_int_inc (&state->ref_count);
  return state;
}

static void
size_error_free (gpointer data)
{
  FwSizeError *e = data;
  g_free (e->path);
  g_clear_error (&e->error);
  g_free (e->order);
  g_free (e);
}

void
fw_size_state_unref (FwSizeState *state)
{
  if (!g_atomic_int_dec_and_test (&state->ref_count))
    return;
  if (state->hook_destroy != NULL)
    state->hook_destroy (state->hook_data);
  if (state->tree_hook_destroy != NULL)
    state->tree_hook_destroy (state->tree_hook_data);
  fw_size_node_free (state->tree);
  g_free (state->root_path);
  g_assert (state->task == NULL);
  g_cond_clear (&state->stopped_cond);
  g_weak_ref_clear (&state->hook_scan);
  g_free (state->slots);
  g_clear_pointer (&state->candidates, g_array_unref);
  g_clear_pointer (&state->top_files, g_array_unref);
  g_mutex_clear (&state->lock);
  g_hash_table_unref (state->links);
  g_ptr_array_unref (state->errors);
  g_clear_pointer (&state->entries_rec, g_array_unref);
  g_clear_pointer (&state->top, g_ptr_array_unref);
  g_clear_pointer (&state->top_apparent, g_ptr_array_unref);
  g_free (state);
}

static FwSizeState *
scan_state_new (const char  *path,
                FwSizeFlags  flags)
{
  FwSizeState *state = g_new0 (FwSizeState, 1);
  gsize len = strlen (path);

  state->ref_count = 1;
  /* fts_open: two or more trailing slashes are trimmed to one. */
  if (len > 2 && path[len - 1] == '/')
    while (len > 1 && path[len - 2] == '/')
      len--;
  state->root_path = g_strndup (path, len);
  state->flags = flags;
  g_mutex_init (&state->lock);
  g_cond_init (&state->stopped_cond);
  g_weak_ref_init (&state->hook_scan, NULL);
  if (flags & FW_SIZE_KEEP_LARGEST)
    {
      state->candidates = g_array_new (FALSE, FALSE, sizeof (FwSizeCandidate));
      g_array_set_clear_func (state->candidates, fw_size_candidate_clear);
      state->top_files = g_array_sized_new (FALSE, FALSE, sizeof (FwSizeCandidate),
                                            FW_SIZE_N_LARGEST + 1);
      g_array_set_clear_func (state->top_files, fw_size_candidate_clear);
    }
  if ((flags & FW_SIZE_RECORD_LARGEST_FILES) && (flags & FW_SIZE_RECORD_TREE))
    {
      state->top = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_size_file_free);
      state->top_apparent = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_size_file_free);
    }
  state->links = fw_size_devino_set_new ();
  state->errors = g_ptr_array_new_with_free_func (size_error_free);
  if (flags & FW_SIZE_RECORD_ENTRIES)
    state->entries_rec = g_array_new (FALSE, FALSE, sizeof (FwSizeEntry));
  return state;
}

FwSizeError *
fw_size_error_new (FwSizeErrorKind  kind,
                   char            *path,       /* taken */
                   int              errnum,
                   guint64          key_dev,
                   guint64          key_ino,
                   gboolean         has_key)
{
  FwSizeError *e = g_new0 (FwSizeError, 1);

  e->kind = kind;
  e->path = path;
  e->errnum = errnum;
  e->error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum),
                                  g_strerror (errnum));
  e->key_dev = key_dev;
  e->key_ino = key_ino;
  e->has_key = has_key;
  return e;
}

void
fw_size_state_add_errors (FwSizeState  *state,
                          FwSizeError **errors,
                          guint         n)
{
  if (n == 0)
    return;
  g_mutex_lock (&state->lock);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (state->errors, errors[i]);
  g_mutex_unlock (&state->lock);
}

void
fw_size_state_finish_one (FwSizeState *state)
{
  if (g_atomic_int_dec_and_test (&state->outstanding))
    fw_pool_stream_close (state->stream);
}

/* ---------------------------------------------------------------------- */

char *
fw_size_error_to_string (const FwSizeError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->kind == FW_SIZE_ERROR_READ_DIR)
    return g_strdup_printf ("cannot read directory '%s': %s", error->path, g_strerror (error->errnum));
  return g_strdup_printf ("cannot access '%s': %s", error->path, g_strerror (error->errnum));
}

void
fw_size_result_free (FwSizeResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_pointer (&result->largest, g_ptr_array_unref);
  g_clear_pointer (&result->largest_files, g_ptr_array_unref);
  g_clear_pointer (&result->largest_files_apparent, g_ptr_array_unref);
  g_clear_pointer (&result->entries, g_array_unref);
  fw_size_node_free (result->tree);
  g_free (result);
}

static FwSizeResult *
result_new (FwSizeState *state)
{
  FwSizeResult *result = g_new0 (FwSizeResult, 1);

  result->path = g_strdup (state->root_path);
  result->errors = g_ptr_array_new_with_free_func (size_error_free);
  result->largest = g_ptr_array_new_with_free_func (fw_size_child_free);
  result->largest_files = fw_size_top_snapshot (state);
  result->largest_files_apparent = fw_size_top_snapshot_apparent (state);
  result->dev = state->root_dev;
  result->ino = state->root_ino;
  return result;
}

/* Once every folder job has finished: the totals and lists, moved out of
 * the state into a result the caller owns. */
static FwSizeResult *
result_from_state (FwSizeState *state)
{
  FwSizeResult *result = result_new (state);

  result->is_dir = TRUE;
  result->disk_usage = __atomic_load_n (&state->disk, __ATOMIC_RELAXED);
  result->apparent_size = __atomic_load_n (&state->apparent, __ATOMIC_RELAXED);
  result->n_files = __atomic_load_n (&state->n_files, __ATOMIC_RELAXED);
  result->n_dirs = __atomic_load_n (&state->n_dirs, __ATOMIC_RELAXED);
  result->n_others = __atomic_load_n (&state->n_others, __ATOMIC_RELAXED);

  g_mutex_lock (&state->lock);
  g_ptr_array_extend_and_steal (result->errors, g_steal_pointer (&state->errors));
  state->errors = g_ptr_array_new_with_free_func (size_error_free);
  if (state->entries_rec != NULL)
    {
      result->entries = g_steal_pointer (&state->entries_rec);
      state->entries_rec = g_array_new (FALSE, FALSE, sizeof (FwSizeEntry));
    }
  g_mutex_unlock (&state->lock);
  fw_size_errors_sort (result->errors);
  result->incomplete = result->errors->len > 0;
  result->tree = g_steal_pointer (&state->tree);

  fw_size_largest_collect (state, result->largest);
  g_ptr_array_unref (result->largest_files);
  result->largest_files = fw_size_top_snapshot (state);
  g_ptr_array_unref (result->largest_files_apparent);
  result->largest_files_apparent = fw_size_top_snapshot_apparent (state);
  return result;
}

/* ---------------------------------------------------------------------- */

static void
fw_size_scan_finalize (GObject *object)
{
  FwSizeScan *self = FW_SIZE_SCAN (object);

  fw_size_state_unref (self->state);
  G_OBJECT_CLASS (fw_size_scan_parent_class)->finalize (object);
}

static void
fw_size_scan_class_init (FwSizeScanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_size_scan_finalize;
}

static void
fw_size_scan_init (FwSizeScan *self)
{
}

FwSizeScan *
fw_size_scan_new (const char  *path,
                  FwSizeFlags  flags)
{
  FwSizeScan *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FW_TYPE_SIZE_SCAN, NULL);
  self->state = scan_state_new (path, flags);
  return self;
}

const char *
fw_size_scan_get_path (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  return self->state->root_path;
}

void
fw_size_scan_set_folder_hook (FwSizeScan       *self,
                              FwSizeFolderHook  hook,
                              gpointer          user_data,
                              GDestroyNotify    destroy)
{
  FwSizeState *state;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);

  state = self->state;
  if (state->hook_destroy != NULL)
    state->hook_destroy (state->hook_data);
  state->hook = hook;
  state->hook_data = user_data;
  state->hook_destroy = destroy;
  g_weak_ref_set (&state->hook_scan, hook != NULL || state->tree_hook != NULL ? self : NULL);
}

void
fw_size_scan_set_exclude (FwSizeScan      *self,
                          const FwExclude *exclude)
{
  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);
  self->state->exclude = exclude;
  self->state->exclude_offset = 0;
}

void
fw_size_scan_set_exclude_relative (FwSizeScan      *self,
                                   const FwExclude *exclude)
{
  const char *root;
  gsize len;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);
  self->state->exclude = exclude;
  /* Every entry's path is the item's (one trailing '/' dropped), '/',
   * then the names below it (fw-size-folder.c's dir_child_path()). */
  root = self->state->root_path;
  len = strlen (root);
  self->state->exclude_offset = len > 0 && root[len - 1] == '/' ? len : len + 1;
}

GPtrArray *
fw_size_scan_get_largest_files (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  return fw_size_top_snapshot (self->state);
}

GPtrArray *
fw_size_scan_get_largest_files_apparent (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  return fw_size_top_snapshot_apparent (self->state);
}

void
fw_size_scan_set_tree_hook (FwSizeScan     *self,
                            FwSizeTreeHook  hook,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  FwSizeState *state;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (self->state->flags & FW_SIZE_RECORD_TREE);

  state = self->state;
  if (state->tree_hook_destroy != NULL)
    state->tree_hook_destroy (state->tree_hook_data);
  state->tree_hook = hook;
  state->tree_hook_data = user_data;
  state->tree_hook_destroy = destroy;
  if (hook != NULL)
    g_weak_ref_set (&state->hook_scan, self);
}

void
fw_size_scan_set_max_open_folders (FwSizeScan *self,
                                   guint       max_open)
{
  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);
  self->state->max_open = max_open;
}

guint
fw_size_scan_get_max_open_folders (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), 0);
  return self->state->max_open;
}

guint
fw_size_scan_get_peak_open_folders (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), 0);
  return (guint) g_atomic_int_get (&self->state->peak_open);
}

void
fw_size_scan_get_progress (FwSizeScan     *self,
                           FwSizeProgress *progress)
{
  FwSizeState *state;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (progress != NULL);

  state = self->state;
  progress->entries = __atomic_load_n (&state->entries, __ATOMIC_RELAXED);
  progress->folders = __atomic_load_n (&state->folders, __ATOMIC_RELAXED);
  progress->disk_usage = __atomic_load_n (&state->disk, __ATOMIC_RELAXED);
  progress->apparent_size = __atomic_load_n (&state->apparent, __ATOMIC_RELAXED);
}


/* Examines the item itself. Returns a finished result for anything but a
 * folder, NULL with @error when it cannot be examined, and NULL without an
 * error for a folder, whose root item is then in @out_root. */
static FwSizeResult *
scan_start (FwSizeScan  *self,
            FwSizeDir  **out_root,
            GError     **error)
{
  FwSizeState *state = self->state;
  struct stat st;
  guint64 d, a;
  FwSizeDir *root;

  g_return_val_if_fail (!self->started, NULL);
  self->started = TRUE;

  /* GLib initialises the error quark and GError's domain lock lazily, a
   * (benign) data race that ThreadSanitizer reports when two pool threads
   * make the process's first GErrors at once: make one here first. */
  g_error_free (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, ""));

  state->process_max = fw_size_fd_budget_default ();
  if (state->max_open == 0)
    state->max_open = state->process_max;

  if (state->root_path[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "invalid zero-length file name");
      return NULL;
    }
  /* du looks at the patterns before it examines an operand; patterns
   * relative to the item never match the item itself. */
  if (state->exclude_offset == 0 && fw_exclude_match (state->exclude, state->root_path))
    {
      FwSizeResult *result = result_new (state);

      result->excluded = TRUE;
      __atomic_store_n (&state->entries, 0, __ATOMIC_RELAXED);
      return result;
    }
  if (lstat (state->root_path, &st) != 0)
    {
      int errnum = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errnum),
                   "cannot access '%s': %s", state->root_path, g_strerror (errnum));
      return NULL;
    }

  state->root_dev = st.st_dev;
  state->root_ino = st.st_ino;
  d = (guint64) st.st_blocks * 512;
  a = st.st_size > 0 ? (guint64) st.st_size : 0;
  __atomic_store_n (&state->entries, 1, __ATOMIC_RELAXED);
  __atomic_store_n (&state->disk, d, __ATOMIC_RELAXED);
  __atomic_store_n (&state->apparent, a, __ATOMIC_RELAXED);
  if (state->entries_rec != NULL)
    {
      FwSizeEntry e = { st.st_dev, st.st_ino, d, a };
      g_array_append_val (state->entries_rec, e);
    }

  if (state->flags & FW_SIZE_RECORD_TREE)
    state->tree = fw_size_node_new (NULL, state->root_path, &st);

  if (!S_ISDIR (st.st_mode))
    {
      FwSizeResult *result = result_new (state);

      result->tree = g_steal_pointer (&state->tree);
      result->disk_usage = d;
      result->apparent_size = a;
      if (S_ISREG (st.st_mode))
        result->n_files = 1;
      else
        result->n_others = 1;
      result->entries = g_steal_pointer (&state->entries_rec);
      return result;
    }

  __atomic_store_n (&state->n_dirs, 1, __ATOMIC_RELAXED);
  root = g_new0 (FwSizeDir, 1);
  root->ref_count = 1;
  root->state = fw_size_state_ref (state);
  root->name = g_strdup (state->root_path);
  root->slot = -1;
  root->dev = st.st_dev;
  root->ino = st.st_ino;
  root->path_bits = fw_size_dir_path_bit (root->dev, root->ino);
  root->node = state->tree;
  *out_root = root;
  return NULL;
}

/* ---------------------------------------------------------------------- */

/* Whether every folder was listed (the scan was not cancelled). */
static gboolean
scan_completed (FwSizeState *state)
{
  return g_atomic_int_get (&state->outstanding) == 0 &&
         !__atomic_load_n (&state->skipped, __ATOMIC_SEQ_CST);
}

/* In the task's main context: the scan is over, hand the outcome over.
 * Done there rather than in the pool thread so that the task, and with it
 * the stream and the stream's reference on the pool, are released in the
 * owner's thread, never in a pool thread. */
static gboolean
complete_task_in_context (gpointer data)
{
  GTask *task = data;
  FwSizeScan *self = g_task_get_source_object (task);
  FwSizeState *state = self->state;

  if (scan_completed (state))
    g_task_return_pointer (task, result_from_state (state),
                           (GDestroyNotify) fw_size_result_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "%s", "Operation was cancelled");
  return G_SOURCE_REMOVE;
}

/* The stream's func_data destroy function: the pool calls it once the
 * stream is finished and none of its jobs runs any more (in a pool thread,
 * or in the thread that cancelled). Only then does a run return, so that
 * the stream, the hook and the scan outlive every job. */
static void
on_stream_stopped (gpointer data)
{
  FwSizeState *state = data;
  GTask *task;

  g_mutex_lock (&state->lock);
  state->stopped = TRUE;
  task = g_steal_pointer (&state->task);
  g_cond_broadcast (&state->stopped_cond);
  g_mutex_unlock (&state->lock);

  /* The reference on the task goes to the callback, always dispatched in
   * its context (g_main_context_invoke() might run it here). */
  if (task != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[fileworks] size scan done");
      g_source_set_callback (source, complete_task_in_context, task, g_object_unref);
      g_source_attach (source, g_task_get_context (task));
      g_source_unref (source);
    }
  fw_size_state_unref (state);
}

static FwPoolStream *
scan_stream_new (FwSizeScan        *self,
                 FwPool            *pool,
                 FwPoolStreamFlags  flags,
                 GCancellable      *cancellable)
{
  FwSizeState *state = self->state;
  FwPoolStream *stream;

  g_atomic_int_set (&state->outstanding, 1);
  stream = fw_pool_stream_new (pool, fw_size_folder_job,
                               fw_size_state_ref (state), on_stream_stopped,
                               fw_size_dir_item_free, NULL,
                               FW_POOL_COLLECT, flags, cancellable);
  state->stream = stream;
  return stream;
}

FwSizeResult *
fw_size_scan_run (FwSizeScan    *self,
                  FwPool        *pool,
                  GCancellable  *cancellable,
                  GError       **error)
{
  FwSizeState *state;
  g_autoptr(FwPoolStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  FwSizeResult *result;
  FwPoolResult *r;
  FwSizeDir *root = NULL;

  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (pool), NULL);
  g_return_val_if_fail (!self->started, NULL);

  state = self->state;
  result = scan_start (self, &root, error);
  if (result != NULL || root == NULL)
    return result;

  stream = scan_stream_new (self, pool, FW_POOL_STREAM_PULL, cancellable);
  if (!fw_pool_stream_push (stream, root))
    {
      fw_size_dir_item_free (root);
      __atomic_store_n (&state->skipped, TRUE, __ATOMIC_SEQ_CST);
      fw_size_state_finish_one (state);
    }
  while ((r = fw_pool_stream_pop (stream, &local_error)) != NULL)
    fw_pool_result_free (r);

  g_mutex_lock (&state->lock);
  while (!state->stopped)
    g_cond_wait (&state->stopped_cond, &state->lock);
  g_mutex_unlock (&state->lock);

  if (local_error == NULL && !scan_completed (state))
    local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       "Operation was cancelled");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return result_from_state (state);
}

void
fw_size_scan_run_async (FwSizeScan          *self,
                        FwPool              *pool,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FwSizeResult *result;
  FwPoolStream *stream;
  FwSizeState *state;
  FwSizeDir *root = NULL;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (FW_IS_POOL (pool));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_size_scan_run_async);
  state = self->state;

  result = scan_start (self, &root, &error);
  if (result != NULL)
    {
      g_task_return_pointer (task, result, (GDestroyNotify) fw_size_result_free);
      return;
    }
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->task = g_object_ref (task);
  stream = scan_stream_new (self, pool, FW_POOL_STREAM_NONE, cancellable);
  /* The task keeps the stream until it returns; its results (none) are
   * dropped in this context. */
  g_task_set_task_data (task, stream, g_object_unref);
  if (!fw_pool_stream_push (stream, root))
    {
      fw_size_dir_item_free (root);
      __atomic_store_n (&state->skipped, TRUE, __ATOMIC_SEQ_CST);
      fw_size_state_finish_one (state);
    }
}

FwSizeResult *
fw_size_scan_run_finish (FwSizeScan    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
