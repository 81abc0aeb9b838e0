/* fw-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window.h"

struct _FwWindow
{
  AdwApplicationWindow parent_instance;

  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (FwWindow, fw_window, ADW_TYPE_APPLICATION_WINDOW)

static void
fw_window_class_init (FwWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FwWindow, empty_page);
}

static void
fw_window_init (FwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FwWindow *
fw_window_new (FwApplication *application)
{
  return g_object_new (FW_TYPE_WINDOW, "application", application, NULL);
}
