/* fw-largest-dialog.h — the Largest Items dialog of a size row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FW_TYPE_LARGEST_DIALOG (fw_largest_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FwLargestDialog, fw_largest_dialog, FW, LARGEST_DIALOG, AdwWindow)

/* A window of its own, modal and transient for @parent, with a header
 * bar, listing the largest items in the folder @folder (named @name, of
 * @total bytes of disk usage): @largest holds FwSizeChild (fw-size.h),
 * largest first, as fw_job_get_largest() gives them; they are copied.
 * One row per item (an AdwActionRow): its name, its disk usage and share
 * of @total, a bar of that share, and a button that shows it in the file
 * manager; activating the row (Enter, or a click) does the same. Showing
 * is the window's: the dialog emits "show-item" with the item's #GFile.
 * Empty, it says the folder is empty. Escape closes it. Show it with
 * gtk_window_present(); GTK owns it from then on. Main thread.
 *
 * Signal "show-item" (GFile *item): the item the user asked to see. */
FwLargestDialog *fw_largest_dialog_new (GtkWindow  *parent,
                                        GFile      *folder,
                                        const char *name,
                                        guint64     total,
                                        GPtrArray  *largest);

/* For tests: the list (a GtkListBox of AdwActionRow, in order). */
GtkListBox      *fw_largest_dialog_get_list (FwLargestDialog *self);

G_END_DECLS
