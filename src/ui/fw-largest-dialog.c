/* fw-largest-dialog.c — the Largest Items dialog of a size row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-largest-dialog.h"
#include "fw-size.h"

struct _FwLargestDialog
{
  FwAlert  parent_instance;

  GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (FwLargestDialog, fw_largest_dialog, FW_TYPE_ALERT)

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

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fileworks/Fileworks/fw-largest-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FwLargestDialog, grid);
}

static void
fw_largest_dialog_init (FwLargestDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* One row of the list: the size in column 0, the name in column 1. */
static void
fw_largest_dialog_add_row (FwLargestDialog   *self,
                           const FwSizeChild *child,
                           int                row)
{
  g_autofree char *size = g_format_size (child->disk_usage);
  g_autofree char *name = g_filename_display_name (child->name);
  GtkWidget *size_label = gtk_label_new (size);
  GtkWidget *name_label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (size_label), 1);
  gtk_widget_add_css_class (size_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_set_tooltip_text (name_label, name);
  gtk_grid_attach (self->grid, size_label, 0, row, 1, 1);
  gtk_grid_attach (self->grid, name_label, 1, row, 1, 1);
}

FwLargestDialog *
fw_largest_dialog_new (GtkWindow  *parent,
                       const char *name,
                       GPtrArray  *largest)
{
  FwLargestDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (largest != NULL, NULL);

  self = g_object_new (FW_TYPE_LARGEST_DIALOG, NULL);
  fw_alert_set_parent ((FwAlert *) self, parent);
  heading = g_strdup_printf (_("Largest in “%s”"), name);
  fw_alert_set_heading ((FwAlert *) self, heading);
  if (largest->len == 0)
    {
      fw_alert_set_body ((FwAlert *) self, _("No items inside"));
      fw_alert_set_extra_child ((FwAlert *) self, NULL);
      self->grid = NULL;
      return self;
    }
  for (guint i = 0; i < largest->len; i++)
    fw_largest_dialog_add_row (self, g_ptr_array_index (largest, i), i);
  return self;
}
