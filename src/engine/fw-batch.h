/* fw-batch.h — the jobs of a window, run on a worker pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-batch-mode.h"
#include "fw-digest.h"
#include "fw-job.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-batch
 * @title: FwBatch
 * @short_description: a list of jobs fed to a worker pool, with progress
 *
 * An #FwBatch owns an #FwPool and an #FwJobList of #FwJob (the job list a
 * window shows). It is used from one thread, the one that made it (the
 * main thread), whose thread-default main context receives everything.
 *
 * Adding: fw_batch_add_files() turns files and folders into jobs in a
 * thread of its own (folders are walked there: hidden files included, no
 * symlink followed, FIFOs, sockets and devices skipped and counted). Jobs
 * are queued as soon as the batch's tick (one #GSource at about 30 Hz)
 * takes them, and their rows join the list on that tick, in one splice.
 * (How fast a view shows new rows is the view's business: the window
 * shows them through an #FwPacedListModel.) A file already queued or
 * running for the same kind of job is not queued twice.
 *
 * Running: the queued jobs go to an #FwPoolStream over the pool (a feeder
 * thread pushes them, so that a full queue never blocks the main thread).
 * Workers touch only atomics and the small set of running jobs; finished
 * results arrive in batches through the stream. The tick updates only the
 * running jobs and emits #FwBatch::progress. Its cost is O(running jobs +
 * jobs finished since the last tick), never O(all jobs).
 *
 * #FwBatch:scanning is %TRUE while files are being turned into jobs and
 * until the rows of the jobs found are in the list. A run ends when all
 * its jobs are finished: #FwBatch::finished is emitted with its counts.
 * Cancelling drops the queued jobs at once (they become Cancelled) and
 * cancels the running ones; #FwBatch:stopping is %TRUE until the workers
 * have returned, then #FwBatch::finished is emitted.
 */

#define FW_TYPE_BATCH (fw_batch_get_type ())

G_DECLARE_FINAL_TYPE (FwBatch, fw_batch, FW, BATCH, GObject)

/**
 * FwBatchProgress:
 * @n_total: jobs of the current (or last) run
 * @n_finished: of which finished (done, failed or cancelled)
 * @n_failed: failed jobs
 * @n_mismatched: verify jobs whose digest differs
 * @n_missing: verify jobs whose file could not be read
 * @n_cancelled: cancelled jobs
 * @n_running: jobs running now
 * @n_sized: size jobs, which weigh no bytes
 * @n_folders: size jobs of folders
 * @bytes_total: bytes to read in the run
 * @bytes_done: bytes read so far
 * @bytes_per_second: recent speed (smoothed)
 * @seconds_left: estimate, or -1 when unknown
 *
 * A snapshot taken on the tick.
 */
typedef struct {
  guint   n_total;
  guint   n_finished;
  guint   n_failed;
  guint   n_mismatched;
  guint   n_missing;
  guint   n_cancelled;
  guint   n_running;
  guint   n_sized;       /* of n_total: size jobs (they weigh no bytes) */
  guint   n_folders;     /* of those: folders (a file is sized as itself) */
  guint64 bytes_total;
  guint64 bytes_done;
  double  bytes_per_second;
  double  seconds_left;
} FwBatchProgress;

/**
 * FwBatchCompareCount:
 *
 * The Compare Folders rows' verdicts, as #FwBatchCounts counts them (a
 * failed one is counted by its status only).
 */
typedef enum {
  FW_BATCH_COMPARE_IDENTICAL,
  FW_BATCH_COMPARE_DIFFERENT,
  FW_BATCH_COMPARE_ONLY_IN_A,
  FW_BATCH_COMPARE_ONLY_IN_B,
  FW_BATCH_COMPARE_TYPES_DIFFER,
  FW_BATCH_N_COMPARE_COUNTS,
} FwBatchCompareCount;

/**
 * FwBatchCounts:
 * @n_rows: rows in the list (and those about to join it on the tick)
 * @n_folders: of which size jobs of folders (a sized file is not one)
 * @n_status: of which in each #FwJobStatus, by fw_job_get_status()
 * @n_compare: of which Compare Folders rows that are done, by verdict
 *   (also in @n_status: identical as OK, the others as changed)
 *
 * Every row of the batch's list counted by its status, whichever run it
 * was part of, waiting for Start included: what the window words in its
 * footer, title and summaries. Kept up to date as rows change (O(1) per
 * change), read in O(1).
 */
typedef struct {
  guint n_rows;
  guint n_folders;
  guint n_status[FW_JOB_N_STATUSES];
  guint n_compare[FW_BATCH_N_COMPARE_COUNTS];
} FwBatchCounts;

FwBatch    *fw_batch_new                (void);

GListModel *fw_batch_get_jobs           (FwBatch          *self);

void        fw_batch_add_files          (FwBatch          *self,
                                         GFile           **files,
                                         guint             n_files,
                                         FwBatchMode       mode);
void        fw_batch_add_checksum_file  (FwBatch          *self,
                                         GFile            *file,
                                         const char       *base_dir);
void        fw_batch_add_jobs           (FwBatch          *self,
                                         GPtrArray        *jobs);

void        fw_batch_start              (FwBatch          *self);
void        fw_batch_cancel             (FwBatch          *self);
void        fw_batch_cancel_job         (FwBatch          *self,
                                         FwJob            *job);
void        fw_batch_cancel_jobs        (FwBatch          *self,
                                         GPtrArray        *jobs);
gboolean    fw_batch_can_run_again      (FwBatch          *self);
void        fw_batch_pause              (FwBatch          *self);
void        fw_batch_resume             (FwBatch          *self);
gboolean    fw_batch_get_paused         (FwBatch          *self);
guint       fw_batch_run_again          (FwBatch          *self);
/* Issue 19: a finished hash row read again with @extra algorithms added
 * to its own (the candidates of a digest pasted after it was hashed);
 * FALSE when it is not a finished hash row of the list, or its file is
 * queued by another row. Main thread. */
gboolean    fw_batch_rehash_job         (FwBatch          *self,
                                         FwJob            *job,
                                         FwAlgorithmSet    extra);
/* Main thread: @job's status changed outside a run (a verdict given by
 * fw_job_set_expected()): the counts follow, and "progress" is emitted. */
void        fw_batch_update_job         (FwBatch          *self,
                                         FwJob            *job);
void        fw_batch_remove             (FwBatch          *self,
                                         GPtrArray        *jobs);
void        fw_batch_clear              (FwBatch          *self);
guint       fw_batch_restore            (FwBatch          *self,
                                         GPtrArray        *jobs,
                                         const guint      *positions);

gboolean    fw_batch_get_running        (FwBatch          *self);
gboolean    fw_batch_get_stopping       (FwBatch          *self);
gboolean    fw_batch_get_scanning       (FwBatch          *self);
guint       fw_batch_get_n_found        (FwBatch          *self);
guint       fw_batch_get_n_skipped      (FwBatch          *self);
guint       fw_batch_get_n_waiting      (FwBatch          *self);
void        fw_batch_get_progress       (FwBatch          *self,
                                         FwBatchProgress  *progress);
void        fw_batch_get_counts         (FwBatch          *self,
                                         FwBatchCounts    *counts);

/* Settings, applied to new jobs (algorithms, buffer size) or at once
 * (workers, queue capacity). */
void            fw_batch_set_n_workers      (FwBatch        *self,
                                             guint           n_workers);
guint           fw_batch_get_n_workers      (FwBatch        *self);
/* The default of the "queue-capacity" preference. */
#define FW_BATCH_DEFAULT_QUEUE_CAPACITY 256
void            fw_batch_set_queue_capacity (FwBatch        *self,
                                             guint           capacity);
guint           fw_batch_get_queue_capacity (FwBatch        *self);
void            fw_batch_set_buffer_size    (FwBatch        *self,
                                             gsize           buffer_size);
void            fw_batch_set_algorithms     (FwBatch        *self,
                                             FwAlgorithmSet  algorithms);
FwAlgorithmSet  fw_batch_get_algorithms     (FwBatch        *self);
void            fw_batch_set_auto_start     (FwBatch        *self,
                                             gboolean        auto_start);
void            fw_batch_set_one_file_system (FwBatch       *self,
                                              gboolean       one_file_system);
void            fw_batch_set_exclude_patterns (FwBatch            *self,
                                               const char * const *patterns);
/* The tick's interval (33 ms by default): how often results reach the
 * jobs and progress is told, when no thread brings the tick forward.
 * Applies from the next tick started. */
void            fw_batch_set_tick_interval  (FwBatch        *self,
                                             guint           interval_ms);

/* Whether @file's name looks like a checksum file (SHA256SUMS, *.sha256,
 * *.md5, *.sfv, …). */
gboolean        fw_batch_is_checksum_file   (GFile          *file);

G_END_DECLS
