/* fw-test-nautilus.h — the Files extension's tests: selected items, the
 * module loaded as Files loads it, and the real app's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For test-nautilus.c (a host install) and test-nautilus-flatpak.c (the
 * Flatpak): each includes it once, after config.h. FW_TOP_BUILDDIR names
 * the build.
 */
#pragma once

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gmodule.h>
#include <nautilus-extension.h>

/* A selected item: NautilusFileInfo over a URI ---------------------------- */

#define FW_TYPE_TEST_FILE_INFO (fw_test_file_info_get_type ())
G_DECLARE_FINAL_TYPE (FwTestFileInfo, fw_test_file_info, FW, TEST_FILE_INFO, GObject)

struct _FwTestFileInfo
{
  GObject    parent_instance;
  char      *uri;
  GFileType  type;
};

static void fw_test_file_info_iface_init (NautilusFileInfoInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FwTestFileInfo, fw_test_file_info, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (NAUTILUS_TYPE_FILE_INFO,
                                                      fw_test_file_info_iface_init))

static gboolean
info_is_gone (NautilusFileInfo *info)
{
  return FALSE;
}

static char *
info_get_uri (NautilusFileInfo *info)
{
  return g_strdup (FW_TEST_FILE_INFO (info)->uri);
}

static char *
info_get_name (NautilusFileInfo *info)
{
  g_autoptr(GFile) file = g_file_new_for_uri (FW_TEST_FILE_INFO (info)->uri);

  return g_file_get_basename (file);
}

static char *
info_get_uri_scheme (NautilusFileInfo *info)
{
  return g_uri_parse_scheme (FW_TEST_FILE_INFO (info)->uri);
}

static gboolean
info_is_directory (NautilusFileInfo *info)
{
  return FW_TEST_FILE_INFO (info)->type == G_FILE_TYPE_DIRECTORY;
}

static GFileType
info_get_file_type (NautilusFileInfo *info)
{
  return FW_TEST_FILE_INFO (info)->type;
}

static GFile *
info_get_location (NautilusFileInfo *info)
{
  return g_file_new_for_uri (FW_TEST_FILE_INFO (info)->uri);
}

static void
fw_test_file_info_iface_init (NautilusFileInfoInterface *iface)
{
  iface->is_gone = info_is_gone;
  iface->get_name = info_get_name;
  iface->get_uri = info_get_uri;
  iface->get_activation_uri = info_get_uri;
  iface->get_uri_scheme = info_get_uri_scheme;
  iface->is_directory = info_is_directory;
  iface->get_file_type = info_get_file_type;
  iface->get_location = info_get_location;
}

static void
fw_test_file_info_finalize (GObject *object)
{
  g_free (FW_TEST_FILE_INFO (object)->uri);
  G_OBJECT_CLASS (fw_test_file_info_parent_class)->finalize (object);
}

static void
fw_test_file_info_class_init (FwTestFileInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_test_file_info_finalize;
}

static void
fw_test_file_info_init (FwTestFileInfo *self)
{
}

/* An item for a local @path, or for @uri when @path is NULL. */
static NautilusFileInfo *
info_new (const char *path,
          const char *uri,
          GFileType   type)
{
  FwTestFileInfo *info = g_object_new (FW_TYPE_TEST_FILE_INFO, NULL);

  info->uri = path != NULL ? g_filename_to_uri (path, NULL, NULL) : g_strdup (uri);
  info->type = type;
  return NAUTILUS_FILE_INFO (info);
}

/* The module, loaded once as Files loads it ------------------------------- */

typedef void (*InitializeFunc) (GTypeModule *module);
typedef void (*ListTypesFunc) (const GType **types, int *n_types);

#define FW_TYPE_TEST_MODULE (fw_test_module_get_type ())
G_DECLARE_FINAL_TYPE (FwTestModule, fw_test_module, FW, TEST_MODULE, GTypeModule)

struct _FwTestModule
{
  GTypeModule  parent_instance;
  GModule     *library;
  ListTypesFunc list_types;
};

G_DEFINE_FINAL_TYPE (FwTestModule, fw_test_module, G_TYPE_TYPE_MODULE)

static gboolean
fw_test_module_load (GTypeModule *type_module)
{
  FwTestModule *self = FW_TEST_MODULE (type_module);
  g_autofree char *path = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "nautilus",
                                            "libnautilus-fileworks.so", NULL);
  InitializeFunc initialize = NULL;

  /* As Files opens it (nautilus-module.c): lazily, symbols kept local. */
  self->library = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (self->library == NULL)
    g_error ("%s", g_module_error ());
  g_assert_true (g_module_symbol (self->library, "nautilus_module_initialize", (gpointer *) &initialize));
  g_assert_true (g_module_symbol (self->library, "nautilus_module_list_types", (gpointer *) &self->list_types));
  g_assert_nonnull (initialize);
  g_assert_nonnull (self->list_types);
  initialize (type_module);
  return TRUE;
}

static void
fw_test_module_unload (GTypeModule *type_module)
{
  g_assert_not_reached ();  /* kept in use for the whole run */
}

static void
fw_test_module_class_init (FwTestModuleClass *klass)
{
  G_TYPE_MODULE_CLASS (klass)->load = fw_test_module_load;
  G_TYPE_MODULE_CLASS (klass)->unload = fw_test_module_unload;
}

static void
fw_test_module_init (FwTestModule *self)
{
}

static FwTestModule *module;

/* The one menu provider the module lists. */
static NautilusMenuProvider *
menu_provider (void)
{
  static NautilusMenuProvider *provider;
  const GType *types = NULL;
  int n_types = 0;

  if (provider != NULL)
    return provider;
  module->list_types (&types, &n_types);
  for (int i = 0; i < n_types; i++)
    if (g_type_is_a (types[i], NAUTILUS_TYPE_MENU_PROVIDER))
      {
        g_assert_null (provider);
        provider = g_object_new (types[i], NULL);
      }
  g_assert_nonnull (provider);
  return provider;
}

/* The items offered for @files: the submenu's item names ("hash size"),
 * "" when the "Fileworks" item has no submenu, NULL when nothing is
 * offered. @activate (a name, or NULL) is activated. */
static char *
offered (GList      *files,
         const char *activate)
{
  GList *items = nautilus_menu_provider_get_file_items (menu_provider (), files);
  g_autoptr(NautilusMenu) submenu = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *top_name = NULL, *top_label = NULL;
  GList *subitems;

  if (items == NULL)
    return NULL;
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_object_get (items->data, "name", &top_name, "label", &top_label, "menu", &submenu, NULL);
  g_assert_cmpstr (top_name, ==, "Fileworks::menu");
  g_assert_cmpstr (top_label, ==, "Fileworks");
  g_assert_nonnull (submenu);
  subitems = nautilus_menu_get_items (submenu);
  for (GList *l = subitems; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      g_assert_true (g_str_has_prefix (name, "Fileworks::"));
      g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "", name + strlen ("Fileworks::"));
      if (g_strcmp0 (activate, name + strlen ("Fileworks::")) == 0)
        nautilus_menu_item_activate (l->data);
    }
  nautilus_menu_item_list_free (subitems);
  nautilus_menu_item_list_free (items);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static GList *
selection (NautilusFileInfo *first,
           ...)
{
  GList *list = NULL;
  va_list args;

  va_start (args, first);
  for (NautilusFileInfo *info = first; info != NULL; info = va_arg (args, NautilusFileInfo *))
    list = g_list_append (list, info);
  va_end (args);
  return list;
}

#define FREE_SELECTION(list) g_list_free_full ((list), g_object_unref)

/* The real app ------------------------------------------------------------- */

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(condition, seconds, what) \
  G_STMT_START { \
    gboolean expired_ = FALSE; \
    guint guard_ = g_timeout_add_seconds ((seconds), set_true, &expired_); \
    while (!(condition)) \
      { \
        if (expired_) \
          g_error ("waited %u s for %s: it never came", (guint) (seconds), (what)); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    if (!expired_) \
      g_source_remove (guard_); \
  } G_STMT_END

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GVariant *
activate_app_action (GDBusConnection *bus,
                     const char      *action,
                     GVariant        *parameter)
{
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&params, "v", parameter);
  g_dbus_connection_call (bus, APP_ID, "/io/github/fileworks/Fileworks",
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", action, &params, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 60000, NULL, call_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (bus, async, &error);
  g_assert_no_error (error);
  return reply;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The app's rows (export-report): "PATH KIND STATE" lines, sorted. */
static char *
report (GDBusConnection *bus,
        const char      *dir)
{
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  g_variant_unref (activate_app_action (bus, "export-report", g_variant_new_string (path)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  lines = g_strsplit (contents, "\r\n", -1);
  /* The expected digest's columns follow when a hash row has one (a
   * checksum file beside its file: fw-export.h). */
  g_assert_true (g_str_equal (lines[0], "path,kind,size,state,result") ||
                 g_str_equal (lines[0], "path,kind,size,state,result,expected,verdict,algorithm,list,line"));
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        g_auto(GStrv) row = g_strsplit (lines[i], ",", 5);

        g_assert_cmpuint (g_strv_length (row), ==, 5);
        g_ptr_array_add (rows, g_strdup_printf ("%s %s %s", row[0], row[1], row[3]));
      }
  g_ptr_array_sort (rows, compare_lines);
  g_ptr_array_add (rows, NULL);
  return g_strjoinv ("\n", (char **) rows->pdata);
}

/* The app's report while its window is in Find Duplicates (the groups'
 * CSV, fw_export_build_dupes()): "GROUP PATH" lines, sorted; NULL when
 * the window shows another job (its report is the rows' CSV). */
static char *
dupes_report (GDBusConnection *bus,
              const char      *dir)
{
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  g_variant_unref (activate_app_action (bus, "export-report", g_variant_new_string (path)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  lines = g_strsplit (contents, "\r\n", -1);
  if (!g_str_equal (lines[0], "group,size,path,device,inode,linked,mtime"))
    return NULL;
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        g_auto(GStrv) row = g_strsplit (lines[i], ",", 4);

        g_assert_cmpuint (g_strv_length (row), ==, 4);
        g_ptr_array_add (rows, g_strdup_printf ("%s %s", row[0], row[2]));
      }
  g_ptr_array_sort (rows, compare_lines);
  g_ptr_array_add (rows, NULL);
  return g_strjoinv ("\n", (char **) rows->pdata);
}

/* @text's lines, sorted as report() sorts them. */
static char *
sorted_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (sorted, lines[i]);
  g_ptr_array_sort (sorted, compare_lines);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv ("\n", (char **) sorted->pdata);
}

/* The rows expected, as report() gives them. */
static char * G_GNUC_PRINTF (1, 2)
expected_rows (const char *format,
               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return sorted_lines (text);
}

