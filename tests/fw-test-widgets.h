/* fw-test-widgets.h — finding widgets, waiting for frames, real input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the UI tests (test-window, test-window-*, test-expect-window,
 * test-details-pane). Main thread.
 */
#pragma once

#include <stdarg.h>

#include <adwaita.h>
#include <gtk/gtk.h>

/* Every widget under @root (itself included, breadth first) that @match
 * accepts. */
typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

G_GNUC_UNUSED static GPtrArray *
find_widgets (GtkWidget     *root,
              WidgetMatch    match,
              gconstpointer  data)
{
  GPtrArray *found = g_ptr_array_new ();
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (match (widget, data))
        g_ptr_array_add (found, widget);
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return found;
}

/* Adds every widget of @type under @widget (itself included) to @found,
 * depth first: in the order they are drawn in a list. */
G_GNUC_UNUSED static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect (c, type, found);
}

/* The first of them; asserts there is one. */
G_GNUC_UNUSED static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) found = find_widgets (root, match, data);

  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

/* Matchers for find_widgets() and find_widget(). */
G_GNUC_UNUSED static gboolean
has_buildable_id (GtkWidget *widget, gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

/* @type: a GType, GSIZE_TO_POINTER (TYPE). */
G_GNUC_UNUSED static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

G_GNUC_UNUSED static gboolean
is_row_with_title (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

G_GNUC_UNUSED static gboolean
is_check (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

G_GNUC_UNUSED static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* A callback that sets the gboolean @flag points to. */
G_GNUC_UNUSED static void
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

G_GNUC_UNUSED static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

/* The text of @widget's clipboard, once read ("" when it has none). */
G_GNUC_UNUSED static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

/* Runs the test that calls it again in a subprocess of its own, with
 * LeakSanitizer's leak detection off there (GTK's file chooser widget
 * leaks inside GTK, its tree view and its folder loading, which it would
 * blame on the test; a use after free still fails it), and asserts that
 * it passed. The caller returns then; in the subprocess
 * (g_test_subprocess()), it runs the test itself. */
G_GNUC_UNUSED static void
run_in_subprocess (void)
{
  g_autofree char *lsan = g_strdup (g_getenv ("LSAN_OPTIONS"));

  g_setenv ("LSAN_OPTIONS", "detect_leaks=0", TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (lsan != NULL)
    g_setenv ("LSAN_OPTIONS", lsan, TRUE);
  else
    g_unsetenv ("LSAN_OPTIONS");
  g_test_trap_assert_passed ();
}

/* Presents @window and waits until it is mapped. */
G_GNUC_UNUSED static void
fw_test_present_window (GtkWindow *window)
{
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
}

G_GNUC_UNUSED static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Until @widget's frame clock has run @n frames: what changed before is
 * laid out and drawn then. */
G_GNUC_UNUSED static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint seen = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &seen, NULL);

  while (seen < n)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
}

G_GNUC_UNUSED static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Closes @popover (a menu) with a real Escape, as a person would. */
G_GNUC_UNUSED static void
close_popover (GtkWidget *popover)
{
  xdotool ("key", "Escape", NULL);
  while (gtk_widget_get_mapped (popover))
    g_main_context_iteration (NULL, TRUE);
  /* Until the X server has let go of the menu's grab: a round trip after
   * the ungrab GDK sent when it hid the menu. */
  wait_frames (GTK_WIDGET (gtk_widget_get_root (popover)), 1);
  gdk_display_sync (gtk_widget_get_display (popover));
}

/* GTK's file chooser widget (what GtkFileChooserNative and GtkFileDialog
 * show when no portal answers, as on the tests' own bus) has a path bar:
 * a row of buttons, one per folder from the current one up to the root,
 * made by a walk of g_file_query_info_async() calls, one folder after
 * the other, and put in the bar when the walk ends. A walk cancelled
 * halfway (the folder changed, or the chooser closed) is undone in
 * gtk_path_bar_set_file_finish(): GTK 4.18 calls gtk_box_remove() on the
 * path bar's box for each button already made, through a pointer to a
 * path bar it holds no reference to. With the chooser closed meanwhile,
 * that path bar is freed: a use after free (a SIGSEGV, no message); with
 * it alive, a critical (the buttons were never in the box). A person
 * never answers within the milliseconds a walk takes; a test does. So a
 * test waits, before it changes the chooser's folder or answers, until
 * the path bar's active button (the current folder's) reads the name of
 * @folder: the walk for it is over. */
G_GNUC_UNUSED static gboolean
fw_test_is_path_bar (GtkWidget     *widget,
                     gconstpointer  unused)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "pathbar") == 0;
}

G_GNUC_UNUSED static gboolean
fw_test_is_active_toggle (GtkWidget     *widget,
                          gconstpointer  unused)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget));
}

G_GNUC_UNUSED static gboolean
fw_test_is_label_reading (GtkWidget     *widget,
                          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

G_GNUC_UNUSED static gboolean
fw_test_path_bar_shows (GtkWidget  *dialog,
                        const char *name)
{
  g_autoptr(GPtrArray) bars = find_widgets (dialog, fw_test_is_path_bar, NULL);

  for (guint i = 0; i < bars->len; i++)
    {
      g_autoptr(GPtrArray) active = find_widgets (g_ptr_array_index (bars, i), fw_test_is_active_toggle, NULL);

      for (guint j = 0; j < active->len; j++)
        {
          g_autoptr(GPtrArray) labels = find_widgets (g_ptr_array_index (active, j), fw_test_is_label_reading, name);

          if (labels->len > 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Until the path bar of the file chooser @dialog shows @folder (not the
 * root folder, whose button has no name) as its current one. */
G_GNUC_UNUSED static void
fw_test_wait_path_bar (GtkWidget *dialog,
                       GFile     *folder)
{
  g_autofree char *name = g_file_get_basename (folder);
  g_autofree char *display = g_filename_display_name (name);

  g_assert_true (g_file_has_parent (folder, NULL));
  while (!fw_test_path_bar_shows (dialog, display))
    g_main_context_iteration (NULL, TRUE);
}

/* Until the file chooser @dialog's path bar shows the folder the chooser
 * is in, when it is in one (not Recent, nor the root): before the test
 * answers, or changes its folder (see above). */
G_GNUC_UNUSED static void
fw_test_settle_file_chooser (GtkWidget *dialog)
{
  g_autoptr(GFile) folder = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (folder != NULL && g_file_has_parent (folder, NULL))
    fw_test_wait_path_bar (dialog, folder);
}
