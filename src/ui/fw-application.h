/* fw-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FW_TYPE_APPLICATION (fw_application_get_type ())

G_DECLARE_FINAL_TYPE (FwApplication, fw_application, FW, APPLICATION, AdwApplication)

FwApplication *fw_application_new (void);

void           fw_application_notify         (FwApplication *self,
                                              const char    *title,
                                              const char    *body);
gboolean       fw_application_get_can_notify (FwApplication *self);

/* Registers the UI's resources once (they live in a static library, so
 * nothing registers them by itself). Called by every class that needs
 * them; any thread. */
void           fw_ui_ensure_resources (void);

/* The renderer GTK should use on this machine, or %NULL for GTK's own
 * choice: "cairo" when @dri_dir holds no GPU render node (renderD*),
 * where GL would be emulated on the processors the workers need. */
const char    *fw_ui_renderer_for (const char *dri_dir);

/* Before GTK starts: applies fw_ui_renderer_for ("/dev/dri") unless
 * GSK_RENDERER is set already (the user's choice wins). */
void           fw_ui_choose_renderer (void);

G_END_DECLS
