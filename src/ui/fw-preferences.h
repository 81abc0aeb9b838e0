/* fw-preferences.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FW_TYPE_PREFERENCES_PAGE (fw_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (FwPreferencesPage, fw_preferences_page, FW, PREFERENCES_PAGE, AdwPreferencesPage)

/* The preferences page, editing the application's GSettings; changes
 * apply at once (the main window listens to the settings). */
FwPreferencesPage *fw_preferences_page_new (void);

/* Shows the page in an AdwPreferencesDialog (libadwaita >= 1.5) or a
 * modal AdwPreferencesWindow. (transfer none) */
GtkWidget         *fw_preferences_present  (GtkWindow *parent);

G_END_DECLS
