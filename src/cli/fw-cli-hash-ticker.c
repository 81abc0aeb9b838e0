/* fw-cli-hash-ticker.c — standard error and the ticker of
 * `fileworks-cli hash`: its messages, the --progress line and its totals,
 * the few flushes a second of standard output, and the first failed write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "fw-cli-hash-private.h"
#include "fw-cli-quote.h"
#include "fw-walk.h"

#define COMMAND "hash"

static void
ticker_clear_line_locked (FwCliHashTicker *ticker)
{
  if (ticker->line_shown)
    {
      fputs ("\r\033[K", stderr);
      ticker->line_shown = FALSE;
    }
}

void
fw_cli_hash_print_stderr (FwCliHashTicker *ticker,
                          const char      *message)
{
  g_mutex_lock (&ticker->lock);
  ticker_clear_line_locked (ticker);
  fprintf (stderr, "fileworks-cli %s: %s\n", COMMAND, message);
  g_mutex_unlock (&ticker->lock);
}

/* Says "NAME: REASON" for an item's error, NAME quoted as sha256sum
 * quotes it (issue 25, item 5). The engine's messages read "PATH: reason"
 * with the path raw; the reason is what follows it. */
void
fw_cli_hash_print_item_error (FwCliHashTicker *ticker,
                              const char      *path,
                              const char      *message)
{
  g_autofree char *quoted = fw_cli_quote_name (path);
  g_autofree char *line = NULL;
  gsize len = strlen (path);

  if (strncmp (message, path, len) == 0 && message[len] == ':' && message[len + 1] == ' ')
    message += len + 2;
  line = g_strdup_printf ("%s: %s", quoted, message);
  fw_cli_hash_print_stderr (ticker, line);
}

/* The first failed write stops the batch (issue 25, item 4): unlike
 * sha256sum, which hashes every file before it says "write error". Any
 * thread. */
gboolean
fw_cli_hash_write_failed (FwCliHashTicker *ticker)
{
  if (__atomic_load_n (&ticker->write_failed, __ATOMIC_ACQUIRE))
    return TRUE;
  if (!ferror (stdout))
    return FALSE;
  __atomic_store_n (&ticker->write_failed, TRUE, __ATOMIC_RELEASE);
  fw_pool_stream_cancel (ticker->stream);
  return TRUE;
}

static void
draw_progress_locked (FwCliHashTicker *ticker)
{
  guint64 done = __atomic_load_n (ticker->bytes_done, __ATOMIC_RELAXED);
  guint files = (guint) g_atomic_int_get (&ticker->files_done);
  gboolean known = __atomic_load_n (&ticker->totals_known, __ATOMIC_ACQUIRE);
  guint64 total = __atomic_load_n (&ticker->total_bytes, __ATOMIC_RELAXED);
  double seconds = (double) (g_get_monotonic_time () - ticker->start_time) / G_USEC_PER_SEC;
  double speed = seconds > 0 ? (double) done / seconds : 0;
  g_autofree char *done_s = g_format_size (done);
  g_autofree char *speed_s = g_format_size ((guint64) speed);
  g_autoptr(GString) line = g_string_new ("\r\033[K");

  if (known)
    {
      g_autofree char *total_s = g_format_size (total);
      g_string_append_printf (line, _("%s of %s, %u of %u files, %s/s"),
                              done_s, total_s, files,
                              (guint) g_atomic_int_get (&ticker->total_files), speed_s);
      if (speed > 0 && total >= done)
        {
          guint64 left = (guint64) ((double) (total - done) / speed);
          g_string_append_printf (line, _(", %u:%02u left"),
                                  (guint) (left / 60), (guint) (left % 60));
        }
    }
  else
    g_string_append_printf (line, _("%s, %u files, %s/s"), done_s, files, speed_s);

  fputs (line->str, stderr);
  fflush (stderr);
  ticker->line_shown = TRUE;
}

gpointer
fw_cli_hash_ticker_thread (gpointer data)
{
  FwCliHashTicker *ticker = data;

  g_mutex_lock (&ticker->lock);
  while (!ticker->stop)
    {
      gint64 deadline = g_get_monotonic_time () + (ticker->progress ? 200 : 250) * G_TIME_SPAN_MILLISECOND;

      /* A ticker, not synchronisation: wakes at a steady rate until told to stop. */
      while (!ticker->stop && g_cond_wait_until (&ticker->cond, &ticker->lock, deadline))
        ;
      if (ticker->stop)
        break;
      fflush (stdout);   /* stdio locks the stream itself */
      if (fw_cli_hash_write_failed (ticker))
        break;
      if (ticker->progress)
        draw_progress_locked (ticker);
    }
  ticker_clear_line_locked (ticker);
  g_mutex_unlock (&ticker->lock);
  return NULL;
}

/* Totals for --progress, counted beside the hashing (stat only). */
gpointer
fw_cli_hash_counter_thread (gpointer data)
{
  FwCliHashCounter *counter = data;
  guint64 bytes = 0;
  guint files = 0;

  for (guint i = 0; i < counter->n_paths; i++)
    {
      const char *path = counter->paths[i];
      struct stat st;

      if (strcmp (path, "-") != 0 && fw_exclude_match (counter->exclude, path))
        continue;
      if (strcmp (path, "-") == 0 || stat (path, &st) != 0)
        {
          files++;
          continue;
        }
      if (counter->recursive && S_ISDIR (st.st_mode))
        {
          g_autoptr(FwWalk) walk = fw_walk_new (path);
          FwWalkEntry *entry;

          fw_walk_set_exclude (walk, counter->exclude);
          while ((entry = fw_walk_next (walk)) != NULL)
            {
              if (entry->kind == FW_WALK_FILE && lstat (entry->path, &st) == 0)
                {
                  bytes += (guint64) st.st_size;
                  files++;
                }
              fw_walk_entry_free (entry);
              if (__atomic_load_n (&counter->ticker->write_failed, __ATOMIC_ACQUIRE))
                return NULL;
            }
          continue;
        }
      files++;
      if (S_ISREG (st.st_mode))
        bytes += (guint64) st.st_size;
    }
  __atomic_store_n (&counter->ticker->total_bytes, bytes, __ATOMIC_RELAXED);
  g_atomic_int_set (&counter->ticker->total_files, files);
  __atomic_store_n (&counter->ticker->totals_known, TRUE, __ATOMIC_RELEASE);
  return NULL;
}
