/* test-cli-dupes.c — `fileworks-cli dupes` side by side with the real
 * `fdupes` (Debian's 2.2): the same sets of files in each group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-cli-quote.h"
#include "fw-test-util.h"

static char *top;       /* the test's folder: the tools run there */
static char *cli;
static GPtrArray *known; /* every path under "t", as the tools print them */
static GHashTable *leader; /* path → the byte-wise first path of its inode */

static void
put (const char *name,
     const char *content,
     gsize       repeat)
{
  g_autofree char *path = g_build_filename (top, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < repeat; i++)
    g_string_append (s, content);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, s->str, s->len);
  g_string_free (s, TRUE);
}

/* Big enough for the digest stage: @len bytes, @tweak at @at. */
static void
put_big (const char *name,
         gsize       len,
         guint       seed,
         gsize       at,
         guint8      tweak)
{
  g_autofree char *path = g_build_filename (top, name, NULL);
  g_autofree guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 31 + seed + (i >> 9));
  if (tweak != 0)
    data[at] ^= tweak;
  fw_test_write (path, data, len);
}

static void
walk_known (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *child = g_build_filename (path, name, NULL);
      struct stat st;

      g_assert_cmpint (lstat (child, &st), ==, 0);
      g_ptr_array_add (known, child);
      if (S_ISDIR (st.st_mode))
        walk_known (child);
    }
}

/* Each path's inode leader, for comparing runs without -H, where fdupes
 * prints any one path of an inode and fileworks-cli the first. */
static void
find_leaders (void)
{
  g_autoptr(GHashTable) by_inode = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *old_cwd = g_get_current_dir ();

  g_assert_cmpint (chdir (top), ==, 0);
  g_ptr_array_set_size (known, 0);
  walk_known ("t");
  g_hash_table_remove_all (leader);
  for (guint i = 0; i < known->len; i++)
    {
      const char *path = known->pdata[i];
      struct stat st;
      g_autofree char *key = NULL;
      const char *first;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      key = g_strdup_printf ("%lu:%lu", (gulong) st.st_dev, (gulong) st.st_ino);
      first = g_hash_table_lookup (by_inode, key);
      if (first == NULL || strcmp (path, first) < 0)
        g_hash_table_insert (by_inode, g_steal_pointer (&key), (gpointer) path);
    }
  for (guint i = 0; i < known->len; i++)
    {
      const char *path = known->pdata[i];
      struct stat st;
      g_autofree char *key = NULL;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      key = g_strdup_printf ("%lu:%lu", (gulong) st.st_dev, (gulong) st.st_ino);
      g_hash_table_insert (leader, (gpointer) path, g_hash_table_lookup (by_inode, key));
    }
  g_assert_cmpint (chdir (old_cwd), ==, 0);
  g_free (old_cwd);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The groups as one string: each group's names (mapped to their inode's
 * leader when @by_inode) sorted and joined by '|', the groups sorted and
 * joined by '\n'. Order-free: sets compared as sets. */
static char *
canonical (GPtrArray *groups,
           gboolean   by_inode)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *g = groups->pdata[i];
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char **v = NULL;

      for (guint j = 0; j < g->len; j++)
        {
          const char *name = g->pdata[j];

          if (by_inode)
            {
              name = g_hash_table_lookup (leader, name);
              g_assert_nonnull (name);
            }
          g_ptr_array_add (names, (gpointer) name);
        }
      g_ptr_array_sort (names, compare_strings);
      g_ptr_array_add (names, NULL);
      v = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
      g_ptr_array_add (lines, g_strjoinv ("|", v));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) lines->pdata[i]);
  return g_string_free (s, FALSE);
}

static void
groups_free (gpointer data)
{
  g_ptr_array_unref (data);
}

/* fdupes' output: raw names (a newline may be in one), a blank line after
 * each group. Parsed against the known names, the longest that fits. */
static GPtrArray *
parse_fdupes (const char *out)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (groups_free);
  GPtrArray *cur = NULL;
  gsize p = 0, n = strlen (out);

  while (p < n)
    {
      const char *best = NULL;
      gsize best_len = 0;

      if (out[p] == '\n')
        {
          if (cur != NULL)
            g_ptr_array_add (groups, g_steal_pointer (&cur));
          p++;
          continue;
        }
      for (guint i = 0; i < known->len; i++)
        {
          const char *k = known->pdata[i];
          gsize len = strlen (k);

          if (len > best_len && p + len < n && strncmp (out + p, k, len) == 0 && out[p + len] == '\n')
            {
              best = k;
              best_len = len;
            }
        }
      if (best == NULL)
        g_error ("fdupes printed a name not in the tree at: %s", out + p);
      if (cur == NULL)
        cur = g_ptr_array_new ();
      g_ptr_array_add (cur, (gpointer) best);
      p += best_len + 1;
    }
  if (cur != NULL)
    g_ptr_array_add (groups, cur);
  return groups;
}

/* Ours: one quoted name a line, a blank line after each group. Each line
 * must be the quoted form of a known name. Sizes checked in order: each
 * group's size at most the one before, the empty group last. */
static GPtrArray *
parse_ours (const char *out)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (groups_free);
  g_autoptr(GHashTable) unquote = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *cur = NULL;
  gint64 last_size = G_MAXINT64;

  for (guint i = 0; i < known->len; i++)
    g_hash_table_insert (unquote, fw_cli_quote_name (known->pdata[i]), known->pdata[i]);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *raw;

      if (lines[i][0] == '\0')
        {
          if (cur != NULL)
            {
              g_autofree char *path = g_build_filename (top, cur->pdata[0], NULL);
              struct stat st;
              gint64 size;

              g_assert_cmpint (stat (path, &st), ==, 0);
              size = st.st_size;
              /* Largest first, the empty files last. */
              g_assert_true (last_size != 0);
              g_assert_cmpint (size, <=, last_size);
              last_size = size;
              /* Names in byte order within a group. */
              for (guint j = 1; j < cur->len; j++)
                g_assert_cmpint (strcmp (cur->pdata[j - 1], cur->pdata[j]), <, 0);
              g_ptr_array_add (groups, g_steal_pointer (&cur));
            }
          continue;
        }
      raw = g_hash_table_lookup (unquote, lines[i]);
      if (raw == NULL)
        g_error ("fileworks-cli printed a line that quotes no name in the tree: %s", lines[i]);
      if (cur == NULL)
        cur = g_ptr_array_new ();
      g_ptr_array_add (cur, (gpointer) raw);
    }
  g_assert_null (cur);
  return groups;
}

static uid_t run_as = 0;

static void
child_setup (gpointer data)
{
  if (run_as != 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (run_as) != 0 || setuid (run_as) != 0)
        _exit (126);
    }
}

static char *
run_tool (const char * const *argv,
          int                *status,
          char              **err)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;
  const char *envp[] = { "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", NULL };

  g_spawn_sync (top, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH_FROM_ENVP,
                child_setup, NULL, &out, err, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  return out;
}

/* Runs `fileworks-cli dupes ARGS` and `fdupes ARGS`; the groups must be
 * the same sets. Returns ours' status and stderr. */
static int
check_same (const char * const *args,
            gboolean            by_inode,
            char              **our_err,
            guint              *n_groups)
{
  g_autoptr(GPtrArray) fw_argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) fd_argv = g_ptr_array_new ();
  g_autofree char *fw_out = NULL, *fd_out = NULL, *fd_err = NULL;
  g_autoptr(GPtrArray) fw_groups = NULL, fd_groups = NULL;
  g_autofree char *fw_text = NULL, *fd_text = NULL;
  g_autofree char *fw_err = NULL;
  int fw_status, fd_status;

  g_ptr_array_add (fw_argv, cli);
  g_ptr_array_add (fw_argv, "dupes");
  g_ptr_array_add (fd_argv, "fdupes");
  g_ptr_array_add (fd_argv, "-q");
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (fw_argv, (gpointer) args[i]);
      g_ptr_array_add (fd_argv, (gpointer) args[i]);
    }
  g_ptr_array_add (fw_argv, NULL);
  g_ptr_array_add (fd_argv, NULL);

  fw_out = run_tool ((const char * const *) fw_argv->pdata, &fw_status, &fw_err);
  if (our_err != NULL)
    *our_err = g_steal_pointer (&fw_err);
  fd_out = run_tool ((const char * const *) fd_argv->pdata, &fd_status, &fd_err);
  g_assert_cmpint (fd_status, ==, 0);

  fw_groups = parse_ours (fw_out);
  fd_groups = parse_fdupes (fd_out);
  fw_text = canonical (fw_groups, by_inode);
  fd_text = canonical (fd_groups, by_inode);
  g_assert_cmpstr (fw_text, ==, fd_text);
  if (n_groups != NULL)
    *n_groups = fw_groups->len;
  return fw_status;
}

static void
make_tree (void)
{
  g_autofree char *outside = g_build_filename (top, "outside", NULL);
  g_autofree char *t = g_build_filename (top, "t", NULL);

  put ("t/unique", "u", 10);
  put ("t/same-size-1", "abcd", 100);
  put ("t/same-size-2", "abce", 100);
  put ("t/dup-1", "hello\n", 1);
  put ("t/sub/dup-2", "hello\n", 1);
  put ("t/sub/deeper/dup-3", "hello\n", 1);
  g_assert_cmpint (g_mkdir_with_parents (t, 0755), ==, 0);
  put_big ("t/mid-1", 40000, 1, 0, 0);
  put_big ("t/mid-2", 40000, 1, 20000, 0x10);
  put_big ("t/big-1", 40000, 2, 0, 0);
  put_big ("t/sub/big-2", 40000, 2, 0, 0);
  /* Hard links: inside the tree, and to a file outside it. */
  put ("t/link-a", "linked content\n", 1);
  {
    g_autofree char *a = g_build_filename (top, "t/link-a", NULL);
    g_autofree char *b = g_build_filename (top, "t/sub/link-b", NULL);
    g_autofree char *only_a = g_build_filename (top, "t/only-links-1", NULL);
    g_autofree char *only_b = g_build_filename (top, "t/only-links-2", NULL);
    g_autofree char *out_file = g_build_filename (outside, "o", NULL);
    g_autofree char *in_link = g_build_filename (top, "t/outside-link", NULL);

    g_unlink (b);
    g_assert_cmpint (link (a, b), ==, 0);
    put ("t/link-copy", "linked content\n", 1);
    put ("t/only-links-1", "nobody else has this\n", 1);
    g_assert_cmpint (link (only_a, only_b), ==, 0);
    put ("outside/o", "from outside\n", 1);
    g_assert_cmpint (link (out_file, in_link), ==, 0);
    put ("t/outside-copy", "from outside\n", 1);
  }
  /* Symbolic links, to a file and to a folder: never followed. */
  {
    g_autofree char *l1 = g_build_filename (top, "t/symlink-to-dup", NULL);
    g_autofree char *l2 = g_build_filename (top, "t/symlink-to-sub", NULL);
    g_autofree char *fifo = g_build_filename (top, "t/fifo", NULL);

    g_assert_cmpint (symlink ("dup-1", l1), ==, 0);
    g_assert_cmpint (symlink ("sub", l2), ==, 0);
    g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  }
  /* Empty files. */
  put ("t/empty-1", "", 0);
  put ("t/sub/empty-2", "", 0);
  /* Awkward names: a space, a newline, a backslash, a quote, a colon,
   * bytes that are not UTF-8. */
  put ("t/with space", "awkward\n", 1);
  put ("t/new\nline", "awkward\n", 1);
  put ("t/back\\slash", "awkward\n", 1);
  put ("t/it's", "awkward\n", 1);
  put ("t/co:lon", "awkward\n", 1);
  put ("t/bad-\377-utf8", "awkward\n", 1);
}

static void
setup (void)
{
  top = fw_test_mkdtemp ();
  g_assert_cmpint (chmod (top, 0755), ==, 0);
  make_tree ();
  find_leaders ();
}

static void
teardown (void)
{
  fw_test_rmtree (top);
  g_clear_pointer (&top, g_free);
}

static void
test_like_fdupes (void)
{
  const char *recurse[] = { "-r", "t", NULL };
  const char *noempty[] = { "-r", "-n", "t", NULL };
  const char *hard[] = { "-r", "-H", "t", NULL };
  const char *hard_noempty[] = { "-r", "-n", "-H", "t", NULL };
  const char *flat[] = { "t", NULL };
  const char *overlap[] = { "-r", "t", "t/sub", NULL };
  const char *overlap_h[] = { "-r", "-H", "t/sub", "t", NULL };
  g_autofree char *err = NULL;
  guint n = 0;

  setup ();
  g_assert_cmpint (check_same (recurse, TRUE, &err, &n), ==, 0);
  /* dups, big, links, outside, awkward, empty. */
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (check_same (noempty, TRUE, NULL, &n), ==, 0);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (check_same (hard, FALSE, NULL, &n), ==, 0);
  /* And the two links with no copy. */
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpint (check_same (hard_noempty, FALSE, NULL, NULL), ==, 0);
  g_assert_cmpint (check_same (flat, TRUE, NULL, NULL), ==, 0);
  g_assert_cmpint (check_same (overlap, TRUE, NULL, NULL), ==, 0);
  g_assert_cmpint (check_same (overlap_h, FALSE, NULL, NULL), ==, 0);
  /* The FIFO is named, as skipped; the status stays 0. */
  g_assert_nonnull (strstr (err, "fileworks-cli dupes: t/fifo is not a regular file; skipped"));
  teardown ();
}

static void
test_names_escaped (void)
{
  const char *argv[] = { NULL, "dupes", "-r", "-q", "t", NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status;

  setup ();
  argv[0] = cli;
  out = run_tool (argv, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* A newline cannot split a group: the name is quoted as ls quotes it. */
  g_assert_nonnull (strstr (out, "\n't/new'$'\\n''line'\n"));
  g_assert_nonnull (strstr (out, "\n't/back\\slash'\n"));
  g_assert_nonnull (strstr (out, "\n't/bad-'$'\\377''-utf8'\n"));
  g_assert_nonnull (strstr (out, "\n\"t/it's\"\n"));
  g_assert_nonnull (strstr (out, "\n't/with space'\n"));
  teardown ();
}

static void
test_file_operands (void)
{
  const char *argv[] = { NULL, "dupes", "t/dup-1", "t/sub/dup-2", "t/unique", "t", NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status;

  setup ();
  argv[0] = cli;
  out = run_tool (argv, &status, &err);
  g_assert_cmpint (status, ==, 0);
  /* fdupes refuses file operands; here they join the folder's files. The
   * folder's own t/dup-1 is the same file as the operand: listed once. */
  g_assert_nonnull (strstr (out, "t/dup-1\nt/sub/dup-2\n\n"));
  teardown ();
}

static void
test_unreadable (void)
{
  const char *args[] = { "-r", "t", NULL };
  g_autofree char *err = NULL;
  g_autofree char *secret = NULL;
  struct passwd *nobody = getpwnam ("nobody");

  setup ();
  secret = g_build_filename (top, "t", "sub", "secret", NULL);
  put ("t/sub/secret", "hello\n", 1);
  g_assert_cmpint (chmod (secret, 0), ==, 0);
  find_leaders ();
  if (geteuid () == 0)
    {
      /* Root reads anything: both tools run as nobody instead. */
      g_assert_nonnull (nobody);
      run_as = nobody->pw_uid;
    }
  /* fdupes says so and exits 0; we go on too, and exit 1. */
  g_assert_cmpint (check_same (args, TRUE, &err, NULL), ==, 1);
  run_as = 0;
  g_assert_nonnull (strstr (err, "fileworks-cli dupes: cannot read t/sub/secret: Permission denied"));
  teardown ();
}

static void
test_usage (void)
{
  const char *missing[] = { NULL, "dupes", NULL };
  const char *bad[] = { NULL, "dupes", "-z", "x", NULL };
  const char *gone[] = { NULL, "dupes", "no-such-file", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  int status;

  top = fw_test_mkdtemp ();
  missing[0] = bad[0] = gone[0] = cli;
  out1 = run_tool (missing, &status, &err1);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err1, "fileworks-cli dupes: missing operand\n"));
  out2 = run_tool (bad, &status, &err2);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err2, "fileworks-cli dupes: invalid option -- 'z'\n"));
  out3 = run_tool (gone, &status, &err3);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out3, ==, "");
  g_assert_cmpstr (err3, ==, "fileworks-cli dupes: cannot read no-such-file: No such file or directory\n");
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *fdupes = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  cli = fw_test_cli_path ();
  known = g_ptr_array_new_with_free_func (g_free);
  leader = g_hash_table_new (g_str_hash, g_str_equal);

  fdupes = g_find_program_in_path ("fdupes");
  if (fdupes == NULL)
    {
      /* Loud: the comparison is the point of this test. */
      g_printerr ("fdupes is not installed (build-aux/setup installs it)\n");
      return 1;
    }

  g_test_add_func ("/cli-dupes/like-fdupes", test_like_fdupes);
  g_test_add_func ("/cli-dupes/names-escaped", test_names_escaped);
  g_test_add_func ("/cli-dupes/file-operands", test_file_operands);
  g_test_add_func ("/cli-dupes/unreadable", test_unreadable);
  g_test_add_func ("/cli-dupes/usage", test_usage);

  status = g_test_run ();
  g_hash_table_unref (leader);
  g_ptr_array_unref (known);
  g_free (cli);
  return status;
}
