/* fw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-window.h"

struct _FwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FwApplication, fw_application, ADW_TYPE_APPLICATION)

static FwWindow *
fw_application_get_main_window (FwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (fw_window_new (self));
  return FW_WINDOW (window);
}

static void
fw_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (fw_application_get_main_window (FW_APPLICATION (app))));
}

static void
fw_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
fw_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  FwApplication *self = user_data;
  static const char *developers[] = { "The Fileworks developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", "Fileworks",
                         "application-icon", APP_ID,
                         "developer-name", "The Fileworks developers",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 The Fileworks developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Hash, verify and size files and folders in parallel"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", fw_application_quit_action },
  { "about", fw_application_about_action },
};

static void
fw_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
fw_application_class_init (FwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = fw_application_activate;
  app_class->startup = fw_application_startup;
}

static void
fw_application_init (FwApplication *self)
{
}

FwApplication *
fw_application_new (void)
{
  return g_object_new (FW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/fileworks/Fileworks",
                       NULL);
}
