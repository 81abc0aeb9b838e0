/* test-check-cli.c — `fileworks-cli check` against coreutils, byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case writes files and checksum files with the real coreutils tools
 * in a fresh folder, then runs both `TOOL -c …` and `fileworks-cli check …`
 * there and compares standard output, standard error (with the program
 * name at the start of each line made the same) and the exit status.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  char *dir;
} Fixture;

typedef struct {
  char  *out;
  gsize  out_len;
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
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fw-check-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
}

static void
remove_tree (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0755);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Runs @argv in @dir with @input on standard input. */
static void
run_in (const char         *dir,
        const char * const *argv,
        const char         *input,
        gsize               input_len,
        Run                *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  in = g_bytes_new (input != NULL ? input : "", input != NULL ? input_len : 0);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  run->out_len = g_bytes_get_size (out);
  run->out = g_malloc0 (run->out_len + 1);
  if (run->out_len > 0)
    memcpy (run->out, g_bytes_get_data (out, NULL), run->out_len);
  len = g_bytes_get_size (err);
  run->err = g_malloc0 (len + 1);
  if (len > 0)
    memcpy (run->err, g_bytes_get_data (err, NULL), len);
}

/* Writes @len bytes to @dir/@name. */
static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Runs a coreutils tool in @dir and saves its standard output to @dir/@out. */
static void
tool_to_file (const char         *dir,
              const char * const *argv,
              const char         *out,
              gboolean            append)
{
  Run run = { 0 };
  g_autofree char *path = g_build_filename (dir, out, NULL);
  g_autofree char *old = NULL;
  gsize old_len = 0;
  g_autoptr(GString) data = g_string_new (NULL);

  run_in (dir, argv, NULL, 0, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  if (append && g_file_get_contents (path, &old, &old_len, NULL))
    g_string_append_len (data, old, old_len);
  g_string_append_len (data, run.out, run.out_len);
  write_file (dir, out, data->str, data->len);
  run_clear (&run);
}

/* "TOOL: …" at the start of each line → "fileworks-cli: …". */
static char *
normalize_stderr (const char *err,
                  const char *tool)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autofree char *prefix = g_strconcat (tool, ": ", NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      if (g_str_has_prefix (lines[i], prefix))
        g_string_append_printf (out, "fileworks-cli: %s", lines[i] + strlen (prefix));
      else
        g_string_append (out, lines[i]);
    }
  return g_string_free (out, FALSE);
}

/* Runs `TOOL -c OPTIONS FILES` and `fileworks-cli check OPTIONS FILES`
 * in @dir and asserts the same output, errors and status. */
static void
compare_full (const char  *dir,
              const char  *tool,
              const char  *options,
              const char **files,
              const char  *input,
              gsize        input_len,
              const char  *prefix_argv)
{
  g_auto(GStrv) opts = g_strsplit (options, " ", -1);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  g_auto(GStrv) prefix = prefix_argv != NULL ? g_strsplit (prefix_argv, " ", -1) : NULL;
  g_autofree char *their_err = NULL;
  Run a = { 0 };
  Run b = { 0 };

  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    {
      g_ptr_array_add (theirs, prefix[i]);
      g_ptr_array_add (ours, prefix[i]);
    }
  g_ptr_array_add (theirs, (char *) tool);
  g_ptr_array_add (theirs, (char *) "-c");
  g_ptr_array_add (ours, cli_path);
  g_ptr_array_add (ours, (char *) "check");
  for (guint i = 0; opts[i] != NULL; i++)
    if (opts[i][0] != '\0')
      {
        g_ptr_array_add (theirs, opts[i]);
        g_ptr_array_add (ours, opts[i]);
      }
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_ptr_array_add (theirs, (char *) files[i]);
      g_ptr_array_add (ours, (char *) files[i]);
    }
  g_ptr_array_add (theirs, NULL);
  g_ptr_array_add (ours, NULL);

  run_in (dir, (const char * const *) theirs->pdata, input, input_len, &a);
  run_in (dir, (const char * const *) ours->pdata, input, input_len, &b);
  their_err = normalize_stderr (a.err, tool);

  g_test_message ("%s -c %s: status %d", tool, options, a.status);
  g_assert_cmpint (a.out_len, ==, b.out_len);
  g_assert_cmpmem (a.out, a.out_len, b.out, b.out_len);
  g_assert_cmpstr (their_err, ==, b.err);
  g_assert_cmpint (a.status, ==, b.status);
  run_clear (&a);
  run_clear (&b);
}

static const char *all_options[] = {
  "", "--quiet", "--status", "--warn", "--strict", "--ignore-missing",
  "--quiet --strict", "--warn --ignore-missing", "--status --strict",
  "-w --quiet", "--ignore-missing --quiet", NULL,
};

static void
compare_all_options (const char  *dir,
                     const char  *tool,
                     const char **files)
{
  for (guint i = 0; all_options[i] != NULL; i++)
    compare_full (dir, tool, all_options[i], files, NULL, 0, NULL);
}

/* Names that exercise quoting and escaping. */
static const char *awkward_names[] = {
  "plain.txt",
  "with space",
  "back\\slash",
  "new\nline",
  "carriage\rreturn",
  " leading space",
  "trailing space ",
  "-leading-dash",
  "colon:name",
  "it's",
  "tab\there",
  "caf\xc3\xa9",
  "bad\xff\xfe" "utf8",
  "star*name",
  NULL,
};

static void
make_awkward_files (const char *dir)
{
  for (guint i = 0; awkward_names[i] != NULL; i++)
    write_file (dir, awkward_names[i], awkward_names[i], -1);
}

/* sha256sum's own file: every option, then after damage to the files. */
static void
test_gnu_sha256sum (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *files[] = { "SHA256SUMS", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  make_awkward_files (fixture->dir);
  g_ptr_array_add (argv, (char *) "sha256sum");
  g_ptr_array_add (argv, (char *) "--");
  for (guint i = 0; awkward_names[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) awkward_names[i]);
  g_ptr_array_add (argv, NULL);
  tool_to_file (fixture->dir, (const char * const *) argv->pdata, "SHA256SUMS", FALSE);

  compare_all_options (fixture->dir, "sha256sum", files);

  /* A changed file, a missing one, a folder in place of a file. */
  write_file (fixture->dir, "with space", "changed", -1);
  {
    g_autofree char *p = g_build_filename (fixture->dir, "new\nline", NULL);
    g_assert_cmpint (g_unlink (p), ==, 0);
  }
  {
    g_autofree char *p = g_build_filename (fixture->dir, "tab\there", NULL);
    g_assert_cmpint (g_unlink (p), ==, 0);
    g_assert_cmpint (g_mkdir (p, 0755), ==, 0);
  }
  {
    g_autofree char *p = g_build_filename (fixture->dir, "carriage\rreturn", NULL);
    g_assert_cmpint (g_unlink (p), ==, 0);
  }
  compare_all_options (fixture->dir, "sha256sum", files);
}

/* Every awkward name missing: the diagnostics quote them as coreutils'
 * quotef does (shell escapes, ':' quoted, "it's" in double quotes). */
static void
test_missing_awkward (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *files[] = { "SHA256SUMS", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *more[] = { "a?b", "#hash", "x#y", "~tilde", "{", "a{b}", "$dollar",
                         "bell\a", "del\x7f", "\x01ctl", "end\xe2\x82", "\xe2\x82\xac euro",
                         "quote\"d", "both'\"", "it's:colon", "=", "@at", NULL };

  make_awkward_files (fixture->dir);
  for (guint i = 0; more[i] != NULL; i++)
    write_file (fixture->dir, more[i], "x", -1);
  g_ptr_array_add (argv, (char *) "sha256sum");
  g_ptr_array_add (argv, (char *) "--");
  for (guint i = 0; awkward_names[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) awkward_names[i]);
  for (guint i = 0; more[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) more[i]);
  g_ptr_array_add (argv, NULL);
  tool_to_file (fixture->dir, (const char * const *) argv->pdata, "SHA256SUMS", FALSE);
  for (guint i = 1; i < argv->len - 1; i++)
    if (strcmp (argv->pdata[i], "--") != 0)
      {
        g_autofree char *p = g_build_filename (fixture->dir, argv->pdata[i], NULL);
        g_assert_cmpint (g_unlink (p), ==, 0);
      }
  compare_all_options (fixture->dir, "sha256sum", files);

  /* In a unibyte locale, bytes above 127 are escaped too. */
  {
    g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
    g_setenv ("LC_ALL", "C", TRUE);
    compare_full (fixture->dir, "sha256sum", "", files, NULL, 0, NULL);
    if (saved != NULL)
      g_setenv ("LC_ALL", saved, TRUE);
    else
      g_unsetenv ("LC_ALL");
  }
}

static void
test_gnu_md5_binary (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *argv[] = { "md5sum", "-b", "--", "plain.txt", "with space", "back\\slash",
                         "new\nline", " leading space", NULL };
  const char *files[] = { "sums.md5", NULL };

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "sums.md5", FALSE);
  write_file (fixture->dir, "plain.txt", "changed", -1);
  compare_all_options (fixture->dir, "md5sum", files);
}

/* No hint in the name: the length picks the algorithm, as for sha1sum. */
static void
test_gnu_sha1_no_hint (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *argv[] = { "sha1sum", "plain.txt", "with space", NULL };
  const char *files[] = { "list", NULL };

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "list", FALSE);
  compare_all_options (fixture->dir, "sha1sum", files);
}

/* b2sum -l 256: the length of the digest gives BLAKE2b's length. */
static void
test_gnu_b2sum_length (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *argv[] = { "b2sum", "-l", "256", "plain.txt", "with space", "it's", NULL };
  const char *files[] = { "B2SUMS", NULL };

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "B2SUMS", FALSE);
  write_file (fixture->dir, "it's", "changed", -1);
  compare_all_options (fixture->dir, "b2sum", files);
}

static void
test_gnu_crlf (Fixture       *fixture,
               gconstpointer  data)
{
  const char *argv[] = { "sha512sum", "plain.txt", "with space", "caf\xc3\xa9", NULL };
  const char *files[] = { "SHA512SUMS", NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "SHA512SUMS", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *crlf = NULL;

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "SHA512SUMS", FALSE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  crlf = g_strjoinv ("\r\n", lines);
  write_file (fixture->dir, "SHA512SUMS", crlf, -1);
  write_file (fixture->dir, "with space", "changed", -1);
  compare_all_options (fixture->dir, "sha512sum", files);
}

static void
test_bsd_tag (Fixture       *fixture,
              gconstpointer  data)
{
  const char *argv[] = { "sha256sum", "--tag", "--", "plain.txt", "with space",
                         "back\\slash", "new\nline", "it's", "colon:name",
                         "bad\xff\xfe" "utf8", NULL };
  const char *files[] = { "tags", NULL };

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "tags", FALSE);
  compare_all_options (fixture->dir, "sha256sum", files);
  compare_all_options (fixture->dir, "cksum", files);
  write_file (fixture->dir, "it's", "changed", -1);
  {
    g_autofree char *p = g_build_filename (fixture->dir, "colon:name", NULL);
    g_assert_cmpint (g_unlink (p), ==, 0);
  }
  compare_all_options (fixture->dir, "sha256sum", files);
  compare_all_options (fixture->dir, "cksum", files);
}

/* cksum --tag, a different algorithm on each line. */
static void
test_cksum_mixed (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *algorithms[] = {
    "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", NULL,
  };
  const char *files[] = { "CHECKSUMS", NULL };

  make_awkward_files (fixture->dir);
  for (guint i = 0; algorithms[i] != NULL; i++)
    {
      const char *argv[] = { "cksum", "-a", algorithms[i], "--tag", "--",
                             awkward_names[i], awkward_names[i + 1], NULL };
      tool_to_file (fixture->dir, argv, "CHECKSUMS", TRUE);
    }
  {
    /* Shorter BLAKE2b: another hash, with the length in the tag. */
    const char *b256[] = { "cksum", "-a", "blake2b", "-l", "256", "--tag", "--",
                           "plain.txt", "it's", NULL };
    const char *b8[] = { "cksum", "-a", "blake2b", "-l", "8", "--tag", "--",
                         "with space", NULL };
    tool_to_file (fixture->dir, b256, "CHECKSUMS", TRUE);
    tool_to_file (fixture->dir, b8, "CHECKSUMS", TRUE);
  }
  compare_all_options (fixture->dir, "cksum", files);
  write_file (fixture->dir, "it's", "changed", -1);
  write_file (fixture->dir, awkward_names[2], "changed", -1);
  write_file (fixture->dir, awkward_names[5], "changed", -1);
  {
    g_autofree char *p = g_build_filename (fixture->dir, awkward_names[3], NULL);
    g_assert_cmpint (g_unlink (p), ==, 0);
  }
  compare_all_options (fixture->dir, "cksum", files);
}

/* Damaged lines, each one that coreutils rejects too. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  const char *argv[] = { "sha256sum", "plain.txt", "with space", NULL };
  const char *files[] = { "SHA256SUMS", NULL };
  const char *files_tags[] = { "tags.txt", NULL };
  const char *d = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(GString) tags = g_string_new (NULL);

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "SHA256SUMS", FALSE);
  g_string_append_printf (extra, "%.63sg  plain.txt\n", d);        /* bad hex */
  g_string_append_printf (extra, "%.63s  plain.txt\n", d);         /* 63 digits */
  g_string_append_printf (extra, "%s\n", d);                       /* no name */
  g_string_append_printf (extra, "%s \n", d);                      /* blank, no name */
  g_string_append_printf (extra, "%.20s\n", d);                    /* truncated */
  g_string_append_printf (extra, "\\%s  bad\\qescape\n", d);       /* bad escape */
  g_string_append_printf (extra, "\\%s  trailing\\\n", d);         /* lone backslash */
  g_string_append (extra, "SHA256 (plain.txt) =\n");               /* no digest */
  g_string_append_printf (extra, "SHA256 (plain.txt %s\n", d);     /* no ")" */
  g_string_append_printf (extra, "SHA256 plain.txt) = %s\n", d);   /* no "(" */
  g_string_append (extra, "just words\n");
  g_string_append (extra, "\n# a comment\n\n");
  g_string_append_printf (extra, "%s  plain.txt\n", d);           /* good again */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "SHA256SUMS", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *all = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    all = g_strconcat (contents, extra->str, "4711", NULL);        /* truncated, no newline */
    write_file (fixture->dir, "SHA256SUMS", all, -1);
  }
  compare_all_options (fixture->dir, "sha256sum", files);

  g_string_append_printf (tags, "MD5 (plain.txt) = %.31s\n", d);   /* short */
  g_string_append_printf (tags, "SHA1 (plain.txt) = %.41s\n", d);  /* long */
  g_string_append_printf (tags, "SHA256 (plain.txt) = %s\n", d);
  g_string_append_printf (tags, "SHA9 (plain.txt) = %s\n", d);     /* unknown tag */
  g_string_append_printf (tags, "BLAKE2b-7 (plain.txt) = %s\n", d);/* bad length */
  /* (An untagged line is read here too, where cksum rejects it: the
   * leniency of test_mixed_formats.) */
  g_string_append (tags, "SHA256 (plain.txt) = ");                 /* cut short */
  write_file (fixture->dir, "tags.txt", tags->str, -1);
  compare_all_options (fixture->dir, "cksum", files_tags);
}

/* Blanks, tabs, parentheses and OpenSSL's form in tag lines, as cksum
 * reads them. */
static void
test_tag_spacing (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *files[] = { "tags", NULL };
  const char *d = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  g_autofree char *tags = NULL;

  write_file (fixture->dir, "a", "abc", -1);
  write_file (fixture->dir, "a(b)", "abc", -1);
  write_file (fixture->dir, "a) b", "abd", -1);
  tags = g_strdup_printf ("SHA256  (a) = %s\n"
                          "SHA256\t(a) = %s\n"
                          "SHA256 (a)= %s\n"
                          "SHA256 (a) =%s\n"
                          "SHA256 (a(b)) = %s\n"
                          "SHA256 (a) b) = %s\n"
                          "SHA256 (a) = %s\r\n"
                          "SHA256(a) = %s\n"
                          " \tSHA256 (a) = %s\n"
                          "\\SHA256 (a) = %s\n"
                          "SHA256 (a) = \t%s\n",
                          d, d, d, d, d, d, d, d, d, d, d);
  write_file (fixture->dir, "tags", tags, -1);
  compare_all_options (fixture->dir, "cksum", files);
}

/* NUL bytes in checksum lines (issue 25): coreutils reads a line's digest
 * and name as C strings, and a NUL is no blank. Each list holds one such
 * line beside a good one, so that every verdict shows in the output. */
static void
test_nul_bytes (Fixture       *fixture,
                gconstpointer  data)
{
  const char *e = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const char *lines[] = {
    "%s\0 empty\n",                 /* NUL as the blank: malformed */
    "%s\0  empty\n",
    "SHA256 (empty) = %s\0\n",      /* NUL after a tagged digest: ends it */
    "SHA256 (empty) = %s\0garbage\n",
    "SHA256 (empty) = %s \0\n",     /* a blank, then NUL: malformed */
    "SHA256 (empty) = %s\0\r\n",
    "%s  em\0pty\n",                /* NUL in a name: the name ends there */
    "%s *em\0pty\n",
    "SHA256 (em\0pty) = %s\n",
    "\\%s  em\0pty\n",              /* escaped names may not hold one */
    "%s \0empty\n",
    "%s\t\0\n",
    "\0%s  empty\n",
  };

  write_file (fixture->dir, "empty", "", 0);
  write_file (fixture->dir, "em", "", 0);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      /* Each pattern is two C strings, before the NUL and after it (the
       * literal goes on past its first NUL); "%s", the digest, is in one. */
      g_auto(GStrv) before = g_strsplit (lines[i], "%s", -1);
      g_auto(GStrv) after = g_strsplit (lines[i] + strlen (lines[i]) + 1, "%s", -1);
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("list%u", i);
      const char *files[] = { name, NULL };
      g_autofree char *head = g_strjoinv (e, before);
      g_autofree char *tail = g_strjoinv (e, after);

      /* One "%s" in all (g_strsplit() of "" gives no field at all). */
      g_assert_cmpuint (MAX (g_strv_length (before), 1) + MAX (g_strv_length (after), 1), ==, 3);
      g_string_append (list, head);
      g_string_append_c (list, '\0');
      g_string_append (list, tail);
      g_string_append_printf (list, "%s  em\n", e);
      write_file (fixture->dir, name, list->str, list->len);
      compare_all_options (fixture->dir, "sha256sum", files);
    }
}

/* More malformed lines than the CLI keeps waiting, behind entries. */
static void
test_malformed_flood (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *files[] = { "SHA256SUMS", NULL };
  const char *d = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  g_autoptr(GString) sums = g_string_new (NULL);

  write_file (fixture->dir, "a", "abc", -1);
  for (guint i = 0; i < 70000; i++)
    {
      if (i % 10000 == 0)
        g_string_append_printf (sums, "%s  a\n", d);
      g_string_append (sums, "garbage\n");
    }
  g_string_append_printf (sums, "%s  a\n", d);
  write_file (fixture->dir, "SHA256SUMS", sums->str, sums->len);
  compare_full (fixture->dir, "sha256sum", "", files, NULL, 0, NULL);
  compare_full (fixture->dir, "sha256sum", "--strict", files, NULL, 0, NULL);
  compare_full (fixture->dir, "sha256sum", "--warn --quiet", files, NULL, 0, NULL);
}

static void
test_no_valid_lines (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *files[] = { "SHA256SUMS", NULL };

  write_file (fixture->dir, "SHA256SUMS", "nothing here\n\n# at all\n", -1);
  compare_all_options (fixture->dir, "sha256sum", files);
  write_file (fixture->dir, "SHA256SUMS", "", 0);
  compare_all_options (fixture->dir, "sha256sum", files);
}

/* Several FILE arguments: one missing, one a folder, two real. */
static void
test_several_files (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *a1[] = { "sha256sum", "plain.txt", NULL };
  const char *a2[] = { "sha256sum", "with space", "it's", NULL };
  const char *files[] = { "one.sha256", "no such file", "two.sha256", "sub", NULL };
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, a1, "one.sha256", FALSE);
  tool_to_file (fixture->dir, a2, "two.sha256", FALSE);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (fixture->dir, "it's", "changed", -1);
  compare_all_options (fixture->dir, "sha256sum", files);
}

/* `-` and no FILE read the list from standard input. */
static void
test_stdin (Fixture       *fixture,
            gconstpointer  data)
{
  const char *argv[] = { "sha256sum", "plain.txt", "with space", NULL };
  const char *dash[] = { "-", NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "SUMS", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *damaged = NULL;
  const char *d = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "SUMS", FALSE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  damaged = g_strdup_printf ("%sgarbage\n%s  -\n", contents, d);
  /* In a checksum file that is not standard input, "-" names standard
   * input, as in coreutils. */
  {
    const char *files[] = { "dash.sha256", NULL };
    g_autofree char *list = g_strdup_printf ("%s  plain.txt\n%s  -\n", d, d);
    write_file (fixture->dir, "dash.sha256", list, -1);
    compare_full (fixture->dir, "sha256sum", "", files, "abc", 3, NULL);
    compare_full (fixture->dir, "sha256sum", "", files, "abd", 3, NULL);
  }

  for (guint i = 0; all_options[i] != NULL; i++)
    {
      compare_full (fixture->dir, "sha256sum", all_options[i], dash,
                    damaged, strlen (damaged), NULL);
      compare_full (fixture->dir, "sha256sum", all_options[i], NULL,
                    damaged, strlen (damaged), NULL);
    }
}

/* Many entries: verified in parallel, printed in file order. */
static void
test_many_in_order (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *files[] = { "SHA1SUMS", NULL };

  g_ptr_array_add (argv, g_strdup ("sha1sum"));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%03u", i);
      g_autofree char *body = g_strnfill (i * 37 % 5000, 'a' + i % 26);
      write_file (fixture->dir, name, body, -1);
      g_ptr_array_add (argv, g_steal_pointer (&name));
    }
  g_ptr_array_add (argv, NULL);
  tool_to_file (fixture->dir, (const char * const *) argv->pdata, "SHA1SUMS", FALSE);
  for (guint i = 0; i < 400; i += 7)
    {
      g_autofree char *name = g_strdup_printf ("f%03u", i);
      if (i % 2)
        write_file (fixture->dir, name, "changed", -1);
      else
        {
          g_autofree char *p = g_build_filename (fixture->dir, name, NULL);
          g_unlink (p);
        }
    }
  compare_full (fixture->dir, "sha1sum", "", files, NULL, 0, NULL);
  compare_full (fixture->dir, "sha1sum", "--quiet", files, NULL, 0, NULL);
  {
    /* One worker and many: the same output. */
    Run a = { 0 }, b = { 0 };
    const char *one[] = { cli_path, "check", "-j", "1", "SHA1SUMS", NULL };
    const char *many[] = { cli_path, "check", "-j", "7", "SHA1SUMS", NULL };
    run_in (fixture->dir, one, NULL, 0, &a);
    run_in (fixture->dir, many, NULL, 0, &b);
    g_assert_cmpstr (a.out, ==, b.out);
    g_assert_cmpstr (a.err, ==, b.err);
    g_assert_cmpint (a.status, ==, 1);
    g_assert_cmpint (b.status, ==, 1);
    run_clear (&a);
    run_clear (&b);
  }
}

/* A listed file that cannot be read. Permissions do not bind root: as
 * root (CI), both tools run as uid 65534 through setpriv; as a normal user
 * (build-aux/test), chmod 000 is enough. Neither possible: a failure that
 * says why, never a skip. */
static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *argv[] = { "sha256sum", "plain.txt", "with space", "it's", NULL };
  const char *files[] = { "SHA256SUMS", NULL };
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *locked = g_build_filename (fixture->dir, "with space", NULL);
  const char *as_other = NULL;

  g_assert_cmpint (access (cli_path, X_OK), ==, 0);
  if (getuid () == 0)
    {
      if (setpriv == NULL)
        {
          g_test_fail_printf ("running as root, where chmod 000 does not bind, and setpriv (util-linux) "
                              "is not in PATH to run the tools as uid 65534");
          return;
        }
      as_other = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    }

  make_awkward_files (fixture->dir);
  tool_to_file (fixture->dir, argv, "SHA256SUMS", FALSE);
  for (guint i = 0; awkward_names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (fixture->dir, awkward_names[i], NULL);
      g_chmod (p, 0644);
    }
  {
    g_autofree char *p = g_build_filename (fixture->dir, "SHA256SUMS", NULL);
    g_chmod (p, 0644);
  }
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  if (as_other != NULL)
    {
      /* Is the build folder reachable by that user at all? */
      Run probe = { 0 };
      const char *probe_argv[] = { "setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups", cli_path, "--version", NULL };
      run_in (fixture->dir, probe_argv, NULL, 0, &probe);
      if (probe.status != 0)
        {
          g_test_fail_printf ("fileworks-cli (%s) cannot run as uid 65534 (status %d: %s): "
                              "the build folder must be reachable by other users when the tests run as root",
                              cli_path, probe.status, probe.err);
          run_clear (&probe);
          return;
        }
      run_clear (&probe);
    }

  {
    /* The premise, checked with coreutils: the file really is unreadable
     * for whoever runs the tools (a user with CAP_DAC_OVERRIDE reads it). */
    Run cat = { 0 };
    g_auto(GStrv) cat_argv = g_strsplit (as_other != NULL ? as_other : "", " ", -1);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) full = NULL;

    for (guint i = 0; cat_argv[i] != NULL; i++)
      if (cat_argv[i][0] != '\0')
        g_strv_builder_add (builder, cat_argv[i]);
    g_strv_builder_add_many (builder, "cat", "--", "with space", NULL);
    full = g_strv_builder_end (builder);
    run_in (fixture->dir, (const char * const *) full, NULL, 0, &cat);
    if (cat.status == 0)
      g_test_fail_printf ("a file with mode 000 is readable here (uid %u): cannot test an unreadable file",
                          (guint) getuid ());
    else
      g_assert_nonnull (strstr (cat.err, "Permission denied"));
    run_clear (&cat);
    if (g_test_failed ())
      return;
  }

  for (guint i = 0; all_options[i] != NULL; i++)
    compare_full (fixture->dir, "sha256sum", all_options[i], files, NULL, 0, as_other);
}

/* SFV has no coreutils reader: the expected output is written out. */
static void
test_sfv (Fixture       *fixture,
          gconstpointer  data)
{
  Run run = { 0 };
  const char *argv[] = { NULL, "check", "files.sfv", NULL };
  const char *argv_crlf[] = { NULL, "check", "--warn", "crlf.txt", NULL };

  argv[0] = cli_path;
  argv_crlf[0] = cli_path;
  write_file (fixture->dir, "a", "abc", -1);
  write_file (fixture->dir, "b c", "hello", -1);
  write_file (fixture->dir, "d", "changed", -1);
  /* crc32("abc") = 352441c2, crc32("hello") = 3610a686 */
  write_file (fixture->dir, "files.sfv",
              "; Generated by hand\n"
              ";  another comment\n"
              "a 352441C2\n"
              "b c   3610a686  \n"
              "d 352441c2\n"
              "gone 00000000\n"
              "not a line\n", -1);
  run_in (fixture->dir, argv, NULL, 0, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\nb c: OK\nd: FAILED\ngone: FAILED open or read\n");
  g_assert_cmpstr (run.err, ==,
                   "fileworks-cli: gone: No such file or directory\n"
                   "fileworks-cli: WARNING: 1 line is improperly formatted\n"
                   "fileworks-cli: WARNING: 1 listed file could not be read\n"
                   "fileworks-cli: WARNING: 1 computed checksum did NOT match\n");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  /* Detected by its ';' first line, CRLF ends. */
  write_file (fixture->dir, "crlf.txt", "; sfv\r\na 352441c2\r\nb c 3610A686\r\nx\r\n", -1);
  run_in (fixture->dir, argv_crlf, NULL, 0, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\nb c: OK\n");
  g_assert_cmpstr (run.err, ==,
                   "fileworks-cli: crlf.txt: 4: improperly formatted CRC32 checksum line\n"
                   "fileworks-cli: WARNING: 1 line is improperly formatted\n");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

/* Runs @argv in @dir with standard output on /dev/full: returns the exit
 * status, and standard error in @err. */
static int
run_to_full (const char         *dir,
             const char * const *argv,
             char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* Output that cannot be written is an error, as in coreutils, for
 * --help and --version too (issue 25, item 4): the same status as the
 * tool each command mirrors, on /dev/full, and a "write error" message. */
static void
test_write_error (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *ours[4];
    const char *theirs[4];
    const char *prefix;
  } cases[] = {
    { { "--help" }, { "sha256sum", "--help" }, "fileworks-cli: " },
    { { "--version" }, { "sha256sum", "--version" }, "fileworks-cli: " },
    { { "hash", "--help" }, { "sha256sum", "--help" }, "fileworks-cli hash: " },
    { { "hash", "--version" }, { "sha256sum", "--version" }, "fileworks-cli hash: " },
    { { "hash", "a" }, { "sha256sum", "a" }, "fileworks-cli hash: " },
    { { "check", "--help" }, { "sha256sum", "--help" }, "fileworks-cli: " },
    { { "check", "--version" }, { "sha256sum", "--version" }, "fileworks-cli: " },
    { { "check", "SUMS" }, { "sha256sum", "-c", "SUMS" }, "fileworks-cli: " },
    { { "size", "--help" }, { "du", "--help" }, "fileworks-cli size: " },
    { { "size", "--version" }, { "du", "--version" }, "fileworks-cli size: " },
    { { "size", "a" }, { "du", "-s", "a" }, "fileworks-cli size: " },
  };

  write_file (fixture->dir, "a", "abc", -1);
  write_file (fixture->dir, "SUMS",
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *ours[6] = { cli_path };
      g_autofree char *their_err = NULL;
      g_autofree char *our_err = NULL;
      g_autofree char *want = NULL;
      int their_status, our_status;

      for (guint j = 0; j < 4 && cases[i].ours[j] != NULL; j++)
        ours[1 + j] = cases[i].ours[j];
      their_status = run_to_full (fixture->dir, cases[i].theirs, &their_err);
      our_status = run_to_full (fixture->dir, ours, &our_err);
      g_test_message ("%s %s: theirs %d \"%s\", ours %d \"%s\"", ours[1], ours[2] ? ours[2] : "",
                      their_status, their_err, our_status, our_err);
      g_assert_nonnull (strstr (their_err, "write error"));
      g_assert_cmpint (our_status, ==, their_status);
      want = g_strconcat (cases[i].prefix, "write error", NULL);
      g_assert_true (g_str_has_prefix (our_err, want));
      /* Said once, not once more by each layer that saw it. */
      g_assert_null (strstr (strstr (our_err, "write error") + 1, "write error"));
    }
}

/* Runs @argv in @dir with SIGPIPE ignored (`env --ignore-signal=PIPE`)
 * and standard output on a pipe whose reader is gone before it starts:
 * every write fails with EPIPE. Returns the exit status, and standard
 * error in @err. */
static int
run_to_closed_pipe (const char         *dir,
                    const char * const *argv,
                    char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  int fds[2];

  g_ptr_array_add (full, (char *) "env");
  g_ptr_array_add (full, (char *) "--ignore-signal=PIPE");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (close (fds[0]), ==, 0);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdout_fd (launcher, fds[1]);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, &error);
  g_assert_no_error (error);
  g_clear_object (&launcher);   /* closes our copy of the writer */
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The first failed write stops the batch and exits at once (issue 25,
 * item 4), on purpose unlike coreutils, which finishes its work and says
 * "write error" at the end. Not a timing test: a missing file listed last
 * comes long after the first write (the output is several times any
 * stdio buffer), so its message shows whether the work went on; the tool
 * does go on, and says "write error" just as we do. */
static void
test_write_stops (Fixture       *fixture,
                  gconstpointer  data)
{
  enum { N_FILES = 3000 };
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tree = g_build_filename (fixture->dir, "tree", NULL);
  static const struct {
    const char *ours[4];
    const char *theirs[4];
    gboolean    files;   /* the files, then "missing", as arguments */
    const char *prefix;
    const char *their_prefix;
  } cases[] = {
    { { "hash" }, { "sha256sum" }, TRUE, "fileworks-cli hash: ", "sha256sum: " },
    { { "hash", "-r", "tree", "missing" }, { "sha256sum" }, TRUE, "fileworks-cli hash: ", "sha256sum: " },
    { { "check", "SUMS" }, { "sha256sum", "-c", "SUMS" }, FALSE, "fileworks-cli: ", "sha256sum: " },
    { { "size" }, { "du", "-s" }, TRUE, "fileworks-cli size: ", "du: " },
  };

  g_assert_cmpint (g_mkdir (tree, 0755), ==, 0);
  for (guint i = 0; i < N_FILES; i++)
    {
      char *name = g_strdup_printf ("f%04u", i);
      g_autofree char *in_tree = g_build_filename ("tree", name, NULL);

      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *tree_path = g_build_filename (fixture->dir, in_tree, NULL);

      /* No fsync: thousands of files, none of which must outlive a crash. */
      g_assert_true (g_file_set_contents_full (path, "abc", 3, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
      g_assert_true (g_file_set_contents_full (tree_path, "abc", 3, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
      g_string_append_printf (sums, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  %s\n",
                              name);
      g_ptr_array_add (names, name);
    }
  g_string_append (sums, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  missing\n");
  write_file (fixture->dir, "SUMS", sums->str, -1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) ours = g_ptr_array_new ();
      g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
      g_autofree char *our_err = NULL, *their_err = NULL, *want = NULL, *their_last = NULL;
      const char *last;
      int our_status, their_status;

      g_ptr_array_add (ours, cli_path);
      for (guint j = 0; j < 4 && cases[i].ours[j] != NULL; j++)
        g_ptr_array_add (ours, (char *) cases[i].ours[j]);
      for (guint j = 0; j < 4 && cases[i].theirs[j] != NULL; j++)
        g_ptr_array_add (theirs, (char *) cases[i].theirs[j]);
      if (cases[i].files)
        {
          gboolean walked = ours->len > 2;   /* hash -r tree missing */

          for (guint j = 0; j < names->len; j++)
            {
              if (!walked)
                g_ptr_array_add (ours, g_ptr_array_index (names, j));
              g_ptr_array_add (theirs, g_ptr_array_index (names, j));
            }
          if (!walked)
            g_ptr_array_add (ours, (char *) "missing");
          g_ptr_array_add (theirs, (char *) "missing");
        }
      g_ptr_array_add (ours, NULL);
      g_ptr_array_add (theirs, NULL);

      their_status = run_to_closed_pipe (fixture->dir, (const char * const *) theirs->pdata, &their_err);
      our_status = run_to_closed_pipe (fixture->dir, (const char * const *) ours->pdata, &our_err);
      g_test_message ("%s %s: theirs %d \"%s\", ours %d \"%s\"", cases[i].ours[0],
                      cases[i].ours[1] ? cases[i].ours[1] : "", their_status, their_err,
                      our_status, our_err);

      /* The premise: the tool went on to the missing file, then said
       * "write error" last. */
      g_assert_nonnull (strstr (their_err, "missing"));
      g_assert_true (g_str_has_suffix (their_err, "write error\n"));
      last = g_strrstr_len (their_err, strlen (their_err) - 1, "\n");
      their_last = g_strdup (last != NULL ? last + 1 : their_err);
      g_assert_true (g_str_has_prefix (their_last, cases[i].their_prefix));

      /* Ours: that same last line, and nothing before it. */
      want = g_strconcat (cases[i].prefix, their_last + strlen (cases[i].their_prefix), NULL);
      g_assert_cmpstr (our_err, ==, want);
      g_assert_cmpint (our_status, ==, their_status);
    }
}

/* Reads from @fd until @want has come (or the fd's end), waiting at most
 * 30 s in all; returns what came. */
static char *
read_until (int         fd,
            const char *want)
{
  GString *got = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (strstr (got->str, want) == NULL)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char buf[256];
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        break;
      n = read (fd, buf, sizeof buf);
      if (n <= 0)
        break;
      g_string_append_len (got, buf, n);
    }
  return g_string_free (got, FALSE);
}

/* A result is printed as soon as it and every result before it are known,
 * whatever the input does next (issue 25, item 3): the first line's result
 * must come while the second line is still held back, as with
 * sha256sum -c. Not a timing test: the second line is only written once
 * the first result has been read (a 30 s wait marks the failure). */
static void
test_prompt_output (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *d = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  const char *theirs[] = { "sha256sum", "-c", NULL };
  const char *ours[] = { cli_path, "check", NULL };
  const char * const *tools[] = { theirs, ours };
  g_autofree char *first = g_strdup_printf ("%s  a\n", d);
  g_autofree char *second = g_strdup_printf ("%s  b\n", d);
  char *outputs[2] = { NULL, NULL };

  write_file (fixture->dir, "a", "abc", -1);
  write_file (fixture->dir, "b", "abd", -1);
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *head = NULL;
      g_autofree char *rest = NULL;
      GPid pid;
      int in_fd, out_fd, wait_status;

      g_spawn_async_with_pipes (fixture->dir, (char **) tools[i], NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &in_fd, &out_fd, NULL, &error);
      g_assert_no_error (error);

      g_assert_cmpint (write (in_fd, first, strlen (first)), ==, (gssize) strlen (first));
      head = read_until (out_fd, "a: OK\n");
      g_test_message ("%s, with the second line held back: \"%s\"", tools[i][0], head);
      g_assert_cmpstr (head, ==, "a: OK\n");

      g_assert_cmpint (write (in_fd, second, strlen (second)), ==, (gssize) strlen (second));
      close (in_fd);
      rest = read_until (out_fd, "\001");   /* to the end */
      close (out_fd);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
      outputs[i] = g_strconcat (head, rest, NULL);
    }
  g_assert_cmpstr (outputs[1], ==, outputs[0]);
  g_assert_cmpstr (outputs[1], ==, "a: OK\nb: FAILED\n");
  g_free (outputs[0]);
  g_free (outputs[1]);
}

/* Algorithms coreutils has no checker for, by BSD tag and by file name. */
static void
test_other_algorithms (Fixture       *fixture,
                       gconstpointer  data)
{
  Run run = { 0 };
  const char *argv[] = { NULL, "check", "x.sha3-256", "tags", NULL };

  argv[0] = cli_path;
  write_file (fixture->dir, "a", "abc", -1);
  /* FIPS 202 SHA3-256("abc"); XXH64("abc", seed 0); crc32("abc") */
  write_file (fixture->dir, "x.sha3-256",
              "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532  a\n", -1);
  write_file (fixture->dir, "tags",
              "SHA3-256 (a) = 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532\n"
              "XXH64 (a) = 44bc2cf5ad770999\n"
              "CRC32 (a) = 352441c2\n"
              "CRC32 (a) = 352441c3\n", -1);
  run_in (fixture->dir, argv, NULL, 0, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\na: OK\na: OK\na: OK\na: FAILED\n");
  g_assert_cmpstr (run.err, ==, "fileworks-cli: WARNING: 1 computed checksum did NOT match\n");
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

/* Leniency where coreutils rejects: untagged lines of several lengths
 * (no hint in the name), tagged and untagged lines in one file, blanks
 * after a BSD digest. */
static void
test_mixed_formats (Fixture       *fixture,
                    gconstpointer  data)
{
  Run run = { 0 };
  const char *argv[] = { NULL, "check", "--strict", "mixed.txt", NULL };

  argv[0] = cli_path;
  write_file (fixture->dir, "a", "abc", -1);
  /* RFC 1321 MD5("abc"), FIPS 180 SHA-1 and SHA-256 of "abc" */
  write_file (fixture->dir, "mixed.txt",
              "900150983cd24fb0d6963f7d28e17f72  a\n"
              "a9993e364706816aba3e25717850c26c9cd0d89d *a\n"
              "SHA256 (a) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \t\n"
              "MD5 (a) = 900150983CD24FB0D6963F7D28E17F72\n", -1);
  run_in (fixture->dir, argv, NULL, 0, &run);
  g_assert_cmpstr (run.out, ==, "a: OK\na: OK\na: OK\na: OK\n");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  Run run = { 0 };
  const char *help[] = { NULL, "check", "--help", NULL };
  const char *version[] = { NULL, "check", "--version", NULL };
  const char *bogus[] = { NULL, "check", "--bogus", "x", NULL };
  const char *bad_j[] = { NULL, "check", "-j", "0", "x", NULL };
  const char *no_arg[] = { NULL, "check", "-j", NULL };
  const char *bad_a[] = { NULL, "check", "-a", "sha999", "x", NULL };
  const char * const *wrong[] = { bogus, bad_j, no_arg, bad_a };

  help[0] = version[0] = bogus[0] = bad_j[0] = no_arg[0] = bad_a[0] = cli_path;

  run_in (fixture->dir, help, NULL, 0, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Usage: fileworks-cli check"));
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  run_in (fixture->dir, version, NULL, 0, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "fileworks-cli"));
  run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      run_in (fixture->dir, wrong[i], NULL, 0, &run);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (strstr (run.err, "Try 'fileworks-cli check --help'") != NULL);
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
  g_test_add ("/check-cli/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("gnu-sha256sum", test_gnu_sha256sum);
  ADD ("missing-awkward", test_missing_awkward);
  ADD ("gnu-md5-binary", test_gnu_md5_binary);
  ADD ("gnu-sha1-no-hint", test_gnu_sha1_no_hint);
  ADD ("gnu-b2sum-length", test_gnu_b2sum_length);
  ADD ("gnu-crlf", test_gnu_crlf);
  ADD ("bsd-tag", test_bsd_tag);
  ADD ("cksum-mixed", test_cksum_mixed);
  ADD ("damaged", test_damaged);
  ADD ("tag-spacing", test_tag_spacing);
  ADD ("nul-bytes", test_nul_bytes);
  ADD ("malformed-flood", test_malformed_flood);
  ADD ("no-valid-lines", test_no_valid_lines);
  ADD ("several-files", test_several_files);
  ADD ("stdin", test_stdin);
  ADD ("many-in-order", test_many_in_order);
  ADD ("unreadable", test_unreadable);
  ADD ("sfv", test_sfv);
  ADD ("other-algorithms", test_other_algorithms);
  ADD ("mixed-formats", test_mixed_formats);
  ADD ("usage", test_usage);
  ADD ("write-error", test_write_error);
  ADD ("write-stops", test_write_stops);
  ADD ("prompt-output", test_prompt_output);
#undef ADD

  return g_test_run ();
}
