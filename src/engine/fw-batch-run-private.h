/* fw-batch-run-private.h — one run of a batch: what its workers touch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-engine.h"
#include "fw-expand.h"
#include "fw-job.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/*
 * A run is one stream over the pool, from the first job pushed to the last
 * result (or to "stopped" after a cancel). fw-batch-run.c holds everything
 * a thread other than the main one touches: the feeder thread that makes
 * chunks of the backlog and pushes them, the workers that run a chunk's
 * jobs, the pool's callbacks (a chunk freed, the pool run dry). The batch
 * (main thread) queues jobs into it, takes its results on the tick, and
 * cancels it.
 *
 * Who guards what in FwRun:
 *
 * | field                          | guarded by                                    |
 * | ------------------------------ | --------------------------------------------- |
 * | ref                            | atomic (g_atomic_ref_count_*)                 |
 * | cancellable, stream, config,   | immutable from fw_run_new() until the run's   |
 * | wake, incoming                 | last reference goes (stream: until the main   |
 * |                                | thread clears it after fw_run_join())         |
 * | backlog, backlog_head, closing | lock (cond: the feeder waits for jobs on it)  |
 * | feeder                         | main thread (made in fw_run_new(), joined in  |
 * |                                | fw_run_join())                                |
 * | running, bytes_finished, late  | running_lock; each Running entry in `running` |
 * |                                | also has a lock of its own (fw-batch-run.c)   |
 * | n_chunks, chunk_max_jobs       | atomic (g_atomic_int_*)                       |
 * | results, jobs, n_results,      | main thread only                              |
 * | stopping, cleared, removed     |                                               |
 *
 * Lock order: running_lock before an entry's lock; lock and running_lock
 * are never held together. Chunk entries' outcomes are written by the one
 * worker that runs the chunk, and read by the main thread only once the
 * pool has handed the chunk back (a result) or freed it (chunk_free()).
 */
typedef struct {
  gatomicrefcount  ref;
  GCancellable    *cancellable;
  FwPoolStream    *stream;
  FwJobConfig      config;
  FwWake          *wake;           /* a cancelled chunk's end ends the run */
  FwExpandShared  *incoming;       /* the batch's scans when the run began */

  /* The feeder thread pushes the backlog into the stream: a full queue
   * blocks it, never the main thread. */
  GMutex           lock;
  GCond            cond;
  GArray          *backlog;        /* FwRunQueued, from backlog_head on */
  guint            backlog_head;
  gboolean         closing;
  GThread         *feeder;

  /* Jobs running now, with the cancellable each worker reads them with:
   * a worker's entry is added when it takes a chunk, says which of the
   * chunk's jobs runs, and goes when the chunk is done; read on the tick,
   * cancelled from the main thread. */
  GMutex           running_lock;
  GPtrArray       *running;        /* Running, on the workers' stacks */
  guint64          bytes_finished; /* of chunks ended */
  /* Outcomes of jobs that finished in a chunk the pool dropped after the
   * stream was cancelled, kept for fw_batch_end_run() (see chunk_free()). */
  GArray          *late;           /* FwRunLate */
  gint             n_chunks;       /* made and not yet freed (see chunk_free()) */
  guint            chunk_max_jobs; /* see fw_batch_set_queue_capacity() */

  /* The tick takes the finished results from the stream (pull mode) in
   * one go, without a thread waiting on the workers; what its time budget
   * leaves waits here for the next tick. */
  GQueue           results;        /* FwPoolResult */
  GPtrArray       *jobs;           /* every job pushed, owned */
  guint            n_results;
  gboolean         stopping;
  gboolean         cleared;        /* its rows went with Clear List */
  gboolean         removed;        /* some of its rows were removed while it ran */
} FwRun;

typedef struct {
  FwJob        *job;
  FwJobOutcome *outcome;
} FwRunLate;

/* The unit handed to the pool: consecutive jobs, run in order by one
 * worker (the policy: fw-chunk.h). */
typedef struct {
  FwJob        *job;      /* owned */
  guint64       weight;   /* fw_job_get_weight (job), read once */
  FwJobOutcome *outcome;  /* set by the worker; the tick steals it */
  GError       *error;
} FwChunkEntry;

typedef struct {
  FwRun        *run;      /* owned: see chunk_free() */
  gboolean      taken;    /* its results went through the tick */
  guint         n;
  FwChunkEntry  entries[];
} FwChunk;

/* Main thread. */
FwRun   *fw_run_new               (FwPool          *pool,
                                   FwPool          *size_pool,
                                   gsize            buffer_size,
                                   gboolean         one_file_system,
                                   guint            chunk_max_jobs,
                                   FwWake          *wake,
                                   FwExpandShared  *incoming);
FwRun   *fw_run_ref               (FwRun           *run);
void     fw_run_unref             (gpointer         run);
/* Appends the jobs of @jobs not finished yet to the backlog, in order;
 * the feeder wakes. */
void     fw_run_queue             (FwRun           *run,
                                   GPtrArray       *jobs);
/* The feeder stops: the backlog is dropped, nothing more is pushed. */
void     fw_run_stop_feeding      (FwRun           *run);
/* Stops feeding and joins the feeder. The stream must be closed or
 * cancelled. */
void     fw_run_join              (FwRun           *run);
/* Cancels @job if a worker runs it (every running job if @job is %NULL). */
void     fw_run_cancel_running    (FwRun           *run,
                                   FwJob           *job);
/* Applies to the chunks the feeder makes from now on. */
void     fw_run_set_chunk_max_jobs (FwRun          *run,
                                    guint           chunk_max_jobs);
/* After a cancel: whether the workers are done with the run (no job of
 * it runs, the stream is done, every chunk is freed): it may end. */
gboolean fw_run_is_stopped        (FwRun           *run);
/* Adds the running jobs to @running (a reference each) and returns the
 * bytes of the run's finished chunks and of the running chunks' finished
 * jobs, read together: a job counts in one or the other. */
guint64  fw_run_snapshot          (FwRun           *run,
                                   GPtrArray       *running);

G_END_DECLS
