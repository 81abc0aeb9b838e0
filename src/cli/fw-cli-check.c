/* fw-cli-check.c — `fileworks-cli check`: sha256sum -c / cksum -c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads checksum files line by line, verifies their entries in parallel on
 * an FwPool stream (in batches, see FwVerifyBatch), and prints the results
 * in file order exactly as
 * coreutils 9.1's `sha256sum -c` (GNU lines) and `cksum -c` (BSD tags)
 * print them, with the same summary warnings and exit status. Memory is
 * bounded: at most max_batches × batch_size entries are between "read"
 * and "printed" (plus the malformed lines between them).
 *
 * A reader thread reads the lines (a pipe may hold them back for as long
 * as it likes); this thread parses them, hands batches to the pool and
 * prints, waking for a line or for a finished job, whichever comes first
 * (Check.events). When no line is waiting, the batch being filled is
 * handed over as it is and every result known is printed: a result is
 * printed as soon as it and all before it are in, whatever the input
 * does next.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-audit.h"
#include "fw-checksum-read.h"
#include "fw-cli.h"
#include "fw-cli-quote.h"
#include "fw-cli-check-private.h"
#include "fw-digest.h"
#include "fw-exclude.h"
#include "fw-pool.h"
#include "fw-verify.h"

#define PROGRAM "fileworks-cli"

/* Lines read but not printed, at most (beyond which reading waits). */
#define MAX_PENDING_LINES 65536
/* The reader thread reads this much at a time (or what a pipe holds),
 * and may be this many reads ahead of this one. */
#define READ_SIZE (64 * 1024)
#define MAX_QUEUED_READS 16

/* What Check.events carries: bytes read, the input's end, a job's end. */
typedef enum {
  EVENT_DATA,
  EVENT_END,
  EVENT_JOB_DONE,
} EventKind;

typedef struct {
  EventKind kind;
} Event;

typedef struct {
  Event  event;
  gsize  length;
  char   data[];
} DataEvent;

static Event end_event = { EVENT_END };
static Event job_done_event = { EVENT_JOB_DONE };

typedef struct {
  /* options */
  gboolean     status_only;
  gboolean     warn;
  gboolean     quiet;
  gboolean     strict;
  gboolean     ignore_missing;
  FwAlgorithm  algorithm;
  guint        n_jobs;
  gboolean     unlisted;

  /* --unlisted: the entries and their results as they are printed, and
   * the walk of the current folder, which runs meanwhile. */
  FwAudit     *audit;
  FwCliWalk   *walk;
  FwExclude   *exclude;      /* --exclude, --exclude-from: for --unlisted */

  FwPool           *pool;
  FwPoolStream     *stream;
  FwChecksumReader *reader;
  guint             n_workers;
  guint             batch_size;       /* entries per batch */
  guint             max_batches;      /* batches verifying at once */
  guint             batches_in_flight;
  struct _CliBatch *filling;          /* the batch being read */
  GQueue            pending;          /* PendingLine, in file order */
  gboolean          have_read_stdin;

  /* What the reader thread read and job ends from the workers, in the
   * order they happened; this thread waits on it alone. */
  GAsyncQueue      *events;
  guint64           n_job_events;     /* EVENT_JOB_DONE taken */
  guint64           n_popped;         /* results taken from the stream */
  GMutex            reads_lock;
  GCond             reads_cond;
  guint             n_reads_queued;   /* DataEvents in events; under reads_lock */
} Check;

/* Entries are verified in batches (see FwVerifyBatch): up to n_workers
 * jobs share one batch. A batch is freed once all its lines are printed. */
typedef struct _CliBatch {
  GPtrArray     *entries;     /* until submitted */
  FwVerifyBatch *verify;      /* once submitted */
  guint          n_jobs;
  guint          n_returned;
  guint          n_printed;
} CliBatch;

/* Per checksum file: coreutils' digest_check() counters. */
typedef struct {
  const char *display;            /* "standard input" or the file name */
  guint64     n_misformatted;
  guint64     n_mismatched;
  guint64     n_open_or_read_failures;
  gboolean    properly_formatted;
  gboolean    matched;
} FileState;

/* A line waiting for its turn to be printed: a malformed line (its
 * warning) or an entry (its result, by seq). */
typedef struct {
  gboolean  malformed;
  guint     line;
  char     *tag;
  CliBatch *batch;
  guint     index;
} PendingLine;

static void
pending_line_free (PendingLine *pending)
{
  g_free (pending->tag);
  g_free (pending);
}

/* The first failed write ends the run at once (issue 25, item 4), where
 * sha256sum -c would verify every line first. */
void
fw_cli_check_write (void)
{
  if (ferror (stdout))
    fw_cli_exit_write_error ("check");
}

void
fw_cli_check_diagnostic (const char *format,
                         ...)
{
  va_list args;

  fflush (stdout);
  fw_cli_check_write ();
  fputs (PROGRAM ": ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  putc ('\n', stderr);
}

static void
print_help (void)
{
  printf (_("Usage: %s check [OPTION]... [FILE]...\n"), PROGRAM);
  fputs (_("Read checksums from the FILEs and verify them, in parallel.\n"
           "GNU (sha256sum, md5sum, b2sum …), BSD tag (--tag, cksum) and SFV\n"
           "files are read; the algorithm of an untagged line comes from the\n"
           "file's name (SHA256SUMS, *.md5 …) or from the digest's length.\n"
           "\n"
           "With no FILE, or when FILE is -, read standard input.\n"
           "\n"), stdout);
  fputs (_("  -a, --algorithm=ALG  algorithm of the untagged lines (md5, sha1,\n"
           "                         sha256, sha3-256, blake2b, xxh3, crc32 …)\n"
           "  -c, --check          accepted for compatibility (checking is the\n"
           "                         default)\n"
           "  -j, --jobs=N         verify N files at once (default: processors)\n"
           "      --ignore-missing  don't fail or report status for missing files\n"
           "      --quiet          don't print OK for each successfully verified file\n"
           "      --status         don't output anything, status code shows success\n"
           "      --strict         exit non-zero for improperly formatted checksum lines\n"
           "      --unlisted       also report the files under the current folder that\n"
           "                         no list names: NEW, or MOVED from a missing entry\n"
           "      --exclude=PATTERN  with --unlisted, leave out files and folders that\n"
           "                         match PATTERN (as du --exclude does), relative to\n"
           "                         the current folder\n"
           "      --exclude-from=FILE  with --unlisted, leave out what matches any\n"
           "                         pattern in FILE\n"
           "  -w, --warn           warn about improperly formatted checksum lines\n"
           "  -h, --help           display this help and exit\n"), stdout);
}

/* Output of one result -------------------------------------------------- */

static void
print_result (Check                 *check,
              FileState             *file,
              const FwChecksumEntry *entry,
              const FwVerifyResult  *vr)
{
  gboolean needs_escape = !check->status_only && strchr (entry->name, '\n') != NULL;
  FwVerifyStatus status;
  g_autofree char *message = NULL;
  int code = 0;

  if (vr != NULL)
    {
      status = vr->status;
      code = vr->error_code;
      message = g_strdup (vr->message);
    }
  else
    {
      status = FW_VERIFY_ERROR;
      message = g_strdup (g_strerror (ECANCELED));
    }

  if (status == FW_VERIFY_MISSING || status == FW_VERIFY_ERROR)
    {
      g_autofree char *quoted = NULL;

      if (check->ignore_missing && status == FW_VERIFY_MISSING && code == ENOENT)
        return;

      quoted = fw_cli_quote_name (entry->name);
      fw_cli_check_diagnostic ("%s: %s", quoted, message);
      file->n_open_or_read_failures++;
      if (!check->status_only)
        {
          if (needs_escape)
            putchar ('\\');
          fw_cli_print_name (stdout, entry->name, needs_escape);
          printf (": %s\n", _("FAILED open or read"));
        }
      return;
    }

  if (status == FW_VERIFY_OK)
    file->matched = TRUE;
  else
    file->n_mismatched++;

  if (!check->status_only)
    {
      if (status != FW_VERIFY_OK || !check->quiet)
        {
          if (needs_escape)
            putchar ('\\');
          fw_cli_print_name (stdout, entry->name, needs_escape);
        }
      if (status != FW_VERIFY_OK)
        printf (": %s\n", _("FAILED"));
      else if (!check->quiet)
        printf (": %s\n", _("OK"));
    }
}

static void
print_malformed (Check       *check,
                 FileState   *file,
                 PendingLine *pending)
{
  file->n_misformatted++;
  if (check->warn)
    {
      g_autofree char *quoted = fw_cli_quote_name (file->display);
      fw_cli_check_diagnostic (_("%s: %u: improperly formatted %s checksum line"),
                  quoted, pending->line, pending->tag);
    }
}

static void
cli_batch_free (CliBatch *batch)
{
  if (batch->entries != NULL)
    g_ptr_array_unref (batch->entries);
  fw_verify_batch_free (batch->verify);
  g_free (batch);
}

static gpointer
cli_batch_job (gpointer       item,
               GCancellable  *cancellable,
               gpointer       user_data,
               GError       **error)
{
  CliBatch *batch = item;
  Check *check = user_data;
  gpointer result = fw_verify_batch_job (batch->verify, cancellable, NULL, error);

  /* The result is published once this returns: the main thread, woken,
   * waits the moment that takes (see n_job_events). */
  g_async_queue_push (check->events, &job_done_event);
  return result;
}

/* Takes one finished job from the stream (blocking). */
static void
pop_one (Check *check)
{
  g_autoptr(GError) error = NULL;
  FwPoolResult *res;
  CliBatch *batch;

  g_assert (check->batches_in_flight > 0);
  res = fw_pool_stream_pop (check->stream, &error);
  if (res == NULL)
    {
      /* Only when the stream failed as a whole; never expected here. */
      fw_cli_check_diagnostic ("%s", error != NULL ? error->message : "the worker pool stopped");
      exit (EXIT_FAILURE);
    }
  check->n_popped++;
  batch = res->item;
  res->item = NULL;
  fw_pool_result_free (res);
  if (++batch->n_returned == batch->n_jobs)
    check->batches_in_flight--;
}

/* Hands a batch to the pool: one job per worker, at most one per entry.
 * Waits first while max_batches are verifying, which bounds memory. */
static void
submit (Check     *check,
        CliBatch  *batch)
{
  FwVerifyContext *context;

  g_assert (batch->verify == NULL);

  while (check->batches_in_flight >= check->max_batches)
    pop_one (check);

  context = fw_verify_context_new (NULL, 0);
  context->dash_is_stdin = TRUE;
  batch->verify = fw_verify_batch_new (g_steal_pointer (&batch->entries), context);
  batch->n_jobs = MIN (check->n_workers, batch->verify->entries->len);
  check->batches_in_flight++;
  for (guint i = 0; i < batch->n_jobs; i++)
    fw_pool_stream_push (check->stream, batch);
}

/* Prints the pending lines from the head whose results are in. With
 * @wait, waits until every pending line is printed. */
static void
flush (Check     *check,
       FileState *file,
       gboolean   wait)
{
  PendingLine *head;

  while ((head = g_queue_peek_head (&check->pending)) != NULL)
    {
      if (head->malformed)
        print_malformed (check, file, head);
      else
        {
          CliBatch *batch = head->batch;

          if (batch->verify == NULL || batch->n_returned < batch->n_jobs)
            {
              if (!wait)
                return;
              if (batch->verify == NULL)
                {
                  if (check->filling == batch)
                    check->filling = NULL;
                  submit (check, batch);
                }
              else
                pop_one (check);
              continue;
            }
          if (check->audit != NULL)
            fw_cli_check_unlisted_poll (check->walk, check->audit);
          if (check->audit != NULL)
            fw_audit_add_entry (check->audit,
                                g_ptr_array_index (batch->verify->entries, head->index),
                                batch->verify->results[head->index]);
          print_result (check, file,
                        g_ptr_array_index (batch->verify->entries, head->index),
                        batch->verify->results[head->index]);
          fw_cli_check_write ();
          if (++batch->n_printed == batch->verify->entries->len)
            cli_batch_free (batch);
        }
      pending_line_free (g_queue_pop_head (&check->pending));
    }
}

static void
add_pending (Check       *check,
             PendingLine *pending)
{
  g_queue_push_tail (&check->pending, pending);
}

/* Adds a verified-to-be entry to the batch being filled. */
static void
add_entry (Check           *check,
           FwChecksumEntry *entry)
{
  PendingLine *pending = g_new0 (PendingLine, 1);
  CliBatch *batch = check->filling;

  if (batch == NULL)
    {
      batch = g_new0 (CliBatch, 1);
      batch->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_checksum_entry_free);
      check->filling = batch;
    }
  pending->batch = batch;
  pending->index = batch->entries->len;
  g_ptr_array_add (batch->entries, entry);
  add_pending (check, pending);

  if (batch->entries->len >= check->batch_size)
    {
      check->filling = NULL;
      submit (check, batch);
    }
}

/* One checksum file ------------------------------------------------------- */

typedef struct {
  Check    *check;
  int       fd;
  int       read_errno;   /* 0, or why a read failed */
} Reader;

/* The reader thread: reads the file as it comes (a pipe's read returns
 * what it holds, so a line held back upstream holds nothing else back),
 * then EVENT_END. It keeps at most MAX_QUEUED_READS ahead. */
static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  Check *check = reader->check;

  for (;;)
    {
      DataEvent *event = g_malloc (sizeof (DataEvent) + READ_SIZE);
      ssize_t n;

      do
        n = read (reader->fd, event->data, READ_SIZE);
      while (n < 0 && errno == EINTR);
      if (n <= 0)
        {
          if (n < 0)
            reader->read_errno = errno;
          g_free (event);
          break;
        }
      event->event.kind = EVENT_DATA;
      event->length = (gsize) n;
      if (n < READ_SIZE)
        event = g_realloc (event, sizeof (DataEvent) + (gsize) n);
      g_mutex_lock (&check->reads_lock);
      while (check->n_reads_queued >= MAX_QUEUED_READS)
        g_cond_wait (&check->reads_cond, &check->reads_lock);
      check->n_reads_queued++;
      g_mutex_unlock (&check->reads_lock);
      g_async_queue_push (check->events, event);
    }
  g_async_queue_push (check->events, &end_event);
  return NULL;
}

/* The next event. When none is waiting, the input is idle: the batch
 * being filled starts, and every result known is printed first. */
static Event *
next_event (Check     *check,
            FileState *file)
{
  Event *event = g_async_queue_try_pop (check->events);

  if (event != NULL)
    return event;
  if (check->filling != NULL)
    {
      CliBatch *batch = check->filling;

      check->filling = NULL;
      submit (check, batch);
    }
  flush (check, file, FALSE);
  fflush (stdout);
  fw_cli_check_write ();
  return g_async_queue_pop (check->events);
}

/* One line of the checksum file, its newline included (if it has one). */
static void
handle_line (Check      *check,
             FileState  *file,
             gboolean    is_stdin,
             const char *line,
             gsize       length)
{
  FwChecksumEntry *entry = NULL;
  PendingLine *pending;

  switch (fw_checksum_reader_parse_line (check->reader, line, length, &entry))
    {
    case FW_CHECKSUM_LINE_IGNORED:
      break;

    case FW_CHECKSUM_LINE_ENTRY:
      if (!(is_stdin && strcmp (entry->name, "-") == 0))
        {
          file->properly_formatted = TRUE;
          add_entry (check, entry);
          break;
        }
      fw_checksum_entry_free (entry);
      G_GNUC_FALLTHROUGH;

    case FW_CHECKSUM_LINE_MALFORMED:
    default:
      pending = g_new0 (PendingLine, 1);
      pending->malformed = TRUE;
      pending->line = fw_checksum_reader_get_line (check->reader);
      pending->tag = g_strdup (fw_checksum_reader_get_type_tag (check->reader));
      add_pending (check, pending);
      break;
    }
  /* Malformed lines wait behind unfinished entries: bound them too. */
  flush (check, file, check->pending.length > MAX_PENDING_LINES);
}

static gboolean
check_file (Check      *check,
            const char *filename)
{
  gboolean is_stdin = strcmp (filename, "-") == 0;
  FileState file = { 0 };
  Reader reader = { check, -1, 0 };
  g_autoptr(GString) partial = g_string_new (NULL);  /* a line's start */
  GThread *thread;
  Event *event;
  gboolean read_failed;

  if (is_stdin)
    {
      check->have_read_stdin = TRUE;
      file.display = _("standard input");
      reader.fd = STDIN_FILENO;
    }
  else
    {
      file.display = filename;
      if (check->audit != NULL)
        fw_audit_skip_path (check->audit, filename);
      reader.fd = open (filename, O_RDONLY | O_CLOEXEC);
      if (reader.fd < 0)
        {
          int saved_errno = errno;
          g_autofree char *quoted = fw_cli_quote_name (filename);
          fw_cli_check_diagnostic ("%s: %s", quoted, g_strerror (saved_errno));
          return FALSE;
        }
    }

  fw_checksum_reader_begin_file (check->reader, is_stdin ? NULL : filename);
  thread = g_thread_new ("fw-check-reader", reader_thread, &reader);

  while ((event = next_event (check, &file))->kind != EVENT_END)
    {
      g_autofree DataEvent *data = NULL;
      const char *p, *end, *nl;

      if (event->kind == EVENT_JOB_DONE)
        {
          /* One job ended: take its result (pop_one() may have taken it
           * already), and print what that makes known. */
          check->n_job_events++;
          while (check->n_popped < check->n_job_events)
            pop_one (check);
          flush (check, &file, FALSE);
          continue;
        }

      data = (DataEvent *) event;
      g_mutex_lock (&check->reads_lock);
      check->n_reads_queued--;
      g_cond_signal (&check->reads_cond);
      g_mutex_unlock (&check->reads_lock);

      /* Whole lines straight from the read; a line cut by the read's end
       * waits in @partial for the rest. */
      p = data->data;
      end = p + data->length;
      while ((nl = memchr (p, '\n', end - p)) != NULL)
        {
          if (partial->len > 0)
            {
              g_string_append_len (partial, p, nl + 1 - p);
              handle_line (check, &file, is_stdin, partial->str, partial->len);
              g_string_truncate (partial, 0);
            }
          else
            handle_line (check, &file, is_stdin, p, nl + 1 - p);
          p = nl + 1;
        }
      g_string_append_len (partial, p, end - p);
    }
  /* The last line, without its newline. */
  if (partial->len > 0)
    handle_line (check, &file, is_stdin, partial->str, partial->len);
  g_thread_join (thread);
  read_failed = reader.read_errno != 0;

  flush (check, &file, TRUE);

  if (!is_stdin && close (reader.fd) != 0)
    read_failed = TRUE;

  if (read_failed)
    {
      g_autofree char *quoted = fw_cli_quote_name (file.display);
      fw_cli_check_diagnostic (_("%s: read error"), quoted);
      return FALSE;
    }

  if (!file.properly_formatted)
    {
      g_autofree char *quoted = fw_cli_quote_name (file.display);
      fw_cli_check_diagnostic (_("%s: no properly formatted checksum lines found"), quoted);
    }
  else if (!check->status_only)
    {
      if (file.n_misformatted != 0)
        fw_cli_check_diagnostic (ngettext ("WARNING: %" G_GUINT64_FORMAT " line is improperly formatted",
                              "WARNING: %" G_GUINT64_FORMAT " lines are improperly formatted",
                              file.n_misformatted == 1 ? 1 : 2),
                    file.n_misformatted);
      if (file.n_open_or_read_failures != 0)
        fw_cli_check_diagnostic (ngettext ("WARNING: %" G_GUINT64_FORMAT " listed file could not be read",
                              "WARNING: %" G_GUINT64_FORMAT " listed files could not be read",
                              file.n_open_or_read_failures == 1 ? 1 : 2),
                    file.n_open_or_read_failures);
      if (file.n_mismatched != 0)
        fw_cli_check_diagnostic (ngettext ("WARNING: %" G_GUINT64_FORMAT " computed checksum did NOT match",
                              "WARNING: %" G_GUINT64_FORMAT " computed checksums did NOT match",
                              file.n_mismatched == 1 ? 1 : 2),
                    file.n_mismatched);
      if (check->ignore_missing && !file.matched)
        {
          g_autofree char *quoted = fw_cli_quote_name (file.display);
          fw_cli_check_diagnostic (_("%s: no file was verified"), quoted);
        }
    }

  return file.properly_formatted
         && file.matched
         && file.n_mismatched == 0
         && file.n_open_or_read_failures == 0
         && (!check->strict || file.n_misformatted == 0);
}

/* Options ----------------------------------------------------------------- */

enum {
  OPT_IGNORE_MISSING = 256,
  OPT_STATUS,
  OPT_QUIET,
  OPT_STRICT,
  OPT_UNLISTED,
  OPT_EXCLUDE,
  OPT_EXCLUDE_FROM,
  OPT_HELP,
  OPT_VERSION,
};

static const struct option long_options[] = {
  { "algorithm", required_argument, NULL, 'a' },
  { "check", no_argument, NULL, 'c' },
  { "jobs", required_argument, NULL, 'j' },
  { "ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING },
  { "quiet", no_argument, NULL, OPT_QUIET },
  { "status", no_argument, NULL, OPT_STATUS },
  { "strict", no_argument, NULL, OPT_STRICT },
  { "unlisted", no_argument, NULL, OPT_UNLISTED },
  { "exclude", required_argument, NULL, OPT_EXCLUDE },
  { "exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM },
  { "warn", no_argument, NULL, 'w' },
  { "help", no_argument, NULL, OPT_HELP },
  { "version", no_argument, NULL, OPT_VERSION },
  { NULL, 0, NULL, 0 },
};

static gboolean
parse_jobs (const char *text,
            guint      *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || *end != '\0' || value == 0 || value > 1024)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

int
fw_cli_check_main (int    argc,
                   char **argv)
{
  Check check = { 0 };
  g_autoptr(FwExclude) exclude = fw_exclude_new ();
  gboolean ok = TRUE;
  int opt;
  int first_file;

  fw_digest_init ();   /* in this thread, which lives to the end */

  check.algorithm = FW_ALGORITHM_INVALID;
  check.n_jobs = g_get_num_processors ();

  opterr = 0;
  optind = 0;   /* glibc: full re-initialisation */
  while ((opt = getopt_long (argc, argv, ":a:cj:hw", long_options, NULL)) != -1)
    {
      switch (opt)
        {
        case 'a':
          check.algorithm = fw_algorithm_from_name (optarg);
          if (check.algorithm == FW_ALGORITHM_INVALID)
            return fw_cli_usage_error ("check", _("unknown algorithm '%s'"), optarg);
          break;
        case 'c':
          break;
        case 'j':
          if (!parse_jobs (optarg, &check.n_jobs))
            return fw_cli_usage_error ("check", _("invalid number of jobs: '%s'"), optarg);
          break;
        case 'w':
          check.status_only = FALSE;
          check.warn = TRUE;
          check.quiet = FALSE;
          break;
        case OPT_IGNORE_MISSING:
          check.ignore_missing = TRUE;
          break;
        case OPT_QUIET:
          check.status_only = FALSE;
          check.warn = FALSE;
          check.quiet = TRUE;
          break;
        case OPT_STATUS:
          check.status_only = TRUE;
          check.warn = FALSE;
          check.quiet = FALSE;
          break;
        case OPT_STRICT:
          check.strict = TRUE;
          break;
        case OPT_UNLISTED:
          check.unlisted = TRUE;
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

                /* As du and hash say it. */
                fw_cli_check_diagnostic ("%s: %s", quoted, error->message);
                return EXIT_FAILURE;
              }
          }
          break;
        case 'h':
        case OPT_HELP:
          print_help ();
          return 0;
        case OPT_VERSION:
          printf ("fileworks-cli check %s\n", PACKAGE_VERSION);
          return 0;
        case ':':
          if (optopt != 0 && optopt < 256)
            return fw_cli_usage_error ("check", _("option requires an argument -- '%c'"), optopt);
          return fw_cli_usage_error ("check", _("option '%s' requires an argument"),
                                     argv[optind - 1]);
        case '?':
        default:
          if (optopt != 0 && optopt < 256)
            return fw_cli_usage_error ("check", _("invalid option -- '%c'"), optopt);
          return fw_cli_usage_error ("check", _("unrecognized option '%s'"),
                                     argv[optind - 1]);
        }
    }
  first_file = optind;
  if (!fw_exclude_is_empty (exclude) && !check.unlisted)
    return fw_cli_usage_error ("check", _("--exclude and --exclude-from need --unlisted"));
  check.exclude = fw_exclude_is_empty (exclude) ? NULL : exclude;

  check.pool = fw_pool_new (check.n_jobs);
  check.n_workers = check.n_jobs;
  /* 64 small files cost a few hand-offs instead of 64; four batches keep
   * every worker fed while this thread reads and prints. What is in
   * flight never exceeds the stream's queue, so a push never blocks. */
  check.batch_size = 64;
  check.max_batches = 4;
  fw_pool_set_queue_capacity (check.pool, check.max_batches * check.n_workers);
  check.stream = fw_pool_stream_new (check.pool,
                                     cli_batch_job,
                                     &check, NULL,
                                     NULL, NULL,
                                     FW_POOL_COLLECT,
                                     FW_POOL_STREAM_PULL,
                                     NULL);
  check.reader = fw_checksum_reader_new (NULL, check.algorithm);
  g_queue_init (&check.pending);
  check.events = g_async_queue_new ();
  g_mutex_init (&check.reads_lock);
  g_cond_init (&check.reads_cond);

  if (check.unlisted)
    {
      check.audit = fw_audit_new (".");
      fw_audit_set_exclude (check.audit, check.exclude);
      check.walk = fw_cli_check_unlisted_walk (check.exclude);
    }

  if (first_file >= argc)
    ok = check_file (&check, "-");
  else
    for (int i = first_file; i < argc; i++)
      ok &= check_file (&check, argv[i]);

  /* Every job has returned; wait for the stream to be done too, so that
   * no worker is still inside it when it goes. */
  fw_pool_stream_close (check.stream);
  {
    FwPoolResult *res;
    while ((res = fw_pool_stream_pop (check.stream, NULL)) != NULL)
      fw_pool_result_free (res);
  }
  g_assert (check.batches_in_flight == 0);
  g_assert (check.filling == NULL);
  g_assert (g_queue_is_empty (&check.pending));
  if (check.audit != NULL)
    ok &= fw_cli_check_unlisted_report (g_steal_pointer (&check.walk),
                                          g_steal_pointer (&check.audit),
                                          check.pool, check.status_only);
  fw_checksum_reader_free (check.reader);
  g_clear_object (&check.stream);
  g_clear_object (&check.pool);
  /* Only job ends whose results were taken are left: static events. */
  g_async_queue_unref (check.events);
  g_mutex_clear (&check.reads_lock);
  g_cond_clear (&check.reads_cond);

  if (check.have_read_stdin && fclose (stdin) == EOF)
    {
      fw_cli_check_diagnostic ("%s: %s", _("standard input"), g_strerror (errno));
      ok = FALSE;
    }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
