/* test-window-compare.c — the window's Compare Files mode (issue 19,
 * item 4), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fw-digest.h"
#include "fw-paced-list-model.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-env.h"
#include "fw-test-util.h"
#include "fw-test-widgets.h"

typedef struct {
  char      *dir;
  FwWindow  *window;
  FwBatch   *batch;
  guint      n_finished;
} Fixture;

static void
finished_cb (FwBatch *batch,
             Fixture *f)
{
  f->n_finished++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "mode");
  f->dir = fw_test_mkdtemp ();
  f->window = g_object_ref_sink (fw_window_new (NULL));
  f->batch = fw_window_get_batch (f->window);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_settings_reset (settings, "mode");
  fw_test_rmtree (f->dir);
  g_free (f->dir);
}

static void
wait_finished (Fixture *f,
               guint    n)
{
  while (f->n_finished < n)
    g_main_context_iteration (NULL, TRUE);
  while (fw_batch_get_scanning (f->batch) ||
         fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_cell (GtkWidget *widget, gconstpointer unused)
{
  return FW_IS_TEXT_CELL (widget) && gtk_widget_has_css_class (widget, "fw-cell");
}

/* How many of the list's shown cells read @text. */
static guint
count_cells (Fixture    *f,
             const char *text)
{
  g_autoptr(GPtrArray) cells = NULL;
  guint n = 0;

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

/* The job chosen as a person does on the empty page: its row's radio. */
static void
choose_compare (Fixture *f)
{
  g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (f->window->empty_page), is_row_with_title,
                                            "Compare Files");
  g_autoptr(GPtrArray) radios = NULL;

  g_assert_cmpuint (rows->len, ==, 1);
  radios = find_widgets (g_ptr_array_index (rows, 0), is_check, NULL);
  g_assert_cmpuint (radios->len, ==, 1);
  gtk_widget_activate (g_ptr_array_index (radios, 0));
  while (fw_window_get_mode (f->window) != FW_BATCH_MODE_COMPARE)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_menu_button_get_label (f->window->mode_button), ==, "Compare Files");
}

/* Drops the files named (in the fixture's folder) on the window, as the
 * drop target's "drop" signal with a real GdkFileList. */
static void
drop (Fixture     *f,
      const char  *first,
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

static void
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  fw_test_write (path, text, strlen (text));
}

/* Two files dropped: one row, named after both, its verdict in words. */
static void
test_verdicts (Fixture       *f,
               gconstpointer  data)
{
  write_text (f, "a.txt", "one\ntwo\nthree\n");
  write_text (f, "b.txt", "one\ntwo\nthrEe\n");
  write_text (f, "c.txt", "one\ntwo\nthree\n");
  write_text (f, "d.txt", "one\n");
  choose_compare (f);

  drop (f, "a.txt", "b.txt", NULL);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  g_assert_cmpuint (count_cells (f, "a.txt ↔ b.txt"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different from byte 12 (line 3)"), ==, 1);
  /* The State column says it in one word. */
  g_assert_cmpuint (count_cells (f, "Different"), ==, 1);

  drop (f, "a.txt", "c.txt", NULL);
  wait_finished (f, 2);
  /* Both the State and the Result column. */
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);

  drop (f, "a.txt", "d.txt", NULL);
  wait_finished (f, 3);
  g_assert_cmpuint (count_cells (f, "Sizes differ"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different"), ==, 2);

  drop (f, "a.txt", "gone.txt", NULL);
  wait_finished (f, 4);
  g_assert_cmpuint (count_cells (f, "“gone.txt”: File not found"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 4);
}

/* One file, three files or a folder: a toast says what the mode needs,
 * no row is added and those already there stay. */
static void
test_not_two_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);

  write_text (f, "a.txt", "a\n");
  write_text (f, "b.txt", "a\n");
  write_text (f, "c.txt", "c\n");
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  choose_compare (f);
  drop (f, "a.txt", "b.txt", NULL);
  wait_finished (f, 1);
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);

  drop (f, "a.txt", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Compare Files needs two files, not 1");
  drop (f, "a.txt", "b.txt", "c.txt", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Compare Files needs two files, not 3");
  drop (f, "a.txt", "sub", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "“sub” is a folder: Compare Files needs two files");

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (fw_batch_get_scanning (f->batch));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  fw_digest_init ();
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/window-compare/verdicts", Fixture, NULL, fixture_setup, test_verdicts, fixture_teardown);
  g_test_add ("/window-compare/not-two-files", Fixture, NULL, fixture_setup, test_not_two_files, fixture_teardown);
  return g_test_run ();
}
