/* test-cli-du.c — `fileworks-cli du` and `size --exclude`, against the real du
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trees are built once per run of this binary (under /var/tmp, a disk
 * file system, and a wide folder on tmpfs), then each case runs the real
 * du and fileworks-cli with the same arguments in the same clean
 * environment (env -i style: PATH, LC_ALL=C, and the variable under test)
 * and compares standard output and exit status byte for byte, and
 * standard error line by line with the program names made the same.
 * Unreadable folders are read as an unprivileged user (setpriv) when the
 * tests run as root.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-exclude.h"
#include "fw-size.h"

#define S_MAGIC_TMPFS 0x01021994

static char *base;        /* the disk trees */
static char *shm_base;    /* the tmpfs tree, or NULL */

/* ---------------------------------------------------------------------- */

static void
mkdir_p (const char *root,
         const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_assert_no_errno (g_mkdir_with_parents (path, 0755));
}

static void
write_file (const char *root,
            const char *rel,
            gsize       size)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *data = g_malloc0 (MAX (size, 1));
  g_autoptr(GError) error = NULL;

  memset (data, 'x', size);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static void
link_file (const char *root,
           const char *target,
           const char *rel)
{
  g_autofree char *t = g_build_filename (root, target, NULL);
  g_autofree char *p = g_build_filename (root, rel, NULL);
  g_assert_no_errno (link (t, p));
}

static void
make_wide (const char *root,
           const char *rel,
           int         n)
{
  mkdir_p (root, rel);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *f = g_strdup_printf ("%s/%s/e%05d", root, rel, (i * 7919) % n);
      int fd = open (f, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);

      g_assert_cmpint (fd, >=, 0);
      if (i % 97 == 0)
        g_assert_cmpint (write (fd, "data", 4), ==, 4);
      close (fd);
    }
}

static void
remove_tree (const char *root)
{
  const char *chmod_argv[] = { "chmod", "-R", "u+rwx", root, NULL };
  const char *rm_argv[] = { "rm", "-rf", root, NULL };
  int status;

  g_spawn_sync (NULL, (char **) chmod_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
  g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL);
}

/* The shared trees:
 *   t/            files of several sizes, a sparse file, empty folders,
 *                 symlinks, hard links inside it (t/a/h1 = t/b/h2) and to
 *                 u/ (u/h3 = t/a/f2), awkward names, a deep chain
 *   u/            a second operand sharing a file with t/
 *   deep/         a chain 400 folders deep
 *   wide/         10,050 entries (fts sorts them by inode here, on disk)
 *   locked/       unreadable and list-only folders (for the unprivileged user)
 */
static void
build_trees (void)
{
  g_autofree char *tmpl = g_build_filename ("/var/tmp", "fw-test-du-XXXXXX", NULL);
  GString *deep = g_string_new ("deep");

  base = g_mkdtemp (g_steal_pointer (&tmpl));
  g_assert_nonnull (base);
  g_assert_no_errno (chmod (base, 0755));

  mkdir_p (base, "t/a/aa/aaa");
  mkdir_p (base, "t/b/empty");
  mkdir_p (base, "t/c");
  mkdir_p (base, "u");
  write_file (base, "t/f0", 0);
  write_file (base, "t/a/f1", 100);
  write_file (base, "t/a/f2", 5000);
  write_file (base, "t/a/aa/f3", 70000);
  write_file (base, "t/a/aa/aaa/f4", 1500000);
  write_file (base, "t/b/f5", 4096);
  write_file (base, "t/c/f6", 123456);
  write_file (base, "t/a/h1", 30000);
  link_file (base, "t/a/h1", "t/b/h2");
  link_file (base, "t/a/f2", "u/h3");
  write_file (base, "u/own", 9000);
  {
    g_autofree char *sparse = g_build_filename (base, "t/sparse", NULL);
    int fd = open (sparse, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    g_assert_cmpint (fd, >=, 0);
    g_assert_no_errno (ftruncate (fd, 50 * 1024 * 1024));
    close (fd);
  }
  {
    g_autofree char *l1 = g_build_filename (base, "t/link-to-a", NULL);
    g_autofree char *l2 = g_build_filename (base, "t/dangling", NULL);
    g_assert_no_errno (symlink ("a", l1));
    g_assert_no_errno (symlink ("nowhere", l2));
  }
  /* Awkward names: a space, a newline, a tab, quotes, a leading dash,
   * a non-UTF-8 byte, a backslash, a star. */
  mkdir_p (base, "t/odd/with space");
  mkdir_p (base, "t/odd/new\nline");
  mkdir_p (base, "t/odd/-dash");
  write_file (base, "t/odd/tab\there", 10);
  write_file (base, "t/odd/it's \"quoted\"", 20);
  write_file (base, "t/odd/caf\351", 30);
  write_file (base, "t/odd/back\\slash", 40);
  write_file (base, "t/odd/star*", 50);
  write_file (base, "t/odd/with space/in", 5000);

  for (int i = 0; i < 400; i++)
    g_string_append_printf (deep, "/d%d", i % 10);
  mkdir_p (base, deep->str);
  g_string_append (deep, "/bottom");
  write_file (base, deep->str, 8192);
  g_string_free (deep, TRUE);

  make_wide (base, "wide", 10050);

  mkdir_p (base, "locked/closed/inside");
  mkdir_p (base, "locked/list-only/sub");
  mkdir_p (base, "locked/fine");
  write_file (base, "locked/closed/secret", 40000);
  write_file (base, "locked/list-only/a", 30000);
  write_file (base, "locked/fine/b", 20000);
  {
    g_autofree char *closed = g_build_filename (base, "locked/closed", NULL);
    g_autofree char *list_only = g_build_filename (base, "locked/list-only", NULL);
    g_assert_no_errno (chmod (closed, 0));
    g_assert_no_errno (chmod (list_only, 0444));
  }

  /* tmpfs: fts keeps readdir's order there. */
  {
    struct statfs fs;

    if (statfs ("/dev/shm", &fs) == 0 && (guint32) fs.f_type == S_MAGIC_TMPFS &&
        access ("/dev/shm", W_OK) == 0)
      {
        g_autofree char *stmpl = g_strdup ("/dev/shm/fw-test-du-XXXXXX");

        shm_base = g_mkdtemp (g_steal_pointer (&stmpl));
        g_assert_nonnull (shm_base);
        g_assert_no_errno (chmod (shm_base, 0755));
        make_wide (shm_base, "wide", 10050);
      }
  }
}

/* ---------------------------------------------------------------------- */

typedef struct {
  char *out;
  gsize out_len;
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

static char *
cli_path (void)
{
  const char *top = g_getenv ("FW_TOP_BUILDDIR");

  g_assert_nonnull (top);
  return g_build_filename (top, "src", "cli", "fileworks-cli", NULL);
}

/* Runs @argv in @cwd in a clean environment plus @env ("NAME=VALUE", or
 * NULL), as the unprivileged user when @nobody and root. Standard output
 * is read with its length (du -0 writes NULs). */
static void
spawn (const char          *cwd,
       const char          *env,
       gboolean             nobody,
       const char * const  *argv,
       Run                 *run)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  static const char *passed[] = { "G_SLICE", "LD_LIBRARY_PATH", "ASAN_OPTIONS", "LSAN_OPTIONS",
                                   "UBSAN_OPTIONS", "TSAN_OPTIONS" };
  g_autoptr(GPtrArray) envp = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd, err_fd, wait_status;

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

  g_ptr_array_add (envp, g_strdup ("PATH=/usr/bin:/bin"));
  /* What the test harness sets for every program it runs (GSlice off,
   * the sanitizers' options, the TSan GLib's folder): none of it changes
   * what du prints. */
  for (guint i = 0; i < G_N_ELEMENTS (passed); i++)
    if (g_getenv (passed[i]) != NULL)
      g_ptr_array_add (envp, g_strdup_printf ("%s=%s", passed[i], g_getenv (passed[i])));
  if (env == NULL || !g_str_has_prefix (env, "LC_ALL="))
    g_ptr_array_add (envp, g_strdup ("LC_ALL=C"));
  if (env != NULL)
    g_ptr_array_add (envp, g_strdup (env));
  g_ptr_array_add (envp, NULL);

  g_spawn_async_with_pipes (cwd, (char **) full->pdata, (char **) envp->pdata,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);
  {
    /* Standard error is small: read it after standard output. */
    g_autoptr(GIOChannel) out = g_io_channel_unix_new (out_fd);
    g_autoptr(GIOChannel) errc = g_io_channel_unix_new (err_fd);
    gsize err_len;

    g_io_channel_set_encoding (out, NULL, NULL);
    g_io_channel_set_encoding (errc, NULL, NULL);
    g_io_channel_set_close_on_unref (out, TRUE);
    g_io_channel_set_close_on_unref (errc, TRUE);
    g_io_channel_read_to_end (out, &run->out, &run->out_len, &error);
    g_assert_no_error (error);
    g_io_channel_read_to_end (errc, &run->err, &err_len, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  if (run->out == NULL)
    run->out = g_strdup ("");
  if (run->err == NULL)
    run->err = g_strdup ("");
}

static char *
normalized_errors (const char *err,
                   const char *prefix)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, prefix))
        line += strlen (prefix);
      /* The usage hint names the program. */
      if (strcmp (line, "Try 'du --help' for more information.") == 0 ||
          strcmp (line, "Try 'fileworks-cli du --help' for more information.") == 0 ||
          strcmp (line, "Try 'fileworks-cli size --help' for more information.") == 0)
        line = "Try --help";
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
printable (const char *s,
           gsize       len)
{
  g_autofree char *head = g_strndup (s, MIN (len, 4000));

  return g_strescape (head, NULL);
}

/* du ARGS and fileworks-cli COMMAND ARGS (du's -s --block-size=1 added
 * for `size`): the same output, status and messages. */
static void
assert_like_du_full (const char          *cwd,
                     const char          *env,
                     gboolean             nobody,
                     const char          *command,
                     const char * const  *args)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) du_argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) fw_argv = g_ptr_array_new ();
  g_auto(Run) du = { 0 };
  g_auto(Run) fw = { 0 };
  g_autofree char *what = g_strjoinv (" ", (char **) args);
  g_autofree char *du_err = NULL;
  g_autofree char *fw_err = NULL;
  g_autofree char *fw_prefix = g_strdup_printf ("fileworks-cli %s: ", command);

  g_ptr_array_add (du_argv, (char *) "du");
  g_ptr_array_add (fw_argv, cli);
  g_ptr_array_add (fw_argv, (char *) command);
  if (strcmp (command, "size") == 0)
    {
      g_ptr_array_add (du_argv, (char *) "-s");
      g_ptr_array_add (du_argv, (char *) "--block-size=1");
    }
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (du_argv, (char *) args[i]);
      g_ptr_array_add (fw_argv, (char *) args[i]);
    }
  g_ptr_array_add (du_argv, NULL);
  g_ptr_array_add (fw_argv, NULL);

  spawn (cwd, env, nobody, (const char * const *) du_argv->pdata, &du);
  spawn (cwd, env, nobody, (const char * const *) fw_argv->pdata, &fw);
  du_err = normalized_errors (du.err, "du: ");
  fw_err = normalized_errors (fw.err, fw_prefix);
  if (du.out_len != fw.out_len || memcmp (du.out, fw.out, du.out_len) != 0 ||
      du.status != fw.status || strcmp (du_err, fw_err) != 0)
    {
      g_autofree char *a = printable (du.out, du.out_len);
      g_autofree char *b = printable (fw.out, fw.out_len);

      g_test_message ("%s [%s]: du said:\n%s\n%s(%d)\nfileworks-cli %s said:\n%s\n%s(%d)",
                      what, env ? env : "", a, du.err, du.status, command, b, fw.err, fw.status);
    }
  g_assert_cmpuint (fw.out_len, ==, du.out_len);
  g_assert_true (memcmp (du.out, fw.out, du.out_len) == 0);
  g_assert_cmpint (fw.status, ==, du.status);
  g_assert_cmpstr (fw_err, ==, du_err);
}

static void
assert_like_du (const char *env,
                const char * const *args)
{
  assert_like_du_full (base, env, FALSE, "du", args);
}

#define ARGS(...) ((const char *[]) { __VA_ARGS__, NULL })

/* ---------------------------------------------------------------------- */

/* Every option, and the useful combinations, in a clean environment. */
static void
test_options (void)
{
  static const char *sets[][6] = {
    { NULL }, { "-a" }, { "-h" }, { "-ah" }, { "-h", "-d", "1" }, { "--si" }, { "-c" },
    { "-d", "0" }, { "-d", "2" }, { "--max-depth=1" }, { "-s" }, { "-S" }, { "-aS" },
    { "-Sc", "-d", "1" }, { "-b" }, { "--apparent-size" }, { "--apparent-size", "-h" },
    { "-k" }, { "-m" }, { "-B", "K" }, { "-BM" }, { "--block-size=1" }, { "-B", "KB" },
    { "-B", "KiB" }, { "-B", "3" }, { "-B", "'1" }, { "-B", "human-readable" }, { "-B", "si" },
    { "-0" }, { "-a0" }, { "-x" }, { "-l" }, { "-al" }, { "--time" }, { "-a", "--time", "-S" },
    { "-ab", "-d", "1" }, { "--all", "--total", "--summarize" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      const char *args[8] = { 0 };
      guint n = 0;

      for (guint j = 0; sets[i][j] != NULL; j++)
        args[n++] = sets[i][j];
      args[n++] = "t";
      if (i == G_N_ELEMENTS (sets) - 1)
        continue;   /* -a with -s: a refusal, in test_refusals */
      assert_like_du (NULL, args);
    }
}

/* The environment variables du reads, alone and against the options. */
static void
test_environment (void)
{
  static const char *envs[] = {
    "POSIXLY_CORRECT=1", "DU_BLOCK_SIZE=4K", "DU_BLOCK_SIZE=human-readable", "DU_BLOCK_SIZE=si",
    "DU_BLOCK_SIZE=x", "DU_BLOCK_SIZE=0", "DU_BLOCK_SIZE=12x", "DU_BLOCK_SIZE=0x400",
    "DU_BLOCK_SIZE=MiB", "BLOCK_SIZE=KB", "BLOCK_SIZE=1M", "BLOCK_SIZE='1", "BLOCKSIZE=M",
    "BLOCKSIZE=512", "LC_ALL=C.UTF-8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (envs); i++)
    {
      assert_like_du (envs[i], ARGS ("t"));
      assert_like_du (envs[i], ARGS ("-a", "-d", "1", "t", "u"));
      assert_like_du (envs[i], ARGS ("-k", "-s", "t"));
      assert_like_du (envs[i], ARGS ("-h", "t"));
    }
  /* POSIXLY_CORRECT under BLOCK_SIZE, and DU_BLOCK_SIZE over both. */
  assert_like_du_full (base, "POSIXLY_CORRECT=1", FALSE, "du", ARGS ("-B", "2K", "t"));
}

/* Several operands: nested, repeated, sharing hard links, missing, files,
 * trailing slashes; and none (the current folder). */
static void
test_operands (void)
{
  assert_like_du (NULL, ARGS ("-c", "t", "u"));
  assert_like_du (NULL, ARGS ("-c", "u", "t"));
  assert_like_du (NULL, ARGS ("-ac", "u", "t", "u/h3"));
  assert_like_du (NULL, ARGS ("t", "t"));
  assert_like_du (NULL, ARGS ("t/a", "t"));
  assert_like_du (NULL, ARGS ("-a", "t", "t/a/f1", "t/a"));
  assert_like_du (NULL, ARGS ("-c", "t/a", "missing", "u"));
  assert_like_du (NULL, ARGS ("missing"));
  assert_like_du (NULL, ARGS (""));
  assert_like_du (NULL, ARGS ("t/a/f2", "u/h3", "t/sparse"));
  assert_like_du (NULL, ARGS ("t/link-to-a", "t/dangling"));
  assert_like_du (NULL, ARGS ("-a", "t/", "u//", "./u"));
  assert_like_du (NULL, ARGS ("-d", "1", "deep", "t/odd"));
  assert_like_du (NULL, ARGS ("-h", "-c", "deep"));
  assert_like_du_full (base, NULL, FALSE, "du", ARGS ("-a", "t"));
  {
    g_autofree char *t = g_build_filename (base, "t", NULL);
    assert_like_du_full (t, NULL, FALSE, "du", ARGS ("-a"));
    assert_like_du_full (t, NULL, FALSE, "du", ARGS ("-c", "a", "..", "b"));
  }
}

/* du's refusals and its messages for bad options. */
static void
test_refusals (void)
{
  assert_like_du (NULL, ARGS ("-s", "-a", "t"));
  assert_like_du (NULL, ARGS ("-s", "-d", "1", "t"));
  assert_like_du (NULL, ARGS ("-s", "-d", "0", "t"));
  assert_like_du (NULL, ARGS ("-d", "x", "t"));
  assert_like_du (NULL, ARGS ("-d", "-1", "t"));
  assert_like_du (NULL, ARGS ("-d", "99999999999999999999", "t"));
  assert_like_du (NULL, ARGS ("-d", "18446744073709551615", "t"));
  assert_like_du (NULL, ARGS ("-Bx", "t"));
  assert_like_du (NULL, ARGS ("--block-size=x", "t"));
  assert_like_du (NULL, ARGS ("-B1x", "t"));
  assert_like_du (NULL, ARGS ("-B0", "t"));
  assert_like_du (NULL, ARGS ("-B99999999999999999999999", "t"));
  assert_like_du (NULL, ARGS ("-q", "t"));
  assert_like_du (NULL, ARGS ("--bogus", "t"));
  assert_like_du (NULL, ARGS ("--exclude-from=/nonexistent", "--exclude-from=/nonexistent2", "-d", "z", "t"));
}

/* --exclude and --exclude-from, for du and for size. */
static void
test_exclude (void)
{
  g_autofree char *from = g_build_filename (base, "patterns", NULL);
  g_autofree char *from_arg = g_strdup_printf ("--exclude-from=%s", from);
  static const char *patterns[] = {
    "f1", "*.none", "a", "t", "t*", "*", "aa*", "t/a", "*/aa", "a/aa", "?1", "[fh][0-9]",
    "back\\\\slash", "star\\*", "star*", "with space", "t/b/", "*/", "odd/*", "-dash",
    "h2", "u", "/t", "b//empty",
  };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (from, "f1\n\n  \nh2  \r\n*/aa\nempty", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *opt = g_strdup_printf ("--exclude=%s", patterns[i]);

      assert_like_du (NULL, ARGS ("-a", opt, "t", "u"));
      assert_like_du_full (base, NULL, FALSE, "size", ARGS (opt, "t", "u", "t/a"));
    }
  assert_like_du (NULL, ARGS ("-a", from_arg, "t"));
  assert_like_du (NULL, ARGS ("-a", "-X", from, "--exclude=f6", "t"));
  assert_like_du_full (base, NULL, FALSE, "size", ARGS (from_arg, "t"));
  /* A pattern that matches the operand: nothing, not even an error for a
   * missing one; and an operand written with a double slash. */
  assert_like_du (NULL, ARGS ("-c", "--exclude=t*", "t", "u"));
  assert_like_du (NULL, ARGS ("--exclude=missing", "missing", "u"));
  assert_like_du (NULL, ARGS ("-a", "--exclude=b", "t//b", "t/b"));
  assert_like_du_full (base, NULL, FALSE, "size", ARGS ("--exclude=nope", "nope", "u"));
  assert_like_du_full (base, NULL, FALSE, "size", ARGS ("--exclude-from=/nonexistent", "u"));
}

/* A folder of more than 10,000 entries: on a disk file system fts sorts
 * them by inode number; on tmpfs it keeps readdir's order. */
static void
test_wide_disk (void)
{
  struct statfs fs;

  g_assert_no_errno (statfs (base, &fs));
  g_test_message ("file system of %s: 0x%lx", base, (unsigned long) fs.f_type);
  g_assert_cmpuint ((guint32) fs.f_type, !=, S_MAGIC_TMPFS);
  assert_like_du (NULL, ARGS ("-a", "wide"));
  assert_like_du (NULL, ARGS ("-a", "-d", "1", "wide", "t"));
}

static void
test_wide_tmpfs (void)
{
  if (shm_base == NULL)
    {
      g_printerr ("# SKIPPED LOUDLY: /dev/shm is not a writable tmpfs here: "
                  "no tmpfs to check fts's readdir order on\n");
      g_test_skip ("no writable tmpfs at /dev/shm");
      return;
    }
  assert_like_du_full (shm_base, NULL, FALSE, "du", ARGS ("-a", "wide"));
  assert_like_du_full (shm_base, NULL, FALSE, "du", ARGS ("-ac", "--exclude=e0*1", "wide"));
}

/* Unreadable folders and folders that can be listed but not searched. */
static void
test_unreadable (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  if (geteuid () == 0 && setpriv == NULL)
    {
      g_printerr ("# SKIPPED LOUDLY: running as root without setpriv: "
                  "cannot read the tree as an unprivileged user\n");
      g_test_skip ("root without setpriv");
      return;
    }
  assert_like_du_full (base, NULL, TRUE, "du", ARGS ("locked"));
  assert_like_du_full (base, NULL, TRUE, "du", ARGS ("-a", "locked"));
  assert_like_du_full (base, NULL, TRUE, "du", ARGS ("-Sc", "locked/closed", "locked"));
  assert_like_du_full (base, NULL, TRUE, "du", ARGS ("-a", "--exclude=a", "locked"));
  assert_like_du_full (base, NULL, TRUE, "du", ARGS ("-a", "locked/list-only/a", "locked/closed/secret"));
}

/* The engine's tree streams folders in post-order: each after all of its
 * subfolders, every folder once. */
typedef struct {
  GMutex      lock;
  GPtrArray  *done;
} TreeSeen;

static void
on_folder_done (FwSizeScan *scan,
                FwSizeNode *folder,
                gpointer    user_data)
{
  TreeSeen *seen = user_data;

  g_mutex_lock (&seen->lock);
  g_ptr_array_add (seen->done, folder);
  g_mutex_unlock (&seen->lock);
}

static void
test_tree_post_order (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (4);
  g_autofree char *t = g_build_filename (base, "t", NULL);
  g_autoptr(FwSizeScan) scan = fw_size_scan_new (t, FW_SIZE_RECORD_TREE);
  g_autoptr(FwSizeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  TreeSeen seen = { 0 };
  guint n_folders = 0;

  g_mutex_init (&seen.lock);
  seen.done = g_ptr_array_new ();
  fw_size_scan_set_tree_hook (scan, on_folder_done, &seen, NULL);
  result = fw_size_scan_run (scan, pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->tree);
  g_assert_true (g_ptr_array_index (seen.done, seen.done->len - 1) == result->tree);
  for (guint i = 0; i < seen.done->len; i++)
    {
      FwSizeNode *n = g_ptr_array_index (seen.done, i);

      g_assert_false (g_hash_table_contains (index, n));
      g_hash_table_insert (index, n, GUINT_TO_POINTER (i + 1));
    }
  g_ptr_array_add (stack, result->tree);
  while (stack->len > 0)
    {
      FwSizeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, n));

      if (n->kind != FW_SIZE_NODE_DIR)
        continue;
      n_folders++;
      g_assert_cmpuint (at, >, 0);
      for (guint i = 0; i < n->n_children; i++)
        {
          FwSizeNode *c = n->children[i];

          g_assert_true (c->parent == n);
          if (c->kind == FW_SIZE_NODE_DIR)
            g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (index, c)), <, at);
          g_ptr_array_add (stack, c);
        }
    }
  g_assert_cmpuint (n_folders, ==, seen.done->len);
  g_assert_cmpuint (n_folders, ==, result->n_dirs);
  g_ptr_array_unref (seen.done);
  g_mutex_clear (&seen.lock);
}

/* FwExclude alone: gnulib's corners. */
static void
test_exclude_unit (void)
{
  g_autoptr(FwExclude) ex = fw_exclude_new ();

  g_assert_true (fw_exclude_is_empty (ex));
  g_assert_false (fw_exclude_match (ex, "a"));
  fw_exclude_add (ex, "A*");
  fw_exclude_add (ex, "x\\y");
  fw_exclude_add (ex, "z");
  g_assert_false (fw_exclude_is_empty (ex));
  g_assert_true (fw_exclude_match (ex, "A"));
  g_assert_true (fw_exclude_match (ex, "A/b/c"));       /* '*' crosses '/' */
  g_assert_true (fw_exclude_match (ex, "b/Ab"));
  g_assert_false (fw_exclude_match (ex, "b/a"));
  g_assert_true (fw_exclude_match (ex, "b/xy"));        /* unescaped */
  g_assert_false (fw_exclude_match (ex, "b/x\\y"));
  g_assert_true (fw_exclude_match (ex, "b/z"));
  g_assert_true (fw_exclude_match (ex, "b//z"));        /* plain: after any '/' */
  g_assert_false (fw_exclude_match (ex, "zz"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  build_trees ();

  g_test_add_func ("/du/options", test_options);
  g_test_add_func ("/du/environment", test_environment);
  g_test_add_func ("/du/operands", test_operands);
  g_test_add_func ("/du/refusals", test_refusals);
  g_test_add_func ("/du/exclude", test_exclude);
  g_test_add_func ("/du/wide-10050-disk", test_wide_disk);
  g_test_add_func ("/du/wide-10050-tmpfs", test_wide_tmpfs);
  g_test_add_func ("/du/unreadable", test_unreadable);
  g_test_add_func ("/du/tree-post-order", test_tree_post_order);
  g_test_add_func ("/du/exclude-unit", test_exclude_unit);

  status = g_test_run ();
  remove_tree (base);
  if (shm_base != NULL)
    remove_tree (shm_base);
  g_free (base);
  g_free (shm_base);
  return status;
}
