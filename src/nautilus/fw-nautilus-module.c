/* fw-nautilus-module.c — the entry points Files calls when it loads the
 * extension
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "fw-nautilus-menu.h"

static GType types[1];

G_MODULE_EXPORT void
nautilus_module_initialize (GTypeModule *module)
{
  /* The labels come from the app's own translations. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  fw_nautilus_menu_register (module);
  types[0] = FW_TYPE_NAUTILUS_MENU;
}

G_MODULE_EXPORT void
nautilus_module_shutdown (void)
{
}

G_MODULE_EXPORT void
nautilus_module_list_types (const GType **types_out,
                            int          *n_types)
{
  *types_out = types;
  *n_types = G_N_ELEMENTS (types);
}
