/* test-cli-compare-tree.c — `fileworks-cli compare -r` against GNU diff -rq
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case builds two trees in a fresh folder, then runs `diff -rq ARGS`
 * and `fileworks-cli compare -r ARGS` there in three locales: C, C.UTF-8
 * and en_US.UTF-8 (made with localedef into a folder of the test's own
 * when the system has none, and found through LOCPATH), where names sort
 * differently. Standard output, standard error (with "fileworks-cli
 * compare" read as "diff") and the exit status must be the same, byte for
 * byte (names need not be UTF-8: output is compared as bytes).
 *
 * Unreadable entries: run as the unprivileged user 65534 through setpriv
 * when the test runs as root (root reads everything), as the test's own
 * user otherwise; both tools run the same way.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fw-test-util.h"

typedef struct {
  char *dir;
} Fixture;

typedef struct {
  char *out;
  char *err;
  int   status;
} Run;

static char *cli_path;
static char *locpath;   /* LOCPATH for en_US.UTF-8, or NULL: installed */
static const char *locales[] = { "C", "C.UTF-8", "en_US.UTF-8" };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = fw_test_mkdtemp ();
  /* The unprivileged user must get in. */
  g_assert_no_errno (chmod (fixture->dir, 0755));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *argv[] = { "chmod", "-R", "u+rwx", fixture->dir, NULL };
  int status = 0;

  g_free (fw_test_run (NULL, argv, &status, NULL));
  fw_test_rmtree (fixture->dir);
  g_free (fixture->dir);
}

static char *
at (Fixture    *fixture,
    const char *rel)
{
  return g_build_filename (fixture->dir, rel, NULL);
}

static void
mkdirs (Fixture    *fixture,
        const char *rel)
{
  g_autofree char *p = at (fixture, rel);

  g_assert_no_errno (g_mkdir_with_parents (p, 0755));
}

static void
put (Fixture    *fixture,
     const char *rel,
     const char *data)
{
  g_autofree char *p = at (fixture, rel);

  fw_test_write (p, data, strlen (data));
}

static void
put_len (Fixture    *fixture,
         const char *rel,
         const void *data,
         gsize       len)
{
  g_autofree char *p = at (fixture, rel);

  fw_test_write (p, data, len);
}

static void
link_to (Fixture    *fixture,
         const char *target,
         const char *rel)
{
  g_autofree char *p = at (fixture, rel);

  g_assert_no_errno (symlink (target, p));
}

static void
fifo (Fixture    *fixture,
      const char *rel)
{
  g_autofree char *p = at (fixture, rel);

  g_assert_no_errno (mkfifo (p, 0644));
}

static void
mode (Fixture    *fixture,
      const char *rel,
      int         m)
{
  g_autofree char *p = at (fixture, rel);

  g_assert_no_errno (chmod (p, m));
}

static void
unix_socket (Fixture    *fixture,
             const char *rel)
{
  g_autofree char *p = at (fixture, rel);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (p), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, p);
  g_assert_no_errno (bind (fd, (struct sockaddr *) &addr, sizeof addr));
  close (fd);
}

/* Runs @argv in @dir in @locale, as user 65534 when @nobody and root.
 * Output kept as bytes (names need not be UTF-8). */
static void
spawn (const char          *dir,
       const char          *locale,
       gboolean             nobody,
       const char * const  *argv,
       Run                 *run)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (nobody && geteuid () == 0)
    {
      g_ptr_array_add (full, (char *) "setpriv");
      g_ptr_array_add (full, (char *) "--reuid=65534");
      g_ptr_array_add (full, (char *) "--regid=65534");
      g_ptr_array_add (full, (char *) "--clear-groups");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  if (locpath != NULL)
    envp = g_environ_setenv (envp, "LOCPATH", locpath, TRUE);
  g_spawn_sync (dir, (char **) full->pdata, envp, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* Runs `diff -rq ARGS` and `fileworks-cli compare OPTIONS ARGS` in
 * @locale; asserts the same output; returns diff's stdout (owned). */
static char *
same_in (Fixture            *fixture,
         const char         *locale,
         gboolean            nobody,
         const char         *options,
         const char * const *args,
         int                *status)
{
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  g_auto(GStrv) opts = g_strsplit (options, " ", -1);
  g_autofree char *our_err = NULL;
  Run a = { 0 }, b = { 0 };
  char *out;

  g_ptr_array_add (theirs, (gpointer) "diff");
  g_ptr_array_add (theirs, (gpointer) "-rq");
  g_ptr_array_add (ours, cli_path);
  g_ptr_array_add (ours, (gpointer) "compare");
  for (guint i = 0; opts[i] != NULL; i++)
    g_ptr_array_add (ours, opts[i]);
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (theirs, (gpointer) args[i]);
      g_ptr_array_add (ours, (gpointer) args[i]);
    }
  g_ptr_array_add (theirs, NULL);
  g_ptr_array_add (ours, NULL);

  spawn (fixture->dir, locale, nobody, (const char * const *) theirs->pdata, &a);
  spawn (fixture->dir, locale, nobody, (const char * const *) ours->pdata, &b);
  our_err = replace_all (b.err, "fileworks-cli compare", "diff");
  {
    g_autofree char *out_text = g_strescape (a.out, "\n");
    g_autofree char *err_text = g_strescape (a.err, "\n");

    g_test_message ("%s: diff status %d, out '%s', err '%s'", locale, a.status, out_text, err_text);
  }
  g_assert_cmpstr (b.out, ==, a.out);
  g_assert_cmpstr (our_err, ==, a.err);
  g_assert_cmpint (b.status, ==, a.status);
  *status = a.status;
  out = g_steal_pointer (&a.out);
  g_free (a.err);
  g_free (b.out);
  g_free (b.err);
  return out;
}

/* In every locale, with every spelling of the options; returns diff's
 * status (the same in all). */
static int
same_as_diff_as (Fixture            *fixture,
                 gboolean            nobody,
                 const char * const *args)
{
  static const char *spellings[] = { "-rq", "-r", "--recursive --brief", "-q -r" };
  int first = -1;

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    for (guint s = 0; s < (l == 0 ? G_N_ELEMENTS (spellings) : 1); s++)
      {
        int status = 0;

        g_free (same_in (fixture, locales[l], nobody, spellings[s], args, &status));
        if (first < 0)
          first = status;
        g_assert_cmpint (status, ==, first);
      }
  return first;
}

#define SAME_AS_DIFF(fixture, ...) \
  same_as_diff_as (fixture, FALSE, (const char * const[]) { __VA_ARGS__, NULL })
#define SAME_AS_DIFF_NOBODY(fixture, ...) \
  same_as_diff_as (fixture, TRUE, (const char * const[]) { __VA_ARGS__, NULL })

/* ---------------------------------------------------------------------- */

static void
test_identical (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree guchar *big = fw_test_pattern (300 * 1024 + 3, 7);

  mkdirs (fixture, "A/sub/deep");
  mkdirs (fixture, "B/sub/deep");
  mkdirs (fixture, "A/empty");
  mkdirs (fixture, "B/empty");
  put (fixture, "A/one", "one\n");
  put (fixture, "B/one", "one\n");
  put (fixture, "A/sub/deep/e", "");
  put (fixture, "B/sub/deep/e", "");
  put_len (fixture, "A/sub/big", big, 300 * 1024 + 3);
  put_len (fixture, "B/sub/big", big, 300 * 1024 + 3);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 0);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "A"), ==, 0);
}

static void
test_only_in (Fixture       *fixture,
              gconstpointer  data)
{
  mkdirs (fixture, "A/common/onlya/x/y");
  mkdirs (fixture, "B/common/onlyb");
  mkdirs (fixture, "A/emptya");
  mkdirs (fixture, "B/common/emptyb");
  put (fixture, "A/common/onlya/x/y/z", "z\n");
  put (fixture, "B/common/onlyb/q", "q\n");
  put (fixture, "A/common/file", "same\n");
  put (fixture, "B/common/file", "same\n");
  put (fixture, "B/top", "b\n");
  put (fixture, "A/zz", "a\n");
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "B", "A"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/", "B//"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "./A", "B/."), ==, 1);
}

static void
test_contents (Fixture       *fixture,
               gconstpointer  data)
{
  gsize sizes[] = { 1, 4095, 65535, 65536, 65537, 200000 };

  mkdirs (fixture, "A");
  mkdirs (fixture, "B");
  put (fixture, "A/same-size", "abc\n");
  put (fixture, "B/same-size", "abd\n");
  put (fixture, "A/sizes", "abc\n");
  put (fixture, "B/sizes", "abcd\n");
  put (fixture, "A/empty-a", "");
  put (fixture, "B/empty-a", "x");
  put (fixture, "A/empty-b", "x");
  put (fixture, "B/empty-b", "");
  put (fixture, "A/empty", "");
  put (fixture, "B/empty", "");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guchar *bytes = fw_test_pattern (sizes[i], i);
      g_autofree char *same_a = g_strdup_printf ("A/same-%zu", sizes[i]);
      g_autofree char *same_b = g_strdup_printf ("B/same-%zu", sizes[i]);
      g_autofree char *last_a = g_strdup_printf ("A/last-%zu", sizes[i]);
      g_autofree char *last_b = g_strdup_printf ("B/last-%zu", sizes[i]);

      put_len (fixture, same_a, bytes, sizes[i]);
      put_len (fixture, same_b, bytes, sizes[i]);
      put_len (fixture, last_a, bytes, sizes[i]);
      bytes[sizes[i] - 1] ^= 1;
      put_len (fixture, last_b, bytes, sizes[i]);
    }
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 1);
  /* Two files given, and a file against a folder (its namesake in it). */
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/same-size", "B/same-size"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/same-1", "B/same-1"), ==, 0);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/sizes", "B"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B/same-1"), ==, 0);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/sizes", "B/nothing"), ==, 2);
}

static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  mkdirs (fixture, "A/dir-file");
  mkdirs (fixture, "B");
  put (fixture, "B/dir-file", "x\n");
  put (fixture, "A/file-dir", "x\n");
  mkdirs (fixture, "B/file-dir");
  put (fixture, "A/empty-dir", "");
  mkdirs (fixture, "B/empty-dir");
  fifo (fixture, "A/fifo-fifo");
  fifo (fixture, "B/fifo-fifo");
  fifo (fixture, "A/fifo-file");
  put (fixture, "B/fifo-file", "x\n");
  fifo (fixture, "A/fifo-dir");
  mkdirs (fixture, "B/fifo-dir");
  /* Character special files, through links (as nobody cannot mknod). */
  link_to (fixture, "/dev/null", "A/null-null");
  link_to (fixture, "/dev/null", "B/null-null");
  link_to (fixture, "/dev/null", "A/null-zero");
  link_to (fixture, "/dev/zero", "B/null-zero");
  link_to (fixture, "/dev/null", "A/null-file");
  put (fixture, "B/null-file", "");
  unix_socket (fixture, "A/sock-file");
  put (fixture, "B/sock-file", "x\n");
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 1);
}

static void
test_symlinks (Fixture       *fixture,
               gconstpointer  data)
{
  mkdirs (fixture, "A/realdir");
  mkdirs (fixture, "B/linked");
  put (fixture, "A/realdir/in", "in\n");
  put (fixture, "B/linked/in", "in\n");
  put (fixture, "B/linked/more", "more\n");
  link_to (fixture, "realdir", "A/linked");
  put (fixture, "A/target", "t\n");
  link_to (fixture, "target", "A/to-equal");
  put (fixture, "B/to-equal", "t\n");
  link_to (fixture, "target", "A/to-different");
  put (fixture, "B/to-different", "T\n");
  link_to (fixture, "nowhere", "A/dangling");
  put (fixture, "B/dangling", "x\n");
  link_to (fixture, "nowhere", "A/both-dangling");
  link_to (fixture, "nowhere", "B/both-dangling");
  link_to (fixture, "nowhere", "A/only-dangling");
  link_to (fixture, "self", "A/self");
  link_to (fixture, "self", "B/self");
  /* A loop on one side (entered: the other side ends it)... */
  mkdirs (fixture, "A/sub");
  mkdirs (fixture, "B/sub/up");
  link_to (fixture, "..", "A/sub/up");
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 2);

  /* ... and on both sides. */
  g_autofree char *b_up = at (fixture, "B/sub/up");
  g_assert_no_errno (g_rmdir (b_up));
  link_to (fixture, "..", "B/sub/up");
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 2);
  /* Two names for one folder: the same file, nothing read. */
  link_to (fixture, "A", "C");
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "C"), ==, 0);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  mkdirs (fixture, "A/closed-a/in");
  mkdirs (fixture, "B/closed-a/in");
  mkdirs (fixture, "A/closed-b");
  mkdirs (fixture, "B/closed-b");
  mkdirs (fixture, "A/closed-both");
  mkdirs (fixture, "B/closed-both");
  put (fixture, "A/closed-a/f", "a\n");
  put (fixture, "B/closed-a/f", "b\n");
  put (fixture, "A/file-a", "x\n");
  put (fixture, "B/file-a", "x\n");
  put (fixture, "A/file-both", "x\n");
  put (fixture, "B/file-both", "x\n");
  put (fixture, "A/empty-closed", "");
  put (fixture, "B/empty-closed", "");
  /* Sizes that differ: diff tells without opening. */
  put (fixture, "A/sizes-closed", "x\n");
  put (fixture, "B/sizes-closed", "xy\n");
  /* Not searchable: what is in it cannot even be looked at. */
  mkdirs (fixture, "A/nosearch");
  mkdirs (fixture, "B/nosearch");
  put (fixture, "A/nosearch/f", "x\n");
  put (fixture, "B/nosearch/f", "x\n");
  put (fixture, "A/zz-differs", "1\n");
  put (fixture, "B/zz-differs", "2\n");
  mode (fixture, "A/closed-a", 0);
  mode (fixture, "B/closed-b", 0);
  mode (fixture, "A/closed-both", 0);
  mode (fixture, "B/closed-both", 0);
  mode (fixture, "A/file-a", 0);
  mode (fixture, "A/file-both", 0);
  mode (fixture, "B/file-both", 0);
  mode (fixture, "A/empty-closed", 0);
  mode (fixture, "A/sizes-closed", 0);
  mode (fixture, "B/sizes-closed", 0);
  mode (fixture, "A/nosearch", 0644);
  /* Trouble and differences: 2. */
  g_assert_cmpint (SAME_AS_DIFF_NOBODY (fixture, "A", "B"), ==, 2);
  g_assert_cmpint (SAME_AS_DIFF_NOBODY (fixture, "A/closed-a", "B/closed-a"), ==, 2);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  static const char *names[] = {
    "a", "B", "b", "C", "é", "e", "f", "Éa", "a b", "a-b", "ab", "a_b", ".hidden",
    "_under", "Z", "z", "new\nline", "back\\slash", "tab\there", "\xff\xfe", "caf\xc3\xa9",
  };
  g_autofree char *c_order = NULL;
  g_autofree char *utf8_order = NULL;
  int status = 0;

  mkdirs (fixture, "A/sp ace");
  mkdirs (fixture, "B/sp ace");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_strdup_printf ("A/%s", names[i]);
      g_autofree char *b = g_strdup_printf ("B/sp ace/%s", names[i]);

      /* Every other one only in A, the rest differ. */
      put (fixture, a, "a\n");
      if (i % 2 == 0)
        put (fixture, b, "b\n");
      g_free (a);
      a = g_strdup_printf ("A/sp ace/%s", names[i]);
      put (fixture, a, "a\n");
    }
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 1);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A/sp ace", "B/sp ace"), ==, 1);

  /* The locale matters: these names sort otherwise in en_US.UTF-8. */
  c_order = same_in (fixture, "C", FALSE, "-r", (const char * const[]) { "A/sp ace", "B/sp ace", NULL }, &status);
  utf8_order = same_in (fixture, "en_US.UTF-8", FALSE, "-r", (const char * const[]) { "A/sp ace", "B/sp ace", NULL }, &status);
  g_assert_cmpstr (c_order, !=, utf8_order);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  mkdirs (fixture, "A");
  mkdirs (fixture, "B");
  /* diff's words for missing and extra operands. */
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A"), ==, 2);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B", "C"), ==, 2);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "missing", "B"), ==, 2);
  g_assert_cmpint (SAME_AS_DIFF (fixture, "missing", "other"), ==, 2);
}

/* Standard output that cannot be written: diff's words, status 2. */
static void
test_write_error (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cli = g_strdup (cli_path);
  Run a = { 0 }, b = { 0 };
  g_autofree char *our_err = NULL;

  mkdirs (fixture, "A");
  mkdirs (fixture, "B");
  put (fixture, "A/x", "1\n");
  put (fixture, "B/x", "2\n");
  put (fixture, "A/y", "1\n");
  put (fixture, "B/y", "2\n");
  spawn (fixture->dir, "C", FALSE,
         (const char * const[]) { "sh", "-c", "exec \"$@\" >/dev/full", "sh",
                                  "diff", "-rq", "A", "B", NULL }, &a);
  spawn (fixture->dir, "C", FALSE,
         (const char * const[]) { "sh", "-c", "exec \"$@\" >/dev/full", "sh",
                                  cli, "compare", "-r", "A", "B", NULL }, &b);
  our_err = replace_all (b.err, "fileworks-cli compare", "diff");
  g_assert_cmpstr (our_err, ==, a.err);
  g_assert_cmpint (b.status, ==, a.status);
  g_assert_cmpint (a.status, ==, 2);
  g_assert_nonnull (strstr (a.err, "standard output"));
  g_free (a.out);
  g_free (a.err);
  g_free (b.out);
  g_free (b.err);
}

/* ---------------------------------------------------------------------- */
/* --exclude: diff -x matches base names only, so the reference is diff -rq
 * on copies of the trees built without the excluded entries. */

/* Two trees under @dir; the entries the patterns below leave out only
 * when @excluded; a difference that stays only when @kept. */
static void
build_exclude_trees (const char *dir,
                     gboolean    excluded,
                     gboolean    kept)
{
  Fixture f = { .dir = (char *) dir };

  mkdirs (&f, "A/sub/deeper");
  mkdirs (&f, "B/sub/deeper");
  put (&f, "A/same", "s\n");
  put (&f, "B/same", "s\n");
  put (&f, "A/sub/deeper/same", "t\n");
  put (&f, "B/sub/deeper/same", "t\n");
  if (kept)
    {
      put (&f, "A/sub/kept", "1\n");
      put (&f, "B/sub/kept", "2\n");
      put (&f, "B/sub/deeper/only b", "b\n");
    }
  if (!excluded)
    return;
  /* node_modules: a folder only in A, and one deeper on both sides. */
  mkdirs (&f, "A/node_modules/pkg");
  put (&f, "A/node_modules/pkg/index.js", "x\n");
  mkdirs (&f, "A/sub/node_modules");
  mkdirs (&f, "B/sub/node_modules");
  put (&f, "A/sub/node_modules/m", "a\n");
  put (&f, "B/sub/node_modules/m", "b\n");
  /* *.o: different sizes, only in A, a dangling link on both sides
   * (trouble, status 2, when compared), a file against a folder. */
  put (&f, "A/x.o", "1\n");
  put (&f, "B/x.o", "22\n");
  put (&f, "A/sub/deeper/y.o", "only a\n");
  link_to (&f, "nowhere", "A/sub/broken.o");
  link_to (&f, "nowhere", "B/sub/broken.o");
  put (&f, "A/sub/kind.o", "file\n");
  mkdirs (&f, "B/sub/kind.o");
  /* A*: relative to each operand, so it leaves out Apple, not A itself
   * (du's --exclude='A*' on operand A would leave out everything). */
  put (&f, "A/Apple", "1\n");
  put (&f, "B/Apple", "2\n");
  put (&f, "A/sub/Apricot", "3\n");
}

/* `compare -r OPTIONS A B` in @fixture's trees against `diff -rq A B` in
 * @reference's, in every locale; returns the status. */
static int
same_excluding (Fixture    *fixture,
                Fixture    *reference,
                const char *options)
{
  g_auto(GStrv) opts = g_strsplit (options, " ", -1);
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  int first = -1;

  g_ptr_array_add (ours, cli_path);
  g_ptr_array_add (ours, (gpointer) "compare");
  g_ptr_array_add (ours, (gpointer) "-rq");
  for (guint i = 0; opts[i] != NULL; i++)
    g_ptr_array_add (ours, opts[i]);
  g_ptr_array_add (ours, (gpointer) "A");
  g_ptr_array_add (ours, (gpointer) "B");
  g_ptr_array_add (ours, NULL);

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      const char *theirs[] = { "diff", "-rq", "A", "B", NULL };
      g_autofree char *our_err = NULL;
      Run a = { 0 }, b = { 0 };

      spawn (reference->dir, locales[l], FALSE, theirs, &a);
      spawn (fixture->dir, locales[l], FALSE, (const char * const *) ours->pdata, &b);
      our_err = replace_all (b.err, "fileworks-cli compare", "diff");
      g_test_message ("%s %s: status %d, out '%s'", locales[l], options, a.status, a.out);
      g_assert_cmpstr (b.out, ==, a.out);
      g_assert_cmpstr (our_err, ==, a.err);
      g_assert_cmpint (b.status, ==, a.status);
      if (first < 0)
        first = a.status;
      g_assert_cmpint (a.status, ==, first);
      g_free (a.out);
      g_free (a.err);
      g_free (b.out);
      g_free (b.err);
    }
  return first;
}

static void
test_exclude (Fixture       *fixture,
              gconstpointer  data)
{
  Fixture reference = { .dir = fw_test_mkdtemp () };
  g_autofree char *list = at (fixture, "patterns");
  g_autofree char *from = g_strdup_printf ("--exclude-from=%s", list);
  g_autofree char *mixed = g_strdup_printf ("--exclude=node_modules --exclude-from=%s", list);
  int status = 0;

  build_exclude_trees (fixture->dir, TRUE, TRUE);
  build_exclude_trees (reference.dir, FALSE, TRUE);
  /* Without the patterns, the excluded entries count: trouble (the
   * dangling links), so the cases below can fail. */
  g_assert_cmpint (SAME_AS_DIFF (fixture, "A", "B"), ==, 2);

  g_assert_cmpint (same_excluding (fixture, &reference,
                                   "--exclude=node_modules --exclude=*.o --exclude=A*"), ==, 1);
  /* du's corner: with a slash, matched on the whole relative path too. */
  g_assert_cmpint (same_excluding (fixture, &reference,
                                   "--exclude=*/node_modules --exclude=node_modules "
                                   "--exclude=*.o --exclude=A*"), ==, 1);
  fw_test_write (list, "node_modules\n*.o  \n\nA*\r\n", strlen ("node_modules\n*.o  \n\nA*\r\n"));
  g_assert_cmpint (same_excluding (fixture, &reference, from), ==, 1);
  fw_test_write (list, "*.o\nA*", strlen ("*.o\nA*"));
  g_assert_cmpint (same_excluding (fixture, &reference, mixed), ==, 1);

  /* Part of them only: what is left still differs, and fails. */
  {
    const char *argv[] = { cli_path, "compare", "-rq", "--exclude=node_modules", "A", "B", NULL };
    g_autofree char *out = fw_test_run (fixture->dir, argv, &status, NULL);

    g_assert_cmpint (status, ==, 2);
    g_assert_null (strstr (out, "node_modules"));
    g_assert_nonnull (strstr (out, "Files A/x.o and B/x.o differ\n"));
    g_assert_nonnull (strstr (out, "Only in A/sub/deeper: y.o\n"));
  }

  fw_test_rmtree (reference.dir);
  g_free (reference.dir);
}

/* Every difference excluded: status 0, nothing printed. */
static void
test_exclude_all (Fixture       *fixture,
                  gconstpointer  data)
{
  Fixture reference = { .dir = fw_test_mkdtemp () };

  build_exclude_trees (fixture->dir, TRUE, FALSE);
  build_exclude_trees (reference.dir, FALSE, FALSE);
  g_assert_cmpint (same_excluding (fixture, &reference,
                                   "--exclude=node_modules --exclude=*.o --exclude=A*"), ==, 0);
  fw_test_rmtree (reference.dir);
  g_free (reference.dir);
}

static void
test_exclude_usage (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *without_r[] = { cli_path, "compare", "--exclude=x", "A", "B", NULL };
  const char *missing[] = { cli_path, "compare", "-r", "--exclude-from=no such file", "A", "B", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  mkdirs (fixture, "A");
  mkdirs (fixture, "B");
  out = fw_test_run (fixture->dir, without_r, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--exclude"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = fw_test_run (fixture->dir, missing, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "'no such file': No such file or directory"));
}

/* en_US.UTF-8: the system's, or one made here with localedef. */
static void
find_locale (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out_dir = NULL;
  int status = 0;

  if (setlocale (LC_ALL, "en_US.UTF-8") != NULL)
    {
      setlocale (LC_ALL, "C");
      return;
    }
  dir = fw_test_mkdtemp ();
  out_dir = g_build_filename (dir, "en_US.UTF-8", NULL);
  {
    const char *argv[] = { "localedef", "-i", "en_US", "-f", "UTF-8", out_dir, NULL };
    g_autofree char *err = NULL;

    g_free (fw_test_run (NULL, argv, &status, &err));
    /* localedef warns about some locales' sources and still makes them. */
    if (!g_file_test (out_dir, G_FILE_TEST_IS_DIR))
      g_error ("cannot make en_US.UTF-8 (install 'locales'): status %d: %s", status, err);
  }
  g_assert_no_errno (chmod (dir, 0755));
  locpath = g_steal_pointer (&dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *version = NULL;
  const char *probe[] = { "diff", "--version", NULL };
  int status = 0;
  int result;

  g_test_init (&argc, &argv, NULL);
  cli_path = fw_test_cli_path ();

  /* The reference: GNU diff must be there (no quiet skip). */
  version = fw_test_run (NULL, probe, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (version, "diff (GNU diffutils)"));
  find_locale ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/compare-tree/identical", test_identical);
  ADD ("/cli/compare-tree/only-in", test_only_in);
  ADD ("/cli/compare-tree/contents", test_contents);
  ADD ("/cli/compare-tree/types", test_types);
  ADD ("/cli/compare-tree/symlinks", test_symlinks);
  ADD ("/cli/compare-tree/unreadable", test_unreadable);
  ADD ("/cli/compare-tree/names", test_names);
  ADD ("/cli/compare-tree/usage", test_usage);
  ADD ("/cli/compare-tree/write-error", test_write_error);
  ADD ("/cli/compare-tree/exclude", test_exclude);
  ADD ("/cli/compare-tree/exclude-all", test_exclude_all);
  ADD ("/cli/compare-tree/exclude-usage", test_exclude_usage);
#undef ADD

  result = g_test_run ();
  if (locpath != NULL)
    fw_test_rmtree (locpath);
  g_free (locpath);
  g_free (cli_path);
  return result;
}
