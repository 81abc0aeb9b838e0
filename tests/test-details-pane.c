/* test-details-pane.c — the details pane and the narrow layout, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 26, item 7: every digest of a row readable and copyable in full
 * (FwDetailsPane), and the Result column on screen down to the window's
 * 360 px minimum (the folded layout).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "fw-digest-private.h"
#include "fw-details-pane.h"
#include "fw-job-columns.h"
#include "fw-text-cell.h"
#include "fw-window-private.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

/* The window's default width less its content's: a frame GTK draws,
 * measured by fixture_setup(). */
static int frame_width;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  int width, height;

  fw_test_reset_settings ("n-workers", "algorithms", "mode", "window-width", "window-height", NULL);
  fw_test_window_setup (f, NULL);
  /* Laid out once: a new default size is taken from then on (one set
   * before the first layout is lost on X11). */
  while (gtk_widget_get_width (GTK_WIDGET (f->window)) == 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  frame_width = width - gtk_widget_get_width (GTK_WIDGET (f->window->stack));
  g_assert_cmpint (frame_width, >=, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
}

/* A real key press through the X server, to the window. */
static void
press_key (Fixture    *f,
           const char *key)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));

  xdotool ("windowfocus", "--sync", xid, NULL);
  xdotool ("key", key, NULL);
}

/* Clicks @key's copy button; the clipboard then holds exactly @expected,
 * and a toast says so. */
static void
check_copy (Fixture    *f,
            const char *key,
            const char *expected)
{
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);
  GtkWidget *button = fw_details_pane_get_copy_button (pane, key);
  g_autofree char *copied = NULL;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  /* Another text first: the copy must replace it. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), "something else");
  g_signal_emit_by_name (button, "clicked");
  copied = clipboard_text (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied, ==, expected);
  g_assert_true (g_str_has_suffix (fw_window_get_last_toast (f->window), "copied"));
}

/* The label showing @key's value shows all of it: nothing cut, nothing
 * outside the pane. */
static GtkWidget *
value_label (FwDetailsPane *pane,
             const char    *value)
{
  GtkWidget *found = NULL;
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, pane);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), value) == 0)
        found = widget;
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_assert_nonnull (found);
  return found;
}

static void
check_shown_whole (FwDetailsPane *pane,
                   const char    *value)
{
  GtkWidget *label = value_label (pane, value);
  graphene_rect_t bounds;
  PangoLayout *layout;

  g_assert_true (gtk_widget_is_drawable (label));
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (pane), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (pane)));
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_false (pango_layout_is_ellipsized (layout));
  /* Wrapped, not cut: each line is inside the label. */
  {
    PangoRectangle logical;

    pango_layout_get_pixel_extents (layout, NULL, &logical);
    g_assert_cmpint (logical.width, <=, gtk_widget_get_width (label));
    g_test_message ("“%.12s…”: a %d px label in a %d px pane, lines of %d", value,
                    gtk_widget_get_width (label), gtk_widget_get_width (GTK_WIDGET (pane)),
                    pango_layout_get_line_readonly (layout, 0)->length);
    /* A digest in lines of 32 digits. */
    if (gtk_widget_has_css_class (label, "monospace"))
      {
        int n_lines = pango_layout_get_line_count (layout);

        g_assert_cmpint (n_lines, ==, ((int) strlen (value) + 31) / 32);
        for (int i = 0; i < n_lines; i++)
          g_assert_cmpint (pango_layout_get_line_readonly (layout, i)->length, ==,
                           i < n_lines - 1 ? 32 : (int) strlen (value) - 32 * i);
      }
    g_test_message ("“%.12s…” in %d line(s), %d px wide in a %d px pane", value,
                    pango_layout_get_line_count (layout), logical.width,
                    gtk_widget_get_width (GTK_WIDGET (pane)));
  }
}

/* Sets the window's width and waits until its content is laid out at it. */
static void
resize (Fixture *f,
        int      width)
{
  GtkWidget *content = GTK_WIDGET (f->window->stack);

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 500);
  while (gtk_widget_get_width (content) + frame_width != width)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (f->window), 3);
}

/* Until the pane is laid out where it shows. */
static void
wait_pane_shown (Fixture *f)
{
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);

  while (!gtk_widget_get_mapped (GTK_WIDGET (pane)) || gtk_widget_get_width (GTK_WIDGET (pane)) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (f->window), 2);
}

/* Two algorithms: the row, activated with Enter, shows both digests in
 * full, each copied exactly by its button; Escape closes the pane. ---- */

static void
test_two_digests (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *algorithms[] = { "md5", "sha512", NULL };
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "two-digests.bin", 12345, 7);
  g_autofree char *path = g_build_filename (f->dir, "two-digests.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  /* GLib's own digests, not the engine under test. */
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, contents);
  g_autofree char *sha512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, contents);
  GtkColumnView *view = fw_window_get_column_view (f->window);
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);
  GtkSelectionModel *selection = gtk_column_view_get_model (view);

  /* Nothing to show details of on the empty page. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->details_button)));
  g_settings_set_strv (settings, "algorithms", algorithms);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_false (fw_window_get_details_shown (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->details_button)));

  /* Enter on the selected row, as a person would. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (view)));
  wait_frames (GTK_WIDGET (f->window), 1);
  press_key (f, "Return");
  while (!fw_window_get_details_shown (f->window))
    g_main_context_iteration (NULL, TRUE);
  wait_pane_shown (f);

  g_assert_cmpstr (fw_job_get_name (fw_details_pane_get_job (pane)), ==, "two-digests.bin");
  g_assert_cmpstr (fw_details_pane_get_value (pane, "folder"), ==, f->dir);
  g_assert_cmpstr (fw_details_pane_get_value (pane, "state"), ==, "Done");
  g_assert_nonnull (strstr (fw_details_pane_get_value (pane, "size"), "12345 bytes"));
  g_assert_cmpstr (fw_details_pane_get_value (pane, fw_algorithm_get_name (FW_ALGORITHM_MD5)), ==, md5);
  g_assert_cmpstr (fw_details_pane_get_value (pane, fw_algorithm_get_name (FW_ALGORITHM_SHA512)), ==, sha512);
  g_assert_null (fw_details_pane_get_value (pane, fw_algorithm_get_name (FW_ALGORITHM_SHA256)));
  check_shown_whole (pane, md5);
  check_shown_whole (pane, sha512);

  check_copy (f, fw_algorithm_get_name (FW_ALGORITHM_MD5), md5);
  check_copy (f, fw_algorithm_get_name (FW_ALGORITHM_SHA512), sha512);

  /* Escape closes it from inside the pane, and the focus goes back to
   * the list. */
  g_assert_true (gtk_widget_grab_focus (fw_details_pane_get_copy_button (pane, fw_algorithm_get_name (FW_ALGORITHM_MD5))));
  press_key (f, "Escape");
  while (fw_window_get_details_shown (f->window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (view)));

  /* And from the list, and nothing else: the window stays, the row too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  wait_pane_shown (f);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (view)));
  press_key (f, "Escape");
  while (fw_window_get_details_shown (f->window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (fw_details_pane_get_job (pane));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  g_assert_cmpint (fw_job_get_state (g_list_model_get_item (G_LIST_MODEL (selection), 0)), ==, FW_JOB_DONE);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (selection), 0));

  /* The row menu's item opens it too; its close button closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  g_assert_true (fw_window_get_details_shown (f->window));
  g_assert_cmpstr (fw_details_pane_get_value (pane, fw_algorithm_get_name (FW_ALGORITHM_MD5)), ==, md5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "details.close", NULL));
  g_assert_false (fw_window_get_details_shown (f->window));
}

/* The pane follows the selection and the row's state. ------------------- */

static void
test_follows_selection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) a = fw_test_write_random (f->dir, "a", 1000, 1);
  g_autoptr(GBytes) b = fw_test_write_random (f->dir, "b", 2000, 2);
  g_autofree char *sum_b = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  GtkSelectionModel *selection = gtk_column_view_get_model (fw_window_get_column_view (f->window));
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);
  g_autoptr(GPtrArray) jobs = NULL;

  fw_window_add_files_as (f->window, &dir, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  g_assert_cmpstr (fw_job_get_name (fw_details_pane_get_job (pane)), ==, "a");
  gtk_selection_model_select_item (selection, 1, TRUE);
  g_assert_cmpstr (fw_job_get_name (fw_details_pane_get_job (pane)), ==, "b");
  g_assert_cmpstr (fw_details_pane_get_value (pane, fw_algorithm_get_name (FW_ALGORITHM_SHA256)), ==, sum_b);

  /* Run again: the pane follows the row back to queued and done. */
  jobs = fw_window_get_selected (f->window);
  fw_batch_remove (f->batch, jobs);
  while (g_list_model_get_n_items (G_LIST_MODEL (selection)) > 1)
    g_main_context_iteration (NULL, TRUE);
  /* Its row gone, the pane shows the one selected now, or none. */
  g_assert_true (fw_details_pane_get_job (pane) == NULL ||
                 g_strcmp0 (fw_job_get_name (fw_details_pane_get_job (pane)), "a") == 0);
  gtk_selection_model_unselect_all (selection);
  g_assert_null (fw_details_pane_get_job (pane));
  g_assert_null (fw_details_pane_get_value (pane, "state"));
}

/* A verify row: the expected and the actual digest, each copyable. ---- */

static void
test_verify_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) one = fw_test_write_random (f->dir, "one", 5000, 1);
  g_autoptr(GBytes) two = fw_test_write_random (f->dir, "two", 5000, 2);
  g_autoptr(GBytes) changed = NULL;
  g_autofree char *sum_one = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, one);
  g_autofree char *sum_two = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, two);
  g_autofree char *sum_changed = NULL;
  g_autofree char *sums = g_strdup_printf ("%s  one\n%s  two\n%s  gone\n", sum_one, sum_two, sum_two);
  g_autofree char *sums_path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autoptr(GFile) sums_file = g_file_new_for_path (sums_path);
  GtkSelectionModel *selection = gtk_column_view_get_model (fw_window_get_column_view (f->window));
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (sums_path, sums, -1, &error);
  g_assert_no_error (error);
  changed = fw_test_write_random (f->dir, "two", 5000, 99);
  sum_changed = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, changed);

  fw_window_add_files_as (f->window, &sums_file, 1, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  wait_pane_shown (f);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (G_LIST_MODEL (selection), i);
      const char *name = fw_job_get_name (job);

      gtk_selection_model_select_item (selection, i, TRUE);
      g_assert_true (fw_details_pane_get_job (pane) == job);
      if (g_str_equal (name, "two"))
        {
          g_assert_cmpstr (fw_details_pane_get_value (pane, "state"), ==, "Changed");
          g_assert_cmpstr (fw_details_pane_get_value (pane, "expected"), ==, sum_two);
          g_assert_cmpstr (fw_details_pane_get_value (pane, "actual"), ==, sum_changed);
          wait_frames (GTK_WIDGET (f->window), 2);
          check_shown_whole (pane, sum_two);
          check_shown_whole (pane, sum_changed);
          check_copy (f, "expected", sum_two);
          check_copy (f, "actual", sum_changed);
        }
      else if (g_str_equal (name, "one"))
        {
          g_assert_cmpstr (fw_details_pane_get_value (pane, "expected"), ==, sum_one);
          g_assert_cmpstr (fw_details_pane_get_value (pane, "actual"), ==, sum_one);
          g_assert_null (fw_details_pane_get_value (pane, "error"));
        }
      else if (g_str_equal (name, "gone"))
        {
          /* Missing: what was expected, no actual digest, and why. */
          g_assert_cmpstr (fw_details_pane_get_value (pane, "state"), ==, "Missing");
          g_assert_cmpstr (fw_details_pane_get_value (pane, "expected"), ==, sum_two);
          g_assert_null (fw_details_pane_get_value (pane, "actual"));
          g_assert_nonnull (fw_details_pane_get_value (pane, "error"));
          g_assert_null (fw_details_pane_get_value (pane, "size"));
        }
    }
}

/* A size row: its disk usage, files and folders. ------------------------ */

static void
test_size_row (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  FwDetailsPane *pane = fw_window_get_details_pane (f->window);
  GtkSelectionModel *selection = gtk_column_view_get_model (fw_window_get_column_view (f->window));

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_bytes_unref (fw_test_write_random (f->dir, "x", 3000, 1));
  g_bytes_unref (fw_test_write_random (sub, "y", 3000, 2));
  g_bytes_unref (fw_test_write_random (sub, "z", 3000, 3));
  fw_window_add_files_as (f->window, &dir, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  g_assert_cmpstr (fw_details_pane_get_value (pane, "files"), ==, "3");
  /* du counts the folder itself. */
  g_assert_cmpstr (fw_details_pane_get_value (pane, "folders"), ==, "2");
  g_assert_nonnull (fw_details_pane_get_value (pane, "size"));
  g_assert_null (fw_details_pane_get_copy_button (pane, "size"));
}

/* At the window's 360 px minimum: the Result column on screen, no
 * horizontal scrollbar, the size and state folded under the name. ----- */

static void
check_fits (Fixture *f,
            int      width)
{
  GtkColumnView *view = fw_window_get_column_view (f->window);
  GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *hbar = gtk_scrolled_window_get_hscrollbar (GTK_SCROLLED_WINDOW (scroller));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) result = g_list_model_get_item (columns, FW_COLUMN_RESULT);
  g_autoptr(GtkColumnViewColumn) size = g_list_model_get_item (columns, FW_COLUMN_SIZE);
  g_autoptr(GtkColumnViewColumn) state = g_list_model_get_item (columns, FW_COLUMN_STATE);
  GQueue queue = G_QUEUE_INIT;
  guint n_results = 0, n_names = 0;

  resize (f, width);

  g_assert_cmpint (fw_job_columns_get_layout (view), ==, FW_COLUMNS_FOLDED);
  g_assert_true (fw_window_get_narrow (f->window));
  /* The header's toggle gives way to fit the header. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->details_button)));
  g_assert_false (gtk_column_view_column_get_visible (size));
  g_assert_false (gtk_column_view_column_get_visible (state));
  g_assert_true (gtk_column_view_column_get_visible (result));
  g_test_message ("%d px (content %d px): columns %.0f px in a %.0f px view", width,
                  gtk_widget_get_width (GTK_WIDGET (f->window->stack)),
                  gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h));
  g_assert_false (gtk_widget_get_visible (hbar) && gtk_widget_get_child_visible (hbar) &&
                  gtk_widget_get_mapped (hbar));

  /* Every Result cell shown is inside the window, with room for words. */
  g_queue_push_tail (&queue, view);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (FW_IS_TEXT_CELL (widget) && gtk_widget_get_mapped (widget))
        {
          graphene_rect_t bounds;
          const char *text = fw_text_cell_get_text (FW_TEXT_CELL (widget));

          g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->window), &bounds));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f->window)));
          if (text != NULL && strlen (text) == 64)   /* a SHA-256 */
            {
              n_results++;
              g_assert_cmpfloat (bounds.size.width, >=, 120);
            }
          else if (text != NULL && g_str_has_prefix (text, "file-"))
            {
              n_names++;
              /* "3 kB · Done" under the name. */
              g_assert_true (g_str_has_suffix (fw_text_cell_get_secondary (FW_TEXT_CELL (widget)), " · Done"));
            }
        }
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_test_message ("%u result cells, %u name cells shown", n_results, n_names);
  g_assert_cmpuint (n_results, ==, 4);
  g_assert_cmpuint (n_names, ==, 4);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  GtkColumnView *view = fw_window_get_column_view (f->window);
  AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (fw_window_get_details_pane (f->window)), ADW_TYPE_FLAP));

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%u", i);
      g_bytes_unref (fw_test_write_random (f->dir, name, 3000, i));
    }
  fw_window_add_files_as (f->window, &dir, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  resize (f, 1100);
  g_assert_cmpint (fw_job_columns_get_layout (view), ==, FW_COLUMNS_WIDE);

  check_fits (f, 360);
  check_fits (f, 600);

  /* Back wide: the second line goes, the columns come back. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 500);
  g_assert_cmpint (fw_job_columns_get_layout (view), ==, FW_COLUMNS_WIDE);
  {
    g_autoptr(GtkColumnViewColumn) size = g_list_model_get_item (gtk_column_view_get_columns (view), FW_COLUMN_SIZE);

    g_assert_true (gtk_column_view_column_get_visible (size));
  }
  resize (f, 1100);
  {
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, view);
    while (!g_queue_is_empty (&queue))
      {
        GtkWidget *widget = g_queue_pop_head (&queue);

        if (FW_IS_TEXT_CELL (widget))
          g_assert_null (fw_text_cell_get_secondary (FW_TEXT_CELL (widget)));
        for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
  }

  /* The pane beside the list takes its width: the columns narrow. */
  resize (f, 1000);
  g_assert_cmpint (fw_job_columns_get_layout (view), ==, FW_COLUMNS_WIDE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->details_button)));
  g_assert_false (adw_flap_get_folded (flap));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-details", NULL));
  g_assert_cmpint (fw_job_columns_get_layout (view), !=, FW_COLUMNS_WIDE);

  /* At 360 px it goes over the list, and the list keeps its layout. */
  resize (f, 360);
  wait_pane_shown (f);
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_cmpint (fw_job_columns_get_layout (view), ==, FW_COLUMNS_FOLDED);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fw_window_get_details_pane (f->window))), <=, 360);
  check_shown_whole (fw_window_get_details_pane (f->window),
                     fw_details_pane_get_value (fw_window_get_details_pane (f->window),
                                                fw_algorithm_get_name (FW_ALGORITHM_SHA256)));
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
  /* The title bar's buttons as GNOME has them: GTK's own default adds
   * Minimize and Maximize (108 px in all), which no GNOME session shows,
   * and the header would not fit the window's 360 px minimum. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  g_test_add ("/details/two-digests", Fixture, NULL, fixture_setup, test_two_digests, fixture_teardown);
  g_test_add ("/details/follows-selection", Fixture, NULL, fixture_setup, test_follows_selection, fixture_teardown);
  g_test_add ("/details/verify-row", Fixture, NULL, fixture_setup, test_verify_row, fixture_teardown);
  g_test_add ("/details/size-row", Fixture, NULL, fixture_setup, test_size_row, fixture_teardown);
  g_test_add ("/details/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);

  return g_test_run ();
}
