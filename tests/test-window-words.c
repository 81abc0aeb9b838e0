/* test-window-words.c — one vocabulary in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same rows are named in four places: their cells, the footer, the
 * window's subtitle and the summary toast. These tests read all four off
 * the window as shown and check that they use the same words and the
 * same counts (issue 26, items 4, 5 and 12). The words themselves are
 * tests/test-job-text.c's; the counts tests/test-batch.c's.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fw-application.h"
#include "fw-digest.h"
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
  fw_test_window_init (f, "fw-test-window-words-XXXXXX");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 600);
  fw_test_window_present (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
}

/* Widgets ------------------------------------------------------------------ */

static const char *
subtitle (Fixture *f)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE, titles);
  g_assert_cmpuint (titles->len, ==, 1);
  return adw_window_title_get_subtitle (g_ptr_array_index (titles, 0));
}

/* The texts of the cells shown for the row named @name, as drawn: "|"
 * before each ("|pipe|Verify|—|Skipped|Not a regular file|"); NULL while
 * the row has no cells mapped. */
static char *
row_texts (Fixture    *f,
           const char *name)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GString *s = g_string_new ("|");

  collect (GTK_WIDGET (fw_window_get_column_view (f->window)), FW_TYPE_TEXT_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      GtkListItem *item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
      FwJob *job = item != NULL ? gtk_list_item_get_item (item) : NULL;
      const char *text = fw_text_cell_get_text (FW_TEXT_CELL (cell));

      if (job == NULL || !gtk_widget_get_mapped (cell) || g_strcmp0 (fw_job_get_name (job), name) != 0)
        continue;
      g_string_append_printf (s, "%s|", text != NULL ? text : "");
    }
  if (s->len == 1)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

/* Iterates until the row named @name shows @state and @result in its
 * cells (the row's cells are updated on notify, drawn on a frame). */
static char *
wait_row (Fixture    *f,
          const char *name,
          const char *state,
          const char *result)
{
  g_autofree char *want_state = g_strdup_printf ("|%s|", state);
  g_autofree char *want_result = g_strdup_printf ("|%s|", result);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *texts = row_texts (f, name);

      if (texts != NULL && strstr (texts, want_state) != NULL && strstr (texts, want_result) != NULL)
        return g_steal_pointer (&texts);
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("row %s shows %s", name, texts != NULL ? texts : "nothing");
          g_assert_not_reached ();
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

/* "OK" stays "OK"; the other states count in lowercase: "Changed" →
 * "changed". */
static char *
count_word (const char *state)
{
  return strcmp (state, "OK") == 0 ? g_strdup (state) : g_ascii_strdown (state, -1);
}

/* Tests -------------------------------------------------------------------- */

/* A verify batch with one file that matches, one changed, one missing and
 * a FIFO: each row's State word is the word its count uses in the footer,
 * the subtitle and the toast, and those three say the same counts. The
 * FIFO is skipped, not failed; nothing shouts. */
static void
test_verify_words (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *name, *state, *result; } rows[] = {
    { "good.bin", "OK", "Digest matches" },
    { "bad.bin", "Changed", NULL },   /* "Digest differs: HEX" */
    { "gone.bin", "Missing", "File not found" },
    { "pipe", "Skipped", "Not a regular file" },
  };
  g_autoptr(GBytes) good = fw_test_write_random (f->dir, "good.bin", 3000, 1);
  g_autoptr(GBytes) bad = fw_test_write_random (f->dir, "bad.bin", 2000, 2);
  g_autofree char *good_hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, good);
  g_autofree char *bad_hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bad);
  g_autofree char *bad_result = g_strdup_printf ("Digest differs: %s", bad_hex);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  g_autofree char *sums_path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *sums = g_strdup_printf ("%s  good.bin\n%s  bad.bin\n%s  gone.bin\n%s  pipe\n",
                                           good_hex, good_hex, good_hex, good_hex);
  g_autoptr(GFile) sums_file = g_file_new_for_path (sums_path);
  g_autoptr(GString) tally = g_string_new (NULL);
  const char *footer, *title, *toast;

  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_true (g_file_set_contents (sums_path, sums, -1, NULL));
  fw_window_add_files_as (f->window, &sums_file, 1, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);

  /* The rows, as drawn. The counts are built from their State words, in
   * the order the rows are listed here (FwJobStatus's). */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *texts = wait_row (f, rows[i].name, rows[i].state,
                                         rows[i].result != NULL ? rows[i].result : bad_result);
      g_autofree char *word = count_word (rows[i].state);

      g_test_message ("row: %s", texts);
      g_assert_null (strstr (texts, "FAILED"));
      g_assert_null (strstr (texts, "Failed"));
      if (tally->len > 0)
        g_string_append (tally, " · ");
      g_string_append_printf (tally, "1 %s", word);
    }
  g_assert_cmpstr (tally->str, ==, "1 OK · 1 changed · 1 missing · 1 skipped");

  footer = fw_window_get_status_text (f->window);
  title = subtitle (f);
  toast = fw_window_get_last_toast (f->window);
  g_test_message ("footer: %s", footer);
  g_test_message ("subtitle: %s", title);
  g_test_message ("toast: %s", toast);

  /* Counts of every row: "4 of 4 files", then the same tally. */
  g_assert_true (g_str_has_prefix (footer, "4 of 4 files · "));
  g_assert_true (g_str_has_suffix (footer, tally->str));
  g_assert_cmpstr (title, ==, tally->str);
  g_assert_cmpstr (toast, ==, tally->str);
  /* The skipped FIFO is no failure; and nothing else names them. */
  for (const char *const *t = (const char *const[]) { footer, title, toast, NULL }; *t != NULL; t++)
    {
      g_assert_null (strstr (*t, "fail"));
      g_assert_null (strstr (*t, "FAIL"));
      g_assert_null (strstr (*t, "mismatch"));
      g_assert_null (strstr (*t, "worker"));
    }
}

/* A FIFO dropped on the window, beside a file, in a hash batch: Skipped
 * with its reason, not Failed, in its row and in the counts. */
static void
test_dropped_fifo_skipped (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "file.bin", 1000, 3);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *path = g_build_filename (f->dir, "file.bin", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "dropped-pipe", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);
  GFile *files[3];
  g_autofree char *pipe_row = NULL;
  g_autofree char *file_row = NULL;
  g_autofree char *gone_row = NULL;

  g_assert_no_errno (mkfifo (fifo, 0600));
  files[0] = g_file_new_for_path (path);
  files[1] = g_file_new_for_path (fifo);
  /* Dropped, then gone before it was looked at: plain words too. */
  files[2] = g_file_new_for_path (gone);
  fw_window_add_files_as (f->window, files, 3, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  pipe_row = wait_row (f, "dropped-pipe", "Skipped", "Not a regular file");
  file_row = wait_row (f, "file.bin", "Done", sha256);
  gone_row = wait_row (f, "gone.bin", "Failed", "File not found");
  g_test_message ("rows: %s %s %s", pipe_row, file_row, gone_row);
  g_assert_cmpstr (subtitle (f), ==, "1 done · 1 failed · 1 skipped");
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 done · 1 failed · 1 skipped");
  g_assert_true (g_str_has_prefix (fw_window_get_status_text (f->window), "3 of 3 files · "));
  g_assert_true (g_str_has_suffix (fw_window_get_status_text (f->window), " · 1 done · 1 failed · 1 skipped"));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
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

  g_test_add ("/window-words/verify", Fixture, NULL, fixture_setup, test_verify_words, fixture_teardown);
  g_test_add ("/window-words/dropped-fifo-skipped", Fixture, NULL, fixture_setup, test_dropped_fifo_skipped, fixture_teardown);
  return g_test_run ();
}
