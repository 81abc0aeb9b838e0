/* fw-window-dnd.c — files and folders dropped on the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GtkDropTarget on the whole window takes a GdkFileList (what file
 * managers and portals offer) and hands it to fw_window_add_files(), as
 * the Add buttons do. While a drag is over the window, its list or empty
 * page is outlined (.fw-drop-highlight in style.css). Main thread.
 */
#include "config.h"

#include "fw-window-private.h"

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FwWindow      *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "fw-drop-highlight");
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);
  if (files->len == 0)
    return FALSE;
  fw_window_add_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               FwWindow      *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "fw-drop-highlight");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               FwWindow      *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "fw-drop-highlight");
}

void
fw_window_dnd_init (FwWindow *self)
{
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

GtkDropTarget *
fw_window_get_drop_target (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->drop_target;
}
