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
 * #FwPool runs jobs on #FwPool:n-workers threads of its own (plain
 * #GThreads, joined when the pool is disposed). It never uses GTask's
 * shared thread pool: GIO's own asynchronous file calls queue there and
 * must not wait behind long file jobs.
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
 * A job. Runs in one of the pool's threads, never in the caller's thread.
 * (The tasks of a #FwPoolGroup are not jobs: fw_pool_group_wait() may run
 * them in the waiting thread.)
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
 * @held: running items waiting at fw_pool_pause_point() while the pool is
 *   paused
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
  guint   held;
} FwPoolCounters;

/**
 * fw_pool_new:
 * @n_workers: how many items run at once; 0 for the number of processors
 *
 * Makes a pool with @n_workers threads of its own, started at once (more
 * are started when #FwPool:n-workers is raised; none ends before the pool
 * is disposed). Make one and reuse it for many calls.
 *
 * Disposing a busy pool (its last reference, or g_object_run_dispose())
 * cancels every call on it: queued items are dropped, each call finishes
 * with %G_IO_ERROR_CANCELLED, and dispose waits for the running items to
 * return and joins every thread of the pool, so no thread outlives it. Do
 * not drop the last reference from inside one of its own jobs (dispose
 * cannot join the thread it runs in, and then waits for nothing).
 *
 * Returns: (transfer full): a new #FwPool
 */
FwPool  *fw_pool_new                  (guint           n_workers);

/* Property accessors, callable from any thread. Setting n-workers while
 * items run takes effect at once (see #FwPool:n-workers). */

guint    fw_pool_get_n_workers        (FwPool         *self);
void     fw_pool_set_n_workers        (FwPool         *self,
                                       guint           n_workers);
guint    fw_pool_get_queue_capacity   (FwPool         *self);
void     fw_pool_set_queue_capacity   (FwPool         *self,
                                       guint           queue_capacity);

/**
 * fw_pool_pause:
 * @self: a #FwPool
 *
 * Stops items from starting, in every call; running items wait at their
 * next fw_pool_pause_point() (an item that never calls it runs to its
 * end). Queued items stay queued and pushes still queue (and block when
 * full). Tasks of a #FwPoolGroup still run: they belong to a running item.
 * fw_pool_resume() starts them again. Any thread.
 */
void     fw_pool_pause                (FwPool         *self);
void     fw_pool_resume               (FwPool         *self);
gboolean fw_pool_get_paused           (FwPool         *self);

/**
 * fw_pool_pause_point:
 * @cancellable: (nullable): ends the wait early when cancelled
 *
 * Called by a long item between two steps (a read of a large file): in a
 * worker of a paused pool, waits until the pool is resumed, disposed, or
 * @cancellable is cancelled, so that a pause holds running items too, not
 * only those not started yet. Returns at once anywhere else. Any thread.
 */
void     fw_pool_pause_point          (GCancellable   *cancellable);

/**
 * fw_pool_get_counters:
 * @self: a #FwPool
 * @counters: (out caller-allocates): where to write the snapshot
 *
 * Reads the pool's counters (see #FwPoolCounters) without taking any
 * lock: cheap enough for a progress display to call at every frame, from
 * any thread.
 */
void     fw_pool_get_counters         (FwPool         *self,
                                       FwPoolCounters *counters);

/**
 * fw_pool_wait_idle_async:
 * @self: a #FwPool
 * @callback: called once, in the thread-default main context of the
 *   thread that called this function, when the pool is idle
 * @user_data: for @callback
 *
 * Waits until no item of any call is queued or running: after a cancel,
 * until the items that were still running have really returned. A paused
 * pool with queued items is not idle. The wait itself cannot be
 * cancelled; its #GTask has @self as its source object and keeps it
 * alive until @callback.
 */
void     fw_pool_wait_idle_async      (FwPool              *self,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean fw_pool_wait_idle_finish     (FwPool              *self,
                                       GAsyncResult        *result,
                                       GError             **error);

/* TRUE in one of @self's own threads (inside a job). */
gboolean fw_pool_is_worker_thread     (FwPool         *self);

/* Ordered: array in, array out ------------------------------------------ */

/**
 * fw_pool_process_async:
 * @self: a #FwPool
 * @items: (element-type gpointer): the items; the call keeps a reference
 *   to the array until it is released. An item may be %NULL.
 * @func: the job, called once per item in a pool thread
 * @func_data: passed to @func
 * @func_data_destroy: (nullable): releases @func_data, from whichever
 *   thread, only after the last running item of this call has returned
 *   (so possibly after @callback, when the call was cancelled)
 * @result_destroy: (nullable): frees a result nobody takes; also the
 *   element free function of the arrays handed back, so it is called on
 *   their %NULL slots too: pass one that accepts %NULL (g_free does;
 *   for objects use g_clear_object-style wrappers)
 * @policy: %FW_POOL_FAIL_FAST or %FW_POOL_COLLECT
 * @cancellable: (nullable): cancels the call
 * @callback: called once, in the thread-default main context of the
 *   thread that called this function, when the outcome is decided:
 *   every item settled, or promptly on cancel or first error (fail fast)
 * @user_data: for @callback
 *
 * Runs @func over @items, in parallel, keeping the results in input order.
 * A #GTask underneath; the pool itself is not its source object, so a
 * pending call does not keep the pool alive.
 */
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
/**
 * fw_pool_process_finish:
 * @self: a #FwPool
 * @result: the #GAsyncResult given to the callback
 * @out_errors: (out) (optional) (transfer full): per item, its #GError or
 *   %NULL, in input order; set in every case. An item that never finished
 *   (dropped, or stopped by a cancel) has %G_IO_ERROR_CANCELLED: that is
 *   how an unfinished slot is told apart from a %NULL result.
 * @out_partial: (out) (optional) (transfer full): on failure only, the
 *   results of the items that finished, in input order (%NULL elsewhere)
 * @error: the call's error: %G_IO_ERROR_CANCELLED, or for
 *   %FW_POOL_FAIL_FAST the first item's error
 *
 * Returns: (transfer full) (nullable): the results in input order (a
 *   failed item's slot is %NULL under %FW_POOL_COLLECT), or %NULL when
 *   the call failed
 */
GPtrArray *fw_pool_process_finish     (FwPool              *self,
                                       GAsyncResult        *result,
                                       GPtrArray          **out_errors,
                                       GPtrArray          **out_partial,
                                       GError             **error);
/**
 * fw_pool_process:
 *
 * The blocking form of fw_pool_process_async() and _finish() together,
 * for a thread with no main loop. Blocks the calling thread until the
 * outcome is decided. Must not be called from one of the pool's own jobs
 * (that would wait on work queued behind itself).
 */
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

/**
 * fw_pool_process_map_async:
 * @items: (element-type gpointer gpointer): keys and values; each job
 *   gets a value. The table is read once, during this call.
 * @key_hash: @key_equal: @key_copy: @key_free: how to hash, compare, copy
 *   and free the keys (GHashTable has no getters for the input's): the
 *   result tables hold copies of the keys
 *
 * As fw_pool_process_async(), over a hash table: the results come back
 * under the same keys. The other parameters are as there.
 */
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
/**
 * fw_pool_process_map_finish:
 * @out_errors: (out) (optional) (transfer full): the #GError of every key
 *   that failed or did not finish (%G_IO_ERROR_CANCELLED)
 * @out_partial: (out) (optional) (transfer full): on failure only, the
 *   results of the keys that finished; an unfinished key is absent
 *
 * Returns: (transfer full) (nullable): the results of the keys that
 *   succeeded, or %NULL when the call failed (see @error)
 */
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

/**
 * fw_pool_stream_new:
 * @pool: the pool to run on (the stream keeps a reference)
 * @func: the job; gets each pushed item
 * @func_data: @func_data_destroy: as for fw_pool_process_async()
 * @item_destroy: (nullable): frees an item once its result is delivered
 *   and not stolen, or when it is dropped by a cancel
 * @result_destroy: (nullable): frees a result nobody takes
 * @policy: %FW_POOL_FAIL_FAST or %FW_POOL_COLLECT
 * @flags: how results are delivered (see #FwPoolStreamFlags)
 * @cancellable: (nullable): cancels the stream
 *
 * Makes a stream: items are pushed over time, from any thread, and run as
 * they come. Without %FW_POOL_STREAM_PULL, results are delivered through
 * #FwPoolStream::results in batches (at most one batch per batch interval,
 * 33 ms by default — never one callback per item) in the thread-default
 * main context of the calling thread, then #FwPoolStream::done once the
 * stream is closed and every item has finished, or at once on cancel,
 * then #FwPoolStream::stopped: the end is never held back to the next
 * batch slot. Dropping the last reference to an unfinished stream
 * cancels it.
 *
 * Returns: (transfer full): the stream
 */
FwPoolStream *fw_pool_stream_new         (FwPool            *pool,
                                          FwPoolFunc         func,
                                          gpointer           func_data,
                                          GDestroyNotify     func_data_destroy,
                                          GDestroyNotify     item_destroy,
                                          GDestroyNotify     result_destroy,
                                          FwPoolErrorPolicy  policy,
                                          FwPoolStreamFlags  flags,
                                          GCancellable      *cancellable);
/**
 * fw_pool_stream_push:
 * @self: a stream
 * @item: (transfer full): the item; the stream owns it when this returns
 *   %TRUE, the caller keeps it when %FALSE
 *
 * Queues @item. From outside the pool, blocks while the stream holds
 * #FwPool:queue-capacity items waiting to start (backpressure). From
 * inside one of the pool's own jobs, never blocks: it may go past the
 * capacity, since a full queue with every worker blocked on it would
 * deadlock. Any thread.
 *
 * Returns: %FALSE when the stream is closed, finished or cancelled
 */
gboolean      fw_pool_stream_push        (FwPoolStream      *self,
                                          gpointer           item);
/* As fw_pool_stream_push(), but returns %FALSE instead of blocking when
 * the queue is full (from outside the pool). */
gboolean      fw_pool_stream_try_push    (FwPoolStream      *self,
                                          gpointer           item);
/* No more items will be pushed from outside; the stream is done once the
 * queued and running items (and what they push) have finished. Jobs may
 * still push until then. Any thread. */
void          fw_pool_stream_close       (FwPoolStream      *self);
/* Cancels the stream as its cancellable would. Any thread. */
void          fw_pool_stream_cancel      (FwPoolStream      *self);
/**
 * fw_pool_stream_pop:
 * @self: a stream made with %FW_POOL_STREAM_PULL
 * @error: set when the stream ended with an error (cancelled, or the
 *   first error under %FW_POOL_FAIL_FAST)
 *
 * Takes the next finished item, blocking until there is one. Results come
 * in the order items finished; `seq` gives their push order. Call from one
 * consumer thread at a time.
 *
 * Returns: (transfer full) (nullable): a result, or %NULL once the stream
 *   is done and drained
 */
FwPoolResult *fw_pool_stream_pop         (FwPoolStream      *self,
                                          GError           **error);
/**
 * fw_pool_stream_pop_available:
 * @self: a stream made with %FW_POOL_STREAM_PULL
 * @into: a queue the results are appended to
 *
 * Takes every finished item there is now, without blocking: one lock for
 * the lot, and no thread waiting on the workers (a consumer that polls,
 * such as a tick in a main context, costs the workers no wake-ups).
 * fw_pool_stream_is_done() tells when nothing more will come.
 *
 * Returns: how many results were appended
 */
guint         fw_pool_stream_pop_available (FwPoolStream    *self,
                                            GQueue          *into);
/**
 * FwPoolDrainedFunc:
 * @data: the data given to fw_pool_stream_set_drained_func()
 *
 * Called in a worker's thread, with no lock of the pool held, each time
 * every item pushed so far has finished: nothing is queued or running, and
 * every result is waiting to be popped. Must be quick and must not block.
 */
typedef void (*FwPoolDrainedFunc) (gpointer data);

/**
 * fw_pool_stream_set_drained_func:
 * @self: a stream made with %FW_POOL_STREAM_PULL, before its first push
 * @func: (scope notified): called when the stream runs dry
 * @data: (closure): passed to @func
 * @destroy: (nullable): frees @data with the stream
 *
 * Lets a consumer that polls (a tick in a main context) come at once when
 * the workers run out of items, rather than at its next poll: at the end
 * of a batch, or when the producer has fallen behind.
 */
void          fw_pool_stream_set_drained_func (FwPoolStream      *self,
                                               FwPoolDrainedFunc  func,
                                               gpointer           data,
                                               GDestroyNotify     destroy);
/* The shortest time between two #FwPoolStream::results batches
 * (default 33 ms, about 30 Hz). 0 delivers as soon as the context runs.
 * It does not delay the end: "done" (with the last batch) and "stopped"
 * are dispatched at once. */
void          fw_pool_stream_set_batch_interval (FwPoolStream *self,
                                                 guint         interval_ms);
/* TRUE once "done" was emitted (pull mode: once finished and drained). */
gboolean      fw_pool_stream_is_done     (FwPoolStream      *self);
/* (transfer none) */
FwPool       *fw_pool_stream_get_pool    (FwPoolStream      *self);
/* The cancellable the jobs see: cancelled with the caller's, by a
 * fail-fast error, or by the pool's disposal. (transfer none) */
GCancellable *fw_pool_stream_get_cancellable (FwPoolStream  *self);
/* This stream's own counters (queued counts only its items). Any thread. */
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

/* A new, empty group running on @pool's threads. */
FwPoolGroup *fw_pool_group_new   (FwPool         *pool);
/* Queues @func (@data) for an idle worker. @data stays the caller's. */
void         fw_pool_group_add   (FwPoolGroup    *group,
                                  FwPoolTaskFunc  func,
                                  gpointer        data);
/* Returns when every task added so far has returned, having run the
 * unstarted ones in this thread. The group can be reused after it. */
void         fw_pool_group_wait  (FwPoolGroup    *group);
/* Waits (as fw_pool_group_wait()) and frees the group. */
void         fw_pool_group_free  (FwPoolGroup    *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwPoolGroup, fw_pool_group_free)

G_END_DECLS
