/* test-trash.c — moving to the trash only what is unchanged (fw-trash.h),
 * in a trash of the test's own (XDG_DATA_HOME set before GLib reads it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-trash.h"
#include "fw-test-util.h"

static char *home;   /* XDG_DATA_HOME and the files, on one file system */

static char *
put (const char *name,
     const char *content)
{
  char *path = g_build_filename (home, name, NULL);

  fw_test_write (path, content, strlen (content));
  return path;
}

static void
stat_of (const char *path,
         guint64    *size,
         gint64     *mtime_ns)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  *size = (guint64) st.st_size;
  *mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
}

static gboolean
in_trash (const char *name)
{
  g_autofree char *file = g_build_filename (home, "data", "Trash", "files", name, NULL);
  g_autofree char *info_name = g_strconcat (name, ".trashinfo", NULL);
  g_autofree char *info = g_build_filename (home, "data", "Trash", "info", info_name, NULL);

  return g_file_test (file, G_FILE_TEST_EXISTS) && g_file_test (info, G_FILE_TEST_EXISTS);
}

static void
test_unchanged (void)
{
  g_autofree char *path = put ("same", "hello\n");
  g_autoptr(GError) error = NULL;
  guint64 size;
  gint64 mtime_ns;

  stat_of (path, &size, &mtime_ns);
  g_assert_true (fw_trash_file_if_unchanged (path, size, mtime_ns, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (in_trash ("same"));
}

static void
test_changed (void)
{
  g_autofree char *grown = put ("grown", "hello\n");
  g_autofree char *touched = put ("touched", "hello\n");
  g_autofree char *replaced = put ("replaced", "hello\n");
  g_autofree char *gone = put ("gone", "hello\n");
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000, 0 } };
  guint64 s1, s2, s3, s4;
  gint64 m1, m2, m3, m4;

  stat_of (grown, &s1, &m1);
  stat_of (touched, &s2, &m2);
  stat_of (replaced, &s3, &m3);
  stat_of (gone, &s4, &m4);

  /* Grown after it was hashed. */
  fw_test_write (grown, "hello, world\n", 13);
  g_assert_false (fw_trash_file_if_unchanged (grown, s1, m1, NULL, &e1));
  g_assert_error (e1, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_SIZE);
  g_assert_true (g_file_test (grown, G_FILE_TEST_EXISTS));

  /* Same size, another modification time. */
  g_assert_cmpint (utimensat (AT_FDCWD, touched, times, 0), ==, 0);
  g_assert_false (fw_trash_file_if_unchanged (touched, s2, m2, NULL, &e2));
  g_assert_error (e2, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_MTIME);
  g_assert_true (g_file_test (touched, G_FILE_TEST_EXISTS));

  /* A symbolic link in its place: not followed, refused. */
  g_assert_cmpint (g_unlink (replaced), ==, 0);
  g_assert_cmpint (symlink ("touched", replaced), ==, 0);
  g_assert_false (fw_trash_file_if_unchanged (replaced, s3, m3, NULL, &e3));
  g_assert_error (e3, FW_TRASH_ERROR, FW_TRASH_ERROR_NOT_REGULAR);
  g_assert_true (g_file_test (replaced, G_FILE_TEST_IS_SYMLINK));

  /* Gone. */
  g_assert_cmpint (g_unlink (gone), ==, 0);
  g_assert_false (fw_trash_file_if_unchanged (gone, s4, m4, NULL, &e4));
  g_assert_error (e4, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  /* Nothing of them reached the trash. */
  g_assert_false (in_trash ("grown"));
  g_assert_false (in_trash ("touched"));
  g_assert_false (in_trash ("replaced"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data = NULL;
  int status;

  home = fw_test_mkdtemp ();
  data = g_build_filename (home, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  /* Before GLib reads them: the test's own trash, GIO's local backend. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data);

  g_test_add_func ("/trash/unchanged", test_unchanged);
  g_test_add_func ("/trash/changed", test_changed);

  status = g_test_run ();
  fw_test_rmtree (home);
  g_free (home);
  return status;
}
