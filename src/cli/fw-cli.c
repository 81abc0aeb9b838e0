/* fw-cli.c — command dispatch of fileworks-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"

typedef struct {
  const char *name;
  int (*main) (int argc, char **argv);
  const char *summary;
  const char *prefix;  /* of its messages on standard error */
  int failure;         /* the status for a write error (2 for tools like cmp) */
} FwCliCommand;

static const FwCliCommand commands[] = {
  /* One row per command; kept in the order --help lists them. */
  { "hash", fw_cli_hash_main, N_("Print checksums of files (like sha256sum), in parallel"),
    "fileworks-cli hash", 1 },
  /* sha256sum -c's messages name the program only. */
  { "check", fw_cli_check_main, N_("Verify files against checksum files (like sha256sum -c)"),
    "fileworks-cli", 1 },
  { "size", fw_cli_size_main, N_("Print the disk usage of files and folders (like du -s), in parallel"),
    "fileworks-cli size", 1 },
  { "du", fw_cli_du_main, N_("Summarize disk usage, folder by folder (like du), in parallel"),
    "fileworks-cli du", 1 },
  { "compare", fw_cli_compare_main, N_("Compare two files (like cmp) or two folders (like diff -rq)"),
    "fileworks-cli compare", 2 },
  { "dupes", fw_cli_dupes_main, N_("Find files with the same content (like fdupes), in stages, in parallel"),
    "fileworks-cli dupes", 1 },
  { NULL, NULL, NULL, NULL, 0 },
};

static void
print_help (FILE *out)
{
  fprintf (out, _("Usage: %s COMMAND [OPTION]... [ARG]...\n"), "fileworks-cli");
  fprintf (out, "%s\n\n", _("Hash, verify and size files and folders in parallel."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  -h, --help  %s\n", _("Show this help and exit"));
  fprintf (out, "  --version   %s\n", _("Show the version and exit"));
  fprintf (out, "\n%s\n", _("Run 'fileworks-cli COMMAND --help' for a command's options."));
}

int
fw_cli_usage_error (const char  *command,
                    const char  *format,
                    ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      fprintf (stderr, "fileworks-cli %s: %s\n", command, message);
      fprintf (stderr, _("Try 'fileworks-cli %s --help' for more information.\n"), command);
    }
  else
    {
      fprintf (stderr, "fileworks-cli: %s\n", message);
      fprintf (stderr, "%s\n", _("Try 'fileworks-cli --help' for more information."));
    }
  return 1;
}

/* coreutils' close_stdout(): what could not be written is an error, found
 * when standard output is flushed at the end, whatever the command printed
 * (--help and --version too). Returns @status, or @failure after a write
 * error, which it reports on standard error. A write that failed earlier
 * left no errno behind: then no reason is given, as coreutils does.
 * Standard output stays open: fw_cli_run() may run in-process (tests). */
static int
finish_stdout (const char *prefix,
               int         status,
               int         failure)
{
  gboolean failed_before = ferror (stdout) != 0;
  int saved_errno = 0;

  errno = 0;
  if (fflush (stdout) != 0)
    saved_errno = errno;
  else if (!failed_before)
    return status;

  if (saved_errno != 0)
    fprintf (stderr, "%s: %s: %s\n", prefix, _("write error"), g_strerror (saved_errno));
  else
    fprintf (stderr, "%s: %s\n", prefix, _("write error"));
  return MAX (status, failure);
}

void
fw_cli_exit_write_error (const char *command)
{
  const FwCliCommand *row = NULL;

  for (guint i = 0; commands[i].name != NULL && row == NULL; i++)
    if (strcmp (commands[i].name, command) == 0)
      row = &commands[i];
  g_assert (row != NULL);

  fflush (stderr);
  /* _exit(): no atexit handler may run while the workers still do. */
  _exit (finish_stdout (row->prefix, 1, row->failure));
}

int
fw_cli_run (int    argc,
            char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return fw_cli_usage_error (NULL, "%s", _("missing command"));

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_help (stdout);
      return finish_stdout ("fileworks-cli", 0, 1);
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("fileworks-cli %s\n", PACKAGE_VERSION);
      return finish_stdout ("fileworks-cli", 0, 1);
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return finish_stdout (commands[i].prefix,
                            commands[i].main (argc - 1, argv + 1),
                            commands[i].failure);

  return fw_cli_usage_error (NULL, _("unknown command '%s'"), argv[1]);
}
