/* fw-preferences.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-digest.h"

G_BEGIN_DECLS

#define FW_TYPE_PREFERENCES_PAGE (fw_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (FwPreferencesPage, fw_preferences_page, FW, PREFERENCES_PAGE, AdwPreferencesPage)

/* The preferences page, editing the application's GSettings; changes
 * apply at once (the main window listens to the settings). */
FwPreferencesPage *fw_preferences_page_new (void);

/* Shows the page in an AdwPreferencesDialog (libadwaita >= 1.5) or a
 * modal AdwPreferencesWindow. (transfer none) */
GtkWidget         *fw_preferences_present  (GtkWindow *parent);

/* The algorithms at hand (the job popover, the top of Preferences) by
 * their command-line names, NULL-terminated, in order; a name the engine
 * does not know (BLAKE3 before it lands) is to be left out. */
const char * const *fw_preferences_get_common_algorithms (void);

G_END_DECLS
