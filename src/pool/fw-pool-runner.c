/* fw-pool-runner.c — the pool's worker threads and the runner loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hot path: a runner takes a run of items from the call at the head
 * of the core's queue, runs them without the lock, and publishes the run
 * under it. Kept in one unit so that the loop and the publishing inline
 * into each other; what differs between kinds of call is one indirect call
 * per run (FwCallClass.take and .store), never one per item.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "fw-pool-private.h"

#define RUN_TARGET_NS   (50 * 1000)
#define MAX_RUN         256

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Publishes a run: counts its outcomes, stores its results in the call,
 * and finishes the call if that was its last item or a fail-fast error.
 * Called with the mutex held. */
static void
publish_run_locked (FwCall     *call,
                    FwRunItem  *run,
                    guint       n,
                    FwDeferred *d)
{
  FwPoolCore *core = call->core;
  guint n_done = 0, n_failed = 0, n_cancelled = 0;
  gboolean fail = FALSE;

  for (guint i = 0; i < n; i++)
    {
      FwRunItem *r = &run[i];

      if (r->error == NULL)
        n_done++;
      else if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        n_cancelled++;
      else
        {
          n_failed++;
          if (call->policy == FW_POOL_FAIL_FAST && !call->finished && call->first_error == NULL)
            {
              call->first_error = g_error_copy (r->error);
              fail = TRUE;
            }
        }
    }

  __atomic_fetch_add (&core->completed, n_done, __ATOMIC_RELAXED);
  __atomic_fetch_add (&core->failed, n_failed, __ATOMIC_RELAXED);
  __atomic_fetch_add (&core->cancelled, n_cancelled, __ATOMIC_RELAXED);
  call->counters.completed += n_done;
  call->counters.failed += n_failed;
  call->counters.cancelled += n_cancelled;
  call->counters.running -= 1;
  call->in_hand -= n;

  call->klass->store (call, run, n, d);

  if (fail)
    d->calls_to_cancel = g_slist_prepend (d->calls_to_cancel, fw_call_ref (call));
  else if (!call->finished && call->klass->is_complete (call))
    fw_call_finish_locked (call, NULL, d);   /* a natural end */

  fw_call_check_released_locked (call, d);
}

/* One runner token's work: runs runs of items (and group tasks) until
 * there is nothing to start, the pool is paused or disposed, or there are
 * more runners than workers. Called with the mutex held, returns with it
 * held, the token given back. */
static void
runner_run_locked (FwPoolCore *core)
{
  FwRunItem run[MAX_RUN];
  FwDeferred d = { 0 };

  for (;;)
    {
      FwCall *call;
      guint n, unstarted;
      gint64 t0, elapsed;   /* ns */

      if (core->n_runners > core->n_workers || core->disposed)
        break;

      if (core->groups.length > 0)
        {
          fw_pool_group_run_one_locked (core);
          continue;
        }

      if (core->paused || core->calls.length == 0)
        break;

      call = g_queue_peek_head (&core->calls);
      unstarted = call->klass->n_unstarted (call);
      g_assert (unstarted > 0);

      /* How many to take: about RUN_TARGET_NS of work, a fair share at most.
       * The first run of a call is one item, to measure. */
      if (call->ns_per_item < 0)
        n = 1;
      else
        n = (guint) CLAMP (RUN_TARGET_NS / MAX (call->ns_per_item, 1), 1, MAX_RUN);
      n = MIN (n, MAX (1, unstarted / (2 * core->n_workers)));
      n = MIN (n, unstarted);

      call->klass->take (call, run, n);

      /* Round robin between calls. */
      g_queue_unlink (&core->calls, &call->link);
      if (n < unstarted)
        g_queue_push_tail_link (&core->calls, &call->link);
      else
        call->queued_in_core = FALSE;

      fw_call_ref (call);
      call->in_hand += n;
      call->counters.queued -= n;
      call->counters.running += 1;
      g_atomic_int_add (&core->queued, -(gint) n);
      g_atomic_int_inc (&core->running);
      core->n_busy++;
      /* More runners may be wanted if work remains. */
      fw_pool_core_spawn_runners_locked (core);
      g_mutex_unlock (&core->mutex);

      t0 = now_ns ();
      for (guint i = 0; i < n; i++)
        {
          FwRunItem *r = &run[i];

          r->result = NULL;
          r->error = NULL;
          if (__atomic_load_n (&call->cancelled, __ATOMIC_ACQUIRE))
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
      if (__atomic_load_n (&call->cancelled, __ATOMIC_ACQUIRE))
        for (guint i = 0; i < n; i++)
          {
            if (run[i].result != NULL && call->result_destroy != NULL)
              call->result_destroy (run[i].result);
            run[i].result = NULL;
            if (run[i].item != NULL && call->item_destroy != NULL)
              call->item_destroy (run[i].item);
            run[i].item = NULL;
          }

      g_mutex_lock (&core->mutex);
      call->ns_per_item = elapsed / n;
      core->n_busy--;
      g_atomic_int_dec_and_test (&core->running);
      publish_run_locked (call, run, n, &d);
      fw_pool_core_check_idle_locked (core, &d);
      g_mutex_unlock (&core->mutex);
      fw_deferred_run (&d);
      fw_call_unref (call);
      g_mutex_lock (&core->mutex);
    }

  core->n_runners--;
  fw_pool_core_check_idle_locked (core, &d);
  if (d.tasks_true != NULL)
    {
      g_mutex_unlock (&core->mutex);
      fw_deferred_run (&d);
      g_mutex_lock (&core->mutex);
    }
}

/* ------------------------------------------------------------------ */
/* Threads                                                              */

/* A worker: the pool's own thread, from the pool's making (or a raise of
 * n-workers) to its disposal, which joins it. It waits for a runner token
 * and runs it. */
static gpointer
worker_thread (gpointer data)
{
  FwPoolCore *core = data;   /* the thread's own reference */

  g_private_set (&fw_pool_current_core, core);
  g_mutex_lock (&core->mutex);
  for (;;)
    {
      while (core->n_tokens == 0 && !core->disposed)
        g_cond_wait (&core->work_cond, &core->mutex);
      if (core->disposed)
        break;
      core->n_tokens--;
      runner_run_locked (core);
    }
  g_mutex_unlock (&core->mutex);
  g_private_set (&fw_pool_current_core, NULL);
  fw_pool_core_unref (core);
  return NULL;
}

/* Starts workers up to @n. Locked. */
static void
start_workers_locked (FwPoolCore *core,
                      guint       n)
{
  while (core->threads->len < n)
    g_ptr_array_add (core->threads,
                     g_thread_new ("fw-pool-worker", worker_thread, fw_pool_core_ref (core)));
}

void
fw_pool_runners_start (FwPoolCore *core)
{
  g_mutex_lock (&core->mutex);
  core->threads = g_ptr_array_new ();
  start_workers_locked (core, core->n_workers);
  g_mutex_unlock (&core->mutex);
}

void
fw_pool_runners_set_max (FwPoolCore *core,
                         guint       n_workers)
{
  /* A raise starts workers at once; after a lower, the surplus workers
   * finish their run and wait for tokens that stay within n-workers. */
  if (core->threads != NULL)
    start_workers_locked (core, n_workers);
}

void
fw_pool_runners_wake_locked (FwPoolCore *core)
{
  core->n_tokens++;
  g_cond_signal (&core->work_cond);
}

void
fw_pool_runners_stop (FwPoolCore *core)
{
  gboolean in_worker = fw_pool_core_get_current () == core;
  GPtrArray *threads;

  g_mutex_lock (&core->mutex);
  g_assert (core->disposed);
  threads = g_steal_pointer (&core->threads);
  g_cond_broadcast (&core->work_cond);
  g_mutex_unlock (&core->mutex);

  if (threads == NULL)
    return;
  /* Waits for what runs and for every worker to end, so that no thread
   * outlives the pool; unless this is one of the pool's own threads,
   * which cannot wait for itself: the workers are then left to end on
   * their own. */
  for (guint i = 0; i < threads->len; i++)
    {
      if (in_worker)
        g_thread_unref (threads->pdata[i]);
      else
        g_thread_join (threads->pdata[i]);
    }
  g_ptr_array_unref (threads);
}
