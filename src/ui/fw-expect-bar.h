/* fw-expect-bar.h — the field for an expected digest, and its banner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fw-expected.h"

G_BEGIN_DECLS

/**
 * FwExpectTone:
 * @FW_EXPECT_TONE_INFO: a question or a hint (the accent colour)
 * @FW_EXPECT_TONE_SUCCESS: a match (green)
 * @FW_EXPECT_TONE_ERROR: a mismatch, or text that is no digest (red)
 */
typedef enum {
  FW_EXPECT_TONE_INFO,
  FW_EXPECT_TONE_SUCCESS,
  FW_EXPECT_TONE_ERROR,
} FwExpectTone;

#define FW_TYPE_EXPECT_BAR (fw_expect_bar_get_type ())
G_DECLARE_FINAL_TYPE (FwExpectBar, fw_expect_bar, FW, EXPECT_BAR, GtkWidget)

/*
 * Above the job list (issue 19): an entry for the digest the user expects
 * ("Paste the expected digest"), a Paste button beside it, and under them
 * a banner for the verdict or for the clipboard's offer. The banner is an
 * AdwBanner on libadwaita 1.3 and later, a revealer styled like one below.
 *
 * The bar only reads text: #FwExpectBar::apply hands a parsed
 * #FwExpected to the window (fw-window-expect.c), which decides the row
 * and words the verdict back with fw_expect_bar_show_banner(). It emits
 * apply when text is pasted into the entry (a change of more than one
 * character at once), when Enter is pressed in it, and for the Paste
 * button; text that is no digest shows its reason in the banner instead.
 * Typing a digest by hand applies on Enter only (its first 8 digits
 * would already read as a CRC32). Main thread.
 */

/* The banner: @title (plain text) in @tone, with a button (@button_label,
 * mnemonic; %NULL for none) that activates @action_name. */
void        fw_expect_bar_show_banner (FwExpectBar  *self,
                                       const char   *title,
                                       FwExpectTone  tone,
                                       const char   *button_label,
                                       const char   *action_name);
void        fw_expect_bar_hide_banner (FwExpectBar  *self);

/* Puts @text in the entry without applying it (the clipboard's digest,
 * once the user accepted it). */
void        fw_expect_bar_set_text    (FwExpectBar  *self,
                                       const char   *text);

/* Test hooks: the entry, the banner's title ("" when hidden) and tone. */
GtkEditable *fw_expect_bar_get_entry       (FwExpectBar *self);
const char  *fw_expect_bar_get_banner_text (FwExpectBar *self);
FwExpectTone fw_expect_bar_get_banner_tone (FwExpectBar *self);

G_END_DECLS
