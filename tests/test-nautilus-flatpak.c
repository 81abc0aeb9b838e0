/* test-nautilus-flatpak.c — the Files extension with the Flatpak installed
 *
 * The module (loaded as test-nautilus.c loads it) finds no host install
 * (FW_NAUTILUS_FILEWORKS names a missing file) and the Flatpak deployed in
 * a user installation of the test's own (FLATPAK_USER_DIR; the system one,
 * FLATPAK_SYSTEM_DIR, is empty). On PATH, a fake `flatpak` records its
 * arguments (one file per run) and runs the real app as the sandbox would
 * see the items: a document path resolved to the folder it stands for,
 * a forwarded URI as it is. On the test's private bus, a fake
 * org.freedesktop.portal.Documents records what AddFull is given (each
 * descriptor's path, the flags, the app ID, the permissions) and answers
 * with document IDs, each a folder of symbolic links under a mount point
 * of its own. A real instance of the app runs already; its export-report
 * shows the rows. Waiting is on events (a file monitor on the records'
 * folder, the app's Uninhibit, a notification); a guard only fails a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "fw-nautilus-launch.h"
#include "fw-test-dbus.h"
#include "fw-test-env.h"
#include "fw-test-nautilus.h"

/* Set up in main(). */
static char *root;        /* the test's folder */
static char *doc_mount;   /* the fake portal's mount point */
static char *runs_dir;    /* the fake flatpak's records, one file per run */
static char *flatpak;     /* the fake flatpak */
static char *active;      /* the user installation's deployed app */

/* The fake flatpak: `flatpak run [--file-forwarding] APP_ID ARG…`. */
static const char fake_flatpak[] =
  "#!/bin/bash\n"
  "# Records this run's arguments (a file written aside, then moved in),\n"
  "# then runs the app with what the sandbox would see.\n"
  "set -u\n"
  "record=\"$FW_TEST_FLATPAK_RUNS/.run-$$\"\n"
  "printf '%s\\n' \"$@\" > \"$record\"\n"
  "mv \"$record\" \"$FW_TEST_FLATPAK_RUNS/run-$$\"\n"
  "[ \"${1:-}\" = run ] || exit 2\n"
  "shift\n"
  "[ \"${1:-}\" = --file-forwarding ] && shift\n"
  "[ \"${1:-}\" = " FW_NAUTILUS_FLATPAK_APP_ID " ] || exit 2\n"
  "shift\n"
  "args=()\n"
  "for arg in \"$@\"; do\n"
  "  case $arg in\n"
  "    @@|@@u) continue ;;\n"
  "    \"$FW_TEST_DOC_MOUNT\"/*) arg=$(realpath -e -- \"$arg\") || exit 3 ;;\n"
  "  esac\n"
  "  args+=(\"$arg\")\n"
  "done\n"
  "exec \"$FW_TEST_FILEWORKS\" \"${args[@]}\"\n";

/* org.freedesktop.portal.Documents ---------------------------------------- */

typedef struct {
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  guint            version;
  gboolean         omit_mountpoint;  /* AddFull's reply without it */
  guint            n_docs;           /* documents made, for their IDs */
  guint            n_add_full;
  guint            n_get_mount_point;
  GPtrArray       *paths;            /* AddFull's descriptors' paths, in order */
  gboolean         all_o_path;       /* every descriptor was opened O_PATH */
  guint            flags;
  char            *app_id;
  char            *permissions;      /* joined with spaces */
} FakeDocuments;

static void
documents_add_full (FakeDocuments         *docs,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GVariantIter) handles = NULL;
  g_autofree const char **permissions = NULL;
  g_autoptr(GPtrArray) doc_ids = g_ptr_array_new_with_free_func (g_free);
  GVariantBuilder extra;
  gint32 handle;

  docs->n_add_full++;
  g_clear_pointer (&docs->app_id, g_free);
  g_clear_pointer (&docs->permissions, g_free);
  g_variant_get (parameters, "(ahu&s^a&s)", &handles, &docs->flags, NULL, &permissions);
  g_variant_get_child (parameters, 2, "s", &docs->app_id);
  docs->permissions = g_strjoinv (" ", (char **) permissions);
  docs->all_o_path = TRUE;
  while (g_variant_iter_next (handles, "h", &handle))
    {
      g_autoptr(GError) error = NULL;
      int fd = g_unix_fd_list_get (fds, handle, &error);
      g_autofree char *link = NULL, *path = NULL, *doc_dir = NULL, *basename = NULL, *doc_path = NULL;

      g_assert_no_error (error);
      docs->all_o_path &= (fcntl (fd, F_GETFL) & O_PATH) != 0;
      link = g_strdup_printf ("/proc/self/fd/%d", fd);
      path = g_file_read_link (link, &error);
      g_assert_no_error (error);
      close (fd);

      /* The document: MOUNT/ID/BASENAME, here a link to the item. */
      g_ptr_array_add (doc_ids, g_strdup_printf ("doc%u", ++docs->n_docs));
      doc_dir = g_build_filename (doc_mount, doc_ids->pdata[doc_ids->len - 1], NULL);
      g_assert_cmpint (g_mkdir (doc_dir, 0700), ==, 0);
      basename = g_path_get_basename (path);
      doc_path = g_build_filename (doc_dir, basename, NULL);
      g_assert_cmpint (symlink (path, doc_path), ==, 0);
      g_ptr_array_add (docs->paths, g_steal_pointer (&path));
    }
  g_ptr_array_add (doc_ids, NULL);

  g_variant_builder_init (&extra, G_VARIANT_TYPE_VARDICT);
  if (!docs->omit_mountpoint)
    g_variant_builder_add (&extra, "{sv}", "mountpoint", g_variant_new_bytestring (doc_mount));
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(^asa{sv})", (char **) doc_ids->pdata, &extra));
}

static void
documents_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeDocuments *docs = user_data;

  if (g_str_equal (method_name, "AddFull"))
    documents_add_full (docs, parameters, invocation);
  else if (g_str_equal (method_name, "GetMountPoint"))
    {
      docs->n_get_mount_point++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^ay)", doc_mount));
    }
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.NotSupported",
                                                "not in the fake");
}

static GVariant *
documents_get_property (GDBusConnection  *connection,
                        const char       *sender,
                        const char       *object_path,
                        const char       *interface_name,
                        const char       *property_name,
                        GError          **error,
                        gpointer          user_data)
{
  FakeDocuments *docs = user_data;

  g_assert_cmpstr (property_name, ==, "version");
  return g_variant_new_uint32 (docs->version);
}

static void
documents_start (FakeDocuments   *docs,
                 GDBusConnection *bus,
                 guint            version)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.portal.Documents'>"
    "<property name='version' type='u' access='read'/>"
    "<method name='GetMountPoint'><arg type='ay' name='path' direction='out'/></method>"
    "<method name='AddFull'><arg type='ah' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='as' direction='in'/>"
    "<arg type='as' direction='out'/><arg type='a{sv}' direction='out'/></method>"
    "</interface></node>";
  const GDBusInterfaceVTable vtable = { documents_call, documents_get_property, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, &error);

  g_assert_no_error (error);
  docs->bus = g_object_ref (bus);
  docs->version = version;
  docs->paths = g_ptr_array_new_with_free_func (g_free);
  docs->object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/portal/documents",
                                                       info->interfaces[0], &vtable, docs, NULL, &error);
  g_assert_no_error (error);
  docs->name_id = fw_fake_own_name (bus, "org.freedesktop.portal.Documents");
}

static void
documents_stop (FakeDocuments *docs)
{
  g_bus_unown_name (docs->name_id);
  g_dbus_connection_unregister_object (docs->bus, docs->object_id);
  g_clear_object (&docs->bus);
  g_clear_pointer (&docs->paths, g_ptr_array_unref);
  g_clear_pointer (&docs->app_id, g_free);
  g_clear_pointer (&docs->permissions, g_free);
}

/* The fake flatpak's runs ------------------------------------------------- */

static guint
count_runs (void)
{
  g_autoptr(GDir) dir = g_dir_open (runs_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, "run-") ? 1 : 0;
  return n;
}

/* The one run's arguments, one a line; the record is then removed. */
static char *
take_run (void)
{
  g_autoptr(GDir) dir = g_dir_open (runs_dir, 0, NULL);
  g_autofree char *path = NULL;
  char *contents = NULL;
  const char *name;

  g_assert_cmpuint (count_runs (), ==, 1);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "run-"))
      path = g_build_filename (runs_dir, name, NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  return contents;
}

/* The test ---------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *file1, *file2, *folder;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inner = NULL;

  f->dir = g_dir_make_tmp ("fw-test-nautilus-flatpak-XXXXXX", &error);
  g_assert_no_error (error);
  f->file1 = g_build_filename (f->dir, "one.bin", NULL);
  f->file2 = g_build_filename (f->dir, "two words.bin", NULL);
  f->folder = g_build_filename (f->dir, "folder", NULL);
  inner = g_build_filename (f->folder, "inner.bin", NULL);
  g_assert_true (g_file_set_contents (f->file1, "one", -1, NULL));
  g_assert_true (g_file_set_contents (f->file2, "two two", -1, NULL));
  g_assert_cmpint (g_mkdir (f->folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inner, "inner", -1, NULL));
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
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->file1);
  g_free (f->file2);
  g_free (f->folder);
}

/* The install found: the Flatpak while it is deployed, then nothing. */
static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *program = NULL, *names = NULL, *moved = g_strconcat (active, "-gone", NULL);
  GList *files;

  g_assert_cmpint (fw_nautilus_find_install (&program), ==, FW_NAUTILUS_INSTALL_FLATPAK);
  g_assert_cmpstr (program, ==, flatpak);
  g_clear_pointer (&program, g_free);
  files = selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY), NULL);
  names = offered (files, NULL);
  FREE_SELECTION (files);
  g_assert_cmpstr (names, ==, "hash size dupes");

  /* Not deployed: no install, no menu. */
  g_assert_cmpint (g_rename (active, moved), ==, 0);
  g_assert_cmpint (fw_nautilus_find_install (&program), ==, FW_NAUTILUS_INSTALL_NONE);
  g_assert_null (program);
  files = selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL);
  g_assert_null (offered (files, NULL));
  FREE_SELECTION (files);
  g_assert_cmpint (g_rename (moved, active), ==, 0);
}

/* The argument vector, item order kept: runs of files in one group. */
static void
test_argv (void)
{
  const FwNautilusItem items[] = {
    { "/a/one file", FALSE }, { "/a/dir", TRUE }, { "/a/two", FALSE }, { "/a/three", FALSE }, { "/a/d2", TRUE },
  };
  const char * const doc_paths[] = { NULL, "/doc/X/dir", NULL, NULL, "/doc/Y/d2" };
  g_auto(GStrv) argv = fw_nautilus_flatpak_argv (FW_NAUTILUS_JOB_HASH, "/bin/flatpak", items,
                                                 G_N_ELEMENTS (items), doc_paths);
  g_autofree char *joined = g_strjoinv ("|", argv);
  g_auto(GStrv) files_only = fw_nautilus_flatpak_argv (FW_NAUTILUS_JOB_SIZE, "flatpak", items + 2, 2, NULL);
  g_autofree char *joined_files = g_strjoinv ("|", files_only);

  g_assert_cmpstr (joined, ==, "/bin/flatpak|run|--file-forwarding|" FW_NAUTILUS_FLATPAK_APP_ID "|--hash|"
                               "@@u|file:///a/one%20file|@@|/doc/X/dir|@@u|file:///a/two|file:///a/three|@@|/doc/Y/d2");
  g_assert_cmpstr (joined_files, ==, "flatpak|run|--file-forwarding|" FW_NAUTILUS_FLATPAK_APP_ID "|--size|"
                                     "@@u|file:///a/two|file:///a/three|@@");
}

/* Two folders to compare go to `--compare` (the app compares folders as
 * folders); Find Duplicates to `--dupes`. */
static void
test_argv_folders (void)
{
  const FwNautilusItem items[] = { { "/a/dir", TRUE }, { "/a/d2", TRUE } };
  const char * const doc_paths[] = { "/doc/X/dir", "/doc/Y/d2" };
  g_auto(GStrv) compare = fw_nautilus_flatpak_argv (FW_NAUTILUS_JOB_COMPARE_FOLDERS, "flatpak", items, 2, doc_paths);
  g_auto(GStrv) dupes = fw_nautilus_flatpak_argv (FW_NAUTILUS_JOB_DUPES, "flatpak", items, 2, doc_paths);
  g_autofree char *joined_compare = g_strjoinv ("|", compare);
  g_autofree char *joined_dupes = g_strjoinv ("|", dupes);

  g_assert_cmpstr (joined_compare, ==, "flatpak|run|--file-forwarding|" FW_NAUTILUS_FLATPAK_APP_ID "|--compare|"
                                       "/doc/X/dir|/doc/Y/d2");
  g_assert_cmpstr (joined_dupes, ==, "flatpak|run|--file-forwarding|" FW_NAUTILUS_FLATPAK_APP_ID "|--dupes|"
                                     "/doc/X/dir|/doc/Y/d2");
  /* Read only, but for Find Duplicates and sizes: their Move to Trash
   * needs write. */
  for (FwNautilusJob job = 0; job < FW_NAUTILUS_N_JOBS; job++)
    {
      g_autofree char *joined = g_strjoinv (" ", (char **) fw_nautilus_job_permissions (job));

      g_assert_cmpstr (joined, ==, job == FW_NAUTILUS_JOB_DUPES || job == FW_NAUTILUS_JOB_SIZE
                                   ? "read write" : "read");
    }
}

static void
runs_changed (GFileMonitor      *monitor,
              GFile             *file,
              GFile             *other,
              GFileMonitorEvent  event,
              gpointer           user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Activates @job for @files (owned); waits for the fake flatpak's run and
 * the app's @n_batches-th batch to end, and returns the run's arguments
 * (without the program), "|"-joined. */
static char *
activate (GList                *files,
          const char           *job,
          FwFakeSessionManager *sm,
          guint                 n_batches)
{
  g_autoptr(GFile) dir = g_file_new_for_path (runs_dir);
  g_autoptr(GFileMonitor) monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  g_autofree char *names = NULL, *run = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean changed = FALSE;

  g_assert_nonnull (monitor);
  g_signal_connect (monitor, "changed", G_CALLBACK (runs_changed), &changed);
  g_assert_cmpuint (count_runs (), ==, 0);
  names = offered (files, job);
  g_assert_nonnull (strstr (names, job));
  FREE_SELECTION (files);
  WAIT_UNTIL (count_runs () > 0, 60, "the fake flatpak's run");
  WAIT_UNTIL ((guint) g_atomic_int_get (&sm->n_uninhibit) >= n_batches, 60, "the batch to end (the app's Uninhibit)");
  /* One run for the whole selection. */
  run = take_run ();
  g_strchomp (run);
  lines = g_strsplit (run, "\n", -1);
  g_signal_handlers_disconnect_by_func (monitor, runs_changed, &changed);
  return g_strjoinv ("|", lines);
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autofree char *app = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "ui", "fileworks", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *run = NULL, *expected_run = NULL, *rows = NULL, *expected = NULL;
  g_autofree char *uri1 = g_filename_to_uri (f->file1, NULL, NULL);
  g_autofree char *uri2 = g_filename_to_uri (f->file2, NULL, NULL);
  g_autofree char *inner = g_build_filename (f->folder, "inner.bin", NULL);
  g_autofree char *folder2 = g_build_filename (f->dir, "folder2", NULL);
  g_autofree char *inner2 = g_build_filename (folder2, "inner.bin", NULL);
  g_autoptr(GAsyncResult) exited = NULL;
  FwFakeSessionManager sm = { 0 };
  FakeDocuments docs = { 0 };
  gboolean on_bus = FALSE;
  guint watch;

  g_assert_no_error (error);
  fw_fake_session_manager_start (&sm, bus);
  documents_start (&docs, bus, FW_NAUTILUS_DOCUMENTS_VERSION);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *[]) { app, NULL }, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared, NULL, &on_bus, NULL);
  WAIT_UNTIL (on_bus, 60, "the app's name on the session bus");
  g_bus_unwatch_name (watch);

  /* A file: forwarded by flatpak, no document of ours. */
  run = activate (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash", &sm, 1);
  expected_run = g_strdup_printf ("run|--file-forwarding|%s|--hash|@@u|%s|@@", FW_NAUTILUS_FLATPAK_APP_ID, uri1);
  g_assert_cmpstr (run, ==, expected_run);
  g_assert_cmpuint (docs.n_add_full, ==, 0);
  rows = report (bus, f->dir);
  expected = expected_rows ("%s hash done", f->file1);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&run, g_free);
  g_clear_pointer (&expected_run, g_free);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* A folder: exported with AddFull, for the app alone, writable (Browse
   * Sizes can move what it finds to the trash); its document path on the
   * command line. */
  run = activate (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY), NULL), "size", &sm, 2);
  g_assert_cmpuint (docs.n_add_full, ==, 1);
  g_assert_cmpuint (docs.paths->len, ==, 1);
  g_assert_cmpstr (docs.paths->pdata[0], ==, f->folder);
  g_assert_true (docs.all_o_path);
  g_assert_cmpuint (docs.flags, ==, FW_NAUTILUS_DOC_REUSE_EXISTING | FW_NAUTILUS_DOC_EXPORT_DIRECTORY);
  g_assert_cmpuint (docs.flags, ==, 1 | 8);
  g_assert_cmpstr (docs.app_id, ==, "io.github.fileworks.Fileworks");
  g_assert_cmpstr (docs.permissions, ==, "read write");
  g_assert_cmpuint (docs.n_get_mount_point, ==, 0);
  expected_run = g_strdup_printf ("run|--file-forwarding|%s|--size|%s/doc1/folder", FW_NAUTILUS_FLATPAK_APP_ID, doc_mount);
  g_assert_cmpstr (run, ==, expected_run);
  rows = report (bus, f->dir);
  expected = expected_rows ("%s hash done\n%s size done", f->file1, f->folder);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&run, g_free);
  g_clear_pointer (&expected_run, g_free);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* A folder and a file, the mount point asked for apart: only the folder
   * exported; one run, one batch, in selection order. */
  docs.omit_mountpoint = TRUE;
  g_ptr_array_set_size (docs.paths, 0);
  run = activate (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                             info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash", &sm, 3);
  g_assert_cmpuint (docs.n_add_full, ==, 2);
  g_assert_cmpuint (docs.paths->len, ==, 1);
  g_assert_cmpstr (docs.paths->pdata[0], ==, f->folder);
  g_assert_cmpuint (docs.flags, ==, 1 | 8);
  g_assert_cmpuint (docs.n_get_mount_point, ==, 1);
  expected_run = g_strdup_printf ("run|--file-forwarding|%s|--hash|%s/doc2/folder|@@u|%s|@@",
                                  FW_NAUTILUS_FLATPAK_APP_ID, doc_mount, uri2);
  g_assert_cmpstr (run, ==, expected_run);
  rows = report (bus, f->dir);
  expected = expected_rows ("%s hash done\n%s size done\n%s hash done\n%s hash done",
                            f->file1, f->folder, inner, f->file2);
  g_assert_cmpstr (rows, ==, expected);
  g_assert_cmpuint (g_atomic_int_get (&sm.n_uninhibit), ==, 3);
  g_clear_pointer (&run, g_free);
  g_clear_pointer (&expected_run, g_free);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Find Duplicates on two folders: both exported, with write (the trash
   * portal trashes only what the app can open for writing); one run;
   * the window switches to Find Duplicates and finds the two inner.bin. */
  docs.omit_mountpoint = FALSE;
  g_ptr_array_set_size (docs.paths, 0);
  g_assert_cmpint (g_mkdir (folder2, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inner2, "inner", -1, NULL));
  run = activate (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                             info_new (folder2, NULL, G_FILE_TYPE_DIRECTORY), NULL), "dupes", &sm, 4);
  g_assert_cmpuint (docs.n_add_full, ==, 3);
  g_assert_cmpuint (docs.paths->len, ==, 2);
  g_assert_cmpstr (docs.paths->pdata[0], ==, f->folder);
  g_assert_cmpstr (docs.paths->pdata[1], ==, folder2);
  g_assert_true (docs.all_o_path);
  g_assert_cmpuint (docs.flags, ==, 1 | 8);
  g_assert_cmpstr (docs.permissions, ==, "read write");
  expected_run = g_strdup_printf ("run|--file-forwarding|%s|--dupes|%s/doc3/folder|%s/doc4/folder2",
                                  FW_NAUTILUS_FLATPAK_APP_ID, doc_mount, doc_mount);
  g_assert_cmpstr (run, ==, expected_run);
  rows = dupes_report (bus, f->dir);
  expected = expected_rows ("1 %s\n1 %s", inner, inner2);
  g_assert_cmpstr (rows, ==, expected);
  g_unlink (inner2);
  g_rmdir (folder2);

  g_variant_unref (activate_app_action (bus, "quit", NULL));
  g_subprocess_wait_async (process, NULL, call_done, &exited);
  WAIT_UNTIL (exited != NULL, 60, "the app to exit");
  g_assert_true (g_subprocess_wait_finish (process, exited, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  documents_stop (&docs);
  fw_fake_session_manager_stop (&sm);
}

/* A portal too old for folders (version 3): nothing starts, Files says
 * why. */
static void
test_old_portal (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GApplication) files = NULL;
  g_autofree char *names = NULL;
  FwFakeNotifications notifications = { 0 };
  FakeDocuments docs = { 0 };
  GList *files_selected;

  g_assert_no_error (error);
  fw_fake_notifications_start (&notifications, bus);
  documents_start (&docs, bus, 3);
  /* Files' GApplication, which the notification comes from. */
  files = g_application_new ("io.github.fileworks.TestFiles", G_APPLICATION_DEFAULT_FLAGS);
  g_application_register (files, NULL, &error);
  g_assert_no_error (error);
  g_application_set_default (files);

  files_selected = selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                             info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL);
  names = offered (files_selected, "size");
  FREE_SELECTION (files_selected);
  g_assert_cmpstr (names, ==, "hash size");
  WAIT_UNTIL (notifications.n > 0, 60, "the notification");
  g_assert_cmpuint (notifications.n, ==, 1);
  g_assert_cmpstr (notifications.app_id, ==, "io.github.fileworks.TestFiles");
  g_assert_cmpstr (notifications.title, ==, "Fileworks Cannot Open Folders");
  g_assert_nonnull (strstr (notifications.body, "too old"));
  g_assert_cmpuint (docs.n_add_full, ==, 0);
  g_assert_cmpuint (count_runs (), ==, 0);

  g_application_set_default (NULL);
  documents_stop (&docs);
  fw_fake_notifications_stop (&notifications);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "ui", "fileworks", NULL);
  g_autofree char *bin = NULL, *user_dir = NULL, *system_dir = NULL, *missing = NULL, *path = NULL;
  int status;

  /* Before any thread runs: the environment the module reads. */
  root = g_dir_make_tmp ("fw-test-nautilus-flatpak-root-XXXXXX", &error);
  g_assert_no_error (error);
  bin = g_build_filename (root, "bin", NULL);
  flatpak = g_build_filename (bin, "flatpak", NULL);
  doc_mount = g_build_filename (root, "doc", NULL);
  runs_dir = g_build_filename (root, "runs", NULL);
  user_dir = g_build_filename (root, "user", NULL);
  system_dir = g_build_filename (root, "system", NULL);
  active = g_build_filename (user_dir, "app", FW_NAUTILUS_FLATPAK_APP_ID, "current", "active", NULL);
  missing = g_build_filename (root, "no-host-fileworks", NULL);
  g_assert_cmpint (g_mkdir (bin, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (doc_mount, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (runs_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (system_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (active, 0700), ==, 0);
  g_assert_true (g_file_set_contents (flatpak, fake_flatpak, -1, NULL));
  g_assert_cmpint (g_chmod (flatpak, 0755), ==, 0);
  path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
  g_setenv ("FW_NAUTILUS_FILEWORKS", missing, TRUE);
  g_setenv ("FLATPAK_USER_DIR", user_dir, TRUE);
  g_setenv ("FLATPAK_SYSTEM_DIR", system_dir, TRUE);
  g_setenv ("FW_TEST_FILEWORKS", app, TRUE);
  g_setenv ("FW_TEST_FLATPAK_RUNS", runs_dir, TRUE);
  g_setenv ("FW_TEST_DOC_MOUNT", doc_mount, TRUE);
  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();

  module = g_object_new (FW_TYPE_TEST_MODULE, NULL);
  g_assert_true (g_type_module_use (G_TYPE_MODULE (module)));

  g_test_add ("/nautilus-flatpak/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);
  g_test_add_func ("/nautilus-flatpak/argv", test_argv);
  g_test_add_func ("/nautilus-flatpak/argv-folders", test_argv_folders);
  g_test_add ("/nautilus-flatpak/activate", Fixture, NULL, fixture_setup, test_activate, fixture_teardown);
  g_test_add ("/nautilus-flatpak/old-portal", Fixture, NULL, fixture_setup, test_old_portal, fixture_teardown);

  status = g_test_run ();

  /* The test's folder (the fake's documents and records too) goes. */
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "rm", (char *) "-rf", root, NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  return status;
}
