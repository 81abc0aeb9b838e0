/* fw-dupes-view-rows.c — the duplicates list's rows: a group's header or
 * a file with its check box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One widget shape for both kinds of FwDupesRow (a GtkTreeExpander over
 * a check box, the name, "linked" and a detail), shown or hidden at
 * bind. A bound row's "selected" notifications keep its check box in
 * step: ticked, and insensitive on the group's last copy. Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-dupes-view-private.h"

typedef struct {
  GtkWidget *check;
  GtkWidget *title;
  GtkWidget *linked;
  GtkWidget *detail;
  FwDupesView *view;
  FwDupesRow *row;      /* bound (a reference) */
  gulong     notify_id;
  gboolean   binding;
  int        tooltip_can;  /* which tooltip the check box has: -1 none yet */
} RowWidgets;

static void
row_widgets_free (gpointer data)
{
  RowWidgets *w = data;

  if (w->view->bound != NULL)
    g_hash_table_remove (w->view->bound, w);
  if (w->row != NULL && w->notify_id != 0)
    g_signal_handler_disconnect (w->row, w->notify_id);
  g_clear_object (&w->row);
  g_free (w);
}

static void
row_refresh (FwDupesRow *row,
             RowWidgets *w)
{
  FwDupesChoice *choice = fw_dupes_row_get_choice (row);
  guint index = fw_dupes_row_get_index (row);
  gboolean can = fw_dupes_choice_can_select (choice, index);

  w->binding = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (w->check), fw_dupes_choice_get_selected (choice, index));
  w->binding = FALSE;
  gtk_widget_set_sensitive (w->check, can);
  /* Only when it changes (see query_tooltip_cb()). */
  if (w->tooltip_can != can)
    {
      w->tooltip_can = can;
      gtk_widget_set_tooltip_text (w->check, can ? _("Move this copy to the Trash")
                                                 : _("The last copy stays: clear another file of this group first"));
    }
}

/* The path's tooltip is asked for when shown, not set on every bind:
 * setting one queries the pointer (an X11 round trip), which made each
 * group arriving in view cost milliseconds. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  RowWidgets *w)
{
  g_autofree char *full = NULL;

  if (w->row == NULL || fw_dupes_row_is_group (w->row))
    return FALSE;
  full = g_filename_display_name (fw_dupes_row_get_file (w->row)->path);
  gtk_tooltip_set_text (tooltip, full);
  return TRUE;
}

static void
row_notify_cb (FwDupesRow *row,
               GParamSpec *pspec,
               RowWidgets *w)
{
  if (!fw_dupes_row_is_group (row))
    row_refresh (row, w);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GtkListItem    *item)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");
  FwDupesRow *row;
  FwDupesView *self;

  if (w->binding)
    return;
  row = gtk_tree_list_row_get_item (gtk_list_item_get_item (item));
  /* The tree row's item is a new reference. */
  g_object_unref (row);
  if (fw_dupes_row_is_group (row))
    return;
  fw_dupes_choice_set_selected (fw_dupes_row_get_choice (row), fw_dupes_row_get_index (row),
                                gtk_check_button_get_active (check));
  /* Refused (the last copy) or not: every row of the group follows. */
  fw_dupes_row_selection_changed (row);
  self = w->view;
  fw_dupes_view_update_selection (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FwDupesView              *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  RowWidgets *w = g_new0 (RowWidgets, 1);

  w->view = self;
  w->tooltip_can = -1;

  w->check = gtk_check_button_new ();
  w->title = gtk_label_new (NULL);
  w->linked = gtk_label_new (_("linked"));
  w->detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (w->title, TRUE);
  /* The time gives way before the window's 360 px do. */
  gtk_label_set_ellipsize (GTK_LABEL (w->detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (w->linked, _("A hard link: the same file as another path here, not a copy"));
  gtk_widget_add_css_class (w->linked, "dim-label");
  gtk_widget_add_css_class (w->detail, "dim-label");
  gtk_widget_add_css_class (w->detail, "numeric");
  gtk_box_append (GTK_BOX (box), w->check);
  gtk_box_append (GTK_BOX (box), w->title);
  gtk_box_append (GTK_BOX (box), w->linked);
  gtk_box_append (GTK_BOX (box), w->detail);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_margin_end (box, 12);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_signal_connect (w->check, "toggled", G_CALLBACK (check_toggled_cb), item);
  gtk_widget_set_has_tooltip (w->title, TRUE);
  g_signal_connect (w->title, "query-tooltip", G_CALLBACK (query_tooltip_cb), w);
  g_object_set_data_full (G_OBJECT (item), "fw-row-widgets", w, row_widgets_free);
  gtk_list_item_set_child (item, expander);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FwDupesView              *self)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  g_autoptr(FwDupesRow) row = gtk_tree_list_row_get_item (tree_row);
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");
  GtkWidget *expander = gtk_list_item_get_child (item);
  FwDupesGroup *group = fw_dupes_row_get_choice (row)->group;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  if (fw_dupes_row_is_group (row))
    {
      g_autofree char *size = g_format_size (group->size);
      g_autofree char *wasted = g_format_size (group->wasted);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      if (group->size == 0)
        /* TRANSLATORS: a group of duplicates; %u is how many */
        title = g_strdup_printf (ngettext ("%u empty file", "%u empty files", group->files->len),
                                 group->files->len);
      else
        /* TRANSLATORS: a group of duplicates: "3 copies of 4.2 MB" */
        title = g_strdup_printf (ngettext ("%u copy of %s", "%u copies of %s", group->n_inodes),
                                 group->n_inodes, size);
      detail = group->wasted > 0 ? g_strdup_printf (_("%s can be freed"), wasted) : g_strdup (_("Nothing to free"));
      gtk_label_set_text (GTK_LABEL (w->title), title);
      gtk_label_set_text (GTK_LABEL (w->detail), detail);
      gtk_widget_add_css_class (w->title, "heading");
      gtk_widget_set_visible (w->check, FALSE);
      gtk_widget_set_visible (w->linked, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
    }
  else
    {
      const FwDupesFile *file = fw_dupes_row_get_file (row);
      g_autofree char *name = g_filename_display_name (fw_dupes_view_display_path (self, file->path));
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (file->mtime_ns / G_GINT64_CONSTANT (1000000000));
      g_autofree char *when = time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : NULL;

      gtk_label_set_text (GTK_LABEL (w->title), name);
      gtk_label_set_text (GTK_LABEL (w->detail), when != NULL ? when : "");
      gtk_widget_remove_css_class (w->title, "heading");
      gtk_widget_set_visible (w->check, TRUE);
      gtk_widget_set_visible (w->linked, file->linked);
      gtk_accessible_update_property (GTK_ACCESSIBLE (w->check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      row_refresh (row, w);
    }
  w->notify_id = g_signal_connect (row, "notify::selected", G_CALLBACK (row_notify_cb), w);
  g_set_object (&w->row, row);
  g_hash_table_add (self->bound, w);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");

  if (w->row != NULL && w->notify_id != 0)
    g_signal_handler_disconnect (w->row, w->notify_id);
  w->notify_id = 0;
  g_clear_object (&w->row);
  g_hash_table_remove (w->view->bound, w);
}

GListModel *
fw_dupes_view_rows_children (gpointer item,
                             gpointer user_data)
{
  FwDupesRow *row = item;

  if (!fw_dupes_row_is_group (row))
    return NULL;
  return g_object_ref (fw_dupes_row_get_children (row));
}


/* After a change to many groups at once: only the rows shown have
 * widgets to bring up to date (notifying every row of 100,000 groups
 * took about half a second). */
void
fw_dupes_view_refresh_bound (FwDupesView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      RowWidgets *w = key;

      if (w->row != NULL && !fw_dupes_row_is_group (w->row))
        row_refresh (w->row, w);
    }
}

GtkListItemFactory *
fw_dupes_view_rows_factory_new (FwDupesView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  return factory;
}
