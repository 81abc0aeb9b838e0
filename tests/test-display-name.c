/* test-display-name.c — fw_display_name_for_file/path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/xattr.h>

#include <glib/gstdio.h>

#include "fw-display-name.h"

#define HOST_PATH_XATTR "user.document-portal.host-path"

static void
test_portal_paths (void)
{
  g_assert_true (fw_display_name_is_portal_path ("/run/user/1000/doc/a1b2c3d4/report.pdf"));
  g_assert_true (fw_display_name_is_portal_path ("/run/user/0/doc/a1b2c3d4/Photos"));
  g_assert_true (fw_display_name_is_portal_path ("/run/flatpak/doc/a1b2c3d4/report.pdf"));
  g_assert_false (fw_display_name_is_portal_path ("/run/user/1000/docs/report.pdf"));
  g_assert_false (fw_display_name_is_portal_path ("/run/user/alice/doc/x/report.pdf"));
  g_assert_false (fw_display_name_is_portal_path ("/run/user//doc/x/report.pdf"));
  g_assert_false (fw_display_name_is_portal_path ("/home/alice/run/user/1000/doc/x"));
  g_assert_false (fw_display_name_is_portal_path ("/run/user/1000"));
}

static void
test_portal_path_without_host_path (void)
{
  /* No such file (and so no xattr): the display name, never /run/user/…. */
  g_autofree char *a = fw_display_name_for_path ("/run/user/1000/doc/a1b2c3d4/report.pdf");
  g_autofree char *b = fw_display_name_for_path ("/run/flatpak/doc/a1b2c3d4/Caf\xc3\xa9 menu.txt");
  g_autofree char *c = fw_display_name_for_path ("/run/user/1000/doc/a1b2c3d4/bad\xff.bin");

  g_assert_cmpstr (a, ==, "report.pdf");
  g_assert_cmpstr (b, ==, "Caf\xc3\xa9 menu.txt");
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_true (g_str_has_prefix (c, "bad"));
  g_assert_null (strchr (c, '/'));
}

static void
test_plain_paths (void)
{
  g_autofree char *a = fw_display_name_for_path ("/home/alice/Photos/2024/IMG_0001.jpg");
  g_autofree char *b = fw_display_name_for_path ("/tmp/no-such-dir/x\xff.bin");

  g_assert_cmpstr (a, ==, "/home/alice/Photos/2024/IMG_0001.jpg");
  g_assert_true (g_utf8_validate (b, -1, NULL));
  g_assert_true (g_str_has_prefix (b, "/tmp/no-such-dir/x"));
}

static void
test_non_native (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource:///io/github/fileworks/Fileworks/x.ui");
  g_autofree char *name = fw_display_name_for_file (file, NULL);

  g_assert_cmpstr (name, ==, "resource:///io/github/fileworks/Fileworks/x.ui");
}

typedef struct {
  char *dir;
  char *file;
} Fixture;

/* Whether @dir's file system keeps user extended attributes: tmpfs
 * before Linux 6.6 (Debian 12 has 6.1) has none, nor have some network
 * file systems; ext4, XFS and Btrfs have them. */
static gboolean
has_user_xattrs (const char *dir)
{
  g_autofree char *probe = g_build_filename (dir, "xattr-probe", NULL);
  gboolean ok;

  g_assert_true (g_file_set_contents (probe, "", 0, NULL));
  ok = setxattr (probe, "user.fileworks-test-probe", "1", 1, 0) == 0;
  if (!ok && errno != ENOTSUP)
    g_error ("setxattr %s: %s", probe, g_strerror (errno));
  g_unlink (probe);
  return ok;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* The first of these folders whose file system has user extended
   * attributes: beside the test first, then the user's cache, /var/tmp
   * and /tmp. With none, the test fails and says where it looked. */
  const char *candidates[] = {
    g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
    g_get_user_cache_dir (),
    "/var/tmp",
    g_get_tmp_dir (),
  };
  g_autoptr(GString) tried = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && fx->dir == NULL; i++)
    {
      g_autofree char *tmpl = g_build_filename (candidates[i], "fw-display-name-XXXXXX", NULL);
      char *dir;

      g_mkdir_with_parents (candidates[i], 0700);
      dir = g_mkdtemp (g_steal_pointer (&tmpl));
      if (dir == NULL)
        {
          g_string_append_printf (tried, " %s (cannot create a folder: %s)", candidates[i], g_strerror (errno));
          continue;
        }
      if (has_user_xattrs (dir))
        fx->dir = dir;
      else
        {
          g_string_append_printf (tried, " %s (no user extended attributes)", candidates[i]);
          g_rmdir (dir);
          g_free (dir);
        }
    }
  if (fx->dir == NULL)
    g_error ("no folder here keeps user extended attributes, which the document portal's "
             "host path is stored in; tried:%s", tried->str);
  if (tried->len > 0)
    g_test_message ("in %s; passed over:%s", fx->dir, tried->str);
  fx->file = g_build_filename (fx->dir, "a1b2c3d4.txt", NULL);
  g_file_set_contents (fx->file, "x", 1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_unlink (fx->file);
  g_rmdir (fx->dir);
  g_free (fx->file);
  g_free (fx->dir);
}

/* Sets the portal's attribute (the fixture's folder keeps them). */
static void
set_host_path (Fixture    *fx,
               const char *value,
               gsize       len)
{
  if (setxattr (fx->file, HOST_PATH_XATTR, value, len, 0) != 0)
    g_error ("setxattr %s: %s", fx->file, g_strerror (errno));
}

static void
test_host_path (Fixture       *fx,
                gconstpointer  data)
{
  static const char host[] = "/home/alice/Documents/Caf\xc3\xa9 \\ notes.txt";
  g_autofree char *name = NULL;

  set_host_path (fx, host, strlen (host));

  name = fw_display_name_for_path (fx->file);
  g_assert_cmpstr (name, ==, host);
}

static void
test_host_path_with_nul (Fixture       *fx,
                         gconstpointer  data)
{
  static const char host[] = "/home/alice/report.pdf";
  g_autofree char *name = NULL;

  /* Stored with its terminating NUL. */
  set_host_path (fx, host, sizeof host);

  name = fw_display_name_for_path (fx->file);
  g_assert_cmpstr (name, ==, host);
}

static void
test_host_path_not_absolute (Fixture       *fx,
                             gconstpointer  data)
{
  static const char junk[] = "report.pdf";
  g_autofree char *name = NULL;

  /* Not a path: ignored, the file's own path is shown. */
  set_host_path (fx, junk, strlen (junk));

  name = fw_display_name_for_path (fx->file);
  g_assert_cmpstr (name, ==, fx->file);
}

static void
test_no_host_path (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *name = fw_display_name_for_path (fx->file);

  g_assert_cmpstr (name, ==, fx->file);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/display-name/portal-paths", test_portal_paths);
  g_test_add_func ("/display-name/portal-path-without-host-path", test_portal_path_without_host_path);
  g_test_add_func ("/display-name/plain-paths", test_plain_paths);
  g_test_add_func ("/display-name/non-native", test_non_native);
  g_test_add ("/display-name/no-host-path", Fixture, NULL, fixture_set_up, test_no_host_path, fixture_tear_down);
  g_test_add ("/display-name/host-path", Fixture, NULL, fixture_set_up, test_host_path, fixture_tear_down);
  g_test_add ("/display-name/host-path-with-nul", Fixture, NULL, fixture_set_up, test_host_path_with_nul, fixture_tear_down);
  g_test_add ("/display-name/host-path-not-absolute", Fixture, NULL, fixture_set_up, test_host_path_not_absolute, fixture_tear_down);

  return g_test_run ();
}
