/* fw-largest-dialog.c — the Largest Items dialog of a size row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row is an AdwActionRow: the item's name as its title (wrapped when
 * long, so whole: GTK 4.8 warns about an ellipsized label narrower than
 * its ellipsis, as a one-letter name is), its size and share of
 * the folder as its subtitle, a GtkLevelBar of the share and a "Show in
 * Files" button as suffixes. The row is activatable: Enter or a click
 * emits "show-item", as the button does; the window shows the item.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-largest-dialog.h"
#include "fw-size.h"

struct _FwLargestDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (FwLargestDialog, fw_largest_dialog, ADW_TYPE_WINDOW)

enum {
  SHOW_ITEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fw_largest_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_LARGEST_DIALOG);

  G_OBJECT_CLASS (fw_largest_dialog_parent_class)->dispose (object);
}

static void
fw_largest_dialog_class_init (FwLargestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_largest_dialog_dispose;

  /**
   * FwLargestDialog::show-item:
   * @item: the item's #GFile
   *
   * The user asked to see @item in the file manager.
   */
  signals[SHOW_ITEM] = g_signal_new ("show-item", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fileworks/Fileworks/fw-largest-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FwLargestDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FwLargestDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FwLargestDialog, list);

  /* Escape dismisses, as in GNOME's dialogs (GtkWindow's window.close). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fw_largest_dialog_init (FwLargestDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_item (FwLargestDialog *self,
           GObject         *source)
{
  GFile *item = g_object_get_data (source, "fw-item");

  g_signal_emit (self, signals[SHOW_ITEM], 0, item);
}

static void
show_clicked_cb (GtkButton       *button,
                 FwLargestDialog *self)
{
  show_item (self, G_OBJECT (button));
}

/* One row: name, size and share, the share's bar, the button. */
static GtkWidget *
fw_largest_dialog_new_row (FwLargestDialog   *self,
                           GFile             *folder,
                           const FwSizeChild *child,
                           guint64            total)
{
  g_autofree char *size = g_format_size (child->disk_usage);
  g_autofree char *name = g_filename_display_name (child->name);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *show_label = NULL;
  double share = total > 0 ? MIN (1.0, (double) child->disk_usage / (double) total) : 0;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *show = gtk_button_new_from_icon_name ("folder-open-symbolic");
  g_autoptr(GFile) item = g_file_get_child (folder, child->name);

  /* TRANSLATORS: an item's disk usage and its share of the folder:
   * "1.9 MB · 47%" */
  subtitle = g_strdup_printf (_("%s · %.0f%%"), size, floor (share * 100 + 0.5));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (row, subtitle);
  if (child->is_dir)
    adw_action_row_set_icon_name (row, "folder-symbolic");
  else
    adw_action_row_set_icon_name (row, "text-x-generic-symbolic");

  /* The share, in the accent colour alone: no "low"/"high" colours. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), share);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 80, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Share of the folder"), -1);
  adw_action_row_add_suffix (row, bar);

  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_tooltip_text (show, _("Show in Files"));
  /* TRANSLATORS: a button's name for screen readers; %s is a file name */
  show_label = g_strdup_printf (_("Show “%s” in Files"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL, show_label, -1);
  g_object_set_data_full (G_OBJECT (show), "fw-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (show, "clicked", G_CALLBACK (show_clicked_cb), self, 0);
  adw_action_row_add_suffix (row, show);
  adw_action_row_set_activatable_widget (row, show);

  g_object_set_data_full (G_OBJECT (row), "fw-item", g_object_ref (item), g_object_unref);
  return GTK_WIDGET (row);
}

GtkListBox *
fw_largest_dialog_get_list (FwLargestDialog *self)
{
  g_return_val_if_fail (FW_IS_LARGEST_DIALOG (self), NULL);

  return self->list;
}

FwLargestDialog *
fw_largest_dialog_new (GtkWindow  *parent,
                       GFile      *folder,
                       const char *name,
                       guint64     total,
                       GPtrArray  *largest)
{
  FwLargestDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (largest != NULL, NULL);

  self = g_object_new (FW_TYPE_LARGEST_DIALOG, "transient-for", parent, NULL);
  title = g_strdup_printf (_("Largest in “%s”"), name);
  size = g_format_size (total);
  /* TRANSLATORS: the Largest Items window's subtitle: the folder's disk usage */
  subtitle = g_strdup_printf (_("By disk usage, of %s"), size);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_stack_set_visible_child_name (self->stack, largest->len > 0 ? "list" : "empty");
  for (guint i = 0; i < largest->len; i++)
    gtk_list_box_append (self->list, fw_largest_dialog_new_row (self, folder, g_ptr_array_index (largest, i), total));
  return self;
}
