/* fw-nautilus-launch.c — starting Fileworks from Files: a host install or
 * the Flatpak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are in fw-nautilus-launch.h. Runs in Files' main thread: the
 * portal is called asynchronously, and the process started is not waited
 * for (GLib reaps it).
 */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixfdlist.h>

#include "fw-nautilus-launch.h"

#define DOCUMENTS_NAME  "org.freedesktop.portal.Documents"
#define DOCUMENTS_PATH  "/org/freedesktop/portal/documents"
#define DOCUMENTS_IFACE "org.freedesktop.portal.Documents"

static char *
find_host_program (void)
{
  const char *override = g_getenv ("FW_NAUTILUS_FILEWORKS");

  if (override != NULL && *override != '\0')
    return g_file_test (override, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (override) : NULL;
  if (g_file_test (FW_FILEWORKS_PROGRAM, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (FW_FILEWORKS_PROGRAM);
  return g_find_program_in_path ("fileworks");
}

/* Whether the installation at @dir (or its default, @fallback) has the
 * app deployed. */
static gboolean
installation_has_app (const char *dir,
                      const char *fallback)
{
  g_autofree char *active = NULL;

  if (dir == NULL || *dir == '\0')
    dir = fallback;
  active = g_build_filename (dir, "app", FW_NAUTILUS_FLATPAK_APP_ID, "current", "active", NULL);
  return g_file_test (active, G_FILE_TEST_IS_DIR);
}

FwNautilusInstall
fw_nautilus_find_install (char **program)
{
  g_autofree char *host = find_host_program ();
  g_autofree char *flatpak = NULL;
  g_autofree char *user_default = NULL;

  g_return_val_if_fail (program != NULL, FW_NAUTILUS_INSTALL_NONE);
  *program = NULL;

  if (host != NULL)
    {
      *program = g_steal_pointer (&host);
      return FW_NAUTILUS_INSTALL_HOST;
    }
  flatpak = g_find_program_in_path ("flatpak");
  if (flatpak == NULL)
    return FW_NAUTILUS_INSTALL_NONE;
  user_default = g_build_filename (g_get_user_data_dir (), "flatpak", NULL);
  if (installation_has_app (g_getenv ("FLATPAK_USER_DIR"), user_default) ||
      installation_has_app (g_getenv ("FLATPAK_SYSTEM_DIR"), "/var/lib/flatpak"))
    {
      *program = g_steal_pointer (&flatpak);
      return FW_NAUTILUS_INSTALL_FLATPAK;
    }
  return FW_NAUTILUS_INSTALL_NONE;
}

char **
fw_nautilus_flatpak_argv (FwNautilusJob         job,
                          const char           *flatpak,
                          const FwNautilusItem *items,
                          guint                 n_items,
                          const char * const   *doc_paths)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_autofree char *option = g_strconcat ("--", fw_nautilus_job_option (job), NULL);
  gboolean in_group = FALSE;
  char **argv;

  g_strv_builder_add_many (builder, flatpak, "run", "--file-forwarding",
                           FW_NAUTILUS_FLATPAK_APP_ID, option, NULL);
  for (guint i = 0; i < n_items; i++)
    {
      if (doc_paths != NULL && doc_paths[i] != NULL)
        {
          /* Outside the groups: flatpak passes it as it is. */
          if (in_group)
            g_strv_builder_add (builder, "@@");
          in_group = FALSE;
          g_strv_builder_add (builder, doc_paths[i]);
        }
      else
        {
          g_autofree char *uri = g_filename_to_uri (items[i].path, NULL, NULL);

          if (!in_group)
            g_strv_builder_add (builder, "@@u");
          in_group = TRUE;
          g_strv_builder_add (builder, uri != NULL ? uri : items[i].path);
        }
    }
  if (in_group)
    g_strv_builder_add (builder, "@@");
  argv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return argv;
}

/* Says @title and @body as a notification of Files (its GApplication),
 * and in the log. */
static void
tell_user (const char *title,
           const char *body)
{
  GApplication *app = g_application_get_default ();

  g_message ("%s: %s", title, body);
  if (app != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, body);
      g_application_send_notification (app, "fileworks-launch", notification);
    }
}

static void
spawn (char **argv)
{
  g_autoptr(GError) error = NULL;

  /* Not waited for: GLib reaps it (no G_SPAWN_DO_NOT_REAP_CHILD). */
  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
    tell_user (_("Could Not Start Fileworks"), error->message);
}

/* A Flatpak start that exports folders first ------------------------------ */

typedef struct {
  FwNautilusJob    job;
  char            *flatpak;
  GArray          *items;       /* FwNautilusItem, paths owned */
  GDBusConnection *bus;
  char           **doc_ids;     /* one per folder, in order */
} Launch;

static void
launch_free (Launch *launch)
{
  for (guint i = 0; i < launch->items->len; i++)
    g_free ((char *) g_array_index (launch->items, FwNautilusItem, i).path);
  g_array_unref (launch->items);
  g_free (launch->flatpak);
  g_clear_object (&launch->bus);
  g_strfreev (launch->doc_ids);
  g_free (launch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Launch, launch_free)

static void
launch_fail_folders (Launch     *launch,
                     const char *body)
{
  tell_user (_("Fileworks Cannot Open Folders"), body);
  launch_free (launch);
}

/* The last step: every folder has a document in @mountpoint. */
static void
launch_spawn (Launch     *launch,
              const char *mountpoint)
{
  g_autoptr(GPtrArray) doc_paths = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) argv = NULL;
  guint folder = 0;

  for (guint i = 0; i < launch->items->len; i++)
    {
      const FwNautilusItem *item = &g_array_index (launch->items, FwNautilusItem, i);
      char *doc_path = NULL;

      if (item->is_folder)
        {
          const char *doc_id = launch->doc_ids[folder++];
          g_autofree char *basename = g_path_get_basename (item->path);

          doc_path = g_build_filename (mountpoint, doc_id, basename, NULL);
        }
      g_ptr_array_add (doc_paths, doc_path);
    }
  argv = fw_nautilus_flatpak_argv (launch->job, launch->flatpak,
                                   (const FwNautilusItem *) (void *) launch->items->data,
                                   launch->items->len, (const char * const *) doc_paths->pdata);
  spawn (argv);
}

static void
got_mount_point (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Launch) launch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autofree char *mountpoint = NULL;

  if (reply == NULL)
    {
      tell_user (_("Fileworks Cannot Open Folders"), error->message);
      return;
    }
  g_variant_get (reply, "(^ay)", &mountpoint);
  launch_spawn (launch, mountpoint);
}

static void
added (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(Launch) launch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) extra = NULL;
  g_autofree char *mountpoint = NULL;
  Launch *owned;
  guint n_folders = 0;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), NULL, result, &error);
  if (reply == NULL)
    {
      tell_user (_("Fileworks Cannot Open Folders"), error->message);
      return;
    }
  g_variant_get (reply, "(^as@a{sv})", &launch->doc_ids, &extra);
  for (guint i = 0; i < launch->items->len; i++)
    n_folders += g_array_index (launch->items, FwNautilusItem, i).is_folder ? 1 : 0;
  if (g_strv_length (launch->doc_ids) != n_folders)
    {
      tell_user (_("Fileworks Cannot Open Folders"),
                 _("The document portal did not share every folder."));
      return;
    }

  if (g_variant_lookup (extra, "mountpoint", "^ay", &mountpoint))
    {
      launch_spawn (launch, mountpoint);
      return;
    }
  owned = g_steal_pointer (&launch);
  g_dbus_connection_call (owned->bus, DOCUMENTS_NAME, DOCUMENTS_PATH, DOCUMENTS_IFACE,
                          "GetMountPoint", NULL, G_VARIANT_TYPE ("(ay)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, got_mount_point, owned);
}

/* The portal's version is known: export the folders. */
static void
got_version (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Launch *launch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GUnixFDList) fds = g_unix_fd_list_new ();
  GVariantBuilder handles;
  const char * const *permissions = fw_nautilus_job_permissions (launch->job);

  if (reply == NULL)
    {
      g_message ("No document portal: %s", error->message);
      launch_fail_folders (launch, _("The document portal is not running, so the Fileworks "
                                     "Flatpak cannot be given folders."));
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) ||
      g_variant_get_uint32 (value) < FW_NAUTILUS_DOCUMENTS_VERSION)
    {
      launch_fail_folders (launch, _("The document portal on this system is too old to share "
                                     "folders with the Fileworks Flatpak. Select files only, or "
                                     "update xdg-desktop-portal."));
      return;
    }

  g_variant_builder_init (&handles, G_VARIANT_TYPE ("ah"));
  for (guint i = 0; i < launch->items->len; i++)
    {
      const FwNautilusItem *item = &g_array_index (launch->items, FwNautilusItem, i);
      int fd, index;

      if (!item->is_folder)
        continue;
      fd = g_open (item->path, O_PATH | O_CLOEXEC, 0);
      if (fd < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (item->path);
          g_autofree char *body = g_strdup_printf (_("Cannot open “%s”: %s"), display,
                                                   g_strerror (saved_errno));

          launch_fail_folders (launch, body);
          return;
        }
      index = g_unix_fd_list_append (fds, fd, &error);
      close (fd);
      if (index < 0)
        {
          launch_fail_folders (launch, error->message);
          return;
        }
      g_variant_builder_add (&handles, "h", index);
    }

  g_dbus_connection_call_with_unix_fd_list (launch->bus, DOCUMENTS_NAME, DOCUMENTS_PATH, DOCUMENTS_IFACE,
                                            "AddFull",
                                            g_variant_new ("(@ahus^as)", g_variant_builder_end (&handles),
                                                           FW_NAUTILUS_DOC_REUSE_EXISTING |
                                                           FW_NAUTILUS_DOC_EXPORT_DIRECTORY,
                                                           FW_NAUTILUS_FLATPAK_APP_ID, permissions),
                                            G_VARIANT_TYPE ("(asa{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                                            fds, NULL, added, launch);
}

static void
got_bus (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Launch *launch = user_data;
  g_autoptr(GError) error = NULL;

  launch->bus = g_bus_get_finish (result, &error);
  if (launch->bus == NULL)
    {
      launch_fail_folders (launch, error->message);
      return;
    }
  g_dbus_connection_call (launch->bus, DOCUMENTS_NAME, DOCUMENTS_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", DOCUMENTS_IFACE, "version"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          got_version, launch);
}

void
fw_nautilus_launch (FwNautilusJob         job,
                    const FwNautilusItem *items,
                    guint                 n_items)
{
  g_autofree char *program = NULL;
  gboolean any_folder = FALSE;
  Launch *launch;

  switch (fw_nautilus_find_install (&program))
    {
    case FW_NAUTILUS_INSTALL_NONE:
      tell_user (_("Could Not Start Fileworks"), _("Fileworks is not installed."));
      return;

    case FW_NAUTILUS_INSTALL_HOST:
      {
        g_autoptr(GPtrArray) paths = g_ptr_array_new ();
        g_auto(GStrv) argv = NULL;

        for (guint i = 0; i < n_items; i++)
          g_ptr_array_add (paths, (gpointer) items[i].path);
        g_ptr_array_add (paths, NULL);
        argv = fw_nautilus_job_argv (job, program, (const char * const *) paths->pdata);
        spawn (argv);
        return;
      }

    case FW_NAUTILUS_INSTALL_FLATPAK:
    default:
      break;
    }

  for (guint i = 0; i < n_items; i++)
    any_folder |= items[i].is_folder;
  if (!any_folder)
    {
      g_auto(GStrv) argv = fw_nautilus_flatpak_argv (job, program, items, n_items, NULL);

      spawn (argv);
      return;
    }

  launch = g_new0 (Launch, 1);
  launch->job = job;
  launch->flatpak = g_steal_pointer (&program);
  launch->items = g_array_sized_new (FALSE, FALSE, sizeof (FwNautilusItem), n_items);
  for (guint i = 0; i < n_items; i++)
    {
      FwNautilusItem copy = { g_strdup (items[i].path), items[i].is_folder };

      g_array_append_val (launch->items, copy);
    }
  g_bus_get (G_BUS_TYPE_SESSION, NULL, got_bus, launch);
}
