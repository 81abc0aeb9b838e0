/* fw-window-actions.c — the window's actions (win.*) and its row menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every win.* action is installed here, with its keyboard shortcuts,
 * as widget actions of FwWindow (gtk_widget_class_install_action): the
 * header's buttons and main menu, the footer's buttons and the row menu
 * name them. Those that need more than a few lines hand over to the
 * file of their concept: the choosers (fw-window-choosers.c), the export
 * (fw-window-export.c), the two dialogs (FwHashTextDialog,
 * FwLargestDialog). Which are enabled follows the batch
 * (fw_window_update_status()) and, for the row menu, the rows it opens
 * on (fw_window_row_menu_cb()). Main thread.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-hash-text-dialog.h"
#include "fw-job-text.h"
#include "fw-largest-dialog.h"
#include "fw-window-private.h"

/* Adding ------------------------------------------------------------------- */

static void
add_files_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fw_window_choose_items (FW_WINDOW (widget), FALSE);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fw_window_choose_items (FW_WINDOW (widget), TRUE);
}

/* The batch ---------------------------------------------------------------- */

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  fw_batch_cancel (self->batch);
  fw_window_update_status (self);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  if (fw_batch_get_paused (self->batch))
    fw_batch_resume (self->batch);
  else
    fw_batch_pause (self->batch);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  fw_batch_start (self->batch);
  fw_window_update_status (self);
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  if (fw_batch_run_again (self->batch) == 0)
    fw_window_toast (self, _("Nothing to run again"));
  fw_window_update_status (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  fw_batch_clear (self->batch);
  fw_window_update_status (self);
}

/* The selected rows -------------------------------------------------------- */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);
      g_autofree char *result = fw_job_text_result (job);

      if (result == NULL)
        continue;
      if (jobs->len == 1)
        g_string_append (text, result);
      else
        g_string_append_printf (text, "%s  %s\n", result,
                                fw_job_get_path (job) ? fw_job_get_path (job) : fw_job_get_name (job));
    }
  if (text->len == 0)
    {
      if (jobs->len > 0)
        fw_window_toast (self, ngettext ("Nothing to copy: the row has no result yet",
                                         "Nothing to copy: the rows have no result yet", jobs->len));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
  fw_window_toast (self, jobs->len == 1 ? _("Result copied") : _("Results copied"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  fw_batch_remove (self->batch, jobs);
  fw_window_update_status (self);
}

static void
cancel_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  fw_batch_cancel_jobs (self->batch, jobs);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  if (jobs->len == 0)
    return;
  fw_window_show_in_folder (self, fw_job_get_file (g_ptr_array_index (jobs, 0)));
}

static void
show_largest_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  FwJob *job;
  GPtrArray *largest;
  FwLargestDialog *dialog;

  if (jobs->len == 0)
    return;
  job = g_ptr_array_index (jobs, 0);
  largest = fw_job_get_largest (job);
  if (fw_job_get_kind (job) != FW_JOB_SIZE || largest == NULL)
    {
      fw_window_toast (self, _("Largest items are known for finished size jobs only"));
      return;
    }
  dialog = fw_largest_dialog_new (GTK_WINDOW (self), fw_job_get_file (job), fw_job_get_name (job),
                                  fw_job_get_size (job), largest);
  g_signal_connect_object (dialog, "show-item", G_CALLBACK (fw_window_show_in_folder), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
normalize_digest (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static void
compare_clipboard_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  g_autofree char *wanted = NULL;
  FwJob *job;

  if (jobs->len == 0)
    return;
  job = g_ptr_array_index (jobs, 0);
  if (text == NULL || !fw_job_has_digests (job))
    {
      fw_window_toast (self, text == NULL ? _("The clipboard holds no text")
                                          : _("This row has no digest yet"));
      return;
    }
  wanted = normalize_digest (text);
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      const char *hex = fw_job_get_digest (job, a);

      if (hex != NULL && strcmp (hex, wanted) == 0)
        {
          g_autofree char *message = g_strdup_printf (_("Match: the clipboard holds this file’s %s digest"),
                                                      fw_algorithm_get_tag (a));

          fw_window_toast (self, message);
          return;
        }
    }
  fw_window_toast (self, _("No match: the clipboard’s digest differs"));
}

static void
compare_clipboard_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 compare_clipboard_cb, g_object_ref (widget));
}

void
fw_window_row_menu_cb (GtkWidget *cell,
                       guint      position,
                       double     x,
                       double     y,
                       gpointer   user_data)
{
  FwWindow *self = user_data;
  double px, py;
  GdkRectangle rect;
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean can_cancel = FALSE;
  FwJob *first;

  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  /* Only what means something for these rows: the largest items of a
   * finished folder's size (show_largest_action() looks at the first
   * row), a cancel while one of them is queued or running. */
  jobs = fw_window_get_selected (self);
  first = jobs->len > 0 ? g_ptr_array_index (jobs, 0) : NULL;
  for (guint i = 0; i < jobs->len; i++)
    can_cancel |= !fw_job_is_finished (g_ptr_array_index (jobs, i));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-largest",
                                 first != NULL && fw_job_get_kind (first) == FW_JOB_SIZE &&
                                 fw_job_get_largest (first) != NULL && fw_job_get_n_dirs (first) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-row", can_cancel);
  /* A digest to compare with (compare_clipboard_cb() takes the first row). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-clipboard",
                                 first != NULL && fw_job_has_digests (first));

  if (!gtk_widget_translate_coordinates (cell, GTK_WIDGET (self->column_view), x, y, &px, &py))
    return;
  rect = (GdkRectangle) { (int) px, (int) py, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
verify_in_folder_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  fw_window_choose_verify_folder (FW_WINDOW (widget));
}

static void
hash_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  FwHashTextDialog *dialog = fw_hash_text_dialog_new (GTK_WINDOW (self),
                                                      fw_batch_get_algorithms (self->batch));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Installing --------------------------------------------------------------- */

void
fw_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-files", NULL, add_files_action);
  gtk_widget_class_install_action (widget_class, "win.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.run-again", NULL, run_again_action);
  gtk_widget_class_install_action (widget_class, "win.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-row", NULL, cancel_row_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-largest", NULL, show_largest_action);
  gtk_widget_class_install_action (widget_class, "win.compare-clipboard", NULL, compare_clipboard_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", fw_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.show-exported", "s", fw_window_show_exported_action);
  gtk_widget_class_install_action (widget_class, "win.hash-text", NULL, hash_text_action);
  gtk_widget_class_install_action (widget_class, "win.verify-in-folder", NULL, verify_in_folder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export", "s", "gnu");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.remove", NULL);
}
