/* fw-cli-hash.c — `fileworks-cli hash`: sha256sum-compatible output, hashed
 * in parallel on an FwPool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main thread produces items (arguments, and the files of folders
 * walked with -r) and pushes them into a pull-mode FwPoolStream; it pops the
 * results, puts them back in push order in a ring and prints every result
 * whose predecessors are printed. At most `ring_size` items are between
 * push and print, so memory is bounded by the queue whatever the number of
 * files, even while one huge file holds up the printing of the small ones
 * behind it. A ticker thread (fw-cli-hash-ticker.c) flushes standard
 * output a few times a second (so lines appear as results arrive without a
 * write per line) and draws the --progress line.
 *
 * The first write to standard output that fails, whether this thread's
 * or the ticker's flush, cancels the stream: nothing more is printed or
 * pushed, the running jobs stop at their next read, and fw_cli_run()
 * says "write error" (unlike sha256sum, which reads every file first).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-chunk.h"
#include "fw-cli.h"
#include "fw-cli-hash-private.h"
#include "fw-cli-quote.h"
#include "fw-digest.h"
#include "fw-engine.h"
#include "fw-export.h"
#include "fw-pool.h"
#include "fw-walk.h"

#define COMMAND "hash"

typedef enum {
  ITEM_FILE,      /* named on the command line: read whatever its type */
  ITEM_STDIN,     /* "-" */
  ITEM_WALKED,    /* found by -r: regular files only */
  ITEM_NOTE,      /* skipped by the walk: a note, not a failure */
  ITEM_ERROR,     /* the walk failed here */
} ItemKind;

typedef struct {
  ItemKind  kind;
  char     *path;
  GError   *error;  /* ITEM_NOTE, ITEM_ERROR */
  gint64    size;   /* -1: unknown (not a regular file, or not looked at) */
  guint     stdin_index;  /* ITEM_STDIN: which "-" this is, from 0 */
  gboolean  is_link;      /* ITEM_NOTE: a symbolic link (counted, not named) */
} Item;

/* The unit handed to the pool: consecutive items, hashed in order by one
 * worker. Small files travel in batches (one pool hand-off per batch, not
 * per file); a large file or one of unknown size travels alone, so that
 * the workers share large files (the policy, shared with the app's batch:
 * fw-chunk.h). */
typedef struct {
  guint  n;
  Item  *items[FW_CHUNK_MAX_JOBS];
} Batch;

typedef struct {
  guint           n;
  FwDigestResult *results[FW_CHUNK_MAX_JOBS];
  GError         *errors[FW_CHUNK_MAX_JOBS];
} BatchResult;

typedef struct {
  FwAlgorithmSet  algorithms;
  gsize           buffer_size;
  FwPool         *pool;
  guint64         bytes_done;    /* atomic */
} JobData;

/* Several "-" read standard input in argument order, as coreutils does
 * (the first to the end, the next ones what is left). Each waits for its
 * turn: the ones before it were pushed, hence started, before it, so this
 * never waits on work queued behind it. */
static GMutex stdin_lock;
static GCond stdin_cond;
static guint stdin_turn;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->path);
  g_clear_error (&item->error);
  g_free (item);
}

static Item *
item_new (ItemKind    kind,
          char       *path,
          GError     *error)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->path = path;
  item->error = error;
  item->size = -1;
  return item;
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  for (guint i = 0; i < batch->n; i++)
    item_free (batch->items[i]);
  g_free (batch);
}

static void
batch_result_free (gpointer data)
{
  BatchResult *result = data;

  for (guint i = 0; i < result->n; i++)
    {
      fw_digest_result_free (result->results[i]);
      g_clear_error (&result->errors[i]);
    }
  g_free (result);
}

static FwDigestResult *
hash_item (Item          *item,
           JobData       *job,
           GCancellable  *cancellable,
           GError       **error)
{
  FwDigestResult *result = NULL;
  g_autoptr(GError) local_error = NULL;

  switch (item->kind)
    {
    case ITEM_FILE:
      return fw_digest_path_full (item->path, job->algorithms, job->buffer_size,
                                  FW_DIGEST_FLAGS_NONE, job->pool, cancellable,
                                  &job->bytes_done, error);
    case ITEM_WALKED:
      return fw_digest_path_full (item->path, job->algorithms, job->buffer_size,
                                  FW_DIGEST_REGULAR_ONLY, job->pool, cancellable,
                                  &job->bytes_done, error);
    case ITEM_STDIN:
      /* Two "-" must not interleave their reads. */
      g_mutex_lock (&stdin_lock);
      while (stdin_turn != item->stdin_index)
        g_cond_wait (&stdin_cond, &stdin_lock);
      result = fw_digest_fd (STDIN_FILENO, job->algorithms, job->buffer_size,
                             job->pool, cancellable, &job->bytes_done, &local_error);
      stdin_turn++;
      g_cond_broadcast (&stdin_cond);
      g_mutex_unlock (&stdin_lock);
      if (local_error != NULL)
        g_set_error (error, local_error->domain, local_error->code,
                     "-: %s", local_error->message);
      return result;
    case ITEM_NOTE:
    case ITEM_ERROR:
      return NULL;   /* reported from item->error when printed */
    default:
      g_assert_not_reached ();
    }
}

/* The pool job: every item of a batch, in order. Never fails as a whole:
 * each item carries its own result or error. */
static gpointer
hash_job (gpointer       data,
          GCancellable  *cancellable,
          gpointer       user_data,
          GError       **error)
{
  Batch *batch = data;
  BatchResult *result = g_new0 (BatchResult, 1);

  result->n = batch->n;
  for (guint i = 0; i < batch->n; i++)
    result->results[i] = hash_item (batch->items[i], user_data, cancellable, &result->errors[i]);
  return result;
}

/* Producing items from the arguments ------------------------------------- */

typedef struct {
  char  **paths;
  guint   n_paths;
  guint   next;
  gboolean recursive;
  FwWalk *walk;
  guint   n_stdin;
  const FwExclude *exclude;    /* --exclude, or NULL */
} Producer;

static Item *
producer_next (Producer *producer)
{
  for (;;)
    {
      const char *path;
      struct stat st;

      if (producer->walk != NULL)
        {
          g_autoptr(FwWalkEntry) entry = fw_walk_next (producer->walk);

          if (entry == NULL)
            {
              g_clear_pointer (&producer->walk, fw_walk_free);
              continue;
            }
          switch (entry->kind)
            {
            case FW_WALK_FILE:
              {
                Item *item = item_new (ITEM_WALKED, g_steal_pointer (&entry->path), NULL);
                item->size = entry->size;
                return item;
              }
            case FW_WALK_SKIPPED:
              {
                Item *item = item_new (ITEM_NOTE, g_steal_pointer (&entry->path),
                                       g_steal_pointer (&entry->error));
                item->is_link = entry->is_link;
                return item;
              }
            case FW_WALK_ERROR:
            default:
              return item_new (ITEM_ERROR, g_steal_pointer (&entry->path),
                               g_steal_pointer (&entry->error));
            }
        }

      if (producer->next >= producer->n_paths)
        return NULL;
      path = producer->paths[producer->next++];

      if (strcmp (path, "-") == 0)
        {
          Item *item = item_new (ITEM_STDIN, g_strdup (path), NULL);
          item->stdin_index = producer->n_stdin++;
          return item;
        }
      /* As du: a pattern that matches an operand leaves all of it out. */
      if (fw_exclude_match (producer->exclude, path))
        continue;
      if (stat (path, &st) == 0)
        {
          Item *item;

          if (producer->recursive && S_ISDIR (st.st_mode))
            {
              producer->walk = fw_walk_new (path);
              fw_walk_set_exclude (producer->walk, producer->exclude);
              continue;
            }
          item = item_new (ITEM_FILE, g_strdup (path), NULL);
          if (S_ISREG (st.st_mode))
            item->size = (gint64) st.st_size;
          return item;
        }
      return item_new (ITEM_FILE, g_strdup (path), NULL);
    }
}

/* The next batch, or NULL at the end of the input. *carry holds an item
 * read ahead that starts the next batch. */
static Batch *
producer_next_batch (Producer  *producer,
                     guint      max_items,
                     Item     **carry)
{
  Batch *batch = NULL;
  FwChunkFill fill;

  fw_chunk_fill_init (&fill, max_items);
  while (!fw_chunk_fill_is_full (&fill))
    {
      Item *item = *carry != NULL ? g_steal_pointer (carry) : producer_next (producer);
      gboolean alone;

      if (item == NULL)
        break;
      /* Unknown sizes (pipes, devices, stdin, errors to report) and large
       * files go alone; notes and walk errors cost nothing. */
      alone = (item->kind == ITEM_FILE || item->kind == ITEM_WALKED || item->kind == ITEM_STDIN) &&
              fw_chunk_size_travels_alone (item->size);
      if (!fw_chunk_fill_add (&fill, (guint64) MAX (item->size, 0), alone))
        {
          *carry = item;
          break;
        }
      if (batch == NULL)
        batch = g_new0 (Batch, 1);
      batch->items[batch->n++] = item;
    }
  return batch;
}

/* Output ------------------------------------------------------------------- */

typedef struct {
  FwExportFormat   format;                  /* GNU, BSD or SFV */
  FwAlgorithm      order[FW_N_ALGORITHMS];  /* as given with -a */
  guint            n_algorithms;
  GString         *line;
  FwCliHashTicker *ticker;
  gboolean         failed;
  gboolean         verbose;                 /* name each symbolic link skipped */
  gboolean         no_names;                /* the digest alone (b3sum --no-names) */
  guint64          n_links;                 /* symbolic links skipped, not named */
} Printer;

static void
print_result (Printer        *printer,
              Item           *item,
              FwDigestResult *digest,
              const GError   *item_error)
{
  const GError *error = item->error != NULL ? item->error : item_error;

  if (fw_cli_hash_write_failed (printer->ticker))
    return;   /* nothing more is said after a failed write */
  g_atomic_int_inc (&printer->ticker->files_done);

  if (error != NULL)
    {
      gboolean note = item->kind == ITEM_NOTE ||
                      g_error_matches (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED);

      /* A tree may hold thousands of links: one line with the count at the
       * end (issue 25, item 8). FIFOs, sockets and devices are rare and
       * may surprise: each still gets its line. */
      if (item->is_link && !printer->verbose)
        printer->n_links++;
      else
        fw_cli_hash_print_item_error (printer->ticker, item->path, error->message);
      if (!note)
        printer->failed = TRUE;
      return;
    }
  if (digest == NULL)
    return;

  g_string_truncate (printer->line, 0);
  if (printer->no_names)
    {
      /* One algorithm in GNU form (checked with the options). */
      g_string_append (printer->line, digest->hex[printer->order[0]]);
      g_string_append_c (printer->line, '\n');
    }
  else if (fw_export_append_digests (printer->line, printer->format, (const char * const *) digest->hex,
                                printer->order, printer->n_algorithms, item->path, NULL) < 0)
    {
      g_autofree char *quoted = fw_cli_quote_name (item->path);
      g_autofree char *message =
        g_strdup_printf (_("%s: a name with a line break cannot be written in an SFV file"),
                         quoted);
      fw_cli_hash_print_stderr (printer->ticker, message);
      printer->failed = TRUE;
    }
  fwrite (printer->line->str, 1, printer->line->len, stdout);
}

/* Options ------------------------------------------------------------------ */

static void
print_help (void)
{
  printf (_("Usage: fileworks-cli hash [OPTION]... [FILE]...\n"
            "Print checksums of FILEs, hashed in parallel, in the order given.\n"
            "With no FILE, or when FILE is -, read standard input.\n"
            "\n"
            "  -a ALG                 algorithm; repeat for several (default sha256):\n"
            "                         md5 sha1 sha224 sha256 sha384 sha512 sha3-256\n"
            "                         sha3-512 blake2b blake2s blake3 xxh64 xxh3 xxh128\n"
            "                         crc32\n"
            "      --tag              BSD-style lines (always with several -a)\n"
            "      --sfv              SFV lines: NAME CRC32 (implies -a crc32)\n"
            "  -l, --length=N         bytes of blake3 output (default 32; 0 is allowed)\n"
            "      --no-names         print the digests alone, one per line\n"
            "  -r                     hash the regular files in folders, sorted by path;\n"
            "                         special files are skipped, links not followed\n"
            "      --exclude=PATTERN  leave out files and folders that match PATTERN,\n"
            "                         as du --exclude does\n"
            "      --exclude-from=FILE\n"
            "                         leave out what matches any pattern in FILE\n"
            "  -v, --verbose          name each symbolic link -r skips (default: a count)\n"
            "  -j N                   worker threads (default: number of processors)\n"
            "      --queue=N          files queued ahead of the workers (default 1024)\n"
            "      --buffer-size=SIZE bytes per read (default 1M; K, M, G suffixes)\n"
            "      --progress         show progress on standard error if a terminal\n"
            "      --update LIST [PATH]...  add the files under the PATHs (default: the\n"
            "                         current folder) that LIST does not name, in its\n"
            "                         own algorithm and format; LIST is rewritten\n"
            "                         atomically\n"
            "      --prune            with --update, drop the lines of files that no\n"
            "                         longer exist\n"
            "  -h, --help             display this help and exit\n"
            "\n"
            "With one algorithm and no --tag, the output is that of md5sum, sha1sum,\n"
            "sha224sum, sha256sum, sha384sum, sha512sum, b2sum or b3sum for the same\n"
            "FILEs.\n"));
}

static gboolean
parse_uint (const char *text,
            guint64     min,
            guint64     max,
            gboolean    allow_suffix,
            guint64    *out)
{
  char *end = NULL;
  guint64 value;

  if (text[0] < '0' || text[0] > '9')
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0)
    return FALSE;
  if (allow_suffix && *end != '\0')
    {
      static const struct { const char *suffix; guint64 factor; } suffixes[] = {
        { "K", 1024 }, { "KiB", 1024 }, { "KB", 1000 },
        { "M", 1024 * 1024 }, { "MiB", 1024 * 1024 }, { "MB", 1000 * 1000 },
        { "G", 1024 * 1024 * 1024 }, { "GiB", 1024 * 1024 * 1024 }, { "GB", 1000 * 1000 * 1000 },
      };
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        if (strcmp (end, suffixes[i].suffix) == 0)
          {
            if (value > max / suffixes[i].factor)
              return FALSE;
            value *= suffixes[i].factor;
            found = TRUE;
            break;
          }
      if (!found)
        return FALSE;
    }
  else if (*end != '\0')
    return FALSE;
  if (value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

enum {
  OPT_TAG = 256,
  OPT_SFV,
  OPT_QUEUE,
  OPT_BUFFER_SIZE,
  OPT_PROGRESS,
  OPT_VERSION,
  OPT_NO_NAMES,
  OPT_UPDATE,
  OPT_PRUNE,
  OPT_EXCLUDE,
  OPT_EXCLUDE_FROM,
};

/* After the last result: how many symbolic links -r skipped unnamed. */
static void
print_links_summary (Printer *printer)
{
  g_autofree char *message = NULL;

  if (printer->n_links == 0)
    return;
  message = g_strdup_printf (ngettext ("%" G_GUINT64_FORMAT " symbolic link skipped (not followed); -v lists it",
                                       "%" G_GUINT64_FORMAT " symbolic links skipped (not followed); -v lists them",
                                       printer->n_links == 1 ? 1 : 2),
                             printer->n_links);
  fw_cli_hash_print_stderr (printer->ticker, message);
}

int
fw_cli_hash_main (int    argc,
                  char **argv)
{
  static const struct option long_options[] = {
    { "tag",         no_argument,       NULL, OPT_TAG },
    { "sfv",         no_argument,       NULL, OPT_SFV },
    { "queue",       required_argument, NULL, OPT_QUEUE },
    { "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
    { "progress",    no_argument,       NULL, OPT_PROGRESS },
    { "verbose",     no_argument,       NULL, 'v' },
    { "length",      required_argument, NULL, 'l' },
    { "no-names",    no_argument,       NULL, OPT_NO_NAMES },
    { "update",      no_argument,       NULL, OPT_UPDATE },
    { "prune",       no_argument,       NULL, OPT_PRUNE },
    { "exclude",     required_argument, NULL, OPT_EXCLUDE },
    { "exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM },
    { "help",        no_argument,       NULL, 'h' },
    { "version",     no_argument,       NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
  };
  static char *stdin_only[] = { (char *) "-", NULL };
  Printer printer = { 0 };
  FwCliHashTicker ticker = { 0 };
  Producer producer = { 0 };
  FwCliHashCounter counter = { 0 };
  JobData job = { 0 };
  gboolean tag = FALSE, sfv = FALSE, recursive = FALSE, progress = FALSE;
  guint64 n_jobs = g_get_num_processors ();
  guint64 queue = 1024;
  guint batch_items, queue_batches;
  guint64 buffer_size = FW_DIGEST_DEFAULT_BUFFER_SIZE;
  guint64 blake3_length = 32;
  gboolean length_given = FALSE;
  gboolean update = FALSE, prune = FALSE;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(FwPoolStream) stream = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  GThread *ticker_th = NULL, *counter_th = NULL;
  FwPoolResult **ring;
  guint ring_size;
  guint64 pushed = 0, printed = 0;
  Batch *pending = NULL;
  Item *carry = NULL;
  gboolean input_done = FALSE;
  g_autoptr(FwExclude) exclude = fw_exclude_new ();
  int c;

  optind = 0;   /* getopt's state is global: reset it for this call */
  stdin_turn = 0;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":a:rj:hvl:", long_options, NULL)) != -1)
    {
      guint64 value;

      switch (c)
        {
        case 'a':
          {
            FwAlgorithm a = fw_algorithm_from_name (optarg);
            if (a == FW_ALGORITHM_INVALID)
              return fw_cli_usage_error (COMMAND, _("unknown algorithm '%s'"), optarg);
            if (!(job.algorithms & FW_ALGORITHM_BIT (a)))
              printer.order[printer.n_algorithms++] = a;
            job.algorithms |= FW_ALGORITHM_BIT (a);
          }
          break;
        case OPT_TAG:
          tag = TRUE;
          break;
        case OPT_SFV:
          sfv = TRUE;
          break;
        case 'r':
          recursive = TRUE;
          break;
        case 'j':
          if (!parse_uint (optarg, 1, 1024, FALSE, &value))
            return fw_cli_usage_error (COMMAND, _("invalid number of jobs '%s'"), optarg);
          n_jobs = value;
          break;
        case OPT_QUEUE:
          if (!parse_uint (optarg, 1, 1 << 20, FALSE, &value))
            return fw_cli_usage_error (COMMAND, _("invalid queue size '%s'"), optarg);
          queue = value;
          break;
        case OPT_BUFFER_SIZE:
          if (!parse_uint (optarg, 1, 1 << 30, TRUE, &value))
            return fw_cli_usage_error (COMMAND, _("invalid buffer size '%s'"), optarg);
          buffer_size = value;
          break;
        case OPT_PROGRESS:
          progress = TRUE;
          break;
        case 'l':
          if (!parse_uint (optarg, 0, FW_DIGEST_MAX_BLAKE3_LENGTH, FALSE, &value))
            return fw_cli_usage_error (COMMAND, _("invalid length '%s'"), optarg);
          blake3_length = value;
          length_given = TRUE;
          break;
        case OPT_NO_NAMES:
          printer.no_names = TRUE;
          break;
        case OPT_UPDATE:
          update = TRUE;
          break;
        case OPT_PRUNE:
          prune = TRUE;
          break;
        case OPT_EXCLUDE:
          fw_exclude_add (exclude, optarg);
          break;
        case OPT_EXCLUDE_FROM:
          {
            g_autoptr(GError) error = NULL;

            if (!fw_exclude_add_from_file (exclude, optarg, &error))
              {
                g_autofree char *quoted = fw_cli_quote_name (optarg);

                /* As du says it, and with du's status. */
                fprintf (stderr, "fileworks-cli %s: %s: %s\n", COMMAND, quoted, error->message);
                return 1;
              }
          }
          break;
        case 'v':
          printer.verbose = TRUE;
          break;
        case 'h':
          print_help ();
          return 0;
        case OPT_VERSION:
          printf ("fileworks-cli %s (Fileworks) %s\n", COMMAND, PACKAGE_VERSION);
          return 0;
        case ':':
          if (optopt > 0 && optopt < 256 && argv[optind - 1][1] != '-')
            return fw_cli_usage_error (COMMAND, _("option requires an argument -- '%c'"), optopt);
          return fw_cli_usage_error (COMMAND, _("option '%s' requires an argument"), argv[optind - 1]);
        case '?':
        default:
          if (optopt != 0)
            return fw_cli_usage_error (COMMAND, _("invalid option -- '%c'"), optopt);
          return fw_cli_usage_error (COMMAND, _("unrecognized option '%s'"), argv[optind - 1]);
        }
    }

  if (prune && !update)
    return fw_cli_usage_error (COMMAND, "%s", _("--prune is for --update only"));
  if (update)
    {
      if (job.algorithms != 0 || tag || sfv || length_given || printer.no_names)
        return fw_cli_usage_error (COMMAND, "%s",
                                   _("--update writes the list's own algorithm and format"));
      if (optind >= argc)
        return fw_cli_usage_error (COMMAND, "%s", _("--update needs a checksum file"));
      return fw_cli_hash_update (argv[optind], argv + optind + 1, (guint) (argc - optind - 1),
                                 prune, (guint) n_jobs, (gsize) buffer_size);
    }

  if (tag && sfv)
    return fw_cli_usage_error (COMMAND, "%s", _("--tag and --sfv cannot be combined"));
  if (sfv)
    {
      if (job.algorithms != 0 && job.algorithms != FW_ALGORITHM_BIT (FW_ALGORITHM_CRC32))
        return fw_cli_usage_error (COMMAND, "%s", _("--sfv writes crc32 only"));
      job.algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_CRC32);
      printer.order[0] = FW_ALGORITHM_CRC32;
      printer.n_algorithms = 1;
      printer.format = FW_EXPORT_SFV;
    }
  else
    {
      if (job.algorithms == 0)
        {
          job.algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
          printer.order[0] = FW_ALGORITHM_SHA256;
          printer.n_algorithms = 1;
        }
      printer.format = (tag || printer.n_algorithms > 1) ? FW_EXPORT_BSD : FW_EXPORT_GNU;
    }
  if (length_given && !(job.algorithms & FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3)))
    return fw_cli_usage_error (COMMAND, "%s", _("--length is for blake3 only"));
  if (printer.no_names && printer.format != FW_EXPORT_GNU)
    return fw_cli_usage_error (COMMAND, "%s", _("--no-names takes one algorithm, without --tag or --sfv"));
  fw_digest_set_blake3_length ((gsize) blake3_length);

  if (optind < argc)
    {
      producer.paths = argv + optind;
      producer.n_paths = (guint) (argc - optind);
    }
  else
    {
      producer.paths = stdin_only;
      producer.n_paths = 1;
    }
  producer.recursive = recursive;
  producer.exclude = fw_exclude_is_empty (exclude) ? NULL : exclude;

  /* Full buffering when not a terminal: the ticker flushes a few times a
   * second, so lines still appear as results arrive. */
  if (!isatty (STDOUT_FILENO))
    {
      static char stdout_buffer[64 * 1024];
      setvbuf (stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    }

  /* --queue counts files: small files travel in batches of up to 64
   * (fewer for a small queue), and the pool queues that many batches. */
  fw_chunk_sizes_for_queue ((guint) queue, &batch_items, &queue_batches);

  fw_digest_init ();   /* in this thread, which lives to the end */
  pool = fw_pool_new ((guint) n_jobs);
  fw_pool_set_queue_capacity (pool, queue_batches);
  job.buffer_size = (gsize) buffer_size;
  job.pool = pool;

  stream = fw_pool_stream_new (pool, hash_job, &job, NULL, batch_free, batch_result_free,
                               FW_POOL_COLLECT, FW_POOL_STREAM_PULL, NULL);

  g_mutex_init (&ticker.lock);
  g_cond_init (&ticker.cond);
  ticker.bytes_done = &job.bytes_done;
  ticker.stream = stream;
  ticker.progress = progress && isatty (STDERR_FILENO);
  ticker.start_time = g_get_monotonic_time ();
  printer.ticker = &ticker;
  printer.line = line;
  ticker_th = g_thread_new ("fw-ticker", fw_cli_hash_ticker_thread, &ticker);
  if (ticker.progress)
    {
      counter.paths = producer.paths;
      counter.n_paths = producer.n_paths;
      counter.recursive = recursive;
      counter.exclude = producer.exclude;
      counter.ticker = &ticker;
      counter_th = g_thread_new ("fw-count", fw_cli_hash_counter_thread, &counter);
    }

  /* Batches between push and print: bounded, so is memory. */
  ring_size = queue_batches + 2 * (guint) n_jobs;
  ring = g_new0 (FwPoolResult *, ring_size);

  while (!input_done || printed < pushed)
    {
      FwPoolResult *result;
      g_autoptr(GError) error = NULL;

      if (fw_cli_hash_write_failed (&ticker))
        break;

      /* Push while there is room; pop only when the queue or the ring is
       * full, or the input has ended. */
      if (!input_done && pushed - printed < ring_size)
        {
          if (pending == NULL)
            pending = producer_next_batch (&producer, batch_items, &carry);
          if (pending == NULL)
            {
              input_done = TRUE;
              fw_pool_stream_close (stream);
              continue;
            }
          if (fw_pool_stream_try_push (stream, pending))
            {
              pending = NULL;
              pushed++;
              continue;
            }
        }
      if (printed == pushed)
        continue;   /* nothing in flight: the queue must have room again */

      result = fw_pool_stream_pop (stream, &error);
      if (fw_cli_hash_write_failed (&ticker))
        {
          /* Cancelled by the ticker's flush: nothing more is printed. */
          g_clear_pointer (&result, fw_pool_result_free);
          break;
        }
      if (result == NULL)
        {
          fw_cli_hash_print_stderr (&ticker, error != NULL ? error->message : "stream ended early");
          printer.failed = TRUE;
          break;
        }
      g_assert (result->seq >= printed && result->seq < printed + ring_size);
      ring[result->seq % ring_size] = result;
      while (ring[printed % ring_size] != NULL)
        {
          FwPoolResult *next = ring[printed % ring_size];
          Batch *batch = next->item;
          BatchResult *batch_result = next->result;

          ring[printed % ring_size] = NULL;
          for (guint i = 0; i < batch->n; i++)
            print_result (&printer, batch->items[i],
                          batch_result != NULL ? batch_result->results[i] : NULL,
                          batch_result != NULL ? batch_result->errors[i] : next->error);
          fw_pool_result_free (next);
          printed++;
          if (fw_cli_hash_write_failed (&ticker))
            break;
        }
    }
  /* After a failed write: the results not printed, and the stream's
   * running jobs, which see it cancelled and stop at their next read. */
  for (guint i = 0; i < ring_size; i++)
    g_clear_pointer (&ring[i], fw_pool_result_free);
  if (__atomic_load_n (&ticker.write_failed, __ATOMIC_ACQUIRE))
    fw_pool_stream_cancel (stream);
  if (pending != NULL)
    batch_free (pending);
  if (carry != NULL)
    item_free (carry);
  g_free (ring);

  g_mutex_lock (&ticker.lock);
  ticker.stop = TRUE;
  g_cond_signal (&ticker.cond);
  g_mutex_unlock (&ticker.lock);
  g_thread_join (ticker_th);
  if (counter_th != NULL)
    g_thread_join (counter_th);
  g_mutex_clear (&ticker.lock);
  g_cond_clear (&ticker.cond);
  g_clear_pointer (&producer.walk, fw_walk_free);
  if (!__atomic_load_n (&ticker.write_failed, __ATOMIC_ACQUIRE))
    print_links_summary (&printer);

  /* A write error is found and reported by fw_cli_run(). */
  return printer.failed ? 1 : 0;
}
