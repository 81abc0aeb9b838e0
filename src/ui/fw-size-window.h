/* fw-size-window.h — a folder's sizes: a tree of its folders and its
 * largest files, with Open, Copy Path and Move to Trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-job-size-tree.h"

G_BEGIN_DECLS

#define FW_TYPE_SIZE_WINDOW (fw_size_window_get_type ())

G_DECLARE_FINAL_TYPE (FwSizeWindow, fw_size_window, FW, SIZE_WINDOW, AdwWindow)

/**
 * fw_size_window_new:
 * @parent: (nullable): the window it belongs to
 * @folder: the folder to show
 *
 * Makes the window and starts its scan at once (on a pool of its own,
 * below the window's priority): folders appear in the tree as their
 * subtrees complete, a batch per tick of the main loop. Rescan starts
 * over. Closing the window cancels the scan.
 *
 * Signals: "show-item" (a #GFile): the user asked for the item's
 * containing folder (the main window shows it in Files).
 *
 * Returns: (transfer floating): the window
 */
FwSizeWindow *fw_size_window_new (GtkWindow *parent,
                                  GFile     *folder);

/**
 * fw_size_window_new_for_row:
 * @parent: (nullable): the window it belongs to
 * @folder: the row's folder
 * @tree: the row's tree (fw_job_dup_size_tree()), running or over with
 *   a result
 *
 * Like fw_size_window_new(), but shows the row's own scan instead of
 * running one: a running row's folders stream in from its scan as they
 * finish; a finished row's tree is shown at once, with no I/O. Rescan
 * runs a scan of the window's own.
 *
 * Returns: (transfer floating): the window
 */
FwSizeWindow *fw_size_window_new_for_row (GtkWindow     *parent,
                                          GFile         *folder,
                                          FwJobSizeTree *tree);

G_END_DECLS
