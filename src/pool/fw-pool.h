/* fw-pool.h — the Fileworks worker pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SECTION:fw-pool
 * @title: FwPool
 * @short_description: a bounded, cancellable worker pool with ordered,
 *   keyed and streamed results
 *
 * #FwPool runs jobs on its own exclusive #GThreadPool of #FwPool:n-workers
 * threads. It never uses GTask's shared thread pool: GIO's own asynchronous
 * file calls queue there and must not wait behind long file jobs.
 *
 * A pool is made once and reused for many calls. Three kinds of call:
 *
 * - fw_pool_process_async(): an array of items in, an array of results in
 *   input order out (and the blocking fw_pool_process()).
 * - fw_pool_process_map_async(): a #GHashTable in, a #GHashTable of results
 *   under the same keys out.
 * - #FwPoolStream: items pushed over time from any thread; results streamed
 *   back in batches, in the main context of the thread that made the stream,
 *   or pulled with fw_pool_stream_pop() where there is no main loop.
 *
 * ## Jobs and failures
 *
 * A job is an #FwPoolFunc. It runs in a pool thread, gets the call's
 * cancellable, and returns a result or sets its #GError. C has no panics to
 * recover from: a job reports any failure as a #GError on its item, and that
 * never stops the pool or the other items (unless the call is
 * %FW_POOL_FAIL_FAST). A job that returns %NULL without setting an error has
 * a %NULL result, which is a valid result. A job must not abort the
 * process; a job that crashes takes the process with it like any C code.
 *
 * ## Error policy
 *
 * %FW_POOL_FAIL_FAST: the first error cancels every other item of the call;
 * the call fails with that error and hands over the results finished so far.
 * %FW_POOL_COLLECT: every item gets its own result or its own error; the call
 * itself succeeds (unless cancelled).
 *
 * ## Cancellation
 *
 * Every call takes a #GCancellable. Cancelling it makes the call finish
 * promptly with %G_IO_ERROR_CANCELLED: queued items are dropped at once
 * (counted as cancelled, never run), running items see the cancellable and
 * should return soon, and no result reaches the caller after the call has
 * finished: results of items that return later are freed with the call's
 * result destroy function. The items still running after a cancel are
 * waited for with fw_pool_wait_idle_async(), or with #FwPoolStream::stopped
 * for a stream.
 *
 * ## Backpressure and deadlock freedom
 *
 * #FwPool:queue-capacity bounds how many items a stream holds waiting to
 * start. A push from outside the pool blocks while the stream's queue is
 * full (fw_pool_stream_try_push() returns %FALSE instead). A push from inside
 * a running job of the same pool never blocks (it may go past the capacity):
 * a full queue with every worker blocked on it would deadlock. For the same
 * reason no job may wait on work queued behind it in its own pool; jobs that
 * fan out and wait use #FwPoolGroup, whose wait runs the group's unstarted
 * work itself.
 *
 * ## Cost
 *
 * Hand-offs are batched: short items are taken by workers in small runs, so
 * an item much shorter than a microsecond still costs only a few tens of
 * nanoseconds of overhead. Long items are taken one at a time, so a worker
 * never sits on queued work while another is idle. Counters therefore move
 * in steps of a run for very short items.
 */

#define FW_TYPE_POOL (fw_pool_get_type ())

G_DECLARE_FINAL_TYPE (FwPool, fw_pool, FW, POOL, GObject)

/**
 * FwPoolFunc:
 * @item: the item to process (owned by the call; do not free it)
 * @cancellable: (nullable): the call's cancellable; check it between steps
 *   of a long job and return with %G_IO_ERROR_CANCELLED when it fires
 * @user_data: the call's user data
 * @error: return location for the item's error
 *
 * A job. Runs in a pool thread, never in the caller's thread (except in
 * fw_pool_group_wait(), which may run a group's work in the waiting thread).
 *
 * Returns: (transfer full) (nullable): the item's result, freed by the call's
 *   result destroy function when nobody takes it
 */
typedef gpointer (*FwPoolFunc) (gpointer       item,
                                GCancellable  *cancellable,
                                gpointer       user_data,
                                GError       **error);

/**
 * FwPoolErrorPolicy:
 * @FW_POOL_FAIL_FAST: the first failing item cancels the others; the call
 *   fails with its error and hands over the results finished so far
 * @FW_POOL_COLLECT: every item gets its result or its own error; the call
 *   succeeds unless it is cancelled
 */
typedef enum {
  FW_POOL_FAIL_FAST,
  FW_POOL_COLLECT,
} FwPoolErrorPolicy;

/**
 * FwPoolCounters:
 * @queued: items waiting to start (for process calls, the input not yet
 *   started; for streams, what was pushed and not yet started)
 * @running: items running now
 * @completed: items that returned a result
 * @failed: items that returned an error (cancelled items not counted)
 * @cancelled: items dropped before they ran, or that returned
 *   %G_IO_ERROR_CANCELLED
 *
 * A snapshot of the pool's counters, summed over all its calls since the
 * pool was made. Each field is read atomically; the fields are not read
 * together under one lock, so a snapshot taken while items move may be off
 * by the items moving at that instant.
 */
typedef struct {
  guint   queued;
  guint   running;
  guint64 completed;
  guint64 failed;
  guint64 cancelled;
} FwPoolCounters;

FwPool  *fw_pool_new                  (guint           n_workers);

guint    fw_pool_get_n_workers        (FwPool         *self);
void     fw_pool_set_n_workers        (FwPool         *self,
                                       guint           n_workers);
guint    fw_pool_get_queue_capacity   (FwPool         *self);
void     fw_pool_set_queue_capacity   (FwPool         *self,
                                       guint           queue_capacity);

void     fw_pool_pause                (FwPool         *self);
void     fw_pool_resume               (FwPool         *self);
gboolean fw_pool_get_paused           (FwPool         *self);

void     fw_pool_get_counters         (FwPool         *self,
                                       FwPoolCounters *counters);

void     fw_pool_wait_idle_async      (FwPool              *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean fw_pool_wait_idle_finish     (FwPool              *self,
                                       GAsyncResult        *result,
                                       GError             **error);

gboolean fw_pool_is_worker_thread     (FwPool         *self);

/* Ordered: array in, array out ------------------------------------------ */

void       fw_pool_process_async      (FwPool              *self,
                                       GPtrArray           *items,
                                       FwPoolFunc           func,
                                       gpointer             func_data,
                                       GDestroyNotify       func_data_destroy,
                                       GDestroyNotify       result_destroy,
                                       FwPoolErrorPolicy    policy,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *fw_pool_process_finish     (FwPool              *self,
                                       GAsyncResult        *result,
                                       GPtrArray          **out_errors,
                                       GPtrArray          **out_partial,
                                       GError             **error);
GPtrArray *fw_pool_process            (FwPool              *self,
                                       GPtrArray           *items,
                                       FwPoolFunc           func,
                                       gpointer             func_data,
                                       GDestroyNotify       func_data_destroy,
                                       GDestroyNotify       result_destroy,
                                       FwPoolErrorPolicy    policy,
                                       GCancellable        *cancellable,
                                       GPtrArray          **out_errors,
                                       GPtrArray          **out_partial,
                                       GError             **error);

/* Keyed: hash table in, hash table out ----------------------------------- */

void        fw_pool_process_map_async  (FwPool              *self,
                                        GHashTable          *items,
                                        GHashFunc            key_hash,
                                        GEqualFunc           key_equal,
                                        GBoxedCopyFunc       key_copy,
                                        GDestroyNotify       key_free,
                                        FwPoolFunc           func,
                                        gpointer             func_data,
                                        GDestroyNotify       func_data_destroy,
                                        GDestroyNotify       result_destroy,
                                        FwPoolErrorPolicy    policy,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GHashTable *fw_pool_process_map_finish (FwPool              *self,
                                        GAsyncResult        *result,
                                        GHashTable         **out_errors,
                                        GHashTable         **out_partial,
                                        GError             **error);

/* Streamed: items pushed over time, results streamed back ----------------- */

#define FW_TYPE_POOL_STREAM (fw_pool_stream_get_type ())

G_DECLARE_FINAL_TYPE (FwPoolStream, fw_pool_stream, FW, POOL_STREAM, GObject)

/**
 * FwPoolStreamFlags:
 * @FW_POOL_STREAM_NONE: results are delivered in batches through
 *   #FwPoolStream::results in the main context of the thread that made the
 *   stream, then #FwPoolStream::done
 * @FW_POOL_STREAM_PULL: no main context is used: the consumer takes
 *   results with fw_pool_stream_pop() from any one thread
 */
typedef enum {
  FW_POOL_STREAM_NONE = 0,
  FW_POOL_STREAM_PULL = 1 << 0,
} FwPoolStreamFlags;

/**
 * FwPoolResult:
 * @seq: the item's position in push order, from 0
 * @item: (nullable): the item; freed with the stream's item destroy
 *   function unless the consumer steals it (sets it to %NULL)
 * @result: (nullable): the job's result; freed with the stream's result
 *   destroy function unless the consumer steals it
 * @error: (nullable): the item's error, or %NULL when it succeeded; a
 *   dropped item has %G_IO_ERROR_CANCELLED
 *
 * One finished item of a stream. Free with fw_pool_result_free().
 */
typedef struct {
  guint64   seq;
  gpointer  item;
  gpointer  result;
  GError   *error;
  /*< private >*/
  GDestroyNotify item_destroy;
  GDestroyNotify result_destroy;
} FwPoolResult;

void          fw_pool_result_free        (FwPoolResult      *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwPoolResult, fw_pool_result_free)

FwPoolStream *fw_pool_stream_new         (FwPool            *pool,
                                          FwPoolFunc         func,
                                          gpointer           func_data,
                                          GDestroyNotify     func_data_destroy,
                                          GDestroyNotify     item_destroy,
                                          GDestroyNotify     result_destroy,
                                          FwPoolErrorPolicy  policy,
                                          FwPoolStreamFlags  flags,
                                          GCancellable      *cancellable);
gboolean      fw_pool_stream_push        (FwPoolStream      *self,
                                          gpointer           item);
gboolean      fw_pool_stream_try_push    (FwPoolStream      *self,
                                          gpointer           item);
void          fw_pool_stream_close       (FwPoolStream      *self);
void          fw_pool_stream_cancel      (FwPoolStream      *self);
FwPoolResult *fw_pool_stream_pop         (FwPoolStream      *self,
                                          GError           **error);
void          fw_pool_stream_set_batch_interval (FwPoolStream *self,
                                                 guint         interval_ms);
gboolean      fw_pool_stream_is_done     (FwPoolStream      *self);
FwPool       *fw_pool_stream_get_pool    (FwPoolStream      *self);
GCancellable *fw_pool_stream_get_cancellable (FwPoolStream  *self);
void          fw_pool_stream_get_counters (FwPoolStream     *self,
                                           FwPoolCounters   *counters);

/* Fork and join inside a job --------------------------------------------- */

/**
 * FwPoolGroup:
 *
 * Work that one job fans out to idle workers and then waits for, without
 * the deadlock of waiting on work queued behind it: fw_pool_group_wait()
 * runs every task of the group that no worker has started yet in the
 * waiting thread itself, and only waits for tasks already running on other
 * workers (which, being group tasks, wait on nothing). With one worker, or
 * every worker busy, the group simply runs serially in the waiting thread.
 *
 * A group is used from one thread (the one that made it); its tasks run in
 * any pool thread or in that thread.
 */
typedef struct _FwPoolGroup FwPoolGroup;

typedef void (*FwPoolTaskFunc) (gpointer data);

FwPoolGroup *fw_pool_group_new   (FwPool         *pool);
void         fw_pool_group_add   (FwPoolGroup    *group,
                                  FwPoolTaskFunc  func,
                                  gpointer        data);
void         fw_pool_group_wait  (FwPoolGroup    *group);
void         fw_pool_group_free  (FwPoolGroup    *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwPoolGroup, fw_pool_group_free)

G_END_DECLS
