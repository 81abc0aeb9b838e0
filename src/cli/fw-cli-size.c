/* fw-cli-size.c — `fileworks-cli size`: du -s, scanned in parallel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-cli-quote.h"
#include "fw-size.h"

/* At most this many items are scanned at once; their folders share the
 * pool. Results are printed in argument order as soon as each item and
 * every item before it are done (hard links are credited in that order). */
#define MAX_IN_FLIGHT 16

typedef struct {
  GMainLoop      *loop;
  FwPool         *pool;
  GCancellable   *cancellable;
  FwSizeFlags     flags;
  FwExclude      *exclude;
  gboolean        apparent;
  gboolean        progress;
  gboolean        progress_shown;

  char          **paths;
  guint           n_paths;
  FwSizeScan    **scans;
  FwSizeResult  **results;
  GError        **errors;
  gboolean       *done;
  guint           next_to_start;
  guint           next_to_print;
  guint           running;

  FwSizeLinkSet  *links;
  int             status;

  /* Progress of the items already printed. */
  guint64         base_entries;
  guint64         base_bytes;
} SizeRun;

static void start_scans (SizeRun *run);

static void
clear_progress (SizeRun *run)
{
  if (run->progress_shown)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      run->progress_shown = FALSE;
    }
}

static gboolean
on_progress_tick (gpointer user_data)
{
  SizeRun *run = user_data;
  guint64 entries = run->base_entries, bytes = run->base_bytes;
  g_autofree char *size = NULL;
  g_autofree char *count = NULL;

  for (guint i = run->next_to_print; i < run->next_to_start; i++)
    {
      FwSizeProgress p;

      fw_size_scan_get_progress (run->scans[i], &p);
      entries += p.entries;
      bytes += run->apparent ? p.apparent_size : p.disk_usage;
    }
  size = g_format_size (bytes);
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, entries);
  fputs ("\r\033[K", stderr);
  /* TRANSLATORS: live progress of `fileworks-cli size`: "123456 entries, 1.2 GB" */
  fprintf (stderr, _("%s entries, %s"), count, size);
  fflush (stderr);
  run->progress_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

/* The first failed write ends the run at once (issue 25, item 4), where
 * du would size every argument first. */
static void
check_write (void)
{
  if (ferror (stdout))
    fw_cli_exit_write_error ("size");
}

static void
print_error_line (SizeRun    *run,
                  const char *message)
{
  clear_progress (run);
  fflush (stdout);
  check_write ();
  fprintf (stderr, "fileworks-cli size: %s\n", message);
}

/* du's words for an entry it could not read, the name quoted as du's
 * quote() does (always, escaped per locale: issue 25, item 5). */
static char *
entry_error_message (const FwSizeError *error)
{
  g_autofree char *quoted = fw_cli_quote_name_always (error->path);

  if (error->kind == FW_SIZE_ERROR_READ_DIR)
    return g_strdup_printf (_("cannot read directory %s: %s"), quoted, g_strerror (error->errnum));
  return g_strdup_printf (_("cannot access %s: %s"), quoted, g_strerror (error->errnum));
}

/* The same for an argument that could not be sized at all: the engine's
 * message reads "cannot access 'PATH': REASON" with PATH raw. */
static char *
item_error_message (const char   *path,
                    const GError *error)
{
  g_autofree char *raw = g_strdup_printf ("cannot access '%s': ", path);
  g_autofree char *quoted = NULL;

  if (!g_str_has_prefix (error->message, raw))
    return g_strdup (error->message);
  quoted = fw_cli_quote_name_always (path);
  return g_strdup_printf (_("cannot access %s: %s"), quoted, error->message + strlen (raw));
}

static void
print_ready (SizeRun *run)
{
  while (run->next_to_print < run->n_paths && run->done[run->next_to_print])
    {
      guint i = run->next_to_print++;
      FwSizeResult *result = run->results[i];
      guint64 disk, apparent;
      gboolean print;

      if (result == NULL)
        {
          g_autofree char *message = item_error_message (run->paths[i], run->errors[i]);

          print_error_line (run, message);
          run->status = 1;
          g_clear_error (&run->errors[i]);
        }
      else if (result->excluded)
        g_clear_pointer (&run->results[i], fw_size_result_free);  /* du: not a word */
      else
        {
          g_autoptr(GPtrArray) errors = NULL;
          FwSizeProgress p;

          if (run->links != NULL)
            print = fw_size_link_set_credit (run->links, result, &disk, &apparent, &errors);
          else
            {
              print = TRUE;
              disk = result->disk_usage;
              apparent = result->apparent_size;
              errors = g_ptr_array_ref (result->errors);
            }
          for (guint e = 0; e < errors->len; e++)
            {
              g_autofree char *message = entry_error_message (g_ptr_array_index (errors, e));
              print_error_line (run, message);
              run->status = 1;
            }
          if (print)
            {
              clear_progress (run);
              printf ("%" G_GUINT64_FORMAT "\t%s\n", run->apparent ? apparent : disk, result->path);
              if (run->progress)
                fflush (stdout);
              check_write ();
            }
          fw_size_scan_get_progress (run->scans[i], &p);
          run->base_entries += p.entries;
          run->base_bytes += run->apparent ? p.apparent_size : p.disk_usage;
          g_clear_pointer (&run->results[i], fw_size_result_free);
        }
      g_clear_object (&run->scans[i]);
    }
  if (run->next_to_print == run->n_paths)
    g_main_loop_quit (run->loop);
}

typedef struct {
  SizeRun *run;
  guint    index;
} ScanDone;

static void
on_scan_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autofree ScanDone *sd = user_data;
  SizeRun *run = sd->run;

  run->results[sd->index] = fw_size_scan_run_finish (FW_SIZE_SCAN (source), res, &run->errors[sd->index]);
  run->done[sd->index] = TRUE;
  run->running--;
  print_ready (run);
  start_scans (run);
}

static void
start_scans (SizeRun *run)
{
  while (run->next_to_start < run->n_paths && run->running < MAX_IN_FLIGHT)
    {
      guint i = run->next_to_start++;
      ScanDone *sd = g_new0 (ScanDone, 1);

      sd->run = run;
      sd->index = i;
      run->scans[i] = fw_size_scan_new (run->paths[i], run->flags);
      fw_size_scan_set_exclude (run->scans[i], run->exclude);
      run->running++;
      fw_size_scan_run_async (run->scans[i], run->pool, run->cancellable, on_scan_done, sd);
    }
}

static void
print_help (void)
{
  printf (_("Usage: %s [OPTION]... [PATH]...\n"), "fileworks-cli size");
  printf ("%s\n\n", _("Print the disk usage of each PATH (default: the current folder) in bytes,\n"
                       "as 'du -s --block-size=1' prints it, walking folders in parallel."));
  printf ("%s\n", _("Options:"));
  printf ("      --apparent-size  %s\n", _("print apparent sizes, as 'du -s -b' does, rather than disk usage"));
  printf ("  -x                   %s\n", _("skip folders on other file systems"));
  printf ("      --exclude=PATTERN  %s\n", _("leave out files that match PATTERN, as 'du --exclude' does"));
  printf ("  -X, --exclude-from=FILE  %s\n", _("leave out files that match any pattern in FILE"));
  printf ("  -j N                 %s\n", _("walk N folders at once (default: one per processor)"));
  printf ("      --progress       %s\n", _("show progress on standard error when it is a terminal"));
  printf ("  -h, --help           %s\n", _("show this help and exit"));
}

enum {
  OPT_APPARENT = 256,
  OPT_PROGRESS,
  OPT_EXCLUDE,
  OPT_VERSION,
};

int
fw_cli_size_main (int    argc,
                  char **argv)
{
  static const struct option long_options[] = {
    { "apparent-size", no_argument, NULL, OPT_APPARENT },
    { "progress", no_argument, NULL, OPT_PROGRESS },
    { "exclude", required_argument, NULL, OPT_EXCLUDE },
    { "exclude-from", required_argument, NULL, 'X' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 }
  };
  gboolean apparent = FALSE, one_fs = FALSE, progress = FALSE;
  guint64 jobs = 0;
  g_auto(GStrv) paths = NULL;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(FwExclude) exclude = fw_exclude_new ();
  gboolean ok = TRUE;
  guint n_paths;
  guint source = 0;
  SizeRun run = { 0 };
  int c;

  /* getopt_long as coreutils parses: options and paths in any order, "--"
   * ends the options. Errors are ours, not getopt's. */
  optind = 0;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":xj:hX:", long_options, NULL)) != -1)
    {
      switch (c)
        {
        case OPT_APPARENT:
          apparent = TRUE;
          break;
        case OPT_PROGRESS:
          progress = TRUE;
          break;
        case 'x':
          one_fs = TRUE;
          break;
        case OPT_EXCLUDE:
          fw_exclude_add (exclude, optarg);
          break;
        case 'X':
          {
            g_autoptr(GError) error = NULL;

            /* du goes on with the options, then fails with its usage. */
            if (!fw_exclude_add_from_file (exclude, optarg, &error))
              {
                g_autofree char *quoted = fw_cli_quote_name (optarg);

                fprintf (stderr, "fileworks-cli size: %s: %s\n", quoted, error->message);
                ok = FALSE;
              }
          }
          break;
        case 'j':
          if (!g_ascii_string_to_unsigned (optarg, 10, 1, 1024, &jobs, NULL))
            return fw_cli_usage_error ("size", _("invalid number of jobs: '%s'"), optarg);
          break;
        case 'h':
          print_help ();
          return 0;
        case OPT_VERSION:
          printf ("fileworks-cli %s\n", PACKAGE_VERSION);
          return 0;
        case ':':
          return fw_cli_usage_error ("size", _("option requires an argument -- '%s'"),
                                     optopt == 'j' ? "j" : argv[optind - 1]);
        default:
          if (optopt != 0)
            return fw_cli_usage_error ("size", _("invalid option -- '%c'"), optopt);
          return fw_cli_usage_error ("size", _("unrecognized option '%s'"), argv[optind - 1]);
        }
    }
  if (!ok)
    {
      fprintf (stderr, _("Try 'fileworks-cli %s --help' for more information.\n"), "size");
      return 1;
    }
  if (jobs == 0)
    jobs = g_get_num_processors ();

  paths = g_new0 (char *, MAX (argc - optind, 1) + 1);
  for (int i = optind; i < argc; i++)
    paths[i - optind] = g_strdup (argv[i]);

  if (paths == NULL || paths[0] == NULL)
    {
      g_strfreev (paths);
      paths = g_new0 (char *, 2);
      paths[0] = g_strdup (".");
    }
  n_paths = g_strv_length (paths);

  pool = fw_pool_new ((guint) jobs);
  loop = g_main_loop_new (NULL, FALSE);

  run.loop = loop;
  run.pool = pool;
  run.apparent = apparent;
  run.exclude = exclude;
  run.progress = progress && isatty (STDERR_FILENO);
  run.flags = (one_fs ? FW_SIZE_ONE_FILE_SYSTEM : 0) | (n_paths > 1 ? FW_SIZE_RECORD_ENTRIES : 0);
  run.paths = paths;
  run.n_paths = n_paths;
  run.scans = g_new0 (FwSizeScan *, n_paths);
  run.results = g_new0 (FwSizeResult *, n_paths);
  run.errors = g_new0 (GError *, n_paths);
  run.done = g_new0 (gboolean, n_paths);
  /* du credits entries across arguments only when there are several. */
  run.links = n_paths > 1 ? fw_size_link_set_new () : NULL;

  if (run.progress)
    source = g_timeout_add (100, on_progress_tick, &run);
  start_scans (&run);
  g_main_loop_run (loop);
  if (source != 0)
    g_source_remove (source);
  clear_progress (&run);

  g_clear_pointer (&run.links, fw_size_link_set_free);
  g_free (run.scans);
  g_free (run.results);
  g_free (run.errors);
  g_free (run.done);

  /* A write error is found and reported by fw_cli_run(). */
  return run.status;
}
