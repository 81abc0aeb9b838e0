/* fw-pool-core.c — the state a pool's units share, and the Deferred protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the pool works
 * ==================
 *
 * The pool keeps its own queue of *calls* (process, map and stream calls)
 * that have items waiting to start, and n-workers threads of its own
 * (plain GThreads, joined when the pool is disposed). The threads are
 * never given items: they are given *runner tokens*. A runner
 * takes a run of items from the call at the head of the queue (round robin
 * between calls), runs them, publishes their results under the core's one
 * mutex, and loops until there is no work, the pool is paused, or there are
 * more runners than workers (a live shrink). So one lock round-trip is paid
 * per run of items, not per item (fw-pool-runner.c).
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
 * the runner frees them itself (fw-pool-process.c). Streams append
 * published results to an output queue, drained either by
 * fw_pool_stream_pop() or by one GSource in the stream's main context that
 * dispatches them in batches, at most once per batch interval, and the end
 * at once (fw-pool-stream.c).
 *
 * Nothing is called back while the mutex is held: whatever must be
 * returned, signalled or freed is collected under the lock in a FwDeferred
 * and done after it (below).
 */
#include "config.h"

#include <string.h>

#include "fw-pool-private.h"

GPrivate fw_pool_current_core;

/* ------------------------------------------------------------------ */
/* Deferred                                                             */

void
fw_deferred_free_later (FwDeferred     *d,
                        gpointer        data,
                        GDestroyNotify  destroy)
{
  if (data == NULL || destroy == NULL)
    return;
  if (d->garbage == NULL)
    d->garbage = g_ptr_array_new ();
  g_ptr_array_add (d->garbage, data);
  g_ptr_array_add (d->garbage, (gpointer) destroy);
}

void
fw_deferred_run (FwDeferred *d)
{
  for (GSList *l = d->calls_to_cancel; l; l = l->next)
    {
      fw_call_cancel (l->data);
      fw_call_unref (l->data);
    }
  g_slist_free (d->calls_to_cancel);

  for (GSList *l = d->calls_to_notify; l; l = l->next)
    {
      FwCall *call = l->data;

      call->klass->notify (call);
      fw_call_unref (call);
    }
  g_slist_free (d->calls_to_notify);

  for (GSList *l = d->calls_to_release; l; l = l->next)
    {
      fw_call_release_data (l->data);
      fw_call_unref (l->data);
    }
  g_slist_free (d->calls_to_release);

  for (GSList *l = d->tasks_true; l; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_slist_free (d->tasks_true);

  if (d->garbage != NULL)
    {
      for (guint i = 0; i + 1 < d->garbage->len; i += 2)
        ((GDestroyNotify) d->garbage->pdata[i + 1]) (d->garbage->pdata[i]);
      g_ptr_array_unref (d->garbage);
    }

  memset (d, 0, sizeof *d);
}

/* ------------------------------------------------------------------ */
/* Core                                                                 */

FwPoolCore *
fw_pool_core_new (void)
{
  FwPoolCore *core = g_new0 (FwPoolCore, 1);

  g_atomic_ref_count_init (&core->ref);
  g_mutex_init (&core->mutex);
  g_cond_init (&core->pause_cond);
  g_cond_init (&core->work_cond);
  core->n_workers = g_get_num_processors ();
  core->capacity = FW_POOL_DEFAULT_CAPACITY;
  return core;
}

FwPoolCore *
fw_pool_core_ref (FwPoolCore *core)
{
  g_atomic_ref_count_inc (&core->ref);
  return core;
}

void
fw_pool_core_unref (FwPoolCore *core)
{
  if (g_atomic_ref_count_dec (&core->ref))
    {
      g_assert (core->threads == NULL);
      g_assert (core->calls.length == 0);
      g_mutex_clear (&core->mutex);
      g_cond_clear (&core->pause_cond);
      g_cond_clear (&core->work_cond);
      g_free (core);
    }
}

static gboolean
core_has_work_locked (FwPoolCore *core)
{
  return core->groups.length > 0 || (!core->paused && core->calls.length > 0);
}

void
fw_pool_core_spawn_runners_locked (FwPoolCore *core)
{
  guint wanted;
  guint work;

  if (core->threads == NULL || core->disposed || !core_has_work_locked (core))
    return;

  /* Enough runners for the work there is, no more. */
  work = fw_pool_group_count_unstarted_locked (core, core->n_workers);
  if (!core->paused)
    work += (guint) MIN ((guint) g_atomic_int_get (&core->queued), core->n_workers);
  /* Busy runners (in a long job, or a job waiting on its group) take
   * nothing new: the work needs runners beyond them. */
  wanted = MIN (core->n_workers, core->n_busy + work);

  while (core->n_runners < wanted)
    {
      core->n_runners++;
      fw_pool_runners_wake_locked (core);
    }
}

void
fw_pool_core_check_idle_locked (FwPoolCore *core,
                                FwDeferred *d)
{
  if (core->idle_waiters == NULL)
    return;
  /* Items in a runner's hand count as running until published. */
  if (g_atomic_int_get (&core->queued) != 0 || g_atomic_int_get (&core->running) != 0)
    return;
  d->tasks_true = g_slist_concat (d->tasks_true, core->idle_waiters);
  core->idle_waiters = NULL;
}
