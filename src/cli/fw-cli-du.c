/* fw-cli-du.c — `fileworks-cli du`: GNU du (coreutils 9.1), scanned in parallel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operand is scanned on the pool with FW_SIZE_RECORD_TREE (the
 * engine's tree: folders, files with several links, and every entry for
 * -a or several operands), then walked once in du's order on this thread,
 * doing what du's process_file() does at each entry: the --exclude
 * patterns (applied by the scan, before an entry is examined), the set of
 * devices and inodes (files with several links; every entry when there are
 * several operands, so a repeated or nested operand adds nothing), the
 * sums per level (-S), the lines up to -d N (files too with -a), errors
 * where du's walk meets them, and the -c total. Units (-h, --si, -k, -m,
 * -B, -b, DU_BLOCK_SIZE, BLOCK_SIZE, BLOCKSIZE, POSIXLY_CORRECT) are
 * fw-cli-human.c's. Compared with the real du by tests/test-cli-du.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-cli-human.h"
#include "fw-cli-quote.h"
#include "fw-size.h"

typedef struct {
  guint64 size;
  gint64  tmax;
} DuInfo;

typedef struct {
  guint64 dev;
  guint64 ino;
} DevIno;

typedef struct {
  /* Options */
  gboolean    all;
  gboolean    apparent;
  gboolean    total;
  gboolean    separate_dirs;
  gboolean    count_links;
  gboolean    show_time;
  char        line_end;
  guint64     max_depth;
  int         human_opts;
  guint64     block_size;

  /* The walk */
  gboolean    hash_all;
  GHashTable *seen;        /* DevIno* */
  GString    *path;
  DuInfo      grand_total;
  int         status;
} DuRun;

static guint
devino_hash (gconstpointer key)
{
  const DevIno *d = key;
  guint64 h = d->ino * 0x9E3779B97F4A7C15ull ^ d->dev;

  return (guint) (h ^ (h >> 32));
}

static gboolean
devino_equal (gconstpointer a,
              gconstpointer b)
{
  const DevIno *x = a, *y = b;

  return x->ino == y->ino && x->dev == y->dev;
}

/* du's hash_ins(): whether the entry is new (and noted). */
static gboolean
seen_insert (DuRun            *run,
             const FwSizeNode *node)
{
  DevIno key = { node->dev, node->ino };

  if (g_hash_table_contains (run->seen, &key))
    return FALSE;
  g_hash_table_add (run->seen, g_memdup2 (&key, sizeof key));
  return TRUE;
}

static void
check_write (void)
{
  if (ferror (stdout))
    fw_cli_exit_write_error ("du");
}

static void
print_error_line (const char *message)
{
  fflush (stdout);
  check_write ();
  fprintf (stderr, "fileworks-cli du: %s\n", message);
}

static void
info_add (DuInfo       *sum,
          const DuInfo *add)
{
  sum->size += add->size;
  sum->tmax = MAX (sum->tmax, add->tmax);
}

/* du's print_size(). */
static void
print_line (DuRun        *run,
            const DuInfo *info,
            const char   *path)
{
  char buf[FW_CLI_HUMAN_BUFSIZE];

  fputs (fw_cli_human_readable (info->size, run->human_opts, run->block_size, buf), stdout);
  if (run->show_time)
    {
      time_t t = (time_t) info->tmax;
      struct tm tm;
      char when[64];

      if (localtime_r (&t, &tm) != NULL && strftime (when, sizeof when, "%Y-%m-%d %H:%M", &tm) > 0)
        printf ("\t%s", when);
      else
        printf ("\t%" G_GINT64_FORMAT, info->tmax);
    }
  putchar ('\t');
  fputs (path, stdout);
  putchar (run->line_end);
  check_write ();
}

/* du's words for an entry it could not read, its name quoted as du's
 * quote() does. */
static void
report_entry_error (DuRun    *run,
                    gboolean  read_dir,
                    int       errnum)
{
  g_autofree char *quoted = fw_cli_quote_name_always (run->path->str);
  g_autofree char *message = NULL;

  if (read_dir)
    message = g_strdup_printf (_("cannot read directory %s: %s"), quoted, g_strerror (errnum));
  else
    message = g_strdup_printf (_("cannot access %s: %s"), quoted, g_strerror (errnum));

  print_error_line (message);
  run->status = 1;
}

/* One entry, whose path is run->path, at @level below its operand: what
 * du's process_file() does for it and, for a folder, its contents first.
 * Returns whether it was counted, with its subtree's sum in @out. */
static gboolean
walk (DuRun      *run,
      FwSizeNode *node,
      guint64     level,
      DuInfo     *out)
{
  gboolean is_dir = node->kind == FW_SIZE_NODE_DIR;
  DuInfo self, shown;

  if (node->kind == FW_SIZE_NODE_UNKNOWN)
    {
      report_entry_error (run, FALSE, node->errnum);
      return FALSE;
    }
  if (!run->count_links && (run->hash_all || (!is_dir && node->nlink > 1)) && !seen_insert (run, node))
    return FALSE;

  self.size = run->apparent ? node->apparent_size : node->disk_usage;
  self.tmax = node->mtime;
  *out = self;
  shown = self;

  if (is_dir)
    {
      /* ent: the files directly inside; sub: the subfolders' subtrees
       * (du's dulvl[].ent and .subdir; with -S, a folder shows its own
       * entry and ent only). */
      DuInfo ent = { 0, G_MININT64 }, sub = { 0, G_MININT64 };
      gsize len = run->path->len;
      gboolean slash = !(level == 0 && len > 0 && run->path->str[len - 1] == '/');

      if (node->n_rest > 0)
        {
          DuInfo rest = { run->apparent ? node->rest_apparent_size : node->rest_disk_usage,
                          node->rest_mtime };
          info_add (&ent, &rest);
        }
      for (guint i = 0; i < node->n_children; i++)
        {
          FwSizeNode *child = node->children[i];
          DuInfo c;

          if (slash)
            g_string_append_c (run->path, '/');
          g_string_append (run->path, child->name);
          if (walk (run, child, level + 1, &c))
            info_add (child->kind == FW_SIZE_NODE_DIR ? &sub : &ent, &c);
          g_string_truncate (run->path, len);
        }

      info_add (out, &ent);
      info_add (out, &sub);
      if (run->separate_dirs)
        info_add (&shown, &ent);
      else
        shown = *out;

      if (node->errnum != 0)
        report_entry_error (run, TRUE, node->errnum);
    }

  if ((is_dir && level <= run->max_depth) || (run->all && level <= run->max_depth) || level == 0)
    print_line (run, &shown, run->path->str);
  return TRUE;
}

/* The same words for an operand that could not be sized at all: the
 * engine's message reads "cannot access 'PATH': REASON" with PATH raw. */
static char *
operand_error_message (const char   *path,
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
du_operand (DuRun           *run,
            FwPool          *pool,
            const FwExclude *exclude,
            FwSizeFlags      flags,
            const char      *operand)
{
  g_autoptr(FwSizeScan) scan = fw_size_scan_new (operand, flags);
  g_autoptr(FwSizeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DuInfo sum;

  fw_size_scan_set_exclude (scan, exclude);
  result = fw_size_scan_run (scan, pool, NULL, &error);
  if (result == NULL)
    {
      g_autofree char *message = operand_error_message (fw_size_scan_get_path (scan), error);

      print_error_line (message);
      run->status = 1;
      return;
    }
  if (result->excluded)
    return;
  g_string_assign (run->path, result->path);
  if (walk (run, result->tree, 0, &sum))
    info_add (&run->grand_total, &sum);
}

static void
print_help (void)
{
  printf (_("Usage: %s [OPTION]... [FILE]...\n"), "fileworks-cli du");
  printf ("%s\n\n", _("Summarize the disk usage of each FILE (default: the current folder),\n"
                       "recursively for folders, as GNU du does, walking folders in parallel."));
  printf ("%s\n", _("Options:"));
  printf ("  -0, --null            %s\n", _("end each output line with NUL, not newline"));
  printf ("  -a, --all             %s\n", _("write counts for all files, not just folders"));
  printf ("      --apparent-size   %s\n", _("print apparent sizes rather than disk usage"));
  printf ("  -B, --block-size=SIZE  %s\n", _("scale sizes by SIZE before printing them"));
  printf ("  -b, --bytes           %s\n", _("equivalent to '--apparent-size --block-size=1'"));
  printf ("  -c, --total           %s\n", _("produce a grand total"));
  printf ("  -d, --max-depth=N     %s\n", _("print the total for a folder (or file, with --all)\n"
                                             "                          only if it is N or fewer levels below the\n"
                                             "                          command line argument"));
  printf ("      --exclude=PATTERN  %s\n", _("exclude files that match PATTERN"));
  printf ("  -X, --exclude-from=FILE  %s\n", _("exclude files that match any pattern in FILE"));
  printf ("  -h, --human-readable  %s\n", _("print sizes in human readable format (e.g., 1K 234M 2G)"));
  printf ("      --si              %s\n", _("like -h, but use powers of 1000 not 1024"));
  printf ("  -k                    %s\n", _("like --block-size=1K"));
  printf ("  -l, --count-links     %s\n", _("count sizes many times if hard linked"));
  printf ("  -m                    %s\n", _("like --block-size=1M"));
  printf ("  -P, --no-dereference  %s\n", _("don't follow any symbolic links (the default)"));
  printf ("  -S, --separate-dirs   %s\n", _("for folders do not include size of subfolders"));
  printf ("  -s, --summarize       %s\n", _("display only a total for each argument"));
  printf ("      --time            %s\n", _("show the time of the last modification of any file in the\n"
                                             "                          folder, or any of its subfolders"));
  printf ("  -x, --one-file-system  %s\n", _("skip folders on different file systems"));
  printf ("  -j, --jobs=N          %s\n", _("walk N folders at once (default: one per processor)"));
  printf ("      --help            %s\n", _("show this help and exit"));
  printf ("\n%s\n", _("SIZE is an integer and optional unit (example: 10M is 10*1024*1024). Units\n"
                      "are K, M, G, T, P, E, Z, Y (powers of 1024) or KB, MB, ... (powers of 1000).\n"
                      "The environment variables DU_BLOCK_SIZE, BLOCK_SIZE, BLOCKSIZE and\n"
                      "POSIXLY_CORRECT are read as du reads them."));
}

enum {
  OPT_APPARENT = 256,
  OPT_EXCLUDE,
  OPT_SI,
  OPT_TIME,
  OPT_HELP,
  OPT_VERSION,
};

/* gnulib's quote() for a message: the locale's quotation marks. */
static char *
locale_quote (const char *text)
{
  const char *charset;

  if (g_get_charset (&charset))
    return g_strdup_printf ("\u2018%s\u2019", text);
  return g_strdup_printf ("'%s'", text);
}

int
fw_cli_du_main (int    argc,
                char **argv)
{
  static const struct option long_options[] = {
    { "all", no_argument, NULL, 'a' },
    { "apparent-size", no_argument, NULL, OPT_APPARENT },
    { "block-size", required_argument, NULL, 'B' },
    { "bytes", no_argument, NULL, 'b' },
    { "count-links", no_argument, NULL, 'l' },
    { "exclude", required_argument, NULL, OPT_EXCLUDE },
    { "exclude-from", required_argument, NULL, 'X' },
    { "human-readable", no_argument, NULL, 'h' },
    { "jobs", required_argument, NULL, 'j' },
    { "max-depth", required_argument, NULL, 'd' },
    { "null", no_argument, NULL, '0' },
    { "no-dereference", no_argument, NULL, 'P' },
    { "one-file-system", no_argument, NULL, 'x' },
    { "separate-dirs", no_argument, NULL, 'S' },
    { "si", no_argument, NULL, OPT_SI },
    { "summarize", no_argument, NULL, 's' },
    { "time", no_argument, NULL, OPT_TIME },
    { "total", no_argument, NULL, 'c' },
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 }
  };
  g_autoptr(FwExclude) exclude = fw_exclude_new ();
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) path = NULL;
  gboolean summarize = FALSE, max_depth_given = FALSE, one_fs = FALSE, ok = TRUE;
  guint64 jobs = 0;
  DuRun run = { 0 };
  FwSizeFlags flags;
  int n_operands;
  int c;

  run.line_end = '\n';
  run.max_depth = G_MAXUINT64;
  /* du: DU_BLOCK_SIZE first (its errors ignored), then the options. */
  fw_cli_block_size_parse (g_getenv ("DU_BLOCK_SIZE"), &run.human_opts, &run.block_size);

  optind = 0;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":0abcd:hj:klmsxB:PSX:", long_options, NULL)) != -1)
    {
      switch (c)
        {
        case '0':
          run.line_end = '\0';
          break;
        case 'a':
          run.all = TRUE;
          break;
        case OPT_APPARENT:
          run.apparent = TRUE;
          break;
        case 'b':
          run.apparent = TRUE;
          run.human_opts = 0;
          run.block_size = 1;
          break;
        case 'c':
          run.total = TRUE;
          break;
        case 'd':
          {
            const char *s = optarg;
            char *end = NULL;
            guint64 v;

            while (g_ascii_isspace (*s))
              s++;
            errno = 0;
            v = *s == '-' ? 0 : strtoumax (optarg, &end, 0);
            if (*s != '-' && errno == 0 && end != optarg && *end == '\0')
              {
                max_depth_given = TRUE;
                run.max_depth = v;
              }
            else
              {
                g_autofree char *quoted = locale_quote (optarg);

                fprintf (stderr, "fileworks-cli du: ");
                fprintf (stderr, _("invalid maximum depth %s"), quoted);
                fputc ('\n', stderr);
                ok = FALSE;
              }
          }
          break;
        case 'h':
          run.human_opts = FW_CLI_HUMAN_AUTOSCALE | FW_CLI_HUMAN_SI | FW_CLI_HUMAN_BASE_1024;
          run.block_size = 1;
          break;
        case OPT_SI:
          run.human_opts = FW_CLI_HUMAN_AUTOSCALE | FW_CLI_HUMAN_SI;
          run.block_size = 1;
          break;
        case 'j':
          if (!g_ascii_string_to_unsigned (optarg, 10, 1, 1024, &jobs, NULL))
            return fw_cli_usage_error ("du", _("invalid number of jobs: '%s'"), optarg);
          break;
        case 'k':
          run.human_opts = 0;
          run.block_size = 1024;
          break;
        case 'l':
          run.count_links = TRUE;
          break;
        case 'm':
          run.human_opts = 0;
          run.block_size = 1024 * 1024;
          break;
        case 's':
          summarize = TRUE;
          break;
        case 'x':
          one_fs = TRUE;
          break;
        case 'B':
          {
            FwCliBlockSizeError e = fw_cli_block_size_parse (optarg, &run.human_opts, &run.block_size);
            const char *option = argv[optind - 1][1] == '-' ? "--block-size" : "-B";

            if (e == FW_CLI_BLOCK_SIZE_INVALID)
              fprintf (stderr, "fileworks-cli du: invalid %s argument '%s'\n", option, optarg);
            else if (e == FW_CLI_BLOCK_SIZE_INVALID_SUFFIX)
              fprintf (stderr, "fileworks-cli du: invalid suffix in %s argument '%s'\n", option, optarg);
            else if (e == FW_CLI_BLOCK_SIZE_OVERFLOW)
              fprintf (stderr, "fileworks-cli du: %s argument '%s' too large\n", option, optarg);
            if (e != FW_CLI_BLOCK_SIZE_OK)
              return 1;
          }
          break;
        case 'P':
          break;
        case 'S':
          run.separate_dirs = TRUE;
          break;
        case 'X':
          {
            g_autoptr(GError) error = NULL;

            if (!fw_exclude_add_from_file (exclude, optarg, &error))
              {
                g_autofree char *quoted = fw_cli_quote_name (optarg);

                fprintf (stderr, "fileworks-cli du: %s: %s\n", quoted, error->message);
                ok = FALSE;
              }
          }
          break;
        case OPT_EXCLUDE:
          fw_exclude_add (exclude, optarg);
          break;
        case OPT_TIME:
          run.show_time = TRUE;
          break;
        case OPT_HELP:
          print_help ();
          return 0;
        case OPT_VERSION:
          printf ("fileworks-cli %s\n", PACKAGE_VERSION);
          return 0;
        case ':':
          if (optopt != 0)
            return fw_cli_usage_error ("du", _("option requires an argument -- '%c'"), optopt);
          return fw_cli_usage_error ("du", _("option '%s' requires an argument"), argv[optind - 1]);
        default:
          if (optopt != 0)
            return fw_cli_usage_error ("du", _("invalid option -- '%c'"), optopt);
          return fw_cli_usage_error ("du", _("unrecognized option '%s'"), argv[optind - 1]);
        }
    }

  if (!ok)
    {
      fprintf (stderr, _("Try 'fileworks-cli %s --help' for more information.\n"), "du");
      return 1;
    }
  if (run.all && summarize)
    return fw_cli_usage_error ("du", "%s", _("cannot both summarize and show all entries"));
  if (summarize && max_depth_given && run.max_depth == 0)
    fprintf (stderr, "fileworks-cli du: %s\n", _("warning: summarizing is the same as using --max-depth=0"));
  if (summarize && max_depth_given && run.max_depth != 0)
    return fw_cli_usage_error ("du", _("warning: summarizing conflicts with --max-depth=%" G_GUINT64_FORMAT),
                               run.max_depth);
  if (summarize)
    run.max_depth = 0;
  if (jobs == 0)
    jobs = g_get_num_processors ();

  n_operands = argc - optind;
  /* du hashes every entry when given several operands (a repeated or
   * nested one adds nothing), else only files with several links. */
  run.hash_all = n_operands > 1;
  flags = FW_SIZE_RECORD_TREE | (one_fs ? FW_SIZE_ONE_FILE_SYSTEM : 0) |
          (run.all || run.hash_all ? FW_SIZE_RECORD_FILES : 0);
  seen = g_hash_table_new_full (devino_hash, devino_equal, g_free, NULL);
  path = g_string_new (NULL);
  run.seen = seen;
  run.path = path;
  run.grand_total.tmax = G_MININT64;

  pool = fw_pool_new ((guint) jobs);
  if (n_operands == 0)
    du_operand (&run, pool, exclude, flags, ".");
  for (int i = optind; i < argc; i++)
    du_operand (&run, pool, exclude, flags, argv[i]);

  if (run.total)
    print_line (&run, &run.grand_total, _("total"));

  /* A write error is found and reported by fw_cli_run(). */
  return run.status;
}
