/* test-window-sibling.c — the window and the checksum file next to a file
 * (issue 19, items 2 and 3), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fw-digest.h"
#include "fw-job-text.h"
#include "fw-paced-list-model.h"
#include "fw-sibling.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-dbus.h"
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
  g_settings_reset (settings, "algorithms");
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
  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
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

/* A clear-signed list (Fedora's CHECKSUM) dropped on the window: its
 * files verified, no malformed line's row for the armour, and the rows and
 * the summary say the signature was not checked. ------------------------- */

static void
test_clear_signed_verify (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) iso = fw_test_write_random (f->dir, "Fedora-40.iso", 6000, 1);
  g_autoptr(GBytes) dash = fw_test_write_random (f->dir, "-dash.iso", 3000, 2);
  /* GLib's own SHA-256, not the engine under test. */
  g_autofree char *sum_iso = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, iso);
  g_autofree char *sum_dash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, dash);
  g_autofree char *path = g_build_filename (f->dir, "Fedora-40-x86_64-CHECKSUM", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  GListModel *model = fw_batch_get_jobs (f->batch);

  text = g_strdup_printf ("-----BEGIN PGP SIGNED MESSAGE-----\n"
                          "Hash: SHA256\n"
                          "\n"
                          "# Fedora-40.iso: 6000 bytes\n"
                          "SHA256 (Fedora-40.iso) = %s\n"
                          "- SHA256 (-dash.iso) = %s\n"
                          "-----BEGIN PGP SIGNATURE-----\n"
                          "\n"
                          "iQIzBAEBCAAdFiEEEV35rO/+HqL2UUSNPzrEdAAAAAAFAmYhmJcACgkQPzrEdAAA\n"
                          "=abcd\n"
                          "-----END PGP SIGNATURE-----\n", sum_iso, sum_dash);
  fw_test_write (path, text, strlen (text));

  /* In the Verify job: a "*-CHECKSUM" name is not taken for a checksum
   * file when dropped in another job. */
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
      g_assert_true (fw_job_get_clear_signed (job));
    }
  g_assert_cmpuint (count_cells (f, "Digest matches · list signature not checked"), ==, 2);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "2 OK · list signature not checked");
}

/* A list that is not signed: the words stay as they were. */
static void
test_unsigned_verify (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) one = fw_test_write_random (f->dir, "one", 3000, 3);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, one);
  g_autofree char *path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = g_strdup_printf ("%s  one\n", sum);

  fw_test_write (path, text, strlen (text));
  fw_window_add_files (f->window, &file, 1);
  wait_finished (f, 1);
  g_assert_cmpuint (count_cells (f, "Digest matches"), ==, 1);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 OK");
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

  g_test_add ("/window-sibling/clear-signed-verify", Fixture, NULL, fixture_setup, test_clear_signed_verify, fixture_teardown);
  g_test_add ("/window-sibling/unsigned-verify", Fixture, NULL, fixture_setup, test_unsigned_verify, fixture_teardown);

  return g_test_run ();
}
