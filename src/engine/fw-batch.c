/* fw-batch.c — the batch: its jobs, adding and queueing, its state and
 * settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. The other files of FwBatch: see fw-batch-private.h.
 */
#include "config.h"

#include <string.h>

#include "fw-batch-private.h"
#include "fw-job-compare-entry.h"
#include "fw-chunk.h"

#define TICK_INTERVAL_MS 33

static GParamSpec *properties[FW_BATCH_N_PROPS];

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FwBatch, fw_batch, G_TYPE_OBJECT)

void
fw_batch_notify (FwBatch     *self,
                 FwBatchProp  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
fw_batch_emit_progress (FwBatch *self)
{
  g_signal_emit (self, signals[PROGRESS], 0);
}

void
fw_batch_emit_finished (FwBatch *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

/* The active set, and how a job ends -------------------------------------- */

/* The active set holds jobs keyed by (kind, path): no key to allocate. */
static guint
active_hash (gconstpointer key)
{
  FwJob *job = (FwJob *) key;

  return fw_job_get_path_hash (job) ^ (guint) fw_job_get_kind (job);
}

static gboolean
active_equal (gconstpointer a,
              gconstpointer b)
{
  FwJob *ja = (FwJob *) a, *jb = (FwJob *) b;

  return fw_job_get_kind (ja) == fw_job_get_kind (jb) &&
         strcmp (fw_job_get_path (ja), fw_job_get_path (jb)) == 0;
}

/* Adds @job to the active set; FALSE when a job for the same file and kind
 * is already queued or running. */
gboolean
fw_batch_claim_active (FwBatch *self,
                       FwJob   *job)
{
  if (g_hash_table_contains (self->active, job))
    return FALSE;
  g_hash_table_add (self->active, g_object_ref (job));
  return TRUE;
}

void
fw_batch_forget_active (FwBatch *self,
                        FwJob   *job)
{
  gpointer stored = NULL;

  if (fw_job_get_path (job) == NULL)
    return;
  /* One lookup: taken out, and put back if another job holds the file. */
  if (g_hash_table_steal_extended (self->active, job, &stored, NULL))
    {
      if (stored == job)
        g_object_unref (stored);
      else
        g_hash_table_add (self->active, stored);
    }
}

/* Set on the jobs fw_batch_remove() takes out of the list. */
GQuark
fw_batch_removed_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("fw-batch-removed");
  return quark;
}

/* Counts of every row ------------------------------------------------------ */

/* A Compare Folders row's verdict as counted, or -1. Such a row is
 * made finished and never changes: added and removed, never updated. */
static int
compare_count (FwJob *job)
{
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);

  if (entry == NULL || fw_job_get_state (job) != FW_JOB_DONE)
    return -1;
  switch (entry->verdict)
    {
    case FW_COMPARE_TREE_IDENTICAL: return FW_BATCH_COMPARE_IDENTICAL;
    case FW_COMPARE_TREE_DIFFERENT: return FW_BATCH_COMPARE_DIFFERENT;
    case FW_COMPARE_TREE_ONLY_IN:
      return entry->side == 0 ? FW_BATCH_COMPARE_ONLY_IN_A : FW_BATCH_COMPARE_ONLY_IN_B;
    case FW_COMPARE_TREE_TYPES_DIFFER: return FW_BATCH_COMPARE_TYPES_DIFFER;
    case FW_COMPARE_TREE_ERROR:
    case FW_COMPARE_TREE_LOOP:
    default: return -1;
    }
}

void
fw_batch_tally_add (FwBatch *self,
                    FwJob   *job)
{
  FwJobStatus status;

  if (fw_job_get_tally (job) != 0)
    {
      fw_batch_tally_update (self, job);
      return;
    }
  status = fw_job_get_status (job);
  self->counts.n_rows++;
  self->counts.n_folders += fw_job_get_kind (job) == FW_JOB_SIZE && fw_job_get_is_folder (job);
  self->counts.n_status[status]++;
  if (compare_count (job) >= 0)
    self->counts.n_compare[compare_count (job)]++;
  fw_job_set_tally (job, status + 1);
}

void
fw_batch_tally_update (FwBatch *self,
                       FwJob   *job)
{
  guint tally = fw_job_get_tally (job);
  FwJobStatus status;

  if (tally == 0)
    return;
  status = fw_job_get_status (job);
  if (tally == status + 1)
    return;
  g_assert (self->counts.n_status[tally - 1] > 0);
  self->counts.n_status[tally - 1]--;
  self->counts.n_status[status]++;
  fw_job_set_tally (job, status + 1);
}

void
fw_batch_tally_remove (FwBatch *self,
                       FwJob   *job)
{
  guint tally = fw_job_get_tally (job);

  if (tally == 0)
    return;
  g_assert (self->counts.n_rows > 0 && self->counts.n_status[tally - 1] > 0);
  self->counts.n_rows--;
  self->counts.n_folders -= fw_job_get_kind (job) == FW_JOB_SIZE && fw_job_get_is_folder (job);
  self->counts.n_status[tally - 1]--;
  if (compare_count (job) >= 0)
    self->counts.n_compare[compare_count (job)]--;
  fw_job_set_tally (job, 0);
}

/* Main thread: @job has just ended, or been added already failed. One
 * that failed or was cancelled, and could run, is a candidate for Run
 * Again: fw_batch_can_run_again() and fw_batch_run_again() look at these,
 * not at every row (the window asks three times as a batch of 100,000
 * rows ends, inside the time the batch takes). Entries that ran again
 * since, or left the list, are dropped there. */
static void
fw_batch_note_ended (FwBatch *self,
                     FwJob   *job)
{
  FwJobState state = fw_job_get_state (job);

  /* A row removed while it ran (or with its outcome still on its way)
   * ends after it left the list: not a candidate. */
  if ((state == FW_JOB_FAILED || state == FW_JOB_CANCELLED) && fw_job_is_runnable (job) &&
      g_object_get_qdata (G_OBJECT (job), fw_batch_removed_quark ()) == NULL)
    g_ptr_array_add (self->rerunnable, g_object_ref (job));
}

/**
 * fw_batch_finish_job:
 * @run: (nullable): the run @job was part of, if it matters (its rows
 *   cleared: no candidate for Run Again)
 * @outcome: (transfer full) (nullable): what the worker found
 * @error: (nullable): why the job has no outcome
 *
 * Main thread: @job has ended. It takes @outcome, or @error, or becomes
 * Cancelled when both are %NULL; it leaves the active set (its file may
 * be queued again); it is noted for Run Again. The one way a job of the
 * batch ends, whether its result came, the pool dropped it, or it was
 * cancelled before it ran.
 */
void
fw_batch_finish_job (FwBatch      *self,
                     FwRun        *run,
                     FwJob        *job,
                     FwJobOutcome *outcome,
                     const GError *error)
{
  if (outcome != NULL || error != NULL)
    fw_job_apply_outcome (job, outcome, error);
  else
    fw_job_set_state (job, FW_JOB_CANCELLED);
  fw_batch_tally_update (self, job);
  fw_batch_forget_active (self, job);
  if (run == NULL || !run->cleared)
    fw_batch_note_ended (self, job);
}

static void
fw_batch_ensure_tick (FwBatch *self)
{
  if (self->tick_id == 0)
    {
      GSource *source = fw_batch_tick_source_new (self->wake, self->tick_interval_ms,
                                                  fw_batch_tick, self);

      self->tick_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/* GObject ---------------------------------------------------------------- */

static void
fw_batch_dispose (GObject *object)
{
  FwBatch *self = FW_BATCH (object);

  g_cancellable_cancel (self->scan_cancellable);
  if (self->run != NULL)
    {
      FwRun *run = self->run;

      run->stopping = TRUE;
      g_cancellable_cancel (run->cancellable);
      fw_run_cancel_running (run, NULL);
      self->run = NULL;
      fw_pool_stream_cancel (run->stream);
      /* The chunks waiting here hold references on the run. */
      g_queue_clear_full (&run->results, (GDestroyNotify) fw_pool_result_free);
      fw_run_join (run);
      g_clear_object (&run->stream);
      fw_run_unref (run);
    }
  if (self->tick_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->tick_id);

      if (source != NULL)
        g_source_destroy (source);
      self->tick_id = 0;
    }

  G_OBJECT_CLASS (fw_batch_parent_class)->dispose (object);
}

static void
fw_batch_finalize (GObject *object)
{
  FwBatch *self = FW_BATCH (object);

  g_clear_object (&self->jobs);
  g_clear_object (&self->pool);
  g_clear_object (&self->size_pool);
  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->waiting_failed, g_ptr_array_unref);
  g_clear_pointer (&self->rerunnable, g_ptr_array_unref);
  g_clear_pointer (&self->last_run_jobs, g_ptr_array_unref);
  g_clear_pointer (&self->pending_rows, g_ptr_array_unref);
  g_clear_pointer (&self->incoming, fw_expand_shared_unref);
  g_clear_object (&self->scan_cancellable);
  g_clear_pointer (&self->exclude_patterns, g_strfreev);
  g_clear_pointer (&self->wake, fw_wake_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fw_batch_parent_class)->finalize (object);
}

static void
fw_batch_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FwBatch *self = FW_BATCH (object);

  switch (prop_id)
    {
    case FW_BATCH_PROP_RUNNING: g_value_set_boolean (value, fw_batch_get_running (self)); break;
    case FW_BATCH_PROP_STOPPING: g_value_set_boolean (value, fw_batch_get_stopping (self)); break;
    case FW_BATCH_PROP_SCANNING: g_value_set_boolean (value, fw_batch_get_scanning (self)); break;
    case FW_BATCH_PROP_PAUSED: g_value_set_boolean (value, fw_batch_get_paused (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_batch_class_init (FwBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = fw_batch_dispose;
  object_class->finalize = fw_batch_finalize;
  object_class->get_property = fw_batch_get_property;

  properties[FW_BATCH_PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[FW_BATCH_PROP_STOPPING] = g_param_spec_boolean ("stopping", NULL, NULL, FALSE, ro);
  properties[FW_BATCH_PROP_SCANNING] = g_param_spec_boolean ("scanning", NULL, NULL, FALSE, ro);
  properties[FW_BATCH_PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, FW_BATCH_N_PROPS, properties);

  /**
   * FwBatch::progress:
   *
   * Emitted on the tick while work goes on; read fw_batch_get_progress().
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  /**
   * FwBatch::finished:
   *
   * Emitted when a run has ended: every job finished, or the workers
   * stopped after a cancel. fw_batch_get_progress() holds its counts.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void
fw_batch_init (FwBatch *self)
{
  self->jobs = fw_job_list_new ();
  self->pool = fw_pool_new (g_get_num_processors ());
  self->size_pool = fw_pool_new (g_get_num_processors ());
  self->active = g_hash_table_new_full (active_hash, active_equal, g_object_unref, NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting_failed = g_ptr_array_new_with_free_func (g_object_unref);
  self->rerunnable = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_ref_thread_default ();
  self->wake = fw_wake_new (self->context);
  self->tick_interval_ms = TICK_INTERVAL_MS;
  self->incoming = fw_expand_shared_new (self->wake);
  self->scan_cancellable = g_cancellable_new ();
  self->buffer_size = FW_DIGEST_DEFAULT_BUFFER_SIZE;
  self->algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
  self->auto_start = TRUE;
  self->progress.seconds_left = -1;
  fw_batch_set_queue_capacity (self, FW_BATCH_DEFAULT_QUEUE_CAPACITY);
}

/**
 * fw_batch_new:
 *
 * Returns: (transfer full): an empty batch with its own pool (one worker
 *   per processor), bound to the calling thread's thread-default context
 */
FwBatch *
fw_batch_new (void)
{
  return g_object_new (FW_TYPE_BATCH, NULL);
}

/**
 * fw_batch_get_jobs:
 *
 * Returns: (transfer none): the #GListModel of #FwJob
 */
GListModel *
fw_batch_get_jobs (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

/* The pool the jobs run on (for tests). */
FwPool *
fw_batch_get_pool (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), NULL);
  return self->pool;
}

/* The pool size jobs scan on (for tests). */
FwPool *
fw_batch_get_size_pool (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), NULL);
  return self->size_pool;
}

/* Adding ----------------------------------------------------------------- */

/**
 * fw_batch_add_files:
 * @files: (array length=n_files): files and folders
 * @mode: what they become
 *
 * Expands @files in a thread (see the section's documentation); the jobs
 * arrive in the list on the following ticks.
 */
void
fw_batch_add_files (FwBatch     *self,
                    GFile      **files,
                    guint        n_files,
                    FwBatchMode  mode)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;
  if (mode == FW_BATCH_MODE_COMPARE_FOLDERS)
    fw_expand_start_compare_folders (self->incoming, files, n_files, self->pool,
                                     (const char * const *) self->exclude_patterns,
                                     self->scan_cancellable);
  else
    {
      fw_expand_shared_set_exclude (self->incoming, (const char * const *) self->exclude_patterns);
      fw_expand_start (self->incoming, files, n_files, mode, self->algorithms,
                       NULL, self->scan_cancellable);
    }
  fw_batch_ensure_tick (self);
  self->scanning_shown = TRUE;
  fw_batch_notify (self, FW_BATCH_PROP_SCANNING);
}

/**
 * fw_batch_set_exclude_patterns:
 * @patterns: (nullable) (array zero-terminated=1): shell patterns, as
 *   `--exclude` takes them
 *
 * The entries to leave out of the folders added from now on, matched
 * (fw_exclude_match()) against each entry's path below the dropped folder
 * it is in, never against the folder's own path: with `.*`, a folder in
 * ~/.local keeps its files and loses its hidden ones. Applies to the
 * folders hashed (%FW_BATCH_MODE_HASH), compared
 * (%FW_BATCH_MODE_COMPARE_FOLDERS, on both sides alike) and sized
 * (%FW_BATCH_MODE_SIZE: each size job keeps the patterns of when it was
 * added, Run Again included; see fw_size_scan_set_exclude_relative()).
 */
void
fw_batch_set_exclude_patterns (FwBatch            *self,
                               const char * const *patterns)
{
  g_return_if_fail (FW_IS_BATCH (self));

  g_strfreev (self->exclude_patterns);
  self->exclude_patterns = g_strdupv ((char **) patterns);
}

/**
 * fw_batch_add_checksum_file:
 * @file: a checksum file
 * @base_dir: the folder its relative names resolve in (in the Flatpak
 *   sandbox, a folder the user granted; the checksum file arrives alone)
 *
 * As fw_batch_add_files() with %FW_BATCH_MODE_VERIFY, resolving the listed
 * names in @base_dir instead of the checksum file's folder.
 */
void
fw_batch_add_checksum_file (FwBatch    *self,
                            GFile      *file,
                            const char *base_dir)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (G_IS_FILE (file));

  fw_expand_start (self->incoming, &file, 1, FW_BATCH_MODE_VERIFY, self->algorithms,
                   base_dir, self->scan_cancellable);
  fw_batch_ensure_tick (self);
  self->scanning_shown = TRUE;
  fw_batch_notify (self, FW_BATCH_PROP_SCANNING);
}

/**
 * fw_batch_add_jobs:
 * @jobs: (element-type FwJob): new jobs
 *
 * Main thread: queues @jobs at once (or keeps them waiting for
 * fw_batch_start() when auto-start is off), skipping those whose file is
 * already queued or running for the same kind of job. Their rows join the
 * list on the tick, all in one splice.
 */
void
fw_batch_add_jobs (FwBatch   *self,
                   GPtrArray *jobs)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) failed = NULL;

  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (jobs != NULL);

  fresh = g_ptr_array_new_full (jobs->len, g_object_unref);
  /* Borrowed from @jobs: fw_batch_enqueue() and the waiting lists take
   * their own references. */
  queued = g_ptr_array_sized_new (jobs->len);
  failed = g_ptr_array_new ();
  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);

      if (!fw_job_is_finished (job) && fw_job_get_path (job) != NULL)
        {
          if (!fw_batch_claim_active (self, job))
            continue;
          g_ptr_array_add (queued, job);
        }
      else if (fw_job_is_finished (job))
        {
          g_ptr_array_add (failed, job);
          fw_batch_note_ended (self, job);
        }
      fw_batch_tally_add (self, job);
      g_ptr_array_add (fresh, g_object_ref (job));
    }

  /* Work starts at once; the rows join the list on the next tick, all
   * together (see fw_batch_tick()). */
  g_ptr_array_extend_and_steal (self->pending_rows, g_steal_pointer (&fresh));
  fw_batch_ensure_tick (self);
  /* Rows to join the list: scanning, until they have (jobs added
   * directly, not through a scan). */
  if (!self->scanning_shown && fw_batch_get_scanning (self))
    {
      self->scanning_shown = TRUE;
      fw_batch_notify (self, FW_BATCH_PROP_SCANNING);
    }

  if (self->auto_start && (self->run == NULL || !self->run->stopping))
    {
      /* Rows that failed before they could be queued (no local path, an
       * unreadable folder, malformed checksum lines) count in the run's
       * failures, and its summary. */
      g_ptr_array_extend (queued, failed, NULL, NULL);
      fw_batch_enqueue (self, queued);
    }
  else
    {
      for (guint i = 0; i < queued->len; i++)
        g_ptr_array_add (self->waiting, g_object_ref (g_ptr_array_index (queued, i)));
      /* Counted with the jobs they came with, when those start. */
      for (guint i = 0; i < failed->len; i++)
        g_ptr_array_add (self->waiting_failed, g_object_ref (g_ptr_array_index (failed, i)));
    }
}

/* Queues @jobs in the run, making one if none goes on; those already
 * finished (failed before they could be queued) count as results in. */
void
fw_batch_enqueue (FwBatch   *self,
                  GPtrArray *jobs)
{
  FwRun *run;
  gboolean started = FALSE;

  if (jobs->len == 0)
    return;

  if (self->run == NULL)
    {
      self->run = fw_run_new (self->pool, self->size_pool, self->buffer_size,
                              self->one_file_system, self->chunk_max_jobs,
                              self->wake, self->incoming);
      g_clear_pointer (&self->last_run_jobs, g_ptr_array_unref);
      memset (&self->progress, 0, sizeof self->progress);
      self->progress.seconds_left = -1;
      self->last_bytes_done = 0;
      started = TRUE;
    }
  run = self->run;
  g_assert (!run->stopping);

  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);

      g_ptr_array_add (run->jobs, g_object_ref (job));
      self->progress.n_total++;
      if (fw_job_get_kind (job) == FW_JOB_SIZE)
        {
          self->progress.n_sized++;
          self->progress.n_folders += fw_job_get_is_folder (job);
        }
      self->progress.bytes_total += fw_job_get_weight (job);
      if (fw_job_is_finished (job))
        {
          /* Failed before it could be queued: its result is in. */
          run->n_results++;
          fw_batch_count_finished (self, job);
        }
    }
  fw_run_queue (run, jobs);

  fw_batch_ensure_tick (self);
  if (started)
    fw_batch_notify (self, FW_BATCH_PROP_RUNNING);
}

/**
 * fw_batch_start:
 *
 * Queues the jobs waiting for Start (auto-start off, or added while the
 * batch was stopping).
 */
void
fw_batch_start (FwBatch *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_if_fail (FW_IS_BATCH (self));

  if (self->waiting->len == 0 || (self->run != NULL && self->run->stopping))
    return;
  fw_batch_drop_cancelled_waiting (self);
  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_extend_and_steal (waiting, g_steal_pointer (&self->waiting_failed));
  self->waiting_failed = g_ptr_array_new_with_free_func (g_object_unref);
  fw_batch_enqueue (self, waiting);
}

/* State ------------------------------------------------------------------ */

gboolean
fw_batch_get_running (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  return self->run != NULL;
}

gboolean
fw_batch_get_stopping (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  return self->run != NULL && self->run->stopping;
}

gboolean
fw_batch_get_scanning (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  return fw_expand_shared_get_active (self->incoming) > 0 ||
         fw_expand_shared_get_pending (self->incoming) > 0 ||
         self->pending_rows->len > 0;
}

guint
fw_batch_get_n_found (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return fw_expand_shared_get_n_found (self->incoming);
}

guint
fw_batch_get_n_skipped (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return fw_expand_shared_get_n_skipped (self->incoming);
}

guint
fw_batch_get_n_waiting (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return self->waiting->len;
}

/**
 * fw_batch_get_counts:
 *
 * Every row of the list by its status (see #FwBatchCounts). O(1).
 */
void
fw_batch_get_counts (FwBatch       *self,
                     FwBatchCounts *counts)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (counts != NULL);
  *counts = self->counts;
}

void
fw_batch_get_progress (FwBatch         *self,
                       FwBatchProgress *progress)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (progress != NULL);
  *progress = self->progress;
}

/* Settings --------------------------------------------------------------- */

void
fw_batch_set_n_workers (FwBatch *self,
                        guint    n_workers)
{
  g_return_if_fail (FW_IS_BATCH (self));

  fw_pool_set_n_workers (self->pool, n_workers == 0 ? g_get_num_processors () : MIN (n_workers, 64));
  /* Sizing follows the same setting: a folder's scan runs this many
   * listings at once. */
  fw_pool_set_n_workers (self->size_pool, n_workers == 0 ? g_get_num_processors () : MIN (n_workers, 64));
}

guint
fw_batch_get_n_workers (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return fw_pool_get_n_workers (self->pool);
}

void
fw_batch_set_tick_interval (FwBatch *self,
                            guint    interval_ms)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (interval_ms > 0);

  self->tick_interval_ms = interval_ms;
}

/**
 * fw_batch_set_queue_capacity:
 * @capacity: how many jobs may wait ahead of the workers
 *
 * Small files reach the pool in chunks (see fw_chunk_sizes_for_queue()).
 */
void
fw_batch_set_queue_capacity (FwBatch *self,
                             guint    capacity)
{
  guint queued_chunks;

  g_return_if_fail (FW_IS_BATCH (self));
  self->queue_capacity = MAX (capacity, 1);
  fw_chunk_sizes_for_queue (self->queue_capacity, &self->chunk_max_jobs, &queued_chunks);
  fw_pool_set_queue_capacity (self->pool, queued_chunks);
  if (self->run != NULL)
    fw_run_set_chunk_max_jobs (self->run, self->chunk_max_jobs);
}

guint
fw_batch_get_queue_capacity (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return self->queue_capacity;
}

void
fw_batch_set_buffer_size (FwBatch *self,
                          gsize    buffer_size)
{
  g_return_if_fail (FW_IS_BATCH (self));
  self->buffer_size = buffer_size;
}

void
fw_batch_set_algorithms (FwBatch        *self,
                         FwAlgorithmSet  algorithms)
{
  g_return_if_fail (FW_IS_BATCH (self));
  if (algorithms == 0)
    algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
  self->algorithms = algorithms;
}

FwAlgorithmSet
fw_batch_get_algorithms (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  return self->algorithms;
}

void
fw_batch_set_auto_start (FwBatch  *self,
                         gboolean  auto_start)
{
  g_return_if_fail (FW_IS_BATCH (self));
  self->auto_start = !!auto_start;
}

void
fw_batch_set_one_file_system (FwBatch  *self,
                              gboolean  one_file_system)
{
  g_return_if_fail (FW_IS_BATCH (self));
  self->one_file_system = !!one_file_system;
}

gboolean
fw_batch_is_checksum_file (GFile *file)
{
  return fw_expand_is_checksum_file (file);
}
