/* fw-size-window.h — a folder's sizes: a tree of its folders and its
 * largest files, with Open, Copy Path and Move to Trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

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

G_END_DECLS
