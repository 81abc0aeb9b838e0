/* fw-pool.c — FwPool, the object: properties, pause, counters, wait idle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object is a thin handle on its FwPoolCore (fw-pool-core.c), which
 * its calls, streams, groups and worker threads share and keep alive; how
 * the pool works is told at the top of fw-pool-core.c.
 */
#include "config.h"

#include "fw-pool-private.h"

struct _FwPool
{
  GObject     parent_instance;
  FwPoolCore *core;
};

enum {
  PROP_0,
  PROP_N_WORKERS,
  PROP_QUEUE_CAPACITY,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FwPool, fw_pool, G_TYPE_OBJECT)

FwPoolCore *
fw_pool_get_core (FwPool *pool)
{
  return pool->core;
}

static void
fw_pool_dispose (GObject *object)
{
  FwPool *self = FW_POOL (object);
  FwPoolCore *core = self->core;
  GSList *calls;

  g_mutex_lock (&core->mutex);
  core->disposed = TRUE;
  g_cond_broadcast (&core->pause_cond);
  calls = g_slist_copy_deep (core->all_calls, (GCopyFunc) fw_call_ref, NULL);
  g_mutex_unlock (&core->mutex);

  /* Queued items are dropped, running ones see their cancellable. */
  for (GSList *l = calls; l; l = l->next)
    fw_call_cancel (l->data);
  g_slist_free_full (calls, (GDestroyNotify) fw_call_unref);

  fw_pool_runners_stop (core);

  G_OBJECT_CLASS (fw_pool_parent_class)->dispose (object);
}

static void
fw_pool_finalize (GObject *object)
{
  FwPool *self = FW_POOL (object);
  FwDeferred d = { 0 };

  g_mutex_lock (&self->core->mutex);
  fw_pool_core_check_idle_locked (self->core, &d);
  /* Whoever still waits for idle is told now: nothing will run again. */
  d.tasks_true = g_slist_concat (d.tasks_true, self->core->idle_waiters);
  self->core->idle_waiters = NULL;
  g_mutex_unlock (&self->core->mutex);
  fw_deferred_run (&d);

  fw_pool_core_unref (self->core);

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
  g_private_get (&fw_pool_current_core);

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
                       1, G_MAXINT, FW_POOL_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FwPool:paused:
   *
   * While %TRUE no item starts, and running items wait at their next
   * fw_pool_pause_point() (see fw_pool_pause()).
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_pool_init (FwPool *self)
{
  self->core = fw_pool_core_new ();
  fw_pool_runners_start (self->core);
}

/**
 * fw_pool_new:
 * @n_workers: how many items run at once; 0 for the number of processors
 *
 * Makes a pool with threads of its own. Make one and reuse it.
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
  if (changed)
    {
      fw_pool_runners_set_max (core, n_workers);
      fw_pool_core_spawn_runners_locked (core);
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
  for (GSList *l = self->core->all_calls; l; l = l->next)
    {
      FwCall *call = l->data;

      if (call->klass->capacity_changed != NULL)
        call->klass->capacity_changed (call);
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
  fw_pool_core_spawn_runners_locked (self->core);
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
  FwPoolCore *core = fw_pool_core_get_current ();
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
  counters->completed = __atomic_load_n (&core->completed, __ATOMIC_RELAXED);
  counters->failed = __atomic_load_n (&core->failed, __ATOMIC_RELAXED);
  counters->cancelled = __atomic_load_n (&core->cancelled, __ATOMIC_RELAXED);
  counters->held = (guint) MAX (0, g_atomic_int_get (&core->held));
}

gboolean
fw_pool_is_worker_thread (FwPool *self)
{
  g_return_val_if_fail (FW_IS_POOL (self), FALSE);

  return fw_pool_core_get_current () == self->core;
}

void
fw_pool_wait_idle_async (FwPool              *self,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FwDeferred d = { 0 };

  g_return_if_fail (FW_IS_POOL (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, fw_pool_wait_idle_async);

  g_mutex_lock (&self->core->mutex);
  self->core->idle_waiters = g_slist_prepend (self->core->idle_waiters, g_object_ref (task));
  fw_pool_core_check_idle_locked (self->core, &d);
  g_mutex_unlock (&self->core->mutex);
  fw_deferred_run (&d);
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

