/* fw-window-undo.c — Remove From List and Clear List, and their Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Removing rows loses finished results, so it is never final at once: a
 * toast tells how many went and offers Undo (win.undo, also Ctrl+Z while
 * the toast is shown), which puts the same rows back where they were in
 * the batch's list, with their results (fw_batch_restore()). One removal
 * is remembered, the last, until its toast goes or another toast takes
 * its place. Rows still running when removed are being stopped: they do
 * not come back. Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"

void
fw_window_forget_undo (FwWindow *self)
{
  g_clear_pointer (&self->undo_jobs, g_ptr_array_unref);
  g_clear_pointer (&self->undo_positions, g_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
}

/* Remembers @jobs (at @positions in the batch's list, ascending) and
 * offers to bring them back. */
static void
offer_undo (FwWindow  *self,
            GPtrArray *jobs,
            GArray    *positions)
{
  g_autofree char *title = NULL;

  fw_window_forget_undo (self);
  if (jobs->len == 0)
    {
      g_ptr_array_unref (jobs);
      g_array_unref (positions);
      return;
    }
  title = g_strdup_printf (ngettext ("%u item removed", "%u items removed", jobs->len), jobs->len);
  fw_window_toast_with_button (self, title, _("_Undo"), "win.undo", NULL);
  /* After the toast: another toast forgets the undo. */
  self->undo_jobs = jobs;
  self->undo_positions = positions;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);
}

/**
 * fw_window_remove_rows:
 *
 * Removes @jobs from the list (running ones are cancelled first) and
 * offers Undo. O(rows in the list).
 */
void
fw_window_remove_rows (FwWindow  *self,
                       GPtrArray *jobs)
{
  GListModel *model = fw_batch_get_jobs (self->batch);
  g_autoptr(GHashTable) wanted = NULL;
  GPtrArray *removed;
  GArray *positions;
  guint n;

  if (jobs->len == 0)
    return;
  wanted = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (jobs, i));
  /* Where they are in the batch's list (the view may be sorted). */
  removed = g_ptr_array_new_with_free_func (g_object_unref);
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n && removed->len < jobs->len; i++)
    {
      FwJob *job = g_list_model_get_item (model, i);

      if (g_hash_table_contains (wanted, job))
        {
          g_ptr_array_add (removed, job);
          g_array_append_val (positions, i);
        }
      else
        g_object_unref (job);
    }
  fw_batch_remove (self->batch, jobs);
  fw_window_update_status (self);
  offer_undo (self, removed, positions);
}

/**
 * fw_window_clear_rows:
 *
 * Cancels everything, empties the list, takes the columns' sort off (new
 * rows come in the order they are added, not jumping as their state
 * changes) and offers Undo.
 */
void
fw_window_clear_rows (FwWindow *self)
{
  GListModel *model = fw_batch_get_jobs (self->batch);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *removed = g_ptr_array_new_full (n, g_object_unref);
  GArray *positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (removed, g_list_model_get_item (model, i));
      g_array_append_val (positions, i);
    }
  fw_window_audit_cancel (self);
  fw_batch_clear (self->batch);
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  fw_window_update_status (self);
  offer_undo (self, removed, positions);
}

/**
 * fw_window_undo:
 *
 * Brings back the rows of the last Remove or Clear, as they were.
 */
void
fw_window_undo (FwWindow *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GArray) positions = NULL;
  guint n;

  if (self->undo_jobs == NULL)
    return;
  jobs = g_steal_pointer (&self->undo_jobs);
  positions = g_steal_pointer (&self->undo_positions);
  fw_window_forget_undo (self);
  n = fw_batch_restore (self->batch, jobs, (const guint *) positions->data);
  fw_window_update_status (self);
  if (n < jobs->len)
    fw_window_toast (self, n == 0 ? _("Running items cannot be brought back")
                                  : _("Some items were running and cannot be brought back"));
  else
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u item restored", "%u items restored", n), n);

      /* In place of the Undo toast (Ctrl+Z leaves it shown). */
      fw_window_toast (self, title);
    }
}
