/* fw-pool-stream.c — FwPoolStream: items pushed over time, results streamed back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream kind of FwCall. Pushed items wait in a ring (bounded by the
 * pool's queue-capacity for pushes from outside the pool); published
 * results go to an output queue, taken either by fw_pool_stream_pop() (PULL
 * streams) or by one GSource in the main context of the thread that made
 * the stream, which dispatches them as #FwPoolStream::results batches, at
 * most once per batch interval. The end ("done", then "stopped") is not
 * held back by the interval: it is dispatched at once, after a last batch
 * of the results still waiting.
 */
#include "config.h"

#include "fw-pool-private.h"

#define DEFAULT_BATCH_INTERVAL_MS 33

typedef struct {
  guint64  seq;
  gpointer item;
} StreamEntry;

/* A growable ring of StreamEntry: no allocation per pushed item. */
typedef struct {
  StreamEntry *entries;
  gsize        size;
  gsize        head;
  gsize        len;
} Ring;

typedef struct {
  FwCall            base;

  /* Under core->mutex */
  Ring              pending;
  guint64           next_seq;
  gboolean          closed;
  guint             push_waiters;
  GCond             space_cond;
  GQueue            out;           /* FwPoolResult* */
  GCond             out_cond;      /* PULL consumers */
  guint             out_waiters;
  gboolean          pull;
  FwPoolDrainedFunc drained_func;  /* PULL: set before the first push */
  gpointer          drained_data;
  GDestroyNotify    drained_destroy;
  gboolean          done_delivered;
  gboolean          stopped_pending;
  GError           *done_error;    /* what "done"/pop reports */
  GSource          *source;        /* context mode */
  FwPoolStream     *stream;        /* context mode: the object to emit on (weak) */
  guint             batch_interval_ms;
  gint64            last_dispatch;
} StreamCall;

#define STREAM_CALL(call) ((StreamCall *) (call))

struct _FwPoolStream
{
  GObject     parent_instance;
  FwPool     *pool;
  StreamCall *call;
};

enum {
  STREAM_RESULTS,
  STREAM_DONE,
  STREAM_STOPPED,
  N_STREAM_SIGNALS
};

static guint stream_signals[N_STREAM_SIGNALS];

G_DEFINE_FINAL_TYPE (FwPoolStream, fw_pool_stream, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Ring                                                                 */

static void
ring_push (Ring        *ring,
           StreamEntry  entry)
{
  if (ring->len == ring->size)
    {
      gsize new_size = MAX (16, ring->size * 2);
      StreamEntry *entries = g_new (StreamEntry, new_size);

      for (gsize i = 0; i < ring->len; i++)
        entries[i] = ring->entries[(ring->head + i) % ring->size];
      g_free (ring->entries);
      ring->entries = entries;
      ring->size = new_size;
      ring->head = 0;
    }
  ring->entries[(ring->head + ring->len) % ring->size] = entry;
  ring->len++;
}

static inline StreamEntry
ring_pop (Ring *ring)
{
  StreamEntry entry;

  g_assert (ring->len > 0);
  entry = ring->entries[ring->head];
  ring->head = (ring->head + 1) % ring->size;
  ring->len--;
  return entry;
}

/* ------------------------------------------------------------------ */
/* The stream kind                                                      */

void
fw_pool_result_free (FwPoolResult *result)
{
  if (result == NULL)
    return;
  if (result->item != NULL && result->item_destroy != NULL)
    result->item_destroy (result->item);
  if (result->result != NULL && result->result_destroy != NULL)
    result->result_destroy (result->result);
  g_clear_error (&result->error);
  g_free (result);
}

static void
stream_call_finalize (FwCall *call)
{
  StreamCall *self = STREAM_CALL (call);

  while (self->pending.len > 0)
    {
      StreamEntry e = ring_pop (&self->pending);
      if (call->item_destroy && e.item)
        call->item_destroy (e.item);
    }
  g_free (self->pending.entries);
  g_queue_clear_full (&self->out, (GDestroyNotify) fw_pool_result_free);
  g_cond_clear (&self->space_cond);
  g_cond_clear (&self->out_cond);
  g_clear_error (&self->done_error);
  if (self->drained_destroy != NULL)
    self->drained_destroy (self->drained_data);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
}

static guint
stream_call_n_unstarted (FwCall *call)
{
  return (guint) STREAM_CALL (call)->pending.len;
}

static void
stream_call_take (FwCall    *call,
                  FwRunItem *run,
                  guint      n)
{
  StreamCall *self = STREAM_CALL (call);

  for (guint i = 0; i < n; i++)
    {
      StreamEntry e = ring_pop (&self->pending);

      run[i].seq = e.seq;
      run[i].item = e.item;
    }

  /* Blocked pushers wake when the queue is half empty, not at every
   * free slot: one wake-up per half queue, not per item. */
  if (self->push_waiters > 0 && self->pending.len <= call->core->capacity / 2)
    g_cond_broadcast (&self->space_cond);
}

static guint
stream_call_drop_queued (FwCall     *call,
                         FwDeferred *d)
{
  StreamCall *self = STREAM_CALL (call);
  guint dropped = 0;

  while (self->pending.len > 0)
    {
      StreamEntry e = ring_pop (&self->pending);

      fw_deferred_free_later (d, e.item, call->item_destroy);
      dropped++;
    }
  if (self->push_waiters > 0)
    g_cond_broadcast (&self->space_cond);
  return dropped;
}

static void
stream_call_store (FwCall     *call,
                   FwRunItem  *run,
                   guint       n,
                   FwDeferred *d)
{
  StreamCall *self = STREAM_CALL (call);
  gboolean wake = FALSE;

  for (guint i = 0; i < n; i++)
    {
      FwRunItem *r = &run[i];

      if (call->finished)
        {
          fw_deferred_free_later (d, r->result, call->result_destroy);
          fw_deferred_free_later (d, r->item, call->item_destroy);
          g_clear_error (&r->error);
        }
      else
        {
          FwPoolResult *res = g_new0 (FwPoolResult, 1);

          res->seq = r->seq;
          res->item = r->item;
          res->result = r->result;
          res->error = g_steal_pointer (&r->error);
          res->item_destroy = call->item_destroy;
          res->result_destroy = call->result_destroy;
          g_queue_push_tail (&self->out, res);
          wake = TRUE;
        }
    }

  if (!wake)
    return;
  if (self->pull)
    {
      if (self->out_waiters > 0)
        g_cond_signal (&self->out_cond);
      /* Every item pushed so far has its result waiting. */
      if (self->drained_func != NULL && self->pending.len == 0 && call->in_hand == 0)
        fw_deferred_notify (d, call);
    }
  else
    fw_deferred_notify (d, call);
}

static gboolean
stream_call_is_complete (FwCall *call)
{
  StreamCall *self = STREAM_CALL (call);

  return self->closed && self->pending.len == 0 && call->in_hand == 0;
}

static void
stream_call_finish (FwCall     *call,
                    GError     *error,
                    FwDeferred *d)
{
  StreamCall *self = STREAM_CALL (call);

  self->done_error = error;
  if (self->pull)
    g_cond_broadcast (&self->out_cond);
  else
    fw_deferred_notify (d, call);
}

/* Nothing of the stream runs any more: "stopped" is due. */
/* "stopped" promises that nothing of the stream runs any more, its
 * func_data_destroy included: it is due only once that has run, in the
 * thread that released the call (fw_call_release_data()), after the
 * lock. Set here, under the lock, the main context could send it first. */
static void
stream_call_data_released (FwCall *call)
{
  StreamCall *self = STREAM_CALL (call);
  FwPoolCore *core = call->core;

  if (self->pull)
    return;
  g_mutex_lock (&core->mutex);
  self->stopped_pending = TRUE;
  if (self->source != NULL)
    g_source_set_ready_time (self->source, 0);
  g_mutex_unlock (&core->mutex);
}

static void
stream_call_capacity_changed (FwCall *call)
{
  StreamCall *self = STREAM_CALL (call);

  /* Pushers blocked on a smaller capacity may go on. */
  if (self->push_waiters > 0)
    g_cond_broadcast (&self->space_cond);
}

/* After the lock: a PULL stream tells its consumer it ran dry; a stream
 * with a main context wakes its source. */
static void
stream_call_notify (FwCall *call)
{
  StreamCall *self = STREAM_CALL (call);
  FwPoolCore *core = call->core;

  if (self->pull)
    {
      self->drained_func (self->drained_data);
      return;
    }

  /* Under the mutex, so that the stream's dispose cannot destroy the
   * source in between. */
  g_mutex_lock (&core->mutex);
  if (self->source != NULL)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 due = self->last_dispatch + (gint64) self->batch_interval_ms * 1000;

      /* Results wait for the next batch slot; the end ("done", or
       * "stopped" after it) does not: it goes out at once, with a last
       * batch of the results still waiting before it. */
      if ((call->finished && !self->done_delivered) || self->stopped_pending)
        due = now;
      g_source_set_ready_time (self->source, MAX (now, due));
    }
  g_mutex_unlock (&core->mutex);
}

static const FwCallClass stream_call_class = {
  .name = "stream",
  .instance_size = sizeof (StreamCall),
  .finalize = stream_call_finalize,
  .n_unstarted = stream_call_n_unstarted,
  .take = stream_call_take,
  .drop_queued = stream_call_drop_queued,
  .store = stream_call_store,
  .is_complete = stream_call_is_complete,
  .finish = stream_call_finish,
  .data_released = stream_call_data_released,
  .capacity_changed = stream_call_capacity_changed,
  .notify = stream_call_notify,
};

/* ------------------------------------------------------------------ */
/* The source that delivers results in the stream's main context        */

typedef struct {
  GSource     source;
  StreamCall *call;    /* borrowed: the call owns the source */
} StreamSource;

static gboolean
stream_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  StreamCall *call = ((StreamSource *) source)->call;
  FwPoolCore *core = call->base.core;
  g_autoptr(FwPoolStream) stream = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) done_error = NULL;
  gboolean emit_done = FALSE, emit_stopped = FALSE;

  g_source_set_ready_time (source, -1);

  g_mutex_lock (&core->mutex);
  call->last_dispatch = g_get_monotonic_time ();
  if (call->out.length > 0)
    {
      batch = g_ptr_array_new_full (call->out.length, (GDestroyNotify) fw_pool_result_free);
      while (call->out.length > 0)
        g_ptr_array_add (batch, g_queue_pop_head (&call->out));
    }
  if (call->base.finished && !call->done_delivered)
    {
      call->done_delivered = TRUE;
      emit_done = TRUE;
      done_error = call->done_error ? g_error_copy (call->done_error) : NULL;
    }
  if (call->done_delivered && call->stopped_pending)
    {
      call->stopped_pending = FALSE;
      emit_stopped = TRUE;
    }
  if (call->stream != NULL)
    stream = g_object_ref (call->stream);
  g_mutex_unlock (&core->mutex);

  if (stream == NULL)
    return G_SOURCE_CONTINUE;

  if (batch != NULL)
    g_signal_emit (stream, stream_signals[STREAM_RESULTS], 0, batch);
  if (emit_done)
    g_signal_emit (stream, stream_signals[STREAM_DONE], 0, done_error);
  if (emit_stopped)
    g_signal_emit (stream, stream_signals[STREAM_STOPPED], 0);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs stream_source_funcs = {
  .dispatch = stream_source_dispatch,
};

/* ------------------------------------------------------------------ */
/* FwPoolStream                                                         */

static void
fw_pool_stream_dispose (GObject *object)
{
  FwPoolStream *self = FW_POOL_STREAM (object);

  if (self->call != NULL)
    {
      StreamCall *call = self->call;
      GSource *source;

      /* Dropping the last reference of an unfinished stream cancels it. */
      g_mutex_lock (&call->base.core->mutex);
      call->stream = NULL;
      source = g_steal_pointer (&call->source);
      g_mutex_unlock (&call->base.core->mutex);
      if (source != NULL)
        {
          g_source_destroy (source);
          g_source_unref (source);
        }
      fw_call_cancel (&call->base);
      fw_call_unref (&g_steal_pointer (&self->call)->base);
    }
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (fw_pool_stream_parent_class)->dispose (object);
}

static void
fw_pool_stream_class_init (FwPoolStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fw_pool_stream_dispose;

  /**
   * FwPoolStream::results:
   * @stream: the stream
   * @batch: (element-type FwPoolResult): finished items, in the order they
   *   finished (each carries its push order in `seq`). The array frees
   *   them after the handlers ran; a handler may steal an entry's item or
   *   result by setting the field to %NULL.
   *
   * Emitted in the main context of the thread that made the stream, at
   * most once per batch interval, never after #FwPoolStream::done. The
   * last batch comes with "done", at once, not at the next slot.
   */
  stream_signals[STREAM_RESULTS] =
    g_signal_new ("results", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * FwPoolStream::done:
   * @stream: the stream
   * @error: (nullable): %NULL when every item finished after
   *   fw_pool_stream_close(); %G_IO_ERROR_CANCELLED when cancelled; the
   *   first item's error for %FW_POOL_FAIL_FAST
   *
   * Emitted once, last of the results, in the stream's main context, as
   * soon as the stream ends, not at the next batch slot. On cancel it
   * comes at once, while items may still be running.
   */
  stream_signals[STREAM_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * FwPoolStream::stopped:
   * @stream: the stream
   *
   * Emitted once after #FwPoolStream::done, as soon as no item of the
   * stream is running any more (with "done" after a normal end; after a
   * cancel, when the items that were running have returned), not at the
   * next batch slot.
   */
  stream_signals[STREAM_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fw_pool_stream_init (FwPoolStream *self)
{
}

FwPoolStream *
fw_pool_stream_new (FwPool            *pool,
                    FwPoolFunc         func,
                    gpointer           func_data,
                    GDestroyNotify     func_data_destroy,
                    GDestroyNotify     item_destroy,
                    GDestroyNotify     result_destroy,
                    FwPoolErrorPolicy  policy,
                    FwPoolStreamFlags  flags,
                    GCancellable      *cancellable)
{
  FwPoolStream *self;
  StreamCall *call;

  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (FW_TYPE_POOL_STREAM, NULL);
  self->pool = g_object_ref (pool);
  call = (StreamCall *) fw_call_new (&stream_call_class, pool, func, func_data,
                                     func_data_destroy, result_destroy, policy, cancellable);
  call->base.item_destroy = item_destroy;
  call->batch_interval_ms = DEFAULT_BATCH_INTERVAL_MS;
  g_cond_init (&call->space_cond);
  g_cond_init (&call->out_cond);
  call->pull = (flags & FW_POOL_STREAM_PULL) != 0;
  if (!call->pull)
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

      call->stream = self;
      call->source = g_source_new (&stream_source_funcs, sizeof (StreamSource));
      ((StreamSource *) call->source)->call = call;
      g_source_set_static_name (call->source, "FwPoolStream");
      /* Not idle priority: a busy GTK main loop would starve it. */
      g_source_set_priority (call->source, G_PRIORITY_DEFAULT);
      g_source_attach (call->source, context);
    }
  self->call = call;
  fw_call_start (&call->base);
  return self;
}

static gboolean
stream_push (FwPoolStream *self,
             gpointer      item,
             gboolean      may_block)
{
  StreamCall *call = self->call;
  FwPoolCore *core = call->base.core;
  gboolean inside = fw_pool_core_get_current () == core;
  gboolean ok = FALSE;

  g_mutex_lock (&core->mutex);
  if (!inside)
    {
      while (may_block && !call->base.finished && !call->closed && call->pending.len >= core->capacity)
        {
          call->push_waiters++;
          g_cond_wait (&call->space_cond, &core->mutex);
          call->push_waiters--;
        }
    }
  /* After close, only the stream's own jobs may still push (a folder
   * scan pushes its subfolders); the stream cannot have finished while
   * one of them runs. */
  if (call->base.finished || core->disposed || (call->closed && !inside))
    goto out;
  if (!inside && call->pending.len >= core->capacity)
    goto out;

  ring_push (&call->pending, (StreamEntry) { call->next_seq++, item });
  call->base.counters.queued++;
  g_atomic_int_inc (&core->queued);
  fw_call_enqueue_locked (&call->base);
  ok = TRUE;

out:
  g_mutex_unlock (&core->mutex);
  return ok;
}

gboolean
fw_pool_stream_push (FwPoolStream *self,
                     gpointer      item)
{
  g_return_val_if_fail (FW_IS_POOL_STREAM (self), FALSE);

  return stream_push (self, item, TRUE);
}

gboolean
fw_pool_stream_try_push (FwPoolStream *self,
                         gpointer      item)
{
  g_return_val_if_fail (FW_IS_POOL_STREAM (self), FALSE);

  return stream_push (self, item, FALSE);
}

void
fw_pool_stream_close (FwPoolStream *self)
{
  StreamCall *call;
  FwDeferred d = { 0 };

  g_return_if_fail (FW_IS_POOL_STREAM (self));

  call = self->call;
  g_mutex_lock (&call->base.core->mutex);
  if (!call->closed)
    {
      call->closed = TRUE;
      if (call->push_waiters > 0)
        g_cond_broadcast (&call->space_cond);
      if (!call->base.finished && call->pending.len == 0 && call->base.in_hand == 0)
        fw_call_finish_locked (&call->base, NULL, &d);
      fw_call_check_released_locked (&call->base, &d);
    }
  g_mutex_unlock (&call->base.core->mutex);
  fw_deferred_run (&d);
}

FwPoolResult *
fw_pool_stream_pop (FwPoolStream  *self,
                    GError       **error)
{
  StreamCall *call;
  FwPoolResult *result = NULL;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), NULL);
  g_return_val_if_fail (self->call->pull, NULL);

  call = self->call;
  g_mutex_lock (&call->base.core->mutex);
  while (call->out.length == 0 && !call->base.finished)
    {
      call->out_waiters++;
      g_cond_wait (&call->out_cond, &call->base.core->mutex);
      call->out_waiters--;
    }
  if (call->out.length > 0)
    result = g_queue_pop_head (&call->out);
  else if (call->done_error != NULL)
    g_propagate_error (error, g_error_copy (call->done_error));
  g_mutex_unlock (&call->base.core->mutex);
  return result;
}

guint
fw_pool_stream_pop_available (FwPoolStream *self,
                              GQueue       *into)
{
  StreamCall *call;
  guint n;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), 0);
  g_return_val_if_fail (self->call->pull, 0);
  g_return_val_if_fail (into != NULL, 0);

  call = self->call;
  g_mutex_lock (&call->base.core->mutex);
  n = call->out.length;
  if (n > 0)
    {
      /* Splice the whole list over: O(1). */
      if (into->tail != NULL)
        {
          into->tail->next = call->out.head;
          call->out.head->prev = into->tail;
        }
      else
        into->head = call->out.head;
      into->tail = call->out.tail;
      into->length += n;
      g_queue_init (&call->out);
    }
  g_mutex_unlock (&call->base.core->mutex);
  return n;
}

void
fw_pool_stream_set_drained_func (FwPoolStream      *self,
                                 FwPoolDrainedFunc  func,
                                 gpointer           data,
                                 GDestroyNotify     destroy)
{
  StreamCall *call;
  gboolean ok;

  g_return_if_fail (FW_IS_POOL_STREAM (self));
  g_return_if_fail (self->call->pull);
  g_return_if_fail (func != NULL);

  call = self->call;
  g_mutex_lock (&call->base.core->mutex);
  ok = call->next_seq == 0 && call->drained_func == NULL;
  if (ok)
    {
      call->drained_func = func;
      call->drained_data = data;
      call->drained_destroy = destroy;
    }
  g_mutex_unlock (&call->base.core->mutex);
  /* Set once, before the first push: what workers queue under the lock
   * is then called after it with the same function and data. */
  if (!ok && destroy != NULL)
    destroy (data);
  g_return_if_fail (ok);
}

void
fw_pool_stream_set_batch_interval (FwPoolStream *self,
                                   guint         interval_ms)
{
  g_return_if_fail (FW_IS_POOL_STREAM (self));

  g_mutex_lock (&self->call->base.core->mutex);
  self->call->batch_interval_ms = interval_ms;
  g_mutex_unlock (&self->call->base.core->mutex);
}

gboolean
fw_pool_stream_is_done (FwPoolStream *self)
{
  gboolean done;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), FALSE);

  g_mutex_lock (&self->call->base.core->mutex);
  done = self->call->pull ? (self->call->base.finished && self->call->out.length == 0)
                          : self->call->done_delivered;
  g_mutex_unlock (&self->call->base.core->mutex);
  return done;
}

FwPool *
fw_pool_stream_get_pool (FwPoolStream *self)
{
  g_return_val_if_fail (FW_IS_POOL_STREAM (self), NULL);

  return self->pool;
}

GCancellable *
fw_pool_stream_get_cancellable (FwPoolStream *self)
{
  g_return_val_if_fail (FW_IS_POOL_STREAM (self), NULL);

  return self->call->base.cancellable;
}

void
fw_pool_stream_cancel (FwPoolStream *self)
{
  g_return_if_fail (FW_IS_POOL_STREAM (self));

  fw_call_cancel (&self->call->base);
}

void
fw_pool_stream_get_counters (FwPoolStream   *self,
                             FwPoolCounters *counters)
{
  g_return_if_fail (FW_IS_POOL_STREAM (self));
  g_return_if_fail (counters != NULL);

  g_mutex_lock (&self->call->base.core->mutex);
  *counters = self->call->base.counters;
  g_mutex_unlock (&self->call->base.core->mutex);
}

