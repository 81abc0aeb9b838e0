/* fw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-resources.h"
#include "fw-preferences-window.h"
#include "fw-window.h"

struct _FwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FwApplication, fw_application, ADW_TYPE_APPLICATION)

void
fw_ui_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      fw_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

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

/* `fileworks FILE…` and "Open With": the items join the running window. */
static void
fw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FwWindow *window = fw_application_get_main_window (FW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  fw_window_add_files (window, files, (guint) n_files);
}

static void
fw_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (fw_preferences_window_new (window)));
}

/* app.export-report(PATH): writes every row of the main window as CSV to
 * PATH. Exported on D-Bus like every application action, so that scripts
 * and the end-to-end tests can see what the app has done. */
static void
fw_application_export_report_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    window = GTK_WINDOW (fw_application_get_main_window (self));
  if (fw_window_get_batch (FW_WINDOW (window)) != NULL &&
      g_list_model_get_n_items (fw_batch_get_jobs (fw_window_get_batch (FW_WINDOW (window)))) == 0)
    {
      g_file_set_contents (path, "path,kind,size,state,result\r\n", -1, NULL);
      return;
    }
  if (!fw_window_export (FW_WINDOW (window), FW_EXPORT_CSV, NULL, path, &error))
    g_warning ("export-report: %s", error->message);
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
                         "application-icon", APP_ID,
                         "website", "https://github.com/fileworks/fileworks",
                         "issue-url", "https://github.com/fileworks/fileworks/issues",
                         "application-name", "Fileworks",
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
  { "preferences", fw_application_preferences_action },
  { "export-report", fw_application_export_report_action, "s" },
};

static void
fw_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (fw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

static void
fw_application_class_init (FwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  fw_ui_ensure_resources ();

  app_class->activate = fw_application_activate;
  app_class->open = fw_application_open;
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
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/fileworks/Fileworks",
                       NULL);
}
