/* fw-size-window-columns.c — the size window's two views: their columns
 * and cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folders: Name (with the tree's expander), Size, Share of the parent (a
 * bar, and the percentage in words: the label beside it, and the bar's
 * accessible value text), Files, Folders, Modified. Largest Files: Name,
 * Folder, Size, Modified; narrow, the Folder column goes and the folder
 * is a second, dim line under the name (a "fold", as the main window's
 * Name cell at narrow widths: fw-job-columns.c). A cell follows its item's "revision"; the
 * window bumps the items that have cells (FwSizeWindow.bound) when
 * figures change, never the whole tree.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fw-size-window-private.h"

typedef enum {
  COL_NAME,
  COL_FOLDER,
  COL_SIZE,
  COL_SHARE,
  COL_FILES,
  COL_DIRS,
  COL_MODIFIED,
} Column;

/* The fixed columns' widths, wide and narrow (below 700 px: see
 * fw-size-window-layout.c), where Name has what is left. */
#define SIZE_WIDTH 100
#define SIZE_WIDTH_NARROW 80
#define SHARE_WIDTH 150
#define SHARE_WIDTH_NARROW 90
#define COUNT_WIDTH 80
#define MODIFIED_WIDTH 150

typedef struct {
  FwSizeWindow *window;
  Column        column;
  gboolean      tree;
  gboolean      folded;   /* Largest Files' Name: the folder below it */
} ColumnData;

FwSizeItem *
fw_size_window_row_item (gpointer row)
{
  if (GTK_IS_TREE_LIST_ROW (row))
    {
      FwSizeItem *item = gtk_tree_list_row_get_item (row);

      g_object_unref (item);   /* the row holds it */
      return item;
    }
  return FW_SIZE_ITEM (row);
}

char *
fw_size_window_format_mtime (gint64 mtime)
{
  g_autoptr(GDateTime) dt = NULL;

  if (mtime <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (mtime);
  if (dt == NULL)
    return g_strdup ("");
  /* TRANSLATORS: a modification date and time, as g_date_time_format() */
  return g_date_time_format (dt, _("%Y-%m-%d %H:%M"));
}

static guint64
parent_size (FwSizeWindow *self,
             FwSizeItem   *item)
{
  FwSizeItem *parent = fw_size_item_get_parent (item);

  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_LARGE_FILE || parent == NULL)
    return self->root != NULL ? fw_size_item_get_size (self->root, self->apparent) : 0;
  return fw_size_item_get_size (parent, self->apparent);
}

static const char *
icon_for (FwSizeItem *item)
{
  FwSizeNode *node = fw_size_item_get_node (item);

  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_OTHER_FILES)
    return "view-more-symbolic";
  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_ENTRY && node != NULL)
    switch (node->kind)
      {
      case FW_SIZE_NODE_DIR:
        return "folder-symbolic";
      case FW_SIZE_NODE_UNKNOWN:
        return "dialog-warning-symbolic";
      default:
        break;
      }
  return "text-x-generic-symbolic";
}

static GtkWidget *
cell_label (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "fw-label");
}

static void
update_cell (GtkWidget  *cell,
             FwSizeItem *item,
             ColumnData *data)
{
  FwSizeWindow *self = data->window;
  g_autofree char *text = NULL;

  switch (data->column)
    {
    case COL_NAME:
      {
        GtkWidget *second = g_object_get_data (G_OBJECT (cell), "fw-second");

        text = fw_size_item_dup_name (item);
        gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (cell), "fw-icon"), icon_for (item));
        if (second != NULL)
          {
            g_autofree char *folder = data->folded ? fw_size_item_dup_folder (item) : NULL;

            gtk_label_set_text (GTK_LABEL (second), folder != NULL ? folder : "");
            gtk_widget_set_visible (second, data->folded);
          }
      }
      break;
    case COL_FOLDER:
      text = fw_size_item_dup_folder (item);
      break;
    case COL_SIZE:
      text = g_format_size (fw_size_item_get_size (item, self->apparent));
      if (!fw_size_item_get_complete (item))
        {
          g_autofree char *so_far = g_steal_pointer (&text);

          /* TRANSLATORS: a folder's size while it is still being scanned */
          text = g_strdup_printf (_("%s…"), so_far);
        }
      break;
    case COL_SHARE:
      {
        guint64 total = parent_size (self, item);
        double share = total > 0 ? MIN (1.0, (double) fw_size_item_get_size (item, self->apparent) / (double) total) : 0;
        GtkWidget *bar = g_object_get_data (G_OBJECT (cell), "fw-bar");

        /* TRANSLATORS: an entry's share of its folder, as a percentage */
        text = g_strdup_printf (_("%.0f%%"), floor (share * 100 + 0.5));
        gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), share);
        gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
      }
      break;
    case COL_FILES:
      if (fw_size_item_get_kind (item) != FW_SIZE_ITEM_LARGE_FILE &&
          (fw_size_item_is_folder (item) || fw_size_item_get_kind (item) == FW_SIZE_ITEM_OTHER_FILES))
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, fw_size_item_get_n_files (item));
      break;
    case COL_DIRS:
      /* Folders inside it, itself not counted. */
      if (fw_size_item_is_folder (item))
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, fw_size_item_get_n_dirs (item) - MIN (1, fw_size_item_get_n_dirs (item)));
      break;
    case COL_MODIFIED:
      text = fw_size_window_format_mtime (fw_size_item_get_mtime (item));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (cell_label (cell)), text != NULL ? text : "");
}

static void
revision_cb (FwSizeItem *item,
             GParamSpec *pspec,
             GtkWidget  *cell)
{
  update_cell (cell, item, g_object_get_data (G_OBJECT (cell), "fw-column"));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            ColumnData      *data)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
  GtkSingleSelection *selection = data->tree ? data->window->tree_selection : data->window->largest_selection;
  guint position = gtk_list_item_get_position (list_item);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (selection, position);
  fw_size_window_popup_menu (data->window, cell, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          ColumnData               *data)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *cell = label;
  GtkGesture *click;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  switch (data->column)
    {
    case COL_NAME:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *icon = gtk_image_new ();

        gtk_label_set_width_chars (GTK_LABEL (label), 12);
        gtk_box_append (GTK_BOX (box), icon);
        if (!data->tree)
          {
            /* Largest Files: the folder folds in below, when narrow. */
            GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
            GtkWidget *second = gtk_label_new (NULL);

            gtk_widget_set_hexpand (lines, TRUE);
            gtk_label_set_xalign (GTK_LABEL (second), 0);
            gtk_label_set_ellipsize (GTK_LABEL (second), PANGO_ELLIPSIZE_MIDDLE);
            gtk_label_set_width_chars (GTK_LABEL (second), 12);
            gtk_widget_add_css_class (second, "dim-label");
            gtk_widget_add_css_class (second, "caption");
            gtk_widget_set_visible (second, FALSE);
            gtk_box_append (GTK_BOX (lines), label);
            gtk_box_append (GTK_BOX (lines), second);
            gtk_box_append (GTK_BOX (box), lines);
            g_object_set_data (G_OBJECT (box), "fw-second", second);
          }
        else
          gtk_box_append (GTK_BOX (box), label);
        if (data->tree)
          {
            cell = gtk_tree_expander_new ();
            gtk_tree_expander_set_child (GTK_TREE_EXPANDER (cell), box);
          }
        else
          cell = box;
        g_object_set_data (G_OBJECT (cell), "fw-icon", icon);
      }
      break;
    case COL_SHARE:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

        /* The share, in the accent colour alone. */
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
        /* At least this, as wide as the column lets it be. */
        gtk_widget_set_size_request (bar, 40, -1);
        gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
        gtk_widget_set_hexpand (bar, TRUE);
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_box_append (GTK_BOX (box), bar);
        gtk_box_append (GTK_BOX (box), label);
        g_object_set_data (G_OBJECT (box), "fw-bar", bar);
        cell = box;
      }
      break;
    case COL_SIZE:
    case COL_FILES:
    case COL_DIRS:
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      break;
    default:
      break;
    }
  g_object_set_data (G_OBJECT (cell), "fw-label", label);
  g_object_set_data (G_OBJECT (cell), "fw-column", data);
  g_object_set_data (G_OBJECT (cell), "fw-list-item", list_item);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), data);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         ColumnData               *data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  gpointer row = gtk_list_item_get_item (list_item);
  FwSizeItem *item = fw_size_window_row_item (row);
  gulong id;

  if (data->column == COL_NAME && data->tree)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), row);
  update_cell (cell, item, data);
  id = g_signal_connect (item, "notify::revision", G_CALLBACK (revision_cb), cell);
  /* Held until unbound: the row may drop it first. */
  g_object_set_data_full (G_OBJECT (cell), "fw-item", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (cell), "fw-handler", GSIZE_TO_POINTER (id));
  g_hash_table_insert (data->window->bound, item,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (data->window->bound, item)) + 1));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnData               *data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  FwSizeItem *item = g_object_get_data (G_OBJECT (cell), "fw-item");
  guint count;

  if (data->column == COL_NAME && data->tree)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), NULL);
  if (item == NULL)
    return;
  g_signal_handler_disconnect (item, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "fw-handler")));
  if (data->window->bound != NULL)
    {
      count = GPOINTER_TO_UINT (g_hash_table_lookup (data->window->bound, item));
      if (count <= 1)
        g_hash_table_remove (data->window->bound, item);
      else
        g_hash_table_insert (data->window->bound, item, GUINT_TO_POINTER (count - 1));
    }
  g_object_set_data (G_OBJECT (cell), "fw-item", NULL);
}

static void
add_column (FwSizeWindow  *self,
            GtkColumnView *view,
            gboolean       tree,
            Column         column,
            const char    *title,
            gboolean       expand,
            int            width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  ColumnData *data = g_new0 (ColumnData, 1);
  g_autoptr(GtkColumnViewColumn) col = NULL;

  data->window = self;
  data->column = column;
  data->tree = tree;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), data);
  g_object_set_data_full (G_OBJECT (factory), "fw-column-data", data, g_free);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (view, col);
}

void
fw_size_window_columns_init (FwSizeWindow *self)
{
  add_column (self, self->tree_view, TRUE, COL_NAME, _("Name"), TRUE, -1);
  add_column (self, self->tree_view, TRUE, COL_SIZE, _("Size"), FALSE, SIZE_WIDTH);
  add_column (self, self->tree_view, TRUE, COL_SHARE, _("Share"), FALSE, SHARE_WIDTH);
  add_column (self, self->tree_view, TRUE, COL_FILES, _("Files"), FALSE, COUNT_WIDTH);
  add_column (self, self->tree_view, TRUE, COL_DIRS, _("Folders"), FALSE, COUNT_WIDTH);
  add_column (self, self->tree_view, TRUE, COL_MODIFIED, _("Modified"), FALSE, MODIFIED_WIDTH);

  add_column (self, self->largest_view, FALSE, COL_NAME, _("Name"), TRUE, -1);
  add_column (self, self->largest_view, FALSE, COL_FOLDER, _("Folder"), TRUE, -1);
  add_column (self, self->largest_view, FALSE, COL_SIZE, _("Size"), FALSE, SIZE_WIDTH);
  add_column (self, self->largest_view, FALSE, COL_SHARE, _("Share"), FALSE, SHARE_WIDTH);
  add_column (self, self->largest_view, FALSE, COL_MODIFIED, _("Modified"), FALSE, MODIFIED_WIDTH);
}

void
fw_size_window_columns_set_narrow (FwSizeWindow *self,
                                   gboolean      narrow)
{
  GtkColumnView *views[] = { self->tree_view, self->largest_view };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      GListModel *columns = gtk_column_view_get_columns (views[v]);

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, i);
          ColumnData *data = g_object_get_data (G_OBJECT (gtk_column_view_column_get_factory (col)),
                                                "fw-column-data");

          if (data->column == COL_FILES || data->column == COL_DIRS || data->column == COL_MODIFIED)
            {
              /* Hidden, 0 px wide too: GTK 4.8 still counts a hidden
               * column's width when it shares out the spare width (as
               * fw-job-columns.c knows), and Name would not grow. */
              gtk_column_view_column_set_visible (col, !narrow);
              gtk_column_view_column_set_fixed_width (col, narrow ? 0
                                                      : data->column == COL_MODIFIED ? MODIFIED_WIDTH
                                                      : COUNT_WIDTH);
            }
          else if (data->column == COL_FOLDER)
            {
              /* Folded into Name's second line instead (0 px: as above). */
              gtk_column_view_column_set_visible (col, !narrow);
              gtk_column_view_column_set_fixed_width (col, narrow ? 0 : -1);
            }
          else if (data->column == COL_NAME && !data->tree)
            data->folded = narrow;
          else if (data->column == COL_SIZE)
            gtk_column_view_column_set_fixed_width (col, narrow ? SIZE_WIDTH_NARROW : SIZE_WIDTH);
          else if (data->column == COL_SHARE)
            gtk_column_view_column_set_fixed_width (col, narrow ? SHARE_WIDTH_NARROW : SHARE_WIDTH);
        }
    }
  /* The cells shown fold or unfold (cells bound later read data->folded). */
  if (self->bound != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->bound);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        fw_size_item_bump (key);
    }
}
