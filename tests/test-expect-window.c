/* test-expect-window.c — the expected digest in the window (issue 19):
 * the field, the row's verdict, the banner, the clipboard; under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "fw-digest.h"
#include "fw-job-text.h"
#include "fw-sibling.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

#define BIT FW_ALGORITHM_BIT

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("algorithms", "mode", "auto-start", NULL);
  fw_test_window_setup (f, "fw-test-expect-XXXXXX");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_close (f, NULL);
  /* Clipboard reads cancelled by the window's dispose answer on the
   * next iterations: let them, or their tasks outlive the test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fw_test_window_remove_dir (f);
}

/* A file of random bytes; its SHA-256 and SHA-512 by GLib's GChecksum
 * (not the engine under test). */
static GFile *
make_file (Fixture    *f,
           const char *name,
           guint32     seed,
           char      **sha256,
           char      **sha512)
{
  g_autoptr(GBytes) bytes = fw_test_write_random (f->dir, name, 50000 + seed, seed);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  if (sha256 != NULL)
    *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (sha512 != NULL)
    *sha512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, bytes);
  return g_file_new_for_path (path);
}

static FwJob *
job_at (Fixture *f,
        guint    i)
{
  g_autoptr(FwJob) job = g_list_model_get_item (fw_batch_get_jobs (f->batch), i);

  return job;   /* the list holds it */
}

static void
select_row (Fixture *f,
            guint    i)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->window->selection), i, TRUE);
}

/* Counts a job's reads after its first: each time it is queued again
 * (small files go from Queued to Done in a chunk, never Running). */
static void
running_cb (FwJob      *job,
            GParamSpec *pspec,
            guint      *n_runs)
{
  if (fw_job_get_state (job) == FW_JOB_QUEUED)
    (*n_runs)++;
}

static void
count_runs_cb (GListModel *jobs,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_runs)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      g_signal_connect (job, "notify::state", G_CALLBACK (running_cb), n_runs);
    }
}

/* Text in the field as a paste puts it there (all at once). */
static void
paste_text (Fixture    *f,
            const char *text)
{
  GtkEditable *entry = fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window));

  gtk_editable_set_text (entry, "");
  gtk_editable_set_text (entry, text);
}

static const char *
banner (Fixture *f)
{
  return fw_expect_bar_get_banner_text (fw_window_get_expect_bar (f->window));
}

static void
wait_verdict (FwJob *job)
{
  while (fw_job_get_state (job) != FW_JOB_DONE || fw_job_get_verdict (job) == FW_JOB_VERDICT_NONE)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_cell_with_text (GtkWidget *widget, gconstpointer text)
{
  return FW_IS_TEXT_CELL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (fw_text_cell_get_text (FW_TEXT_CELL (widget)), text) == 0;
}

/* The row's cell that says @text, once it is drawn. */
static GtkWidget *
wait_cell (Fixture    *f,
           const char *text)
{
  for (;;)
    {
      g_autoptr(GPtrArray) cells = find_widgets (GTK_WIDGET (f->window->column_view), is_cell_with_text, text);

      if (cells->len > 0)
        return g_ptr_array_index (cells, 0);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Pasted after hashing, with the digest computed: compared at once, the
 * file not read again. Words, colour and mark on the row; the banner. */
static void
test_after_hash_at_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, "debian.iso", 1, &sha256, NULL);
  g_autofree char *upper = NULL;
  g_autofree char *line = NULL;
  GtkWidget *state_cell, *result_cell;
  guint n_runs = 0;
  FwJob *job;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fw_window_get_expect_bar (f->window))));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  g_signal_connect (job, "notify::state", G_CALLBACK (running_cb), &n_runs);

  /* A BSD line, upper case: the tag names SHA-256 alone. */
  upper = g_ascii_strup (sha256, -1);
  line = g_strdup_printf ("SHA256 (debian.iso) = %s", upper);
  paste_text (f, line);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_expected_match (job), ==, FW_ALGORITHM_SHA256);
  g_assert_cmpuint (n_runs, ==, 0);
  g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_OK);

  result_cell = wait_cell (f, "Matches the SHA-256 digest you pasted");
  g_assert_true (gtk_widget_has_css_class (result_cell, "success"));
  g_assert_cmpstr (fw_text_cell_get_icon_name (FW_TEXT_CELL (result_cell)), ==, "object-select-symbolic");
  state_cell = wait_cell (f, "Matches");
  g_assert_true (gtk_widget_has_css_class (state_cell, "success"));
  g_assert_null (fw_text_cell_get_icon_name (FW_TEXT_CELL (state_cell)));
  g_assert_cmpstr (banner (f), ==, "debian.iso: Matches the SHA-256 digest you pasted");
  g_assert_cmpint (fw_expect_bar_get_banner_tone (fw_window_get_expect_bar (f->window)), ==, FW_EXPECT_TONE_SUCCESS);
  /* The tally counts it. */
  g_assert_nonnull (strstr (fw_window_get_status_text (f->window), "1 OK"));

  /* Clear List: the verdict and the digest go with the row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (banner (f), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window))), ==, "");
}

/* Pasted after hashing, with a length several algorithms share: the
 * selected row alone is read again with the candidates it lacks; the
 * verdict names the one that matched. */
static void
test_after_hash_rereads_row (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GFile) a = make_file (f, "a.bin", 2, NULL, NULL);
  g_autoptr(GFile) b = make_file (f, "b.bin", 3, NULL, NULL);
  GFile *files[] = { a, b };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FwDigestResult) blake3 = NULL;
  guint n_runs_a = 0, n_runs_b = 0;
  FwJob *job_a, *job_b;
  g_autofree char *path = g_file_get_path (b);
  g_autofree char *contents = NULL;
  gsize length;

  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job_a = fw_job_get_name (job_at (f, 0))[0] == 'a' ? job_at (f, 0) : job_at (f, 1);
  job_b = job_a == job_at (f, 0) ? job_at (f, 1) : job_at (f, 0);
  g_signal_connect (job_a, "notify::state", G_CALLBACK (running_cb), &n_runs_a);
  g_signal_connect (job_b, "notify::state", G_CALLBACK (running_cb), &n_runs_b);
  g_assert_cmphex (fw_job_get_algorithms (job_b), ==, BIT (FW_ALGORITHM_SHA256));

  /* b's BLAKE3, bare (64 hex digits: four candidates). */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  blake3 = fw_digest_data (contents, length, BIT (FW_ALGORITHM_BLAKE3));
  /* Unsorted, the view's order is the list's. */
  select_row (f, job_at (f, 0) == job_b ? 0 : 1);
  {
    g_autoptr(GPtrArray) selected = fw_window_get_selected (f->window);

    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_true (g_ptr_array_index (selected, 0) == job_b);
  }
  paste_text (f, blake3->hex[FW_ALGORITHM_BLAKE3]);
  g_assert_cmpstr (banner (f), ==, "Hashing “b.bin” to compare…");
  wait_verdict (job_b);
  g_assert_cmpint (fw_job_get_verdict (job_b), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_expected_match (job_b), ==, FW_ALGORITHM_BLAKE3);
  g_assert_cmphex (fw_job_get_algorithms (job_b), ==,
                   BIT (FW_ALGORITHM_SHA256) | BIT (FW_ALGORITHM_SHA3_256) |
                   BIT (FW_ALGORITHM_BLAKE2S) | BIT (FW_ALGORITHM_BLAKE3));
  g_assert_cmpuint (n_runs_b, ==, 1);
  g_assert_cmpuint (n_runs_a, ==, 0);
  g_assert_cmpint (fw_job_get_verdict (job_a), ==, FW_JOB_VERDICT_NONE);
  wait_cell (f, "Matches the BLAKE3 digest you pasted");
  g_assert_cmpstr (banner (f), ==, "b.bin: Matches the BLAKE3 digest you pasted");
}

/* A digest no candidate makes: every one tried, and said. */
static void
test_mismatch (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, "x.iso", 4, &sha256, NULL);
  GtkWidget *state_cell, *result_cell;
  FwJob *job;

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  sha256[10] = sha256[10] == '0' ? '1' : '0';
  /* The only row: no selection needed. Grouped by colons. */
  {
    g_autoptr(GString) colons = g_string_new (NULL);

    for (guint i = 0; i < 64; i += 2)
      g_string_append_printf (colons, "%s%.2s", i > 0 ? ":" : "", sha256 + i);
    paste_text (f, colons->str);
  }
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_MISMATCH);
  g_assert_cmphex (fw_job_get_expected_tried (job), ==,
                   BIT (FW_ALGORITHM_SHA256) | BIT (FW_ALGORITHM_SHA3_256) |
                   BIT (FW_ALGORITHM_BLAKE2S) | BIT (FW_ALGORITHM_BLAKE3));
  result_cell = wait_cell (f, "Does not match: tried SHA-256, SHA3-256, BLAKE2s, BLAKE3");
  g_assert_true (gtk_widget_has_css_class (result_cell, "error"));
  g_assert_cmpstr (fw_text_cell_get_icon_name (FW_TEXT_CELL (result_cell)), ==, "dialog-error-symbolic");
  state_cell = wait_cell (f, "Does not match");
  g_assert_true (gtk_widget_has_css_class (state_cell, "error"));
  g_assert_cmpstr (banner (f), ==, "x.iso: Does not match: tried SHA-256, SHA3-256, BLAKE2s, BLAKE3");
  g_assert_cmpint (fw_expect_bar_get_banner_tone (fw_window_get_expect_bar (f->window)), ==, FW_EXPECT_TONE_ERROR);
  g_assert_nonnull (strstr (fw_window_get_status_text (f->window), "1 changed"));
}

/* Pasted before hashing: it waits for the file, whose one read computes
 * every candidate; the batch's algorithms are its own again after. */
static void
test_before_hash (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sha512 = NULL;
  g_autoptr(GFile) file = make_file (f, "fedora.iso", 5, NULL, &sha512);
  guint n_runs = 0;
  FwJob *job;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->window->stack), ==, "empty");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fw_window_get_expect_bar (f->window))));
  paste_text (f, sha512);
  g_assert_cmpstr (banner (f), ==, "Add the file to compare with this digest");

  /* The row's reads counted from the moment it joins the list. */
  g_signal_connect (fw_batch_get_jobs (f->batch), "items-changed", G_CALLBACK (count_runs_cb), &n_runs);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  g_assert_cmphex (fw_batch_get_algorithms (f->batch), ==, BIT (FW_ALGORITHM_SHA256));
  wait_finished (f, 1);
  job = job_at (f, 0);
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_expected_match (job), ==, FW_ALGORITHM_SHA512);
  g_assert_cmphex (fw_job_get_expected_tried (job), ==,
                   BIT (FW_ALGORITHM_SHA512) | BIT (FW_ALGORITHM_SHA3_512) | BIT (FW_ALGORITHM_BLAKE2B));
  /* One read: never queued again. */
  g_assert_cmpuint (n_runs, ==, 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  wait_cell (f, "Matches the SHA-512 digest you pasted");
  g_assert_cmpstr (banner (f), ==, "fedora.iso: Matches the SHA-512 digest you pasted");
}

/* Several rows and no selection: the row the line names, or a question. */
static void
test_which_row (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sha_a = NULL, *sha_b = NULL;
  g_autoptr(GFile) a = make_file (f, "one.iso", 6, &sha_a, NULL);
  g_autoptr(GFile) b = make_file (f, "two.iso", 7, &sha_b, NULL);
  GFile *files[] = { a, b };
  g_autofree char *line = NULL;
  FwJob *two;

  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  two = fw_job_get_name (job_at (f, 0))[0] == 't' ? job_at (f, 0) : job_at (f, 1);

  paste_text (f, sha_b);
  g_assert_cmpstr (banner (f), ==, "Select the row to compare with this digest");
  g_assert_cmpint (fw_job_get_verdict (two), ==, FW_JOB_VERDICT_NONE);

  line = g_strdup_printf ("%s *two.iso", sha_b);
  paste_text (f, line);
  g_assert_cmpint (fw_job_get_verdict (two), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpstr (banner (f), ==, "two.iso: Matches the SHA-256 digest you pasted");
}

/* Text that is no digest: the field and the banner say why. */
static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  GtkEditable *entry = fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window));

  paste_text (f, "see the download page");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpint (fw_expect_bar_get_banner_tone (fw_window_get_expect_bar (f->window)), ==, FW_EXPECT_TONE_ERROR);
  g_assert_true (g_str_has_prefix (banner (f), "This is not a digest"));
}

/* The checksum file beside a file (item 2, the sibling helper's finder):
 * found on the worker, verified in the same read, said with its line. */
static void
add_with_list (Fixture    *f,
               const char *name,
               guint32     seed,
               const char *list_name,
               const char *list_format,   /* HEX and NAME replaced */
               gboolean    wrong,
               FwJob     **job)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, name, seed, &sha256, NULL);
  g_autoptr(GString) list = g_string_new (list_format);
  g_autofree char *list_path = g_build_filename (f->dir, list_name, NULL);

  if (wrong)
    sha256[0] = sha256[0] == 'f' ? 'e' : 'f';
  g_string_replace (list, "HEX", sha256, 0);
  g_string_replace (list, "NAME", name, 0);
  fw_test_write (list_path, list->str, list->len);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, f->n_finished + 1);
  *job = job_at (f, 0);
}

static void
test_sibling_match (Fixture       *f,
                    gconstpointer  data)
{
  FwJob *job;

  add_with_list (f, "debian.iso", 10, "SHA256SUMS",
                 "0000000000000000000000000000000000000000000000000000000000000000  other.iso\n"
                 "1111111111111111111111111111111111111111111111111111111111111111  readme.txt\n"
                 "HEX  NAME\n", FALSE, &job);
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_sibling_status (job), ==, 0 /* FW_SIBLING_FOUND */);
  g_assert_cmpint (fw_job_get_expected_digest (job)->source, ==, FW_EXPECTED_LIST);
  wait_cell (f, "Matches SHA256SUMS, line 3");
  while (g_strcmp0 (banner (f), "debian.iso: Matches SHA256SUMS, line 3") != 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_sibling_mismatch (Fixture       *f,
                       gconstpointer  data)
{
  FwJob *job;

  add_with_list (f, "broken.iso", 11, "broken.iso.sha256", "HEX  NAME\n", TRUE, &job);
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_MISMATCH);
  /* The list's name says SHA-256: the one candidate. */
  wait_cell (f, "Does not match broken.iso.sha256, line 1");
}

static void
test_sibling_clear_signed (Fixture       *f,
                           gconstpointer  data)
{
  FwJob *job;

  add_with_list (f, "Fedora-40.iso", 12, "Fedora-40-x86_64-CHECKSUM",
                 "-----BEGIN PGP SIGNED MESSAGE-----\n"
                 "Hash: SHA512\n"
                 "\n"
                 "# Fedora-40.iso: 123 bytes\n"
                 "SHA256 (NAME) = HEX\n"
                 "-----BEGIN PGP SIGNATURE-----\n"
                 "\n"
                 "iQIzBAEBCAAdFiEE\n"
                 "-----END PGP SIGNATURE-----\n", FALSE, &job);
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_true (fw_job_get_expected_digest (job)->clear_signed);
  wait_cell (f, "Matches Fedora-40-x86_64-CHECKSUM, line 5 (signature not checked)");
}

/* No list beside it: a plain hash row; a paste still compares. */
static void
test_sibling_none (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, "alone.iso", 13, &sha256, NULL);
  FwJob *job;

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  g_assert_cmpint (fw_job_get_sibling_status (job), ==, 1 /* FW_SIBLING_NOT_LISTED */);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_null (fw_job_get_expected_digest (job));
  wait_cell (f, sha256);
  g_assert_cmpstr (banner (f), ==, "");
}

/* The Flatpak: the file came through the document portal, its folder
 * holds it alone. The banner names the lists to look for and offers the
 * chooser; the list chosen (handed over as the chooser does) is read and
 * its line compared. */
static void
test_sibling_unreadable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("fwtest%u", g_random_int ());
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", id, NULL);
  g_autofree char *iso = g_build_filename (doc, "flat.iso", NULL);
  g_autofree char *list_path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "MD5SUMS", NULL);
  g_autoptr(GBytes) bytes = fw_test_write_random (doc, "flat.iso", 30000, 14);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *list = g_strdup_printf ("%s  other.iso\n%s  flat.iso\n", sha256, sha256);
  g_autoptr(GFile) file = g_file_new_for_path (iso);
  g_autoptr(GFile) list_file = g_file_new_for_path (list_path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other_path);
  FwJob *job;

  fw_test_write (list_path, list, strlen (list));
  fw_test_write (other_path, "00112233445566778899aabbccddeeff  other.iso\n", 44);

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  g_assert_cmpint (fw_job_get_sibling_status (job), ==, FW_SIBLING_UNREADABLE);
  while (!g_str_has_prefix (banner (f), "The folder of “flat.iso” cannot be read here"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (banner (f), "flat.iso.sha256"));
  g_assert_nonnull (strstr (banner (f), "SHA256SUMS"));

  /* A list that does not name it. Read on a worker: the banner says so
   * until the answer comes through the main loop. */
  fw_window_expect_list_chosen (f->window, other_file);
  g_assert_cmpstr (banner (f), ==, "Reading “MD5SUMS”…");
  while (g_strcmp0 (banner (f), "Reading “MD5SUMS”…") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (banner (f), ==, "MD5SUMS does not list “flat.iso”");

  /* A list chosen while another is read replaces it: the first one's
   * answer never shows. The right one: SHA-256 by its name, compared at
   * once. */
  fw_window_expect_list_chosen (f->window, other_file);
  fw_window_expect_list_chosen (f->window, list_file);
  g_assert_cmpstr (banner (f), ==, "Reading “SHA256SUMS”…");
  while (fw_job_get_verdict (job) == FW_JOB_VERDICT_NONE)
    {
      g_assert_cmpstr (banner (f), !=, "MD5SUMS does not list “flat.iso”");
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  wait_cell (f, "Matches SHA256SUMS, line 2");
  g_assert_cmpstr (banner (f), ==, "flat.iso: Matches SHA256SUMS, line 2");

  fw_test_rmtree (doc);
}

/* The clipboard -------------------------------------------------------------- */

static void
focus_window (Fixture *f)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (
                                            gtk_native_get_surface (GTK_NATIVE (f->window))));

  xdotool ("windowfocus", "--sync", xid, NULL);
  while (!gtk_window_is_active (GTK_WINDOW (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

/* Another X client owns the clipboard with @text, as a browser would
 * (xclip serves it until another owner takes the clipboard). */
static void
xclip_set (Fixture    *f,
           const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, "clip.txt", NULL);
  const char *argv[] = { "xclip", "-selection", "clipboard", "-i", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  fw_test_write (path, text, strlen (text));
  /* xclip forks a server and returns once it owns the selection. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static void
test_clipboard_offer (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, "offered.iso", 8, &sha256, NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  g_autofree char *prefixed = NULL;
  FwJob *job;

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  focus_window (f);

  /* The app's own copy is no news. */
  gdk_clipboard_set_text (clipboard, sha256);
  while (!gdk_clipboard_is_local (clipboard))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (banner (f), ==, "");

  /* Another program's: offered, not compared. */
  prefixed = g_strdup_printf ("sha256:%s\n", sha256);
  xclip_set (f, prefixed);
  while (g_strcmp0 (banner (f), "Compare with the checksum you copied?") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_cmpstr (gtk_editable_get_text (fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window))), ==, "");

  /* The banner's Compare. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.expect-clipboard", NULL));
  wait_verdict (job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_expected_digest (job)->source, ==, FW_EXPECTED_CLIPBOARD);
  wait_cell (f, "Matches the SHA-256 digest you copied");
  g_assert_cmpstr (gtk_editable_get_text (fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window))), ==,
                   g_strstrip (prefixed));

  /* Focus away and back: the same text is not offered again. */
  gdk_clipboard_set_text (clipboard, "mine");   /* xclip exits */
}

/* A real paste, as a person makes it: another program's clipboard, a
 * click in the field, Ctrl+V; the verdict read off the row. */
static void
test_real_paste (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (f, "real.iso", 9, &sha256, NULL);
  g_autofree char *line = NULL;
  GtkEditable *entry = fw_expect_bar_get_entry (fw_window_get_expect_bar (f->window));
  GtkWidget *result_cell;
  FwJob *job;

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = job_at (f, 0);
  line = g_strdup_printf ("%s  real.iso\n", sha256);
  xclip_set (f, line);
  focus_window (f);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  while (!gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (entry))) &&
         !gtk_widget_has_focus (GTK_WIDGET (entry)))
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (f->window), 2);
  xdotool ("key", "--clearmodifiers", "ctrl+v", NULL);
  while (fw_job_get_verdict (job) == FW_JOB_VERDICT_NONE)
    g_main_context_iteration (NULL, TRUE);
  result_cell = wait_cell (f, "Matches the SHA-256 digest you pasted");
  g_assert_true (gtk_widget_has_css_class (result_cell, "success"));
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (entry), sha256));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), "mine");
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

  g_test_add ("/expect-window/after-hash-at-once", Fixture, NULL, fixture_setup, test_after_hash_at_once, fixture_teardown);
  g_test_add ("/expect-window/after-hash-rereads-row", Fixture, NULL, fixture_setup, test_after_hash_rereads_row, fixture_teardown);
  g_test_add ("/expect-window/mismatch", Fixture, NULL, fixture_setup, test_mismatch, fixture_teardown);
  g_test_add ("/expect-window/before-hash", Fixture, NULL, fixture_setup, test_before_hash, fixture_teardown);
  g_test_add ("/expect-window/which-row", Fixture, NULL, fixture_setup, test_which_row, fixture_teardown);
  g_test_add ("/expect-window/garbage", Fixture, NULL, fixture_setup, test_garbage, fixture_teardown);
  g_test_add ("/expect-window/sibling-match", Fixture, NULL, fixture_setup, test_sibling_match, fixture_teardown);
  g_test_add ("/expect-window/sibling-mismatch", Fixture, NULL, fixture_setup, test_sibling_mismatch, fixture_teardown);
  g_test_add ("/expect-window/sibling-clear-signed", Fixture, NULL, fixture_setup, test_sibling_clear_signed, fixture_teardown);
  g_test_add ("/expect-window/sibling-none", Fixture, NULL, fixture_setup, test_sibling_none, fixture_teardown);
  g_test_add ("/expect-window/sibling-unreadable", Fixture, NULL, fixture_setup, test_sibling_unreadable, fixture_teardown);
  g_test_add ("/expect-window/clipboard-offer", Fixture, NULL, fixture_setup, test_clipboard_offer, fixture_teardown);
  g_test_add ("/expect-window/real-paste", Fixture, NULL, fixture_setup, test_real_paste, fixture_teardown);

  return g_test_run ();
}
