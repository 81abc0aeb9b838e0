/* fw-pool-call.c — FwCall, the base of every call on a pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The life of a call, whatever its kind:
 *
 *   fw_call_new()     made by its kind (array call, stream)
 *   fw_call_start()   registered with the core, the caller's cancellable
 *                     connected; takes the in-flight reference
 *   …                 runners take, run and publish its items
 *   finish            the outcome is decided (every item settled, a
 *                     cancel, a fail-fast error): the kind delivers it
 *   release           finished and nothing of it runs: func_data is
 *                     released and the in-flight reference dropped
 *
 * What differs between the kinds is in their FwCallClass.
 */
#include "config.h"

#include "fw-pool-private.h"

FwCall *
fw_call_ref (FwCall *call)
{
  g_atomic_ref_count_inc (&call->ref);
  return call;
}

void
fw_call_unref (FwCall *call)
{
  if (!g_atomic_ref_count_dec (&call->ref))
    return;

  g_assert (call->released || call->func_data_destroy == NULL || call->func_data == NULL);

  call->klass->finalize (call);
  g_clear_error (&call->first_error);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->user_cancellable);
  fw_pool_core_unref (call->core);
  g_free (call);
}

/* Drops every queued item of @call. Called with the mutex held. */
static void
call_drop_queued_locked (FwCall     *call,
                         FwDeferred *d)
{
  FwPoolCore *core = call->core;
  guint dropped = call->klass->drop_queued (call, d);

  if (call->queued_in_core)
    {
      g_queue_unlink (&core->calls, &call->link);
      call->queued_in_core = FALSE;
    }

  g_atomic_int_add (&core->queued, -(gint) dropped);
  __atomic_fetch_add (&core->cancelled, dropped, __ATOMIC_RELAXED);
  call->counters.queued -= dropped;
  call->counters.cancelled += dropped;
}

void
fw_call_finish_locked (FwCall     *call,
                       GError     *error,   /* (transfer full) (nullable) */
                       FwDeferred *d)
{
  g_assert (!call->finished);

  call->finished = TRUE;
  call->core->all_calls = g_slist_remove (call->core->all_calls, call);
  /* Nothing is left to drop at a natural end. */
  call_drop_queued_locked (call, d);
  call->klass->finish (call, error, d);
}

void
fw_call_check_released_locked (FwCall     *call,
                               FwDeferred *d)
{
  if (!call->finished || call->in_hand > 0 || call->released)
    return;
  call->released = TRUE;
  /* Hands over the in-flight reference taken by fw_call_start(). */
  d->calls_to_release = g_slist_prepend (d->calls_to_release, call);
  if (call->klass->released != NULL)
    call->klass->released (call, d);
}

void
fw_call_release_data (FwCall *call)
{
  gulong id = call->user_cancel_id;

  /* Drops the connection to the caller's cancellable (and its
   * reference): safe from any thread, inside the handler too. */
  call->user_cancel_id = 0;
  if (id != 0)
    g_signal_handler_disconnect (call->user_cancellable, id);
  if (call->func_data_destroy != NULL)
    call->func_data_destroy (call->func_data);
  call->func_data = NULL;
  if (call->klass->data_released != NULL)
    call->klass->data_released (call);
}

/* Cancels @call: the jobs see its cancellable, queued items are dropped,
 * and the call finishes now (with the fail-fast error if that is why).
 * Idempotent; callable from any thread, never with the mutex held. */
void
fw_call_cancel (FwCall *call)
{
  FwPoolCore *core = call->core;
  FwDeferred d = { 0 };

  g_cancellable_cancel (call->cancellable);

  g_mutex_lock (&core->mutex);
  __atomic_store_n (&call->cancelled, TRUE, __ATOMIC_RELEASE);
  if (!call->finished)
    {
      GError *error = call->first_error
        ? g_error_copy (call->first_error)
        : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      fw_call_finish_locked (call, error, &d);
    }
  fw_call_check_released_locked (call, &d);
  fw_pool_core_check_idle_locked (core, &d);
  g_mutex_unlock (&core->mutex);
  fw_deferred_run (&d);
}

static void
call_user_cancelled_cb (GCancellable *user_cancellable,
                        gpointer      data)
{
  /* Runs in the thread that cancelled. The connection holds a reference. */
  fw_call_cancel (data);
}

static void
call_closure_unref (gpointer  data,
                    GClosure *closure)
{
  fw_call_unref (data);
}

FwCall *
fw_call_new (const FwCallClass *klass,
             FwPool            *pool,
             FwPoolFunc         func,
             gpointer           func_data,
             GDestroyNotify     func_data_destroy,
             GDestroyNotify     result_destroy,
             FwPoolErrorPolicy  policy,
             GCancellable      *user_cancellable)
{
  FwCall *call;

  g_assert (klass->instance_size >= sizeof (FwCall));

  call = g_malloc0 (klass->instance_size);
  call->klass = klass;
  g_atomic_ref_count_init (&call->ref);
  call->core = fw_pool_core_ref (fw_pool_get_core (pool));
  call->func = func;
  call->func_data = func_data;
  call->func_data_destroy = func_data_destroy;
  call->result_destroy = result_destroy;
  call->policy = policy;
  call->link.data = call;
  call->cancellable = g_cancellable_new ();
  call->ns_per_item = -1;
  if (user_cancellable != NULL)
    call->user_cancellable = g_object_ref (user_cancellable);
  return call;
}

void
fw_call_start (FwCall *call)
{
  FwPoolCore *core = call->core;
  gboolean disposed;
  guint queued;

  /* The in-flight reference: the call lives until it is finished and
   * nothing of it runs (see fw_call_check_released_locked). */
  fw_call_ref (call);

  g_mutex_lock (&core->mutex);
  disposed = core->disposed;
  if (!disposed)
    core->all_calls = g_slist_prepend (core->all_calls, call);
  /* An array call's items are all queued from the start. */
  queued = call->klass->n_unstarted (call);
  g_atomic_int_add (&core->queued, (gint) queued);
  call->counters.queued += queued;
  g_mutex_unlock (&core->mutex);

  /* A plain signal connection, not g_cancellable_connect(): that one's
   * disconnect cannot be called from inside the handler, and the call may
   * well be released from inside it. GSignal keeps the data alive while a
   * handler runs; the connection holds a reference until disconnected. */
  if (call->user_cancellable != NULL)
    {
      call->user_cancel_id = g_signal_connect_data (call->user_cancellable, "cancelled",
                                                    G_CALLBACK (call_user_cancelled_cb),
                                                    fw_call_ref (call), call_closure_unref, 0);
      if (g_cancellable_is_cancelled (call->user_cancellable))
        fw_call_cancel (call);
    }
  if (disposed)
    fw_call_cancel (call);
}

void
fw_call_enqueue_locked (FwCall *call)
{
  FwPoolCore *core = call->core;

  if (!call->queued_in_core && !call->finished)
    {
      g_queue_push_tail_link (&core->calls, &call->link);
      call->queued_in_core = TRUE;
    }
  fw_pool_core_spawn_runners_locked (core);
}
