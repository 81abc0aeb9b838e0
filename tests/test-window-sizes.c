/* test-window-sizes.c — the size window (issue 23) under Xvfb: a folder
 * sized, its tree opened and expanded two levels, a file moved to the
 * trash from it, the sizes up the tree corrected without a rescan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1   /* fallocate() */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-digest.h"
#include "fw-size-window-private.h"
#include "fw-test-env.h"
#include "fw-test-gate.h"
#include "fw-test-window.h"

static char *home;   /* HOME and XDG_DATA_HOME's parent: one file system */

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  char *dir = g_build_filename (home, "scanned", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  fw_test_window_init_in (f, dir);
  fw_test_window_present (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_close (f, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fw_test_window_remove_dir (f);
}

static void
write_sized (const char *dir,
             const char *name,
             gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *data = g_malloc (size + 1);

  memset (data, 'x', size);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, data, size);
}

static guint64
disk_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

/* Every path under @dir, sorted, with its size and inode: what "nothing
 * else moved" compares. */
static void
list_tree (const char *dir,
           const char *rel,
           GPtrArray  *out)
{
  g_autofree char *path = rel[0] ? g_build_filename (dir, rel, NULL) : g_strdup (dir);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child_rel = rel[0] ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (dir, child_rel, NULL);
      struct stat st;

      g_assert_cmpint (lstat (child, &st), ==, 0);
      g_ptr_array_add (out, g_strdup_printf ("%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                                             child_rel, (guint64) st.st_size, (guint64) st.st_ino));
      if (S_ISDIR (st.st_mode))
        list_tree (dir, child_rel, out);
    }
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
tree_listing (const char *dir,
              const char *leave_out)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  list_tree (dir, "", lines);
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (leave_out != NULL && g_str_has_prefix (line, leave_out) && line[strlen (leave_out)] == ' ')
        continue;
      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

static FwSizeWindow *
find_size_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (FW_IS_SIZE_WINDOW (window))
        return FW_SIZE_WINDOW (window);
    }
  return NULL;
}

static guint
count_size_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      n += FW_IS_SIZE_WINDOW (window);
    }
  return n;
}

/* The row of the tree showing the entry named @name, and its position. */
static GtkTreeListRow *
find_row (FwSizeWindow *window,
          const char   *name,
          guint        *position)
{
  GListModel *model = G_LIST_MODEL (fw_size_window_get_tree_selection (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(FwSizeItem) item = gtk_tree_list_row_get_item (row);
      g_autofree char *item_name = fw_size_item_dup_name (item);

      if (strcmp (item_name, name) == 0)
        {
          if (position != NULL)
            *position = i;
          return row;   /* the model holds it */
        }
    }
  return NULL;
}

static guint64
row_size (FwSizeWindow *window,
          const char   *name)
{
  GtkTreeListRow *row = find_row (window, name, NULL);
  g_autoptr(FwSizeItem) item = NULL;

  g_assert_nonnull (row);
  item = gtk_tree_list_row_get_item (row);
  return fw_size_item_get_size (item, FALSE);
}

/* The scan over, and the rows sorted (the sort runs in steps). */
static void
wait_sorted (FwSizeWindow *window)
{
  while (fw_size_window_get_scanning (window) || fw_size_window_get_sorting (window))
    g_main_context_iteration (NULL, TRUE);
}

static void
answer (FwAlert    *alert,
        const char *response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  g_signal_emit_by_name (alert, "response", response);
  fw_alert_close (alert);
#else
  adw_message_dialog_response (alert, response);
#endif
}

static void
test_trash_corrects (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autofree char *target = g_build_filename (tree, "a", "b", "target.bin", NULL);
  g_autofree char *trash_file = g_build_filename (home, "data", "Trash", "files", "target.bin", NULL);
  g_autofree char *trash_info = g_build_filename (home, "data", "Trash", "info", "target.bin.trashinfo", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *freed_text = NULL;
  FwSizeWindow *window;
  guint64 freed, root_size, a_size, b_size, c_size;
  guint position, n_scans;
  FwAlert *alert;

  write_sized (tree, "a/b/target.bin", 300000);
  write_sized (tree, "a/b/keep.bin", 7000);
  write_sized (tree, "a/sibling.bin", 20000);
  write_sized (tree, "c/other.bin", 150000);
  freed = disk_of (target);
  before = tree_listing (f->dir, "tree/a/b/target.bin");

  /* Size the folder in the main window, then open its tree from the row. */
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_SIZE);
  while (f->n_finished < 1)
    g_main_context_iteration (NULL, TRUE);
  while (fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  n_scans = fw_job_size_tree_get_n_scans ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-size-tree", NULL));
  window = find_size_window ();
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sizes in “tree”");
  /* The row's tree, at once: no scan of the window's own. */
  g_assert_true (fw_size_window_get_from_row (window));
  g_assert_false (fw_size_window_get_scanning (window));
  wait_sorted (window);
  g_assert_cmpuint (fw_job_size_tree_get_n_scans (), ==, n_scans);

  /* The top level, sorted by size: a (the target's), then c. */
  g_assert_nonnull (find_row (window, "a", &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_nonnull (find_row (window, "c", &position));
  g_assert_cmpuint (position, ==, 1);
  {
    g_autoptr(FwJob) job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);

    /* The same figure as the row's (du -s). */
    g_assert_cmpuint (fw_size_item_get_size (fw_size_window_get_root (window), FALSE), ==,
                      fw_job_get_size (job));
  }

  /* Two levels down, from the tree in memory. */
  gtk_tree_list_row_set_expanded (find_row (window, "a", NULL), TRUE);
  g_assert_nonnull (find_row (window, "b", NULL));
  gtk_tree_list_row_set_expanded (find_row (window, "b", NULL), TRUE);
  g_assert_nonnull (find_row (window, "target.bin", &position));
  g_assert_nonnull (find_row (window, "keep.bin", NULL));
  root_size = fw_size_item_get_size (fw_size_window_get_root (window), FALSE);
  a_size = row_size (window, "a");
  b_size = row_size (window, "b");
  c_size = row_size (window, "c");
  g_assert_cmpuint (row_size (window, "target.bin"), ==, freed);

  /* Largest Files fills when shown; the tree's selection is what the
   * actions act on once the tree is shown again. */
  adw_view_stack_set_visible_child_name (window->stack, "largest");
  g_assert_cmpuint (g_list_model_get_n_items (fw_size_window_get_largest_model (window)), ==, 4);
  adw_view_stack_set_visible_child_name (window->stack, "folders");

  /* The keyboard's menu opens on the selected row. */
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "size.menu", NULL));
  g_assert_true (gtk_widget_get_visible (window->row_popover));
  gtk_popover_popdown (GTK_POPOVER (window->row_popover));

  /* Move to Trash asks first, naming it and what it frees. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "size.trash", NULL));
  alert = window->alert;
  g_assert_nonnull (alert);
  g_assert_cmpstr (fw_alert_get_heading (alert), ==, "Move “target.bin” to the Trash?");
  freed_text = g_format_size (freed);
  g_assert_nonnull (strstr (fw_alert_get_body (alert), freed_text));
  answer (alert, "trash");

  /* The worker moves it; the tree follows at once. */
  while (find_row (window, "target.bin", NULL) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (trash_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (trash_info, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  after = tree_listing (f->dir, NULL);
  g_assert_cmpstr (after, ==, before);

  g_assert_false (fw_size_window_get_scanning (window));
  g_assert_cmpuint (fw_size_item_get_size (fw_size_window_get_root (window), FALSE), ==, root_size - freed);
  g_assert_cmpuint (row_size (window, "a"), ==, a_size - freed);
  g_assert_cmpuint (row_size (window, "b"), ==, b_size - freed);
  g_assert_cmpuint (row_size (window, "c"), ==, c_size);
  g_assert_nonnull (find_row (window, "keep.bin", NULL));
  /* And the order follows: a, now smaller than c, moved below it. */
  wait_sorted (window);
  {
    guint a_at, c_at;

    g_assert_nonnull (find_row (window, "a", &a_at));
    g_assert_nonnull (find_row (window, "c", &c_at));
    g_assert_cmpuint (c_at, ==, 0);
    g_assert_cmpuint (a_at, ==, 1);
  }
  /* Largest Files lost it too. */
  for (guint i = 0; i < g_list_model_get_n_items (fw_size_window_get_largest_model (window)); i++)
    {
      g_autoptr(FwSizeItem) item = g_list_model_get_item (fw_size_window_get_largest_model (window), i);
      g_autofree char *name = fw_size_item_dup_name (item);

      g_assert_cmpstr (name, !=, "target.bin");
    }
  /* Nor does it come back with Apparent Sizes switched on and off (the
   * other list is chosen from the scan's result). */
  adw_view_stack_set_visible_child_name (window->stack, "largest");
  for (guint k = 0; k < 2; k++)
    {
      gtk_toggle_button_set_active (window->apparent_button, k == 0);
      g_assert_cmpuint (g_list_model_get_n_items (fw_size_window_get_largest_model (window)), ==, 3);
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(FwSizeItem) item = g_list_model_get_item (fw_size_window_get_largest_model (window), i);
          g_autofree char *name = fw_size_item_dup_name (item);

          g_assert_cmpstr (name, !=, "target.bin");
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows of the tree, from the top, by name: "a c e small.bin" … */
static char *
row_names (FwSizeWindow *window)
{
  GListModel *model = G_LIST_MODEL (fw_size_window_get_tree_selection (window));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(FwSizeItem) item = gtk_tree_list_row_get_item (row);
      g_autofree char *name = fw_size_item_dup_name (item);

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", name);
    }
  return g_string_free (out, FALSE);
}

static char *
selected_name (FwSizeWindow *window)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (fw_size_window_get_tree_selection (window));
  g_autoptr(FwSizeItem) item = NULL;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  return fw_size_item_dup_name (item);
}

/* Trashes the selected row, and waits for the sorted tree. */
static void
trash_selected (FwSizeWindow *window,
                const char   *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "size.trash", NULL));
  g_assert_nonnull (window->alert);
  answer (window->alert, "trash");
  while (find_row (window, name, NULL) != NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_sorted (window);
}

/* After Move to Trash the tree stays sorted by size: a folder that
 * became smaller moves below the folders now larger than it (its
 * children with it), and the selection goes to the row that came after
 * the trashed one. */
static void
test_trash_resorts (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "resort", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  g_autoptr(FwSizeWindow) window = NULL;
  g_autofree char *names = NULL;
  g_autofree char *selected = NULL;
  guint position;

  write_sized (tree, "a/big.bin", 400000);
  write_sized (tree, "a/small.bin", 1000);
  write_sized (tree, "c/other.bin", 200000);
  write_sized (tree, "e/x.bin", 100000);
  write_sized (tree, "e/y.bin", 30000);
  window = g_object_ref_sink (fw_size_window_new (GTK_WINDOW (f->window), folder));
  gtk_window_present (GTK_WINDOW (window));
  wait_sorted (window);
  gtk_tree_list_row_set_expanded (find_row (window, "a", NULL), TRUE);
  gtk_tree_list_row_set_expanded (find_row (window, "e", NULL), TRUE);
  wait_sorted (window);
  names = row_names (window);
  g_assert_cmpstr (names, ==, "a big.bin small.bin c e x.bin y.bin");

  /* a's largest file: a falls below c and e, small.bin is selected. */
  g_assert_nonnull (find_row (window, "big.bin", &position));
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);
  trash_selected (window, "big.bin");
  g_clear_pointer (&names, g_free);
  names = row_names (window);
  g_assert_cmpstr (names, ==, "c e x.bin y.bin a small.bin");
  selected = selected_name (window);
  g_assert_cmpstr (selected, ==, "small.bin");

  /* A file inside e, the last row of its folder: e falls below c still
   * (e stays above a); the next row is a. */
  g_assert_nonnull (find_row (window, "x.bin", &position));
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);
  trash_selected (window, "x.bin");
  g_clear_pointer (&names, g_free);
  names = row_names (window);
  g_assert_cmpstr (names, ==, "c e y.bin a small.bin");
  g_clear_pointer (&selected, g_free);
  selected = selected_name (window);
  g_assert_cmpstr (selected, ==, "y.bin");

  /* A whole folder, expanded: the row after its children is next. */
  g_assert_nonnull (find_row (window, "e", &position));
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);
  trash_selected (window, "e");
  g_clear_pointer (&names, g_free);
  names = row_names (window);
  g_assert_cmpstr (names, ==, "c a small.bin");
  g_clear_pointer (&selected, g_free);
  selected = selected_name (window);
  g_assert_cmpstr (selected, ==, "a");

  /* The last row: the one before it. */
  g_assert_nonnull (find_row (window, "small.bin", &position));
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);
  trash_selected (window, "small.bin");
  g_clear_pointer (&selected, g_free);
  selected = selected_name (window);
  g_assert_cmpstr (selected, ==, "a");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Move to Trash answered twice, as an AdwAlertDialog closing after its
 * button answers (libadwaita >= 1.5; by hand here, on any version): the
 * trash runs once (fw_alert_choose()), the sizes drop once, and nothing
 * is freed under the running task. */
static void
test_trash_answered_twice (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "tree2", NULL);
  g_autofree char *target = g_build_filename (tree, "d", "twice.bin", NULL);
  g_autofree char *trash_file = g_build_filename (home, "data", "Trash", "files", "twice.bin", NULL);
  g_autofree char *trash_again = g_build_filename (home, "data", "Trash", "files", "twice.2.bin", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  FwSizeWindow *window;
  guint64 freed, root_size, d_size;
  guint position;
  FwAlert *alert;

  write_sized (tree, "d/twice.bin", 90000);
  write_sized (tree, "d/kept.bin", 5000);
  freed = disk_of (target);
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_SIZE);
  while (f->n_finished < 1)
    g_main_context_iteration (NULL, TRUE);
  while (fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-size-tree", NULL));
  window = find_size_window ();
  g_assert_nonnull (window);
  wait_sorted (window);
  gtk_tree_list_row_set_expanded (find_row (window, "d", NULL), TRUE);
  g_assert_nonnull (find_row (window, "twice.bin", &position));
  root_size = fw_size_item_get_size (fw_size_window_get_root (window), FALSE);
  d_size = row_size (window, "d");
  gtk_single_selection_set_selected (fw_size_window_get_tree_selection (window), position);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "size.trash", NULL));
  alert = window->alert;
  g_assert_nonnull (alert);
  g_object_ref (alert);
  g_signal_emit_by_name (alert, "response", "trash");
  g_signal_emit_by_name (alert, "response", "trash");
  g_signal_emit_by_name (alert, "response", "cancel");
  /* The callback counted: one answer. */
  g_assert_cmpuint (fw_alert_get_n_answers (alert), ==, 1);
  fw_alert_close (alert);
  g_object_unref (alert);

  while (find_row (window, "twice.bin", NULL) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (trash_file, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (trash_again, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (fw_size_item_get_size (fw_size_window_get_root (window), FALSE), ==, root_size - freed);
  g_assert_cmpuint (row_size (window, "d"), ==, d_size - freed);
  g_assert_nonnull (find_row (window, "kept.bin", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A running scan streams its finished folders into the tree, and the
 * window can be opened (and closed) while it runs. */
static void
test_largest_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "many", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  g_autoptr(FwSizeWindow) window = NULL;
  GListModel *largest;
  guint64 last = G_MAXUINT64;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u/f%03u", i % 7, i);
      write_sized (tree, name, 1000 + i * 200);
    }
  window = g_object_ref_sink (fw_size_window_new (GTK_WINDOW (f->window), folder));
  gtk_window_present (GTK_WINDOW (window));
  while (fw_size_window_get_scanning (window))
    g_main_context_iteration (NULL, TRUE);
  adw_view_stack_set_visible_child_name (window->stack, "largest");
  largest = fw_size_window_get_largest_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (largest), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(FwSizeItem) item = g_list_model_get_item (largest, i);
      g_autofree char *folder_name = fw_size_item_dup_folder (item);

      g_assert_cmpuint (fw_size_item_get_size (item, FALSE), <=, last);
      last = fw_size_item_get_size (item, FALSE);
      g_assert_true (g_str_has_prefix (folder_name, "d"));
    }
  /* Seven folders at the top, each with its files' count. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fw_size_window_get_tree_selection (window))), ==, 7);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* One regular file's figures, from stat(2) as du reads them. */
typedef struct {
  char   *name;
  guint64 disk;       /* du -B1 */
  guint64 apparent;   /* du --apparent-size -b */
} Figures;

static void
figures_free (gpointer data)
{
  Figures *fig = data;

  g_free (fig->name);
  g_free (fig);
}

static gboolean by_apparent;

static gint
compare_figures (gconstpointer a,
                 gconstpointer b)
{
  const Figures *x = *(Figures * const *) a, *y = *(Figures * const *) b;
  guint64 kx = by_apparent ? x->apparent : x->disk, ky = by_apparent ? y->apparent : y->disk;

  if (kx != ky)
    return kx > ky ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Largest Files shows exactly the 100 largest of @files by the chosen
 * size (the test's own stat figures), largest first. */
static void
assert_largest (FwSizeWindow *window,
                GPtrArray    *files,
                gboolean      apparent)
{
  GListModel *largest = fw_size_window_get_largest_model (window);

  by_apparent = apparent;
  g_ptr_array_sort (files, compare_figures);
  g_assert_cmpuint (g_list_model_get_n_items (largest), ==, FW_SIZE_N_LARGEST_FILES);
  for (guint i = 0; i < FW_SIZE_N_LARGEST_FILES; i++)
    {
      g_autoptr(FwSizeItem) item = g_list_model_get_item (largest, i);
      g_autofree char *name = fw_size_item_dup_name (item);
      const Figures *want = g_ptr_array_index (files, i);

      g_assert_cmpstr (name, ==, want->name);
      g_assert_cmpuint (fw_size_item_get_size (item, FALSE), ==, want->disk);
      g_assert_cmpuint (fw_size_item_get_size (item, TRUE), ==, want->apparent);
    }
}

/* Apparent Sizes chooses Largest Files by apparent size: a sparse file
 * (1 GiB of content, next to nothing on disk) comes first, a file with
 * blocks allocated past its end (large on disk, 10 bytes of content)
 * leaves; switching back restores the disk-usage choice. No scan. */
static void
test_largest_apparent (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "sparse", NULL);
  g_autofree char *sparse = g_build_filename (tree, "s", "sparse.img", NULL);
  g_autofree char *prealloc = g_build_filename (tree, "prealloc.bin", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (figures_free);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  g_autoptr(FwSizeWindow) window = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int fd;

  /* 110 dense files, each size its own (in 4 KiB steps: no ties). */
  for (guint i = 0; i < 110; i++)
    {
      g_autofree char *file = g_strdup_printf ("d%u/f%03u", i % 5, i);
      write_sized (tree, file, 4096 * (i + 5));
    }
  write_sized (tree, "s/.keep", 1);
  fd = open (sparse, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, G_GINT64_CONSTANT (1) << 30), ==, 0);
  g_assert_cmpint (pwrite (fd, "x", 1, 0), ==, 1);
  close (fd);
  fd = open (prealloc, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "0123456789", 10), ==, 10);
  g_assert_cmpint (fallocate (fd, FALLOC_FL_KEEP_SIZE, 0, 4 << 20), ==, 0);
  close (fd);

  /* What du would say, file by file (du -B1 and du --apparent-size -b
   * of a file are its st_blocks × 512 and its st_size). */
  for (guint d = 0; d < 7; d++)
    {
      g_autofree char *sub = d < 5 ? g_strdup_printf ("d%u", d) : g_strdup (d == 5 ? "s" : ".");
      g_autofree char *path = g_build_filename (tree, sub, NULL);

      dir = g_dir_open (path, 0, NULL);
      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          Figures *fig;
          struct stat st;

          g_assert_cmpint (lstat (child, &st), ==, 0);
          if (!S_ISREG (st.st_mode))
            continue;
          fig = g_new0 (Figures, 1);
          fig->name = g_strdup (name);
          fig->disk = (guint64) st.st_blocks * 512;
          fig->apparent = (guint64) st.st_size;
          g_ptr_array_add (files, fig);
        }
      g_clear_pointer (&dir, g_dir_close);
    }
  g_assert_cmpuint (files->len, ==, 113);
  /* The file system really made them so. */
  g_assert_cmpuint (disk_of (sparse), <, 4096 * 5);
  g_assert_cmpuint (disk_of (prealloc), >=, 4 << 20);

  window = g_object_ref_sink (fw_size_window_new (GTK_WINDOW (f->window), folder));
  gtk_window_present (GTK_WINDOW (window));
  while (fw_size_window_get_scanning (window))
    g_main_context_iteration (NULL, TRUE);
  adw_view_stack_set_visible_child_name (window->stack, "largest");

  /* By disk usage: the preallocated file first, no sparse file. */
  assert_largest (window, files, FALSE);
  {
    g_autoptr(FwSizeItem) first = g_list_model_get_item (fw_size_window_get_largest_model (window), 0);
    g_autofree char *first_name = fw_size_item_dup_name (first);

    g_assert_cmpstr (first_name, ==, "prealloc.bin");
  }

  /* Apparent Sizes, on the page: the sparse file first. */
  gtk_toggle_button_set_active (window->apparent_button, TRUE);
  assert_largest (window, files, TRUE);
  {
    g_autoptr(FwSizeItem) first = g_list_model_get_item (fw_size_window_get_largest_model (window), 0);
    g_autofree char *first_name = fw_size_item_dup_name (first);

    g_assert_cmpstr (first_name, ==, "sparse.img");
    g_assert_cmpuint (fw_size_item_get_size (first, TRUE), ==, G_GUINT64_CONSTANT (1) << 30);
  }

  /* Back: the disk-usage choice again. */
  gtk_toggle_button_set_active (window->apparent_button, FALSE);
  assert_largest (window, files, FALSE);

  /* Switched while the tree is shown: chosen when the page is. */
  adw_view_stack_set_visible_child_name (window->stack, "folders");
  gtk_toggle_button_set_active (window->apparent_button, TRUE);
  adw_view_stack_set_visible_child_name (window->stack, "largest");
  assert_largest (window, files, TRUE);
  g_assert_false (fw_size_window_get_scanning (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sizes @tree as a row of the main window, and opens Browse Sizes on it
 * (the row selected first), running or finished. */
static FwSizeWindow *
open_row_tree (Fixture *f)
{
  FwSizeWindow *window;

  while (fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-size-tree", NULL));
  window = find_size_window ();
  g_assert_nonnull (window);
  return window;
}

/* A finished row's tree is the row's scan, kept: a file removed on disk
 * after the row finished is still shown (nothing was read again) until
 * Rescan, which reads the folder anew. */
static void
test_finished_row (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "kept", NULL);
  g_autofree char *gone = g_build_filename (tree, "sub", "gone.bin", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  FwSizeWindow *window;
  guint n_scans;

  write_sized (tree, "sub/gone.bin", 40000);
  write_sized (tree, "sub/stays.bin", 9000);
  write_sized (tree, "other/x.bin", 1000);
  n_scans = fw_job_size_tree_get_n_scans ();
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_SIZE);
  while (f->n_finished < 1)
    g_main_context_iteration (NULL, TRUE);
  /* The row's own scan recorded its tree. */
  g_assert_cmpuint (fw_job_size_tree_get_n_scans (), ==, n_scans + 1);
  g_assert_cmpint (g_unlink (gone), ==, 0);

  window = open_row_tree (f);
  g_assert_true (fw_size_window_get_from_row (window));
  g_assert_false (fw_size_window_get_scanning (window));
  /* Asked again: the same window (a trash there frees the nodes it
   * removes, which a second window on the tree would still show). */
  g_assert_true (open_row_tree (f) == window);
  g_assert_cmpuint (count_size_windows (), ==, 1);
  wait_sorted (window);
  gtk_tree_list_row_set_expanded (find_row (window, "sub", NULL), TRUE);
  g_assert_nonnull (find_row (window, "gone.bin", NULL));
  g_assert_nonnull (find_row (window, "stays.bin", NULL));
  g_assert_cmpuint (fw_job_size_tree_get_n_scans (), ==, n_scans + 1);

  /* Rescan: a scan of the window's own, which no longer finds it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "size.rescan", NULL));
  g_assert_false (fw_size_window_get_from_row (window));
  wait_sorted (window);
  g_assert_nonnull (find_row (window, "sub", NULL));
  gtk_tree_list_row_set_expanded (find_row (window, "sub", NULL), TRUE);
  g_assert_null (find_row (window, "gone.bin", NULL));
  g_assert_nonnull (find_row (window, "stays.bin", NULL));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The row keeps its tree for the next window, until it is removed. */
  window = open_row_tree (f);
  g_assert_true (fw_size_window_get_from_row (window));
  wait_sorted (window);
  gtk_tree_list_row_set_expanded (find_row (window, "sub", NULL), TRUE);
  g_assert_nonnull (find_row (window, "gone.bin", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row's scan, held after its first finished folder. */
static FwTestGate row_gate;
static gint row_gate_taken;

static void
hold_first_folder (FwSizeNode *folder)
{
  if (folder->parent != NULL && g_atomic_int_compare_and_exchange (&row_gate_taken, 0, 1))
    fw_test_gate_pass (&row_gate);
}

/* A running row's tree streams from the row's own scan: the window
 * opened while the scan is held shows the folder that finished, and the
 * others as the scan goes on, with no scan of its own. */
static void
test_running_row (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "held", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  g_autoptr(FwJob) job = NULL;
  FwSizeWindow *window;
  guint n_scans, n_top;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u/f%03u", i % 6, i);
      write_sized (tree, name, 1000 + i * 100);
    }
  fw_test_gate_reset (&row_gate);
  row_gate_taken = 0;
  fw_job_size_tree_set_test_hook (hold_first_folder);
  n_scans = fw_job_size_tree_get_n_scans ();
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_SIZE);
  while (fw_test_gate_get_started (&row_gate) < 1)
    g_main_context_iteration (NULL, TRUE);

  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  g_assert_false (fw_job_is_finished (job));
  window = open_row_tree (f);
  g_assert_true (fw_size_window_get_from_row (window));
  g_assert_true (fw_size_window_get_scanning (window));
  /* The held folder arrives from the row's scan, which is still held. */
  while (g_list_model_get_n_items (G_LIST_MODEL (fw_size_window_get_tree_selection (window))) < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fw_size_window_get_scanning (window));
  g_assert_false (fw_job_is_finished (job));
  g_assert_cmpuint (fw_job_size_tree_get_n_scans (), ==, n_scans + 1);

  fw_test_gate_open (&row_gate);
  wait_sorted (window);
  while (f->n_finished < 1)
    g_main_context_iteration (NULL, TRUE);
  fw_job_size_tree_set_test_hook (NULL);
  n_top = g_list_model_get_n_items (G_LIST_MODEL (fw_size_window_get_tree_selection (window)));
  g_assert_cmpuint (n_top, ==, 6);
  g_assert_cmpuint (fw_size_item_get_size (fw_size_window_get_root (window), FALSE), ==,
                    fw_job_get_size (job));
  g_assert_cmpuint (fw_job_size_tree_get_n_scans (), ==, n_scans + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data = NULL;
  int status;

  home = fw_test_mkdtemp ();
  data = g_build_filename (home, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  /* Before GLib reads them: a home and a trash of the test's own, on the
   * scanned folder's file system, outside it. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  fw_digest_init ();
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();
  g_assert_cmpstr (g_get_user_data_dir (), ==, data);

  g_test_add ("/window-sizes/trash-corrects", Fixture, NULL, fixture_setup, test_trash_corrects, fixture_teardown);
  g_test_add ("/window-sizes/trash-answered-twice", Fixture, NULL, fixture_setup, test_trash_answered_twice,
              fixture_teardown);
  g_test_add ("/window-sizes/finished-row", Fixture, NULL, fixture_setup, test_finished_row, fixture_teardown);
  g_test_add ("/window-sizes/running-row", Fixture, NULL, fixture_setup, test_running_row, fixture_teardown);
  g_test_add ("/window-sizes/largest-files", Fixture, NULL, fixture_setup, test_largest_files, fixture_teardown);
  g_test_add ("/window-sizes/trash-resorts", Fixture, NULL, fixture_setup, test_trash_resorts, fixture_teardown);
  g_test_add ("/window-sizes/largest-apparent", Fixture, NULL, fixture_setup, test_largest_apparent,
              fixture_teardown);
  status = g_test_run ();
  fw_test_rmtree (home);
  g_free (home);
  return status;
}
