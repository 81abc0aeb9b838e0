/* test-size.c — the size job and `fileworks-cli size`, against real du
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case builds a tree, then compares with `du` spawned on the same
 * tree: the engine's totals with `du -s --block-size=1` and `du -s -b`, and
 * the CLI's standard output and exit status byte for byte (its error lines
 * too, the program name aside). Faults are real: an unreadable folder is
 * read as an unprivileged user (setpriv, when the tests run as root), and a
 * folder removed mid-scan and a cancel mid-scan go through the scanner's
 * folder hook, deterministically (after N folders, no clocks).
 */
#define _GNU_SOURCE 1   /* unshare(), in fw-test-mount.h */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-job-size.h"
#include "fw-size.h"
#include "fw-test-mount.h"

static FwPool *pool;

/* ---------------------------------------------------------------------- */
/* Trees                                                                    */

static char *
make_base (void)
{
  /* Under /var/tmp (a disk file system, unlike a tmpfs /tmp): real blocks,
   * and reachable by the unprivileged user. */
  g_autofree char *tmpl = g_build_filename (g_getenv ("FW_TEST_TMPDIR") ? g_getenv ("FW_TEST_TMPDIR") : "/var/tmp",
                                            "fw-test-size-XXXXXX", NULL);
  char *base = g_mkdtemp (g_steal_pointer (&tmpl));

  g_assert_nonnull (base);
  g_assert_no_errno (chmod (base, 0755));
  return base;
}

static void
remove_tree (const char *base)
{
  const char *argv[] = { "chmod", "-R", "u+rwx", base, NULL };
  const char *rm[] = { "rm", "-rf", base, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (base, G_FILE_TEST_EXISTS));
}

static char *
path_join (const char *base,
           const char *rel)
{
  return g_build_filename (base, rel, NULL);
}

static void
mkdir_p (const char *base,
         const char *rel)
{
  g_autofree char *path = path_join (base, rel);
  g_assert_no_errno (g_mkdir_with_parents (path, 0755));
}

static void
write_file (const char *base,
            const char *rel,
            gsize       size)
{
  g_autofree char *path = path_join (base, rel);
  g_autofree char *data = g_malloc (MAX (size, 1));
  g_autoptr(GError) error = NULL;

  memset (data, 'x', size);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static void
link_file (const char *base,
           const char *target,
           const char *rel)
{
  g_autofree char *t = path_join (base, target);
  g_autofree char *p = path_join (base, rel);
  g_assert_no_errno (link (t, p));
}

static void
symlink_file (const char *base,
              const char *target,
              const char *rel)
{
  g_autofree char *p = path_join (base, rel);
  g_assert_no_errno (symlink (target, p));
}

/* ---------------------------------------------------------------------- */
/* Running du and the CLI                                                   */

typedef struct {
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static gboolean
am_root (void)
{
  return geteuid () == 0;
}

/* Runs argv in @cwd, as the unprivileged user when @nobody and root. */
static void
spawn (const char          *cwd,
       gboolean             nobody,
       const char * const  *argv,
       Run                 *run)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  if (nobody && am_root ())
    {
      g_ptr_array_add (full, (char *) "setpriv");
      g_ptr_array_add (full, (char *) "--reuid=65534");
      g_ptr_array_add (full, (char *) "--regid=65534");
      g_ptr_array_add (full, (char *) "--clear-groups");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  g_spawn_sync (cwd, (char **) full->pdata, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static char *
cli_path (void)
{
  const char *top = g_getenv ("FW_TOP_BUILDDIR");

  g_assert_nonnull (top);
  return g_build_filename (top, "src", "cli", "fileworks-cli", NULL);
}

static void
run_du (const char          *cwd,
        gboolean             apparent,
        gboolean             nobody,
        const char * const  *args,
        Run                 *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) "du");
  g_ptr_array_add (argv, (char *) "-s");
  g_ptr_array_add (argv, (char *) (apparent ? "-b" : "--block-size=1"));
  g_ptr_array_add (argv, (char *) "--");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  spawn (cwd, nobody, (const char * const *) argv->pdata, run);
}

static void
run_cli (const char          *cwd,
         const char * const  *options,
         gboolean             nobody,
         const char * const  *args,
         Run                 *run)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "size");
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options[i]);
  g_ptr_array_add (argv, (char *) "--");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  spawn (cwd, nobody, (const char * const *) argv->pdata, run);
}

/* Error lines, the program name made the same, in the order printed: the
 * parallel scan reports errors in du's order (issue 25, item 6). */
static char *
normalized_errors (const char *err,
                   const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (g_str_has_prefix (lines[i], prefix))
        g_ptr_array_add (kept, lines[i] + strlen (prefix));
      else
        g_ptr_array_add (kept, lines[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

/* The CLI's output, status and error lines equal du's, in both modes. */
static void
assert_cli_like_du_full (const char          *cwd,
                         const char * const  *extra_options,
                         gboolean             nobody,
                         const char * const  *args)
{
  for (int apparent = 0; apparent <= 1; apparent++)
    {
      g_auto(Run) du = { 0 };
      g_auto(Run) fw = { 0 };
      g_autoptr(GPtrArray) options = g_ptr_array_new ();
      g_autofree char *du_err = NULL;
      g_autofree char *fw_err = NULL;
      g_autofree char *what = g_strjoinv (" ", (char **) args);
      g_autoptr(GPtrArray) du_args = g_ptr_array_new ();

      if (apparent)
        g_ptr_array_add (options, (char *) "--apparent-size");
      for (guint i = 0; extra_options != NULL && extra_options[i] != NULL; i++)
        g_ptr_array_add (options, (char *) extra_options[i]);
      g_ptr_array_add (options, NULL);

      /* -x for du too */
      for (guint i = 0; extra_options != NULL && extra_options[i] != NULL; i++)
        if (strcmp (extra_options[i], "-x") == 0)
          g_ptr_array_add (du_args, (char *) "-x");
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (du_args, (char *) args[i]);
      g_ptr_array_add (du_args, NULL);

      if (du_args->len > 1 && strcmp (g_ptr_array_index (du_args, 0), "-x") == 0)
        {
          /* du -x -s … -- args: put -x before "--" */
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();
          g_ptr_array_add (argv, (char *) "du");
          g_ptr_array_add (argv, (char *) "-sx");
          g_ptr_array_add (argv, (char *) (apparent ? "-b" : "--block-size=1"));
          g_ptr_array_add (argv, (char *) "--");
          for (guint i = 0; args[i] != NULL; i++)
            g_ptr_array_add (argv, (char *) args[i]);
          g_ptr_array_add (argv, NULL);
          spawn (cwd, nobody, (const char * const *) argv->pdata, &du);
        }
      else
        run_du (cwd, apparent, nobody, args, &du);
      run_cli (cwd, (const char * const *) options->pdata, nobody, args, &fw);

      g_test_message ("%s size %s: du said:\n%s%s(%d)\nfileworks-cli said:\n%s%s(%d)",
                      apparent ? "apparent" : "disk", what, du.out, du.err, du.status,
                      fw.out, fw.err, fw.status);
      g_assert_cmpstr (fw.out, ==, du.out);
      g_assert_cmpint (fw.status, ==, du.status);
      du_err = normalized_errors (du.err, "du: ");
      fw_err = normalized_errors (fw.err, "fileworks-cli size: ");
      g_assert_cmpstr (fw_err, ==, du_err);
    }
}

static void
assert_cli_like_du (const char         *cwd,
                    const char * const *args)
{
  assert_cli_like_du_full (cwd, NULL, FALSE, args);
}

static guint64
du_bytes (const char *path,
          gboolean    apparent)
{
  const char *args[] = { path, NULL };
  g_auto(Run) du = { 0 };

  run_du (NULL, apparent, FALSE, args, &du);
  g_assert_cmpint (du.status, ==, 0);
  return g_ascii_strtoull (du.out, NULL, 10);
}

static FwSizeResult *
scan (const char   *path,
      FwSizeFlags   flags,
      FwSizeScan  **out_scan)
{
  g_autoptr(FwSizeScan) s = fw_size_scan_new (path, flags);
  g_autoptr(GError) error = NULL;
  FwSizeResult *result = fw_size_scan_run (s, pool, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  if (out_scan != NULL)
    *out_scan = g_steal_pointer (&s);
  return result;
}

/* The engine's totals for @path equal du's. */
static FwSizeResult *
assert_engine_like_du (const char *path)
{
  FwSizeResult *result = scan (path, FW_SIZE_FLAGS_NONE, NULL);

  g_assert_cmpuint (result->disk_usage, ==, du_bytes (path, FALSE));
  g_assert_cmpuint (result->apparent_size, ==, du_bytes (path, TRUE));
  return result;
}

/* ---------------------------------------------------------------------- */
/* Cases                                                                    */

static void
test_deep20 (void)
{
  g_autofree char *base = make_base ();
  g_autoptr(GString) rel = g_string_new ("t");
  g_autoptr(FwSizeResult) result = NULL;
  g_autofree char *t = path_join (base, "t");

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *f = NULL;

      mkdir_p (base, rel->str);
      f = g_strdup_printf ("%s/file%d", rel->str, i);
      write_file (base, f, 1000 * i + 1);
      g_string_append_printf (rel, "/level%d", i);
    }
  mkdir_p (base, rel->str);

  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->n_dirs, ==, 21);
  g_assert_cmpuint (result->n_files, ==, 20);
  g_assert_false (result->incomplete);
  assert_cli_like_du (base, (const char *[]) { "t", NULL });
  remove_tree (base);
}

static void
test_many_files (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autoptr(FwSizeResult) result = NULL;

  for (int d = 0; d < 10; d++)
    {
      g_autofree char *dir = g_strdup_printf ("t/d%d", d);
      mkdir_p (base, dir);
      for (int i = 0; i < 1000; i++)
        {
          g_autofree char *f = g_strdup_printf ("%s/f%d", dir, i);
          write_file (base, f, (gsize) (i % 7) * 1500);
        }
    }
  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->n_files, ==, 10000);
  g_assert_cmpuint (result->n_dirs, ==, 11);
  g_assert_cmpuint (result->n_others, ==, 0);
  assert_cli_like_du (base, (const char *[]) { "t", NULL });
  assert_cli_like_du (t, (const char *[]) { ".", NULL });
  remove_tree (base);
}

static void
test_hard_links (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *a = path_join (base, "A");
  g_autoptr(FwSizeResult) result = NULL;

  mkdir_p (base, "A/sub");
  mkdir_p (base, "B");
  write_file (base, "A/big", 100000);
  link_file (base, "A/big", "A/sub/big2");
  link_file (base, "A/big", "A/big3");
  write_file (base, "A/sub/shared", 50000);
  link_file (base, "A/sub/shared", "B/shared");
  write_file (base, "B/own", 20000);

  /* Inside one item: once. */
  result = assert_engine_like_du (a);
  g_assert_cmpuint (result->n_files, ==, 2);
  assert_cli_like_du (base, (const char *[]) { "A", NULL });
  /* Across two: credited to the first, in argument order. */
  assert_cli_like_du (base, (const char *[]) { "A", "B", NULL });
  assert_cli_like_du (base, (const char *[]) { "B", "A", NULL });
  assert_cli_like_du (base, (const char *[]) { "B", "A/sub", "A", NULL });
  /* The window sizes each item on its own: B counts its link. */
  {
    g_autofree char *b = path_join (base, "B");
    g_autoptr(FwSizeResult) rb = scan (b, FW_SIZE_FLAGS_NONE, NULL);
    g_assert_cmpuint (rb->disk_usage, ==, du_bytes (b, FALSE));
    g_assert_cmpuint (rb->apparent_size, >=, 70000);
  }
  remove_tree (base);
}

static void
test_repeated_nested (void)
{
  g_autofree char *base = make_base ();

  mkdir_p (base, "A/sub/deeper");
  mkdir_p (base, "C");
  write_file (base, "A/f", 5000);
  write_file (base, "A/sub/g", 70000);
  write_file (base, "A/sub/deeper/h", 9000);
  write_file (base, "C/i", 1);

  assert_cli_like_du (base, (const char *[]) { "A", "A", NULL });
  assert_cli_like_du (base, (const char *[]) { "A", "A/sub", NULL });
  assert_cli_like_du (base, (const char *[]) { "A/sub", "A", NULL });
  assert_cli_like_du (base, (const char *[]) { "A/sub/deeper", "A/sub", "A", "A/sub", NULL });
  assert_cli_like_du (base, (const char *[]) { "A/", "A//", "./A", "A/sub/g", "C", "A/f", NULL });
  assert_cli_like_du (base, (const char *[]) { "A/f", "A", "C", "missing", "C/i", NULL });
  assert_cli_like_du (base, (const char *[]) { ".", "A", NULL });
  assert_cli_like_du (base, (const char *[]) { "C", ".", NULL });
  remove_tree (base);
}

static void
test_sparse (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autofree char *p = path_join (base, "t/sparse");
  g_autofree char *q = path_join (base, "t/holes");
  g_autoptr(FwSizeResult) result = NULL;
  int fd;

  mkdir_p (base, "t");
  fd = open (p, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (ftruncate (fd, 100 * 1024 * 1024));
  close (fd);
  fd = open (q, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "data", 4, 10 * 1024 * 1024), ==, 4);
  g_assert_cmpint (pwrite (fd, "data", 4, 0), ==, 4);
  close (fd);

  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->apparent_size, >, result->disk_usage);
  assert_cli_like_du (base, (const char *[]) { "t", "t/sparse", NULL });
  assert_cli_like_du (base, (const char *[]) { "t/sparse", "t/holes", "t", NULL });
  remove_tree (base);
}

static void
test_symlinks (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autoptr(FwSizeResult) result = NULL;

  mkdir_p (base, "t/dir");
  mkdir_p (base, "big");
  write_file (base, "t/file", 3000);
  write_file (base, "big/huge", 500000);
  symlink_file (base, "file", "t/to-file");
  symlink_file (base, "../big", "t/to-folder");
  symlink_file (base, "loop-b", "t/loop-a");
  symlink_file (base, "loop-a", "t/loop-b");
  symlink_file (base, "nowhere", "t/dangling");
  symlink_file (base, ".", "t/dir/self");
  symlink_file (base, "t", "link-to-t");

  result = assert_engine_like_du (t);
  /* Never followed: big/huge is not in t. */
  g_assert_cmpuint (result->apparent_size, <, 500000);
  g_assert_cmpuint (result->n_others, ==, 6);
  assert_cli_like_du (base, (const char *[]) { "t", NULL });
  /* As arguments: the link itself; with a trailing slash, the folder. */
  assert_cli_like_du (base, (const char *[]) { "link-to-t", "t/to-folder", "t/loop-a", "t/dangling", NULL });
  assert_cli_like_du (base, (const char *[]) { "link-to-t/", "t", NULL });
  assert_cli_like_du (base, (const char *[]) { "t/loop-a/", NULL });
  remove_tree (base);
}

static void
test_empty_folders (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autoptr(FwSizeResult) result = NULL;

  for (int i = 0; i < 200; i++)
    {
      g_autofree char *d = g_strdup_printf ("t/e%d/inner", i);
      mkdir_p (base, d);
    }
  mkdir_p (base, "empty");
  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->n_dirs, ==, 401);
  g_assert_cmpuint (result->n_files, ==, 0);
  assert_cli_like_du (base, (const char *[]) { "t", "empty", NULL });
  remove_tree (base);
}

static void
test_fifo_socket (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autofree char *fifo = path_join (base, "t/fifo");
  g_autofree char *sock = path_join (base, "t/sock");
  g_autoptr(FwSizeResult) result = NULL;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  mkdir_p (base, "t");
  write_file (base, "t/plain", 10);
  g_assert_no_errno (mkfifo (fifo, 0644));
  g_assert_cmpuint (strlen (sock), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, sock);
  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (bind (fd, (struct sockaddr *) &addr, sizeof addr));

  /* Never opened: a scan that read the FIFO would hang here. */
  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->n_others, ==, 2);
  g_assert_cmpuint (result->n_files, ==, 1);
  assert_cli_like_du (base, (const char *[]) { "t", "t/fifo", "t/sock", NULL });
  assert_cli_like_du (base, (const char *[]) { "t/fifo", "t/sock", "t", NULL });
  close (fd);
  remove_tree (base);
}

static void
test_unreadable (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *locked = path_join (base, "t/locked");
  g_autofree char *noexec = path_join (base, "t/list-only");

  mkdir_p (base, "t/locked/inside");
  mkdir_p (base, "t/list-only/sub");
  mkdir_p (base, "t/fine");
  write_file (base, "t/locked/secret", 40000);
  write_file (base, "t/list-only/a", 30000);
  write_file (base, "t/fine/b", 20000);
  g_assert_no_errno (chmod (locked, 0));
  g_assert_no_errno (chmod (noexec, 0444));

  /* As an unprivileged user, permissions bind even when the tests run as
   * root: "cannot read directory" for locked, "cannot access" for each
   * entry of list-only; the rest summed; exit 1. */
  {
    const char *args[] = { "t", NULL };
    g_auto(Run) fw = { 0 };

    assert_cli_like_du_full (base, NULL, TRUE, args);
    run_cli (base, NULL, TRUE, args, &fw);
    g_assert_cmpint (fw.status, ==, 1);
    g_assert_nonnull (strstr (fw.err, "cannot read directory 't/locked': Permission denied"));
    g_assert_nonnull (strstr (fw.err, "cannot access 't/list-only/a': Permission denied"));
  }
  assert_cli_like_du_full (base, NULL, TRUE, (const char *[]) { "t/locked", "t", NULL });
  assert_cli_like_du_full (base, NULL, TRUE, (const char *[]) { "t", "t/locked", "t/list-only", NULL });
  assert_cli_like_du_full (base, NULL, TRUE, (const char *[]) { "t/list-only/a", "t/locked/secret", NULL });
  remove_tree (base);
}

/* Errors in du's order (issue 25, item 6): unreadable folders at several
 * depths in several subtrees, folders that can be listed but not searched
 * (an error for each entry, in readdir's order), one of 10,001 entries
 * (fts sorts a batch of more than 10,000 by inode number, but on tmpfs,
 * NFS and CIFS), as an unprivileged user. Standard error is compared with
 * du's exactly, line by line, on several runs of 8 threads. */
static void
test_error_order (void)
{
  g_autofree char *base = make_base ();
  const char *opts[] = { "-j", "8", NULL };

  for (int i = 0; i < 12; i++)
    for (int j = 0; j < 4; j++)
      {
        g_autofree char *d = g_strdup_printf ("t/d%02d/s%d", i, j);
        g_autofree char *deep = g_strdup_printf ("t/d%02d/s%d/deeper/locked", i, j);
        g_autofree char *f = g_strdup_printf ("t/d%02d/s%d/f", i, j);
        g_autofree char *locked = g_strdup_printf ("%s/%s", base, deep);
        g_autofree char *list_only = g_strdup_printf ("%s/%s/list-only", base, d);
        g_autofree char *sub = g_strdup_printf ("%s/%s", base, d);
        int list_only_mode = (i + j) % 3 == 0 ? 0444 : 0755;

        mkdir_p (base, deep);
        write_file (base, f, 100);
        for (int k = 0; k < 3; k++)
          {
            g_autofree char *e = g_strdup_printf ("t/d%02d/s%d/list-only/e%d", i, j, k);
            mkdir_p (base, e);
          }
        g_assert_no_errno (chmod (locked, 0));
        g_assert_no_errno (chmod (list_only, list_only_mode));
        if ((i * 4 + j) % 5 == 0)
          g_assert_no_errno (chmod (sub, 0));
      }
  mkdir_p (base, "t/wide");
  for (int i = 0; i < 10001; i++)
    {
      g_autofree char *f = g_strdup_printf ("%s/t/wide/f%05d", base, i);
      int fd = open (f, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
  {
    g_autofree char *wide = path_join (base, "t/wide");
    g_assert_no_errno (chmod (wide, 0444));
  }

  for (int run = 0; run < 4; run++)
    {
      g_auto(Run) du = { 0 };
      g_auto(Run) fw = { 0 };
      const char *args[] = { "t", NULL };
      g_autofree char *du_err = NULL;
      g_autofree char *fw_err = NULL;

      run_du (base, FALSE, TRUE, args, &du);
      run_cli (base, opts, TRUE, args, &fw);
      g_assert_cmpint (du.status, ==, 1);
      g_assert_cmpint (fw.status, ==, 1);
      g_assert_cmpstr (fw.out, ==, du.out);
      du_err = normalized_errors (du.err, "du: ");
      fw_err = normalized_errors (fw.err, "fileworks-cli size: ");
      g_assert_cmpuint (strlen (du_err), >, 10001 * 30);
      g_assert_cmpstr (fw_err, ==, du_err);
    }
  assert_cli_like_du_full (base, opts, TRUE, (const char *[]) { "t/d05", "t", "t/d00/s1", NULL });
  remove_tree (base);
}

typedef struct {
  const char *victim;    /* the folder to remove when it is about to open */
  guint       hits;
} VanishData;

static void
vanish_hook (FwSizeScan *scan_,
             const char *path,
             guint64     n_opened,
             gpointer    user_data)
{
  VanishData *data = user_data;

  if (g_str_has_suffix (path, data->victim))
    {
      remove_tree (path);
      data->hits++;
    }
}

static void
test_vanished (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autofree char *gone = path_join (base, "t/a/gone");
  g_autoptr(FwSizeScan) s = NULL;
  g_autoptr(FwSizeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VanishData data = { "/t/a/gone", 0 };
  FwSizeError *e;
  struct stat st;
  guint64 own;

  mkdir_p (base, "t/a/gone/deep");
  mkdir_p (base, "t/b");
  write_file (base, "t/a/gone/x", 300000);
  write_file (base, "t/a/gone/deep/y", 300000);
  write_file (base, "t/a/kept", 12345);
  write_file (base, "t/b/kept", 54321);
  g_assert_no_errno (lstat (gone, &st));
  own = (guint64) st.st_blocks * 512;

  s = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
  fw_size_scan_set_folder_hook (s, vanish_hook, &data, NULL);
  result = fw_size_scan_run (s, pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data.hits, ==, 1);

  /* Reported as du reports a folder gone between its listing and its
   * opening; its own entry counted (it was listed), its contents not. */
  g_assert_true (result->incomplete);
  g_assert_cmpuint (result->errors->len, ==, 1);
  e = g_ptr_array_index (result->errors, 0);
  g_assert_cmpint (e->kind, ==, FW_SIZE_ERROR_READ_DIR);
  g_assert_cmpstr (e->path, ==, gone);
  g_assert_cmpint (e->errnum, ==, ENOENT);
  g_assert_error (e->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  {
    g_autofree char *line = fw_size_error_to_string (e);
    g_autofree char *want = g_strdup_printf ("cannot read directory '%s': No such file or directory", gone);
    g_assert_cmpstr (line, ==, want);
  }
  g_assert_cmpuint (result->disk_usage, ==, du_bytes (t, FALSE) + own);
  g_assert_cmpuint (result->apparent_size, ==, du_bytes (t, TRUE) + (guint64) st.st_size);
  remove_tree (base);
}

static void
make_deep_tree (const char *root,
                int         depth)
{
  int fd = open (root, O_RDONLY | O_DIRECTORY);

  g_assert_cmpint (fd, >=, 0);
  for (int i = 0; i < depth; i++)
    {
      int next;

      g_assert_no_errno (mkdirat (fd, "d", 0755));
      if (i % 100 == 0)
        {
          int f = openat (fd, "f", O_CREAT | O_WRONLY, 0644);
          g_assert_cmpint (f, >=, 0);
          g_assert_cmpint (write (f, "12345", 5), ==, 5);
          close (f);
        }
      next = openat (fd, "d", O_RDONLY | O_DIRECTORY);
      g_assert_cmpint (next, >=, 0);
      close (fd);
      fd = next;
    }
  close (fd);
}

static void
test_deep_rlimit (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autofree char *deep = path_join (base, "t/deep");
  struct rlimit saved, low;
  guint max_opens[] = { 0, 1 };

  mkdir_p (base, "t/deep");
  make_deep_tree (deep, 10000);
  /* Many folders with subfolders queued at once: without the bound, each
   * would hold its descriptor for its subfolder. */
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *d = g_strdup_printf ("t/wide/w%d/sub", i);
      mkdir_p (base, d);
    }

  g_assert_no_errno (getrlimit (RLIMIT_NOFILE, &saved));
  low = saved;
  low.rlim_cur = 64;
  g_assert_no_errno (setrlimit (RLIMIT_NOFILE, &low));

  for (guint m = 0; m < G_N_ELEMENTS (max_opens); m++)
    {
      g_autoptr(FwSizeScan) s = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
      g_autoptr(FwSizeResult) result = NULL;
      g_autoptr(GError) error = NULL;

      fw_size_scan_set_max_open_folders (s, max_opens[m]);
      result = fw_size_scan_run (s, pool, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < result->errors->len; i++)
        g_test_message ("%s", ((FwSizeError *) g_ptr_array_index (result->errors, i))->error->message);
      g_assert_cmpuint (result->errors->len, ==, 0);
      g_assert_cmpuint (result->n_dirs, ==, 1 + 1 + 10000 + 1 + 600);
      g_assert_cmpuint (result->n_files, ==, 100);
      g_assert_cmpuint (fw_size_scan_get_max_open_folders (s), <=, 16);
      g_assert_cmpuint (fw_size_scan_get_peak_open_folders (s), <=, fw_size_scan_get_max_open_folders (s));
      g_assert_cmpuint (fw_size_scan_get_peak_open_folders (s), >, 0);
      g_assert_cmpuint (result->disk_usage, ==, du_bytes (t, FALSE));
      g_assert_cmpuint (result->apparent_size, ==, du_bytes (t, TRUE));
    }
  /* The CLI under the same limit. */
  assert_cli_like_du (base, (const char *[]) { "t", "t/deep/d/d", NULL });

  g_assert_no_errno (setrlimit (RLIMIT_NOFILE, &saved));
  remove_tree (base);
}

typedef struct {
  GCancellable *cancellable;
  guint64       cancel_at;
  gint          calls;
  gint          cancel_done;         /* the pool's own cancellable is cancelled too */
  gint          calls_after_cancel;
} CancelData;

static void
cancel_hook (FwSizeScan *scan_,
             const char *path,
             guint64     n_opened,
             gpointer    user_data)
{
  CancelData *data = user_data;

  g_atomic_int_inc (&data->calls);
  if (g_atomic_int_get (&data->cancel_done))
    g_atomic_int_inc (&data->calls_after_cancel);
  if (n_opened == data->cancel_at)
    {
      /* The scan's folders check the pool call's cancellable, which the
       * "cancelled" handler of this one cancels before this returns. */
      g_cancellable_cancel (data->cancellable);
      g_atomic_int_set (&data->cancel_done, TRUE);
    }
}

static char *
make_wide_tree (int n)
{
  char *base = make_base ();

  for (int i = 0; i < n; i++)
    {
      g_autofree char *d = g_strdup_printf ("t/a%d/b", i);
      g_autofree char *f = g_strdup_printf ("t/a%d/b/f", i);
      mkdir_p (base, d);
      write_file (base, f, 100);
    }
  return base;
}

static void
test_cancel (void)
{
  g_autofree char *base = make_wide_tree (200);
  g_autofree char *t = path_join (base, "t");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FwSizeScan) s = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  CancelData data = { cancellable, 50, 0, FALSE, 0 };
  FwSizeResult *result;
  FwSizeProgress progress;
  gint calls;

  fw_size_scan_set_folder_hook (s, cancel_hook, &data, NULL);
  result = fw_size_scan_run (s, pool, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);

  /* Stopped between folders: far from all 401 were opened, and none is
   * opened after the run returned. */
  calls = g_atomic_int_get (&data.calls);
  fw_size_scan_get_progress (s, &progress);
  g_assert_cmpint (calls, >=, 51);
  /* Checked before each folder: once the 51st folder's hook cancelled,
   * only folders already past their check (one per other worker) open.
   * Counted as the hooks that come after the cancel, not by their
   * numbers: the other workers may take numbers past 50, and open those
   * folders, before the 51st folder's hook gets to cancel. */
  g_assert_cmpint (g_atomic_int_get (&data.calls_after_cancel), <=, (gint) fw_pool_get_n_workers (pool) - 1);
  g_assert_cmpuint (progress.folders, <, 401);
  {
    g_autoptr(FwSizeScan) again = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
    g_autoptr(FwSizeResult) full = fw_size_scan_run (again, pool, NULL, NULL);
    g_assert_nonnull (full);
    g_assert_cmpuint (full->n_dirs, ==, 401);
  }
  g_assert_cmpint (g_atomic_int_get (&data.calls), ==, calls);
  remove_tree (base);
}

typedef struct {
  GMainLoop    *loop;
  FwSizeResult *result;
  GError       *error;
} AsyncData;

static void
on_async_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = fw_size_scan_run_finish (FW_SIZE_SCAN (source), res, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *base = make_wide_tree (100);
  g_autofree char *t = path_join (base, "t");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  /* To the end: the same as the blocking run and du. */
  {
    g_autoptr(FwSizeScan) s = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
    AsyncData data = { loop, NULL, NULL };
    FwSizeProgress progress;

    fw_size_scan_run_async (s, pool, NULL, on_async_done, &data);
    g_main_loop_run (loop);
    g_assert_no_error (data.error);
    g_assert_nonnull (data.result);
    g_assert_cmpuint (data.result->disk_usage, ==, du_bytes (t, FALSE));
    g_assert_cmpuint (data.result->n_dirs, ==, 201);
    fw_size_scan_get_progress (s, &progress);
    g_assert_cmpuint (progress.folders, ==, 201);
    g_assert_cmpuint (progress.entries, ==, 301);
    g_assert_cmpuint (progress.disk_usage, ==, data.result->disk_usage);
    fw_size_result_free (data.result);
  }
  /* Cancelled from the seam after 20 folders. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(FwSizeScan) s = fw_size_scan_new (t, FW_SIZE_FLAGS_NONE);
    CancelData cdata = { cancellable, 20, 0 };
    AsyncData data = { loop, NULL, NULL };

    fw_size_scan_set_folder_hook (s, cancel_hook, &cdata, NULL);
    fw_size_scan_run_async (s, pool, cancellable, on_async_done, &data);
    g_main_loop_run (loop);
    g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (data.result);
    g_assert_cmpint (g_atomic_int_get (&cdata.calls), <, 201);
    g_clear_error (&data.error);
  }
  /* A missing item: the error du prints. */
  {
    g_autofree char *missing = path_join (base, "missing");
    g_autoptr(FwSizeScan) s = fw_size_scan_new (missing, FW_SIZE_FLAGS_NONE);
    g_autofree char *want = g_strdup_printf ("cannot access '%s': No such file or directory", missing);
    AsyncData data = { loop, NULL, NULL };

    fw_size_scan_run_async (s, pool, NULL, on_async_done, &data);
    g_main_loop_run (loop);
    g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_cmpstr (data.error->message, ==, want);
    g_clear_error (&data.error);
  }
  remove_tree (base);
}

/* The largest children, by compare_children()'s order. */
typedef struct {
  char    *name;
  guint64  disk;
  guint64  apparent;
} Expected;

static gint
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const Expected *x = a, *y = b;

  if (x->disk != y->disk)
    return x->disk > y->disk ? -1 : 1;
  if (x->apparent != y->apparent)
    return x->apparent > y->apparent ? -1 : 1;
  return strcmp (x->name, y->name);
}

static void
test_largest (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *t = path_join (base, "t");
  g_autofree char *w = path_join (base, "w");
  g_autoptr(FwSizeResult) result = NULL;
  guint64 prev = G_MAXUINT64;

  /* 15 folders and 15 files of distinct sizes: the 20 largest mix both. */
  for (int i = 0; i < 15; i++)
    {
      g_autofree char *d = g_strdup_printf ("t/dir%02d/inner", i);
      g_autofree char *f = g_strdup_printf ("t/dir%02d/inner/data", i);
      g_autofree char *g = g_strdup_printf ("t/file%02d", i);
      mkdir_p (base, d);
      write_file (base, f, (gsize) (i * 2 + 1) * 40000);
      write_file (base, g, (gsize) (i * 2) * 40000);
    }
  result = scan (t, FW_SIZE_KEEP_LARGEST, NULL);
  g_assert_cmpuint (result->disk_usage, ==, du_bytes (t, FALSE));
  g_assert_cmpuint (result->apparent_size, ==, du_bytes (t, TRUE));
  g_assert_cmpuint (result->largest->len, ==, FW_SIZE_N_LARGEST);
  for (guint i = 0; i < result->largest->len; i++)
    {
      FwSizeChild *child = g_ptr_array_index (result->largest, i);
      g_autofree char *p = path_join (t, child->name);

      g_assert_cmpuint (child->disk_usage, <=, prev);
      prev = child->disk_usage;
      g_assert_cmpuint (child->disk_usage, ==, du_bytes (p, FALSE));
      g_assert_cmpuint (child->apparent_size, ==, du_bytes (p, TRUE));
      g_assert_true (child->is_dir == g_str_has_prefix (child->name, "dir"));
    }
  g_assert_cmpstr (((FwSizeChild *) g_ptr_array_index (result->largest, 0))->name, ==, "dir14");
  g_assert_cmpstr (((FwSizeChild *) g_ptr_array_index (result->largest, 1))->name, ==, "file14");
  g_clear_pointer (&result, fw_size_result_free);

  /* Only on request (issue 25, item 7: the CLI never asks). */
  result = assert_engine_like_du (t);
  g_assert_cmpuint (result->largest->len, ==, 0);
  g_clear_pointer (&result, fw_size_result_free);

  /* More files than are kept, in readdir's order (not by size), with
   * ties on disk usage and on both sizes, beside folders: the 20 largest
   * are those of all the children, sorted, by du's figures. */
  {
    g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Expected));

    mkdir_p (base, "w");
    for (int i = 0; i < 300; i++)
      {
        g_autofree char *f = g_strdup_printf ("w/f%03d", i);
        write_file (base, f, (gsize) ((i * 7919) % 97) * 1000);
      }
    for (int i = 0; i < 4; i++)
      {
        g_autofree char *f = g_strdup_printf ("w/dir%d/data", i);
        g_autofree char *d = g_strdup_printf ("w/dir%d", i);
        mkdir_p (base, d);
        write_file (base, f, (gsize) i * 30000);
      }
    result = scan (w, FW_SIZE_KEEP_LARGEST, NULL);
    {
      g_autoptr(GDir) dir = g_dir_open (w, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *p = path_join (w, name);
          Expected e = { g_strdup (name), 0, 0 };
          struct stat st;

          g_assert_no_errno (lstat (p, &st));
          if (S_ISDIR (st.st_mode))
            {
              e.disk = du_bytes (p, FALSE);
              e.apparent = du_bytes (p, TRUE);
            }
          else
            {
              e.disk = (guint64) st.st_blocks * 512;
              e.apparent = (guint64) st.st_size;
            }
          g_array_append_val (all, e);
        }
    }
    g_array_sort (all, compare_expected);
    g_assert_cmpuint (result->largest->len, ==, FW_SIZE_N_LARGEST);
    for (guint i = 0; i < FW_SIZE_N_LARGEST; i++)
      {
        FwSizeChild *child = g_ptr_array_index (result->largest, i);
        Expected *e = &g_array_index (all, Expected, i);

        g_assert_cmpstr (child->name, ==, e->name);
        g_assert_cmpuint (child->disk_usage, ==, e->disk);
        g_assert_cmpuint (child->apparent_size, ==, e->apparent);
      }
    for (guint i = 0; i < all->len; i++)
      g_free (g_array_index (all, Expected, i).name);
  }
  remove_tree (base);
}

/* The peak resident memory of @argv run in @cwd, in KiB, as GNU time
 * reports it: a command forked from this test process would count the
 * test's own memory (ru_maxrss keeps the peak from before exec), time's
 * child counts only its own. Its output is checked to be @want when
 * given. */
static long
peak_kib (const char         *cwd,
          const char * const *argv,
          const char         *want)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n;

  g_ptr_array_add (full, (char *) "/usr/bin/time");
  g_ptr_array_add (full, (char *) "-f");
  g_ptr_array_add (full, (char *) "%M");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);
  spawn (cwd, FALSE, (const char * const *) full->pdata, &run);
  g_assert_cmpint (run.status, ==, 0);
  if (want != NULL)
    g_assert_cmpstr (run.out, ==, want);
  lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >, 0);
  return (long) g_ascii_strtoll (lines[n - 1], NULL, 10);
}

/* Memory on a very wide folder (issue 25, item 7): `size` keeps nothing
 * per entry, so its peak does not grow with the folder's width, where
 * du's does (fts holds up to 100,000 entries of a folder at once). On a
 * folder of 100,000 empty files, side by side with du on the same folder:
 * the same figure, `size` at most 4 MiB (42 bytes an entry) above its
 * own peak on an empty folder, and below du's. */
static void
test_wide_memory (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *cli = cli_path ();
  g_auto(Run) du = { 0 };
  long du_kib, fw_kib, fw_empty_kib;

  mkdir_p (base, "wide");
  mkdir_p (base, "empty");
  for (int i = 0; i < 100000; i++)
    {
      g_autofree char *f = g_strdup_printf ("%s/wide/f%06d", base, i);
      int fd = open (f, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
  run_du (base, FALSE, FALSE, (const char *[]) { "wide", NULL }, &du);
  g_assert_cmpint (du.status, ==, 0);

  du_kib = peak_kib (base, (const char *[]) { "du", "-s", "--block-size=1", "wide", NULL }, du.out);
  fw_kib = peak_kib (base, (const char *[]) { cli, "size", "wide", NULL }, du.out);
  fw_empty_kib = peak_kib (base, (const char *[]) { cli, "size", "empty", NULL }, NULL);
  g_test_message ("peak resident memory, 100,000 empty files: du %ld KiB, size %ld KiB "
                  "(on an empty folder: %ld KiB)", du_kib, fw_kib, fw_empty_kib);
  g_assert_cmpint (fw_kib - fw_empty_kib, <=, 4096);
  g_assert_cmpint (fw_kib, <, du_kib);
  remove_tree (base);
}

/* A bind mount of a folder inside itself (issue 25, item 1): size does not
 * enter a folder already on its own path, as du does not; a bind mount
 * that is no cycle is counted twice, as du counts it; with several
 * operands each device and inode once. Side by side with du (-s, -b, -x),
 * in a mount namespace of the test's own: a child process that starts its
 * pool only once inside it (a threaded process cannot enter a user
 * namespace, and pool threads would stay in the old mount namespace). */
static void
test_bind_mounts (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *base = make_base ();
      g_autofree char *bind = path_join (base, "bind");
      g_autofree char *loop = path_join (base, "bind/inner/sub");
      g_autofree char *seen = path_join (base, "bind/inner/sub/file");
      g_autofree char *a = path_join (base, "t/a");
      g_autofree char *b = path_join (base, "t/b");
      g_autofree char *t = path_join (base, "t");
      g_autofree char *c = path_join (base, "c");
      g_autofree char *cxm = path_join (base, "c/x/m");
      const char *x[] = { "-x", NULL };

      mkdir_p (base, "bind/inner/sub");
      mkdir_p (base, "t/a");
      mkdir_p (base, "t/b");
      mkdir_p (base, "c/x/m");
      write_file (base, "c/file", 2000);
      write_file (base, "c/x/m/hidden", 3000);
      write_file (base, "bind/file", 3);
      write_file (base, "bind/inner/sub/data", 100000);
      write_file (base, "t/a/one", 5000);
      fw_test_enter_mount_namespace ();
      fw_test_bind_mount (bind, loop);
      fw_test_bind_mount (a, b);
      /* From c/x: m (c) is no cycle, m/x is one, though no mount point. */
      fw_test_bind_mount (c, cxm);
      g_assert_true (g_file_test (seen, G_FILE_TEST_EXISTS));
      pool = fw_pool_new (2);

      /* The engine, and the window's size rows (fw_job_size_run()). */
      {
        g_autoptr(FwSizeResult) r = assert_engine_like_du (bind);
        g_autoptr(FwSizeResult) rt = assert_engine_like_du (t);
        g_autoptr(FwSizeResult) job = fw_job_size_run (bind, FALSE, NULL, pool, NULL, NULL, NULL);
        g_autoptr(FwSizeResult) job_x = fw_job_size_run (bind, TRUE, NULL, pool, NULL, NULL, NULL);

        g_assert_cmpuint (r->n_dirs, ==, 2);    /* bind, inner: not the loop */
        g_assert_cmpuint (r->n_files, ==, 1);
        g_assert_cmpuint (rt->n_files, ==, 2);  /* t/a/one and t/b/one */
        g_assert_nonnull (job);
        g_assert_nonnull (job_x);
        g_assert_cmpuint (job->disk_usage, ==, du_bytes (bind, FALSE));
        g_assert_cmpuint (job_x->disk_usage, ==, du_bytes (bind, FALSE));
        g_assert_cmpuint (job->apparent_size, ==, du_bytes (bind, TRUE));
      }
      /* The CLI, byte for byte. */
      assert_cli_like_du (base, (const char *[]) { "bind", NULL });
      assert_cli_like_du_full (base, x, FALSE, (const char *[]) { "bind", NULL });
      assert_cli_like_du (base, (const char *[]) { "bind/inner/sub", NULL });
      assert_cli_like_du (base, (const char *[]) { "bind/inner/sub/inner", NULL });
      assert_cli_like_du (base, (const char *[]) { "t", NULL });
      assert_cli_like_du_full (base, x, FALSE, (const char *[]) { "t", NULL });
      assert_cli_like_du (base, (const char *[]) { "bind", "bind/inner", "bind/inner/sub", NULL });
      assert_cli_like_du (base, (const char *[]) { "bind/inner", "bind", NULL });
      assert_cli_like_du (base, (const char *[]) { "bind/inner/sub/inner", "bind", NULL });
      assert_cli_like_du (base, (const char *[]) { "t/b", "t", "t/a", NULL });
      assert_cli_like_du_full (base, x, FALSE, (const char *[]) { "t", "bind/inner", "bind", NULL });
      {
        g_autofree char *cx = path_join (base, "c/x");
        g_autoptr(FwSizeResult) r = assert_engine_like_du (cx);
        g_autoptr(FwSizeResult) rc = assert_engine_like_du (c);

        g_assert_cmpuint (r->n_dirs, ==, 2);    /* c/x, c/x/m: not c/x/m/x */
        g_assert_cmpuint (r->n_files, ==, 1);   /* c/x/m/file */
        g_assert_cmpuint (rc->n_dirs, ==, 2);   /* c, c/x: not c/x/m */
      }
      assert_cli_like_du (base, (const char *[]) { "c/x", NULL });
      assert_cli_like_du (base, (const char *[]) { "c", NULL });
      assert_cli_like_du (base, (const char *[]) { "c/x/m/x", "c", "c/x", NULL });

      g_clear_object (&pool);
      g_assert_no_errno (umount (loop));
      g_assert_no_errno (umount (b));
      g_assert_no_errno (umount (cxm));
      remove_tree (base);
      return;   /* the namespace ends with this process */
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static gboolean
try_spawn (const char * const *argv)
{
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Runs /size/one-file-system again in a child of this test binary, as
 * root of a user namespace with a mount namespace of its own (unshare(1),
 * util-linux), where it may mount a tmpfs: for a normal user, or a root
 * that may not mount. FALSE when this system gives no such namespaces. */
static gboolean
one_file_system_in_user_namespace (void)
{
  const char *probe_argv[] = { "unshare", "--user", "--map-root-user", "--mount", "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "FW_TEST_SIZE_IN_NAMESPACE", "1", TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = -1;

  g_assert_no_error (error);
  if (!try_spawn (probe_argv))
    return FALSE;
  {
    const char *argv[] = { "unshare", "--user", "--map-root-user", "--mount",
                           self, "-p", "/size/one-file-system", NULL };

    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &wait_status, &error);
  }
  g_assert_no_error (error);
  /* What the child said, a line each: its TAP lines must not pass for
   * this test's own. */
  {
    g_autofree char *said = g_strconcat (out, err, NULL);
    g_auto(GStrv) lines = g_strsplit (said, "\n", -1);

    g_test_message ("in a user namespace (unshare --user --map-root-user --mount):");
    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0')
        g_test_message ("  child: %s", lines[i]);
  }
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  /* It ran, and passed (not skipped). */
  g_assert_nonnull (strstr (out, "\nok 1 /size/one-file-system\n"));
  g_assert_null (strstr (out, "# SKIP"));
  return TRUE;
}

static void
test_one_file_system (void)
{
  g_autofree char *base = NULL;
  g_autofree char *t = NULL;
  g_autofree char *mnt = NULL;
  const char *umount_argv[] = { "umount", NULL, NULL };
  gboolean in_namespace = g_getenv ("FW_TEST_SIZE_IN_NAMESPACE") != NULL;

  base = make_base ();
  t = path_join (base, "t");
  mnt = path_join (base, "t/mnt");
  umount_argv[1] = mnt;
  mkdir_p (base, "t/mnt");
  mkdir_p (base, "t/here");
  write_file (base, "t/here/f", 70000);
  {
    const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", "size=8m", "fw-test-size", mnt, NULL };

    if (!am_root () || !try_spawn (mount_argv))
      {
        remove_tree (base);
        /* In the namespace made for it, the mount must work. */
        if (in_namespace)
          {
            g_test_fail_printf ("cannot mount a tmpfs on %s as root of a user namespace", mnt);
            return;
          }
        if (!one_file_system_in_user_namespace ())
          {
            /* Neither root that may mount, nor user namespaces: a skip,
             * said aloud, and counted as such by CI (build-aux/count-tests). */
            const char *why = "cannot mount a tmpfs here: not root (or root without CAP_SYS_ADMIN), "
                              "and `unshare --user --map-root-user --mount` fails (user namespaces disabled?)";

            g_test_message ("SKIPPING /size/one-file-system: %s", why);
            g_printerr ("test-size: SKIPPING /size/one-file-system: %s\n", why);
            g_test_skip (why);
          }
        return;
      }
  }
  mkdir_p (base, "t/mnt/inner");
  write_file (base, "t/mnt/inner/g", 300000);

  {
    g_autoptr(FwSizeResult) all = scan (t, FW_SIZE_FLAGS_NONE, NULL);
    g_autoptr(FwSizeResult) one = scan (t, FW_SIZE_ONE_FILE_SYSTEM, NULL);
    g_autoptr(FwSizeResult) inside = scan (mnt, FW_SIZE_ONE_FILE_SYSTEM, NULL);
    const char *du_x[] = { "du", "-sx", "--block-size=1", t, NULL };
    g_auto(Run) du = { 0 };

    spawn (NULL, FALSE, du_x, &du);
    g_assert_cmpuint (one->disk_usage, ==, g_ascii_strtoull (du.out, NULL, 10));
    g_assert_cmpuint (all->disk_usage, ==, du_bytes (t, FALSE));
    g_assert_cmpuint (one->apparent_size + 300000, <, all->apparent_size);
    g_assert_cmpuint (one->n_dirs, ==, 2);  /* t and here: mnt itself is elsewhere */
    /* The item itself is never skipped, though its parent is elsewhere. */
    g_assert_cmpuint (inside->n_files, ==, 1);
  }
  assert_cli_like_du_full (base, (const char *[]) { "-x", NULL }, FALSE, (const char *[]) { "t", "t/mnt", NULL });
  assert_cli_like_du_full (base, (const char *[]) { "-x", NULL }, FALSE, (const char *[]) { "t/mnt", "t", NULL });
  assert_cli_like_du (base, (const char *[]) { "t", NULL });

  g_assert_true (try_spawn (umount_argv));
  remove_tree (base);
}

static void
test_cli_usage (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *base = make_base ();

  {
    const char *argv[] = { cli, "size", "--help", NULL };
    g_auto(Run) r = { 0 };
    spawn (NULL, FALSE, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "--apparent-size"));
    g_assert_cmpstr (r.err, ==, "");
  }
  {
    const char *argv[] = { cli, "size", "--version", NULL };
    g_auto(Run) r = { 0 };
    spawn (NULL, FALSE, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "fileworks-cli "));
  }
  {
    const char *bad[][4] = {
      { "--frobnicate", NULL },
      { "-q", NULL },
      { "-j", NULL },
      { "-j", "0", NULL },
      { "-j", "two", NULL },
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char *argv[] = { cli, "size", bad[i][0], bad[i][1], NULL };
        g_auto(Run) r = { 0 };
        spawn (base, FALSE, argv, &r);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_cmpstr (r.out, ==, "");
        g_assert_nonnull (strstr (r.err, "Try 'fileworks-cli size --help'"));
      }
  }
  /* No PATH: the current folder, as du; -j 1 and options after paths. */
  write_file (base, "f", 12345);
  {
    const char *argv[] = { cli, "size", "-j", "1", NULL };
    const char *du_argv[] = { "du", "-s", "--block-size=1", NULL };
    g_auto(Run) r = { 0 };
    g_auto(Run) d = { 0 };
    spawn (base, FALSE, argv, &r);
    spawn (base, FALSE, du_argv, &d);
    g_assert_cmpstr (r.out, ==, d.out);
  }
  {
    const char *argv[] = { cli, "size", "f", "--apparent-size", "-j1", NULL };
    g_auto(Run) r = { 0 };
    spawn (base, FALSE, argv, &r);
    g_assert_cmpstr (r.out, ==, "12345\tf\n");
  }
  /* --progress draws nothing when standard error is not a terminal. */
  {
    const char *argv[] = { cli, "size", "--progress", "f", NULL };
    g_auto(Run) r = { 0 };
    spawn (base, FALSE, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
  }
  assert_cli_like_du (base, (const char *[]) { "", "f", NULL });
  remove_tree (base);
}

/* du -s with --exclude options, run in @cwd on @item. */
static guint64
du_excluding (const char          *cwd,
              const char          *item,
              gboolean             apparent,
              const char * const  *excludes)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) du = { 0 };

  g_ptr_array_add (argv, g_strdup ("du"));
  g_ptr_array_add (argv, g_strdup ("-s"));
  g_ptr_array_add (argv, g_strdup (apparent ? "-b" : "--block-size=1"));
  for (guint i = 0; excludes[i] != NULL; i++)
    g_ptr_array_add (argv, g_strconcat ("--exclude=", excludes[i], NULL));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (item));
  g_ptr_array_add (argv, NULL);
  spawn (cwd, FALSE, (const char * const *) argv->pdata, &du);
  g_assert_cmpint (du.status, ==, 0);
  g_assert_cmpstr (du.err, ==, "");
  return g_ascii_strtoull (du.out, NULL, 10);
}

static FwSizeResult *
scan_excluding (const char *path,
                FwExclude  *exclude,
                gboolean    relative)
{
  g_autoptr(FwSizeScan) scan = fw_size_scan_new (path, FW_SIZE_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  FwSizeResult *result;

  if (relative)
    fw_size_scan_set_exclude_relative (scan, exclude);
  else
    fw_size_scan_set_exclude (scan, exclude);
  result = fw_size_scan_run (scan, pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The window's patterns (fw_size_scan_set_exclude_relative()) match below
 * the item: `.*` on a folder named `.local` keeps its files; the default
 * (fw_size_scan_set_exclude(), the CLI's) stays du's whole paths. */
static void
test_exclude_relative (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *item = path_join (base, ".local");
  g_autofree char *item_slash = g_strconcat (item, "/", NULL);
  g_autoptr(FwExclude) hidden = fw_exclude_new ();
  g_autoptr(FwExclude) anchored = fw_exclude_new ();
  g_autoptr(FwExclude) below = fw_exclude_new ();
  const char *hidden_names[] = { ".hidden", ".cache", NULL };

  mkdir_p (base, ".local/sub/.cache");
  write_file (base, ".local/f", 10000);
  write_file (base, ".local/.hidden", 50000);
  write_file (base, ".local/sub/g", 3000);
  write_file (base, ".local/sub/.cache/x", 80000);
  write_file (base, ".local/a.tmp", 70000);
  fw_exclude_add (hidden, ".*");
  /* `*` crosses '/': on the whole path it takes .local/f, below it nothing. */
  fw_exclude_add (anchored, "*.local/f");
  fw_exclude_add (below, "s*/g");

  /* Relative: the item stays, its hidden entries go, as du leaves out
   * the same entries named one by one. */
  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? item : item_slash;
      g_autoptr(FwSizeResult) rel = scan_excluding (path, hidden, TRUE);
      g_autoptr(FwSizeResult) all = scan_excluding (path, NULL, TRUE);

      g_assert_false (rel->excluded);
      g_assert_cmpuint (rel->disk_usage, ==, du_excluding (base, ".local", FALSE, hidden_names));
      g_assert_cmpuint (rel->apparent_size, ==, du_excluding (base, ".local", TRUE, hidden_names));
      g_assert_cmpuint (rel->n_files, ==, 3);
      g_assert_cmpuint (rel->disk_usage, <, all->disk_usage);
      g_assert_cmpuint (all->disk_usage, ==, du_bytes (item, FALSE));
    }
  {
    g_autoptr(FwSizeResult) rel = scan_excluding (item, anchored, TRUE);
    g_autoptr(FwSizeResult) rel_slash = scan_excluding (item_slash, below, TRUE);
    g_autoptr(FwSizeResult) whole = scan_excluding (item, below, FALSE);
    const char *g_name[] = { "g", NULL };

    g_assert_cmpuint (rel->disk_usage, ==, du_bytes (item, FALSE));
    g_assert_cmpuint (rel_slash->disk_usage, ==, du_excluding (base, ".local", FALSE, g_name));
    g_assert_cmpuint (whole->disk_usage, ==, du_excluding (base, item, FALSE,
                                                            (const char *[]) { "s*/g", NULL }));
    g_assert_cmpuint (rel_slash->disk_usage, ==, whole->disk_usage);
  }

  /* du's own rules when not relative: `.*` takes the item itself, and
   * the anchored pattern takes .local/f, as du does. */
  {
    g_autoptr(FwSizeResult) whole = scan_excluding (item, hidden, FALSE);
    g_autoptr(FwSizeResult) anchored_whole = scan_excluding (item, anchored, FALSE);
    g_auto(Run) du = { 0 };
    const char *argv[] = { "du", "-s", "--block-size=1", "--exclude=.*", item, NULL };

    g_assert_true (whole->excluded);
    spawn (base, FALSE, argv, &du);
    g_assert_cmpstr (du.out, ==, "");
    g_assert_cmpuint (anchored_whole->disk_usage, ==,
                      du_excluding (base, item, FALSE, (const char *[]) { "*.local/f", NULL }));
    g_assert_cmpuint (anchored_whole->disk_usage, <, du_bytes (item, FALSE));
  }

  /* The window's size rows (fw_job_size_run()) are relative. */
  {
    g_autoptr(FwSizeResult) job = fw_job_size_run (item, FALSE, hidden, pool, NULL, NULL, NULL);

    g_assert_nonnull (job);
    g_assert_cmpuint (job->disk_usage, ==, du_excluding (base, ".local", FALSE, hidden_names));
  }
  remove_tree (base);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A subprocess starts its own pool (see test_bind_mounts()). */
  if (!g_test_subprocess ())
    pool = fw_pool_new (2);

  g_test_add_func ("/size/deep-20", test_deep20);
  g_test_add_func ("/size/10000-files", test_many_files);
  g_test_add_func ("/size/hard-links", test_hard_links);
  g_test_add_func ("/size/repeated-nested-arguments", test_repeated_nested);
  g_test_add_func ("/size/sparse", test_sparse);
  g_test_add_func ("/size/symlinks", test_symlinks);
  g_test_add_func ("/size/empty-folders", test_empty_folders);
  g_test_add_func ("/size/fifo-socket", test_fifo_socket);
  g_test_add_func ("/size/unreadable", test_unreadable);
  g_test_add_func ("/size/error-order", test_error_order);
  g_test_add_func ("/size/vanished-folder", test_vanished);
  g_test_add_func ("/size/deep-10000-rlimit-64", test_deep_rlimit);
  g_test_add_func ("/size/cancel", test_cancel);
  g_test_add_func ("/size/async", test_async);
  g_test_add_func ("/size/largest-children", test_largest);
  g_test_add_func ("/size/wide-folder-memory", test_wide_memory);
  g_test_add_func ("/size/one-file-system", test_one_file_system);
  g_test_add_func ("/size/bind-mounts", test_bind_mounts);
  g_test_add_func ("/size/cli-usage", test_cli_usage);
  g_test_add_func ("/size/exclude-relative", test_exclude_relative);

  status = g_test_run ();
  g_clear_object (&pool);
  return status;
}
