/* fw-batch-control.c — what the user does to a batch's jobs once added:
 * cancel, pause, run again, remove, clear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only, like every public function of FwBatch.
 */
#include "config.h"

#include <string.h>

#include "fw-batch-private.h"

/* Cancel ------------------------------------------------------------------ */

/**
 * fw_batch_cancel:
 *
 * Cancels the run: queued jobs become Cancelled at once, running jobs are
 * told to stop (within one buffer read). #FwBatch:stopping is %TRUE until
 * they have returned. Finished results stay. Also stops folder scans.
 */
void
fw_batch_cancel (FwBatch *self)
{
  FwRun *run;

  g_return_if_fail (FW_IS_BATCH (self));

  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  self->scan_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->incoming, fw_expand_shared_unref);
  self->incoming = fw_expand_shared_new (self->wake);

  for (guint i = 0; i < self->waiting->len; i++)
    fw_batch_finish_job (self, NULL, g_ptr_array_index (self->waiting, i), NULL, NULL);
  g_ptr_array_set_size (self->waiting, 0);

  run = self->run;
  if (run == NULL || run->stopping)
    return;

  run->stopping = TRUE;
  g_cancellable_cancel (run->cancellable);
  fw_pool_stream_cancel (run->stream);
  fw_run_stop_feeding (run);
  fw_run_cancel_running (run, NULL);

  /* Results that came since the last tick are kept. */
  fw_batch_take_results (self, run, g_get_monotonic_time ());

  /* Queued jobs are dropped by the pool: they are Cancelled now. Running
   * ones stay Running until "stopped"; one that finished meanwhile gets
   * its outcome back when the run ends. */
  for (guint i = 0; i < run->jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (run->jobs, i);

      if (fw_job_get_state (job) == FW_JOB_QUEUED)
        fw_batch_finish_job (self, run, job, NULL, NULL);
    }

  if (fw_pool_get_paused (self->pool))
    fw_batch_resume (self);

  fw_batch_notify (self, FW_BATCH_PROP_STOPPING);
}

/* Takes the jobs cancelled while waiting for Start out of the waiting
 * list, in one pass; the others keep their order. */
void
fw_batch_drop_cancelled_waiting (FwBatch *self)
{
  guint kept = 0;

  for (guint i = 0; i < self->waiting->len; i++)
    {
      FwJob *job = g_ptr_array_index (self->waiting, i);

      if (fw_job_get_state (job) == FW_JOB_QUEUED)
        self->waiting->pdata[kept++] = job;
      else
        g_object_unref (job);
    }
  self->waiting->len = kept;
}

/* Cancels @job but leaves it in the waiting list; TRUE when it may be
 * there (it was queued). */
static gboolean
fw_batch_cancel_one (FwBatch *self,
                     FwJob   *job)
{
  if (fw_job_is_finished (job))
    return FALSE;
  fw_job_request_cancel (job);
  if (self->run != NULL)
    fw_run_cancel_running (self->run, job);
  if (fw_job_get_state (job) != FW_JOB_QUEUED)
    return FALSE;
  /* The worker that takes it returns at once; its result is counted
   * then, the row says Cancelled now. */
  fw_batch_finish_job (self, NULL, job, NULL, NULL);
  return TRUE;
}

/**
 * fw_batch_cancel_jobs:
 * @jobs: (element-type FwJob): the jobs
 *
 * Cancels queued or running jobs; the others go on. O(jobs + jobs waiting
 * for Start), whatever the number cancelled.
 */
void
fw_batch_cancel_jobs (FwBatch   *self,
                      GPtrArray *jobs)
{
  gboolean dropped = FALSE;

  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (jobs != NULL);

  for (guint i = 0; i < jobs->len; i++)
    dropped |= fw_batch_cancel_one (self, g_ptr_array_index (jobs, i));
  if (dropped)
    fw_batch_drop_cancelled_waiting (self);
}

/**
 * fw_batch_cancel_job:
 *
 * Cancels one queued or running job; the others go on.
 */
void
fw_batch_cancel_job (FwBatch *self,
                     FwJob   *job)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (FW_IS_JOB (job));

  g_ptr_array_add (one, job);
  fw_batch_cancel_jobs (self, one);
}

/* Pause ------------------------------------------------------------------- */

void
fw_batch_pause (FwBatch *self)
{
  g_return_if_fail (FW_IS_BATCH (self));

  if (fw_pool_get_paused (self->pool))
    return;
  fw_pool_pause (self->pool);
  self->progress.bytes_per_second = 0;
  fw_batch_notify (self, FW_BATCH_PROP_PAUSED);
}

void
fw_batch_resume (FwBatch *self)
{
  g_return_if_fail (FW_IS_BATCH (self));

  if (!fw_pool_get_paused (self->pool))
    return;
  fw_pool_resume (self->pool);
  fw_batch_notify (self, FW_BATCH_PROP_PAUSED);
}

gboolean
fw_batch_get_paused (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  return fw_pool_get_paused (self->pool);
}

/* Run again --------------------------------------------------------------- */

/* Drops the candidates that ran again since they were noted, or left the
 * list (fw_batch_remove() marks them); TRUE if one is left. */
static gboolean
fw_batch_prune_rerunnable (FwBatch *self)
{
  guint kept = 0;

  for (guint i = 0; i < self->rerunnable->len; i++)
    {
      FwJob *job = g_ptr_array_index (self->rerunnable, i);
      FwJobState state = fw_job_get_state (job);

      if ((state == FW_JOB_FAILED || state == FW_JOB_CANCELLED) &&
          g_object_get_qdata (G_OBJECT (job), fw_batch_removed_quark ()) == NULL)
        self->rerunnable->pdata[kept++] = job;
      else
        g_object_unref (job);
    }
  self->rerunnable->len = kept;
  return kept > 0;
}

/**
 * fw_batch_run_again:
 *
 * Queues the failed and cancelled jobs again (not those that cannot run:
 * no local path, or a checksum file's own row), in the order they ended.
 * Between runs only: while a run goes on, its jobs may still be in a
 * worker's hands, and its counts hold their first outcome. O(jobs that
 * failed or were cancelled), not O(rows).
 *
 * Returns: how many jobs were queued again
 */
guint
fw_batch_run_again (FwBatch *self)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_return_val_if_fail (FW_IS_BATCH (self), 0);

  if (self->run != NULL || !fw_batch_prune_rerunnable (self))
    return 0;

  candidates = g_steal_pointer (&self->rerunnable);
  self->rerunnable = g_ptr_array_new_with_free_func (g_object_unref);
  again = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < candidates->len; i++)
    {
      FwJob *job = g_ptr_array_index (candidates, i);
      FwJobState state = fw_job_get_state (job);

      /* Noted twice (cancelled, then its late outcome): queued once, the
       * second is Queued by then. */
      if (state != FW_JOB_FAILED && state != FW_JOB_CANCELLED)
        continue;
      /* Its file is queued by another job (added again, waiting for
       * Start): the row stays Failed, and a candidate. */
      if (!fw_batch_claim_active (self, job))
        {
          g_ptr_array_add (self->rerunnable, g_object_ref (job));
          continue;
        }
      fw_job_reset (job);
      fw_batch_tally_update (self, job);
      g_ptr_array_add (again, g_object_ref (job));
    }
  fw_batch_enqueue (self, again);
  return again->len;
}

gboolean
fw_batch_rehash_job (FwBatch        *self,
                     FwJob          *job,
                     FwAlgorithmSet  extra)
{
  g_autoptr(GPtrArray) again = NULL;

  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  g_return_val_if_fail (FW_IS_JOB (job), FALSE);

  if (fw_job_get_kind (job) != FW_JOB_HASH || !fw_job_is_finished (job) ||
      fw_job_get_tally (job) == 0 || fw_job_get_path (job) == NULL)
    return FALSE;
  if (!fw_batch_claim_active (self, job))
    return FALSE;
  /* Finished: no worker holds it, so its algorithms may change. */
  fw_job_set_algorithms (job, fw_job_get_algorithms (job) | extra);
  fw_job_reset (job);
  fw_batch_tally_update (self, job);
  again = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (again, g_object_ref (job));
  fw_batch_enqueue (self, again);
  return TRUE;
}

void
fw_batch_update_job (FwBatch *self,
                     FwJob   *job)
{
  g_return_if_fail (FW_IS_BATCH (self));
  g_return_if_fail (FW_IS_JOB (job));

  fw_batch_tally_update (self, job);
  g_signal_emit_by_name (self, "progress");
}

/**
 * fw_batch_can_run_again:
 *
 * Whether fw_batch_run_again() would queue anything: no run goes on, and
 * a failed or cancelled row can run. O(jobs that failed or were
 * cancelled), not O(rows).
 */
gboolean
fw_batch_can_run_again (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);

  return self->run == NULL && fw_batch_prune_rerunnable (self);
}

/* Remove, clear, restore -------------------------------------------------- */

/* The value of fw_batch_removed_quark() on a row taken out of the list;
 * COUNTED when it was one of the rows the counts described between runs. */
#define REMOVED GINT_TO_POINTER (1)
#define REMOVED_COUNTED GINT_TO_POINTER (2)

static void
mark_removed (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    g_object_set_qdata (g_ptr_array_index (jobs, i), fw_batch_removed_quark (), REMOVED);
}

static gboolean
job_not_doomed (FwJob    *job,
                gpointer  doomed)
{
  return !g_hash_table_contains (doomed, job);
}

/**
 * fw_batch_remove:
 * @jobs: (element-type FwJob): rows to remove
 *
 * Removes rows from the list; queued or running ones are cancelled first.
 * O(rows in the list) once, whatever the number removed.
 */
void
fw_batch_remove (FwBatch   *self,
                 GPtrArray *jobs)
{
  g_autoptr(GHashTable) doomed = NULL;

  g_return_if_fail (FW_IS_BATCH (self));

  if (jobs->len == 0)
    return;
  fw_batch_cancel_jobs (self, jobs);
  doomed = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);

      fw_batch_forget_active (self, job);
      fw_batch_tally_remove (self, job);
      g_hash_table_add (doomed, job);
      g_object_set_qdata (G_OBJECT (job), fw_batch_removed_quark (), REMOVED);
    }
  if (self->run != NULL)
    self->run->removed = TRUE;

  /* Between runs, the counts describe the last run's rows: those left. */
  if (self->run == NULL && self->last_run_jobs != NULL)
    {
      guint kept_jobs = 0;

      for (guint i = 0; i < self->last_run_jobs->len; i++)
        {
          FwJob *job = g_ptr_array_index (self->last_run_jobs, i);

          if (g_hash_table_contains (doomed, job))
            {
              /* Counted again if it comes back (fw_batch_restore()). */
              g_object_set_qdata (G_OBJECT (job), fw_batch_removed_quark (), REMOVED_COUNTED);
              g_object_unref (job);
            }
          else
            self->last_run_jobs->pdata[kept_jobs++] = job;
        }
      self->last_run_jobs->len = kept_jobs;
      fw_batch_count_last_run (self);
      fw_batch_emit_progress (self);
    }
  else if (self->run == NULL)
    fw_batch_emit_progress (self);   /* the counts of every row changed */

  if (jobs->len == 1)
    {
      guint pos;

      if (fw_job_list_find (self->jobs, g_ptr_array_index (jobs, 0), &pos))
        fw_job_list_remove (self->jobs, pos);
      return;
    }
  fw_job_list_filter (self->jobs, job_not_doomed, doomed);
}

/**
 * fw_batch_clear:
 *
 * Cancels everything and empties the list.
 */
void
fw_batch_clear (FwBatch *self)
{
  g_return_if_fail (FW_IS_BATCH (self));

  fw_batch_cancel (self);
  /* Uncounted, and marked as fw_batch_remove() marks them: a run being
   * stopped counts none of them, unless fw_batch_restore() brings them
   * back first. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      fw_job_set_tally (job, 0);
      g_object_set_qdata (G_OBJECT (job), fw_batch_removed_quark (), REMOVED);
    }
  for (guint i = 0; i < self->pending_rows->len; i++)
    fw_job_set_tally (g_ptr_array_index (self->pending_rows, i), 0);
  memset (&self->counts, 0, sizeof self->counts);
  mark_removed (self->pending_rows);
  /* The rows the counts describe: the last run's, or those of the run
   * being stopped (counted when it ends, had they stayed). */
  if (self->run != NULL)
    for (guint i = 0; i < self->run->jobs->len; i++)
      g_object_set_qdata (g_ptr_array_index (self->run->jobs, i),
                          fw_batch_removed_quark (), REMOVED_COUNTED);
  else if (self->last_run_jobs != NULL)
    for (guint i = 0; i < self->last_run_jobs->len; i++)
      g_object_set_qdata (g_ptr_array_index (self->last_run_jobs, i),
                          fw_batch_removed_quark (), REMOVED_COUNTED);
  g_ptr_array_set_size (self->pending_rows, 0);
  g_ptr_array_set_size (self->waiting_failed, 0);
  g_ptr_array_set_size (self->rerunnable, 0);
  fw_job_list_remove_all (self->jobs);
  g_hash_table_remove_all (self->active);
  if (self->run != NULL)
    self->run->cleared = TRUE;
  /* The counts describe rows no longer there. A run being stopped counts
   * its jobs again when it ends; the next run starts from zero. */
  if (self->run == NULL)
    {
      g_clear_pointer (&self->last_run_jobs, g_ptr_array_unref);
      memset (&self->progress, 0, sizeof self->progress);
      self->progress.seconds_left = -1;
      fw_batch_emit_progress (self);
    }
}

/**
 * fw_batch_restore:
 * @jobs: (element-type FwJob): rows fw_batch_remove() or fw_batch_clear()
 *   took out, in the order the list had them
 * @positions: (array): the index each had in the list then, ascending
 *
 * Undo of Remove and Clear: puts the rows back where they were, as they
 * were (state, digests, size, error). Only finished rows come back; one
 * still running (removed while it ran, being stopped) stays out, and so
 * does one that is in the list already. (A row removed while queued is
 * Cancelled at once and may come back while a worker still holds it: the
 * run ignores that worker's outcome, as for any row cancelled alone.)
 * Failed and cancelled rows are candidates for Run Again again. Between
 * runs, rows the counts described before are counted again; during a
 * run, the run's own rows are counted when it ends. O(rows in the list +
 * @jobs).
 *
 * Returns: how many rows came back
 */
guint
fw_batch_restore (FwBatch     *self,
                  GPtrArray   *jobs,
                  const guint *positions)
{
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GArray) at = NULL;
  gboolean recount = FALSE;

  g_return_val_if_fail (FW_IS_BATCH (self), 0);
  g_return_val_if_fail (jobs != NULL, 0);
  g_return_val_if_fail (positions != NULL || jobs->len == 0, 0);

  back = g_ptr_array_new ();
  at = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);
      gpointer removed = g_object_get_qdata (G_OBJECT (job), fw_batch_removed_quark ());
      FwJobState state = fw_job_get_state (job);

      if (removed == NULL || !fw_job_is_finished (job))
        continue;
      g_object_set_qdata (G_OBJECT (job), fw_batch_removed_quark (), NULL);
      if ((state == FW_JOB_FAILED || state == FW_JOB_CANCELLED) && fw_job_is_runnable (job))
        g_ptr_array_add (self->rerunnable, g_object_ref (job));
      if (removed == REMOVED_COUNTED && self->run == NULL)
        {
          if (self->last_run_jobs == NULL)
            self->last_run_jobs = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (self->last_run_jobs, g_object_ref (job));
          recount = TRUE;
        }
      g_ptr_array_add (back, job);
      g_array_append_val (at, positions[i]);
    }
  fw_job_list_insert_at (self->jobs, back, (const guint *) at->data);
  /* The counts of every row take them in again. */
  for (guint i = 0; i < back->len; i++)
    fw_batch_tally_add (self, g_ptr_array_index (back, i));
  if (recount)
    fw_batch_count_last_run (self);
  if (back->len > 0 && self->run == NULL)
    fw_batch_emit_progress (self);
  return back->len;
}
