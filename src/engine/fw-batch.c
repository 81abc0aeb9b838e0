/* fw-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fw-batch.h"
#include "fw-chunk.h"
#include "fw-engine.h"
#include "fw-expand.h"
#include "fw-job-list.h"

#define TICK_INTERVAL_MS 33
/* A tick brought forward (see TickSource) comes at least this long after
 * the one before ended. */
#define TICK_MIN_GAP_US (8 * 1000)

/* One stream over the pool, from the first job pushed to the last
 * result (or to "stopped" after a cancel). */
typedef struct {
  gatomicrefcount  ref;
  GCancellable    *cancellable;
  FwPoolStream    *stream;
  FwJobConfig      config;

  /* The feeder thread pushes the backlog into the stream: a full queue
   * blocks it, never the main thread. */
  GMutex           lock;
  GCond            cond;
  GArray          *backlog;        /* Queued, from backlog_head on */
  guint            backlog_head;
  gboolean         closing;
  GThread         *feeder;

  /* The tick takes the finished results from the stream (pull mode) in
   * one go, without a thread waiting on the workers; what its time budget
   * leaves waits here for the next tick. */
  GQueue           results;        /* FwPoolResult, main thread */

  /* Jobs running now, with the cancellable each worker reads them with:
   * a worker's entry is added when it takes a chunk, says which of the
   * chunk's jobs runs, and goes when the chunk is done; read on the tick,
   * cancelled from the main thread. */
  GMutex           running_lock;
  GPtrArray       *running;        /* Running, on the workers' stacks */
  guint64          bytes_finished; /* of chunks ended; under running_lock */
  /* Outcomes of jobs that finished in a chunk the pool dropped after the
   * stream was cancelled, kept for fw_batch_end_run() (see chunk_free()).
   * Under running_lock. */
  GArray          *late;           /* Late */
  gint             n_chunks;       /* atomic: made and not yet freed (see chunk_free()) */
  FwWake          *wake;           /* a cancelled chunk's end ends the run */
  FwExpandShared  *incoming;       /* the batch's scans when the run began */
  guint            chunk_max_jobs; /* atomic; see fw_batch_set_queue_capacity() */

  /* Main thread. */
  GPtrArray       *jobs;           /* every job pushed, owned */
  guint            n_results;
  gboolean         stopping;
  gboolean         cleared;        /* its rows went with Clear List */
  gboolean         removed;        /* some of its rows were removed while it ran */
} FwRun;

typedef struct {
  FwJob        *job;
  FwJobOutcome *outcome;
} Late;

/* A job waiting in the backlog, with what the feeder reads to make chunks
 * (read from the job as it is queued: the feeder touches no job). */
typedef struct {
  FwJob    *job;      /* owned */
  guint64   weight;
  gboolean  alone;    /* a folder or a large file: a chunk of its own */
} Queued;

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
    g_object_unref (g_array_index (run->backlog, Queued, i).job);
  g_array_set_size (run->backlog, 0);
  run->backlog_head = 0;
}

struct _FwBatch
{
  GObject          parent_instance;

  FwJobList       *jobs;
  FwPool          *pool;
  FwPool          *size_pool;      /* where a size job's scan fans out */
  GHashTable      *active;         /* "kind:path" → FwJob (queued or running) */
  GPtrArray       *waiting;        /* FwJob: queued, not yet pushed */
  GPtrArray       *waiting_failed; /* FwJob: failed before queueing, for the next run's counts */
  GPtrArray       *last_run_jobs;  /* FwJob: the ended run's, that the counts describe */
  GPtrArray       *rerunnable;     /* FwJob: ended Failed or Cancelled and could run again;
                                    * may hold some that no longer are (see fw_batch_note_ended()) */
  GPtrArray       *pending_rows;   /* FwJob: not in the list yet */

  FwExpandShared  *incoming;
  GCancellable    *scan_cancellable;

  FwRun           *run;
  FwBatchProgress  progress;
  gint64           last_tick_time;
  gint64           last_refresh_time; /* see fw_batch_flush_rows() */
  guint64          last_bytes_done;
  guint            tick_id;
  guint            tick_interval_ms;
  GMainContext    *context;        /* the thread-default one at creation */
  FwWake          *wake;           /* brings the tick forward */

  guint            queue_capacity;  /* jobs, as the preference counts them */
  guint            chunk_max_jobs;  /* from it: fw_chunk_sizes_for_queue() */
  gsize            buffer_size;
  FwAlgorithmSet   algorithms;
  gboolean         auto_start;
  gboolean         one_file_system;
  gboolean         scanning_shown;  /* #FwBatch:scanning as last notified */
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STOPPING,
  PROP_SCANNING,
  PROP_PAUSED,
  N_PROPS
};

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FwBatch, fw_batch, G_TYPE_OBJECT)

static void fw_batch_ensure_tick (FwBatch *self);
static void fw_batch_drop_cancelled_waiting (FwBatch *self);
static void fw_batch_flush_rows  (FwBatch *self,
                                  gboolean refresh);
static void fw_batch_enqueue     (FwBatch *self, GPtrArray *jobs);

/* Runs ------------------------------------------------------------------- */

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

static FwRun *
fw_run_ref (FwRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
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
      Late *late = &g_array_index (run->late, Late, i);

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

/* The unit handed to the pool: consecutive jobs, run in order by one
 * worker. Small files travel together, as in `fileworks-cli hash`: one
 * pool hand-off and one registry entry per chunk, not per file (the
 * policy, shared with the CLI: fw-chunk.h). A large file and a folder
 * travel alone, so that the workers share them. */
typedef struct {
  FwJob        *job;      /* owned */
  guint64       weight;   /* fw_job_get_weight (job), read once */
  FwJobOutcome *outcome;  /* set by the worker; the tick steals it */
  GError       *error;
} ChunkEntry;

typedef struct {
  FwRun     *run;      /* owned: see chunk_free() */
  gboolean   taken;    /* its results went through the tick */
  guint      n;
  ChunkEntry entries[];
} Chunk;

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
  Chunk *chunk = data;
  FwRun *run = chunk->run;

  if (!chunk->taken)
    {
      g_mutex_lock (&run->running_lock);
      for (guint i = 0; i < chunk->n; i++)
        if (chunk->entries[i].outcome != NULL)
          {
            Late late = { g_object_ref (chunk->entries[i].job),
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
static Chunk *
fw_run_take_chunk_locked (FwRun *run)
{
  Queued jobs[FW_CHUNK_MAX_JOBS];
  FwChunkFill fill;
  guint n;
  Chunk *chunk;

  fw_chunk_fill_init (&fill, fw_chunk_max_for_backlog ((guint) g_atomic_int_get (&run->chunk_max_jobs),
                                                       fw_run_backlog_length (run),
                                                       fw_pool_get_n_workers (run->config.pool)));
  while (!fw_chunk_fill_is_full (&fill) && run->backlog_head < run->backlog->len)
    {
      Queued *q = &g_array_index (run->backlog, Queued, run->backlog_head);

      if (!fw_chunk_fill_add (&fill, q->weight, q->alone))
        break;
      jobs[fill.n - 1] = *q;
      run->backlog_head++;
    }
  n = fill.n;
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
  chunk = g_malloc0 (sizeof (Chunk) + n * sizeof (ChunkEntry));
  chunk->run = fw_run_ref (run);
  chunk->n = n;
  g_atomic_int_inc (&run->n_chunks);
  for (guint i = 0; i < n; i++)
    {
      chunk->entries[i].job = jobs[i].job;
      chunk->entries[i].weight = jobs[i].weight;
    }
  return chunk;
}

static gpointer
fw_run_feeder (gpointer data)
{
  FwRun *run = data;

  g_mutex_lock (&run->lock);
  for (;;)
    {
      Chunk *chunk;

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

/* With run->running_lock held: cancels @job if it runs (every running
 * job if @job is %NULL). */
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
  Chunk *chunk = item;
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
      ChunkEntry *e = &chunk->entries[i];

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
static gboolean
fw_batch_claim_active (FwBatch *self,
                       FwJob   *job)
{
  if (g_hash_table_contains (self->active, job))
    return FALSE;
  g_hash_table_add (self->active, g_object_ref (job));
  return TRUE;
}

static void
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

static void
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

/* Set on the jobs fw_batch_remove() takes out of the list. */
static GQuark
fw_batch_removed_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("fw-batch-removed");
  return quark;
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

/* Main thread: @job has ended. It takes @outcome (transfer full), or
 * @error, or becomes Cancelled when both are %NULL; it leaves the active
 * set (its file may be queued again); it is noted for Run Again unless
 * @run's rows went with Clear List. The one way a job of the batch ends,
 * whether its result came, the pool dropped it, or it was cancelled
 * before it ran. */
static void
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
  fw_batch_forget_active (self, job);
  if (run == NULL || !run->cleared)
    fw_batch_note_ended (self, job);
}

/* While stopping: a job read to its end keeps its outcome, even when
 * Cancel already marked it Cancelled (the main thread's state lags behind
 * the workers by up to a tick). */
static gboolean
takes_late_outcome (FwJob *job)
{
  FwJobState state = fw_job_get_state (job);

  /* Not one the user cancelled alone: that cancel stands. */
  return state != FW_JOB_DONE && state != FW_JOB_FAILED && !fw_job_get_cancel_requested (job);
}

/* Time a tick may spend on results; the rest wait for the next tick. */
#define RESULTS_BUDGET_US 20000

/* Main thread, on the tick: applies the results collected since the last
 * tick, within a time budget. O(results applied). */
static void
fw_batch_take_results (FwBatch *self,
                       FwRun   *run,
                       gint64   tick_start)
{
  FwPoolResult *result;
  guint n_applied = 0;   /* at least one chunk a tick, whatever the budget */

  fw_pool_stream_pop_available (run->stream, &run->results);
  while ((result = g_queue_pop_head (&run->results)) != NULL)
    {
      Chunk *chunk = result->item;

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
              ChunkEntry *e = &chunk->entries[i];

              if (result->result != NULL && e->outcome != NULL && takes_late_outcome (e->job))
                fw_batch_finish_job (self, run, e->job, g_steal_pointer (&e->outcome), NULL);
            }
        }
      else
        for (guint i = 0; i < chunk->n; i++)
          {
            ChunkEntry *e = &chunk->entries[i];

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

static void fw_batch_end_run (FwBatch *self);

/* Joins the run's threads. The stream must be closed or cancelled. */
static void
fw_run_join (FwRun *run)
{
  g_mutex_lock (&run->lock);
  run->closing = TRUE;
  fw_run_clear_backlog_locked (run);
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
  g_thread_join (g_steal_pointer (&run->feeder));
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

static FwRun *
fw_run_new (FwBatch *self)
{
  FwRun *run = g_new0 (FwRun, 1);

  g_atomic_ref_count_init (&run->ref);
  run->cancellable = g_cancellable_new ();
  run->config.buffer_size = self->buffer_size;
  run->config.one_file_system = self->one_file_system;
  run->config.pool = g_object_ref (self->pool);
  run->config.size_pool = g_object_ref (self->size_pool);
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  run->backlog = g_array_new (FALSE, FALSE, sizeof (Queued));
  g_mutex_init (&run->running_lock);
  run->running = g_ptr_array_new ();
  run->late = g_array_new (FALSE, FALSE, sizeof (Late));
  run->wake = fw_wake_ref (self->wake);
  run->incoming = fw_expand_shared_ref (self->incoming);
  run->jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_queue_init (&run->results);

  /* Pull mode: the tick, the one source of the batch in the main
   * context, takes the results. */
  run->chunk_max_jobs = self->chunk_max_jobs;
  run->stream = fw_pool_stream_new (self->pool, fw_run_chunk,
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

/* The counts, from the last run's jobs themselves: O(jobs), once. */
static void
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

/* Main thread: the run is over (all results in, or stopped after a cancel).
 * Marks what did not finish as Cancelled, recounts, emits "finished". */
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
      Late *late = &g_array_index (run->late, Late, i);

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
  if (run->cleared)
    self->last_run_jobs = g_ptr_array_new_with_free_func (g_object_unref);
  else if (run->removed)
    {
      /* Rows removed while it ran count no more than those removed
       * after it (see fw_batch_remove()). */
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
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[PROGRESS], 0);
  g_signal_emit (self, signals[FINISHED], 0);

  if (self->auto_start && self->waiting->len > 0)
    fw_batch_start (self);
}

/* Tick ------------------------------------------------------------------- */

/* What the window shows changes on "refresh" ticks, every REFRESH_US:
 * "progress" is emitted then, and new rows join the list then, so that
 * both land in the same frame; each change is a frame to lay out and
 * draw, and a few a second read as smooth. Results are taken on every
 * tick.
 *
 * The view makes a row of widgets for each of the first couple of hundred
 * items (about half a millisecond each, and the frame after costs as much
 * again), so those come a few at a time, on every tick. Further down
 * items cost no widgets: they come at most MAX_NEW_ROWS_PER_SPLICE a
 * refresh. The jobs themselves are queued at once. */
#define REFRESH_US (100 * 1000)
#define FIRST_ROWS 240
#define MAX_FIRST_ROWS_PER_TICK 48
#define MAX_NEW_ROWS_PER_SPLICE 32768

static void
fw_batch_flush_rows (FwBatch  *self,
                     gboolean  refresh)
{
  guint n_rows, n;

  if (self->pending_rows->len == 0)
    return;
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  if (n_rows < FIRST_ROWS)
    n = MIN (self->pending_rows->len, MAX_FIRST_ROWS_PER_TICK);
  else if (refresh)
    n = MIN (self->pending_rows->len, MAX_NEW_ROWS_PER_SPLICE);
  else
    return;
  fw_job_list_append_take (self->jobs, self->pending_rows, n);
}

static void
fw_batch_take_incoming (FwBatch *self)
{
  g_autoptr(GPtrArray) jobs = fw_expand_shared_take (self->incoming, G_MAXUINT);

  if (jobs != NULL && jobs->len > 0)
    fw_batch_add_jobs (self, jobs);
}

static gboolean fw_batch_tick_real (gpointer user_data);

/* G_MESSAGES_DEBUG=fileworks shows the ticks that ran long. */
static gboolean
fw_batch_tick (gpointer user_data)
{
  gint64 start = g_get_monotonic_time ();
  gboolean again = fw_batch_tick_real (user_data);
  gint64 spent = g_get_monotonic_time () - start;

  if (spent > 20000)
    g_debug ("tick: %.1f ms", spent / 1000.0);
  return again;
}

static gboolean
fw_batch_tick_real (gpointer user_data)
{
  FwBatch *self = user_data;
  FwRun *run = self->run;
  gboolean scanning = fw_expand_shared_get_active (self->incoming) > 0;
  gint64 now = g_get_monotonic_time ();
  gboolean refresh = now - self->last_refresh_time >= REFRESH_US;

  if (refresh)
    self->last_refresh_time = now;
  fw_batch_take_incoming (self);
  fw_batch_flush_rows (self, refresh);

  if (run != NULL)
    fw_batch_take_results (self, run, now);

  if (run != NULL && run->stopping)
    {
      gboolean idle;

      g_mutex_lock (&run->running_lock);
      idle = run->running->len == 0;
      g_mutex_unlock (&run->running_lock);
      /* Stopped: the stream is finished, no job of ours still runs, and
       * every chunk is freed (one the pool dropped has left its outcomes
       * in run->late by then). */
      if (idle && fw_pool_stream_is_done (run->stream) && g_atomic_int_get (&run->n_chunks) == 0)
        fw_batch_end_run (self);
    }
  else if (run != NULL)
    {
      g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
      guint64 bytes;
      double dt = (now - self->last_tick_time) / (double) G_USEC_PER_SEC;

      /* The finished bytes and the running jobs, read together: a job
       * counts in one or the other. */
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

      for (guint i = 0; i < running->len; i++)
        {
          FwJob *job = g_ptr_array_index (running, i);

          if (fw_job_get_state (job) == FW_JOB_QUEUED)
            fw_job_set_state (job, FW_JOB_RUNNING);
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

      if (refresh)
        g_signal_emit (self, signals[PROGRESS], 0);

      if (!run->stopping && run->n_results >= run->jobs->len && !scanning &&
          fw_expand_shared_get_pending (self->incoming) == 0)
        fw_batch_end_run (self);
    }
  else if (refresh && fw_batch_get_scanning (self))
    g_signal_emit (self, signals[PROGRESS], 0);

  self->last_tick_time = now;

  /* Once, when it changes: not on every tick while the last rows of a
   * finished scan wait to join the list (each notify is a frame). */
  if (self->scanning_shown != fw_batch_get_scanning (self))
    {
      self->scanning_shown = !self->scanning_shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
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

/* The tick: every tick interval, and sooner when another thread raises
 * the batch's wake — the first files of a scan are found, a scan ends, or
 * the pool has run dry (the last result of a run is in, or the workers
 * wait for files) — so that neither the workers nor the end of a batch
 * wait out an interval. A woken tick comes TICK_MIN_GAP_US after the last
 * one ended at the soonest. */
typedef struct {
  GSource  source;
  FwWake  *wake;
  gint64   interval_us;
  gint64   last_end;         /* when it last returned */
} TickSource;

/* When a raised wake may be served; 0 when none is raised. The gap counts
 * from the end of the last tick: a long tick with the wake raised again
 * meanwhile must not leave the sources below (GTK's layout and paint) no
 * time to run. */
static gint64
tick_source_woken_time (TickSource *tick)
{
  if (!fw_wake_is_raised (tick->wake))
    return 0;
  return fw_wake_is_urgent (tick->wake) ? tick->last_end : tick->last_end + TICK_MIN_GAP_US;
}

static gboolean
tick_source_prepare (GSource *source,
                     int     *timeout)
{
  gint64 at = tick_source_woken_time ((TickSource *) source);
  gint64 now;

  *timeout = -1;   /* else the ready time set in dispatch */
  if (at == 0)
    return FALSE;
  now = g_source_get_time (source);
  if (now >= at)
    return TRUE;
  *timeout = (int) ((at - now + 999) / 1000);
  return FALSE;
}

static gboolean
tick_source_check (GSource *source)
{
  gint64 at = tick_source_woken_time ((TickSource *) source);

  return at != 0 && g_source_get_time (source) >= at;
}

static gboolean
tick_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  TickSource *tick = (TickSource *) source;
  gint64 start = g_source_get_time (source);
  gboolean again;

  fw_wake_take (tick->wake);
  again = callback (user_data);
  tick->last_end = g_get_monotonic_time ();
  if (!again)
    return G_SOURCE_REMOVE;
  g_source_set_ready_time (source, start + tick->interval_us);
  return G_SOURCE_CONTINUE;
}

static void
tick_source_finalize (GSource *source)
{
  fw_wake_unref (((TickSource *) source)->wake);
}

static GSourceFuncs tick_source_funcs = {
  tick_source_prepare,
  tick_source_check,
  tick_source_dispatch,
  tick_source_finalize,
  NULL, NULL
};

static void
fw_batch_ensure_tick (FwBatch *self)
{
  if (self->tick_id == 0)
    {
      GSource *source = g_source_new (&tick_source_funcs, sizeof (TickSource));
      TickSource *tick = (TickSource *) source;

      gint64 now = g_get_monotonic_time ();

      tick->wake = fw_wake_ref (self->wake);
      tick->interval_us = self->tick_interval_ms * (gint64) 1000;
      /* No tick ran lately: a wake (the first files a scan finds) is
       * served at once; the workers wait for that tick. */
      tick->last_end = now - TICK_MIN_GAP_US;
      g_source_set_ready_time (source, now + tick->interval_us);
      g_source_set_callback (source, fw_batch_tick, self, NULL);
      g_source_set_static_name (source, "[fileworks] batch tick");
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
      g_mutex_lock (&run->running_lock);
      fw_run_cancel_running_locked (run, NULL);
      g_mutex_unlock (&run->running_lock);
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
    case PROP_RUNNING: g_value_set_boolean (value, fw_batch_get_running (self)); break;
    case PROP_STOPPING: g_value_set_boolean (value, fw_batch_get_stopping (self)); break;
    case PROP_SCANNING: g_value_set_boolean (value, fw_batch_get_scanning (self)); break;
    case PROP_PAUSED: g_value_set_boolean (value, fw_batch_get_paused (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_batch_class_init (FwBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  /* The workers' GPrivate gets its key here, before any worker runs (see
   * fw_pool_class_init()). */
  g_private_get (&worker_cancellable);

  object_class->dispose = fw_batch_dispose;
  object_class->finalize = fw_batch_finalize;
  object_class->get_property = fw_batch_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_STOPPING] = g_param_spec_boolean ("stopping", NULL, NULL, FALSE, ro);
  properties[PROP_SCANNING] = g_param_spec_boolean ("scanning", NULL, NULL, FALSE, ro);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  fw_expand_start (self->incoming, files, n_files, mode, self->algorithms,
                   NULL, self->scan_cancellable);
  fw_batch_ensure_tick (self);
  self->scanning_shown = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
}

/**
 * fw_batch_add_jobs:
 * @jobs: (element-type FwJob): new jobs
 *
 * Main thread: queues @jobs at once (or keeps them waiting for
 * fw_batch_start() when auto-start is off), skipping those whose file is
 * already queued or running for the same kind of job. Their rows join the
 * list in splices on the following ticks, a bounded number per tick.
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
      g_ptr_array_add (fresh, g_object_ref (job));
    }

  /* Work starts at once; the rows follow on the ticks (see
   * fw_batch_flush_rows()). */
  g_ptr_array_extend_and_steal (self->pending_rows, g_steal_pointer (&fresh));
  fw_batch_ensure_tick (self);
  /* Rows to join the list: scanning, until they have (jobs added
   * directly, not through a scan). */
  if (!self->scanning_shown && fw_batch_get_scanning (self))
    {
      self->scanning_shown = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
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

static void
fw_batch_enqueue (FwBatch   *self,
                  GPtrArray *jobs)
{
  FwRun *run;
  gboolean started = FALSE;

  if (jobs->len == 0)
    return;

  if (self->run == NULL)
    {
      self->run = fw_run_new (self);
      g_clear_pointer (&self->last_run_jobs, g_ptr_array_unref);
      memset (&self->progress, 0, sizeof self->progress);
      self->progress.seconds_left = -1;
      self->last_bytes_done = 0;
      started = TRUE;
    }
  run = self->run;
  g_assert (!run->stopping);

  g_mutex_lock (&run->lock);
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
      else
        {
          Queued q = { g_object_ref (job), fw_job_get_weight (job), job_travels_alone (job) };

          g_array_append_val (run->backlog, q);
        }
    }
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);

  fw_batch_ensure_tick (self);
  if (started)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
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

/* Cancel, pause, run again ---------------------------------------------- */

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

  g_mutex_lock (&run->lock);
  run->closing = TRUE;
  fw_run_clear_backlog_locked (run);
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);

  g_mutex_lock (&run->running_lock);
  fw_run_cancel_running_locked (run, NULL);
  g_mutex_unlock (&run->running_lock);

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

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPING]);
}

/* Takes the jobs cancelled while waiting for Start out of the waiting
 * list, in one pass; the others keep their order. */
static void
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
    {
      g_mutex_lock (&self->run->running_lock);
      fw_run_cancel_running_locked (self->run, job);
      g_mutex_unlock (&self->run->running_lock);
    }
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

void
fw_batch_pause (FwBatch *self)
{
  g_return_if_fail (FW_IS_BATCH (self));

  if (fw_pool_get_paused (self->pool))
    return;
  fw_pool_pause (self->pool);
  self->progress.bytes_per_second = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
fw_batch_resume (FwBatch *self)
{
  g_return_if_fail (FW_IS_BATCH (self));

  if (!fw_pool_get_paused (self->pool))
    return;
  fw_pool_resume (self->pool);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
fw_batch_get_paused (FwBatch *self)
{
  g_return_val_if_fail (FW_IS_BATCH (self), FALSE);
  return fw_pool_get_paused (self->pool);
}

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
      g_ptr_array_add (again, g_object_ref (job));
    }
  fw_batch_enqueue (self, again);
  return again->len;
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
      g_hash_table_add (doomed, job);
      g_object_set_qdata (G_OBJECT (job), fw_batch_removed_quark (), GINT_TO_POINTER (TRUE));
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
            g_object_unref (job);
          else
            self->last_run_jobs->pdata[kept_jobs++] = job;
        }
      self->last_run_jobs->len = kept_jobs;
      fw_batch_count_last_run (self);
      g_signal_emit (self, signals[PROGRESS], 0);
    }

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
      g_signal_emit (self, signals[PROGRESS], 0);
    }
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
    g_atomic_int_set (&self->run->chunk_max_jobs, self->chunk_max_jobs);
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
