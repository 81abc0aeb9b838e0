/* test-cli-compare.c — `fileworks-cli compare` against GNU cmp, byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case writes its files in a fresh folder, then runs both
 * `cmp ARGS` and `fileworks-cli compare ARGS` there, twice: standard
 * output a pipe, and standard output /dev/null (cmp counts no lines then).
 * Standard output, standard error (with "fileworks-cli compare" read as
 * "cmp") and the exit status must be the same.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
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

typedef enum {
  OUT_PIPE,
  OUT_NULL,
  OUT_FULL,
} OutKind;

static char *cli_path;
static const char *locale = "C";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = fw_test_mkdtemp ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fw_test_rmtree (fixture->dir);
  g_free (fixture->dir);
}

static void
put (Fixture    *fixture,
     const char *name,
     const char *data,
     gssize      len)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  fw_test_write (path, data, len < 0 ? strlen (data) : (gsize) len);
}

/* Runs @argv in @dir; standard input from @dir/@stdin_name (or empty). */
static void
run_in (const char         *dir,
        const char * const *argv,
        const char         *stdin_name,
        OutKind             out_kind,
        Run                *run)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDERR_PIPE;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stdin_path = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (out_kind == OUT_PIPE)
    flags |= G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  if (stdin_name == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (out_kind == OUT_NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");
  else if (out_kind == OUT_FULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  if (stdin_name != NULL)
    {
      stdin_path = g_build_filename (dir, stdin_name, NULL);
      g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
    }
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL,
                                 out_kind == OUT_PIPE ? &out : NULL, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  run->out = out != NULL ? out : g_strdup ("");
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* Runs `cmp ARGS` and `fileworks-cli compare ARGS` (ARGS ending in NULL)
 * with standard output @out_kind and asserts the same results; returns
 * cmp's status. */
static int
same_as_cmp_to (Fixture            *fixture,
                const char         *stdin_name,
                OutKind             out_kind,
                const char * const *args)
{
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  g_autofree char *our_out = NULL;
  g_autofree char *our_err = NULL;
  Run a = { 0 }, b = { 0 };
  int status;

  g_ptr_array_add (theirs, (gpointer) "cmp");
  g_ptr_array_add (ours, cli_path);
  g_ptr_array_add (ours, (gpointer) "compare");
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (theirs, (gpointer) args[i]);
      g_ptr_array_add (ours, (gpointer) args[i]);
    }
  g_ptr_array_add (theirs, NULL);
  g_ptr_array_add (ours, NULL);

  run_in (fixture->dir, (const char * const *) theirs->pdata, stdin_name, out_kind, &a);
  run_in (fixture->dir, (const char * const *) ours->pdata, stdin_name, out_kind, &b);
  our_out = replace_all (b.out, "fileworks-cli compare", "cmp");
  our_err = replace_all (b.err, "fileworks-cli compare", "cmp");
  g_test_message ("cmp: status %d, out '%s', err '%s'", a.status, a.out, a.err);
  g_assert_cmpstr (our_out, ==, a.out);
  g_assert_cmpstr (our_err, ==, a.err);
  g_assert_cmpint (b.status, ==, a.status);
  status = a.status;
  g_free (a.out);
  g_free (a.err);
  g_free (b.out);
  g_free (b.err);
  return status;
}

/* Both ways: standard output a pipe and /dev/null. Returns cmp's status
 * (the same both ways). */
#define SAME_AS_CMP_IN(fixture, stdin_name, ...) \
  same_as_cmp_both (fixture, stdin_name, (const char * const[]) { __VA_ARGS__, NULL })
#define SAME_AS_CMP(fixture, ...) SAME_AS_CMP_IN (fixture, NULL, __VA_ARGS__)

static int
same_as_cmp_both (Fixture            *fixture,
                  const char         *stdin_name,
                  const char * const *args)
{
  int piped, nulled, other;

  /* The C locale says "char", any other "byte", as cmp does. */
  locale = "C.UTF-8";
  other = same_as_cmp_to (fixture, stdin_name, OUT_PIPE, args);
  locale = "C";
  piped = same_as_cmp_to (fixture, stdin_name, OUT_PIPE, args);
  nulled = same_as_cmp_to (fixture, stdin_name, OUT_NULL, args);

  g_assert_cmpint (piped, ==, nulled);
  g_assert_cmpint (piped, ==, other);
  return piped;
}

static void
test_identical (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree guchar *big = fw_test_pattern (3 * 1024 * 1024 + 17, 1);

  put (fixture, "a", "one\ntwo\n", -1);
  put (fixture, "b", "one\ntwo\n", -1);
  put (fixture, "big1", (char *) big, 3 * 1024 * 1024 + 17);
  put (fixture, "big2", (char *) big, 3 * 1024 * 1024 + 17);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "b"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big1", "big2"), ==, 0);
  /* The same file twice, by the same name and by two names. */
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "a"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "./a"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "0:1", "a", "a"), ==, 1);
}

static void
test_differ (Fixture       *fixture,
             gconstpointer  data)
{
  gsize len = 2 * 1024 * 1024 + 5;
  g_autofree guchar *big = fw_test_pattern (len, 2);

  put (fixture, "a", "one\ntwo\nthree\n", -1);
  put (fixture, "first", "One\ntwo\nthree\n", -1);
  put (fixture, "last", "one\ntwo\nthreE\n", -1);
  put (fixture, "lastnl", "one\ntwo\nthree.", -1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "first"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "last"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "lastnl", "a"), ==, 1);

  /* Large files, the difference in the first and in the last byte. */
  put (fixture, "big", (char *) big, len);
  big[0] ^= 1;
  put (fixture, "big-first", (char *) big, len);
  big[0] ^= 1;
  big[len - 1] ^= 0x80;
  put (fixture, "big-last", (char *) big, len);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big", "big-first"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big", "big-last"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big-last", "big"), ==, 1);
}

static void
test_prefix (Fixture       *fixture,
             gconstpointer  data)
{
  gsize len = 1024 * 1024 + 3;
  g_autofree guchar *big = fw_test_pattern (len, 3);

  put (fixture, "full", "abc\ndef\n", -1);
  put (fixture, "nl", "abc\n", -1);
  put (fixture, "nonl", "abc\nde", -1);
  put (fixture, "empty", "", 0);
  put (fixture, "empty2", "", 0);
  for (guint order = 0; order < 2; order++)
    {
      const char *others[] = { "nl", "nonl", "empty" };

      for (guint i = 0; i < G_N_ELEMENTS (others); i++)
        {
          const char *x = order == 0 ? "full" : others[i];
          const char *y = order == 0 ? others[i] : "full";

          g_assert_cmpint (SAME_AS_CMP (fixture, x, y), ==, 1);
          g_assert_cmpint (SAME_AS_CMP (fixture, "-s", x, y), ==, 1);
        }
    }
  g_assert_cmpint (SAME_AS_CMP (fixture, "empty", "empty2"), ==, 0);

  /* Past one block, and a prefix that ends exactly on one. */
  put (fixture, "big", (char *) big, len);
  put (fixture, "big-short", (char *) big, len - 2);
  put (fixture, "big-block", (char *) big, 256 * 1024);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big", "big-short"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big-short", "big"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "big-block", "big"), ==, 1);
}

static void
test_trouble (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);

  put (fixture, "a", "abc\n", -1);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "missing"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "missing", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "missing", "missing"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-s", "missing", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, ".", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "sub"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-s", "sub", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, ".", "."), ==, 0);
  /* Wrong usage. */
  g_assert_cmpint (SAME_AS_CMP (fixture, "-z", "a", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "--frob", "a", "a"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-n"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "a", "1", "2", "3"), ==, 2);
  g_assert_cmpint (same_as_cmp_both (fixture, NULL, (const char * const[]) { NULL }), ==, 2);
}

static void
test_write_error (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *args[] = { "a", "b", NULL };

  put (fixture, "a", "abc\n", -1);
  put (fixture, "b", "abd\n", -1);
  g_assert_cmpint (same_as_cmp_to (fixture, NULL, OUT_FULL, args), ==, 2);
  args[1] = "a";
  g_assert_cmpint (same_as_cmp_to (fixture, NULL, OUT_FULL, args), ==, 0);
}

static void
test_stdin (Fixture       *fixture,
            gconstpointer  data)
{
  gsize len = 700 * 1024;
  g_autofree guchar *big = fw_test_pattern (len, 4);

  put (fixture, "a", "abc\ndef\n", -1);
  put (fixture, "b", "abc\ndeF\n", -1);
  put (fixture, "short", "abc\nd", -1);
  put (fixture, "empty", "", 0);
  put (fixture, "big", (char *) big, len);
  big[len - 1] ^= 1;
  put (fixture, "big-last", (char *) big, len);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "-", "a"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "b", "-"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "b"), ==, 1);  /* FILE2 is "-" */
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "short", "a"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "-", "short"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "empty", "-", "a"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "-", "-"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "big", "big-last", "-"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP_IN (fixture, "a", "-i", "2", "-", "b"), ==, 1);
  /* A pipe: an empty one, on either side. */
  g_assert_cmpint (SAME_AS_CMP (fixture, "-", "a"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "-"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-s", "-", "a"), ==, 1);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  put (fixture, "with space", "abc\n", -1);
  put (fixture, "new\nline", "abd\n", -1);
  put (fixture, "back\\slash", "ab", -1);
  put (fixture, "-dash", "abc\n", -1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "with space", "new\nline"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "with space", "back\\slash"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "new\nline", "gone\nname"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "--", "-dash", "with space"), ==, 0);
}

static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  gsize len = 3 * 1024 * 1024;
  g_autofree guchar *big = fw_test_pattern (len, 5);
  const char *ok_values[] = { "0", "3", "7", "1k", "1K", "1kB", "1KiB", "0x2", "010",
                              "k", " 2", "1M", "2MB", "1G", "1E" };
  const char *bad_values[] = { "-1", "1x", "1b", "1B", "", "x", "1Y", "1Z",
                               "99999999999999999999999", "08" };

  put (fixture, "a", "abc\ndef\nghi\n", -1);
  put (fixture, "c", "abc\ndeX\nghI\n", -1);
  put (fixture, "short", "abc\nde", -1);
  for (guint i = 0; i < G_N_ELEMENTS (ok_values); i++)
    {
      SAME_AS_CMP (fixture, "-n", ok_values[i], "a", "c");
      SAME_AS_CMP (fixture, "-n", ok_values[i], "a", "short");
      SAME_AS_CMP (fixture, "-i", ok_values[i], "a", "c");
      SAME_AS_CMP (fixture, "--ignore-initial", ok_values[i], "a", "short");
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_assert_cmpint (SAME_AS_CMP (fixture, "-n", bad_values[i], "a", "c"), ==, 2);
      g_assert_cmpint (SAME_AS_CMP (fixture, "-i", bad_values[i], "a", "c"), ==, 2);
    }
  /* SKIP1:SKIP2 and the operands. */
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "1:2", "a", "c"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "4:4", "a", "short"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "1:", "a", "c"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", ":1", "a", "c"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "1:2:3", "a", "c"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "7", "-i", "0", "a", "c"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-n", "7", "-n", "6", "a", "c"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-n", "6", "-n", "7", "a", "c"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "c", "6"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "c", "0", "1k"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "a", "c", "x"), ==, 2);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "1:1", "a", "c", "3", "2"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "--bytes=6", "a", "c"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "--bytes=7", "a", "c"), ==, 1);

  /* Large: skips past a block, a limit inside one. */
  put (fixture, "big", (char *) big, len);
  big[len - 1] ^= 1;
  put (fixture, "big-last", (char *) big, len);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "2M", "big", "big-last"), ==, 1);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-n", "3145727", "big", "big-last"), ==, 0);
  g_assert_cmpint (SAME_AS_CMP (fixture, "-i", "1:0", "big", "big-last"), ==, 1);
}

static void
test_quiet (Fixture       *fixture,
            gconstpointer  data)
{
  put (fixture, "a", "abc\ndef\n", -1);
  put (fixture, "b", "abc\ndeF\n", -1);
  put (fixture, "longer", "abc\ndef\nmore\n", -1);
  const char *forms[] = { "-s", "--quiet", "--silent" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_assert_cmpint (SAME_AS_CMP (fixture, forms[i], "a", "a"), ==, 0);
      g_assert_cmpint (SAME_AS_CMP (fixture, forms[i], "a", "b"), ==, 1);
      g_assert_cmpint (SAME_AS_CMP (fixture, forms[i], "a", "longer"), ==, 1);
      g_assert_cmpint (SAME_AS_CMP (fixture, forms[i], "-n", "8", "a", "longer"), ==, 0);
      g_assert_cmpint (SAME_AS_CMP (fixture, forms[i], "-i", "0:1", "longer", "a"), ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  const char *probe[] = { "cmp", "--version", NULL };
  int status = 0;

  g_test_init (&argc, &argv, NULL);
  cli_path = fw_test_cli_path ();

  /* The reference: GNU cmp must be there (no quiet skip). */
  version = fw_test_run (NULL, probe, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (version, "cmp (GNU diffutils)"));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/compare/identical", test_identical);
  ADD ("/cli/compare/differ", test_differ);
  ADD ("/cli/compare/prefix", test_prefix);
  ADD ("/cli/compare/trouble", test_trouble);
  ADD ("/cli/compare/write-error", test_write_error);
  ADD ("/cli/compare/stdin", test_stdin);
  ADD ("/cli/compare/names", test_names);
  ADD ("/cli/compare/limits", test_limits);
  ADD ("/cli/compare/quiet", test_quiet);
#undef ADD

  return g_test_run ();
}
