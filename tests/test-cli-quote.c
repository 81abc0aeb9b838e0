/* test-cli-quote.c — names in fileworks-cli's messages, byte for byte
 * against sha256sum and du, in the C locale and in a UTF-8 one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 25, item 5: a name is never written raw to standard error. `hash`
 * and `check` quote it as sha256sum does (only when needed, shell-escaped:
 * `'gone'$'\n''line'`), `size` as du does (always: `cannot access 'gone'`),
 * and both escape what the locale cannot print (`café` is raw in a UTF-8
 * locale, `'caf'$'\303\251'` in C). Standard output and standard error are
 * compared whole; only the program's name in front of each message is
 * normalised.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-test-util.h"

static char *cli;

/* ESC and BEL (a terminal title sequence), a newline, a byte that is not
 * UTF-8, é, an apostrophe, a blank, and a name that needs no quotes. */
static const char *const names[] = {
  "gone\033]0;title\a", "new\nline", "bad\xff", "caf\xc3\xa9", "it's", "a b", "plain", NULL,
};

static const char *const locales[] = { "C", "C.UTF-8" };

/* Runs @argv in @dir under LC_ALL=@locale (and LANGUAGE unset, so that no
 * translation applies), the tools and ours alike; returns standard
 * output, standard error in @err, the exit status in @status. */
static char *
run_in_locale (const char         *dir,
               const char         *locale,
               const char * const *argv,
               char              **err,
               int                *status)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  env = g_environ_setenv (env, "LC_ALL", locale, TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  g_spawn_sync (dir, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, err, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  return out;
}

/* @text with each line's leading @from replaced by @to. */
static char *
normalise (const char *text,
           const char *from,
           const char *to)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl + 1 - p) : strlen (p);

      if (strncmp (p, from, strlen (from)) == 0)
        {
          g_string_append (out, to);
          g_string_append_len (out, p + strlen (from), len - strlen (from));
        }
      else
        g_string_append_len (out, p, len);
      p += len;
    }
  return g_string_free (out, FALSE);
}

/* Runs the tool and ours in every locale: the same standard output, the
 * same standard error once each program's prefix is normalised, the same
 * status. Returns the tool's standard error in the C locale. */
static char *
compare (const char         *dir,
         const char * const *theirs,
         const char         *their_prefix,
         const char * const *ours,
         const char         *our_prefix)
{
  char *their_c_err = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      g_autofree char *want = NULL, *got = NULL, *want_err = NULL, *got_err = NULL;
      g_autofree char *want_norm = NULL, *got_norm = NULL;
      int want_status = -1, got_status = -1;

      want = run_in_locale (dir, locales[l], theirs, &want_err, &want_status);
      got = run_in_locale (dir, locales[l], ours, &got_err, &got_status);
      want_norm = normalise (want_err, their_prefix, "PROGRAM: ");
      got_norm = normalise (got_err, our_prefix, "PROGRAM: ");
      g_test_message ("%s in LC_ALL=%s:\n%s\nours:\n%s", theirs[0], locales[l], want_err, got_err);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got_norm, ==, want_norm);
      g_assert_cmpint (got_status, ==, want_status);
      /* Nothing a terminal would take as a command. */
      g_assert_null (strchr (got_err, '\033'));
      g_assert_null (strchr (got_err, '\a'));
      if (their_c_err == NULL)
        their_c_err = g_steal_pointer (&want_err);
    }
  return their_c_err;
}

static void
make_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  fw_test_write (path, name, strlen (name));
}

/* `hash` against sha256sum: files that exist (digest lines, a name with a
 * newline escaped) and files that do not (messages). */
static void
test_hash (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *their_err = NULL;

  g_ptr_array_add (theirs, g_strdup ("sha256sum"));
  g_ptr_array_add (ours, g_strdup (cli));
  g_ptr_array_add (ours, g_strdup ("hash"));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *here = g_strconcat ("f-", names[i], NULL);

      make_file (dir, here);
      g_ptr_array_add (theirs, g_strdup (here));
      g_ptr_array_add (ours, g_strdup (here));
      g_ptr_array_add (theirs, g_strdup (names[i]));   /* missing */
      g_ptr_array_add (ours, g_strdup (names[i]));
    }
  g_ptr_array_add (theirs, NULL);
  g_ptr_array_add (ours, NULL);

  their_err = compare (dir, (const char * const *) theirs->pdata, "sha256sum: ",
                       (const char * const *) ours->pdata, "fileworks-cli hash: ");
  g_assert_nonnull (strstr (their_err, "sha256sum: 'gone'$'\\033'']0;title'$'\\a': No such file"));
  fw_test_rmtree (dir);
}

/* `hash -r`'s notes have no coreutils counterpart: the name quoted as in
 * hash's other messages. */
static void
test_hash_walk_notes (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *tree = g_build_filename (dir, "t", NULL);
  g_autofree char *fifo = g_build_filename (tree, "p\033]0;x\a", NULL);
  const char *argv[] = { cli, "hash", "-r", "t", NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;

  g_assert_cmpint (g_mkdir (tree, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  out = run_in_locale (dir, "C", argv, &err, &status);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "fileworks-cli hash: 't/p'$'\\033'']0;x'$'\\a': skipped, a FIFO\n");
  g_assert_cmpint (status, ==, 0);
  fw_test_rmtree (dir);
}

/* `check` against sha256sum -c: a list naming files that exist and files
 * that do not. */
static void
test_check (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(GPtrArray) tool = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sums = NULL, *sums_path = NULL;
  const char *theirs[] = { "sha256sum", "-c", "SUMS", NULL };
  const char *ours[] = { cli, "check", "SUMS", NULL };
  g_autofree char *their_err = NULL;
  int status = -1;

  /* The list as sha256sum writes it, then half of its files gone. */
  g_ptr_array_add (tool, g_strdup ("sha256sum"));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *gone = g_strconcat ("g-", names[i], NULL);

      make_file (dir, names[i]);
      make_file (dir, gone);
      g_ptr_array_add (tool, g_strdup (names[i]));
      g_ptr_array_add (tool, g_steal_pointer (&gone));
    }
  g_ptr_array_add (tool, NULL);
  sums = fw_test_run (dir, (const char * const *) tool->pdata, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  sums_path = g_build_filename (dir, "SUMS", NULL);
  fw_test_write (sums_path, sums, strlen (sums));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *gone = g_strconcat ("g-", names[i], NULL);
      g_autofree char *path = g_build_filename (dir, gone, NULL);

      g_assert_cmpint (unlink (path), ==, 0);
    }

  their_err = compare (dir, theirs, "sha256sum: ", ours, "fileworks-cli: ");
  g_assert_nonnull (strstr (their_err, "sha256sum: 'g-new'$'\\n''line': No such file"));
  fw_test_rmtree (dir);
}

/* `size` against du: folders with a subfolder that cannot be read, and
 * arguments that do not exist. Permissions do not bind root: as root
 * both tools run as uid 65534 through setpriv (as in test-cli-hash's
 * /cli-hash/unreadable); neither possible is a failure that says why. */
static void
test_size (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *their_err = NULL;

  if (getuid () == 0 && setpriv == NULL)
    {
      g_test_fail_printf ("running as root, where chmod 000 does not bind, and setpriv (util-linux) "
                          "is not in PATH to run the tools as uid 65534");
      fw_test_rmtree (dir);
      return;
    }
  if (getuid () == 0)
    {
      const char *as_other[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups" };

      for (guint i = 0; i < G_N_ELEMENTS (as_other); i++)
        {
          g_ptr_array_add (theirs, g_strdup (as_other[i]));
          g_ptr_array_add (ours, g_strdup (as_other[i]));
        }
    }
  g_ptr_array_add (theirs, g_strdup ("du"));
  g_ptr_array_add (theirs, g_strdup ("-s"));
  g_ptr_array_add (theirs, g_strdup ("--block-size=1"));
  g_ptr_array_add (ours, g_strdup (cli));
  g_ptr_array_add (ours, g_strdup ("size"));

  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *folder = g_build_filename (dir, names[i], NULL);
      g_autofree char *closed = g_build_filename (folder, names[i], NULL);
      g_autofree char *gone = g_strconcat ("g-", names[i], NULL);

      g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
      g_assert_cmpint (g_mkdir (closed, 0), ==, 0);
      g_ptr_array_add (theirs, g_strdup (names[i]));
      g_ptr_array_add (ours, g_strdup (names[i]));
      g_ptr_array_add (theirs, g_strdup (gone));
      g_ptr_array_add (ours, g_steal_pointer (&gone));
    }
  g_ptr_array_add (theirs, NULL);
  g_ptr_array_add (ours, NULL);

  their_err = compare (dir, (const char * const *) theirs->pdata, "du: ",
                       (const char * const *) ours->pdata, "fileworks-cli size: ");
  /* The premise: du could not read the closed folders either. */
  g_assert_nonnull (strstr (their_err, "du: cannot read directory 'plain/plain': Permission denied\n"));
  g_assert_nonnull (strstr (their_err, "du: cannot access 'g-plain': No such file or directory\n"));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *closed = g_build_filename (dir, names[i], names[i], NULL);
      g_assert_cmpint (chmod (closed, 0755), ==, 0);
    }
  fw_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli = fw_test_cli_path ();

  g_test_add_func ("/cli-quote/hash", test_hash);
  g_test_add_func ("/cli-quote/hash-walk-notes", test_hash_walk_notes);
  g_test_add_func ("/cli-quote/check", test_check);
  g_test_add_func ("/cli-quote/size", test_size);

  return g_test_run ();
}
