/* fw-window-dupes.c — the window in Find Duplicates: its page, footer and
 * actions follow the dupes view's scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In this mode dropped and added items go to FwDupesView (one scan over
 * all of them, not a job per item: fw_window_add_files_as()); the batch
 * makes no rows. The footer shows the scan's stage, files and bytes;
 * Pause and Stop (win.pause, win.cancel in fw-window-actions.c) pause
 * the view's pool and cancel its scan; Clear List forgets the items.
 * Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"

void
fw_window_dupes_update_status (FwWindow *self)
{
  FwFooterState state = { 0 };
  gboolean running = fw_dupes_view_get_running (self->dupes_view);
  gboolean has_items = fw_dupes_view_get_has_items (self->dupes_view);
  double fraction;
  g_autofree char *text = fw_dupes_view_get_status (self->dupes_view, &fraction);

  gtk_stack_set_visible_child_name (self->stack, has_items ? "dupes" : "empty");
  gtk_revealer_set_reveal_child (self->footer_revealer, has_items);
  adw_window_title_set_subtitle (self->window_title, text);
  /* The footer shows the bar only while bytes are counted. */
  state.running = running && fraction >= 0;
  state.scanning = running;
  state.paused = fw_dupes_view_get_paused (self->dupes_view);
  state.fraction = MAX (fraction, 0);
  state.text = text;
  fw_footer_update (self->footer, &state);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-again", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear", has_items);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 fw_dupes_view_get_n_groups (self->dupes_view) > 0);
  fw_window_export_update (self, fw_dupes_view_get_n_groups (self->dupes_view) > 0);
  fw_window_expect_update (self);
}

GBytes *
fw_window_dupes_build_export (FwWindow        *self,
                              FwExportFormat   format,
                              GError         **error)
{
  if (format != FW_EXPORT_CSV)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Duplicates are exported as CSV only"));
      return NULL;
    }
  return fw_dupes_view_build_csv (self->dupes_view);
}

static void
dupes_changed_cb (FwDupesView *view,
                  FwWindow    *self)
{
  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    fw_window_dupes_update_status (self);
  fw_window_update_inhibit (self);
}

static void
dupes_toast_cb (FwDupesView *view,
                const char  *text,
                FwWindow    *self)
{
  fw_window_toast (self, text);
}

static void
dupes_reference_wanted_cb (FwDupesView *view,
                           FwWindow    *self)
{
  fw_window_choose_reference_folder (self);
}

void
fw_window_dupes_reference_chosen (FwWindow *self,
                                  GFile    *folder)
{
  g_autofree char *path = g_file_get_path (folder);

  if (path != NULL && !self->disposed)
    fw_dupes_view_apply_rule (self->dupes_view, FW_DUPES_KEEP_IN_FOLDER, path);
}

void
fw_window_class_dupes_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (FW_TYPE_DUPES_VIEW);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, dupes_view);
}

void
fw_window_dupes_init (FwWindow *self)
{
  g_signal_connect_object (self->dupes_view, "changed", G_CALLBACK (dupes_changed_cb), self, 0);
  g_signal_connect_object (self->dupes_view, "toast", G_CALLBACK (dupes_toast_cb), self, 0);
  g_signal_connect_object (self->dupes_view, "reference-wanted", G_CALLBACK (dupes_reference_wanted_cb), self, 0);
}

FwDupesView *
fw_window_get_dupes_view (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->dupes_view;
}
