/* fw-hash-text-dialog.h — the Hash Text dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-digest.h"

G_BEGIN_DECLS

#define FW_TYPE_HASH_TEXT_DIALOG (fw_hash_text_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FwHashTextDialog, fw_hash_text_dialog, FW, HASH_TEXT_DIALOG, AdwWindow)

/* A window of its own, modal and transient for @parent, with a header
 * bar: a text field, and one row per algorithm of @algorithms (an
 * AdwActionRow: the algorithm, its digest of what is typed — its UTF-8
 * bytes, no newline added — in monospace, and a button that copies it).
 * The digests follow the text as it changes; hashed in the main thread:
 * typed text is short. Escape closes it. Show it with
 * gtk_window_present(); GTK owns it from then on (it is destroyed when
 * closed, or with @parent). Main thread. */
FwHashTextDialog *fw_hash_text_dialog_new (GtkWindow      *parent,
                                           FwAlgorithmSet  algorithms);

/* For tests: the row of @algorithm, or %NULL when it is not shown. */
AdwActionRow     *fw_hash_text_dialog_get_row (FwHashTextDialog *self,
                                               FwAlgorithm       algorithm);

G_END_DECLS
