/* fw-test-window.h — the window tests' fixture, waits and row readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the tests that drive an FwWindow in process, under Xvfb
 * (test-window, test-window-*, test-expect-window, test-details-pane).
 * Main thread.
 *
 * A test file's fixture is an FwTestWindow (`typedef FwTestWindow
 * Fixture;`): a window, its batch, a folder of the test's own and the
 * count of the batch's "finished" signals. Its fixture_setup() resets the
 * settings keys it depends on (fw_test_reset_settings(); the tests run
 * with GSETTINGS_BACKEND=memory, so a key set by one test would reach the
 * next), then calls fw_test_window_setup(), or fw_test_window_init() and
 * fw_test_window_present() when the window needs something before it is
 * shown (a default size); its fixture_teardown() calls
 * fw_test_window_teardown(), or fw_test_window_close() and
 * fw_test_window_remove_dir() with its own step between. What a file does
 * beyond that stays in its own fixture functions, in plain sight.
 */
#pragma once

#include <stdarg.h>

#include <glib/gstdio.h>

#include "fw-alert.h"
#include "fw-paced-list-model.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-batch.h"
#include "fw-test-util.h"
#include "fw-test-widgets.h"

typedef struct {
  char      *dir;          /* the test's folder, removed with all inside */
  FwWindow  *window;
  FwBatch   *batch;        /* the window's */
  guint      n_finished;   /* the batch's "finished" signals so far */
} FwTestWindow;

/* TRUE while something of the window's, besides its batch, still works:
 * fw_test_window_close() waits for it before the window goes. */
typedef gboolean (*FwTestWindowBusy) (FwTestWindow *f);

/* Resets each of the app's settings keys named (NULL after the last) to
 * the schema's default. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static void
fw_test_reset_settings (const char *first_key,
                        ...)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_settings_reset (settings, key);
  va_end (args);
}

G_GNUC_UNUSED static void
fw_test_window_finished_cb (FwBatch      *batch,
                            FwTestWindow *f)
{
  f->n_finished++;
}

/* Makes the window, not shown yet, for a test whose folder is @dir (a
 * folder that exists; taken). */
G_GNUC_UNUSED static void
fw_test_window_init_in (FwTestWindow *f,
                        char         *dir)
{
  f->dir = dir;
  f->window = g_object_ref_sink (fw_window_new (NULL));
  f->batch = fw_window_get_batch (f->window);
  g_signal_connect (f->batch, "finished", G_CALLBACK (fw_test_window_finished_cb), f);
}

/* Makes the test's folder, g_dir_make_tmp (@tmpl) (fw_test_mkdtemp()'s
 * name when @tmpl is NULL), and the window, not shown yet. */
G_GNUC_UNUSED static void
fw_test_window_init (FwTestWindow *f,
                     const char   *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = tmpl != NULL ? g_dir_make_tmp (tmpl, &error) : fw_test_mkdtemp ();

  g_assert_no_error (error);
  fw_test_window_init_in (f, dir);
}

/* Shows the window; returns once it is mapped. */
G_GNUC_UNUSED static void
fw_test_window_present (FwTestWindow *f)
{
  fw_test_present_window (GTK_WINDOW (f->window));
}

/* fw_test_window_init(), then fw_test_window_present(). */
G_GNUC_UNUSED static void
fw_test_window_setup (FwTestWindow *f,
                      const char   *tmpl)
{
  fw_test_window_init (f, tmpl);
  fw_test_window_present (f);
}

/* Waits until the batch neither scans nor runs and @busy (when not NULL)
 * returns FALSE, then destroys the window. */
G_GNUC_UNUSED static void
fw_test_window_close (FwTestWindow     *f,
                      FwTestWindowBusy  busy)
{
  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch) ||
         (busy != NULL && busy (f)))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
}

/* Removes the test's folder and all inside. */
G_GNUC_UNUSED static void
fw_test_window_remove_dir (FwTestWindow *f)
{
  fw_test_rmtree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* fw_test_window_close(), then fw_test_window_remove_dir(). */
G_GNUC_UNUSED static void
fw_test_window_teardown (FwTestWindow     *f,
                         FwTestWindowBusy  busy)
{
  fw_test_window_close (f, busy);
  fw_test_window_remove_dir (f);
}

/* Waits until the batch has said "finished" @n times in all, and every
 * row is in the list and shown. */
G_GNUC_UNUSED static void
wait_finished (FwTestWindow *f,
               guint         n)
{
  while (f->n_finished < n)
    g_main_context_iteration (NULL, TRUE);
  /* The last rows may join the list just after the run ended, and be
   * shown a little later (FwPacedListModel): the window counts both as
   * still scanning. */
  while (fw_batch_get_scanning (f->batch) ||
         fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* Drops the files named (in the test's folder; NULL after the last) on
 * the window, as the drop target's "drop" signal with a real
 * GdkFileList; asserts it was taken. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static void
drop (FwTestWindow *f,
      const char   *first,
      ...)
{
  GSList *list = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      list = g_slist_append (list, g_file_new_for_path (path));
    }
  va_end (args);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free_full (list, g_object_unref);
  g_signal_emit_by_name (fw_window_get_drop_target (f->window), "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
}

/* The job chosen as a person does on the empty page: the radio of the
 * row titled @title; returns once the window is in @mode, and checks
 * that the header's job button reads @title. */
G_GNUC_UNUSED static void
choose_job (FwWindow    *window,
            const char  *title,
            FwBatchMode  mode)
{
  g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window->empty_page), is_row_with_title,
                                            title);
  g_autoptr(GPtrArray) radios = NULL;

  g_assert_cmpuint (rows->len, ==, 1);
  radios = find_widgets (g_ptr_array_index (rows, 0), is_check, NULL);
  g_assert_cmpuint (radios->len, ==, 1);
  gtk_widget_activate (g_ptr_array_index (radios, 0));
  while (fw_window_get_mode (window) != mode)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_menu_button_get_label (window->mode_button), ==, title);
}

/* The list's cells are FwTextCells (fw-job-columns.c). */
G_GNUC_UNUSED static gboolean
is_cell (GtkWidget *widget, gconstpointer unused)
{
  return FW_IS_TEXT_CELL (widget) && gtk_widget_has_css_class (widget, "fw-cell");
}

/* How many of the list's cells show @text now. */
G_GNUC_UNUSED static guint
count_cells (FwTestWindow *f,
             const char   *text)
{
  g_autoptr(GPtrArray) cells = NULL;
  guint n = 0;

  /* Let the rows catch up with the model. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  cells = find_widgets (GTK_WIDGET (fw_window_get_column_view (f->window)), is_cell, NULL);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);

      if (gtk_widget_get_mapped (cell) && g_strcmp0 (fw_text_cell_get_text (FW_TEXT_CELL (cell)), text) == 0)
        n++;
    }
  return n;
}

/* The window's alert (fw-alert.h) with this heading, while it is shown:
 * inside the window from libadwaita 1.5 on, a window of its own below. */
G_GNUC_UNUSED static FwAlert *
find_alert (FwWindow   *window,
            const char *heading)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  if (FW_IS_ALERT (dialog) && g_strcmp0 (fw_alert_get_heading ((FwAlert *) dialog), heading) == 0)
    return (FwAlert *) dialog;
#else
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (FW_IS_ALERT (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (fw_alert_get_heading (l->data), heading) == 0)
      return l->data;
#endif
  return NULL;
}

/* Clicks the alert's button labelled @label, as a person would, and waits
 * until the alert is gone. */
G_GNUC_UNUSED static void
alert_click (FwAlert    *alert,
             const char *label)
{
  GtkWidget *button = find_widget (GTK_WIDGET (alert), is_button_labelled, label);
#if ADW_CHECK_VERSION (1, 5, 0)
  gboolean closed = FALSE;
  gulong id = g_signal_connect_swapped (alert, "closed", G_CALLBACK (set_flag), &closed);

  g_object_ref (alert);
  g_signal_emit_by_name (button, "clicked");
  while (!closed)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (alert, id);
  g_object_unref (alert);
#else
  g_signal_emit_by_name (button, "clicked");
#endif
}
