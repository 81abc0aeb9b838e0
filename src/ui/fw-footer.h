/* fw-footer.h — the window's progress footer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fw-batch.h"

G_BEGIN_DECLS

#define FW_TYPE_FOOTER (fw_footer_get_type ())

G_DECLARE_FINAL_TYPE (FwFooter, fw_footer, FW, FOOTER, GtkBox)

/**
 * FwFooterState:
 * @progress: fw_batch_get_progress()
 * @counts: fw_batch_get_counts(): every row by status
 * @fraction: what is done, of the bytes (or of the items while no sizes
 *   are known), 0 to 1
 * @n_waiting: fw_batch_get_n_waiting(): items waiting for Start
 * @n_found: fw_batch_get_n_found() while @scanning, else 0
 * @running: fw_batch_get_running()
 * @stopping: fw_batch_get_stopping()
 * @scanning: fw_batch_get_scanning()
 * @paused: fw_batch_get_paused()
 * @can_run_again: whether Run Again has anything to run (only looked at
 *   between runs and scans: it walks the rows)
 * @text: (nullable): the status line, worded by a job with words of its
 *   own (Find Duplicates); %NULL: fw_job_text_footer()
 *
 * What the footer shows, read from the batch once per update by the
 * window, which words its title from the same reading.
 */
typedef struct {
  FwBatchProgress progress;
  FwBatchCounts   counts;
  double          fraction;
  guint           n_waiting;
  guint           n_found;
  gboolean        running;
  gboolean        stopping;
  gboolean        scanning;
  gboolean        paused;
  gboolean        can_run_again;
  const char     *text;
} FwFooterState;

/* The progress bar, the status line (fw_job_text_footer(): "3 of 10
 * files · 1.2 GB / 4 GB · 300 MB/s · 12 seconds left") and the Start, Run Again,
 * Pause/Resume and Cancel buttons (bound to the window's win.start,
 * win.run-again, win.pause and win.cancel actions) as @state says. Main
 * thread; called on every progress tick, so it sets only what it must. */
void        fw_footer_update     (FwFooter            *self,
                                  const FwFooterState *state);

/* The status line's text, as shown. */
const char *fw_footer_get_text   (FwFooter            *self);

G_END_DECLS
