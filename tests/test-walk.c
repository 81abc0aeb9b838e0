/* test-walk.c — the folder walk: order, special files, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1   /* unshare(), in fw-test-mount.h */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-engine.h"
#include "fw-walk.h"
#include "fw-test-util.h"
#include "fw-test-mount.h"

static void
mkdirs (const char *root, const char *const *dirs)
{
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (root, dirs[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (p, 0755), ==, 0);
    }
}

static void
touch (const char *root, const char *const *files)
{
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (root, files[i], NULL);
      fw_test_write (p, files[i], strlen (files[i]));
    }
}

/* Byte-wise order of full paths: "." (0x2e) < "/" (0x2f) < "0" (0x30),
 * upper case before lower case, bytes >= 0x80 last. */
static void
test_order (void)
{
  g_autofree char *root = fw_test_mkdtemp ();
  const char *dirs[] = { "b", "b/c.d", "a", "a/x", "empty", "B", NULL };
  const char *files[] = { "b.txt", "b/c", "b/c.d/e", "b0", "b-", "a0", "a/x/y", "a/z",
                          "\xc3\xa9t\xc3\xa9", "\xff", "B/q", "Z", NULL };
  /* Written out by hand: the expected order. */
  const char *expected[] = { "B/q", "Z", "a/x/y", "a/z", "a0", "b-", "b.txt", "b/c",
                             "b/c.d/e", "b0", "\xc3\xa9t\xc3\xa9", "\xff", NULL };
  g_autoptr(FwWalk) walk = NULL;
  FwWalkEntry *entry;
  guint i = 0;

  mkdirs (root, dirs);
  touch (root, files);

  walk = fw_walk_new (root);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_autofree char *want = NULL;

      g_assert_nonnull (expected[i]);
      want = g_strconcat (root, "/", expected[i], NULL);
      g_assert_cmpint (entry->kind, ==, FW_WALK_FILE);
      g_assert_null (entry->error);
      g_assert_cmpstr (entry->path, ==, want);
      /* each file holds its own relative name */
      g_assert_cmpint (entry->size, ==, (gint64) strlen (expected[i]));
      fw_walk_entry_free (entry);
      i++;
    }
  g_assert_null (expected[i]);
  fw_test_rmtree (root);
}

/* FIFOs, sockets, devices and symlinks are reported as skipped, in order;
 * a symlink to a folder is not descended into. */
static void
test_special (void)
{
  g_autofree char *root = fw_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (root, "f-fifo", NULL);
  g_autofree char *dlink = g_build_filename (root, "d-link", NULL);
  g_autofree char *flink = g_build_filename (root, "g-link", NULL);
  g_autofree char *sock_path = g_build_filename (root, "s-sock", NULL);
  g_autofree char *slash_root = g_strconcat (root, "/", NULL);
  const char *dirs[] = { "sub", NULL };
  const char *files[] = { "sub/a", "z", NULL };
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sock;
  g_autoptr(FwWalk) walk = NULL;
  FwWalkEntry *entry;
  GString *seen = g_string_new (NULL);

  mkdirs (root, dirs);
  touch (root, files);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("sub", dlink), ==, 0);
  g_assert_cmpint (symlink ("z", flink), ==, 0);
  g_assert_cmpuint (strlen (sock_path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, sock_path);
  sock = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  /* A root given with a trailing slash does not double it. */
  walk = fw_walk_new (slash_root);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_assert_true (g_str_has_prefix (entry->path, slash_root));
      g_assert_null (strstr (entry->path, "//"));
      g_string_append_printf (seen, "%s:%d;", entry->path + strlen (slash_root), entry->kind);
      if (entry->kind == FW_WALK_SKIPPED)
        {
          g_assert_error (entry->error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED);
          g_assert_true (g_str_has_prefix (entry->error->message, entry->path));
          /* The links, and only they, are marked: the CLI counts them. */
          g_assert_cmpint (entry->is_link, ==, g_str_has_suffix (entry->path, "-link"));
        }
      else
        g_assert_false (entry->is_link);
      fw_walk_entry_free (entry);
    }
  close (sock);
  g_assert_cmpstr (seen->str, ==, "d-link:1;f-fifo:1;g-link:1;s-sock:1;sub/a:0;z:0;");
  g_string_free (seen, TRUE);
  fw_test_rmtree (root);
}

static void
test_errors (void)
{
  g_autofree char *root = fw_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_autofree char *file = g_build_filename (root, "file", NULL);
  g_autoptr(FwWalk) w1 = NULL, w2 = NULL;
  g_autoptr(FwWalkEntry) e1 = NULL, e2 = NULL;

  fw_test_write (file, "x", 1);

  w1 = fw_walk_new (missing);
  e1 = fw_walk_next (w1);
  g_assert_nonnull (e1);
  g_assert_cmpint (e1->kind, ==, FW_WALK_ERROR);
  g_assert_error (e1->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (fw_walk_next (w1));

  w2 = fw_walk_new (file);
  e2 = fw_walk_next (w2);
  g_assert_nonnull (e2);
  g_assert_cmpint (e2->kind, ==, FW_WALK_ERROR);
  g_assert_error (e2->error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_null (fw_walk_next (w2));
  fw_test_rmtree (root);
}

/* The paths a walk of @root yields, relative to it, one a line. */
static char *
walk_paths (const char *root)
{
  g_autoptr(FwWalk) walk = fw_walk_new (root);
  GString *seen = g_string_new (NULL);
  FwWalkEntry *entry;

  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_assert_cmpint (entry->kind, ==, FW_WALK_FILE);
      g_string_append_printf (seen, "%s\n", entry->path + strlen (root) + 1);
      fw_walk_entry_free (entry);
    }
  return g_string_free (seen, FALSE);
}

/* What find(1) lists of @root's files (it leaves a loop out, with a note),
 * relative, sorted byte-wise as the walk yields them. */
static char *
find_paths (const char *root)
{
  const char *argv[] = { "sh", "-c", "cd \"$1\" && find . -type f | LC_ALL=C sort | cut -c3-",
                         "sh", root, NULL };
  int status = -1;
  char *out = fw_test_run (NULL, argv, &status, NULL);

  g_assert_cmpint (status, ==, 0);
  return out;
}

/* A bind mount of a folder inside itself (issue 25, item 1): the walk does
 * not enter a folder that is already on the current path, as du and find
 * do not; `hash -r` lists each file once. A bind mount that is no loop is
 * walked twice, as du and find walk it. Side by side with find and
 * sha256sum, in a mount namespace of the test's own. */
static void
test_bind_mounts (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *root = fw_test_mkdtemp ();
      g_autofree char *bind = g_build_filename (root, "bind", NULL);
      g_autofree char *loop = g_build_filename (root, "bind/inner/sub", NULL);
      g_autofree char *a = g_build_filename (root, "t/a", NULL);
      g_autofree char *b = g_build_filename (root, "t/b", NULL);
      g_autofree char *t = g_build_filename (root, "t", NULL);
      const char *dirs[] = { "bind/inner/sub", "t/a", "t/b", NULL };
      const char *files[] = { "bind/file", "bind/inner/sub/data", "bind/inner/x", "t/a/one", NULL };
      g_autofree char *walked = NULL, *found = NULL, *walked_t = NULL, *found_t = NULL;
      g_autofree char *cli = fw_test_cli_path ();
      const char *hash_argv[] = { cli, "hash", "-r", "bind", NULL };
      const char *sum_argv[] = { "sh", "-c", "find bind -type f 2>/dev/null | LC_ALL=C sort | xargs sha256sum",
                                 NULL };
      g_autofree char *ours = NULL, *theirs = NULL, *err = NULL;
      int status = -1;

      mkdirs (root, dirs);
      touch (root, files);
      fw_test_enter_mount_namespace ();
      fw_test_bind_mount (bind, loop);
      fw_test_bind_mount (a, b);

      walked = walk_paths (bind);
      found = find_paths (bind);
      g_assert_cmpstr (walked, ==, "file\ninner/x\n");
      g_assert_cmpstr (walked, ==, found);

      walked_t = walk_paths (t);
      found_t = find_paths (t);
      g_assert_cmpstr (walked_t, ==, "a/one\nb/one\n");
      g_assert_cmpstr (walked_t, ==, found_t);

      ours = fw_test_run (root, hash_argv, &status, &err);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (err, ==, "");
      theirs = fw_test_run (root, sum_argv, &status, NULL);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (ours, ==, theirs);

      g_assert_cmpint (umount (loop), ==, 0);
      g_assert_cmpint (umount (b), ==, 0);
      fw_test_rmtree (root);
      return;   /* the namespace ends with this process */
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The files a walk of @root yields, relative to @root, one a line. */
static char *
walk_names (const char      *root,
            const char      *prefix,
            const FwExclude *exclude,
            gboolean         relative)
{
  g_autoptr(FwWalk) walk = fw_walk_new (root);
  g_autoptr(GString) names = g_string_new (NULL);
  FwWalkEntry *entry;

  if (relative)
    fw_walk_set_exclude_relative (walk, exclude);
  else
    fw_walk_set_exclude (walk, exclude);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_assert_true (g_str_has_prefix (entry->path, prefix));
      g_string_append_printf (names, "%s\n", entry->path + strlen (prefix));
      fw_walk_entry_free (entry);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Patterns matched below the root: `.*` in a folder under a hidden one
 * (~/.local/proj) leaves out the hidden entries in it, not everything. */
static void
test_exclude_relative (void)
{
  g_autofree char *top = fw_test_mkdtemp ();
  g_autofree char *root = g_build_filename (top, ".hidden", "proj", NULL);
  g_autofree char *slashed = g_strconcat (root, "//", NULL);
  g_autofree char *prefix = g_strconcat (root, "/", NULL);
  g_autofree char *slashed_prefix = g_strconcat (root, "//", NULL);
  const char *dirs[] = { ".git", "sub/node_modules/m", "sub/deep", "node_modules", NULL };
  const char *files[] = { "a", ".git/config", ".env", "sub/.env", "sub/keep", "sub/node_modules/m/x",
                          "sub/deep/keep", "node_modules/y", "build~", "sub/deep/z.o", NULL };
  g_autoptr(FwExclude) hidden = fw_exclude_new ();
  g_autoptr(FwExclude) several = fw_exclude_new ();
  g_autoptr(FwExclude) slash = fw_exclude_new ();
  g_autofree char *all = NULL;

  mkdirs (root, dirs);
  touch (root, files);
  fw_exclude_add (hidden, ".*");
  fw_exclude_add (several, "node_modules");
  fw_exclude_add (several, "*~");
  fw_exclude_add (several, "*.o");
  fw_exclude_add (slash, "sub/deep");

  all = walk_names (root, prefix, NULL, TRUE);
  g_assert_cmpstr (all, ==, ".env\n.git/config\na\nbuild~\nnode_modules/y\nsub/.env\n"
                            "sub/deep/keep\nsub/deep/z.o\nsub/keep\nsub/node_modules/m/x\n");

  /* Relative: the hidden entries only; the whole path: everything. */
  {
    g_autofree char *relative = walk_names (root, prefix, hidden, TRUE);
    g_autofree char *whole = walk_names (root, prefix, hidden, FALSE);

    g_assert_cmpstr (relative, ==, "a\nbuild~\nnode_modules/y\nsub/deep/keep\nsub/deep/z.o\n"
                                   "sub/keep\nsub/node_modules/m/x\n");
    g_assert_cmpstr (whole, ==, "");
  }
  /* A root spelled with trailing slashes: the same names. */
  {
    g_autofree char *relative = walk_names (slashed, slashed_prefix, hidden, TRUE);

    g_assert_cmpstr (relative, ==, "a\nbuild~\nnode_modules/y\nsub/deep/keep\nsub/deep/z.o\n"
                                   "sub/keep\nsub/node_modules/m/x\n");
  }
  /* Names at any depth, folders left out whole. */
  {
    g_autofree char *relative = walk_names (root, prefix, several, TRUE);

    g_assert_cmpstr (relative, ==, ".env\n.git/config\na\nsub/.env\nsub/deep/keep\nsub/keep\n");
  }
  /* A pattern with a slash: the path below the root. */
  {
    g_autofree char *relative = walk_names (root, prefix, slash, TRUE);

    g_assert_cmpstr (relative, ==, ".env\n.git/config\na\nbuild~\nnode_modules/y\nsub/.env\n"
                                   "sub/keep\nsub/node_modules/m/x\n");
  }
  fw_test_rmtree (top);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/walk/order", test_order);
  g_test_add_func ("/walk/special", test_special);
  g_test_add_func ("/walk/errors", test_errors);
  g_test_add_func ("/walk/bind-mounts", test_bind_mounts);
  g_test_add_func ("/walk/exclude-relative", test_exclude_relative);
  return g_test_run ();
}
