/* test-cli-b3sum.c — `fileworks-cli hash -a blake3` and `check` side by
 * side with b3sum (Debian 12's 1.2; trixie's 1.8 too), run in the test on
 * awkward names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fw-test-util.h"

static char *cli;

/* Names b3sum writes as they are or escapes its own way: every one valid
 * UTF-8 (b3sum turns other bytes into U+FFFD). */
static const char *const utf8_names[] = {
  "plain", "a b", "back\\slash", "new\nline", "cr\rx", "end\r", "both\\\n\r",
  "-dash", "--ddash", " lead", "caf\xc3\xa9", "empty", "big", NULL,
};

static char *
make_dir (void)
{
  char *dir = fw_test_mkdtemp ();

  for (guint i = 0; utf8_names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, utf8_names[i], NULL);
      /* big: over 1 MiB, so several reads, subtrees and parents */
      gsize length = strcmp (utf8_names[i], "empty") == 0 ? 0 :
                     strcmp (utf8_names[i], "big") == 0 ? (1 << 20) + 3 * 1024 + 17 : 100 + i * 997;
      g_autofree guchar *data = fw_test_pattern (length, i);
      fw_test_write (path, data, length);
    }
  return dir;
}

/* { prefix…, "--", names…, NULL } */
static GPtrArray *
with_names (const char *const *prefix)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (guint i = 0; prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) prefix[i]);
  g_ptr_array_add (argv, (gpointer) "--");
  for (guint i = 0; utf8_names[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) utf8_names[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static char *
run_ok (const char        *dir,
        const char *const *argv)
{
  int status = -1;
  g_autofree char *err = NULL;
  char *out = fw_test_run (dir, argv, &status, &err);

  if (status != 0)
    g_test_message ("%s: %s", argv[0], err);
  g_assert_cmpint (status, ==, 0);
  return out;
}

/* b3sum 1.2 (Debian 12), which fileworks-cli writes like, leaves a
 * carriage return in a name as it is; newer ones (trixie's 1.8) escape it
 * as sha256sum does, a backslash and 'r', the line starting with a
 * backslash. Which of the two the b3sum here does, asked of it; anything
 * else fails. */
static gboolean
b3sum_escapes_cr (const char *dir)
{
  const char *argv[] = { "b3sum", "--", "cr\rx", NULL };
  g_autofree char *out = run_ok (dir, argv);

  if (out[0] != '\\' && g_str_has_suffix (out, "  cr\rx\n"))
    return FALSE;
  g_assert_true (out[0] == '\\' && g_str_has_suffix (out, "  cr\\rx\n"));
  return TRUE;
}

/* @text, b3sum 1.2's lines, as newer b3sum writes them: in every line
 * with a carriage return (in its name: nowhere else), a backslash and 'r'
 * for it, and a backslash first (the line has one already if the name has
 * a backslash or newline). */
static char *
escape_cr_like_newer_b3sum (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *line = text; *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      gsize length = end != NULL ? (gsize) (end - line) + 1 : strlen (line);

      if (memchr (line, '\r', length) == NULL)
        g_string_append_len (out, line, (gssize) length);
      else
        {
          if (line[0] != '\\')
            g_string_append_c (out, '\\');
          for (gsize i = 0; i < length; i++)
            if (line[i] == '\r')
              g_string_append (out, "\\r");
            else
              g_string_append_c (out, line[i]);
        }
      line += length;
    }
  return g_string_free (out, FALSE);
}

/* Byte for byte: the plain output, -l N (0 too), --no-names, with several
 * workers and small reads as with one worker and large ones; with a newer
 * b3sum, once its escaping of carriage returns is applied to ours. */
static void
test_hash_like_b3sum (void)
{
  g_autofree char *dir = make_dir ();
  static const char *const lengths[] = { NULL, "0", "1", "16", "64", "100" };
  static const char *const jobs[][2] = { { "1", "1M" }, { "3", "4096" } };
  gboolean escapes_cr = b3sum_escapes_cr (dir);

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    for (guint no_names = 0; no_names < 2; no_names++)
      for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
        {
          const char *b3_prefix[6] = { "b3sum" };
          const char *cli_prefix[12] = { cli, "hash", "-a", "blake3", "-j", jobs[j][0],
                                         "--buffer-size", jobs[j][1] };
          guint nb = 1, nc = 8;
          g_autoptr(GPtrArray) b3_argv = NULL;
          g_autoptr(GPtrArray) cli_argv = NULL;
          g_autofree char *want = NULL, *got = NULL;

          if (lengths[l] != NULL)
            {
              b3_prefix[nb++] = "-l";
              b3_prefix[nb++] = lengths[l];
              cli_prefix[nc++] = "-l";
              cli_prefix[nc++] = lengths[l];
            }
          if (no_names)
            {
              b3_prefix[nb++] = "--no-names";
              cli_prefix[nc++] = "--no-names";
            }
          b3_argv = with_names (b3_prefix);
          cli_argv = with_names (cli_prefix);
          g_test_message ("-l %s, --no-names %u, -j %s", lengths[l] != NULL ? lengths[l] : "(default)", no_names, jobs[j][0]);
          want = run_ok (dir, (const char *const *) b3_argv->pdata);
          got = run_ok (dir, (const char *const *) cli_argv->pdata);
          if (escapes_cr)
            {
              char *escaped = escape_cr_like_newer_b3sum (got);

              g_free (got);
              got = escaped;
            }
          g_assert_cmpstr (got, ==, want);
          /* Not empty, and the escaped lines are there. */
          g_assert_nonnull (strstr (want, no_names ? "\n" : "  plain\n"));
          if (!no_names)
            {
              g_assert_nonnull (strstr (want, escapes_cr ? "  cr\\rx\n" : "  cr\rx\n"));
              g_assert_nonnull (strstr (want, "  new\\nline\n"));
            }
        }
  fw_test_rmtree (dir);
}

/* A name that is not UTF-8 is written with coreutils' escaping: the line
 * sha256sum writes, with b3sum's digest of the file in place of its own. */
static void
test_hash_non_utf8 (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  static const char *const names[] = { "\xff\xfe non-utf8", "\xff\rcr", "\xff\\back\nnl" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree guchar *data = fw_test_pattern (5000 + i, 40 + i);
      const char *sha_argv[] = { "sha256sum", "--", names[i], NULL };
      const char *b3_argv[] = { "b3sum", "--no-names", "--", names[i], NULL };
      const char *cli_argv[] = { cli, "hash", "-a", "blake3", "--", names[i], NULL };
      g_autofree char *sha_line = NULL, *b3_hex = NULL, *got = NULL, *want = NULL;
      char *sha_hex;

      fw_test_write (path, data, 5000 + i);
      sha_line = run_ok (dir, sha_argv);
      b3_hex = run_ok (dir, b3_argv);
      got = run_ok (dir, cli_argv);
      g_strchomp (b3_hex);
      g_assert_cmpuint (strlen (b3_hex), ==, 64);
      /* sha256sum's digest is 64 hex digits too: swap it. */
      sha_hex = sha_line + (sha_line[0] == '\\');
      memcpy (sha_hex, b3_hex, 64);
      want = g_strdup (sha_line);
      g_assert_cmpstr (got, ==, want);
    }
  fw_test_rmtree (dir);
}

/* Writes @list (in @dir) with b3sum's output for every name. */
static void
write_b3sum_list (const char *dir,
                  const char *list,
                  const char *length)
{
  const char *prefix[] = { "b3sum", length != NULL ? "-l" : NULL, length, NULL };
  g_autoptr(GPtrArray) argv = with_names (prefix);
  g_autofree char *out = run_ok (dir, (const char *const *) argv->pdata);
  g_autofree char *path = g_build_filename (dir, list, NULL);

  fw_test_write (path, out, strlen (out));
}

/* The names in sha256sum -c's messages: coreutils 9.1 (Debian 12), which
 * fileworks-cli writes like, escapes a name that has a newline only;
 * newer ones (trixie's 9.7) one that has a backslash or a carriage return
 * too. TRUE for the latter, read from @want (its messages on make_dir()'s
 * files); anything else fails. */
static gboolean
sha256sum_check_escapes_more (const char *want)
{
  if (strstr (want, "\nback\\slash: OK\n") != NULL && strstr (want, "\ncr\rx: OK\n") != NULL)
    return FALSE;
  g_assert_nonnull (strstr (want, "\n\\back\\\\slash: OK\n"));
  g_assert_nonnull (strstr (want, "\n\\cr\\rx: OK\n"));
  return TRUE;
}

/* @text, coreutils 9.1's messages, as newer sha256sum -c writes them:
 * a line not escaped yet whose name has a backslash or a carriage return
 * is, with a backslash first (an escaped line is escaped in full). */
static char *
escape_like_newer_sha256sum_check (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *line = text; *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      gsize length = end != NULL ? (gsize) (end - line) + 1 : strlen (line);

      if (line[0] == '\\' || (memchr (line, '\\', length) == NULL && memchr (line, '\r', length) == NULL))
        g_string_append_len (out, line, (gssize) length);
      else
        {
          g_string_append_c (out, '\\');
          for (gsize i = 0; i < length; i++)
            if (line[i] == '\r')
              g_string_append (out, "\\r");
            else if (line[i] == '\\')
              g_string_append (out, "\\\\");
            else
              g_string_append_c (out, line[i]);
        }
      line += length;
    }
  return g_string_free (out, FALSE);
}

/* check reads b3sum's lists; its messages are those of sha256sum -c on
 * the same files (with a newer sha256sum, once its escaping is applied to
 * ours). Untagged 64-hex lines are SHA-256 unless the list's
 * name or -a says BLAKE3. */
static void
test_check_b3sum_lists (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *want = NULL;
  gboolean escapes_more;
  static const struct { const char *list; const char *length; const char *option; } cases[] = {
    { "B3SUMS", NULL, NULL },
    { "list.b3", "64", NULL },
    { "list.blake3", "16", NULL },
    { "b3sums.txt", "1", NULL },
    { "list.txt", NULL, "blake3" },
    { "other.txt", "100", "blake3" },
  };

  {
    const char *prefix[] = { "sha256sum", NULL };
    g_autoptr(GPtrArray) argv = with_names (prefix);
    g_autofree char *sums = run_ok (dir, (const char *const *) argv->pdata);
    g_autofree char *path = g_build_filename (dir, "SHA256SUMS", NULL);
    const char *check_argv[] = { "sha256sum", "-c", "SHA256SUMS", NULL };

    fw_test_write (path, sums, strlen (sums));
    want = run_ok (dir, check_argv);
  }
  escapes_more = sha256sum_check_escapes_more (want);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { cli, "check", cases[i].option ? "-a" : cases[i].list,
                             cases[i].option, cases[i].list, NULL };
      g_autofree char *got = NULL;

      if (cases[i].option == NULL)
        argv[3] = NULL;
      g_test_message ("%s", cases[i].list);
      write_b3sum_list (dir, cases[i].list, cases[i].length);
      got = run_ok (dir, argv);
      if (escapes_more)
        {
          char *escaped = escape_like_newer_sha256sum_check (got);

          g_free (got);
          got = escaped;
        }
      g_assert_cmpstr (got, ==, want);
    }

  /* Without a hint, b3sum's 64-hex lines are SHA-256: every file fails. */
  {
    const char *argv[] = { cli, "check", "list.txt", NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = -1;

    out = fw_test_run (dir, argv, &status, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (out, "plain: FAILED\n"));
    g_assert_null (strstr (out, ": OK\n"));
  }

  /* And b3sum -c reads it too. */
  {
    const char *argv[] = { "b3sum", "-c", "B3SUMS", NULL };
    g_autofree char *out = run_ok (dir, argv);
    g_assert_nonnull (strstr (out, "plain: OK\n"));
  }
  fw_test_rmtree (dir);
}

/* Fileworks' own lists, GNU and BSD (BLAKE3 and BLAKE3-BITS tags), any
 * length, the non-UTF-8 names included, check as OK; a changed file
 * fails. */
static void
test_check_own_lists (void)
{
  g_autofree char *dir = make_dir ();
  static const struct { const char *list; const char *options[4]; const char *first; } forms[] = {
    { "own.b3", { NULL }, NULL },
    { "own-tag.txt", { "--tag", NULL }, "BLAKE3 (plain) = " },
    { "own-long.txt", { "--tag", "-l", "80", NULL }, "BLAKE3-640 (plain) = " },
    { "own-short.b3", { "-l", "8", NULL }, NULL },
  };
  g_autofree char *bad = g_build_filename (dir, "\xff\rname", NULL);

  fw_test_write (bad, "x", 1);
  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      const char *hash_prefix[8] = { cli, "hash", "-a", "blake3" };
      g_autoptr(GPtrArray) hash_argv = NULL;
      g_autofree char *list = NULL, *path = NULL, *out = NULL;
      const char *check_argv[] = { cli, "check", forms[f].list, NULL };

      for (guint o = 0; forms[f].options[o] != NULL; o++)
        hash_prefix[4 + o] = forms[f].options[o];
      hash_argv = with_names (hash_prefix);
      g_ptr_array_insert (hash_argv, (gint) hash_argv->len - 1, (gpointer) "\xff\rname");
      list = run_ok (dir, (const char *const *) hash_argv->pdata);
      if (forms[f].first != NULL)
        g_assert_true (g_str_has_prefix (list, forms[f].first));
      path = g_build_filename (dir, forms[f].list, NULL);
      fw_test_write (path, list, strlen (list));
      out = run_ok (dir, check_argv);
      g_assert_nonnull (strstr (out, "plain: OK\n"));
      g_assert_nonnull (strstr (out, "big: OK\n"));
      g_assert_nonnull (strstr (out, "name: OK\n"));
      g_assert_null (strstr (out, "FAILED"));
    }

  {
    g_autofree char *path = g_build_filename (dir, "plain", NULL);
    const char *check_argv[] = { cli, "check", "own.b3", NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = -1;

    fw_test_write (path, "changed", 7);
    out = fw_test_run (dir, check_argv, &status, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (out, "plain: FAILED\n"));
  }
  fw_test_rmtree (dir);
}

static void
test_usage (void)
{
  static const char *const bad[][4] = {
    { "-l", "32", NULL }, { "-a", "sha256", "-l", "32" }, { "-a", "blake3", "-l", "x" },
    { "-a", "blake3", "-l", "-1" }, { "-a", "blake3", "-l", "1048577" },
    { "--tag", "--no-names", NULL }, { "-a", "md5", "-a", "crc32" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[10] = { cli, "hash" };
      g_autofree char *out = NULL, *err = NULL;
      int status = -1;
      guint n = 2;

      for (guint j = 0; j < 4 && bad[i][j] != NULL; j++)
        argv[n++] = bad[i][j];
      if (i == G_N_ELEMENTS (bad) - 1)
        argv[n++] = "--no-names";
      argv[n++] = "/dev/null";
      out = fw_test_run (NULL, argv, &status, &err);
      g_test_message ("usage case %u: %s", i, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "Try 'fileworks-cli hash --help' for more information.\n"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli = fw_test_cli_path ();

  g_test_add_func ("/cli-b3sum/hash", test_hash_like_b3sum);
  g_test_add_func ("/cli-b3sum/hash-non-utf8", test_hash_non_utf8);
  g_test_add_func ("/cli-b3sum/check-b3sum-lists", test_check_b3sum_lists);
  g_test_add_func ("/cli-b3sum/check-own-lists", test_check_own_lists);
  g_test_add_func ("/cli-b3sum/usage", test_usage);

  return g_test_run ();
}
