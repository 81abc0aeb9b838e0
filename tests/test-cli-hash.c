/* test-cli-hash.c — `fileworks-cli hash` byte for byte against coreutils
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-cli.h"
#include "fw-digest-private.h"
#include "fw-test-util.h"

#define ABC256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static char *cli;

/* Names that stress the output format. */
static const char *const tricky[] = {
  "plain", "a b", "back\\slash", "new\nline", "cr\rx", "-dash", "--ddash",
  "\xff\xfe non-utf8", " lead", "empty", "big", NULL,
};

static char *
make_tricky_dir (void)
{
  char *dir = fw_test_mkdtemp ();

  for (guint i = 0; tricky[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, tricky[i], NULL);
      gsize length = strcmp (tricky[i], "empty") == 0 ? 0 :
                     strcmp (tricky[i], "big") == 0 ? 3 * 4096 + 7 : 100 + i * 37;
      g_autofree guchar *data = fw_test_pattern (length, i);
      fw_test_write (path, data, length);
    }
  {
    g_autofree char *sub = g_build_filename (dir, "folder", NULL);
    g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  }
  return dir;
}

/* argv = { prefix..., "--", tricky..., "folder", "missing" } */
static GPtrArray *
args (const char *const *prefix)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (guint i = 0; prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) prefix[i]);
  g_ptr_array_add (argv, (gpointer) "--");
  for (guint i = 0; tricky[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) tricky[i]);
  g_ptr_array_add (argv, (gpointer) "folder");
  g_ptr_array_add (argv, (gpointer) "missing");
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
compare_with_tool (const char *dir,
                   const char *tool,
                   const char *algorithm,
                   gboolean    tag)
{
  const char *tool_prefix[] = { tool, tag ? "--tag" : NULL, NULL };
  const char *cli_prefix[] = { cli, "hash", "-a", algorithm, "-j", "3", "--buffer-size", "4096",
                               tag ? "--tag" : NULL, NULL };
  g_autoptr(GPtrArray) tool_argv = args (tool_prefix);
  g_autoptr(GPtrArray) cli_argv = args (cli_prefix);
  g_autofree char *want = NULL, *got = NULL, *got_err = NULL;
  int want_status = -1, got_status = -1;

  g_test_message ("%s%s vs -a %s", tool, tag ? " --tag" : "", algorithm);
  want = fw_test_run (dir, (const char *const *) tool_argv->pdata, &want_status, NULL);
  got = fw_test_run (dir, (const char *const *) cli_argv->pdata, &got_status, &got_err);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (want_status, ==, 1);     /* the folder and the missing file */
  g_assert_cmpint (got_status, ==, want_status);
  g_assert_nonnull (strstr (got_err, "folder: Is a directory\n"));
  g_assert_nonnull (strstr (got_err, "missing: No such file or directory\n"));
}

static void
test_coreutils (void)
{
  static const char *const pairs[][2] = {
    { "md5sum", "md5" }, { "sha1sum", "sha1" }, { "sha224sum", "sha224" },
    { "sha256sum", "sha256" }, { "sha384sum", "sha384" }, { "sha512sum", "sha512" },
    { "b2sum", "blake2b" },
  };
  g_autofree char *dir = make_tricky_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      compare_with_tool (dir, pairs[i][0], pairs[i][1], FALSE);
      compare_with_tool (dir, pairs[i][0], pairs[i][1], TRUE);
    }
  fw_test_rmtree (dir);
}

/* No -a: sha256, as sha256sum. */
static void
test_default_algorithm (void)
{
  g_autofree char *dir = make_tricky_dir ();
  const char *tool_argv[] = { "sha256sum", "--", "a b", "new\nline", NULL };
  const char *cli_argv[] = { cli, "hash", "--", "a b", "new\nline", NULL };
  g_autofree char *want = fw_test_run (dir, tool_argv, NULL, NULL);
  g_autofree char *got = NULL;
  int status = -1;

  got = fw_test_run (dir, cli_argv, &status, NULL);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (status, ==, 0);
  fw_test_rmtree (dir);
}

/* Several -a: one BSD line per file and algorithm, in -a order. */
static void
test_multi (void)
{
  g_autofree char *dir = make_tricky_dir ();
  const char *names[] = { "a b", "back\\slash", "empty", NULL };
  const char *cli_argv[] = { cli, "hash", "-a", "sha1", "-a", "md5", "-a", "sha1", "--",
                             "a b", "back\\slash", "empty", NULL };
  g_autoptr(GString) want = g_string_new (NULL);
  g_autofree char *got = NULL;
  int status = -1;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *sha1_argv[] = { "sha1sum", "--tag", "--", names[i], NULL };
      const char *md5_argv[] = { "md5sum", "--tag", "--", names[i], NULL };
      g_autofree char *a = fw_test_run (dir, sha1_argv, NULL, NULL);
      g_autofree char *b = fw_test_run (dir, md5_argv, NULL, NULL);
      g_string_append (want, a);
      g_string_append (want, b);
    }
  got = fw_test_run (dir, cli_argv, &status, NULL);
  g_assert_cmpstr (got, ==, want->str);
  g_assert_cmpint (status, ==, 0);
  fw_test_rmtree (dir);
}

static void
test_sfv (void)
{
  g_autofree char *dir = make_tricky_dir ();
  const char *names[] = { "plain", "a b", "big", NULL };
  const char *cli_argv[] = { cli, "hash", "--sfv", "plain", "a b", "big", NULL };
  g_autoptr(GString) want = g_string_new (NULL);
  g_autofree char *got = NULL;
  int status = -1;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *argv[] = { "rhash", "--printf", "%{crc32}", "--", names[i], NULL };
      g_autofree char *crc = fw_test_run (dir, argv, NULL, NULL);
      g_autofree char *upper = g_ascii_strup (crc, -1);
      g_string_append_printf (want, "%s %s\n", names[i], upper);
    }
  got = fw_test_run (dir, cli_argv, &status, NULL);
  g_assert_cmpstr (got, ==, want->str);
  g_assert_cmpint (status, ==, 0);
  fw_test_rmtree (dir);
}

/* "-" is standard input; /dev/null is read like any file named. */
static void
test_stdin_and_devices (void)
{
  g_autofree char *dir = make_tricky_dir ();
  const char *want_argv[] = { "sh", "-c", "printf abc | sha256sum plain - /dev/null", NULL };
  g_autofree char *script = g_strdup_printf ("printf abc | '%s' hash plain - /dev/null", cli);
  const char *got_argv[] = { "sh", "-c", script, NULL };
  g_autofree char *want = fw_test_run (dir, want_argv, NULL, NULL);
  g_autofree char *got = NULL;
  int status = -1;

  got = fw_test_run (dir, got_argv, &status, NULL);
  g_assert_cmpstr (got, ==, want);
  g_assert_nonnull (strstr (got, ABC256 "  -\n"));
  g_assert_cmpint (status, ==, 0);

  /* Several "-": the first reads to the end, the others get what is left
   * (nothing), in argument order although they run on different workers. */
  for (int round = 0; round < 5; round++)
    {
      const char *want3_argv[] = { "sh", "-c", "printf abc | sha256sum - - -", NULL };
      g_autofree char *script3 = g_strdup_printf ("printf abc | '%s' hash -j 4 - - -", cli);
      const char *got3_argv[] = { "sh", "-c", script3, NULL };
      g_autofree char *want3 = fw_test_run (dir, want3_argv, NULL, NULL);
      g_autofree char *got3 = fw_test_run (dir, got3_argv, &status, NULL);

      g_assert_cmpstr (got3, ==, want3);
      g_assert_true (g_str_has_prefix (got3, ABC256 "  -\n"));
    }
  fw_test_rmtree (dir);
}

/* -r: byte-wise order of full paths, against a list written by hand; a FIFO
 * inside is skipped with a note (it would block forever if opened: no
 * writer), a symlink is not followed. */
static void
test_recursive (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  const char *dirs[] = { "t", "t/b", "t/b/c.d", "t/a", NULL };
  const char *files[] = { "t/b.txt", "t/b/c", "t/b/c.d/e", "t/b0", "t/a0", "t/a/z", "t/B", NULL };
  const char *expected[] = { "sha256sum", "--", "t/B", "t/a/z", "t/a0", "t/b.txt", "t/b/c",
                             "t/b/c.d/e", "t/b0", NULL };
  const char *cli_argv[] = { cli, "hash", "-r", "-j", "2", "t", NULL };
  g_autofree char *fifo = g_build_filename (dir, "t", "b", "fifo", NULL);
  g_autofree char *link = g_build_filename (dir, "t", "a", "link", NULL);
  g_autofree char *want = NULL, *got = NULL, *err = NULL;
  int status = -1;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (dir, dirs[i], NULL);
      g_assert_cmpint (g_mkdir (p, 0755), ==, 0);
    }
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (dir, files[i], NULL);
      fw_test_write (p, files[i], strlen (files[i]));
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("../b.txt", link), ==, 0);

  want = fw_test_run (dir, expected, NULL, NULL);
  got = fw_test_run (dir, cli_argv, &status, &err);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "t/b/fifo: skipped, a FIFO\n"));
  /* Links are counted, not named, unless -v (issue 25, item 8). */
  g_assert_nonnull (strstr (err, "fileworks-cli hash: 1 symbolic link skipped (not followed); -v lists it\n"));
  g_assert_null (strstr (err, "t/a/link"));
  {
    const char *verbose_argv[] = { cli, "hash", "-r", "-v", "-j", "2", "t", NULL };
    g_autofree char *got_v = NULL, *err_v = NULL;

    got_v = fw_test_run (dir, verbose_argv, &status, &err_v);
    g_assert_cmpstr (got_v, ==, want);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (err_v, "t/b/fifo: skipped, a FIFO\n"));
    g_assert_nonnull (strstr (err_v, "t/a/link: skipped, a symbolic link"));
    g_assert_null (strstr (err_v, "symbolic link skipped"));
  }
  fw_test_rmtree (dir);
}

/* A tree with many symbolic links: one line with their count at the end,
 * not one per link; each FIFO still has its own line (rare, and a FIFO
 * may be a surprise); --verbose names every link, in walk order. */
static void
test_links_counted (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *tree = g_build_filename (dir, "t", NULL);
  g_autofree char *fifo = g_build_filename (tree, "l049-fifo", NULL);
  g_autofree char *file = g_build_filename (tree, "file", NULL);
  const char *argv[] = { cli, "hash", "-r", "t", NULL };
  const char *verbose_argv[] = { cli, "hash", "--verbose", "-r", "t", NULL };
  const char *tool_argv[] = { "sha256sum", "t/file", NULL };
  g_autoptr(GString) want_verbose = g_string_new (NULL);
  g_autofree char *want = NULL, *got = NULL, *err = NULL, *got_v = NULL, *err_v = NULL;
  int status = -1;

  g_assert_cmpint (g_mkdir (tree, 0755), ==, 0);
  fw_test_write (file, "abc", 3);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("l%03u", i);
      g_autofree char *link = g_build_filename (tree, name, NULL);

      g_assert_cmpint (symlink ("file", link), ==, 0);
      g_string_append_printf (want_verbose,
                              "fileworks-cli hash: t/%s: skipped, a symbolic link (not followed)\n", name);
      if (i == 49)
        g_string_append (want_verbose, "fileworks-cli hash: t/l049-fifo: skipped, a FIFO\n");
    }

  want = fw_test_run (dir, tool_argv, NULL, NULL);
  got = fw_test_run (dir, argv, &status, &err);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==,
                   "fileworks-cli hash: t/l049-fifo: skipped, a FIFO\n"
                   "fileworks-cli hash: 100 symbolic links skipped (not followed); -v lists them\n");

  got_v = fw_test_run (dir, verbose_argv, &status, &err_v);
  g_assert_cmpstr (got_v, ==, want);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err_v, ==, want_verbose->str);
  fw_test_rmtree (dir);
}

/* Many small files behind one large one, a tiny queue: output stays in
 * argument order while the large file holds up printing. */
static void
test_order_bounded (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(GPtrArray) tool_argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cli_argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree guchar *big = fw_test_pattern (8 << 20, 7);
  g_autofree char *big_path = g_build_filename (dir, "0-big", NULL);
  g_autofree char *want = NULL, *got = NULL;
  int status = -1;

  fw_test_write (big_path, big, 8 << 20);
  g_ptr_array_add (tool_argv, g_strdup ("sha256sum"));
  g_ptr_array_add (tool_argv, g_strdup ("0-big"));
  g_ptr_array_add (cli_argv, g_strdup (cli));
  g_ptr_array_add (cli_argv, g_strdup ("hash"));
  g_ptr_array_add (cli_argv, g_strdup ("-j2"));
  g_ptr_array_add (cli_argv, g_strdup ("--queue=3"));
  g_ptr_array_add (cli_argv, g_strdup ("--buffer-size=64K"));
  g_ptr_array_add (cli_argv, g_strdup ("0-big"));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%03u", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      fw_test_write (path, name, strlen (name));
      g_ptr_array_add (tool_argv, g_strdup (name));
      g_ptr_array_add (cli_argv, g_strdup (name));
    }
  g_ptr_array_add (tool_argv, NULL);
  g_ptr_array_add (cli_argv, NULL);

  want = fw_test_run (dir, (const char *const *) tool_argv->pdata, NULL, NULL);
  got = fw_test_run (dir, (const char *const *) cli_argv->pdata, &status, NULL);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (status, ==, 0);
  fw_test_rmtree (dir);
}

/* An unreadable file. Permissions do not bind root: as root (CI), both
 * tools run as uid 65534 through setpriv; as a normal user
 * (build-aux/test), chmod 000 is enough. Neither possible: a failure that
 * says why, never a skip. */
static void
test_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *want = NULL, *got = NULL, *err = NULL, *want_err = NULL;
  g_autoptr(GPtrArray) tool_argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) cli_argv = g_ptr_array_new ();
  int want_status = -1, got_status = -1;

  if (getuid () == 0 && setpriv == NULL)
    {
      g_test_fail_printf ("running as root, where chmod 000 does not bind, and setpriv (util-linux) "
                          "is not in PATH to run the tools as uid 65534");
      return;
    }
  if (getuid () == 0)
    {
      const char *as_other[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups" };

      for (guint i = 0; i < G_N_ELEMENTS (as_other); i++)
        {
          g_ptr_array_add (tool_argv, (char *) as_other[i]);
          g_ptr_array_add (cli_argv, (char *) as_other[i]);
        }
    }
  g_ptr_array_add (tool_argv, (char *) "sha256sum");
  g_ptr_array_add (cli_argv, cli);
  g_ptr_array_add (cli_argv, (char *) "hash");
  g_ptr_array_add (tool_argv, (char *) "plain");
  g_ptr_array_add (tool_argv, (char *) "secret");
  g_ptr_array_add (tool_argv, (char *) "a b");
  g_ptr_array_add (tool_argv, NULL);
  g_ptr_array_add (cli_argv, (char *) "plain");
  g_ptr_array_add (cli_argv, (char *) "secret");
  g_ptr_array_add (cli_argv, (char *) "a b");
  g_ptr_array_add (cli_argv, NULL);

  dir = make_tricky_dir ();
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  secret = g_build_filename (dir, "secret", NULL);
  fw_test_write (secret, "x", 1);
  g_assert_cmpint (chmod (secret, 0), ==, 0);
  want = fw_test_run (dir, (const char *const *) tool_argv->pdata, &want_status, &want_err);
  got = fw_test_run (dir, (const char *const *) cli_argv->pdata, &got_status, &err);
  /* The premise: sha256sum could not read the file either (status 1, and
   * it says so). Otherwise the file was readable after all (setpriv did
   * not drop root's privileges, or this user has CAP_DAC_OVERRIDE): say
   * so and fail. */
  if (want_status != 1 || strstr (want_err, "secret: Permission denied\n") == NULL)
    {
      g_test_fail_printf ("sha256sum (uid %u%s) did not find the mode 000 file unreadable: status %d, stderr \"%s\"",
                          (guint) getuid (), getuid () == 0 ? ", through setpriv as uid 65534" : "",
                          want_status, want_err);
      fw_test_rmtree (dir);
      return;
    }
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (got_status, ==, 1);
  g_assert_nonnull (strstr (err, "secret: Permission denied\n"));
  fw_test_rmtree (dir);
}

/* A file removed between the walk that listed it and its hashing, through
 * the seam, in a child process running the CLI in-process. */
static int
unlink_then_open (const char *path, int flags, gpointer user_data)
{
  if (g_str_has_suffix (path, "/victim"))
    g_assert_cmpint (unlink (path), ==, 0);
  return open (path, flags);
}

static void
test_vanished (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = fw_test_mkdtemp ();
      FwDigestIoHooks hooks = { .open = unlink_then_open };
      const char *names[] = { "d", "d/a", "d/victim", "d/z", NULL };
      char *argv[] = { (char *) "fileworks-cli", (char *) "hash", (char *) "-r", (char *) "d", NULL };
      int status;

      g_assert_cmpint (chdir (dir), ==, 0);
      g_assert_cmpint (g_mkdir (names[0], 0755), ==, 0);
      for (guint i = 1; names[i] != NULL; i++)
        fw_test_write (names[i], "abc", 3);
      fw_digest_set_io_hooks (&hooks);
      status = fw_cli_run (4, argv);
      fw_digest_set_io_hooks (NULL);
      fflush (stdout);
      g_assert_false (g_file_test ("d/victim", G_FILE_TEST_EXISTS));
      g_assert_cmpint (chdir ("/"), ==, 0);
      fw_test_rmtree (dir);
      exit (status);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();   /* exit status 1 */
  g_test_trap_assert_stdout (ABC256 "  d/a\n" ABC256 "  d/z\n");
  g_test_trap_assert_stderr ("fileworks-cli hash: d/victim: No such file or directory\n");
}

/* The first failed write stops the batch (issue 25, item 4): with
 * SIGPIPE ignored and standard output on a pipe whose reader is gone,
 * `hash -r` of a large tree opens only the files before that write and
 * those already in flight, not the whole tree (sha256sum would hash every
 * file first: test-check-cli's /check-cli/write-stops runs it side by
 * side). Counted through the seam, in a child running the CLI in-process:
 * no timing. The first write comes when 64 KiB of lines are buffered
 * (about 870 of them) or at the ticker's first flush, whichever is first;
 * with --queue=4 and -j 2, at most 8 batches of one file are in flight
 * beyond it. */
#define WRITE_STOPS_FILES 4000
static gint write_stops_opens;

static int
counting_open (const char *path, int flags, gpointer user_data)
{
  g_atomic_int_inc (&write_stops_opens);
  return open (path, flags);
}

static void
test_write_stops (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = fw_test_mkdtemp ();
      FwDigestIoHooks hooks = { .open = counting_open };
      char *argv[] = { (char *) "fileworks-cli", (char *) "hash", (char *) "-r", (char *) "-j", (char *) "2",
                       (char *) "--queue=4", (char *) "d", NULL };
      int fds[2];
      int status;

      g_assert_cmpint (chdir (dir), ==, 0);
      g_assert_cmpint (g_mkdir ("d", 0755), ==, 0);
      for (guint i = 0; i < WRITE_STOPS_FILES; i++)
        {
          g_autofree char *name = g_strdup_printf ("d/f%04u", i);
          g_assert_true (g_file_set_contents_full (name, "abc", 3, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
        }
      g_assert_cmpint (pipe (fds), ==, 0);
      g_assert_cmpint (close (fds[0]), ==, 0);
      g_assert_cmpint (dup2 (fds[1], STDOUT_FILENO), ==, STDOUT_FILENO);
      g_assert_cmpint (close (fds[1]), ==, 0);
      signal (SIGPIPE, SIG_IGN);

      fw_digest_set_io_hooks (&hooks);
      status = fw_cli_run (G_N_ELEMENTS (argv) - 1, argv);
      fw_digest_set_io_hooks (NULL);
      g_assert_cmpint (chdir ("/"), ==, 0);
      fw_test_rmtree (dir);
      if (g_atomic_int_get (&write_stops_opens) >= WRITE_STOPS_FILES / 2)
        g_error ("%d of %d files opened after the first failed write",
                 g_atomic_int_get (&write_stops_opens), WRITE_STOPS_FILES);
      _exit (status);   /* standard output is broken: no flush at exit */
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();   /* exit status 1 */
  g_test_trap_assert_stderr ("fileworks-cli hash: write error\n");
}

static void
test_usage (void)
{
  static const char *const bad[][4] = {
    { "--bogus", NULL }, { "-q", NULL }, { "-a", "sha257", NULL }, { "-j", NULL },
    { "-j", "0", NULL }, { "--buffer-size", "12Q", NULL }, { "--tag", "--sfv", NULL },
    { "--sfv", "-a", "md5", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[8] = { cli, "hash" };
      g_autofree char *out = NULL, *err = NULL;
      int status = -1;

      for (guint j = 0; bad[i][j] != NULL; j++)
        argv[2 + j] = bad[i][j];
      out = fw_test_run (NULL, argv, &status, &err);
      g_test_message ("usage case %u: %s", i, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "Try 'fileworks-cli hash --help' for more information.\n"));
    }
  {
    const char *argv[] = { cli, "hash", "--help", NULL };
    g_autofree char *out = NULL;
    int status = -1;
    out = fw_test_run (NULL, argv, &status, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "Usage: fileworks-cli hash"));
  }
  {
    const char *argv[] = { cli, "hash", "--version", NULL };
    g_autofree char *out = NULL;
    int status = -1;
    out = fw_test_run (NULL, argv, &status, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, PACKAGE_VERSION));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli = fw_test_cli_path ();

  g_test_add_func ("/cli-hash/coreutils", test_coreutils);
  g_test_add_func ("/cli-hash/default-algorithm", test_default_algorithm);
  g_test_add_func ("/cli-hash/multi", test_multi);
  g_test_add_func ("/cli-hash/sfv", test_sfv);
  g_test_add_func ("/cli-hash/stdin-and-devices", test_stdin_and_devices);
  g_test_add_func ("/cli-hash/recursive", test_recursive);
  g_test_add_func ("/cli-hash/links-counted", test_links_counted);
  g_test_add_func ("/cli-hash/order-bounded", test_order_bounded);
  g_test_add_func ("/cli-hash/unreadable", test_unreadable);
  g_test_add_func ("/cli-hash/vanished", test_vanished);
  g_test_add_func ("/cli-hash/usage", test_usage);
  g_test_add_func ("/cli-hash/write-stops", test_write_stops);

  {
    int status = g_test_run ();
    g_free (cli);
    return status;
  }
}
