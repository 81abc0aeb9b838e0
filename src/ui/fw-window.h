/* fw-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-application.h"
#include "fw-batch.h"
#include "fw-export.h"   /* FwExportFormat */

G_BEGIN_DECLS

#define FW_TYPE_WINDOW (fw_window_get_type ())

G_DECLARE_FINAL_TYPE (FwWindow, fw_window, FW, WINDOW, AdwApplicationWindow)

FwWindow *fw_window_new           (FwApplication  *application);

/* Adds items as the header's mode says; checksum files are offered for
 * verifying first. Main thread. */
void      fw_window_add_files     (FwWindow       *self,
                                   GFile         **files,
                                   guint           n_files);
/* Adds items as @mode says, without asking. */
void      fw_window_add_files_as  (FwWindow       *self,
                                   GFile         **files,
                                   guint           n_files,
                                   FwBatchMode     mode);

FwBatch  *fw_window_get_batch     (FwWindow       *self);

/* The export's bytes (fw_export_build() of the batch's jobs): hash rows
 * that are done, in list order, names relative to @base_dir (or absolute
 * when outside it); in CSV, every row. */
GBytes   *fw_window_build_export  (FwWindow       *self,
                                   FwExportFormat  format,
                                   const char     *base_dir,
                                   GError        **error);
/* Writes fw_window_build_export() to @path atomically. */
gboolean  fw_window_export        (FwWindow       *self,
                                   FwExportFormat  format,
                                   const char     *base_dir,
                                   const char     *path,
                                   GError        **error);
/* What the Export dialog does with the file chosen: names relative to its
 * folder, written atomically in a thread; a toast tells the outcome. */
void      fw_window_export_to     (FwWindow       *self,
                                   FwExportFormat  format,
                                   GFile          *file);

/* Verifies the checksum files of the last verify batch again, their
 * names resolved in @folder (what Choose Folder… does). */
void      fw_window_verify_in_folder (FwWindow *self,
                                      GFile    *folder);

/* For tests: the window's drop target, and its column view. */
GtkDropTarget *fw_window_get_drop_target (FwWindow *self);
GtkColumnView *fw_window_get_column_view (FwWindow *self);
/* For tests: the mode menu's actions (mode, and one per algorithm). */
GActionGroup *fw_window_get_mode_actions (FwWindow *self);
/* The text of the last toast shown, or %NULL. */
const char    *fw_window_get_last_toast  (FwWindow *self);
/* The footer's text. */
const char    *fw_window_get_status_text (FwWindow *self);
/* TRUE while the window is narrow enough to drop the Kind column. */
gboolean       fw_window_get_narrow      (FwWindow *self);

G_END_DECLS
