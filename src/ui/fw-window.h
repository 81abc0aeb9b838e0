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

/* Adds items as the header's mode says; checksum files among them are
 * not added until the person answers whether to verify them (one
 * question for all). Nothing once the window is closed. Main thread. */
void      fw_window_add_files     (FwWindow       *self,
                                   GFile         **files,
                                   guint           n_files);

/* Adds items as @mode says, whatever the header's job and without
 * asking (the command line's modes; checksum files of a verify batch are
 * remembered for Choose Folder…). Two folders to compare are compared as
 * folders; Find Duplicates, which has a page of its own, becomes the job
 * (or stops being it) so that the items are seen. Main thread. */
void      fw_window_add_files_as  (FwWindow       *self,
                                   GFile         **files,
                                   guint           n_files,
                                   FwBatchMode     mode);

FwBatch  *fw_window_get_batch     (FwWindow       *self);

/* The export's bytes (fw_export_build() of the batch's rows), in list
 * order: for GNU, BSD and SFV, the digests of the hash rows that are
 * done, names relative to @base_dir (or absolute when outside it); for
 * CSV, every row. Main thread (it reads the rows). */
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

G_END_DECLS
