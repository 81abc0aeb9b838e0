/* fw-pool-process.c — ordered calls: an array of items in, results in input order out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The array kind of FwCall. Each item has a slot; a runner writes a run's
 * results into their slots under the mutex as it publishes the run. When
 * the outcome is decided (every slot settled, a cancel, a fail-fast
 * error), the slots become an FwPoolOutcome handed to the caller: through
 * the call's GTask (fw_pool_process_async()) or to the thread blocked in
 * fw_pool_process().
 */
#include "config.h"

#include "fw-pool-private.h"

typedef enum {
  SLOT_PENDING = 0,
  SLOT_DONE,
  SLOT_FAILED,
  SLOT_CANCELLED,
  SLOT_TAKEN,        /* handed to the caller at finish */
} SlotState;

typedef struct {
  FwCall          base;

  GPtrArray      *items;
  guint           n_items;
  guint           next;          /* the first item not started yet */
  gpointer       *results;
  GError        **errors;
  guint8         *state;         /* SlotState */
  guint           n_settled;
  GTask          *task;          /* process_async / map_async */
  FwPoolOutcome  *outcome;       /* decided, not yet delivered */
  GCond           sync_cond;     /* fw_pool_process(): under core->mutex */
  gboolean        sync_done;
} ArrayCall;

#define ARRAY_CALL(call) ((ArrayCall *) (call))

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

void
fw_pool_outcome_free (FwPoolOutcome *outcome)
{
  g_clear_pointer (&outcome->results, g_ptr_array_unref);
  g_clear_pointer (&outcome->errors, g_ptr_array_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

FwPoolOutcome *
fw_pool_outcome_from_task (GTask *task)
{
  FwPoolOutcome *outcome = g_task_propagate_pointer (task, NULL);

  g_assert (outcome != NULL);
  return outcome;
}

/* ------------------------------------------------------------------ */
/* The array kind                                                       */

static void
array_call_finalize (FwCall *call)
{
  ArrayCall *self = ARRAY_CALL (call);

  for (guint i = 0; i < self->n_items; i++)
    {
      if (self->state[i] == SLOT_DONE && call->result_destroy && self->results[i])
        call->result_destroy (self->results[i]);
      g_clear_error (&self->errors[i]);
    }
  g_free (self->results);
  g_free (self->errors);
  g_free (self->state);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_cond_clear (&self->sync_cond);
  g_clear_pointer (&self->outcome, fw_pool_outcome_free);
  g_clear_object (&self->task);
}

static guint
array_call_n_unstarted (FwCall *call)
{
  ArrayCall *self = ARRAY_CALL (call);

  return self->n_items - self->next;
}

static void
array_call_take (FwCall    *call,
                 FwRunItem *run,
                 guint      n)
{
  ArrayCall *self = ARRAY_CALL (call);

  for (guint i = 0; i < n; i++)
    {
      run[i].index = self->next++;
      run[i].item = self->items->pdata[run[i].index];
    }
}

static guint
array_call_drop_queued (FwCall     *call,
                        FwDeferred *d)
{
  ArrayCall *self = ARRAY_CALL (call);
  guint dropped = 0;

  for (; self->next < self->n_items; self->next++)
    {
      self->state[self->next] = SLOT_CANCELLED;
      self->n_settled++;
      dropped++;
    }
  return dropped;
}

static void
array_call_store (FwCall     *call,
                  FwRunItem  *run,
                  guint       n,
                  FwDeferred *d)
{
  ArrayCall *self = ARRAY_CALL (call);

  for (guint i = 0; i < n; i++)
    {
      FwRunItem *r = &run[i];

      if (call->finished)
        {
          /* Too late: the caller has its outcome already. */
          fw_deferred_free_later (d, r->result, call->result_destroy);
          g_clear_error (&r->error);
        }
      else
        {
          if (r->error == NULL)
            self->state[r->index] = SLOT_DONE;
          else if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            self->state[r->index] = SLOT_CANCELLED;
          else
            self->state[r->index] = SLOT_FAILED;
          self->results[r->index] = r->result;
          self->errors[r->index] = g_steal_pointer (&r->error);
        }
      self->n_settled++;
    }
}

static gboolean
array_call_is_complete (FwCall *call)
{
  ArrayCall *self = ARRAY_CALL (call);

  return self->n_settled == self->n_items;
}

/* The slots become the outcome; delivered after the lock (notify). */
static void
array_call_finish (FwCall     *call,
                   GError     *error,
                   FwDeferred *d)
{
  ArrayCall *self = ARRAY_CALL (call);
  FwPoolOutcome *outcome = g_new0 (FwPoolOutcome, 1);

  outcome->error = error;
  outcome->results = g_ptr_array_new_full (self->n_items, call->result_destroy);
  outcome->errors = g_ptr_array_new_full (self->n_items, error_free0);
  for (guint i = 0; i < self->n_items; i++)
    {
      GError *item_error = NULL;
      gpointer result = NULL;

      switch ((SlotState) self->state[i])
        {
        case SLOT_DONE:
          result = self->results[i];
          self->results[i] = NULL;
          self->state[i] = SLOT_TAKEN;
          break;
        case SLOT_FAILED:
          item_error = g_steal_pointer (&self->errors[i]);
          self->state[i] = SLOT_TAKEN;
          break;
        case SLOT_PENDING:
        case SLOT_CANCELLED:
        case SLOT_TAKEN:
        default:
          item_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            "The item did not finish");
          if (self->state[i] == SLOT_CANCELLED)
            self->state[i] = SLOT_TAKEN;
          break;
        }
      g_ptr_array_add (outcome->results, result);
      g_ptr_array_add (outcome->errors, item_error);
    }
  self->outcome = outcome;
  fw_deferred_notify (d, call);
}

/* Delivers the outcome (process/map, async or sync). After the lock. */
static void
array_call_notify (FwCall *call)
{
  ArrayCall *self = ARRAY_CALL (call);

  if (self->task != NULL)
    {
      GTask *task = g_steal_pointer (&self->task);

      g_task_return_pointer (task, g_steal_pointer (&self->outcome),
                             (GDestroyNotify) fw_pool_outcome_free);
      g_object_unref (task);
    }
  else
    {
      g_mutex_lock (&call->core->mutex);
      self->sync_done = TRUE;
      g_cond_broadcast (&self->sync_cond);
      g_mutex_unlock (&call->core->mutex);
    }
}

static const FwCallClass array_call_class = {
  .name = "array",
  .instance_size = sizeof (ArrayCall),
  .finalize = array_call_finalize,
  .n_unstarted = array_call_n_unstarted,
  .take = array_call_take,
  .drop_queued = array_call_drop_queued,
  .store = array_call_store,
  .is_complete = array_call_is_complete,
  .finish = array_call_finish,
  .notify = array_call_notify,
};

static ArrayCall *
array_call_new (FwPool            *self,
                GPtrArray         *items,
                FwPoolFunc         func,
                gpointer           func_data,
                GDestroyNotify     func_data_destroy,
                GDestroyNotify     result_destroy,
                FwPoolErrorPolicy  policy,
                GCancellable      *cancellable)
{
  ArrayCall *call = (ArrayCall *) fw_call_new (&array_call_class, self, func, func_data,
                                               func_data_destroy, result_destroy, policy,
                                               cancellable);

  call->items = g_ptr_array_ref (items);
  call->n_items = items->len;
  call->results = g_new0 (gpointer, MAX (1, items->len));
  call->errors = g_new0 (GError *, MAX (1, items->len));
  call->state = g_new0 (guint8, MAX (1, items->len));
  g_cond_init (&call->sync_cond);
  return call;
}

static void
array_call_run (ArrayCall *self)
{
  FwCall *call = &self->base;
  FwPoolCore *core = call->core;
  FwDeferred d = { 0 };

  fw_call_start (call);

  g_mutex_lock (&core->mutex);
  if (!call->finished)
    {
      if (self->n_items == 0)
        fw_call_finish_locked (call, NULL, &d);
      else
        fw_call_enqueue_locked (call);
    }
  fw_call_check_released_locked (call, &d);
  g_mutex_unlock (&core->mutex);
  fw_deferred_run (&d);
}

static GPtrArray *
outcome_to_return (FwPoolOutcome  *outcome,
                   GPtrArray     **out_errors,
                   GPtrArray     **out_partial,
                   GError        **error)
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

  fw_pool_outcome_free (outcome);
  return ret;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

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
  ArrayCall *call;
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
  fw_call_unref (&call->base);
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

  return outcome_to_return (fw_pool_outcome_from_task (G_TASK (result)),
                            out_errors, out_partial, error);
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
  ArrayCall *call;
  FwPoolCore *core;
  FwPoolOutcome *outcome;

  g_return_val_if_fail (FW_IS_POOL (self), NULL);
  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (self), NULL);

  call = array_call_new (self, items, func, func_data, func_data_destroy,
                         result_destroy, policy, cancellable);
  array_call_run (call);

  core = call->base.core;
  g_mutex_lock (&core->mutex);
  while (!call->sync_done)
    g_cond_wait (&call->sync_cond, &core->mutex);
  g_mutex_unlock (&core->mutex);

  outcome = g_steal_pointer (&call->outcome);
  fw_call_unref (&call->base);
  return outcome_to_return (outcome, out_errors, out_partial, error);
}
