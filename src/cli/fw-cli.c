/* fw-cli.c — command dispatch of fileworks-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fw-cli.h"

typedef struct {
  const char *name;
  int (*main) (int argc, char **argv);
  const char *summary;
} FwCliCommand;

static const FwCliCommand commands[] = {
  /* One row per command; kept in the order --help lists them. */
  { "hash", fw_cli_hash_main, N_("Print checksums of files (like sha256sum), in parallel") },
  { NULL, NULL, NULL },
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
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("fileworks-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].main (argc - 1, argv + 1);

  return fw_cli_usage_error (NULL, _("unknown command '%s'"), argv[1]);
}
