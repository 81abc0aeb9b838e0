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
