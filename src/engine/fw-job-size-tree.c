/* fw-job-size-tree.c — a size row's tree: its own scan's, streamed and kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See fw-job-size-tree.h. The log of finished folders is one pointer per
 * folder (the nodes themselves are the scan's), kept for the tree's life
 * so that a window attaching late still gets every folder in the order
 * they finished.
 */
#include "config.h"

#include "fw-job-size-tree.h"

struct _FwJobSizeTree {
  gint          ref_count;
  GMutex        lock;
  FwSizeScan   *scan;      /* under lock; kept: the nodes are its own until the result */
  GPtrArray    *folders;   /* under lock: FwSizeNode, in the order they finished */
  gboolean      finished;  /* under lock */
  FwSizeResult *result;    /* main thread, once finished */
  GWeakRef      viewer;    /* main thread */
};

static guint n_scans;      /* atomic */
static FwJobSizeTreeTestHook test_hook;

FwJobSizeTree *
fw_job_size_tree_new (void)
{
  FwJobSizeTree *self = g_new0 (FwJobSizeTree, 1);

  self->ref_count = 1;
  g_mutex_init (&self->lock);
  g_weak_ref_init (&self->viewer, NULL);
  self->folders = g_ptr_array_new ();
  return self;
}

FwJobSizeTree *
fw_job_size_tree_ref (FwJobSizeTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
fw_job_size_tree_unref (FwJobSizeTree *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  /* The result's nodes first, then the scan (which owns them no more). */
  g_clear_pointer (&self->result, fw_size_result_free);
  g_clear_object (&self->scan);
  g_ptr_array_unref (self->folders);
  g_weak_ref_clear (&self->viewer);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* A size pool thread: a folder and its subtree are final. */
static void
tree_hook (FwSizeScan *scan,
           FwSizeNode *folder,
           gpointer    user_data)
{
  FwJobSizeTree *self = user_data;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->folders, folder);
  g_mutex_unlock (&self->lock);
  if (test_hook != NULL)
    test_hook (folder);
}

void
fw_job_size_tree_set_test_hook (FwJobSizeTreeTestHook hook)
{
  test_hook = hook;
}

void
fw_job_size_tree_attach (FwJobSizeTree *self,
                         FwSizeScan    *scan)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (FW_IS_SIZE_SCAN (scan));

  g_atomic_int_inc (&n_scans);
  /* No reference for the hook: @self holds the scan, and the caller
   * holds @self until the scan's run is over (no hook runs after it). */
  fw_size_scan_set_tree_hook (scan, tree_hook, self, NULL);
  g_mutex_lock (&self->lock);
  g_set_object (&self->scan, scan);
  g_mutex_unlock (&self->lock);
}

void
fw_job_size_tree_finish (FwJobSizeTree *self,
                         FwSizeResult  *result)
{
  gboolean was_finished;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  was_finished = self->finished;
  self->finished = TRUE;
  g_mutex_unlock (&self->lock);
  if (was_finished)
    {
      fw_size_result_free (result);
      return;
    }
  self->result = result;
}

FwSizeScan *
fw_job_size_tree_dup_scan (FwJobSizeTree *self)
{
  FwSizeScan *scan;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  scan = self->scan != NULL ? g_object_ref (self->scan) : NULL;
  g_mutex_unlock (&self->lock);
  return scan;
}

gboolean
fw_job_size_tree_take_folders (FwJobSizeTree *self,
                               guint         *cursor,
                               GPtrArray     *folders)
{
  gboolean finished;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (cursor != NULL, TRUE);

  g_mutex_lock (&self->lock);
  for (guint i = *cursor; i < self->folders->len; i++)
    g_ptr_array_add (folders, g_ptr_array_index (self->folders, i));
  *cursor = MAX (*cursor, self->folders->len);
  finished = self->finished;
  g_mutex_unlock (&self->lock);
  return finished;
}

FwSizeResult *
fw_job_size_tree_get_result (FwJobSizeTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->result;
}

GObject *
fw_job_size_tree_dup_viewer (FwJobSizeTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_weak_ref_get (&self->viewer);
}

void
fw_job_size_tree_set_viewer (FwJobSizeTree *self,
                             GObject       *viewer)
{
  g_return_if_fail (self != NULL);
  g_weak_ref_set (&self->viewer, viewer);
}

guint
fw_job_size_tree_get_n_scans (void)
{
  return g_atomic_int_get (&n_scans);
}
