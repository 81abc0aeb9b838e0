/* fw-hash-text-dialog.h — the Hash Text dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-alert.h"
#include "fw-digest.h"

G_BEGIN_DECLS

#define FW_TYPE_HASH_TEXT_DIALOG (fw_hash_text_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FwHashTextDialog, fw_hash_text_dialog, FW, HASH_TEXT_DIALOG, FwAlert)

/* An alert (fw-alert.h) with a text field: the digests of what is typed
 * (its UTF-8 bytes, no newline added), one line per algorithm of
 * @algorithms, follow as it changes. Hashed in the main thread: typed
 * text is short. Show it with fw_alert_present() on @parent; it closes
 * itself on its one response ("close"). Owned as fw_alert_new()'s alerts
 * are: by GTK once presented. */
FwHashTextDialog *fw_hash_text_dialog_new (GtkWindow      *parent,
                                           FwAlgorithmSet  algorithms);

G_END_DECLS
