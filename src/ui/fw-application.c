/* fw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-resources.h"
#include "fw-preferences.h"
#include "fw-window.h"
#include "fw-window-private.h"
#include "fw-batch-mode.h"

struct _FwApplication
{
  AdwApplication parent_instance;

  /* Notification services seen on the session bus (watched). */
  guint    notify_watch_ids[3];
  guint    notify_owned;       /* one bit per notification_services[] */
};

/* GLib warns when it has no server to send a notification to (a bare X
 * session, CI): notify only while one of these is on the bus. */
static const char * const notification_services[] = {
  "org.gtk.Notifications",
  "org.freedesktop.portal.Desktop",
  "org.freedesktop.Notifications",
};

static guint
notify_service_bit (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
    if (g_str_equal (name, notification_services[i]))
      return 1u << i;
  return 0;
}

static void
notify_service_appeared (GDBusConnection *connection,
                         const char      *name,
                         const char      *owner,
                         gpointer         user_data)
{
  FwApplication *self = user_data;

  self->notify_owned |= notify_service_bit (name);
}

static void
notify_service_vanished (GDBusConnection *connection,
                         const char      *name,
                         gpointer         user_data)
{
  FwApplication *self = user_data;

  self->notify_owned &= ~notify_service_bit (name);
}

/**
 * fw_application_get_can_notify:
 *
 * Whether a notification service is on the session bus now (for tests).
 */
gboolean
fw_application_get_can_notify (FwApplication *self)
{
  g_return_val_if_fail (FW_IS_APPLICATION (self), FALSE);
  return self->notify_owned != 0;
}

/**
 * fw_application_notify:
 *
 * Sends a desktop notification when a notification service is on the
 * bus; does nothing otherwise.
 */
void
fw_application_notify (FwApplication *self,
                       const char    *title,
                       const char    *body)
{
  g_autoptr(GNotification) notification = NULL;

  g_return_if_fail (FW_IS_APPLICATION (self));

  if (self->notify_owned == 0)
    return;
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self), "batch-finished", notification);
}


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

/* The command line's modes (`fileworks --hash FILE…`): each is an option,
 * and the open hint that carries it to the running instance (GApplication
 * sends the hint over D-Bus with the files). A new mode is a row here and
 * a FwBatchMode. Two folders given to --compare are compared as folders
 * (fw_window_add_files_as() infers Compare Folders, as for a drop). */
typedef struct {
  const char  *option;        /* the long option, and the open hint */
  FwBatchMode  mode;
  const char  *description;   /* for --help */
} FwModeOption;

static const FwModeOption mode_options[] = {
  { "hash", FW_BATCH_MODE_HASH, N_("Hash the files, also inside folders") },
  { "size", FW_BATCH_MODE_SIZE, N_("Measure the disk space each folder or file takes up") },
  { "verify", FW_BATCH_MODE_VERIFY, N_("Verify the files listed in checksum files") },
  { "compare", FW_BATCH_MODE_COMPARE, N_("Compare two files byte by byte, or two folders file by file") },
  { "dupes", FW_BATCH_MODE_DUPES, N_("Find files with the same content in the folders") },
};

static const FwModeOption *
mode_option_for_hint (const char *hint)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_options); i++)
    if (g_strcmp0 (hint, mode_options[i].option) == 0)
      return &mode_options[i];
  return NULL;
}

/* `fileworks FILE…` and "Open With": the items join the running window,
 * as the header's job says. With a mode's hint (`fileworks --size FILE…`,
 * the Files extension), they become that job, whatever the header says. */
static void
fw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FwWindow *window = fw_application_get_main_window (FW_APPLICATION (app));
  const FwModeOption *mode = mode_option_for_hint (hint);

  gtk_window_present (GTK_WINDOW (window));
  if (mode != NULL)
    fw_window_add_files_as (window, files, (guint) n_files, mode->mode);
  else
    fw_window_add_files (window, files, (guint) n_files);
}

/* The command line, in the process started: at most one mode, and the
 * files are sent with it as the open hint to the instance that runs
 * (this one, or the one already on the bus: then this one exits). */
static int
fw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  const FwModeOption *mode = NULL;
  g_autofree const char **names = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (mode_options); i++)
    {
      if (!g_variant_dict_contains (options, mode_options[i].option))
        continue;
      if (mode != NULL)
        {
          /* TRANSLATORS: the options, e.g. "--hash" and "--size" */
          g_printerr (_("Choose one job: --%s and --%s cannot be used together\n"),
                      mode->option, mode_options[i].option);
          return 1;
        }
      mode = &mode_options[i];
    }
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &names))
    for (guint i = 0; names[i] != NULL; i++)
      g_ptr_array_add (files, g_file_new_for_commandline_arg (names[i]));
  if (mode != NULL && files->len == 0)
    {
      /* TRANSLATORS: the option, e.g. "--size" */
      g_printerr (_("--%s needs files or folders\n"), mode->option);
      return 1;
    }
  if (files->len == 0)
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_application_open (app, (GFile **) files->pdata, (int) files->len,
                      mode != NULL ? mode->option : "");
  /* Remote: sent, done. Here: the window holds the app; run it. */
  return g_application_get_is_remote (app) ? 0 : -1;
}

static void
fw_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  fw_preferences_present (window);
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
  /* Find Duplicates' report is its groups' CSV (fw-window-dupes.c). */
  if (fw_window_get_batch (FW_WINDOW (window)) != NULL &&
      fw_window_get_mode (FW_WINDOW (window)) != FW_BATCH_MODE_DUPES &&
      g_list_model_get_n_items (fw_batch_get_jobs (fw_window_get_batch (FW_WINDOW (window)))) == 0)
    {
      g_file_set_contents (path, "path,kind,size,state,result\r\n", -1, NULL);
      return;
    }
  if (!fw_window_export (FW_WINDOW (window), FW_EXPORT_CSV, NULL, path, &error))
    g_warning ("export-report: %s", error->message);
}

/* app.window-action(DETAILED): activates one of the main window's win.*
 * actions, as its menu item or key would: "win.pause",
 * "win.export('gnu')". The window's actions are its widget's, which
 * D-Bus does not see; this is how scripts reach them (build-aux/
 * screenshots drives the app with it, no pixel positions). Find
 * Duplicates' dupes.* actions too ("dupes.keep-oldest"). */
static void
fw_application_window_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  FwWindow *window = fw_application_get_main_window (FW_APPLICATION (user_data));
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_action_parse_detailed_name (g_variant_get_string (parameter, NULL), &name, &target, &error))
    g_warning ("window-action: %s", error->message);
  /* dupes.*: Find Duplicates' view's own actions (its Select menu, Move
   * to Trash), below the window. */
  else if (window != NULL && g_str_has_prefix (name, "dupes.") &&
           gtk_widget_activate_action_variant (GTK_WIDGET (fw_window_get_dupes_view (window)), name, target))
    return;
  else if (window == NULL || !gtk_widget_activate_action_variant (GTK_WIDGET (window), name, target))
    g_warning ("window-action: no action “%s” in the main window", name);
}

/* Quit (Ctrl+Q) closes the windows as their close buttons do: a window
 * whose jobs still run asks first and, kept, keeps the app running. */
static void
fw_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
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
  { "window-action", fw_application_window_action, "s" },
};

static void
fw_application_shutdown (GApplication *app)
{
  FwApplication *self = FW_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->notify_watch_ids); i++)
    g_clear_handle_id (&self->notify_watch_ids[i], g_bus_unwatch_name);

  G_APPLICATION_CLASS (fw_application_parent_class)->shutdown (app);
}

static void
fw_application_startup (GApplication *app)
{
  FwApplication *self = FW_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (fw_application_parent_class)->startup (app);

  if (g_application_get_dbus_connection (app) != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
      self->notify_watch_ids[i] =
        g_bus_watch_name_on_connection (g_application_get_dbus_connection (app),
                                        notification_services[i], G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        notify_service_appeared, notify_service_vanished,
                                        self, NULL);

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
  app_class->handle_local_options = fw_application_handle_local_options;
  app_class->startup = fw_application_startup;
  app_class->shutdown = fw_application_shutdown;
}

static void
fw_application_init (FwApplication *self)
{
  GOptionEntry entries[G_N_ELEMENTS (mode_options) + 2] = { { 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (mode_options); i++)
    entries[i] = (GOptionEntry) { mode_options[i].option, 0, G_OPTION_FLAG_NONE,
                                  G_OPTION_ARG_NONE, NULL,
                                  _(mode_options[i].description), NULL };
  entries[G_N_ELEMENTS (mode_options)] =
    (GOptionEntry) { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY,
                     NULL, NULL, NULL };
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* TRANSLATORS: in `fileworks --help`: what follows the options */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without a job option, files are added as the window’s job says, and checksum files are verified."));
}

const char *
fw_ui_renderer_for (const char *dri_dir)
{
  g_autoptr(GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "renderD"))
        return NULL;
  return "cairo";
}

void
fw_ui_choose_renderer (void)
{
  const char *renderer;

  /* Without a GPU, GTK 4's GL renderer runs in Mesa's llvmpipe: every
   * frame is rasterised on the same cores that hash, at 30–60 ms a frame
   * for this window, and 90 MiB more memory. Cairo draws the same window
   * in a few milliseconds. */
  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  renderer = fw_ui_renderer_for ("/dev/dri");
  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, FALSE);
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
