/* test-window-names.c — rows say where a file is, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file found inside a dropped folder is named by its path relative to
 * that folder (issue 20, item 5): two `IMG_0001.jpg` in `2024/` and
 * `2025/` are two rows that read differently, in the job, in the cells as
 * drawn and in their accessible labels. The Name column sorts in a file
 * manager's natural order (g_utf8_collate_key_for_filename()). The export
 * does not change: tests/test-window.c compares it with the CLI's.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-job-columns.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("algorithms", "mode", "auto-start", NULL);
  fw_test_window_init (f, "fw-test-window-names-XXXXXX");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 600);
  fw_test_window_present (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
}

/* The names the window's rows show, in the list's order, "|" between. */
static char *
shown_names (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->window->sort_model);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      g_string_append_printf (s, i == 0 ? "%s" : "|%s", fw_job_get_name (job));
    }
  return g_string_free (s, FALSE);
}

/* The text the Name cell of @path's row draws (its first text cell),
 * waiting for the row to be drawn. */
static char *
name_cell_text (Fixture    *f,
                const char *path)
{
  for (;;)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      collect (GTK_WIDGET (fw_window_get_column_view (f->window)), FW_TYPE_TEXT_CELL, cells);
      for (guint i = 0; i < cells->len; i++)
        {
          GtkWidget *cell = g_ptr_array_index (cells, i);
          GtkListItem *item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
          FwJob *job = item != NULL ? gtk_list_item_get_item (item) : NULL;

          if (job != NULL && gtk_widget_get_mapped (cell) &&
              g_strcmp0 (fw_job_get_path (job), path) == 0)
            return g_strdup (fw_text_cell_get_text (FW_TEXT_CELL (cell)));
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static GtkColumnViewColumn *
name_column (Fixture *f)
{
  GListModel *columns = gtk_column_view_get_columns (fw_window_get_column_view (f->window));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

  g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, "Name");
  return column;
}

/* Two files of one name in two subfolders are two rows that say where
 * each is; the dropped folder's own name is not part of it, nor is a
 * file dropped alone named by more than its name. */
static void
test_relative_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "Photos", NULL);
  g_autofree char *a = g_build_filename (tree, "2024", "IMG_0001.jpg", NULL);
  g_autofree char *b = g_build_filename (tree, "2025", "IMG_0001.jpg", NULL);
  g_autofree char *deep = g_build_filename (tree, "2025", "raw", "IMG_0001.dng", NULL);
  g_autofree char *alone = g_build_filename (f->dir, "alone.txt", NULL);
  GFile *files[2];
  const char *paths[] = { a, b, deep };
  const char *names[] = { "2024/IMG_0001.jpg", "2025/IMG_0001.jpg", "2025/raw/IMG_0001.dng" };

  g_bytes_unref (fw_test_write_random (tree, "2024/IMG_0001.jpg", 100, 1));
  g_bytes_unref (fw_test_write_random (tree, "2025/IMG_0001.jpg", 200, 2));
  g_bytes_unref (fw_test_write_random (tree, "2025/raw/IMG_0001.dng", 300, 3));
  g_bytes_unref (fw_test_write_random (f->dir, "alone.txt", 10, 4));
  files[0] = g_file_new_for_path (tree);
  files[1] = g_file_new_for_path (alone);
  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      GListModel *jobs = fw_batch_get_jobs (f->batch);
      FwJob *found = NULL;
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;

      for (guint j = 0; j < g_list_model_get_n_items (jobs); j++)
        {
          g_autoptr(FwJob) job = g_list_model_get_item (jobs, j);

          if (g_strcmp0 (fw_job_get_path (job), paths[i]) == 0)
            found = job;
        }
      g_assert_nonnull (found);
      g_assert_cmpint (fw_job_get_state (found), ==, FW_JOB_DONE);
      g_assert_cmpstr (fw_job_get_name (found), ==, names[i]);
      /* As drawn, and so as read out (the cell's accessible label is its
       * text: fw-text-cell.c). */
      text = name_cell_text (f, paths[i]);
      g_assert_cmpstr (text, ==, names[i]);
      /* The tooltip still gives the whole path. */
      tooltip = fw_job_columns_tooltip (found, FW_COLUMN_NAME);
      g_assert_cmpstr (tooltip, ==, paths[i]);
    }
  {
    g_autofree char *text = name_cell_text (f, alone);

    g_assert_cmpstr (text, ==, "alone.txt");
  }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

/* Sorting by Name is a file manager's order: digits as numbers. Lower
 * case only, so that the order is the same in every locale. */
static void
test_natural_sort (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "shots", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tree);
  GtkColumnView *view = fw_window_get_column_view (f->window);
  const char *names[] = { "img_10.png", "img_2.png", "img_1.png", "b/img_3.png", "a/img_20.png", "a/img_9.png" };
  g_autofree char *order = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_bytes_unref (fw_test_write_random (tree, names[i], 10 + i, i));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  /* Unsorted: the CLI's byte order, as walked. */
  order = shown_names (f);
  g_assert_cmpstr (order, ==, "a/img_20.png|a/img_9.png|b/img_3.png|img_1.png|img_10.png|img_2.png");
  g_clear_pointer (&order, g_free);

  gtk_column_view_sort_by_column (view, name_column (f), GTK_SORT_ASCENDING);
  order = shown_names (f);
  g_assert_cmpstr (order, ==, "a/img_9.png|a/img_20.png|b/img_3.png|img_1.png|img_2.png|img_10.png");
  g_clear_pointer (&order, g_free);

  gtk_column_view_sort_by_column (view, name_column (f), GTK_SORT_DESCENDING);
  order = shown_names (f);
  g_assert_cmpstr (order, ==, "img_10.png|img_2.png|img_1.png|b/img_3.png|a/img_20.png|a/img_9.png");
}

int
main (int    argc,
      char **argv)
{
  /* As the app's main() does. */
  fw_digest_init ();
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/window-names/relative", Fixture, NULL, fixture_setup, test_relative_names, fixture_teardown);
  g_test_add ("/window-names/natural-sort", Fixture, NULL, fixture_setup, test_natural_sort, fixture_teardown);
  return g_test_run ();
}
