/* fw-nautilus-menu.h — the "Fileworks" submenu in Files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <nautilus-extension.h>

G_BEGIN_DECLS

#define FW_TYPE_NAUTILUS_MENU (fw_nautilus_menu_get_type ())

G_DECLARE_FINAL_TYPE (FwNautilusMenu, fw_nautilus_menu, FW, NAUTILUS_MENU, GObject)

/* Registers the type in @module (from nautilus_module_initialize()). */
void fw_nautilus_menu_register (GTypeModule *module);

G_END_DECLS
