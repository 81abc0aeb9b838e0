/* fw-pool.c — the Fileworks worker pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it works
 * ============
 *
 * The pool keeps its own queue of *calls* (process, map and stream calls)
 * that have items waiting to start, and an exclusive GThreadPool of
 * n-workers threads. The GThreadPool is never given items: it is given
 * *runner tokens*. A runner takes a run of items from the call at the head
 * of the queue (round robin between calls), runs them, publishes their
 * results under the pool's one mutex, and loops until there is no work, the
 * pool is paused, or there are more runners than workers (a live shrink).
 * So one lock round-trip is paid per run of items, not per item.
 *
 * The length of a run adapts to the call's items: a runner measures how
 * long its last run took per item, and takes enough items for about
 * RUN_TARGET_NS of work (at most MAX_RUN, and never more than a fair share
 * of what is queued). Items of a microsecond or more are thus taken one at
 * a time — no worker sits on queued work while another is idle — and
 * trivial items in runs of up to MAX_RUN.
 *
 * Results of an ordered call are written by the runner into the call's
 * slot array without a lock (each slot has one writer), and become visible
 * when the run is published under the mutex; a call that has already
 * finished (cancelled, failed fast) no longer takes published results, so
 * the runner frees them itself. Streams append published results to an
 * output queue, drained either by fw_pool_stream_pop() or by one GSource in
 * the stream's main context that dispatches them in batches, at most once
 * per batch interval.
 *
 * Nothing is called back while the mutex is held: whatever must be
 * returned, signalled or freed is collected under the lock and done after
 * it (see Deferred).
 */
#include "config.h"

#include "fw-pool.h"

#include <time.h>

#define RUN_TARGET_NS   (50 * 1000)
#define MAX_RUN         256
#define DEFAULT_CAPACITY 256
#define DEFAULT_BATCH_INTERVAL_MS 33

/* 64-bit atomic counters (GLib has no 64-bit atomic ops on 2.74). */
#define ATOMIC_ADD64(p, v) __atomic_fetch_add ((p), (v), __ATOMIC_RELAXED)
#define ATOMIC_GET64(p)    __atomic_load_n ((p), __ATOMIC_RELAXED)
#define ATOMIC_SET_BOOL(p, v) __atomic_store_n ((p), (v), __ATOMIC_RELEASE)
#define ATOMIC_GET_BOOL(p)    __atomic_load_n ((p), __ATOMIC_ACQUIRE)

typedef struct _FwPoolCore FwPoolCore;
typedef struct _FwCall FwCall;

typedef enum {
  SLOT_PENDING = 0,
  SLOT_DONE,
  SLOT_FAILED,
  SLOT_CANCELLED,
  SLOT_TAKEN,        /* handed to the caller at finish */
} SlotState;

typedef enum {
  CALL_ARRAY,
  CALL_STREAM,
} CallKind;

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

typedef struct _FwPoolGroup FwPoolGroup;

typedef struct {
  FwPoolTaskFunc func;
  gpointer       data;
  FwPoolGroup   *group;
} GroupTask;

struct _FwPoolGroup {
  FwPoolCore *core;
  GQueue      unstarted;   /* GroupTask*, under core->mutex */
  guint       unfinished;  /* added and not yet returned, under core->mutex */
  GCond       cond;
  GList       link;        /* in core->groups while it has unstarted tasks */
};

typedef struct _Outcome Outcome;
struct _Outcome {
  GPtrArray *results;
  GPtrArray *errors;
  GError    *error;
};

struct _FwCall {
  gatomicrefcount  ref;
  FwPoolCore      *core;
  CallKind         kind;
  FwPoolErrorPolicy policy;

  FwPoolFunc       func;
  gpointer         func_data;
  GDestroyNotify   func_data_destroy;
  GDestroyNotify   result_destroy;
  GDestroyNotify   item_destroy;

  /* The jobs' cancellable: cancelled by the caller's cancellable, by a
   * fail-fast error, or by the pool's disposal. */
  GCancellable    *cancellable;
  GCancellable    *user_cancellable;
  gulong           user_cancel_id;

  /* Under core->mutex */
  GList            link;          /* in core->calls while it has unstarted items */
  gboolean         queued_in_core;
  guint            in_hand;       /* items taken by runners, not yet published */
  gboolean         cancelled;     /* also read without the lock (atomic) */
  gboolean         finished;      /* the outcome is decided; no more results taken */
  gboolean         released;      /* func_data released (finished and in_hand == 0) */
  GError          *first_error;
  gint64           ns_per_item;   /* estimate, for the run length */
  FwPoolCounters   counters;

  /* CALL_ARRAY */
  GPtrArray       *items;
  guint            n_items;
  guint            next;
  gpointer        *results;
  GError         **errors;
  guint8          *state;
  guint            n_settled;
  GTask           *task;          /* process_async / map_async */
  Outcome         *outcome;       /* decided, not yet delivered */
  GCond            sync_cond;
  gboolean         sync_done;
  gpointer         map_data;      /* MapData for map calls */

  /* CALL_STREAM */
  Ring             pending;
  guint64          next_seq;
  gboolean         closed;
  guint            push_waiters;
  GCond            space_cond;
  GQueue           out;           /* FwPoolResult* */
  GCond            out_cond;      /* PULL consumers */
  guint            out_waiters;
  gboolean         pull;
  FwPoolDrainedFunc drained_func; /* PULL: set before the first push */
  gpointer         drained_data;
  GDestroyNotify   drained_destroy;
  gboolean         done_delivered;
  gboolean         stopped_pending;
  GError          *done_error;    /* what "done"/pop reports */
  GSource         *source;        /* context mode */
  FwPoolStream    *stream;        /* context mode: the object to emit on (weak) */
  guint            batch_interval_ms;
  gint64           last_dispatch;
};

struct _FwPoolCore {
  gatomicrefcount  ref;
  GMutex           mutex;
  GThreadPool     *threads;
  guint            n_workers;
  guint            capacity;
  gboolean         paused;        /* written under the mutex, atomically */
  GCond            pause_cond;    /* resumed or disposed: for fw_pool_pause_point() */
  gboolean         disposed;
  guint            n_runners;
  guint            n_busy;        /* runners executing an item run or a group task */
  GQueue           calls;         /* FwCall with unstarted items */
  GQueue           groups;        /* FwPoolGroup with unstarted tasks */
  GSList          *idle_waiters;  /* GTask* */
  GSList          *all_calls;     /* every unfinished call, to cancel on dispose */

  /* Counters: written under the mutex, read atomically from anywhere. */
  gint             queued;
  gint             running;
  guint64          completed;
  guint64          failed;
  guint64          cancelled;
  gint             held;
};

struct _FwPool
{
  GObject     parent_instance;
  FwPoolCore *core;
};

struct _FwPoolStream
{
  GObject  parent_instance;
  FwPool  *pool;
  FwCall  *call;
};

enum {
  PROP_0,
  PROP_N_WORKERS,
  PROP_QUEUE_CAPACITY,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STREAM_RESULTS,
  STREAM_DONE,
  STREAM_STOPPED,
  N_STREAM_SIGNALS
};

static guint stream_signals[N_STREAM_SIGNALS];

G_DEFINE_FINAL_TYPE (FwPool, fw_pool, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (FwPoolStream, fw_pool_stream, G_TYPE_OBJECT)

static GPrivate current_core;   /* the FwPoolCore whose runner this thread is */

/* ------------------------------------------------------------------ */
/* Deferred work: collected under the mutex, done after it.             */

typedef struct {
  GSList *tasks_true;        /* GTask* to return TRUE (idle waiters) */
  GSList *calls_to_complete; /* FwCall* (ref) whose outcome is to be delivered */
  GSList *calls_to_release;  /* FwCall* (ref) whose func_data is to be released */
  GSList *calls_to_cancel;   /* FwCall* (ref) to cancel (fail fast) */
  GSList *calls_to_wake;     /* FwCall* (ref) stream sources to wake */
  GSList *calls_drained;     /* FwCall* (ref) pull streams to tell they are drained */
  GPtrArray *garbage_results;  /* result, destroy pairs */
  GPtrArray *garbage_items;
} Deferred;

static void call_unref (FwCall *call);
static void error_free0 (gpointer error);
static void outcome_free (Outcome *outcome);
static FwCall *call_ref (FwCall *call);
static void call_complete (FwCall *call);
static void stream_wake_source (FwCall *call);

static void
deferred_garbage (GPtrArray      **array,
                  gpointer         data,
                  GDestroyNotify   destroy)
{
  if (data == NULL || destroy == NULL)
    return;
  if (*array == NULL)
    *array = g_ptr_array_new ();
  g_ptr_array_add (*array, data);
  g_ptr_array_add (*array, (gpointer) destroy);
}

static void
free_garbage (GPtrArray **array)
{
  if (*array == NULL)
    return;
  for (guint i = 0; i + 1 < (*array)->len; i += 2)
    ((GDestroyNotify) (*array)->pdata[i + 1]) ((*array)->pdata[i]);
  g_ptr_array_unref (*array);
  *array = NULL;
}

static void call_cancel (FwCall *call);
static void call_disconnect (FwCall *call);

static void
deferred_run (Deferred *d)
{
  for (GSList *l = d->calls_to_cancel; l; l = l->next)
    {
      call_cancel (l->data);
      call_unref (l->data);
    }
  g_slist_free (d->calls_to_cancel);

  for (GSList *l = d->calls_to_wake; l; l = l->next)
    {
      stream_wake_source (l->data);
      call_unref (l->data);
    }
  g_slist_free (d->calls_to_wake);

  for (GSList *l = d->calls_drained; l; l = l->next)
    {
      FwCall *call = l->data;

      call->drained_func (call->drained_data);
      call_unref (call);
    }
  g_slist_free (d->calls_drained);

  for (GSList *l = d->calls_to_complete; l; l = l->next)
    {
      call_complete (l->data);
      call_unref (l->data);
    }
  g_slist_free (d->calls_to_complete);

  for (GSList *l = d->calls_to_release; l; l = l->next)
    {
      FwCall *call = l->data;

      call_disconnect (call);
      if (call->func_data_destroy != NULL)
        call->func_data_destroy (call->func_data);
      call->func_data = NULL;
      call_unref (call);
    }
  g_slist_free (d->calls_to_release);

  for (GSList *l = d->tasks_true; l; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_slist_free (d->tasks_true);

  free_garbage (&d->garbage_results);
  free_garbage (&d->garbage_items);
}

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

static StreamEntry
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
/* Core                                                                 */

static FwPoolCore *
core_ref (FwPoolCore *core)
{
  g_atomic_ref_count_inc (&core->ref);
  return core;
}

static void
core_unref (FwPoolCore *core)
{
  if (g_atomic_ref_count_dec (&core->ref))
    {
      g_assert (core->threads == NULL);
      g_assert (core->calls.length == 0);
      g_mutex_clear (&core->mutex);
      g_cond_clear (&core->pause_cond);
      g_free (core);
    }
}

static gboolean
core_has_work_locked (FwPoolCore *core)
{
  return core->groups.length > 0 || (!core->paused && core->calls.length > 0);
}

static void runner_func (gpointer token, gpointer data);

/* Starts runners for the work there is, up to n-workers. */
static void
core_spawn_runners_locked (FwPoolCore *core)
{
  guint wanted;
  guint work = 0;

  if (core->threads == NULL || core->disposed || !core_has_work_locked (core))
    return;

  /* Enough runners for the work there is, no more. */
  for (GList *l = core->groups.head; l && work < core->n_workers; l = l->next)
    work += ((FwPoolGroup *) l->data)->unstarted.length;
  if (!core->paused)
    work += (guint) MIN ((guint) g_atomic_int_get (&core->queued), core->n_workers);
  /* Busy runners (in a long job, or a job waiting on its group) take
   * nothing new: the work needs runners beyond them. */
  wanted = MIN (core->n_workers, core->n_busy + work);

  while (core->n_runners < wanted)
    {
      core->n_runners++;
      g_thread_pool_push (core->threads, GINT_TO_POINTER (1), NULL);
    }
}

static void
core_check_idle_locked (FwPoolCore *core,
                        Deferred   *d)
{
  if (core->idle_waiters == NULL)
    return;
  /* Items in a runner's hand count as running until published. */
  if (g_atomic_int_get (&core->queued) != 0 || g_atomic_int_get (&core->running) != 0)
    return;
  d->tasks_true = g_slist_concat (d->tasks_true, core->idle_waiters);
  core->idle_waiters = NULL;
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

static FwCall *
call_ref (FwCall *call)
{
  g_atomic_ref_count_inc (&call->ref);
  return call;
}

static void
call_unref (FwCall *call)
{
  if (!g_atomic_ref_count_dec (&call->ref))
    return;

  g_assert (call->released || call->func_data_destroy == NULL || call->func_data == NULL);

  if (call->kind == CALL_ARRAY)
    {
      for (guint i = 0; i < call->n_items; i++)
        {
          if (call->state[i] == SLOT_DONE && call->result_destroy && call->results[i])
            call->result_destroy (call->results[i]);
          g_clear_error (&call->errors[i]);
        }
      g_free (call->results);
      g_free (call->errors);
      g_free (call->state);
      g_clear_pointer (&call->items, g_ptr_array_unref);
      g_cond_clear (&call->sync_cond);
    }
  else
    {
      while (call->pending.len > 0)
        {
          StreamEntry e = ring_pop (&call->pending);
          if (call->item_destroy && e.item)
            call->item_destroy (e.item);
        }
      g_free (call->pending.entries);
      g_queue_clear_full (&call->out, (GDestroyNotify) fw_pool_result_free);
      g_cond_clear (&call->space_cond);
      g_cond_clear (&call->out_cond);
      g_clear_error (&call->done_error);
      if (call->drained_destroy != NULL)
        call->drained_destroy (call->drained_data);
      if (call->source != NULL)
        {
          g_source_destroy (call->source);
          g_source_unref (call->source);
        }
    }
  g_clear_pointer (&call->outcome, outcome_free);
  g_clear_error (&call->first_error);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->user_cancellable);
  g_clear_object (&call->task);
  core_unref (call->core);
  g_free (call);
}

/* Drops every queued item of @call. Called with the mutex held. */
static void
call_drop_queued_locked (FwCall   *call,
                         Deferred *d)
{
  FwPoolCore *core = call->core;
  guint dropped = 0;

  if (call->kind == CALL_ARRAY)
    {
      for (; call->next < call->n_items; call->next++)
        {
          call->state[call->next] = SLOT_CANCELLED;
          call->n_settled++;
          dropped++;
        }
    }
  else
    {
      while (call->pending.len > 0)
        {
          StreamEntry e = ring_pop (&call->pending);
          deferred_garbage (&d->garbage_items, e.item, call->item_destroy);
          dropped++;
        }
      if (call->push_waiters > 0)
        g_cond_broadcast (&call->space_cond);
    }

  if (call->queued_in_core)
    {
      g_queue_unlink (&core->calls, &call->link);
      call->queued_in_core = FALSE;
    }

  g_atomic_int_add (&core->queued, -(gint) dropped);
  ATOMIC_ADD64 (&core->cancelled, dropped);
  call->counters.queued -= dropped;
  call->counters.cancelled += dropped;
}

/* The outcome is decided now. Called with the mutex held. */
static void
call_finish_locked (FwCall   *call,
                    GError   *error,   /* (transfer full) (nullable) */
                    Deferred *d)
{
  g_assert (!call->finished);

  call->finished = TRUE;
  call->core->all_calls = g_slist_remove (call->core->all_calls, call);
  if (error != NULL || call->kind == CALL_STREAM)
    call_drop_queued_locked (call, d);

  if (call->kind == CALL_ARRAY)
    {
      Outcome *outcome = g_new0 (Outcome, 1);

      outcome->error = error;
      outcome->results = g_ptr_array_new_full (call->n_items, call->result_destroy);
      outcome->errors = g_ptr_array_new_full (call->n_items, error_free0);
      for (guint i = 0; i < call->n_items; i++)
        {
          GError *item_error = NULL;
          gpointer result = NULL;

          switch ((SlotState) call->state[i])
            {
            case SLOT_DONE:
              result = call->results[i];
              call->results[i] = NULL;
              call->state[i] = SLOT_TAKEN;
              break;
            case SLOT_FAILED:
              item_error = g_steal_pointer (&call->errors[i]);
              call->state[i] = SLOT_TAKEN;
              break;
            case SLOT_PENDING:
            case SLOT_CANCELLED:
            case SLOT_TAKEN:
            default:
              item_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "The item did not finish");
              if (call->state[i] == SLOT_CANCELLED)
                call->state[i] = SLOT_TAKEN;
              break;
            }
          g_ptr_array_add (outcome->results, result);
          g_ptr_array_add (outcome->errors, item_error);
        }
      call->outcome = outcome;
      d->calls_to_complete = g_slist_prepend (d->calls_to_complete, call_ref (call));
    }
  else
    {
      call->done_error = error;
      if (call->pull)
        g_cond_broadcast (&call->out_cond);
      else
        d->calls_to_wake = g_slist_prepend (d->calls_to_wake, call_ref (call));
    }
}

/* Once finished and nothing of it runs: release func_data, tell "stopped". */
static void
call_check_released_locked (FwCall   *call,
                            Deferred *d)
{
  if (!call->finished || call->in_hand > 0 || call->released)
    return;
  call->released = TRUE;
  /* Hands over the in-flight reference taken by call_start(). */
  d->calls_to_release = g_slist_prepend (d->calls_to_release, call);
  if (call->kind == CALL_STREAM && !call->pull)
    {
      call->stopped_pending = TRUE;
      d->calls_to_wake = g_slist_prepend (d->calls_to_wake, call_ref (call));
    }
}

/* Cancels @call: the jobs see its cancellable, queued items are dropped,
 * and the call finishes now (with the fail-fast error if that is why).
 * Idempotent; callable from any thread, never with the mutex held. */
static void
call_cancel (FwCall *call)
{
  FwPoolCore *core = call->core;
  Deferred d = { 0 };

  g_cancellable_cancel (call->cancellable);

  g_mutex_lock (&core->mutex);
  ATOMIC_SET_BOOL (&call->cancelled, TRUE);
  if (!call->finished)
    {
      GError *error = call->first_error
        ? g_error_copy (call->first_error)
        : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      call_finish_locked (call, error, &d);
    }
  call_check_released_locked (call, &d);
  core_check_idle_locked (core, &d);
  g_mutex_unlock (&core->mutex);
  deferred_run (&d);
}

static void
call_user_cancelled_cb (GCancellable *user_cancellable,
                        gpointer      data)
{
  /* Runs in the thread that cancelled. The connection holds a reference. */
  call_cancel (data);
}

static void
call_closure_unref (gpointer  data,
                    GClosure *closure)
{
  call_unref (data);
}

static FwCall *
call_new (FwPool            *pool,
          CallKind           kind,
          FwPoolFunc         func,
          gpointer           func_data,
          GDestroyNotify     func_data_destroy,
          GDestroyNotify     result_destroy,
          FwPoolErrorPolicy  policy,
          GCancellable      *user_cancellable)
{
  FwCall *call = g_new0 (FwCall, 1);

  g_atomic_ref_count_init (&call->ref);
  call->core = core_ref (pool->core);
  call->kind = kind;
  call->func = func;
  call->func_data = func_data;
  call->func_data_destroy = func_data_destroy;
  call->result_destroy = result_destroy;
  call->policy = policy;
  call->link.data = call;
  call->cancellable = g_cancellable_new ();
  call->batch_interval_ms = DEFAULT_BATCH_INTERVAL_MS;
  call->ns_per_item = -1;
  g_cond_init (&call->sync_cond);
  g_cond_init (&call->space_cond);
  g_cond_init (&call->out_cond);
  if (user_cancellable != NULL)
    call->user_cancellable = g_object_ref (user_cancellable);
  return call;
}

/* Connects the caller's cancellable and registers the call with the core.
 * Called before any item is queued, without the mutex. */
static void
call_start (FwCall *call)
{
  FwPoolCore *core = call->core;
  gboolean disposed;

  /* The in-flight reference: the call lives until it is finished and
   * nothing of it runs (see call_check_released_locked). */
  call_ref (call);

  g_mutex_lock (&core->mutex);
  disposed = core->disposed;
  if (!disposed)
    core->all_calls = g_slist_prepend (core->all_calls, call);
  if (call->kind == CALL_ARRAY)
    {
      g_atomic_int_add (&core->queued, (gint) call->n_items);
      call->counters.queued += call->n_items;
    }
  g_mutex_unlock (&core->mutex);

  /* A plain signal connection, not g_cancellable_connect(): that one's
   * disconnect cannot be called from inside the handler, and the call may
   * well be released from inside it. GSignal keeps the data alive while a
   * handler runs; the connection holds a reference until disconnected. */
  if (call->user_cancellable != NULL)
    {
      call->user_cancel_id = g_signal_connect_data (call->user_cancellable, "cancelled",
                                                    G_CALLBACK (call_user_cancelled_cb),
                                                    call_ref (call), call_closure_unref, 0);
      if (g_cancellable_is_cancelled (call->user_cancellable))
        call_cancel (call);
    }
  if (disposed)
    call_cancel (call);
}

/* Drops the connection to the caller's cancellable (and its reference).
 * Safe from any thread, inside the handler too. */
static void
call_disconnect (FwCall *call)
{
  gulong id = call->user_cancel_id;

  call->user_cancel_id = 0;
  if (id != 0)
    g_signal_handler_disconnect (call->user_cancellable, id);
}

static void
call_enqueue_locked (FwCall *call)
{
  FwPoolCore *core = call->core;

  if (!call->queued_in_core && !call->finished)
    {
      g_queue_push_tail_link (&core->calls, &call->link);
      call->queued_in_core = TRUE;
    }
  core_spawn_runners_locked (core);
}

static guint
call_unstarted_locked (FwCall *call)
{
  return call->kind == CALL_ARRAY ? call->n_items - call->next : (guint) call->pending.len;
}

/* Delivers an array call's outcome (process/map, async or sync). */
static void
call_complete (FwCall *call)
{
  if (call->task != NULL)
    {
      GTask *task = g_steal_pointer (&call->task);

      g_task_return_pointer (task, g_steal_pointer (&call->outcome), (GDestroyNotify) outcome_free);
      g_object_unref (task);
    }
  else
    {
      g_mutex_lock (&call->core->mutex);
      call->sync_done = TRUE;
      g_cond_broadcast (&call->sync_cond);
      g_mutex_unlock (&call->core->mutex);
    }
}

/* ------------------------------------------------------------------ */
/* Runners                                                              */

typedef struct {
  guint    index;   /* slot (array) */
  guint64  seq;     /* stream */
  gpointer item;
  gpointer result;
  GError  *error;
} RunItem;

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
run_group_task_locked (FwPoolCore *core)
{
  FwPoolGroup *group = g_queue_peek_head (&core->groups);
  GroupTask *task = g_queue_pop_head (&group->unstarted);

  if (group->unstarted.length == 0)
    g_queue_unlink (&core->groups, &group->link);

  core->n_busy++;
  g_mutex_unlock (&core->mutex);
  task->func (task->data);
  g_free (task);
  g_mutex_lock (&core->mutex);
  core->n_busy--;

  if (--group->unfinished == 0)
    g_cond_broadcast (&group->cond);
}

static void
publish_run_locked (FwCall   *call,
                    RunItem  *run,
                    guint     n,
                    Deferred *d)
{
  FwPoolCore *core = call->core;
  guint n_done = 0, n_failed = 0, n_cancelled = 0;
  gboolean fail = FALSE;
  gboolean wake = FALSE;

  for (guint i = 0; i < n; i++)
    {
      RunItem *r = &run[i];
      gboolean is_cancel = r->error != NULL && g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      if (r->error == NULL)
        n_done++;
      else if (is_cancel)
        n_cancelled++;
      else
        n_failed++;

      if (r->error != NULL && !is_cancel && call->policy == FW_POOL_FAIL_FAST && !call->finished)
        {
          if (call->first_error == NULL)
            {
              call->first_error = g_error_copy (r->error);
              fail = TRUE;
            }
        }

      if (call->kind == CALL_ARRAY)
        {
          if (call->finished)
            {
              /* Too late: the caller has its outcome already. */
              deferred_garbage (&d->garbage_results, r->result, call->result_destroy);
              g_clear_error (&r->error);
            }
          else
            {
              call->state[r->index] = r->error ? (is_cancel ? SLOT_CANCELLED : SLOT_FAILED) : SLOT_DONE;
              call->results[r->index] = r->result;
              call->errors[r->index] = r->error;
              r->error = NULL;
            }
          call->n_settled++;
        }
      else
        {
          if (call->finished)
            {
              deferred_garbage (&d->garbage_results, r->result, call->result_destroy);
              deferred_garbage (&d->garbage_items, r->item, call->item_destroy);
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
              g_queue_push_tail (&call->out, res);
              wake = TRUE;
            }
        }
    }

  ATOMIC_ADD64 (&core->completed, n_done);
  ATOMIC_ADD64 (&core->failed, n_failed);
  ATOMIC_ADD64 (&core->cancelled, n_cancelled);
  call->counters.completed += n_done;
  call->counters.failed += n_failed;
  call->counters.cancelled += n_cancelled;
  call->counters.running -= 1;
  call->in_hand -= n;

  if (fail)
    d->calls_to_cancel = g_slist_prepend (d->calls_to_cancel, call_ref (call));

  /* A natural end. */
  if (!call->finished && !fail)
    {
      if (call->kind == CALL_ARRAY && call->n_settled == call->n_items)
        call_finish_locked (call, NULL, d);
      else if (call->kind == CALL_STREAM && call->closed && call->pending.len == 0 && call->in_hand == 0)
        call_finish_locked (call, NULL, d);
    }

  if (call->kind == CALL_STREAM && wake)
    {
      if (call->pull)
        {
          if (call->out_waiters > 0)
            g_cond_signal (&call->out_cond);
          /* Every item pushed so far has its result waiting. */
          if (call->drained_func != NULL && call->pending.len == 0 && call->in_hand == 0)
            d->calls_drained = g_slist_prepend (d->calls_drained, call_ref (call));
        }
      else
        d->calls_to_wake = g_slist_prepend (d->calls_to_wake, call_ref (call));
    }

  call_check_released_locked (call, d);
}

static void
runner_func (gpointer token,
             gpointer data)
{
  FwPoolCore *core = data;
  RunItem run[MAX_RUN];
  Deferred d = { 0 };

  /* The runner's own reference: the last call it runs may hold the last
   * one otherwise, and the runner still takes the mutex after dropping
   * its call. */
  core_ref (core);
  g_private_set (&current_core, core);
  g_mutex_lock (&core->mutex);

  for (;;)
    {
      FwCall *call;
      guint n, unstarted;
      gint64 t0, elapsed;   /* ns */

      if (core->n_runners > core->n_workers || core->disposed)
        break;

      if (core->groups.length > 0)
        {
          run_group_task_locked (core);
          continue;
        }

      if (core->paused || core->calls.length == 0)
        break;

      call = g_queue_peek_head (&core->calls);
      unstarted = call_unstarted_locked (call);
      g_assert (unstarted > 0);

      /* How many to take: about RUN_TARGET_NS of work, a fair share at most.
       * The first run of a call is one item, to measure. */
      if (call->ns_per_item < 0)
        n = 1;
      else
        n = (guint) CLAMP (RUN_TARGET_NS / MAX (call->ns_per_item, 1), 1, MAX_RUN);
      n = MIN (n, MAX (1, unstarted / (2 * core->n_workers)));
      n = MIN (n, unstarted);

      for (guint i = 0; i < n; i++)
        {
          RunItem *r = &run[i];

          r->result = NULL;
          r->error = NULL;
          if (call->kind == CALL_ARRAY)
            {
              r->index = call->next++;
              r->item = call->items->pdata[r->index];
            }
          else
            {
              StreamEntry e = ring_pop (&call->pending);
              r->seq = e.seq;
              r->item = e.item;
            }
        }

      /* Blocked pushers wake when the queue is half empty, not at every
       * free slot: one wake-up per half queue, not per item. */
      if (call->kind == CALL_STREAM && call->push_waiters > 0 && call->pending.len <= core->capacity / 2)
        g_cond_broadcast (&call->space_cond);

      /* Round robin between calls. */
      g_queue_unlink (&core->calls, &call->link);
      if (n < unstarted)
        g_queue_push_tail_link (&core->calls, &call->link);
      else
        call->queued_in_core = FALSE;

      call_ref (call);
      call->in_hand += n;
      call->counters.queued -= n;
      call->counters.running += 1;
      g_atomic_int_add (&core->queued, -(gint) n);
      g_atomic_int_inc (&core->running);
      core->n_busy++;
      /* More runners may be wanted if work remains. */
      core_spawn_runners_locked (core);
      g_mutex_unlock (&core->mutex);

      t0 = now_ns ();
      for (guint i = 0; i < n; i++)
        {
          RunItem *r = &run[i];

          if (ATOMIC_GET_BOOL (&call->cancelled))
            r->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            "Operation was cancelled");
          else
            {
              r->result = call->func (r->item, call->cancellable, call->func_data, &r->error);
              if (r->error != NULL && r->result != NULL)
                {
                  /* A job must not do both; keep the error, free the result. */
                  if (call->result_destroy)
                    call->result_destroy (r->result);
                  r->result = NULL;
                }
            }
        }
      elapsed = now_ns () - t0;

      /* A cancelled call has its outcome already: free what the run made
       * now, before publishing it, so that all of it is gone by the time
       * the call's user data is released. */
      if (ATOMIC_GET_BOOL (&call->cancelled))
        for (guint i = 0; i < n; i++)
          {
            if (run[i].result != NULL && call->result_destroy != NULL)
              call->result_destroy (run[i].result);
            run[i].result = NULL;
            if (call->kind == CALL_STREAM && run[i].item != NULL && call->item_destroy != NULL)
              call->item_destroy (run[i].item);
            run[i].item = NULL;
          }

      g_mutex_lock (&core->mutex);
      call->ns_per_item = elapsed / n;
      core->n_busy--;
      g_atomic_int_dec_and_test (&core->running);
      publish_run_locked (call, run, n, &d);
      core_check_idle_locked (core, &d);
      g_mutex_unlock (&core->mutex);
      deferred_run (&d);
      memset (&d, 0, sizeof d);
      call_unref (call);
      g_mutex_lock (&core->mutex);
    }

  core->n_runners--;
  core_check_idle_locked (core, &d);
  g_mutex_unlock (&core->mutex);
  deferred_run (&d);
  g_private_set (&current_core, NULL);
  core_unref (core);
}

/* ------------------------------------------------------------------ */
/* FwPool                                                               */

static void
fw_pool_dispose (GObject *object)
{
  FwPool *self = FW_POOL (object);
  FwPoolCore *core = self->core;
  GSList *calls;
  GThreadPool *threads;
  gboolean in_worker = g_private_get (&current_core) == core;

  g_mutex_lock (&core->mutex);
  core->disposed = TRUE;
  g_cond_broadcast (&core->pause_cond);
  calls = g_slist_copy_deep (core->all_calls, (GCopyFunc) call_ref, NULL);
  threads = g_steal_pointer (&core->threads);
  g_mutex_unlock (&core->mutex);

  /* Queued items are dropped, running ones see their cancellable. */
  for (GSList *l = calls; l; l = l->next)
    call_cancel (l->data);
  g_slist_free_full (calls, (GDestroyNotify) call_unref);

  /* Waits for what runs (unless this is one of the pool's own threads,
   * which cannot wait for itself); the exclusive threads then end. */
  if (threads != NULL)
    g_thread_pool_free (threads, TRUE, !in_worker);

  G_OBJECT_CLASS (fw_pool_parent_class)->dispose (object);
}

static void
fw_pool_finalize (GObject *object)
{
  FwPool *self = FW_POOL (object);
  Deferred d = { 0 };

  g_mutex_lock (&self->core->mutex);
  core_check_idle_locked (self->core, &d);
  /* Whoever still waits for idle is told now: nothing will run again. */
  d.tasks_true = g_slist_concat (d.tasks_true, self->core->idle_waiters);
  self->core->idle_waiters = NULL;
  g_mutex_unlock (&self->core->mutex);
  deferred_run (&d);

  core_unref (self->core);

  G_OBJECT_CLASS (fw_pool_parent_class)->finalize (object);
}

static void
fw_pool_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FwPool *self = FW_POOL (object);

  switch (prop_id)
    {
    case PROP_N_WORKERS:
      g_value_set_uint (value, fw_pool_get_n_workers (self));
      break;
    case PROP_QUEUE_CAPACITY:
      g_value_set_uint (value, fw_pool_get_queue_capacity (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, fw_pool_get_paused (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_pool_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FwPool *self = FW_POOL (object);

  switch (prop_id)
    {
    case PROP_N_WORKERS:
      fw_pool_set_n_workers (self, g_value_get_uint (value));
      break;
    case PROP_QUEUE_CAPACITY:
      fw_pool_set_queue_capacity (self, g_value_get_uint (value));
      break;
    case PROP_PAUSED:
      if (g_value_get_boolean (value))
        fw_pool_pause (self);
      else
        fw_pool_resume (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_pool_class_init (FwPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* GLib sets up an error domain (and GError's domain table) on first
   * use; do it here, once, before any worker thread makes the first
   * cancellation error at the same time as another. */
  g_error_free (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  /* Likewise a GPrivate's key: GLib 2.74 makes it on first use, and when
   * two threads do so at once, the loser reads it back non-atomically
   * (g_private_get_impl), which ThreadSanitizer reports. */
  g_private_get (&current_core);

  object_class->dispose = fw_pool_dispose;
  object_class->finalize = fw_pool_finalize;
  object_class->get_property = fw_pool_get_property;
  object_class->set_property = fw_pool_set_property;

  /**
   * FwPool:n-workers:
   *
   * How many items run at once. 0 when set means the number of
   * processors. Settable at any time: raising it puts new workers to work
   * at once; lowering it lets running items finish, then holds the
   * surplus workers back.
   */
  properties[PROP_N_WORKERS] =
    g_param_spec_uint ("n-workers", NULL, NULL,
                       0, 1024, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FwPool:queue-capacity:
   *
   * How many items a stream may hold waiting to start before a push from
   * outside the pool blocks (the seed's task buffer). Default 256.
   */
  properties[PROP_QUEUE_CAPACITY] =
    g_param_spec_uint ("queue-capacity", NULL, NULL,
                       1, G_MAXINT, DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FwPool:paused:
   *
   * While %TRUE no item starts; running items finish.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_pool_init (FwPool *self)
{
  FwPoolCore *core = g_new0 (FwPoolCore, 1);

  g_atomic_ref_count_init (&core->ref);
  g_mutex_init (&core->mutex);
  g_cond_init (&core->pause_cond);
  core->n_workers = g_get_num_processors ();
  core->capacity = DEFAULT_CAPACITY;
  core->threads = g_thread_pool_new (runner_func, core, (gint) core->n_workers, TRUE, NULL);
  g_assert (core->threads != NULL);
  self->core = core;
}

/**
 * fw_pool_new:
 * @n_workers: how many items run at once; 0 for the number of processors
 *
 * Makes a pool with its own exclusive threads. Make one and reuse it.
 *
 * Returns: (transfer full): a new #FwPool
 */
FwPool *
fw_pool_new (guint n_workers)
{
  FwPool *self = g_object_new (FW_TYPE_POOL, NULL);

  if (n_workers != 0)
    fw_pool_set_n_workers (self, n_workers);
  return self;
}

guint
fw_pool_get_n_workers (FwPool *self)
{
  guint n;

  g_return_val_if_fail (FW_IS_POOL (self), 0);

  g_mutex_lock (&self->core->mutex);
  n = self->core->n_workers;
  g_mutex_unlock (&self->core->mutex);
  return n;
}

void
fw_pool_set_n_workers (FwPool *self,
                       guint   n_workers)
{
  FwPoolCore *core;
  gboolean changed;

  g_return_if_fail (FW_IS_POOL (self));

  core = self->core;
  if (n_workers == 0)
    n_workers = g_get_num_processors ();

  g_mutex_lock (&core->mutex);
  changed = core->n_workers != n_workers;
  core->n_workers = n_workers;
  if (changed && core->threads != NULL)
    {
      g_thread_pool_set_max_threads (core->threads, (gint) n_workers, NULL);
      core_spawn_runners_locked (core);
    }
  g_mutex_unlock (&core->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORKERS]);
}

guint
fw_pool_get_queue_capacity (FwPool *self)
{
  guint n;

  g_return_val_if_fail (FW_IS_POOL (self), 0);

  g_mutex_lock (&self->core->mutex);
  n = self->core->capacity;
  g_mutex_unlock (&self->core->mutex);
  return n;
}

void
fw_pool_set_queue_capacity (FwPool *self,
                            guint   queue_capacity)
{
  gboolean changed;

  g_return_if_fail (FW_IS_POOL (self));
  g_return_if_fail (queue_capacity > 0);

  g_mutex_lock (&self->core->mutex);
  changed = self->core->capacity != queue_capacity;
  self->core->capacity = queue_capacity;
  /* Pushers blocked on a smaller capacity may go on. */
  for (GSList *l = self->core->all_calls; l; l = l->next)
    {
      FwCall *call = l->data;
      if (call->push_waiters > 0)
        g_cond_broadcast (&call->space_cond);
    }
  g_mutex_unlock (&self->core->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_CAPACITY]);
}

void
fw_pool_pause (FwPool *self)
{
  gboolean changed;

  g_return_if_fail (FW_IS_POOL (self));

  g_mutex_lock (&self->core->mutex);
  changed = !self->core->paused;
  g_atomic_int_set (&self->core->paused, TRUE);
  g_mutex_unlock (&self->core->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
fw_pool_resume (FwPool *self)
{
  gboolean changed;

  g_return_if_fail (FW_IS_POOL (self));

  g_mutex_lock (&self->core->mutex);
  changed = self->core->paused;
  g_atomic_int_set (&self->core->paused, FALSE);
  g_cond_broadcast (&self->core->pause_cond);
  core_spawn_runners_locked (self->core);
  g_mutex_unlock (&self->core->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
fw_pool_get_paused (FwPool *self)
{
  gboolean paused;

  g_return_val_if_fail (FW_IS_POOL (self), FALSE);

  g_mutex_lock (&self->core->mutex);
  paused = self->core->paused;
  g_mutex_unlock (&self->core->mutex);
  return paused;
}

static void
pause_point_cancelled (GCancellable *cancellable,
                       FwPoolCore   *core)
{
  g_mutex_lock (&core->mutex);
  g_cond_broadcast (&core->pause_cond);
  g_mutex_unlock (&core->mutex);
}

void
fw_pool_pause_point (GCancellable *cancellable)
{
  FwPoolCore *core = g_private_get (&current_core);
  gulong id = 0;

  if (core == NULL || !g_atomic_int_get (&core->paused))
    return;
  /* Connected before the lock: an already cancelled @cancellable calls
   * back at once, in this thread. */
  if (cancellable != NULL)
    id = g_cancellable_connect (cancellable, G_CALLBACK (pause_point_cancelled), core, NULL);
  g_mutex_lock (&core->mutex);
  g_atomic_int_inc (&core->held);
  while (core->paused && !core->disposed && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&core->pause_cond, &core->mutex);
  g_atomic_int_add (&core->held, -1);
  g_mutex_unlock (&core->mutex);
  if (id != 0)
    g_cancellable_disconnect (cancellable, id);
}

void
fw_pool_get_counters (FwPool         *self,
                      FwPoolCounters *counters)
{
  FwPoolCore *core;

  g_return_if_fail (FW_IS_POOL (self));
  g_return_if_fail (counters != NULL);

  core = self->core;
  counters->queued = (guint) MAX (0, g_atomic_int_get (&core->queued));
  counters->running = (guint) MAX (0, g_atomic_int_get (&core->running));
  counters->completed = ATOMIC_GET64 (&core->completed);
  counters->failed = ATOMIC_GET64 (&core->failed);
  counters->cancelled = ATOMIC_GET64 (&core->cancelled);
  counters->held = (guint) MAX (0, g_atomic_int_get (&core->held));
}

gboolean
fw_pool_is_worker_thread (FwPool *self)
{
  g_return_val_if_fail (FW_IS_POOL (self), FALSE);

  return g_private_get (&current_core) == self->core;
}

void
fw_pool_wait_idle_async (FwPool              *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Deferred d = { 0 };

  g_return_if_fail (FW_IS_POOL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_pool_wait_idle_async);

  g_mutex_lock (&self->core->mutex);
  self->core->idle_waiters = g_slist_prepend (self->core->idle_waiters, g_object_ref (task));
  core_check_idle_locked (self->core, &d);
  g_mutex_unlock (&self->core->mutex);
  deferred_run (&d);
}

gboolean
fw_pool_wait_idle_finish (FwPool        *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (FW_IS_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Ordered calls                                                         */

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->results, g_ptr_array_unref);
  g_clear_pointer (&outcome->errors, g_ptr_array_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static FwCall *
array_call_new (FwPool            *self,
                GPtrArray         *items,
                FwPoolFunc         func,
                gpointer           func_data,
                GDestroyNotify     func_data_destroy,
                GDestroyNotify     result_destroy,
                FwPoolErrorPolicy  policy,
                GCancellable      *cancellable)
{
  FwCall *call = call_new (self, CALL_ARRAY, func, func_data, func_data_destroy,
                           result_destroy, policy, cancellable);

  call->items = g_ptr_array_ref (items);
  call->n_items = items->len;
  call->results = g_new0 (gpointer, MAX (1, items->len));
  call->errors = g_new0 (GError *, MAX (1, items->len));
  call->state = g_new0 (guint8, MAX (1, items->len));
  return call;
}

static void
array_call_run (FwCall *call)
{
  FwPoolCore *core = call->core;
  Deferred d = { 0 };

  call_start (call);

  g_mutex_lock (&core->mutex);
  if (!call->finished)
    {
      if (call->n_items == 0)
        call_finish_locked (call, NULL, &d);
      else
        call_enqueue_locked (call);
    }
  call_check_released_locked (call, &d);
  g_mutex_unlock (&core->mutex);
  deferred_run (&d);
}

static Outcome *
outcome_steal_from_task (GTask *task)
{
  Outcome *outcome = g_task_propagate_pointer (task, NULL);

  g_assert (outcome != NULL);
  return outcome;
}

static GPtrArray *
outcome_to_return (Outcome     *outcome,
                   GPtrArray  **out_errors,
                   GPtrArray  **out_partial,
                   GError     **error)
{
  GPtrArray *ret = NULL;

  if (out_errors != NULL)
    *out_errors = g_steal_pointer (&outcome->errors);
  if (out_partial != NULL)
    *out_partial = NULL;

  if (outcome->error != NULL)
    {
      if (out_partial != NULL)
        *out_partial = g_steal_pointer (&outcome->results);
      g_propagate_error (error, g_steal_pointer (&outcome->error));
    }
  else
    ret = g_steal_pointer (&outcome->results);

  outcome_free (outcome);
  return ret;
}

void
fw_pool_process_async (FwPool              *self,
                       GPtrArray           *items,
                       FwPoolFunc           func,
                       gpointer             func_data,
                       GDestroyNotify       func_data_destroy,
                       GDestroyNotify       result_destroy,
                       FwPoolErrorPolicy    policy,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  FwCall *call;
  GTask *task;

  g_return_if_fail (FW_IS_POOL (self));
  g_return_if_fail (items != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* No source object: a pending call must not keep the pool alive, since
   * disposing a busy pool is how its calls get cancelled. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_pool_process_async);
  g_task_set_check_cancellable (task, FALSE);

  call = array_call_new (self, items, func, func_data, func_data_destroy,
                         result_destroy, policy, cancellable);
  call->task = task;   /* the call's until it completes it */
  array_call_run (call);
  call_unref (call);
}

GPtrArray *
fw_pool_process_finish (FwPool        *self,
                        GAsyncResult  *result,
                        GPtrArray    **out_errors,
                        GPtrArray    **out_partial,
                        GError       **error)
{
  g_return_val_if_fail (FW_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fw_pool_process_async, NULL);

  return outcome_to_return (outcome_steal_from_task (G_TASK (result)), out_errors, out_partial, error);
}

GPtrArray *
fw_pool_process (FwPool             *self,
                 GPtrArray          *items,
                 FwPoolFunc          func,
                 gpointer            func_data,
                 GDestroyNotify      func_data_destroy,
                 GDestroyNotify      result_destroy,
                 FwPoolErrorPolicy   policy,
                 GCancellable       *cancellable,
                 GPtrArray         **out_errors,
                 GPtrArray         **out_partial,
                 GError            **error)
{
  FwCall *call;
  Outcome *outcome;

  g_return_val_if_fail (FW_IS_POOL (self), NULL);
  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (self), NULL);

  call = array_call_new (self, items, func, func_data, func_data_destroy,
                         result_destroy, policy, cancellable);
  array_call_run (call);

  g_mutex_lock (&self->core->mutex);
  while (!call->sync_done)
    g_cond_wait (&call->sync_cond, &self->core->mutex);
  g_mutex_unlock (&self->core->mutex);

  outcome = g_steal_pointer (&call->outcome);
  call_unref (call);
  return outcome_to_return (outcome, out_errors, out_partial, error);
}

/* ------------------------------------------------------------------ */
/* Keyed calls: an ordered call over the values, keys kept aside.        */

typedef struct {
  GPtrArray      *keys;
  GHashFunc       key_hash;
  GEqualFunc      key_equal;
  GBoxedCopyFunc  key_copy;
  GDestroyNotify  key_free;
  GDestroyNotify  result_destroy;
} MapData;

static void
map_data_free (MapData *map)
{
  g_ptr_array_unref (map->keys);
  g_free (map);
}

static void
map_task_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *map = g_task_get_task_data (task);
  Outcome *outcome = outcome_steal_from_task (G_TASK (result));
  GHashTable *tables[3];   /* results, errors, partial */

  tables[0] = g_hash_table_new_full (map->key_hash, map->key_equal, map->key_free, map->result_destroy);
  tables[1] = g_hash_table_new_full (map->key_hash, map->key_equal, map->key_free, (GDestroyNotify) g_error_free);
  for (guint i = 0; i < map->keys->len; i++)
    {
      gpointer key = map->keys->pdata[i];
      GError *item_error = g_steal_pointer (&outcome->errors->pdata[i]);
      gpointer res = g_steal_pointer (&outcome->results->pdata[i]);

      if (item_error != NULL)
        g_hash_table_insert (tables[1], map->key_copy (key), item_error);
      else
        g_hash_table_insert (tables[0], map->key_copy (key), res);
    }
  g_object_set_data_full (G_OBJECT (task), "fw-map-errors", tables[1], (GDestroyNotify) g_hash_table_unref);
  if (outcome->error != NULL)
    {
      g_object_set_data_full (G_OBJECT (task), "fw-map-partial", tables[0], (GDestroyNotify) g_hash_table_unref);
      g_task_return_error (task, g_steal_pointer (&outcome->error));
    }
  else
    g_task_return_pointer (task, tables[0], (GDestroyNotify) g_hash_table_unref);
  outcome_free (outcome);
}

void
fw_pool_process_map_async (FwPool              *self,
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
                           gpointer             user_data)
{
  GTask *task;
  MapData *map;
  g_autoptr(GPtrArray) values = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (FW_IS_POOL (self));
  g_return_if_fail (items != NULL);
  g_return_if_fail (key_hash != NULL && key_equal != NULL && key_copy != NULL);
  g_return_if_fail (func != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_pool_process_map_async);
  g_task_set_check_cancellable (task, FALSE);

  map = g_new0 (MapData, 1);
  map->keys = g_ptr_array_new_full (g_hash_table_size (items), key_free);
  map->key_hash = key_hash;
  map->key_equal = key_equal;
  map->key_copy = key_copy;
  map->key_free = key_free;
  map->result_destroy = result_destroy;
  values = g_ptr_array_sized_new (g_hash_table_size (items));
  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (map->keys, key_copy (key));
      g_ptr_array_add (values, value);
    }
  g_task_set_task_data (task, map, (GDestroyNotify) map_data_free);

  fw_pool_process_async (self, values, func, func_data, func_data_destroy, result_destroy,
                         policy, cancellable, map_task_done, task);
}

GHashTable *
fw_pool_process_map_finish (FwPool        *self,
                            GAsyncResult  *result,
                            GHashTable   **out_errors,
                            GHashTable   **out_partial,
                            GError       **error)
{
  GHashTable *table;

  g_return_val_if_fail (FW_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fw_pool_process_map_async, NULL);

  if (out_errors != NULL)
    *out_errors = g_hash_table_ref (g_object_get_data (G_OBJECT (result), "fw-map-errors"));
  table = g_task_propagate_pointer (G_TASK (result), error);
  if (out_partial != NULL)
    {
      GHashTable *partial = g_object_get_data (G_OBJECT (result), "fw-map-partial");
      *out_partial = partial ? g_hash_table_ref (partial) : NULL;
    }
  return table;
}

/* ------------------------------------------------------------------ */
/* Streams                                                              */

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

typedef struct {
  GSource  source;
  FwCall  *call;    /* borrowed: the call owns the source */
} StreamSource;

static void
stream_wake_source (FwCall *call)
{
  gint64 now, due;

  /* Under the mutex, so that the stream's dispose cannot destroy the
   * source in between. */
  g_mutex_lock (&call->core->mutex);
  if (call->source != NULL)
    {
      now = g_get_monotonic_time ();
      due = call->last_dispatch + (gint64) call->batch_interval_ms * 1000;
      g_source_set_ready_time (call->source, MAX (now, due));
    }
  g_mutex_unlock (&call->core->mutex);
}

static gboolean
stream_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  FwCall *call = ((StreamSource *) source)->call;
  FwPoolCore *core = call->core;
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
  if (call->finished && !call->done_delivered)
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

static void
fw_pool_stream_dispose (GObject *object)
{
  FwPoolStream *self = FW_POOL_STREAM (object);

  if (self->call != NULL)
    {
      FwCall *call = self->call;
      GSource *source;

      /* Dropping the last reference of an unfinished stream cancels it. */
      g_mutex_lock (&call->core->mutex);
      call->stream = NULL;
      source = g_steal_pointer (&call->source);
      g_mutex_unlock (&call->core->mutex);
      if (source != NULL)
        {
          g_source_destroy (source);
          g_source_unref (source);
        }
      call_cancel (call);
      call_unref (g_steal_pointer (&self->call));
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
   * most once per batch interval, never after #FwPoolStream::done.
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
   * Emitted once, last of the results, in the stream's main context.
   * On cancel it comes promptly, while items may still be running.
   */
  stream_signals[STREAM_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * FwPoolStream::stopped:
   * @stream: the stream
   *
   * Emitted once after #FwPoolStream::done, when no item of the stream is
   * running any more (at once after a normal end; after a cancel, when the
   * items that were running have returned). The window shows "Stopping…"
   * until then.
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
  FwCall *call;

  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (FW_TYPE_POOL_STREAM, NULL);
  self->pool = g_object_ref (pool);
  call = call_new (pool, CALL_STREAM, func, func_data, func_data_destroy,
                   result_destroy, policy, cancellable);
  call->item_destroy = item_destroy;
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
  call_start (call);
  return self;
}

static gboolean
stream_push (FwPoolStream *self,
             gpointer      item,
             gboolean      may_block)
{
  FwCall *call = self->call;
  FwPoolCore *core = call->core;
  gboolean inside = g_private_get (&current_core) == core;
  gboolean ok = FALSE;

  g_mutex_lock (&core->mutex);
  if (!inside)
    {
      while (may_block && !call->finished && !call->closed && call->pending.len >= core->capacity)
        {
          call->push_waiters++;
          g_cond_wait (&call->space_cond, &core->mutex);
          call->push_waiters--;
        }
    }
  /* After close, only the stream's own jobs may still push (a folder
   * scan pushes its subfolders); the stream cannot have finished while
   * one of them runs. */
  if (call->finished || core->disposed || (call->closed && !inside))
    goto out;
  if (!inside && call->pending.len >= core->capacity)
    goto out;

  ring_push (&call->pending, (StreamEntry) { call->next_seq++, item });
  call->counters.queued++;
  g_atomic_int_inc (&core->queued);
  call_enqueue_locked (call);
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
  FwCall *call;
  Deferred d = { 0 };

  g_return_if_fail (FW_IS_POOL_STREAM (self));

  call = self->call;
  g_mutex_lock (&call->core->mutex);
  if (!call->closed)
    {
      call->closed = TRUE;
      if (call->push_waiters > 0)
        g_cond_broadcast (&call->space_cond);
      if (!call->finished && call->pending.len == 0 && call->in_hand == 0)
        call_finish_locked (call, NULL, &d);
      call_check_released_locked (call, &d);
    }
  g_mutex_unlock (&call->core->mutex);
  deferred_run (&d);
}

FwPoolResult *
fw_pool_stream_pop (FwPoolStream  *self,
                    GError       **error)
{
  FwCall *call;
  FwPoolResult *result = NULL;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), NULL);
  g_return_val_if_fail (self->call->pull, NULL);

  call = self->call;
  g_mutex_lock (&call->core->mutex);
  while (call->out.length == 0 && !call->finished)
    {
      call->out_waiters++;
      g_cond_wait (&call->out_cond, &call->core->mutex);
      call->out_waiters--;
    }
  if (call->out.length > 0)
    result = g_queue_pop_head (&call->out);
  else if (call->done_error != NULL)
    g_propagate_error (error, g_error_copy (call->done_error));
  g_mutex_unlock (&call->core->mutex);
  return result;
}

guint
fw_pool_stream_pop_available (FwPoolStream *self,
                              GQueue       *into)
{
  FwCall *call;
  guint n;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), 0);
  g_return_val_if_fail (self->call->pull, 0);
  g_return_val_if_fail (into != NULL, 0);

  call = self->call;
  g_mutex_lock (&call->core->mutex);
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
  g_mutex_unlock (&call->core->mutex);
  return n;
}

void
fw_pool_stream_set_drained_func (FwPoolStream      *self,
                                 FwPoolDrainedFunc  func,
                                 gpointer           data,
                                 GDestroyNotify     destroy)
{
  FwCall *call;
  gboolean ok;

  g_return_if_fail (FW_IS_POOL_STREAM (self));
  g_return_if_fail (self->call->pull);
  g_return_if_fail (func != NULL);

  call = self->call;
  g_mutex_lock (&call->core->mutex);
  ok = call->next_seq == 0 && call->drained_func == NULL;
  if (ok)
    {
      call->drained_func = func;
      call->drained_data = data;
      call->drained_destroy = destroy;
    }
  g_mutex_unlock (&call->core->mutex);
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

  g_mutex_lock (&self->call->core->mutex);
  self->call->batch_interval_ms = interval_ms;
  g_mutex_unlock (&self->call->core->mutex);
}

gboolean
fw_pool_stream_is_done (FwPoolStream *self)
{
  gboolean done;

  g_return_val_if_fail (FW_IS_POOL_STREAM (self), FALSE);

  g_mutex_lock (&self->call->core->mutex);
  done = self->call->pull ? (self->call->finished && self->call->out.length == 0)
                          : self->call->done_delivered;
  g_mutex_unlock (&self->call->core->mutex);
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

  return self->call->cancellable;
}

void
fw_pool_stream_cancel (FwPoolStream *self)
{
  g_return_if_fail (FW_IS_POOL_STREAM (self));

  call_cancel (self->call);
}

void
fw_pool_stream_get_counters (FwPoolStream   *self,
                             FwPoolCounters *counters)
{
  g_return_if_fail (FW_IS_POOL_STREAM (self));
  g_return_if_fail (counters != NULL);

  g_mutex_lock (&self->call->core->mutex);
  *counters = self->call->counters;
  g_mutex_unlock (&self->call->core->mutex);
}

/* ------------------------------------------------------------------ */
/* Groups                                                               */

FwPoolGroup *
fw_pool_group_new (FwPool *pool)
{
  FwPoolGroup *group;

  g_return_val_if_fail (FW_IS_POOL (pool), NULL);

  group = g_new0 (FwPoolGroup, 1);
  group->core = core_ref (pool->core);
  group->link.data = group;
  g_cond_init (&group->cond);
  return group;
}

void
fw_pool_group_add (FwPoolGroup    *group,
                   FwPoolTaskFunc  func,
                   gpointer        data)
{
  FwPoolCore *core;
  GroupTask *task;

  g_return_if_fail (group != NULL);
  g_return_if_fail (func != NULL);

  core = group->core;
  task = g_new (GroupTask, 1);
  task->func = func;
  task->data = data;
  task->group = group;

  g_mutex_lock (&core->mutex);
  if (group->unstarted.length == 0)
    g_queue_push_tail_link (&core->groups, &group->link);
  g_queue_push_tail (&group->unstarted, task);
  group->unfinished++;
  core_spawn_runners_locked (core);
  g_mutex_unlock (&core->mutex);
}

void
fw_pool_group_wait (FwPoolGroup *group)
{
  FwPoolCore *core;

  g_return_if_fail (group != NULL);

  core = group->core;
  g_mutex_lock (&core->mutex);
  /* Run what no worker has started, here. */
  while (group->unstarted.length > 0)
    {
      GroupTask *task = g_queue_pop_head (&group->unstarted);

      if (group->unstarted.length == 0)
        g_queue_unlink (&core->groups, &group->link);
      g_mutex_unlock (&core->mutex);
      task->func (task->data);
      g_free (task);
      g_mutex_lock (&core->mutex);
      group->unfinished--;
    }
  /* Then wait for the ones running on other workers; they wait on nothing. */
  while (group->unfinished > 0)
    g_cond_wait (&group->cond, &core->mutex);
  g_mutex_unlock (&core->mutex);
}

void
fw_pool_group_free (FwPoolGroup *group)
{
  if (group == NULL)
    return;
  fw_pool_group_wait (group);
  g_cond_clear (&group->cond);
  core_unref (group->core);
  g_free (group);
}
