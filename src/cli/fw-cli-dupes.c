/* fw-cli-dupes.c — `fileworks-cli dupes`: the groups fdupes prints, found
 * in stages on the pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-cli-quote.h"
#include "fw-dupes.h"

typedef struct {
  GMainLoop     *loop;
  FwDupesScan   *scan;
  FwDupesResult *result;
  GError        *error;
  gboolean       progress_shown;
} DupesRun;

static void
print_help (void)
{
  printf (_("Usage: %s [OPTION]... PATH...\n"), "fileworks-cli dupes");
  printf ("%s\n", _("Print the groups of files with the same content among the files and folders, as fdupes does:"));
  printf ("%s\n\n", _("one name per line, a blank line after each group."));
  printf ("  -r, --recurse    %s\n", _("Look in every folder under each folder too"));
  printf ("  -n, --noempty    %s\n", _("Leave out empty files"));
  printf ("  -H, --hardlinks  %s\n", _("Count hard links to one file as duplicates"));
  printf ("  -c, --compare    %s\n", _("Confirm each group by comparing the bytes"));
  printf ("  -q, --quiet      %s\n", _("Show no progress and no notes on skipped special files"));
  printf ("  -j, --jobs=N     %s\n", _("Read N files at once (default: one a processor)"));
  printf ("  -h, --help       %s\n", _("Show this help and exit"));
  printf ("\n%s\n", _("Groups are printed largest file size first; the names in a group in byte order."));
  printf ("%s\n", _("Names are quoted as coreutils quotes them when they need it."));
}

static const char *
stage_label (FwDupesStage stage)
{
  switch (stage)
    {
    case FW_DUPES_STAGE_WALK:
      /* TRANSLATORS: the stage in `fileworks-cli dupes`' progress line */
      return _("Looking for files");
    case FW_DUPES_STAGE_SIZE:
      return _("Comparing sizes");
    case FW_DUPES_STAGE_EDGES:
      return _("Reading the ends of files");
    case FW_DUPES_STAGE_DIGEST:
      return _("Hashing candidates");
    case FW_DUPES_STAGE_COMPARE:
      return _("Comparing bytes");
    case FW_DUPES_STAGE_NONE:
    case FW_DUPES_STAGE_DONE:
    default:
      return "";
    }
}

static gboolean
on_progress_tick (gpointer user_data)
{
  DupesRun *run = user_data;
  FwDupesProgress p;

  fw_dupes_scan_get_progress (run->scan, &p);
  fputs ("\r\033[K", stderr);
  if (p.stage == FW_DUPES_STAGE_WALK)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GUINT64_FORMAT, p.files_found);

      /* TRANSLATORS: progress of `fileworks-cli dupes`: "Looking for files: 1234" */
      fprintf (stderr, _("%s: %s"), stage_label (p.stage), found);
    }
  else
    {
      g_autofree char *done = g_strdup_printf ("%" G_GUINT64_FORMAT, p.files_done);
      g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, p.files_total);

      /* TRANSLATORS: progress of `fileworks-cli dupes`: "Hashing candidates: 12/300" */
      fprintf (stderr, _("%s: %s/%s"), stage_label (p.stage), done, total);
    }
  fflush (stderr);
  run->progress_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  DupesRun *run = user_data;

  run->result = fw_dupes_scan_run_finish (FW_DUPES_SCAN (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Says what befell a file; returns TRUE when it makes the run fail. */
static gboolean
print_note (const FwDupesNote *note,
            gboolean           quiet)
{
  g_autofree char *quoted = fw_cli_quote_name (note->path);

  switch (note->kind)
    {
    case FW_DUPES_NOTE_ERROR:
      {
        /* TRANSLATORS: %s: a quoted file name, then the system's reason */
        g_autofree char *message = g_strdup_printf (_("cannot read %s: %s"), quoted, note->error->message);

        fprintf (stderr, "fileworks-cli dupes: %s\n", message);
      }
      return TRUE;
    case FW_DUPES_NOTE_CHANGED:
      {
        /* TRANSLATORS: %s: a quoted file name */
        g_autofree char *message = g_strdup_printf (_("%s changed while it was read; left out"), quoted);

        fprintf (stderr, "fileworks-cli dupes: %s\n", message);
      }
      return TRUE;
    case FW_DUPES_NOTE_SPECIAL:
      if (!quiet)
        {
          /* TRANSLATORS: %s: a quoted file name (a FIFO, a socket, a device) */
          g_autofree char *message = g_strdup_printf (_("%s is not a regular file; skipped"), quoted);

          fprintf (stderr, "fileworks-cli dupes: %s\n", message);
        }
      return FALSE;
    case FW_DUPES_NOTE_FOLDER:
    default:
      return FALSE;
    }
}

int
fw_cli_dupes_main (int    argc,
                   char **argv)
{
  static const struct option long_options[] = {
    { "recurse", no_argument, NULL, 'r' },
    { "noempty", no_argument, NULL, 'n' },
    { "hardlinks", no_argument, NULL, 'H' },
    { "compare", no_argument, NULL, 'c' },
    { "quiet", no_argument, NULL, 'q' },
    { "jobs", required_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  FwDupesFlags flags = FW_DUPES_FLAGS_NONE;
  gboolean quiet = FALSE;
  gboolean hardlinks = FALSE;
  guint64 jobs = 0;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GMainContext) context = NULL;
  DupesRun run = { 0 };
  guint tick = 0;
  int status = 0;
  int c;

  optind = 0;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":rnHcqj:h", long_options, NULL)) != -1)
    {
      switch (c)
        {
        case 'r': flags |= FW_DUPES_RECURSIVE; break;
        case 'n': flags |= FW_DUPES_SKIP_EMPTY; break;
        case 'H': flags |= FW_DUPES_HARDLINKS_ARE_DUPLICATES; hardlinks = TRUE; break;
        case 'c': flags |= FW_DUPES_COMPARE_BYTES; break;
        case 'q': quiet = TRUE; break;
        case 'h': print_help (); return 0;
        case 'j':
          if (!g_ascii_string_to_unsigned (optarg, 10, 1, 1024, &jobs, NULL))
            return fw_cli_usage_error ("dupes", _("invalid number of jobs: '%s'"), optarg);
          break;
        case ':':
          return fw_cli_usage_error ("dupes", _("option requires an argument -- '%s'"),
                                     optopt == 'j' ? "j" : argv[optind - 1]);
        default:
          if (optopt != 0)
            return fw_cli_usage_error ("dupes", _("invalid option -- '%c'"), optopt);
          return fw_cli_usage_error ("dupes", _("unrecognized option '%s'"), argv[optind - 1]);
        }
    }
  if (optind >= argc)
    return fw_cli_usage_error ("dupes", "%s", _("missing operand"));

  fw_digest_init ();
  pool = fw_pool_new ((guint) jobs);  /* 0: one a processor */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);
  run.scan = fw_dupes_scan_new ((const char * const *) argv + optind, flags);
  fw_dupes_scan_run_async (run.scan, pool, NULL, on_done, &run);
  if (!quiet && isatty (STDERR_FILENO))
    {
      GSource *source = g_timeout_source_new (100);

      g_source_set_callback (source, on_progress_tick, &run, NULL);
      tick = g_source_attach (source, context);
      g_source_unref (source);
    }
  g_main_loop_run (run.loop);
  if (tick != 0)
    g_source_destroy (g_main_context_find_source_by_id (context, tick));
  if (run.progress_shown)
    fputs ("\r\033[K", stderr);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);

  if (run.result == NULL)
    {
      fprintf (stderr, "fileworks-cli dupes: %s\n", run.error->message);
      g_error_free (run.error);
      g_object_unref (run.scan);
      return 1;
    }

  for (guint i = 0; i < run.result->notes->len; i++)
    if (print_note (run.result->notes->pdata[i], quiet))
      status = 1;

  for (guint i = 0; i < run.result->groups->len; i++)
    {
      const FwDupesGroup *group = run.result->groups->pdata[i];
      guint next_inode = 0;

      /* Without -H, one name per inode: its first in byte order. */
      if (!hardlinks && group->n_inodes < 2)
        continue;
      for (guint j = 0; j < group->files->len; j++)
        {
          const FwDupesFile *file = group->files->pdata[j];
          g_autofree char *quoted = NULL;

          /* inode_index counts up in the order of first names. */
          if (!hardlinks)
            {
              if (file->inode_index != next_inode)
                continue;
              next_inode++;
            }
          quoted = fw_cli_quote_name (file->path);
          fputs (quoted, stdout);
          fputc ('\n', stdout);
        }
      fputc ('\n', stdout);
      if (ferror (stdout))
        fw_cli_exit_write_error ("dupes");
    }

  fw_dupes_result_free (run.result);
  g_object_unref (run.scan);
  return status;
}
