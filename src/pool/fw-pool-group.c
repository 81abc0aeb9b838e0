/* fw-pool-group.c — FwPoolGroup: fork and join inside a job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group's tasks wait in the group; a group with unstarted tasks waits in
 * the core's queue of groups, which runners serve before any call
 * (fw-pool-runner.c). fw_pool_group_wait() runs the tasks no runner has
 * taken in the waiting thread itself, so that a job never waits on work
 * queued behind it.
 */
#include "config.h"

#include "fw-pool-private.h"

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

guint
fw_pool_group_count_unstarted_locked (FwPoolCore *core,
                                      guint       limit)
{
  guint n = 0;

  for (GList *l = core->groups.head; l && n < limit; l = l->next)
    n += ((FwPoolGroup *) l->data)->unstarted.length;
  return n;
}

void
fw_pool_group_run_one_locked (FwPoolCore *core)
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

FwPoolGroup *
fw_pool_group_new (FwPool *pool)
{
  FwPoolGroup *group;

  g_return_val_if_fail (FW_IS_POOL (pool), NULL);

  group = g_new0 (FwPoolGroup, 1);
  group->core = fw_pool_core_ref (fw_pool_get_core (pool));
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
  fw_pool_core_spawn_runners_locked (core);
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
  fw_pool_core_unref (group->core);
  g_free (group);
}
