/* fw-largest-dialog.h — the Largest Items dialog of a size row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-alert.h"

G_BEGIN_DECLS

#define FW_TYPE_LARGEST_DIALOG (fw_largest_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FwLargestDialog, fw_largest_dialog, FW, LARGEST_DIALOG, FwAlert)

/* An alert (fw-alert.h) listing the largest items in the folder @name:
 * @largest holds FwSizeChild (fw-size.h), largest first, as
 * fw_job_get_largest() gives them; they are copied into the list, which
 * shows each one's disk usage and name. Empty, it says there is nothing
 * inside. Show it with fw_alert_present() on @parent; it closes itself
 * on its one response ("close"). Owned as fw_alert_new()'s alerts are:
 * by GTK once presented. Main thread. */
FwLargestDialog *fw_largest_dialog_new (GtkWindow  *parent,
                                        const char *name,
                                        GPtrArray  *largest);

G_END_DECLS
