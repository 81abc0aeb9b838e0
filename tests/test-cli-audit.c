/* test-cli-audit.c — `fileworks-cli check --unlisted` and `hash --update`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists are written by the real coreutils tools where they can be; the
 * part of `check --unlisted` that coreutils also prints is compared with
 * `sha256sum -c` run in the same folder.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fw-test-util.h"

typedef struct {
  char *dir;
} Fixture;

typedef struct {
  char  *out;
  char  *err;
  int    status;
} Run;

static char *cli_path;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->dir = fw_test_mkdtemp ();
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  fw_test_rmtree (fixture->dir);
  g_free (fixture->dir);
}

/* Runs @argv (argv[0] NULL: fileworks-cli) in @dir; stdin is empty. */
static void
run_in (const char  *dir,
        const char **argv,
        Run         *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  if (argv[0] == NULL)
    argv[0] = cli_path;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  in = g_bytes_new_static ("", 0);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  run->out = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "",
                        g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "",
                        g_bytes_get_size (err));
}

static void
put (Fixture    *fixture,
     const char *name,
     const char *data)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, data, strlen (data));
}

static G_GNUC_UNUSED char *
get (Fixture    *fixture,
     const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
move (Fixture    *fixture,
      const char *from,
      const char *to)
{
  g_autofree char *a = g_build_filename (fixture->dir, from, NULL);
  g_autofree char *b = g_build_filename (fixture->dir, to, NULL);
  g_autofree char *parent = g_path_get_dirname (b);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (g_rename (a, b), ==, 0);
}

/* `TOOL NAMES… > LIST` in the fixture's folder, with coreutils. */
static void
tool_list (Fixture     *fixture,
           const char  *list,
           const char **argv)
{
  Run run = { 0 };
  g_autofree char *path = g_build_filename (fixture->dir, list, NULL);

  run_in (fixture->dir, argv, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  fw_test_write (path, run.out, strlen (run.out));
  run_clear (&run);
}

/* check --unlisted ---------------------------------------------------------- */

/* Everything at once: OK, changed, missing, moved, new, names to escape,
 * checksum files and a symbolic link left out. The coreutils part is
 * sha256sum -c's, byte for byte; the audit lines follow. */
static void
test_unlisted (Fixture       *fixture,
               gconstpointer  data)
{
  Run ours = { 0 }, theirs = { 0 };
  const char *check[] = { NULL, "check", "--unlisted", "SHA256SUMS", NULL };
  const char *plain[] = { NULL, "check", "SHA256SUMS", NULL };
  const char *coreutils[] = { "sha256sum", "-c", "SHA256SUMS", NULL };
  g_autofree char *expected_out = NULL;
  g_autofree char *expected_err = NULL;
  g_autofree char *link = g_build_filename (fixture->dir, "link", NULL);
  g_autofree char *gone = g_build_filename (fixture->dir, "gone", NULL);

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  put (fixture, "sub/c", "gamma");
  put (fixture, "gone", "delta");
  tool_list (fixture, "SHA256SUMS",
             (const char *[]) { "sha256sum", "a", "b", "sub/c", "gone", NULL });
  move (fixture, "a", "sub/moved a");
  put (fixture, "b", "beta, edited");
  g_assert_cmpint (g_unlink (gone), ==, 0);
  put (fixture, "new", "epsilon");
  put (fixture, "tab\there", "zeta");
  put (fixture, "back\\slash", "eta");
  put (fixture, "empty", "");
  put (fixture, "other.md5", "not read");
  put (fixture, "sub/B3SUMS", "not read");
  g_assert_cmpint (symlink ("new", link), ==, 0);

  run_in (fixture->dir, coreutils, &theirs);
  run_in (fixture->dir, check, &ours);
  expected_out = g_strconcat (theirs.out,
                              "\\NEW\tback\\\\slash\n"
                              "NEW\tempty\n"
                              "NEW\tnew\n"
                              "MOVED\ta\tsub/moved a\n"
                              "\\NEW\ttab\\there\n", NULL);
  g_assert_cmpstr (ours.out, ==, expected_out);
  g_assert_true (g_str_has_prefix (theirs.out, "a: FAILED open or read\nb: FAILED\n"));
  g_assert_true (g_str_has_prefix (theirs.err, "sha256sum: "));
  /* coreutils names itself at the start of each line: ours instead. */
  {
    g_auto(GStrv) lines = g_strsplit (theirs.err, "\n", -1);
    g_autofree char *joined = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "sha256sum: "))
        {
          char *line = g_strconcat ("fileworks-cli: ", lines[i] + strlen ("sha256sum: "), NULL);
          g_free (lines[i]);
          lines[i] = line;
        }
    joined = g_strjoinv ("\n", lines);
    expected_err = g_strconcat (joined,
                                "fileworks-cli: WARNING: 1 listed file was moved\n"
                                "fileworks-cli: WARNING: 4 files are not listed\n", NULL);
  }
  g_assert_cmpstr (ours.err, ==, expected_err);
  g_assert_cmpint (ours.status, ==, 1);
  g_assert_cmpint (theirs.status, ==, 1);
  run_clear (&ours);

  /* Without --unlisted: sha256sum -c, byte for byte, whatever is new. */
  run_in (fixture->dir, plain, &ours);
  g_assert_cmpstr (ours.out, ==, theirs.out);
  g_assert_cmpint (ours.status, ==, theirs.status);
  run_clear (&ours);
  run_clear (&theirs);
}

/* A folder that matches its list: nothing more is printed, exit 0. Then
 * one new file is enough to fail, and --status prints nothing. */
static void
test_unlisted_status (Fixture       *fixture,
                      gconstpointer  data)
{
  Run run = { 0 };
  const char *check[] = { NULL, "check", "--unlisted", "SHA256SUMS", NULL };
  const char *status[] = { NULL, "check", "--unlisted", "--status", "SHA256SUMS", NULL };

  put (fixture, "a", "alpha");
  put (fixture, "sub/b", "beta");
  tool_list (fixture, "SHA256SUMS", (const char *[]) { "sha256sum", "a", "sub/b", NULL });

  run_in (fixture->dir, check, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\nsub/b: OK\n");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  put (fixture, "sub/c", "gamma");
  run_in (fixture->dir, check, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\nsub/b: OK\nNEW\tsub/c\n");
  g_assert_cmpstr (run.err, ==, "fileworks-cli: WARNING: 1 file is not listed\n");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  run_in (fixture->dir, status, &run);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

/* Two lists: each is left out, names from both count as listed, and a
 * move is found across them. A BSD-tag list of another algorithm. */
static void
test_unlisted_two_lists (Fixture       *fixture,
                         gconstpointer  data)
{
  Run run = { 0 };
  const char *check[] = { NULL, "check", "--unlisted", "--quiet", "list-one", "list-two", NULL };

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  tool_list (fixture, "list-one", (const char *[]) { "sha256sum", "a", NULL });
  tool_list (fixture, "list-two", (const char *[]) { "md5sum", "--tag", "b", NULL });
  move (fixture, "b", "b2");
  run_in (fixture->dir, check, &run);
  g_assert_cmpstr (run.out, ==, "b: FAILED open or read\nMOVED\tb\tb2\n");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  const char *builddir = g_getenv ("FW_TOP_BUILDDIR");

  g_test_init (&argc, &argv, NULL);
  if (builddir == NULL)
    builddir = ".";
  cli_path = g_canonicalize_filename ("src/cli/fileworks-cli", builddir);

#define ADD(name, func) \
  g_test_add ("/cli-audit/" name, Fixture, NULL, set_up, func, tear_down)
  ADD ("unlisted", test_unlisted);
  ADD ("unlisted-status", test_unlisted_status);
  ADD ("unlisted-two-lists", test_unlisted_two_lists);
#undef ADD
  return g_test_run ();
}
