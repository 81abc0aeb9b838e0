/* fw-drag-source.c — a tiny GTK 4 drag source for the drag-and-drop test
 *
 * Usage: fw-drag-source TITLE FILE…
 * Shows a window named TITLE whose whole area drags FILEs as a
 * GdkFileList (what a file manager offers). Exits after a drop, or when
 * killed. Tells how the drag goes on standard output, a line each:
 * "drag-begin" once the drag is under way, "accepted" whenever a drop
 * target takes the files for copying (a release then drops them), and
 * "refused" when the pointer leaves it. The test moves and releases the
 * pointer on these, not on timing: since GTK 4.10 or so, input sent
 * while the drag is still being set up on X11 is lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

static gboolean done;

static GdkContentProvider *
prepare_cb (GtkDragSource *source,
            double         x,
            double         y,
            GSList        *files)
{
  GdkFileList *list = gdk_file_list_new_from_list (files);
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

static void
say (const char *line)
{
  g_print ("%s\n", line);
  fflush (stdout);
}

static void
selected_action_cb (GdkDrag    *drag,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  say (gdk_drag_get_selected_action (drag) & GDK_ACTION_COPY ? "accepted" : "refused");
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               gpointer       user_data)
{
  g_signal_connect (drag, "notify::selected-action", G_CALLBACK (selected_action_cb), NULL);
  say ("drag-begin");
}

static void
drag_end_cb (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             gpointer       user_data)
{
  done = TRUE;
  g_main_context_wakeup (NULL);
}

int
main (int    argc,
      char **argv)
{
  GtkWidget *window, *label;
  GtkDragSource *source;
  GSList *files = NULL;

  if (argc < 3)
    {
      g_printerr ("usage: %s TITLE FILE…\n", argv[0]);
      return 2;
    }
  gtk_init ();
  for (int i = argc - 1; i >= 2; i--)
    files = g_slist_prepend (files, g_file_new_for_commandline_arg (argv[i]));

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), argv[1]);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 120);
  label = gtk_label_new ("Drag these files");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), label);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (prepare_cb), files);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), NULL);
  g_signal_connect (source, "drag-end", G_CALLBACK (drag_end_cb), NULL);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));

  gtk_window_present (GTK_WINDOW (window));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_slist_free_full (files, g_object_unref);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
