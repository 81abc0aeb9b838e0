/* test-window-narrow.c — the headers at the windows' 360 px minimum
 * (GNOME HIG: adaptive), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's header in every job (Compare Folders' and Find
 * Duplicates' job names are the longest) and the Browse Sizes window's
 * header fit 360 px: the header's minimum width is at most 360, the
 * window really is 360 px wide, every control in the header lies inside
 * it, side by side, and the job's name is shown whole. At a normal width
 * the title and the view switcher are back in the header.
 */
#include "config.h"

#include <string.h>

#include "fw-digest.h"
#include "fw-size-window-private.h"
#include "fw-window-private.h"
#include "fw-test-env.h"
#include "fw-test-util.h"
#include "fw-test-widgets.h"

#define NARROW 360

typedef struct {
  char      *dir;
  FwWindow  *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "mode");
  f->dir = fw_test_mkdtemp ();
  f->window = g_object_ref_sink (fw_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 980, 640);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_settings_reset (settings, "mode");
  fw_test_rmtree (f->dir);
  g_free (f->dir);
}

static gboolean
is_header_bar (GtkWidget *widget, gconstpointer unused)
{
  return ADW_IS_HEADER_BAR (widget);
}

static GtkWidget *
header_of (GtkWidget *window)
{
  g_autoptr(GPtrArray) headers = find_widgets (window, is_header_bar, NULL);

  g_assert_cmpuint (headers->len, ==, 1);
  return g_ptr_array_index (headers, 0);
}

/* Sets @window's width and waits until its content has a width that
 * stays for a few frames: @width, or more when something does not fit. */
static int
resize (GtkWidget *window,
        GtkWidget *content,
        int        width)
{
  int last = -1;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
  for (guint stable = 0; stable < 3; )
    {
      wait_frames (window, 1);
      stable = gtk_widget_get_width (content) == last ? stable + 1 : 0;
      last = gtk_widget_get_width (content);
    }
  return last;
}

static gboolean
is_control (GtkWidget *widget, gconstpointer unused)
{
  return (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || ADW_IS_WINDOW_TITLE (widget) ||
          ADW_IS_VIEW_SWITCHER (widget)) &&
         gtk_widget_is_drawable (widget);
}

/* Every control the header shows (buttons, the title, the switcher; not
 * those inside another) is inside it, and none overlaps another. */
static void
check_controls (GtkWidget *header)
{
  g_autoptr(GPtrArray) all = find_widgets (header, is_control, NULL);
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  int width = gtk_widget_get_width (header);

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (all, i);
      graphene_rect_t bounds;
      gboolean nested = FALSE;

      for (guint j = 0; j < all->len; j++)
        nested |= j != i && gtk_widget_is_ancestor (widget, g_ptr_array_index (all, j));
      if (nested)
        continue;
      g_assert_true (gtk_widget_compute_bounds (widget, header, &bounds));
      g_test_message ("  %s at %.0f, %.0f px wide", G_OBJECT_TYPE_NAME (widget),
                      bounds.origin.x, bounds.size.width);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      for (guint k = 0; k < rects->len; k++)
        {
          const graphene_rect_t *other = &g_array_index (rects, graphene_rect_t, k);

          g_assert_false (bounds.origin.x < other->origin.x + other->size.width &&
                          other->origin.x < bounds.origin.x + bounds.size.width);
        }
      g_array_append_val (rects, bounds);
    }
  g_assert_cmpuint (rects->len, >=, 3);
}

static gboolean
is_label_shown (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget);
}

/* The job button's label reads @title, whole. */
static void
check_job_shown (FwWindow   *window,
                 const char *title)
{
  g_autoptr(GPtrArray) labels = find_widgets (GTK_WIDGET (window->mode_button), is_label_shown, NULL);

  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, title);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (g_ptr_array_index (labels, 0))));
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Each job, at 360 px and at 980 px. */
static void
test_window_header (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *id, *title; } jobs[] = {
    { "hash", "Hash Files" }, { "size", "Folder Sizes" }, { "compare", "Compare Files" },
    { "compare-folders", "Compare Folders" }, { "dupes", "Find Duplicates" },
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));
  GtkWidget *header = header_of (window);
  /* The width GTK draws around the content (none without shadows). */
  int frame = 980 - resize (window, content, 980);

  g_assert_cmpint (frame, >=, 0);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      int width;

      g_settings_set_string (settings, "mode", jobs[i].id);
      width = resize (window, content, NARROW);
      g_test_message ("%s at %d px: header needs %d px, content %d px wide", jobs[i].id, NARROW,
                      minimum_width (header), width);
      g_assert_cmpint (minimum_width (header), <=, NARROW - frame);
      g_assert_cmpint (width + frame, ==, NARROW);
      check_controls (header);
      check_job_shown (f->window, jobs[i].title);
      /* The job's name takes the title's place. */
      g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (f->window->window_title)));

      width = resize (window, content, 980);
      g_test_message ("%s at 980 px: header needs %d px", jobs[i].id, minimum_width (header));
      g_assert_cmpint (width + frame, ==, 980);
      check_controls (header);
      check_job_shown (f->window, jobs[i].title);
      g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (f->window->window_title)));
    }
}

static gboolean
is_switcher_bar (GtkWidget *widget, gconstpointer unused)
{
  return ADW_IS_VIEW_SWITCHER_BAR (widget);
}

static gboolean
is_switcher (GtkWidget *widget, gconstpointer unused)
{
  return ADW_IS_VIEW_SWITCHER (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL;
}

static gboolean
is_dim_label_shown (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "dim-label") &&
         gtk_widget_is_drawable (widget);
}

/* Largest Files' Folder column: shown (wide), or folded (narrow) into a
 * second, dim line of the Name cell that reads the file's folder. */
static void
check_largest_folded (FwSizeWindow *sizes,
                      gboolean      folded)
{
  GListModel *columns = gtk_column_view_get_columns (sizes->largest_view);
  GListModel *largest = fw_size_window_get_largest_model (sizes);
  g_autoptr(GPtrArray) seconds = find_widgets (GTK_WIDGET (sizes->largest_view), is_dim_label_shown, NULL);
  GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (sizes->largest_view));
  gboolean found_folder = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Folder") == 0)
        {
          found_folder = TRUE;
          g_assert_true (gtk_column_view_column_get_visible (column) == !folded);
        }
    }
  g_assert_true (found_folder);
  g_test_message ("largest files at %d px: columns %.0f px in a %.0f px view, %u second lines",
                  gtk_widget_get_width (GTK_WIDGET (sizes)), gtk_adjustment_get_upper (h),
                  gtk_adjustment_get_page_size (h), seconds->len);
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), ==, gtk_adjustment_get_page_size (h));
  g_assert_cmpuint (seconds->len, ==, folded ? g_list_model_get_n_items (largest) : 0);
  for (guint i = 0; i < seconds->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (seconds, i));
      gboolean known = FALSE;

      for (guint k = 0; k < g_list_model_get_n_items (largest) && !known; k++)
        {
          g_autoptr(FwSizeItem) item = g_list_model_get_item (largest, k);
          g_autofree char *folder = fw_size_item_dup_folder (item);

          known = strcmp (folder, text) == 0;
        }
      g_assert_true (known);
      /* The deep file's folder is whole, not cut. */
      if (strcmp (text, "Photos/2026") == 0)
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (g_ptr_array_index (seconds, i))));
    }
}

/* Browse Sizes: at 360 px the switcher goes to a bar at the bottom, and
 * the tree's columns fit; at 900 px the switcher is in the header, with
 * the folder's name and size. */
static void
test_size_window_header (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "Documents", "notes.txt", NULL);
  g_autofree char *deep = g_build_filename (f->dir, "Documents", "Photos", "2026", "IMG_2051.jpg", NULL);
  g_autofree char *deep_dir = g_path_get_dirname (deep);
  g_autofree char *folder_path = g_build_filename (f->dir, "Documents", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(FwSizeWindow) sizes = NULL;
  g_autoptr(GPtrArray) bars = NULL;
  g_autoptr(GPtrArray) switchers = NULL;
  GtkWidget *window, *content, *header;
  int frame, width;

  g_assert_no_errno (g_mkdir_with_parents (folder_path, 0755));
  fw_test_write (path, "notes\n", 6);
  g_assert_no_errno (g_mkdir_with_parents (deep_dir, 0755));
  fw_test_write (deep, "jpeg\n", 5);
  sizes = g_object_ref_sink (fw_size_window_new (GTK_WINDOW (f->window), folder));
  window = GTK_WIDGET (sizes);
  gtk_window_present (GTK_WINDOW (sizes));
  while (fw_size_window_get_scanning (sizes) || !gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  content = adw_window_get_content (ADW_WINDOW (sizes));
  header = header_of (window);
  bars = find_widgets (window, is_switcher_bar, NULL);
  switchers = find_widgets (header, is_switcher, NULL);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpuint (switchers->len, ==, 1);
  frame = 900 - resize (window, content, 900);

  width = resize (window, content, NARROW);
  g_test_message ("sizes at %d px: header needs %d px, content %d px wide", NARROW,
                  minimum_width (header), width);
  g_assert_cmpint (minimum_width (header), <=, NARROW - frame);
  g_assert_cmpint (width + frame, ==, NARROW);
  check_controls (header);
  g_assert_false (gtk_widget_is_drawable (g_ptr_array_index (switchers, 0)));
  g_assert_true (adw_view_switcher_bar_get_reveal (g_ptr_array_index (bars, 0)));
  g_assert_true (gtk_widget_is_drawable (g_ptr_array_index (bars, 0)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (sizes->window_title)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (sizes->apparent_button)));
  /* The tree's columns fit too: no sideways scrolling. */
  {
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (sizes->tree_view));

    g_test_message ("tree columns %.0f px in a %.0f px view", gtk_adjustment_get_upper (h),
                    gtk_adjustment_get_page_size (h));
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), ==, gtk_adjustment_get_page_size (h));
    /* Wider, still narrow: Name takes the room. */
    width = resize (window, content, 600);
    g_test_message ("at 600 px: tree columns %.0f px in a %.0f px view", gtk_adjustment_get_upper (h),
                    gtk_adjustment_get_page_size (h));
    g_assert_true (adw_view_switcher_bar_get_reveal (g_ptr_array_index (bars, 0)));
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), ==, gtk_adjustment_get_page_size (h));
    g_assert_cmpfloat (gtk_adjustment_get_page_size (h), >, 500);
  }
  /* Largest Files at 360 px: the folder under the name, no Folder column. */
  adw_view_stack_set_visible_child_name (sizes->stack, "largest");
  width = resize (window, content, NARROW);
  g_assert_cmpuint (g_list_model_get_n_items (fw_size_window_get_largest_model (sizes)), ==, 2);
  check_largest_folded (sizes, TRUE);
  width = resize (window, content, 900);
  check_largest_folded (sizes, FALSE);
  width = resize (window, content, NARROW);
  check_largest_folded (sizes, TRUE);
  adw_view_stack_set_visible_child_name (sizes->stack, "folders");

  width = resize (window, content, 900);
  g_test_message ("sizes at 900 px: header needs %d px", minimum_width (header));
  g_assert_cmpint (width + frame, ==, 900);
  check_controls (header);
  g_assert_true (gtk_widget_is_drawable (g_ptr_array_index (switchers, 0)));
  g_assert_false (adw_view_switcher_bar_get_reveal (g_ptr_array_index (bars, 0)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (sizes->window_title)));
  g_assert_cmpstr (adw_window_title_get_title (sizes->window_title), ==, "Documents");
  /* Every column back, Name taking the spare width. */
  {
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (sizes->tree_view));
    GListModel *columns = gtk_column_view_get_columns (sizes->tree_view);

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        g_assert_true (gtk_column_view_column_get_visible (column));
      }
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), ==, gtk_adjustment_get_page_size (h));
  }

  gtk_window_destroy (GTK_WINDOW (sizes));
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
  /* The title bar's buttons as GNOME has them (close only): GTK's own
   * default adds Minimize and Maximize, which no GNOME session shows. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  g_test_add ("/window-narrow/header", Fixture, NULL, fixture_setup, test_window_header, fixture_teardown);
  g_test_add ("/window-narrow/size-window", Fixture, NULL, fixture_setup, test_size_window_header,
              fixture_teardown);

  return g_test_run ();
}
