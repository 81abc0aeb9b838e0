/* fw-batch-private.h — what the files of FwBatch share, and its test hook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-batch.h"
#include "fw-batch-run-private.h"
#include "fw-engine.h"
#include "fw-expand.h"
#include "fw-job-list.h"

G_BEGIN_DECLS

/*
 * FwBatch is one object over four files, each one concept:
 *
 * | file                | what                                               |
 * | ------------------- | -------------------------------------------------- |
 * | fw-batch.c          | the object: adding, queueing, state, settings,     |
 * |                     | the active set, how a job ends (main thread)       |
 * | fw-batch-control.c  | cancel, pause, run again, remove, clear            |
 * | fw-batch-progress.c | what a tick does: rows, results, progress, the end |
 * |                     | of a run (main thread)                             |
 * | fw-batch-tick.c     | the tick's #GSource (its timing, nothing else)     |
 * | fw-batch-run.c      | what the other threads touch: the feeder, chunks,  |
 * |                     | workers (fw-batch-run-private.h)                   |
 *
 * Every field of FwBatch is the main thread's.
 */
struct _FwBatch
{
  GObject          parent_instance;

  FwJobList       *jobs;
  FwPool          *pool;
  FwPool          *size_pool;      /* where a size job's scan fans out */
  GHashTable      *active;         /* FwJob (queued or running), keyed by kind and path */
  GPtrArray       *waiting;        /* FwJob: queued, not yet pushed */
  GPtrArray       *waiting_failed; /* FwJob: failed before queueing, for the next run's counts */
  GPtrArray       *last_run_jobs;  /* FwJob: the ended run's, that the counts describe */
  GPtrArray       *rerunnable;     /* FwJob: ended Failed or Cancelled and could run again;
                                    * may hold some that no longer are (see fw_batch_finish_job()) */
  GPtrArray       *pending_rows;   /* FwJob: added since the last tick, not in the list yet */

  FwExpandShared  *incoming;
  GCancellable    *scan_cancellable;
  char           **exclude_patterns; /* the window's, matched below each dropped folder */

  FwRun           *run;
  FwBatchProgress  progress;
  FwBatchCounts    counts;         /* every row: fw_batch_tally_*() */
  gint64           last_tick_time;
  gint64           last_refresh_time; /* see fw_batch_tick() */
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

typedef enum {
  FW_BATCH_PROP_0,
  FW_BATCH_PROP_RUNNING,
  FW_BATCH_PROP_STOPPING,
  FW_BATCH_PROP_SCANNING,
  FW_BATCH_PROP_PAUSED,
  FW_BATCH_N_PROPS
} FwBatchProp;

/* fw-batch.c */
void      fw_batch_notify            (FwBatch     *self,
                                      FwBatchProp  prop);
void      fw_batch_emit_progress     (FwBatch     *self);
void      fw_batch_emit_finished     (FwBatch     *self);
gboolean  fw_batch_claim_active      (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_forget_active     (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_finish_job        (FwBatch      *self,
                                      FwRun        *run,
                                      FwJob        *job,
                                      FwJobOutcome *outcome,
                                      const GError *error);
GQuark    fw_batch_removed_quark     (void);
/* The counts of every row (FwBatchCounts): a row joins them, follows its
 * status after each change the batch makes, and leaves them. A job the
 * batch does not count (removed, cleared) is left alone. */
void      fw_batch_tally_add         (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_tally_update      (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_tally_remove      (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_enqueue           (FwBatch     *self,
                                      GPtrArray   *jobs);

/* fw-batch-control.c */
void      fw_batch_drop_cancelled_waiting (FwBatch *self);

/* fw-batch-progress.c */
gboolean  fw_batch_tick              (gpointer     self);
void      fw_batch_count_finished    (FwBatch     *self,
                                      FwJob       *job);
void      fw_batch_count_last_run    (FwBatch     *self);
void      fw_batch_take_results      (FwBatch     *self,
                                      FwRun       *run,
                                      gint64       tick_start);

/* fw-batch-tick.c */
/* A #GSource that calls @func every @interval_ms, and sooner when @wake
 * is raised; see the file's comment. Attach it yourself. */
GSource  *fw_batch_tick_source_new   (FwWake      *wake,
                                      guint        interval_ms,
                                      GSourceFunc  func,
                                      gpointer     data);

/* For tests. fw-batch.c: the pool the jobs run on, the one size jobs
 * scan on. fw-batch-run.c: a hook each worker calls at the end of a
 * chunk. */
FwPool   *fw_batch_get_pool          (FwBatch     *self);
FwPool   *fw_batch_get_size_pool     (FwBatch     *self);

typedef void (*FwBatchHook) (gpointer user_data);

void      fw_batch_set_chunk_end_hook (FwBatchHook hook,
                                       gpointer    user_data);
/* fw-batch-progress.c: from how long (µs, default 20 ms) a tick is said
 * to have run long; main thread, while no batch ticks. */
void      fw_batch_set_long_tick_us   (gint64      us);

G_END_DECLS
