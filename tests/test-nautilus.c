/* test-nautilus.c — the Files extension, loaded as Files loads it
 *
 * The built module is opened with GModule; nautilus_module_initialize()
 * registers its types in a GTypeModule of the test's own, and
 * nautilus_module_list_types() names them. Its menu provider is given
 * selections of test objects that implement NautilusFileInfo (no Files
 * running), and the items it offers are checked. Activating one starts
 * the real app (FW_NAUTILUS_FILEWORKS points the module at the build's
 * binary) while an instance already runs on the test's private session
 * bus under Xvfb: its export-report action, over D-Bus, shows exactly the
 * selected items as that job. Waiting is on events (the app's name on
 * the bus, its Uninhibit as a batch ends); a guard only fails a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gmodule.h>
#include <nautilus-extension.h>

#include "fw-batch.h"
#include "fw-nautilus-jobs.h"
#include "fw-test-dbus.h"
#include "fw-test-env.h"

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

static void
test_module_types (void)
{
  const GType *types = NULL;
  int n_types = 0;

  module->list_types (&types, &n_types);
  /* One type, a menu provider registered in the module (dynamic). */
  g_assert_cmpint (n_types, ==, 1);
  g_assert_true (g_type_is_a (types[0], NAUTILUS_TYPE_MENU_PROVIDER));
  g_assert_true (g_type_get_plugin (types[0]) == G_TYPE_PLUGIN (module));
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

typedef struct {
  char            *dir;
  char            *file1, *file2, *folder, *sums;
  char            *digest1;
  GDBusConnection *bus;
  GSubprocess     *app;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inner = NULL, *sums_text = NULL;

  f->dir = g_dir_make_tmp ("fw-test-nautilus-XXXXXX", &error);
  g_assert_no_error (error);
  f->file1 = g_build_filename (f->dir, "one.bin", NULL);
  f->file2 = g_build_filename (f->dir, "two.bin", NULL);
  f->folder = g_build_filename (f->dir, "folder", NULL);
  f->sums = g_build_filename (f->dir, "SHA256SUMS", NULL);
  inner = g_build_filename (f->folder, "inner.bin", NULL);
  g_assert_true (g_file_set_contents (f->file1, "one", -1, NULL));
  g_assert_true (g_file_set_contents (f->file2, "two two", -1, NULL));
  g_assert_cmpint (g_mkdir (f->folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inner, "inner", -1, NULL));
  f->digest1 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "one", -1);
  sums_text = g_strdup_printf ("%s  one.bin\n", f->digest1);
  g_assert_true (g_file_set_contents (f->sums, sums_text, -1, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *inner = g_build_filename (f->folder, "inner.bin", NULL);

  g_unlink (inner);
  g_rmdir (f->folder);
  g_unlink (f->file1);
  g_unlink (f->file2);
  g_unlink (f->sums);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->file1);
  g_free (f->file2);
  g_free (f->folder);
  g_free (f->sums);
  g_free (f->digest1);
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

static void
check_offered (GList      *files,
               const char *expected)
{
  g_autofree char *names = offered (files, NULL);

  g_assert_cmpstr (names, ==, expected);
  FREE_SELECTION (files);
}

static void
test_items (Fixture       *f,
            gconstpointer  data)
{
  /* A file; two files; a folder; a folder and a file. */
  check_offered (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
  check_offered (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                            info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY), NULL), "hash size");
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                            info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
  /* A checksum file: Verify too; with another file, not. */
  check_offered (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size verify");
  check_offered (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR),
                            info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
  /* A remote location Fileworks cannot read by path (no GVfs FUSE mount
   * here): nothing, alone or with a local file. */
  check_offered (selection (info_new (NULL, "sftp://example.invalid/home/SHA256SUMS", G_FILE_TYPE_REGULAR), NULL), NULL);
  check_offered (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                            info_new (NULL, "sftp://example.invalid/home/x", G_FILE_TYPE_REGULAR), NULL), NULL);
  /* Nothing selected. */
  g_assert_null (nautilus_menu_provider_get_file_items (menu_provider (), NULL));
}

/* The module's name rule against the engine's, name by name. */
static void
test_checksum_names (void)
{
  static const char * const names[] = {
    "SHA256SUMS", "sha256sums.txt", "MD5SUMS", "B2SUMS", "b3sums", "sha1sum.txt",
    "SHA3-256SUMS", "xxh128sums", "CRC32SUMS", "CHECKSUMS", "release.checksums",
    "file.sha256", "file.SHA512", "file.md5", "file.md5sum", "file.sha256sums",
    "file.b2", "file.b3", "file.blake3", "file.xxh3", "file.sfv", "file.SFV", "file.crc32",
    "file.txt", "file.iso", "sha256", "md5", "sums", "notes.sums", ".sha256",
    "sha256.txt", "file.sha", "file.sha257", "file.md5.txt", "mysums", "checksums.txt",
    "file.xxh64sum", "a.b2s", "b2ssums", "sha3_512sums", "x.sha3-256",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename ("/nonexistent", names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_test_message ("%s", names[i]);
      g_assert_cmpint (fw_nautilus_is_checksum_name (names[i]), ==, fw_batch_is_checksum_file (file));
    }
  /* Some of each, so that the list means something. */
  g_assert_true (fw_nautilus_is_checksum_name ("SHA256SUMS"));
  g_assert_false (fw_nautilus_is_checksum_name ("file.txt"));
}

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
activate_app_action (Fixture    *f,
                     const char *action,
                     GVariant   *parameter)
{
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&params, "v", parameter);
  g_dbus_connection_call (f->bus, APP_ID, "/io/github/fileworks/Fileworks",
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", action, &params, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 60000, NULL, call_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (f->bus, async, &error);
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
report (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "report.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  g_variant_unref (activate_app_action (f, "export-report", g_variant_new_string (path)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "path,kind,size,state,result");
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

/* Activates @job's item for @files (owned) and waits for the batch to end
 * (the app's @n_batches-th Uninhibit). */
static void
activate_job (GList                *files,
              const char           *job,
              FwFakeSessionManager *sm,
              guint                 n_batches)
{
  g_autofree char *names = offered (files, job);

  g_assert_nonnull (strstr (names, job));
  FREE_SELECTION (files);
  WAIT_UNTIL ((guint) g_atomic_int_get (&sm->n_uninhibit) >= n_batches, 60, "the batch to end (the app's Uninhibit)");
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "ui", "fileworks", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *rows = NULL, *expected = NULL;
  g_autoptr(GAsyncResult) exited = NULL;
  FwFakeSessionManager sm = { 0 };
  gboolean on_bus = FALSE;
  guint watch;

  f->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fw_fake_session_manager_start (&sm, f->bus);

  /* The instance already running, with no files. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->app = g_subprocess_launcher_spawnv (launcher, (const char *[]) { app, NULL }, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (f->bus, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared, NULL, &on_bus, NULL);
  WAIT_UNTIL (on_bus, 60, "the app's name on the session bus");
  g_bus_unwatch_name (watch);

  /* Measure Size on a folder and a file: two size rows (the header's job,
   * Hash, would have hashed the folder's file instead). */
  activate_job (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                           info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL),
                "size", &sm, 1);
  rows = report (f);
  expected = expected_rows ("%s size done\n%s size done", f->folder, f->file2);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Verify on the checksum file: its one listed file, verified. */
  activate_job (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR), NULL), "verify", &sm, 2);
  rows = report (f);
  expected = expected_rows ("%s size done\n%s size done\n%s verify done", f->folder, f->file2, f->file1);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Hash on two files. */
  activate_job (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                           info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash", &sm, 3);
  rows = report (f);
  expected = expected_rows ("%s size done\n%s size done\n%s hash done\n%s verify done\n%s hash done",
                              f->folder, f->file2, f->file1, f->file1, f->file2);
  g_assert_cmpstr (rows, ==, expected);

  /* Quit through the app's own action; it exits cleanly. */
  g_variant_unref (activate_app_action (f, "quit", NULL));
  g_subprocess_wait_async (f->app, NULL, call_done, &exited);
  WAIT_UNTIL (exited != NULL, 60, "the app to exit");
  g_assert_true (g_subprocess_wait_finish (f->app, exited, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->app));
  g_assert_cmpint (g_subprocess_get_exit_status (f->app), ==, 0);
  g_clear_object (&f->app);
  fw_fake_session_manager_stop (&sm);
  g_clear_object (&f->bus);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *app = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "ui", "fileworks", NULL);

  /* The module starts this build's app, not an installed one (set before
   * any thread runs). */
  g_setenv ("FW_NAUTILUS_FILEWORKS", app, TRUE);
  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();

  module = g_object_new (FW_TYPE_TEST_MODULE, NULL);
  g_assert_true (g_type_module_use (G_TYPE_MODULE (module)));

  g_test_add_func ("/nautilus/module-types", test_module_types);
  g_test_add_func ("/nautilus/checksum-names", test_checksum_names);
  g_test_add ("/nautilus/items", Fixture, NULL, fixture_setup, test_items, fixture_teardown);
  g_test_add ("/nautilus/activate", Fixture, NULL, fixture_setup, test_activate, fixture_teardown);

  return g_test_run ();
}
