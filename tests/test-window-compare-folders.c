/* test-window-compare-folders.c — the window's Compare Folders mode
 * (issue 20, item 2), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two trees with every kind of verdict are compared in the real window;
 * each row's verdict, read from the window's model (and its words from
 * the cells shown), written out in diff's words, must be what
 * `fileworks-cli compare -r A B` prints (which test-cli-compare-tree
 * holds to `diff -rq`), and what `diff -rq` prints, in the same order.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-digest.h"
#include "fw-job-compare-entry.h"
#include "fw-job-text.h"
#include "fw-preferences.h"
#include "fw-size-window-private.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("mode", "exclude-patterns", NULL);
  fw_test_window_setup (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
  fw_test_reset_settings ("mode", "exclude-patterns", NULL);
}

/* The Show drop-down's choice labelled @label. */
static void
choose_filter (Fixture    *f,
               const char *label)
{
  GListModel *choices = gtk_drop_down_get_model (f->window->compare_filter);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), label) == 0)
      {
        gtk_drop_down_set_selected (f->window->compare_filter, i);
        return;
      }
  g_error ("no filter %s", label);
}

static const char *
chosen_filter (Fixture *f)
{
  GtkDropDown *filter = f->window->compare_filter;

  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (filter)),
                                     gtk_drop_down_get_selected (filter));
}

static void
folder (Fixture    *f,
        const char *rel)
{
  g_autofree char *path = g_build_filename (f->dir, rel, NULL);

  g_assert_no_errno (g_mkdir_with_parents (path, 0755));
}

static void
put (Fixture    *f,
     const char *rel,
     const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (parent, 0755));
  fw_test_write (path, text, strlen (text));
}

/* Every verdict: identical, different content of the same size,
 * different sizes, only in A (a nested folder), only in B, a file
 * against a folder, a dangling link, awkward names. */
static void
make_trees (Fixture *f)
{
  g_autofree char *link = g_build_filename (f->dir, "A", "sub", "dangling", NULL);

  put (f, "A/same", "same\n");
  put (f, "B/same", "same\n");
  put (f, "A/sub/same size", "1234\n");
  put (f, "B/sub/same size", "1243\n");
  put (f, "A/sub/grown", "short\n");
  put (f, "B/sub/grown", "a longer one\n");
  put (f, "A/only/nested/deep/x", "x\n");
  put (f, "B/sub/only b", "b\n");
  put (f, "A/kind", "file\n");
  folder (f, "B/kind");
  put (f, "B/sub/dangling", "there\n");
  g_assert_no_errno (symlink ("nowhere", link));
  put (f, "A/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 \"q\" 10", "u\n");
  put (f, "B/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 \"q\" 10", "v\n");
  put (f, "A/IMG_2", "2\n");
  put (f, "B/IMG_2", "2\n");
  put (f, "A/.hidden/h", "1\n");
  put (f, "B/.hidden/h", "2\n");
}

/* The window's rows in diff's words, in the batch's order (diff's). */
static void
rows_as_diff (Fixture *f,
              GString *out,
              GString *err)
{
  GListModel *jobs = fw_batch_get_jobs (f->batch);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);
      const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);
      const char *path = fw_job_get_path (job);
      g_autofree char *other = fw_job_get_other_file (job) != NULL
                               ? g_file_get_path (fw_job_get_other_file (job)) : NULL;

      g_assert_nonnull (entry);
      switch (entry->verdict)
        {
        case FW_COMPARE_TREE_IDENTICAL:
          g_assert_cmpstr (fw_job_text_status (job), ==, "Identical");
          break;
        case FW_COMPARE_TREE_DIFFERENT:
          g_assert_cmpstr (fw_job_text_status (job), ==, "Different");
          g_string_append_printf (out, "Files %s and %s differ\n", path, other);
          break;
        case FW_COMPARE_TREE_ONLY_IN:
          {
            g_autofree char *dir = g_path_get_dirname (path);
            g_autofree char *name = g_path_get_basename (path);

            g_assert_cmpstr (fw_job_text_status (job), ==, entry->side == 0 ? "Only in A" : "Only in B");
            g_string_append_printf (out, "Only in %s: %s\n", dir, name);
          }
          break;
        case FW_COMPARE_TREE_TYPES_DIFFER:
          g_assert_cmpstr (fw_job_text_status (job), ==, "Different type");
          g_string_append_printf (out, "File %s is a %s while file %s is a %s\n",
                                  path, entry->type[0], other, entry->type[1]);
          break;
        case FW_COMPARE_TREE_ERROR:
          g_assert_cmpstr (fw_job_text_status (job), ==, "Failed");
          g_string_append_printf (err, "diff: %s: %s\n", path, fw_job_get_error (job)->message);
          break;
        case FW_COMPARE_TREE_LOOP:
        default:
          g_assert_not_reached ();
        }
    }
}

static void
run_tool (const char * const *argv,
          char              **out,
          char              **err,
          int                *status)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* The window agrees with `fileworks-cli compare -r` and `diff -rq`. */
static void
test_as_cli (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "A", NULL);
  g_autofree char *b = g_build_filename (f->dir, "B", NULL);
  g_autofree char *cli = fw_test_cli_path ();
  const char *ours[] = { cli, "compare", "-r", a, b, NULL };
  const char *diff[] = { "diff", "-rq", a, b, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *cli_out = NULL, *cli_err = NULL, *diff_out = NULL, *diff_err = NULL;
  g_autofree char *cli_err_as_diff = NULL;
  g_autofree char *tally = NULL;
  int status = 0;

  make_trees (f);
  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  drop (f, "A", "B", NULL);
  wait_finished (f, 1);

  rows_as_diff (f, out, err);
  run_tool (ours, &cli_out, &cli_err, &status);
  g_assert_cmpint (status, ==, 2);
  cli_err_as_diff = replace_all (cli_err, "fileworks-cli compare", "diff");
  g_test_message ("compare -r: %s%s", cli_out, cli_err);
  g_assert_cmpstr (out->str, ==, cli_out);
  g_assert_cmpstr (err->str, ==, cli_err_as_diff);
  run_tool (diff, &diff_out, &diff_err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out->str, ==, diff_out);
  g_assert_cmpstr (err->str, ==, diff_err);

  /* Each verdict is there, in words in the shown cells: every row, so
   * All (the identical rows are not shown at first). */
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 0);
  choose_filter (f, "All");
  g_assert_cmpuint (count_cells (f, "Only in A"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Only in B"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different type"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different"), ==, 4);
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);
  g_assert_cmpuint (count_cells (f, "Failed"), ==, 1);
  /* Named below the folders, the same on both sides. */
  g_assert_cmpuint (count_cells (f, "sub/grown"), ==, 1);
  g_assert_cmpuint (count_cells (f, "A: 6 bytes · B: 13 bytes"), ==, 1);
  g_assert_cmpuint (count_cells (f, "only"), ==, 1);
  g_assert_cmpuint (count_cells (f, "A: folder · not in B"), ==, 1);

  {
    FwBatchCounts counts;

    fw_batch_get_counts (f->batch, &counts);
    tally = fw_job_text_tally (&counts);
  }
  g_assert_cmpstr (tally, ==, "4 different · 1 only in A · 1 only in B · 1 of a different type · "
                              "2 identical · 1 failed");
}

/* Two folders dropped in Compare Files: compared as folders, and said. */
static void
test_inferred (Fixture       *f,
               gconstpointer  data)
{
  make_trees (f);
  choose_job (f->window, "Compare Files", FW_BATCH_MODE_COMPARE);
  drop (f, "A", "B", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Two folders: comparing them file by file");
  g_assert_cmpint (fw_window_get_mode (f->window), ==, FW_BATCH_MODE_COMPARE_FOLDERS);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 10);
  g_assert_cmpuint (count_cells (f, "Only in B"), ==, 1);
}

/* One folder, then the other: the first waits for its pair. */
static void
test_one_then_other (Fixture       *f,
                     gconstpointer  data)
{
  make_trees (f);
  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  drop (f, "A", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Now add the folder to compare with “A”");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 0);
  drop (f, "B", NULL);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 10);
}

/* The patterns in the settings: left out below both folders, and out
 * of a folder hashed, matched below the folder dropped (whose own path
 * is under a hidden folder: `.*` must not leave out everything). */
static void
test_exclude (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *patterns[] = { ".*", "sub/grown", NULL };
  GListModel *jobs = fw_batch_get_jobs (f->batch);

  make_trees (f);
  put (f, ".outer/tree/a", "a\n");
  put (f, ".outer/tree/.git/config", "c\n");
  put (f, ".outer/tree/sub/.env", "e\n");
  put (f, ".outer/tree/sub/grown", "g\n");
  put (f, ".outer/tree/sub/kept", "k\n");
  g_settings_set_strv (settings, "exclude-patterns", patterns);

  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  drop (f, "A", "B", NULL);
  wait_finished (f, 1);
  /* .hidden (different on each side) and sub/grown are gone. */
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 8);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      g_assert_null (strstr (fw_job_get_path (job), ".hidden"));
      g_assert_null (strstr (fw_job_get_path (job), "grown"));
    }

  g_settings_set_string (settings, "mode", "hash");
  drop (f, ".outer/tree", NULL);
  wait_finished (f, 2);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 10);
  {
    g_autoptr(FwJob) first = g_list_model_get_item (jobs, 8);
    g_autoptr(FwJob) second = g_list_model_get_item (jobs, 9);

    g_assert_cmpint (fw_job_get_kind (first), ==, FW_JOB_HASH);
    g_assert_cmpstr (fw_job_get_name (first), ==, "a");
    g_assert_cmpstr (fw_job_get_name (second), ==, "sub/kept");
  }
}

/* Exclude This Folder on a compared folder's row: its path below the
 * folders joins the patterns, and Undo takes it out again; a file's row
 * offers nothing. */
static void
test_exclude_this_folder (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GListModel *shown = G_LIST_MODEL (f->window->selection);
  g_auto(GStrv) patterns = NULL;
  guint folder_row = G_MAXUINT, file_row = G_MAXUINT;

  make_trees (f);
  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  drop (f, "A", "B", NULL);
  wait_finished (f, 1);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (shown, i);

      if (g_strcmp0 (fw_job_get_name (job), "only") == 0)
        folder_row = i;
      if (g_strcmp0 (fw_job_get_name (job), "sub/grown") == 0)
        file_row = i;
    }
  g_assert_cmpuint (folder_row, !=, G_MAXUINT);
  g_assert_cmpuint (file_row, !=, G_MAXUINT);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->window->selection), file_row, TRUE);
  {
    g_autoptr(FwJob) job = g_list_model_get_item (shown, file_row);
    g_autofree char *none = fw_window_exclude_pattern_for (job);

    g_assert_null (none);
  }
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->window->selection), folder_row, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.exclude-folder", NULL));
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 1);
  g_assert_cmpstr (patterns[0], ==, "only");
  g_clear_pointer (&patterns, g_strfreev);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==,
                   "“only” is left out of folders added from now on");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.exclude-undo", "s", "only"));
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 0);
}

static gboolean
is_switch (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_SWITCH (widget);
}

static gboolean
is_entry_row (GtkWidget *widget, gconstpointer unused)
{
  return ADW_IS_ENTRY_ROW (widget);
}

static gboolean
is_button (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_BUTTON (widget) && !GTK_IS_SWITCH (widget);
}

/* The one row titled @title in @root, which must be there. */
static GtkWidget *
row_titled (GtkWidget  *root,
            const char *title)
{
  g_autoptr(GPtrArray) rows = find_widgets (root, is_row_with_title, title);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_ptr_array_index (rows, 0);
}

/* Preferences: the offered patterns are off by default; a switch, the
 * entry and a row's remove button change the setting, and the rows
 * follow the setting changed elsewhere. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = fw_preferences_present (GTK_WINDOW (f->window));
  g_autoptr(GPtrArray) switches = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) patterns = NULL;
  GtkWidget *hidden;

  switches = find_widgets (row_titled (prefs, "Hidden Files and Folders"), is_switch, NULL);
  g_assert_cmpuint (switches->len, ==, 1);
  hidden = g_ptr_array_index (switches, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (hidden)));
  gtk_switch_set_active (GTK_SWITCH (hidden), TRUE);
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 1);
  g_assert_cmpstr (patterns[0], ==, ".*");
  g_clear_pointer (&patterns, g_strfreev);

  entries = find_widgets (prefs, is_entry_row, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "*.tmp");
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "apply");
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 2);
  g_assert_cmpstr (patterns[1], ==, "*.tmp");
  g_clear_pointer (&patterns, g_strfreev);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (entries, 0))), ==, "");

  /* Its own row, whose button removes it. */
  {
    g_autoptr(GPtrArray) buttons = find_widgets (row_titled (prefs, "*.tmp"), is_button, NULL);

    g_assert_cmpuint (buttons->len, ==, 1);
    g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  }
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 1);
  g_clear_pointer (&patterns, g_strfreev);
  {
    g_autoptr(GPtrArray) rows = find_widgets (prefs, is_row_with_title, "*.tmp");

    g_assert_cmpuint (rows->len, ==, 0);
  }

  /* Changed elsewhere: the switch follows. */
  g_settings_reset (settings, "exclude-patterns");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (hidden)));
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (prefs));
#else
  gtk_window_destroy (GTK_WINDOW (prefs));
#endif
}

/* du -s --block-size=1 with --exclude=… on @path (absolute). */
static guint64
du_excluding (const char * const *excludes,
              const char         *path)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;

  g_ptr_array_add (argv, g_strdup ("du"));
  g_ptr_array_add (argv, g_strdup ("-s"));
  g_ptr_array_add (argv, g_strdup ("--block-size=1"));
  for (guint i = 0; excludes != NULL && excludes[i] != NULL; i++)
    g_ptr_array_add (argv, g_strconcat ("--exclude=", excludes[i], NULL));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, NULL);
  run_tool ((const char * const *) argv->pdata, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  return g_ascii_strtoull (out, NULL, 10);
}

/* The last row of the list, once @n rows are there and done. */
static FwJob *
size_row (Fixture *f,
          guint    n)
{
  GListModel *jobs = fw_batch_get_jobs (f->batch);
  FwJob *job;

  wait_finished (f, n);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n);
  job = g_list_model_get_item (jobs, n - 1);
  g_assert_cmpint (fw_job_get_kind (job), ==, FW_JOB_SIZE);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  return job;
}

/* Size rows leave out the patterns below the folder sized, as `du -s
 * --exclude` does where du's whole-path matching agrees (patterns
 * without a path, the folder's own path matching none); with `.*`, a
 * folder inside a hidden one keeps its files. Exclude This Folder on a
 * size row adds the folder's name, and the next size of its parent
 * leaves it out. */
static void
test_exclude_sizes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *sized = g_build_filename (f->dir, ".outer", "sized", NULL);
  g_autofree char *cache = g_build_filename (sized, "cache", NULL);
  const char *tmp[] = { "*.tmp", NULL };
  const char *tmp_hidden[] = { "*.tmp", ".*", NULL };
  const char *tmp_named[] = { "*.tmp", ".git", ".env", NULL };
  const char *tmp_cache[] = { "*.tmp", "cache", NULL };
  g_autofree char *big = g_malloc0 (64 * 1024);
  GListModel *shown = G_LIST_MODEL (f->window->selection);
  g_auto(GStrv) patterns = NULL;
  guint64 all;

  put (f, ".outer/sized/a", "a\n");
  put (f, ".outer/sized/.env", "e\n");
  put (f, ".outer/sized/sub/kept", "k\n");
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "x.tmp", "sub/y.tmp", ".git/objects/z" };
      g_autofree char *path = g_build_filename (sized, names[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_no_errno (g_mkdir_with_parents (parent, 0755));
      fw_test_write (path, big, 64 * 1024);
    }
  put (f, ".outer/sized/cache/c1", "c\n");
  {
    g_autofree char *c2 = g_build_filename (cache, "c2", NULL);

    fw_test_write (c2, big, 64 * 1024);
  }
  all = du_excluding (NULL, sized);

  g_settings_set_string (settings, "mode", "size");
  g_settings_set_strv (settings, "exclude-patterns", tmp);
  drop (f, ".outer/sized", NULL);
  {
    g_autoptr(FwJob) job = size_row (f, 1);

    g_assert_cmpuint (fw_job_get_size (job), ==, du_excluding (tmp, sized));
    g_assert_cmpuint (fw_job_get_size (job), <, all);
  }

  /* `.*`: sized is inside .outer, and keeps its files. */
  g_settings_set_strv (settings, "exclude-patterns", tmp_hidden);
  drop (f, ".outer/sized", NULL);
  {
    g_autoptr(FwJob) job = size_row (f, 2);

    g_assert_cmpuint (fw_job_get_size (job), ==, du_excluding (tmp_named, sized));
    g_assert_cmpuint (fw_job_get_size (job), <, du_excluding (tmp, sized));
  }

  /* Exclude This Folder on the size row of sized/cache. */
  g_settings_set_strv (settings, "exclude-patterns", tmp);
  drop (f, ".outer/sized/cache", NULL);
  {
    g_autoptr(FwJob) job = size_row (f, 3);

    /* The row's own folder stays: the patterns are matched below it. */
    g_assert_cmpuint (fw_job_get_size (job), ==, du_excluding (NULL, cache));
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(FwJob) item = g_list_model_get_item (shown, i);

        if (item == job)
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->window->selection), i, TRUE);
      }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.exclude-folder", NULL));
  patterns = g_settings_get_strv (settings, "exclude-patterns");
  g_assert_cmpuint (g_strv_length (patterns), ==, 2);
  g_assert_cmpstr (patterns[1], ==, "cache");
  drop (f, ".outer/sized", NULL);
  {
    g_autoptr(FwJob) job = size_row (f, 4);
    g_autoptr(FwJob) first = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);

    g_assert_cmpuint (fw_job_get_size (job), ==, du_excluding (tmp_cache, sized));
    g_assert_cmpuint (fw_job_get_size (job), <, fw_job_get_size (first));
  }

  /* Browse Sizes, which runs a scan of its own, leaves out the same. */
  g_settings_set_strv (settings, "exclude-patterns", tmp_hidden);
  {
    g_autoptr(GFile) folder_file = g_file_new_for_path (sized);
    g_autoptr(FwSizeWindow) window = g_object_ref_sink (fw_size_window_new (GTK_WINDOW (f->window),
                                                                            folder_file));
    FwSizeItem *root;

    gtk_window_present (GTK_WINDOW (window));
    while (fw_size_window_get_scanning (window))
      g_main_context_iteration (NULL, TRUE);
    root = fw_size_window_get_root (window);
    g_assert_nonnull (root);
    g_assert_cmpuint (fw_size_item_get_size (root, FALSE), ==, du_excluding (tmp_named, sized));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* The rows a filter should show, from the engine's verdicts: every row
 * of the batch's list whose verdict (and side) is @label's. */
static gboolean
row_wanted (FwJob      *job,
            const char *label)
{
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);

  g_assert_nonnull (entry);
  if (g_str_equal (label, "All"))
    return TRUE;
  if (g_str_equal (label, "Differences"))
    return entry->verdict != FW_COMPARE_TREE_IDENTICAL;
  if (g_str_equal (label, "Different"))
    return entry->verdict == FW_COMPARE_TREE_DIFFERENT;
  if (g_str_equal (label, "Only in A"))
    return entry->verdict == FW_COMPARE_TREE_ONLY_IN && entry->side == 0;
  if (g_str_equal (label, "Only in B"))
    return entry->verdict == FW_COMPARE_TREE_ONLY_IN && entry->side == 1;
  if (g_str_equal (label, "Different Type"))
    return entry->verdict == FW_COMPARE_TREE_TYPES_DIFFER;
  g_assert_not_reached ();
}

/* The view shows exactly the rows @label wants, each once: @n_expected. */
static void
check_shown (Fixture    *f,
             const char *label,
             guint       n_expected)
{
  GListModel *jobs = fw_batch_get_jobs (f->batch);
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n_wanted = 0;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (chosen_filter (f), ==, label);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (shown, i);

      g_assert_true (g_hash_table_add (seen, job));
      g_assert_true (row_wanted (job, label));
    }
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (row_wanted (job, label))
        {
          n_wanted++;
          if (!g_hash_table_contains (seen, job))
            g_error ("%s: row %s not shown", label, fw_job_get_name (job));
        }
    }
  g_test_message ("%s: %u of %u rows", label, g_list_model_get_n_items (shown), g_list_model_get_n_items (jobs));
  g_assert_cmpuint (n_wanted, ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_expected);
}

/* Show: Differences once the comparison has rows; each choice shows the
 * rows of its verdict (the engine's), All every row again; the bar says
 * how many are shown and fits the window's 360 px minimum. */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  static const struct { const char *label; guint n; } choices[] = {
    { "Different", 4 }, { "Only in A", 1 }, { "Only in B", 1 }, { "Different Type", 1 },
    { "Differences", 8 }, { "All", 10 },
  };

  make_trees (f);
  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->compare_bar)));
  g_assert_cmpstr (chosen_filter (f), ==, "All");
  drop (f, "A", "B", NULL);
  wait_finished (f, 1);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->compare_bar)));
  g_assert_true (gtk_revealer_get_reveal_child (f->window->compare_bar));
  /* Everything but the 2 identical rows, the failed one among them. */
  check_shown (f, "Differences", 8);
  g_assert_cmpstr (gtk_label_get_text (f->window->compare_label), ==, "Showing 8 of 10 items");
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 0);
  g_assert_cmpuint (count_cells (f, "Failed"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      choose_filter (f, choices[i].label);
      check_shown (f, choices[i].label, choices[i].n);
    }
  /* All: no filter at all. */
  g_assert_null (gtk_filter_list_model_get_filter (f->window->filter_model));
  g_assert_cmpstr (gtk_label_get_text (f->window->compare_label), ==, "10 items");
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);

  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (f->window->compare_bar), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 320);
  }
}

/* Rows that come while a filter is chosen go through it; the choice
 * stays; Clear List takes the bar away and All is back, and the next
 * comparison starts at Differences again. */
static void
test_filter_arriving (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
  g_autofree char *late = g_build_filename (f->dir, "C", "late", NULL);
  gboolean found = FALSE;

  make_trees (f);
  put (f, "C/same", "same\n");
  put (f, "D/same", "same\n");
  put (f, "C/late", "one\n");
  put (f, "D/late", "two\n");
  put (f, "C/late only", "c\n");
  choose_job (f->window, "Compare Folders", FW_BATCH_MODE_COMPARE_FOLDERS);
  drop (f, "A", "B", NULL);
  wait_finished (f, 1);
  choose_filter (f, "Different");
  check_shown (f, "Different", 4);

  drop (f, "C", "D", NULL);
  wait_finished (f, 2);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 13);
  check_shown (f, "Different", 5);
  g_assert_cmpstr (gtk_label_get_text (f->window->compare_label), ==, "Showing 5 of 13 items");
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (shown, i);

      found |= g_strcmp0 (fw_job_get_path (job), late) == 0;
    }
  /* The row that came while filtered is there. */
  g_assert_true (found);
  choose_filter (f, "Only in A");
  check_shown (f, "Only in A", 2);
  choose_filter (f, "All");
  check_shown (f, "All", 13);

  choose_filter (f, "Only in B");
  check_shown (f, "Only in B", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  while (gtk_widget_get_visible (GTK_WIDGET (f->window->compare_bar)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (chosen_filter (f), ==, "All");
  g_assert_null (gtk_filter_list_model_get_filter (f->window->filter_model));

  drop (f, "C", "D", NULL);
  wait_finished (f, 3);
  check_shown (f, "Differences", 2);
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/window-compare-folders/as-cli", test_as_cli);
  ADD ("/window-compare-folders/inferred", test_inferred);
  ADD ("/window-compare-folders/one-then-other", test_one_then_other);
  ADD ("/window-compare-folders/exclude", test_exclude);
  ADD ("/window-compare-folders/preferences", test_preferences);
  ADD ("/window-compare-folders/exclude-this-folder", test_exclude_this_folder);
  ADD ("/window-compare-folders/exclude-sizes", test_exclude_sizes);
  ADD ("/window-compare-folders/filter", test_filter);
  ADD ("/window-compare-folders/filter-arriving", test_filter_arriving);
#undef ADD
  return g_test_run ();
}
