/* fw-batch-run.c — one run of a batch: the feeder, the chunks, the workers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here but fw_run_new(), fw_run_queue(), fw_run_join() and the
 * main thread's reads runs in other threads: the feeder (fw_run_feeder()),
 * the pool's workers (fw_run_chunk()), and whichever thread the pool frees
 * a chunk in or finds itself run dry in. Which lock guards which field:
 * the table in fw-batch-run-private.h.
 */
#include "config.h"

#include "fw-batch-private.h"
#include "fw-batch-run-private.h"
#include "fw-chunk.h"

/* A job waiting in the backlog, with what the feeder reads to make chunks
 * (read from the job as it is queued: the feeder touches no job). */
typedef struct {
  FwJob    *job;      /* owned */
  guint64   weight;
  gboolean  alone;    /* a folder or a large file: a chunk of its own */
} FwRunQueued;

/* A worker's entry while it runs a chunk, on the worker's stack: in
 * run->running (added and taken out under running_lock) from the chunk's
 * first job to its end. Between two jobs the worker takes only the
 * entry's own lock, not running_lock, which the other workers and the
 * tick share: a file of 4 KiB takes microseconds, and a lock all workers
 * write to on each one costs as much again in cache traffic. The tick and
 * the cancels read an entry holding both locks. */
typedef struct {
  GMutex        lock;
  FwJob        *job;          /* alive: run->jobs holds it */
  guint64       bytes_done;   /* the weights of the chunk's jobs finished */
  GCancellable *cancellable;  /* the worker thread's own */
} Running;

static guint
fw_run_backlog_length (FwRun *run)
{
  return run->backlog->len - run->backlog_head;
}

/* With run->lock held (or no other thread left). */
static void
fw_run_clear_backlog_locked (FwRun *run)
{
  for (guint i = run->backlog_head; i < run->backlog->len; i++)
    g_object_unref (g_array_index (run->backlog, FwRunQueued, i).job);
  g_array_set_size (run->backlog, 0);
  run->backlog_head = 0;
}

FwRun *
fw_run_ref (FwRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

void
fw_run_unref (gpointer data)
{
  FwRun *run = data;

  if (!g_atomic_ref_count_dec (&run->ref))
    return;

  /* No chunk is left: each holds a reference (see fw_batch_end_run()). */
  g_assert (run->feeder == NULL);
  fw_run_clear_backlog_locked (run);
  g_clear_pointer (&run->backlog, g_array_unref);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
  g_mutex_clear (&run->running_lock);
  g_clear_pointer (&run->running, g_ptr_array_unref);
  for (guint i = 0; i < run->late->len; i++)
    {
      FwRunLate *late = &g_array_index (run->late, FwRunLate, i);

      g_object_unref (late->job);
      fw_job_outcome_free (late->outcome);
    }
  g_clear_pointer (&run->late, g_array_unref);
  g_clear_pointer (&run->wake, fw_wake_unref);
  g_clear_pointer (&run->incoming, fw_expand_shared_unref);
  g_clear_pointer (&run->jobs, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->config.pool);
  g_clear_object (&run->config.size_pool);
  g_free (run);
}

/* Chunks ------------------------------------------------------------------ */

/* Any thread. A chunk the tick did not take, with outcomes in it, is one
 * the pool dropped after a Cancel: the outcomes of the jobs its worker
 * read to the end, before it saw the Cancel or before the pool had the
 * chunk back, are kept for fw_batch_end_run().
 *
 * A stopped run ends only once every chunk of it is freed (run->n_chunks).
 * Each chunk holds a reference on its run: the pool may free a dropped
 * chunk after it has let go of the run itself, or after the batch has
 * (fw_batch_dispose()). */
static void
chunk_free (gpointer data)
{
  FwChunk *chunk = data;
  FwRun *run = chunk->run;

  if (!chunk->taken)
    {
      g_mutex_lock (&run->running_lock);
      for (guint i = 0; i < chunk->n; i++)
        if (chunk->entries[i].outcome != NULL)
          {
            FwRunLate late = { g_object_ref (chunk->entries[i].job),
                               g_steal_pointer (&chunk->entries[i].outcome) };

            g_array_append_val (run->late, late);
          }
      g_mutex_unlock (&run->running_lock);
    }
  for (guint i = 0; i < chunk->n; i++)
    {
      g_object_unref (chunk->entries[i].job);
      g_clear_pointer (&chunk->entries[i].outcome, fw_job_outcome_free);
      g_clear_error (&chunk->entries[i].error);
    }
  g_free (chunk);

  /* The last chunk of a stopped run brings the tick that ends it. */
  if (g_atomic_int_dec_and_test (&run->n_chunks) && g_cancellable_is_cancelled (run->cancellable))
    fw_wake_raise (run->wake);
  fw_run_unref (run);
}

/* A folder's size job travels alone whatever it weighs: it fans out over
 * the size pool. */
static gboolean
job_travels_alone (FwJob *job)
{
  return fw_job_get_kind (job) == FW_JOB_SIZE ||
         fw_chunk_size_travels_alone ((gint64) fw_job_get_weight (job));
}

/* Feeder thread, with run->lock held and the backlog not empty: takes the
 * next chunk (see fw_chunk_max_for_backlog()). */
static FwChunk *
fw_run_take_chunk_locked (FwRun *run)
{
  FwRunQueued jobs[FW_CHUNK_MAX_JOBS];
  FwChunkFill fill;
  FwChunk *chunk;

  fw_chunk_fill_init (&fill, fw_chunk_max_for_backlog ((guint) g_atomic_int_get (&run->chunk_max_jobs),
                                                       fw_run_backlog_length (run),
                                                       fw_pool_get_n_workers (run->config.pool)));
  while (!fw_chunk_fill_is_full (&fill) && run->backlog_head < run->backlog->len)
    {
      FwRunQueued *q = &g_array_index (run->backlog, FwRunQueued, run->backlog_head);

      if (!fw_chunk_fill_add (&fill, q->weight, q->alone))
        break;
      jobs[fill.n - 1] = *q;
      run->backlog_head++;
    }
  /* Taken from the front: the array is emptied, or its taken half cut,
   * now and then, not moved on each chunk. */
  if (run->backlog_head == run->backlog->len)
    {
      g_array_set_size (run->backlog, 0);
      run->backlog_head = 0;
    }
  else if (run->backlog_head >= 4096 && run->backlog_head >= run->backlog->len / 2)
    {
      g_array_remove_range (run->backlog, 0, run->backlog_head);
      run->backlog_head = 0;
    }
  chunk = g_malloc0 (sizeof (FwChunk) + fill.n * sizeof (FwChunkEntry));
  chunk->run = fw_run_ref (run);
  chunk->n = fill.n;
  g_atomic_int_inc (&run->n_chunks);
  for (guint i = 0; i < fill.n; i++)
    {
      chunk->entries[i].job = jobs[i].job;
      chunk->entries[i].weight = jobs[i].weight;
    }
  return chunk;
}

/* The feeder thread: chunks of the backlog into the stream, until the run
 * closes. */
static gpointer
fw_run_feeder (gpointer data)
{
  FwRun *run = data;

  g_mutex_lock (&run->lock);
  for (;;)
    {
      FwChunk *chunk;

      while (fw_run_backlog_length (run) == 0 && !run->closing)
        g_cond_wait (&run->cond, &run->lock);
      if (fw_run_backlog_length (run) == 0)
        break;
      chunk = fw_run_take_chunk_locked (run);
      g_mutex_unlock (&run->lock);
      /* Blocks while the pool's queue is full; FALSE once cancelled (the
       * stream then owns nothing of ours: drop the chunk, the main thread
       * marks its jobs Cancelled). */
      if (!fw_pool_stream_push (run->stream, chunk))
        {
          chunk_free (chunk);
          g_mutex_lock (&run->lock);
          break;
        }
      g_mutex_lock (&run->lock);
    }
  g_mutex_unlock (&run->lock);
  fw_run_unref (run);
  return NULL;
}

/* Workers ----------------------------------------------------------------- */

/* Written while no batch runs (fw_batch_set_chunk_end_hook()), read by
 * the workers. */
static FwBatchHook chunk_end_hook;
static gpointer    chunk_end_hook_data;

/**
 * fw_batch_set_chunk_end_hook:
 *
 * For tests: @hook runs in the worker at the end of each chunk, after the
 * worker has looked for a cancel of the run and before the pool has the
 * chunk back. Set it while no batch runs; %NULL removes it.
 */
void
fw_batch_set_chunk_end_hook (FwBatchHook hook,
                             gpointer    user_data)
{
  chunk_end_hook = hook;
  chunk_end_hook_data = user_data;
}

/* Each worker thread reads with a cancellable of its own, reset between
 * jobs: no cancellable is made or freed per job. */
static GPrivate worker_cancellable = G_PRIVATE_INIT (g_object_unref);

/* With run->running_lock held. */
static void
fw_run_cancel_running_locked (FwRun *run,
                              FwJob *job)
{
  for (guint i = 0; i < run->running->len; i++)
    {
      Running *r = g_ptr_array_index (run->running, i);

      g_mutex_lock (&r->lock);
      if (job == NULL || r->job == job)
        g_cancellable_cancel (r->cancellable);
      g_mutex_unlock (&r->lock);
    }
}

void
fw_run_cancel_running (FwRun *run,
                       FwJob *job)
{
  g_mutex_lock (&run->running_lock);
  fw_run_cancel_running_locked (run, job);
  g_mutex_unlock (&run->running_lock);
}

/* Worker thread: runs a chunk's jobs in order. Every job gets an outcome
 * or an error; after a cancel of the whole run, the rest get "cancelled"
 * at once. */
static gpointer
fw_run_chunk (gpointer       item,
              GCancellable  *cancellable,
              gpointer       user_data,
              GError       **error)
{
  FwRun *run = user_data;
  FwChunk *chunk = item;
  GCancellable *mine = g_private_get (&worker_cancellable);
  Running entry;
  guint64 last_weight;
  gboolean cancelled;

  fw_engine_lower_thread_priority ();
  if (mine == NULL)
    {
      mine = g_cancellable_new ();
      g_private_set (&worker_cancellable, mine);
    }

  /* Registered with its first job: the tick never sees an entry without
   * one. A cancel left on @mine by an earlier job is reset under the lock:
   * a cancel asked from here on finds this job registered
   * (fw_batch_cancel_job()); one asked before is seen below. */
  g_assert (chunk->n > 0);
  g_mutex_init (&entry.lock);
  entry.job = chunk->entries[0].job;
  entry.bytes_done = 0;
  entry.cancellable = mine;
  g_mutex_lock (&run->running_lock);
  if (g_cancellable_is_cancelled (mine))
    g_cancellable_reset (mine);
  g_ptr_array_add (run->running, &entry);
  g_mutex_unlock (&run->running_lock);

  for (guint i = 0; i < chunk->n; i++)
    {
      FwChunkEntry *e = &chunk->entries[i];

      if (i > 0)
        {
          /* The switch to the next job, as one step for the tick: the
           * previous job's bytes count as finished, the entry names the
           * next one, and a cancel of the previous one is reset. */
          g_mutex_lock (&entry.lock);
          entry.bytes_done += chunk->entries[i - 1].weight;
          entry.job = e->job;
          if (g_cancellable_is_cancelled (mine))
            g_cancellable_reset (mine);
          g_mutex_unlock (&entry.lock);
        }
      if (g_cancellable_is_cancelled (cancellable) || fw_job_get_cancel_requested (e->job))
        g_cancellable_cancel (mine);

      e->outcome = fw_job_execute (e->job, &run->config, mine, &e->error);
    }

  cancelled = g_cancellable_is_cancelled (cancellable);
  if (G_UNLIKELY (chunk_end_hook != NULL))
    chunk_end_hook (chunk_end_hook_data);
  last_weight = chunk->entries[chunk->n - 1].weight;
  g_mutex_lock (&run->running_lock);
  /* Only this thread writes the entry: read without its lock. */
  run->bytes_finished += entry.bytes_done + last_weight;
  g_ptr_array_remove_fast (run->running, &entry);
  g_mutex_unlock (&run->running_lock);
  g_mutex_clear (&entry.lock);
  /* Stopping: the pool drops this result (chunk_free() keeps its
   * outcomes) and tells nobody; the tick that ends the run comes now, not
   * at its interval. */
  if (cancelled)
    fw_wake_raise (run->wake);

  return chunk;   /* the item itself: its entries hold the outcomes */
}

/* Any thread: the pool has run dry. With nothing left to push and no
 * scan to bring more, the run may be over: its tick comes at once, not
 * TICK_MIN_GAP_US after the last (that gap leaves GTK room to draw
 * between ticks woken in a row; this wake comes once). */
static void
run_drained_cb (gpointer data)
{
  FwRun *run = data;
  gboolean last;

  g_mutex_lock (&run->lock);
  last = fw_run_backlog_length (run) == 0;
  g_mutex_unlock (&run->lock);
  last = last && fw_expand_shared_get_active (run->incoming) == 0 &&
         fw_expand_shared_get_pending (run->incoming) == 0;
  if (last)
    fw_wake_raise_urgent (run->wake);
  else
    fw_wake_raise (run->wake);
}

/* Main thread ------------------------------------------------------------- */

/**
 * fw_run_new:
 * @wake: the batch's, raised to bring its tick forward
 * @incoming: the batch's scans: while one goes on, the run is not over
 *
 * Main thread: a run over @pool, with its stream (pull mode: the batch's
 * tick, the one source of the batch in the main context, takes the
 * results) and its feeder thread, which waits for fw_run_queue().
 */
FwRun *
fw_run_new (FwPool         *pool,
            FwPool         *size_pool,
            gsize           buffer_size,
            gboolean        one_file_system,
            guint           chunk_max_jobs,
            FwWake         *wake,
            FwExpandShared *incoming)
{
  FwRun *run = g_new0 (FwRun, 1);

  /* The workers' GPrivate gets its key here, in the main thread, before
   * a worker of this run reads it (see fw_pool_class_init()). */
  g_private_get (&worker_cancellable);

  g_atomic_ref_count_init (&run->ref);
  run->cancellable = g_cancellable_new ();
  run->config.buffer_size = buffer_size;
  run->config.one_file_system = one_file_system;
  run->config.pool = g_object_ref (pool);
  run->config.size_pool = g_object_ref (size_pool);
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  run->backlog = g_array_new (FALSE, FALSE, sizeof (FwRunQueued));
  g_mutex_init (&run->running_lock);
  run->running = g_ptr_array_new ();
  run->late = g_array_new (FALSE, FALSE, sizeof (FwRunLate));
  run->wake = fw_wake_ref (wake);
  run->incoming = fw_expand_shared_ref (incoming);
  run->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&run->results);
  run->chunk_max_jobs = chunk_max_jobs;

  run->stream = fw_pool_stream_new (pool, fw_run_chunk,
                                    fw_run_ref (run), fw_run_unref,
                                    chunk_free, NULL,
                                    FW_POOL_COLLECT, FW_POOL_STREAM_PULL,
                                    run->cancellable);
  /* The tick comes as soon as the workers run dry: at the end of a run,
   * with no interval to wait out; or when they have nothing left to do. */
  fw_pool_stream_set_drained_func (run->stream, run_drained_cb,
                                   fw_run_ref (run), fw_run_unref);
  run->feeder = g_thread_new ("fw-feeder", fw_run_feeder, fw_run_ref (run));
  return run;
}

void
fw_run_queue (FwRun     *run,
              GPtrArray *jobs)
{
  g_mutex_lock (&run->lock);
  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);

      if (!fw_job_is_finished (job))
        {
          FwRunQueued q = { g_object_ref (job), fw_job_get_weight (job), job_travels_alone (job) };

          g_array_append_val (run->backlog, q);
        }
    }
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
}

void
fw_run_set_chunk_max_jobs (FwRun *run,
                           guint  chunk_max_jobs)
{
  g_atomic_int_set (&run->chunk_max_jobs, chunk_max_jobs);
}

void
fw_run_stop_feeding (FwRun *run)
{
  g_mutex_lock (&run->lock);
  run->closing = TRUE;
  fw_run_clear_backlog_locked (run);
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
}

void
fw_run_join (FwRun *run)
{
  fw_run_stop_feeding (run);
  g_thread_join (g_steal_pointer (&run->feeder));
}

/* After a cancel: stopped once the stream is finished, no job of ours
 * still runs, and every chunk is freed (one the pool dropped has left its
 * outcomes in run->late by then). */
gboolean
fw_run_is_stopped (FwRun *run)
{
  gboolean idle;

  g_mutex_lock (&run->running_lock);
  idle = run->running->len == 0;
  g_mutex_unlock (&run->running_lock);
  return idle && fw_pool_stream_is_done (run->stream) && g_atomic_int_get (&run->n_chunks) == 0;
}

guint64
fw_run_snapshot (FwRun     *run,
                 GPtrArray *running)
{
  guint64 bytes;

  g_mutex_lock (&run->running_lock);
  bytes = run->bytes_finished;
  for (guint i = 0; i < run->running->len; i++)
    {
      Running *r = g_ptr_array_index (run->running, i);

      g_mutex_lock (&r->lock);
      bytes += r->bytes_done;
      g_ptr_array_add (running, g_object_ref (r->job));
      g_mutex_unlock (&r->lock);
    }
  g_mutex_unlock (&run->running_lock);
  return bytes;
}
