/* fw-test-dbus.h — fake desktop services on the session bus, for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake is an object registered on a connection plus a well-known name
 * owned on it. Its method calls are answered in the main context of the
 * thread that registered it: a test must keep that context running while
 * the app may be calling (no synchronous call of the test's own meanwhile).
 */
#pragma once

#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

static inline void
fw_fake_name_acquired (GDBusConnection *connection,
                       const char      *name,
                       gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Owns @name on @bus and returns once it is ours (the id is for
 * g_bus_unown_name()). */
static inline guint
fw_fake_own_name (GDBusConnection *bus,
                  const char      *name)
{
  gboolean acquired = FALSE;
  guint id = g_bus_own_name_on_connection (bus, name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                           fw_fake_name_acquired, NULL, &acquired, NULL);

  while (!acquired)
    g_main_context_iteration (NULL, TRUE);
  return id;
}

/* Registers at @path the interface described by @xml (a <node> with one
 * <interface>); its calls go to @method_call with @user_data. Returns the
 * id for g_dbus_connection_unregister_object(). */
static inline guint
fw_fake_register (GDBusConnection              *bus,
                  const char                   *path,
                  const char                   *xml,
                  GDBusInterfaceMethodCallFunc  method_call,
                  gpointer                      user_data)
{
  const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, &error);
  guint id;

  g_assert_no_error (error);
  g_assert_nonnull (info->interfaces[0]);
  id = g_dbus_connection_register_object (bus, path, info->interfaces[0], &vtable, user_data, NULL, &error);
  g_assert_no_error (error);
  return id;
}

/* org.gtk.Notifications, as GLib's GNotification uses it outside a
 * sandbox: records the last notification added. */
typedef struct {
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  guint            n;        /* notifications added */
  char            *app_id;
  char            *id;
  char            *title;
  char            *body;
} FwFakeNotifications;

static inline void
fw_fake_notifications_call (GDBusConnection       *connection,
                            const char            *sender,
                            const char            *object_path,
                            const char            *interface_name,
                            const char            *method_name,
                            GVariant              *parameters,
                            GDBusMethodInvocation *invocation,
                            gpointer               user_data)
{
  FwFakeNotifications *n = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr(GVariant) notification = NULL;

      n->n++;
      g_clear_pointer (&n->app_id, g_free);
      g_clear_pointer (&n->id, g_free);
      g_clear_pointer (&n->title, g_free);
      g_clear_pointer (&n->body, g_free);
      g_variant_get (parameters, "(ss@a{sv})", &n->app_id, &n->id, &notification);
      g_variant_lookup (notification, "title", "s", &n->title);
      g_variant_lookup (notification, "body", "s", &n->body);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static inline void
fw_fake_notifications_start (FwFakeNotifications *n,
                             GDBusConnection     *bus)
{
  static const char xml[] =
    "<node><interface name='org.gtk.Notifications'>"
    "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='a{sv}' direction='in'/></method>"
    "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
    "</interface></node>";

  n->bus = g_object_ref (bus);
  n->object_id = fw_fake_register (bus, "/org/gtk/Notifications", xml, fw_fake_notifications_call, n);
  n->name_id = fw_fake_own_name (bus, "org.gtk.Notifications");
}

/* Leaves the bus (if still on it) and frees what was recorded. */
static inline void
fw_fake_notifications_stop (FwFakeNotifications *n)
{
  if (n->name_id != 0)
    g_bus_unown_name (n->name_id);
  if (n->object_id != 0)
    g_dbus_connection_unregister_object (n->bus, n->object_id);
  n->name_id = n->object_id = 0;
  g_clear_object (&n->bus);
  g_clear_pointer (&n->app_id, g_free);
  g_clear_pointer (&n->id, g_free);
  g_clear_pointer (&n->title, g_free);
  g_clear_pointer (&n->body, g_free);
}

/* org.freedesktop.portal.OpenURI (version 4), as GTK's GtkFileLauncher
 * uses it when a portal is on the bus (in a Flatpak, always). GTK asks for
 * the portal with a synchronous call from the main thread, so this fake
 * answers from a thread of its own, on a connection of its own. It records
 * the path of the file whose folder OpenDirectory was asked to show, and
 * answers the request at once, as the portal does once the file manager is
 * shown. */
typedef struct {
  GThread         *thread;
  GMainContext    *context;
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  gboolean         ready;      /* atomic: on the bus */
  gboolean         stopping;   /* atomic */
  GMutex           lock;
  char            *directory_of;  /* under lock */
} FwFakeOpenUri;

static inline void
fw_fake_openuri_call (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  FwFakeOpenUri *portal = user_data;
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *escaped = g_strdup (sender + 1);
  const char *parent_window, *token = "t";
  gint32 index;
  int fd;

  g_assert_cmpstr (method_name, ==, "OpenDirectory");
  g_variant_get (parameters, "(&sh@a{sv})", &parent_window, &index, &options);
  g_assert_nonnull (fds);
  fd = g_unix_fd_list_get (fds, index, &error);
  g_assert_no_error (error);
  link = g_strdup_printf ("/proc/self/fd/%d", fd);
  target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  close (fd);

  g_variant_lookup (options, "handle_token", "&s", &token);
  g_strdelimit (escaped, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", escaped, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", 0, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);

  g_mutex_lock (&portal->lock);
  g_free (portal->directory_of);
  portal->directory_of = g_steal_pointer (&target);
  g_mutex_unlock (&portal->lock);
  g_main_context_wakeup (NULL);
}

static inline GVariant *
fw_fake_openuri_get_property (GDBusConnection  *connection,
                              const char       *sender,
                              const char       *object_path,
                              const char       *interface_name,
                              const char       *property_name,
                              GError          **error,
                              gpointer          user_data)
{
  return g_variant_new_uint32 (4);
}

static inline gpointer
fw_fake_openuri_thread (gpointer data)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.portal.OpenURI'>"
    "<method name='OpenDirectory'><arg type='s' direction='in'/><arg type='h' direction='in'/>"
    "<arg type='a{sv}' direction='in'/><arg type='o' direction='out'/></method>"
    "<property name='version' type='u' access='read'/>"
    "</interface></node>";
  const GDBusInterfaceVTable vtable = { fw_fake_openuri_call, fw_fake_openuri_get_property, NULL, { 0 } };
  FwFakeOpenUri *portal = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  gboolean acquired = FALSE;

  g_assert_no_error (error);
  g_main_context_push_thread_default (portal->context);
  portal->bus = g_dbus_connection_new_for_address_sync (address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->bus, "/org/freedesktop/portal/desktop",
                                                         info->interfaces[0], &vtable, portal, NULL, &error);
  g_assert_no_error (error);
  portal->name_id = g_bus_own_name_on_connection (portal->bus, "org.freedesktop.portal.Desktop",
                                                  G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  fw_fake_name_acquired, NULL, &acquired, NULL);
  while (!acquired)
    g_main_context_iteration (portal->context, TRUE);
  g_atomic_int_set (&portal->ready, TRUE);
  g_main_context_wakeup (NULL);
  while (!g_atomic_int_get (&portal->stopping))
    g_main_context_iteration (portal->context, TRUE);

  g_bus_unown_name (portal->name_id);
  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_dbus_connection_close_sync (portal->bus, NULL, NULL);
  g_clear_object (&portal->bus);
  g_main_context_pop_thread_default (portal->context);
  return NULL;
}

/* Returns once the fake is on the bus (the calling thread's main context
 * runs meanwhile). */
static inline void
fw_fake_openuri_start (FwFakeOpenUri *portal)
{
  g_mutex_init (&portal->lock);
  portal->context = g_main_context_new ();
  portal->thread = g_thread_new ("fake-openuri", fw_fake_openuri_thread, portal);
  while (!g_atomic_int_get (&portal->ready))
    g_main_context_iteration (NULL, TRUE);
}

/* The path of the file whose folder was last asked for, or NULL. */
static inline char *
fw_fake_openuri_dup_directory_of (FwFakeOpenUri *portal)
{
  char *path;

  g_mutex_lock (&portal->lock);
  path = g_strdup (portal->directory_of);
  g_mutex_unlock (&portal->lock);
  return path;
}

static inline void
fw_fake_openuri_stop (FwFakeOpenUri *portal)
{
  g_atomic_int_set (&portal->stopping, TRUE);
  g_main_context_wakeup (portal->context);
  g_thread_join (portal->thread);
  g_main_context_unref (portal->context);
  g_mutex_clear (&portal->lock);
  g_clear_pointer (&portal->directory_of, g_free);
}
