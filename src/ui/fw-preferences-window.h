/* fw-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FW_TYPE_PREFERENCES_WINDOW (fw_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FwPreferencesWindow, fw_preferences_window, FW, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* A preferences window editing the application's GSettings; changes apply
 * at once (the main window listens to the settings). */
FwPreferencesWindow *fw_preferences_window_new (GtkWindow *parent);

G_END_DECLS
