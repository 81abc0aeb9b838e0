/* test-cli-audit.c — `fileworks-cli check --unlisted` and `hash --update`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists are written by the real coreutils tools where they can be; the
 * part of `check --unlisted` that coreutils also prints is compared with
 * `sha256sum -c` run in the same folder.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
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

/* In the child: a file may grow to this many bytes at most (0: no
 * limit), and going past fails the write (EFBIG) instead of killing. */
static rlim_t child_file_limit;

static void
child_setup (gpointer data)
{
  struct rlimit limit = { child_file_limit, child_file_limit };

  if (child_file_limit == 0)
    return;
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
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
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
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

static char *
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

static void
remove_file (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* --exclude with --unlisted: matched against paths relative to the
 * current folder on both sides. A found file that matches is not new,
 * an excluded folder is not read, and a missing entry in an excluded
 * folder is no move's origin; the coreutils lines do not change. The
 * found side is the set `du -a --exclude` walks, side by side. */
static void
test_unlisted_exclude (Fixture       *fixture,
                       gconstpointer  data)
{
  Run run = { 0 }, theirs = { 0 }, du = { 0 };
  const char *all[] = { NULL, "check", "--unlisted", "SHA256SUMS", NULL };
  const char *check[] = { NULL, "check", "--unlisted", "--exclude=*.o", "--exclude=cache",
                          "SHA256SUMS", NULL };
  const char *from[] = { NULL, "check", "--unlisted", "--exclude-from=patterns", "SHA256SUMS", NULL };
  const char *du_argv[] = { "du", "-a", "--exclude=*.o", "--exclude=cache", ".", NULL };
  const char *coreutils[] = { "sha256sum", "-c", "SHA256SUMS", NULL };
  g_autoptr(GString) du_new = g_string_new (NULL);
  g_autoptr(GPtrArray) du_files = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) du_lines = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "keep/b", "beta");
  put (fixture, "cache/x", "xray");
  tool_list (fixture, "SHA256SUMS",
             (const char *[]) { "sha256sum", "a", "keep/b", "cache/x", NULL });
  move (fixture, "cache/x", "keep/x2");
  put (fixture, "cache/new", "new in cache");
  put (fixture, "junk.o", "object");
  put (fixture, "sub/junk.o", "object too");
  put (fixture, "sub/kept", "kept");
  put (fixture, "patterns", "*.o\ncache   \n\n");

  /* Without patterns: the move, and every new file. */
  run_in (fixture->dir, all, &run);
  g_assert_cmpstr (run.out, ==,
                   "a: OK\nkeep/b: OK\ncache/x: FAILED open or read\n"
                   "NEW\tcache/new\n"
                   "NEW\tjunk.o\n"
                   "MOVED\tcache/x\tkeep/x2\n"
                   "NEW\tpatterns\n"
                   "NEW\tsub/junk.o\n"
                   "NEW\tsub/kept\n");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  /* With them: cache/x is out of reach, so keep/x2 is new; the object
   * files and cache/ are not reported. */
  run_in (fixture->dir, coreutils, &theirs);
  run_in (fixture->dir, check, &run);
  {
    g_autofree char *expected = g_strconcat (theirs.out,
                                             "NEW\tkeep/x2\n"
                                             "NEW\tpatterns\n"
                                             "NEW\tsub/kept\n", NULL);
    g_assert_cmpstr (run.out, ==, expected);
  }
  g_assert_true (g_str_has_suffix (run.err, "fileworks-cli: WARNING: 3 files are not listed\n"));
  g_assert_null (strstr (run.err, "moved"));
  g_assert_cmpint (run.status, ==, 1);

  /* du walks the same files: what it lists, less the listed files and
   * the list, is what was reported new. */
  run_in (fixture->dir, du_argv, &du);
  g_assert_cmpint (du.status, ==, 0);
  du_lines = g_strsplit (du.out, "\n", -1);
  for (guint i = 0; du_lines[i] != NULL; i++)
    {
      const char *tab = strchr (du_lines[i], '\t');
      g_autofree char *path = NULL;

      if (tab == NULL || !g_str_has_prefix (tab + 1, "./"))
        continue;
      path = g_build_filename (fixture->dir, tab + 3, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_str_equal (tab + 3, "a") || g_str_equal (tab + 3, "keep/b") ||
          g_str_equal (tab + 3, "SHA256SUMS"))
        continue;
      g_ptr_array_add (du_files, g_strdup (tab + 3));
    }
  g_ptr_array_sort (du_files, compare_strings);
  for (guint i = 0; i < du_files->len; i++)
    g_string_append_printf (du_new, "NEW\t%s\n", (const char *) g_ptr_array_index (du_files, i));
  g_assert_cmpstr (run.out + strlen (theirs.out), ==, du_new->str);
  run_clear (&run);
  run_clear (&du);

  /* The same patterns from a file. */
  run_in (fixture->dir, from, &run);
  {
    g_autofree char *expected = g_strconcat (theirs.out,
                                             "NEW\tkeep/x2\n"
                                             "NEW\tpatterns\n"
                                             "NEW\tsub/kept\n", NULL);
    g_assert_cmpstr (run.out, ==, expected);
  }
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
  run_clear (&theirs);
}

/* --exclude without --unlisted is a usage error (check stays
 * sha256sum -c); an --exclude-from file that cannot be read fails. */
static void
test_unlisted_exclude_usage (Fixture       *fixture,
                             gconstpointer  data)
{
  Run run = { 0 };
  const char *plain[] = { NULL, "check", "--exclude=x", "SHA256SUMS", NULL };
  const char *gone[] = { NULL, "check", "--unlisted", "--exclude-from=gone", "SHA256SUMS", NULL };

  put (fixture, "a", "alpha");
  tool_list (fixture, "SHA256SUMS", (const char *[]) { "sha256sum", "a", NULL });
  run_in (fixture->dir, plain, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "--exclude and --exclude-from need --unlisted"));
  run_clear (&run);

  run_in (fixture->dir, gone, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "fileworks-cli: gone: No such file or directory\n");
  run_clear (&run);
}

/* hash --update -------------------------------------------------------------- */

/* Runs `hash --update ARGS…` and expects exit 0 and nothing printed. */
static void
update (Fixture     *fixture,
        const char **args)
{
  const char *argv[16] = { NULL, "hash", "--update" };
  Run run = { 0 };
  guint n = 3;

  for (guint i = 0; args[i] != NULL; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  run_in (fixture->dir, argv, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

/* What coreutils writes for @argv, as a string. */
static char *
tool_output (Fixture     *fixture,
             const char **argv)
{
  Run run = { 0 };
  char *out;

  run_in (fixture->dir, argv, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  out = g_steal_pointer (&run.out);
  run_clear (&run);
  return out;
}

/* Each format, kept as found: the list grows by exactly the lines the
 * tool that wrote it would write for the new files (names escaped as it
 * escapes them), in byte order, and the tool then checks it. */
static void
test_update_formats (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *list;
    const char *tool[4];   /* the tool and its options */
    const char *check;     /* the tool that checks the list */
  } formats[] = {
    { "SHA256SUMS", { "sha256sum", NULL }, "sha256sum" },
    { "binary.sha256", { "sha256sum", "-b", NULL }, "sha256sum" },
    { "tags.md5", { "md5sum", "--tag", NULL }, "md5sum" },
    { "CHECKSUMS", { "cksum", "-a", "blake2b", NULL }, "cksum" },
    { "short.b2", { "cksum", "-a", "blake2b", NULL }, "cksum" },
  };

  put (fixture, "a", "alpha");
  put (fixture, "sub/new", "beta");
  put (fixture, "back\\slash", "gamma");
  put (fixture, "line\nbreak", "delta");
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *old_argv[8] = { 0 }, *new_argv[12] = { 0 };
      const char *check_argv[] = { formats[i].check, "-c", "--quiet", formats[i].list, NULL };
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;
      guint n = 0, m = 0;

      g_test_message ("%s", formats[i].list);
      for (; formats[i].tool[n] != NULL; n++)
        old_argv[n] = new_argv[n] = formats[i].tool[n];
      if (strcmp (formats[i].list, "short.b2") == 0)
        old_argv[n] = new_argv[n] = "-l256", n++;
      m = n;
      old_argv[n++] = "a";
      new_argv[m++] = "back\\slash";
      new_argv[m++] = "line\nbreak";
      new_argv[m++] = "sub/new";
      old_text = tool_output (fixture, old_argv);
      new_text = tool_output (fixture, new_argv);
      put (fixture, formats[i].list, old_text);

      update (fixture, (const char *[]) { formats[i].list, NULL });
      got = get (fixture, formats[i].list);
      expected = g_strconcat (old_text, new_text, NULL);
      g_assert_cmpstr (got, ==, expected);
      g_free (tool_output (fixture, check_argv));
      /* Again: nothing new, nothing changes. */
      update (fixture, (const char *[]) { formats[i].list, NULL });
      g_free (got);
      got = get (fixture, formats[i].list);
      g_assert_cmpstr (got, ==, expected);
      remove_file (fixture, formats[i].list);
    }
}

/* SFV, and a list with CRLF line ends and no final line end. */
static void
test_update_sfv_crlf (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *sfv = NULL;
  g_autofree char *crlf = NULL;

  put (fixture, "abc", "abc");
  put (fixture, "x", "x");
  /* crc32 ("abc") and ("x") */
  put (fixture, "old.sfv", "; written by hand\nabc 352441C2\n");
  update (fixture, (const char *[]) { "old.sfv", NULL });
  sfv = get (fixture, "old.sfv");
  g_assert_cmpstr (sfv, ==, "; written by hand\nabc 352441C2\nx 8CDC1683\n");

  put (fixture, "win.md5", "900150983cd24fb0d6963f7d28e17f72 *abc\r\n"
                           "900150983cd24fb0d6963f7d28e17f72 *abc");
  update (fixture, (const char *[]) { "win.md5", NULL });
  crlf = get (fixture, "win.md5");
  g_assert_cmpstr (crlf, ==, "900150983cd24fb0d6963f7d28e17f72 *abc\r\n"
                             "900150983cd24fb0d6963f7d28e17f72 *abc\r\n"
                             "9dd4e461268c8034f5c8564e155c67a6 *x\r\n");
}

/* Only under the PATHs given; never the list, other lists, an update's
 * leftover temporary file, or a file listed under another spelling. */
static void
test_update_what (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *lines = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "one/b", "beta");
  put (fixture, "two/c", "gamma");
  put (fixture, "two/MD5SUMS", "");
  put (fixture, "two/hashes.txt", "SHA1 (x) = a9993e364706816aba3e25717850c26c9cd0d89d\n");
  put (fixture, "two/.SHA256SUMS.fileworks-Xy12Zz", "left over");
  put (fixture, "SHA256SUMS", "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8  ./a\n");
  update (fixture, (const char *[]) { "SHA256SUMS", "two", "a", NULL });
  text = get (fixture, "SHA256SUMS");
  lines = tool_output (fixture, (const char *[]) { "sha256sum", "two/c", NULL });
  expected = g_strconcat ("8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8  ./a\n",
                          lines, NULL);
  g_assert_cmpstr (text, ==, expected);
}

/* --prune drops the lines of files that are gone, and only those. */
static void
test_update_prune (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *a = NULL;
  g_autofree char *c = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  put (fixture, "c", "gamma");
  put (fixture, "SHA256SUMS", "# a comment\n");
  update (fixture, (const char *[]) { "SHA256SUMS", NULL });
  remove_file (fixture, "b");
  put (fixture, "c", "gamma, edited");
  update (fixture, (const char *[]) { "--prune", "SHA256SUMS", NULL });
  text = get (fixture, "SHA256SUMS");
  a = tool_output (fixture, (const char *[]) { "sha256sum", "a", NULL });
  c = tool_output (fixture, (const char *[]) { "sha256sum", "--", "c", NULL });
  /* c changed: its old line stays (check tells), nothing is added. */
  g_assert_true (g_str_has_prefix (text, "# a comment\n"));
  g_assert_nonnull (strstr (text, a));
  g_assert_null (strstr (text, "  b\n"));
  g_assert_null (strstr (text, c));
  g_assert_nonnull (strstr (text, "  c\n"));
}

/* A list that is a symbolic link: its target is rewritten, the link
 * stays; the target keeps its mode (and, as root, its owner). */
static void
test_update_link_mode (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->dir, "lists", "SHA256SUMS", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "list.sha256", NULL);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  struct stat st;
  gboolean root = geteuid () == 0;

  put (fixture, "a", "alpha");
  put (fixture, "lists/SHA256SUMS", "");
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);
  if (root)
    g_assert_cmpint (chown (target, 4321, 4322), ==, 0);
  else
    g_test_message ("not root: the owner cannot be changed, only the mode is checked");
  g_assert_cmpint (symlink ("lists/SHA256SUMS", link), ==, 0);

  update (fixture, (const char *[]) { "list.sha256", NULL });
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  if (root)
    {
      g_assert_cmpint (st.st_uid, ==, 4321);
      g_assert_cmpint (st.st_gid, ==, 4322);
    }
  text = get (fixture, "lists/SHA256SUMS");
  line = tool_output (fixture, (const char *[]) { "sha256sum", "a", NULL });
  g_assert_cmpstr (text, ==, line);
}

/* A write that fails half way (the file size limit: EFBIG, as a full
 * disk would give ENOSPC) leaves the old list whole and no temporary
 * file behind. */
static void
test_update_interrupted (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *argv[] = { NULL, "hash", "--update", "SHA256SUMS", NULL };
  const char *old = "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8  a\n";
  g_autofree char *text = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  Run run = { 0 };
  guint n = 0;

  put (fixture, "a", "alpha");
  put (fixture, "SHA256SUMS", old);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *file = g_strdup_printf ("new-%02u", i);
      put (fixture, file, file);
    }
  child_file_limit = strlen (old) + 100;
  run_in (fixture->dir, argv, &run);
  child_file_limit = 0;
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "fileworks-cli hash: SHA256SUMS: write failed: File too large\n");
  run_clear (&run);
  text = get (fixture, "SHA256SUMS");
  g_assert_cmpstr (text, ==, old);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "."));
      n++;
    }
  g_assert_cmpuint (n, ==, 52);
}

static void
test_update_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    const char *argv[6];
    const char *err;
  } cases[] = {
    { { "hash", "--update", NULL }, "--update needs a checksum file" },
    { { "hash", "--prune", "x", NULL }, "--prune is for --update only" },
    { { "hash", "--update", "-a", "md5", "x", NULL }, "--update writes the list's own algorithm and format" },
    { { "hash", "--update", "--tag", "x", NULL }, "--update writes the list's own algorithm and format" },
    { { "hash", "--update", "gone", NULL }, "fileworks-cli hash: gone: No such file or directory\n" },
    { { "hash", "--update", "notes", NULL }, "fileworks-cli hash: notes: no properly formatted checksum lines found\n" },
  };

  put (fixture, "notes", "not a list\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { NULL };
      Run run = { 0 };

      for (guint j = 0; cases[i].argv[j] != NULL; j++)
        argv[j + 1] = cases[i].argv[j];
      run_in (fixture->dir, argv, &run);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].err));
      run_clear (&run);
    }
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
  ADD ("unlisted-exclude", test_unlisted_exclude);
  ADD ("unlisted-exclude-usage", test_unlisted_exclude_usage);
  ADD ("update-formats", test_update_formats);
  ADD ("update-sfv-crlf", test_update_sfv_crlf);
  ADD ("update-what", test_update_what);
  ADD ("update-prune", test_update_prune);
  ADD ("update-link-mode", test_update_link_mode);
  ADD ("update-interrupted", test_update_interrupted);
  ADD ("update-usage", test_update_usage);
#undef ADD
  return g_test_run ();
}
