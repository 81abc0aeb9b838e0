/* fw-cli-hash-private.h — what fw-cli-hash.c shares with its ticker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-exclude.h"

#include "fw-pool.h"

G_BEGIN_DECLS

/* Standard error and the ticker of `fileworks-cli hash`. The main thread
 * fills it in before starting fw_cli_hash_ticker_thread(); the fields
 * marked atomic are read by the ticker while the main thread and the
 * counter write them. */
typedef struct {
  GMutex        lock;          /* stderr and the progress line */
  GCond         cond;
  gboolean      stop;
  FwPoolStream *stream;        /* cancelled by the first failed write */
  gboolean      write_failed;  /* __atomic_*_n, as bools are */
  gboolean      progress;
  guint64      *bytes_done;    /* the job's, atomic */
  guint         files_done;    /* atomic */
  guint64       total_bytes;   /* atomic; 0 until counted */
  guint         total_files;   /* atomic */
  gboolean      totals_known;  /* __atomic_*_n */
  gint64        start_time;
  gboolean      line_shown;
} FwCliHashTicker;

/* What fw_cli_hash_counter_thread() counts for --progress's totals. */
typedef struct {
  char            **paths;
  guint             n_paths;
  gboolean          recursive;
  const FwExclude  *exclude;   /* nullable: --exclude */
  FwCliHashTicker  *ticker;
} FwCliHashCounter;

/* Writes "fileworks-cli hash: MESSAGE" on standard error, clearing the
 * progress line first. Any thread. */
void     fw_cli_hash_print_stderr     (FwCliHashTicker *ticker,
                                       const char      *message);
/* Says "NAME: REASON" for an item's error, @message being the engine's
 * "PATH: reason": NAME quoted as sha256sum quotes it. Any thread. */
void     fw_cli_hash_print_item_error (FwCliHashTicker *ticker,
                                       const char      *path,
                                       const char      *message);
/* Whether a write to standard output has failed; the first call that
 * finds it so cancels @ticker's stream. Any thread. */
gboolean fw_cli_hash_write_failed     (FwCliHashTicker *ticker);
/* The ticker thread (a FwCliHashTicker): flushes standard output a few
 * times a second and draws the --progress line, until told to stop. */
gpointer fw_cli_hash_ticker_thread    (gpointer         data);
/* The counter thread (a FwCliHashCounter): sets the ticker's totals. */
gpointer fw_cli_hash_counter_thread   (gpointer         data);

/* `hash --update LIST [PATH…]` (fw-cli-hash-update.c): adds the files
 * under @paths (the current folder when none) that @list does not name,
 * in its own format and algorithm, rewriting it atomically; with @prune,
 * drops the lines of files that no longer exist. Returns the exit status. */
int      fw_cli_hash_update           (const char      *list,
                                       char           **paths,
                                       guint            n_paths,
                                       gboolean         prune,
                                       guint            n_jobs,
                                       gsize            buffer_size);

G_END_DECLS
