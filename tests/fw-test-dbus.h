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

/* A fake that answers from a thread of its own, on a connection of its
 * own: for services that GTK calls synchronously from the main thread
 * (the OpenURI portal's lookup, the session manager's Inhibit), which a
 * fake in the test's main context could not answer meanwhile. Set name,
 * path, xml (up to two interfaces, all at path), vtable and user_data,
 * then start it. */
typedef struct {
  const char           *name;
  const char           *path;
  const char           *xml;
  GDBusInterfaceVTable  vtable;
  gpointer              user_data;
  GThread              *thread;
  GMainContext         *context;
  GDBusConnection      *bus;
  guint                 object_ids[2];  /* one per interface of the node */
  guint                 name_id;
  gboolean              ready;      /* atomic: on the bus */
  gboolean              stopping;   /* atomic */
} FwFakeThread;

static inline gpointer
fw_fake_thread_run (gpointer data)
{
  FwFakeThread *fake = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (fake->xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  gboolean acquired = FALSE;

  g_assert_no_error (error);
  g_main_context_push_thread_default (fake->context);
  fake->bus = g_dbus_connection_new_for_address_sync (address,
                                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                      NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; info->interfaces[i] != NULL && i < G_N_ELEMENTS (fake->object_ids); i++)
    {
      fake->object_ids[i] = g_dbus_connection_register_object (fake->bus, fake->path, info->interfaces[i],
                                                               &fake->vtable, fake->user_data, NULL, &error);
      g_assert_no_error (error);
    }
  fake->name_id = g_bus_own_name_on_connection (fake->bus, fake->name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                fw_fake_name_acquired, NULL, &acquired, NULL);
  while (!acquired)
    g_main_context_iteration (fake->context, TRUE);
  g_atomic_int_set (&fake->ready, TRUE);
  g_main_context_wakeup (NULL);
  while (!g_atomic_int_get (&fake->stopping))
    g_main_context_iteration (fake->context, TRUE);

  g_bus_unown_name (fake->name_id);
  for (guint i = 0; i < G_N_ELEMENTS (fake->object_ids); i++)
    if (fake->object_ids[i] != 0)
      g_dbus_connection_unregister_object (fake->bus, fake->object_ids[i]);
  g_dbus_connection_close_sync (fake->bus, NULL, NULL);
  g_clear_object (&fake->bus);
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

/* Returns once the fake is on the bus (the calling thread's main context
 * runs meanwhile). */
static inline void
fw_fake_thread_start (FwFakeThread *fake)
{
  fake->context = g_main_context_new ();
  fake->thread = g_thread_new ("fake-service", fw_fake_thread_run, fake);
  while (!g_atomic_int_get (&fake->ready))
    g_main_context_iteration (NULL, TRUE);
}

static inline void
fw_fake_thread_stop (FwFakeThread *fake)
{
  g_atomic_int_set (&fake->stopping, TRUE);
  g_main_context_wakeup (fake->context);
  g_thread_join (fake->thread);
  g_main_context_unref (fake->context);
}

/* org.freedesktop.portal.OpenURI (version 4), as GTK's GtkFileLauncher
 * uses it when a portal is on the bus (in a Flatpak, always). It records
 * the path of the file whose folder OpenDirectory was asked to show, and
 * answers the request at once, as the portal does once the file manager is
 * shown. */
typedef struct {
  FwFakeThread  fake;
  GMutex        lock;
  char         *directory_of;  /* under lock */
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

static inline void
fw_fake_openuri_start (FwFakeOpenUri *portal)
{
  g_mutex_init (&portal->lock);
  portal->fake.name = "org.freedesktop.portal.Desktop";
  portal->fake.path = "/org/freedesktop/portal/desktop";
  portal->fake.xml =
    "<node><interface name='org.freedesktop.portal.OpenURI'>"
    "<method name='OpenDirectory'><arg type='s' direction='in'/><arg type='h' direction='in'/>"
    "<arg type='a{sv}' direction='in'/><arg type='o' direction='out'/></method>"
    "<property name='version' type='u' access='read'/>"
    "</interface></node>";
  portal->fake.vtable.method_call = fw_fake_openuri_call;
  portal->fake.vtable.get_property = fw_fake_openuri_get_property;
  portal->fake.user_data = portal;
  fw_fake_thread_start (&portal->fake);
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
  fw_fake_thread_stop (&portal->fake);
  g_mutex_clear (&portal->lock);
  g_clear_pointer (&portal->directory_of, g_free);
}

/* org.gnome.SessionManager, as GtkApplication uses it: Inhibit (answered
 * with FW_FAKE_SM_COOKIE), Uninhibit, IsInhibited, and the client
 * registration GTK and at-spi-bus-launcher make (answered with the
 * manager's own path, which also carries the client interface).
 * Start it in the calling thread's main context on @bus
 * (fw_fake_session_manager_start()) when its calls must be seen in order
 * with other fakes' on that connection, or on a thread of its own
 * (fw_fake_session_manager_start_thread()) when the caller is the test's
 * own main thread, calling synchronously. The counters are atomic; the
 * strings are set before n_inhibit counts the call. */
#define FW_FAKE_SM_COOKIE 4242

typedef struct {
  FwFakeThread  fake;            /* when on its own thread */
  GDBusConnection *bus;          /* when in the caller's context */
  guint         object_ids[2];
  guint         name_id;
  guint         n_inhibit;
  guint         inhibit_flags;
  char         *inhibit_app_id;
  char         *inhibit_reason;
  guint         n_uninhibit;
  guint         uninhibit_cookie;
  gboolean      uninhibit_after_inhibit;
} FwFakeSessionManager;

static const char fw_fake_session_manager_xml[] =
  "<node><interface name='org.gnome.SessionManager'>"
  "<method name='Inhibit'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='Uninhibit'><arg type='u' direction='in'/></method>"
  "<method name='IsInhibited'><arg type='u' direction='in'/><arg type='b' direction='out'/></method>"
  "<method name='RegisterClient'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='o' direction='out'/></method>"
  "<method name='UnregisterClient'><arg type='o' direction='in'/></method>"
  "</interface>"
  "<interface name='org.gnome.SessionManager.ClientPrivate'>"
  "<method name='EndSessionResponse'><arg type='b' direction='in'/><arg type='s' direction='in'/></method>"
  "</interface></node>";

static inline void
fw_fake_session_manager_call (GDBusConnection       *connection,
                              const char            *sender,
                              const char            *object_path,
                              const char            *interface_name,
                              const char            *method_name,
                              GVariant              *parameters,
                              GDBusMethodInvocation *invocation,
                              gpointer               user_data)
{
  FwFakeSessionManager *sm = user_data;

  if (g_str_equal (method_name, "Inhibit"))
    {
      guint toplevel;

      g_clear_pointer (&sm->inhibit_app_id, g_free);
      g_clear_pointer (&sm->inhibit_reason, g_free);
      g_variant_get (parameters, "(susu)", &sm->inhibit_app_id, &toplevel,
                     &sm->inhibit_reason, &sm->inhibit_flags);
      g_atomic_int_inc (&sm->n_inhibit);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", FW_FAKE_SM_COOKIE));
    }
  else if (g_str_equal (method_name, "Uninhibit"))
    {
      g_variant_get (parameters, "(u)", &sm->uninhibit_cookie);
      sm->uninhibit_after_inhibit = g_atomic_int_get (&sm->n_inhibit) > 0;
      g_atomic_int_inc (&sm->n_uninhibit);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "RegisterClient"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", "/org/gnome/SessionManager"));
  else if (g_str_equal (method_name, "IsInhibited"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(b)", g_atomic_int_get (&sm->n_inhibit) >
                                                                 g_atomic_int_get (&sm->n_uninhibit)));
  else /* UnregisterClient, EndSessionResponse */
    g_dbus_method_invocation_return_value (invocation, NULL);
  g_main_context_wakeup (NULL);
}

static inline void
fw_fake_session_manager_start (FwFakeSessionManager *sm,
                               GDBusConnection      *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (fw_fake_session_manager_xml, &error);
  const GDBusInterfaceVTable vtable = { fw_fake_session_manager_call, NULL, NULL, { 0 } };

  g_assert_no_error (error);
  sm->bus = g_object_ref (bus);
  for (guint i = 0; i < G_N_ELEMENTS (sm->object_ids); i++)
    {
      sm->object_ids[i] = g_dbus_connection_register_object (bus, "/org/gnome/SessionManager", info->interfaces[i],
                                                             &vtable, sm, NULL, &error);
      g_assert_no_error (error);
    }
  sm->name_id = fw_fake_own_name (bus, "org.gnome.SessionManager");
}

static inline void
fw_fake_session_manager_start_thread (FwFakeSessionManager *sm)
{
  sm->fake.name = "org.gnome.SessionManager";
  sm->fake.path = "/org/gnome/SessionManager";
  sm->fake.xml = fw_fake_session_manager_xml;
  sm->fake.vtable.method_call = fw_fake_session_manager_call;
  sm->fake.user_data = sm;
  fw_fake_thread_start (&sm->fake);
}

/* Leaves the bus and frees what was recorded. */
static inline void
fw_fake_session_manager_stop (FwFakeSessionManager *sm)
{
  if (sm->fake.thread != NULL)
    fw_fake_thread_stop (&sm->fake);
  if (sm->bus != NULL)
    {
      g_bus_unown_name (sm->name_id);
      for (guint i = 0; i < G_N_ELEMENTS (sm->object_ids); i++)
        g_dbus_connection_unregister_object (sm->bus, sm->object_ids[i]);
      g_clear_object (&sm->bus);
    }
  g_clear_pointer (&sm->inhibit_app_id, g_free);
  g_clear_pointer (&sm->inhibit_reason, g_free);
}

/* org.freedesktop.portal.Documents, the document portal: its `version`
 * property (4 on Debian 12, 5 with GetHostPaths), and GetHostPaths, which
 * answers @host_path for the document @doc_id (set both before starting)
 * and counts the calls. */
typedef struct {
  FwFakeThread  fake;
  guint         version;
  const char   *doc_id;
  const char   *host_path;
  guint         n_host_paths;  /* atomic: GetHostPaths calls */
} FwFakeDocuments;

static inline void
fw_fake_documents_call (GDBusConnection       *connection,
                        const char            *sender,
                        const char            *object_path,
                        const char            *interface_name,
                        const char            *method_name,
                        GVariant              *parameters,
                        GDBusMethodInvocation *invocation,
                        gpointer               user_data)
{
  FwFakeDocuments *docs = user_data;
  g_autofree const char **ids = NULL;
  GVariantBuilder paths;

  g_assert_cmpstr (method_name, ==, "GetHostPaths");
  g_assert_cmpuint (docs->version, >=, 5);
  g_variant_get (parameters, "(^a&s)", &ids);
  g_variant_builder_init (&paths, G_VARIANT_TYPE ("a{say}"));
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], docs->doc_id) == 0)
      g_variant_builder_add (&paths, "{s@ay}", ids[i], g_variant_new_bytestring (docs->host_path));
  g_atomic_int_inc (&docs->n_host_paths);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{say})", &paths));
  g_main_context_wakeup (NULL);
}

static inline GVariant *
fw_fake_documents_get_property (GDBusConnection  *connection,
                                const char       *sender,
                                const char       *object_path,
                                const char       *interface_name,
                                const char       *property_name,
                                GError          **error,
                                gpointer          user_data)
{
  FwFakeDocuments *docs = user_data;

  return g_variant_new_uint32 (docs->version);
}

static inline void
fw_fake_documents_start (FwFakeDocuments *docs)
{
  docs->fake.name = "org.freedesktop.portal.Documents";
  docs->fake.path = "/org/freedesktop/portal/documents";
  docs->fake.xml =
    "<node><interface name='org.freedesktop.portal.Documents'>"
    "<method name='GetHostPaths'><arg type='as' direction='in'/>"
    "<arg type='a{say}' direction='out'/></method>"
    "<property name='version' type='u' access='read'/>"
    "</interface></node>";
  docs->fake.vtable.method_call = fw_fake_documents_call;
  docs->fake.vtable.get_property = fw_fake_documents_get_property;
  docs->fake.user_data = docs;
  fw_fake_thread_start (&docs->fake);
}

static inline void
fw_fake_documents_stop (FwFakeDocuments *docs)
{
  fw_fake_thread_stop (&docs->fake);
}
