/* fw-batch-progress.c — what the batch's tick does: new rows, results,
 * progress, and the end of a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. The tick (its timing: fw-batch-tick.c) takes the jobs
 * the scans found and puts their rows in the list, applies the results
 * the workers finished since the last tick, reads the running jobs'
 * progress, and ends a run when its last result is in (or its workers
 * have stopped after a cancel). Its cost is O(running jobs + jobs found or
 * finished since the last tick), never O(all jobs).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fw-batch-private.h"

/* What the window shows changes on "refresh" ticks, every REFRESH_US:
 * "progress" is emitted then, so that a few changes a second, each a frame
 * to lay out and draw, read as smooth. Results are taken, and new rows
 * join the list, on every tick (a view paces its rows itself: the
 * window's FwPacedListModel). */
#define REFRESH_US (100 * 1000)

/* Time a tick may spend on results; the rest wait for the next tick. */
#define RESULTS_BUDGET_US 20000

/* Counts ------------------------------------------------------------------ */

void
fw_batch_count_finished (FwBatch *self,
                         FwJob   *job)
{
  FwBatchProgress *p = &self->progress;

  p->n_finished++;
  switch (fw_job_get_state (job))
    {
    case FW_JOB_FAILED:
      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISSING)
        p->n_missing++;
      else
        p->n_failed++;
      break;
    case FW_JOB_CANCELLED:
      p->n_cancelled++;
      break;
    case FW_JOB_SKIPPED:   /* neither failed nor done: in n_finished only */
      break;
    case FW_JOB_DONE:
      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
        p->n_mismatched++;
      break;
    case FW_JOB_QUEUED:
    case FW_JOB_RUNNING:
    default:
      g_assert_not_reached ();
    }
}

/* The counts, from the last run's jobs themselves: O(jobs), once. */
void
fw_batch_count_last_run (FwBatch *self)
{
  FwBatchProgress *p = &self->progress;

  memset (p, 0, sizeof *p);
  p->seconds_left = -1;
  for (guint i = 0; i < self->last_run_jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (self->last_run_jobs, i);

      p->n_total++;
      if (fw_job_get_kind (job) == FW_JOB_SIZE)
        {
          p->n_sized++;
          p->n_folders += fw_job_get_is_folder (job);
        }
      p->bytes_total += fw_job_get_weight (job);
      if (fw_job_get_state (job) == FW_JOB_DONE)
        p->bytes_done += fw_job_get_weight (job);
      fw_batch_count_finished (self, job);
    }
}

/* Results ----------------------------------------------------------------- */

/* While stopping: a job read to its end keeps its outcome, even when
 * Cancel already marked it Cancelled (the main thread's state lags behind
 * the workers by up to a tick). */
static gboolean
takes_late_outcome (FwJob *job)
{
  FwJobState state = fw_job_get_state (job);

  /* Not one the user cancelled alone: that cancel stands. */
  return state != FW_JOB_DONE && state != FW_JOB_FAILED && state != FW_JOB_SKIPPED &&
         !fw_job_get_cancel_requested (job);
}

/* On the tick (and once on Cancel): applies the results collected since
 * the last tick, within a time budget. O(results applied). */
void
fw_batch_take_results (FwBatch *self,
                       FwRun   *run,
                       gint64   tick_start)
{
  FwPoolResult *result;
  guint n_applied = 0;   /* at least one chunk a tick, whatever the budget */

  fw_pool_stream_pop_available (run->stream, &run->results);
  while ((result = g_queue_pop_head (&run->results)) != NULL)
    {
      FwChunk *chunk = result->item;

      if (n_applied > 0 && !run->stopping && g_get_monotonic_time () - tick_start > RESULTS_BUDGET_US)
        {
          /* The rest waits for the next tick, which comes forward: the
           * workers may have finished, and nothing else would bring it. */
          g_queue_push_head (&run->results, result);
          fw_wake_raise (self->wake);
          return;
        }

      if (run->stopping)
        {
          /* Kept: what was read to the end before Cancel. The rest is
           * marked Cancelled when the run ends. */
          for (guint i = 0; i < chunk->n; i++)
            {
              FwChunkEntry *e = &chunk->entries[i];

              if (result->result != NULL && e->outcome != NULL && takes_late_outcome (e->job))
                fw_batch_finish_job (self, run, e->job, g_steal_pointer (&e->outcome), NULL);
            }
        }
      else
        for (guint i = 0; i < chunk->n; i++)
          {
            FwChunkEntry *e = &chunk->entries[i];

            run->n_results++;
            if (!fw_job_is_finished (e->job))
              {
                /* A chunk the pool dropped has no result, only its error. */
                if (result->result != NULL)
                  fw_batch_finish_job (self, run, e->job, g_steal_pointer (&e->outcome), e->error);
                else
                  fw_batch_finish_job (self, run, e->job, NULL, result->error);
              }
            fw_batch_count_finished (self, e->job);
          }
      n_applied++;
      chunk->taken = TRUE;
      fw_pool_result_free (result);
    }
}

/* The run is over (all results in, or stopped after a cancel): marks what
 * did not finish as Cancelled, recounts, emits "finished". */
static void
fw_batch_end_run (FwBatch *self)
{
  FwRun *run = self->run;
  gboolean was_stopping;

  g_assert (run != NULL);

  self->run = NULL;
  was_stopping = run->stopping;

  if (!was_stopping)
    fw_pool_stream_close (run->stream);
  fw_run_join (run);
  g_clear_object (&run->stream);

  /* Every chunk of the run is freed (see the tick): the late outcomes are
   * all here. */
  for (guint i = 0; i < run->late->len; i++)
    {
      FwRunLate *late = &g_array_index (run->late, FwRunLate, i);

      if (takes_late_outcome (late->job))
        fw_batch_finish_job (self, run, late->job, g_steal_pointer (&late->outcome), NULL);
    }

  for (guint i = 0; i < run->jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (run->jobs, i);

      if (!fw_job_is_finished (job))
        fw_batch_finish_job (self, run, job, NULL, NULL);
    }
  /* The counts go on describing this run's rows until the next run: kept,
   * so that removing some of them counts again. Cleared while it stopped:
   * nothing of it is in the list. */
  g_clear_pointer (&self->last_run_jobs, g_ptr_array_unref);
  if (run->cleared || run->removed)
    {
      /* Rows removed while it ran count no more than those removed
       * after it (see fw_batch_remove()); cleared ones neither, unless
       * fw_batch_restore() brought them back meanwhile. */
      self->last_run_jobs = g_ptr_array_new_full (run->jobs->len, g_object_unref);
      for (guint i = 0; i < run->jobs->len; i++)
        {
          FwJob *job = g_ptr_array_index (run->jobs, i);

          if (g_object_get_qdata (G_OBJECT (job), fw_batch_removed_quark ()) == NULL)
            g_ptr_array_add (self->last_run_jobs, g_object_ref (job));
        }
    }
  else
    self->last_run_jobs = g_ptr_array_ref (run->jobs);
  fw_batch_count_last_run (self);
  /* Every result was taken: a chunk left waiting would hold the run. */
  g_assert (g_queue_is_empty (&run->results));
  fw_run_unref (run);

  if (was_stopping)
    fw_batch_notify (self, FW_BATCH_PROP_STOPPING);
  fw_batch_notify (self, FW_BATCH_PROP_RUNNING);
  fw_batch_emit_progress (self);
  fw_batch_emit_finished (self);

  if (self->auto_start && self->waiting->len > 0)
    fw_batch_start (self);
}

/* The tick ----------------------------------------------------------------- */

/* The jobs the scans found since the last tick: queued, and their rows
 * pending; then every pending row joins the list, in one splice. */
static void
fw_batch_take_rows (FwBatch *self)
{
  g_autoptr(GPtrArray) jobs = fw_expand_shared_take (self->incoming, G_MAXUINT);

  if (jobs != NULL && jobs->len > 0)
    fw_batch_add_jobs (self, jobs);
  if (self->pending_rows->len > 0)
    fw_job_list_append_take (self->jobs, self->pending_rows, self->pending_rows->len);
}

/* The running jobs' states and bytes, and the speed and time left. */
static void
fw_batch_update_running (FwBatch *self,
                         FwRun   *run,
                         gint64   now)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 bytes = fw_run_snapshot (run, running);
  double dt = (now - self->last_tick_time) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < running->len; i++)
    {
      FwJob *job = g_ptr_array_index (running, i);

      if (fw_job_get_state (job) == FW_JOB_QUEUED)
        {
          fw_job_set_state (job, FW_JOB_RUNNING);
          fw_batch_tally_update (self, job);
        }
      fw_job_sync_progress (job);
      bytes += MIN (fw_job_get_bytes_done (job), fw_job_get_weight (job));
    }

  self->progress.n_running = running->len;
  self->progress.bytes_done = MIN (bytes, self->progress.bytes_total);
  if (dt > 0 && self->last_tick_time > 0 && !fw_pool_get_paused (self->pool))
    {
      double delta = self->progress.bytes_done >= self->last_bytes_done
                     ? (double) (self->progress.bytes_done - self->last_bytes_done) : 0;
      double alpha = 1.0 - exp (-dt / 1.5);

      self->progress.bytes_per_second += alpha * (delta / dt - self->progress.bytes_per_second);
    }
  self->last_bytes_done = self->progress.bytes_done;
  if (self->progress.bytes_per_second > 1)
    self->progress.seconds_left = (self->progress.bytes_total - self->progress.bytes_done)
                                  / self->progress.bytes_per_second;
  else
    self->progress.seconds_left = -1;
}

static gboolean
fw_batch_tick_real (FwBatch *self)
{
  FwRun *run = self->run;
  gboolean scanning = fw_expand_shared_get_active (self->incoming) > 0;
  gint64 now = g_get_monotonic_time ();
  gboolean refresh = now - self->last_refresh_time >= REFRESH_US;

  if (refresh)
    self->last_refresh_time = now;
  fw_batch_take_rows (self);

  if (run != NULL)
    fw_batch_take_results (self, run, now);

  if (run != NULL && run->stopping)
    {
      if (fw_run_is_stopped (run))
        fw_batch_end_run (self);
    }
  else if (run != NULL)
    {
      fw_batch_update_running (self, run, now);
      if (refresh)
        fw_batch_emit_progress (self);

      if (!run->stopping && run->n_results >= run->jobs->len && !scanning &&
          fw_expand_shared_get_pending (self->incoming) == 0)
        fw_batch_end_run (self);
    }
  else if (refresh && fw_batch_get_scanning (self))
    fw_batch_emit_progress (self);

  self->last_tick_time = now;

  /* Once, when it changes: not on every tick of a scan (each notify is a
   * frame). */
  if (self->scanning_shown != fw_batch_get_scanning (self))
    {
      self->scanning_shown = !self->scanning_shown;
      fw_batch_notify (self, FW_BATCH_PROP_SCANNING);
    }

  if (self->run == NULL && !scanning && fw_expand_shared_get_pending (self->incoming) == 0 &&
      self->pending_rows->len == 0)
    {
      /* #FwBatch:scanning went FALSE above. */
      self->tick_id = 0;
      self->last_tick_time = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* A tick longer than this says so (fw_batch_set_long_tick_us()). */
static gint64 long_tick_us = 20000;

void
fw_batch_set_long_tick_us (gint64 us)
{
  long_tick_us = us;
}

/**
 * fw_batch_tick:
 *
 * Main thread, from the tick's source: one tick. A tick that ran long
 * says so in a debug message of the engine's log domain
 * (G_MESSAGES_DEBUG=fileworks-engine shows it).
 *
 * Returns: %G_SOURCE_REMOVE once the batch has nothing left to do
 */
gboolean
fw_batch_tick (gpointer user_data)
{
  gint64 start = g_get_monotonic_time ();
  gboolean again = fw_batch_tick_real (user_data);
  gint64 spent = g_get_monotonic_time () - start;

  if (spent >= long_tick_us)
    g_debug ("tick: %.1f ms", spent / 1000.0);
  return again;
}
