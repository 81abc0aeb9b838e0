/* fw-details-pane.h — one row of the job list in full: every digest, copyable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fw-job.h"

G_BEGIN_DECLS

#define FW_TYPE_DETAILS_PANE (fw_details_pane_get_type ())

G_DECLARE_FINAL_TYPE (FwDetailsPane, fw_details_pane, FW, DETAILS_PANE, GtkBox)

/**
 * FwDetailsPane:
 *
 * What the job list's cells cut short, for one row: its name and folder,
 * its state and size, and its outcome in full — one row per algorithm
 * with the whole digest (monospace, selectable, wrapped in groups of 32
 * digits) and a button that copies it; a size job's disk usage, files and
 * folders; a verify job's expected and actual digests; a failed job's
 * error. It follows the job's notifications while it shows it.
 *
 * Signals: #FwDetailsPane::close when its close button is pressed;
 * #FwDetailsPane::copied after a copy button put a value on the clipboard,
 * with a sentence saying what (for a toast). Main thread.
 */

GtkWidget  *fw_details_pane_new       (void);

/* The row shown, or %NULL: then the pane asks for a row to be selected.
 * The pane holds a reference while it shows it. */
void        fw_details_pane_set_job   (FwDetailsPane *self,
                                       FwJob         *job);
FwJob      *fw_details_pane_get_job   (FwDetailsPane *self);

/* For tests: the text of the value with @key, as shown (an algorithm's
 * name, fw_algorithm_get_name(), for a digest; "expected", "actual",
 * "state", "size", "files", "folders", "error", "folder"), or %NULL when
 * the pane shows none; and its copy button, or %NULL. */
const char *fw_details_pane_get_value       (FwDetailsPane *self,
                                             const char    *key);
GtkWidget  *fw_details_pane_get_copy_button (FwDetailsPane *self,
                                             const char    *key);

G_END_DECLS
