/* fw-test-widgets.h — finding widgets, waiting for frames, real input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the UI tests (test-window, test-window-nav,
 * test-details-pane). Main thread.
 */
#pragma once

#include <stdarg.h>

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
