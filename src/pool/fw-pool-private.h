/* fw-pool-private.h — what the pool's units share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool in units (each one concept):
 *
 *   fw-pool-core.c     FwPoolCore: the state every unit shares, its one
 *                      mutex, runner accounting, idle waiters, and the
 *                      Deferred protocol (work collected under the mutex,
 *                      done after it)
 *   fw-pool-runner.c   the worker threads and the runner loop: take a run
 *                      of items, run them, publish the run (the hot path,
 *                      kept in one unit so that it inlines)
 *   fw-pool-call.c     FwCall, the base of a call: refcount, cancel,
 *                      finish, release; per-kind behaviour in FwCallClass
 *   fw-pool-process.c  ordered calls (array in, array out), the array kind
 *   fw-pool-map.c      keyed calls: an ordered call over a hash table
 *   fw-pool-stream.c   FwPoolStream, the stream kind, its GSource
 *   fw-pool-group.c    FwPoolGroup: fork and join inside a job
 *   fw-pool.c          the FwPool object: properties, pause, counters,
 *                      wait idle, dispose
 *
 * Threads: the runner loop runs in the pool's own worker threads (and
 * nowhere else); a call's FwCallClass functions marked "locked" run with
 * core->mutex held, in whichever thread holds it; nothing is called back
 * while the mutex is held (see FwDeferred).
 */
#pragma once

#include "fw-pool.h"

G_BEGIN_DECLS

#define FW_POOL_DEFAULT_CAPACITY 256

typedef struct _FwPoolCore  FwPoolCore;
typedef struct _FwCall      FwCall;
typedef struct _FwCallClass FwCallClass;

/* ------------------------------------------------------------------ */
/* Deferred work: collected under the mutex, done after it             */

typedef struct {
  GSList    *tasks_true;        /* GTask* to return TRUE (idle waiters) */
  GSList    *calls_to_cancel;   /* FwCall* (ref) to cancel (fail fast) */
  GSList    *calls_to_notify;   /* FwCall* (ref): FwCallClass.notify after the lock */
  GSList    *calls_to_release;  /* FwCall* (the in-flight ref): func_data to release */
  GPtrArray *garbage;           /* data, destroy pairs */
} FwDeferred;

/* Queues @data to be freed with @destroy after the lock (nothing when
 * either is %NULL). */
void fw_deferred_free_later (FwDeferred     *d,
                             gpointer        data,
                             GDestroyNotify  destroy);
/* Does what was collected; call without the mutex. Leaves @d empty. */
void fw_deferred_run        (FwDeferred     *d);

/* ------------------------------------------------------------------ */
/* The core: what the pool object, its calls, streams and groups share  */

struct _FwPoolCore {
  gatomicrefcount  ref;
  GMutex           mutex;
  guint            n_workers;
  guint            capacity;
  gboolean         paused;        /* written under the mutex, atomically */
  GCond            pause_cond;    /* resumed or disposed: for fw_pool_pause_point() */
  gboolean         disposed;
  GPtrArray       *threads;       /* GThread*: the workers (fw-pool-runner.c); NULL once stopped */
  GCond            work_cond;     /* a runner token, or the disposal: for idle workers */
  guint            n_tokens;      /* runner tokens not yet taken by a worker */
  guint            n_runners;     /* runner tokens handed out and not yet returned */
  guint            n_busy;        /* runners executing an item run or a group task */
  GQueue           calls;         /* FwCall with unstarted items (round robin) */
  GQueue           groups;        /* FwPoolGroup with unstarted tasks */
  GSList          *idle_waiters;  /* GTask* */
  GSList          *all_calls;     /* every unfinished call, to cancel on dispose */

  /* Counters: written under the mutex, read atomically from anywhere:
   * g_atomic_int_* for the gints, the __atomic builtins (relaxed) for the
   * guint64s, since GLib has no 64-bit atomics. */
  gint             queued;
  gint             running;
  guint64          completed;
  guint64          failed;
  guint64          cancelled;
  gint             held;
};

/* The core whose worker this thread is (NULL outside the pool's threads). */
extern GPrivate fw_pool_current_core;

static inline FwPoolCore *
fw_pool_core_get_current (void)
{
  return g_private_get (&fw_pool_current_core);
}

FwPoolCore *fw_pool_core_new                (void);
FwPoolCore *fw_pool_core_ref                (FwPoolCore *core);
void        fw_pool_core_unref              (FwPoolCore *core);
/* Starts runners for the work there is, up to n-workers. Locked. */
void        fw_pool_core_spawn_runners_locked (FwPoolCore *core);
/* Hands the idle waiters to @d when nothing is queued or running. Locked. */
void        fw_pool_core_check_idle_locked  (FwPoolCore *core,
                                             FwDeferred *d);

/* The pool's FwPoolCore (fw-pool.c). */
FwPoolCore *fw_pool_get_core                (FwPool     *pool);

/* ------------------------------------------------------------------ */
/* Runners (fw-pool-runner.c)                                           */

/* The worker threads, the pool's own: started with the pool, more when
 * n-workers is raised (locked), ended and joined by fw_pool_runners_stop()
 * once the core is disposed. */
void fw_pool_runners_start       (FwPoolCore *core);
void fw_pool_runners_set_max     (FwPoolCore *core,
                                  guint       n_workers);
/* Ends the worker threads; waits for them unless called from one. */
void fw_pool_runners_stop        (FwPoolCore *core);
/* Hands out one runner token. Locked. */
void fw_pool_runners_wake_locked (FwPoolCore *core);

/* ------------------------------------------------------------------ */
/* Groups (fw-pool-group.c)                                             */

/* How many unstarted group tasks there are, up to @limit. Locked. */
guint fw_pool_group_count_unstarted_locked (FwPoolCore *core,
                                            guint       limit);
/* Runs the next unstarted task of the first group, unlocking around it.
 * Called by a runner with the mutex held, returns with it held. */
void  fw_pool_group_run_one_locked         (FwPoolCore *core);

/* ------------------------------------------------------------------ */
/* Calls (fw-pool-call.c)                                               */

/* One item in a runner's hand. */
typedef struct {
  guint    index;   /* slot (array calls) */
  guint64  seq;     /* push order (streams) */
  gpointer item;
  gpointer result;
  GError  *error;
} FwRunItem;

/* What differs between the kinds of call (array calls, streams). Every
 * function gets the call as its base; "locked" ones run under the core's
 * mutex and must not call out. */
struct _FwCallClass {
  const char *name;
  gsize       instance_size;
  /* The last reference is gone: free the kind's own fields. */
  void      (*finalize)         (FwCall     *call);
  /* How many items wait to start. Locked. */
  guint     (*n_unstarted)      (FwCall     *call);
  /* Moves the next @n unstarted items into @run (item, index or seq).
   * Locked. */
  void      (*take)             (FwCall     *call,
                                 FwRunItem  *run,
                                 guint       n);
  /* Drops every unstarted item; returns how many. Locked. */
  guint     (*drop_queued)      (FwCall     *call,
                                 FwDeferred *d);
  /* Stores a run's results and errors (stealing them from @run), or
   * throws them away once the call is finished. Locked. */
  void      (*store)            (FwCall     *call,
                                 FwRunItem  *run,
                                 guint       n,
                                 FwDeferred *d);
  /* TRUE when every item has settled and no more can come. Locked. */
  gboolean  (*is_complete)      (FwCall     *call);
  /* The outcome is decided: @error (transfer full, nullable) or success.
   * Locked. */
  void      (*finish)           (FwCall     *call,
                                 GError     *error,
                                 FwDeferred *d);
  /* Finished, and nothing of the call runs any more. Locked. (optional) */
  void      (*released)         (FwCall     *call,
                                 FwDeferred *d);
  /* After the lock, once func_data_destroy has run: the call's data is
   * gone. Called by the thread that released it. (optional) */
  void      (*data_released)    (FwCall     *call);
  /* The pool's queue capacity changed. Locked. (optional) */
  void      (*capacity_changed) (FwCall     *call);
  /* After the lock, for what was queued on d->calls_to_notify: deliver
   * an outcome, wake a consumer. Any thread. */
  void      (*notify)           (FwCall     *call);
};

/* The base of every call. A kind's struct starts with it. */
struct _FwCall {
  const FwCallClass *klass;
  gatomicrefcount    ref;
  FwPoolCore        *core;
  FwPoolErrorPolicy  policy;

  FwPoolFunc         func;
  gpointer           func_data;
  GDestroyNotify     func_data_destroy;
  GDestroyNotify     result_destroy;
  /* Frees an item the call owns (streams); NULL when items stay the
   * caller's (array calls). */
  GDestroyNotify     item_destroy;

  /* The jobs' cancellable: cancelled by the caller's cancellable, by a
   * fail-fast error, or by the pool's disposal. */
  GCancellable      *cancellable;
  GCancellable      *user_cancellable;
  gulong             user_cancel_id;

  /* Under core->mutex */
  GList              link;          /* in core->calls while it has unstarted items */
  gboolean           queued_in_core;
  guint              in_hand;       /* items taken by runners, not yet published */
  gboolean           cancelled;     /* also read without the lock: __atomic, release/acquire */
  gboolean           finished;      /* the outcome is decided; no more results taken */
  gboolean           released;      /* func_data released (finished and in_hand == 0) */
  GError            *first_error;
  gint64             ns_per_item;   /* estimate, for the run length; -1 at first */
  FwPoolCounters     counters;
};

FwCall  *fw_call_new                 (const FwCallClass *klass,
                                      FwPool            *pool,
                                      FwPoolFunc         func,
                                      gpointer           func_data,
                                      GDestroyNotify     func_data_destroy,
                                      GDestroyNotify     result_destroy,
                                      FwPoolErrorPolicy  policy,
                                      GCancellable      *user_cancellable);
FwCall  *fw_call_ref                 (FwCall     *call);
void     fw_call_unref               (FwCall     *call);
/* Connects the caller's cancellable and registers the call with the
 * core. Before any item is queued; without the mutex. */
void     fw_call_start               (FwCall     *call);
/* Cancels the call (idempotent). Any thread, never with the mutex held. */
void     fw_call_cancel              (FwCall     *call);
/* The outcome is decided now. Locked. */
void     fw_call_finish_locked       (FwCall     *call,
                                      GError     *error,
                                      FwDeferred *d);
/* Once finished and nothing of it runs: releases func_data. Locked. */
void     fw_call_check_released_locked (FwCall   *call,
                                        FwDeferred *d);
/* Disconnects the caller's cancellable and releases func_data: what
 * calls_to_release does after the lock. Any thread. */
void     fw_call_release_data        (FwCall     *call);
/* Puts the call in the core's queue (if it has unstarted items and is
 * not there yet) and starts runners for it. Locked. */
void     fw_call_enqueue_locked      (FwCall     *call);

/* Queues @call (taking a reference) for FwCallClass.notify after the lock. */
static inline void
fw_deferred_notify (FwDeferred *d,
                    FwCall     *call)
{
  d->calls_to_notify = g_slist_prepend (d->calls_to_notify, fw_call_ref (call));
}

/* ------------------------------------------------------------------ */
/* Ordered calls' outcome, shared with keyed calls (fw-pool-process.c) */

typedef struct {
  GPtrArray *results;
  GPtrArray *errors;
  GError    *error;
} FwPoolOutcome;

void           fw_pool_outcome_free      (FwPoolOutcome *outcome);
/* The outcome an ordered call's GTask returned (transfer full). */
FwPoolOutcome *fw_pool_outcome_from_task (GTask         *task);

G_END_DECLS
