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
#include "fw-sibling.h"
#include "fw-window-sibling.h"
#include "fw-test-dbus.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("mode", "algorithms", NULL);
  fw_test_window_setup (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
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

/* The Flatpak: the file's folder cannot be read; the window offers the
 * chooser, in the file's host folder where the document portal tells it
 * (version 5), else with the names to look for. -------------------------- */

typedef struct {
  guint            n;
  FwSiblingStatus  status;
  char            *hex;
  char            *list_path;
  guint            line;
  gboolean         destroyed;
} Chosen;

static void
chosen_cb (FwWindow  *window,
           GFile     *file,
           FwSibling *sibling,
           gpointer   user_data)
{
  Chosen *chosen = user_data;
  g_autofree char *name = g_file_get_basename (file);

  g_assert_cmpstr (name, ==, "disk.iso");
  chosen->n++;
  chosen->status = sibling->status;
  chosen->line = sibling->line;
  g_free (chosen->hex);
  chosen->hex = g_strdup (sibling->hex);
  g_free (chosen->list_path);
  chosen->list_path = g_strdup (sibling->list_path);
}

static void
chosen_destroy (gpointer user_data)
{
  ((Chosen *) user_data)->destroyed = TRUE;
}

static gboolean
is_choose_button (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Choose…") == 0;
}

static guint
find_widgets_count (Fixture     *f,
                    WidgetMatch  match)
{
  g_autoptr(GPtrArray) found = find_widgets (GTK_WIDGET (f->window), match, NULL);

  return found->len;
}

/* Waits until no toast offers the chooser (the last one is gone). */
static void
wait_no_choose (Fixture *f)
{
  for (;;)
    {
      g_autoptr(GPtrArray) found = find_widgets (GTK_WIDGET (f->window), is_choose_button, NULL);

      if (found->len == 0)
        return;
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Waits for the toast's button, and clicks it. */
static void
click_choose (Fixture *f)
{
  g_autoptr(GPtrArray) found = NULL;

  for (;;)
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      found = find_widgets (GTK_WIDGET (f->window), is_choose_button, NULL);
      if (found->len > 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (found->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (found, 0), "clicked");
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static GtkWidget *
visible_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

static GtkWidget *
wait_chooser (void)
{
  GtkWidget *dialog;

  while ((dialog = visible_chooser ()) == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dialog;
}

/* Picks @path in the chooser, as a person would, and accepts. With
 * @has_folder, once the chooser is in the folder it was opened in (else
 * that folder, loaded later, would undo the choice). Each change of
 * folder, and the answer, wait for the chooser's path bar to show the
 * folder it is in (fw_test_settle_file_chooser(), fw_test_wait_path_bar()):
 * GTK 4.18 crashes when the chooser goes while the path bar is still
 * walking up from its folder. */
static void
choose_file (GtkWidget  *dialog,
             const char *path,
             gboolean    has_folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  while (has_folder && (folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Elsewhere: choosing the file changes the folder. */
  if (!has_folder)
    fw_test_settle_file_chooser (dialog);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, &error);
  g_assert_no_error (error);
  /* Selected once its folder is loaded. A folder whose loading ended
   * just before the choice gets its first row selected once more (GTK
   * helps a person that way), over the choice: then choose again. */
  for (;;)
    {
      g_clear_object (&chosen);
      chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (chosen != NULL && g_file_equal (chosen, file))
        break;
      if (chosen != NULL)
        {
          gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, &error);
          g_assert_no_error (error);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  fw_test_wait_path_bar (dialog, parent);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  while (visible_chooser () != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_portal_chooser (Fixture       *f,
                     gconstpointer  data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autofree char *doc = NULL;
  g_autofree char *host = NULL;
  g_autofree char *portal_iso = NULL;
  g_autofree char *sums = NULL;
  g_autofree char *other = NULL;
  g_autofree char *host_iso = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FwSibling) sibling = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FwFakeDocuments docs = { 0 };
  Chosen chosen = { 0 };
  GtkWidget *dialog;

  /* In a process of its own: GTK's file chooser widget leaks inside GTK,
   * which LeakSanitizer would blame on this test. */
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }

  /* The file as the sandbox sees it (alone in the portal's folder), and
   * as the host has it (beside its SHA256SUMS). */
  doc = g_build_filename (g_get_user_runtime_dir (), "doc", "f00d", NULL);
  host = g_build_filename (f->dir, "Downloads", NULL);
  bytes = fw_test_write_random (host, "disk.iso", 4000, 5);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_bytes_unref (fw_test_write_random (doc, "disk.iso", 4000, 5));
  portal_iso = g_build_filename (doc, "disk.iso", NULL);
  host_iso = g_build_filename (host, "disk.iso", NULL);
  sums = g_build_filename (host, "SHA256SUMS", NULL);
  text = g_strdup_printf ("%s  other.iso\n%s  disk.iso\n", sum, sum);
  fw_test_write (sums, text, strlen (text));
  other = g_build_filename (host, "OTHER-CHECKSUM", NULL);
  fw_test_write (other, text, strlen (sum) + strlen ("  other.iso\n"));

  sibling = fw_sibling_find (portal_iso, NULL);
  g_assert_cmpint (sibling->status, ==, FW_SIBLING_UNREADABLE);

  docs.version = version;
  docs.doc_id = "f00d";
  docs.host_path = host_iso;
  fw_fake_documents_start (&docs);

  file = g_file_new_for_path (portal_iso);
  fw_window_offer_checksum_chooser (f->window, file, chosen_cb, &chosen, chosen_destroy);
  click_choose (f);
  g_assert_cmpuint (g_atomic_int_get (&docs.n_host_paths), ==, version >= 5 ? 1 : 0);
  dialog = wait_chooser ();
  {
    g_autoptr(GFile) folder = NULL;
    g_autofree char *folder_path = NULL;
    GtkFileFilter *filter;

    /* The chooser shows its folder once it has loaded it. */
    folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
    while (version >= 5 && folder == NULL)
      {
        g_main_context_iteration (NULL, TRUE);
        folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
      }
    folder_path = folder != NULL ? g_file_get_path (folder) : NULL;
    filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));

    /* Version 5: the host folder. Version 4: not known, and the filter
     * names what to look for either way. */
    if (version >= 5)
      g_assert_cmpstr (folder_path, ==, host);
    else
      g_assert_cmpstr (folder_path, !=, host);
    g_assert_nonnull (filter);
    g_assert_cmpstr (gtk_file_filter_get_name (filter), ==,
                     "Checksum files (“disk.iso.sha256”, “SHA256SUMS”, “*-CHECKSUM”, …)");
  }
  choose_file (dialog, sums, version >= 5);
  while (chosen.n < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (chosen.status, ==, FW_SIBLING_FOUND);
  g_assert_cmpstr (chosen.hex, ==, sum);
  g_assert_cmpuint (chosen.line, ==, 2);
  g_assert_cmpstr (chosen.list_path, ==, sums);
  g_assert_false (chosen.destroyed);

  /* A list that does not name the file: said in a toast. The button's
   * toast went with the click. */
  wait_no_choose (f);
  fw_window_offer_checksum_chooser (f->window, file, chosen_cb, &chosen, NULL);
  g_assert_true (chosen.destroyed);
  click_choose (f);
  dialog = wait_chooser ();
  choose_file (dialog, other, version >= 5);
  while (chosen.n < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (chosen.status, ==, FW_SIBLING_NOT_LISTED);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "“OTHER-CHECKSUM” does not list “disk.iso”");

  /* An offer still shown when the window closes goes with it. */
  wait_no_choose (f);
  fw_window_offer_checksum_chooser (f->window, file, NULL, NULL, NULL);
  while (find_widgets_count (f, is_choose_button) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fw_fake_documents_stop (&docs);
  g_free (chosen.hex);
  g_free (chosen.list_path);
}
G_GNUC_END_IGNORE_DEPRECATIONS

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = NULL;
  int ret;

  fw_digest_init ();
  fw_test_env_setup ();
  /* The document portal's folder is under the runtime folder: a private
   * one (the test bus unset the desktop's), before GLib reads it. */
  runtime = fw_test_mkdtemp ();
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/window-sibling/clear-signed-verify", Fixture, NULL, fixture_setup, test_clear_signed_verify, fixture_teardown);
  g_test_add ("/window-sibling/unsigned-verify", Fixture, NULL, fixture_setup, test_unsigned_verify, fixture_teardown);
  g_test_add ("/window-sibling/portal-chooser/host-paths", Fixture, GUINT_TO_POINTER (5),
              fixture_setup, test_portal_chooser, fixture_teardown);
  g_test_add ("/window-sibling/portal-chooser/no-host-paths", Fixture, GUINT_TO_POINTER (4),
              fixture_setup, test_portal_chooser, fixture_teardown);

  ret = g_test_run ();
  fw_test_rmtree (runtime);
  return ret;
}
