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

#include "fw-batch.h"
#include "fw-nautilus-jobs.h"
#include "fw-test-dbus.h"
#include "fw-test-env.h"
#include "fw-test-nautilus.h"


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
                            info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size compare");
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY), NULL), "hash size dupes");
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                            info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
  /* Two folders: Compare Folders, and Find Duplicates in both; three
   * folders: Find Duplicates, no comparison. */
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                            info_new (f->dir, NULL, G_FILE_TYPE_DIRECTORY), NULL), "hash size compare-folders dupes");
  check_offered (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                            info_new (f->dir, NULL, G_FILE_TYPE_DIRECTORY),
                            info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY), NULL), "hash size dupes");
  /* A checksum file: Verify too; with another file, not (but they are
   * two files: Compare). Three files: no Compare. */
  check_offered (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size verify");
  check_offered (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR),
                            info_new (f->file1, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size compare");
  check_offered (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR),
                            info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                            info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash size");
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
  g_autofree char *inner = g_build_filename (f->folder, "inner.bin", NULL);
  g_autofree char *folder2 = g_build_filename (f->dir, "folder2", NULL);
  g_autofree char *inner2 = g_build_filename (folder2, "inner.bin", NULL);
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
  rows = report (f->bus, f->dir);
  expected = expected_rows ("%s size done\n%s size done", f->folder, f->file2);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Verify on the checksum file: its one listed file, verified. */
  activate_job (selection (info_new (f->sums, NULL, G_FILE_TYPE_REGULAR), NULL), "verify", &sm, 2);
  rows = report (f->bus, f->dir);
  expected = expected_rows ("%s size done\n%s size done\n%s verify done", f->folder, f->file2, f->file1);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Hash on two files. */
  activate_job (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                           info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "hash", &sm, 3);
  rows = report (f->bus, f->dir);
  expected = expected_rows ("%s size done\n%s size done\n%s hash done\n%s verify done\n%s hash done",
                              f->folder, f->file2, f->file1, f->file1, f->file2);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Compare on the same two files: one comparison row, named by the
   * first file (whatever the header's job is). */
  activate_job (selection (info_new (f->file1, NULL, G_FILE_TYPE_REGULAR),
                           info_new (f->file2, NULL, G_FILE_TYPE_REGULAR), NULL), "compare", &sm, 4);
  rows = report (f->bus, f->dir);
  expected = expected_rows ("%s size done\n%s size done\n%s hash done\n%s verify done\n%s hash done\n%s compare done",
                              f->folder, f->file2, f->file1, f->file1, f->file2, f->file1);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Compare Folders on two folders: `--compare`, and the app compares
   * them as folders (one row, inner.bin identical in both). */
  g_assert_cmpint (g_mkdir (folder2, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inner2, "inner", -1, NULL));
  activate_job (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                           info_new (folder2, NULL, G_FILE_TYPE_DIRECTORY), NULL), "compare-folders", &sm, 5);
  rows = report (f->bus, f->dir);
  expected = expected_rows ("%s size done\n%s size done\n%s hash done\n%s verify done\n%s hash done\n%s compare done\n"
                            "%s compare-folders done",
                            f->folder, f->file2, f->file1, f->file1, f->file2, f->file1, inner);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_clear_pointer (&expected, g_free);

  /* Find Duplicates on the same two folders: the window switches to it
   * and finds the two inner.bin, one group. */
  activate_job (selection (info_new (f->folder, NULL, G_FILE_TYPE_DIRECTORY),
                           info_new (folder2, NULL, G_FILE_TYPE_DIRECTORY), NULL), "dupes", &sm, 6);
  rows = dupes_report (f->bus, f->dir);
  expected = expected_rows ("1 %s\n1 %s", inner, inner2);
  g_assert_cmpstr (rows, ==, expected);
  g_unlink (inner2);
  g_rmdir (folder2);

  /* Quit through the app's own action; it exits cleanly. */
  g_variant_unref (activate_app_action (f->bus, "quit", NULL));
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
