/* test-cli-hash-exclude.c — `fileworks-cli hash -r --exclude`, side by side with du
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `hash -r --exclude=PATTERN` and `--exclude-from=FILE` leave out what
 * `du --exclude` leaves out (issue 20, item 4): for each pattern and each
 * spelling of the operand, the set of files hashed is the set of regular
 * files `du -a` lists with the same options. Patterns that match a file,
 * a folder, a part of the path after a `/`, with `*` crossing `/`, and
 * the operand itself.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fw-test-util.h"

static char *dir;
static char *cli;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
make_tree (void)
{
  const char *files[] = {
    "A/a.o", "A/b.c", "A/sub/x.o", "A/sub/deep/y", "A/sub/deep/y.o", "A/.git/HEAD",
    "A/.git/objects/ab/cd", "A/cache/z", "A/sub/cache", "A/with space/f.c",
    "A/subway/s.c", "A/node_modules/m/index.js", "B/b.c", "B/cache/q",
  };
  g_autofree char *link = g_build_filename (dir, "A", "link.o", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_bytes_unref (fw_test_write_random (dir, files[i], 10 + i, i));
  g_assert_no_errno (symlink ("b.c", link));
}

/* The regular files du -a lists, sorted, one a line. */
static char *
du_files (const char *const *args)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) built = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);
  int status;

  g_strv_builder_add_many (argv, "du", "-a", NULL);
  g_strv_builder_addv (argv, (const char **) args);
  built = g_strv_builder_end (argv);
  out = fw_test_run (dir, (const char *const *) built, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');
      g_autofree char *path = NULL;
      struct stat st;

      if (tab == NULL)
        continue;
      path = g_build_filename (dir, tab + 1, NULL);
      if (lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_ptr_array_add (files, g_strdup (tab + 1));
    }
  g_ptr_array_sort (files, compare_names);
  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (files, i));
  return g_string_free (s, FALSE);
}

/* The files `hash -r` hashes, sorted, one a line. */
static char *
hash_files (const char *const *args)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) built = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);
  int status;

  g_strv_builder_add_many (argv, cli, "hash", "-r", NULL);
  g_strv_builder_addv (argv, (const char **) args);
  built = g_strv_builder_end (argv);
  out = fw_test_run (dir, (const char *const *) built, &status, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "HEX  NAME": 64 hex digits of sha256, two spaces. */
      if (strlen (lines[i]) > 66)
        g_ptr_array_add (files, g_strdup (lines[i] + 66));
    }
  g_ptr_array_sort (files, compare_names);
  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (files, i));
  return g_string_free (s, FALSE);
}

static void
assert_same (const char *const *args)
{
  g_autofree char *joined = g_strjoinv (" ", (char **) args);
  g_autofree char *du = du_files (args);
  g_autofree char *hashed = hash_files (args);

  g_test_message ("%s:\n%s", joined, hashed);
  g_assert_cmpstr (hashed, ==, du);
}

static void
test_patterns (void)
{
  const char *patterns[] = {
    "*.o",            /* files, anywhere */
    "cache",          /* a folder and a file of that name */
    "sub/deep",       /* a part of the path after a '/' */
    "A/sub*",         /* '*' crosses '/': A/sub, A/subway and all below */
    "*/deep/*",
    ".git",           /* a hidden folder */
    "with space",
    "y*",
    "x.?",
    "[ab].c",
    "A*",             /* the operand: everything goes */
    "A",
    "nothing-matches",
  };
  const char *operands[][3] = {
    { "A", NULL, NULL },
    { "./A", NULL, NULL },
    { "A/", NULL, NULL },
    { "A", "B", NULL },
  };

  for (guint p = 0; p < G_N_ELEMENTS (patterns); p++)
    for (guint o = 0; o < G_N_ELEMENTS (operands); o++)
      {
        g_autofree char *opt = g_strconcat ("--exclude=", patterns[p], NULL);
        const char *args[] = { opt, operands[o][0], operands[o][1], NULL };

        assert_same (args);
      }

  /* Several at once; and none (the whole tree). */
  assert_same ((const char *[]) { "--exclude=*.o", "--exclude=cache", "--exclude=.git", "A", "B", NULL });
  assert_same ((const char *[]) { "A", NULL });
  /* A file operand the pattern matches. */
  assert_same ((const char *[]) { "--exclude=*.c", "A/b.c", "B", NULL });
}

static void
test_exclude_from (void)
{
  g_autofree char *list = g_build_filename (dir, "patterns", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* du's reading: trailing white space (a \r too) goes, empty lines are
   * skipped, the last line needs no newline. */
  const char *text = "*.o\r\n\n  \ncache  \n.git";

  fw_test_write (list, text, strlen (text));
  assert_same ((const char *[]) { "--exclude-from=patterns", "A", "B", NULL });
  assert_same ((const char *[]) { "--exclude-from=patterns", "--exclude=sub", "A", NULL });

  /* A list that cannot be read: du's words and status. */
  out = fw_test_run (dir, (const char *[]) { cli, "hash", "-r", "--exclude-from=gone", "A", NULL },
                     &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "fileworks-cli hash: gone: No such file or directory\n");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* du's and our messages in English. */
  g_setenv ("LC_ALL", "C", TRUE);
  dir = g_dir_make_tmp ("fw-test-cli-hash-exclude-XXXXXX", &error);
  g_assert_no_error (error);
  cli = fw_test_cli_path ();
  make_tree ();

  g_test_add_func ("/cli-hash-exclude/patterns", test_patterns);
  g_test_add_func ("/cli-hash-exclude/exclude-from", test_exclude_from);
  ret = g_test_run ();
  fw_test_rmtree (dir);
  g_free (dir);
  g_free (cli);
  return ret;
}
