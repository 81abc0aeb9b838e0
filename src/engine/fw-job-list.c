/* fw-job-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-job-list.h"

struct _FwJobList
{
  GObject    parent_instance;
  GPtrArray *jobs;   /* FwJob, owned */
};

static void fw_job_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FwJobList, fw_job_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fw_job_list_model_init))

static GType
fw_job_list_get_item_type (GListModel *model)
{
  return FW_TYPE_JOB;
}

static guint
fw_job_list_get_n_items (GListModel *model)
{
  return FW_JOB_LIST (model)->jobs->len;
}

static gpointer
fw_job_list_get_item (GListModel *model,
                      guint       position)
{
  FwJobList *self = FW_JOB_LIST (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
fw_job_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fw_job_list_get_item_type;
  iface->get_n_items = fw_job_list_get_n_items;
  iface->get_item = fw_job_list_get_item;
}

static void
fw_job_list_finalize (GObject *object)
{
  FwJobList *self = FW_JOB_LIST (object);

  g_ptr_array_unref (self->jobs);

  G_OBJECT_CLASS (fw_job_list_parent_class)->finalize (object);
}

static void
fw_job_list_class_init (FwJobListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_job_list_finalize;
}

static void
fw_job_list_init (FwJobList *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
}

FwJobList *
fw_job_list_new (void)
{
  return g_object_new (FW_TYPE_JOB_LIST, NULL);
}

void
fw_job_list_remove (FwJobList *self,
                    guint      position)
{
  g_return_if_fail (FW_IS_JOB_LIST (self));
  g_return_if_fail (position < self->jobs->len);

  g_ptr_array_remove_index (self->jobs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
fw_job_list_append_take (FwJobList *self,
                         GPtrArray *jobs,
                         guint      n)
{
  guint position;

  g_return_if_fail (FW_IS_JOB_LIST (self));
  g_return_if_fail (jobs != NULL && n <= jobs->len);

  if (n == 0)
    return;
  position = self->jobs->len;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->jobs, jobs->pdata[i]);
  memmove (jobs->pdata, jobs->pdata + n, (jobs->len - n) * sizeof (gpointer));
  jobs->len -= n;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
}

void
fw_job_list_filter (FwJobList  *self,
                    gboolean  (*keep) (FwJob *job, gpointer data),
                    gpointer    data)
{
  guint first = G_MAXUINT, last = 0, kept = 0, n;

  g_return_if_fail (FW_IS_JOB_LIST (self));
  g_return_if_fail (keep != NULL);

  n = self->jobs->len;
  for (guint i = 0; i < n; i++)
    {
      FwJob *job = g_ptr_array_index (self->jobs, i);

      if (keep (job, data))
        self->jobs->pdata[kept++] = job;
      else
        {
          first = MIN (first, i);
          last = i;
          g_object_unref (job);
        }
    }
  if (first == G_MAXUINT)
    return;
  self->jobs->len = kept;
  /* Between the first and the last removed: (last - first + 1) items were
   * there, of which all but the removed ones are now. */
  g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1,
                              (last - first + 1) - (n - kept));
}

gboolean
fw_job_list_find (FwJobList *self,
                  FwJob     *job,
                  guint     *position)
{
  g_return_val_if_fail (FW_IS_JOB_LIST (self), FALSE);

  return g_ptr_array_find (self->jobs, job, position);
}

void
fw_job_list_remove_all (FwJobList *self)
{
  guint n;

  g_return_if_fail (FW_IS_JOB_LIST (self));

  n = self->jobs->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (self->jobs, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

void
fw_job_list_insert_at (FwJobList   *self,
                       GPtrArray   *jobs,
                       const guint *positions)
{
  GPtrArray *merged;
  guint n_old, first, e = 0, k = 0;

  g_return_if_fail (FW_IS_JOB_LIST (self));
  g_return_if_fail (jobs != NULL && (positions != NULL || jobs->len == 0));

  if (jobs->len == 0)
    return;
  for (guint i = 1; i < jobs->len; i++)
    g_return_if_fail (positions[i] > positions[i - 1]);
  n_old = self->jobs->len;
  first = MIN (positions[0], n_old);
  /* One merge, not an insert per row: Undo of Clear List puts back every
   * row at once. */
  merged = g_ptr_array_new_full (n_old + jobs->len, g_object_unref);
  for (guint t = 0; t < n_old + jobs->len; t++)
    {
      if (k < jobs->len && (positions[k] <= t || e == n_old))
        g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (jobs, k++)));
      else
        g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (self->jobs, e++)));
    }
  g_ptr_array_unref (self->jobs);
  self->jobs = merged;
  g_list_model_items_changed (G_LIST_MODEL (self), first, n_old - first, merged->len - first);
}
