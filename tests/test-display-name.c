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

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* On disk beside the test, not in /tmp: tmpfs before Linux 6.6 has no
   * user extended attributes. */
  g_autofree char *tmpl = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            "display-name-XXXXXX", NULL);

  fx->dir = g_mkdtemp (g_steal_pointer (&tmpl));
  g_assert_nonnull (fx->dir);
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

/* Sets the portal's attribute; FALSE (and the test skipped, saying why)
 * when the file system here has no user extended attributes. */
static gboolean
set_host_path (Fixture    *fx,
               const char *value,
               gsize       len)
{
  if (setxattr (fx->file, HOST_PATH_XATTR, value, len, 0) == 0)
    return TRUE;

  if (errno == ENOTSUP)
    {
      g_autofree char *msg = g_strdup_printf ("no user extended attributes on the file system of %s", fx->dir);
      g_test_skip (msg);
      return FALSE;
    }
  g_error ("setxattr %s: %s", fx->file, g_strerror (errno));
}

static void
test_host_path (Fixture       *fx,
                gconstpointer  data)
{
  static const char host[] = "/home/alice/Documents/Caf\xc3\xa9 \\ notes.txt";
  g_autofree char *name = NULL;

  if (!set_host_path (fx, host, strlen (host)))
    return;

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
  if (!set_host_path (fx, host, sizeof host))
    return;

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
  if (!set_host_path (fx, junk, strlen (junk)))
    return;

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
