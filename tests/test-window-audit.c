/* test-window-audit.c — the audit in the window's Verify mode, and "Add
 * New Files to LIST" (issue 20, items 1 and 3), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fw-alert.h"
#include "fw-digest.h"
#include "fw-job-text.h"
#include "fw-export.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("mode", NULL);
  fw_test_window_setup (f, NULL);
}

/* The audit and Add New Files to LIST work beside the batch. */
static gboolean
audit_busy (FwTestWindow *f)
{
  return fw_window_audit_get_running (f->window) || fw_window_audit_get_adding (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, audit_busy);
}

/* The verification's end, then Look for New Files, the audit's end,
 * every row shown. */
static void
wait_audited (Fixture *f,
              guint    n)
{
  GtkButton *start = fw_window_get_audit_start_button (f->window);

  while (f->n_finished < n)
    g_main_context_iteration (NULL, TRUE);
  /* Asked for, as a person does: the bar's button. */
  while (!gtk_widget_get_visible (GTK_WIDGET (start)) || !gtk_widget_is_sensitive (GTK_WIDGET (start)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fw_window_get_audit_text (f->window), ==, "Files the list does not name are not shown");
  g_signal_emit_by_name (start, "clicked");
  g_assert_true (fw_window_audit_get_running (f->window));
  while (fw_window_audit_get_running (f->window))
    g_main_context_iteration (NULL, TRUE);
  while (fw_batch_get_scanning (f->batch) ||
         fw_paced_list_model_get_n_pending (f->window->paced) > 0 ||
         g_list_model_get_n_items (G_LIST_MODEL (f->window->paced)) !=
         g_list_model_get_n_items (fw_batch_get_jobs (f->batch)))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
put (Fixture    *f,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, text, strlen (text));
}

static void
gone (Fixture    *f,
      const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
rename_file (Fixture    *f,
             const char *from,
             const char *to)
{
  g_autofree char *a = g_build_filename (f->dir, from, NULL);
  g_autofree char *b = g_build_filename (f->dir, to, NULL);
  g_autofree char *parent = g_path_get_dirname (b);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (g_rename (a, b), ==, 0);
}

static char *
get (Fixture    *f,
     const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The row named @name (relative to the folder), or NULL. */
static FwJob *
row (Fixture    *f,
     const char *name)
{
  GListModel *jobs = fw_batch_get_jobs (f->batch);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (g_strcmp0 (fw_job_get_name (job), name) == 0)
        return job;   /* the batch keeps it */
    }
  return NULL;
}

/* The row's State and Result, in the words the columns show. */
static void
assert_row (Fixture    *f,
            const char *name,
            const char *state,
            const char *result)
{
  FwJob *job = row (f, name);
  g_autofree char *text = NULL;

  if (job == NULL)
    g_error ("no row named %s", name);
  g_assert_cmpstr (fw_job_text_status (job), ==, state);
  text = fw_job_text_result (job);
  if (result != NULL)
    g_assert_cmpstr (text, ==, result);
}

/* The names of the rows the view shows (through the filter), sorted. */
static char *
shown_names (Fixture *f)
{
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (shown, i);

      g_ptr_array_add (names, (gpointer) fw_job_get_name (job));
    }
  g_ptr_array_sort (names, fw_window_audit_compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
choose_filter (Fixture    *f,
               const char *label)
{
  GtkDropDown *filter = fw_window_get_audit_filter (f->window);
  GListModel *choices = gtk_drop_down_get_model (filter);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), label) == 0)
      {
        gtk_drop_down_set_selected (filter, i);
        return;
      }
  g_error ("no filter %s", label);
}

/* Asks Add New Files to SHA256SUMS as a person does (the bar's button,
 * then the question's Add), and waits for it to end. */
static void
add_new_files (Fixture    *f,
               const char *heading,
               const char *body)
{
  GtkButton *button = fw_window_get_audit_add_button (f->window);
  FwAlert *alert = NULL;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
  while ((alert = find_alert (f->window, heading)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fw_alert_get_body (alert), ==, body);
  alert_click (alert, "_Add");
  while (fw_window_audit_get_adding (f->window) || fw_window_get_last_toast (f->window) == NULL ||
         (!g_str_has_prefix (fw_window_get_last_toast (f->window), "Added ") &&
          !g_str_has_prefix (fw_window_get_last_toast (f->window), "Could not")))
    g_main_context_iteration (NULL, TRUE);
}

/* A folder against its list: every verdict, the counts, the filter, the
 * CSV; then its new files added, as `hash --update` adds them. */
static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *list = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *copy = g_strconcat (f->dir, "-cli", NULL);
  g_autofree char *cli = fw_test_cli_path ();
  g_autofree char *old_list = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  int status = -1;

  put (f, "ok.txt", "intact");
  put (f, "changed.txt", "before");
  put (f, "deleted.txt", "deleted");
  put (f, "renamed.txt", "renamed");
  put (f, "moved-changed.txt", "moved, then changed");
  put (f, "twin-1", "twin");
  put (f, "twin-2", "twin");
  put (f, "empty-1", "");
  {
    const char *argv[] = { "sha256sum", "ok.txt", "changed.txt", "deleted.txt", "renamed.txt",
                           "moved-changed.txt", "twin-1", "twin-2", "empty-1", NULL };
    g_autofree char *out = fw_test_run (f->dir, argv, &status, NULL);

    g_assert_cmpint (status, ==, 0);
    fw_test_write (list, out, strlen (out));
    g_assert_cmpint (g_chmod (list, 0640), ==, 0);
  }
  put (f, "changed.txt", "after");
  gone (f, "deleted.txt");
  put (f, "new.txt", "new");
  rename_file (f, "renamed.txt", "sub/renamed 2.txt");
  rename_file (f, "moved-changed.txt", "sub/moved-changed 2.txt");
  put (f, "sub/moved-changed 2.txt", "moved, and changed");
  /* Two missing entries with one digest, and a file with it: no move. */
  gone (f, "twin-1");
  gone (f, "twin-2");
  put (f, "twin-found", "twin");
  /* Empty files never move. */
  gone (f, "empty-1");
  put (f, "empty-2", "");
  put (f, "other.md5", "not new: a checksum file");
  old_list = get (f, "SHA256SUMS");

  drop (f, "SHA256SUMS", NULL);
  wait_audited (f, 1);

  assert_row (f, "ok.txt", "OK", "Digest matches");
  assert_row (f, "changed.txt", "Changed", NULL);
  assert_row (f, "deleted.txt", "Missing", NULL);
  assert_row (f, "moved-changed.txt", "Missing", NULL);
  assert_row (f, "twin-1", "Missing", NULL);
  assert_row (f, "twin-2", "Missing", NULL);
  assert_row (f, "empty-1", "Missing", NULL);
  /* A move is one row: the file found, named by its relative path. */
  assert_row (f, "sub/renamed 2.txt", "Moved", "Moved from renamed.txt");
  g_assert_null (row (f, "renamed.txt"));
  assert_row (f, "new.txt", "New", "Not in the list");
  assert_row (f, "sub/moved-changed 2.txt", "New", "Not in the list");
  assert_row (f, "twin-found", "New", "Not in the list");
  assert_row (f, "empty-2", "New", "Not in the list");
  g_assert_null (row (f, "other.md5"));
  g_assert_null (row (f, "SHA256SUMS"));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 12);

  /* The counts, in words, in the bar and in the summary. */
  g_assert_cmpstr (fw_window_get_audit_text (f->window), ==,
                   "1 OK, 1 changed, 5 missing, 4 new, 1 moved");
  g_assert_nonnull (strstr (fw_window_get_last_toast (f->window), "4 new"));
  g_assert_nonnull (strstr (fw_window_get_last_toast (f->window), "1 moved"));
  g_assert_nonnull (strstr (fw_window_get_status_text (f->window), "4 new"));

  /* Failures first: the first row shown is not the OK one. */
  {
    GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
    g_autoptr(FwJob) first = g_list_model_get_item (shown, 0);
    g_autoptr(FwJob) last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);

    g_assert_cmpint (fw_job_get_status (first), !=, FW_JOB_STATUS_OK);
    g_assert_cmpint (fw_job_get_status (last), ==, FW_JOB_STATUS_OK);
  }

  /* The bar fits the window's 360 px minimum. */
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (f->window->audit_bar), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 320);
  }

  /* The filter. */
  choose_filter (f, "Moved");
  names = shown_names (f);
  g_assert_cmpstr (names, ==, "sub/renamed 2.txt");
  g_clear_pointer (&names, g_free);
  choose_filter (f, "New");
  names = shown_names (f);
  g_assert_cmpstr (names, ==, "empty-2 new.txt sub/moved-changed 2.txt twin-found");
  g_clear_pointer (&names, g_free);
  choose_filter (f, "Missing");
  names = shown_names (f);
  g_assert_cmpstr (names, ==, "deleted.txt empty-1 moved-changed.txt twin-1 twin-2");
  g_clear_pointer (&names, g_free);
  choose_filter (f, "Changed");
  names = shown_names (f);
  g_assert_cmpstr (names, ==, "changed.txt");
  g_clear_pointer (&names, g_free);
  choose_filter (f, "Problems");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)))), ==, 11);
  choose_filter (f, "All");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)))), ==, 12);

  /* The CSV carries the verdicts. */
  csv = fw_export_build (fw_batch_get_jobs (f->batch), FW_EXPORT_CSV, f->dir, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

    g_assert_nonnull (strstr (text, ",moved from renamed.txt\r\n"));
    g_assert_nonnull (strstr (text, "new.txt,verify,3,done,new\r\n"));
  }

  /* Add New Files to SHA256SUMS: what hash --update writes in a copy of
   * the folder as it is now, byte for byte; the mode is kept. */
  {
    const char *cp[] = { "cp", "-a", f->dir, copy, NULL };
    const char *update[] = { cli, "hash", "--update", "SHA256SUMS", NULL };
    g_autofree char *out = fw_test_run (NULL, cp, &status, NULL);

    g_assert_cmpint (status, ==, 0);
    g_free (out);
    out = fw_test_run (copy, update, &status, NULL);
    g_assert_cmpint (status, ==, 0);
  }
  g_assert_cmpstr (gtk_button_get_label (fw_window_get_audit_add_button (f->window)), ==,
                   "Add New Files to SHA256SUMS");
  add_new_files (f, "Add New Files to “SHA256SUMS”?",
                 "5 files the list does not name will be read and their digests added to the "
                 "list, in the list’s own format.");
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Added 5 files to “SHA256SUMS”");
  ours = get (f, "SHA256SUMS");
  {
    g_autofree char *path = g_build_filename (copy, "SHA256SUMS", NULL);

    g_file_get_contents (path, &theirs, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (ours, ==, theirs);
  g_assert_true (g_str_has_prefix (ours, old_list));
  g_assert_nonnull (strstr (ours, "  sub/renamed 2.txt\n"));
  g_assert_nonnull (strstr (ours, "  empty-2\n"));
  g_assert_cmpint (g_stat (list, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  /* Nothing more to add. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fw_window_get_audit_add_button (f->window))));
  fw_test_rmtree (copy);
}

/* A BSD-tag list through a symbolic link keeps its format and its link;
 * a list that cannot be rewritten says why and stays as it was. */
static void
test_add_link_and_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "lists", "real.sums", NULL);
  g_autofree char *link = g_build_filename (f->dir, "CHECKSUMS", NULL);
  g_autofree char *text = NULL;
  int status = -1;

  put (f, "a", "alpha");
  {
    const char *argv[] = { "md5sum", "--tag", "a", NULL };
    g_autofree char *out = fw_test_run (f->dir, argv, &status, NULL);

    g_assert_cmpint (status, ==, 0);
    put (f, "lists/real.sums", out);
  }
  g_assert_cmpint (symlink ("lists/real.sums", link), ==, 0);
  put (f, "b", "beta");

  drop (f, "CHECKSUMS", NULL);
  wait_audited (f, 1);
  assert_row (f, "a", "OK", NULL);
  assert_row (f, "b", "New", "Not in the list");
  /* The list behind the link is a checksum file: never new. */
  g_assert_null (row (f, "lists/real.sums"));
  add_new_files (f, "Add New Files to “CHECKSUMS”?",
                 "1 file the list does not name will be read and its digest added to the list, "
                 "in the list’s own format.");
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Added 1 file to “CHECKSUMS”");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  text = get (f, "lists/real.sums");
  g_assert_cmpstr (text, ==,
                   "MD5 (a) = 2c1743a391305fbf367df8e4f069f9f9\n"
                   "MD5 (b) = 987bcab01b929eb2c07877b224215c92\n");
  g_clear_pointer (&text, g_free);

  /* Again, with the list gone before Add: the toast says why. */
  put (f, "c", "gamma");
  drop (f, "CHECKSUMS", NULL);
  wait_audited (f, 2);
  assert_row (f, "c", "New", "Not in the list");
  g_assert_cmpint (g_unlink (target), ==, 0);
  add_new_files (f, "Add New Files to “CHECKSUMS”?",
                 "1 file the list does not name will be read and its digest added to the list, "
                 "in the list’s own format.");
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==,
                   "Could not update “CHECKSUMS”: No such file or directory. It was not changed");
}

/* Add New Files answered twice, as an AdwAlertDialog closing after its
 * button answers (libadwaita >= 1.5; by hand here, on any version): the
 * list is rewritten once (fw_alert_choose()), the new file in it once. */
static void
test_add_answered_twice (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sums = NULL, *text = NULL, *expected = NULL;
  g_autofree char *beta = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "beta", -1);
  GtkButton *button;
  FwAlert *alert;
  int status = -1;

  put (f, "a", "alpha");
  {
    const char *argv[] = { "sha256sum", "a", NULL };

    sums = fw_test_run (f->dir, argv, &status, NULL);
    g_assert_cmpint (status, ==, 0);
    put (f, "SHA256SUMS", sums);
  }
  put (f, "b", "beta");
  drop (f, "SHA256SUMS", NULL);
  wait_audited (f, 1);
  assert_row (f, "b", "New", "Not in the list");

  button = fw_window_get_audit_add_button (f->window);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
  while ((alert = find_alert (f->window, "Add New Files to “SHA256SUMS”?")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_ref (alert);
  g_signal_emit_by_name (alert, "response", "add");
  g_signal_emit_by_name (alert, "response", "add");
  g_signal_emit_by_name (alert, "response", "cancel");
  /* The callback counted: one answer. */
  g_assert_cmpuint (fw_alert_get_n_answers (alert), ==, 1);
#if ADW_CHECK_VERSION (1, 5, 0)
  fw_alert_close (alert);
#else
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
  g_object_unref (alert);
  while (fw_window_audit_get_adding (f->window) || fw_window_get_last_toast (f->window) == NULL ||
         !g_str_has_prefix (fw_window_get_last_toast (f->window), "Added "))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Added 1 file to “SHA256SUMS”");
  text = get (f, "SHA256SUMS");
  expected = g_strdup_printf ("%s%s  b\n", sums, beta);
  g_assert_cmpstr (text, ==, expected);
}

/* Preferences' patterns (Left Out of Folders) are matched below the
 * list's folder: a new file matching `*.tmp`, or a hidden one with `.*`,
 * is not New, though the folder itself is inside a hidden folder. */
static void
test_exclude (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *patterns[] = { "*.tmp", ".*", NULL };
  int status = -1;

  put (f, ".box/a.txt", "a");
  put (f, ".box/sub/b.txt", "b");
  {
    const char *argv[] = { "sha256sum", "a.txt", "sub/b.txt", NULL };
    g_autofree char *box = g_build_filename (f->dir, ".box", NULL);
    g_autofree char *out = fw_test_run (box, argv, &status, NULL);
    g_autofree char *list = g_build_filename (box, "SHA256SUMS", NULL);

    g_assert_cmpint (status, ==, 0);
    fw_test_write (list, out, strlen (out));
  }
  put (f, ".box/new.txt", "new");
  put (f, ".box/scratch.tmp", "left out");
  put (f, ".box/sub/more.tmp", "left out");
  put (f, ".box/.cache/x", "left out");
  put (f, ".box/sub/.hidden", "left out");
  g_settings_set_strv (settings, "exclude-patterns", patterns);

  drop (f, ".box/SHA256SUMS", NULL);
  wait_audited (f, 1);
  g_settings_reset (settings, "exclude-patterns");

  assert_row (f, "a.txt", "OK", NULL);
  assert_row (f, "sub/b.txt", "OK", NULL);
  assert_row (f, "new.txt", "New", "Not in the list");
  g_assert_null (row (f, "scratch.tmp"));
  g_assert_null (row (f, "sub/more.tmp"));
  g_assert_null (row (f, ".cache/x"));
  g_assert_null (row (f, "sub/.hidden"));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 3);
  g_assert_cmpstr (fw_window_get_audit_text (f->window), ==, "2 OK, 1 new");
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

  g_test_add ("/window-audit/verdicts", Fixture, NULL, fixture_setup, test_audit, fixture_teardown);
  g_test_add ("/window-audit/add-answered-twice", Fixture, NULL, fixture_setup, test_add_answered_twice,
              fixture_teardown);
  g_test_add ("/window-audit/exclude", Fixture, NULL, fixture_setup, test_exclude, fixture_teardown);
  g_test_add ("/window-audit/add-link-and-failure", Fixture, NULL, fixture_setup,
              test_add_link_and_failure, fixture_teardown);
  return g_test_run ();
}
